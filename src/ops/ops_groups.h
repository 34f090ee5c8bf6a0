/* ops_groups.h - recovery support groups (SPEC GR-1..GR-5): what administrators, supervisors
 * and facilitators do with a group, its schedule, its sessions, their attendance and the
 * incidents a facilitator must report. Pages, the API and the CLI call these alike; every
 * rule is decided here, once.
 *
 * Who may do what:
 *   administrators and supervisors  create and change groups, name facilitators, add members;
 *   a group's current facilitators  cancel or move one of its sessions, plan and document its
 *                                   sessions, record ground rules agreed, report incidents;
 *   anyone who reaches a recoveree  (their peer, case manager, the peer's supervisor) adds them
 *                                   to a group.
 * A group another organization owns, or one the actor may not act on, is OP_NOT_FOUND. */
#ifndef PD_OPS_GROUPS_H
#define PD_OPS_GROUPS_H

#include <stddef.h>
#include <stdint.h>

#include "ops.h"

#define GRP_NAME_MAX 120
#define GRP_TEXT_MAX 4000   /* ground rules, a session note, incident details */
#define GRP_LINK_MAX 500    /* a video link */
#define GRP_REASON_MIN 5    /* why a session is cancelled or moved */

struct grp_in {
    const char *name, *kind, *place, *video_link, *ground_rules;
    int64_t capacity;
    const char *setting, *activity, *funding_source; /* for the attendance services (SV-1) */
    const char *start_date, *start_time;             /* the first session, local */
    int64_t minutes;
    const char *rrule; /* RFC 5545 RRULE value, or NULL / "" for no repeating schedule */
    int64_t template_id; /* the session plan template, 0: the built-in agenda */
    int active;          /* edits only */
    int64_t version;     /* edits only: the version the editor saw */
};

/* Create a group (OP_OK with its id) or change one at in->version (OP_CONFLICT "stale"). Every
 * field at fault at once (res->errors). */
enum op_status op_grp_create(struct op_ctx *c, const struct grp_in *in, struct op_result *res);
enum op_status op_grp_edit(struct op_ctx *c, int64_t id, const struct grp_in *in,
                           struct op_result *res);

/* Name user_id a facilitator (contracted: not on staff), or end their part. GR-4 refuses a case
 * manager any of whose own caseload is a member. */
enum op_status op_grp_facilitator_add(struct op_ctx *c, int64_t group_id, int64_t user_id,
                                      int contracted, struct op_result *res);
enum op_status op_grp_facilitator_remove(struct op_ctx *c, int64_t group_id, int64_t user_id,
                                         struct op_result *res);

/* Add recoveree_id as a member (agreed: they agreed to the ground rules today). Refused when the
 * group is full (GR-1) or one of its facilitators is their own case manager (GR-4). */
enum op_status op_grp_member_add(struct op_ctx *c, int64_t group_id, int64_t recoveree_id,
                                 int agreed, struct op_result *res);
enum op_status op_grp_member_leave(struct op_ctx *c, int64_t group_id, int64_t recoveree_id,
                                   struct op_result *res);
/* The member agreed to the ground rules today (recorded with the date). */
enum op_status op_grp_member_agree(struct op_ctx *c, int64_t group_id, int64_t recoveree_id,
                                   struct op_result *res);

/* Cancel (new_date NULL) or move one occurrence of the schedule, saying why; undo removes
 * the exception. The occurrence must be one of the schedule's. */
enum op_status op_grp_exception(struct op_ctx *c, int64_t group_id, const char *orig_date,
                                const char *new_date, const char *new_time, const char *reason,
                                struct op_result *res);
enum op_status op_grp_exception_undo(struct op_ctx *c, int64_t group_id, const char *orig_date,
                                     struct op_result *res);

/* An organization's own session plan template ("label|minutes" lines, group.h): id 0 makes
 * one; else change it at version. */
enum op_status op_grp_template_save(struct op_ctx *c, int64_t id, int64_t version,
                                    const char *name, const char *segments,
                                    struct op_result *res);

/* Open the session of the group's occurrence on day (YYYY-MM-DD, its scheduled day): OP_OK with
 * the session's id, made with the group's plan the first time. A cancelled occurrence, or a
 * day with none, is OP_INVALID. */
enum op_status op_grp_session_open(struct op_ctx *c, int64_t group_id, const char *day,
                                   struct op_result *res);

/* The session's own plan: segments ("label|minutes" lines), topic, handouts (one per line). */
enum op_status op_grp_session_plan(struct op_ctx *c, int64_t session_id, int64_t version,
                                   const char *segments, const char *topic,
                                   const char *handouts, struct op_result *res);

/* One line of attendance: a member (recoveree_id) or a guest (guest_name, guest_role). */
struct grp_att_in {
    int64_t recoveree_id;
    const char *guest_name, *guest_role;
    const char *status; /* present, late, excused, absent */
    int shared;
    const char *note; /* participation note */
};

/* GR-3: document a session once: every member marked, guests added, the group's note. Each
 * attending member gets one group service (SV-1) from this note, on their record, billable to
 * their own coverage with the group code (SV-8), delivered by facilitator_id (0: the actor).
 * SV-5 judges the note once: a warning is OP_REFUSED "boundary_warning" unless
 * boundary_reason keeps it. All or nothing: one transaction. */
enum op_status op_grp_session_document(struct op_ctx *c, int64_t session_id, int64_t version,
                                       const struct grp_att_in *att, size_t natt,
                                       const char *note, const char *boundary_reason,
                                       int64_t facilitator_id, struct op_result *res);

/* GR-5: report a relapse disclosure or a concern of harm about member recoveree_id at session
 * session_id. It reaches the member's monitoring case manager at once (inbox and e-mail),
 * escalating to their supervisor when not acknowledged in time (policy
 * incident_escalate_minutes); without a monitoring case manager, the reporter's supervisor. The
 * details travel only under a consent naming the case manager or "monitoring program" for the
 * purpose "monitoring" (RC-3); otherwise the notice says only that a report needs them.
 * OP_OK with the incident's id; res->message says whom it reached. */
enum op_status op_grp_incident(struct op_ctx *c, int64_t session_id, int64_t recoveree_id,
                               const char *kind, const char *details, struct op_result *res);

struct grp_row;
struct grp_exception;
struct recur_series;
/* The series recur.h expands for group g with its exceptions ex[0..nex) (cancelled, moved),
 * its arrays in arena a: the one place a stored schedule becomes a recur_series, for the
 * operations and for the pages and feeds that show sessions. */
void op_grp_series(arena *a, const struct grp_row *g, const struct grp_exception *ex, int nex,
                   struct recur_series *s);

/* May the actor run group_id's sessions (a current facilitator, a supervisor, an
 * administrator): 1, 0, or -1 on a store error. */
int op_grp_may_run(struct op_ctx *c, int64_t group_id);

#endif
