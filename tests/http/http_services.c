/* http_services.c - the service log on a real server (SV-1..SV-5, WF-1, WF-4, WF-5): a peer logs
 * contacts for their caseload, every refusal names its rule, a supervisor overrides in writing
 * and reviews, services are edited with a version and voided, never deleted. Both engines. */
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
static th_sess *admin, *sup, *peer_a_s, *peer_b_s;
static int64_t peer_a, peer_b, rec_a, rec_a2, rec_b;

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

static th_sess *signed_in(int org, const char *username)
{
    th_sess *s = th_sess_new(env);
    assert_non_null(s);
    if (th_login(s, env->org[org].slug, username, TH_PASSWORD) != 200)
        fail_msg("sign-in of %s failed\n%s", username, th_last(s));
    return s;
}

/* A peer of level, trained for it, hired 60 days ago, supervised by the org's supervisor when
 * supervised is set; Level 3 with a current certification. */
static int64_t make_peer(const char *username, int level, int supervised)
{
    int64_t id = th_add_user(env, TH_ALPHA, username, ROLE_PEER);
    assert_true(id > 0);
    POST(admin, 200, json_pack("{s:i,s:s,s:s}", "level", level, "hire_date", day(-60),
                               "education", "hs"),
         "/api/v1/workforce/%lld/profile", (long long)id);
    POST(admin, 201, json_pack("{s:s,s:s,s:s,s:s}", "kind", "orientation_ethics", "title",
                               "Orientation", "hours", "4", "date", day(-55)),
         "/api/v1/workforce/%lld/trainings", (long long)id);
    if (level >= 2)
        POST(admin, 201, json_pack("{s:s,s:s,s:s,s:s}", "kind", "ethics_ccar", "title",
                                   "Ethics & CCAR", "hours", "18", "date", day(-50)),
             "/api/v1/workforce/%lld/trainings", (long long)id);
    if (level == 3)
        POST(admin, 201, json_pack("{s:s,s:s,s:s,s:s}", "body", "cprs", "number", "C-1", "issued",
                                   day(-40), "expires", day(690)),
             "/api/v1/workforce/%lld/certifications", (long long)id);
    if (supervised)
        POST(admin, 201, json_pack("{s:I,s:s}", "supervisor_id",
                                   (json_int_t)env->org[TH_ALPHA].user_id[ROLE_SUPERVISOR],
                                   "start_date", day(-60)),
             "/api/v1/workforce/%lld/supervisors", (long long)id);
    return id;
}

static int64_t make_recoveree(th_sess *s, int org, const char *first, int64_t peer)
{
    POST(s, 201, json_pack("{s:s,s:s,s:s,s:s}", "first_name", first, "last_name", "Service",
                           "dob", "1980-02-02", "language", "English"),
         "/api/v1/recoverees");
    int64_t id = th_jint(s, "id");
    assert_true(id > 0);
    (void)org;
    if (peer > 0)
        POST(s, 201, json_pack("{s:I}", "peer_id", (json_int_t)peer),
             "/api/v1/recoverees/%lld/assign", (long long)id);
    return id;
}

/* A 45-minute individual service body for recoveree r (the common case). */
static json_t *body45(int64_t r, const char *intensity, const char *note)
{
    return json_pack("{s:[I],s:s,s:s,s:s,s:s,s:i,s:s}", "recoverees", (json_int_t)r, "modality",
                     "individual", "intensity", intensity, "setting", "community", "activity",
                     "resource_broker", "minutes", 45, "note", note);
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
    peer_a = make_peer("svc_peer_a", 3, 1);
    peer_b = make_peer("svc_peer_b", 2, 1);
    rec_a = make_recoveree(admin, TH_ALPHA, "Alma", peer_a);
    rec_a2 = make_recoveree(admin, TH_ALPHA, "Arturo", peer_a);
    rec_b = make_recoveree(admin, TH_ALPHA, "Bea", peer_b);
    peer_a_s = signed_in(TH_ALPHA, "svc_peer_a");
    peer_b_s = signed_in(TH_ALPHA, "svc_peer_b");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    th_sess_free(admin);
    th_sess_free(sup);
    th_sess_free(peer_a_s);
    th_sess_free(peer_b_s);
    return th_env_stop(env);
}

