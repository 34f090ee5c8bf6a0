/* groups_store.c - recovery support groups (groups_store.h; SQL in q_groups.def). */
#include "groups_store.h"
#include "store_rows.h"

/* A NULL or zero id binds NULL. */
static void bind_id(db_stmt *s, int i, int64_t v)
{
    if (v)
        db_bind_int(s, i, v);
    else
        db_bind_null(s, i);
}

/* One row or none: step s once; fill when there is a row. 1, 0, -1. */
static int one(db_stmt *s, arena *a, row_fill_fn fill, void *out)
{
    if (!s)
        return -1;
    int rc = db_step(s);
    if (rc != DB_ROW)
        return rc == DB_OK ? 0 : -1;
    fill(s, a, out);
    db_exec(s);
    return 1;
}

/* A count query's answer: 1 when above zero, 0 when zero, -1. */
static int any(db_stmt *s)
{
    if (!s)
        return -1;
    if (db_step(s) != DB_ROW)
        return -1;
    int64_t n = db_col_int(s, 0);
    db_exec(s);
    return n > 0;
}

/* A write that changes one row: 1 changed, 0 none, -1. */
static int changed(db_stmt *s)
{
    if (!s || db_exec(s) != DB_OK)
        return -1;
    return db_changes(s) > 0;
}

/* ---- groups --------------------------------------------------------------------- */

static int bind_group(db_stmt *s, int i, const struct grp_row *g)
{
    db_bind_text(s, i++, g->name);
    db_bind_text(s, i++, g->kind);
    db_bind_text(s, i++, g->place);
    db_bind_text(s, i++, g->video_link);
    db_bind_int(s, i++, g->capacity);
    db_bind_text(s, i++, g->ground_rules);
    db_bind_text(s, i++, g->setting);
    db_bind_text(s, i++, g->activity);
    db_bind_text(s, i++, g->funding_source);
    db_bind_text(s, i++, g->start_date);
    db_bind_text(s, i++, g->start_time);
    db_bind_int(s, i++, g->minutes);
    db_bind_text(s, i++, g->rrule);
    bind_id(s, i++, g->template_id);
    return i;
}

int grp_insert(db *d, int64_t org_id, const struct grp_row *g, int64_t by, int64_t at, int64_t *id)
{
    db_stmt *s = db_prep(d, Q_GRP_INSERT);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, org_id);
    int i = bind_group(s, 2, g);
    db_bind_int(s, i++, by);
    db_bind_int(s, i++, at);
    db_bind_int(s, i, at);
    return db_insert_id(s, id);
}

static void fill_group(db_stmt *s, arena *a, void *row)
{
    struct grp_row *g = row;
    g->id = db_col_int(s, 0);
    g->name = col_dup(a, s, 1);
    g->kind = col_dup(a, s, 2);
    g->place = col_dup(a, s, 3);
    g->video_link = col_dup(a, s, 4);
    g->capacity = (int)db_col_int(s, 5);
    g->ground_rules = col_dup(a, s, 6);
    g->setting = col_dup(a, s, 7);
    g->activity = col_dup(a, s, 8);
    g->funding_source = col_dup(a, s, 9);
    g->start_date = col_dup(a, s, 10);
    g->start_time = col_dup(a, s, 11);
    g->minutes = (int)db_col_int(s, 12);
    g->rrule = col_dup(a, s, 13);
    g->template_id = db_col_int(s, 14);
    g->active = db_col_int(s, 15) != 0;
    g->version = db_col_int(s, 16);
    g->members = (int)db_col_int(s, 17);
}

int grp_get(db *d, arena *a, int64_t org_id, int64_t id, struct grp_row *out)
{
    db_stmt *s = db_prep(d, Q_GRP_GET);
    if (s) {
        db_bind_int(s, 1, org_id);
        db_bind_int(s, 2, id);
    }
    return one(s, a, fill_group, out);
}

