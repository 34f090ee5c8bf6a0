/* http_referrals.c - SV-7 over real HTTP on either engine: the resource directory searched by
 * kind, language and ZIP prefix; create, edit and the 409 of a stale edit; deactivation;
 * referrals made only within caseload reach, moved made -> connected -> completed or declined
 * with each refusal naming its reason; another organization's resource is 404; the CSV import
 * writes nothing when one row is bad; the follow-up reminder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "harness.h"

static th_env *env;
static th_sess *admin, *peer, *beta;
static int64_t peer_id, mine, other;

static const char *day(int offset)
{
    static char ring[16][11];
    static int k;
    char *s = ring[k++ % 16];
    civil_format(th_today() + offset, s);
    return s;
}

#define POST(s, want, body, ...)                                                                 \
    do {                                                                                       \
        char p_[200];                                                                          \
        snprintf(p_, sizeof p_, __VA_ARGS__);                                                   \
        th_post((s), (body), "%s", p_);                                                         \
        TH_ASSERT_STATUS((s), (want));                                                          \
    } while (0)

static th_sess *signed_in(const char *org, const char *username)
{
    th_sess *s = th_sess_new(env);
    assert_non_null(s);
    if (th_login(s, org, username, TH_PASSWORD) != 200)
        fail_msg("sign-in of %s failed\n%s", username, th_last(s));
    return s;
}

static int64_t resource(th_sess *s, const char *kind, const char *name, const char *zip,
                        const char *languages)
{
    POST(s, 201, json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "kind", kind, "name", name, "zip", zip,
                           "languages", languages, "phone", "(973) 555-0100", "address",
                           "1 Test St, Newark NJ"),
         "/api/v1/resources");
    return th_jint(s, "id");
}

static int64_t recoveree(const char *first, int64_t assign_to)
{
    POST(admin, 201, json_pack("{s:s,s:s,s:s,s:s}", "first_name", first, "last_name", "Referral",
                               "dob", "1984-04-04", "language", "English"),
         "/api/v1/recoverees");
    int64_t id = th_jint(admin, "id");
    if (assign_to)
        POST(admin, 201, json_pack("{s:I}", "peer_id", (json_int_t)assign_to),
             "/api/v1/recoverees/%lld/assign", (long long)id);
    return id;
}

static int setup(void **state)
{
    (void)state;
    env = th_env_start();
    if (!env)
        return -1;
    admin = signed_in("alpha", "admin");
    beta = signed_in("beta", "admin");
    /* A peer the workforce rules let work (Level 2, trained, supervised). */
    peer_id = th_add_user(env, TH_ALPHA, "refpeer", ROLE_PEER);
    POST(admin, 200, json_pack("{s:i,s:s}", "level", 2, "hire_date", day(-60)),
         "/api/v1/workforce/%lld/profile", (long long)peer_id);
    POST(admin, 201, json_pack("{s:s,s:s,s:s,s:s}", "kind", "ethics_ccar", "title", "Training",
                               "hours", "18", "date", day(-50)),
         "/api/v1/workforce/%lld/trainings", (long long)peer_id);
    POST(admin, 201, json_pack("{s:I,s:s}", "supervisor_id",
                               (json_int_t)env->org[TH_ALPHA].user_id[ROLE_SUPERVISOR],
                               "start_date", day(-60)),
         "/api/v1/workforce/%lld/supervisors", (long long)peer_id);
    peer = signed_in("alpha", "refpeer");
    mine = recoveree("Onmine", peer_id);
    other = recoveree("Notmine", 0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    th_sess_free(admin);
    th_sess_free(peer);
    th_sess_free(beta);
    return th_env_stop(env);
}

static void test_sv7_directory_is_searched_by_kind_language_and_zip_prefix(void **st)
{
    (void)st;
    resource(admin, "housing", "Search Shelter Newark", "07102", "English, Spanish");
    resource(admin, "food", "Search Pantry Newark", "07103-2210", "English");
    resource(admin, "housing", "Search Shelter Trenton", "08608", "English");
    th_get(peer, "/api/v1/resources?q=search&kind=housing");
    TH_ASSERT_STATUS(peer, 200);
    assert_int_equal(th_jint(peer, "pager.total"), 2);
    th_get(peer, "/api/v1/resources?q=search&zip=071");
    assert_int_equal(th_jint(peer, "pager.total"), 2);
    TH_ASSERT_LACKS(th_body(peer), "Trenton");
    th_get(peer, "/api/v1/resources?q=search&language=spanish");
    assert_int_equal(th_jint(peer, "pager.total"), 1);
    TH_ASSERT_STR(th_jstr(peer, "resources.0.name"), "Search Shelter Newark");
    /* Every staff role reads the directory, as a page too. */
    th_sess *aud = signed_in("alpha", "auditor");
    th_get(aud, "/resources?zip=071&q=search");
    TH_ASSERT_STATUS(aud, 200);
    TH_ASSERT_CONTAINS(th_body(aud), "Search Pantry Newark");
    th_sess_free(aud);
    th_get(peer, "/api/v1/resources?zip=07a");
    TH_ASSERT_ERROR(peer, 400, "invalid");
    TH_ASSERT_STR(th_jstr(peer, "error.field"), "zip");
}

