/* policy.c - the table of policy values, their ranges and the New Jersey defaults (SPEC.md). */
#include "policy.h"

#include <stdio.h>
#include <string.h>

#include "wf_text.h"

/* Ranges keep a typo from disabling a safeguard (an idle timeout of 0, a
 * lockout after 10000 failures) while leaving states room to differ. */
const struct policy_def policy_defs[POL__COUNT] = {
    [POL_SESSION_IDLE_MIN] = {"session_idle_minutes", "Security", "Sign out after inactivity",
                              "HIPAA 164.312(a)(2)(iii)", "minutes", 15, 2, 240},
    [POL_SESSION_MAX_HOURS] = {"session_max_hours", "Security", "Longest session, active or not",
                               "HIPAA 164.312(d)", "hours", 12, 1, 72},
    [POL_LOCKOUT_FAILURES] = {"lockout_failures", "Security",
                              "Wrong passwords that lock an account", "HIPAA 164.312(d)",
                              "attempts", 10, 3, 50},
    [POL_LOCKOUT_WINDOW_MIN] = {"lockout_window_minutes", "Security",
                                "Window for counting wrong passwords (and lock length)",
                                "HIPAA 164.312(d)", "minutes", 15, 5, 1440},
    [POL_PASSWORD_MIN_LEN] = {"password_min_length", "Security", "Shortest password allowed",
                              "HIPAA 164.312(d)", "characters", 12, 10, 64},
    [POL_API_TOKEN_DAYS] = {"api_token_days", "Security", "API tokens expire after",
                            "HIPAA 164.312(d)", "days", 90, 1, 365},
    [POL_L2_TRAINING_HOURS] = {"l2_training_hours", "Workforce",
                               "Ethics & CCAR training hours for Level 2", "WF-1", "hours", 18, 1,
                               200},
    [POL_EXPERIENCE_HOURS] = {"experience_hours", "Workforce",
                              "Direct experience hours before certification", "WF-2", "hours", 200,
                              200, 500},
    [POL_SUPERVISED_HOURS] = {"supervised_hours", "Workforce",
                              "Hours of direct supervision before certification", "WF-2", "hours",
                              25, 1, 200},
    [POL_CE_HOURS] = {"ce_hours", "Workforce", "Continuing education hours per cycle", "WF-3",
                      "hours", 20, 1, 200},
    [POL_CE_ETHICS_HOURS] = {"ce_ethics_hours", "Workforce",
                             "Of which ethics and professional boundaries", "WF-3", "hours", 6, 0,
                             200},
    [POL_CE_CYCLE_MONTHS] = {"ce_cycle_months", "Workforce", "Certification cycle length", "WF-3",
                             "months", 24, 6, 60},
    [POL_L2_CERT_WINDOW_MONTHS] = {"l2_cert_window_months", "Workforce",
                                   "Level 2: certify within this long after hire", "WF-1",
                                   "months", 12, 1, 60},
    [POL_WARN_DAYS_1] = {"warn_days_first", "Workforce", "First renewal warning", "WF-3", "days",
                         90, 1, 365},
    [POL_WARN_DAYS_2] = {"warn_days_second", "Workforce", "Second renewal warning", "WF-3", "days",
                         60, 1, 365},
    [POL_WARN_DAYS_3] = {"warn_days_third", "Workforce", "Final renewal warning", "WF-3", "days",
                         30, 1, 365},
    [POL_SUPERVISION_MIN_L1] = {"supervision_minutes_l1", "Workforce",
                                "Supervision per 30 days, Level 1 (low intensity)", "WF-5", "minutes", 60, 0,
                                2400},
    [POL_SUPERVISION_MIN_L2] = {"supervision_minutes_l2", "Workforce",
                                "Supervision per 30 days, Level 2 (up to moderate intensity)", "WF-5", "minutes", 120, 0,
                                2400},
    [POL_SUPERVISION_MIN_L3] = {"supervision_minutes_l3", "Workforce",
                                "Supervision per 30 days, Level 3 (up to high intensity)", "WF-5", "minutes", 60, 0,
                                2400},
    [POL_CASELOAD_DEFAULT] = {"caseload_default", "Workforce", "Default caseload capacity",
                              "RC-2", "recoverees", 25, 1, 200},
    [POL_CHECKUP_DAYS_ACTIVE] = {"checkup_days_active", "Services",
                                 "Recovery check-up cadence while active", "SV-6", "days", 7, 1,
                                 365},
    [POL_CHECKUP_DAYS_DISCHARGED] = {"checkup_days_discharged", "Services",
                                     "Recovery check-up cadence after discharge", "SV-6", "days",
                                     90, 7, 365},
    /* SV-6: when a check-up's outcome makes an early re-intervention task, and how soon. */
    [POL_CHECKUP_TASK_AT_RISK] = {"checkup_task_at_risk", "Services",
                                  "An at-risk check-up makes a re-intervention task (1 yes, 0 no)",
                                  "SV-6", "yes/no", 1, 0, 1},
    [POL_CHECKUP_UNREACHABLE_TIMES] = {"checkup_unreachable_times", "Services",
                                       "Unreachable check-ups in a row that make a task", "SV-6",
                                       "check-ups", 3, 1, 10},
    [POL_CHECKUP_REINTERVENE_DAYS] = {"checkup_reintervention_days", "Services",
                                      "Re-intervention task due within (re-intervention needed, "
                                      "unreachable)",
                                      "SV-6", "days", 2, 0, 30},
    [POL_CHECKUP_AT_RISK_DAYS] = {"checkup_at_risk_days", "Services",
                                  "Re-intervention task due within (at risk)", "SV-6", "days", 7,
                                  0, 60},
    [POL_BILLING_UNIT_MIN] = {"billing_unit_minutes", "Services", "Billing unit length", "SV-8",
                              "minutes", 15, 1, 60},
    [POL_BILLING_MIN_MINUTES] = {"billing_min_minutes", "Services",
                                 "Minutes that make the first unit (8-minute rule)", "SV-8",
                                 "minutes", 8, 1, 60},
    [POL_BILLING_DAILY_CAP] = {"billing_daily_cap_units", "Services",
                               "Units billable per recoveree per day (H0038)", "SV-8", "units", 16,
                               1, 96},
    [POL_PLAN_REVIEW_DAYS] = {"plan_review_days", "Recoverees", "Recovery plan review interval",
                              "RC-5", "days", 90, 7, 365},
    [POL_BARC_CADENCE_DAYS] = {"barc10_cadence_days", "Recoverees", "BARC-10 re-assessment interval",
                               "RC-6", "days", 90, 7, 365},
    [POL_DISCLOSURE_WINDOW_YEARS] = {"disclosure_accounting_years", "Recoverees",
                                     "Accounting of disclosures look-back", "RC-4", "years", 3, 3,
                                     6},
    [POL_BREAK_GLASS_MINUTES] = {"break_glass_minutes", "Recoverees",
                                 "Emergency (break-glass) access lasts", "HIPAA 164.312(a)(2)(ii)",
                                 "minutes", 60, 5, 720},
    [POL_INTAKE_REQUIRE_DOB] = {"intake_require_dob", "Recoverees",
                                "Intake requires date of birth (1 yes, 0 no)", "RC-1", "yes/no", 1,
                                0, 1},
    [POL_INTAKE_REQUIRE_PHONE] = {"intake_require_phone", "Recoverees",
                                  "Intake requires a phone number (1 yes, 0 no)", "RC-1", "yes/no",
                                  0, 0, 1},
    [POL_INTAKE_REQUIRE_LANGUAGE] = {"intake_require_language", "Recoverees",
                                     "Intake requires preferred language (1 yes, 0 no)", "RC-1",
                                     "yes/no", 1, 0, 1},
    [POL_INTAKE_REQUIRE_PATHWAYS] = {"intake_require_pathways", "Recoverees",
                                     "Intake requires pathway preferences (1 yes, 0 no)", "RC-1",
                                     "yes/no", 0, 0, 1},
    [POL_GROUP_SILENT_SESSIONS] = {"group_silent_sessions", "Groups",
                                   "Sessions without sharing before a member is shown", "GR-3",
                                   "sessions", 3, 1, 20},
    /* GR-5: an incident report the case manager has not acknowledged this long after it was
     * made goes to their supervisor too (notify_escalate_due). At least a minute: the mailer
     * looks every few seconds; at most a day, since a report of harm cannot wait longer. */
    [POL_INCIDENT_ESCALATE_MIN] = {"incident_escalate_minutes", "Groups",
                                   "An unacknowledged incident report goes to the supervisor after",
                                   "GR-5", "minutes", 30, 1, 1440},
    [POL_MONITOR_GROUPS_PER_MONTH] = {"monitor_groups_per_month", "Groups",
                                      "Default required group attendance per month", "GR-6",
                                      "sessions", 4, 0, 31},
    [POL_FEE_MIN_DOLLARS] = {"fee_min_dollars", "Groups", "Lowest monthly group fee (sliding scale)",
                             "GR-7", "dollars", 20, 0, 10000},
    [POL_FEE_MAX_DOLLARS] = {"fee_max_dollars", "Groups", "Highest monthly group fee", "GR-7",
                             "dollars", 80, 0, 10000},
    [POL_SUPPRESS_MAX] = {"suppress_max_count", "Reporting",
                          "Suppress de-identified counts from 1 up to", "RP-3", "count", 10, 10,
                          100},
};

