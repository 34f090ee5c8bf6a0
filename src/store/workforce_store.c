/* workforce_store.c - read and compute workforce records; the wf_check entry point. */
#include "workforce_store.h"
#include "store_rows.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts.h"
#include "civil.h"
#include "msg.h"
#include "tz.h"

static int32_t day_col(db_stmt *s, int c)
{
    return db_col_isnull(s, c) ? -1 : civil_parse(db_col_text(s, c));
}

/* The next entry of l (whose array holds *cap), made room for in the arena. */
static struct wf_entry *grow(arena *a, struct wf_list *l, size_t *cap)
{
    return rows_grow(a, (void **)&l->rows, cap, (size_t)l->n++, sizeof *l->rows);
}

/* Collect the rows of s, a list query bound with (org, user) (wf_load). */
static int list(db_stmt *s, arena *a, struct wf_list *l,
                void (*fill)(arena *, db_stmt *, struct wf_entry *))
{
    memset(l, 0, sizeof *l);
    size_t cap = 0;
    if (!s)
        return -1;
    int rc;
    while ((rc = db_step(s)) == DB_ROW)
        fill(a, s, grow(a, l, &cap));
    return rc == DB_OK ? 0 : -1;
}

static void fill_training(arena *a, db_stmt *s, struct wf_entry *e)
{
    e->id = db_col_int(s, 0);
    e->kind = wf_training_parse(db_col_text(s, 1));
    e->title = col_dup(a, s, 2);
    e->minutes = (int32_t)db_col_int(s, 3);
    e->date = col_dup(a, s, 4);
    e->provider = col_dup(a, s, 5);
    e->evidence_id = db_col_int(s, 6);
}

static void fill_experience(arena *a, db_stmt *s, struct wf_entry *e)
{
    e->id = db_col_int(s, 0);
    e->date = col_dup(a, s, 1);
    e->minutes = (int32_t)db_col_int(s, 2);
    e->title = col_dup(a, s, 3);
}

static void fill_cert(arena *a, db_stmt *s, struct wf_entry *e)
{
    e->id = db_col_int(s, 0);
    e->kind = wf_cert_body_parse(db_col_text(s, 1));
    e->title = col_dup(a, s, 2);
    e->date = col_dup(a, s, 3);
    e->date2 = col_dup(a, s, 4);
    e->evidence_id = db_col_int(s, 5);
}

static void fill_ce(arena *a, db_stmt *s, struct wf_entry *e)
{
    e->id = db_col_int(s, 0);
    e->date = col_dup(a, s, 1);
    e->minutes = (int32_t)db_col_int(s, 2);
    e->kind = wf_ce_parse(db_col_text(s, 3));
    e->title = col_dup(a, s, 4);
    e->provider = col_dup(a, s, 5);
    e->evidence_id = db_col_int(s, 6);
}

static void fill_supervision(arena *a, db_stmt *s, struct wf_entry *e)
{
    e->id = db_col_int(s, 0);
    e->date = col_dup(a, s, 1);
    e->minutes = (int32_t)db_col_int(s, 2);
    e->provider = col_dup(a, s, 3);
    e->title = col_dup(a, s, 4);
    e->other_id = db_col_int(s, 5);
    e->other_name = col_dup(a, s, 6);
}

static void fill_assignment(arena *a, db_stmt *s, struct wf_entry *e)
{
    e->id = db_col_int(s, 0);
    e->date = col_dup(a, s, 1);
    e->date2 = col_dup(a, s, 2);
    e->other_id = db_col_int(s, 3);
    e->other_name = col_dup(a, s, 4);
    e->ended_at = db_col_isnull(s, 5) ? 0 : db_col_int(s, 5);
}

/* The last day an assignment covers for the day-based rules (WF-5). An end that took effect
 * at once (ended_at, issue 7) leaves nothing of its day covered: the peer has no supervisor
 * from that moment, so the rules see the assignment end the day before. end < 0: open. */
