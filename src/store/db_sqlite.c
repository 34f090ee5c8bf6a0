/* db_sqlite.c - the SQLite backend of the store: WAL, foreign keys, busy timeout, durable commits. */
#include "db_backend.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

/* How long a writer waits for another connection's lock before DB_BUSY.
 * Five seconds rides out a burst of writers without hanging a request forever. */
#define BUSY_TIMEOUT_MS 5000

struct sq_stmt {
    struct db_stmt base;
    sqlite3_stmt *st;
    int done;    /* finished (DB_OK or error) since prep: do not re-run */
    int bad_bind; /* a bind failed: fail the step like the PostgreSQL backend */
};

struct sq_db {
    struct db base;
    sqlite3 *h;
    char err[256];
    struct sq_stmt *stmts[Q__COUNT]; /* prepared on first use */
};

static struct sq_db *SQ(const db *d)
{
    return (struct sq_db *)d;
}

static struct sq_stmt *ST(db_stmt *s)
{
    return (struct sq_stmt *)s;
}

static void set_err(struct sq_db *d)
{
    snprintf(d->err, sizeof d->err, "%s", sqlite3_errmsg(d->h));
}

/* Failures of the system under the database, not of the statement: the write path's
 * health (db_write_health) counts these. */
static int system_failure(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_NOMEM:
    case SQLITE_PROTOCOL:
        return 1;
    default:
        return 0;
    }
}

static int map_rc(struct sq_db *d, int rc)
{
    d->base.sys_err = system_failure(rc);
    switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_DONE:
        return DB_OK;
    case SQLITE_ROW:
        return DB_ROW;
    case SQLITE_CONSTRAINT:
        set_err(d);
        return DB_CONSTRAINT;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        set_err(d);
        return DB_BUSY;
    default:
        set_err(d);
        return DB_ERR;
    }
}

static void sq_close(db *dd)
{
    struct sq_db *d = SQ(dd);
    for (int i = 0; i < Q__COUNT; i++) {
        if (d->stmts[i]) {
            sqlite3_finalize(d->stmts[i]->st);
            free(d->stmts[i]);
        }
    }
    sqlite3_close_v2(d->h);
    free(d);
}

static const char *sq_errmsg(const db *d)
{
    return SQ(d)->err;
}

