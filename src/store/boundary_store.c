/* boundary_store.c - an organization's boundary rules (boundary_store.h). */
#include "boundary_store.h"

#include "queries.h"
#include "store_rows.h"

static void fill(db_stmt *s, arena *a, void *row)
{
    struct bnd_stored *b = row;
    b->id = db_col_int(s, 0);
    b->id_text = arena_printf(a, "%lld", (long long)b->id);
    b->lane = col_dup(a, s, 1);
    b->effect = col_dup(a, s, 2);
    b->pattern = col_dup(a, s, 3);
    b->disables = col_dup(a, s, 4);
    b->active = (int)db_col_int(s, 5);
    b->note = col_dup(a, s, 6);
    b->created_at = db_col_int(s, 7);
}

int bnd_rows(db *d, arena *a, int64_t org_id, struct bnd_stored **out, int *n)
{
    db_stmt *s = db_prep(d, Q_BND_ROWS);
    if (s)
        db_bind_int(s, 1, org_id);
    return rows_collect(s, a, sizeof **out, 1000, fill, (void **)out, n);
}

int bnd_insert(db *d, int64_t org_id, const char *lane, const char *effect, const char *pattern,
               const char *disables, const char *note, int64_t by, int64_t at, int64_t *id)
{
    db_stmt *s = db_prep(d, Q_BND_INSERT);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, org_id);
    db_bind_text(s, 2, lane);
    db_bind_text(s, 3, effect);
    db_bind_text(s, 4, pattern);
    db_bind_text(s, 5, disables);
    db_bind_text(s, 6, note);
    db_bind_int(s, 7, by);
    db_bind_int(s, 8, at);
    return db_insert_id(s, id);
}

int bnd_disable(db *d, int64_t org_id, int64_t id)
{
    db_stmt *s = db_prep(d, Q_BND_DISABLE);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, id);
    if (db_exec(s) != DB_OK)
        return -1;
    return db_changes(s) > 0;
}
