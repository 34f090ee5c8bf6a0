/* draw.h - random test selection for monitoring programs (SPEC GR-8), pure and auditable.
 *
 * Every day has its own seed: 32 random bytes made before the day, whose SHA-256 (the commitment,
 * draw_commit) is shown to the case managers before the day begins. A participant's draw on a day
 * is a keyed BLAKE2b hash (libsodium crypto_generichash, keyed with the day's seed) of the
 * algorithm's name, the day and the participant's id, read as a 64-bit number u in [0, 2^64):
 * the participant is selected when u < p * 2^64, computed exactly in integers (num/den). The
 * selector is given the pool only, never anyone's history of selections, so every member of the
 * pool with the same model has the same chance on every draw and back-to-back selections happen.
 * Anyone holding the seed (published after the day) and the pool snapshot kept with the draw can
 * re-run it (`peerdesk verify-draw DAY`) and get the same selections.
 *
 * The models (reference/monitoring-and-outcomes.md section 2):
 *   DRAW_DAILY       equal daily probability: n tests per d days is p = n/d on every day,
 *                    weekends and holidays included (NADCP: 2 a week is 2/7 each day);
 *   DRAW_RATE_MONTH  a rate per month with a range (4-8 a month): p = (min+max)/2 divided by the
 *                    number of days of the day's month (at most 1); the monthly count varies
 *                    around the middle of the range (it is not held inside it), and the report
 *                    of achieved against target shows it;
 *   DRAW_WINDOW      exactly n tests in every d-day window counted from the member's anchor day:
 *                    on the k-th day of a window (k = 0..d-1) with r tests still to place the
 *                    chance is r/(d-k), so the n days are a uniformly random n-subset of the
 *                    window and each day's chance is n/d. The pool snapshot carries (k, r), which
 *                    the caller derives from the window's earlier draws;
 *   DRAW_COLOUR      colour groups: each colour is drawn on the day with p = n/d (keyed by the
 *                    colour's name, not a participant), and every member of a drawn colour tests
 *                    (members of one colour share its draw: each is selected when that draw
 *                    falls below its own n/d, so one colour's members carry the same n/d).
 *
 * The exact layout of the streams (labels "select", "time", "code", "colour"), of the times and
 * of the confirmation codes is in draw.c's header comment; tools/draw_reference.py re-implements
 * it.
 *
 * The time to test by is drawn the same way (label "time"): a multiple of step minutes
 * between the program's earliest and latest time, uniformly, so collections spread over the hours
 * of the day as well as over the days of the week. Every member gets a confirmation code (label
 * "code"), selected or not, so the code itself tells nothing.
 *
 * No I/O; thread-safe. libsodium must be initialised (sodium_init) before the first call. */
#ifndef PD_DRAW_H
#define PD_DRAW_H

#include <stddef.h>
#include <stdint.h>

/* The algorithm's name and version, kept with every draw. A change to the way a draw is made is a
 * new name, and old draws are re-run with the algorithm they name. */
#define DRAW_ALGORITHM  "peerdesk-draw-1"
#define DRAW_SEED_BYTES 32
/* The commitment as lowercase hex (SHA-256, 64 characters). */
#define DRAW_COMMIT_HEX 64
/* A confirmation code: 8 characters of Crockford base32 (no I, L, O, U), shown as "XXXX-XXXX". */
#define DRAW_CODE_LEN   9
#define DRAW_COLOUR_MAX 24

enum draw_model { DRAW_DAILY, DRAW_RATE_MONTH, DRAW_WINDOW, DRAW_COLOUR, DRAW_MODEL__COUNT };

/* "daily", "rate_month", "window", "colour" ("" for a value out of range); parse returns -1 when
 * unknown or NULL. */
const char *draw_model_name(enum draw_model m);
int draw_model_parse(const char *s);

