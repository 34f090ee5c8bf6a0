/* policy.h - per-organization policy values (SPEC.md thresholds) with the New Jersey defaults. */
#ifndef PD_POLICY_H
#define PD_POLICY_H

#include <stddef.h>
#include <stdint.h>

/* Every policy value peerdesk knows. Order is the order of the settings page. */
enum pol {
    /* Security (HIPAA 164.312) */
    POL_SESSION_IDLE_MIN,
    POL_SESSION_MAX_HOURS,
    POL_LOCKOUT_FAILURES,
    POL_LOCKOUT_WINDOW_MIN,
    POL_PASSWORD_MIN_LEN,
    POL_API_TOKEN_DAYS,
    /* Workforce (WF-1 to WF-5) */
    POL_L2_TRAINING_HOURS,
    POL_EXPERIENCE_HOURS,
    POL_SUPERVISED_HOURS,
    POL_CE_HOURS,
    POL_CE_ETHICS_HOURS,
    POL_CE_CYCLE_MONTHS,
    POL_L2_CERT_WINDOW_MONTHS,
    POL_WARN_DAYS_1,
    POL_WARN_DAYS_2,
    POL_WARN_DAYS_3,
    POL_SUPERVISION_MIN_L1,
    POL_SUPERVISION_MIN_L2,
    POL_SUPERVISION_MIN_L3,
    POL_CASELOAD_DEFAULT,
    /* Services (SV-6, SV-8) */
    POL_CHECKUP_DAYS_ACTIVE,
    POL_CHECKUP_DAYS_DISCHARGED,
    POL_CHECKUP_TASK_AT_RISK,
    POL_CHECKUP_UNREACHABLE_TIMES,
    POL_CHECKUP_REINTERVENE_DAYS,
    POL_CHECKUP_AT_RISK_DAYS,
    POL_BILLING_UNIT_MIN,
    POL_BILLING_MIN_MINUTES,
    POL_BILLING_DAILY_CAP,
    /* Recoverees (RC-3 to RC-6) */
    POL_PLAN_REVIEW_DAYS,
    POL_BARC_CADENCE_DAYS,
    POL_DISCLOSURE_WINDOW_YEARS,
    POL_BREAK_GLASS_MINUTES,
    POL_INTAKE_REQUIRE_DOB,
    POL_INTAKE_REQUIRE_PHONE,
    POL_INTAKE_REQUIRE_LANGUAGE,
    POL_INTAKE_REQUIRE_PATHWAYS,
    /* Groups and monitoring (GR-3, GR-5, GR-6, GR-7) */
    POL_GROUP_SILENT_SESSIONS,
    POL_INCIDENT_ESCALATE_MIN,
    POL_MONITOR_GROUPS_PER_MONTH,
    POL_FEE_MIN_DOLLARS,
    POL_FEE_MAX_DOLLARS,
    /* Reporting (RP-3) */
    POL_SUPPRESS_MAX,
    POL__COUNT
};

struct policy_def {
    const char *key;   /* stable name stored in the database and used by the API */
    const char *group; /* heading on the settings page */
    const char *label; /* what a program director reads */
    const char *rule;  /* SPEC.md rule id it serves */
    const char *unit;  /* minutes, hours, days, ... */
    int64_t def;       /* New Jersey default */
    int64_t min, max;  /* accepted range */
};

extern const struct policy_def policy_defs[POL__COUNT];

/* An organization's effective values. */
struct policy {
    int64_t v[POL__COUNT];
};

/* Fill p with the New Jersey defaults. */
void policy_defaults(struct policy *p);

/* The index of key, or -1 when no such policy exists. */
int policy_find(const char *key);

/* Check a proposed value for policy i. Returns 0, or -1 with a sentence in msg. */
int policy_check(int i, int64_t value, char *msg, size_t msglen);
/* The same with the sentence in language lang (a catalog code, msg.h; NULL: English): the
 * policy's label and unit are the settings page's (settings.policy.KEY, settings.unit.UNIT). */
int policy_check_lang(int i, int64_t value, const char *lang, char *msg, size_t msglen);

#endif
