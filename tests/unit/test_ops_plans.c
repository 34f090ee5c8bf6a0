/* test_ops_plans.c - the plan and BARC-10 operations called directly, without HTTP, on SQLite
 * and PostgreSQL: RC-5 (plans, goals, every change kept, stale versions) and RC-6 (BARC-10
 * answers and dates), each for the allowed and the refused case, plus the write reach. */
#include "ops_fixture.h"

#include "ops_plans.h"
#include "plans_store.h"
#include "recoverees.h"

/* The first active recoveree in the actor's write reach, optionally with or without a plan. */
static int64_t reachable(struct ofx *f, struct op_ctx *c, int want_plan)
{
    struct rc_scope sc;
    rc_scope_for(&sc, c->who.role, c->who.user_id, c->today, c->now);
    sc.user = 0;
    struct recoveree *rows;
    int n;
    int64_t total;
    assert_int_equal(rc_page(f->d, f->a, f->org, &sc, "active", NULL, 200, 0, &rows, &n, &total), 0);
    for (int i = 0; i < n; i++) {
        struct plan p;
        int have = plan_get(f->d, f->a, f->org, rows[i].id, &p);
        if (want_plan < 0 || have == want_plan)
            return rows[i].id;
    }
    fail_msg("no recoveree in reach (want_plan %d)", want_plan);
    return 0;
}

/* A recoveree of the organization that the actor cannot reach. */
static int64_t unreachable(struct ofx *f, struct op_ctx *c)
{
    struct rc_scope all, mine;
    rc_scope_for(&all, ROLE_ADMIN, 0, c->today, c->now);
    rc_scope_for(&mine, c->who.role, c->who.user_id, c->today, c->now);
    struct recoveree *rows, x;
    int n;
    int64_t total;
    assert_int_equal(rc_page(f->d, f->a, f->org, &all, NULL, NULL, 500, 0, &rows, &n, &total), 0);
    for (int i = 0; i < n; i++)
        if (rc_get(f->d, f->a, f->org, rows[i].id, &mine, &x) == 0)
            return rows[i].id;
    fail_msg("every recoveree is in reach");
    return 0;
}

static void test_rc5_peer_saves_the_plan_of_a_recoveree_on_their_caseload(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "peer", &c);
    int64_t id = reachable(f, &c, 1);
    struct plan before;
    assert_int_equal(plan_get(f->d, f->a, f->org, id, &before), 1);
    struct plan_save_in in = {.recoveree_id = id, .strengths = "My daughter; my job",
                              .keep_barriers = 1, .version = before.version};
    int created = -1;
    assert_int_equal(op_plan_save(&c, &in, &created, &res), OP_OK);
    assert_int_equal(created, 0);
    struct plan after;
    assert_int_equal(plan_get(f->d, f->a, f->org, id, &after), 1);
    assert_string_equal(after.strengths, "My daughter; my job");
    assert_int_equal(after.version, before.version + 1);
    /* Barriers left out of the form are kept (RC-5: the recoveree's words are not lost). */
    if (before.barriers)
        assert_string_equal(after.barriers, before.barriers);
    struct plan_change *h;
    int n;
    assert_int_equal(plan_history(f->d, f->a, f->org, id, &h, &n), 0);
    assert_true(n >= 1);
    /* The history keeps a code, said from the catalog when shown (issue 10). */
    assert_string_equal(h[0].what, "plan_updated");
    assert_non_null(strstr(h[0].after, "My daughter; my job"));
}

static void test_rc5_a_stale_version_changes_nothing(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "peer", &c);
    int64_t id = reachable(f, &c, 1);
    struct plan before;
    assert_int_equal(plan_get(f->d, f->a, f->org, id, &before), 1);
    struct plan_save_in in = {.recoveree_id = id, .strengths = "stale write",
                              .keep_barriers = 1, .version = before.version - 1 > 0 ? before.version - 1 : 999};
    int created;
    assert_int_equal(op_plan_save(&c, &in, &created, &res), OP_CONFLICT);
    assert_string_equal(res.code, "stale");
    struct plan after;
    assert_int_equal(plan_get(f->d, f->a, f->org, id, &after), 1);
    assert_int_equal(after.version, before.version);
}

