/* test_draw.c - random test selection (draw.h, SPEC GR-8): the member checks and their messages,
 * commitments and seeds, reproducible and pool-independent picks, picks an independent Python
 * re-implementation computed (tools/draw_reference.py --vector), and fairness measured over
 * 100,000 simulated days for each model: every member's frequency, the days of the week, the
 * times of day, the monthly mean of a rate, exact window counts with uniform days, colours drawn
 * together. Selections never look at history, so back-to-back ones happen at the model's rate.
 *
 * The simulations are repeatable: day t's seed is BLAKE2b-256 of "test_draw|MODEL|t", so a pass
 * is a pass every time. Each statistic is compared with its chi-square (or normal) critical
 * value at significance 0.001, computed with mpmath (the inverse of the regularized lower
 * incomplete gamma function); "REPORT ..." lines print what was measured. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "civil.h"
#include "draw.h"
#include "msg.h"

/* 100,000 days: about 274 years of days from 1900-01-01 (a Monday, day 0), inside civil.h's
 * 1900-2200. */
#define SIM_DAYS 100000
/* Pools: 20 members under the daily model; fewer under the others, each still over 100,000
 * days, to keep the whole program to a few seconds (a day's draw is a few BLAKE2b hashes per
 * member, about 0.5 microseconds each). */
#define POOL        20
#define RATE_POOL   5
#define WIN_POOL    5
#define COLOUR_POOL 8
/* Chi-square critical values at 0.001 by degrees of freedom, and the two-sided normal one. */
#define CHI2_DF4  18.467
#define CHI2_DF5  20.515
#define CHI2_DF7  24.322
#define CHI2_DF10 29.588
#define CHI2_DF13 34.528
#define CHI2_DF20 45.315
#define CHI2_DF48 84.037
#define CHI2_DF90 137.208
#define Z_999     3.2905

/* Test-by times from 06:00 to 18:00 every 15 minutes: 49 times. */
static const struct draw_times office = {360, 1080, 15};
#define OFFICE_SLOTS 49

/* Simulated day t's seed for a simulation named tag. */
static void sim_seed(const char *tag, long t, uint8_t seed[DRAW_SEED_BYTES])
{
    char m[64];
    int n = snprintf(m, sizeof m, "test_draw|%s|%ld", tag, t);
    crypto_generichash(seed, DRAW_SEED_BYTES, (const unsigned char *)m, (unsigned long long)n, NULL,
                       0);
}

static struct draw_member daily(int64_t id, int n, int d)
{
    struct draw_member m = {.participant_id = id, .model = DRAW_DAILY, .n = n, .d = d};
    return m;
}

static struct draw_member colour(int64_t id, const char *c, int n, int d)
{
    struct draw_member m = {.participant_id = id, .model = DRAW_COLOUR, .n = n, .d = d};
    snprintf(m.colour, sizeof m.colour, "%s", c);
    return m;
}

/* sum over k of (o - t p)^2 / (t p (1 - p)): independent binomial counts o of t trials with the
 * chance p each, chi-square with k degrees of freedom. */
static double binom_chi2(const long *o, const double *t, const double *p, size_t k)
{
    double s = 0;
    for (size_t i = 0; i < k; i++) {
        double e = t[i] * p[i], v = e * (1 - p[i]);
        s += (o[i] - e) * (o[i] - e) / v;
    }
    return s;
}

/* Pearson's sum of (o - e)^2 / e over k cells that share one expectation e. */
static double pearson(const long *o, double e, size_t k)
{
    double s = 0;
    for (size_t i = 0; i < k; i++)
        s += (o[i] - e) * (o[i] - e) / e;
    return s;
}

static void assert_code_shape(const char *c)
{
    assert_int_equal(strlen(c), DRAW_CODE_LEN);
    for (int i = 0; i < DRAW_CODE_LEN; i++) {
        if (i == 4)
            assert_int_equal(c[i], '-');
        else
            assert_non_null(strchr("0123456789ABCDEFGHJKMNPQRSTVWXYZ", c[i]));
    }
}

/* ---- names, checks, chances ------------------------------------------------------- */

static void test_gr8_model_names_round_trip(void **state)
{
    (void)state;
    for (int i = 0; i < DRAW_MODEL__COUNT; i++)
        assert_int_equal(draw_model_parse(draw_model_name((enum draw_model)i)), i);
    assert_string_equal(draw_model_name(DRAW_RATE_MONTH), "rate_month");
    assert_string_equal(draw_model_name(DRAW_MODEL__COUNT), "");
    assert_int_equal(draw_model_parse("weekly"), -1);
    assert_int_equal(draw_model_parse(""), -1);
    assert_int_equal(draw_model_parse(NULL), -1);
}

/* draw_member_check on m refuses with the message id want, which both catalogs translate. */
static void refused(struct draw_member m, const char *want)
{
    const char *why = NULL;
    assert_int_equal(draw_member_check(&m, &why), -1);
    assert_non_null(why);
    assert_string_equal(why, want);
    const char *en = msg_find("en", why), *es = msg_find("es", why);
    assert_non_null(en);
    assert_non_null(es);
    assert_string_not_equal(en, es);
}

static void accepted(struct draw_member m)
{
    const char *why = NULL;
    assert_int_equal(draw_member_check(&m, &why), 0);
    assert_null(why);
}

