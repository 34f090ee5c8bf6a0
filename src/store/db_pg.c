/* db_pg.c - the PostgreSQL backend of the store: libpq, server-side prepared statements. */
#include "db_backend.h"

#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>
#include <sodium.h>

#define PG_BYTEA_OID  17    /* pg_type.oid of bytea (server header catalog/pg_type_d.h) */
#define PG_MAX_PARAMS 65535 /* the wire protocol's limit on bind parameters */

struct pg_stmt {
    struct db_stmt base;
    enum q_id q;
    char name[16]; /* server-side name, "q<N>" */
    int nparams;
    char **val;   /* owned copies of the bound values; NULL is SQL NULL */
    size_t *cap;  /* bytes owned at val[i], wiped before free */
    int *len;     /* PQexecPrepared's paramLengths */
    int *fmt;     /* and paramFormats: 0 text, 1 binary */
    int bad_bind; /* an out-of-range index was bound (the first is bad_index); step fails */
    int bad_index;
    int executed;         /* PQexecPrepared ran since the last prep */
    int rc;               /* its outcome: DB_OK or negative */
    PGresult *res;        /* its rows */
    int row;              /* current row, -1 before the first */
    unsigned char **blob; /* decoded bytea of the current row, per column (nblob) */
    size_t *blob_len;
    int nblob; /* allocated at the first col_blob: the column count is fixed */
};

struct pg_db {
    struct db base;
    PGconn *conn;
    char err[512];
    struct pg_stmt *stmts[Q__COUNT]; /* prepared on first use */
};

static struct pg_db *PG(db *d)
{
    return (struct pg_db *)d;
}

static struct pg_stmt *ST(db_stmt *s)
{
    return (struct pg_stmt *)s;
}

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        abort();
    return p;
}

/* Store "what: msg" (or just msg) as the connection's error, on one line: messages
 * can quote a bad value, and a newline in it must not forge a log line. */
static void set_err(struct pg_db *d, const char *what, const char *msg)
{
    snprintf(d->err, sizeof d->err, "%s%s%s", what ? what : "", what ? ": " : "",
             msg && *msg ? msg : "unknown PostgreSQL error");
    for (char *c = d->err; *c; c++)
        if (*c == '\n' || *c == '\r' || *c == '\t')
            *c = ' ';
    size_t n = strlen(d->err);
    while (n > 0 && d->err[n - 1] == ' ')
        d->err[--n] = '\0';
}

/* The server ended the session: class 08 (connection exception) or 57P01..57P05
 * (shutdown, crash, not accepting connections, idle timeout). */
static int session_ended(const char *state)
{
    return state && (!strncmp(state, "08", 2) || !strncmp(state, "57P0", 4));
}

/* Failures of the system, not of the statement: class 53 (insufficient resources: disk
 * full, out of memory), 58 (system error: I/O), XX (internal error), and 25006 (read-only:
 * the server is a standby, as after a failover). The write path's health counts these. */
static int system_failure(const char *state)
{
    return state && (!strncmp(state, "53", 2) || !strncmp(state, "58", 2) ||
                     !strncmp(state, "XX", 2) || !strcmp(state, "25006"));
}

/* DB_OK if r finished as a command or a row set; else record the error and map its
 * SQLSTATE. A NULL r (out of memory, lost connection) takes the connection's message.
 * A broken connection is marked lost (db_mark_lost). */
static int check(struct pg_db *d, const PGresult *r, const char *what)
{
    ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    d->base.sys_err = 0;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY)
        return DB_OK;
    set_err(d, what, r ? PQresultErrorMessage(r) : PQerrorMessage(d->conn));
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    if (PQstatus(d->conn) != CONNECTION_OK || session_ended(state)) {
        db_mark_lost(&d->base, d->err);
        return DB_ERR;
    }
    if (!state)
        return DB_ERR;
    d->base.sys_err = system_failure(state);
    if (strncmp(state, "23", 2) == 0)
        return DB_CONSTRAINT;
    if (!strcmp(state, "40001") || !strcmp(state, "40P01") || !strcmp(state, "55P03"))
        return DB_BUSY;
    return DB_ERR;
}

