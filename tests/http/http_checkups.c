/* http_checkups.c - SV-6 recovery check-ups over real HTTP, on either engine: recording one
 * moves the next due day and, when the outcome calls for it, creates an early re-intervention
 * task owned by the recoveree's peer; the due queue (overdue first, then due today; a
 * supervisor's filter by peer); a Level 1 volunteer allowed on the telephone-support queue
 * and refused elsewhere naming WF-1; a peer refused (404) for a recoveree outside their
 * caseload; every field error at once; a stale task version answered 409. */
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
static th_sess *admin, *sup, *pa, *pb, *vol;
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

/* A peer of level (1 or 2), trained and supervised by supervisor. */
static int64_t peer_of_level(const char *username, int level, int64_t supervisor)
{
    int64_t id = th_add_user(env, TH_ALPHA, username, ROLE_PEER);
    assert_true(id > 0);
    POST(admin, 200, json_pack("{s:i,s:s}", "level", level, "hire_date", day(-60)),
         "/api/v1/workforce/%lld/profile", (long long)id);
    POST(admin, 201,
         json_pack("{s:s,s:s,s:s,s:s}", "kind", level >= 2 ? "ethics_ccar" : "orientation_ethics",
                   "title", "Training", "hours", "18", "date", day(-50)),
         "/api/v1/workforce/%lld/trainings", (long long)id);
    POST(admin, 201, json_pack("{s:I,s:s}", "supervisor_id", (json_int_t)supervisor, "start_date",
                               day(-60)),
         "/api/v1/workforce/%lld/supervisors", (long long)id);
    return id;
}

/* A recoveree made by the admin, with a phone, assigned to peer (0: none). */
static int64_t recoveree(const char *first, int64_t peer)
{
    POST(admin, 201, json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "first_name", first, "last_name",
                               "Checkup", "preferred_name", "Pat", "dob", "1980-02-02", "phone",
                               "555-0142", "language", "English"),
         "/api/v1/recoverees");
    int64_t id = th_jint(admin, "id");
    assert_true(id > 0);
    if (peer > 0)
        POST(admin, 201, json_pack("{s:I}", "peer_id", (json_int_t)peer),
             "/api/v1/recoverees/%lld/assign", (long long)id);
    return id;
}

static void record(th_sess *s, int64_t r, const char *outcome, const char *done_on)
{
    POST(s, 201, json_pack("{s:s,s:s,s:s}", "modality", "telephone", "outcome", outcome, "done_on",
                           done_on),
         "/api/v1/recoverees/%lld/checkups", (long long)r);
}

static int setup(void **state)
{
    (void)state;
    env = th_env_start();
    if (!env)
        return -1;
    admin = th_sess_new(env);
    if (th_login(admin, "alpha", "admin", TH_PASSWORD) != 200)
        return -1;
    int64_t s1 = env->org[TH_ALPHA].user_id[ROLE_SUPERVISOR];
    sup2 = th_add_user(env, TH_ALPHA, "supervisor2", ROLE_SUPERVISOR);
    peer_a = peer_of_level("peera", 2, s1);
    peer_b = peer_of_level("peerb", 2, sup2);
    volunteer = peer_of_level("volunteer", 1, s1);
    sup = signed_in("supervisor");
    pa = signed_in("peera");
    pb = signed_in("peerb");
    vol = signed_in("volunteer");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    th_sess_free(admin);
    th_sess_free(sup);
    th_sess_free(pa);
    th_sess_free(pb);
    th_sess_free(vol);
    return th_env_stop(env);
}

