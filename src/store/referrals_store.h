/* referrals_store.h - typed store functions for SV-7: the resource directory and referrals.
 * The SQL is in q_referrals.def; each function binds its own parameters. Strings of the rows
 * are arena copies. */
#ifndef PD_REFERRALS_STORE_H
#define PD_REFERRALS_STORE_H

#include <stdint.h>

#include "arena.h"
#include "db.h"
#include "recoverees.h"

/* A community resource. Every text may be NULL but kind and name. */
struct resource {
    int64_t id, version, updated_at;
    const char *kind, *name, *address, *zip, *phone, *hours, *languages, *eligibility,
        *meetings, *website, *note;
    int active;
};

/* Add r (id, version, active and updated_at are ignored: new, 1, active) to org_id; *id
 * receives its id. DB_OK or a negative enum db_rc. */
int resource_insert(db *d, int64_t org_id, const struct resource *r, int64_t by, int64_t at,
                    int64_t *id);

/* Resource id of org_id, active or not: 1 (in *out), 0 absent (or another organization's),
 * -1 error. */
int resource_get(db *d, arena *a, int64_t org_id, int64_t id, struct resource *out);

/* Save r over resource r->id of org_id (r->active included) if its version is still
 * `version`: 1 saved, 0 stale or absent, -1 error. */
int resource_update(db *d, int64_t org_id, const struct resource *r, int64_t version, int64_t by,
                    int64_t at);

/* What the directory is searched by; NULL (or 0) is "any". */
struct resource_search {
    const char *kind;      /* a resource kind (referral.h) */
    const char *language;  /* a word of the languages column ("spanish"), case-insensitive */
    const char *zip;       /* a ZIP prefix: "071" finds 07102 and 07103-2210 */
    const char *q;         /* words of the name, address or eligibility */
    int include_inactive;  /* deactivated resources too (after the active ones) */
};

/* A page of the search: limit rows from offset into *out (arena), *n of them, and *total
 * matching (0 when the page is past the end). 0 or -1. */
int resource_search(db *d, arena *a, int64_t org_id, const struct resource_search *s,
                    int64_t limit, int64_t offset, struct resource **out, int *n,
                    int64_t *total);

/* The import's key: the id of org_id's resource with this name (case-insensitive) and ZIP
 * (NULL matches NULL): 1 with *id, 0 none, -1 error. */
int resource_find_key(db *d, int64_t org_id, const char *name, const char *zip, int64_t *id);

/* A referral with the names a list shows: the resource's name, kind and phone, who made it,
 * and the recoveree's names. Dates are YYYY-MM-DD (NULL: not set). */
struct referral {
    int64_t id, recoveree_id, resource_id, made_by, version, updated_at;
    const char *made_on, *state, *connected_on, *closed_on, *follow_up_on, *note;
    const char *resource_name, *resource_kind, *resource_phone, *made_by_name;
    const char *first_name, *preferred_name, *last_name;
};

/* Make a referral (state made); *id receives its id. DB_OK or a negative enum db_rc. */
int referral_insert(db *d, int64_t org_id, int64_t recoveree_id, int64_t resource_id,
                    int64_t made_by, const char *made_on, const char *follow_up_on,
                    const char *note, int64_t at, int64_t *id);

/* Referral id of org_id: 1 (in *out), 0 absent, -1 error. The caller checks that its
 * recoveree is in the reader's reach. */
int referral_get(db *d, arena *a, int64_t org_id, int64_t id, struct referral *out);

/* Save state, dates and note of f over referral f->id if its version is still `version`:
 * 1 saved, 0 stale or absent, -1 error. */
int referral_update(db *d, int64_t org_id, const struct referral *f, int64_t version, int64_t by,
                    int64_t at);

/* A recoveree's referrals, open ones first, newest first (at most 500): 0 with *out, *n; -1. */
int referrals_of(db *d, arena *a, int64_t org_id, int64_t recoveree_id, struct referral **out,
                 int *n);

/* The open referrals user made of recoverees still in scope sc: those due for follow-up by
 * due_by (YYYY-MM-DD) first, soonest first, then the rest; with due_only, only those due.
 * At most limit: 0 with *out, *n; -1. One statement (My day reads it alone). */
int referrals_mine_open(db *d, arena *a, int64_t org_id, int64_t user, const struct rc_scope *sc,
                        const char *due_by, int due_only, int limit, struct referral **out,
                        int *n);

#endif
