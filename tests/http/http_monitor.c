/* http_monitor.c - monitoring programs on a real server (SPEC GR-6..GR-10, GR-7; issue 13): a
 * program configured with its phases and a bad phase line named; a recoveree enrolled once,
 * with a participant login; the daily check-in inside the window under a seed committed for
 * today (a chance of 1 in 1, so the draw selects whatever the seed), the same answer again, and
 * outside the window refused; a test moved one step at a time (GR-9) and a verified positive a
 * violation; a day closed at the console recording a missed check-in that staff excuse once with
 * a reason; 3 of 4 groups in a finished month 75 % and flagged, and the participant's own
 * meetings counted; a month invoiced at the sliding-scale tier, a payment and the balance; the
 * laboratory's CSV imported all rows or none; a participant reaching only their own record; the
 * board's minimum-necessary view and more only under consent, entered in the accounting of
 * disclosures (RC-3, RC-4); and another organization's ids not there. Both engines.
 *
 * The server's mail thread runs the monitoring daily pass about a second after it starts and then
 * every minute (mailer.h MAILER_MONITOR_S): it draws today for every program whose check-in
 * window is open, with the pool of that moment. A participant enrolled after that draw joins the
 * pool at their check-in (drawn with the same committed seed), so no assertion here depends on
 * when the pass runs; the check-in test enrols one after the draw on purpose. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "accounts.h"
#include "civil.h"
#include "harness.h"
#include "tz.h"

#define BOARD_NAME "New Jersey Board of Nursing"
#define P1_LICENCE "26NR00001"
#define P2_LICENCE "26NR00002"
#define P1_USER    "nora.quill"
#define P2_USER    "omar.vance"
#define P_PASSWORD "Harbor lantern blue 42"
/* The test seed of today's draw of program A (any 64 hex digits: the chance is 1 in 1). */
#define SEED_HEX "5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed"

static th_env *env;
static th_sess *admin, *sup, *cm, *fac, *board, *p1s, *p2s;
static int64_t rec[4], part[4], prog_a, prog_b, cm_id, test1, test3, test4, vio;
static char code1[16];

/* ---- helpers ------------------------------------------------------------------------ */

static const char *day(int offset)
{
    static char ring[16][11];
    static int k;
    char *s = ring[k++ % 16];
    civil_format(th_today() + offset, s);
    return s;
}

static const char *day_at(int32_t d)
{
    static char ring[16][11];
    static int k;
    char *s = ring[k++ % 16];
    civil_format(d, s);
    return s;
}

/* The first day of this month and of the month before. */
static int32_t first_of_month(void)
{
    int y, m, d;
    civil_split(th_today(), &y, &m, &d);
    return civil_days(y, m, 1);
}

static int32_t first_of_last_month(void)
{
    return civil_add_months(first_of_month(), -1);
}

static const char *month_of(int32_t d, char out[8])
{
    int y, m, dd;
    civil_split(d, &y, &m, &dd);
    snprintf(out, 8, "%04d-%02d", y, m);
    return out;
}

#define POST(s, want, body, ...)                                                                   \
    do {                                                                                           \
        char p_[200];                                                                              \
        snprintf(p_, sizeof p_, __VA_ARGS__);                                                      \
        th_post((s), (body), "%s", p_);                                                            \
        TH_ASSERT_STATUS((s), (want));                                                             \
    } while (0)

#define GET(s, want, ...)                                                                          \
    do {                                                                                           \
        char p_[200];                                                                              \
        snprintf(p_, sizeof p_, __VA_ARGS__);                                                      \
        th_get((s), "%s", p_);                                                                     \
        TH_ASSERT_STATUS((s), (want));                                                             \
    } while (0)

/* Fail unless the last response was refused by role (403) or not there (404). */
#define TH_ASSERT_KEPT_OUT(s)                                                                      \
    do {                                                                                           \
        long st_ = th_status(s);                                                                   \
        if (st_ != 403 && st_ != 404)                                                              \
            fail_msg("status %ld, expected 403 or 404\n%s", st_, th_last(s));                      \
    } while (0)

static th_sess *signed_in(const char *org, const char *username, const char *password)
{
    th_sess *s = th_sess_new(env);
    assert_non_null(s);
    if (th_login(s, org, username, password) != 200)
        fail_msg("sign-in of %s failed\n%s", username, th_last(s));
    return s;
}

static int64_t make_recoveree(const char *first, const char *last)
{
    POST(admin, 201,
         json_pack("{s:s,s:s,s:s,s:s}", "first_name", first, "last_name", last, "dob", "1981-04-09",
                   "language", "English"),
         "/api/v1/recoverees");
    int64_t id = th_jint(admin, "id");
    assert_true(id > 0);
    return id;
}

static json_t *program_body(const char *name, const char *from, const char *to, const char *phases)
{
    return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:i,s:s,s:i,s:s,s:s,s:s,s:s,s:s}", "name", name,
                     "board", BOARD_NAME, "checkin_from", from, "checkin_to", to,
                     "test_by_earliest", "10:00", "test_by_latest", "18:00", "test_by_step", 30,
                     "sites",
                     "Quest Diagnostics, 1 Raymond Plaza W, Newark NJ\nLabCorp, 185 Washington "
                     "St, Hoboken NJ",
                     "report_grace_days", 7, "fee_tiers", "100|20\n-1|80", "poverty_base", "15650",
                     "poverty_per_person", "5500", "test_fees", "urine|60", "phases", phases);
}

/* An enrolment; income and username may be NULL (none recorded, no login). */
static json_t *enrol_body(int64_t recoveree, int64_t program, int64_t case_manager,
                          const char *licence, const char *start, int household, const char *income,
                          const char *username)
{
    json_t *b = json_pack("{s:I,s:I,s:I,s:s,s:s,s:s,s:s,s:i,s:s,s:i,s:s}", "recoveree_id",
                          (json_int_t)recoveree, "program_id", (json_int_t)program,
                          "case_manager_id", (json_int_t)case_manager, "licence_type", "RN",
                          "licence_number", licence, "licence_state", "NJ", "board", BOARD_NAME,
                          "household", household, "start_date", start, "months", 36, "terms",
                          "Three-year agreement under the program's standard terms.");
    if (income)
        json_object_set_new(b, "income", json_string(income));
    if (username) {
        json_object_set_new(b, "username", json_string(username));
        json_object_set_new(b, "password", json_string(P_PASSWORD));
    }
    return b;
}

/* The object of arr whose key is the string val, or NULL. */
static json_t *find_str(json_t *arr, const char *key, const char *val)
{
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
    {
        const char *s = json_string_value(json_object_get(v, key));
        if (s && strcmp(s, val) == 0)
            return v;
    }
    return NULL;
}

static json_t *find_id(json_t *arr, int64_t id)
{
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
    {
        if (json_integer_value(json_object_get(v, "id")) == id)
            return v;
    }
    return NULL;
}

static int64_t jint(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_integer(v) ? (int64_t)json_integer_value(v) : -1;
}

