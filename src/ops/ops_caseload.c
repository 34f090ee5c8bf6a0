/* ops_caseload.c - assignment, relationships, break-glass and matching (ops_caseload.h). */
#include "ops_caseload.h"

#include "workforce_status.h"

#include <stdlib.h>
#include <string.h>

#include "accounts.h"
#include "assignment.h"
#include "caseload_store.h"
#include "civil.h"
#include "msg.h"
#include "ops_reach.h"
#include "validate.h" /* date_valid */
#include "workforce_store.h"

static int leads(const struct op_ctx *c)
{
    return c->who.role == ROLE_ADMIN || c->who.role == ROLE_SUPERVISOR;
}

static const char *day_s(struct op_ctx *c, int32_t day)
{
    char *s = arena_alloc(c->a, 11);
    civil_format(day, s);
    return s;
}

/* May the actor assign peer_id? An administrator any peer, a supervisor only the peers they
 * supervise today. 1, 0, or -1 on a store error. */
static int may_assign_peer(struct op_ctx *c, int64_t peer_id)
{
    if (c->who.role == ROLE_ADMIN)
        return 1;
    if (c->who.role != ROLE_SUPERVISOR)
        return 0;
    return wf_supervises(c->db, c->who.org_id, c->who.user_id, peer_id, c->today);
}

/* Begin, and load the recoveree for a change: OP_OK inside the transaction, else the
 * transaction is over, a not-found is audited as recoveree.denied, and res says why. */
static enum op_status begin_for(struct op_ctx *c, int64_t id, struct recoveree *x,
                                const char *what, struct op_result *res)
{
    if (op_begin(c, res) != OP_OK)
        return res->status;
    if (op_rc_for_write(c, id, x, res) != OP_OK) {
        op_end(c, res);
        return op_rc_denied(c, res, id, what);
    }
    return OP_OK;
}

/* ---- assignment ------------------------------------------------------------------- */

/* The assignment's body inside the transaction. *audit_refusal is set when the refusal must
 * be on the audit trail after the rollback (SV-3/SV-4 without an override). */
