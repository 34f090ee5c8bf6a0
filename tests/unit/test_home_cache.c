/* test_home_cache.c - the home pages' counted pieces (home_cache.h) and the organization's data
 * version behind them (migration 021), on SQLite and PostgreSQL: a piece is served only under
 * the label it was computed with, and every change to what the home cards count - by any
 * connection, by any code - moves the version in the transaction that makes it. */
#include "ops_fixture.h"

#include "home_cache.h"
#include "ops_recoverees.h"
#include "recoverees.h"

static int64_t data_version(struct ofx *f, db *d)
{
    int64_t v = -1;
    assert_int_equal(org_data_version(d, f->org, &v), 0);
    assert_true(v > 0);
    return v;
}

static void test_a_piece_is_served_only_under_the_label_it_was_computed_with(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    memo_clear();
    struct memo_key k = {.org_id = f->org, .data_version = 5, .state_version = 3, .tick = 100,
                         .name = "cl:1:0:0:0"};
    json_t *v = json_pack("{s:i,s:i}", "active", 12, "plans_due", 2);
    assert_null(memo_get(f->d, &k));
    memo_put(f->d, &k, v);
    json_t *got = memo_get(f->d, &k);
    assert_non_null(got);
    assert_true(json_equal(got, v));
    json_decref(got);
    /* Any part of the label that differs is a miss. */
    struct memo_key other = k;
    other.data_version = 6;
    assert_null(memo_get(f->d, &other));
    other = k;
    other.state_version = 4;
    assert_null(memo_get(f->d, &other));
    other = k;
    other.tick = 101;
    assert_null(memo_get(f->d, &other));
    other = k;
    other.name = "cl:0:7:0:7";
    assert_null(memo_get(f->d, &other));
    other = k;
    other.org_id = f->org + 1;
    assert_null(memo_get(f->d, &other));
    /* A reader that started before a change and finishes after it does not replace the
     * piece computed from newer data. */
    struct memo_key newer = k;
    newer.data_version = 9;
    json_t *nv = json_pack("{s:i}", "active", 13);
    memo_put(f->d, &newer, nv);
    memo_put(f->d, &k, v);
    assert_null(memo_get(f->d, &k));
    got = memo_get(f->d, &newer);
    assert_true(json_equal(got, nv));
    json_decref(got);
    /* Without a data version (a request whose session query did not read one), nothing. */
    struct memo_key none = k;
    none.data_version = 0;
    memo_put(f->d, &none, v);
    assert_null(memo_get(f->d, &none));
    json_decref(v);
    json_decref(nv);
    memo_clear();
    assert_null(memo_get(f->d, &newer));
}

/* What each home card counts, and a harmless change to it made by another connection (another
 * server, or a program that is not peerdesk at all): each must move the version. */
static void test_a_change_to_anything_a_home_card_counts_moves_the_version(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    char org[24];
    snprintf(org, sizeof org, "%lld", (long long)f->org);
    const char *tables[] = {"recoverees", "plans", "caseload", "workforce_status",
                            "supervisor_assignments"};
    char err[300];
    db *other = db_open(f->url, err, sizeof err);
    assert_non_null(other);
    for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) {
        int64_t v0 = data_version(f, f->d);
        char sql[400];
        snprintf(sql, sizeof sql,
                 "UPDATE %s SET org_id = org_id WHERE org_id = %s AND %s = "
                 "(SELECT MIN(%s) FROM %s WHERE org_id = %s)",
                 tables[i], org, strcmp(tables[i], "workforce_status") ? "id" : "user_id",
                 strcmp(tables[i], "workforce_status") ? "id" : "user_id", tables[i], org);
        assert_int_equal(db_exec_script(other, sql), 0);
        int64_t v1 = data_version(f, f->d);
        if (v1 <= v0)
            fail_msg("a change to %s left the data version at %lld", tables[i], (long long)v0);
    }
    /* A break-glass grant appears, then goes. */
    int64_t v0 = data_version(f, f->d);
    char sql[600];
    snprintf(sql, sizeof sql,
             "INSERT INTO break_glass (org_id, user_id, recoveree_id, reason, at, expires_at) "
             "SELECT %s, (SELECT MIN(id) FROM users WHERE org_id = %s), MIN(id), 'test', 1, 2 "
             "FROM recoverees WHERE org_id = %s",
             org, org, org);
    assert_int_equal(db_exec_script(other, sql), 0);
    int64_t v1 = data_version(f, f->d);
    assert_true(v1 > v0);
    snprintf(sql, sizeof sql, "DELETE FROM break_glass WHERE org_id = %s AND reason = 'test'", org);
    assert_int_equal(db_exec_script(other, sql), 0);
    assert_true(data_version(f, f->d) > v1);
    /* Another organization's change leaves this one's version alone. */
    v0 = data_version(f, f->d);
    snprintf(sql, sizeof sql,
             "UPDATE recoverees SET org_id = org_id WHERE org_id <> %s", org);
    assert_int_equal(db_exec_script(other, sql), 0);
    assert_int_equal(data_version(f, f->d), v0);
    db_close(other);
}

