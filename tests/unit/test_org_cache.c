/* test_org_cache.c - the per-organization cache of policy values (org_cache.h), on SQLite and
 * PostgreSQL: served from memory while the organization's state version stands, re-read after
 * any server changes the values, and never mixed up between databases. */
#include "ops_fixture.h"

#include "home_store.h"
#include "org_cache.h"
#include "workforce_store.h"
#include "ops_settings.h"

/* The organization's state version, as a request's session query reads it. */
static int64_t version_of(db *d, int64_t org)
{
    uint64_t h0, m0, h1, m1;
    org_cache_stats(&h0, &m0);
    db_stmt *s = db_prep(d, Q_ORG_STATE_VERSION);
    assert_non_null(s);
    db_bind_int(s, 1, org);
    assert_int_equal(db_step(s), DB_ROW);
    int64_t v = db_col_int(s, 0);
    db_exec(s);
    org_cache_stats(&h1, &m1);
    assert_true(h1 == h0 && m1 == m0); /* reading the version touches no cache entry */
    return v;
}

static void test_the_policy_comes_from_memory_while_the_version_stands(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    org_cache_clear();
    int64_t v = version_of(f->d, f->org);
    struct policy a, b, direct;
    uint64_t h0, m0, h1, m1;
    org_cache_stats(&h0, &m0);
    assert_int_equal(org_policy(f->d, f->org, v, &a), 0);
    assert_int_equal(org_policy(f->d, f->org, v, &b), 0);
    org_cache_stats(&h1, &m1);
    assert_int_equal(m1 - m0, 1); /* read once */
    assert_int_equal(h1 - h0, 1); /* then served from memory */
    assert_int_equal(policy_load(f->d, f->org, &direct), 0);
    assert_memory_equal(&a, &direct, sizeof direct);
    assert_memory_equal(&b, &direct, sizeof direct);
}

static void test_a_change_made_by_another_server_is_seen_on_the_next_request(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    org_cache_clear();
    struct policy before, after;
    int64_t v0 = version_of(f->d, f->org);
    assert_int_equal(org_policy(f->d, f->org, v0, &before), 0);
    /* Another server on the same database changes the idle limit through the settings page. */
    char err[300];
    db *other = db_open(f->url, err, sizeof err);
    assert_non_null(other);
    struct policy pol;
    assert_int_equal(policy_load(other, f->org, &pol), 0);
    struct op_ctx c;
    ofx_ctx(f, "admin", &c);
    c.db = other;
    c.pol = &pol;
    struct settings_in in = {0};
    int64_t idle = before.v[POL_SESSION_IDLE_MIN] == 20 ? 25 : 20;
    in.v[POL_SESSION_IDLE_MIN] = idle;
    in.set[POL_SESSION_IDLE_MIN] = 1;
    struct policy next;
    struct op_result res;
    assert_int_equal(op_settings_save(&c, &in, &next, &res), OP_OK);
    db_close(other);
    int64_t v1 = version_of(f->d, f->org);
    assert_true(v1 > v0);
    /* This server's next request reads the new version with its session, and the value. */
    assert_int_equal(org_policy(f->d, f->org, v1, &after), 0);
    assert_int_equal(after.v[POL_SESSION_IDLE_MIN], idle);
    /* Without a version (no session query), the cache asks the database for it. */
    assert_int_equal(org_policy(f->d, f->org, 0, &after), 0);
    assert_int_equal(after.v[POL_SESSION_IDLE_MIN], idle);
}

static void test_a_refused_settings_change_leaves_the_version_alone(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    int64_t v0 = version_of(f->d, f->org);
    struct op_ctx c;
    ofx_ctx(f, "admin", &c);
    struct settings_in in = {0};
    in.v[POL_SESSION_IDLE_MIN] = 100000; /* out of range */
    in.set[POL_SESSION_IDLE_MIN] = 1;
    struct policy next;
    struct op_result res;
    assert_int_not_equal(op_settings_save(&c, &in, &next, &res), OP_OK);
    assert_int_equal(version_of(f->d, f->org), v0);
}