static void
test_gr8_a_member_with_numbers_its_model_cannot_use_is_refused_with_the_field(void **state)
{
    (void)state;
    const char *why = NULL;
    assert_int_equal(draw_member_check(NULL, &why), -1);
    assert_string_equal(why, "monitor.err.draw_model");
    struct draw_member m = daily(1, 2, 7);
    m.model = DRAW_MODEL__COUNT;
    refused(m, "monitor.err.draw_model");
    m.model = (enum draw_model) - 1;
    refused(m, "monitor.err.draw_model");

    /* DAILY (and WINDOW, COLOUR): 1 <= n <= d <= 366. */
    refused(daily(1, 1, 0), "monitor.err.draw_days");
    refused(daily(1, 1, 367), "monitor.err.draw_days");
    refused(daily(1, 0, 7), "monitor.err.draw_tests");
    refused(daily(1, -2, 7), "monitor.err.draw_tests");
    refused(daily(1, 8, 7), "monitor.err.draw_tests");
    accepted(daily(1, 2, 7));
    accepted(daily(1, 366, 366));
    accepted(daily(1, 1, 366));
    accepted(daily(1, 1, 1));

    /* RATE_MONTH: 1 <= n <= d <= 31 tests a month. */
    struct draw_member r = {.participant_id = 2, .model = DRAW_RATE_MONTH, .n = 4, .d = 8};
    accepted(r);
    r.n = 0;
    refused(r, "monitor.err.draw_rate");
    r.n = 9;
    refused(r, "monitor.err.draw_rate");
    r.n = 4;
    r.d = 32;
    refused(r, "monitor.err.draw_rate");
    r.n = r.d = 31;
    accepted(r);
    r.n = r.d = 1;
    accepted(r);

    /* WINDOW: 0 <= win_pos < d, 0 <= win_left <= min(n, d - win_pos). */
    struct draw_member w = {
        .participant_id = 3, .model = DRAW_WINDOW, .n = 2, .d = 14, .win_pos = 0, .win_left = 2};
    accepted(w);
    w.d = 400;
    refused(w, "monitor.err.draw_days");
    w.d = 14;
    w.n = 15;
    refused(w, "monitor.err.draw_tests");
    w.n = 2;
    w.win_pos = -1;
    refused(w, "monitor.err.draw_win_pos");
    w.win_pos = 14;
    refused(w, "monitor.err.draw_win_pos");
    w.win_pos = 13;
    refused(w, "monitor.err.draw_win_left"); /* 2 left, one day to go */
    w.win_left = 1;
    accepted(w);
    w.win_left = 0;
    accepted(w);
    w.win_pos = 3;
    w.win_left = 3;
    refused(w, "monitor.err.draw_win_left"); /* more than the window's 2 */
    w.win_left = -1;
    refused(w, "monitor.err.draw_win_left");

    /* COLOUR: a colour of 1 to DRAW_COLOUR_MAX characters. */
    accepted(colour(4, "Blue", 1, 7));
    refused(colour(4, "", 1, 7), "monitor.err.draw_colour");
    refused(colour(4, "Blue", 0, 7), "monitor.err.draw_tests");
    struct draw_member c = colour(4, "", 1, 7);
    memset(c.colour, 'A', DRAW_COLOUR_MAX);
    accepted(c);
    memset(c.colour, 'A', sizeof c.colour); /* no terminator inside the field */
    refused(c, "monitor.err.draw_colour");
}

static void test_gr8_each_models_chance_on_the_day(void **state)
{
    (void)state;
    uint64_t num, den;
    int32_t feb26 = civil_days(2026, 2, 14), feb24 = civil_days(2024, 2, 14),
            jan26 = civil_days(2026, 1, 31);
    struct draw_member d = daily(1, 2, 7);
    draw_chance(&d, feb26, &num, &den);
    assert_true(num == 2 && den == 7);
    /* 4..8 a month: 6 tests over the month's days. */
    struct draw_member r = {.participant_id = 2, .model = DRAW_RATE_MONTH, .n = 4, .d = 8};
    draw_chance(&r, feb26, &num, &den);
    assert_true(num == 12 && den == 56);
    draw_chance(&r, feb24, &num, &den);
    assert_true(num == 12 && den == 58);
    draw_chance(&r, jan26, &num, &den);
    assert_true(num == 12 && den == 62);
    draw_chance(&r, civil_days(2026, 12, 31), &num, &den);
    assert_true(num == 12 && den == 62);
    /* 28..31 a month is more than a day's worth in February: the chance stops at 1. */
    r.n = 28;
    r.d = 31;
    draw_chance(&r, feb26, &num, &den);
    assert_true(num == den && den == 56);
    struct draw_member w = {
        .participant_id = 3, .model = DRAW_WINDOW, .n = 2, .d = 14, .win_pos = 10, .win_left = 1};
    draw_chance(&w, feb26, &num, &den);
    assert_true(num == 1 && den == 4);
    w.win_left = 0;
    draw_chance(&w, feb26, &num, &den);
    assert_true(num == 0 && den == 4);
    struct draw_member c = colour(4, "Blue", 1, 3);
    draw_chance(&c, feb26, &num, &den);
    assert_true(num == 1 && den == 3);
    struct draw_member bad = daily(5, 9, 7);
    draw_chance(&bad, feb26, &num, &den);
    assert_true(num == 0 && den == 1);
}

/* ---- commitments and seeds -------------------------------------------------------- */

static void test_gr8_the_commitment_is_the_sha256_of_the_seed(void **state)
{
    (void)state;
    uint8_t seed[DRAW_SEED_BYTES];
    for (int i = 0; i < DRAW_SEED_BYTES; i++)
        seed[i] = (uint8_t)i;
    char c[DRAW_COMMIT_HEX + 1];
    draw_commit(seed, c);
    /* sha256sum of the 32 bytes 00 01 .. 1f (printf of the bytes into sha256sum). */
    assert_string_equal(c, "630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd");
    uint8_t zero[DRAW_SEED_BYTES] = {0};
    draw_commit(zero, c);
    assert_string_equal(c, "66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925");
}