static int32_t effective_end(const struct tz *zone, int32_t end, int64_t ended_at)
{
    if (ended_at <= 0)
        return end;
    /* "today" is the organization's day, so the day of ended_at is counted in its zone too. */
    int32_t before = tz_today(zone, ended_at) - 1;
    return end < 0 || before < end ? before : end;
}

/* The organization's time zone (the default, or UTC, when it cannot be read). */
static const struct tz *org_zone(db *d, arena *a, int64_t org_id)
{
    const char *name = NULL;
    const struct tz *z = org_time_zone(d, a, org_id, &name) == 1 ? tz_get(name, NULL) : NULL;
    if (!z)
        z = tz_get(ORG_TIME_ZONE_DEFAULT, NULL);
    return z ? z : tz_utc();
}

/* Read the profile from s, Q_WF_PERSON bound with (org, user): 1, 0 (no such person), -1. */
static int load_profile(db_stmt *s, arena *a, struct wf_profile *p)
{
    memset(p, 0, sizeof *p);
    if (!s)
        return -1;
    int rc = db_step(s);
    if (rc != DB_ROW)
        return rc == DB_OK ? 0 : -1;
    p->user_id = db_col_int(s, 0);
    p->name = col_dup(a, s, 1);
    p->username = col_dup(a, s, 2);
    p->role = col_dup(a, s, 3);
    p->disabled = (int)db_col_int(s, 4);
    p->has_profile = !db_col_isnull(s, 5);
    p->level = p->has_profile ? (enum wf_level)db_col_int(s, 5) : WF_NONE;
    p->hire_date = col_dup(a, s, 6);
    int edu = db_col_isnull(s, 7) ? EDU_UNKNOWN : wf_education_parse(db_col_text(s, 7));
    p->education = edu < 0 ? EDU_UNKNOWN : (enum wf_education)edu;
    p->education_waiver = (int)db_col_int(s, 8);
    p->languages = col_dup(a, s, 9);
    p->lived_experience = col_dup(a, s, 10);
    p->cultural_profile = col_dup(a, s, 11);
    p->pathways = col_dup(a, s, 12);
    p->clinical_credential = col_dup(a, s, 13);
    p->caseload_capacity = db_col_int(s, 14);
    p->version = p->has_profile ? db_col_int(s, 15) : 0;
    p->updated_at = db_col_int(s, 16);
    p->language_codes = col_dup(a, s, 17);
    p->gender = col_dup(a, s, 18);
    p->substance_codes = col_dup(a, s, 19);
    p->pathway_codes = col_dup(a, s, 20);
    p->culture_codes = col_dup(a, s, 21);
    db_exec(s);
    return 1;
}

/* Turn the display lists into the rule input. */
static void build_person(arena *a, const struct tz *zone, struct wf_record *r)
{
    struct wf_person *p = &r->person;
    memset(p, 0, sizeof *p);
    p->level = r->prof.level;
    p->hire = r->prof.hire_date ? civil_parse(r->prof.hire_date) : -1;
    p->education = r->prof.education;
    p->education_waiver = r->prof.education_waiver;
    for (int i = 0; i < r->trainings.n; i++)
        if (r->trainings.rows[i].kind >= 0)
            p->training_minutes[r->trainings.rows[i].kind] += r->trainings.rows[i].minutes;
    for (int i = 0; i < r->experience.n; i++)
        p->experience_minutes += r->experience.rows[i].minutes;
    struct wf_cert *certs = arena_alloc(a, sizeof *certs * (size_t)(r->certs.n + 1));
    for (int i = 0; i < r->certs.n; i++) {
        certs[i].body = r->certs.rows[i].kind < 0 ? CERT_OTHER : r->certs.rows[i].kind;
        certs[i].issued = civil_parse(r->certs.rows[i].date);
        certs[i].expires = civil_parse(r->certs.rows[i].date2);
    }
    p->certs = certs;
    p->ncerts = (size_t)r->certs.n;
    struct wf_ce *ce = arena_alloc(a, sizeof *ce * (size_t)(r->ce.n + 1));
    for (int i = 0; i < r->ce.n; i++) {
        ce[i].date = civil_parse(r->ce.rows[i].date);
        ce[i].minutes = r->ce.rows[i].minutes;
        ce[i].category = r->ce.rows[i].kind == CE_ETHICS ? CE_ETHICS : CE_CORE;
    }
    p->ce = ce;
    p->nce = (size_t)r->ce.n;
    struct wf_supervision *sup = arena_alloc(a, sizeof *sup * (size_t)(r->supervision.n + 1));
    for (int i = 0; i < r->supervision.n; i++) {
        sup[i].date = civil_parse(r->supervision.rows[i].date);
        sup[i].minutes = r->supervision.rows[i].minutes;
    }
    p->sup = sup;
    p->nsup = (size_t)r->supervision.n;
    struct wf_assignment *as = arena_alloc(a, sizeof *as * (size_t)(r->assignments.n + 1));
    for (int i = 0; i < r->assignments.n; i++) {
        as[i].start = civil_parse(r->assignments.rows[i].date);
        as[i].end = effective_end(zone, r->assignments.rows[i].date2
                                      ? civil_parse(r->assignments.rows[i].date2)
                                      : -1,
                                  r->assignments.rows[i].ended_at);
    }
    p->assign = as;
    p->nassign = (size_t)r->assignments.n;
}

