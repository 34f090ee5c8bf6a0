/* ops_services.c - the service log (ops_services.h; SPEC SV-1..SV-5, WF-1, WF-4, WF-5). */
#include "ops_services.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts.h"
#include "billing_store.h"
#include "civil.h"
#include "jmem.h"
#include "msg.h"
#include "ops_reach.h"
#include "recoverees.h"
#include "service.h"
#include "services_store.h"
#include "service_boundary.h"
#include "tz.h"
#include "workforce_store.h"

static const char *day_s(struct op_ctx *c, int32_t day)
{
    char *s = arena_alloc(c->a, 11);
    civil_format(day, s);
    return s;
}

static const struct tz *zone_of(const struct op_ctx *c)
{
    return c->zone ? c->zone : tz_utc();
}

static int leads(const struct op_ctx *c)
{
    return c->who.role == ROLE_SUPERVISOR || c->who.role == ROLE_ADMIN;
}

/* ---- input checks --------------------------------------------------------------- */

/* Every input at fault, collected so the form shows them all at once. */
struct faults {
    struct op_field_error e[16];
    size_t n;
};

static void fault(struct op_ctx *c, struct faults *f, const char *field, const char *id)
{
    if (f->n < sizeof f->e / sizeof *f->e)
        f->e[f->n++] = (struct op_field_error){field, "invalid", msg(c->lang, id)};
}

static enum op_status faults_result(struct op_ctx *c, struct faults *f, struct op_result *res)
{
    struct op_field_error *e = arena_alloc(c->a, sizeof *e * f->n);
    memcpy(e, f->e, sizeof *e * f->n);
    op_fail(res, OP_INVALID, NULL, "SV-1", e[0].field, e[0].message);
    if (f->n > 1) {
        res->errors = e;
        res->nerrors = f->n;
    }
    return OP_INVALID;
}

/* The service as it will be stored, from the input: shape checks only (SV-1). */
static enum op_status shape(struct op_ctx *c, const struct svc_in *in, struct svc_row *v,
                            int32_t *day, struct op_result *res)
{
    struct faults f = {0};
    int mod = svc_modality_parse(in->modality), inten = svc_intensity_parse(in->intensity);
    if (mod < 0)
        fault(c, &f, "modality", in->modality ? "service.err.modality" : "service.err.modality_missing");
    if (inten < 0)
        fault(c, &f, "intensity", "service.err.intensity");
    if (svc_setting_parse(in->setting) < 0)
        fault(c, &f, "setting", "service.err.setting");
    if (svc_activity_parse(in->activity) < 0)
        fault(c, &f, "activity", "service.err.activity");
    if (in->funding_source && *in->funding_source && svc_funding_parse(in->funding_source) < 0)
        fault(c, &f, "funding_source", "service.err.funding");
    if (in->minutes < 1 || in->minutes > SVC_MINUTES_MAX)
        fault(c, &f, "minutes", "service.err.minutes");
    if (!in->note || !*in->note)
        fault(c, &f, "note", "service.err.note");
    if (mod >= 0 && !svc_recoverees_fit((enum svc_modality)mod, in->nrecoverees))
        fault(c, &f, "recoverees", in->nrecoverees == 0 ? "service.err.recoveree_missing"
                                   : mod == SVC_GROUP ? "service.err.group_size"
                                                      : "service.err.one_recoveree");
    /* The start: the organization's day and wall-clock time, now when not given. */
    struct tz_local now;
    tz_local_of(zone_of(c), c->now, &now);
    int32_t d = c->today;
    int sec = now.hour * 3600 + now.minute * 60;
    if (in->date && *in->date) {
        d = civil_parse(in->date);
        if (d < 0)
            fault(c, &f, "date", "service.err.date");
    }
    if (in->time && *in->time) {
        sec = svc_parse_clock(in->time);
        if (sec < 0)
            fault(c, &f, "time", "service.err.time");
    }
    int64_t start = 0;
    if (d >= 0 && sec >= 0) {
        start = tz_utc_of(zone_of(c), d, sec);
        if (start > c->now + SVC_FUTURE_SLACK)
            fault(c, &f, "date", "service.err.future");
        else if (d < c->today - SVC_BACKDATE_DAYS)
            fault(c, &f, "date", "service.err.too_old");
    }
    if (f.n)
        return faults_result(c, &f, res);
    *day = d;
    *v = (struct svc_row){
        .started_at = start,
        .service_date = day_s(c, d),
        .minutes = (int)in->minutes,
        .modality = svc_modality_name((enum svc_modality)mod),
        .intensity = wf_intensity_name((enum wf_intensity)inten),
        .setting = in->setting,
        .activity = in->activity,
        .funding_source = in->funding_source && *in->funding_source ? in->funding_source : NULL,
        .note = in->note,
        .created_at = c->now,
    };
    return OP_OK;
}

