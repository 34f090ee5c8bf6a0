/* workforce_status.c - keep and read the stored workforce status (workforce_status.h). */
#include "workforce_status.h"
#include "store_rows.h"

#include <limits.h>
#include <string.h>
#include <time.h>

/* A row that nothing but a change of the person can make wrong (not a listed peer). */
#define NEVER INT32_MAX

/* Stale rows read per round: up to this many are recomputed one by one (a day's few expiries
 * or a handful of writes behind the server's back); more, and the whole organization is
 * recomputed with the grouped scans of wf_load_org, which costs about as much as 20 people. */
#define STALE_BATCH 24

/* s lowercased (ASCII letters only, as strcasecmp and strcasestr fold them) into the arena. */
static char *fold(arena *a, const char *s)
{
    char *o = arena_strdup(a, s ? s : "");
    for (char *p = o; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p + ('a' - 'A'));
    return o;
}

/* The day on which r (computed for p on today) may first be wrong. A note that counts days
 * ("expires 2027-03-01 (45 days)") reads differently tomorrow; otherwise the rules' own next
 * boundary (wf_next_change). */
static int32_t valid_until(const struct wf_person *p, const struct policy *pol, int32_t today,
                           const struct wf_row *r)
{
    const char *notes[] = {r->training_note, r->cert_note, r->ce_note, r->supervision_note};
    for (int k = 0; k < 4; k++)
        if (notes[k] && (strstr(notes[k], " days)") || strstr(notes[k], " day)")))
            return today + 1;
    return wf_next_change(p, pol, today);
}

static int save(db *d, arena *a, int64_t org, int64_t user, int listed, const char *name,
                const char *username, const struct wf_row *r, int32_t today, int32_t until)
{
    db_stmt *s = db_prep(d, Q_WF_STATUS_SAVE);
    if (!s)
        return -1;
    /* The notes by message id and arguments, so each reader sees them in their language
     * (issue 10); a row stored before in English is shown as it is (wf_note_text). */
    const char *notes[] = {r->training_note_code, r->cert_note_code, r->ce_note_code,
                           r->supervision_note_code};
    db_bind_int(s, 1, user);
    db_bind_int(s, 2, org);
    db_bind_int(s, 3, listed);
    db_bind_text(s, 4, fold(a, name));
    db_bind_text(s, 5, fold(a, username));
    db_bind_int(s, 6, r->level);
    db_bind_int(s, 7, r->effective);
    db_bind_int(s, 8, r->overall);
    db_bind_int(s, 9, r->training);
    db_bind_int(s, 10, r->certification);
    db_bind_int(s, 11, r->ce);
    db_bind_int(s, 12, r->supervision);
    for (int k = 0; k < 4; k++) {
        if (notes[k] && *notes[k])
            db_bind_text(s, 13 + k, notes[k]);
        else
            db_bind_null(s, 13 + k);
    }
    db_bind_int(s, 17, r->days_left == INT32_MAX ? INT32_MAX : (int64_t)today + r->days_left);
    if (r->supervisor_id > 0)
        db_bind_int(s, 18, r->supervisor_id);
    else
        db_bind_null(s, 18);
    db_bind_int(s, 19, r->may_assign);
    if (r->assign_rule)
        db_bind_text(s, 20, r->assign_rule);
    else
        db_bind_null(s, 20);
    db_bind_int(s, 21, until);
    db_bind_int(s, 22, (int64_t)time(NULL));
    return db_exec(s) == DB_OK ? 0 : -1;
}

int wf_status_refresh(db *d, arena *a, int64_t org, int64_t user, int32_t today,
                      const struct policy *pol)
{
    struct wf_record rec;
    int rc = wf_load(d, a, org, user, &rec);
    if (rc <= 0)
        return rc;
    struct wf_row r;
    memset(&r, 0, sizeof r);
    r.days_left = INT32_MAX;
    /* The dashboard lists active peers (WF_ORG_PEOPLE); anyone else keeps an empty row. */
    int listed = rec.prof.role && !strcmp(rec.prof.role, "peer") && !rec.prof.disabled;
    if (!listed)
        return save(d, a, org, user, 0, rec.prof.name, rec.prof.username, &r, today, NEVER);
    /* The supervisor of today: of the assignments covering it, the latest (newest first). */
    for (int i = 0; i < rec.assignments.n && i < (int)rec.person.nassign; i++) {
        const struct wf_assignment *as = &rec.person.assign[i];
        if (as->start <= today && (as->end < 0 || as->end >= today)) {
            r.supervisor_id = rec.assignments.rows[i].other_id;
            break;
        }
    }
    wf_row_compute(a, &rec.person, pol, today, &r);
    return save(d, a, org, user, 1, rec.prof.name, rec.prof.username, &r, today,
                valid_until(&rec.person, pol, today, &r));
}

