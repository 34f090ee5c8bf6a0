/* test_validate.c - request input: UTF-8, dates, form and JSON parsing, and checking against
 * declared fields. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "http.h"
#include "validate.h"

/* ---- fixture: a request with an arena and a route declaring the fields --- */

struct fx {
    struct req r;
    struct route rt;
};

static int fx_setup(void **state)
{
    struct fx *f = test_calloc(1, sizeof *f);
    f->r.a = arena_new();
    f->rt.method = "POST";
    f->rt.pattern = "/test";
    f->r.route = &f->rt;
    *state = f;
    return 0;
}

static int fx_teardown(void **state)
{
    struct fx *f = *state;
    arena_free(f->r.a);
    test_free(f);
    return 0;
}

/* Declare fields on the route (so req_str/req_int see them) and validate r's params. */
static int check(struct fx *f, const struct field *fields, const char **field, const char **why)
{
    f->rt.fields = fields;
    *field = NULL;
    *why = NULL;
    return validate_params(&f->r, fields, field, why);
}

static void form(struct fx *f, const char *s)
{
    assert_int_equal(parse_urlencoded(&f->r, s, strlen(s)), 0);
}

/* Validate the single form "s" against fields: 0 or -1. */
static int form_check(struct fx *f, const struct field *fields, const char *s, const char **why)
{
    const char *field;
    f->r.nparams = 0;
    form(f, s);
    return check(f, fields, &field, why);
}

#define U(s) (s), (sizeof(s) - 1)

/* ---- utf8_valid ------------------------------------------------------------- */

static void test_utf8_allows_ascii_and_1_to_4_byte_sequences(void **state)
{
    (void)state;
    assert_true(utf8_valid(U("")));
    assert_true(utf8_valid(U("plain ASCII ~\x7f")));
    assert_true(utf8_valid(U("\xc2\x80")));         /* U+0080, smallest 2-byte */
    assert_true(utf8_valid(U("jos\xc3\xa9")));      /* é */
    assert_true(utf8_valid(U("\xdf\xbf")));         /* U+07FF */
    assert_true(utf8_valid(U("\xe0\xa0\x80")));     /* U+0800, smallest 3-byte */
    assert_true(utf8_valid(U("\xe2\x82\xac")));     /* € */
    assert_true(utf8_valid(U("\xed\x9f\xbf")));     /* U+D7FF, just below surrogates */
    assert_true(utf8_valid(U("\xee\x80\x80")));     /* U+E000, just above */
    assert_true(utf8_valid(U("\xef\xbf\xbf")));     /* U+FFFF */
    assert_true(utf8_valid(U("\xf0\x90\x80\x80"))); /* U+10000, smallest 4-byte */
    assert_true(utf8_valid(U("\xf0\x9f\x98\x80"))); /* 😀 */
    assert_true(utf8_valid(U("\xf4\x8f\xbf\xbf"))); /* U+10FFFF, the last code point */
    assert_true(utf8_valid(U("a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80z")));
}

static void test_utf8_refuses_overlong_encodings(void **state)
{
    (void)state;
    assert_false(utf8_valid(U("\xc0\x80")));         /* NUL in 2 bytes */
    assert_false(utf8_valid(U("\xc0\xaf")));         /* '/' in 2 bytes */
    assert_false(utf8_valid(U("\xc1\xbf")));         /* U+007F in 2 bytes */
    assert_false(utf8_valid(U("\xe0\x80\xaf")));     /* '/' in 3 bytes */
    assert_false(utf8_valid(U("\xe0\x9f\xbf")));     /* U+07FF in 3 bytes */
    assert_false(utf8_valid(U("\xf0\x80\x80\xaf"))); /* '/' in 4 bytes */
    assert_false(utf8_valid(U("\xf0\x8f\xbf\xbf"))); /* U+FFFF in 4 bytes */
}

static void test_utf8_refuses_surrogates(void **state)
{
    (void)state;
    assert_false(utf8_valid(U("\xed\xa0\x80")));             /* U+D800 */
    assert_false(utf8_valid(U("\xed\xaf\xbf")));             /* U+DBFF */
    assert_false(utf8_valid(U("\xed\xb0\x80")));             /* U+DC00 */
    assert_false(utf8_valid(U("\xed\xbf\xbf")));             /* U+DFFF */
    assert_false(utf8_valid(U("\xed\xa0\xbd\xed\xb8\x80"))); /* CESU-8 pair for 😀 */
}

static void test_utf8_refuses_code_points_above_10ffff(void **state)
{
    (void)state;
    assert_false(utf8_valid(U("\xf4\x90\x80\x80"))); /* U+110000 */
    assert_false(utf8_valid(U("\xf5\x80\x80\x80")));
    assert_false(utf8_valid(U("\xf7\xbf\xbf\xbf")));
    assert_false(utf8_valid(U("\xf8\x88\x80\x80\x80"))); /* 5-byte form */
    assert_false(utf8_valid(U("\xfc\x84\x80\x80\x80\x80")));
    assert_false(utf8_valid(U("\xfe")));
    assert_false(utf8_valid(U("\xff")));
}

static void test_utf8_refuses_truncated_sequences(void **state)
{
    (void)state;
    assert_false(utf8_valid(U("\xc3")));
    assert_false(utf8_valid(U("abc\xc3")));
    assert_false(utf8_valid(U("\xe2\x82")));
    assert_false(utf8_valid(U("\xf0\x9f\x98")));
    assert_false(utf8_valid(U("\xf0\x9f")));
    /* The length is n, not the NUL: a whole é cut at n = 1 is truncated. */
    assert_false(utf8_valid("\xc3\xa9", 1));
    assert_true(utf8_valid("\xc3\xa9", 2));
    assert_false(utf8_valid("\xf0\x9f\x98\x80", 3));
}

static void test_utf8_refuses_stray_and_missing_continuation_bytes(void **state)
{
    (void)state;
    assert_false(utf8_valid(U("\x80")));
    assert_false(utf8_valid(U("a\xbf"
                              "b")));
    assert_false(utf8_valid(U("\xc3\x28"))); /* lead then ASCII */
    assert_false(utf8_valid(U("\xe2\x28\xa1")));
    assert_false(utf8_valid(U("\xe2\x82\x28")));
    assert_false(utf8_valid(U("\xf0\x9f\x98\x28")));
    assert_false(utf8_valid(U("\xc3\xa9\xa9"))); /* one continuation too many */
}

