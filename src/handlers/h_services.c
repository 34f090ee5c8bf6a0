/* h_services.c - the service log's pages and API (SV-1..SV-5): the phone-first form a peer logs
 * a contact with, a service and its history, the list, drafts, and the supervisor's review
 * list. Every change goes through src/ops/ops_services.c. */
#include "handlers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <time.h>

#include "caseload_store.h"
#include "civil.h"
#include "forms.h"
#include "jmem.h"
#include "msg.h"
#include "opreply.h"
#include "ops_reach.h"
#include "ops_services.h"
#include "plans_store.h"
#include "recoverees.h"
#include "service.h"
#include "services_store.h"
#include "service_boundary.h"
#include "boundary.h"
#include "boundary_store.h"
#include "billing.h"
#include "billing_store.h"
#include "tz.h"
#include "workforce_store.h"

/* A comma-joined FT_LIST of ids as an array in the arena; entries that are not positive
 * integers make the answer -1 (the operation names the field). */
static int ids_of(struct req *r, const char *list, int64_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!list || !*list)
        return 0;
    size_t cap = 1;
    for (const char *p = list; *p; p++)
        cap += *p == ',';
    *out = arena_alloc(r->a, sizeof **out * cap);
    const char *p = list;
    while (*p) {
        char *end;
        long long v = strtoll(p, &end, 10);
        if (end == p || v <= 0 || (*end && *end != ','))
            return -1;
        (*out)[(*n)++] = v;
        p = *end ? end + 1 : end;
    }
    return 0;
}

/* A choice list [{value, label, selected}] of names with labels from prefix.NAME. */
static json_t *choices(struct req *r, const char *prefix, const char *(*name)(int), int count,
                       const char *current)
{
    json_t *list = json_array();
    for (int i = 0; i < count; i++) {
        const char *v = name(i);
        json_array_append_new(list, json_pack("{s:s,s:s,s:b}", "value", v, "label",
                                              msg(req_lang(r), arena_printf(r->a, "%s.%s",
                                                                            prefix, v)),
                                              "selected", current && strcmp(current, v) == 0));
    }
    return list;
}

static const char *modality_n(int i) { return svc_modality_name((enum svc_modality)i); }
static const char *activity_n(int i) { return svc_activity_name((enum svc_activity)i); }
static const char *setting_n(int i) { return svc_setting_name((enum svc_setting)i); }
static const char *funding_n(int i) { return svc_funding_name((enum svc_funding)i); }
static const char *intensity_n(int i) { return wf_intensity_name((enum wf_intensity)i); }

static const char *person_name(struct req *r, const char *first, const char *preferred,
                               const char *last)
{
    return arena_printf(r->a, "%s %s", preferred && *preferred ? preferred : first ? first : "",
                        last ? last : "");
}

/* The service form's model: choices, the chosen recoveree (from ?recoveree=, the form sent
 * back, or the service edited), their plan's active goals, and now in the organization's
 * zone. v is the service being edited, or NULL. */
