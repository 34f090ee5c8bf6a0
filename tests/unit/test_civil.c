/* test_civil.c - civil dates as day numbers: exact round trips over 1900..2200, refusal of
 * every date that does not exist, month arithmetic that clamps, and day differences across
 * leap years (the calendar under WF-1's 12-month window and WF-3's 24-month cycle). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "civil.h"

/* An independent Gregorian calendar, so the tests do not check civil.c against itself. */
static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}
static int mlen(int y, int m)
{
    static const int len[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return len[m - 1] + (m == 2 && is_leap(y));
}

static int32_t P(const char *s)
{
    int32_t d = civil_parse(s);
    if (d == -1 && strcmp(s, "1969-12-31") != 0)
        fail_msg("'%s' should be a valid date", s);
    return d;
}

static void assert_formats_as(int32_t day, const char *want)
{
    char out[11];
    memset(out, 'x', sizeof out);
    civil_format(day, out);
    if (strcmp(out, want) != 0)
        fail_msg("day %d formats as '%s', expected '%s'", (int)day, out, want);
}

/* ---- fixed points ------------------------------------------------------------ */

static void test_civil_epoch_is_day_zero(void **state)
{
    (void)state;
    assert_int_equal(civil_days(1900, 1, 1), 0);
    assert_int_equal(civil_parse("1900-01-01"), 0);
    assert_int_equal(civil_days(1970, 1, 1), 25567);
    assert_formats_as(0, "1900-01-01");
    assert_formats_as(1, "1900-01-02");
    assert_formats_as(25567, "1970-01-01");
    assert_formats_as(25566, "1969-12-31");
}

static void test_civil_known_day_numbers(void **state)
{
    (void)state;
    assert_int_equal(civil_parse("2000-01-01"), 36524);
    assert_int_equal(civil_parse("2000-03-01"), 36584);
    assert_int_equal(civil_parse("2024-01-01"), 45290);
    assert_int_equal(civil_parse("2028-02-29"), 46810);
    assert_int_equal(civil_parse("1900-01-01"), 0);
    assert_int_equal(civil_parse("2200-12-31"), 109937);
    assert_formats_as(45290, "2024-01-01");
    assert_formats_as(0, "1900-01-01");
    assert_formats_as(109937, "2200-12-31");
}

/* ---- round trips --------------------------------------------------------------- */

/* Walk every day of 1900..2200 with the independent calendar: day numbers are consecutive,
 * format gives the expected text, parse gives the day back, split gives y/m/d back. */
static void test_civil_round_trip_every_day_1900_to_2200(void **state)
{
    (void)state;
    int32_t day = civil_days(1900, 1, 1);
    assert_int_equal(day, 0);
    long n = 0;
    for (int y = 1900; y <= 2200; y++)
        for (int m = 1; m <= 12; m++)
            for (int d = 1; d <= mlen(y, m); d++, day++, n++) {
                char want[40], out[11];
                snprintf(want, sizeof want, "%04d-%02d-%02d", y, m, d);
                if (civil_days(y, m, d) != day)
                    fail_msg("civil_days(%s) = %d, expected %d", want, (int)civil_days(y, m, d),
                             (int)day);
                civil_format(day, out);
                if (strcmp(out, want) != 0)
                    fail_msg("civil_format(%d) = '%s', expected '%s'", (int)day, out, want);
                if (civil_parse(want) != day)
                    fail_msg("civil_parse('%s') = %d, expected %d", want, (int)civil_parse(want),
                             (int)day);
                int yy, mm, dd;
                civil_split(day, &yy, &mm, &dd);
                if (yy != y || mm != m || dd != d)
                    fail_msg("civil_split(%d) = %d-%d-%d, expected %s", (int)day, yy, mm, dd, want);
            }
    assert_int_equal(n, 109573 + 365); /* 1900-01-01..2199-12-31, then the year 2200 */
    assert_int_equal(day - 1, 109937);
}

/* The error value must not be a date: every real date of 1900..2200 has to be told apart
 * from a refused one. 1969-12-31 is day -1, which is also what civil_parse returns for
 * "not a date", and workforce.c reads "< 0" as "unknown/open" (hire, expires, end). */
static void test_civil_parse_every_valid_date_is_distinguishable_from_an_error(void **state)
{
    (void)state;
    int32_t err = civil_parse("2023-02-29");
    for (int32_t day = civil_days(1900, 1, 1); day <= civil_days(2200, 12, 31); day++) {
        char s[11];
        civil_format(day, s);
        if (civil_parse(s) == err)
            fail_msg("the valid date %s parses to %d, the same value as an invalid date", s,
                     (int)err);
    }
}

/* ---- refusals ----------------------------------------------------------------- */

static void test_civil_parse_refuses_dates_that_do_not_exist(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "2023-02-29",                             /* not a leap year */
        "2024-02-30", "2024-02-31", "2100-02-29", /* century, not a leap year */
        "1900-02-29", "2200-02-29", "2024-13-01", "2024-00-10", "2024-01-00", "2024-01-32",
        "2024-04-31", "2024-06-31", "2024-09-31", "2024-11-31", "2024-99-99",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (civil_parse(bad[i]) != -1)
            fail_msg("'%s' is not a date but parsed as %d", bad[i], (int)civil_parse(bad[i]));
}

static void test_civil_parse_refuses_malformed_text(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "2024-2-01",  "2024-02-1",    "24-02-01",    "2024/02/01",       "2024.02.01",
        "20240201",   "2024-02-01 ",  " 2024-02-01", "2024-02-01T00:00", "",
        "2024-0a-01", "abcd-ef-gh",   "+024-02-01",  "-024-02-01",       "2024--2-01",
        "2024-02--1", "2024-02-0 ",   "2024-+2-01",  "02-01-2024",       "2024-02",
        "2024",       "2024-02-01\n", "2024x02-01",  "2024-02x01",       "2024002-01",
        "2024-02001", "2024-1:-01",   "2024-01-1:",  "2024-01-/1",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (civil_parse(bad[i]) != -1)
            fail_msg("'%s' is malformed but parsed as %d", bad[i], (int)civil_parse(bad[i]));
    assert_int_equal(civil_parse(NULL), -1);
}

static void test_civil_parse_refuses_years_outside_1900_to_2200(void **state)
{
    (void)state;
    assert_int_equal(civil_parse("1899-12-31"), -1);
    assert_int_equal(civil_parse("2201-01-01"), -1);
    assert_int_equal(civil_parse("0000-01-01"), -1);
    assert_int_equal(civil_parse("9999-12-31"), -1);
    assert_int_equal(civil_parse("1900-01-01"), civil_days(1900, 1, 1));
    assert_int_equal(civil_parse("2200-12-31"), civil_days(2200, 12, 31));
}

static void test_civil_parse_accepts_leap_days_of_leap_years(void **state)
{
    (void)state;
    assert_int_equal(P("2000-02-29"), civil_days(2000, 2, 29));
    assert_int_equal(P("2024-02-29"), civil_days(2024, 2, 29));
    assert_int_equal(P("1904-02-29"), civil_days(1904, 2, 29));
    assert_int_equal(P("2196-02-29"), civil_days(2196, 2, 29));
    assert_int_equal(P("2000-02-29") + 1, P("2000-03-01"));
    assert_int_equal(P("2024-02-29") - 1, P("2024-02-28"));
}

/* ---- month arithmetic ----------------------------------------------------------- */

static void assert_add_months(const char *from, int months, const char *want)
{
    char out[11];
    civil_format(civil_add_months(P(from), months), out);
    if (strcmp(out, want) != 0)
        fail_msg("%s %+d months = %s, expected %s", from, months, out, want);
}

static void test_civil_add_months_clamps_to_end_of_month(void **state)
{
    (void)state;
    assert_add_months("2024-01-31", 1, "2024-02-29");
    assert_add_months("2023-01-31", 1, "2023-02-28");
    assert_add_months("2100-01-31", 1, "2100-02-28");
    assert_add_months("2000-01-31", 1, "2000-02-29");
    assert_add_months("2024-03-31", 1, "2024-04-30");
    assert_add_months("2024-05-31", 1, "2024-06-30");
    assert_add_months("2024-08-31", 1, "2024-09-30");
    assert_add_months("2024-10-31", 1, "2024-11-30");
    assert_add_months("2024-03-31", -1, "2024-02-29");
    assert_add_months("2023-03-31", -1, "2023-02-28");
    assert_add_months("2024-01-30", 1, "2024-02-29");
    assert_add_months("2024-01-29", 1, "2024-02-29");
    assert_add_months("2024-01-28", 1, "2024-02-28");
}

static void test_civil_add_months_leap_day_by_whole_years(void **state)
{
    (void)state;
    assert_add_months("2024-02-29", 12, "2025-02-28");
    assert_add_months("2024-02-29", -12, "2023-02-28");
    assert_add_months("2024-02-29", 24, "2026-02-28");
    assert_add_months("2024-02-29", 48, "2028-02-29");
    assert_add_months("2024-02-29", -48, "2020-02-29");
    assert_add_months("2028-02-29", -24, "2026-02-28");
    assert_add_months("2026-02-28", 24, "2028-02-28"); /* a clamped date does not grow back */
    assert_add_months("2096-02-29", 48, "2100-02-28");
}

static void test_civil_add_months_crosses_years_both_ways(void **state)
{
    (void)state;
    assert_add_months("2024-12-15", 1, "2025-01-15");
    assert_add_months("2025-01-15", -1, "2024-12-15");
    assert_add_months("2024-01-31", -13, "2022-12-31");
    assert_add_months("2024-06-15", 0, "2024-06-15");
    assert_add_months("2024-06-15", 120, "2034-06-15");
    assert_add_months("2024-06-15", -120, "2014-06-15");
    assert_add_months("2024-11-30", 3, "2025-02-28");
    assert_add_months("1969-12-31", 1, "1970-01-31");
    assert_add_months("1970-01-31", -1, "1969-12-31");
    assert_add_months("1900-03-31", -1, "1900-02-28");
}

/* Every day of 2000..2030 and every shift of -30..+30 months against the independent calendar. */
static void test_civil_add_months_property_over_three_decades(void **state)
{
    (void)state;
    for (int y = 2000; y <= 2030; y++)
        for (int m = 1; m <= 12; m++)
            for (int d = 1; d <= mlen(y, m); d++)
                for (int k = -30; k <= 30; k++) {
                    int t = y * 12 + (m - 1) + k;
                    int ty = t / 12, tm = t % 12 + 1;
                    int td = d > mlen(ty, tm) ? mlen(ty, tm) : d;
                    int32_t got = civil_add_months(civil_days(y, m, d), k);
                    int gy, gm, gd;
                    civil_split(got, &gy, &gm, &gd);
                    if (gy != ty || gm != tm || gd != td)
                        fail_msg("%04d-%02d-%02d %+d months = %04d-%02d-%02d, expected "
                                 "%04d-%02d-%02d",
                                 y, m, d, k, gy, gm, gd, ty, tm, td);
                }
}

/* ---- day differences ------------------------------------------------------------ */

static void test_civil_day_differences_across_leap_years(void **state)
{
    (void)state;
    assert_int_equal(P("2024-03-01") - P("2024-02-28"), 2);
    assert_int_equal(P("2023-03-01") - P("2023-02-28"), 1);
    assert_int_equal(P("2000-03-01") - P("2000-02-28"), 2);
    assert_int_equal(P("2100-03-01") - P("2100-02-28"), 1);
    assert_int_equal(P("1900-03-01") - P("1900-02-28"), 1);
    assert_int_equal(P("2025-01-01") - P("2024-01-01"), 366);
    assert_int_equal(P("2024-01-01") - P("2023-01-01"), 365);
    assert_int_equal(P("2001-01-01") - P("2000-01-01"), 366);
    assert_int_equal(P("2101-01-01") - P("2100-01-01"), 365);
    assert_int_equal(P("1901-01-01") - P("1900-01-01"), 365);
    assert_int_equal(P("2028-01-01") - P("2024-01-01"), 1461);
    assert_int_equal(P("2200-01-01") - P("1900-01-01"), 109573);
    assert_int_equal(civil_days(2400, 1, 1) - civil_days(2000, 1, 1), 146097);
    /* a 12-month certification window and a 24-month CE cycle in days */
    assert_int_equal(civil_add_months(P("2024-03-01"), 12) - P("2024-03-01"), 365);
    assert_int_equal(civil_add_months(P("2023-03-01"), 12) - P("2023-03-01"), 366);
    assert_int_equal(civil_add_months(P("2024-01-01"), 24) - P("2024-01-01"), 731);
    /* the day before and after the leap day */
    assert_int_equal(P("2024-03-01") - P("2024-02-29"), 1);
    assert_int_equal(P("2024-02-29") - P("2024-02-28"), 1);
}

static void test_civil_split_days_before_1970(void **state)
{
    (void)state;
    int y, m, d;
    civil_split(25566, &y, &m, &d);
    assert_int_equal(y, 1969);
    assert_int_equal(m, 12);
    assert_int_equal(d, 31);
    civil_split(0, &y, &m, &d);
    assert_int_equal(y, 1900);
    assert_int_equal(m, 1);
    assert_int_equal(d, 1);
}

static void test_civil_today_is_utc_day_of_now(void **state)
{
    (void)state;
    time_t t0 = time(NULL);
    int32_t today = civil_today();
    time_t t1 = time(NULL);
    /* Day numbers count from 1900-01-01, 25567 days before the Unix epoch. */
    assert_in_range(today, (int32_t)(t0 / 86400) + 25567, (int32_t)(t1 / 86400) + 25567);
    assert_true(today > P("2024-01-01"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_civil_epoch_is_day_zero),
        cmocka_unit_test(test_civil_known_day_numbers),
        cmocka_unit_test(test_civil_round_trip_every_day_1900_to_2200),
        cmocka_unit_test(test_civil_parse_every_valid_date_is_distinguishable_from_an_error),
        cmocka_unit_test(test_civil_parse_refuses_dates_that_do_not_exist),
        cmocka_unit_test(test_civil_parse_refuses_malformed_text),
        cmocka_unit_test(test_civil_parse_refuses_years_outside_1900_to_2200),
        cmocka_unit_test(test_civil_parse_accepts_leap_days_of_leap_years),
        cmocka_unit_test(test_civil_add_months_clamps_to_end_of_month),
        cmocka_unit_test(test_civil_add_months_leap_day_by_whole_years),
        cmocka_unit_test(test_civil_add_months_crosses_years_both_ways),
        cmocka_unit_test(test_civil_add_months_property_over_three_decades),
        cmocka_unit_test(test_civil_day_differences_across_leap_years),
        cmocka_unit_test(test_civil_split_days_before_1970),
        cmocka_unit_test(test_civil_today_is_utc_day_of_now),
    };
    return cmocka_run_group_tests_name("civil", tests, NULL, NULL);
}
