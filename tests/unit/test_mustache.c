/* test_mustache.c - each Mustache spec case as a cmocka test, plus our own tmpl_render cases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "buf.h"
#include "tmpl.h"

/* The spec modules tmpl.c implements. The optional ones (~lambdas and the like) are
 * not, and are not run; every case of these must pass. */
static const char *const spec_files[] = {"comments", "delimiters", "interpolation",
                                         "inverted", "partials",   "sections"};
#define N_SPEC_FILES (sizeof spec_files / sizeof spec_files[0])

typedef struct spec_case {
    const char *file;
    const json_t *tc; /* the case object, borrowed from its file; NULL if the file failed */
    char *why;        /* why the file could not be loaded */
    char *name;       /* "<file>: <case name>", the cmocka test name */
    buf out;
} spec_case;

static const char *out_str(const buf *b)
{
    return b->data ? b->data : "";
}

static const char *spec_partial(void *ctx, const char *name)
{
    return json_string_value(json_object_get(ctx, name));
}

static void run_spec_case(void **state)
{
    spec_case *c = *state;
    if (c->why)
        fail_msg("%s", c->why);
    const char *tpl = json_string_value(json_object_get(c->tc, "template"));
    const char *want = json_string_value(json_object_get(c->tc, "expected"));
    json_t *partials = json_object_get(c->tc, "partials");
    if (!tpl || !want || (partials && !json_is_object(partials)))
        fail_msg("malformed case: needs string template and expected, object partials");
    char err[256];
    json_t *data = json_object_get(c->tc, "data");
    if (tmpl_render(&c->out, tpl, data, spec_partial, partials, err, sizeof err) != 0)
        fail_msg("render failed: %s", err);
    assert_string_equal(out_str(&c->out), want);
}

static int free_spec_out(void **state)
{
    spec_case *c = *state;
    buf_free(&c->out);
    return 0;
}

/* printf into a new malloc'd string. */
__attribute__((format(printf, 1, 2))) static char *strf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (!s)
        abort();
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

/* Load one spec file; on failure return NULL and describe why in why (malloc'd). */
static json_t *load_spec(const char *dir, const char *file, char **why)
{
    json_error_t jerr;
    char *path = strf("%s/%s.json", dir, file);
    json_t *root = json_load_file(path, 0, &jerr);
    if (root && json_is_array(json_object_get(root, "tests"))) {
        free(path);
        return root;
    }
    *why = strf("cannot load %s: %s", path, root ? "no tests array" : jerr.text);
    json_decref(root);
    free(path);
    return NULL;
}

/* Fill cases from the loaded files: one per spec case, or one failing entry per file
 * that did not load. Returns how many were written (cases has room for all). */
static size_t collect_cases(json_t *const *roots, char **why, spec_case *cases)
{
    size_t n = 0;
    for (size_t f = 0; f < N_SPEC_FILES; f++) {
        if (!roots[f]) {
            cases[n++] = (spec_case){
                .file = spec_files[f], .why = why[f], .name = strf("%s: load", spec_files[f])};
            continue;
        }
        size_t i;
        json_t *tc;
        json_array_foreach(json_object_get(roots[f], "tests"), i, tc)
        {
            const char *cname = json_string_value(json_object_get(tc, "name"));
            cases[n++] =
                (spec_case){.file = spec_files[f],
                            .tc = tc,
                            .name = strf("%s: %s", spec_files[f], cname ? cname : "(unnamed)")};
        }
    }
    return n;
}

/* cmocka_run_group_tests_name counts the tests with sizeof, so the array is a VLA
 * sized at run time. n > 0: every file contributes at least one entry. */
static int run_spec_group(spec_case *cases, size_t n)
{
    struct CMUnitTest tests[n];
    for (size_t i = 0; i < n; i++)
        tests[i] = (struct CMUnitTest){.name = cases[i].name,
                                       .test_func = run_spec_case,
                                       .teardown_func = free_spec_out,
                                       .initial_state = &cases[i]};
    return cmocka_run_group_tests_name("mustache spec", tests, NULL, NULL);
}

static int run_spec(const char *dir)
{
    json_t *roots[N_SPEC_FILES] = {0};
    char *why[N_SPEC_FILES] = {0};
    size_t total = 0;
    for (size_t f = 0; f < N_SPEC_FILES; f++) {
        roots[f] = load_spec(dir, spec_files[f], &why[f]);
        total += roots[f] ? json_array_size(json_object_get(roots[f], "tests")) : 1;
    }
    spec_case *cases = calloc(total, sizeof *cases);
    if (!cases)
        abort();
    size_t n = collect_cases(roots, why, cases);
    int failed = run_spec_group(cases, n);
    for (size_t i = 0; i < n; i++)
        free(cases[i].name);
    free(cases);
    for (size_t f = 0; f < N_SPEC_FILES; f++) {
        json_decref(roots[f]);
        free(why[f]);
    }
    return failed;
}

