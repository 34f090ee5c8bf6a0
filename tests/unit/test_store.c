/* test_store.c - the store on SQLite AND PostgreSQL: every statement prepares, migrations,
 * transactions, constraints, isolation.
 *
 * PostgreSQL comes from PEERDESK_TEST_PG (a server URL; tests/run.sh sets it).
 * Each run creates fresh databases on that server and drops them at the end.
 * Without PEERDESK_TEST_PG every PostgreSQL test FAILS: a store tested on one
 * backend is not tested. For a manual run:
 *   PEERDESK_PG_PORT=55502 PEERDESK_PG_DIR=/tmp/pg-unit tests/pg.sh start
 *   PEERDESK_TEST_PG=$(PEERDESK_PG_PORT=55502 tests/pg.sh url) build/tests/test_store */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "accounts.h"
#include "db.h"
#include "migrate.h"
#include "roles.h"

enum backend { BE_SQLITE, BE_PG };
static enum backend be_sqlite = BE_SQLITE, be_pg = BE_PG;

/* ---- PostgreSQL: fresh databases for this run ------------------------------------ */

#define MAX_PG_DBS 8
static char pg_dbs[MAX_PG_DBS][64]; /* databases this run created, dropped at exit */
static int n_pg_dbs;
static char pg_problem[2048]; /* why PostgreSQL cannot be used, once known */
static char pg_main_url[1024];

static const char *pg_admin_url(void)
{
    const char *u = getenv("PEERDESK_TEST_PG");
    return u && *u ? u : NULL;
}

/* Run one command on the server named by PEERDESK_TEST_PG. 0 or -1 with pg_problem. */
static int pg_admin(const char *sql)
{
    PGconn *c = PQconnectdb(pg_admin_url());
    if (PQstatus(c) != CONNECTION_OK) {
        snprintf(pg_problem, sizeof pg_problem, "cannot connect to PEERDESK_TEST_PG: %s",
                 PQerrorMessage(c));
        PQfinish(c);
        return -1;
    }
    PGresult *r = PQexec(c, sql);
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok)
        snprintf(pg_problem, sizeof pg_problem, "%s: %s", sql, PQresultErrorMessage(r));
    PQclear(r);
    PQfinish(c);
    return ok ? 0 : -1;
}

/* Create an empty database for this run and write its URL to url. 0 or -1 with pg_problem. */
static int pg_fresh_db(const char *suffix, char *url, size_t urllen)
{
    if (!pg_admin_url()) {
        snprintf(pg_problem, sizeof pg_problem,
                 "PEERDESK_TEST_PG is not set: the PostgreSQL half of the store tests cannot "
                 "run. tests/run.sh sets it; by hand: PEERDESK_PG_PORT=55502 "
                 "PEERDESK_PG_DIR=/tmp/pg-unit tests/pg.sh start, then "
                 "PEERDESK_TEST_PG=$(PEERDESK_PG_PORT=55502 tests/pg.sh url)");
        return -1;
    }
    if (n_pg_dbs == MAX_PG_DBS) {
        snprintf(pg_problem, sizeof pg_problem, "test bug: more than %d databases", MAX_PG_DBS);
        return -1;
    }
    char *name = pg_dbs[n_pg_dbs];
    snprintf(name, sizeof pg_dbs[0], "peerdesk_unit_%d_%ld_%s", (int)getpid(), (long)time(NULL),
             suffix);
    char sql[128];
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);
    if (pg_admin(sql) != 0)
        return -1;
    n_pg_dbs++;
    /* A dbname in the query string overrides the one in the path. */
    const char *admin = pg_admin_url();
    snprintf(url, urllen, "%s%sdbname=%s", admin, strchr(admin, '?') ? "&" : "?", name);
    return 0;
}

static void pg_drop_all(void)
{
    for (int i = 0; i < n_pg_dbs; i++) {
        char sql[640];
        snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", pg_dbs[i]);
        if (pg_admin(sql) != 0)
            fprintf(stderr, "could not drop %s: %s\n", pg_dbs[i], pg_problem);
    }
}

