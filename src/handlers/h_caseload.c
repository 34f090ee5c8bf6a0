/* h_caseload.c - who works with a recoveree: assignment through the workforce entry point and
 * the SV-3/SV-4 checks (supervisor override with a written reason), relationships that create
 * those conflicts, break-glass access with its review list, and RC-2 matching. */
#include "handlers.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "accounts.h"
#include "assignment.h"
#include "civil.h"
#include "matching.h"
#include "recoverees.h"
#include "v_profile.h"
#include "workforce_store.h"

static int64_t now(void)
{
    return (int64_t)time(NULL);
}

static const char *back(struct req *r)
{
    return arena_printf(r->a, "/recoverees/%lld", (long long)r->id);
}

/* The kinds of relationship staff_id has with the recoveree (at most max; one of each kind
 * is enough to decide, so a small array loses nothing that matters). */
static size_t relationship_kinds(struct req *r, int64_t staff_id, int *kinds, size_t max)
{
    size_t n = 0;
    db_stmt *s = db_prep(r->db, Q_REL_LIST);
    if (!s)
        return 0;
    db_bind_int(s, 1, r->me.org_id);
    db_bind_int(s, 2, r->id);
    while (db_step(s) == DB_ROW)
        if (db_col_int(s, 1) == staff_id && n < max)
            kinds[n++] = rel_kind_parse(db_col_text(s, 3));
    return n;
}

