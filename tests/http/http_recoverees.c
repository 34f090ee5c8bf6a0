/* http_recoverees.c - issue 4 over real HTTP: caseload reach on every route (404 outside it),
 * consents (RC-3), disclosures and their accounting (RC-4), SV-3/SV-4 with override, WF-1 on
 * assignment, break-glass, plans kept change by change (RC-5), BARC-10 (RC-6), matching (RC-2),
 * and the audit of every read and write. */
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
static th_sess *admin, *sup;
static int64_t peer_a, peer_b, volunteer, sup2;

static const char *day(int offset)
{
    static char ring[16][11];
    static int k;
    char *s = ring[k++ % 16];
    civil_format(th_today() + offset, s);
    return s;
}

static th_sess *signed_in(const char *username)
{
    th_sess *s = th_sess_new(env);
    assert_non_null(s);
    if (th_login(s, "alpha", username, TH_PASSWORD) != 200)
        fail_msg("sign-in of %s failed\n%s", username, th_last(s));
    return s;
}

#define POST(s, want, body, ...)                                                                 \
    do {                                                                                       \
        char p_[200];                                                                          \
        snprintf(p_, sizeof p_, __VA_ARGS__);                                                   \
        th_post((s), (body), "%s", p_);                                                         \
        TH_ASSERT_STATUS((s), (want));                                                          \
    } while (0)

/* A peer the workforce rules allow to take recoverees (Level 2, trained, supervised by sup). */
static int64_t eligible_peer(const char *username, int level, int64_t supervisor)
{
    int64_t id = th_add_user(env, TH_ALPHA, username, ROLE_PEER);
    assert_true(id > 0);
    POST(admin, 200, json_pack("{s:i,s:s,s:s,s:s,s:[ss],s:[s]}", "level", level, "hire_date",
                               day(-60), "languages", "English, Spanish", "pathways",
                               "Medication-assisted", "language_codes", "english", "spanish",
                               "pathway_codes", "medication_assisted"),
         "/api/v1/workforce/%lld/profile", (long long)id);
    POST(admin, 201, json_pack("{s:s,s:s,s:s,s:s}", "kind", level >= 2 ? "ethics_ccar" : "orientation_ethics",
                               "title", "Training", "hours", "18", "date", day(-50)),
         "/api/v1/workforce/%lld/trainings", (long long)id);
    POST(admin, 201, json_pack("{s:I,s:s}", "supervisor_id", (json_int_t)supervisor, "start_date",
                               day(-60)),
         "/api/v1/workforce/%lld/supervisors", (long long)id);
    return id;
}

/* A recoveree made by the admin and assigned to peer. */
static int64_t recoveree(const char *first, int64_t peer)
{
    POST(admin, 201, json_pack("{s:s,s:s,s:s,s:s,s:s,s:[s]}", "first_name", first, "last_name",
                               "Test", "dob", "1985-05-05", "language", "Spanish", "pathways",
                               "Medication-assisted", "language_codes", "spanish"),
         "/api/v1/recoverees");
    int64_t id = th_jint(admin, "id");
    assert_true(id > 0);
    if (peer > 0)
        POST(admin, 201, json_pack("{s:I}", "peer_id", (json_int_t)peer),
             "/api/v1/recoverees/%lld/assign", (long long)id);
    return id;
}

/* A complete specific consent to Clinic A and Dr. B for care coordination (unsigned). */
static json_t *consent_body(void)
{
    return json_pack("{s:s,s:s,s:s,s:s,s:s,s:b,s:s,s:s}", "kind", "specific", "disclosers",
                     "Alpha program", "information", "Recovery plan and attendance", "recipients",
                     "Clinic A\nDr. B", "purposes", "care coordination", "revocation_stmt", 1,
                     "revocation_how", "In writing to the director", "expires_on", day(365));
}

/* Record consent_body() for recoveree r (first name first, last name "Test") and have the
 * patient sign it electronically; returns the consent id. */
static int64_t signed_consent(int64_t r, const char *first)
{
    POST(admin, 201, consent_body(), "/api/v1/recoverees/%lld/consents", (long long)r);
    int64_t c = th_jint(admin, "id");
    char name[80];
    snprintf(name, sizeof name, "%s Test", first);
    POST(admin, 200, json_pack("{s:s}", "signature", name),
         "/api/v1/recoverees/%lld/consents/%lld/sign", (long long)r, (long long)c);
    return c;
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
    int64_t s1 = env->org[TH_ALPHA].user_id[ROLE_SUPERVISOR];
    sup2 = th_add_user(env, TH_ALPHA, "supervisor2", ROLE_SUPERVISOR);
    peer_a = eligible_peer("peera", 2, s1);
    peer_b = eligible_peer("peerb", 2, sup2);
    volunteer = eligible_peer("volunteer", 1, s1);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    th_sess_free(admin);
    th_sess_free(sup);
    return th_env_stop(env);
}

static void test_peer_gets_404_for_a_recoveree_off_their_caseload_on_every_route(void **st)
{
    (void)st;
    int64_t r = recoveree("Caseloadonly", peer_a);
    int64_t c = signed_consent(r, "Caseloadonly");
    POST(admin, 201, json_pack("{s:I,s:s,s:s,s:s}", "consent_id", (json_int_t)c, "recipient",
                               "Clinic A", "purpose", "care coordination", "what", "Recovery plan and attendance"),
         "/api/v1/recoverees/%lld/disclosures", (long long)r);
    int64_t d = th_jint(admin, "id");
    POST(admin, 201, json_pack("{s:s}", "strengths", "Family"), "/api/v1/recoverees/%lld/plan",
         (long long)r);
    th_sess *a = signed_in("peera"), *b = signed_in("peerb"), *s2 = signed_in("supervisor2");
    char paths[10][160];
    int n = 0;
    const char *subs[] = {"", "/plan", "/consents", "/barc10", "/export", "/accounting"};
    for (int i = 0; i < 6; i++)
        snprintf(paths[n++], 160, "/api/v1/recoverees/%lld%s", (long long)r, subs[i]);
    snprintf(paths[n++], 160, "/api/v1/recoverees/%lld/consents/%lld", (long long)r, (long long)c);
    snprintf(paths[n++], 160, "/api/v1/recoverees/%lld/disclosures/%lld", (long long)r, (long long)d);
    for (int i = 0; i < n; i++) {
        th_get(a, "%s", paths[i]);
        TH_ASSERT_STATUS(a, 200); /* on peer A's caseload */
        th_get(b, "%s", paths[i]);
        TH_ASSERT_STATUS(b, 404); /* not on peer B's */
        th_get(s2, "%s", paths[i]);
        TH_ASSERT_STATUS(s2, 404); /* not a supervisee's */
        th_get(sup, "%s", paths[i]);
        TH_ASSERT_STATUS(sup, 200); /* peer A's supervisor */
    }
    /* Writes too. */
    th_post(b, json_pack("{s:s}", "strengths", "x"), "/api/v1/recoverees/%lld/plan", (long long)r);
    TH_ASSERT_STATUS(b, 404);
    th_post(b, consent_body(), "/api/v1/recoverees/%lld/consents", (long long)r);
    TH_ASSERT_STATUS(b, 404);
    th_post(b, json_pack("{s:s}", "status", "closed"), "/api/v1/recoverees/%lld", (long long)r);
    TH_ASSERT_STATUS(b, 404);
    /* List and search never show it. */
    th_get(b, "/api/v1/recoverees?q=Caseloadonly");
    TH_ASSERT_STATUS(b, 200);
    assert_int_equal(th_jint(b, "pager.total"), 0);
    th_get(a, "/api/v1/recoverees?q=Caseloadonly");
    assert_int_equal(th_jint(a, "pager.total"), 1);
    /* Another organization's administrator: 404 as well. */
    th_sess *beta = th_sess_new(env);
    assert_int_equal(th_login(beta, "beta", "admin", TH_PASSWORD), 200);
    th_get(beta, "%s", paths[0]);
    TH_ASSERT_STATUS(beta, 404);
    th_sess_free(beta);
    th_sess_free(a);
    th_sess_free(b);
    th_sess_free(s2);
}

