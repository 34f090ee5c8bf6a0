/* test_monitor.c - monitoring programs' pure rules (monitor.h, SPEC GR-6, GR-9, GR-10):
 * requirements prorated over phases and periods, the acceptance example (4 groups required, 3
 * attended: 75%, flagged), a confirmed violation, months before the agreement, the test
 * lifecycle, results and violations, decisions, and reports owed with their grace. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "civil.h"
#include "monitor.h"

static const struct mon_duty_rule four_a_month[] = {{DUTY_GROUP, 4, PER_MONTH},
                                                    {DUTY_CHECKIN, 1, PER_DAY}};
static const struct mon_duty_rule two_a_month[] = {{DUTY_GROUP, 2, PER_MONTH},
                                                   {DUTY_CHECKIN, 1, PER_DAY}};
static const struct mon_duty_rule five_a_week[] = {{DUTY_MUTUAL_HELP, 5, PER_WEEK}};
static const struct mon_duty_rule two_a_quarter[] = {{DUTY_MUTUAL_HELP, 2, PER_QUARTER}};

static int32_t D(const char *s)
{
    return civil_parse(s);
}

static void test_a_full_month_requires_its_count(void **state)
{
    (void)state;
    struct mon_span s = {D("2026-01-01"), -1, four_a_month, 2};
    assert_int_equal(mon_required(&s, 1, DUTY_GROUP, D("2026-11-01"), D("2026-11-30"), NULL, 0), 4);
    assert_int_equal(mon_required(&s, 1, DUTY_GROUP, D("2026-02-01"), D("2026-02-28"), NULL, 0), 4);
    assert_int_equal(mon_required(&s, 1, DUTY_CHECKIN, D("2026-11-01"), D("2026-11-30"), NULL, 0),
                     30);
    /* a duty the phase does not have */
    assert_int_equal(
        mon_required(&s, 1, DUTY_SELF_REPORT, D("2026-11-01"), D("2026-11-30"), NULL, 0), 0);
}

static void test_a_phase_change_mid_month_prorates(void **state)
{
    (void)state;
    /* 4 a month to the 15th of November, 2 a month from the 16th: 2 + 1 = 3. */
    struct mon_span s[2] = {{D("2026-01-01"), D("2026-11-15"), four_a_month, 2},
                            {D("2026-11-16"), -1, two_a_month, 2}};
    assert_int_equal(mon_required(s, 2, DUTY_GROUP, D("2026-11-01"), D("2026-11-30"), NULL, 0), 3);
    /* The months on either side keep their own phase's count. */
    assert_int_equal(mon_required(s, 2, DUTY_GROUP, D("2026-10-01"), D("2026-10-31"), NULL, 0), 4);
    assert_int_equal(mon_required(s, 2, DUTY_GROUP, D("2026-12-01"), D("2026-12-31"), NULL, 0), 2);
}

static void test_weeks_quarters_and_a_leap_february(void **state)
{
    (void)state;
    struct mon_span w = {D("2026-01-01"), -1, five_a_week, 1};
    /* 5 a week over a 30-day month: 30 * 5/7 = 21.4 -> 21; over February 2028 (29 days): 20.7
     * -> 21; over 28 days: exactly 20. */
    assert_int_equal(
        mon_required(&w, 1, DUTY_MUTUAL_HELP, D("2026-11-01"), D("2026-11-30"), NULL, 0), 21);
    struct mon_span w2 = {D("2028-01-01"), -1, five_a_week, 1};
    assert_int_equal(
        mon_required(&w2, 1, DUTY_MUTUAL_HELP, D("2028-02-01"), D("2028-02-29"), NULL, 0), 21);
    assert_int_equal(
        mon_required(&w, 1, DUTY_MUTUAL_HELP, D("2026-02-01"), D("2026-02-28"), NULL, 0), 20);
    /* 2 a quarter: the quarter October-December has 92 days; one month of 30 days is 0.65 -> 1,
     * and the whole quarter is 2. */
    struct mon_span q = {D("2026-01-01"), -1, two_a_quarter, 1};
    assert_int_equal(
        mon_required(&q, 1, DUTY_MUTUAL_HELP, D("2026-11-01"), D("2026-11-30"), NULL, 0), 1);
    assert_int_equal(
        mon_required(&q, 1, DUTY_MUTUAL_HELP, D("2026-10-01"), D("2026-12-31"), NULL, 0), 2);
}

