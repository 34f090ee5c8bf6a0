/* test_audit.c - the hash-chained audit trail, one chain per organization: append, verify (one
 * organization's chain and the global check), every kind of tampering verify must name, the
 * purpose of use of reads, and the upgrade of a trail written as one chain across
 * organizations (migration 005), on SQLite and, with PEERDESK_TEST_PG, PostgreSQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <time.h>

#include <libpq-fe.h>
#include <sqlite3.h>

#include "audit.h"
#include "db.h"
#include "embed.h"
#include "migrate.h"
#include "secret.h"

/* ---- fixture: a migrated SQLite file of its own per test --------------------- */

struct fx {
    char path[128];
    db *d;
};

static void remove_db_files(const char *path)
{
    char p[160];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
}

static int fx_setup(void **state)
{
    static int n;
    struct fx *f = test_calloc(1, sizeof *f);
    snprintf(f->path, sizeof f->path, "/tmp/peerdesk-test-audit-%d-%d.db", (int)getpid(), ++n);
    remove_db_files(f->path);
    char url[160], err[256];
    snprintf(url, sizeof url, "sqlite:%s", f->path);
    f->d = db_open(url, err, sizeof err);
    if (!f->d) {
        fprintf(stderr, "db_open: %s\n", err);
        test_free(f);
        return -1;
    }
    if (db_migrate(f->d, err, sizeof err) != 0) {
        fprintf(stderr, "db_migrate: %s\n", err);
        db_close(f->d);
        test_free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int fx_teardown(void **state)
{
    struct fx *f = *state;
    db_close(f->d);
    remove_db_files(f->path);
    test_free(f);
    return 0;
}

/* Append n events of organization org with varied fields, some NULL, some empty. */
static void append_org(db *d, int64_t org, int n)
{
    for (int i = 1; i <= n; i++) {
        char rid[16], reason[32];
        snprintf(rid, sizeof rid, "%d", 100 + i);
        snprintf(reason, sizeof reason, "reason %d", i);
        struct audit_ev ev = {
            .org_id = org,
            .user_id = i % 2 ? 7 : 0,
            .username = i % 4 ? "alice" : NULL,
            .action = i % 2 ? "user.read" : "login.failure",
            .record_type = "user",
            .record_id = i % 5 ? rid : NULL,
            .reason = i % 3 ? reason : "",
            .client = "127.0.0.1",
            .outcome = i % 2 ? "ok" : NULL, /* NULL is stored as "ok" */
            .purpose = i % 3 == 1 ? "treatment" : NULL,
        };
        if (audit_append(d, &ev) != 0)
            fail_msg("audit_append %d failed: %s", i, db_errmsg(d));
    }
}

/* n events of organization 1: its chain numbers are then the rows' seq. */
static void append_n(struct fx *f, int n)
{
    append_org(f->d, 1, n);
}

/* Run one SQL statement on the database file through a second connection, as
 * someone with file access would. */
static void raw_sql(struct fx *f, const char *sql)
{
    sqlite3 *h;
    if (sqlite3_open(f->path, &h) != SQLITE_OK)
        fail_msg("sqlite3_open: %s", sqlite3_errmsg(h));
    sqlite3_busy_timeout(h, 5000);
    char *msg = NULL;
    if (sqlite3_exec(h, sql, NULL, NULL, &msg) != SQLITE_OK) {
        char copy[256];
        snprintf(copy, sizeof copy, "%s", msg ? msg : "?");
        sqlite3_free(msg);
        sqlite3_close(h);
        fail_msg("%s: %s", sql, copy);
    }
    if (sqlite3_changes(h) < 1 && strncmp(sql, "UPDATE", 6) == 0) {
        sqlite3_close(h);
        fail_msg("%s changed nothing", sql);
    }
    sqlite3_close(h);
}

static int verify(struct fx *f, int64_t *bad, int64_t *rows, char *msg, size_t msglen)
{
    *bad = -7;
    *rows = -7;
    return audit_verify(f->d, bad, rows, msg, msglen);
}

/* ---- intact chains ------------------------------------------------------------- */

static void test_audit_empty_trail_verifies(void **state)
{
    struct fx *f = *state;
    int64_t bad, rows;
    char msg[256];
    assert_int_equal(verify(f, &bad, &rows, msg, sizeof msg), 0);
    assert_int_equal(bad, 0);
    assert_int_equal(rows, 0);
}

static void test_audit_appended_rows_verify_intact(void **state)
{
    struct fx *f = *state;
    append_n(f, 12);
    int64_t bad, rows;
    char msg[256];
    assert_int_equal(verify(f, &bad, &rows, msg, sizeof msg), 0);
    assert_int_equal(bad, 0);
    assert_int_equal(rows, 12);
    assert_string_equal(msg, "12 audit rows verified, every chain intact");
}

static void test_audit_append_joins_the_callers_transaction(void **state)
{
    struct fx *f = *state;
    append_n(f, 2);
    assert_int_equal(db_begin(f->d), DB_OK);
    struct audit_ev ev = {.org_id = 1, .action = "user.update", .outcome = "ok"};
    assert_int_equal(audit_append(f->d, &ev), 0);
    assert_int_equal(audit_append(f->d, &ev), 0);
    assert_true(db_in_tx(f->d));
    assert_int_equal(db_rollback(f->d), DB_OK);
    /* The rolled-back events are gone and the chain is still whole. */
    int64_t bad, rows;
    char msg[256];
    assert_int_equal(verify(f, &bad, &rows, msg, sizeof msg), 0);
    assert_int_equal(rows, 2);
    append_n(f, 1);
    assert_int_equal(verify(f, &bad, &rows, msg, sizeof msg), 0);
    assert_int_equal(rows, 3);
}

/* Verification reads in batches of 2000: a chain longer than one batch is
 * checked across the boundary, and tampering in the second batch is found. */
static void test_audit_verify_reads_past_one_batch(void **state)
{
    struct fx *f = *state;
    assert_int_equal(db_begin(f->d), DB_OK); /* one commit, not 2005 */
    append_n(f, 2005);
    assert_int_equal(db_commit(f->d), DB_OK);
    int64_t bad, rows;
    char msg[256];
    assert_int_equal(verify(f, &bad, &rows, msg, sizeof msg), 0);
    assert_int_equal(rows, 2005);
    raw_sql(f, "UPDATE audit SET client = '10.0.0.9' WHERE seq = 2003");
    assert_int_equal(verify(f, &bad, &rows, msg, sizeof msg), 1);
    assert_int_equal(bad, 2003);
}

/* ---- tampering ------------------------------------------------------------------ */

static void test_audit_edited_reason_in_a_middle_row_is_named(void **state)
{
    struct fx *f = *state;
    append_n(f, 6);
    raw_sql(f, "UPDATE audit SET reason = 'nothing to see' WHERE seq = 3");
    int64_t bad, rows;
    char msg[256];
    assert_int_equal(verify(f, &bad, &rows, msg, sizeof msg), 1);
    assert_int_equal(bad, 3);
    assert_string_equal(msg, "organization 1: audit row 3 was edited (its hash does not match)");
}

static void test_audit_edit_of_any_column_is_detected(void **state)
{
    static const char *const edits[] = {
        "UPDATE audit SET at = at + 1 WHERE seq = 2",
        "UPDATE audit SET org_id = 2 WHERE seq = 2",
        "UPDATE audit SET user_id = 8 WHERE seq = 2",
        "UPDATE audit SET username = 'mallory' WHERE seq = 2",
        "UPDATE audit SET username = NULL WHERE seq = 2",
        "UPDATE audit SET action = 'user.list' WHERE seq = 2",
        "UPDATE audit SET record_type = 'org' WHERE seq = 2",
        "UPDATE audit SET record_id = '999' WHERE seq = 2",
        "UPDATE audit SET reason = NULL WHERE seq = 3", /* row 3's reason is "" */
        "UPDATE audit SET client = '10.6.6.6' WHERE seq = 2",
        "UPDATE audit SET outcome = 'denied' WHERE seq = 2",
        "UPDATE audit SET purpose = 'operations' WHERE seq = 2", /* row 2's purpose is NULL */
        "UPDATE audit SET purpose = NULL WHERE seq = 4",         /* row 4's is treatment */
        "UPDATE audit SET chain_seq = 9 WHERE seq = 2",
        "UPDATE audit SET chain = 2 WHERE seq = 2",
        "UPDATE audit SET hash_version = 1 WHERE seq = 2",
        "UPDATE audit SET hash = '"
        "0123456789abcdef0123456789abcdef"
        "0123456789abcdef0123456789abcdef' WHERE seq = 2",
    };
    for (size_t i = 0; i < sizeof edits / sizeof *edits; i++) {
        struct fx *f;
        if (fx_setup((void **)&f) != 0)
            fail_msg("setup failed");
        append_n(f, 4);
        raw_sql(f, edits[i]);
        int64_t bad, rows;
        char msg[256];
        int rc = verify(f, &bad, &rows, msg, sizeof msg);
        fx_teardown((void **)&f);
        /* bad_seq names the row, its neighbour, or (hash_version) the old sequence's start. */
        if (rc != 1 || bad < 1 || bad > 4)
            fail_msg("'%s' not detected: rc %d, bad_seq %lld", edits[i], rc, (long long)bad);
    }
    (void)state;
}

static void test_audit_deleted_middle_row_is_named_missing(void **state)
{
    struct fx *f = *state;
    append_n(f, 6);
    raw_sql(f, "DELETE FROM audit WHERE seq = 4");
    int64_t bad, rows;
    char msg[256];
    assert_int_equal(verify(f, &bad, &rows, msg, sizeof msg), 1);
    assert_int_equal(bad, 4);
    assert_string_equal(msg, "organization 1: audit row 4 is missing (deleted)");
}

static void test_audit_deleted_first_row_is_named_missing(void **state)
{
    struct fx *f = *state;
    append_n(f, 3);
    raw_sql(f, "DELETE FROM audit WHERE seq = 1");
    int64_t bad, rows;
    char msg[256];
    assert_int_equal(verify(f, &bad, &rows, msg, sizeof msg), 1);
    assert_int_equal(bad, 1);
}

static void test_audit_deleted_last_row_is_detected_by_the_head(void **state)
{
    struct fx *f = *state;
    append_n(f, 5);
    raw_sql(f, "DELETE FROM audit WHERE seq = 5");
    int64_t bad, rows;
    char msg[256];
    assert_int_equal(verify(f, &bad, &rows, msg, sizeof msg), 1);
    assert_int_equal(bad, 5);
    assert_non_null(strstr(msg, "ends at row 4"));
}

static void test_audit_deleting_every_row_is_detected_by_the_head(void **state)
{
    struct fx *f = *state;
    append_n(f, 3);
    raw_sql(f, "DELETE FROM audit");
    int64_t bad, rows;
    char msg[256];
    assert_int_equal(verify(f, &bad, &rows, msg, sizeof msg), 1);
    assert_int_equal(bad, 1);
}

/* Read row seq, change its reason, and store it with a hash recomputed the way
 * audit.c does: the row itself then looks right, so the next row must be named. */
static void replace_row_consistently(struct fx *f, int64_t seq, const char *reason)
{
    sqlite3 *h;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open(f->path, &h), SQLITE_OK);
    assert_int_equal(
        sqlite3_prepare_v2(h,
                           "SELECT at, org_id, user_id, username, action, record_type, "
                           "record_id, client, outcome, prev_hash, purpose, chain_seq "
                           "FROM audit WHERE seq = ?",
                           -1, &st, NULL),
        SQLITE_OK);
    sqlite3_bind_int64(st, 1, seq);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
#define COL(i) ((const char *)sqlite3_column_text(st, i))
    struct audit_ev ev = {
        .org_id = sqlite3_column_int64(st, 1),
        .user_id = sqlite3_column_int64(st, 2),
        .username = COL(3),
        .action = COL(4),
        .record_type = COL(5),
        .record_id = COL(6),
        .reason = reason,
        .client = COL(7),
        .outcome = COL(8),
        .purpose = COL(10),
    };
    char hash[65];
    audit_chain_hash(sqlite3_column_int64(st, 11), sqlite3_column_int64(st, 0), &ev, COL(9), hash);
#undef COL
    sqlite3_finalize(st);
    char *sql = sqlite3_mprintf("UPDATE audit SET reason = %Q, hash = %Q WHERE seq = %lld", reason,
                                hash, (long long)seq);
    assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_changes(h), 1);
    sqlite3_free(sql);
    sqlite3_close(h);
}

