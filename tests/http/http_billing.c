/* http_billing.c - SV-8 over real HTTP on both engines: payers as configuration (409 on a stale
 * version), codes, the billing provider's NPI, a recoveree's billing profile, the claims preview
 * with every refusal and its reason, a batch made from services inserted here (units after
 * rounding and the 16-unit daily cap, never billed twice), its CSV and 837P, who may do what,
 * and another organization's payer and batch answering 404.
 *
 * With PEERDESK_X12_OUT set, the 837P the server wrote is saved there for tests/x12/run.sh. */
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
static th_sess *admin, *sup, *peer, *beta;
static int64_t payer_id, code_ind, code_grp, peer2_id, peer1_id;

#define POST(s, want, body, ...)                                                                 \
    do {                                                                                       \
        char p_[200];                                                                          \
        snprintf(p_, sizeof p_, __VA_ARGS__);                                                   \
        th_post((s), (body), "%s", p_);                                                         \
        TH_ASSERT_STATUS((s), (want));                                                          \
    } while (0)

#define GET(s, want, ...)                                                                        \
    do {                                                                                       \
        th_get((s), __VA_ARGS__);                                                               \
        TH_ASSERT_STATUS((s), (want));                                                          \
    } while (0)

static th_sess *signed_in(const char *org, const char *username)
{
    th_sess *s = th_sess_new(env);
    if (!s || th_login(s, org, username, TH_PASSWORD) != 200)
        return NULL;
    return s;
}

/* A recoveree inserted with plain SQL (this suite tests billing, not intake). */
static void add_recoveree(int64_t id, int org, const char *first)
{
    int64_t by = env->org[org].user_id[ROLE_ADMIN];
    assert_int_equal(th_sql(env,
                            "INSERT INTO recoverees (id, org_id, first_name, last_name, dob, "
                            "intake_date, status_date, created_by, created_at, updated_at) VALUES "
                            "(%lld, %lld, '%s', 'Billing', '1988-03-04', '2026-01-02', '2026-01-02', "
                            "%lld, 1, 1)",
                            (long long)id, (long long)env->org[org].id, first, (long long)by),
                     0);
}

/* A final service of the payer for recoverees rid (and rid2 when > 0), as the service log
 * would store it. */
static void add_service(int64_t id, int64_t peer_id, int level, const char *date, int minutes,
                        const char *modality, int64_t code, int64_t rid, int64_t rid2)
{
    int64_t org = env->org[TH_ALPHA].id;
    assert_int_equal(th_sql(env,
                            "INSERT INTO services (id, org_id, peer_id, peer_level, status, "
                            "started_at, service_date, minutes, modality, intensity, setting, "
                            "activity, payer_id, code_id, created_by, created_at, updated_by, "
                            "updated_at) VALUES (%lld, %lld, %lld, %d, 'final', %lld, '%s', %d, "
                            "'%s', 'moderate', 'community', 'ally', %lld, %lld, %lld, 1, %lld, 1)",
                            (long long)id, (long long)org, (long long)peer_id, level,
                            (long long)(1000 + id), date, minutes, modality, (long long)payer_id,
                            (long long)code, (long long)peer_id, (long long)peer_id),
                     0);
    assert_int_equal(th_sql(env,
                            "INSERT INTO service_recoverees (service_id, org_id, recoveree_id) "
                            "VALUES (%lld, %lld, %lld)",
                            (long long)id, (long long)org, (long long)rid),
                     0);
    if (rid2 > 0)
        assert_int_equal(th_sql(env,
                                "INSERT INTO service_recoverees (service_id, org_id, recoveree_id) "
                                "VALUES (%lld, %lld, %lld)",
                                (long long)id, (long long)org, (long long)rid2),
                         0);
}

