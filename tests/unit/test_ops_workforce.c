/* test_ops_workforce.c - the workforce operations and wf_check called directly, without HTTP,
 * on SQLite and PostgreSQL: WF-1 (scope by level; training recorded only by a supervisor or an
 * administrator), WF-2 (certification prerequisites: education, experience, supervised hours),
 * WF-3 (ethics CE), WF-4 (lapsed certification, renewal), WF-5 (active supervisor; assignment,
 * handover, its end at once, sessions not in the future and within the minutes range), the
 * profile (matching codes through profile.c) and evidence (sniffed type, size limit), each
 * allowed and refused. The tests share one demo database per engine, so each uses people the
 * others leave alone, or restores what it changes. */
#include "ops_fixture.h"

#include "evidence.h"
#include "ops_workforce.h"
#include "workforce_store.h"

/* wf_check for username doing action today. */
static void check_action(struct ofx *f, const char *username, enum wf_action action,
                         struct wf_decision *d)
{
    assert_int_equal(wf_check(f->d, f->a, f->org, ofx_user(f, username), civil_today(), &f->pol,
                              action, d),
                     0);
}

/* wf_check for username taking a recoveree today. */
static void check(struct ofx *f, const char *username, struct wf_decision *d)
{
    check_action(f, username, WF_ASSIGN_RECOVEREE, d);
}

static const char *day(struct ofx *f, int offset)
{
    char *s = arena_alloc(f->a, 11);
    civil_format(civil_today() + offset, s);
    return s;
}

static void test_wf1_level1_volunteer_may_not_take_recoverees(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct wf_decision d;
    check(f, "tbrooks", &d);
    assert_false(d.allowed);
    assert_string_equal(d.rule, "WF-1");
    check(f, "aokafor", &d);
    assert_true(d.allowed);
}

static void test_wf1_a_peer_cannot_record_their_own_training(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "tbrooks", &c);
    struct wf_training_in in = {.user_id = c.who.user_id, .kind = "orientation_ethics",
                                .title = "Orientation", .date = day(f, -1), .hours = "4"};
    assert_int_equal(op_wf_training_add(&c, &in, &res), OP_FORBIDDEN);
    /* Another peer is out of reach altogether. */
    ofx_ctx(f, "peer", &c);
    assert_int_equal(op_wf_training_add(&c, &in, &res), OP_NOT_FOUND);
}

static void test_wf1_their_supervisor_records_the_training(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "supervisor", &c);
    struct wf_record before, after;
    int64_t id = ofx_user(f, "tbrooks");
    assert_int_equal(wf_load(f->d, f->a, f->org, id, &before), 1);
    struct wf_training_in in = {.user_id = id, .kind = "orientation_ethics",
                                .title = "Orientation", .date = day(f, -1), .hours = "4"};
    assert_int_equal(op_wf_training_add(&c, &in, &res), OP_OK);
    assert_true(res.id > 0);
    assert_int_equal(wf_load(f->d, f->a, f->org, id, &after), 1);
    assert_int_equal(after.trainings.n, before.trainings.n + 1);
}

static void test_wf3_ce_ethics_short_is_not_compliant_then_two_ethics_hours_make_it_compliant(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    int64_t id = ofx_user(f, "mwebb");
    struct wf_record rec;
    struct wf_req q;
    int32_t done, req, start, end;
    assert_int_equal(wf_load(f->d, f->a, f->org, id, &rec), 1);
    wf_ce_status(&rec.person, &f->pol, civil_today(), &q, &done, &req, &start, &end);
    assert_int_not_equal(q.status, WF_COMPLIANT);
    assert_true(done < req);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "supervisor", &c);
    struct wf_ce_in in = {.user_id = id, .date = day(f, -1), .hours = "2", .category = "ethics",
                          .title = "Boundaries", .provider = "NAADAC"};
    assert_int_equal(op_wf_ce_add(&c, &in, &res), OP_OK);
    assert_int_equal(wf_load(f->d, f->a, f->org, id, &rec), 1);
    wf_ce_status(&rec.person, &f->pol, civil_today(), &q, &done, &req, &start, &end);
    assert_int_equal(q.status, WF_COMPLIANT);
}

static void test_wf4_lapsed_certification_drops_to_level2_scope(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct wf_decision d;
    check_action(f, "dholt", WF_DELIVER_HIGH, &d);
    assert_false(d.allowed);
    assert_string_equal(d.rule, "WF-4");
    check_action(f, "dholt", WF_DELIVER_LOW, &d); /* within the scope of the training */
    assert_true(d.allowed);
    check_action(f, "aokafor", WF_DELIVER_HIGH, &d); /* certified and current */
    assert_true(d.allowed);
}

