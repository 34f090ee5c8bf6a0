/* http_reliability.c - the server when its surroundings fail: PostgreSQL restarts under
 * load, a write is cut in the middle, writes fail (disk full), and what the built-in TLS
 * and the files on disk allow.
 *
 * The PostgreSQL tests restart the server named by PEERDESK_TEST_DB with tests/pg.sh (the
 * same PEERDESK_PG_PORT / PEERDESK_PG_DIR as the run that started it), so they refuse any
 * other server. On SQLite they print a note and pass; SQLite's half of the same rules is in
 * tests/unit/test_reliability.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <netinet/in.h>

#include <libpq-fe.h>

#include "harness.h"

/* A restart may take this long to show recovery: the backoff waits at most
 * DB_RETRY_AFTER_S between attempts, so 5 s is "within seconds" with room to spare. */
#define RECOVERY_MS 5000

static int teardown_failed;

static int group_setup(void **state)
{
    umask(022); /* the usual umask: the files must be private despite it */
    th_env *e = th_env_start();
    *state = e;
    return e ? 0 : -1;
}

static int group_teardown(void **state)
{
    teardown_failed = th_env_stop(*state) != 0;
    return teardown_failed ? -1 : 0;
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static th_sess *signed_in(th_env *e, const char *username)
{
    th_sess *s = th_sess_new(e);
    assert_non_null(s);
    if (th_login(s, e->org[TH_ALPHA].slug, username, TH_PASSWORD) != 200)
        fail_msg("sign-in of %s failed\n%s", username, th_last(s));
    return s;
}

/* The whole server log, malloc'd (the caller frees). */
static char *server_log(th_env *e)
{
    FILE *f = fopen(e->log_path, "rb");
    assert_non_null(f);
    size_t cap = 1 << 16, len = 0;
    char *b = malloc(cap);
    assert_non_null(b);
    size_t n;
    while ((n = fread(b + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (cap - len < 1024) {
            cap *= 2;
            b = realloc(b, cap);
            assert_non_null(b);
        }
    }
    b[len] = '\0';
    fclose(f);
    return b;
}

/* ---- PostgreSQL: the test's own connection and tests/pg.sh ------------------------------- */

/* 1 when this run is on PostgreSQL; else print why the test passes without running. */
static int on_pg(th_env *e, const char *test)
{
    if (e->is_pg)
        return 1;
    printf("note: %s runs on PostgreSQL only (PEERDESK_TEST_DB=sqlite); passed without "
           "running\n",
           test);
    return 0;
}

/* tests/pg.sh beside the binary's build directory (PEERDESK_BIN is ROOT/build/peerdesk),
 * else the working directory's. */
static void pg_sh_path(th_env *e, char *out, size_t n)
{
    const char *slash = strrchr(e->bin, '/');
    if (slash) {
        snprintf(out, n, "%.*s/../tests/pg.sh", (int)(slash - e->bin), e->bin);
        if (access(out, R_OK) == 0)
            return;
    }
    snprintf(out, n, "tests/pg.sh");
}

/* Run `sh tests/pg.sh what` (its output goes to the server log's directory); fail unless
 * it succeeds. */
static void pg_sh(th_env *e, const char *what)
{
    char sh[512], cmd[1200];
    pg_sh_path(e, sh, sizeof sh);
    snprintf(cmd, sizeof cmd, "sh '%s' %s >>'%s/pg-sh.log' 2>&1", sh, what, e->dir);
    if (system(cmd) != 0)
        fail_msg("%s failed (see %s/pg-sh.log)", cmd, e->dir);
}

/* Fail unless PEERDESK_TEST_DB is the server tests/pg.sh runs: only that one may be
 * restarted. */
static void require_pg_sh_server(th_env *e)
{
    char sh[512], cmd[700], url[512] = "";
    pg_sh_path(e, sh, sizeof sh);
    snprintf(cmd, sizeof cmd, "sh '%s' url", sh);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    if (!fgets(url, sizeof url, p))
        url[0] = '\0';
    pclose(p);
    url[strcspn(url, "\r\n")] = '\0';
    if (strcmp(url, e->pg_admin_url) != 0)
        fail_msg("PEERDESK_TEST_DB (%s) is not the server of tests/pg.sh (%s): this test "
                 "restarts it, so it runs only there. Set PEERDESK_PG_PORT and PEERDESK_PG_DIR "
                 "as for tests/pg.sh start.",
                 e->pg_admin_url, url);
}

/* The test's own libpq connection to the test database. */
static PGconn *pg_connect(th_env *e)
{
    PGconn *c = PQconnectdb(e->db_url);
    if (PQstatus(c) != CONNECTION_OK)
        fail_msg("cannot connect to the test database: %s", PQerrorMessage(c));
    return c;
}

/* Run sql on c; the first column of the first row as a number (0 for a command). */
static long pg_num(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    long v = 0;
    if (PQresultStatus(r) == PGRES_TUPLES_OK)
        v = PQntuples(r) > 0 ? strtol(PQgetvalue(r, 0, 0), NULL, 10) : 0;
    else if (PQresultStatus(r) != PGRES_COMMAND_OK)
        fail_msg("%s: %s", sql, PQresultErrorMessage(r));
    PQclear(r);
    return v;
}

/* The harness's library connection met the restart too: open it again (with backoff). */
static void library_reconnect(th_env *e)
{
    int64_t until = now_ms() + RECOVERY_MS;
    while (db_ensure(e->db) != DB_OK && now_ms() < until)
        usleep(50 * 1000);
    assert_false(db_lost(e->db));
}

/* ---- PostgreSQL restarts under load ------------------------------------------------------- */

#define LOAD_CLIENTS 4
#define MAX_SAMPLES  20000

struct sample {
    int64_t start, end;
    long status;
    int retry_after; /* a Retry-After header came */
};

struct load {
    th_sess *s;
    const char *path;
    volatile int *stop;
    struct sample *v;
    int n;
};

static void *load_loop(void *arg)
{
    struct load *l = arg;
    while (!*l->stop && l->n < MAX_SAMPLES) {
        struct sample *x = &l->v[l->n];
        x->start = now_ms();
        x->status = th_get(l->s, "%s", l->path);
        x->end = now_ms();
        x->retry_after = th_header(l->s, "Retry-After") != NULL;
        l->n++;
        usleep(20 * 1000);
    }
    return NULL;
}

/* Restart PostgreSQL while four clients keep asking: during the outage every request is a
 * clean 503 with Retry-After (never a 500, never no answer); within seconds of the restart
 * every client is served again, by the same peerdesk process, which logged the break and
 * the recovery. */
static void test_postgresql_restart_under_load_is_503_retry_after_then_served_again(void **state)
{
    th_env *e = *state;
    if (!on_pg(e, __func__))
        return;
    require_pg_sh_server(e);
    th_sess *admin = signed_in(e, "admin");
    const char *cookie = th_cookie(admin, "pd_session");
    assert_non_null(cookie);

    volatile int stop = 0;
    struct load l[LOAD_CLIENTS];
    pthread_t t[LOAD_CLIENTS];
    for (int i = 0; i < LOAD_CLIENTS; i++) {
        l[i] = (struct load){
            .s = th_sess_new(e), .stop = &stop, .n = 0, .path = i % 2 ? "/healthz" : "/api/v1/me"};
        l[i].v = calloc(MAX_SAMPLES, sizeof *l[i].v);
        assert_non_null(l[i].v);
        th_put_cookie(l[i].s, "pd_session", cookie);
        assert_int_equal(pthread_create(&t[i], NULL, load_loop, &l[i]), 0);
    }
    usleep(500 * 1000);
    pg_sh(e, "stop");
    int64_t down = now_ms();
    usleep(1500 * 1000);
    int64_t up_begin = now_ms();
    pg_sh(e, "start");
    int64_t up = now_ms();
    usleep(RECOVERY_MS * 1000);
    stop = 1;
    for (int i = 0; i < LOAD_CLIENTS; i++)
        pthread_join(t[i], NULL);

    int outage_503 = 0;
    for (int i = 0; i < LOAD_CLIENTS; i++) {
        int64_t served_again = -1;
        for (int k = 0; k < l[i].n; k++) {
            struct sample *x = &l[i].v[k];
            if (x->status != 200 && x->status != 503)
                fail_msg("%s answered %ld at %lld ms after the stop (only 200 or 503 may come)",
                         l[i].path, x->status, (long long)(x->start - down));
            if (x->status == 503 && !x->retry_after)
                fail_msg("%s answered 503 without Retry-After", l[i].path);
            if (x->start > down && x->end < up_begin) {
                if (x->status != 503)
                    fail_msg("%s answered %ld while PostgreSQL was down", l[i].path, x->status);
                outage_503++;
            }
            if (x->start > up && x->status == 200 && served_again < 0)
                served_again = x->start;
            /* Once every worker had its chance (the longest backoff wait, and a margin), no
             * worker may still refuse: a worker may only meet the restart at its next use. */
            if (x->start > up + DB_RETRY_AFTER_S * 1000 + 500 && x->status != 200)
                fail_msg("%s answered %ld %lld ms after PostgreSQL was up", l[i].path, x->status,
                         (long long)(x->start - up));
        }
        if (served_again < 0)
            fail_msg("%s was not served again within %d ms of the restart", l[i].path, RECOVERY_MS);
        print_message("%s: served again %lld ms after PostgreSQL was up\n", l[i].path,
                      (long long)(served_again - up));
        th_sess_free(l[i].s);
        free(l[i].v);
    }
    assert_true(outage_503 > 0);
    assert_int_equal(kill(e->pid, 0), 0); /* the same peerdesk, never restarted */

    assert_int_equal(th_get(admin, "/api/v1/me"), 200);
    assert_int_equal(th_get(admin, "/healthz"), 200);
    TH_ASSERT_STR(th_jstr(admin, "writes"), "ok");
    char *log = server_log(e);
    TH_ASSERT_CONTAINS(log, "database: the connection broke");
    TH_ASSERT_CONTAINS(log, "database: the connection is open again");
    free(log);
    th_sess_free(admin);
    library_reconnect(e);
}

/* ---- a write cut in the middle ------------------------------------------------------------ */

struct post_job {
    th_sess *s;
    long status;
    int retry_after;
    char code[32];
};

static json_t *new_user(const char *username)
{
    return json_pack("{s:s, s:s, s:s, s:s}", "username", username, "display_name", "Half Way",
                     "role", "peer", "password", TH_PASSWORD);
}

static void *post_user(void *arg)
{
    struct post_job *j = arg;
    j->status = th_post(j->s, new_user("halfway"), "/api/v1/users");
    j->retry_after = th_header(j->s, "Retry-After") != NULL;
    const char *c = th_jstr(j->s, "error.code");
    snprintf(j->code, sizeof j->code, "%s", c ? c : "");
    return NULL;
}

/* POST /users writes the user, then appends to the audit trail. Hold the audit chain's
 * head locked so the request waits between the two, then cut its connection: the answer is
 * 503 with Retry-After, neither the user nor an audit row exists, and the same request
 * succeeds when retried, on the same peerdesk. */
static void test_write_cut_between_its_statements_is_503_and_not_half_applied(void **state)
{
    th_env *e = *state;
    if (!on_pg(e, __func__))
        return;
    th_sess *admin = signed_in(e, "admin");
    PGconn *c = pg_connect(e);
    long audits = pg_num(c, "SELECT COUNT(*) FROM audit WHERE action = 'user.create'");
    pg_num(c, "BEGIN");
    /* Every organization has its own chain (migration 005): hold all of their heads. */
    pg_num(c, "SELECT COUNT(*) FROM (SELECT seq FROM audit_chain_head FOR UPDATE) AS held");

    struct post_job j = {.s = admin};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, post_user, &j), 0);
    long waiting = 0;
    for (int i = 0; i < 400 && !waiting; i++) {
        usleep(25 * 1000);
        waiting = pg_num(c, "SELECT COALESCE(MAX(pid), 0) FROM pg_stat_activity "
                            "WHERE datname = current_database() AND wait_event_type = 'Lock' "
                            "AND pid <> pg_backend_pid()");
    }
    if (!waiting) {
        pg_num(c, "ROLLBACK");
        pthread_join(t, NULL);
        PQfinish(c);
        th_sess_free(admin);
        fail_msg("the request never waited on the audit head (status %ld)", j.status);
    }
    assert_int_equal(pg_num(c, "SELECT COUNT(*) FROM users WHERE username = 'halfway'"), 0);
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT pg_terminate_backend(%ld)::int", waiting);
    assert_int_equal(pg_num(c, sql), 1);
    pthread_join(t, NULL);
    pg_num(c, "ROLLBACK");

    if (j.status != 503 || !j.retry_after || strcmp(j.code, "store") != 0)
        fail_msg("status %ld, Retry-After %s, code %s; expected 503, a Retry-After, store\n%s",
                 j.status, j.retry_after ? "sent" : "missing", j.code, th_last(admin));
    assert_int_equal(pg_num(c, "SELECT COUNT(*) FROM users WHERE username = 'halfway'"), 0);
    assert_int_equal(pg_num(c, "SELECT COUNT(*) FROM audit WHERE action = 'user.create'"), audits);

    assert_int_equal(th_post(admin, new_user("halfway"), "/api/v1/users"), 201);
    assert_int_equal(pg_num(c, "SELECT COUNT(*) FROM users WHERE username = 'halfway'"), 1);
    assert_int_equal(pg_num(c, "SELECT COUNT(*) FROM audit WHERE action = 'user.create'"),
                     audits + 1);
    assert_int_equal(th_get(admin, "/api/v1/audit/verify"), 200);
    assert_true(json_is_true(json_object_get(th_json(admin), "intact")));
    assert_int_equal(kill(e->pid, 0), 0);
    PQfinish(c);
    th_sess_free(admin);
}

/* ---- failing writes ---------------------------------------------------------------------- */

/* The disk is full (SQLSTATE 53100 from triggers on the tables every write reaches): an
 * audited write fails, /healthz answers 503 with writes "failing" and since when (not why:
 * it is public), and the log says why, once. When writes work again /healthz is 200. */
static void test_healthz_reports_failing_writes_and_the_log_says_why(void **state)
{
    th_env *e = *state;
    if (!on_pg(e, __func__))
        return;
    th_sess *admin = signed_in(e, "admin");
    assert_int_equal(th_get(admin, "/healthz"), 200);
    TH_ASSERT_STR(th_jstr(admin, "writes"), "ok");
    PGconn *c = pg_connect(e);
    pg_num(c, "CREATE FUNCTION disk_is_full() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
              "RAISE EXCEPTION 'could not extend file: No space left on device' "
              "USING ERRCODE = 'disk_full'; END $$");
    pg_num(c, "CREATE TRIGGER disk_is_full BEFORE INSERT ON audit FOR EACH ROW "
              "EXECUTE FUNCTION disk_is_full()");
    pg_num(c, "CREATE TRIGGER disk_is_full BEFORE UPDATE ON schema_migrations FOR EACH ROW "
              "EXECUTE FUNCTION disk_is_full()");

    long st = th_post(admin, new_user("fulldisk"), "/api/v1/users");
    if (st >= 200 && st < 300)
        fail_msg("a write that cannot be audited succeeded\n%s", th_last(admin));
    assert_int_equal(pg_num(c, "SELECT COUNT(*) FROM users WHERE username = 'fulldisk'"), 0);
    assert_int_equal(th_get(admin, "/healthz"), 503);
    TH_ASSERT_STR(th_jstr(admin, "status"), "degraded");
    TH_ASSERT_STR(th_jstr(admin, "writes"), "failing");
    assert_non_null(th_jstr(admin, "writes_failing_since"));
    TH_ASSERT_LACKS(th_body(admin), "space");
    char *log = server_log(e);
    TH_ASSERT_CONTAINS(log, "database writes are failing: ");
    TH_ASSERT_CONTAINS(log, "No space left on device");
    free(log);

    pg_num(c, "DROP TRIGGER disk_is_full ON audit");
    pg_num(c, "DROP TRIGGER disk_is_full ON schema_migrations");
    assert_int_equal(th_get(admin, "/healthz"), 200);
    TH_ASSERT_STR(th_jstr(admin, "writes"), "ok");
    log = server_log(e);
    TH_ASSERT_CONTAINS(log, "database writes succeed again");
    free(log);
    PQfinish(c);
    th_sess_free(admin);
}

/* ---- files on disk ------------------------------------------------------------------------ */

static unsigned mode_of(const char *path)
{
    struct stat sb;
    if (stat(path, &sb) != 0)
        fail_msg("%s does not exist", path);
    return (unsigned)(sb.st_mode & 0777);
}

/* Under umask 022 the database, its -wal and -shm, and a backup are 0600 (health records). */
static void test_sqlite_database_wal_shm_and_backup_are_0600(void **state)
{
    th_env *e = *state;
    if (e->is_pg) {
        printf("note: %s is about SQLite files; passed without running on PostgreSQL\n", __func__);
        return;
    }
    const char *path = e->db_url + strlen("sqlite:");
    char p[600];
    assert_int_equal(mode_of(path), 0600);
    snprintf(p, sizeof p, "%s-wal", path);
    assert_int_equal(mode_of(p), 0600);
    snprintf(p, sizeof p, "%s-shm", path);
    assert_int_equal(mode_of(p), 0600);

    char dir[] = "/tmp/peerdesk-backup-XXXXXX";
    assert_non_null(mkdtemp(dir));
    snprintf(p, sizeof p, "%s/backup.db", dir);
    char *out = NULL;
    int rc = th_cli(e, &out, "backup", "--out", p, NULL);
    if (rc != 0)
        fail_msg("backup failed: %s", out ? out : "");
    free(out);
    assert_int_equal(mode_of(p), 0600);
    unlink(p);
    rmdir(dir);
}

/* ---- the built-in TLS --------------------------------------------------------------------- */

/* A port nobody listens on right now. */
static int free_port(void)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t n = sizeof a;
    int port = 0;
    if (s >= 0 && bind(s, (struct sockaddr *)&a, sizeof a) == 0 &&
        getsockname(s, (struct sockaddr *)&a, &n) == 0)
        port = ntohs(a.sin_port);
    if (s >= 0)
        close(s);
    return port;
}

