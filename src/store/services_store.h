/* services_store.h - typed store functions for the service log (SV-1..SV-5): services, their
 * recoverees and goals, history, drafts and the supervisor's review list. SQL in q_services.def;
 * every function binds org_id. Strings returned live in the arena. */
#ifndef PD_SERVICES_STORE_H
#define PD_SERVICES_STORE_H

#include <stdint.h>

#include "arena.h"
#include "db.h"

/* The most rows a service's own lists (recoverees, goals, history) return. */
#define SVC_ROWS_MAX 500

/* One service as stored (names: service.h; NULL when empty). */
struct svc_row {
    int64_t id, peer_id;
    int peer_level;
    const char *peer_credential, *status;
    int64_t started_at;
    const char *service_date;
    int minutes;
    const char *modality, *intensity, *setting, *activity, *funding_source;
    int64_t payer_id, code_id;
    const char *note, *boundary_lane, *boundary_phrase, *boundary_reason;
    const char *override_rules, *override_reason;
    int64_t override_by, reviewed_by, reviewed_at;
    const char *review_note, *void_reason;
    int64_t voided_at, version, created_at, updated_at;
    const char *peer_name;
    /* lists only: how many recoverees, and the first one's name */
    int nrecoverees;
    const char *first_recoveree;
};

struct svc_person {
    int64_t id;
    const char *first_name, *last_name, *preferred_name;
};

struct svc_goal {
    int64_t id;
    const char *domain, *goal;
};

struct svc_history_row {
    int64_t version, at;
    const char *who, *what, *reason, *before, *after;
};

struct svc_draft {
    int64_t id, recoveree_id, updated_at;
    const char *fields, *first_name, *last_name;
};

struct svc_assignment_review {
    int64_t id, recoveree_id;
    const char *recoveree, *peer, *start_date, *rules, *reason, *by;
};

/* Insert s (id, status, version and times other than created_at are ignored; created_at is
 * also updated_at, by is created_by and updated_by); *id its id. DB_OK or negative. */
int svc_insert(db *d, int64_t org_id, const struct svc_row *s, int64_t by, int64_t *id);
int svc_add_recoveree(db *d, int64_t org_id, int64_t service_id, int64_t recoveree_id);
int svc_add_goal(db *d, int64_t org_id, int64_t service_id, int64_t goal_id);
/* Remove a service's recoverees and goals (an edit writes them again). DB_OK or negative. */
int svc_clear_links(db *d, int64_t org_id, int64_t service_id);

/* Service id: 1 with *out, 0 absent (or another organization's), -1 store. */
int svc_get(db *d, arena *a, int64_t org_id, int64_t id, struct svc_row *out);
/* Its recoverees and goals: 0 with *out and *n, or -1. */
int svc_recoverees(db *d, arena *a, int64_t org_id, int64_t id, struct svc_person **out, int *n);
int svc_goals(db *d, arena *a, int64_t org_id, int64_t id, struct svc_goal **out, int *n);
/* 1 when goal_id is a goal of recoveree_id's plan, 0 when not, -1 store. */
int svc_goal_of(db *d, int64_t org_id, int64_t goal_id, int64_t recoveree_id);

/* Write s's changeable fields to service s->id if it is still at version and not void: 1
 * changed, 0 stale (or voided meanwhile), -1 store. Clears an earlier review (the supervisor
 * sees the new text). */
int svc_update(db *d, int64_t org_id, const struct svc_row *s, int64_t version, int64_t by,
               int64_t at);
/* Void service id at version: 1, 0 stale, -1 store. */
int svc_void(db *d, int64_t org_id, int64_t id, int64_t version, const char *reason, int64_t by,
             int64_t at);
/* Mark reviewed: 1, 0 when there was nothing to review (or already reviewed), -1 store. */
int svc_review(db *d, int64_t org_id, int64_t id, int64_t by, int64_t at, const char *note);

int svc_history_add(db *d, int64_t org_id, int64_t service_id, int64_t version, int64_t at,
                    int64_t by, const char *what, const char *reason, const char *before,
                    const char *after);
int svc_history(db *d, arena *a, int64_t org_id, int64_t id, struct svc_history_row **out, int *n);

/* A page of services between two days (YYYY-MM-DD, inclusive), by peer and recoveree (0: any),
 * newest first. 0 with *out and *n, or -1. */
int svc_list(db *d, arena *a, int64_t org_id, const char *from, const char *to, int64_t peer_id,
             int64_t recoveree_id, int limit, int offset, struct svc_row **out, int *n);
/* The final services of recoveree_id on day (for units per day), in order: ids and minutes. */
int svc_recoveree_day(db *d, arena *a, int64_t org_id, int64_t recoveree_id, const char *day,
                      int64_t **ids, int **minutes, int *n);
/* The review list for supervisor_id (0: everyone's) today: services, then assignments. */
int svc_review_list(db *d, arena *a, int64_t org_id, int64_t supervisor_id, const char *today,
                    struct svc_row **out, int *n);
int svc_review_assignments(db *d, arena *a, int64_t org_id, int64_t supervisor_id,
                           const char *today, struct svc_assignment_review **out, int *n);
/* How many items the review list of supervisor_id (0: everyone's) holds today; -1 on error. */
int64_t svc_review_count(db *d, int64_t org_id, int64_t supervisor_id, const char *today);
/* The peer of caseload row id: 1 with *peer, 0 absent, -1. */
int svc_assignment_peer(db *d, int64_t org_id, int64_t id, int64_t *peer);
/* Mark an override assignment reviewed: 1, 0 nothing to review, -1. */
int svc_assignment_review(db *d, int64_t org_id, int64_t id, int64_t by, int64_t at);

/* Drafts: keep (one per person and recoveree; 0: none chosen), list, forget. */
int svc_draft_save(db *d, int64_t org_id, int64_t user_id, int64_t recoveree_id,
                   const char *fields, int64_t at, int64_t *id);
int svc_drafts(db *d, arena *a, int64_t org_id, int64_t user_id, struct svc_draft **out, int *n);
/* 1 deleted, 0 none, -1. */
int svc_draft_delete(db *d, int64_t org_id, int64_t user_id, int64_t id);
int svc_draft_delete_for(db *d, int64_t org_id, int64_t user_id, int64_t recoveree_id);

/* Everything of a peer's My day that is theirs to read, in one round trip (pipelined): up to
 * max people on their caseload today (id, name), their drafts, and their final services from
 * day week_from on (count, minutes). 0 or -1. */
struct svc_pick {
    int64_t id;
    const char *name;
};
struct svc_myday {
    struct svc_pick *picks;
    int npicks;
    struct svc_draft *drafts;
    int ndrafts;
    int64_t week_count, week_minutes;
};
int svc_myday(db *d, arena *a, int64_t org_id, int64_t peer_id, const char *today,
              const char *week_from, int max, struct svc_myday *out);

/* A peer's final services from day from (YYYY-MM-DD) on: count and minutes. 0 or -1. */
int svc_peer_since(db *d, int64_t org_id, int64_t peer_id, const char *from, int64_t *count,
                   int64_t *minutes);

#endif
