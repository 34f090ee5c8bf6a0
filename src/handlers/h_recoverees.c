/* h_recoverees.c - intake, the caseload list and search, a recoveree's record and changes to
 * it, and the recoverees route group (its rows and input tables, the caseload and break-glass
 * routes of h_caseload.c included). Writes go through one operation each (op_rc_intake,
 * op_rc_update in src/ops/ops_recoverees.c), reads through typed store functions. Every page
 * reaches a recoveree only through rc_load(), which applies the one access scope and audits
 * the read. */
#include "handlers.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "accounts.h"
#include "assignment.h"
#include "civil.h"
#include "forms.h"
#include "caseload_store.h"
#include "matching.h"
#include "msg.h"
#include "opreply.h"
#include "ops_recoverees.h"
#include "recoverees.h"
#include "v_profile.h"
#include "validate.h"
#include "workforce_store.h"

static int64_t now(void)
{
    return (int64_t)time(NULL);
}

void rc_scope_of(struct req *r, struct rc_scope *sc)
{
    rc_scope_for(sc, r->me.role, r->me.user_id, req_today(r), now());
}

int rc_load(struct req *r, struct recoveree *rec, const char *why)
{
    struct rc_scope sc;
    rc_scope_of(r, &sc);
    int write = strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0;
    /* Emergency access is for reading what is needed in the emergency, not for changing
     * the record (which stays with the caseload's peer and supervisor). */
    if (write)
        sc.user = 0;
    /* A read is first tried without break-glass: only a record that the grant alone opens is
     * an emergency read, audited with purpose "emergency" (and marked in the audit view). */
    int64_t grant_user = sc.user;
    if (!write)
        sc.user = 0;
    int rc = rc_get(r->db, r->a, r->me.org_id, r->id, &sc, rec);
    if (rc == 0 && !write && grant_user) {
        sc.user = grant_user;
        rc = rc_get(r->db, r->a, r->me.org_id, r->id, &sc, rec);
        if (rc == 1)
            r->purpose = "emergency";
    }
    if (rc < 0) {
        reply_error(r, 500, "store", NULL, msg(req_lang(r), "rc.err_store"), NULL, NULL, NULL);
        return -1;
    }
    if (rc == 0) {
        /* Absent, another organization's, or outside the caseload: one answer, and the
         * attempt is on the audit trail. */
        req_audit(r, "recoveree.denied", "recoveree", r->id, r->route ? r->route->pattern : NULL,
                  "denied");
        reply_error(r, 404, "not_found", NULL, msg(req_lang(r), "rc.err_not_found"), NULL, NULL,
                    NULL);
        return -1;
    }
    /* WF-5, WF-1: a peer without an active supervisor (or without the training of any level)
     * cannot record services, so cannot change their recoverees' records either. */
    if (write && r->me.role == ROLE_PEER) {
        struct wf_decision d;
        if (wf_check(r->db, r->a, r->me.org_id, r->me.user_id, req_today(r), &r->pol,
                     WF_DELIVER_LOW, &d) != 0) {
            reply_error(r, 500, "store", NULL, msg(req_lang(r), "rc.err_workforce"), NULL, NULL,
                        NULL);
            return -1;
        }
        if (!d.allowed) {
            reply_error(r, 422, "refused", d.rule, d.message, NULL, NULL, NULL);
            return -1;
        }
    }
    if (why && req_audit_read(r, why, "recoveree", rec->id,
                              r->purpose && !strcmp(r->purpose, "emergency") ? "break-glass"
                                                                              : NULL) != 0)
        return -1;
    return 0;
}

json_t *rc_summary_j(const struct recoveree *x)
{
    json_t *j = json_object();
    jset_int(j, "id", x->id);
    jset_str(j, "first_name", x->first_name);
    jset_str(j, "last_name", x->last_name);
    jset_str(j, "preferred_name", x->preferred_name);
    jset(j, "name", json_sprintf("%s %s", x->preferred_name ? x->preferred_name : x->first_name,
                                 x->last_name));
    jset_str(j, "status", x->status);
    jset_str(j, "intake_date", x->intake_date);
    return j;
}

