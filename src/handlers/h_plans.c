/* h_plans.c - recovery/wellness plans (RC-5) with every change kept, the review queue,
 * BARC-10 assessments with their chart (RC-6), and the internal record export. */
#include "handlers.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "barc10.h"
#include "chart.h"
#include "civil.h"
#include "recoverees.h"
#include "validate.h"

static int64_t now(void)
{
    return (int64_t)time(NULL);
}

static const char *today_s(struct req *r, int offset)
{
    char *s = arena_alloc(r->a, 11);
    civil_format(civil_today() + offset, s);
    return s;
}

/* Life domains of a recovery plan (SAMHSA's dimensions of recovery, in plain words). */
static const char *const domains[] = {
    "Recovery and substance use", "Health and wellness", "Housing", "Employment and education",
    "Relationships and family",   "Community and purpose", "Legal", "Money", "Spirituality",
    "Recreation and fun",
};
#define NDOMAINS (sizeof domains / sizeof *domains)
static const char *const goal_states[] = {"active", "met", "paused", "dropped"};

struct plan {
    int64_t id, version, updated_at;
    const char *strengths, *barriers, *review_date;
};

static int plan_get(struct req *r, int64_t rid, struct plan *p)
{
    db_stmt *s = db_prep(r->db, Q_PLAN_GET);
    if (!s)
        return -1;
    db_bind_int(s, 1, r->me.org_id);
    db_bind_int(s, 2, rid);
    int rc = db_step(s);
    if (rc != DB_ROW)
        return rc == DB_OK ? 0 : -1;
    p->id = db_col_int(s, 0);
    p->strengths = db_col_isnull(s, 1) ? NULL : arena_strdup(r->a, db_col_text(s, 1));
    p->barriers = db_col_isnull(s, 2) ? NULL : arena_strdup(r->a, db_col_text(s, 2));
    p->review_date = arena_strdup(r->a, db_col_text(s, 3));
    p->version = db_col_int(s, 4);
    p->updated_at = db_col_int(s, 5);
    db_exec(s);
    return 1;
}

/* Keep the change: who, when, what, and the text before and after. */
static int history(struct req *r, int64_t rid, const char *what, const char *before,
                   const char *after)
{
    db_stmt *s = db_prep(r->db, Q_HIST_INSERT);
    if (!s)
        return -1;
    db_bind_int(s, 1, r->me.org_id);
    db_bind_int(s, 2, rid);
    db_bind_int(s, 3, now());
    db_bind_int(s, 4, r->me.user_id);
    db_bind_text(s, 5, what);
    db_bind_text(s, 6, before);
    db_bind_text(s, 7, after);
    return db_exec(s) == DB_OK ? 0 : -1;
}

static json_t *plan_model(struct req *r, const struct recoveree *x)
{
    json_t *m = json_object();
    struct plan p;
    int have = plan_get(r, x->id, &p);
    jset(m, "recoveree", rc_summary_j(x));
    jset_str(m, "title", "Recovery plan");
    jset_bool(m, "has_plan", have == 1);
    json_t *goals = json_array();
    if (have == 1) {
        json_t *pj = json_object();
        jset_int(pj, "id", p.id);
        jset_str(pj, "strengths", p.strengths);
        jset_str(pj, "barriers", p.barriers);
        jset_str(pj, "review_date", p.review_date);
        jset_int(pj, "version", p.version);
        jset(pj, "updated", view_time(p.updated_at));
        jset_bool(pj, "review_overdue", strcmp(p.review_date, today_s(r, 0)) < 0);
        jset(m, "plan", pj);
        db_stmt *s = db_prep(r->db, Q_GOAL_LIST);
        if (s) {
            db_bind_int(s, 1, r->me.org_id);
            db_bind_int(s, 2, p.id);
            while (db_step(s) == DB_ROW) {
                json_t *g = json_object(), *st = json_array();
                jset_int(g, "id", db_col_int(s, 0));
                jset_str(g, "domain", db_col_text(s, 1));
                jset_str(g, "goal", db_col_text(s, 2));
                jset_str(g, "action_steps", db_col_isnull(s, 3) ? NULL : db_col_text(s, 3));
                jset_str(g, "status", db_col_text(s, 4));
                jset_str(g, "target_date", db_col_isnull(s, 5) ? NULL : db_col_text(s, 5));
                for (int k = 0; k < 4; k++)
                    json_array_append_new(st, json_pack("{s:s,s:b}", "value", goal_states[k],
                                                        "selected",
                                                        !strcmp(goal_states[k], db_col_text(s, 4))));
                jset(g, "statuses", st);
                json_array_append_new(goals, g);
            }
        }
    }
    jset(m, "goals", goals);
    json_t *hist = json_array();
    db_stmt *s = db_prep(r->db, Q_HIST_LIST);
    if (s) {
        db_bind_int(s, 1, r->me.org_id);
        db_bind_int(s, 2, x->id);
        while (db_step(s) == DB_ROW) {
            json_t *h = json_object();
            jset(h, "at", view_time(db_col_int(s, 0)));
            jset_str(h, "by", db_col_text(s, 1));
            jset_str(h, "what", db_col_text(s, 2));
            jset_str(h, "before", db_col_isnull(s, 3) ? NULL : db_col_text(s, 3));
            jset_str(h, "after", db_col_isnull(s, 4) ? NULL : db_col_text(s, 4));
            json_array_append_new(hist, h);
        }
    }
    jset(m, "history", hist);
    json_t *dj = json_array();
    for (size_t i = 0; i < NDOMAINS; i++)
        json_array_append_new(dj, jstr(domains[i]));
    jset(m, "domains", dj);
    jset_str(m, "default_review", today_s(r, (int)r->pol.v[POL_PLAN_REVIEW_DAYS]));
    return m;
}