static void test_an_agreement_starting_mid_month_and_excused_days(void **state)
{
    (void)state;
    /* From the 16th of a 30-day month: half the month, 2 groups and 15 check-ins. */
    struct mon_span s = {D("2026-11-16"), -1, four_a_month, 2};
    assert_int_equal(mon_required(&s, 1, DUTY_GROUP, D("2026-11-01"), D("2026-11-30"), NULL, 0), 2);
    assert_int_equal(mon_required(&s, 1, DUTY_CHECKIN, D("2026-11-01"), D("2026-11-30"), NULL, 0),
                     15);
    int32_t ex[] = {D("2026-11-20"), D("2026-11-21"), D("2026-10-01")};
    assert_int_equal(mon_required(&s, 1, DUTY_CHECKIN, D("2026-11-01"), D("2026-11-30"), ex, 3),
                     13);
}

static struct mon_month_in month_in(const struct mon_span *s, size_t n, const char *last)
{
    struct mon_month_in in = {
        .year = 2026, .month = 11, .through = D(last), .spans = s, .nspans = n};
    return in;
}

static const struct mon_duty_result *duty(const struct mon_month_result *r, enum mon_duty k)
{
    for (size_t i = 0; i < r->nduty; i++)
        if (r->duty[i].kind == k)
            return &r->duty[i];
    return NULL;
}

static void test_three_of_four_groups_is_75_percent_flagged(void **state)
{
    (void)state;
    struct mon_span s = {D("2026-01-01"), -1, four_a_month, 2};
    struct mon_month_in in = month_in(&s, 1, "2026-11-30");
    in.done[DUTY_GROUP] = 3;
    in.done[DUTY_CHECKIN] = 30;
    struct mon_month_result r;
    mon_month(&in, &r);
    const struct mon_duty_result *g = duty(&r, DUTY_GROUP);
    assert_non_null(g);
    assert_int_equal(g->required, 4);
    assert_int_equal(g->done, 3);
    assert_int_equal(g->percent, 75);
    assert_true(g->flagged);
    assert_false(duty(&r, DUTY_CHECKIN)->flagged);
    assert_int_equal(r.status, MON_NON_COMPLIANT);
    assert_int_equal(r.nreason, 1);
    assert_string_equal(r.reason[0].msgid, "monitor.reason.duty_short");
    assert_int_equal(r.reason[0].duty, DUTY_GROUP);
    assert_int_equal(r.reason[0].count, 1);
    /* The fourth session makes the month compliant. */
    in.done[DUTY_GROUP] = 4;
    mon_month(&in, &r);
    assert_int_equal(r.status, MON_COMPLIANT);
    assert_int_equal(r.nreason, 0);
    assert_int_equal(duty(&r, DUTY_GROUP)->percent, 100);
}

static void test_a_confirmed_violation_makes_a_month_non_compliant(void **state)
{
    (void)state;
    struct mon_span s = {D("2026-01-01"), -1, four_a_month, 2};
    struct mon_month_in in = month_in(&s, 1, "2026-11-30");
    in.done[DUTY_GROUP] = 4;
    in.done[DUTY_CHECKIN] = 30;
    in.owed[DUTY_TESTING] = 5;
    in.done[DUTY_TESTING] = 5;
    in.violations[VIO_POSITIVE] = 1;
    struct mon_month_result r;
    mon_month(&in, &r);
    assert_int_equal(r.status, MON_NON_COMPLIANT);
    assert_int_equal(r.nreason, 1);
    assert_string_equal(r.reason[0].msgid, "monitor.reason.violation");
    assert_int_equal(r.reason[0].violation, VIO_POSITIVE);
    assert_false(duty(&r, DUTY_TESTING)->flagged);
    /* A missed test shows twice: the duty short and, once confirmed, the violation. */
    in.violations[VIO_POSITIVE] = 0;
    in.done[DUTY_TESTING] = 4;
    in.violations[VIO_MISSED_TEST] = 1;
    mon_month(&in, &r);
    assert_true(duty(&r, DUTY_TESTING)->flagged);
    assert_int_equal(duty(&r, DUTY_TESTING)->percent, 80);
    assert_int_equal(r.nreason, 2);
}

