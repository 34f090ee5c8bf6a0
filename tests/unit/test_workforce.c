/* test_workforce.c - SPEC.md WF-1 to WF-5 (seed 003 sections 4-6) with the New Jersey defaults:
 * effective level, scope decisions for every action at every level, certification window and
 * expiry, the continuing-education cycle, rolling supervision, progress toward certification,
 * the overall status and the stored names. Each boundary is tested on both sides. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "civil.h"
#include "policy.h"
#include "workforce.h"

/* ---- fixtures ------------------------------------------------------------------- */

static int32_t D(const char *s)
{
    int32_t d = civil_parse(s);
    if (d < 0)
        fail_msg("test date '%s' does not parse", s);
    return d;
}

static const char *S(int32_t day)
{
    static char buf[8][11];
    static int i;
    i = (i + 1) % 8;
    civil_format(day, buf[i]);
    return buf[i];
}

static struct policy NJ;

static const struct policy *nj(void)
{
    policy_defaults(&NJ);
    return &NJ;
}

#define H(h) ((int32_t)(h)*60)

/* A person and the arrays it points at; never copied, so the pointers stay valid. */
struct fx {
    struct wf_person p;
    struct wf_cert certs[4];
    struct wf_ce ce[32];
    struct wf_supervision sup[32];
    struct wf_assignment as[4];
};

static void fx_blank(struct fx *f, enum wf_level level)
{
    memset(f, 0, sizeof *f);
    f->p.level = level;
    f->p.hire = -1;
    f->p.certs = f->certs;
    f->p.ce = f->ce;
    f->p.sup = f->sup;
    f->p.assign = f->as;
}

static void fx_cert(struct fx *f, enum wf_cert_body body, int32_t issued, int32_t expires)
{
    f->certs[f->p.ncerts++] = (struct wf_cert){body, issued, expires};
}

static void fx_ce(struct fx *f, int32_t date, int32_t minutes, enum wf_ce_category cat)
{
    f->ce[f->p.nce++] = (struct wf_ce){date, minutes, cat};
}

static void fx_sup(struct fx *f, int32_t date, int32_t minutes)
{
    f->sup[f->p.nsup++] = (struct wf_supervision){date, minutes};
}

static void fx_assign(struct fx *f, int32_t start, int32_t end)
{
    f->as[f->p.nassign++] = (struct wf_assignment){start, end};
}

#define TODAY D("2025-06-15")

/* A person in good standing at their level on TODAY: an open supervisor assignment, the
 * training of the level, hired 2025-01-01 (L2 window ends 2026-01-01, 200 days away) and,
 * for Level 3, an NCPRSS certification 2024-01-10..2026-01-10 (209 days left). */
static void fx_person(struct fx *f, enum wf_level level)
{
    fx_blank(f, level);
    fx_assign(f, D("2020-01-01"), -1);
    if (level >= WF_L1)
        f->p.training_minutes[TR_ORIENTATION_ETHICS] = H(8);
    if (level >= WF_L2) {
        f->p.training_minutes[TR_ETHICS_CCAR] = H(18);
        f->p.hire = D("2025-01-01");
    }
    if (level == WF_L3)
        fx_cert(f, CERT_NCPRSS, D("2024-01-10"), D("2026-01-10"));
}

/* ---- decision checks --------------------------------------------------------------- */

static const char *const ACTIONS_TXT[] = {"deliver_low", "deliver_moderate", "deliver_high",
                                          "assign_recoveree"};

/* A refusal message is a sentence a peer reads: no format debris, no sentinel text. */
static void assert_sentence(const char *what, const char *s, size_t cap)
{
    size_t n = strnlen(s, cap);
    if (n == cap)
        fail_msg("%s: not NUL-terminated", what);
    if (n < 20)
        fail_msg("%s: '%s' is too short to explain anything", what, s);
    if (n >= cap - 1)
        fail_msg("%s: '%s' fills its buffer (truncated)", what, s);
    /* notes may open with a figure ("20 hours this cycle ..."), refusals with a word */
    if (!(s[0] >= 'A' && s[0] <= 'Z') && !(s[0] >= '0' && s[0] <= '9' && strstr(what, "note")))
        fail_msg("%s: '%s' does not start with a capital letter", what, s);
    if (s[n - 1] != '.')
        fail_msg("%s: '%s' does not end with a full stop", what, s);
    static const char *const debris[] = {"%",   "(null)", "unknown", "  ", " .", " ,",
                                         "-1 ", "..",     "{",       "}",  "\n", "\t"};
    for (size_t i = 0; i < sizeof debris / sizeof *debris; i++)
        if (strstr(s, debris[i]))
            fail_msg("%s: '%s' contains '%s'", what, s, debris[i]);
}

static void decide(const struct fx *f, int32_t date, enum wf_action a, struct wf_decision *d)
{
    memset(d, 0x5a, sizeof *d); /* stale contents must not leak through */
    d->rule = NULL;
    wf_decide(&f->p, nj(), date, a, d);
}

static void expect_allowed(const struct fx *f, int32_t date, enum wf_action a)
{
    struct wf_decision d;
    decide(f, date, a, &d);
    if (d.allowed != 1)
        fail_msg("L%d %s on %s: refused (%s) '%s', expected allowed", (int)f->p.level,
                 ACTIONS_TXT[a], S(date), d.rule ? d.rule : "no rule", d.message);
    if (d.rule != NULL)
        fail_msg("allowed decision carries rule %s", d.rule);
    if (d.message[0] != '\0')
        fail_msg("allowed decision carries a message '%.40s'", d.message);
}

static void expect_refused(const struct fx *f, int32_t date, enum wf_action a, const char *rule,
                           struct wf_decision *out)
{
    struct wf_decision d;
    decide(f, date, a, &d);
    if (d.allowed != 0)
        fail_msg("L%d %s on %s: allowed, expected refused by %s", (int)f->p.level, ACTIONS_TXT[a],
                 S(date), rule);
    if (!d.rule || strcmp(d.rule, rule) != 0)
        fail_msg("L%d %s on %s: refused by %s, expected %s ('%s')", (int)f->p.level, ACTIONS_TXT[a],
                 S(date), d.rule ? d.rule : "no rule", rule, d.message);
    assert_sentence(ACTIONS_TXT[a], d.message, sizeof d.message);
    if (out)
        *out = d;
}

static void assert_contains(const char *hay, const char *needle)
{
    if (!strstr(hay, needle))
        fail_msg("'%s' should mention '%s'", hay, needle);
}

static void assert_not_contains(const char *hay, const char *needle)
{
    if (strstr(hay, needle))
        fail_msg("'%s' should not mention '%s'", hay, needle);
}

/* ==== wf_effective_level (WF-1, WF-4) ============================================== */

static void test_wf1_level1_with_orientation_training_works_in_level1_scope(void **state)
{
    (void)state;
    struct fx f;
    fx_person(&f, WF_L1);
    assert_int_equal(wf_effective_level(&f.p, nj(), TODAY), WF_L1);
    f.p.training_minutes[TR_ORIENTATION_ETHICS] = 1;
    assert_int_equal(wf_effective_level(&f.p, nj(), TODAY), WF_L1);
}

static void test_wf1_level1_without_orientation_training_has_no_scope(void **state)
{
    (void)state;
    struct fx f;
    fx_person(&f, WF_L1);
    f.p.training_minutes[TR_ORIENTATION_ETHICS] = 0;
    assert_int_equal(wf_effective_level(&f.p, nj(), TODAY), WF_NONE);
    f.p.training_minutes[TR_OTHER] = H(40); /* other training is not the approved ethics one */
    assert_int_equal(wf_effective_level(&f.p, nj(), TODAY), WF_NONE);
}

static void test_wf1_level1_with_ccar_training_counts_as_approved_ethics_training(void **state)
{
    (void)state;
    struct fx f;
    fx_person(&f, WF_L1);
    f.p.training_minutes[TR_ORIENTATION_ETHICS] = 0;
    f.p.training_minutes[TR_ETHICS_CCAR] = H(3);
    assert_int_equal(wf_effective_level(&f.p, nj(), TODAY), WF_L1);
}

static void test_wf1_level1_with_full_ccar_training_stays_level1(void **state)
{
    (void)state;
    struct fx f;
    fx_person(&f, WF_L1);
    f.p.training_minutes[TR_ETHICS_CCAR] = H(18);
    fx_cert(&f, CERT_CPRS, D("2025-01-01"), D("2027-01-01"));
    assert_int_equal(wf_effective_level(&f.p, nj(), TODAY), WF_L1);
}

static void test_wf1_level2_with_exactly_18h_ethics_ccar_is_level2(void **state)
{
    (void)state;
    struct fx f;
    fx_person(&f, WF_L2);
    f.p.training_minutes[TR_ETHICS_CCAR] = 18 * 60;
    assert_int_equal(wf_effective_level(&f.p, nj(), TODAY), WF_L2);
}

static void test_wf1_level2_with_several_entries_summing_exactly_18h_is_level2(void **state)
{
    (void)state;
    static const int32_t entries[] = {6 * 60, 7 * 60 + 30, 2 * 60 + 15, 2 * 60 + 15};
    struct fx f;
    fx_person(&f, WF_L2);
    f.p.training_minutes[TR_ETHICS_CCAR] = 0;
    for (size_t i = 0; i < sizeof entries / sizeof *entries; i++)
        f.p.training_minutes[TR_ETHICS_CCAR] += entries[i];
    assert_int_equal(f.p.training_minutes[TR_ETHICS_CCAR], 1080);
    assert_int_equal(wf_effective_level(&f.p, nj(), TODAY), WF_L2);
    f.p.training_minutes[TR_ETHICS_CCAR] -= 1; /* one entry a minute short */
    assert_int_equal(wf_effective_level(&f.p, nj(), TODAY), WF_L1);
}

static void test_wf1_level2_with_17h59m_ethics_ccar_drops_to_level1_scope(void **state)
{
    (void)state;
    struct fx f;
    fx_person(&f, WF_L2);
    f.p.training_minutes[TR_ETHICS_CCAR] = 17 * 60 + 59;
    assert_int_equal(wf_effective_level(&f.p, nj(), TODAY), WF_L1);
    f.p.training_minutes[TR_ORIENTATION_ETHICS] = 0; /* the CCAR hours are ethics training */
    assert_int_equal(wf_effective_level(&f.p, nj(), TODAY), WF_L1);
}

static void test_wf1_orientation_and_other_training_do_not_count_as_ccar_hours(void **state)
{
    (void)state;
    struct fx f;
    fx_person(&f, WF_L2);
    f.p.training_minutes[TR_ETHICS_CCAR] = H(17);
    f.p.training_minutes[TR_ORIENTATION_ETHICS] = H(10);
    f.p.training_minutes[TR_OTHER] = H(10);
    assert_int_equal(wf_effective_level(&f.p, nj(), TODAY), WF_L1);
}

static void test_wf1_level2_without_any_training_has_no_scope(void **state)
{
    (void)state;
    struct fx f;
    fx_person(&f, WF_L2);
    memset(f.p.training_minutes, 0, sizeof f.p.training_minutes);
    assert_int_equal(wf_effective_level(&f.p, nj(), TODAY), WF_NONE);
}

static void test_wf1_level2_training_hours_follow_policy(void **state)
{
    (void)state;
    struct fx f;
    fx_person(&f, WF_L2);
    struct policy pol;
    policy_defaults(&pol);
    pol.v[POL_L2_TRAINING_HOURS] = 20;
    assert_int_equal(wf_effective_level(&f.p, &pol, TODAY), WF_L1);
    f.p.training_minutes[TR_ETHICS_CCAR] = H(20) - 1;
    assert_int_equal(wf_effective_level(&f.p, &pol, TODAY), WF_L1);
    f.p.training_minutes[TR_ETHICS_CCAR] = H(20);
    assert_int_equal(wf_effective_level(&f.p, &pol, TODAY), WF_L2);
}