int h_plan(struct req *r)
{
    struct recoveree x;
    if (rc_load(r, &x, "plan.read") != 0)
        return 0;
    return reply_page(r, 200, "plan.mustache", plan_model(r, &x));
}

static const char *back(struct req *r)
{
    return arena_printf(r->a, "/recoverees/%lld/plan", (long long)r->id);
}

static int store_error(struct req *r)
{
    db_rollback(r->db);
    return reply_error(r, 500, "store", NULL, "The plan could not be saved.", NULL, NULL, NULL);
}

int h_plan_save(struct req *r)
{
    struct recoveree x;
    if (rc_load(r, &x, NULL) != 0)
        return 0;
    struct plan p;
    int have = plan_get(r, x.id, &p);
    if (have < 0)
        return store_error(r);
    /* A field that is not sent keeps its value (one sent empty is cleared). */
    const char *strengths = param_raw(r, "strengths") || !have ? req_str(r, "strengths") : p.strengths;
    const char *barriers = param_raw(r, "barriers") || !have ? req_str(r, "barriers") : p.barriers;
    const char *review = req_str(r, "review_date");
    if (!review)
        review = have ? p.review_date : today_s(r, (int)r->pol.v[POL_PLAN_REVIEW_DAYS]);
    int64_t version = have ? p.version : 0;
    req_int(r, "version", &version);
    if (db_begin(r->db) != DB_OK)
        return store_error(r);
    db_stmt *s = db_prep(r->db, have ? Q_PLAN_UPDATE : Q_PLAN_INSERT);
    if (!s)
        return store_error(r);
    if (have) {
        db_bind_text(s, 1, strengths);
        db_bind_text(s, 2, barriers);
        db_bind_text(s, 3, review);
        db_bind_int(s, 4, r->me.user_id);
        db_bind_int(s, 5, now());
        db_bind_int(s, 6, r->me.org_id);
        db_bind_int(s, 7, x.id);
        db_bind_int(s, 8, version);
        if (db_exec(s) != DB_OK)
            return store_error(r);
        if (db_changes(s) != 1) {
            db_rollback(r->db);
            return reply_error(r, 409, "stale", NULL,
                               "Someone else changed this plan meanwhile. Reload and try again.",
                               "version", NULL, NULL);
        }
    } else {
        db_bind_int(s, 1, r->me.org_id);
        db_bind_int(s, 2, x.id);
        db_bind_text(s, 3, strengths);
        db_bind_text(s, 4, barriers);
        db_bind_text(s, 5, review);
        db_bind_int(s, 6, r->me.user_id);
        db_bind_int(s, 7, now());
        if (db_exec(s) != DB_OK)
            return store_error(r);
    }
    /* The whole text before and after: "every change kept" means kept in full. */
    const char *before = arena_printf(r->a, "strengths: %s | barriers: %s | review: %s",
                                      have && p.strengths ? p.strengths : "",
                                      have && p.barriers ? p.barriers : "",
                                      have ? p.review_date : "");
    const char *after = arena_printf(r->a, "strengths: %s | barriers: %s | review: %s",
                                     strengths ? strengths : "", barriers ? barriers : "", review);
    if (history(r, x.id, have ? "Plan updated" : "Plan started", have ? before : NULL, after) ||
        req_audit(r, have ? "plan.update" : "plan.create", "recoveree", x.id, NULL, "ok") ||
        db_commit(r->db) != DB_OK)
        return store_error(r);
    return reply_done(r, have ? 200 : 201, back(r), json_object());
}

