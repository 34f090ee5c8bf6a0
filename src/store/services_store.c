/* services_store.c - the service log's typed store functions (services_store.h). */
#include "services_store.h"

#include "queries.h"
#include "store_rows.h"

/* An id column that may be absent: 0 binds NULL (a foreign key names no row). */
static void bind_id(db_stmt *s, int i, int64_t v)
{
    if (v)
        db_bind_int(s, i, v);
    else
        db_bind_null(s, i);
}

int svc_insert(db *d, int64_t org_id, const struct svc_row *v, int64_t by, int64_t *id)
{
    db_stmt *s = db_prep(d, Q_SVC_INSERT);
    if (!s)
        return DB_ERR;
    int i = 1;
    db_bind_int(s, i++, org_id);
    db_bind_int(s, i++, v->peer_id);
    db_bind_int(s, i++, v->peer_level);
    db_bind_text(s, i++, v->peer_credential);
    db_bind_int(s, i++, v->started_at);
    db_bind_text(s, i++, v->service_date);
    db_bind_int(s, i++, v->minutes);
    db_bind_text(s, i++, v->modality);
    db_bind_text(s, i++, v->intensity);
    db_bind_text(s, i++, v->setting);
    db_bind_text(s, i++, v->activity);
    db_bind_text(s, i++, v->funding_source);
    db_bind_text(s, i++, v->note);
    db_bind_text(s, i++, v->boundary_lane);
    db_bind_text(s, i++, v->boundary_phrase);
    db_bind_text(s, i++, v->boundary_reason);
    db_bind_text(s, i++, v->override_rules);
    db_bind_text(s, i++, v->override_reason);
    bind_id(s, i++, v->override_by);
    db_bind_int(s, i++, by);
    db_bind_int(s, i++, v->created_at);
    db_bind_int(s, i++, by);
    db_bind_int(s, i++, v->created_at);
    bind_id(s, i++, v->payer_id);
    bind_id(s, i++, v->code_id);
    return db_insert_id(s, id);
}

static int exec3(db *d, enum q_id q, int64_t a, int64_t b, int64_t c)
{
    db_stmt *s = db_prep(d, q);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, a);
    db_bind_int(s, 2, b);
    db_bind_int(s, 3, c);
    return db_exec(s);
}

int svc_add_recoveree(db *d, int64_t org_id, int64_t service_id, int64_t recoveree_id)
{
    return exec3(d, Q_SVC_ADD_RECOVEREE, service_id, org_id, recoveree_id);
}

int svc_add_goal(db *d, int64_t org_id, int64_t service_id, int64_t goal_id)
{
    return exec3(d, Q_SVC_ADD_GOAL, service_id, org_id, goal_id);
}

int svc_clear_links(db *d, int64_t org_id, int64_t service_id)
{
    const enum q_id qs[] = {Q_SVC_CLEAR_RECOVEREES, Q_SVC_CLEAR_GOALS};
    for (size_t k = 0; k < sizeof qs / sizeof *qs; k++) {
        db_stmt *s = db_prep(d, qs[k]);
        if (!s)
            return DB_ERR;
        db_bind_int(s, 1, org_id);
        db_bind_int(s, 2, service_id);
        int rc = db_exec(s);
        if (rc != DB_OK)
            return rc;
    }
    return DB_OK;
}