static void test_sv6_reintervention_needed_creates_a_task_owned_by_the_peer_due_in_two_days(
    void **st)
{
    (void)st;
    int64_t r = recoveree("Reina", peer_a);
    record(pa, r, "reintervention", day(0));
    assert_true(th_jint(pa, "id") > 0);
    assert_true(json_is_true(json_object_get(json_object_get(th_json(pa), "task"), "created")));
    TH_ASSERT_STR(th_jstr(pa, "task.owner_name"), "alpha peera");
    TH_ASSERT_STR(th_jstr(pa, "task.due_date"), day(2));
    int64_t task = th_jint(pa, "task.id");
    /* The default cadence (7 days while active) counts from this check-up. */
    TH_ASSERT_STR(th_jstr(pa, "next_due"), day(7));
    /* The task is the peer's, and the supervisor's team's. */
    th_get(pa, "/api/v1/tasks");
    TH_ASSERT_STATUS(pa, 200);
    char want[40];
    snprintf(want, sizeof want, "\"id\":%lld,", (long long)task);
    TH_ASSERT_CONTAINS(th_body(pa), want);
    TH_ASSERT_CONTAINS(th_body(pa), "\"source_outcome\":\"reintervention\"");
    th_get(sup, "/api/v1/tasks");
    TH_ASSERT_CONTAINS(th_body(sup), want);
    th_get(pb, "/api/v1/tasks");
    TH_ASSERT_LACKS(th_body(pb), want);
    /* A second need reuses the open task instead of copying it. */
    record(pa, r, "at_risk", day(0));
    assert_int_equal(th_jint(pa, "task.id"), task);
    assert_false(json_is_true(json_object_get(json_object_get(th_json(pa), "task"), "created")));
    /* Audited. */
    th_get(admin, "/api/v1/audit?action=checkup.record");
    TH_ASSERT_CONTAINS(th_body(admin), "checkup.record");
}

static void test_sv6_at_risk_task_is_due_in_seven_days_and_stable_makes_none(void **st)
{
    (void)st;
    int64_t r = recoveree("Arisk", peer_a);
    record(pa, r, "stable", day(-1));
    assert_true(json_is_null(json_object_get(th_json(pa), "task")));
    record(pa, r, "at_risk", day(0));
    TH_ASSERT_STR(th_jstr(pa, "task.due_date"), day(7));
}

static void test_sv6_the_third_unreachable_in_a_row_creates_a_task(void **st)
{
    (void)st;
    int64_t r = recoveree("Unreach", peer_a);
    record(pa, r, "unreachable", day(-14));
    assert_true(json_is_null(json_object_get(th_json(pa), "task")));
    record(pa, r, "unreachable", day(-7));
    assert_true(json_is_null(json_object_get(th_json(pa), "task")));
    record(pa, r, "unreachable", day(0));
    assert_true(th_jint(pa, "task.id") > 0);
    TH_ASSERT_STR(th_jstr(pa, "task.due_date"), day(2));
}

/* The names in queue list `key` of the last response, joined by '|'. */
static const char *names_in(th_sess *s, const char *key)
{
    static char out[4096];
    out[0] = '\0';
    json_t *a = json_object_get(th_json(s), key), *it;
    size_t i;
    json_array_foreach(a, i, it)
    {
        strncat(out, json_string_value(json_object_get(it, "name")), sizeof out - strlen(out) - 2);
        strncat(out, "|", sizeof out - strlen(out) - 1);
    }
    return out;
}

