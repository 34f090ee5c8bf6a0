/* test_ops_caseload.c - the caseload operations called directly, without HTTP, on SQLite and
 * PostgreSQL: assignment (WF-1, WF-5 never overridable; SV-3, SV-4 overridable by a supervisor
 * with a written reason; no backdating; supervisors assign their supervisees), ending an
 * assignment at once, break-glass (reason, who, review not one's own, end at once) and RC-2
 * matching that never lists an ineligible peer. */
#include "ops_fixture.h"

#include "assignment.h"
#include "caseload_store.h"
#include "ops_caseload.h"
#include "ops_recoverees.h"
#include "recoverees.h"
#include "workforce_store.h"

/* A new active recoveree that nobody has had yet (so a supervisor reaches it for triage). */
static int64_t new_recoveree(struct ofx *f, const char *last)
{
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "admin", &c);
    struct rc_intake_in in = {.first_name = "Casey", .last_name = last, .dob = "1984-02-02",
                              .phone = "555-0101", .language = "English", .pathways = "SMART",
                              .language_codes = "spanish", .peer_gender = "woman"};
    if (op_rc_intake(&c, &in, &res) != OP_OK)
        fail_msg("intake of %s: %s", last, res.message);
    return res.id;
}

/* How many audit events of this action name recoveree (or grant) id. */
static int audit_count(struct ofx *f, const char *action, const char *type, int64_t id)
{
    char rid[24];
    snprintf(rid, sizeof rid, "%lld", (long long)id);
    db_stmt *s = db_prep(f->d, Q_AUDIT_PAGE);
    assert_non_null(s);
    const char *pat = like_prefix(f->a, action, 0);
    db_bind_int(s, 1, f->org);
    db_bind_int(s, 2, 0);
    db_bind_int(s, 3, INT64_MAX);
    db_bind_null(s, 4);
    db_bind_null(s, 5);
    db_bind_text(s, 6, pat);
    db_bind_text(s, 7, pat);
    db_bind_text(s, 8, type);
    db_bind_text(s, 9, type);
    db_bind_text(s, 10, rid);
    db_bind_text(s, 11, rid);
    db_bind_null(s, 12);
    db_bind_null(s, 13);
    db_bind_int(s, 14, 1000);
    db_bind_int(s, 15, 0);
    int n = 0;
    while (db_step(s) == DB_ROW)
        if (!strcmp(db_col_text(s, 5), action))
            n++;
    return n;
}

/* The recoveree's active assignments today. */
static int assignments(struct ofx *f, int64_t rid, struct cl_row **cl)
{
    char t[11];
    civil_format(civil_today(), t);
    int n;
    assert_int_equal(cl_active(f->d, f->a, f->org, rid, t, cl, &n), 0);
    return n;
}

static void relate(struct ofx *f, int64_t rid, const char *staff, const char *kind)
{
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "supervisor", &c);
    struct rc_relationship_in in = {.recoveree_id = rid, .staff_id = ofx_user(f, staff),
                                    .kind = kind, .note = "Sees her at the clinic"};
    assert_int_equal(op_rc_relationship(&c, &in, &res), OP_OK);
}

static void test_sv3_clinical_relationship_refuses_assignment(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    int64_t rid = new_recoveree(f, "Sv3refused");
    relate(f, rid, "aokafor", "clinical");
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "supervisor", &c);
    struct rc_assign_in in = {.recoveree_id = rid, .peer_id = ofx_user(f, "aokafor")};
    assert_int_equal(op_rc_assign(&c, &in, NULL, &res), OP_REFUSED);
    assert_string_equal(res.rule, "SV-3");
    assert_string_equal(res.field, "peer_id");
    assert_non_null(strstr(res.message, "override"));
    struct cl_row *cl;
    assert_int_equal(assignments(f, rid, &cl), 0);
    /* The refusal is on the audit trail although the transaction was rolled back. */
    assert_int_equal(audit_count(f, "caseload.refused", "recoveree", rid), 1);
    /* Without the relationship the same peer is assigned: the rule, not the peer, refused. */
    int64_t other = new_recoveree(f, "Sv3allowed");
    in.recoveree_id = other;
    assert_int_equal(op_rc_assign(&c, &in, NULL, &res), OP_OK);
    assert_int_equal(assignments(f, other, &cl), 1);
}