/* The shared, migrated database of this run (created on first use). */
static const char *pg_main(void)
{
    if (pg_main_url[0])
        return pg_main_url;
    if (pg_problem[0])
        return NULL;
    char url[1024], err[512];
    if (pg_fresh_db("main", url, sizeof url) != 0)
        return NULL;
    db *d = db_open(url, err, sizeof err);
    if (!d) {
        snprintf(pg_problem, sizeof pg_problem, "db_open: %s", err);
        return NULL;
    }
    int rc = db_migrate(d, err, sizeof err);
    db_close(d);
    if (rc != 0) {
        snprintf(pg_problem, sizeof pg_problem, "db_migrate: %s", err);
        return NULL;
    }
    snprintf(pg_main_url, sizeof pg_main_url, "%s", url);
    return pg_main_url;
}

/* ---- fixture ---------------------------------------------------------------------- */

struct fx {
    enum backend be;
    char url[1024];
    char path[128]; /* SQLite file, removed at teardown */
    db *d;
    arena *a;
};

static void remove_sqlite_files(const char *path)
{
    char p[320];
    unlink(path);
    if (snprintf(p, sizeof p, "%s-wal", path) < (int)sizeof p)
        unlink(p);
    if (snprintf(p, sizeof p, "%s-shm", path) < (int)sizeof p)
        unlink(p);
}

static int seq; /* makes slugs and usernames unique within a run */

static int fx_setup(void **state)
{
    enum backend be = *(enum backend *)*state;
    struct fx *f = test_calloc(1, sizeof *f);
    f->be = be;
    char err[512];
    if (be == BE_SQLITE) {
        snprintf(f->path, sizeof f->path, "/tmp/peerdesk-test-store-%d-%d.db", (int)getpid(),
                 ++seq);
        remove_sqlite_files(f->path);
        snprintf(f->url, sizeof f->url, "sqlite:%s", f->path);
    } else {
        const char *u = pg_main();
        if (!u) {
            /* Not a setup error: each test then FAILS (and counts as failed) in fx(). */
            *state = f;
            return 0;
        }
        snprintf(f->url, sizeof f->url, "%s", u);
    }
    f->d = db_open(f->url, err, sizeof err);
    if (!f->d) {
        print_error("db_open: %s\n", err);
        test_free(f);
        return -1;
    }
    if (db_migrate(f->d, err, sizeof err) != 0) {
        print_error("db_migrate: %s\n", err);
        db_close(f->d);
        test_free(f);
        return -1;
    }
    f->a = arena_new();
    *state = f;
    return 0;
}

static int fx_teardown(void **state)
{
    struct fx *f = *state;
    if (f->d && db_in_tx(f->d))
        db_rollback(f->d);
    db_close(f->d);
    arena_free(f->a);
    if (f->path[0])
        remove_sqlite_files(f->path);
    test_free(f);
    return 0;
}

/* The test's fixture; FAILS the test when its backend could not be opened. */
static struct fx *fx(void **state)
{
    struct fx *f = *state;
    if (!f->d)
        fail_msg("PostgreSQL unavailable: %s", pg_problem);
    return f;
}

/* A name unique within this run: base-N. */
static const char *uniq(struct fx *f, const char *base)
{
    return arena_printf(f->a, "%s-%d", base, ++seq);
}

static int64_t new_org(struct fx *f, const char *slug)
{
    int64_t id = 0;
    int rc = org_create(f->d, slug, "Test organization", &id);
    if (rc != DB_OK)
        fail_msg("org_create %s: %d %s", slug, rc, db_errmsg(f->d));
    assert_true(id > 0);
    return id;
}

static int64_t new_user(struct fx *f, int64_t org, const char *username)
{
    int64_t id = 0;
    int rc = user_create(f->d, org, username, "Test User", ROLE_PEER, "$argon2id$fake", &id);
    if (rc != DB_OK)
        fail_msg("user_create %s: %d %s", username, rc, db_errmsg(f->d));
    assert_true(id > 0);
    return id;
}

static int org_exists(db *d, arena *a, const char *slug)
{
    struct org o;
    int rc = org_by_slug(d, a, slug, &o);
    if (rc < 0)
        fail_msg("org_by_slug: %s", db_errmsg(d));
    return rc;
}

/* ---- statements and migrations ----------------------------------------------------- */

static void test_store_prepares_every_statement(void **state)
{
    struct fx *f = fx(state);
    for (int q = 0; q < Q__COUNT; q++) {
        assert_non_null(q_sql[q]);
        assert_non_null(q_name[q]);
    }
    assert_int_equal(db_prepare_all(f->d), 0);
    /* Prepared once: a second pass reuses them and still succeeds. */
    assert_int_equal(db_prepare_all(f->d), 0);
    for (int q = 0; q < Q__COUNT; q++)
        if (!db_prep(f->d, (enum q_id)q))
            fail_msg("%s: %s", q_name[q], db_errmsg(f->d));
}