int h_rc_assign(struct req *r)
{
    struct recoveree x;
    if (rc_load(r, &x, NULL) != 0)
        return 0;
    int64_t peer_id = 0;
    req_int(r, "peer_id", &peer_id);
    const char *start = req_str(r, "start_date"), *reason = req_str(r, "override_reason");
    int32_t day = start ? civil_parse(start) : civil_today();
    /* A caseload starts today or later: a past start would judge the peer by who they were
     * then (a supervisor they no longer have), not by who they are now. */
    if (day < civil_today())
        return reply_error(r, 400, "invalid", NULL, "An assignment starts today or later.",
                           "start_date", NULL, NULL);
    char t[11];
    civil_format(day, t);
    struct user peer;
    if (user_by_id(r->db, r->a, r->me.org_id, peer_id, &peer) != 1 || peer.role != ROLE_PEER ||
        peer.disabled)
        return reply_error(r, 422, "not_a_peer", NULL, "Choose an active peer of this organization.",
                           "peer_id", NULL, NULL);
    /* A supervisor assigns the peers they supervise; an administrator anyone. */
    if (r->me.role == ROLE_SUPERVISOR &&
        wf_supervises(r->db, r->me.org_id, r->me.user_id, peer_id, civil_today()) != 1)
        return reply_error(r, 403, "forbidden", NULL,
                           "You can assign only the peers you supervise.", "peer_id", NULL, NULL);
    /* WF-1, WF-4, WF-5: never overridable; checked today and on the start date. */
    struct wf_decision d;
    for (int k = 0; k < 2; k++) {
        if (wf_check_as(r->db, r->a, r->me.org_id, peer_id, k ? day : civil_today(), &r->pol,
                        WF_ASSIGN_RECOVEREE, r->me.user_id, &d) != 0)
            return reply_error(r, 500, "store", NULL, "Workforce records could not be read.",
                               NULL, NULL, NULL);
        if (!d.allowed)
            return reply_error(r, 422, "refused", d.rule, d.message, "peer_id", NULL, NULL);
    }
    /* SV-3, SV-4: refused unless a supervisor overrides with a written reason. */
    int kinds[REL__COUNT * 4];
    size_t nk = relationship_kinds(r, peer_id, kinds, sizeof kinds / sizeof *kinds);
    struct assign_conflict conflicts[REL__COUNT * 4];
    size_t nc = assign_conflicts(kinds, nk, peer.display_name, conflicts,
                                 sizeof conflicts / sizeof *conflicts);
    buf rules;
    buf_init(&rules);
    for (size_t i = 0; i < nc; i++)
        if (!strstr(rules.data ? rules.data : "", conflicts[i].rule))
            buf_printf(&rules, "%s%s", rules.len ? "," : "", conflicts[i].rule);
    const char *override_rules = rules.data ? arena_strdup(r->a, rules.data) : NULL;
    buf_free(&rules);
    if (nc > 0 && !reason) {
        req_audit(r, "caseload.refused", "recoveree", x.id, conflicts[0].rule, "denied");
        return reply_error(r, 422, "refused", conflicts[0].rule,
                           arena_printf(r->a, "%s A supervisor may override this with a written "
                                              "reason.", conflicts[0].message),
                           "peer_id", NULL, NULL);
    }
    if (nc > 0 && r->me.role != ROLE_SUPERVISOR && r->me.role != ROLE_ADMIN)
        return reply_error(r, 403, "forbidden", conflicts[0].rule,
                           "Only a supervisor may override this rule.", NULL, NULL, NULL);
    if (nc > 0 && strlen(reason) < OVERRIDE_REASON_MIN)
        return reply_error(r, 400, "invalid", conflicts[0].rule,
                           "Write the reason for the override in a full sentence.",
                           "override_reason", NULL, NULL);
    /* Already this peer's recoveree: nothing to do. */
    char td[11];
    civil_format(civil_today(), td);
    db_stmt *s = db_prep(r->db, Q_CL_ACTIVE);
    if (!s)
        return reply_error(r, 500, "store", NULL, "The caseload could not be read.", NULL, NULL,
                           NULL);
    db_bind_int(s, 1, r->me.org_id);
    db_bind_int(s, 2, x.id);
    db_bind_text(s, 3, td);
    db_bind_text(s, 4, td);
    while (db_step(s) == DB_ROW)
        if (db_col_int(s, 1) == peer_id) {
            db_exec(s);
            return reply_error(r, 409, "already_assigned", NULL,
                               "This peer already has this recoveree on their caseload.",
                               "peer_id", NULL, NULL);
        }
    int64_t id = 0;
    int ok = db_begin(r->db) == DB_OK;
    s = ok ? db_prep(r->db, Q_CL_INSERT) : NULL;
    if (s) {
        db_bind_int(s, 1, r->me.org_id);
        db_bind_int(s, 2, x.id);
        db_bind_int(s, 3, peer_id);
        db_bind_text(s, 4, t);
        db_bind_text(s, 5, nc ? override_rules : NULL);
        db_bind_text(s, 6, nc ? reason : NULL);
        if (nc)
            db_bind_int(s, 7, r->me.user_id);
        else
            db_bind_null(s, 7);
        db_bind_int(s, 8, r->me.user_id);
        db_bind_int(s, 9, now());
        ok = db_insert_id(s, &id) == DB_OK;
    } else {
        ok = 0;
    }
    ok = ok && req_audit(r, "caseload.assign", "recoveree", x.id,
                         arena_printf(r->a, "peer %lld", (long long)peer_id), "ok") == 0;
    /* An override is its own audited event, with the rules and the reason. */
    ok = ok && (!nc || req_audit(r, "override", "recoveree", x.id,
                                 arena_printf(r->a, "%s: %s", override_rules, reason), "ok") == 0);
    if (!ok || db_commit(r->db) != DB_OK) {
        db_rollback(r->db);
        return reply_error(r, 500, "store", NULL, "The assignment could not be saved.", NULL,
                           NULL, NULL);
    }
    json_t *m = json_object();
    jset_int(m, "id", id);
    jset_str(m, "override_rules", nc ? override_rules : NULL);
    return reply_done(r, 201, back(r), m);
}