static void test_gr8_a_seed_round_trips_through_hex_and_bad_hex_is_refused(void **state)
{
    (void)state;
    uint8_t seed[DRAW_SEED_BYTES], back[DRAW_SEED_BYTES];
    for (int i = 0; i < DRAW_SEED_BYTES; i++)
        seed[i] = (uint8_t)(0xf0 ^ (i * 37));
    char hex[2 * DRAW_SEED_BYTES + 1];
    draw_seed_hex(seed, hex);
    assert_int_equal(strlen(hex), 64);
    for (int i = 0; i < 64; i++)
        assert_non_null(strchr("0123456789abcdef", hex[i]));
    assert_int_equal(draw_seed_parse(hex, back), 0);
    assert_memory_equal(seed, back, DRAW_SEED_BYTES);
    draw_seed_hex((const uint8_t[DRAW_SEED_BYTES]){0xAB, 0x01}, hex);
    assert_string_equal(hex, "ab01000000000000000000000000000000000000000000000000000000000000");
    /* Either case is read. */
    assert_int_equal(
        draw_seed_parse("AB01000000000000000000000000000000000000000000000000000000000000", back),
        0);
    assert_int_equal(back[0], 0xAB);
    /* Refusals leave the seed as it was. */
    uint8_t keep[DRAW_SEED_BYTES];
    memcpy(keep, back, sizeof keep);
    char bad[80];
    memset(bad, '0', 63);
    bad[63] = '\0';
    assert_int_equal(draw_seed_parse(bad, back), -1); /* 63 digits */
    memset(bad, '1', 65);
    bad[65] = '\0';
    assert_int_equal(draw_seed_parse(bad, back), -1); /* 65 */
    bad[64] = '\0';
    bad[10] = 'g';
    assert_int_equal(draw_seed_parse(bad, back), -1); /* not hex */
    bad[10] = ' ';
    assert_int_equal(draw_seed_parse(bad, back), -1);
    bad[10] = '1';
    bad[63] = '\n';
    assert_int_equal(draw_seed_parse(bad, back), -1);
    assert_int_equal(draw_seed_parse("", back), -1);
    assert_int_equal(draw_seed_parse(NULL, back), -1);
    assert_memory_equal(keep, back, DRAW_SEED_BYTES);
}

static void test_gr8_new_seeds_are_random(void **state)
{
    (void)state;
    uint8_t a[DRAW_SEED_BYTES], b[DRAW_SEED_BYTES], zero[DRAW_SEED_BYTES] = {0};
    draw_seed_new(a);
    draw_seed_new(b);
    assert_memory_not_equal(a, b, DRAW_SEED_BYTES);
    assert_memory_not_equal(a, zero, DRAW_SEED_BYTES);
}

/* ---- reproducible picks ------------------------------------------------------------ */

/* The pool of tools/draw_reference.py's VECTOR_POOL. */
static size_t vector_pool(struct draw_member *p)
{
    size_t n = 0;
    for (int i = 1; i <= 8; i++)
        p[n++] = daily(i, 2, 7);
    for (int i = 0; i < 4; i++)
        p[n++] = (struct draw_member){
            .participant_id = 100 + i, .model = DRAW_RATE_MONTH, .n = 4, .d = 8};
    for (int i = 0; i < 4; i++)
        p[n++] = (struct draw_member){.participant_id = 200 + i,
                                      .model = DRAW_WINDOW,
                                      .n = 2,
                                      .d = 14,
                                      .win_pos = 10 + i,
                                      .win_left = 1};
    static const char *const colours[] = {"Blue", "Blue", "Gold",  "Gold",
                                          "Red",  "Red",  "Green", "Green"};
    for (int i = 0; i < 8; i++)
        p[n++] = colour(300 + i, colours[i], 1, 3);
    p[n++] = daily(INT64_C(9000000000123), 366, 366);
    return n;
}

static void assert_same_pick(const struct draw_pick *a, const struct draw_pick *b)
{
    assert_true(a->participant_id == b->participant_id);
    assert_int_equal(a->selected, b->selected);
    assert_int_equal(a->test_by, b->test_by);
    assert_string_equal(a->code, b->code);
}