static void test_store_schema_version_is_the_latest(void **state)
{
    struct fx *f = fx(state);
    assert_int_equal(db_kind(f->d), f->be == BE_PG ? DB_PG : DB_SQLITE);
    int latest = db_latest_version(db_kind(f->d));
    assert_true(latest >= 1);
    assert_int_equal(db_schema_version(f->d), latest);
}

static void test_store_migrations_applied_twice_change_nothing(void **state)
{
    struct fx *f = fx(state);
    char url[1024], err[512];
    if (f->be == BE_PG) {
        if (pg_fresh_db("migrate", url, sizeof url) != 0)
            fail_msg("%s", pg_problem);
    } else {
        snprintf(url, sizeof url, "sqlite:%s.fresh", f->path);
    }
    db *d = db_open(url, err, sizeof err);
    if (!d)
        fail_msg("db_open: %s", err);
    int latest = db_latest_version(db_kind(d));
    int v0 = db_schema_version(d);
    int m1 = db_migrate(d, err, sizeof err);
    int v1 = db_schema_version(d);
    int m2 = db_migrate(d, err, sizeof err);
    int v2 = db_schema_version(d);
    int unprepared = db_prepare_all(d);
    db_close(d);
    if (f->be == BE_SQLITE) {
        char p[300];
        snprintf(p, sizeof p, "%s.fresh", f->path);
        remove_sqlite_files(p);
    }
    assert_int_equal(v0, 0);
    if (m1 != 0 || m2 != 0)
        fail_msg("db_migrate: %s", err);
    assert_int_equal(v1, latest);
    assert_int_equal(v2, latest);
    assert_int_equal(unprepared, 0);
}

/* ---- transactions ------------------------------------------------------------------- */

static void test_store_commit_or_rollback_without_begin_fails(void **state)
{
    struct fx *f = fx(state);
    assert_false(db_in_tx(f->d));
    assert_int_equal(db_commit(f->d), DB_ERR);
    assert_int_equal(db_rollback(f->d), DB_ERR);
    assert_false(db_in_tx(f->d));
}

static void test_store_nested_commit_reaches_the_server_only_at_the_outermost(void **state)
{
    struct fx *f = fx(state);
    const char *slug = uniq(f, "nested");
    char err[512];
    db *other = db_open(f->url, err, sizeof err);
    if (!other)
        fail_msg("second connection: %s", err);

    assert_int_equal(db_begin(f->d), DB_OK);
    assert_int_equal(db_begin(f->d), DB_OK);
    assert_int_equal(db_begin(f->d), DB_OK);
    new_org(f, slug);
    assert_int_equal(db_commit(f->d), DB_OK); /* depth 3 -> 2 */
    assert_true(db_in_tx(f->d));
    assert_int_equal(db_commit(f->d), DB_OK); /* 2 -> 1 */
    assert_true(db_in_tx(f->d));
    assert_int_equal(org_exists(other, f->a, slug), 0); /* not committed yet */
    db_release(other);
    assert_int_equal(db_commit(f->d), DB_OK); /* 1 -> 0: COMMIT */
    assert_false(db_in_tx(f->d));
    assert_int_equal(org_exists(other, f->a, slug), 1);
    db_close(other);
}

static void test_store_inner_rollback_makes_outer_commit_fail(void **state)
{
    struct fx *f = fx(state);
    const char *slug = uniq(f, "inner");
    assert_int_equal(db_begin(f->d), DB_OK);
    new_org(f, slug);
    assert_int_equal(db_begin(f->d), DB_OK);
    assert_int_equal(db_rollback(f->d), DB_OK); /* inner */
    assert_true(db_in_tx(f->d));
    assert_int_equal(db_commit(f->d), DB_ERR); /* outer: the whole transaction is gone */
    assert_false(db_in_tx(f->d));
    assert_int_equal(org_exists(f->d, f->a, slug), 0);

    /* The next transaction starts clean. */
    assert_int_equal(db_begin(f->d), DB_OK);
    new_org(f, slug);
    assert_int_equal(db_commit(f->d), DB_OK);
    assert_int_equal(org_exists(f->d, f->a, slug), 1);
}

