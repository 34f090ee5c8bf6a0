/* test_barc10.c - RC-6: the BARC-10 statements, answer labels, scoring range and cut-off. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "barc10.h"

static void fill(int a[BARC10_ITEMS], int v)
{
    for (int i = 0; i < BARC10_ITEMS; i++)
        a[i] = v;
}

static void test_rc6_items_are_the_published_statements(void **state)
{
    (void)state;
    assert_string_equal(barc10_items[0],
                        "There are more important things to me in life than using substances.");
    assert_string_equal(barc10_items[1], "In general I am happy with my life.");
    assert_string_equal(barc10_items[2],
                        "I have enough energy to complete the tasks I set myself.");
    assert_string_equal(barc10_items[3],
                        "I am proud of the community I live in and feel part of it.");
    assert_string_equal(barc10_items[4], "I get lots of support from friends.");
    assert_string_equal(barc10_items[5], "I regard my life as challenging and fulfilling without "
                                         "the need for using drugs or alcohol.");
    assert_string_equal(barc10_items[6],
                        "My living space has helped to drive my recovery journey.");
    assert_string_equal(barc10_items[7], "I take full responsibility for my actions.");
    assert_string_equal(barc10_items[8], "I am happy dealing with a range of professional people.");
    assert_string_equal(barc10_items[9], "I am making good progress on my recovery journey.");
}

static void test_rc6_answer_labels_run_strongly_disagree_to_strongly_agree(void **state)
{
    (void)state;
    static const char *const want[] = {"Strongly disagree", "Disagree", "Somewhat disagree",
                                       "Somewhat agree",    "Agree",    "Strongly agree"};
    for (int i = 0; i < BARC10_MAX; i++)
        assert_string_equal(barc10_answers[i], want[i]);
}

static void test_rc6_all_strongly_disagree_scores_10(void **state)
{
    (void)state;
    int a[BARC10_ITEMS], total = -1, bad = -1;
    fill(a, 1);
    assert_int_equal(barc10_score(a, &total, &bad), 0);
    assert_int_equal(total, 10);
    assert_int_equal(bad, -1); /* untouched on success */
}

static void test_rc6_all_strongly_agree_scores_60(void **state)
{
    (void)state;
    int a[BARC10_ITEMS], total = -1, bad = -1;
    fill(a, 6);
    assert_int_equal(barc10_score(a, &total, &bad), 0);
    assert_int_equal(total, 60);
}

static void test_rc6_total_is_the_plain_sum(void **state)
{
    (void)state;
    int a[BARC10_ITEMS] = {1, 2, 3, 4, 5, 6, 6, 5, 4, 3}, total = -1;
    assert_int_equal(barc10_score(a, &total, NULL), 0);
    assert_int_equal(total, 39);
}

static void test_rc6_out_of_range_item_is_named_by_index(void **state)
{
    (void)state;
    int a[BARC10_ITEMS], total = -1, bad = -1;
    static const int wrong[] = {0, 7, -1, 100};
    for (int w = 0; w < 4; w++) {
        for (int i = 0; i < BARC10_ITEMS; i++) {
            fill(a, 4);
            a[i] = wrong[w];
            total = -1;
            bad = -1;
            assert_int_equal(barc10_score(a, &total, &bad), -1);
            assert_int_equal(bad, i);
            assert_int_equal(total, -1); /* no total for a bad form */
        }
    }
}

static void test_rc6_first_bad_item_is_reported(void **state)
{
    (void)state;
    int a[BARC10_ITEMS], bad = -1;
    fill(a, 3);
    a[6] = 9;
    a[2] = 0;
    assert_int_equal(barc10_score(a, NULL, &bad), -1);
    assert_int_equal(bad, 2);
}

static void test_rc6_null_answers_are_refused(void **state)
{
    (void)state;
    int total = -1, bad = -1;
    assert_int_equal(barc10_score(NULL, &total, &bad), -1);
    assert_int_equal(bad, 0);
}

static void test_rc6_cutoff_is_47_and_above(void **state)
{
    (void)state;
    assert_int_equal(BARC10_CUTOFF, 47);
    assert_false(barc10_at_cutoff(46));
    assert_true(barc10_at_cutoff(47));
    assert_true(barc10_at_cutoff(48));
    assert_true(barc10_at_cutoff(60));
    assert_false(barc10_at_cutoff(10));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rc6_items_are_the_published_statements),
        cmocka_unit_test(test_rc6_answer_labels_run_strongly_disagree_to_strongly_agree),
        cmocka_unit_test(test_rc6_all_strongly_disagree_scores_10),
        cmocka_unit_test(test_rc6_all_strongly_agree_scores_60),
        cmocka_unit_test(test_rc6_total_is_the_plain_sum),
        cmocka_unit_test(test_rc6_out_of_range_item_is_named_by_index),
        cmocka_unit_test(test_rc6_first_bad_item_is_reported),
        cmocka_unit_test(test_rc6_null_answers_are_refused),
        cmocka_unit_test(test_rc6_cutoff_is_47_and_above),
    };
    return cmocka_run_group_tests_name("barc10", tests, NULL, NULL);
}