static void test_rc5_a_peer_cannot_change_a_plan_outside_their_caseload(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "peer", &c);
    int64_t id = unreachable(f, &c);
    struct plan_save_in in = {.recoveree_id = id, .strengths = "not mine"};
    int created;
    assert_int_equal(op_plan_save(&c, &in, &created, &res), OP_NOT_FOUND);
    struct plan p;
    int have = plan_get(f->d, f->a, f->org, id, &p);
    assert_true(have == 0 || strcmp(p.strengths ? p.strengths : "", "not mine") != 0);
}

static void test_rc5_goals_need_a_plan_first(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "admin", &c);
    int64_t id = reachable(f, &c, 0);
    struct goal_add_in g = {.recoveree_id = id, .domain = "Housing", .goal = "A place of my own"};
    assert_int_equal(op_goal_add(&c, &g, &res), OP_CONFLICT);
    assert_string_equal(res.code, "no_plan");
    assert_string_equal(res.rule, "RC-5");
    /* With a plan, the goal is added and the plan's version moves. */
    struct plan_save_in in = {.recoveree_id = id, .strengths = "Stubborn in a good way"};
    int created;
    assert_int_equal(op_plan_save(&c, &in, &created, &res), OP_OK);
    assert_int_equal(created, 1);
    assert_int_equal(op_goal_add(&c, &g, &res), OP_OK);
    assert_true(res.id > 0);
    struct goal_update_in u = {.recoveree_id = id, .goal_id = res.id, .status = "met"};
    assert_int_equal(op_goal_update(&c, &u, &res), OP_OK);
    u.status = "finished";
    assert_int_equal(op_goal_update(&c, &u, &res), OP_INVALID);
    assert_string_equal(res.field, "status");
    u.goal_id = 999999;
    u.status = NULL;
    assert_int_equal(op_goal_update(&c, &u, &res), OP_NOT_FOUND);
}

static void test_rc6_barc10_takes_ten_answers_from_1_to_6(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "peer", &c);
    int64_t id = reachable(f, &c, -1);
    struct barc10_in in = {.recoveree_id = id};
    for (int i = 0; i < BARC10_ITEMS; i++)
        in.answers[i] = 5;
    int total = 0;
    assert_int_equal(op_barc10_add(&c, &in, &total, &res), OP_OK);
    assert_int_equal(total, 50);
    in.answers[3] = 7;
    assert_int_equal(op_barc10_add(&c, &in, &total, &res), OP_INVALID);
    assert_string_equal(res.field, "item4");
    assert_string_equal(res.rule, "RC-6");
    in.answers[3] = 5;
    in.taken_on = "2099-01-01";
    assert_int_equal(op_barc10_add(&c, &in, &total, &res), OP_INVALID);
    assert_string_equal(res.field, "taken_on");
}

static void test_rc6_barc10_refused_outside_the_caseload(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "peer", &c);
    struct barc10_in in = {.recoveree_id = unreachable(f, &c)};
    for (int i = 0; i < BARC10_ITEMS; i++)
        in.answers[i] = 3;
    int total;
    assert_int_equal(op_barc10_add(&c, &in, &total, &res), OP_NOT_FOUND);
}

int main(void)
{
    ofx_name = "opsplans";
    const struct CMUnitTest tests[] = {
        OFX_TEST(test_rc5_peer_saves_the_plan_of_a_recoveree_on_their_caseload),
        OFX_TEST(test_rc5_a_stale_version_changes_nothing),
        OFX_TEST(test_rc5_a_peer_cannot_change_a_plan_outside_their_caseload),
        OFX_TEST(test_rc5_goals_need_a_plan_first),
        OFX_TEST(test_rc6_barc10_takes_ten_answers_from_1_to_6),
        OFX_TEST(test_rc6_barc10_refused_outside_the_caseload),
    };
    return cmocka_run_group_tests_name("ops: plans", tests, ofx_group_setup, ofx_group_teardown);
}