static void test_store_inner_commit_after_inner_rollback_fails_too(void **state)
{
    struct fx *f = fx(state);
    assert_int_equal(db_begin(f->d), DB_OK);
    assert_int_equal(db_begin(f->d), DB_OK);
    assert_int_equal(db_begin(f->d), DB_OK);
    assert_int_equal(db_rollback(f->d), DB_OK); /* 3 -> 2, dooms the transaction */
    assert_int_equal(db_commit(f->d), DB_ERR);  /* 2 -> 1 */
    assert_true(db_in_tx(f->d));
    assert_int_equal(db_rollback(f->d), DB_OK); /* 1 -> 0 */
    assert_false(db_in_tx(f->d));
}

static void test_store_failed_statement_in_transaction_makes_commit_fail(void **state)
{
    struct fx *f = fx(state);
    const char *taken = uniq(f, "taken"), *fresh = uniq(f, "fresh");
    new_org(f, taken);
    assert_int_equal(db_begin(f->d), DB_OK);
    new_org(f, fresh);
    int64_t id;
    assert_int_equal(org_create(f->d, taken, "Again", &id), DB_CONSTRAINT);
    assert_int_equal(db_commit(f->d), DB_ERR);
    assert_false(db_in_tx(f->d));
    /* Nothing of the transaction was kept, on either backend. */
    assert_int_equal(org_exists(f->d, f->a, fresh), 0);
    /* And the connection works normally afterwards. */
    assert_int_equal(db_begin(f->d), DB_OK);
    new_org(f, fresh);
    assert_int_equal(db_commit(f->d), DB_OK);
    assert_int_equal(org_exists(f->d, f->a, fresh), 1);
}

static void test_store_bad_bind_index_fails_the_step_and_the_transaction(void **state)
{
    struct fx *f = fx(state);
    db_stmt *s = db_prep(f->d, Q_ORG_BY_ID);
    assert_non_null(s);
    db_bind_int(s, 1, 1);
    db_bind_int(s, 2, 1); /* Q_ORG_BY_ID has one parameter */
    assert_true(db_step(s) < 0);

    assert_int_equal(db_begin(f->d), DB_OK);
    s = db_prep(f->d, Q_ORG_BY_ID);
    db_bind_int(s, 0, 1);
    assert_true(db_step(s) < 0);
    assert_int_equal(db_commit(f->d), DB_ERR);
}

static void test_store_failed_statement_outside_a_transaction_leaves_the_next_alone(void **state)
{
    struct fx *f = fx(state);
    const char *taken = uniq(f, "taken"), *fresh = uniq(f, "fresh");
    new_org(f, taken);
    int64_t id;
    assert_int_equal(org_create(f->d, taken, "Again", &id), DB_CONSTRAINT);
    assert_int_equal(db_begin(f->d), DB_OK);
    new_org(f, fresh);
    assert_int_equal(db_commit(f->d), DB_OK);
    assert_int_equal(org_exists(f->d, f->a, fresh), 1);
}

/* ---- counting and pipelining (issue 9 item 5) -------------------------------------- */

static void test_store_pipelined_reads_each_get_their_own_rows_in_one_round_trip(void **state)
{
    struct fx *f = fx(state);
    const char *a = uniq(f, "pipe-a"), *b = uniq(f, "pipe-b");
    int64_t ida = new_org(f, a);
    new_org(f, b);
    db_stmt *s1 = db_prep(f->d, Q_ORG_BY_ID), *s2 = db_prep(f->d, Q_ORG_BY_SLUG);
    assert_non_null(s1);
    assert_non_null(s2);
    db_bind_int(s1, 1, ida);
    db_bind_text(s2, 1, b);
    struct db_counts before, after;
    db_counts(f->d, &before);
    db_stmt *both[] = {s1, s2};
    assert_int_equal(db_pipeline(f->d, both, 2), DB_OK);
    assert_int_equal(db_step(s1), DB_ROW);
    assert_string_equal(db_col_text(s1, 1), a);
    assert_int_equal(db_step(s1), DB_OK);
    assert_int_equal(db_step(s2), DB_ROW);
    assert_string_equal(db_col_text(s2, 1), b);
    assert_int_equal(db_step(s2), DB_OK);
    db_counts(f->d, &after);
    assert_int_equal(after.statements - before.statements, 2);
    assert_int_equal(after.round_trips - before.round_trips, f->be == BE_PG ? 1 : 0);
    /* Alone, each statement is one round trip on PostgreSQL (prepared already: no more). */
    s1 = db_prep(f->d, Q_ORG_BY_ID);
    db_bind_int(s1, 1, ida);
    assert_int_equal(db_exec(s1), DB_OK);
    db_counts(f->d, &before);
    assert_int_equal(before.statements - after.statements, 1);
    assert_int_equal(before.round_trips - after.round_trips, f->be == BE_PG ? 1 : 0);
}

