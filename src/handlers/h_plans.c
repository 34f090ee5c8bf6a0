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
#include "consent.h"
#include "consents_store.h"
#include "forms.h"
#include "jmem.h"
#include "msg.h"
#include "opreply.h"
#include "ops_plans.h"
#include "plans_store.h"
#include "recoverees.h"
#include "validate.h"

static const char *today_s(struct req *r, int offset)
{
    char *s = arena_alloc(r->a, 11);
    civil_format(req_today(r) + offset, s);
    return s;
}

/* The words for a life domain in lang (the stored value is the English of plan_domains); a
 * domain not in the list is shown as stored. */
static const char *domain_label(struct req *r, const char *lang, const char *domain)
{
    for (int i = 0; domain && i < plan_ndomains; i++)
        if (!strcmp(domain, plan_domains[i]))
            return msg(lang, arena_printf(r->a, "plan.domain.%d", i + 1));
    return domain;
}

/* What a plan-history row records, in lang: its stored code ("goal_added", ops_plans.c) from
 * the catalog (plan.history.CODE); a row written before codes (English words) or an unknown
 * code shows as stored. */
static const char *history_what(struct req *r, const char *lang, const char *what)
{
    if (!what)
        return NULL;
    for (const char *p = what; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || *p == '_'))
            return what;
    const char *t = msg_find(lang, arena_printf(r->a, "plan.history.%s", what));
    return t ? t : what;
}

static const char *goal_state_label(struct req *r, const char *lang, const char *state)
{
    return state ? msg(lang, arena_printf(r->a, "plan.goal_state.%s", state)) : NULL;
}

static json_t *plan_model(struct req *r, const struct recoveree *x)
{
    json_t *m = json_object();
    const char *lang = req_lang(r), *dl = rc_doc_lang(x);
    /* Which of the page's forms a refused submit came from (forms.h): "goal" (add a goal)
     * or "gsID" (a goal's status), whose choices are shown as sent. */
    const char *which = form_value(r, "_which");
    struct plan p;
    int have = plan_get(r->db, r->a, r->me.org_id, x->id, &p);
    jset(m, "recoveree", rc_summary_j(x));
    jset_str(m, "title", msg(lang, "plan.title"));
    /* The printed plan is the recoveree's document: in their language. */
    jset(m, "doc", rc_doc_j(x));
    jset_bool(m, "has_plan", have == 1);
    json_t *goals = json_array();
    struct plan_goal *g;
    int n;
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
        if (plan_goals(r->db, r->a, r->me.org_id, p.id, &g, &n) == 0)
            for (int i = 0; i < n; i++) {
                json_t *gj = json_object(), *st = json_array();
                jset_int(gj, "id", g[i].id);
                int sent = which && !strcmp(which, arena_printf(r->a, "gs%lld",
                                                                (long long)g[i].id));
                const char *status = sent && form_value(r, "status") ? form_value(r, "status")
                                                                     : g[i].status;
                if (sent)
                    jset_bool(gj, "sent", 1);
                jset_str(gj, "domain", g[i].domain);
                jset_str(gj, "domain_label", domain_label(r, lang, g[i].domain));
                jset_str(gj, "goal", g[i].goal);
                jset_str(gj, "action_steps", g[i].action_steps);
                jset_str(gj, "status", g[i].status);
                jset_str(gj, "status_label", goal_state_label(r, lang, g[i].status));
                jset_str(gj, "status_doc_label", goal_state_label(r, dl, g[i].status));
                jset_str(gj, "target_date", g[i].target_date);
                for (int k = 0; k < plan_ngoal_states; k++)
                    json_array_append_new(
                        st, json_pack("{s:s,s:s,s:b}", "value", plan_goal_states[k], "label",
                                      goal_state_label(r, lang, plan_goal_states[k]), "selected",
                                      !strcmp(plan_goal_states[k], status)));
                jset(gj, "statuses", st);
                json_array_append_new(goals, gj);
            }
    }
    jset(m, "goals", goals);
    json_t *hist = json_array();
    struct plan_change *h;
    if (plan_history(r->db, r->a, r->me.org_id, x->id, &h, &n) == 0)
        for (int i = 0; i < n; i++) {
            json_t *hj = json_object();
            jset(hj, "at", view_time(h[i].at));
            jset_str(hj, "by", h[i].by);
            jset_str(hj, "what", history_what(r, lang, h[i].what));
            jset_str(hj, "what_code", h[i].what);
            jset_str(hj, "before", h[i].before);
            jset_str(hj, "after", h[i].after);
            json_array_append_new(hist, hj);
        }
    jset(m, "history", hist);
    json_t *dj = json_array(), *dopt = json_array();
    const char *domain = which && !strcmp(which, "goal") ? form_value(r, "domain") : NULL;
    for (int i = 0; i < plan_ndomains; i++) {
        json_array_append_new(dj, jstr(plan_domains[i]));
        json_array_append_new(dopt, json_pack("{s:s,s:s,s:b}", "value", plan_domains[i], "label",
                                              domain_label(r, lang, plan_domains[i]), "selected",
                                              domain && !strcmp(domain, plan_domains[i])));
    }
    jset(m, "domains", dj);
    jset(m, "domain_options", dopt);
    jset_str(m, "default_review", today_s(r, (int)r->pol.v[POL_PLAN_REVIEW_DAYS]));
    rc_edit_flags(r, x->id, m);
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