static void assign_in_tx(struct op_ctx *c, const struct rc_assign_in *in,
                         const struct recoveree *x, const char **override_rules,
                         int *audit_refusal, struct op_result *res)
{
    const char *start = in->start_date && *in->start_date ? in->start_date : NULL;
    if (start && !date_valid(start)) {
        op_invalid(res, "start_date", msg(c->lang, "caseload.err.start_date"));
        return;
    }
    int32_t day = start ? civil_parse(start) : c->today;
    /* A caseload starts today or later: a past start would judge the peer by who they were
     * then (a supervisor they no longer have), not by who they are now. */
    if (day < c->today) {
        op_invalid(res, "start_date", msg(c->lang, "caseload.err.start_past"));
        return;
    }
    struct user peer;
    if (user_by_id(c->db, c->a, c->who.org_id, in->peer_id, &peer) != 1 ||
        peer.role != ROLE_PEER || peer.disabled) {
        op_fail(res, OP_REFUSED, "not_a_peer", NULL, "peer_id",
                msg(c->lang, "caseload.err.not_a_peer"));
        return;
    }
    /* A supervisor assigns the peers they supervise; an administrator anyone. */
    if (c->who.role == ROLE_SUPERVISOR &&
        wf_supervises(c->db, c->who.org_id, c->who.user_id, peer.id, c->today) != 1) {
        op_fail(res, OP_FORBIDDEN, NULL, NULL, "peer_id",
                msg(c->lang, "caseload.err.not_supervised"));
        return;
    }
    /* WF-1, WF-4, WF-5: never overridable; checked today and on the start date. */
    for (int k = 0; k < 2; k++) {
        struct wf_decision d;
        if (wf_check_as(c->db, c->a, c->who.org_id, peer.id, k ? day : c->today, c->pol,
                        WF_ASSIGN_RECOVEREE, c->who.user_id, &d) != 0) {
            op_store(res, msg(c->lang, "wf.err_read"));
            return;
        }
        if (!d.allowed) {
            op_refused(res, d.rule, "peer_id", op_said(c, &d.text, d.message));
            return;
        }
    }
    /* SV-3, SV-4: refused unless a supervisor overrides with a written reason. */
    struct assign_conflict cf[REL__COUNT * 4];
    size_t nc;
    if (op_rel_conflicts(c, x->id, peer.id, peer.display_name, cf, sizeof cf / sizeof *cf,
                          &nc) != 0) {
        op_store(res, msg(c->lang, "caseload.err.rel_read"));
        return;
    }
    const char *rules = NULL;
    for (size_t i = 0; i < nc; i++)
        if (!rules || !strstr(rules, cf[i].rule))
            rules = rules ? arena_printf(c->a, "%s,%s", rules, cf[i].rule)
                          : arena_strdup(c->a, cf[i].rule);
    const char *reason = in->override_reason && *in->override_reason ? in->override_reason : NULL;
    if (nc > 0 && !in->override) {
        *audit_refusal = 1;
        op_refused(res, cf[0].rule, "peer_id",
                   arena_printf(c->a, "%s %s", op_said(c, &cf[0].text, cf[0].message),
                                /* Worded to the person acting (issue 7). */
                                c->who.role == ROLE_SUPERVISOR || c->who.role == ROLE_ADMIN
                                    ? msg(c->lang, "caseload.err.may_override")
                                    : msg(c->lang, "caseload.err.ask_override")));
        return;
    }
    if (nc > 0 && (!reason || strlen(reason) < OVERRIDE_REASON_MIN)) {
        op_fail(res, OP_INVALID, NULL, cf[0].rule, "override_reason",
                msg(c->lang, "caseload.err.override_reason"));
        return;
    }
    /* Already this peer's recoveree: nothing to do. */
    const char *today = day_s(c, c->today);
    struct cl_row *cl;
    int ncl;
    if (cl_active(c->db, c->a, c->who.org_id, x->id, today, &cl, &ncl) != 0) {
        op_store(res, msg(c->lang, "caseload.err.read"));
        return;
    }
    for (int i = 0; i < ncl; i++)
        if (cl[i].peer_id == peer.id) {
            op_fail(res, OP_CONFLICT, "already_assigned", NULL, "peer_id",
                    msg(c->lang, "caseload.err.already"));
            return;
        }
    int64_t id = 0;
    int ok = cl_insert(c->db, c->who.org_id, x->id, peer.id, day_s(c, day), nc ? rules : NULL,
                       nc ? reason : NULL, nc ? c->who.user_id : 0, c->who.user_id, c->now,
                       &id) == DB_OK;
    ok = ok && op_audit(c, "caseload.assign", "recoveree", x->id,
                        arena_printf(c->a, "peer %lld", (long long)peer.id), "ok") == 0;
    /* An override is its own audited event, with the rules and the reason. */
    ok = ok && (!nc || op_audit(c, "override", "recoveree", x->id,
                                arena_printf(c->a, "%s: %s", rules, reason), "ok") == 0);
    if (!ok) {
        op_store(res, msg(c->lang, "caseload.err.store"));
        return;
    }
    if (override_rules)
        *override_rules = nc ? rules : NULL;
    op_ok(res, id, 0);
}

enum op_status op_rc_assign(struct op_ctx *c, const struct rc_assign_in *in,
                            const char **override_rules, struct op_result *res)
{
    if (override_rules)
        *override_rules = NULL;
    if (!leads(c))
        return op_forbidden(res, NULL, msg(c->lang, "caseload.err.leads_assign"));
    struct recoveree x;
    if (begin_for(c, in->recoveree_id, &x, "caseload.assign", res) != OP_OK)
        return res->status;
    int audit_refusal = 0;
    assign_in_tx(c, in, &x, override_rules, &audit_refusal, res);
    if (op_end(c, res) != OP_OK && audit_refusal)
        return op_audit_refusal(c, res, "caseload.refused", "recoveree", x.id);
    return res->status;
}

