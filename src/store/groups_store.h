/* groups_store.h - typed store functions for recovery support groups (GR-1..GR-5): groups,
 * facilitators, members, exceptions, agenda templates, sessions, attendance and incidents. SQL
 * in q_groups.def; every function binds org_id. Strings returned live in the arena. Functions
 * answering a count or a row give 1 / 0 / -1 (found, absent, store); writes give DB_OK or
 * negative, or 1 / 0 / -1 where a version is checked (changed, stale). */
#ifndef PD_GROUPS_STORE_H
#define PD_GROUPS_STORE_H

#include <stdint.h>

#include "arena.h"
#include "db.h"

struct grp_row {
    int64_t id;
    const char *name, *kind, *place, *video_link;
    int capacity;
    const char *ground_rules, *setting, *activity, *funding_source;
    const char *start_date, *start_time; /* the first session, local: YYYY-MM-DD, HH:MM */
    int minutes;
    const char *rrule; /* NULL: no repeating schedule */
    int64_t template_id;
    int active;
    int64_t version;
    int members; /* current members (read only) */
};

struct grp_facilitator {
    int64_t user_id;
    const char *name, *role;
    int contracted;
};

struct grp_member {
    int64_t id, recoveree_id;
    const char *first_name, *preferred_name, *last_name, *joined_on, *agreed_on, *language;
};

struct grp_exception {
    const char *orig_date, *kind, *new_date, *new_time, *reason;
};

struct grp_template {
    int64_t id;
    const char *name, *segments;
    int64_t version;
};

struct grp_session {
    int64_t id, group_id;
    const char *session_date;
    int64_t starts_at;
    int minutes;
    const char *segments, *topic, *handouts, *note, *boundary_reason;
    int64_t documented_at, documented_by, version;
};

struct grp_attendance {
    int64_t id, recoveree_id; /* 0: a guest */
    const char *first_name, *preferred_name, *last_name, *guest_name, *guest_role, *status;
    int shared;
    const char *note;
    int64_t service_id;
};

/* One member's mark at one documented session, for GR-3's "has not shared". */
struct grp_mark {
    int64_t recoveree_id;
    const char *status;
    int shared;
};

/* A recoveree's group attendance (their record). */
struct grp_visit {
    int64_t session_id;
    const char *group_name, *session_date, *status;
    int64_t service_id;
};

struct grp_incident_row {
    int64_t id, group_id;
    const char *group_name;
    int64_t session_id, recoveree_id;
    const char *first_name, *preferred_name, *last_name, *kind, *details;
    int64_t reported_by;
    const char *reported_by_name;
    int64_t reported_at, notified_user, notification_id;
    int shared;
};

int grp_insert(db *d, int64_t org_id, const struct grp_row *g, int64_t by, int64_t at, int64_t *id);
int grp_get(db *d, arena *a, int64_t org_id, int64_t id, struct grp_row *out);
int grp_update(db *d, int64_t org_id, const struct grp_row *g, int64_t version, int64_t at);
/* Every group (facilitator_id 0), or those facilitator_id facilitates: 0 with *out, *n; -1. */
int grp_list(db *d, arena *a, int64_t org_id, int64_t facilitator_id, struct grp_row **out, int *n);

int grp_fac_add(db *d, int64_t org_id, int64_t group_id, int64_t user_id, int contracted,
                int64_t by, int64_t at);
/* 1 removed, 0 was not a facilitator, -1. */
int grp_fac_remove(db *d, int64_t org_id, int64_t group_id, int64_t user_id, int64_t at);
int grp_fac_list(db *d, arena *a, int64_t org_id, int64_t group_id, struct grp_facilitator **out,
                 int *n);
int grp_fac_is(db *d, int64_t org_id, int64_t group_id, int64_t user_id);

int grp_mem_add(db *d, int64_t org_id, int64_t group_id, int64_t recoveree_id, const char *joined_on,
                const char *agreed_on, int64_t agreed_by, int64_t by, int64_t at);
int grp_mem_leave(db *d, int64_t org_id, int64_t group_id, int64_t recoveree_id, const char *day);
int grp_mem_agree(db *d, int64_t org_id, int64_t group_id, int64_t recoveree_id, const char *day,
                  int64_t by);
