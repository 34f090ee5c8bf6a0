/* db.c - backend dispatch and transaction nesting for the store. */
#include "db_backend.h"

#include <stdio.h>
#include <string.h>

db *db_open(const char *url, char *err, size_t errlen)
{
    if (!url || !*url) {
        snprintf(err, errlen, "no database URL (use --db or PEERDESK_DB)");
        return NULL;
    }
    if (strncmp(url, "sqlite:", 7) == 0)
        return db_sqlite_open(url + 7, err, errlen);
    if (strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0)
        return db_pg_open(url, err, errlen);
    snprintf(err, errlen, "unknown database URL scheme (expected sqlite:PATH or postgresql://...)");
    return NULL;
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
    return d->ops->exec_script(d, sql);
}

void db_release(db *d)
{
    if (d && d->ops->release)
        d->ops->release(d);
}

int db_begin(db *d)
{
    if (d->tx_depth++ > 0)
        return DB_OK;
    db_release(d); /* a half-read result would pin an old snapshot */
    d->tx_failed = 0;
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
    if (d->tx_failed) {
        d->ops->rollback(d);
        return DB_ERR;
    }
    int rc = d->ops->commit(d);
    if (rc != DB_OK)
        d->ops->rollback(d);
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
    d->tx_failed = 0;
    return d->ops->rollback(d);
}

int db_in_tx(const db *d)
{
    return d->tx_depth > 0;
}

db_stmt *db_prep(db *d, enum q_id q)
{
    return d->ops->prep(d, q);
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
    int rc = s->owner->ops->step(s);
    /* PostgreSQL aborts the whole transaction on any error; make SQLite
     * behave the same so code tested on one backend is right on both. */
    if (rc < 0 && s->owner->tx_depth > 0)
        s->owner->tx_failed = 1;
    return rc;
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