static void test_sv1_peer_logs_a_45_minute_service_with_its_history(void **st)
{
    (void)st;
    POST(peer_a_s, 201, body45(rec_a, "moderate", "Helped Alma fill in the housing application."),
         "/api/v1/services");
    int64_t id = th_jint(peer_a_s, "id");
    assert_true(id > 0);
    assert_int_equal(th_jint(peer_a_s, "version"), 1);
    th_get(peer_a_s, "/api/v1/services/%lld", (long long)id);
    TH_ASSERT_STATUS(peer_a_s, 200);
    assert_int_equal(th_jint(peer_a_s, "service.minutes"), 45);
    TH_ASSERT_STR(th_jstr(peer_a_s, "service.modality"), "individual");
    TH_ASSERT_STR(th_jstr(peer_a_s, "service.date"), day(0));
    assert_int_equal(th_jint(peer_a_s, "service.peer_level"), 3);
    assert_int_equal(json_array_size(json_object_get(th_json(peer_a_s), "history")), 1);
    assert_int_equal(json_array_size(json_object_get(th_json(peer_a_s), "recoverees")), 1);
    /* SV-8: 45 minutes are 3 units under the 8-minute rule of 15-minute units. */
    assert_int_equal(th_jint(peer_a_s, "billing.units"), 3);
    th_get(peer_a_s, "/services/%lld?saved=1", (long long)id);
    TH_ASSERT_STATUS(peer_a_s, 200);
    TH_ASSERT_CONTAINS(th_body(peer_a_s), "id=\"service-units\"><strong>3</strong>");
    TH_ASSERT_CONTAINS(th_body(peer_a_s), "units that day for this person");
    TH_ASSERT_LACKS(th_body(peer_a_s), "{day_units}");
    /* In the peer's list and in the recoveree's. */
    th_get(peer_a_s, "/api/v1/services");
    TH_ASSERT_STATUS(peer_a_s, 200);
    TH_ASSERT_CONTAINS(th_body(peer_a_s), "housing application");
    th_get(peer_a_s, "/api/v1/services?recoveree=%lld", (long long)rec_a);
    TH_ASSERT_CONTAINS(th_body(peer_a_s), "housing application");
}

static void test_sv1_every_missing_field_is_named_at_once(void **st)
{
    (void)st;
    th_post(peer_a_s, json_pack("{s:[I]}", "recoverees", (json_int_t)rec_a), "/api/v1/services");
    TH_ASSERT_ERROR(peer_a_s, 400, "invalid");
    json_t *errs = json_object_get(th_json(peer_a_s), "errors");
    assert_true(json_array_size(errs) >= 5);
    const char *body = th_body(peer_a_s);
    TH_ASSERT_CONTAINS(body, "\"modality\"");
    TH_ASSERT_CONTAINS(body, "\"activity\"");
    TH_ASSERT_CONTAINS(body, "\"minutes\"");
    TH_ASSERT_CONTAINS(body, "\"note\"");
    /* Only a group service names several people. */
    th_post(peer_a_s,
            json_pack("{s:[II],s:s,s:s,s:s,s:s,s:i,s:s}", "recoverees", (json_int_t)rec_a,
                      (json_int_t)rec_a2, "modality", "individual", "intensity", "low", "setting",
                      "office", "activity", "ally", "minutes", 30, "note", "Talked."),
            "/api/v1/services");
    TH_ASSERT_ERROR(peer_a_s, 400, "invalid");
    TH_ASSERT_STR(th_jstr(peer_a_s, "error.field"), "recoverees");
    POST(peer_a_s, 201,
         json_pack("{s:[II],s:s,s:s,s:s,s:s,s:i,s:s}", "recoverees", (json_int_t)rec_a,
                   (json_int_t)rec_a2, "modality", "group", "intensity", "low", "setting",
                   "recovery_center", "activity", "educator", "minutes", 60, "note",
                   "Group on building a sober network."),
         "/api/v1/services");
    /* A start in the future is refused. */
    json_t *b = body45(rec_a, "low", "Planned call.");
    json_object_set_new(b, "date", json_string(day(2)));
    th_post(peer_a_s, b, "/api/v1/services");
    TH_ASSERT_ERROR(peer_a_s, 400, "invalid");
    TH_ASSERT_STR(th_jstr(peer_a_s, "error.field"), "date");
}

