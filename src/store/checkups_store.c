/* checkups_store.c - recovery check-ups, their queues and tasks (checkups_store.h). */
#include "checkups_store.h"
#include "store_rows.h"

#include <string.h>

/* A cap keeps a list from growing past what a page or a day's work can use. */
static int cap(int limit, int max)
{
    return limit < 1 ? 1 : limit > max ? max : limit;
}

/* ---- cadence ---- */

int ck_cadence_get(db *d, arena *a, int64_t org_id, int64_t recoveree_id,
                   struct ck_cadence_row *out)
{
    db_stmt *s = db_prep(d, Q_CK_CADENCE_GET);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, recoveree_id);
    int rc = db_step(s);
    if (rc != DB_ROW)
        return rc == DB_OK ? 0 : -1;
    out->cadence = col_dup(a, s, 0);
    out->every_days = db_col_int(s, 1);
    out->telephone = db_col_int(s, 2) != 0;
    out->next_due = col_dup(a, s, 3);
    out->version = db_col_int(s, 4);
    out->set_at = db_col_int(s, 5);
    db_exec(s);
    return 1;
}

int ck_cadence_insert(db *d, int64_t org_id, int64_t recoveree_id, const char *cadence,
                      int64_t every_days, int telephone, const char *next_due, int64_t by,
                      int64_t at)
{
    db_stmt *s = db_prep(d, Q_CK_CADENCE_INSERT);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, recoveree_id);
    db_bind_int(s, 2, org_id);
    db_bind_text(s, 3, cadence);
    db_bind_int(s, 4, every_days);
    db_bind_int(s, 5, telephone ? 1 : 0);
    db_bind_text(s, 6, next_due);
    db_bind_int(s, 7, by);
    db_bind_int(s, 8, at);
    return db_exec(s);
}

int ck_cadence_update(db *d, int64_t org_id, int64_t recoveree_id, const char *cadence,
                      int64_t every_days, int telephone, const char *next_due, int64_t by,
                      int64_t at, int64_t version)
{
    db_stmt *s = db_prep(d, Q_CK_CADENCE_UPDATE);
    if (!s)
        return -1;
    db_bind_text(s, 1, cadence);
    db_bind_int(s, 2, every_days);
    db_bind_int(s, 3, telephone ? 1 : 0);
    db_bind_text(s, 4, next_due);
    db_bind_int(s, 5, by);
    db_bind_int(s, 6, at);
    db_bind_int(s, 7, org_id);
    db_bind_int(s, 8, recoveree_id);
    db_bind_int(s, 9, version);
    if (db_exec(s) != DB_OK)
        return -1;
    return db_changes(s) == 1;
}

int ck_cadence_delete(db *d, int64_t org_id, int64_t recoveree_id, int64_t version)
{
    db_stmt *s = db_prep(d, Q_CK_CADENCE_DELETE);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, recoveree_id);
    db_bind_int(s, 3, version);
    if (db_exec(s) != DB_OK)
        return -1;
    return db_changes(s) == 1;
}

int ck_cadence_move(db *d, int64_t org_id, int64_t recoveree_id, const char *next_due)
{
    db_stmt *s = db_prep(d, Q_CK_CADENCE_MOVE);
    if (!s)
        return DB_ERR;
    db_bind_text(s, 1, next_due);
    db_bind_int(s, 2, org_id);
    db_bind_int(s, 3, recoveree_id);
    return db_exec(s);
}

/* ---- check-ups ---- */

int ck_last_done(db *d, arena *a, int64_t org_id, int64_t recoveree_id, const char **out)
{
    *out = NULL;
    db_stmt *s = db_prep(d, Q_CK_LAST_DONE);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, recoveree_id);
    if (db_step(s) != DB_ROW)
        return -1;
    *out = col_dup(a, s, 0);
    return db_exec(s) == DB_OK ? 0 : -1;
}

int ck_insert(db *d, int64_t org_id, int64_t recoveree_id, const char *done_on, int64_t at,
              int64_t by, const char *modality, const char *outcome, const char *note,
              int64_t *id)
{
    db_stmt *s = db_prep(d, Q_CK_INSERT);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, recoveree_id);
    db_bind_text(s, 3, done_on);
    db_bind_int(s, 4, at);
    db_bind_int(s, 5, by);
    db_bind_text(s, 6, modality);
    db_bind_text(s, 7, outcome);
    db_bind_text(s, 8, note);
    return db_insert_id(s, id);
}

