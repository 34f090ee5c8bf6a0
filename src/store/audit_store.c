/* audit_store.c - the audit trail in the store: the pages' reads and the hash chain's statements
 * (audit_store.h). */
#include "audit_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts.h"
#include "queries.h"

/* Q_AUDIT_PAGE prepared and bound for the filter, or NULL. */
static db_stmt *page_stmt(db *d, arena *a, int64_t org_id, const struct audit_filter *f,
                          int64_t limit, int64_t offset)
{
    db_stmt *s = db_prep(d, Q_AUDIT_PAGE);
    if (!s)
        return NULL;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, f->since);
    db_bind_int(s, 3, f->until);
    db_bind_text(s, 4, f->user);
    db_bind_text(s, 5, f->user);
    const char *action = like_prefix(a, f->action, 0);
    db_bind_text(s, 6, action);
    db_bind_text(s, 7, action);
    db_bind_text(s, 8, f->type);
    db_bind_text(s, 9, f->type);
    db_bind_text(s, 10, f->id);
    db_bind_text(s, 11, f->id);
    db_bind_text(s, 12, f->purpose);
    db_bind_text(s, 13, f->purpose);
    db_bind_int(s, 14, limit);
    db_bind_int(s, 15, offset);
    return s;
}

int audit_chain_next(db *d, int64_t chain, int64_t *seq, char prev[65])
{
    db_stmt *s = db_prep(d, Q_AUDIT_CHAIN_NEXT);
    if (!s)
        return -1;
    db_bind_int(s, 1, chain);
    int rc = db_step(s);
    if (rc != DB_ROW)
        return rc == DB_OK ? 0 : -1;
    *seq = db_col_int(s, 0);
    snprintf(prev, 65, "%s", db_col_text(s, 1));
    db_exec(s);
    return 1;
}

int audit_chain_open(db *d, int64_t chain)
{
    db_stmt *s = db_prep(d, Q_AUDIT_CHAIN_OPEN);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, chain);
    return db_exec(s);
}

int audit_chain_store(db *d, int64_t chain, int64_t seq, const char *hash)
{
    db_stmt *s = db_prep(d, Q_AUDIT_CHAIN_STORE);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, seq);
    db_bind_text(s, 2, hash);
    db_bind_int(s, 3, chain);
    return db_exec(s);
}

int audit_head_get(db *d, int64_t chain, int64_t *seq, char hash[65])
{
    db_stmt *s = db_prep(d, chain < 0 ? Q_AUDIT_HEAD_GET : Q_AUDIT_CHAIN_GET);
    if (!s)
        return -1;
    if (chain >= 0)
        db_bind_int(s, 1, chain);
    int rc = db_step(s);
    if (rc != DB_ROW)
        return rc == DB_OK ? 0 : -1;
    *seq = db_col_int(s, 0);
    const char *h = db_col_text(s, 1);
    /* Only a hash of the right length can match; a longer one must not be cut to one. */
    snprintf(hash, 65, "%s", h && strlen(h) == 64 ? h : "");
    db_exec(s);
    return 1;
}

/* An id that is 0 (none) is stored as NULL. */
static void bind_opt_id(db_stmt *s, int i, int64_t v)
{
    if (v > 0)
        db_bind_int(s, i, v);
    else
        db_bind_null(s, i);
}

/* Q_AUDIT_INSERT prepared and bound for one row, or NULL. */
static db_stmt *row_insert_stmt(db *d, const struct audit_ev *ev, int64_t at, int64_t chain,
                                int64_t chain_seq, const char *prev_hash, const char *hash)
{
    db_stmt *s = db_prep(d, Q_AUDIT_INSERT);
    if (!s)
        return NULL;
    db_bind_int(s, 1, at);
    bind_opt_id(s, 2, ev->org_id);
    bind_opt_id(s, 3, ev->user_id);
    db_bind_text(s, 4, ev->username);
    db_bind_text(s, 5, ev->action);
    db_bind_text(s, 6, ev->record_type);
    db_bind_text(s, 7, ev->record_id);
    db_bind_text(s, 8, ev->reason);
    db_bind_text(s, 9, ev->client);
    db_bind_text(s, 10, ev->outcome);
    db_bind_text(s, 11, prev_hash);
    db_bind_text(s, 12, hash);
    db_bind_int(s, 13, chain);
    db_bind_int(s, 14, chain_seq);
    db_bind_text(s, 15, ev->purpose);
    return s;
}

