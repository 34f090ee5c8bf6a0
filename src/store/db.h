/* db.h - the store: one interface over SQLite and PostgreSQL.
 *
 * Every statement is named in queries.h (an enum over per-module tables of
 * SQL text written with '?' placeholders) and prepared once per connection on
 * first use. Values are always bound; SQL text is never built at run time.
 *
 * A connection belongs to one thread at a time. Statements are reset by
 * db_prep(), so a handle is valid until the next db_prep() of the same query
 * on the same connection or db_close(). */
#ifndef PD_DB_H
#define PD_DB_H

#include <stddef.h>
#include <stdint.h>

#include "queries.h"

typedef struct db db;
typedef struct db_stmt db_stmt;

enum db_kind { DB_SQLITE, DB_PG };

/* Results of db_step() and error codes of the other calls. */
enum db_rc {
    DB_OK = 0,          /* done: statement finished, or call succeeded */
    DB_ROW = 1,         /* a row is available */
    DB_ERR = -1,        /* any other failure; db_errmsg() says what */
    DB_CONSTRAINT = -2, /* unique / foreign-key / check constraint refused the write */
    DB_BUSY = -3,       /* lock could not be taken in time (SQLite) or serialization failure (PG) */
};

/* Open a connection. url is "sqlite:PATH" or "postgresql://..." ("postgres://" too).
 * On failure returns NULL and writes a message into err. */
db *db_open(const char *url, char *err, size_t errlen);

/* Close and free every prepared statement. Accepts NULL. */
void db_close(db *d);

enum db_kind db_kind(const db *d);

/* Which database d reaches: the same number for every connection opened with the same URL
 * (a hash of it), for caches that connections share (org_cache.c). */
uint64_t db_ident(const db *d);

/* The last error message of this connection (never NULL). */
const char *db_errmsg(const db *d);

/* Run a script of several statements with no parameters (migrations only). */
int db_exec_script(db *d, const char *sql);

/* End every statement's pending result on this connection, so no read
 * snapshot or lock outlives the unit of work that made it. The server calls
 * it after each request; db_begin calls it before starting a transaction. */
void db_release(db *d);

/* ---- a connection that breaks (PostgreSQL restarts, crashes, fails over) ---------- */

/* How long a client should wait before retrying a request that met an unreachable
 * database (the Retry-After of the 503): about the longest wait between re-open attempts. */
#define DB_RETRY_AFTER_S 2

/* 1 when the connection to the database server broke. From then on every call on d
 * fails (DB_ERR, NULL) without reaching the server, until db_ensure opens it again:
 * nothing of the unit of work that met the break is sent on a new connection, so a
 * transaction that met it is rolled back by the server, never half-applied. SQLite: 0. */
int db_lost(const db *d);

/* Call between units of work (the server does, before each request): notice a connection
 * the server closed while it was idle, and open a lost one again. Its statements are
 * prepared again on first use. Attempts back off, 100 ms doubling up to DB_RETRY_AFTER_S
 * seconds, so a server that is down is not hammered; the loss, the first failed attempt
 * and the recovery are each logged once on stderr. DB_OK when d is usable, DB_ERR while
 * it stays lost. Never call it with a transaction or a statement handle in use. */
int db_ensure(db *d);

/* ---- whether writes succeed, process-wide ----------------------------------------- */

/* The write path's state in this process: a write statement or a COMMIT failed (other
 * than a constraint refusing it, or a lock timeout) and no write has succeeded since.
 * The store keeps it; each change of state is logged once on stderr, with the reason.
 * A lost connection is not counted: db_lost already tells that. */
struct db_write_health {
    int failing;   /* 1: the last write failed */
    int64_t since; /* Unix time of the first failure of this run of failures */
    char why[256]; /* the error of the last failure (for the log; not for clients) */
};

/* Copy the current state into *out. Thread-safe. */
void db_write_health(struct db_write_health *out);

/* Try a write that changes nothing of meaning (it rewrites the newest schema_migrations
 * row with its own values) and commit it, so that the state clears once writes work
 * again even if nothing else writes. DB_OK or a negative enum db_rc. */
int db_write_probe(db *d);

/* Transactions. db_begin nests: only the outermost begin/commit reach the
 * server, and a rollback at any depth rolls back the whole transaction
 * (inner commits after that return DB_ERR). */
int db_begin(db *d);
int db_commit(db *d);
int db_rollback(db *d);
int db_in_tx(const db *d);