static void test_rc3_consent_missing_an_element_is_refused_naming_it(void **st)
{
    (void)st;
    int64_t r = recoveree("Consentless", peer_a);
    json_t *body = consent_body();
    json_object_del(body, "information");
    th_post(admin, body, "/api/v1/recoverees/%lld/consents", (long long)r);
    TH_ASSERT_ERROR(admin, 422, "consent_incomplete");
    assert_string_equal(th_jstr(admin, "error.field"), "information");
    assert_non_null(strstr(th_jstr(admin, "error.rule"), "2.31(a)(3)"));
    body = consent_body();
    json_object_del(body, "recipients");
    th_post(admin, body, "/api/v1/recoverees/%lld/consents", (long long)r);
    TH_ASSERT_STATUS(admin, 422);
    assert_non_null(strstr(th_jstr(admin, "error.rule"), "2.31(a)(4)"));
    /* Counseling notes cannot be combined with another kind (§2.31(b)(2)). */
    body = consent_body();
    json_object_set_new(body, "kind", json_string("counseling_notes"));
    json_object_set_new(body, "combined_with", json_string("tpo"));
    th_post(admin, body, "/api/v1/recoverees/%lld/consents", (long long)r);
    TH_ASSERT_STATUS(admin, 422);
    assert_non_null(strstr(th_jstr(admin, "error.rule"), "2.31(b)"));
    /* Proceedings cannot be combined either (§2.31(d)). */
    body = consent_body();
    json_object_set_new(body, "kind", json_string("proceedings"));
    json_object_set_new(body, "combined_with", json_string("specific"));
    th_post(admin, body, "/api/v1/recoverees/%lld/consents", (long long)r);
    TH_ASSERT_STATUS(admin, 422);
    assert_non_null(strstr(th_jstr(admin, "error.rule"), "2.31(d)"));
}