/* The lexical state after the token at c, and its width: 0 (plain SQL), '\'' or '"'
 * (inside a literal or quoted identifier), '-' (line comment) or '*' (block comment).
 * A doubled quote leaves and re-enters the literal, which comes to the same. */
static char scan(char in, const char *c, int *width)
{
    *width = 1;
    if (!in && (*c == '\'' || *c == '"'))
        return *c;
    if ((!in && c[0] == '-' && c[1] == '-') || (!in && c[0] == '/' && c[1] == '*')) {
        *width = 2;
        return c[0] == '-' ? '-' : '*';
    }
    if (((in == '\'' || in == '"') && *c == in) || (in == '-' && *c == '\n'))
        return 0;
    if (in == '*' && c[0] == '*' && c[1] == '/') {
        *width = 2;
        return 0;
    }
    return in;
}

/* Rewrite '?' placeholders to $1..$n, leaving those in literals, quoted identifiers
 * and comments alone. Returns malloc'd SQL, or NULL for a numbered "?NNN" (SQLite
 * only) placeholder or more than the protocol allows. */
static char *rewrite(const char *sql, int *n)
{
    size_t len = strlen(sql), marks = 0;
    for (const char *c = sql; *c; c++)
        marks += *c == '?';
    char *out = xcalloc(len + marks * 5 + 1, 1), *o = out;
    char in = 0;
    *n = 0;
    for (const char *c = sql; *c;) {
        if (!in && *c == '?') {
            if ((c[1] >= '0' && c[1] <= '9') || *n >= PG_MAX_PARAMS)
                goto fail;
            o += snprintf(o, 8, "$%d", ++*n); /* at most "$65535" */
            c++;
            continue;
        }
        int w;
        in = scan(in, c, &w);
        memcpy(o, c, (size_t)w);
        o += w;
        c += w;
    }
    return out;
fail:
    free(out);
    return NULL;
}

/* Forget bound value i (0-based), wiping it: it may be a password hash or a token. */
static void param_clear(struct pg_stmt *s, int i)
{
    if (s->val[i]) {
        sodium_memzero(s->val[i], s->cap[i]);
        free(s->val[i]);
    }
    s->val[i] = NULL;
    s->cap[i] = 0;
    s->len[i] = s->fmt[i] = 0;
}

/* Drop the decoded blobs of the current row (wiped: they may be key material). */
static void blobs_clear(struct pg_stmt *s)
{
    for (int i = 0; i < s->nblob; i++) {
        if (s->blob[i]) {
            sodium_memzero(s->blob[i], s->blob_len[i]);
            PQfreemem(s->blob[i]);
        }
        s->blob[i] = NULL;
    }
}

/* Back to the just-prepared state: no result, no bindings. */
static void stmt_reset(struct pg_stmt *s)
{
    blobs_clear(s);
    PQclear(s->res);
    s->res = NULL;
    for (int i = 0; i < s->nparams; i++)
        param_clear(s, i);
    s->bad_bind = s->bad_index = s->executed = s->rc = 0;
    s->row = -1;
}

static void stmt_free(struct pg_stmt *s)
{
    if (!s)
        return;
    stmt_reset(s);
    free(s->blob);
    free(s->blob_len);
    free(s->val);
    free(s->cap);
    free(s->len);
    free(s->fmt);
    free(s);
}