static void test_sv3_supervisor_override_with_reason_assigns_and_audits(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    int64_t rid = new_recoveree(f, "Sv3override");
    relate(f, rid, "aokafor", "clinical");
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "supervisor", &c);
    const char *why = "She asked for Adaeze; the clinic visits end next week.";
    struct rc_assign_in in = {.recoveree_id = rid, .peer_id = ofx_user(f, "aokafor"),
                              .override = 1, .override_reason = why};
    const char *rules = NULL;
    assert_int_equal(op_rc_assign(&c, &in, &rules, &res), OP_OK);
    assert_string_equal(rules, "SV-3");
    struct cl_row *cl;
    assert_int_equal(assignments(f, rid, &cl), 1);
    assert_int_equal(cl[0].id, res.id);
    assert_string_equal(cl[0].override_rules, "SV-3");
    assert_string_equal(cl[0].override_reason, why);
    assert_int_equal(audit_count(f, "caseload.assign", "recoveree", rid), 1);
    assert_int_equal(audit_count(f, "override", "recoveree", rid), 1);
    /* Twice is a conflict, not a second row. */
    assert_int_equal(op_rc_assign(&c, &in, NULL, &res), OP_CONFLICT);
    assert_string_equal(res.code, "already_assigned");
    assert_int_equal(assignments(f, rid, &cl), 1);
}

static void test_sv3_override_without_reason_refused(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    int64_t rid = new_recoveree(f, "Sv3noreason");
    relate(f, rid, "aokafor", "clinical");
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "supervisor", &c);
    struct rc_assign_in in = {.recoveree_id = rid, .peer_id = ofx_user(f, "aokafor"),
                              .override = 1};
    assert_int_equal(op_rc_assign(&c, &in, NULL, &res), OP_INVALID);
    assert_string_equal(res.field, "override_reason");
    assert_string_equal(res.rule, "SV-3");
    /* A word is not a reason: OVERRIDE_REASON_MIN characters. */
    in.override_reason = "she asked";
    assert_true(strlen(in.override_reason) < OVERRIDE_REASON_MIN);
    assert_int_equal(op_rc_assign(&c, &in, NULL, &res), OP_INVALID);
    assert_string_equal(res.field, "override_reason");
    struct cl_row *cl;
    assert_int_equal(assignments(f, rid, &cl), 0);
    assert_int_equal(audit_count(f, "override", "recoveree", rid), 0);
}

static void test_sv4_authority_relationship_refuses(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    int64_t rid = new_recoveree(f, "Sv4refused");
    relate(f, rid, "aokafor", "probation");
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "admin", &c);
    struct rc_assign_in in = {.recoveree_id = rid, .peer_id = ofx_user(f, "aokafor")};
    assert_int_equal(op_rc_assign(&c, &in, NULL, &res), OP_REFUSED);
    assert_string_equal(res.rule, "SV-4");
    struct cl_row *cl;
    assert_int_equal(assignments(f, rid, &cl), 0);
    /* An administrator may override it too, with a reason; both rules are named when both hold. */
    relate(f, rid, "aokafor", "clinical");
    in.override = 1;
    in.override_reason = "No other Spanish-speaking peer for months; reviewed with the director.";
    const char *rules;
    assert_int_equal(op_rc_assign(&c, &in, &rules, &res), OP_OK);
    assert_non_null(strstr(rules, "SV-4"));
    assert_non_null(strstr(rules, "SV-3"));
}

