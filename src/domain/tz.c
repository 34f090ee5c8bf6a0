/* tz.c - IANA time zones from TZif files (RFC 8536) and POSIX TZ rule strings, cached per name. */
#include "tz.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "civil.h"

/* Days from 1900-01-01 (civil day 0) to 1970-01-01 (Unix day 0). */
#define EPOCH_1900 25567
/* The largest zone file read: real ones are under 4 KB (fat New York is 3.5 KB). */
#define TZ_FILE_MAX (256 * 1024)
/* No real offset reaches a day (the widest are -12:00 and +14:00); anything past 25 hours is
 * a corrupt file. */
#define UTOFF_LIMIT (25 * 3600)
/* POSIX rule times may run to 167 hours (RFC 8536 section 3.3.1), e.g. "M3.2.0/-1" or "/25". */
#define RULE_HOURS_MAX 167

struct ttype {
    int32_t utoff;
    int is_dst;
    char abbr[TZ_ABBR_MAX];
};

/* One POSIX transition date: Jn (1..365, no Feb 29), n (0..365, counting Feb 29) or Mm.w.d. */
struct rule {
    enum { R_JULIAN1, R_ZERO, R_MONTH } kind;
    int n, m, w, d;
    int32_t time; /* seconds after local midnight, in the time in force before the change */
};

/* A POSIX TZ string ("EST5EDT,M3.2.0,M11.1.0"): the zone after its last transition. */
struct posix {
    struct ttype std, dst;
    int has_dst;
    struct rule start, end; /* into DST (in standard time), out of DST (in DST) */
};

struct tz {
    char name[TZ_NAME_MAX + 1];
    int64_t *trans;  /* ntrans ascending instants */
    uint8_t *idx;    /* type index in force from trans[i] */
    size_t ntrans;
    struct ttype *types;
    size_t ntypes;
    int has_footer;
    struct posix footer;
    struct tz *next;
};

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct tz *cache; /* every zone loaded so far, never freed */

/* ---- calendar helpers ------------------------------------------------------------------ */

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Unix seconds of local midnight of civil DAY, as if the zone were UTC. */
static int64_t day_secs(int32_t day)
{
    return ((int64_t)day - EPOCH_1900) * 86400;
}

/* The civil day of rule R in year Y. */
static int32_t rule_day(const struct rule *r, int y)
{
    int32_t jan1 = civil_days(y, 1, 1);
    if (r->kind == R_JULIAN1)
        return jan1 + r->n - 1 + (is_leap(y) && r->n >= 60);
    if (r->kind == R_ZERO)
        return jan1 + r->n;
    int32_t first = civil_days(y, r->m, 1);
    int32_t next = r->m == 12 ? civil_days(y + 1, 1, 1) : civil_days(y, r->m + 1, 1);
    int wd_first = (int)((first + 1) % 7); /* 1900-01-01 was a Monday; 0 = Sunday */
    int32_t day = first + (r->d - wd_first + 7) % 7 + (r->w - 1) * 7;
    while (day >= next) /* week 5 means the last such weekday of the month */
        day -= 7;
    return day;
}

/* The instant of rule R in year Y, its time read with offset UTOFF (the one before it). */
static int64_t rule_instant(const struct rule *r, int y, int32_t utoff)
{
    return day_secs(rule_day(r, y)) + r->time - utoff;
}

static const struct ttype *posix_at(const struct posix *p, int64_t t)
{
    if (!p->has_dst)
        return &p->std;
    int y, m, d;
    civil_split((int32_t)(floor_div(t + p->std.utoff, 86400) + EPOCH_1900), &y, &m, &d);
    int64_t s = rule_instant(&p->start, y, p->std.utoff);
    int64_t e = rule_instant(&p->end, y, p->dst.utoff);
    int in_dst = s < e ? (t >= s && t < e) : !(t >= e && t < s); /* southern summers wrap */
    return in_dst ? &p->dst : &p->std;
}

/* The type in force at instant T. */
static const struct ttype *type_at(const struct tz *z, int64_t t)
{
    if (z->ntrans == 0 || t < z->trans[0]) {
        /* RFC 8536: before the first transition, type 0; with no transitions, the footer. */
        if (z->ntrans == 0 && z->has_footer)
            return posix_at(&z->footer, t);
        return &z->types[0];
    }
    if (t >= z->trans[z->ntrans - 1] && z->has_footer)
        return posix_at(&z->footer, t);
    size_t lo = 0, hi = z->ntrans; /* the last i with trans[i] <= t */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (z->trans[mid] <= t)
            lo = mid;
        else
            hi = mid;
    }
    return &z->types[z->idx[lo]];
}

