/* org_cache.h - what every request of an organization reads (its policy values), kept in the
 * process and checked against orgs.state_version.
 *
 * The version is read with the session or token on every request (one column of the query
 * that runs anyway), so a change made by any server on the same database is seen by every
 * other server on its next request: the writer adds one to the version in the transaction
 * that changes the values (org_state_bump). A cached entry is labelled with the version that
 * was read before the values were, so it is never newer than its label and never served
 * after a change. */
#ifndef PD_ORG_CACHE_H
#define PD_ORG_CACHE_H

#include <stdint.h>

#include "arena.h"
#include "db.h"
#include "policy.h"

/* The organization's policy as of state version `version`: from the cache when it holds that
 * version, else read (policy_load) and cached. version <= 0: read the version first (one
 * more statement; for callers without a session query). 0, or -1 on a store error. */
int org_policy(db *d, int64_t org_id, int64_t version, struct policy *p);

struct wf_named;
struct role_count;
/* The supervisors to choose or filter by (wf_supervisors) and the accounts by role
 * (user_role_counts) of the organization as of state version `version` (principal's
 * org_version), from the cache while it stands (a database trigger adds one to the version
 * when an account is added or its name, role or enablement changes), else read and cached.
 * Rows and strings are copies in arena a. version <= 0: read, not cached. 0 or -1. */
int org_supervisors(db *d, arena *a, int64_t org_id, int64_t version, struct wf_named **rows,
                    int *n);
int org_role_counts(db *d, arena *a, int64_t org_id, int64_t version, struct role_count **rows,
                    int *n);

/* Add one to the organization's state version, inside the caller's transaction that changes
 * what is cached. 0 or -1. */
int org_state_bump(db *d, int64_t org_id);

/* Counters for tests and the bench: lookups answered from the cache, and reads. */
void org_cache_stats(uint64_t *hits, uint64_t *misses);

/* Forget everything cached (tests). */
void org_cache_clear(void);

#endif