static json_t *form_model(struct req *r, const struct svc_row *v, int64_t chosen,
                          const int64_t *goals, size_t ngoals)
{
    const char *lang = req_lang(r);
    json_t *m = json_object();
    const char *cur_mod = form_value(r, "modality"), *cur_int = form_value(r, "intensity");
    const char *cur_act = form_value(r, "activity"), *cur_set = form_value(r, "setting");
    const char *cur_fund = form_value(r, "funding_source");
    if (v && !r->kept) {
        cur_mod = v->modality;
        cur_int = v->intensity;
        cur_act = v->activity;
        cur_set = v->setting;
        cur_fund = v->funding_source;
    }
    jset(m, "modalities", choices(r, "service.modality", modality_n, SVC_MODALITY__COUNT,
                                  cur_mod ? cur_mod : "individual"));
    jset(m, "intensities", choices(r, "service.intensity", intensity_n, WF_INTENSITY__COUNT,
                                   cur_int ? cur_int : "moderate"));
    jset(m, "activities", choices(r, "service.activity", activity_n, ACT__COUNT, cur_act));
    jset(m, "settings", choices(r, "service.setting", setting_n, SET__COUNT,
                                cur_set ? cur_set : "community"));
    /* Who usually pays: the funding source of the person's first billing profile (SV-8). */
    if (!cur_fund && !v && chosen) {
        struct billing_profile *bp;
        int nb;
        struct payer p;
        if (profile_list(r->db, r->a, r->me.org_id, chosen, &bp, &nb) == 0 && nb > 0 &&
            payer_get(r->db, r->a, r->me.org_id, bp[0].payer_id, &p) == 1 && p.active)
            cur_fund = p.funding_source;
    }
    jset(m, "fundings", choices(r, "service.funding", funding_n, FUND__COUNT, cur_fund));
    /* Start: now, in the organization's zone. */
    struct tz_local now;
    tz_local_of(req_zone(r), (int64_t)time(NULL), &now);
    char d[11];
    civil_format(now.day, d);
    jset_str(m, "default_date", d);
    jset(m, "default_time", json_sprintf("%02d:%02d", now.hour, now.minute));
    if (v && !r->kept) {
        struct tz_local at;
        tz_local_of(req_zone(r), v->started_at, &at);
        json_t *f = json_object();
        jset_str(f, "date", v->service_date);
        jset(f, "time", json_sprintf("%02d:%02d", at.hour, at.minute));
        jset_int(f, "minutes", v->minutes);
        jset_str(f, "note", v->note);
        jset_str(f, "boundary_reason", v->boundary_reason);
        jset_int(f, "version", v->version);
        jset(m, "form", f);
    }
    /* The recoverees the actor may log for: the chosen one fixed, the caseload to add for a
     * group. */
    struct rc_scope sc;
    rc_scope_for(&sc, r->me.role, r->me.user_id, req_today(r), (int64_t)time(NULL));
    sc.user = 0;
    struct recoveree *rows = NULL;
    int n = 0;
    int64_t total = 0;
    rc_page(r->db, r->a, r->me.org_id, &sc, "active", NULL, 200, 0, &rows, &n, &total);
    const char *kept = form_value(r, "recoverees");
    int64_t *keep_ids = NULL;
    size_t nkeep = 0;
    if (kept)
        ids_of(r, kept, &keep_ids, &nkeep);
    if (!chosen && nkeep)
        chosen = keep_ids[0];
    json_t *list = json_array();
    for (int i = 0; i < n; i++) {
        int sel = rows[i].id == chosen;
        for (size_t k = 0; k < nkeep; k++)
            sel |= keep_ids[k] == rows[i].id;
        if (rows[i].id == chosen) {
            json_t *c = json_object();
            jset_int(c, "id", rows[i].id);
            jset_str(c, "name", person_name(r, rows[i].first_name, rows[i].preferred_name,
                                            rows[i].last_name));
            jset(m, "chosen", c);
            continue;
        }
        json_array_append_new(list, json_pack("{s:I,s:s,s:b}", "id", (json_int_t)rows[i].id,
                                              "name",
                                              person_name(r, rows[i].first_name,
                                                          rows[i].preferred_name,
                                                          rows[i].last_name),
                                              "selected", sel));
    }
    jset(m, "others", list);
    jset_bool(m, "has_others", json_array_size(list) > 0);
    /* The chosen recoveree's active plan goals. */
    json_t *gl = json_array();
    struct plan p;
    if (chosen && json_object_get(m, "chosen") &&
        plan_get(r->db, r->a, r->me.org_id, chosen, &p) == 1) {
        struct plan_goal *g;
        int ng;
        const char *kg = form_value(r, "goals");
        int64_t *kgi = NULL;
        size_t nkg = 0;
        if (kg)
            ids_of(r, kg, &kgi, &nkg);
        if (plan_goals(r->db, r->a, r->me.org_id, p.id, &g, &ng) == 0)
            for (int i = 0; i < ng; i++) {
                if (strcmp(g[i].status, "active") != 0)
                    continue;
                int sel = 0;
                for (size_t k = 0; k < nkg; k++)
                    sel |= kgi[k] == g[i].id;
                for (size_t k = 0; k < ngoals && !r->kept; k++)
                    sel |= goals[k] == g[i].id;
                json_array_append_new(gl, json_pack("{s:I,s:s,s:s,s:b}", "id",
                                                    (json_int_t)g[i].id, "domain", g[i].domain,
                                                    "goal", g[i].goal, "selected", sel));
            }
    }
    jset(m, "goals", gl);
    jset_bool(m, "has_goals", json_array_size(gl) > 0);
    /* A supervisor or administrator records for one of the recoveree's peers. */
    if ((r->me.role == ROLE_SUPERVISOR || r->me.role == ROLE_ADMIN) && chosen) {
        struct cl_row *cl;
        int ncl;
        const char *kp = form_value(r, "peer_id");
        int64_t cur = kp ? strtoll(kp, NULL, 10) : v ? v->peer_id : 0;
        json_t *pl = json_array();
        if (cl_active(r->db, r->a, r->me.org_id, chosen, d, &cl, &ncl) == 0)
            for (int i = 0; i < ncl; i++)
                json_array_append_new(pl, json_pack("{s:I,s:s,s:b}", "id",
                                                    (json_int_t)cl[i].peer_id, "name",
                                                    cl[i].peer, "selected",
                                                    cl[i].peer_id == cur));
        jset(m, "peers", pl);
        jset_bool(m, "has_peers", json_array_size(pl) > 0);
    }
    jset_bool(m, "leads", r->me.role == ROLE_SUPERVISOR || r->me.role == ROLE_ADMIN);
    jset_bool(m, "is_peer", r->me.role == ROLE_PEER);
    jset_str(m, "title", msg(lang, v ? "service.edit_title" : "service.new_title"));
    return m;
}

/* GET /services/new?recoveree=ID */
int h_svc_new(struct req *r)
{
    int64_t rid = 0;
    req_int(r, "recoveree", &rid);
    json_t *m = form_model(r, NULL, rid, NULL, 0);
    jset_str(m, "action", "/services");
    jset_str(m, "form_page", rid ? arena_printf(r->a, "/services/new?recoveree=%lld",
                                                (long long)rid)
                                 : "/services/new");
    return reply_page(r, 200, "service_form.mustache", m);
}

/* The operation's input from the request. */
static int svc_in_of(struct req *r, struct svc_in *in)
{
    *in = (struct svc_in){0};
    int64_t v = 0;
    if (req_int(r, "peer_id", &v))
        in->peer_id = v;
    int64_t *ids;
    size_t n;
    if (ids_of(r, req_str(r, "recoverees"), &ids, &n) != 0)
        return -1;
    in->recoverees = ids;
    in->nrecoverees = n;
    if (ids_of(r, req_str(r, "goals"), &ids, &n) != 0)
        return -2;
    in->goals = ids;
    in->ngoals = n;
    in->date = req_str(r, "date");
    in->time = req_str(r, "time");
    if (req_int(r, "minutes", &v))
        in->minutes = v;
    in->modality = req_str(r, "modality");
    in->intensity = req_str(r, "intensity");
    in->setting = req_str(r, "setting");
    in->activity = req_str(r, "activity");
    in->funding_source = req_str(r, "funding_source");
    in->note = req_str(r, "note");
    in->boundary_reason = req_str(r, "boundary_reason");
    if (req_int(r, "override", &v))
        in->override = v != 0;
    in->override_reason = req_str(r, "override_reason");
    if (req_int(r, "version", &v))
        in->version = v;
    return 0;
}

/* A refused log or edit: the boundary warning's lane and phrase go with the error, so the
 * page can show the reason box and the API can say which phrase. */