static int valid_status(const char *s)
{
    for (int k = 0; s && k < 4; k++)
        if (!strcmp(s, goal_states[k]))
            return 1;
    return 0;
}

int h_goal_add(struct req *r)
{
    struct recoveree x;
    if (rc_load(r, &x, NULL) != 0)
        return 0;
    struct plan p;
    int have = plan_get(r, x.id, &p);
    if (have <= 0)
        return have < 0 ? store_error(r)
                        : reply_error(r, 409, "no_plan", "RC-5",
                                      "Start the plan (strengths, review date) before adding goals.",
                                      NULL, NULL, NULL);
    const char *status = req_str(r, "status");
    if (status && !valid_status(status))
        return reply_error(r, 400, "invalid", NULL, "Status is active, met, paused or dropped.",
                           "status", NULL, NULL);
    int64_t id = 0;
    if (db_begin(r->db) != DB_OK)
        return store_error(r);
    db_stmt *s = db_prep(r->db, Q_GOAL_INSERT);
    if (!s)
        return store_error(r);
    db_bind_int(s, 1, r->me.org_id);
    db_bind_int(s, 2, p.id);
    db_bind_text(s, 3, req_str(r, "domain"));
    db_bind_text(s, 4, req_str(r, "goal"));
    db_bind_text(s, 5, req_str(r, "action_steps"));
    db_bind_text(s, 6, status ? status : "active");
    db_bind_text(s, 7, req_str(r, "target_date"));
    db_bind_int(s, 8, now());
    if (db_step(s) != DB_ROW)
        return store_error(r);
    id = db_col_int(s, 0);
    db_exec(s);
    db_stmt *t = db_prep(r->db, Q_PLAN_TOUCH);
    if (!t)
        return store_error(r);
    db_bind_int(t, 1, r->me.user_id);
    db_bind_int(t, 2, now());
    db_bind_int(t, 3, r->me.org_id);
    db_bind_int(t, 4, p.id);
    const char *after = arena_printf(r->a, "%s: %s", req_str(r, "domain"), req_str(r, "goal"));
    if (db_exec(t) != DB_OK || history(r, x.id, "Goal added", NULL, after) ||
        req_audit(r, "plan.goal.add", "recoveree", x.id, NULL, "ok") || db_commit(r->db) != DB_OK)
        return store_error(r);
    json_t *m = json_object();
    jset_int(m, "id", id);
    return reply_done(r, 201, back(r), m);
}