static void test_rc4_disclosure_refusals_and_the_notice_and_accounting(void **st)
{
    (void)st;
    int64_t r = recoveree("Disclosed", peer_a);
    /* No consent at all. */
    th_post(admin, json_pack("{s:i,s:s,s:s,s:s}", "consent_id", 999999, "recipient", "Clinic A",
                             "purpose", "care coordination", "what", "Recovery plan and attendance"),
            "/api/v1/recoverees/%lld/disclosures", (long long)r);
    TH_ASSERT_ERROR(admin, 422, "no_consent");
    assert_string_equal(th_jstr(admin, "error.rule"), "RC-4");
    /* An unsigned consent (to be signed electronically) does not carry a disclosure. */
    POST(admin, 201, consent_body(), "/api/v1/recoverees/%lld/consents", (long long)r);
    int64_t c = th_jint(admin, "id");
    th_post(admin, json_pack("{s:I,s:s,s:s,s:s}", "consent_id", (json_int_t)c, "recipient",
                             "Clinic A", "purpose", "care coordination", "what", "Recovery plan and attendance"),
            "/api/v1/recoverees/%lld/disclosures", (long long)r);
    TH_ASSERT_ERROR(admin, 422, "not_covered");
    /* The signature is the patient's name as on the consent, nobody else's. */
    th_post(admin, json_pack("{s:s}", "signature", "Somebody Else"),
            "/api/v1/recoverees/%lld/consents/%lld/sign", (long long)r, (long long)c);
    TH_ASSERT_ERROR(admin, 422, "signature");
    /* Signed electronically: typed name, time and address recorded. */
    POST(admin, 200, json_pack("{s:s}", "signature", "disclosed  test"),
         "/api/v1/recoverees/%lld/consents/%lld/sign", (long long)r, (long long)c);
    th_get(admin, "/api/v1/recoverees/%lld/consents/%lld", (long long)r, (long long)c);
    assert_string_equal(th_jstr(admin, "consent.signature_method"), "typed");
    assert_non_null(th_jstr(admin, "consent.signed_from"));
    /* A recipient the consent does not name. */
    th_post(admin, json_pack("{s:I,s:s,s:s,s:s}", "consent_id", (json_int_t)c, "recipient",
                             "Employer", "purpose", "care coordination", "what", "Recovery plan and attendance"),
            "/api/v1/recoverees/%lld/disclosures", (long long)r);
    TH_ASSERT_ERROR(admin, 422, "not_covered");
    assert_string_equal(th_jstr(admin, "error.rule"), "RC-4");
    assert_string_equal(th_jstr(admin, "error.field"), "recipient");
    /* Information the consent does not describe. */
    th_post(admin, json_pack("{s:I,s:s,s:s,s:s}", "consent_id", (json_int_t)c, "recipient",
                             "Clinic A", "purpose", "care coordination", "what",
                             "Full record including counseling notes"),
            "/api/v1/recoverees/%lld/disclosures", (long long)r);
    TH_ASSERT_ERROR(admin, 422, "not_covered");
    assert_string_equal(th_jstr(admin, "error.field"), "what");
    /* A purpose it does not name. */
    th_post(admin, json_pack("{s:I,s:s,s:s,s:s}", "consent_id", (json_int_t)c, "recipient",
                             "Clinic A", "purpose", "marketing", "what", "Recovery plan and attendance"),
            "/api/v1/recoverees/%lld/disclosures", (long long)r);
    TH_ASSERT_ERROR(admin, 422, "not_covered");
    assert_string_equal(th_jstr(admin, "error.field"), "purpose");
    /* Under the valid consent: the notice and scope travel with it. */
    POST(admin, 201, json_pack("{s:I,s:s,s:s,s:s,s:i}", "consent_id", (json_int_t)c, "recipient",
                               "Dr. B", "purpose", "care coordination", "what",
                               "Recovery plan and attendance", "notice_statement", 2),
         "/api/v1/recoverees/%lld/disclosures", (long long)r);
    assert_string_equal(th_jstr(admin, "disclosure.notice"),
                        "42 CFR part 2 prohibits unauthorized use or disclosure of these records.");
    assert_non_null(strstr(th_jstr(admin, "disclosure.scope"), "Clinic A"));
    th_get(admin, "/api/v1/recoverees/%lld/accounting", (long long)r);
    TH_ASSERT_STATUS(admin, 200);
    assert_string_equal(th_jstr(admin, "disclosures.0.recipient"), "Dr. B");
    assert_string_equal(th_jstr(admin, "disclosures.0.purpose"), "care coordination");
    assert_string_equal(th_jstr(admin, "disclosures.0.what"), "Recovery plan and attendance");
    assert_string_equal(th_jstr(admin, "disclosures.0.date"), day(0));
    /* The accounting reaches back 3 years, not more. */
    th_get(admin, "/api/v1/recoverees/%lld/accounting?from=%s", (long long)r, day(-3 * 366 - 2));
    TH_ASSERT_ERROR(admin, 422, "window");
    /* Written revocation: nothing more under it. */
    POST(admin, 200, json_pack("{s:s,s:s}", "method", "written_paper", "document", "Letter of today"),
         "/api/v1/recoverees/%lld/consents/%lld/revoke", (long long)r, (long long)c);
    th_post(admin, json_pack("{s:I,s:s,s:s,s:s}", "consent_id", (json_int_t)c, "recipient",
                             "Clinic A", "purpose", "care coordination", "what", "Recovery plan and attendance"),
            "/api/v1/recoverees/%lld/disclosures", (long long)r);
    TH_ASSERT_ERROR(admin, 422, "not_covered");
    assert_non_null(strstr(th_jstr(admin, "error.rule"), "2.31(c)"));
    /* An "end of treatment" consent ends when services end (§2.31(c)(1)). */
    int64_t r2 = recoveree("Endoftreatment", peer_a);
    json_t *eb = consent_body();
    json_object_del(eb, "expires_on");
    json_object_set_new(eb, "expiry_event", json_string("end of treatment"));
    POST(admin, 201, eb, "/api/v1/recoverees/%lld/consents", (long long)r2);
    int64_t c2 = th_jint(admin, "id");
    POST(admin, 200, json_pack("{s:s}", "signature", "Endoftreatment Test"),
         "/api/v1/recoverees/%lld/consents/%lld/sign", (long long)r2, (long long)c2);
    POST(admin, 201, json_pack("{s:I,s:s,s:s,s:s}", "consent_id", (json_int_t)c2, "recipient",
                               "Clinic A", "purpose", "care coordination", "what", "Recovery plan and attendance"),
         "/api/v1/recoverees/%lld/disclosures", (long long)r2);
    POST(admin, 200, json_pack("{s:s}", "status", "discharged"), "/api/v1/recoverees/%lld",
         (long long)r2);
    th_post(admin, json_pack("{s:I,s:s,s:s,s:s}", "consent_id", (json_int_t)c2, "recipient",
                             "Clinic A", "purpose", "care coordination", "what", "Recovery plan and attendance"),
            "/api/v1/recoverees/%lld/disclosures", (long long)r2);
    TH_ASSERT_ERROR(admin, 422, "not_covered");
    assert_non_null(strstr(th_jstr(admin, "error.rule"), "2.31(c)"));
    /* The earlier disclosure stays in the accounting (reliance). */
    th_get(admin, "/api/v1/recoverees/%lld/accounting", (long long)r);
    assert_int_equal(json_array_size(json_object_get(th_json(admin), "disclosures")), 1);
}

static void test_rc3_a_consent_signed_on_paper_is_uploaded_and_served_as_an_attachment(void **st)
{
    (void)st;
    int64_t r = recoveree("Papersigned", peer_a);
    POST(admin, 201, consent_body(), "/api/v1/recoverees/%lld/consents", (long long)r);
    int64_t c = th_jint(admin, "id");
    static const char pdf[] = "%PDF-1.4 signed consent scan";
    th_post_file(admin, json_pack("{s:s,s:s}", "signature", "Papersigned Test", "signed_on", day(-2)),
                 "scan.pdf", pdf, sizeof pdf - 1,
                 "/api/v1/recoverees/%lld/consents/%lld/signed-copy", (long long)r, (long long)c);
    TH_ASSERT_STATUS(admin, 201);
    th_get(admin, "/api/v1/recoverees/%lld/consents/%lld", (long long)r, (long long)c);
    assert_string_equal(th_jstr(admin, "consent.state"), "valid");
    assert_string_equal(th_jstr(admin, "consent.signature_method"), "paper");
    th_get(admin, "/api/v1/recoverees/%lld/consents/%lld/signed-copy", (long long)r, (long long)c);
    TH_ASSERT_STATUS(admin, 200);
    assert_string_equal(th_header(admin, "Content-Type"), "application/pdf");
    assert_non_null(strstr(th_header(admin, "Content-Disposition"), "attachment"));
    /* A file that is not a document is refused; so is the copy of a consent off the caseload. */
    th_post_file(admin, json_pack("{s:s,s:s}", "signature", "Papersigned Test", "signed_on", day(-2)),
                 "x.pdf", "<html>", 6, "/api/v1/recoverees/%lld/consents/%lld/signed-copy",
                 (long long)r, (long long)c);
    TH_ASSERT_STATUS(admin, 422);
    th_sess *b = signed_in("peerb");
    th_get(b, "/api/v1/recoverees/%lld/consents/%lld/signed-copy", (long long)r, (long long)c);
    TH_ASSERT_STATUS(b, 404);
    th_sess_free(b);
}