int h_rc_assign_end(struct req *r)
{
    struct recoveree x;
    if (rc_load(r, &x, NULL) != 0)
        return 0;
    if (r->me.role != ROLE_ADMIN && r->me.role != ROLE_SUPERVISOR)
        return reply_error(r, 403, "forbidden", NULL, "A supervisor ends assignments.", NULL, NULL,
                           NULL);
    char t[11];
    civil_format(civil_today(), t);
    /* A supervisor ends only the assignments of peers they supervise. */
    if (r->me.role == ROLE_SUPERVISOR) {
        db_stmt *q = db_prep(r->db, Q_CL_ACTIVE);
        int64_t peer = 0;
        if (q) {
            db_bind_int(q, 1, r->me.org_id);
            db_bind_int(q, 2, x.id);
            db_bind_text(q, 3, t);
            db_bind_text(q, 4, t);
            while (db_step(q) == DB_ROW)
                if (db_col_int(q, 0) == r->id2)
                    peer = db_col_int(q, 1);
        }
        if (!peer || wf_supervises(r->db, r->me.org_id, r->me.user_id, peer, civil_today()) != 1)
            return reply_error(r, 404, "not_found", NULL,
                               "There is no open assignment of a peer you supervise.", NULL, NULL,
                               NULL);
    }
    int ok = db_begin(r->db) == DB_OK;
    db_stmt *s = ok ? db_prep(r->db, Q_CL_END) : NULL;
    if (s) {
        /* The end takes effect at once (issue 7): the peer loses the record now. */
        db_bind_text(s, 1, t);
        db_bind_int(s, 2, now());
        db_bind_int(s, 3, r->me.org_id);
        db_bind_int(s, 4, x.id);
        db_bind_int(s, 5, r->id2);
        ok = db_exec(s) == DB_OK;
        if (ok && db_changes(s) != 1) {
            db_rollback(r->db);
            return reply_error(r, 404, "not_found", NULL, "There is no such open assignment.",
                               NULL, NULL, NULL);
        }
    } else {
        ok = 0;
    }
    ok = ok && req_audit(r, "caseload.end", "recoveree", x.id, NULL, "ok") == 0;
    if (!ok || db_commit(r->db) != DB_OK) {
        db_rollback(r->db);
        return reply_error(r, 500, "store", NULL, "Could not end the assignment.", NULL, NULL,
                           NULL);
    }
    return reply_done(r, 200, back(r), json_object());
}

int h_rc_relationship(struct req *r)
{
    struct recoveree x;
    if (rc_load(r, &x, NULL) != 0)
        return 0;
    int64_t staff = 0;
    req_int(r, "staff_id", &staff);
    int kind = rel_kind_parse(req_str(r, "kind"));
    struct user u;
    if (kind < 0)
        return reply_error(r, 400, "invalid", NULL, "Choose the kind of relationship.", "kind",
                           NULL, NULL);
    if (user_by_id(r->db, r->a, r->me.org_id, staff, &u) != 1)
        return reply_error(r, 422, "invalid", NULL, "Choose a staff member of this organization.",
                           "staff_id", NULL, NULL);
    int ok = db_begin(r->db) == DB_OK;
    db_stmt *s = ok ? db_prep(r->db, Q_REL_INSERT) : NULL;
    if (s) {
        db_bind_int(s, 1, r->me.org_id);
        db_bind_int(s, 2, x.id);
        db_bind_int(s, 3, staff);
        db_bind_text(s, 4, rel_kind_name((enum rel_kind)kind));
        db_bind_text(s, 5, req_str(r, "note"));
        db_bind_int(s, 6, r->me.user_id);
        db_bind_int(s, 7, now());
        ok = db_exec(s) == DB_OK;
    } else {
        ok = 0;
    }
    ok = ok && req_audit(r, "relationship.add", "recoveree", x.id,
                         rel_kind_name((enum rel_kind)kind), "ok") == 0;
    if (!ok || db_commit(r->db) != DB_OK) {
        db_rollback(r->db);
        return reply_error(r, 500, "store", NULL, "Could not save the relationship.", NULL, NULL,
                           NULL);
    }
    return reply_done(r, 201, back(r), json_object());
}

/* ---- break-glass ------------------------------------------------------------------ */

/* A stated reason opens a record outside one's caseload for a limited time (policy),
 * audited and listed for review: HIPAA 164.312(a)(2)(ii) emergency access. */
