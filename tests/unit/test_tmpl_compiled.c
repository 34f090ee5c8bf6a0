/* test_tmpl_compiled.c - templates compiled once render byte for byte what parsing on every
 * render did (tests/unit/tmpl_reference.h), for every embedded page and the Mustache spec;
 * escaping stays on; a template that does not compile stops the server start, named. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "buf.h"
#include "embed.h"
#include "http.h"
#include "msg.h"
#include "tmpl.h"
#include "tmpl_set.h"
#include "tmpl_reference.h"

static const char *out_str(const buf *b)
{
    return b->data ? b->data : "";
}

/* ---- the embedded pages --------------------------------------------------- */

/* The old engine knows no message tags: for it, each {{@id}} of a page is replaced by the
 * English message written into the source (escaped, as the compiled engine escapes it), its
 * placeholders {name} as {{name}} and a plural's {n} as {{count}}. The models never set
 * "lang" to a catalog language, so the compiled engine shows English too; a plural count
 * is never a number there, so the form is the one for 0. Sources kept for the program's life. */
static const char *ref_source(const char *src)
{
    static struct {
        const char *src;
        char *ref;
    } seen[128];
    static size_t nseen;
    for (size_t i = 0; i < nseen; i++)
        if (seen[i].src == src)
            return seen[i].ref;
    buf b;
    buf_init(&b);
    const char *p = src;
    for (const char *at; (at = strstr(p, "{{@"));) {
        buf_putn(&b, p, (size_t)(at - p));
        const char *close = strstr(at, "}}");
        assert_non_null(close);
        char id[160], count[80] = "";
        assert_true(sscanf(at + 3, "%159[^ }] %79[^ }]", id, count) >= 1);
        const char *text = count[0] ? msg_plural_text("en", id, 0) : msg("en", id), *ph, *nm;
        size_t nn;
        while (msg_next_placeholder(text, &ph, &nm, &nn)) {
            html_txt(&b, text, (size_t)(ph - text));
            if (count[0] && nn == 1 && *nm == 'n')
                buf_printf(&b, "{{%s}}", count);
            else
                buf_printf(&b, "{{%.*s}}", (int)nn, nm);
            text = nm + nn + 1;
        }
        html_txt(&b, text, strlen(text));
        p = close + 2;
    }
    buf_puts(&b, p);
    assert_true(nseen < 128);
    seen[nseen].src = src;
    seen[nseen].ref = buf_steal(&b);
    return seen[nseen++].ref;
}

/* The old engine's partial lookup, as src/http/render.c had it (with ref_source). */
static const char *embedded_partial(void *ctx, const char *name)
{
    (void)ctx;
    char file[128];
    snprintf(file, sizeof file, "%s.mustache", name);
    const struct embedded *e = embedded_find(embedded_templates, file);
    return e ? ref_source((const char *)e->data) : NULL;
}

enum model { M_EMPTY, M_VALUES, M_LISTS };
static const char *const model_name[] = {"an empty object", "every name a value",
                                         "every section a list"};

/* Set the dotted name[0..n) in m to v (taken), making objects on the way; a name that is
 * both a value and a prefix ("a" and "a.b") keeps the object. */
static void set_path(json_t *m, const char *name, size_t n, json_t *v)
{
    const char *dot = memchr(name, '.', n);
    size_t k = dot ? (size_t)(dot - name) : n;
    if (!dot) {
        if (!json_is_object(json_object_getn(m, name, k)))
            json_object_setn_new(m, name, k, v);
        else
            json_decref(v);
        return;
    }
    json_t *sub = json_object_getn(m, name, k);
    if (!json_is_object(sub)) {
        sub = json_object();
        json_object_setn_new(m, name, k, sub);
    }
    set_path(sub, dot + 1, n - k - 1, v);
}

/* Give every name that the template src (and the partials it includes) uses a value in m:
 * a string with HTML in it, or for sections in M_LISTS a list of two items (an object and
 * a string), so that every section opens. Pages use only the default delimiters. */