static void test_store_a_failed_write_in_a_pipeline_dooms_its_transaction_only(void **state)
{
    struct fx *f = fx(state);
    const char *taken = uniq(f, "pipe-taken");
    int64_t id = new_org(f, taken);
    assert_int_equal(db_begin(f->d), DB_OK);
    db_stmt *ins = db_prep(f->d, Q_ORG_INSERT), *rd = db_prep(f->d, Q_ORG_BY_ID);
    db_bind_text(ins, 1, taken);
    db_bind_text(ins, 2, "Again");
    db_bind_int(ins, 3, 1);
    db_bind_int(rd, 1, id);
    db_stmt *both[] = {ins, rd};
    db_pipeline(f->d, both, 2);
    assert_int_equal(db_step(ins), DB_CONSTRAINT);
    assert_int_equal(db_commit(f->d), DB_ERR);
    /* The connection is in order afterwards, and out of pipeline mode. */
    rd = db_prep(f->d, Q_ORG_BY_ID);
    db_bind_int(rd, 1, id);
    assert_int_equal(db_step(rd), DB_ROW);
    assert_string_equal(db_col_text(rd, 1), taken);
    assert_int_equal(db_step(rd), DB_OK);
    assert_int_equal(org_exists(f->d, f->a, taken), 1);
}

/* ---- constraints ------------------------------------------------------------------- */

static void test_store_duplicate_org_slug_is_a_constraint_error(void **state)
{
    struct fx *f = fx(state);
    const char *slug = uniq(f, "hope");
    new_org(f, slug);
    int64_t id = -1;
    assert_int_equal(org_create(f->d, slug, "Another", &id), DB_CONSTRAINT);
    assert_int_equal(org_create(f->d, uniq(f, "hope"), "Another", &id), DB_OK);
}

static void test_store_duplicate_username_in_one_org_is_a_constraint_error(void **state)
{
    struct fx *f = fx(state);
    int64_t a = new_org(f, uniq(f, "a")), b = new_org(f, uniq(f, "b"));
    const char *name = uniq(f, "maria");
    new_user(f, a, name);
    int64_t id;
    assert_int_equal(user_create(f->d, a, name, "Other", ROLE_PEER, "$x", &id), DB_CONSTRAINT);
    /* The same username in another organization is a different person. */
    assert_int_equal(user_create(f->d, b, name, "Other", ROLE_PEER, "$x", &id), DB_OK);
}

/* Error text ends up in logs: it must not carry the offending value. */
static void test_store_constraint_error_does_not_echo_the_value(void **state)
{
    struct fx *f = fx(state);
    int64_t a = new_org(f, uniq(f, "a"));
    const char *name = uniq(f, "secretive-username");
    new_user(f, a, name);
    int64_t id;
    assert_int_equal(user_create(f->d, a, name, "Other", ROLE_PEER, "$x", &id), DB_CONSTRAINT);
    assert_true(db_errmsg(f->d)[0] != '\0');
    assert_null(strstr(db_errmsg(f->d), name));
}

/* ---- organization isolation and optimistic versions ----------------------------------- */

static void test_store_user_of_org_a_is_not_found_with_org_b(void **state)
{
    struct fx *f = fx(state);
    int64_t a = new_org(f, uniq(f, "a")), b = new_org(f, uniq(f, "b"));
    const char *name = uniq(f, "ann");
    int64_t uid = new_user(f, a, name);
    struct user u;
    memset(&u, 0, sizeof u);
    assert_int_equal(user_by_id(f->d, f->a, b, uid, &u), 0);
    assert_int_equal(user_by_name(f->d, f->a, b, name, &u), 0);
    assert_int_equal(user_by_id(f->d, f->a, a, uid, &u), 1);
    assert_int_equal(u.id, uid);
    assert_int_equal(u.org_id, a);
    assert_string_equal(u.username, name);
    assert_string_equal(u.display_name, "Test User");
    assert_int_equal(u.role, ROLE_PEER);
    assert_int_equal(u.version, 1);
    assert_int_equal(u.disabled, 0);
    assert_null(u.totp_secret); /* NULL column stays NULL */
    assert_int_equal(user_by_name(f->d, f->a, a, name, &u), 1);
    assert_int_equal(u.id, uid);
}