static int setup(void **state)
{
    (void)state;
    env = th_env_start();
    if (!env)
        return -1;
    admin = signed_in("alpha", "admin");
    sup = signed_in("alpha", "supervisor");
    peer = signed_in("alpha", "peer");
    beta = signed_in("beta", "admin");
    peer1_id = th_add_user(env, TH_ALPHA, "volunteer1", ROLE_PEER);
    peer2_id = env->org[TH_ALPHA].user_id[ROLE_PEER];
    return admin && sup && peer && beta && peer1_id > 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    th_sess_free(admin);
    th_sess_free(sup);
    th_sess_free(peer);
    th_sess_free(beta);
    return th_env_stop(env);
}

/* Payers are configuration: created with the organization's policy defaults, edited with their
 * version (a stale one is 409), codes added with modifiers and a rate. */
static void test_sv8_payer_config_codes_and_a_stale_version_is_409(void **st)
{
    (void)st;
    POST(admin, 201, json_pack("{s:s,s:s,s:s}", "name", "NJ Medicaid", "funding_source", "medicaid",
                               "payer_ident", "NJMCD"),
         "/api/v1/billing/payers");
    payer_id = th_jint(admin, "id");
    assert_true(payer_id > 0);
    assert_int_equal(th_jint(admin, "version"), 1);
    assert_int_equal(th_jint(admin, "unit_minutes"), 15);
    assert_int_equal(th_jint(admin, "daily_cap_units"), 16);
    assert_string_equal(th_jstr(admin, "rounding"), "eight_minute");
    POST(admin, 200, json_pack("{s:s,s:i}", "name", "New Jersey Medicaid", "version", 1),
         "/api/v1/billing/payers/%lld", (long long)payer_id);
    assert_int_equal(th_jint(admin, "version"), 2);
    POST(admin, 409, json_pack("{s:s,s:i}", "name", "Stale edit", "version", 1),
         "/api/v1/billing/payers/%lld", (long long)payer_id);
    assert_string_equal(th_jstr(admin, "error.code"), "stale");
    POST(admin, 400, json_pack("{s:s,s:s,s:i}", "name", "X", "rounding", "ceiling", "version", 2),
         "/api/v1/billing/payers/%lld", (long long)payer_id);
    assert_string_equal(th_jstr(admin, "error.field"), "rounding");

    POST(admin, 201, json_pack("{s:s,s:s,s:s,s:s,s:i}", "code", "h0038", "modifiers", "hf",
                               "modality", "individual", "rate", "11.97", "min_level", 2),
         "/api/v1/billing/payers/%lld/codes", (long long)payer_id);
    code_ind = th_jint(admin, "id");
    POST(admin, 201, json_pack("{s:s,s:s,s:s,s:s,s:i}", "code", "H0038", "modifiers", "HF HQ",
                               "modality", "group", "rate", "2.88", "min_level", 2),
         "/api/v1/billing/payers/%lld/codes", (long long)payer_id);
    code_grp = th_jint(admin, "id");
    POST(admin, 400, json_pack("{s:s}", "code", "X1"), "/api/v1/billing/payers/%lld/codes",
         (long long)payer_id);
    assert_string_equal(th_jstr(admin, "error.field"), "code");
    POST(admin, 400, json_pack("{s:s,s:s}", "code", "H0038", "rate", "eleven"),
         "/api/v1/billing/payers/%lld/codes", (long long)payer_id);
    assert_string_equal(th_jstr(admin, "error.field"), "rate");
    GET(admin, 200, "/api/v1/billing/payers/%lld", (long long)payer_id);
    assert_string_equal(th_jstr(admin, "codes.0.code"), "H0038");
    assert_int_equal(th_jint(admin, "codes.0.rate_cents"), 1197);
    assert_string_equal(th_jstr(admin, "codes.1.modifiers"), "HF HQ"); /* normalized */

    /* supervisors read, only administrators change; peers see none of it */
    GET(sup, 200, "/api/v1/billing");
    POST(sup, 403, json_pack("{s:s,s:s}", "name", "P", "funding_source", "medicaid"),
         "/api/v1/billing/payers");
    GET(peer, 403, "/api/v1/billing");
    /* the page form shows the refusal beside its field */
    th_post_form(admin, "name=&funding_source=medicaid", "/billing/payers");
    TH_ASSERT_STATUS(admin, 400);
    assert_non_null(strstr(th_body(admin), "id=\"name-error\""));
}

