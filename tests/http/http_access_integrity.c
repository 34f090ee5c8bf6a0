/* http_access_integrity.c - issue 7 over real HTTP, on SQLite and PostgreSQL: ending a caseload
 * assignment, a supervision or a break-glass grant takes effect at once (the same second);
 * every read of record content fails closed when its audit entry cannot be written; and a
 * signed consent's copy is replaced only by a correction with a reason, earlier copies kept. */
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
static int64_t sup_id, peer_a, peer_b;

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

/* A Level 2 peer, trained, supervised by supervisor since two months ago. */
static int64_t eligible_peer(const char *username, int64_t supervisor)
{
    int64_t id = th_add_user(env, TH_ALPHA, username, ROLE_PEER);
    assert_true(id > 0);
    POST(admin, 200, json_pack("{s:i,s:s}", "level", 2, "hire_date", day(-60)),
         "/api/v1/workforce/%lld/profile", (long long)id);
    POST(admin, 201, json_pack("{s:s,s:s,s:s,s:s}", "kind", "ethics_ccar", "title", "Training",
                               "hours", "18", "date", day(-50)),
         "/api/v1/workforce/%lld/trainings", (long long)id);
    POST(admin, 201, json_pack("{s:I,s:s}", "supervisor_id", (json_int_t)supervisor, "start_date",
                               day(-60)),
         "/api/v1/workforce/%lld/supervisors", (long long)id);
    return id;
}

/* A recoveree (last name "Test") made by the admin and assigned to peer from today. */
static int64_t recoveree(const char *first, int64_t peer)
{
    POST(admin, 201, json_pack("{s:s,s:s,s:s,s:s,s:s}", "first_name", first, "last_name", "Test",
                               "dob", "1985-05-05", "language", "Spanish", "pathways",
                               "Medication-assisted"),
         "/api/v1/recoverees");
    int64_t id = th_jint(admin, "id");
    assert_true(id > 0);
    if (peer > 0)
        POST(admin, 201, json_pack("{s:I}", "peer_id", (json_int_t)peer),
             "/api/v1/recoverees/%lld/assign", (long long)id);
    return id;
}

/* The id of the only open caseload assignment of recoveree r. */
static int64_t assignment_of(int64_t r)
{
    th_get(admin, "/api/v1/recoverees/%lld", (long long)r);
    TH_ASSERT_STATUS(admin, 200);
    int64_t id = th_jint(admin, "caseload.0.id");
    assert_true(id > 0);
    return id;
}

static int64_t grant_of(const char *reason)
{
    th_get(admin, "/api/v1/break-glass");
    json_t *g = json_object_get(th_json(admin), "grants");
    for (size_t i = 0; i < json_array_size(g); i++)
        if (!strcmp(json_string_value(json_object_get(json_array_get(g, i), "reason")), reason))
            return json_integer_value(json_object_get(json_array_get(g, i), "id"));
    fail_msg("no grant with reason %s", reason);
    return 0;
}

/* How many audit rows of an action there are for a record (admin reads the trail). */
static size_t audit_rows(const char *action, int64_t record_id)
{
    th_get(admin, "/api/v1/audit?action=%s&record_id=%lld", action, (long long)record_id);
    TH_ASSERT_STATUS(admin, 200);
    return json_array_size(json_object_get(th_json(admin), "rows"));
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
    sup_id = env->org[TH_ALPHA].user_id[ROLE_SUPERVISOR];
    peer_a = eligible_peer("peera", sup_id);
    peer_b = eligible_peer("peerb", sup_id);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    th_sess_free(admin);
    th_sess_free(sup);
    return th_env_stop(env);
}

/* ---- item 2: ends take effect at once ------------------------------------------------- */