static void add_names(json_t *m, const char *src, enum model kind, int depth)
{
    assert_null(strstr(src, "{{="));
    assert_true(depth < 8);
    for (const char *p = strstr(src, "{{"); p; p = strstr(p, "{{")) {
        const char *in = p + 2, *close = strstr(in, "}}");
        assert_non_null(close);
        char sigil = strchr("#^/>&{!", *in) ? *in++ : 0;
        while (*in == ' ')
            in++;
        const char *e = close;
        while (e > in && e[-1] == ' ')
            e--;
        size_t n = (size_t)(e - in);
        p = close + 2 + (sigil == '{');
        if (sigil == '/' || sigil == '!' || (n == 1 && *in == '.'))
            continue;
        if (sigil == '>') {
            char name[64];
            snprintf(name, sizeof name, "%.*s", (int)n, in);
            const char *psrc = embedded_partial(NULL, name);
            assert_non_null(psrc);
            add_names(m, psrc, kind, depth + 1);
            continue;
        }
        int section = sigil == '#' || sigil == '^';
        json_t *v = section && kind == M_LISTS
                        ? json_pack("[{}s]", "<li>item & 'more'</li>")
                        : json_sprintf("<script>%.*s & \"x\"</script>", (int)n, in);
        set_path(m, in, n, v);
    }
}

static json_t *model_for(const char *src, enum model kind)
{
    json_t *m = json_object();
    if (kind != M_EMPTY)
        add_names(m, src, kind, 0);
    return m;
}

/* Every embedded template, rendered with each model by the compiled set (as the server
 * renders) and by the old engine: the same bytes. */
static void test_every_embedded_template_renders_as_before(void **state)
{
    (void)state;
    char err[256];
    struct tmpl_set *set = tmpl_set_compile(embedded_templates, err, sizeof err);
    if (!set)
        fail_msg("embedded templates do not compile: %s", err);
    int pages = 0;
    for (const struct embedded *e = embedded_templates; e->name; e++, pages++) {
        const struct tmpl *t = tmpl_set_get(set, e->name);
        assert_non_null(t);
        size_t lens[3];
        for (int k = M_EMPTY; k <= M_LISTS; k++) {
            json_t *m = model_for(ref_source((const char *)e->data), (enum model)k);
            buf old, now;
            buf_init(&old);
            buf_init(&now);
            if (ref_render(&old, ref_source((const char *)e->data), m, embedded_partial, NULL, err,
                           sizeof err) != 0)
                fail_msg("%s with %s: old engine failed: %s", e->name, model_name[k], err);
            if (tmpl_exec(&now, t, m, tmpl_set_partial, set, err, sizeof err) != 0)
                fail_msg("%s with %s: compiled failed: %s", e->name, model_name[k], err);
            if (strcmp(out_str(&old), out_str(&now)) != 0)
                fail_msg("%s with %s differs:\n--- old\n%s\n--- compiled\n%s", e->name,
                         model_name[k], out_str(&old), out_str(&now));
            lens[k] = now.len;
            buf_free(&old);
            buf_free(&now);
            json_decref(m);
        }
        /* The models do what they are for: values appear, sections open. */
        if (strstr(ref_source((const char *)e->data), "{{") && lens[M_VALUES] <= lens[M_EMPTY])
            fail_msg("%s: the value model rendered no more than the empty one", e->name);
    }
    assert_true(pages >= 30);
    tmpl_set_free(set);
}

