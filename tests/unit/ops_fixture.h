/* ops_fixture.h - a fresh, migrated database with the demo organization, on SQLite or
 * PostgreSQL, for tests that call the operations (src/ops) directly, without HTTP.
 *
 * The demo generator gives every situation the rules care about: `admin`, `supervisor`,
 * `peer` (compliant, with a caseload), `dholt` (certification lapsed, WF-4), `rdelgado` (no
 * supervisor, WF-5), `tbrooks` (Level 1 volunteer, WF-1), `aokafor` (compliant).
 *
 * PostgreSQL comes from PEERDESK_TEST_PG (tests/run.sh sets it); without it the PostgreSQL
 * half fails, saying so: a rule tested on one engine is not tested. Header-only: each test
 * program includes it once. */
#ifndef PD_OPS_FIXTURE_H
#define PD_OPS_FIXTURE_H

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
#include "civil.h"
#include "cli.h"
#include "db.h"
#include "migrate.h"
#include "ops.h"
#include "secret.h"

enum ofx_backend { OFX_SQLITE, OFX_PG };

/* The CLI's option readers live in src/cli/main.c, outside the library the tests link:
 * cmd_demo, called with no arguments, needs them to find nothing. */
const char *opt(int argc, char **argv, const char *name)
{
    (void)argc, (void)argv, (void)name;
    return NULL;
}
int flag(int argc, char **argv, const char *name)
{
    (void)argc, (void)argv, (void)name;
    return 0;
}

struct ofx {
    enum ofx_backend be;
    char url[1024];
    char path[128]; /* the SQLite file */
    char pgname[96];
    db *d;
    arena *a;
    int64_t org; /* the demo organization */
    struct policy pol;
    char problem[600];
};

static inline int ofx_pg_admin(struct ofx *f, const char *sql)
{
    PGconn *c = PQconnectdb(getenv("PEERDESK_TEST_PG"));
    if (PQstatus(c) != CONNECTION_OK) {
        snprintf(f->problem, sizeof f->problem, "cannot connect to PEERDESK_TEST_PG: %s",
                 PQerrorMessage(c));
        PQfinish(c);
        return -1;
    }
    PGresult *r = PQexec(c, sql);
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok)
        snprintf(f->problem, sizeof f->problem, "%s: %s", sql, PQresultErrorMessage(r));
    PQclear(r);
    PQfinish(c);
    return ok ? 0 : -1;
}

/* Open a fresh database on backend be, migrate it and fill in the demo data (quietly).
 * 0, or -1 with f->problem. */
static int ofx_open(struct ofx *f, enum ofx_backend be, const char *name)
{
    memset(f, 0, sizeof *f);
    f->be = be;
    if (be == OFX_SQLITE) {
        snprintf(f->path, sizeof f->path, "/tmp/pd-%s-%d.db", name, (int)getpid());
        unlink(f->path);
        snprintf(f->url, sizeof f->url, "sqlite:%s", f->path);
    } else {
        const char *admin = getenv("PEERDESK_TEST_PG");
        if (!admin || !*admin) {
            snprintf(f->problem, sizeof f->problem,
                     "PEERDESK_TEST_PG is not set: the PostgreSQL half cannot run. tests/run.sh "
                     "sets it; by hand: PEERDESK_PG_PORT=55502 PEERDESK_PG_DIR=/tmp/pg-unit "
                     "sh tests/pg.sh start; PEERDESK_TEST_PG=$(PEERDESK_PG_PORT=55502 sh "
                     "tests/pg.sh url)");
            return -1;
        }
        snprintf(f->pgname, sizeof f->pgname, "peerdesk_%s_%d_%ld", name, (int)getpid(),
                 (long)time(NULL));
        char sql[160];
        snprintf(sql, sizeof sql, "CREATE DATABASE %s", f->pgname);
        if (ofx_pg_admin(f, sql) != 0)
            return -1;
        snprintf(f->url, sizeof f->url, "%s%sdbname=%s", admin, strchr(admin, '?') ? "&" : "?",
                 f->pgname);
    }
    char err[512];
    f->d = db_open(f->url, err, sizeof err);
    if (!f->d || db_migrate(f->d, err, sizeof err) != 0) {
        snprintf(f->problem, sizeof f->problem, "open/migrate: %s", err);
        return -1;
    }
    /* The demo generator prints its logins: keep the test output to cmocka's lines. */
    fflush(stdout);
    FILE *saved = stdout;
    stdout = fopen("/dev/null", "w");
    int rc = cmd_demo(f->d, 0, NULL);
    fclose(stdout);
    stdout = saved;
    if (rc != 0) {
        snprintf(f->problem, sizeof f->problem, "demo data: %s", db_errmsg(f->d));
        return -1;
    }
    f->a = arena_new();
    struct org o;
    if (org_by_slug(f->d, f->a, "demo", &o) != 1) {
        snprintf(f->problem, sizeof f->problem, "no demo organization");
        return -1;
    }
    f->org = o.id;
    policy_defaults(&f->pol);
    policy_load(f->d, f->org, &f->pol);
    return 0;
}