/* SV-8: who pays for service v, for the claims run: the payer of the first recoveree's billing
 * profile whose funding source is the service's, and the payer's active code for its format
 * (one for exactly this modality, else one for any). None when the service names no funding
 * source or the person has no such coverage; the claims run says why a service is left out. */
static int billing_of(struct op_ctx *c, struct svc_row *v, int64_t recoveree)
{
    v->payer_id = v->code_id = 0;
    if (!v->funding_source)
        return 0;
    struct billing_profile *bp;
    int nb;
    if (profile_list(c->db, c->a, c->who.org_id, recoveree, &bp, &nb) != 0)
        return -1;
    for (int i = 0; i < nb && !v->payer_id; i++) {
        struct payer p;
        int rc = payer_get(c->db, c->a, c->who.org_id, bp[i].payer_id, &p);
        if (rc < 0)
            return -1;
        if (rc == 1 && p.active && p.funding_source && strcmp(p.funding_source, v->funding_source) == 0)
            v->payer_id = p.id;
    }
    if (!v->payer_id)
        return 0;
    struct payer_code *pc;
    int nc;
    if (code_list(c->db, c->a, c->who.org_id, v->payer_id, &pc, &nc) != 0)
        return -1;
    for (int pass = 0; pass < 2 && !v->code_id; pass++)
        for (int i = 0; i < nc && !v->code_id; i++)
            if (pc[i].active && (pass == 0 ? pc[i].modality && strcmp(pc[i].modality, v->modality) == 0
                                           : !pc[i].modality || !*pc[i].modality))
                v->code_id = pc[i].id;
    return 0;
}

/* ---- the rules ------------------------------------------------------------------ */

/* The peer who delivered the service: the actor when a peer, else the one named, whom a
 * supervisor must supervise. Fills *rec. */
static enum op_status peer_of(struct op_ctx *c, int64_t named, struct wf_record *rec,
                              struct op_result *res)
{
    int64_t id = c->who.role == ROLE_PEER ? c->who.user_id : named;
    if (c->who.role != ROLE_PEER && !leads(c))
        return op_forbidden(res, NULL, msg(c->lang, "service.err.who"));
    if (!id)
        return op_invalid(res, "peer_id", msg(c->lang, "service.err.peer_missing"));
    int rc = wf_load(c->db, c->a, c->who.org_id, id, rec);
    if (rc < 0)
        return op_store(res, msg(c->lang, "service.err.store_read"));
    if (rc == 0 || strcmp(rec->prof.role, "peer") != 0 || rec->prof.disabled)
        return op_fail(res, OP_INVALID, "not_a_peer", NULL, "peer_id",
                       msg(c->lang, "service.err.not_a_peer"));
    if (c->who.role == ROLE_SUPERVISOR &&
        wf_supervises(c->db, c->who.org_id, c->who.user_id, id, c->today) != 1)
        return op_fail(res, OP_FORBIDDEN, NULL, NULL, "peer_id",
                       msg(c->lang, "service.err.not_supervised"));
    return OP_OK;
}

/* Reach, WF, SV-3/SV-4 and SV-5 for the shaped service v of day, inside the transaction.
 * Fills v's peer, level, override and boundary columns. *audit_refusal is set when the
 * refusal must survive the rollback on the audit trail. */