static void test_wf1_level1_peer_cannot_be_assigned(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    int64_t rid = new_recoveree(f, "Wf1level1");
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "admin", &c);
    /* Not even with an override: WF-1 is never overridable. */
    struct rc_assign_in in = {.recoveree_id = rid, .peer_id = ofx_user(f, "tbrooks"),
                              .override = 1,
                              .override_reason = "Nobody else is free this month, sadly."};
    assert_int_equal(op_rc_assign(&c, &in, NULL, &res), OP_REFUSED);
    assert_string_equal(res.rule, "WF-1");
    assert_string_equal(res.field, "peer_id");
    struct cl_row *cl;
    assert_int_equal(assignments(f, rid, &cl), 0);
}

static void test_wf5_peer_without_supervisor_cannot_be_assigned(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    int64_t rid = new_recoveree(f, "Wf5nosup");
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "admin", &c);
    struct rc_assign_in in = {.recoveree_id = rid, .peer_id = ofx_user(f, "rdelgado"),
                              .override = 1,
                              .override_reason = "Nobody else is free this month, sadly."};
    assert_int_equal(op_rc_assign(&c, &in, NULL, &res), OP_REFUSED);
    assert_string_equal(res.rule, "WF-5");
    assert_non_null(strstr(res.message, "Rosa Delgado"));
    struct cl_row *cl;
    assert_int_equal(assignments(f, rid, &cl), 0);
}

static void test_assignment_cannot_start_in_the_past(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    int64_t rid = new_recoveree(f, "Backdated");
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "admin", &c);
    char y[11], t[11];
    civil_format(c.today - 1, y);
    civil_format(c.today + 1, t);
    struct rc_assign_in in = {.recoveree_id = rid, .peer_id = ofx_user(f, "aokafor"),
                              .start_date = y};
    assert_int_equal(op_rc_assign(&c, &in, NULL, &res), OP_INVALID);
    assert_string_equal(res.field, "start_date");
    in.start_date = t;
    assert_int_equal(op_rc_assign(&c, &in, NULL, &res), OP_OK);
}

static void test_supervisor_assigns_only_their_supervisees(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    int64_t sup = ofx_user(f, "supervisor");
    struct wf_row *wf;
    int n;
    assert_int_equal(wf_load_org(f->d, f->a, f->org, civil_today(), &f->pol, &wf, &n), 0);
    int64_t other = 0;
    for (int i = 0; i < n && !other; i++)
        if (wf[i].may_assign && wf[i].supervisor_id && wf[i].supervisor_id != sup &&
            wf_supervises(f->d, f->org, sup, wf[i].id, civil_today()) == 0)
            other = wf[i].id;
    if (!other)
        fail_msg("the demo has no assignable peer of another supervisor");
    int64_t rid = new_recoveree(f, "Notmine");
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "supervisor", &c);
    struct rc_assign_in in = {.recoveree_id = rid, .peer_id = other};
    assert_int_equal(op_rc_assign(&c, &in, NULL, &res), OP_FORBIDDEN);
    assert_string_equal(res.field, "peer_id");
    struct cl_row *cl;
    assert_int_equal(assignments(f, rid, &cl), 0);
    /* Their own supervisee, yes; an administrator, anyone. */
    in.peer_id = ofx_user(f, "aokafor");
    assert_int_equal(op_rc_assign(&c, &in, NULL, &res), OP_OK);
    struct op_ctx a;
    ofx_ctx(f, "admin", &a);
    in.peer_id = other;
    assert_int_equal(op_rc_assign(&a, &in, NULL, &res), OP_OK);
    assert_int_equal(assignments(f, rid, &cl), 2);
    /* Nobody else assigns at all. */
    struct op_ctx p;
    ofx_ctx(f, "peer", &p);
    in.recoveree_id = new_recoveree(f, "Peerassigns");
    in.peer_id = ofx_user(f, "aokafor");
    assert_int_equal(op_rc_assign(&p, &in, NULL, &res), OP_FORBIDDEN);
}