const char *rc_doc_lang(const struct recoveree *x)
{
    const char *l = msg_lang_of(x->language_codes);
    if (!l)
        l = msg_lang_of(x->language);
    return l ? l : msg_choose(NULL, NULL, NULL);
}

json_t *rc_doc_j(const struct recoveree *x)
{
    json_t *j = json_object();
    jset_str(j, "lang", rc_doc_lang(x));
    return j;
}

json_t *rc_full_j(const struct recoveree *x)
{
    json_t *j = rc_summary_j(x);
    jset_str(j, "dob", x->dob);
    jset_str(j, "phone", x->phone);
    jset_str(j, "email", x->email);
    jset_str(j, "contact_pref", x->contact_pref);
    jset_bool(j, "ok_to_leave_message", x->ok_to_leave_message);
    jset_str(j, "language", x->language);
    jset_str(j, "cultural_factors", x->cultural_factors);
    jset_str(j, "lived_experience", x->lived_experience);
    jset_str(j, "pathways", x->pathways);
    jset_str(j, "preferred_peer", x->preferred_peer);
    /* The structured matching profile (RC-1): codes for the API, labels for the page. */
    jset(j, "language_codes", pf_codes_j(x->language_codes));
    jset_str(j, "gender", x->gender);
    jset_str(j, "peer_gender", x->peer_gender);
    jset(j, "substance_codes", pf_codes_j(x->substance_codes));
    jset(j, "pathway_codes", pf_codes_j(x->pathway_codes));
    jset(j, "culture_codes", pf_codes_j(x->culture_codes));
    jset(j, "language_labels", pf_labels_j(PL_LANGUAGE, x->language_codes));
    jset(j, "gender_label", pf_labels_j(PL_GENDER, x->gender));
    jset(j, "peer_gender_label", pf_labels_j(PL_GENDER, x->peer_gender));
    jset(j, "substance_labels", pf_labels_j(PL_SUBSTANCE, x->substance_codes));
    jset(j, "pathway_labels", pf_labels_j(PL_PATHWAY, x->pathway_codes));
    jset(j, "culture_labels", pf_labels_j(PL_CULTURE, x->culture_codes));
    jset_str(j, "status_date", x->status_date);
    jset_int(j, "version", x->version);
    return j;
}

/* The reader's words for a recoveree's status and contact preference (the stored codes stay in
 * "status" and "contact_pref"). */
static void rc_labels(struct req *r, json_t *j, const struct recoveree *x)
{
    const char *lang = req_lang(r);
    if (x->status)
        jset_str(j, "status_label", msg(lang, arena_printf(r->a, "rc.status.%s", x->status)));
    if (x->contact_pref)
        jset_str(j, "contact_pref_label",
                 msg(lang, arena_printf(r->a, "rc.contact.%s", x->contact_pref)));
}

/* ---- list and search ------------------------------------------------------------ */

/* A row of the list: the summary with the assigned peer, the plan's next review and the
 * consent state (read with the page by rc_page). */
static json_t *rc_list_j(struct req *r, const struct recoveree *x, const char *today)
{
    static const char *const consent[] = {
        [RCC_NONE] = "none",         [RCC_REVOKED] = "revoked", [RCC_EXPIRED] = "expired",
        [RCC_UNSIGNED] = "unsigned", [RCC_ACTIVE] = "active",
    };
    json_t *j = rc_summary_j(x);
    rc_labels(r, j, x);
    jset_str(j, "peer", x->list_peer);
    jset_int(j, "peers", x->list_npeers);
    if (x->list_npeers > 1)
        jset_int(j, "peer_more", x->list_npeers - 1);
    jset_str(j, "plan_due", x->list_plan_due);
    jset_bool(j, "plan_overdue", x->list_plan_due && strcmp(x->list_plan_due, today) < 0);
    jset_str(j, "consent", consent[x->list_consent]);
    jset_str(j, "consent_label",
             msg(req_lang(r), arena_printf(r->a, "rcs.consent.%s", consent[x->list_consent])));
    return j;
}

