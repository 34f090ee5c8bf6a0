/* cmd_recur.c - `peerdesk recur`: a group schedule (GR-1) expanded into its sessions, said in
 * words, or written as an iCalendar feed, from the command line (no database). For people
 * trying a rule, and for tests/ical, which holds the feed read by a real parser against the
 * expansion printed here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "civil.h"
#include "cli.h"
#include "ics.h"
#include "msg.h"
#include "recur.h"
#include "tz.h"

/* Each value of a repeated option "--name VALUE" / "--name=VALUE", in order, into out (at
 * most max); returns how many there were (more than max means too many). */
static size_t opt_all(int argc, char **argv, const char *name, const char **out, size_t max)
{
    size_t n = strlen(name), k = 0;
    for (int i = 1; i < argc; i++) {
        const char *v = NULL;
        if (strncmp(argv[i], name, n) != 0)
            continue;
        if (argv[i][n] == '=')
            v = argv[i] + n + 1;
        else if (argv[i][n] == '\0' && i + 1 < argc)
            v = argv[++i];
        if (!v)
            continue;
        if (k < max)
            out[k] = v;
        k++;
    }
    return k;
}

/* "HH:MM" (00:00 .. 23:59) -> seconds since midnight, or -1. */
static int parse_hhmm(const char *s)
{
    int h, m, used = 0;
    if (!s || sscanf(s, "%2d:%2d%n", &h, &m, &used) != 2 || s[used] != '\0' || strlen(s) != 5 ||
        h < 0 || h > 23 || m < 0 || m > 59)
        return -1;
    return h * 3600 + m * 60;
}

/* "YYYY-MM-DD=YYYY-MM-DDTHH:MM[/MINUTES]" -> a move; 0, or -1 when it is not one. */
static int parse_move(const char *s, struct recur_move *m)
{
    char orig[11], day[11], hm[6];
    int used = 0;
    m->minutes = 0;
    if (strlen(s) < 27 || s[10] != '=' || s[21] != 'T')
        return -1;
    memcpy(orig, s, 10);
    orig[10] = '\0';
    memcpy(day, s + 11, 10);
    day[10] = '\0';
    memcpy(hm, s + 22, 5);
    hm[5] = '\0';
    if (s[27] == '/' &&
        (sscanf(s + 28, "%d%n", &m->minutes, &used) != 1 || s[28 + used] != '\0' || m->minutes < 1))
        return -1;
    if (s[27] != '\0' && s[27] != '/')
        return -1;
    m->orig_day = civil_parse(orig);
    m->new_day = civil_parse(day);
    m->new_sec = parse_hhmm(hm);
    return m->orig_day < 0 || m->new_day < 0 || m->new_sec < 0 ? -1 : 0;
}

/* ISO 8601 of instant t: in UTC with 'Z', or in zone z with its offset ("-05:00"). */
static void iso_utc(int64_t t, char out[24])
{
    struct tz_local l;
    tz_local_of(tz_utc(), t, &l);
    char d[11];
    civil_format(l.day, d);
    snprintf(out, 24, "%sT%02d:%02d:%02dZ", d, l.hour, l.minute, l.second);
}
static void iso_local(const struct tz *z, int64_t t, char out[32])
{
    struct tz_local l;
    tz_local_of(z, t, &l);
    char d[11];
    civil_format(l.day, d);
    int off = l.utoff < 0 ? -l.utoff : l.utoff;
    snprintf(out, 32, "%sT%02d:%02d:%02d%c%02d:%02d", d, l.hour, l.minute, l.second,
             l.utoff < 0 ? '-' : '+', off / 3600, off / 60 % 60);
}

static int usage_error(const char *what)
{
    fprintf(stderr, "peerdesk recur: %s (peerdesk recur --help)\n", what);
    return 2;
}

/* peerdesk recur --tz ZONE --start DAY --time HH:MM --rrule RULE [...]: see main.c's help.
 * Exit 0 done, 1 the schedule is refused (the catalog's English message says why), 2 usage. */
