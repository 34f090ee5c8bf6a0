/* recur.h - the schedule of a recurring group (GR-1): an RFC 5545 recurrence rule (RRULE) with
 * its exceptions, expanded into sessions in the organization's time zone.
 *
 * A series is kept in local civil time: the first session's local day and start time and a
 * rule such as "FREQ=WEEKLY;BYDAY=TU". libical's iterator (icalrecur_iterator) expands the rule
 * over FLOATING local date-times, so a group that meets at 18:00 stays at 18:00 on the wall
 * clock across daylight-saving changes; each session is then placed in UTC with our own zone
 * reader (tz_utc_of, tz.h), so its instant agrees with every other date the application shows.
 * A cancelled session is named by its original local day; a moved one by its original local
 * day, with its new day, start time and (optionally) length.
 *
 * Only the rules a person can choose on the group form are taken (recur_check): daily, weekly
 * on some days of the week, monthly on the nth weekday or on a day of the month, every 1 to 12
 * periods, with an optional COUNT or UNTIL. Anything else is refused with a catalog message id
 * (messages/en.txt "recur.err.*"), so every accepted rule can also be said in words
 * (recur_describe) and reads the same in every calendar program.
 *
 * Pure: no I/O besides the loaded zone it is given and the catalog (msg.h) once loaded. Every
 * function is thread-safe (libical's recurrence code keeps its error state per thread). */
#ifndef PD_RECUR_H
#define PD_RECUR_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"

struct tz;

/* The longest rule text taken. The longest a form builds ("FREQ=WEEKLY;INTERVAL=12;BYDAY=SU,
 * MO,TU,WE,TH,FR,SA;UNTIL=20271231") is 62 bytes; room to spare for hand-written ones. */
#define RECUR_RRULE_MAX 200
/* "Every 12 weeks" is the sparsest a group meets and stays a group; a rarer one is an event. */
#define RECUR_INTERVAL_MAX 12
/* A COUNT beyond this is no longer a course of sessions; it is an open series (no COUNT). */
#define RECUR_COUNT_MAX 1000
/* One expansion answers at most this many sessions: a daily group over the widest span. */
#define RECUR_OCC_MAX 1000
/* The widest window one expansion covers, in days: about three years, enough for any feed or
 * page (a calendar feed looks one year around today). */
#define RECUR_SPAN_MAX 1100
/* A session lasts at most 12 hours: a marathon meeting or a retreat day, never more. */
#define RECUR_MINUTES_MAX 720
/* A moved session stays within 92 days (a quarter) of its original date, so an expansion only
 * needs to look that far outside its window for sessions moved into it. */
#define RECUR_MOVE_MAX_DAYS 92
/* Exceptions one series may carry (cancelled and moved together): a weekly group's ten years. */
#define RECUR_EXCEPTIONS_MAX 520

/* A moved session. */
struct recur_move {
    int32_t orig_day; /* the local day it was to be held (civil.h day number) */
    int32_t new_day;  /* the local day it is held instead */
    int new_sec;      /* its local start, seconds since midnight (0..86399) */
    int minutes;      /* its length; 0: the series' length */
};

/* A series of sessions. Nothing here is owned: the caller keeps the rule and the arrays alive
 * while a function reads them. */
struct recur_series {
    const char *rrule;        /* RFC 5545 RRULE value, e.g. "FREQ=MONTHLY;BYDAY=2TU" */
    int32_t start_day;        /* the first session's local day (DTSTART), one of the rule's days */
    int start_sec;            /* local start, seconds since midnight (0..86399) */
    int minutes;              /* length of a session, 1..RECUR_MINUTES_MAX */
    const int32_t *cancelled; /* original local days of cancelled sessions */
    size_t ncancelled;
    const struct recur_move *moved;
    size_t nmoved;
};

/* One session of an expansion. */
enum { RECUR_MOVED = 1 }; /* recur_occ.flags: held on another day or at another time */
struct recur_occ {
    int32_t orig_day;  /* the local day the rule gives it (its RECURRENCE-ID) */
    int32_t day;       /* the local day it is held */
    int sec;           /* its local start, seconds since midnight */
    int64_t start_utc; /* its start and end, Unix seconds */
    int64_t end_utc;
    int flags; /* RECUR_MOVED */
};

enum recur_err {
    RECUR_OK = 0,
    RECUR_BAD_SERIES, /* recur_series_check refuses the series */
    RECUR_BAD_SPAN,   /* to_day before from_day, or wider than RECUR_SPAN_MAX days */
    RECUR_TRUNCATED,  /* more sessions than max: the first max were written */
    RECUR_NOMEM,
};

