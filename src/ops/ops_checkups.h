/* ops_checkups.h - recovery check-ups (SPEC SV-6) and the early re-intervention tasks they
 * create: every read and change a user makes, with the reach rules in one place, so pages,
 * the API and the CLI obey the same ones.
 *
 * Who may (SV-6 with WF-1): a peer works the recoverees on their caseload, supervisors and
 * administrators every recoveree in their reach (RC_SCOPE: a supervisor their peers'
 * caseloads and the unassigned); every peer who may deliver low-intensity services works the
 * telephone-support queue, seeing only name, preferred name, phone and contact preference.
 * A Level 1 Peer Volunteer (WF-1: no assigned recoverees) works only that queue: anything
 * else is refused naming WF-1. */
#ifndef PD_OPS_CHECKUPS_H
#define PD_OPS_CHECKUPS_H

#include "checkup.h"
#include "checkups_store.h"
#include "ops.h"

/* The longest check-up note, task note or reason (bytes): a few paragraphs. */
#define CK_NOTE_MAX 4000

/* Record a check-up (SV-6) in one transaction: the check-up, the recoveree's next due date
 * moved, and when the outcome calls for it (ck_task_for) an early re-intervention task owned
 * by the recoveree's peer (else the recorder's supervisor, else the recorder), due
 * checkup_reintervention_days or checkup_at_risk_days from today; an open re-intervention
 * task of the recoveree is reused instead (its due date brought forward when the new one is
 * sooner). Audited as checkup.record (and task.create).
 * done_on: YYYY-MM-DD in the organization's zone, not after today (NULL: today); modality
 * "telephone", "text", "in_person" or "video"; outcome "stable", "at_risk",
 * "reintervention" or "unreachable". Every wrong field is reported at once (OP_INVALID). A
 * recoveree out of reach is OP_NOT_FOUND; on the telephone-support queue a peer outside the
 * caseload records telephone check-ups only (a volunteer's other modality: OP_REFUSED WF-1). */
struct ck_record_in {
    int64_t recoveree_id;
    const char *done_on, *modality, *outcome, *note;
};
struct ck_record_out {
    int64_t checkup_id, task_id; /* task_id 0: no task */
    int task_created;            /* 1: a new task; 0 with task_id: an open one reused */
    char next_due[11];           /* the next check-up's day after this one ("" when none) */
    char task_due[11];
    const char *owner_name; /* the task owner's name (context arena), or NULL */
};
enum op_status op_checkup_record(struct op_ctx *c, const struct ck_record_in *in,
                                 struct ck_record_out *out, struct op_result *res);

/* Set a recoveree's own cadence: cadence "weekly", "biweekly", "monthly", "quarterly",
 * "custom" (every_days 1..366) or "default" (back to the organization's policy values);
 * telephone puts them on the telephone-support queue; starts_on (NULL: today) is the day
 * the cadence counts from when it is later than the last check-up. version is the cadence's
 * version read (0: whatever is stored); stale is OP_CONFLICT "stale". Audited as
 * checkup.cadence. OP_OK with version the new version (0 after "default"). */
struct ck_cadence_in {
    int64_t recoveree_id;
    const char *cadence, *starts_on;
    int64_t every_days, version;
    int telephone;
};
enum op_status op_cadence_set(struct op_ctx *c, const struct ck_cadence_in *in,
                              struct op_result *res);

/* A recoveree's check-up standing, computed: their cadence (own or the default), the next
 * due day and where it stands today. */
struct ck_standing {
    int own;           /* 1: a cadence of their own */
    const char *cadence; /* own: its name; default: NULL */
    int every_days, telephone;
    int32_t next_due;  /* -1: no check-ups (closed) */
    enum ck_state state;
    int32_t days;      /* overdue by / days left */
};

/* The standing of a due-queue row on today (the policy default when it has no cadence). */
void ck_standing_of(const struct ck_due_row *row, const struct policy *pol, int32_t today,
                    struct ck_standing *out);

/* The standing of a recoveree from their stored cadence (own: NULL for the default), status,
 * intake and status dates (YYYY-MM-DD) and last check-up (NULL: none). */
void ck_standing_from(const struct ck_cadence_row *own, const char *status, const char *intake,
                      const char *status_date, const char *last_done, const struct policy *pol,
                      int32_t today, struct ck_standing *out);

/* The due query for scope sc on the context's day: check-ups due by today (overdue_only: by
 * yesterday), of peer_id's recoverees (0: any), with the policy defaults' cut-offs; strings
 * in the context arena, at most 500 rows. */
void ck_due_query_for(struct op_ctx *c, const struct rc_scope *sc, int overdue_only,
                      int64_t peer_id, struct ck_due_query *q);

/* Order due rows and their standings (parallel arrays) by due day, overdue first (the oldest
 * first), then last name. */
void ck_sort_due(struct ck_due_row *rows, struct ck_standing *st, int n);

/* The due queue (SV-6): check-ups due today and overdue for the recoverees the actor works,
 * overdue first (oldest due first), then due today; peer_id (0: all) narrows a supervisor's
 * or administrator's queue to one peer's recoverees (ignored for a peer). overdue_only
 * leaves out those due today. *rows and *standing are parallel arrays in the context arena.
 * A volunteer: OP_REFUSED WF-1. */
struct ck_due_in {
    int64_t peer_id;
    int overdue_only;
};
enum op_status op_checkups_due(struct op_ctx *c, const struct ck_due_in *in,
                               struct ck_due_row **rows, struct ck_standing **standing, int *n,
                               struct op_result *res);

/* The telephone-support queue (SV-6, WF-1): the organization's recoverees with the telephone
 * flag, soonest due first, with name, preferred name, phone and contact preference only. Any
 * peer who may deliver low-intensity services today, supervisors and administrators. */
enum op_status op_phone_queue(struct op_ctx *c, struct ck_phone_row **rows, int *n,
                              struct op_result *res);

/* One recoveree of the telephone-support queue, for the call's form: OP_NOT_FOUND when they
 * are not on it; the same actors as op_phone_queue. */
enum op_status op_phone_one(struct op_ctx *c, int64_t recoveree_id, struct ck_phone_row *out,
                            struct op_result *res);

/* Tasks (SV-6): a peer's own, a supervisor's team's (theirs and their supervisees'), an
 * administrator's whole organization's; status "open" (NULL), "done" or "cancelled". A
 * volunteer: OP_REFUSED WF-1. */
enum op_status op_tasks_list(struct op_ctx *c, const char *status, struct task_row **rows, int *n,
                             struct op_result *res);

/* Change a task whose version is still `version` (a stale one is OP_CONFLICT "stale"; one no
 * longer open OP_CONFLICT "closed"): done with a note, cancelled with a reason (both
 * required, at most CK_NOTE_MAX), or given to owner_id (supervisors and administrators only,
 * a supervisor to themself or someone they supervise, never to someone WF-1/WF-5 keeps from
 * taking recoverees). The owner, their supervisor and administrators may act on a task;
 * anyone else gets OP_NOT_FOUND. Audited as task.done, task.cancel, task.reassign. */
enum ck_task_change { CKT_DONE, CKT_CANCEL, CKT_REASSIGN };
struct ck_task_in {
    int64_t task_id, version, owner_id;
    const char *note; /* the note (done) or the reason (cancel) */
};
enum op_status op_task_change(struct op_ctx *c, enum ck_task_change what,
                              const struct ck_task_in *in, struct op_result *res);

#endif
