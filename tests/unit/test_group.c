/* test_group.c - recovery support groups as pure rules (group.h, SPEC GR-1..GR-5): the built-in
 * agenda of GR-2 and plans an organization writes, the facilitator conflict of GR-4 both ways
 * (a case manager's own caseload, a recorded monitoring case manager; a peer's caseload is not a
 * conflict), GR-3's "has not shared for N sessions", and what one attended session is worth as a
 * group service (SV-8 units of the 70-minute agenda). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "billing.h"
#include "group.h"

static void test_gr2_the_default_agenda_is_five_segments_of_70_minutes(void **state)
{
    (void)state;
    struct grp_plan p;
    grp_default_plan(&p);
    assert_int_equal(p.n, 5);
    static const int want[] = {10, 20, 20, 15, 5};
    static const char *const ids[] = {"group.seg.welcome", "group.seg.topic", "group.seg.sharing",
                                      "group.seg.skills", "group.seg.wrapup"};
    for (int i = 0; i < 5; i++) {
        assert_int_equal(p.seg[i].minutes, want[i]);
        assert_string_equal(p.seg[i].label, ids[i]);
    }
    assert_int_equal(grp_plan_minutes(&p), 70);
}

static void test_gr2_a_plan_round_trips_through_its_stored_form(void **state)
{
    (void)state;
    struct grp_plan p, q;
    const char *why = NULL;
    assert_int_equal(grp_plan_parse("  Check-in | 15\r\n\nTopic: boundaries|25\nWrap-up | 5 \n", &p, &why), 0);
    assert_int_equal(p.n, 3);
    assert_string_equal(p.seg[1].label, "Topic: boundaries");
    assert_int_equal(grp_plan_minutes(&p), 45);
    char out[256];
    assert_int_equal(grp_plan_format(&p, out, sizeof out), 0);
    assert_string_equal(out, "Check-in|15\nTopic: boundaries|25\nWrap-up|5");
    assert_int_equal(grp_plan_parse(out, &q, &why), 0);
    assert_int_equal(q.n, 3);
    assert_int_equal(q.seg[2].minutes, 5);
    char tiny[8];
    assert_int_equal(grp_plan_format(&p, tiny, sizeof tiny), -1);
}

static void test_gr2_a_malformed_plan_is_refused_with_its_reason(void **state)
{
    (void)state;
    struct grp_plan p;
    const char *why = NULL;
    assert_int_equal(grp_plan_parse("Topic 20", &p, &why), -1);
    assert_string_equal(why, "group.err.plan_line");
    assert_int_equal(grp_plan_parse(" | 20", &p, &why), -1);
    assert_string_equal(why, "group.err.plan_label");
    assert_int_equal(grp_plan_parse("Topic | 0", &p, &why), -1);
    assert_string_equal(why, "group.err.plan_minutes");
    assert_int_equal(grp_plan_parse("Topic | 241", &p, &why), -1);
    assert_string_equal(why, "group.err.plan_minutes");
    assert_int_equal(grp_plan_parse("Topic | 2x", &p, &why), -1);
    assert_string_equal(why, "group.err.plan_minutes");
    assert_int_equal(grp_plan_parse("\n \n", &p, &why), -1);
    assert_string_equal(why, "group.err.plan_empty");
    char many[600] = "";
    for (int i = 0; i < 13; i++)
        strcat(many, "Segment | 5\n");
    assert_int_equal(grp_plan_parse(many, &p, &why), -1);
    assert_string_equal(why, "group.err.plan_many");
    char longl[200];
    memset(longl, 'a', 81);
    strcpy(longl + 81, " | 5");
    assert_int_equal(grp_plan_parse(longl, &p, &why), -1);
    assert_string_equal(why, "group.err.plan_label_long");
}

static void test_gr4_a_case_manager_may_not_facilitate_their_own_caseload(void **state)
{
    (void)state;
    struct grp_tie on = {.on_caseload = 1}, none = {0}, cm = {.monitoring_cm = 1};
    /* A case manager with the member on their caseload: refused (both ways: the op asks the
     * same question when a facilitator is named and when a member is added). */
    assert_int_equal(grp_conflict(ROLE_CASE_MANAGER, &on), 1);
    /* A recorded monitoring case manager, whatever their role. */
    assert_int_equal(grp_conflict(ROLE_FACILITATOR, &cm), 1);
    assert_int_equal(grp_conflict(ROLE_PEER, &cm), 1);
    /* Allowed: a case manager with no tie, a peer whose own caseload attends, a contracted
     * facilitator with none. */
    assert_int_equal(grp_conflict(ROLE_CASE_MANAGER, &none), 0);
    assert_int_equal(grp_conflict(ROLE_PEER, &on), 0);
    assert_int_equal(grp_conflict(ROLE_FACILITATOR, &none), 0);
}