static void test_sv2_wf1_level1_volunteer_logging_high_intensity_is_refused_naming_wf1(void **st)
{
    (void)st;
    make_peer("svc_vol", 1, 1);
    th_sess *vol = signed_in(TH_ALPHA, "svc_vol");
    th_post(vol, body45(rec_a, "high", "Bedside visit in the emergency department."),
            "/api/v1/services");
    TH_ASSERT_ERROR(vol, 422, "refused");
    TH_ASSERT_STR(th_jstr(vol, "error.rule"), "WF-1");
    /* The page names the rule too. */
    char form[400];
    snprintf(form, sizeof form,
             "_csrf=%s&_form=/services/new&recoverees=%lld&modality=individual&intensity=high"
             "&setting=hospital&activity=advocate&minutes=30&note=Bedside+visit",
             th_csrf(vol), (long long)rec_a);
    th_post_form(vol, form, "/services");
    TH_ASSERT_STATUS(vol, 422);
    TH_ASSERT_CONTAINS(th_body(vol), "WF-1");
    TH_ASSERT_CONTAINS(th_body(vol), "Bedside visit");
    th_sess_free(vol);
    /* A Level 2 worker may not deliver high intensity either (WF-1), but moderate yes. */
    th_post(peer_b_s, body45(rec_b, "high", "Bedside visit."), "/api/v1/services");
    TH_ASSERT_ERROR(peer_b_s, 422, "refused");
    assert_non_null(th_jstr(peer_b_s, "error.rule"));
    POST(peer_b_s, 201, body45(rec_b, "moderate", "Family support meeting."), "/api/v1/services");
}

/* The page names the rule too: the refused form's error summary reads "WF-1: ...". */
static void test_wf1_a_refused_page_form_names_its_rule_in_the_error_summary(void **st)
{
    (void)st;
    make_peer("svc_vol_page", 1, 1);
    th_sess *vol = signed_in(TH_ALPHA, "svc_vol_page");
    char form[512];
    snprintf(form, sizeof form,
             "_csrf=%s&_form=/services/new&recoverees=%lld&modality=telephone&intensity=high"
             "&setting=remote&activity=ally&minutes=20&note=Called+about+the+housing+list",
             th_csrf(vol), (long long)rec_a);
    th_post_form(vol, form, "/services");
    TH_ASSERT_STATUS(vol, 422);
    TH_ASSERT_CONTAINS(th_body(vol), "id=\"error-summary\"");
    TH_ASSERT_CONTAINS(th_body(vol), "<a href=\"#intensity\">WF-1: ");
    TH_ASSERT_CONTAINS(th_body(vol), "Called about the housing list");
    th_sess_free(vol);
}

static void test_wf5_peer_without_a_supervisor_cannot_record_services(void **st)
{
    (void)st;
    int64_t lone = make_peer("svc_lone", 2, 0);
    (void)lone;
    th_sess *s = signed_in(TH_ALPHA, "svc_lone");
    th_post(s, body45(rec_a, "low", "Call."), "/api/v1/services");
    TH_ASSERT_ERROR(s, 422, "refused");
    TH_ASSERT_STR(th_jstr(s, "error.rule"), "WF-5");
    th_sess_free(s);
}

static void test_reach_a_peer_logs_only_for_their_caseload_and_other_orgs_are_404(void **st)
{
    (void)st;
    th_post(peer_b_s, body45(rec_a, "low", "Call."), "/api/v1/services");
    TH_ASSERT_ERROR(peer_b_s, 404, "not_found");
    th_sess *beta = signed_in(TH_BETA, "admin");
    th_get(beta, "/api/v1/services?recoveree=%lld", (long long)rec_a);
    TH_ASSERT_STATUS(beta, 404);
    POST(peer_a_s, 201, body45(rec_a, "low", "Quick check-in call."), "/api/v1/services");
    int64_t id = th_jint(peer_a_s, "id");
    th_get(beta, "/api/v1/services/%lld", (long long)id);
    TH_ASSERT_STATUS(beta, 404);
    th_get(peer_b_s, "/api/v1/services/%lld", (long long)id);
    TH_ASSERT_STATUS(peer_b_s, 404);
    th_sess_free(beta);
}

