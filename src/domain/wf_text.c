/* wf_text.c - workforce sentences by message id (wf_text.h). */
#include "wf_text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"

void wf_text_set(struct wf_text *t, const char *id, ...)
{
    va_list ap;
    va_start(ap, id);
    wf_text_vset(t, id, ap);
    va_end(ap);
}

void wf_text_vset(struct wf_text *t, const char *id, va_list ap)
{
    memset(t, 0, sizeof *t);
    snprintf(t->id, sizeof t->id, "%s", id);
    const char *name;
    while ((name = va_arg(ap, const char *)) != NULL) {
        const char *value = va_arg(ap, const char *);
        if (t->nargs == WF_TEXT_ARGS)
            continue; /* more than a rule sentence has: the extra stays unsaid */
        snprintf(t->arg[t->nargs].name, sizeof t->arg[t->nargs].name, "%s", name);
        snprintf(t->arg[t->nargs].value, sizeof t->arg[t->nargs].value, "%s", value ? value : "");
        t->nargs++;
    }
}

/* Append [s, s + len) to out at *o, keeping room for the terminator. */
static void put(char *out, size_t n, size_t *o, const char *s, size_t len)
{
    if (*o + 1 >= n)
        return;
    if (len > n - 1 - *o)
        len = n - 1 - *o;
    memcpy(out + *o, s, len);
    *o += len;
    out[*o] = '\0';
}

/* Text s with its placeholders filled from t's arguments into out at *o; an "@id" argument is
 * that message said in lang, its own placeholders filled from t's arguments too (depth 0 only,
 * so a sentence can hold another: "Nothing may be disclosed ...: {why}"). */
static void fill(const struct wf_text *t, const char *lang, const char *s, int depth, char *out,
                 size_t n, size_t *o)
{
    const char *at, *name;
    size_t nl;
    while (msg_next_placeholder(s, &at, &name, &nl)) {
        put(out, n, o, s, (size_t)(at - s));
        const char *v = NULL;
        int sub = 0;
        char count[24];
        for (int i = 0; i < t->nargs && !v; i++)
            if (strlen(t->arg[i].name) == nl && !memcmp(t->arg[i].name, name, nl)) {
                sub = t->arg[i].value[0] == '@';
                v = sub ? msg(lang, t->arg[i].value + 1) : t->arg[i].value;
            }
        if (!v && t->plural && nl == 1 && *name == 'n') {
            snprintf(count, sizeof count, "%lld", t->n);
            v = count;
        }
        if (v && sub && depth == 0)
            fill(t, lang, v, 1, out, n, o);
        else if (v)
            put(out, n, o, v, strlen(v));
        else /* unknown: as written, like msg_fmt */
            put(out, n, o, at, nl + 2);
        s = name + nl + 1;
    }
    put(out, n, o, s, strlen(s));
}

char *wf_text_format(const struct wf_text *t, const char *lang, char *out, size_t n)
{
    if (!n)
        return out;
    out[0] = '\0';
    if (!t->id[0])
        return out;
    const char *s = t->plural ? msg_plural_text(lang, t->id, t->n) : msg(lang, t->id);
    size_t o = 0;
    fill(t, lang, s, 0, out, n, &o);
    return out;
}

void wf_text_encode(const struct wf_text *t, char *out, size_t n)
{
    if (!n)
        return;
    out[0] = '\0';
    if (!t->id[0])
        return;
    size_t o = 0;
    put(out, n, &o, "@", 1);
    put(out, n, &o, t->id, strlen(t->id));
    if (t->plural) {
        char c[32];
        int len = snprintf(c, sizeof c, "|#=%lld", t->n);
        put(out, n, &o, c, (size_t)len);
    }
    for (int i = 0; i < t->nargs; i++) {
        put(out, n, &o, "|", 1);
        put(out, n, &o, t->arg[i].name, strlen(t->arg[i].name));
        put(out, n, &o, "=", 1);
        size_t start = o;
        put(out, n, &o, t->arg[i].value, strlen(t->arg[i].value));
        for (size_t k = start; k < o; k++)
            if (out[k] == '|')
                out[k] = '/';
    }
}

/* Decode what wf_text_encode wrote into t: 1, or 0 when s is not such a line. */
static int decode(const char *s, struct wf_text *t)
{
    memset(t, 0, sizeof *t);
    if (!s || s[0] != '@')
        return 0;
    s++;
    size_t idl = strcspn(s, "|");
    /* An id is letters, digits, '_' and '.': anything else is text that starts with '@'. */
    if (!idl || idl >= sizeof t->id || strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_.") < idl)
        return 0;
    memcpy(t->id, s, idl);
    s += idl;
    while (*s == '|') {
        s++;
        size_t len = strcspn(s, "|"), eq = strcspn(s, "=");
        if (eq >= len)
            return 0;
        if (eq == 1 && *s == '#') {
            t->plural = 1;
            t->n = strtoll(s + 2, NULL, 10);
        } else if (t->nargs < WF_TEXT_ARGS && eq < sizeof t->arg[0].name) {
            memcpy(t->arg[t->nargs].name, s, eq);
            size_t vl = len - eq - 1;
            if (vl >= sizeof t->arg[0].value)
                vl = sizeof t->arg[0].value - 1;
            memcpy(t->arg[t->nargs].value, s + eq + 1, vl);
            t->nargs++;
        }
        s += len;
    }
    return *s == '\0';
}

const char *wf_text_or(const struct wf_text *t, const char *fallback, const char *lang, char *out,
                       size_t n)
{
    return t->id[0] ? wf_text_format(t, lang, out, n) : fallback;
}

int wf_note_format(const char *stored, const char *lang, char *out, size_t n)
{
    struct wf_text t;
    if (!stored || !decode(stored, &t))
        return 0;
    wf_text_format(&t, lang, out, n);
    return 1;
}

const char *wf_note_text(arena *a, const char *lang, const char *stored)
{
    char out[1024];
    return wf_note_format(stored, lang, out, sizeof out) ? arena_strdup(a, out) : stored;
}
