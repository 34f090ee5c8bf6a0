/* http_groups.c - recovery support groups on a real server (GR-1..GR-5): a supervisor sets up a
 * weekly group, every field at fault named at once; facilitators and members, with the
 * facilitator conflict of GR-4 refused both ways and allowed where there is none; a session
 * cancelled, one opened and documented once, each attending member getting a group service on
 * their own record and guests recorded as guests; an incident reaching the member's monitoring
 * case manager; the calendar feed; and another organization's group not there at all. Both
 * engines. */
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
static th_sess *admin, *sup, *fac, *cm, *beta;
static int64_t rec[6], group_id, cm_id, fac_id;

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

static int64_t make_recoveree(const char *first)
{
    POST(admin, 201, json_pack("{s:s,s:s,s:s,s:s}", "first_name", first, "last_name", "Grupo",
                               "dob", "1979-03-03", "language", "English"),
         "/api/v1/recoverees");
    int64_t id = th_jint(admin, "id");
    assert_true(id > 0);
    return id;
}

/* A weekly group whose first session was two weeks ago, at 00:00 on that weekday, so the one a
 * week ago has happened and can be documented whatever the hour. */
static json_t *group_body(const char *name)
{
    static const char *const wd[7] = {"SU", "MO", "TU", "WE", "TH", "FR", "SA"};
    int32_t first = th_today() - 14;
    char rule[64];
    /* 1900-01-01 (day 0) was a Monday. */
    snprintf(rule, sizeof rule, "FREQ=WEEKLY;BYDAY=%s", wd[(first % 7 + 1) % 7]);
    return json_pack("{s:s,s:s,s:s,s:i,s:s,s:s,s:s,s:i,s:s,s:s}", "name", name, "kind",
                     "recovery_support", "place", "Room 2, 60 Park Pl", "capacity", 12,
                     "ground_rules", "What is said here stays here.", "start_date", day(-14),
                     "start_time", "00:00", "minutes", 70, "rrule", rule, "funding_source",
                     "medicaid");
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
    fac_id = env->org[TH_ALPHA].user_id[ROLE_FACILITATOR];
    cm_id = env->org[TH_ALPHA].user_id[ROLE_CASE_MANAGER];
    static const char *const names[6] = {"Ana", "Beto", "Carla", "Dario", "Elena", "Fabio"};
    for (int i = 0; i < 6; i++)
        rec[i] = make_recoveree(names[i]);
    th_sess *tmp = th_sess_new(env);
    th_sess_free(tmp);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    th_sess_free(admin);
    th_sess_free(sup);
    th_sess_free(fac);
    th_sess_free(cm);
    th_sess_free(beta);
    return th_env_stop(env);
}

static void test_gr1_a_group_names_every_field_at_fault_at_once(void **st)
{
    (void)st;
    th_post(sup, json_pack("{s:s,s:i,s:i}", "kind", "book_club", "capacity", 0, "minutes", 5),
            "/api/v1/groups");
    TH_ASSERT_ERROR(sup, 400, "invalid");
    const char *body = th_body(sup);
    TH_ASSERT_CONTAINS(body, "\"name\"");
    TH_ASSERT_CONTAINS(body, "\"kind\"");
    TH_ASSERT_CONTAINS(body, "\"place\"");
    TH_ASSERT_CONTAINS(body, "\"ground_rules\"");
    assert_true(json_array_size(json_object_get(th_json(sup), "errors")) >= 5);
    /* A rule the form cannot say is refused beside its field. */
    json_t *b = group_body("Bad rule");
    json_object_set_new(b, "rrule", json_string("FREQ=SECONDLY"));
    th_post(sup, b, "/api/v1/groups");
    TH_ASSERT_ERROR(sup, 400, "invalid");
    TH_ASSERT_STR(th_jstr(sup, "error.field"), "rrule");
    /* A peer does not set up groups. */
    th_sess *peer = signed_in("alpha", "peer");
    th_post(peer, group_body("Peer's group"), "/api/v1/groups");
    TH_ASSERT_STATUS(peer, 403);
    th_sess_free(peer);
    /* The supervisor does. */
    POST(sup, 201, group_body("Tuesday Circle"), "/api/v1/groups");
    group_id = th_jint(sup, "id");
    assert_true(group_id > 0);
    th_get(sup, "/api/v1/groups/%lld", (long long)group_id);
    TH_ASSERT_STATUS(sup, 200);
    TH_ASSERT_STR(th_jstr(sup, "group.kind"), "recovery_support");
    TH_ASSERT_CONTAINS(th_jstr(sup, "group.schedule_label"), "Every");
    assert_true(json_array_size(json_object_get(th_json(sup), "upcoming")) >= 1);
}

