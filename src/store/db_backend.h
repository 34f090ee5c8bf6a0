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
    /* End every pending result of the connection (may be NULL: nothing pending). */
    void (*release)(db *);
};

/* Every backend's connection struct starts with this header (as its first
 * member, named base) so db.c can reach it. The backend fills ops and kind and
 * zeroes the rest; only db.c touches tx_depth and tx_failed. */
struct db {
    const struct db_ops *ops;
    enum db_kind kind;
    int tx_depth;
    int tx_failed;
};

/* Every backend's statement struct starts with this header. */
struct db_stmt {
    db *owner;
};

/* Connect to PostgreSQL; url is "postgresql://..." or "postgres://...".
 * On failure returns NULL and writes a message into err (never the URL,
 * which may hold a password). */
db *db_pg_open(const char *url, char *err, size_t errlen);

/* Open the SQLite database at path. On failure returns NULL and writes a
 * message into err. */
db *db_sqlite_open(const char *path, char *err, size_t errlen);

#endif
