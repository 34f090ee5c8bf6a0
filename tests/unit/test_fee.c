/* test_fee.c - what members pay (fee.h, SPEC GR-7): seed 000's sliding scale ($20 for a member
 * at or under the poverty line, $80 standard, no recorded income standard), a three-tier scale,
 * the household's size, refused scales, amounts typed in dollars, and balances settled oldest
 * first with what is overdue. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "civil.h"
#include "fee.h"

/* 2025 HHS poverty guideline, 48 states: $15,650 and $5,500 for each further person. */
static struct fee_scale seed000(void)
{
    struct fee_scale s = {.tier = {{100, 2000}, {-1, 8000}},
                          .n = 2,
                          .poverty_base_cents = 1565000,
                          .poverty_per_person_cents = 550000};
    return s;
}

static void test_seed_000_twenty_or_eighty_dollars(void **state)
{
    (void)state;
    struct fee_scale s = seed000();
    const char *why;
    assert_int_equal(fee_scale_check(&s, &why), 0);
    assert_int_equal(fee_poverty_line(&s, 1), 1565000);
    assert_int_equal(fee_poverty_line(&s, 3), 2665000);
    /* A single member earning $12,000 a year: under the line, $20. */
    assert_int_equal(s.tier[fee_tier_for(&s, 1200000, 1)].monthly_cents, 2000);
    /* Exactly at 100% of the line: still $20; a cent above: $80. */
    assert_int_equal(fee_tier_for(&s, 1565000, 1), 0);
    assert_int_equal(fee_tier_for(&s, 1565001, 1), 1);
    /* $21,000 is above the line for one, under it for a household of three. */
    assert_int_equal(s.tier[fee_tier_for(&s, 2100000, 1)].monthly_cents, 8000);
    assert_int_equal(s.tier[fee_tier_for(&s, 2100000, 3)].monthly_cents, 2000);
    /* No recorded income: the standard fee. */
    assert_int_equal(fee_tier_for(&s, -1, 4), 1);
}

static void test_a_three_tier_scale(void **state)
{
    (void)state;
    struct fee_scale s = {.tier = {{100, 2000}, {200, 5000}, {-1, 8000}},
                          .n = 3,
                          .poverty_base_cents = 1565000,
                          .poverty_per_person_cents = 550000};
    const char *why;
    assert_int_equal(fee_scale_check(&s, &why), 0);
    assert_int_equal(fee_tier_for(&s, 1000000, 1), 0);
    assert_int_equal(fee_tier_for(&s, 3000000, 1), 1); /* 192% */
    assert_int_equal(fee_tier_for(&s, 3130000, 1), 1); /* exactly 200% */
    assert_int_equal(fee_tier_for(&s, 3130001, 1), 2);
    assert_int_equal(fee_tier_for(&s, FEE_CENTS_MAX, 1), 2);
}

static void test_scales_refused(void **state)
{
    (void)state;
    const char *why;
    struct fee_scale s = seed000();
    s.tier[1].max_percent = 300; /* no standard tier */
    assert_int_equal(fee_scale_check(&s, &why), -1);
    assert_string_equal(why, "fee.err.tier_order");
    s = seed000();
    s.tier[0].max_percent = -1; /* the standard tier first */
    assert_int_equal(fee_scale_check(&s, &why), -1);
    struct fee_scale down = {.tier = {{200, 2000}, {100, 5000}, {-1, 8000}},
                             .n = 3,
                             .poverty_base_cents = 1,
                             .poverty_per_person_cents = 1};
    assert_int_equal(fee_scale_check(&down, &why), -1);
    s = seed000();
    s.tier[0].monthly_cents = -5;
    assert_int_equal(fee_scale_check(&s, &why), -1);
    assert_string_equal(why, "fee.err.tier_fee");
    s = seed000();
    s.poverty_base_cents = 0;
    assert_int_equal(fee_scale_check(&s, &why), -1);
    assert_string_equal(why, "fee.err.poverty");
    struct fee_scale none = {.n = 0};
    assert_int_equal(fee_scale_check(&none, &why), -1);
}

static void test_amounts_in_dollars(void **state)
{
    (void)state;
    int64_t c;
    const char *why;
    assert_int_equal(fee_parse_cents("80", &c, &why), 0);
    assert_int_equal(c, 8000);
    assert_int_equal(fee_parse_cents("80.5", &c, &why), 0);
    assert_int_equal(c, 8050);
    assert_int_equal(fee_parse_cents("$1,234.56", &c, &why), 0);
    assert_int_equal(c, 123456);
    assert_int_equal(fee_parse_cents("0.05", &c, &why), 0);
    assert_int_equal(c, 5);
    assert_int_equal(fee_parse_cents("1000000", &c, &why), 0);
    assert_int_equal(c, FEE_CENTS_MAX);
    assert_int_equal(fee_parse_cents("0.005", &c, &why), -1);
    assert_string_equal(why, "fee.err.decimals");
    assert_int_equal(fee_parse_cents("-5", &c, &why), -1);
    assert_string_equal(why, "fee.err.negative");
    assert_int_equal(fee_parse_cents("1000000.01", &c, &why), -1);
    assert_string_equal(why, "fee.err.too_large");
    assert_int_equal(fee_parse_cents("99999999999999999999", &c, &why), -1);
    assert_int_equal(fee_parse_cents("12,34", &c, &why), -1);
    assert_int_equal(fee_parse_cents("eighty", &c, &why), -1);
    assert_int_equal(fee_parse_cents("", &c, &why), -1);
    assert_int_equal(fee_parse_cents(".", &c, &why), -1);
    char out[32];
    fee_format_cents(123456, out, sizeof out);
    assert_string_equal(out, "$1,234.56");
    fee_format_cents(2000, out, sizeof out);
    assert_string_equal(out, "$20.00");
    fee_format_cents(-500, out, sizeof out);
    assert_string_equal(out, "-$5.00");
    fee_format_cents(0, out, sizeof out);
    assert_string_equal(out, "$0.00");
    fee_format_cents(FEE_CENTS_MAX, out, sizeof out);
    assert_string_equal(out, "$1,000,000.00");
}