int ck_set_task(db *d, int64_t org_id, int64_t id, int64_t task_id)
{
    db_stmt *s = db_prep(d, Q_CK_SET_TASK);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, task_id);
    db_bind_int(s, 2, org_id);
    db_bind_int(s, 3, id);
    return db_exec(s);
}

int ck_unreachable_run(db *d, int64_t org_id, int64_t recoveree_id, int max, int *run)
{
    *run = 0;
    db_stmt *s = db_prep(d, Q_CK_RECENT_OUTCOMES);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, recoveree_id);
    db_bind_int(s, 3, cap(max, 50));
    int rc, counting = 1;
    while ((rc = db_step(s)) == DB_ROW)
        if (counting && !strcmp(db_col_text(s, 0), "unreachable"))
            (*run)++;
        else
            counting = 0;
    return rc == DB_OK ? 0 : -1;
}

static void fill_history(db_stmt *s, arena *a, void *row)
{
    struct ck_history_row *h = row;
    h->id = db_col_int(s, 0);
    h->done_on = col_dup(a, s, 1);
    h->at = db_col_int(s, 2);
    h->modality = col_dup(a, s, 3);
    h->outcome = col_dup(a, s, 4);
    h->note = col_dup(a, s, 5);
    h->by = col_dup(a, s, 6);
    h->task_id = db_col_int(s, 7);
}

int ck_history(db *d, arena *a, int64_t org_id, int64_t recoveree_id, int limit,
               struct ck_history_row **out, int *n)
{
    int max = cap(limit, 500);
    db_stmt *s = db_prep(d, Q_CK_HISTORY);
    if (s) {
        db_bind_int(s, 1, org_id);
        db_bind_int(s, 2, recoveree_id);
        db_bind_int(s, 3, max);
    }
    return rows_collect(s, a, sizeof **out, max, fill_history, (void **)out, n);
}

/* ---- queues ---- */

static void fill_due(db_stmt *s, arena *a, void *row)
{
    struct ck_due_row *r = row;
    r->id = db_col_int(s, 0);
    r->first_name = col_dup(a, s, 1);
    r->last_name = col_dup(a, s, 2);
    r->preferred_name = col_dup(a, s, 3);
    r->status = col_dup(a, s, 4);
    r->intake_date = col_dup(a, s, 5);
    r->status_date = col_dup(a, s, 6);
    r->phone = col_dup(a, s, 7);
    r->contact_pref = col_dup(a, s, 8);
    r->has_cadence = !db_col_isnull(s, 9);
    r->cadence = col_dup(a, s, 9);
    r->every_days = db_col_int(s, 10);
    r->telephone = db_col_int(s, 11) != 0;
    r->next_due = col_dup(a, s, 12);
    r->last_done = col_dup(a, s, 13);
    r->peer_id = db_col_int(s, 14);
    r->peer_name = col_dup(a, s, 15);
}

/* CK_DUE prepared and bound for q, or NULL. */
static db_stmt *due_stmt(db *d, int64_t org_id, const struct ck_due_query *q)
{
    db_stmt *s = db_prep(d, Q_CK_DUE);
    if (!s)
        return NULL;
    struct rc_scope sc = *q->scope;
    sc.user = 0; /* a queue is the caseload's work, not an emergency read */
    int i = 1;
    db_bind_text(s, i++, q->today);
    db_bind_text(s, i++, q->today);
    db_bind_int(s, i++, org_id);
    i = rc_bind_scope(s, i, &sc);
    db_bind_int(s, i++, q->peer_id);
    db_bind_int(s, i++, q->peer_id);
    db_bind_text(s, i++, q->due_by);
    db_bind_text(s, i++, q->cut_active);
    db_bind_text(s, i++, q->cut_discharged);
    db_bind_int(s, i, cap(q->limit, 500));
    return s;
}

int ck_due(db *d, arena *a, int64_t org_id, const struct ck_due_query *q, struct ck_due_row **out,
           int *n)
{
    return rows_collect(due_stmt(d, org_id, q), a, sizeof **out, cap(q->limit, 500), fill_due,
                        (void **)out, n);
}

static void fill_phone(db_stmt *s, arena *a, void *row)
{
    struct ck_phone_row *p = row;
    p->id = db_col_int(s, 0);
    p->first_name = col_dup(a, s, 1);
    p->last_name = col_dup(a, s, 2);
    p->preferred_name = col_dup(a, s, 3);
    p->phone = col_dup(a, s, 4);
    p->contact_pref = col_dup(a, s, 5);
    p->next_due = col_dup(a, s, 6);
    p->last_done = col_dup(a, s, 7);
    p->in_reach = db_col_int(s, 8) != 0;
}

