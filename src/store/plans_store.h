/* plans_store.h - typed store functions for recovery plans (RC-5), their goals and history,
 * the review queue, and BARC-10 assessments (RC-6). The SQL is in q_recoverees.def beside the
 * statement names used here; every function binds its own parameters. */
#ifndef PD_PLANS_STORE_H
#define PD_PLANS_STORE_H

#include <stdint.h>

#include "arena.h"
#include "db.h"
#include "recoverees.h"

struct plan {
    int64_t id, version, updated_at;
    const char *strengths, *barriers, *review_date;
};

struct plan_goal {
    int64_t id;
    const char *domain, *goal, *action_steps, *status, *target_date;
};

struct plan_change {
    int64_t at;
    const char *by, *what, *before, *after;
};

/* A recoveree in a queue: id, name, and the date that puts it there (review or intake). */
struct plan_queue_row {
    int64_t id;
    const char *first_name, *last_name, *date;
};

struct barc10_row {
    int64_t id;
    const char *taken_on, *answers;
    int total;
};

/* The recoveree's plan: 1 (in *p, arena strings), 0 when there is none, -1 on error. */
int plan_get(db *d, arena *a, int64_t org_id, int64_t recoveree_id, struct plan *p);

/* Start a plan. DB_OK or a negative enum db_rc. */
int plan_insert(db *d, int64_t org_id, int64_t recoveree_id, const char *strengths,
                const char *barriers, const char *review_date, int64_t by, int64_t at);

/* plan_insert giving the new plan's id in *id (the demo generator adds goals to it). DB_OK or
 * a negative enum db_rc. */
int plan_insert_id(db *d, int64_t org_id, int64_t recoveree_id, const char *strengths,
                   const char *barriers, const char *review_date, int64_t by, int64_t at,
                   int64_t *id);
/* Update the plan if its version is still `version`: 1 updated, 0 stale, -1 error. */
int plan_update(db *d, int64_t org_id, int64_t recoveree_id, const char *strengths,
                const char *barriers, const char *review_date, int64_t by, int64_t at,
                int64_t version);

/* Bump the plan's version after a goal changed. DB_OK or negative. */
int plan_touch(db *d, int64_t org_id, int64_t plan_id, int64_t by, int64_t at);

/* The plan's goals in order: 0 with *out (arena) and *n, or -1. */
int plan_goals(db *d, arena *a, int64_t org_id, int64_t plan_id, struct plan_goal **out, int *n);

/* Add a goal; *id receives its id. DB_OK or negative. */
int plan_goal_insert(db *d, int64_t org_id, int64_t plan_id, const struct plan_goal *g,
                     int64_t at, int64_t *id);

/* Change goal g->id of the plan. DB_OK or negative. */
int plan_goal_update(db *d, int64_t org_id, int64_t plan_id, const struct plan_goal *g,
                     int64_t at);

/* Keep one change with the text before and after (either may be NULL). DB_OK or negative. */
int plan_history_add(db *d, int64_t org_id, int64_t recoveree_id, int64_t at, int64_t by,
                     const char *what, const char *before, const char *after);

/* The plan's changes, newest first (at most 500): 0 with *out and *n, or -1. */
int plan_history(db *d, arena *a, int64_t org_id, int64_t recoveree_id, struct plan_change **out,
                 int *n);

/* Active recoverees in scope whose plan review is due by due_by (YYYY-MM-DD), soonest first,
 * at most limit: 0 with *out and *n (date = review date), or -1. */
int plans_due(db *d, arena *a, int64_t org_id, const struct rc_scope *sc, const char *due_by,
              int limit, struct plan_queue_row **out, int *n);

/* Active recoverees in scope with no plan, oldest intake first, at most limit: 0 with *out and
 * *n (date = intake date), or -1. */
int plans_missing(db *d, arena *a, int64_t org_id, const struct rc_scope *sc, int limit,
                  struct plan_queue_row **out, int *n);

/* Home-page counts in scope: plans due by due_by, active recoverees without a plan, active
 * recoverees. Each 0 with the count in *n, or -1. */
int plans_due_count(db *d, int64_t org_id, const struct rc_scope *sc, const char *due_by,
                    int64_t *n);
int plans_missing_count(db *d, int64_t org_id, const struct rc_scope *sc, int64_t *n);
int rc_active_count(db *d, int64_t org_id, const struct rc_scope *sc, int64_t *n);

/* The three counts above in one statement (the home page's caseload card): active recoverees
 * in scope, their plans due by due_by, and those without a plan. 0 with the counts, or -1. */
struct caseload_counts {
    int64_t active, plans_due, plans_missing;
};
int caseload_counts(db *d, int64_t org_id, const struct rc_scope *sc, const char *due_by,
                    struct caseload_counts *out);

/* Record a BARC-10: answers is "a,b,...,j"; *id receives its id. DB_OK or negative. */
int barc10_insert(db *d, int64_t org_id, int64_t recoveree_id, const char *taken_on,
                  const char *answers, int total, int64_t by, int64_t at, int64_t *id);

/* The recoveree's BARC-10s, oldest first (at most 500): 0 with *out and *n, or -1. */
int barc10_list(db *d, arena *a, int64_t org_id, int64_t recoveree_id, struct barc10_row **out,
                int *n);

#endif
