/* monitor.c - monitoring programs' pure rules (monitor.h). */
#include "monitor.h"

#include <string.h>

#include "civil.h"

static const char *const duty_names[DUTY__COUNT] = {
    "group",           "mutual_help", "testing",          "checkin",
    "worksite_report", "self_report", "treatment_report", "restriction",
};
static const char *const per_names[PER__COUNT] = {"day", "week", "month", "quarter", "year"};
static const char *const state_names[TEST_STATE__COUNT] = {
    "selected", "collected", "sent", "resulted", "verified", "missed", "excused",
};
static const char *const result_names[RES__COUNT] = {
    "negative", "positive", "dilute", "adulterated", "invalid", "cancelled",
};
static const char *const vio_names[VIO__COUNT] = {
    "missed_checkin", "missed_test", "positive", "refusal", "dilute", "late_report",
};
static const char *const vio_state_names[VIO_STATE__COUNT] = {"open", "confirmed", "excused"};
static const char *const status_names[MON_STATUS__COUNT] = {"compliant", "non_compliant",
                                                            "not_started", "in_progress"};

static int parse(const char *const *names, int n, const char *s)
{
    if (!s)
        return -1;
    for (int i = 0; i < n; i++)
        if (!strcmp(names[i], s))
            return i;
    return -1;
}

static const char *name(const char *const *names, int n, int i)
{
    return i >= 0 && i < n ? names[i] : "";
}

const char *mon_duty_name(enum mon_duty k)
{
    return name(duty_names, DUTY__COUNT, (int)k);
}
int mon_duty_parse(const char *s)
{
    return parse(duty_names, DUTY__COUNT, s);
}
const char *mon_per_name(enum mon_per p)
{
    return name(per_names, PER__COUNT, (int)p);
}
int mon_per_parse(const char *s)
{
    return parse(per_names, PER__COUNT, s);
}
const char *mon_test_state_name(enum mon_test_state s)
{
    return name(state_names, TEST_STATE__COUNT, (int)s);
}
int mon_test_state_parse(const char *s)
{
    return parse(state_names, TEST_STATE__COUNT, s);
}
const char *mon_result_name(enum mon_result r)
{
    return name(result_names, RES__COUNT, (int)r);
}
int mon_result_parse(const char *s)
{
    return parse(result_names, RES__COUNT, s);
}
const char *mon_violation_name(enum mon_violation v)
{
    return name(vio_names, VIO__COUNT, (int)v);
}
int mon_violation_parse(const char *s)
{
    return parse(vio_names, VIO__COUNT, s);
}
const char *mon_vio_state_name(enum mon_vio_state s)
{
    return name(vio_state_names, VIO_STATE__COUNT, (int)s);
}
int mon_vio_state_parse(const char *s)
{
    return parse(vio_state_names, VIO_STATE__COUNT, s);
}
const char *mon_status_name(enum mon_status s)
{
    return name(status_names, MON_STATUS__COUNT, (int)s);
}

static int counted(enum mon_duty k)
{
    return k == DUTY_GROUP || k == DUTY_MUTUAL_HELP || k == DUTY_CHECKIN ||
           k == DUTY_WORKSITE_REPORT || k == DUTY_SELF_REPORT || k == DUTY_TREATMENT_REPORT;
}

int mon_duty_check(const struct mon_duty_rule *r, const char **why)
{
    if ((unsigned)r->kind >= DUTY__COUNT) {
        *why = "monitor.err.duty_kind";
        return -1;
    }
    if ((unsigned)r->per >= PER__COUNT) {
        *why = "monitor.err.duty_per";
        return -1;
    }
    if (counted(r->kind) && (r->count < 1 || r->count > 999)) {
        *why = "monitor.err.duty_count";
        return -1;
    }
    *why = NULL;
    return 0;
}

/* ---- required counts ------------------------------------------------------------- */

/* Days in the period of per holding day. */
static int period_days(enum mon_per per, int32_t day)
{
    int y, m, d;
    civil_split(day, &y, &m, &d);
    switch (per) {
    case PER_DAY:
        return 1;
    case PER_WEEK:
        return 7;
    case PER_MONTH:
        return civil_add_months(civil_days(y, m, 1), 1) - civil_days(y, m, 1);
    case PER_QUARTER: {
        int q = (m - 1) / 3 * 3 + 1;
        return civil_add_months(civil_days(y, q, 1), 3) - civil_days(y, q, 1);
    }
    case PER_YEAR:
        return civil_days(y + 1, 1, 1) - civil_days(y, 1, 1);
    default:
        return 1;
    }
}

