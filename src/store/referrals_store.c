/* referrals_store.c - the resource directory and referrals (referrals_store.h). */
#include "referrals_store.h"
#include "store_rows.h"

/* Bind the columns of r from index i in RES_INSERT / RES_UPDATE order (kind .. note). */
static int bind_resource(db_stmt *s, int i, const struct resource *r)
{
    db_bind_text(s, i++, r->kind);
    db_bind_text(s, i++, r->name);
    db_bind_text(s, i++, r->address);
    db_bind_text(s, i++, r->zip);
    db_bind_text(s, i++, r->phone);
    db_bind_text(s, i++, r->hours);
    db_bind_text(s, i++, r->languages);
    db_bind_text(s, i++, r->eligibility);
    db_bind_text(s, i++, r->meetings);
    db_bind_text(s, i++, r->website);
    db_bind_text(s, i++, r->note);
    return i;
}

int resource_insert(db *d, int64_t org_id, const struct resource *r, int64_t by, int64_t at,
                    int64_t *id)
{
    db_stmt *s = db_prep(d, Q_RES_INSERT);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, org_id);
    int i = bind_resource(s, 2, r);
    db_bind_int(s, i++, by);
    db_bind_int(s, i, at);
    return db_insert_id(s, id);
}

static void fill_resource(db_stmt *s, arena *a, void *row)
{
    struct resource *r = row;
    r->id = db_col_int(s, 0);
    r->kind = col_dup(a, s, 1);
    r->name = col_dup(a, s, 2);
    r->address = col_dup(a, s, 3);
    r->zip = col_dup(a, s, 4);
    r->phone = col_dup(a, s, 5);
    r->hours = col_dup(a, s, 6);
    r->languages = col_dup(a, s, 7);
    r->eligibility = col_dup(a, s, 8);
    r->meetings = col_dup(a, s, 9);
    r->website = col_dup(a, s, 10);
    r->note = col_dup(a, s, 11);
    r->active = db_col_int(s, 12) != 0;
    r->version = db_col_int(s, 13);
    r->updated_at = db_col_int(s, 14);
}

int resource_get(db *d, arena *a, int64_t org_id, int64_t id, struct resource *out)
{
    db_stmt *s = db_prep(d, Q_RES_GET);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, id);
    int rc = db_step(s);
    if (rc != DB_ROW)
        return rc == DB_OK ? 0 : -1;
    fill_resource(s, a, out);
    db_exec(s);
    return 1;
}

int resource_update(db *d, int64_t org_id, const struct resource *r, int64_t version, int64_t by,
                    int64_t at)
{
    db_stmt *s = db_prep(d, Q_RES_UPDATE);
    if (!s)
        return -1;
    int i = bind_resource(s, 1, r);
    db_bind_int(s, i++, r->active ? 1 : 0);
    db_bind_int(s, i++, by);
    db_bind_int(s, i++, at);
    db_bind_int(s, i++, org_id);
    db_bind_int(s, i++, r->id);
    db_bind_int(s, i, version);
    if (db_exec(s) != DB_OK)
        return -1;
    return db_changes(s) == 1;
}

/* The search's rows carry the total in their last column (COUNT(*) OVER ()). */
struct resource_row {
    struct resource r;
    int64_t total;
};

static void fill_search(db_stmt *s, arena *a, void *row)
{
    struct resource_row *x = row;
    fill_resource(s, a, &x->r);
    x->total = db_col_int(s, 15);
}

int resource_search(db *d, arena *a, int64_t org_id, const struct resource_search *q,
                    int64_t limit, int64_t offset, struct resource **out, int *n,
                    int64_t *total)
{
    db_stmt *s = db_prep(d, Q_RES_SEARCH);
    if (s) {
        const char *lang = q->language ? arena_printf(a, "%%%s%%", q->language) : NULL;
        const char *zip = q->zip ? arena_printf(a, "%s%%", q->zip) : NULL;
        const char *words = q->q ? arena_printf(a, "%%%s%%", q->q) : NULL;
        /* LIKE patterns are matched against lower-cased columns: lower the pattern too. */
        for (char *p = (char *)lang; p && *p; p++)
            if (*p >= 'A' && *p <= 'Z')
                *p = (char)(*p + ('a' - 'A'));
        for (char *p = (char *)words; p && *p; p++)
            if (*p >= 'A' && *p <= 'Z')
                *p = (char)(*p + ('a' - 'A'));
        db_bind_int(s, 1, org_id);
        db_bind_int(s, 2, q->include_inactive ? 1 : 0);
        db_bind_text(s, 3, q->kind);
        db_bind_text(s, 4, q->kind);
        db_bind_text(s, 5, lang);
        db_bind_text(s, 6, lang);
        db_bind_text(s, 7, zip);
        db_bind_text(s, 8, zip);
        db_bind_text(s, 9, words);
        db_bind_text(s, 10, words);
        db_bind_int(s, 11, limit);
        db_bind_int(s, 12, offset);
    }
    struct resource_row *rows;
    /* limit is a page (PAGE_SIZE); the cap only guards a caller that asks for more. */
    if (rows_collect(s, a, sizeof *rows, 1000, fill_search, (void **)&rows, n) != 0)
        return -1;
    *total = *n ? rows[0].total : 0;
    *out = arena_alloc(a, sizeof **out * (size_t)(*n ? *n : 1));
    for (int i = 0; i < *n; i++)
        (*out)[i] = rows[i].r;
    return 0;
}

