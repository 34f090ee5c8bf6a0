/* test_ops_checkups.c - the check-up operations called directly, without HTTP (as the CLI
 * and import would), on SQLite and PostgreSQL over the demo data: WF-1 holds for a Level 1
 * volunteer outside HTTP too, My day's pipelined read (ck_myday) gives the same queue and
 * tasks as the operations, and the demo has overdue check-ups and open tasks. */
#include "ops_fixture.h"
#include "ops_checkups.h"
#include "ops_reach.h"
#include "recoverees.h"

static void test_wf1_volunteer_works_only_the_phone_queue_in_the_operations(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "tbrooks", &c);
    struct ck_due_row *rows;
    struct ck_standing *st;
    int n;
    assert_int_equal(op_checkups_due(&c, &(struct ck_due_in){0}, &rows, &st, &n, &res),
                     OP_REFUSED);
    assert_string_equal(res.rule, "WF-1");
    struct task_row *t;
    assert_int_equal(op_tasks_list(&c, NULL, &t, &n, &res), OP_REFUSED);
    assert_string_equal(res.rule, "WF-1");
    struct ck_phone_row *q;
    assert_int_equal(op_phone_queue(&c, &q, &n, &res), OP_OK);
    assert_true(n > 0);
    assert_false(q[0].in_reach);
    struct ck_record_in in = {.recoveree_id = q[0].id, .modality = "video", .outcome = "stable"};
    struct ck_record_out out;
    assert_int_equal(op_checkup_record(&c, &in, &out, &res), OP_REFUSED);
    assert_string_equal(res.rule, "WF-1");
    in.modality = "telephone";
    assert_int_equal(op_checkup_record(&c, &in, &out, &res), OP_OK);
    assert_true(out.checkup_id > 0);
    assert_true(out.next_due[0] != '\0');
}

static void test_sv6_my_day_reads_the_same_queue_and_tasks_as_the_operations(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "peer", &c);
    struct ck_due_row *rows, *mine;
    struct ck_standing *st;
    struct task_row *t, *mt;
    int n, nt, nm, nmt;
    assert_int_equal(op_checkups_due(&c, &(struct ck_due_in){0}, &rows, &st, &n, &res), OP_OK);
    assert_int_equal(op_tasks_list(&c, "open", &t, &nt, &res), OP_OK);
    struct rc_scope sc;
    op_rc_scope(&c, 1, &sc);
    struct ck_due_query q;
    ck_due_query_for(&c, &sc, 0, 0, &q);
    struct task_query tq = {.status = "open", .owner_id = c.who.user_id, .today = q.today,
                            .limit = 500};
    assert_int_equal(ck_myday(f->d, f->a, f->org, &q, &tq, &mine, &nm, &mt, &nmt), 0);
    assert_int_equal(nm, n);
    assert_int_equal(nmt, nt);
    for (int i = 0; i < n; i++) {
        int found = 0;
        for (int k = 0; k < nm; k++)
            found |= mine[k].id == rows[i].id;
        assert_true(found);
    }
    /* Overdue first, the oldest due first. */
    for (int i = 1; i < n; i++)
        assert_true(st[i - 1].next_due <= st[i].next_due);
}

static void test_sv6_demo_has_overdue_checkups_and_open_tasks(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "admin", &c);
    struct ck_due_row *rows;
    struct ck_standing *st;
    struct task_row *t;
    int n, nt, overdue = 0;
    assert_int_equal(op_checkups_due(&c, &(struct ck_due_in){0}, &rows, &st, &n, &res), OP_OK);
    for (int i = 0; i < n; i++)
        overdue += st[i].state == CK_OVERDUE;
    assert_true(overdue > 0);
    assert_int_equal(op_tasks_list(&c, "open", &t, &nt, &res), OP_OK);
    assert_true(nt > 0);
    assert_int_equal(op_tasks_list(&c, "done", &t, &nt, &res), OP_OK);
    assert_true(nt > 0);
}

int main(void)
{
    ofx_name = "checkups";
    const struct CMUnitTest tests[] = {
        OFX_TEST(test_wf1_volunteer_works_only_the_phone_queue_in_the_operations),
        OFX_TEST(test_sv6_my_day_reads_the_same_queue_and_tasks_as_the_operations),
        OFX_TEST(test_sv6_demo_has_overdue_checkups_and_open_tasks),
    };
    return cmocka_run_group_tests_name("ops_checkups", tests, ofx_group_setup, ofx_group_teardown);
}
