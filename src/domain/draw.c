/* draw.c - random test selection (SPEC GR-8): the day's draws from its committed seed.
 *
 * The algorithm "peerdesk-draw-1", precisely enough to re-implement verify-draw elsewhere
 * (tools/draw_reference.py is such a re-implementation, and tests/unit/test_draw.c holds picks it
 * computed):
 *
 * Streams. A stream is a label and a suffix; its 32 bytes are
 *     H = BLAKE2b(key = the day's 32-byte seed, digest length = 32 bytes, message = M)
 *     M = "peerdesk-draw-1" "|" DAY "|" LABEL "|" SUFFIX          (bytes, no terminator)
 * where DAY is the day as "YYYY-MM-DD" and, for a participant's streams, LABEL is "select",
 * "time" or "code" and SUFFIX the participant's id in decimal (ASCII, no sign or leading zeros
 * for the positive ids peerdesk uses; a negative id would carry "-"). A colour's stream has
 * LABEL "colour" and SUFFIX the colour's name exactly as stored (its bytes, no case folding).
 * Example: "peerdesk-draw-1|2026-03-01|select|42", "peerdesk-draw-1|2026-03-01|colour|Blue".
 * u(stream) is H's first 8 bytes read as a big-endian unsigned 64-bit number.
 *
 * Chance. Each member's chance is num/den (draw_chance):
 *   daily   n/d;
 *   rate_month  (n + d) / (2 * L), L the number of days in the day's month, at most 1;
 *   window  win_left / (d - win_pos);
 *   colour  n/d.
 * Selection. Member i is selected when u * den < num * 2^64 (exact integers; that is
 * u < num/den * 2^64), with u = u("select", id) - or, for a colour member, u = u("colour", its
 * colour): every member of a colour shares the colour's one draw, so members of one colour with
 * the same n/d (a program's colour level) are selected together; one carrying other numbers is
 * selected when the shared u falls below its own chance.
 * Time to test by. With K = (latest - earliest) / step + 1 (integer division) and
 * u = u("time", id): k = floor(u * K / 2^64) (the high 64 bits of the 128-bit product) and
 * test_by = earliest + k * step; -1 when the member is not selected. (The bias against an exact
 * uniform choice is below K / 2^64, under 10^-16 for a day's 1440 minutes.)
 * Confirmation code. For every member, selected or not (the code tells nothing): the first
 * 5 bytes of H("code", id) as a big-endian 40-bit number, cut into 8 groups of 5 bits from the
 * most significant, each a character of Crockford's base32 "0123456789ABCDEFGHJKMNPQRSTVWXYZ",
 * written as the first four, "-", the last four (e.g. "7K2Q-M9XD").
 * Commitment. The lowercase hex SHA-256 of the 32 seed bytes. */
#include "draw.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "civil.h"

static const char *const models[DRAW_MODEL__COUNT] = {"daily", "rate_month", "window", "colour"};

/* Crockford's base32: the digits and the letters less I, L, O and U. */
static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/* A day holds 1440 minutes; a time to test by is one of them. */
#define DAY_MINUTES 1440
/* The longest period a model counts over: a year of a leap year. */
#define DRAW_DAYS_MAX 366
/* A stream is BLAKE2b-256: 32 bytes, of which a draw reads 8 and a code 5. */
#define STREAM_BYTES 32

const char *draw_model_name(enum draw_model m)
{
    return (unsigned)m < DRAW_MODEL__COUNT ? models[m] : "";
}

int draw_model_parse(const char *s)
{
    if (!s)
        return -1;
    for (int i = 0; i < DRAW_MODEL__COUNT; i++)
        if (strcmp(models[i], s) == 0)
            return i;
    return -1;
}

/* -1, with *why the message id when why is not NULL. */
static int refuse(const char **why, const char *id)
{
    if (why)
        *why = id;
    return -1;
}