int h_rc_break_glass(struct req *r)
{
    const char *reason = req_str(r, "reason");
    db_stmt *s = db_prep(r->db, Q_RC_EXISTS);
    if (!s)
        return reply_error(r, 500, "store", NULL, "Could not check the record.", NULL, NULL, NULL);
    db_bind_int(s, 1, r->me.org_id);
    db_bind_int(s, 2, r->id);
    int exists = db_step(s) == DB_ROW && db_col_int(s, 0) > 0;
    db_exec(s);
    if (!exists)
        return reply_error(r, 404, "not_found", NULL, "There is no such recoveree.", NULL, NULL,
                           NULL);
    /* Existence first (404 for another organization's record whatever was sent), then the reason. */
    if (!reason || strlen(reason) < OVERRIDE_REASON_MIN)
        return reply_error(r, 400, "invalid", NULL,
                           "Write why you need this record now, in a full sentence.", "reason",
                           NULL, NULL);
    int64_t t = now(), until = t + r->pol.v[POL_BREAK_GLASS_MINUTES] * 60;
    int ok = db_begin(r->db) == DB_OK;
    s = ok ? db_prep(r->db, Q_BG_INSERT) : NULL;
    if (s) {
        db_bind_int(s, 1, r->me.org_id);
        db_bind_int(s, 2, r->me.user_id);
        db_bind_int(s, 3, r->id);
        db_bind_text(s, 4, reason);
        db_bind_int(s, 5, t);
        db_bind_int(s, 6, until);
        ok = db_exec(s) == DB_OK;
    } else {
        ok = 0;
    }
    ok = ok && req_audit(r, "break_glass", "recoveree", r->id, reason, "ok") == 0;
    if (!ok || db_commit(r->db) != DB_OK) {
        db_rollback(r->db);
        return reply_error(r, 500, "store", NULL, "Emergency access could not be recorded.", NULL,
                           NULL, NULL);
    }
    json_t *m = json_object();
    jset(m, "until", view_time(until));
    jset_int(m, "recoveree_id", r->id);
    return reply_done(r, 201, back(r), m);
}

/* Emergency access starts by finding the record: by name, narrowed by date of birth or phone,
 * over every recoveree of the organization (the record is outside the searcher's reach by
 * definition). Only what is needed to choose is shown (name, date of birth, record number),
 * at most BG_SEARCH_MAX rows, and every search is audited with what it searched by
 * (HIPAA 164.312(b)), never with the values searched for. */
int h_break_glass_search(struct req *r)
{
    /* Enough to pick out one person; more means the search should be narrowed. */
    enum { BG_SEARCH_MAX = 10 };
    const char *name = req_str(r, "name"), *dob = req_str(r, "dob"), *phone = req_str(r, "phone");
    json_t *m = json_object();
    jset_str(m, "title", "Emergency access");
    jset_str(m, "name", name);
    jset_str(m, "dob", dob);
    jset_str(m, "phone", phone);
    jset_bool(m, "is_peer", r->me.role == ROLE_PEER);
    if (!name)
        return reply_page(r, 200, "break_glass_search.mustache", m);
    /* A name of one letter is a browse of the whole list, not a search. */
    if (strlen(name) < 2)
        return reply_error(r, 400, "invalid", NULL,
                           "Type at least the first two letters of the first or last name.",
                           "name", "break_glass_search.mustache", m);
    char digits[41];
    size_t nd = 0;
    for (const char *p = phone; p && *p && nd < sizeof digits - 1; p++)
        if (*p >= '0' && *p <= '9')
            digits[nd++] = *p;
    digits[nd] = 0;
    /* Seven digits is a local number: fewer would match many people. */
    if (phone && nd < 7)
        return reply_error(r, 400, "invalid", NULL,
                           "Type the phone number with at least 7 digits, or leave it empty.",
                           "phone", "break_glass_search.mustache", m);
    db_stmt *s = db_prep(r->db, Q_RC_BG_SEARCH);
    if (!s)
        return reply_error(r, 500, "store", NULL, "The search could not be run.", NULL, NULL,
                           NULL);
    const char *pat = like_prefix(r->a, name, 1);
    db_bind_int(s, 1, r->me.org_id);
    for (int i = 2; i <= 4; i++)
        db_bind_text(s, i, pat);
    db_bind_text(s, 5, dob);
    db_bind_text(s, 6, dob);
    db_bind_text(s, 7, phone ? digits : NULL);
    db_bind_text(s, 8, phone ? digits : NULL);
    db_bind_int(s, 9, BG_SEARCH_MAX + 1);
    json_t *arr = json_array();
    int n = 0;
    while (db_step(s) == DB_ROW) {
        if (++n > BG_SEARCH_MAX)
            continue;
        const char *pref = db_col_isnull(s, 3) ? NULL : db_col_text(s, 3);
        json_t *j = json_object();
        jset_int(j, "id", db_col_int(s, 0));
        jset(j, "name", json_sprintf("%s %s", pref ? pref : db_col_text(s, 1), db_col_text(s, 2)));
        jset_str(j, "dob", db_col_isnull(s, 4) ? NULL : db_col_text(s, 4));
        json_array_append_new(arr, j);
    }
    const char *kind = arena_printf(r->a, "by name%s%s: %d found", dob ? ", date of birth" : "",
                                    phone ? ", phone" : "", n > BG_SEARCH_MAX ? BG_SEARCH_MAX : n);
    if (req_audit(r, "break_glass.search", "recoveree", 0, kind, "ok") != 0) {
        json_decref(arr);
        return reply_error(r, 500, "store", NULL, "The search could not be audited.", NULL, NULL,
                           NULL);
    }
    jset_bool(m, "has_results", json_array_size(arr) > 0);
    jset(m, "results", arr);
    jset_bool(m, "searched", 1);
    jset_bool(m, "too_many", n > BG_SEARCH_MAX);
    return reply_page(r, 200, "break_glass_search.mustache", m);
}

