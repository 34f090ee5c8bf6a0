/* server.c - libmicrohttpd glue: limits, a per-request arena, security headers, static assets, access log. */
#include "server.h"

#include <arpa/inet.h>
#include <malloc.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "auth_store.h"
#include "db.h"
#include "embed.h"
#include "secret.h"
#include "http.h"
#include "jmem.h"
#include "mailer.h"
#include "ops_notify.h"
#include "validate.h"

/* Request headers and the URL must fit in this much connection memory;
 * beyond it libmicrohttpd answers 431. 32 KiB is far above any browser's
 * headers and keeps 256 connections under 10 MB. */
#define CONN_MEMORY_LIMIT (32 * 1024)
/* Longest path we route; ids and names are short, a long path is an attack. */
#define MAX_PATH 1024
/* Retry-After of a 503 for an unreachable database, in seconds (as text). */
#define STR_(x)        #x
#define STR(x)         STR_(x)
#define DB_RETRY_AFTER STR(DB_RETRY_AFTER_S)
/* GnuTLS priorities of the built-in TLS: TLS 1.2 and 1.3 only; in TLS 1.2 only key
 * exchanges with forward secrecy (ECDHE, DHE) and AEAD ciphers, as Mozilla's
 * "intermediate" profile. TLS 1.3 suites are all forward secret and AEAD. */
static char tls_priorities[] = "SECURE128:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:-KX-ALL:"
                               "+ECDHE-ECDSA:+ECDHE-RSA:+DHE-RSA:-CIPHER-ALL:+AES-256-GCM:"
                               "+AES-128-GCM:+CHACHA20-POLY1305:-MAC-ALL:+AEAD";

static const struct server_config *cfg;
static volatile sig_atomic_t stopping;

/* ---- the database connection pool ------------------------------------------
 * A request, a sign-in job and the session purge each take a connection for their unit of
 * work and give it back at its end. There are fewer connections than threads: PostgreSQL
 * runs a process per connection, and more busy backends than the database machine has cores
 * only queue on its CPUs and locks (server_db_conns: the cores by default). A thread that
 * finds every connection taken waits for one, at most POOL_WAIT_S seconds, then answers 503. */

#define MAX_DB_CONNS 256
/* A request that waits longer than this for a connection is answered 503: the database is
 * overwhelmed or stuck, and the client's retry is better than a pile of parked threads. */
#define POOL_WAIT_S 10

struct pool_conn {
    db *d;                 /* NULL until first used (or after a failed open) */
    int busy;              /* taken by a unit of work */
    time_t open_failed_at; /* the last failed open: retried at most once a second */
};
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pool_free = PTHREAD_COND_INITIALIZER;
static struct pool_conn pool[MAX_DB_CONNS];
static unsigned pool_size;
static _Thread_local struct pool_conn *thread_conn; /* what this thread holds now */
static int open_failing;                            /* logged once per run of failures */

unsigned server_db_conns(const struct server_config *c)
{
    unsigned n = c->db_conns;
    if (!n && c->db_url && strncmp(c->db_url, "sqlite:", 7) == 0)
        n = c->threads + PW_CONCURRENT + 1; /* in-process: one each, as many as may ask */
    if (!n) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        n = cores > 0 ? (unsigned)cores : 1;
    }
    if (n < 2)
        n = 2; /* a sign-in job and a request can always run side by side */
    return n > MAX_DB_CONNS ? MAX_DB_CONNS : n;
}

/* Take a free connection for a new unit of work, waiting for one if all are taken: opened on
 * first use, and a lost one opened again (db_ensure, with its backoff). NULL while the
 * database cannot be reached or no connection came free in time; the caller answers 503. A
 * failed open is retried at most once a second per connection and logged when opening starts
 * failing, not at every request. Give it back with thread_db_done (also after NULL). */