int h_rc_list(struct req *r)
{
    struct rc_scope sc;
    rc_scope_of(r, &sc);
    const char *status = req_str(r, "status"), *q = req_str(r, "q");
    int64_t page = view_page(r);
    struct recoveree *rows;
    int n;
    int64_t total;
    int rc = rc_page(r->db, r->a, r->me.org_id, &sc, status, q, PAGE_SIZE,
                     (page - 1) * PAGE_SIZE, &rows, &n, &total);
    if (rc == -2)
        return reply_error(r, 400, "invalid", NULL, msg(req_lang(r), "rcs.search_words"), "q", NULL,
                           NULL);
    if (rc != 0)
        return reply_error(r, 500, "store", NULL, msg(req_lang(r), "rcs.store"), NULL, NULL, NULL);
    if (req_audit_read(r, q ? "recoveree.search" : "recoveree.list", "recoveree", 0, NULL) != 0)
        return 0;
    json_t *m = json_object(), *list = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(list, rc_list_j(r, &rows[i], sc.today));
    jset(m, "recoverees", list);
    jset_str(m, "title",
             msg(req_lang(r), r->me.role == ROLE_PEER ? "rcs.title_peer" : "rcs.title"));
    jset_str(m, "q", q);
    jset_str(m, "status", status);
    jset_bool(m, "can_intake", r->me.role == ROLE_ADMIN || r->me.role == ROLE_SUPERVISOR ||
                                   r->me.role == ROLE_PEER);
    /* Administrators reach every record already: emergency access is for peers and
     * supervisors (RC_BREAK_GLASS in routes.c). */
    jset_bool(m, "can_break_glass", r->me.role == ROLE_PEER || r->me.role == ROLE_SUPERVISOR);
    buf qs;
    buf_init(&qs);
    if (q) {
        buf_puts(&qs, "q=");
        url_arg(&qs, q, strlen(q));
        buf_putc(&qs, '&');
    }
    if (status)
        buf_printf(&qs, "status=%s&", status);
    view_pager(m, page, total, qs.data ? qs.data : "");
    buf_free(&qs);
    return reply_page(r, 200, "recoverees.mustache", m);
}

/* ---- intake -------------------------------------------------------------------- */

static const char *const text_fields[] = {
    "first_name", "last_name", "preferred_name", "dob", "phone", "email", "contact_pref",
    "language", "cultural_factors", "lived_experience", "pathways", "preferred_peer",
};

/* The structured matching profile fields (RC-1, RC-2), in RC_SET_PROFILE order. */
static const struct {
    const char *name;
    enum profile_list list;
} profile_fields[] = {
    {"language_codes", PL_LANGUAGE}, {"gender", PL_GENDER},       {"peer_gender", PL_GENDER},
    {"substance_codes", PL_SUBSTANCE}, {"pathway_codes", PL_PATHWAY}, {"culture_codes", PL_CULTURE},
};
#define NPROFILE (sizeof profile_fields / sizeof *profile_fields)

/* The value typed for name: the refused form's (forms.h), else the request's. */
static const char *typed(struct req *r, const char *name)
{
    const char *v = form_value(r, name);
    return v ? v : req_str(r, name);
}

static json_t *intake_model(struct req *r)
{
    json_t *m = json_object(), *v = json_object();
    for (size_t i = 0; i < sizeof text_fields / sizeof *text_fields; i++)
        jset_str(v, text_fields[i], typed(r, text_fields[i]));
    /* The contact preference chosen, for its option's selected. */
    const char *cp = typed(r, "contact_pref");
    if (cp && *cp)
        jset(v, "contact", json_pack("{s:b}", cp, 1));
    /* Checkboxes and choices of the controlled lists, as sent (a refused form keeps them). */
    json_t *o = json_object();
    for (size_t i = 0; i < NPROFILE; i++)
        jset(o, profile_fields[i].name,
             pf_options_j(profile_fields[i].list, typed(r, profile_fields[i].name)));
    jset(v, "options", o);
    jset(m, "values", v);
    jset_str(m, "title", msg(req_lang(r), "intake.title"));
    json_t *req = json_object();
    jset_bool(req, "dob", r->pol.v[POL_INTAKE_REQUIRE_DOB] != 0);
    jset_bool(req, "phone", r->pol.v[POL_INTAKE_REQUIRE_PHONE] != 0);
    jset_bool(req, "language", r->pol.v[POL_INTAKE_REQUIRE_LANGUAGE] != 0);
    jset_bool(req, "pathways", r->pol.v[POL_INTAKE_REQUIRE_PATHWAYS] != 0);
    jset(m, "required", req);
    char t[11];
    civil_format(req_today(r), t);
    jset_str(m, "today", t);
    return m;
}