/* ---- peerdesk's own cases ---- */

/* Partials for our cases: a JSON object of name -> source, like the spec's. */
static const char *obj_partial(void *ctx, const char *name)
{
    return json_string_value(json_object_get(ctx, name));
}

/* Render src with data given as JSON text; fails the test on a render error. */
static void expect_render(const char *src, const char *data_json, json_t *partials,
                          const char *want)
{
    json_t *data = json_loads(data_json, 0, NULL);
    assert_non_null(data);
    buf out;
    buf_init(&out);
    char err[256];
    int rc = tmpl_render(&out, src, data, obj_partial, partials, err, sizeof err);
    char *got = strdup(out_str(&out));
    buf_free(&out);
    json_decref(data);
    int same = rc == 0 && strcmp(got, want) == 0;
    if (rc != 0)
        print_error("render of '%s' failed: %s\n", src, err);
    else if (!same)
        print_error("rendered '%s', want '%s'\n", got, want);
    free(got);
    assert_true(same);
}

static void test_escapes_script_and_quotes(void **state)
{
    (void)state;
    const char *data = "{\"x\": \"<script>alert('hi') & \\\"q\\\"</script>\","
                       " \"l\": [\"<b>\", \"'\"]}";
    expect_render("{{x}}", data, NULL,
                  "&lt;script&gt;alert(&#39;hi&#39;) &amp; &quot;q&quot;&lt;/script&gt;");
    expect_render("{{#l}}{{.}}{{/l}}", data, NULL, "&lt;b&gt;&#39;");
    expect_render("{{{x}}}|{{& x}}", data, NULL,
                  "<script>alert('hi') & \"q\"</script>|<script>alert('hi') & \"q\"</script>");
}

static void test_missing_partial_renders_empty(void **state)
{
    (void)state;
    json_t *partials = json_pack("{s:s}", "known", "K");
    expect_render("a[{{>nope}}]b[{{>known}}]", "{}", partials, "a[]b[K]");
    json_decref(partials);

    buf out;
    buf_init(&out);
    assert_int_equal(tmpl_render(&out, "a{{>any}}b", NULL, NULL, NULL, NULL, 0), 0);
    assert_string_equal(out_str(&out), "ab");
    buf_free(&out);
}

static void test_numbers_booleans_and_truthiness(void **state)
{
    (void)state;
    const char *data = "{\"i\": -42, \"r\": 0.1, \"big\": 1e300, \"t\": true, \"f\": false,"
                       " \"z\": 0, \"e\": \"\", \"o\": {}, \"a\": [1]}";
    expect_render("{{i}} {{r}} {{big}} {{t}} {{f}} [{{o}}{{a}}]", data, NULL,
                  "-42 0.1 1e+300 true false []");
    expect_render("{{#z}}0{{/z}}{{#e}}e{{/e}}{{#o}}o{{/o}}{{^f}}!f{{/f}}{{^nope}}!n{{/nope}}", data,
                  NULL, "0eo!f!n");
}

/* An error leaves out as it was before the call and says what went wrong. */
static void expect_error(const char *src, const char *want_in_err)
{
    buf out;
    buf_init(&out);
    buf_puts(&out, "keep");
    char err[256];
    int rc = tmpl_render(&out, src, NULL, NULL, NULL, err, sizeof err);
    int restored = out.len == 4 && strcmp(out.data, "keep") == 0;
    buf_free(&out);
    assert_int_equal(rc, -1);
    assert_true(restored);
    if (!strstr(err, want_in_err))
        fail_msg("error for '%s' is '%s', want it to mention '%s'", src, err, want_in_err);
    /* err is optional. */
    assert_int_equal(tmpl_render(&out, src, NULL, NULL, NULL, NULL, 0), -1);
    buf_free(&out);
}

static void test_unclosed_section_is_error(void **state)
{
    (void)state;
    expect_error("<ul>\n{{#items}}<li>{{name}}</li>\n</ul>", "line 2: unclosed section 'items'");
    expect_error("{{^empty}}none", "unclosed section 'empty'");
}

static void test_malformed_tags_are_errors(void **state)
{
    (void)state;
    expect_error("{{#a}}x{{/b}}", "section 'a' closed by 'b'");
    expect_error("x{{/a}}", "closes no section");
    expect_error("text {{name", "unclosed tag");
    expect_error("{{{raw}}", "unclosed tag");
    expect_error("{{=<% =}}", "bad delimiter");
    expect_error("{{=<%%>=}}", "bad delimiter");
    expect_error("{{ }}", "empty tag");
}

