/* test_referral.c - SV-7 as pure rules (domain/referral.c): every allowed and every refused
 * move of a referral with its reason, the dates a move may carry, the follow-up reminder, the
 * resource kinds and ZIP codes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "referral.h"

#define TODAY 20000
static const struct referral_days made = {TODAY - 10, -1, -1};
static const struct referral_days connected = {TODAY - 10, TODAY - 5, -1};

static void test_sv7_made_may_become_connected_or_declined(void **st)
{
    (void)st;
    assert_int_equal(referral_move_check(RS_MADE, RS_CONNECTED, &made, TODAY, TODAY), RF_OK);
    assert_int_equal(referral_move_check(RS_MADE, RS_DECLINED, &made, TODAY - 1, TODAY), RF_OK);
}

static void test_sv7_connected_may_become_completed_or_declined(void **st)
{
    (void)st;
    assert_int_equal(referral_move_check(RS_CONNECTED, RS_COMPLETED, &connected, TODAY, TODAY),
                     RF_OK);
    assert_int_equal(referral_move_check(RS_CONNECTED, RS_DECLINED, &connected, TODAY - 5, TODAY),
                     RF_OK);
}

static void test_sv7_made_cannot_be_completed_before_it_is_connected(void **st)
{
    (void)st;
    assert_int_equal(referral_move_check(RS_MADE, RS_COMPLETED, &made, TODAY, TODAY),
                     RF_NOT_CONNECTED);
}

static void test_sv7_no_referral_goes_back_to_made(void **st)
{
    (void)st;
    assert_int_equal(referral_move_check(RS_CONNECTED, RS_MADE, &connected, TODAY, TODAY),
                     RF_BACKWARD);
}

static void test_sv7_a_move_to_the_same_state_is_refused(void **st)
{
    (void)st;
    for (int s = 0; s < RS__COUNT; s++)
        assert_int_equal(referral_move_check((enum referral_state)s, (enum referral_state)s,
                                             &connected, TODAY, TODAY),
                         RF_SAME);
}

static void test_sv7_completed_and_declined_are_closed(void **st)
{
    (void)st;
    const enum referral_state closed[] = {RS_COMPLETED, RS_DECLINED};
    for (int i = 0; i < 2; i++)
        for (int to = 0; to < RS__COUNT; to++) {
            if ((int)closed[i] == to)
                continue;
            assert_int_equal(referral_move_check(closed[i], (enum referral_state)to, &connected,
                                                 TODAY, TODAY),
                             RF_CLOSED);
        }
}

static void test_sv7_the_date_of_a_move_is_not_in_the_future(void **st)
{
    (void)st;
    assert_int_equal(referral_move_check(RS_MADE, RS_CONNECTED, &made, TODAY + 1, TODAY),
                     RF_FUTURE);
}

static void test_sv7_the_date_of_a_move_is_not_before_the_referral(void **st)
{
    (void)st;
    assert_int_equal(referral_move_check(RS_MADE, RS_CONNECTED, &made, TODAY - 11, TODAY),
                     RF_BEFORE_MADE);
    assert_int_equal(referral_move_check(RS_MADE, RS_CONNECTED, &made, TODAY - 10, TODAY), RF_OK);
}

static void test_sv7_a_close_is_not_before_the_connection(void **st)
{
    (void)st;
    assert_int_equal(referral_move_check(RS_CONNECTED, RS_COMPLETED, &connected, TODAY - 6, TODAY),
                     RF_BEFORE_CONNECTED);
}

static void test_sv7_a_move_records_its_date(void **st)
{
    (void)st;
    struct referral_days d = referral_move_days(RS_CONNECTED, &made, TODAY - 2);
    assert_int_equal(d.connected_on, TODAY - 2);
    assert_int_equal(d.closed_on, -1);
    d = referral_move_days(RS_COMPLETED, &d, TODAY);
    assert_int_equal(d.connected_on, TODAY - 2);
    assert_int_equal(d.closed_on, TODAY);
}

static void test_sv7_every_refusal_has_a_message_name(void **st)
{
    (void)st;
    for (int r = RF_SAME; r <= RF_BEFORE_CONNECTED; r++)
        assert_string_not_equal(referral_refusal_name((enum referral_refusal)r), "unknown");
}

static void test_sv7_follow_up_is_due_today_or_past_while_open(void **st)
{
    (void)st;
    assert_true(referral_follow_up_due(RS_MADE, TODAY, TODAY));
    assert_true(referral_follow_up_due(RS_CONNECTED, TODAY - 3, TODAY));
    assert_false(referral_follow_up_due(RS_MADE, TODAY + 1, TODAY));
    assert_false(referral_follow_up_due(RS_COMPLETED, TODAY - 3, TODAY));
    assert_false(referral_follow_up_due(RS_DECLINED, TODAY - 3, TODAY));
    assert_false(referral_follow_up_due(RS_MADE, -1, TODAY));
}

static void test_sv7_states_and_kinds_round_trip(void **st)
{
    (void)st;
    for (int s = 0; s < RS__COUNT; s++)
        assert_int_equal(referral_state_parse(referral_state_name((enum referral_state)s)), s);
    for (int k = 0; k < RK__COUNT; k++)
        assert_int_equal(resource_kind_parse(resource_kind_name((enum resource_kind)k)), k);
    assert_int_equal(resource_kind_parse("mutual aid"), -1);
    assert_int_equal(referral_state_parse("closed"), -1);
}

static void test_sv7_zip_is_five_digits_or_zip_plus_four(void **st)
{
    (void)st;
    assert_true(zip_valid("07102"));
    assert_true(zip_valid("07102-1234"));
    assert_false(zip_valid("7102"));
    assert_false(zip_valid("071021"));
    assert_false(zip_valid("07102-12"));
    assert_false(zip_valid("07102 1234"));
    assert_false(zip_valid("0710a"));
    assert_false(zip_valid(NULL));
    assert_true(zip_prefix_valid("071"));
    assert_true(zip_prefix_valid("07102"));
    assert_false(zip_prefix_valid(""));
    assert_false(zip_prefix_valid("07102-1"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sv7_made_may_become_connected_or_declined),
        cmocka_unit_test(test_sv7_connected_may_become_completed_or_declined),
        cmocka_unit_test(test_sv7_made_cannot_be_completed_before_it_is_connected),
        cmocka_unit_test(test_sv7_no_referral_goes_back_to_made),
        cmocka_unit_test(test_sv7_a_move_to_the_same_state_is_refused),
        cmocka_unit_test(test_sv7_completed_and_declined_are_closed),
        cmocka_unit_test(test_sv7_the_date_of_a_move_is_not_in_the_future),
        cmocka_unit_test(test_sv7_the_date_of_a_move_is_not_before_the_referral),
        cmocka_unit_test(test_sv7_a_close_is_not_before_the_connection),
        cmocka_unit_test(test_sv7_a_move_records_its_date),
        cmocka_unit_test(test_sv7_every_refusal_has_a_message_name),
        cmocka_unit_test(test_sv7_follow_up_is_due_today_or_past_while_open),
        cmocka_unit_test(test_sv7_states_and_kinds_round_trip),
        cmocka_unit_test(test_sv7_zip_is_five_digits_or_zip_plus_four),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