static db *thread_db(void)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += POOL_WAIT_S;
    pthread_mutex_lock(&pool_lock);
    struct pool_conn *pc = NULL;
    for (;;) {
        /* An open connection first: a new one costs a connect and fresh prepares. */
        for (unsigned i = 0; i < pool_size && !pc; i++)
            if (!pool[i].busy && pool[i].d)
                pc = &pool[i];
        for (unsigned i = 0; i < pool_size && !pc; i++)
            if (!pool[i].busy)
                pc = &pool[i];
        if (pc || pthread_cond_timedwait(&pool_free, &pool_lock, &until) != 0)
            break;
    }
    if (pc)
        pc->busy = 1;
    pthread_mutex_unlock(&pool_lock);
    thread_conn = pc;
    if (!pc) {
        fprintf(stderr, "peerdesk: database: no connection came free in %d s (all %u busy)\n",
                POOL_WAIT_S, pool_size);
        return NULL;
    }
    if (!pc->d) {
        time_t now = time(NULL);
        if (pc->open_failed_at && now - pc->open_failed_at < 1)
            return NULL;
        char err[256];
        db *d = db_open(cfg->db_url, err, sizeof err);
        pthread_mutex_lock(&pool_lock);
        int was_failing = open_failing;
        open_failing = !d;
        pthread_mutex_unlock(&pool_lock);
        if (!d) {
            if (!was_failing)
                fprintf(stderr, "peerdesk: database: %s\n", err);
            pc->open_failed_at = now;
            return NULL;
        }
        if (was_failing)
            fprintf(stderr, "peerdesk: database: connected\n");
        pc->open_failed_at = 0;
        pc->d = d;
    }
    return db_ensure(pc->d) == DB_OK ? pc->d : NULL;
}

/* Give back the connection thread_db took (none taken: nothing to do). */
static void thread_db_done(void)
{
    struct pool_conn *pc = thread_conn;
    if (!pc)
        return;
    thread_conn = NULL;
    pthread_mutex_lock(&pool_lock);
    pc->busy = 0;
    pthread_cond_signal(&pool_free);
    pthread_mutex_unlock(&pool_lock);
}

static void close_all_dbs(void)
{
    pthread_mutex_lock(&pool_lock);
    for (unsigned i = 0; i < pool_size; i++) {
        db_close(pool[i].d);
        pool[i].d = NULL;
    }
    pthread_mutex_unlock(&pool_lock);
}

/* ---- absolute deadlines per connection ----------------------------------
 * libmicrohttpd's connection timeout counts inactivity, so a client sending a
 * byte every few seconds would hold its connection (and, a thousand times over,
 * the server) forever. Each connection therefore has a deadline that bytes do
 * not move: HEADER_DEADLINE_S for the request line and headers (from the
 * connection's start, or from the end of the previous request on a kept-alive
 * connection), then BODY_DEADLINE_S or UPLOAD_DEADLINE_S for the whole body.
 * While the response goes out there is none (the inactivity timeout holds).
 * The main loop sweeps the table and shuts down every socket past its deadline;
 * libmicrohttpd then sees the end of the stream and closes the connection. */

/* Headers are a few hundred bytes: 15 s is ample on the slowest mobile link. */
#define HEADER_DEADLINE_S 15
/* A form body is at most body_limit (64 KiB by default). */
#define BODY_DEADLINE_S 30
/* 5 MiB in 60 s needs 90 KB/s, well under any link someone scans documents on. */
#define UPLOAD_DEADLINE_S 60
/* As MHD_OPTION_CONNECTION_LIMIT: one slot per connection. */
#define MAX_CONNECTIONS 1024

struct conn_slot {
    int used;
    int fd;
    int64_t deadline_us; /* 0: none */
};
static pthread_mutex_t slots_lock = PTHREAD_MUTEX_INITIALIZER;
static struct conn_slot slots[MAX_CONNECTIONS];

static int64_t now_us(void);

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    (void)cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        if (!ci)
            return;
        pthread_mutex_lock(&slots_lock);
        for (size_t i = 0; i < MAX_CONNECTIONS; i++) {
            if (!slots[i].used) {
                slots[i] = (struct conn_slot){1, ci->connect_fd,
                                              now_us() + HEADER_DEADLINE_S * 1000000LL};
                *socket_context = &slots[i];
                break;
            }
        }
        pthread_mutex_unlock(&slots_lock);
    } else if (code == MHD_CONNECTION_NOTIFY_CLOSED && *socket_context) {
        /* Called before libmicrohttpd closes the socket: under the lock, the sweep
         * never shuts down a descriptor that was closed and given to someone else. */
        pthread_mutex_lock(&slots_lock);
        ((struct conn_slot *)*socket_context)->used = 0;
        pthread_mutex_unlock(&slots_lock);
        *socket_context = NULL;
    }
}

