/* reply.c - handler helpers: typed parameters, replies, audit of the current request, JSON helpers. */
#include "http.h"

#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "opreply.h"
#include "evidence.h"
#include "msg.h"
#include "validate.h"

static const struct field *declared(struct req *r, const char *name)
{
    if (!r->route)
        return NULL;
    for (const struct field *f = r->route->fields; f && f->name; f++)
        if (strcmp(f->name, name) == 0)
            return f;
    return NULL;
}

static struct param *find(struct req *r, const char *name)
{
    for (size_t i = 0; i < r->nparams; i++)
        if (strcmp(r->params[i].name, name) == 0)
            return &r->params[i];
    return NULL;
}

const char *req_str(struct req *r, const char *name)
{
    if (!declared(r, name)) {
        fprintf(stderr, "bug: handler read undeclared field '%s'\n", name);
        return NULL;
    }
    struct param *p = find(r, name);
    return p && p->value[0] ? p->value : NULL;
}

int req_int(struct req *r, const char *name, int64_t *v)
{
    const struct field *f = declared(r, name);
    if (!f || (f->type != FT_INT && f->type != FT_BOOL)) {
        fprintf(stderr, "bug: handler read '%s' as a number\n", name);
        return 0;
    }
    struct param *p = find(r, name);
    if (!p || !p->value[0])
        return 0;
    *v = p->ival;
    return 1;
}

static void set_model(struct req *r, json_t *model)
{
    if (r->model && r->model != model)
        json_decref(r->model);
    r->model = model;
}

int reply_page(struct req *r, int status, const char *tmpl, json_t *model)
{
    r->status = status;
    r->tmpl = tmpl;
    set_model(r, model ? model : json_object());
    return 0;
}

int reply_done(struct req *r, int status, const char *location, json_t *model)
{
    if (r->api) {
        r->status = status;
        set_model(r, model ? model : json_object());
        return 0;
    }
    json_decref(model);
    r->status = 303;
    r->location = location;
    return 0;
}

/* The heading of an error page, in plain words, in the reader's language. */
static const char *status_title(struct req *r, int status)
{
    switch (status) {
    case 400: case 401: case 403: case 404: case 405: case 409: case 413: case 415: case 422:
    case 429: case 503: {
        char id[16];
        snprintf(id, sizeof id, "status.%d", status);
        return msg(req_lang(r), id);
    }
    default: return msg(req_lang(r), "status.other");
    }
}

int reply_error(struct req *r, int status, const char *code, const char *rule,
                const char *message, const char *field, const char *tmpl, json_t *model)
{
    json_t *e = json_object();
    jset_str(e, "code", code);
    jset_str(e, "rule", rule);
    jset_str(e, "message", message);
    jset_str(e, "field", field);
    r->status = status;
    /* Every field error beside the first (the first keeps its keys in "error"). */
    json_t *errs = NULL;
    if (r->nerrors || field) {
        errs = json_array();
        if (!r->nerrors)
            json_array_append_new(errs, json_pack("{s:o,s:o,s:o}", "field", jstr(field), "code",
                                                  jstr(code), "message", jstr(message)));
        for (size_t i = 0; i < r->nerrors; i++)
            json_array_append_new(errs, json_pack("{s:o,s:o,s:o}", "field",
                                                  jstr(r->errors[i].field), "code",
                                                  jstr(r->errors[i].code), "message",
                                                  jstr(r->errors[i].message)));
    }
    if (r->api || !tmpl) {
        json_decref(model);
        json_t *m = json_object();
        jset(m, "error", e);
        if (errs)
            jset(m, "errors", errs);
        if (!r->api)
            jset_str(m, "title", status_title(r, status));
        r->tmpl = "error.mustache";
        set_model(r, m);
        return 0;
    }
    if (!model)
        model = json_object();
    jset(model, "error", e);
    if (errs)
        jset(model, "errors", errs);
    r->tmpl = tmpl;
    set_model(r, model);
    return 0;
}

int reply_errors(struct req *r, int status, const char *code, const char *rule,
                 const struct field_error *errs, size_t n)
{
    r->errors = errs;
    r->nerrors = n;
    return reply_error(r, status, code, rule, errs[0].message, errs[0].field, NULL, NULL);
}

int reply_raw(struct req *r, int status, const char *ctype, const char *data, size_t n)
{
    r->status = status;
    r->ctype = ctype;
    r->tmpl = NULL;
    set_model(r, NULL);
    buf_free(&r->out);
    buf_putn(&r->out, data, n);
    return 0;
}

int reply_attachment(struct req *r, const char *stored_type, const void *data, size_t n,
                     const char *filename)
{
    const char *ct = stored_type ? stored_type : "";
    const char *ctype = !strcmp(ct, "application/pdf") || !strcmp(ct, "image/png") ||
                                !strcmp(ct, "image/jpeg")
                            ? arena_strdup(r->a, ct)
                            : "application/octet-stream";
    char name[101];
    evidence_filename(filename, name);
    reply_raw(r, 200, ctype, data, n);
    reply_header(r, "Content-Disposition", arena_printf(r->a, "attachment; filename=\"%s\"", name));
    reply_header(r, "Content-Security-Policy", "sandbox; default-src 'none'");
    return 0;
}

void reply_header(struct req *r, const char *name, const char *value)
{
    struct header *h = arena_alloc(r->a, sizeof *h);
    h->name = arena_strdup(r->a, name);
    h->value = arena_strdup(r->a, value);
    h->next = r->headers;
    r->headers = h;
}

int req_audit(struct req *r, const char *action, const char *record_type, int64_t record_id,
              const char *reason, const char *outcome)
{
    struct op_ctx c;
    op_ctx_from_req(r, &c);
    int is_read = r->method && (!strcmp(r->method, "GET") || !strcmp(r->method, "HEAD"));
    int break_glass = r->purpose && !strcmp(r->purpose, "emergency");
    c.purpose = r->purpose;
    return op_audit_event(&c, is_read, break_glass, r->authed, action, record_type, record_id,
                          reason, outcome);
}

int req_audit_read(struct req *r, const char *action, const char *record_type, int64_t record_id,
                   const char *reason)
{
    if (req_audit(r, action, record_type, record_id, reason, "ok") == 0)
        return 0;
    reply_error(r, 503, "audit_unavailable", NULL,
                msg(req_lang(r), "audit.err.unavailable"),
                NULL, NULL, NULL);
    return -1;
}

json_t *jstr(const char *s)
{
    if (!s)
        return json_null();
    json_t *j = json_string(s);
    if (j)
        return j;
    /* Invalid UTF-8 cannot enter through the gate, but data written by other
     * tools might: replace each bad byte rather than fail the whole page. */
    buf b;
    buf_init(&b);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x80)
            buf_putc(&b, (char)*p);
        else
            buf_puts(&b, "\xEF\xBF\xBD");
    }
    j = json_string(b.data ? b.data : "");
    buf_free(&b);
    return j;
}

void jset(json_t *o, const char *k, json_t *v)
{
    json_object_set_new(o, k, v ? v : json_null());
}

void jset_str(json_t *o, const char *k, const char *s)
{
    jset(o, k, jstr(s));
}

void jset_int(json_t *o, const char *k, int64_t v)
{
    jset(o, k, json_integer(v));
}

void jset_bool(json_t *o, const char *k, int v)
{
    jset(o, k, json_boolean(v));
}
