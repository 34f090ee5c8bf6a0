/* test_policy.c - the policy table: unique keys, sane ranges, the New Jersey defaults of SPEC.md,
 * lookup and range checks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "policy.h"

static int64_t def_of(const char *key)
{
    int i = policy_find(key);
    if (i < 0)
        fail_msg("policy '%s' does not exist", key);
    return policy_defs[i].def;
}

/* ---- the table ------------------------------------------------------------ */

static void test_policy_every_key_is_unique(void **state)
{
    (void)state;
    for (int i = 0; i < POL__COUNT; i++)
        for (int j = i + 1; j < POL__COUNT; j++)
            if (strcmp(policy_defs[i].key, policy_defs[j].key) == 0)
                fail_msg("policies %d and %d share the key '%s'", i, j, policy_defs[i].key);
}

static void test_policy_every_row_is_filled_in(void **state)
{
    (void)state;
    for (int i = 0; i < POL__COUNT; i++) {
        const struct policy_def *d = &policy_defs[i];
        if (!d->key || !d->group || !d->label || !d->rule || !d->unit)
            fail_msg("policy %d has an empty key, group, label, rule or unit", i);
        if (!*d->key || !*d->group || !*d->label || !*d->rule || !*d->unit)
            fail_msg("policy %d ('%s') has an empty string", i, d->key);
    }
}

/* Keys are stored in the database and used by the API: keep them plain. */
static void test_policy_keys_are_lower_case_snake_case(void **state)
{
    (void)state;
    for (int i = 0; i < POL__COUNT; i++) {
        const char *k = policy_defs[i].key;
        if (strlen(k) > 40)
            fail_msg("key '%s' is longer than 40", k);
        for (const char *c = k; *c; c++)
            if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_'))
                fail_msg("key '%s' has the character '%c'", k, *c);
    }
}

static void test_policy_every_default_is_within_its_own_range(void **state)
{
    (void)state;
    for (int i = 0; i < POL__COUNT; i++) {
        const struct policy_def *d = &policy_defs[i];
        if (d->min > d->max)
            fail_msg("%s: min %lld > max %lld", d->key, (long long)d->min, (long long)d->max);
        if (d->def < d->min || d->def > d->max)
            fail_msg("%s: default %lld outside %lld..%lld", d->key, (long long)d->def,
                     (long long)d->min, (long long)d->max);
        char msg[256];
        if (policy_check(i, d->def, msg, sizeof msg) != 0)
            fail_msg("%s: policy_check refuses the default: %s", d->key, msg);
    }
}

/* Ranges keep a typo from disabling a safeguard. */
static void test_policy_security_minimums_cannot_be_switched_off(void **state)
{
    (void)state;
    assert_true(policy_defs[POL_SESSION_IDLE_MIN].min >= 1);
    assert_true(policy_defs[POL_LOCKOUT_FAILURES].min >= 1);
    assert_true(policy_defs[POL_LOCKOUT_WINDOW_MIN].min >= 1);
    assert_true(policy_defs[POL_PASSWORD_MIN_LEN].min >= 8);
    assert_true(policy_defs[POL_SUPPRESS_MAX].min >= 10); /* RP-3: never suppress less than 1..10 */
}

static void test_policy_defaults_fills_every_value(void **state)
{
    (void)state;
    struct policy p;
    memset(&p, 0x5a, sizeof p);
    policy_defaults(&p);
    for (int i = 0; i < POL__COUNT; i++)
        assert_int_equal(p.v[i], policy_defs[i].def);
}

/* ---- New Jersey defaults (SPEC.md) ---------------------------------------- */

static void test_policy_nj_session_idle_is_15_minutes(void **state)
{
    (void)state;
    assert_int_equal(policy_defs[POL_SESSION_IDLE_MIN].def, 15);
    assert_int_equal(def_of("session_idle_minutes"), 15);
    assert_string_equal(policy_defs[POL_SESSION_IDLE_MIN].unit, "minutes");
}

static void test_policy_nj_lockout_is_10_failures_in_15_minutes(void **state)
{
    (void)state;
    assert_int_equal(policy_defs[POL_LOCKOUT_FAILURES].def, 10);
    assert_int_equal(policy_defs[POL_LOCKOUT_WINDOW_MIN].def, 15);
    assert_string_equal(policy_defs[POL_LOCKOUT_WINDOW_MIN].unit, "minutes");
}

static void test_policy_nj_wf1_l2_training_18_hours_and_certify_within_12_months(void **state)
{
    (void)state;
    assert_int_equal(policy_defs[POL_L2_TRAINING_HOURS].def, 18);
    assert_int_equal(policy_defs[POL_L2_CERT_WINDOW_MONTHS].def, 12);
    assert_string_equal(policy_defs[POL_L2_CERT_WINDOW_MONTHS].unit, "months");
}