/* Up to max stale user ids of org into ids. Their number, or -1. */
static int stale(db *d, int64_t org, int32_t today, int64_t *ids, int max)
{
    db_stmt *s = db_prep(d, Q_WF_STATUS_STALE);
    if (!s)
        return -1;
    db_bind_int(s, 1, org);
    db_bind_int(s, 2, today);
    db_bind_int(s, 3, max);
    int n = 0, rc;
    while ((rc = db_step(s)) == DB_ROW)
        if (n < max)
            ids[n++] = db_col_int(s, 0);
    return rc == DB_OK ? n : -1;
}

/* Every active peer of org at once (wf_load_org), then everyone else still stale one by one. */
static int refresh_org(db *d, arena *a, int64_t org, int32_t today, const struct policy *pol)
{
    struct wf_row *rows;
    struct wf_person *persons;
    int n;
    if (wf_load_org_persons(d, a, org, today, pol, &rows, &persons, &n) != 0)
        return -1;
    for (int i = 0; i < n; i++)
        if (save(d, a, org, rows[i].id, 1, rows[i].name, rows[i].username, &rows[i], today,
                 valid_until(&persons[i], pol, today, &rows[i])) != 0)
            return -1;
    int64_t ids[STALE_BATCH];
    int k;
    while ((k = stale(d, org, today, ids, STALE_BATCH)) > 0)
        for (int i = 0; i < k; i++)
            if (wf_status_refresh(d, a, org, ids[i], today, pol) != 0)
                return -1;
    return k;
}

int wf_status_refresh_stale(db *d, arena *a, int64_t org, int32_t today,
                            const struct policy *pol)
{
    int64_t ids[STALE_BATCH];
    int n = stale(d, org, today, ids, STALE_BATCH);
    if (n <= 0)
        return n; /* the usual answer: nothing to do */
    if (db_begin(d) != DB_OK)
        return -1;
    int rc = 0;
    if (n < STALE_BATCH) {
        for (int i = 0; i < n && rc == 0; i++)
            rc = wf_status_refresh(d, a, org, ids[i], today, pol);
    } else {
        rc = refresh_org(d, a, org, today, pol);
    }
    if (rc != 0 || db_commit(d) != DB_OK) {
        db_rollback(d);
        return -1;
    }
    return 0;
}

int wf_status_invalidate(db *d, int64_t org)
{
    db_stmt *s = db_prep(d, Q_WF_STATUS_INVALIDATE);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, org);
    return db_exec(s);
}

int wf_status_refresh_all(db *d, arena *a, int64_t org, int32_t today,
                          const struct policy *pol)
{
    if (db_begin(d) != DB_OK)
        return -1;
    if (wf_status_invalidate(d, org) != DB_OK || refresh_org(d, a, org, today, pol) != 0 ||
        db_commit(d) != DB_OK) {
        db_rollback(d);
        return -1;
    }
    return 0;
}

/* The filter's parameters from position i on (WF_STATUS_FILTER); the next position. */
static int bind_filter(db_stmt *s, arena *a, int i, const struct wf_status_filter *f)
{
    db_bind_int(s, i++, f->status);
    db_bind_int(s, i++, f->status);
    db_bind_int(s, i++, f->level);
    db_bind_int(s, i++, f->level);
    db_bind_int(s, i++, f->supervisor);
    db_bind_int(s, i++, f->supervisor);
    if (!f->q || !*f->q) {
        for (int k = 0; k < 3; k++)
            db_bind_null(s, i++);
        return i;
    }
    /* A part of the name, as a LIKE pattern: its own %, _ and ! escaped with '!'. */
    const char *q = fold(a, f->q);
    char *pat = arena_alloc(a, strlen(q) * 2 + 3), *o = pat;
    *o++ = '%';
    for (const char *p = q; *p; p++) {
        if (*p == '%' || *p == '_' || *p == '!')
            *o++ = '!';
        *o++ = *p;
    }
    *o++ = '%';
    *o = 0;
    for (int k = 0; k < 3; k++)
        db_bind_text(s, i++, pat);
    return i;
}