/* Checks an RRULE value a person gave. Returns 0, or -1 with *msgid (may be NULL) set to the
 * catalog id saying why ("recur.err.freq", ...). Names are case-insensitive, as RFC 5545 says.
 * Taken: FREQ=DAILY|WEEKLY|MONTHLY; INTERVAL 1..RECUR_INTERVAL_MAX; COUNT 1..RECUR_COUNT_MAX
 * or UNTIL (a date, or a date-time floating or in UTC), not both; WKST. WEEKLY needs BYDAY
 * with plain weekdays (TU, not 2TU); MONTHLY needs one BYDAY with a position 1..4 or -1 (the
 * last) or one BYMONTHDAY (1..31, or -1 the last); DAILY takes neither. */
int recur_check(const char *rrule, const char **msgid);

/* Checks a whole series: its rule (recur_check), the first session's day and time, that the
 * first day is one of the rule's days (RFC 5545 leaves a DTSTART off the rule undefined, and
 * calendar programs differ on it), the length, and each exception: a real session of the
 * rule, named once, moved at most RECUR_MOVE_MAX_DAYS. Returns 0, or -1 with *msgid set and
 * *field (may be NULL) naming the part at fault: "rrule", "start_day", "start_time",
 * "minutes", "cancelled" or "moved". */
int recur_series_check(const struct recur_series *s, const char **msgid, const char **field);

/* Expands series s (which recur_series_check must accept) over the local days from_day ..
 * to_day inclusive in zone z: the sessions held on those days (a session moved into the
 * window counts, one moved out of it does not; cancelled ones are left out), ordered by start.
 * Writes at most max (and at most RECUR_OCC_MAX) into out, their number into *n. Returns
 * RECUR_OK, RECUR_TRUNCATED (out holds the first max), or another error with *n = 0. */
enum recur_err recur_expand(const struct tz *z, const struct recur_series *s, int32_t from_day,
                            int32_t to_day, struct recur_occ *out, size_t max, size_t *n);

/* 1 when local day is a day the rule (not its exceptions) gives series s, 0 when not, -1
 * when the rule is refused. For a form that cancels or moves a session. */
int recur_is_occurrence(const struct recur_series *s, int32_t day);

/* The choices of the schedule form. */
enum recur_kind {
    RECUR_FORM_WEEKLY,      /* on the weekdays of `weekdays`, every `interval` weeks */
    RECUR_FORM_MONTHLY_NTH, /* on the `nth` `weekday` of the month, every `interval` months */
};
struct recur_form {
    enum recur_kind kind;
    unsigned weekdays; /* weekly: bit d for weekday d (0 Sunday .. 6 Saturday) */
    int interval;      /* 1: every week or month; 2: every other; up to RECUR_INTERVAL_MAX */
    int nth;           /* monthly: 1..4, or -1 for the last */
    int weekday;       /* monthly: 0 Sunday .. 6 Saturday */
    int32_t until_day; /* the last local day a session may fall on; -1: no end */
    int count;         /* number of sessions, 0: no limit (not with until_day) */
};

/* The RRULE for form f ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", "FREQ=MONTHLY;BYDAY=-1FR",
 * "FREQ=WEEKLY;BYDAY=TU;UNTIL=20271231") into out (outlen bytes; RECUR_RRULE_MAX + 1 is
 * always enough). Returns 0, or -1 with *msgid saying which choice is wrong. */
int recur_build(const struct recur_form *f, char *out, size_t outlen, const char **msgid);

/* The form's choices for rule rrule, to show a schedule for editing: 0 with *f filled, or -1
 * when the rule is refused or is not one the form builds (daily, or a day of the month, which
 * recur_check takes from hand-written or imported rules). A local date-time UNTIL is shown
 * as its day. recur_build(recur_form_of(rule)) gives the rule back, parts in its own order. */
int recur_form_of(const char *rrule, struct recur_form *f);

/* The weekday of local day `day`: 0 Sunday .. 6 Saturday. */
int recur_weekday(int32_t day);

/* Rule rrule said in words in lang (NULL: English), in arena a: "Every Tuesday at 6:00 pm",
 * "Every other Thursday", "The second Tuesday of each month", "Todos los martes a las
 * 6:00 p. m.". start_sec is the local start time said after it; -1 says none. A COUNT or
 * UNTIL is said too ("..., until 2027-12-31"). NULL when recur_check refuses the rule. */
char *recur_describe(arena *a, const char *lang, const char *rrule, int start_sec);

/* The rule of series s as a calendar feed writes it beside DTSTART;TZID (RFC 5545 section
 * 3.3.10: with a zoned DTSTART, UNTIL must be in UTC): libical's own text of the rule, its
 * UNTIL turned into the UTC instant of the last local moment it allows in zone z (a date
 * means the end of that local day). Into out (outlen bytes, RECUR_RRULE_MAX + 1 is enough).
 * Returns 0, or -1 when the rule is refused or out is too small. */
int recur_feed_rule(const struct tz *z, const struct recur_series *s, char *out, size_t outlen);

#endif
