/* test_consent.c - SPEC.md RC-3 and RC-4 over 42 CFR Part 2 (reference file, sections 1.2-1.4,
 * 1.9): a valid consent of each kind, each §2.31(a) element missing in turn, every forbidden
 * combination, §2.35 revocability, state boundaries, coverage of a disclosure, the §2.32
 * notices verbatim, the scope paragraph and the names. Each boundary is tested on both sides. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "civil.h"
#include "consent.h"

/* ---- fixtures ------------------------------------------------------------------- */

static int32_t D(const char *s)
{
    int32_t d = civil_parse(s);
    if (d < 0)
        fail_msg("test date '%s' does not parse", s);
    return d;
}

/* Unix time at 12:00 UTC on a date, for revocation moments. */
static int64_t NOON(const char *s)
{
    return ((int64_t)D(s) - D("1970-01-01")) * 86400 + 12 * 3600;
}

static const char TPO_RECIPIENTS[] =
    "my treating providers, health plans, third-party payers, and people helping to operate "
    "this program";

static struct consent tpo(void)
{
    return (struct consent){
        .kind = CK_TPO,
        .patient_name = "Jordan Rivera",
        .disclosers = "Harbor Peer Recovery Center",
        .information = "Recovery plan, attendance and BARC-10 scores",
        .recipients = TPO_RECIPIENTS,
        .covered_entity_recipient = 1,
        .hipaa_redisclosure_stmt = 1,
        .purposes = "for treatment, payment, and health care operations",
        .revocation_stmt = 1,
        .revocation_how = "Give or mail a signed note to the privacy officer at Harbor.",
        .expires_on = -1,
        .expiry_event = "none",
        .signature = "Jordan Rivera",
        .signed_on = D("2025-01-10"),
        .tpo_redisclosure_stmt = 1,
        .tpo_refusal_stmt = 1,
        .revocable_after = -1,
    };
}

static struct consent specific(void)
{
    return (struct consent){
        .kind = CK_SPECIFIC,
        .patient_name = "Jordan Rivera",
        .disclosers = "Harbor Peer Recovery Center",
        .information = "Dates of attendance at recovery groups, March to June 2025",
        .recipients = "Dr. Amy Chen, Riverside Clinic\nCounty Housing Authority",
        .purposes = "housing application\nat the request of the patient",
        .revocation_stmt = 1,
        .revocation_how = "Tell the privacy officer in writing.",
        .expires_on = D("2025-12-31"),
        .signature = "Jordan Rivera",
        .signed_on = D("2025-03-01"),
        .revocable_after = -1,
    };
}

static struct consent counseling(void)
{
    struct consent c = specific();
    c.kind = CK_COUNSELING_NOTES;
    c.information = "SUD counseling notes from individual sessions, January to March 2025";
    c.recipients = "Dr. Amy Chen, Riverside Clinic";
    c.purposes = "coordination with my psychiatrist";
    return c;
}

static struct consent proceedings(void)
{
    struct consent c = specific();
    c.kind = CK_PROCEEDINGS;
    c.recipients = "Family Court of Essex County";
    c.purposes = "custody hearing, docket FM-07-123-25";
    c.expires_on = D("2025-09-30");
    return c;
}

static struct consent criminal_justice(void)
{
    struct consent c = specific();
    c.kind = CK_CRIMINAL_JUSTICE;
    c.recipients = "Essex County Drug Court";
    c.purposes = "monitoring my participation in the drug court program";
    c.expires_on = -1;
    c.expiry_event = "final disposition of case 24-CR-117";
    c.revocable_after = D("2025-07-01");
    return c;
}

typedef struct consent (*fixture_fn)(void);

static void assert_valid(const struct consent *c)
{
    struct consent_problem p = {0};
    int rc = consent_validate(c, &p);
    if (rc != 0)
        fail_msg("expected valid, got %s (%s): %s", p.element, p.field, p.message);
}

/* The consent is refused naming exactly `element` and `field`, in a finished sentence that
 * cites the element. */
static void assert_refused(const struct consent *c, const char *element, const char *field)
{
    struct consent_problem p = {0};
    assert_int_equal(consent_validate(c, &p), -1);
    assert_non_null(p.element);
    assert_non_null(p.field);
    assert_string_equal(p.element, element);
    assert_string_equal(p.field, field);
    size_t n = strlen(p.message);
    assert_true(n > 20);
    assert_int_equal(p.message[n - 1], '.');
    if (element[0] == '\xc2') /* a § citation appears in the sentence */
        assert_non_null(strstr(p.message, element));
}

/* ---- RC-3: a valid consent of each kind --------------------------------------------- */

static void test_rc3_valid_tpo_consent_is_complete(void **state)
{
    (void)state;
    struct consent c = tpo();
    assert_valid(&c);
    assert_int_equal(consent_validate(&c, NULL), 0);
}

static void test_rc3_valid_specific_consent_is_complete(void **state)
{
    (void)state;
    struct consent c = specific();
    assert_valid(&c);
}

static void test_rc3_valid_counseling_notes_consent_is_complete(void **state)
{
    (void)state;
    struct consent c = counseling();
    assert_valid(&c);
}

static void test_rc3_valid_proceedings_consent_is_complete(void **state)
{
    (void)state;
    struct consent c = proceedings();
    assert_valid(&c);
}

static void test_rc3_valid_criminal_justice_consent_is_complete(void **state)
{
    (void)state;
    struct consent c = criminal_justice();
    assert_valid(&c);
}