static void test_gr8_picks_match_the_python_reference_implementation(void **state)
{
    (void)state;
    /* python3 tools/draw_reference.py --vector (hashlib.blake2b with key=seed, digest_size=32). */
    static const struct {
        int64_t id;
        int selected, test_by;
        const char *code;
    } want[] = {
        {1, 1, 585, "HZG5-36AF"},
        {2, 0, -1, "ZGYJ-118K"},
        {3, 0, -1, "JDFJ-PZW2"},
        {4, 0, -1, "N3P9-TY6Y"},
        {5, 0, -1, "GWHP-0M66"},
        {6, 1, 705, "TZ0A-V0YV"},
        {7, 0, -1, "TQT2-9NA8"},
        {8, 1, 1050, "5PEK-VJPH"},
        {100, 0, -1, "55SW-ZM9M"},
        {101, 0, -1, "04PE-S1XV"},
        {102, 0, -1, "0QXG-6KZJ"},
        {103, 0, -1, "SEVT-7XQT"},
        {200, 0, -1, "EB31-BZ4P"},
        {201, 0, -1, "NJ40-DC9H"},
        {202, 1, 1020, "Z897-22XZ"},
        {203, 1, 585, "BA09-QFBP"},
        {300, 1, 495, "GKKQ-APNJ"},
        {301, 1, 915, "246M-4Z8R"},
        {302, 1, 885, "BNCD-0709"},
        {303, 1, 540, "GETC-0E1H"},
        {304, 0, -1, "78WY-PV2Z"},
        {305, 0, -1, "50YH-YQBA"},
        {306, 1, 615, "1P80-5TSE"},
        {307, 1, 660, "JAQ3-NQ8Z"},
        {INT64_C(9000000000123), 1, 540, "0B87-7ENA"},
    };
    uint8_t seed[DRAW_SEED_BYTES];
    for (int i = 0; i < DRAW_SEED_BYTES; i++)
        seed[i] = (uint8_t)i;
    struct draw_member pool[32];
    size_t n = vector_pool(pool);
    assert_int_equal(n, sizeof want / sizeof *want);
    struct draw_pick out[32];
    assert_int_equal(draw_day(seed, civil_days(2026, 2, 14), pool, n, &office, out), 0);
    for (size_t i = 0; i < n; i++) {
        assert_true(out[i].participant_id == want[i].id);
        assert_int_equal(out[i].selected, want[i].selected);
        assert_int_equal(out[i].test_by, want[i].test_by);
        assert_string_equal(out[i].code, want[i].code);
    }
    /* The documented layout itself: participant 1's select stream, hashed here in one go. */
    static const char m[] = "peerdesk-draw-1|2026-02-14|select|1";
    uint8_t h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)m, sizeof m - 1, seed, sizeof seed);
    char hex[65];
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    assert_string_equal(hex, "16b35585177778cfee434bcdaab20dccb44a1626ff0abe75a9dcbca2e668e079");
    /* u = 0x16b35585177778cf is below 2/7 of 2^64 (0x4924...): selected, as above. */
    assert_true(UINT64_C(0x16b35585177778cf) < UINT64_MAX / 7 * 2);
}

static void test_gr8_the_same_seed_day_and_pool_give_the_same_picks_in_any_order(void **state)
{
    (void)state;
    uint8_t seed[DRAW_SEED_BYTES], other[DRAW_SEED_BYTES];
    sim_seed("repeat", 1, seed);
    sim_seed("repeat", 2, other);
    struct draw_member pool[32], rev[32], half[32];
    size_t n = vector_pool(pool);
    int32_t day = civil_days(2026, 7, 4);
    struct draw_pick a[32], b[32], c[32];
    assert_int_equal(draw_day(seed, day, pool, n, &office, a), 0);
    assert_int_equal(draw_day(seed, day, pool, n, &office, b), 0);
    for (size_t i = 0; i < n; i++) {
        assert_same_pick(&a[i], &b[i]);
        assert_code_shape(a[i].code);
        assert_int_equal(a[i].test_by >= 0, a[i].selected);
    }
    /* Reversed, or with every other member gone, each member keeps its pick. */
    for (size_t i = 0; i < n; i++)
        rev[i] = pool[n - 1 - i];
    assert_int_equal(draw_day(seed, day, rev, n, &office, b), 0);
    for (size_t i = 0; i < n; i++)
        assert_same_pick(&a[i], &b[n - 1 - i]);
    size_t h = 0;
    for (size_t i = 0; i < n; i += 2)
        half[h++] = pool[i];
    assert_int_equal(draw_day(seed, day, half, h, &office, c), 0);
    for (size_t i = 0; i < h; i++)
        assert_same_pick(&a[2 * i], &c[i]);
    /* Another seed, or the next day, draws anew: the codes all change and so do picks. */
    size_t same_sel = 0;
    assert_int_equal(draw_day(other, day, pool, n, &office, b), 0);
    assert_int_equal(draw_day(seed, day + 1, pool, n, &office, c), 0);
    for (size_t i = 0; i < n; i++) {
        assert_string_not_equal(a[i].code, b[i].code);
        assert_string_not_equal(a[i].code, c[i].code);
        same_sel += a[i].selected == b[i].selected && a[i].test_by == b[i].test_by;
    }
    assert_true(same_sel < n);
    /* An empty pool is a day without picks. */
    assert_int_equal(draw_day(seed, day, NULL, 0, &office, NULL), 0);
}

static void test_gr8_a_bad_member_time_or_day_refuses_the_whole_draw(void **state)
{
    (void)state;
    uint8_t seed[DRAW_SEED_BYTES] = {7};
    struct draw_member pool[32];
    size_t n = vector_pool(pool);
    struct draw_pick out[32], keep[32];
    memset(out, 0xAB, sizeof out);
    memcpy(keep, out, sizeof out);
    int32_t day = civil_days(2026, 2, 14);
    pool[n - 1].n = 367;
    assert_int_equal(draw_day(seed, day, pool, n, &office, out), -1);
    pool[n - 1].n = 366;
    const struct draw_times bad[] = {
        {600, 599, 15}, {600, 700, 0}, {600, 700, -5}, {-1, 700, 15}, {600, 1440, 15}};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_int_equal(draw_day(seed, day, pool, n, &bad[i], out), -1);
    assert_int_equal(draw_day(seed, day, pool, n, NULL, out), -1);
    assert_int_equal(draw_day(seed, -1, pool, n, &office, out), -1);
    assert_int_equal(draw_day(seed, civil_days(2201, 1, 1), pool, n, &office, out), -1);
    assert_int_equal(draw_day(seed, day, NULL, 3, &office, out), -1);
    assert_int_equal(draw_day(seed, day, pool, n, &office, NULL), -1);
    assert_memory_equal(out, keep, sizeof out);
    /* The edges are days and times too. */
    const struct draw_times whole = {0, 1439, 1};
    assert_int_equal(draw_day(seed, 0, pool, n, &whole, out), 0);
    assert_int_equal(draw_day(seed, civil_days(2200, 12, 31), pool, n, &whole, out), 0);
}