int grp_update(db *d, int64_t org_id, const struct grp_row *g, int64_t version, int64_t at)
{
    db_stmt *s = db_prep(d, Q_GRP_UPDATE);
    if (!s)
        return -1;
    int i = bind_group(s, 1, g);
    db_bind_int(s, i++, g->active ? 1 : 0);
    db_bind_int(s, i++, at);
    db_bind_int(s, i++, org_id);
    db_bind_int(s, i++, g->id);
    db_bind_int(s, i, version);
    return changed(s);
}

int grp_list(db *d, arena *a, int64_t org_id, int64_t facilitator_id, struct grp_row **out, int *n)
{
    db_stmt *s = db_prep(d, Q_GRP_LIST);
    if (s) {
        db_bind_int(s, 1, org_id);
        db_bind_int(s, 2, facilitator_id);
        db_bind_int(s, 3, facilitator_id);
    }
    return rows_collect(s, a, sizeof **out, 500, fill_group, (void **)out, n);
}

/* ---- facilitators --------------------------------------------------------------- */

int grp_fac_add(db *d, int64_t org_id, int64_t group_id, int64_t user_id, int contracted,
                int64_t by, int64_t at)
{
    db_stmt *s = db_prep(d, Q_FAC_ADD);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, group_id);
    db_bind_int(s, 3, user_id);
    db_bind_int(s, 4, contracted ? 1 : 0);
    db_bind_int(s, 5, by);
    db_bind_int(s, 6, at);
    int64_t id;
    return db_insert_id(s, &id);
}

int grp_fac_remove(db *d, int64_t org_id, int64_t group_id, int64_t user_id, int64_t at)
{
    db_stmt *s = db_prep(d, Q_FAC_REMOVE);
    if (!s)
        return -1;
    db_bind_int(s, 1, at);
    db_bind_int(s, 2, org_id);
    db_bind_int(s, 3, group_id);
    db_bind_int(s, 4, user_id);
    return changed(s);
}

static void fill_fac(db_stmt *s, arena *a, void *row)
{
    struct grp_facilitator *f = row;
    f->user_id = db_col_int(s, 0);
    f->name = col_dup(a, s, 1);
    f->role = col_dup(a, s, 2);
    f->contracted = db_col_int(s, 3) != 0;
}

int grp_fac_list(db *d, arena *a, int64_t org_id, int64_t group_id, struct grp_facilitator **out,
                 int *n)
{
    db_stmt *s = db_prep(d, Q_FAC_LIST);
    if (s) {
        db_bind_int(s, 1, org_id);
        db_bind_int(s, 2, group_id);
    }
    return rows_collect(s, a, sizeof **out, 100, fill_fac, (void **)out, n);
}

int grp_fac_is(db *d, int64_t org_id, int64_t group_id, int64_t user_id)
{
    db_stmt *s = db_prep(d, Q_FAC_IS);
    if (s) {
        db_bind_int(s, 1, org_id);
        db_bind_int(s, 2, group_id);
        db_bind_int(s, 3, user_id);
    }
    return any(s);
}

/* ---- members -------------------------------------------------------------------- */

int grp_mem_add(db *d, int64_t org_id, int64_t group_id, int64_t recoveree_id, const char *joined_on,
                const char *agreed_on, int64_t agreed_by, int64_t by, int64_t at)
{
    db_stmt *s = db_prep(d, Q_MEM_ADD);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, group_id);
    db_bind_int(s, 3, recoveree_id);
    db_bind_text(s, 4, joined_on);
    db_bind_text(s, 5, agreed_on);
    bind_id(s, 6, agreed_on ? agreed_by : 0);
    db_bind_int(s, 7, by);
    db_bind_int(s, 8, at);
    int64_t id;
    return db_insert_id(s, &id);
}

int grp_mem_leave(db *d, int64_t org_id, int64_t group_id, int64_t recoveree_id, const char *day)
{
    db_stmt *s = db_prep(d, Q_MEM_LEAVE);
    if (!s)
        return -1;
    db_bind_text(s, 1, day);
    db_bind_int(s, 2, org_id);
    db_bind_int(s, 3, group_id);
    db_bind_int(s, 4, recoveree_id);
    return changed(s);
}