void policy_defaults(struct policy *p)
{
    for (int i = 0; i < POL__COUNT; i++)
        p->v[i] = policy_defs[i].def;
}

int policy_find(const char *key)
{
    for (int i = 0; i < POL__COUNT; i++)
        if (strcmp(policy_defs[i].key, key) == 0)
            return i;
    return -1;
}

int policy_check(int i, int64_t value, char *msg, size_t msglen)
{
    return policy_check_lang(i, value, NULL, msg, msglen);
}

/* "@" + prefix + name, name's '/' and '-' as '_': the catalog id of a label or a unit as a
 * sentence argument (wf_text.h), "@settings.unit.yes_no" for "yes/no". */
static void label_arg(char *out, size_t n, const char *prefix, const char *name)
{
    int len = snprintf(out, n, "@%s%s", prefix, name);
    for (char *p = out + 1 + strlen(prefix); len > 0 && *p; p++)
        if (*p == '/' || *p == '-')
            *p = '_';
}

int policy_check_lang(int i, int64_t value, const char *lang, char *msg, size_t msglen)
{
    const struct policy_def *d = &policy_defs[i];
    if (value < d->min || value > d->max) {
        char lo[24], hi[24], label[96], unit[64];
        snprintf(lo, sizeof lo, "%lld", (long long)d->min);
        snprintf(hi, sizeof hi, "%lld", (long long)d->max);
        label_arg(label, sizeof label, "settings.policy.", d->key);
        label_arg(unit, sizeof unit, "settings.unit.", d->unit);
        struct wf_text t;
        wf_text_set(&t, "settings.err.range", "label", label, "min", lo, "max", hi, "unit", unit,
                    NULL);
        wf_text_format(&t, lang, msg, msglen);
        return -1;
    }
    return 0;
}