int wf_load(db *d, arena *a, int64_t org_id, int64_t user_id, struct wf_record *out)
{
    memset(out, 0, sizeof *out);
    /* Seven reads that do not depend on each other, bound with (org, user): one round trip. */
    static const enum q_id qs[] = {Q_WF_PERSON, Q_WF_TRAININGS,   Q_WF_EXPERIENCE, Q_WF_CERTS,
                                   Q_WF_CES,    Q_WF_SUPERVISION, Q_WF_ASSIGNMENTS};
    enum { NQ = sizeof qs / sizeof *qs };
    db_stmt *st[NQ];
    for (int k = 0; k < NQ; k++) {
        if (!(st[k] = db_prep(d, qs[k])))
            return -1;
        db_bind_int(st[k], 1, org_id);
        db_bind_int(st[k], 2, user_id);
    }
    db_pipeline(d, st, NQ); /* a failure shows in each statement's step */
    int rc = load_profile(st[0], a, &out->prof);
    if (rc <= 0)
        return rc;
    if (list(st[1], a, &out->trainings, fill_training) ||
        list(st[2], a, &out->experience, fill_experience) ||
        list(st[3], a, &out->certs, fill_cert) || list(st[4], a, &out->ce, fill_ce) ||
        list(st[5], a, &out->supervision, fill_supervision) ||
        list(st[6], a, &out->assignments, fill_assignment))
        return -1;
    build_person(a, org_zone(d, a, org_id), out);
    return 1;
}

int wf_check(db *d, arena *a, int64_t org_id, int64_t user_id, int32_t date,
             const struct policy *pol, enum wf_action action, struct wf_decision *out)
{
    return wf_check_as(d, a, org_id, user_id, date, pol, action, user_id, out);
}

int wf_check_as(db *d, arena *a, int64_t org_id, int64_t user_id, int32_t date,
                const struct policy *pol, enum wf_action action, int64_t actor_id,
                struct wf_decision *out)
{
    struct wf_record r;
    int rc = wf_load(d, a, org_id, user_id, &r);
    if (rc < 0)
        return -1;
    memset(out, 0, sizeof *out);
    if (rc == 0 || !r.prof.has_profile || r.prof.disabled) {
        out->rule = "WF-1";
        snprintf(out->message, sizeof out->message,
                 "No workforce profile (level and training) is recorded for this person, so "
                 "they cannot deliver peer services yet.");
        return 0;
    }
    wf_decide_about(&r.person, pol, date, action, actor_id == user_id ? NULL : r.prof.name,
                    out);
    return 0;
}

int wf_supervises(db *d, int64_t org_id, int64_t supervisor_id, int64_t user_id, int32_t today)
{
    char t[11];
    civil_format(today, t);
    db_stmt *s = db_prep(d, Q_WF_SUPERVISES);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, supervisor_id);
    db_bind_int(s, 3, user_id);
    db_bind_text(s, 4, t);
    db_bind_text(s, 5, t);
    if (db_step(s) != DB_ROW)
        return -1;
    int n = (int)db_col_int(s, 0);
    db_exec(s);
    return n > 0;
}