static void test_sv3_dual_role_is_checked_when_logging_and_a_supervisor_overrides_in_writing(void **st)
{
    (void)st;
    int64_t r = make_recoveree(admin, TH_ALPHA, "Dora", peer_a);
    POST(admin, 201, json_pack("{s:I,s:s}", "staff_id", (json_int_t)peer_a, "kind", "clinical"),
         "/api/v1/recoverees/%lld/relationships", (long long)r);
    th_post(peer_a_s, body45(r, "moderate", "Met at the library."), "/api/v1/services");
    TH_ASSERT_ERROR(peer_a_s, 422, "refused");
    TH_ASSERT_STR(th_jstr(peer_a_s, "error.rule"), "SV-3");
    /* A supervisor records it with an override: a reason is required. */
    json_t *b = body45(r, "moderate", "Met at the library.");
    json_object_set_new(b, "peer_id", json_integer((json_int_t)peer_a));
    json_object_set_new(b, "override", json_true());
    th_post(sup, json_incref(b), "/api/v1/services");
    TH_ASSERT_ERROR(sup, 400, "invalid");
    TH_ASSERT_STR(th_jstr(sup, "error.field"), "override_reason");
    json_object_set_new(b, "override_reason",
                        json_string("Only Spanish-speaking peer available this week; clinician "
                                    "agreed."));
    POST(sup, 201, b, "/api/v1/services");
    int64_t id = th_jint(sup, "id");
    th_get(sup, "/api/v1/review");
    TH_ASSERT_STATUS(sup, 200);
    TH_ASSERT_CONTAINS(th_body(sup), "Only Spanish-speaking peer");
    POST(sup, 200, json_pack("{s:s}", "note", "Agreed; revisit next month."),
         "/api/v1/services/%lld/review", (long long)id);
    th_get(sup, "/api/v1/review");
    TH_ASSERT_LACKS(th_body(sup), "Only Spanish-speaking peer");
    th_post(sup, json_object(), "/api/v1/services/%lld/review", (long long)id);
    TH_ASSERT_ERROR(sup, 409, "nothing_to_review");
    /* A peer cannot override. */
    json_t *p = body45(r, "moderate", "Again at the library.");
    json_object_set_new(p, "override", json_true());
    json_object_set_new(p, "override_reason", json_string("I think it is fine for this once."));
    th_post(peer_a_s, p, "/api/v1/services");
    TH_ASSERT_ERROR(peer_a_s, 422, "refused");
    TH_ASSERT_STR(th_jstr(peer_a_s, "error.rule"), "SV-3");
}

static void test_sv4_authority_relationship_is_refused_naming_sv4(void **st)
{
    (void)st;
    int64_t r = make_recoveree(admin, TH_ALPHA, "Pablo", peer_a);
    POST(admin, 201, json_pack("{s:I,s:s}", "staff_id", (json_int_t)peer_a, "kind", "employer"),
         "/api/v1/recoverees/%lld/relationships", (long long)r);
    th_post(peer_a_s, body45(r, "low", "Call about the job."), "/api/v1/services");
    TH_ASSERT_ERROR(peer_a_s, 422, "refused");
    TH_ASSERT_STR(th_jstr(peer_a_s, "error.rule"), "SV-4");
}

