/* test_msg.c - the message catalog (issue 10, item 1): English and Spanish hold the same ids
 * with the same placeholders, plural forms follow CLDR, the language is chosen from the
 * user's setting, Accept-Language and the organization's default, a missing message falls
 * back to English and then its id, and a broken catalog file is refused naming its line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "http.h"
#include "msg.h"
#include "tmpl.h"

static int setup(void **state)
{
    (void)state;
    char err[240];
    if (msg_init(err, sizeof err) != 0) {
        fprintf(stderr, "catalog: %s\n", err);
        return -1;
    }
    return 0;
}

/* Does lang have exactly this key (plural forms with their category)? */
static int has_key(const char *lang, const char *key)
{
    const char *k;
    for (size_t i = 0; (k = msg_key_at(lang, i, NULL)); i++)
        if (strcmp(k, key) == 0)
            return 1;
    return 0;
}

/* The text stored under key in lang (the plain or plural form), for the placeholder check. */
static const char *text_of(const char *lang, const char *key)
{
    const char *br = strchr(key, '[');
    if (!br)
        return msg(lang, key);
    char id[200], cat[16];
    snprintf(id, sizeof id, "%.*s", (int)(br - key), key);
    snprintf(cat, sizeof cat, "%.*s", (int)(strlen(br) - 2), br + 1);
    /* Find a count of that category (0..2000000 covers every CLDR rule of a catalog here). */
    static const long long probes[] = {0, 1, 2, 3, 5, 11, 21, 100, 1000000};
    for (size_t i = 0; i < sizeof probes / sizeof *probes; i++)
        if (strcmp(msg_category(lang, probes[i]), cat) == 0)
            return msg_plural_text(lang, id, probes[i]);
    return NULL;
}

static void test_english_and_spanish_are_both_in_the_catalog(void **state)
{
    (void)state;
    assert_true(msg_lang_count() >= 2);
    int en = 0, es = 0;
    for (size_t i = 0; i < msg_lang_count(); i++) {
        en |= strcmp(msg_lang_code(i), "en") == 0;
        es |= strcmp(msg_lang_code(i), "es") == 0;
    }
    assert_true(en && es);
    assert_null(msg_lang_code(msg_lang_count()));
}

/* (a) Every key of every language is in every other (a "# review:" one counts as present); a
 * plural form only where the other language has that category. */
static void test_every_key_exists_in_every_language(void **state)
{
    (void)state;
    int missing = 0;
    for (size_t a = 0; a < msg_lang_count(); a++)
        for (size_t b = 0; b < msg_lang_count(); b++) {
            const char *la = msg_lang_code(a), *lb = msg_lang_code(b), *k;
            if (a == b)
                continue;
            for (size_t i = 0; (k = msg_key_at(la, i, NULL)); i++) {
                const char *br = strchr(k, '[');
                if (br) {
                    char cat[16];
                    snprintf(cat, sizeof cat, "%.*s", (int)(strlen(br) - 2), br + 1);
                    if (!msg_has_category(lb, cat))
                        continue;
                }
                if (!has_key(lb, k)) {
                    fprintf(stderr, "'%s' is in %s.txt but not in %s.txt\n", k, la, lb);
                    missing++;
                }
            }
        }
    assert_int_equal(missing, 0);
}

/* (b) The same placeholders on both sides: one lost in a translation would drop a value, an
 * extra one would show as "{name}". */
static void test_every_placeholder_of_a_message_is_in_its_translation(void **state)
{
    (void)state;
    int bad = 0;
    const char *k;
    for (size_t l = 0; l < msg_lang_count(); l++) {
        const char *lang = msg_lang_code(l);
        if (strcmp(lang, "en") == 0)
            continue;
        for (size_t i = 0; (k = msg_key_at("en", i, NULL)); i++) {
            const char *src = text_of("en", k);
            const char *dst = has_key(lang, k) ? text_of(lang, k) : NULL;
            if (!src || !dst)
                continue; /* the completeness test reports it */
            const char *sides[2][2] = {{src, dst}, {dst, src}};
            for (int s = 0; s < 2; s++) {
                const char *p = sides[s][0], *at, *nm;
                size_t nn;
                while (msg_next_placeholder(p, &at, &nm, &nn)) {
                    char ph[80];
                    snprintf(ph, sizeof ph, "{%.*s}", (int)nn, nm);
                    if (!strstr(sides[s][1], ph)) {
                        fprintf(stderr, "%s: %s is in the %s text only\n", k, ph,
                                s ? lang : "English");
                        bad++;
                    }
                    p = nm + nn + 1;
                }
            }
        }
    }
    assert_int_equal(bad, 0);
}

