/* db_backend.h - the contract between the db.c dispatcher and the SQLite / PostgreSQL backends. */
#ifndef PD_DB_BACKEND_H
#define PD_DB_BACKEND_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"

/* One table of functions per backend. Return codes are enum db_rc. begin, commit
 * and rollback are raw and do not nest: db.c keeps the nesting depth. */
struct db_ops {
    void (*close)(db *);
    const char *(*errmsg)(const db *);
    int (*exec_script)(db *, const char *sql);
    int (*begin)(db *);
    int (*commit)(db *);
    int (*rollback)(db *);
    db_stmt *(*prep)(db *, enum q_id);
    void (*bind_int)(db_stmt *, int, int64_t);
    void (*bind_text)(db_stmt *, int, const char *);
    void (*bind_blob)(db_stmt *, int, const void *, size_t);
    void (*bind_null)(db_stmt *, int);
    int (*step)(db_stmt *);
    int (*col_count)(db_stmt *);
    int (*col_isnull)(db_stmt *, int);
    int64_t (*col_int)(db_stmt *, int);
    const char *(*col_text)(db_stmt *, int);
    const void *(*col_blob)(db_stmt *, int, size_t *);
    int64_t (*changes)(db_stmt *);
    /* Send n bound statements at once and keep each one's result for its steps (db_pipeline).
     * NULL: the backend gains nothing by it. */
    int (*pipeline)(db *, db_stmt *const *, int n);
    /* End every pending result of the connection (may be NULL: nothing pending). */
    void (*release)(db *);
    /* Between units of work: notice a connection the server closed while it was idle and
     * call db_mark_lost (may be NULL: the backend has no server to lose). */
    void (*ping)(db *);
    /* Open the lost connection again and forget every prepared statement (they are
     * prepared again on first use). DB_OK, or DB_ERR with the error set. NULL: never lost. */
    int (*reconnect)(db *);
};

/* Every backend's connection struct starts with this header (as its first
 * member, named base) so db.c can reach it. The backend fills ops and kind and
 * zeroes the rest; only db.c touches the other fields, but for n_round_trips, which the
 * backend adds to each time it waits for its server. */
struct db {
    const struct db_ops *ops;
    enum db_kind kind;
    int tx_depth;
    int tx_failed;
    int tx_wrote;     /* a write statement changed rows in the open transaction */
    int sys_err;      /* the backend sets it with each error: 1 when the system failed (disk
                       * full, I/O error, read-only, out of memory), not the statement */
    int lost;         /* the connection broke: every call fails until db_ensure re-opens it */
    int attempts;     /* failed re-open attempts since it was lost */
    int64_t retry_at; /* CLOCK_MONOTONIC milliseconds of the next re-open attempt */
    int64_t retry_ms; /* the wait after the next failed attempt (doubles up to a cap) */
    uint64_t tx_serial;               /* counts outermost transactions begun */
    uint64_t ident;                   /* db_ident(): a hash of the URL it was opened with */
    int (*before_commit)(db *, void *); /* run once just before the outermost commit */
    void *before_commit_arg;
    uint64_t n_statements; /* statements run (db_counts): db.c counts them */
    uint64_t n_round_trips; /* waits for the server's answer (db_counts): the backend counts */
};

/* The backend found the connection broken (why: its error, for the log). Logs it once and
 * makes every later call on d fail without reaching the server until db_ensure re-opens
 * it, so no part of the unit of work that met the break is sent on a new connection. */
void db_mark_lost(db *d, const char *why);

/* Every backend's statement struct starts with this header; the backend sets owner,
 * db_prep sets q. */
struct db_stmt {
    db *owner;
    enum q_id q;
    int stepped; /* db_step ran since db_prep: the statement is counted once */
};

/* Connect to PostgreSQL; url is "postgresql://..." or "postgres://...".
 * On failure returns NULL and writes a message into err (never the URL,
 * which may hold a password). */
db *db_pg_open(const char *url, char *err, size_t errlen);

/* Open the SQLite database at path. On failure returns NULL and writes a
 * message into err. */
db *db_sqlite_open(const char *path, char *err, size_t errlen);

#endif
