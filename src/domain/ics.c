/* ics.c - iCalendar feeds of group schedules built and written by libical (ics.h). */
#include "ics.h"

#include <libical/ical.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "tz.h"

#define PRODID "-//peerdesk//peerdesk 0.1//EN"
/* A UID is ours ("group-12@demo.peerdesk"); RFC 5545 sets no limit, 255 keeps it sane. */
#define UID_MAX 255
/* Our own VTIMEZONE finds offset changes by stepping a day at a time, then halving: no zone
 * changes its offset twice within one day. */
#define STEP_SECONDS 86400
/* libical's VTIMEZONE is held against our zone reader for this long from the first session:
 * past the 2038 turn of 32-bit time, where libical 3.0 goes wrong for some zones. */
#define ICS_CHECK_YEARS 30

/* libical's table of zones is filled on first use and is not safe to fill from two threads. */
static pthread_mutex_t zone_lock = PTHREAD_MUTEX_INITIALIZER;

/* ---- the values ------------------------------------------------------------------------ */

/* A floating local date-time (the TZID parameter beside it names the zone). */
static struct icaltimetype local_time(int32_t day, int sec)
{
    struct icaltimetype t = icaltime_null_time();
    civil_split(day, &t.year, &t.month, &t.day);
    t.hour = sec / 3600;
    t.minute = sec / 60 % 60;
    t.second = sec % 60;
    t.is_date = 0;
    return t;
}

static struct icaltimetype utc_time(int64_t t)
{
    return icaltime_from_timet_with_zone((time_t)t, 0, icaltimezone_get_utc_timezone());
}

/* Adds prop to comp with a TZID parameter naming the zone. */
static void add_zoned(icalcomponent *comp, icalproperty *prop, const char *tzid)
{
    icalproperty_add_parameter(prop, icalparameter_new_tzid(tzid));
    icalcomponent_add_property(comp, prop);
}

/* Text for a TEXT value, malloc'd: CRLF and lone CR become LF (libical writes "\n" for it),
 * any other control byte a space, so no value can end a line of the feed. NULL: no memory. */
static char *clean_text(const char *s)
{
    size_t n = strlen(s);
    char *out = malloc(n + 1), *o = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\r') {
            *o++ = '\n';
            if (s[i + 1] == '\n')
                i++;
        } else if ((c < 0x20 && c != '\n') || c == 0x7f) {
            *o++ = ' ';
        } else {
            *o++ = (char)c;
        }
    }
    *o = '\0';
    return out;
}

/* Adds a TEXT property made by make() from s, cleaned; s NULL or "" adds nothing. 0, or -1. */
static int add_text(icalcomponent *comp, icalproperty *(*make)(const char *), const char *s)
{
    if (!s || !*s)
        return 0;
    char *t = clean_text(s);
    if (!t)
        return -1;
    icalcomponent_add_property(comp, make(t));
    free(t);
    return 0;
}

/* An identifier or URI written as it is: printable ASCII without spaces, 1..max bytes. */
static int token_ok(const char *s, size_t max)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > max)
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7f)
            return 0;
    return 1;
}

static int event_ok(const struct ics_event *e)
{
    if (!token_ok(e->uid, UID_MAX) || (e->url && *e->url && !token_ok(e->url, 2048)) ||
        e->sequence < 0)
        return 0;
    const struct recur_series *s = &e->series;
    if (s->rrule)
        return recur_series_check(s, NULL, NULL) == 0;
    /* A one-off event: a day peerdesk takes (civil.h), a time of day, a length. */
    return s->start_day >= 0 && s->start_day <= civil_days(2200, 12, 31) && s->start_sec >= 0 &&
           s->start_sec <= 86399 && s->minutes >= 1 && s->minutes <= RECUR_MINUTES_MAX &&
           s->ncancelled == 0 && s->nmoved == 0;
}

/* ---- the VTIMEZONE --------------------------------------------------------------------- */

static int same_type(const struct tz_local *a, const struct tz_local *b)
{
    return a->utoff == b->utoff && a->is_dst == b->is_dst && strcmp(a->abbr, b->abbr) == 0;
}

/* The first instant in (t, end] at which zone z's offset, DST flag or abbreviation differs
 * from those at t, into *at with its local time *l: 1, or 0 when none does. */