/* Give connection c a deadline seconds from now (0: none). */
static void set_deadline(struct MHD_Connection *c, int seconds)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    struct conn_slot *slot = ci ? ci->socket_context : NULL;
    if (!slot)
        return;
    pthread_mutex_lock(&slots_lock);
    slot->deadline_us = seconds ? now_us() + seconds * 1000000LL : 0;
    pthread_mutex_unlock(&slots_lock);
}

/* Shut down every connection past its deadline. Returns how many. */
static int sweep_deadlines(void)
{
    int n = 0;
    int64_t now = now_us();
    pthread_mutex_lock(&slots_lock);
    for (size_t i = 0; i < MAX_CONNECTIONS; i++) {
        if (slots[i].used && slots[i].deadline_us && now > slots[i].deadline_us) {
            shutdown(slots[i].fd, SHUT_RDWR);
            slots[i].deadline_us = 0;
            n++;
        }
    }
    pthread_mutex_unlock(&slots_lock);
    return n;
}

/* ---- the sign-in threads (req_defer) -------------------------------------- */

/* As many threads as argon2id slots: each job hashes once. The queue holds those
 * waiting for a thread; a sign-in that finds it full is answered 503 at once. At
 * 20-100 ms a hash, the last in the queue waits well under a second. */
#define DEFER_THREADS PW_CONCURRENT
#define DEFER_QUEUE 8

enum { DEFER_NONE, DEFER_WANTED, DEFER_QUEUED, DEFER_DONE };

struct deferral {
    int state;
    void (*fn)(db *d, void *ctx);
    void *ctx;
    struct MHD_Connection *conn;
    struct deferral *next;
};

static pthread_mutex_t defer_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t defer_cond = PTHREAD_COND_INITIALIZER;
static struct deferral *defer_head, *defer_tail;
static int defer_taken; /* reserved by req_defer, queued or running */
static int defer_stopping;
static pthread_t defer_threads[DEFER_THREADS];

static db *thread_db(void);

int req_defer(struct req *r, void (*fn)(db *d, void *ctx), void *ctx)
{
    struct deferral *df = r->deferral;
    if (!df || df->state != DEFER_NONE)
        return -1;
    pthread_mutex_lock(&defer_lock);
    int ok = !defer_stopping && defer_taken < DEFER_THREADS + DEFER_QUEUE;
    if (ok)
        defer_taken++;
    pthread_mutex_unlock(&defer_lock);
    if (!ok)
        return -1;
    df->fn = fn;
    df->ctx = ctx;
    df->state = DEFER_WANTED; /* queued by the server once the connection is parked */
    return 0;
}

void *req_deferred(struct req *r)
{
    return r->deferral && r->deferral->state == DEFER_DONE ? r->deferral->ctx : NULL;
}

/* Park connection c (its handler asked for req_defer) and queue its job. */
static void defer_start(struct MHD_Connection *c, struct deferral *df)
{
    MHD_suspend_connection(c);
    df->conn = c;
    df->state = DEFER_QUEUED;
    df->next = NULL;
    pthread_mutex_lock(&defer_lock);
    if (defer_tail)
        defer_tail->next = df;
    else
        defer_head = df;
    defer_tail = df;
    pthread_cond_signal(&defer_cond);
    pthread_mutex_unlock(&defer_lock);
}

static void *defer_main(void *arg)
{
    (void)arg;
    for (;;) {
        pthread_mutex_lock(&defer_lock);
        /* When stopping, wait for every reserved job too: each is queued right after. */
        while (!defer_head && !(defer_stopping && defer_taken == 0))
            pthread_cond_wait(&defer_cond, &defer_lock);
        struct deferral *df = defer_head;
        if (!df) { /* stopping and nothing left */
            pthread_mutex_unlock(&defer_lock);
            return NULL;
        }
        defer_head = df->next;
        if (!defer_head)
            defer_tail = NULL;
        pthread_mutex_unlock(&defer_lock);

        db *d = thread_db();
        df->fn(d, df->ctx); /* fn reports a missing database itself */
        db_release(d);
        thread_db_done();
        df->state = DEFER_DONE;
        struct MHD_Connection *c = df->conn; /* df may be gone once c is resumed */
        pthread_mutex_lock(&defer_lock);
        defer_taken--;
        pthread_cond_broadcast(&defer_cond);
        pthread_mutex_unlock(&defer_lock);
        MHD_resume_connection(c); /* the handler runs again and answers */
    }
}