static int refuse(struct req *r, const struct op_result *res, const struct svc_outcome *out)
{
    if (out->boundary_lane) {
        reply_header(r, "X-Peerdesk-Boundary-Lane", out->boundary_lane);
    }
    return reply_op_error(r, res, NULL, NULL);
}

static json_t *done_model(struct req *r, const struct op_result *res)
{
    (void)r;
    json_t *m = json_object();
    jset_int(m, "id", res->id);
    jset_int(m, "version", res->version);
    return m;
}

/* POST /services */
int h_svc_create(struct req *r)
{
    struct op_ctx c;
    struct op_result res = {0};
    struct svc_outcome out = {0};
    op_ctx_from_req(r, &c);
    struct svc_in in;
    int bad = svc_in_of(r, &in);
    if (bad)
        return reply_error(r, 400, "invalid", "SV-1",
                           msg(req_lang(r), bad == -1 ? "service.err.recoveree_missing"
                                                      : "service.err.goal"),
                           bad == -1 ? "recoverees" : "goals", NULL, NULL);
    if (op_svc_log(&c, &in, &out, &res) != OP_OK)
        return refuse(r, &res, &out);
    return reply_done(r, 201, arena_printf(r->a, "/services/%lld?saved=1", (long long)res.id),
                      done_model(r, &res));
}

/* The service r->id as JSON for its page and the API, after the read check and its audit. */
static json_t *service_j(struct req *r, const struct svc_row *v)
{
    const char *lang = req_lang(r);
    json_t *j = json_object();
    jset_int(j, "id", v->id);
    jset_int(j, "version", v->version);
    jset_str(j, "status", v->status);
    jset_bool(j, "voided", strcmp(v->status, "void") == 0);
    jset_int(j, "peer_id", v->peer_id);
    jset_str(j, "peer", v->peer_name);
    jset_int(j, "peer_level", v->peer_level);
    jset(j, "started", view_time(v->started_at));
    jset_str(j, "date", v->service_date);
    jset_int(j, "minutes", v->minutes);
    jset_str(j, "modality", v->modality);
    jset_str(j, "modality_label", msg(lang, arena_printf(r->a, "service.modality.%s", v->modality)));
    jset_str(j, "intensity", v->intensity);
    jset_str(j, "intensity_label",
             msg(lang, arena_printf(r->a, "service.intensity.%s", v->intensity)));
    jset_str(j, "setting", v->setting);
    jset_str(j, "setting_label", msg(lang, arena_printf(r->a, "service.setting.%s", v->setting)));
    jset_str(j, "activity", v->activity);
    jset_str(j, "activity_label",
             msg(lang, arena_printf(r->a, "service.activity.%s", v->activity)));
    jset_str(j, "funding_source", v->funding_source);
    if (v->funding_source)
        jset_str(j, "funding_label",
                 msg(lang, arena_printf(r->a, "service.funding.%s", v->funding_source)));
    jset_str(j, "note", v->note);
    if (v->boundary_reason) {
        json_t *b = json_object();
        jset_str(b, "lane", v->boundary_lane);
        jset_str(b, "lane_label", msg(lang, arena_printf(r->a, "boundary.lane.%s",
                                                         v->boundary_lane ? v->boundary_lane : "")));
        jset_str(b, "phrase", v->boundary_phrase);
        jset_str(b, "reason", v->boundary_reason);
        jset(j, "boundary", b);
    }
    if (v->override_reason) {
        json_t *o = json_object();
        jset_str(o, "rules", v->override_rules);
        jset_str(o, "reason", v->override_reason);
        jset(j, "override", o);
    }
    jset_bool(j, "needs_review", (v->boundary_reason || v->override_reason) && !v->reviewed_at &&
                                     strcmp(v->status, "final") == 0);
    jset(j, "reviewed", view_time(v->reviewed_at));
    jset_str(j, "review_note", v->review_note);
    jset_str(j, "void_reason", v->void_reason);
    jset(j, "voided_at", view_time(v->voided_at));
    if (v->first_recoveree) {
        jset_str(j, "recoveree", v->first_recoveree);
        jset_int(j, "others", v->nrecoverees > 1 ? v->nrecoverees - 1 : 0);
    }
    return j;
}

/* Load r->id for reading: 0 with *v, or the reply made (404 / 503). */
static int svc_load(struct req *r, struct svc_row *v)
{
    struct op_ctx c;
    struct op_result res = {0};
    op_ctx_from_req(r, &c);
    if (op_svc_readable(&c, r->id, &res) != OP_OK) {
        reply_op_error(r, &res, NULL, NULL);
        return -1;
    }
    if (svc_get(r->db, r->a, r->me.org_id, r->id, v) != 1) {
        reply_error(r, 404, "not_found", NULL, msg(req_lang(r), "service.err.not_found"), NULL,
                    NULL, NULL);
        return -1;
    }
    return req_audit_read(r, "service.read", "service", v->id, NULL);
}

/* SV-8: the service's billing units under its payer's rule (the organization's billing policy
 * when it has no payer), and the person's units that day after the daily cap: model "billing". */