int h_goal_update(struct req *r)
{
    struct recoveree x;
    if (rc_load(r, &x, NULL) != 0)
        return 0;
    struct plan p;
    if (plan_get(r, x.id, &p) != 1)
        return reply_error(r, 404, "not_found", NULL, "There is no plan yet.", NULL, NULL, NULL);
    db_stmt *s = db_prep(r->db, Q_GOAL_LIST);
    if (!s)
        return store_error(r);
    db_bind_int(s, 1, r->me.org_id);
    db_bind_int(s, 2, p.id);
    const char *old[5] = {0};
    int found = 0;
    while (db_step(s) == DB_ROW)
        if (db_col_int(s, 0) == r->id2) {
            found = 1;
            for (int k = 0; k < 5; k++)
                old[k] = db_col_isnull(s, k + 1) ? NULL : arena_strdup(r->a, db_col_text(s, k + 1));
        }
    if (!found)
        return reply_error(r, 404, "not_found", NULL, "There is no such goal.", NULL, NULL, NULL);
    static const char *const f[] = {"domain", "goal", "action_steps", "status", "target_date"};
    const char *v[5];
    for (int k = 0; k < 5; k++)
        v[k] = req_str(r, f[k]) ? req_str(r, f[k]) : old[k];
    if (!valid_status(v[3]))
        return reply_error(r, 400, "invalid", NULL, "Status is active, met, paused or dropped.",
                           "status", NULL, NULL);
    if (db_begin(r->db) != DB_OK || !(s = db_prep(r->db, Q_GOAL_UPDATE)))
        return store_error(r);
    for (int k = 0; k < 5; k++)
        db_bind_text(s, k + 1, v[k]);
    db_bind_int(s, 6, now());
    db_bind_int(s, 7, r->me.org_id);
    db_bind_int(s, 8, p.id);
    db_bind_int(s, 9, r->id2);
    if (db_exec(s) != DB_OK)
        return store_error(r);
    db_stmt *t = db_prep(r->db, Q_PLAN_TOUCH);
    if (!t)
        return store_error(r);
    db_bind_int(t, 1, r->me.user_id);
    db_bind_int(t, 2, now());
    db_bind_int(t, 3, r->me.org_id);
    db_bind_int(t, 4, p.id);
    const char *before = arena_printf(r->a, "%s [%s] %s", old[1] ? old[1] : "", old[3] ? old[3] : "",
                                      old[2] ? old[2] : "");
    const char *after = arena_printf(r->a, "%s [%s] %s", v[1] ? v[1] : "", v[3], v[2] ? v[2] : "");
    if (db_exec(t) != DB_OK || history(r, x.id, "Goal changed", before, after) ||
        req_audit(r, "plan.goal.update", "recoveree", x.id, v[3], "ok") || db_commit(r->db) != DB_OK)
        return store_error(r);
    return reply_done(r, 200, back(r), json_object());
}

/* RC-5: plans due for review (or overdue), and active recoverees with no plan at all. */
int h_plans_due(struct req *r)
{
    struct rc_scope sc;
    rc_scope_of(r, &sc);
    json_t *m = json_object(), *due = json_array(), *missing = json_array();
    /* "Due" looks two weeks ahead so a review can be scheduled before it is late. */
    const char *by = today_s(r, 14), *today = today_s(r, 0);
    db_stmt *s = db_prep(r->db, Q_PLANS_DUE);
    if (!s)
        return reply_error(r, 500, "store", NULL, "Plans could not be read.", NULL, NULL, NULL);
    db_bind_int(s, 1, r->me.org_id);
    int i = rc_bind_scope(s, 2, &sc);
    db_bind_text(s, i++, by);
    db_bind_int(s, i, 200);
    while (db_step(s) == DB_ROW) {
        json_t *j = json_object();
        jset_int(j, "id", db_col_int(s, 0));
        jset(j, "name", json_sprintf("%s %s", db_col_text(s, 1), db_col_text(s, 2)));
        jset_str(j, "review_date", db_col_text(s, 3));
        jset_bool(j, "overdue", strcmp(db_col_text(s, 3), today) < 0);
        json_array_append_new(due, j);
    }
    s = db_prep(r->db, Q_PLANS_MISSING);
    if (!s)
        return reply_error(r, 500, "store", NULL, "Plans could not be read.", NULL, NULL, NULL);
    db_bind_int(s, 1, r->me.org_id);
    i = rc_bind_scope(s, 2, &sc);
    db_bind_int(s, i, 200);
    while (db_step(s) == DB_ROW) {
        json_t *j = json_object();
        jset_int(j, "id", db_col_int(s, 0));
        jset(j, "name", json_sprintf("%s %s", db_col_text(s, 1), db_col_text(s, 2)));
        jset_str(j, "intake_date", db_col_text(s, 3));
        json_array_append_new(missing, j);
    }
    if (req_audit_read(r, "plan.queue", "recoveree", 0, NULL) != 0) {
        json_decref(m);
        json_decref(due);
        json_decref(missing);
        return 0;
    }
    jset(m, "due", due);
    jset(m, "missing", missing);
    jset_str(m, "title", "Plans due for review");
    return reply_page(r, 200, "plans_due.mustache", m);
}

/* ---- BARC-10 (RC-6) ------------------------------------------------------------- */

