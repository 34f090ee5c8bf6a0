/* test_ops_consents.c - the consent and disclosure operations called directly, without HTTP,
 * on SQLite and PostgreSQL: RC-3 (a consent names every §2.31(a) element, is signed by the
 * patient, and its revocation is recorded) and RC-4 (a disclosure needs an administrator or
 * supervisor and a valid consent naming the recipient, and is entered in the accounting). */
#include "ops_fixture.h"

#include "consents_store.h"
#include "ops_consents.h"
#include "recoverees.h"

/* The first active recoveree in the actor's reach; its name in *name. */
static int64_t some_recoveree(struct ofx *f, struct op_ctx *c, const char **name)
{
    struct rc_scope sc;
    rc_scope_for(&sc, c->who.role, c->who.user_id, c->today, c->now);
    sc.user = 0;
    struct recoveree *rows;
    int n;
    int64_t total;
    assert_int_equal(rc_page(f->d, f->a, f->org, &sc, "active", NULL, 10, 0, &rows, &n, &total), 0);
    assert_true(n > 0);
    *name = arena_printf(f->a, "%s %s", rows[0].first_name, rows[0].last_name);
    return rows[0].id;
}

static const char *in_a_year(struct ofx *f)
{
    char *s = arena_alloc(f->a, 11);
    civil_format(civil_today() + 365, s);
    return s;
}

/* A complete specific consent to Clinic A and Dr. B for care coordination. */
static struct consent_create_in complete(struct ofx *f, int64_t rc)
{
    return (struct consent_create_in){
        .recoveree_id = rc, .kind = "specific", .disclosers = "Alpha program",
        .information = "Recovery plan and attendance", .recipients = "Clinic A\nDr. B",
        .purposes = "care coordination", .revocation_stmt = 1,
        .revocation_how = "In writing to the director", .expires_on = in_a_year(f)};
}

/* A consent recorded and signed by the patient, as the administrator. */
static int64_t signed_consent(struct ofx *f, struct op_ctx *c, int64_t rc, const char *name)
{
    struct op_result res;
    struct consent_create_in in = complete(f, rc);
    assert_int_equal(op_consent_create(c, &in, &res), OP_OK);
    int64_t id = res.id;
    struct consent_sign_in s = {.recoveree_id = rc, .consent_id = id, .signature = name};
    assert_int_equal(op_consent_sign(c, &s, &res), OP_OK);
    return id;
}

static struct disclosure_in to_clinic(int64_t rc, int64_t consent)
{
    return (struct disclosure_in){.recoveree_id = rc, .consent_id = consent,
                                  .recipient = "Clinic A", .recipient_category = "provider",
                                  .purpose = "care coordination",
                                  .what = "Recovery plan and attendance"};
}

static void test_rc3_consent_missing_an_element_is_refused_naming_it(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "admin", &c);
    const char *name;
    struct consent_create_in in = complete(f, some_recoveree(f, &c, &name));
    in.purposes = NULL;
    assert_int_equal(op_consent_create(&c, &in, &res), OP_REFUSED);
    assert_string_equal(res.code, "consent_incomplete");
    assert_non_null(strstr(res.rule, "2.31(a)"));
    assert_string_equal(res.field, "purposes");
}

static void test_rc3_complete_consent_is_recorded_unsigned(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "admin", &c);
    const char *name;
    int64_t rc = some_recoveree(f, &c, &name);
    struct consent_create_in in = complete(f, rc);
    assert_int_equal(op_consent_create(&c, &in, &res), OP_OK);
    struct consent_row x;
    assert_int_equal(consent_get(f->d, f->a, f->org, rc, res.id, &x), 1);
    assert_string_equal(x.c.patient_name, name);
    assert_null(x.c.signature);
}

static void test_rc3_signature_must_be_the_patients_name(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "admin", &c);
    const char *name;
    int64_t rc = some_recoveree(f, &c, &name);
    struct consent_create_in in = complete(f, rc);
    assert_int_equal(op_consent_create(&c, &in, &res), OP_OK);
    int64_t id = res.id;
    struct consent_sign_in s = {.recoveree_id = rc, .consent_id = id, .signature = "Someone Else"};
    assert_int_equal(op_consent_sign(&c, &s, &res), OP_REFUSED);
    struct consent_row x;
    assert_int_equal(consent_get(f->d, f->a, f->org, rc, id, &x), 1);
    assert_null(x.c.signature);
    s.signature = name;
    assert_int_equal(op_consent_sign(&c, &s, &res), OP_OK);
    assert_int_equal(consent_get(f->d, f->a, f->org, rc, id, &x), 1);
    assert_string_equal(x.c.signature, name);
}