static void test_sv3_clinical_role_is_refused_until_a_supervisor_overrides_with_a_reason(void **st)
{
    (void)st;
    int64_t r = recoveree("Dualrole", 0);
    POST(admin, 201, json_pack("{s:I,s:s}", "staff_id", (json_int_t)peer_a, "kind", "clinical"),
         "/api/v1/recoverees/%lld/relationships", (long long)r);
    th_post(sup, json_pack("{s:I}", "peer_id", (json_int_t)peer_a),
            "/api/v1/recoverees/%lld/assign", (long long)r);
    TH_ASSERT_ERROR(sup, 422, "refused");
    assert_string_equal(th_jstr(sup, "error.rule"), "SV-3");
    th_post(sup, json_pack("{s:I,s:s}", "peer_id", (json_int_t)peer_a, "override_reason", "ok"),
            "/api/v1/recoverees/%lld/assign", (long long)r);
    TH_ASSERT_STATUS(sup, 400); /* a reason in a full sentence */
    POST(sup, 201, json_pack("{s:I,s:s}", "peer_id", (json_int_t)peer_a, "override_reason",
                             "Counseling ended last month; the only Spanish-speaking peer."),
         "/api/v1/recoverees/%lld/assign", (long long)r);
    assert_string_equal(th_jstr(sup, "override_rules"), "SV-3");
    th_get(admin, "/api/v1/audit?action=override&record_id=%lld", (long long)r);
    assert_string_equal(th_jstr(admin, "rows.0.user"), "supervisor");
    assert_non_null(strstr(th_jstr(admin, "rows.0.reason"), "Counseling ended"));
    /* SV-4: a probation officer on staff is refused as the peer. */
    int64_t r2 = recoveree("Authority", 0);
    POST(admin, 201, json_pack("{s:I,s:s}", "staff_id", (json_int_t)peer_a, "kind", "probation"),
         "/api/v1/recoverees/%lld/relationships", (long long)r2);
    th_post(admin, json_pack("{s:I}", "peer_id", (json_int_t)peer_a),
            "/api/v1/recoverees/%lld/assign", (long long)r2);
    TH_ASSERT_ERROR(admin, 422, "refused");
    assert_string_equal(th_jstr(admin, "error.rule"), "SV-4");
}

static void test_wf1_level1_volunteer_is_refused_as_a_recoverees_peer(void **st)
{
    (void)st;
    int64_t r = recoveree("Volunteerless", 0);
    th_post(admin, json_pack("{s:I,s:s}", "peer_id", (json_int_t)volunteer, "override_reason",
                             "Trying to override a workforce rule, which cannot be done."),
            "/api/v1/recoverees/%lld/assign", (long long)r);
    TH_ASSERT_ERROR(admin, 422, "refused");
    assert_string_equal(th_jstr(admin, "error.rule"), "WF-1");
    /* A volunteer's own intake is refused the same way (it would go onto their caseload). */
    th_sess *v = signed_in("volunteer");
    th_post(v, json_pack("{s:s,s:s,s:s,s:s}", "first_name", "X", "last_name", "Y", "dob",
                         "1990-01-01", "language", "English"),
            "/api/v1/recoverees");
    TH_ASSERT_ERROR(v, 422, "refused");
    assert_string_equal(th_jstr(v, "error.rule"), "WF-1");
    th_sess_free(v);
}

static void test_break_glass_opens_a_record_for_a_while_and_is_audited_and_listed(void **st)
{
    (void)st;
    int64_t r = recoveree("Emergency", peer_a);
    th_sess *b = signed_in("peerb");
    th_get(b, "/api/v1/recoverees/%lld", (long long)r);
    TH_ASSERT_STATUS(b, 404);
    th_post(b, json_pack("{s:s}", "reason", "short"), "/api/v1/recoverees/%lld/break-glass",
            (long long)r);
    TH_ASSERT_STATUS(b, 400);
    POST(b, 201, json_pack("{s:s}", "reason", "ER called: he is asking for a peer tonight."),
         "/api/v1/recoverees/%lld/break-glass", (long long)r);
    th_get(b, "/api/v1/recoverees/%lld", (long long)r);
    TH_ASSERT_STATUS(b, 200);
    th_get(admin, "/api/v1/break-glass");
    assert_string_equal(th_jstr(admin, "grants.0.user"), "alpha peerb");
    assert_false(json_is_true(json_object_get(json_array_get(json_object_get(th_json(admin), "grants"), 0), "reviewed")));
    th_get(admin, "/api/v1/audit?action=break_glass&record_id=%lld", (long long)r);
    assert_non_null(strstr(th_jstr(admin, "rows.0.reason"), "ER called"));
    /* Nobody reviews their own emergency access; someone else does. */
    th_get(admin, "/api/v1/break-glass");
    int64_t grant = th_jint(admin, "grants.0.id");
    assert_true(grant > 0);
    th_post(b, json_pack("{s:s}", "note", "mine"), "/api/v1/break-glass/%lld/review", (long long)grant);
    TH_ASSERT_STATUS(b, 403); /* peers do not review at all */
    th_sess *s2 = signed_in("supervisor2");
    POST(s2, 201, json_pack("{s:s}", "reason", "Covering the on-call phone for this recoveree now."),
         "/api/v1/recoverees/%lld/break-glass", (long long)r);
    th_get(admin, "/api/v1/break-glass");
    int64_t own = th_jint(admin, "grants.0.id");
    th_post(s2, json_pack("{s:s}", "note", "fine"), "/api/v1/break-glass/%lld/review", (long long)own);
    TH_ASSERT_STATUS(s2, 404);
    POST(admin, 200, json_pack("{s:s}", "note", "Checked with the ER."),
         "/api/v1/break-glass/%lld/review", (long long)grant);
    th_sess_free(s2);
    /* When the grant has expired the record is out of reach again. */
    th_sql(env, "UPDATE break_glass SET expires_at = expires_at - 100000");
    th_get(b, "/api/v1/recoverees/%lld", (long long)r);
    TH_ASSERT_STATUS(b, 404);
    th_sess_free(b);
}

static void test_rc5_every_plan_change_is_kept_and_a_stale_edit_is_409(void **st)
{
    (void)st;
    int64_t r = recoveree("Planner", peer_a);
    th_sess *a = signed_in("peera");
    POST(a, 201, json_pack("{s:s,s:s}", "strengths", "My kids", "review_date", day(30)),
         "/api/v1/recoverees/%lld/plan", (long long)r);
    POST(a, 200, json_pack("{s:s,s:i}", "strengths", "My kids and my job", "version", 1),
         "/api/v1/recoverees/%lld/plan", (long long)r);
    /* A field that is not sent keeps its value. */
    POST(a, 200, json_pack("{s:s,s:i}", "barriers", "No car", "version", 2),
         "/api/v1/recoverees/%lld/plan", (long long)r);
    th_get(a, "/api/v1/recoverees/%lld/plan", (long long)r);
    assert_string_equal(th_jstr(a, "plan.strengths"), "My kids and my job");
    assert_string_equal(th_jstr(a, "plan.barriers"), "No car");
    th_post(a, json_pack("{s:s,s:i}", "strengths", "Old tab", "version", 2),
            "/api/v1/recoverees/%lld/plan", (long long)r);
    TH_ASSERT_ERROR(a, 409, "stale");
    POST(a, 201, json_pack("{s:s,s:s}", "domain", "Housing", "goal", "My own place by June"),
         "/api/v1/recoverees/%lld/plan/goals", (long long)r);
    int64_t g = th_jint(a, "id");
    POST(a, 200, json_pack("{s:s}", "status", "met"), "/api/v1/recoverees/%lld/plan/goals/%lld",
         (long long)r, (long long)g);
    th_get(a, "/api/v1/recoverees/%lld/plan", (long long)r);
    json_t *h = json_object_get(th_json(a), "history");
    assert_int_equal(json_array_size(h), 5);
    assert_string_equal(th_jstr(a, "history.0.what"), "Goal changed");
    assert_string_equal(th_jstr(a, "history.0.by"), "alpha peera");
    assert_non_null(strstr(th_jstr(a, "history.0.after"), "met"));
    assert_non_null(strstr(th_jstr(a, "history.3.before"), "My kids"));
    assert_non_null(strstr(th_jstr(a, "history.3.after"), "my job"));
    assert_string_equal(th_jstr(a, "goals.0.status"), "met");
    /* An overdue review shows in the queue. */
    th_sql(env, "UPDATE plans SET review_date = '2020-01-01'");
    th_get(a, "/api/v1/plans/due");
    assert_true(json_array_size(json_object_get(th_json(a), "due")) >= 1);
    th_sess_free(a);
}

