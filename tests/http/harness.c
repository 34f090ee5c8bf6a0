/* harness.c - a private database and server per HTTP test program, and a libcurl client. */
#include "harness.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <libpq-fe.h>

#include "accounts.h"
#include "secret.h"
#include "tz.h"

/* How long the server may take to answer /healthz after start (an ASan
 * build on a busy 2-core machine starts in well under a second; this is slack). */
#define START_WAIT_MS 20000
/* How long it may take to stop after SIGTERM (it polls for the signal every 200 ms). */
#define STOP_WAIT_MS 15000
/* Response bodies and request descriptions shown in failure messages are cut here. */
#define SHOW_MAX 1500

static int env_counter; /* numbers the PostgreSQL databases of this process */

static void msleep(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* ---- running commands ---------------------------------------------------------- */

int th_cli(th_env *e, char **out, const char *arg, ...)
{
    const char *argv[24] = {e->bin, "--db", e->db_url};
    int n = 3;
    va_list ap;
    va_start(ap, arg);
    for (const char *a = arg; a && n < 23; a = va_arg(ap, const char *))
        argv[n++] = a;
    va_end(ap);
    argv[n] = NULL;

    int fd[2];
    if (pipe(fd) != 0)
        return -1;
    pid_t pid = fork();
    if (pid < 0) {
        close(fd[0]);
        close(fd[1]);
        return -1;
    }
    if (pid == 0) {
        dup2(fd[1], 1);
        dup2(fd[1], 2);
        close(fd[0]);
        close(fd[1]);
        execv(e->bin, (char *const *)argv);
        _exit(127);
    }
    close(fd[1]);
    char *text = NULL;
    size_t len = 0;
    char chunk[4096];
    ssize_t got;
    while ((got = read(fd[0], chunk, sizeof chunk)) != 0) {
        if (got < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        char *grown = realloc(text, len + (size_t)got + 1);
        if (!grown)
            break;
        text = grown;
        memcpy(text + len, chunk, (size_t)got);
        len += (size_t)got;
        text[len] = '\0';
    }
    close(fd[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (out)
        *out = text ? text : strdup("");
    else
        free(text);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* ---- the database ---------------------------------------------------------------- */

static void quiet_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

/* Run one statement on the PostgreSQL server named by url; 0 or -1. */
static int pg_admin(const char *url, const char *sql)
{
    PGconn *c = PQconnectdb(url);
    if (PQstatus(c) != CONNECTION_OK) {
        fprintf(stderr, "harness: cannot connect to %s: %s", url, PQerrorMessage(c));
        PQfinish(c);
        return -1;
    }
    PQsetNoticeProcessor(c, quiet_notice, NULL); /* "does not exist, skipping" */
    PGresult *r = PQexec(c, sql);
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok)
        fprintf(stderr, "harness: %s: %s", sql, PQerrorMessage(c));
    PQclear(r);
    PQfinish(c);
    return ok ? 0 : -1;
}

/* A fresh database for this environment: a file in e->dir, or a new
 * PostgreSQL database on the PEERDESK_TEST_DB server. 0 or -1. */
static int make_database(th_env *e)
{
    const char *want = getenv("PEERDESK_TEST_DB");
    if (!want || !*want || strcmp(want, "sqlite") == 0) {
        snprintf(e->db_url, sizeof e->db_url, "sqlite:%s/test.db", e->dir);
        return 0;
    }
    if (strncmp(want, "postgresql://", 13) != 0 && strncmp(want, "postgres://", 11) != 0) {
        fprintf(stderr, "harness: PEERDESK_TEST_DB must be 'sqlite' or a postgresql:// URL\n");
        return -1;
    }
    e->is_pg = 1;
    snprintf(e->pg_admin_url, sizeof e->pg_admin_url, "%s", want);
    snprintf(e->pg_dbname, sizeof e->pg_dbname, "pd_t_%ld_%d", (long)getpid(), ++env_counter);
    /* Same server and user, another database: replace the URL's path. */
    const char *auth = strstr(want, "://") + 3;
    const char *slash = strchr(auth, '/'), *query = strchr(auth, '?');
    size_t keep = slash ? (size_t)(slash - want) : query ? (size_t)(query - want) : strlen(want);
    snprintf(e->db_url, sizeof e->db_url, "%.*s/%s%s", (int)keep, want, e->pg_dbname,
             query ? query : "");
    char sql[128];
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s", e->pg_dbname);
    pg_admin(want, sql);
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", e->pg_dbname);
    return pg_admin(want, sql);
}

static void drop_database(th_env *e)
{
    if (!e->is_pg || !e->pg_dbname[0])
        return;
    char sql[128];
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", e->pg_dbname);
    pg_admin(e->pg_admin_url, sql);
}

int64_t th_add_user(th_env *e, int org, const char *username, int role)
{
    int64_t id = -1;
    char name[160];
    snprintf(name, sizeof name, "%s %s", e->org[org].slug, username);
    int rc = user_create(e->db, e->org[org].id, username, name, role, e->pw_hash, &id);
    if (rc != DB_OK) {
        fprintf(stderr, "harness: cannot add user %s: %s\n", username, db_errmsg(e->db));
        return -1;
    }
    return id;
}

/* Organizations alpha and beta, each with one user per role named after the role. */
static int add_fixtures(th_env *e)
{
    static const char *const slugs[2] = {"alpha", "beta"};
    static const char *const names[2] = {"Alpha Recovery Network", "Beta Monitoring Program"};
    if (password_hash(TH_PASSWORD, e->pw_hash) != 0)
        return -1;
    for (int o = 0; o < 2; o++) {
        e->org[o].slug = slugs[o];
        if (org_create(e->db, slugs[o], names[o], &e->org[o].id) != DB_OK) {
            fprintf(stderr, "harness: cannot add organization %s: %s\n", slugs[o],
                    db_errmsg(e->db));
            return -1;
        }
        for (int r = 0; r < ROLE__COUNT; r++)
            if ((e->org[o].user_id[r] = th_add_user(e, o, role_name((enum role)r), r)) < 0)
                return -1;
    }
    return 0;
}

int32_t th_today(void)
{
    return tz_today_in(ORG_TIME_ZONE_DEFAULT, (int64_t)time(NULL));
}

int th_sql(th_env *e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *sql = NULL;
    int n = vasprintf(&sql, fmt, ap);
    va_end(ap);
    if (n < 0)
        return -1;
    int rc = db_exec_script(e->db, sql);
    if (rc != DB_OK)
        fprintf(stderr, "harness: %s: %s\n", sql, db_errmsg(e->db));
    free(sql);
    return rc == DB_OK ? 0 : -1;
}

/* ---- the server ------------------------------------------------------------------ */

/* A port nobody listens on right now (the kernel's choice). 0 on failure. */
static int free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return 0;
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    int port = 0;
    if (bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
        getsockname(fd, (struct sockaddr *)&a, &len) == 0)
        port = ntohs(a.sin_port);
    close(fd);
    return port;
}

static size_t discard(char *p, size_t size, size_t n, void *ud)
{
    (void)p;
    (void)ud;
    return size * n;
}

/* 1 when GET /healthz answers 200. */
static int healthy(const char *base)
{
    CURL *c = curl_easy_init();
    if (!c)
        return 0;
    char url[128];
    snprintf(url, sizeof url, "%s/healthz", base);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 2000L);
    long status = 0;
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(c);
    return status == 200;
}

/* Print the last part of the server log to stderr. */
static void show_log(const th_env *e)
{
    FILE *f = fopen(e->log_path, "r");
    if (!f)
        return;
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, size > 6000 ? size - 6000 : 0, SEEK_SET);
    fprintf(stderr, "---- end of server log %s ----\n", e->log_path);
    char line[1024];
    while (fgets(line, sizeof line, f))
        fputs(line, stderr);
    fprintf(stderr, "---- (end) ----\n");
    fclose(f);
}

/* Start `peerdesk serve` and wait until it is healthy. 0 or -1. */
static int start_server(th_env *e)
{
    /* free_port() can race with another program taking the port: retry. */
    for (int attempt = 0; attempt < 3; attempt++) {
        int port = free_port();
        if (!port)
            return -1;
        char listen[32];
        snprintf(listen, sizeof listen, "127.0.0.1:%d", port);
        snprintf(e->base, sizeof e->base, "http://%s", listen);
        int log = open(e->log_path, O_WRONLY | O_CREAT | O_APPEND, 0600);
        if (log < 0)
            return -1;
        pid_t parent = getpid(), pid = fork();
        if (pid < 0) {
            close(log);
            return -1;
        }
        if (pid == 0) {
            /* If the test program dies (a crash, a sanitizer abort, a timeout),
             * the server goes with it instead of running on unowned. */
            prctl(PR_SET_PDEATHSIG, SIGTERM);
            if (getppid() != parent)
                _exit(1);
            dup2(log, 1);
            dup2(log, 2);
            close(log);
            execl(e->bin, e->bin, "--db", e->db_url, "serve", "--listen", listen, "--quiet",
                  (char *)NULL);
            _exit(127);
        }
        close(log);
        e->pid = pid;
        for (int waited = 0; waited < START_WAIT_MS; waited += 50) {
            if (healthy(e->base))
                return 0;
            int status;
            if (waitpid(pid, &status, WNOHANG) == pid) {
                e->pid = 0;
                break;
            }
            msleep(50);
        }
        if (e->pid) { /* running but never healthy: give up */
            kill(e->pid, SIGKILL);
            waitpid(e->pid, NULL, 0);
            e->pid = 0;
            break;
        }
    }
    fprintf(stderr, "harness: the server did not start\n");
    show_log(e);
    return -1;
}

/* 1 when the log holds a sanitizer report. */
static int log_has_sanitizer_report(const th_env *e)
{
    FILE *f = fopen(e->log_path, "r");
    if (!f)
        return 0;
    char line[2048];
    int found = 0;
    while (!found && fgets(line, sizeof line, f))
        found = strstr(line, "AddressSanitizer") || strstr(line, "LeakSanitizer") ||
                strstr(line, "runtime error:");
    fclose(f);
    return found;
}

/* SIGTERM, then wait; 0 when it exited with status 0. */
static int stop_server(th_env *e)
{
    if (!e->pid)
        return 0;
    kill(e->pid, SIGTERM);
    int status = 0, waited = 0;
    pid_t got;
    while ((got = waitpid(e->pid, &status, WNOHANG)) == 0 && waited < STOP_WAIT_MS) {
        msleep(20);
        waited += 20;
    }
    if (got == 0) {
        fprintf(stderr, "harness: the server did not stop within %d ms; killing it\n",
                STOP_WAIT_MS);
        kill(e->pid, SIGKILL);
        waitpid(e->pid, &status, 0);
        e->pid = 0;
        return -1;
    }
    e->pid = 0;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        if (WIFSIGNALED(status))
            fprintf(stderr, "harness: the server died of signal %d\n", WTERMSIG(status));
        else
            fprintf(stderr, "harness: the server exited with status %d\n", WEXITSTATUS(status));
        return -1;
    }
    return 0;
}

