/* caseload_store.c - caseloads, relationships, matching peers, staff choices and break-glass
 * grants (caseload_store.h). */
#include "caseload_store.h"
#include "store_rows.h"

#include <string.h>

/* Room for row *n of an arena array of rows of size sz, doubling it when full. */
/* The end of a read loop: 0 when the rows came to their end, -1 on an error. */
static int finished(db_stmt *s, int rc)
{
    if (rc == DB_ROW)
        db_exec(s);
    return rc == DB_OK || rc == DB_ROW ? 0 : -1;
}

int cl_active(db *d, arena *a, int64_t org_id, int64_t recoveree_id, const char *today,
              struct cl_row **out, int *n)
{
    *out = NULL;
    *n = 0;
    db_stmt *s = db_prep(d, Q_CL_ACTIVE);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, recoveree_id);
    db_bind_text(s, 3, today);
    db_bind_text(s, 4, today);
    size_t cap = 0;
    int rc;
    while ((rc = db_step(s)) == DB_ROW) {
        struct cl_row *c = rows_grow(a, (void **)out, &cap, (size_t)*n, sizeof *c);
        (*n)++;
        c->id = db_col_int(s, 0);
        c->peer_id = db_col_int(s, 1);
        c->peer = col_dup(a, s, 2);
        c->start_date = col_dup(a, s, 3);
        c->override_rules = col_dup(a, s, 4);
        c->override_reason = col_dup(a, s, 5);
    }
    return finished(s, rc);
}

int cl_insert(db *d, int64_t org_id, int64_t recoveree_id, int64_t peer_id, const char *start,
              const char *override_rules, const char *override_reason, int64_t override_by,
              int64_t by, int64_t now, int64_t *id)
{
    db_stmt *s = db_prep(d, Q_CL_INSERT);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, recoveree_id);
    db_bind_int(s, 3, peer_id);
    db_bind_text(s, 4, start);
    db_bind_text(s, 5, override_rules);
    db_bind_text(s, 6, override_reason);
    if (override_by > 0)
        db_bind_int(s, 7, override_by);
    else
        db_bind_null(s, 7);
    db_bind_int(s, 8, by);
    db_bind_int(s, 9, now);
    return db_insert_id(s, id);
}

int cl_end(db *d, int64_t org_id, int64_t recoveree_id, int64_t id, const char *today,
           int64_t now)
{
    db_stmt *s = db_prep(d, Q_CL_END);
    if (!s)
        return -1;
    db_bind_text(s, 1, today);
    db_bind_int(s, 2, now);
    db_bind_int(s, 3, org_id);
    db_bind_int(s, 4, recoveree_id);
    db_bind_int(s, 5, id);
    if (db_exec(s) != DB_OK)
        return -1;
    return db_changes(s) == 1;
}

int rel_list(db *d, arena *a, int64_t org_id, int64_t recoveree_id, struct rel_row **out,
             int *n)
{
    *out = NULL;
    *n = 0;
    db_stmt *s = db_prep(d, Q_REL_LIST);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, recoveree_id);
    size_t cap = 0;
    int rc;
    while ((rc = db_step(s)) == DB_ROW) {
        struct rel_row *x = rows_grow(a, (void **)out, &cap, (size_t)*n, sizeof *x);
        (*n)++;
        x->id = db_col_int(s, 0);
        x->staff_id = db_col_int(s, 1);
        x->staff = col_dup(a, s, 2);
        x->kind = col_dup(a, s, 3);
        x->note = col_dup(a, s, 4);
    }
    return finished(s, rc);
}

int rel_insert(db *d, int64_t org_id, int64_t recoveree_id, int64_t staff_id, const char *kind,
               const char *note, int64_t by, int64_t now)
{
    db_stmt *s = db_prep(d, Q_REL_INSERT);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, recoveree_id);
    db_bind_int(s, 3, staff_id);
    db_bind_text(s, 4, kind);
    db_bind_text(s, 5, note);
    db_bind_int(s, 6, by);
    db_bind_int(s, 7, now);
    int64_t id;
    return db_insert_id(s, &id);
}