static int sq_exec_script(db *dd, const char *sql)
{
    struct sq_db *d = SQ(dd);
    char *msg = NULL;
    int rc = sqlite3_exec(d->h, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        snprintf(d->err, sizeof d->err, "%s", msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
        return map_rc(d, rc) == DB_OK ? DB_ERR : map_rc(d, rc);
    }
    return DB_OK;
}

static int sq_simple(db *dd, const char *sql)
{
    struct sq_db *d = SQ(dd);
    int rc = sqlite3_exec(d->h, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? DB_OK : map_rc(d, rc);
}

/* IMMEDIATE takes the write lock at BEGIN, so two writers never deadlock
 * upgrading from a read lock halfway through a transaction. */
static int sq_begin(db *d)
{
    return sq_simple(d, "BEGIN IMMEDIATE");
}

static int sq_commit(db *d)
{
    return sq_simple(d, "COMMIT");
}

static int sq_rollback(db *d)
{
    return sq_simple(d, "ROLLBACK");
}

static db_stmt *sq_prep(db *dd, enum q_id q)
{
    struct sq_db *d = SQ(dd);
    struct sq_stmt *s = d->stmts[q];
    if (!s) {
        sqlite3_stmt *st = NULL;
        int rc = sqlite3_prepare_v3(d->h, q_sql[q], -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
        if (rc != SQLITE_OK) {
            set_err(d);
            return NULL;
        }
        s = calloc(1, sizeof *s);
        if (!s)
            abort();
        s->base.owner = dd;
        s->st = st;
        d->stmts[q] = s;
    }
    sqlite3_reset(s->st);
    sqlite3_clear_bindings(s->st);
    s->done = 0;
    s->bad_bind = 0;
    return &s->base;
}

static void check_bind(db_stmt *s, int rc)
{
    if (rc != SQLITE_OK)
        ST(s)->bad_bind = 1;
}

static void sq_bind_int(db_stmt *s, int i, int64_t v)
{
    check_bind(s, sqlite3_bind_int64(ST(s)->st, i, v));
}

static void sq_bind_text(db_stmt *s, int i, const char *v)
{
    if (v)
        check_bind(s, sqlite3_bind_text(ST(s)->st, i, v, -1, SQLITE_TRANSIENT));
    else
        check_bind(s, sqlite3_bind_null(ST(s)->st, i));
}

static void sq_bind_blob(db_stmt *s, int i, const void *v, size_t n)
{
    if (v)
        check_bind(s, sqlite3_bind_blob64(ST(s)->st, i, v, n, SQLITE_TRANSIENT));
    else
        check_bind(s, sqlite3_bind_null(ST(s)->st, i));
}

static void sq_bind_null(db_stmt *s, int i)
{
    check_bind(s, sqlite3_bind_null(ST(s)->st, i));
}

static int sq_step(db_stmt *ss)
{
    struct sq_stmt *s = ST(ss);
    struct sq_db *d = SQ(ss->owner);
    if (s->bad_bind) {
        snprintf(d->err, sizeof d->err, "a parameter could not be bound");
        d->base.sys_err = 0;
        return DB_ERR;
    }
    if (s->done)
        return DB_OK;
    int rc = map_rc(d, sqlite3_step(s->st));
    if (rc != DB_ROW) {
        s->done = 1;
        sqlite3_reset(s->st); /* release the read lock at once; bindings stay */
    }
    return rc;
}

static void sq_release(db *dd)
{
    struct sq_db *d = SQ(dd);
    for (int i = 0; i < Q__COUNT; i++) {
        struct sq_stmt *s = d->stmts[i];
        if (s && !s->done) {
            sqlite3_reset(s->st);
            s->done = 1;
        }
    }
}

static int sq_col_count(db_stmt *s)
{
    return sqlite3_column_count(ST(s)->st);
}

static int sq_col_isnull(db_stmt *s, int c)
{
    return sqlite3_column_type(ST(s)->st, c) == SQLITE_NULL;
}

static int64_t sq_col_int(db_stmt *s, int c)
{
    return sqlite3_column_int64(ST(s)->st, c);
}

static const char *sq_col_text(db_stmt *s, int c)
{
    return (const char *)sqlite3_column_text(ST(s)->st, c);
}

static const void *sq_col_blob(db_stmt *s, int c, size_t *n)
{
    const void *p = sqlite3_column_blob(ST(s)->st, c);
    *n = (size_t)sqlite3_column_bytes(ST(s)->st, c);
    return p;
}

static int64_t sq_changes(db_stmt *s)
{
    return sqlite3_changes64(SQ(s->owner)->h);
}

static const struct db_ops sq_ops = {
    .close = sq_close,
    .errmsg = sq_errmsg,
    .exec_script = sq_exec_script,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .prep = sq_prep,
    .bind_int = sq_bind_int,
    .bind_text = sq_bind_text,
    .bind_blob = sq_bind_blob,
    .bind_null = sq_bind_null,
    .step = sq_step,
    .col_count = sq_col_count,
    .col_isnull = sq_col_isnull,
    .col_int = sq_col_int,
    .col_text = sq_col_text,
    .col_blob = sq_col_blob,
    .changes = sq_changes,
    .release = sq_release,
};

/* Create the file at path readable and writable by its owner only (0600), whatever the
 * umask: it holds health records. SQLite gives the -wal, -shm and -journal files it makes
 * beside a database the database file's mode, so they are 0600 too. An existing file
 * keeps its mode, unless private is set (a backup about to be overwritten). Errors are
 * left for SQLite's open to report. */
static void create_private(const char *path, int private)
{
    if (!path[0] || !strcmp(path, ":memory:") || !strncmp(path, "file:", 5))
        return;
    /* Never open a file that already exists: closing any descriptor of a file drops every
     * POSIX lock this process holds on it, the locks of SQLite's other connections included
     * (fcntl(2)), and another process could then check the WAL out from under them. A new
     * file is made 0600 before SQLite opens it; an existing one is only re-moded by name. */
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
        close(fd); /* nobody holds a lock on a file this call just made */
        return;
    }
    struct stat st;
    if (private && errno == EEXIST && stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
        (st.st_mode & 0077))
        chmod(path, 0600);
}

/* Open (creating if needed, mode 0600) the database file at path.
 * WAL lets readers run beside the one writer; synchronous=FULL makes each
 * commit durable across power loss, which records of care require. */
db *db_sqlite_open(const char *path, char *err, size_t errlen)
{
    struct sq_db *d = calloc(1, sizeof *d);
    if (!d)
        abort();
    d->base.ops = &sq_ops;
    d->base.kind = DB_SQLITE;
    create_private(path, 0);
    int rc = sqlite3_open_v2(path, &d->h,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        snprintf(err, errlen, "cannot open %s: %s", path,
                 d->h ? sqlite3_errmsg(d->h) : sqlite3_errstr(rc));
        sqlite3_close_v2(d->h);
        free(d);
        return NULL;
    }
    sqlite3_busy_timeout(d->h, BUSY_TIMEOUT_MS);
    sqlite3_extended_result_codes(d->h, 1);
    const char *pragmas = "PRAGMA journal_mode=WAL;"
                          "PRAGMA synchronous=FULL;"
                          "PRAGMA foreign_keys=ON;"
                          "PRAGMA secure_delete=ON;"
                          "PRAGMA trusted_schema=OFF;";
    if (sq_exec_script(&d->base, pragmas) != DB_OK) {
        snprintf(err, errlen, "cannot configure %s: %s", path, d->err);
        sq_close(&d->base);
        return NULL;
    }
    return &d->base;
}

/* Copy the live database to path with SQLite's online backup API: a
 * consistent snapshot even while the server writes. The copy is mode 0600,
 * like the database. Returns 0 or -1. */
int db_sqlite_backup(db *dd, const char *path, char *err, size_t errlen)
{
    struct sq_db *d = SQ(dd);
    sqlite3 *dst = NULL;
    create_private(path, 1);
    int rc = sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_backup *b = sqlite3_backup_init(dst, "main", d->h, "main");
        if (b) {
            /* 256 pages a step lets writers in between steps. */
            do {
                rc = sqlite3_backup_step(b, 256);
                if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
                    sqlite3_sleep(20);
            } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
            sqlite3_backup_finish(b);
        }
        rc = sqlite3_errcode(dst);
    }
    if (rc != SQLITE_OK && rc != SQLITE_DONE) {
        snprintf(err, errlen, "%s", dst ? sqlite3_errmsg(dst) : sqlite3_errstr(rc));
        sqlite3_close_v2(dst);
        return -1;
    }
    sqlite3_close_v2(dst);
    return 0;
}
