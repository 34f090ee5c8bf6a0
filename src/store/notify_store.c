/* notify_store.c - the inbox and the e-mail outbox (notify_store.h). */
#include "notify_store.h"
#include "store_rows.h"

/* Bind v at i, or NULL when it is 0 (an id or a time that is not set). */
static void bind_opt(db_stmt *s, int i, int64_t v)
{
    if (v)
        db_bind_int(s, i, v);
    else
        db_bind_null(s, i);
}

int notify_insert(db *d, const struct notification *n, int64_t *id)
{
    db_stmt *s = db_prep(d, Q_NOTE_INSERT);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, n->org_id);
    db_bind_int(s, 2, n->user_id);
    db_bind_text(s, 3, n->kind);
    db_bind_text(s, 4, n->record_type);
    bind_opt(s, 5, n->record_id);
    db_bind_text(s, 6, n->title);
    db_bind_text(s, 7, n->body);
    db_bind_text(s, 8, n->link);
    bind_opt(s, 9, n->origin_id);
    db_bind_int(s, 10, n->created_at);
    bind_opt(s, 11, n->escalate_at);
    bind_opt(s, 12, n->escalate_to);
    return db_insert_id(s, id);
}

/* Columns in the order of NOTE_COLS in q_notify.def. */
static void fill_note(db_stmt *s, arena *a, void *row)
{
    struct notification *n = row;
    n->id = db_col_int(s, 0);
    n->org_id = db_col_int(s, 1);
    n->user_id = db_col_int(s, 2);
    n->kind = col_dup(a, s, 3);
    n->record_type = col_dup(a, s, 4);
    n->record_id = db_col_int(s, 5);
    n->title = col_dup(a, s, 6);
    n->body = col_dup(a, s, 7);
    n->link = col_dup(a, s, 8);
    n->origin_id = db_col_int(s, 9);
    n->created_at = db_col_int(s, 10);
    n->read_at = db_col_int(s, 11);
    n->acked_at = db_col_int(s, 12);
    n->acked_by = db_col_int(s, 13);
    n->escalate_at = db_col_int(s, 14);
    n->escalate_to = db_col_int(s, 15);
    n->escalated_at = db_col_int(s, 16);
    n->escalated_id = db_col_int(s, 17);
    n->acked_by_name = col_dup(a, s, 18);
    n->escalate_to_name = col_dup(a, s, 19);
    n->user_name = col_dup(a, s, 20);
}

int notify_get(db *d, arena *a, int64_t org_id, int64_t id, struct notification *out)
{
    db_stmt *s = db_prep(d, Q_NOTE_GET);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, id);
    int rc = db_step(s);
    if (rc != DB_ROW)
        return rc == DB_OK ? 0 : -1;
    fill_note(s, a, out);
    db_exec(s);
    return 1;
}

/* The page's rows carry the inbox's total and unacknowledged count in their last columns. */
struct note_row {
    struct notification n;
    int64_t total, open;
};

static void fill_page_row(db_stmt *s, arena *a, void *row)
{
    struct note_row *x = row;
    fill_note(s, a, &x->n);
    x->total = db_col_int(s, 21);
    x->open = db_col_int(s, 22);
}

int notify_page(db *d, arena *a, int64_t org_id, int64_t user_id, int64_t limit, int64_t offset,
                struct notification **out, int *n, int64_t *total, int64_t *open)
{
    *out = NULL;
    *n = 0;
    *total = *open = 0;
    db_stmt *s = db_prep(d, Q_NOTE_PAGE);
    if (s) {
        db_bind_int(s, 1, org_id);
        db_bind_int(s, 2, user_id);
        db_bind_int(s, 3, limit);
        db_bind_int(s, 4, offset);
    }
    struct note_row *rows;
    int k;
    if (rows_collect(s, a, sizeof *rows, (int)limit, fill_page_row, (void **)&rows, &k) != 0)
        return -1;
    if (k == 0)
        return 0;
    struct notification *list = arena_alloc(a, sizeof *list * (size_t)k);
    for (int i = 0; i < k; i++)
        list[i] = rows[i].n;
    *out = list;
    *n = k;
    *total = rows[0].total;
    *open = rows[0].open;
    return 0;
}

/* Run a write that changes at most one row: 1 changed, 0 not, -1 error. */
static int one_change(db_stmt *s)
{
    if (!s || db_exec(s) != DB_OK)
        return -1;
    return db_changes(s) == 1;
}

int notify_ack(db *d, int64_t org_id, int64_t id, int64_t by, int64_t at)
{
    db_stmt *s = db_prep(d, Q_NOTE_ACK);
    if (s) {
        db_bind_int(s, 1, at);
        db_bind_int(s, 2, by);
        db_bind_int(s, 3, org_id);
        db_bind_int(s, 4, id);
    }
    return one_change(s);
}

int notify_mark_read(db *d, int64_t org_id, int64_t id, int64_t at)
{
    db_stmt *s = db_prep(d, Q_NOTE_READ);
    if (s) {
        db_bind_int(s, 1, at);
        db_bind_int(s, 2, org_id);
        db_bind_int(s, 3, id);
    }
    return one_change(s);
}

static void fill_due(db_stmt *s, arena *a, void *row)
{
    (void)a;
    struct notify_due *x = row;
    x->id = db_col_int(s, 0);
    x->org_id = db_col_int(s, 1);
}