/* ---- whole organization ---------------------------------------------------- */

/* Per-person growable arrays while scanning grouped results. */
struct acc {
    struct wf_person p;
    size_t cap_cert, cap_ce, cap_sup, cap_as;
    const char *supervisor;
    int64_t supervisor_id;
};

static int cmp_id(const void *key, const void *elem)
{
    int64_t k = *(const int64_t *)key, e = ((const struct wf_row *)elem)->id;
    return k < e ? -1 : k > e;
}

static int find(struct wf_row *rows, int n, int64_t id)
{
    if (n <= 0)
        return -1; /* no people: rows may be NULL, which bsearch must not get */
    struct wf_row *r = bsearch(&id, rows, (size_t)n, sizeof *rows, cmp_id);
    return r ? (int)(r - rows) : -1;
}

/* Make room for element n of an arena array (store_rows.h). */
#define PUSH(a, arr, n, cap) rows_grow((a), (void **)&(arr), &(cap), (size_t)(n), sizeof *(arr))

/* Read the people from s, Q_WF_ORG_PEOPLE bound with the organization. 0 or -1. */
static int scan_people(db_stmt *s, arena *a, struct wf_row **rows, struct acc **accs, int *n)
{
    size_t cap_rows = 0, cap_accs = 0;
    int rc;
    *rows = NULL;
    *accs = NULL;
    *n = 0;
    while ((rc = db_step(s)) == DB_ROW) {
        rows_grow(a, (void **)rows, &cap_rows, (size_t)*n, sizeof **rows);
        rows_grow(a, (void **)accs, &cap_accs, (size_t)*n, sizeof **accs);
        struct wf_row *r = &(*rows)[*n];
        struct acc *c = &(*accs)[(*n)++];
        r->id = db_col_int(s, 0);
        r->name = col_dup(a, s, 1);
        r->username = col_dup(a, s, 2);
        c->p.level = db_col_isnull(s, 3) ? WF_NONE : (enum wf_level)db_col_int(s, 3);
        c->p.hire = day_col(s, 4);
        int edu = db_col_isnull(s, 5) ? EDU_UNKNOWN : wf_education_parse(db_col_text(s, 5));
        c->p.education = edu < 0 ? EDU_UNKNOWN : (enum wf_education)edu;
        c->p.education_waiver = (int)db_col_int(s, 6);
    }
    return rc == DB_OK ? 0 : -1;
}

void wf_row_compute(arena *a, const struct wf_person *p, const struct policy *pol, int32_t date,
                    struct wf_row *r)
{
    struct wf_req t, c, e, sv;
    int32_t ed, er, cs, ce;
    wf_training_status(p, pol, &t);
    wf_certification_status(p, pol, date, &c);
    wf_ce_status(p, pol, date, &e, &ed, &er, &cs, &ce);
    wf_supervision_status(p, pol, date, &sv);
    r->level = p->level;
    r->effective = wf_effective_level(p, pol, date);
    r->training = t.status;
    r->certification = c.status;
    r->ce = e.status;
    r->supervision = sv.status;
    r->overall = p->level == WF_NONE ? WF_NON_COMPLIANT : WF_NA;
    enum wf_status all[] = {t.status, c.status, e.status, sv.status};
    for (int k = 0; k < 4; k++)
        if (all[k] > r->overall)
            r->overall = all[k];
    if (p->level == WF_NONE)
        wf_text_set(&t.text, "wf.note.no_profile", NULL);
    r->training_note = arena_strdup(a, p->level == WF_NONE ? msg(NULL, "wf.note.no_profile")
                                                           : t.note);
    r->cert_note = arena_strdup(a, c.note);
    r->ce_note = arena_strdup(a, e.note);
    r->supervision_note = arena_strdup(a, sv.note);
    const char **codes[] = {&r->training_note_code, &r->cert_note_code, &r->ce_note_code,
                            &r->supervision_note_code};
    const struct wf_text *texts[] = {&t.text, &c.text, &e.text, &sv.text};
    for (int k = 0; k < 4; k++) {
        char enc[1024];
        wf_text_encode(texts[k], enc, sizeof enc);
        *codes[k] = enc[0] ? arena_strdup(a, enc) : NULL;
    }
    struct wf_decision dec;
    wf_decide(p, pol, date, WF_ASSIGN_RECOVEREE, &dec);
    r->may_assign = p->level != WF_NONE && dec.allowed;
    r->assign_rule = dec.allowed ? NULL : dec.rule;
    r->days_left = INT32_MAX;
    int32_t dl[] = {c.days_left, e.days_left};
    for (int k = 0; k < 2; k++)
        if (dl[k] != INT32_MIN && dl[k] < r->days_left)
            r->days_left = dl[k];
}