static void test_policy_nj_wf2_25_supervised_hours_and_200_to_500_experience(void **state)
{
    (void)state;
    assert_int_equal(policy_defs[POL_SUPERVISED_HOURS].def, 25);
    assert_int_equal(policy_defs[POL_EXPERIENCE_HOURS].min, 200);
    assert_int_equal(policy_defs[POL_EXPERIENCE_HOURS].max, 500);
    assert_in_range(policy_defs[POL_EXPERIENCE_HOURS].def, 200, 500);
}

static void test_policy_nj_wf3_ce_20_hours_6_ethics_per_24_month_cycle(void **state)
{
    (void)state;
    assert_int_equal(policy_defs[POL_CE_HOURS].def, 20);
    assert_int_equal(policy_defs[POL_CE_ETHICS_HOURS].def, 6);
    assert_int_equal(policy_defs[POL_CE_CYCLE_MONTHS].def, 24);
    assert_true(policy_defs[POL_CE_ETHICS_HOURS].def <= policy_defs[POL_CE_HOURS].def);
}

static void test_policy_nj_wf3_warnings_at_90_60_30_days(void **state)
{
    (void)state;
    assert_int_equal(policy_defs[POL_WARN_DAYS_1].def, 90);
    assert_int_equal(policy_defs[POL_WARN_DAYS_2].def, 60);
    assert_int_equal(policy_defs[POL_WARN_DAYS_3].def, 30);
    assert_string_equal(policy_defs[POL_WARN_DAYS_1].unit, "days");
    /* The first warning is the earliest (the settings page enforces the order). */
    assert_true(policy_defs[POL_WARN_DAYS_1].def > policy_defs[POL_WARN_DAYS_2].def);
    assert_true(policy_defs[POL_WARN_DAYS_2].def > policy_defs[POL_WARN_DAYS_3].def);
}

static void test_policy_nj_gr7_lowest_fee_within_highest(void **state)
{
    (void)state;
    assert_true(policy_defs[POL_FEE_MIN_DOLLARS].def <= policy_defs[POL_FEE_MAX_DOLLARS].def);
}

static void test_policy_nj_sv8_billing_15_minute_units_8_minute_rule_16_a_day(void **state)
{
    (void)state;
    assert_int_equal(policy_defs[POL_BILLING_UNIT_MIN].def, 15);
    assert_int_equal(policy_defs[POL_BILLING_MIN_MINUTES].def, 8);
    assert_int_equal(policy_defs[POL_BILLING_DAILY_CAP].def, 16);
    /* The first unit needs more than half a unit. */
    assert_true(policy_defs[POL_BILLING_MIN_MINUTES].def * 2 >
                policy_defs[POL_BILLING_UNIT_MIN].def);
}

static void test_policy_nj_rp3_suppresses_counts_up_to_10(void **state)
{
    (void)state;
    assert_int_equal(policy_defs[POL_SUPPRESS_MAX].def, 10);
    assert_int_equal(def_of("suppress_max_count"), 10);
}

static void test_policy_nj_rc4_disclosure_accounting_covers_3_years(void **state)
{
    (void)state;
    assert_int_equal(policy_defs[POL_DISCLOSURE_WINDOW_YEARS].def, 3);
}

/* ---- policy_find ------------------------------------------------------------ */

static void test_policy_find_returns_the_index_of_every_key(void **state)
{
    (void)state;
    for (int i = 0; i < POL__COUNT; i++)
        assert_int_equal(policy_find(policy_defs[i].key), i);
    assert_int_equal(policy_find("session_idle_minutes"), POL_SESSION_IDLE_MIN);
    assert_int_equal(policy_find("billing_daily_cap_units"), POL_BILLING_DAILY_CAP);
}

static void test_policy_find_refuses_unknown_prefixes_and_other_case(void **state)
{
    (void)state;
    assert_int_equal(policy_find("no_such_policy"), -1);
    assert_int_equal(policy_find(""), -1);
    assert_int_equal(policy_find("session_idle"), -1);
    assert_int_equal(policy_find("session_idle_minutes_"), -1);
    assert_int_equal(policy_find("session_idle_minutes "), -1);
    assert_int_equal(policy_find("SESSION_IDLE_MINUTES"), -1);
}

/* ---- policy_check ----------------------------------------------------------- */

static void test_policy_check_allows_both_ends_of_every_range(void **state)
{
    (void)state;
    char msg[256];
    for (int i = 0; i < POL__COUNT; i++) {
        strcpy(msg, "untouched");
        if (policy_check(i, policy_defs[i].min, msg, sizeof msg) != 0)
            fail_msg("%s refuses its min: %s", policy_defs[i].key, msg);
        if (policy_check(i, policy_defs[i].max, msg, sizeof msg) != 0)
            fail_msg("%s refuses its max: %s", policy_defs[i].key, msg);
    }
}

