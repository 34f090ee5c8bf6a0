/* tmpl.c - Mustache engine: compile a template once into flat operations, render those. */
#include "tmpl.h"

#include "msg.h"

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

enum opk {
    OP_TEXT,     /* copy s[0..n) */
    OP_INDENT,   /* a line of the source starts here: a standalone partial's indentation */
    OP_VAR,      /* {{name}}: the value, HTML-escaped */
    OP_RAW,      /* {{{name}}} or {{& name}}: the value as is */
    OP_SECTION,  /* {{#name}}: ops up to end once per item, or once if truthy */
    OP_INVERTED, /* {{^name}}: ops up to end once if falsy */
    OP_PARTIAL,  /* {{> name}} */
    OP_MSG,      /* {{@id}} or {{@id count}}: a message of the catalog (msg.h), HTML-escaped */
};

/* One part of a dotted name ("a.b.c" has three), pointing into the template's source. */
struct seg {
    const char *s;
    size_t n;
};

/* One operation. Pointers point into the template's own copy of its source, except a
 * partial's name, which is a NUL-terminated string of its own. */
struct op {
    enum opk kind;
    const char *s; /* OP_TEXT: the text; OP_PARTIAL, OP_MSG: the name or message id; other
                    * tags: the trimmed name */
    size_t n;
    size_t path, npath; /* variables, sections and a message's count: segs[path..path+npath);
                         * npath 0 is "." */
    size_t end;         /* sections: the first op after the body (while compiling: the enclosing
                         * open section, or NONE) */
    const char *ind;    /* OP_PARTIAL: its own indentation when standalone */
    size_t indn;
    int standalone; /* OP_PARTIAL: alone on its line, so its lines are indented */
    int counted;    /* OP_MSG: a plural message; its count is the value at path */
};

struct tmpl {
    char *src; /* our copy of the source */
    struct op *ops;
    size_t nops, capops;
    struct seg *segs;
    size_t nsegs, capsegs;
};

typedef struct parser {
    struct tmpl *t;
    const char *src, *end;   /* the whole template (t->src) */
    const char *otag, *ctag; /* current delimiters, pointing into src or static */
    size_t olen, clen;
    size_t open; /* innermost unclosed section, or NONE */
    char *err;
    size_t errlen;
} parser;

/* A tag found by the scanner: its sigil, its inside, and its standalone indentation. */
typedef struct tag {
    char sigil; /* one of ! # ^ / > & { = @, or 0 for a plain variable */
    const char *at, *in, *in_end;
    const char *ind; /* start of the line when standalone, else NULL */
} tag;

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

/* Report a template error at position at, with its line. */
__attribute__((format(printf, 3, 4))) static int fail(const parser *ps, const char *at,
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
    return errf(ps->err, ps->errlen, "line %u: %s", line, msg);
}

/* ---- compiling ---------------------------------------------------------- */

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

/* Grow an array of elements of size sz to hold one more; out of memory aborts, the same
 * policy as buf: it is not recoverable here. */
static void *grow(void *v, size_t n, size_t *cap, size_t sz)
{
    if (n < *cap)
        return v;
    size_t c = *cap ? *cap * 2 : 32;
    v = realloc(v, c * sz);
    if (!v)
        abort();
    *cap = c;
    return v;
}

static size_t push(parser *ps, enum opk kind, const char *s, size_t n)
{
    struct tmpl *t = ps->t;
    t->ops = grow(t->ops, t->nops, &t->capops, sizeof *t->ops);
    t->ops[t->nops] = (struct op){.kind = kind, .s = s, .n = n, .end = NONE};
    return t->nops++;
}

/* Is p the first character of a line of the source? */
static int at_line_start(const parser *ps, const char *p)
{
    return p == ps->src || p[-1] == '\n';
}

/* Split name[0..n) at its dots into t->segs for op i, as lookup() walks them: the first
 * part is looked up outward through the context stack, the rest inside what it found.
 * "." alone is the current context and has no parts. */