static int next_change(const struct tz *z, int64_t t, int64_t end, int64_t *at, struct tz_local *l)
{
    struct tz_local cur, next;
    tz_local_of(z, t, &cur);
    for (; t < end; t += STEP_SECONDS) {
        tz_local_of(z, t + STEP_SECONDS, &next);
        if (same_type(&cur, &next))
            continue;
        int64_t lo = t, hi = t + STEP_SECONDS; /* the change is in (lo, hi] */
        while (hi - lo > 1) {
            int64_t mid = lo + (hi - lo) / 2;
            struct tz_local m;
            tz_local_of(z, mid, &m);
            if (same_type(&cur, &m))
                lo = mid;
            else
                hi = mid;
        }
        *at = hi;
        tz_local_of(z, hi, l);
        return 1;
    }
    return 0;
}

/* 1 when VTIMEZONE c gives zone z's offset at `from` and on both sides of each of z's offset
 * changes for ICS_CHECK_YEARS after it, else 0. libical 3.0 writes some zones wrong past
 * 2038 (Pacific/Chatham's first observance after 2^31 seconds changes nothing), so its
 * component is used only when it says what our reader says. */
static int vtimezone_agrees(icalcomponent *c, const struct tz *z, int64_t from)
{
    icaltimezone *zone = icaltimezone_new();
    icalcomponent *copy = icalcomponent_new_clone(c);
    if (!zone || !copy || !icaltimezone_set_component(zone, copy)) {
        icalcomponent_free(copy);
        icaltimezone_free(zone, 1);
        return 0;
    }
    int ok = 1;
    int64_t end = from + (int64_t)ICS_CHECK_YEARS * 366 * 86400, t = from, at;
    struct tz_local l, before;
    tz_local_of(z, from, &l);
    for (int first = 1; ok; first = 0) {
        struct icaltimetype u = utc_time(t);
        ok = icaltimezone_get_utc_offset_of_utc_time(zone, &u, NULL) == l.utoff;
        if (ok && !first) { /* the second before the change still has the old offset */
            tz_local_of(z, t - 1, &before);
            u = utc_time(t - 1);
            ok = icaltimezone_get_utc_offset_of_utc_time(zone, &u, NULL) == before.utoff;
        }
        if (!next_change(z, t, end, &at, &l))
            break;
        t = at;
    }
    icaltimezone_free(zone, 1);
    return ok;
}

/* libical's VTIMEZONE of zone z (read from the system zone files), from instant `from` on,
 * with TZID the plain IANA name; NULL when libical has none or it disagrees with z. The
 * caller frees it. */
static icalcomponent *libical_vtimezone(const struct tz *z, int64_t from)
{
    static int dir_set;
    const char *name = tz_name(z);
    pthread_mutex_lock(&zone_lock);
    if (!dir_set) {
        /* The zone files tz.h reads: libical looks in /usr/share/zoneinfo and never at TZDIR. */
        const char *dir = getenv("TZDIR");
        if (dir && *dir)
            set_zone_directory(dir);
        dir_set = 1;
    }
    icaltimezone *zone = icaltimezone_get_builtin_timezone(name);
    icalcomponent *c = NULL;
    /* libical answers "UTC" with its built-in UTC zone, which has no component */
    if (zone && zone != icaltimezone_get_utc_timezone() && icaltimezone_get_component(zone))
        c = icalcomponent_new_clone(icaltimezone_get_component(zone));
    icalerror_clear_errno();
    pthread_mutex_unlock(&zone_lock);
    if (!c)
        return NULL;
    icaltimezone_truncate_vtimezone(c, utc_time(from), icaltime_null_time(), 0);
    /* libical names its zones "/freeassociation.sourceforge.net/America/New_York"; the feed
     * names the zone as the organization's setting does, which every calendar program knows. */
    icalproperty *id = icalcomponent_get_first_property(c, ICAL_TZID_PROPERTY);
    if (id)
        icalproperty_set_tzid(id, name);
    else
        icalcomponent_add_property(c, icalproperty_new_tzid(name));
    for (icalproperty *p = icalcomponent_get_first_property(c, ICAL_X_PROPERTY); p;) {
        icalproperty *next = icalcomponent_get_next_property(c, ICAL_X_PROPERTY);
        const char *xn = icalproperty_get_x_name(p);
        if (xn && strcmp(xn, "X-LIC-LOCATION") == 0) {
            icalcomponent_remove_property(c, p);
            icalproperty_free(p);
        }
        p = next;
    }
    if (!vtimezone_agrees(c, z, from)) {
        icalcomponent_free(c);
        c = NULL;
    }
    icalerror_clear_errno();
    return c;
}