static int defer_init(void)
{
    for (int i = 0; i < DEFER_THREADS; i++)
        if (pthread_create(&defer_threads[i], NULL, defer_main, NULL) != 0)
            return -1;
    return 0;
}

/* Finish every queued job (each resumes its connection) and end the threads: before
 * MHD_stop_daemon, which must not find a parked connection. */
static void defer_stop(void)
{
    pthread_mutex_lock(&defer_lock);
    defer_stopping = 1;
    pthread_cond_broadcast(&defer_cond);
    pthread_mutex_unlock(&defer_lock);
    for (int i = 0; i < DEFER_THREADS; i++)
        pthread_join(defer_threads[i], NULL);
}

/* ---- per-connection request state -------------------------------------- */

struct rstate {
    arena *a;
    buf body;
    int too_large;
    size_t limit;       /* this request's body limit */
    int64_t start_us;
    struct deferral deferral; /* req_defer's job for this request */
};

static int64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static const char *hdr(struct req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

static const char *cookie(struct req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value)
{
    (void)kind;
    struct req *r = cls;
    if (param_add(r, key, strlen(key), value ? value : "", value ? strlen(value) : 0) != 0) {
        r->status = 400; /* too many parameters; reported after the walk */
        return MHD_NO;
    }
    return MHD_YES;
}

static void client_addr(struct req *r)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    char host[INET6_ADDRSTRLEN] = "?";
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, host, sizeof host);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, host, sizeof host);
    }
    r->client = arena_strdup(r->a, host);
    /* Behind a trusted proxy the client is the last address the proxy added;
     * earlier entries are whatever the client claimed and are not trusted. */
    if (cfg->trust_proxy_https) {
        const char *xff = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "X-Forwarded-For");
        const char *last = xff ? strrchr(xff, ',') : NULL;
        last = last ? last + 1 : xff;
        while (last && *last == ' ')
            last++;
        if (last && *last && strlen(last) < INET6_ADDRSTRLEN &&
            strspn(last, "0123456789abcdefABCDEF.:") == strlen(last))
            r->client = arena_strdup(r->a, last);
    }
}

/* ---- responses ---------------------------------------------------------- */

