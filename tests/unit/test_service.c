/* test_service.c - SV-1: the vocabulary and shape of a service (src/domain/service.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "service.h"

static void test_sv1_every_name_parses_back_and_unknown_names_are_refused(void **state)
{
    (void)state;
    for (int i = 0; i < SVC_MODALITY__COUNT; i++)
        assert_int_equal(svc_modality_parse(svc_modality_name((enum svc_modality)i)), i);
    for (int i = 0; i < ACT__COUNT; i++)
        assert_int_equal(svc_activity_parse(svc_activity_name((enum svc_activity)i)), i);
    for (int i = 0; i < SET__COUNT; i++)
        assert_int_equal(svc_setting_parse(svc_setting_name((enum svc_setting)i)), i);
    for (int i = 0; i < FUND__COUNT; i++)
        assert_int_equal(svc_funding_parse(svc_funding_name((enum svc_funding)i)), i);
    assert_int_equal(ACT__COUNT, 13); /* the thirteen peer roles of seed 002 */
    assert_int_equal(svc_modality_parse("Individual"), -1);
    assert_int_equal(svc_activity_parse("sponsor"), -1);
    assert_int_equal(svc_funding_parse(NULL), -1);
    assert_int_equal(svc_intensity_parse("high"), WF_HIGH);
    assert_int_equal(svc_intensity_parse("severe"), -1);
}

static void test_sv2_intensity_asks_the_matching_workforce_action(void **state)
{
    (void)state;
    assert_int_equal(svc_action(WF_LOW), WF_DELIVER_LOW);
    assert_int_equal(svc_action(WF_MODERATE), WF_DELIVER_MODERATE);
    assert_int_equal(svc_action(WF_HIGH), WF_DELIVER_HIGH);
}

static void test_sv1_only_a_group_names_several_recoverees(void **state)
{
    (void)state;
    assert_true(svc_recoverees_fit(SVC_INDIVIDUAL, 1));
    assert_false(svc_recoverees_fit(SVC_INDIVIDUAL, 2));
    assert_false(svc_recoverees_fit(SVC_TELEPHONE, 0));
    assert_true(svc_recoverees_fit(SVC_GROUP, 1));
    assert_true(svc_recoverees_fit(SVC_GROUP, SVC_GROUP_MAX));
    assert_false(svc_recoverees_fit(SVC_GROUP, SVC_GROUP_MAX + 1));
    assert_false(svc_recoverees_fit(SVC_GROUP, 0));
}

static void test_sv1_start_time_is_a_24_hour_clock(void **state)
{
    (void)state;
    assert_int_equal(svc_parse_clock("00:00"), 0);
    assert_int_equal(svc_parse_clock("09:05"), 9 * 3600 + 5 * 60);
    assert_int_equal(svc_parse_clock("23:59"), 23 * 3600 + 59 * 60);
    assert_int_equal(svc_parse_clock("24:00"), -1);
    assert_int_equal(svc_parse_clock("12:60"), -1);
    assert_int_equal(svc_parse_clock("9:05"), -1);
    assert_int_equal(svc_parse_clock("09:05pm"), -1);
    assert_int_equal(svc_parse_clock(NULL), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sv1_every_name_parses_back_and_unknown_names_are_refused),
        cmocka_unit_test(test_sv2_intensity_asks_the_matching_workforce_action),
        cmocka_unit_test(test_sv1_only_a_group_names_several_recoverees),
        cmocka_unit_test(test_sv1_start_time_is_a_24_hour_clock),
    };
    return cmocka_run_group_tests_name("test_service", tests, NULL, NULL);
}