int wf_load_org(db *d, arena *a, int64_t org_id, int32_t date, const struct policy *pol,
                struct wf_row **out, int *nout)
{
    return wf_load_org_persons(d, a, org_id, date, pol, out, NULL, nout);
}

int wf_load_org_persons(db *d, arena *a, int64_t org_id, int32_t date, const struct policy *pol,
                        struct wf_row **out, struct wf_person **persons, int *nout)
{
    struct wf_row *rows;
    struct acc *accs;
    int n, rc;
    /* CE cycles end at a certification's expiry and last at most 60 months
     * (policy maximum), so older entries can never count. */
    char ce_since[11], sup_since[11];
    civil_format(civil_add_months(date, -60 - 60), ce_since);
    /* Supervision status looks back 30 days; a little more is harmless. */
    civil_format(date - 40, sup_since);
    /* The day an immediate end takes effect is the organization's (read before the reads
     * below go out together). */
    const struct tz *zone = org_zone(d, a, org_id);
    /* Six reads that do not depend on each other: one round trip. */
    static const enum q_id qs[] = {Q_WF_ORG_PEOPLE, Q_WF_ORG_TRAINING,    Q_WF_ORG_CERTS,
                                   Q_WF_ORG_CE,     Q_WF_ORG_SUPERVISION, Q_WF_ORG_ASSIGN};
    enum { NQ = sizeof qs / sizeof *qs };
    db_stmt *st[NQ];
    for (int k = 0; k < NQ; k++) {
        if (!(st[k] = db_prep(d, qs[k])))
            return -1;
        db_bind_int(st[k], 1, org_id);
    }
    db_bind_text(st[3], 2, ce_since);
    db_bind_text(st[4], 2, sup_since);
    db_pipeline(d, st, NQ); /* a failure shows in each statement's step */
    if (scan_people(st[0], a, &rows, &accs, &n) != 0)
        return -1;
    db_stmt *s = st[1];
    while ((rc = db_step(s)) == DB_ROW) {
        int i = find(rows, n, db_col_int(s, 0)), k = wf_training_parse(db_col_text(s, 1));
        if (i >= 0 && k >= 0)
            accs[i].p.training_minutes[k] += (int32_t)db_col_int(s, 2);
    }
    if (rc != DB_OK)
        return -1;
    s = st[2];
    while ((rc = db_step(s)) == DB_ROW) {
        int i = find(rows, n, db_col_int(s, 0));
        if (i < 0)
            continue;
        struct acc *c = &accs[i];
        struct wf_cert *arr = (struct wf_cert *)c->p.certs;
        PUSH(a, arr, c->p.ncerts, c->cap_cert);
        int b = wf_cert_body_parse(db_col_text(s, 1));
        arr[c->p.ncerts++] = (struct wf_cert){b < 0 ? CERT_OTHER : (enum wf_cert_body)b,
                                              day_col(s, 2), day_col(s, 3)};
        c->p.certs = arr;
    }
    if (rc != DB_OK)
        return -1;
    s = st[3];
    while ((rc = db_step(s)) == DB_ROW) {
        int i = find(rows, n, db_col_int(s, 0));
        if (i < 0)
            continue;
        struct acc *c = &accs[i];
        struct wf_ce *arr = (struct wf_ce *)c->p.ce;
        PUSH(a, arr, c->p.nce, c->cap_ce);
        arr[c->p.nce++] = (struct wf_ce){day_col(s, 1), (int32_t)db_col_int(s, 2),
                                         strcmp(db_col_text(s, 3), "ethics") == 0 ? CE_ETHICS
                                                                                  : CE_CORE};
        c->p.ce = arr;
    }
    if (rc != DB_OK)
        return -1;
    s = st[4];
    while ((rc = db_step(s)) == DB_ROW) {
        int i = find(rows, n, db_col_int(s, 0));
        if (i < 0)
            continue;
        struct acc *c = &accs[i];
        struct wf_supervision *arr = (struct wf_supervision *)c->p.sup;
        PUSH(a, arr, c->p.nsup, c->cap_sup);
        arr[c->p.nsup++] = (struct wf_supervision){day_col(s, 1), (int32_t)db_col_int(s, 2)};
        c->p.sup = arr;
    }
    if (rc != DB_OK)
        return -1;
    s = st[5];
    while ((rc = db_step(s)) == DB_ROW) {
        int i = find(rows, n, db_col_int(s, 0));
        if (i < 0)
            continue;
        struct acc *c = &accs[i];
        struct wf_assignment *arr = (struct wf_assignment *)c->p.assign;
        PUSH(a, arr, c->p.nassign, c->cap_as);
        int32_t start = day_col(s, 1),
                end = effective_end(zone, day_col(s, 2),
                                    db_col_isnull(s, 5) ? 0 : db_col_int(s, 5));
        arr[c->p.nassign++] = (struct wf_assignment){start, end};
        c->p.assign = arr;
        if (start <= date && (end < 0 || end >= date)) {
            c->supervisor_id = db_col_int(s, 3);
            c->supervisor = col_dup(a, s, 4);
        }
    }
    if (rc != DB_OK)
        return -1;