static void test_audit_replaced_row_with_recomputed_hash_names_the_next_row(void **state)
{
    struct fx *f = *state;
    append_n(f, 6);
    replace_row_consistently(f, 3, "routine check");
    int64_t bad, rows;
    char msg[256];
    assert_int_equal(verify(f, &bad, &rows, msg, sizeof msg), 1);
    assert_int_equal(bad, 4);
    assert_string_equal(msg, "organization 1: audit row 4 does not follow row 3 (a row was replaced)");
}

/* The recomputed hash itself is right: only the chain gives the replacement
 * away. (Guards the test above against passing for the wrong reason.) */
static void test_audit_recomputed_hash_is_the_one_verify_expects(void **state)
{
    struct fx *f = *state;
    append_n(f, 3);
    replace_row_consistently(f, 3, "routine check");
    raw_sql(f, "UPDATE audit_chain_head SET hash = (SELECT hash FROM audit WHERE seq = 3) "
               "WHERE chain = 1");
    int64_t bad, rows;
    char msg[256];
    assert_int_equal(verify(f, &bad, &rows, msg, sizeof msg), 0);
    assert_int_equal(rows, 3);
}

/* A replaced last row has no next row; the head still holds the old hash, so
 * the replaced row is the first bad one (bad_seq names it, not a row after it). */