static enum op_status rules(struct op_ctx *c, const struct svc_in *in, int32_t day,
                            struct svc_row *v, struct svc_outcome *out, int *audit_refusal,
                            struct op_result *res)
{
    struct wf_record rec;
    if (peer_of(c, in->peer_id, &rec, res) != OP_OK)
        return res->status;
    v->peer_id = rec.prof.user_id;
    /* WF-1, WF-4, WF-5 on the service's day: never overridable. First, since it is about the
     * peer alone (a Level 1 volunteer hears WF-1, not that nobody is on their caseload). */
    struct wf_decision d;
    enum wf_intensity inten = (enum wf_intensity)svc_intensity_parse(v->intensity);
    wf_decide_about(&rec.person, c->pol, day, svc_action(inten),
                    rec.prof.user_id == c->who.user_id ? NULL : rec.prof.name, &d);
    if (!d.allowed) {
        *audit_refusal = 1;
        return op_refused(res, d.rule, "intensity", op_said(c, &d.text, d.message));
    }
    /* Reach: every recoveree named. The same answer for absent and out of reach. */
    for (size_t i = 0; i < in->nrecoverees; i++) {
        for (size_t j = 0; j < i; j++)
            if (in->recoverees[j] == in->recoverees[i])
                return op_invalid(res, "recoverees", msg(c->lang, "service.err.duplicate"));
        /* The peer's own WF-5/WF-1 check of today once, not per member of a group. */
        struct recoveree x;
        if ((i == 0 ? op_rc_for_write(c, in->recoverees[i], &x, res)
                    : op_rc_reach(c, in->recoverees[i], &x, res)) != OP_OK)
            return res->status;
    }
    v->peer_level = (int)wf_effective_level(&rec.person, c->pol, day);
    const struct wf_cert *cert = wf_current_cert(&rec.person, day);
    v->peer_credential = cert ? wf_cert_body_name(cert->body) : NULL;
    /* SV-3, SV-4 with each recoveree: refused unless a supervisor overrides in writing. */
    const char *rules_hit = NULL, *first = NULL, *first_rule = NULL;
    for (size_t i = 0; i < in->nrecoverees; i++) {
        struct assign_conflict cf[8];
        size_t nc;
        if (op_rel_conflicts(c, in->recoverees[i], v->peer_id, rec.prof.name, cf, 8, &nc) != 0)
            return op_store(res, msg(c->lang, "service.err.store_read"));
        for (size_t k = 0; k < nc; k++) {
            if (!first) {
                first = op_said(c, &cf[k].text, cf[k].message);
                first_rule = cf[k].rule;
            }
            if (!rules_hit || !strstr(rules_hit, cf[k].rule))
                rules_hit = rules_hit ? arena_printf(c->a, "%s,%s", rules_hit, cf[k].rule)
                                      : arena_strdup(c->a, cf[k].rule);
        }
    }
    if (first) {
        const char *reason = in->override_reason && *in->override_reason ? in->override_reason
                                                                          : NULL;
        if (!in->override || !leads(c)) {
            *audit_refusal = 1;
            return op_refused(res, first_rule, "recoverees",
                              arena_printf(c->a, "%s %s", first,
                                           msg(c->lang, leads(c) ? "service.override.you_may"
                                                                 : "service.override.ask")));
        }
        if (!reason || strlen(reason) < SVC_REASON_MIN)
            return op_fail(res, OP_INVALID, NULL, first_rule, "override_reason",
                           msg(c->lang, "service.err.override_reason"));
        v->override_rules = rules_hit;
        v->override_reason = reason;
        v->override_by = c->who.user_id;
    }
    /* SV-5: the note's lanes. */
    struct bnd_found hit;
    int nh = svc_boundary_check(c, v->note, &hit);
    if (nh < 0)
        return op_store(res, msg(c->lang, "service.err.store_read"));
    if (nh > 0) {
        out->boundary_lane = hit.lane;
        out->boundary_phrase = hit.phrase;
        const char *reason = in->boundary_reason && *in->boundary_reason ? in->boundary_reason
                                                                          : NULL;
        if (!reason) {
            *audit_refusal = 1;
            return op_fail(res, OP_REFUSED, "boundary_warning", "SV-5", "note",
                           msg_fmt(c->a, c->lang, "service.boundary.warning", "lane",
                                   msg(c->lang, arena_printf(c->a, "boundary.lane.%s", hit.lane)),
                                   "phrase", hit.phrase, NULL));
        }
        if (strlen(reason) < SVC_REASON_MIN)
            return op_fail(res, OP_INVALID, NULL, "SV-5", "boundary_reason",
                           msg(c->lang, "service.err.boundary_reason"));
        v->boundary_lane = hit.lane;
        v->boundary_phrase = hit.phrase;
        v->boundary_reason = reason;
    }
    if (in->nrecoverees && billing_of(c, v, in->recoverees[0]) != 0)
        return op_store(res, msg(c->lang, "service.err.store_read"));
    /* Plan goals: each a goal of one of the service's recoverees. */
    for (size_t g = 0; g < in->ngoals; g++) {
        int found = 0;
        for (size_t i = 0; i < in->nrecoverees && !found; i++) {
            int rc = svc_goal_of(c->db, c->who.org_id, in->goals[g], in->recoverees[i]);
            if (rc < 0)
                return op_store(res, msg(c->lang, "service.err.store_read"));
            found = rc == 1;
        }
        if (!found)
            return op_invalid(res, "goals", msg(c->lang, "service.err.goal"));
    }
    return OP_OK;
}