static void test_gr1_facilitators_and_members_with_capacity(void **st)
{
    (void)st;
    POST(admin, 200, json_pack("{s:I}", "user_id", (json_int_t)fac_id),
         "/api/v1/groups/%lld/facilitators", (long long)group_id);
    th_post(admin, json_pack("{s:I}", "user_id", (json_int_t)fac_id),
            "/api/v1/groups/%lld/facilitators", (long long)group_id);
    TH_ASSERT_ERROR(admin, 409, "already");
    for (int i = 0; i < 4; i++)
        POST(admin, 200, json_pack("{s:I,s:b}", "recoveree_id", (json_int_t)rec[i], "agreed", i != 3),
             "/api/v1/groups/%lld/members", (long long)group_id);
    th_post(admin, json_pack("{s:I}", "recoveree_id", (json_int_t)rec[0]),
            "/api/v1/groups/%lld/members", (long long)group_id);
    TH_ASSERT_ERROR(admin, 409, "already");
    /* The facilitator sees their group and its roster; the one who has not agreed yet shows. */
    fac = signed_in("alpha", "facilitator");
    th_get(fac, "/api/v1/groups");
    TH_ASSERT_CONTAINS(th_body(fac), "Tuesday Circle");
    th_get(fac, "/api/v1/groups/%lld", (long long)group_id);
    TH_ASSERT_STATUS(fac, 200);
    assert_int_equal(json_array_size(json_object_get(th_json(fac), "roster")), 4);
    POST(fac, 200, NULL, "/api/v1/groups/%lld/members/%lld/agree", (long long)group_id,
         (long long)rec[3]);
    th_get(fac, "/groups/%lld", (long long)group_id);
    TH_ASSERT_STATUS(fac, 200);
    TH_ASSERT_CONTAINS(th_body(fac), "Ground rules agreed");
}

static void test_gr4_a_case_manager_and_their_own_caseload_never_share_a_group(void **st)
{
    (void)st;
    /* The case manager is the monitoring case manager of member Ana. */
    POST(admin, 201, json_pack("{s:I,s:s}", "staff_id", (json_int_t)cm_id, "kind",
                               "monitoring_case_manager"),
         "/api/v1/recoverees/%lld/relationships", (long long)rec[0]);
    /* Refused: naming her a facilitator of Ana's group. */
    th_post(admin, json_pack("{s:I}", "user_id", (json_int_t)cm_id),
            "/api/v1/groups/%lld/facilitators", (long long)group_id);
    TH_ASSERT_ERROR(admin, 422, "refused");
    TH_ASSERT_STR(th_jstr(admin, "error.rule"), "GR-4");
    TH_ASSERT_CONTAINS(th_jstr(admin, "error.message"), "GR-4");
    /* A second group she facilitates: allowed while no member is hers. */
    POST(sup, 201, group_body("Thursday Skills"), "/api/v1/groups");
    int64_t g2 = th_jint(sup, "id");
    POST(admin, 200, json_pack("{s:I}", "user_id", (json_int_t)cm_id),
         "/api/v1/groups/%lld/facilitators", (long long)g2);
    POST(admin, 200, json_pack("{s:I}", "recoveree_id", (json_int_t)rec[4]),
         "/api/v1/groups/%lld/members", (long long)g2);
    /* Refused the other way: adding Ana to the group her case manager facilitates. */
    th_post(admin, json_pack("{s:I}", "recoveree_id", (json_int_t)rec[0]),
            "/api/v1/groups/%lld/members", (long long)g2);
    TH_ASSERT_ERROR(admin, 422, "refused");
    TH_ASSERT_STR(th_jstr(admin, "error.rule"), "GR-4");
    /* Her caseload counts too: Fabio on her active caseload cannot join. */
    assert_int_equal(th_sql(env,
                            "INSERT INTO caseload (org_id, recoveree_id, peer_id, start_date, "
                            "recorded_by, recorded_at) SELECT org_id, %lld, %lld, '%s', %lld, 1 "
                            "FROM users WHERE id = %lld",
                            (long long)rec[5], (long long)cm_id, day(-30),
                            (long long)env->org[TH_ALPHA].user_id[ROLE_ADMIN], (long long)cm_id),
                     0);
    th_post(admin, json_pack("{s:I}", "recoveree_id", (json_int_t)rec[5]),
            "/api/v1/groups/%lld/members", (long long)g2);
    TH_ASSERT_ERROR(admin, 422, "refused");
    TH_ASSERT_STR(th_jstr(admin, "error.rule"), "GR-4");
    /* The refusals are on the audit trail. */
    th_get(admin, "/api/v1/audit?action=group.refused");
    TH_ASSERT_STATUS(admin, 200);
    TH_ASSERT_CONTAINS(th_body(admin), "group.refused");
}