/* One observance: from instant t the zone is at l's offset (was from_off), named l->abbr. Its
 * DTSTART is the local time of the change in the old offset (RFC 5545 3.6.5). */
static void add_observance(icalcomponent *vtz, int64_t t, int32_t from_off,
                           const struct tz_local *l)
{
    icalcomponent *o =
        icalcomponent_new(l->is_dst ? ICAL_XDAYLIGHT_COMPONENT : ICAL_XSTANDARD_COMPONENT);
    int64_t local = t + from_off;
    int64_t days = local / 86400 - (local % 86400 < 0); /* floor: before 1970 too */
    /* Unix day 0 is civil day 25567 (1970-01-01). */
    icalcomponent_add_property(o, icalproperty_new_dtstart(local_time(
                                      (int32_t)(days + 25567), (int)(local - days * 86400))));
    icalcomponent_add_property(o, icalproperty_new_tzoffsetfrom(from_off));
    icalcomponent_add_property(o, icalproperty_new_tzoffsetto(l->utoff));
    icalcomponent_add_property(o, icalproperty_new_tzname(l->abbr));
    icalcomponent_add_component(vtz, o);
}

/* Our own VTIMEZONE of zone z: the offset at `from`, then each change for ICS_OWN_TZ_YEARS. */
static icalcomponent *own_vtimezone(const struct tz *z, int64_t from)
{
    icalcomponent *vtz = icalcomponent_new_vtimezone();
    if (!vtz)
        return NULL;
    icalcomponent_add_property(vtz, icalproperty_new_tzid(tz_name(z)));
    struct tz_local cur, next;
    tz_local_of(z, from, &cur);
    add_observance(vtz, from, cur.utoff, &cur);
    int64_t end = from + (int64_t)ICS_OWN_TZ_YEARS * 366 * 86400, t = from;
    while (next_change(z, t, end, &t, &next)) {
        add_observance(vtz, t, cur.utoff, &next);
        cur = next;
    }
    return vtz;
}

static icalcomponent *make_vtimezone(const struct tz *z, int64_t from, int own)
{
    icalcomponent *c = own ? NULL : libical_vtimezone(z, from);
    return c ? c : own_vtimezone(z, from);
}

/* Appends comp's text to b and frees comp. */
static enum ics_err put_component(buf *b, icalcomponent *comp)
{
    char *text = icalcomponent_as_ical_string_r(comp);
    icalcomponent_free(comp);
    if (!text)
        return ICS_NOMEM;
    buf_puts(b, text);
    free(text);
    return ICS_OK;
}

enum ics_err ics_vtimezone(buf *b, const struct tz *z, int64_t from, int own)
{
    icalcomponent *c = make_vtimezone(z, from, own);
    return c ? put_component(b, c) : ICS_NO_ZONE;
}

/* ---- the events ------------------------------------------------------------------------ */

/* The properties every VEVENT of event e carries (a moved session's too). */
static int add_common(icalcomponent *ev, const struct ics_event *e, int64_t stamp)
{
    icalcomponent_add_property(ev, icalproperty_new_uid(e->uid));
    icalcomponent_add_property(ev, icalproperty_new_dtstamp(utc_time(stamp)));
    if (e->sequence > 0)
        icalcomponent_add_property(ev, icalproperty_new_sequence(e->sequence));
    const char *where = e->location && *e->location ? e->location : e->url;
    if (add_text(ev, icalproperty_new_summary, e->summary) != 0 ||
        add_text(ev, icalproperty_new_location, where) != 0 ||
        add_text(ev, icalproperty_new_description, e->description) != 0)
        return -1;
    if (e->url && *e->url)
        icalcomponent_add_property(ev, icalproperty_new_url(e->url));
    return 0;
}

static void add_duration(icalcomponent *ev, int minutes)
{
    icalcomponent_add_property(ev,
                               icalproperty_new_duration(icaldurationtype_from_int(minutes * 60)));
}