/* SVC_COLS in order; lists add two columns after them. */
static void fill_svc(db_stmt *s, arena *a, void *row)
{
    struct svc_row *v = row;
    int c = 0;
    v->id = db_col_int(s, c++);
    v->peer_id = db_col_int(s, c++);
    v->peer_level = (int)db_col_int(s, c++);
    v->peer_credential = col_dup(a, s, c++);
    v->status = col_dup(a, s, c++);
    v->started_at = db_col_int(s, c++);
    v->service_date = col_dup(a, s, c++);
    v->minutes = (int)db_col_int(s, c++);
    v->modality = col_dup(a, s, c++);
    v->intensity = col_dup(a, s, c++);
    v->setting = col_dup(a, s, c++);
    v->activity = col_dup(a, s, c++);
    v->funding_source = col_dup(a, s, c++);
    v->payer_id = db_col_int(s, c++);
    v->code_id = db_col_int(s, c++);
    v->note = col_dup(a, s, c++);
    v->boundary_lane = col_dup(a, s, c++);
    v->boundary_phrase = col_dup(a, s, c++);
    v->boundary_reason = col_dup(a, s, c++);
    v->override_rules = col_dup(a, s, c++);
    v->override_reason = col_dup(a, s, c++);
    v->override_by = db_col_int(s, c++);
    v->reviewed_by = db_col_int(s, c++);
    v->reviewed_at = db_col_int(s, c++);
    v->review_note = col_dup(a, s, c++);
    v->void_reason = col_dup(a, s, c++);
    v->voided_at = db_col_int(s, c++);
    v->version = db_col_int(s, c++);
    v->created_at = db_col_int(s, c++);
    v->updated_at = db_col_int(s, c++);
    v->peer_name = col_dup(a, s, c++);
    if (db_col_count(s) > c + 1) {
        v->nrecoverees = (int)db_col_int(s, c);
        v->first_recoveree = col_dup(a, s, c + 1);
    }
}

int svc_get(db *d, arena *a, int64_t org_id, int64_t id, struct svc_row *out)
{
    db_stmt *s = db_prep(d, Q_SVC_GET);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, id);
    int rc = db_step(s);
    if (rc == DB_ROW) {
        *out = (struct svc_row){0};
        fill_svc(s, a, out);
        db_step(s);
        return 1;
    }
    return rc == DB_OK ? 0 : -1;
}

static void fill_person(db_stmt *s, arena *a, void *row)
{
    struct svc_person *p = row;
    p->id = db_col_int(s, 0);
    p->first_name = col_dup(a, s, 1);
    p->last_name = col_dup(a, s, 2);
    p->preferred_name = col_dup(a, s, 3);
}

static db_stmt *prep2(db *d, enum q_id q, int64_t a, int64_t b)
{
    db_stmt *s = db_prep(d, q);
    if (s) {
        db_bind_int(s, 1, a);
        db_bind_int(s, 2, b);
    }
    return s;
}

int svc_recoverees(db *d, arena *a, int64_t org_id, int64_t id, struct svc_person **out, int *n)
{
    return rows_collect(prep2(d, Q_SVC_RECOVEREES, org_id, id), a, sizeof **out, SVC_ROWS_MAX,
                        fill_person, (void **)out, n);
}

static void fill_goal(db_stmt *s, arena *a, void *row)
{
    struct svc_goal *g = row;
    g->id = db_col_int(s, 0);
    g->domain = col_dup(a, s, 1);
    g->goal = col_dup(a, s, 2);
}

int svc_goals(db *d, arena *a, int64_t org_id, int64_t id, struct svc_goal **out, int *n)
{
    return rows_collect(prep2(d, Q_SVC_GOALS, org_id, id), a, sizeof **out, SVC_ROWS_MAX,
                        fill_goal, (void **)out, n);
}

int svc_goal_of(db *d, int64_t org_id, int64_t goal_id, int64_t recoveree_id)
{
    db_stmt *s = prep2(d, Q_SVC_GOAL_OF, org_id, goal_id);
    if (!s)
        return -1;
    db_bind_int(s, 3, recoveree_id);
    int rc = db_step(s);
    if (rc == DB_ROW) {
        db_step(s);
        return 1;
    }
    return rc == DB_OK ? 0 : -1;
}

/* A write's outcome: 1 when it changed a row, 0 when none matched, -1 on error. */
static int changed(db_stmt *s)
{
    if (!s || db_exec(s) != DB_OK)
        return -1;
    return db_changes(s) > 0;
}

