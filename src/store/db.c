/* db.c - backend dispatch, transaction nesting, lost connections and the write path's health. */
#include "db_backend.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* The first wait before another attempt to re-open a lost connection; it doubles after
 * each failure up to DB_RETRY_AFTER_S seconds. 100 ms: a restart is over in about a
 * second, and a refused connection costs the server nothing. */
#define RECONNECT_FIRST_MS 100

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- the write path's health: one state for the process --------------------------- */

static pthread_mutex_t write_lock = PTHREAD_MUTEX_INITIALIZER;
static struct db_write_health write_state;

/* A write failed for a reason of the system's (d->sys_err): remember why; log the change. */
static void write_failed(db *d)
{
    char why[sizeof write_state.why];
    snprintf(why, sizeof why, "%s", db_errmsg(d));
    pthread_mutex_lock(&write_lock);
    int was = write_state.failing;
    if (!was) {
        write_state.failing = 1;
        write_state.since = (int64_t)time(NULL);
    }
    memcpy(write_state.why, why, sizeof why);
    pthread_mutex_unlock(&write_lock);
    if (!was)
        fprintf(stderr, "peerdesk: database writes are failing: %s\n", why);
}

/* A write reached the database: clear a failing state, logging the change. */
static void write_ok(void)
{
    pthread_mutex_lock(&write_lock);
    int was = write_state.failing;
    write_state.failing = 0;
    write_state.since = 0;
    write_state.why[0] = '\0';
    pthread_mutex_unlock(&write_lock);
    if (was)
        fprintf(stderr, "peerdesk: database writes succeed again\n");
}

void db_write_health(struct db_write_health *out)
{
    pthread_mutex_lock(&write_lock);
    *out = write_state;
    pthread_mutex_unlock(&write_lock);
}

/* Whether q changes rows: its SQL starts with INSERT, UPDATE or DELETE. */
static int is_write(enum q_id q)
{
    const char *sql = q_sql[q];
    sql += strspn(sql, " \t\n");
    return !strncasecmp(sql, "INSERT", 6) || !strncasecmp(sql, "UPDATE", 6) ||
           !strncasecmp(sql, "DELETE", 6);
}

/* Account a step of s that ended in rc: a write that changed rows succeeds (at once, or at
 * the COMMIT of its transaction); one that failed for the system's reason fails. */
static void note_write(db_stmt *s, int rc)
{
    db *d = s->owner;
    if (!is_write(s->q))
        return;
    if (rc == DB_ROW || (rc == DB_OK && d->ops->changes(s) > 0)) {
        if (d->tx_depth > 0)
            d->tx_wrote = 1;
        else
            write_ok();
    } else if (rc == DB_ERR && d->sys_err && !d->lost) {
        write_failed(d);
    }
}

/* ---- lost connections --------------------------------------------------------------- */

int db_lost(const db *d)
{
    return d && d->lost;
}

void db_mark_lost(db *d, const char *why)
{
    if (d->lost)
        return;
    d->lost = 1;
    d->attempts = 0;
    d->retry_at = 0; /* the first attempt at the next db_ensure */
    d->retry_ms = RECONNECT_FIRST_MS;
    fprintf(stderr,
            "peerdesk: database: the connection broke (%s); requests answer 503 until it is "
            "open again\n",
            why && *why ? why : "no reason given");
}

int db_ensure(db *d)
{
    if (!d->lost && d->ops->ping)
        d->ops->ping(d);
    if (!d->lost)
        return DB_OK;
    int64_t now = mono_ms();
    if (!d->ops->reconnect || now < d->retry_at)
        return DB_ERR;
    if (d->ops->reconnect(d) != DB_OK) {
        if (d->attempts++ == 0)
            fprintf(stderr,
                    "peerdesk: database: cannot open the connection again yet (%s); "
                    "retrying at most every %d s\n",
                    db_errmsg(d), DB_RETRY_AFTER_S);
        d->retry_at = now + d->retry_ms;
        d->retry_ms *= 2;
        if (d->retry_ms > DB_RETRY_AFTER_S * 1000)
            d->retry_ms = DB_RETRY_AFTER_S * 1000;
        return DB_ERR;
    }
    fprintf(stderr,
            "peerdesk: database: the connection is open again (after %d failed attempt%s)\n",
            d->attempts, d->attempts == 1 ? "" : "s");
    d->lost = d->attempts = 0;
    d->tx_depth = d->tx_failed = d->tx_wrote = 0; /* the server ended what was open */
    return DB_OK;
}

