/* monitor.h - monitoring programs for licensed professionals as pure rules (SPEC GR-6, GR-8..GR-10):
 * the duties of a phase, the test lifecycle and its results, what is a violation, the due dates
 * of reports owed by others, and compliance per month, computed and never typed.
 *
 * Days are civil day numbers (civil.h) in the organization's zone. No I/O. */
#ifndef PD_MONITOR_H
#define PD_MONITOR_H

#include <stddef.h>
#include <stdint.h>

/* ---- duties (GR-6) -------------------------------------------------------------- */

enum mon_duty {
    DUTY_GROUP, /* facilitated group attendance (the group attendance itself, GR-3) */
    DUTY_MUTUAL_HELP, /* mutual-help meetings (12-step and the like), self-reported */
    DUTY_TESTING, /* random tests: the number is the draw's, not a frequency */
    DUTY_CHECKIN, /* the daily check-in (GR-8) */
    DUTY_WORKSITE_REPORT, /* a worksite monitor's report (GR-10) */
    DUTY_SELF_REPORT, /* the participant's own report */
    DUTY_TREATMENT_REPORT, /* a treatment provider's report */
    DUTY_RESTRICTION, /* a practice restriction, as text; counted never */
    DUTY__COUNT
};

enum mon_per { PER_DAY, PER_WEEK, PER_MONTH, PER_QUARTER, PER_YEAR, PER__COUNT };

const char *mon_duty_name(enum mon_duty k); /* "group", "mutual_help", ... */
int mon_duty_parse(const char *s);
const char *mon_per_name(enum mon_per p); /* "day", "week", "month", "quarter", "year" */
int mon_per_parse(const char *s);

/* A duty of a phase: count per period (DUTY_CHECKIN is 1 per day; DUTY_TESTING and
 * DUTY_RESTRICTION carry no count). */
struct mon_duty_rule {
    enum mon_duty kind;
    int count;
    enum mon_per per;
};

/* 0 when the rule is whole (count 1..999 for counted duties); else -1 and *why a message id. */
int mon_duty_check(const struct mon_duty_rule *r, const char **why);

/* The part of an agreement one phase covers, from..to inclusive (to = -1: open). */
struct mon_span {
    int32_t from, to;
    const struct mon_duty_rule *duties;
    size_t nduties;
};

/* How many of a counted duty fall due between first and last inclusive: for each day the
 * agreement's spans cover (and not in excused[], sorted or not), the day's phase contributes
 * count / (days in its period) (a week is 7 days, a month the day's month, a quarter the three
 * calendar months holding the day, a year 365 or 366), summed over the days and rounded half up.
 * A full month of "4 a month" is 4; half a month at 4 and half at 2 is 3; "5 a week" over a
 * 30-day month is 21. Days outside every span count nothing. */
int mon_required(const struct mon_span *spans, size_t nspans, enum mon_duty kind, int32_t first,
                 int32_t last, const int32_t *excused, size_t nexcused);

/* ---- tests (GR-9) --------------------------------------------------------------- */

enum mon_test_state {
    TEST_SELECTED,
    TEST_COLLECTED,
    TEST_SENT,
    TEST_RESULTED,
    TEST_VERIFIED, /* the medical review officer has verified the result */
    TEST_MISSED, /* not collected by the time to test by (a refusal: no-show) */
    TEST_EXCUSED, /* staff excused the selection with a reason */
    TEST_STATE__COUNT
};

enum mon_result {
    RES_NEGATIVE,
    RES_POSITIVE,
    RES_DILUTE,
    RES_ADULTERATED, /* adulterated or substituted: a refusal */
    RES_INVALID,
    RES_CANCELLED,
    RES__COUNT
};

const char *mon_test_state_name(enum mon_test_state s);
int mon_test_state_parse(const char *s);
const char *mon_result_name(enum mon_result r);
int mon_result_parse(const char *s);

/* 1 when a test may move from one state to the other: selected -> collected | missed |
 * excused; collected -> sent; sent -> resulted; resulted -> verified; missed -> excused (staff
 * excuse a missed test with a reason). Nothing else, and nothing leaves verified or excused. */
int mon_test_may_move(enum mon_test_state from, enum mon_test_state to);

/* ---- violations (GR-9) ---------------------------------------------------------- */