/* The fields people change, as JSON for the history. */
static char *snapshot(const struct svc_row *v, size_t nrec, const int64_t *rec)
{
    json_t *j = json_pack("{s:s,s:I,s:I,s:s,s:s,s:s,s:s,s:s?,s:s?,s:s?}", "date", v->service_date,
                          "started_at", (json_int_t)v->started_at, "minutes",
                          (json_int_t)v->minutes, "modality", v->modality, "intensity",
                          v->intensity, "setting", v->setting, "activity", v->activity,
                          "funding_source", v->funding_source, "note", v->note,
                          "boundary_reason", v->boundary_reason);
    if (!j)
        return NULL;
    json_t *ids = json_array();
    for (size_t i = 0; i < nrec; i++)
        json_array_append_new(ids, json_integer((json_int_t)rec[i]));
    json_object_set_new(j, "recoverees", ids);
    char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(j);
    return s;
}

/* Write the links, the history entry and the audit events of a logged or changed service. */
static int write_rest(struct op_ctx *c, int64_t id, int64_t version, const struct svc_in *in,
                      const struct svc_row *v, const char *what, const char *before)
{
    for (size_t i = 0; i < in->nrecoverees; i++)
        if (svc_add_recoveree(c->db, c->who.org_id, id, in->recoverees[i]) != DB_OK)
            return -1;
    for (size_t g = 0; g < in->ngoals; g++)
        if (svc_add_goal(c->db, c->who.org_id, id, in->goals[g]) != DB_OK)
            return -1;
    char *after = snapshot(v, in->nrecoverees, in->recoverees);
    int rc = after ? svc_history_add(c->db, c->who.org_id, id, version, c->now, c->who.user_id,
                                     what, NULL, before, after)
                   : DB_ERR;
    jmem_free_text(after);
    if (rc != DB_OK)
        return -1;
    const char *action = arena_printf(c->a, "service.%s", what);
    if (op_audit(c, action, "service", id,
                 arena_printf(c->a, "%s %s %d min", v->modality, v->intensity, v->minutes),
                 "ok") != 0)
        return -1;
    if (v->override_reason &&
        op_audit(c, "override", "service", id,
                 arena_printf(c->a, "%s: %s", v->override_rules, v->override_reason), "ok") != 0)
        return -1;
    if (v->boundary_reason &&
        op_audit(c, "service.boundary_kept", "service", id,
                 arena_printf(c->a, "%s: %s", v->boundary_lane, v->boundary_reason), "ok") != 0)
        return -1;
    /* The recoveree's draft is sent. */
    for (size_t i = 0; i < in->nrecoverees; i++)
        if (svc_draft_delete_for(c->db, c->who.org_id, c->who.user_id, in->recoverees[i]) < 0)
            return -1;
    return 0;
}

enum op_status op_svc_log(struct op_ctx *c, const struct svc_in *in, struct svc_outcome *out,
                          struct op_result *res)
{
    *out = (struct svc_outcome){0};
    struct svc_row v;
    int32_t day;
    if (shape(c, in, &v, &day, res) != OP_OK)
        return res->status;
    if (op_begin(c, res) != OP_OK)
        return res->status;
    int audit_refusal = 0;
    if (rules(c, in, day, &v, out, &audit_refusal, res) == OP_OK) {
        int64_t id = 0;
        if (svc_insert(c->db, c->who.org_id, &v, c->who.user_id, &id) != DB_OK ||
            write_rest(c, id, 1, in, &v, "log", NULL) != 0)
            op_store(res, msg(c->lang, "service.err.store_write"));
        else
            op_ok(res, id, 1);
    }
    enum op_status st = op_end(c, res);
    if (st == OP_NOT_FOUND && in->nrecoverees)
        return op_rc_denied(c, res, in->recoverees[0], "service.log");
    if (st != OP_OK && audit_refusal)
        return op_audit_refusal(c, res, "service.refused", "service", 0);
    return st;
}