th_env *th_env_start(void)
{
    static int curl_ready;
    if (!curl_ready) {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
            return NULL;
        atexit(curl_global_cleanup);
        curl_ready = 1;
    }
    if (secret_init() != 0)
        return NULL;
    th_env *e = calloc(1, sizeof *e);
    if (!e)
        return NULL;
    e->bin = getenv("PEERDESK_BIN");
    if (!e->bin || !*e->bin)
        e->bin = "build/peerdesk";
    if (access(e->bin, X_OK) != 0) {
        fprintf(stderr, "harness: PEERDESK_BIN %s is not an executable: %s\n", e->bin,
                strerror(errno));
        free(e);
        return NULL;
    }
    const char *tmp = getenv("TMPDIR");
    snprintf(e->dir, sizeof e->dir, "%s/peerdesk-test-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(e->dir)) {
        fprintf(stderr, "harness: mkdtemp %s: %s\n", e->dir, strerror(errno));
        free(e);
        return NULL;
    }
    snprintf(e->log_path, sizeof e->log_path, "%s/server.log", e->dir);
    if (make_database(e) != 0)
        goto fail;
    char *out = NULL;
    int rc = th_cli(e, &out, "init", NULL);
    if (rc != 0) {
        fprintf(stderr, "harness: peerdesk init exited %d:\n%s\n", rc, out ? out : "");
        free(out);
        goto fail;
    }
    free(out);
    char err[256];
    e->db = db_open(e->db_url, err, sizeof err);
    if (!e->db) {
        fprintf(stderr, "harness: db_open %s: %s\n", e->db_url, err);
        goto fail;
    }
    if (add_fixtures(e) != 0 || start_server(e) != 0)
        goto fail;
    return e;
fail:
    th_env_stop(e);
    return NULL;
}