static void test_sv6_overdue_queue_lists_overdue_first_then_due_today_by_peer(void **st)
{
    (void)st;
    int64_t late = recoveree("Latecomer", peer_a), today = recoveree("Todayson", peer_a);
    int64_t other = recoveree("Elsewhere", peer_b);
    /* Weekly from three weeks ago; the last check-ups nine and seven days ago. */
    POST(pa, 200, json_pack("{s:s,s:s}", "cadence", "weekly", "starts_on", day(-21)),
         "/api/v1/recoverees/%lld/checkup-cadence", (long long)late);
    POST(pa, 200, json_pack("{s:s,s:s}", "cadence", "weekly", "starts_on", day(-21)),
         "/api/v1/recoverees/%lld/checkup-cadence", (long long)today);
    record(pa, late, "stable", day(-9));
    TH_ASSERT_STR(th_jstr(pa, "next_due"), day(-2));
    record(pa, today, "stable", day(-7));
    POST(pb, 200, json_pack("{s:s,s:s}", "cadence", "biweekly", "starts_on", day(-40)),
         "/api/v1/recoverees/%lld/checkup-cadence", (long long)other);
    record(pb, other, "stable", day(-30));
    th_get(pa, "/api/v1/checkups");
    TH_ASSERT_STATUS(pa, 200);
    TH_ASSERT_CONTAINS(names_in(pa, "overdue"), "Latecomer Checkup|");
    TH_ASSERT_LACKS(names_in(pa, "overdue"), "Todayson");
    TH_ASSERT_CONTAINS(names_in(pa, "due_today"), "Todayson Checkup|");
    /* Only the peer's own caseload. */
    TH_ASSERT_LACKS(th_body(pa), "Elsewhere");
    TH_ASSERT_CONTAINS(th_body(pa), "\"state_label\":\"Overdue by 2 days\"");
    /* The administrator sees both peers' and filters by one. */
    th_get(admin, "/api/v1/checkups");
    TH_ASSERT_CONTAINS(th_body(admin), "Latecomer");
    TH_ASSERT_CONTAINS(th_body(admin), "Elsewhere");
    th_get(admin, "/api/v1/checkups?peer_id=%lld", (long long)peer_b);
    TH_ASSERT_CONTAINS(th_body(admin), "Elsewhere");
    TH_ASSERT_LACKS(th_body(admin), "Latecomer");
    /* The supervisor of peer a does not supervise peer b. */
    th_get(sup, "/api/v1/checkups");
    TH_ASSERT_CONTAINS(th_body(sup), "Latecomer");
    TH_ASSERT_LACKS(th_body(sup), "Elsewhere");
    /* The page, phone first. */
    th_get(pa, "/checkups");
    TH_ASSERT_STATUS(pa, 200);
    TH_ASSERT_CONTAINS(th_body(pa), "Overdue by 2 days");
}

static void test_sv6_every_wrong_field_is_named_at_once_and_the_form_comes_back_filled(void **st)
{
    (void)st;
    int64_t r = recoveree("Formfill", peer_a);
    POST(pa, 400, json_pack("{s:s,s:s,s:s}", "modality", "pigeon", "outcome", "fine", "done_on",
                            day(1)),
         "/api/v1/recoverees/%lld/checkups", (long long)r);
    const char *body = th_body(pa);
    TH_ASSERT_CONTAINS(body, "\"field\":\"done_on\"");
    TH_ASSERT_CONTAINS(body, "\"field\":\"modality\"");
    TH_ASSERT_CONTAINS(body, "\"field\":\"outcome\"");
    /* The page shows the record again with the note kept and the message beside the field. */
    char form[400];
    snprintf(form, sizeof form,
             "_csrf=%s&_form=/recoverees/%lld&modality=telephone&outcome=fine&done_on=%s"
             "&note=Called+about+the+job+interview",
             th_csrf(pa), (long long)r, day(1));
    th_post_form(pa, form, "/recoverees/%lld/checkups", (long long)r);
    TH_ASSERT_STATUS(pa, 400);
    TH_ASSERT_CONTAINS(th_body(pa), "Called about the job interview");
    TH_ASSERT_CONTAINS(th_body(pa), "id=\"done_on-error\"");
    TH_ASSERT_CONTAINS(th_body(pa), "id=\"outcome-error\"");
}