enum op_status op_rc_assign_end(struct op_ctx *c, int64_t recoveree_id, int64_t assignment_id,
                                struct op_result *res)
{
    if (!leads(c))
        return op_forbidden(res, NULL, msg(c->lang, "caseload.err.leads_end"));
    struct recoveree x;
    if (begin_for(c, recoveree_id, &x, "caseload.end", res) != OP_OK)
        return res->status;
    const char *today = day_s(c, c->today);
    /* A supervisor ends only the assignments of peers they supervise. */
    if (c->who.role == ROLE_SUPERVISOR) {
        struct cl_row *cl;
        int n;
        int64_t peer = 0;
        if (cl_active(c->db, c->a, c->who.org_id, x.id, today, &cl, &n) != 0) {
            op_store(res, msg(c->lang, "caseload.err.end_store"));
            return op_end(c, res);
        }
        for (int i = 0; i < n; i++)
            if (cl[i].id == assignment_id)
                peer = cl[i].peer_id;
        if (!peer || wf_supervises(c->db, c->who.org_id, c->who.user_id, peer, c->today) != 1) {
            op_not_found(res, msg(c->lang, "caseload.err.end_not_supervised"));
            return op_end(c, res);
        }
    }
    /* The end takes effect at once (issue 7): the peer loses the record now. */
    int rc = cl_end(c->db, c->who.org_id, x.id, assignment_id, today, c->now);
    if (rc == 0)
        op_not_found(res, msg(c->lang, "caseload.err.end_not_found"));
    else if (rc < 0 || op_audit(c, "caseload.end", "recoveree", x.id, NULL, "ok") != 0)
        op_store(res, msg(c->lang, "caseload.err.end_store"));
    else
        op_ok(res, assignment_id, 0);
    return op_end(c, res);
}

enum op_status op_rc_relationship(struct op_ctx *c, const struct rc_relationship_in *in,
                                  struct op_result *res)
{
    if (!leads(c))
        return op_forbidden(res, NULL,
                            msg(c->lang, "caseload.err.leads_rel"));
    struct recoveree x;
    if (begin_for(c, in->recoveree_id, &x, "relationship.add", res) != OP_OK)
        return res->status;
    int kind = rel_kind_parse(in->kind);
    struct user u;
    if (kind < 0)
        op_invalid(res, "kind", msg(c->lang, "caseload.err.rel_kind"));
    else if (user_by_id(c->db, c->a, c->who.org_id, in->staff_id, &u) != 1)
        op_fail(res, OP_REFUSED, "invalid", NULL, "staff_id",
                msg(c->lang, "caseload.err.rel_staff"));
    else if (rel_insert(c->db, c->who.org_id, x.id, in->staff_id, rel_kind_name((enum rel_kind)kind),
                        in->note && *in->note ? in->note : NULL, c->who.user_id,
                        c->now) != DB_OK ||
             op_audit(c, "relationship.add", "recoveree", x.id,
                      rel_kind_name((enum rel_kind)kind), "ok") != 0)
        op_store(res, msg(c->lang, "caseload.err.rel_store"));
    else
        op_ok(res, x.id, 0);
    return op_end(c, res);
}

/* ---- break-glass ------------------------------------------------------------------ */