static void test_gr1_a_cancelled_session_cannot_be_opened_and_a_scheduled_one_can(void **st)
{
    (void)st;
    th_post(fac, json_pack("{s:s}", "orig_date", day(-14)), "/api/v1/groups/%lld/exceptions",
            (long long)group_id);
    TH_ASSERT_ERROR(fac, 400, "invalid");
    TH_ASSERT_STR(th_jstr(fac, "error.field"), "reason");
    POST(fac, 200, json_pack("{s:s,s:s}", "orig_date", day(-14), "reason", "Snow closure"),
         "/api/v1/groups/%lld/exceptions", (long long)group_id);
    th_post(fac, json_pack("{s:s}", "date", day(-14)), "/api/v1/groups/%lld/sessions",
            (long long)group_id);
    TH_ASSERT_ERROR(fac, 400, "invalid");
    TH_ASSERT_CONTAINS(th_jstr(fac, "error.message"), "cancelled");
    /* A day the group does not meet. */
    th_post(fac, json_pack("{s:s}", "date", day(-13)), "/api/v1/groups/%lld/sessions",
            (long long)group_id);
    TH_ASSERT_ERROR(fac, 400, "invalid");
    /* Its feed leaves the cancelled one out (EXDATE) and keeps the rule. */
    th_get(fac, "/api/v1/groups/%lld/calendar.ics", (long long)group_id);
    TH_ASSERT_STATUS(fac, 200);
    TH_ASSERT_CONTAINS(th_header(fac, "Content-Type"), "text/calendar");
    TH_ASSERT_CONTAINS(th_body(fac), "BEGIN:VCALENDAR");
    TH_ASSERT_CONTAINS(th_body(fac), "RRULE:FREQ=WEEKLY");
    TH_ASSERT_CONTAINS(th_body(fac), "EXDATE");
    TH_ASSERT_CONTAINS(th_body(fac), "BEGIN:VTIMEZONE");
}