static void test_rc3_null_consent_and_unknown_kind_are_refused(void **state)
{
    (void)state;
    struct consent_problem p = {0};
    assert_int_equal(consent_validate(NULL, &p), -1);
    assert_string_equal(p.element, "RC-3");
    struct consent c = specific();
    c.kind = CK__COUNT;
    assert_refused(&c, "RC-3", "kind");
    c.kind = (enum consent_kind) - 1;
    assert_refused(&c, "RC-3", "kind");
}

/* ---- RC-3: each element missing in turn ------------------------------------------ */

/* Issue 10: a consent missing three elements names all three in one go, in §2.31(a) order. */
static void test_rc3_consent_missing_three_elements_names_all_three_at_once(void **state)
{
    (void)state;
    struct consent c = specific();
    c.information = "";
    c.purposes = NULL;
    c.revocation_stmt = 0;
    struct consent_problem p[8];
    assert_int_equal(consent_validate_all(&c, p, 8), 3);
    assert_string_equal(p[0].field, "information");
    assert_string_equal(p[0].element, "§2.31(a)(3)");
    assert_string_equal(p[1].field, "purposes");
    assert_string_equal(p[2].field, "revocation_stmt");
    /* The first is consent_validate's; a complete consent has none; max is kept. */
    struct consent_problem one;
    consent_validate(&c, &one);
    assert_string_equal(one.field, p[0].field);
    assert_int_equal(consent_validate_all(&c, p, 2), 2);
    struct consent ok = specific();
    assert_int_equal(consent_validate_all(&ok, p, 8), 0);
}

static void test_rc3_consent_missing_patient_name_is_invalid_naming_element_1(void **state)
{
    (void)state;
    struct consent c = specific();
    c.patient_name = NULL;
    assert_refused(&c, "§2.31(a)(1)", "patient_name");
    c.patient_name = " \t\n";
    assert_refused(&c, "§2.31(a)(1)", "patient_name");
}

static void test_rc3_consent_missing_disclosers_is_invalid_naming_element_2(void **state)
{
    (void)state;
    struct consent c = tpo();
    c.disclosers = "";
    assert_refused(&c, "§2.31(a)(2)", "disclosers");
}

static void test_rc3_consent_missing_information_is_invalid_naming_element_3(void **state)
{
    (void)state;
    struct consent c = specific();
    c.information = NULL;
    assert_refused(&c, "§2.31(a)(3)", "information");
    c.information = "   ";
    assert_refused(&c, "§2.31(a)(3)", "information");
}

static void test_rc3_consent_missing_recipients_is_invalid_naming_element_4_i(void **state)
{
    (void)state;
    struct consent c = specific();
    c.recipients = NULL;
    assert_refused(&c, "§2.31(a)(4)(i)", "recipients");
    c.recipients = "\n  \r\n\t\n";
    assert_refused(&c, "§2.31(a)(4)(i)", "recipients");
}

static void test_rc3_intermediary_without_participants_is_invalid_naming_element_4_ii(void **state)
{
    (void)state;
    struct consent c = specific();
    c.recipients = "Garden State Health Information Exchange";
    c.intermediary = 1;
    assert_refused(&c, "§2.31(a)(4)(ii)", "intermediary_participants");
    c.intermediary_participants = "participants who have a treating provider relationship with me";
    assert_valid(&c);
}

static void test_rc3_covered_entity_tpo_without_hipaa_stmt_names_element_4_iii(void **state)
{
    (void)state;
    struct consent c = tpo();
    c.hipaa_redisclosure_stmt = 0;
    assert_refused(&c, "§2.31(a)(4)(iii)", "hipaa_redisclosure_stmt");
    c.covered_entity_recipient = 0; /* not a covered entity: the statement is not required */
    assert_valid(&c);
}

static void test_rc3_covered_entity_for_payment_on_specific_consent_needs_4_iii(void **state)
{
    (void)state;
    struct consent c = specific();
    c.covered_entity_recipient = 1;
    assert_valid(&c); /* housing application: not TPO, no statement needed */
    c.purposes = "Payment";
    c.tpo_redisclosure_stmt = c.tpo_refusal_stmt = 1;
    assert_refused(&c, "§2.31(a)(4)(iii)", "hipaa_redisclosure_stmt");
    c.hipaa_redisclosure_stmt = 1;
    assert_valid(&c);
}

static void test_rc3_consent_missing_purposes_is_invalid_naming_element_5(void **state)
{
    (void)state;
    struct consent c = specific();
    c.purposes = NULL;
    assert_refused(&c, "§2.31(a)(5)", "purposes");
    c.purposes = "\n \n";
    assert_refused(&c, "§2.31(a)(5)", "purposes");
}

static void test_rc3_sufficient_purpose_phrases_count_as_a_purpose(void **state)
{
    (void)state;
    struct consent c = specific();
    c.purposes = "at the request of the patient";
    assert_valid(&c);
    /* The (5)(ii) phrase, however written, makes the consent one for TPO, needing (10). */
    c.purposes = "For treatment, payment and healthcare operations.";
    assert_refused(&c, "§2.31(a)(10)(i)", "tpo_redisclosure_stmt");
    c.purposes = "for  Treatment,  payment, and health care operations";
    assert_refused(&c, "§2.31(a)(10)(i)", "tpo_redisclosure_stmt");
}

static void test_rc3_fundraising_without_optout_is_invalid_naming_element_5_iii(void **state)
{
    (void)state;
    struct consent c = specific();
    c.fundraising = 1;
    assert_refused(&c, "§2.31(a)(5)(iii)", "fundraising_optout_stmt");
    c.fundraising_optout_stmt = 1;
    assert_valid(&c);
}

static void test_rc3_consent_missing_revocation_stmt_is_invalid_naming_element_6(void **state)
{
    (void)state;
    struct consent c = tpo();
    c.revocation_stmt = 0;
    assert_refused(&c, "§2.31(a)(6)", "revocation_stmt");
}

