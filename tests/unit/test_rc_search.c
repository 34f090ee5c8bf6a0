/* test_rc_search.c - the recoveree search box: name words, phone, date of birth, record number. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "rc_search.h"

static void test_several_words_are_each_a_name_word(void **st)
{
    (void)st;
    struct rc_query q;
    assert_int_equal(rc_query_parse("  Jorge   Asante ", &q), 0);
    assert_true(q.any);
    assert_int_equal(q.nwords, 2);
    assert_string_equal(q.words[0], "jorge");
    assert_string_equal(q.words[1], "asante");
    assert_int_equal(q.id, 0);
    assert_string_equal(q.phone, "");
    assert_string_equal(q.dob, "");
    assert_int_equal(rc_query_parse("Asante, Jorge", &q), 0);
    assert_int_equal(q.nwords, 2);
    assert_string_equal(q.words[0], "asante");
    /* Hyphenated names are stored as parts too (RC_NAMES), so the query is split alike. */
    assert_int_equal(rc_query_parse("Smith-Jones", &q), 0);
    assert_int_equal(q.nwords, 2);
    assert_string_equal(q.words[1], "jones");
}

static void test_an_empty_box_searches_nothing(void **st)
{
    (void)st;
    struct rc_query q;
    assert_int_equal(rc_query_parse("   ", &q), 0);
    assert_false(q.any);
    assert_int_equal(rc_query_parse(NULL, &q), 0);
    assert_false(q.any);
}

static void test_too_many_words_are_refused(void **st)
{
    (void)st;
    struct rc_query q;
    assert_int_equal(rc_query_parse("a b c d e f", &q), 0);
    assert_int_equal(rc_query_parse("a b c d e f g", &q), -1);
}

static void test_a_phone_number_is_its_digits(void **st)
{
    (void)st;
    struct rc_query q;
    assert_int_equal(rc_query_parse("(856) 555-0147", &q), 0);
    assert_string_equal(q.phone, "8565550147");
    assert_int_equal(q.id, 0); /* punctuation: not a record number */
    assert_int_equal(q.nwords, 0);
    assert_int_equal(rc_query_parse("+1 856.555.0147", &q), 0);
    assert_string_equal(q.phone, "8565550147"); /* the country code is dropped */
    assert_int_equal(rc_query_parse("555-01", &q), 0);
    assert_string_equal(q.phone, "55501");
}

static void test_a_bare_number_is_a_record_and_from_four_digits_a_phone(void **st)
{
    (void)st;
    struct rc_query q;
    assert_int_equal(rc_query_parse("42", &q), 0);
    assert_int_equal(q.id, 42);
    assert_string_equal(q.phone, ""); /* too short to search phones */
    assert_int_equal(rc_query_parse("5550147", &q), 0);
    assert_int_equal(q.id, 5550147);
    assert_string_equal(q.phone, "5550147");
    assert_int_equal(rc_query_parse("#42", &q), 0);
    assert_int_equal(q.id, 42);
    assert_string_equal(q.phone, "");
    assert_int_equal(rc_query_parse("#4x", &q), 0); /* not a record number: a word */
    assert_int_equal(q.id, 0);
    assert_int_equal(q.nwords, 1);
}

static void test_a_date_is_a_date_of_birth(void **st)
{
    (void)st;
    struct rc_query q;
    assert_int_equal(rc_query_parse("1988-03-14", &q), 0);
    assert_string_equal(q.dob, "1988-03-14");
    assert_int_equal(q.nwords, 0);
    assert_int_equal(rc_query_parse("3/14/1988", &q), 0);
    assert_string_equal(q.dob, "1988-03-14");
    assert_int_equal(rc_query_parse("03/14/1988", &q), 0);
    assert_string_equal(q.dob, "1988-03-14");
    /* Not real dates: searched as something else, never as a date. */
    assert_int_equal(rc_query_parse("02/30/1988", &q), 0);
    assert_string_equal(q.dob, "");
    assert_int_equal(rc_query_parse("1988-13-01", &q), 0);
    assert_string_equal(q.dob, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_several_words_are_each_a_name_word),
        cmocka_unit_test(test_an_empty_box_searches_nothing),
        cmocka_unit_test(test_too_many_words_are_refused),
        cmocka_unit_test(test_a_phone_number_is_its_digits),
        cmocka_unit_test(test_a_bare_number_is_a_record_and_from_four_digits_a_phone),
        cmocka_unit_test(test_a_date_is_a_date_of_birth),
    };
    return cmocka_run_group_tests_name("rc_search", tests, NULL, NULL);
}
