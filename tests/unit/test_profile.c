/* test_profile.c - the controlled lists of matching profiles (RC-1, RC-2): codes, labels,
 * normalization, and unknown codes refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "profile.h"

static void test_rc1_every_list_has_unique_lowercase_codes_with_labels(void **st)
{
    (void)st;
    for (int l = 0; l < PL__COUNT; l++) {
        size_t n, total = 0;
        const struct profile_code *c = profile_codes((enum profile_list)l, &n);
        assert_true(n > 0);
        for (size_t i = 0; i < n; i++) {
            assert_true(c[i].label && c[i].label[0]);
            for (const char *p = c[i].code; *p; p++)
                assert_true((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_');
            for (size_t k = 0; k < i; k++)
                assert_string_not_equal(c[i].code, c[k].code);
            total += strlen(c[i].code) + 1;
        }
        /* Every code of a list at once fits a normalized list (and the 400-byte field). */
        assert_true(total <= PROFILE_LIST_MAX);
        assert_true(total <= 400);
    }
}

static void test_rc1_the_lists_hold_what_the_spec_names(void **st)
{
    (void)st;
    assert_string_equal(profile_label(PL_LANGUAGE, "spanish"), "Spanish");
    assert_string_equal(profile_label(PL_GENDER, "woman"), "Woman");
    assert_string_equal(profile_label(PL_SUBSTANCE, "opioids"), "opioids");
    assert_string_equal(profile_label(PL_PATHWAY, "medication_assisted"), "Medication-assisted");
    assert_string_equal(profile_label(PL_PATHWAY, "twelve_step"), "12-step");
    assert_string_equal(profile_label(PL_PATHWAY, "smart"), "SMART Recovery");
    assert_string_equal(profile_label(PL_PATHWAY, "faith_based"), "Faith-based");
    assert_string_equal(profile_label(PL_CULTURE, "veteran"), "Veteran");
    assert_null(profile_label(PL_LANGUAGE, "klingon"));
    assert_null(profile_label(PL_LANGUAGE, "Spanish")); /* codes, not labels */
    assert_null(profile_label(PL_SUBSTANCE, "spanish")); /* each list its own */
    assert_null(profile_label(PL_LANGUAGE, NULL));
}

static void test_rc1_a_list_is_stored_trimmed_once_each_in_list_order(void **st)
{
    (void)st;
    char out[PROFILE_LIST_MAX], bad[32];
    assert_int_equal(profile_normalize(PL_LANGUAGE, " spanish, english,spanish ,, ", out,
                                       sizeof out, bad, sizeof bad), 0);
    assert_string_equal(out, "english,spanish");
    assert_int_equal(profile_normalize(PL_PATHWAY, "", out, sizeof out, bad, sizeof bad), 0);
    assert_string_equal(out, "");
    assert_int_equal(profile_normalize(PL_PATHWAY, NULL, out, sizeof out, bad, sizeof bad), 0);
    assert_string_equal(out, "");
}

static void test_rc1_an_unknown_code_is_refused_and_named(void **st)
{
    (void)st;
    char out[PROFILE_LIST_MAX], bad[8];
    assert_int_equal(profile_normalize(PL_SUBSTANCE, "opioids, chocolate", out, sizeof out, bad,
                                       sizeof bad), -1);
    assert_string_equal(bad, "chocola"); /* cut to the buffer, never overrun */
    char big[32];
    assert_int_equal(profile_normalize(PL_SUBSTANCE, "opioids,Opioids", out, sizeof out, big,
                                       sizeof big), -1);
    assert_string_equal(big, "Opioids");
}

static void test_rc1_a_gender_is_one_choice(void **st)
{
    (void)st;
    char out[PROFILE_LIST_MAX], bad[32];
    assert_int_equal(profile_normalize(PL_GENDER, "woman", out, sizeof out, bad, sizeof bad), 0);
    assert_string_equal(out, "woman");
    assert_int_equal(profile_normalize(PL_GENDER, "woman,woman", out, sizeof out, bad, sizeof bad), 0);
    assert_int_equal(profile_normalize(PL_GENDER, "woman,man", out, sizeof out, bad, sizeof bad), -1);
    assert_string_equal(bad, "");
}

static void test_rc2_has_finds_whole_codes_only(void **st)
{
    (void)st;
    assert_true(profile_has("english,spanish", "spanish"));
    assert_true(profile_has("english, spanish", "spanish"));
    assert_false(profile_has("english,spanish", "span"));
    assert_false(profile_has("english,spanishx", "spanish"));
    assert_false(profile_has(NULL, "spanish"));
    assert_false(profile_has("", "spanish"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rc1_every_list_has_unique_lowercase_codes_with_labels),
        cmocka_unit_test(test_rc1_the_lists_hold_what_the_spec_names),
        cmocka_unit_test(test_rc1_a_list_is_stored_trimmed_once_each_in_list_order),
        cmocka_unit_test(test_rc1_an_unknown_code_is_refused_and_named),
        cmocka_unit_test(test_rc1_a_gender_is_one_choice),
        cmocka_unit_test(test_rc2_has_finds_whole_codes_only),
    };
    return cmocka_run_group_tests_name("profile", tests, NULL, NULL);
}