int cmd_recur(db *d, int argc, char **argv)
{
    (void)d;
    const char *zone = opt(argc, argv, "--tz"), *start = opt(argc, argv, "--start"),
               *time_s = opt(argc, argv, "--time"), *rrule = opt(argc, argv, "--rrule"),
               *mins = opt(argc, argv, "--minutes"), *from_s = opt(argc, argv, "--from"),
               *to_s = opt(argc, argv, "--to"), *stamp_s = opt(argc, argv, "--stamp"),
               *lang = opt(argc, argv, "--lang");
    int ics = flag(argc, argv, "--ics"), describe = flag(argc, argv, "--describe");
    if (!rrule)
        return usage_error("--rrule is required");
    if (describe) { /* the words alone: no zone or day needed */
        int sec = time_s ? parse_hhmm(time_s) : -1;
        if (time_s && sec < 0)
            return usage_error("--time is HH:MM");
        arena *a = arena_new();
        const char *text = recur_describe(a, lang, rrule, sec);
        const char *msgid = NULL;
        if (!text) {
            recur_check(rrule, &msgid);
            fprintf(stderr, "peerdesk recur: %s\n", msg(lang, msgid));
        } else {
            puts(text);
        }
        arena_free(a);
        return text ? 0 : 1;
    }
    if (!zone || !start || !time_s)
        return usage_error("--tz, --start, --time and --rrule are required");
    enum tz_err ze;
    const struct tz *z = tz_get(zone, &ze);
    if (!z) {
        fprintf(stderr, "peerdesk recur: %s %s\n", zone, tz_err_text(ze));
        return 2;
    }
    struct recur_series s = {.rrule = rrule,
                             .start_day = civil_parse(start),
                             .start_sec = parse_hhmm(time_s),
                             .minutes = 60};
    if (s.start_day < 0)
        return usage_error("--start is YYYY-MM-DD");
    if (s.start_sec < 0)
        return usage_error("--time is HH:MM");
    if (mins) {
        char *end;
        long v = strtol(mins, &end, 10);
        if (*end || v < 1 || v > RECUR_MINUTES_MAX)
            return usage_error("--minutes is 1 to 720");
        s.minutes = (int)v;
    }
    const char *vals[RECUR_EXCEPTIONS_MAX];
    int32_t cancelled[RECUR_EXCEPTIONS_MAX];
    struct recur_move moved[RECUR_EXCEPTIONS_MAX];
    s.ncancelled = opt_all(argc, argv, "--cancel", vals, RECUR_EXCEPTIONS_MAX);
    if (s.ncancelled > RECUR_EXCEPTIONS_MAX)
        return usage_error("too many --cancel");
    for (size_t i = 0; i < s.ncancelled; i++)
        if ((cancelled[i] = civil_parse(vals[i])) < 0)
            return usage_error("--cancel is YYYY-MM-DD");
    s.cancelled = cancelled;
    s.nmoved = opt_all(argc, argv, "--move", vals, RECUR_EXCEPTIONS_MAX);
    if (s.nmoved > RECUR_EXCEPTIONS_MAX)
        return usage_error("too many --move");
    for (size_t i = 0; i < s.nmoved; i++)
        if (parse_move(vals[i], &moved[i]) != 0)
            return usage_error("--move is YYYY-MM-DD=YYYY-MM-DDTHH:MM[/MINUTES]");
    s.moved = moved;

    const char *msgid = NULL, *field = NULL;
    if (recur_series_check(&s, &msgid, &field) != 0) {
        fprintf(stderr, "peerdesk recur: %s: %s\n", field, msg(lang, msgid));
        return 1;
    }

    if (ics) {
        int64_t stamp = stamp_s ? strtoll(stamp_s, NULL, 10) : (int64_t)time(NULL);
        struct ics_event e = {
            .uid = opt(argc, argv, "--uid") ? opt(argc, argv, "--uid") : "recur@peerdesk",
            .summary = opt(argc, argv, "--summary") ? opt(argc, argv, "--summary") : "Group",
            .location = opt(argc, argv, "--location"),
            .url = opt(argc, argv, "--url"),
            .description = opt(argc, argv, "--description"),
            .series = s};
        struct ics_calendar cal = {.zone = z,
                                   .stamp = stamp,
                                   .events = &e,
                                   .nevents = 1,
                                   .name = opt(argc, argv, "--name")};
        buf b;
        buf_init(&b);
        enum ics_err err = ics_write(&b, &cal, NULL);
        if (err != ICS_OK) {
            fprintf(stderr, "peerdesk recur: the feed cannot be written (%s)\n",
                    err == ICS_BAD_EVENT ? "--uid or --url is not a plain token"
                    : err == ICS_NO_ZONE ? "no VTIMEZONE for the zone"
                                         : "out of memory");
            buf_free(&b);
            return 1;
        }
        fwrite(b.data, 1, b.len, stdout);
        buf_free(&b);
        return 0;
    }

    int32_t from = from_s ? civil_parse(from_s) : -1, to = to_s ? civil_parse(to_s) : -1;
    if (from < 0 || to < 0)
        return usage_error("--from and --to (YYYY-MM-DD) are required without --ics");
    struct recur_occ *occ = malloc(RECUR_OCC_MAX * sizeof *occ);
    if (!occ)
        return 1;
    size_t n = 0;
    enum recur_err rc = recur_expand(z, &s, from, to, occ, RECUR_OCC_MAX, &n);
    if (rc == RECUR_BAD_SPAN) {
        free(occ);
        return usage_error("--to is before --from, or more than 1100 days after it");
    }
    for (size_t i = 0; i < n; i++) {
        char u[24], l[32], e[24];
        iso_utc(occ[i].start_utc, u);
        iso_local(z, occ[i].start_utc, l);
        iso_utc(occ[i].end_utc, e);
        printf("%s %s %s%s\n", u, l, e, occ[i].flags & RECUR_MOVED ? " moved" : "");
    }
    free(occ);
    if (rc == RECUR_TRUNCATED)
        fprintf(stderr, "peerdesk recur: only the first %d sessions are shown\n", RECUR_OCC_MAX);
    return rc == RECUR_OK || rc == RECUR_TRUNCATED ? 0 : 1;
}