static void test_wf1_level3_with_current_certification_is_level3(void **state)
{
    (void)state;
    struct fx f;
    fx_person(&f, WF_L3);
    assert_int_equal(wf_effective_level(&f.p, nj(), TODAY), WF_L3);
    assert_ptr_equal(wf_current_cert(&f.p, TODAY), &f.certs[0]);
}

static void test_wf4_certification_expiring_today_is_still_current(void **state)
{
    (void)state;
    struct fx f;
    fx_person(&f, WF_L3);
    int32_t exp = f.certs[0].expires;
    assert_ptr_equal(wf_current_cert(&f.p, exp), &f.certs[0]);
    assert_int_equal(wf_effective_level(&f.p, nj(), exp), WF_L3);
}

static void test_wf4_certification_expired_yesterday_drops_level3_to_level2_scope(void **state)
{
    (void)state;
    struct fx f;
    fx_person(&f, WF_L3);
    int32_t date = f.certs[0].expires + 1;
    assert_null(wf_current_cert(&f.p, date));
    assert_ptr_equal(wf_latest_cert(&f.p, date), &f.certs[0]);
    assert_int_equal(wf_effective_level(&f.p, nj(), date), WF_L2);
}

static void test_wf4_lapsed_certification_drops_level3_to_level2_scope(void **state)
{
    (void)state;
    struct fx f;
    fx_person(&f, WF_L3);
    assert_int_equal(wf_effective_level(&f.p, nj(), D("2027-06-15")), WF_L2);
    assert_int_equal(wf_effective_level(&f.p, nj(), D("2040-01-01")), WF_L2);
}

static void test_wf4_certification_issued_tomorrow_is_not_current(void **state)
{
    (void)state;
    struct fx f;
    fx_person(&f, WF_L3);
    f.certs[0] = (struct wf_cert){CERT_NCPRSS, TODAY + 1, D("2027-06-15")};
    assert_null(wf_current_cert(&f.p, TODAY));
    assert_null(wf_latest_cert(&f.p, TODAY));
    assert_int_equal(wf_effective_level(&f.p, nj(), TODAY), WF_L2);
    assert_ptr_equal(wf_current_cert(&f.p, TODAY + 1), &f.certs[0]);
    assert_int_equal(wf_effective_level(&f.p, nj(), TODAY + 1), WF_L3);
}

static void test_wf4_certification_issued_today_is_current(void **state)
{
    (void)state;
    struct fx f;
    fx_person(&f, WF_L3);
    f.certs[0] = (struct wf_cert){CERT_CPRS, TODAY, D("2027-06-15")};
    assert_ptr_equal(wf_current_cert(&f.p, TODAY), &f.certs[0]);
    assert_int_equal(wf_effective_level(&f.p, nj(), TODAY), WF_L3);
}

static void test_wf4_certification_without_recorded_expiry_is_not_current(void **state)
{
    (void)state;
    struct fx f;
    fx_person(&f, WF_L3);
    f.certs[0].expires = -1;
    assert_null(wf_current_cert(&f.p, TODAY));
    assert_ptr_equal(wf_latest_cert(&f.p, TODAY), &f.certs[0]);
    assert_int_equal(wf_effective_level(&f.p, nj(), TODAY), WF_L2);
    f.certs[0].issued = TODAY; /* issued today, still not current, but the latest */
    assert_null(wf_current_cert(&f.p, TODAY));
    assert_ptr_equal(wf_latest_cert(&f.p, TODAY), &f.certs[0]);
    assert_null(wf_latest_cert(&f.p, TODAY - 1));
}

static void test_wf4_lapsed_level3_without_level2_training_drops_to_level1_scope(void **state)
{
    (void)state;
    struct fx f;
    fx_person(&f, WF_L3);
    f.p.training_minutes[TR_ETHICS_CCAR] = 0;
    assert_int_equal(wf_effective_level(&f.p, nj(), f.certs[0].expires + 1), WF_L1);
    f.p.training_minutes[TR_ORIENTATION_ETHICS] = 0;
    assert_int_equal(wf_effective_level(&f.p, nj(), f.certs[0].expires + 1), WF_NONE);
}

static void test_wf1_level3_certified_without_level2_training_works_in_training_scope(void **state)
{
    (void)state;
    struct fx f;
    fx_person(&f, WF_L3);
    f.p.training_minutes[TR_ETHICS_CCAR] = H(18) - 1;
    assert_int_equal(wf_effective_level(&f.p, nj(), TODAY), WF_L1);
    f.p.training_minutes[TR_ETHICS_CCAR] = 0;
    f.p.training_minutes[TR_ORIENTATION_ETHICS] = 0;
    assert_int_equal(wf_effective_level(&f.p, nj(), TODAY), WF_NONE);
}

static void test_wf4_renewed_certification_restores_level3(void **state)
{
    (void)state;
    struct fx f;
    fx_person(&f, WF_L3);
    fx_cert(&f, CERT_NCPRSS, D("2026-02-01"), D("2028-02-01"));
    assert_int_equal(wf_effective_level(&f.p, nj(), D("2026-01-10")), WF_L3);
    assert_int_equal(wf_effective_level(&f.p, nj(), D("2026-01-11")), WF_L2); /* gap */
    assert_int_equal(wf_effective_level(&f.p, nj(), D("2026-01-31")), WF_L2);
    assert_int_equal(wf_effective_level(&f.p, nj(), D("2026-02-01")), WF_L3);
    assert_ptr_equal(wf_current_cert(&f.p, D("2026-02-01")), &f.certs[1]);
    assert_ptr_equal(wf_latest_cert(&f.p, D("2026-01-20")), &f.certs[0]);
}

static void test_wf_current_cert_picks_the_one_that_expires_last(void **state)
{
    (void)state;
    struct fx f;
    fx_blank(&f, WF_L3);
    fx_cert(&f, CERT_CPRS, D("2024-01-01"), D("2026-01-01"));
    fx_cert(&f, CERT_NCPRSS, D("2024-06-01"), D("2026-09-01"));
    fx_cert(&f, CERT_OTHER, D("2025-01-01"), D("2026-03-01"));
    assert_ptr_equal(wf_current_cert(&f.p, TODAY), &f.certs[1]);
    assert_ptr_equal(wf_latest_cert(&f.p, TODAY), &f.certs[1]);
    assert_ptr_equal(wf_current_cert(&f.p, D("2024-03-01")), &f.certs[0]);
    assert_null(wf_current_cert(&f.p, D("2023-12-31")));
    assert_null(wf_current_cert(&f.p, D("2026-09-02")));
    /* none current: the one issued most recently, never one issued later than the date */
    assert_ptr_equal(wf_latest_cert(&f.p, D("2026-09-02")), &f.certs[2]);
    assert_null(wf_latest_cert(&f.p, D("2023-12-31")));
}

static void test_wf1_no_level_assigned_has_no_scope_whatever_the_training(void **state)
{
    (void)state;
    struct fx f;
    fx_person(&f, WF_L3);
    f.p.level = WF_NONE;
    assert_int_equal(wf_effective_level(&f.p, nj(), TODAY), WF_NONE);
}

/* ==== wf_has_supervisor (WF-5) ======================================================== */

static void test_wf5_supervisor_assignment_boundaries(void **state)
{
    (void)state;
    struct fx f;
    fx_blank(&f, WF_L2);
    assert_false(wf_has_supervisor(&f.p, TODAY));
    fx_assign(&f, D("2024-01-01"), TODAY - 1); /* ended yesterday */
    assert_false(wf_has_supervisor(&f.p, TODAY));
    assert_true(wf_has_supervisor(&f.p, TODAY - 1));
    assert_true(wf_has_supervisor(&f.p, D("2024-01-01")));
    assert_false(wf_has_supervisor(&f.p, D("2023-12-31")));
    f.as[0].end = TODAY; /* ends today: still active */
    assert_true(wf_has_supervisor(&f.p, TODAY));
    assert_false(wf_has_supervisor(&f.p, TODAY + 1));
    f.as[0] = (struct wf_assignment){TODAY + 1, -1}; /* starts tomorrow */
    assert_false(wf_has_supervisor(&f.p, TODAY));
    assert_true(wf_has_supervisor(&f.p, TODAY + 1));
    assert_true(wf_has_supervisor(&f.p, D("2100-01-01"))); /* open-ended */
    f.as[0] = (struct wf_assignment){TODAY, TODAY};
    assert_true(wf_has_supervisor(&f.p, TODAY));
    assert_false(wf_has_supervisor(&f.p, TODAY - 1));
}

static void test_wf5_any_of_several_assignments_counts(void **state)
{
    (void)state;
    struct fx f;
    fx_blank(&f, WF_L2);
    fx_assign(&f, D("2023-01-01"), D("2024-12-31"));
    fx_assign(&f, D("2025-03-01"), -1);
    assert_true(wf_has_supervisor(&f.p, D("2024-12-31")));
    assert_false(wf_has_supervisor(&f.p, D("2025-01-15")));
    assert_true(wf_has_supervisor(&f.p, D("2025-03-01")));
}

/* ==== wf_decide: Level 1 (WF-1) ======================================================== */

static void test_wf1_level1_allowed_low_intensity(void **state)
{
    (void)state;
    struct fx f;
    fx_person(&f, WF_L1);
    expect_allowed(&f, TODAY, WF_DELIVER_LOW);
}

static void test_wf1_level1_cannot_take_assigned_recoveree(void **state)
{
    (void)state;
    struct fx f;
    struct wf_decision d;
    fx_person(&f, WF_L1);
    expect_refused(&f, TODAY, WF_ASSIGN_RECOVEREE, "WF-1", &d);
    assert_contains(d.message, "Level 1");
    assert_contains(d.message, "assigned recoverees");
    /* even with full CCAR hours and a certification on file, the assigned level decides */
    f.p.training_minutes[TR_ETHICS_CCAR] = H(18);
    fx_cert(&f, CERT_NCPRSS, D("2025-01-01"), D("2027-01-01"));
    expect_refused(&f, TODAY, WF_ASSIGN_RECOVEREE, "WF-1", NULL);
}

static void test_wf1_level1_refused_moderate_intensity(void **state)
{
    (void)state;
    struct fx f;
    struct wf_decision d;
    fx_person(&f, WF_L1);
    expect_refused(&f, TODAY, WF_DELIVER_MODERATE, "WF-1", &d);
    assert_contains(d.message, "Level 1");
    assert_contains(d.message, "low-intensity");
}

static void test_wf1_level1_refused_high_intensity(void **state)
{
    (void)state;
    struct fx f;
    struct wf_decision d;
    fx_person(&f, WF_L1);
    expect_refused(&f, TODAY, WF_DELIVER_HIGH, "WF-1", &d);
    assert_contains(d.message, "Level 1");
}

/* ==== wf_decide: Level 2 (WF-1) ======================================================== */

static void test_wf1_level2_allowed_low_moderate_and_assignment(void **state)
{
    (void)state;
    struct fx f;
    fx_person(&f, WF_L2);
    expect_allowed(&f, TODAY, WF_DELIVER_LOW);
    expect_allowed(&f, TODAY, WF_DELIVER_MODERATE);
    expect_allowed(&f, TODAY, WF_ASSIGN_RECOVEREE);
}

static void test_wf1_level2_refused_high_intensity_needs_certification(void **state)
{
    (void)state;
    struct fx f;
    struct wf_decision d;
    fx_person(&f, WF_L2);
    expect_refused(&f, TODAY, WF_DELIVER_HIGH, "WF-1", &d);
    assert_contains(d.message, "certification");
    assert_contains(d.message, "Level 2");
    assert_not_contains(d.message, "ended on"); /* the window is still open */
    assert_not_contains(d.message, "2026-01-01");
}