int audit_row_insert(db *d, const struct audit_ev *ev, int64_t at, int64_t chain,
                     int64_t chain_seq, const char *prev_hash, const char *hash)
{
    db_stmt *s = row_insert_stmt(d, ev, at, chain, chain_seq, prev_hash, hash);
    return s ? db_exec(s) : DB_ERR;
}

int audit_row_insert_with_head(db *d, const struct audit_ev *ev, int64_t at, int64_t chain,
                               int64_t chain_seq, const char *prev_hash, const char *hash)
{
    db_stmt *s = row_insert_stmt(d, ev, at, chain, chain_seq, prev_hash, hash);
    db_stmt *h = s ? db_prep(d, Q_AUDIT_CHAIN_STORE) : NULL;
    if (!h)
        return DB_ERR;
    db_bind_int(h, 1, chain_seq);
    db_bind_text(h, 2, hash);
    db_bind_int(h, 3, chain);
    /* Independent writes of one transaction: one round trip on PostgreSQL. */
    db_stmt *both[] = {s, h};
    db_pipeline(d, both, 2);
    int rc = db_exec(s);
    int rh = db_exec(h);
    return rc != DB_OK ? rc : rh;
}

static const char *col_or_null(db_stmt *s, int c)
{
    return db_col_isnull(s, c) ? NULL : db_col_text(s, c);
}

/* Pass each row of s (AUDIT_COLS, bound) to fn: 0 when every row was, 1 when fn stopped,
 * -1 on a store error. *got counts the rows passed. */
static int each_row(db_stmt *s, audit_row_fn fn, void *ctx, int *got)
{
    *got = 0;
    if (!s)
        return -1;
    int rc;
    while ((rc = db_step(s)) == DB_ROW) {
        /* Columns in AUDIT_COLS order. */
        struct audit_row r = {
            .seq = db_col_int(s, 0),
            .at = db_col_int(s, 1),
            .ev =
                {
                    .org_id = db_col_int(s, 2),
                    .user_id = db_col_int(s, 3),
                    .username = col_or_null(s, 4),
                    .action = col_or_null(s, 5),
                    .record_type = col_or_null(s, 6),
                    .record_id = col_or_null(s, 7),
                    .reason = col_or_null(s, 8),
                    .client = col_or_null(s, 9),
                    .outcome = col_or_null(s, 10),
                    .purpose = col_or_null(s, 16),
                },
            .prev_hash = col_or_null(s, 11),
            .hash = col_or_null(s, 12),
            .chain = db_col_int(s, 13),
            .chain_seq = db_col_int(s, 14),
            .hash_version = db_col_int(s, 15),
        };
        (*got)++;
        if (fn(ctx, &r)) {
            db_exec(s);
            return 1;
        }
    }
    return rc == DB_OK ? 0 : -1;
}

int audit_walk(db *d, int64_t chain, int64_t after, int limit, audit_row_fn fn, void *ctx,
               int *got)
{
    db_stmt *s = db_prep(d, chain < 0 ? Q_AUDIT_SCAN : Q_AUDIT_CHAIN_SCAN);
    if (s) {
        int i = 1;
        if (chain >= 0)
            db_bind_int(s, i++, chain);
        db_bind_int(s, i++, after);
        db_bind_int(s, i, limit);
    }
    return each_row(s, fn, ctx, got);
}

int audit_page(db *d, arena *a, int64_t org_id, const struct audit_filter *f, int64_t limit,
               int64_t offset, audit_row_fn fn, void *ctx, int *got)
{
    return each_row(page_stmt(d, a, org_id, f, limit, offset), fn, ctx, got);
}

int audit_chain_list(db *d, int64_t **out, size_t *nout)
{
    *out = NULL;
    *nout = 0;
    db_stmt *s = db_prep(d, Q_AUDIT_CHAINS);
    if (!s)
        return -1;
    int64_t *chains = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = db_step(s)) == DB_ROW) {
        if (n == cap) {
            int64_t *bigger = realloc(chains, sizeof *chains * (cap = cap ? 2 * cap : 64));
            if (!bigger) {
                free(chains);
                db_exec(s);
                return -1;
            }
            chains = bigger;
        }
        chains[n++] = db_col_int(s, 0);
    }
    if (rc != DB_OK) {
        free(chains);
        return -1;
    }
    *out = chains;
    *nout = n;
    return 0;
}

int64_t audit_count_all(db *d)
{
    db_stmt *s = db_prep(d, Q_AUDIT_COUNT_ALL);
    if (!s || db_step(s) != DB_ROW)
        return -1;
    int64_t n = db_col_int(s, 0);
    db_exec(s);
    return n;
}
