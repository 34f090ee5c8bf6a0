/* render.c - turn a handler's view model into the response body: JSON for /api/v1, a template for pages. */
#include "http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jmem.h"
#include "msg.h"
#include "tmpl_set.h"

/* Every page template, compiled by render_init before the server's threads start and only
 * read after that. */
static struct tmpl_set *pages;

int render_init(const struct embedded *table, char *err, size_t errlen)
{
    /* The message catalog too: a broken catalog file stops the start, named by its line. */
    if (msg_init(err, errlen) != 0)
        return -1;
    struct tmpl_set *s = tmpl_set_compile(table, err, errlen);
    if (!s)
        return -1;
    tmpl_set_free(pages);
    pages = s;
    return 0;
}

void render_done(void)
{
    tmpl_set_free(pages);
    pages = NULL;
}

const char *req_lang(struct req *r)
{
    if (!r->lang)
        /* The person's own setting, then the browser's, then the organization's default
         * (migration 013; the session lookup reads both settings). */
        r->lang = msg_choose(r->me.language, r->header ? r->header(r, "Accept-Language") : NULL,
                             r->me.default_language);
    return r->lang;
}

struct nav_item {
    const char *href, *label; /* label: a message id */
    unsigned roles;
};

/* The navigation, in order; each item shows only to the roles whose routes allow it. */
static const struct nav_item nav[] = {
    {"/", "nav.home", R_ANY},
    {"/inbox", "nav.inbox", R_ANY},
    {"/recoverees", "nav.recoverees", R_ADMIN | R_SUPERVISOR | R_PEER},
    {"/services", "nav.services", R_PEER},
    {"/checkups", "nav.checkups", R_ADMIN | R_SUPERVISOR | R_PEER},
    {"/review", "nav.review", R_ADMIN | R_SUPERVISOR},
    {"/groups", "nav.groups",
     R_ADMIN | R_SUPERVISOR | R_PEER | R_CLINICIAN | R_CASE_MANAGER | R_FACILITATOR},
    {"/monitoring", "nav.monitoring", R_ADMIN | R_SUPERVISOR | R_CASE_MANAGER | R_AUDITOR},
    {"/my-record", "nav.my_record", R_PARTICIPANT},
    {"/board", "nav.board", R_BOARD},
    {"/resources", "nav.resources", R_ADMIN | R_SUPERVISOR | R_PEER},
    {"/plans/due", "nav.plans_due", R_ADMIN | R_SUPERVISOR | R_PEER},
    {"/workforce", "nav.workforce", R_ADMIN | R_SUPERVISOR},
    {"/billing", "nav.billing", R_ADMIN | R_SUPERVISOR},
    {"/progress", "nav.progress", R_PEER},
    {"/users", "nav.users", R_ADMIN | R_SUPERVISOR},
    {"/audit", "nav.audit", R_ADMIN | R_AUDITOR},
    {"/settings", "nav.settings", R_ADMIN},
    {"/tokens", "nav.tokens", R_ADMIN},
    {"/me", "nav.me", R_ANY},
};