static void add_path(parser *ps, size_t i, const char *name, size_t n)
{
    struct tmpl *t = ps->t;
    t->ops[i].path = t->nsegs;
    if (n == 1 && name[0] == '.')
        return;
    const char *end = name + n;
    for (;;) {
        const char *dot = memchr(name, '.', (size_t)(end - name));
        if (!dot)
            dot = end;
        t->segs = grow(t->segs, t->nsegs, &t->capsegs, sizeof *t->segs);
        t->segs[t->nsegs++] = (struct seg){name, (size_t)(dot - name)};
        t->ops[i].npath++;
        if (dot == end)
            break;
        name = dot + 1;
    }
}

/* Plain text s..e. Where it starts a line, a partial rendered indented gets its
 * indentation first; the lines that start inside it are indented as it is written. */
static void add_text(parser *ps, const char *s, const char *e)
{
    if (e <= s)
        return;
    if (at_line_start(ps, s))
        push(ps, OP_INDENT, NULL, 0);
    push(ps, OP_TEXT, s, (size_t)(e - s));
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
        return fail(ps, tg->at, "bad delimiter tag '%.*s'", (int)(e - s), s);
    ps->otag = s;
    ps->olen = (size_t)(a - s);
    ps->ctag = b;
    ps->clen = (size_t)(e - b);
    return 0;
}

static void open_section(parser *ps, enum opk kind, const char *name, size_t n)
{
    size_t i = push(ps, kind, name, n);
    add_path(ps, i, name, n);
    ps->t->ops[i].end = ps->open;
    ps->open = i;
}

/* Close the innermost section: its body is every op pushed since it opened. */
static int close_section(parser *ps, const tag *tg, const char *name, size_t n)
{
    if (ps->open == NONE)
        return fail(ps, tg->at, "'{{/%.*s}}' closes no section", (int)n, name);
    struct op *o = &ps->t->ops[ps->open];
    if (o->n != n || memcmp(o->s, name, n) != 0)
        return fail(ps, tg->at, "section '%.*s' closed by '%.*s'", (int)o->n, o->s, (int)n, name);
    ps->open = o->end;
    o->end = ps->t->nops;
    return 0;
}

static void add_partial(parser *ps, const tag *tg, const char *name, size_t n)
{
    char *copy = strndup(name, n);
    if (!copy)
        abort();
    size_t i = push(ps, OP_PARTIAL, copy, n);
    if (tg->ind) {
        struct op *o = &ps->t->ops[i];
        o->standalone = 1;
        o->ind = tg->ind;
        o->indn = (size_t)(tg->at - tg->ind);
    }
}

/* {{@id}} or {{@id count}}: the message id (NUL-terminated copy, like a partial's name) and
 * the name of the value that picks a plural form. */
static int add_msg(parser *ps, const tag *tg, const char *name, size_t n)
{
    const char *sp = name;
    while (sp < name + n && !is_ws(*sp))
        sp++;
    const char *cnt = sp;
    while (cnt < name + n && is_ws(*cnt))
        cnt++;
    for (const char *c = cnt; c < name + n; c++)
        if (is_ws(*c))
            return fail(ps, tg->at, "message tag '%.*s': an id and at most one count", (int)n,
                        name);
    char *copy = strndup(name, (size_t)(sp - name));
    if (!copy)
        abort();
    size_t i = push(ps, OP_MSG, copy, (size_t)(sp - name));
    if (cnt < name + n) {
        ps->t->ops[i].counted = 1;
        add_path(ps, i, cnt, (size_t)(name + n - cnt));
    }
    return 0;
}

/* Turn a scanned tag into its operation (comments and delimiter changes make none). */
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
        return fail(ps, tg->at, "empty tag");
    switch (tg->sigil) {
    case '#':
        open_section(ps, OP_SECTION, s, n);
        return 0;
    case '^':
        open_section(ps, OP_INVERTED, s, n);
        return 0;
    case '/':
        return close_section(ps, tg, s, n);
    case '>':
        add_partial(ps, tg, s, n);
        return 0;
    case '@':
        return add_msg(ps, tg, s, n);
    default:
        break;
    }
    size_t i = push(ps, tg->sigil ? OP_RAW : OP_VAR, s, n);
    add_path(ps, i, s, n);
    return 0;
}