static void test_to_date_and_before_the_agreement(void **state)
{
    (void)state;
    struct mon_span s = {D("2026-01-01"), -1, four_a_month, 2};
    /* To the 15th: half the month's groups and 15 check-ins are due so far. */
    struct mon_month_in in = month_in(&s, 1, "2026-11-15");
    in.done[DUTY_CHECKIN] = 15;
    in.done[DUTY_GROUP] = 2;
    struct mon_month_result r;
    mon_month(&in, &r);
    assert_int_equal(duty(&r, DUTY_GROUP)->required, 2);
    assert_int_equal(duty(&r, DUTY_CHECKIN)->required, 15);
    assert_int_equal(r.status, MON_IN_PROGRESS);
    /* Short so far is shown, not flagged: the rest of the month can make it up. */
    in.done[DUTY_GROUP] = 0;
    mon_month(&in, &r);
    assert_int_equal(duty(&r, DUTY_GROUP)->percent, 0);
    assert_false(duty(&r, DUTY_GROUP)->flagged);
    assert_int_equal(r.status, MON_IN_PROGRESS);
    /* A confirmed violation makes it non-compliant at once. */
    in.violations[VIO_MISSED_CHECKIN] = 1;
    mon_month(&in, &r);
    assert_int_equal(r.status, MON_NON_COMPLIANT);
    /* An agreement that starts next month: not started. */
    struct mon_span later = {D("2026-12-01"), -1, four_a_month, 2};
    in = month_in(&later, 1, "2026-11-30");
    mon_month(&in, &r);
    assert_int_equal(r.status, MON_NOT_STARTED);
    assert_int_equal(r.nduty, 0);
}

static void test_reports_owed_count_when_due(void **state)
{
    (void)state;
    struct mon_span s = {D("2026-01-01"), -1, four_a_month, 2};
    struct mon_month_in in = month_in(&s, 1, "2026-11-30");
    in.done[DUTY_GROUP] = 4;
    in.done[DUTY_CHECKIN] = 30;
    in.owed[DUTY_WORKSITE_REPORT] = 1;
    struct mon_month_result r;
    mon_month(&in, &r);
    assert_int_equal(duty(&r, DUTY_WORKSITE_REPORT)->required, 1);
    assert_true(duty(&r, DUTY_WORKSITE_REPORT)->flagged);
    assert_int_equal(r.status, MON_NON_COMPLIANT);
    in.done[DUTY_WORKSITE_REPORT] = 1;
    mon_month(&in, &r);
    assert_int_equal(r.status, MON_COMPLIANT);
    /* A month where no report fell due does not list it. */
    in.owed[DUTY_WORKSITE_REPORT] = 0;
    in.done[DUTY_WORKSITE_REPORT] = 0;
    mon_month(&in, &r);
    assert_null(duty(&r, DUTY_WORKSITE_REPORT));
}