int h_barc10(struct req *r)
{
    struct recoveree x;
    if (rc_load(r, &x, "barc10.read") != 0)
        return 0;
    db_stmt *s = db_prep(r->db, Q_BARC_LIST);
    if (!s)
        return reply_error(r, 500, "store", NULL, "Assessments could not be read.", NULL, NULL,
                           NULL);
    db_bind_int(s, 1, r->me.org_id);
    db_bind_int(s, 2, x.id);
    json_t *m = json_object(), *arr = json_array();
    struct chart_point pts[500];
    size_t n = 0;
    while (db_step(s) == DB_ROW && n < 500) {
        json_t *j = json_object();
        jset_int(j, "id", db_col_int(s, 0));
        jset_str(j, "date", db_col_text(s, 1));
        jset_str(j, "answers", db_col_text(s, 2));
        int total = (int)db_col_int(s, 3);
        jset_int(j, "total", total);
        jset_bool(j, "at_cutoff", barc10_at_cutoff(total));
        json_array_append_new(arr, j);
        pts[n].label = arena_strdup(r->a, db_col_text(s, 1));
        pts[n++].value = total;
    }
    jset(m, "assessments", arr);
    if (n >= 2) {
        jset_int(m, "change", (int64_t)(pts[n - 1].value - pts[0].value));
        jset_int(m, "first", (int64_t)pts[0].value);
        jset_int(m, "latest", (int64_t)pts[n - 1].value);
    }
    char desc[200];
    if (n)
        snprintf(desc, sizeof desc, "%zu assessments from %s to %s; latest total %g of 60.", n,
                 pts[0].label, pts[n - 1].label, pts[n - 1].value);
    else
        snprintf(desc, sizeof desc, "No assessments yet.");
    struct chart c = {"BARC-10 total over time", desc, 10, 60, BARC10_CUTOFF,
                      "47: cut-off associated with sustained remission", pts, n};
    buf svg;
    buf_init(&svg);
    chart_line_svg(&svg, &c, "barc");
    /* Generated by chart.c with every text escaped: ours, so rendered raw. */
    jset_str(m, "chart_svg", svg.data ? svg.data : "");
    buf_free(&svg);
    json_t *items = json_array();
    for (int i = 0; i < BARC10_ITEMS; i++) {
        json_t *opts = json_array();
        for (int v = BARC10_MIN; v <= BARC10_MAX; v++)
            json_array_append_new(opts, json_pack("{s:i,s:s}", "value", v, "label",
                                                  barc10_answers[v - 1]));
        json_array_append_new(items, json_pack("{s:i,s:s,s:o}", "n", i + 1, "text",
                                               barc10_items[i], "options", opts));
    }
    jset(m, "items", items);
    jset(m, "recoveree", rc_summary_j(&x));
    jset_str(m, "title", "Recovery capital (BARC-10)");
    jset_str(m, "today", today_s(r, 0));
    jset_int(m, "cutoff", BARC10_CUTOFF);
    return reply_page(r, 200, "barc10.mustache", m);
}

int h_barc10_add(struct req *r)
{
    struct recoveree x;
    if (rc_load(r, &x, NULL) != 0)
        return 0;
    int answers[BARC10_ITEMS], total, bad;
    for (int i = 0; i < BARC10_ITEMS; i++) {
        int64_t v = 0;
        char name[16];
        snprintf(name, sizeof name, "item%d", i + 1);
        answers[i] = req_int(r, name, &v) ? (int)v : 0;
    }
    if (barc10_score(answers, &total, &bad) != 0)
        return reply_error(r, 400, "invalid", "RC-6",
                           arena_printf(r->a, "Answer statement %d with a number from 1 to 6.",
                                        bad + 1),
                           arena_printf(r->a, "item%d", bad + 1), NULL, NULL);
    const char *taken = req_str(r, "taken_on");
    if (!taken)
        taken = today_s(r, 0);
    if (civil_parse(taken) > civil_today())
        return reply_error(r, 400, "invalid", NULL, "The date is in the future.", "taken_on", NULL,
                           NULL);
    char list[128]; /* ten answers "6," fit in 20 bytes; room for the compiler's worst case */
    size_t o = 0;
    for (int i = 0; i < BARC10_ITEMS; i++)
        o += (size_t)snprintf(list + o, sizeof list - o, "%s%d", i ? "," : "", answers[i]);
    int64_t id = 0;
    int ok = db_begin(r->db) == DB_OK;
    db_stmt *s = ok ? db_prep(r->db, Q_BARC_INSERT) : NULL;
    if (s) {
        db_bind_int(s, 1, r->me.org_id);
        db_bind_int(s, 2, x.id);
        db_bind_text(s, 3, taken);
        db_bind_text(s, 4, list);
        db_bind_int(s, 5, total);
        db_bind_int(s, 6, r->me.user_id);
        db_bind_int(s, 7, now());
        ok = db_insert_id(s, &id) == DB_OK;
    } else {
        ok = 0;
    }
    ok = ok && req_audit(r, "barc10.add", "recoveree", x.id,
                         arena_printf(r->a, "total %d", total), "ok") == 0;
    if (!ok || db_commit(r->db) != DB_OK) {
        db_rollback(r->db);
        return reply_error(r, 500, "store", NULL, "The assessment could not be saved.", NULL, NULL,
                           NULL);
    }
    json_t *m = json_object();
    jset_int(m, "id", id);
    jset_int(m, "total", total);
    jset_bool(m, "at_cutoff", barc10_at_cutoff(total));
    return reply_done(r, 201, arena_printf(r->a, "/recoverees/%lld/barc10", (long long)x.id), m);
}