static void test_gr3_documenting_a_session_gives_each_attendee_a_group_service(void **st)
{
    (void)st;
    POST(fac, 200, json_pack("{s:s}", "date", day(-7)), "/api/v1/groups/%lld/sessions",
         (long long)group_id);
    int64_t sid = th_jint(fac, "id");
    assert_true(sid > 0);
    th_get(fac, "/api/v1/sessions/%lld", (long long)sid);
    TH_ASSERT_STATUS(fac, 200);
    /* The built-in agenda: five segments, 70 minutes. */
    assert_int_equal(json_array_size(json_object_get(json_object_get(th_json(fac), "session"),
                                                     "segments")),
                     5);
    assert_int_equal(th_jint(fac, "session.plan_minutes"), 70);
    /* One member left unmarked: named, nothing written. */
    char att[512];
    snprintf(att, sizeof att,
             "[{\"recoveree_id\":%lld,\"status\":\"present\",\"shared\":true},"
             "{\"recoveree_id\":%lld,\"status\":\"late\"},"
             "{\"recoveree_id\":%lld,\"status\":\"excused\"}]",
             (long long)rec[0], (long long)rec[1], (long long)rec[2]);
    th_post(fac, json_pack("{s:s,s:s}", "attendance", att, "note", "Topic: boundaries."),
            "/api/v1/sessions/%lld/document", (long long)sid);
    TH_ASSERT_ERROR(fac, 400, "invalid");
    TH_ASSERT_CONTAINS(th_body(fac), "member_");
    /* Everyone marked, and a guest. */
    snprintf(att, sizeof att,
             "[{\"recoveree_id\":%lld,\"status\":\"present\",\"shared\":true,\"note\":\"Led the "
             "check-in\"},{\"recoveree_id\":%lld,\"status\":\"late\"},"
             "{\"recoveree_id\":%lld,\"status\":\"excused\"},"
             "{\"recoveree_id\":%lld,\"status\":\"absent\"},"
             "{\"guest_name\":\"Maria Lopez\",\"guest_role\":\"Visiting case manager\","
             "\"status\":\"present\"}]",
             (long long)rec[0], (long long)rec[1], (long long)rec[2], (long long)rec[3]);
    POST(fac, 200, json_pack("{s:s,s:s}", "attendance", att, "note",
                             "Topic: boundaries. Members practised saying no."),
         "/api/v1/sessions/%lld/document", (long long)sid);
    /* Once only. */
    th_post(fac, json_pack("{s:s,s:s}", "attendance", att, "note", "Again."),
            "/api/v1/sessions/%lld/document", (long long)sid);
    TH_ASSERT_ERROR(fac, 409, "documented");
    th_get(fac, "/api/v1/sessions/%lld", (long long)sid);
    json_t *a = json_object_get(th_json(fac), "attendance");
    assert_int_equal(json_array_size(a), 5);
    int services = 0, guests = 0;
    for (size_t i = 0; i < json_array_size(a); i++) {
        json_t *e = json_array_get(a, i);
        services += json_object_get(e, "service_href") != NULL;
        guests += json_is_true(json_object_get(e, "guest"));
    }
    assert_int_equal(services, 2); /* present and late */
    assert_int_equal(guests, 1);
    /* On Ana's record: a 70-minute group service, 5 units. */
    th_get(admin, "/api/v1/services?recoveree=%lld", (long long)rec[0]);
    TH_ASSERT_STATUS(admin, 200);
    TH_ASSERT_CONTAINS(th_body(admin), "practised saying no");
    th_get(admin, "/api/v1/recoverees/%lld", (long long)rec[0]);
    TH_ASSERT_STATUS(admin, 200);
    assert_int_equal(json_array_size(json_object_get(json_object_get(th_json(admin), "groups"),
                                                     "visits")),
                     1);
    /* Dario was absent: no service. */
    th_get(admin, "/api/v1/services?recoveree=%lld", (long long)rec[3]);
    TH_ASSERT_LACKS(th_body(admin), "practised saying no");
}

static void test_gr5_an_incident_reaches_the_monitoring_case_manager_at_once(void **st)
{
    (void)st;
    POST(fac, 200, json_pack("{s:s}", "date", day(0)), "/api/v1/groups/%lld/sessions",
         (long long)group_id);
    int64_t sid = th_jint(fac, "id");
    th_post(fac, json_pack("{s:I}", "recoveree_id", (json_int_t)rec[0]),
            "/api/v1/sessions/%lld/incidents", (long long)sid);
    TH_ASSERT_ERROR(fac, 400, "invalid");
    POST(fac, 201, json_pack("{s:I,s:s,s:s}", "recoveree_id", (json_int_t)rec[0], "kind",
                             "relapse", "details", "Shared that she drank on Saturday."),
         "/api/v1/sessions/%lld/incidents", (long long)sid);
    int64_t iid = th_jint(fac, "id");
    TH_ASSERT_CONTAINS(th_jstr(fac, "message"), "monitoring case manager");
    /* In her inbox at once; without a consent for the details, only that a report needs her. */
    cm = signed_in("alpha", "case_manager");
    th_get(cm, "/api/v1/inbox");
    TH_ASSERT_STATUS(cm, 200);
    TH_ASSERT_CONTAINS(th_body(cm), "needs your attention");
    TH_ASSERT_LACKS(th_body(cm), "drank on Saturday");
    th_get(cm, "/api/v1/incidents/%lld", (long long)iid);
    TH_ASSERT_STATUS(cm, 200);
    assert_false(json_is_true(json_object_get(json_object_get(th_json(cm), "incident"),
                                              "details_shown")));
    /* The reporter sees what was reported; a peer with no part in it sees nothing. */
    th_get(fac, "/api/v1/incidents/%lld", (long long)iid);
    TH_ASSERT_CONTAINS(th_body(fac), "drank on Saturday");
    th_sess *peer = signed_in("alpha", "peer");
    th_get(peer, "/api/v1/incidents/%lld", (long long)iid);
    TH_ASSERT_STATUS(peer, 404);
    th_sess_free(peer);
    /* Audited. */
    th_get(admin, "/api/v1/audit?action=incident.report");
    TH_ASSERT_CONTAINS(th_body(admin), "incident.report");
    /* Beto consented to his monitoring program hearing of it (RC-3): the details go. */
    POST(admin, 201, json_pack("{s:I,s:s}", "staff_id", (json_int_t)cm_id, "kind",
                               "monitoring_case_manager"),
         "/api/v1/recoverees/%lld/relationships", (long long)rec[1]);
    POST(admin, 201,
         json_pack("{s:s,s:s,s:s,s:s,s:s,s:b,s:s,s:s}", "kind", "specific", "disclosers",
                   "Alpha program", "information", "Group attendance and incident reports",
                   "recipients", "Monitoring program", "purposes", "monitoring",
                   "revocation_stmt", 1, "revocation_how", "In writing to the director",
                   "expires_on", day(365)),
         "/api/v1/recoverees/%lld/consents", (long long)rec[1]);
    int64_t k = th_jint(admin, "id");
    POST(admin, 200, json_pack("{s:s}", "signature", "Beto Grupo"),
         "/api/v1/recoverees/%lld/consents/%lld/sign", (long long)rec[1], (long long)k);
    POST(fac, 201, json_pack("{s:I,s:s,s:s}", "recoveree_id", (json_int_t)rec[1], "kind",
                             "harm_self", "details", "Said he has thought of ending it."),
         "/api/v1/sessions/%lld/incidents", (long long)sid);
    int64_t iid2 = th_jint(fac, "id");
    th_get(cm, "/api/v1/inbox");
    TH_ASSERT_CONTAINS(th_body(cm), "thought of ending it");
    th_get(cm, "/api/v1/incidents/%lld", (long long)iid2);
    assert_true(json_is_true(json_object_get(json_object_get(th_json(cm), "incident"),
                                             "details_shown")));
    TH_ASSERT_STR(th_jstr(cm, "incident.kind"), "harm_self");
}

