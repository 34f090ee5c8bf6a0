/* test_recur.c - group schedules (GR-1, recur.c) and their iCalendar feeds (ics.c): weekly,
 * every other week, the second Tuesday and the last Friday, COUNT and UNTIL, cancelled and
 * moved sessions, both 2027 changes of clock in New York (a weekly 18:00 group is 23:00Z in
 * winter and 22:00Z in summer), zones without daylight saving, the rules refused with their
 * message, the form's rule builder, the words in English and Spanish, and the feed's escaping,
 * folding and VTIMEZONE (held against our own zone reader). Expected instants are written out
 * by hand; tests/ical holds the feeds against a second, independent reader (ical.js). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <libical/ical.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "civil.h"
#include "ics.h"
#include "msg.h"
#include "recur.h"
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

/* The Unix instant of a UTC date and time, written out: U("2027-03-09", 23, 0). */
static int64_t U(const char *day, int h, int m)
{
    return ((int64_t)D(day) - civil_days(1970, 1, 1)) * 86400 + h * 3600 + m * 60;
}

#define HM(h, m) ((h)*3600 + (m)*60)

/* The expansion of s over [from, to] in zone, as RECUR_OK, into occ (count returned). */
static size_t expand(const char *zone, const struct recur_series *s, const char *from,
                     const char *to, struct recur_occ *occ)
{
    size_t n = 0;
    enum recur_err e = recur_expand(Z(zone), s, D(from), D(to), occ, RECUR_OCC_MAX, &n);
    if (e != RECUR_OK)
        fail_msg("recur_expand: %d", (int)e);
    return n;
}

static struct recur_occ occ[RECUR_OCC_MAX];

/* ---- expansion ------------------------------------------------------------------------- */

static void test_gr1_weekly_tuesday_at_six_is_23z_in_winter_and_22z_in_summer(void **state)
{
    (void)state;
    struct recur_series s = {.rrule = "FREQ=WEEKLY;BYDAY=TU",
                             .start_day = D("2027-01-05"),
                             .start_sec = HM(18, 0),
                             .minutes = 90};
    size_t n = expand("America/New_York", &s, "2027-03-01", "2027-03-31", occ);
    assert_int_equal(n, 5);
    /* The clock changes on Sunday 14 March: the 9th is EST, the 16th EDT. */
    assert_int_equal(occ[0].start_utc, U("2027-03-02", 23, 0));
    assert_int_equal(occ[1].start_utc, U("2027-03-09", 23, 0));
    assert_int_equal(occ[2].start_utc, U("2027-03-16", 22, 0));
    assert_int_equal(occ[4].start_utc, U("2027-03-30", 22, 0));
    assert_int_equal(occ[2].end_utc, U("2027-03-16", 23, 30));
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(occ[i].sec, HM(18, 0)); /* the wall clock never moves */
        assert_int_equal(occ[i].day, occ[i].orig_day);
        assert_int_equal(occ[i].flags, 0);
    }
    /* ... and back on Sunday 7 November: the 2nd is EDT, the 9th EST. */
    n = expand("America/New_York", &s, "2027-11-01", "2027-11-10", occ);
    assert_int_equal(n, 2);
    assert_int_equal(occ[0].start_utc, U("2027-11-02", 22, 0));
    assert_int_equal(occ[1].start_utc, U("2027-11-09", 23, 0));
    /* A whole year: 52 Tuesdays from 5 January to 28 December. */
    n = expand("America/New_York", &s, "2027-01-01", "2027-12-31", occ);
    assert_int_equal(n, 52);
    assert_int_equal(occ[0].day, D("2027-01-05"));
    assert_int_equal(occ[51].day, D("2027-12-28"));
}

static void test_gr1_every_other_thursday_keeps_its_fortnight_from_the_first_session(void **state)
{
    (void)state;
    struct recur_series s = {.rrule = "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH",
                             .start_day = D("2027-01-07"),
                             .start_sec = HM(19, 30),
                             .minutes = 60};
    size_t n = expand("America/New_York", &s, "2027-01-01", "2027-02-28", occ);
    assert_int_equal(n, 4);
    assert_int_equal(occ[0].day, D("2027-01-07"));
    assert_int_equal(occ[1].day, D("2027-01-21"));
    assert_int_equal(occ[2].day, D("2027-02-04"));
    assert_int_equal(occ[3].day, D("2027-02-18"));
    /* A window that starts months later still counts fortnights from 7 January. */
    n = expand("America/New_York", &s, "2027-06-01", "2027-06-30", occ);
    assert_int_equal(n, 2);
    assert_int_equal(occ[0].day, D("2027-06-10"));
    assert_int_equal(occ[1].day, D("2027-06-24"));
    assert_int_equal(occ[0].start_utc, U("2027-06-10", 23, 30)); /* EDT */
}

static void test_gr1_second_tuesday_and_last_friday_of_each_month(void **state)
{
    (void)state;
    static const int second_tuesday[12] = {12, 9, 9, 13, 11, 8, 13, 10, 14, 12, 9, 14};
    static const int last_friday[12] = {29, 26, 26, 30, 28, 25, 30, 27, 24, 29, 26, 31};
    struct recur_series s = {.rrule = "FREQ=MONTHLY;BYDAY=2TU",
                             .start_day = D("2027-01-12"),
                             .start_sec = HM(18, 0),
                             .minutes = 120};
    size_t n = expand("America/New_York", &s, "2027-01-01", "2027-12-31", occ);
    assert_int_equal(n, 12);
    for (int m = 0; m < 12; m++)
        assert_int_equal(occ[m].day, civil_days(2027, m + 1, second_tuesday[m]));
    struct recur_series f = {.rrule = "FREQ=MONTHLY;BYDAY=-1FR",
                             .start_day = D("2027-01-29"),
                             .start_sec = HM(10, 0),
                             .minutes = 60};
    n = expand("America/New_York", &f, "2027-01-01", "2027-12-31", occ);
    assert_int_equal(n, 12);
    for (int m = 0; m < 12; m++)
        assert_int_equal(occ[m].day, civil_days(2027, m + 1, last_friday[m]));
}