/* The signed-in home page with the benchmark's administrator model. */
static void test_home_page_with_a_real_model_renders_as_before(void **state)
{
    (void)state;
    json_error_t jerr;
    json_t *m = json_load_file("bench/home_model.json", 0, &jerr);
    if (!m)
        fail_msg("bench/home_model.json (run from the repository): %s", jerr.text);
    char err[256];
    struct tmpl_set *set = tmpl_set_compile(embedded_templates, err, sizeof err);
    assert_non_null(set);
    const char *src = (const char *)embedded_find(embedded_templates, "home.mustache")->data;
    buf old, now;
    buf_init(&old);
    buf_init(&now);
    assert_int_equal(ref_render(&old, ref_source(src), m, embedded_partial, NULL, err, sizeof err),
                     0);
    assert_int_equal(tmpl_exec(&now, tmpl_set_get(set, "home.mustache"), m, tmpl_set_partial, set,
                               err, sizeof err),
                     0);
    assert_string_equal(out_str(&now), out_str(&old));
    assert_non_null(strstr(out_str(&now), "Alex Admin &lt;admin&gt;"));
    assert_non_null(strstr(out_str(&now), "Garden State Recovery &amp; Wellness"));
    buf_free(&old);
    buf_free(&now);
    tmpl_set_free(set);
    json_decref(m);
}

/* ---- whitespace and partial indentation, old engine against compiled ------ */

static const char *obj_partial(void *ctx, const char *name)
{
    return json_string_value(json_object_get(ctx, name));
}

/* The partials of a case, each compiled once up front: the lookup only finds them. */
typedef struct compiled {
    json_t *names; /* name -> index into t, as integers */
    struct tmpl *t[16];
    size_t n;
} compiled;

static int compiled_partial(void *ctx, const char *name, const struct tmpl **t, char *err,
                            size_t errlen)
{
    (void)err;
    (void)errlen;
    const compiled *c = ctx;
    json_t *i = json_object_get(c->names, name);
    *t = i ? c->t[json_integer_value(i)] : NULL;
    return 0;
}

/* Compile every partial in partials (a JSON object of name -> source). Returns 0, or -1
 * with the error in err. */
static int compile_partials(compiled *c, json_t *partials, char *err, size_t errlen)
{
    c->names = json_object();
    c->n = 0;
    const char *name;
    json_t *src;
    json_object_foreach(partials, name, src)
    {
        assert_true(c->n < 16);
        struct tmpl *t = tmpl_compile(json_string_value(src), err, errlen);
        if (!t)
            return -1;
        json_object_set_new(c->names, name, json_integer((json_int_t)c->n));
        c->t[c->n++] = t;
    }
    return 0;
}

static void free_partials(compiled *c)
{
    for (size_t i = 0; i < c->n; i++)
        tmpl_free(c->t[i]);
    json_decref(c->names);
}

/* Render src by compiling it and its partials first; 0 or -1 with err. */
static int render_compiled(buf *out, const char *src, json_t *data, json_t *partials, char *err,
                           size_t errlen)
{
    compiled c;
    int rc = compile_partials(&c, partials, err, errlen);
    struct tmpl *t = rc ? NULL : tmpl_compile(src, err, errlen);
    if (t)
        rc = tmpl_exec(out, t, data, compiled_partial, &c, err, errlen);
    else
        rc = -1;
    tmpl_free(t);
    free_partials(&c);
    return rc;
}

/* src with data and partials (JSON texts) renders the same both ways. */
static void expect_same(const char *src, const char *data_json, const char *partials_json)
{
    json_t *data = json_loads(data_json, 0, NULL), *partials = json_loads(partials_json, 0, NULL);
    assert_non_null(data);
    assert_non_null(partials);
    buf old, now;
    buf_init(&old);
    buf_init(&now);
    char err[256];
    if (ref_render(&old, src, data, obj_partial, partials, err, sizeof err) != 0)
        fail_msg("old engine failed on '%s': %s", src, err);
    if (render_compiled(&now, src, data, partials, err, sizeof err) != 0)
        fail_msg("compiled failed on '%s': %s", src, err);
    if (strcmp(out_str(&old), out_str(&now)) != 0)
        fail_msg("'%s' differs:\n--- old\n[%s]\n--- compiled\n[%s]", src, out_str(&old),
                 out_str(&now));
    buf_free(&old);
    buf_free(&now);
    json_decref(data);
    json_decref(partials);
}