/* ---- the POSIX TZ string --------------------------------------------------------------- */

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* An abbreviation: 3+ letters, or <...> of letters, digits, '+' and '-'. NULL if none. */
static const char *parse_abbr(const char *p, char out[TZ_ABBR_MAX])
{
    size_t n = 0;
    if (*p == '<') {
        p++;
        while (is_alpha(*p) || is_digit(*p) || *p == '+' || *p == '-') {
            if (n < TZ_ABBR_MAX - 1)
                out[n++] = *p;
            p++;
        }
        if (*p != '>' || n == 0)
            return NULL;
        p++;
    } else {
        while (is_alpha(*p)) {
            if (n < TZ_ABBR_MAX - 1)
                out[n++] = *p;
            p++;
        }
        if (n < 3)
            return NULL;
    }
    out[n] = '\0';
    return p;
}

static const char *parse_num(const char *p, int lo, int hi, int *out)
{
    if (!is_digit(*p))
        return NULL;
    int v = 0;
    while (is_digit(*p)) {
        v = v * 10 + (*p++ - '0');
        if (v > hi)
            return NULL;
    }
    if (v < lo)
        return NULL;
    *out = v;
    return p;
}

/* [+|-]hh[:mm[:ss]] with hours up to MAXH, as signed seconds. */
static const char *parse_hms(const char *p, int maxh, int32_t *out)
{
    int sign = 1, h = 0, m = 0, s = 0;
    if (*p == '+' || *p == '-')
        sign = *p++ == '-' ? -1 : 1;
    if (!(p = parse_num(p, 0, maxh, &h)))
        return NULL;
    if (*p == ':' && !(p = parse_num(p + 1, 0, 59, &m)))
        return NULL;
    if (*p == ':' && !(p = parse_num(p + 1, 0, 59, &s)))
        return NULL;
    *out = sign * (h * 3600 + m * 60 + s);
    return p;
}

static const char *parse_rule(const char *p, struct rule *r)
{
    if (*p == 'J') {
        r->kind = R_JULIAN1;
        p = parse_num(p + 1, 1, 365, &r->n);
    } else if (*p == 'M') {
        r->kind = R_MONTH;
        if ((p = parse_num(p + 1, 1, 12, &r->m)) && *p == '.' &&
            (p = parse_num(p + 1, 1, 5, &r->w)) && *p == '.')
            p = parse_num(p + 1, 0, 6, &r->d);
        else
            p = NULL;
    } else {
        r->kind = R_ZERO;
        p = parse_num(p, 0, 365, &r->n);
    }
    if (!p)
        return NULL;
    r->time = 2 * 3600; /* POSIX default 02:00 */
    if (*p == '/')
        p = parse_hms(p + 1, RULE_HOURS_MAX, &r->time);
    return p;
}

/* Parses a whole TZ string into *px; returns 0, or -1 if it is not one. */
static int parse_posix(const char *p, struct posix *px)
{
    memset(px, 0, sizeof *px);
    int32_t west;
    if (!(p = parse_abbr(p, px->std.abbr)) || !(p = parse_hms(p, 24, &west)))
        return -1;
    px->std.utoff = -west; /* POSIX counts hours west of Greenwich */
    if (*p == '\0')
        return 0;
    if (!(p = parse_abbr(p, px->dst.abbr)))
        return -1;
    px->has_dst = 1;
    px->dst.is_dst = 1;
    px->dst.utoff = px->std.utoff + 3600;
    if (*p != ',' && *p != '\0') {
        if (!(p = parse_hms(p, 24, &west)))
            return -1;
        px->dst.utoff = -west;
    }
    if (*p == '\0') { /* no rule given: the US rule, as glibc and the tz code assume */
        px->start = (struct rule){.kind = R_MONTH, .m = 3, .w = 2, .d = 0, .time = 7200};
        px->end = (struct rule){.kind = R_MONTH, .m = 11, .w = 1, .d = 0, .time = 7200};
        return 0;
    }
    if (*p != ',' || !(p = parse_rule(p + 1, &px->start)) || *p != ',' ||
        !(p = parse_rule(p + 1, &px->end)))
        return -1;
    return *p == '\0' ? 0 : -1;
}