    for (int i = 0; i < n; i++) {
        rows[i].supervisor = accs[i].supervisor;
        rows[i].supervisor_id = accs[i].supervisor_id;
        wf_row_compute(a, &accs[i].p, pol, date, &rows[i]);
    }
    if (persons) {
        *persons = arena_alloc(a, sizeof **persons * (size_t)(n + 1));
        for (int i = 0; i < n; i++)
            (*persons)[i] = accs[i].p;
    }
    *out = rows;
    *nout = n;
    return 0;
}

/* ---- writes ---- */

static int insert_id(db_stmt *s, int64_t *id)
{
    return s && db_insert_id(s, id) == DB_OK ? DB_OK : DB_ERR;
}

int wf_profile_save(db *d, int64_t org_id, const struct wf_profile_row *p, int64_t by,
                    int64_t at, int64_t version)
{
    db_stmt *s = db_prep(d, Q_WF_PROFILE_SAVE);
    if (!s)
        return -1;
    db_bind_int(s, 1, p->user_id);
    db_bind_int(s, 2, org_id);
    db_bind_int(s, 3, p->level);
    db_bind_text(s, 4, p->hire_date);
    db_bind_text(s, 5, p->education);
    db_bind_int(s, 6, p->education_waiver);
    db_bind_text(s, 7, p->languages);
    db_bind_text(s, 8, p->lived_experience);
    db_bind_text(s, 9, p->cultural_profile);
    db_bind_text(s, 10, p->pathways);
    db_bind_text(s, 11, p->clinical_credential);
    db_bind_int(s, 12, p->caseload_capacity);
    db_bind_int(s, 13, at);
    db_bind_int(s, 14, by);
    db_bind_int(s, 15, version);
    if (db_exec(s) != DB_OK)
        return -1;
    return db_changes(s) == 1;
}

int wf_profile_codes(db *d, int64_t org_id, int64_t user_id, const char *const codes[5])
{
    db_stmt *s = db_prep(d, Q_WF_PROFILE_CODES);
    if (!s)
        return DB_ERR;
    for (int i = 0; i < 5; i++)
        db_bind_text(s, 1 + i, codes[i]);
    db_bind_int(s, 6, org_id);
    db_bind_int(s, 7, user_id);
    return db_exec(s);
}