static void test_indented_partials_render_as_before(void **state)
{
    (void)state;
    const char *d = "{\"a\": [1, 2], \"t\": true, \"s\": \"x\\ny\", \"f\": false}";
    /* Every kind of line start inside an indented partial: text, a tag sharing its line,
     * a standalone tag, a close tag sharing its line, a comment, the end of the partial. */
    const char *p = "{\"p\": \"one\\n{{s}} two\\n{{#a}}\\n  item {{.}}\\n{{/a}}\\n"
                    "{{#t}}in\\n{{/t}} after\\n{{! c }}kept\\n{{^f}}x{{/f}}\\nend\","
                    " \"q\": \"  {{>p}}\\nq-end\\n\","
                    " \"r\": \"r1\\n\\t{{>q}}\\n{{>p}}|\\n{{#a}}\\n {{>p}}\\n{{/a}}\","
                    " \"crlf\": \"a\\r\\n  {{#t}}\\r\\nb\\r\\n  {{/t}}\\r\\nc\","
                    " \"multi\": \"{{!\\nlong\\n}}\\n{{#t\\n}}m\\n{{/t}}\\n{{=<% %>=}}\\n"
                    "<% s %>\\n<%={{ }}=%>{{s}}\\n\"}";
    expect_same("  {{>p}}\n", d, p);
    expect_same("{{>p}}", d, p);
    expect_same("x {{>p}} y\n", d, p);
    expect_same("\t{{>q}}\n", d, p);
    expect_same("  >\n    {{>r}}\n  <\n", d, p);
    expect_same("{{#a}}\n  {{>q}}\n{{/a}}", d, p);
    expect_same("  {{>crlf}}\r\n", d, p);
    expect_same(" {{>multi}}\n", d, p);
    expect_same("{{>missing}}\n  {{>missing}}\n", d, p);
    expect_same("\n  {{#t}}\n  {{>p}}\n  {{/t}}\n", d, p);
}

/* ---- the Mustache spec, compiled ----------------------------------------- */

static const char *spec_dir_path;
static const char *const spec_files[] = {"comments", "delimiters", "interpolation",
                                         "inverted", "partials",   "sections"};

/* Each spec case: partials compiled up front, the template compiled and executed. The
 * expected text, and the old engine's, must both come out. */
static void test_mustache_spec_through_the_compiled_path(void **state)
{
    (void)state;
    struct stat st;
    if (stat(spec_dir_path, &st) != 0 || !S_ISDIR(st.st_mode)) {
        print_message("mustache spec SKIPPED: no spec at %s (see test_mustache)\n", spec_dir_path);
        skip();
    }
    int cases = 0, failed = 0;
    for (size_t f = 0; f < sizeof spec_files / sizeof *spec_files; f++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/%s.json", spec_dir_path, spec_files[f]);
        json_error_t jerr;
        json_t *root = json_load_file(path, 0, &jerr);
        if (!root)
            fail_msg("cannot load %s: %s", path, jerr.text);
        size_t i;
        json_t *tc;
        json_array_foreach(json_object_get(root, "tests"), i, tc)
        {
            const char *tpl = json_string_value(json_object_get(tc, "template"));
            const char *want = json_string_value(json_object_get(tc, "expected"));
            json_t *partials = json_object_get(tc, "partials");
            json_t *none = json_object();
            buf now, old;
            buf_init(&now);
            buf_init(&old);
            char err[256] = "";
            json_t *data = json_object_get(tc, "data");
            int rc = render_compiled(&now, tpl, data, partials ? partials : none, err, sizeof err);
            ref_render(&old, tpl, data, obj_partial, partials, NULL, 0);
            if (rc != 0 || strcmp(out_str(&now), want) != 0 ||
                strcmp(out_str(&now), out_str(&old)) != 0) {
                print_error("%s: %s: got [%s]%s%s\n", spec_files[f],
                            json_string_value(json_object_get(tc, "name")), out_str(&now),
                            rc ? " error: " : "", err);
                failed++;
            }
            cases++;
            buf_free(&now);
            buf_free(&old);
            json_decref(none);
        }
        json_decref(root);
    }
    assert_int_equal(failed, 0);
    assert_true(cases > 100);
}