/* (c) CLDR: English and Spanish "one" is exactly 1; Spanish "many" is an exact million. */
static void test_plural_categories_follow_cldr_for_english_and_spanish(void **state)
{
    (void)state;
    static const struct {
        long long n;
        const char *en, *es;
    } cases[] = {
        {0, "other", "other"},      {1, "one", "one"},          {2, "other", "other"},
        {21, "other", "other"},     {101, "other", "other"},    {-1, "one", "one"},
        {1000000, "other", "many"}, {2000000, "other", "many"}, {1000001, "other", "other"}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        assert_string_equal(msg_category("en", cases[i].n), cases[i].en);
        assert_string_equal(msg_category("es", cases[i].n), cases[i].es);
    }
    arena *a = arena_new();
    assert_string_equal(msg_plural(a, "en", "barc10.chart_desc", 1, "first", "2026-01-05", "last",
                                   "2026-01-05", "latest", "40", NULL),
                        "1 assessment, on 2026-01-05; total 40 of 60.");
    assert_string_equal(msg_plural(a, "en", "barc10.chart_desc", 21, "first", "2026-01-05", "last",
                                   "2026-03-01", "latest", "52", NULL),
                        "21 assessments from 2026-01-05 to 2026-03-01; latest total 52 of 60.");
    assert_string_equal(
        msg_plural(a, "es", "barc10.chart_desc", 0, "first", "", "last", "", "latest", "0", NULL),
        "0 evaluaciones del  al ; último total 0 de 60.");
    assert_string_equal(msg_plural(a, "es", "barc10.chart_desc", 2, "first", "2026-01-05", "last",
                                   "2026-03-01", "latest", "52", NULL),
                        "2 evaluaciones del 2026-01-05 al 2026-03-01; último total 52 de 60.");
    /* No [many] form in the file: an exact million uses [other]. */
    assert_non_null(strstr(msg_plural_text("es", "barc10.chart_desc", 1000000), "evaluaciones"));
    arena_free(a);
}