static void test_policy_check_refuses_one_past_either_end_of_every_range(void **state)
{
    (void)state;
    char msg[256];
    for (int i = 0; i < POL__COUNT; i++) {
        msg[0] = '\0';
        if (policy_check(i, policy_defs[i].min - 1, msg, sizeof msg) != -1)
            fail_msg("%s allows min - 1", policy_defs[i].key);
        if (!strstr(msg, policy_defs[i].label))
            fail_msg("%s: message '%s' does not name the setting", policy_defs[i].key, msg);
        msg[0] = '\0';
        if (policy_check(i, policy_defs[i].max + 1, msg, sizeof msg) != -1)
            fail_msg("%s allows max + 1", policy_defs[i].key);
        if (!msg[0])
            fail_msg("%s: no message", policy_defs[i].key);
    }
}

static void test_policy_check_refuses_an_idle_timeout_of_zero(void **state)
{
    (void)state;
    char msg[256];
    assert_int_equal(policy_check(POL_SESSION_IDLE_MIN, 0, msg, sizeof msg), -1);
    assert_string_equal(msg, "Sign out after inactivity must be between 2 and 240 minutes.");
    assert_int_equal(policy_check(POL_SESSION_IDLE_MIN, 1, msg, sizeof msg), -1);
    assert_int_equal(policy_check(POL_SESSION_IDLE_MIN, 2, msg, sizeof msg), 0);
    assert_int_equal(policy_check(POL_SESSION_IDLE_MIN, 240, msg, sizeof msg), 0);
    assert_int_equal(policy_check(POL_SESSION_IDLE_MIN, 241, msg, sizeof msg), -1);
}

static void test_policy_check_message_states_range_and_unit(void **state)
{
    (void)state;
    char msg[256];
    assert_int_equal(policy_check(POL_LOCKOUT_FAILURES, 10000, msg, sizeof msg), -1);
    assert_string_equal(msg,
                        "Wrong passwords that lock an account must be between 3 and 50 attempts.");
    assert_int_equal(policy_check(POL_SUPPRESS_MAX, 5, msg, sizeof msg), -1);
    assert_string_equal(
        msg, "Suppress de-identified counts from 1 up to must be between 10 and 100 count.");
}

static void test_policy_check_refuses_extreme_values(void **state)
{
    (void)state;
    char msg[256];
    for (int i = 0; i < POL__COUNT; i++) {
        assert_int_equal(policy_check(i, INT64_MIN, msg, sizeof msg), -1);
        assert_int_equal(policy_check(i, INT64_MAX, msg, sizeof msg), -1);
        assert_int_equal(policy_check(i, -1, msg, sizeof msg), policy_defs[i].min > -1 ? -1 : 0);
    }
}

static void test_policy_check_truncates_message_to_its_buffer(void **state)
{
    (void)state;
    char msg[16];
    memset(msg, 'X', sizeof msg);
    assert_int_equal(policy_check(POL_CE_HOURS, 0, msg, 8), -1);
    assert_int_equal(strlen(msg), 7);
    assert_int_equal(msg[8], 'X'); /* nothing written past the given length */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_policy_every_key_is_unique),
        cmocka_unit_test(test_policy_every_row_is_filled_in),
        cmocka_unit_test(test_policy_keys_are_lower_case_snake_case),
        cmocka_unit_test(test_policy_every_default_is_within_its_own_range),
        cmocka_unit_test(test_policy_security_minimums_cannot_be_switched_off),
        cmocka_unit_test(test_policy_defaults_fills_every_value),
        cmocka_unit_test(test_policy_nj_session_idle_is_15_minutes),
        cmocka_unit_test(test_policy_nj_lockout_is_10_failures_in_15_minutes),
        cmocka_unit_test(test_policy_nj_wf1_l2_training_18_hours_and_certify_within_12_months),
        cmocka_unit_test(test_policy_nj_wf2_25_supervised_hours_and_200_to_500_experience),
        cmocka_unit_test(test_policy_nj_wf3_ce_20_hours_6_ethics_per_24_month_cycle),
        cmocka_unit_test(test_policy_nj_wf3_warnings_at_90_60_30_days),
        cmocka_unit_test(test_policy_nj_gr7_lowest_fee_within_highest),
        cmocka_unit_test(test_policy_nj_sv8_billing_15_minute_units_8_minute_rule_16_a_day),
        cmocka_unit_test(test_policy_nj_rp3_suppresses_counts_up_to_10),
        cmocka_unit_test(test_policy_nj_rc4_disclosure_accounting_covers_3_years),
        cmocka_unit_test(test_policy_find_returns_the_index_of_every_key),
        cmocka_unit_test(test_policy_find_refuses_unknown_prefixes_and_other_case),
        cmocka_unit_test(test_policy_check_allows_both_ends_of_every_range),
        cmocka_unit_test(test_policy_check_refuses_one_past_either_end_of_every_range),
        cmocka_unit_test(test_policy_check_refuses_an_idle_timeout_of_zero),
        cmocka_unit_test(test_policy_check_message_states_range_and_unit),
        cmocka_unit_test(test_policy_check_refuses_extreme_values),
        cmocka_unit_test(test_policy_check_truncates_message_to_its_buffer),
    };
    return cmocka_run_group_tests_name("policy", tests, NULL, NULL);
}
