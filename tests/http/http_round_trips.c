/* http_round_trips.c - issue 9 item 5 over real HTTP: what each main page costs the database.
 * With the debug mode on (PEERDESK_DEBUG_QUERIES=1, as serve --debug-queries) every response
 * says how many statements it ran and how many times it waited for the database server
 * (X-Peerdesk-Statements, X-Peerdesk-Round-Trips); a page that grows past its budget fails
 * here. Off by default: a server started without it sends neither header. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define DEMO_PASSWORD "Recovery-Demo-2026"

static th_env *env;

/* The budget of each main page, on the demo organization (`peerdesk demo`): statements on
 * both engines, round trips on PostgreSQL (SQLite runs in the process and has none). Each is
 * set one above what the page ran when the budget was set (the one: a session's last_seen is
 * written at most once a minute). When a change makes a page cheaper, lower its budget to the
 * new count + 1 in the same commit; when a page needs more, raise it there too and say why in
 * the commit message. Run this program to see every page's counts (it prints them). */
struct budget {
    const char *user; /* the demo login */
    const char *path; /* with tail: the path is path, the demo recoveree's id, tail */
    const char *tail;
    int statements, round_trips;
};
static const struct budget budgets[] = {
    /* The policy comes from the process cache (org_cache.h): one statement fewer each. */
    /* Issue 12: every home reads the groups its person facilitates (today's sessions): one
     * statement more, and for a facilitator one more for their groups' exceptions. */
    /* Issue 9: the caseload and workforce cards from the process (home_cache.h) while the
     * organization's data stands; the audit trail's cards and the sign-ins in one pipeline. */
    {"admin", "/", NULL, 8, 5},
    /* Issue 11: the review count (supervisor); My day's picks, drafts and week in one pipelined
     * round trip, and the referrals due (peer). */
    {"supervisor", "/", NULL, 7, 6},
    {"peer", "/", NULL, 20, 11}, /* and the check-ups and tasks due, pipelined */
    {"peer", "/recoverees", NULL, 9, 8},
    /* issue 11: its referrals and check-ups; issue 12: its groups and group attendance */
    {"peer", "/recoverees/", "", 25, 18},
    {"peer", "/recoverees/", "/plan", 20, 13},
    {"peer", "/recoverees/", "/consents", 9, 8},
    {"admin", "/workforce", NULL, 10, 8},
    {"admin", "/users", NULL, 9, 8},
    {"admin", "/audit", NULL, 8, 7},
};

static th_sess *demo_user(const char *username)
{
    th_sess *s = th_sess_new(env);
    assert_non_null(s);
    if (th_login(s, "demo", username, DEMO_PASSWORD) != 200)
        fail_msg("sign-in of demo %s failed\n%s", username, th_last(s));
    return s;
}

/* A header of the last response as a number, failing when it is missing. */
static long count_header(th_sess *s, const char *name)
{
    const char *v = th_header(s, name);
    if (!v)
        fail_msg("no %s header\n%s", name, th_last(s));
    return strtol(v, NULL, 10);
}

static void test_debug_headers_are_off_unless_asked_for(void **state)
{
    (void)state;
    unsetenv("PEERDESK_DEBUG_QUERIES");
    th_env *plain = th_env_start();
    assert_non_null(plain);
    th_sess *s = th_sess_new(plain);
    assert_int_equal(th_login(s, "alpha", "admin", TH_PASSWORD), 200);
    th_get(s, "/");
    TH_ASSERT_STATUS(s, 200);
    assert_null(th_header(s, "X-Peerdesk-Statements"));
    assert_null(th_header(s, "X-Peerdesk-Round-Trips"));
    th_sess_free(s);
    assert_int_equal(th_env_stop(plain), 0);
}