/* Rewrite q and PQprepare it on the server; NULL with the error set on failure. */
static struct pg_stmt *stmt_new(struct pg_db *d, enum q_id q)
{
    char what[96];
    snprintf(what, sizeof what, "prepare %s", q_name[q]);
    int n;
    char *sql = rewrite(q_sql[q], &n);
    if (!sql) {
        set_err(d, what, "numbered ?NNN placeholders or more than 65535 are not supported");
        return NULL;
    }
    struct pg_stmt *s = xcalloc(1, sizeof *s);
    s->base.owner = &d->base;
    s->q = q;
    snprintf(s->name, sizeof s->name, "q%d", (int)q);
    d->base.n_round_trips++;
    PGresult *r = PQprepare(d->conn, s->name, sql, 0, NULL);
    int rc = check(d, r, what);
    PQclear(r);
    free(sql);
    if (rc != DB_OK)
        goto fail;
    s->nparams = n;
    s->val = xcalloc((size_t)n, sizeof *s->val);
    s->cap = xcalloc((size_t)n, sizeof *s->cap);
    s->len = xcalloc((size_t)n, sizeof *s->len);
    s->fmt = xcalloc((size_t)n, sizeof *s->fmt);
    s->row = -1;
    return s;
fail:
    free(s);
    return NULL;
}

static db_stmt *pg_prep(db *dd, enum q_id q)
{
    struct pg_db *d = PG(dd);
    if ((unsigned)q >= Q__COUNT) {
        set_err(d, "prepare", "no such query");
        return NULL;
    }
    if (!d->stmts[q])
        d->stmts[q] = stmt_new(d, q);
    if (!d->stmts[q])
        return NULL;
    stmt_reset(d->stmts[q]);
    return &d->stmts[q]->base;
}

/* Make room for n bytes at 1-based index i, dropping the old value; NULL for a NULL
 * value, or an index out of range or too long (remembered, so step fails). */
static char *slot(db_stmt *ss, int i, const void *v, size_t n, int fmt)
{
    struct pg_stmt *s = ST(ss);
    if (i < 1 || i > s->nparams || n > INT_MAX) {
        if (!s->bad_bind)
            s->bad_index = i;
        s->bad_bind = 1;
        return NULL;
    }
    param_clear(s, i - 1);
    if (!v)
        return NULL;
    s->cap[i - 1] = n + 1;
    s->len[i - 1] = (int)n;
    s->fmt[i - 1] = fmt;
    return s->val[i - 1] = xcalloc(1, n + 1);
}

static void pg_bind_int(db_stmt *s, int i, int64_t v)
{
    char num[24];
    int n = snprintf(num, sizeof num, "%" PRId64, v);
    char *p = slot(s, i, num, (size_t)n, 0);
    if (p)
        memcpy(p, num, (size_t)n);
}

static void pg_bind_text(db_stmt *s, int i, const char *v)
{
    size_t n = v ? strlen(v) : 0;
    char *p = slot(s, i, v, n, 0);
    if (p)
        memcpy(p, v, n);
}

static void pg_bind_blob(db_stmt *s, int i, const void *v, size_t n)
{
    char *p = slot(s, i, v, n, 1);
    if (p)
        memcpy(p, v, n);
}

static void pg_bind_null(db_stmt *s, int i)
{
    slot(s, i, NULL, 0, 0);
}

/* Send the bound values and fetch the whole result. */
static int execute(struct pg_stmt *s)
{
    struct pg_db *d = PG(s->base.owner);
    if (s->bad_bind) {
        snprintf(d->err, sizeof d->err, "%s: bind index %d out of range 1..%d (or value too long)",
                 q_name[s->q], s->bad_index, s->nparams);
        d->base.sys_err = 0;
        return DB_ERR;
    }
    d->base.n_round_trips++;
    s->res = PQexecPrepared(d->conn, s->name, s->nparams, (const char *const *)s->val, s->len,
                            s->fmt, 0);
    int rc = check(d, s->res, q_name[s->q]);
    if (rc != DB_OK) {
        PQclear(s->res);
        s->res = NULL;
    }
    return rc;
}

/* db_pipeline: send every statement that has not run, one Sync, then take each result in
 * order. A statement after a failed one gets PGRES_PIPELINE_ABORTED: it fails as well, and
 * the connection's error stays the first failure's. If the pipeline cannot be left cleanly
 * the connection is marked lost, so db_ensure opens a fresh one. */
