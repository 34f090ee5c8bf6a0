/* recur.c - group schedules (GR-1): RFC 5545 rules checked, built, expanded with libical's
 * iterator over floating local time, placed in UTC with our zone reader, and said in words. */
#include "recur.h"

#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "msg.h"
#include "tz.h"

/* The longest walk from DTSTART an expansion makes: a daily rule from 1900 to 2200 is
 * (2200 - 1900) x 366 = 109,800 steps. A rule still not past its window after this many is
 * not one recur_check takes; the walk stops rather than spin. */
#define RECUR_STEPS_MAX 200000

/* Weekday codes in RFC 5545 order of libical's enum (ICAL_SUNDAY_WEEKDAY = 1 .. 7), so
 * code[d] is weekday d, 0 Sunday .. 6 Saturday. */
static const char *const wd_code[7] = {"SU", "MO", "TU", "WE", "TH", "FR", "SA"};

/* ---- the rule's text ------------------------------------------------------------------- */

/* The parts of a rule recur_check takes. Other RFC 5545 parts are understood by every reader
 * but cannot be chosen on the form or said in words; they are refused by name. */
static const char *const parts_taken[] = {"FREQ",  "INTERVAL",   "COUNT", "UNTIL",
                                          "BYDAY", "BYMONTHDAY", "WKST"};
static const char *const parts_refused[] = {"BYSECOND",  "BYMINUTE", "BYHOUR",
                                            "BYYEARDAY", "BYWEEKNO", "BYMONTH",
                                            "BYSETPOS",  "RSCALE",   "SKIP"};
enum { P_FREQ, P_INTERVAL, P_COUNT, P_UNTIL, P_BYDAY, P_BYMONTHDAY, P_WKST, P__COUNT };

/* Case-insensitive compare of [s, s + n) with the upper-case word w. */
static int word_is(const char *s, size_t n, const char *w)
{
    if (strlen(w) != n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        if (c != w[i])
            return 0;
    }
    return 1;
}

/* A value of 1..max written in decimal digits only; -1 otherwise. */
static int small_number(const char *s, size_t n, int max)
{
    if (n == 0 || n > 6)
        return -1;
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v >= 1 && v <= max ? v : -1;
}

/* The shape of the text before libical reads it: NAME=VALUE parts split by ';', each name
 * once, only the parts taken, and the numbers in range (so the message says which). */
static int check_parts(const char *rrule, const char **msgid)
{
    int seen[P__COUNT] = {0};
    const char *p = rrule;
    for (;;) {
        size_t len = strcspn(p, ";");
        const char *eq = memchr(p, '=', len);
        if (!eq || eq == p || eq + 1 == p + len) {
            *msgid = "recur.err.syntax"; /* an empty part, a name without '=' or value */
            return -1;
        }
        size_t nlen = (size_t)(eq - p), vlen = len - nlen - 1;
        int k = -1;
        for (int i = 0; i < P__COUNT; i++)
            if (word_is(p, nlen, parts_taken[i]))
                k = i;
        if (k < 0) {
            *msgid = "recur.err.syntax";
            for (size_t i = 0; i < sizeof parts_refused / sizeof *parts_refused; i++)
                if (word_is(p, nlen, parts_refused[i]))
                    *msgid = "recur.err.part";
            return -1;
        }
        if (seen[k]++) {
            *msgid = "recur.err.syntax";
            return -1;
        }
        if (k == P_INTERVAL && small_number(eq + 1, vlen, RECUR_INTERVAL_MAX) < 0) {
            *msgid = "recur.err.interval";
            return -1;
        }
        if (k == P_COUNT && small_number(eq + 1, vlen, RECUR_COUNT_MAX) < 0) {
            *msgid = "recur.err.count";
            return -1;
        }
        if (k == P_UNTIL && vlen != 8 && vlen != 15) {
            /* YYYYMMDD or YYYYMMDDTHHMMSS, local: a UTC time ("...Z") depends on the zone */
            *msgid = "recur.err.until";
            return -1;
        }
        if (p[len] == '\0')
            break;
        p += len + 1;
    }
    if (!seen[P_FREQ]) {
        *msgid = "recur.err.freq";
        return -1;
    }
    if (seen[P_COUNT] && seen[P_UNTIL]) {
        *msgid = "recur.err.count_until";
        return -1;
    }
    return 0;
}