int svc_update(db *d, int64_t org_id, const struct svc_row *v, int64_t version, int64_t by,
               int64_t at)
{
    db_stmt *s = db_prep(d, Q_SVC_UPDATE);
    if (!s)
        return -1;
    int i = 1;
    db_bind_int(s, i++, v->started_at);
    db_bind_text(s, i++, v->service_date);
    db_bind_int(s, i++, v->minutes);
    db_bind_text(s, i++, v->modality);
    db_bind_text(s, i++, v->intensity);
    db_bind_text(s, i++, v->setting);
    db_bind_text(s, i++, v->activity);
    db_bind_text(s, i++, v->funding_source);
    db_bind_text(s, i++, v->note);
    db_bind_text(s, i++, v->boundary_lane);
    db_bind_text(s, i++, v->boundary_phrase);
    db_bind_text(s, i++, v->boundary_reason);
    db_bind_text(s, i++, v->override_rules);
    db_bind_text(s, i++, v->override_reason);
    bind_id(s, i++, v->override_by);
    db_bind_int(s, i++, v->peer_level);
    db_bind_text(s, i++, v->peer_credential);
    bind_id(s, i++, v->payer_id);
    bind_id(s, i++, v->code_id);
    db_bind_int(s, i++, by);
    db_bind_int(s, i++, at);
    db_bind_int(s, i++, org_id);
    db_bind_int(s, i++, v->id);
    db_bind_int(s, i++, version);
    return changed(s);
}

int svc_void(db *d, int64_t org_id, int64_t id, int64_t version, const char *reason, int64_t by,
             int64_t at)
{
    db_stmt *s = db_prep(d, Q_SVC_VOID);
    if (!s)
        return -1;
    db_bind_text(s, 1, reason);
    db_bind_int(s, 2, by);
    db_bind_int(s, 3, at);
    db_bind_int(s, 4, by);
    db_bind_int(s, 5, at);
    db_bind_int(s, 6, org_id);
    db_bind_int(s, 7, id);
    db_bind_int(s, 8, version);
    return changed(s);
}

int svc_review(db *d, int64_t org_id, int64_t id, int64_t by, int64_t at, const char *note)
{
    db_stmt *s = db_prep(d, Q_SVC_REVIEW);
    if (!s)
        return -1;
    db_bind_int(s, 1, by);
    db_bind_int(s, 2, at);
    db_bind_text(s, 3, note);
    db_bind_int(s, 4, org_id);
    db_bind_int(s, 5, id);
    return changed(s);
}

int svc_history_add(db *d, int64_t org_id, int64_t service_id, int64_t version, int64_t at,
                    int64_t by, const char *what, const char *reason, const char *before,
                    const char *after)
{
    db_stmt *s = db_prep(d, Q_SVC_HISTORY_INSERT);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, service_id);
    db_bind_int(s, 3, version);
    db_bind_int(s, 4, at);
    db_bind_int(s, 5, by);
    db_bind_text(s, 6, what);
    db_bind_text(s, 7, reason);
    db_bind_text(s, 8, before);
    db_bind_text(s, 9, after);
    return db_exec(s);
}

static void fill_hist(db_stmt *s, arena *a, void *row)
{
    struct svc_history_row *h = row;
    h->version = db_col_int(s, 0);
    h->at = db_col_int(s, 1);
    h->who = col_dup(a, s, 2);
    h->what = col_dup(a, s, 3);
    h->reason = col_dup(a, s, 4);
    h->before = col_dup(a, s, 5);
    h->after = col_dup(a, s, 6);
}

int svc_history(db *d, arena *a, int64_t org_id, int64_t id, struct svc_history_row **out, int *n)
{
    return rows_collect(prep2(d, Q_SVC_HISTORY, org_id, id), a, sizeof **out, SVC_ROWS_MAX,
                        fill_hist, (void **)out, n);
}

int svc_list(db *d, arena *a, int64_t org_id, const char *from, const char *to, int64_t peer_id,
             int64_t recoveree_id, int limit, int offset, struct svc_row **out, int *n)
{
    db_stmt *s = db_prep(d, Q_SVC_LIST);
    if (s) {
        db_bind_int(s, 1, org_id);
        db_bind_text(s, 2, from);
        db_bind_text(s, 3, to);
        db_bind_int(s, 4, peer_id);
        db_bind_int(s, 5, peer_id);
        db_bind_int(s, 6, recoveree_id);
        db_bind_int(s, 7, recoveree_id);
        db_bind_int(s, 8, limit);
        db_bind_int(s, 9, offset);
    }
    return rows_collect(s, a, sizeof **out, limit, fill_svc, (void **)out, n);
}