enum mon_violation {
    VIO_MISSED_CHECKIN,
    VIO_MISSED_TEST,
    VIO_POSITIVE, /* a verified positive (the MRO found no legitimate explanation) */
    VIO_REFUSAL, /* adulterated or substituted, no specimen, refused observation */
    VIO_DILUTE, /* a dilute specimen: the program decides, so staff confirm or excuse it */
    VIO_LATE_REPORT,
    VIO__COUNT
};

enum mon_vio_state { VIO_OPEN, VIO_CONFIRMED, VIO_EXCUSED, VIO_STATE__COUNT };

const char *mon_violation_name(enum mon_violation v);
int mon_violation_parse(const char *s);
const char *mon_vio_state_name(enum mon_vio_state s);
int mon_vio_state_parse(const char *s);

/* What a verified result makes: VIO_POSITIVE for positive, VIO_REFUSAL for adulterated, VIO_DILUTE
 * for dilute; -1 (no violation) for negative, invalid and cancelled (an invalid or cancelled test
 * is collected again, not held against the participant). */
int mon_result_violation(enum mon_result r);

/* An open violation is confirmed or excused by staff with a reason of 1..1000 bytes; a decided
 * one is never decided again. 0, or -1 and *why a message id (monitor.err.*). */
int mon_vio_decide_check(enum mon_vio_state now, enum mon_vio_state to, const char *reason,
                         const char **why);

/* ---- reports owed by others (GR-10) --------------------------------------------- */

/* The due days of a report owed every `months` months from an agreement's start: start +
 * months, start + 2 * months, ... (civil_add_months, clamped to the end of a short month), up
 * to and including last. Writes at most cap days into out; returns how many there are in all. */
size_t mon_report_due_days(int32_t start, int months, int32_t last, int32_t *out, size_t cap);

/* On time when received on or before its due day plus grace days; late after that. */
int mon_report_late(int32_t due, int32_t received, int grace_days);

/* ---- compliance (GR-6) ---------------------------------------------------------- */

/* What was done in one month (or to date in the current month), as the store counted it. */
struct mon_month_in {
    int year, month; /* 1..12 */
    int32_t through; /* the last day counted: the month's last day, or today in this month */
    const struct mon_span *spans; /* the agreement's phases */
    size_t nspans;
    const int32_t *excused; /* approved unavailability days (testing and check-in) */
    size_t nexcused;
    int done[DUTY__COUNT]; /* group sessions attended, meetings reported, check-ins made, tests
                            * collected, reports received on time */
    int owed[DUTY__COUNT]; /* DUTY_TESTING: selections not excused; reports: reports due */
    int violations[VIO__COUNT]; /* confirmed violations dated in the month */
};

struct mon_duty_result {
    enum mon_duty kind;
    int required;
    int done;
    int percent; /* floor(done * 100 / required); 100 when nothing was required */
    int flagged; /* done < required */
};

/* A month still under way (through before its last day) is in progress: what is short so far
 * is shown but not flagged, since the rest of the month can still make it up; a confirmed
 * violation makes it non-compliant at once. */
enum mon_status { MON_COMPLIANT, MON_NON_COMPLIANT, MON_NOT_STARTED, MON_IN_PROGRESS, MON_STATUS__COUNT };

const char *mon_status_name(enum mon_status s); /* "compliant", "non_compliant", "not_started",
                                                   * "in_progress" */

struct mon_month_result {
    struct mon_duty_result duty[DUTY__COUNT];
    size_t nduty; /* the counted duties the month required, in enum order */
    enum mon_status status;
    /* The reasons, as message ids with the duty or violation they name: each flagged duty
     * ("monitor.reason.duty_short") and each kind of confirmed violation
     * ("monitor.reason.violation"). */
    struct {
        const char *msgid;
        int duty; /* enum mon_duty, or -1 */
        int violation; /* enum mon_violation, or -1 */
        int count;
    } reason[DUTY__COUNT + VIO__COUNT];
    size_t nreason;
};

/* A month's compliance: for each counted duty the phases covering some day of the month (up to
 * `through`) require (group, mutual-help and check-ins from mon_required over the month's days
 * through `through`, the spans carrying DUTY_CHECKIN 1 a day where check-in is daily; excused[]
 * takes days off the check-ins only), and for testing and reports
 * whatever owed[] or done[] hold (what fell due this month): required, done, percent (at most
 * 100) and flag. The month is
 * non-compliant when a duty is flagged or a violation was confirmed, and not started when no span
 * covers any day of it up to through. Example: 4 groups required, 3 attended is 75%, flagged,
 * non-compliant. */
void mon_month(const struct mon_month_in *in, struct mon_month_result *out);

#endif