static const char *jstr(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* The test of participant p on day d as staff session s sees it (owned by s until its next
 * request), or a failure. */
static json_t *test_on(th_sess *s, int64_t p, const char *d)
{
    GET(s, 200, "/api/v1/monitoring/participants/%lld", (long long)p);
    json_t *t = find_str(json_object_get(th_json(s), "tests"), "day", d);
    if (!t)
        fail_msg("no test of %s on participant %lld\n%s", d, (long long)p, th_last(s));
    return t;
}

static json_t *move(const char *to)
{
    return json_pack("{s:s}", "to", to);
}

/* One month's duty of a record's months array, or a failure. */
static json_t *duty_of(json_t *months, const char *month, const char *duty)
{
    json_t *m = find_str(months, "month", month);
    if (!m)
        fail_msg("no month %s", month);
    json_t *d = find_str(json_object_get(m, "duties"), "duty", duty);
    if (!d)
        fail_msg("month %s has no duty %s", month, duty);
    return d;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
}

/* ---- setup ---------------------------------------------------------------------------- */

static int setup(void **state)
{
    (void)state;
    env = th_env_start();
    if (!env)
        return -1;
    admin = signed_in("alpha", "admin", TH_PASSWORD);
    sup = signed_in("alpha", "supervisor", TH_PASSWORD);
    cm = signed_in("alpha", "case_manager", TH_PASSWORD);
    fac = signed_in("alpha", "facilitator", TH_PASSWORD);
    board = signed_in("alpha", "board", TH_PASSWORD);
    cm_id = env->org[TH_ALPHA].user_id[ROLE_CASE_MANAGER];
    rec[0] = make_recoveree("Nora", "Quill");
    rec[1] = make_recoveree("Omar", "Vance");
    rec[2] = make_recoveree("Pia", "Lund");
    rec[3] = make_recoveree("Raul", "Sosa");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    th_sess_free(admin);
    th_sess_free(sup);
    th_sess_free(cm);
    th_sess_free(fac);
    th_sess_free(board);
    th_sess_free(p1s);
    th_sess_free(p2s);
    return th_env_stop(env);
}

/* ---- 1. programs and enrolment (GR-6) --------------------------------------------------- */

static void test_gr6_a_program_names_a_bad_phase_line_and_a_recoveree_is_enrolled_once(void **st)
{
    (void)st;
    /* Refused: a phase line short of its parts, a duty that does not read, an unknown model. */
    static const char *const bad[] = {
        "Phase 1 | daily | 1",
        "Phase 1 | daily | 1 | 1 | group:four/month",
        "Phase 1 | weekly | 1 | 1 | group:4/month",
        "Phase 1 | daily | 3 | 2 | group:4/month",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        th_post(admin, program_body("Bad program", "00:00", "23:59", bad[i]),
                "/api/v1/monitoring/programs");
        TH_ASSERT_ERROR(admin, 400, "invalid");
        TH_ASSERT_STR(th_jstr(admin, "error.field"), "phases");
    }
    /* Refused: a supervisor does not configure programs. */
    th_post(sup,
            program_body("Supervisor's program", "00:00", "23:59",
                         "Phase 1 | daily | 1 | 1 | group:4/month"),
            "/api/v1/monitoring/programs");
    TH_ASSERT_STATUS(sup, 403);
    /* Allowed: the administrator's, with a chance of 1 in 1 every day. */
    POST(admin, 201,
         program_body("Alpha Professional Assistance Program", "00:00", "23:59",
                      "Phase 1: early recovery | daily | 1 | 1 | group:4/month, mutual_help:3/week "
                      "| No night shifts."),
         "/api/v1/monitoring/programs");
    prog_a = th_jint(admin, "id");
    assert_true(prog_a > 0);
    th_post(admin,
            program_body("Alpha Professional Assistance Program", "00:00", "23:59",
                         "Phase 1 | daily | 1 | 1 | group:4/month"),
            "/api/v1/monitoring/programs");
    TH_ASSERT_ERROR(admin, 409, "name_taken");
    GET(admin, 200, "/api/v1/monitoring/programs");
    json_t *p = find_id(json_object_get(th_json(admin), "items"), prog_a);
    assert_non_null(p);
    json_t *ph = json_array_get(json_object_get(p, "phases"), 0);
    TH_ASSERT_STR(jstr(ph, "model"), "daily");
    assert_int_equal(jint(ph, "n"), 1);
    assert_int_equal(jint(ph, "d"), 1);
    TH_ASSERT_STR(jstr(ph, "restrictions"), "No night shifts.");
    json_t *g = find_str(json_object_get(ph, "duties"), "kind", "group");
    assert_non_null(g);
    assert_int_equal(jint(g, "count"), 4);
    TH_ASSERT_STR(jstr(g, "per"), "month");

    /* Refused: a case manager who is not one (the peer). */
    th_post(admin,
            enrol_body(rec[0], prog_a, env->org[TH_ALPHA].user_id[ROLE_PEER], P1_LICENCE,
                       day_at(first_of_last_month()), 3, "21000", P1_USER),
            "/api/v1/monitoring/participants");
    TH_ASSERT_ERROR(admin, 422, "refused");
    TH_ASSERT_STR(th_jstr(admin, "error.field"), "case_manager_id");
    /* Refused: a login without its password. */
    json_t *b = enrol_body(rec[0], prog_a, cm_id, P1_LICENCE, day_at(first_of_last_month()), 3,
                           "21000", P1_USER);
    json_object_del(b, "password");
    th_post(admin, b, "/api/v1/monitoring/participants");
    TH_ASSERT_ERROR(admin, 400, "invalid");
    TH_ASSERT_STR(th_jstr(admin, "error.field"), "password");
    /* Allowed: Nora, from the first of last month, household of 3 earning $21,000, with her own
     * login. */
    POST(admin, 201,
         enrol_body(rec[0], prog_a, cm_id, P1_LICENCE, day_at(first_of_last_month()), 3, "21000",
                    P1_USER),
         "/api/v1/monitoring/participants");
    part[0] = th_jint(admin, "id");
    assert_true(part[0] > 0);
    /* Refused: the same recoveree a second time, even without a login. */
    th_post(admin, enrol_body(rec[0], prog_a, cm_id, "26NR09999", day(0), 1, NULL, NULL),
            "/api/v1/monitoring/participants");
    TH_ASSERT_ERROR(admin, 409, "enrolled");
    /* Two more from today, without logins: Pia (no income recorded) and Raul. */
    POST(admin, 201, enrol_body(rec[2], prog_a, cm_id, "26NR00003", day(0), 1, NULL, NULL),
         "/api/v1/monitoring/participants");
    part[2] = th_jint(admin, "id");
    POST(admin, 201, enrol_body(rec[3], prog_a, cm_id, "26NR00004", day(0), 2, "90000", NULL),
         "/api/v1/monitoring/participants");
    part[3] = th_jint(admin, "id");
    assert_true(part[2] > 0 && part[3] > 0);
    /* Her case manager sees the agreement's first version. */
    GET(cm, 200, "/api/v1/monitoring/participants/%lld", (long long)part[0]);
    TH_ASSERT_STR(th_jstr(cm, "licence_number"), P1_LICENCE);
    TH_ASSERT_STR(th_jstr(cm, "board"), BOARD_NAME);
    TH_ASSERT_STR(th_jstr(cm, "agreement.0.start_date"), day_at(first_of_last_month()));
    assert_int_equal(th_jint(cm, "agreement.0.version"), 1);
    TH_ASSERT_STR(th_jstr(cm, "agreement.0.phase"), "Phase 1: early recovery");
    /* Her login is a participant's, linked to her record. */
    p1s = signed_in("alpha", P1_USER, P_PASSWORD);
    GET(p1s, 200, "/api/v1/my-record");
    assert_int_equal(th_jint(p1s, "id"), part[0]);
}

/* ---- 2. the daily check-in (GR-8) ----------------------------------------------------- */

static void test_gr8_a_check_in_inside_the_window_under_a_committed_seed_is_selected(void **st)
{
    (void)st;
    /* Program B's window leaves out now, in the organization's zone (ORG_TIME_ZONE_DEFAULT). */
    const struct tz *z = tz_get(ORG_TIME_ZONE_DEFAULT, NULL);
    assert_non_null(z);
    struct tz_local l;
    tz_local_of(z, (int64_t)time(NULL), &l);
    int now = l.hour * 60 + l.minute;
    char from[16], to[16];
    if (now >= 120) {
        snprintf(from, sizeof from, "00:00");
        snprintf(to, sizeof to, "%02d:%02d", (now - 60) / 60, (now - 60) % 60);
    } else {
        snprintf(from, sizeof from, "%02d:%02d", (now + 60) / 60, (now + 60) % 60);
        snprintf(to, sizeof to, "23:59");
    }
    POST(admin, 201,
         program_body("Alpha Evening Program", from, to,
                      "Phase 1 | daily | 1 | 1 | mutual_help:2/week"),
         "/api/v1/monitoring/programs");
    prog_b = th_jint(admin, "id");
    POST(admin, 201, enrol_body(rec[1], prog_b, cm_id, P2_LICENCE, day(0), 1, NULL, P2_USER),
         "/api/v1/monitoring/participants");
    part[1] = th_jint(admin, "id");
    assert_true(part[1] > 0);

    /* Refused: a seed for a day gone by, a seed that is not 64 hex digits, a case manager's. */
    th_post(admin,
            json_pack("{s:I,s:s,s:s}", "program_id", (json_int_t)prog_a, "day", day(-1), "seed",
                      SEED_HEX),
            "/api/v1/monitoring/draws/seed");
    TH_ASSERT_ERROR(admin, 422, "refused");
    TH_ASSERT_STR(th_jstr(admin, "error.rule"), "GR-8");
    th_post(
        admin,
        json_pack("{s:I,s:s,s:s}", "program_id", (json_int_t)prog_a, "day", day(0), "seed", "5eed"),
        "/api/v1/monitoring/draws/seed");
    TH_ASSERT_ERROR(admin, 400, "invalid");
    TH_ASSERT_STR(th_jstr(admin, "error.field"), "seed");
    th_post(cm,
            json_pack("{s:I,s:s,s:s}", "program_id", (json_int_t)prog_a, "day", day(0), "seed",
                      SEED_HEX),
            "/api/v1/monitoring/draws/seed");
    TH_ASSERT_STATUS(cm, 403);
    /* Today's seed, committed before anything is drawn: staff see its SHA-256, not the seed. */
    POST(admin, 201,
         json_pack("{s:I,s:s,s:s}", "program_id", (json_int_t)prog_a, "day", day(0), "seed",
                   SEED_HEX),
         "/api/v1/monitoring/draws/seed");
    uint8_t seed[32], h[crypto_hash_sha256_BYTES];
    char want[2 * crypto_hash_sha256_BYTES + 1];
    assert_int_equal(sodium_hex2bin(seed, sizeof seed, SEED_HEX, 64, NULL, NULL, NULL), 0);
    crypto_hash_sha256(h, seed, sizeof seed);
    sodium_bin2hex(want, sizeof want, h, sizeof h);
    GET(cm, 200, "/api/v1/monitoring/draws");
    json_t *pd = find_id(json_object_get(th_json(cm), "items"), prog_a);
    assert_non_null(pd);
    json_t *d0 = find_str(json_object_get(pd, "days"), "day", day(0));
    assert_non_null(d0);
    TH_ASSERT_STR(jstr(d0, "commitment"), want);
    assert_null(json_object_get(d0, "seed"));
    TH_ASSERT_LACKS(th_body(cm), SEED_HEX);

    /* Allowed: Nora checks in inside the window and is selected, with a time, the sites and a
     * code. */
    POST(p1s, 201, NULL, "/api/v1/checkin");
    assert_true(json_is_true(json_object_get(th_json(p1s), "selected")));
    assert_false(json_is_true(json_object_get(th_json(p1s), "again")));
    const char *by = th_jstr(p1s, "test_by");
    assert_non_null(by);
    int hh, mm;
    assert_int_equal(sscanf(by, "%2d:%2d", &hh, &mm), 2);
    assert_true(hh * 60 + mm >= 10 * 60 && hh * 60 + mm <= 18 * 60 && mm % 30 == 0);
    TH_ASSERT_CONTAINS(th_jstr(p1s, "sites"), "Quest Diagnostics");
    TH_ASSERT_CONTAINS(th_jstr(p1s, "message"), by);
    const char *code = th_jstr(p1s, "code");
    assert_non_null(code);
    assert_int_equal(strlen(code), 9);
    assert_int_equal(code[4], '-');
    snprintf(code1, sizeof code1, "%s", code);
    char first_by[6];
    snprintf(first_by, sizeof first_by, "%s", by);
    /* Again the same day: the same answer, never a second draw. */
    POST(p1s, 200, NULL, "/api/v1/checkin");
    assert_true(json_is_true(json_object_get(th_json(p1s), "again")));
    assert_true(json_is_true(json_object_get(th_json(p1s), "selected")));
    TH_ASSERT_STR(th_jstr(p1s, "code"), code1);
    TH_ASSERT_STR(th_jstr(p1s, "test_by"), first_by);
    GET(p1s, 200, "/api/v1/my-record");
    json_t *ci = find_str(json_object_get(th_json(p1s), "checkins"), "day", day(0));
    assert_non_null(ci);
    TH_ASSERT_STR(jstr(ci, "code"), code1);
    /* Refused: the seed of a day already drawn. */
    th_post(admin, json_pack("{s:I,s:s}", "program_id", (json_int_t)prog_a, "day", day(0)),
            "/api/v1/monitoring/draws/seed");
    TH_ASSERT_ERROR(admin, 409, "drawn");
    /* Anyone can re-run it: the same draw, all three of the pool selected. */
    char *out = NULL;
    int rc = th_cli(env, &out, "verify-draw", day(0), "--org", "alpha", NULL);
    if (rc != 0 || !strstr(out, "Alpha Professional Assistance Program: the same draw again: 3 in "
                                "the pool, 3 selected"))
        fail_msg("verify-draw exited %d:\n%s", rc, out);
    free(out);
    /* Enrolled after the day was drawn: her check-in draws her with the day's seed and adds her
     * to the kept pool, so the re-run still agrees (a member's pick depends on no one else's). */
    int64_t late_rec = make_recoveree("Lena", "Marsh");
    POST(admin, 201, enrol_body(late_rec, prog_a, cm_id, "26NR00009", day(0), 1, NULL, "lena.marsh"),
         "/api/v1/monitoring/participants");
    th_sess *late = signed_in("alpha", "lena.marsh", P_PASSWORD);
    POST(late, 201, NULL, "/api/v1/checkin");
    assert_true(json_is_true(json_object_get(th_json(late), "selected")));
    GET(late, 200, "/api/v1/my-record");
    assert_int_equal(json_array_size(json_object_get(th_json(late), "tests")), 1);
    th_sess_free(late);
    out = NULL;
    rc = th_cli(env, &out, "verify-draw", day(0), "--org", "alpha", NULL);
    if (rc != 0 || !strstr(out, "Alpha Professional Assistance Program: the same draw again: 4 in "
                                "the pool, 4 selected"))
        fail_msg("verify-draw after a late enrolment exited %d:\n%s", rc, out);
    free(out);

    /* Refused: Omar, outside his program's window. */
    p2s = signed_in("alpha", P2_USER, P_PASSWORD);
    th_post(p2s, NULL, "/api/v1/checkin");
    TH_ASSERT_ERROR(p2s, 422, "refused");
    TH_ASSERT_STR(th_jstr(p2s, "error.rule"), "GR-8");
    TH_ASSERT_CONTAINS(th_jstr(p2s, "error.message"), now >= 120 ? to : from);
    GET(p2s, 200, "/api/v1/my-record");
    assert_int_equal(json_array_size(json_object_get(th_json(p2s), "checkins")), 0);
    /* Refused: staff do not check in. */
    th_post(cm, NULL, "/api/v1/checkin");
    TH_ASSERT_STATUS(cm, 403);
}

/* ---- 3. tests (GR-9) ------------------------------------------------------------------ */

static void test_gr9_a_test_moves_one_step_at_a_time_and_a_positive_is_a_violation(void **st)
{
    (void)st;
    json_t *t = test_on(cm, part[0], day(0));
    test1 = jint(t, "id");
    int64_t v0 = jint(t, "version");
    TH_ASSERT_STR(jstr(t, "state"), "selected");
    assert_true(json_is_true(json_object_get(t, "can_collect")));
    assert_false(json_is_true(json_object_get(t, "can_send")));
    /* Refused: skipping ahead. */
    json_t *b = move("sent");
    json_object_set_new(b, "lab", json_string("Quest Diagnostics, Lenexa KS"));
    th_post(cm, b, "/api/v1/monitoring/tests/%lld", (long long)test1);
    TH_ASSERT_ERROR(cm, 422, "refused");
    TH_ASSERT_STR(th_jstr(cm, "error.rule"), "GR-9");
    b = move("verified");
    json_object_set_new(b, "mro_result", json_string("negative"));
    th_post(cm, b, "/api/v1/monitoring/tests/%lld", (long long)test1);
    TH_ASSERT_ERROR(cm, 422, "refused");
    /* Refused: a collection without its custody form. */
    b = move("collected");
    json_object_set_new(b, "site", json_string("Quest Diagnostics, Newark"));
    th_post(cm, b, "/api/v1/monitoring/tests/%lld", (long long)test1);
    TH_ASSERT_ERROR(cm, 400, "invalid");
    TH_ASSERT_STR(th_jstr(cm, "error.field"), "custody_form");
    /* Refused: a participant moves no test. */
    th_post(p1s, move("excused"), "/api/v1/monitoring/tests/%lld", (long long)test1);
    TH_ASSERT_STATUS(p1s, 403);
    /* Allowed: collected, observed. */
    b = json_pack("{s:s,s:s,s:s,s:b,s:I}", "to", "collected", "site", "Quest Diagnostics, Newark",
                  "custody_form", "CCF-0001", "observed", 1, "version", (json_int_t)v0);
    POST(cm, 200, b, "/api/v1/monitoring/tests/%lld", (long long)test1);
    /* Refused: backwards, and a move made on what was seen before the collection. */
    th_post(cm, move("selected"), "/api/v1/monitoring/tests/%lld", (long long)test1);
    TH_ASSERT_ERROR(cm, 422, "refused");
    TH_ASSERT_STR(th_jstr(cm, "error.rule"), "GR-9");
    b = json_pack("{s:s,s:s,s:I}", "to", "sent", "lab", "Quest Diagnostics, Lenexa KS", "version",
                  (json_int_t)v0);
    th_post(cm, b, "/api/v1/monitoring/tests/%lld", (long long)test1);
    TH_ASSERT_ERROR(cm, 409, "stale");
    /* Allowed: sent, resulted negative, verified negative. */
    b = move("sent");
    json_object_set_new(b, "lab", json_string("Quest Diagnostics, Lenexa KS"));
    POST(cm, 200, b, "/api/v1/monitoring/tests/%lld", (long long)test1);
    th_post(cm, move("verified"), "/api/v1/monitoring/tests/%lld", (long long)test1);
    TH_ASSERT_ERROR(cm, 422, "refused");
    POST(cm, 200, json_pack("{s:s,s:s}", "to", "resulted", "result", "negative"),
         "/api/v1/monitoring/tests/%lld", (long long)test1);
    th_post(cm, json_pack("{s:s,s:s}", "to", "verified", "mro_result", "clean"),
            "/api/v1/monitoring/tests/%lld", (long long)test1);
    TH_ASSERT_ERROR(cm, 400, "invalid");
    TH_ASSERT_STR(th_jstr(cm, "error.field"), "mro_result");
    POST(cm, 200, json_pack("{s:s,s:s}", "to", "verified", "mro_result", "negative"),
         "/api/v1/monitoring/tests/%lld", (long long)test1);
    /* Nothing leaves verified. */
    th_post(cm, json_pack("{s:s,s:s}", "to", "excused", "note", "Changed our mind."),
            "/api/v1/monitoring/tests/%lld", (long long)test1);
    TH_ASSERT_ERROR(cm, 422, "refused");
    t = test_on(cm, part[0], day(0));
    TH_ASSERT_STR(jstr(t, "state"), "verified");
    TH_ASSERT_STR(jstr(t, "result"), "negative");
    TH_ASSERT_STR(jstr(t, "mro_result"), "negative");
    TH_ASSERT_STR(jstr(t, "custody_form"), "CCF-0001");
    TH_ASSERT_STR(jstr(t, "lab"), "Quest Diagnostics, Lenexa KS");
    assert_true(json_is_true(json_object_get(t, "observed")));
    /* A verified negative is no violation. */
    json_t *vs = json_object_get(th_json(cm), "violations");
    assert_null(find_str(vs, "kind", "positive"));

    /* Pia's test, verified positive: a violation, open for staff to decide. */
    t = test_on(cm, part[2], day(0));
    test3 = jint(t, "id");
    POST(cm, 200,
         json_pack("{s:s,s:s,s:s}", "to", "collected", "site", "LabCorp, Hoboken", "custody_form",
                   "CCF-0003"),
         "/api/v1/monitoring/tests/%lld", (long long)test3);
    POST(cm, 200, json_pack("{s:s,s:s}", "to", "sent", "lab", "LabCorp, Raritan NJ"),
         "/api/v1/monitoring/tests/%lld", (long long)test3);
    POST(cm, 200, json_pack("{s:s,s:s}", "to", "resulted", "result", "positive"),
         "/api/v1/monitoring/tests/%lld", (long long)test3);
    GET(cm, 200, "/api/v1/monitoring/participants/%lld", (long long)part[2]);
    assert_null(find_str(json_object_get(th_json(cm), "violations"), "kind", "positive"));
    POST(cm, 200, json_pack("{s:s,s:s}", "to", "verified", "mro_result", "positive"),
         "/api/v1/monitoring/tests/%lld", (long long)test3);
    GET(cm, 200, "/api/v1/monitoring/participants/%lld", (long long)part[2]);
    json_t *pv = find_str(json_object_get(th_json(cm), "violations"), "kind", "positive");
    assert_non_null(pv);
    TH_ASSERT_STR(jstr(pv, "state"), "open");
    TH_ASSERT_STR(jstr(pv, "day"), day(0));
    assert_true(th_jint(cm, "open_violations") >= 1);
}

/* ---- 7. the laboratory's results file (GR-9) ------------------------------------------- */

static void test_gr9_a_lab_results_file_is_imported_whole_or_not_at_all(void **st)
{
    (void)st;
    json_t *t = test_on(cm, part[3], day(0));
    test4 = jint(t, "id");
    /* Refused: a custody form number another test has. */
    th_post(cm,
            json_pack("{s:s,s:s,s:s}", "to", "collected", "site", "Quest Diagnostics, Newark",
                      "custody_form", "CCF-0001"),
            "/api/v1/monitoring/tests/%lld", (long long)test4);
    TH_ASSERT_ERROR(cm, 400, "invalid");
    TH_ASSERT_STR(th_jstr(cm, "error.field"), "custody_form");
    POST(cm, 200,
         json_pack("{s:s,s:s,s:s}", "to", "collected", "site", "Quest Diagnostics, Newark",
                   "custody_form", "CCF-LAB-1"),
         "/api/v1/monitoring/tests/%lld", (long long)test4);

    char path[] = "/tmp/peerdesk-lab-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    /* Refused: an unknown form number on line 3 rejects the file, line 2 included. */
    write_file(path, "custody_form,result,mro_result,lab\n"
                     "CCF-LAB-1,negative,negative,\"Quest Diagnostics, Lenexa KS\"\n"
                     "CCF-NOPE-9,negative,,\"Quest Diagnostics, Lenexa KS\"\n");
    char *out = NULL;
    int rc = th_cli(env, &out, "import", "lab_results", path, "--org", "alpha", NULL);
    if (rc == 0 || !strstr(out, "line 3, custody_form") || strstr(out, "line 2") ||
        !strstr(out, "Nothing was written"))
        fail_msg("import exited %d:\n%s", rc, out);
    free(out);
    t = test_on(cm, part[3], day(0));
    TH_ASSERT_STR(jstr(t, "state"), "collected");
    assert_null(jstr(t, "result"));
    assert_null(jstr(t, "lab"));
    /* Allowed: the collected test moves on to sent, resulted and verified. */
    write_file(path, "custody_form,result,mro_result,lab\n"
                     "CCF-LAB-1,Negative,negative,\"Quest Diagnostics, Lenexa KS\"\n");
    rc = th_cli(env, &out, "import", "lab_results", path, "--org", "alpha", NULL);
    if (rc != 0 || !strstr(out, "1 rows read, 1 written"))
        fail_msg("import exited %d:\n%s", rc, out);
    free(out);
    t = test_on(cm, part[3], day(0));
    TH_ASSERT_STR(jstr(t, "state"), "verified");
    TH_ASSERT_STR(jstr(t, "result"), "negative");
    TH_ASSERT_STR(jstr(t, "mro_result"), "negative");
    TH_ASSERT_STR(jstr(t, "lab"), "Quest Diagnostics, Lenexa KS");
    assert_null(find_str(json_object_get(th_json(cm), "violations"), "kind", "positive"));
    /* The same file again: the result is in already, skipped. */
    rc = th_cli(env, &out, "import", "lab_results", path, "--org", "alpha", NULL);
    if (rc != 0 || !strstr(out, "0 written, 1 already there"))
        fail_msg("import exited %d:\n%s", rc, out);
    free(out);
    unlink(path);
    /* The moves are on the audit trail. */
    GET(admin, 200, "/api/v1/audit?action=monitor.test.verified");
    TH_ASSERT_CONTAINS(th_body(admin), "monitor.test.verified");
}

/* ---- 4. violations (GR-8, GR-9) ------------------------------------------------------ */

static void test_gr9_a_closed_day_records_a_missed_check_in_decided_once_with_a_reason(void **st)
{
    (void)st;
    const char *missed = day(-3);
    char *out = NULL;
    /* Refused: today is not over. */
    int rc = th_cli(env, &out, "close-day", day(0), "--org", "alpha", NULL);
    if (rc == 0)
        fail_msg("close-day of today exited 0:\n%s", out);
    free(out);
    rc = th_cli(env, &out, "close-day", missed, "--org", "alpha", NULL);
    if (rc != 0)
        fail_msg("close-day exited %d:\n%s", rc, out);
    free(out);
    GET(cm, 200, "/api/v1/monitoring/participants/%lld", (long long)part[0]);
    json_t *vs = json_object_get(th_json(cm), "violations");
    json_t *v = NULL;
    size_t i;
    json_t *x;
    json_array_foreach(vs, i, x)
    {
        TH_ASSERT_LACKS(jstr(x, "day"), day(0)); /* she checked in today */
        if (!strcmp(jstr(x, "kind"), "missed_checkin") && !strcmp(jstr(x, "day"), missed))
            v = x;
    }
    if (!v)
        fail_msg("no missed check-in of %s\n%s", missed, th_last(cm));
    vio = jint(v, "id");
    TH_ASSERT_STR(jstr(v, "state"), "open");
    /* Omar's agreement starts today: that day is no missed check-in of his. */
    GET(admin, 200, "/api/v1/monitoring/participants/%lld", (long long)part[1]);
    assert_null(find_str(json_object_get(th_json(admin), "violations"), "day", missed));

    /* Refused: a blank reason, a decision that is neither, someone who is not her staff. */
    th_post(cm, json_pack("{s:s,s:s}", "to", "excused", "reason", ""),
            "/api/v1/monitoring/violations/%lld/decide", (long long)vio);
    TH_ASSERT_ERROR(cm, 400, "invalid");
    TH_ASSERT_STR(th_jstr(cm, "error.field"), "reason");
    th_post(cm, json_pack("{s:s,s:s}", "to", "excused", "reason", "   \n "),
            "/api/v1/monitoring/violations/%lld/decide", (long long)vio);
    TH_ASSERT_ERROR(cm, 400, "invalid");
    TH_ASSERT_STR(th_jstr(cm, "error.field"), "reason");
    th_post(cm, json_pack("{s:s,s:s}", "to", "forgiven", "reason", "Because."),
            "/api/v1/monitoring/violations/%lld/decide", (long long)vio);
    TH_ASSERT_ERROR(cm, 400, "invalid");
    TH_ASSERT_STR(th_jstr(cm, "error.field"), "to");
    th_sess *peer = signed_in("alpha", "peer", TH_PASSWORD);
    th_post(peer, json_pack("{s:s,s:s}", "to", "excused", "reason", "I say so."),
            "/api/v1/monitoring/violations/%lld/decide", (long long)vio);
    TH_ASSERT_STATUS(peer, 403);
    th_sess_free(peer);
    assert_true(th_add_user(env, TH_ALPHA, "mon_other_cm", ROLE_CASE_MANAGER) > 0);
    th_sess *other = signed_in("alpha", "mon_other_cm", TH_PASSWORD);
    th_post(other, json_pack("{s:s,s:s}", "to", "excused", "reason", "Not mine to say."),
            "/api/v1/monitoring/violations/%lld/decide", (long long)vio);
    TH_ASSERT_STATUS(other, 404);
    th_get(other, "/api/v1/monitoring/participants/%lld", (long long)part[0]);
    TH_ASSERT_STATUS(other, 404);
    th_sess_free(other);
    /* Allowed: her case manager excuses it with a reason. */
    POST(cm, 200,
         json_pack("{s:s,s:s}", "to", "excused", "reason",
                   "In hospital that day; the discharge note is on file."),
         "/api/v1/monitoring/violations/%lld/decide", (long long)vio);
    /* Refused: deciding it again, either way. */
    th_post(cm, json_pack("{s:s,s:s}", "to", "confirmed", "reason", "On second thought."),
            "/api/v1/monitoring/violations/%lld/decide", (long long)vio);
    TH_ASSERT_ERROR(cm, 409, "decided");
    th_post(admin, json_pack("{s:s,s:s}", "to", "excused", "reason", "Again."),
            "/api/v1/monitoring/violations/%lld/decide", (long long)vio);
    TH_ASSERT_ERROR(admin, 409, "decided");
    GET(cm, 200, "/api/v1/monitoring/participants/%lld", (long long)part[0]);
    v = find_id(json_object_get(th_json(cm), "violations"), vio);
    assert_non_null(v);
    TH_ASSERT_STR(jstr(v, "state"), "excused");
    TH_ASSERT_STR(jstr(v, "reason"), "In hospital that day; the discharge note is on file.");
    assert_non_null(jstr(v, "decided_by"));
    GET(admin, 200, "/api/v1/audit?action=monitor.violation.excused");
    TH_ASSERT_CONTAINS(th_body(admin), "discharge note");
}

/* ---- 6. computed compliance (GR-6, GR-3) --------------------------------------------- */

/* A weekly group from the first of last month, at 00:00 on that weekday. */
static json_t *group_body(int32_t first)
{
    static const char *const wd[7] = {"SU", "MO", "TU", "WE", "TH", "FR", "SA"};
    char rule[64];
    /* 1900-01-01 (day 0) was a Monday. */
    snprintf(rule, sizeof rule, "FREQ=WEEKLY;BYDAY=%s", wd[(first % 7 + 1) % 7]);
    return json_pack("{s:s,s:s,s:s,s:i,s:s,s:s,s:s,s:i,s:s,s:s}", "name", "Nurses' Circle", "kind",
                     "professional", "place", "Room 4, 60 Park Pl", "capacity", 12, "ground_rules",
                     "What is said here stays here.", "start_date", day_at(first), "start_time",
                     "00:00", "minutes", 60, "rrule", rule, "funding_source", "medicaid");
}

static void test_gr6_3_of_4_groups_in_a_finished_month_is_75_percent_and_flagged(void **st)
{
    (void)st;
    int32_t first = first_of_last_month();
    int days = (int)(first_of_month() - first);
    char last[8];
    month_of(first, last);
    POST(sup, 201, group_body(first), "/api/v1/groups");
    int64_t g = th_jint(sup, "id");
    POST(admin, 200,
         json_pack("{s:I}", "user_id", (json_int_t)env->org[TH_ALPHA].user_id[ROLE_FACILITATOR]),
         "/api/v1/groups/%lld/facilitators", (long long)g);
    POST(admin, 200, json_pack("{s:I,s:b}", "recoveree_id", (json_int_t)rec[0], "agreed", 1),
         "/api/v1/groups/%lld/members", (long long)g);
    /* Four sessions of last month documented: present, late, absent, present. */
    static const char *const status[4] = {"present", "late", "absent", "present"};
    for (int k = 0; k < 4; k++) {
        POST(fac, 200, json_pack("{s:s}", "date", day_at(first + 7 * k)),
             "/api/v1/groups/%lld/sessions", (long long)g);
        int64_t sid = th_jint(fac, "id");
        char att[128];
        snprintf(att, sizeof att, "[{\"recoveree_id\":%lld,\"status\":\"%s\"}]", (long long)rec[0],
                 status[k]);
        POST(fac, 200,
             json_pack("{s:s,s:s}", "attendance", att, "note", "Topic: returning to practice."),
             "/api/v1/sessions/%lld/document", (long long)sid);
    }
    /* Her own mutual-help meetings, reported by her: two in last month. */
    th_post(p1s, json_pack("{s:s,s:s}", "day", day(1), "name", "Caduceus meeting"),
            "/api/v1/my-record/meetings");
    TH_ASSERT_ERROR(p1s, 400, "invalid");
    TH_ASSERT_STR(th_jstr(p1s, "error.field"), "day");
    POST(p1s, 201, json_pack("{s:s,s:s}", "day", day_at(first + 1), "name", "Caduceus meeting"),
         "/api/v1/my-record/meetings");
    POST(p1s, 201, json_pack("{s:s,s:s}", "day", day_at(first + 2), "name", "AA, St. Mark's"),
         "/api/v1/my-record/meetings");
    /* Refused: Omar reports none for her. */
    th_post(p2s, json_pack("{s:s,s:s}", "day", day_at(first + 3), "name", "AA"),
            "/api/v1/monitoring/participants/%lld/meetings", (long long)part[0]);
    TH_ASSERT_KEPT_OUT(p2s);

    GET(cm, 200, "/api/v1/monitoring/participants/%lld", (long long)part[0]);
    json_t *months = json_object_get(th_json(cm), "months");
    json_t *m = find_str(months, "month", last);
    assert_non_null(m);
    TH_ASSERT_STR(jstr(m, "status"), "non_compliant");
    assert_true(json_array_size(json_object_get(m, "reasons")) >= 1);
    json_t *gd = duty_of(months, last, "group");
    assert_int_equal(jint(gd, "required"), 4);
    assert_int_equal(jint(gd, "done"), 3);
    assert_int_equal(jint(gd, "percent"), 75);
    assert_true(json_is_true(json_object_get(gd, "flagged")));
    /* 3 a week over the month's days, rounded half up; 2 reported. */
    int required = (6 * days + 7) / 14;
    json_t *md = duty_of(months, last, "mutual_help");
    assert_int_equal(jint(md, "required"), required);
    assert_int_equal(jint(md, "done"), 2);
    assert_int_equal(jint(md, "percent"), 200 / required);
    assert_true(json_is_true(json_object_get(md, "flagged")));
    /* She sees the same on her own record. */
    GET(p1s, 200, "/api/v1/my-record");
    gd = duty_of(json_object_get(th_json(p1s), "months"), last, "group");
    assert_int_equal(jint(gd, "percent"), 75);
    assert_true(json_is_true(json_object_get(gd, "flagged")));
}

/* ---- 8. fees (GR-7) ------------------------------------------------------------------ */

static void test_gr7_a_month_invoiced_at_the_sliding_scale_a_payment_and_the_balance(void **st)
{
    (void)st;
    char last[8], this[8];
    month_of(first_of_last_month(), last);
    month_of(th_today(), this);
    /* The tiers: $20 for Nora (3 in the household, $21,000: under the $26,650 line), $80 for Pia
     * (no income recorded). */
    GET(cm, 200, "/api/v1/monitoring/participants/%lld", (long long)part[0]);
    assert_int_equal(th_jint(cm, "fees.tier"), 1);
    assert_int_equal(th_jint(cm, "fees.monthly_cents"), 2000);
    assert_int_equal(th_jint(cm, "fees.balance_cents"), 0);
    GET(cm, 200, "/api/v1/monitoring/participants/%lld", (long long)part[2]);
    assert_int_equal(th_jint(cm, "fees.tier"), 2);
    assert_int_equal(th_jint(cm, "fees.monthly_cents"), 8000);
    /* Refused: a month that is none. */
    th_post(cm, json_pack("{s:s}", "month", "2026-13"),
            "/api/v1/monitoring/participants/%lld/invoices", (long long)part[0]);
    TH_ASSERT_ERROR(cm, 400, "invalid");
    TH_ASSERT_STR(th_jstr(cm, "error.field"), "month");
    /* Last month: the monthly fee only (none of her tests was collected then); once. */
    POST(cm, 200, json_pack("{s:s}", "month", last),
         "/api/v1/monitoring/participants/%lld/invoices", (long long)part[0]);
    POST(cm, 200, json_pack("{s:s}", "month", last),
         "/api/v1/monitoring/participants/%lld/invoices", (long long)part[0]);
    GET(cm, 200, "/api/v1/monitoring/participants/%lld", (long long)part[0]);
    assert_int_equal(th_jint(cm, "fees.balance_cents"), 2000);
    json_t *inv = json_object_get(json_object_get(th_json(cm), "fees"), "invoices");
    assert_int_equal(json_array_size(inv), 1);
    TH_ASSERT_STR(jstr(json_array_get(inv, 0), "month"), last);
    assert_int_equal(jint(json_array_get(inv, 0), "amount_cents"), 2000);
    /* Refused: payments of nothing, less than nothing, or tomorrow; by the participant. */
    static const char *const bad[] = {"0", "-5.00", "twenty"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        th_post(cm, json_pack("{s:s,s:s}", "amount", bad[i], "method", "check"),
                "/api/v1/monitoring/participants/%lld/payments", (long long)part[0]);
        TH_ASSERT_ERROR(cm, 400, "invalid");
        TH_ASSERT_STR(th_jstr(cm, "error.field"), "amount");
    }
    th_post(cm, json_pack("{s:s,s:s,s:s}", "amount", "15.00", "method", "check", "day", day(1)),
            "/api/v1/monitoring/participants/%lld/payments", (long long)part[0]);
    TH_ASSERT_ERROR(cm, 400, "invalid");
    TH_ASSERT_STR(th_jstr(cm, "error.field"), "day");
    th_post(p1s, json_pack("{s:s,s:s}", "amount", "15.00", "method", "check"),
            "/api/v1/monitoring/participants/%lld/payments", (long long)part[0]);
    TH_ASSERT_STATUS(p1s, 403);
    /* Allowed: $15 paid leaves $5. */
    POST(cm, 201, json_pack("{s:s,s:s}", "amount", "15.00", "method", "check"),
         "/api/v1/monitoring/participants/%lld/payments", (long long)part[0]);
    GET(cm, 200, "/api/v1/monitoring/participants/%lld", (long long)part[0]);
    assert_int_equal(th_jint(cm, "fees.balance_cents"), 500);
    TH_ASSERT_STR(th_jstr(cm, "fees.balance"), "$5.00");
    assert_int_equal(th_jint(cm, "fees.payments.0.amount_cents"), 1500);
    /* This month: the monthly fee and today's collected urine test ($60). */
    POST(cm, 200, json_pack("{s:s}", "month", this),
         "/api/v1/monitoring/participants/%lld/invoices", (long long)part[0]);
    GET(cm, 200, "/api/v1/monitoring/participants/%lld", (long long)part[0]);
    inv = json_object_get(json_object_get(th_json(cm), "fees"), "invoices");
    assert_int_equal(json_array_size(inv), 3);
    int found_test = 0;
    size_t i;
    json_t *x;
    json_array_foreach(inv, i, x) found_test += jint(x, "amount_cents") == 6000;
    assert_int_equal(found_test, 1);
    assert_int_equal(th_jint(cm, "fees.balance_cents"), 500 + 2000 + 6000);
    /* Her own record shows the same balance. */
    GET(p1s, 200, "/api/v1/my-record");
    assert_int_equal(th_jint(p1s, "fees.balance_cents"), 8500);
}

/* ---- 5. isolation: a participant's own record, the board's minimum ------------------ */

static void test_gr6_a_participant_reaches_only_their_own_record(void **st)
{
    (void)st;
    GET(p1s, 200, "/api/v1/my-record");
    assert_int_equal(th_jint(p1s, "id"), part[0]);
    TH_ASSERT_STR(th_jstr(p1s, "licence_number"), P1_LICENCE);
    th_get(p1s, "/api/v1/monitoring/participants/%lld", (long long)part[0]);
    TH_ASSERT_KEPT_OUT(p1s);
    th_get(p1s, "/api/v1/monitoring/participants/%lld", (long long)part[1]);
    TH_ASSERT_KEPT_OUT(p1s);
    /* Omar's own record is his, with nothing of hers. */
    GET(p2s, 200, "/api/v1/my-record");
    assert_int_equal(th_jint(p2s, "id"), part[1]);
    TH_ASSERT_STR(th_jstr(p2s, "licence_number"), P2_LICENCE);
    TH_ASSERT_LACKS(th_body(p2s), P1_LICENCE);
    TH_ASSERT_LACKS(th_body(p2s), code1);
    TH_ASSERT_LACKS(th_body(p2s), "Quill");
    GET(p2s, 200, "/my-record.csv");
    TH_ASSERT_LACKS(th_body(p2s), code1);
    TH_ASSERT_LACKS(th_body(p2s), "CCF-0001");
    /* Hers by any route: not for him. */
    char paths[12][120];
    int n = 0;
    snprintf(paths[n++], 120, "/api/v1/monitoring/participants/%lld", (long long)part[0]);
    snprintf(paths[n++], 120, "/monitoring/participants/%lld", (long long)part[0]);
    snprintf(paths[n++], 120, "/monitoring/participants/%lld/record.csv", (long long)part[0]);
    snprintf(paths[n++], 120, "/api/v1/recoverees/%lld", (long long)rec[0]);
    snprintf(paths[n++], 120, "/api/v1/recoverees/%lld/consents", (long long)rec[0]);
    snprintf(paths[n++], 120, "/api/v1/recoverees/%lld/accounting", (long long)rec[0]);
    snprintf(paths[n++], 120, "/api/v1/board/participants/%lld", (long long)part[0]);
    snprintf(paths[n++], 120, "/api/v1/board");
    snprintf(paths[n++], 120, "/api/v1/monitoring");
    snprintf(paths[n++], 120, "/api/v1/monitoring/draws");
    for (int i = 0; i < n; i++) {
        th_get(p2s, "%s", paths[i]);
        TH_ASSERT_KEPT_OUT(p2s);
        TH_ASSERT_LACKS(th_body(p2s), P1_LICENCE);
        TH_ASSERT_LACKS(th_body(p2s), code1);
    }
    struct {
        const char *before;
        int64_t id;
        const char *after;
        json_t *body;
    } posts[] = {
        {"/api/v1/monitoring/tests/", test1, "",
         json_pack("{s:s,s:s}", "to", "excused", "note", "x")},
        {"/api/v1/monitoring/violations/", vio, "/decide",
         json_pack("{s:s,s:s}", "to", "confirmed", "reason", "x")},
        {"/api/v1/monitoring/participants/", part[0], "/unavailability",
         json_pack("{s:s,s:s,s:s}", "from", day(2), "to", day(3), "reason", "Travel")},
        {"/api/v1/monitoring/participants/", part[0], "/invoices",
         json_pack("{s:s}", "month", "2026-01")},
        {"/api/v1/monitoring/participants/", part[0], "/payments",
         json_pack("{s:s,s:s}", "amount", "1.00", "method", "cash")},
    };
    for (size_t i = 0; i < sizeof posts / sizeof *posts; i++) {
        th_post(p2s, posts[i].body, "%s%lld%s", posts[i].before, (long long)posts[i].id,
                posts[i].after);
        TH_ASSERT_KEPT_OUT(p2s);
        TH_ASSERT_LACKS(th_body(p2s), P1_LICENCE);
    }
    /* Her violation is as it was. */
    GET(cm, 200, "/api/v1/monitoring/participants/%lld", (long long)part[0]);
    TH_ASSERT_STR(jstr(find_id(json_object_get(th_json(cm), "violations"), vio), "state"),
                  "excused");
    /* A participant login linked to no record has none. */
    th_sess *none = signed_in("alpha", "participant", TH_PASSWORD);
    th_get(none, "/api/v1/my-record");
    TH_ASSERT_STATUS(none, 404);
    TH_ASSERT_LACKS(th_body(none), P1_LICENCE);
    th_post(none, NULL, "/api/v1/checkin");
    TH_ASSERT_STATUS(none, 404);
    th_sess_free(none);
}

static void test_gr6_the_board_sees_only_compliant_or_not_and_more_under_consent(void **st)
{
    (void)st;
    static const char *const statuses[] = {"compliant", "non_compliant", "in_progress",
                                           "not_started"};
    static const char *const item_keys[] = {"name", "licence", "board", "id", "months"};
    static const char *const month_keys[] = {"month", "status", "status_label", "compliant",
                                             "non_compliant"};
    char last[8];
    month_of(first_of_last_month(), last);
    GET(board, 200, "/api/v1/board");
    json_t *items = json_object_get(th_json(board), "items");
    assert_int_equal(json_array_size(items), 5); /* four, and the late enrolment of the check-in test */
    size_t i, k;
    json_t *it, *m;
    json_array_foreach(items, i, it)
    {
        const char *key;
        json_t *v;
        json_object_foreach(it, key, v)
        {
            int known = 0;
            for (size_t q = 0; q < sizeof item_keys / sizeof *item_keys; q++)
                known |= !strcmp(key, item_keys[q]);
            if (!known)
                fail_msg("the board's item has \"%s\"\n%s", key, th_last(board));
        }
        json_array_foreach(json_object_get(it, "months"), k, m)
        {
            json_object_foreach(m, key, v)
            {
                int known = 0;
                for (size_t q = 0; q < sizeof month_keys / sizeof *month_keys; q++)
                    known |= !strcmp(key, month_keys[q]);
                if (!known)
                    fail_msg("the board's month has \"%s\"\n%s", key, th_last(board));
            }
            int ok = 0;
            for (size_t q = 0; q < sizeof statuses / sizeof *statuses; q++)
                ok |= !strcmp(jstr(m, "status"), statuses[q]);
            if (!ok)
                fail_msg("the board's status is \"%s\"", jstr(m, "status"));
        }
    }
    json_t *nora = find_id(items, part[0]);
    assert_non_null(nora);
    TH_ASSERT_STR(jstr(find_str(json_object_get(nora, "months"), "month", last), "status"),
                  "non_compliant");
    static const char *const absent[] = {
        "duties",  "reasons",  "tests",    "violations", "checkins", "\"code\"", "result",
        "percent", "required", "missed",   "CCF-",       "positive", "negative", "fees",
        "excused", "hospital", "Caduceus", "Lenexa",     SEED_HEX};
    for (size_t q = 0; q < sizeof absent / sizeof *absent; q++)
        TH_ASSERT_LACKS(th_body(board), absent[q]);
    TH_ASSERT_LACKS(th_body(board), code1);
    /* Not for staff who are not the board, nor for a participant. */
    th_get(cm, "/api/v1/board");
    TH_ASSERT_STATUS(cm, 403);
    th_get(p1s, "/api/v1/board");
    TH_ASSERT_STATUS(p1s, 403);

    /* Refused (RC-3): more without a consent naming the board, and no release recorded. */
    th_get(board, "/api/v1/board/participants/%lld", (long long)part[0]);
    TH_ASSERT_ERROR(board, 422, "refused");
    TH_ASSERT_STR(th_jstr(board, "error.rule"), "RC-3");
    TH_ASSERT_LACKS(th_body(board), "duties");
    GET(admin, 200, "/api/v1/recoverees/%lld/accounting", (long long)rec[0]);
    assert_int_equal(json_array_size(json_object_get(th_json(admin), "disclosures")), 0);
    /* Refused: a signed consent naming someone else, and one naming the board not signed. */
    json_t *other =
        json_pack("{s:s,s:s,s:s,s:s,s:s,s:b,s:s,s:s}", "kind", "specific", "disclosers",
                  "Alpha Recovery Network", "information", "Monitoring compliance by month",
                  "recipients", "Monitoring program", "purposes", "monitoring", "revocation_stmt",
                  1, "revocation_how", "In writing to the director", "expires_on", day(365));
    POST(admin, 201, other, "/api/v1/recoverees/%lld/consents", (long long)rec[0]);
    int64_t k1 = th_jint(admin, "id");
    POST(admin, 200, json_pack("{s:s}", "signature", "Nora Quill"),
         "/api/v1/recoverees/%lld/consents/%lld/sign", (long long)rec[0], (long long)k1);
    th_get(board, "/api/v1/board/participants/%lld", (long long)part[0]);
    TH_ASSERT_ERROR(board, 422, "refused");
    json_t *to_board =
        json_pack("{s:s,s:s,s:s,s:s,s:s,s:b,s:s,s:s}", "kind", "specific", "disclosers",
                  "Alpha Recovery Network", "information", "Monitoring compliance by month",
                  "recipients", BOARD_NAME, "purposes", "monitoring", "revocation_stmt", 1,
                  "revocation_how", "In writing to the director", "expires_on", day(365));
    POST(admin, 201, to_board, "/api/v1/recoverees/%lld/consents", (long long)rec[0]);
    int64_t k2 = th_jint(admin, "id");
    th_get(board, "/api/v1/board/participants/%lld", (long long)part[0]);
    TH_ASSERT_ERROR(board, 422, "refused");
    GET(admin, 200, "/api/v1/recoverees/%lld/accounting", (long long)rec[0]);
    assert_int_equal(json_array_size(json_object_get(th_json(admin), "disclosures")), 0);
    /* Allowed: signed, the board sees the month's duties, and the release is accounted for. */
    POST(admin, 200, json_pack("{s:s}", "signature", "Nora Quill"),
         "/api/v1/recoverees/%lld/consents/%lld/sign", (long long)rec[0], (long long)k2);
    GET(board, 200, "/api/v1/board/participants/%lld", (long long)part[0]);
    int64_t disclosure = th_jint(board, "disclosure_id");
    assert_true(disclosure > 0);
    json_t *gd = duty_of(json_object_get(th_json(board), "months"), last, "group");
    assert_int_equal(jint(gd, "percent"), 75);
    GET(admin, 200, "/api/v1/recoverees/%lld/accounting", (long long)rec[0]);
    json_t *ds = json_object_get(th_json(admin), "disclosures");
    assert_int_equal(json_array_size(ds), 1);
    json_t *d = json_array_get(ds, 0);
    assert_int_equal(jint(d, "id"), disclosure);
    assert_int_equal(jint(d, "consent_id"), k2);
    TH_ASSERT_STR(jstr(d, "recipient"), BOARD_NAME);
    TH_ASSERT_STR(jstr(d, "purpose"), "monitoring");
    TH_ASSERT_STR(jstr(d, "date"), day(0));
    /* Omar gave no consent: still refused for him. */
    th_get(board, "/api/v1/board/participants/%lld", (long long)part[1]);
    TH_ASSERT_ERROR(board, 422, "refused");
    TH_ASSERT_STR(th_jstr(board, "error.rule"), "RC-3");
}

/* ---- another organization ---------------------------------------------------------- */

static void test_gr6_another_organization_reaches_none_of_alphas_monitoring(void **st)
{
    (void)st;
    th_sess *ba = signed_in("beta", "admin", TH_PASSWORD);
    th_sess *bb = signed_in("beta", "board", TH_PASSWORD);
    th_sess *bc = signed_in("beta", "case_manager", TH_PASSWORD);
    th_get(ba, "/api/v1/monitoring/participants/%lld", (long long)part[0]);
    TH_ASSERT_STATUS(ba, 404);
    th_get(bc, "/api/v1/monitoring/participants/%lld", (long long)part[0]);
    TH_ASSERT_STATUS(bc, 404);
    th_post(ba, json_pack("{s:s,s:s}", "to", "excused", "note", "Not ours."),
            "/api/v1/monitoring/tests/%lld", (long long)test3);
    TH_ASSERT_STATUS(ba, 404);
    th_post(ba, json_pack("{s:s,s:s}", "to", "confirmed", "reason", "Not ours."),
            "/api/v1/monitoring/violations/%lld/decide", (long long)vio);
    TH_ASSERT_STATUS(ba, 404);
    th_post(ba, json_pack("{s:s}", "month", "2026-01"),
            "/api/v1/monitoring/participants/%lld/invoices", (long long)part[0]);
    TH_ASSERT_STATUS(ba, 404);
    th_post(ba, json_pack("{s:s,s:s}", "amount", "1.00", "method", "cash"),
            "/api/v1/monitoring/participants/%lld/payments", (long long)part[0]);
    TH_ASSERT_STATUS(ba, 404);
    th_post(ba, json_pack("{s:s,s:s}", "day", day(0), "name", "AA"),
            "/api/v1/monitoring/participants/%lld/meetings", (long long)part[0]);
    TH_ASSERT_STATUS(ba, 404);
    th_post(ba, json_pack("{s:I,s:s}", "program_id", (json_int_t)prog_a, "day", day(1)),
            "/api/v1/monitoring/draws/seed");
    TH_ASSERT_STATUS(ba, 404);
    th_get(bb, "/api/v1/board/participants/%lld", (long long)part[0]);
    TH_ASSERT_STATUS(bb, 404);
    GET(bb, 200, "/api/v1/board");
    assert_int_equal(json_array_size(json_object_get(th_json(bb), "items")), 0);
    TH_ASSERT_LACKS(th_body(bb), "Quill");
    GET(ba, 200, "/api/v1/monitoring/programs");
    TH_ASSERT_LACKS(th_body(ba), "Alpha Professional Assistance Program");
    /* Alpha's test, violation and disclosure are as they were. */
    GET(cm, 200, "/api/v1/monitoring/participants/%lld", (long long)part[2]);
    TH_ASSERT_STR(jstr(find_id(json_object_get(th_json(cm), "tests"), test3), "state"), "verified");
    th_sess_free(ba);
    th_sess_free(bb);
    th_sess_free(bc);
}

/* Minimum necessary across boards: a liaison set to speak for another board sees none of these
 * participants, their detail is not there (404, not a consent question), and set back to the
 * participants' board sees them all again. Only an administrator sets it, only for a board
 * liaison login, and the board is named. */
static void test_gr6_a_board_liaison_sees_only_the_participants_of_their_board(void **st)
{
    (void)st;
    int64_t liaison = env->org[TH_ALPHA].user_id[ROLE_BOARD];
    POST(admin, 200, json_pack("{s:s}", "board", "New Jersey Board of Pharmacy"),
         "/api/v1/users/%lld/board", (long long)liaison);
    GET(board, 200, "/api/v1/board");
    assert_int_equal(json_array_size(json_object_get(th_json(board), "items")), 0);
    th_get(board, "/api/v1/board/participants/%lld", (long long)part[0]);
    TH_ASSERT_STATUS(board, 404);
    /* Administrators still see every participant. */
    GET(admin, 200, "/api/v1/board");
    assert_int_equal(json_array_size(json_object_get(th_json(admin), "items")), 5);
    /* Refused: a login that is not a board liaison, a case manager setting it, no board. */
    th_post(admin, json_pack("{s:s}", "board", BOARD_NAME), "/api/v1/users/%lld/board",
            (long long)cm_id);
    TH_ASSERT_STATUS(admin, 404);
    th_post(cm, json_pack("{s:s}", "board", BOARD_NAME), "/api/v1/users/%lld/board",
            (long long)liaison);
    TH_ASSERT_STATUS(cm, 403);
    th_post(admin, json_pack("{s:s}", "board", "   "), "/api/v1/users/%lld/board",
            (long long)liaison);
    TH_ASSERT_ERROR(admin, 400, "invalid");
    TH_ASSERT_STR(th_jstr(admin, "error.field"), "board");
    /* Their own board, written in another case: all five again. */
    POST(admin, 200, json_pack("{s:s}", "board", "new jersey board of nursing"),
         "/api/v1/users/%lld/board", (long long)liaison);
    GET(board, 200, "/api/v1/board");
    assert_int_equal(json_array_size(json_object_get(th_json(board), "items")), 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(
            test_gr6_a_program_names_a_bad_phase_line_and_a_recoveree_is_enrolled_once),
        cmocka_unit_test(test_gr8_a_check_in_inside_the_window_under_a_committed_seed_is_selected),
        cmocka_unit_test(test_gr9_a_test_moves_one_step_at_a_time_and_a_positive_is_a_violation),
        cmocka_unit_test(test_gr9_a_lab_results_file_is_imported_whole_or_not_at_all),
        cmocka_unit_test(
            test_gr9_a_closed_day_records_a_missed_check_in_decided_once_with_a_reason),
        cmocka_unit_test(test_gr6_3_of_4_groups_in_a_finished_month_is_75_percent_and_flagged),
        cmocka_unit_test(test_gr7_a_month_invoiced_at_the_sliding_scale_a_payment_and_the_balance),
        cmocka_unit_test(test_gr6_a_participant_reaches_only_their_own_record),
        cmocka_unit_test(test_gr6_the_board_sees_only_compliant_or_not_and_more_under_consent),
        cmocka_unit_test(test_gr6_a_board_liaison_sees_only_the_participants_of_their_board),
        cmocka_unit_test(test_gr6_another_organization_reaches_none_of_alphas_monitoring),
    };
    return cmocka_run_group_tests_name("http_monitor", tests, setup, teardown);
}