static void test_wf5_no_supervisor_refuses_services_assignment_allows_end_refuses_at_once(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct wf_decision d;
    check(f, "rdelgado", &d);
    assert_false(d.allowed);
    assert_string_equal(d.rule, "WF-5");

    struct op_ctx c;
    struct op_result res;
    int64_t id = ofx_user(f, "rdelgado");
    /* A supervisor may not assign (administrators only). */
    ofx_ctx(f, "supervisor", &c);
    struct wf_assign_in in = {.user_id = id, .has_supervisor_id = 1,
                              .supervisor_id = c.who.user_id, .start_date = day(f, -1)};
    assert_int_not_equal(op_wf_assign(&c, &in, &res), OP_OK);
    ofx_ctx(f, "admin", &c);
    struct wf_assign_in self = in;
    self.supervisor_id = id;
    assert_int_equal(op_wf_assign(&c, &self, &res), OP_REFUSED);
    assert_string_equal(res.field, "supervisor_id");
    assert_int_equal(op_wf_assign(&c, &in, &res), OP_OK);
    int64_t assignment = res.id;
    check(f, "rdelgado", &d);
    if (!d.allowed)
        assert_string_not_equal(d.rule, "WF-5");

    /* Ending it today takes effect at once. */
    struct wf_assign_end_in end = {.user_id = id, .assignment_id = assignment,
                                   .end_date = day(f, 0)};
    assert_int_equal(op_wf_assign_end(&c, &end, &res), OP_OK);
    check(f, "rdelgado", &d);
    assert_false(d.allowed);
    assert_string_equal(d.rule, "WF-5");
    /* Twice: there is no open assignment any more. */
    assert_int_equal(op_wf_assign_end(&c, &end, &res), OP_NOT_FOUND);
    assert_string_equal(res.field, "end_date");
}

static void test_wf5_supervision_dated_in_the_future_is_refused(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "supervisor", &c);
    struct wf_supervision_in in = {.user_id = ofx_user(f, "aokafor"), .date = day(f, 1),
                                   .kind = "clinical", .topics = "Boundaries",
                                   .has_minutes = 1, .minutes = 60};
    assert_int_equal(op_wf_supervision_add(&c, &in, &res), OP_INVALID);
    assert_string_equal(res.field, "date");
    in.date = day(f, 0);
    assert_int_equal(op_wf_supervision_add(&c, &in, &res), OP_OK);
    /* Not for someone they do not supervise. */
    in.user_id = ofx_user(f, "rdelgado");
    assert_int_equal(op_wf_supervision_add(&c, &in, &res), OP_NOT_FOUND);
}

/* The workforce record of username, freshly loaded. */
static void load(struct ofx *f, const char *username, struct wf_record *rec)
{
    assert_int_equal(wf_load(f->d, f->a, f->org, ofx_user(f, username), rec), 1);
}

static void test_wf1_a_supervisor_cannot_record_training_of_someone_they_do_not_supervise(
    void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "supervisor", &c);
    struct wf_training_in in = {.user_id = ofx_user(f, "rdelgado"), .kind = "ethics_ccar",
                                .title = "Academy", .date = day(f, -2), .hours = "18"};
    assert_int_equal(op_wf_training_add(&c, &in, &res), OP_NOT_FOUND);
    /* An administrator reaches everyone of the organization. */
    ofx_ctx(f, "admin", &c);
    assert_int_equal(op_wf_training_add(&c, &in, &res), OP_OK);
}

static void test_wf1_training_in_the_future_or_of_unknown_kind_is_invalid(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "supervisor", &c);
    struct wf_training_in in = {.user_id = ofx_user(f, "tbrooks"), .kind = "orientation_ethics",
                                .title = "Orientation", .date = day(f, 1), .hours = "4"};
    assert_int_equal(op_wf_training_add(&c, &in, &res), OP_INVALID);
    assert_string_equal(res.field, "date");
    in.date = day(f, -1);
    in.kind = "juggling";
    assert_int_equal(op_wf_training_add(&c, &in, &res), OP_INVALID);
    assert_string_equal(res.field, "kind");
    in.kind = "other";
    in.hours = "201";
    assert_int_equal(op_wf_training_add(&c, &in, &res), OP_INVALID);
    assert_string_equal(res.field, "hours");
}