static void test_store_writes_with_another_orgs_id_change_nothing(void **state)
{
    struct fx *f = fx(state);
    int64_t a = new_org(f, uniq(f, "a")), b = new_org(f, uniq(f, "b"));
    int64_t uid = new_user(f, a, uniq(f, "ann"));
    assert_int_equal(user_update(f->d, b, uid, 1, "Hacked", ROLE_ADMIN, 1, NULL), DB_BUSY);
    assert_int_equal(user_set_password(f->d, b, uid, "$hacked"), DB_OK);
    assert_int_equal(user_set_disabled(f->d, b, uid, 1), DB_OK);
    struct user u;
    assert_int_equal(user_by_id(f->d, f->a, a, uid, &u), 1);
    assert_string_equal(u.display_name, "Test User");
    assert_int_equal(u.role, ROLE_PEER);
    assert_string_equal(u.pw_hash, "$argon2id$fake");
    assert_int_equal(u.disabled, 0);
    assert_int_equal(u.version, 1);
}

static void test_store_user_update_with_stale_version_is_busy(void **state)
{
    struct fx *f = fx(state);
    int64_t a = new_org(f, uniq(f, "a"));
    int64_t uid = new_user(f, a, uniq(f, "ann"));
    assert_int_equal(user_update(f->d, a, uid, 1, "First Edit", ROLE_SUPERVISOR, 0, NULL), DB_OK);
    struct user u;
    assert_int_equal(user_by_id(f->d, f->a, a, uid, &u), 1);
    assert_int_equal(u.version, 2);
    assert_string_equal(u.display_name, "First Edit");
    assert_int_equal(u.role, ROLE_SUPERVISOR);
    /* A second editor still holding version 1 loses. */
    assert_int_equal(user_update(f->d, a, uid, 1, "Stale Edit", ROLE_PEER, 1, NULL), DB_BUSY);
    assert_int_equal(user_by_id(f->d, f->a, a, uid, &u), 1);
    assert_int_equal(u.version, 2);
    assert_string_equal(u.display_name, "First Edit");
    assert_int_equal(u.disabled, 0);
    /* A version from the future loses too; the current one wins. */
    assert_int_equal(user_update(f->d, a, uid, 3, "Future", ROLE_PEER, 0, NULL), DB_BUSY);
    assert_int_equal(user_update(f->d, a, uid, 2, "Second Edit", ROLE_PEER, 1, NULL), DB_OK);
    assert_int_equal(user_by_id(f->d, f->a, a, uid, &u), 1);
    assert_int_equal(u.version, 3);
    assert_int_equal(u.disabled, 1);
}

/* A search for "a_b" is a prefix search for the text a_b: '_' and '%' are
 * characters (both are legal in names), not LIKE wildcards. */
static void test_store_user_search_treats_underscore_and_percent_literally(void **state)
{
    struct fx *f = fx(state);
    int64_t a = new_org(f, uniq(f, "a"));
    new_user(f, a, "jo_an");
    new_user(f, a, "joxan");
    new_user(f, a, "jo%an");
    struct user *list;
    int n;
    int64_t total;
    assert_int_equal(user_page(f->d, f->a, a, NULL, NULL, 50, 0, &list, &n, &total), 0);
    assert_int_equal(total, 3);
    assert_int_equal(user_page(f->d, f->a, a, NULL, "jox", 50, 0, &list, &n, &total), 0);
    assert_int_equal(total, 1);
    assert_int_equal(user_page(f->d, f->a, a, NULL, "jo_", 50, 0, &list, &n, &total), 0);
    assert_int_equal(total, 1);
    assert_int_equal(n, 1);
    assert_string_equal(list[0].username, "jo_an");
    assert_int_equal(user_page(f->d, f->a, a, NULL, "jo%", 50, 0, &list, &n, &total), 0);
    assert_int_equal(total, 1);
}

/* ---- policies ---------------------------------------------------------------------- */

