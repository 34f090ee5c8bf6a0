/* validate.c - parse parameters and check them against declared fields. */
#include "validate.h"

#include "msg.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <stdio.h>

int param_add(struct req *r, const char *name, size_t nl, const char *value, size_t vl)
{
    if (r->nparams >= MAX_PARAMS)
        return -1;
    if (!r->params)
        r->params = arena_alloc(r->a, sizeof(struct param) * MAX_PARAMS);
    struct param *p = &r->params[r->nparams++];
    p->name = arena_strndup(r->a, name, nl);
    p->value = arena_strndup(r->a, value, vl);
    p->ival = 0;
    p->in_array = 0;
    return 0;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decode %XX and '+' in place into out; returns the decoded length. */
static size_t url_decode(const char *s, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '+') {
            out[o++] = ' ';
        } else if (s[i] == '%' && i + 2 < n + 0 && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
            out[o++] = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
            i += 2;
        } else {
            out[o++] = s[i];
        }
    }
    return o;
}

int parse_urlencoded(struct req *r, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t end = i;
        while (end < n && s[end] != '&')
            end++;
        if (end > i) {
            size_t eq = i;
            while (eq < end && s[eq] != '=')
                eq++;
            char *name = arena_alloc(r->a, eq - i + 1);
            size_t nl = url_decode(s + i, eq - i, name);
            size_t vstart = eq < end ? eq + 1 : end;
            char *val = arena_alloc(r->a, end - vstart + 1);
            size_t vl = url_decode(s + vstart, end - vstart, val);
            /* %00 would cut the value short where C strings end: refuse it. */
            if (memchr(name, '\0', nl) || memchr(val, '\0', vl))
                return -2;
            if (param_add(r, name, nl, val, vl) != 0)
                return -1;
        }
        i = end + 1;
    }
    return 0;
}

/* The strings (or whole numbers: record ids) of JSON array v as parameters named k, marked as
 * from an array. 0, -1 (too many) or -2 (an element that is neither). */
static int add_array(struct req *r, const char *k, json_t *v)
{
    size_t i, first = r->nparams;
    json_t *e;
    if (json_array_size(v) == 0)
        return param_add(r, k, strlen(k), "", 0) ? -1 : (r->params[first].in_array = 1, 0);
    json_array_foreach(v, i, e)
    {
        char num[24];
        const char *text;
        size_t len;
        if (json_is_string(e)) {
            text = json_string_value(e);
            len = json_string_length(e);
        } else if (json_is_integer(e)) {
            len = (size_t)snprintf(num, sizeof num, "%lld", (long long)json_integer_value(e));
            text = num;
        } else {
            return -2;
        }
        if (param_add(r, k, strlen(k), text, len) != 0)
            return -1;
        r->params[r->nparams - 1].in_array = 1;
    }
    return 0;
}

int parse_json_body(struct req *r, const char *s, size_t n)
{
    json_error_t err;
    /* JSON_REJECT_DUPLICATES: one name, one value, as in forms we check. */
    json_t *root = json_loadb(s, n, JSON_REJECT_DUPLICATES, &err);
    if (!root || !json_is_object(root)) {
        json_decref(root);
        return -2;
    }
    const char *k;
    json_t *v;
    int rc = 0;
    json_object_foreach(root, k, v)
    {
        char num[32];
        const char *val = NULL;
        if (json_is_string(v))
            val = json_string_value(v);
        else if (json_is_integer(v))
            snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v)), val = num;
        else if (json_is_real(v))
            snprintf(num, sizeof num, "%.15g", json_real_value(v)), val = num;
        else if (json_is_true(v))
            val = "1";
        else if (json_is_false(v))
            val = "0";
        else if (json_is_null(v))
            continue;
        else if (json_is_array(v)) {
            /* A list of codes (FT_LIST), one parameter per string as a form's checkboxes
             * would send; an empty array is sent empty (cleared). */
            rc = add_array(r, k, v);
            if (rc)
                break;
            continue;
        } else {
            rc = -2; /* nested objects: not part of any form */
            break;
        }
        size_t vl = json_is_string(v) ? json_string_length(v) : strlen(val);
        if (param_add(r, k, strlen(k), val, vl) != 0) {
            rc = -1;
            break;
        }
    }
    json_decref(root);
    return rc;
}