static void test_wf2_supervised_hours_short_until_sessions_are_logged(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct wf_record rec;
    struct wf_cert_progress cp;
    load(f, "peer", &rec);
    wf_cert_progress(&rec.person, &f->pol, &cp);
    assert_int_not_equal(cp.supervised.status, WF_COMPLIANT);
    assert_false(cp.ready);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "supervisor", &c);
    /* 25 hours of direct supervision, in sessions of at most ten hours. */
    for (int i = 0; i < 3; i++) {
        struct wf_supervision_in in = {.user_id = ofx_user(f, "peer"), .date = day(f, -20 - i),
                                       .kind = "clinical", .topics = "Case review",
                                       .has_minutes = 1, .minutes = 600};
        assert_int_equal(op_wf_supervision_add(&c, &in, &res), OP_OK);
    }
    load(f, "peer", &rec);
    wf_cert_progress(&rec.person, &f->pol, &cp);
    assert_int_equal(cp.supervised.status, WF_COMPLIANT);
}

static void test_wf2_a_peer_logs_their_own_experience_hours_not_anothers(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct wf_record before, after;
    load(f, "peer", &before);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "peer", &c);
    struct wf_experience_in in = {.user_id = c.who.user_id, .date = day(f, -1), .hours = "7.5",
                                  .description = "Group facilitation"};
    assert_int_equal(op_wf_experience_add(&c, &in, &res), OP_OK);
    load(f, "peer", &after);
    assert_int_equal(after.person.experience_minutes, before.person.experience_minutes + 450);
    in.user_id = ofx_user(f, "aokafor");
    assert_int_equal(op_wf_experience_add(&c, &in, &res), OP_NOT_FOUND);
    in.user_id = c.who.user_id;
    in.hours = "0";
    assert_int_equal(op_wf_experience_add(&c, &in, &res), OP_INVALID);
    assert_string_equal(res.field, "hours");
}

static void test_wf2_no_diploma_needs_supervisor_approval(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    int64_t id = ofx_user(f, "tbrooks");
    ofx_ctx(f, "admin", &c);
    struct wf_profile_in in = {.user_id = id, .education_sent = 1, .education = "none",
                               .has_waiver = 1, .education_waiver = 0};
    assert_int_equal(op_wf_profile_save(&c, &in, &res), OP_OK);
    struct wf_record rec;
    struct wf_cert_progress cp;
    load(f, "tbrooks", &rec);
    wf_cert_progress(&rec.person, &f->pol, &cp);
    assert_int_equal(cp.education.status, WF_NON_COMPLIANT);
    in.education_waiver = 1;
    assert_int_equal(op_wf_profile_save(&c, &in, &res), OP_OK);
    load(f, "tbrooks", &rec);
    wf_cert_progress(&rec.person, &f->pol, &cp);
    assert_int_equal(cp.education.status, WF_COMPLIANT);
    /* Put back the diploma the demo gave her. */
    in = (struct wf_profile_in){.user_id = id, .education_sent = 1, .education = "hs",
                                .has_waiver = 1, .education_waiver = 0};
    assert_int_equal(op_wf_profile_save(&c, &in, &res), OP_OK);
}

static void test_wf2_the_profile_is_for_administrators_only(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    struct wf_profile_in in = {.user_id = ofx_user(f, "tbrooks"), .has_level = 1, .level = 2};
    ofx_ctx(f, "supervisor", &c); /* sees her page, may not change her level */
    assert_int_equal(op_wf_profile_save(&c, &in, &res), OP_FORBIDDEN);
    ofx_ctx(f, "tbrooks", &c);
    assert_int_equal(op_wf_profile_save(&c, &in, &res), OP_FORBIDDEN);
    struct wf_record rec;
    load(f, "tbrooks", &rec);
    assert_int_equal(rec.prof.level, 1);
}

static void test_rc2_profile_matching_codes_are_checked_against_the_lists(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "admin", &c);
    int64_t id = ofx_user(f, "pnair");
    struct wf_profile_in in = {.user_id = id};
    in.codes_sent[0] = 1;
    in.codes[0] = "english,klingon";
    assert_int_equal(op_wf_profile_save(&c, &in, &res), OP_INVALID);
    assert_string_equal(res.field, "language_codes");
    assert_non_null(strstr(res.message, "klingon"));
    in.codes[0] = "spanish,english";
    assert_int_equal(op_wf_profile_save(&c, &in, &res), OP_OK);
    struct wf_record rec;
    load(f, "pnair", &rec);
    assert_non_null(rec.prof.language_codes);
    assert_non_null(strstr(rec.prof.language_codes, "spanish"));
    /* A stale version is a conflict, not an overwrite. */
    in.has_version = 1;
    in.version = rec.prof.version - 1;
    assert_int_equal(op_wf_profile_save(&c, &in, &res), OP_CONFLICT);
    assert_string_equal(res.code, "stale");
}

