/* test_ops_workforce.c - the workforce operations and wf_check called directly, without HTTP,
 * on SQLite and PostgreSQL: WF-1 (scope by level; training recorded only by a supervisor or an
 * administrator), WF-3 (ethics CE), WF-4 (lapsed certification), WF-5 (active supervisor;
 * assignment, its end at once, sessions not in the future), each allowed and refused. */
#include "ops_fixture.h"

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

static void test_wf1_a_peer_may_not_record_their_own_training(void **state)
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

static void test_wf3_ethics_short_is_not_compliant_until_recorded(void **state)
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

static void test_wf4_lapsed_certification_drops_to_the_training_scope(void **state)
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

static void test_wf5_no_supervisor_refused_then_assignment_allows_and_end_refuses(void **state)
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

int main(void)
{
    ofx_name = "opswf";
    const struct CMUnitTest tests[] = {
        OFX_TEST(test_wf1_level1_volunteer_may_not_take_recoverees),
        OFX_TEST(test_wf1_a_peer_may_not_record_their_own_training),
        OFX_TEST(test_wf1_their_supervisor_records_the_training),
        OFX_TEST(test_wf3_ethics_short_is_not_compliant_until_recorded),
        OFX_TEST(test_wf4_lapsed_certification_drops_to_the_training_scope),
        OFX_TEST(test_wf5_no_supervisor_refused_then_assignment_allows_and_end_refuses),
        OFX_TEST(test_wf5_supervision_dated_in_the_future_is_refused),
    };
    return cmocka_run_group_tests_name("ops: workforce", tests, ofx_group_setup,
                                       ofx_group_teardown);
}