int wf_status_counts(db *d, arena *a, int64_t org, const struct wf_status_filter *f,
                     int64_t counts[4])
{
    memset(counts, 0, sizeof(int64_t) * 4);
    db_stmt *s = db_prep(d, Q_WF_STATUS_COUNTS);
    if (!s)
        return -1;
    db_bind_int(s, 1, org);
    bind_filter(s, a, 2, f);
    int rc;
    while ((rc = db_step(s)) == DB_ROW) {
        int64_t st = db_col_int(s, 0);
        if (st >= 0 && st < 4)
            counts[st] = db_col_int(s, 1);
    }
    return rc == DB_OK ? 0 : -1;
}

struct key {
    int64_t v; /* the sort value: overall, deadline or level */
    const char *name_key;
    int64_t id;
};

/* The sort key of the listed row of user id: 1, 0 (no such row), -1. */
static int key_of(db *d, arena *a, int64_t org, int64_t id, enum wf_status_sort sort,
                  struct key *k)
{
    db_stmt *s = db_prep(d, Q_WF_STATUS_KEY);
    if (!s)
        return -1;
    db_bind_int(s, 1, org);
    db_bind_int(s, 2, id);
    int rc = db_step(s);
    if (rc != DB_ROW)
        return rc == DB_OK ? 0 : -1;
    k->v = db_col_int(s, sort == WFS_STATUS ? 0 : sort == WFS_DEADLINE ? 1 : 2);
    k->name_key = col_dup(a, s, 3);
    k->id = id;
    db_exec(s);
    return 1;
}

static void fill_row(db_stmt *s, arena *a, void *out)
{
    struct wf_row *r = out;
    memset(r, 0, sizeof *r);
    r->id = db_col_int(s, 0);
    r->name = col_dup(a, s, 1);
    r->username = col_dup(a, s, 2);
    r->level = (enum wf_level)db_col_int(s, 3);
    r->effective = (enum wf_level)db_col_int(s, 4);
    r->overall = (enum wf_status)db_col_int(s, 5);
    r->training = (enum wf_status)db_col_int(s, 6);
    r->certification = (enum wf_status)db_col_int(s, 7);
    r->ce = (enum wf_status)db_col_int(s, 8);
    r->supervision = (enum wf_status)db_col_int(s, 9);
    r->training_note_code = col_dup(a, s, 10);
    r->cert_note_code = col_dup(a, s, 11);
    r->ce_note_code = col_dup(a, s, 12);
    r->supervision_note_code = col_dup(a, s, 13);
    r->training_note = wf_note_text(a, NULL, r->training_note_code);
    r->cert_note = wf_note_text(a, NULL, r->cert_note_code);
    r->ce_note = wf_note_text(a, NULL, r->ce_note_code);
    r->supervision_note = wf_note_text(a, NULL, r->supervision_note_code);
    r->days_left = (int32_t)db_col_int(s, 14); /* the deadline day until wf_status_page */
    r->supervisor_id = db_col_isnull(s, 15) ? 0 : db_col_int(s, 15);
    r->supervisor = col_dup(a, s, 16);
    r->may_assign = (int)db_col_int(s, 17);
    r->assign_rule = col_dup(a, s, 18);
}

int wf_status_page(db *d, arena *a, int64_t org, int32_t today, const struct wf_status_filter *f,
                   enum wf_status_sort sort, int64_t after, int64_t offset, int limit,
                   struct wf_row **rows, int *n)
{
    static const enum q_id q[] = {Q_WF_STATUS_PAGE_NAME, Q_WF_STATUS_PAGE_STATUS,
                                  Q_WF_STATUS_PAGE_DEADLINE, Q_WF_STATUS_PAGE_LEVEL};
    /* A key before every row: worse than the worst status, above the highest level, before
     * the first deadline day, the empty name, id 0. */
    struct key k = {sort == WFS_DEADLINE ? INT32_MIN : 4, "", 0};
    *rows = NULL;
    *n = 0;
    if (after > 0 && key_of(d, a, org, after, sort, &k) < 0)
        return -1;
    db_stmt *s = db_prep(d, q[sort]);
    if (!s)
        return -1;
    int i = bind_filter(s, a, 2, f);
    db_bind_int(s, 1, org);
    if (sort != WFS_NAME) {
        db_bind_int(s, i++, k.v);
        db_bind_int(s, i++, k.v);
    }
    db_bind_text(s, i++, k.name_key);
    db_bind_int(s, i++, k.id);
    db_bind_int(s, i++, limit);
    db_bind_int(s, i++, offset);
    if (rows_collect(s, a, sizeof **rows, limit, fill_row, (void **)rows, n) != 0)
        return -1;
    for (int j = 0; j < *n; j++) {
        struct wf_row *r = &(*rows)[j];
        r->days_left = r->days_left == INT32_MAX ? INT32_MAX : r->days_left - today;
    }
    return 0;
}

