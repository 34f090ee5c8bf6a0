/* tmpl_reference.h - the Mustache engine as it was before templates were compiled: it parses
 * the source on every render. Kept, unchanged but for its names, only as the reference the
 * compiled engine (src/view/tmpl.c) is checked against byte for byte (test_tmpl_compiled) and
 * measured against (bench/tmpl_bench.c). Header-only: include it once per program.
 *
 * ref_render(out, src, data, partials, pctx, err, errlen) behaves as tmpl_render did. */
#ifndef PD_TMPL_REFERENCE_H
#define PD_TMPL_REFERENCE_H

#include "tmpl.h"

#include <stdarg.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Partials may include themselves (a thread of replies rendered by recursion) and then
 * only the data stops them; a template bug or very deep data would otherwise recurse
 * until the stack overflows. 64 is far deeper than any page nests, and at a few
 * hundred bytes of C stack per level stays small even on a worker thread's stack.
 * Sections need no cap of their own: they nest only as deep as the source does. */
#define MAX_PARTIAL_DEPTH 64

#define NONE SIZE_MAX /* "no section open" */

enum kind { T_TEXT, T_VAR, T_RAW, T_SECTION, T_INVERTED, T_CLOSE, T_PARTIAL };

/* One piece of a parsed template. Every pointer points into the template source. */
typedef struct tok {
    enum kind kind;
    const char *s; /* T_TEXT: the text; otherwise the tag's trimmed name */
    size_t n;
    const char *ind; /* T_PARTIAL: indentation of a standalone tag, else NULL */
    size_t indn;
    size_t link; /* sections: the enclosing open section while parsing, then the T_CLOSE */
} tok;

typedef struct toks {
    tok *v;
    size_t n, cap;
} toks;

typedef struct parser {
    const char *src, *end;   /* the whole template */
    const char *otag, *ctag; /* current delimiters, pointing into src or static */
    size_t olen, clen;
    toks t;
    size_t open;       /* innermost unclosed section, or NONE */
    const char *where; /* partial name for messages, NULL for the page itself */
    char *err;
    size_t errlen;
} parser;

/* A tag found by the scanner: its sigil, its inside, and its standalone indentation. */
typedef struct tag {
    char sigil; /* one of ! # ^ / > & { =, or 0 for a plain variable */
    const char *at, *in, *in_end;
    const char *ind; /* start of the line when standalone, else NULL */
} tag;

/* The context stack: innermost first; lookups walk outward. Lives on the C stack. */
typedef struct frame {
    json_t *v;
    const struct frame *up;
} frame;

typedef struct ref_state {
    buf *out;
    tmpl_partial_fn partials;
    void *pctx;
    int depth; /* partials being rendered right now */
    char *err;
    size_t errlen;
} ref_state;

static int render_source(ref_state *r, const char *src, const char *where, const frame *ctx);

