/* test_billing.c - SV-8: units under each rounding rule (the CMS 8-minute rule as default),
 * daily caps across services, every refusal of a service for a code, ICD-10-CM and NPI checks,
 * and the 837P writer's structure. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "billing.h"
#include "msg.h"
#include "x12.h"

static const struct bill_unit_rule cms = {15, BILL_EIGHT_MINUTE, 8};

static void test_sv8_eight_minute_rule_7_minutes_is_no_unit(void **state)
{
    (void)state;
    assert_int_equal(bill_units(&cms, 7), 0);
}

static void test_sv8_eight_minute_rule_8_minutes_is_one_unit(void **state)
{
    (void)state;
    assert_int_equal(bill_units(&cms, 8), 1);
}

static void test_sv8_eight_minute_rule_22_minutes_is_one_unit(void **state)
{
    (void)state;
    assert_int_equal(bill_units(&cms, 22), 1);
}

static void test_sv8_eight_minute_rule_23_minutes_is_two_units(void **state)
{
    (void)state;
    assert_int_equal(bill_units(&cms, 23), 2);
}

static void test_sv8_eight_minute_rule_45_minutes_is_three_units(void **state)
{
    (void)state;
    assert_int_equal(bill_units(&cms, 45), 3);
}

/* The whole CMS table: 1 = 8-22, 2 = 23-37, 3 = 38-52, ..., 6 = 83-97 (reference file §5.2). */
static void test_sv8_eight_minute_rule_follows_the_cms_table(void **state)
{
    (void)state;
    for (int m = 1; m <= 240; m++) {
        int want = m < 8 ? 0 : (m - 8) / 15 + 1;
        if (bill_units(&cms, m) != want)
            fail_msg("%d minutes: %d units, want %d", m, bill_units(&cms, m), want);
    }
}

static void test_sv8_round_down_counts_whole_units_only(void **state)
{
    (void)state;
    struct bill_unit_rule r = {15, BILL_DOWN, 0};
    assert_int_equal(bill_units(&r, 14), 0);
    assert_int_equal(bill_units(&r, 15), 1);
    assert_int_equal(bill_units(&r, 29), 1);
    assert_int_equal(bill_units(&r, 45), 3);
}

static void test_sv8_round_up_counts_any_part_of_a_unit(void **state)
{
    (void)state;
    struct bill_unit_rule r = {15, BILL_UP, 0};
    assert_int_equal(bill_units(&r, 1), 1);
    assert_int_equal(bill_units(&r, 15), 1);
    assert_int_equal(bill_units(&r, 16), 2);
    assert_int_equal(bill_units(&r, 45), 3);
}

static void test_sv8_round_nearest_rounds_half_a_unit_up(void **state)
{
    (void)state;
    struct bill_unit_rule r = {30, BILL_NEAREST, 0};
    assert_int_equal(bill_units(&r, 14), 0);
    assert_int_equal(bill_units(&r, 15), 1); /* half: up (the 8-minute rule would say 0) */
    assert_int_equal(bill_units(&r, 44), 1);
    assert_int_equal(bill_units(&r, 45), 2);
    struct bill_unit_rule e = {30, BILL_EIGHT_MINUTE, 0};
    assert_int_equal(bill_units(&e, 15), 0);
    assert_int_equal(bill_units(&e, 16), 1);
}

static void test_sv8_unit_length_and_minimum_come_from_the_payer(void **state)
{
    (void)state;
    struct bill_unit_rule hour = {60, BILL_EIGHT_MINUTE, 31};
    assert_int_equal(bill_units(&hour, 30), 0);
    assert_int_equal(bill_units(&hour, 31), 1);
    assert_int_equal(bill_units(&hour, 90), 1);
    assert_int_equal(bill_units(&hour, 91), 2);
    struct bill_unit_rule min20 = {15, BILL_UP, 20};
    assert_int_equal(bill_units(&min20, 19), 0);
    assert_int_equal(bill_units(&min20, 20), 2);
    struct bill_unit_rule bad = {0, BILL_DOWN, 0};
    assert_int_equal(bill_units(&bad, 60), 0);
}