static void test_rc6_barc10_items_are_validated_and_the_chart_shows_each_point(void **st)
{
    (void)st;
    int64_t r = recoveree("Capital", peer_a);
    json_t *b = json_pack("{s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:i}", "item1", 3, "item2", 3,
                          "item3", 3, "item4", 3, "item5", 3, "item6", 3, "item7", 9, "item8", 3,
                          "item9", 3, "item10", 3);
    th_post(admin, b, "/api/v1/recoverees/%lld/barc10", (long long)r);
    TH_ASSERT_STATUS(admin, 400);
    assert_string_equal(th_jstr(admin, "error.field"), "item7");
    for (int k = 0; k < 2; k++) {
        int v = 3 + 2 * k;
        POST(admin, 201, json_pack("{s:s,s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:i}", "taken_on",
                                   day(-100 + 90 * k), "item1", v, "item2", v, "item3", v, "item4",
                                   v, "item5", v, "item6", v, "item7", v, "item8", v, "item9", v,
                                   "item10", v),
             "/api/v1/recoverees/%lld/barc10", (long long)r);
        assert_int_equal(th_jint(admin, "total"), 10 * v);
    }
    th_get(admin, "/api/v1/recoverees/%lld/barc10", (long long)r);
    assert_int_equal(th_jint(admin, "change"), 20);
    th_get(admin, "/recoverees/%lld/barc10", (long long)r); /* the page with its SVG */
    TH_ASSERT_STATUS(admin, 200);
    int circles = 0;
    for (const char *p = th_body(admin); (p = strstr(p, "<circle")); p++)
        circles++;
    assert_int_equal(circles, 2);
    assert_non_null(strstr(th_body(admin), "47"));
}

static void test_rc1_required_intake_fields_follow_the_organizations_policy(void **st)
{
    (void)st;
    th_post(admin, json_pack("{s:s,s:s,s:s}", "first_name", "No", "last_name", "Dob", "language",
                             "English"),
            "/api/v1/recoverees");
    TH_ASSERT_ERROR(admin, 422, "required");
    assert_string_equal(th_jstr(admin, "error.rule"), "RC-1");
    assert_string_equal(th_jstr(admin, "error.field"), "dob");
    /* Required fields cannot be emptied later either. */
    int64_t r = recoveree("Keepsdob", 0);
    th_post(admin, json_pack("{s:s}", "dob", ""), "/api/v1/recoverees/%lld", (long long)r);
    TH_ASSERT_ERROR(admin, 422, "required");
    assert_string_equal(th_jstr(admin, "error.field"), "dob");
    /* The language is given in words or from the list: emptying both is refused. */
    th_post(admin, json_pack("{s:s,s:[]}", "language", "", "language_codes"),
            "/api/v1/recoverees/%lld", (long long)r);
    TH_ASSERT_ERROR(admin, 422, "required");
    assert_string_equal(th_jstr(admin, "error.field"), "language");
    POST(admin, 200, json_pack("{s:i}", "intake_require_dob", 0), "/api/v1/settings");
    POST(admin, 201, json_pack("{s:s,s:s,s:s}", "first_name", "No", "last_name", "Dob", "language",
                               "English"),
         "/api/v1/recoverees");
    POST(admin, 200, json_pack("{s:i}", "intake_require_dob", 1), "/api/v1/settings");
}

static void test_rc2_matching_ranks_with_reasons_and_never_lists_ineligible_peers(void **st)
{
    (void)st;
    int64_t r = recoveree("Matched", 0);
    POST(admin, 201, json_pack("{s:I,s:s}", "staff_id", (json_int_t)peer_b, "kind", "employer"),
         "/api/v1/recoverees/%lld/relationships", (long long)r);
    th_get(admin, "/api/v1/recoverees/%lld/match", (long long)r);
    TH_ASSERT_STATUS(admin, 200);
    json_t *m = json_object_get(th_json(admin), "matches");
    assert_true(json_array_size(m) >= 1);
    int saw_a = 0;
    size_t i;
    json_t *it;
    json_array_foreach(m, i, it)
    {
        int64_t id = json_integer_value(json_object_get(it, "peer_id"));
        assert_true(id != peer_b);    /* SV-4 conflict */
        assert_true(id != volunteer); /* WF-1 */
        assert_true(json_array_size(json_object_get(it, "reasons")) >= 1);
        saw_a |= id == peer_a;
    }
    assert_true(saw_a);
    assert_string_equal(th_jstr(admin, "matches.0.reasons.0"), "Speaks Spanish");
}

/* Give peer id a structured matching profile through the API. */
static void peer_profile(int64_t id, json_t *codes)
{
    POST(admin, 200, codes, "/api/v1/workforce/%lld/profile", (long long)id);
}

static int has_reason(th_sess *s, size_t rank, const char *reason)
{
    json_t *rs = json_object_get(
        json_array_get(json_object_get(th_json(s), "matches"), rank), "reasons");
    size_t i;
    json_t *it;
    json_array_foreach(rs, i, it)
    if (strcmp(json_string_value(it), reason) == 0)
        return 1;
    return 0;
}

/* Issue 7 acceptance: a Spanish-speaking recoveree who asks for a woman with opioid and MAT
 * experience gets the Spanish-speaking woman peer with both first, with the reasons; a man
 * with all the rest and an English-only woman come after; ineligible peers never appear. */