int grp_mem_list(db *d, arena *a, int64_t org_id, int64_t group_id, struct grp_member **out, int *n);
int grp_mem_is(db *d, int64_t org_id, int64_t group_id, int64_t recoveree_id);
/* Every group of the organization with whether recoveree_id is a current member. */
struct grp_membership {
    int64_t id;
    const char *name;
    int active, member;
};
int grp_for_recoveree(db *d, arena *a, int64_t org_id, int64_t recoveree_id,
                      struct grp_membership **out, int *n);
/* The exceptions of every group user_id facilitates (group_ids[i] is exception i's group). */
int grp_exc_of_facilitator(db *d, arena *a, int64_t org_id, int64_t user_id,
                           struct grp_exception **out, int64_t **group_ids, int *n);

/* GR-4's facts about staff user_id and recoveree_id today (YYYY-MM-DD): 0, or -1. */
int grp_tie_get(db *d, int64_t org_id, int64_t user_id, int64_t recoveree_id, const char *today,
                int *on_caseload, int *monitoring_cm);

int grp_exc_add(db *d, int64_t org_id, int64_t group_id, const struct grp_exception *e, int64_t by,
                int64_t at);
int grp_exc_delete(db *d, int64_t org_id, int64_t group_id, const char *orig_date);
int grp_exc_list(db *d, arena *a, int64_t org_id, int64_t group_id, struct grp_exception **out,
                 int *n);

int grp_tpl_list(db *d, arena *a, int64_t org_id, struct grp_template **out, int *n);
int grp_tpl_get(db *d, arena *a, int64_t org_id, int64_t id, struct grp_template *out);
int grp_tpl_insert(db *d, int64_t org_id, const char *name, const char *segments, int64_t by,
                   int64_t at, int64_t *id);
int grp_tpl_update(db *d, int64_t org_id, int64_t id, int64_t version, const char *name,
                   const char *segments, int64_t by, int64_t at);

int grp_ses_insert(db *d, int64_t org_id, const struct grp_session *s, int64_t at, int64_t *id);
int grp_ses_get(db *d, arena *a, int64_t org_id, int64_t id, struct grp_session *out);
int grp_ses_by_date(db *d, arena *a, int64_t org_id, int64_t group_id, const char *day,
                    struct grp_session *out);
int grp_ses_range(db *d, arena *a, int64_t org_id, int64_t group_id, const char *from,
                  const char *to, struct grp_session **out, int *n);
int grp_ses_plan(db *d, int64_t org_id, int64_t id, int64_t version, const char *segments,
                 const char *topic, const char *handouts);
int grp_ses_document(db *d, int64_t org_id, int64_t id, int64_t version, const char *note,
                     const char *boundary_reason, int64_t by, int64_t at);

int grp_att_add(db *d, int64_t org_id, int64_t session_id, const struct grp_attendance *a);
int grp_att_list(db *d, arena *a, int64_t org_id, int64_t session_id, struct grp_attendance **out,
                 int *n);
int grp_att_marks(db *d, arena *a, int64_t org_id, int64_t group_id, struct grp_mark **out, int *n);
int grp_att_of_recoveree(db *d, arena *a, int64_t org_id, int64_t recoveree_id,
                         struct grp_visit **out, int *n);

int grp_inc_insert(db *d, int64_t org_id, const struct grp_incident_row *r, int64_t *id);
int grp_inc_notice(db *d, int64_t org_id, int64_t id, int64_t notification_id);
int grp_inc_get(db *d, arena *a, int64_t org_id, int64_t id, struct grp_incident_row *out);
int grp_inc_of_session(db *d, arena *a, int64_t org_id, int64_t session_id,
                       struct grp_incident_row **out, int *n);

/* The recoveree's monitoring case manager (1 with *user), their supervisor today. 0: none. */
int grp_monitoring_cm(db *d, int64_t org_id, int64_t recoveree_id, int64_t *user);
int grp_supervisor_of(db *d, int64_t org_id, int64_t user_id, const char *today, int64_t *sup);

#endif