enum op_status op_break_glass_open(struct op_ctx *c, const struct break_glass_in *in,
                                   int64_t *until, struct op_result *res)
{
    *until = 0;
    /* Administrators reach every record already: emergency access is for the peers and
     * supervisors who may need one outside their reach. */
    if (c->who.role != ROLE_PEER && c->who.role != ROLE_SUPERVISOR)
        return op_forbidden(res, NULL, msg(c->lang, "caseload.err.bg_roles"));
    if (op_begin(c, res) != OP_OK)
        return res->status;
    int exists = rc_exists(c->db, c->who.org_id, in->recoveree_id);
    /* Existence first (not found for another organization's record whatever was sent),
     * then the reason. */
    if (exists < 0)
        op_store(res, msg(c->lang, "caseload.err.bg_check"));
    else if (!exists)
        op_not_found(res, msg(c->lang, "caseload.err.bg_not_found"));
    else if (!in->reason || strlen(in->reason) < OVERRIDE_REASON_MIN)
        op_invalid(res, "reason", msg(c->lang, "caseload.err.bg_reason"));
    if (res->status != OP_OK)
        return op_end(c, res);
    int64_t end = c->now + c->pol->v[POL_BREAK_GLASS_MINUTES] * 60, id = 0;
    if (bg_insert(c->db, c->who.org_id, c->who.user_id, in->recoveree_id, in->reason, c->now,
                  end, &id) != DB_OK ||
        op_audit(c, "break_glass", "recoveree", in->recoveree_id, in->reason, "ok") != 0)
        op_store(res, msg(c->lang, "caseload.err.bg_store"));
    else
        op_ok(res, id, 0);
    if (op_end(c, res) == OP_OK)
        *until = end;
    return res->status;
}

enum op_status op_break_glass_review(struct op_ctx *c, int64_t grant_id, const char *note,
                                     struct op_result *res)
{
    if (!leads(c))
        return op_forbidden(res, NULL, msg(c->lang, "caseload.err.bg_review_roles"));
    if (op_begin(c, res) != OP_OK)
        return op_store(res, msg(c->lang, "caseload.err.bg_review_store"));
    note = note && *note ? note : NULL;
    /* Nobody reviews their own emergency access (the statement excludes it). */
    int rc = bg_review(c->db, c->who.org_id, grant_id, c->who.user_id, c->now, note);
    if (rc == 0)
        op_not_found(res, msg(c->lang, "caseload.err.bg_review_not_found"));
    else if (rc < 0 || op_audit(c, "break_glass.review", "break_glass", grant_id, note, "ok") != 0)
        op_store(res, msg(c->lang, "caseload.err.bg_review_store"));
    else
        op_ok(res, grant_id, 0);
    if (op_end(c, res) == OP_STORE)
        res->message = msg(c->lang, "caseload.err.bg_review_store");
    return res->status;
}

enum op_status op_break_glass_end(struct op_ctx *c, int64_t grant_id, struct op_result *res)
{
    const char *fail = msg(c->lang, "caseload.err.bg_end_store");
    if (op_begin(c, res) != OP_OK)
        return op_store(res, fail);
    /* Its own user when the emergency is over, or a supervisor or administrator reviewing
     * it; the record closes this second. */
    int rc = bg_end(c->db, c->who.org_id, grant_id, c->who.user_id, leads(c), c->now);
    if (rc == 0)
        op_not_found(res, msg(c->lang, "caseload.err.bg_end_not_found"));
    else if (rc < 0 || op_audit(c, "break_glass.end", "break_glass", grant_id, NULL, "ok") != 0)
        op_store(res, fail);
    else
        op_ok(res, grant_id, 0);
    if (op_end(c, res) == OP_STORE)
        res->message = fail;
    return res->status;
}

/* ---- matching (RC-2) -------------------------------------------------------------- */

static int has_id(const int64_t *ids, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (ids[i] == id)
            return 1;
    return 0;
}

/* bsearch over wf_status_assignable's rows (ascending user id). */
static int by_user(const void *key, const void *row)
{
    int64_t k = *(const int64_t *)key, id = ((const struct wf_assignable *)row)->id;
    return (k > id) - (k < id);
}