static void test_services_are_edited_with_a_version_and_voided_never_deleted(void **st)
{
    (void)st;
    POST(peer_a_s, 201, body45(rec_a, "moderate", "First version of the note."),
         "/api/v1/services");
    int64_t id = th_jint(peer_a_s, "id");
    json_t *b = body45(rec_a, "moderate", "Second version of the note.");
    json_object_set_new(b, "version", json_integer(1));
    POST(peer_a_s, 200, json_incref(b), "/api/v1/services/%lld", (long long)id);
    assert_int_equal(th_jint(peer_a_s, "version"), 2);
    th_post(peer_a_s, b, "/api/v1/services/%lld", (long long)id); /* version 1 again: stale */
    TH_ASSERT_ERROR(peer_a_s, 409, "stale");
    /* Another peer cannot change it. */
    json_t *o = body45(rec_a, "moderate", "Not mine.");
    th_post(peer_b_s, o, "/api/v1/services/%lld", (long long)id);
    TH_ASSERT_STATUS(peer_b_s, 404);
    th_post(peer_a_s, json_pack("{s:s,s:i}", "reason", "dup", "version", 2),
            "/api/v1/services/%lld/void", (long long)id);
    TH_ASSERT_ERROR(peer_a_s, 400, "invalid");
    POST(peer_a_s, 200,
         json_pack("{s:s,s:i}", "reason", "Logged twice by mistake; the other entry stays.",
                   "version", 2),
         "/api/v1/services/%lld/void", (long long)id);
    th_get(peer_a_s, "/api/v1/services/%lld", (long long)id);
    TH_ASSERT_STATUS(peer_a_s, 200);
    TH_ASSERT_STR(th_jstr(peer_a_s, "service.status"), "void");
    TH_ASSERT_CONTAINS(th_body(peer_a_s), "Second version of the note.");
    assert_int_equal(json_array_size(json_object_get(th_json(peer_a_s), "history")), 3);
    json_t *c = body45(rec_a, "moderate", "Third.");
    th_post(peer_a_s, c, "/api/v1/services/%lld", (long long)id);
    TH_ASSERT_ERROR(peer_a_s, 409, "voided");
    /* The audit trail has every step. */
    th_get(admin, "/api/v1/audit?record_type=service&record_id=%lld", (long long)id);
    TH_ASSERT_STATUS(admin, 200);
    TH_ASSERT_CONTAINS(th_body(admin), "service.log");
    TH_ASSERT_CONTAINS(th_body(admin), "service.edit");
    TH_ASSERT_CONTAINS(th_body(admin), "service.void");
}

static void test_plan_goals_must_be_the_recoverees_own(void **st)
{
    (void)st;
    POST(admin, 201, json_pack("{s:s}", "review_date", day(60)), "/api/v1/recoverees/%lld/plan",
         (long long)rec_b);
    POST(admin, 201, json_pack("{s:s,s:s}", "domain", "Housing", "goal", "A place of my own"),
         "/api/v1/recoverees/%lld/plan/goals", (long long)rec_b);
    int64_t goal_b = th_jint(admin, "id");
    json_t *b = body45(rec_a, "moderate", "Goal check.");
    json_object_set_new(b, "goals", json_pack("[I]", (json_int_t)goal_b));
    th_post(peer_a_s, b, "/api/v1/services");
    TH_ASSERT_ERROR(peer_a_s, 400, "invalid");
    TH_ASSERT_STR(th_jstr(peer_a_s, "error.field"), "goals");
    json_t *ok = body45(rec_b, "moderate", "Looked at two apartments.");
    json_object_set_new(ok, "goals", json_pack("[I]", (json_int_t)goal_b));
    POST(peer_b_s, 201, ok, "/api/v1/services");
    th_get(peer_b_s, "/api/v1/services/%lld", (long long)th_jint(peer_b_s, "id"));
    TH_ASSERT_CONTAINS(th_body(peer_b_s), "A place of my own");
}

static void test_a_supervisor_records_only_for_peers_they_supervise(void **st)
{
    (void)st;
    int64_t other_sup = th_add_user(env, TH_ALPHA, "svc_sup2", ROLE_SUPERVISOR);
    assert_true(other_sup > 0);
    th_sess *s2 = signed_in(TH_ALPHA, "svc_sup2");
    json_t *b = body45(rec_a, "low", "Call.");
    json_object_set_new(b, "peer_id", json_integer((json_int_t)peer_a));
    th_post(s2, b, "/api/v1/services");
    assert_true(th_status(s2) == 403 || th_status(s2) == 404);
    th_sess_free(s2);
}