static int pg_pipeline(db *dd, db_stmt *const *ss, int n)
{
    struct pg_db *d = PG(dd);
    struct pg_stmt *sent[DB_PIPELINE_MAX];
    int nsent = 0, rc = DB_OK;
    if (PQenterPipelineMode(d->conn) != 1)
        return DB_OK; /* each statement runs at its first step instead */
    for (int i = 0; i < n; i++) {
        struct pg_stmt *s = ss[i] ? ST(ss[i]) : NULL;
        if (!s || s->executed || s->bad_bind)
            continue; /* a bad binding fails at its own step */
        if (!PQsendQueryPrepared(d->conn, s->name, s->nparams, (const char *const *)s->val,
                                 s->len, s->fmt, 0))
            break;
        s->executed = 1;
        s->rc = DB_ERR;
        sent[nsent++] = s;
    }
    d->base.n_round_trips++;
    int synced = PQpipelineSync(d->conn) == 1;
    int broken = !synced;
    for (int k = 0; k < nsent; k++) {
        struct pg_stmt *s = sent[k];
        PGresult *r = broken ? NULL : PQgetResult(d->conn);
        if (!r) {
            if (!broken)
                check(d, NULL, q_name[s->q]); /* the connection's error; marks it lost */
            broken = 1;
            continue;
        }
        if (PQresultStatus(r) == PGRES_PIPELINE_ABORTED) {
            PQclear(r);
        } else {
            s->rc = check(d, r, q_name[s->q]);
            if (s->rc == DB_OK)
                s->res = r;
            else
                PQclear(r);
        }
        for (PGresult *more; (more = PQgetResult(d->conn));) /* the NULL that ends it */
            PQclear(more);
    }
    if (!broken) {
        PGresult *r = PQgetResult(d->conn); /* PGRES_PIPELINE_SYNC */
        broken = !r || PQresultStatus(r) != PGRES_PIPELINE_SYNC;
        PQclear(r);
    }
    if (PQexitPipelineMode(d->conn) != 1 || broken) {
        if (!d->base.lost) {
            set_err(d, "pipeline", PQerrorMessage(d->conn));
            db_mark_lost(dd, d->err);
        }
        rc = DB_ERR;
    }
    return rc;
}

static int pg_step(db_stmt *ss)
{
    struct pg_stmt *s = ST(ss);
    blobs_clear(s);
    if (!s->executed) {
        s->executed = 1;
        s->rc = execute(s);
    }
    if (s->rc != DB_OK)
        return s->rc;
    if (s->row < PQntuples(s->res))
        s->row++;
    return s->row < PQntuples(s->res) ? DB_ROW : DB_OK;
}

/* The current row's value of col, or NULL when there is no such cell or it is NULL. */
static const char *pg_col_text(db_stmt *ss, int col)
{
    struct pg_stmt *s = ST(ss);
    if (!s->res || s->row < 0 || s->row >= PQntuples(s->res))
        return NULL;
    if (col < 0 || col >= PQnfields(s->res) || PQgetisnull(s->res, s->row, col))
        return NULL;
    return PQgetvalue(s->res, s->row, col);
}

static int pg_col_count(db_stmt *s)
{
    return ST(s)->res ? PQnfields(ST(s)->res) : 0;
}

static int pg_col_isnull(db_stmt *s, int col)
{
    return pg_col_text(s, col) == NULL;
}

static int64_t pg_col_int(db_stmt *s, int col)
{
    const char *v = pg_col_text(s, col);
    if (!v)
        return 0;
    if ((v[0] == 't' || v[0] == 'f') && v[1] == '\0') /* boolean */
        return v[0] == 't';
    return strtoll(v, NULL, 10);
}

/* bytea arrives as text ("\x..." hex); decode it once per row and column. Other
 * types give their text bytes, as SQLite does for a text value. */