/* ---- date_valid -------------------------------------------------------------- */

static void test_date_allows_2024_02_29_but_not_2023_02_29(void **state)
{
    (void)state;
    assert_true(date_valid("2024-02-29"));
    assert_false(date_valid("2023-02-29"));
    assert_true(date_valid("2023-02-28"));
    assert_false(date_valid("2024-02-30"));
}

static void test_date_leap_years_follow_the_century_rule(void **state)
{
    (void)state;
    assert_true(date_valid("2000-02-29"));
    assert_false(date_valid("1900-02-29"));
    assert_false(date_valid("2100-02-29"));
    assert_true(date_valid("2096-02-29"));
}

static void test_date_years_are_1900_to_2200(void **state)
{
    (void)state;
    assert_true(date_valid("1900-01-01"));
    assert_true(date_valid("2200-12-31"));
    assert_false(date_valid("1899-12-31"));
    assert_false(date_valid("2201-01-01"));
    assert_false(date_valid("0000-01-01"));
    assert_false(date_valid("9999-12-31"));
}

static void test_date_months_and_days_are_real(void **state)
{
    (void)state;
    assert_true(date_valid("2024-01-31"));
    assert_true(date_valid("2024-04-30"));
    assert_false(date_valid("2024-04-31"));
    assert_false(date_valid("2024-06-31"));
    assert_false(date_valid("2024-09-31"));
    assert_false(date_valid("2024-11-31"));
    assert_true(date_valid("2024-12-31"));
    assert_false(date_valid("2024-12-32"));
    assert_false(date_valid("2024-13-01"));
    assert_false(date_valid("2024-00-10"));
    assert_false(date_valid("2024-01-00"));
}

static void test_date_must_be_exactly_yyyy_mm_dd(void **state)
{
    (void)state;
    assert_false(date_valid(""));
    assert_false(date_valid("2024-1-01"));
    assert_false(date_valid("2024-01-1"));
    assert_false(date_valid("2024/01/01"));
    assert_false(date_valid("20240101"));
    assert_false(date_valid("2024-01-01T00:00"));
    assert_false(date_valid("2024-01-01 "));
    assert_false(date_valid(" 2024-01-01"));
    assert_false(date_valid("2024-01-0a"));
    assert_false(date_valid("+024-01-01"));
    assert_false(date_valid("2024-+1-01"));
    assert_false(date_valid("2024--1-01"));
    assert_false(date_valid("01-01-2024"));
}

/* ---- parse_urlencoded ---------------------------------------------------------- */

static void test_urlencoded_splits_pairs_and_decodes_percent_and_plus(void **state)
{
    struct fx *f = *state;
    form(f, "name=Ann+Lee&note=50%25+off%21&x=%41%62%2b");
    assert_int_equal(f->r.nparams, 3);
    assert_string_equal(param_raw(&f->r, "name"), "Ann Lee");
    assert_string_equal(param_raw(&f->r, "note"), "50% off!");
    assert_string_equal(param_raw(&f->r, "x"), "Ab+");
}

static void test_urlencoded_decodes_names_too(void **state)
{
    struct fx *f = *state;
    form(f, "first+name=A&a%5Bb%5D=B");
    assert_string_equal(param_raw(&f->r, "first name"), "A");
    assert_string_equal(param_raw(&f->r, "a[b]"), "B");
}

static void test_urlencoded_keeps_malformed_percent_sequences_literally(void **state)
{
    struct fx *f = *state;
    form(f, "a=%zz&b=100%&c=%4&d=%%41");
    assert_string_equal(param_raw(&f->r, "a"), "%zz");
    assert_string_equal(param_raw(&f->r, "b"), "100%");
    assert_string_equal(param_raw(&f->r, "c"), "%4");
    assert_string_equal(param_raw(&f->r, "d"), "%A");
}

static void test_urlencoded_percent_at_the_very_end_is_decoded(void **state)
{
    struct fx *f = *state;
    form(f, "a=x%41");
    assert_string_equal(param_raw(&f->r, "a"), "xA");
}

static void test_urlencoded_name_without_equals_has_empty_value(void **state)
{
    struct fx *f = *state;
    form(f, "flag&b=2");
    assert_int_equal(f->r.nparams, 2);
    assert_string_equal(param_raw(&f->r, "flag"), "");
    assert_string_equal(param_raw(&f->r, "b"), "2");
}

static void test_urlencoded_skips_empty_pairs(void **state)
{
    struct fx *f = *state;
    form(f, "&&a=1&&&b=&");
    assert_int_equal(f->r.nparams, 2);
    assert_string_equal(param_raw(&f->r, "a"), "1");
    assert_string_equal(param_raw(&f->r, "b"), "");
    assert_null(param_raw(&f->r, ""));
}

static void test_urlencoded_value_may_contain_equals(void **state)
{
    struct fx *f = *state;
    form(f, "a==b=c");
    assert_int_equal(f->r.nparams, 1);
    assert_string_equal(param_raw(&f->r, "a"), "=b=c");
}

static void test_urlencoded_empty_body_has_no_params(void **state)
{
    struct fx *f = *state;
    form(f, "");
    assert_int_equal(f->r.nparams, 0);
}

static void test_urlencoded_respects_the_given_length(void **state)
{
    struct fx *f = *state;
    const char *s = "a=1&b=2";
    assert_int_equal(parse_urlencoded(&f->r, s, 3), 0);
    assert_int_equal(f->r.nparams, 1);
    assert_string_equal(param_raw(&f->r, "a"), "1");
    assert_null(param_raw(&f->r, "b"));
}

static void test_urlencoded_allows_max_params_and_refuses_one_more(void **state)
{
    struct fx *f = *state;
    buf b;
    buf_init(&b);
    for (int i = 0; i < MAX_PARAMS; i++)
        buf_printf(&b, "%sp%d=%d", i ? "&" : "", i, i);
    assert_int_equal(parse_urlencoded(&f->r, b.data, b.len), 0);
    assert_int_equal(f->r.nparams, MAX_PARAMS);
    assert_string_equal(param_raw(&f->r, "p127"), "127");

    f->r.nparams = 0;
    buf_puts(&b, "&one=more");
    assert_int_equal(parse_urlencoded(&f->r, b.data, b.len), -1);
    assert_int_equal(f->r.nparams, MAX_PARAMS);
    buf_free(&b);
}