int draw_member_check(const struct draw_member *m, const char **why)
{
    if (!m || (unsigned)m->model >= DRAW_MODEL__COUNT)
        return refuse(why, "monitor.err.draw_model");
    if (m->model == DRAW_RATE_MONTH) {
        /* n..d tests a month: a month has at most 31 days to test on. */
        if (m->n < 1 || m->d > 31 || m->n > m->d)
            return refuse(why, "monitor.err.draw_rate");
        return 0;
    }
    if (m->d < 1 || m->d > DRAW_DAYS_MAX)
        return refuse(why, "monitor.err.draw_days");
    if (m->n < 1 || m->n > m->d)
        return refuse(why, "monitor.err.draw_tests");
    if (m->model == DRAW_WINDOW) {
        if (m->win_pos < 0 || m->win_pos >= m->d)
            return refuse(why, "monitor.err.draw_win_pos");
        if (m->win_left < 0 || m->win_left > m->n || m->win_left > m->d - m->win_pos)
            return refuse(why, "monitor.err.draw_win_left");
    }
    if (m->model == DRAW_COLOUR) {
        size_t len = strnlen(m->colour, sizeof m->colour);
        if (len == 0 || len > DRAW_COLOUR_MAX)
            return refuse(why, "monitor.err.draw_colour");
    }
    return 0;
}

/* The number of days of the month that holds day. */
static int month_days(int32_t day)
{
    int y, m, d;
    civil_split(day, &y, &m, &d);
    int32_t first = civil_days(y, m, 1);
    int32_t next = m == 12 ? civil_days(y + 1, 1, 1) : civil_days(y, m + 1, 1);
    return (int)(next - first);
}

void draw_chance(const struct draw_member *m, int32_t day, uint64_t *num, uint64_t *den)
{
    *num = 0;
    *den = 1;
    if (draw_member_check(m, NULL) != 0)
        return;
    switch (m->model) {
    case DRAW_RATE_MONTH: {
        /* The middle of the range spread over the month's days: (n + d) / 2 / L. 28..31 tests
         * in a 28-day February would be more than one a day; the chance stops at 1. */
        uint64_t len = (uint64_t)month_days(day);
        *num = (uint64_t)m->n + (uint64_t)m->d;
        *den = 2 * len;
        if (*num > *den)
            *num = *den;
        break;
    }
    case DRAW_WINDOW:
        *num = (uint64_t)m->win_left;
        *den = (uint64_t)(m->d - m->win_pos);
        break;
    default:
        *num = (uint64_t)m->n;
        *den = (uint64_t)m->d;
        break;
    }
}

/* The day's keyed BLAKE2b state after "peerdesk-draw-1|DAY|": every stream of the day goes on
 * from a copy of it, which gives the same bytes as hashing its whole message at once (test_draw
 * checks one stream hashed in one go). The state holds the seed: it is wiped after use. */
static void day_state(const uint8_t seed[DRAW_SEED_BYTES], const char *daystr,
                      crypto_generichash_state *st)
{
    static const char algorithm[] = DRAW_ALGORITHM "|";
    crypto_generichash_init(st, seed, DRAW_SEED_BYTES, STREAM_BYTES);
    crypto_generichash_update(st, (const unsigned char *)algorithm, sizeof algorithm - 1);
    crypto_generichash_update(st, (const unsigned char *)daystr, strlen(daystr));
    crypto_generichash_update(st, (const unsigned char *)"|", 1);
}

/* H(label, suffix) of the stream layout above, from the day's state, into out. */
static void stream(const crypto_generichash_state *day, const char *label, const char *suffix,
                   uint8_t out[STREAM_BYTES])
{
    crypto_generichash_state st = *day;
    crypto_generichash_update(&st, (const unsigned char *)label, strlen(label));
    crypto_generichash_update(&st, (const unsigned char *)"|", 1);
    crypto_generichash_update(&st, (const unsigned char *)suffix, strlen(suffix));
    crypto_generichash_final(&st, out, STREAM_BYTES);
    sodium_memzero(&st, sizeof st);
}

/* The first 8 bytes of a stream as a big-endian number. */
static uint64_t be64(const uint8_t *h)
{
    uint64_t u = 0;
    for (int i = 0; i < 8; i++)
        u = u << 8 | h[i];
    return u;
}

/* u < num/den * 2^64, exactly: u * den < num * 2^64 in 128 bits (num <= den <= 366). */
static int below(uint64_t u, uint64_t num, uint64_t den)
{
    return (unsigned __int128)u * den < (unsigned __int128)num << 64;
}

static int times_ok(const struct draw_times *t)
{
    return t && t->step >= 1 && t->earliest >= 0 && t->earliest <= t->latest &&
           t->latest < DAY_MINUTES;
}

/* The confirmation code of stream h: 8 Crockford characters from its first 40 bits. */
static void code_of(const uint8_t h[STREAM_BYTES], char out[DRAW_CODE_LEN + 1])
{
    uint64_t v = 0;
    for (int i = 0; i < 5; i++)
        v = v << 8 | h[i];
    int o = 0;
    for (int i = 0; i < 8; i++) {
        if (i == 4)
            out[o++] = '-';
        out[o++] = crockford[(v >> (35 - 5 * i)) & 31];
    }
    out[o] = '\0';
}