static void test_audit_replaced_last_row_is_named_through_the_head(void **state)
{
    struct fx *f = *state;
    append_n(f, 5);
    replace_row_consistently(f, 5, "routine check");
    int64_t bad, rows;
    char msg[256];
    assert_int_equal(verify(f, &bad, &rows, msg, sizeof msg), 1);
    assert_int_equal(bad, 5);
}

/* The head is read through the store into a 65-byte buffer: a stored head hash with anything
 * after the last row's 64 digits must not be cut down to a match. */
static void test_audit_chain_head_with_a_longer_hash_is_detected(void **state)
{
    struct fx *f = *state;
    append_n(f, 5);
    raw_sql(f, "UPDATE audit_chain_head SET hash = (SELECT hash FROM audit WHERE seq = 5) || 'ff' "
               "WHERE chain = 1");
    int64_t bad, rows;
    char msg[256];
    assert_int_equal(verify(f, &bad, &rows, msg, sizeof msg), 1);
    assert_int_equal(bad, 5);
    assert_string_equal(msg, "organization 1: audit row 5 was edited (the chain head does not match "
                             "it)");
}

static void test_audit_row_inserted_out_of_order_is_detected(void **state)
{
    struct fx *f = *state;
    append_n(f, 3);
    raw_sql(f, "INSERT INTO audit (seq, at, org_id, action, outcome, prev_hash, hash, chain, "
               "chain_seq, hash_version) SELECT 9, at, org_id, action, outcome, hash, hash, chain, "
               "4, 2 FROM audit WHERE seq = 3");
    int64_t bad, rows;
    char msg[256];
    assert_int_equal(verify(f, &bad, &rows, msg, sizeof msg), 1);
    assert_int_equal(bad, 4);
}