static void test_wf1_volunteer_works_the_phone_queue_and_is_refused_elsewhere(void **st)
{
    (void)st;
    int64_t r = recoveree("Phoneline", peer_a), off = recoveree("Offqueue", peer_a);
    POST(pa, 200, json_pack("{s:s,s:b}", "cadence", "weekly", "telephone", 1),
         "/api/v1/recoverees/%lld/checkup-cadence", (long long)r);
    /* Allowed: the queue with name, preferred name, phone and contact preference only. */
    th_get(vol, "/api/v1/checkups/phone");
    TH_ASSERT_STATUS(vol, 200);
    TH_ASSERT_CONTAINS(th_body(vol), "Phoneline Checkup");
    TH_ASSERT_CONTAINS(th_body(vol), "555-0142");
    TH_ASSERT_CONTAINS(th_body(vol), "\"preferred_name\":\"Pat\"");
    TH_ASSERT_LACKS(th_body(vol), "Offqueue");
    TH_ASSERT_LACKS(th_body(vol), "1980-02-02");
    th_get(vol, "/api/v1/checkups/phone/%lld", (long long)r);
    TH_ASSERT_STATUS(vol, 200);
    TH_ASSERT_LACKS(th_body(vol), "1980-02-02");
    POST(vol, 201, json_pack("{s:s}", "outcome", "stable"), "/api/v1/checkups/phone/%lld",
         (long long)r);
    POST(vol, 201, json_pack("{s:s,s:s}", "modality", "telephone", "outcome", "at_risk"),
         "/api/v1/recoverees/%lld/checkups", (long long)r);
    /* The task goes to the recoveree's peer, not the volunteer. */
    TH_ASSERT_STR(th_jstr(vol, "task.owner_name"), "alpha peera");
    /* Refused, naming WF-1: another way of contact, the due queue, tasks, the cadence. */
    POST(vol, 422, json_pack("{s:s,s:s}", "modality", "in_person", "outcome", "stable"),
         "/api/v1/recoverees/%lld/checkups", (long long)r);
    TH_ASSERT_STR(th_jstr(vol, "error.rule"), "WF-1");
    th_get(vol, "/api/v1/checkups");
    TH_ASSERT_STATUS(vol, 422);
    TH_ASSERT_STR(th_jstr(vol, "error.rule"), "WF-1");
    th_get(vol, "/api/v1/tasks");
    TH_ASSERT_STR(th_jstr(vol, "error.rule"), "WF-1");
    POST(vol, 422, json_pack("{s:s}", "cadence", "monthly"),
         "/api/v1/recoverees/%lld/checkup-cadence", (long long)r);
    TH_ASSERT_STR(th_jstr(vol, "error.rule"), "WF-1");
    /* Nothing else of the record, and nobody off the queue. */
    th_get(vol, "/api/v1/recoverees/%lld", (long long)r);
    TH_ASSERT_STATUS(vol, 404);
    POST(vol, 404, json_pack("{s:s,s:s}", "modality", "telephone", "outcome", "stable"),
         "/api/v1/recoverees/%lld/checkups", (long long)off);
    th_get(vol, "/checkups/phone");
    TH_ASSERT_STATUS(vol, 200);
    TH_ASSERT_CONTAINS(th_body(vol), "tel:555-0142");
}

static void test_sv6_peer_gets_404_for_a_recoveree_outside_their_caseload(void **st)
{
    (void)st;
    int64_t r = recoveree("Notyours", peer_a);
    POST(pb, 404, json_pack("{s:s,s:s}", "modality", "text", "outcome", "stable"),
         "/api/v1/recoverees/%lld/checkups", (long long)r);
    th_get(pb, "/api/v1/recoverees/%lld/checkups", (long long)r);
    TH_ASSERT_STATUS(pb, 404);
    POST(pb, 404, json_pack("{s:s}", "cadence", "monthly"),
         "/api/v1/recoverees/%lld/checkup-cadence", (long long)r);
    /* Its own peer reads the section. */
    th_get(pa, "/api/v1/recoverees/%lld/checkups", (long long)r);
    TH_ASSERT_STATUS(pa, 200);
    TH_ASSERT_STR(th_jstr(pa, "checkups.cadence"), "default");
}

