/* test_tz.c - time zones from the system's zone files (tz.c): the New Jersey evening when UTC is
 * already on the next day, both 2026 DST changes and their rules for the skipped and repeated
 * hour, a far-future date from the POSIX footer rule, UTC, half- and quarter-hour zones, names
 * refused before any file is read, and the cache under concurrent first loads. Expected instants
 * are written out by hand; the sweep compares against glibc's localtime_r (an independent
 * reader of the same files, driven through TZ in this single-threaded test only). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "civil.h"
#include "tz.h"

static const struct tz *Z(const char *name)
{
    enum tz_err e;
    const struct tz *z = tz_get(name, &e);
    if (!z)
        fail_msg("zone %s does not load: %s", name, tz_err_text(e));
    return z;
}

static int32_t D(const char *s)
{
    int32_t d = civil_parse(s);
    if (d < 0)
        fail_msg("test date '%s' does not parse", s);
    return d;
}

static int HM(int h, int m)
{
    return h * 3600 + m * 60;
}

/* Asserts the local time of T in Z: date, "HH:MM:SS", offset and abbreviation. */
static void assert_local(const struct tz *z, int64_t t, const char *date, const char *hms,
                         int32_t utoff, const char *abbr)
{
    struct tz_local l;
    tz_local_of(z, t, &l);
    char d[11], h[16];
    civil_format(l.day, d);
    snprintf(h, sizeof h, "%02d:%02d:%02d", l.hour, l.minute, l.second);
    if (strcmp(d, date) != 0 || strcmp(h, hms) != 0 || l.utoff != utoff || strcmp(l.abbr, abbr))
        fail_msg("%s at %lld: got %s %s %d %s, expected %s %s %d %s", tz_name(z), (long long)t,
                 d, h, (int)l.utoff, l.abbr, date, hms, (int)utoff, abbr);
}

/* ---- New Jersey's evening ----------------------------------------------------------------- */

static void test_tz_new_york_evening_is_still_today_when_utc_is_tomorrow(void **state)
{
    (void)state;
    const struct tz *ny = Z("America/New_York");
    /* 2026-12-01 23:30 EST is 2026-12-02 04:30Z. */
    assert_int_equal(tz_utc_of(ny, D("2026-12-01"), HM(23, 30)), 1796185800);
    assert_local(ny, 1796185800, "2026-12-01", "23:30:00", -18000, "EST");
    assert_int_equal(tz_today(ny, 1796185800), D("2026-12-01"));
    assert_int_equal(1796185800 / 86400 + 25567, D("2026-12-02")); /* UTC has moved on */
    /* 19:00 EST is midnight UTC: the moment a UTC "today" used to flip. */
    assert_int_equal(tz_today(ny, tz_utc_of(ny, D("2026-12-01"), HM(19, 0))), D("2026-12-01"));
    /* One second before local midnight is still the 1st; midnight is the 2nd. */
    int64_t midnight = tz_utc_of(ny, D("2026-12-02"), 0);
    assert_int_equal(midnight, 1796187600);
    assert_int_equal(tz_today(ny, midnight - 1), D("2026-12-01"));
    assert_int_equal(tz_today(ny, midnight), D("2026-12-02"));
    /* In summer the flip came at 20:00 EDT. */
    assert_local(ny, 1782864000, "2026-06-30", "20:00:00", -14400, "EDT");
}

static void test_tz_format_shows_local_time_with_abbreviation(void **state)
{
    (void)state;
    char s[40];
    tz_format(Z("America/New_York"), 1796185800 - 5 * 3600, s, sizeof s);
    assert_string_equal(s, "2026-12-01 18:30 EST");
    tz_format(Z("UTC"), 1796185800, s, sizeof s);
    assert_string_equal(s, "2026-12-02 04:30 UTC");
}

/* ---- the two DST changes of 2026 ------------------------------------------------------------ */