/* ---- internal export ------------------------------------------------------------ */

/* The whole record as JSON for use inside the organization (audited as an export).
 * Anything that leaves the organization goes through a disclosure (RC-4) instead. */
int h_rc_export(struct req *r)
{
    struct recoveree x;
    if (rc_load(r, &x, "recoveree.export") != 0)
        return 0;
    json_t *m = plan_model(r, &x);
    json_object_del(m, "domains");
    json_object_del(m, "default_review");
    jset(m, "recoveree", rc_full_j(&x));
    json_t *consents = json_array(), *disclosures = json_array(), *barc = json_array();
    db_stmt *s = db_prep(r->db, Q_CONSENT_LIST);
    if (s) {
        db_bind_int(s, 1, r->me.org_id);
        db_bind_int(s, 2, x.id);
        /* CONSENT_COLS: 1 kind, 6 recipients, 11 purposes, 16 expires_on, 21 signed_on, 29 revoked_at. */
        while (db_step(s) == DB_ROW)
            json_array_append_new(consents, json_pack("{s:I,s:s,s:s?,s:s?,s:s?,s:s?,s:b}", "id",
                                                      (json_int_t)db_col_int(s, 0), "kind",
                                                      db_col_text(s, 1), "recipients",
                                                      db_col_text(s, 6), "purposes",
                                                      db_col_text(s, 11), "expires_on",
                                                      db_col_text(s, 16), "signed_on",
                                                      db_col_text(s, 21), "revoked",
                                                      !db_col_isnull(s, 29)));
    }
    s = db_prep(r->db, Q_DISC_WINDOW);
    if (s) {
        db_bind_int(s, 1, r->me.org_id);
        db_bind_int(s, 2, x.id);
        db_bind_text(s, 3, "1900-01-01");
        db_bind_text(s, 4, "2200-12-31");
        while (db_step(s) == DB_ROW)
            json_array_append_new(disclosures, json_pack("{s:s,s:s,s:s,s:s}", "date",
                                                         db_col_text(s, 2), "recipient",
                                                         db_col_text(s, 3), "purpose",
                                                         db_col_text(s, 6), "what",
                                                         db_col_text(s, 7)));
    }
    s = db_prep(r->db, Q_BARC_LIST);
    if (s) {
        db_bind_int(s, 1, r->me.org_id);
        db_bind_int(s, 2, x.id);
        while (db_step(s) == DB_ROW)
            json_array_append_new(barc, json_pack("{s:s,s:s,s:I}", "date", db_col_text(s, 1),
                                                  "answers", db_col_text(s, 2), "total",
                                                  (json_int_t)db_col_int(s, 3)));
    }
    jset(m, "consents", consents);
    jset(m, "disclosures", disclosures);
    jset(m, "barc10", barc);
    jset_str(m, "notice", "Internal use only. Disclosure outside the organization requires a "
                          "written consent under 42 CFR Part 2 and is made through a disclosure.");
    char *out = json_dumps(m, JSON_INDENT(2) | JSON_ENSURE_ASCII);
    json_decref(m);
    reply_header(r, "Content-Disposition",
                 arena_printf(r->a, "attachment; filename=\"recoveree-%lld.json\"", (long long)x.id));
    reply_raw(r, 200, "application/json", out ? out : "{}", out ? strlen(out) : 2);
    free(out);
    return 0;
}