static void test_ending_an_assignment_closes_the_record_to_the_peer_at_once(void **st)
{
    (void)st;
    int64_t r = recoveree("Ended", peer_a);
    int64_t c = assignment_of(r);
    th_sess *a = signed_in("peera");
    th_get(a, "/api/v1/recoverees/%lld", (long long)r);
    TH_ASSERT_STATUS(a, 200);
    POST(admin, 200, json_object(), "/api/v1/recoverees/%lld/assign/%lld/end", (long long)r,
         (long long)c);
    /* The same second: no waiting for the end of the day. */
    th_get(a, "/api/v1/recoverees/%lld", (long long)r);
    TH_ASSERT_STATUS(a, 404);
    th_post(a, json_pack("{s:s}", "strengths", "still here?"), "/api/v1/recoverees/%lld/plan",
            (long long)r);
    TH_ASSERT_STATUS(a, 404);
    th_get(a, "/api/v1/recoverees?q=Ended");
    TH_ASSERT_STATUS(a, 200);
    assert_int_equal(json_array_size(json_object_get(th_json(a), "recoverees")), 0);
    /* Nor does the peer's supervisor reach it through the ended assignment, and the record no
     * longer lists it as open (so it cannot be ended twice). */
    th_get(sup, "/api/v1/recoverees/%lld", (long long)r);
    TH_ASSERT_STATUS(sup, 404);
    th_get(admin, "/api/v1/recoverees/%lld", (long long)r);
    assert_int_equal(json_array_size(json_object_get(th_json(admin), "caseload")), 0);
    th_post(admin, json_object(), "/api/v1/recoverees/%lld/assign/%lld/end", (long long)r,
            (long long)c);
    TH_ASSERT_STATUS(admin, 404);
    /* The peer can be given the recoveree again the same day, and reaches it again. */
    POST(admin, 201, json_pack("{s:I}", "peer_id", (json_int_t)peer_a),
         "/api/v1/recoverees/%lld/assign", (long long)r);
    th_get(a, "/api/v1/recoverees/%lld", (long long)r);
    TH_ASSERT_STATUS(a, 200);
    th_sess_free(a);
}

static void test_a_future_dated_assignment_still_starts_on_its_day(void **st)
{
    (void)st;
    int64_t r = recoveree("Later", 0);
    POST(admin, 201, json_pack("{s:I,s:s}", "peer_id", (json_int_t)peer_b, "start_date", day(3)),
         "/api/v1/recoverees/%lld/assign", (long long)r);
    th_sess *b = signed_in("peerb");
    th_get(b, "/api/v1/recoverees/%lld", (long long)r);
    TH_ASSERT_STATUS(b, 404);
    /* On its start day it opens. */
    th_sql(env, "UPDATE caseload SET start_date = '%s' WHERE recoveree_id = %lld", day(0),
           (long long)r);
    th_get(b, "/api/v1/recoverees/%lld", (long long)r);
    TH_ASSERT_STATUS(b, 200);
    th_sess_free(b);
}

static void test_ending_a_supervision_takes_the_supervisees_caseload_from_the_supervisor_at_once(
    void **st)
{
    (void)st;
    int64_t s2 = th_add_user(env, TH_ALPHA, "supervisor3", ROLE_SUPERVISOR);
    int64_t p = eligible_peer("peerc", s2);
    int64_t r = recoveree("Supervised", p);
    th_sess *s = signed_in("supervisor3");
    th_get(s, "/api/v1/recoverees/%lld", (long long)r);
    TH_ASSERT_STATUS(s, 200);
    th_get(s, "/api/v1/workforce/%lld", (long long)p);
    TH_ASSERT_STATUS(s, 200);
    th_get(admin, "/api/v1/workforce/%lld/check?action=deliver_low", (long long)p);
    TH_ASSERT_STATUS(admin, 200);
    th_get(admin, "/api/v1/workforce/%lld", (long long)p);
    int64_t as = th_jint(admin, "assignments.0.id");
    assert_true(as > 0);
    POST(admin, 200, json_pack("{s:s}", "end_date", day(0)),
         "/api/v1/workforce/%lld/supervisors/%lld/end", (long long)p, (long long)as);
    /* At once: the supervisor no longer reaches the supervisee's recoverees or records. */
    th_get(s, "/api/v1/recoverees/%lld", (long long)r);
    TH_ASSERT_STATUS(s, 404);
    th_get(s, "/api/v1/recoverees?q=Supervised");
    assert_int_equal(json_array_size(json_object_get(th_json(s), "recoverees")), 0);
    th_get(s, "/api/v1/workforce/%lld", (long long)p);
    assert_true(th_status(s) == 403 || th_status(s) == 404);
    /* WF-5 at once too: the peer has no active supervisor now, so cannot record services. */
    th_get(admin, "/api/v1/workforce/%lld/check?action=deliver_low", (long long)p);
    TH_ASSERT_STATUS(admin, 422);
    TH_ASSERT_STR(th_jstr(admin, "error.rule"), "WF-5");
    th_sess *pc = signed_in("peerc");
    th_post(pc, json_pack("{s:s}", "strengths", "x"), "/api/v1/recoverees/%lld/plan",
            (long long)r);
    TH_ASSERT_STATUS(pc, 422);
    TH_ASSERT_STR(th_jstr(pc, "error.rule"), "WF-5");
    /* The end date is kept for the reports. */
    th_get(admin, "/api/v1/workforce/%lld", (long long)p);
    TH_ASSERT_STR(th_jstr(admin, "assignments.0.end"), day(0));
    th_sess_free(pc);
    th_sess_free(s);
}

