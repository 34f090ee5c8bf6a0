/* store_rows.h - what every typed store function shares when it turns a statement's rows into
 * C values: a text column copied into the arena, an arena array that grows by doubling, and
 * a statement's rows collected into such an array. Store files only (src/store). */
#ifndef PD_STORE_ROWS_H
#define PD_STORE_ROWS_H

#include <stddef.h>

#include "arena.h"
#include "db.h"

/* Column c of the current row as an arena copy; NULL when the column is NULL. */
const char *col_dup(arena *a, db_stmt *s, int c);

/* The address of element n (of sz bytes) of the arena array *rows holding *cap elements,
 * doubling it (from 16) first when n == *cap. The old array stays in the arena. */
void *rows_grow(arena *a, void **rows, size_t *cap, size_t n, size_t sz);

/* Fill one row struct from the statement's current row. */
typedef void (*row_fill_fn)(db_stmt *s, arena *a, void *row);

/* Step s to the end (at most max rows kept), each row filled into an arena array of sz-byte
 * structs: *out and *n. s NULL (a failed prepare) or a failed step: -1. 0 otherwise. */
int rows_collect(db_stmt *s, arena *a, size_t sz, int max, row_fill_fn fill, void **out,
                 int *n);

/* One row or none: step s once, fill out when there is a row, finish the statement.
 * 1 found, 0 none, -1 (s NULL or a failed step). */
int row_one(db_stmt *s, arena *a, row_fill_fn fill, void *out);

/* The first column of a one-row answer (a COUNT): *n, and 0; -1 on failure. */
int row_int(db_stmt *s, int64_t *n);

/* A write meant to change one row: 1 changed, 0 nothing matched, -1 failed. */
int row_changed(db_stmt *s);

/* Bind an id, or NULL when it is 0. */
void bind_id_or_null(db_stmt *s, int i, int64_t id);

#endif