static void test_wf4_certification_recorded_by_a_supervisor_not_by_the_peer(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    int64_t id = ofx_user(f, "pnair");
    struct wf_cert_in in = {.user_id = id, .body = "ncprss", .number = "NC-1",
                            .issued = day(f, -1), .expires = day(f, 700)};
    ofx_ctx(f, "pnair", &c);
    assert_int_equal(op_wf_cert_add(&c, &in, &res), OP_FORBIDDEN);
    ofx_ctx(f, "supervisor", &c);
    in.expires = day(f, -2);
    assert_int_equal(op_wf_cert_add(&c, &in, &res), OP_INVALID);
    assert_string_equal(res.field, "expires");
    in.expires = day(f, 700);
    in.body = "acme";
    assert_int_equal(op_wf_cert_add(&c, &in, &res), OP_INVALID);
    assert_string_equal(res.field, "body");
    in.body = "ncprss";
    assert_int_equal(op_wf_cert_add(&c, &in, &res), OP_OK);
}

static void test_wf4_renewed_certification_restores_level3_scope(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct wf_decision d;
    check_action(f, "dholt", WF_DELIVER_HIGH, &d);
    assert_false(d.allowed);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "supervisor", &c);
    struct wf_cert_in in = {.user_id = ofx_user(f, "dholt"), .body = "cprs", .number = "IC-9",
                            .issued = day(f, 0), .expires = day(f, 730)};
    assert_int_equal(op_wf_cert_add(&c, &in, &res), OP_OK);
    check_action(f, "dholt", WF_DELIVER_HIGH, &d);
    assert_true(d.allowed);
}

static void test_wf5_supervision_minutes_out_of_range_are_refused(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "supervisor", &c);
    struct wf_supervision_in in = {.user_id = ofx_user(f, "aokafor"), .date = day(f, -1),
                                   .kind = "administrative", .topics = "Documentation",
                                   .has_minutes = 1, .minutes = 0};
    assert_int_equal(op_wf_supervision_add(&c, &in, &res), OP_INVALID);
    assert_string_equal(res.field, "minutes");
    in.minutes = 601;
    assert_int_equal(op_wf_supervision_add(&c, &in, &res), OP_INVALID);
    assert_string_equal(res.field, "minutes");
    in.has_minutes = 0;
    assert_int_equal(op_wf_supervision_add(&c, &in, &res), OP_INVALID);
    in.has_minutes = 1;
    in.minutes = 600;
    assert_int_equal(op_wf_supervision_add(&c, &in, &res), OP_OK);
}

static void test_wf5_supervision_is_given_by_a_supervisor_not_a_peer(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    int64_t id = ofx_user(f, "aokafor");
    struct wf_supervision_in in = {.user_id = id, .date = day(f, -1), .kind = "clinical",
                                   .topics = "Boundaries", .has_minutes = 1, .minutes = 60};
    ofx_ctx(f, "aokafor", &c); /* a peer may not log their own supervision */
    assert_int_equal(op_wf_supervision_add(&c, &in, &res), OP_FORBIDDEN);
    ofx_ctx(f, "admin", &c);
    assert_int_equal(op_wf_supervision_add(&c, &in, &res), OP_INVALID); /* names no one */
    assert_string_equal(res.field, "supervisor_id");
    in.has_supervisor_id = 1;
    in.supervisor_id = ofx_user(f, "peer");
    assert_int_equal(op_wf_supervision_add(&c, &in, &res), OP_REFUSED);
    assert_string_equal(res.field, "supervisor_id");
    in.supervisor_id = ofx_user(f, "supervisor");
    assert_int_equal(op_wf_supervision_add(&c, &in, &res), OP_OK);
}