/* (d) Negotiation: the user's setting, then Accept-Language by q, then the organization. */
static void test_language_is_the_users_then_the_browsers_then_the_organizations(void **state)
{
    (void)state;
    static const struct {
        const char *user, *accept, *org, *want;
    } cases[] = {
        {NULL, NULL, NULL, "en"},
        {NULL, "es-MX,es;q=0.9,en;q=0.5", NULL, "es"},
        {NULL, "fr-FR,fr;q=0.9,es;q=0.8,en;q=0.7", "en", "es"},
        {NULL, "en;q=0.3, es;q=0.7", NULL, "es"},
        {NULL, "es;q=0, en", "es", "en"},
        {NULL, "es;q=0", "es", "es"},
        {NULL, "*", "es", "es"},
        {NULL, "de-DE, fr;q=0.5", "es", "es"},
        {NULL, "es, en", NULL, "es"},
        {NULL, "en;q=0.95, es;q=1.0", NULL, "es"},
        {NULL, "EN-gb", "es", "en"},
        {"en", "es", "es", "en"},
        {"ES-mx", "en", "en", "es"},
        {"xx", ";;;q=,,, ;q=0.5", NULL, "en"},
        {"", "", "", "en"},
        {NULL, "es-419;q=0.8", "en", "es"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *got = msg_choose(cases[i].user, cases[i].accept, cases[i].org);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("msg_choose(%s, %s, %s) is %s, expected %s",
                     cases[i].user ? cases[i].user : "NULL",
                     cases[i].accept ? cases[i].accept : "NULL",
                     cases[i].org ? cases[i].org : "NULL", got, cases[i].want);
    }
}

static void test_a_recoverees_language_field_names_a_catalog_language(void **state)
{
    (void)state;
    assert_string_equal(msg_lang_of("Spanish"), "es");
    assert_string_equal(msg_lang_of("spanish"), "es");
    assert_string_equal(msg_lang_of("Español"), "es");
    assert_string_equal(msg_lang_of("es-MX"), "es");
    assert_string_equal(msg_lang_of("French, Spanish"), "es");
    assert_string_equal(msg_lang_of("english"), "en");
    assert_null(msg_lang_of("French"));
    assert_null(msg_lang_of("Esperanto"));
    assert_null(msg_lang_of(""));
    assert_null(msg_lang_of(NULL));
}

static void test_a_missing_message_falls_back_to_english_then_to_its_id(void **state)
{
    (void)state;
    assert_string_equal(msg("es", "nav.home"), "Inicio");
    assert_string_equal(msg("es-MX", "nav.home"), "Inicio");
    assert_string_equal(msg("en", "nav.home"), "Home");
    assert_string_equal(msg(NULL, "nav.home"), "Home");
    assert_string_equal(msg("fr", "nav.home"), "Home");
    assert_string_equal(msg("es", "no.such.message"), "no.such.message");
    assert_string_equal(msg("es", NULL), "(no message id)");
    assert_string_equal(msg("es", ""), "(no message id)");
    arena *a = arena_new();
    assert_string_equal(msg_fmt(a, "es", "error.code", "code", "not_found", NULL),
                        "Código de error: not_found");
    /* A placeholder without a value stays visible rather than vanishing. */
    assert_string_equal(msg_fmt(a, "en", "error.code", NULL), "Error code: {code}");
    assert_string_equal(msg_fmt(a, "en", "error.code", "code", NULL, NULL), "Error code: ");
    arena_free(a);
}

/* BARC-10 in Spanish: no published translation is at hand, so every statement is marked for
 * review and keeps the English original (never a translation of our own). */
static void test_barc10_spanish_items_are_marked_for_review_with_the_english_text(void **state)
{
    (void)state;
    for (int i = 1; i <= 10; i++) {
        char id[32];
        snprintf(id, sizeof id, "barc10.item.%d", i);
        assert_true(msg_in_review("es", id));
        assert_false(msg_in_review("en", id));
        assert_string_equal(msg("es", id), msg("en", id));
    }
    assert_false(msg_in_review("es", "nav.home"));
    assert_true(msg_in_review("es", "no.such.message"));
}

static void test_a_broken_catalog_file_is_refused_naming_its_line(void **state)
{
    (void)state;
    static const struct {
        const char *name, *text, *want;
    } cases[] = {
        {"xx.txt", "a = b\nno equals sign\n", "messages/xx.txt line 2: no '=' after the id"},
        {"xx.txt", "a = b\na = c\n", "line 2: message 'a' is defined twice"},
        {"xx.txt", "a =\n", "line 1: message 'a' is empty"},
        {"xx.txt", "a[few = x\n", "line 1: 'a[few': a plural form is one of"},
        {"xx.txt", "a[some] = x\n", "line 1: 'a[some]': a plural form"},
        {"xx.txt", "a[one] = x\n", "messages/xx.txt: plural message 'a' has no [other] form"},
        {"xx.txt", "@plural.one = n == 1\n", "line 1: plural rule 'n == 1' is not"},
        {"xx.txt", "@plural.one = q = 1\n", "is not a CLDR condition"},
        {"xx.txt", "@colour = red\n", "line 1: unknown setting '@colour'"},
        {"xx.txt", "  stray\n", "line 1: an indented line continues no message"},
        {"xx.txt", "1abc = x\n", "line 1: '1abc' is not a message id"},
        {"x.txt", "a = b\n", "the file name is not a language code"},
    };
    char err[240];
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        err[0] = '\0';
        assert_int_equal(msg_check(cases[i].name, cases[i].text, err, sizeof err), -1);
        if (!strstr(err, cases[i].want))
            fail_msg("case %zu: '%s' lacks '%s'", i, err, cases[i].want);
    }
}

/* A third language is one file: its own name, its words, its CLDR plural rules (French: 0
 * and 1 are "one"; Polish: few and many), continuation lines and review markers. */