/* The same, with the record number in the form (a page cannot put it in the path without script). */
int h_break_glass_open(struct req *r)
{
    int64_t id = 0;
    req_int(r, "recoveree_id", &id);
    r->id = id;
    return h_rc_break_glass(r);
}

int h_break_glass_list(struct req *r)
{
    json_t *m = json_object(), *arr = json_array();
    db_stmt *s = db_prep(r->db, Q_BG_LIST);
    if (!s)
        return reply_error(r, 500, "store", NULL, "Could not read the list.", NULL, NULL, NULL);
    db_bind_int(s, 1, r->me.org_id);
    db_bind_int(s, 2, 200);
    while (db_step(s) == DB_ROW) {
        json_t *j = json_object();
        jset_int(j, "id", db_col_int(s, 0));
        jset_str(j, "user", db_col_text(s, 2));
        jset_int(j, "recoveree_id", db_col_int(s, 3));
        jset_str(j, "reason", db_col_text(s, 4));
        jset(j, "at", view_time(db_col_int(s, 5)));
        jset(j, "until", view_time(db_col_int(s, 6)));
        jset_bool(j, "open", db_col_int(s, 6) > now()); /* can still be ended early */
        jset_bool(j, "reviewed", !db_col_isnull(s, 8));
        jset(j, "reviewed_at", view_time(db_col_isnull(s, 8) ? 0 : db_col_int(s, 8)));
        jset_str(j, "review_note", db_col_isnull(s, 9) ? NULL : db_col_text(s, 9));
        json_array_append_new(arr, j);
    }
    /* The grants' reasons are record content: nothing is shown unless the read is audited. */
    if (req_audit_read(r, "break_glass.list", "break_glass", 0, NULL) != 0) {
        json_decref(m);
        json_decref(arr);
        return 0;
    }
    jset(m, "grants", arr);
    jset_str(m, "title", "Emergency access review");
    return reply_page(r, 200, "break_glass.mustache", m);
}

int h_break_glass_review(struct req *r)
{
    db_stmt *s = db_begin(r->db) == DB_OK ? db_prep(r->db, Q_BG_REVIEW) : NULL;
    if (!s) {
        db_rollback(r->db);
        return reply_error(r, 500, "store", NULL, "Could not save the review.", NULL, NULL, NULL);
    }
    db_bind_int(s, 1, r->me.user_id);
    db_bind_int(s, 2, now());
    db_bind_text(s, 3, req_str(r, "note"));
    db_bind_int(s, 4, r->me.org_id);
    db_bind_int(s, 5, r->id);
    db_bind_int(s, 6, r->me.user_id);
    if (db_exec(s) != DB_OK) {
        db_rollback(r->db);
        return reply_error(r, 500, "store", NULL, "Could not save the review.", NULL, NULL, NULL);
    }
    if (db_changes(s) != 1) {
        db_rollback(r->db);
        return reply_error(r, 404, "not_found", NULL,
                           "No such unreviewed access by someone else (nobody reviews their own).",
                           NULL, NULL, NULL);
    }
    if (req_audit(r, "break_glass.review", "break_glass", r->id, req_str(r, "note"), "ok") != 0 ||
        db_commit(r->db) != DB_OK) {
        db_rollback(r->db);
        return reply_error(r, 500, "store", NULL, "Could not save the review.", NULL, NULL, NULL);
    }
    return reply_done(r, 200, "/break-glass", json_object());
}

/* End an emergency access early, at once (issue 7): the grant's own user when the emergency
 * is over, or a supervisor or administrator reviewing it. The record closes this second. */