static void test_store_policy_round_trip(void **state)
{
    struct fx *f = fx(state);
    int64_t a = new_org(f, uniq(f, "a")), b = new_org(f, uniq(f, "b"));
    int64_t admin = new_user(f, a, uniq(f, "admin"));
    struct policy p, d;
    policy_defaults(&d);
    assert_int_equal(policy_load(f->d, a, &p), 0);
    assert_memory_equal(&p, &d, sizeof p);

    assert_int_equal(policy_store(f->d, a, POL_SESSION_IDLE_MIN, 30, admin), 0);
    assert_int_equal(policy_store(f->d, a, POL_SUPPRESS_MAX, 11, 0), 0); /* no user: NULL */
    assert_int_equal(policy_load(f->d, a, &p), 0);
    assert_int_equal(p.v[POL_SESSION_IDLE_MIN], 30);
    assert_int_equal(p.v[POL_SUPPRESS_MAX], 11);
    for (int i = 0; i < POL__COUNT; i++)
        if (i != POL_SESSION_IDLE_MIN && i != POL_SUPPRESS_MAX && p.v[i] != d.v[i])
            fail_msg("%s changed to %lld", policy_defs[i].key, (long long)p.v[i]);

    /* Storing again replaces the value. */
    assert_int_equal(policy_store(f->d, a, POL_SESSION_IDLE_MIN, 20, admin), 0);
    assert_int_equal(policy_load(f->d, a, &p), 0);
    assert_int_equal(p.v[POL_SESSION_IDLE_MIN], 20);

    /* Another organization keeps the defaults. */
    assert_int_equal(policy_load(f->d, b, &p), 0);
    assert_memory_equal(&p, &d, sizeof p);
}

static void test_store_policy_large_values_survive(void **state)
{
    struct fx *f = fx(state);
    int64_t a = new_org(f, uniq(f, "a"));
    struct policy p;
    assert_int_equal(policy_store(f->d, a, POL_FEE_MAX_DOLLARS, INT64_C(5000000000), 0), 0);
    assert_int_equal(policy_load(f->d, a, &p), 0);
    assert_true(p.v[POL_FEE_MAX_DOLLARS] == INT64_C(5000000000));
}

/* ---- stepping ----------------------------------------------------------------------- */

static int64_t failures(struct fx *f, int64_t org, const char *username)
{
    db_stmt *s = db_prep(f->d, Q_FAIL_COUNT);
    assert_non_null(s);
    db_bind_int(s, 1, org);
    db_bind_text(s, 2, username);
    db_bind_int(s, 3, 0);
    assert_int_equal(db_step(s), DB_ROW);
    int64_t n = db_col_int(s, 0);
    assert_int_equal(db_step(s), DB_OK);
    return n;
}

static void test_store_step_after_done_returns_ok_and_does_not_rerun_an_insert(void **state)
{
    struct fx *f = fx(state);
    int64_t a = new_org(f, uniq(f, "a"));
    db_stmt *s = db_prep(f->d, Q_FAIL_INSERT);
    assert_non_null(s);
    db_bind_int(s, 1, a);
    db_bind_text(s, 2, "ann");
    db_bind_int(s, 3, 1700000000);
    assert_int_equal(db_step(s), DB_OK);
    assert_int_equal(db_step(s), DB_OK);
    assert_int_equal(db_step(s), DB_OK);
    assert_int_equal(db_exec(s), DB_OK);
    assert_int_equal(failures(f, a, "ann"), 1);
    /* A fresh prep runs it again. */
    s = db_prep(f->d, Q_FAIL_INSERT);
    db_bind_int(s, 1, a);
    db_bind_text(s, 2, "ann");
    db_bind_int(s, 3, 1700000001);
    assert_int_equal(db_exec(s), DB_OK);
    assert_int_equal(failures(f, a, "ann"), 2);
}

