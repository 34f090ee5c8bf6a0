/* caseload_store.h - typed store functions for who works with a recoveree: caseload
 * assignments, relationships that create SV-3/SV-4 conflicts, the peers matching (RC-2)
 * ranks, the staff a relationship may name, and break-glass grants. The SQL is in
 * q_recoverees.def (and USER_CHOICES in q_users.def); every function binds its own
 * parameters. Arena strings; NULL columns give NULL. */
#ifndef PD_CASELOAD_STORE_H
#define PD_CASELOAD_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "db.h"
#include "matching.h"

/* One active assignment of a recoveree, with the peer's name and any override it was made
 * under (override_rules "SV-3,SV-4", NULL when none). */
struct cl_row {
    int64_t id, peer_id;
    const char *peer, *start_date, *override_rules, *override_reason;
};

/* A relationship of a staff member with a recoveree (kind: rel_kind_name). */
struct rel_row {
    int64_t id, staff_id;
    const char *staff, *kind, *note;
};

/* A break-glass grant for the review list. reviewed_at is 0 when not yet reviewed. */
struct bg_row {
    int64_t id, user_id, recoveree_id, at, expires_at, reviewed_by, reviewed_at;
    const char *user, *reason, *review_note;
};

/* An active staff member to choose from: id, display name, role name (roles.h). */
struct staff_choice {
    int64_t id;
    const char *name, *role;
};

/* The recoveree's assignments active on `today` (YYYY-MM-DD) and not ended, oldest start
 * first: 0 with *out and *n, or -1. */
int cl_active(db *d, arena *a, int64_t org_id, int64_t recoveree_id, const char *today,
              struct cl_row **out, int *n);

/* Put recoveree_id on peer_id's caseload from `start`, recorded by `by` at now. An override
 * names its rules and reason and who made it (override_by; 0 with both NULL for none).
 * DB_OK with *id, or a negative enum db_rc. */
int cl_insert(db *d, int64_t org_id, int64_t recoveree_id, int64_t peer_id, const char *start,
              const char *override_rules, const char *override_reason, int64_t override_by,
              int64_t by, int64_t now, int64_t *id);

/* End open assignment id of the recoveree at once (end_date today, ended_at now): 1 ended,
 * 0 no such open assignment, -1 error. */
int cl_end(db *d, int64_t org_id, int64_t recoveree_id, int64_t id, const char *today,
           int64_t now);

/* The recoveree's relationships with staff, in the order recorded: 0 with *out and *n, or -1. */
int rel_list(db *d, arena *a, int64_t org_id, int64_t recoveree_id, struct rel_row **out,
             int *n);

/* Record a relationship (kind: rel_kind_name; note may be NULL). DB_OK or negative. */
int rel_insert(db *d, int64_t org_id, int64_t recoveree_id, int64_t staff_id, const char *kind,
               const char *note, int64_t by, int64_t now);

/* Every active peer of the organization (at most 5000) with their structured profile codes,
 * capacity and caseload on `today`, for matching: 0 with *out and *n (eligible 0, level 0:
 * the caller decides them), or -1. */
int match_peers(db *d, arena *a, int64_t org_id, const char *today, struct match_peer **out,
                size_t *n);

/* Active staff of the organization by name, at most limit: 0 with *out and *n, or -1. */
int user_choices(db *d, arena *a, int64_t org_id, int limit, struct staff_choice **out, int *n);

/* Record a break-glass grant of user_id on recoveree_id from `at` until expires_at.
 * DB_OK with *id, or negative. */
int bg_insert(db *d, int64_t org_id, int64_t user_id, int64_t recoveree_id, const char *reason,
              int64_t at, int64_t expires_at, int64_t *id);

/* Grants for review, unreviewed first then newest, at most limit: 0 with *out and *n, or -1. */
int bg_list(db *d, arena *a, int64_t org_id, int limit, struct bg_row **out, int *n);

/* When user_id's latest unexpired grant on recoveree_id ends: 0 with *until (0: none), or -1. */
int bg_active_until(db *d, int64_t org_id, int64_t recoveree_id, int64_t user_id, int64_t now,
                    int64_t *until);

/* Mark grant id reviewed by reviewer at now with note (may be NULL), unless it is already
 * reviewed or is the reviewer's own: 1 marked, 0 not, -1 error. */
int bg_review(db *d, int64_t org_id, int64_t id, int64_t reviewer, int64_t now, const char *note);

/* End unexpired grant id now, if it is user_id's or `any` is set (a supervisor or
 * administrator): 1 ended, 0 not, -1 error. */
int bg_end(db *d, int64_t org_id, int64_t id, int64_t user_id, int any, int64_t now);

#endif