int match_peers(db *d, arena *a, int64_t org_id, const char *today, struct match_peer **out,
                size_t *n)
{
    *out = NULL;
    *n = 0;
    db_stmt *s = db_prep(d, Q_MATCH_PEERS);
    if (!s)
        return -1;
    db_bind_text(s, 1, today);
    db_bind_text(s, 2, today);
    db_bind_int(s, 3, org_id);
    size_t cap = 0;
    int rc;
    while ((rc = db_step(s)) == DB_ROW) {
        struct match_peer *p = rows_grow(a, (void **)out, &cap, *n, sizeof *p);
        (*n)++;
        memset(p, 0, sizeof *p);
        p->id = db_col_int(s, 0);
        p->name = col_dup(a, s, 1);
        /* Matching compares the structured codes (profile.h); the free-text columns 2-5
         * are for people to read on the peer's page. */
        p->capacity = (int)db_col_int(s, 6);
        p->caseload = (int)db_col_int(s, 7);
        p->languages = col_dup(a, s, 8);
        p->gender = col_dup(a, s, 9);
        p->substances = col_dup(a, s, 10);
        p->pathways = col_dup(a, s, 11);
        p->cultures = col_dup(a, s, 12);
    }
    return finished(s, rc);
}

int user_choices(db *d, arena *a, int64_t org_id, int limit, struct staff_choice **out, int *n)
{
    *out = NULL;
    *n = 0;
    db_stmt *s = db_prep(d, Q_USER_CHOICES);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, limit);
    size_t cap = 0;
    int rc;
    while ((rc = db_step(s)) == DB_ROW) {
        struct staff_choice *c = rows_grow(a, (void **)out, &cap, (size_t)*n, sizeof *c);
        (*n)++;
        c->id = db_col_int(s, 0);
        c->name = col_dup(a, s, 1);
        c->role = col_dup(a, s, 2);
    }
    return finished(s, rc);
}

int bg_insert(db *d, int64_t org_id, int64_t user_id, int64_t recoveree_id, const char *reason,
              int64_t at, int64_t expires_at, int64_t *id)
{
    db_stmt *s = db_prep(d, Q_BG_INSERT);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, user_id);
    db_bind_int(s, 3, recoveree_id);
    db_bind_text(s, 4, reason);
    db_bind_int(s, 5, at);
    db_bind_int(s, 6, expires_at);
    return db_insert_id(s, id);
}

int bg_list(db *d, arena *a, int64_t org_id, int limit, struct bg_row **out, int *n)
{
    *out = NULL;
    *n = 0;
    db_stmt *s = db_prep(d, Q_BG_LIST);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, limit);
    size_t cap = 0;
    int rc;
    while ((rc = db_step(s)) == DB_ROW) {
        struct bg_row *g = rows_grow(a, (void **)out, &cap, (size_t)*n, sizeof *g);
        (*n)++;
        g->id = db_col_int(s, 0);
        g->user_id = db_col_int(s, 1);
        g->user = col_dup(a, s, 2);
        g->recoveree_id = db_col_int(s, 3);
        g->reason = col_dup(a, s, 4);
        g->at = db_col_int(s, 5);
        g->expires_at = db_col_int(s, 6);
        g->reviewed_by = db_col_isnull(s, 7) ? 0 : db_col_int(s, 7);
        g->reviewed_at = db_col_isnull(s, 8) ? 0 : db_col_int(s, 8);
        g->review_note = col_dup(a, s, 9);
    }
    return finished(s, rc);
}

int bg_active_until(db *d, int64_t org_id, int64_t recoveree_id, int64_t user_id, int64_t now,
                    int64_t *until)
{
    *until = 0;
    db_stmt *s = db_prep(d, Q_BG_ACTIVE_UNTIL);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, recoveree_id);
    db_bind_int(s, 3, user_id);
    db_bind_int(s, 4, now);
    int rc = db_step(s);
    if (rc == DB_ROW && !db_col_isnull(s, 0))
        *until = db_col_int(s, 0);
    return finished(s, rc);
}

int bg_review(db *d, int64_t org_id, int64_t id, int64_t reviewer, int64_t now, const char *note)
{
    db_stmt *s = db_prep(d, Q_BG_REVIEW);
    if (!s)
        return -1;
    db_bind_int(s, 1, reviewer);
    db_bind_int(s, 2, now);
    db_bind_text(s, 3, note);
    db_bind_int(s, 4, org_id);
    db_bind_int(s, 5, id);
    db_bind_int(s, 6, reviewer);
    if (db_exec(s) != DB_OK)
        return -1;
    return db_changes(s) == 1;
}

int bg_end(db *d, int64_t org_id, int64_t id, int64_t user_id, int any, int64_t now)
{
    db_stmt *s = db_prep(d, Q_BG_END);
    if (!s)
        return -1;
    db_bind_int(s, 1, now);
    db_bind_int(s, 2, org_id);
    db_bind_int(s, 3, id);
    db_bind_int(s, 4, now);
    db_bind_int(s, 5, user_id);
    db_bind_int(s, 6, any != 0);
    if (db_exec(s) != DB_OK)
        return -1;
    return db_changes(s) == 1;
}