int grp_mem_agree(db *d, int64_t org_id, int64_t group_id, int64_t recoveree_id, const char *day,
                  int64_t by)
{
    db_stmt *s = db_prep(d, Q_MEM_AGREE);
    if (!s)
        return -1;
    db_bind_text(s, 1, day);
    db_bind_int(s, 2, by);
    db_bind_int(s, 3, org_id);
    db_bind_int(s, 4, group_id);
    db_bind_int(s, 5, recoveree_id);
    return changed(s);
}

static void fill_member(db_stmt *s, arena *a, void *row)
{
    struct grp_member *m = row;
    m->id = db_col_int(s, 0);
    m->recoveree_id = db_col_int(s, 1);
    m->first_name = col_dup(a, s, 2);
    m->preferred_name = col_dup(a, s, 3);
    m->last_name = col_dup(a, s, 4);
    m->joined_on = col_dup(a, s, 5);
    m->agreed_on = col_dup(a, s, 6);
    m->language = col_dup(a, s, 7);
}

int grp_mem_list(db *d, arena *a, int64_t org_id, int64_t group_id, struct grp_member **out, int *n)
{
    db_stmt *s = db_prep(d, Q_MEM_LIST);
    if (s) {
        db_bind_int(s, 1, org_id);
        db_bind_int(s, 2, group_id);
    }
    return rows_collect(s, a, sizeof **out, 500, fill_member, (void **)out, n);
}

int grp_mem_is(db *d, int64_t org_id, int64_t group_id, int64_t recoveree_id)
{
    db_stmt *s = db_prep(d, Q_MEM_IS);
    if (s) {
        db_bind_int(s, 1, org_id);
        db_bind_int(s, 2, group_id);
        db_bind_int(s, 3, recoveree_id);
    }
    return any(s);
}

static void fill_membership(db_stmt *s, arena *a, void *row)
{
    struct grp_membership *m = row;
    m->id = db_col_int(s, 0);
    m->name = col_dup(a, s, 1);
    m->active = db_col_int(s, 2) != 0;
    m->member = db_col_int(s, 3) > 0;
}

int grp_for_recoveree(db *d, arena *a, int64_t org_id, int64_t recoveree_id,
                      struct grp_membership **out, int *n)
{
    db_stmt *s = db_prep(d, Q_GRP_FOR_RECOVEREE);
    if (s) {
        db_bind_int(s, 1, recoveree_id);
        db_bind_int(s, 2, org_id);
    }
    return rows_collect(s, a, sizeof **out, 500, fill_membership, (void **)out, n);
}

struct exc_row {
    int64_t group_id;
    struct grp_exception e;
};

static void fill_exc_row(db_stmt *s, arena *a, void *row)
{
    struct exc_row *x = row;
    x->group_id = db_col_int(s, 0);
    x->e.orig_date = col_dup(a, s, 1);
    x->e.kind = col_dup(a, s, 2);
    x->e.new_date = col_dup(a, s, 3);
    x->e.new_time = col_dup(a, s, 4);
    x->e.reason = col_dup(a, s, 5);
}

int grp_exc_of_facilitator(db *d, arena *a, int64_t org_id, int64_t user_id,
                           struct grp_exception **out, int64_t **group_ids, int *n)
{
    db_stmt *s = db_prep(d, Q_EXC_OF_FACILITATOR);
    if (s) {
        db_bind_int(s, 1, org_id);
        db_bind_int(s, 2, org_id);
        db_bind_int(s, 3, user_id);
    }
    struct exc_row *rows;
    if (rows_collect(s, a, sizeof *rows, 5000, fill_exc_row, (void **)&rows, n) != 0)
        return -1;
    size_t k = (size_t)(*n ? *n : 1);
    *out = arena_alloc(a, sizeof **out * k);
    *group_ids = arena_alloc(a, sizeof **group_ids * k);
    for (int i = 0; i < *n; i++) {
        (*out)[i] = rows[i].e;
        (*group_ids)[i] = rows[i].group_id;
    }
    return 0;
}