/* ---- parse_json_body ------------------------------------------------------------- */

static int json(struct fx *f, const char *s)
{
    return parse_json_body(&f->r, s, strlen(s));
}

static void test_json_takes_strings_integers_and_booleans(void **state)
{
    struct fx *f = *state;
    assert_int_equal(json(f, "{\"name\":\"Ann \\u00e9\",\"n\":-42,\"big\":9007199254740993,"
                             "\"yes\":true,\"no\":false}"),
                     0);
    assert_int_equal(f->r.nparams, 5);
    assert_string_equal(param_raw(&f->r, "name"), "Ann \xc3\xa9");
    assert_string_equal(param_raw(&f->r, "n"), "-42");
    assert_string_equal(param_raw(&f->r, "big"), "9007199254740993");
    assert_string_equal(param_raw(&f->r, "yes"), "1");
    assert_string_equal(param_raw(&f->r, "no"), "0");
}

static void test_json_null_is_absent(void **state)
{
    struct fx *f = *state;
    assert_int_equal(json(f, "{\"a\":null,\"b\":\"x\"}"), 0);
    assert_int_equal(f->r.nparams, 1);
    assert_null(param_raw(&f->r, "a"));
    assert_string_equal(param_raw(&f->r, "b"), "x");
}

static void test_json_empty_object_has_no_params(void **state)
{
    struct fx *f = *state;
    assert_int_equal(json(f, "{}"), 0);
    assert_int_equal(f->r.nparams, 0);
}

/* Record ids come as JSON numbers: an array of whole numbers is a list like one of strings
 * ("recoverees": [42, 43] for a group service, SV-1). */
static void test_json_array_of_whole_numbers_is_a_list(void **state)
{
    struct fx *f = *state;
    assert_int_equal(json(f, "{\"a\":[42,-7]}"), 0);
    assert_int_equal(f->r.nparams, 2);
    assert_string_equal(f->r.params[0].value, "42");
    assert_string_equal(f->r.params[1].value, "-7");
    assert_true(f->r.params[0].in_array);
}

static void test_json_refuses_nested_objects_and_arrays(void **state)
{
    struct fx *f = *state;
    assert_int_equal(json(f, "{\"a\":{\"b\":1}}"), -2);
    assert_int_equal(json(f, "{\"a\":[{}]}"), -2);
    assert_int_equal(json(f, "{\"a\":[1.5]}"), -2);
    assert_int_equal(json(f, "{\"a\":[true]}"), -2);
    assert_int_equal(json(f, "{\"a\":[[1]]}"), -2);
    assert_int_equal(json(f, "{\"a\":{}}"), -2);
}

/* An FT_LIST field (structured profiles, RC-1) takes repeated form fields (checkboxes, with the
 * form's empty hidden field), a JSON array of strings, or one comma-separated value, and the
 * handler sees one comma-joined value; only a list field takes an array. */
static void test_list_fields_join_checkboxes_and_json_arrays(void **state)
{
    struct fx *f = *state;
    static const struct field fields[] = {
        {"codes", FT_LIST, 40, 0, 0, 0},
        {"one", FT_TOKEN, 20, 0, 0, 0},
        {NULL},
    };
    const char *field, *why;
    form(f, "codes=&codes=spanish&codes=english");
    assert_int_equal(check(f, fields, &field, &why), 0);
    assert_string_equal(req_str(&f->r, "codes"), "spanish,english");

    f->r.nparams = 0;
    form(f, "codes="); /* every box unchecked: sent empty, so cleared */
    assert_int_equal(check(f, fields, &field, &why), 0);
    assert_null(req_str(&f->r, "codes"));
    assert_non_null(param_raw(&f->r, "codes"));

    f->r.nparams = 0;
    assert_int_equal(json(f, "{\"codes\":[\"opioids\",\"alcohol\"]}"), 0);
    assert_int_equal(check(f, fields, &field, &why), 0);
    assert_string_equal(req_str(&f->r, "codes"), "opioids,alcohol");

    f->r.nparams = 0;
    assert_int_equal(json(f, "{\"codes\":[]}"), 0);
    assert_int_equal(check(f, fields, &field, &why), 0);
    assert_null(req_str(&f->r, "codes"));
    assert_non_null(param_raw(&f->r, "codes"));

    f->r.nparams = 0;
    assert_int_equal(json(f, "{\"codes\":\"a, b\"}"), 0);
    assert_int_equal(check(f, fields, &field, &why), 0);
    assert_string_equal(req_str(&f->r, "codes"), "a, b");

    f->r.nparams = 0;
    assert_int_equal(json(f, "{\"one\":[\"x\"]}"), 0);
    assert_int_equal(check(f, fields, &field, &why), -1);
    assert_string_equal(field, "one");

    f->r.nparams = 0;
    assert_int_equal(json(f, "{\"codes\":[\"a<b\"]}"), 0);
    assert_int_equal(check(f, fields, &field, &why), -1);
    assert_string_equal(field, "codes");

    f->r.nparams = 0;
    form(f, "codes=aaaaaaaaaaaaaaaaaaaa&codes=bbbbbbbbbbbbbbbbbbbb"); /* 41 bytes joined */
    assert_int_equal(check(f, fields, &field, &why), -1);
    assert_string_equal(field, "codes");
}

/* A JSON real arrives as its decimal text, so a whole-number field refuses 1.5. */
static void test_json_real_becomes_text_that_an_int_field_refuses(void **state)
{
    struct fx *f = *state;
    static const struct field fields[] = {
        {"n", FT_INT, 0, 0, 10, 0},
        {NULL},
    };
    const char *field, *why;
    assert_int_equal(json(f, "{\"n\":1.5}"), 0);
    assert_string_equal(param_raw(&f->r, "n"), "1.5");
    assert_int_equal(check(f, fields, &field, &why), -1);
    assert_string_equal(field, "n");
    f->r.nparams = 0;
    assert_int_equal(json(f, "{\"n\":1e300}"), 0);
    assert_int_equal(check(f, fields, &field, &why), -1);
}