static const void *pg_col_blob(db_stmt *ss, int col, size_t *n)
{
    struct pg_stmt *s = ST(ss);
    const char *v = pg_col_text(ss, col);
    *n = 0;
    if (!v)
        return NULL;
    if (PQftype(s->res, col) != PG_BYTEA_OID) {
        *n = (size_t)PQgetlength(s->res, s->row, col);
        return v;
    }
    if (!s->blob) {
        s->nblob = PQnfields(s->res);
        s->blob = xcalloc((size_t)s->nblob, sizeof *s->blob);
        s->blob_len = xcalloc((size_t)s->nblob, sizeof *s->blob_len);
    }
    if (col >= s->nblob) /* cannot happen: a prepared statement's row shape is fixed */
        return NULL;
    if (!s->blob[col])
        s->blob[col] = PQunescapeBytea((const unsigned char *)v, &s->blob_len[col]);
    if (!s->blob[col])
        abort(); /* PQunescapeBytea fails only when out of memory */
    *n = s->blob_len[col];
    return s->blob[col];
}

static int64_t pg_changes(db_stmt *s)
{
    return ST(s)->res ? strtoll(PQcmdTuples(ST(s)->res), NULL, 10) : 0;
}

/* PQexec sql; errors are labelled with what (NULL: the server's message alone). */
static int simple(struct pg_db *d, const char *sql, const char *what)
{
    d->base.n_round_trips++;
    PGresult *r = PQexec(d->conn, sql);
    int rc = check(d, r, what);
    PQclear(r);
    return rc;
}

static int pg_exec_script(db *d, const char *sql)
{
    return simple(PG(d), sql, NULL);
}

static int pg_begin(db *d)
{
    return simple(PG(d), "BEGIN", "BEGIN");
}

/* COMMIT of a transaction that an earlier error aborted "succeeds" with the
 * command tag ROLLBACK; report that as the failure it is. */
static int pg_commit(db *dd)
{
    struct pg_db *d = PG(dd);
    d->base.n_round_trips++;
    PGresult *r = PQexec(d->conn, "COMMIT");
    int rc = check(d, r, "COMMIT");
    if (rc == DB_OK && strcmp(PQcmdStatus(r), "ROLLBACK") == 0) {
        set_err(d, "COMMIT", "the transaction was aborted by an earlier error and rolled back");
        rc = DB_ERR;
    }
    PQclear(r);
    return rc;
}

/* With no transaction open (a failed COMMIT has ended it) there is nothing to
 * do, and no "there is no transaction in progress" warning on stderr. */
static int pg_rollback(db *d)
{
    if (PQtransactionStatus(PG(d)->conn) == PQTRANS_IDLE)
        return DB_OK;
    return simple(PG(d), "ROLLBACK", "ROLLBACK");
}

static const char *pg_errmsg(const db *d)
{
    return ((const struct pg_db *)d)->err;
}

/* Forget every prepared statement (the server forgets them with the session). */
static void stmts_free(struct pg_db *d)
{
    for (int i = 0; i < Q__COUNT; i++) {
        stmt_free(d->stmts[i]);
        d->stmts[i] = NULL;
    }
}

static void pg_close(db *dd)
{
    struct pg_db *d = PG(dd);
    stmts_free(d);
    PQfinish(d->conn);
    free(d);
}

/* An idle connection learns that the server went (restart, crash, failover, an
 * administrator's pg_terminate_backend) only by reading: the server's last words and the
 * end of the stream are waiting on the socket. Read what is there without blocking (a few
 * rounds: the goodbye and the end may come apart), so the next request meets a connection
 * already known lost instead of failing on it. */