/* The VEVENTs of event e (checked) into cal: the series, then one per moved session. */
static enum ics_err add_event(icalcomponent *cal, const struct ics_calendar *c,
                              const struct ics_event *e)
{
    const char *tzid = tz_name(c->zone);
    const struct recur_series *s = &e->series;
    icalcomponent *ev = icalcomponent_new_vevent();
    if (!ev || add_common(ev, e, c->stamp) != 0) {
        icalcomponent_free(ev);
        return ICS_NOMEM;
    }
    add_zoned(ev, icalproperty_new_dtstart(local_time(s->start_day, s->start_sec)), tzid);
    add_duration(ev, s->minutes);
    if (s->rrule) {
        char rule[RECUR_RRULE_MAX + 64];
        if (recur_feed_rule(c->zone, s, rule, sizeof rule) != 0) {
            icalcomponent_free(ev);
            return ICS_BAD_EVENT;
        }
        struct icalrecurrencetype r = icalrecurrencetype_from_string(rule);
        icalerror_clear_errno();
        icalcomponent_add_property(ev, icalproperty_new_rrule(r));
        for (size_t i = 0; i < s->ncancelled; i++)
            add_zoned(ev, icalproperty_new_exdate(local_time(s->cancelled[i], s->start_sec)), tzid);
    }
    icalcomponent_add_component(cal, ev);
    for (size_t i = 0; s->rrule && i < s->nmoved; i++) {
        const struct recur_move *m = &s->moved[i];
        icalcomponent *mv = icalcomponent_new_vevent();
        if (!mv || add_common(mv, e, c->stamp) != 0) {
            icalcomponent_free(mv);
            return ICS_NOMEM;
        }
        add_zoned(mv, icalproperty_new_recurrenceid(local_time(m->orig_day, s->start_sec)), tzid);
        add_zoned(mv, icalproperty_new_dtstart(local_time(m->new_day, m->new_sec)), tzid);
        add_duration(mv, m->minutes > 0 ? m->minutes : s->minutes);
        icalcomponent_add_component(cal, mv);
    }
    return ICS_OK;
}

enum ics_err ics_write(buf *b, const struct ics_calendar *c, size_t *bad)
{
    int32_t first = -1; /* the earliest local day of any session */
    for (size_t i = 0; i < c->nevents; i++) {
        const struct ics_event *e = &c->events[i];
        if (!event_ok(e)) {
            if (bad)
                *bad = i;
            return ICS_BAD_EVENT;
        }
        if (first < 0 || e->series.start_day < first)
            first = e->series.start_day;
        for (size_t k = 0; e->series.rrule && k < e->series.nmoved; k++)
            if (e->series.moved[k].new_day < first)
                first = e->series.moved[k].new_day;
    }
    icalcomponent *cal = icalcomponent_new_vcalendar();
    if (!cal)
        return ICS_NOMEM;
    icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
    icalcomponent_add_property(cal, icalproperty_new_prodid(PRODID));
    icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
    if (c->name && *c->name) {
        char *name = clean_text(c->name);
        if (!name) {
            icalcomponent_free(cal);
            return ICS_NOMEM;
        }
        icalcomponent_add_property(cal, icalproperty_new_name(name));
        /* The name most calendar programs read; a TEXT value, so libical escapes it. */
        icalproperty *x = icalproperty_new(ICAL_X_PROPERTY);
        icalproperty_set_x_name(x, "X-WR-CALNAME");
        icalproperty_set_value(x, icalvalue_new_text(name));
        icalcomponent_add_property(cal, x);
        free(name);
    }
    if (first >= 0) {
        /* From the day before the first session, so its own offset is in the component. */
        icalcomponent *vtz = make_vtimezone(c->zone, tz_utc_of(c->zone, first, 0) - 86400, 0);
        if (!vtz) {
            icalcomponent_free(cal);
            return ICS_NO_ZONE;
        }
        icalcomponent_add_component(cal, vtz);
    }
    for (size_t i = 0; i < c->nevents; i++) {
        enum ics_err e = add_event(cal, c, &c->events[i]);
        if (e != ICS_OK) {
            if (bad)
                *bad = i;
            icalcomponent_free(cal);
            return e;
        }
    }
    return put_component(b, cal);
}