int wf_training_add(db *d, int64_t org_id, int64_t user_id, const char *kind, const char *title,
                    int32_t minutes, const char *date, const char *provider, int64_t by,
                    int64_t at, int64_t *id)
{
    db_stmt *s = db_prep(d, Q_WF_TRAINING_ADD);
    if (s) {
        db_bind_int(s, 1, org_id);
        db_bind_int(s, 2, user_id);
        db_bind_text(s, 3, kind);
        db_bind_text(s, 4, title);
        db_bind_int(s, 5, minutes);
        db_bind_text(s, 6, date);
        db_bind_text(s, 7, provider);
        db_bind_null(s, 8);
        db_bind_int(s, 9, by);
        db_bind_int(s, 10, at);
    }
    return insert_id(s, id);
}

int wf_experience_add(db *d, int64_t org_id, int64_t user_id, const char *date, int32_t minutes,
                      const char *description, int64_t by, int64_t at, int64_t *id)
{
    db_stmt *s = db_prep(d, Q_WF_EXPERIENCE_ADD);
    if (s) {
        db_bind_int(s, 1, org_id);
        db_bind_int(s, 2, user_id);
        db_bind_text(s, 3, date);
        db_bind_int(s, 4, minutes);
        db_bind_text(s, 5, description);
        db_bind_int(s, 6, by);
        db_bind_int(s, 7, at);
    }
    return insert_id(s, id);
}

int wf_ce_add(db *d, int64_t org_id, int64_t user_id, const char *date, int32_t minutes,
              const char *category, const char *title, const char *provider, int64_t by,
              int64_t at, int64_t *id)
{
    db_stmt *s = db_prep(d, Q_WF_CE_ADD);
    if (s) {
        db_bind_int(s, 1, org_id);
        db_bind_int(s, 2, user_id);
        db_bind_text(s, 3, date);
        db_bind_int(s, 4, minutes);
        db_bind_text(s, 5, category);
        db_bind_text(s, 6, title);
        db_bind_text(s, 7, provider);
        db_bind_null(s, 8);
        db_bind_int(s, 9, by);
        db_bind_int(s, 10, at);
    }
    return insert_id(s, id);
}

int wf_cert_add(db *d, int64_t org_id, int64_t user_id, const char *body, const char *number,
                const char *issued, const char *expires, int64_t by, int64_t at, int64_t *id)
{
    db_stmt *s = db_prep(d, Q_WF_CERT_ADD);
    if (s) {
        db_bind_int(s, 1, org_id);
        db_bind_int(s, 2, user_id);
        db_bind_text(s, 3, body);
        db_bind_text(s, 4, number);
        db_bind_text(s, 5, issued);
        db_bind_text(s, 6, expires);
        db_bind_null(s, 7);
        db_bind_int(s, 8, by);
        db_bind_int(s, 9, at);
    }
    return insert_id(s, id);
}

int wf_supervision_add(db *d, int64_t org_id, int64_t supervisor_id, int64_t supervisee_id,
                       const char *date, int64_t minutes, const char *kind, const char *topics,
                       int64_t by, int64_t at, int64_t *id)
{
    db_stmt *s = db_prep(d, Q_WF_SUPERVISION_ADD);
    if (s) {
        db_bind_int(s, 1, org_id);
        db_bind_int(s, 2, supervisor_id);
        db_bind_int(s, 3, supervisee_id);
        db_bind_text(s, 4, date);
        db_bind_int(s, 5, minutes);
        db_bind_text(s, 6, kind);
        db_bind_text(s, 7, topics);
        db_bind_int(s, 8, by);
        db_bind_int(s, 9, at);
    }
    return insert_id(s, id);
}