struct id_minutes {
    int64_t id;
    int minutes;
};

static void fill_idm(db_stmt *s, arena *a, void *row)
{
    (void)a;
    struct id_minutes *x = row;
    x->id = db_col_int(s, 0);
    x->minutes = (int)db_col_int(s, 1);
}

int svc_recoveree_day(db *d, arena *a, int64_t org_id, int64_t recoveree_id, const char *day,
                      int64_t **ids, int **minutes, int *n)
{
    db_stmt *s = prep2(d, Q_SVC_PEER_DAY, org_id, recoveree_id);
    if (s)
        db_bind_text(s, 3, day);
    struct id_minutes *rows;
    if (rows_collect(s, a, sizeof *rows, SVC_ROWS_MAX, fill_idm, (void **)&rows, n) != 0)
        return -1;
    *ids = arena_alloc(a, sizeof **ids * (size_t)(*n ? *n : 1));
    *minutes = arena_alloc(a, sizeof **minutes * (size_t)(*n ? *n : 1));
    for (int i = 0; i < *n; i++) {
        (*ids)[i] = rows[i].id;
        (*minutes)[i] = rows[i].minutes;
    }
    return 0;
}

static db_stmt *prep_review(db *d, enum q_id q, int64_t org_id, int64_t sup, const char *today)
{
    db_stmt *s = db_prep(d, q);
    if (s) {
        db_bind_int(s, 1, org_id);
        db_bind_int(s, 2, sup);
        db_bind_int(s, 3, sup);
        db_bind_text(s, 4, today);
        db_bind_text(s, 5, today);
    }
    return s;
}

int svc_review_list(db *d, arena *a, int64_t org_id, int64_t supervisor_id, const char *today,
                    struct svc_row **out, int *n)
{
    return rows_collect(prep_review(d, Q_SVC_REVIEW_LIST, org_id, supervisor_id, today), a,
                        sizeof **out, 200, fill_svc, (void **)out, n);
}

static void fill_assign(db_stmt *s, arena *a, void *row)
{
    struct svc_assignment_review *x = row;
    x->id = db_col_int(s, 0);
    x->recoveree_id = db_col_int(s, 1);
    x->recoveree = col_dup(a, s, 2);
    x->peer = col_dup(a, s, 3);
    x->start_date = col_dup(a, s, 4);
    x->rules = col_dup(a, s, 5);
    x->reason = col_dup(a, s, 6);
    x->by = col_dup(a, s, 7);
}

int svc_review_assignments(db *d, arena *a, int64_t org_id, int64_t supervisor_id,
                           const char *today, struct svc_assignment_review **out, int *n)
{
    return rows_collect(prep_review(d, Q_SVC_REVIEW_ASSIGNMENTS, org_id, supervisor_id, today), a,
                        sizeof **out, 200, fill_assign, (void **)out, n);
}

int64_t svc_review_count(db *d, int64_t org_id, int64_t supervisor_id, const char *today)
{
    db_stmt *s = db_prep(d, Q_SVC_REVIEW_COUNT);
    if (!s)
        return -1;
    for (int k = 0; k < 2; k++) {
        db_bind_int(s, 1 + 5 * k, org_id);
        db_bind_int(s, 2 + 5 * k, supervisor_id);
        db_bind_int(s, 3 + 5 * k, supervisor_id);
        db_bind_text(s, 4 + 5 * k, today);
        db_bind_text(s, 5 + 5 * k, today);
    }
    int64_t n = db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
    db_step(s);
    return n;
}

int svc_assignment_peer(db *d, int64_t org_id, int64_t id, int64_t *peer)
{
    db_stmt *s = prep2(d, Q_SVC_ASSIGNMENT_PEER, org_id, id);
    if (!s)
        return -1;
    int rc = db_step(s);
    if (rc == DB_ROW) {
        *peer = db_col_int(s, 0);
        db_step(s);
        return 1;
    }
    return rc == DB_OK ? 0 : -1;
}

int svc_assignment_review(db *d, int64_t org_id, int64_t id, int64_t by, int64_t at)
{
    db_stmt *s = db_prep(d, Q_SVC_ASSIGNMENT_REVIEW);
    if (!s)
        return -1;
    db_bind_int(s, 1, by);
    db_bind_int(s, 2, at);
    db_bind_int(s, 3, org_id);
    db_bind_int(s, 4, id);
    return changed(s);
}

