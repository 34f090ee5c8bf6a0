/* h_workforce.c - the workforce dashboard, a peer's progress page, and the forms that record
 * training, experience, certifications, continuing education and supervision (WF-1..WF-5). */
#include "handlers.h"

#include "org_cache.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "civil.h"
#include "forms.h"
#include "msg.h"
#include "opreply.h"
#include "ops_workforce.h"
#include "v_profile.h"
#include "workforce_status.h"
#include "workforce_store.h"

/* ---- access ---------------------------------------------------------------------
 * Who reaches whom is decided by the operations layer (op_wf_allowed, ops_workforce.h), so the
 * pages, the CLI and the import agree: admins reach every peer of the organization, a
 * supervisor the people they currently supervise, a peer only themselves. Anything else
 * answers 404, so nobody learns who exists outside their reach. */

static enum wf_reach_kind reach_kind(enum reach k)
{
    switch (k) {
    case REACH_READ: return WFR_READ;
    case REACH_SELF_ADD: return WFR_SELF_ADD;
    case REACH_SUPERVISE: return WFR_SUPERVISE;
    case REACH_ADMIN: return WFR_ADMIN;
    }
    return WFR_ADMIN;
}

static int allowed(struct req *r, enum reach k, int64_t user_id)
{
    struct op_ctx c;
    op_ctx_from_req(r, &c);
    return op_wf_allowed(&c, reach_kind(k), user_id);
}

/* Load {id} if the current user may reach it for k; otherwise reply and return -1. */
int wf_reach(struct req *r, int k, struct wf_record *rec)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    if (op_wf_reach(&c, r->id, reach_kind((enum reach)k), rec, &res) == OP_OK)
        return 0;
    reply_op_error(r, &res, NULL, NULL);
    return -1;
}

/* ---- views ---------------------------------------------------------------------- */

/* The catalog text of message prefix + name ("wf.status." "due_soon") in lang. */
static const char *label_of(const char *lang, const char *prefix, const char *name)
{
    char id[64];
    snprintf(id, sizeof id, "%s%s", prefix, name);
    return msg(lang, id);
}

static json_t *status_j(const char *lang, enum wf_status s, const char *note)
{
    json_t *j = json_object();
    jset_str(j, "status", wf_status_name(s));
    jset_str(j, "label", label_of(lang, "wf.status.", s == WF_NA ? "na" : wf_status_name(s)));
    jset_bool(j, "compliant", s == WF_COMPLIANT);
    jset_bool(j, "due_soon", s == WF_DUE_SOON);
    jset_bool(j, "non_compliant", s == WF_NON_COMPLIANT);
    jset_bool(j, "na", s == WF_NA);
    jset_str(j, "note", note && *note ? note : NULL);
    return j;
}

static json_t *req_j(const char *lang, const struct wf_req *q)
{
    char said[1024];
    json_t *j = status_j(lang, q->status, wf_text_or(&q->text, q->note, lang, said, sizeof said));
    jset_int(j, "done_minutes", q->done);
    jset_int(j, "required_minutes", q->required);
    if (q->days_left != INT32_MIN)
        jset_int(j, "days_left", q->days_left);
    jset_int(j, "percent", q->required > 0 ? (q->done >= q->required ? 100 : q->done * 100 / q->required) : 0);
    return j;
}

static json_t *hours_j(int32_t minutes)
{
    return json_real((double)minutes / 60.0);
}

static json_t *entries_j(const char *lang, const struct wf_list *l, const char *kind)
{
    json_t *arr = json_array();
    for (int i = 0; i < l->n; i++) {
        const struct wf_entry *e = &l->rows[i];
        json_t *j = json_object();
        jset_int(j, "id", e->id);
        jset_str(j, "date", e->date);
        if (e->minutes) {
            jset_int(j, "minutes", e->minutes);
            jset(j, "hours", hours_j(e->minutes));
        }
        jset_str(j, "title", e->title);
        jset_str(j, "provider", e->provider);
        if (!strcmp(kind, "training") && e->kind >= 0)
            jset_str(j, "kind", wf_training_name((enum wf_training_kind)e->kind));
        if (!strcmp(kind, "ce") && e->kind >= 0)
            jset_str(j, "category", wf_ce_name((enum wf_ce_category)e->kind));
        if (!strcmp(kind, "cert") && e->kind >= 0) {
            jset_str(j, "body", wf_cert_body_name((enum wf_cert_body)e->kind));
            jset_str(j, "body_label",
                     label_of(lang, "wf.cert.", wf_cert_body_name((enum wf_cert_body)e->kind)));
            jset_str(j, "number", e->title);
            jset_str(j, "issued", e->date);
            jset_str(j, "expires", e->date2);
            json_object_del(j, "title");
            json_object_del(j, "date");
        }
        if (!strcmp(kind, "assignment")) {
            jset_str(j, "start", e->date);
            jset_str(j, "end", e->date2);
            jset_bool(j, "open", e->date2 == NULL);
            json_object_del(j, "date");
        }
        if (e->other_name) {
            jset_int(j, "supervisor_id", e->other_id);
            jset_str(j, "supervisor", e->other_name);
        }
        if (e->evidence_id > 0)
            jset_int(j, "evidence_id", e->evidence_id);
        json_array_append_new(arr, j);
    }
    return arr;
}