static void security_headers(struct MHD_Response *resp, int tls)
{
    MHD_add_response_header(resp, "Content-Security-Policy",
                            "default-src 'none'; script-src 'self'; style-src 'self'; "
                            "img-src 'self' data:; connect-src 'self'; form-action 'self'; "
                            "frame-ancestors 'none'; base-uri 'none'");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
    MHD_add_response_header(resp, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    if (tls)
        MHD_add_response_header(resp, "Strict-Transport-Security", "max-age=31536000");
}

/* The statements and round trips a request ran on its connection (db_counts), for the
 * debug mode; -1 when it ran none (no connection). */
struct req_counts {
    int64_t statements, round_trips;
};

static void access_log(const char *method, const char *route, int status, size_t bytes,
                       int64_t us, int64_t uid, const struct req_counts *qc)
{
    if (cfg->quiet)
        return;
    char ts[32];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
    /* Route pattern, not the path or query: no names or search terms in logs. */
    char extra[64] = "";
    if (qc)
        snprintf(extra, sizeof extra, ",\"statements\":%lld,\"round_trips\":%lld",
                 (long long)qc->statements, (long long)qc->round_trips);
    fprintf(stdout,
            "{\"t\":\"%s\",\"method\":\"%s\",\"route\":\"%s\",\"status\":%d,\"bytes\":%zu,"
            "\"us\":%lld,\"user\":%lld%s}\n",
            ts, method, route, status, bytes, (long long)us, (long long)uid, extra);
    fflush(stdout);
}

static enum MHD_Result send_response(struct MHD_Connection *c, struct req *r, int64_t start,
                                     const struct req_counts *qc)
{
    size_t len = r->out.len;
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(len, r->out.data ? r->out.data : (void *)"",
                                        MHD_RESPMEM_MUST_COPY);
    if (!resp)
        return MHD_NO;
    security_headers(resp, r->tls);
    if (r->ctype)
        MHD_add_response_header(resp, "Content-Type", r->ctype);
    if (r->location)
        MHD_add_response_header(resp, "Location", r->location);
    if (r->cache_static) {
        MHD_add_response_header(resp, "Cache-Control", "public, max-age=3600");
    } else {
        /* Pages hold health information: never store them in a shared cache
         * or in the browser's history cache. */
        MHD_add_response_header(resp, "Cache-Control", "no-store");
    }
    for (struct header *h = r->headers; h; h = h->next)
        MHD_add_response_header(resp, h->name, h->value);
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    set_deadline(c, 0); /* the response goes out under the inactivity timeout */
    access_log(r->method, r->route ? r->route->pattern : "-", r->status, len, now_us() - start,
               r->me.user_id, qc);
    return ret;
}

/* Static assets compiled into the binary, with an ETag for revalidation. */
static int serve_static(struct req *r)
{
    const char *name = r->path + strlen("/static/");
    const struct embedded *e = embedded_find(embedded_static, name);
    if (!e || strcmp(r->method, "GET") != 0)
        return reply_error(r, 404, "not_found", NULL, "There is nothing at this address.", NULL,
                           NULL, NULL);
    uint64_t h = 1469598103934665603ull; /* FNV-1a: a content hash is all an ETag needs */
    for (size_t i = 0; i < e->len; i++)
        h = (h ^ e->data[i]) * 1099511628211ull;
    char etag[24];
    snprintf(etag, sizeof etag, "\"%016llx\"", (unsigned long long)h);
    reply_header(r, "ETag", etag);
    r->cache_static = 1;
    const char *inm = r->header(r, "If-None-Match");
    const char *ext = strrchr(name, '.');
    const char *ctype = "application/octet-stream";
    if (ext && !strcmp(ext, ".css"))
        ctype = "text/css; charset=utf-8";
    else if (ext && !strcmp(ext, ".js"))
        ctype = "text/javascript; charset=utf-8";
    else if (ext && !strcmp(ext, ".svg"))
        ctype = "image/svg+xml";
    else if (ext && !strcmp(ext, ".txt"))
        ctype = "text/plain; charset=utf-8";
    if (inm && strcmp(inm, etag) == 0)
        return reply_raw(r, 304, ctype, "", 0);
    return reply_raw(r, 200, ctype, (const char *)e->data, e->len);
}

static void simple_error(struct req *r, int status, const char *code, const char *msg)
{
    r->api = 1; /* limits are hit before we know more: answer in JSON */
    reply_error(r, status, code, NULL, msg, NULL, NULL, NULL);
    render(r);
}

/* The database connection broke during this request (db_lost): whatever the handler made
 * of the failure (often a 500) becomes a 503 with Retry-After. Nothing it did after the
 * break reached the database, and a transaction open at the break was rolled back by the
 * server, so the request is not half-applied and the client may simply retry it. */
static void reply_store_lost(struct req *r)
{
    json_decref(r->model);
    r->model = NULL;
    r->tmpl = NULL;
    r->location = NULL;
    r->ctype = NULL;
    r->headers = NULL;
    r->status = 0;
    buf_free(&r->out);
    buf_init(&r->out);
    reply_header(r, "Retry-After", DB_RETRY_AFTER);
    reply_error(r, 503, "store", NULL, "The database is not reachable. Try again in a moment.",
                NULL, NULL, NULL);
}

/* Answer the request, or with admit_only (an upload route whose body has not come yet) run
 * only the route, authentication and role gates: MHD_YES without a response lets the body
 * come, a refusal is sent before a byte of it is buffered. */
static enum MHD_Result handle_request(struct MHD_Connection *c, struct rstate *st,
                                      const char *url, const char *method, int admit_only);

/* Answer (or admit) a request with its JSON values made in the request's arena (jmem.h):
 * the view model, the API's replies and their text go when the request does. */
static enum MHD_Result handle(struct MHD_Connection *c, struct rstate *st, const char *url,
                              const char *method, int admit_only)
{
    jmem_use(st->a);
    enum MHD_Result ret = handle_request(c, st, url, method, admit_only);
    jmem_use(NULL);
    return ret;
}

static enum MHD_Result handle_request(struct MHD_Connection *c, struct rstate *st,
                                      const char *url, const char *method, int admit_only)
{
    struct req r = {0};
    struct db_counts counts_before = {0};
    r.a = st->a;
    r.conn = c;
    r.header = hdr;
    r.cookie = cookie;
    r.method = method;
    r.deferral = &st->deferral;
    r.tls = cfg->tls_cert != NULL;
    if (cfg->trust_proxy_https) {
        const char *xfp = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-Proto");
        r.tls = r.tls || (xfp && !strcmp(xfp, "https"));
    }
    buf_init(&r.out);
    client_addr(&r);

    if (strlen(url) > MAX_PATH) {
        simple_error(&r, 414, "uri_too_long", "The address is too long.");
        goto send;
    }
    if (strncmp(url, "/api/v1/", 8) == 0) {
        r.api = 1;
        r.path = arena_strdup(r.a, url + 7);
    } else {
        r.path = arena_strdup(r.a, url);
    }
    if (st->too_large) {
        simple_error(&r, 413, "too_large", "The request body is larger than peerdesk accepts.");
        goto send;
    }
    if (!r.api && strncmp(r.path, "/static/", 8) == 0) {
        serve_static(&r);
        goto send;
    }
    r.db = thread_db();
    db_counts(r.db, &counts_before);
    if (!r.db) {
        reply_header(&r, "Retry-After", DB_RETRY_AFTER);
        simple_error(&r, 503, "store", "The database is not reachable.");
        goto send;
    }
    if (admit_only) {
        if (dispatch_admit(&r)) {
            db_release(r.db);
            thread_db_done();
            json_decref(r.model);
            buf_free(&r.out);
            return MHD_YES;
        }
        render(&r);
        goto send;
    }

    /* A state change reads its body only: parameters (and a CSRF token) in the
     * query string would end up in logs, history and Referer headers. */
    int state_change = strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0;
    if (!state_change)
        MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_arg, &r);
    int too_many = r.status == 400;
    r.content_type = hdr(&r, "Content-Type");
    if (!too_many && st->body.len) {
        r.body = st->body.data;
        r.body_len = st->body.len;
        const char *ct = r.content_type;
        int rc = 0;
        /* The media type exactly, parameters aside: application/jsonXYZ is not JSON. */
        if (media_type_is(ct, "application/json")) {
            rc = parse_json_body(&r, r.body, r.body_len);
        } else if (media_type_is(ct, "application/x-www-form-urlencoded")) {
            rc = parse_urlencoded(&r, r.body, r.body_len);
        } else if (media_type_is(ct, "multipart/form-data") && st->limit == UPLOAD_LIMIT) {
            /* Only upload routes read multipart: elsewhere a cross-site form could
             * post it without a preflight. */
            rc = parse_multipart(&r, ct, r.body, r.body_len);
        } else {
            simple_error(&r, 415, "unsupported_media_type",
                         "Send application/json, a form (application/x-www-form-urlencoded) or "
                         "multipart/form-data with a file.");
            goto send;
        }
        if (rc == -2) {
            simple_error(&r, 400, "bad_body", "The body could not be read as fields.");
            goto send;
        }
        too_many = rc == -1;
    }
    if (too_many) {
        r.status = 0;
        simple_error(&r, 400, "too_many_parameters", "The request has too many parameters.");
        goto send;
    }
    /* The API takes JSON bodies only: a cross-site form cannot send
     * application/json without a CORS preflight, which we never grant. */
    if (r.api && st->body.len && !media_type_is(r.content_type, "application/json") &&
        !media_type_is(r.content_type, "multipart/form-data")) {
        simple_error(&r, 415, "unsupported_media_type", "The API accepts application/json bodies.");
        goto send;
    }
    dispatch(&r);
    if (st->deferral.state == DEFER_WANTED) {
        /* The handler's slow part runs on a sign-in thread; it is called again after. */
        db_release(r.db);
        thread_db_done();
        json_decref(r.model);
        buf_free(&r.out);
        defer_start(c, &st->deferral);
        return MHD_YES;
    }
    if (db_lost(r.db))
        reply_store_lost(&r);
    render(&r);
send:
    /* Every unit of work ends with its request: a transaction left open here would keep this
     * thread's later requests inside it (unseen writes, an old snapshot). A handler that
     * forgets to end one is a bug: say so, and end it by rolling it back. */
    if (r.db && db_in_tx(r.db)) {
        fprintf(stderr, "peerdesk: bug: %s %s left a transaction open; it was rolled back\n",
                method, url);
        while (db_in_tx(r.db))
            db_rollback(r.db);
    }
    db_release(r.db);
    struct req_counts qc = {-1, -1};
    if (cfg->debug_queries && r.db) {
        struct db_counts after;
        db_counts(r.db, &after);
        qc.statements = (int64_t)(after.statements - counts_before.statements);
        qc.round_trips = (int64_t)(after.round_trips - counts_before.round_trips);
        reply_header(&r, "X-Peerdesk-Statements", arena_printf(r.a, "%lld", (long long)qc.statements));
        reply_header(&r, "X-Peerdesk-Round-Trips",
                     arena_printf(r.a, "%lld", (long long)qc.round_trips));
    }
    thread_db_done();
    enum MHD_Result ret = send_response(c, &r, st->start_us, cfg->debug_queries ? &qc : NULL);
    json_decref(r.model);
    buf_free(&r.out);
    return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
    (void)cls;
    (void)version;
    struct rstate *st = *con_cls;
    if (!st) {
        st = calloc(1, sizeof *st);
        if (!st)
            return MHD_NO;
        st->a = arena_new();
        st->start_us = now_us();
        buf_init(&st->body);
        st->limit = route_body_limit(method, url, cfg->body_limit);
        /* The headers are in: the body now has its own fixed time. */
        set_deadline(c, st->limit > cfg->body_limit ? UPLOAD_DEADLINE_S : BODY_DEADLINE_S);
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
        if (cl && strtoull(cl, NULL, 10) > st->limit)
            st->too_large = 1;
        *con_cls = st;
        if (st->too_large)
            return handle(c, st, url, method, 0); /* answer before reading the body */
        /* Megabytes of upload are buffered only for a signed-in user whose role may use
         * the route: the session or token and the role are checked now, from the headers,
         * and anyone else is answered before the body is read. */
        if (st->limit > cfg->body_limit)
            return handle(c, st, url, method, 1);
        return MHD_YES;
    }
    if (*upload_size) {
        if (!st->too_large && st->body.len + *upload_size > st->limit) {
            st->too_large = 1;
            buf_free(&st->body);
        }
        if (!st->too_large)
            buf_putn(&st->body, upload, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }
    set_deadline(c, 0); /* the body is complete: the handler's time is not the client's */
    return handle(c, st, url, method, 0);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)toe;
    /* A kept-alive connection has HEADER_DEADLINE_S for its next request. */
    set_deadline(c, HEADER_DEADLINE_S);
    struct rstate *st = *con_cls;
    if (!st)
        return;
    buf_free(&st->body);
    arena_free(st->a);
    free(st);
    *con_cls = NULL;
}

