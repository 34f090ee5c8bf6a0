/* test_ops_recoverees.c - intake and record changes called directly, without HTTP, on SQLite
 * and PostgreSQL: RC-1 (the fields the organization requires, met by words or codes, and kept
 * on later changes; profile codes only from their lists), a peer's intake onto their own
 * caseload under WF-1/WF-5, status changes, stale versions and the write reach. */
#include "ops_fixture.h"

#include "caseload_store.h"
#include "ops_recoverees.h"
#include "recoverees.h"

static struct rc_intake_in person(const char *last)
{
    return (struct rc_intake_in){.first_name = "Robin", .last_name = last, .dob = "1979-07-07",
                                 .phone = "555-0199", .language = "English",
                                 .pathways = "Twelve-step"};
}

/* Recoveree id as an administrator sees it. */
static void load(struct ofx *f, int64_t id, struct recoveree *x)
{
    struct rc_scope sc;
    rc_scope_for(&sc, ROLE_ADMIN, 0, civil_today(), (int64_t)time(NULL));
    assert_int_equal(rc_get(f->d, f->a, f->org, id, &sc, x), 1);
}

static int64_t intake(struct ofx *f, const char *as, struct rc_intake_in *in)
{
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, as, &c);
    if (op_rc_intake(&c, in, &res) != OP_OK)
        fail_msg("intake: %s", res.message);
    return res.id;
}

static void test_rc1_intake_requires_fields_the_policy_requires(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "admin", &c);
    struct policy pol = f->pol;
    c.pol = &pol;
    pol.v[POL_INTAKE_REQUIRE_LANGUAGE] = 1;
    pol.v[POL_INTAKE_REQUIRE_PATHWAYS] = 1;
    pol.v[POL_INTAKE_REQUIRE_PHONE] = 1;
    struct rc_intake_in in = person("Required");
    in.language = NULL;
    assert_int_equal(op_rc_intake(&c, &in, &res), OP_REFUSED);
    assert_string_equal(res.rule, "RC-1");
    assert_string_equal(res.code, "required");
    assert_string_equal(res.field, "language");
    /* The language from the list will do instead of words. */
    in.language_codes = "spanish";
    in.phone = "";
    assert_int_equal(op_rc_intake(&c, &in, &res), OP_REFUSED);
    assert_string_equal(res.field, "phone");
    in.phone = "555-0100";
    in.pathways = NULL;
    in.pathway_codes = "smart";
    assert_int_equal(op_rc_intake(&c, &in, &res), OP_OK);
    struct recoveree x;
    load(f, res.id, &x);
    assert_null(x.language);
    assert_string_equal(x.language_codes, "spanish");
    assert_string_equal(x.pathway_codes, "smart");
    /* Not required by the policy: the same intake without a phone is fine. */
    pol.v[POL_INTAKE_REQUIRE_PHONE] = 0;
    in.phone = NULL;
    in.last_name = "Requiredtoo";
    assert_int_equal(op_rc_intake(&c, &in, &res), OP_OK);
}

static void test_rc1_unknown_profile_code_refused(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "admin", &c);
    struct rc_intake_in in = person("Codes");
    in.language_codes = "spanish,klingon";
    assert_int_equal(op_rc_intake(&c, &in, &res), OP_INVALID);
    assert_string_equal(res.field, "language_codes");
    assert_non_null(strstr(res.message, "klingon"));
    in.language_codes = "spanish, english,spanish";
    in.peer_gender = "woman,man"; /* one gender, not two */
    assert_int_equal(op_rc_intake(&c, &in, &res), OP_INVALID);
    assert_string_equal(res.field, "peer_gender");
    in.peer_gender = "woman";
    in.substance_codes = "opioids";
    assert_int_equal(op_rc_intake(&c, &in, &res), OP_OK);
    struct recoveree x;
    load(f, res.id, &x);
    /* Stored normalized, in list order, once each. */
    assert_string_equal(x.language_codes, "english,spanish");
    assert_string_equal(x.peer_gender, "woman");
    assert_string_equal(x.substance_codes, "opioids");
    /* The same check on a change. */
    struct rc_update_in u = {.recoveree_id = x.id, .sent = RCF_BIT(RCF_CULTURE_CODES),
                             .f = {.culture_codes = "martian"}};
    assert_int_equal(op_rc_update(&c, &u, &res), OP_INVALID);
    assert_string_equal(res.field, "culture_codes");
}

