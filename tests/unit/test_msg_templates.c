/* test_msg_templates.c - no page template holds a literal sentence (issue 10, item 1): every
 * text a person reads comes from the message catalog ({{@id}}). Each template file
 * (templates/NAME.mustache) is scanned for a run of two or more words outside tags, in element text
 * and in the attributes people read (title, alt, placeholder, aria-label, data-label); script and
 * style bodies, comments, entities and {{...}} tags do not count. Templates not converted yet are
 * named in tests/unit/templates_not_translated.txt; the test also fails when that list names
 * a template that no longer needs it, so the list only shrinks.
 *
 * The files are read from the repository root: the current directory when it holds
 * templates/, else two levels above the program (build/tests/test_msg_templates). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <ctype.h>
#include <dirent.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define ALLOW_LIST "tests/unit/templates_not_translated.txt"
/* A template is a few kilobytes; the cap only keeps a wrong path from reading a huge file. */
#define FILE_MAX (1u << 20)

static char root[PATH_MAX];

static void find_root(void)
{
    if (access("templates/head.mustache", R_OK) == 0) {
        snprintf(root, sizeof root, ".");
        return;
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    exe[n > 0 ? n : 0] = '\0';
    snprintf(root, sizeof root, "%s", n > 0 ? dirname(dirname(dirname(exe))) : ".");
}

static char *slurp(const char *rel)
{
    char path[PATH_MAX + 64];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *s = malloc(FILE_MAX + 1);
    assert_non_null(s);
    size_t n = fread(s, 1, FILE_MAX, f);
    fclose(f);
    s[n] = '\0';
    return s;
}

/* ---- the scanner ---------------------------------------------------------------- */

/* The first literal sentence of one text (element text or an attribute value), with its
 * mustache tags already taken out: two or more words, a word being a run of letters (an
 * apostrophe inside one keeps it one word). Entities are skipped. Writes it to found. */
static int sentence_in(const char *s, size_t n, char *found, size_t cap)
{
    int words = 0;
    const char *first = NULL, *last = NULL;
    for (size_t i = 0; i < n;) {
        if (s[i] == '&') { /* &amp; &nbsp; &#8212; */
            size_t j = i + 1;
            while (j < n && j - i < 10 && (isalnum((unsigned char)s[j]) || s[j] == '#'))
                j++;
            if (j < n && s[j] == ';') {
                i = j + 1;
                continue;
            }
        }
        if (isalpha((unsigned char)s[i])) {
            size_t j = i;
            while (j < n && (isalpha((unsigned char)s[j]) ||
                             (s[j] == '\'' && j + 1 < n && isalpha((unsigned char)s[j + 1]))))
                j++;
            if (!first)
                first = s + i;
            last = s + j;
            words++;
            i = j;
            continue;
        }
        i++;
    }
    if (words < 2)
        return 0;
    snprintf(found, cap, "%.*s", (int)(last - first), first);
    for (char *c = found; *c; c++)
        if (*c == '\n' || *c == '\t')
            *c = ' ';
    return 1;
}

/* src with every {{...}} tag removed (a tag is transparent: "Hello {{name}} there" is still
 * a sentence), HTML comments blanked and <script>/<style> bodies blanked. Caller frees. */
static char *strip_mustache(const char *src)
{
    size_t n = strlen(src);
    char *out = malloc(n + 1), *o = out;
    assert_non_null(out);
    for (const char *p = src; *p;) {
        if (p[0] == '{' && p[1] == '{') {
            const char *e = strstr(p, p[2] == '{' ? "}}}" : "}}");
            if (!e)
                break;
            p = e + (p[2] == '{' ? 3 : 2);
            continue;
        }
        if (*p == '\n') /* lines are kept, so a finding names its line */
            *o++ = '\n';
        else
            *o++ = *p;
        p++;
    }
    *o = '\0';
    return out;
}

/* Attributes whose value a person reads (or hears, or sees on a narrow screen). */
static int readable_attr(const char *name, size_t n)
{
    static const char *const names[] = {
        "title", "alt", "placeholder", "aria-label", "aria-description", "data-label", "label"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strlen(names[i]) == n && strncasecmp(names[i], name, n) == 0)
            return 1;
    return 0;
}

static unsigned line_of(const char *base, const char *at)
{
    unsigned l = 1;
    for (const char *c = base; c < at; c++)
        l += *c == '\n';
    return l;
}

/* Report each literal sentence of the template text src (named file) to stderr; return how
 * many there are. */
static int literal_sentences(const char *file, const char *src, int quiet)
{
    char *t = strip_mustache(src), found[200];
    int count = 0;
    const char *p = t;
    while (*p) {
        const char *lt = strchr(p, '<');
        const char *end = lt ? lt : p + strlen(p);
        if (sentence_in(p, (size_t)(end - p), found, sizeof found)) {
            if (!quiet)
                fprintf(stderr, "%s:%u: \"%s\"\n", file, line_of(t, p), found);
            count++;
        }
        if (!lt)
            break;
        if (strncmp(lt, "<!--", 4) == 0) {
            const char *e = strstr(lt, "-->");
            p = e ? e + 3 : lt + strlen(lt);
            continue;
        }
        const char *gt = strchr(lt, '>');
        if (!gt)
            break;
        /* The tag's readable attributes: name="value" or name='value'. */
        for (const char *a = lt + 1; a < gt; a++) {
            if (!(isalpha((unsigned char)*a) && isspace((unsigned char)a[-1])))
                continue;
            const char *ne = a;
            while (ne < gt && (isalnum((unsigned char)*ne) || *ne == '-'))
                ne++;
            if (ne + 1 >= gt || ne[0] != '=' || (ne[1] != '"' && ne[1] != '\'')) {
                a = ne;
                continue;
            }
            const char *v = ne + 2, *ve = strchr(v, ne[1]);
            if (!ve || ve > gt)
                break;
            if (readable_attr(a, (size_t)(ne - a)) &&
                sentence_in(v, (size_t)(ve - v), found, sizeof found)) {
                if (!quiet)
                    fprintf(stderr, "%s:%u: %.*s=\"%s\"\n", file, line_of(t, a), (int)(ne - a), a,
                            found);
                count++;
            }
            a = ve;
        }
        /* A script's or style's body is code, not text. */
        const char *body_end = NULL;
        if (strncasecmp(lt, "<script", 7) == 0)
            body_end = strcasestr(gt, "</script");
        else if (strncasecmp(lt, "<style", 6) == 0)
            body_end = strcasestr(gt, "</style");
        p = body_end ? body_end : gt + 1;
    }
    free(t);
    return count;
}

/* ---- the tests ------------------------------------------------------------------ */

static void test_the_scanner_finds_a_literal_sentence_and_nothing_else(void **state)
{
    (void)state;
    static const struct {
        const char *src;
        int want;
    } cases[] = {
        {"<p>Sign in</p>", 1},
        {"<p>{{@login.submit}}</p>", 0},
        {"<p>Hello {{name}} there</p>", 1},
        {"<p>{{name}}</p><p>Home</p>", 0},
        {"<td>Date</td><td>Total</td>", 0},
        {"<a href=\"/x\" aria-label=\"Main menu\">{{@x}}</a>", 1},
        {"<span data-label=\"Date signed\">{{x}}</span>", 1},
        {"<span data-label=\"Answers 1–10\">{{x}}</span>", 0},
        {"<input class=\"btn primary\" name=\"first name\">", 0},
        {"<p>&amp; &nbsp; ≥ 47 · 42 CFR 2.32</p><dt>(4)(iii)</dt>", 0},
        {"<script>var a = b;</script><style>p { color: red }</style>", 0},
        {"<!-- a comment here --><p>{{! a mustache comment }}</p>", 0},
        {"<p>{{#x}}device's own{{/x}}</p>", 1},
        {"<p title='Two words'></p>", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        if (literal_sentences("case", cases[i].src, 1) != cases[i].want)
            fail_msg("case %zu (%s): expected %d", i, cases[i].src, cases[i].want);
}

static int allowed(const char *list, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = list; p && *p;) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        while (len && (p[len - 1] == ' ' || p[len - 1] == '\r'))
            len--;
        if (*p != '#' && len == n && strncmp(p, name, n) == 0)
            return 1;
        p = e ? e + 1 : p + len;
    }
    return 0;
}

static void test_no_converted_template_holds_a_literal_sentence(void **state)
{
    (void)state;
    char *list = slurp(ALLOW_LIST);
    if (!list)
        fail_msg("cannot read %s/%s", root, ALLOW_LIST);
    char dir[PATH_MAX + 16];
    snprintf(dir, sizeof dir, "%s/templates", root);
    DIR *d = opendir(dir);
    assert_non_null(d);
    int bad = 0, files = 0;
    for (struct dirent *e; (e = readdir(d));) {
        size_t n = strlen(e->d_name);
        if (n < 10 || strcmp(e->d_name + n - 9, ".mustache") != 0)
            continue;
        files++;
        char rel[PATH_MAX];
        snprintf(rel, sizeof rel, "templates/%s", e->d_name);
        char *src = slurp(rel);
        assert_non_null(src);
        int pending = allowed(list, e->d_name);
        int found = literal_sentences(rel, src, pending);
        if (found && !pending) {
            fprintf(stderr, "%s: %d literal sentence(s) above; put them in messages/*.txt\n", rel,
                    found);
            bad++;
        }
        if (!found && pending) {
            fprintf(stderr, "%s holds no literal sentence: remove it from %s\n", rel, ALLOW_LIST);
            bad++;
        }
        free(src);
    }
    closedir(d);
    /* Every name on the list is a template that exists. */
    for (const char *p = list; *p;) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len && *p != '#') {
            char rel[PATH_MAX];
            snprintf(rel, sizeof rel, "templates/%.*s", (int)len, p);
            char *src = slurp(rel);
            if (!src) {
                fprintf(stderr, "%s names %s, which does not exist\n", ALLOW_LIST, rel);
                bad++;
            }
            free(src);
        }
        p = e ? e + 1 : p + len;
    }
    free(list);
    assert_true(files >= 30);
    assert_int_equal(bad, 0);
}

int main(void)
{
    find_root();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_scanner_finds_a_literal_sentence_and_nothing_else),
        cmocka_unit_test(test_no_converted_template_holds_a_literal_sentence),
    };
    return cmocka_run_group_tests_name("msg_templates", tests, NULL, NULL);
}