int notify_due_list(db *d, arena *a, int64_t now, int max, struct notify_due **out, int *n)
{
    db_stmt *s = db_prep(d, Q_NOTE_DUE);
    if (s) {
        db_bind_int(s, 1, now);
        db_bind_int(s, 2, max);
    }
    return rows_collect(s, a, sizeof **out, max, fill_due, (void **)out, n);
}

int notify_claim_escalation(db *d, int64_t org_id, int64_t id, int64_t at)
{
    db_stmt *s = db_prep(d, Q_NOTE_CLAIM_ESCALATION);
    if (s) {
        db_bind_int(s, 1, at);
        db_bind_int(s, 2, org_id);
        db_bind_int(s, 3, id);
    }
    return one_change(s);
}

int notify_set_escalated(db *d, int64_t org_id, int64_t id, int64_t escalated_id)
{
    db_stmt *s = db_prep(d, Q_NOTE_SET_ESCALATED);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, escalated_id);
    db_bind_int(s, 2, org_id);
    db_bind_int(s, 3, id);
    return db_exec(s);
}

int notify_recipient(db *d, arena *a, int64_t org_id, int64_t user_id,
                     struct notify_recipient *out)
{
    db_stmt *s = db_prep(d, Q_NOTE_RECIPIENT);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, user_id);
    int rc = db_step(s);
    if (rc != DB_ROW)
        return rc == DB_OK ? 0 : -1;
    out->email = col_dup(a, s, 0);
    out->disabled = db_col_int(s, 1) != 0;
    out->language = col_dup(a, s, 2);
    out->default_language = col_dup(a, s, 3);
    db_exec(s);
    return 1;
}

/* ---- the outbox ---- */

int mail_insert(db *d, int64_t org_id, int64_t notification_id, const char *to,
                const char *subject, const char *body, int64_t at, int64_t *id)
{
    db_stmt *s = db_prep(d, Q_MAIL_INSERT);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, org_id);
    bind_opt(s, 2, notification_id);
    db_bind_text(s, 3, to);
    db_bind_text(s, 4, subject);
    db_bind_text(s, 5, body);
    db_bind_int(s, 6, at);
    db_bind_int(s, 7, at);
    return db_insert_id(s, id);
}

static void fill_mail(db_stmt *s, arena *a, void *row)
{
    struct mail_row *m = row;
    m->id = db_col_int(s, 0);
    m->org_id = db_col_int(s, 1);
    m->to = col_dup(a, s, 2);
    m->subject = col_dup(a, s, 3);
    m->body = col_dup(a, s, 4);
    m->attempts = db_col_int(s, 5);
}

int mail_due(db *d, arena *a, int64_t now, int max, struct mail_row **out, int *n)
{
    db_stmt *s = db_prep(d, Q_MAIL_DUE);
    if (s) {
        db_bind_int(s, 1, now);
        db_bind_int(s, 2, max);
    }
    return rows_collect(s, a, sizeof **out, max, fill_mail, (void **)out, n);
}

int mail_claim(db *d, int64_t id, int64_t now, int64_t lease_until)
{
    db_stmt *s = db_prep(d, Q_MAIL_CLAIM);
    if (s) {
        db_bind_int(s, 1, lease_until);
        db_bind_int(s, 2, id);
        db_bind_int(s, 3, now);
    }
    return one_change(s);
}

int mail_mark_sent(db *d, int64_t id, int64_t at)
{
    db_stmt *s = db_prep(d, Q_MAIL_SENT);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, at);
    db_bind_int(s, 2, id);
    return db_exec(s);
}

int mail_mark_failed(db *d, int64_t id, const char *error, int64_t next_try_at)
{
    db_stmt *s = db_prep(d, Q_MAIL_FAILED);
    if (!s)
        return DB_ERR;
    db_bind_text(s, 1, error);
    bind_opt(s, 2, next_try_at);
    db_bind_int(s, 3, id);
    return db_exec(s);
}

int mail_stats(db *d, arena *a, int64_t org_id, int64_t *waiting, int64_t *given_up,
               const char **last_error)
{
    *waiting = *given_up = 0;
    *last_error = NULL;
    db_stmt *s = db_prep(d, Q_MAIL_STATS);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, org_id);
    int rc = db_step(s);
    if (rc != DB_ROW)
        return rc == DB_OK ? 0 : -1;
    *waiting = db_col_int(s, 0);
    *given_up = db_col_int(s, 1);
    *last_error = col_dup(a, s, 2);
    db_exec(s);
    return 0;
}

static void fill_state(db_stmt *s, arena *a, void *row)
{
    struct mail_state *m = row;
    m->id = db_col_int(s, 0);
    m->to = col_dup(a, s, 1);
    m->attempts = db_col_int(s, 2);
    m->sent_at = db_col_int(s, 3);
    m->last_error = col_dup(a, s, 4);
}

int mail_of_notification(db *d, arena *a, int64_t org_id, int64_t notification_id, int max,
                         struct mail_state **out, int *n)
{
    db_stmt *s = db_prep(d, Q_MAIL_OF_NOTE);
    if (s) {
        db_bind_int(s, 1, org_id);
        db_bind_int(s, 2, notification_id);
    }
    return rows_collect(s, a, sizeof **out, max, fill_state, (void **)out, n);
}