int ck_phone_queue(db *d, arena *a, int64_t org_id, const struct rc_scope *sc, int limit,
                   struct ck_phone_row **out, int *n)
{
    int max = cap(limit, 500);
    db_stmt *s = db_prep(d, Q_CK_PHONE_QUEUE);
    if (s) {
        struct rc_scope w = *sc;
        w.user = 0;
        int i = rc_bind_scope(s, 1, &w);
        db_bind_int(s, i++, org_id);
        db_bind_int(s, i, max);
    }
    return rows_collect(s, a, sizeof **out, max, fill_phone, (void **)out, n);
}

int ck_phone_one(db *d, arena *a, int64_t org_id, int64_t id, struct ck_phone_row *out)
{
    db_stmt *s = db_prep(d, Q_CK_PHONE_ONE);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, id);
    int rc = db_step(s);
    if (rc != DB_ROW)
        return rc == DB_OK ? 0 : -1;
    memset(out, 0, sizeof *out);
    out->id = db_col_int(s, 0);
    out->first_name = col_dup(a, s, 1);
    out->last_name = col_dup(a, s, 2);
    out->preferred_name = col_dup(a, s, 3);
    out->phone = col_dup(a, s, 4);
    out->contact_pref = col_dup(a, s, 5);
    out->next_due = col_dup(a, s, 6);
    db_exec(s);
    return 1;
}

/* ---- owners ---- */

/* Run a one-column id query bound with org_id, id, today, today: 0 with *out (0: no row). */
static int one_id(db *d, enum q_id q, int64_t org_id, int64_t id, const char *today, int64_t *out)
{
    *out = 0;
    db_stmt *s = db_prep(d, q);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, id);
    db_bind_text(s, 3, today);
    db_bind_text(s, 4, today);
    int rc = db_step(s);
    if (rc == DB_ROW) {
        *out = db_col_int(s, 0);
        rc = db_exec(s);
    }
    return rc == DB_OK ? 0 : -1;
}

int ck_owner_peer(db *d, int64_t org_id, int64_t recoveree_id, const char *today,
                  int64_t *peer_id)
{
    return one_id(d, Q_CK_OWNER_PEER, org_id, recoveree_id, today, peer_id);
}

int ck_supervisor_of(db *d, int64_t org_id, int64_t user_id, const char *today, int64_t *sup_id)
{
    return one_id(d, Q_CK_SUPERVISOR_OF, org_id, user_id, today, sup_id);
}

/* ---- tasks ---- */

int task_insert(db *d, int64_t org_id, int64_t recoveree_id, const char *kind, const char *title,
                int64_t owner_id, const char *due_date, int64_t source_checkup_id,
                int64_t by, int64_t at, int64_t *id)
{
    db_stmt *s = db_prep(d, Q_TASK_INSERT);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, org_id);
    if (recoveree_id > 0)
        db_bind_int(s, 2, recoveree_id);
    else
        db_bind_null(s, 2);
    db_bind_text(s, 3, kind);
    db_bind_text(s, 4, title);
    db_bind_int(s, 5, owner_id);
    db_bind_text(s, 6, due_date);
    if (source_checkup_id > 0)
        db_bind_int(s, 7, source_checkup_id);
    else
        db_bind_null(s, 7);
    db_bind_int(s, 8, by);
    db_bind_int(s, 9, at);
    return db_insert_id(s, id);
}

int task_open_for(db *d, arena *a, int64_t org_id, int64_t recoveree_id, int64_t *id,
                  const char **due_date)
{
    db_stmt *s = db_prep(d, Q_TASK_OPEN_FOR);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, recoveree_id);
    int rc = db_step(s);
    if (rc != DB_ROW)
        return rc == DB_OK ? 0 : -1;
    *id = db_col_int(s, 0);
    *due_date = col_dup(a, s, 1);
    db_exec(s);
    return 1;
}

int task_due_earlier(db *d, int64_t org_id, int64_t id, const char *due_date)
{
    db_stmt *s = db_prep(d, Q_TASK_DUE_EARLIER);
    if (!s)
        return DB_ERR;
    db_bind_text(s, 1, due_date);
    db_bind_int(s, 2, org_id);
    db_bind_int(s, 3, id);
    db_bind_text(s, 4, due_date);
    return db_exec(s);
}