void server_config_defaults(struct server_config *c)
{
    memset(c, 0, sizeof *c);
    c->listen = "127.0.0.1:8080";
    c->threads = 8;
    /* 64 KiB: the largest form (organization settings) is a few KiB;
     * uploads get their own limits on their own routes. */
    c->body_limit = 64 * 1024;
    c->timeout_s = 30;
}

static void on_signal(int sig)
{
    (void)sig;
    stopping = 1;
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    buf b;
    buf_init(&b);
    char tmp[4096];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
        buf_putn(&b, tmp, n);
    fclose(f);
    return buf_steal(&b);
}

static int resolve(const char *listen, struct sockaddr_storage *ss)
{
    char host[256];
    const char *colon = strrchr(listen, ':');
    if (!colon || (size_t)(colon - listen) >= sizeof host)
        return -1;
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = '\0';
    if (host[0] == '[') { /* [::1]:8080 */
        memmove(host, host + 1, strlen(host));
        host[strlen(host) - 1] = '\0';
    }
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_PASSIVE | AI_NUMERICSERV};
    struct addrinfo *res = NULL;
    if (getaddrinfo(host[0] ? host : NULL, colon + 1, &hints, &res) != 0 || !res)
        return -1;
    memcpy(ss, res->ai_addr, res->ai_addrlen);
    freeaddrinfo(res);
    return 0;
}