/* ---- the TZif file --------------------------------------------------------------------- */

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static int64_t be64(const unsigned char *p)
{
    return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

struct counts {
    size_t isut, isstd, leap, time, type, chars;
};

/* Reads a TZif header at p (44 bytes available); returns 0 or -1. */
static int header(const unsigned char *p, struct counts *c)
{
    if (memcmp(p, "TZif", 4) != 0)
        return -1;
    c->isut = be32(p + 20);
    c->isstd = be32(p + 24);
    c->leap = be32(p + 28);
    c->time = be32(p + 32);
    c->type = be32(p + 36);
    c->chars = be32(p + 40);
    /* Each count bounded by the file size, so the products below cannot overflow. */
    if (c->isut > TZ_FILE_MAX || c->isstd > TZ_FILE_MAX || c->leap > TZ_FILE_MAX ||
        c->time > TZ_FILE_MAX || c->type > 256 || c->chars > TZ_FILE_MAX)
        return -1;
    return 0;
}

static size_t block_size(const struct counts *c, size_t timesize)
{
    return c->time * timesize + c->time + c->type * 6 + c->chars + c->leap * (timesize + 4) +
           c->isstd + c->isut;
}

/* Parses the bytes of a TZif v2+ file into z (its name already set). */
static enum tz_err parse_tzif(const unsigned char *b, size_t len, struct tz *z)
{
    struct counts c;
    if (len < 44 || header(b, &c) != 0)
        return TZ_BAD_FILE;
    if (b[4] < '2') /* version 1 has no 64-bit data and no footer */
        return TZ_BAD_FILE;
    size_t off = 44 + block_size(&c, 4);
    if (off + 44 > len || header(b + off, &c) != 0)
        return TZ_BAD_FILE;
    off += 44;
    if (c.leap != 0) /* "right/" zones count leap seconds; Unix time does not */
        return TZ_BAD_FILE;
    if (c.type == 0 || off + block_size(&c, 8) > len)
        return TZ_BAD_FILE;
    const unsigned char *tp = b + off, *ip = tp + c.time * 8, *yp = ip + c.time,
                        *cp = yp + c.type * 6;
    z->ntrans = c.time;
    z->ntypes = c.type;
    z->trans = calloc(c.time ? c.time : 1, sizeof *z->trans);
    z->idx = calloc(c.time ? c.time : 1, 1);
    z->types = calloc(c.type, sizeof *z->types);
    if (!z->trans || !z->idx || !z->types)
        return TZ_BAD_FILE;
    for (size_t i = 0; i < c.time; i++) {
        z->trans[i] = be64(tp + 8 * i);
        z->idx[i] = ip[i];
        if (ip[i] >= c.type || (i > 0 && z->trans[i] <= z->trans[i - 1]))
            return TZ_BAD_FILE;
    }
    for (size_t i = 0; i < c.type; i++) {
        const unsigned char *y = yp + 6 * i;
        int32_t ut = (int32_t)be32(y);
        size_t ai = y[5];
        if (ut <= -UTOFF_LIMIT || ut >= UTOFF_LIMIT || y[4] > 1 || ai >= c.chars ||
            !memchr(cp + ai, '\0', c.chars - ai))
            return TZ_BAD_FILE;
        z->types[i].utoff = ut;
        z->types[i].is_dst = y[4];
        snprintf(z->types[i].abbr, TZ_ABBR_MAX, "%s", (const char *)(cp + ai));
    }
    off += block_size(&c, 8);
    /* The footer: "\n" TZ-string "\n"; an empty string means "no rule". */
    if (off >= len || b[off] != '\n')
        return TZ_BAD_FILE;
    const unsigned char *nl = memchr(b + off + 1, '\n', len - off - 1);
    if (!nl)
        return TZ_BAD_FILE;
    size_t flen = (size_t)(nl - (b + off + 1));
    if (flen > 0) {
        char s[128];
        if (flen >= sizeof s)
            return TZ_BAD_FILE;
        memcpy(s, b + off + 1, flen);
        s[flen] = '\0';
        if (parse_posix(s, &z->footer) != 0)
            return TZ_BAD_FILE;
        z->has_footer = 1;
    }
    return TZ_OK;
}

static void tz_free(struct tz *z)
{
    if (!z)
        return;
    free(z->trans);
    free(z->idx);
    free(z->types);
    free(z);
}

static enum tz_err load(const char *name, struct tz **out)
{
    const char *dir = getenv("TZDIR");
    if (!dir || !*dir)
        dir = "/usr/share/zoneinfo";
    char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path)
        return TZ_BAD_NAME;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT || errno == ENOTDIR ? TZ_NOT_FOUND : TZ_BAD_FILE;
    struct stat st;
    if (fstat(fd, &st) != 0) {
        close(fd);
        return TZ_BAD_FILE;
    }
    if (!S_ISREG(st.st_mode) || st.st_size > TZ_FILE_MAX) {
        close(fd);
        return S_ISDIR(st.st_mode) ? TZ_NOT_FOUND : TZ_BAD_FILE; /* "America" is no zone */
    }
    size_t len = (size_t)st.st_size, got = 0;
    unsigned char *buf = malloc(len ? len : 1);
    if (!buf) {
        close(fd);
        return TZ_BAD_FILE;
    }
    while (got < len) {
        ssize_t n = read(fd, buf + got, len - got);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fd);
    struct tz *z = calloc(1, sizeof *z);
    enum tz_err e = z ? (got == len ? parse_tzif(buf, len, z) : TZ_BAD_FILE) : TZ_BAD_FILE;
    free(buf);
    if (e != TZ_OK) {
        tz_free(z);
        return e;
    }
    snprintf(z->name, sizeof z->name, "%s", name);
    *out = z;
    return TZ_OK;
}