static void test_balances_settle_the_oldest_first(void **state)
{
    (void)state;
    int32_t today = civil_parse("2026-12-02");
    struct fee_invoice inv[] = {
        {8000, civil_parse("2026-11-15")}, /* October's fee */
        {6000, civil_parse("2026-11-15")}, /* a test */
        {8000, civil_parse("2026-12-15")}, /* November's, not yet due */
    };
    struct fee_balance b;
    fee_balance_of(inv, 3, 10000, today, &b);
    assert_int_equal(b.invoiced, 22000);
    assert_int_equal(b.paid, 10000);
    assert_int_equal(b.balance, 12000);
    /* $100 paid the October fee and $20 of the test: $40 of the test is overdue. */
    assert_int_equal(b.overdue, 4000);
    assert_int_equal(b.oldest_due, civil_parse("2026-11-15"));
    assert_int_equal(b.days_overdue, 17);
    /* All paid and more: a credit, nothing overdue. */
    fee_balance_of(inv, 3, 25000, today, &b);
    assert_int_equal(b.balance, -3000);
    assert_int_equal(b.overdue, 0);
    assert_int_equal(b.days_overdue, 0);
    assert_int_equal(b.oldest_due, -1);
    /* Nothing paid: only what is past due is overdue. */
    fee_balance_of(inv, 3, 0, today, &b);
    assert_int_equal(b.overdue, 14000);
    /* The order given does not matter: the oldest due is settled first. */
    struct fee_invoice rev[] = {inv[2], inv[1], inv[0]};
    fee_balance_of(rev, 3, 10000, today, &b);
    assert_int_equal(b.overdue, 4000);
}

static void test_edges_of_amounts_and_households(void **state)
{
    (void)state;
    int64_t c = 7;
    const char *why;
    /* Every way of writing a negative amount says so; the value is left alone on refusal. */
    assert_int_equal(fee_parse_cents("$-5", &c, &why), -1);
    assert_string_equal(why, "fee.err.negative");
    assert_int_equal(fee_parse_cents("-$5.00", &c, &why), -1);
    assert_string_equal(why, "fee.err.negative");
    assert_int_equal(c, 7);
    assert_int_equal(fee_parse_cents("12.3x", &c, &why), -1);
    assert_string_equal(why, "fee.err.amount");
    assert_int_equal(fee_parse_cents("1,2345", &c, &why), -1);
    assert_int_equal(fee_parse_cents(",123", &c, &why), -1);
    assert_int_equal(fee_parse_cents("$12,345.6", &c, &why), 0);
    assert_int_equal(c, 1234560);
    /* A household counted as at least one person. */
    struct fee_scale s = seed000();
    assert_int_equal(fee_poverty_line(&s, 0), 1565000);
    assert_int_equal(fee_tier_for(&s, 1565000, 0), 0);
    /* A huge household and a huge income do not overflow the comparison. */
    assert_int_equal(fee_tier_for(&s, INT64_MAX / 2, 2000000000), 1);
    assert_int_equal(fee_tier_for(&s, FEE_CENTS_MAX, 2000000000), 0);
    struct fee_scale wide = s;
    wide.tier[0].max_percent = 10000;
    wide.poverty_per_person_cents = INT64_MAX / 4;
    assert_int_equal(fee_tier_for(&wide, INT64_MAX, 20), 0);
    /* Only a cap's worth of text is written. */
    char small[6];
    fee_format_cents(123456, small, sizeof small);
    assert_string_equal(small, "$1,23");
}

static void test_balances_edges(void **state)
{
    (void)state;
    int32_t today = civil_parse("2026-12-15");
    /* Due today is not overdue yet; due yesterday is, for one day. */
    struct fee_invoice inv[] = {{8000, civil_parse("2026-12-15")}};
    struct fee_balance b;
    fee_balance_of(inv, 1, 0, today, &b);
    assert_int_equal(b.overdue, 0);
    assert_int_equal(b.balance, 8000);
    assert_int_equal(b.oldest_due, -1);
    fee_balance_of(inv, 1, 0, today + 1, &b);
    assert_int_equal(b.overdue, 8000);
    assert_int_equal(b.days_overdue, 1);
    /* A fully paid old invoice is not the oldest overdue: the next partly unpaid one is. */
    struct fee_invoice two[] = {{8000, civil_parse("2026-10-15")},
                                {8000, civil_parse("2026-11-15")}};
    fee_balance_of(two, 2, 9000, today, &b);
    assert_int_equal(b.overdue, 7000);
    assert_int_equal(b.oldest_due, civil_parse("2026-11-15"));
    assert_int_equal(b.days_overdue, 30);
    /* No invoices, a payment: all credit. */
    fee_balance_of(NULL, 0, 2000, today, &b);
    assert_int_equal(b.invoiced, 0);
    assert_int_equal(b.balance, -2000);
    assert_int_equal(b.overdue, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_000_twenty_or_eighty_dollars),
        cmocka_unit_test(test_a_three_tier_scale),
        cmocka_unit_test(test_scales_refused),
        cmocka_unit_test(test_amounts_in_dollars),
        cmocka_unit_test(test_balances_settle_the_oldest_first),
        cmocka_unit_test(test_edges_of_amounts_and_households),
        cmocka_unit_test(test_balances_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
