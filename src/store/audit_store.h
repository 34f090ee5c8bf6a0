/* audit_store.h - typed store functions for the audit trail: the pages' filtered reads, and
 * the statements the hash chain runs (append a row, claim, read and store a chain's head, walk
 * a chain). The chain's rules (hashing, numbering, the per-transaction tail, what verifying
 * means) stay in src/audit/audit.c; every function here runs one statement of q_audit.def and
 * binds its own parameters. */
#ifndef PD_AUDIT_STORE_H
#define PD_AUDIT_STORE_H

#include <stdint.h>

#include <stddef.h>

#include "arena.h"
#include "audit.h"
#include "db.h"

/* What the audit page filters on: events at since <= at < until; NULL strings match any. */
struct audit_filter {
    int64_t since, until;
    const char *user;    /* the username exactly */
    const char *action;  /* a prefix of the action, taken literally */
    const char *type;    /* record_type exactly */
    const char *id;      /* record_id exactly */
    const char *purpose; /* purpose of use exactly */
};

/* ---- the hash chain (audit.c) ---- */

/* Claim chain's next sequence number (AUDIT_CHAIN_NEXT), which locks its head row until the
 * transaction ends: 1 with *seq and the previous row's hash in prev (64 hex digits and the
 * NUL, cut to fit), 0 when the chain has no head row yet, -1 on a store error. */
int audit_chain_next(db *d, int64_t chain, int64_t *seq, char prev[65]);

/* Start chain's head at number 0 and the zero hash; a head that exists is left alone. DB_OK
 * or a negative enum db_rc. */
int audit_chain_open(db *d, int64_t chain);

/* Store chain's end after a transaction's appends: its last number and hash. DB_OK or
 * negative. */
int audit_chain_store(db *d, int64_t chain, int64_t seq, const char *hash);

/* A chain's stored end (chain >= 0), or with chain -1 the end of the rows written before
 * migration 005 (audit_head): 1 with *seq and hash, 0 when there is no such head, -1 on a
 * store error. A stored hash that is not 64 characters comes back as "" (it matches no
 * row's hash). */
int audit_head_get(db *d, int64_t chain, int64_t *seq, char hash[65]);

/* Append one version-2 row: ev's fields (org_id and user_id 0 are stored as NULL, outcome as
 * given), at, its place chain/chain_seq, the previous row's hash and its own. DB_OK or
 * negative. */
int audit_row_insert(db *d, const struct audit_ev *ev, int64_t at, int64_t chain,
                     int64_t chain_seq, const char *prev_hash, const char *hash);

/* audit_row_insert and audit_chain_store of the same row (its chain's new end) sent together
 * (db_pipeline: one round trip on PostgreSQL), for an entry that is its transaction's only
 * one. DB_OK or the first failure. */
int audit_row_insert_with_head(db *d, const struct audit_ev *ev, int64_t at, int64_t chain,
                               int64_t chain_seq, const char *prev_hash, const char *hash);

/* One stored row (the AUDIT_COLS of q_audit.def) as a chain walk sees it. NULL columns give
 * NULL strings and 0 numbers; the strings are valid only during the callback. */
struct audit_row {
    int64_t seq, at, chain, chain_seq, hash_version;
    struct audit_ev ev;
    const char *prev_hash, *hash;
};

/* Called for each row of a walk; a non-zero return stops it. */
typedef int (*audit_row_fn)(void *ctx, const struct audit_row *r);

/* Walk at most limit rows: with chain >= 0, that chain's rows in chain order after chain
 * number `after`; with chain -1, the rows written before migration 005 in their one
 * sequence after seq `after`. *got counts the rows passed to fn. 0 when every row was
 * walked, 1 when fn stopped the walk, -1 on a store error. */
int audit_walk(db *d, int64_t chain, int64_t after, int limit, audit_row_fn fn, void *ctx,
               int *got);

/* The audit page's rows of org_id matching f, newest first, at most limit after skipping
 * offset, each passed to fn (strings valid during the call): 0, 1 when fn stopped, -1 on a
 * store error. *got counts the rows passed. */
int audit_page(db *d, arena *a, int64_t org_id, const struct audit_filter *f, int64_t limit,
               int64_t offset, audit_row_fn fn, void *ctx, int *got);

/* Every chain there is, by its head or by its rows, in order: 0 with *out (malloc'd, the
 * caller frees it; NULL when *n is 0) and *n, or -1. */
int audit_chain_list(db *d, int64_t **out, size_t *n);

/* The number of rows in the whole trail, or -1 on a store error. */
int64_t audit_count_all(db *d);

#endif