static void test_sv8_rounding_names_parse_and_others_are_refused(void **state)
{
    (void)state;
    enum bill_rounding r;
    assert_int_equal(bill_rounding_parse("eight_minute", &r), 0);
    assert_int_equal(r, BILL_EIGHT_MINUTE);
    assert_int_equal(bill_rounding_parse("nearest", &r), 0);
    assert_int_equal(r, BILL_NEAREST);
    assert_string_equal(bill_rounding_name(BILL_UP), "up");
    assert_int_equal(bill_rounding_parse("ceiling", &r), -1);
    assert_int_equal(bill_rounding_parse(NULL, &r), -1);
}

/* ---- eligibility ---------------------------------------------------------------------- */

static struct bill_code h0038 = {1, "individual", 2, NULL, 1197, 0, 1, 1};

static struct bill_line_in line(int64_t sid, int64_t rid, const char *day, int minutes)
{
    return (struct bill_line_in){
        .service_id = sid, .recoveree_id = rid, .service_date = day, .minutes = minutes,
        .modality = "individual", .peer_level = 2, .code = &h0038, .has_profile = 1,
        .member_id = "M123", .diagnosis = "F11.20",
    };
}

static enum bill_reason one(struct bill_line_in in)
{
    struct bill_line_out o;
    bill_evaluate(&cms, 16, &in, 1, &o);
    return o.reason;
}

static void test_sv8_an_eligible_service_is_billed_with_its_units_and_charge(void **state)
{
    (void)state;
    struct bill_line_in in = line(1, 1, "2026-12-01", 45);
    struct bill_line_out o;
    bill_evaluate(&cms, 16, &in, 1, &o);
    assert_int_equal(o.reason, BILL_OK);
    assert_int_equal(o.units, 3);
    assert_int_equal(o.charge_cents, 3 * 1197);
}

static void test_sv8_refused_voided(void **state)
{
    (void)state;
    struct bill_line_in in = line(1, 1, "2026-12-01", 45);
    in.is_void = 1;
    assert_int_equal(one(in), BILL_VOID);
}

static void test_sv8_refused_already_billed_in_an_earlier_batch(void **state)
{
    (void)state;
    struct bill_line_in in = line(1, 1, "2026-12-01", 45);
    in.already_billed = 1;
    in.billed_units = 3;
    assert_int_equal(one(in), BILL_ALREADY_BILLED);
}

static void test_sv8_refused_without_a_code_of_the_payer(void **state)
{
    (void)state;
    struct bill_line_in in = line(1, 1, "2026-12-01", 45);
    in.code = NULL;
    assert_int_equal(one(in), BILL_NO_CODE);
}

static void test_sv8_refused_when_the_code_is_disabled(void **state)
{
    (void)state;
    struct bill_code off = h0038;
    off.active = 0;
    struct bill_line_in in = line(1, 1, "2026-12-01", 45);
    in.code = &off;
    assert_int_equal(one(in), BILL_CODE_INACTIVE);
}

static void test_sv8_refused_when_the_code_does_not_cover_the_format(void **state)
{
    (void)state;
    struct bill_line_in in = line(1, 1, "2026-12-01", 45);
    in.modality = "group";
    assert_int_equal(one(in), BILL_MODALITY);
    struct bill_code any = h0038;
    any.modality = NULL; /* a code for every format */
    in.code = &any;
    assert_int_equal(one(in), BILL_OK);
}

static void test_sv8_wf1_refused_for_a_peer_level_below_the_codes(void **state)
{
    (void)state;
    struct bill_line_in in = line(1, 1, "2026-12-01", 45);
    in.peer_level = 1;
    assert_int_equal(one(in), BILL_LEVEL);
    in.peer_level = 2;
    assert_int_equal(one(in), BILL_OK);
}

static void test_sv8_refused_without_the_required_credential(void **state)
{
    (void)state;
    struct bill_code cred = h0038;
    cred.credential = "IC&RC";
    struct bill_line_in in = line(1, 1, "2026-12-01", 45);
    in.code = &cred;
    assert_int_equal(one(in), BILL_CREDENTIAL);
    in.peer_credential = "NAADAC";
    assert_int_equal(one(in), BILL_CREDENTIAL);
    in.peer_credential = "IC&RC";
    assert_int_equal(one(in), BILL_OK);
}

