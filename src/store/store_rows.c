/* store_rows.c - row helpers shared by the typed store functions (store_rows.h). */
#include "store_rows.h"

#include <string.h>

const char *col_dup(arena *a, db_stmt *s, int c)
{
    return db_col_isnull(s, c) ? NULL : arena_strdup(a, db_col_text(s, c));
}

void *rows_grow(arena *a, void **rows, size_t *cap, size_t n, size_t sz)
{
    if (n >= *cap) {
        size_t ncap = *cap ? *cap * 2 : 16;
        while (ncap <= n)
            ncap *= 2;
        char *g = arena_alloc(a, sz * ncap);
        if (*rows && *cap)
            memcpy(g, *rows, sz * *cap);
        *rows = g;
        *cap = ncap;
    }
    return (char *)*rows + sz * n;
}

int rows_collect(db_stmt *s, arena *a, size_t sz, int max, row_fill_fn fill, void **out, int *n)
{
    *n = 0;
    *out = NULL;
    if (!s)
        return -1;
    size_t cap = 0;
    int rc;
    while ((rc = db_step(s)) == DB_ROW && *n < max) {
        void *row = rows_grow(a, out, &cap, (size_t)*n, sz);
        fill(s, a, row);
        (*n)++;
    }
    if (rc == DB_ROW)
        db_exec(s); /* more than max: finish (and release) the statement */
    return rc == DB_OK || rc == DB_ROW ? 0 : -1;
}

int row_one(db_stmt *s, arena *a, row_fill_fn fill, void *out)
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

int row_int(db_stmt *s, int64_t *n)
{
    if (!s || db_step(s) != DB_ROW)
        return -1;
    *n = db_col_int(s, 0);
    db_exec(s);
    return 0;
}

int row_changed(db_stmt *s)
{
    if (!s || db_exec(s) != DB_OK)
        return -1;
    return db_changes(s) > 0;
}

void bind_id_or_null(db_stmt *s, int i, int64_t id)
{
    if (id)
        db_bind_int(s, i, id);
    else
        db_bind_null(s, i);
}