/* Which outermost transaction is open: a number that changes with every db_begin at depth 0
 * (0 when none is open). A cache of what this transaction wrote is valid while it is the same. */
uint64_t db_tx_serial(const db *d);

/* Run fn(d, arg) once, after every statement of the open transaction and just before its
 * outermost COMMIT; a non-zero return fails the commit (the transaction is rolled back). One
 * hook per transaction: a second call replaces the first. A rollback forgets it. DB_OK, or
 * DB_ERR when no transaction is open. */
int db_before_commit(db *d, int (*fn)(db *, void *), void *arg);

/* Get the prepared statement for q, reset with all bindings cleared.
 * Returns NULL (and sets the error) if preparation fails. */
db_stmt *db_prep(db *d, enum q_id q);

/* Bind parameter i (1-based, in order of the '?' in the text). Values are
 * copied, so the caller's memory may go after the call. NULL text or a NULL
 * blob pointer binds NULL. A bad index makes the next db_step fail. */
void db_bind_int(db_stmt *s, int i, int64_t v);
void db_bind_text(db_stmt *s, int i, const char *v);
void db_bind_blob(db_stmt *s, int i, const void *v, size_t n);
void db_bind_null(db_stmt *s, int i);

/* Step: DB_ROW while rows come, then DB_OK (and DB_OK again if called once
 * more; it never re-runs the statement); or a negative enum db_rc. Inside a
 * transaction any negative result dooms the transaction on both backends:
 * the caller must roll back (db_commit will fail). */
int db_step(db_stmt *s);

/* Run several reads in one round trip: s[0..n-1] (at most DB_PIPELINE_MAX, each just
 * prepared on d and bound, none stepped yet, of different queries; NULL entries are skipped)
 * are sent together and every result is collected, so each statement's db_step then reads its
 * own rows or returns its own error, as if it had run alone. For statements whose values do
 * not depend on each other's results; a write only inside a transaction, and the caller steps
 * them in order and stops at the first failure (on PostgreSQL the statements after a failed
 * one do not run; the transaction is doomed either way). PostgreSQL sends them in pipeline
 * mode (outside a transaction they see one snapshot); SQLite runs in the process and has
 * nothing to save: the statements run at their first db_step. DB_OK, or DB_ERR when the
 * connection broke (each statement's step fails too). */
#define DB_PIPELINE_MAX 16
int db_pipeline(db *d, db_stmt *const *s, int n);

/* Run a statement that returns no rows (or ignore its rows): DB_OK or negative. */
int db_exec(db_stmt *s);

/* Run an INSERT ... RETURNING id: step to its one row, take the id, finish.
 * Returns DB_OK with *id, or a negative enum db_rc (DB_ERR if no row came). */
int db_insert_id(db_stmt *s, int64_t *id);

/* Column access for the current row (0-based). Text is valid until the next
 * step or prep; NULL column gives NULL text and 0. */
int db_col_count(db_stmt *s);
int db_col_isnull(db_stmt *s, int col);
int64_t db_col_int(db_stmt *s, int col);
const char *db_col_text(db_stmt *s, int col);
/* Blob column; *n receives its length. Memory valid until next step. */
const void *db_col_blob(db_stmt *s, int col, size_t *n);

/* Rows changed by this write statement; only meaningful right after db_exec of a write. */
int64_t db_changes(db_stmt *s);

/* What a connection has sent since it was opened (both counters only grow; take the
 * difference of two readings for a unit of work). statements: every prepared statement
 * executed (its first db_step after db_prep), every BEGIN, COMMIT and ROLLBACK that reached
 * the backend and every script. round_trips: every time the connection waited for the
 * server's answer - on PostgreSQL each PQexec, PQprepare and PQexecPrepared, the session
 * setup of each (re)connect included; SQLite runs in the process and counts none. The server's
 * debug mode (serve --debug-queries) reports them per request. */
struct db_counts {
    uint64_t statements;
    uint64_t round_trips;
};
void db_counts(const db *d, struct db_counts *out);

/* SQLite only: copy the live database to path (online backup API). 0 or -1 with err. */
int db_sqlite_backup(db *d, const char *path, char *err, size_t errlen);

/* Prepare every statement in queries.h; return the number that failed and
 * print each failure to stderr. Used by tests on both backends. */
int db_prepare_all(db *d);

#endif
