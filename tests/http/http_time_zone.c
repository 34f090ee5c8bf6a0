/* http_time_zone.c - the organization's time zone (issue 10 item 2; SPEC "Time, language and
 * people") on a real server: the setting defaults to America/New_York, is saved through the
 * API and the page, refused naming the field when it is no zone or a path, and audited; every
 * date check's "today" is the organization's day, not UTC's (a supervision session dated
 * today in Kiritimati, UTC+14, is accepted there and "in the future" in Pago Pago, UTC-11,
 * whose days are always one or two behind); shown times carry the zone's abbreviation.
 * The server's clock is the real one, so the dates are computed from the zones at run time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "civil.h"
#include "harness.h"
#include "tz.h"

static th_env *env;
static th_sess *admin, *sup;
static int64_t peer_id;

static const char *zone_today(const char *zone, int offset)
{
    static char ring[8][11];
    static int k;
    char *s = ring[k++ % 8];
    civil_format(tz_today_in(zone, (int64_t)time(NULL)) + offset, s);
    return s;
}

static void set_zone(const char *zone, long want)
{
    th_post(admin, json_pack("{s:s}", "time_zone", zone), "/api/v1/settings");
    TH_ASSERT_STATUS(admin, want);
}

/* POST a supervision session for the test peer on date; returns the status. */
static long supervision_on(const char *date)
{
    char path[96];
    snprintf(path, sizeof path, "/api/v1/workforce/%lld/supervision", (long long)peer_id);
    return th_post(sup,
                   json_pack("{s:s,s:i,s:s,s:s}", "date", date, "minutes", 60, "kind", "clinical",
                             "topics", "Caseload review"),
                   "%s", path);
}

static int setup(void **state)
{
    (void)state;
    env = th_env_start();
    if (!env)
        return -1;
    admin = th_sess_new(env);
    sup = th_sess_new(env);
    if (th_login(admin, "alpha", "admin", TH_PASSWORD) != 200 ||
        th_login(sup, "alpha", "supervisor", TH_PASSWORD) != 200)
        return -1;
    /* A peer the fixture supervisor supervises, so the supervisor may log sessions. */
    peer_id = th_add_user(env, TH_ALPHA, "tzpeer", ROLE_PEER);
    char path[96];
    snprintf(path, sizeof path, "/api/v1/workforce/%lld/profile", (long long)peer_id);
    th_post(admin, json_pack("{s:i,s:s,s:s}", "level", 2, "hire_date", "2025-01-06", "education", "hs"),
            "%s", path);
    if (th_status(admin) != 200)
        return -1;
    snprintf(path, sizeof path, "/api/v1/workforce/%lld/supervisors", (long long)peer_id);
    th_post(admin,
            json_pack("{s:I,s:s}", "supervisor_id",
                      (json_int_t)env->org[TH_ALPHA].user_id[ROLE_SUPERVISOR], "start_date",
                      "2025-01-06"),
            "%s", path);
    return th_status(admin) == 201 ? 0 : -1;
}

static int teardown_failed;

static int teardown(void **state)
{
    (void)state;
    th_sess_free(admin);
    th_sess_free(sup);
    teardown_failed = th_env_stop(env) != 0;
    return teardown_failed ? -1 : 0;
}

/* ---- the setting ------------------------------------------------------------------------ */

static void test_time_zone_defaults_to_new_york_and_is_saved_and_audited(void **st)
{
    (void)st;
    th_get(admin, "/api/v1/settings");
    TH_ASSERT_STATUS(admin, 200);
    assert_string_equal(th_jstr(admin, "time_zone"), "America/New_York");
    /* Only the zone changes: the other settings stay as they were. */
    int64_t idle = th_jint(admin, "policy.session_idle_minutes");
    set_zone("America/Chicago", 200);
    assert_string_equal(th_jstr(admin, "time_zone"), "America/Chicago");
    assert_int_equal(th_jint(admin, "policy.session_idle_minutes"), idle);
    th_get(admin, "/api/v1/settings");
    assert_string_equal(th_jstr(admin, "time_zone"), "America/Chicago");
    th_get(admin, "/api/v1/audit?action=policy.update");
    TH_ASSERT_STATUS(admin, 200);
    assert_string_equal(th_jstr(admin, "rows.0.reason"), "time_zone=America/Chicago");
    /* The page form takes it too, and shows it. */
    th_post_form(admin, "name=Alpha&time_zone=Asia%2FKolkata", "/settings");
    TH_ASSERT_STATUS(admin, 303);
    th_get(admin, "/settings");
    TH_ASSERT_STATUS(admin, 200);
    assert_non_null(strstr(th_body(admin), "value=\"Asia/Kolkata\""));
    assert_non_null(strstr(th_body(admin), " IST."));
    /* Saving the same zone again changes nothing and audits nothing. */
    th_get(admin, "/api/v1/audit?action=policy.update");
    int64_t before = th_jint(admin, "pager.total");
    set_zone("Asia/Kolkata", 200);
    th_get(admin, "/api/v1/audit?action=policy.update");
    assert_int_equal(th_jint(admin, "pager.total"), before);
    set_zone("America/New_York", 200);
}