static void test_wf5_handover_ends_the_previous_assignment_the_day_before(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct wf_named *sups;
    int n;
    assert_int_equal(wf_supervisors(f->d, f->a, f->org, &sups, &n), 0);
    int64_t first = ofx_user(f, "supervisor"), other = 0;
    for (int i = 0; i < n; i++)
        if (sups[i].id != first)
            other = sups[i].id;
    assert_true(other > 0);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "admin", &c);
    int64_t id = ofx_user(f, "pnair");
    struct wf_assign_in in = {.user_id = id, .has_supervisor_id = 1, .supervisor_id = other,
                              .start_date = day(f, 0)};
    assert_int_equal(op_wf_assign(&c, &in, &res), OP_OK);
    int64_t handover = res.id;
    struct wf_record rec;
    load(f, "pnair", &rec);
    int open = 0;
    for (int i = 0; i < rec.assignments.n; i++) {
        const struct wf_entry *e = &rec.assignments.rows[i];
        if (!e->date2) {
            open++;
            assert_int_equal(e->id, handover);
        } else if (e->other_id == first) {
            assert_string_equal(e->date2, day(f, -1));
        }
    }
    assert_int_equal(open, 1);
    struct wf_decision d;
    check(f, "pnair", &d);
    if (!d.allowed)
        assert_string_not_equal(d.rule, "WF-5");
    /* The first supervisor no longer reaches her; the new one does. */
    ofx_ctx(f, "supervisor", &c);
    assert_false(op_wf_allowed(&c, WFR_SUPERVISE, id));
    /* Hand her back (the other tests use her as the demo supervisor's). */
    ofx_ctx(f, "admin", &c);
    in.supervisor_id = first;
    assert_int_equal(op_wf_assign(&c, &in, &res), OP_OK);
}

static void test_wf5_only_an_administrator_assigns_an_active_supervisor(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    int64_t id = ofx_user(f, "mwebb");
    struct wf_assign_in in = {.user_id = id, .has_supervisor_id = 1,
                              .supervisor_id = ofx_user(f, "supervisor"), .start_date = day(f, 0)};
    ofx_ctx(f, "supervisor", &c);
    assert_int_equal(op_wf_assign(&c, &in, &res), OP_FORBIDDEN);
    ofx_ctx(f, "admin", &c);
    in.supervisor_id = ofx_user(f, "clinician"); /* not a supervisor */
    assert_int_equal(op_wf_assign(&c, &in, &res), OP_REFUSED);
    assert_string_equal(res.field, "supervisor_id");
    in.has_supervisor_id = 0;
    assert_int_equal(op_wf_assign(&c, &in, &res), OP_INVALID);
    assert_string_equal(res.field, "supervisor_id");
}

static void test_wf5_an_end_after_today_keeps_the_supervisor_until_then(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct wf_record rec;
    load(f, "mwebb", &rec);
    int64_t open = 0;
    for (int i = 0; i < rec.assignments.n; i++)
        if (!rec.assignments.rows[i].date2)
            open = rec.assignments.rows[i].id;
    assert_true(open > 0);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "admin", &c);
    struct wf_assign_end_in end = {.user_id = rec.prof.user_id, .assignment_id = open,
                                   .end_date = day(f, 30)};
    assert_int_equal(op_wf_assign_end(&c, &end, &res), OP_OK);
    struct wf_decision d;
    check_action(f, "mwebb", WF_DELIVER_LOW, &d);
    assert_true(d.allowed);
    load(f, "mwebb", &rec);
    for (int i = 0; i < rec.assignments.n; i++)
        if (rec.assignments.rows[i].id == open)
            assert_int_equal(rec.assignments.rows[i].ended_at, 0);
}

/* A minimal PDF: what evidence_type sniffs. */
static const char pdf[] = "%PDF-1.4\n%%EOF\n";

static void test_evidence_a_peer_attaches_a_pdf_to_their_own_ce(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct wf_record rec;
    load(f, "aokafor", &rec);
    assert_true(rec.ce.n > 0 && rec.certs.n > 0);
    struct op_ctx c;
    struct op_result res;
    struct wf_evidence_out out;
    ofx_ctx(f, "aokafor", &c);
    struct wf_evidence_in in = {.user_id = c.who.user_id,
                                .record = arena_printf(f->a, "ce-%lld",
                                                       (long long)rec.ce.rows[0].id),
                                .data = pdf, .len = sizeof pdf - 1, .filename = "../ce.pdf"};
    assert_int_equal(op_wf_evidence_add(&c, &in, &out, &res), OP_OK);
    assert_string_equal(out.content_type, "application/pdf");
    assert_int_equal(strlen(out.sha256), 64);
    struct wf_evidence ev;
    assert_int_equal(wf_evidence_get(f->d, f->a, f->org, c.who.user_id, res.id, &ev), 1);
    assert_int_equal(ev.len, sizeof pdf - 1);
    /* A certification is for the supervisor to document. */
    in.record = arena_printf(f->a, "certification-%lld", (long long)rec.certs.rows[0].id);
    assert_int_equal(op_wf_evidence_add(&c, &in, &out, &res), OP_FORBIDDEN);
    in.record = "diploma-1";
    assert_int_equal(op_wf_evidence_add(&c, &in, &out, &res), OP_INVALID);
    assert_string_equal(res.field, "record");
}

