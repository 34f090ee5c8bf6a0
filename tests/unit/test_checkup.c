/* test_checkup.c - SV-6 recovery check-ups as pure rules: the next due date from the last
 * check-up or the cadence's start, calendar months for monthly and quarterly, the policy
 * defaults for a recoveree without a cadence of their own, due today / overdue by N days /
 * upcoming, and which outcomes make an early re-intervention task and when it is due. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "checkup.h"
#include "civil.h"

static int32_t D(const char *s)
{
    int32_t d = civil_parse(s);
    assert_true(d >= 0);
    return d;
}

static void assert_day(int32_t got, const char *want)
{
    char s[11];
    civil_format(got, s);
    assert_string_equal(s, want);
}

static struct policy pol(void)
{
    struct policy p;
    policy_defaults(&p);
    return p;
}

static void test_sv6_weekly_is_due_seven_days_after_the_last_checkup(void **st)
{
    (void)st;
    assert_day(ck_next_due(CK_WEEKLY, 7, D("2026-11-01"), D("2026-11-20")), "2026-11-27");
    assert_day(ck_next_due(CK_BIWEEKLY, 14, D("2026-11-01"), D("2026-11-20")), "2026-12-04");
    assert_day(ck_next_due(CK_CUSTOM, 10, D("2026-11-01"), D("2026-11-20")), "2026-11-30");
}

static void test_sv6_without_a_checkup_the_first_is_due_one_interval_after_the_start(void **st)
{
    (void)st;
    assert_day(ck_next_due(CK_WEEKLY, 7, D("2026-11-01"), -1), "2026-11-08");
    /* A check-up made before the cadence started (before discharge) does not count. */
    assert_day(ck_next_due(CK_QUARTERLY, 91, D("2026-06-15"), D("2026-06-01")), "2026-09-15");
    assert_int_equal(ck_next_due(CK_WEEKLY, 7, -1, -1), -1);
}

static void test_sv6_monthly_and_quarterly_count_calendar_months(void **st)
{
    (void)st;
    assert_day(ck_next_due(CK_MONTHLY, 30, -1, D("2026-01-31")), "2026-02-28");
    assert_day(ck_next_due(CK_QUARTERLY, 91, -1, D("2026-11-30")), "2027-02-28");
    assert_day(ck_next_due(CK_QUARTERLY, 91, D("2026-03-15"), -1), "2026-06-15");
    /* ck_before undoes ck_after: what a stored due date was counted from. */
    assert_day(ck_before(CK_QUARTERLY, 91, D("2026-06-15")), "2026-03-15");
    assert_day(ck_before(CK_WEEKLY, 7, D("2026-06-15")), "2026-06-08");
}

static void test_sv6_cadence_days_are_fixed_except_custom_within_a_year(void **st)
{
    (void)st;
    assert_int_equal(ck_cadence_days(CK_WEEKLY, 0), 7);
    assert_int_equal(ck_cadence_days(CK_BIWEEKLY, 0), 14);
    assert_int_equal(ck_cadence_days(CK_MONTHLY, 0), 30);
    assert_int_equal(ck_cadence_days(CK_QUARTERLY, 0), 91);
    assert_int_equal(ck_cadence_days(CK_CUSTOM, 21), 21);
    assert_int_equal(ck_cadence_days(CK_CUSTOM, 0), -1);
    assert_int_equal(ck_cadence_days(CK_CUSTOM, CK_CUSTOM_MAX_DAYS + 1), -1);
}

static void test_sv6_policy_defaults_apply_without_a_cadence_of_their_own(void **st)
{
    (void)st;
    struct policy p = pol();
    int every;
    int32_t start;
    assert_int_equal(ck_default_cadence("active", D("2026-10-01"), D("2026-10-01"), &p, &every,
                                        &start),
                     1);
    assert_int_equal(every, 7); /* checkup_days_active */
    assert_day(start, "2026-10-01");
    assert_int_equal(ck_default_cadence("discharged", D("2026-01-01"), D("2026-09-01"), &p,
                                        &every, &start),
                     1);
    assert_int_equal(every, 90); /* checkup_days_discharged, from discharge */
    assert_day(start, "2026-09-01");
    p.v[POL_CHECKUP_DAYS_ACTIVE] = 14;
    ck_default_cadence("active", D("2026-10-01"), D("2026-10-01"), &p, &every, &start);
    assert_int_equal(every, 14);
    assert_int_equal(ck_default_cadence("closed", D("2026-01-01"), D("2026-09-01"), &p, &every,
                                        &start),
                     0);
}