/* ---- fairness ----------------------------------------------------------------------- */

static void test_gr8_daily_2_of_7_is_fair_across_members_weekdays_and_times(void **state)
{
    (void)state;
    const double p = 2.0 / 7.0;
    struct draw_member pool[POOL];
    for (int i = 0; i < POOL; i++)
        pool[i] = daily(1000 + 37 * i, 2, 7);
    static long sel[POOL], wd_sel[7], slot[OFFICE_SLOTS];
    double trials[POOL], wd_trials[7] = {0}, ps[POOL];
    int prev[POOL] = {0};
    long follow = 0, follow_sel = 0, total = 0;
    for (int i = 0; i < POOL; i++) {
        trials[i] = SIM_DAYS;
        ps[i] = p;
    }
    for (long t = 0; t < SIM_DAYS; t++) {
        uint8_t seed[DRAW_SEED_BYTES];
        struct draw_pick out[POOL];
        sim_seed("daily", t, seed);
        assert_int_equal(draw_day(seed, (int32_t)t, pool, POOL, &office, out), 0);
        wd_trials[t % 7] += POOL;
        for (int i = 0; i < POOL; i++) {
            if (prev[i]) {
                follow++;
                follow_sel += out[i].selected;
            }
            prev[i] = out[i].selected;
            if (!out[i].selected) {
                assert_int_equal(out[i].test_by, -1);
                continue;
            }
            sel[i]++;
            wd_sel[t % 7]++;
            total++;
            int k = (out[i].test_by - office.earliest) / office.step;
            assert_true(k >= 0 && k < OFFICE_SLOTS);
            assert_int_equal(out[i].test_by, office.earliest + k * office.step);
            slot[k]++;
        }
    }
    double members = binom_chi2(sel, trials, ps, POOL);
    double weekdays = binom_chi2(wd_sel, wd_trials, (const double[7]){p, p, p, p, p, p, p}, 7);
    double times = pearson(slot, (double)total / OFFICE_SLOTS, OFFICE_SLOTS);
    double maxz = 0, lo = 1, hi = 0;
    for (int i = 0; i < POOL; i++) {
        double f = (double)sel[i] / SIM_DAYS, z = fabs(f - p) / sqrt(p * (1 - p) / SIM_DAYS);
        maxz = z > maxz ? z : maxz;
        lo = f < lo ? f : lo;
        hi = f > hi ? f : hi;
    }
    /* No history: after a selection, the next day's chance is still 2/7. */
    double fz = (follow_sel - follow * p) / sqrt(follow * p * (1 - p));
    printf("REPORT daily 2/7: %d members x %d days, frequency %.5f..%.5f (p %.5f), max |z| %.2f, "
           "chi2(members, df 20) %.2f < %.2f\n",
           POOL, SIM_DAYS, lo, hi, p, maxz, members, CHI2_DF20);
    printf("REPORT daily 2/7: chi2(weekdays, df 7) %.2f < %.2f; chi2(49 times 06:00-18:00, df 48) "
           "%.2f < %.2f\n",
           weekdays, CHI2_DF7, times, CHI2_DF48);
    printf("REPORT daily 2/7: back-to-back %ld of %ld days after a selection (%.5f, z %.2f)\n",
           follow_sel, follow, (double)follow_sel / follow, fz);
    assert_true(members < CHI2_DF20);
    assert_true(weekdays < CHI2_DF7);
    assert_true(times < CHI2_DF48);
    assert_true(follow_sel > 0);
    assert_true(fabs(fz) < Z_999);
    /* The test can fail: the same counts against a chance 1.5% higher are far off. */
    double wrong[POOL];
    for (int i = 0; i < POOL; i++)
        wrong[i] = 0.29;
    double power = binom_chi2(sel, trials, wrong, POOL);
    printf("REPORT daily 2/7: the same counts against p = 0.29: chi2 %.1f\n", power);
    assert_true(power > CHI2_DF20);
}

static void test_gr8_rate_month_4_to_8_averages_6_a_month(void **state)
{
    (void)state;
    struct draw_member pool[RATE_POOL];
    for (int i = 0; i < RATE_POOL; i++)
        pool[i] = (struct draw_member){
            .participant_id = 5000 + i, .model = DRAW_RATE_MONTH, .n = 4, .d = 8};
    static long sel[RATE_POOL];
    double expect[RATE_POOL] = {0}, var[RATE_POOL] = {0};
    int month[RATE_POOL] = {0};
    long months = 0, inside = 0, hist[32] = {0};
    double sum = 0, sumsq = 0, want_var = 0;
    int cur = -1, lo = 99, hi = 0;
    for (long t = 0; t < SIM_DAYS; t++) {
        int y, m, d;
        civil_split((int32_t)t, &y, &m, &d);
        if (d == 1 && cur >= 0) {
            /* A whole month is over: each member's count of it. */
            for (int i = 0; i < RATE_POOL; i++) {
                int c = month[i];
                months++;
                sum += c;
                sumsq += (double)c * c;
                inside += c >= 4 && c <= 8;
                hist[c < 31 ? c : 31]++;
                lo = c < lo ? c : lo;
                hi = c > hi ? c : hi;
                month[i] = 0;
            }
            /* 6 - 36 / L: the variance of a month's count of L days at 6 / L. */
            int len = civil_days(y, m, 1) - civil_days(cur / 12, cur % 12 + 1, 1);
            want_var += RATE_POOL * (6.0 - 36.0 / len);
        }
        cur = y * 12 + (m - 1);
        uint8_t seed[DRAW_SEED_BYTES];
        struct draw_pick out[RATE_POOL];
        sim_seed("rate_month", t, seed);
        assert_int_equal(draw_day(seed, (int32_t)t, pool, RATE_POOL, &office, out), 0);
        for (int i = 0; i < RATE_POOL; i++) {
            uint64_t num, den;
            draw_chance(&pool[i], (int32_t)t, &num, &den);
            double q = (double)num / (double)den;
            expect[i] += q;
            var[i] += q * (1 - q);
            sel[i] += out[i].selected;
            month[i] += out[i].selected;
        }
    }
    double mean = sum / months, sd = sqrt((sumsq / months - mean * mean) / months);
    double z = (mean - 6.0) / sd;
    double members = 0;
    for (int i = 0; i < RATE_POOL; i++)
        members += (sel[i] - expect[i]) * (sel[i] - expect[i]) / var[i];
    printf("REPORT rate_month 4..8: %ld member-months, mean %.4f (z %.2f), variance %.3f "
           "(binomial %.3f), counts %d..%d, inside 4..8 in %.1f%% of months\n",
           months, mean, z, sumsq / months - mean * mean, want_var / months, lo, hi,
           100.0 * inside / months);
    printf("REPORT rate_month 4..8: chi2(members, df 5) %.2f < %.2f; months with 0..12 tests:",
           members, CHI2_DF5);
    for (int c = 0; c <= 12; c++)
        printf(" %ld", hist[c]);
    printf("\n");
    assert_true(fabs(z) < Z_999);
    assert_true(members < CHI2_DF5);
}