int grp_tie_get(db *d, int64_t org_id, int64_t user_id, int64_t recoveree_id, const char *today,
                int *on_caseload, int *monitoring_cm)
{
    db_stmt *s = db_prep(d, Q_GRP_TIE);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, recoveree_id);
    db_bind_int(s, 3, user_id);
    db_bind_text(s, 4, today);
    db_bind_text(s, 5, today);
    db_bind_int(s, 6, org_id);
    db_bind_int(s, 7, recoveree_id);
    db_bind_int(s, 8, user_id);
    if (db_step(s) != DB_ROW)
        return -1;
    *on_caseload = db_col_int(s, 0) > 0;
    *monitoring_cm = db_col_int(s, 1) > 0;
    db_exec(s);
    return 0;
}

/* ---- exceptions ----------------------------------------------------------------- */

int grp_exc_add(db *d, int64_t org_id, int64_t group_id, const struct grp_exception *e, int64_t by,
                int64_t at)
{
    db_stmt *s = db_prep(d, Q_EXC_ADD);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, group_id);
    db_bind_text(s, 3, e->orig_date);
    db_bind_text(s, 4, e->kind);
    db_bind_text(s, 5, e->new_date);
    db_bind_text(s, 6, e->new_time);
    db_bind_text(s, 7, e->reason);
    db_bind_int(s, 8, by);
    db_bind_int(s, 9, at);
    int64_t id;
    return db_insert_id(s, &id);
}

int grp_exc_delete(db *d, int64_t org_id, int64_t group_id, const char *orig_date)
{
    db_stmt *s = db_prep(d, Q_EXC_DELETE);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, group_id);
    db_bind_text(s, 3, orig_date);
    return changed(s);
}

static void fill_exc(db_stmt *s, arena *a, void *row)
{
    struct grp_exception *e = row;
    e->orig_date = col_dup(a, s, 0);
    e->kind = col_dup(a, s, 1);
    e->new_date = col_dup(a, s, 2);
    e->new_time = col_dup(a, s, 3);
    e->reason = col_dup(a, s, 4);
}

int grp_exc_list(db *d, arena *a, int64_t org_id, int64_t group_id, struct grp_exception **out,
                 int *n)
{
    db_stmt *s = db_prep(d, Q_EXC_LIST);
    if (s) {
        db_bind_int(s, 1, org_id);
        db_bind_int(s, 2, group_id);
    }
    return rows_collect(s, a, sizeof **out, 1000, fill_exc, (void **)out, n);
}

/* ---- agenda templates ----------------------------------------------------------- */

static void fill_tpl(db_stmt *s, arena *a, void *row)
{
    struct grp_template *t = row;
    t->id = db_col_int(s, 0);
    t->name = col_dup(a, s, 1);
    t->segments = col_dup(a, s, 2);
    t->version = db_col_int(s, 3);
}

int grp_tpl_list(db *d, arena *a, int64_t org_id, struct grp_template **out, int *n)
{
    db_stmt *s = db_prep(d, Q_TPL_LIST);
    if (s)
        db_bind_int(s, 1, org_id);
    return rows_collect(s, a, sizeof **out, 100, fill_tpl, (void **)out, n);
}

int grp_tpl_get(db *d, arena *a, int64_t org_id, int64_t id, struct grp_template *out)
{
    db_stmt *s = db_prep(d, Q_TPL_GET);
    if (s) {
        db_bind_int(s, 1, org_id);
        db_bind_int(s, 2, id);
    }
    return one(s, a, fill_tpl, out);
}