/* Whether openssl s_client completes a handshake with these options; the protocol it got
 * goes to proto. */
static int handshake(int port, const char *opts, char *proto, size_t n)
{
    char cmd[512], line[512];
    snprintf(cmd, sizeof cmd, "openssl s_client -brief -connect 127.0.0.1:%d %s </dev/null 2>&1",
             port, opts);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    proto[0] = '\0';
    while (fgets(line, sizeof line, p)) {
        const char *v = strstr(line, "Protocol version: ");
        if (v)
            snprintf(proto, n, "%.*s", (int)strcspn(v + 18, "\r\n"), v + 18);
    }
    int rc = pclose(p);
    return rc == 0 && proto[0];
}

/* With --tls-cert/--tls-key, TLS 1.0 and 1.1 are refused (even by a client willing to use
 * them) and so are key exchanges without forward secrecy; TLS 1.2 with ECDHE and TLS 1.3 are
 * accepted. */
static void test_tls_accepts_only_1_2_and_1_3_with_forward_secrecy(void **state)
{
    th_env *e = *state;
    if (system("openssl version >/dev/null 2>&1") != 0) {
        printf("note: %s needs the openssl command; passed without running\n", __func__);
        return;
    }
    char dir[] = "/tmp/peerdesk-tls-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char cmd[700], cert[128], key[128], log[128];
    snprintf(cert, sizeof cert, "%s/cert.pem", dir);
    snprintf(key, sizeof key, "%s/key.pem", dir);
    snprintf(log, sizeof log, "%s/server.log", dir);
    snprintf(cmd, sizeof cmd,
             "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
             "-keyout '%s' -out '%s' >/dev/null 2>&1",
             key, cert);
    assert_int_equal(system(cmd), 0);

    int port = free_port();
    assert_true(port > 0);
    char listen[32];
    snprintf(listen, sizeof listen, "127.0.0.1:%d", port);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
        }
        execl(e->bin, e->bin, "--db", e->db_url, "serve", "--listen", listen, "--quiet",
              "--tls-cert", cert, "--tls-key", key, (char *)NULL);
        _exit(127);
    }
    char proto[64];
    int up = 0;
    for (int i = 0; i < 100 && !up; i++) {
        usleep(100 * 1000);
        up = handshake(port, "-tls1_2", proto, sizeof proto);
    }
    int ok12 = up && !strcmp(proto, "TLSv1.2");
    int ok13 = handshake(port, "-tls1_3", proto, sizeof proto) && !strcmp(proto, "TLSv1.3");
    int ecdhe = handshake(port, "-tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256", proto, sizeof proto);
    /* SECLEVEL=0: the client itself would otherwise refuse these, proving nothing. */
    int ok11 = handshake(port, "-tls1_1 -cipher DEFAULT:@SECLEVEL=0", proto, sizeof proto);
    int ok10 = handshake(port, "-tls1 -cipher DEFAULT:@SECLEVEL=0", proto, sizeof proto);
    int rsa_kx = handshake(port, "-tls1_2 -cipher AES128-GCM-SHA256:AES256-GCM-SHA384:@SECLEVEL=0",
                           proto, sizeof proto);
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
    unlink(cert);
    unlink(key);
    unlink(log);
    rmdir(dir);
    if (!up)
        fail_msg("the TLS server never completed a TLS 1.2 handshake on %s", listen);
    assert_true(ok12);
    assert_true(ok13);
    assert_true(ecdhe);
    if (ok11 || ok10)
        fail_msg("TLS %s was accepted", ok10 ? "1.0" : "1.1");
    if (rsa_kx)
        fail_msg("TLS 1.2 with RSA key exchange (no forward secrecy) was accepted");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sqlite_database_wal_shm_and_backup_are_0600),
        cmocka_unit_test(test_tls_accepts_only_1_2_and_1_3_with_forward_secrecy),
        cmocka_unit_test(test_healthz_reports_failing_writes_and_the_log_says_why),
        cmocka_unit_test(test_write_cut_between_its_statements_is_503_and_not_half_applied),
        cmocka_unit_test(test_postgresql_restart_under_load_is_503_retry_after_then_served_again),
    };
    int failed =
        cmocka_run_group_tests_name("http_reliability", tests, group_setup, group_teardown);
    return failed || teardown_failed ? 1 : 0;
}
