/* forms.c - page forms that keep what was typed (forms.h). */
#include "forms.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "validate.h"

/* The prefix of a kept value's hidden field on the sign-in form. */
#define KEPT_PREFIX "_k."

int next_path_ok(const char *p)
{
    if (!p || p[0] != '/' || p[1] == '/' || strlen(p) > NEXT_PATH_MAX)
        return 0;
    for (const char *c = p; *c; c++)
        if (!isalnum((unsigned char)*c) && !strchr("/_.~-?=&%+", *c))
            return 0;
    static const char *const never[] = {"/login", "/logout", "/api/"};
    for (size_t i = 0; i < sizeof never / sizeof *never; i++)
        if (strncmp(p, never[i], strlen(never[i])) == 0)
            return 0;
    return 1;
}

/* Values are never kept for these: a password is typed again. */
static int secret_field(const char *name)
{
    return strstr(name, "password") != NULL;
}

static const struct field *field_of(const struct route *rt, const char *name)
{
    for (const struct field *f = rt ? rt->fields : NULL; f && f->name; f++)
        if (strcmp(f->name, name) == 0)
            return f;
    return NULL;
}

static int truthy(const char *v)
{
    return !strcmp(v, "1") || !strcmp(v, "on") || !strcmp(v, "true");
}

/* Add name=value to the form object as the route's field table types it: a checkbox as a
 * boolean, a list's repeated values comma-joined, anything else as text. */
static void form_put(json_t *form, const struct field *f, const char *value)
{
    if (f->type == FT_BOOL) {
        jset_bool(form, f->name, truthy(value));
        return;
    }
    const char *had = json_string_value(json_object_get(form, f->name));
    if (f->type == FT_LIST && had && *had && *value) {
        size_t n = strlen(had) + strlen(value) + 2;
        char *j = malloc(n);
        if (!j)
            return;
        snprintf(j, n, "%s,%s", had, value);
        jset_str(form, f->name, j);
        free(j);
        return;
    }
    if (!had || !*had)
        jset_str(form, f->name, value);
}

/* The posted form's _which field when it is a short name (letters, digits, _ and -), else
 * NULL: which of several forms on one page was sent (forms.h). */
static int which_ok(const char *w)
{
    if (!w || !*w || strlen(w) > FORM_WHICH_MAX)
        return 0;
    for (const char *c = w; *c; c++)
        if (!isalnum((unsigned char)*c) && *c != '_' && *c != '-')
            return 0;
    return 1;
}

static const char *form_which(struct req *r)
{
    const char *w = param_raw(r, "_which");
    return which_ok(w) ? w : NULL;
}

/* The page to show a form on again: its _form field, else the POST's path. */
static const char *form_page(struct req *r)
{
    const char *p = param_raw(r, "_form");
    return next_path_ok(p) ? p : r->path;
}

/* Run the GET handler of path for the signed-in r, as a page. 1 when it rendered a page
 * (status 200, a template other than the error page), else 0 with r's reply cleared. */
static int show_page(struct req *r, const char *path)
{
    json_decref(r->model);
    r->model = NULL;
    r->tmpl = NULL;
    r->location = NULL;
    r->status = 0;
    r->method = "GET";
    char *p = arena_strdup(r->a, path);
    char *q = strchr(p, '?');
    r->path = p;
    r->params = NULL;
    r->nparams = 0;
    if (q) {
        *q = '\0';
        if (parse_urlencoded(r, q + 1, strlen(q + 1)) != 0)
            return 0;
    }
    int mismatch;
    const struct route *rt = route_lookup(r, &mismatch);
    if (!rt || (rt->flags & RT_PUBLIC) || !(rt->roles & RB(r->me.role)))
        return 0;
    r->route = rt;
    const char *field, *why;
    if (validate_params(r, rt->fields, &field, &why) != 0)
        return 0;
    struct header *headers = r->headers;
    rt->fn(r);
    if (r->status == 200 && r->tmpl && r->model && !r->location && !r->ctype &&
        strcmp(r->tmpl, "error.mustache") != 0)
        return 1;
    /* Not a page (a download above the action: /consents/ID/signed-copy above its
     * correction): nothing of that answer goes out, its headers neither. */
    json_decref(r->model);
    r->model = NULL;
    r->tmpl = NULL;
    r->location = NULL;
    r->ctype = NULL;
    buf_free(&r->out);
    r->headers = headers;
    return 0;
}