static void purge_sessions(void)
{
    /* Longest limits any policy allows; each lookup enforces the org's own. */
    db *d = thread_db();
    if (d) {
        int64_t t = (int64_t)time(NULL);
        sessions_purge(d, t - 240 * 60, t - 72 * 3600);
    }
    db_release(d);
    thread_db_done();
}

int server_run(const struct server_config *c)
{
    cfg = c;
    pool_size = server_db_conns(c);
    struct sockaddr_storage ss;
    if (resolve(c->listen, &ss) != 0) {
        fprintf(stderr, "peerdesk: cannot use listen address '%s' (expected HOST:PORT)\n",
                c->listen);
        return 2;
    }
    char *cert = NULL, *key = NULL;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG | MHD_USE_AUTO |
                     MHD_ALLOW_SUSPEND_RESUME;
    if (c->tls_cert || c->tls_key) {
        cert = c->tls_cert ? read_file(c->tls_cert) : NULL;
        key = c->tls_key ? read_file(c->tls_key) : NULL;
        if (!cert || !key) {
            fprintf(stderr, "peerdesk: TLS needs readable --tls-cert and --tls-key files\n");
            free(cert);
            free(key);
            return 2;
        }
        flags |= MHD_USE_TLS;
    }
    if (ss.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    /* Every page template compiles now, before any thread renders, or the server does not
     * start: a broken template is found at start, not by the first visitor of its page. */
    char terr[256];
    if (render_init(embedded_templates, terr, sizeof terr) != 0) {
        fprintf(stderr, "peerdesk: %s\n", terr);
        free(cert);
        free(key);
        return 1;
    }
    struct MHD_OptionItem tls_opts[] = {
        {MHD_OPTION_HTTPS_MEM_CERT, 0, cert},
        {MHD_OPTION_HTTPS_MEM_KEY, 0, key},
        {MHD_OPTION_HTTPS_PRIORITIES, 0, tls_priorities},
        {MHD_OPTION_END, 0, NULL},
    };
    struct MHD_OptionItem none[] = {{MHD_OPTION_END, 0, NULL}};
    /* Freed request memory (view models, responses) stays with the allocator for the next
     * request instead of going back to the kernel after each one: every return is an
     * madvise that flushes the TLB on every core, which was a quarter of the CPU under load
     * (bench/RESULTS.md). Up to 4 MiB per allocator arena is kept; blocks of 1 MiB and more
     * (a large export, an upload) are mapped and unmapped on their own, so a request that
     * grew large still gives its memory back. */
    mallopt(M_MMAP_THRESHOLD, 1 << 20);
    mallopt(M_TRIM_THRESHOLD, 4 << 20);
    if (defer_init() != 0) {
        fprintf(stderr, "peerdesk: cannot start the sign-in threads\n");
        render_done();
        free(cert);
        free(key);
        return 1;
    }
    /* The mail thread, before the request threads that wake it (GR-5: notices by e-mail,
     * escalations). */
    struct mailer_config mc = {.db_url = c->db_url, .smtp_url = c->smtp_url,
                               .smtp_user = c->smtp_user, .smtp_password = c->smtp_password,
                               .mail_from = c->mail_from};
    char merr[256];
    int bad_mail = mailer_check(&mc, merr, sizeof merr);
    if (bad_mail || mailer_start(&mc) != 0) {
        fprintf(stderr, "peerdesk: mail: %s\n", bad_mail ? merr : "cannot start the mail thread");
        defer_stop();
        render_done();
        free(cert);
        free(key);
        return 1;
    }
    notify_configure(c->public_url, mailer_wake);
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
        MHD_OPTION_THREAD_POOL_SIZE, c->threads, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)CONN_MEMORY_LIMIT, MHD_OPTION_CONNECTION_TIMEOUT, c->timeout_s,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_NOTIFY_CONNECTION,
        on_connection, NULL,
        /* Bounded connections bound worst-case buffering. No per-address limit: behind a
         * reverse proxy every request comes from one address (limit per client there). */
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)MAX_CONNECTIONS, MHD_OPTION_ARRAY,
        cert ? tls_opts : none, MHD_OPTION_END);
    if (!d) {
        defer_stop();
        notify_configure(NULL, NULL);
        mailer_stop();
        render_done();
        fprintf(stderr, "peerdesk: cannot listen on %s\n", c->listen);
        free(cert);
        free(key);
        return 1;
    }
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGPIPE, SIG_IGN);
    fprintf(stderr, "peerdesk: listening on %s://%s (%u threads, up to %u database connections)\n",
            cert ? "https" : "http", c->listen, c->threads, pool_size);
    int tick = 0;
    while (!stopping) {
        usleep(200 * 1000);
        sweep_deadlines();
        if (++tick % 300 == 0) /* once a minute */
            purge_sessions();
    }
    /* The sign-in jobs finish and resume their connections before the daemon stops. */
    defer_stop();
    MHD_stop_daemon(d);
    notify_configure(NULL, NULL);
    mailer_stop();
    close_all_dbs();
    render_done();
    free(cert);
    free(key);
    fprintf(stderr, "peerdesk: stopped\n");
    return 0;
}