static void units_model(struct req *r, const struct svc_row *v, int64_t recoveree, json_t *m)
{
    struct bill_unit_rule rule = {(int)r->pol.v[POL_BILLING_UNIT_MIN], BILL_EIGHT_MINUTE,
                                  (int)r->pol.v[POL_BILLING_MIN_MINUTES]};
    int64_t cap = r->pol.v[POL_BILLING_DAILY_CAP];
    struct payer p;
    if (v->payer_id && payer_get(r->db, r->a, r->me.org_id, v->payer_id, &p) == 1) {
        rule.unit_minutes = (int)p.unit_minutes;
        rule.min_minutes = (int)p.min_minutes;
        bill_rounding_parse(p.rounding, &rule.rounding);
        cap = p.daily_cap_units;
        jset_str(m, "payer", p.name);
    }
    json_t *b = json_object();
    jset_int(b, "units", bill_units(&rule, v->minutes));
    /* Whether it can be billed, and why not, before the claims run (SV-8). */
    const char *lang = req_lang(r), *why = NULL;
    if (v->funding_source && !v->payer_id) {
        why = msg(lang, "service.bill.no_payer");
    } else if (v->payer_id && recoveree) {
        struct payer_code *pc;
        int nc;
        struct bill_code code = {0};
        const struct payer_code *mine = NULL;
        if (code_list(r->db, r->a, r->me.org_id, v->payer_id, &pc, &nc) == 0)
            for (int i = 0; i < nc; i++)
                if (pc[i].id == v->code_id)
                    mine = &pc[i];
        if (mine)
            code = (struct bill_code){mine->id, mine->modality, (int)mine->min_level,
                                      mine->credential, mine->rate_cents,
                                      (int)mine->daily_cap_units, (int)mine->requires_diagnosis,
                                      (int)mine->active};
        struct billing_profile *bp;
        int nb = 0;
        const struct billing_profile *prof = NULL;
        if (profile_list(r->db, r->a, r->me.org_id, recoveree, &bp, &nb) == 0)
            for (int i = 0; i < nb; i++)
                if (bp[i].payer_id == v->payer_id)
                    prof = &bp[i];
        struct bill_line_in in = {.service_id = v->id, .recoveree_id = recoveree,
                                  .service_date = v->service_date, .minutes = v->minutes,
                                  .modality = v->modality,
                                  .is_void = strcmp(v->status, "void") == 0,
                                  .peer_level = v->peer_level,
                                  .peer_credential = v->peer_credential,
                                  .code = mine ? &code : NULL, .has_profile = prof != NULL,
                                  .member_id = prof ? prof->member_id : NULL,
                                  .diagnosis = prof ? prof->diagnosis_code : NULL};
        enum bill_reason br = bill_eligible(&in);
        if (br == BILL_OK && bill_units(&rule, v->minutes) == 0)
            br = BILL_TOO_SHORT;
        if (br != BILL_OK) {
            char lv[8], ml[8], mn[8], mm[8];
            snprintf(lv, sizeof lv, "%d", v->peer_level);
            snprintf(ml, sizeof ml, "%d", mine ? (int)mine->min_level : 0);
            snprintf(mn, sizeof mn, "%d", v->minutes);
            snprintf(mm, sizeof mm, "%d", rule.min_minutes);
            why = msg_fmt(r->a, lang,
                          arena_printf(r->a, "billing.reason.%s", bill_reason_code(br)), "code",
                          mine ? mine->code : "", "covers", mine && mine->modality ? mine->modality : "",
                          "modality", v->modality, "level", lv, "min_level", ml, "credential",
                          mine && mine->credential ? mine->credential : "", "minutes", mn, "min",
                          mm, NULL);
        }
        jset_bool(b, "billable", br == BILL_OK);
    }
    jset_str(b, "not_billed", why);
    jset_int(b, "unit_minutes", rule.unit_minutes);
    int64_t *ids;
    int *mins, n;
    if (recoveree && strcmp(v->status, "final") == 0 &&
        svc_recoveree_day(r->db, r->a, r->me.org_id, recoveree, v->service_date, &ids, &mins,
                          &n) == 0) {
        int64_t day = 0;
        for (int i = 0; i < n; i++)
            day += bill_units(&rule, mins[i]);
        jset_int(b, "day_units", day < cap ? day : cap);
        jset_int(b, "day_cap", cap);
        jset_bool(b, "capped", day > cap);
    }
    jset(m, "billing", b);
}

/* GET /services/{id} */
int h_svc_show(struct req *r)
{
    struct svc_row v;
    if (svc_load(r, &v) != 0)
        return 0;
    const char *lang = req_lang(r);
    json_t *m = json_object();
    jset(m, "service", service_j(r, &v));
    struct svc_person *ps;
    int np;
    json_t *people = json_array();
    if (svc_recoverees(r->db, r->a, r->me.org_id, v.id, &ps, &np) == 0)
        for (int i = 0; i < np; i++)
            json_array_append_new(people, json_pack("{s:I,s:s}", "id", (json_int_t)ps[i].id,
                                                    "name",
                                                    person_name(r, ps[i].first_name,
                                                                ps[i].preferred_name,
                                                                ps[i].last_name)));
    jset(m, "recoverees", people);
    units_model(r, &v, np > 0 ? ps[0].id : 0, m);
    struct svc_goal *g;
    int ng;
    json_t *goals = json_array();
    if (svc_goals(r->db, r->a, r->me.org_id, v.id, &g, &ng) == 0)
        for (int i = 0; i < ng; i++)
            json_array_append_new(goals, json_pack("{s:I,s:s,s:s}", "id", (json_int_t)g[i].id,
                                                   "domain", g[i].domain, "goal", g[i].goal));
    jset(m, "goals", goals);
    jset_bool(m, "has_goals", json_array_size(goals) > 0);
    struct svc_history_row *h;
    int nh;
    json_t *hist = json_array();
    if (svc_history(r->db, r->a, r->me.org_id, v.id, &h, &nh) == 0)
        for (int i = 0; i < nh; i++)
            json_array_append_new(
                hist, json_pack("{s:I,s:o,s:s,s:s,s:s?}", "version", (json_int_t)h[i].version,
                                "at", view_time(h[i].at), "who", h[i].who, "what",
                                msg(lang, arena_printf(r->a, "service.history.%s", h[i].what)),
                                "reason", h[i].reason));
    jset(m, "history", hist);
    int final = strcmp(v.status, "final") == 0;
    int lead = r->me.role == ROLE_SUPERVISOR || r->me.role == ROLE_ADMIN;
    jset_bool(m, "can_change", final && (lead || v.peer_id == r->me.user_id));
    jset_bool(m, "can_review", lead && final && (v.boundary_reason || v.override_reason) &&
                                   !v.reviewed_at);
    int64_t saved = 0;
    jset_bool(m, "saved", req_int(r, "saved", &saved) && saved);
    jset_str(m, "title", msg(lang, "service.title"));
    return reply_page(r, 200, "service.mustache", m);
}

