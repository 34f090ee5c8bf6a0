/* checkups_store.h - typed store functions for recovery check-ups (SV-6): a recoveree's own
 * cadence, the check-ups made, the due queue and the telephone-support queue, and the tasks
 * an outcome creates. The SQL is in q_checkups.def; every function binds its own parameters
 * and scopes to one organization. Strings are copied into the caller's arena. */
#ifndef PD_CHECKUPS_STORE_H
#define PD_CHECKUPS_STORE_H

#include <stdint.h>

#include "arena.h"
#include "db.h"
#include "recoverees.h"

/* A recoveree's own cadence (checkup_cadence). */
struct ck_cadence_row {
    const char *cadence, *next_due;
    int64_t every_days, version, set_at;
    int telephone;
};

/* One recorded check-up. */
struct ck_history_row {
    int64_t id, at, task_id; /* task_id 0: none */
    const char *done_on, *modality, *outcome, *note, *by;
};

/* A recoveree in the due queue, with what the due date is computed from: their own cadence
 * (has_cadence: cadence, every_days, telephone, next_due) or the organization's default
 * (status, intake_date, status_date, last_done). */
struct ck_due_row {
    int64_t id, peer_id; /* peer_id 0: no active peer */
    const char *first_name, *last_name, *preferred_name, *status, *intake_date, *status_date;
    const char *phone, *contact_pref, *cadence, *next_due, *last_done, *peer_name;
    int64_t every_days;
    int has_cadence, telephone;
};

/* A recoveree on the telephone-support queue: only what a call needs (WF-1). */
struct ck_phone_row {
    int64_t id;
    const char *first_name, *last_name, *preferred_name, *phone, *contact_pref, *next_due,
        *last_done;
    int in_reach; /* the caller reaches the whole record (RC_SCOPE) */
};

/* One task with its recoveree's name, owner's name and the check-up it came from. */
struct task_row {
    int64_t id, recoveree_id, owner_id, version, source_checkup_id, created_at, done_at;
    const char *kind, *title, *owner_name, *due_date, *status, *note;
    const char *first_name, *last_name;          /* NULL: no recoveree */
    const char *source_outcome, *source_done_on; /* NULL: not from a check-up */
};

/* ---- cadence ---- */

/* The recoveree's own cadence: 1 (in *out), 0 when they follow the default, -1 on error. */
int ck_cadence_get(db *d, arena *a, int64_t org_id, int64_t recoveree_id,
                   struct ck_cadence_row *out);

/* Give a recoveree a cadence of their own. DB_OK or a negative enum db_rc. */
int ck_cadence_insert(db *d, int64_t org_id, int64_t recoveree_id, const char *cadence,
                      int64_t every_days, int telephone, const char *next_due, int64_t by,
                      int64_t at);

/* Change it if its version is still `version`: 1 changed, 0 stale, -1 error. */
int ck_cadence_update(db *d, int64_t org_id, int64_t recoveree_id, const char *cadence,
                      int64_t every_days, int telephone, const char *next_due, int64_t by,
                      int64_t at, int64_t version);

/* Remove it (back to the organization's default) if its version is still `version`: 1, 0
 * stale, -1 error. */
int ck_cadence_delete(db *d, int64_t org_id, int64_t recoveree_id, int64_t version);

/* Move the stored next due date after a check-up. DB_OK or negative. */
int ck_cadence_move(db *d, int64_t org_id, int64_t recoveree_id, const char *next_due);

/* ---- check-ups ---- */

/* The day of the recoveree's latest check-up into *out (arena; NULL when none): 0, or -1. */
int ck_last_done(db *d, arena *a, int64_t org_id, int64_t recoveree_id, const char **out);

/* Record a check-up made on done_on (YYYY-MM-DD) and entered at Unix time at; *id receives
 * its id. note may be NULL. DB_OK or negative. */
int ck_insert(db *d, int64_t org_id, int64_t recoveree_id, const char *done_on, int64_t at,
              int64_t by, const char *modality, const char *outcome, const char *note,
              int64_t *id);

/* Link check-up id to the task it led to. DB_OK or negative. */
int ck_set_task(db *d, int64_t org_id, int64_t id, int64_t task_id);

/* How many of the recoveree's latest check-ups in a row (at most max, at most 50) were
 * unreachable, into *run: 0, or -1. */
int ck_unreachable_run(db *d, int64_t org_id, int64_t recoveree_id, int max, int *run);

/* The recoveree's check-ups, newest first, at most limit (at most 500): 0 with *out and *n,
 * or -1. */
