/* http_attention.c - issue 7 items 17-19 over real HTTP: home pages say what needs attention
 * (per role), choices instead of typed record numbers (peers, staff, recipients, break-glass
 * search, which is audited), controls only for those who may use them, and refusals worded to
 * the person acting (WF-5 names the peer when someone else assigns them). */
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
static int64_t peer_a, peer_b, lapsed, unsupervised, sup2;

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

/* A trained Level 2 peer hired hired_days_ago, supervised by supervisor (0: nobody). */
static int64_t peer(const char *username, int hired_days_ago, int64_t supervisor)
{
    int64_t id = th_add_user(env, TH_ALPHA, username, ROLE_PEER);
    assert_true(id > 0);
    POST(admin, 200, json_pack("{s:i,s:s,s:s}", "level", 2, "hire_date", day(-hired_days_ago),
                               "languages", "English"),
         "/api/v1/workforce/%lld/profile", (long long)id);
    POST(admin, 201, json_pack("{s:s,s:s,s:s,s:s}", "kind", "ethics_ccar", "title", "Training",
                               "hours", "18", "date", day(-hired_days_ago + 5)),
         "/api/v1/workforce/%lld/trainings", (long long)id);
    if (supervisor > 0)
        POST(admin, 201, json_pack("{s:I,s:s}", "supervisor_id", (json_int_t)supervisor,
                                   "start_date", day(-hired_days_ago)),
             "/api/v1/workforce/%lld/supervisors", (long long)id);
    return id;
}