/* The window is hire + 12 months; on its last day it has not ended, the day after it has. */
static void test_wf1_level2_high_refusal_on_last_day_of_certification_window(void **state)
{
    (void)state;
    struct fx f;
    struct wf_decision d;
    fx_person(&f, WF_L2);
    int32_t end = civil_add_months(f.p.hire, 12);
    assert_string_equal(S(end), "2026-01-01");
    expect_refused(&f, end, WF_DELIVER_HIGH, "WF-1", &d);
    assert_contains(d.message, "certification");
    assert_not_contains(d.message, "ended on");
    assert_not_contains(d.message, "2026-01-01");
}

static void test_wf1_level2_past_certification_window_message_names_window_end(void **state)
{
    (void)state;
    struct fx f;
    struct wf_decision d;
    fx_person(&f, WF_L2);
    expect_refused(&f, D("2026-01-02"), WF_DELIVER_HIGH, "WF-1", &d);
    assert_contains(d.message, "certification");
    assert_contains(d.message, "2026-01-01");
    assert_contains(d.message, "ended");
    expect_refused(&f, D("2030-07-01"), WF_DELIVER_HIGH, "WF-1", &d);
    assert_contains(d.message, "2026-01-01");
}

static void test_wf1_level2_certification_window_from_leap_day_hire_is_clamped(void **state)
{
    (void)state;
    struct fx f;
    struct wf_decision d;
    fx_person(&f, WF_L2);
    f.p.hire = D("2024-02-29");
    expect_refused(&f, D("2025-02-28"), WF_DELIVER_HIGH, "WF-1", &d);
    assert_not_contains(d.message, "ended on");
    expect_refused(&f, D("2025-03-01"), WF_DELIVER_HIGH, "WF-1", &d);
    assert_contains(d.message, "2025-02-28");
}

static void test_wf1_level2_certification_window_follows_policy(void **state)
{
    (void)state;
    struct fx f;
    struct wf_decision d;
    struct policy pol;
    fx_person(&f, WF_L2);
    policy_defaults(&pol);
    pol.v[POL_L2_CERT_WINDOW_MONTHS] = 6;
    wf_decide(&f.p, &pol, D("2025-07-02"), WF_DELIVER_HIGH, &d);
    assert_false(d.allowed);
    assert_contains(d.message, "2025-07-01");
    wf_decide(&f.p, &pol, D("2025-07-01"), WF_DELIVER_HIGH, &d);
    assert_false(d.allowed);
    assert_not_contains(d.message, "2025-07-01");
}

static void test_wf1_level2_past_certification_window_still_allowed_moderate(void **state)
{
    (void)state;
    struct fx f;
    fx_person(&f, WF_L2);
    /* certification is only recommended within 12 months: moderate work goes on */
    expect_allowed(&f, D("2027-01-01"), WF_DELIVER_LOW);
    expect_allowed(&f, D("2027-01-01"), WF_DELIVER_MODERATE);
    expect_allowed(&f, D("2027-01-01"), WF_ASSIGN_RECOVEREE);
}

static void test_wf1_level2_without_hire_date_refused_high_without_a_window(void **state)
{
    (void)state;
    struct fx f;
    struct wf_decision d;
    fx_person(&f, WF_L2);
    f.p.hire = -1;
    expect_refused(&f, TODAY, WF_DELIVER_HIGH, "WF-1", &d);
    assert_contains(d.message, "certification");
    assert_not_contains(d.message, "ended on");
}

static void test_wf1_level2_with_certification_on_file_is_still_level2_scope(void **state)
{
    (void)state;
    struct fx f;
    fx_person(&f, WF_L2);
    fx_cert(&f, CERT_CPRS, D("2025-03-01"), D("2027-03-01"));
    expect_refused(&f, TODAY, WF_DELIVER_HIGH, "WF-1", NULL);
}

static void test_wf1_level2_short_of_ccar_hours_refused_moderate_and_assignment(void **state)
{
    (void)state;
    struct fx f;
    struct wf_decision d;
    fx_person(&f, WF_L2);
    f.p.training_minutes[TR_ETHICS_CCAR] = 17 * 60 + 59;
    expect_allowed(&f, TODAY, WF_DELIVER_LOW);
    expect_refused(&f, TODAY, WF_DELIVER_MODERATE, "WF-1", &d);
    assert_contains(d.message, "Ethics & CCAR");
    assert_contains(d.message, "of 18 hours");
    assert_contains(d.message, "moderate");
    expect_refused(&f, TODAY, WF_ASSIGN_RECOVEREE, "WF-1", &d);
    assert_contains(d.message, "Ethics & CCAR");
    expect_refused(&f, TODAY, WF_DELIVER_HIGH, "WF-1", &d);
    assert_contains(d.message, "Ethics & CCAR");
    assert_contains(d.message, "high");
}

/* ==== wf_decide: Level 3 (WF-1, WF-4) ================================================== */

static void test_wf1_level3_with_current_certification_all_actions_allowed(void **state)
{
    (void)state;
    struct fx f;
    fx_person(&f, WF_L3);
    for (int a = 0; a < WF_ACTION__COUNT; a++) {
        expect_allowed(&f, TODAY, (enum wf_action)a);
        expect_allowed(&f, f.certs[0].issued, (enum wf_action)a);
        expect_allowed(&f, f.certs[0].expires, (enum wf_action)a); /* expiring today */
    }
}

static void test_wf4_lapsed_level3_refused_high_intensity_naming_the_expiry(void **state)
{
    (void)state;
    struct fx f;
    struct wf_decision d;
    fx_person(&f, WF_L3);
    expect_refused(&f, D("2026-01-11"), WF_DELIVER_HIGH, "WF-4", &d);
    assert_contains(d.message, "2026-01-10");
    assert_contains(d.message, "Level 2");
    assert_contains(d.message, "high");
    expect_refused(&f, D("2029-01-01"), WF_DELIVER_HIGH, "WF-4", NULL);
}

static void test_wf4_lapsed_level3_allowed_low_moderate_and_assignment(void **state)
{
    (void)state;
    struct fx f;
    fx_person(&f, WF_L3);
    expect_allowed(&f, D("2026-01-11"), WF_DELIVER_LOW);
    expect_allowed(&f, D("2026-01-11"), WF_DELIVER_MODERATE);
    expect_allowed(&f, D("2026-01-11"), WF_ASSIGN_RECOVEREE);
}

static void test_wf4_level3_without_any_certification_refused_high(void **state)
{
    (void)state;
    struct fx f;
    struct wf_decision d;
    fx_person(&f, WF_L3);
    f.p.ncerts = 0;
    expect_refused(&f, TODAY, WF_DELIVER_HIGH, "WF-4", &d);
    assert_contains(d.message, "certification");
    expect_allowed(&f, TODAY, WF_DELIVER_MODERATE);
}

static void test_wf4_level3_with_certification_issued_tomorrow_refused_high_today(void **state)
{
    (void)state;
    struct fx f;
    fx_person(&f, WF_L3);
    f.certs[0] = (struct wf_cert){CERT_NCPRSS, TODAY + 1, D("2027-06-15")};
    expect_refused(&f, TODAY, WF_DELIVER_HIGH, "WF-4", NULL);
    expect_allowed(&f, TODAY + 1, WF_DELIVER_HIGH);
}

/* A certification whose expiry was never recorded is not current (workforce.c:41), but the
 * refusal then reads "Your certification expired on unknown." - neither true nor readable. */
static void test_wf4_certification_without_recorded_expiry_refusal_is_readable(void **state)
{
    (void)state;
    struct fx f;
    struct wf_decision d;
    fx_person(&f, WF_L3);
    f.certs[0].expires = -1;
    decide(&f, TODAY, WF_DELIVER_HIGH, &d);
    assert_false(d.allowed);
    assert_string_equal(d.rule, "WF-4");
    assert_not_contains(d.message, "unknown");
    assert_not_contains(d.message, "expired on");
}

/* A lapsed Level 3 whose Ethics & CCAR hours are missing works in Level 1 scope. The refusal
 * of moderate work must give that reason; saying "Level 2 scope, which does not include
 * moderate-intensity services" contradicts WF-1. */
static void
test_wf4_lapsed_level3_without_level2_training_refusal_gives_the_real_reason(void **state)
{
    (void)state;
    struct fx f;
    struct wf_decision d;
    fx_person(&f, WF_L3);
    f.p.training_minutes[TR_ETHICS_CCAR] = 0;
    int32_t date = f.certs[0].expires + 1;
    expect_allowed(&f, date, WF_DELIVER_LOW);
    decide(&f, date, WF_DELIVER_MODERATE, &d);
    assert_false(d.allowed);
    assert_non_null(d.rule);
    assert_not_contains(d.message, "does not include moderate");
    assert_contains(d.message, "Ethics & CCAR");
    decide(&f, date, WF_ASSIGN_RECOVEREE, &d);
    assert_false(d.allowed);
    assert_not_contains(d.message, "does not include moderate");
}

static void test_wf1_level3_certified_without_ccar_hours_refused_moderate(void **state)
{
    (void)state;
    struct fx f;
    struct wf_decision d;
    fx_person(&f, WF_L3);
    f.p.training_minutes[TR_ETHICS_CCAR] = H(10);
    expect_allowed(&f, TODAY, WF_DELIVER_LOW);
    expect_refused(&f, TODAY, WF_DELIVER_MODERATE, "WF-1", &d);
    assert_contains(d.message, "10 of 18 hours");
    expect_refused(&f, TODAY, WF_DELIVER_HIGH, "WF-1", NULL);
    expect_refused(&f, TODAY, WF_ASSIGN_RECOVEREE, "WF-1", NULL);
}

/* ==== wf_decide: no supervisor (WF-5), no training (WF-1) ================================ */

static void test_wf5_no_active_supervisor_refuses_every_action_at_every_level(void **state)
{
    (void)state;
    for (int lvl = WF_NONE; lvl <= WF_L3; lvl++)
        for (int a = 0; a < WF_ACTION__COUNT; a++) {
            struct fx f;
            struct wf_decision d;
            fx_person(&f, (enum wf_level)lvl);
            f.p.nassign = 0;
            expect_refused(&f, TODAY, (enum wf_action)a, "WF-5", &d);
            assert_contains(d.message, "supervisor");
            assert_contains(d.message, S(TODAY));
        }
}

static void test_wf5_supervisor_assignment_ended_yesterday_refuses(void **state)
{
    (void)state;
    struct fx f;
    fx_person(&f, WF_L3);
    f.as[0].end = TODAY - 1;
    for (int a = 0; a < WF_ACTION__COUNT; a++)
        expect_refused(&f, TODAY, (enum wf_action)a, "WF-5", NULL);
}

static void test_wf5_supervisor_assignment_starting_tomorrow_refuses(void **state)
{
    (void)state;
    struct fx f;
    fx_person(&f, WF_L3);
    f.as[0] = (struct wf_assignment){TODAY + 1, -1};
    for (int a = 0; a < WF_ACTION__COUNT; a++)
        expect_refused(&f, TODAY, (enum wf_action)a, "WF-5", NULL);
    expect_allowed(&f, TODAY + 1, WF_DELIVER_HIGH);
}

static void test_wf5_supervisor_assignment_ending_today_is_still_active(void **state)
{
    (void)state;
    struct fx f;
    fx_person(&f, WF_L3);
    f.as[0].end = TODAY;
    for (int a = 0; a < WF_ACTION__COUNT; a++)
        expect_allowed(&f, TODAY, (enum wf_action)a);
}

static void test_wf5_open_ended_supervisor_assignment_is_active(void **state)
{
    (void)state;
    struct fx f;
    fx_person(&f, WF_L2);
    assert_int_equal(f.as[0].end, -1);
    expect_allowed(&f, D("2099-12-31"), WF_DELIVER_MODERATE);
}