__attribute__((format(printf, 3, 4))) static int errf(char *err, size_t errlen, const char *fmt,
                                                      ...)
{
    if (!err || !errlen)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

/* Report a template error at position at, with its line and the partial it is in. */
__attribute__((format(printf, 3, 4))) static int ref_fail(const parser *ps, const char *at,
                                                      const char *fmt, ...)
{
    char msg[160]; /* names are short; a longer message is only truncated */
    unsigned line = 1;
    for (const char *c = ps->src; c < at; c++)
        line += *c == '\n';
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (ps->where)
        return errf(ps->err, ps->errlen, "partial '%s' line %u: %s", ps->where, line, msg);
    return errf(ps->err, ps->errlen, "line %u: %s", line, msg);
}

static int is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static void trim(const char **s, const char **e)
{
    while (*s < *e && is_ws(**s))
        (*s)++;
    while (*e > *s && is_ws((*e)[-1]))
        (*e)--;
}

static size_t push(parser *ps, enum kind kind, const char *s, size_t n)
{
    if (ps->t.n == ps->t.cap) {
        size_t cap = ps->t.cap ? ps->t.cap * 2 : 32;
        tok *v = realloc(ps->t.v, cap * sizeof *v);
        if (!v)
            abort(); /* same policy as buf: out of memory is not recoverable here */
        ps->t.v = v;
        ps->t.cap = cap;
    }
    ps->t.v[ps->t.n] = (tok){.kind = kind, .s = s, .n = n, .link = NONE};
    return ps->t.n++;
}

static void add_text(parser *ps, const char *s, const char *e)
{
    if (e > s)
        push(ps, T_TEXT, s, (size_t)(e - s));
}

/* Find the closing delimiter of a tag whose inside starts at c. Triple mustaches and
 * set-delimiter tags end in "}" or "=" right before it, so keep looking until one does. */
static const char *find_close(const parser *ps, const char *c, char sigil)
{
    char want = sigil == '{' ? '}' : sigil == '=' ? '=' : 0;
    for (const char *q = c; q < ps->end; q++) {
        q = memmem(q, (size_t)(ps->end - q), ps->ctag, ps->clen);
        if (!q || !want || (q > c && q[-1] == want))
            return q;
    }
    return NULL;
}

/* A tag alone on its line (only spaces or tabs around it) disappears with its line:
 * on success *ls is the line start and *after is past the line's newline (or at EOF).
 * Never scans back past text, where the current stretch of plain text starts. */
static int standalone(const parser *ps, const char *text, const char *at, const char *te,
                      const char **ls, const char **after)
{
    const char *s = at, *e = te;
    while (s > text && (s[-1] == ' ' || s[-1] == '\t'))
        s--;
    if (s > ps->src && s[-1] != '\n')
        return 0;
    while (e < ps->end && (*e == ' ' || *e == '\t'))
        e++;
    if (e < ps->end && *e == '\n')
        e++;
    else if (ps->end - e >= 2 && e[0] == '\r' && e[1] == '\n')
        e += 2;
    else if (e < ps->end)
        return 0;
    *ls = s;
    *after = e;
    return 1;
}

static int set_delims(parser *ps, const tag *tg)
{
    const char *s = tg->in, *e = tg->in_end;
    trim(&s, &e);
    const char *a = s;
    while (a < e && !is_ws(*a) && *a != '=')
        a++;
    const char *b = a;
    while (b < e && is_ws(*b))
        b++;
    int ok = a > s && b > a && b < e;
    for (const char *c = b; ok && c < e; c++)
        ok = !is_ws(*c) && *c != '=';
    if (!ok)
        return ref_fail(ps, tg->at, "bad delimiter tag '%.*s'", (int)(e - s), s);
    ps->otag = s;
    ps->olen = (size_t)(a - s);
    ps->ctag = b;
    ps->clen = (size_t)(e - b);
    return 0;
}

static void open_section(parser *ps, enum kind kind, const char *name, size_t n)
{
    size_t i = push(ps, kind, name, n);
    ps->t.v[i].link = ps->open;
    ps->open = i;
}

static int close_section(parser *ps, const tag *tg, const char *name, size_t n)
{
    if (ps->open == NONE)
        return ref_fail(ps, tg->at, "'{{/%.*s}}' closes no section", (int)n, name);
    const tok *o = &ps->t.v[ps->open];
    if (o->n != n || memcmp(o->s, name, n) != 0)
        return ref_fail(ps, tg->at, "section '%.*s' closed by '%.*s'", (int)o->n, o->s, (int)n, name);
    size_t open = ps->open, i = push(ps, T_CLOSE, name, n);
    ps->open = ps->t.v[open].link;
    ps->t.v[open].link = i;
    return 0;
}

/* Turn a scanned tag into its token (comments and delimiter changes make none). */
static int add_tag(parser *ps, const tag *tg)
{
    if (tg->sigil == '!')
        return 0;
    if (tg->sigil == '=')
        return set_delims(ps, tg);
    const char *s = tg->in, *e = tg->in_end;
    trim(&s, &e);
    size_t n = (size_t)(e - s);
    if (n == 0)
        return ref_fail(ps, tg->at, "empty tag");
    switch (tg->sigil) {
    case '#':
        open_section(ps, T_SECTION, s, n);
        return 0;
    case '^':
        open_section(ps, T_INVERTED, s, n);
        return 0;
    case '/':
        return close_section(ps, tg, s, n);
    case '&':
    case '{':
        push(ps, T_RAW, s, n);
        return 0;
    case '>':
        break;
    default:
        push(ps, T_VAR, s, n);
        return 0;
    }
    size_t i = push(ps, T_PARTIAL, s, n);
    if (tg->ind) {
        ps->t.v[i].ind = tg->ind;
        ps->t.v[i].indn = (size_t)(tg->at - tg->ind);
    }
    return 0;
}

/* Scan the tag opening at at (plain text since text); set *next past what it consumed. */
static int scan_tag(parser *ps, const char *text, const char *at, const char **next)
{
    tag tg = {.at = at, .in = at + ps->olen};
    if (tg.in < ps->end && strchr("!#^/>&{=", *tg.in))
        tg.sigil = *tg.in++;
    const char *q = find_close(ps, tg.in, tg.sigil);
    if (!q)
        return ref_fail(ps, at, "unclosed tag");
    tg.in_end = (tg.sigil == '{' || tg.sigil == '=') ? q - 1 : q;
    const char *te = q + ps->clen, *ls = at, *after = te;
    /* Interpolations print something, so their line always stays. */
    int can = tg.sigil && tg.sigil != '&' && tg.sigil != '{';
    if (can && standalone(ps, text, at, te, &ls, &after))
        tg.ind = ls;
    add_text(ps, text, ls);
    *next = after;
    return add_tag(ps, &tg);
}

/* Tokenize ps->src in one left-to-right pass; sections get linked to their closes. */
static int parse(parser *ps)
{
    const char *p = ps->src;
    while (p < ps->end) {
        const char *at = memmem(p, (size_t)(ps->end - p), ps->otag, ps->olen);
        if (!at) {
            add_text(ps, p, ps->end);
            break;
        }
        if (scan_tag(ps, p, at, &p))
            return -1;
    }
    if (ps->open == NONE)
        return 0;
    const tok *o = &ps->t.v[ps->open];
    return ref_fail(ps, o->s, "unclosed section '%.*s'", (int)o->n, o->s);
}

static json_t *member(const json_t *v, const char *key, size_t n)
{
    return json_is_object(v) ? json_object_getn(v, key, n) : NULL;
}

/* Resolve a name: "." is the current context; otherwise the first part of a dotted
 * name is looked up outward through the stack, and the rest only inside what it found. */
static json_t *lookup(const frame *ctx, const char *name, size_t n)
{
    if (n == 1 && name[0] == '.')
        return ctx->v;
    const char *end = name + n, *dot = memchr(name, '.', n);
    if (!dot)
        dot = end;
    json_t *v = NULL;
    for (const frame *f = ctx; f && !v; f = f->up)
        v = member(f->v, name, (size_t)(dot - name));
    while (v && dot < end) {
        name = dot + 1;
        dot = memchr(name, '.', (size_t)(end - name));
        if (!dot)
            dot = end;
        v = member(v, name, (size_t)(dot - name));
    }
    return v;
}

static int truthy(const json_t *v)
{
    return v && !json_is_false(v) && !json_is_null(v) &&
           !(json_is_array(v) && json_array_size(v) == 0);
}

/* The shortest %g form that reads back as the same double, so 1.21 prints "1.21" rather
 * than "1.2099999999999999"; 17 significant digits always round-trip. A short form in
 * exponent notation ("2e+01") is passed over for plain digits ("20") while the number
 * is of a size people read as digits. Needs the "C" numeric locale, which we never change. */
static size_t fmt_real(char *s, size_t cap, double d)
{
    int n = 0;
    int plain = fabs(d) < 1e15 && (d == 0 || fabs(d) >= 1e-4);
    for (int prec = 1; prec <= 17; prec++) {
        n = snprintf(s, cap, "%.*g", prec, d);
        if (strtod(s, NULL) == d && (!plain || !strchr(s, 'e')))
            break;
    }
    return n > 0 ? (size_t)n : 0;
}

static void put_value(buf *out, const json_t *v, int escape)
{
    char num[40]; /* "%.17g" of a double or a 64-bit integer needs at most 25 */
    const char *s = num;
    size_t n;
    if (json_is_string(v)) {
        s = json_string_value(v);
        n = json_string_length(v);
    } else if (json_is_integer(v)) {
        int k = snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        n = k > 0 ? (size_t)k : 0;
    } else if (json_is_real(v)) {
        n = fmt_real(num, sizeof num, json_real_value(v));
    } else if (json_is_boolean(v)) {
        s = json_is_true(v) ? "true" : "false";
        n = strlen(s);
    } else {
        return; /* missing, null, object, array: nothing */
    }
    if (escape)
        html_txt(out, s, n);
    else
        buf_putn(out, s, n);
}

static int render_range(ref_state *r, const toks *t, size_t i, size_t stop, const frame *ctx);

static int render_section(ref_state *r, const toks *t, size_t i, const frame *ctx)
{
    const tok *k = &t->v[i];
    json_t *v = lookup(ctx, k->s, k->n);
    if (!truthy(v))
        return 0;
    if (!json_is_array(v)) {
        frame f = {v, ctx};
        return render_range(r, t, i + 1, k->link, &f);
    }
    size_t j;
    json_t *e;
    json_array_foreach(v, j, e)
    {
        frame f = {e, ctx};
        if (render_range(r, t, i + 1, k->link, &f))
            return -1;
    }
    return 0;
}

/* Copy src with ind before every line, as the spec indents a standalone partial. */
static void indent(buf *b, const char *src, const char *ind, size_t indn)
{
    while (*src) {
        const char *nl = strchr(src, '\n');
        size_t n = nl ? (size_t)(nl + 1 - src) : strlen(src);
        buf_putn(b, ind, indn);
        buf_putn(b, src, n);
        src += n;
    }
}

/* Render a partial with the current context; unknown partials render as nothing. */
static int render_partial(ref_state *r, const tok *k, const frame *ctx)
{
    int rc = 0;
    buf name, text;
    buf_init(&name);
    buf_init(&text);
    if (!r->partials)
        goto out;
    buf_putn(&name, k->s, k->n);
    const char *src = r->partials(r->pctx, name.data);
    if (!src)
        goto out;
    if (r->depth >= MAX_PARTIAL_DEPTH) {
        rc = errf(r->err, r->errlen, "partial '%s' nested deeper than %d", name.data,
                  MAX_PARTIAL_DEPTH);
        goto out;
    }
    if (k->indn) {
        indent(&text, src, k->ind, k->indn);
        src = text.data ? text.data : "";
    }
    r->depth++;
    rc = render_source(r, src, name.data, ctx);
    r->depth--;
out:
    buf_free(&text);
    buf_free(&name);
    return rc;
}

static int render_range(ref_state *r, const toks *t, size_t i, size_t stop, const frame *ctx)
{
    for (; i < stop; i++) {
        const tok *k = &t->v[i];
        int rc = 0;
        switch (k->kind) {
        case T_TEXT:
            buf_putn(r->out, k->s, k->n);
            break;
        case T_VAR:
        case T_RAW:
            put_value(r->out, lookup(ctx, k->s, k->n), k->kind == T_VAR);
            break;
        case T_SECTION:
            rc = render_section(r, t, i, ctx);
            i = k->link;
            break;
        case T_INVERTED:
            if (!truthy(lookup(ctx, k->s, k->n)))
                rc = render_range(r, t, i + 1, k->link, ctx);
            i = k->link;
            break;
        case T_PARTIAL:
            rc = render_partial(r, k, ctx);
            break;
        case T_CLOSE:
            break;
        }
        if (rc)
            return -1;
    }
    return 0;
}

/* Parse and render one template (the page or a partial), which starts with the default
 * delimiters: a delimiter change never leaks into or out of a partial. */
static int render_source(ref_state *r, const char *src, const char *where, const frame *ctx)
{
    parser ps = {.src = src,
                 .end = src + strlen(src),
                 .otag = "{{",
                 .olen = 2,
                 .ctag = "}}",
                 .clen = 2,
                 .open = NONE,
                 .where = where,
                 .err = r->err,
                 .errlen = r->errlen};
    int rc = parse(&ps);
    if (rc == 0)
        rc = render_range(r, &ps.t, 0, ps.t.n, ctx);
    free(ps.t.v);
    return rc;
}

static int ref_render(buf *out, const char *src, json_t *data, tmpl_partial_fn partials, void *pctx,
                char *err, size_t errlen)
{
    if (err && errlen)
        err[0] = '\0';
    if (!out || !src)
        return errf(err, errlen, "tmpl_render: no output buffer or template");
    size_t start = out->len;
    ref_state r = {.out = out, .partials = partials, .pctx = pctx, .err = err, .errlen = errlen};
    frame root = {data, NULL};
    int rc = render_source(&r, src, NULL, &root);
    if (rc && out->data) {
        out->len = start;
        out->data[start] = '\0';
    }
    return rc;
}

#endif
