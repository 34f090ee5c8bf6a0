/* test_plan_store.c - RC-5 plan versioning in the store: a plan's version moves with every change,
 * a stale version changes nothing, goal changes bump the plan, and history keeps each change. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "accounts.h"
#include "db.h"
#include "migrate.h"

struct fx {
    char path[64];
    db *d;
    int64_t org, user, rc, plan;
};

static int64_t insert_returning(db_stmt *s)
{
    assert_int_equal(db_step(s), DB_ROW);
    int64_t id = db_col_int(s, 0);
    assert_int_equal(db_exec(s), DB_OK);
    return id;
}

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    snprintf(f->path, sizeof f->path, "/tmp/pd-plan-%d.db", (int)getpid());
    unlink(f->path);
    char url[80], err[200];
    snprintf(url, sizeof url, "sqlite:%s", f->path);
    f->d = db_open(url, err, sizeof err);
    if (!f->d || db_migrate(f->d, err, sizeof err) != 0)
        return -1;
    if (org_create(f->d, "org", "Org", &f->org) != DB_OK ||
        user_create(f->d, f->org, "peer", "Peer", 2, "x", &f->user) != DB_OK)
        return -1;
    db_stmt *s = db_prep(f->d, Q_RC_INSERT);
    db_bind_int(s, 1, f->org);
    db_bind_text(s, 2, "Ana");
    db_bind_text(s, 3, "Test");
    for (int i = 4; i <= 7; i++)
        db_bind_null(s, i);
    db_bind_text(s, 8, "phone");
    db_bind_int(s, 9, 0);
    for (int i = 10; i <= 14; i++)
        db_bind_null(s, i);
    db_bind_text(s, 15, "2026-01-01");
    db_bind_text(s, 16, "2026-01-01");
    db_bind_int(s, 17, f->user);
    db_bind_int(s, 18, 1);
    db_bind_int(s, 19, 1);
    f->rc = insert_returning(s);
    s = db_prep(f->d, Q_PLAN_INSERT);
    db_bind_int(s, 1, f->org);
    db_bind_int(s, 2, f->rc);
    db_bind_text(s, 3, "My kids");
    db_bind_null(s, 4);
    db_bind_text(s, 5, "2026-03-01");
    db_bind_int(s, 6, f->user);
    db_bind_int(s, 7, 100);
    f->plan = insert_returning(s);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    db_close(f->d);
    unlink(f->path);
    free(f);
    return 0;
}

static int64_t version(struct fx *f)
{
    db_stmt *s = db_prep(f->d, Q_PLAN_GET);
    db_bind_int(s, 1, f->org);
    db_bind_int(s, 2, f->rc);
    assert_int_equal(db_step(s), DB_ROW);
    int64_t v = db_col_int(s, 4);
    db_exec(s);
    return v;
}

static int64_t update(struct fx *f, const char *strengths, int64_t v)
{
    db_stmt *s = db_prep(f->d, Q_PLAN_UPDATE);
    db_bind_text(s, 1, strengths);
    db_bind_null(s, 2);
    db_bind_text(s, 3, "2026-03-01");
    db_bind_int(s, 4, f->user);
    db_bind_int(s, 5, 200);
    db_bind_int(s, 6, f->org);
    db_bind_int(s, 7, f->rc);
    db_bind_int(s, 8, v);
    assert_int_equal(db_exec(s), DB_OK);
    return db_changes(s);
}

static void test_rc5_a_new_plan_is_version_1(void **state)
{
    assert_int_equal(version(*state), 1);
}

static void test_rc5_an_update_with_the_current_version_moves_it_on(void **state)
{
    struct fx *f = *state;
    int64_t v = version(f);
    assert_int_equal(update(f, "My kids and my job", v), 1);
    assert_int_equal(version(f), v + 1);
}

static void test_rc5_a_stale_version_changes_nothing(void **state)
{
    struct fx *f = *state;
    int64_t v = version(f);
    assert_int_equal(update(f, "From an old tab", v - 1), 0);
    assert_int_equal(version(f), v);
    db_stmt *s = db_prep(f->d, Q_PLAN_GET);
    db_bind_int(s, 1, f->org);
    db_bind_int(s, 2, f->rc);
    assert_int_equal(db_step(s), DB_ROW);
    assert_string_not_equal(db_col_text(s, 1), "From an old tab");
    db_exec(s);
}

static void test_rc5_a_goal_change_bumps_the_plan_version(void **state)
{
    struct fx *f = *state;
    int64_t v = version(f);
    db_stmt *s = db_prep(f->d, Q_PLAN_TOUCH);
    db_bind_int(s, 1, f->user);
    db_bind_int(s, 2, 300);
    db_bind_int(s, 3, f->org);
    db_bind_int(s, 4, f->plan);
    assert_int_equal(db_exec(s), DB_OK);
    assert_int_equal(version(f), v + 1);
}

static void test_rc5_history_keeps_every_change_newest_first(void **state)
{
    struct fx *f = *state;
    const char *whats[] = {"Plan started", "Plan updated", "Goal added"};
    for (int i = 0; i < 3; i++) {
        db_stmt *s = db_prep(f->d, Q_HIST_INSERT);
        db_bind_int(s, 1, f->org);
        db_bind_int(s, 2, f->rc);
        db_bind_int(s, 3, 1000 + i);
        db_bind_int(s, 4, f->user);
        db_bind_text(s, 5, whats[i]);
        db_bind_text(s, 6, i ? "before" : NULL);
        db_bind_text(s, 7, "after");
        assert_int_equal(db_exec(s), DB_OK);
    }
    db_stmt *s = db_prep(f->d, Q_HIST_LIST);
    db_bind_int(s, 1, f->org);
    db_bind_int(s, 2, f->rc);
    for (int i = 2; i >= 0; i--) {
        assert_int_equal(db_step(s), DB_ROW);
        assert_string_equal(db_col_text(s, 2), whats[i]);
        assert_string_equal(db_col_text(s, 1), "Peer");
        assert_int_equal(db_col_isnull(s, 3), i == 0);
    }
    assert_int_equal(db_step(s), DB_OK);
    /* Another organization sees none of it. */
    s = db_prep(f->d, Q_HIST_LIST);
    db_bind_int(s, 1, f->org + 1);
    db_bind_int(s, 2, f->rc);
    assert_int_equal(db_step(s), DB_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rc5_a_new_plan_is_version_1),
        cmocka_unit_test(test_rc5_an_update_with_the_current_version_moves_it_on),
        cmocka_unit_test(test_rc5_a_stale_version_changes_nothing),
        cmocka_unit_test(test_rc5_a_goal_change_bumps_the_plan_version),
        cmocka_unit_test(test_rc5_history_keeps_every_change_newest_first),
    };
    return cmocka_run_group_tests_name("plan_store", tests, setup, teardown);
}