int ck_history(db *d, arena *a, int64_t org_id, int64_t recoveree_id, int limit,
               struct ck_history_row **out, int *n);

/* ---- queues ---- */

/* What the due queue asks: recoverees in scope (break-glass grants ignored) whose check-up is
 * due on or before due_by; peer_id (0: any) keeps those whose first active peer it is. The
 * cut-offs are due_by less checkup_days_active and less checkup_days_discharged (the default
 * cadence, q_checkups.def CK_DUE). Dates are YYYY-MM-DD; today decides who is a peer now. */
struct ck_due_query {
    const struct rc_scope *scope;
    int64_t peer_id;
    const char *today, *due_by, *cut_active, *cut_discharged;
    int limit; /* at most 500 */
};

/* The due queue, in no particular order (the caller orders by due date): 0 with *out and *n,
 * or -1. */
int ck_due(db *d, arena *a, int64_t org_id, const struct ck_due_query *q, struct ck_due_row **out,
           int *n);

/* The telephone-support queue of the organization, soonest due first, at most limit (at most
 * 500); in_reach says whether sc reaches each whole record. 0 with *out and *n, or -1. */
int ck_phone_queue(db *d, arena *a, int64_t org_id, const struct rc_scope *sc, int limit,
                   struct ck_phone_row **out, int *n);

/* One recoveree of the telephone-support queue (flagged, active or discharged): 1 with *out
 * (in_reach 0), 0 when they are not on it (or absent), -1. */
int ck_phone_one(db *d, arena *a, int64_t org_id, int64_t id, struct ck_phone_row *out);

/* ---- owners ---- */

/* The recoveree's first active peer on today (YYYY-MM-DD) into *peer_id (0: none): 0 or -1. */
int ck_owner_peer(db *d, int64_t org_id, int64_t recoveree_id, const char *today,
                  int64_t *peer_id);

/* user_id's current supervisor on today into *sup_id (0: none): 0 or -1. */
int ck_supervisor_of(db *d, int64_t org_id, int64_t user_id, const char *today, int64_t *sup_id);

/* ---- tasks ---- */

/* A new open task; source_checkup_id 0 for none. *id receives its id. DB_OK or negative. */
int task_insert(db *d, int64_t org_id, int64_t recoveree_id, const char *kind, const char *title,
                int64_t owner_id, const char *due_date, int64_t source_checkup_id,
                int64_t by, int64_t at, int64_t *id);

/* The recoveree's open re-intervention task (the soonest due): 1 with *id and *due_date
 * (arena), 0 when there is none, -1. */
int task_open_for(db *d, arena *a, int64_t org_id, int64_t recoveree_id, int64_t *id,
                  const char **due_date);

/* Bring task id's due date forward to due_date when it is later. DB_OK or negative. */
int task_due_earlier(db *d, int64_t org_id, int64_t id, const char *due_date);

/* One task: 1 (in *out), 0 absent, -1. */
int task_get(db *d, arena *a, int64_t org_id, int64_t id, struct task_row *out);

/* Which tasks a list shows: of a status ("open", "done", "cancelled"), owned by owner_id (0:
 * anyone), and when team_of is a supervisor's id, owned by them or by someone they supervise
 * on today. */
struct task_query {
    const char *status;
    int64_t owner_id, team_of;
    const char *today;
    int limit; /* at most 500 */
};

/* The tasks, soonest due first: 0 with *out and *n, or -1. */
int task_list(db *d, arena *a, int64_t org_id, const struct task_query *q, struct task_row **out,
              int *n);

/* Close open task id as status ("done" or "cancelled") with note if its version is still
 * `version`: 1, 0 (stale or not open), -1. */
int task_close(db *d, int64_t org_id, int64_t id, const char *status, const char *note,
               int64_t by, int64_t at, int64_t version);

/* Give open task id to owner_id if its version is still `version`: 1, 0 (stale or not open),
 * -1. */
int task_reassign(db *d, int64_t org_id, int64_t id, int64_t owner_id, int64_t version);

/* ---- a peer's day: two reads in one round trip ---- */

/* "My day" (SV-6): the due queue q and the tasks tq read together (pipelined on PostgreSQL).
 * 0 with both lists, or -1. */
int ck_myday(db *d, arena *a, int64_t org_id, const struct ck_due_query *q,
             const struct task_query *tq, struct ck_due_row **due, int *ndue,
             struct task_row **tasks, int *ntasks);

#endif