static void test_ending_an_assignment_removes_reach_at_once(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    int64_t rid = new_recoveree(f, "Endsnow");
    struct op_ctx s, p;
    struct op_result res;
    ofx_ctx(f, "supervisor", &s);
    ofx_ctx(f, "aokafor", &p);
    struct rc_assign_in in = {.recoveree_id = rid, .peer_id = p.who.user_id};
    assert_int_equal(op_rc_assign(&s, &in, NULL, &res), OP_OK);
    int64_t assignment = res.id;
    struct rc_scope sc;
    struct recoveree x;
    rc_scope_for(&sc, p.who.role, p.who.user_id, p.today, p.now);
    assert_int_equal(rc_get(f->d, f->a, f->org, rid, &sc, &x), 1);
    /* A peer does not end assignments. */
    assert_int_equal(op_rc_assign_end(&p, rid, assignment, &res), OP_FORBIDDEN);
    assert_int_equal(op_rc_assign_end(&s, rid, assignment, &res), OP_OK);
    /* The same second, not at midnight. */
    assert_int_equal(rc_get(f->d, f->a, f->org, rid, &sc, &x), 0);
    struct rc_update_in u = {.recoveree_id = rid, .sent = RCF_BIT(RCF_PREFERRED_NAME),
                             .f = {.preferred_name = "Case"}};
    assert_int_equal(op_rc_update(&p, &u, &res), OP_NOT_FOUND);
    assert_int_equal(audit_count(f, "caseload.end", "recoveree", rid), 1);
    /* Ended once: there is no open assignment to end again. */
    struct op_ctx a;
    ofx_ctx(f, "admin", &a);
    assert_int_equal(op_rc_assign_end(&a, rid, assignment, &res), OP_NOT_FOUND);
}

/* ---- break-glass -------------------------------------------------------------------- */

/* A recoveree on aokafor's caseload: outside the demo peer's reach. */
static int64_t someone_elses(struct ofx *f, const char *last)
{
    int64_t rid = new_recoveree(f, last);
    struct op_ctx a;
    struct op_result res;
    ofx_ctx(f, "admin", &a);
    struct rc_assign_in in = {.recoveree_id = rid, .peer_id = ofx_user(f, "aokafor")};
    assert_int_equal(op_rc_assign(&a, &in, NULL, &res), OP_OK);
    return rid;
}

static void test_break_glass_with_a_reason_opens_the_record_for_reading_only(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    int64_t rid = someone_elses(f, "Glassread");
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "peer", &c);
    struct rc_scope sc;
    struct recoveree x;
    rc_scope_for(&sc, c.who.role, c.who.user_id, c.today, c.now);
    assert_int_equal(rc_get(f->d, f->a, f->org, rid, &sc, &x), 0);
    struct break_glass_in in = {.recoveree_id = rid,
                                .reason = "He called me in crisis from the shelter tonight."};
    int64_t until;
    assert_int_equal(op_break_glass_open(&c, &in, &until, &res), OP_OK);
    assert_int_equal(until, c.now + f->pol.v[POL_BREAK_GLASS_MINUTES] * 60);
    assert_int_equal(audit_count(f, "break_glass", "recoveree", rid), 1);
    assert_int_equal(rc_get(f->d, f->a, f->org, rid, &sc, &x), 1);
    /* Reading only: a change is out of reach still. */
    struct rc_update_in u = {.recoveree_id = rid, .sent = RCF_BIT(RCF_PREFERRED_NAME),
                             .f = {.preferred_name = "Case"}};
    assert_int_equal(op_rc_update(&c, &u, &res), OP_NOT_FOUND);
}

static void test_break_glass_refused_without_a_reason_or_a_record(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    int64_t rid = someone_elses(f, "Glassnoreason");
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "peer", &c);
    struct break_glass_in in = {.recoveree_id = rid};
    int64_t until;
    assert_int_equal(op_break_glass_open(&c, &in, &until, &res), OP_INVALID);
    assert_string_equal(res.field, "reason");
    in.reason = "need it";
    assert_int_equal(op_break_glass_open(&c, &in, &until, &res), OP_INVALID);
    assert_int_equal(until, 0);
    in.reason = "He called me in crisis from the shelter tonight.";
    in.recoveree_id = 99999999;
    assert_int_equal(op_break_glass_open(&c, &in, &until, &res), OP_NOT_FOUND);
    assert_int_equal(audit_count(f, "break_glass", "recoveree", rid), 0);
}