/* The value of attribute attr (name="..." or filename="...") in a header line, or NULL. */
static const char *header_attr(struct req *r, const char *line, size_t n, const char *attr)
{
    size_t al = strlen(attr);
    for (size_t i = 0; i + al + 2 < n; i++) {
        if ((i == 0 || line[i - 1] == ' ' || line[i - 1] == ';') &&
            strncasecmp(line + i, attr, al) == 0 && line[i + al] == '=' && line[i + al + 1] == '"') {
            const char *v = line + i + al + 2;
            const char *end = memchr(v, '"', n - (size_t)(v - line));
            return end ? arena_strndup(r->a, v, (size_t)(end - v)) : NULL;
        }
    }
    return NULL;
}

/* Part headers longer than this are not from a browser or a sane client. */
#define PART_HEADERS_MAX 2048

int parse_multipart(struct req *r, const char *content_type, const char *body, size_t n)
{
    const char *b = strstr(content_type, "boundary=");
    if (!b)
        return -2;
    b += 9;
    size_t bl = strcspn(b, "; ");
    if (*b == '"') {
        b++;
        bl = strcspn(b, "\"");
    }
    /* RFC 2046: a boundary has 1 to 70 characters. */
    if (bl == 0 || bl > 70)
        return -2;
    char delim[80];
    snprintf(delim, sizeof delim, "\r\n--%.*s", (int)bl, b);
    size_t dl = strlen(delim);
    /* The body starts with the boundary line itself (without the leading CRLF). */
    if (n < dl - 2 || memcmp(body, delim + 2, dl - 2) != 0)
        return -2;
    const char *p = body + dl - 2, *end = body + n;
    for (;;) {
        if (end - p >= 2 && p[0] == '-' && p[1] == '-')
            return 0; /* closing boundary */
        if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
            return -2;
        p += 2;
        const char *hend = memmem(p, (size_t)(end - p), "\r\n\r\n", 4);
        if (!hend || hend - p > PART_HEADERS_MAX)
            return -2;
        const char *name = NULL, *filename = NULL, *ctype = "application/octet-stream";
        for (const char *line = p; line < hend;) {
            const char *eol = memmem(line, (size_t)(hend - line), "\r\n", 2);
            size_t ll = eol ? (size_t)(eol - line) : (size_t)(hend - line);
            if (ll > 20 && strncasecmp(line, "Content-Disposition:", 20) == 0) {
                name = header_attr(r, line, ll, "name");
                filename = header_attr(r, line, ll, "filename");
            } else if (ll > 13 && strncasecmp(line, "Content-Type:", 13) == 0) {
                const char *v = line + 13;
                while (*v == ' ')
                    v++;
                ctype = arena_strndup(r->a, v, ll - (size_t)(v - line));
            }
            line += ll + 2;
        }
        const char *data = hend + 4;
        const char *next = memmem(data, (size_t)(end - data), delim, dl);
        if (!next || !name)
            return -2;
        size_t len = (size_t)(next - data);
        if (filename) {
            if (r->upload || len == 0) {
                if (len == 0)
                    goto next_part; /* an empty file input: nothing chosen */
                return -2;
            }
            r->upload = arena_alloc(r->a, sizeof *r->upload);
            r->upload->field = name;
            r->upload->filename = filename;
            r->upload->content_type = ctype;
            r->upload->data = (const unsigned char *)data;
            r->upload->len = len;
        } else {
            if (memchr(data, '\0', len))
                return -2;
            if (param_add(r, name, strlen(name), data, len) != 0)
                return -1;
        }
    next_part:
        p = next + dl;
    }
}

const char *param_raw(struct req *r, const char *name)
{
    for (size_t i = 0; i < r->nparams; i++)
        if (strcmp(r->params[i].name, name) == 0)
            return r->params[i].value;
    return NULL;
}