/* Remove the temporary directory and what the tests put in it. */
static void remove_dir(const char *dir)
{
    static const char *const files[] = {"test.db", "test.db-wal", "test.db-shm", "test.db-journal",
                                        "server.log"};
    char path[400];
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        unlink(path);
    }
    rmdir(dir);
}

int th_env_stop(th_env *e)
{
    if (!e)
        return 0;
    int rc = stop_server(e);
    if (rc == 0 && log_has_sanitizer_report(e)) {
        fprintf(stderr, "harness: the server reported a sanitizer error\n");
        rc = -1;
    }
    if (rc != 0)
        show_log(e);
    db_close(e->db);
    e->db = NULL;
    drop_database(e);
    if (rc == 0)
        remove_dir(e->dir);
    else
        fprintf(stderr, "harness: kept %s\n", e->dir);
    sodium_memzero(e->pw_hash, sizeof e->pw_hash);
    free(e);
    return rc;
}

/* ---- HTTP client ----------------------------------------------------------------- */

struct th_sess {
    th_env *e;
    CURL *c;
    char *csrf, *bearer;
    struct curl_slist *extra; /* th_add_header lines */
    /* the last exchange */
    long status;
    char *body;
    size_t len;
    char **hdrs; /* "Name: value" lines of the final response */
    size_t nhdrs;
    json_t *json;
    int json_tried;
    char *req_desc; /* "POST /api/v1/... {body}" */
    char *scratch;  /* th_cookie and th_last results */
};

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
    th_sess *s = ud;
    size_t add = size * n;
    char *grown = realloc(s->body, s->len + add + 1);
    if (!grown)
        return 0;
    s->body = grown;
    memcpy(s->body + s->len, p, add);
    s->len += add;
    s->body[s->len] = '\0';
    return add;
}