/* The values the page POST r sent, as form_put types them (never a password), with its
 * _which; *which is set to that name or NULL. */
static json_t *form_sent(struct req *r, const char **which)
{
    const struct route *post = r->route;
    json_t *form = json_object();
    for (size_t i = 0; i < r->nparams; i++) {
        const struct field *f = field_of(post, r->params[i].name);
        if (f && !secret_field(f->name))
            form_put(form, f, r->params[i].value);
    }
    *which = form_which(r);
    if (*which) {
        *which = arena_strdup(r->a, *which);
        jset_str(form, "_which", *which);
    }
    return form;
}

void form_redisplay(struct req *r)
{
    if (r->api || strcmp(r->method, "POST") != 0 || !r->authed || !r->model || !r->tmpl ||
        (r->status != 400 && r->status != 409 && r->status != 422))
        return;
    const char *which;
    if (strcmp(r->tmpl, "error.mustache") != 0) {
        /* The handler showed its own page again: the values sent, unless it named them. */
        if (json_object_get(r->model, "form"))
            return;
        json_t *form = form_sent(r, &which);
        if (which)
            jset(r->model, arena_printf(r->a, "form_%s", which), json_incref(form));
        jset(r->model, "form", form);
        return;
    }
    json_t *form = form_sent(r, &which);
    int status = r->status;
    json_t *err = json_incref(json_object_get(r->model, "error"));
    json_t *errs = json_incref(json_object_get(r->model, "errors"));
    json_t *saved = json_incref(r->model);
    const char *path = form_page(r);
    char *parent = arena_strdup(r->a, path);
    char *slash = strrchr(parent, '/');
    if (slash && slash != parent)
        *slash = '\0';
    else
        parent = NULL;
    r->kept = form;
    r->kept_errors = errs;
    /* The form's page, or the page above an action of its own (/me/password is on /me). */
    int shown = show_page(r, path) || (parent && show_page(r, parent));
    r->kept = NULL;
    r->kept_errors = NULL;
    if (!shown) {
        /* The form's page cannot be shown: the error page, with every message. */
        json_decref(r->model);
        r->model = saved;
        r->tmpl = "error.mustache";
        r->status = status;
        json_decref(err);
        json_decref(errs);
        json_decref(form);
        return;
    }
    json_decref(saved);
    r->status = status;
    jset(r->model, "error", err ? err : json_object());
    if (errs)
        jset(r->model, "errors", errs);
    if (which)
        jset(r->model, arena_printf(r->a, "form_%s", which), json_incref(form));
    jset(r->model, "form", form);
}

void form_sign_in_again(struct req *r)
{
    const struct route *post = r->route;
    json_t *kept = json_array();
    for (size_t i = 0; i < r->nparams; i++) {
        const struct field *f = field_of(post, r->params[i].name);
        if (!f || secret_field(f->name))
            continue;
        json_t *k = json_object();
        jset_str(k, "name", arena_printf(r->a, KEPT_PREFIX "%s", f->name));
        jset_str(k, "value", r->params[i].value);
        json_array_append_new(kept, k);
    }
    /* Which of several forms on the page was sent, so that the same one comes back, and where
     * it posts when that is not the page (its fields are that route's). */
    const char *which = form_which(r);
    if (which)
        json_array_append_new(kept, json_pack("{s:s,s:s}", "name", KEPT_PREFIX "_which", "value",
                                              which));
    if (next_path_ok(r->path) && strcmp(r->path, form_page(r)) != 0)
        json_array_append_new(kept, json_pack("{s:s,s:s}", "name", KEPT_PREFIX "_action",
                                              "value", r->path));
    const char *next = arena_strdup(r->a, form_page(r));
    r->method = "GET";
    r->path = "/login";
    r->params = NULL;
    r->nparams = 0;
    int mismatch;
    const struct route *login = route_lookup(r, &mismatch);
    r->route = login;
    if (!login || login->fn(r) != 0 || !r->model) {
        json_decref(kept);
        reply_error(r, 401, "unauthenticated", NULL,
                    msg(req_lang(r), "login.err.first"), NULL, NULL, NULL);
        return;
    }
    r->status = 401;
    jset_str(r->model, "next", next);
    jset(r->model, "kept", kept);
    json_t *e = json_object();
    jset_str(e, "code", "unauthenticated");
    jset_str(e, "message", msg(req_lang(r), "login.session_ended"));
    jset(r->model, "error", e);
}