/* A recoveree made by the admin (phone 856-555-0123), assigned to peer_id when > 0. */
static int64_t recoveree(const char *first, const char *last, int64_t peer_id)
{
    POST(admin, 201, json_pack("{s:s,s:s,s:s,s:s,s:s}", "first_name", first, "last_name", last,
                               "dob", "1985-05-05", "language", "English", "phone",
                               "(856) 555-0123"),
         "/api/v1/recoverees");
    int64_t id = th_jint(admin, "id");
    assert_true(id > 0);
    if (peer_id > 0)
        POST(admin, 201, json_pack("{s:I}", "peer_id", (json_int_t)peer_id),
             "/api/v1/recoverees/%lld/assign", (long long)id);
    return id;
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
    peer_a = peer("peera", 60, s1);
    peer_b = peer("peerb", 60, sup2);
    lapsed = peer("lapsed", 400, s1); /* the 12-month certification window has ended */
    unsupervised = peer("alone", 60, 0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    th_sess_free(admin);
    th_sess_free(sup);
    return th_env_stop(env);
}

/* The element of array (at a dotted path of the last JSON body) whose key equals value. */
static json_t *find_in(th_sess *s, const char *array, const char *key, const char *value)
{
    json_t *a = th_json(s);
    char path[100];
    snprintf(path, sizeof path, "%s", array);
    for (char *save = NULL, *t = strtok_r(path, ".", &save); a && t; t = strtok_r(NULL, ".", &save))
        a = json_object_get(a, t);
    size_t i;
    json_t *it;
    json_array_foreach(a, i, it) {
        const char *v = json_string_value(json_object_get(it, key));
        if (v && !strcmp(v, value))
            return it;
    }
    return NULL;
}

static void test_home_supervisor_sees_their_own_peers_and_who_is_non_compliant_with_why(void **st)
{
    (void)st;
    th_get(sup, "/api/v1/");
    TH_ASSERT_STATUS(sup, 200);
    /* Not the organization's staff counts: their own supervisees (peera, lapsed). */
    assert_null(json_object_get(th_json(sup), "staff"));
    assert_int_equal(th_jint(sup, "team.peers"), 2);
    json_t *l = find_in(sup, "team.non_compliant_people", "name", "alpha lapsed");
    if (!l)
        fail_msg("the lapsed peer is not listed as non-compliant\n%s", th_last(sup));
    const char *why = json_string_value(json_object_get(l, "why"));
    TH_ASSERT_CONTAINS(why, "Certification: Certification window ended on");
    assert_int_equal(json_integer_value(json_object_get(l, "id")), lapsed);
    /* Another supervisor's peer is not theirs to see. */
    assert_null(find_in(sup, "team.non_compliant_people", "name", "alpha peerb"));
    TH_ASSERT_CONTAINS(th_jstr(sup, "team.non_compliant_people.0.why"), ":");
    th_get(sup, "/");
    TH_ASSERT_CONTAINS(th_body(sup), "/workforce/");
}

static void test_home_admin_counts_compliance_as_the_dashboard_does_with_a_filtered_link(void **st)
{
    (void)st;
    th_get(admin, "/api/v1/");
    TH_ASSERT_STATUS(admin, 200);
    int64_t peers = th_jint(admin, "workforce.peers"), bad = th_jint(admin, "workforce.non_compliant");
    assert_true(peers >= 4);
    assert_int_equal(th_jint(admin, "workforce.compliant") + th_jint(admin, "workforce.due_soon") + bad,
                     peers);
    th_get(admin, "/api/v1/workforce?status=non_compliant");
    TH_ASSERT_STATUS(admin, 200);
    assert_int_equal(th_jint(admin, "pager.total"), bad);
    th_get(admin, "/");
    TH_ASSERT_CONTAINS(th_body(admin), "href=\"/workforce?status=non_compliant\"");
}

static void test_home_peer_is_told_their_certification_window_ended(void **st)
{
    (void)st;
    th_sess *p = signed_in("lapsed");
    th_get(p, "/api/v1/");
    TH_ASSERT_STATUS(p, 200);
    char want[80], d[11];
    civil_format(civil_add_months(th_today() - 400, 12), d);
    snprintf(want, sizeof want, "Your certification window ended on %s.", d);
    TH_ASSERT_CONTAINS(th_jstr(p, "my_workforce.items.0.text"), want);
    th_get(p, "/");
    TH_ASSERT_CONTAINS(th_body(p), want);
    th_sess_free(p);
    /* A peer whose window is still open is not told it ended. */
    th_sess *a = signed_in("peera");
    th_get(a, "/api/v1/");
    TH_ASSERT_LACKS(th_body(a), "window ended");
    th_sess_free(a);
}

static void test_home_lists_break_glass_awaiting_review_and_locked_accounts(void **st)
{
    (void)st;
    th_get(admin, "/api/v1/");
    int64_t before = th_jint(admin, "attention.break_glass_unreviewed");
    th_get(sup, "/api/v1/");
    int64_t sup_before = th_jint(sup, "attention.break_glass_unreviewed");
    int64_t r = recoveree("Urgent", "Caller", peer_a);
    th_sess *b = signed_in("peerb");
    POST(b, 201, json_pack("{s:s}", "reason", "The crisis line called about this person now."),
         "/api/v1/recoverees/%lld/break-glass", (long long)r);
    th_sess_free(b);
    th_get(admin, "/api/v1/");
    assert_int_equal(th_jint(admin, "attention.break_glass_unreviewed"), before + 1);
    th_get(sup, "/api/v1/");
    assert_int_equal(th_jint(sup, "attention.break_glass_unreviewed"), sup_before + 1);
    /* Locked accounts are for administrators, with the way to unlock them. */
    assert_null(json_object_get(json_object_get(th_json(sup), "attention"), "locked_accounts"));
    int64_t victim = th_add_user(env, TH_ALPHA, "lockme", ROLE_PEER);
    th_sess *x = th_sess_new(env);
    for (int i = 0; i < 10; i++)
        th_login(x, "alpha", "lockme", "not the password at all");
    th_sess_free(x);
    th_get(admin, "/api/v1/");
    json_t *l = find_in(admin, "attention.locked_accounts", "username", "lockme");
    if (!l)
        fail_msg("the locked account is not listed\n%s", th_last(admin));
    assert_int_equal(json_integer_value(json_object_get(l, "id")), victim);
    POST(admin, 200, NULL, "/api/v1/users/%lld/unlock", (long long)victim);
    th_get(admin, "/api/v1/");
    assert_null(find_in(admin, "attention.locked_accounts", "username", "lockme"));
}

static void test_wf5_refusal_names_the_peer_when_an_administrator_assigns_them(void **st)
{
    (void)st;
    int64_t r = recoveree("Nobody", "Assigned", 0);
    th_post(admin, json_pack("{s:I}", "peer_id", (json_int_t)unsupervised),
            "/api/v1/recoverees/%lld/assign", (long long)r);
    TH_ASSERT_ERROR(admin, 422, "refused");
    TH_ASSERT_STR(th_jstr(admin, "error.rule"), "WF-5");
    TH_ASSERT_CONTAINS(th_jstr(admin, "error.message"), "alpha alone has no active supervisor");
    TH_ASSERT_LACKS(th_jstr(admin, "error.message"), "You have");
    TH_ASSERT_LACKS(th_jstr(admin, "error.message"), "your ");
    /* Asked about themself, the peer is addressed as "you". */
    th_sess *p = signed_in("alone");
    th_get(p, "/api/v1/workforce/%lld/check?action=assign_recoveree", (long long)unsupervised);
    TH_ASSERT_ERROR(p, 422, "refused");
    TH_ASSERT_CONTAINS(th_jstr(p, "error.message"), "You have no active supervisor");
    th_sess_free(p);
    th_get(admin, "/api/v1/workforce/%lld/check?action=assign_recoveree", (long long)unsupervised);
    TH_ASSERT_CONTAINS(th_jstr(admin, "error.message"), "alpha alone has no active supervisor");
}

static void test_controls_are_in_the_model_only_for_those_who_may_use_them(void **st)
{
    (void)st;
    int64_t r = recoveree("Shown", "Controls", peer_a);
    POST(admin, 201,
         json_pack("{s:s,s:s,s:s,s:s,s:s,s:b,s:s,s:s}", "kind", "specific", "disclosers",
                   "Alpha program", "information", "Attendance", "recipients",
                   "Dr. Ana Ruiz, Camden Health Center\nClinic B", "purposes", "care coordination",
                   "revocation_stmt", 1, "revocation_how", "In writing", "expires_on", day(365)),
         "/api/v1/recoverees/%lld/consents", (long long)r);
    int64_t c = th_jint(admin, "id");
    POST(admin, 200, json_pack("{s:s}", "signature", "Shown Controls"),
         "/api/v1/recoverees/%lld/consents/%lld/sign", (long long)r, (long long)c);
    th_sess *p = signed_in("peera");
    /* RC-4: peers do not disclose, so they get no disclosure form. */
    th_get(p, "/api/v1/recoverees/%lld/consents/%lld", (long long)r, (long long)c);
    TH_ASSERT_STATUS(p, 200);
    assert_false(json_is_true(json_object_get(th_json(p), "can_disclose")));
    th_get(p, "/recoverees/%lld/consents/%lld", (long long)r, (long long)c);
    TH_ASSERT_LACKS(th_body(p), "Disclose under this consent");
    /* The recipient is chosen from the consent's own recipients. */
    th_get(admin, "/api/v1/recoverees/%lld/consents/%lld", (long long)r, (long long)c);
    assert_true(json_is_true(json_object_get(th_json(admin), "can_disclose")));
    TH_ASSERT_STR(th_jstr(admin, "consent.recipient_lines.0"), "Dr. Ana Ruiz, Camden Health Center");
    TH_ASSERT_STR(th_jstr(admin, "consent.recipient_lines.1"), "Clinic B");
    TH_ASSERT_STR(th_jstr(admin, "consent.purpose_lines.0"), "care coordination");
    th_get(admin, "/recoverees/%lld/consents/%lld", (long long)r, (long long)c);
    TH_ASSERT_CONTAINS(th_body(admin), "<option value=\"Dr. Ana Ruiz, Camden Health Center\">"
                                       "Dr. Ana Ruiz, Camden Health Center</option>");
    /* Peers get no assignment or relationship choices; administrators have no break-glass. */
    th_get(p, "/api/v1/recoverees/%lld", (long long)r);
    assert_false(json_is_true(json_object_get(th_json(p), "can_assign")));
    assert_null(json_object_get(th_json(p), "peer_choices"));
    assert_true(json_is_true(json_object_get(th_json(p), "can_change_status")));
    th_get(p, "/api/v1/recoverees");
    assert_true(json_is_true(json_object_get(th_json(p), "can_break_glass")));
    th_get(admin, "/api/v1/recoverees");
    assert_false(json_is_true(json_object_get(th_json(admin), "can_break_glass")));
    th_get(admin, "/recoverees");
    TH_ASSERT_LACKS(th_body(admin), "emergency access");
    th_sess_free(p);
}

static void test_assign_and_relationship_are_choices_a_supervisor_sees_only_their_peers(void **st)
{
    (void)st;
    int64_t r = recoveree("Choose", "Peer", 0);
    th_get(sup, "/api/v1/recoverees/%lld", (long long)r);
    TH_ASSERT_STATUS(sup, 200);
    assert_non_null(find_in(sup, "peer_choices", "name", "alpha peera"));
    assert_null(find_in(sup, "peer_choices", "name", "alpha peerb")); /* supervisor2's */
    assert_null(find_in(sup, "peer_choices", "name", "alpha alone")); /* WF-5 */
    json_t *staff = find_in(sup, "staff_choices", "name", "alpha clinician");
    assert_non_null(staff);
    TH_ASSERT_STR(json_string_value(json_object_get(staff, "role_label")),
                  "Clinician (partner program)");
    th_get(admin, "/api/v1/recoverees/%lld", (long long)r);
    assert_non_null(find_in(admin, "peer_choices", "name", "alpha peerb"));
    /* A relationship moves the peer from the ranked choices to the override-only ones. */
    POST(admin, 201, json_pack("{s:I,s:s}", "staff_id", (json_int_t)peer_b, "kind", "employer"),
         "/api/v1/recoverees/%lld/relationships", (long long)r);
    th_get(admin, "/api/v1/recoverees/%lld", (long long)r);
    assert_null(find_in(admin, "peer_choices", "name", "alpha peerb"));
    assert_non_null(find_in(admin, "override_choices", "name", "alpha peerb"));
    /* The match list carries an Assign button per peer the user may assign. */
    th_get(sup, "/api/v1/recoverees/%lld/match", (long long)r);
    json_t *m = find_in(sup, "matches", "name", "alpha peera");
    assert_non_null(m);
    assert_true(json_is_true(json_object_get(m, "can_assign")));
    /* Room is said as places free, wherever it falls among the reasons (issue 7). */
    int room_said = 0;
    json_t *reasons = json_object_get(m, "reasons");
    for (size_t k = 0; k < json_array_size(reasons); k++)
        room_said |= strstr(json_string_value(json_array_get(reasons, k)),
                            "places free on a caseload of") != NULL;
    assert_true(room_said);
    th_get(sup, "/recoverees/%lld/match", (long long)r);
    TH_ASSERT_CONTAINS(th_body(sup), "aria-label=\"Assign alpha peera\"");
    TH_ASSERT_CONTAINS(th_body(sup), "name=\"peer_id\" value=\"");
}

static void test_status_options_are_valid_moves_and_reactivation_is_an_explicit_choice(void **st)
{
    (void)st;
    int64_t r = recoveree("Status", "Moves", peer_a);
    th_get(admin, "/api/v1/recoverees/%lld", (long long)r);
    TH_ASSERT_STR(th_jstr(admin, "status_options.0.value"), "discharged");
    TH_ASSERT_STR(th_jstr(admin, "status_options.1.value"), "closed");
    assert_null(th_jstr(admin, "status_options.2.value"));
    POST(admin, 200, json_pack("{s:s}", "status", "discharged"), "/api/v1/recoverees/%lld",
         (long long)r);
    th_get(admin, "/api/v1/recoverees/%lld", (long long)r);
    /* Never "Active" first for a discharged recoveree: closing comes first, re-activation is
     * offered by name, and the form preselects nothing. */
    TH_ASSERT_STR(th_jstr(admin, "status_options.0.value"), "closed");
    TH_ASSERT_STR(th_jstr(admin, "status_options.1.value"), "active");
    TH_ASSERT_CONTAINS(th_jstr(admin, "status_options.1.label"), "Re-activate");
    th_get(admin, "/recoverees/%lld", (long long)r);
    TH_ASSERT_CONTAINS(th_body(admin), "<option value=\"\">Choose a new status</option>");
    TH_ASSERT_LACKS(th_body(admin), "<option value=\"active\">Active</option>");
    /* The status choice preselects nothing (other forms on the page, such as the check-up
     * cadence, show their current value). */
    const char *body = th_body(admin);
    const char *sel = strstr(body, "name=\"status\"");
    assert_non_null(sel);
    const char *end = strstr(sel, "</select>");
    assert_non_null(end);
    for (const char *p = sel; p < end; p++)
        if (strncmp(p, " selected", 9) == 0)
            fail_msg("the status choice preselects an option");
}

static void test_break_glass_search_finds_by_name_dob_phone_shows_only_identity_and_is_audited(void **st)
{
    (void)st;
    int64_t r = recoveree("Marisol", "Quintero", peer_a);
    th_sess *b = signed_in("peerb");
    th_get(b, "/api/v1/break-glass/search?name=quin&dob=1985-05-05");
    TH_ASSERT_STATUS(b, 200);
    assert_int_equal(th_jint(b, "results.0.id"), r);
    TH_ASSERT_STR(th_jstr(b, "results.0.name"), "Marisol Quintero");
    TH_ASSERT_STR(th_jstr(b, "results.0.dob"), "1985-05-05");
    /* Only what is needed to choose: no phone, contact or history. */
    json_t *hit = json_array_get(json_object_get(th_json(b), "results"), 0);
    assert_int_equal(json_object_size(hit), 3);
    th_get(b, "/api/v1/break-glass/search?name=marisol&phone=856.555.0123");
    assert_int_equal(th_jint(b, "results.0.id"), r);
    th_get(b, "/api/v1/break-glass/search?name=quin&dob=1990-01-01");
    assert_null(json_array_get(json_object_get(th_json(b), "results"), 0));
    th_get(b, "/api/v1/break-glass/search?name=q");
    TH_ASSERT_ERROR(b, 400, "invalid");
    TH_ASSERT_STR(th_jstr(b, "error.field"), "name");
    th_get(admin, "/api/v1/break-glass/search?name=quin");
    TH_ASSERT_STATUS(admin, 403); /* administrators reach every record already */
    /* Every search is audited with what it searched by, not the values. */
    th_get(admin, "/api/v1/audit?action=break_glass.search");
    TH_ASSERT_STR(th_jstr(admin, "rows.0.user"), "peerb");
    TH_ASSERT_STR(th_jstr(admin, "rows.0.reason"), "by name, date of birth: 0 found");
    TH_ASSERT_STR(th_jstr(admin, "rows.1.reason"), "by name, phone: 1 found");
    TH_ASSERT_STR(th_jstr(admin, "rows.2.reason"), "by name, date of birth: 1 found");
    /* Chosen and opened: the record says it is emergency access and offers no changes. */
    POST(b, 201, json_pack("{s:I,s:s}", "recoveree_id", (json_int_t)r, "reason",
                           "The hospital called: she is in crisis and asks for us."),
         "/api/v1/break-glass");
    th_get(b, "/api/v1/recoverees/%lld", (long long)r);
    TH_ASSERT_STATUS(b, 200);
    assert_true(json_is_true(json_object_get(th_json(b), "under_break_glass")));
    assert_false(json_is_true(json_object_get(th_json(b), "can_change_status")));
    th_get(b, "/recoverees/%lld", (long long)r);
    TH_ASSERT_CONTAINS(th_body(b), "Emergency access.");
    TH_ASSERT_LACKS(th_body(b), "Change status");
    /* The plan and BARC-10 pages offer no changes to an emergency reader either. */
    th_get(b, "/api/v1/recoverees/%lld/plan", (long long)r);
    TH_ASSERT_STATUS(b, 200);
    assert_true(json_is_true(json_object_get(th_json(b), "under_break_glass")));
    assert_false(json_is_true(json_object_get(th_json(b), "can_edit")));
    th_get(b, "/recoverees/%lld/plan", (long long)r);
    TH_ASSERT_CONTAINS(th_body(b), "Emergency access");
    TH_ASSERT_LACKS(th_body(b), "Add a goal");
    TH_ASSERT_LACKS(th_body(b), "Start the plan");
    th_get(b, "/recoverees/%lld/barc10", (long long)r);
    TH_ASSERT_STATUS(b, 200);
    TH_ASSERT_LACKS(th_body(b), "Save assessment");
    /* Someone who reaches the record without the grant still gets the forms. */
    th_get(admin, "/api/v1/recoverees/%lld/barc10", (long long)r);
    assert_true(json_is_true(json_object_get(th_json(admin), "can_edit")));
    th_sess_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_home_supervisor_sees_their_own_peers_and_who_is_non_compliant_with_why),
        cmocka_unit_test(test_home_admin_counts_compliance_as_the_dashboard_does_with_a_filtered_link),
        cmocka_unit_test(test_home_peer_is_told_their_certification_window_ended),
        cmocka_unit_test(test_home_lists_break_glass_awaiting_review_and_locked_accounts),
        cmocka_unit_test(test_wf5_refusal_names_the_peer_when_an_administrator_assigns_them),
        cmocka_unit_test(test_controls_are_in_the_model_only_for_those_who_may_use_them),
        cmocka_unit_test(test_assign_and_relationship_are_choices_a_supervisor_sees_only_their_peers),
        cmocka_unit_test(test_status_options_are_valid_moves_and_reactivation_is_an_explicit_choice),
        cmocka_unit_test(test_break_glass_search_finds_by_name_dob_phone_shows_only_identity_and_is_audited),
    };
    return cmocka_run_group_tests_name("http_attention", tests, setup, teardown);
}