int grp_tpl_insert(db *d, int64_t org_id, const char *name, const char *segments, int64_t by,
                   int64_t at, int64_t *id)
{
    db_stmt *s = db_prep(d, Q_TPL_INSERT);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, org_id);
    db_bind_text(s, 2, name);
    db_bind_text(s, 3, segments);
    db_bind_int(s, 4, by);
    db_bind_int(s, 5, at);
    return db_insert_id(s, id);
}

int grp_tpl_update(db *d, int64_t org_id, int64_t id, int64_t version, const char *name,
                   const char *segments, int64_t by, int64_t at)
{
    db_stmt *s = db_prep(d, Q_TPL_UPDATE);
    if (!s)
        return -1;
    db_bind_text(s, 1, name);
    db_bind_text(s, 2, segments);
    db_bind_int(s, 3, by);
    db_bind_int(s, 4, at);
    db_bind_int(s, 5, org_id);
    db_bind_int(s, 6, id);
    db_bind_int(s, 7, version);
    return changed(s);
}

/* ---- sessions ------------------------------------------------------------------- */

int grp_ses_insert(db *d, int64_t org_id, const struct grp_session *x, int64_t at, int64_t *id)
{
    db_stmt *s = db_prep(d, Q_SES_INSERT);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, x->group_id);
    db_bind_text(s, 3, x->session_date);
    db_bind_int(s, 4, x->starts_at);
    db_bind_int(s, 5, x->minutes);
    db_bind_text(s, 6, x->segments);
    db_bind_int(s, 7, at);
    return db_insert_id(s, id);
}

static void fill_ses(db_stmt *s, arena *a, void *row)
{
    struct grp_session *x = row;
    x->id = db_col_int(s, 0);
    x->group_id = db_col_int(s, 1);
    x->session_date = col_dup(a, s, 2);
    x->starts_at = db_col_int(s, 3);
    x->minutes = (int)db_col_int(s, 4);
    x->segments = col_dup(a, s, 5);
    x->topic = col_dup(a, s, 6);
    x->handouts = col_dup(a, s, 7);
    x->note = col_dup(a, s, 8);
    x->boundary_reason = col_dup(a, s, 9);
    x->documented_at = db_col_int(s, 10);
    x->documented_by = db_col_int(s, 11);
    x->version = db_col_int(s, 12);
}

int grp_ses_get(db *d, arena *a, int64_t org_id, int64_t id, struct grp_session *out)
{
    db_stmt *s = db_prep(d, Q_SES_GET);
    if (s) {
        db_bind_int(s, 1, org_id);
        db_bind_int(s, 2, id);
    }
    return one(s, a, fill_ses, out);
}

int grp_ses_by_date(db *d, arena *a, int64_t org_id, int64_t group_id, const char *day,
                    struct grp_session *out)
{
    db_stmt *s = db_prep(d, Q_SES_BY_DATE);
    if (s) {
        db_bind_int(s, 1, org_id);
        db_bind_int(s, 2, group_id);
        db_bind_text(s, 3, day);
    }
    return one(s, a, fill_ses, out);
}

int grp_ses_range(db *d, arena *a, int64_t org_id, int64_t group_id, const char *from,
                  const char *to, struct grp_session **out, int *n)
{
    db_stmt *s = db_prep(d, Q_SES_RANGE);
    if (s) {
        db_bind_int(s, 1, org_id);
        db_bind_int(s, 2, group_id);
        db_bind_text(s, 3, from);
        db_bind_text(s, 4, to);
    }
    return rows_collect(s, a, sizeof **out, 1000, fill_ses, (void **)out, n);
}

int grp_ses_plan(db *d, int64_t org_id, int64_t id, int64_t version, const char *segments,
                 const char *topic, const char *handouts)
{
    db_stmt *s = db_prep(d, Q_SES_PLAN);
    if (!s)
        return -1;
    db_bind_text(s, 1, segments);
    db_bind_text(s, 2, topic);
    db_bind_text(s, 3, handouts);
    db_bind_int(s, 4, org_id);
    db_bind_int(s, 5, id);
    db_bind_int(s, 6, version);
    return changed(s);
}