static void test_a_refused_page_form_comes_back_filled_in_and_a_draft_is_kept(void **st)
{
    (void)st;
    char form[512];
    snprintf(form, sizeof form,
             "_csrf=%s&_form=/services/new&recoverees=%lld&modality=telephone&intensity=low"
             "&setting=remote&activity=ally&minutes=&note=Called+about+the+meeting+tonight",
             th_csrf(peer_a_s), (long long)rec_a);
    th_post_form(peer_a_s, form, "/services");
    TH_ASSERT_STATUS(peer_a_s, 400);
    TH_ASSERT_CONTAINS(th_body(peer_a_s), "Called about the meeting tonight");
    TH_ASSERT_CONTAINS(th_body(peer_a_s), "minutes-error");
    /* Save draft keeps it on the server; the home page lists it. */
    snprintf(form, sizeof form,
             "_csrf=%s&recoverees=%lld&modality=telephone&note=Half+written+note",
             th_csrf(peer_a_s), (long long)rec_a);
    th_post_form(peer_a_s, form, "/services/drafts");
    TH_ASSERT_STATUS(peer_a_s, 303);
    th_get(peer_a_s, "/api/v1/");
    th_get(peer_a_s, "/");
    TH_ASSERT_CONTAINS(th_body(peer_a_s), "/services/drafts/");
}

static void test_sv5_a_note_in_the_nurse_lane_is_warned_rephrased_or_kept_with_a_reason(void **st)
{
    (void)st;
    th_post(peer_a_s,
            body45(rec_a, "moderate", "I told her to stop taking her Suboxone and tough it out."),
            "/api/v1/services");
    TH_ASSERT_ERROR(peer_a_s, 422, "boundary_warning");
    TH_ASSERT_STR(th_jstr(peer_a_s, "error.rule"), "SV-5");
    TH_ASSERT_STR(th_jstr(peer_a_s, "error.field"), "note");
    TH_ASSERT_CONTAINS(th_jstr(peer_a_s, "error.message"), "nurse or physician");
    TH_ASSERT_CONTAINS(th_jstr(peer_a_s, "error.message"), "stop taking her Suboxone");
    /* In the reader's language: Spanish with Accept-Language: es. */
    th_sess *es = signed_in(TH_ALPHA, "svc_peer_a");
    th_add_header(es, "Accept-Language: es");
    th_post(es, body45(rec_a, "moderate", "I told her to stop taking her Suboxone and tough it out."),
            "/api/v1/services");
    TH_ASSERT_ERROR(es, 422, "boundary_warning");
    TH_ASSERT_CONTAINS(th_jstr(es, "error.message"), "Esto parece trabajo de");
    th_post(es, json_pack("{s:[I]}", "recoverees", (json_int_t)rec_a), "/api/v1/services");
    TH_ASSERT_CONTAINS(th_jstr(es, "error.message"), "Elija");
    th_sess_free(es);
    /* Ordinary recovery talk passes: her own sponsor, medication-assisted recovery named. */
    POST(peer_a_s, 201,
         body45(rec_a, "moderate", "She called her sponsor after the meeting. She is on MAT and "
                               "sees her prescriber at the clinic Tuesday."),
         "/api/v1/services");
    /* Rephrased: saved. */
    POST(peer_a_s, 201,
         body45(rec_a, "moderate", "She has questions about her Suboxone dose; I encouraged her "
                               "to ask her prescriber and offered to go with her."),
         "/api/v1/services");
    /* Kept with a reason: saved, with the lane and phrase, and on the supervisor's list. */
    json_t *b = body45(rec_a, "moderate", "I told her to stop taking her Suboxone and tough it out.");
    json_object_set_new(b, "boundary_reason", json_string("short"));
    th_post(peer_a_s, json_incref(b), "/api/v1/services");
    TH_ASSERT_ERROR(peer_a_s, 400, "invalid");
    TH_ASSERT_STR(th_jstr(peer_a_s, "error.field"), "boundary_reason");
    json_object_set_new(b, "boundary_reason",
                        json_string("These are her own words about her plan, quoted exactly."));
    POST(peer_a_s, 201, b, "/api/v1/services");
    int64_t id = th_jint(peer_a_s, "id");
    th_get(peer_a_s, "/api/v1/services/%lld", (long long)id);
    TH_ASSERT_STR(th_jstr(peer_a_s, "service.boundary.lane"), "medical");
    th_get(sup, "/api/v1/review");
    TH_ASSERT_CONTAINS(th_body(sup), "These are her own words");
    th_get(sup, "/");
    TH_ASSERT_CONTAINS(th_body(sup), "/review");
}