int h_rc_new(struct req *r)
{
    return reply_page(r, 200, "recoveree_new.mustache", intake_model(r));
}

/* The intake fields of the request (RC-1), as the form or the API sent them. */
static void intake_in(struct req *r, struct rc_intake_in *in)
{
    const char *v[RCF__COUNT];
    for (int i = 0; i < RCF_OK_TO_LEAVE_MESSAGE; i++)
        v[i] = req_str(r, rc_field_names[i]);
    int64_t ok_msg = 0;
    req_int(r, "ok_to_leave_message", &ok_msg);
    *in = (struct rc_intake_in){
        .first_name = v[RCF_FIRST_NAME],
        .last_name = v[RCF_LAST_NAME],
        .preferred_name = v[RCF_PREFERRED_NAME],
        .dob = v[RCF_DOB],
        .phone = v[RCF_PHONE],
        .email = v[RCF_EMAIL],
        .contact_pref = v[RCF_CONTACT_PREF],
        .ok_to_leave_message = ok_msg != 0,
        .language = v[RCF_LANGUAGE],
        .cultural_factors = v[RCF_CULTURAL_FACTORS],
        .lived_experience = v[RCF_LIVED_EXPERIENCE],
        .pathways = v[RCF_PATHWAYS],
        .preferred_peer = v[RCF_PREFERRED_PEER],
        .language_codes = v[RCF_LANGUAGE_CODES],
        .gender = v[RCF_GENDER],
        .peer_gender = v[RCF_PEER_GENDER],
        .substance_codes = v[RCF_SUBSTANCE_CODES],
        .pathway_codes = v[RCF_PATHWAY_CODES],
        .culture_codes = v[RCF_CULTURE_CODES],
    };
}

int h_rc_create(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    struct rc_intake_in in;
    intake_in(r, &in);
    /* RC-1, the profile codes, WF-1/WF-5 for a peer: all in op_rc_intake. A refused form
     * comes back with what was typed. */
    if (op_rc_intake(&c, &in, &res) != OP_OK)
        return res.status == OP_STORE
                   ? reply_op_error(r, &res, NULL, NULL)
                   : reply_op_error(r, &res, "recoveree_new.mustache", intake_model(r));
    json_t *m = json_object();
    jset_int(m, "id", res.id);
    return reply_done(r, 201, arena_printf(r->a, "/recoverees/%lld", (long long)res.id), m);
}

/* ---- the record ------------------------------------------------------------------- */

static json_t *caseload_j(struct req *r, int64_t id)
{
    json_t *arr = json_array();
    char t[11];
    civil_format(req_today(r), t);
    struct cl_row *cl;
    int n;
    if (cl_active(r->db, r->a, r->me.org_id, id, t, &cl, &n) != 0)
        return arr;
    for (int i = 0; i < n; i++) {
        json_t *j = json_object();
        jset_int(j, "id", cl[i].id);
        jset_int(j, "peer_id", cl[i].peer_id);
        jset_str(j, "peer", cl[i].peer);
        jset_str(j, "start_date", cl[i].start_date);
        jset_str(j, "override_rules", cl[i].override_rules);
        jset_str(j, "override_reason", cl[i].override_reason);
        json_array_append_new(arr, j);
    }
    return arr;
}