int grp_ses_document(db *d, int64_t org_id, int64_t id, int64_t version, const char *note,
                     const char *boundary_reason, int64_t by, int64_t at)
{
    db_stmt *s = db_prep(d, Q_SES_DOCUMENT);
    if (!s)
        return -1;
    db_bind_text(s, 1, note);
    db_bind_text(s, 2, boundary_reason);
    db_bind_int(s, 3, at);
    db_bind_int(s, 4, by);
    db_bind_int(s, 5, org_id);
    db_bind_int(s, 6, id);
    db_bind_int(s, 7, version);
    return changed(s);
}

/* ---- attendance ----------------------------------------------------------------- */

int grp_att_add(db *d, int64_t org_id, int64_t session_id, const struct grp_attendance *x)
{
    db_stmt *s = db_prep(d, Q_ATT_ADD);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, session_id);
    bind_id(s, 3, x->recoveree_id);
    db_bind_text(s, 4, x->recoveree_id ? NULL : x->guest_name);
    db_bind_text(s, 5, x->recoveree_id ? NULL : x->guest_role);
    db_bind_text(s, 6, x->status);
    db_bind_int(s, 7, x->shared ? 1 : 0);
    db_bind_text(s, 8, x->note);
    bind_id(s, 9, x->service_id);
    int64_t id;
    return db_insert_id(s, &id);
}

static void fill_att(db_stmt *s, arena *a, void *row)
{
    struct grp_attendance *x = row;
    x->id = db_col_int(s, 0);
    x->recoveree_id = db_col_int(s, 1);
    x->first_name = col_dup(a, s, 2);
    x->preferred_name = col_dup(a, s, 3);
    x->last_name = col_dup(a, s, 4);
    x->guest_name = col_dup(a, s, 5);
    x->guest_role = col_dup(a, s, 6);
    x->status = col_dup(a, s, 7);
    x->shared = db_col_int(s, 8) != 0;
    x->note = col_dup(a, s, 9);
    x->service_id = db_col_int(s, 10);
}

int grp_att_list(db *d, arena *a, int64_t org_id, int64_t session_id, struct grp_attendance **out,
                 int *n)
{
    db_stmt *s = db_prep(d, Q_ATT_LIST);
    if (s) {
        db_bind_int(s, 1, org_id);
        db_bind_int(s, 2, session_id);
    }
    return rows_collect(s, a, sizeof **out, 500, fill_att, (void **)out, n);
}

static void fill_mark(db_stmt *s, arena *a, void *row)
{
    struct grp_mark *m = row;
    m->recoveree_id = db_col_int(s, 0);
    m->status = col_dup(a, s, 1);
    m->shared = db_col_int(s, 2) != 0;
}

int grp_att_marks(db *d, arena *a, int64_t org_id, int64_t group_id, struct grp_mark **out, int *n)
{
    db_stmt *s = db_prep(d, Q_ATT_SHARING);
    if (s) {
        db_bind_int(s, 1, org_id);
        db_bind_int(s, 2, group_id);
    }
    return rows_collect(s, a, sizeof **out, 20000, fill_mark, (void **)out, n);
}

static void fill_visit(db_stmt *s, arena *a, void *row)
{
    struct grp_visit *v = row;
    v->session_id = db_col_int(s, 0);
    v->group_name = col_dup(a, s, 1);
    v->session_date = col_dup(a, s, 2);
    v->status = col_dup(a, s, 3);
    v->service_id = db_col_int(s, 4);
}

int grp_att_of_recoveree(db *d, arena *a, int64_t org_id, int64_t recoveree_id,
                         struct grp_visit **out, int *n)
{
    db_stmt *s = db_prep(d, Q_ATT_OF_RECOVEREE);
    if (s) {
        db_bind_int(s, 1, org_id);
        db_bind_int(s, 2, recoveree_id);
    }
    return rows_collect(s, a, sizeof **out, 200, fill_visit, (void **)out, n);
}