static void test_the_test_lifecycle(void **state)
{
    (void)state;
    assert_true(mon_test_may_move(TEST_SELECTED, TEST_COLLECTED));
    assert_true(mon_test_may_move(TEST_COLLECTED, TEST_SENT));
    assert_true(mon_test_may_move(TEST_SENT, TEST_RESULTED));
    assert_true(mon_test_may_move(TEST_RESULTED, TEST_VERIFIED));
    assert_true(mon_test_may_move(TEST_SELECTED, TEST_MISSED));
    assert_true(mon_test_may_move(TEST_SELECTED, TEST_EXCUSED));
    assert_true(mon_test_may_move(TEST_MISSED, TEST_EXCUSED));
    assert_false(mon_test_may_move(TEST_SELECTED, TEST_RESULTED));
    assert_false(mon_test_may_move(TEST_COLLECTED, TEST_VERIFIED));
    assert_false(mon_test_may_move(TEST_VERIFIED, TEST_COLLECTED));
    assert_false(mon_test_may_move(TEST_EXCUSED, TEST_SELECTED));
    assert_false(mon_test_may_move(TEST_VERIFIED, TEST_EXCUSED));
    assert_false(mon_test_may_move(TEST_COLLECTED, TEST_EXCUSED));
    for (int s = 0; s < TEST_STATE__COUNT; s++)
        assert_int_equal(mon_test_state_parse(mon_test_state_name(s)), s);
    assert_int_equal(mon_test_state_parse("lost"), -1);
}

static void test_results_and_the_violations_they_make(void **state)
{
    (void)state;
    assert_int_equal(mon_result_violation(RES_POSITIVE), VIO_POSITIVE);
    assert_int_equal(mon_result_violation(RES_ADULTERATED), VIO_REFUSAL);
    assert_int_equal(mon_result_violation(RES_DILUTE), VIO_DILUTE);
    assert_int_equal(mon_result_violation(RES_NEGATIVE), -1);
    assert_int_equal(mon_result_violation(RES_INVALID), -1);
    assert_int_equal(mon_result_violation(RES_CANCELLED), -1);
    for (int v = 0; v < VIO__COUNT; v++)
        assert_int_equal(mon_violation_parse(mon_violation_name(v)), v);
}

static void test_a_violation_is_decided_once_with_a_reason(void **state)
{
    (void)state;
    const char *why;
    assert_int_equal(mon_vio_decide_check(VIO_OPEN, VIO_EXCUSED, "Phone died; called in", &why), 0);
    assert_int_equal(mon_vio_decide_check(VIO_OPEN, VIO_CONFIRMED, "No-show", &why), 0);
    assert_int_equal(mon_vio_decide_check(VIO_OPEN, VIO_EXCUSED, "", &why), -1);
    assert_string_equal(why, "monitor.err.reason");
    assert_int_equal(mon_vio_decide_check(VIO_OPEN, VIO_EXCUSED, "  \n", &why), -1);
    char long_reason[1100];
    memset(long_reason, 'x', sizeof long_reason - 1);
    long_reason[sizeof long_reason - 1] = '\0';
    assert_int_equal(mon_vio_decide_check(VIO_OPEN, VIO_EXCUSED, long_reason, &why), -1);
    assert_int_equal(mon_vio_decide_check(VIO_EXCUSED, VIO_CONFIRMED, "again", &why), -1);
    assert_string_equal(why, "monitor.err.decided");
    assert_int_equal(mon_vio_decide_check(VIO_OPEN, VIO_OPEN, "reopen", &why), -1);
}

static void test_report_due_days_and_grace(void **state)
{
    (void)state;
    int32_t out[8];
    /* Quarterly from the last day of January: the end of each short month is kept. */
    size_t n = mon_report_due_days(D("2026-01-31"), 3, D("2026-12-31"), out, 8);
    assert_int_equal(n, 3);
    char s[11];
    civil_format(out[0], s);
    assert_string_equal(s, "2026-04-30");
    civil_format(out[1], s);
    assert_string_equal(s, "2026-07-31");
    civil_format(out[2], s);
    assert_string_equal(s, "2026-10-31");
    /* More than cap: the count is still all of them. */
    assert_int_equal(mon_report_due_days(D("2026-01-01"), 1, D("2027-12-31"), out, 8), 23);
    assert_false(mon_report_late(D("2026-04-30"), D("2026-05-07"), 7));
    assert_true(mon_report_late(D("2026-04-30"), D("2026-05-08"), 7));
    assert_false(mon_report_late(D("2026-04-30"), D("2026-04-01"), 0));
}

