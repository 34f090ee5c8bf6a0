/* intake_store.h - typed store calls for a new recoveree (RC-1 intake) and its first caseload
 * assignment, and finding an existing recoveree by the import's key. Callers never bind. */
#ifndef PD_INTAKE_STORE_H
#define PD_INTAKE_STORE_H

#include <stdint.h>

#include "db.h"
#include "recoverees.h"

/* Insert a recoveree of org_id from the intake fields of r (first_name to preferred_peer,
 * ok_to_leave_message; contact_pref NULL means "phone"), with intake and status date `today`
 * (YYYY-MM-DD), created by user `by` at Unix time now. DB_OK with *id, or a negative
 * enum db_rc. */
int rc_insert(db *d, int64_t org_id, const struct recoveree *r, const char *today, int64_t by,
              int64_t now, int64_t *id);

/* Put recoveree_id on peer_id's caseload from `start` (YYYY-MM-DD), recorded by `by` at now,
 * with no override. DB_OK or a negative enum db_rc. */
int cl_insert_plain(db *d, int64_t org_id, int64_t recoveree_id, int64_t peer_id,
                    const char *start, int64_t by, int64_t now);

/* The id of a recoveree of org_id with this last name and first name (case-insensitive) and
 * date of birth (NULL matches only a recoveree without one): 1 with *id, 0 none, -1 error. */
int rc_find_by_key(db *d, int64_t org_id, const char *last_name, const char *first_name,
                   const char *dob, int64_t *id);

#endif
