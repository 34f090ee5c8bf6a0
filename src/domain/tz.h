/* tz.h - IANA time zones read from the system's compiled zone files, without touching the
 * process's TZ (the server is multi-threaded): UTC instants to local civil time and back, and
 * "today" in a zone. Every date and "today" is in the organization's zone (SPEC "Time,
 * language and people"); stored instants stay UTC.
 *
 * A zone is the file <dir>/<NAME> (dir: /usr/share/zoneinfo, or $TZDIR when set), TZif
 * version 2 or later (RFC 8536): its 64-bit transitions, then its POSIX TZ footer string for
 * instants after the last transition. A zone is loaded on first use and kept for the life of
 * the process; a loaded zone is read-only, so any number of threads may use it at once. */
#ifndef PD_TZ_H
#define PD_TZ_H

#include <stddef.h>
#include <stdint.h>

/* An IANA name is at most this long ("America/Argentina/ComodRivadavia" is 32). */
#define TZ_NAME_MAX 64
/* Room for an abbreviation ("EST", "+0530", "CHADT") and its NUL; longer ones are cut. */
#define TZ_ABBR_MAX 16

/* A loaded zone (opaque; owned by the cache, never freed by callers). */
struct tz;

enum tz_err {
    TZ_OK = 0,
    TZ_BAD_NAME,  /* not the shape of an IANA name: empty, too long, "..", absolute, odd bytes */
    TZ_NOT_FOUND, /* no such zone file */
    TZ_BAD_FILE,  /* the file is not a TZif v2+ zone this library reads (e.g. leap seconds) */
};

/* The local civil time of one instant in one zone. */
struct tz_local {
    int32_t day;     /* civil day number (civil.h) */
    int sec;         /* seconds since local midnight, 0..86399 */
    int hour, minute, second;
    int32_t utoff;   /* seconds east of UTC (-18000 for EST, +19800 for IST) */
    int is_dst;
    char abbr[TZ_ABBR_MAX]; /* "EST", "EDT", "IST", "+1245" */
};

/* Checks only the shape of an IANA name (no file is read): 1..TZ_NAME_MAX bytes of letters,
 * digits, '_', '-', '+', '.' in components separated by single '/'; no component may be empty
 * or begin with '.', so "../x", "/etc/passwd" and "a//b" are refused. Returns 1 or 0. */
int tz_name_ok(const char *name);

/* The zone NAME, loading and caching it on first use (thread-safe: concurrent first loads of
 * the same name load it once). *err (may be NULL) says why on NULL. The result is valid for
 * the life of the process. A name that is refused or not found is not cached. */
const struct tz *tz_get(const char *name, enum tz_err *err);

/* UTC, built in (no file needed): the last resort when no zone file loads. */
const struct tz *tz_utc(void);

/* A sentence for people about a tz_get() failure ("is not a time zone name", ...). */
const char *tz_err_text(enum tz_err err);

/* The zone's IANA name as it was asked for. */
const char *tz_name(const struct tz *z);

/* The local civil time in zone Z of the UTC instant T (Unix seconds). */
void tz_local_of(const struct tz *z, int64_t t, struct tz_local *out);

/* The UTC instant (Unix seconds) of local civil day DAY at SEC seconds after local midnight
 * (0..86399) in zone Z. Rules where the wall clock is not one-to-one:
 *  - a skipped local time (spring forward: 2026-03-08 02:30 in New York does not exist) is
 *    read with the offset in force before the gap, so it lands as far past the gap's end as it
 *    was past its start: 02:30 becomes 03:30 EDT (07:30Z). The clock is shifted forward.
 *  - a repeated local time (fall back: 2026-11-01 01:30 in New York happens twice) is the
 *    earlier of the two: 01:30 EDT (05:30Z), not 01:30 EST (06:30Z).
 * The rules assume at most one offset change within two days of the time, true of every zone. */
int64_t tz_utc_of(const struct tz *z, int32_t day, int sec);

/* The civil day in zone Z at instant T: tz_today(z, time(NULL)) is "today" there. */
int32_t tz_today(const struct tz *z, int64_t t);

/* "today" in the zone named NAME at instant T; a name that does not load (which validated
 * settings never hold) falls back to UTC (tz_utc), so a date is always answered. */
int32_t tz_today_in(const char *name, int64_t t);

/* Writes "YYYY-MM-DD HH:MM ABBR" for instant T in zone Z into out (at least 40 bytes). */
void tz_format(const struct tz *z, int64_t t, char *out, size_t outlen);

#endif