static void test_sv6_a_stale_task_version_is_409_and_done_needs_a_note(void **st)
{
    (void)st;
    int64_t r = recoveree("Staletask", peer_a);
    record(pa, r, "reintervention", day(0));
    int64_t task = th_jint(pa, "task.id");
    POST(sup, 200, json_pack("{s:I,s:i}", "owner_id", (json_int_t)peer_a, "version", 1),
         "/api/v1/tasks/%lld/reassign", (long long)task);
    assert_int_equal(th_jint(sup, "version"), 2);
    POST(pa, 409, json_pack("{s:s,s:i}", "note", "Called, back at meetings", "version", 1),
         "/api/v1/tasks/%lld/done", (long long)task);
    TH_ASSERT_STR(th_jstr(pa, "error.code"), "stale");
    POST(pa, 400, json_pack("{s:i}", "version", 2), "/api/v1/tasks/%lld/done", (long long)task);
    POST(pb, 404, json_pack("{s:s,s:i}", "note", "Not mine", "version", 2),
         "/api/v1/tasks/%lld/done", (long long)task);
    POST(pa, 200, json_pack("{s:s,s:i}", "note", "Called, back at meetings", "version", 2),
         "/api/v1/tasks/%lld/done", (long long)task);
    POST(pa, 409, json_pack("{s:s,s:i}", "reason", "Too late", "version", 3),
         "/api/v1/tasks/%lld/cancel", (long long)task);
    th_get(pa, "/api/v1/tasks?status=done");
    TH_ASSERT_CONTAINS(th_body(pa), "Called, back at meetings");
    /* A supervisor gives tasks only to themself or the peers they supervise. */
    record(pa, r, "reintervention", day(0));
    int64_t t2 = th_jint(pa, "task.id");
    POST(sup, 400, json_pack("{s:I,s:i}", "owner_id", (json_int_t)peer_b, "version", 1),
         "/api/v1/tasks/%lld/reassign", (long long)t2);
    /* Never to a Level 1 volunteer (WF-1: no assigned recoverees). */
    POST(admin, 422, json_pack("{s:I,s:i}", "owner_id", (json_int_t)volunteer, "version", 1),
         "/api/v1/tasks/%lld/reassign", (long long)t2);
    TH_ASSERT_STR(th_jstr(admin, "error.rule"), "WF-1");
}

static void test_sv6_quarterly_cadence_counts_calendar_months_from_its_start(void **st)
{
    (void)st;
    int64_t r = recoveree("Quarterly", peer_a);
    POST(pa, 200, json_pack("{s:s,s:s}", "cadence", "quarterly", "starts_on", day(-10)),
         "/api/v1/recoverees/%lld/checkup-cadence", (long long)r);
    th_get(pa, "/api/v1/recoverees/%lld/checkups", (long long)r);
    char want[11];
    civil_format(civil_add_months(th_today() - 10, 3), want);
    TH_ASSERT_STR(th_jstr(pa, "checkups.next_due"), want);
    TH_ASSERT_STR(th_jstr(pa, "checkups.state"), "upcoming");
    /* A stale cadence version is 409; custom needs its days. */
    POST(pa, 409, json_pack("{s:s,s:i}", "cadence", "monthly", "version", 7),
         "/api/v1/recoverees/%lld/checkup-cadence", (long long)r);
    POST(pa, 400, json_pack("{s:s}", "cadence", "custom"),
         "/api/v1/recoverees/%lld/checkup-cadence", (long long)r);
    TH_ASSERT_STR(th_jstr(pa, "error.field"), "every_days");
    POST(pa, 200, json_pack("{s:s}", "cadence", "default"),
         "/api/v1/recoverees/%lld/checkup-cadence", (long long)r);
    th_get(pa, "/api/v1/recoverees/%lld/checkups", (long long)r);
    TH_ASSERT_STR(th_jstr(pa, "checkups.cadence"), "default");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(
            test_sv6_reintervention_needed_creates_a_task_owned_by_the_peer_due_in_two_days),
        cmocka_unit_test(test_sv6_at_risk_task_is_due_in_seven_days_and_stable_makes_none),
        cmocka_unit_test(test_sv6_the_third_unreachable_in_a_row_creates_a_task),
        cmocka_unit_test(test_sv6_overdue_queue_lists_overdue_first_then_due_today_by_peer),
        cmocka_unit_test(test_sv6_every_wrong_field_is_named_at_once_and_the_form_comes_back_filled),
        cmocka_unit_test(test_wf1_volunteer_works_the_phone_queue_and_is_refused_elsewhere),
        cmocka_unit_test(test_sv6_peer_gets_404_for_a_recoveree_outside_their_caseload),
        cmocka_unit_test(test_sv6_a_stale_task_version_is_409_and_done_needs_a_note),
        cmocka_unit_test(test_sv6_quarterly_cadence_counts_calendar_months_from_its_start),
    };
    return cmocka_run_group_tests_name("http_checkups", tests, setup, teardown);
}