static void test_gr1_another_organizations_group_is_not_there(void **st)
{
    (void)st;
    beta = signed_in("beta", "admin");
    th_get(beta, "/api/v1/groups/%lld", (long long)group_id);
    TH_ASSERT_STATUS(beta, 404);
    th_post(beta, json_pack("{s:s}", "date", day(-7)), "/api/v1/groups/%lld/sessions",
            (long long)group_id);
    TH_ASSERT_STATUS(beta, 404);
    th_get(beta, "/api/v1/groups/%lld/calendar.ics", (long long)group_id);
    TH_ASSERT_STATUS(beta, 404);
    /* And a facilitator of none of alpha's groups is not shown this one. */
    int64_t other = th_add_user(env, TH_ALPHA, "grp_other_fac", ROLE_FACILITATOR);
    assert_true(other > 0);
    th_sess *o = signed_in("alpha", "grp_other_fac");
    th_get(o, "/api/v1/groups/%lld", (long long)group_id);
    TH_ASSERT_STATUS(o, 404);
    th_post(o, json_pack("{s:s}", "date", day(-7)), "/api/v1/groups/%lld/sessions",
            (long long)group_id);
    TH_ASSERT_STATUS(o, 404);
    th_sess_free(o);
}

static void test_gr2_a_session_changes_its_own_plan_and_a_template_is_the_orgs(void **st)
{
    (void)st;
    th_post(sup, json_pack("{s:s,s:s}", "name", "Short", "segments", "Check-in 10"),
            "/api/v1/groups/templates");
    TH_ASSERT_ERROR(sup, 400, "invalid");
    TH_ASSERT_STR(th_jstr(sup, "error.field"), "segments");
    POST(sup, 201, json_pack("{s:s,s:s}", "name", "Short evening",
                             "segments", "Check-in | 10\nTopic | 25\nWrap-up | 10"),
         "/api/v1/groups/templates");
    th_get(sup, "/api/v1/groups/templates");
    TH_ASSERT_CONTAINS(th_body(sup), "Short evening");
    POST(fac, 200, json_pack("{s:s}", "date", day(0)), "/api/v1/groups/%lld/sessions",
         (long long)group_id);
    int64_t sid = th_jint(fac, "id");
    POST(fac, 200, json_pack("{s:s,s:s,s:s}", "segments", "Welcome | 10\nRelapse prevention | 30",
                             "topic", "Relapse prevention", "handouts", "Warning signs worksheet"),
         "/api/v1/sessions/%lld/plan", (long long)sid);
    th_get(fac, "/api/v1/sessions/%lld", (long long)sid);
    assert_int_equal(th_jint(fac, "session.plan_minutes"), 40);
    TH_ASSERT_STR(th_jstr(fac, "session.topic"), "Relapse prevention");
    /* The page: crisis resources and the incident report are always there. */
    th_get(fac, "/sessions/%lld", (long long)sid);
    TH_ASSERT_STATUS(fac, 200);
    TH_ASSERT_CONTAINS(th_body(fac), "href=\"tel:988\"");
    TH_ASSERT_CONTAINS(th_body(fac), "href=\"#incident\"");
}