static void test_sv8_the_billing_provider_npi_must_pass_its_check_digit(void **st)
{
    (void)st;
    POST(admin, 400, json_pack("{s:s,s:s,s:s}", "name", "Hope Peers", "npi", "1234567890",
                               "submitter_id", "HOPE01"),
         "/api/v1/billing/provider");
    assert_string_equal(th_jstr(admin, "error.field"), "npi");
    POST(admin, 200, json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "name", "Hope Peers", "npi",
                               "1234567893", "submitter_id", "HOPE01", "tax_id", "12-3456789",
                               "address", "20 State St", "city", "Trenton", "state", "NJ"),
         "/api/v1/billing/provider");
    GET(admin, 200, "/api/v1/billing");
    assert_string_equal(th_jstr(admin, "provider.npi"), "1234567893");
}

static void test_sv8_billing_profile_checks_the_diagnosis_shape(void **st)
{
    (void)st;
    add_recoveree(9001, TH_ALPHA, "Ana");
    add_recoveree(9002, TH_ALPHA, "Ben");
    add_recoveree(9003, TH_ALPHA, "Cai");
    POST(admin, 400, json_pack("{s:I,s:s,s:s}", "payer_id", (json_int_t)payer_id, "member_id",
                               "NJ100", "diagnosis_code", "11.20"),
         "/api/v1/recoverees/9001/billing");
    assert_string_equal(th_jstr(admin, "error.field"), "diagnosis_code");
    POST(admin, 200, json_pack("{s:I,s:s,s:s,s:s}", "payer_id", (json_int_t)payer_id, "member_id",
                               "NJ100", "diagnosis_code", "f11.20", "sex", "F"),
         "/api/v1/recoverees/9001/billing");
    /* Ben is covered but has no diagnosis on file; Cai has no profile at all */
    POST(admin, 200, json_pack("{s:I,s:s}", "payer_id", (json_int_t)payer_id, "member_id", "NJ200"),
         "/api/v1/recoverees/9002/billing");
    GET(admin, 200, "/api/v1/recoverees/9001/billing");
    assert_string_equal(th_jstr(admin, "profiles.0.diagnosis_code"), "F11.20");
    POST(sup, 403, json_pack("{s:I,s:s}", "payer_id", (json_int_t)payer_id, "member_id", "X"),
         "/api/v1/recoverees/9001/billing");
}

static const char *reason_of(th_sess *s, int64_t service_id, int64_t rid, int64_t *units)
{
    json_t *lines = json_object_get(th_json(s), "preview");
    lines = json_object_get(lines, "lines");
    size_t i;
    json_t *l;
    json_array_foreach(lines, i, l) {
        if (json_integer_value(json_object_get(l, "service_id")) == service_id &&
            json_integer_value(json_object_get(l, "recoveree_id")) == rid) {
            if (units)
                *units = json_integer_value(json_object_get(l, "units"));
            return json_string_value(json_object_get(l, "reason"));
        }
    }
    return NULL;
}

/* Services of one month: a 45-minute service is 3 units, 7 minutes none, a Level 1 peer's is
 * refused (WF-1), a missing diagnosis or profile says so, a group service bills each member
 * with HQ, and one day's services stop at the 16-unit cap. The batch bills each once. */