static void test_rc3_consent_missing_how_to_revoke_is_invalid_naming_element_6(void **state)
{
    (void)state;
    struct consent c = specific();
    c.revocation_how = " ";
    assert_refused(&c, "§2.31(a)(6)", "revocation_how");
}

static void test_rc3_consent_missing_expiry_is_invalid_naming_element_7(void **state)
{
    (void)state;
    struct consent c = specific();
    c.expires_on = -1;
    c.expiry_event = NULL;
    assert_refused(&c, "§2.31(a)(7)", "expires_on");
    c.expiry_event = "when my housing application is decided";
    assert_valid(&c);
}

static void test_rc3_expiry_none_is_valid_only_for_tpo_element_7(void **state)
{
    (void)state;
    struct consent t = tpo();
    t.expiry_event = "None";
    assert_valid(&t);
    t.expiry_event = "end of treatment";
    assert_valid(&t);
    struct consent c = specific();
    c.expires_on = -1;
    c.expiry_event = "none";
    assert_refused(&c, "§2.31(a)(7)", "expiry_event");
    c.expiry_event = "never";
    assert_refused(&c, "§2.31(a)(7)", "expiry_event");
    struct consent j = criminal_justice();
    j.expiry_event = "Does not expire.";
    assert_refused(&j, "§2.31(a)(7)", "expiry_event");
}

static void test_rc3_expiry_before_signing_is_invalid_element_7(void **state)
{
    (void)state;
    struct consent c = specific();
    c.expires_on = c.signed_on - 1;
    assert_refused(&c, "§2.31(a)(7)", "expires_on");
    c.expires_on = c.signed_on; /* a one-day consent */
    assert_valid(&c);
}

static void test_rc3_consent_missing_signature_is_invalid_naming_element_8(void **state)
{
    (void)state;
    struct consent c = specific();
    c.signature = NULL;
    assert_refused(&c, "§2.31(a)(8)", "signature");
}

static void test_rc3_minor_without_authorized_signer_is_invalid_naming_element_8(void **state)
{
    (void)state;
    struct consent c = specific();
    c.needs_authorized_signer = 1;
    assert_refused(&c, "§2.31(a)(8)", "authorized_signer");
    c.authorized_signer = "Maria Rivera (mother)";
    assert_valid(&c);
}

static void test_rc3_consent_missing_signed_date_is_invalid_naming_element_9(void **state)
{
    (void)state;
    struct consent c = specific();
    c.signed_on = -1;
    assert_refused(&c, "§2.31(a)(9)", "signed_on");
}

static void test_rc3_tpo_consent_missing_redisclosure_stmt_names_element_10_i(void **state)
{
    (void)state;
    struct consent c = tpo();
    c.tpo_redisclosure_stmt = 0;
    assert_refused(&c, "§2.31(a)(10)(i)", "tpo_redisclosure_stmt");
}

static void test_rc3_tpo_consent_missing_refusal_stmt_names_element_10_ii(void **state)
{
    (void)state;
    struct consent c = tpo();
    c.tpo_refusal_stmt = 0;
    assert_refused(&c, "§2.31(a)(10)(ii)", "tpo_refusal_stmt");
}

static void test_rc3_specific_consent_for_treatment_needs_element_10(void **state)
{
    (void)state;
    struct consent c = specific();
    assert_valid(&c); /* not for TPO: statements (10) not required */
    c.purposes = "housing application\n  treatment  ";
    assert_refused(&c, "§2.31(a)(10)(i)", "tpo_redisclosure_stmt");
    c.tpo_redisclosure_stmt = 1;
    assert_refused(&c, "§2.31(a)(10)(ii)", "tpo_refusal_stmt");
    c.tpo_refusal_stmt = 1;
    assert_valid(&c);
}

static void test_rc3_first_missing_element_in_order_is_named(void **state)
{
    (void)state;
    struct consent c = specific();
    c.signed_on = -1;
    c.information = NULL;
    assert_refused(&c, "§2.31(a)(3)", "information");
    c = counseling();
    c.combined_with = 1u << CK_TPO;
    c.signature = "";
    assert_refused(&c, "§2.31(a)(8)", "signature");
    c = criminal_justice();
    c.revocable_after = -1;
    c.combined_with = 1u << CK_PROCEEDINGS;
    assert_refused(&c, "§2.31(d)", "combined_with");
}

/* ---- RC-3: combinations ------------------------------------------------------------ */

static const fixture_fn fixtures[CK__COUNT] = {tpo, specific, counseling, proceedings,
                                               criminal_justice};

/* Every pair of kinds on one form: the element refused, or NULL when allowed. */
static void test_rc3_every_combination_of_kinds_is_allowed_or_refused(void **state)
{
    (void)state;
    static const char *const CN = "§2.31(b)(2)", *const PR = "§2.31(d)";
    /* rows: the consent's kind; columns: the other kind on the form */
    static const char *const want[CK__COUNT][CK__COUNT] = {
        /*              tpo   specific counseling proceedings cj */
        /* tpo */ {NULL, NULL, CN, PR, NULL},
        /* specific */ {NULL, NULL, CN, PR, NULL},
        /* counseling */ {CN, CN, NULL, CN, CN},
        /* proceedings */ {PR, PR, CN, NULL, PR},
        /* cj */ {NULL, NULL, CN, PR, NULL},
    };
    for (int k = 0; k < CK__COUNT; k++) {
        for (int o = 0; o < CK__COUNT; o++) {
            struct consent c = fixtures[k]();
            c.combined_with = 1u << o;
            struct consent_problem p = {0};
            int rc = consent_validate(&c, &p);
            if (!want[k][o] && rc != 0)
                fail_msg("%s + %s refused: %s", consent_kind_name(k), consent_kind_name(o),
                         p.message);
            if (want[k][o])
                assert_refused(&c, want[k][o], "combined_with");
        }
    }
}