/* (A person with no level at all has its own test below: the level is the reason there.) */
static void test_wf1_no_training_at_all_refuses_every_action(void **state)
{
    (void)state;
    for (int lvl = WF_L1; lvl <= WF_L3; lvl++)
        for (int a = 0; a < WF_ACTION__COUNT; a++) {
            struct fx f;
            struct wf_decision d;
            fx_person(&f, (enum wf_level)lvl);
            memset(f.p.training_minutes, 0, sizeof f.p.training_minutes);
            f.p.training_minutes[TR_OTHER] = H(30);
            expect_refused(&f, TODAY, (enum wf_action)a, "WF-1", &d);
            assert_contains(d.message, "training");
        }
}

/* No level assigned yet, but orientation and CCAR training on file: the refusal must not
 * claim that no training is recorded (workforce.c wf_decide, the eff == WF_NONE branch). */
static void test_wf1_no_level_assigned_refusal_does_not_deny_recorded_training(void **state)
{
    (void)state;
    struct fx f;
    struct wf_decision d;
    fx_person(&f, WF_L2);
    f.p.level = WF_NONE;
    decide(&f, TODAY, WF_DELIVER_LOW, &d);
    assert_false(d.allowed);
    assert_not_contains(d.message, "No approved ethics/orientation training is recorded");
}

/* Every refusal, for a catalogue of people and dates, is a rule id and a clean sentence;
 * every allowance is bare. */
static void test_wf_decide_messages_are_sentences_without_format_debris(void **state)
{
    (void)state;
    static const char *const dates[] = {"2025-06-15", "2026-01-01", "2026-01-02", "2026-01-10",
                                        "2026-01-11", "2031-12-31", "2024-02-29"};
    int refused = 0, allowed = 0;
    for (int variant = 0; variant < 9; variant++)
        for (int lvl = WF_NONE; lvl <= WF_L3; lvl++)
            for (size_t di = 0; di < sizeof dates / sizeof *dates; di++)
                for (int a = 0; a < WF_ACTION__COUNT; a++) {
                    struct fx f;
                    struct wf_decision d;
                    fx_person(&f, (enum wf_level)lvl);
                    switch (variant) {
                    case 1:
                        f.p.training_minutes[TR_ETHICS_CCAR] = 17 * 60 + 59;
                        break;
                    case 2:
                        f.p.training_minutes[TR_ETHICS_CCAR] = 7;
                        break;
                    case 3:
                        memset(f.p.training_minutes, 0, sizeof f.p.training_minutes);
                        break;
                    case 4:
                        f.p.hire = -1;
                        break;
                    case 5:
                        f.p.nassign = 0;
                        break;
                    case 6:
                        f.p.ncerts = 0;
                        break;
                    case 7:
                        f.p.hire = D("2020-02-29");
                        break;
                    case 8:
                        f.p.training_minutes[TR_ETHICS_CCAR] = 12 * 60 + 45;
                        break;
                    default:
                        break;
                    }
                    decide(&f, D(dates[di]), (enum wf_action)a, &d);
                    if (d.allowed) {
                        assert_int_equal(d.allowed, 1);
                        assert_null(d.rule);
                        assert_string_equal(d.message, "");
                        allowed++;
                        continue;
                    }
                    refused++;
                    assert_non_null(d.rule);
                    if (strcmp(d.rule, "WF-1") && strcmp(d.rule, "WF-4") && strcmp(d.rule, "WF-5"))
                        fail_msg("unexpected rule '%s'", d.rule);
                    char what[80];
                    snprintf(what, sizeof what, "variant %d L%d %s %s", variant, lvl,
                             ACTIONS_TXT[a], dates[di]);
                    assert_sentence(what, d.message, sizeof d.message);
                }
    assert_true(refused > 100);
    assert_true(allowed > 100);
}

/* Issue 7: a refusal is worded to whoever acts. About someone else (an administrator or a
 * supervisor assigning them), it names the peer and never says "you"; the decision and the
 * rule are the same either way. */
static void test_wf_decide_about_names_the_peer_and_decides_the_same(void **state)
{
    (void)state;
    static const char *const dates[] = {"2025-06-15", "2026-01-02", "2031-12-31"};
    int named = 0;
    for (int variant = 0; variant < 5; variant++)
        for (int lvl = WF_NONE; lvl <= WF_L3; lvl++)
            for (size_t di = 0; di < sizeof dates / sizeof *dates; di++)
                for (int a = 0; a < WF_ACTION__COUNT; a++) {
                    struct fx f;
                    struct wf_decision mine, theirs;
                    fx_person(&f, (enum wf_level)lvl);
                    if (variant == 1)
                        f.p.training_minutes[TR_ETHICS_CCAR] = 7;
                    if (variant == 2)
                        memset(f.p.training_minutes, 0, sizeof f.p.training_minutes);
                    if (variant == 3)
                        f.p.nassign = 0;
                    if (variant == 4)
                        f.p.ncerts = 0;
                    wf_decide(&f.p, nj(), D(dates[di]), (enum wf_action)a, &mine);
                    wf_decide_about(&f.p, nj(), D(dates[di]), (enum wf_action)a, "Dana Holt",
                                    &theirs);
                    assert_int_equal(mine.allowed, theirs.allowed);
                    if (mine.allowed)
                        continue;
                    assert_string_equal(mine.rule, theirs.rule);
                    char what[80];
                    snprintf(what, sizeof what, "about: variant %d L%d %s %s", variant, lvl,
                             ACTIONS_TXT[a], dates[di]);
                    assert_sentence(what, theirs.message, sizeof theirs.message);
                    static const char *const second[] = {"You ", " you ", " you,", "Your ",
                                                         " your "};
                    for (size_t k = 0; k < sizeof second / sizeof *second; k++)
                        if (strstr(theirs.message, second[k]))
                            fail_msg("%s: '%s' says '%s'", what, theirs.message, second[k]);
                    named += strstr(theirs.message, "Dana Holt") != NULL;
                }
    assert_true(named > 50);
}

static void test_wf5_assigning_someone_without_a_supervisor_names_them(void **state)
{
    (void)state;
    struct fx f;
    struct wf_decision d;
    fx_person(&f, WF_L2);
    f.p.nassign = 0;
    wf_decide_about(&f.p, nj(), TODAY, WF_ASSIGN_RECOVEREE, "Dana Holt", &d);
    assert_string_equal(d.rule, "WF-5");
    assert_true(strncmp(d.message, "Dana Holt has no active supervisor on ", 38) == 0);
    wf_decide(&f.p, nj(), TODAY, WF_ASSIGN_RECOVEREE, &d);
    assert_true(strncmp(d.message, "You have no active supervisor on ", 33) == 0);
}

/* ==== wf_training_status ================================================================ */

static void test_wf1_training_status_by_level(void **state)
{
    (void)state;
    struct fx f;
    struct wf_req r;
    fx_person(&f, WF_L1);
    wf_training_status(&f.p, nj(), &r);
    assert_int_equal(r.status, WF_COMPLIANT);
    f.p.training_minutes[TR_ORIENTATION_ETHICS] = 0;
    wf_training_status(&f.p, nj(), &r);
    assert_int_equal(r.status, WF_NON_COMPLIANT);

    fx_person(&f, WF_L2);
    wf_training_status(&f.p, nj(), &r);
    assert_int_equal(r.status, WF_COMPLIANT);
    assert_int_equal(r.done, 1080);
    assert_int_equal(r.required, 1080);
    f.p.training_minutes[TR_ETHICS_CCAR] = 1079;
    wf_training_status(&f.p, nj(), &r);
    assert_int_equal(r.status, WF_NON_COMPLIANT);
    assert_contains(r.note, "to go");

    fx_person(&f, WF_NONE);
    wf_training_status(&f.p, nj(), &r);
    assert_int_equal(r.status, WF_NA);
}

/* ==== wf_certification_status =========================================================== */

static void cert_status(const struct fx *f, int32_t date, struct wf_req *r)
{
    memset(r, 0x5a, sizeof *r);
    wf_certification_status(&f->p, nj(), date, r);
}

static void test_wf1_level2_certification_window_due_soon_at_90_days_left(void **state)
{
    (void)state;
    struct fx f;
    struct wf_req r;
    fx_person(&f, WF_L2);
    int32_t end = D("2026-01-01");
    cert_status(&f, end - 90, &r);
    assert_int_equal(r.days_left, 90);
    assert_int_equal(r.status, WF_DUE_SOON);
    assert_contains(r.note, "2026-01-01");
    cert_status(&f, end - 60, &r);
    assert_int_equal(r.status, WF_DUE_SOON);
    cert_status(&f, end - 30, &r);
    assert_int_equal(r.status, WF_DUE_SOON);
    cert_status(&f, end, &r);
    assert_int_equal(r.days_left, 0);
    assert_int_equal(r.status, WF_DUE_SOON);
    assert_contains(r.note, "recommended by 2026-01-01");
    assert_not_contains(r.note, "ended on");
}

static void test_wf1_level2_certification_window_compliant_at_91_days_left(void **state)
{
    (void)state;
    struct fx f;
    struct wf_req r;
    fx_person(&f, WF_L2);
    cert_status(&f, D("2026-01-01") - 91, &r);
    assert_int_equal(r.days_left, 91);
    assert_int_equal(r.status, WF_COMPLIANT);
    assert_int_equal(r.done, 0);
    assert_int_equal(r.required, 1);
    cert_status(&f, f.p.hire, &r);
    assert_int_equal(r.days_left, 365);
    assert_int_equal(r.status, WF_COMPLIANT);
}

static void test_wf1_level2_certification_window_non_compliant_the_day_after(void **state)
{
    (void)state;
    struct fx f;
    struct wf_req r;
    fx_person(&f, WF_L2);
    cert_status(&f, D("2026-01-02"), &r);
    assert_int_equal(r.days_left, -1);
    assert_int_equal(r.status, WF_NON_COMPLIANT);
    assert_contains(r.note, "2026-01-01");
    assert_sentence("L2 window note", r.note, sizeof r.note);
}

static void test_wf3_certification_warning_follows_policy(void **state)
{
    (void)state;
    struct fx f;
    struct wf_req r;
    struct policy pol;
    fx_person(&f, WF_L2);
    policy_defaults(&pol);
    pol.v[POL_WARN_DAYS_1] = 120;
    wf_certification_status(&f.p, &pol, D("2026-01-01") - 120, &r);
    assert_int_equal(r.status, WF_DUE_SOON);
    wf_certification_status(&f.p, &pol, D("2026-01-01") - 121, &r);
    assert_int_equal(r.status, WF_COMPLIANT);
}

static void test_wf1_level2_certified_is_compliant(void **state)
{
    (void)state;
    struct fx f;
    struct wf_req r;
    fx_person(&f, WF_L2);
    fx_cert(&f, CERT_CPRS, D("2025-03-01"), D("2027-03-01"));
    cert_status(&f, D("2026-06-01"), &r); /* past the window, but certified */
    assert_int_equal(r.status, WF_COMPLIANT);
    assert_int_equal(r.done, 1);
    assert_contains(r.note, "IC&RC");
}

static void test_wf1_level2_without_hire_date_cannot_track_window(void **state)
{
    (void)state;
    struct fx f;
    struct wf_req r;
    fx_person(&f, WF_L2);
    f.p.hire = -1;
    cert_status(&f, TODAY, &r);
    assert_int_equal(r.status, WF_DUE_SOON);
    assert_int_equal(r.days_left, INT32_MIN);
    assert_contains(r.note, "Hire date");
}

static void test_wf4_level3_certification_expiring_in_90_days_is_due_soon(void **state)
{
    (void)state;
    struct fx f;
    struct wf_req r;
    fx_person(&f, WF_L3);
    int32_t exp = f.certs[0].expires;
    cert_status(&f, exp - 90, &r);
    assert_int_equal(r.days_left, 90);
    assert_int_equal(r.status, WF_DUE_SOON);
    assert_int_equal(r.done, 1);
    assert_contains(r.note, "2026-01-10");
    assert_contains(r.note, "NCPRSS");
    cert_status(&f, exp, &r); /* expiring today */
    assert_int_equal(r.days_left, 0);
    assert_int_equal(r.status, WF_DUE_SOON);
}