/* ---- dispatch ----------------------------------------------------------------------- */

/* FNV-1a of the URL: which database a connection reaches, for caches shared by connections. */
static uint64_t url_ident(const char *url)
{
    uint64_t h = 14695981039346656037u;
    for (const unsigned char *p = (const unsigned char *)url; *p; p++)
        h = (h ^ *p) * 1099511628211u;
    return h;
}

db *db_open(const char *url, char *err, size_t errlen)
{
    if (!url || !*url) {
        snprintf(err, errlen, "no database URL (use --db or PEERDESK_DB)");
        return NULL;
    }
    db *d;
    if (strncmp(url, "sqlite:", 7) == 0)
        d = db_sqlite_open(url + 7, err, errlen);
    else if (strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0)
        d = db_pg_open(url, err, errlen);
    else {
        snprintf(err, errlen,
                 "unknown database URL scheme (expected sqlite:PATH or postgresql://...)");
        return NULL;
    }
    if (d)
        d->ident = url_ident(url);
    return d;
}

uint64_t db_ident(const db *d)
{
    return d->ident;
}

void db_close(db *d)
{
    if (d)
        d->ops->close(d);
}

enum db_kind db_kind(const db *d)
{
    return d->kind;
}

const char *db_errmsg(const db *d)
{
    const char *m = d->ops->errmsg(d);
    return m ? m : "";
}

int db_exec_script(db *d, const char *sql)
{
    if (d->lost)
        return DB_ERR;
    d->n_statements++;
    return d->ops->exec_script(d, sql);
}

void db_counts(const db *d, struct db_counts *out)
{
    out->statements = d ? d->n_statements : 0;
    out->round_trips = d ? d->n_round_trips : 0;
}

void db_release(db *d)
{
    if (d && !d->lost && d->ops->release)
        d->ops->release(d);
}

int db_begin(db *d)
{
    if (d->lost)
        return DB_ERR;
    if (d->tx_depth++ > 0)
        return DB_OK;
    db_release(d); /* a half-read result would pin an old snapshot */
    d->tx_failed = d->tx_wrote = 0;
    d->tx_serial++;
    d->before_commit = NULL;
    d->n_statements++;
    int rc = d->ops->begin(d);
    if (rc != DB_OK)
        d->tx_depth = 0;
    return rc;
}

int db_commit(db *d)
{
    if (d->tx_depth <= 0)
        return DB_ERR;
    if (--d->tx_depth > 0)
        return d->tx_failed ? DB_ERR : DB_OK;
    int (*hook)(db *, void *) = d->before_commit;
    d->before_commit = NULL;
    if (hook && !d->tx_failed && !d->lost) {
        d->tx_depth++; /* the hook's statements belong to this transaction */
        if (hook(d, d->before_commit_arg) != 0)
            d->tx_failed = 1;
        d->tx_depth--;
    }
    int wrote = d->tx_wrote;
    d->tx_wrote = 0;
    if (d->lost)
        return DB_ERR; /* the server rolled it back when the connection broke */
    if (d->tx_failed) {
        d->n_statements++;
        d->ops->rollback(d);
        return DB_ERR;
    }
    d->n_statements++;
    int rc = d->ops->commit(d);
    if (rc != DB_OK) {
        if (d->sys_err && !d->lost)
            write_failed(d);
        if (!d->lost) {
            d->n_statements++;
            d->ops->rollback(d);
        }
    } else if (wrote) {
        write_ok();
    }
    return rc;
}

int db_rollback(db *d)
{
    if (d->tx_depth <= 0)
        return DB_ERR;
    if (--d->tx_depth > 0) {
        d->tx_failed = 1;
        return DB_OK;
    }
    d->tx_failed = d->tx_wrote = 0;
    d->before_commit = NULL;
    if (d->lost)
        return DB_OK;
    d->n_statements++;
    return d->ops->rollback(d);
}