static void test_gr1_count_and_until_end_a_series(void **state)
{
    (void)state;
    struct recur_series s = {.rrule = "FREQ=WEEKLY;BYDAY=TU;COUNT=5",
                             .start_day = D("2027-01-05"),
                             .start_sec = HM(18, 0),
                             .minutes = 60};
    size_t n = expand("America/New_York", &s, "2027-01-01", "2027-12-31", occ);
    assert_int_equal(n, 5);
    assert_int_equal(occ[4].day, D("2027-02-02"));
    /* COUNT counts from the first session, not from the window. */
    n = expand("America/New_York", &s, "2027-01-20", "2027-12-31", occ);
    assert_int_equal(n, 2);
    /* UNTIL is inclusive: a date keeps that day's session. */
    s.rrule = "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270126";
    n = expand("America/New_York", &s, "2027-01-01", "2027-12-31", occ);
    assert_int_equal(n, 4);
    assert_int_equal(occ[3].day, D("2027-01-26"));
    /* A local date-time before the session's start leaves that day's session out. */
    s.rrule = "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270126T170000";
    assert_int_equal(expand("America/New_York", &s, "2027-01-01", "2027-12-31", occ), 3);
    s.rrule = "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270126T180000";
    assert_int_equal(expand("America/New_York", &s, "2027-01-01", "2027-12-31", occ), 4);
}

static void test_gr1_cancelled_and_moved_sessions(void **state)
{
    (void)state;
    int32_t cancelled[] = {D("2027-03-16")};
    struct recur_move moved[] = {
        {.orig_day = D("2027-03-23"),
         .new_day = D("2027-03-25"),
         .new_sec = HM(19, 0),
         .minutes = 45},
        /* From the week before the window into it, and out of the window: */
        {.orig_day = D("2027-02-23"), .new_day = D("2027-03-01"), .new_sec = HM(12, 0)},
        {.orig_day = D("2027-03-30"), .new_day = D("2027-04-02"), .new_sec = HM(18, 0)},
    };
    struct recur_series s = {.rrule = "FREQ=WEEKLY;BYDAY=TU",
                             .start_day = D("2027-01-05"),
                             .start_sec = HM(18, 0),
                             .minutes = 90,
                             .cancelled = cancelled,
                             .ncancelled = 1,
                             .moved = moved,
                             .nmoved = 3};
    assert_int_equal(recur_series_check(&s, NULL, NULL), 0);
    size_t n = expand("America/New_York", &s, "2027-03-01", "2027-03-31", occ);
    assert_int_equal(n, 4); /* 1 (moved in), 2, 9, 25 (moved); 16 cancelled, 30 moved out */
    assert_int_equal(occ[0].orig_day, D("2027-02-23"));
    assert_int_equal(occ[0].day, D("2027-03-01"));
    assert_int_equal(occ[0].start_utc, U("2027-03-01", 17, 0));
    assert_int_equal(occ[0].end_utc, U("2027-03-01", 18, 30)); /* the series' 90 minutes */
    assert_int_equal(occ[0].flags, RECUR_MOVED);
    assert_int_equal(occ[1].day, D("2027-03-02"));
    assert_int_equal(occ[2].day, D("2027-03-09"));
    assert_int_equal(occ[3].orig_day, D("2027-03-23"));
    assert_int_equal(occ[3].day, D("2027-03-25"));
    assert_int_equal(occ[3].sec, HM(19, 0));
    assert_int_equal(occ[3].start_utc, U("2027-03-25", 23, 0)); /* 19:00 EDT */
    assert_int_equal(occ[3].end_utc, U("2027-03-25", 23, 45));  /* its own 45 minutes */
    assert_int_equal(occ[3].flags, RECUR_MOVED);
    /* A session moved before another keeps the expansion ordered by start. */
    struct recur_move early = {
        .orig_day = D("2027-03-16"), .new_day = D("2027-03-08"), .new_sec = HM(9, 0)};
    struct recur_series e = {.rrule = "FREQ=WEEKLY;BYDAY=TU",
                             .start_day = D("2027-01-05"),
                             .start_sec = HM(18, 0),
                             .minutes = 60,
                             .moved = &early,
                             .nmoved = 1};
    n = expand("America/New_York", &e, "2027-03-01", "2027-03-20", occ);
    assert_int_equal(n, 3);
    assert_int_equal(occ[0].day, D("2027-03-02"));
    assert_int_equal(occ[1].day, D("2027-03-08"));
    assert_int_equal(occ[2].day, D("2027-03-09"));
}

static void test_gr1_zones_without_daylight_saving_keep_one_offset(void **state)
{
    (void)state;
    struct recur_series s = {.rrule = "FREQ=WEEKLY;BYDAY=MO,WE",
                             .start_day = D("2027-01-04"),
                             .start_sec = HM(7, 0),
                             .minutes = 45};
    size_t n = expand("Asia/Kolkata", &s, "2027-01-01", "2027-12-31", occ);
    assert_int_equal(n, 104);
    for (size_t i = 0; i < n; i++) /* 07:00 IST is 01:30Z, all year */
        assert_int_equal((occ[i].start_utc - U("2027-01-04", 1, 30)) % 86400, 0);
    struct recur_series p = {.rrule = "FREQ=WEEKLY;BYDAY=TU",
                             .start_day = D("2027-01-05"),
                             .start_sec = HM(18, 0),
                             .minutes = 60};
    n = expand("America/Phoenix", &p, "2027-03-01", "2027-03-31", occ);
    assert_int_equal(occ[1].start_utc, U("2027-03-10", 1, 0)); /* MST all year: 01:00Z next day */
    assert_int_equal(occ[2].start_utc, U("2027-03-17", 1, 0));
}