static void clear_headers(th_sess *s)
{
    for (size_t i = 0; i < s->nhdrs; i++)
        free(s->hdrs[i]);
    free(s->hdrs);
    s->hdrs = NULL;
    s->nhdrs = 0;
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
    th_sess *s = ud;
    size_t len = size * n, keep = len;
    while (keep && (p[keep - 1] == '\r' || p[keep - 1] == '\n'))
        keep--;
    if (keep >= 5 && strncmp(p, "HTTP/", 5) == 0) { /* a new response (after 100 Continue) */
        clear_headers(s);
        return len;
    }
    if (!keep)
        return len;
    char **grown = realloc(s->hdrs, (s->nhdrs + 1) * sizeof *s->hdrs);
    if (!grown)
        return 0;
    s->hdrs = grown;
    s->hdrs[s->nhdrs++] = strndup(p, keep);
    return len;
}

th_sess *th_sess_new(th_env *e)
{
    th_sess *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->e = e;
    s->c = curl_easy_init();
    if (!s->c) {
        free(s);
        return NULL;
    }
    curl_easy_setopt(s->c, CURLOPT_COOKIEFILE, ""); /* in-memory cookie engine */
    curl_easy_setopt(s->c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(s->c, CURLOPT_WRITEDATA, s);
    curl_easy_setopt(s->c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(s->c, CURLOPT_HEADERDATA, s);
    curl_easy_setopt(s->c, CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(s->c, CURLOPT_FOLLOWLOCATION, 0L);
    return s;
}

static void forget_response(th_sess *s)
{
    free(s->body);
    s->body = NULL;
    s->len = 0;
    s->status = 0;
    clear_headers(s);
    json_decref(s->json);
    s->json = NULL;
    s->json_tried = 0;
    free(s->req_desc);
    s->req_desc = NULL;
}

void th_sess_free(th_sess *s)
{
    if (!s)
        return;
    forget_response(s);
    curl_easy_cleanup(s->c);
    curl_slist_free_all(s->extra);
    free(s->csrf);
    free(s->bearer);
    free(s->scratch);
    free(s);
}

static void set_str(char **dst, const char *v)
{
    free(*dst);
    *dst = v ? strdup(v) : NULL;
}

void th_set_csrf(th_sess *s, const char *token)
{
    set_str(&s->csrf, token);
}

const char *th_csrf(th_sess *s)
{
    return s->csrf;
}

void th_set_bearer(th_sess *s, const char *token)
{
    set_str(&s->bearer, token);
}

void th_add_header(th_sess *s, const char *line)
{
    if (!line) {
        curl_slist_free_all(s->extra);
        s->extra = NULL;
        return;
    }
    s->extra = curl_slist_append(s->extra, line);
}

long th_request(th_sess *s, const char *method, const char *path, const char *ctype,
                const char *body, size_t len)
{
    forget_response(s);
    if (asprintf(&s->req_desc, "%s %s%s%.*s", method, path, body ? " " : "",
                 body ? (int)(len < 300 ? len : 300) : 0, body ? body : "") < 0)
        s->req_desc = NULL;
    char *url = NULL;
    if (asprintf(&url, "%s%s", s->e->base, path) < 0)
        return 0;
    struct curl_slist *h = NULL;
    /* No "Expect: 100-continue": every body goes at once, as browsers send it. */
    h = curl_slist_append(h, "Expect:");
    char line[512];
    if (ctype) {
        snprintf(line, sizeof line, "Content-Type: %s", ctype);
        h = curl_slist_append(h, line);
    }
    if (s->csrf && strcmp(method, "GET") != 0 && ctype && strstr(ctype, "json")) {
        snprintf(line, sizeof line, "X-CSRF-Token: %s", s->csrf);
        h = curl_slist_append(h, line);
    }
    if (s->bearer) {
        snprintf(line, sizeof line, "Authorization: Bearer %s", s->bearer);
        h = curl_slist_append(h, line);
    }
    for (struct curl_slist *x = s->extra; x; x = x->next)
        h = curl_slist_append(h, x->data);

    CURL *c = s->c;
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, NULL);
    curl_easy_setopt(c, CURLOPT_NOBODY, 0L);
    if (strcmp(method, "GET") == 0) {
        curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    } else {
        curl_easy_setopt(c, CURLOPT_POST, 1L);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)(body ? len : 0));
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body ? body : "");
        if (strcmp(method, "POST") != 0)
            curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    }
    CURLcode rc = curl_easy_perform(c);
    if (rc == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &s->status);
    else
        fprintf(stderr, "harness: %s %s: %s\n", method, path, curl_easy_strerror(rc));
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, NULL);
    curl_slist_free_all(h);
    free(url);
    return s->status;
}