static void test_sv7_resource_create_edit_and_stale_edit_is_409(void **st)
{
    (void)st;
    /* Each field at fault is named at once. */
    POST(admin, 400, json_pack("{s:s,s:s,s:s,s:s}", "kind", "housing", "name", "Bad", "zip", "7102",
                               "website", "ftp://x"),
         "/api/v1/resources");
    TH_ASSERT_STR(th_jstr(admin, "error.field"), "zip");
    TH_ASSERT_CONTAINS(th_body(admin), "\"website\"");
    /* Peers read the directory but do not edit it. */
    th_post(peer, json_pack("{s:s,s:s}", "kind", "food", "name", "Peer pantry"), "/api/v1/resources");
    TH_ASSERT_STATUS(peer, 403);
    int64_t id = resource(admin, "legal", "Edit Legal Aid", "07102", "English");
    POST(admin, 200, json_pack("{s:s,s:s,s:s,s:i}", "kind", "legal", "name", "Edit Legal Aid Newark",
                               "zip", "07102-1234", "version", 1),
         "/api/v1/resources/%lld", (long long)id);
    assert_int_equal(th_jint(admin, "version"), 2);
    POST(admin, 409, json_pack("{s:s,s:s,s:i}", "kind", "legal", "name", "Stale", "version", 1),
         "/api/v1/resources/%lld", (long long)id);
    TH_ASSERT_STR(th_jstr(admin, "error.code"), "stale");
    th_get(admin, "/api/v1/resources/%lld", (long long)id);
    TH_ASSERT_STR(th_jstr(admin, "resource.name"), "Edit Legal Aid Newark");
    /* Deactivated, never deleted: gone from the search, still there for editors. */
    POST(admin, 200, json_pack("{s:s,s:s,s:i,s:b}", "kind", "legal", "name", "Edit Legal Aid Newark",
                               "version", 2, "active", 0),
         "/api/v1/resources/%lld", (long long)id);
    th_get(peer, "/api/v1/resources?q=edit%%20legal");
    assert_int_equal(th_jint(peer, "pager.total"), 0);
    th_get(admin, "/api/v1/resources/%lld", (long long)id);
    TH_ASSERT_STATUS(admin, 200);
    /* A refused page form comes back filled in with the message beside the field. */
    th_post_form(admin, "kind=food&name=Form%20Pantry&zip=123&_form=/resources/new", "/resources");
    TH_ASSERT_STATUS(admin, 400);
    TH_ASSERT_CONTAINS(th_body(admin), "id=\"zip-error\"");
    TH_ASSERT_CONTAINS(th_body(admin), "value=\"Form Pantry\"");
}