static void ofx_close(struct ofx *f)
{
    db_close(f->d);
    f->d = NULL;
    arena_free(f->a);
    f->a = NULL;
    if (f->be == OFX_SQLITE && f->path[0]) {
        char p[160];
        unlink(f->path);
        snprintf(p, sizeof p, "%s-wal", f->path);
        unlink(p);
        snprintf(p, sizeof p, "%s-shm", f->path);
        unlink(p);
    } else if (f->pgname[0]) {
        char sql[200];
        snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", f->pgname);
        ofx_pg_admin(f, sql);
    }
}

/* The id of a demo user by username (fails the test when there is none). */
__attribute__((unused)) static int64_t ofx_user(struct ofx *f, const char *username)
{
    struct user u;
    if (user_by_name(f->d, f->a, f->org, username, &u) != 1)
        fail_msg("no demo user %s", username);
    return u.id;
}

/* A context acting as username of the demo organization, now, from "test". */
static void ofx_ctx(struct ofx *f, const char *username, struct op_ctx *c)
{
    struct user u;
    if (user_by_name(f->d, f->a, f->org, username, &u) != 1)
        fail_msg("no demo user %s", username);
    *c = (struct op_ctx){
        .db = f->d,
        .a = f->a,
        .who = {.user_id = u.id, .org_id = f->org, .role = u.role, .username = u.username,
                .display_name = u.display_name},
        .now = (int64_t)time(NULL),
        .today = civil_today(),
        .pol = &f->pol,
        .client = "test",
    };
}

/* Group setup/teardown over both engines: state is a struct ofx[2] (SQLite, PostgreSQL).
 * A backend that could not be opened leaves its d NULL and its problem set; OFX_NEED fails
 * the test that needs it with that problem. */
static struct ofx ofx_both[2];
static const char *ofx_name = "ops";

static int ofx_group_setup(void **state)
{
    (void)state;
    if (secret_init() != 0)
        return -1;
    for (int b = 0; b < 2; b++)
        if (ofx_open(&ofx_both[b], (enum ofx_backend)b, ofx_name) != 0)
            fprintf(stderr, "%s: %s\n", b ? "postgresql" : "sqlite", ofx_both[b].problem);
    return 0;
}

static int ofx_group_teardown(void **state)
{
    (void)state;
    for (int b = 0; b < 2; b++)
        ofx_close(&ofx_both[b]);
    return 0;
}

#define OFX_NEED(f)                                                                            \
    do {                                                                                       \
        if (!(f)->d)                                                                           \
            fail_msg("%s", (f)->problem);                                                      \
    } while (0)

/* One test function per rule, run on both engines: cmocka_unit_test_prestate(fn, &ofx_both[b]). */
#define OFX_TEST(fn) cmocka_unit_test_prestate(fn, &ofx_both[OFX_SQLITE]), \
                     cmocka_unit_test_prestate(fn, &ofx_both[OFX_PG])

#endif