long th_get(th_sess *s, const char *path_fmt, ...)
{
    char path[2048];
    va_list ap;
    va_start(ap, path_fmt);
    vsnprintf(path, sizeof path, path_fmt, ap);
    va_end(ap);
    return th_request(s, "GET", path, NULL, NULL, 0);
}

long th_post(th_sess *s, json_t *body, const char *path_fmt, ...)
{
    char path[2048];
    va_list ap;
    va_start(ap, path_fmt);
    vsnprintf(path, sizeof path, path_fmt, ap);
    va_end(ap);
    char *text = body ? json_dumps(body, JSON_COMPACT) : strdup("{}");
    json_decref(body);
    long st = th_request(s, "POST", path, "application/json", text, text ? strlen(text) : 0);
    free(text);
    return st;
}

long th_post_form(th_sess *s, const char *form, const char *path_fmt, ...)
{
    char path[2048];
    va_list ap;
    va_start(ap, path_fmt);
    vsnprintf(path, sizeof path, path_fmt, ap);
    va_end(ap);
    char *text = NULL;
    int n;
    if (s->csrf) {
        char *enc = curl_easy_escape(s->c, s->csrf, 0);
        n = asprintf(&text, "%s%s_csrf=%s", form, *form ? "&" : "", enc ? enc : "");
        curl_free(enc);
    } else {
        n = asprintf(&text, "%s", form);
    }
    if (n < 0)
        return 0;
    long st = th_request(s, "POST", path, "application/x-www-form-urlencoded", text, strlen(text));
    free(text);
    return st;
}

