/* recoverees.c - the access scope and recoveree reads. */
#include "recoverees.h"
#include "store_rows.h"

#include <string.h>

#include "accounts.h"
#include "civil.h"
#include "rc_search.h"

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

void rc_from_row(db_stmt *s, arena *a, struct recoveree *r)
{
    r->id = db_col_int(s, 0);
    r->first_name = col_dup(a, s, 1);
    r->last_name = col_dup(a, s, 2);
    r->preferred_name = col_dup(a, s, 3);
    r->dob = col_dup(a, s, 4);
    r->phone = col_dup(a, s, 5);
    r->email = col_dup(a, s, 6);
    r->contact_pref = col_dup(a, s, 7);
    r->ok_to_leave_message = (int)db_col_int(s, 8);
    r->language = col_dup(a, s, 9);
    r->cultural_factors = col_dup(a, s, 10);
    r->lived_experience = col_dup(a, s, 11);
    r->pathways = col_dup(a, s, 12);
    r->preferred_peer = col_dup(a, s, 13);
    r->status = col_dup(a, s, 14);
    r->intake_date = col_dup(a, s, 15);
    r->status_date = col_dup(a, s, 16);
    r->version = db_col_int(s, 17);
    r->created_at = db_col_int(s, 18);
    r->language_codes = col_dup(a, s, 19);
    r->gender = col_dup(a, s, 20);
    r->peer_gender = col_dup(a, s, 21);
    r->substance_codes = col_dup(a, s, 22);
    r->pathway_codes = col_dup(a, s, 23);
    r->culture_codes = col_dup(a, s, 24);
    r->list_peer = r->list_plan_due = NULL;
    r->list_npeers = 0;
    r->list_consent = RCC_NONE;
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

_Static_assert(RC_SEARCH_WORDS == 6, "RC_FILTER in q_recoverees.def has six RC_WORD conditions");

/* Bind the RC_FILTER parameters from i for status and the parsed search; the next index. */
static int bind_filters(db_stmt *s, arena *a, int i, const char *status, const struct rc_query *q)
{
    db_bind_text(s, i++, status);
    db_bind_text(s, i++, status);
    db_bind_int(s, i++, q->any);
    db_bind_int(s, i++, q->id);
    const char *phone = q->phone[0] ? arena_printf(a, "%%%s%%", q->phone) : NULL;
    db_bind_text(s, i++, phone);
    db_bind_text(s, i++, phone);
    const char *dob = q->dob[0] ? q->dob : NULL;
    db_bind_text(s, i++, dob);
    db_bind_text(s, i++, dob);
    db_bind_int(s, i++, q->nwords > 0);
    /* RC_FILTER has RC_SEARCH_WORDS RC_WORD conditions. */
    for (int k = 0; k < RC_SEARCH_WORDS; k++) {
        /* '% word%': the word at the start of a name part (RC_NAMES starts with a blank). */
        const char *p = k < q->nwords ? arena_printf(a, "%% %s", like_prefix(a, q->words[k], 1))
                                      : NULL;
        db_bind_text(s, i++, p);
        db_bind_text(s, i++, p);
    }
    return i;
}

int rc_page(db *d, arena *a, int64_t org_id, const struct rc_scope *sc, const char *status,
            const char *q, int64_t limit, int64_t offset, struct recoveree **out, int *n,
            int64_t *total)
{
    struct rc_query query;
    if (rc_query_parse(q, &query) != 0)
        return -2;
    db_stmt *s = db_prep(d, Q_RC_COUNT);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    bind_filters(s, a, rc_bind_scope(s, 2, sc), status, &query);
    if (db_step(s) != DB_ROW)
        return -1;
    *total = db_col_int(s, 0);
    db_exec(s);
    s = db_prep(d, Q_RC_PAGE);
    if (!s)
        return -1;
    int i = 1;
    for (int k = 0; k < 5; k++) /* RC_LIST_COLS: today five times */
        db_bind_text(s, i++, sc->today);
    db_bind_int(s, i++, org_id);
    i = bind_filters(s, a, rc_bind_scope(s, i, sc), status, &query);
    db_bind_int(s, i++, limit);
    db_bind_int(s, i, offset);
    *out = arena_alloc(a, sizeof **out * (size_t)(limit > 0 ? limit : 1));
    *n = 0;
    int rc;
    while ((rc = db_step(s)) == DB_ROW && *n < limit) {
        struct recoveree *r = &(*out)[(*n)++];
        rc_from_row(s, a, r);
        r->list_peer = col_dup(a, s, 25);
        r->list_npeers = db_col_int(s, 26);
        r->list_plan_due = col_dup(a, s, 27);
        int64_t c = db_col_isnull(s, 28) ? 0 : db_col_int(s, 28);
        r->list_consent = c >= RCC_REVOKED && c <= RCC_ACTIVE ? (enum rc_consent_state)c : RCC_NONE;
    }
    return rc == DB_OK || rc == DB_ROW ? 0 : -1;
}

int rc_set_profile(db *d, int64_t org_id, int64_t id, const char *language_codes,
                   const char *gender, const char *peer_gender, const char *substance_codes,
                   const char *pathway_codes, const char *culture_codes)
{
    db_stmt *s = db_prep(d, Q_RC_SET_PROFILE);
    if (!s)
        return DB_ERR;
    const char *v[] = {language_codes, gender, peer_gender, substance_codes, pathway_codes,
                       culture_codes};
    for (int k = 0; k < 6; k++)
        db_bind_text(s, 1 + k, v[k] && *v[k] ? v[k] : NULL);
    db_bind_int(s, 7, org_id);
    db_bind_int(s, 8, id);
    return db_exec(s) == DB_OK ? DB_OK : DB_ERR;
}

int rc_update(db *d, int64_t org_id, const struct recoveree *r, int64_t version, int64_t now)
{
    db_stmt *s = db_prep(d, Q_RC_UPDATE);
    if (!s)
        return -1;
    const char *v[] = {r->first_name, r->last_name, r->preferred_name, r->dob,
                       r->phone,      r->email,     r->contact_pref};
    for (int k = 0; k < 7; k++)
        db_bind_text(s, 1 + k, v[k]);
    db_bind_int(s, 8, r->ok_to_leave_message);
    const char *w[] = {r->language, r->cultural_factors, r->lived_experience, r->pathways,
                       r->preferred_peer, r->status, r->status_date};
    for (int k = 0; k < 7; k++)
        db_bind_text(s, 9 + k, w[k]);
    db_bind_int(s, 16, now);
    db_bind_int(s, 17, org_id);
    db_bind_int(s, 18, r->id);
    db_bind_int(s, 19, version);
    if (db_exec(s) != DB_OK)
        return -1;
    return db_changes(s) == 1;
}

int rc_exists(db *d, int64_t org_id, int64_t id)
{
    db_stmt *s = db_prep(d, Q_RC_EXISTS);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, id);
    int rc = db_step(s);
    if (rc != DB_ROW)
        return rc == DB_OK ? 0 : -1;
    int found = db_col_int(s, 0) > 0;
    db_exec(s);
    return found;
}

int rc_bg_search(db *d, arena *a, int64_t org_id, const char *name_pattern, const char *dob,
                 const char *phone_digits, int limit, struct rc_bg_hit **out, int *n)
{
    *n = 0;
    *out = arena_alloc(a, sizeof **out * (size_t)(limit > 0 ? limit : 1));
    db_stmt *s = db_prep(d, Q_RC_BG_SEARCH);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    for (int i = 2; i <= 4; i++)
        db_bind_text(s, i, name_pattern);
    db_bind_text(s, 5, dob);
    db_bind_text(s, 6, dob);
    db_bind_text(s, 7, phone_digits);
    db_bind_text(s, 8, phone_digits);
    db_bind_int(s, 9, limit);
    int rc;
    while ((rc = db_step(s)) == DB_ROW && *n < limit) {
        struct rc_bg_hit *h = &(*out)[(*n)++];
        h->id = db_col_int(s, 0);
        h->first_name = col_dup(a, s, 1);
        h->last_name = col_dup(a, s, 2);
        h->preferred_name = col_dup(a, s, 3);
        h->dob = col_dup(a, s, 4);
    }
    if (rc == DB_ROW)
        db_exec(s);
    return rc == DB_OK || rc == DB_ROW ? 0 : -1;
}
