/* test_docs.c - the documentation agrees with the server: every API route of the route table
 * is an operation of docs/openapi.yaml with the roles the table allows, every operation there
 * is a route, and every policy value is in README.md's table (with its default and range) and
 * in openapi's PolicyValues. A doc that contradicts the server is a bug (issue 7, item 16).
 *
 * The files are read from the repository root: the current directory when it holds README.md
 * (tests/run.sh runs from there), else two levels above the program (build/tests/test_docs). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "http.h"
#include "policy.h"
#include "roles.h"

/* The documents are a few hundred kilobytes; a generous cap keeps a wrong path from reading
 * something huge. */
#define DOC_MAX (4u << 20)
#define MAX_OPS 400
#define MAX_ANCHORS 40

static char root[PATH_MAX];

static void find_root(void)
{
    if (access("README.md", R_OK) == 0 && access("docs/openapi.yaml", R_OK) == 0) {
        snprintf(root, sizeof root, ".");
        return;
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) {
        snprintf(root, sizeof root, ".");
        return;
    }
    exe[n] = '\0';
    /* build/tests/test_docs -> build/tests -> build -> the repository */
    char *d = dirname(dirname(dirname(exe)));
    snprintf(root, sizeof root, "%s", d);
}

/* The whole file, NUL-terminated, or a failed test. The caller frees it. */
static char *slurp(const char *rel)
{
    char path[PATH_MAX + 64];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    char *s = malloc(DOC_MAX + 1);
    assert_non_null(s);
    size_t n = fread(s, 1, DOC_MAX, f);
    fclose(f);
    s[n] = '\0';
    return s;
}

/* ---- openapi.yaml, read line by line --------------------------------------------------- */

/* One operation: "post /users/{id}" and its x-roles as a role bit mask (PUBLIC_MASK for
 * [public]; -1 when it has none). */
#define PUBLIC_MASK (1u << 30)
struct op {
    char method[8];
    char path[128];
    long roles;
};

struct anchor {
    char name[40];
    unsigned mask;
};

static unsigned role_mask(const char *list, const char *where)
{
    unsigned m = 0;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", list);
    for (char *t = strtok(buf, "[], "); t; t = strtok(NULL, "[], ")) {
        if (strcmp(t, "public") == 0) {
            m |= PUBLIC_MASK;
            continue;
        }
        int found = 0;
        for (int k = 0; k < ROLE__COUNT; k++)
            if (strcmp(t, role_name((enum role)k)) == 0) {
                m |= RB(k);
                found = 1;
            }
        if (!found)
            fail_msg("openapi %s: unknown role '%s' in x-roles", where, t);
    }
    return m;
}

/* Parse the operations of the `paths:` section. A path is a line "  /...:", an operation a
 * line "    get:" under it, and its roles the line "      x-roles: ..." (a list, an anchored
 * list "&name [...]", or an alias "*name"). */
