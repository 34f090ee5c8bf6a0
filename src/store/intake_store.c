/* intake_store.c - a new recoveree, its first caseload row, and the import key (intake_store.h). */
#include "intake_store.h"

int rc_insert(db *d, int64_t org_id, const struct recoveree *r, const char *today, int64_t by,
              int64_t now, int64_t *id)
{
    db_stmt *s = db_prep(d, Q_RC_INSERT);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, org_id);
    db_bind_text(s, 2, r->first_name);
    db_bind_text(s, 3, r->last_name);
    db_bind_text(s, 4, r->preferred_name);
    db_bind_text(s, 5, r->dob);
    db_bind_text(s, 6, r->phone);
    db_bind_text(s, 7, r->email);
    db_bind_text(s, 8, r->contact_pref ? r->contact_pref : "phone");
    db_bind_int(s, 9, r->ok_to_leave_message);
    db_bind_text(s, 10, r->language);
    db_bind_text(s, 11, r->cultural_factors);
    db_bind_text(s, 12, r->lived_experience);
    db_bind_text(s, 13, r->pathways);
    db_bind_text(s, 14, r->preferred_peer);
    db_bind_text(s, 15, today);
    db_bind_text(s, 16, today);
    db_bind_int(s, 17, by);
    db_bind_int(s, 18, now);
    db_bind_int(s, 19, now);
    return db_insert_id(s, id);
}

int cl_insert_plain(db *d, int64_t org_id, int64_t recoveree_id, int64_t peer_id,
                    const char *start, int64_t by, int64_t now)
{
    db_stmt *c = db_prep(d, Q_CL_INSERT);
    if (!c)
        return DB_ERR;
    db_bind_int(c, 1, org_id);
    db_bind_int(c, 2, recoveree_id);
    db_bind_int(c, 3, peer_id);
    db_bind_text(c, 4, start);
    db_bind_null(c, 5);
    db_bind_null(c, 6);
    db_bind_null(c, 7);
    db_bind_int(c, 8, by);
    db_bind_int(c, 9, now);
    int64_t id;
    return db_insert_id(c, &id);
}

int rc_find_by_key(db *d, int64_t org_id, const char *last_name, const char *first_name,
                   const char *dob, int64_t *id)
{
    db_stmt *s = db_prep(d, Q_IMP_RC_BY_KEY);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    db_bind_text(s, 2, last_name);
    db_bind_text(s, 3, first_name);
    db_bind_text(s, 4, dob);
    db_bind_text(s, 5, dob);
    int rc = db_step(s);
    if (rc != DB_ROW)
        return rc == DB_OK ? 0 : -1;
    *id = db_col_int(s, 0);
    db_exec(s);
    return 1;
}