static json_t *supervisors_j(struct req *r)
{
    json_t *arr = json_array();
    struct wf_named *rows;
    int n;
    if (org_supervisors(r->db, r->a, r->me.org_id, r->me.org_version, &rows, &n) != 0)
        n = 0;
    for (int i = 0; i < n; i++) {
        json_t *j = json_object();
        jset_int(j, "id", rows[i].id);
        jset_str(j, "name", rows[i].name);
        json_array_append_new(arr, j);
    }
    return arr;
}

/* The options of a select: value name(i), label the catalog's prefix + name(i) in lang. */
static json_t *choices(const char *lang, const char *prefix, const char *(*name)(int), int n,
                       int selected)
{
    json_t *arr = json_array();
    for (int i = 0; i < n; i++) {
        json_t *j = json_object();
        jset_str(j, "value", name(i));
        jset_str(j, "label", label_of(lang, prefix, name(i)));
        jset_bool(j, "selected", i == selected);
        json_array_append_new(arr, j);
    }
    return arr;
}

static const char *edu_name(int i) { return wf_education_name((enum wf_education)i); }
static const char *tr_name(int i) { return wf_training_name((enum wf_training_kind)i); }
static const char *cert_name(int i) { return wf_cert_body_name((enum wf_cert_body)i); }
static const char *ce_name(int i) { return wf_ce_name((enum wf_ce_category)i); }
static const char *level_name(int i)
{
    static const char *const l[] = {"0", "1", "2", "3"};
    return l[i];
}

/* ---- the record forms ----------------------------------------------------------------
 * The page holds up to eight forms whose fields share names (title, hours, date, kind,
 * supervisor_id): each is named by its hidden _which, and a refused one comes back alone, with
 * what was typed, its choices as chosen, each message beside its field and the summary linking
 * to it (forms.h form_part). */

/* Choices like choices(), the one chosen named by sel (a value sent) or else index def. */
static json_t *choices_sel(const char *lang, const char *prefix, const char *(*name)(int), int n,
                           const char *sel, int def)
{
    json_t *arr = choices(lang, prefix, name, n, def);
    if (!sel)
        return arr;
    size_t i;
    json_t *it;
    json_array_foreach(arr, i, it)
        jset_bool(it, "selected", !strcmp(json_string_value(json_object_get(it, "value")), sel));
    return arr;
}

/* The supervisors to choose from, the one sent chosen (else the first). */
static json_t *supervisors_sel(struct req *r, json_t *part)
{
    json_t *arr = supervisors_j(r);
    const char *sel = form_part_str(part, "supervisor_id");
    size_t i;
    json_t *it;
    json_array_foreach(arr, i, it)
        if (sel && strtoll(sel, NULL, 10) == json_integer_value(json_object_get(it, "id")))
            jset_bool(it, "selected", 1);
    return arr;
}

static const char *sv_kind_name(int i)
{
    static const char *const k[] = {"clinical", "administrative"};
    return k[i];
}

static const char *const ce_names[] = {"title", "category", "hours", "date", "provider", NULL};
static const char *const ex_names[] = {"description", "hours", "date", NULL};
static const char *const tr_names[] = {"kind", "title", "hours", "date", "provider", NULL};
static const char *const sv_names[] = {"supervisor_id", "date", "minutes", "kind", "topics", NULL};
static const char *const ct_names[] = {"body", "number", "issued", "expires", NULL};
static const char *const ev_names[] = {"record", "file", NULL};
static const char *const as_names[] = {"supervisor_id", "start_date", NULL};
static const char *const pf_names[] = {
    "level", "hire_date", "education", "education_waiver", "language_codes", "gender",
    "substance_codes", "pathway_codes", "culture_codes", "languages", "lived_experience",
    "cultural_profile", "pathways", "clinical_credential", "caseload_capacity", NULL};