static void test_sv8_refused_without_a_billing_profile(void **state)
{
    (void)state;
    struct bill_line_in in = line(1, 1, "2026-12-01", 45);
    in.has_profile = 0;
    assert_int_equal(one(in), BILL_NO_PROFILE);
}

static void test_sv8_refused_without_a_member_id(void **state)
{
    (void)state;
    struct bill_line_in in = line(1, 1, "2026-12-01", 45);
    in.member_id = "";
    assert_int_equal(one(in), BILL_NO_MEMBER_ID);
}

static void test_sv8_refused_without_a_diagnosis_when_the_code_requires_one(void **state)
{
    (void)state;
    struct bill_line_in in = line(1, 1, "2026-12-01", 45);
    in.diagnosis = NULL;
    assert_int_equal(one(in), BILL_NO_DIAGNOSIS);
    struct bill_code nodx = h0038;
    nodx.requires_diagnosis = 0;
    in.code = &nodx;
    assert_int_equal(one(in), BILL_OK);
}

static void test_sv8_refused_when_too_short_for_a_unit(void **state)
{
    (void)state;
    assert_int_equal(one(line(1, 1, "2026-12-01", 7)), BILL_TOO_SHORT);
    assert_int_equal(one(line(1, 1, "2026-12-01", 8)), BILL_OK);
}

/* ---- caps ------------------------------------------------------------------------------ */

/* 16 units a day across several services: 45 + 60 + 90 + 45 minutes = 3 + 4 + 6 + 3 = 16; a
 * fifth service that day is refused, cap reached; the next day starts again. */
static void test_sv8_daily_cap_of_16_units_across_services_in_one_day(void **state)
{
    (void)state;
    struct bill_line_in in[7] = {
        line(1, 7, "2026-12-01", 45), line(2, 7, "2026-12-01", 60), line(3, 7, "2026-12-01", 90),
        line(4, 7, "2026-12-01", 60), line(5, 7, "2026-12-01", 30), line(6, 8, "2026-12-01", 45),
        line(7, 7, "2026-12-02", 45),
    };
    struct bill_line_out o[7];
    bill_evaluate(&cms, 16, in, 7, o);
    assert_int_equal(o[0].units, 3);
    assert_int_equal(o[1].units, 4);
    assert_int_equal(o[2].units, 6);
    /* 13 used: the fourth service's 4 units are cut to 3, and the cut is explained */
    assert_int_equal(o[3].reason, BILL_CUT);
    assert_int_equal(o[3].units_rounded, 4);
    assert_int_equal(o[3].units, 3);
    assert_int_equal(o[3].cap, 16);
    assert_int_equal(o[3].charge_cents, 3 * 1197);
    assert_int_equal(o[4].reason, BILL_CAP_REACHED);
    assert_int_equal(o[4].units, 0);
    assert_int_equal(o[4].charge_cents, 0);
    /* another recoveree that day, and the same recoveree the next day: their own caps */
    assert_int_equal(o[5].reason, BILL_OK);
    assert_int_equal(o[5].units, 3);
    assert_int_equal(o[6].reason, BILL_OK);
    assert_int_equal(o[6].units, 3);
}

/* Units an earlier batch billed that day count toward the cap. */
static void test_sv8_daily_cap_counts_units_billed_in_an_earlier_batch(void **state)
{
    (void)state;
    struct bill_line_in in[2] = {line(1, 7, "2026-12-01", 240), line(2, 7, "2026-12-01", 60)};
    in[0].already_billed = 1;
    in[0].billed_units = 14;
    struct bill_line_out o[2];
    bill_evaluate(&cms, 16, in, 2, o);
    assert_int_equal(o[0].reason, BILL_ALREADY_BILLED);
    assert_int_equal(o[1].reason, BILL_CUT);
    assert_int_equal(o[1].units, 2);
}