static void test_break_glass_is_for_peers_and_supervisors_only(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    int64_t rid = someone_elses(f, "Glasswho");
    struct break_glass_in in = {.recoveree_id = rid,
                                .reason = "He called me in crisis from the shelter tonight."};
    int64_t until;
    struct op_result res;
    const char *refused[] = {"admin", "clinician", "auditor"};
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
        struct op_ctx c;
        ofx_ctx(f, refused[i], &c);
        assert_int_equal(op_break_glass_open(&c, &in, &until, &res), OP_FORBIDDEN);
    }
    struct op_ctx s;
    ofx_ctx(f, "supervisor", &s);
    assert_int_equal(op_break_glass_open(&s, &in, &until, &res), OP_OK);
}

static void test_break_glass_review_is_never_of_ones_own(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    int64_t rid = someone_elses(f, "Glassreview");
    struct op_ctx s, a;
    struct op_result res;
    ofx_ctx(f, "supervisor", &s);
    ofx_ctx(f, "admin", &a);
    struct break_glass_in in = {.recoveree_id = rid,
                                .reason = "Her peer is away and she is in hospital today."};
    int64_t until;
    assert_int_equal(op_break_glass_open(&s, &in, &until, &res), OP_OK);
    int64_t grant = res.id;
    assert_int_equal(op_break_glass_review(&s, grant, "fine", &res), OP_NOT_FOUND);
    struct op_ctx p;
    ofx_ctx(f, "peer", &p);
    assert_int_equal(op_break_glass_review(&p, grant, "fine", &res), OP_FORBIDDEN);
    assert_int_equal(op_break_glass_review(&a, grant, "Reviewed with her; justified.", &res),
                     OP_OK);
    assert_int_equal(audit_count(f, "break_glass.review", "break_glass", grant), 1);
    /* Reviewed once. */
    assert_int_equal(op_break_glass_review(&a, grant, "again", &res), OP_NOT_FOUND);
}

static void test_break_glass_end_closes_the_record_at_once(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    int64_t rid = someone_elses(f, "Glassend");
    struct op_ctx p, o;
    struct op_result res;
    ofx_ctx(f, "peer", &p);
    ofx_ctx(f, "mwebb", &o);
    struct break_glass_in in = {.recoveree_id = rid,
                                .reason = "He called me in crisis from the shelter tonight."};
    int64_t until;
    assert_int_equal(op_break_glass_open(&p, &in, &until, &res), OP_OK);
    int64_t grant = res.id;
    /* Another peer does not end it; its own user does. */
    assert_int_equal(op_break_glass_end(&o, grant, &res), OP_NOT_FOUND);
    assert_int_equal(op_break_glass_end(&p, grant, &res), OP_OK);
    struct rc_scope sc;
    struct recoveree x;
    rc_scope_for(&sc, p.who.role, p.who.user_id, p.today, p.now);
    assert_int_equal(rc_get(f->d, f->a, f->org, rid, &sc, &x), 0);
    assert_int_equal(op_break_glass_end(&p, grant, &res), OP_NOT_FOUND);
    assert_int_equal(audit_count(f, "break_glass.end", "break_glass", grant), 1);
}

/* ---- RC-2 matching ------------------------------------------------------------------ */

static const struct rc_match *listed(const struct rc_match *m, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (m[i].peer_id == id)
            return &m[i];
    return NULL;
}