/* ---- escaping, errors, threads, start ------------------------------------ */

static void test_script_in_a_value_is_escaped_and_raw_only_when_asked(void **state)
{
    (void)state;
    char err[256];
    struct tmpl *t =
        tmpl_compile("<p>{{x}}</p>{{#l}}[{{.}}]{{/l}}|{{{x}}}|{{& x}}|{{a.b}}", err, sizeof err);
    assert_non_null(t);
    json_t *data = json_pack("{s:s, s:[s], s:{s:s}}", "x", "<script>alert('x') & \"y\"</script>",
                             "l", "<b>", "a", "b", "<i>");
    buf out;
    buf_init(&out);
    assert_int_equal(tmpl_exec(&out, t, data, NULL, NULL, err, sizeof err), 0);
    assert_string_equal(out_str(&out),
                        "<p>&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;</p>"
                        "[&lt;b&gt;]|<script>alert('x') & \"y\"</script>|"
                        "<script>alert('x') & \"y\"</script>|&lt;i&gt;");
    buf_free(&out);
    json_decref(data);
    tmpl_free(t);
}

/* A compile error names its line; nothing is left half made. */
static void test_compile_errors_name_the_line(void **state)
{
    (void)state;
    char err[256];
    assert_null(tmpl_compile("<ul>\n{{#items}}<li>{{name}}</li>\n</ul>", err, sizeof err));
    assert_string_equal(err, "line 2: unclosed section 'items'");
    assert_null(tmpl_compile("a\n\nb {{#a}}{{/b}}", err, sizeof err));
    assert_string_equal(err, "line 3: section 'a' closed by 'b'");
    assert_null(tmpl_compile("{{=<% =}}", NULL, 0));
}

static int self_partial(void *ctx, const char *name, const struct tmpl **t, char *err,
                        size_t errlen)
{
    (void)name;
    (void)err;
    (void)errlen;
    *t = ctx;
    return 0;
}

static int refusing_partial(void *ctx, const char *name, const struct tmpl **t, char *err,
                            size_t errlen)
{
    (void)ctx;
    *t = NULL;
    snprintf(err, errlen, "no way to '%s'", name);
    return -1;
}

/* Exec errors (too deep, a lookup that fails) leave out as it was. */
static void test_exec_errors_restore_the_output(void **state)
{
    (void)state;
    char err[256];
    struct tmpl *t = tmpl_compile("x{{>self}}", err, sizeof err);
    assert_non_null(t);
    buf out;
    buf_init(&out);
    buf_puts(&out, "keep");
    assert_int_equal(tmpl_exec(&out, t, NULL, self_partial, t, err, sizeof err), -1);
    assert_string_equal(err, "partial 'self' nested deeper than 64");
    assert_string_equal(out_str(&out), "keep");
    assert_int_equal(tmpl_exec(&out, t, NULL, refusing_partial, NULL, err, sizeof err), -1);
    assert_string_equal(err, "no way to 'self'");
    assert_string_equal(out_str(&out), "keep");
    buf_free(&out);
    tmpl_free(t);
}

struct shared {
    const struct tmpl_set *set;
    json_t *model;
    const char *want;
    int mismatches;
};

static void *render_many(void *arg)
{
    struct shared *s = arg;
    int bad = 0;
    for (int i = 0; i < 200; i++) {
        buf out;
        buf_init(&out);
        if (tmpl_exec(&out, tmpl_set_get(s->set, "home.mustache"), s->model, tmpl_set_partial,
                      (void *)s->set, NULL, 0) != 0 ||
            strcmp(out_str(&out), s->want) != 0)
            bad++;
        buf_free(&out);
    }
    return (void *)(intptr_t)bad;
}