static void pg_ping(db *dd)
{
    struct pg_db *d = PG(dd);
    for (int round = 0; round < 4 && PQstatus(d->conn) == CONNECTION_OK; round++) {
        struct pollfd p = {.fd = PQsocket(d->conn), .events = POLLIN};
        if (p.fd < 0 || poll(&p, 1, 0) <= 0)
            break;
        if (!PQconsumeInput(d->conn))
            break;
    }
    if (PQstatus(d->conn) != CONNECTION_OK) {
        set_err(d, NULL, PQerrorMessage(d->conn));
        db_mark_lost(dd, d->err);
    }
}

static int configure(struct pg_db *d);

/* Connect again with the same parameters; the statements are prepared again on first use. */
static int pg_reconnect(db *dd)
{
    struct pg_db *d = PG(dd);
    stmts_free(d);
    PQreset(d->conn);
    if (PQstatus(d->conn) != CONNECTION_OK) {
        set_err(d, "cannot connect to PostgreSQL", PQerrorMessage(d->conn));
        return DB_ERR;
    }
    return configure(d);
}

static const struct db_ops pg_ops = {
    .close = pg_close,
    .errmsg = pg_errmsg,
    .exec_script = pg_exec_script,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .prep = pg_prep,
    .bind_int = pg_bind_int,
    .bind_text = pg_bind_text,
    .bind_blob = pg_bind_blob,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .col_count = pg_col_count,
    .col_isnull = pg_col_isnull,
    .col_int = pg_col_int,
    .col_text = pg_col_text,
    .col_blob = pg_col_blob,
    .changes = pg_changes,
    .pipeline = pg_pipeline,
    .ping = pg_ping,
    .reconnect = pg_reconnect,
};

/* Set up a new session (after the first connect and after each reconnect): see db_pg_open. */
static int configure(struct pg_db *d)
{
    PQsetErrorVerbosity(d->conn, PQERRORS_TERSE);
    d->base.n_round_trips++; /* PQsetClientEncoding runs a SET and waits for it */
    if (PQsetClientEncoding(d->conn, "UTF8") != 0) {
        set_err(d, "cannot set client_encoding UTF8", PQerrorMessage(d->conn));
        return DB_ERR;
    }
    d->base.n_statements += 3; /* the SET client_encoding above and the two SETs here */
    return simple(d, "SET standard_conforming_strings = on; SET client_min_messages = warning",
                  "cannot configure the session");
}

/* Connect with a postgresql:// or postgres:// URL and check the session is usable.
 * Errors are terse (no DETAIL line), so a unique violation never copies the offending
 * value - a token hash, a username - into db_errmsg() and from there into logs.
 * Notices below WARNING are dropped, so migrations' "already exists, skipping" stay
 * off stderr. standard_conforming_strings is forced on: the '?' rewrite relies on it.
 *
 * Unless the URL says otherwise, a connection attempt gives up after 10 s (a failed-over
 * address that does not answer would otherwise hold a worker for the kernel's minutes), and
 * TCP keepalives notice a server that vanished without closing the connection within about
 * a minute (30 s idle, then 3 probes 10 s apart) instead of the system's two hours. */
db *db_pg_open(const char *url, char *err, size_t errlen)
{
    struct pg_db *d = xcalloc(1, sizeof *d);
    d->base.ops = &pg_ops;
    d->base.kind = DB_PG;
    /* Keywords before dbname are defaults: the expanded URL overrides them. */
    const char *const keys[] = {"connect_timeout",  "keepalives_idle", "keepalives_interval",
                                "keepalives_count", "dbname",          NULL};
    const char *const vals[] = {"10", "30", "10", "3", url, NULL};
    d->conn = PQconnectdbParams(keys, vals, 1);
    if (PQstatus(d->conn) != CONNECTION_OK) {
        set_err(d, "cannot connect to PostgreSQL", PQerrorMessage(d->conn));
        goto fail;
    }
    if (configure(d) != DB_OK)
        goto fail;
    return &d->base;
fail:
    if (err && errlen)
        snprintf(err, errlen, "%s", d->err);
    PQfinish(d->conn);
    free(d);
    return NULL;
}