/* Append n bytes to a growing buffer; 0 or -1. */
static int grow(char **b, size_t *len, const void *p, size_t n)
{
    char *g = realloc(*b, *len + n + 1);
    if (!g)
        return -1;
    memcpy(g + *len, p, n);
    *len += n;
    g[*len] = '\0';
    *b = g;
    return 0;
}

#define BOUNDARY "peerdesk-test-boundary-7MA4YWxkTrZu0gW"

/* One multipart text part. */
static int text_part(char **b, size_t *len, const char *name, const char *value)
{
    char head[256];
    int n = snprintf(head, sizeof head,
                     "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n", name);
    return grow(b, len, head, (size_t)n) | grow(b, len, value, strlen(value)) |
           grow(b, len, "\r\n", 2);
}

long th_post_file(th_sess *s, json_t *fields, const char *filename, const void *data, size_t len,
                  const char *path_fmt, ...)
{
    char path[2048];
    va_list ap;
    va_start(ap, path_fmt);
    vsnprintf(path, sizeof path, path_fmt, ap);
    va_end(ap);
    char *b = NULL;
    size_t n = 0;
    int rc = 0;
    const char *k;
    json_t *v;
    json_object_foreach(fields, k, v)
    {
        if (json_is_string(v))
            rc |= text_part(&b, &n, k, json_string_value(v));
    }
    json_decref(fields);
    if (s->csrf)
        rc |= text_part(&b, &n, "_csrf", s->csrf);
    char head[512];
    int hn = snprintf(head, sizeof head,
                      "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"file\"; "
                      "filename=\"%s\"\r\nContent-Type: application/octet-stream\r\n\r\n",
                      filename);
    rc |= grow(&b, &n, head, (size_t)hn) | grow(&b, &n, data, len);
    rc |= grow(&b, &n, "\r\n--" BOUNDARY "--\r\n", strlen("\r\n--" BOUNDARY "--\r\n"));
    long st = rc ? 0 : th_request(s, "POST", path, "multipart/form-data; boundary=" BOUNDARY, b, n);
    free(b);
    return st;
}

long th_login(th_sess *s, const char *org, const char *username, const char *password)
{
    json_t *b =
        json_pack("{s:s, s:s, s:s}", "org", org, "username", username, "password", password);
    long st = th_post(s, b, "/api/v1/login");
    if (st == 200)
        th_set_csrf(s, th_jstr(s, "csrf_token"));
    return st;
}

long th_status(th_sess *s)
{
    return s->status;
}