int utf8_valid(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        size_t len;
        unsigned min;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xe0) == 0xc0) {
            len = 2, min = 0x80, c &= 0x1f;
        } else if ((c & 0xf0) == 0xe0) {
            len = 3, min = 0x800, c &= 0x0f;
        } else if ((c & 0xf8) == 0xf0) {
            len = 4, min = 0x10000, c &= 0x07;
        } else {
            return 0;
        }
        if (i + len > n)
            return 0;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xc0) != 0x80)
                return 0;
            c = (c << 6) | (s[i + k] & 0x3f);
        }
        if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
            return 0;
        i += len;
    }
    return 1;
}

int media_type_is(const char *ct, const char *type)
{
    if (!ct)
        return 0;
    while (*ct == ' ' || *ct == '\t')
        ct++;
    size_t n = strlen(type);
    if (strncasecmp(ct, type, n) != 0)
        return 0;
    ct += n;
    while (*ct == ' ' || *ct == '\t')
        ct++;
    return *ct == '\0' || *ct == ';';
}

int date_valid(const char *s)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
            return 0;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1)
        return 0;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    int max = mdays[m - 1] + (m == 2 && leap);
    return d <= max;
}

static const char *check_value(struct param *p, const struct field *f)
{
    const char *v = p->value;
    size_t n = strlen(v);
    if (f->type != FT_INT && f->type != FT_BOOL && n > f->max)
        return "is too long";
    switch (f->type) {
    case FT_TEXT:
        for (size_t i = 0; i < n; i++) {
            unsigned char c = (unsigned char)v[i];
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
                return "contains control characters";
        }
        break;
    case FT_LINE:
        /* C0 and C1 controls (C1 are U+0080-U+009F, UTF-8 C2 80..C2 9F, as display names
         * refuse them), DEL, and the line and paragraph separators U+2028/U+2029
         * (E2 80 A8/A9), which break a line wherever the text is shown. */
        for (size_t i = 0; i < n; i++) {
            const unsigned char *u = (const unsigned char *)v + i;
            if (u[0] < 0x20 || u[0] == 0x7f)
                return "must be a single line";
            if (u[0] == 0xc2 && u[1] >= 0x80 && u[1] <= 0x9f)
                return "contains control characters";
            if (u[0] == 0xe2 && u[1] == 0x80 && (u[2] == 0xa8 || u[2] == 0xa9))
                return "must be a single line";
        }
        break;
    case FT_TOKEN:
        for (size_t i = 0; i < n; i++)
            if (!isalnum((unsigned char)v[i]) && v[i] != '_' && v[i] != '-')
                return "has characters that are not allowed";
        break;
    case FT_LIST:
        for (size_t i = 0; i < n; i++)
            if (!isalnum((unsigned char)v[i]) && v[i] != '_' && v[i] != '-' && v[i] != ',' &&
                v[i] != ' ')
                return "must be a list of codes";
        break;
    case FT_DATE:
        if (!date_valid(v))
            return "must be a date (YYYY-MM-DD)";
        break;
    case FT_BOOL:
        if (!strcmp(v, "1") || !strcmp(v, "on") || !strcmp(v, "true"))
            p->ival = 1;
        else if (!strcmp(v, "0") || !strcmp(v, "false") || !strcmp(v, "off"))
            p->ival = 0;
        else
            return "must be true or false";
        break;
    case FT_INT: {
        char *end;
        /* strtoll would skip leading white space and saturate on overflow. */
        if (n == 0 || n > 20 || !(isdigit((unsigned char)v[0]) || (v[0] == '-' && isdigit((unsigned char)v[1]))))
            return "must be a whole number";
        errno = 0;
        long long x = strtoll(v, &end, 10);
        if (*end || errno == ERANGE)
            return "must be a whole number";
        if (x < f->min || x > f->lim)
            return "is out of range";
        p->ival = x;
        break;
    }
    }
    return NULL;
}

/* An FT_LIST field sent several times (checkboxes, a JSON array) becomes one parameter: the
 * first keeps the non-empty values joined by commas, the others are renamed away so they
 * are neither seen twice nor read. -1 when the joined text is longer than f->max. */