/* A code's own cap is kept besides the payer's: group 4 units a day, individual the rest. */
static void test_sv8_a_codes_own_cap_applies_within_the_payers(void **state)
{
    (void)state;
    struct bill_code group = {2, "group", 2, NULL, 288, 4, 1, 1};
    struct bill_line_in in[3] = {line(1, 7, "2026-12-01", 90), line(2, 7, "2026-12-01", 30),
                                 line(3, 7, "2026-12-01", 60)};
    in[0].code = &group;
    in[0].modality = "group";
    in[1].code = &group;
    in[1].modality = "group";
    struct bill_line_out o[3];
    bill_evaluate(&cms, 16, in, 3, o);
    assert_int_equal(o[0].reason, BILL_CUT); /* 6 units, the code's cap is 4 */
    assert_int_equal(o[0].units, 4);
    assert_int_equal(o[0].cap, 4);
    assert_int_equal(o[1].reason, BILL_CAP_REACHED);
    assert_int_equal(o[1].cap, 4);
    assert_int_equal(o[2].reason, BILL_OK); /* the individual code has room under the payer's 16 */
    assert_int_equal(o[2].units, 4);
}

static void test_sv8_no_payer_cap_bills_every_unit(void **state)
{
    (void)state;
    struct bill_line_in in[2] = {line(1, 7, "2026-12-01", 240), line(2, 7, "2026-12-01", 240)};
    struct bill_line_out o[2];
    bill_evaluate(&cms, 0, in, 2, o);
    assert_int_equal(o[0].units + o[1].units, 32);
}

/* Every reason has a sentence in every catalog language. */
static void test_sv8_every_reason_has_a_sentence_in_english_and_spanish(void **state)
{
    (void)state;
    for (int r = 0; r < BILL_REASON__COUNT; r++) {
        char id[64];
        snprintf(id, sizeof id, "billing.reason.%s", bill_reason_code((enum bill_reason)r));
        assert_non_null(msg_find("en", id));
        assert_non_null(msg_find("es", id));
        assert_string_not_equal(msg("en", id), msg("es", id));
    }
    assert_true(bill_reason_billed(BILL_OK) && bill_reason_billed(BILL_CUT));
    assert_false(bill_reason_billed(BILL_CAP_REACHED) || bill_reason_billed(BILL_NO_DIAGNOSIS));
}

/* ---- billing profile and provider checks ------------------------------------------------ */

static void test_sv8_icd10_cm_shape(void **state)
{
    (void)state;
    assert_true(bill_icd10_ok("F11.20"));
    assert_true(bill_icd10_ok("F1120"));
    assert_true(bill_icd10_ok("F10"));
    assert_true(bill_icd10_ok("Z76.89"));
    assert_false(bill_icd10_ok("f11.20"));
    assert_false(bill_icd10_ok("11.20"));
    assert_false(bill_icd10_ok("F1"));
    assert_false(bill_icd10_ok("F11."));
    assert_false(bill_icd10_ok("F11.20001"));
    assert_false(bill_icd10_ok("F11-20"));
    assert_false(bill_icd10_ok(NULL));
}

static void test_sv8_npi_check_digit_is_luhn_with_prefix_80840(void **state)
{
    (void)state;
    assert_true(bill_npi_ok("1234567893"));
    assert_false(bill_npi_ok("1234567890"));
    assert_false(bill_npi_ok("123456789"));
    assert_false(bill_npi_ok("12345678931"));
    assert_false(bill_npi_ok("12345678a3"));
    assert_false(bill_npi_ok(NULL));
}

/* ---- the 837P writer ---------------------------------------------------------------------- */

static const char *find_seg(const char *s, const char *tag)
{
    char want[16];
    snprintf(want, sizeof want, "\n%s*", tag);
    const char *p = strstr(s, want);
    return p ? p + 1 : NULL;
}

static int count_segs(const char *from, const char *to)
{
    int n = 0;
    for (const char *p = from; p && p < to; p++)
        n += *p == '~';
    return n;
}