static void test_evidence_not_a_document_or_over_the_size_limit_is_refused(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct wf_record rec;
    load(f, "aokafor", &rec);
    struct op_ctx c;
    struct op_result res;
    struct wf_evidence_out out;
    ofx_ctx(f, "supervisor", &c);
    struct wf_evidence_in in = {.user_id = rec.prof.user_id,
                                .record = arena_printf(f->a, "certification-%lld",
                                                       (long long)rec.certs.rows[0].id),
                                .data = "<html>hello</html>", .len = 18, .filename = "x.html"};
    assert_int_equal(op_wf_evidence_add(&c, &in, &out, &res), OP_REFUSED);
    assert_string_equal(res.code, "evidence_type");
    assert_string_equal(res.field, "file");
    size_t big = EVIDENCE_MAX_BYTES + 1;
    char *data = arena_alloc(f->a, big);
    memset(data, 0, big);
    memcpy(data, "%PDF-", 5);
    in.data = data;
    in.len = big;
    assert_int_equal(op_wf_evidence_add(&c, &in, &out, &res), OP_REFUSED);
    assert_non_null(strstr(res.message, "4 MB"));
    in.len = big - 1; /* exactly the limit */
    assert_int_equal(op_wf_evidence_add(&c, &in, &out, &res), OP_OK);
    in.data = NULL;
    in.len = 0;
    assert_int_equal(op_wf_evidence_add(&c, &in, &out, &res), OP_INVALID);
    assert_string_equal(res.field, "file");
}

int main(void)
{
    ofx_name = "opswf";
    const struct CMUnitTest tests[] = {
        OFX_TEST(test_wf1_level1_volunteer_may_not_take_recoverees),
        OFX_TEST(test_wf1_a_peer_cannot_record_their_own_training),
        OFX_TEST(test_wf1_their_supervisor_records_the_training),
        OFX_TEST(test_wf1_a_supervisor_cannot_record_training_of_someone_they_do_not_supervise),
        OFX_TEST(test_wf1_training_in_the_future_or_of_unknown_kind_is_invalid),
        OFX_TEST(test_wf2_supervised_hours_short_until_sessions_are_logged),
        OFX_TEST(test_wf2_a_peer_logs_their_own_experience_hours_not_anothers),
        OFX_TEST(test_wf2_no_diploma_needs_supervisor_approval),
        OFX_TEST(test_wf2_the_profile_is_for_administrators_only),
        OFX_TEST(test_rc2_profile_matching_codes_are_checked_against_the_lists),
        OFX_TEST(test_wf3_ce_ethics_short_is_not_compliant_then_two_ethics_hours_make_it_compliant),
        OFX_TEST(test_wf4_lapsed_certification_drops_to_level2_scope),
        OFX_TEST(test_wf4_certification_recorded_by_a_supervisor_not_by_the_peer),
        OFX_TEST(test_wf4_renewed_certification_restores_level3_scope),
        OFX_TEST(test_wf5_no_supervisor_refuses_services_assignment_allows_end_refuses_at_once),
        OFX_TEST(test_wf5_supervision_dated_in_the_future_is_refused),
        OFX_TEST(test_wf5_supervision_minutes_out_of_range_are_refused),
        OFX_TEST(test_wf5_supervision_is_given_by_a_supervisor_not_a_peer),
        OFX_TEST(test_wf5_handover_ends_the_previous_assignment_the_day_before),
        OFX_TEST(test_wf5_only_an_administrator_assigns_an_active_supervisor),
        OFX_TEST(test_wf5_an_end_after_today_keeps_the_supervisor_until_then),
        OFX_TEST(test_evidence_a_peer_attaches_a_pdf_to_their_own_ce),
        OFX_TEST(test_evidence_not_a_document_or_over_the_size_limit_is_refused),
    };
    return cmocka_run_group_tests_name("ops: workforce", tests, ofx_group_setup,
                                       ofx_group_teardown);
}