static size_t openapi_ops(const char *doc, struct op *ops, size_t max)
{
    struct anchor anchors[MAX_ANCHORS];
    size_t na = 0, n = 0;
    char path[128] = "";
    int in_paths = 0;
    for (const char *l = doc; *l;) {
        const char *e = strchr(l, '\n');
        size_t len = e ? (size_t)(e - l) : strlen(l);
        char line[1024];
        snprintf(line, sizeof line, "%.*s", (int)(len < sizeof line ? len : sizeof line - 1), l);
        l += len + (e ? 1 : 0);

        if (line[0] != ' ' && line[0] != '\0' && line[0] != '#')
            in_paths = strncmp(line, "paths:", 6) == 0;
        if (!in_paths)
            continue;
        size_t ll = strlen(line);
        if (strncmp(line, "  /", 3) == 0 && line[ll - 1] == ':') {
            snprintf(path, sizeof path, "%.*s", (int)(ll - 3), line + 2);
            continue;
        }
        static const char *const methods[] = {"get", "post", "put", "patch", "delete"};
        for (size_t k = 0; k < sizeof methods / sizeof *methods; k++) {
            char want[16];
            snprintf(want, sizeof want, "    %s:", methods[k]);
            if (strcmp(line, want) == 0) {
                if (n == max)
                    fail_msg("more than %zu operations in openapi.yaml", max);
                snprintf(ops[n].method, sizeof ops[n].method, "%s", methods[k]);
                snprintf(ops[n].path, sizeof ops[n].path, "%s", path);
                ops[n].roles = -1;
                n++;
            }
        }
        const char *xr = "      x-roles: ";
        if (n > 0 && strncmp(line, xr, strlen(xr)) == 0) {
            const char *v = line + strlen(xr);
            char where[160];
            snprintf(where, sizeof where, "%s %s", ops[n - 1].method, ops[n - 1].path);
            if (*v == '*') {
                long m = -1;
                for (size_t k = 0; k < na; k++)
                    if (strcmp(anchors[k].name, v + 1) == 0)
                        m = anchors[k].mask;
                if (m < 0)
                    fail_msg("openapi %s: x-roles alias %s names no anchor above it", where, v);
                ops[n - 1].roles = m;
            } else if (*v == '&') {
                const char *sp = strchr(v, ' ');
                assert_non_null(sp);
                if (na == MAX_ANCHORS)
                    fail_msg("more than %d x-roles anchors", MAX_ANCHORS);
                snprintf(anchors[na].name, sizeof anchors[na].name, "%.*s", (int)(sp - v - 1),
                         v + 1);
                anchors[na].mask = role_mask(sp + 1, where);
                ops[n - 1].roles = anchors[na].mask;
                na++;
            } else {
                ops[n - 1].roles = role_mask(v, where);
            }
        }
    }
    return n;
}

static struct op ops[MAX_OPS];
static size_t nops;
static char *openapi;

static int setup_openapi(void **state)
{
    (void)state;
    openapi = slurp("docs/openapi.yaml");
    nops = openapi_ops(openapi, ops, MAX_OPS);
    return 0;
}

static int teardown_openapi(void **state)
{
    (void)state;
    free(openapi);
    return 0;
}

static const struct op *op_find(const char *method, const char *path)
{
    for (size_t i = 0; i < nops; i++)
        if (strcasecmp(ops[i].method, method) == 0 && strcmp(ops[i].path, path) == 0)
            return &ops[i];
    return NULL;
}

/* Every route `peerdesk routes` lists as answering under /api/v1 is documented. */
static void test_every_api_route_is_an_openapi_operation(void **state)
{
    (void)state;
    assert_true(nops > 10);
    int missing = 0;
    for (size_t i = 0; i < nroutes; i++) {
        const struct route *r = &routes[i];
        if (r->flags & RT_PAGE_ONLY)
            continue;
        if (!op_find(r->method, r->pattern)) {
            print_error("docs/openapi.yaml has no operation %s %s (%s)\n", r->method, r->pattern,
                        r->summary);
            missing++;
        }
    }
    if (missing)
        fail_msg("%d route(s) of routes.c are missing from docs/openapi.yaml", missing);
}

/* And nothing is documented that the server does not answer (page-only routes included). */
static void test_every_openapi_operation_is_an_api_route(void **state)
{
    (void)state;
    int extra = 0;
    for (size_t k = 0; k < nops; k++) {
        int found = 0;
        for (size_t i = 0; i < nroutes; i++)
            if (strcasecmp(ops[k].method, routes[i].method) == 0 &&
                strcmp(ops[k].path, routes[i].pattern) == 0 &&
                !(routes[i].flags & RT_PAGE_ONLY))
                found = 1;
        if (!found) {
            print_error("docs/openapi.yaml documents %s %s, which is not an API route\n",
                        ops[k].method, ops[k].path);
            extra++;
        }
    }
    if (extra)
        fail_msg("%d openapi operation(s) answer nothing", extra);
}