static void test_wf4_level3_certification_expiring_in_91_days_is_compliant(void **state)
{
    (void)state;
    struct fx f;
    struct wf_req r;
    fx_person(&f, WF_L3);
    cert_status(&f, f.certs[0].expires - 91, &r);
    assert_int_equal(r.days_left, 91);
    assert_int_equal(r.status, WF_COMPLIANT);
}

static void test_wf4_level3_expired_certification_is_non_compliant(void **state)
{
    (void)state;
    struct fx f;
    struct wf_req r;
    fx_person(&f, WF_L3);
    cert_status(&f, f.certs[0].expires + 1, &r);
    assert_int_equal(r.status, WF_NON_COMPLIANT);
    assert_int_equal(r.done, 0);
    assert_contains(r.note, "2026-01-10");
    assert_contains(r.note, "WF-4");
    f.p.ncerts = 0;
    cert_status(&f, TODAY, &r);
    assert_int_equal(r.status, WF_NON_COMPLIANT);
    assert_contains(r.note, "WF-4");
}

/* Same defect as the decision: the note reads "Certification expired on unknown". */
static void test_wf4_level3_certification_without_expiry_status_note_is_readable(void **state)
{
    (void)state;
    struct fx f;
    struct wf_req r;
    fx_person(&f, WF_L3);
    f.certs[0].expires = -1;
    cert_status(&f, TODAY, &r);
    assert_int_equal(r.status, WF_NON_COMPLIANT);
    assert_not_contains(r.note, "unknown");
}

static void test_wf1_level1_and_no_level_certification_not_applicable(void **state)
{
    (void)state;
    struct fx f;
    struct wf_req r;
    fx_person(&f, WF_L1);
    f.p.hire = D("2020-01-01");
    cert_status(&f, TODAY, &r);
    assert_int_equal(r.status, WF_NA);
    fx_person(&f, WF_NONE);
    cert_status(&f, TODAY, &r);
    assert_int_equal(r.status, WF_NA);
}

/* ==== wf_ce_status (WF-3) ================================================================ */

struct ce_out {
    struct wf_req r;
    int32_t ethics_done, ethics_required, start, end;
};

static void ce(const struct fx *f, const struct policy *pol, int32_t date, struct ce_out *o)
{
    memset(o, 0x5a, sizeof *o);
    wf_ce_status(&f->p, pol, date, &o->r, &o->ethics_done, &o->ethics_required, &o->start, &o->end);
}

/* Certified 2023-01-10 .. 2026-03-01: the cycle is 2024-03-01 .. 2026-03-01 (730 days). */
static void fx_ce_person(struct fx *f)
{
    fx_person(f, WF_L3);
    f->certs[0] = (struct wf_cert){CERT_NCPRSS, D("2023-01-10"), D("2026-03-01")};
}

static void test_wf3_cycle_is_24_months_back_from_expiry(void **state)
{
    (void)state;
    struct fx f;
    struct ce_out o;
    fx_ce_person(&f);
    ce(&f, nj(), TODAY, &o);
    assert_string_equal(S(o.start), "2024-03-01");
    assert_string_equal(S(o.end), "2026-03-01");
    assert_int_equal(o.r.days_left, D("2026-03-01") - TODAY);
    assert_int_equal(o.r.required, H(20));
    assert_int_equal(o.ethics_required, H(6));
    assert_int_equal(o.r.done, 0);
    assert_int_equal(o.ethics_done, 0);
}

static void test_wf3_cycle_start_is_clamped_to_issue_date(void **state)
{
    (void)state;
    struct fx f;
    struct ce_out o;
    fx_person(&f, WF_L3);
    f.certs[0] = (struct wf_cert){CERT_CPRS, D("2025-01-10"), D("2026-03-01")};
    fx_ce(&f, D("2025-01-09"), H(20), CE_ETHICS); /* before the certification */
    fx_ce(&f, D("2025-01-10"), H(2), CE_ETHICS);
    ce(&f, nj(), TODAY, &o);
    assert_string_equal(S(o.start), "2025-01-10");
    assert_int_equal(o.r.done, H(2));
    assert_int_equal(o.ethics_done, H(2));
}

static void test_wf3_entries_on_first_and_last_day_of_cycle_count(void **state)
{
    (void)state;
    struct fx f;
    struct ce_out o;
    fx_ce_person(&f);
    fx_ce(&f, D("2024-03-01"), 7, CE_CORE);
    fx_ce(&f, D("2026-03-01"), 11, CE_ETHICS);
    ce(&f, nj(), D("2026-03-01"), &o);
    assert_int_equal(o.r.done, 18);
    assert_int_equal(o.ethics_done, 11);
}

static void test_wf3_entries_the_day_before_and_after_the_cycle_do_not_count(void **state)
{
    (void)state;
    struct fx f;
    struct ce_out o;
    fx_ce_person(&f);
    fx_ce(&f, D("2024-02-29"), H(10), CE_ETHICS);
    fx_ce(&f, D("2026-03-02"), H(10), CE_ETHICS);
    fx_ce(&f, D("2024-03-01"), 1, CE_CORE);
    fx_ce(&f, D("2026-03-01"), 2, CE_CORE);
    ce(&f, nj(), D("2026-03-10"), &o);
    assert_int_equal(o.r.done, 3);
    assert_int_equal(o.ethics_done, 0);
}

static void test_wf3_entries_dated_after_today_do_not_count_yet(void **state)
{
    (void)state;
    struct fx f;
    struct ce_out o;
    fx_ce_person(&f);
    fx_ce(&f, TODAY, 30, CE_CORE);
    fx_ce(&f, TODAY + 1, H(20), CE_ETHICS);
    ce(&f, nj(), TODAY, &o);
    assert_int_equal(o.r.done, 30);
    assert_int_equal(o.ethics_done, 0);
}

static void test_wf3_exactly_20h_with_6h_ethics_is_compliant(void **state)
{
    (void)state;
    struct fx f;
    struct ce_out o;
    fx_ce_person(&f);
    fx_ce(&f, D("2024-05-01"), H(6), CE_ETHICS);
    fx_ce(&f, D("2024-09-01"), H(7), CE_CORE);
    fx_ce(&f, D("2025-02-01"), H(7), CE_CORE);
    ce(&f, nj(), TODAY, &o);
    assert_int_equal(o.r.done, H(20));
    assert_int_equal(o.ethics_done, H(6));
    assert_int_equal(o.r.status, WF_COMPLIANT);
    assert_contains(o.r.note, "20 hours");
    assert_contains(o.r.note, "2026-03-01");
    assert_sentence("CE note", o.r.note, sizeof o.r.note);
    /* also inside the warning window and on the last day */
    ce(&f, nj(), D("2026-03-01"), &o);
    assert_int_equal(o.r.status, WF_COMPLIANT);
    ce(&f, nj(), D("2026-03-02"), &o); /* a finished cycle stays met */
    assert_int_equal(o.r.status, WF_COMPLIANT);
}

static void test_wf3_20h_with_5h_ethics_is_not_compliant_and_names_missing_ethics(void **state)
{
    (void)state;
    struct fx f;
    struct ce_out o;
    fx_ce_person(&f);
    fx_ce(&f, D("2024-05-01"), H(5), CE_ETHICS);
    fx_ce(&f, D("2024-09-01"), H(15), CE_CORE);
    ce(&f, nj(), D("2026-01-15"), &o); /* 45 days left */
    assert_int_equal(o.r.done, H(20));
    assert_int_equal(o.ethics_done, H(5));
    assert_int_equal(o.r.status, WF_DUE_SOON);
    assert_contains(o.r.note, "of which 1 in ethics");
    assert_contains(o.r.note, "2026-03-01");
    assert_contains(o.r.note, "45 days");
    ce(&f, nj(), D("2026-03-02"), &o);
    assert_int_equal(o.r.status, WF_NON_COMPLIANT);
    assert_contains(o.r.note, "of which 1 in ethics");
}

static void test_wf3_ethics_hours_count_toward_the_total(void **state)
{
    (void)state;
    struct fx f;
    struct ce_out o;
    fx_ce_person(&f);
    fx_ce(&f, D("2024-05-01"), H(20), CE_ETHICS);
    ce(&f, nj(), TODAY, &o);
    assert_int_equal(o.r.done, H(20));
    assert_int_equal(o.ethics_done, H(20));
    assert_int_equal(o.r.status, WF_COMPLIANT);
    /* 19h59m of ethics is one minute short of the total */
    f.ce[0].minutes = H(20) - 1;
    ce(&f, nj(), D("2026-02-01"), &o);
    assert_int_equal(o.r.status, WF_DUE_SOON);
    assert_contains(o.r.note, "0.01 more hours");
}

static void test_wf3_core_hours_alone_never_meet_the_ethics_minimum(void **state)
{
    (void)state;
    struct fx f;
    struct ce_out o;
    fx_ce_person(&f);
    fx_ce(&f, D("2024-05-01"), H(40), CE_CORE);
    ce(&f, nj(), D("2026-02-01"), &o);
    assert_int_equal(o.r.done, H(40));
    assert_int_equal(o.ethics_done, 0);
    assert_int_equal(o.r.status, WF_DUE_SOON);
    assert_contains(o.r.note, "6 more hours");
    assert_contains(o.r.note, "of which 6 in ethics");
}

static void test_wf3_missing_hours_note_when_short_of_both(void **state)
{
    (void)state;
    struct fx f;
    struct ce_out o;
    fx_ce_person(&f);
    fx_ce(&f, D("2024-05-01"), H(2), CE_ETHICS);
    fx_ce(&f, D("2024-06-01"), H(8) + 30, CE_CORE);
    ce(&f, nj(), D("2026-02-01"), &o);
    assert_int_equal(o.r.done, H(10) + 30);
    assert_contains(o.r.note, "9.5 more hours");
    assert_contains(o.r.note, "of which 4 in ethics");
}

/* Pace on 2025-03-01: 365 of 730 days gone, so 10h of 20 and 3h of 6 in ethics are on pace. */
static void test_wf3_on_pace_is_compliant(void **state)
{
    (void)state;
    struct fx f;
    struct ce_out o;
    fx_ce_person(&f);
    fx_ce(&f, D("2024-04-01"), 180, CE_ETHICS);
    fx_ce(&f, D("2024-05-01"), 420, CE_CORE);
    ce(&f, nj(), D("2025-03-01"), &o);
    assert_int_equal(o.r.done, 600);
    assert_int_equal(o.r.days_left, 365);
    assert_int_equal(o.r.status, WF_COMPLIANT);
    assert_not_contains(o.r.note, "behind");
}

static void test_wf3_behind_the_even_pace_is_due_soon(void **state)
{
    (void)state;
    struct fx f;
    struct ce_out o;
    fx_ce_person(&f);
    fx_ce(&f, D("2024-04-01"), 180, CE_ETHICS);
    fx_ce(&f, D("2024-05-01"), 419, CE_CORE); /* one minute behind on the total */
    ce(&f, nj(), D("2025-03-01"), &o);
    assert_int_equal(o.r.status, WF_DUE_SOON);
    assert_contains(o.r.note, "behind pace");
    f.ce[1].minutes = 420 + 60; /* total ahead, ethics one minute behind */
    f.ce[0].minutes = 179;
    ce(&f, nj(), D("2025-03-01"), &o);
    assert_int_equal(o.r.status, WF_DUE_SOON);
    assert_contains(o.r.note, "behind pace");
    /* on the cycle's first day nothing is expected yet */
    memset(f.ce, 0, sizeof f.ce);
    f.p.nce = 0;
    ce(&f, nj(), D("2024-03-01"), &o);
    assert_int_equal(o.r.status, WF_COMPLIANT);
}