static void test_sv7_referral_moves_and_each_refusal_names_its_reason(void **st)
{
    (void)st;
    int64_t res = resource(admin, "employment", "Move One-Stop", "07102", "English");
    POST(peer, 201, json_pack("{s:I,s:s}", "resource_id", (json_int_t)res, "note", "Resume help"),
         "/api/v1/recoverees/%lld/referrals", (long long)mine);
    int64_t f = th_jint(peer, "id");
    /* made -> completed skips the connection. */
    POST(peer, 422, json_pack("{s:s,s:i}", "state", "completed", "version", 1), "/api/v1/referrals/%lld",
         (long long)f);
    TH_ASSERT_STR(th_jstr(peer, "error.code"), "not_connected");
    TH_ASSERT_STR(th_jstr(peer, "error.rule"), "SV-7");
    /* A date in the future, or before the referral. */
    POST(peer, 422, json_pack("{s:s,s:s}", "state", "connected", "on", day(1)), "/api/v1/referrals/%lld",
         (long long)f);
    TH_ASSERT_STR(th_jstr(peer, "error.code"), "future");
    TH_ASSERT_STR(th_jstr(peer, "error.field"), "on");
    POST(peer, 422, json_pack("{s:s,s:s}", "state", "connected", "on", day(-1)),
         "/api/v1/referrals/%lld", (long long)f);
    TH_ASSERT_STR(th_jstr(peer, "error.code"), "before_made");
    POST(peer, 200, json_pack("{s:s,s:i}", "state", "connected", "version", 1), "/api/v1/referrals/%lld",
         (long long)f);
    /* Stale: someone moved it meanwhile. */
    POST(peer, 409, json_pack("{s:s,s:i}", "state", "completed", "version", 1), "/api/v1/referrals/%lld",
         (long long)f);
    POST(peer, 200, json_pack("{s:s,s:i}", "state", "completed", "version", 2), "/api/v1/referrals/%lld",
         (long long)f);
    POST(peer, 422, json_pack("{s:s}", "state", "declined"), "/api/v1/referrals/%lld", (long long)f);
    TH_ASSERT_STR(th_jstr(peer, "error.code"), "closed");
    POST(peer, 400, json_pack("{s:s}", "state", "lost"), "/api/v1/referrals/%lld", (long long)f);
    /* The record shows it with its dates; every change is on the audit trail. */
    th_get(peer, "/api/v1/recoverees/%lld", (long long)mine);
    TH_ASSERT_STR(th_jstr(peer, "referrals.items.0.state"), "completed");
    TH_ASSERT_STR(th_jstr(peer, "referrals.items.0.connected_on"), day(0));
    TH_ASSERT_STR(th_jstr(peer, "referrals.items.0.closed_on"), day(0));
    th_get(admin, "/api/v1/audit?action=referral.completed");
    TH_ASSERT_CONTAINS(th_body(admin), "referral.completed");
}

static void test_sv7_a_peer_refers_only_recoverees_on_their_caseload(void **st)
{
    (void)st;
    int64_t res = resource(admin, "health", "Reach FQHC", "07102", "English");
    POST(peer, 404, json_pack("{s:I}", "resource_id", (json_int_t)res),
         "/api/v1/recoverees/%lld/referrals", (long long)other);
    th_get(peer, "/resources?for=%lld", (long long)other);
    TH_ASSERT_STATUS(peer, 404);
    th_get(peer, "/resources?for=%lld", (long long)mine);
    TH_ASSERT_STATUS(peer, 200);
    TH_ASSERT_CONTAINS(th_body(peer), "/recoverees/");
    /* And a referral of someone else's recoveree cannot be moved either. */
    POST(admin, 201, json_pack("{s:I}", "resource_id", (json_int_t)res),
         "/api/v1/recoverees/%lld/referrals", (long long)other);
    int64_t f = th_jint(admin, "id");
    POST(peer, 404, json_pack("{s:s}", "state", "connected"), "/api/v1/referrals/%lld", (long long)f);
}

static void test_sv7_another_organizations_resource_is_404(void **st)
{
    (void)st;
    int64_t theirs = resource(beta, "food", "Beta Pantry", "07102", "English");
    th_get(admin, "/api/v1/resources/%lld", (long long)theirs);
    TH_ASSERT_ERROR(admin, 404, "not_found");
    POST(peer, 404, json_pack("{s:I}", "resource_id", (json_int_t)theirs),
         "/api/v1/recoverees/%lld/referrals", (long long)mine);
    TH_ASSERT_STR(th_jstr(peer, "error.field"), "resource_id");
    POST(admin, 404, json_pack("{s:s,s:s}", "kind", "food", "name", "Hijack"), "/api/v1/resources/%lld",
         (long long)theirs);
    th_get(beta, "/api/v1/resources?q=search");
    assert_int_equal(th_jint(beta, "pager.total"), 0);
}