static void test_sv8_a_batch_from_services_with_units_caps_and_refusals(void **st)
{
    (void)st;
    add_service(1, peer2_id, 2, "2026-11-02", 45, "individual", code_ind, 9001, 0);
    add_service(2, peer2_id, 2, "2026-11-03", 7, "individual", code_ind, 9001, 0);
    add_service(3, peer1_id, 1, "2026-11-04", 45, "individual", code_ind, 9001, 0);
    add_service(4, peer2_id, 2, "2026-11-05", 30, "individual", code_ind, 9002, 0);
    add_service(5, peer2_id, 2, "2026-11-06", 60, "group", code_grp, 9001, 9003);
    /* 2026-11-10: 90 + 90 + 75 minutes = 6 + 6 + 5 units: with 12 used the third is cut to the
     * 4 left under the 16-unit cap, and a fourth service that day finds the cap reached. */
    add_service(6, peer2_id, 2, "2026-11-10", 90, "individual", code_ind, 9001, 0);
    add_service(7, peer2_id, 2, "2026-11-10", 90, "individual", code_ind, 9001, 0);
    add_service(8, peer2_id, 2, "2026-11-10", 75, "individual", code_ind, 9001, 0);
    add_service(9, peer2_id, 2, "2026-11-10", 30, "individual", code_ind, 9001, 0);
    add_service(10, peer2_id, 2, "2026-11-11", 45, "group", code_ind, 9001, 0);

    GET(sup, 200, "/api/v1/billing/claims?payer_id=%lld&from=2026-11-01&to=2026-11-30",
        (long long)payer_id);
    int64_t u = -1;
    assert_string_equal(reason_of(sup, 1, 9001, &u), "ok");
    assert_int_equal(u, 3);
    assert_string_equal(reason_of(sup, 2, 9001, NULL), "too_short");
    assert_string_equal(reason_of(sup, 3, 9001, NULL), "level");
    assert_string_equal(reason_of(sup, 4, 9002, NULL), "no_diagnosis");
    assert_string_equal(reason_of(sup, 5, 9001, &u), "ok");
    assert_int_equal(u, 4);
    assert_string_equal(reason_of(sup, 5, 9003, NULL), "no_profile");
    assert_string_equal(reason_of(sup, 6, 9001, &u), "ok");
    assert_string_equal(reason_of(sup, 7, 9001, &u), "ok");
    assert_string_equal(reason_of(sup, 8, 9001, &u), "cap_cut");
    assert_int_equal(u, 4);
    assert_string_equal(reason_of(sup, 9, 9001, NULL), "cap_reached");
    assert_string_equal(reason_of(sup, 10, 9001, NULL), "modality");
    /* each reason is a sentence; the level one names WF-1 */
    assert_non_null(strstr(th_body(sup), "(WF-1)"));
    assert_int_equal(th_jint(sup, "preview.billable"), 5);
    /* 3 + 6 + 6 + 4 units at 11.97, 4 units at 2.88 */
    assert_int_equal(th_jint(sup, "preview.total_cents"), 19 * 1197 + 4 * 288);

    POST(sup, 403, json_pack("{s:I,s:s,s:s}", "payer_id", (json_int_t)payer_id, "from",
                             "2026-11-01", "to", "2026-11-30"),
         "/api/v1/billing/batches");
    POST(admin, 201, json_pack("{s:I,s:s,s:s}", "payer_id", (json_int_t)payer_id, "from",
                               "2026-11-01", "to", "2026-11-30"),
         "/api/v1/billing/batches");
    int64_t batch = th_jint(admin, "id");
    assert_true(batch > 0);
    assert_int_equal(th_jint(admin, "claims"), 1);

    GET(admin, 200, "/api/v1/billing/batches/%lld.csv", (long long)batch);
    const char *csv = th_body(admin);
    assert_non_null(strstr(csv, "\"2026-11-02\",\"Billing, Ana\",\"NJ100\",\"F11.20\",\"H0038\",\"HF\",3,"
                            "11.97,35.91,\"alpha peer\",2,yes,"));
    assert_non_null(strstr(csv, "requires level 2 (WF-1)"));
    assert_non_null(strstr(csv, "no diagnosis"));
    assert_non_null(strstr(csv, "4 of 5 units are billed"));

    GET(admin, 200, "/api/v1/billing/batches/%lld.837", (long long)batch);
    const char *x = th_body(admin);
    assert_memory_equal(x, "ISA*00*", 7);
    assert_non_null(strstr(x, "GS*HC*HOPE01*NJMCD*"));
    assert_non_null(strstr(x, "NM1*85*2*Hope Peers*****XX*1234567893~"));
    assert_non_null(strstr(x, "NM1*IL*1*Billing*Ana****MI*NJ100~"));
    assert_non_null(strstr(x, "HI*ABK:F1120~"));
    assert_non_null(strstr(x, "SV1*HC:H0038:HF:HQ*11.52*UN*4***1~"));
    /* CLM total: 19 * 11.97 + 4 * 2.88 = 238.95 */
    assert_non_null(strstr(x, "*238.95***11:B:1*"));
    const char *out = getenv("PEERDESK_X12_OUT");
    if (out && *out) {
        FILE *f = fopen(out, "w");
        assert_non_null(f);
        fputs(x, f);
        fclose(f);
    }

    /* never billed twice: the same period again has nothing left to bill */
    POST(admin, 422, json_pack("{s:I,s:s,s:s}", "payer_id", (json_int_t)payer_id, "from",
                               "2026-11-01", "to", "2026-11-30"),
         "/api/v1/billing/batches");
    assert_string_equal(th_jstr(admin, "error.code"), "nothing_to_bill");
    GET(admin, 200, "/api/v1/billing/claims?payer_id=%lld&from=2026-11-01&to=2026-11-30",
        (long long)payer_id);
    assert_string_equal(reason_of(admin, 1, 9001, NULL), "already_billed");
    /* a service added later that day counts the units billed before toward the cap */
    add_service(11, peer2_id, 2, "2026-11-10", 30, "individual", code_ind, 9001, 0);
    GET(admin, 200, "/api/v1/billing/claims?payer_id=%lld&from=2026-11-10&to=2026-11-10",
        (long long)payer_id);
    assert_string_equal(reason_of(admin, 11, 9001, NULL), "cap_reached");
    /* the downloads are an administrator's */
    GET(sup, 403, "/api/v1/billing/batches/%lld.csv", (long long)batch);
    GET(admin, 200, "/billing");
    assert_non_null(strstr(th_body(admin), "/billing/batches/"));
}