static void test_wf3_short_within_the_warning_days_is_due_soon_even_on_pace(void **state)
{
    (void)state;
    struct fx f;
    struct ce_out o;
    fx_ce_person(&f);
    fx_ce(&f, D("2024-04-01"), H(6), CE_ETHICS);
    fx_ce(&f, D("2024-05-01"), H(13), CE_CORE);
    ce(&f, nj(), D("2026-03-01") - 91, &o);
    assert_int_equal(o.r.status, WF_COMPLIANT); /* 19h of 20 is ahead of the pace */
    ce(&f, nj(), D("2026-03-01") - 90, &o);
    assert_int_equal(o.r.status, WF_DUE_SOON);
    ce(&f, nj(), D("2026-03-01"), &o);
    assert_int_equal(o.r.status, WF_DUE_SOON);
}

static void test_wf3_cycle_ended_short_is_non_compliant(void **state)
{
    (void)state;
    struct fx f;
    struct ce_out o;
    fx_ce_person(&f);
    fx_ce(&f, D("2024-04-01"), H(6), CE_ETHICS);
    fx_ce(&f, D("2024-05-01"), H(13), CE_CORE);
    ce(&f, nj(), D("2026-03-02"), &o);
    assert_int_equal(o.r.days_left, -1);
    assert_int_equal(o.r.status, WF_NON_COMPLIANT);
    assert_contains(o.r.note, "cycle has ended");
    assert_contains(o.r.note, "1 more hour");
}

static void test_wf3_leap_day_expiry(void **state)
{
    (void)state;
    struct fx f;
    struct ce_out o;
    fx_person(&f, WF_L3);
    f.certs[0] = (struct wf_cert){CERT_NCPRSS, D("2025-01-01"), D("2028-02-29")};
    fx_ce(&f, D("2026-02-27"), 100, CE_ETHICS);
    fx_ce(&f, D("2026-02-28"), 1, CE_CORE);
    fx_ce(&f, D("2028-02-29"), 2, CE_CORE);
    ce(&f, nj(), D("2028-02-29"), &o);
    assert_string_equal(S(o.start), "2026-02-28");
    assert_string_equal(S(o.end), "2028-02-29");
    assert_int_equal(o.r.days_left, 0);
    assert_not_contains(o.r.note, "cycle has ended"); /* its last day */
    assert_int_equal(o.r.done, 3);
    assert_int_equal(o.ethics_done, 0);
    assert_int_equal(o.r.status, WF_DUE_SOON);
    ce(&f, nj(), D("2028-03-01"), &o);
    assert_int_equal(o.r.status, WF_NON_COMPLIANT);
}

static void test_wf3_no_certification_is_not_applicable(void **state)
{
    (void)state;
    struct fx f;
    struct ce_out o;
    fx_person(&f, WF_L2);
    fx_ce(&f, D("2025-01-01"), H(20), CE_ETHICS);
    ce(&f, nj(), TODAY, &o);
    assert_int_equal(o.r.status, WF_NA);
    assert_int_equal(o.start, -1);
    assert_int_equal(o.end, -1);
    assert_int_equal(o.ethics_done, 0);
    assert_int_equal(o.ethics_required, 0);
    /* a certification issued later does not apply yet either */
    fx_cert(&f, CERT_NCPRSS, TODAY + 1, D("2027-06-16"));
    ce(&f, nj(), TODAY, &o);
    assert_int_equal(o.r.status, WF_NA);
}

static void test_wf3_certification_without_expiry_runs_one_cycle_from_issue(void **state)
{
    (void)state;
    struct fx f;
    struct ce_out o;
    fx_person(&f, WF_L3);
    f.certs[0] = (struct wf_cert){CERT_OTHER, D("2025-01-10"), -1};
    ce(&f, nj(), TODAY, &o);
    assert_string_equal(S(o.start), "2025-01-10");
    assert_string_equal(S(o.end), "2027-01-10");
}

static void test_wf3_cycle_follows_the_renewed_certification(void **state)
{
    (void)state;
    struct fx f;
    struct ce_out o;
    fx_person(&f, WF_L3);
    f.certs[0] = (struct wf_cert){CERT_NCPRSS, D("2022-01-10"), D("2024-01-10")};
    fx_cert(&f, CERT_NCPRSS, D("2024-01-11"), D("2026-01-11"));
    fx_ce(&f, D("2023-06-01"), H(20), CE_ETHICS); /* spent on the previous cycle */
    fx_ce(&f, D("2024-01-11"), H(1), CE_CORE);
    ce(&f, nj(), TODAY, &o);
    assert_string_equal(S(o.start), "2024-01-11");
    assert_string_equal(S(o.end), "2026-01-11");
    assert_int_equal(o.r.done, H(1));
    assert_int_equal(o.ethics_done, 0);
}

static void test_wf3_hours_and_cycle_follow_policy(void **state)
{
    (void)state;
    struct fx f;
    struct ce_out o;
    struct policy pol;
    policy_defaults(&pol);
    pol.v[POL_CE_HOURS] = 30;
    pol.v[POL_CE_ETHICS_HOURS] = 10;
    pol.v[POL_CE_CYCLE_MONTHS] = 12;
    fx_ce_person(&f);
    fx_ce(&f, D("2025-03-01"), H(6), CE_ETHICS); /* first day of a 12-month cycle */
    fx_ce(&f, D("2025-02-28"), H(50), CE_CORE);  /* outside it */
    ce(&f, &pol, TODAY, &o);
    assert_string_equal(S(o.start), "2025-03-01");
    assert_int_equal(o.r.required, H(30));
    assert_int_equal(o.ethics_required, H(10));
    assert_int_equal(o.r.done, H(6));
    /* 6 of 30 hours is on track early in the cycle, behind pace past its middle. */
    assert_int_equal(o.r.status, WF_COMPLIANT);
    ce(&f, &pol, D("2025-10-01"), &o);
    assert_int_equal(o.r.status, WF_DUE_SOON);
    assert_contains(o.r.note, "behind pace");
}

/* A newly certified peer with nothing logged yet is not "due soon" on day two. */
static void test_wf3_pace_applies_only_from_the_middle_of_the_cycle(void **state)
{
    (void)state;
    struct fx f;
    struct ce_out o;
    fx_ce_person(&f); /* cycle 2024-03-01 .. 2026-03-01 */
    ce(&f, &NJ, D("2024-03-02"), &o);
    assert_int_equal(o.r.status, WF_COMPLIANT);
    ce(&f, &NJ, D("2025-02-28"), &o); /* one day before the middle */
    assert_int_equal(o.r.status, WF_COMPLIANT);
    ce(&f, &NJ, D("2025-03-02"), &o); /* past the middle, nothing logged */
    assert_int_equal(o.r.status, WF_DUE_SOON);
}

/* ==== wf_supervision_status (WF-5) ======================================================= */

static void sup_status(const struct fx *f, const struct policy *pol, int32_t date, struct wf_req *r)
{
    memset(r, 0x5a, sizeof *r);
    wf_supervision_status(&f->p, pol, date, r);
}

static void test_wf5_supervision_required_per_level_from_policy(void **state)
{
    (void)state;
    struct fx f;
    struct wf_req r;
    static const int32_t want[] = {0, 60, 120, 60};
    for (int lvl = WF_L1; lvl <= WF_L3; lvl++) {
        fx_person(&f, (enum wf_level)lvl);
        sup_status(&f, nj(), TODAY, &r);
        assert_int_equal(r.required, want[lvl]);
    }
    struct policy pol;
    policy_defaults(&pol);
    pol.v[POL_SUPERVISION_MIN_L1] = 11;
    pol.v[POL_SUPERVISION_MIN_L2] = 22;
    pol.v[POL_SUPERVISION_MIN_L3] = 33;
    for (int lvl = WF_L1; lvl <= WF_L3; lvl++) {
        fx_person(&f, (enum wf_level)lvl);
        sup_status(&f, &pol, TODAY, &r);
        assert_int_equal(r.required, 11 * lvl);
    }
}

static void test_wf5_supervision_rolling_30_days(void **state)
{
    (void)state;
    struct fx f;
    struct wf_req r;
    fx_person(&f, WF_L2);
    fx_sup(&f, TODAY - 30, 1000); /* 31st day back: out */
    fx_sup(&f, TODAY - 29, 1);    /* first day of the window */
    fx_sup(&f, TODAY, 2);         /* today */
    fx_sup(&f, TODAY + 1, 1000);  /* tomorrow: not yet */
    sup_status(&f, nj(), TODAY, &r);
    assert_int_equal(r.done, 3);
    sup_status(&f, nj(), TODAY + 1, &r);
    assert_int_equal(r.done, 1002);
}

static void test_wf5_supervision_at_required_is_compliant(void **state)
{
    (void)state;
    struct fx f;
    struct wf_req r;
    fx_person(&f, WF_L2);
    fx_sup(&f, TODAY - 29, 60);
    fx_sup(&f, TODAY - 3, 60);
    sup_status(&f, nj(), TODAY, &r);
    assert_int_equal(r.done, 120);
    assert_int_equal(r.status, WF_COMPLIANT);
    assert_contains(r.note, "2 of 2 hours");
    assert_sentence("supervision note", r.note, sizeof r.note);
    f.sup[1].minutes = 200;
    sup_status(&f, nj(), TODAY, &r);
    assert_int_equal(r.status, WF_COMPLIANT);
}

static void test_wf5_supervision_at_half_is_due_soon_below_is_non_compliant(void **state)
{
    (void)state;
    struct fx f;
    struct wf_req r;
    fx_person(&f, WF_L2);
    fx_sup(&f, TODAY - 10, 119);
    sup_status(&f, nj(), TODAY, &r);
    assert_int_equal(r.status, WF_DUE_SOON);
    f.sup[0].minutes = 60;
    sup_status(&f, nj(), TODAY, &r);
    assert_int_equal(r.status, WF_DUE_SOON);
    f.sup[0].minutes = 59;
    sup_status(&f, nj(), TODAY, &r);
    assert_int_equal(r.status, WF_NON_COMPLIANT);
    f.p.nsup = 0;
    sup_status(&f, nj(), TODAY, &r);
    assert_int_equal(r.done, 0);
    assert_int_equal(r.status, WF_NON_COMPLIANT);
    /* Level 1 and 3 need 60: 30 is half */
    fx_person(&f, WF_L3);
    fx_sup(&f, TODAY, 30);
    sup_status(&f, nj(), TODAY, &r);
    assert_int_equal(r.status, WF_DUE_SOON);
    f.sup[0].minutes = 29;
    sup_status(&f, nj(), TODAY, &r);
    assert_int_equal(r.status, WF_NON_COMPLIANT);
}

static void test_wf5_supervision_without_supervisor_is_non_compliant(void **state)
{
    (void)state;
    struct fx f;
    struct wf_req r;
    fx_person(&f, WF_L2);
    fx_sup(&f, TODAY - 1, 500);
    f.as[0].end = TODAY - 1;
    sup_status(&f, nj(), TODAY, &r);
    assert_int_equal(r.status, WF_NON_COMPLIANT);
    assert_contains(r.note, "WF-5");
    sup_status(&f, nj(), TODAY - 1, &r);
    assert_int_equal(r.status, WF_COMPLIANT);
}

static void test_wf5_supervision_no_level_not_applicable(void **state)
{
    (void)state;
    struct fx f;
    struct wf_req r;
    fx_person(&f, WF_NONE);
    sup_status(&f, nj(), TODAY, &r);
    assert_int_equal(r.status, WF_NA);
}

/* ==== wf_cert_progress (WF-2) ============================================================ */

/* Everything met: HS diploma, 200h experience, 25h supervision (as sessions), 18h CCAR. */
static void fx_ready(struct fx *f)
{
    fx_person(f, WF_L2);
    f->p.education = EDU_HS;
    f->p.experience_minutes = H(200);
    fx_sup(f, D("2024-01-10"), 500);
    fx_sup(f, D("2024-06-10"), 500);
    fx_sup(f, D("2025-01-10"), 500);
}