int h_plan_save(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    /* A field that is not sent keeps its value (one sent empty is cleared). */
    struct plan_save_in in = {
        .recoveree_id = r->id,
        .strengths = req_str(r, "strengths"),
        .barriers = req_str(r, "barriers"),
        .review_date = req_str(r, "review_date"),
        .keep_strengths = !param_raw(r, "strengths"),
        .keep_barriers = !param_raw(r, "barriers"),
    };
    req_int(r, "version", &in.version);
    int created;
    if (op_plan_save(&c, &in, &created, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    return reply_done(r, created ? 201 : 200, back(r), json_object());
}

int h_goal_add(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    struct goal_add_in in = {
        .recoveree_id = r->id,
        .domain = req_str(r, "domain"),
        .goal = req_str(r, "goal"),
        .action_steps = req_str(r, "action_steps"),
        .status = req_str(r, "status"),
        .target_date = req_str(r, "target_date"),
    };
    if (op_goal_add(&c, &in, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    json_t *m = json_object();
    jset_int(m, "id", res.id);
    return reply_done(r, 201, back(r), m);
}

int h_goal_update(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    struct goal_update_in in = {
        .recoveree_id = r->id,
        .goal_id = r->id2,
        .domain = req_str(r, "domain"),
        .goal = req_str(r, "goal"),
        .action_steps = req_str(r, "action_steps"),
        .status = req_str(r, "status"),
        .target_date = req_str(r, "target_date"),
    };
    if (op_goal_update(&c, &in, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
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
    struct plan_queue_row *d, *mi;
    int nd, nm;
    /* A queue longer than 200 is a backlog to work through, not a page to scroll. */
    if (plans_due(r->db, r->a, r->me.org_id, &sc, by, 200, &d, &nd) != 0 ||
        plans_missing(r->db, r->a, r->me.org_id, &sc, 200, &mi, &nm) != 0) {
        json_decref(m);
        json_decref(due);
        json_decref(missing);
        return reply_error(r, 500, "store", NULL, msg(req_lang(r), "plan.err_store"), NULL, NULL,
                           NULL);
    }
    for (int i = 0; i < nd; i++) {
        json_t *j = json_object();
        jset_int(j, "id", d[i].id);
        jset(j, "name", json_sprintf("%s %s", d[i].first_name, d[i].last_name));
        jset_str(j, "review_date", d[i].date);
        jset_bool(j, "overdue", strcmp(d[i].date, today) < 0);
        json_array_append_new(due, j);
    }
    for (int i = 0; i < nm; i++) {
        json_t *j = json_object();
        jset_int(j, "id", mi[i].id);
        jset(j, "name", json_sprintf("%s %s", mi[i].first_name, mi[i].last_name));
        jset_str(j, "intake_date", mi[i].date);
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
    jset_str(m, "title", msg(req_lang(r), "plans_due.title"));
    return reply_page(r, 200, "plans_due.mustache", m);
}

/* ---- BARC-10 (RC-6) ------------------------------------------------------------- */

int h_barc10(struct req *r)
{
    struct recoveree x;
    if (rc_load(r, &x, "barc10.read") != 0)
        return 0;
    struct barc10_row *b;
    int nb;
    if (barc10_list(r->db, r->a, r->me.org_id, x.id, &b, &nb) != 0)
        return reply_error(r, 500, "store", NULL, msg(req_lang(r), "plan.err.assessments_read"), NULL, NULL,
                           NULL);
    json_t *m = json_object(), *arr = json_array();
    struct chart_point pts[500];
    size_t n = 0;
    for (int i = 0; i < nb && n < 500; i++) {
        json_t *j = json_object();
        jset_int(j, "id", b[i].id);
        jset_str(j, "date", b[i].taken_on);
        jset_str(j, "answers", b[i].answers);
        jset_int(j, "total", b[i].total);
        jset_bool(j, "at_cutoff", barc10_at_cutoff(b[i].total));
        json_array_append_new(arr, j);
        pts[n].label = b[i].taken_on;
        pts[n++].value = b[i].total;
    }
    jset(m, "assessments", arr);
    if (n >= 2) {
        jset_int(m, "change", (int64_t)(pts[n - 1].value - pts[0].value));
        jset_int(m, "first", (int64_t)pts[0].value);
        jset_int(m, "latest", (int64_t)pts[n - 1].value);
    }
    const char *lang = req_lang(r);
    char latest[32];
    snprintf(latest, sizeof latest, "%g", n ? pts[n - 1].value : 0.0);
    const char *desc = n ? msg_plural(r->a, lang, "barc10.chart_desc", (long long)n, "first",
                                      pts[0].label, "last", pts[n - 1].label, "latest", latest,
                                      NULL)
                         : msg(lang, "barc10.none");
    struct chart c = {msg(lang, "barc10.chart_title"), desc, 10, 60, BARC10_CUTOFF,
                      msg(lang, "barc10.chart_cutoff"), pts, n};
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
    /* The statements are what the recoveree reads and answers: in their language. Spanish
     * has no published translation at hand, so its items are the English original marked
     * for review, and the page says so (never a translation of our own). */
    json_t *doc = rc_doc_j(&x), *ditems = json_array();
    const char *dl = rc_doc_lang(&x);
    int review = 0;
    for (int i = 0; i < BARC10_ITEMS; i++) {
        char id[32], name[16];
        /* A refused form's answer for the item is kept, and its message shown beside it
         * (forms.h); the first option carries the item's name as its id for the summary. */
        snprintf(name, sizeof name, "item%d", i + 1);
        const char *sent = form_value(r, name);
        json_t *opts = json_array();
        for (int v = BARC10_MIN; v <= BARC10_MAX; v++) {
            snprintf(id, sizeof id, "barc10.answer.%d", v);
            json_array_append_new(opts, json_pack("{s:i,s:s,s:b,s:b}", "value", v, "label",
                                                  msg(dl, id), "first", v == BARC10_MIN,
                                                  "checked", sent && atoi(sent) == v));
        }
        snprintf(id, sizeof id, "barc10.item.%d", i + 1);
        review |= msg_in_review(dl, id);
        json_array_append_new(ditems, json_pack("{s:i,s:s,s:o,s:s?}", "n", i + 1, "text",
                                                msg(dl, id), "options", opts, "item_error",
                                                form_error(r, name)));
    }
    jset(doc, "items", ditems);
    jset_bool(doc, "review", review);
    jset(m, "doc", doc);
    rc_edit_flags(r, x.id, m);
    jset(m, "recoveree", rc_summary_j(&x));
    jset_str(m, "title", msg(lang, "barc10.page_title"));
    jset_str(m, "today", today_s(r, 0));
    jset_int(m, "cutoff", BARC10_CUTOFF);
    return reply_page(r, 200, "barc10.mustache", m);
}

int h_barc10_add(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    struct barc10_in in = {.recoveree_id = r->id, .taken_on = req_str(r, "taken_on")};
    for (int i = 0; i < BARC10_ITEMS; i++) {
        int64_t v = 0;
        char name[16];
        snprintf(name, sizeof name, "item%d", i + 1);
        in.answers[i] = req_int(r, name, &v) ? (int)v : 0;
    }
    int total = 0;
    if (op_barc10_add(&c, &in, &total, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    json_t *m = json_object();
    jset_int(m, "id", res.id);
    jset_int(m, "total", total);
    jset_bool(m, "at_cutoff", barc10_at_cutoff(total));
    return reply_done(r, 201, arena_printf(r->a, "/recoverees/%lld/barc10", (long long)r->id), m);
}

/* ---- internal export ------------------------------------------------------------ */

/* Civil day d as YYYY-MM-DD in the request arena, NULL when absent (-1). */
static const char *day_or_null(struct req *r, int32_t d)
{
    if (d < 0)
        return NULL;
    char *s = arena_alloc(r->a, 11);
    civil_format(d, s);
    return s;
}

/* The whole record as JSON for use inside the organization (audited as an export).
 * Anything that leaves the organization goes through a disclosure (RC-4) instead. */
int h_rc_export(struct req *r)
{
    struct recoveree x;
    if (rc_load(r, &x, "recoveree.export") != 0)
        return 0;
    json_t *m = plan_model(r, &x);
    json_object_del(m, "domains");
    json_object_del(m, "domain_options");
    json_object_del(m, "doc");
    json_object_del(m, "default_review");
    jset(m, "recoveree", rc_full_j(&x));
    json_t *consents = json_array(), *disclosures = json_array(), *barc = json_array();
    /* The consents and the whole accounting, as far as they can be read. */
    struct consent_row *k;
    int nk;
    if (consent_list(r->db, r->a, r->me.org_id, x.id, &k, &nk) == 0)
        for (int i = 0; i < nk; i++)
            json_array_append_new(consents, json_pack("{s:I,s:s,s:s?,s:s?,s:s?,s:s?,s:b}", "id",
                                                      (json_int_t)k[i].id, "kind",
                                                      consent_kind_name(k[i].c.kind), "recipients",
                                                      k[i].c.recipients, "purposes",
                                                      k[i].c.purposes, "expires_on",
                                                      day_or_null(r, k[i].c.expires_on),
                                                      "signed_on",
                                                      day_or_null(r, k[i].c.signed_on), "revoked",
                                                      k[i].c.revoked_at != 0));
    struct disclosure_row *d;
    int nd;
    if (disclosures_window(r->db, r->a, r->me.org_id, x.id, "1900-01-01", "2200-12-31", &d,
                           &nd) == 0)
        for (int i = 0; i < nd; i++)
            json_array_append_new(disclosures, json_pack("{s:s,s:s,s:s,s:s}", "date", d[i].date,
                                                         "recipient", d[i].recipient, "purpose",
                                                         d[i].purpose, "what", d[i].what));
    struct barc10_row *b;
    int nb;
    if (barc10_list(r->db, r->a, r->me.org_id, x.id, &b, &nb) == 0)
        for (int i = 0; i < nb; i++)
            json_array_append_new(barc, json_pack("{s:s,s:s,s:I}", "date", b[i].taken_on,
                                                  "answers", b[i].answers, "total",
                                                  (json_int_t)b[i].total));
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
    jmem_free_text(out);
    return 0;
}

/* ---- routes ------------------------------------------------------------------- */

static const struct field f_plan[] = {
    {"strengths", FT_TEXT, 4000, 0, 0, 0},
    {"barriers", FT_TEXT, 4000, 0, 0, 0},
    {"review_date", FT_DATE, 10, 0, 0, 0},
    {"version", FT_INT, 0, 0, INT64_MAX, 0},
    {NULL},
};
static const struct field f_goal_add[] = {
    {"domain", FT_LINE, 100, 0, 0, FIELD_REQUIRED},
    {"goal", FT_TEXT, 2000, 0, 0, FIELD_REQUIRED},
    {"action_steps", FT_TEXT, 4000, 0, 0, 0},
    {"status", FT_TOKEN, 16, 0, 0, 0},
    {"target_date", FT_DATE, 10, 0, 0, 0},
    {NULL},
};
static const struct field f_goal_update[] = {
    {"domain", FT_LINE, 100, 0, 0, 0},
    {"goal", FT_TEXT, 2000, 0, 0, 0},
    {"action_steps", FT_TEXT, 4000, 0, 0, 0},
    {"status", FT_TOKEN, 16, 0, 0, 0},
    {"target_date", FT_DATE, 10, 0, 0, 0},
    {NULL},
};
static const struct field f_barc[] = {
    {"taken_on", FT_DATE, 10, 0, 0, 0},
    {"item1", FT_INT, 0, 1, 6, FIELD_REQUIRED}, {"item2", FT_INT, 0, 1, 6, FIELD_REQUIRED},
    {"item3", FT_INT, 0, 1, 6, FIELD_REQUIRED}, {"item4", FT_INT, 0, 1, 6, FIELD_REQUIRED},
    {"item5", FT_INT, 0, 1, 6, FIELD_REQUIRED}, {"item6", FT_INT, 0, 1, 6, FIELD_REQUIRED},
    {"item7", FT_INT, 0, 1, 6, FIELD_REQUIRED}, {"item8", FT_INT, 0, 1, 6, FIELD_REQUIRED},
    {"item9", FT_INT, 0, 1, 6, FIELD_REQUIRED}, {"item10", FT_INT, 0, 1, 6, FIELD_REQUIRED},
    {NULL},
};

const struct route plans_rows[] = {
    {"GET", "/recoverees/{id}/plan", h_plan, RC_STAFF, 0, NULL, "Recovery plan (RC-5)"},
    {"POST", "/recoverees/{id}/plan", h_plan_save, RC_STAFF, 0, f_plan, "Start or update the plan"},
    {"POST", "/recoverees/{id}/plan/goals", h_goal_add, RC_STAFF, 0, f_goal_add, "Add a goal"},
    {"POST", "/recoverees/{id}/plan/goals/{id2}", h_goal_update, RC_STAFF, 0, f_goal_update,
     "Change a goal"},
    {"GET", "/plans/due", h_plans_due, RC_STAFF, 0, NULL, "Plans due for review, and missing"},
    {"GET", "/recoverees/{id}/barc10", h_barc10, RC_STAFF, 0, NULL,
     "BARC-10 history with chart (RC-6)"},
    {"POST", "/recoverees/{id}/barc10", h_barc10_add, RC_STAFF, 0, f_barc, "Record a BARC-10"},
};
const struct route_module rm_plans = ROUTE_MODULE(plans_rows);

const struct route export_rows[] = {
    {"GET", "/recoverees/{id}/export", h_rc_export, RC_STAFF, 0, NULL,
     "The record as JSON, for use inside the organization"},
};
const struct route_module rm_export = ROUTE_MODULE(export_rows);