enum op_status op_rc_match(struct op_ctx *c, const struct recoveree *x, struct rc_match **out,
                           size_t *n, struct rc_override_choice **over, size_t *nover,
                           struct op_result *res)
{
    *out = NULL;
    *n = 0;
    if (over) {
        *over = NULL;
        *nover = 0;
    }
    const char *today = day_s(c, c->today);
    struct wf_assignable *wf;
    int nwf;
    struct rel_row *rel;
    int nrel;
    struct cl_row *cl;
    int ncl;
    struct match_peer *peers;
    size_t np;
    /* The stored workforce statuses (recomputed first where a date boundary passed). */
    if (wf_status_refresh_stale(c->db, c->a, c->who.org_id, c->today, c->pol) != 0 ||
        wf_status_assignable(c->db, c->a, c->who.org_id, &wf, &nwf) != 0 ||
        rel_list(c->db, c->a, c->who.org_id, x->id, &rel, &nrel) != 0 ||
        cl_active(c->db, c->a, c->who.org_id, x->id, today, &cl, &ncl) != 0 ||
        match_peers(c->db, c->a, c->who.org_id, today, &peers, &np) != 0)
        return op_store(res, msg(c->lang, "caseload.err.peers_read"));
    /* Never proposed: staff with a clinical or authority relationship (SV-3, SV-4) and
     * peers who already have this recoveree. */
    int64_t *related = arena_alloc(c->a, sizeof *related * (size_t)(nrel + 1));
    int64_t *assigned = arena_alloc(c->a, sizeof *assigned * (size_t)(ncl + 1));
    for (int i = 0; i < nrel; i++)
        related[i] = rel[i].staff_id;
    for (int i = 0; i < ncl; i++)
        assigned[i] = cl[i].peer_id;
    if (over)
        *over = arena_alloc(c->a, sizeof **over * (np + 1));
    for (size_t k = 0; k < np; k++) {
        struct match_peer *p = &peers[k];
        /* WF-1, WF-4, WF-5 decide eligibility through the workforce entry point. */
        const struct wf_assignable *st = bsearch(&p->id, wf, (size_t)nwf, sizeof *wf, by_user);
        if (st) {
            p->eligible = st->may_assign;
            p->level = st->level;
        }
        int is_related = has_id(related, (size_t)nrel, p->id);
        int is_assigned = has_id(assigned, (size_t)ncl, p->id);
        /* A peer the workforce rules allow but a relationship rules out can still be assigned
         * with a written override (SV-3, SV-4): offered apart, never ranked. */
        if (over && p->eligible && is_related && !is_assigned && p->caseload < p->capacity) {
            int may = may_assign_peer(c, p->id);
            if (may < 0)
                return op_store(res, msg(c->lang, "caseload.err.peers_read"));
            if (may)
                (*over)[(*nover)++] = (struct rc_override_choice){p->id, p->name};
        }
        if (is_related || is_assigned)
            p->eligible = 0;
    }
    struct match_wants w = {x->language_codes, x->peer_gender, x->substance_codes,
                            x->pathway_codes, x->culture_codes, c->lang};
    struct match_result *r = arena_alloc(c->a, sizeof *r * RC_MATCH_MAX);
    size_t nr = match_rank(&w, peers, np, r, RC_MATCH_MAX);
    *out = arena_alloc(c->a, sizeof **out * (nr ? nr : 1));
    for (size_t i = 0; i < nr; i++) {
        struct rc_match *m = &(*out)[i];
        int may = may_assign_peer(c, r[i].peer_id);
        if (may < 0)
            return op_store(res, msg(c->lang, "caseload.err.peers_read"));
        *m = (struct rc_match){.peer_id = r[i].peer_id,
                               .name = arena_strdup(c->a, r[i].name),
                               .rank = (int)i + 1,
                               .nreasons = r[i].nreasons,
                               .can_assign = may};
        for (int k = 0; k < r[i].nreasons && k < MATCH_MAX_REASONS; k++)
            m->reasons[k] = arena_strdup(c->a, r[i].reasons[k]);
    }
    *n = nr;
    return op_ok(res, 0, 0);
}