static void test_json_refuses_duplicate_names(void **state)
{
    struct fx *f = *state;
    assert_int_equal(json(f, "{\"role\":\"peer\",\"role\":\"admin\"}"), -2);
}

static void test_json_refuses_anything_but_an_object(void **state)
{
    struct fx *f = *state;
    assert_int_equal(json(f, "[]"), -2);
    assert_int_equal(json(f, "[{\"a\":1}]"), -2);
    assert_int_equal(json(f, "\"a\""), -2);
    assert_int_equal(json(f, "42"), -2);
    assert_int_equal(json(f, "null"), -2);
    assert_int_equal(json(f, ""), -2);
    assert_int_equal(json(f, "{\"a\":1"), -2);
    assert_int_equal(json(f, "{\"a\":1} x"), -2);
    assert_int_equal(json(f, "a=1"), -2);
}

static void test_json_refuses_nul_inside_strings(void **state)
{
    struct fx *f = *state;
    assert_int_equal(json(f, "{\"a\":\"x\\u0000y\"}"), -2);
}

static void test_json_allows_max_params_and_refuses_one_more(void **state)
{
    struct fx *f = *state;
    buf b;
    buf_init(&b);
    buf_putc(&b, '{');
    for (int i = 0; i < MAX_PARAMS; i++)
        buf_printf(&b, "%s\"p%d\":%d", i ? "," : "", i, i);
    buf_putc(&b, '}');
    assert_int_equal(parse_json_body(&f->r, b.data, b.len), 0);
    assert_int_equal(f->r.nparams, MAX_PARAMS);
    f->r.nparams = 0;
    b.len--;
    buf_puts(&b, ",\"one\":1}");
    assert_int_equal(parse_json_body(&f->r, b.data, b.len), -1);
    buf_free(&b);
}

/* ---- parse_multipart ------------------------------------------------------------- */

#define CT "multipart/form-data; boundary=XyZ"

static int mp(struct fx *f, const char *ct, const char *body, size_t n)
{
    return parse_multipart(&f->r, ct, body, n);
}

static void test_multipart_takes_text_fields_and_one_file(void **state)
{
    struct fx *f = *state;
    static const char body[] =
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"note\"\r\n\r\n"
        "hello\r\nworld\r\n"
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n"
        "Content-Type: application/pdf\r\n\r\n"
        "%PDF-1.4\0bin\r\n"
        "--XyZ--\r\n";
    assert_int_equal(mp(f, CT, body, sizeof body - 1), 0);
    assert_int_equal(f->r.nparams, 1);
    assert_string_equal(param_raw(&f->r, "note"), "hello\r\nworld");
    assert_non_null(f->r.upload);
    assert_string_equal(f->r.upload->field, "file");
    assert_string_equal(f->r.upload->filename, "a.pdf");
    assert_string_equal(f->r.upload->content_type, "application/pdf");
    assert_int_equal(f->r.upload->len, 12);
    assert_memory_equal(f->r.upload->data, "%PDF-1.4\0bin", 12);
}

static void test_multipart_quoted_boundary_and_default_content_type(void **state)
{
    struct fx *f = *state;
    static const char body[] = "--a b\r\n"
                               "Content-Disposition: form-data; name=\"f\"; filename=\"x\"\r\n\r\n"
                               "data\r\n"
                               "--a b--";
    assert_int_equal(mp(f, "multipart/form-data; boundary=\"a b\"", body, sizeof body - 1), 0);
    assert_non_null(f->r.upload);
    assert_string_equal(f->r.upload->content_type, "application/octet-stream");
    assert_int_equal(f->r.upload->len, 4);
}

static void test_multipart_empty_file_input_is_no_file(void **state)
{
    struct fx *f = *state;
    static const char body[] =
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"file\"; filename=\"\"\r\n\r\n"
        "\r\n"
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"a\"\r\n\r\n"
        "1\r\n"
        "--XyZ--\r\n";
    assert_int_equal(mp(f, CT, body, sizeof body - 1), 0);
    assert_null(f->r.upload);
    assert_string_equal(param_raw(&f->r, "a"), "1");
}

static void test_multipart_refuses_a_second_file(void **state)
{
    struct fx *f = *state;
    static const char body[] = "--XyZ\r\n"
                               "Content-Disposition: form-data; name=\"f1\"; filename=\"a\"\r\n\r\n"
                               "one\r\n"
                               "--XyZ\r\n"
                               "Content-Disposition: form-data; name=\"f2\"; filename=\"b\"\r\n\r\n"
                               "two\r\n"
                               "--XyZ--\r\n";
    assert_int_equal(mp(f, CT, body, sizeof body - 1), -2);
}

static void test_multipart_refuses_nul_in_a_text_field(void **state)
{
    struct fx *f = *state;
    static const char body[] = "--XyZ\r\n"
                               "Content-Disposition: form-data; name=\"a\"\r\n\r\n"
                               "ok\0hidden\r\n"
                               "--XyZ--\r\n";
    assert_int_equal(mp(f, CT, body, sizeof body - 1), -2);
}

static void test_multipart_refuses_malformed_bodies(void **state)
{
    struct fx *f = *state;
    static const char good[] = "--XyZ\r\n"
                               "Content-Disposition: form-data; name=\"a\"\r\n\r\n"
                               "1\r\n"
                               "--XyZ--\r\n";
    static const char unterminated[] = "--XyZ\r\n"
                                       "Content-Disposition: form-data; name=\"a\"\r\n\r\n"
                                       "1";
    static const char no_name[] = "--XyZ\r\n"
                                  "Content-Disposition: form-data\r\n\r\n"
                                  "1\r\n"
                                  "--XyZ--\r\n";
    static const char no_blank_line[] = "--XyZ\r\n"
                                        "Content-Disposition: form-data; name=\"a\"\r\n"
                                        "--XyZ--\r\n";
    static const char wrong_start[] = "--Other\r\n"
                                      "Content-Disposition: form-data; name=\"a\"\r\n\r\n"
                                      "1\r\n"
                                      "--Other--\r\n";
    assert_int_equal(mp(f, CT, good, sizeof good - 1), 0);
    assert_int_equal(mp(f, "multipart/form-data", good, sizeof good - 1), -2);
    assert_int_equal(mp(f, "multipart/form-data; boundary=", good, sizeof good - 1), -2);
    assert_int_equal(mp(f, CT, unterminated, sizeof unterminated - 1), -2);
    assert_int_equal(mp(f, CT, no_name, sizeof no_name - 1), -2);
    assert_int_equal(mp(f, CT, no_blank_line, sizeof no_blank_line - 1), -2);
    assert_int_equal(mp(f, CT, wrong_start, sizeof wrong_start - 1), -2);
    assert_int_equal(mp(f, CT, "", 0), -2);
    assert_int_equal(mp(f, CT, "--X", 3), -2);
}