static void test_sv7_follow_up_due_comes_first_on_my_referrals(void **st)
{
    (void)st;
    int64_t res = resource(admin, "transportation", "Due Ride Line", "07102", "English");
    POST(peer, 201, json_pack("{s:I,s:s}", "resource_id", (json_int_t)res, "follow_up_on", day(20)),
         "/api/v1/recoverees/%lld/referrals", (long long)mine);
    POST(peer, 201, json_pack("{s:I,s:s}", "resource_id", (json_int_t)res, "follow_up_on", day(0)),
         "/api/v1/recoverees/%lld/referrals", (long long)mine);
    int64_t due = th_jint(peer, "id");
    POST(peer, 422, json_pack("{s:I,s:s}", "resource_id", (json_int_t)res, "follow_up_on", day(-1)),
         "/api/v1/recoverees/%lld/referrals", (long long)mine);
    TH_ASSERT_STR(th_jstr(peer, "error.field"), "follow_up_on");
    th_get(peer, "/api/v1/referrals");
    TH_ASSERT_STATUS(peer, 200);
    assert_int_equal(th_jint(peer, "referrals.0.id"), due);
    assert_true(json_is_true(json_object_get(
        json_array_get(json_object_get(th_json(peer), "referrals"), 0), "follow_up_due")));
    /* A referral without a date follows up in a week (org-local). */
    POST(peer, 201, json_pack("{s:I}", "resource_id", (json_int_t)res),
         "/api/v1/recoverees/%lld/referrals", (long long)mine);
    th_get(peer, "/api/v1/recoverees/%lld", (long long)mine);
    TH_ASSERT_STR(th_jstr(peer, "referrals.items.0.follow_up_on"), day(7));
    th_get(peer, "/referrals");
    TH_ASSERT_STATUS(peer, 200);
    TH_ASSERT_CONTAINS(th_body(peer), "Due Ride Line");
}

static const char good_csv[] =
    "kind,name,address,zip,phone,languages,meetings\n"
    "mutual_aid,CSV NA Newark,12 Broad St,07102,(973) 555-0110,English,\"Mon, Thu 7 pm\"\n"
    "food,CSV Pantry,3 Market St,07103,973-555-0111,\"English, Spanish\",\n";
static const char bad_csv[] =
    "kind,name,zip\n"
    "housing,CSV Shelter One,07102\n"
    "housing,CSV Shelter Two,0710\n";

static void test_sv7_csv_import_with_a_bad_row_imports_nothing(void **st)
{
    (void)st;
    th_post_file(admin, NULL, "bad.csv", bad_csv, sizeof bad_csv - 1, "/api/v1/resources/import");
    TH_ASSERT_STATUS(admin, 422);
    assert_int_equal(th_jint(admin, "written"), 0);
    assert_int_equal(th_jint(admin, "rejected.0.line"), 3);
    TH_ASSERT_STR(th_jstr(admin, "rejected.0.column"), "zip");
    th_get(admin, "/api/v1/resources?q=csv%%20shelter");
    assert_int_equal(th_jint(admin, "pager.total"), 0);
    th_post_file(admin, json_pack("{s:s}", "dry_run", "1"), "good.csv", good_csv,
                 sizeof good_csv - 1, "/api/v1/resources/import");
    TH_ASSERT_STATUS(admin, 200);
    assert_int_equal(th_jint(admin, "written"), 0);
    th_post_file(admin, NULL, "good.csv", good_csv, sizeof good_csv - 1, "/api/v1/resources/import");
    TH_ASSERT_STATUS(admin, 200);
    assert_int_equal(th_jint(admin, "written"), 2);
    /* Again: the same name and ZIP are already there. */
    th_post_file(admin, NULL, "good.csv", good_csv, sizeof good_csv - 1, "/api/v1/resources/import");
    assert_int_equal(th_jint(admin, "already"), 2);
    th_get(peer, "/api/v1/resources?kind=mutual_aid&q=csv");
    TH_ASSERT_STR(th_jstr(peer, "resources.0.meetings"), "Mon, Thu 7 pm");
    /* The command line, through the same import. */
    char path[400];
    snprintf(path, sizeof path, "%s/bad.csv", env->dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(bad_csv, fp);
    fclose(fp);
    char *out = NULL;
    int rc = th_cli(env, &out, "import", "resources", path, "--org", "alpha", NULL);
    assert_int_equal(rc, 1);
    TH_ASSERT_CONTAINS(out, "line 3, zip");
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sv7_directory_is_searched_by_kind_language_and_zip_prefix),
        cmocka_unit_test(test_sv7_resource_create_edit_and_stale_edit_is_409),
        cmocka_unit_test(test_sv7_referral_moves_and_each_refusal_names_its_reason),
        cmocka_unit_test(test_sv7_a_peer_refers_only_recoverees_on_their_caseload),
        cmocka_unit_test(test_sv7_another_organizations_resource_is_404),
        cmocka_unit_test(test_sv7_follow_up_due_comes_first_on_my_referrals),
        cmocka_unit_test(test_sv7_csv_import_with_a_bad_row_imports_nothing),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