int db_in_tx(const db *d)
{
    return d->tx_depth > 0;
}

uint64_t db_tx_serial(const db *d)
{
    return d->tx_depth > 0 ? d->tx_serial : 0;
}

int db_before_commit(db *d, int (*fn)(db *, void *), void *arg)
{
    if (d->tx_depth <= 0)
        return DB_ERR;
    d->before_commit = fn;
    d->before_commit_arg = arg;
    return DB_OK;
}

db_stmt *db_prep(db *d, enum q_id q)
{
    if (d->lost)
        return NULL;
    db_stmt *s = d->ops->prep(d, q);
    if (s) {
        s->q = q;
        s->stepped = 0;
    }
    return s;
}

void db_bind_int(db_stmt *s, int i, int64_t v)
{
    s->owner->ops->bind_int(s, i, v);
}

void db_bind_text(db_stmt *s, int i, const char *v)
{
    s->owner->ops->bind_text(s, i, v);
}

void db_bind_blob(db_stmt *s, int i, const void *v, size_t n)
{
    s->owner->ops->bind_blob(s, i, v, n);
}

void db_bind_null(db_stmt *s, int i)
{
    s->owner->ops->bind_null(s, i);
}

int db_step(db_stmt *s)
{
    if (s->owner->lost)
        return DB_ERR;
    if (!s->stepped) {
        s->stepped = 1;
        s->owner->n_statements++;
    }
    int rc = s->owner->ops->step(s);
    /* PostgreSQL aborts the whole transaction on any error; make SQLite
     * behave the same so code tested on one backend is right on both. */
    if (rc < 0 && s->owner->tx_depth > 0)
        s->owner->tx_failed = 1;
    note_write(s, rc);
    return rc;
}

int db_pipeline(db *d, db_stmt *const *s, int n)
{
    if (d->lost)
        return DB_ERR;
    if (!d->ops->pipeline || n <= 1 || n > DB_PIPELINE_MAX)
        return DB_OK; /* each statement runs at its first db_step */
    for (int i = 0; i < n; i++) {
        if (s[i] && !s[i]->stepped) {
            s[i]->stepped = 1; /* it runs now: counted here, not at its first step */
            d->n_statements++;
        }
    }
    return d->ops->pipeline(d, s, n);
}

int db_exec(db_stmt *s)
{
    int rc;
    while ((rc = db_step(s)) == DB_ROW)
        ;
    return rc;
}

int db_insert_id(db_stmt *s, int64_t *id)
{
    int rc = db_step(s);
    if (rc != DB_ROW)
        return rc == DB_OK ? DB_ERR : rc;
    *id = db_col_int(s, 0);
    return db_exec(s);
}

int db_col_count(db_stmt *s)
{
    return s->owner->ops->col_count(s);
}

int db_col_isnull(db_stmt *s, int col)
{
    return s->owner->ops->col_isnull(s, col);
}

int64_t db_col_int(db_stmt *s, int col)
{
    return s->owner->ops->col_int(s, col);
}

const char *db_col_text(db_stmt *s, int col)
{
    return s->owner->ops->col_text(s, col);
}

const void *db_col_blob(db_stmt *s, int col, size_t *n)
{
    return s->owner->ops->col_blob(s, col, n);
}

int64_t db_changes(db_stmt *s)
{
    return s->owner->ops->changes(s);
}

int db_prepare_all(db *d)
{
    int failed = 0;
    for (int q = 0; q < Q__COUNT; q++) {
        if (!db_prep(d, (enum q_id)q)) {
            fprintf(stderr, "prepare %s failed: %s\n", q_name[q], db_errmsg(d));
            failed++;
        }
    }
    return failed;
}

int db_write_probe(db *d)
{
    if (db_begin(d) != DB_OK)
        return DB_ERR;
    db_stmt *s = db_prep(d, Q_SCHEMA_PROBE);
    int rc = s ? db_exec(s) : DB_ERR;
    if (rc != DB_OK) {
        db_rollback(d);
        return rc;
    }
    return db_commit(d);
}