/* One compiled set serves four threads at once, each getting the whole page right. */
static void test_one_compiled_set_renders_on_many_threads(void **state)
{
    (void)state;
    char err[256];
    struct tmpl_set *set = tmpl_set_compile(embedded_templates, err, sizeof err);
    assert_non_null(set);
    const char *src = (const char *)embedded_find(embedded_templates, "home.mustache")->data;
    json_t *m = model_for(src, M_LISTS);
    buf want;
    buf_init(&want);
    assert_int_equal(ref_render(&want, ref_source(src), m, embedded_partial, NULL, err, sizeof err),
                     0);
    struct shared s = {set, m, out_str(&want), 0};
    pthread_t th[4];
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&th[i], NULL, render_many, &s), 0);
    intptr_t bad = 0;
    for (int i = 0; i < 4; i++) {
        void *r;
        pthread_join(th[i], &r);
        bad += (intptr_t)r;
    }
    assert_int_equal(bad, 0);
    buf_free(&want);
    json_decref(m);
    tmpl_set_free(set);
}

/* What server_run calls first: every embedded template compiles, and a table with one that
 * does not is refused with its name and the error, so the server never starts with it. */
static void test_server_start_refuses_a_template_that_does_not_compile(void **state)
{
    (void)state;
    static const unsigned char good[] = "<p>{{x}}</p>", bad[] = "<ul>\n{{#rows}}<li>\n</ul>";
    const struct embedded table[] = {
        {"good.mustache", good, sizeof good - 1},
        {"broken.mustache", bad, sizeof bad - 1},
        {NULL, NULL, 0},
    };
    char err[256];
    assert_int_equal(render_init(table, err, sizeof err), -1);
    assert_string_equal(err, "template 'broken.mustache': line 2: unclosed section 'rows'");
    assert_null(tmpl_set_compile(table, err, sizeof err));
    assert_string_equal(err, "template 'broken.mustache': line 2: unclosed section 'rows'");

    assert_int_equal(render_init(embedded_templates, err, sizeof err), 0);
    assert_string_equal(err, "");
    render_done();
}

static void test_partials_resolve_by_stem_within_the_set(void **state)
{
    (void)state;
    static const unsigned char page[] = "[{{>part}}][{{>nope}}][{{>part.mustache}}]",
                               part[] = "P{{x}}";
    const struct embedded table[] = {
        {"page.mustache", page, sizeof page - 1},
        {"part.mustache", part, sizeof part - 1},
        {"style.css", part, sizeof part - 1},
        {NULL, NULL, 0},
    };
    char err[256];
    struct tmpl_set *set = tmpl_set_compile(table, err, sizeof err);
    assert_non_null(set);
    assert_null(tmpl_set_get(set, "style.css"));
    json_t *m = json_pack("{s:s}", "x", "<");
    buf out;
    buf_init(&out);
    assert_int_equal(tmpl_exec(&out, tmpl_set_get(set, "page.mustache"), m, tmpl_set_partial, set,
                               err, sizeof err),
                     0);
    assert_string_equal(out_str(&out), "[P&lt;][][]");
    buf_free(&out);
    json_decref(m);
    tmpl_set_free(set);
}

int main(int argc, char **argv)
{
    static char dirbuf[4096];
    const char *shared = getenv("PEERDESK_SHARED");
    snprintf(dirbuf, sizeof dirbuf, "%s/testdata/mustache-spec",
             shared && *shared ? shared : "../shared");
    spec_dir_path = argc > 1 ? argv[1] : dirbuf;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_embedded_template_renders_as_before),
        cmocka_unit_test(test_home_page_with_a_real_model_renders_as_before),
        cmocka_unit_test(test_indented_partials_render_as_before),
        cmocka_unit_test(test_mustache_spec_through_the_compiled_path),
        cmocka_unit_test(test_script_in_a_value_is_escaped_and_raw_only_when_asked),
        cmocka_unit_test(test_compile_errors_name_the_line),
        cmocka_unit_test(test_exec_errors_restore_the_output),
        cmocka_unit_test(test_one_compiled_set_renders_on_many_threads),
        cmocka_unit_test(test_server_start_refuses_a_template_that_does_not_compile),
        cmocka_unit_test(test_partials_resolve_by_stem_within_the_set),
    };
    return cmocka_run_group_tests_name("compiled templates", tests, NULL, NULL);
}
