/* ics.h - iCalendar feeds (RFC 5545) of group schedules (GR-1): one VCALENDAR holding a VEVENT
 * per series (a group's schedule, or a one-off event), for a group's feed or a facilitator's
 * feed of several groups.
 *
 * Every time is local to the organization's zone: DTSTART;TZID=<zone> with the zone's
 * VTIMEZONE, so a calendar program keeps a weekly 18:00 at 18:00 across daylight saving, as
 * recur_expand does. A series writes its RRULE (UNTIL in UTC, recur_feed_rule), an
 * EXDATE;TZID per cancelled session, and per moved session a VEVENT of its own with the same
 * UID and RECURRENCE-ID;TZID=<its original local start>. Each VEVENT has a DURATION.
 *
 * libical builds the components and writes the text: TEXT values escaped (backslash, ';',
 * ',' and line breaks), lines folded at 75 octets, CRLF line ends. The VTIMEZONE is libical's
 * from the system zone files (the ones tz.h reads), cut to the years from the feed's first
 * session on, and used only when it gives the offsets our zone reader gives for 30 years from
 * there; for a zone libical has no component for (plain "UTC") or gets wrong (libical 3.0 on
 * Pacific/Chatham after 2038), it is made from our own zone reader's offset changes instead.
 *
 * Pure apart from reading the zone files once per zone (libical keeps them for the process);
 * thread-safe: libical's zone table is used under a lock of this module. */
#ifndef PD_ICS_H
#define PD_ICS_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "recur.h"

struct tz;

/* One series of a feed. Nothing here is owned; strings are UTF-8. */
struct ics_event {
    const char *uid;         /* stable, unique across feeds: "group-12@demo.peerdesk" */
    const char *summary;     /* the group's name */
    const char *location;    /* the place, or NULL; with none, the video link is the location */
    const char *url;         /* the video link (http or https), or NULL */
    const char *description; /* or NULL */
    int sequence;            /* the revision (RFC 5545 SEQUENCE), 0 for the first */
    /* The sessions. rrule NULL: a one-off event on start_day at start_sec, no exceptions. */
    struct recur_series series;
};

struct ics_calendar {
    const struct tz *zone; /* the organization's zone: every local time is in it */
    int64_t stamp;         /* DTSTAMP of every VEVENT: when the feed is made (Unix seconds) */
    const char *name;      /* the calendar's name (NAME, X-WR-CALNAME), or NULL */
    const struct ics_event *events;
    size_t nevents;
};

enum ics_err {
    ICS_OK = 0,
    ICS_BAD_EVENT, /* an event is refused (its series by recur_series_check, an empty or odd
                    * UID, a URL with spaces or control bytes): *bad is its index */
    ICS_NO_ZONE,   /* no VTIMEZONE could be made for the zone */
    ICS_NOMEM,
};

/* Appends the VCALENDAR of cal to b (nothing is appended on an error). *bad (may be NULL) is
 * set to the index of the refused event on ICS_BAD_EVENT. Control bytes in text values
 * (other than line breaks, which are kept) become spaces. */
enum ics_err ics_write(buf *b, const struct ics_calendar *cal, size_t *bad);

/* The VTIMEZONE of zone z covering instants from `from` (Unix seconds) on, appended to b as
 * text. own = 0: libical's (our zone reader's when libical has none or disagrees); own = 1:
 * always made from our zone reader's offset changes, one observance each, from `from` to
 * ICS_OWN_TZ_YEARS later (the last offset holds after: about 60 observances for a zone with
 * daylight saving, 6 KB). For ics_write and the tests that hold the two against each other. */
#define ICS_OWN_TZ_YEARS 30
enum ics_err ics_vtimezone(buf *b, const struct tz *z, int64_t from, int own);

#endif