/* RFC 2046: 1 to 70 characters. */
static void test_multipart_boundary_has_at_most_70_characters(void **state)
{
    struct fx *f = *state;
    char ct[200], body[400];
    char bnd[72];
    memset(bnd, 'b', 71);
    for (int len = 70; len <= 71; len++) {
        bnd[len] = '\0';
        snprintf(ct, sizeof ct, "multipart/form-data; boundary=%s", bnd);
        int n = snprintf(
            body, sizeof body,
            "--%s\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--%s--\r\n", bnd, bnd);
        f->r.nparams = 0;
        assert_int_equal(mp(f, ct, body, (size_t)n), len == 70 ? 0 : -2);
        bnd[len] = 'b';
    }
}

static void test_multipart_refuses_part_headers_over_2048_bytes(void **state)
{
    struct fx *f = *state;
    buf b;
    buf_init(&b);
    buf_puts(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\nX-Pad: ");
    for (int i = 0; i < 2100; i++)
        buf_putc(&b, 'p');
    buf_puts(&b, "\r\n\r\n1\r\n--XyZ--\r\n");
    assert_int_equal(mp(f, CT, b.data, b.len), -2);
    buf_free(&b);
}

static void test_multipart_allows_max_params_and_refuses_one_more(void **state)
{
    struct fx *f = *state;
    buf b;
    buf_init(&b);
    for (int i = 0; i <= MAX_PARAMS; i++)
        buf_printf(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"p%d\"\r\n\r\n%d\r\n", i, i);
    buf_puts(&b, "--XyZ--\r\n");
    assert_int_equal(mp(f, CT, b.data, b.len), -1);
    assert_int_equal(f->r.nparams, MAX_PARAMS);
    buf_free(&b);
}

/* ---- validate_params ------------------------------------------------------------ */

static void test_validate_refuses_missing_required_field(void **state)
{
    struct fx *f = *state;
    static const struct field fields[] = {
        {"username", FT_LINE, 64, 0, 0, FIELD_REQUIRED},
        {"note", FT_TEXT, 100, 0, 0, 0},
        {NULL},
    };
    const char *field, *why;
    form(f, "note=hello");
    assert_int_equal(check(f, fields, &field, &why), -1);
    assert_string_equal(field, "username");
    /* By its label, never by the internal name (issue 10). */
    assert_string_equal(why, "Username: this is required.");
}

static void test_validate_refuses_required_field_sent_empty(void **state)
{
    struct fx *f = *state;
    static const struct field fields[] = {
        {"username", FT_LINE, 64, 0, 0, FIELD_REQUIRED},
        {NULL},
    };
    const char *field, *why;
    form(f, "username=");
    assert_int_equal(check(f, fields, &field, &why), -1);
    assert_string_equal(field, "username");
}

static void test_validate_allows_present_required_and_absent_optional_fields(void **state)
{
    struct fx *f = *state;
    static const struct field fields[] = {
        {"username", FT_LINE, 64, 0, 0, FIELD_REQUIRED},
        {"page", FT_INT, 0, 1, 100, 0},
        {"note", FT_TEXT, 100, 0, 0, 0},
        {NULL},
    };
    const char *field, *why;
    form(f, "username=alice&note=");
    assert_int_equal(check(f, fields, &field, &why), 0);
    assert_string_equal(req_str(&f->r, "username"), "alice");
    assert_null(req_str(&f->r, "note")); /* empty is absent */
    int64_t v = 7;
    assert_int_equal(req_int(&f->r, "page", &v), 0);
    assert_int_equal(v, 7);
}

static void test_validate_ignores_undeclared_params_and_never_returns_them(void **state)
{
    struct fx *f = *state;
    static const struct field fields[] = {
        {"a", FT_TOKEN, 10, 0, 0, 0},
        {NULL},
    };
    const char *field, *why;
    form(f, "a=ok&role=admin&evil=%3Cscript%3E");
    assert_int_equal(check(f, fields, &field, &why), 0);
    assert_null(req_str(&f->r, "role"));
    assert_null(req_str(&f->r, "evil"));
    assert_string_equal(req_str(&f->r, "a"), "ok");
}

static void test_validate_max_length_is_in_bytes_inclusive(void **state)
{
    struct fx *f = *state;
    static const struct field fields[] = {
        {"t", FT_LINE, 5, 0, 0, 0},
        {NULL},
    };
    const char *why;
    assert_int_equal(form_check(f, fields, "t=abcde", &why), 0);
    assert_int_equal(form_check(f, fields, "t=abcdef", &why), -1);
    assert_string_equal(why, "The field 't' is too long.");
    assert_int_equal(form_check(f, fields, "t=%C3%A9%C3%A9", &why), 0);        /* 4 bytes */
    assert_int_equal(form_check(f, fields, "t=%C3%A9%C3%A9%C3%A9", &why), -1); /* 6 bytes */
}

static void test_validate_token_allows_letters_digits_underscore_dash(void **state)
{
    struct fx *f = *state;
    static const struct field fields[] = {
        {"t", FT_TOKEN, 20, 0, 0, 0},
        {NULL},
    };
    const char *why;
    assert_int_equal(form_check(f, fields, "t=case_manager-2", &why), 0);
    assert_int_equal(form_check(f, fields, "t=ABCxyz019", &why), 0);
    assert_int_equal(form_check(f, fields, "t=a+b", &why), -1);
    assert_string_equal(why, "The field 't' has characters that are not allowed.");
    assert_int_equal(form_check(f, fields, "t=a.b", &why), -1);
    assert_int_equal(form_check(f, fields, "t=a%2Fb", &why), -1);
    assert_int_equal(form_check(f, fields, "t=a'b", &why), -1);
    assert_int_equal(form_check(f, fields, "t=%C3%A9", &why), -1);
    assert_int_equal(form_check(f, fields, "t=a%0Ab", &why), -1);
}

static void test_validate_line_refuses_newline_tab_and_control_characters(void **state)
{
    struct fx *f = *state;
    static const struct field fields[] = {
        {"t", FT_LINE, 50, 0, 0, 0},
        {NULL},
    };
    const char *why;
    assert_int_equal(form_check(f, fields, "t=Ann+O'Lee+%C3%A9+%3Cb%3E", &why), 0);
    assert_int_equal(form_check(f, fields, "t=a%0Ab", &why), -1);
    assert_string_equal(why, "The field 't' must be a single line.");
    assert_int_equal(form_check(f, fields, "t=a%0Db", &why), -1);
    assert_int_equal(form_check(f, fields, "t=a%09b", &why), -1);
    assert_int_equal(form_check(f, fields, "t=a%1Bb", &why), -1);
    assert_int_equal(form_check(f, fields, "t=a%7Fb", &why), -1);
}

static void test_validate_line_refuses_c1_controls_u0080_to_u009f(void **state)
{
    struct fx *f = *state;
    static const struct field fields[] = {
        {"t", FT_LINE, 50, 0, 0, 0},
        {NULL},
    };
    const char *why;
    assert_int_equal(form_check(f, fields, "t=a%C2%80b", &why), -1); /* U+0080 */
    assert_string_equal(why, "The field 't' contains control characters.");
    assert_int_equal(form_check(f, fields, "t=a%C2%85b", &why), -1); /* U+0085 NEXT LINE */
    assert_int_equal(form_check(f, fields, "t=a%C2%9Fb", &why), -1); /* U+009F */
    assert_int_equal(form_check(f, fields, "t=%C2%9B", &why), -1);   /* U+009B CSI */
    /* The neighbours are letters and signs, and stay allowed. */
    assert_int_equal(form_check(f, fields, "t=a%C2%A0b", &why), 0);  /* U+00A0 */
    assert_int_equal(form_check(f, fields, "t=%C2%A9+%C3%80", &why), 0);
}

static void test_validate_line_refuses_line_and_paragraph_separators(void **state)
{
    struct fx *f = *state;
    static const struct field fields[] = {
        {"t", FT_LINE, 50, 0, 0, 0},
        {NULL},
    };
    const char *why;
    assert_int_equal(form_check(f, fields, "t=a%E2%80%A8b", &why), -1); /* U+2028 */
    assert_string_equal(why, "The field 't' must be a single line.");
    assert_int_equal(form_check(f, fields, "t=a%E2%80%A9b", &why), -1); /* U+2029 */
    assert_int_equal(form_check(f, fields, "t=%E2%80%A9", &why), -1);
    /* Other punctuation of that block is fine: U+2026 and U+202F. */
    assert_int_equal(form_check(f, fields, "t=a%E2%80%A6b%E2%80%AF", &why), 0);
}

static void test_media_type_matches_exactly_with_parameters_aside(void **state)
{
    (void)state;
    assert_true(media_type_is("application/json", "application/json"));
    assert_true(media_type_is("application/json; charset=utf-8", "application/json"));
    assert_true(media_type_is("Application/JSON;charset=utf-8", "application/json"));
    assert_true(media_type_is("application/json ;charset=utf-8", "application/json"));
    assert_true(media_type_is("multipart/form-data; boundary=x", "multipart/form-data"));
    assert_false(media_type_is("application/jsonXYZ", "application/json"));
    assert_false(media_type_is("application/json-patch+json", "application/json"));
    assert_false(media_type_is("application/x-www-form-urlencodedX", "application/x-www-form-urlencoded"));
    assert_false(media_type_is("text/plain", "application/json"));
    assert_false(media_type_is("", "application/json"));
    assert_false(media_type_is(NULL, "application/json"));
}

static void test_validate_text_allows_newlines_and_tabs_but_not_other_controls(void **state)
{
    struct fx *f = *state;
    static const struct field fields[] = {
        {"t", FT_TEXT, 50, 0, 0, 0},
        {NULL},
    };
    const char *why;
    assert_int_equal(form_check(f, fields, "t=line+1%0D%0Aline+2%0A%09end", &why), 0);
    assert_int_equal(form_check(f, fields, "t=a%01b", &why), -1);
    assert_string_equal(why, "The field 't' contains control characters.");
    assert_int_equal(form_check(f, fields, "t=a%1Bb", &why), -1);
    assert_int_equal(form_check(f, fields, "t=a%08b", &why), -1);
    assert_int_equal(form_check(f, fields, "t=a%7Fb", &why), -1);
}

/* %00 decodes to a NUL that would silently cut the value short: refuse it like
 * any other control character, instead of accepting what comes before it. */
static void test_validate_refuses_nul_byte_inside_a_value(void **state)
{
    struct fx *f = *state;
    static const struct field fields[] = {
        {"t", FT_LINE, 50, 0, 0, 0},
        {"n", FT_INT, 0, 1, 10, 0},
        {NULL},
    };
    (void)fields;
    /* Refused while parsing (the request gets 400), before any field is looked at. */
    const char *a = "t=ok%00%0Ahidden", *b = "n=5%00junk", *c = "x%00y=1";
    assert_int_equal(parse_urlencoded(&f->r, a, strlen(a)), -2);
    assert_int_equal(parse_urlencoded(&f->r, b, strlen(b)), -2);
    assert_int_equal(parse_urlencoded(&f->r, c, strlen(c)), -2);
}

static void test_validate_int_allows_range_ends_and_refuses_past_them(void **state)
{
    struct fx *f = *state;
    static const struct field fields[] = {
        {"n", FT_INT, 0, -5, 100, 0},
        {NULL},
    };
    const char *why;
    int64_t v = 0;
    assert_int_equal(form_check(f, fields, "n=-5", &why), 0);
    assert_int_equal(req_int(&f->r, "n", &v), 1);
    assert_int_equal(v, -5);
    assert_int_equal(form_check(f, fields, "n=100", &why), 0);
    assert_int_equal(req_int(&f->r, "n", &v), 1);
    assert_int_equal(v, 100);
    assert_int_equal(form_check(f, fields, "n=0", &why), 0);
    assert_int_equal(form_check(f, fields, "n=-6", &why), -1);
    assert_string_equal(why, "The field 'n' is out of range.");
    assert_int_equal(form_check(f, fields, "n=101", &why), -1);
}

static void test_validate_int_refuses_what_is_not_a_whole_number(void **state)
{
    struct fx *f = *state;
    static const struct field fields[] = {
        {"n", FT_INT, 0, 0, 1000, 0},
        {NULL},
    };
    const char *why;
    assert_int_equal(form_check(f, fields, "n=12x", &why), -1);
    assert_string_equal(why, "The field 'n' must be a whole number.");
    assert_int_equal(form_check(f, fields, "n=1.5", &why), -1);
    assert_int_equal(form_check(f, fields, "n=0x10", &why), -1);
    assert_int_equal(form_check(f, fields, "n=-", &why), -1);
    assert_int_equal(form_check(f, fields, "n=1e3", &why), -1);
    assert_int_equal(form_check(f, fields, "n=5+", &why), -1); /* "5 " */
}

/* "a decimal integer": strtoll would skip leading white space, even a newline. */
static void test_validate_int_refuses_leading_white_space(void **state)
{
    struct fx *f = *state;
    static const struct field fields[] = {
        {"n", FT_INT, 0, 0, 1000, 0},
        {NULL},
    };
    const char *why;
    assert_int_equal(form_check(f, fields, "n=+5", &why), -1); /* '+' is a space in a form */
    assert_int_equal(form_check(f, fields, "n=%205", &why), -1);
    assert_int_equal(form_check(f, fields, "n=%0A5", &why), -1);
    assert_int_equal(form_check(f, fields, "n=%095", &why), -1);
}

static void test_validate_int_allows_int64_max_and_refuses_overflow(void **state)
{
    struct fx *f = *state;
    static const struct field fields[] = {
        {"v", FT_INT, 0, 1, INT64_MAX, 0},
        {NULL},
    };
    const char *why;
    int64_t v = 0;
    assert_int_equal(form_check(f, fields, "v=9223372036854775807", &why), 0);
    assert_int_equal(req_int(&f->r, "v", &v), 1);
    assert_true(v == INT64_MAX);
    /* 19 digits, beyond int64: strtoll saturates to INT64_MAX, which must not pass. */
    assert_int_equal(form_check(f, fields, "v=9999999999999999999", &why), -1);
    assert_int_equal(form_check(f, fields, "v=9223372036854775808", &why), -1);
}

static void test_validate_bool_accepts_its_forms_and_nothing_else(void **state)
{
    struct fx *f = *state;
    static const struct field fields[] = {
        {"b", FT_BOOL, 0, 0, 0, 0},
        {NULL},
    };
    static const char *const yes[] = {"b=1", "b=on", "b=true"};
    static const char *const no[] = {"b=0", "b=off", "b=false"};
    static const char *const bad[] = {"b=yes", "b=TRUE", "b=2", "b=-1", "b=t", "b=on+", "b=%20on"};
    const char *why;
    int64_t v;
    for (size_t i = 0; i < 3; i++) {
        v = -1;
        assert_int_equal(form_check(f, fields, yes[i], &why), 0);
        assert_int_equal(req_int(&f->r, "b", &v), 1);
        assert_int_equal(v, 1);
        v = -1;
        assert_int_equal(form_check(f, fields, no[i], &why), 0);
        assert_int_equal(req_int(&f->r, "b", &v), 1);
        assert_int_equal(v, 0);
    }
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        if (form_check(f, fields, bad[i], &why) != -1)
            fail_msg("'%s' accepted as a boolean", bad[i]);
        assert_string_equal(why, "The field 'b' must be true or false.");
    }
}