/* x-roles says exactly who the gate lets through (a peer recording a training gets 403). */
static void test_openapi_roles_are_the_route_table_roles(void **state)
{
    (void)state;
    int wrong = 0;
    for (size_t i = 0; i < nroutes; i++) {
        const struct route *r = &routes[i];
        const struct op *o = op_find(r->method, r->pattern);
        if (!o)
            continue; /* reported by the test above */
        long want = (r->flags & RT_PUBLIC) ? (long)PUBLIC_MASK : (long)r->roles;
        if (o->roles != want) {
            print_error("%s %s: x-roles is %#lx, the route table allows %#lx\n", r->method,
                        r->pattern, o->roles, want);
            wrong++;
        }
    }
    if (wrong)
        fail_msg("%d operation(s) of openapi.yaml name the wrong roles", wrong);
}

/* ---- README.md's policy table ----------------------------------------------------------- */

struct readme_policy {
    char key[64];
    long def, min, max;
};

/* dst = the first alen bytes of a, then b; a key longer than a policy key fails the test. */
static void key_join(char dst[64], const char *a, size_t alen, const char *b)
{
    size_t blen = strlen(b);
    if (alen + blen >= 64)
        fail_msg("README.md policy key '%.*s%s' is too long", (int)alen, a, b);
    memcpy(dst, a, alen);
    memcpy(dst + alen, b, blen + 1);
}

/* The keys of a first cell: "`warn_days_first` / `_second` / `_third`" is three keys, a
 * leading "_" replacing the first key's last "_part". Text in parentheses is commentary
 * ("`ce_ethics_hours` (of `ce_hours`)"). */
static size_t cell_keys(const char *cell, char keys[][64], size_t max)
{
    size_t n = 0;
    const char *stop = strchr(cell, '(');
    for (const char *p = strchr(cell, '`'); p && (!stop || p < stop) && n < max;) {
        const char *q = strchr(p + 1, '`');
        if (!q)
            break;
        char tok[64];
        key_join(tok, p + 1, (size_t)(q - p - 1), "");
        if (tok[0] == '_' && n > 0) {
            const char *us = strrchr(keys[0], '_');
            key_join(keys[n], keys[0], (size_t)(us - keys[0]), tok);
        } else {
            key_join(keys[n], tok, strlen(tok), "");
        }
        n++;
        p = strchr(q + 1, '`');
    }
    return n;
}

static size_t readme_policies(const char *doc, struct readme_policy *out, size_t max)
{
    size_t n = 0;
    const char *t = strstr(doc, "| key | default (NJ) | range | rule |");
    if (!t)
        fail_msg("README.md has no policy table (| key | default (NJ) | range | rule |)");
    for (const char *l = strchr(t, '\n'); l && *++l;) {
        const char *e = strchr(l, '\n');
        size_t len = e ? (size_t)(e - l) : strlen(l);
        char line[512];
        snprintf(line, sizeof line, "%.*s", (int)(len < sizeof line ? len : sizeof line - 1), l);
        l = e;
        char *s = line;
        while (*s == ' ')
            s++;
        if (*s != '|')
            break; /* the end of the table */
        if (strncmp(s, "|---", 4) == 0)
            continue;
        char *cells[5] = {0};
        int nc = 0;
        for (char *c = strtok(s, "|"); c && nc < 5; c = strtok(NULL, "|"))
            cells[nc++] = c;
        if (nc < 4)
            fail_msg("README.md policy row has %d cells: %s", nc, line);
        char keys[8][64];
        size_t nk = cell_keys(cells[0], keys, 8);
        long defs[8];
        size_t nd = 0;
        for (char *d = strtok(cells[1], "/ "); d && nd < 8; d = strtok(NULL, "/ "))
            defs[nd++] = strtol(d, NULL, 10);
        long lo = 0, hi = 0;
        /* "1–365, first > second > third": the range is the first "A–B" (an en dash). */
        if (sscanf(cells[2], " %ld\xe2\x80\x93%ld", &lo, &hi) != 2)
            fail_msg("README.md policy row %s: the range '%s' is not A–B", keys[0], cells[2]);
        if (nk == 0 || nd != nk)
            fail_msg("README.md policy row '%s': %zu key(s) but %zu default(s)", cells[0], nk, nd);
        for (size_t k = 0; k < nk && n < max; k++, n++) {
            key_join(out[n].key, keys[k], strlen(keys[k]), "");
            out[n].def = defs[k];
            out[n].min = lo;
            out[n].max = hi;
        }
    }
    return n;
}