void form_remember_next(struct req *r)
{
    if (!next_path_ok(r->path) || strcmp(r->path, "/") == 0)
        return;
    reply_header(r, "Set-Cookie",
                 arena_printf(r->a, "pd_next=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=900%s",
                              r->path, r->tls ? "; Secure" : ""));
}

int form_restore(struct req *r, const char *next)
{
    const char *to = next_path_ok(next) ? next : "/";
    /* The kept values, as the sign-in form sent them back. */
    size_t nkept = 0;
    struct param *kept = arena_alloc(r->a, sizeof *kept * (r->nparams + 1));
    const char *which = NULL;
    for (size_t i = 0; i < r->nparams; i++)
        if (strncmp(r->params[i].name, KEPT_PREFIX, strlen(KEPT_PREFIX)) == 0)
            kept[nkept++] = r->params[i];
    /* The form of several on the page that was sent, and the path it posts to when that is not
     * the page (form_sign_in_again kept both). */
    const char *action = to;
    for (size_t i = 0; i < nkept; i++) {
        if (!strcmp(kept[i].name, KEPT_PREFIX "_which") && which_ok(kept[i].value))
            which = kept[i].value;
        if (!strcmp(kept[i].name, KEPT_PREFIX "_action") && next_path_ok(kept[i].value))
            action = kept[i].value;
    }
    if (nkept) {
        /* Typed by the POST route the form goes to, for checkboxes. */
        r->method = "POST";
        r->path = action;
        int mismatch;
        const struct route *post = route_lookup(r, &mismatch);
        json_t *form = json_object();
        for (size_t i = 0; i < nkept; i++) {
            const char *name = kept[i].name + strlen(KEPT_PREFIX);
            const struct field *f = field_of(post, name);
            if (f && !secret_field(name))
                form_put(form, f, kept[i].value);
        }
        if (which)
            jset_str(form, "_which", which);
        r->kept = form;
        int shown = show_page(r, to);
        r->kept = NULL;
        if (shown) {
            if (which)
                jset(r->model, arena_printf(r->a, "form_%s", which), json_incref(form));
            jset(r->model, "form", form);
            jset_bool(r->model, "restored", 1);
            return 0;
        }
        json_decref(form);
    }
    r->status = 303;
    r->location = to;
    return 0;
}

json_t *form_kept_fields(struct req *r)
{
    json_t *kept = json_array();
    for (size_t i = 0; i < r->nparams; i++)
        if (strncmp(r->params[i].name, KEPT_PREFIX, strlen(KEPT_PREFIX)) == 0 &&
            !secret_field(r->params[i].name))
            json_array_append_new(kept, json_pack("{s:s,s:s}", "name", r->params[i].name,
                                                  "value", r->params[i].value));
    return kept;
}

const char *form_value(struct req *r, const char *name)
{
    if (r->kept)
        return json_string_value(json_object_get(r->kept, name));
    /* A page POST's handler showing its own form again after refusing it. */
    return !r->api && strcmp(r->method, "POST") == 0 && !secret_field(name) ? param_raw(r, name)
                                                                            : NULL;
}

const char *form_error(struct req *r, const char *name)
{
    size_t i;
    json_t *e;
    json_array_foreach(r->kept_errors, i, e) {
        const char *f = json_string_value(json_object_get(e, "field"));
        if (f && strcmp(f, name) == 0)
            return json_string_value(json_object_get(e, "message"));
    }
    return NULL;
}

json_t *form_part(struct req *r, const char *which, const char *idp, const char *const *names,
                  json_t *defaults)
{
    const char *w = form_value(r, "_which");
    int sent = w && which && !strcmp(w, which);
    json_t *part = json_object(), *v = json_object(), *e = json_object();
    jset_bool(part, "sent", sent);
    jset_str(part, "idp", sent ? "" : idp);
    for (const char *const *n = names; sent && n && *n; n++) {
        json_t *kv = r->kept ? json_object_get(r->kept, *n) : NULL;
        if (json_is_boolean(kv))
            jset(v, *n, json_incref(kv));
        else
            jset_str(v, *n, form_value(r, *n));
        const char *msg_of = form_error(r, *n);
        if (msg_of)
            jset_str(e, *n, msg_of);
    }
    if (!sent && defaults)
        json_object_update(v, defaults);
    json_decref(defaults);
    jset(part, "v", v);
    jset(part, "e", e);
    return part;
}

const char *form_part_str(json_t *part, const char *name)
{
    return json_string_value(json_object_get(json_object_get(part, "v"), name));
}