/* The reader's words for a kind of relationship (rel_kind_label is the English). */
static const char *rel_label(struct req *r, enum rel_kind k)
{
    return msg(req_lang(r), arena_printf(r->a, "rc.rel_kind.%s", rel_kind_name(k)));
}

static json_t *relationships_j(struct req *r, int64_t id)
{
    json_t *arr = json_array();
    struct rel_row *rel;
    int n;
    if (rel_list(r->db, r->a, r->me.org_id, id, &rel, &n) != 0)
        return arr;
    for (int i = 0; i < n; i++) {
        int k = rel_kind_parse(rel[i].kind);
        json_t *j = json_object();
        jset_int(j, "id", rel[i].id);
        jset_int(j, "staff_id", rel[i].staff_id);
        jset_str(j, "staff", rel[i].staff);
        jset_str(j, "kind", rel[i].kind);
        jset_str(j, "kind_label", k >= 0 ? rel_label(r, (enum rel_kind)k) : NULL);
        jset_str(j, "note", rel[i].note);
        json_array_append_new(arr, j);
    }
    return arr;
}

static int leads(struct req *r)
{
    return r->me.role == ROLE_ADMIN || r->me.role == ROLE_SUPERVISOR;
}

/* Active staff of the organization by name and role, to choose whom a relationship is with. */
static json_t *staff_choices_j(struct req *r)
{
    json_t *arr = json_array();
    struct staff_choice *u;
    int n;
    /* A select longer than this is no longer a choice; no organization has that many staff
     * whom a recoveree also sees clinically or under authority. */
    if (user_choices(r->db, r->a, r->me.org_id, 2000, &u, &n) != 0)
        return arr;
    for (int i = 0; i < n; i++) {
        int role = role_parse(u[i].role);
        json_array_append_new(
            arr, json_pack("{s:I,s:s,s:s}", "id", (json_int_t)u[i].id, "name",
                           u[i].name ? u[i].name : "", "role_label",
                           role >= 0 ? msg(req_lang(r), arena_printf(r->a, "rc.role.%s",
                                                                     role_name((enum role)role)))
                                     : ""));
    }
    return arr;
}

/* The status changes a record offers (rc_status_moves, which op_rc_update enforces): never the
 * current status as if it were a choice, and re-activation of a discharged or closed
 * recoveree only as an explicit, labelled choice (issue 7: "Active" preselected re-activated
 * a discharged recoveree in one click). */
static json_t *status_options_j(struct req *r, const char *current, const char *chosen)
{
    json_t *arr = json_array();
    for (int i = 0; i < rc_nstatus_moves; i++)
        if (current && !strcmp(current, rc_status_moves[i].from))
        {
            json_t *o = json_pack("{s:s,s:s}", "value", rc_status_moves[i].to, "label",
                                  msg(req_lang(r), arena_printf(r->a, "rc.move.%s_%s",
                                                                rc_status_moves[i].from,
                                                                rc_status_moves[i].to)));
            /* The page's refused choice (only a page form sends one). */
            if (chosen && !strcmp(chosen, rc_status_moves[i].to))
                jset_bool(o, "selected", 1);
            json_array_append_new(arr, o);
        }
    return arr;
}

/* Mark "selected" the choice of list whose key (a number) is the value sent, if any. */
static void select_sent(json_t *list, const char *key, const char *sent)
{
    size_t i;
    json_t *it;
    if (!sent)
        return;
    json_array_foreach(list, i, it) {
        char n[24];
        snprintf(n, sizeof n, "%lld", (long long)json_integer_value(json_object_get(it, key)));
        if (!strcmp(n, sent))
            jset_bool(it, "selected", 1);
    }
}

/* The page's three forms (assign a peer, record a relationship, change the status), each
 * named by its _which so a refused one comes back alone with what was typed and each message
 * beside its field (forms.h form_part). */
static const char *const assign_names[] = {"peer_id", "start_date", "override_reason", NULL};
static const char *const rel_names[] = {"staff_id", "kind", "note", NULL};
static const char *const status_names[] = {"status", NULL};