int h_break_glass_end(struct req *r)
{
    int lead = r->me.role == ROLE_ADMIN || r->me.role == ROLE_SUPERVISOR;
    int64_t t = now();
    int ok = db_begin(r->db) == DB_OK;
    db_stmt *s = ok ? db_prep(r->db, Q_BG_END) : NULL;
    if (!s) {
        db_rollback(r->db);
        return reply_error(r, 500, "store", NULL, "Could not end the emergency access.", NULL,
                           NULL, NULL);
    }
    db_bind_int(s, 1, t);
    db_bind_int(s, 2, r->me.org_id);
    db_bind_int(s, 3, r->id);
    db_bind_int(s, 4, t);
    db_bind_int(s, 5, r->me.user_id);
    db_bind_int(s, 6, lead);
    if (db_exec(s) != DB_OK) {
        db_rollback(r->db);
        return reply_error(r, 500, "store", NULL, "Could not end the emergency access.", NULL,
                           NULL, NULL);
    }
    if (db_changes(s) != 1) {
        db_rollback(r->db);
        return reply_error(r, 404, "not_found", NULL,
                           "No open emergency access with that number is yours to end.", NULL,
                           NULL, NULL);
    }
    if (req_audit(r, "break_glass.end", "break_glass", r->id, NULL, "ok") != 0 ||
        db_commit(r->db) != DB_OK) {
        db_rollback(r->db);
        return reply_error(r, 500, "store", NULL, "Could not end the emergency access.", NULL,
                           NULL, NULL);
    }
    return reply_done(r, 200, lead ? "/break-glass" : "/recoverees", json_object());
}

/* ---- matching (RC-2) ------------------------------------------------------------ */

/* May the person acting assign peer_id? An administrator any peer, a supervisor only the
 * peers they supervise today (as h_rc_assign decides). */
static int may_assign_peer(struct req *r, int64_t peer_id)
{
    if (r->me.role == ROLE_ADMIN)
        return 1;
    return r->me.role == ROLE_SUPERVISOR &&
           wf_supervises(r->db, r->me.org_id, r->me.user_id, peer_id, civil_today()) == 1;
}