int draw_day(const uint8_t seed[DRAW_SEED_BYTES], int32_t day, const struct draw_member *pool,
             size_t n, const struct draw_times *times, struct draw_pick *out)
{
    /* The days civil.h accepts, 1900-01-01 to 2200-12-31: the only ones "YYYY-MM-DD" holds. */
    if (!seed || day < 0 || day > civil_days(2200, 12, 31) || !times_ok(times) ||
        (n > 0 && (!pool || !out)))
        return -1;
    for (size_t i = 0; i < n; i++)
        if (draw_member_check(&pool[i], NULL) != 0)
            return -1;
    char daystr[11];
    civil_format(day, daystr);
    crypto_generichash_state st;
    day_state(seed, daystr, &st);
    uint64_t slots = (uint64_t)((times->latest - times->earliest) / times->step) + 1;
    for (size_t i = 0; i < n; i++) {
        const struct draw_member *m = &pool[i];
        struct draw_pick *p = &out[i];
        char id[24];
        snprintf(id, sizeof id, "%" PRId64, m->participant_id);
        uint8_t h[STREAM_BYTES];
        if (m->model == DRAW_COLOUR)
            stream(&st, "colour", m->colour, h);
        else
            stream(&st, "select", id, h);
        uint64_t num, den;
        draw_chance(m, day, &num, &den);
        p->participant_id = m->participant_id;
        p->selected = below(be64(h), num, den);
        p->test_by = -1;
        if (p->selected) {
            stream(&st, "time", id, h);
            uint64_t k = (uint64_t)(((unsigned __int128)be64(h) * slots) >> 64);
            p->test_by = times->earliest + (int)k * times->step;
        }
        stream(&st, "code", id, h);
        code_of(h, p->code);
    }
    sodium_memzero(&st, sizeof st);
    return 0;
}

void draw_commit(const uint8_t seed[DRAW_SEED_BYTES], char out[DRAW_COMMIT_HEX + 1])
{
    uint8_t h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, seed, DRAW_SEED_BYTES);
    sodium_bin2hex(out, DRAW_COMMIT_HEX + 1, h, sizeof h);
}

void draw_seed_hex(const uint8_t seed[DRAW_SEED_BYTES], char out[2 * DRAW_SEED_BYTES + 1])
{
    sodium_bin2hex(out, 2 * DRAW_SEED_BYTES + 1, seed, DRAW_SEED_BYTES);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int draw_seed_parse(const char *hex, uint8_t seed[DRAW_SEED_BYTES])
{
    if (!hex || strlen(hex) != 2 * DRAW_SEED_BYTES)
        return -1;
    uint8_t tmp[DRAW_SEED_BYTES];
    for (size_t i = 0; i < DRAW_SEED_BYTES; i++) {
        int hi = hexval(hex[2 * i]), lo = hexval(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            sodium_memzero(tmp, sizeof tmp);
            return -1;
        }
        tmp[i] = (uint8_t)(hi << 4 | lo);
    }
    memcpy(seed, tmp, sizeof tmp);
    sodium_memzero(tmp, sizeof tmp);
    return 0;
}

void draw_seed_new(uint8_t seed[DRAW_SEED_BYTES])
{
    randombytes_buf(seed, DRAW_SEED_BYTES);
}

int draw_tally_add(struct draw_tally *t, int32_t day, const struct draw_member *m,
                   const struct draw_pick *p)
{
    if (!t || !m || !p || day < 0 || m->participant_id != p->participant_id)
        return -1;
    if (t->days == 0 && t->participant_id == 0)
        t->participant_id = m->participant_id;
    if (t->participant_id != m->participant_id)
        return -1;
    if (p->selected && (p->test_by < 0 || p->test_by > 1439))
        return -1;
    uint64_t num, den;
    if (m->model == DRAW_WINDOW) { /* the day's chance depends on the window so far; its aim is n/d */
        num = (uint64_t)m->n;
        den = (uint64_t)(m->d > 0 ? m->d : 1);
    } else {
        draw_chance(m, day, &num, &den);
    }
    t->days++;
    t->expected += (double)num / (double)den;
    if (p->selected) {
        t->selected++;
        t->by_weekday[day % 7]++; /* day 0, 1900-01-01, was a Monday */
        t->by_hour[p->test_by / 60]++;
    }
    return 0;
}