static void test_sv8_837p_envelope_counts_and_claim_totals(void **state)
{
    (void)state;
    struct x12_line lines[2] = {{"H0038", NULL, 3591, 3, "2026-12-01"},
                                {"H0038", "HQ", 576, 2, "2026-12-02"}};
    struct x12_subscriber sub = {"Rivera", "Ana", "M123", "1990-04-02", "F",
                                 {"1 Main St", "Trenton", "NJ", "08608"}, "F11.20", "B7R1",
                                 lines, 2};
    struct x12_batch b = {.control_number = 7, .date = "2026-12-05", .time = "1030",
                          .submitter_id = "SUB1", .provider_name = "Hope*Peers~", .npi = "1234567893",
                          .tax_id = "12-3456789", .payer_name = "NJ Medicaid", .payer_id = "NJMCD",
                          .filing_code = "MC", .subs = &sub, .nsubs = 1};
    buf out;
    buf_init(&out);
    int segs = x12_837p_write(&out, &b);
    assert_true(segs > 10);
    const char *s = out.data;
    assert_memory_equal(s, "ISA*00*          *00*          *ZZ*SUB1           *ZZ*NJMCD          *", 70);
    assert_non_null(strstr(s, "*000000007*0*T*:~\n"));
    assert_non_null(strstr(s, "GS*HC*SUB1*NJMCD*20261205*1030*7*X*005010X222A1~"));
    const char *st = find_seg(s, "ST"), *se = find_seg(s, "SE");
    assert_non_null(st);
    assert_non_null(se);
    assert_int_equal(count_segs(st, se) + 1, segs);
    char want[32];
    snprintf(want, sizeof want, "SE*%d*0001~", segs);
    assert_non_null(strstr(s, want));
    assert_non_null(strstr(s, "GE*1*7~"));
    assert_non_null(strstr(s, "IEA*1*000000007~"));
    /* separators inside a value never reach the file */
    assert_non_null(strstr(s, "NM1*85*2*HopePeers*****XX*1234567893~"));
    assert_non_null(strstr(s, "HL*1**20*1~"));
    assert_non_null(strstr(s, "HL*2*1*22*0~"));
    assert_non_null(strstr(s, "CLM*B7R1*41.67***11:B:1*Y*A*Y*Y~"));
    assert_non_null(strstr(s, "HI*ABK:F1120~"));
    assert_non_null(strstr(s, "SV1*HC:H0038*35.91*UN*3***1~"));
    assert_non_null(strstr(s, "SV1*HC:H0038:HQ*5.76*UN*2***1~"));
    assert_non_null(strstr(s, "DTP*472*D8*20261202~"));
    assert_non_null(strstr(s, "REF*EI*123456789~"));
    buf_free(&out);
}

static void test_sv8_837p_splits_claims_at_50_lines_each_with_its_own_total(void **state)
{
    (void)state;
    struct x12_line lines[51];
    for (int i = 0; i < 51; i++)
        lines[i] = (struct x12_line){"H0038", NULL, 1197, 1, "2026-12-01"};
    struct x12_subscriber sub = {"Doe", "J", "M9", NULL, NULL, {0}, "F11.20", "B1R2", lines, 51};
    struct x12_batch b = {.control_number = 1, .date = "2026-12-05", .time = "0900",
                          .submitter_id = "S", .provider_name = "P", .npi = "1234567893",
                          .payer_name = "X", .payer_id = "Y", .subs = &sub, .nsubs = 1};
    assert_int_equal(x12_claim_count(&b), 2);
    buf out;
    buf_init(&out);
    assert_true(x12_837p_write(&out, &b) > 0);
    assert_non_null(strstr(out.data, "CLM*B1R2*598.5***"));
    assert_non_null(strstr(out.data, "CLM*B1R2-2*11.97***"));
    buf_free(&out);
}