static void test_gr1_a_session_in_the_skipped_hour_follows_the_zone_rule(void **state)
{
    (void)state;
    /* 02:30 on 14 March 2027 does not exist in New York: tz_utc_of reads it as 03:30 EDT, as
     * every other date of the application does. */
    struct recur_series s = {
        .rrule = "FREQ=DAILY", .start_day = D("2027-03-13"), .start_sec = HM(2, 30), .minutes = 30};
    size_t n = expand("America/New_York", &s, "2027-03-13", "2027-03-15", occ);
    assert_int_equal(n, 3);
    assert_int_equal(occ[0].start_utc, U("2027-03-13", 7, 30));
    assert_int_equal(occ[1].start_utc, U("2027-03-14", 7, 30));
    assert_int_equal(occ[2].start_utc, U("2027-03-15", 6, 30));
}

static void test_gr1_an_expansion_is_capped_in_span_and_sessions(void **state)
{
    (void)state;
    struct recur_series s = {
        .rrule = "FREQ=DAILY", .start_day = D("2027-01-01"), .start_sec = HM(9, 0), .minutes = 30};
    size_t n = 99;
    assert_int_equal(
        recur_expand(Z("UTC"), &s, D("2027-01-01"), D("2030-12-31"), occ, RECUR_OCC_MAX, &n),
        RECUR_BAD_SPAN);
    assert_int_equal(n, 0);
    assert_int_equal(
        recur_expand(Z("UTC"), &s, D("2027-02-01"), D("2027-01-01"), occ, RECUR_OCC_MAX, &n),
        RECUR_BAD_SPAN);
    /* 1,100 days of a daily group: the first 1,000, said to be cut. */
    assert_int_equal(
        recur_expand(Z("UTC"), &s, D("2027-01-01"), D("2027-01-01") + 1099, occ, RECUR_OCC_MAX, &n),
        RECUR_TRUNCATED);
    assert_int_equal(n, RECUR_OCC_MAX);
    assert_int_equal(occ[999].day, D("2027-01-01") + 999);
    /* A small caller array is filled and no further. */
    struct recur_occ few[3];
    assert_int_equal(recur_expand(Z("UTC"), &s, D("2027-01-01"), D("2027-01-31"), few, 3, &n),
                     RECUR_TRUNCATED);
    assert_int_equal(n, 3);
    /* A series the check refuses is not expanded. */
    s.rrule = "FREQ=HOURLY";
    assert_int_equal(
        recur_expand(Z("UTC"), &s, D("2027-01-01"), D("2027-01-31"), occ, RECUR_OCC_MAX, &n),
        RECUR_BAD_SERIES);
}

static void test_gr1_is_occurrence_names_the_rules_days_only(void **state)
{
    (void)state;
    struct recur_series s = {.rrule = "FREQ=MONTHLY;BYDAY=2TU",
                             .start_day = D("2027-01-12"),
                             .start_sec = HM(18, 0),
                             .minutes = 60};
    assert_int_equal(recur_is_occurrence(&s, D("2027-02-09")), 1);
    assert_int_equal(recur_is_occurrence(&s, D("2027-02-16")), 0);
    assert_int_equal(recur_is_occurrence(&s, D("2026-12-08")), 0); /* before the first */
    s.rrule = "FREQ=SECONDLY";
    assert_int_equal(recur_is_occurrence(&s, D("2027-02-09")), -1);
}

/* ---- what is refused ------------------------------------------------------------------- */