enum op_status op_svc_log_attendance(struct op_ctx *c, int64_t deliverer, const struct svc_in *in,
                                     const struct svc_outcome *kept, int64_t *id,
                                     struct op_result *res)
{
    struct svc_row v;
    int32_t day;
    if (shape(c, in, &v, &day, res) != OP_OK)
        return res->status;
    struct wf_record rec;
    int rc = wf_load(c->db, c->a, c->who.org_id, deliverer, &rec);
    if (rc < 0)
        return op_store(res, msg(c->lang, "service.err.store_read"));
    if (rc == 0 || rec.prof.disabled)
        return op_fail(res, OP_INVALID, "not_a_facilitator", NULL, "facilitator_id",
                       msg(c->lang, "group.err.facilitator_gone"));
    v.peer_id = deliverer;
    if (strcmp(rec.prof.role, "peer") == 0) {
        /* A peer facilitating works within their own scope that day (WF-1, WF-4, WF-5). */
        struct wf_decision d;
        enum wf_intensity inten = (enum wf_intensity)svc_intensity_parse(v.intensity);
        wf_decide_about(&rec.person, c->pol, day, svc_action(inten),
                        deliverer == c->who.user_id ? NULL : rec.prof.name, &d);
        if (!d.allowed)
            return op_refused(res, d.rule, "facilitator_id", op_said(c, &d.text, d.message));
        v.peer_level = (int)wf_effective_level(&rec.person, c->pol, day);
        const struct wf_cert *cert = wf_current_cert(&rec.person, day);
        v.peer_credential = cert ? wf_cert_body_name(cert->body) : NULL;
    }
    if (kept && kept->boundary_lane) {
        v.boundary_lane = kept->boundary_lane;
        v.boundary_phrase = kept->boundary_phrase;
        v.boundary_reason = in->boundary_reason;
    }
    if (billing_of(c, &v, in->recoverees[0]) != 0)
        return op_store(res, msg(c->lang, "service.err.store_read"));
    int64_t sid = 0;
    if (svc_insert(c->db, c->who.org_id, &v, c->who.user_id, &sid) != DB_OK ||
        write_rest(c, sid, 1, in, &v, "log", NULL) != 0)
        return op_store(res, msg(c->lang, "service.err.store_write"));
    *id = sid;
    return op_ok(res, sid, 1);
}

/* May the actor change service v: its peer, the peer's supervisor today, an administrator. */
static int may_change(struct op_ctx *c, const struct svc_row *v)
{
    if (c->who.role == ROLE_ADMIN)
        return 1;
    if (c->who.role == ROLE_PEER)
        return v->peer_id == c->who.user_id;
    return c->who.role == ROLE_SUPERVISOR &&
           wf_supervises(c->db, c->who.org_id, c->who.user_id, v->peer_id, c->today) == 1;
}