static void test_duty_checks(void **state)
{
    (void)state;
    const char *why;
    struct mon_duty_rule ok = {DUTY_GROUP, 4, PER_MONTH}, zero = {DUTY_GROUP, 0, PER_MONTH},
                         big = {DUTY_MUTUAL_HELP, 1000, PER_WEEK},
                         text = {DUTY_RESTRICTION, 0, PER_DAY};
    assert_int_equal(mon_duty_check(&ok, &why), 0);
    assert_int_equal(mon_duty_check(&zero, &why), -1);
    assert_string_equal(why, "monitor.err.duty_count");
    assert_int_equal(mon_duty_check(&big, &why), -1);
    assert_int_equal(mon_duty_check(&text, &why), 0);
    assert_int_equal(mon_duty_parse("worksite_report"), DUTY_WORKSITE_REPORT);
    assert_int_equal(mon_per_parse("quarter"), PER_QUARTER);
    assert_int_equal(mon_per_parse("fortnight"), -1);
}

static void test_rounding_is_exact_and_half_up(void **state)
{
    (void)state;
    static const struct mon_duty_rule one_a_month[] = {{DUTY_GROUP, 1, PER_MONTH}};
    static const struct mon_duty_rule one_a_week[] = {{DUTY_GROUP, 1, PER_WEEK}};
    struct mon_span m = {D("2026-01-01"), -1, one_a_month, 1};
    /* 15 of 30 days of "1 a month" is exactly one half: up to 1; 15 of 31 is under: 0. */
    assert_int_equal(mon_required(&m, 1, DUTY_GROUP, D("2026-11-01"), D("2026-11-15"), NULL, 0), 1);
    assert_int_equal(mon_required(&m, 1, DUTY_GROUP, D("2026-12-01"), D("2026-12-15"), NULL, 0), 0);
    /* Two periods in one sum: February 1st at 1 a week (2/14) and the 2nd to the 11th at 1 a
     * month of 28 days (5/14) is exactly 7/14, up to 1; a day less of the month is 6/14: 0. */
    struct mon_span two[2] = {{D("2026-01-01"), D("2026-02-01"), one_a_week, 1},
                              {D("2026-02-02"), -1, one_a_month, 1}};
    assert_int_equal(mon_required(two, 2, DUTY_GROUP, D("2026-02-01"), D("2026-02-11"), NULL, 0),
                     1);
    assert_int_equal(mon_required(two, 2, DUTY_GROUP, D("2026-02-01"), D("2026-02-10"), NULL, 0),
                     0);
    /* An empty range and a range outside every span require nothing. */
    assert_int_equal(mon_required(&m, 1, DUTY_GROUP, D("2026-11-02"), D("2026-11-01"), NULL, 0), 0);
    assert_int_equal(mon_required(&m, 1, DUTY_GROUP, D("2025-11-01"), D("2025-11-30"), NULL, 0), 0);
    /* A year of "5 a week" over 2026 (365 days): 260.7 -> 261. */
    struct mon_span w = {D("2026-01-01"), -1, five_a_week, 1};
    assert_int_equal(
        mon_required(&w, 1, DUTY_MUTUAL_HELP, D("2026-01-01"), D("2026-12-31"), NULL, 0), 261);
}