static void test_sv6_due_today_overdue_by_n_days_or_upcoming(void **st)
{
    (void)st;
    int32_t days = -1, today = D("2026-12-10");
    assert_int_equal(ck_state_of(D("2026-12-10"), today, &days), CK_DUE_TODAY);
    assert_int_equal(days, 0);
    assert_int_equal(ck_state_of(D("2026-12-07"), today, &days), CK_OVERDUE);
    assert_int_equal(days, 3);
    assert_int_equal(ck_state_of(D("2026-12-12"), today, &days), CK_UPCOMING);
    assert_int_equal(days, 2);
    assert_int_equal(ck_state_of(-1, today, NULL), CK_NOT_DUE);
}

static void test_sv6_reintervention_needed_always_makes_a_task_due_in_two_days(void **st)
{
    (void)st;
    struct policy p = pol();
    struct ck_task_rule t;
    ck_task_for(CK_REINTERVENTION, 0, &p, &t);
    assert_int_equal(t.create, 1);
    assert_int_equal(t.due_days, 2);
    p.v[POL_CHECKUP_TASK_AT_RISK] = 0; /* the at-risk switch does not touch it */
    p.v[POL_CHECKUP_REINTERVENE_DAYS] = 1;
    ck_task_for(CK_REINTERVENTION, 0, &p, &t);
    assert_int_equal(t.create, 1);
    assert_int_equal(t.due_days, 1);
}

static void test_sv6_at_risk_makes_a_task_due_in_seven_days_unless_the_policy_says_no(void **st)
{
    (void)st;
    struct policy p = pol();
    struct ck_task_rule t;
    ck_task_for(CK_AT_RISK, 0, &p, &t);
    assert_int_equal(t.create, 1);
    assert_int_equal(t.due_days, 7);
    p.v[POL_CHECKUP_TASK_AT_RISK] = 0;
    ck_task_for(CK_AT_RISK, 0, &p, &t);
    assert_int_equal(t.create, 0);
}

static void test_sv6_unreachable_makes_a_task_only_the_third_time_in_a_row(void **st)
{
    (void)st;
    struct policy p = pol();
    struct ck_task_rule t;
    ck_task_for(CK_UNREACHABLE, 1, &p, &t);
    assert_int_equal(t.create, 0);
    ck_task_for(CK_UNREACHABLE, 2, &p, &t);
    assert_int_equal(t.create, 0);
    ck_task_for(CK_UNREACHABLE, 3, &p, &t);
    assert_int_equal(t.create, 1);
    assert_int_equal(t.due_days, 2);
    p.v[POL_CHECKUP_UNREACHABLE_TIMES] = 1;
    ck_task_for(CK_UNREACHABLE, 1, &p, &t);
    assert_int_equal(t.create, 1);
}

static void test_sv6_stable_never_makes_a_task(void **st)
{
    (void)st;
    struct policy p = pol();
    struct ck_task_rule t;
    ck_task_for(CK_STABLE, 5, &p, &t);
    assert_int_equal(t.create, 0);
}

static void test_sv6_names_round_trip_and_unknown_names_are_refused(void **st)
{
    (void)st;
    for (int i = 0; i < CK_CADENCE__COUNT; i++)
        assert_int_equal(ck_cadence_parse(ck_cadence_name((enum ck_cadence)i)), i);
    for (int i = 0; i < CK_OUTCOME__COUNT; i++)
        assert_int_equal(ck_outcome_parse(ck_outcome_name((enum ck_outcome)i)), i);
    for (int i = 0; i < CK_MODALITY__COUNT; i++)
        assert_int_equal(ck_modality_parse(ck_modality_name((enum ck_modality)i)), i);
    assert_int_equal(ck_outcome_parse("fine"), -1);
    assert_int_equal(ck_modality_parse(NULL), -1);
    assert_string_equal(ck_outcome_name(CK_REINTERVENTION), "reintervention");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sv6_weekly_is_due_seven_days_after_the_last_checkup),
        cmocka_unit_test(test_sv6_without_a_checkup_the_first_is_due_one_interval_after_the_start),
        cmocka_unit_test(test_sv6_monthly_and_quarterly_count_calendar_months),
        cmocka_unit_test(test_sv6_cadence_days_are_fixed_except_custom_within_a_year),
        cmocka_unit_test(test_sv6_policy_defaults_apply_without_a_cadence_of_their_own),
        cmocka_unit_test(test_sv6_due_today_overdue_by_n_days_or_upcoming),
        cmocka_unit_test(test_sv6_reintervention_needed_always_makes_a_task_due_in_two_days),
        cmocka_unit_test(test_sv6_at_risk_makes_a_task_due_in_seven_days_unless_the_policy_says_no),
        cmocka_unit_test(test_sv6_unreachable_makes_a_task_only_the_third_time_in_a_row),
        cmocka_unit_test(test_sv6_stable_never_makes_a_task),
        cmocka_unit_test(test_sv6_names_round_trip_and_unknown_names_are_refused),
    };
    return cmocka_run_group_tests_name("checkup", tests, NULL, NULL);
}