static void test_tz_spring_forward_skipped_hour_shifts_forward(void **state)
{
    (void)state;
    const struct tz *ny = Z("America/New_York");
    int32_t day = D("2026-03-08");
    /* The clocks go from 01:59:59 EST (06:59:59Z) to 03:00:00 EDT (07:00Z). */
    assert_local(ny, 1772953199, "2026-03-08", "01:59:59", -18000, "EST");
    assert_local(ny, 1772953200, "2026-03-08", "03:00:00", -14400, "EDT");
    assert_int_equal(tz_utc_of(ny, day, HM(1, 59) + 59), 1772953199);
    assert_int_equal(tz_utc_of(ny, day, HM(3, 0)), 1772953200);
    /* 02:30 does not exist: read with the offset before the gap it is 07:30Z = 03:30 EDT. */
    int64_t t = tz_utc_of(ny, day, HM(2, 30));
    assert_int_equal(t, 1772955000);
    assert_local(ny, t, "2026-03-08", "03:30:00", -14400, "EDT");
    /* 02:00 itself is skipped too and becomes 03:00 EDT. */
    assert_int_equal(tz_utc_of(ny, day, HM(2, 0)), 1772953200);
    /* The day is 23 hours long. */
    assert_int_equal(tz_utc_of(ny, day + 1, 0) - tz_utc_of(ny, day, 0), 23 * 3600);
}

static void test_tz_fall_back_repeated_hour_takes_the_earlier(void **state)
{
    (void)state;
    const struct tz *ny = Z("America/New_York");
    int32_t day = D("2026-11-01");
    /* 01:30 happens at 05:30Z (EDT) and again at 06:30Z (EST). */
    assert_local(ny, 1793511000, "2026-11-01", "01:30:00", -14400, "EDT");
    assert_local(ny, 1793514600, "2026-11-01", "01:30:00", -18000, "EST");
    assert_int_equal(tz_utc_of(ny, day, HM(1, 30)), 1793511000);
    /* The change itself: 01:59:59 EDT, then 01:00:00 EST at 06:00Z. */
    assert_local(ny, 1793512800 - 1, "2026-11-01", "01:59:59", -14400, "EDT");
    assert_local(ny, 1793512800, "2026-11-01", "01:00:00", -18000, "EST");
    assert_int_equal(tz_utc_of(ny, day, HM(1, 0)), 1793512800 - 3600);
    /* 02:00 exists once, in EST. */
    assert_int_equal(tz_utc_of(ny, day, HM(2, 0)), 1793512800 + 3600);
    assert_int_equal(tz_utc_of(ny, day + 1, 0) - tz_utc_of(ny, day, 0), 25 * 3600);
}

/* ---- past the last transition: the footer ("EST5EDT,M3.2.0,M11.1.0") --------------------- */

static void test_tz_far_future_follows_the_footer_rule(void **state)
{
    (void)state;
    const struct tz *ny = Z("America/New_York");
    /* Zone files list transitions to 2037 at most; 2040 comes from the rule alone. */
    assert_int_equal(tz_utc_of(ny, D("2040-07-01"), HM(12, 0)), 2224771200);
    assert_local(ny, 2224771200, "2040-07-01", "12:00:00", -14400, "EDT");
    assert_local(ny, 2224771200 + 153 * 86400, "2040-12-01", "11:00:00", -18000, "EST");
    /* 2040's changes: the second Sunday of March (the 11th) and the first of November (the
     * 4th), each at 02:00 local. */
    assert_local(ny, 2215062000 - 1, "2040-03-11", "01:59:59", -18000, "EST");
    assert_local(ny, 2215062000, "2040-03-11", "03:00:00", -14400, "EDT");
    assert_local(ny, 2235621600 - 1, "2040-11-04", "01:59:59", -14400, "EDT");
    assert_local(ny, 2235621600, "2040-11-04", "01:00:00", -18000, "EST");
    assert_int_equal(tz_utc_of(ny, D("2040-03-11"), HM(2, 30)), 2215062000 + 1800);
    assert_int_equal(tz_utc_of(ny, D("2040-11-04"), HM(1, 30)), 2235621600 - 1800);
}

/* ---- other zones ---------------------------------------------------------------------------- */