/* Scan the tag opening at at (plain text since text); set *next past what it consumed. */
static int scan_tag(parser *ps, const char *text, const char *at, const char **next)
{
    tag tg = {.at = at, .in = at + ps->olen};
    if (tg.in < ps->end && strchr("!#^/>&{=@", *tg.in))
        tg.sigil = *tg.in++;
    const char *q = find_close(ps, tg.in, tg.sigil);
    if (!q)
        return fail(ps, at, "unclosed tag");
    tg.in_end = (tg.sigil == '{' || tg.sigil == '=') ? q - 1 : q;
    const char *te = q + ps->clen, *ls = at, *after = te;
    /* Interpolations print something, so their line always stays. */
    int can = tg.sigil && tg.sigil != '&' && tg.sigil != '{' && tg.sigil != '@';
    if (can && standalone(ps, text, at, te, &ls, &after))
        tg.ind = ls;
    add_text(ps, text, ls);
    /* A tag that starts a line it shares with something else keeps the line, and in an
     * indented partial the indentation comes before whatever the tag renders. */
    if (!tg.ind && at_line_start(ps, at))
        push(ps, OP_INDENT, NULL, 0);
    *next = after;
    return add_tag(ps, &tg);
}

/* Compile ps->src in one left-to-right pass; sections learn where they end. */
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
    const struct op *o = &ps->t->ops[ps->open];
    return fail(ps, o->s, "unclosed section '%.*s'", (int)o->n, o->s);
}

void tmpl_free(struct tmpl *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->nops; i++)
        if (t->ops[i].kind == OP_PARTIAL || t->ops[i].kind == OP_MSG)
            free((char *)t->ops[i].s);
    free(t->ops);
    free(t->segs);
    free(t->src);
    free(t);
}

struct tmpl *tmpl_compile(const char *src, char *err, size_t errlen)
{
    if (err && errlen)
        err[0] = '\0';
    if (!src) {
        errf(err, errlen, "tmpl_compile: no template");
        return NULL;
    }
    struct tmpl *t = calloc(1, sizeof *t);
    if (!t || !(t->src = strdup(src)))
        abort();
    /* Every template starts with the default delimiters: a delimiter change never leaks
     * into or out of a partial. */
    parser ps = {.t = t,
                 .src = t->src,
                 .end = t->src + strlen(t->src),
                 .otag = "{{",
                 .olen = 2,
                 .ctag = "}}",
                 .clen = 2,
                 .open = NONE,
                 .err = err,
                 .errlen = errlen};
    if (parse(&ps) != 0) {
        tmpl_free(t);
        return NULL;
    }
    return t;
}

/* ---- rendering ---------------------------------------------------------- */

/* The context stack: innermost first; lookups walk outward. Lives on the C stack. */
typedef struct frame {
    json_t *v;
    const struct frame *up;
} frame;

/* The indentation of the partials being rendered, innermost last in the output: each
 * standalone partial adds its own to its includer's. NULL when there is none. */
typedef struct indent {
    const char *s;
    size_t n; /* never 0 */
    const struct indent *up;
} indent;

typedef struct run {
    buf *out;
    tmpl_lookup_fn partials;
    void *pctx;
    int depth; /* partials being rendered right now */
    char *err;
    size_t errlen;
} run;

static json_t *member(const json_t *v, const char *key, size_t n)
{
    return json_is_object(v) ? json_object_getn(v, key, n) : NULL;
}

/* Resolve k's name: "." is the current context; otherwise the first part of a dotted
 * name is looked up outward through the stack, and the rest only inside what it found. */
static json_t *lookup(const struct tmpl *t, const struct op *k, const frame *ctx)
{
    if (k->npath == 0)
        return ctx->v;
    const struct seg *g = t->segs + k->path;
    json_t *v = NULL;
    for (const frame *f = ctx; f && !v; f = f->up)
        v = member(f->v, g[0].s, g[0].n);
    for (size_t i = 1; v && i < k->npath; i++)
        v = member(v, g[i].s, g[i].n);
    return v;
}

