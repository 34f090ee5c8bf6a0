/* recoverees.h - store access for recoverees and their records, always through the access scope. */
#ifndef PD_RECOVEREES_H
#define PD_RECOVEREES_H

#include <stdint.h>

#include "arena.h"
#include "db.h"
#include "roles.h"

/* Who is asking, reduced to what the RC_SCOPE condition needs (q_recoverees.def). */
struct rc_scope {
    int all;            /* administrators reach every recoveree of the organization */
    int64_t peer;       /* a peer reaches their active caseload (0: not a peer) */
    int64_t supervisor; /* a supervisor reaches their supervisees' caseloads and active
                         * recoverees that never had a peer (0: not a supervisor) */
    int64_t user;       /* an unexpired break-glass grant opens a record for reading only:
                         * 0 for writes */
    char today[11];
    int64_t now;
};

/* THE access rule for recoverees (SPEC "Security", issue 4 "Caseloads and access"):
 * fill sc for a user of role at day `today` (civil) and Unix time now. */
void rc_scope_for(struct rc_scope *sc, enum role role, int64_t user_id, int32_t today, int64_t now);

/* Bind the RC_SCOPE parameters starting at index i; returns the next free index. */
int rc_bind_scope(db_stmt *s, int i, const struct rc_scope *sc);

/* The consent state shown in the recoveree list, best first (a signed, unrevoked, unexpired
 * consent beats one awaiting signature, which beats an expired one, then a revoked one). */
enum rc_consent_state {
    RCC_NONE,
    RCC_REVOKED,
    RCC_EXPIRED,
    RCC_UNSIGNED,
    RCC_ACTIVE,
};

struct recoveree {
    int64_t id, version, created_at;
    const char *first_name, *last_name, *preferred_name, *dob, *phone, *email, *contact_pref;
    int ok_to_leave_message;
    const char *language, *cultural_factors, *lived_experience, *pathways, *preferred_peer;
    const char *status, *intake_date, *status_date;
    /* Structured matching profile (RC-1, RC-2): codes of profile.h, comma-separated (gender
     * and peer_gender one code), NULL = none stated. */
    const char *language_codes, *gender, *peer_gender, *substance_codes, *pathway_codes,
        *culture_codes;
    /* The list columns, filled by rc_page only: the first active peer's name (NULL: none)
     * and how many peers, the plan's next review (NULL: no plan), the consent state. */
    const char *list_peer, *list_plan_due;
    int64_t list_npeers;
    enum rc_consent_state list_consent;
};

/* One recoveree if in scope: 1, 0 (absent or out of scope: the same answer), -1. */
int rc_get(db *d, arena *a, int64_t org_id, int64_t id, const struct rc_scope *sc,
           struct recoveree *out);

/* A page in scope with filters (NULL = any) and the list columns. q is the search box
 * (rc_search.h: name words, phone, date of birth or record number); the access scope
 * applies to every search. *out is arena memory. 0, -1 (store), or -2 (q has too many
 * words). */
int rc_page(db *d, arena *a, int64_t org_id, const struct rc_scope *sc, const char *status,
            const char *q, int64_t limit, int64_t offset, struct recoveree **out, int *n,
            int64_t *total);

/* Save the structured matching profile of recoveree id (codes already normalized, NULL or
 * "" = none) inside the caller's transaction. DB_OK or DB_ERR. */
int rc_set_profile(db *d, int64_t org_id, int64_t id, const char *language_codes,
                   const char *gender, const char *peer_gender, const char *substance_codes,
                   const char *pathway_codes, const char *culture_codes);

/* Save the intake fields and status of r (first_name to preferred_peer, ok_to_leave_message,
 * status, status_date; contact_pref as given) over recoveree r->id of org_id if its version
 * is still `version`, at Unix time now (the version goes up by one): 1 saved, 0 stale (or
 * absent), -1 error. */
int rc_update(db *d, int64_t org_id, const struct recoveree *r, int64_t version, int64_t now);

/* Does recoveree id exist in org_id at all, whatever the reach (break-glass only): 1, 0, -1. */
int rc_exists(db *d, int64_t org_id, int64_t id);

/* A record found for emergency access: only what is needed to choose it. */
struct rc_bg_hit {
    int64_t id;
    const char *first_name, *last_name, *preferred_name, *dob;
};

/* Break-glass search over every recoveree of org_id: a first, preferred or last name that
 * matches name_pattern (a LIKE pattern from like_prefix), narrowed by dob and by phone digits
 * (the stored number's end, its punctuation ignored) when not NULL; at most limit rows by
 * name. 0 with *out and *n, or -1. */
int rc_bg_search(db *d, arena *a, int64_t org_id, const char *name_pattern, const char *dob,
                 const char *phone_digits, int limit, struct rc_bg_hit **out, int *n);

/* Read the RC_COLS columns of the current row (exposed for plan/due lists). */
void rc_from_row(db_stmt *s, arena *a, struct recoveree *r);

#endif