static void test_rc3_counseling_notes_combined_with_counseling_notes_is_valid(void **state)
{
    (void)state;
    struct consent c = counseling();
    c.combined_with = 1u << CK_COUNSELING_NOTES;
    assert_valid(&c);
    c.combined_with |= 1u << CK_SPECIFIC;
    assert_refused(&c, "§2.31(b)(2)", "combined_with");
}

static void test_rc3_tpo_combined_with_counseling_notes_is_refused(void **state)
{
    (void)state;
    struct consent c = tpo();
    c.combined_with = (1u << CK_SPECIFIC) | (1u << CK_COUNSELING_NOTES);
    assert_refused(&c, "§2.31(b)(2)", "combined_with");
}

static void test_rc3_proceedings_combined_with_anything_else_is_refused(void **state)
{
    (void)state;
    struct consent c = proceedings();
    c.combined_with = 1u << CK_PROCEEDINGS;
    assert_valid(&c);
    c.combined_with = (1u << CK_PROCEEDINGS) | (1u << CK_CRIMINAL_JUSTICE);
    assert_refused(&c, "§2.31(d)", "combined_with");
    struct consent_problem p = {0};
    consent_validate(&c, &p);
    assert_non_null(strstr(p.message, "Criminal-justice"));
}

static void test_rc3_unknown_combined_kind_bit_is_refused(void **state)
{
    (void)state;
    struct consent c = specific();
    c.combined_with = 1u << CK__COUNT;
    assert_refused(&c, "RC-3", "combined_with");
}

/* ---- §2.35 ------------------------------------------------------------------------ */

static void test_rc3_criminal_justice_without_revocable_condition_names_2_35(void **state)
{
    (void)state;
    struct consent c = criminal_justice();
    c.revocable_after = -1;
    assert_refused(&c, "§2.35", "revocable_after");
    c.revocable_after_event = "final disposition of case 24-CR-117";
    assert_valid(&c);
    c.revocable_after_event = NULL;
    c.kind = CK_SPECIFIC; /* only criminal-justice consents need the condition */
    assert_valid(&c);
}

static void test_rc3_criminal_justice_without_period_in_effect_is_refused(void **state)
{
    (void)state;
    struct consent c = criminal_justice();
    c.expiry_event = NULL;
    assert_refused(&c, "§2.31(a)(7)", "expires_on");
    c.expires_on = D("2026-07-01");
    assert_valid(&c);
}

static void test_rc3_may_revoke_criminal_justice_from_revocable_after_day(void **state)
{
    (void)state;
    struct consent c = criminal_justice();
    char msg[240];
    memset(msg, 'x', sizeof msg);
    assert_int_equal(consent_may_revoke(&c, D("2025-06-30"), msg, sizeof msg), 0);
    assert_non_null(strstr(msg, "2025-07-01"));
    assert_non_null(strstr(msg, "§2.35"));
    assert_int_equal(consent_may_revoke(&c, D("2025-07-01"), msg, sizeof msg), 1);
    assert_string_equal(msg, "");
    assert_int_equal(consent_may_revoke(&c, D("2025-07-02"), msg, sizeof msg), 1);
}

static void test_rc3_may_revoke_event_only_allowed_with_note(void **state)
{
    (void)state;
    struct consent c = criminal_justice();
    c.revocable_after = -1;
    c.revocable_after_event = "completion of drug court phase 2";
    char msg[240];
    assert_int_equal(consent_may_revoke(&c, D("2025-03-02"), msg, sizeof msg), 1);
    assert_non_null(strstr(msg, "completion of drug court phase 2"));
    assert_non_null(strstr(msg, "confirms"));
}

static void test_rc3_may_revoke_other_kinds_always(void **state)
{
    (void)state;
    char msg[64];
    for (int k = 0; k < CK__COUNT; k++) {
        if (k == CK_CRIMINAL_JUSTICE)
            continue;
        struct consent c = fixtures[k]();
        c.revocable_after = D("2030-01-01"); /* ignored outside §2.35 */
        strcpy(msg, "junk");
        assert_int_equal(consent_may_revoke(&c, c.signed_on, msg, sizeof msg), 1);
        assert_string_equal(msg, "");
    }
    assert_int_equal(consent_may_revoke(NULL, 0, msg, sizeof msg), 0);
    struct consent j = criminal_justice();
    assert_int_equal(consent_may_revoke(&j, D("2025-01-01"), NULL, 0), 0);
    assert_int_equal(consent_may_revoke(&j, D("2025-01-01"), msg, 1), 0);
    assert_string_equal(msg, "");
}

/* ---- states --------------------------------------------------------------------- */

static void test_rc3_state_expires_today_valid_yesterday_expired(void **state)
{
    (void)state;
    struct consent c = specific();
    int64_t now = NOON("2025-12-31");
    assert_int_equal(consent_state(&c, D("2025-12-31"), now), CS_VALID);
    assert_int_equal(consent_state(&c, D("2026-01-01"), now), CS_EXPIRED);
    struct consent t = tpo(); /* no expiry date: never expires */
    assert_int_equal(consent_state(&t, D("2199-12-31"), now), CS_VALID);
}