json_t *rc_peer_choices(struct req *r, const struct recoveree *x, json_t **override_only)
{
    int32_t today = civil_today();
    struct wf_row *wf;
    int nwf;
    if (override_only)
        *override_only = json_array();
    if (wf_load_org(r->db, r->a, r->me.org_id, today, &r->pol, &wf, &nwf) != 0)
        return NULL;
    /* Never proposed: staff with a clinical or authority relationship (SV-3, SV-4) and
     * peers who already have this recoveree. */
    enum { MAX_EXCLUDED = 512 };
    int64_t *conflicted = arena_alloc(r->a, sizeof *conflicted * MAX_EXCLUDED);
    size_t ncf = 0, nrel = 0;
    char t[11];
    civil_format(today, t);
    db_stmt *s = db_prep(r->db, Q_REL_LIST);
    if (s) {
        db_bind_int(s, 1, r->me.org_id);
        db_bind_int(s, 2, x->id);
        while (db_step(s) == DB_ROW && ncf < MAX_EXCLUDED)
            conflicted[ncf++] = db_col_int(s, 1);
    }
    nrel = ncf; /* conflicted[0..nrel) have a relationship; the rest are assigned already */
    s = db_prep(r->db, Q_CL_ACTIVE);
    if (s) {
        db_bind_int(s, 1, r->me.org_id);
        db_bind_int(s, 2, x->id);
        db_bind_text(s, 3, t);
        db_bind_text(s, 4, t);
        while (db_step(s) == DB_ROW && ncf < MAX_EXCLUDED)
            conflicted[ncf++] = db_col_int(s, 1);
    }
    s = db_prep(r->db, Q_MATCH_PEERS);
    if (!s)
        return NULL;
    db_bind_text(s, 1, t);
    db_bind_text(s, 2, t);
    db_bind_int(s, 3, r->me.org_id);
    size_t cap = 64, n = 0;
    struct match_peer *peers = arena_alloc(r->a, sizeof *peers * cap);
    while (db_step(s) == DB_ROW) {
        if (n == cap) {
            struct match_peer *np = arena_alloc(r->a, sizeof *np * cap * 2);
            memcpy(np, peers, sizeof *np * cap);
            peers = np;
            cap *= 2;
        }
        struct match_peer *p = &peers[n++];
        p->id = db_col_int(s, 0);
        p->name = arena_strdup(r->a, db_col_text(s, 1));
        /* Matching compares the structured codes (profile.h); the free-text columns 2-5
         * are for people to read on the peer's page. */
        p->languages = db_col_isnull(s, 8) ? NULL : arena_strdup(r->a, db_col_text(s, 8));
        p->gender = db_col_isnull(s, 9) ? NULL : arena_strdup(r->a, db_col_text(s, 9));
        p->substances = db_col_isnull(s, 10) ? NULL : arena_strdup(r->a, db_col_text(s, 10));
        p->pathways = db_col_isnull(s, 11) ? NULL : arena_strdup(r->a, db_col_text(s, 11));
        p->cultures = db_col_isnull(s, 12) ? NULL : arena_strdup(r->a, db_col_text(s, 12));
        p->capacity = (int)db_col_int(s, 6);
        p->caseload = (int)db_col_int(s, 7);
        p->eligible = 0;
        for (int i = 0; i < nwf; i++)
            if (wf[i].id == p->id) {
                p->eligible = wf[i].may_assign;
                p->level = wf[i].effective;
            }
        int related = 0, assigned = 0;
        for (size_t k = 0; k < ncf; k++)
            if (conflicted[k] == p->id)
                *(k < nrel ? &related : &assigned) = 1;
        /* A peer the workforce rules allow but a relationship rules out can still be assigned
         * with a written override (SV-3, SV-4): offered apart, never ranked. */
        if (override_only && p->eligible && related && !assigned &&
            p->caseload < p->capacity && may_assign_peer(r, p->id))
            json_array_append_new(*override_only,
                                  json_pack("{s:I,s:s}", "peer_id", (json_int_t)p->id, "name",
                                            p->name));
        if (related || assigned)
            p->eligible = 0;
    }
    struct match_wants w = {x->language_codes, x->peer_gender, x->substance_codes, x->pathway_codes,
                            x->culture_codes};
    struct match_result res[20];
    size_t nr = match_rank(&w, peers, n, res, 20);
    json_t *arr = json_array();
    for (size_t i = 0; i < nr; i++) {
        json_t *j = json_object(), *reasons = json_array();
        jset_int(j, "peer_id", res[i].peer_id);
        jset_str(j, "name", res[i].name);
        jset_int(j, "rank", (int64_t)i + 1);
        for (int k = 0; k < res[i].nreasons; k++)
            json_array_append_new(reasons, jstr(res[i].reasons[k]));
        jset(j, "reasons", reasons);
        jset_bool(j, "can_assign", may_assign_peer(r, res[i].peer_id));
        json_array_append_new(arr, j);
    }
    return arr;
}

int h_rc_match(struct req *r)
{
    struct recoveree x;
    if (rc_load(r, &x, "recoveree.match") != 0)
        return 0;
    json_t *arr = rc_peer_choices(r, &x, NULL);
    if (!arr)
        return reply_error(r, 500, "store", NULL, "Peers could not be read.", NULL, NULL, NULL);
    json_t *m = json_object();
    jset(m, "recoveree", rc_summary_j(&x));
    /* What the ranking looked for, in words (RC-2: explain each rank). */
    json_t *wants = json_object();
    jset(wants, "languages", pf_labels_j(PL_LANGUAGE, x.language_codes));
    jset(wants, "peer_gender", pf_labels_j(PL_GENDER, x.peer_gender));
    jset(wants, "substances", pf_labels_j(PL_SUBSTANCE, x.substance_codes));
    jset(wants, "pathways", pf_labels_j(PL_PATHWAY, x.pathway_codes));
    jset(wants, "cultures", pf_labels_j(PL_CULTURE, x.culture_codes));
    jset(m, "wants", wants);
    jset_int(m, "recoveree_id", x.id);
    jset(m, "matches", arr);
    jset_str(m, "title", "Matching peers");
    jset_bool(m, "can_assign", r->me.role == ROLE_ADMIN || r->me.role == ROLE_SUPERVISOR);
    char d[11];
    civil_format(civil_today(), d);
    jset_str(m, "today", d);
    return reply_page(r, 200, "match.mustache", m);
}