static void test_time_zone_that_is_no_zone_or_a_path_is_refused_naming_the_field(void **st)
{
    (void)st;
    static const char *bad[] = {"Mars/Olympus_Mons", "../../../etc/passwd", "/etc/localtime",
                                "America", "zone.tab", "America/../UTC", "EST5EDT,M3.2.0"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        set_zone(bad[i], 400);
        assert_string_equal(th_jstr(admin, "error.field"), "time_zone");
        assert_non_null(strstr(th_jstr(admin, "error.message"), "Time zone"));
    }
    /* Longer than any IANA name: the gate refuses it. */
    set_zone("America/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 400);
    assert_string_equal(th_jstr(admin, "error.field"), "time_zone");
    /* A refused page form comes back with the typed zone and the message. */
    th_post_form(admin, "name=Alpha&time_zone=Mars%2FBase", "/settings");
    TH_ASSERT_STATUS(admin, 400);
    assert_non_null(strstr(th_body(admin), "value=\"Mars/Base\""));
    th_get(admin, "/api/v1/settings");
    assert_string_equal(th_jstr(admin, "time_zone"), "America/New_York");
    /* Only administrators change it. */
    th_post(sup, json_pack("{s:s}", "time_zone", "UTC"), "/api/v1/settings");
    TH_ASSERT_STATUS(sup, 403);
}

/* ---- today --------------------------------------------------------------------------- */

static void test_a_session_dated_today_is_judged_in_the_organizations_zone(void **st)
{
    (void)st;
    /* Kiritimati (UTC+14) and Pago Pago (UTC-11) are 25 hours apart: their dates never agree. */
    const char *kiri = zone_today("Pacific/Kiritimati", 0);
    const char *pago = zone_today("Pacific/Pago_Pago", 0);
    assert_string_not_equal(kiri, pago);

    set_zone("Pacific/Kiritimati", 200);
    /* Today in Kiritimati is today: accepted (retried once if the day turned meanwhile). */
    if (supervision_on(kiri) != 201)
        supervision_on(zone_today("Pacific/Kiritimati", 0));
    TH_ASSERT_STATUS(sup, 201);
    assert_int_equal(supervision_on(zone_today("Pacific/Kiritimati", 1)), 400);
    assert_string_equal(th_jstr(sup, "error.field"), "date");

    set_zone("Pacific/Pago_Pago", 200);
    /* The same date is in the future in Pago Pago ... */
    assert_int_equal(supervision_on(zone_today("Pacific/Kiritimati", 0)), 400);
    assert_string_equal(th_jstr(sup, "error.field"), "date");
    assert_non_null(strstr(th_jstr(sup, "error.message"), "in the future"));
    /* ... where today is its own. */
    if (supervision_on(pago) != 201)
        supervision_on(zone_today("Pacific/Pago_Pago", 0));
    TH_ASSERT_STATUS(sup, 201);

    /* The workforce page's "today" is the organization's too. */
    char path[64];
    snprintf(path, sizeof path, "/api/v1/workforce/%lld", (long long)peer_id);
    th_get(sup, "%s", path);
    TH_ASSERT_STATUS(sup, 200);
    assert_string_equal(th_jstr(sup, "today"), zone_today("Pacific/Pago_Pago", 0));
    set_zone("America/New_York", 200);
    th_get(sup, "%s", path);
    assert_string_equal(th_jstr(sup, "today"), zone_today("America/New_York", 0));
}

/* ---- shown times ------------------------------------------------------------------------ */

static void test_shown_times_are_in_the_zone_with_its_abbreviation(void **st)
{
    (void)st;
    set_zone("Asia/Kolkata", 200);
    th_post(admin, json_pack("{s:s,s:s}", "name", "tz-check", "username", "supervisor"),
            "/api/v1/tokens");
    TH_ASSERT_STATUS(admin, 201);
    th_get(admin, "/api/v1/tokens");
    TH_ASSERT_STATUS(admin, 200);
    const char *created = th_jstr(admin, "tokens.0.created");
    assert_non_null(created);
    /* "YYYY-MM-DD HH:MM IST", and the local date of now in Kolkata (a second either way). */
    assert_int_equal(strlen(created), 20);
    assert_string_equal(created + 16, " IST");
    char date[11];
    memcpy(date, created, 10);
    date[10] = '\0';
    if (strcmp(date, zone_today("Asia/Kolkata", 0)) != 0 &&
        strcmp(date, zone_today("Asia/Kolkata", -1)) != 0)
        fail_msg("token created %s, today in Kolkata %s", created, zone_today("Asia/Kolkata", 0));
    set_zone("America/New_York", 200);
    th_get(admin, "/api/v1/tokens");
    const char *ny = th_jstr(admin, "tokens.0.created");
    if (!strstr(ny, " EST") && !strstr(ny, " EDT"))
        fail_msg("token created %s: not shown in New York time", ny);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_time_zone_defaults_to_new_york_and_is_saved_and_audited),
        cmocka_unit_test(test_time_zone_that_is_no_zone_or_a_path_is_refused_naming_the_field),
        cmocka_unit_test(test_a_session_dated_today_is_judged_in_the_organizations_zone),
        cmocka_unit_test(test_shown_times_are_in_the_zone_with_its_abbreviation),
    };
    int rc = cmocka_run_group_tests_name("http_time_zone", tests, setup, teardown);
    return rc ? rc : teardown_failed;
}