static void test_gr1_rules_outside_the_form_are_refused_with_their_message(void **state)
{
    (void)state;
    static const struct {
        const char *rule, *msgid;
    } cases[] = {
        {"", "recur.err.empty"},
        {"FREQ=WEEKLY;BYDAY=TU;;", "recur.err.syntax"},
        {"RRULE:FREQ=WEEKLY;BYDAY=TU", "recur.err.syntax"},
        {"FREQ=WEEKLY; BYDAY=TU", "recur.err.syntax"},
        {"FREQ=WEEKLY;BYDAY=XX", "recur.err.syntax"},
        {"FREQ=WEEKLY;FREQ=DAILY", "recur.err.syntax"},
        {"FREQ=WEEKLY;COLOR=RED", "recur.err.syntax"},
        {"BYDAY=TU", "recur.err.freq"},
        {"FREQ=YEARLY", "recur.err.freq"},
        {"FREQ=HOURLY", "recur.err.freq"},
        {"FREQ=WEEKLY;BYDAY=TU;BYHOUR=9", "recur.err.part"},
        {"FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2", "recur.err.part"},
        {"FREQ=WEEKLY;BYDAY=TU;INTERVAL=13", "recur.err.interval"},
        {"FREQ=WEEKLY;BYDAY=TU;INTERVAL=0", "recur.err.interval"},
        {"FREQ=WEEKLY;BYDAY=TU;COUNT=1001", "recur.err.count"},
        {"FREQ=WEEKLY;BYDAY=TU;COUNT=5;UNTIL=20271231", "recur.err.count_until"},
        {"FREQ=WEEKLY;BYDAY=TU;UNTIL=20270231", "recur.err.until"},
        {"FREQ=WEEKLY;BYDAY=TU;UNTIL=20271231T235959Z", "recur.err.until"},
        {"FREQ=DAILY;BYDAY=MO", "recur.err.daily_by"},
        {"FREQ=WEEKLY", "recur.err.weekly_days"},
        {"FREQ=WEEKLY;BYDAY=2TU", "recur.err.weekly_nth"},
        {"FREQ=MONTHLY", "recur.err.monthly"},
        {"FREQ=MONTHLY;BYDAY=2TU,4TU", "recur.err.monthly"},
        {"FREQ=MONTHLY;BYDAY=TU", "recur.err.nth"},
        {"FREQ=MONTHLY;BYDAY=5TU", "recur.err.nth"},
        {"FREQ=MONTHLY;BYDAY=-2FR", "recur.err.nth"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *m = NULL;
        if (recur_check(cases[i].rule, &m) == 0)
            fail_msg("'%s' was taken", cases[i].rule);
        if (!m || strcmp(m, cases[i].msgid) != 0)
            fail_msg("'%s': %s, not %s", cases[i].rule, m ? m : "(none)", cases[i].msgid);
        /* Every refusal has words in both languages. */
        assert_non_null(msg_find("en", m));
        assert_non_null(msg_find("es", m));
    }
    char longer[RECUR_RRULE_MAX + 10];
    memset(longer, 'A', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    const char *m = NULL;
    assert_int_equal(recur_check(longer, &m), -1);
    assert_string_equal(m, "recur.err.long");
    assert_int_equal(recur_check(NULL, &m), -1);
    static const char *const taken[] = {
        "FREQ=WEEKLY;BYDAY=TU",
        "freq=weekly;byday=tu",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH",
        "FREQ=MONTHLY;BYDAY=2TU",
        "FREQ=MONTHLY;BYDAY=-1FR",
        "FREQ=MONTHLY;BYMONTHDAY=31",
        "FREQ=MONTHLY;BYMONTHDAY=-1",
        "FREQ=DAILY;INTERVAL=12",
        "FREQ=WEEKLY;BYDAY=TU;COUNT=1000",
        "FREQ=WEEKLY;WKST=SU;BYDAY=TU;UNTIL=20271231T180000",
    };
    for (size_t i = 0; i < sizeof taken / sizeof *taken; i++)
        if (recur_check(taken[i], &m) != 0)
            fail_msg("'%s' was refused: %s", taken[i], m);
}

static void test_gr1_a_series_is_checked_whole(void **state)
{
    (void)state;
    const char *m = NULL, *f = NULL;
    struct recur_series s = {.rrule = "FREQ=WEEKLY;BYDAY=TU",
                             .start_day = D("2027-01-06"),
                             .start_sec = HM(18, 0),
                             .minutes = 90};
    /* A Wednesday is not a Tuesday: calendar programs differ on such a first session. */
    assert_int_equal(recur_series_check(&s, &m, &f), -1);
    assert_string_equal(m, "recur.err.start_off_rule");
    assert_string_equal(f, "start_day");
    s.start_day = D("2027-01-05");
    assert_int_equal(recur_series_check(&s, &m, &f), 0);
    s.minutes = 0;
    assert_int_equal(recur_series_check(&s, &m, &f), -1);
    assert_string_equal(f, "minutes");
    s.minutes = RECUR_MINUTES_MAX + 1;
    assert_int_equal(recur_series_check(&s, &m, &f), -1);
    s.minutes = 90;
    s.start_sec = 86400;
    assert_int_equal(recur_series_check(&s, &m, &f), -1);
    assert_string_equal(m, "recur.err.start_time");
    s.start_sec = HM(18, 0);
    s.rrule = "FREQ=WEEKLY;BYDAY=TU;UNTIL=20261231";
    assert_int_equal(recur_series_check(&s, &m, &f), -1);
    assert_string_equal(m, "recur.err.until_before");
    s.rrule = "FREQ=WEEKLY;BYDAY=TU";

    int32_t wednesday = D("2027-03-17"), tuesday = D("2027-03-16");
    s.cancelled = &wednesday;
    s.ncancelled = 1;
    assert_int_equal(recur_series_check(&s, &m, &f), -1);
    assert_string_equal(m, "recur.err.not_a_session");
    assert_string_equal(f, "cancelled");
    s.cancelled = &tuesday;
    assert_int_equal(recur_series_check(&s, &m, &f), 0);
    struct recur_move mv = {.orig_day = tuesday, .new_day = tuesday + 1, .new_sec = HM(18, 0)};
    s.moved = &mv;
    s.nmoved = 1;
    assert_int_equal(recur_series_check(&s, &m, &f), -1);
    assert_string_equal(m, "recur.err.exception_twice");
    assert_string_equal(f, "moved");
    s.ncancelled = 0;
    assert_int_equal(recur_series_check(&s, &m, &f), 0);
    mv.new_day = tuesday + RECUR_MOVE_MAX_DAYS + 1;
    assert_int_equal(recur_series_check(&s, &m, &f), -1);
    assert_string_equal(m, "recur.err.move_far");
    mv.new_day = tuesday - 2;
    mv.minutes = -5;
    assert_int_equal(recur_series_check(&s, &m, &f), -1);
    assert_string_equal(m, "recur.err.minutes");
    mv.minutes = 0;
    mv.orig_day = D("2026-12-29"); /* before the first session */
    assert_int_equal(recur_series_check(&s, &m, &f), -1);
    assert_string_equal(m, "recur.err.not_a_session");
}

/* ---- the form and the words ------------------------------------------------------------ */

static void test_gr1_the_form_builds_the_rule(void **state)
{
    (void)state;
    char out[RECUR_RRULE_MAX + 1];
    const char *m = NULL;
    struct recur_form f = {
        .kind = RECUR_FORM_WEEKLY, .weekdays = 1u << 2, .interval = 1, .until_day = -1};
    assert_int_equal(recur_build(&f, out, sizeof out, &m), 0);
    assert_string_equal(out, "FREQ=WEEKLY;BYDAY=TU");
    f.weekdays = 1u << 4;
    f.interval = 2;
    assert_int_equal(recur_build(&f, out, sizeof out, &m), 0);
    assert_string_equal(out, "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH");
    f.weekdays = 1u << 0 | 1u << 1 | 1u << 6; /* Sunday, Monday, Saturday: Monday first */
    f.interval = 1;
    f.until_day = D("2027-12-31");
    assert_int_equal(recur_build(&f, out, sizeof out, &m), 0);
    assert_string_equal(out, "FREQ=WEEKLY;BYDAY=MO,SA,SU;UNTIL=20271231");
    struct recur_form mo = {
        .kind = RECUR_FORM_MONTHLY_NTH, .nth = 2, .weekday = 2, .interval = 1, .until_day = -1};
    assert_int_equal(recur_build(&mo, out, sizeof out, &m), 0);
    assert_string_equal(out, "FREQ=MONTHLY;BYDAY=2TU");
    mo.nth = -1;
    mo.weekday = 5;
    mo.count = 10;
    assert_int_equal(recur_build(&mo, out, sizeof out, &m), 0);
    assert_string_equal(out, "FREQ=MONTHLY;BYDAY=-1FR;COUNT=10");
    /* Every rule the form builds is one recur_check takes. */
    assert_int_equal(recur_check(out, &m), 0);
    /* The choices it refuses, with the message beside the field. */
    f.weekdays = 0;
    assert_int_equal(recur_build(&f, out, sizeof out, &m), -1);
    assert_string_equal(m, "recur.err.weekly_days");
    f.weekdays = 1u << 2;
    f.interval = 13;
    assert_int_equal(recur_build(&f, out, sizeof out, &m), -1);
    assert_string_equal(m, "recur.err.interval");
    f.interval = 1;
    f.count = 4;
    assert_int_equal(recur_build(&f, out, sizeof out, &m), -1);
    assert_string_equal(m, "recur.err.count_until");
    mo.nth = 5;
    assert_int_equal(recur_build(&mo, out, sizeof out, &m), -1);
    assert_string_equal(m, "recur.err.nth");
    mo.nth = 1;
    mo.weekday = 7;
    assert_int_equal(recur_build(&mo, out, sizeof out, &m), -1);
    assert_string_equal(m, "recur.err.nth");
    /* Too small an output buffer is refused, not overrun. */
    char tiny[8];
    f.count = 0;
    f.until_day = -1;
    assert_int_equal(recur_build(&f, tiny, sizeof tiny, &m), -1);
    assert_string_equal(m, "recur.err.long");
    assert_int_equal(recur_weekday(D("2027-03-16")), 2); /* a Tuesday */
}

static void test_gr1_a_rule_is_shown_back_on_the_form(void **state)
{
    (void)state;
    static const char *const rules[] = {"FREQ=WEEKLY;BYDAY=TU", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH",
                                        "FREQ=WEEKLY;BYDAY=MO,WE,FR;UNTIL=20271231",
                                        "FREQ=MONTHLY;BYDAY=2TU",
                                        "FREQ=MONTHLY;INTERVAL=3;BYDAY=-1FR;COUNT=12"};
    for (size_t i = 0; i < sizeof rules / sizeof *rules; i++) {
        struct recur_form f;
        char out[RECUR_RRULE_MAX + 1];
        assert_int_equal(recur_form_of(rules[i], &f), 0);
        assert_int_equal(recur_build(&f, out, sizeof out, NULL), 0);
        assert_string_equal(out, rules[i]);
    }
    struct recur_form f;
    assert_int_equal(recur_form_of("FREQ=WEEKLY;BYDAY=TH,TU", &f), 0);
    assert_int_equal(f.weekdays, 1u << 2 | 1u << 4);
    assert_int_equal(f.until_day, -1);
    assert_int_equal(recur_form_of("FREQ=MONTHLY;BYDAY=-1SU", &f), 0);
    assert_int_equal(f.kind, RECUR_FORM_MONTHLY_NTH);
    assert_int_equal(f.nth, -1);
    assert_int_equal(f.weekday, 0);
    /* Taken by recur_check but not on the form: */
    assert_int_equal(recur_form_of("FREQ=DAILY", &f), -1);
    assert_int_equal(recur_form_of("FREQ=MONTHLY;BYMONTHDAY=15", &f), -1);
    assert_int_equal(recur_form_of("FREQ=YEARLY", &f), -1);
}

static void test_gr1_the_schedule_is_said_in_english_and_spanish(void **state)
{
    (void)state;
    arena *a = arena_new();
    static const struct {
        const char *rule;
        int sec;
        const char *en, *es;
    } cases[] = {
        {"FREQ=WEEKLY;BYDAY=TU", HM(18, 0), "Every Tuesday at 6:00 pm",
         "Todos los martes a las 6:00 p. m."},
        {"FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", -1, "Every other Thursday", "Cada dos jueves"},
        {"FREQ=MONTHLY;BYDAY=2TU", -1, "The second Tuesday of each month",
         "El segundo martes de cada mes"},
        {"FREQ=MONTHLY;BYDAY=-1FR", HM(13, 15), "The last Friday of each month at 1:15 pm",
         "El último viernes de cada mes a la 1:15 p. m."},
        {"FREQ=MONTHLY;BYDAY=1SA", HM(10, 0), "The first Saturday of each month at 10:00 am",
         "El primer sábado de cada mes a las 10:00 a. m."},
        {"FREQ=WEEKLY;BYDAY=MO,WE,SA", HM(0, 30),
         "Every Monday, Wednesday and Saturday at 12:30 am",
         "Todos los lunes, miércoles y sábados a las 12:30 a. m."},
        {"FREQ=WEEKLY;INTERVAL=2;BYDAY=TH,MO", -1, "Every other week on Monday and Thursday",
         "Cada dos semanas, los lunes y jueves"},
        {"FREQ=WEEKLY;INTERVAL=3;BYDAY=SU", -1, "Every 3 weeks on Sunday",
         "Cada 3 semanas, los domingos"},
        {"FREQ=DAILY", -1, "Every day", "Todos los días"},
        {"FREQ=DAILY;INTERVAL=2", -1, "Every other day", "Cada dos días"},
        {"FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=15", -1, "Day 15 of every other month",
         "El día 15, cada dos meses"},
        {"FREQ=MONTHLY;BYMONTHDAY=-1", -1, "The last day of each month",
         "El último día de cada mes"},
        {"FREQ=WEEKLY;BYDAY=TU;COUNT=8", HM(12, 0), "Every Tuesday at 12:00 pm, for 8 sessions",
         "Todos los martes a las 12:00 p. m., durante 8 sesiones"},
        {"FREQ=WEEKLY;BYDAY=TU;COUNT=1", -1, "Every Tuesday, one session only",
         "Todos los martes, una sola sesión"},
        {"FREQ=WEEKLY;BYDAY=TU;UNTIL=20271231", -1, "Every Tuesday, until 2027-12-31",
         "Todos los martes, hasta el 2027-12-31"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        assert_string_equal(recur_describe(a, "en", cases[i].rule, cases[i].sec), cases[i].en);
        assert_string_equal(recur_describe(a, "es", cases[i].rule, cases[i].sec), cases[i].es);
    }
    assert_null(recur_describe(a, "en", "FREQ=YEARLY", -1));
    arena_free(a);
}

static void test_gr1_the_feed_rule_writes_until_in_utc(void **state)
{
    (void)state;
    char out[RECUR_RRULE_MAX + 64];
    struct recur_series s = {.rrule = "FREQ=WEEKLY;BYDAY=TU;UNTIL=20271228"};
    /* The end of 28 December in New York (EST) is 04:59:59Z on the 29th. */
    assert_int_equal(recur_feed_rule(Z("America/New_York"), &s, out, sizeof out), 0);
    assert_string_equal(out, "FREQ=WEEKLY;UNTIL=20271229T045959Z;BYDAY=TU");
    s.rrule = "FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU;COUNT=6";
    assert_int_equal(recur_feed_rule(Z("America/New_York"), &s, out, sizeof out), 0);
    assert_string_equal(out, "FREQ=MONTHLY;COUNT=6;INTERVAL=2;BYDAY=2TU");
    assert_int_equal(recur_feed_rule(Z("America/New_York"), &s, out, 10), -1);
}

/* ---- the feed -------------------------------------------------------------------------- */

/* The feed's lines unfolded (a CRLF and a space joined away), in a new string. */
static char *unfold(const char *s)
{
    char *out = malloc(strlen(s) + 1), *o = out;
    for (; *s; s++) {
        if (s[0] == '\r' && s[1] == '\n' && s[2] == ' ') {
            s += 2;
            continue;
        }
        *o++ = *s;
    }
    *o = '\0';
    return out;
}

/* Every line ends in CRLF, is at most 75 octets, and a fold never splits a UTF-8 sequence. */
static void assert_lines_are_folded(const char *s)
{
    const char *l = s;
    while (*l) {
        const char *e = strstr(l, "\r\n");
        assert_non_null(e);
        assert_true(e - l <= 75);
        assert_null(memchr(l, '\n', (size_t)(e - l)));
        if (l[0] == ' ')
            assert_true(((unsigned char)l[1] & 0xc0) != 0x80);
        l = e + 2;
    }
}

static const char *const long_text =
    "Grupo de apoyo entre pares; niñas, niños y mayores \\ bienvenidos. "
    "Reunión semanal en la sala 2: café, té y galletas. ¡Traiga a su familia! 日本語も歓迎します。";

static void test_gr1_the_feed_escapes_text_and_folds_lines(void **state)
{
    (void)state;
    int32_t cancelled[] = {D("2027-03-16")};
    struct recur_move moved[] = {{.orig_day = D("2027-11-09"),
                                  .new_day = D("2027-11-10"),
                                  .new_sec = HM(19, 0),
                                  .minutes = 60}};
    struct ics_event e = {.uid = "group-12@demo.peerdesk",
                          .summary = "Tuesday group; peers, family",
                          .location = "Room 2\r\nSide door",
                          .url = "https://video.example.org/r/42",
                          .description = long_text,
                          .sequence = 3,
                          .series = {.rrule = "FREQ=WEEKLY;BYDAY=TU",
                                     .start_day = D("2027-01-05"),
                                     .start_sec = HM(18, 0),
                                     .minutes = 90,
                                     .cancelled = cancelled,
                                     .ncancelled = 1,
                                     .moved = moved,
                                     .nmoved = 1}};
    struct ics_calendar cal = {.zone = Z("America/New_York"),
                               .stamp = U("2027-01-01", 12, 0),
                               .name = "Demo, groups",
                               .events = &e,
                               .nevents = 1};
    buf b;
    buf_init(&b);
    assert_int_equal(ics_write(&b, &cal, NULL), ICS_OK);
    assert_lines_are_folded(b.data);
    char *u = unfold(b.data);
    assert_true(strncmp(u, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", 30) == 0);
    assert_non_null(strstr(u, "\r\nEND:VCALENDAR\r\n"));
    assert_non_null(strstr(u, "\r\nSUMMARY:Tuesday group\\; peers\\, family\r\n"));
    assert_non_null(strstr(u, "\r\nLOCATION:Room 2\\nSide door\r\n"));
    assert_non_null(strstr(u, "\r\nDESCRIPTION:Grupo de apoyo entre pares\\; niñas\\, niños y "
                              "mayores \\\\ bienvenidos. Reunión semanal en la sala 2: café\\, "
                              "té y galletas. ¡Traiga a su familia! 日本語も歓迎します。\r\n"));
    assert_non_null(strstr(u, "\r\nURL:https://video.example.org/r/42\r\n"));
    assert_non_null(strstr(u, "\r\nNAME:Demo\\, groups\r\n"));
    assert_non_null(strstr(u, "\r\nDTSTAMP:20270101T120000Z\r\n"));
    assert_non_null(strstr(u, "\r\nSEQUENCE:3\r\n"));
    assert_non_null(strstr(u, "\r\nDTSTART;TZID=America/New_York:20270105T180000\r\n"));
    assert_non_null(strstr(u, "\r\nDURATION:PT1H30M\r\n"));
    assert_non_null(strstr(u, "\r\nRRULE:FREQ=WEEKLY;BYDAY=TU\r\n"));
    assert_non_null(strstr(u, "\r\nEXDATE;TZID=America/New_York:20270316T180000\r\n"));
    assert_non_null(strstr(u, "\r\nRECURRENCE-ID;TZID=America/New_York:20271109T180000\r\n"));
    assert_non_null(strstr(u, "\r\nDTSTART;TZID=America/New_York:20271110T190000\r\n"));
    assert_non_null(strstr(u, "\r\nDURATION:PT1H\r\n"));
    assert_non_null(strstr(u, "\r\nBEGIN:VTIMEZONE\r\nTZID:America/New_York\r\n"));
    /* One VTIMEZONE; the series and its moved session, both with the UID. */
    assert_null(strstr(strstr(u, "BEGIN:VTIMEZONE") + 1, "BEGIN:VTIMEZONE"));
    const char *p = u;
    int uids = 0;
    while ((p = strstr(p, "\r\nUID:group-12@demo.peerdesk\r\n"))) {
        uids++;
        p++;
    }
    assert_int_equal(uids, 2);
    free(u);
    buf_free(&b);
}

static void test_gr1_a_text_value_cannot_start_a_line_of_its_own(void **state)
{
    (void)state;
    struct ics_event e = {
        .uid = "g@x",
        .summary = "Group\r\nEND:VEVENT\rBEGIN:VEVENT\x01",
        .series = {.start_day = D("2027-05-01"), .start_sec = HM(9, 0), .minutes = 30}};
    struct ics_calendar cal = {
        .zone = Z("America/New_York"), .stamp = 0, .events = &e, .nevents = 1};
    buf b;
    buf_init(&b);
    assert_int_equal(ics_write(&b, &cal, NULL), ICS_OK);
    char *u = unfold(b.data);
    assert_non_null(strstr(u, "\r\nSUMMARY:Group\\nEND:VEVENT\\nBEGIN:VEVENT \r\n"));
    /* A one-off event: no RRULE, one VEVENT. */
    assert_null(strstr(strstr(u, "BEGIN:VEVENT"), "RRULE"));
    assert_null(strstr(strstr(u, "BEGIN:VEVENT") + 1, "BEGIN:VEVENT\r\n"));
    free(u);
    buf_free(&b);
    /* Identifiers and links are written as they are, so odd ones are refused. */
    size_t bad = 99;
    e.summary = "Group";
    e.uid = "g x@y";
    assert_int_equal(ics_write(&b, &cal, &bad), ICS_BAD_EVENT);
    assert_int_equal(bad, 0);
    e.uid = "g@x";
    e.url = "https://x.example/\r\nATTACH:evil";
    assert_int_equal(ics_write(&b, &cal, &bad), ICS_BAD_EVENT);
    e.url = NULL;
    e.series.rrule = "FREQ=WEEKLY;BYDAY=MO"; /* 2027-05-01 is a Saturday */
    assert_int_equal(ics_write(&b, &cal, &bad), ICS_BAD_EVENT);
    assert_null(b.data); /* nothing appended on an error */
}

static void test_gr1_a_facilitator_feed_holds_several_series(void **state)
{
    (void)state;
    struct ics_event ev[3] = {
        {.uid = "group-1@demo.peerdesk",
         .summary = "Tuesday",
         .series = {.rrule = "FREQ=WEEKLY;BYDAY=TU",
                    .start_day = D("2027-01-05"),
                    .start_sec = HM(18, 0),
                    .minutes = 90}},
        {.uid = "group-2@demo.peerdesk",
         .summary = "Second Tuesday",
         .series = {.rrule = "FREQ=MONTHLY;BYDAY=2TU",
                    .start_day = D("2026-06-09"),
                    .start_sec = HM(12, 0),
                    .minutes = 60}},
        {.uid = "event-3@demo.peerdesk",
         .summary = "Open house",
         .series = {.start_day = D("2027-04-03"), .start_sec = HM(10, 0), .minutes = 180}},
    };
    struct ics_calendar cal = {
        .zone = Z("America/New_York"), .stamp = 0, .events = ev, .nevents = 3};
    buf b;
    buf_init(&b);
    assert_int_equal(ics_write(&b, &cal, NULL), ICS_OK);
    const char *u = b.data;
    assert_non_null(strstr(u, "UID:group-1@demo.peerdesk\r\n"));
    assert_non_null(strstr(u, "UID:group-2@demo.peerdesk\r\n"));
    assert_non_null(strstr(u, "UID:event-3@demo.peerdesk\r\n"));
    assert_non_null(strstr(u, "DURATION:PT3H\r\n"));
    /* The VTIMEZONE starts before the earliest session (June 2026, in daylight time). */
    const char *vtz = strstr(u, "BEGIN:VTIMEZONE");
    assert_non_null(vtz);
    assert_non_null(strstr(vtz, "DTSTART:20260608T000000"));
    buf_free(&b);
    /* No event: a calendar with no VTIMEZONE, still well formed. */
    cal.nevents = 0;
    assert_int_equal(ics_write(&b, &cal, NULL), ICS_OK);
    assert_null(strstr(b.data, "VTIMEZONE"));
    assert_non_null(strstr(b.data, "END:VCALENDAR\r\n"));
    buf_free(&b);
}

/* The offset zone z's VTIMEZONE text (read back by libical) gives at instant t. */
static int vtz_offset(icaltimezone *zone, int64_t t)
{
    struct icaltimetype tt =
        icaltime_from_timet_with_zone((time_t)t, 0, icaltimezone_get_utc_timezone());
    return icaltimezone_get_utc_offset_of_utc_time(zone, &tt, NULL);
}

/* Reads the VTIMEZONE text back with libical and holds its offsets against tz_local_of every
 * three hours from `from` for `years`, and at each second around every change. */
static void assert_vtimezone_agrees(const struct tz *z, int64_t from, int years, int own)
{
    buf b;
    buf_init(&b);
    assert_int_equal(ics_vtimezone(&b, z, from, own), ICS_OK);
    icalcomponent *c = icalparser_parse_string(b.data);
    assert_non_null(c);
    icaltimezone *zone = icaltimezone_new();
    assert_true(icaltimezone_set_component(zone, c));
    int bad = 0;
    int32_t last = INT32_MIN;
    for (int64_t t = from; t < from + (int64_t)years * 365 * 86400; t += 3 * 3600) {
        struct tz_local l;
        tz_local_of(z, t, &l);
        if (last != INT32_MIN && l.utoff != last) {
            /* a change within the last three hours: both sides of it, second by second */
            for (int64_t s = t - 3 * 3600; s <= t; s += 60) {
                struct tz_local m;
                tz_local_of(z, s, &m);
                if (vtz_offset(zone, s) != m.utoff && bad++ < 3)
                    fprintf(stderr, "%s at %lld: VTIMEZONE %d, tz %d (own %d)\n", tz_name(z),
                            (long long)s, vtz_offset(zone, s), (int)m.utoff, own);
            }
        }
        if (vtz_offset(zone, t) != l.utoff && bad++ < 3)
            fprintf(stderr, "%s at %lld: VTIMEZONE %d, tz %d (own %d)\n", tz_name(z), (long long)t,
                    vtz_offset(zone, t), (int)l.utoff, own);
        last = l.utoff;
    }
    assert_int_equal(bad, 0);
    icaltimezone_free(zone, 1);
    buf_free(&b);
}

static void test_gr1_the_vtimezone_agrees_with_our_zone_reader(void **state)
{
    (void)state;
    static const char *const zones[] = {"America/New_York", "Europe/London",   "Australia/Sydney",
                                        "Asia/Kolkata",     "America/Phoenix", "Pacific/Chatham"};
    int64_t from = U("2026-01-01", 0, 0);
    for (size_t i = 0; i < sizeof zones / sizeof *zones; i++) {
        assert_vtimezone_agrees(Z(zones[i]), from, 15, 0);               /* libical's, to 2041 */
        assert_vtimezone_agrees(Z(zones[i]), from, ICS_OWN_TZ_YEARS, 1); /* our own */
    }
    /* Plain "UTC", which libical has no component for, gets our own. */
    buf b;
    buf_init(&b);
    assert_int_equal(ics_vtimezone(&b, Z("UTC"), from, 0), ICS_OK);
    assert_non_null(strstr(b.data, "TZID:UTC\r\n"));
    assert_non_null(strstr(b.data, "TZOFFSETTO:+0000\r\n"));
    buf_free(&b);
    assert_vtimezone_agrees(Z("UTC"), from, 5, 0);
}

/* Four threads write feeds in four zones at once (libical's zone table is filled lazily). */
static void *feed_thread(void *arg)
{
    const char *zone = arg;
    struct ics_event e = {.uid = "g@x",
                          .series = {.rrule = "FREQ=WEEKLY;BYDAY=TU",
                                     .start_day = D("2027-01-05"),
                                     .start_sec = HM(18, 0),
                                     .minutes = 60}};
    struct ics_calendar cal = {.zone = tz_get(zone, NULL), .events = &e, .nevents = 1};
    buf b;
    buf_init(&b);
    enum ics_err err = ICS_NOMEM;
    for (int i = 0; i < 20; i++) {
        buf_free(&b);
        err = ics_write(&b, &cal, NULL);
        if (err != ICS_OK)
            break;
    }
    char want[80];
    snprintf(want, sizeof want, "DTSTART;TZID=%s:20270105T180000", zone);
    int ok = err == ICS_OK && strstr(b.data, want) && strstr(b.data, "BEGIN:VTIMEZONE");
    buf_free(&b);
    return ok ? arg : NULL;
}

static void test_gr1_feeds_are_written_from_several_threads_at_once(void **state)
{
    (void)state;
    static const char *const zones[] = {"America/Denver", "Europe/Madrid", "Asia/Tokyo",
                                        "America/Anchorage"};
    pthread_t th[4];
    for (int i = 0; i < 4; i++) {
        Z(zones[i]);
        assert_int_equal(pthread_create(&th[i], NULL, feed_thread, (void *)zones[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        void *r;
        pthread_join(th[i], &r);
        assert_non_null(r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gr1_weekly_tuesday_at_six_is_23z_in_winter_and_22z_in_summer),
        cmocka_unit_test(test_gr1_every_other_thursday_keeps_its_fortnight_from_the_first_session),
        cmocka_unit_test(test_gr1_second_tuesday_and_last_friday_of_each_month),
        cmocka_unit_test(test_gr1_count_and_until_end_a_series),
        cmocka_unit_test(test_gr1_cancelled_and_moved_sessions),
        cmocka_unit_test(test_gr1_zones_without_daylight_saving_keep_one_offset),
        cmocka_unit_test(test_gr1_a_session_in_the_skipped_hour_follows_the_zone_rule),
        cmocka_unit_test(test_gr1_an_expansion_is_capped_in_span_and_sessions),
        cmocka_unit_test(test_gr1_is_occurrence_names_the_rules_days_only),
        cmocka_unit_test(test_gr1_rules_outside_the_form_are_refused_with_their_message),
        cmocka_unit_test(test_gr1_a_series_is_checked_whole),
        cmocka_unit_test(test_gr1_the_form_builds_the_rule),
        cmocka_unit_test(test_gr1_a_rule_is_shown_back_on_the_form),
        cmocka_unit_test(test_gr1_the_schedule_is_said_in_english_and_spanish),
        cmocka_unit_test(test_gr1_the_feed_rule_writes_until_in_utc),
        cmocka_unit_test(test_gr1_the_feed_escapes_text_and_folds_lines),
        cmocka_unit_test(test_gr1_a_text_value_cannot_start_a_line_of_its_own),
        cmocka_unit_test(test_gr1_a_facilitator_feed_holds_several_series),
        cmocka_unit_test(test_gr1_the_vtimezone_agrees_with_our_zone_reader),
        cmocka_unit_test(test_gr1_feeds_are_written_from_several_threads_at_once),
    };
    return cmocka_run_group_tests_name("recur", tests, NULL, NULL);
}