static void test_two_databases_with_the_same_organization_id_share_no_entry(void **state)
{
    (void)state;
    struct ofx *s = &ofx_both[OFX_SQLITE], *p = &ofx_both[OFX_PG];
    OFX_NEED(s);
    OFX_NEED(p);
    org_cache_clear();
    /* Make the two databases differ for the same organization id and version. */
    assert_int_equal(db_begin(s->d), DB_OK);
    assert_int_equal(policy_store(s->d, s->org, POL_SESSION_IDLE_MIN, 17, 0), 0);
    assert_int_equal(db_commit(s->d), DB_OK);
    assert_int_equal(db_begin(p->d), DB_OK);
    assert_int_equal(policy_store(p->d, p->org, POL_SESSION_IDLE_MIN, 23, 0), 0);
    assert_int_equal(db_commit(p->d), DB_OK);
    struct policy a, b;
    assert_int_equal(org_policy(s->d, s->org, version_of(s->d, s->org), &a), 0);
    assert_int_equal(org_policy(p->d, p->org, version_of(p->d, p->org), &b), 0);
    assert_int_equal(a.v[POL_SESSION_IDLE_MIN], 17);
    assert_int_equal(b.v[POL_SESSION_IDLE_MIN], 23);
}

static int has_supervisor(struct wf_named *rows, int n, int64_t id)
{
    for (int i = 0; i < n; i++)
        if (rows[i].id == id)
            return 1;
    return 0;
}

static int64_t role_total(struct role_count *rows, int n, const char *role)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(rows[i].role, role))
            return rows[i].count;
    return 0;
}

static void test_staff_lists_are_re_read_after_an_account_changes_by_any_path(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    org_cache_clear();
    int64_t peer = ofx_user(f, "aokafor");
    int64_t v0 = version_of(f->d, f->org);
    struct policy pol;
    assert_int_equal(org_policy(f->d, f->org, v0, &pol), 0); /* as a request's sign-in does */
    struct wf_named *sups;
    struct role_count *roles;
    int n, nr;
    assert_int_equal(org_supervisors(f->d, f->a, f->org, v0, &sups, &n), 0);
    assert_false(has_supervisor(sups, n, peer));
    assert_int_equal(org_role_counts(f->d, f->a, f->org, v0, &roles, &nr), 0);
    int64_t peers0 = role_total(roles, nr, "peer");
    uint64_t h0, m0, h1, m1;
    org_cache_stats(&h0, &m0);
    assert_int_equal(org_supervisors(f->d, f->a, f->org, v0, &sups, &n), 0);
    assert_int_equal(org_role_counts(f->d, f->a, f->org, v0, &roles, &nr), 0);
    org_cache_stats(&h1, &m1);
    assert_int_equal(h1 - h0, 2); /* both from memory */
    assert_int_equal(m1 - m0, 0);
    /* Another program changes the role straight in the database (no operation, no code of
     * ours): the trigger moves the version, so the next request reads the lists again. */
    char err[300];
    db *other = db_open(f->url, err, sizeof err);
    assert_non_null(other);
    assert_int_equal(db_exec_script(other, "UPDATE users SET role = 'supervisor' WHERE "
                                           "username = 'aokafor'"),
                     0);
    db_close(other);
    int64_t v1 = version_of(f->d, f->org);
    assert_true(v1 > v0);
    assert_int_equal(org_policy(f->d, f->org, v1, &pol), 0);
    assert_int_equal(org_supervisors(f->d, f->a, f->org, v1, &sups, &n), 0);
    assert_true(has_supervisor(sups, n, peer));
    assert_int_equal(org_role_counts(f->d, f->a, f->org, v1, &roles, &nr), 0);
    assert_int_equal(role_total(roles, nr, "peer"), peers0 - 1);
    /* A change that touches none of the listed columns leaves the version alone. */
    assert_int_equal(db_exec_script(f->d, "UPDATE users SET version = version WHERE "
                                          "username = 'aokafor'"),
                     0);
    assert_int_equal(version_of(f->d, f->org), v1);
    /* Put the demo back as it was for the other tests. */
    assert_int_equal(db_exec_script(f->d, "UPDATE users SET role = 'peer' WHERE "
                                          "username = 'aokafor'"),
                     0);
}

int main(void)
{
    ofx_name = "orgcache";
    const struct CMUnitTest tests[] = {
        OFX_TEST(test_the_policy_comes_from_memory_while_the_version_stands),
        OFX_TEST(test_a_change_made_by_another_server_is_seen_on_the_next_request),
        OFX_TEST(test_a_refused_settings_change_leaves_the_version_alone),
        OFX_TEST(test_staff_lists_are_re_read_after_an_account_changes_by_any_path),
        cmocka_unit_test(test_two_databases_with_the_same_organization_id_share_no_entry),
    };
    return cmocka_run_group_tests_name("org cache", tests, ofx_group_setup, ofx_group_teardown);
}