static void test_sv5_an_organization_extends_the_rules_in_one_table(void **st)
{
    (void)st;
    const char *note = "We did a tarot reading to see what her week holds.";
    POST(peer_a_s, 201, body45(rec_a, "low", note), "/api/v1/services");
    th_post(admin, json_pack("{s:s,s:s,s:s}", "lane", "clergy", "effect", "warn", "pattern",
                             "(tarot|astrology"),
            "/api/v1/boundary-rules");
    TH_ASSERT_ERROR(admin, 400, "invalid");
    TH_ASSERT_STR(th_jstr(admin, "error.field"), "pattern");
    th_post(sup, json_pack("{s:s,s:s,s:s}", "lane", "clergy", "effect", "warn", "pattern",
                           "tarot reading"),
            "/api/v1/boundary-rules");
    TH_ASSERT_STATUS(sup, 403);
    /* Turning off a built-in rule names one that exists. */
    th_post(admin, json_pack("{s:s,s:s}", "lane", "clergy", "disables", "no-such-rule"),
            "/api/v1/boundary-rules");
    TH_ASSERT_ERROR(admin, 400, "invalid");
    TH_ASSERT_STR(th_jstr(admin, "error.field"), "disables");
    POST(admin, 201, json_pack("{s:s,s:s,s:s,s:s}", "lane", "clergy", "effect", "warn", "pattern",
                               "(tarot|astrology) (reading|chart)", "note", "Spiritual practices"),
         "/api/v1/boundary-rules");
    int64_t rule = th_jint(admin, "id");
    th_post(peer_a_s, body45(rec_a, "low", note), "/api/v1/services");
    TH_ASSERT_ERROR(peer_a_s, 422, "boundary_warning");
    TH_ASSERT_CONTAINS(th_jstr(peer_a_s, "error.message"), "tarot reading");
    POST(sup, 200, json_pack("{s:s}", "note", note), "/api/v1/boundary-rules/check");
    assert_true(json_is_true(json_object_get(th_json(sup), "warns")));
    POST(admin, 200, json_object(), "/api/v1/boundary-rules/%lld/disable", (long long)rule);
    POST(peer_a_s, 201, body45(rec_a, "low", note), "/api/v1/services");
    /* Another organization's rules are its own. */
    th_sess *beta = signed_in(TH_BETA, "admin");
    th_post(beta, json_object(), "/api/v1/boundary-rules/%lld/disable", (long long)rule);
    TH_ASSERT_STATUS(beta, 404);
    th_sess_free(beta);
}