int resource_find_key(db *d, int64_t org_id, const char *name, const char *zip, int64_t *id)
{
    db_stmt *s = db_prep(d, Q_RES_FIND_KEY);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    db_bind_text(s, 2, name);
    db_bind_text(s, 3, zip);
    db_bind_text(s, 4, zip);
    int rc = db_step(s);
    if (rc == DB_ROW) {
        *id = db_col_int(s, 0);
        db_exec(s);
        return 1;
    }
    return rc == DB_OK ? 0 : -1;
}

int referral_insert(db *d, int64_t org_id, int64_t recoveree_id, int64_t resource_id,
                    int64_t made_by, const char *made_on, const char *follow_up_on,
                    const char *note, int64_t at, int64_t *id)
{
    db_stmt *s = db_prep(d, Q_REF_INSERT);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, recoveree_id);
    db_bind_int(s, 3, resource_id);
    db_bind_int(s, 4, made_by);
    db_bind_text(s, 5, made_on);
    db_bind_text(s, 6, follow_up_on);
    db_bind_text(s, 7, note);
    db_bind_int(s, 8, made_by);
    db_bind_int(s, 9, at);
    return db_insert_id(s, id);
}

static void fill_referral(db_stmt *s, arena *a, void *row)
{
    struct referral *f = row;
    f->id = db_col_int(s, 0);
    f->recoveree_id = db_col_int(s, 1);
    f->resource_id = db_col_int(s, 2);
    f->made_by = db_col_int(s, 3);
    f->made_on = col_dup(a, s, 4);
    f->state = col_dup(a, s, 5);
    f->connected_on = col_dup(a, s, 6);
    f->closed_on = col_dup(a, s, 7);
    f->follow_up_on = col_dup(a, s, 8);
    f->note = col_dup(a, s, 9);
    f->version = db_col_int(s, 10);
    f->updated_at = db_col_int(s, 11);
    f->resource_name = col_dup(a, s, 12);
    f->resource_kind = col_dup(a, s, 13);
    f->resource_phone = col_dup(a, s, 14);
    f->made_by_name = col_dup(a, s, 15);
    f->first_name = col_dup(a, s, 16);
    f->preferred_name = col_dup(a, s, 17);
    f->last_name = col_dup(a, s, 18);
}

int referral_get(db *d, arena *a, int64_t org_id, int64_t id, struct referral *out)
{
    db_stmt *s = db_prep(d, Q_REF_GET);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, id);
    int rc = db_step(s);
    if (rc != DB_ROW)
        return rc == DB_OK ? 0 : -1;
    fill_referral(s, a, out);
    db_exec(s);
    return 1;
}

int referral_update(db *d, int64_t org_id, const struct referral *f, int64_t version, int64_t by,
                    int64_t at)
{
    db_stmt *s = db_prep(d, Q_REF_UPDATE);
    if (!s)
        return -1;
    db_bind_text(s, 1, f->state);
    db_bind_text(s, 2, f->connected_on);
    db_bind_text(s, 3, f->closed_on);
    db_bind_text(s, 4, f->follow_up_on);
    db_bind_text(s, 5, f->note);
    db_bind_int(s, 6, by);
    db_bind_int(s, 7, at);
    db_bind_int(s, 8, org_id);
    db_bind_int(s, 9, f->id);
    db_bind_int(s, 10, version);
    if (db_exec(s) != DB_OK)
        return -1;
    return db_changes(s) == 1;
}

int referrals_of(db *d, arena *a, int64_t org_id, int64_t recoveree_id, struct referral **out,
                 int *n)
{
    db_stmt *s = db_prep(d, Q_REF_BY_RECOVEREE);
    if (s) {
        db_bind_int(s, 1, org_id);
        db_bind_int(s, 2, recoveree_id);
    }
    return rows_collect(s, a, sizeof **out, 500, fill_referral, (void **)out, n);
}

int referrals_mine_open(db *d, arena *a, int64_t org_id, int64_t user, const struct rc_scope *sc,
                        const char *due_by, int due_only, int limit, struct referral **out,
                        int *n)
{
    db_stmt *s = db_prep(d, Q_REF_MINE_OPEN);
    if (s) {
        db_bind_int(s, 1, org_id);
        db_bind_int(s, 2, user);
        db_bind_int(s, 3, due_only ? 1 : 0);
        db_bind_text(s, 4, due_by);
        int i = rc_bind_scope(s, 5, sc);
        db_bind_text(s, i++, due_by);
        db_bind_int(s, i, limit);
    }
    return rows_collect(s, a, sizeof **out, limit, fill_referral, (void **)out, n);
}