/* A message placeholder's name[0..n), dotted or not, looked up as a variable is. */
static json_t *lookup_name(const frame *ctx, const char *name, size_t n)
{
    const char *end = name + n, *dot = memchr(name, '.', n);
    size_t k = dot ? (size_t)(dot - name) : n;
    json_t *v = NULL;
    for (const frame *f = ctx; f && !v; f = f->up)
        v = member(f->v, name, k);
    while (v && dot) {
        name = dot + 1;
        dot = memchr(name, '.', (size_t)(end - name));
        v = member(v, name, dot ? (size_t)(dot - name) : (size_t)(end - name));
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

/* {{@id}}: the message in the language named by the nearest "lang" of the context (the
 * page's, or a document's own), escaped, with each {name} filled from the context like
 * {{name}}; {{@id count}} picks the plural form by the count's value, which is also {n}. */
static void put_msg(buf *out, const struct tmpl *t, const struct op *k, const frame *ctx)
{
    json_t *lv = lookup_name(ctx, "lang", 4);
    const char *lang = json_is_string(lv) ? json_string_value(lv) : NULL;
    json_t *cv = NULL;
    const char *text;
    if (k->counted) {
        cv = lookup(t, k, ctx);
        long long n = json_is_integer(cv)  ? (long long)json_integer_value(cv)
                      : json_is_real(cv)   ? (long long)json_real_value(cv)
                      : json_is_string(cv) ? strtoll(json_string_value(cv), NULL, 10)
                                           : 0;
        text = msg_plural_text(lang, k->s, n);
    } else {
        text = msg(lang, k->s);
    }
    const char *p = text, *at, *name;
    size_t n;
    while (msg_next_placeholder(p, &at, &name, &n)) {
        html_txt(out, p, (size_t)(at - p));
        put_value(out, k->counted && n == 1 && *name == 'n' ? cv : lookup_name(ctx, name, n), 1);
        p = name + n + 1;
    }
    html_txt(out, p, strlen(p));
}

/* The whole indentation, outermost partial's first. */
static void put_indent(buf *out, const indent *in)
{
    if (!in)
        return;
    put_indent(out, in->up);
    buf_putn(out, in->s, in->n);
}

/* Text of a template; inside an indented partial every line that starts within it is
 * indented. One that starts where it ends is the next op's business (OP_INDENT, or none
 * at the end of the template or before a standalone tag's vanished line). */
static void put_text(buf *out, const char *s, size_t n, const indent *in)
{
    const char *end = s + n, *nl;
    while (in && (nl = memchr(s, '\n', (size_t)(end - s))) && nl + 1 < end) {
        buf_putn(out, s, (size_t)(nl + 1 - s));
        put_indent(out, in);
        s = nl + 1;
    }
    buf_putn(out, s, (size_t)(end - s));
}

static int exec_range(run *r, const struct tmpl *t, size_t i, size_t stop, const frame *ctx,
                      const indent *in);

static int exec_section(run *r, const struct tmpl *t, size_t i, const frame *ctx, const indent *in)
{
    const struct op *k = &t->ops[i];
    json_t *v = lookup(t, k, ctx);
    if (!truthy(v))
        return 0;
    if (!json_is_array(v)) {
        frame f = {v, ctx};
        return exec_range(r, t, i + 1, k->end, &f, in);
    }
    size_t j;
    json_t *e;
    json_array_foreach(v, j, e)
    {
        frame f = {e, ctx};
        if (exec_range(r, t, i + 1, k->end, &f, in))
            return -1;
    }
    return 0;
}

/* Render a partial with the current context; unknown partials render as nothing. */
static int exec_partial(run *r, const struct op *k, const frame *ctx, const indent *in)
{
    const struct tmpl *p = NULL;
    if (!r->partials)
        return 0;
    if (r->partials(r->pctx, k->s, &p, r->err, r->errlen) != 0)
        return -1;
    if (!p)
        return 0;
    if (r->depth >= MAX_PARTIAL_DEPTH)
        return errf(r->err, r->errlen, "partial '%s' nested deeper than %d", k->s,
                    MAX_PARTIAL_DEPTH);
    indent own = {k->ind, k->indn, in};
    const indent *child = !k->standalone ? NULL : k->indn ? &own : in;
    r->depth++;
    int rc = exec_range(r, p, 0, p->nops, ctx, child);
    r->depth--;
    return rc;
}

static int exec_range(run *r, const struct tmpl *t, size_t i, size_t stop, const frame *ctx,
                      const indent *in)
{
    while (i < stop) {
        const struct op *k = &t->ops[i];
        int rc = 0;
        size_t next = i + 1;
        switch (k->kind) {
        case OP_TEXT:
            put_text(r->out, k->s, k->n, in);
            break;
        case OP_INDENT:
            put_indent(r->out, in);
            break;
        case OP_VAR:
        case OP_RAW:
            put_value(r->out, lookup(t, k, ctx), k->kind == OP_VAR);
            break;
        case OP_SECTION:
            rc = exec_section(r, t, i, ctx, in);
            next = k->end;
            break;
        case OP_INVERTED:
            if (!truthy(lookup(t, k, ctx)))
                rc = exec_range(r, t, i + 1, k->end, ctx, in);
            next = k->end;
            break;
        case OP_PARTIAL:
            rc = exec_partial(r, k, ctx, in);
            break;
        case OP_MSG:
            put_msg(r->out, t, k, ctx);
            break;
        }
        if (rc)
            return -1;
        i = next;
    }
    return 0;
}

int tmpl_exec(buf *out, const struct tmpl *t, json_t *data, tmpl_lookup_fn partials, void *pctx,
              char *err, size_t errlen)
{
    if (err && errlen)
        err[0] = '\0';
    if (!out || !t)
        return errf(err, errlen, "tmpl_exec: no output buffer or template");
    size_t start = out->len;
    run r = {.out = out, .partials = partials, .pctx = pctx, .err = err, .errlen = errlen};
    frame root = {data, NULL};
    int rc = exec_range(&r, t, 0, t->nops, &root, NULL);
    if (rc && out->data) {
        out->len = start;
        out->data[start] = '\0';
    }
    return rc;
}

/* ---- rendering from sources --------------------------------------------- */

/* The partials one tmpl_render call has compiled, by the source they came from. */
typedef struct sources {
    tmpl_partial_fn fn;
    void *pctx;
    struct tmpl **v;
    size_t n, cap;
} sources;

static int source_lookup(void *ctx, const char *name, const struct tmpl **t, char *err,
                         size_t errlen)
{
    sources *s = ctx;
    const char *src = s->fn(s->pctx, name);
    *t = NULL;
    if (!src)
        return 0;
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i]->src, src) == 0) {
            *t = s->v[i];
            return 0;
        }
    char why[200]; /* fail() keeps a message to 160 characters, plus its line */
    struct tmpl *c = tmpl_compile(src, why, sizeof why);
    if (!c)
        return errf(err, errlen, "partial '%s' %s", name, why);
    s->v = grow(s->v, s->n, &s->cap, sizeof *s->v);
    s->v[s->n++] = c;
    *t = c;
    return 0;
}

int tmpl_render(buf *out, const char *src, json_t *data, tmpl_partial_fn partials, void *pctx,
                char *err, size_t errlen)
{
    if (err && errlen)
        err[0] = '\0';
    if (!out || !src)
        return errf(err, errlen, "tmpl_render: no output buffer or template");
    struct tmpl *t = tmpl_compile(src, err, errlen);
    if (!t)
        return -1;
    sources s = {.fn = partials, .pctx = pctx};
    int rc = tmpl_exec(out, t, data, partials ? source_lookup : NULL, &s, err, errlen);
    for (size_t i = 0; i < s.n; i++)
        tmpl_free(s.v[i]);
    free(s.v);
    tmpl_free(t);
    return rc;
}