static void progress_of(const struct fx *f, const struct policy *pol, struct wf_cert_progress *o)
{
    memset(o, 0x5a, sizeof *o);
    wf_cert_progress(&f->p, pol, o);
}

static void test_wf2_education_hs_ged_college_or_waiver(void **state)
{
    (void)state;
    static const struct {
        enum wf_education e;
        int waiver, met;
    } cases[] = {
        {EDU_HS, 0, 1},      {EDU_GED, 0, 1},  {EDU_COLLEGE, 0, 1}, {EDU_NONE, 0, 0},
        {EDU_UNKNOWN, 0, 0}, {EDU_NONE, 1, 1}, {EDU_UNKNOWN, 1, 1}, {EDU_HS, 1, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct fx f;
        struct wf_cert_progress o;
        fx_ready(&f);
        f.p.education = cases[i].e;
        f.p.education_waiver = cases[i].waiver;
        progress_of(&f, nj(), &o);
        if (o.education.done != cases[i].met || o.ready != cases[i].met)
            fail_msg("education %s waiver %d: done %d ready %d, expected %d",
                     wf_education_name(cases[i].e), cases[i].waiver, o.education.done, o.ready,
                     cases[i].met);
        assert_int_equal(o.education.status, cases[i].met ? WF_COMPLIANT : WF_NON_COMPLIANT);
        assert_int_equal(o.education.required, 1);
        assert_sentence("education note", o.education.note, sizeof o.education.note);
        if (!cases[i].met)
            assert_contains(o.education.note, "supervisor approval");
    }
}

static void test_wf2_experience_exactly_200h(void **state)
{
    (void)state;
    struct fx f;
    struct wf_cert_progress o;
    fx_ready(&f);
    progress_of(&f, nj(), &o);
    assert_int_equal(o.experience.done, 12000);
    assert_int_equal(o.experience.required, 12000);
    assert_int_equal(o.experience.status, WF_COMPLIANT);
    assert_true(o.ready);
    f.p.experience_minutes = H(200) - 1;
    progress_of(&f, nj(), &o);
    assert_int_equal(o.experience.status, WF_NON_COMPLIANT);
    assert_false(o.ready);
    assert_contains(o.experience.note, "of 200 hours");
    /* policy value: a state asking 500 */
    struct policy pol;
    policy_defaults(&pol);
    pol.v[POL_EXPERIENCE_HOURS] = 500;
    f.p.experience_minutes = H(500) - 1;
    progress_of(&f, &pol, &o);
    assert_int_equal(o.experience.status, WF_NON_COMPLIANT);
    f.p.experience_minutes = H(500);
    progress_of(&f, &pol, &o);
    assert_int_equal(o.experience.status, WF_COMPLIANT);
    assert_true(o.ready);
}

static void test_wf2_supervised_exactly_25h_from_sessions(void **state)
{
    (void)state;
    struct fx f;
    struct wf_cert_progress o;
    fx_ready(&f);
    progress_of(&f, nj(), &o);
    assert_int_equal(o.supervised.done, 1500);
    assert_int_equal(o.supervised.required, 1500);
    assert_int_equal(o.supervised.status, WF_COMPLIANT);
    f.sup[2].minutes = 499;
    progress_of(&f, nj(), &o);
    assert_int_equal(o.supervised.done, 1499);
    assert_int_equal(o.supervised.status, WF_NON_COMPLIANT);
    assert_false(o.ready);
}

static void test_wf2_training_exactly_18h(void **state)
{
    (void)state;
    struct fx f;
    struct wf_cert_progress o;
    fx_ready(&f);
    progress_of(&f, nj(), &o);
    assert_int_equal(o.training.done, 1080);
    assert_int_equal(o.training.status, WF_COMPLIANT);
    f.p.training_minutes[TR_ETHICS_CCAR] = 1079;
    f.p.training_minutes[TR_ORIENTATION_ETHICS] = H(100);
    progress_of(&f, nj(), &o);
    assert_int_equal(o.training.status, WF_NON_COMPLIANT);
    assert_false(o.ready);
}

static void test_wf2_ready_only_when_all_four_are_met(void **state)
{
    (void)state;
    struct fx f;
    struct wf_cert_progress o;
    fx_ready(&f);
    progress_of(&f, nj(), &o);
    assert_int_equal(o.ready, 1);
    for (int missing = 0; missing < 4; missing++) {
        fx_ready(&f);
        switch (missing) {
        case 0:
            f.p.education = EDU_NONE;
            break;
        case 1:
            f.p.experience_minutes = 0;
            break;
        case 2:
            f.p.nsup = 0;
            break;
        case 3:
            f.p.training_minutes[TR_ETHICS_CCAR] = 0;
            break;
        }
        progress_of(&f, nj(), &o);
        if (o.ready)
            fail_msg("ready although prerequisite %d is missing", missing);
    }
    fx_blank(&f, WF_L1);
    progress_of(&f, nj(), &o);
    assert_false(o.ready);
    assert_int_equal(o.experience.status, WF_NON_COMPLIANT);
    assert_int_equal(o.supervised.status, WF_NON_COMPLIANT);
}

/* ==== wf_overall ============================================================================ */

static void test_wf_overall_is_the_worst_requirement(void **state)
{
    (void)state;
    struct fx f;
    /* nobody with no level has requirements */
    fx_blank(&f, WF_NONE);
    assert_int_equal(wf_overall(&f.p, nj(), TODAY), WF_NA);

    /* Level 1 with training and an hour of supervision: compliant */
    fx_person(&f, WF_L1);
    fx_sup(&f, TODAY - 5, 60);
    assert_int_equal(wf_overall(&f.p, nj(), TODAY), WF_COMPLIANT);
    f.sup[0].minutes = 30; /* supervision due soon */
    assert_int_equal(wf_overall(&f.p, nj(), TODAY), WF_DUE_SOON);
    f.sup[0].minutes = 29; /* non-compliant wins */
    assert_int_equal(wf_overall(&f.p, nj(), TODAY), WF_NON_COMPLIANT);
    f.sup[0].minutes = 60;
    f.p.training_minutes[TR_ORIENTATION_ETHICS] = 0; /* training missing */
    assert_int_equal(wf_overall(&f.p, nj(), TODAY), WF_NON_COMPLIANT);

    /* Level 2: the certification window decides */
    fx_person(&f, WF_L2);
    fx_sup(&f, TODAY, 120);
    assert_int_equal(wf_overall(&f.p, nj(), TODAY), WF_COMPLIANT);
    f.sup[0].date = D("2025-10-02");
    assert_int_equal(wf_overall(&f.p, nj(), D("2025-10-02")), WF_COMPLIANT); /* 91 days left */
    assert_int_equal(wf_overall(&f.p, nj(), D("2025-10-03")), WF_DUE_SOON);  /* 90 days left */

    /* Level 3: all met, then each part failing on its own */
    fx_person(&f, WF_L3);
    f.certs[0] = (struct wf_cert){CERT_NCPRSS, D("2024-06-01"), D("2026-06-01")};
    fx_sup(&f, TODAY, 60);
    fx_ce(&f, D("2024-07-01"), H(6), CE_ETHICS);
    fx_ce(&f, D("2024-08-01"), H(14), CE_CORE);
    assert_int_equal(wf_overall(&f.p, nj(), TODAY), WF_COMPLIANT);
    f.ce[1].minutes = H(1); /* behind the CE pace */
    assert_int_equal(wf_overall(&f.p, nj(), TODAY), WF_DUE_SOON);
    f.ce[1].minutes = H(14);
    f.sup[0].minutes = 0;
    assert_int_equal(wf_overall(&f.p, nj(), TODAY), WF_NON_COMPLIANT);
    f.sup[0].minutes = 60;
    f.sup[0].date = D("2026-06-02");
    assert_int_equal(wf_overall(&f.p, nj(), D("2026-06-02")), WF_NON_COMPLIANT); /* lapsed */
}

/* ==== names =================================================================================== */

static void test_wf_names_round_trip_and_refuse_unknown_strings(void **state)
{
    (void)state;
    for (int a = 0; a < WF_ACTION__COUNT; a++) {
        assert_string_equal(wf_action_name((enum wf_action)a), ACTIONS_TXT[a]);
        assert_int_equal(wf_action_parse(wf_action_name((enum wf_action)a)), a);
    }
    for (int e = 0; e < EDU__COUNT; e++)
        assert_int_equal(wf_education_parse(wf_education_name((enum wf_education)e)), e);
    for (int t = 0; t < TR__COUNT; t++)
        assert_int_equal(wf_training_parse(wf_training_name((enum wf_training_kind)t)), t);
    for (int b = 0; b < CERT__COUNT; b++)
        assert_int_equal(wf_cert_body_parse(wf_cert_body_name((enum wf_cert_body)b)), b);
    for (int c = 0; c < CE__COUNT; c++)
        assert_int_equal(wf_ce_parse(wf_ce_name((enum wf_ce_category)c)), c);

    static const char *const unknown[] = {
        "",           "x",     "deliver", "deliver_low ", " ethics", "ethic", "ethicss",
        "hs_diploma", "ncprs", "ccar",    "core,",        "n/a",     "low"};
    for (size_t i = 0; i < sizeof unknown / sizeof *unknown; i++) {
        assert_int_equal(wf_action_parse(unknown[i]), -1);
        assert_int_equal(wf_education_parse(unknown[i]), -1);
        assert_int_equal(wf_training_parse(unknown[i]), -1);
        assert_int_equal(wf_cert_body_parse(unknown[i]), -1);
        assert_int_equal(wf_ce_parse(unknown[i]), -1);
    }
    assert_int_equal(wf_action_parse(NULL), -1);
    assert_int_equal(wf_education_parse(NULL), -1);
    assert_int_equal(wf_training_parse(NULL), -1);
    assert_int_equal(wf_cert_body_parse(NULL), -1);
    assert_int_equal(wf_ce_parse(NULL), -1);
}

static void test_wf_stored_names_are_the_documented_ones(void **state)
{
    (void)state;
    assert_string_equal(wf_status_name(WF_NA), "n/a");
    assert_string_equal(wf_status_name(WF_COMPLIANT), "compliant");
    assert_string_equal(wf_status_name(WF_DUE_SOON), "due_soon");
    assert_string_equal(wf_status_name(WF_NON_COMPLIANT), "non_compliant");
    assert_string_equal(wf_status_label(WF_DUE_SOON), "Due soon");
    assert_string_equal(wf_status_label(WF_NON_COMPLIANT), "Non-compliant");
    assert_string_equal(wf_intensity_name(WF_LOW), "low");
    assert_string_equal(wf_intensity_name(WF_MODERATE), "moderate");
    assert_string_equal(wf_intensity_name(WF_HIGH), "high");
    assert_string_equal(wf_education_name(EDU_HS), "hs");
    assert_string_equal(wf_education_name(EDU_GED), "ged");
    assert_string_equal(wf_training_name(TR_ETHICS_CCAR), "ethics_ccar");
    assert_string_equal(wf_cert_body_name(CERT_NCPRSS), "ncprss");
    assert_string_equal(wf_cert_body_name(CERT_CPRS), "cprs");
    assert_contains(wf_cert_body_label(CERT_NCPRSS), "NAADAC");
    assert_contains(wf_cert_body_label(CERT_CPRS), "IC&RC");
    assert_string_equal(wf_ce_name(CE_ETHICS), "ethics");
    assert_string_equal(wf_ce_name(CE_CORE), "core");
    assert_contains(wf_level_label(WF_L1), "Level 1");
    assert_contains(wf_level_label(WF_L1), "Peer Volunteer");
    assert_contains(wf_level_label(WF_L2), "Peer Worker");
    assert_contains(wf_level_label(WF_L3), "Certified Peer Recovery Specialist");
    /* names within each set are distinct and non-empty */
    for (int i = 0; i <= WF_NON_COMPLIANT; i++) {
        assert_true(wf_status_name((enum wf_status)i)[0] != '\0');
        assert_true(wf_status_label((enum wf_status)i)[0] != '\0');
        for (int j = i + 1; j <= WF_NON_COMPLIANT; j++)
            assert_string_not_equal(wf_status_name((enum wf_status)i),
                                    wf_status_name((enum wf_status)j));
    }
    for (int i = 0; i < EDU__COUNT; i++)
        for (int j = i + 1; j < EDU__COUNT; j++)
            assert_string_not_equal(wf_education_name((enum wf_education)i),
                                    wf_education_name((enum wf_education)j));
}

/* Issue 7 item 14: 20 of 20 hours with 4 of 6 in ethics is not the whole requirement. */
static void test_wf3_progress_is_not_100_percent_while_ethics_hours_are_short(void **state)
{
    (void)state;
    /* 16 core + 4 ethics: only 14 core hours count, so 18 of 20 are met. */
    assert_int_equal(wf_ce_percent(20 * 60, 20 * 60, 4 * 60, 6 * 60), 90);
    /* 30 core hours and no ethics: 14 of 20. */
    assert_int_equal(wf_ce_percent(30 * 60, 20 * 60, 0, 6 * 60), 70);
    /* one ethics minute short is still not 100 */
    assert_true(wf_ce_percent(20 * 60, 20 * 60, 6 * 60 - 1, 6 * 60) < 100);
}

static void test_wf3_progress_is_100_percent_when_total_and_ethics_are_done(void **state)
{
    (void)state;
    assert_int_equal(wf_ce_percent(20 * 60, 20 * 60, 6 * 60, 6 * 60), 100);
    assert_int_equal(wf_ce_percent(25 * 60, 20 * 60, 20 * 60, 6 * 60), 100);
    /* ethics hours alone count toward the total */
    assert_int_equal(wf_ce_percent(10 * 60, 20 * 60, 10 * 60, 6 * 60), 50);
    assert_int_equal(wf_ce_percent(0, 20 * 60, 0, 6 * 60), 0);
    assert_int_equal(wf_ce_percent(0, 0, 0, 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        /* effective level */
        cmocka_unit_test(test_wf1_level1_with_orientation_training_works_in_level1_scope),
        cmocka_unit_test(test_wf1_level1_without_orientation_training_has_no_scope),
        cmocka_unit_test(test_wf1_level1_with_ccar_training_counts_as_approved_ethics_training),
        cmocka_unit_test(test_wf1_level1_with_full_ccar_training_stays_level1),
        cmocka_unit_test(test_wf1_level2_with_exactly_18h_ethics_ccar_is_level2),
        cmocka_unit_test(test_wf1_level2_with_several_entries_summing_exactly_18h_is_level2),
        cmocka_unit_test(test_wf1_level2_with_17h59m_ethics_ccar_drops_to_level1_scope),
        cmocka_unit_test(test_wf1_orientation_and_other_training_do_not_count_as_ccar_hours),
        cmocka_unit_test(test_wf1_level2_without_any_training_has_no_scope),
        cmocka_unit_test(test_wf1_level2_training_hours_follow_policy),
        cmocka_unit_test(test_wf1_level3_with_current_certification_is_level3),
        cmocka_unit_test(test_wf4_certification_expiring_today_is_still_current),
        cmocka_unit_test(test_wf4_certification_expired_yesterday_drops_level3_to_level2_scope),
        cmocka_unit_test(test_wf4_lapsed_certification_drops_level3_to_level2_scope),
        cmocka_unit_test(test_wf4_certification_issued_tomorrow_is_not_current),
        cmocka_unit_test(test_wf4_certification_issued_today_is_current),
        cmocka_unit_test(test_wf4_certification_without_recorded_expiry_is_not_current),
        cmocka_unit_test(test_wf4_lapsed_level3_without_level2_training_drops_to_level1_scope),
        cmocka_unit_test(test_wf1_level3_certified_without_level2_training_works_in_training_scope),
        cmocka_unit_test(test_wf4_renewed_certification_restores_level3),
        cmocka_unit_test(test_wf_current_cert_picks_the_one_that_expires_last),
        cmocka_unit_test(test_wf1_no_level_assigned_has_no_scope_whatever_the_training),
        /* supervisor assignment */
        cmocka_unit_test(test_wf5_supervisor_assignment_boundaries),
        cmocka_unit_test(test_wf5_any_of_several_assignments_counts),
        /* decisions */
        cmocka_unit_test(test_wf1_level1_allowed_low_intensity),
        cmocka_unit_test(test_wf1_level1_cannot_take_assigned_recoveree),
        cmocka_unit_test(test_wf1_level1_refused_moderate_intensity),
        cmocka_unit_test(test_wf1_level1_refused_high_intensity),
        cmocka_unit_test(test_wf1_level2_allowed_low_moderate_and_assignment),
        cmocka_unit_test(test_wf1_level2_refused_high_intensity_needs_certification),
        cmocka_unit_test(test_wf1_level2_high_refusal_on_last_day_of_certification_window),
        cmocka_unit_test(test_wf1_level2_past_certification_window_message_names_window_end),
        cmocka_unit_test(test_wf1_level2_certification_window_from_leap_day_hire_is_clamped),
        cmocka_unit_test(test_wf1_level2_certification_window_follows_policy),
        cmocka_unit_test(test_wf1_level2_past_certification_window_still_allowed_moderate),
        cmocka_unit_test(test_wf1_level2_without_hire_date_refused_high_without_a_window),
        cmocka_unit_test(test_wf1_level2_with_certification_on_file_is_still_level2_scope),
        cmocka_unit_test(test_wf1_level2_short_of_ccar_hours_refused_moderate_and_assignment),
        cmocka_unit_test(test_wf1_level3_with_current_certification_all_actions_allowed),
        cmocka_unit_test(test_wf4_lapsed_level3_refused_high_intensity_naming_the_expiry),
        cmocka_unit_test(test_wf4_lapsed_level3_allowed_low_moderate_and_assignment),
        cmocka_unit_test(test_wf4_level3_without_any_certification_refused_high),
        cmocka_unit_test(test_wf4_level3_with_certification_issued_tomorrow_refused_high_today),
        cmocka_unit_test(test_wf4_certification_without_recorded_expiry_refusal_is_readable),
        cmocka_unit_test(
            test_wf4_lapsed_level3_without_level2_training_refusal_gives_the_real_reason),
        cmocka_unit_test(test_wf1_level3_certified_without_ccar_hours_refused_moderate),
        cmocka_unit_test(test_wf5_no_active_supervisor_refuses_every_action_at_every_level),
        cmocka_unit_test(test_wf5_supervisor_assignment_ended_yesterday_refuses),
        cmocka_unit_test(test_wf5_supervisor_assignment_starting_tomorrow_refuses),
        cmocka_unit_test(test_wf5_supervisor_assignment_ending_today_is_still_active),
        cmocka_unit_test(test_wf5_open_ended_supervisor_assignment_is_active),
        cmocka_unit_test(test_wf1_no_training_at_all_refuses_every_action),
        cmocka_unit_test(test_wf1_no_level_assigned_refusal_does_not_deny_recorded_training),
        cmocka_unit_test(test_wf_decide_messages_are_sentences_without_format_debris),
        cmocka_unit_test(test_wf_decide_about_names_the_peer_and_decides_the_same),
        cmocka_unit_test(test_wf5_assigning_someone_without_a_supervisor_names_them),
        /* training and certification status */
        cmocka_unit_test(test_wf1_training_status_by_level),
        cmocka_unit_test(test_wf1_level2_certification_window_due_soon_at_90_days_left),
        cmocka_unit_test(test_wf1_level2_certification_window_compliant_at_91_days_left),
        cmocka_unit_test(test_wf1_level2_certification_window_non_compliant_the_day_after),
        cmocka_unit_test(test_wf3_certification_warning_follows_policy),
        cmocka_unit_test(test_wf1_level2_certified_is_compliant),
        cmocka_unit_test(test_wf1_level2_without_hire_date_cannot_track_window),
        cmocka_unit_test(test_wf4_level3_certification_expiring_in_90_days_is_due_soon),
        cmocka_unit_test(test_wf4_level3_certification_expiring_in_91_days_is_compliant),
        cmocka_unit_test(test_wf4_level3_expired_certification_is_non_compliant),
        cmocka_unit_test(test_wf4_level3_certification_without_expiry_status_note_is_readable),
        cmocka_unit_test(test_wf1_level1_and_no_level_certification_not_applicable),
        /* continuing education */
        cmocka_unit_test(test_wf3_cycle_is_24_months_back_from_expiry),
        cmocka_unit_test(test_wf3_cycle_start_is_clamped_to_issue_date),
        cmocka_unit_test(test_wf3_entries_on_first_and_last_day_of_cycle_count),
        cmocka_unit_test(test_wf3_entries_the_day_before_and_after_the_cycle_do_not_count),
        cmocka_unit_test(test_wf3_entries_dated_after_today_do_not_count_yet),
        cmocka_unit_test(test_wf3_exactly_20h_with_6h_ethics_is_compliant),
        cmocka_unit_test(test_wf3_20h_with_5h_ethics_is_not_compliant_and_names_missing_ethics),
        cmocka_unit_test(test_wf3_ethics_hours_count_toward_the_total),
        cmocka_unit_test(test_wf3_core_hours_alone_never_meet_the_ethics_minimum),
        cmocka_unit_test(test_wf3_missing_hours_note_when_short_of_both),
        cmocka_unit_test(test_wf3_on_pace_is_compliant),
        cmocka_unit_test(test_wf3_behind_the_even_pace_is_due_soon),
        cmocka_unit_test(test_wf3_short_within_the_warning_days_is_due_soon_even_on_pace),
        cmocka_unit_test(test_wf3_cycle_ended_short_is_non_compliant),
        cmocka_unit_test(test_wf3_leap_day_expiry),
        cmocka_unit_test(test_wf3_no_certification_is_not_applicable),
        cmocka_unit_test(test_wf3_certification_without_expiry_runs_one_cycle_from_issue),
        cmocka_unit_test(test_wf3_cycle_follows_the_renewed_certification),
        cmocka_unit_test(test_wf3_hours_and_cycle_follow_policy),
        cmocka_unit_test(test_wf3_pace_applies_only_from_the_middle_of_the_cycle),
        cmocka_unit_test(test_wf3_progress_is_not_100_percent_while_ethics_hours_are_short),
        cmocka_unit_test(test_wf3_progress_is_100_percent_when_total_and_ethics_are_done),
        /* supervision */
        cmocka_unit_test(test_wf5_supervision_required_per_level_from_policy),
        cmocka_unit_test(test_wf5_supervision_rolling_30_days),
        cmocka_unit_test(test_wf5_supervision_at_required_is_compliant),
        cmocka_unit_test(test_wf5_supervision_at_half_is_due_soon_below_is_non_compliant),
        cmocka_unit_test(test_wf5_supervision_without_supervisor_is_non_compliant),
        cmocka_unit_test(test_wf5_supervision_no_level_not_applicable),
        /* progress toward certification */
        cmocka_unit_test(test_wf2_education_hs_ged_college_or_waiver),
        cmocka_unit_test(test_wf2_experience_exactly_200h),
        cmocka_unit_test(test_wf2_supervised_exactly_25h_from_sessions),
        cmocka_unit_test(test_wf2_training_exactly_18h),
        cmocka_unit_test(test_wf2_ready_only_when_all_four_are_met),
        /* overall and names */
        cmocka_unit_test(test_wf_overall_is_the_worst_requirement),
        cmocka_unit_test(test_wf_names_round_trip_and_refuse_unknown_strings),
        cmocka_unit_test(test_wf_stored_names_are_the_documented_ones),
    };
    return cmocka_run_group_tests_name("workforce", tests, NULL, NULL);
}