int64_t rc_break_glass_until(struct req *r, int64_t id)
{
    struct rc_scope sc;
    rc_scope_of(r, &sc);
    if (!sc.user)
        return 0;
    sc.user = 0; /* in reach without the grant? */
    struct recoveree y;
    if (rc_get(r->db, r->a, r->me.org_id, id, &sc, &y) != 0)
        return 0;
    int64_t until;
    if (bg_active_until(r->db, r->me.org_id, id, r->me.user_id, now(), &until) != 0)
        return 0;
    return until;
}

int h_rc_show(struct req *r)
{
    struct recoveree x;
    if (rc_load(r, &x, "recoveree.read") != 0)
        return 0;
    json_t *m = json_object();
    json_t *rec = rc_full_j(&x);
    rc_labels(r, rec, &x);
    jset(m, "recoveree", rec);
    jset(m, "caseload", caseload_j(r, x.id));
    jset(m, "relationships", relationships_j(r, x.id));
    jset_str(m, "title", json_string_value(json_object_get(json_object_get(m, "recoveree"), "name")));
    /* Each control only for those who may use it (issue 7), decided as the writes decide. */
    int can_edit = rc_edit_flags(r, x.id, m);
    recoveree_add_referrals(r, m, x.id); /* SV-7 (h_resources.c) */
    recoveree_add_groups(r, m, x.id);    /* GR-1, GR-3 (h_groups.c) */
    /* A supervisor reading through emergency access assigns nothing either. */
    int can_assign = leads(r) && !json_is_true(json_object_get(m, "under_break_glass"));
    jset_bool(m, "can_assign", can_assign);
    jset_bool(m, "can_change_status", can_edit);
    char t[11];
    civil_format(req_today(r), t);
    json_t *fa = NULL, *fr = NULL, *fs = NULL;
    if (!r->api) {
        fa = form_part(r, "assign", "", assign_names, json_pack("{s:s}", "start_date", t));
        fr = form_part(r, "rel", "rel-", rel_names, NULL);
        fs = form_part(r, "status", "rc-", status_names, NULL);
        jset(m, "f_assign", fa);
        jset(m, "f_rel", fr);
        jset(m, "f_status", fs);
    }
    jset(m, "status_options", status_options_j(r, x.status, form_part_str(fs, "status")));
    recoveree_add_checkups(r, m, x.id); /* SV-6: the check-up section (h_checkups.c) */
    if (can_assign) {
        json_t *over = NULL, *all = rc_peer_choices(r, &x, &over), *mine = json_array();
        size_t i;
        json_t *it;
        json_array_foreach(all, i, it)
            if (json_is_true(json_object_get(it, "can_assign")))
                json_array_append(mine, it);
        json_decref(all);
        const char *peer = form_part_str(fa, "peer_id");
        select_sent(mine, "peer_id", peer);
        select_sent(over, "peer_id", peer);
        jset(m, "peer_choices", mine);
        jset_bool(m, "has_override_choices", json_array_size(over) > 0);
        jset(m, "override_choices", over ? over : json_array());
        json_t *staff = staff_choices_j(r);
        select_sent(staff, "id", form_part_str(fr, "staff_id"));
        jset(m, "staff_choices", staff);
    }
    const char *kind = form_part_str(fr, "kind");
    json_t *kinds = json_array();
    for (int k = 0; k < REL__COUNT; k++) {
        json_t *o = json_pack("{s:s,s:s}", "value", rel_kind_name((enum rel_kind)k), "label",
                              rel_label(r, (enum rel_kind)k));
        if (kind && !strcmp(kind, rel_kind_name((enum rel_kind)k)))
            jset_bool(o, "selected", 1);
        json_array_append_new(kinds, o);
    }
    jset(m, "relationship_kinds", kinds);
    jset_str(m, "today", t);
    return reply_page(r, 200, "recoveree.mustache", m);
}