/* GET /services/{id}/edit */
int h_svc_edit_form(struct req *r)
{
    struct svc_row v;
    if (svc_load(r, &v) != 0)
        return 0;
    struct svc_person *ps;
    int np = 0;
    svc_recoverees(r->db, r->a, r->me.org_id, v.id, &ps, &np);
    struct svc_goal *g;
    int ng = 0;
    svc_goals(r->db, r->a, r->me.org_id, v.id, &g, &ng);
    int64_t *gids = arena_alloc(r->a, sizeof *gids * (size_t)(ng ? ng : 1));
    for (int i = 0; i < ng; i++)
        gids[i] = g[i].id;
    json_t *m = form_model(r, &v, np ? ps[0].id : 0, gids, (size_t)ng);
    jset_str(m, "action", arena_printf(r->a, "/services/%lld", (long long)v.id));
    jset_str(m, "form_page", arena_printf(r->a, "/services/%lld/edit", (long long)v.id));
    jset_bool(m, "editing", 1);
    jset_int(m, "service_id", v.id);
    jset_int(m, "version", v.version);
    return reply_page(r, 200, "service_form.mustache", m);
}

/* POST /services/{id} */
int h_svc_update(struct req *r)
{
    struct op_ctx c;
    struct op_result res = {0};
    struct svc_outcome out = {0};
    op_ctx_from_req(r, &c);
    struct svc_in in;
    if (svc_in_of(r, &in) != 0)
        return reply_error(r, 400, "invalid", "SV-1", msg(req_lang(r), "service.err.goal"),
                           "goals", NULL, NULL);
    if (op_svc_edit(&c, r->id, &in, &out, &res) != OP_OK)
        return refuse(r, &res, &out);
    return reply_done(r, 200, arena_printf(r->a, "/services/%lld?saved=1", (long long)res.id),
                      done_model(r, &res));
}