int svc_draft_save(db *d, int64_t org_id, int64_t user_id, int64_t recoveree_id,
                   const char *fields, int64_t at, int64_t *id)
{
    db_stmt *s = db_prep(d, Q_SVC_DRAFT_UPSERT);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, user_id);
    db_bind_int(s, 3, recoveree_id);
    db_bind_text(s, 4, fields);
    db_bind_int(s, 5, at);
    return db_insert_id(s, id);
}

static void fill_draft(db_stmt *s, arena *a, void *row)
{
    struct svc_draft *x = row;
    x->id = db_col_int(s, 0);
    x->recoveree_id = db_col_int(s, 1);
    x->fields = col_dup(a, s, 2);
    x->updated_at = db_col_int(s, 3);
    x->first_name = col_dup(a, s, 4);
    x->last_name = col_dup(a, s, 5);
}

int svc_drafts(db *d, arena *a, int64_t org_id, int64_t user_id, struct svc_draft **out, int *n)
{
    return rows_collect(prep2(d, Q_SVC_DRAFTS, org_id, user_id), a, sizeof **out, 50, fill_draft,
                        (void **)out, n);
}

int svc_draft_delete(db *d, int64_t org_id, int64_t user_id, int64_t id)
{
    db_stmt *s = prep2(d, Q_SVC_DRAFT_DELETE, org_id, user_id);
    if (s)
        db_bind_int(s, 3, id);
    return changed(s);
}

int svc_draft_delete_for(db *d, int64_t org_id, int64_t user_id, int64_t recoveree_id)
{
    db_stmt *s = prep2(d, Q_SVC_DRAFT_DELETE_FOR, org_id, user_id);
    if (s)
        db_bind_int(s, 3, recoveree_id);
    return changed(s);
}

int svc_peer_since(db *d, int64_t org_id, int64_t peer_id, const char *from, int64_t *count,
                   int64_t *minutes)
{
    db_stmt *s = prep2(d, Q_SVC_PEER_WEEK, org_id, peer_id);
    if (!s)
        return -1;
    db_bind_text(s, 3, from);
    int rc = db_step(s);
    if (rc != DB_ROW)
        return -1;
    *count = db_col_int(s, 0);
    *minutes = db_col_int(s, 1);
    db_step(s);
    return 0;
}

static void fill_pick(db_stmt *s, arena *a, void *row)
{
    struct svc_pick *p = row;
    p->id = db_col_int(s, 0);
    p->name = col_dup(a, s, 1);
}

int svc_myday(db *d, arena *a, int64_t org_id, int64_t peer_id, const char *today,
              const char *week_from, int max, struct svc_myday *out)
{
    *out = (struct svc_myday){0};
    db_stmt *picks = db_prep(d, Q_SVC_MYDAY_PICKS);
    db_stmt *drafts = prep2(d, Q_SVC_DRAFTS, org_id, peer_id);
    db_stmt *week = prep2(d, Q_SVC_PEER_WEEK, org_id, peer_id);
    if (!picks || !drafts || !week)
        return -1;
    db_bind_int(picks, 1, org_id);
    db_bind_int(picks, 2, peer_id);
    db_bind_text(picks, 3, today);
    db_bind_text(picks, 4, today);
    db_bind_int(picks, 5, max);
    db_bind_text(week, 3, week_from);
    db_stmt *all[] = {picks, drafts, week};
    db_pipeline(d, all, 3); /* a failure shows in each statement's step */
    if (rows_collect(picks, a, sizeof *out->picks, max, fill_pick, (void **)&out->picks,
                     &out->npicks) != 0 ||
        rows_collect(drafts, a, sizeof *out->drafts, 50, fill_draft, (void **)&out->drafts,
                     &out->ndrafts) != 0)
        return -1;
    if (db_step(week) != DB_ROW)
        return -1;
    out->week_count = db_col_int(week, 0);
    out->week_minutes = db_col_int(week, 1);
    db_step(week);
    return 0;
}