static void test_rc3_state_revoked_one_second_before_now_and_not_after(void **state)
{
    (void)state;
    struct consent c = tpo();
    int64_t now = NOON("2025-05-05");
    c.revoked_at = now - 1;
    assert_int_equal(consent_state(&c, D("2025-05-05"), now), CS_REVOKED);
    c.revoked_at = now;
    assert_int_equal(consent_state(&c, D("2025-05-05"), now), CS_REVOKED);
    c.revoked_at = now + 1;
    assert_int_equal(consent_state(&c, D("2025-05-05"), now), CS_VALID);
    c.revoked_at = 0;
    assert_int_equal(consent_state(&c, D("2025-05-05"), now), CS_VALID);
}

static void test_rc3_state_signed_tomorrow_is_not_yet(void **state)
{
    (void)state;
    struct consent c = specific();
    assert_int_equal(consent_state(&c, c.signed_on - 1, NOON("2025-02-28")), CS_NOT_YET);
    assert_int_equal(consent_state(&c, c.signed_on, NOON("2025-03-01")), CS_VALID);
}

static void test_rc3_state_precedence_incomplete_then_revoked_then_expired(void **state)
{
    (void)state;
    struct consent c = specific();
    int64_t now = NOON("2026-02-01");
    c.revoked_at = NOON("2025-06-01");
    assert_int_equal(consent_state(&c, D("2026-02-01"), now), CS_REVOKED);
    c.information = NULL;
    assert_int_equal(consent_state(&c, D("2026-02-01"), now), CS_INCOMPLETE);
    assert_int_equal(consent_state(NULL, D("2026-02-01"), now), CS_INCOMPLETE);
}

/* ---- RC-4: coverage --------------------------------------------------------------- */

#define ON  D("2025-04-15")
#define NOW NOON("2025-04-15")

static void assert_not_covered(const struct consent *c, const char *recipient, const char *cat,
                               const char *purpose, const char *element, const char *field,
                               const char *mentions)
{
    struct consent_problem p = {0};
    assert_int_equal(consent_covers(c, recipient, cat, purpose, ON, NOW, &p), 0);
    assert_non_null(p.element);
    assert_string_equal(p.element, element);
    assert_string_equal(p.field, field);
    if (!strstr(p.message, mentions))
        fail_msg("message \"%s\" does not mention \"%s\"", p.message, mentions);
}

static void test_rc4_covers_exact_recipient_and_purpose(void **state)
{
    (void)state;
    struct consent c = specific();
    struct consent_problem p;
    assert_int_equal(
        consent_covers(&c, "County Housing Authority", NULL, "housing application", ON, NOW, &p),
        1);
}

static void test_rc4_covers_ignoring_case_and_surrounding_space(void **state)
{
    (void)state;
    struct consent c = specific();
    struct consent_problem p;
    assert_int_equal(consent_covers(&c, "  DR. AMY CHEN, riverside clinic \t", "other",
                                    "AT THE REQUEST OF THE PATIENT\n", ON, NOW, &p),
                     1);
}

static void test_rc4_covers_padded_lines_with_crlf_endings(void **state)
{
    (void)state;
    struct consent c = specific();
    c.recipients = "  Dr. Amy Chen, Riverside Clinic \r\n\r\n\tCounty Housing Authority\r\n";
    c.purposes = " housing application\r\n";
    c.revocation_how = "email privacy@harbor.example  ";
    struct consent_problem p;
    assert_int_equal(
        consent_covers(&c, "County Housing Authority", NULL, "housing application", ON, NOW, &p),
        1);
    char out[512];
    consent_scope(&c, out, sizeof out);
    assert_non_null(strstr(out, "to: Dr. Amy Chen, Riverside Clinic; County Housing Authority, "
                                "for: housing application."));
    assert_non_null(strstr(out, "How to revoke: email privacy@harbor.example."));
}

static void test_rc4_uncovered_recipient_is_refused_naming_it(void **state)
{
    (void)state;
    struct consent c = specific();
    assert_not_covered(&c, "Dr. Amy Chen", NULL, "housing application", "RC-4", "recipient",
                       "\"Dr. Amy Chen\"");
    assert_not_covered(&c, "Essex County Drug Court", NULL, "housing application", "RC-4",
                       "recipient", "Essex County Drug Court");
    assert_not_covered(&c, "  ", NULL, "housing application", "RC-4", "recipient",
                       "does not name its recipient");
}

static void test_rc4_uncovered_purpose_is_refused_naming_it(void **state)
{
    (void)state;
    struct consent c = specific();
    assert_not_covered(&c, "County Housing Authority", NULL, "employment screening", "RC-4",
                       "purpose", "\"employment screening\"");
    assert_not_covered(&c, "County Housing Authority", NULL, "housing", "RC-4", "purpose",
                       "\"housing\"");
    assert_not_covered(&c, "County Housing Authority", NULL, NULL, "RC-4", "purpose",
                       "does not give its purpose");
}

static void test_rc4_tpo_consent_covers_program_named_class_recipients(void **state)
{
    (void)state;
    struct consent c = tpo();
    struct consent_problem p;
    assert_int_equal(
        consent_covers(&c, "Dr. Ravi Patel", "treating_provider", "treatment", ON, NOW, &p), 1);
    assert_int_equal(consent_covers(&c, "Horizon Health", "health_plan", "payment", ON, NOW, &p),
                     1);
    assert_int_equal(consent_covers(&c, "Medicaid", "payer", "For payment.", ON, NOW, &p), 1);
    assert_int_equal(consent_covers(&c, "QA committee", "program_operations",
                                    "health care operations", ON, NOW, &p),
                     1);
    assert_int_equal(consent_covers(&c, TPO_RECIPIENTS, NULL,
                                    "for treatment, payment, and health care operations", ON, NOW,
                                    &p),
                     1);
}