static void test_validate_json_booleans_become_bool_fields(void **state)
{
    struct fx *f = *state;
    static const struct field fields[] = {
        {"b", FT_BOOL, 0, 0, 0, 0},
        {"n", FT_INT, 0, 0, 10, 0},
        {NULL},
    };
    const char *field, *why;
    int64_t v = -1;
    assert_int_equal(json(f, "{\"b\":false,\"n\":7}"), 0);
    assert_int_equal(check(f, fields, &field, &why), 0);
    assert_int_equal(req_int(&f->r, "b", &v), 1);
    assert_int_equal(v, 0);
    assert_int_equal(req_int(&f->r, "n", &v), 1);
    assert_int_equal(v, 7);
}

static void test_validate_date_field(void **state)
{
    struct fx *f = *state;
    static const struct field fields[] = {
        {"d", FT_DATE, 10, 0, 0, 0},
        {NULL},
    };
    const char *why;
    assert_int_equal(form_check(f, fields, "d=2024-02-29", &why), 0);
    assert_int_equal(form_check(f, fields, "d=2023-02-29", &why), -1);
    assert_string_equal(why, "The field 'd' must be a date (YYYY-MM-DD).");
}

static void test_validate_refuses_a_field_sent_twice(void **state)
{
    struct fx *f = *state;
    static const struct field fields[] = {
        {"role", FT_TOKEN, 20, 0, 0, 0},
        {NULL},
    };
    const char *field, *why;
    form(f, "role=peer&role=admin");
    assert_int_equal(check(f, fields, &field, &why), -1);
    assert_string_equal(field, "role");
    assert_string_equal(why, "Role: sent twice.");
}