/* ---- the interface --------------------------------------------------------------------- */

int tz_name_ok(const char *name)
{
    if (!name)
        return 0;
    size_t n = strlen(name);
    if (n == 0 || n > TZ_NAME_MAX)
        return 0;
    int start = 1; /* at the start of a component */
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (c == '/') {
            if (start) /* leading '/' (absolute) or "//" */
                return 0;
            start = 1;
            continue;
        }
        if (start && (c == '.' || c == '-')) /* ".", "..", ".hidden", option-like */
            return 0;
        if (!is_alpha(c) && !is_digit(c) && c != '_' && c != '-' && c != '+' && c != '.')
            return 0;
        start = 0;
    }
    return !start; /* no trailing '/' */
}

const struct tz *tz_get(const char *name, enum tz_err *err)
{
    enum tz_err e = TZ_OK;
    struct tz *z = NULL;
    if (!tz_name_ok(name)) {
        e = TZ_BAD_NAME;
        goto done;
    }
    pthread_mutex_lock(&cache_lock);
    for (z = cache; z; z = z->next)
        if (strcmp(z->name, name) == 0)
            break;
    if (!z && (e = load(name, &z)) == TZ_OK) {
        z->next = cache;
        cache = z;
    }
    pthread_mutex_unlock(&cache_lock);
done:
    if (err)
        *err = e;
    return e == TZ_OK ? z : NULL;
}

const struct tz *tz_utc(void)
{
    static struct ttype utc_type = {0, 0, "UTC"};
    static int64_t no_trans[1];
    static uint8_t no_idx[1];
    static const struct tz utc = {
        .name = "UTC", .trans = no_trans, .idx = no_idx, .types = &utc_type, .ntypes = 1};
    return &utc;
}

const char *tz_err_text(enum tz_err err)
{
    switch (err) {
    case TZ_OK:
        return "is a time zone";
    case TZ_BAD_NAME:
        return "is not a time zone name (like America/New_York)";
    case TZ_NOT_FOUND:
        return "is not a time zone this server knows";
    case TZ_BAD_FILE:
        break;
    }
    return "cannot be read as a time zone on this server";
}

const char *tz_name(const struct tz *z)
{
    return z->name;
}

void tz_local_of(const struct tz *z, int64_t t, struct tz_local *out)
{
    const struct ttype *ty = type_at(z, t);
    int64_t local = t + ty->utoff;
    int64_t days = floor_div(local, 86400);
    out->day = (int32_t)(days + EPOCH_1900);
    out->sec = (int)(local - days * 86400);
    out->hour = out->sec / 3600;
    out->minute = out->sec / 60 % 60;
    out->second = out->sec % 60;
    out->utoff = ty->utoff;
    out->is_dst = ty->is_dst;
    memcpy(out->abbr, ty->abbr, sizeof out->abbr);
}

int64_t tz_utc_of(const struct tz *z, int32_t day, int sec)
{
    int64_t local = day_secs(day) + sec;
    /* The offsets two days either side: any instant whose local time is LOCAL lies between. */
    int32_t before = type_at(z, local - 2 * 86400)->utoff;
    int32_t after = type_at(z, local + 2 * 86400)->utoff;
    int64_t t_before = local - before, t_after = local - after;
    int ok_before = type_at(z, t_before)->utoff == before;
    int ok_after = type_at(z, t_after)->utoff == after;
    if (ok_before && ok_after) /* one-to-one, or the repeated hour: the earlier instant */
        return t_before < t_after ? t_before : t_after;
    if (ok_before)
        return t_before;
    if (ok_after)
        return t_after;
    return t_before; /* the skipped hour: read with the offset before the gap, so later */
}

int32_t tz_today(const struct tz *z, int64_t t)
{
    struct tz_local l;
    tz_local_of(z, t, &l);
    return l.day;
}

int32_t tz_today_in(const char *name, int64_t t)
{
    const struct tz *z = tz_get(name, NULL);
    return tz_today(z ? z : tz_utc(), t);
}

void tz_format(const struct tz *z, int64_t t, char *out, size_t outlen)
{
    struct tz_local l;
    tz_local_of(z, t, &l);
    int y, m, d;
    civil_split(l.day, &y, &m, &d);
    snprintf(out, outlen, "%04d-%02d-%02d %02d:%02d %s", y, m, d, l.hour, l.minute, l.abbr);
}