/* m["f"]: the page's record forms, each {sent, idp, v, e} with its own choices. */
static void record_forms(struct req *r, json_t *m, const struct wf_profile *p, json_t *targets)
{
    const char *lang = req_lang(r);
    const char *today = json_string_value(json_object_get(m, "today"));
    json_t *f = json_object(), *x;

    x = form_part(r, "ce", "ce-", ce_names, json_pack("{s:s}", "date", today));
    jset(x, "categories", choices_sel(lang, "wf.ce.", ce_name, CE__COUNT,
                                      form_part_str(x, "category"), CE_ETHICS));
    jset(f, "ce", x);
    jset(f, "ex", form_part(r, "ex", "ex-", ex_names, NULL));
    x = form_part(r, "tr", "tr-", tr_names, NULL);
    jset(x, "kinds", choices_sel(lang, "wf.training.", tr_name, TR__COUNT,
                                 form_part_str(x, "kind"), TR_ETHICS_CCAR));
    jset(f, "tr", x);
    x = form_part(r, "sv", "sv-", sv_names, json_pack("{s:s}", "date", today));
    jset(x, "kinds", choices_sel(lang, "wfp.kind_", sv_kind_name, 2, form_part_str(x, "kind"), 0));
    if (r->me.role == ROLE_ADMIN)
        jset(x, "supervisors", supervisors_sel(r, x));
    jset(f, "sv", x);
    x = form_part(r, "ct", "ct-", ct_names, NULL);
    jset(x, "bodies", choices_sel(lang, "wf.cert.", cert_name, CERT__COUNT,
                                  form_part_str(x, "body"), CERT_NCPRSS));
    jset(f, "ct", x);
    x = form_part(r, "ev", "ev-", ev_names, NULL);
    const char *rec_sel = form_part_str(x, "record");
    json_t *tg = json_deep_copy(targets);
    size_t i;
    json_t *it;
    json_array_foreach(tg, i, it) {
        const char *v = arena_printf(r->a, "%s-%lld",
                                     json_string_value(json_object_get(it, "type")),
                                     (long long)json_integer_value(json_object_get(it, "id")));
        jset_str(it, "value", v);
        if (rec_sel && !strcmp(rec_sel, v))
            jset_bool(it, "selected", 1);
    }
    jset(x, "targets", tg);
    jset(f, "ev", x);
    if (r->me.role == ROLE_ADMIN) {
        x = form_part(r, "as", "as-", as_names, json_pack("{s:s}", "start_date", today));
        jset(x, "supervisors", supervisors_sel(r, x));
        jset(f, "as", x);
    }
    /* The profile form: the stored profile, or the values sent. */
    json_t *pj = json_object_get(m, "person");
    json_t *def = json_pack("{s:s?,s:s?,s:b,s:s?,s:s?,s:s?,s:s?,s:s?,s:s?,s:s?,s:s?,s:s?,s:s?}",
                            "hire_date", p->hire_date, "education",
                            wf_education_name(p->education), "education_waiver",
                            p->education_waiver, "language_codes", p->language_codes, "gender",
                            p->gender, "substance_codes", p->substance_codes, "pathway_codes",
                            p->pathway_codes, "culture_codes", p->culture_codes, "languages",
                            p->languages, "lived_experience", p->lived_experience,
                            "cultural_profile", p->cultural_profile, "pathways", p->pathways,
                            "clinical_credential", p->clinical_credential);
    jset(def, "level", json_sprintf("%d", (int)p->level));
    jset(def, "caseload_capacity", json_incref(json_object_get(pj, "caseload_capacity")));
    x = form_part(r, "pf", "pf-", pf_names, def);
    jset(x, "levels", choices_sel(lang, "wf.level.", level_name, 4, form_part_str(x, "level"),
                                  p->level));
    jset(x, "educations", choices_sel(lang, "wf.edu.", edu_name, EDU__COUNT,
                                      form_part_str(x, "education"), p->education));
    json_t *opt = json_object();
    jset(opt, "language_codes", pf_options_j(PL_LANGUAGE, form_part_str(x, "language_codes")));
    jset(opt, "gender", pf_options_j(PL_GENDER, form_part_str(x, "gender")));
    jset(opt, "substance_codes", pf_options_j(PL_SUBSTANCE, form_part_str(x, "substance_codes")));
    jset(opt, "pathway_codes", pf_options_j(PL_PATHWAY, form_part_str(x, "pathway_codes")));
    jset(opt, "culture_codes", pf_options_j(PL_CULTURE, form_part_str(x, "culture_codes")));
    jset(x, "options", opt);
    jset(f, "pf", x);
    jset(m, "f", f);
    jset_str(m, "form_path", r->path);
}