static void test_gr3_sessions_without_sharing_count_attended_sessions_until_one_shared(void **state)
{
    (void)state;
    /* newest first: attended without sharing, absent, attended without sharing, shared */
    int att[] = {1, 0, 1, 1, 1}, sh[] = {0, 0, 0, 1, 0};
    assert_int_equal(grp_sessions_without_sharing(att, sh, 5), 2);
    int att2[] = {1, 1}, sh2[] = {1, 0};
    assert_int_equal(grp_sessions_without_sharing(att2, sh2, 2), 0);
    int att3[] = {0, 0, 0}, sh3[] = {0, 0, 0};
    assert_int_equal(grp_sessions_without_sharing(att3, sh3, 3), 0);
    assert_int_equal(grp_sessions_without_sharing(att3, sh3, 0), 0);
}

static void test_gr3_present_and_late_attend_excused_and_absent_do_not(void **state)
{
    (void)state;
    assert_true(grp_att_attended(ATT_PRESENT));
    assert_true(grp_att_attended(ATT_LATE));
    assert_false(grp_att_attended(ATT_EXCUSED));
    assert_false(grp_att_attended(ATT_ABSENT));
    for (int i = 0; i < ATT__COUNT; i++)
        assert_int_equal(grp_att_parse(grp_att_name((enum grp_att)i)), i);
    for (int i = 0; i < GRP_KIND__COUNT; i++)
        assert_int_equal(grp_kind_parse(grp_kind_name((enum grp_kind)i)), i);
    for (int i = 0; i < INC__COUNT; i++)
        assert_int_equal(grp_incident_parse(grp_incident_name((enum grp_incident)i)), i);
    assert_int_equal(grp_att_parse("here"), -1);
    assert_int_equal(grp_kind_parse(NULL), -1);
}

static void test_gr3_an_attended_70_minute_session_is_five_units_per_attendee(void **state)
{
    (void)state;
    /* Each attendee's group service carries the session's minutes; SV-8 turns them into units
     * under the 8-minute rule with 15-minute units: 70 minutes is 5 units (68-82). */
    struct grp_plan p;
    grp_default_plan(&p);
    struct bill_unit_rule r = {.unit_minutes = 15, .min_minutes = 8, .rounding = BILL_EIGHT_MINUTE};
    assert_int_equal(bill_units(&r, grp_plan_minutes(&p)), 5);
    assert_int_equal(bill_units(&r, 7), 0);
    assert_int_equal(bill_units(&r, 90), 6);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gr2_the_default_agenda_is_five_segments_of_70_minutes),
        cmocka_unit_test(test_gr2_a_plan_round_trips_through_its_stored_form),
        cmocka_unit_test(test_gr2_a_malformed_plan_is_refused_with_its_reason),
        cmocka_unit_test(test_gr4_a_case_manager_may_not_facilitate_their_own_caseload),
        cmocka_unit_test(test_gr3_sessions_without_sharing_count_attended_sessions_until_one_shared),
        cmocka_unit_test(test_gr3_present_and_late_attend_excused_and_absent_do_not),
        cmocka_unit_test(test_gr3_an_attended_70_minute_session_is_five_units_per_attendee),
    };
    return cmocka_run_group_tests_name("group", tests, NULL, NULL);
}