static void test_a_month_excuses_check_ins_not_groups(void **state)
{
    (void)state;
    /* Eight days away (10-17 November): 22 check-ins are due, and still 4 groups (excusing
     * the groups too would make 22 * 4/30 = 2.9, so 3). */
    struct mon_span s = {D("2026-01-01"), -1, four_a_month, 2};
    int32_t ex[8];
    for (int i = 0; i < 8; i++)
        ex[i] = D("2026-11-10") + i;
    struct mon_month_in in = month_in(&s, 1, "2026-11-30");
    in.excused = ex;
    in.nexcused = 8;
    in.done[DUTY_GROUP] = 3;
    in.done[DUTY_CHECKIN] = 22;
    struct mon_month_result r;
    mon_month(&in, &r);
    assert_int_equal(duty(&r, DUTY_CHECKIN)->required, 22);
    assert_false(duty(&r, DUTY_CHECKIN)->flagged);
    assert_int_equal(duty(&r, DUTY_GROUP)->required, 4);
    assert_true(duty(&r, DUTY_GROUP)->flagged);
    assert_int_equal(r.status, MON_NON_COMPLIANT);
    in.done[DUTY_GROUP] = 4;
    in.done[DUTY_CHECKIN] = 21;
    mon_month(&in, &r);
    assert_true(duty(&r, DUTY_CHECKIN)->flagged);
    assert_int_equal(duty(&r, DUTY_CHECKIN)->percent, 95); /* floor(2100 / 22) */
    assert_int_equal(r.nreason, 1);
    assert_int_equal(r.reason[0].duty, DUTY_CHECKIN);
    in.done[DUTY_CHECKIN] = 22;
    mon_month(&in, &r);
    assert_int_equal(r.status, MON_COMPLIANT);
}

static void test_a_month_lists_the_duties_of_its_own_phases(void **state)
{
    (void)state;
    static const struct mon_duty_rule checkin_only[] = {{DUTY_CHECKIN, 1, PER_DAY}};
    /* Groups end with the first phase on 15 November. */
    struct mon_span s[2] = {{D("2026-01-01"), D("2026-11-15"), four_a_month, 2},
                            {D("2026-11-16"), -1, checkin_only, 1}};
    struct mon_month_in in = month_in(s, 2, "2026-11-30");
    in.done[DUTY_GROUP] = 2;
    in.done[DUTY_CHECKIN] = 30;
    struct mon_month_result r;
    mon_month(&in, &r);
    assert_int_equal(duty(&r, DUTY_GROUP)->required, 2);
    assert_int_equal(r.nduty, 2);
    assert_int_equal(r.status, MON_COMPLIANT);
    /* December has no group duty to list. */
    in.year = 2026;
    in.month = 12;
    in.through = D("2026-12-31");
    in.done[DUTY_GROUP] = 0;
    in.done[DUTY_CHECKIN] = 31;
    mon_month(&in, &r);
    assert_null(duty(&r, DUTY_GROUP));
    assert_int_equal(r.nduty, 1);
    assert_int_equal(r.duty[0].kind, DUTY_CHECKIN);
    assert_int_equal(r.duty[0].required, 31);
    /* Before the agreement, a violation dated there is no reason: nothing is due. */
    struct mon_span later = {D("2027-01-01"), -1, four_a_month, 2};
    in = month_in(&later, 1, "2026-11-30");
    in.violations[VIO_MISSED_CHECKIN] = 1;
    mon_month(&in, &r);
    assert_int_equal(r.status, MON_NOT_STARTED);
    assert_int_equal(r.nreason, 0);
    assert_string_equal(mon_status_name(r.status), "not_started");
}

static void test_names_round_trip(void **state)
{
    (void)state;
    for (int k = 0; k < DUTY__COUNT; k++)
        assert_int_equal(mon_duty_parse(mon_duty_name(k)), k);
    for (int p = 0; p < PER__COUNT; p++)
        assert_int_equal(mon_per_parse(mon_per_name(p)), p);
    for (int x = 0; x < RES__COUNT; x++)
        assert_int_equal(mon_result_parse(mon_result_name(x)), x);
    for (int x = 0; x < VIO_STATE__COUNT; x++)
        assert_int_equal(mon_vio_state_parse(mon_vio_state_name(x)), x);
    assert_string_equal(mon_duty_name(DUTY_MUTUAL_HELP), "mutual_help");
    assert_string_equal(mon_result_name(RES_ADULTERATED), "adulterated");
    assert_string_equal(mon_violation_name(VIO_LATE_REPORT), "late_report");
    assert_string_equal(mon_vio_state_name(VIO_CONFIRMED), "confirmed");
    assert_string_equal(mon_status_name(MON_NON_COMPLIANT), "non_compliant");
    assert_string_equal(mon_duty_name(DUTY__COUNT), "");
    assert_int_equal(mon_result_parse("Positive"), -1);
    assert_int_equal(mon_vio_state_parse(NULL), -1);
    assert_int_equal(mon_status_name(MON_STATUS__COUNT)[0], '\0');
}