static void test_gr8_window_2_of_14_places_exactly_2_on_uniformly_random_days(void **state)
{
    (void)state;
    enum { N = 2, D = 14, PAIRS = D * (D - 1) / 2 };
    /* Member i's windows start on day 3i mod 14, where it joins the pool; the caller keeps
     * (k, r) as it will: k the day's place in the window, r the tests still to place. */
    int pos[WIN_POOL], left[WIN_POOL], first[WIN_POOL];
    long at[D] = {0}, pair[PAIRS] = {0}, windows = 0, adjacent = 0, across = 0;
    int last_sel[WIN_POOL];
    for (int i = 0; i < WIN_POOL; i++) {
        last_sel[i] = -10;
        first[i] = -1;
    }
    for (long t = 0; t < SIM_DAYS; t++) {
        struct draw_member pool[WIN_POOL];
        int who[WIN_POOL];
        size_t n = 0;
        for (int i = 0; i < WIN_POOL; i++) {
            if (t < 3 * i % D)
                continue;
            pos[i] = (int)((t - 3 * i % D) % D);
            if (pos[i] == 0) {
                left[i] = N;
                first[i] = -1;
            }
            pool[n] = (struct draw_member){.participant_id = 7000 + i,
                                           .model = DRAW_WINDOW,
                                           .n = N,
                                           .d = D,
                                           .win_pos = pos[i],
                                           .win_left = left[i]};
            who[n++] = i;
        }
        uint8_t seed[DRAW_SEED_BYTES];
        struct draw_pick out[WIN_POOL];
        sim_seed("window", t, seed);
        assert_int_equal(draw_day(seed, (int32_t)t, pool, n, &office, out), 0);
        for (size_t j = 0; j < n; j++) {
            int i = who[j];
            if (out[j].selected) {
                left[i]--;
                at[pos[i]]++;
                if (last_sel[i] == t - 1) {
                    adjacent++;
                    across += pos[i] == 0;
                }
                last_sel[i] = (int)t;
                if (first[i] < 0) {
                    first[i] = pos[i];
                } else {
                    /* The index of the pair (first, pos) among the 91 pairs a < b. */
                    int a = first[i], b = pos[i];
                    pair[a * (2 * D - a - 1) / 2 + (b - a - 1)]++;
                }
            }
            if (pos[i] == D - 1) {
                /* The window is over: exactly N tests were placed in it. */
                assert_int_equal(left[i], 0);
                windows++;
            }
        }
    }
    /* A day's count over windows: binomial(windows, n/d) with the covariance of an n-subset,
     * so the statistic is scaled by Var = n(d - n) / (d(d - 1)) per window (df d - 1). */
    double e = (double)windows * N / D, v = (double)windows * N * (D - N) / (D * (D - 1.0));
    double days = 0;
    for (int k = 0; k < D; k++)
        days += (at[k] - e) * (at[k] - e) / v;
    double pairs = pearson(pair, (double)windows / PAIRS, PAIRS);
    long lo = at[0], hi = at[0];
    for (int k = 1; k < D; k++) {
        lo = at[k] < lo ? at[k] : lo;
        hi = at[k] > hi ? at[k] : hi;
    }
    printf("REPORT window 2/14: %ld complete windows, every one with exactly 2 tests; a day of "
           "the window drawn %ld..%ld times (expected %.1f); chi2(days, df 13) %.2f < %.2f; "
           "chi2(91 pairs, df 90) %.2f < %.2f\n",
           windows, lo, hi, e, days, CHI2_DF13, pairs, CHI2_DF90);
    printf("REPORT window 2/14: back-to-back %ld (of them %ld across two windows)\n", adjacent,
           across);
    assert_true(days < CHI2_DF13);
    assert_true(pairs < CHI2_DF90);
    assert_true(adjacent > 0 && across > 0);
}