static void test_validate_refuses_a_field_sent_twice_even_once_empty(void **state)
{
    struct fx *f = *state;
    static const struct field fields[] = {
        {"role", FT_TOKEN, 20, 0, 0, 0},
        {NULL},
    };
    const char *field, *why;
    form(f, "role=&role=admin");
    assert_int_equal(check(f, fields, &field, &why), -1);
    assert_string_equal(field, "role");
}

static void test_validate_refuses_invalid_utf8_in_a_value(void **state)
{
    struct fx *f = *state;
    static const struct field fields[] = {
        {"t", FT_TEXT, 50, 0, 0, 0},
        {NULL},
    };
    const char *field, *why;
    form(f, "t=a%C0%AFb");
    assert_int_equal(check(f, fields, &field, &why), -1);
    assert_string_equal(field, "t");
    assert_string_equal(why, "This input is not valid UTF-8 text.");
}

static void test_validate_refuses_invalid_utf8_even_in_an_undeclared_param(void **state)
{
    struct fx *f = *state;
    static const struct field fields[] = {
        {"t", FT_TEXT, 50, 0, 0, 0},
        {NULL},
    };
    const char *field, *why;
    form(f, "t=ok&x%FF=1");
    assert_int_equal(check(f, fields, &field, &why), -1);
    assert_string_equal(why, "This input is not valid UTF-8 text.");
    f->r.nparams = 0;
    form(f, "t=ok&x=%ED%A0%80");
    assert_int_equal(check(f, fields, &field, &why), -1);
    assert_string_equal(field, "x");
}