static json_t *person_model(struct req *r, const struct wf_record *rec)
{
    const struct wf_profile *p = &rec->prof;
    const struct wf_person *w = &rec->person;
    int32_t today = req_today(r);
    const char *lang = req_lang(r);
    char t[11];
    civil_format(today, t);
    json_t *m = json_object();
    jset_str(m, "title", p->name);
    jset_str(m, "today", t);
    json_t *pj = json_object();
    jset_int(pj, "id", p->user_id);
    jset_str(pj, "name", p->name);
    jset_str(pj, "username", p->username);
    jset_bool(pj, "has_profile", p->has_profile);
    jset_int(pj, "level", p->level);
    jset_str(pj, "level_label", label_of(lang, "wf.level.", level_name(p->level)));
    jset_str(pj, "hire_date", p->hire_date);
    jset_str(pj, "education", wf_education_name(p->education));
    jset_str(pj, "education_label", label_of(lang, "wf.edu.", edu_name(p->education)));
    jset_bool(pj, "education_waiver", p->education_waiver);
    jset_str(pj, "languages", p->languages);
    jset_str(pj, "lived_experience", p->lived_experience);
    jset_str(pj, "cultural_profile", p->cultural_profile);
    jset_str(pj, "pathways", p->pathways);
    jset_str(pj, "clinical_credential", p->clinical_credential);
    /* The structured matching profile (RC-2): codes for the API, labels and form options. */
    jset(pj, "language_codes", pf_codes_j(p->language_codes));
    jset_str(pj, "gender", p->gender);
    jset(pj, "substance_codes", pf_codes_j(p->substance_codes));
    jset(pj, "pathway_codes", pf_codes_j(p->pathway_codes));
    jset(pj, "culture_codes", pf_codes_j(p->culture_codes));
    jset(pj, "language_labels", pf_labels_j(PL_LANGUAGE, p->language_codes));
    jset(pj, "gender_label", pf_labels_j(PL_GENDER, p->gender));
    jset(pj, "substance_labels", pf_labels_j(PL_SUBSTANCE, p->substance_codes));
    jset(pj, "pathway_labels", pf_labels_j(PL_PATHWAY, p->pathway_codes));
    jset(pj, "culture_labels", pf_labels_j(PL_CULTURE, p->culture_codes));
    json_t *opt = json_object();
    jset(opt, "language_codes", pf_options_j(PL_LANGUAGE, p->language_codes));
    jset(opt, "gender", pf_options_j(PL_GENDER, p->gender));
    jset(opt, "substance_codes", pf_options_j(PL_SUBSTANCE, p->substance_codes));
    jset(opt, "pathway_codes", pf_options_j(PL_PATHWAY, p->pathway_codes));
    jset(opt, "culture_codes", pf_options_j(PL_CULTURE, p->culture_codes));
    jset(pj, "options", opt);
    jset_int(pj, "caseload_capacity", p->has_profile ? p->caseload_capacity
                                                     : r->pol.v[POL_CASELOAD_DEFAULT]);
    jset_int(pj, "version", p->version);
    jset(m, "person", pj);

    enum wf_level eff = wf_effective_level(w, &r->pol, today);
    jset_int(m, "effective_level", eff);
    jset_str(m, "effective_label", label_of(lang, "wf.level.", level_name(eff)));
    jset_bool(m, "reduced_scope", eff < p->level);
    jset_bool(m, "has_supervisor", wf_has_supervisor(w, today));

    struct wf_req tr, cert, ce, sup;
    int32_t ed, er, cs, cend;
    wf_training_status(w, &r->pol, &tr);
    wf_certification_status(w, &r->pol, today, &cert);
    wf_ce_status(w, &r->pol, today, &ce, &ed, &er, &cs, &cend);
    wf_supervision_status(w, &r->pol, today, &sup);
    json_t *st = json_object();
    jset(st, "training", req_j(lang, &tr));
    jset(st, "certification", req_j(lang, &cert));
    json_t *cej = req_j(lang, &ce);
    /* WF-3: the bar is the whole requirement's, total and ethics together; the parts follow. */
    jset_int(cej, "hours_percent", json_integer_value(json_object_get(cej, "percent")));
    jset_int(cej, "percent", wf_ce_percent(ce.done, ce.required, ed, er));
    jset(cej, "hours_done", hours_j(ce.done));
    jset(cej, "hours_required", hours_j(ce.required));
    jset(cej, "ethics_done", hours_j(ed));
    jset(cej, "ethics_required", hours_j(er));
    jset_int(cej, "ethics_percent", er > 0 ? (ed >= er ? 100 : ed * 100 / er) : 0);
    if (cs >= 0) {
        civil_format(cs, t);
        jset_str(cej, "cycle_start", t);
        civil_format(cend, t);
        jset_str(cej, "cycle_end", t);
    }
    jset(st, "ce", cej);
    jset(st, "supervision", req_j(lang, &sup));
    jset(st, "overall", status_j(lang, wf_overall(w, &r->pol, today), NULL));
    jset(m, "status", st);

    struct wf_cert_progress cp;
    wf_cert_progress(w, &r->pol, &cp);
    json_t *cpj = json_object();
    jset(cpj, "education", req_j(lang, &cp.education));
    jset(cpj, "experience", req_j(lang, &cp.experience));
    jset(cpj, "supervised", req_j(lang, &cp.supervised));
    jset(cpj, "training", req_j(lang, &cp.training));
    jset_bool(cpj, "ready", cp.ready);
    jset(m, "certification_progress", cpj);

    /* What the person may do today, as every later capability will ask. */
    json_t *may = json_array();
    for (int a = 0; a < WF_ACTION__COUNT; a++) {
        struct wf_decision d;
        if (p->has_profile)
            wf_decide_about(w, &r->pol, today, (enum wf_action)a,
                            r->id == r->me.user_id ? NULL : p->name, &d);
        else {
            d = (struct wf_decision){.allowed = 0, .rule = "WF-1"};
            snprintf(d.message, sizeof d.message, "%s", msg(lang, "wfp.no_profile_rule"));
        }
        json_t *j = json_object();
        jset_str(j, "action", wf_action_name((enum wf_action)a));
        jset_str(j, "label", label_of(lang, "wfp.may.", wf_action_name((enum wf_action)a)));
        jset_bool(j, "allowed", d.allowed);
        jset_str(j, "rule", d.allowed ? NULL : d.rule);
        char said[2048];
        jset_str(j, "message",
                 d.allowed ? NULL : wf_text_or(&d.text, d.message, lang, said, sizeof said));
        json_array_append_new(may, j);
    }
    jset(m, "may", may);

    jset(m, "trainings", entries_j(lang, &rec->trainings, "training"));
    jset(m, "experience", entries_j(lang, &rec->experience, "experience"));
    jset(m, "certifications", entries_j(lang, &rec->certs, "cert"));
    jset(m, "ce", entries_j(lang, &rec->ce, "ce"));
    jset(m, "supervision", entries_j(lang, &rec->supervision, "supervision"));
    jset(m, "assignments", entries_j(lang, &rec->assignments, "assignment"));

    int64_t id = p->user_id;
    json_t *can = json_object();
    jset_bool(can, "profile", allowed(r, REACH_ADMIN, id));
    jset_bool(can, "self_add", allowed(r, REACH_SELF_ADD, id));
    jset_bool(can, "supervise", allowed(r, REACH_SUPERVISE, id));
    jset_bool(can, "assign", allowed(r, REACH_ADMIN, id));
    jset_bool(can, "pick_supervisor", r->me.role == ROLE_ADMIN);
    jset(m, "can", can);
    if (r->me.role == ROLE_ADMIN)
        jset(m, "supervisors", supervisors_j(r));
    jset(m, "levels", choices(lang, "wf.level.", level_name, 4, p->level));
    jset(m, "educations", choices(lang, "wf.edu.", edu_name, EDU__COUNT, p->education));
    jset(m, "training_kinds", choices(lang, "wf.training.", tr_name, TR__COUNT, TR_ETHICS_CCAR));
    jset(m, "cert_bodies", choices(lang, "wf.cert.", cert_name, CERT__COUNT, CERT_NCPRSS));
    jset(m, "ce_categories", choices(lang, "wf.ce.", ce_name, CE__COUNT, CE_ETHICS));
    jset_bool(m, "is_self", r->me.user_id == id);

    /* Records a file can be attached to, by what this user may record. */
    json_t *targets = json_array();
    struct {
        const struct wf_list *l;
        const char *type, *what;
        int reach;
    } kinds[] = {
        {&rec->certs, "certification", msg(lang, "wfp.evidence.certification"), REACH_SUPERVISE},
        {&rec->trainings, "training", msg(lang, "wfp.evidence.training"), REACH_SUPERVISE},
        {&rec->ce, "ce", msg(lang, "wfp.evidence.ce"), REACH_SELF_ADD}};
    for (int k = 0; k < 3; k++) {
        if (!allowed(r, (enum reach)kinds[k].reach, id))
            continue;
        for (int i = 0; i < kinds[k].l->n; i++) {
            const struct wf_entry *e = &kinds[k].l->rows[i];
            json_array_append_new(targets, json_pack("{s:s,s:I,s:s+++++}", "type", kinds[k].type,
                                                     "id", (json_int_t)e->id, "label",
                                                     kinds[k].what, ": ", e->title ? e->title : "",
                                                     " (", e->date ? e->date : "", ")"));
        }
    }
    jset_bool(m, "has_evidence_targets", json_array_size(targets) > 0);
    jset(m, "evidence_targets", targets);
    if (!r->api)
        record_forms(r, m, p, targets);
    return m;
}