static void test_each_main_page_stays_within_its_statement_and_round_trip_budget(void **state)
{
    (void)state;
    char *out = NULL;
    int rc = th_cli(env, &out, "demo", NULL);
    if (rc != 0)
        fail_msg("demo failed (%d): %s", rc, out ? out : "");
    free(out);
    const char *users[] = {"admin", "supervisor", "peer"};
    th_sess *sess[3];
    for (int i = 0; i < 3; i++)
        sess[i] = demo_user(users[i]);
    /* A recoveree on the demo peer's caseload. */
    th_get(sess[2], "/api/v1/recoverees");
    TH_ASSERT_STATUS(sess[2], 200);
    long long rid = (long long)th_jint(sess[2], "recoverees.0.id");
    assert_true(rid > 0);

    int over = 0;
    for (size_t i = 0; i < sizeof budgets / sizeof *budgets; i++) {
        const struct budget *b = &budgets[i];
        th_sess *s = NULL;
        for (int k = 0; k < 3; k++)
            if (!strcmp(users[k], b->user))
                s = sess[k];
        assert_non_null(s);
        char path[128];
        if (b->tail)
            snprintf(path, sizeof path, "%s%lld%s", b->path, rid, b->tail);
        else
            snprintf(path, sizeof path, "%s", b->path);
        /* The least of three: a connection's first use of a statement prepares it (one more
         * round trip, once per connection), and which pooled connection serves is not fixed. */
        long st = -1, rt = -1;
        for (int k = 0; k < 3; k++) {
            th_get(s, "%s", path);
            TH_ASSERT_STATUS(s, 200);
            long a = count_header(s, "X-Peerdesk-Statements");
            long r = count_header(s, "X-Peerdesk-Round-Trips");
            st = st < 0 || a < st ? a : st;
            rt = rt < 0 || r < rt ? r : rt;
        }
        assert_true(st > 0);
        if (env->is_pg)
            assert_true(rt > 0);
        else
            assert_int_equal(rt, 0);
        int bad = st > b->statements || (env->is_pg && rt > b->round_trips);
        printf("  %-10s %-28s statements %2ld (budget %2d)  round trips %2ld (budget %2d)%s\n",
               b->user, path, st, b->statements, rt, b->round_trips, bad ? "  OVER" : "");
        over += bad;
    }
    for (int i = 0; i < 3; i++)
        th_sess_free(sess[i]);
    if (over)
        fail_msg("%d page(s) over budget (see above)", over);
}

/* The home page's cards are kept between requests (home_cache.h), and a change to what they
 * count shows on the next one: a recoveree taken in is counted at once. */
static void test_the_home_cards_count_a_change_on_the_next_request(void **state)
{
    (void)state;
    th_sess *admin = demo_user("admin");
    th_get(admin, "/api/v1/");
    TH_ASSERT_STATUS(admin, 200);
    int64_t before = th_jint(admin, "caseload.active");
    th_get(admin, "/api/v1/");
    TH_ASSERT_STATUS(admin, 200);
    assert_int_equal(th_jint(admin, "caseload.active"), before);
    json_t *b = json_pack("{s:s,s:s,s:s,s:s}", "first_name", "Cached", "last_name", "Count", "dob",
                          "1984-04-04", "language", "English");
    th_post(admin, b, "/api/v1/recoverees");
    TH_ASSERT_STATUS(admin, 201);
    th_get(admin, "/api/v1/");
    TH_ASSERT_STATUS(admin, 200);
    assert_int_equal(th_jint(admin, "caseload.active"), before + 1);
    th_sess_free(admin);
}

static int setup(void **state)
{
    (void)state;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return th_env_stop(env);
}

/* The budget test's server runs in the debug mode; the first test starts its own without. */
static int start_debug(void **state)
{
    (void)state;
    setenv("PEERDESK_DEBUG_QUERIES", "1", 1);
    env = th_env_start();
    return env ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_debug_headers_are_off_unless_asked_for),
        cmocka_unit_test_setup(test_each_main_page_stays_within_its_statement_and_round_trip_budget,
                               start_debug),
        cmocka_unit_test(test_the_home_cards_count_a_change_on_the_next_request),
    };
    return cmocka_run_group_tests_name("http_round_trips", tests, setup, teardown);
}