enum op_status op_svc_edit(struct op_ctx *c, int64_t id, const struct svc_in *in,
                           struct svc_outcome *out, struct op_result *res)
{
    *out = (struct svc_outcome){0};
    struct svc_row v, old;
    int32_t day;
    if (op_begin(c, res) != OP_OK)
        return res->status;
    int audit_refusal = 0;
    /* The service first: another organization's or out of reach is 404 before any input is
     * judged (nothing about it leaks through a 400). */
    int rc = svc_get(c->db, c->a, c->who.org_id, id, &old);
    if (rc < 0)
        op_store(res, msg(c->lang, "service.err.store_read"));
    else if (rc == 0 || !may_change(c, &old))
        op_not_found(res, msg(c->lang, "service.err.not_found"));
    else if (strcmp(old.status, "final") != 0)
        op_conflict(res, "voided", msg(c->lang, "service.err.voided"));
    else if (in->version && in->version != old.version)
        op_conflict(res, "stale", msg(c->lang, "service.err.stale"));
    else if (shape(c, in, &v, &day, res) == OP_OK) {
        struct svc_in edit = *in;
        edit.peer_id = old.peer_id; /* who delivered it does not change */
        if (rules(c, &edit, day, &v, out, &audit_refusal, res) == OP_OK) {
            struct svc_person *ps;
            int np;
            int64_t *oldr = NULL;
            char *before = NULL;
            if (svc_recoverees(c->db, c->a, c->who.org_id, id, &ps, &np) == 0) {
                oldr = arena_alloc(c->a, sizeof *oldr * (size_t)(np ? np : 1));
                for (int i = 0; i < np; i++)
                    oldr[i] = ps[i].id;
                before = snapshot(&old, (size_t)np, oldr);
            }
            v.id = id;
            int u = before ? svc_update(c->db, c->who.org_id, &v, old.version, c->who.user_id,
                                        c->now)
                           : -1;
            if (u == 0)
                op_conflict(res, "stale", msg(c->lang, "service.err.stale"));
            else if (u < 0 || svc_clear_links(c->db, c->who.org_id, id) != DB_OK ||
                     write_rest(c, id, old.version + 1, &edit, &v, "edit", before) != 0)
                op_store(res, msg(c->lang, "service.err.store_write"));
            else
                op_ok(res, id, old.version + 1);
            jmem_free_text(before);
        }
    }
    enum op_status st = op_end(c, res);
    if (st != OP_OK && audit_refusal)
        return op_audit_refusal(c, res, "service.refused", "service", id);
    return st;
}

enum op_status op_svc_void(struct op_ctx *c, int64_t id, int64_t version, const char *reason,
                           struct op_result *res)
{
    if (op_begin(c, res) != OP_OK)
        return res->status;
    struct svc_row v;
    int rc = svc_get(c->db, c->a, c->who.org_id, id, &v);
    if (rc < 0)
        op_store(res, msg(c->lang, "service.err.store_read"));
    else if (rc == 0 || !may_change(c, &v))
        op_not_found(res, msg(c->lang, "service.err.not_found"));
    else if (!reason || strlen(reason) < SVC_REASON_MIN)
        op_invalid(res, "reason", msg(c->lang, "service.err.void_reason"));
    else if (strcmp(v.status, "final") != 0)
        op_conflict(res, "voided", msg(c->lang, "service.err.voided"));
    else if (version && version != v.version)
        op_conflict(res, "stale", msg(c->lang, "service.err.stale"));
    else {
        int u = svc_void(c->db, c->who.org_id, id, v.version, reason, c->who.user_id, c->now);
        if (u == 0)
            op_conflict(res, "stale", msg(c->lang, "service.err.stale"));
        else if (u < 0 ||
                 svc_history_add(c->db, c->who.org_id, id, v.version + 1, c->now,
                                 c->who.user_id, "void", reason, NULL, NULL) != DB_OK ||
                 op_audit(c, "service.void", "service", id, reason, "ok") != 0)
            op_store(res, msg(c->lang, "service.err.store_write"));
        else
            op_ok(res, id, v.version + 1);
    }
    return op_end(c, res);
}

enum op_status op_svc_review(struct op_ctx *c, int64_t id, const char *note,
                             struct op_result *res)
{
    if (!leads(c))
        return op_forbidden(res, NULL, msg(c->lang, "service.err.review_who"));
    if (op_begin(c, res) != OP_OK)
        return res->status;
    struct svc_row v;
    int rc = svc_get(c->db, c->a, c->who.org_id, id, &v);
    if (rc < 0)
        op_store(res, msg(c->lang, "service.err.store_read"));
    else if (rc == 0 || !may_change(c, &v))
        op_not_found(res, msg(c->lang, "service.err.not_found"));
    else {
        int u = svc_review(c->db, c->who.org_id, id, c->who.user_id, c->now,
                           note && *note ? note : NULL);
        if (u == 0)
            op_conflict(res, "nothing_to_review", msg(c->lang, "service.err.nothing_to_review"));
        else if (u < 0 ||
                 svc_history_add(c->db, c->who.org_id, id, v.version, c->now, c->who.user_id,
                                 "review", note && *note ? note : NULL, NULL, NULL) != DB_OK ||
                 op_audit(c, "service.review", "service", id, note, "ok") != 0)
            op_store(res, msg(c->lang, "service.err.store_write"));
        else
            op_ok(res, id, v.version);
    }
    return op_end(c, res);
}