static void test_rc3_revocation_is_recorded(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "admin", &c);
    const char *name;
    int64_t rc = some_recoveree(f, &c, &name);
    int64_t id = signed_consent(f, &c, rc, name);
    struct consent_revoke_in v = {.recoveree_id = rc, .consent_id = id,
                                  .method = "written_paper", .document = "Letter of 1 May"};
    assert_int_equal(op_consent_revoke(&c, &v, &res), OP_OK);
    struct consent_row x;
    assert_int_equal(consent_get(f->d, f->a, f->org, rc, id, &x), 1);
    assert_true(x.c.revoked_at != 0);
    assert_string_equal(x.revocation_method, "written_paper");
    assert_int_equal(op_consent_revoke(&c, &v, &res), OP_CONFLICT);
}

static void test_rc4_disclosure_under_a_valid_consent_is_in_the_accounting(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "supervisor", &c);
    struct op_ctx a;
    ofx_ctx(f, "admin", &a);
    const char *name;
    int64_t rc = some_recoveree(f, &c, &name);
    int64_t id = signed_consent(f, &a, rc, name);
    struct disclosure_in d = to_clinic(rc, id);
    assert_int_equal(op_disclose(&c, &d, &res), OP_OK);
    int64_t did = res.id;
    char today[11];
    civil_format(civil_today(), today);
    struct disclosure_row *rows;
    int n, found = 0;
    assert_int_equal(disclosures_window(f->d, f->a, f->org, rc, today, today, &rows, &n), 0);
    for (int i = 0; i < n; i++)
        if (rows[i].id == did) {
            found = 1;
            assert_string_equal(rows[i].recipient, "Clinic A");
            assert_int_equal(rows[i].consent_id, id);
        }
    assert_true(found);
}

static void test_rc4_disclosure_to_a_recipient_the_consent_does_not_name_is_refused(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "admin", &c);
    const char *name;
    int64_t rc = some_recoveree(f, &c, &name);
    int64_t id = signed_consent(f, &c, rc, name);
    struct disclosure_in d = to_clinic(rc, id);
    d.recipient = "Clinic Z";
    assert_int_equal(op_disclose(&c, &d, &res), OP_REFUSED);
    assert_string_equal(res.code, "not_covered");
}

static void test_rc4_disclosure_under_a_revoked_consent_is_refused(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "admin", &c);
    const char *name;
    int64_t rc = some_recoveree(f, &c, &name);
    int64_t id = signed_consent(f, &c, rc, name);
    struct consent_revoke_in v = {.recoveree_id = rc, .consent_id = id,
                                  .method = "written_paper", .document = "Letter"};
    assert_int_equal(op_consent_revoke(&c, &v, &res), OP_OK);
    struct disclosure_in d = to_clinic(rc, id);
    assert_int_equal(op_disclose(&c, &d, &res), OP_REFUSED);
}

static void test_rc4_a_peer_cannot_disclose(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx a, p;
    struct op_result res;
    ofx_ctx(f, "admin", &a);
    ofx_ctx(f, "peer", &p);
    const char *name;
    int64_t rc = some_recoveree(f, &p, &name); /* on the peer's caseload */
    int64_t id = signed_consent(f, &a, rc, name);
    struct disclosure_in d = to_clinic(rc, id);
    assert_int_equal(op_disclose(&p, &d, &res), OP_FORBIDDEN);
    struct disclosure_row *rows;
    int n;
    char today[11];
    civil_format(civil_today(), today);
    assert_int_equal(disclosures_window(f->d, f->a, f->org, rc, today, today, &rows, &n), 0);
    for (int i = 0; i < n; i++)
        assert_int_not_equal(rows[i].consent_id, id);
}

int main(void)
{
    ofx_name = "opsconsents";
    const struct CMUnitTest tests[] = {
        OFX_TEST(test_rc3_consent_missing_an_element_is_refused_naming_it),
        OFX_TEST(test_rc3_complete_consent_is_recorded_unsigned),
        OFX_TEST(test_rc3_signature_must_be_the_patients_name),
        OFX_TEST(test_rc3_revocation_is_recorded),
        OFX_TEST(test_rc4_disclosure_under_a_valid_consent_is_in_the_accounting),
        OFX_TEST(test_rc4_disclosure_to_a_recipient_the_consent_does_not_name_is_refused),
        OFX_TEST(test_rc4_disclosure_under_a_revoked_consent_is_refused),
        OFX_TEST(test_rc4_a_peer_cannot_disclose),
    };
    return cmocka_run_group_tests_name("ops: consents", tests, ofx_group_setup,
                                       ofx_group_teardown);
}
