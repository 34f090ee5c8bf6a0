/* home_store.c - typed reads for the home page cards (home_store.h). */
#include "home_store.h"
#include "store_rows.h"

#include "queries.h"

/* Run a one-row COUNT(*) statement that is already bound. */
static int count_of(db_stmt *s, int64_t *n)
{
    *n = 0;
    if (!s || db_step(s) != DB_ROW)
        return -1;
    *n = db_col_int(s, 0);
    db_exec(s);
    return 0;
}

/* Finish a row loop: the statement ended (DB_OK) or was cut short at the cap. */
static int rows_end(db_stmt *s, int rc)
{
    if (rc == DB_ROW)
        rc = db_exec(s);
    return rc == DB_OK ? 0 : -1;
}

int audit_count_since(db *d, int64_t org_id, const char *action, int64_t since, int64_t *n)
{
    db_stmt *s = db_prep(d, Q_AUDIT_COUNT_SINCE);
    if (s) {
        db_bind_int(s, 1, org_id);
        db_bind_text(s, 2, action);
        db_bind_int(s, 3, since);
    }
    return count_of(s, n);
}

/* Each read in two halves: prepare and bind (so that home_reads can send several at once),
 * then read the result. */
static db_stmt *security_start(db *d, int64_t org_id, int64_t since)
{
    db_stmt *s = db_prep(d, Q_AUDIT_SECURITY_COUNTS);
    if (s) {
        db_bind_int(s, 1, org_id);
        db_bind_int(s, 2, since);
    }
    return s;
}

static int security_read(db_stmt *s, struct security_counts *out)
{
    if (!s || db_step(s) != DB_ROW)
        return -1;
    out->failed_logins = db_col_int(s, 0);
    out->lockouts = db_col_int(s, 1);
    out->denied = db_col_int(s, 2);
    out->exports = db_col_int(s, 3);
    return db_exec(s) == DB_OK ? 0 : -1;
}

int audit_security_counts(db *d, int64_t org_id, int64_t since, struct security_counts *out)
{
    return security_read(security_start(d, org_id, since), out);
}

int user_role_counts(db *d, arena *a, int64_t org_id, struct role_count **out, int *n)
{
    enum { CAP = 64 }; /* there are fewer roles than this */
    *out = arena_alloc(a, sizeof **out * CAP);
    *n = 0;
    db_stmt *s = db_prep(d, Q_USER_ROLE_COUNTS);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    int rc;
    while ((rc = db_step(s)) == DB_ROW && *n < CAP) {
        struct role_count *c = &(*out)[(*n)++];
        c->role = col_dup(a, s, 0);
        c->count = db_col_int(s, 1);
        c->disabled = db_col_int(s, 2);
    }
    return rows_end(s, rc);
}

static db_stmt *logins_start(db *d, int64_t org_id, int64_t user_id, int64_t limit)
{
    db_stmt *s = db_prep(d, Q_AUDIT_MY_LOGINS);
    if (s) {
        db_bind_int(s, 1, org_id);
        db_bind_int(s, 2, user_id);
        db_bind_int(s, 3, limit);
    }
    return s;
}

static int logins_read(db_stmt *s, arena *a, int64_t limit, struct login_row **out, int *n)
{
    *out = arena_alloc(a, sizeof **out * (size_t)(limit > 0 ? limit : 1));
    *n = 0;
    if (!s)
        return -1;
    int rc;
    while ((rc = db_step(s)) == DB_ROW && *n < limit) {
        struct login_row *l = &(*out)[(*n)++];
        l->at = db_col_int(s, 0);
        l->client = col_dup(a, s, 1);
        l->action = col_dup(a, s, 2);
    }
    return rows_end(s, rc);
}

int audit_my_logins(db *d, arena *a, int64_t org_id, int64_t user_id, int64_t limit,
                    struct login_row **out, int *n)
{
    if (limit > 50)
        limit = 50;
    return logins_read(logins_start(d, org_id, user_id, limit), a, limit, out, n);
}

static db_stmt *bg_start(db *d, int64_t org_id, int64_t user_id)
{
    db_stmt *s = db_prep(d, Q_BG_UNREVIEWED_COUNT);
    if (s) {
        db_bind_int(s, 1, org_id);
        db_bind_int(s, 2, user_id);
    }
    return s;
}

int bg_unreviewed_count(db *d, int64_t org_id, int64_t user_id, int64_t *n)
{
    return count_of(bg_start(d, org_id, user_id), n);
}

static db_stmt *locked_start(db *d, int64_t org_id, int64_t since, int64_t failures,
                             int64_t limit)
{
    db_stmt *s = db_prep(d, Q_USER_LOCKED);
    if (s) {
        db_bind_int(s, 1, org_id);
        db_bind_int(s, 2, since);
        db_bind_int(s, 3, failures);
        db_bind_int(s, 4, org_id);
        db_bind_int(s, 5, limit);
    }
    return s;
}

static int locked_read(db_stmt *s, arena *a, int64_t limit, struct locked_row **out, int *n)
{
    *out = arena_alloc(a, sizeof **out * (size_t)(limit > 0 ? limit : 1));
    *n = 0;
    if (!s)
        return -1;
    int rc;
    while ((rc = db_step(s)) == DB_ROW && *n < limit) {
        struct locked_row *l = &(*out)[(*n)++];
        l->id = db_col_int(s, 0);
        l->name = col_dup(a, s, 1);
        l->username = col_dup(a, s, 2);
    }
    return rows_end(s, rc);
}

int user_locked_list(db *d, arena *a, int64_t org_id, int64_t since, int64_t failures,
                     int64_t limit, struct locked_row **out, int *n)
{
    if (limit > 200)
        limit = 200;
    return locked_read(locked_start(d, org_id, since, failures, limit), a, limit, out, n);
}

int home_reads(db *d, arena *a, const struct home_reads_in *in, struct home_reads *out)
{
    int64_t logins = in->logins > 50 ? 50 : in->logins;
    int64_t locked = in->locked_limit > 200 ? 200 : in->locked_limit;
    *out = (struct home_reads){0};
    db_stmt *st[4] = {
        in->want_bg ? bg_start(d, in->org_id, in->user_id) : NULL,
        in->want_locked
            ? locked_start(d, in->org_id, in->locked_since, in->locked_failures, locked)
            : NULL,
        in->want_security ? security_start(d, in->org_id, in->security_since) : NULL,
        logins_start(d, in->org_id, in->user_id, logins),
    };
    db_pipeline(d, st, 4); /* a failure shows in each statement's read */
    int bad = 0;
    if (in->want_bg)
        bad |= count_of(st[0], &out->bg_unreviewed) != 0;
    if (in->want_locked)
        bad |= locked_read(st[1], a, locked, &out->locked, &out->nlocked) != 0;
    if (in->want_security)
        bad |= security_read(st[2], &out->security) != 0;
    bad |= logins_read(st[3], a, logins, &out->logins, &out->nlogins) != 0;
    return bad ? -1 : 0;
}