static void test_rc1_a_peers_intake_goes_onto_their_own_caseload(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct rc_intake_in in = person("Fieldintake");
    int64_t id = intake(f, "aokafor", &in);
    char t[11];
    civil_format(civil_today(), t);
    struct cl_row *cl;
    int n;
    assert_int_equal(cl_active(f->d, f->a, f->org, id, t, &cl, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(cl[0].peer_id, ofx_user(f, "aokafor"));
    /* An administrator's intake is on nobody's caseload yet. */
    in.last_name = "Officeintake";
    id = intake(f, "admin", &in);
    assert_int_equal(cl_active(f->d, f->a, f->org, id, t, &cl, &n), 0);
    assert_int_equal(n, 0);
}

static void test_wf1_wf5_a_peer_who_may_not_take_recoverees_does_no_intake(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    struct rc_intake_in in = person("Notmine");
    ofx_ctx(f, "tbrooks", &c);
    assert_int_equal(op_rc_intake(&c, &in, &res), OP_REFUSED);
    assert_string_equal(res.rule, "WF-1");
    ofx_ctx(f, "rdelgado", &c);
    assert_int_equal(op_rc_intake(&c, &in, &res), OP_REFUSED);
    assert_string_equal(res.rule, "WF-5");
    ofx_ctx(f, "clinician", &c);
    assert_int_equal(op_rc_intake(&c, &in, &res), OP_FORBIDDEN);
}

static void test_rc1_an_update_cannot_empty_a_required_field(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct rc_intake_in in = person("Keepsphone");
    int64_t id = intake(f, "admin", &in);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "admin", &c);
    struct policy pol = f->pol;
    c.pol = &pol;
    pol.v[POL_INTAKE_REQUIRE_PHONE] = 1;
    struct rc_update_in u = {.recoveree_id = id, .sent = RCF_BIT(RCF_PHONE), .f = {.phone = ""}};
    assert_int_equal(op_rc_update(&c, &u, &res), OP_REFUSED);
    assert_string_equal(res.rule, "RC-1");
    assert_string_equal(res.field, "phone");
    /* A change that leaves the phone alone is fine, and keeps every field not sent. */
    u.sent = RCF_BIT(RCF_PREFERRED_NAME);
    u.f.preferred_name = "Rob";
    assert_int_equal(op_rc_update(&c, &u, &res), OP_OK);
    struct recoveree x;
    load(f, id, &x);
    assert_string_equal(x.preferred_name, "Rob");
    assert_string_equal(x.phone, "555-0199");
    assert_string_equal(x.language, "English");
    assert_string_equal(x.first_name, "Robin");
    assert_int_equal(x.version, 2);
}

static void test_update_with_a_stale_version_changes_nothing(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct rc_intake_in in = person("Stale");
    int64_t id = intake(f, "admin", &in);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "admin", &c);
    struct rc_update_in u = {.recoveree_id = id, .version = 7, .sent = RCF_BIT(RCF_EMAIL),
                             .f = {.email = "robin@example.org"}};
    assert_int_equal(op_rc_update(&c, &u, &res), OP_CONFLICT);
    assert_string_equal(res.code, "stale");
    assert_string_equal(res.field, "version");
    struct recoveree x;
    load(f, id, &x);
    assert_null(x.email);
    u.version = x.version;
    assert_int_equal(op_rc_update(&c, &u, &res), OP_OK);
    assert_int_equal(res.version, x.version + 1);
}

static void test_status_changes_follow_the_allowed_moves(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct rc_intake_in in = person("Statuses");
    int64_t id = intake(f, "admin", &in);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "admin", &c);
    struct rc_update_in u = {.recoveree_id = id, .status = "paused"};
    assert_int_equal(op_rc_update(&c, &u, &res), OP_INVALID);
    assert_string_equal(res.field, "status");
    const char *moves[] = {"discharged", "closed"};
    for (int i = 0; i < 2; i++) {
        u.status = moves[i];
        assert_int_equal(op_rc_update(&c, &u, &res), OP_OK);
    }
    struct recoveree x;
    load(f, id, &x);
    assert_string_equal(x.status, "closed");
    /* A closed record comes back only as active, never straight to discharged. */
    u.status = "discharged";
    assert_int_equal(op_rc_update(&c, &u, &res), OP_REFUSED);
    assert_string_equal(res.field, "status");
    u.status = "active";
    assert_int_equal(op_rc_update(&c, &u, &res), OP_OK);
    load(f, id, &x);
    assert_string_equal(x.status, "active");
}

static void test_a_peer_cannot_change_a_record_outside_their_caseload(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct rc_intake_in in = person("Elsewhere");
    int64_t id = intake(f, "aokafor", &in);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "peer", &c);
    struct rc_update_in u = {.recoveree_id = id, .sent = RCF_BIT(RCF_PREFERRED_NAME),
                             .f = {.preferred_name = "Not mine"}};
    assert_int_equal(op_rc_update(&c, &u, &res), OP_NOT_FOUND);
    struct recoveree x;
    load(f, id, &x);
    assert_null(x.preferred_name);
    /* Her own peer may. */
    ofx_ctx(f, "aokafor", &c);
    assert_int_equal(op_rc_update(&c, &u, &res), OP_OK);
}

int main(void)
{
    ofx_name = "opsrecoverees";
    const struct CMUnitTest tests[] = {
        OFX_TEST(test_rc1_intake_requires_fields_the_policy_requires),
        OFX_TEST(test_rc1_unknown_profile_code_refused),
        OFX_TEST(test_rc1_a_peers_intake_goes_onto_their_own_caseload),
        OFX_TEST(test_wf1_wf5_a_peer_who_may_not_take_recoverees_does_no_intake),
        OFX_TEST(test_rc1_an_update_cannot_empty_a_required_field),
        OFX_TEST(test_update_with_a_stale_version_changes_nothing),
        OFX_TEST(test_status_changes_follow_the_allowed_moves),
        OFX_TEST(test_a_peer_cannot_change_a_record_outside_their_caseload),
    };
    return cmocka_run_group_tests_name("ops: recoverees", tests, ofx_group_setup,
                                       ofx_group_teardown);
}