/* ---- pages ---------------------------------------------------------------------- */

int h_workforce_person(struct req *r)
{
    struct wf_record rec;
    if (wf_reach(r, REACH_READ, &rec) != 0)
        return 0;
    if (req_audit_read(r, "workforce.read", "user", r->id, NULL) != 0)
        return 0;
    return reply_page(r, 200, "workforce_person.mustache", person_model(r, &rec));
}

int h_progress(struct req *r)
{
    r->id = r->me.user_id;
    struct wf_record rec;
    if (wf_reach(r, REACH_READ, &rec) != 0)
        return 0;
    if (req_audit_read(r, "workforce.read", "user", r->id, "own progress") != 0)
        return 0;
    json_t *m = person_model(r, &rec);
    jset_str(m, "title", msg(req_lang(r), "wfp.progress_title"));
    return reply_page(r, 200, "workforce_person.mustache", m);
}

/* ---- dashboard -------------------------------------------------------------------- */

struct dash_filter {
    struct wf_status_filter f; /* status, level, supervisor, q */
    const char *sort;
};

static const char *const status_names[] = {"n/a", "compliant", "due_soon", "non_compliant"};

/* The filter and sort of the request, scoped to the caller: supervisors see the people they
 * supervise (minimum necessary). Returns the sort (0 name, 1 status, 2 deadline, 3 level). */
static int dash_filter(struct req *r, struct dash_filter *f)
{
    const char *st = req_str(r, "status");
    f->f.status = -1;
    for (int i = 0; st && i < 4; i++)
        if (!strcmp(st, status_names[i]))
            f->f.status = i;
    int64_t v;
    f->f.level = req_int(r, "level", &v) ? (int)v : -1;
    f->f.supervisor = req_int(r, "supervisor", &v) ? v : 0;
    if (r->me.role == ROLE_SUPERVISOR)
        f->f.supervisor = r->me.user_id;
    f->f.q = req_str(r, "q");
    f->sort = req_str(r, "sort");
    return !f->sort                       ? WFS_NAME
           : !strcmp(f->sort, "status")   ? WFS_STATUS
           : !strcmp(f->sort, "deadline") ? WFS_DEADLINE
           : !strcmp(f->sort, "level")    ? WFS_LEVEL
                                          : WFS_NAME;
}

/* The stored statuses (workforce_status.h), brought up to today first: rows a date boundary
 * has passed are recomputed (a certification that expired overnight shows lapsed, WF-4). */
static int dash_fresh(struct req *r, int32_t today)
{
    return wf_status_refresh_stale(r->db, r->a, r->me.org_id, today, &r->pol);
}

/* A stored note (code, wf_text_encode) said in lang into out (1024 bytes), else english. */
static const char *note_in(const char *lang, const char *code, const char *english, char *out)
{
    return wf_note_format(code, lang, out, 1024) ? out : english;
}

static json_t *row_j(const char *lang, const struct wf_row *w)
{
    json_t *j = json_object();
    jset_int(j, "id", w->id);
    jset_str(j, "name", w->name);
    jset_str(j, "username", w->username);
    jset_int(j, "level", w->level);
    jset_int(j, "effective_level", w->effective);
    jset_bool(j, "reduced_scope", w->effective < w->level);
    jset_str(j, "supervisor", w->supervisor);
    /* The notes in the reader's language from their stored ids (English as stored before). */
    char n1[1024], n2[1024], n3[1024], n4[1024];
    jset(j, "training", status_j(lang, w->training,
                                 note_in(lang, w->training_note_code, w->training_note, n1)));
    jset(j, "certification", status_j(lang, w->certification,
                                      note_in(lang, w->cert_note_code, w->cert_note, n2)));
    jset(j, "ce", status_j(lang, w->ce, note_in(lang, w->ce_note_code, w->ce_note, n3)));
    jset(j, "supervision",
         status_j(lang, w->supervision,
                  note_in(lang, w->supervision_note_code, w->supervision_note, n4)));
    jset(j, "overall", status_j(lang, w->overall, NULL));
    if (w->days_left != INT32_MAX)
        jset_int(j, "days_left", w->days_left);
    return j;
}

