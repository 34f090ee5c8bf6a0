/* plans_store.c - recovery plans, goals, history, review queue and BARC-10 (plans_store.h). */
#include "plans_store.h"
#include "store_rows.h"

#include <string.h>

/* Step s to its end, growing an arena array of rows of size sz through fill. */

int plan_get(db *d, arena *a, int64_t org_id, int64_t recoveree_id, struct plan *p)
{
    db_stmt *s = db_prep(d, Q_PLAN_GET);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, recoveree_id);
    int rc = db_step(s);
    if (rc != DB_ROW)
        return rc == DB_OK ? 0 : -1;
    p->id = db_col_int(s, 0);
    p->strengths = col_dup(a, s, 1);
    p->barriers = col_dup(a, s, 2);
    p->review_date = col_dup(a, s, 3);
    p->version = db_col_int(s, 4);
    p->updated_at = db_col_int(s, 5);
    db_exec(s);
    return 1;
}

/* PLAN_INSERT, bound. NULL when it cannot be prepared. */
static db_stmt *plan_insert_stmt(db *d, int64_t org_id, int64_t recoveree_id,
                                 const char *strengths, const char *barriers,
                                 const char *review_date, int64_t by, int64_t at)
{
    db_stmt *s = db_prep(d, Q_PLAN_INSERT);
    if (!s)
        return NULL;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, recoveree_id);
    db_bind_text(s, 3, strengths);
    db_bind_text(s, 4, barriers);
    db_bind_text(s, 5, review_date);
    db_bind_int(s, 6, by);
    db_bind_int(s, 7, at);
    return s;
}

int plan_insert(db *d, int64_t org_id, int64_t recoveree_id, const char *strengths,
                const char *barriers, const char *review_date, int64_t by, int64_t at)
{
    db_stmt *s = plan_insert_stmt(d, org_id, recoveree_id, strengths, barriers, review_date, by,
                                  at);
    return s ? db_exec(s) : DB_ERR;
}

int plan_insert_id(db *d, int64_t org_id, int64_t recoveree_id, const char *strengths,
                   const char *barriers, const char *review_date, int64_t by, int64_t at,
                   int64_t *id)
{
    db_stmt *s = plan_insert_stmt(d, org_id, recoveree_id, strengths, barriers, review_date, by,
                                  at);
    return s ? db_insert_id(s, id) : DB_ERR;
}

int plan_update(db *d, int64_t org_id, int64_t recoveree_id, const char *strengths,
                const char *barriers, const char *review_date, int64_t by, int64_t at,
                int64_t version)
{
    db_stmt *s = db_prep(d, Q_PLAN_UPDATE);
    if (!s)
        return -1;
    db_bind_text(s, 1, strengths);
    db_bind_text(s, 2, barriers);
    db_bind_text(s, 3, review_date);
    db_bind_int(s, 4, by);
    db_bind_int(s, 5, at);
    db_bind_int(s, 6, org_id);
    db_bind_int(s, 7, recoveree_id);
    db_bind_int(s, 8, version);
    if (db_exec(s) != DB_OK)
        return -1;
    return db_changes(s) == 1;
}

int plan_touch(db *d, int64_t org_id, int64_t plan_id, int64_t by, int64_t at)
{
    db_stmt *s = db_prep(d, Q_PLAN_TOUCH);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, by);
    db_bind_int(s, 2, at);
    db_bind_int(s, 3, org_id);
    db_bind_int(s, 4, plan_id);
    return db_exec(s);
}

static void fill_goal(db_stmt *s, arena *a, void *row)
{
    struct plan_goal *g = row;
    g->id = db_col_int(s, 0);
    g->domain = col_dup(a, s, 1);
    g->goal = col_dup(a, s, 2);
    g->action_steps = col_dup(a, s, 3);
    g->status = col_dup(a, s, 4);
    g->target_date = col_dup(a, s, 5);
}

int plan_goals(db *d, arena *a, int64_t org_id, int64_t plan_id, struct plan_goal **out, int *n)
{
    db_stmt *s = db_prep(d, Q_GOAL_LIST);
    if (s) {
        db_bind_int(s, 1, org_id);
        db_bind_int(s, 2, plan_id);
    }
    /* A plan has a handful of goals; 1000 is far past any real one. */
    return rows_collect(s, a, sizeof **out, 1000, fill_goal, (void **)out, n);
}

int plan_goal_insert(db *d, int64_t org_id, int64_t plan_id, const struct plan_goal *g,
                     int64_t at, int64_t *id)
{
    db_stmt *s = db_prep(d, Q_GOAL_INSERT);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, plan_id);
    db_bind_text(s, 3, g->domain);
    db_bind_text(s, 4, g->goal);
    db_bind_text(s, 5, g->action_steps);
    db_bind_text(s, 6, g->status);
    db_bind_text(s, 7, g->target_date);
    db_bind_int(s, 8, at);
    return db_insert_id(s, id);
}

int plan_goal_update(db *d, int64_t org_id, int64_t plan_id, const struct plan_goal *g,
                     int64_t at)
{
    db_stmt *s = db_prep(d, Q_GOAL_UPDATE);
    if (!s)
        return DB_ERR;
    db_bind_text(s, 1, g->domain);
    db_bind_text(s, 2, g->goal);
    db_bind_text(s, 3, g->action_steps);
    db_bind_text(s, 4, g->status);
    db_bind_text(s, 5, g->target_date);
    db_bind_int(s, 6, at);
    db_bind_int(s, 7, org_id);
    db_bind_int(s, 8, plan_id);
    db_bind_int(s, 9, g->id);
    return db_exec(s);
}