static void test_tz_utc_is_the_identity(void **state)
{
    (void)state;
    const struct tz *u = Z("UTC");
    assert_local(u, 1796185800, "2026-12-02", "04:30:00", 0, "UTC");
    assert_int_equal(tz_utc_of(u, D("2026-12-02"), HM(4, 30)), 1796185800);
    assert_int_equal(tz_today(u, 0), D("1970-01-01"));
    assert_int_equal(tz_today(u, -1), D("1969-12-31"));
}

static void test_tz_kolkata_is_five_and_a_half_hours_ahead(void **state)
{
    (void)state;
    const struct tz *k = Z("Asia/Kolkata");
    /* 2026-12-01 23:30Z is already 05:00 on the 2nd there. */
    assert_local(k, 1796167800, "2026-12-02", "05:00:00", 19800, "IST");
    assert_int_equal(tz_utc_of(k, D("2026-12-02"), HM(5, 0)), 1796167800);
    assert_int_equal(tz_today(k, 1796167800), D("2026-12-02"));
}

static void test_tz_chatham_is_twelve_forty_five_with_a_southern_summer(void **state)
{
    (void)state;
    const struct tz *c = Z("Pacific/Chatham");
    assert_local(c, 1782864000, "2026-07-01", "12:45:00", 12 * 3600 + 2700, "+1245");
    /* January is summer there: +13:45 (the footer's DST wraps the new year). */
    int64_t jan = 1782864000 - 167 * 86400; /* 2026-01-15 00:00Z */
    assert_local(c, jan, "2026-01-15", "13:45:00", 13 * 3600 + 2700, "+1345");
    assert_local(c, 2224771200 - 181 * 86400, "2040-01-03", "05:45:00", 13 * 3600 + 2700,
                 "+1345");
    assert_int_equal(tz_utc_of(c, D("2026-07-01"), HM(12, 45)), 1782864000);
}

/* Every 187 minutes from 1975 to 2045 against glibc, for zones with every kind of rule. */
static void test_tz_agrees_with_glibc_across_seventy_years(void **state)
{
    (void)state;
    static const char *zones[] = {"America/New_York", "America/Chicago", "America/Denver",
                                  "America/Phoenix", "America/Los_Angeles", "America/Anchorage",
                                  "Pacific/Honolulu", "Europe/London", "Europe/Dublin",
                                  "Australia/Sydney", "Australia/Lord_Howe", "Pacific/Chatham",
                                  "Asia/Kolkata", "America/Sao_Paulo", "Pacific/Kiritimati",
                                  "Pacific/Pago_Pago", "Africa/Casablanca", "UTC"};
    char *saved = getenv("TZ") ? strdup(getenv("TZ")) : NULL;
    for (size_t i = 0; i < sizeof zones / sizeof *zones; i++) {
        const struct tz *z = Z(zones[i]);
        setenv("TZ", zones[i], 1);
        tzset();
        for (int64_t t = 157766400; t < 2366841600; t += 187 * 60) {
            time_t tt = (time_t)t;
            struct tm tm;
            localtime_r(&tt, &tm);
            struct tz_local l;
            tz_local_of(z, t, &l);
            if (l.utoff != tm.tm_gmtoff || strcmp(l.abbr, tm.tm_zone) != 0 ||
                l.is_dst != (tm.tm_isdst > 0) || l.hour != tm.tm_hour || l.minute != tm.tm_min)
                fail_msg("%s at %lld: %d %s %d, glibc %ld %s %d", zones[i], (long long)t,
                         (int)l.utoff, l.abbr, l.is_dst, (long)tm.tm_gmtoff, tm.tm_zone,
                         tm.tm_isdst);
            /* Back again: every local time round-trips except the second of a repeated hour. */
            int64_t back = tz_utc_of(z, l.day, l.sec);
            if (back != t) {
                struct tz_local e;
                tz_local_of(z, back, &e);
                if (back > t || e.day != l.day || e.sec != l.sec)
                    fail_msg("%s: %lld comes back as %lld", zones[i], (long long)t,
                             (long long)back);
            }
        }
    }
    if (saved) {
        setenv("TZ", saved, 1);
        free(saved);
    } else {
        unsetenv("TZ");
    }
    tzset();
}