int h_workforce(struct req *r)
{
    struct dash_filter f;
    int sort_by = dash_filter(r, &f);
    const char *lang = req_lang(r);
    int32_t today = civil_today();
    int64_t page = view_page(r), after = 0, counts[4];
    req_int(r, "after", &after);
    struct wf_row *rows;
    int nrows;
    /* A page is read by key: after= names the last row of the page before (the "next_after"
     * of that page); page= alone counts from the first row, as before. */
    if (dash_fresh(r, today) != 0 || wf_status_counts(r->db, r->a, r->me.org_id, &f.f, counts) ||
        wf_status_page(r->db, r->a, r->me.org_id, today, &f.f, (enum wf_status_sort)sort_by,
                       after, after > 0 ? 0 : (page - 1) * PAGE_SIZE, PAGE_SIZE, &rows, &nrows))
        return reply_error(r, 500, "store", NULL, msg(req_lang(r), "wf.err_read"), NULL, NULL,
                           NULL);
    int64_t n = counts[0] + counts[1] + counts[2] + counts[3];
    json_t *m = json_object(), *list = json_array();
    for (int i = 0; i < nrows; i++)
        json_array_append_new(list, row_j(lang, &rows[i]));
    if (nrows == PAGE_SIZE)
        jset_int(m, "next_after", rows[nrows - 1].id);
    jset(m, "peers", list);
    json_t *sum = json_object();
    jset_int(sum, "compliant", counts[WF_COMPLIANT]);
    jset_int(sum, "due_soon", counts[WF_DUE_SOON]);
    jset_int(sum, "non_compliant", counts[WF_NON_COMPLIANT]);
    jset(m, "summary", sum);
    jset_str(m, "title", msg(lang, "wf.title"));
    /* When the statuses were computed: the dashboard changes daily, so a printout says when. */
    jset(m, "as_of", view_time((int64_t)time(NULL)));
    jset_bool(m, "is_admin", r->me.role == ROLE_ADMIN);
    json_t *fj = json_object();
    jset_str(fj, "q", f.f.q);
    jset_str(fj, "status", f.f.status >= 0 ? status_names[f.f.status] : NULL);
    jset(m, "filter", fj);
    jset(m, "statuses",
         json_pack("[{s:s,s:s,s:b},{s:s,s:s,s:b},{s:s,s:s,s:b}]", "value", "compliant", "label",
                   msg(lang, "wf.status.compliant"), "selected", f.f.status == WF_COMPLIANT,
                   "value", "due_soon", "label", msg(lang, "wf.status.due_soon"), "selected",
                   f.f.status == WF_DUE_SOON, "value", "non_compliant", "label",
                   msg(lang, "wf.status.non_compliant"), "selected",
                   f.f.status == WF_NON_COMPLIANT));
    jset(m, "levels", choices(lang, "wf.level.", level_name, 4, f.f.level));
    static const char *const sorts[] = {"name", "status", "deadline", "level"};
    json_t *sj = json_array();
    for (int i = 0; i < 4; i++)
        json_array_append_new(sj, json_pack("{s:s,s:s,s:b}", "value", sorts[i], "label",
                                            label_of(lang, "wf.sort.", sorts[i]), "selected",
                                            sort_by == i));
    jset(m, "sorts", sj);
    if (r->me.role == ROLE_ADMIN) {
        json_t *sups = supervisors_j(r);
        size_t i;
        json_t *it;
        json_array_foreach(sups, i, it)
            jset_bool(it, "selected",
                      json_integer_value(json_object_get(it, "id")) == f.f.supervisor);
        jset(m, "supervisors", sups);
    }
    buf qs;
    buf_init(&qs);
    const char *keys[] = {"status", "q", "sort"};
    for (int i = 0; i < 3; i++) {
        const char *v = req_str(r, keys[i]);
        if (v) {
            buf_printf(&qs, "%s=", keys[i]);
            url_arg(&qs, v, strlen(v));
            buf_putc(&qs, '&');
        }
    }
    if (f.f.level >= 0)
        buf_printf(&qs, "level=%d&", f.f.level);
    if (f.f.supervisor > 0 && r->me.role == ROLE_ADMIN)
        buf_printf(&qs, "supervisor=%lld&", (long long)f.f.supervisor);
    jset_str(m, "query", qs.data ? qs.data : "");
    view_pager(m, page, n, qs.data ? qs.data : "");
    buf_free(&qs);
    if (req_audit_read(r, "workforce.list", "user", 0, NULL) != 0) {
        json_decref(m);
        return 0;
    }
    return reply_page(r, 200, "workforce.mustache", m);
}

/* The CSV holds every row of the filter; more than any organization has staff. */
#define CSV_MAX_ROWS 100000