static void test_rc4_tpo_class_does_not_cover_other_categories_or_purposes(void **state)
{
    (void)state;
    struct consent c = tpo();
    assert_not_covered(&c, "Acme Staffing", "employer", "treatment", "RC-4", "recipient",
                       "Acme Staffing");
    assert_not_covered(&c, "Dr. Ravi Patel", NULL, "treatment", "RC-4", "recipient",
                       "Dr. Ravi Patel");
    assert_not_covered(&c, "Dr. Ravi Patel", "treating_provider", "marketing", "RC-4", "recipient",
                       "Dr. Ravi Patel");
    c.purposes = "treatment";
    assert_not_covered(&c, "Medicaid", "payer", "payment", "RC-4", "purpose", "\"payment\"");
    struct consent s = specific(); /* class coverage is for the single TPO consent only */
    s.purposes = "treatment";
    s.tpo_redisclosure_stmt = s.tpo_refusal_stmt = 1;
    assert_not_covered(&s, "Dr. Ravi Patel", "treating_provider", "treatment", "RC-4", "recipient",
                       "Dr. Ravi Patel");
}

static void test_rc4_expired_consent_refused_naming_2_31_c(void **state)
{
    (void)state;
    struct consent c = specific();
    c.expires_on = D("2025-04-14");
    assert_not_covered(&c, "County Housing Authority", NULL, "housing application", "§2.31(c)",
                       "expires_on", "expired on 2025-04-14");
    c.expires_on = D("2025-04-15");
    struct consent_problem p;
    assert_int_equal(
        consent_covers(&c, "County Housing Authority", NULL, "housing application", ON, NOW, &p),
        1);
}

static void test_rc4_revoked_consent_refused_naming_2_31_c(void **state)
{
    (void)state;
    struct consent c = specific();
    c.revoked_at = NOON("2025-04-10");
    assert_not_covered(&c, "County Housing Authority", NULL, "housing application", "§2.31(c)",
                       "revoked_at", "revoked this consent in writing on 2025-04-10");
    c.revoked_at = NOW + 60; /* revoked after the disclosure: reliance */
    struct consent_problem p;
    assert_int_equal(
        consent_covers(&c, "County Housing Authority", NULL, "housing application", ON, NOW, &p),
        1);
}

static void test_rc4_deficient_consent_refused_naming_2_31_c_and_the_field(void **state)
{
    (void)state;
    struct consent c = specific();
    c.information = NULL;
    assert_not_covered(&c, "County Housing Authority", NULL, "housing application", "§2.31(c)",
                       "information", "what information may be disclosed (§2.31(a)(3))");
    c = tpo();
    c.hipaa_redisclosure_stmt = 0; /* the longest sentence: the short form is used */
    assert_not_covered(&c, "Medicaid", "payer", "payment", "§2.31(c)", "hipaa_redisclosure_stmt",
                       "§2.31(a)(4)(iii)");
}

static void test_rc4_consent_signed_after_disclosure_date_does_not_cover(void **state)
{
    (void)state;
    struct consent c = specific();
    c.signed_on = D("2025-04-16");
    assert_not_covered(&c, "County Housing Authority", NULL, "housing application", "RC-4",
                       "signed_on", "2025-04-16");
    struct consent_problem p = {0};
    assert_int_equal(consent_covers(NULL, "x", NULL, "y", ON, NOW, &p), 0);
    assert_string_equal(p.element, "RC-4");
}

/* ---- §2.32 notices, scope and names ---------------------------------------------- */

static void test_rc4_notice_statement_1_is_verbatim(void **state)
{
    (void)state;
    const char *want =
        "This record which has been disclosed to you is protected by Federal confidentiality "
        "rules (42 CFR part 2). These rules prohibit you from using or disclosing this record, "
        "or testimony that describes the information contained in this record, in any civil, "
        "criminal, administrative, or legislative proceedings by any Federal, State, or local "
        "authority, against the patient, unless authorized by the consent of the patient, except "
        "as provided at 42 CFR 2.12(c)(5) or as authorized by a court in accordance with 42 CFR "
        "2.64 or 2.65. In addition, the Federal rules prohibit you from making any other use or "
        "disclosure of this record unless at least one of the following applies:\n"
        "(i) Further use or disclosure is expressly permitted by the written consent of the "
        "individual whose information is being disclosed in this record or as otherwise "
        "permitted by 42 CFR part 2.\n"
        "(ii) You are a covered entity or business associate and have received the record for "
        "treatment, payment, or health care operations, or\n"
        "(iii) You have received the record from a covered entity or business associate as "
        "permitted by 45 CFR part 164, subparts A and E.\n"
        "A general authorization for the release of medical or other information is NOT "
        "sufficient to meet the required elements of written consent to further use or "
        "redisclose the record (see 42 CFR 2.31).";
    assert_non_null(consent_notice(1));
    assert_string_equal(consent_notice(1), want);
}

static void test_rc4_notice_statement_2_is_verbatim_and_others_null(void **state)
{
    (void)state;
    assert_string_equal(consent_notice(2),
                        "42 CFR part 2 prohibits unauthorized use or disclosure of these records.");
    assert_null(consent_notice(0));
    assert_null(consent_notice(3));
}

static void test_rc4_scope_names_who_what_whom_why_until_and_how_to_revoke(void **state)
{
    (void)state;
    struct consent c = specific();
    char out[1024];
    consent_scope(&c, out, sizeof out);
    static const char *const parts[] = {
        "Jordan Rivera",
        "Harbor Peer Recovery Center",
        "Dates of attendance at recovery groups",
        "Dr. Amy Chen, Riverside Clinic; County Housing Authority",
        "housing application; at the request of the patient",
        "2025-12-31",
        "Tell the privacy officer in writing.",
    };
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        if (!strstr(out, parts[i]))
            fail_msg("scope \"%s\" lacks \"%s\"", out, parts[i]);
    assert_null(strstr(out, "..")); /* no period added after the one already there */
}