static void test_a_supervision_ended_on_a_later_date_lasts_until_that_day(void **st)
{
    (void)st;
    int64_t s4 = th_add_user(env, TH_ALPHA, "supervisor4", ROLE_SUPERVISOR);
    int64_t p = eligible_peer("peerd", s4);
    int64_t r = recoveree("Planned", p);
    th_get(admin, "/api/v1/workforce/%lld", (long long)p);
    int64_t as = th_jint(admin, "assignments.0.id");
    POST(admin, 200, json_pack("{s:s}", "end_date", day(7)),
         "/api/v1/workforce/%lld/supervisors/%lld/end", (long long)p, (long long)as);
    th_sess *s = signed_in("supervisor4");
    th_get(s, "/api/v1/recoverees/%lld", (long long)r);
    TH_ASSERT_STATUS(s, 200);
    th_sess_free(s);
}

static void test_a_break_glass_grant_ended_early_closes_the_record_at_once(void **st)
{
    (void)st;
    int64_t r = recoveree("Glass", peer_a);
    th_sess *b = signed_in("peerb");
    const char *why1 = "ER called: she is asking for a peer right now.";
    POST(b, 201, json_pack("{s:s}", "reason", why1), "/api/v1/recoverees/%lld/break-glass",
         (long long)r);
    th_get(b, "/api/v1/recoverees/%lld", (long long)r);
    TH_ASSERT_STATUS(b, 200);
    int64_t g = grant_of(why1);
    /* Another peer cannot end it; its own user can. */
    th_sess *a = signed_in("peera");
    th_post(a, json_object(), "/api/v1/break-glass/%lld/end", (long long)g);
    TH_ASSERT_STATUS(a, 404);
    th_sess_free(a);
    POST(b, 200, json_object(), "/api/v1/break-glass/%lld/end", (long long)g);
    th_get(b, "/api/v1/recoverees/%lld", (long long)r);
    TH_ASSERT_STATUS(b, 404);
    assert_true(audit_rows("break_glass.end", g) >= 1);
    th_post(b, json_object(), "/api/v1/break-glass/%lld/end", (long long)g);
    TH_ASSERT_STATUS(b, 404); /* already over */
    /* A supervisor ends another's grant at once, from the review page too. */
    const char *why2 = "Crisis line transferred him to me for the night.";
    POST(b, 201, json_pack("{s:s}", "reason", why2), "/api/v1/recoverees/%lld/break-glass",
         (long long)r);
    th_get(b, "/api/v1/recoverees/%lld", (long long)r);
    TH_ASSERT_STATUS(b, 200);
    g = grant_of(why2);
    th_get(sup, "/break-glass");
    TH_ASSERT_CONTAINS(th_body(sup), "/end\"");
    POST(sup, 200, json_object(), "/api/v1/break-glass/%lld/end", (long long)g);
    th_get(b, "/api/v1/recoverees/%lld", (long long)r);
    TH_ASSERT_STATUS(b, 404);
    th_sess_free(b);
}

/* ---- item 3: reads fail closed when the audit cannot be written ------------------------- */