int h_workforce_csv(struct req *r)
{
    struct dash_filter f;
    int sort_by = dash_filter(r, &f);
    int32_t today = civil_today();
    struct wf_row *rows;
    int n;
    if (dash_fresh(r, today) != 0 ||
        wf_status_page(r->db, r->a, r->me.org_id, today, &f.f, (enum wf_status_sort)sort_by, 0,
                       0, CSV_MAX_ROWS, &rows, &n) != 0)
        return reply_error(r, 500, "store", NULL, msg(req_lang(r), "wf.err_read"), NULL, NULL,
                           NULL);
    buf b;
    buf_init(&b);
    buf_puts(&b, "id,name,username,level,effective_level,supervisor,overall,training,"
                 "certification,continuing_education,supervision,days_to_deadline,"
                 "training_note,certification_note,ce_note,supervision_note\r\n");
    for (int i = 0; i < n; i++) {
        const struct wf_row *w = &rows[i];
        const char *cells[] = {w->name, w->username};
        buf_printf(&b, "%lld", (long long)w->id);
        for (int k = 0; k < 2; k++) {
            buf_putc(&b, ',');
            csv_field(&b, cells[k] ? cells[k] : "", cells[k] ? strlen(cells[k]) : 0);
        }
        buf_printf(&b, ",%d,%d,", w->level, w->effective);
        csv_field(&b, w->supervisor ? w->supervisor : "", w->supervisor ? strlen(w->supervisor) : 0);
        buf_printf(&b, ",%s,%s,%s,%s,%s,", wf_status_name(w->overall), wf_status_name(w->training),
                   wf_status_name(w->certification), wf_status_name(w->ce),
                   wf_status_name(w->supervision));
        if (w->days_left != INT32_MAX)
            buf_printf(&b, "%d", w->days_left);
        const char *notes[] = {w->training_note, w->cert_note, w->ce_note, w->supervision_note};
        for (int k = 0; k < 4; k++) {
            buf_putc(&b, ',');
            csv_field(&b, notes[k] ? notes[k] : "", notes[k] ? strlen(notes[k]) : 0);
        }
        buf_puts(&b, "\r\n");
    }
    /* An export is a read: without its audit entry it is not given (fails closed, 503). */
    if (req_audit_read(r, "workforce.export", "user", 0, "csv") != 0) {
        buf_free(&b);
        return 0;
    }
    reply_header(r, "Content-Disposition", "attachment; filename=\"peerdesk-workforce.csv\"");
    reply_raw(r, 200, "text/csv; charset=utf-8", b.data ? b.data : "", b.len);
    buf_free(&b);
    return 0;
}

/* ---- the entry point, over HTTP ------------------------------------------------- */

int h_workforce_check(struct req *r)
{
    struct wf_record rec;
    if (wf_reach(r, REACH_READ, &rec) != 0)
        return 0;
    int action = wf_action_parse(req_str(r, "action"));
    if (action < 0)
        return reply_error(r, 400, "invalid", NULL, msg(req_lang(r), "check.err_action"), "action",
                           NULL, NULL);
    const char *ds = req_str(r, "date");
    int32_t date = ds ? civil_parse(ds) : req_today(r);
    if (date < 0)
        return reply_error(r, 400, "invalid", NULL, msg(req_lang(r), "check.err_date"), "date",
                           NULL, NULL);
    struct wf_decision d;
    if (wf_check_as(r->db, r->a, r->me.org_id, r->id, date, &r->pol, (enum wf_action)action,
                    r->me.user_id, &d) != 0)
        return reply_error(r, 500, "store", NULL, msg(req_lang(r), "check.err_store"), NULL, NULL,
                           NULL);
    if (!d.allowed) {
        char said[2048];
        return reply_error(r, 422, "refused", d.rule,
                           arena_strdup(r->a, wf_text_or(&d.text, d.message, req_lang(r), said,
                                                         sizeof said)),
                           "action", NULL, NULL);
    }
    json_t *m = json_object();
    jset_bool(m, "allowed", 1);
    jset_str(m, "action", wf_action_name((enum wf_action)action));
    return reply_page(r, 200, "check.mustache", m);
}

/* ---- routes: the workforce module's rows and their input tables --------------------
 * routes.c lists this module (rm_workforce) in its place in the table. */

#define WF_LEADS (R_ADMIN | R_SUPERVISOR)
#define WF_PEOPLE (R_ADMIN | R_SUPERVISOR | R_PEER)