/* POST /services/{id}/void */
int h_svc_void(struct req *r)
{
    struct op_ctx c;
    struct op_result res = {0};
    op_ctx_from_req(r, &c);
    int64_t version = 0;
    req_int(r, "version", &version);
    if (op_svc_void(&c, r->id, version, req_str(r, "reason"), &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    return reply_done(r, 200, arena_printf(r->a, "/services/%lld", (long long)res.id),
                      done_model(r, &res));
}

/* POST /services/{id}/review */
int h_svc_review(struct req *r)
{
    struct op_ctx c;
    struct op_result res = {0};
    op_ctx_from_req(r, &c);
    if (op_svc_review(&c, r->id, req_str(r, "note"), &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    return reply_done(r, 200, "/review", done_model(r, &res));
}

/* POST /review/assignments/{id} */
int h_assignment_review(struct req *r)
{
    struct op_ctx c;
    struct op_result res = {0};
    op_ctx_from_req(r, &c);
    if (op_assignment_review(&c, r->id, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    return reply_done(r, 200, "/review", done_model(r, &res));
}

/* GET /services: the peer's own; supervisors and administrators by peer; ?recoveree= for
 * one person's (their reach decides). From/to default to the last 30 days. */
int h_svc_list(struct req *r)
{
    const char *lang = req_lang(r);
    int32_t today = req_today(r);
    char from[11], to[11];
    civil_format(today - 30, from);
    civil_format(today, to);
    const char *f = req_str(r, "from"), *t = req_str(r, "to");
    int64_t peer = r->me.role == ROLE_PEER ? r->me.user_id : 0, rid = 0;
    if (r->me.role != ROLE_PEER)
        req_int(r, "peer", &peer);
    req_int(r, "recoveree", &rid);
    if (rid) {
        struct rc_scope sc;
        rc_scope_for(&sc, r->me.role, r->me.user_id, today, (int64_t)time(NULL));
        struct recoveree x;
        if (rc_get(r->db, r->a, r->me.org_id, rid, &sc, &x) != 1)
            return reply_error(r, 404, "not_found", NULL,
                               msg(lang, "service.err.recoveree_not_found"), "recoveree", NULL,
                               NULL);
        if (r->me.role == ROLE_PEER)
            peer = 0; /* the record's services, whoever delivered them */
    } else if (r->me.role == ROLE_SUPERVISOR && peer &&
               wf_supervises(r->db, r->me.org_id, r->me.user_id, peer, today) != 1) {
        return reply_error(r, 404, "not_found", NULL, msg(lang, "service.err.not_supervised"),
                           "peer", NULL, NULL);
    } else if (r->me.role == ROLE_SUPERVISOR && !peer) {
        peer = -1; /* a supervisor picks a peer, or sees their own review list */
    }
    int64_t page = view_page(r);
    struct svc_row *rows = NULL;
    int n = 0;
    if (peer >= 0 && req_audit_read(r, "service.list", "service", 0, NULL) != 0)
        return 0;
    if (peer >= 0 && svc_list(r->db, r->a, r->me.org_id, f ? f : from, t ? t : to, peer, rid,
                              PAGE_SIZE + 1, (int)((page - 1) * PAGE_SIZE), &rows, &n) != 0)
        return reply_error(r, 503, "store", NULL, msg(lang, "service.err.store_read"), NULL,
                           NULL, NULL);
    json_t *list = json_array();
    for (int i = 0; i < n && i < PAGE_SIZE; i++)
        json_array_append_new(list, service_j(r, &rows[i]));
    json_t *m = json_object();
    jset(m, "services", list);
    jset_bool(m, "empty", n == 0);
    jset_bool(m, "more", n > PAGE_SIZE);
    jset_int(m, "next_page", page + 1);
    jset_str(m, "from", f ? f : from);
    jset_str(m, "to", t ? t : to);
    jset_int(m, "peer", peer > 0 ? peer : 0);
    jset_int(m, "recoveree", rid);
    jset_bool(m, "pick_peer", peer < 0);
    jset_str(m, "title", msg(lang, "services.title"));
    return reply_page(r, 200, "services.mustache", m);
}

/* GET /review: kept boundary warnings and overrides of the supervisor's peers (everyone's for
 * an administrator), not yet reviewed. */
int h_review(struct req *r)
{
    const char *lang = req_lang(r);
    char today[11];
    civil_format(req_today(r), today);
    int64_t sup = r->me.role == ROLE_ADMIN ? 0 : r->me.user_id;
    if (req_audit_read(r, "review.read", "service", 0, NULL) != 0)
        return 0;
    struct svc_row *rows;
    int n;
    struct svc_assignment_review *as;
    int na;
    if (svc_review_list(r->db, r->a, r->me.org_id, sup, today, &rows, &n) != 0 ||
        svc_review_assignments(r->db, r->a, r->me.org_id, sup, today, &as, &na) != 0)
        return reply_error(r, 503, "store", NULL, msg(lang, "service.err.store_read"), NULL,
                           NULL, NULL);
    json_t *list = json_array(), *al = json_array();
    /* Each service's review form is named by _which (svID): a refused one comes back with the
     * note typed and its message beside it (forms.h). */
    static const char *const review_names[] = {"note", NULL};
    for (int i = 0; i < n; i++) {
        json_t *j = service_j(r, &rows[i]);
        if (!r->api)
            jset(j, "f", form_part(r, arena_printf(r->a, "sv%lld", (long long)rows[i].id),
                                   arena_printf(r->a, "sv%lld-", (long long)rows[i].id),
                                   review_names, NULL));
        json_array_append_new(list, j);
    }
    for (int i = 0; i < na; i++)
        json_array_append_new(al, json_pack("{s:I,s:I,s:s,s:s,s:s,s:s?,s:s?,s:s?}", "id",
                                            (json_int_t)as[i].id, "recoveree_id",
                                            (json_int_t)as[i].recoveree_id, "recoveree",
                                            as[i].recoveree, "peer", as[i].peer, "start_date",
                                            as[i].start_date, "rules", as[i].rules, "reason",
                                            as[i].reason, "by", as[i].by));
    json_t *m = json_object();
    jset(m, "services", list);
    jset(m, "assignments", al);
    jset_bool(m, "empty", n == 0 && na == 0);
    jset_bool(m, "has_services", n > 0);
    jset_bool(m, "has_assignments", na > 0);
    jset_int(m, "count", n + na);
    jset_str(m, "title", msg(lang, "review.title"));
    return reply_page(r, 200, "review.mustache", m);
}

/* POST /services/drafts: keep what was typed (the form's fields, as JSON) for later. */
int h_svc_draft_save(struct req *r)
{
    struct op_ctx c;
    struct op_result res = {0};
    op_ctx_from_req(r, &c);
    int64_t rid = 0;
    req_int(r, "recoveree_id", &rid);
    const char *fields = req_str(r, "fields");
    char *built = NULL;
    if (!fields) { /* a page form: keep its own values */
        json_t *j = json_object();
        static const char *const names[] = {"recoverees", "goals", "date", "time", "minutes",
                                            "modality", "intensity", "setting", "activity",
                                            "funding_source", "note"};
        for (size_t i = 0; i < sizeof names / sizeof *names; i++)
            if (req_str(r, names[i]))
                jset_str(j, names[i], req_str(r, names[i]));
        int64_t *ids;
        size_t n;
        if (!rid && ids_of(r, req_str(r, "recoverees"), &ids, &n) == 0 && n)
            rid = ids[0];
        built = json_dumps(j, JSON_COMPACT);
        json_decref(j);
        fields = built;
    }
    enum op_status st = op_svc_draft_save(&c, rid, fields, &res);
    jmem_free_text(built);
    if (st != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    return reply_done(r, 201, "/", done_model(r, &res));
}

/* POST /services/drafts/{id}/delete */
int h_svc_draft_delete(struct req *r)
{
    struct op_ctx c;
    struct op_result res = {0};
    op_ctx_from_req(r, &c);
    if (op_svc_draft_delete(&c, r->id, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    return reply_done(r, 200, "/", done_model(r, &res));
}

/* GET /services/drafts/{id}: the form again with the draft's values. */
int h_svc_draft_open(struct req *r)
{
    struct svc_draft *d;
    int n;
    if (svc_drafts(r->db, r->a, r->me.org_id, r->me.user_id, &d, &n) != 0)
        return reply_error(r, 503, "store", NULL, msg(req_lang(r), "service.err.store_read"),
                           NULL, NULL, NULL);
    for (int i = 0; i < n; i++) {
        if (d[i].id != r->id)
            continue;
        json_error_t je;
        json_t *f = json_loads(d[i].fields, 0, &je);
        if (!json_is_object(f)) {
            json_decref(f);
            break;
        }
        r->kept = f; /* form_value() reads the draft as a form shown again */
        json_t *m = form_model(r, NULL, d[i].recoveree_id, NULL, 0);
        r->kept = NULL;
        jset(m, "form", f);
        jset_bool(m, "from_draft", 1);
        jset_int(m, "draft_id", d[i].id);
        jset_str(m, "action", "/services");
        jset_str(m, "form_page", "/services/new");
            return reply_page(r, 200, "service_form.mustache", m);
    }
    return reply_error(r, 404, "not_found", NULL, msg(req_lang(r), "service.err.draft_not_found"),
                       NULL, NULL, NULL);
}

/* The peer's drafts for their home page: m["drafts"]. */
void myday_add_drafts(struct req *r, json_t *m)
{
    struct svc_draft *d;
    int n;
    json_t *list = json_array();
    if (svc_drafts(r->db, r->a, r->me.org_id, r->me.user_id, &d, &n) == 0)
        for (int i = 0; i < n; i++)
            json_array_append_new(
                list, json_pack("{s:I,s:s,s:o}", "id", (json_int_t)d[i].id, "name",
                                d[i].first_name ? person_name(r, d[i].first_name, NULL,
                                                              d[i].last_name)
                                                : msg(req_lang(r), "myday.draft_no_one"),
                                "saved", view_time(d[i].updated_at)));
    jset(m, "drafts", list);
    jset_bool(m, "has_drafts", json_array_size(list) > 0);
}

/* ---- an organization's boundary rules (SV-5) ---- */

/* The rules page; checked: a note was tried (hit NULL: no warning). */
static int rules_page(struct req *r, int checked, const char *note, const struct bnd_found *hit)
{
    const char *lang = req_lang(r);
    struct bnd_stored *rows;
    int n;
    if (bnd_rows(r->db, r->a, r->me.org_id, &rows, &n) != 0)
        return reply_error(r, 503, "store", NULL, msg(lang, "service.err.store_read"), NULL, NULL,
                           NULL);
    json_t *list = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(
            list, json_pack("{s:I,s:s,s:s,s:s,s:s?,s:s?,s:s?,s:b,s:o}", "id",
                            (json_int_t)rows[i].id, "lane", rows[i].lane, "lane_label",
                            msg(lang, arena_printf(r->a, "boundary.lane.%s", rows[i].lane)),
                            "effect", rows[i].effect, "pattern", rows[i].pattern, "disables",
                            rows[i].disables, "note", rows[i].note, "active", rows[i].active,
                            "added", view_time(rows[i].created_at)));
    json_t *m = json_object();
    jset(m, "rules", list);
    jset_bool(m, "has_rules", n > 0);
    const struct bnd_set *d = svc_boundary_defaults();
    jset_int(m, "built_in", d ? (int64_t)bnd_rule_count(d) : 0);
    json_t *lanes = json_array();
    for (int i = 0; i < BND_LANES; i++)
        json_array_append_new(lanes, json_pack("{s:s,s:s}", "value",
                                               bnd_lane_name((enum bnd_lane)i), "label",
                                               msg(lang, bnd_lane_msg_id((enum bnd_lane)i))));
    jset(m, "lanes", lanes);
    if (checked) {
        json_t *t = json_object();
        jset_str(t, "note", note);
        jset_bool(t, "warns", hit != NULL);
        jset_str(t, "message",
                 hit ? msg_fmt(r->a, lang, "boundary.hit", "lane",
                               msg(lang, arena_printf(r->a, "boundary.lane.%s", hit->lane)),
                               "phrase", hit->phrase, NULL)
                     : msg(lang, "boundary.rules.no_hit"));
        jset(m, "tried", t);
    }
    jset_str(m, "title", msg(lang, "boundary.rules.title"));
    return reply_page(r, 200, "boundary_rules.mustache", m);
}

/* GET /boundary-rules: the organization's own rows, and how many built-in rules there are. */
int h_bnd_rules(struct req *r)
{
    return rules_page(r, 0, NULL, NULL);
}

/* POST /boundary-rules */
int h_bnd_rule_add(struct req *r)
{
    struct op_ctx c;
    struct op_result res = {0};
    op_ctx_from_req(r, &c);
    struct bnd_rule_in in = {req_str(r, "lane"), req_str(r, "effect"), req_str(r, "pattern"),
                             req_str(r, "disables"), req_str(r, "note")};
    if (op_bnd_rule_add(&c, &in, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    return reply_done(r, 201, "/boundary-rules", done_model(r, &res));
}

/* POST /boundary-rules/{id}/disable */
int h_bnd_rule_disable(struct req *r)
{
    struct op_ctx c;
    struct op_result res = {0};
    op_ctx_from_req(r, &c);
    if (op_bnd_rule_disable(&c, r->id, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    return reply_done(r, 200, "/boundary-rules", done_model(r, &res));
}

/* POST /boundary-rules/check: what the organization's rules say about a note (nothing kept). */
int h_bnd_check(struct req *r)
{
    struct op_ctx c;
    op_ctx_from_req(r, &c);
    const char *note = req_str(r, "note");
    struct bnd_found hit = {0};
    int rc = note ? svc_boundary_check(&c, note, &hit) : 0;
    if (rc < 0)
        return reply_error(r, 503, "store", NULL, msg(req_lang(r), "service.err.store_read"),
                           NULL, NULL, NULL);
    json_t *m = json_object();
    jset_bool(m, "warns", rc == 1);
    if (rc == 1) {
        jset_str(m, "lane", hit.lane);
        jset_str(m, "phrase", hit.phrase);
        jset_str(m, "message",
                 msg_fmt(r->a, req_lang(r), "boundary.hit", "lane",
                         msg(req_lang(r), arena_printf(r->a, "boundary.lane.%s", hit.lane)),
                         "phrase", hit.phrase, NULL));
    } else {
        jset_str(m, "message", msg(req_lang(r), "boundary.rules.no_hit"));
    }
    jset_str(m, "note", note);
    if (!r->api) { /* the page shows the answer under the form */
        json_decref(m);
        return rules_page(r, 1, note, rc == 1 ? &hit : NULL);
    }
    return reply_page(r, 200, NULL, m);
}

/* ---- routes ---- */

#define SVC_FIELDS                                                                               \
    {"peer_id", FT_INT, 0, 1, INT64_MAX, 0}, {"recoverees", FT_LIST, 800, 0, 0, 0},              \
        {"goals", FT_LIST, 800, 0, 0, 0}, {"date", FT_DATE, 10, 0, 0, 0},                         \
        {"time", FT_LINE, 5, 0, 0, 0}, {"minutes", FT_INT, 0, 0, 1440, 0},                        \
        {"modality", FT_TOKEN, 20, 0, 0, 0}, {"intensity", FT_TOKEN, 20, 0, 0, 0},                \
        {"setting", FT_TOKEN, 30, 0, 0, 0}, {"activity", FT_TOKEN, 30, 0, 0, 0},                  \
        {"funding_source", FT_TOKEN, 30, 0, 0, 0}, {"note", FT_TEXT, 4000, 0, 0, 0},              \
        {"boundary_reason", FT_TEXT, 1000, 0, 0, 0}, {"override", FT_BOOL, 0, 0, 0, 0},           \
        {"override_reason", FT_TEXT, 1000, 0, 0, 0}, {"version", FT_INT, 0, 0, INT64_MAX, 0}

static const struct field f_svc[] = {SVC_FIELDS, {NULL}};
static const struct field f_svc_new[] = {{"recoveree", FT_INT, 0, 1, INT64_MAX, 0}, {NULL}};
static const struct field f_svc_list[] = {
    {"from", FT_DATE, 10, 0, 0, 0},           {"to", FT_DATE, 10, 0, 0, 0},
    {"peer", FT_INT, 0, 1, INT64_MAX, 0},     {"recoveree", FT_INT, 0, 1, INT64_MAX, 0},
    {"page", FT_INT, 0, 1, 100000, 0},        {NULL}};
static const struct field f_svc_show[] = {{"saved", FT_BOOL, 0, 0, 0, 0}, {NULL}};
static const struct field f_svc_void[] = {{"reason", FT_TEXT, 1000, 0, 0, FIELD_REQUIRED},
                                          {"version", FT_INT, 0, 0, INT64_MAX, 0},
                                          {NULL}};
static const struct field f_svc_review[] = {{"note", FT_TEXT, 1000, 0, 0, 0}, {NULL}};
static const struct field f_svc_draft[] = {{"recoveree_id", FT_INT, 0, 0, INT64_MAX, 0},
                                           {"fields", FT_TEXT, SVC_DRAFT_MAX, 0, 0, 0},
                                           SVC_FIELDS,
                                           {NULL}};

#define SVC_PEOPLE (R_ADMIN | R_SUPERVISOR | R_PEER)
const struct route services_rows[] = {
    {"GET", "/services/new", h_svc_new, SVC_PEOPLE, RT_PAGE_ONLY, f_svc_new,
     "The form to log a service (SV-1), phone first"},
    {"POST", "/services", h_svc_create, SVC_PEOPLE, 0, f_svc,
     "Log a service (SV-1..SV-5, WF-1, WF-4, WF-5; supervisor override with reason)"},
    {"GET", "/services", h_svc_list, SVC_PEOPLE, 0, f_svc_list,
     "Services: mine, a peer's, or a recoveree's, by date"},
    {"GET", "/services/{id}", h_svc_show, SVC_PEOPLE, 0, f_svc_show,
     "A service with its recoverees, goals and history"},
    {"GET", "/services/{id}/edit", h_svc_edit_form, SVC_PEOPLE, RT_PAGE_ONLY, NULL,
     "The form to change a service"},
    {"POST", "/services/{id}", h_svc_update, SVC_PEOPLE, 0, f_svc,
     "Change a service at its version (409 when stale); the history keeps the change"},
    {"POST", "/services/{id}/void", h_svc_void, SVC_PEOPLE, 0, f_svc_void,
     "Void a service with a reason (services are never deleted)"},
    {"POST", "/services/{id}/review", h_svc_review, R_ADMIN | R_SUPERVISOR, 0, f_svc_review,
     "Mark a kept boundary warning or an override reviewed"},
    {"GET", "/review", h_review, R_ADMIN | R_SUPERVISOR, 0, NULL,
     "The supervisor's review list: kept boundary warnings (SV-5) and overrides (SV-3, SV-4)"},
    {"POST", "/review/assignments/{id}", h_assignment_review, R_ADMIN | R_SUPERVISOR, 0, NULL,
     "Mark an assignment made with an override reviewed"},
    {"POST", "/services/drafts", h_svc_draft_save, SVC_PEOPLE, 0, f_svc_draft,
     "Keep an unfinished service form as a draft"},
    {"GET", "/services/drafts/{id}", h_svc_draft_open, SVC_PEOPLE, RT_PAGE_ONLY, NULL,
     "Open a draft in the service form"},
    {"POST", "/services/drafts/{id}/delete", h_svc_draft_delete, SVC_PEOPLE, 0, NULL,
     "Forget a draft"},
};
const struct route_module rm_services = ROUTE_MODULE(services_rows);

static const struct field f_bnd_rule[] = {{"lane", FT_TOKEN, 20, 0, 0, FIELD_REQUIRED},
                                          {"effect", FT_TOKEN, 10, 0, 0, 0},
                                          {"pattern", FT_LINE, 400, 0, 0, 0},
                                          {"disables", FT_LINE, 64, 0, 0, 0},
                                          {"note", FT_TEXT, 500, 0, 0, 0},
                                          {NULL}};
static const struct field f_bnd_check[] = {{"note", FT_TEXT, 4000, 0, 0, FIELD_REQUIRED}, {NULL}};

const struct route boundary_rows[] = {
    {"GET", "/boundary-rules", h_bnd_rules, R_ADMIN | R_SUPERVISOR, 0, NULL,
     "The boundary check's rules: built in, and the organization's own (SV-5)"},
    {"POST", "/boundary-rules", h_bnd_rule_add, R_ADMIN, 0, f_bnd_rule,
     "Add an organization rule (warn or allow), or turn a built-in rule off"},
    {"POST", "/boundary-rules/{id}/disable", h_bnd_rule_disable, R_ADMIN, 0, NULL,
     "Turn an organization rule off"},
    {"POST", "/boundary-rules/check", h_bnd_check, R_ADMIN | R_SUPERVISOR, 0, f_bnd_check,
     "Try a note against the rules (nothing is kept)"},
};
const struct route_module rm_boundary = ROUTE_MODULE(boundary_rows);