/* Make every audit insert fail, as a full disk would (on = 1), or undo it (on = 0). */
static void audit_full(int on)
{
    int rc;
    if (env->is_pg)
        rc = on ? th_sql(env, "CREATE FUNCTION audit_full() RETURNS trigger LANGUAGE plpgsql AS "
                              "$$ BEGIN RAISE EXCEPTION 'could not extend file: No space left on "
                              "device'; END $$; CREATE TRIGGER audit_full BEFORE INSERT ON audit "
                              "FOR EACH ROW EXECUTE FUNCTION audit_full()")
                : th_sql(env, "DROP TRIGGER audit_full ON audit; DROP FUNCTION audit_full()");
    else
        rc = on ? th_sql(env, "CREATE TRIGGER audit_full BEFORE INSERT ON audit BEGIN "
                              "SELECT RAISE(FAIL, 'database or disk is full'); END")
                : th_sql(env, "DROP TRIGGER audit_full");
    assert_int_equal(rc, 0);
}

struct read_case {
    th_sess **who;
    char path[160];
};

static void test_every_read_of_record_content_fails_closed_when_its_audit_cannot_be_written(
    void **st)
{
    (void)st;
    int64_t r = recoveree("Closed", peer_a);
    POST(admin, 201, json_pack("{s:s,s:s,s:s,s:s}", "body", "cprs", "number", "C-7", "issued",
                               day(-30), "expires", day(600)),
         "/api/v1/workforce/%lld/certifications", (long long)peer_a);
    int64_t cert = th_jint(admin, "id");
    static const char pdf[] = "%PDF-1.4 certificate of peer a";
    char rec[64];
    snprintf(rec, sizeof rec, "certification-%lld", (long long)cert);
    th_post_file(admin, json_pack("{s:s}", "record", rec), "cert.pdf", pdf, sizeof pdf - 1,
                 "/api/v1/workforce/%lld/evidence", (long long)peer_a);
    TH_ASSERT_STATUS(admin, 201);
    int64_t ev = th_jint(admin, "id");
    POST(sup, 201, json_pack("{s:s}", "reason", "Covering the on-call phone for this one today."),
         "/api/v1/recoverees/%lld/break-glass", (long long)r);
    th_sess *a = signed_in("peera");
    struct read_case cases[] = {
        {&a, "/api/v1/recoverees"},
        {&a, "/api/v1/recoverees?q=Closed"},
        {&a, "/recoverees"},
        {&a, "/api/v1/plans/due"},
        {&admin, "/api/v1/break-glass"},
        {&admin, "/api/v1/users"},
        {&admin, "/users"},
        {&admin, ""}, /* users/{id}, filled below */
        {&admin, "/api/v1/workforce"},
        {&admin, ""}, /* workforce/{id} */
        {&a, "/api/v1/progress"},
        {&admin, "/api/v1/audit"},
        {&admin, ""}, /* evidence download */
        {&a, ""},     /* the recoveree's record */
        {&admin, "/audit.csv"},
        {&admin, "/workforce.csv"},
        {&sup, "/api/v1/break-glass/search?name=Closed"},
    };
    snprintf(cases[7].path, sizeof cases[7].path, "/api/v1/users/%lld", (long long)peer_a);
    snprintf(cases[9].path, sizeof cases[9].path, "/api/v1/workforce/%lld", (long long)peer_a);
    snprintf(cases[12].path, sizeof cases[12].path, "/api/v1/workforce/%lld/evidence/%lld",
             (long long)peer_a, (long long)ev);
    snprintf(cases[13].path, sizeof cases[13].path, "/api/v1/recoverees/%lld", (long long)r);
    size_t n = sizeof cases / sizeof *cases;
    for (size_t i = 0; i < n; i++) {
        th_get(*cases[i].who, "%s", cases[i].path);
        if (th_status(*cases[i].who) != 200)
            fail_msg("%s: %ld before the disk filled\n%s", cases[i].path,
                     th_status(*cases[i].who), th_last(*cases[i].who));
    }
    audit_full(1);
    for (size_t i = 0; i < n; i++) {
        th_sess *s = *cases[i].who;
        th_get(s, "%s", cases[i].path);
        if (th_status(s) != 503)
            fail_msg("%s: %ld with the audit trail unwritable (want 503)\n%s", cases[i].path,
                     th_status(s), th_last(s));
        /* Nothing of the content is in the answer, and it says why in words. */
        TH_ASSERT_LACKS(th_body(s), "Closed");
        TH_ASSERT_LACKS(th_body(s), "certificate of peer a");
        TH_ASSERT_LACKS(th_body(s), "on-call phone");
        TH_ASSERT_CONTAINS(th_body(s), "audit trail");
    }
    audit_full(0);
    th_get(a, "/api/v1/recoverees?q=Closed");
    TH_ASSERT_STATUS(a, 200);
    TH_ASSERT_STR(th_jstr(a, "recoverees.0.first_name"), "Closed");
    th_sess_free(a);
}