static void fill_cert_soon(db_stmt *s, arena *a, void *row)
{
    struct wf_cert_soon *c = row;
    c->id = db_col_int(s, 0);
    c->name = col_dup(a, s, 1);
    c->note_code = col_dup(a, s, 2);
    c->note = wf_note_text(a, NULL, c->note_code);
}

int wf_status_cert_soon(db *d, arena *a, int64_t org, int64_t supervisor, int limit,
                        struct wf_cert_soon **rows, int *n)
{
    db_stmt *s = db_prep(d, Q_WF_STATUS_CERT_SOON);
    if (s) {
        db_bind_int(s, 1, org);
        db_bind_int(s, 2, supervisor);
        db_bind_int(s, 3, supervisor);
        db_bind_int(s, 4, WF_DUE_SOON);
        db_bind_int(s, 5, limit);
    }
    return rows_collect(s, a, sizeof **rows, limit, fill_cert_soon, (void **)rows, n);
}

int wf_status_home(db *d, arena *a, int64_t org, int64_t supervisor, int32_t today, int limit,
                   struct wf_home *out)
{
    memset(out, 0, sizeof *out);
    struct wf_status_filter all = {.status = -1, .level = -1, .supervisor = supervisor};
    struct wf_status_filter bad = {.status = WF_NON_COMPLIANT, .level = -1,
                                   .supervisor = supervisor};
    db_stmt *c = db_prep(d, Q_WF_STATUS_COUNTS);
    if (!c)
        return -1;
    db_bind_int(c, 1, org);
    bind_filter(c, a, 2, &all);
    db_stmt *soon = db_prep(d, Q_WF_STATUS_CERT_SOON);
    if (!soon)
        return -1;
    db_bind_int(soon, 1, org);
    db_bind_int(soon, 2, supervisor);
    db_bind_int(soon, 3, supervisor);
    db_bind_int(soon, 4, WF_DUE_SOON);
    db_bind_int(soon, 5, limit);
    db_stmt *page = NULL;
    if (supervisor > 0) {
        if (!(page = db_prep(d, Q_WF_STATUS_PAGE_NAME)))
            return -1;
        int i = bind_filter(page, a, 2, &bad);
        db_bind_int(page, 1, org);
        db_bind_text(page, i++, "");
        db_bind_int(page, i++, 0);
        db_bind_int(page, i++, limit);
        db_bind_int(page, i++, 0);
    }
    /* Independent reads: one round trip on PostgreSQL. */
    db_stmt *all3[] = {c, soon, page};
    db_pipeline(d, all3, page ? 3 : 2);
    int rc;
    while ((rc = db_step(c)) == DB_ROW) {
        int64_t st = db_col_int(c, 0);
        if (st >= 0 && st < 4)
            out->counts[st] = db_col_int(c, 1);
    }
    if (rc != DB_OK)
        return -1;
    if (rows_collect(soon, a, sizeof *out->soon, limit, fill_cert_soon, (void **)&out->soon,
                     &out->nsoon) != 0)
        return -1;
    if (page) {
        if (rows_collect(page, a, sizeof *out->bad, limit, fill_row, (void **)&out->bad,
                         &out->nbad) != 0)
            return -1;
        for (int j = 0; j < out->nbad; j++) {
            struct wf_row *r = &out->bad[j];
            r->days_left = r->days_left == INT32_MAX ? INT32_MAX : r->days_left - today;
        }
    }
    return 0;
}

static void fill_assignable(db_stmt *s, arena *a, void *row)
{
    (void)a;
    struct wf_assignable *w = row;
    w->id = db_col_int(s, 0);
    w->may_assign = (int)db_col_int(s, 1);
    w->level = (int)db_col_int(s, 2);
}

int wf_status_assignable(db *d, arena *a, int64_t org, struct wf_assignable **rows, int *n)
{
    db_stmt *s = db_prep(d, Q_WF_STATUS_ASSIGNABLE);
    if (s)
        db_bind_int(s, 1, org);
    return rows_collect(s, a, sizeof **rows, INT_MAX, fill_assignable, (void **)rows, n);
}