static int join_list(struct req *r, const struct field *f)
{
    struct param *first = NULL;
    buf b;
    buf_init(&b);
    int rc = 0;
    for (size_t i = 0; i < r->nparams; i++) {
        struct param *p = &r->params[i];
        if (strcmp(p->name, f->name) != 0)
            continue;
        if (p->value[0])
            buf_printf(&b, "%s%s", b.len ? "," : "", p->value);
        if (!first) {
            first = p;
            continue;
        }
        p->name = ""; /* joined into the first */
    }
    if (first) {
        if (b.len > f->max)
            rc = -1;
        else
            first->value = arena_strdup(r->a, b.data ? b.data : "");
    }
    buf_free(&b);
    return rc;
}

/* The label of field name in lang ("field.NAME" in the catalog), or NULL when it has none. */
static const char *label_of(struct req *r, const char *name)
{
    char id[96];
    if (snprintf(id, sizeof id, "field.%s", name) >= (int)sizeof id)
        return NULL;
    return msg_find(req_lang(r), id);
}

/* Record one field error: the message in words, by the field's label where the catalog has
 * one (SPEC "Time, language and people": never an internal field name), else the sentence
 * that quotes the name. what is the message id ("validate.required"), old the sentence's
 * tail ("is required"). */
static void add_error(struct req *r, struct field_error *errs, size_t *n, const char *name,
                      const char *code, const char *what, const char *old, const char *max)
{
    if (*n >= MAX_FIELD_ERRORS)
        return;
    const char *label = label_of(r, name);
    const char *m = label ? msg_fmt(r->a, req_lang(r), what, "label", label, "why", old, "max",
                                    max, NULL)
                          : arena_printf(r->a, "The field '%s' %s.", name, old);
    errs[(*n)++] = (struct field_error){.field = name, .code = code, .message = m};
}

int validate_all(struct req *r, const struct field *fields, struct field_error **out, size_t *nout)
{
    struct field_error *errs = arena_alloc(r->a, sizeof *errs * MAX_FIELD_ERRORS);
    size_t n = 0;
    *out = errs;
    for (size_t i = 0; i < r->nparams; i++) {
        if (!utf8_valid(r->params[i].value, strlen(r->params[i].value)) ||
            !utf8_valid(r->params[i].name, strlen(r->params[i].name))) {
            /* Nothing else is read from a body that is not text. */
            errs[0] = (struct field_error){.field = r->params[i].name, .code = "invalid",
                                           .message = "This input is not valid UTF-8 text."};
            *nout = 1;
            return -1;
        }
    }
    for (const struct field *f = fields; f && f->name; f++) {
        int seen = 0, bad_here = 0;
        char max[24];
        snprintf(max, sizeof max, "%zu", f->max);
        if (f->type == FT_LIST && join_list(r, f) != 0) {
            add_error(r, errs, &n, f->name, "too_long", "validate.too_long", "is too long", max);
            continue;
        }
        for (size_t i = 0; i < r->nparams && !bad_here; i++) {
            struct param *p = &r->params[i];
            if (strcmp(p->name, f->name) != 0)
                continue;
            if (p->in_array && f->type != FT_LIST) {
                add_error(r, errs, &n, f->name, "not_a_list", "validate.not_list",
                          "takes one value, not a list", max);
                bad_here = 1;
            } else if (seen++) {
                add_error(r, errs, &n, f->name, "twice", "validate.twice", "was sent twice", max);
                bad_here = 1;
            } else if (p->value[0]) {
                const char *bad = check_value(p, f);
                if (bad) {
                    add_error(r, errs, &n, f->name, "invalid",
                              !strcmp(bad, "is too long") ? "validate.too_long" : "validate.bad",
                              bad, max);
                    bad_here = 1;
                }
            }
        }
        if (!bad_here && (f->flags & FIELD_REQUIRED) && !req_str(r, f->name))
            add_error(r, errs, &n, f->name, "required", "validate.required", "is required", max);
    }
    *nout = n;
    return n ? -1 : 0;
}

int validate_params(struct req *r, const struct field *fields, const char **field,
                    const char **why)
{
    struct field_error *e;
    size_t n;
    if (validate_all(r, fields, &e, &n) == 0)
        return 0;
    *field = e[0].field;
    *why = e[0].message;
    return -1;
}