static void add_chrome(struct req *r, json_t *m)
{
    /* The reader's language at the root: every {{@id}} of the page outside a document that
     * sets its own (a recoveree's consent, notice, BARC-10). */
    if (!json_object_get(m, "lang"))
        jset_str(m, "lang", req_lang(r));
    if (!r->authed)
        return;
    json_t *me = json_object();
    jset_int(me, "id", r->me.user_id);
    jset_str(me, "username", r->me.username);
    jset_str(me, "name", r->me.display_name);
    jset_str(me, "role", role_name(r->me.role));
    /* The role in the reader's words (role_label is the English). */
    jset_str(me, "role_label",
             msg(req_lang(r), arena_printf(r->a, "home.role.%s", role_name(r->me.role))));
    jset_str(me, "org_name", r->me.org_name);
    jset_str(me, "org_slug", r->me.org_slug);
    jset(m, "me", me);
    json_t *items = json_array();
    for (size_t i = 0; i < sizeof nav / sizeof *nav; i++) {
        if (!(nav[i].roles & RB(r->me.role)))
            continue;
        json_t *it = json_object();
        jset_str(it, "href", nav[i].href);
        jset_str(it, "label", msg(req_lang(r), nav[i].label));
        size_t hl = strlen(nav[i].href);
        int cur = strcmp(r->path, nav[i].href) == 0 ||
                  (hl > 1 && strncmp(r->path, nav[i].href, hl) == 0 && r->path[hl] == '/');
        jset_bool(it, "current", cur);
        /* The inbox's count of unacknowledged notices (GR-5), read with the session. */
        if (!strcmp(nav[i].href, "/inbox") && r->me.inbox_open > 0) {
            jset_int(it, "badge", r->me.inbox_open);
            jset_str(it, "badge_label",
                     msg_plural(r->a, req_lang(r), "nav.inbox_open", r->me.inbox_open, NULL));
        }
        json_array_append_new(items, it);
    }
    jset(m, "nav", items);
    jset_str(m, "csrf", r->csrf);
}

/* A refused form's messages for its template (the GOV.UK error summary pattern): field_errors
 * {name: message} for the message beside each field, and error_summary {title, items: [{href,
 * message, rule}]} for the box at the top (templates/error_summary.mustache) whose links go to
 * the fields' ids, which are their names; the first item carries the refusal's rule, if any. */
static void error_summary(struct req *r, json_t *m)
{
    json_t *errs = json_object_get(m, "errors");
    if (!json_is_array(errs) || !json_array_size(errs) || json_object_get(m, "error_summary"))
        return;
    json_t *by = json_object(), *items = json_array();
    const char *rule = json_string_value(json_object_get(json_object_get(m, "error"), "rule"));
    size_t i;
    json_t *e;
    json_array_foreach(errs, i, e) {
        const char *f = json_string_value(json_object_get(e, "field"));
        const char *text = json_string_value(json_object_get(e, "message"));
        if (f && !json_object_get(by, f))
            jset_str(by, f, text);
        json_t *it = json_object();
        jset_str(it, "href", f);
        jset_str(it, "message", text);
        /* The refusal names its rule on the page as in the API (the first error carries it). */
        jset_str(it, "rule", i == 0 ? rule : NULL);
        json_array_append_new(items, it);
    }
    json_t *sum = json_object();
    jset_str(sum, "title", msg(req_lang(r), "form.error_title"));
    jset(sum, "items", items);
    jset(m, "field_errors", by);
    jset(m, "error_summary", sum);
}

static void render_page(struct req *r)
{
    const struct tmpl *t = tmpl_set_get(pages, r->tmpl);
    if (!t) {
        fprintf(stderr, "bug: no template %s%s\n", r->tmpl, pages ? "" : " (render_init not run)");
        r->status = 500;
        r->ctype = "text/plain; charset=utf-8";
        buf_puts(&r->out, "internal error: missing template\n");
        return;
    }
    add_chrome(r, r->model);
    error_summary(r, r->model);
    if (!json_object_get(r->model, "status"))
        jset_int(r->model, "status", r->status);
    char err[200];
    if (tmpl_exec(&r->out, t, r->model, tmpl_set_partial, pages, err, sizeof err) != 0) {
        fprintf(stderr, "bug: template %s: %s\n", r->tmpl, err);
        buf_free(&r->out);
        r->status = 500;
        r->ctype = "text/plain; charset=utf-8";
        buf_puts(&r->out, "internal error: template\n");
        return;
    }
    r->ctype = "text/html; charset=utf-8";
}

void render(struct req *r)
{
    if (r->location || r->ctype)
        return;
    if (!r->model)
        r->model = json_object();
    if (r->api) {
        char *s = json_dumps(r->model, JSON_COMPACT | JSON_ENSURE_ASCII);
        if (s) {
            buf_puts(&r->out, s);
            jmem_free_text(s);
        }
        buf_putc(&r->out, '\n');
        r->ctype = "application/json";
        return;
    }
    render_page(r);
}