static void test_gr8_a_drawn_colour_selects_all_its_members_at_the_colours_rate(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        int n, d;
    } colours[] = {{"Blue", 1, 7}, {"Gold", 2, 7}, {"Red", 1, 14}, {"Green", 1, 3}};
    enum { C = 4 };
    struct draw_member pool[COLOUR_POOL];
    for (int i = 0; i < COLOUR_POOL; i++)
        pool[i] = colour(9000 + i, colours[i % C].name, colours[i % C].n, colours[i % C].d);
    long drawn[C] = {0}, b2b[C] = {0};
    int prev[C] = {0};
    double trials[C], ps[C];
    for (int c = 0; c < C; c++) {
        trials[c] = SIM_DAYS;
        ps[c] = (double)colours[c].n / colours[c].d;
    }
    for (long t = 0; t < SIM_DAYS; t++) {
        uint8_t seed[DRAW_SEED_BYTES];
        struct draw_pick out[COLOUR_POOL];
        sim_seed("colour", t, seed);
        assert_int_equal(draw_day(seed, (int32_t)t, pool, COLOUR_POOL, &office, out), 0);
        for (int c = 0; c < C; c++) {
            int s = out[c].selected;
            /* Every member of the colour with it. */
            for (int j = c; j < COLOUR_POOL; j += C)
                assert_int_equal(out[j].selected, s);
            drawn[c] += s;
            b2b[c] += s && prev[c];
            prev[c] = s;
        }
    }
    double chi = binom_chi2(drawn, trials, ps, C);
    printf("REPORT colour: %d members in 4 colours, %d days, every member of a drawn colour "
           "selected with it;",
           COLOUR_POOL, SIM_DAYS);
    for (int c = 0; c < C; c++)
        printf(" %s %.5f (p %.5f, %ld back-to-back)", colours[c].name, (double)drawn[c] / SIM_DAYS,
               ps[c], b2b[c]);
    printf("; chi2(colours, df 4) %.2f < %.2f\n", chi, CHI2_DF4);
    assert_true(chi < CHI2_DF4);
    for (int c = 0; c < C; c++)
        assert_true(b2b[c] > 0);
}

static void test_gr8_colour_members_with_other_numbers_share_the_colours_draw(void **state)
{
    (void)state;
    /* One Blue member at 2/7 beside Blue members at 1/7: whenever the 1/7 ones test, it does. */
    struct draw_member pool[3] = {colour(1, "Blue", 1, 7), colour(2, "Blue", 1, 7),
                                  colour(3, "Blue", 2, 7)};
    long only_wide = 0;
    for (long t = 0; t < 2000; t++) {
        uint8_t seed[DRAW_SEED_BYTES];
        struct draw_pick out[3];
        sim_seed("colour_mixed", t, seed);
        assert_int_equal(draw_day(seed, (int32_t)t, pool, 3, &office, out), 0);
        assert_int_equal(out[0].selected, out[1].selected);
        if (out[0].selected)
            assert_true(out[2].selected);
        only_wide += out[2].selected && !out[0].selected;
        /* Times and codes stay each participant's own. */
        assert_string_not_equal(out[0].code, out[1].code);
    }
    assert_true(only_wide > 0);
}

static void test_gr8_times_to_test_by_are_uniform_over_the_steps_and_fixed_when_one(void **state)
{
    (void)state;
    /* Everyone selected (366/366) on 2,500 days, times 06:00..16:40 every hour: 06:00..16:00,
     * 11 times. */
    struct draw_member pool[POOL];
    for (int i = 0; i < POOL; i++)
        pool[i] = daily(300 + i, 366, 366);
    const struct draw_times hourly = {360, 1000, 60}, fixed = {600, 600, 1},
                            fixed_step = {600, 600, 30};
    long slot[11] = {0}, total = 0;
    for (long t = 0; t < 2500; t++) {
        uint8_t seed[DRAW_SEED_BYTES];
        struct draw_pick out[POOL], one[POOL];
        sim_seed("times", t, seed);
        assert_int_equal(draw_day(seed, (int32_t)t, pool, POOL, &hourly, out), 0);
        for (int i = 0; i < POOL; i++) {
            assert_true(out[i].selected);
            int k = (out[i].test_by - 360) / 60;
            assert_true(k >= 0 && k < 11);
            assert_int_equal(out[i].test_by, 360 + 60 * k);
            slot[k]++;
            total++;
        }
        if (t < 200) {
            assert_int_equal(draw_day(seed, (int32_t)t, pool, POOL, &fixed, one), 0);
            for (int i = 0; i < POOL; i++)
                assert_int_equal(one[i].test_by, 600);
            assert_int_equal(draw_day(seed, (int32_t)t, pool, POOL, &fixed_step, one), 0);
            for (int i = 0; i < POOL; i++) {
                assert_int_equal(one[i].test_by, 600);
                /* The time does not change the code. */
                assert_string_equal(one[i].code, out[i].code);
            }
        }
    }
    double chi = pearson(slot, (double)total / 11, 11);
    printf("REPORT times 06:00..16:40 hourly: %ld picks over 11 times, chi2(df 10) %.2f < %.2f, "
           "never 16:40\n",
           total, chi, CHI2_DF10);
    assert_true(chi < CHI2_DF10);
}

static int by_text(const void *a, const void *b)
{
    return strcmp(a, b);
}

static void test_gr8_codes_are_crockford_and_differ_between_members_and_days(void **state)
{
    (void)state;
    struct draw_member pool[POOL];
    for (int i = 0; i < POOL; i++)
        pool[i] = daily(i + 1, 1, 7);
    /* 20,000 codes of 40 bits: a repeat would be a 1-in-5,000 event (birthday bound). */
    enum { DAYS = 1000 };
    static char codes[DAYS * POOL][DRAW_CODE_LEN + 1];
    size_t n = 0;
    for (long t = 0; t < DAYS; t++) {
        uint8_t seed[DRAW_SEED_BYTES];
        struct draw_pick out[POOL];
        sim_seed("codes", t, seed);
        assert_int_equal(draw_day(seed, (int32_t)t, pool, POOL, &office, out), 0);
        for (int i = 0; i < POOL; i++) {
            assert_code_shape(out[i].code);
            memcpy(codes[n++], out[i].code, DRAW_CODE_LEN + 1);
        }
    }
    qsort(codes, n, sizeof codes[0], by_text);
    for (size_t i = 1; i < n; i++)
        assert_string_not_equal(codes[i - 1], codes[i]);
}