int wf_assign_add(db *d, int64_t org_id, int64_t supervisor_id, int64_t supervisee_id,
                  const char *start_date, int64_t by, int64_t at, int64_t *id)
{
    db_stmt *s = db_prep(d, Q_WF_ASSIGN_ADD);
    if (s) {
        db_bind_int(s, 1, org_id);
        db_bind_int(s, 2, supervisor_id);
        db_bind_int(s, 3, supervisee_id);
        db_bind_text(s, 4, start_date);
        db_bind_null(s, 5);
        db_bind_int(s, 6, by);
        db_bind_int(s, 7, at);
    }
    return insert_id(s, id);
}

int wf_assign_end(db *d, int64_t org_id, int64_t supervisee_id, int64_t id, const char *end_date,
                  int64_t ended_at)
{
    db_stmt *s = db_prep(d, Q_WF_ASSIGN_END);
    if (!s)
        return -1;
    db_bind_text(s, 1, end_date);
    if (ended_at)
        db_bind_int(s, 2, ended_at);
    else
        db_bind_null(s, 2);
    db_bind_int(s, 3, org_id);
    db_bind_int(s, 4, supervisee_id);
    db_bind_int(s, 5, id);
    db_bind_text(s, 6, end_date);
    if (db_exec(s) != DB_OK)
        return -1;
    return db_changes(s) == 1;
}

int wf_supervisors(db *d, arena *a, int64_t org_id, struct wf_named **rows, int *n)
{
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prep(d, Q_WF_SUPERVISORS);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    size_t cap = 0;
    int rc;
    while ((rc = db_step(s)) == DB_ROW) {
        rows_grow(a, (void **)rows, &cap, (size_t)*n, sizeof **rows);
        (*rows)[*n].id = db_col_int(s, 0);
        (*rows)[(*n)++].name = arena_strdup(a, db_col_text(s, 1));
    }
    return rc == DB_OK ? 0 : -1;
}

int wf_evidence_add(db *d, int64_t org_id, int64_t user_id, const char *filename,
                    const char *content_type, const void *data, size_t len, const char *sha256,
                    int64_t by, int64_t at, int64_t *id)
{
    db_stmt *s = db_prep(d, Q_WF_EVIDENCE_ADD);
    if (s) {
        db_bind_int(s, 1, org_id);
        db_bind_int(s, 2, user_id);
        db_bind_text(s, 3, filename);
        db_bind_text(s, 4, content_type);
        db_bind_int(s, 5, (int64_t)len);
        db_bind_text(s, 6, sha256);
        db_bind_blob(s, 7, data, len);
        db_bind_int(s, 8, by);
        db_bind_int(s, 9, at);
    }
    return insert_id(s, id);
}

int wf_evidence_link(db *d, enum wf_evidence_kind kind, int64_t evidence_id, int64_t org_id,
                     int64_t user_id, int64_t record_id)
{
    static const enum q_id q[] = {Q_WF_EVIDENCE_LINK_CERT, Q_WF_EVIDENCE_LINK_TRAINING,
                                  Q_WF_EVIDENCE_LINK_CE};
    db_stmt *s = db_prep(d, q[kind]);
    if (!s)
        return -1;
    db_bind_int(s, 1, evidence_id);
    db_bind_int(s, 2, org_id);
    db_bind_int(s, 3, user_id);
    db_bind_int(s, 4, record_id);
    if (db_exec(s) != DB_OK)
        return -1;
    return db_changes(s) == 1;
}

int wf_evidence_get(db *d, arena *a, int64_t org_id, int64_t user_id, int64_t id,
                    struct wf_evidence *out)
{
    db_stmt *s = db_prep(d, Q_WF_EVIDENCE_GET);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, user_id);
    db_bind_int(s, 3, id);
    int rc = db_step(s);
    if (rc != DB_ROW)
        return rc == DB_OK ? 0 : -1;
    /* Copied out: a later write releases the half-read row. */
    size_t n;
    const void *blob = db_col_blob(s, 2, &n);
    void *data = arena_alloc(a, n ? n : 1);
    if (n)
        memcpy(data, blob, n);
    out->data = data;
    out->len = n;
    out->filename = arena_strdup(a, db_col_text(s, 0));
    out->content_type = arena_strdup(a, db_col_text(s, 1));
    db_exec(s);
    return 1;
}