/* ---- incidents ------------------------------------------------------------------ */

int grp_inc_insert(db *d, int64_t org_id, const struct grp_incident_row *r, int64_t *id)
{
    db_stmt *s = db_prep(d, Q_INC_INSERT);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, r->group_id);
    bind_id(s, 3, r->session_id);
    db_bind_int(s, 4, r->recoveree_id);
    db_bind_text(s, 5, r->kind);
    db_bind_text(s, 6, r->details);
    db_bind_int(s, 7, r->reported_by);
    db_bind_int(s, 8, r->reported_at);
    bind_id(s, 9, r->notified_user);
    db_bind_int(s, 10, r->shared ? 1 : 0);
    return db_insert_id(s, id);
}

int grp_inc_notice(db *d, int64_t org_id, int64_t id, int64_t notification_id)
{
    db_stmt *s = db_prep(d, Q_INC_NOTICE);
    if (!s)
        return -1;
    db_bind_int(s, 1, notification_id);
    db_bind_int(s, 2, org_id);
    db_bind_int(s, 3, id);
    return changed(s);
}

static void fill_inc(db_stmt *s, arena *a, void *row)
{
    struct grp_incident_row *r = row;
    r->id = db_col_int(s, 0);
    r->group_id = db_col_int(s, 1);
    r->group_name = col_dup(a, s, 2);
    r->session_id = db_col_int(s, 3);
    r->recoveree_id = db_col_int(s, 4);
    r->first_name = col_dup(a, s, 5);
    r->preferred_name = col_dup(a, s, 6);
    r->last_name = col_dup(a, s, 7);
    r->kind = col_dup(a, s, 8);
    r->details = col_dup(a, s, 9);
    r->reported_by = db_col_int(s, 10);
    r->reported_by_name = col_dup(a, s, 11);
    r->reported_at = db_col_int(s, 12);
    r->notified_user = db_col_int(s, 13);
    r->notification_id = db_col_int(s, 14);
    r->shared = db_col_int(s, 15) != 0;
}

int grp_inc_get(db *d, arena *a, int64_t org_id, int64_t id, struct grp_incident_row *out)
{
    db_stmt *s = db_prep(d, Q_INC_GET);
    if (s) {
        db_bind_int(s, 1, org_id);
        db_bind_int(s, 2, id);
    }
    return one(s, a, fill_inc, out);
}

int grp_inc_of_session(db *d, arena *a, int64_t org_id, int64_t session_id,
                       struct grp_incident_row **out, int *n)
{
    db_stmt *s = db_prep(d, Q_INC_OF_SESSION);
    if (s) {
        db_bind_int(s, 1, org_id);
        db_bind_int(s, 2, session_id);
    }
    return rows_collect(s, a, sizeof **out, 200, fill_inc, (void **)out, n);
}

/* ---- who hears of an incident --------------------------------------------------- */

static int one_id(db_stmt *s, int64_t *out)
{
    if (!s)
        return -1;
    int rc = db_step(s);
    if (rc != DB_ROW)
        return rc == DB_OK ? 0 : -1;
    *out = db_col_int(s, 0);
    db_exec(s);
    return 1;
}

int grp_monitoring_cm(db *d, int64_t org_id, int64_t recoveree_id, int64_t *user)
{
    db_stmt *s = db_prep(d, Q_GRP_MONITORING_CM);
    if (s) {
        db_bind_int(s, 1, org_id);
        db_bind_int(s, 2, recoveree_id);
    }
    return one_id(s, user);
}

int grp_supervisor_of(db *d, int64_t org_id, int64_t user_id, const char *today, int64_t *sup)
{
    db_stmt *s = db_prep(d, Q_GRP_SUPERVISOR_OF);
    if (s) {
        db_bind_int(s, 1, org_id);
        db_bind_int(s, 2, user_id);
        db_bind_text(s, 3, today);
        db_bind_text(s, 4, today);
    }
    return one_id(s, sup);
}