static void test_sv8_837p_refuses_a_batch_without_npi_or_member_id(void **state)
{
    (void)state;
    struct x12_line l = {"H0038", NULL, 1197, 1, "2026-12-01"};
    struct x12_subscriber sub = {"Doe", "J", NULL, NULL, NULL, {0}, NULL, "C", &l, 1};
    struct x12_batch b = {.control_number = 1, .submitter_id = "S", .provider_name = "P",
                          .npi = "1234567893", .payer_name = "X", .payer_id = "Y", .subs = &sub,
                          .nsubs = 1};
    buf out;
    buf_init(&out);
    assert_int_equal(x12_837p_write(&out, &b), -1);
    sub.member_id = "M1";
    b.npi = NULL;
    assert_int_equal(x12_837p_write(&out, &b), -1);
    assert_int_equal((int)out.len, 0);
    buf_free(&out);
}

static void test_sv8_x12_amounts_drop_trailing_zeros(void **state)
{
    (void)state;
    char a[24];
    x12_amount(1197, a);
    assert_string_equal(a, "11.97");
    x12_amount(1200, a);
    assert_string_equal(a, "12");
    x12_amount(250, a);
    assert_string_equal(a, "2.5");
    x12_amount(5, a);
    assert_string_equal(a, "0.05");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sv8_eight_minute_rule_7_minutes_is_no_unit),
        cmocka_unit_test(test_sv8_eight_minute_rule_8_minutes_is_one_unit),
        cmocka_unit_test(test_sv8_eight_minute_rule_22_minutes_is_one_unit),
        cmocka_unit_test(test_sv8_eight_minute_rule_23_minutes_is_two_units),
        cmocka_unit_test(test_sv8_eight_minute_rule_45_minutes_is_three_units),
        cmocka_unit_test(test_sv8_eight_minute_rule_follows_the_cms_table),
        cmocka_unit_test(test_sv8_round_down_counts_whole_units_only),
        cmocka_unit_test(test_sv8_round_up_counts_any_part_of_a_unit),
        cmocka_unit_test(test_sv8_round_nearest_rounds_half_a_unit_up),
        cmocka_unit_test(test_sv8_unit_length_and_minimum_come_from_the_payer),
        cmocka_unit_test(test_sv8_rounding_names_parse_and_others_are_refused),
        cmocka_unit_test(test_sv8_an_eligible_service_is_billed_with_its_units_and_charge),
        cmocka_unit_test(test_sv8_refused_voided),
        cmocka_unit_test(test_sv8_refused_already_billed_in_an_earlier_batch),
        cmocka_unit_test(test_sv8_refused_without_a_code_of_the_payer),
        cmocka_unit_test(test_sv8_refused_when_the_code_is_disabled),
        cmocka_unit_test(test_sv8_refused_when_the_code_does_not_cover_the_format),
        cmocka_unit_test(test_sv8_wf1_refused_for_a_peer_level_below_the_codes),
        cmocka_unit_test(test_sv8_refused_without_the_required_credential),
        cmocka_unit_test(test_sv8_refused_without_a_billing_profile),
        cmocka_unit_test(test_sv8_refused_without_a_member_id),
        cmocka_unit_test(test_sv8_refused_without_a_diagnosis_when_the_code_requires_one),
        cmocka_unit_test(test_sv8_refused_when_too_short_for_a_unit),
        cmocka_unit_test(test_sv8_daily_cap_of_16_units_across_services_in_one_day),
        cmocka_unit_test(test_sv8_daily_cap_counts_units_billed_in_an_earlier_batch),
        cmocka_unit_test(test_sv8_a_codes_own_cap_applies_within_the_payers),
        cmocka_unit_test(test_sv8_no_payer_cap_bills_every_unit),
        cmocka_unit_test(test_sv8_every_reason_has_a_sentence_in_english_and_spanish),
        cmocka_unit_test(test_sv8_icd10_cm_shape),
        cmocka_unit_test(test_sv8_npi_check_digit_is_luhn_with_prefix_80840),
        cmocka_unit_test(test_sv8_837p_envelope_counts_and_claim_totals),
        cmocka_unit_test(test_sv8_837p_splits_claims_at_50_lines_each_with_its_own_total),
        cmocka_unit_test(test_sv8_837p_refuses_a_batch_without_npi_or_member_id),
        cmocka_unit_test(test_sv8_x12_amounts_drop_trailing_zeros),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