/* ---- item 10: a signed consent's copy is corrected only with a reason --------------------- */

static int64_t paper_consent(int64_t r)
{
    POST(admin, 201,
         json_pack("{s:s,s:s,s:s,s:s,s:s,s:b,s:s,s:s}", "kind", "specific", "disclosers",
                   "Alpha program", "information", "Recovery plan and attendance", "recipients",
                   "Clinic A", "purposes", "care coordination", "revocation_stmt", 1,
                   "revocation_how", "In writing to the director", "expires_on", day(365)),
         "/api/v1/recoverees/%lld/consents", (long long)r);
    return th_jint(admin, "id");
}

static long upload(th_sess *s, const char *route, int64_t r, int64_t c, const char *signature,
                   const char *reason, const char *data)
{
    json_t *f = json_pack("{s:s,s:s}", "signature", signature, "signed_on", day(-1));
    if (reason)
        json_object_set_new(f, "reason", json_string(reason));
    if (strcmp(route, "signed-copy") != 0)
        json_object_del(f, "signed_on");
    return th_post_file(s, f, "scan.pdf", data, strlen(data),
                        "/api/v1/recoverees/%lld/consents/%lld/%s", (long long)r, (long long)c,
                        route);
}

static void test_rc3_a_signed_consents_copy_is_replaced_only_by_a_correction_with_a_reason(
    void **st)
{
    (void)st;
    int64_t r = recoveree("Copied", peer_a);
    int64_t c = paper_consent(r);
    const char *first = "%PDF-1.4 the signed consent", *second = "%PDF-1.4 a forged consent",
               *right = "%PDF-1.4 the right page of the signed consent";
    th_sess *a = signed_in("peera");
    upload(a, "signed-copy", r, c, "Copied Test", NULL, first);
    TH_ASSERT_STATUS(a, 201);
    /* Another "signed copy" is refused, with any signature value, by anyone. */
    upload(a, "signed-copy", r, c, "Somebody Else", NULL, second);
    TH_ASSERT_ERROR(a, 409, "already_signed");
    upload(admin, "signed-copy", r, c, "Copied Test", NULL, second);
    TH_ASSERT_ERROR(admin, 409, "already_signed");
    TH_ASSERT_CONTAINS(th_jstr(admin, "error.message"), "correction");
    th_get(a, "/api/v1/recoverees/%lld/consents/%lld/signed-copy", (long long)r, (long long)c);
    TH_ASSERT_STR(th_body(a), first);
    /* A peer cannot correct; a correction needs a reason in a sentence and the patient's name. */
    upload(a, "signed-copy/correction", r, c, "Copied Test", "The first scan was the wrong page.",
           right);
    TH_ASSERT_STATUS(a, 403);
    upload(sup, "signed-copy/correction", r, c, "Copied Test", NULL, right);
    TH_ASSERT_STATUS(sup, 400);
    upload(sup, "signed-copy/correction", r, c, "Copied Test", "wrong", right);
    TH_ASSERT_STATUS(sup, 400);
    TH_ASSERT_STR(th_jstr(sup, "error.field"), "reason");
    upload(sup, "signed-copy/correction", r, c, "Somebody Else",
           "The first scan was the wrong page.", right);
    TH_ASSERT_ERROR(sup, 422, "signature");
    th_get(a, "/api/v1/recoverees/%lld/consents/%lld/signed-copy", (long long)r, (long long)c);
    TH_ASSERT_STR(th_body(a), first);
    /* The correction is accepted: the new copy is served, the first is kept and listed. */
    const char *why = "The first scan was the wrong page of the form.";
    upload(sup, "signed-copy/correction", r, c, "Copied Test", why, right);
    TH_ASSERT_STATUS(sup, 201);
    th_get(a, "/api/v1/recoverees/%lld/consents/%lld/signed-copy", (long long)r, (long long)c);
    TH_ASSERT_STATUS(a, 200);
    TH_ASSERT_STR(th_body(a), right);
    th_get(admin, "/api/v1/recoverees/%lld/consents/%lld", (long long)r, (long long)c);
    json_t *copies = json_object_get(th_json(admin), "signed_copies");
    assert_int_equal(json_array_size(copies), 2);
    TH_ASSERT_STR(th_jstr(admin, "signed_copies.0.reason"), why);
    assert_true(json_is_true(json_object_get(json_array_get(copies, 0), "current")));
    assert_true(json_is_null(json_object_get(json_array_get(copies, 1), "reason")));
    TH_ASSERT_STR(th_jstr(admin, "signed_copies.1.uploaded_by"), "alpha peera");
    TH_ASSERT_STR(th_jstr(admin, "consent.signature"), "Copied Test");
    int64_t old = th_jint(admin, "signed_copies.1.copy");
    th_get(admin, "/api/v1/recoverees/%lld/consents/%lld/signed-copy?copy=%lld", (long long)r,
           (long long)c, (long long)old);
    TH_ASSERT_STATUS(admin, 200);
    TH_ASSERT_STR(th_body(admin), first);
    th_get(a, "/api/v1/recoverees/%lld/consents/%lld/signed-copy?copy=%lld", (long long)r,
           (long long)c, (long long)old);
    TH_ASSERT_STATUS(a, 403);
    /* The page lists both with who, when and why, and offers the correction to a supervisor. */
    th_get(sup, "/recoverees/%lld/consents/%lld", (long long)r, (long long)c);
    TH_ASSERT_CONTAINS(th_body(sup), "wrong page of the form");
    TH_ASSERT_CONTAINS(th_body(sup), "First copy");
    TH_ASSERT_CONTAINS(th_body(sup), "signed-copy/correction");
    th_get(a, "/recoverees/%lld/consents/%lld", (long long)r, (long long)c);
    TH_ASSERT_LACKS(th_body(a), "signed-copy/correction");
    /* Audited with the reason. */
    th_get(admin, "/api/v1/audit?action=consent.signed_copy.correct&record_id=%lld",
           (long long)r);
    TH_ASSERT_CONTAINS(th_jstr(admin, "rows.0.reason"), why);
    TH_ASSERT_STR(th_jstr(admin, "rows.0.user"), "supervisor");
    th_sess_free(a);
}