static int is_excused(int32_t day, const int32_t *ex, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (ex[i] == day)
            return 1;
    return 0;
}

/* Greatest common divisor, for the exact sum below. */
static int64_t gcd64(int64_t a, int64_t b)
{
    while (b) {
        int64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* The longest period (a leap year), and so the largest denominator of a day's share. */
#define PERIOD_MAX 366

int mon_required(const struct mon_span *spans, size_t nspans, enum mon_duty kind, int32_t first,
                 int32_t last, const int32_t *excused, size_t nexcused)
{
    /* Exact: each day adds count/P for its period's length P (1, 7, 28..31, 90..92, 365,
     * 366), so the counts are summed per P as integers and the fractions added once over the
     * least common multiple of the P seen (at most about 1.5e12 for all of them), in 128 bits:
     * no rounding error can push a sum just under one half up, or a half down. */
    int64_t per_len[PERIOD_MAX + 1] = {0};
    for (int32_t day = first; day <= last; day++) {
        if (is_excused(day, excused, nexcused))
            continue;
        for (size_t s = 0; s < nspans; s++) {
            if (day < spans[s].from || (spans[s].to >= 0 && day > spans[s].to))
                continue;
            for (size_t k = 0; k < spans[s].nduties; k++) {
                const struct mon_duty_rule *r = &spans[s].duties[k];
                if (r->kind == kind && r->count > 0)
                    per_len[period_days(r->per, day)] += r->count;
            }
            break; /* one phase covers a day: the first span that holds it */
        }
    }
    int64_t lcm = 1;
    for (int p = 1; p <= PERIOD_MAX; p++)
        if (per_len[p])
            lcm = lcm / gcd64(lcm, p) * p;
    __int128 num = 0;
    for (int p = 1; p <= PERIOD_MAX; p++)
        if (per_len[p])
            num += (__int128)per_len[p] * (lcm / p);
    /* Rounded half up: floor(num / lcm + 1/2). */
    __int128 n = (2 * num + lcm) / (2 * (__int128)lcm);
    return n > INT32_MAX ? INT32_MAX : (int)n;
}

/* ---- tests and violations -------------------------------------------------------- */

int mon_test_may_move(enum mon_test_state from, enum mon_test_state to)
{
    switch (from) {
    case TEST_SELECTED:
        return to == TEST_COLLECTED || to == TEST_MISSED || to == TEST_EXCUSED;
    case TEST_COLLECTED:
        return to == TEST_SENT;
    case TEST_SENT:
        return to == TEST_RESULTED;
    case TEST_RESULTED:
        return to == TEST_VERIFIED;
    case TEST_MISSED:
        return to == TEST_EXCUSED;
    default:
        return 0;
    }
}

int mon_result_violation(enum mon_result r)
{
    switch (r) {
    case RES_POSITIVE:
        return VIO_POSITIVE;
    case RES_ADULTERATED:
        return VIO_REFUSAL;
    case RES_DILUTE:
        return VIO_DILUTE;
    default:
        return -1;
    }
}

int mon_vio_decide_check(enum mon_vio_state now, enum mon_vio_state to, const char *reason,
                         const char **why)
{
    if (now != VIO_OPEN) {
        *why = "monitor.err.decided";
        return -1;
    }
    if (to != VIO_CONFIRMED && to != VIO_EXCUSED) {
        *why = "monitor.err.decision";
        return -1;
    }
    /* 1..1000 bytes as given, and not only blanks. */
    size_t len = reason ? strlen(reason) : 0, blank = 0;
    while (blank < len && (reason[blank] == ' ' || reason[blank] == '\t' || reason[blank] == '\r' ||
                           reason[blank] == '\n'))
        blank++;
    if (blank == len || len > 1000) {
        *why = "monitor.err.reason";
        return -1;
    }
    *why = NULL;
    return 0;
}

/* ---- reports owed ---------------------------------------------------------------- */

size_t mon_report_due_days(int32_t start, int months, int32_t last, int32_t *out, size_t cap)
{
    size_t n = 0;
    if (months < 1)
        return 0;
    /* Dates peerdesk accepts span 1900-2200 (civil.h): no due day lies more than 400 years
     * after a start, and stopping there keeps k * months and civil_add_months in range. */
    for (int64_t k = 1; k * months <= 12 * 400; k++) {
        int32_t due = civil_add_months(start, (int)(k * months));
        if (due > last)
            break;
        if (n < cap)
            out[n] = due;
        n++;
    }
    return n;
}

int mon_report_late(int32_t due, int32_t received, int grace_days)
{
    return received > due + grace_days;
}

/* ---- compliance ------------------------------------------------------------------ */

/* 1 when span s covers some day of first..last. */
static int span_meets(const struct mon_span *s, int32_t first, int32_t last)
{
    return s->from <= last && (s->to < 0 || s->to >= first);
}

/* The duties counted from what fell due (owed[]), not from a frequency. */
static int from_owed(int k)
{
    return k == DUTY_TESTING || k == DUTY_WORKSITE_REPORT || k == DUTY_SELF_REPORT ||
           k == DUTY_TREATMENT_REPORT;
}

static void add_reason(struct mon_month_result *out, const char *msgid, int duty, int violation,
                       int count)
{
    size_t i = out->nreason++;
    out->reason[i].msgid = msgid;
    out->reason[i].duty = duty;
    out->reason[i].violation = violation;
    out->reason[i].count = count;
}

void mon_month(const struct mon_month_in *in, struct mon_month_result *out)
{
    memset(out, 0, sizeof *out);
    int32_t first = civil_days(in->year, in->month, 1);
    int32_t last = civil_add_months(first, 1) - 1;
    int32_t through = in->through < last ? in->through : last;
    int in_progress = through < last;
    /* The first and last day a phase covers, up to through. */
    int32_t cov_first = -1, cov_last = -1;
    for (int32_t d = first; d <= through; d++)
        for (size_t s = 0; s < in->nspans; s++)
            if (d >= in->spans[s].from && (in->spans[s].to < 0 || d <= in->spans[s].to)) {
                if (cov_first < 0)
                    cov_first = d;
                cov_last = d;
                break;
            }
    if (cov_first < 0) {
        out->status = MON_NOT_STARTED;
        return;
    }
    for (int k = 0; k < DUTY__COUNT; k++) {
        int asked = 0, required = 0;
        if (from_owed(k)) {
            /* What fell due this month, whatever the phase lists. */
            asked = in->owed[k] > 0 || in->done[k] > 0;
            required = in->owed[k];
        } else if (counted((enum mon_duty)k)) {
            /* A duty of a phase that covers some day of the month counted so far. */
            for (size_t s = 0; s < in->nspans && !asked; s++)
                if (span_meets(&in->spans[s], cov_first, cov_last))
                    for (size_t q = 0; q < in->spans[s].nduties; q++)
                        if ((int)in->spans[s].duties[q].kind == k)
                            asked = 1;
            /* Approved unavailability excuses check-ins (and selections, which owed[] already
             * leaves out), not group attendance or meetings. */
            int daily = k == DUTY_CHECKIN;
            if (asked)
                required =
                    mon_required(in->spans, in->nspans, (enum mon_duty)k, cov_first, cov_last,
                                 daily ? in->excused : NULL, daily ? in->nexcused : 0);
        }
        if (!asked)
            continue;
        struct mon_duty_result *r = &out->duty[out->nduty++];
        r->kind = (enum mon_duty)k;
        r->required = required;
        r->done = in->done[k];
        r->percent = required > 0 ? (int)((long long)r->done * 100 / required) : 100;
        if (r->percent > 100)
            r->percent = 100;
        if (r->percent < 0)
            r->percent = 0;
        r->flagged = r->done < r->required && !in_progress;
        if (r->flagged)
            add_reason(out, "monitor.reason.duty_short", k, -1, required - r->done);
    }
    for (int v = 0; v < VIO__COUNT; v++)
        if (in->violations[v] > 0)
            add_reason(out, "monitor.reason.violation", -1, v, in->violations[v]);
    out->status = out->nreason ? MON_NON_COMPLIANT : in_progress ? MON_IN_PROGRESS : MON_COMPLIANT;
}