const char *th_body(th_sess *s)
{
    return s->body ? s->body : "";
}

const char *th_header(th_sess *s, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < s->nhdrs; i++) {
        const char *l = s->hdrs[i];
        if (strncasecmp(l, name, n) == 0 && l[n] == ':') {
            l += n + 1;
            while (*l == ' ')
                l++;
            return l;
        }
    }
    return NULL;
}

const char *th_set_cookie_header(th_sess *s, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < s->nhdrs; i++) {
        const char *l = s->hdrs[i];
        if (strncasecmp(l, "Set-Cookie:", 11) != 0)
            continue;
        l += 11;
        while (*l == ' ')
            l++;
        if (strncmp(l, name, n) == 0 && l[n] == '=')
            return l;
    }
    return NULL;
}

json_t *th_json(th_sess *s)
{
    if (!s->json_tried) {
        s->json_tried = 1;
        s->json = s->body ? json_loadb(s->body, s->len, 0, NULL) : NULL;
    }
    return s->json;
}

/* The value at a dotted path of the JSON body, or NULL. */
static json_t *jpath(th_sess *s, const char *path)
{
    json_t *j = th_json(s);
    char key[128];
    while (j && *path) {
        size_t n = strcspn(path, ".");
        if (n >= sizeof key)
            return NULL;
        memcpy(key, path, n);
        key[n] = '\0';
        /* "rows.0.user": a number steps into an array. */
        if (json_is_array(j) && n > 0 && strspn(key, "0123456789") == n)
            j = json_array_get(j, (size_t)strtoul(key, NULL, 10));
        else
            j = json_object_get(j, key);
        path += n + (path[n] == '.');
    }
    return j;
}

const char *th_jstr(th_sess *s, const char *path)
{
    return json_string_value(jpath(s, path));
}

int64_t th_jint(th_sess *s, const char *path)
{
    json_t *j = jpath(s, path);
    return json_is_integer(j) ? (int64_t)json_integer_value(j) : -1;
}

const char *th_last(th_sess *s)
{
    free(s->scratch);
    s->scratch = NULL;
    size_t blen = s->len < SHOW_MAX ? s->len : SHOW_MAX;
    const char *loc = th_header(s, "Location");
    if (asprintf(&s->scratch, "  request:  %s\n  response: %ld%s%s\n  body:     %.*s%s\n",
                 s->req_desc ? s->req_desc : "(none)", s->status, loc ? " Location: " : "",
                 loc ? loc : "", (int)blen, s->body ? s->body : "",
                 s->len > SHOW_MAX ? "..." : "") < 0)
        s->scratch = NULL;
    return s->scratch ? s->scratch : "";
}

const char *th_cookie(th_sess *s, const char *name)
{
    struct curl_slist *list = NULL;
    if (curl_easy_getinfo(s->c, CURLINFO_COOKIELIST, &list) != CURLE_OK)
        return NULL;
    free(s->scratch);
    s->scratch = NULL;
    /* Netscape format: domain, tailmatch, path, secure, expires, name, value. */
    for (struct curl_slist *x = list; x && !s->scratch; x = x->next) {
        const char *f = x->data;
        for (int tab = 0; tab < 5 && f; tab++)
            f = (f = strchr(f, '\t')) ? f + 1 : NULL;
        if (!f)
            continue;
        size_t n = strlen(name);
        if (strncmp(f, name, n) == 0 && f[n] == '\t')
            s->scratch = strdup(f + n + 1);
    }
    curl_slist_free_all(list);
    return s->scratch;
}

void th_put_cookie(th_sess *s, const char *name, const char *value)
{
    char line[1024];
    /* Host-only cookie for 127.0.0.1, path /, not secure, session lifetime. */
    snprintf(line, sizeof line, "127.0.0.1\tFALSE\t/\tFALSE\t0\t%s\t%s", name, value);
    curl_easy_setopt(s->c, CURLOPT_COOKIELIST, line);
}