/* Another organization's payer and batch are not there (404), and its list is its own. */
static void test_sv8_another_organizations_payer_and_batch_answer_404(void **st)
{
    (void)st;
    GET(beta, 404, "/api/v1/billing/payers/%lld", (long long)payer_id);
    POST(beta, 404, json_pack("{s:s,s:i}", "name", "Mine now", "version", 2),
         "/api/v1/billing/payers/%lld", (long long)payer_id);
    POST(beta, 404, json_pack("{s:s}", "code", "H0038"), "/api/v1/billing/payers/%lld/codes",
         (long long)payer_id);
    GET(beta, 404, "/api/v1/billing/batches/1.csv");
    GET(beta, 404, "/api/v1/billing/batches/1.837");
    GET(beta, 404, "/api/v1/billing/claims?payer_id=%lld&from=2026-11-01&to=2026-11-30",
        (long long)payer_id);
    GET(beta, 200, "/api/v1/billing");
    assert_int_equal((int)json_array_size(json_object_get(th_json(beta), "payers")), 0);
    assert_int_equal((int)json_array_size(json_object_get(th_json(beta), "batches")), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sv8_payer_config_codes_and_a_stale_version_is_409),
        cmocka_unit_test(test_sv8_the_billing_provider_npi_must_pass_its_check_digit),
        cmocka_unit_test(test_sv8_billing_profile_checks_the_diagnosis_shape),
        cmocka_unit_test(test_sv8_a_batch_from_services_with_units_caps_and_refusals),
        cmocka_unit_test(test_sv8_another_organizations_payer_and_batch_answer_404),
    };
    return cmocka_run_group_tests_name("http_billing", tests, setup, teardown);
}