static void test_a_third_language_is_one_file(void **state)
{
    (void)state;
    static const char fr[] = "@name = Français\n@match = french, français\n"
                             "@plural.one = i = 0,1 @integer 0, 1\n"
                             "# review: to be checked\n"
                             "nav.home = Accueil\n"
                             "app.privacy = peerdesk protège\n    les dossiers.\n"
                             "x.count[one] = {n} dossier\nx.count[other] = {n} dossiers\n";
    static const char pl[] = "@plural.one = i = 1 and v = 0\n"
                             "@plural.few = v = 0 and i % 10 = 2..4 and i % 100 != 12..14\n"
                             "@plural.many = v = 0 and i != 1 and i % 10 = 0..1 or v = 0 and "
                             "i % 10 = 5..9 or v = 0 and i % 100 = 12..14\n"
                             "x[one] = a\nx[few] = b\nx[many] = c\nx[other] = d\n";
    char err[240] = "";
    if (msg_check("fr.txt", fr, err, sizeof err) != 0 || msg_check("pl.txt", pl, err, sizeof err))
        fail_msg("%s", err);
    if (msg_check("pt-BR.txt", "a = b\n", err, sizeof err) != 0)
        fail_msg("%s", err);
}

/* Render src with the JSON model, for the template tests. */
static void expect_render(const char *src, const char *model, const char *want)
{
    json_error_t je;
    json_t *m = json_loads(model, 0, &je);
    assert_non_null(m);
    buf b;
    buf_init(&b);
    char err[200];
    if (tmpl_render(&b, src, m, NULL, NULL, err, sizeof err) != 0)
        fail_msg("%s: %s", src, err);
    if (strcmp(b.data ? b.data : "", want) != 0)
        fail_msg("%s rendered \"%s\", expected \"%s\"", src, b.data ? b.data : "", want);
    buf_free(&b);
    json_decref(m);
}

/* {{@id}}: the nearest "lang" decides, so a recoveree's document inside a staff page is in
 * the recoveree's language and the page around it in the reader's. */
static void test_a_message_tag_renders_in_the_nearest_language_of_the_context(void **state)
{
    (void)state;
    expect_render("{{@nav.home}}", "{}", "Home");
    expect_render("{{@nav.home}}", "{\"lang\":\"es\"}", "Inicio");
    expect_render(
        "{{@nav.home}}|{{#doc}}{{@nav.home}}|{{#x}}{{@nav.home}}{{/x}}{{/doc}}|{{@nav.home}}",
        "{\"lang\":\"en\",\"doc\":{\"lang\":\"es\",\"x\":{\"y\":1}}}", "Home|Inicio|Inicio|Home");
    expect_render("{{@nav.home}}", "{\"lang\":\"fr\"}", "Home");
    expect_render("<b>{{@no.such.id}}</b>", "{}", "<b>no.such.id</b>");
}

static void test_a_message_tag_escapes_its_text_and_fills_placeholders_escaped(void **state)
{
    (void)state;
    expect_render("{{@app.crisis_line}}", "{}", "(Suicide &amp; Crisis Lifeline), any time.");
    expect_render("{{#error}}{{@error.code}}{{/error}}",
                  "{\"lang\":\"es\",\"error\":{\"code\":\"<script>\"}}",
                  "Código de error: &lt;script&gt;");
    expect_render("{{@disclosure.patient}}", "{\"name\":\"Ana\",\"id\":7}",
                  "Patient: Ana (record 7)");
    expect_render("{{@error.code}}", "{}", "Error code: ");
}

static void test_a_plural_message_tag_picks_the_form_by_its_count(void **state)
{
    (void)state;
    const char *tpl = "{{@barc10.chart_desc total}}";
    expect_render(tpl, "{\"total\":1,\"first\":\"d1\",\"latest\":40}",
                  "1 assessment, on d1; total 40 of 60.");
    expect_render(tpl, "{\"total\":21,\"first\":\"d1\",\"last\":\"d2\",\"latest\":50}",
                  "21 assessments from d1 to d2; latest total 50 of 60.");
    expect_render(
        tpl, "{\"lang\":\"es\",\"total\":\"2\",\"first\":\"d1\",\"last\":\"d2\",\"latest\":50}",
        "2 evaluaciones del d1 al d2; último total 50 de 60.");
    expect_render(tpl,
                  "{\"lang\":\"es\",\"total\":0,\"first\":\"d1\",\"last\":\"d2\",\"latest\":0}",
                  "0 evaluaciones del d1 al d2; último total 0 de 60.");
    char err[200] = "";
    assert_null(tmpl_compile("{{@a b c}}", err, sizeof err));
    assert_non_null(strstr(err, "line 1: message tag 'a b c': an id and at most one count"));
}