static void test_rc4_scope_of_tpo_says_until_revoked_and_cj_says_when_revocable(void **state)
{
    (void)state;
    char out[1024];
    struct consent t = tpo();
    consent_scope(&t, out, sizeof out);
    assert_non_null(strstr(out, "until it is revoked in writing"));
    assert_null(strstr(out, "\"none\""));
    struct consent j = criminal_justice();
    consent_scope(&j, out, sizeof out);
    assert_non_null(strstr(out, "final disposition of case 24-CR-117"));
    assert_non_null(strstr(out, "cannot be revoked before 2025-07-01"));
}

static void test_rc4_scope_is_safe_for_empty_fields_and_small_buffers(void **state)
{
    (void)state;
    struct consent empty = {.expires_on = -1, .signed_on = -1, .revocable_after = -1};
    char out[512];
    consent_scope(&empty, out, sizeof out);
    assert_non_null(strstr(out, "not stated"));
    consent_scope(NULL, out, sizeof out);
    assert_string_equal(out, "No consent.");

    struct consent c = specific();
    char small[17];
    memset(small, 'z', sizeof small);
    consent_scope(&c, small, 16);
    assert_int_equal(strlen(small), 15);
    assert_int_equal(small[16], 'z'); /* nothing written past outlen */
    consent_scope(&c, small, 1);
    assert_string_equal(small, "");
    consent_scope(&c, NULL, 0);

    c.patient_name = "\xc3\xa9\xc3\xa9\xc3\xa9"; /* "ééé": 6 bytes */
    consent_scope(&c, small, 6);                 /* room for 5 bytes: two whole characters */
    assert_string_equal(small, "\xc3\xa9\xc3\xa9");
}