/* A row outside every chain (no chain number) is in no walk: the count gives it away. */
static void test_audit_row_in_no_chain_is_detected(void **state)
{
    struct fx *f = *state;
    append_n(f, 3);
    raw_sql(f, "INSERT INTO audit (seq, at, action, outcome, prev_hash, hash, hash_version) "
               "SELECT 9, at, action, outcome, hash, hash, 2 FROM audit WHERE seq = 3");
    int64_t bad, rows;
    char msg[256];
    assert_int_equal(verify(f, &bad, &rows, msg, sizeof msg), 1);
    assert_non_null(strstr(msg, "1 audit rows are in no organization's chain"));
}

/* ---- one chain per organization ------------------------------------------------------ */

/* The chain numbers of org's rows in the order they were written, as "1 2 3". */
static void chain_numbers(struct fx *f, int64_t org, char *out, size_t len)
{
    sqlite3 *h;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open(f->path, &h), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(h, "SELECT chain_seq FROM audit WHERE org_id = ? "
                                           "ORDER BY seq", -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_int64(st, 1, org);
    out[0] = '\0';
    while (sqlite3_step(st) == SQLITE_ROW)
        snprintf(out + strlen(out), len - strlen(out), "%s%lld", out[0] ? " " : "",
                 (long long)sqlite3_column_int64(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(h);
}

static void test_audit_each_organization_numbers_its_rows_from_1_without_gaps(void **state)
{
    struct fx *f = *state;
    for (int i = 0; i < 4; i++) { /* interleaved, as on a busy server */
        append_org(f->d, 1, 2);
        append_org(f->d, 2, 1);
        append_org(f->d, 0, 1);
    }
    char got[128];
    chain_numbers(f, 1, got, sizeof got);
    assert_string_equal(got, "1 2 3 4 5 6 7 8");
    chain_numbers(f, 2, got, sizeof got);
    assert_string_equal(got, "1 2 3 4");
    int64_t bad, rows;
    char msg[512];
    assert_int_equal(audit_verify_org(f->d, 2, &bad, &rows, msg, sizeof msg), 0);
    assert_int_equal(rows, 4);
    assert_int_equal(audit_verify_org(f->d, 0, &bad, &rows, msg, sizeof msg), 0);
    assert_int_equal(rows, 4);
    assert_int_equal(verify(f, &bad, &rows, msg, sizeof msg), 0);
    assert_int_equal(rows, 16);
}

static void test_audit_verify_org_walks_only_that_organizations_chain(void **state)
{
    struct fx *f = *state;
    for (int i = 0; i < 3; i++) {
        append_org(f->d, 1, 2);
        append_org(f->d, 2, 2);
    }
    /* Organization 2's third row (seq 7: 1 1 2 2 1 1 2 ...). */
    raw_sql(f, "UPDATE audit SET reason = 'nothing' WHERE org_id = 2 AND chain_seq = 3");
    int64_t bad, rows;
    char msg[512];
    assert_int_equal(audit_verify_org(f->d, 1, &bad, &rows, msg, sizeof msg), 0);
    assert_int_equal(rows, 6);
    assert_string_equal(msg, "6 audit rows verified, chain intact");
    assert_int_equal(audit_verify_org(f->d, 2, &bad, &rows, msg, sizeof msg), 1);
    assert_int_equal(bad, 3);
    /* The global check finds it too, and names the organization. */
    assert_int_equal(verify(f, &bad, &rows, msg, sizeof msg), 1);
    assert_string_equal(msg, "organization 2: audit row 3 was edited (its hash does not match)");
}

struct seen {
    int calls, broken;
    int64_t orgs[8];
};

static void collect(void *ctx, int64_t org_id, int rc, int64_t rows, int64_t bad_seq,
                    const char *msg)
{
    struct seen *s = ctx;
    (void)rows, (void)bad_seq, (void)msg;
    if (s->calls < 8)
        s->orgs[s->calls] = org_id;
    s->calls++;
    s->broken += rc != 0;
}

static void test_audit_verify_each_reports_every_organization_and_the_old_rows(void **state)
{
    struct fx *f = *state;
    append_org(f->d, 3, 2);
    append_org(f->d, 1, 1);
    struct seen s = {0};
    assert_int_equal(audit_verify_each(f->d, collect, &s), 0);
    assert_int_equal(s.calls, 3);
    assert_int_equal(s.orgs[0], -1); /* the rows from before migration 005 (none here) */
    assert_int_equal(s.orgs[1], 1);
    assert_int_equal(s.orgs[2], 3);
    assert_int_equal(s.broken, 0);
}

/* ---- the purpose of use of reads -------------------------------------------------------- */

static void test_audit_purpose_of_a_break_glass_read_is_emergency(void **state)
{
    (void)state;
    assert_string_equal(audit_purpose(1, "recoveree.read", 1, 0, NULL), "emergency");
    assert_string_equal(audit_purpose(1, "plan.read", 1, 0, "payment"), "emergency");
}

static void test_audit_purpose_by_role_disclosure_and_declared(void **state)
{
    (void)state;
    assert_string_equal(audit_purpose(1, "recoveree.read", 0, 0, NULL), "treatment");
    assert_string_equal(audit_purpose(1, "recoveree.read", 0, 1, NULL), "operations");
    assert_string_equal(audit_purpose(1, "recoveree.read", 0, 0, "payment"), "payment");
    assert_string_equal(audit_purpose(0, "disclosure", 0, 1, NULL), "disclosure");
    assert_string_equal(audit_purpose(1, "disclosure.read", 0, 0, NULL), "disclosure");
    /* A change and a refused disclosure read nothing. */
    assert_null(audit_purpose(0, "recoveree.update", 0, 0, NULL));
    assert_null(audit_purpose(0, "disclosure.refused", 0, 1, NULL));
    assert_string_equal(audit_purpose(1, "disclosures.list", 0, 1, NULL), "operations");
}

/* ---- upgrading a trail written as one chain across organizations (migration 005) ---------- */

/* Run test-made SQL on d; fail the test otherwise. */
static void run_sql(db *d, const char *sql)
{
    if (db_exec_script(d, sql) != DB_OK)
        fail_msg("%s: %s", sql, db_errmsg(d));
}

/* Bring a fresh database to schema 4, the last one with one audit chain across organizations. */
static void migrate_to_4(db *d)
{
    assert_true(db_schema_version(d) == 0);
    const char *prefix = db_kind(d) == DB_PG ? "pg/" : "sqlite/";
    for (int v = 1; v <= 4; v++) {
        for (const struct embedded *e = embedded_migrations; e->name; e++) {
            if (strncmp(e->name, prefix, strlen(prefix)) || atoi(e->name + strlen(prefix)) != v)
                continue;
            run_sql(d, (const char *)e->data);
            char mark[96];
            snprintf(mark, sizeof mark, "INSERT INTO schema_migrations VALUES (%d, 0)", v);
            run_sql(d, mark);
        }
    }
    assert_int_equal(db_schema_version(d), 4);
}

/* Append a row as peerdesk did before migration 005: the one sequence, the previous row of any
 * organization, audit_head. prev (65 bytes) is the chain's end, updated. */
static void append_legacy(db *d, int64_t seq, int64_t org, const char *action, char prev[65])
{
    struct audit_ev ev = {.org_id = org, .user_id = 7, .username = "alice", .action = action,
                          .record_type = "user", .record_id = "42", .client = "127.0.0.1",
                          .outcome = "ok"};
    char hash[65], sql[1024];
    audit_row_hash(seq, 1700000000 + seq, &ev, prev, hash);
    snprintf(sql, sizeof sql,
             "INSERT INTO audit (seq, at, org_id, user_id, username, action, record_type, "
             "record_id, reason, client, outcome, prev_hash, hash) VALUES (%lld, %lld, %lld, 7, "
             "'alice', '%s', 'user', '42', NULL, '127.0.0.1', 'ok', '%s', '%s')",
             (long long)seq, (long long)(1700000000 + seq), (long long)org, action, prev, hash);
    run_sql(d, sql);
    snprintf(sql, sizeof sql, "UPDATE audit_head SET seq = %lld, hash = '%s' WHERE id = 1",
             (long long)seq, hash);
    run_sql(d, sql);
    memcpy(prev, hash, 65);
}

/* The whole upgrade on d (a fresh, empty database of either engine). */
static void check_upgrade(db *d)
{
    char err[256], prev[65] = "0000000000000000000000000000000000000000000000000000000000000000";
    migrate_to_4(d);
    /* Two organizations' rows interleaved in the one sequence, and one of no organization. */
    static const int64_t orgs[] = {1, 2, 1, 0, 2, 2, 1};
    for (int i = 0; i < 7; i++)
        append_legacy(d, i + 1, orgs[i], i % 2 ? "user.read" : "login.success", prev);
    if (db_migrate(d, err, sizeof err) != 0)
        fail_msg("migration 005: %s", err);

    int64_t bad, rows;
    char msg[512];
    if (audit_verify(d, &bad, &rows, msg, sizeof msg) != 0)
        fail_msg("verify after the upgrade: %s", msg);
    assert_int_equal(rows, 7);
    /* Each organization's old rows are numbered 1, 2, 3 and verify on their own. */
    assert_int_equal(audit_verify_org(d, 2, &bad, &rows, msg, sizeof msg), 0);
    assert_int_equal(rows, 3);
    assert_non_null(strstr(msg, "checked one by one"));
    /* New rows continue each organization's chain from its last old row. */
    append_org(d, 2, 3);
    append_org(d, 1, 2);
    append_org(d, 5, 1); /* an organization with no old rows starts at 1 */
    if (audit_verify(d, &bad, &rows, msg, sizeof msg) != 0)
        fail_msg("verify after new rows: %s", msg);
    assert_int_equal(rows, 13);
    assert_int_equal(audit_verify_org(d, 2, &bad, &rows, msg, sizeof msg), 0);
    assert_int_equal(rows, 6);
    assert_int_equal(audit_verify_org(d, 5, &bad, &rows, msg, sizeof msg), 0);
    assert_int_equal(rows, 1);

    /* Tampering with an old row is still found, by both checks. */
    if (db_kind(d) == DB_PG)
        run_sql(d, "ALTER TABLE audit DISABLE TRIGGER audit_no_change");
    run_sql(d, "UPDATE audit SET username = 'mallory' WHERE seq = 5"); /* org 2's second */
    assert_int_equal(audit_verify(d, &bad, &rows, msg, sizeof msg), 1);
    assert_non_null(strstr(msg, "rows from before per-organization chains: audit row 5"));
    assert_int_equal(audit_verify_org(d, 2, &bad, &rows, msg, sizeof msg), 1);
    assert_int_equal(bad, 2);
    run_sql(d, "UPDATE audit SET username = 'alice' WHERE seq = 5");
    assert_int_equal(audit_verify(d, &bad, &rows, msg, sizeof msg), 0);
    /* Deleting an old row of organization 1 breaks its numbering, and the old sequence. */
    run_sql(d, "DELETE FROM audit WHERE seq = 3");
    assert_int_equal(audit_verify_org(d, 1, &bad, &rows, msg, sizeof msg), 1);
    assert_int_equal(bad, 2);
    assert_int_equal(audit_verify(d, &bad, &rows, msg, sizeof msg), 1);
}

static void test_audit_upgrade_from_one_chain_keeps_verifying_on_sqlite(void **state)
{
    (void)state;
    char path[128], url[160], err[256];
    snprintf(path, sizeof path, "/tmp/peerdesk-test-audit-upgrade-%d.db", (int)getpid());
    remove_db_files(path);
    snprintf(url, sizeof url, "sqlite:%s", path);
    db *d = db_open(url, err, sizeof err);
    if (!d)
        fail_msg("db_open: %s", err);
    check_upgrade(d);
    db_close(d);
    remove_db_files(path);
}

/* Run one command on the server named by PEERDESK_TEST_PG. 0 or -1. */
static int pg_admin(const char *admin, const char *sql)
{
    PGconn *c = PQconnectdb(admin);
    int ok = PQstatus(c) == CONNECTION_OK;
    if (ok) {
        PGresult *r = PQexec(c, sql);
        ok = PQresultStatus(r) == PGRES_COMMAND_OK;
        if (!ok)
            fprintf(stderr, "%s: %s", sql, PQresultErrorMessage(r));
        PQclear(r);
    } else {
        fprintf(stderr, "cannot connect to PEERDESK_TEST_PG: %s", PQerrorMessage(c));
    }
    PQfinish(c);
    return ok ? 0 : -1;
}

static void test_audit_upgrade_from_one_chain_keeps_verifying_on_postgresql(void **state)
{
    (void)state;
    const char *admin = getenv("PEERDESK_TEST_PG");
    if (!admin || !*admin) {
        print_message("PEERDESK_TEST_PG is not set: the PostgreSQL upgrade is skipped\n");
        skip();
    }
    char name[64], sql[160], url[1024], err[256];
    snprintf(name, sizeof name, "peerdesk_audit_%d_%ld", (int)getpid(), (long)time(NULL));
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);
    assert_int_equal(pg_admin(admin, sql), 0);
    snprintf(url, sizeof url, "%s%sdbname=%s", admin, strchr(admin, '?') ? "&" : "?", name);
    db *d = db_open(url, err, sizeof err);
    if (d) {
        check_upgrade(d); /* a failure jumps out: the database is left for the drop below */
        db_close(d);
    }
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
    pg_admin(admin, sql);
    if (!d)
        fail_msg("db_open: %s", err);
}

/* ---- audit_row_hash ------------------------------------------------------------ */

static const char *const prev0 = "0000000000000000000000000000000000000000000000000000000000000000";

static struct audit_ev base_ev(void)
{
    return (struct audit_ev){
        .org_id = 1,
        .user_id = 2,
        .username = "alice",
        .action = "user.read",
        .record_type = "user",
        .record_id = "42",
        .reason = "break glass",
        .client = "127.0.0.1",
        .outcome = "ok",
    };
}

static void test_audit_row_hash_is_64_hex_and_stable(void **state)
{
    (void)state;
    struct audit_ev ev = base_ev();
    char a[65], b[65];
    audit_row_hash(1, 1700000000, &ev, prev0, a);
    audit_row_hash(1, 1700000000, &ev, prev0, b);
    assert_int_equal(strlen(a), 64);
    assert_int_equal(strspn(a, "0123456789abcdef"), 64);
    assert_string_equal(a, b);
}

static void test_audit_row_hash_changes_when_any_single_field_changes(void **state)
{
    (void)state;
    struct audit_ev ev = base_ev();
    char want[65], got[65];
    audit_row_hash(5, 1700000000, &ev, prev0, want);

    audit_row_hash(6, 1700000000, &ev, prev0, got);
    assert_string_not_equal(got, want);
    audit_row_hash(5, 1700000001, &ev, prev0, got);
    assert_string_not_equal(got, want);
    audit_row_hash(5, 1700000000, &ev,
                   "0000000000000000000000000000000000000000000000000000000000000001", got);
    assert_string_not_equal(got, want);

    struct audit_ev e;
#define CHANGED(field, value)                                                                      \
    do {                                                                                           \
        e = base_ev();                                                                             \
        e.field = value;                                                                           \
        audit_row_hash(5, 1700000000, &e, prev0, got);                                             \
        if (strcmp(got, want) == 0)                                                                \
            fail_msg("changing " #field " leaves the hash as it was");                             \
    } while (0)
    CHANGED(org_id, 3);
    CHANGED(org_id, 0);
    CHANGED(user_id, 3);
    CHANGED(user_id, 0);
    CHANGED(username, "alicf");
    CHANGED(action, "user.reae");
    CHANGED(record_type, "usex");
    CHANGED(record_id, "43");
    CHANGED(reason, "break glasS");
    CHANGED(client, "127.0.0.2");
    CHANGED(outcome, "denied");
#undef CHANGED
}

static void test_audit_row_hash_tells_null_from_empty(void **state)
{
    (void)state;
    char with_null[65], with_empty[65];
    for (int i = 0; i < 7; i++) {
        struct audit_ev a = base_ev(), b = base_ev();
        const char **fa[] = {&a.username, &a.action, &a.record_type, &a.record_id,
                             &a.reason,   &a.client, &a.outcome};
        const char **fb[] = {&b.username, &b.action, &b.record_type, &b.record_id,
                             &b.reason,   &b.client, &b.outcome};
        *fa[i] = NULL;
        *fb[i] = "";
        audit_row_hash(1, 1700000000, &a, prev0, with_null);
        audit_row_hash(1, 1700000000, &b, prev0, with_empty);
        if (strcmp(with_null, with_empty) == 0)
            fail_msg("field %d: NULL and \"\" hash the same", i);
    }
    /* And the previous hash too. */
    struct audit_ev ev = base_ev();
    audit_row_hash(1, 1700000000, &ev, NULL, with_null);
    audit_row_hash(1, 1700000000, &ev, "", with_empty);
    assert_string_not_equal(with_null, with_empty);
}

/* Fields are length-prefixed: moving a character from one field to the next
 * must change the hash, or "ab"+"c" could pass for "a"+"bc". */
static void test_audit_row_hash_field_boundaries_matter(void **state)
{
    (void)state;
    char a[65], b[65];
    struct audit_ev x = base_ev(), y = base_ev();
    x.username = "ab";
    x.action = "c";
    y.username = "a";
    y.action = "bc";
    audit_row_hash(1, 1700000000, &x, prev0, a);
    audit_row_hash(1, 1700000000, &y, prev0, b);
    assert_string_not_equal(a, b);
    /* The same with numbers: seq 11, at 1 against seq 1, at 11. */
    audit_row_hash(11, 1, &x, prev0, a);
    audit_row_hash(1, 11, &x, prev0, b);
    assert_string_not_equal(a, b);
}

static void test_audit_chain_hash_covers_the_purpose_and_differs_from_version_1(void **state)
{
    (void)state;
    struct audit_ev ev = base_ev();
    char v1[65], v2[65], other[65];
    audit_row_hash(5, 1700000000, &ev, prev0, v1);
    audit_chain_hash(5, 1700000000, &ev, prev0, v2);
    assert_string_not_equal(v1, v2);
    ev.purpose = "treatment";
    audit_chain_hash(5, 1700000000, &ev, prev0, other);
    assert_string_not_equal(other, v2);
    ev.purpose = "emergency";
    audit_chain_hash(5, 1700000000, &ev, prev0, v2);
    assert_string_not_equal(other, v2);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

int main(void)
{
    if (secret_init() != 0) {
        fprintf(stderr, "libsodium failed to initialise\n");
        return 1;
    }
    const struct CMUnitTest tests[] = {
        T(test_audit_empty_trail_verifies),
        T(test_audit_appended_rows_verify_intact),
        T(test_audit_append_joins_the_callers_transaction),
        T(test_audit_verify_reads_past_one_batch),
        T(test_audit_edited_reason_in_a_middle_row_is_named),
        cmocka_unit_test(test_audit_edit_of_any_column_is_detected),
        T(test_audit_deleted_middle_row_is_named_missing),
        T(test_audit_deleted_first_row_is_named_missing),
        T(test_audit_deleted_last_row_is_detected_by_the_head),
        T(test_audit_deleting_every_row_is_detected_by_the_head),
        T(test_audit_replaced_row_with_recomputed_hash_names_the_next_row),
        T(test_audit_recomputed_hash_is_the_one_verify_expects),
        T(test_audit_replaced_last_row_is_named_through_the_head),
        T(test_audit_chain_head_with_a_longer_hash_is_detected),
        T(test_audit_row_inserted_out_of_order_is_detected),
        T(test_audit_row_in_no_chain_is_detected),
        T(test_audit_each_organization_numbers_its_rows_from_1_without_gaps),
        T(test_audit_verify_org_walks_only_that_organizations_chain),
        T(test_audit_verify_each_reports_every_organization_and_the_old_rows),
        cmocka_unit_test(test_audit_purpose_of_a_break_glass_read_is_emergency),
        cmocka_unit_test(test_audit_purpose_by_role_disclosure_and_declared),
        cmocka_unit_test(test_audit_upgrade_from_one_chain_keeps_verifying_on_sqlite),
        cmocka_unit_test(test_audit_upgrade_from_one_chain_keeps_verifying_on_postgresql),
        cmocka_unit_test(test_audit_row_hash_is_64_hex_and_stable),
        cmocka_unit_test(test_audit_row_hash_changes_when_any_single_field_changes),
        cmocka_unit_test(test_audit_row_hash_tells_null_from_empty),
        cmocka_unit_test(test_audit_row_hash_field_boundaries_matter),
        cmocka_unit_test(test_audit_chain_hash_covers_the_purpose_and_differs_from_version_1),
    };
    return cmocka_run_group_tests_name("audit", tests, NULL, NULL);
}