/* rrule read by libical into *r and checked (recur_check's contract). */
static int parse_rule(const char *rrule, struct icalrecurrencetype *r, const char **msgid)
{
    const char *dummy;
    if (!msgid)
        msgid = &dummy;
    if (!rrule || !*rrule) {
        *msgid = "recur.err.empty";
        return -1;
    }
    if (strlen(rrule) > RECUR_RRULE_MAX) {
        *msgid = "recur.err.long";
        return -1;
    }
    for (const char *c = rrule; *c; c++)
        if (!((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
              *c == '=' || *c == ';' || *c == ',' || *c == '-' || *c == '+')) {
            *msgid = "recur.err.syntax"; /* spaces, ':' of "RRULE:", control bytes */
            return -1;
        }
    if (check_parts(rrule, msgid) != 0)
        return -1;
    icalerror_clear_errno();
    *r = icalrecurrencetype_from_string(rrule);
    int bad = r->freq == ICAL_NO_RECURRENCE || icalerrno != ICAL_NO_ERROR;
    icalerror_clear_errno();
    free(r->rscale); /* never set: RSCALE is refused above */
    r->rscale = NULL;
    if (bad) {
        *msgid = "recur.err.syntax";
        return -1;
    }
    if (r->freq != ICAL_DAILY_RECURRENCE && r->freq != ICAL_WEEKLY_RECURRENCE &&
        r->freq != ICAL_MONTHLY_RECURRENCE) {
        *msgid = "recur.err.freq";
        return -1;
    }
    if (r->interval < 1 || r->interval > RECUR_INTERVAL_MAX) {
        *msgid = "recur.err.interval";
        return -1;
    }
    if (!icaltime_is_null_time(r->until)) {
        char iso[16];
        snprintf(iso, sizeof iso, "%04d-%02d-%02d", r->until.year, r->until.month, r->until.day);
        if (civil_parse(iso) < 0 || icaltime_is_utc(r->until)) {
            *msgid = "recur.err.until";
            return -1;
        }
    }
    size_t nday = 0, nmday = 0;
    int pos0 = 0, mday0 = 0;
    while (nday < ICAL_BY_DAY_SIZE && r->by_day[nday] != ICAL_RECURRENCE_ARRAY_MAX) {
        int pos = icalrecurrencetype_day_position(r->by_day[nday]);
        if (nday == 0)
            pos0 = pos;
        if (r->freq == ICAL_WEEKLY_RECURRENCE && pos != 0) {
            *msgid = "recur.err.weekly_nth";
            return -1;
        }
        nday++;
    }
    while (nmday < ICAL_BY_MONTHDAY_SIZE && r->by_month_day[nmday] != ICAL_RECURRENCE_ARRAY_MAX) {
        if (nmday == 0)
            mday0 = r->by_month_day[0];
        nmday++;
    }
    switch (r->freq) {
    case ICAL_DAILY_RECURRENCE:
        if (nday || nmday) {
            *msgid = "recur.err.daily_by";
            return -1;
        }
        break;
    case ICAL_WEEKLY_RECURRENCE:
        if (nday == 0 || nmday) {
            *msgid = "recur.err.weekly_days";
            return -1;
        }
        break;
    default: /* monthly: one nth weekday, or one day of the month */
        if (nday + nmday != 1) {
            *msgid = "recur.err.monthly";
            return -1;
        }
        if (nday && !((pos0 >= 1 && pos0 <= 4) || pos0 == -1)) {
            *msgid = "recur.err.nth";
            return -1;
        }
        if (nmday && !((mday0 >= 1 && mday0 <= 31) || mday0 == -1)) {
            *msgid = "recur.err.monthly";
            return -1;
        }
        break;
    }
    return 0;
}

int recur_check(const char *rrule, const char **msgid)
{
    struct icalrecurrencetype r;
    return parse_rule(rrule, &r, msgid);
}

int recur_weekday(int32_t day)
{
    return (int)((day + 1) % 7); /* civil day 0, 1900-01-01, was a Monday */
}

/* ---- walking the rule ------------------------------------------------------------------ */

/* The last local moment UNTIL allows, as (day, sec); day -1 when the rule has no UNTIL. A
 * date means its whole day (RFC 5545: UNTIL is inclusive). */
static void until_limit(const struct icalrecurrencetype *r, int32_t *day, int *sec)
{
    *day = -1;
    *sec = 0;
    if (icaltime_is_null_time(r->until))
        return;
    *day = civil_days(r->until.year, r->until.month, r->until.day);
    *sec = r->until.is_date ? 86399 : r->until.hour * 3600 + r->until.minute * 60 + r->until.second;
}

/* The local days in [lo, hi] that rule r gives a series starting on start_day at start_sec,
 * ascending, into a new array *days (the caller frees it) of *n. Returns 0, or -1 when out of
 * memory. libical walks floating local date-times from DTSTART (COUNT counts from there);
 * UNTIL is applied here, in local time. */
static int rule_days(const struct icalrecurrencetype *rule, int32_t start_day, int start_sec,
                     int32_t lo, int32_t hi, int32_t **days, size_t *n)
{
    *days = NULL;
    *n = 0;
    struct icalrecurrencetype r = *rule;
    int32_t until_day;
    int until_sec;
    until_limit(&r, &until_day, &until_sec);
    r.until = icaltime_null_time();
    if (until_day >= 0 && until_day < hi)
        hi = until_day;
    if (hi < lo || hi < start_day)
        return 0;

    struct icaltimetype dt = icaltime_null_time();
    civil_split(start_day, &dt.year, &dt.month, &dt.day);
    dt.hour = start_sec / 3600;
    dt.minute = start_sec / 60 % 60;
    dt.second = start_sec % 60;
    dt.is_date = 0; /* a date-time with no zone: floating */
    icalrecur_iterator *it = icalrecur_iterator_new(r, dt);
    if (!it)
        return -1;
    size_t cap = 0;
    int rc = 0;
    for (long step = 0; step < RECUR_STEPS_MAX; step++) {
        struct icaltimetype t = icalrecur_iterator_next(it);
        if (icaltime_is_null_time(t))
            break; /* COUNT reached */
        int32_t d = civil_days(t.year, t.month, t.day);
        int s = t.hour * 3600 + t.minute * 60 + t.second;
        if (d > hi || (d == until_day && s > until_sec))
            break;
        if (d < lo)
            continue;
        if (*n == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            int32_t *nd = realloc(*days, ncap * sizeof *nd);
            if (!nd) {
                rc = -1;
                break;
            }
            *days = nd;
            cap = ncap;
        }
        (*days)[(*n)++] = d;
    }
    icalrecur_iterator_free(it);
    icalerror_clear_errno();
    if (rc != 0) {
        free(*days);
        *days = NULL;
        *n = 0;
    }
    return rc;
}

static int has_day(const int32_t *days, size_t n, int32_t day)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (days[mid] == day)
            return 1;
        if (days[mid] < day)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

int recur_is_occurrence(const struct recur_series *s, int32_t day)
{
    struct icalrecurrencetype r;
    if (parse_rule(s->rrule, &r, NULL) != 0)
        return -1;
    int32_t *days;
    size_t n;
    if (rule_days(&r, s->start_day, s->start_sec, day, day, &days, &n) != 0)
        return -1;
    free(days);
    return n > 0;
}

int recur_series_check(const struct recur_series *s, const char **msgid, const char **field)
{
    const char *m = NULL, *f = NULL;
    struct icalrecurrencetype r;
    int32_t *days = NULL;
    size_t n = 0;
    if (parse_rule(s->rrule, &r, &m) != 0) {
        f = "rrule";
        goto refused;
    }
    /* civil.h: days 1900-01-01 .. 2200-12-31 are the dates peerdesk takes */
    if (s->start_day < 0 || s->start_day > civil_days(2200, 12, 31)) {
        m = "recur.err.start_day";
        f = "start_day";
        goto refused;
    }
    if (s->start_sec < 0 || s->start_sec > 86399) {
        m = "recur.err.start_time";
        f = "start_time";
        goto refused;
    }
    if (s->minutes < 1 || s->minutes > RECUR_MINUTES_MAX) {
        m = "recur.err.minutes";
        f = "minutes";
        goto refused;
    }
    if (s->ncancelled + s->nmoved > RECUR_EXCEPTIONS_MAX || (s->ncancelled && !s->cancelled) ||
        (s->nmoved && !s->moved)) {
        m = "recur.err.exceptions";
        f = s->nmoved ? "moved" : "cancelled";
        goto refused;
    }
    int32_t until_day;
    int until_sec;
    until_limit(&r, &until_day, &until_sec);
    if (until_day >= 0 && until_day < s->start_day) {
        m = "recur.err.until_before";
        f = "rrule";
        goto refused;
    }
    /* One walk from the first day to the last one an exception names. */
    int32_t last = s->start_day;
    for (size_t i = 0; i < s->ncancelled; i++)
        if (s->cancelled[i] > last)
            last = s->cancelled[i];
    for (size_t i = 0; i < s->nmoved; i++)
        if (s->moved[i].orig_day > last)
            last = s->moved[i].orig_day;
    if (rule_days(&r, s->start_day, s->start_sec, s->start_day, last, &days, &n) != 0) {
        m = "recur.err.exceptions";
        f = "rrule";
        goto refused;
    }
    if (n == 0 || days[0] != s->start_day) {
        m = "recur.err.start_off_rule";
        f = "start_day";
        goto refused;
    }
    for (size_t i = 0; i < s->ncancelled + s->nmoved; i++) {
        int moved = i >= s->ncancelled;
        int32_t orig = moved ? s->moved[i - s->ncancelled].orig_day : s->cancelled[i];
        f = moved ? "moved" : "cancelled";
        if (!has_day(days, n, orig)) {
            m = "recur.err.not_a_session";
            goto refused;
        }
        for (size_t j = 0; j < i; j++) {
            int32_t other =
                j >= s->ncancelled ? s->moved[j - s->ncancelled].orig_day : s->cancelled[j];
            if (other == orig) {
                m = "recur.err.exception_twice";
                goto refused;
            }
        }
        if (moved) {
            const struct recur_move *mv = &s->moved[i - s->ncancelled];
            int32_t shift = mv->new_day - mv->orig_day;
            if (shift > RECUR_MOVE_MAX_DAYS || shift < -RECUR_MOVE_MAX_DAYS || mv->new_day < 0) {
                m = "recur.err.move_far";
                goto refused;
            }
            if (mv->new_sec < 0 || mv->new_sec > 86399) {
                m = "recur.err.start_time";
                goto refused;
            }
            if (mv->minutes < 0 || mv->minutes > RECUR_MINUTES_MAX) {
                m = "recur.err.minutes";
                goto refused;
            }
        }
    }
    free(days);
    return 0;
refused:
    free(days);
    if (msgid)
        *msgid = m;
    if (field)
        *field = f;
    return -1;
}

/* Order of an expansion: by start, then by the original day (two sessions moved to the same
 * instant keep the rule's order). */
static int occ_cmp(const void *a, const void *b)
{
    const struct recur_occ *x = a, *y = b;
    if (x->start_utc != y->start_utc)
        return x->start_utc < y->start_utc ? -1 : 1;
    return (x->orig_day > y->orig_day) - (x->orig_day < y->orig_day);
}

enum recur_err recur_expand(const struct tz *z, const struct recur_series *s, int32_t from_day,
                            int32_t to_day, struct recur_occ *out, size_t max, size_t *n)
{
    *n = 0;
    if (to_day < from_day || to_day - from_day + 1 > RECUR_SPAN_MAX)
        return RECUR_BAD_SPAN;
    if (recur_series_check(s, NULL, NULL) != 0)
        return RECUR_BAD_SERIES;
    struct icalrecurrencetype r;
    parse_rule(s->rrule, &r, NULL); /* accepted just above */
    int32_t *days;
    size_t nd;
    /* Sessions moved into the window come from at most RECUR_MOVE_MAX_DAYS outside it. */
    if (rule_days(&r, s->start_day, s->start_sec, from_day - RECUR_MOVE_MAX_DAYS,
                  to_day + RECUR_MOVE_MAX_DAYS, &days, &nd) != 0)
        return RECUR_NOMEM;
    struct recur_occ *all = malloc((nd ? nd : 1) * sizeof *all);
    if (!all) {
        free(days);
        return RECUR_NOMEM;
    }
    size_t na = 0;
    for (size_t i = 0; i < nd; i++) {
        int cancelled = 0;
        /* Linear: at most RECUR_EXCEPTIONS_MAX exceptions over a few hundred days. */
        for (size_t k = 0; k < s->ncancelled && !cancelled; k++)
            cancelled = s->cancelled[k] == days[i];
        if (cancelled)
            continue;
        struct recur_occ o = {.orig_day = days[i], .day = days[i], .sec = s->start_sec};
        int minutes = s->minutes;
        for (size_t k = 0; k < s->nmoved; k++)
            if (s->moved[k].orig_day == days[i]) {
                o.day = s->moved[k].new_day;
                o.sec = s->moved[k].new_sec;
                if (s->moved[k].minutes > 0)
                    minutes = s->moved[k].minutes;
                o.flags = RECUR_MOVED;
                break;
            }
        if (o.day < from_day || o.day > to_day)
            continue;
        o.start_utc = tz_utc_of(z, o.day, o.sec);
        o.end_utc = o.start_utc + (int64_t)minutes * 60; /* an exact length, as DURATION is */
        all[na++] = o;
    }
    free(days);
    qsort(all, na, sizeof *all, occ_cmp);
    if (max > RECUR_OCC_MAX)
        max = RECUR_OCC_MAX;
    size_t take = na < max ? na : max;
    if (take)
        memcpy(out, all, take * sizeof *all);
    free(all);
    *n = take;
    return na > take ? RECUR_TRUNCATED : RECUR_OK;
}

/* ---- the form -------------------------------------------------------------------------- */

int recur_build(const struct recur_form *f, char *out, size_t outlen, const char **msgid)
{
    const char *dummy;
    if (!msgid)
        msgid = &dummy;
    char rule[RECUR_RRULE_MAX + 1];
    size_t o = 0;
#define PUT(...) (o += (size_t)snprintf(rule + o, sizeof rule - o, __VA_ARGS__))
    if (f->interval < 1 || f->interval > RECUR_INTERVAL_MAX) {
        *msgid = "recur.err.interval";
        return -1;
    }
    if (f->count < 0 || f->count > RECUR_COUNT_MAX) {
        *msgid = "recur.err.count";
        return -1;
    }
    if (f->count > 0 && f->until_day >= 0) {
        *msgid = "recur.err.count_until";
        return -1;
    }
    if (f->kind == RECUR_FORM_WEEKLY) {
        if (f->weekdays == 0 || f->weekdays >= 1u << 7) {
            *msgid = "recur.err.weekly_days";
            return -1;
        }
        PUT("FREQ=WEEKLY");
        if (f->interval > 1)
            PUT(";INTERVAL=%d", f->interval);
        PUT(";BYDAY=");
        const char *sep = "";
        for (int k = 1; k <= 7; k++) { /* Monday first, as the week starts (WKST=MO) */
            int d = k % 7;
            if (f->weekdays & 1u << d) {
                PUT("%s%s", sep, wd_code[d]);
                sep = ",";
            }
        }
    } else if (f->kind == RECUR_FORM_MONTHLY_NTH) {
        if (!((f->nth >= 1 && f->nth <= 4) || f->nth == -1) || f->weekday < 0 || f->weekday > 6) {
            *msgid = "recur.err.nth";
            return -1;
        }
        PUT("FREQ=MONTHLY");
        if (f->interval > 1)
            PUT(";INTERVAL=%d", f->interval);
        PUT(";BYDAY=%d%s", f->nth, wd_code[f->weekday]);
    } else {
        *msgid = "recur.err.freq";
        return -1;
    }
    if (f->count > 0)
        PUT(";COUNT=%d", f->count);
    if (f->until_day >= 0) {
        int y, m, d;
        if (f->until_day > civil_days(2200, 12, 31)) {
            *msgid = "recur.err.until";
            return -1;
        }
        civil_split(f->until_day, &y, &m, &d);
        PUT(";UNTIL=%04d%02d%02d", y, m, d);
    }
#undef PUT
    if (o >= sizeof rule || o >= outlen) {
        *msgid = "recur.err.long";
        return -1;
    }
    if (recur_check(rule, msgid) != 0)
        return -1;
    memcpy(out, rule, o + 1);
    return 0;
}

int recur_form_of(const char *rrule, struct recur_form *f)
{
    struct icalrecurrencetype r;
    if (parse_rule(rrule, &r, NULL) != 0)
        return -1;
    memset(f, 0, sizeof *f);
    f->interval = r.interval;
    f->count = r.count;
    f->until_day =
        icaltime_is_null_time(r.until) ? -1 : civil_days(r.until.year, r.until.month, r.until.day);
    if (r.freq == ICAL_WEEKLY_RECURRENCE) {
        f->kind = RECUR_FORM_WEEKLY;
        for (size_t i = 0; i < ICAL_BY_DAY_SIZE && r.by_day[i] != ICAL_RECURRENCE_ARRAY_MAX; i++)
            f->weekdays |= 1u << ((int)icalrecurrencetype_day_day_of_week(r.by_day[i]) - 1);
        return 0;
    }
    if (r.freq == ICAL_MONTHLY_RECURRENCE && r.by_day[0] != ICAL_RECURRENCE_ARRAY_MAX) {
        f->kind = RECUR_FORM_MONTHLY_NTH;
        f->nth = icalrecurrencetype_day_position(r.by_day[0]);
        f->weekday = (int)icalrecurrencetype_day_day_of_week(r.by_day[0]) - 1;
        return 0;
    }
    return -1;
}

/* ---- in words -------------------------------------------------------------------------- */

/* The weekdays of r's BYDAY list in words, Monday first, joined "A, B and C"; plural picks
 * the form said after "every" (recur.days.*: Spanish "los sábados"). */
static char *day_list(arena *a, const char *lang, const struct icalrecurrencetype *r, int plural)
{
    unsigned mask = 0;
    for (size_t i = 0; i < ICAL_BY_DAY_SIZE && r->by_day[i] != ICAL_RECURRENCE_ARRAY_MAX; i++)
        mask |= 1u << ((int)icalrecurrencetype_day_day_of_week(r->by_day[i]) - 1);
    const char *names[7];
    int n = 0;
    for (int k = 1; k <= 7; k++) {
        int d = k % 7;
        if (mask & 1u << d) {
            char id[24];
            snprintf(id, sizeof id, "%s.%c%c", plural ? "recur.days" : "recur.day",
                     wd_code[d][0] + 32, wd_code[d][1] + 32);
            names[n++] = msg(lang, id);
        }
    }
    char *list = arena_strdup(a, n ? names[0] : "");
    for (int i = 1; i < n; i++)
        list = msg_fmt(a, lang, i == n - 1 ? "recur.list.and" : "recur.list.comma", "list", list,
                       i == n - 1 ? "last" : "next", names[i], NULL);
    return list;
}

/* "6:00 pm" / "6:00 p. m." for seconds since midnight. */
static char *clock_time(arena *a, const char *lang, int sec, int *hour12)
{
    int h = sec / 3600, m = sec / 60 % 60;
    *hour12 = h % 12 == 0 ? 12 : h % 12;
    char hs[4], ms[4];
    snprintf(hs, sizeof hs, "%d", *hour12);
    snprintf(ms, sizeof ms, "%02d", m);
    return msg_fmt(a, lang, h < 12 ? "recur.time.am" : "recur.time.pm", "h", hs, "mm", ms, NULL);
}

char *recur_describe(arena *a, const char *lang, const char *rrule, int start_sec)
{
    struct icalrecurrencetype r;
    if (parse_rule(rrule, &r, NULL) != 0)
        return NULL;
    char n[8];
    snprintf(n, sizeof n, "%d", r.interval);
    /* Every 1, every other (2), every n periods: three sentences per frequency. */
    const char *every = r.interval == 1 ? "" : r.interval == 2 ? "_2" : "_n";
    char id[48];
    char *desc;
    if (r.freq == ICAL_DAILY_RECURRENCE) {
        snprintf(id, sizeof id, "recur.desc.daily%s", every);
        desc = msg_fmt(a, lang, id, "n", n, NULL);
    } else if (r.freq == ICAL_WEEKLY_RECURRENCE) {
        int several = r.by_day[1] != ICAL_RECURRENCE_ARRAY_MAX;
        /* "Every other Thursday" reads well for one day; several say the week. */
        snprintf(id, sizeof id, "recur.desc.weekly%s%s", every,
                 r.interval == 2 && several ? "_days" : "");
        desc = msg_fmt(a, lang, id, "n", n, "days", day_list(a, lang, &r, 1), NULL);
    } else {
        char *what;
        if (r.by_day[0] != ICAL_RECURRENCE_ARRAY_MAX) {
            int pos = icalrecurrencetype_day_position(r.by_day[0]);
            char nth[24];
            if (pos == -1)
                snprintf(nth, sizeof nth, "recur.nth.last");
            else
                snprintf(nth, sizeof nth, "recur.nth.%d", pos);
            what = msg_fmt(a, lang, "recur.desc.nth_weekday", "nth", msg(lang, nth), "day",
                           day_list(a, lang, &r, 0), NULL);
        } else if (r.by_month_day[0] == -1) {
            what = msg_fmt(a, lang, "recur.desc.month_last", NULL);
        } else {
            char d[8];
            snprintf(d, sizeof d, "%d", r.by_month_day[0]);
            what = msg_fmt(a, lang, "recur.desc.month_day", "d", d, NULL);
        }
        snprintf(id, sizeof id, "recur.desc.monthly%s", every);
        desc = msg_fmt(a, lang, id, "n", n, "what", what, NULL);
    }
    if (start_sec >= 0 && start_sec < 86400) {
        int h12;
        char *t = clock_time(a, lang, start_sec, &h12);
        /* Spanish says "a la 1:00" but "a las 6:00": the hour picks the form. */
        desc = msg_plural(a, lang, "recur.desc.at", h12, "desc", desc, "time", t, NULL);
    }
    if (r.count > 0) {
        desc = msg_plural(a, lang, "recur.desc.count", r.count, "desc", desc, NULL);
    } else if (!icaltime_is_null_time(r.until)) {
        char date[11];
        civil_format(civil_days(r.until.year, r.until.month, r.until.day), date);
        desc = msg_fmt(a, lang, "recur.desc.until", "desc", desc, "date", date, NULL);
    }
    return desc;
}

/* ---- for a calendar feed --------------------------------------------------------------- */

int recur_feed_rule(const struct tz *z, const struct recur_series *s, char *out, size_t outlen)
{
    struct icalrecurrencetype r;
    if (parse_rule(s->rrule, &r, NULL) != 0)
        return -1;
    int32_t day;
    int sec;
    until_limit(&r, &day, &sec);
    if (day >= 0)
        r.until = icaltime_from_timet_with_zone((time_t)tz_utc_of(z, day, sec), 0,
                                                icaltimezone_get_utc_timezone());
    char *text = icalrecurrencetype_as_string_r(&r);
    if (!text)
        return -1;
    size_t len = strlen(text);
    int rc = len < outlen ? 0 : -1;
    if (rc == 0)
        memcpy(out, text, len + 1);
    free(text);
    return rc;
}
