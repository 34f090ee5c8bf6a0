/* home_cache.h - the parts of the home pages counted from an organization's data (the caseload
 * card, the workforce card), kept in the process as JSON text and served while nothing they
 * were counted from has changed.
 *
 * A piece is labelled with what it was computed from:
 *   - org_data.version (migration 021), read with the session (one column of the query that
 *     runs anyway): database triggers add one to it whenever a recoveree, plan, caseload row,
 *     stored workforce status, supervisor assignment or break-glass grant of the organization
 *     changes, on any server sharing the database, in the transaction that changes it;
 *   - orgs.state_version (org_cache.h): policy values, names, roles;
 *   - a tick: the organization's day for what depends on the date, or a minute for what
 *     depends on the time (an expiring break-glass grant);
 *   - a name that says whose piece it is and in which language ("wf:0:en").
 * The version is read before the piece is computed, so a piece is never older than its label;
 * a label that differs in anything is a miss. A miss computes the piece and stores it.
 * At most MEMO_MAX pieces are kept in all; when full, everything is dropped and refilled. */
#ifndef PD_HOME_CACHE_H
#define PD_HOME_CACHE_H

#include <stdint.h>

#include <jansson.h>

#include "db.h"

struct memo_key {
    int64_t org_id;
    int64_t data_version;  /* org_data.version (principal.data_version); <= 0: never cached */
    int64_t state_version; /* orgs.state_version (principal.org_version) */
    int64_t tick;          /* the day, or the minute, the piece was computed for */
    const char *name;      /* whose piece, in which language: at most 63 bytes */
};

enum { MEMO_MAX = 4096 };

/* The piece under key k, as a new JSON value (the caller owns it), or NULL on a miss. */
json_t *memo_get(db *d, const struct memo_key *k);

/* Keep v (not consumed) under key k. Nothing is kept when k cannot be cached. */
void memo_put(db *d, const struct memo_key *k, const json_t *v);

/* The organization's data version as stored now (what the session query reads with the
 * session). 0 with *v set, or -1 on a store error. */
int org_data_version(db *d, int64_t org_id, int64_t *v);

/* Counters for tests and the bench: pieces served from the cache, and misses. */
void memo_stats(uint64_t *hits, uint64_t *misses);

/* Forget everything (tests). */
void memo_clear(void);

#endif