static void test_rc4_problem_quotes_long_names_clipped_keeping_the_sentence(void **state)
{
    (void)state;
    struct consent c = specific();
    char longname[400];
    memset(longname, 'a', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    struct consent_problem p = {0};
    assert_int_equal(consent_covers(&c, longname, NULL, "housing application", ON, NOW, &p), 0);
    assert_non_null(strstr(p.message, "...\" as a recipient."));

    /* "a" then "é" (2 bytes) repeated: the clip point falls inside a character. */
    longname[0] = 'a';
    for (size_t i = 1; i + 2 < sizeof longname; i += 2)
        memcpy(longname + i, "\xc3\xa9", 2);
    longname[sizeof longname - 2] = '\0';
    assert_int_equal(consent_covers(&c, longname, NULL, "housing application", ON, NOW, &p), 0);
    const char *dots = strstr(p.message, "...\" as a recipient.");
    assert_non_null(dots);
    assert_int_equal((unsigned char)dots[-1], 0xa9); /* ends on a whole "é" */
    assert_int_equal((unsigned char)dots[-2], 0xc3);
}

static void test_names_roundtrip_and_unknowns(void **state)
{
    (void)state;
    static const char *const names[] = {"tpo", "specific", "counseling_notes", "proceedings",
                                        "criminal_justice"};
    for (int k = 0; k < CK__COUNT; k++) {
        assert_string_equal(consent_kind_name(k), names[k]);
        assert_int_equal(consent_kind_parse(names[k]), k);
        assert_true(strlen(consent_kind_label(k)) > 5);
    }
    assert_int_equal(consent_kind_parse("TPO"), -1);
    assert_int_equal(consent_kind_parse(""), -1);
    assert_int_equal(consent_kind_parse(NULL), -1);
    assert_string_equal(consent_kind_name(CK__COUNT), "unknown");
    assert_string_equal(consent_state_name(CS_VALID), "valid");
    assert_string_equal(consent_state_name(CS_INCOMPLETE), "incomplete");
    assert_string_equal(consent_state_name(CS_NOT_YET), "not_yet");
    assert_string_equal(consent_state_name(CS_EXPIRED), "expired");
    assert_string_equal(consent_state_name(CS_REVOKED), "revoked");
    assert_string_equal(consent_state_name((enum consent_state)99), "unknown");
}


/* By class only when the consent designates the class: a TPO consent that names one doctor
 * does not cover "any treating provider" the staff member picks. */
static void test_rc4_tpo_class_coverage_needs_the_class_on_the_consent(void **state)
{
    (void)state;
    struct consent c = tpo();
    struct consent_problem p;
    c.recipients = "Dr. Jane Smith, Hope Clinic";
    assert_int_equal(consent_covers(&c, "Acme Debt Collectors LLC", "treating_provider",
                                    "treatment", ON, NOW, &p), 0);
    assert_string_equal(p.element, "RC-4");
    c.recipients = "my treating providers";
    assert_int_equal(consent_covers(&c, "Dr. Ravi Patel", "treating_provider", "treatment", ON,
                                    NOW, &p), 1);
    assert_int_equal(consent_covers(&c, "Blue Shield", "health_plan", "payment", ON, NOW, &p), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rc3_valid_tpo_consent_is_complete),
        cmocka_unit_test(test_rc3_valid_specific_consent_is_complete),
        cmocka_unit_test(test_rc3_valid_counseling_notes_consent_is_complete),
        cmocka_unit_test(test_rc3_valid_proceedings_consent_is_complete),
        cmocka_unit_test(test_rc3_valid_criminal_justice_consent_is_complete),
        cmocka_unit_test(test_rc3_null_consent_and_unknown_kind_are_refused),
        cmocka_unit_test(test_rc3_consent_missing_three_elements_names_all_three_at_once),
        cmocka_unit_test(test_rc3_consent_missing_patient_name_is_invalid_naming_element_1),
        cmocka_unit_test(test_rc3_consent_missing_disclosers_is_invalid_naming_element_2),
        cmocka_unit_test(test_rc3_consent_missing_information_is_invalid_naming_element_3),
        cmocka_unit_test(test_rc3_consent_missing_recipients_is_invalid_naming_element_4_i),
        cmocka_unit_test(test_rc3_intermediary_without_participants_is_invalid_naming_element_4_ii),
        cmocka_unit_test(test_rc3_covered_entity_tpo_without_hipaa_stmt_names_element_4_iii),
        cmocka_unit_test(test_rc3_covered_entity_for_payment_on_specific_consent_needs_4_iii),
        cmocka_unit_test(test_rc3_consent_missing_purposes_is_invalid_naming_element_5),
        cmocka_unit_test(test_rc3_sufficient_purpose_phrases_count_as_a_purpose),
        cmocka_unit_test(test_rc3_fundraising_without_optout_is_invalid_naming_element_5_iii),
        cmocka_unit_test(test_rc3_consent_missing_revocation_stmt_is_invalid_naming_element_6),
        cmocka_unit_test(test_rc3_consent_missing_how_to_revoke_is_invalid_naming_element_6),
        cmocka_unit_test(test_rc3_consent_missing_expiry_is_invalid_naming_element_7),
        cmocka_unit_test(test_rc3_expiry_none_is_valid_only_for_tpo_element_7),
        cmocka_unit_test(test_rc3_expiry_before_signing_is_invalid_element_7),
        cmocka_unit_test(test_rc3_consent_missing_signature_is_invalid_naming_element_8),
        cmocka_unit_test(test_rc3_minor_without_authorized_signer_is_invalid_naming_element_8),
        cmocka_unit_test(test_rc3_consent_missing_signed_date_is_invalid_naming_element_9),
        cmocka_unit_test(test_rc3_tpo_consent_missing_redisclosure_stmt_names_element_10_i),
        cmocka_unit_test(test_rc3_tpo_consent_missing_refusal_stmt_names_element_10_ii),
        cmocka_unit_test(test_rc3_specific_consent_for_treatment_needs_element_10),
        cmocka_unit_test(test_rc3_first_missing_element_in_order_is_named),
        cmocka_unit_test(test_rc3_every_combination_of_kinds_is_allowed_or_refused),
        cmocka_unit_test(test_rc3_counseling_notes_combined_with_counseling_notes_is_valid),
        cmocka_unit_test(test_rc3_tpo_combined_with_counseling_notes_is_refused),
        cmocka_unit_test(test_rc3_proceedings_combined_with_anything_else_is_refused),
        cmocka_unit_test(test_rc3_unknown_combined_kind_bit_is_refused),
        cmocka_unit_test(test_rc3_criminal_justice_without_revocable_condition_names_2_35),
        cmocka_unit_test(test_rc3_criminal_justice_without_period_in_effect_is_refused),
        cmocka_unit_test(test_rc3_may_revoke_criminal_justice_from_revocable_after_day),
        cmocka_unit_test(test_rc3_may_revoke_event_only_allowed_with_note),
        cmocka_unit_test(test_rc3_may_revoke_other_kinds_always),
        cmocka_unit_test(test_rc3_state_expires_today_valid_yesterday_expired),
        cmocka_unit_test(test_rc3_state_revoked_one_second_before_now_and_not_after),
        cmocka_unit_test(test_rc3_state_signed_tomorrow_is_not_yet),
        cmocka_unit_test(test_rc3_state_precedence_incomplete_then_revoked_then_expired),
        cmocka_unit_test(test_rc4_covers_exact_recipient_and_purpose),
        cmocka_unit_test(test_rc4_covers_ignoring_case_and_surrounding_space),
        cmocka_unit_test(test_rc4_covers_padded_lines_with_crlf_endings),
        cmocka_unit_test(test_rc4_uncovered_recipient_is_refused_naming_it),
        cmocka_unit_test(test_rc4_uncovered_purpose_is_refused_naming_it),
        cmocka_unit_test(test_rc4_tpo_consent_covers_program_named_class_recipients),
        cmocka_unit_test(test_rc4_tpo_class_coverage_needs_the_class_on_the_consent),
        cmocka_unit_test(test_rc4_tpo_class_does_not_cover_other_categories_or_purposes),
        cmocka_unit_test(test_rc4_expired_consent_refused_naming_2_31_c),
        cmocka_unit_test(test_rc4_revoked_consent_refused_naming_2_31_c),
        cmocka_unit_test(test_rc4_deficient_consent_refused_naming_2_31_c_and_the_field),
        cmocka_unit_test(test_rc4_consent_signed_after_disclosure_date_does_not_cover),
        cmocka_unit_test(test_rc4_notice_statement_1_is_verbatim),
        cmocka_unit_test(test_rc4_notice_statement_2_is_verbatim_and_others_null),
        cmocka_unit_test(test_rc4_scope_names_who_what_whom_why_until_and_how_to_revoke),
        cmocka_unit_test(test_rc4_scope_of_tpo_says_until_revoked_and_cj_says_when_revocable),
        cmocka_unit_test(test_rc4_scope_is_safe_for_empty_fields_and_small_buffers),
        cmocka_unit_test(test_rc4_problem_quotes_long_names_clipped_keeping_the_sentence),
        cmocka_unit_test(test_names_roundtrip_and_unknowns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