/* The report of achieved against target: 2 of 7 every day over 7,000 days aims at 2,000 tests;
 * the tally's count, weekdays and hours add up to the picks, and a pick of someone else or a
 * time out of the day is refused, the tally unchanged. */
static void test_gr8_the_tally_sums_chances_and_spreads_selections_by_weekday_and_hour(void **state)
{
    (void)state;
    uint8_t seed[DRAW_SEED_BYTES];
    memset(seed, 0x42, sizeof seed);
    struct draw_member m = {.participant_id = 77, .model = DRAW_DAILY, .n = 2, .d = 7};
    struct draw_times times = {.earliest = 6 * 60, .latest = 18 * 60, .step = 30};
    struct draw_tally t = {0};
    int picked = 0;
    int32_t first = civil_parse("2030-01-07"); /* a Monday */
    for (int32_t day = first; day < first + 7000; day++) {
        struct draw_pick p;
        assert_int_equal(draw_day(seed, day, &m, 1, &times, &p), 0);
        picked += p.selected;
        assert_int_equal(draw_tally_add(&t, day, &m, &p), 0);
    }
    assert_int_equal(t.participant_id, 77);
    assert_int_equal(t.days, 7000);
    assert_int_equal(t.selected, picked);
    assert_true(t.expected > 1999.999 && t.expected < 2000.001);
    int wd = 0, hr = 0;
    for (int i = 0; i < 7; i++) {
        wd += t.by_weekday[i];
        /* 1000 Mondays, ... at 2/7: about 286 each (sd about 14) */
        assert_true(t.by_weekday[i] > 200 && t.by_weekday[i] < 370);
    }
    for (int h = 0; h < 24; h++) {
        hr += t.by_hour[h];
        if (h < 6 || h > 18)
            assert_int_equal(t.by_hour[h], 0);
    }
    assert_int_equal(wd, picked);
    assert_int_equal(hr, picked);
    /* 2030-01-07 is a Monday: its selection (if any) counts on index 0. */
    struct draw_tally one = {0};
    struct draw_pick p = {.participant_id = 77, .selected = 1, .test_by = 10 * 60 + 30};
    assert_int_equal(draw_tally_add(&one, first, &m, &p), 0);
    assert_int_equal(one.by_weekday[0], 1);
    assert_int_equal(one.by_hour[10], 1);
    struct draw_tally before = one;
    struct draw_pick other = {.participant_id = 78, .selected = 1, .test_by = 600};
    assert_int_equal(draw_tally_add(&one, first + 1, &m, &other), -1);
    struct draw_pick late = {.participant_id = 77, .selected = 1, .test_by = 1440};
    assert_int_equal(draw_tally_add(&one, first + 1, &m, &late), -1);
    assert_memory_equal(&one, &before, sizeof one);
    /* A window member's target is the model's n/d a day, whatever is left of its window. */
    struct draw_member w = {.participant_id = 9, .model = DRAW_WINDOW, .n = 2, .d = 14,
                            .win_pos = 12, .win_left = 1};
    struct draw_tally wt = {0};
    struct draw_pick wp = {.participant_id = 9, .selected = 0, .test_by = -1};
    assert_int_equal(draw_tally_add(&wt, first, &w, &wp), 0);
    assert_true(wt.expected > 2.0 / 14 - 1e-12 && wt.expected < 2.0 / 14 + 1e-12);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gr8_model_names_round_trip),
        cmocka_unit_test(
            test_gr8_a_member_with_numbers_its_model_cannot_use_is_refused_with_the_field),
        cmocka_unit_test(test_gr8_each_models_chance_on_the_day),
        cmocka_unit_test(test_gr8_the_commitment_is_the_sha256_of_the_seed),
        cmocka_unit_test(test_gr8_a_seed_round_trips_through_hex_and_bad_hex_is_refused),
        cmocka_unit_test(test_gr8_new_seeds_are_random),
        cmocka_unit_test(test_gr8_picks_match_the_python_reference_implementation),
        cmocka_unit_test(test_gr8_the_same_seed_day_and_pool_give_the_same_picks_in_any_order),
        cmocka_unit_test(test_gr8_a_bad_member_time_or_day_refuses_the_whole_draw),
        cmocka_unit_test(test_gr8_daily_2_of_7_is_fair_across_members_weekdays_and_times),
        cmocka_unit_test(test_gr8_rate_month_4_to_8_averages_6_a_month),
        cmocka_unit_test(test_gr8_window_2_of_14_places_exactly_2_on_uniformly_random_days),
        cmocka_unit_test(test_gr8_a_drawn_colour_selects_all_its_members_at_the_colours_rate),
        cmocka_unit_test(test_gr8_colour_members_with_other_numbers_share_the_colours_draw),
        cmocka_unit_test(test_gr8_times_to_test_by_are_uniform_over_the_steps_and_fixed_when_one),
        cmocka_unit_test(test_gr8_codes_are_crockford_and_differ_between_members_and_days),
        cmocka_unit_test(test_gr8_the_tally_sums_chances_and_spreads_selections_by_weekday_and_hour),
    };
    return cmocka_run_group_tests_name("draw", tests, NULL, NULL);
}
