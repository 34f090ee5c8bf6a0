/* tmpl_set.c - compile the embedded templates once; find them, and their partials, by name. */
#include "tmpl_set.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SUFFIX     ".mustache"
#define SUFFIX_LEN (sizeof SUFFIX - 1)

struct entry {
    const char *file; /* "home.mustache", borrowed from the table */
    size_t stem;      /* length of the name without SUFFIX: "home" */
    struct tmpl *t;
};

struct tmpl_set {
    struct entry *v;
    size_t n;
};

static int is_template(const char *name)
{
    size_t n = strlen(name);
    return n > SUFFIX_LEN && strcmp(name + n - SUFFIX_LEN, SUFFIX) == 0;
}

struct tmpl_set *tmpl_set_compile(const struct embedded *table, char *err, size_t errlen)
{
    if (err && errlen)
        err[0] = '\0';
    size_t rows = 0;
    for (const struct embedded *e = table; e && e->name; e++)
        rows++;
    struct tmpl_set *s = calloc(1, sizeof *s);
    if (!s || (rows && !(s->v = calloc(rows, sizeof *s->v))))
        abort(); /* as buf does: out of memory at start is not recoverable */
    for (const struct embedded *e = table; e && e->name; e++) {
        if (!is_template(e->name))
            continue;
        char why[200]; /* tmpl_compile's messages are at most ~180 characters */
        struct tmpl *t = tmpl_compile((const char *)e->data, why, sizeof why);
        if (!t) {
            if (err && errlen)
                snprintf(err, errlen, "template '%s': %s", e->name, why);
            tmpl_set_free(s);
            return NULL;
        }
        s->v[s->n++] = (struct entry){e->name, strlen(e->name) - SUFFIX_LEN, t};
    }
    return s;
}

void tmpl_set_free(struct tmpl_set *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++)
        tmpl_free(s->v[i].t);
    free(s->v);
    free(s);
}

const struct tmpl *tmpl_set_get(const struct tmpl_set *s, const char *name)
{
    for (size_t i = 0; s && i < s->n; i++)
        if (strcmp(s->v[i].file, name) == 0)
            return s->v[i].t;
    return NULL;
}

int tmpl_set_partial(void *set, const char *name, const struct tmpl **t, char *err, size_t errlen)
{
    (void)err;
    (void)errlen;
    const struct tmpl_set *s = set;
    size_t n = strlen(name);
    *t = NULL;
    for (size_t i = 0; s && i < s->n; i++)
        if (s->v[i].stem == n && memcmp(s->v[i].file, name, n) == 0) {
            *t = s->v[i].t;
            break;
        }
    return 0;
}
