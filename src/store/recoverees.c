/* recoverees.c - the access scope and recoveree reads. */
#include "recoverees.h"

#include <string.h>

#include "accounts.h"
#include "civil.h"

void rc_scope_for(struct rc_scope *sc, enum role role, int64_t user_id, int32_t today, int64_t now)
{
    memset(sc, 0, sizeof *sc);
    sc->all = role == ROLE_ADMIN;
    sc->peer = role == ROLE_PEER ? user_id : 0;
    sc->supervisor = role == ROLE_SUPERVISOR ? user_id : 0;
    /* Break-glass is for the peers and supervisors who may need a record in an
     * emergency; a clinician of a partner program sees only what a consent shares. */
    int staff = role == ROLE_PEER || role == ROLE_SUPERVISOR;
    sc->user = staff ? user_id : 0;
    civil_format(today, sc->today);
    sc->now = now;
}

int rc_bind_scope(db_stmt *s, int i, const struct rc_scope *sc)
{
    db_bind_int(s, i++, sc->all);
    db_bind_int(s, i++, sc->peer);
    db_bind_text(s, i++, sc->today);
    db_bind_text(s, i++, sc->today);
    db_bind_int(s, i++, sc->supervisor);
    for (int k = 0; k < 4; k++)
        db_bind_text(s, i++, sc->today);
    db_bind_int(s, i++, sc->supervisor); /* never-assigned active recoverees, for triage */
    db_bind_int(s, i++, sc->user);
    db_bind_int(s, i++, sc->now);
    return i;
}

static const char *dup(arena *a, db_stmt *s, int c)
{
    return db_col_isnull(s, c) ? NULL : arena_strdup(a, db_col_text(s, c));
}

void rc_from_row(db_stmt *s, arena *a, struct recoveree *r)
{
    r->id = db_col_int(s, 0);
    r->first_name = dup(a, s, 1);
    r->last_name = dup(a, s, 2);
    r->preferred_name = dup(a, s, 3);
    r->dob = dup(a, s, 4);
    r->phone = dup(a, s, 5);
    r->email = dup(a, s, 6);
    r->contact_pref = dup(a, s, 7);
    r->ok_to_leave_message = (int)db_col_int(s, 8);
    r->language = dup(a, s, 9);
    r->cultural_factors = dup(a, s, 10);
    r->lived_experience = dup(a, s, 11);
    r->pathways = dup(a, s, 12);
    r->preferred_peer = dup(a, s, 13);
    r->status = dup(a, s, 14);
    r->intake_date = dup(a, s, 15);
    r->status_date = dup(a, s, 16);
    r->version = db_col_int(s, 17);
    r->created_at = db_col_int(s, 18);
}

int rc_get(db *d, arena *a, int64_t org_id, int64_t id, const struct rc_scope *sc,
           struct recoveree *out)
{
    db_stmt *s = db_prep(d, Q_RC_GET);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, id);
    rc_bind_scope(s, 3, sc);
    int rc = db_step(s);
    if (rc != DB_ROW)
        return rc == DB_OK ? 0 : -1;
    rc_from_row(s, a, out);
    db_exec(s);
    return 1;
}

static int bind_filters(db_stmt *s, int i, const char *status, const char *pattern)
{
    db_bind_text(s, i++, status);
    db_bind_text(s, i++, status);
    for (int k = 0; k < 4; k++)
        db_bind_text(s, i++, pattern);
    return i;
}

int rc_page(db *d, arena *a, int64_t org_id, const struct rc_scope *sc, const char *status,
            const char *name, int64_t limit, int64_t offset, struct recoveree **out, int *n,
            int64_t *total)
{
    const char *pattern = like_prefix(a, name, 1);
    db_stmt *s = db_prep(d, Q_RC_COUNT);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    bind_filters(s, rc_bind_scope(s, 2, sc), status, pattern);
    if (db_step(s) != DB_ROW)
        return -1;
    *total = db_col_int(s, 0);
    db_exec(s);
    s = db_prep(d, Q_RC_PAGE);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    int i = bind_filters(s, rc_bind_scope(s, 2, sc), status, pattern);
    db_bind_int(s, i++, limit);
    db_bind_int(s, i, offset);
    *out = arena_alloc(a, sizeof **out * (size_t)(limit > 0 ? limit : 1));
    *n = 0;
    int rc;
    while ((rc = db_step(s)) == DB_ROW && *n < limit)
        rc_from_row(s, a, &(*out)[(*n)++]);
    return rc == DB_OK || rc == DB_ROW ? 0 : -1;
}