/* Every policy key of policy.c is in README.md's table, with its default and range, and the
 * table names no key that does not exist. */
static void test_every_policy_key_is_in_the_readme_table(void **state)
{
    (void)state;
    char *readme = slurp("README.md");
    struct readme_policy rows[POL__COUNT + 20];
    size_t n = readme_policies(readme, rows, sizeof rows / sizeof *rows);
    free(readme);
    int bad = 0;
    for (int i = 0; i < POL__COUNT; i++) {
        const struct policy_def *d = &policy_defs[i];
        const struct readme_policy *row = NULL;
        for (size_t k = 0; k < n; k++)
            if (strcmp(rows[k].key, d->key) == 0)
                row = &rows[k];
        if (!row) {
            print_error("README.md's policy table has no row for %s\n", d->key);
            bad++;
        } else if (row->def != d->def || row->min != d->min || row->max != d->max) {
            print_error("README.md says %s is %ld in %ld–%ld; policy.c says %lld in %lld–%lld\n",
                        d->key, row->def, row->min, row->max, (long long)d->def,
                        (long long)d->min, (long long)d->max);
            bad++;
        }
    }
    for (size_t k = 0; k < n; k++)
        if (policy_find(rows[k].key) < 0) {
            print_error("README.md's policy table names %s, which is no policy\n", rows[k].key);
            bad++;
        }
    if (bad)
        fail_msg("%d policy row(s) of README.md disagree with policy.c", bad);
}

/* openapi's PolicyValues (GET and POST /settings) lists every key with its default and range. */
static void test_every_policy_key_is_in_openapi_policy_values(void **state)
{
    (void)state;
    const char *pv = strstr(openapi, "\n    PolicyValues:\n");
    assert_non_null(pv);
    int bad = 0;
    for (int i = 0; i < POL__COUNT; i++) {
        const struct policy_def *d = &policy_defs[i];
        char want[200];
        snprintf(want, sizeof want,
                 "\n        %s: {type: integer, minimum: %lld, maximum: %lld, default: %lld,",
                 d->key, (long long)d->min, (long long)d->max, (long long)d->def);
        const char *hit = strstr(pv, want);
        /* it must be inside PolicyValues: before the next schema ("\n    Name:") */
        const char *next = strstr(pv + 1, "\n    ");
        while (next && next[5] == ' ')
            next = strstr(next + 1, "\n    ");
        if (!hit || (next && hit > next)) {
            print_error("openapi PolicyValues lacks%s\n", want);
            bad++;
        }
    }
    if (bad)
        fail_msg("%d policy value(s) missing or wrong in openapi's PolicyValues", bad);
}

int main(void)
{
    find_root();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_api_route_is_an_openapi_operation),
        cmocka_unit_test(test_every_openapi_operation_is_an_api_route),
        cmocka_unit_test(test_openapi_roles_are_the_route_table_roles),
        cmocka_unit_test(test_every_policy_key_is_in_the_readme_table),
        cmocka_unit_test(test_every_policy_key_is_in_openapi_policy_values),
    };
    return cmocka_run_group_tests_name("docs", tests, setup_openapi, teardown_openapi);
}