static void test_rc2_spanish_speaker_asking_for_a_woman_with_opioid_and_mat_experience(void **st)
{
    (void)st;
    int64_t s1 = env->org[TH_ALPHA].user_id[ROLE_SUPERVISOR];
    int64_t lucia = eligible_peer("lucia", 2, s1), mario = eligible_peer("mario", 3, s1),
            wendy = eligible_peer("wendy", 2, s1);
    peer_profile(lucia, json_pack("{s:[ss],s:s,s:[s],s:[s]}", "language_codes", "english",
                                  "spanish", "gender", "woman", "substance_codes", "opioids",
                                  "pathway_codes", "medication_assisted"));
    peer_profile(mario, json_pack("{s:[s],s:s,s:[s],s:[s]}", "language_codes", "spanish",
                                  "gender", "man", "substance_codes", "opioids", "pathway_codes",
                                  "medication_assisted"));
    peer_profile(wendy, json_pack("{s:[s],s:s,s:[s],s:[s]}", "language_codes", "english",
                                  "gender", "woman", "substance_codes", "opioids",
                                  "pathway_codes", "medication_assisted"));
    POST(admin, 201, json_pack("{s:s,s:s,s:s,s:[s],s:s,s:[s],s:[s]}", "first_name", "Marisol",
                               "last_name", "Acceptance", "dob", "1988-03-14", "language_codes",
                               "spanish", "peer_gender", "woman", "substance_codes", "opioids",
                               "pathway_codes", "medication_assisted"),
         "/api/v1/recoverees");
    int64_t r = th_jint(admin, "id");
    th_get(admin, "/api/v1/recoverees/%lld/match", (long long)r);
    TH_ASSERT_STATUS(admin, 200);
    assert_int_equal(th_jint(admin, "matches.0.peer_id"), lucia);
    assert_true(has_reason(admin, 0, "Speaks Spanish"));
    assert_true(has_reason(admin, 0, "Woman, as requested"));
    assert_true(has_reason(admin, 0, "Lived experience with opioids"));
    assert_true(has_reason(admin, 0, "Medication-assisted pathway"));
    json_t *m = json_object_get(th_json(admin), "matches");
    size_t i, at_mario = 0, at_wendy = 0;
    json_t *it;
    json_array_foreach(m, i, it)
    {
        int64_t id = json_integer_value(json_object_get(it, "peer_id"));
        assert_true(id != volunteer); /* WF-1 */
        if (id == mario) {
            at_mario = i;
            assert_true(has_reason(admin, i, "Asked for: Woman; this peer's gender differs"));
        }
        at_wendy = id == wendy ? i : at_wendy;
    }
    assert_true(at_mario > 0 && at_wendy > 0);
    /* The page says it in words too. */
    th_get(admin, "/recoverees/%lld/match", (long long)r);
    TH_ASSERT_STATUS(admin, 200);
    assert_non_null(strstr(th_body(admin), "Woman, as requested"));
}

/* RC-1: the structured fields arrive as JSON arrays or form checkboxes, are stored normalized
 * and come back as arrays with labels; a code not on the list is refused naming the field. */
static void test_rc1_intake_takes_structured_fields_and_refuses_an_unknown_code(void **st)
{
    (void)st;
    POST(admin, 201, json_pack("{s:s,s:s,s:s,s:[ss],s:s,s:s,s:[s],s:[ss],s:[s],s:s}", "first_name",
                               "Coded", "last_name", "Test", "dob", "1990-01-01", "language_codes",
                               "spanish", "english", "gender", "man", "peer_gender", "man",
                               "substance_codes", "alcohol", "pathway_codes", "smart",
                               "twelve_step", "culture_codes", "veteran", "cultural_factors",
                               "Marine Corps, two tours"),
         "/api/v1/recoverees");
    int64_t r = th_jint(admin, "id");
    th_get(admin, "/api/v1/recoverees/%lld", (long long)r);
    TH_ASSERT_STATUS(admin, 200);
    assert_string_equal(th_jstr(admin, "recoveree.language_codes.0"), "english");
    assert_string_equal(th_jstr(admin, "recoveree.language_codes.1"), "spanish");
    assert_string_equal(th_jstr(admin, "recoveree.gender"), "man");
    assert_string_equal(th_jstr(admin, "recoveree.pathway_codes.0"), "twelve_step");
    assert_string_equal(th_jstr(admin, "recoveree.pathway_labels"), "12-step, SMART Recovery");
    assert_string_equal(th_jstr(admin, "recoveree.cultural_factors"), "Marine Corps, two tours");
    int64_t version = th_jint(admin, "recoveree.version");

    /* Unknown codes, on intake and on update, are refused naming the field. */
    th_post(admin, json_pack("{s:s,s:s,s:s,s:s,s:[ss]}", "first_name", "Bad", "last_name", "Code",
                             "dob", "1990-01-01", "language", "English", "substance_codes",
                             "opioids", "chocolate"),
            "/api/v1/recoverees");
    TH_ASSERT_ERROR(admin, 400, "invalid");
    assert_string_equal(th_jstr(admin, "error.field"), "substance_codes");
    assert_non_null(strstr(th_jstr(admin, "error.message"), "chocolate"));
    th_post(admin, json_pack("{s:s}", "peer_gender", "robot"), "/api/v1/recoverees/%lld",
            (long long)r);
    TH_ASSERT_ERROR(admin, 400, "invalid");
    assert_string_equal(th_jstr(admin, "error.field"), "peer_gender");
    th_post(admin, json_pack("{s:[s]}", "gender", "man"), "/api/v1/recoverees/%lld", (long long)r);
    TH_ASSERT_ERROR(admin, 400, "invalid");
    assert_string_equal(th_jstr(admin, "error.field"), "gender");

    /* An update keeps what it does not send and clears what it sends empty. */
    POST(admin, 200, json_pack("{s:[],s:I}", "culture_codes", "version", (json_int_t)version),
         "/api/v1/recoverees/%lld", (long long)r);
    th_get(admin, "/api/v1/recoverees/%lld", (long long)r);
    assert_int_equal(json_array_size(json_object_get(json_object_get(th_json(admin), "recoveree"),
                                                     "culture_codes")), 0);
    assert_string_equal(th_jstr(admin, "recoveree.substance_codes.0"), "alcohol");

    /* The intake form sends checkboxes (with its empty hidden field). */
    th_get(admin, "/recoverees/new");
    TH_ASSERT_STATUS(admin, 200);
    assert_non_null(strstr(th_body(admin), "name=\"substance_codes\" value=\"opioids\""));
    char form[400];
    snprintf(form, sizeof form,
             "_csrf=%s&first_name=Boxes&last_name=Test&dob=1990-01-01&language_codes="
             "&language_codes=spanish&substance_codes=&substance_codes=opioids"
             "&substance_codes=alcohol&peer_gender=woman&language=Spanish",
             th_csrf(admin));
    th_post_form(admin, form, "/recoverees");
    TH_ASSERT_STATUS(admin, 303);
    th_get(admin, "/api/v1/recoverees?q=Boxes");
    int64_t b = th_jint(admin, "recoverees.0.id");
    th_get(admin, "/api/v1/recoverees/%lld", (long long)b);
    assert_string_equal(th_jstr(admin, "recoveree.substance_codes.0"), "alcohol");
    assert_string_equal(th_jstr(admin, "recoveree.substance_codes.1"), "opioids");
    assert_string_equal(th_jstr(admin, "recoveree.peer_gender"), "woman");
    snprintf(form, sizeof form,
             "_csrf=%s&first_name=Boxes&last_name=Bad&dob=1990-01-01&language=x&language_codes=martian",
             th_csrf(admin));
    th_post_form(admin, form, "/recoverees");
    TH_ASSERT_STATUS(admin, 400);
    assert_non_null(strstr(th_body(admin), "martian"));
}