static void test_decisions_refuse_blank_reasons_and_bad_targets(void **state)
{
    (void)state;
    const char *why;
    assert_int_equal(mon_vio_decide_check(VIO_OPEN, VIO_CONFIRMED, "\t \r\n", &why), -1);
    assert_string_equal(why, "monitor.err.reason");
    assert_int_equal(mon_vio_decide_check(VIO_OPEN, VIO_CONFIRMED, NULL, &why), -1);
    assert_string_equal(why, "monitor.err.reason");
    char r1000[1001];
    memset(r1000, 'x', 1000);
    r1000[1000] = '\0';
    assert_int_equal(mon_vio_decide_check(VIO_OPEN, VIO_CONFIRMED, r1000, &why), 0);
    assert_null(why);
    assert_int_equal(mon_vio_decide_check(VIO_CONFIRMED, VIO_EXCUSED, "changed my mind", &why), -1);
    assert_string_equal(why, "monitor.err.decided");
    assert_int_equal(mon_vio_decide_check(VIO_OPEN, VIO_OPEN, "reopen", &why), -1);
    assert_string_equal(why, "monitor.err.decision");
}

static void test_report_due_days_edges(void **state)
{
    (void)state;
    int32_t out[4];
    /* Monthly from 31 January 2028 (leap): 29 February, then 31 March (from the start, not
     * from the clamped day). */
    assert_int_equal(mon_report_due_days(D("2028-01-31"), 1, D("2028-03-31"), out, 4), 2);
    assert_int_equal(out[0], D("2028-02-29"));
    assert_int_equal(out[1], D("2028-03-31"));
    /* The last day itself is included; nothing before the first due day. */
    assert_int_equal(mon_report_due_days(D("2026-01-31"), 3, D("2026-04-30"), out, 4), 1);
    assert_int_equal(mon_report_due_days(D("2026-01-31"), 3, D("2026-04-29"), out, 4), 0);
    assert_int_equal(mon_report_due_days(D("2026-01-31"), 0, D("2030-01-01"), out, 4), 0);
    assert_int_equal(mon_report_due_days(D("2026-01-31"), 2000000000, D("2200-12-31"), out, 4), 0);
    /* Received on the due day with no grace is on time; a day after is late. */
    assert_false(mon_report_late(D("2026-04-30"), D("2026-04-30"), 0));
    assert_true(mon_report_late(D("2026-04-30"), D("2026-05-01"), 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_full_month_requires_its_count),
        cmocka_unit_test(test_a_phase_change_mid_month_prorates),
        cmocka_unit_test(test_weeks_quarters_and_a_leap_february),
        cmocka_unit_test(test_an_agreement_starting_mid_month_and_excused_days),
        cmocka_unit_test(test_three_of_four_groups_is_75_percent_flagged),
        cmocka_unit_test(test_a_confirmed_violation_makes_a_month_non_compliant),
        cmocka_unit_test(test_to_date_and_before_the_agreement),
        cmocka_unit_test(test_reports_owed_count_when_due),
        cmocka_unit_test(test_the_test_lifecycle),
        cmocka_unit_test(test_results_and_the_violations_they_make),
        cmocka_unit_test(test_a_violation_is_decided_once_with_a_reason),
        cmocka_unit_test(test_report_due_days_and_grace),
        cmocka_unit_test(test_duty_checks),
        cmocka_unit_test(test_rounding_is_exact_and_half_up),
        cmocka_unit_test(test_a_month_excuses_check_ins_not_groups),
        cmocka_unit_test(test_a_month_lists_the_duties_of_its_own_phases),
        cmocka_unit_test(test_names_round_trip),
        cmocka_unit_test(test_decisions_refuse_blank_reasons_and_bad_targets),
        cmocka_unit_test(test_report_due_days_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