static void test_store_step_after_the_last_row_keeps_returning_ok(void **state)
{
    struct fx *f = fx(state);
    const char *slug = uniq(f, "rows");
    int64_t a = new_org(f, slug);
    db_stmt *s = db_prep(f->d, Q_ORG_BY_ID);
    db_bind_int(s, 1, a);
    assert_int_equal(db_step(s), DB_ROW);
    assert_string_equal(db_col_text(s, 1), slug);
    assert_int_equal(db_step(s), DB_OK);
    assert_int_equal(db_step(s), DB_OK);

    /* RETURNING inserts: one row, then done, and never a second insert. */
    s = db_prep(f->d, Q_ORG_INSERT);
    const char *slug2 = uniq(f, "ret");
    db_bind_text(s, 1, slug2);
    db_bind_text(s, 2, "R");
    db_bind_int(s, 3, 1);
    assert_int_equal(db_step(s), DB_ROW);
    assert_true(db_col_int(s, 0) > a);
    assert_int_equal(db_step(s), DB_OK);
    assert_int_equal(db_step(s), DB_OK); /* a re-run would be DB_CONSTRAINT */
    assert_int_equal(org_exists(f->d, f->a, slug2), 1);
}

/* ---- opening ---------------------------------------------------------------------- */

static void test_store_open_refuses_unknown_urls(void **state)
{
    (void)state;
    char err[512] = "";
    assert_null(db_open("mysql://x", err, sizeof err));
    assert_true(err[0] != '\0');
    err[0] = '\0';
    assert_null(db_open("", err, sizeof err));
    assert_true(err[0] != '\0');
    err[0] = '\0';
    assert_null(db_open("sqlite:/nonexistent-dir-peerdesk/x.db", err, sizeof err));
    assert_true(err[0] != '\0');
}

/* Connection errors are logged: the URL's password must never be in them. */
static void test_store_pg_connect_error_never_echoes_the_password(void **state)
{
    (void)state;
    char err[512] = "";
    assert_null(db_open("postgresql://peerdesk:Sup3rSecretPw@127.0.0.1:1/nodb?connect_timeout=2",
                        err, sizeof err));
    assert_true(err[0] != '\0');
    assert_null(strstr(err, "Sup3rSecretPw"));
}

#define BOTH(fn)                                                                                   \
    {"sqlite: " #fn, fn, fx_setup, fx_teardown, &be_sqlite},                                       \
    {                                                                                              \
        "postgresql: " #fn, fn, fx_setup, fx_teardown, &be_pg                                      \
    }

int main(void)
{
    const struct CMUnitTest tests[] = {
        BOTH(test_store_prepares_every_statement),
        BOTH(test_store_pipelined_reads_each_get_their_own_rows_in_one_round_trip),
        BOTH(test_store_a_failed_write_in_a_pipeline_dooms_its_transaction_only),
        BOTH(test_store_schema_version_is_the_latest),
        BOTH(test_store_migrations_applied_twice_change_nothing),
        BOTH(test_store_commit_or_rollback_without_begin_fails),
        BOTH(test_store_nested_commit_reaches_the_server_only_at_the_outermost),
        BOTH(test_store_inner_rollback_makes_outer_commit_fail),
        BOTH(test_store_inner_commit_after_inner_rollback_fails_too),
        BOTH(test_store_failed_statement_in_transaction_makes_commit_fail),
        BOTH(test_store_bad_bind_index_fails_the_step_and_the_transaction),
        BOTH(test_store_failed_statement_outside_a_transaction_leaves_the_next_alone),
        BOTH(test_store_duplicate_org_slug_is_a_constraint_error),
        BOTH(test_store_duplicate_username_in_one_org_is_a_constraint_error),
        BOTH(test_store_constraint_error_does_not_echo_the_value),
        BOTH(test_store_user_of_org_a_is_not_found_with_org_b),
        BOTH(test_store_writes_with_another_orgs_id_change_nothing),
        BOTH(test_store_user_update_with_stale_version_is_busy),
        BOTH(test_store_user_search_treats_underscore_and_percent_literally),
        BOTH(test_store_policy_round_trip),
        BOTH(test_store_policy_large_values_survive),
        BOTH(test_store_step_after_done_returns_ok_and_does_not_rerun_an_insert),
        BOTH(test_store_step_after_the_last_row_keeps_returning_ok),
        cmocka_unit_test(test_store_open_refuses_unknown_urls),
        cmocka_unit_test(test_store_pg_connect_error_never_echoes_the_password),
    };
    int failed = cmocka_run_group_tests_name("store", tests, NULL, NULL);
    if (!pg_admin_url())
        fprintf(stderr, "\nPostgreSQL tests FAILED: PEERDESK_TEST_PG is not set (see the top of "
                        "tests/unit/test_store.c).\n");
    pg_drop_all();
    return failed ? 1 : 0;
}