static void test_sv8_a_logged_service_reaches_the_claims_run_with_its_units(void **st)
{
    (void)st;
    int64_t r = make_recoveree(admin, TH_ALPHA, "Celia", peer_a);
    POST(admin, 201, json_pack("{s:s,s:s,s:s}", "name", "Test Medicaid", "funding_source",
                               "medicaid", "payer_ident", "NJMCD"),
         "/api/v1/billing/payers");
    int64_t payer = th_jint(admin, "id");
    POST(admin, 201, json_pack("{s:s,s:s,s:s,s:i,s:s}", "code", "H0038", "modifiers", "HF",
                               "modality", "individual", "min_level", 2, "rate", "11.97"),
         "/api/v1/billing/payers/%lld/codes", (long long)payer);
    POST(admin, 200, json_pack("{s:I,s:s,s:s}", "payer_id", (json_int_t)payer, "member_id",
                               "M123456", "diagnosis_code", "F11.20"),
         "/api/v1/recoverees/%lld/billing", (long long)r);
    json_t *b = body45(r, "moderate", "Went with her to the benefits office.");
    json_object_set_new(b, "funding_source", json_string("medicaid"));
    POST(peer_a_s, 201, b, "/api/v1/services");
    int64_t id = th_jint(peer_a_s, "id");
    th_get(admin, "/api/v1/billing/claims?payer_id=%lld&from=%s&to=%s", (long long)payer, day(-1),
           day(0));
    TH_ASSERT_STATUS(admin, 200);
    json_t *lines = json_object_get(json_object_get(th_json(admin), "preview"), "lines");
    int found = 0;
    size_t i;
    json_t *l;
    json_array_foreach(lines, i, l) {
        if (json_integer_value(json_object_get(l, "service_id")) == id) {
            found = 1;
            assert_int_equal(json_integer_value(json_object_get(l, "units")), 3);
            assert_string_equal(json_string_value(json_object_get(l, "code")), "H0038");
        }
    }
    if (!found)
        fail_msg("service %lld is not in the claims preview:\n%s", (long long)id,
                 th_body(admin));
    th_get(peer_a_s, "/api/v1/services/%lld", (long long)id);
    assert_true(json_is_true(json_object_get(json_object_get(th_json(peer_a_s), "billing"),
                                             "billable")));
    /* A service that cannot be billed says why on its page: no coverage with such a payer. */
    json_t *nb = body45(rec_a, "moderate", "Went to the library together.");
    json_object_set_new(nb, "funding_source", json_string("medicaid"));
    POST(peer_a_s, 201, nb, "/api/v1/services");
    th_get(peer_a_s, "/api/v1/services/%lld", (long long)th_jint(peer_a_s, "id"));
    TH_ASSERT_CONTAINS(th_jstr(peer_a_s, "billing.not_billed"), "no billing profile");
    /* Nor a code's level: a Level 2 worker's service under a Level 3 code. */
    POST(admin, 200, json_pack("{s:I,s:s,s:s}", "payer_id", (json_int_t)payer, "member_id",
                               "M999", "diagnosis_code", "F10.20"),
         "/api/v1/recoverees/%lld/billing", (long long)rec_b);
    th_get(admin, "/api/v1/billing/payers/%lld", (long long)payer);
    int64_t code = th_jint(admin, "codes.0.id");
    POST(admin, 200, json_pack("{s:s,s:s,s:s,s:i,s:s}", "code", "H0038", "modifiers", "HF",
                               "modality", "individual", "min_level", 3, "rate", "11.97"),
         "/api/v1/billing/payers/%lld/codes/%lld", (long long)payer, (long long)code);
    json_t *lb = body45(rec_b, "moderate", "Family support meeting at home.");
    json_object_set_new(lb, "funding_source", json_string("medicaid"));
    POST(peer_b_s, 201, lb, "/api/v1/services");
    th_get(peer_b_s, "/api/v1/services/%lld", (long long)th_jint(peer_b_s, "id"));
    TH_ASSERT_CONTAINS(th_jstr(peer_b_s, "billing.not_billed"), "requires level 3");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sv1_peer_logs_a_45_minute_service_with_its_history),
        cmocka_unit_test(test_sv1_every_missing_field_is_named_at_once),
        cmocka_unit_test(test_sv2_wf1_level1_volunteer_logging_high_intensity_is_refused_naming_wf1),
        cmocka_unit_test(test_wf1_a_refused_page_form_names_its_rule_in_the_error_summary),
        cmocka_unit_test(test_wf5_peer_without_a_supervisor_cannot_record_services),
        cmocka_unit_test(test_reach_a_peer_logs_only_for_their_caseload_and_other_orgs_are_404),
        cmocka_unit_test(test_sv3_dual_role_is_checked_when_logging_and_a_supervisor_overrides_in_writing),
        cmocka_unit_test(test_sv4_authority_relationship_is_refused_naming_sv4),
        cmocka_unit_test(test_services_are_edited_with_a_version_and_voided_never_deleted),
        cmocka_unit_test(test_plan_goals_must_be_the_recoverees_own),
        cmocka_unit_test(test_a_supervisor_records_only_for_peers_they_supervise),
        cmocka_unit_test(test_a_refused_page_form_comes_back_filled_in_and_a_draft_is_kept),
        cmocka_unit_test(test_sv5_a_note_in_the_nurse_lane_is_warned_rephrased_or_kept_with_a_reason),
        cmocka_unit_test(test_sv5_an_organization_extends_the_rules_in_one_table),
        cmocka_unit_test(test_sv8_a_logged_service_reaches_the_claims_run_with_its_units),
    };
    return cmocka_run_group_tests_name("http_services", tests, setup, teardown);
}