/* An exception or an edit the schedule cannot hold is refused beside its field, so the group's
 * sessions, its feed and its facilitators' feed stay whole: a session moved more than 92 days
 * (recur.h RECUR_MOVE_MAX_DAYS), and a new schedule that no longer has a cancelled session. */
static void test_gr1_a_change_the_schedule_cannot_hold_is_refused(void **st)
{
    (void)st;
    th_post(fac, json_pack("{s:s,s:s,s:s,s:s}", "orig_date", day(7), "new_date", day(107),
                           "new_time", "18:00", "reason", "Room closed for repairs"),
            "/api/v1/groups/%lld/exceptions", (long long)group_id);
    TH_ASSERT_ERROR(fac, 400, "invalid");
    TH_ASSERT_STR(th_jstr(fac, "error.field"), "new_date");
    /* Moved within the limit it is taken. */
    POST(fac, 200, json_pack("{s:s,s:s,s:s,s:s}", "orig_date", day(7), "new_date", day(8),
                             "new_time", "19:00", "reason", "Room closed for repairs"),
         "/api/v1/groups/%lld/exceptions", (long long)group_id);
    /* The session of day -14 is cancelled: a schedule starting a week later no longer has it. */
    th_get(sup, "/api/v1/groups/%lld", (long long)group_id);
    int64_t version = th_jint(sup, "group.version");
    json_t *b = group_body("Tuesday Circle");
    json_object_set_new(b, "start_date", json_string(day(-7)));
    json_object_set_new(b, "version", json_integer(version));
    th_post(sup, b, "/api/v1/groups/%lld", (long long)group_id);
    TH_ASSERT_ERROR(sup, 400, "invalid");
    TH_ASSERT_STR(th_jstr(sup, "error.field"), "rrule");
    TH_ASSERT_STR(th_jstr(sup, "error.rule"), "GR-1");
    /* Nor does one session only. */
    b = group_body("Tuesday Circle");
    json_object_set_new(b, "rrule", json_string(""));
    json_object_set_new(b, "version", json_integer(version));
    th_post(sup, b, "/api/v1/groups/%lld", (long long)group_id);
    TH_ASSERT_ERROR(sup, 400, "invalid");
    TH_ASSERT_STR(th_jstr(sup, "error.field"), "rrule");
    /* The schedule as it was, renamed, is taken. */
    b = group_body("Tuesday Circle (evening)");
    json_object_set_new(b, "version", json_integer(version));
    POST(sup, 200, b, "/api/v1/groups/%lld", (long long)group_id);
    th_get(fac, "/api/v1/groups/%lld/calendar.ics", (long long)group_id);
    TH_ASSERT_STATUS(fac, 200);
    TH_ASSERT_CONTAINS(th_body(fac), "RECURRENCE-ID");
    th_get(fac, "/api/v1/calendar.ics");
    TH_ASSERT_STATUS(fac, 200);
    th_get(fac, "/api/v1/groups/%lld", (long long)group_id);
    assert_true(json_array_size(json_object_get(th_json(fac), "upcoming")) >= 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gr1_a_group_names_every_field_at_fault_at_once),
        cmocka_unit_test(test_gr1_facilitators_and_members_with_capacity),
        cmocka_unit_test(test_gr4_a_case_manager_and_their_own_caseload_never_share_a_group),
        cmocka_unit_test(test_gr1_a_cancelled_session_cannot_be_opened_and_a_scheduled_one_can),
        cmocka_unit_test(test_gr3_documenting_a_session_gives_each_attendee_a_group_service),
        cmocka_unit_test(test_gr5_an_incident_reaches_the_monitoring_case_manager_at_once),
        cmocka_unit_test(test_gr1_another_organizations_group_is_not_there),
        cmocka_unit_test(test_gr2_a_session_changes_its_own_plan_and_a_template_is_the_orgs),
        cmocka_unit_test(test_gr1_a_change_the_schedule_cannot_hold_is_refused),
    };
    return cmocka_run_group_tests_name("http_groups", tests, setup, teardown);
}