int h_rc_update(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    struct rc_update_in in = {.recoveree_id = r->id, .status = req_str(r, "status")};
    intake_in(r, &in.f);
    /* A field that is not sent keeps its value (one sent empty is cleared). */
    for (int i = 0; i < RCF_OK_TO_LEAVE_MESSAGE; i++)
        if (param_raw(r, rc_field_names[i]))
            in.sent |= RCF_BIT(i);
    int64_t ok_msg;
    if (req_int(r, "ok_to_leave_message", &ok_msg))
        in.sent |= RCF_BIT(RCF_OK_TO_LEAVE_MESSAGE);
    req_int(r, "version", &in.version);
    if (op_rc_update(&c, &in, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    json_t *m = json_object();
    jset_int(m, "id", res.id);
    return reply_done(r, 200, arena_printf(r->a, "/recoverees/%lld", (long long)res.id), m);
}

/* ---- routes ----------------------------------------------------------------------- */

static const struct field f_rc_list[] = {
    {"q", FT_LINE, 64, 0, 0, 0},
    {"status", FT_TOKEN, 16, 0, 0, 0},
    {"page", FT_INT, 0, 1, 100000, 0},
    {NULL},
};
/* The structured matching profile (RC-1, RC-2): codes of the lists in profile.c, checked by
 * op_rc_intake / op_rc_update. 400 bytes holds every code of the longest list
 * (PROFILE_LIST_MAX). The same fields as a peer's profile, plus peer_gender below. */
#define RC_PROFILE_FIELDS                                                                        \
    {"language_codes", FT_LIST, 400, 0, 0, 0}, {"gender", FT_TOKEN, 20, 0, 0, 0},                  \
        {"substance_codes", FT_LIST, 400, 0, 0, 0}, {"pathway_codes", FT_LIST, 400, 0, 0, 0},     \
        {"culture_codes", FT_LIST, 400, 0, 0, 0}
/* Intake fields (RC-1); which are required is the organization's policy. The limits are
 * op_rc_intake's (RC_NAME_MAX ... in ops_recoverees.h). */
#define RC_FIELDS(req)                                                                           \
    {"first_name", FT_LINE, RC_NAME_MAX, 0, 0, req},                                             \
        {"last_name", FT_LINE, RC_NAME_MAX, 0, 0, req},                                          \
        {"preferred_name", FT_LINE, RC_NAME_MAX, 0, 0, 0}, {"dob", FT_DATE, 10, 0, 0, 0},         \
        {"phone", FT_LINE, RC_PHONE_MAX, 0, 0, 0}, {"email", FT_LINE, RC_EMAIL_MAX, 0, 0, 0},      \
        {"contact_pref", FT_TOKEN, 16, 0, 0, 0}, {"ok_to_leave_message", FT_BOOL, 0, 0, 0, 0},    \
        {"language", FT_LINE, RC_LANGUAGE_MAX, 0, 0, 0},                                          \
        {"cultural_factors", FT_TEXT, RC_NOTE_MAX, 0, 0, 0},                                      \
        {"lived_experience", FT_TEXT, RC_NOTE_MAX, 0, 0, 0},                                      \
        {"pathways", FT_LINE, RC_PATHWAYS_MAX, 0, 0, 0},                                          \
        {"preferred_peer", FT_TEXT, RC_NOTE_MAX, 0, 0, 0}, RC_PROFILE_FIELDS,                     \
        {"peer_gender", FT_TOKEN, 20, 0, 0, 0}
static const struct field f_rc_new[] = {RC_FIELDS(0), {NULL}};
static const struct field f_rc_create[] = {RC_FIELDS(FIELD_REQUIRED), {NULL}};
static const struct field f_rc_update[] = {
    RC_FIELDS(0),
    {"status", FT_TOKEN, 16, 0, 0, 0},
    {"version", FT_INT, 0, 1, INT64_MAX, 0},
    {NULL},
};
static const struct field f_rc_assign[] = {
    {"peer_id", FT_INT, 0, 1, INT64_MAX, FIELD_REQUIRED},
    {"start_date", FT_DATE, 10, 0, 0, 0},
    {"override_reason", FT_TEXT, 1000, 0, 0, 0},
    {NULL},
};
static const struct field f_rc_relationship[] = {
    {"staff_id", FT_INT, 0, 1, INT64_MAX, FIELD_REQUIRED},
    {"kind", FT_TOKEN, 32, 0, 0, FIELD_REQUIRED},
    {"note", FT_LINE, 300, 0, 0, 0},
    {NULL},
};
static const struct field f_reason[] = {
    {"reason", FT_TEXT, 1000, 0, 0, FIELD_REQUIRED},
    {NULL},
};
static const struct field f_break_glass[] = {
    {"recoveree_id", FT_INT, 0, 1, INT64_MAX, FIELD_REQUIRED},
    {"reason", FT_TEXT, 1000, 0, 0, FIELD_REQUIRED},
    {NULL},
};
static const struct field f_break_glass_search[] = {
    {"name", FT_LINE, 64, 0, 0, 0},
    {"dob", FT_DATE, 10, 0, 0, 0},
    {"phone", FT_LINE, 40, 0, 0, 0},
    {NULL},
};
static const struct field f_review[] = {
    {"note", FT_LINE, 500, 0, 0, 0},
    {NULL},
};

/* Emergency access is for staff who then read the record through the recoveree routes:
 * supervisors and peers (administrators reach every record already). */
#define RC_BREAK_GLASS (R_SUPERVISOR | R_PEER)

const struct route recoverees_rows[] = {
    {"GET", "/recoverees", h_rc_list, RC_STAFF, 0, f_rc_list, "My caseload / recoverees in reach"},
    {"GET", "/recoverees/new", h_rc_new, RC_STAFF, RT_PAGE_ONLY, f_rc_new, "Intake form"},
    {"POST", "/recoverees", h_rc_create, RC_STAFF, 0, f_rc_create, "Intake (RC-1)"},
    {"GET", "/recoverees/{id}", h_rc_show, RC_STAFF, 0, NULL, "A recoveree's record"},
    {"POST", "/recoverees/{id}", h_rc_update, RC_STAFF, 0, f_rc_update,
     "Update intake details or status"},
    {"POST", "/recoverees/{id}/assign", h_rc_assign, R_ADMIN | R_SUPERVISOR, 0, f_rc_assign,
     "Assign a peer (WF-1, SV-3, SV-4; supervisor override with reason)"},
    {"POST", "/recoverees/{id}/assign/{id2}/end", h_rc_assign_end, R_ADMIN | R_SUPERVISOR, 0,
     NULL, "End a caseload assignment"},
    {"POST", "/recoverees/{id}/relationships", h_rc_relationship, R_ADMIN | R_SUPERVISOR, 0,
     f_rc_relationship, "Record a clinical or authority relationship"},
    {"POST", "/recoverees/{id}/break-glass", h_rc_break_glass, RC_BREAK_GLASS, 0, f_reason,
     "Emergency access with a stated reason (audited, reviewed)"},
    {"POST", "/break-glass", h_break_glass_open, RC_BREAK_GLASS, 0, f_break_glass,
     "Emergency access by record number"},
    {"GET", "/break-glass/search", h_break_glass_search, RC_BREAK_GLASS, 0, f_break_glass_search,
     "Find a record for emergency access by name, date of birth, phone (audited)"},
    {"GET", "/break-glass", h_break_glass_list, R_ADMIN | R_SUPERVISOR, 0, NULL,
     "Emergency access grants for review"},
    {"POST", "/break-glass/{id}/review", h_break_glass_review, R_ADMIN | R_SUPERVISOR, 0, f_review,
     "Mark an emergency access reviewed"},
    {"POST", "/break-glass/{id}/end", h_break_glass_end, R_ADMIN | R_SUPERVISOR | R_PEER, 0, NULL,
     "End an emergency access now (its user, a supervisor or an administrator)"},
    {"GET", "/recoverees/{id}/match", h_rc_match, R_ADMIN | R_SUPERVISOR, 0, NULL,
     "Ranked eligible peers with reasons (RC-2)"},
};
const struct route_module rm_recoverees = ROUTE_MODULE(recoverees_rows);