int plan_history_add(db *d, int64_t org_id, int64_t recoveree_id, int64_t at, int64_t by,
                     const char *what, const char *before, const char *after)
{
    db_stmt *s = db_prep(d, Q_HIST_INSERT);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, recoveree_id);
    db_bind_int(s, 3, at);
    db_bind_int(s, 4, by);
    db_bind_text(s, 5, what);
    db_bind_text(s, 6, before);
    db_bind_text(s, 7, after);
    return db_exec(s);
}

static void fill_change(db_stmt *s, arena *a, void *row)
{
    struct plan_change *h = row;
    h->at = db_col_int(s, 0);
    h->by = col_dup(a, s, 1);
    h->what = col_dup(a, s, 2);
    h->before = col_dup(a, s, 3);
    h->after = col_dup(a, s, 4);
}

int plan_history(db *d, arena *a, int64_t org_id, int64_t recoveree_id, struct plan_change **out,
                 int *n)
{
    db_stmt *s = db_prep(d, Q_HIST_LIST);
    if (s) {
        db_bind_int(s, 1, org_id);
        db_bind_int(s, 2, recoveree_id);
    }
    return rows_collect(s, a, sizeof **out, 500, fill_change, (void **)out, n);
}

static void fill_queue(db_stmt *s, arena *a, void *row)
{
    struct plan_queue_row *q = row;
    q->id = db_col_int(s, 0);
    q->first_name = col_dup(a, s, 1);
    q->last_name = col_dup(a, s, 2);
    q->date = col_dup(a, s, 3);
}

int plans_due(db *d, arena *a, int64_t org_id, const struct rc_scope *sc, const char *due_by,
              int limit, struct plan_queue_row **out, int *n)
{
    db_stmt *s = db_prep(d, Q_PLANS_DUE);
    if (s) {
        db_bind_int(s, 1, org_id);
        int i = rc_bind_scope(s, 2, sc);
        db_bind_text(s, i++, due_by);
        db_bind_int(s, i, limit);
    }
    return rows_collect(s, a, sizeof **out, limit, fill_queue, (void **)out, n);
}

int plans_missing(db *d, arena *a, int64_t org_id, const struct rc_scope *sc, int limit,
                  struct plan_queue_row **out, int *n)
{
    db_stmt *s = db_prep(d, Q_PLANS_MISSING);
    if (s) {
        db_bind_int(s, 1, org_id);
        int i = rc_bind_scope(s, 2, sc);
        db_bind_int(s, i, limit);
    }
    return rows_collect(s, a, sizeof **out, limit, fill_queue, (void **)out, n);
}

/* Run a one-row COUNT(*) statement that is already bound. */
static int count_of(db_stmt *s, int64_t *n)
{
    if (!s || db_step(s) != DB_ROW)
        return -1;
    *n = db_col_int(s, 0);
    db_exec(s);
    return 0;
}

int plans_due_count(db *d, int64_t org_id, const struct rc_scope *sc, const char *due_by,
                    int64_t *n)
{
    db_stmt *s = db_prep(d, Q_PLANS_DUE_COUNT);
    if (s) {
        db_bind_int(s, 1, org_id);
        db_bind_text(s, rc_bind_scope(s, 2, sc), due_by);
    }
    return count_of(s, n);
}

int plans_missing_count(db *d, int64_t org_id, const struct rc_scope *sc, int64_t *n)
{
    db_stmt *s = db_prep(d, Q_PLANS_MISSING_COUNT);
    if (s) {
        db_bind_int(s, 1, org_id);
        rc_bind_scope(s, 2, sc);
    }
    return count_of(s, n);
}

int rc_active_count(db *d, int64_t org_id, const struct rc_scope *sc, int64_t *n)
{
    db_stmt *s = db_prep(d, Q_RC_ACTIVE_COUNT);
    if (s) {
        db_bind_int(s, 1, org_id);
        rc_bind_scope(s, 2, sc);
    }
    return count_of(s, n);
}

int caseload_counts(db *d, int64_t org_id, const struct rc_scope *sc, const char *due_by,
                    struct caseload_counts *out)
{
    db_stmt *s = db_prep(d, Q_CASELOAD_COUNTS);
    if (!s)
        return -1;
    db_bind_text(s, 1, due_by);
    db_bind_int(s, 2, org_id);
    rc_bind_scope(s, 3, sc);
    if (db_step(s) != DB_ROW)
        return -1;
    out->active = db_col_int(s, 0);
    out->plans_due = db_col_int(s, 1);
    out->plans_missing = db_col_int(s, 2);
    return db_exec(s) == DB_OK ? 0 : -1;
}

int barc10_insert(db *d, int64_t org_id, int64_t recoveree_id, const char *taken_on,
                  const char *answers, int total, int64_t by, int64_t at, int64_t *id)
{
    db_stmt *s = db_prep(d, Q_BARC_INSERT);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, recoveree_id);
    db_bind_text(s, 3, taken_on);
    db_bind_text(s, 4, answers);
    db_bind_int(s, 5, total);
    db_bind_int(s, 6, by);
    db_bind_int(s, 7, at);
    return db_insert_id(s, id);
}

static void fill_barc(db_stmt *s, arena *a, void *row)
{
    struct barc10_row *b = row;
    b->id = db_col_int(s, 0);
    b->taken_on = col_dup(a, s, 1);
    b->answers = col_dup(a, s, 2);
    b->total = (int)db_col_int(s, 3);
}

int barc10_list(db *d, arena *a, int64_t org_id, int64_t recoveree_id, struct barc10_row **out,
                int *n)
{
    db_stmt *s = db_prep(d, Q_BARC_LIST);
    if (s) {
        db_bind_int(s, 1, org_id);
        db_bind_int(s, 2, recoveree_id);
    }
    return rows_collect(s, a, sizeof **out, 500, fill_barc, (void **)out, n);
}