/* One member of a day's pool: who, under which model, and the model's numbers. */
struct draw_member {
    int64_t participant_id;
    enum draw_model model;
    int n, d;     /* DAILY, WINDOW, COLOUR: n tests per d days; RATE_MONTH: n..d tests a month */
    int win_pos;  /* WINDOW: this day's place in its window, 0..d-1 */
    int win_left; /* WINDOW: tests still to place in the window, 0..n */
    char colour[DRAW_COLOUR_MAX + 1]; /* COLOUR: the member's colour */
};

/* When a selected participant is to test by: minutes after local midnight, earliest + k * step
 * for k = 0, 1, ... up to latest inclusive (0 <= earliest <= latest <= 1439, step >= 1;
 * earliest == latest fixes the time). */
struct draw_times {
    int earliest, latest, step;
};

/* One member's outcome on the day. */
struct draw_pick {
    int64_t participant_id;
    int selected;
    int test_by;                  /* minutes after local midnight; -1 when not selected */
    char code[DRAW_CODE_LEN + 1]; /* the confirmation code of the day's check-in */
};

/* 0 when the member's numbers make sense for its model (1 <= n <= d <= 366; RATE_MONTH
 * 1 <= n <= d <= 31; WINDOW 0 <= win_pos < d, 0 <= win_left <= min(n, d - win_pos); COLOUR a
 * non-empty colour); otherwise -1 and *why a catalog message id (monitor.err.draw_*). */
int draw_member_check(const struct draw_member *m, const char **why);

/* The member's chance on the day as num/den (den > 0, num <= den). day is the civil day number
 * (civil.h), used by RATE_MONTH for the length of its month. A member that fails
 * draw_member_check has chance 0/1. */
void draw_chance(const struct draw_member *m, int32_t day, uint64_t *num, uint64_t *den);

/* Draw the day: out[i] for pool[i]. 0, or -1 (out untouched) when a member fails
 * draw_member_check, times are out of order or the day is not one of civil.h's (1900-2200).
 * The same seed, day, pool and times always give the same picks, and a member's pick does not
 * depend on the rest of the pool or its order. */
int draw_day(const uint8_t seed[DRAW_SEED_BYTES], int32_t day, const struct draw_member *pool,
             size_t n, const struct draw_times *times, struct draw_pick *out);

/* The commitment of a seed: lowercase hex SHA-256 (out: DRAW_COMMIT_HEX + 1 bytes). */
void draw_commit(const uint8_t seed[DRAW_SEED_BYTES], char out[DRAW_COMMIT_HEX + 1]);

/* Seeds as lowercase hex (64 characters) and back: draw_seed_parse returns 0, or -1 (seed
 * untouched) when hex is not exactly 64 hex digits (either case). */
void draw_seed_hex(const uint8_t seed[DRAW_SEED_BYTES], char out[2 * DRAW_SEED_BYTES + 1]);
int draw_seed_parse(const char *hex, uint8_t seed[DRAW_SEED_BYTES]);

/* A new random seed (libsodium randombytes_buf). */
void draw_seed_new(uint8_t seed[DRAW_SEED_BYTES]);

/* Achieved against target (GR-8): one participant's tally over a run of kept draws. The target
 * is the sum of the chances they had (draw_chance) on the days they were in the pool (for WINDOW
 * n/d a day, the model's aim, not the day's chance given the window so far); the spread
 * counts their selections by weekday (0 Monday .. 6 Sunday, in the organization's calendar: day
 * numbers are local days) and by the hour of the time to test by. */
struct draw_tally {
    int64_t participant_id;
    int days;            /* draws they were in the pool of */
    int selected;        /* of those, the draws that selected them */
    double expected;     /* the sum of their chances: the number of tests the model aims at */
    int by_weekday[7];   /* selections per weekday */
    int by_hour[24];     /* selections per hour of the time to test by */
};
/* Add one member's outcome of one day's draw to t (t->participant_id is set on the first). A pick
 * of someone else, or a test-by time out of 0..1439 on a selection, is not counted; 0, or -1. */
int draw_tally_add(struct draw_tally *t, int32_t day, const struct draw_member *m,
                   const struct draw_pick *p);

#endif