static void test_rc2_matching_never_lists_an_ineligible_peer(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    int64_t rid = new_recoveree(f, "Matchme");
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "admin", &c);
    struct rc_scope sc;
    struct recoveree x;
    rc_scope_for(&sc, c.who.role, c.who.user_id, c.today, c.now);
    assert_int_equal(rc_get(f->d, f->a, f->org, rid, &sc, &x), 1);
    struct wf_row *wf;
    int nwf;
    assert_int_equal(wf_load_org(f->d, f->a, f->org, c.today, &f->pol, &wf, &nwf), 0);
    struct rc_match *m;
    struct rc_override_choice *ov;
    size_t n, nov;
    assert_int_equal(op_rc_match(&c, &x, &m, &n, &ov, &nov, &res), OP_OK);
    assert_true(n > 0);
    /* WF-1, WF-4, WF-5: every peer listed may be assigned today. */
    for (size_t i = 0; i < n; i++) {
        int ok = 0;
        for (int k = 0; k < nwf; k++)
            if (wf[k].id == m[i].peer_id)
                ok = wf[k].may_assign;
        assert_true(ok);
        assert_int_equal(m[i].rank, (int)i + 1);
        assert_true(m[i].nreasons > 0);
        assert_true(m[i].can_assign);
    }
    assert_null(listed(m, n, ofx_user(f, "tbrooks")));
    assert_null(listed(m, n, ofx_user(f, "rdelgado")));
    /* SV-3: the best match, once she sees the recoveree clinically, is offered only apart, for
     * an override; SV-4 likewise for the second. An assigned peer is not proposed again. */
    int64_t first = m[0].peer_id;
    assert_true(n >= 3);
    int64_t second = m[1].peer_id, third = m[2].peer_id;
    struct user u;
    const char *names[2];
    int64_t ids[2] = {first, second};
    for (int k = 0; k < 2; k++) {
        assert_int_equal(user_by_id(f->d, f->a, f->org, ids[k], &u), 1);
        names[k] = u.username;
    }
    relate(f, rid, names[0], "clinical");
    relate(f, rid, names[1], "employer");
    struct rc_assign_in in = {.recoveree_id = rid, .peer_id = third};
    assert_int_equal(op_rc_assign(&c, &in, NULL, &res), OP_OK);
    assert_int_equal(op_rc_match(&c, &x, &m, &n, &ov, &nov, &res), OP_OK);
    assert_null(listed(m, n, first));
    assert_null(listed(m, n, second));
    assert_null(listed(m, n, third));
    int offered = 0;
    for (size_t i = 0; i < nov; i++)
        offered += ov[i].peer_id == first || ov[i].peer_id == second;
    assert_int_equal(offered, 2);
    /* A supervisor may assign only their supervisees: the others are not assignable for them. */
    struct op_ctx s;
    ofx_ctx(f, "supervisor", &s);
    assert_int_equal(op_rc_match(&s, &x, &m, &n, NULL, NULL, &res), OP_OK);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(m[i].can_assign, wf_supervises(f->d, f->org, s.who.user_id,
                                                        m[i].peer_id, s.today) == 1);
}

int main(void)
{
    ofx_name = "opscaseload";
    const struct CMUnitTest tests[] = {
        OFX_TEST(test_sv3_clinical_relationship_refuses_assignment),
        OFX_TEST(test_sv3_supervisor_override_with_reason_assigns_and_audits),
        OFX_TEST(test_sv3_override_without_reason_refused),
        OFX_TEST(test_sv4_authority_relationship_refuses),
        OFX_TEST(test_wf1_level1_peer_cannot_be_assigned),
        OFX_TEST(test_wf5_peer_without_supervisor_cannot_be_assigned),
        OFX_TEST(test_assignment_cannot_start_in_the_past),
        OFX_TEST(test_supervisor_assigns_only_their_supervisees),
        OFX_TEST(test_ending_an_assignment_removes_reach_at_once),
        OFX_TEST(test_break_glass_with_a_reason_opens_the_record_for_reading_only),
        OFX_TEST(test_break_glass_refused_without_a_reason_or_a_record),
        OFX_TEST(test_break_glass_is_for_peers_and_supervisors_only),
        OFX_TEST(test_break_glass_review_is_never_of_ones_own),
        OFX_TEST(test_break_glass_end_closes_the_record_at_once),
        OFX_TEST(test_rc2_matching_never_lists_an_ineligible_peer),
    };
    return cmocka_run_group_tests_name("ops: caseload", tests, ofx_group_setup,
                                       ofx_group_teardown);
}