static const struct field f_wf_dash[] = {
    {"status", FT_TOKEN, 20, 0, 0, 0},
    {"level", FT_INT, 0, 0, 3, 0},
    {"supervisor", FT_INT, 0, 1, INT64_MAX, 0},
    {"q", FT_LINE, 64, 0, 0, 0},
    {"sort", FT_TOKEN, 20, 0, 0, 0},
    {"page", FT_INT, 0, 1, 100000, 0},
    {"after", FT_INT, 0, 1, INT64_MAX, 0},
    {NULL},
};
static const struct field f_wf_check[] = {
    {"action", FT_TOKEN, 32, 0, 0, FIELD_REQUIRED},
    {"date", FT_DATE, 10, 0, 0, 0},
    {NULL},
};
static const struct field f_wf_training[] = {
    {"kind", FT_TOKEN, 32, 0, 0, FIELD_REQUIRED},
    {"title", FT_LINE, 200, 0, 0, FIELD_REQUIRED},
    {"hours", FT_LINE, 10, 0, 0, FIELD_REQUIRED},
    {"date", FT_DATE, 10, 0, 0, FIELD_REQUIRED},
    {"provider", FT_LINE, 200, 0, 0, 0},
    {NULL},
};
static const struct field f_wf_experience[] = {
    {"date", FT_DATE, 10, 0, 0, FIELD_REQUIRED},
    {"hours", FT_LINE, 10, 0, 0, FIELD_REQUIRED},
    {"description", FT_LINE, 500, 0, 0, FIELD_REQUIRED},
    {NULL},
};
static const struct field f_wf_ce[] = {
    {"date", FT_DATE, 10, 0, 0, FIELD_REQUIRED},
    {"hours", FT_LINE, 10, 0, 0, FIELD_REQUIRED},
    {"category", FT_TOKEN, 16, 0, 0, FIELD_REQUIRED},
    {"title", FT_LINE, 200, 0, 0, FIELD_REQUIRED},
    {"provider", FT_LINE, 200, 0, 0, 0},
    {NULL},
};
static const struct field f_wf_cert[] = {
    {"body", FT_TOKEN, 16, 0, 0, FIELD_REQUIRED},
    {"number", FT_LINE, 64, 0, 0, FIELD_REQUIRED},
    {"issued", FT_DATE, 10, 0, 0, FIELD_REQUIRED},
    {"expires", FT_DATE, 10, 0, 0, FIELD_REQUIRED},
    {NULL},
};
static const struct field f_wf_supervision[] = {
    {"date", FT_DATE, 10, 0, 0, FIELD_REQUIRED},
    /* Ten hours is longer than any one supervision session. */
    {"minutes", FT_INT, 0, 1, 600, FIELD_REQUIRED},
    {"kind", FT_TOKEN, 20, 0, 0, FIELD_REQUIRED},
    {"topics", FT_TEXT, 2000, 0, 0, FIELD_REQUIRED},
    {"supervisor_id", FT_INT, 0, 1, INT64_MAX, 0},
    {NULL},
};
static const struct field f_wf_profile[] = {
    {"level", FT_INT, 0, 0, 3, 0},
    {"hire_date", FT_DATE, 10, 0, 0, 0},
    {"education", FT_TOKEN, 16, 0, 0, 0},
    {"education_waiver", FT_BOOL, 0, 0, 0, 0},
    {"languages", FT_LINE, 200, 0, 0, 0},
    {"lived_experience", FT_TEXT, 1000, 0, 0, 0},
    {"cultural_profile", FT_TEXT, 1000, 0, 0, 0},
    {"pathways", FT_LINE, 300, 0, 0, 0},
    {"clinical_credential", FT_LINE, 100, 0, 0, 0},
    {"caseload_capacity", FT_INT, 0, 0, 200, 0},
    {"version", FT_INT, 0, 0, INT64_MAX, 0},
    PROFILE_FIELDS,
    {NULL},
};
static const struct field f_wf_assign[] = {
    {"supervisor_id", FT_INT, 0, 1, INT64_MAX, FIELD_REQUIRED},
    {"start_date", FT_DATE, 10, 0, 0, FIELD_REQUIRED},
    {NULL},
};
static const struct field f_wf_evidence[] = {
    {"record", FT_TOKEN, 40, 0, 0, FIELD_REQUIRED},
    {NULL},
};
static const struct field f_wf_assign_end[] = {
    {"end_date", FT_DATE, 10, 0, 0, FIELD_REQUIRED},
    {NULL},
};

const struct route workforce_rows[] = {
    {"GET", "/workforce", h_workforce, WF_LEADS, 0, f_wf_dash, "Workforce compliance dashboard"},
    {"GET", "/workforce.csv", h_workforce_csv, WF_LEADS, 0, f_wf_dash,
     "Workforce dashboard as CSV"},
    {"GET", "/workforce/{id}", h_workforce_person, WF_PEOPLE, 0, NULL,
     "A peer's workforce records and progress"},
    {"GET", "/workforce/{id}/check", h_workforce_check, WF_PEOPLE, 0, f_wf_check,
     "May this peer do this today (WF-1, WF-4, WF-5)"},
    {"GET", "/progress", h_progress, R_PEER, 0, NULL, "My progress (a peer's own page)"},
    {"POST", "/workforce/{id}/profile", h_wf_profile, R_ADMIN, 0, f_wf_profile,
     "Set level, hire date, education and matching profile"},
    {"POST", "/workforce/{id}/trainings", h_wf_training, WF_LEADS, 0, f_wf_training,
     "Record a training (it decides scope: supervisors and admins only)"},
    {"POST", "/workforce/{id}/experience", h_wf_experience, WF_PEOPLE, 0, f_wf_experience,
     "Record direct experience hours"},
    {"POST", "/workforce/{id}/ce", h_wf_ce, WF_PEOPLE, 0, f_wf_ce,
     "Record continuing education"},
    {"POST", "/workforce/{id}/certifications", h_wf_cert, WF_LEADS, 0, f_wf_cert,
     "Record a certification"},
    {"POST", "/workforce/{id}/supervision", h_wf_supervision, WF_LEADS, 0, f_wf_supervision,
     "Log a supervision session"},
    {"POST", "/workforce/{id}/supervisors", h_wf_assign, R_ADMIN, 0, f_wf_assign,
     "Assign a supervisor"},
    {"POST", "/workforce/{id}/supervisors/{id2}/end", h_wf_assign_end, R_ADMIN, 0,
     f_wf_assign_end, "End a supervisor assignment"},
    {"POST", "/workforce/{id}/evidence", h_wf_evidence_add, WF_PEOPLE, RT_UPLOAD, f_wf_evidence,
     "Attach a certificate or course document (PDF, PNG, JPEG; 4 MB)"},
    {"GET", "/workforce/{id}/evidence/{id2}", h_wf_evidence_get, WF_PEOPLE, 0, NULL,
     "Download an evidence file (always as an attachment)"},
};
const struct route_module rm_workforce = ROUTE_MODULE(workforce_rows);