enum op_status op_assignment_review(struct op_ctx *c, int64_t caseload_id, struct op_result *res)
{
    if (!leads(c))
        return op_forbidden(res, NULL, msg(c->lang, "service.err.review_who"));
    if (op_begin(c, res) != OP_OK)
        return res->status;
    int64_t peer = 0;
    int rc = svc_assignment_peer(c->db, c->who.org_id, caseload_id, &peer);
    if (rc < 0)
        op_store(res, msg(c->lang, "service.err.store_read"));
    else if (rc == 0 ||
             (c->who.role == ROLE_SUPERVISOR &&
              wf_supervises(c->db, c->who.org_id, c->who.user_id, peer, c->today) != 1))
        op_not_found(res, msg(c->lang, "service.err.assignment_not_found"));
    else {
        int u = svc_assignment_review(c->db, c->who.org_id, caseload_id, c->who.user_id, c->now);
        if (u == 0)
            op_conflict(res, "nothing_to_review", msg(c->lang, "service.err.nothing_to_review"));
        else if (u < 0 || op_audit(c, "caseload.review", "caseload", caseload_id, NULL, "ok") != 0)
            op_store(res, msg(c->lang, "service.err.store_write"));
        else
            op_ok(res, caseload_id, 0);
    }
    return op_end(c, res);
}

enum op_status op_svc_readable(struct op_ctx *c, int64_t id, struct op_result *res)
{
    struct svc_row v;
    int rc = svc_get(c->db, c->a, c->who.org_id, id, &v);
    if (rc < 0)
        return op_store(res, msg(c->lang, "service.err.store_read"));
    if (rc == 1 && (c->who.user_id == v.peer_id || may_change(c, &v)))
        return op_ok(res, id, v.version);
    if (rc == 1) {
        struct svc_person *ps;
        int np;
        if (svc_recoverees(c->db, c->a, c->who.org_id, id, &ps, &np) != 0)
            return op_store(res, msg(c->lang, "service.err.store_read"));
        struct rc_scope sc;
        op_rc_scope(c, 0, &sc);
        for (int i = 0; i < np; i++) {
            struct recoveree x;
            int g = rc_get(c->db, c->a, c->who.org_id, ps[i].id, &sc, &x);
            if (g < 0)
                return op_store(res, msg(c->lang, "service.err.store_read"));
            if (g == 1)
                return op_ok(res, id, v.version);
        }
    }
    return op_not_found(res, msg(c->lang, "service.err.not_found"));
}

enum op_status op_svc_draft_save(struct op_ctx *c, int64_t recoveree_id, const char *fields,
                                 struct op_result *res)
{
    if (!fields || strlen(fields) > SVC_DRAFT_MAX)
        return op_invalid(res, "fields", msg(c->lang, "service.err.draft_size"));
    json_error_t je;
    json_t *j = json_loads(fields, 0, &je);
    int ok = j && json_is_object(j);
    json_decref(j);
    if (!ok)
        return op_invalid(res, "fields", msg(c->lang, "service.err.draft_shape"));
    if (op_begin(c, res) != OP_OK)
        return res->status;
    struct recoveree x;
    if (recoveree_id && op_rc_for_write(c, recoveree_id, &x, res) != OP_OK) {
        op_end(c, res);
        return op_rc_denied(c, res, recoveree_id, "service.draft");
    }
    int64_t id = 0;
    if (svc_draft_save(c->db, c->who.org_id, c->who.user_id, recoveree_id, fields, c->now, &id) !=
        DB_OK)
        op_store(res, msg(c->lang, "service.err.store_write"));
    else
        op_ok(res, id, 0);
    return op_end(c, res);
}

enum op_status op_svc_draft_delete(struct op_ctx *c, int64_t id, struct op_result *res)
{
    if (op_begin(c, res) != OP_OK)
        return res->status;
    int rc = svc_draft_delete(c->db, c->who.org_id, c->who.user_id, id);
    if (rc < 0)
        op_store(res, msg(c->lang, "service.err.store_write"));
    else if (rc == 0)
        op_not_found(res, msg(c->lang, "service.err.draft_not_found"));
    else
        op_ok(res, id, 0);
    return op_end(c, res);
}