/* Item 21: several words match when each matches a name part; a phone in any punctuation, a
 * date of birth (two ways) and a record number find the recoveree; the access scope applies
 * to every kind of search. */
static void test_search_finds_by_full_name_phone_date_of_birth_and_record_number(void **st)
{
    (void)st;
    POST(admin, 201, json_pack("{s:s,s:s,s:s,s:s,s:s}", "first_name", "Jorge", "last_name",
                               "Asante", "dob", "1979-11-02", "phone", "(973) 555-0199",
                               "language", "English"),
         "/api/v1/recoverees");
    int64_t r = th_jint(admin, "id");
    POST(admin, 201, json_pack("{s:I}", "peer_id", (json_int_t)peer_a),
         "/api/v1/recoverees/%lld/assign", (long long)r);
    char num[32], hash[32];
    snprintf(num, sizeof num, "%lld", (long long)r);
    snprintf(hash, sizeof hash, "%%23%lld", (long long)r);
    const char *finds[] = {"Jorge%20Asante", "asante%20jorge", "Asante", "jor%20asa",
                           "973-555-0199", "(973)%20555-0199", "%2B1%20973%20555%200199",
                           "5550199", "1979-11-02", "11/02/1979", hash, num};
    th_sess *a = signed_in("peera"), *b = signed_in("peerb");
    for (size_t k = 0; k < sizeof finds / sizeof *finds; k++) {
        th_get(admin, "/api/v1/recoverees?q=%s", finds[k]);
        TH_ASSERT_STATUS(admin, 200);
        if (th_jint(admin, "recoverees.0.id") != r)
            fail_msg("search %s did not find Jorge Asante first\n%s", finds[k], th_last(admin));
        th_get(a, "/api/v1/recoverees?q=%s", finds[k]);
        if (th_jint(a, "recoverees.0.id") != r)
            fail_msg("his peer's search %s did not find him\n%s", finds[k], th_last(a));
        /* Another peer's search finds nothing of him, whichever way it asks. */
        th_get(b, "/api/v1/recoverees?q=%s", finds[k]);
        TH_ASSERT_STATUS(b, 200);
        json_t *rows = json_object_get(th_json(b), "recoverees");
        for (size_t i = 0; i < json_array_size(rows); i++)
            if (json_integer_value(json_object_get(json_array_get(rows, i), "id")) == r)
                fail_msg("search %s found a recoveree outside peerb's caseload", finds[k]);
    }
    const char *misses[] = {"Jorge%20Smith", "orge", "973-555-0198", "1979-11-03"};
    for (size_t k = 0; k < sizeof misses / sizeof *misses; k++) {
        th_get(admin, "/api/v1/recoverees?q=%s", misses[k]);
        json_t *rows = json_object_get(th_json(admin), "recoverees");
        for (size_t i = 0; i < json_array_size(rows); i++)
            if (json_integer_value(json_object_get(json_array_get(rows, i), "id")) == r)
                fail_msg("search %s should not find Jorge Asante", misses[k]);
    }
    /* LIKE wildcards are text, not patterns. */
    th_get(admin, "/api/v1/recoverees?q=%%25");
    TH_ASSERT_STATUS(admin, 200);
    assert_int_equal(json_array_size(json_object_get(th_json(admin), "recoverees")), 0);
    th_get(admin, "/api/v1/recoverees?q=a%%20b%%20c%%20d%%20e%%20f%%20g");
    TH_ASSERT_ERROR(admin, 400, "invalid");
    th_sess_free(a);
    th_sess_free(b);
}

/* Item 21: the list shows the assigned peer, the plan's next review and the consent state. */
static void test_list_shows_assigned_peer_plan_due_and_consent_state(void **st)
{
    (void)st;
    int64_t r = recoveree("Listed", peer_a);
    POST(admin, 201, json_pack("{s:s,s:s}", "strengths", "x", "review_date", day(20)),
         "/api/v1/recoverees/%lld/plan", (long long)r);
    signed_consent(r, "Listed");
    int64_t bare = recoveree("Unlisted", 0);
    th_get(admin, "/api/v1/recoverees?q=Listed%%20Test");
    TH_ASSERT_STATUS(admin, 200);
    assert_int_equal(th_jint(admin, "recoverees.0.id"), r);
    assert_string_equal(th_jstr(admin, "recoverees.0.peer"), "alpha peera");
    assert_string_equal(th_jstr(admin, "recoverees.0.plan_due"), day(20));
    assert_string_equal(th_jstr(admin, "recoverees.0.consent"), "active");
    assert_string_equal(th_jstr(admin, "recoverees.0.consent_label"), "active consent");
    th_get(admin, "/api/v1/recoverees?q=Unlisted");
    assert_int_equal(th_jint(admin, "recoverees.0.id"), bare);
    assert_null(th_jstr(admin, "recoverees.0.peer"));
    assert_null(th_jstr(admin, "recoverees.0.plan_due"));
    assert_string_equal(th_jstr(admin, "recoverees.0.consent"), "none");
    /* An unsigned consent is waiting; the page shows the columns. */
    POST(admin, 201, consent_body(), "/api/v1/recoverees/%lld/consents", (long long)bare);
    th_get(admin, "/api/v1/recoverees?q=Unlisted");
    assert_string_equal(th_jstr(admin, "recoverees.0.consent"), "unsigned");
    th_get(admin, "/recoverees?q=Listed");
    TH_ASSERT_STATUS(admin, 200);
    const char *page = th_body(admin);
    assert_non_null(strstr(page, ">Peer</th>"));
    assert_non_null(strstr(page, ">Plan due</th>"));
    assert_non_null(strstr(page, ">Consent</th>"));
    assert_non_null(strstr(page, "alpha peera"));
    assert_non_null(strstr(page, "active consent"));
    th_get(admin, "/recoverees?q=Unlisted");
    assert_non_null(strstr(th_body(admin), "no plan"));
    assert_non_null(strstr(th_body(admin), "awaiting signature"));
}

/* RC-2 on the peer's side: the profile takes codes as arrays and refuses one not on the list,
 * naming the field; the page offers the lists as checkboxes. */