static void test_rc3_a_consent_signed_electronically_takes_no_uploaded_copy(void **st)
{
    (void)st;
    int64_t r = recoveree("Typed", peer_a);
    int64_t c = paper_consent(r);
    POST(admin, 200, json_pack("{s:s}", "signature", "Typed Test"),
         "/api/v1/recoverees/%lld/consents/%lld/sign", (long long)r, (long long)c);
    upload(admin, "signed-copy", r, c, "Typed Test", NULL, "%PDF-1.4 something");
    TH_ASSERT_ERROR(admin, 409, "already_signed");
    th_get(admin, "/api/v1/recoverees/%lld/consents/%lld/signed-copy", (long long)r, (long long)c);
    TH_ASSERT_STATUS(admin, 404);
    /* An unsigned consent is not "corrected": its copy is uploaded. */
    int64_t u = paper_consent(r);
    upload(admin, "signed-copy/correction", r, u, "Typed Test",
           "Replacing the scan that was uploaded by mistake.", "%PDF-1.4 x");
    TH_ASSERT_ERROR(admin, 409, "not_signed");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ending_an_assignment_closes_the_record_to_the_peer_at_once),
        cmocka_unit_test(test_a_future_dated_assignment_still_starts_on_its_day),
        cmocka_unit_test(
            test_ending_a_supervision_takes_the_supervisees_caseload_from_the_supervisor_at_once),
        cmocka_unit_test(test_a_supervision_ended_on_a_later_date_lasts_until_that_day),
        cmocka_unit_test(test_a_break_glass_grant_ended_early_closes_the_record_at_once),
        cmocka_unit_test(
            test_every_read_of_record_content_fails_closed_when_its_audit_cannot_be_written),
        cmocka_unit_test(
            test_rc3_a_signed_consents_copy_is_replaced_only_by_a_correction_with_a_reason),
        cmocka_unit_test(test_rc3_a_consent_signed_electronically_takes_no_uploaded_copy),
    };
    return cmocka_run_group_tests_name("http_access_integrity", tests, setup, teardown);
}