static void test_a_rolled_back_change_leaves_the_version_and_a_committed_one_moves_it(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    char sql[300];
    snprintf(sql, sizeof sql,
             "UPDATE recoverees SET org_id = org_id WHERE org_id = %lld", (long long)f->org);
    int64_t v0 = data_version(f, f->d);
    assert_int_equal(db_begin(f->d), DB_OK);
    assert_int_equal(db_exec_script(f->d, sql), 0); /* every recoveree of the organization */
    assert_int_equal(db_rollback(f->d), DB_OK);
    assert_int_equal(data_version(f, f->d), v0);
    assert_int_equal(db_begin(f->d), DB_OK);
    assert_int_equal(db_exec_script(f->d, sql), 0);
    assert_int_equal(db_exec_script(f->d, sql), 0);
    assert_int_equal(db_commit(f->d), DB_OK);
    int64_t v1 = data_version(f, f->d);
    assert_true(v1 > v0);
    if (f->be == OFX_PG)
        assert_int_equal(v1, v0 + 1); /* once per transaction, at its commit */
}

/* The way peerdesk itself changes a recoveree (an operation): a saved change moves the
 * version, a refused one (a stale version, nothing written) does not. */
static void test_an_operation_that_saves_moves_the_version_and_a_refused_one_does_not(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct rc_scope sc;
    rc_scope_for(&sc, ROLE_ADMIN, ofx_user(f, "admin"), civil_today(), (int64_t)time(NULL));
    struct recoveree *rows;
    int n;
    int64_t total;
    assert_int_equal(rc_page(f->d, f->a, f->org, &sc, "active", NULL, 1, 0, &rows, &n, &total), 0);
    assert_true(n == 1);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "admin", &c);
    int64_t v0 = data_version(f, f->d);
    struct rc_update_in u = {.recoveree_id = rows[0].id, .version = rows[0].version + 100,
                             .sent = RCF_BIT(RCF_PREFERRED_NAME),
                             .f = {.preferred_name = "Cache"}};
    assert_int_equal(op_rc_update(&c, &u, &res), OP_CONFLICT);
    assert_int_equal(data_version(f, f->d), v0);
    u.version = rows[0].version;
    assert_int_equal(op_rc_update(&c, &u, &res), OP_OK);
    assert_true(data_version(f, f->d) > v0);
}

int main(void)
{
    ofx_name = "homecache";
    const struct CMUnitTest tests[] = {
        OFX_TEST(test_a_piece_is_served_only_under_the_label_it_was_computed_with),
        OFX_TEST(test_a_change_to_anything_a_home_card_counts_moves_the_version),
        OFX_TEST(test_a_rolled_back_change_leaves_the_version_and_a_committed_one_moves_it),
        OFX_TEST(test_an_operation_that_saves_moves_the_version_and_a_refused_one_does_not),
    };
    return cmocka_run_group_tests(tests, ofx_group_setup, ofx_group_teardown);
}