static void test_rc2_peer_profile_takes_codes_and_refuses_an_unknown_one(void **st)
{
    (void)st;
    th_post(admin, json_pack("{s:[ss]}", "culture_codes", "veteran", "pirate"),
            "/api/v1/workforce/%lld/profile", (long long)peer_a);
    TH_ASSERT_ERROR(admin, 400, "invalid");
    assert_string_equal(th_jstr(admin, "error.field"), "culture_codes");
    assert_non_null(strstr(th_jstr(admin, "error.message"), "pirate"));
    th_post(admin, json_pack("{s:s}", "gender", "robot"), "/api/v1/workforce/%lld/profile",
            (long long)peer_a);
    TH_ASSERT_ERROR(admin, 400, "invalid");
    assert_string_equal(th_jstr(admin, "error.field"), "gender");
    POST(admin, 200, json_pack("{s:[s],s:s}", "culture_codes", "veteran", "gender", "man"),
         "/api/v1/workforce/%lld/profile", (long long)peer_a);
    th_get(admin, "/api/v1/workforce/%lld", (long long)peer_a);
    TH_ASSERT_STATUS(admin, 200);
    assert_string_equal(th_jstr(admin, "person.culture_codes.0"), "veteran");
    assert_string_equal(th_jstr(admin, "person.gender"), "man");
    /* What was not sent is kept. */
    assert_string_equal(th_jstr(admin, "person.language_codes.1"), "spanish");
    th_get(admin, "/workforce/%lld", (long long)peer_a);
    TH_ASSERT_STATUS(admin, 200);
    assert_non_null(strstr(th_body(admin), "name=\"culture_codes\" value=\"veteran\" checked"));
}

/* Item 22 and the demo's RC-2 case: the demo never dates a supervision session after today
 * (the API refuses one), and its Spanish-speaking recoveree who asks for a woman with opioid
 * and MAT experience is matched first with such a peer. */
static void test_demo_has_no_future_supervision_and_matches_its_rc2_case(void **st)
{
    (void)st;
    char *out = NULL;
    int rc = th_cli(env, &out, "demo", NULL);
    if (rc != 0)
        fail_msg("demo failed (%d): %s", rc, out ? out : "");
    free(out);
    /* A table that refuses a nonzero count: the insert fails if any session is in the future. */
    assert_int_equal(th_sql(env, "CREATE TABLE t_future_sessions (n BIGINT CHECK (n = 0)); "
                                 "INSERT INTO t_future_sessions SELECT COUNT(*) FROM "
                                 "supervision_sessions WHERE date > '%s'", day(0)),
                     0);
    th_sess *s = th_sess_new(env);
    assert_int_equal(th_login(s, "demo", "supervisor", "Recovery-Demo-2026"), 200);
    th_get(s, "/api/v1/recoverees?q=Marisol%%20Vega");
    TH_ASSERT_STATUS(s, 200);
    int64_t r = th_jint(s, "recoverees.0.id");
    assert_true(r > 0);
    th_get(s, "/api/v1/recoverees/%lld/match", (long long)r);
    TH_ASSERT_STATUS(s, 200);
    assert_true(has_reason(s, 0, "Speaks Spanish"));
    assert_true(has_reason(s, 0, "Woman, as requested"));
    assert_true(has_reason(s, 0, "Lived experience with opioids"));
    assert_true(has_reason(s, 0, "Medication-assisted pathway"));
    th_sess_free(s);
}

static void test_every_read_and_write_of_a_recoveree_is_audited(void **st)
{
    (void)st;
    int64_t r = recoveree("Audited", peer_a);
    th_sess *a = signed_in("peera");
    th_get(a, "/api/v1/recoverees/%lld", (long long)r);
    th_get(a, "/api/v1/recoverees/%lld/plan", (long long)r);
    th_get(a, "/api/v1/recoverees/%lld/consents", (long long)r);
    th_get(a, "/api/v1/recoverees/%lld/barc10", (long long)r);
    th_get(a, "/api/v1/recoverees/%lld/export", (long long)r);
    TH_ASSERT_STATUS(a, 200);
    assert_string_equal(th_jstr(a, "recoveree.dob"), "1985-05-05"); /* the whole record */
    assert_true(json_is_array(json_object_get(th_json(a), "consents")));
    assert_true(json_is_array(json_object_get(th_json(a), "barc10")));
    POST(a, 201, json_pack("{s:s}", "strengths", "x"), "/api/v1/recoverees/%lld/plan", (long long)r);
    th_sess_free(a);
    const char *actions[] = {"recoveree.create", "caseload.assign", "recoveree.read", "plan.read",
                             "consent.list", "barc10.read", "recoveree.export", "plan.create"};
    for (size_t k = 0; k < sizeof actions / sizeof *actions; k++) {
        th_get(admin, "/api/v1/audit?record_type=recoveree&record_id=%lld&action=%s", (long long)r,
               actions[k]);
        if (json_array_size(json_object_get(th_json(admin), "rows")) < 1)
            fail_msg("no audit row %s for recoveree %lld", actions[k], (long long)r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_peer_gets_404_for_a_recoveree_off_their_caseload_on_every_route),
        cmocka_unit_test(test_rc3_consent_missing_an_element_is_refused_naming_it),
        cmocka_unit_test(test_rc4_disclosure_refusals_and_the_notice_and_accounting),
        cmocka_unit_test(test_rc3_a_consent_signed_on_paper_is_uploaded_and_served_as_an_attachment),
        cmocka_unit_test(test_sv3_clinical_role_is_refused_until_a_supervisor_overrides_with_a_reason),
        cmocka_unit_test(test_wf1_level1_volunteer_is_refused_as_a_recoverees_peer),
        cmocka_unit_test(test_break_glass_opens_a_record_for_a_while_and_is_audited_and_listed),
        cmocka_unit_test(test_rc5_every_plan_change_is_kept_and_a_stale_edit_is_409),
        cmocka_unit_test(test_rc6_barc10_items_are_validated_and_the_chart_shows_each_point),
        cmocka_unit_test(test_rc1_required_intake_fields_follow_the_organizations_policy),
        cmocka_unit_test(test_rc2_matching_ranks_with_reasons_and_never_lists_ineligible_peers),
        cmocka_unit_test(test_rc2_spanish_speaker_asking_for_a_woman_with_opioid_and_mat_experience),
        cmocka_unit_test(test_rc1_intake_takes_structured_fields_and_refuses_an_unknown_code),
        cmocka_unit_test(test_search_finds_by_full_name_phone_date_of_birth_and_record_number),
        cmocka_unit_test(test_list_shows_assigned_peer_plan_due_and_consent_state),
        cmocka_unit_test(test_rc2_peer_profile_takes_codes_and_refuses_an_unknown_one),
        cmocka_unit_test(test_every_read_and_write_of_a_recoveree_is_audited),
        cmocka_unit_test(test_demo_has_no_future_supervision_and_matches_its_rc2_case),
    };
    return cmocka_run_group_tests_name("http_recoverees", tests, setup, teardown);
}