/* The catalog loads once however many threads ask first; lookups after are only reads. */
static void *reader(void *arg)
{
    (void)arg;
    for (int i = 0; i < 2000; i++)
        if (strcmp(msg(i % 2 ? "es" : "en", "nav.home"), i % 2 ? "Inicio" : "Home") != 0)
            return (void *)1;
    return NULL;
}

static void test_lookups_from_many_threads_agree(void **state)
{
    (void)state;
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&t[i], NULL, reader, NULL), 0);
    for (int i = 0; i < 4; i++) {
        void *rc;
        pthread_join(t[i], &rc);
        assert_null(rc);
    }
}

/* A message about a field names it in words in every language (issue 10: "messages name
 * internal fields"): every input field of every route has a label (field.NAME), except the
 * form's own hidden markers (names starting with '_'). */
static void test_every_route_field_has_a_label_in_every_language(void **state)
{
    (void)state;
    int missing = 0;
    for (size_t i = 0; i < nroutes; i++)
        for (const struct field *f = routes[i].fields; f && f->name; f++) {
            if (f->name[0] == '_')
                continue;
            char id[96];
            snprintf(id, sizeof id, "field.%s", f->name);
            for (size_t k = 0; k < msg_lang_count(); k++)
                if (!msg_find(msg_lang_code(k), id)) {
                    fprintf(stderr, "%s %s: no %s in %s\n", routes[i].method, routes[i].pattern,
                            id, msg_lang_code(k));
                    missing++;
                }
        }
    assert_int_equal(missing, 0);
}

/* A missing id is answered as a copy the catalog keeps: the caller's id may be a buffer that goes
 * away (a label built on the stack), and the answer must outlive it. */
static void test_a_missing_id_is_answered_with_a_copy_not_the_callers_buffer(void **state)
{
    (void)state;
    char id[32];
    snprintf(id, sizeof id, "%s", "no.such.label-x");
    const char *got = msg("en", id);
    assert_ptr_not_equal(got, id);
    memset(id, 'z', sizeof id - 1);
    assert_string_equal(got, "no.such.label-x");
    assert_ptr_equal(msg("es", "no.such.label-x"), got); /* one copy per id */
}

int main(void)
{
    /* First, with no setup: the threads race to load the catalog. */
    const struct CMUnitTest first[] = {
        cmocka_unit_test(test_lookups_from_many_threads_agree),
    };
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_missing_id_is_answered_with_a_copy_not_the_callers_buffer),
        cmocka_unit_test(test_english_and_spanish_are_both_in_the_catalog),
        cmocka_unit_test(test_every_key_exists_in_every_language),
        cmocka_unit_test(test_every_placeholder_of_a_message_is_in_its_translation),
        cmocka_unit_test(test_plural_categories_follow_cldr_for_english_and_spanish),
        cmocka_unit_test(test_language_is_the_users_then_the_browsers_then_the_organizations),
        cmocka_unit_test(test_a_recoverees_language_field_names_a_catalog_language),
        cmocka_unit_test(test_a_missing_message_falls_back_to_english_then_to_its_id),
        cmocka_unit_test(test_barc10_spanish_items_are_marked_for_review_with_the_english_text),
        cmocka_unit_test(test_a_broken_catalog_file_is_refused_naming_its_line),
        cmocka_unit_test(test_a_third_language_is_one_file),
        cmocka_unit_test(test_a_message_tag_renders_in_the_nearest_language_of_the_context),
        cmocka_unit_test(test_a_message_tag_escapes_its_text_and_fills_placeholders_escaped),
        cmocka_unit_test(test_a_plural_message_tag_picks_the_form_by_its_count),
        cmocka_unit_test(test_every_route_field_has_a_label_in_every_language),
    };
    int rc = cmocka_run_group_tests_name("msg_threads", first, NULL, NULL);
    return rc | cmocka_run_group_tests_name("msg", tests, setup, NULL);
}