static void fill_task(db_stmt *s, arena *a, void *row)
{
    struct task_row *t = row;
    t->id = db_col_int(s, 0);
    t->recoveree_id = db_col_int(s, 1);
    t->kind = col_dup(a, s, 2);
    t->title = col_dup(a, s, 3);
    t->owner_id = db_col_int(s, 4);
    t->owner_name = col_dup(a, s, 5);
    t->due_date = col_dup(a, s, 6);
    t->status = col_dup(a, s, 7);
    t->note = col_dup(a, s, 8);
    t->version = db_col_int(s, 9);
    t->source_checkup_id = db_col_int(s, 10);
    t->created_at = db_col_int(s, 11);
    t->done_at = db_col_int(s, 12);
    t->first_name = col_dup(a, s, 13);
    t->last_name = col_dup(a, s, 14);
    t->source_outcome = col_dup(a, s, 15);
    t->source_done_on = col_dup(a, s, 16);
}

int task_get(db *d, arena *a, int64_t org_id, int64_t id, struct task_row *out)
{
    db_stmt *s = db_prep(d, Q_TASK_GET);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, id);
    int rc = db_step(s);
    if (rc != DB_ROW)
        return rc == DB_OK ? 0 : -1;
    fill_task(s, a, out);
    db_exec(s);
    return 1;
}

/* TASK_LIST prepared and bound for q, or NULL. */
static db_stmt *task_list_stmt(db *d, int64_t org_id, const struct task_query *q)
{
    db_stmt *s = db_prep(d, Q_TASK_LIST);
    if (!s)
        return NULL;
    db_bind_int(s, 1, org_id);
    db_bind_text(s, 2, q->status ? q->status : "open");
    db_bind_int(s, 3, q->owner_id);
    db_bind_int(s, 4, q->owner_id);
    db_bind_int(s, 5, q->team_of);
    db_bind_int(s, 6, q->team_of);
    db_bind_int(s, 7, q->team_of);
    db_bind_text(s, 8, q->today);
    db_bind_text(s, 9, q->today);
    db_bind_int(s, 10, cap(q->limit, 500));
    return s;
}

int task_list(db *d, arena *a, int64_t org_id, const struct task_query *q, struct task_row **out,
              int *n)
{
    return rows_collect(task_list_stmt(d, org_id, q), a, sizeof **out, cap(q->limit, 500),
                        fill_task, (void **)out, n);
}

int task_close(db *d, int64_t org_id, int64_t id, const char *status, const char *note,
               int64_t by, int64_t at, int64_t version)
{
    db_stmt *s = db_prep(d, Q_TASK_CLOSE);
    if (!s)
        return -1;
    db_bind_text(s, 1, status);
    db_bind_text(s, 2, note);
    db_bind_int(s, 3, by);
    db_bind_int(s, 4, at);
    db_bind_int(s, 5, org_id);
    db_bind_int(s, 6, id);
    db_bind_int(s, 7, version);
    if (db_exec(s) != DB_OK)
        return -1;
    return db_changes(s) == 1;
}

int task_reassign(db *d, int64_t org_id, int64_t id, int64_t owner_id, int64_t version)
{
    db_stmt *s = db_prep(d, Q_TASK_REASSIGN);
    if (!s)
        return -1;
    db_bind_int(s, 1, owner_id);
    db_bind_int(s, 2, org_id);
    db_bind_int(s, 3, id);
    db_bind_int(s, 4, version);
    if (db_exec(s) != DB_OK)
        return -1;
    return db_changes(s) == 1;
}

/* ---- a peer's day ---- */

int ck_myday(db *d, arena *a, int64_t org_id, const struct ck_due_query *q,
             const struct task_query *tq, struct ck_due_row **due, int *ndue,
             struct task_row **tasks, int *ntasks)
{
    *ndue = *ntasks = 0;
    db_stmt *s1 = due_stmt(d, org_id, q);
    db_stmt *s2 = s1 ? task_list_stmt(d, org_id, tq) : NULL;
    if (!s2)
        return -1;
    /* Two independent reads: one round trip on PostgreSQL. */
    db_stmt *both[] = {s1, s2};
    db_pipeline(d, both, 2);
    int r1 = rows_collect(s1, a, sizeof **due, cap(q->limit, 500), fill_due, (void **)due, ndue);
    int r2 = rows_collect(s2, a, sizeof **tasks, cap(tq->limit, 500), fill_task, (void **)tasks,
                          ntasks);
    return r1 == 0 && r2 == 0 ? 0 : -1;
}