static void test_error_inside_partial_names_it(void **state)
{
    (void)state;
    json_t *partials = json_pack("{s:s}", "row", "ok\n{{#cells}}");
    buf out;
    buf_init(&out);
    char err[256];
    assert_int_equal(tmpl_render(&out, "{{>row}}", NULL, obj_partial, partials, err, sizeof err),
                     -1);
    buf_free(&out);
    json_decref(partials);
    assert_string_equal(err, "partial 'row' line 2: unclosed section 'cells'");
}

/* Data nested `levels` deep as {"n": {"n": ... {"n": false}}}. */
static json_t *nested(int levels)
{
    json_t *v = json_pack("{s:b}", "n", 0);
    for (int i = 0; i < levels; i++)
        v = json_pack("{s:o}", "n", v);
    return v;
}

static int render_tree(int levels, buf *out, char *err, size_t errlen)
{
    json_t *partials = json_pack("{s:s}", "node", "({{#n}}{{>node}}{{/n}})");
    json_t *data = nested(levels);
    int rc = tmpl_render(out, "{{>node}}", data, obj_partial, partials, err, errlen);
    json_decref(data);
    json_decref(partials);
    return rc;
}

static void test_partial_recursion_depth_limit(void **state)
{
    (void)state;
    char err[256];
    buf out;
    buf_init(&out);
    /* 63 wrappings render "node" 64 times nested: exactly the limit, still fine. */
    assert_int_equal(render_tree(63, &out, err, sizeof err), 0);
    assert_int_equal(out.len, 2 * 64);
    buf_free(&out);
    /* One more level is refused rather than recursing on. */
    assert_int_equal(render_tree(64, &out, err, sizeof err), -1);
    assert_string_equal(err, "partial 'node' nested deeper than 64");
    buf_free(&out);

    /* A partial that includes itself unconditionally stops at the limit too. */
    json_t *partials = json_pack("{s:s}", "self", "x{{>self}}");
    assert_int_equal(tmpl_render(&out, "{{>self}}", NULL, obj_partial, partials, err, sizeof err),
                     -1);
    assert_non_null(strstr(err, "nested deeper than 64"));
    assert_int_equal(out.len, 0);
    buf_free(&out);
    json_decref(partials);
}

/* Where the spec comes from when it is missing: said once, plainly. */
static const char *spec_missing_dir;

static void test_mustache_spec_skipped_without_the_spec(void **state)
{
    (void)state;
    print_message("mustache spec suite SKIPPED: no spec at %s.\n"
                  "Get it by setting PEERDESK_SHARED to the shared directory (the spec is its "
                  "testdata/mustache-spec) or by passing the spec directory as the first "
                  "argument.\n",
                  spec_missing_dir);
    skip();
}

/* The spec directory: the first argument, else $PEERDESK_SHARED/testdata/mustache-spec, else
 * ../shared/testdata/mustache-spec beside the repository. */
static const char *spec_dir(int argc, char **argv, char *buf, size_t len)
{
    if (argc > 1)
        return argv[1];
    const char *shared = getenv("PEERDESK_SHARED");
    snprintf(buf, len, "%s/testdata/mustache-spec", shared && *shared ? shared : "../shared");
    return buf;
}

int main(int argc, char **argv)
{
    char dirbuf[4096];
    const char *dir = spec_dir(argc, argv, dirbuf, sizeof dirbuf);
    const struct CMUnitTest own[] = {
        cmocka_unit_test(test_escapes_script_and_quotes),
        cmocka_unit_test(test_missing_partial_renders_empty),
        cmocka_unit_test(test_numbers_booleans_and_truthiness),
        cmocka_unit_test(test_unclosed_section_is_error),
        cmocka_unit_test(test_malformed_tags_are_errors),
        cmocka_unit_test(test_error_inside_partial_names_it),
        cmocka_unit_test(test_partial_recursion_depth_limit),
    };
    int failed;
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        /* A fresh clone without the shared directory: skipped, not failed. A directory
         * that is there but incomplete still fails, file by file. */
        spec_missing_dir = dir;
        const struct CMUnitTest skipped[] = {
            cmocka_unit_test(test_mustache_spec_skipped_without_the_spec),
        };
        failed = cmocka_run_group_tests_name("mustache spec", skipped, NULL, NULL);
    } else {
        failed = run_spec(dir);
    }
    failed += cmocka_run_group_tests_name("tmpl", own, NULL, NULL);
    return failed ? 1 : 0;
}