/* ---- names ------------------------------------------------------------------------------------ */

static void test_tz_unknown_zone_is_refused(void **state)
{
    (void)state;
    enum tz_err e = TZ_OK;
    assert_null(tz_get("Mars/Olympus_Mons", &e));
    assert_int_equal(e, TZ_NOT_FOUND);
    assert_null(tz_get("America", &e)); /* a directory, not a zone */
    assert_int_equal(e, TZ_NOT_FOUND);
    assert_null(tz_get("America/New_York/x", &e));
    assert_int_equal(e, TZ_NOT_FOUND);
    assert_null(tz_get("zone.tab", &e)); /* a file that is not TZif */
    assert_int_equal(e, TZ_BAD_FILE);
    assert_null(tz_get("america/new_york", &e)); /* names are case-sensitive */
    assert_int_equal(tz_today_in("Mars/Olympus_Mons", 1796185800), D("2026-12-02"));
    assert_string_equal(tz_err_text(TZ_NOT_FOUND), "is not a time zone this server knows");
}

static void test_tz_path_traversal_and_odd_names_are_refused_unread(void **state)
{
    (void)state;
    static const char *bad[] = {"../../../etc/passwd", "../UTC", "America/../UTC", "/etc/passwd",
                                "/usr/share/zoneinfo/UTC", "America//New_York", "America/",
                                "./UTC", ".hidden", "", "America/New York", "UTC\n",
                                "America/New_York;", "-UTC", "Ame\\rica",
                                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        enum tz_err e = TZ_OK;
        if (tz_name_ok(bad[i]) || tz_get(bad[i], &e) || e != TZ_BAD_NAME)
            fail_msg("'%s' should be refused as a name", bad[i]);
    }
    assert_false(tz_name_ok(NULL));
    assert_true(tz_name_ok("America/Argentina/ComodRivadavia"));
    assert_true(tz_name_ok("Etc/GMT+5"));
    assert_true(tz_name_ok("America/Port-au-Prince"));
}

/* ---- the cache ---------------------------------------------------------------------------- */

static void *load_sydney(void *arg)
{
    *(const struct tz **)arg = tz_get("Australia/Sydney", NULL);
    return NULL;
}

static void test_tz_concurrent_first_loads_share_one_zone(void **state)
{
    (void)state;
    pthread_t th[8];
    const struct tz *got[8] = {0};
    for (int i = 0; i < 8; i++)
        assert_int_equal(pthread_create(&th[i], NULL, load_sydney, &got[i]), 0);
    for (int i = 0; i < 8; i++)
        pthread_join(th[i], NULL);
    assert_non_null(got[0]);
    for (int i = 1; i < 8; i++)
        assert_ptr_equal(got[i], got[0]);
    assert_ptr_equal(tz_get("Australia/Sydney", NULL), got[0]);
    assert_string_equal(tz_name(got[0]), "Australia/Sydney");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tz_new_york_evening_is_still_today_when_utc_is_tomorrow),
        cmocka_unit_test(test_tz_format_shows_local_time_with_abbreviation),
        cmocka_unit_test(test_tz_spring_forward_skipped_hour_shifts_forward),
        cmocka_unit_test(test_tz_fall_back_repeated_hour_takes_the_earlier),
        cmocka_unit_test(test_tz_far_future_follows_the_footer_rule),
        cmocka_unit_test(test_tz_utc_is_the_identity),
        cmocka_unit_test(test_tz_kolkata_is_five_and_a_half_hours_ahead),
        cmocka_unit_test(test_tz_chatham_is_twelve_forty_five_with_a_southern_summer),
        cmocka_unit_test(test_tz_agrees_with_glibc_across_seventy_years),
        cmocka_unit_test(test_tz_unknown_zone_is_refused),
        cmocka_unit_test(test_tz_path_traversal_and_odd_names_are_refused_unread),
        cmocka_unit_test(test_tz_concurrent_first_loads_share_one_zone),
    };
    return cmocka_run_group_tests_name("tz", tests, NULL, NULL);
}