static void test_validate_names_the_first_bad_field_in_declaration_order(void **state)
{
    struct fx *f = *state;
    static const struct field fields[] = {
        {"a", FT_INT, 0, 0, 10, 0},
        {"b", FT_INT, 0, 0, 10, 0},
        {NULL},
    };
    const char *field, *why;
    form(f, "b=x&a=99");
    assert_int_equal(check(f, fields, &field, &why), -1);
    assert_string_equal(field, "a");
}

static void test_validate_with_no_fields_accepts_anything_valid(void **state)
{
    struct fx *f = *state;
    const char *field, *why;
    form(f, "a=1&b=2");
    assert_int_equal(check(f, NULL, &field, &why), 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_allows_ascii_and_1_to_4_byte_sequences),
        cmocka_unit_test(test_utf8_refuses_overlong_encodings),
        cmocka_unit_test(test_utf8_refuses_surrogates),
        cmocka_unit_test(test_utf8_refuses_code_points_above_10ffff),
        cmocka_unit_test(test_utf8_refuses_truncated_sequences),
        cmocka_unit_test(test_utf8_refuses_stray_and_missing_continuation_bytes),
        cmocka_unit_test(test_date_allows_2024_02_29_but_not_2023_02_29),
        cmocka_unit_test(test_date_leap_years_follow_the_century_rule),
        cmocka_unit_test(test_date_years_are_1900_to_2200),
        cmocka_unit_test(test_date_months_and_days_are_real),
        cmocka_unit_test(test_date_must_be_exactly_yyyy_mm_dd),
        T(test_urlencoded_splits_pairs_and_decodes_percent_and_plus),
        T(test_urlencoded_decodes_names_too),
        T(test_urlencoded_keeps_malformed_percent_sequences_literally),
        T(test_urlencoded_percent_at_the_very_end_is_decoded),
        T(test_urlencoded_name_without_equals_has_empty_value),
        T(test_urlencoded_skips_empty_pairs),
        T(test_urlencoded_value_may_contain_equals),
        T(test_urlencoded_empty_body_has_no_params),
        T(test_urlencoded_respects_the_given_length),
        T(test_urlencoded_allows_max_params_and_refuses_one_more),
        T(test_json_takes_strings_integers_and_booleans),
        T(test_json_null_is_absent),
        T(test_json_empty_object_has_no_params),
        T(test_json_array_of_whole_numbers_is_a_list),
        T(test_json_refuses_nested_objects_and_arrays),
        T(test_list_fields_join_checkboxes_and_json_arrays),
        T(test_json_real_becomes_text_that_an_int_field_refuses),
        T(test_json_refuses_duplicate_names),
        T(test_json_refuses_anything_but_an_object),
        T(test_json_refuses_nul_inside_strings),
        T(test_json_allows_max_params_and_refuses_one_more),
        T(test_multipart_takes_text_fields_and_one_file),
        T(test_multipart_quoted_boundary_and_default_content_type),
        T(test_multipart_empty_file_input_is_no_file),
        T(test_multipart_refuses_a_second_file),
        T(test_multipart_refuses_nul_in_a_text_field),
        T(test_multipart_refuses_malformed_bodies),
        T(test_multipart_boundary_has_at_most_70_characters),
        T(test_multipart_refuses_part_headers_over_2048_bytes),
        T(test_multipart_allows_max_params_and_refuses_one_more),
        T(test_validate_refuses_missing_required_field),
        T(test_validate_refuses_required_field_sent_empty),
        T(test_validate_allows_present_required_and_absent_optional_fields),
        T(test_validate_ignores_undeclared_params_and_never_returns_them),
        T(test_validate_max_length_is_in_bytes_inclusive),
        T(test_validate_token_allows_letters_digits_underscore_dash),
        T(test_validate_line_refuses_newline_tab_and_control_characters),
        T(test_validate_line_refuses_c1_controls_u0080_to_u009f),
        T(test_validate_line_refuses_line_and_paragraph_separators),
        T(test_media_type_matches_exactly_with_parameters_aside),
        T(test_validate_text_allows_newlines_and_tabs_but_not_other_controls),
        T(test_validate_refuses_nul_byte_inside_a_value),
        T(test_validate_int_allows_range_ends_and_refuses_past_them),
        T(test_validate_int_refuses_what_is_not_a_whole_number),
        T(test_validate_int_refuses_leading_white_space),
        T(test_validate_int_allows_int64_max_and_refuses_overflow),
        T(test_validate_bool_accepts_its_forms_and_nothing_else),
        T(test_validate_json_booleans_become_bool_fields),
        T(test_validate_date_field),
        T(test_validate_refuses_a_field_sent_twice),
        T(test_validate_refuses_a_field_sent_twice_even_once_empty),
        T(test_validate_refuses_invalid_utf8_in_a_value),
        T(test_validate_refuses_invalid_utf8_even_in_an_undeclared_param),
        T(test_validate_names_the_first_bad_field_in_declaration_order),
        T(test_validate_with_no_fields_accepts_anything_valid),
    };
    return cmocka_run_group_tests_name("validate", tests, NULL, NULL);
}
