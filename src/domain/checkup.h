/* checkup.h - recovery check-ups (SPEC SV-6) as pure rules: a recoveree's cadence, when the
 * next check-up is due, whether it is due today or overdue, and which outcomes call for an
 * early re-intervention task (Recovery Management Checkups, Scott & Dennis: quarterly after
 * treatment, with early re-intervention when a check-up finds a need).
 *
 * Nothing here does I/O. Dates are civil day numbers (civil.h) in the organization's time
 * zone: the caller passes its "today". */
#ifndef PD_CHECKUP_H
#define PD_CHECKUP_H

#include <stdint.h>

#include "policy.h"

/* How often a recoveree is checked up on. Weekly and every two weeks count days; monthly and
 * quarterly count calendar months (2026-01-31 + 1 month = 2026-02-28), as RMC counts quarters
 * from the index date; custom counts the recoveree's own number of days. */
enum ck_cadence { CK_WEEKLY, CK_BIWEEKLY, CK_MONTHLY, CK_QUARTERLY, CK_CUSTOM, CK_CADENCE__COUNT };

/* What a check-up found (the outcome codes of SV-6). */
enum ck_outcome { CK_STABLE, CK_AT_RISK, CK_REINTERVENTION, CK_UNREACHABLE, CK_OUTCOME__COUNT };

/* How the check-up was made. */
enum ck_modality { CK_TELEPHONE, CK_TEXT, CK_IN_PERSON, CK_VIDEO, CK_MODALITY__COUNT };

/* Where a recoveree stands on a day. */
enum ck_state {
    CK_UPCOMING,  /* due after today */
    CK_DUE_TODAY, /* due today */
    CK_OVERDUE,   /* due before today */
    CK_NOT_DUE,   /* no check-ups (a closed record) */
};

/* The longest custom interval (the table's CHECK): a year and a day. */
#define CK_CUSTOM_MAX_DAYS 366

/* The interval in days that the cadence stores (every_days): 7, 14, 30, 91, or custom_days
 * for CK_CUSTOM (1..CK_CUSTOM_MAX_DAYS; anything else gives -1). Monthly and quarterly store
 * their length in days for reading, but ck_after counts calendar months for them. */
int ck_cadence_days(enum ck_cadence c, int custom_days);

/* The day one interval after base: calendar months for monthly and quarterly, every_days
 * otherwise. base < 0 gives -1. */
int32_t ck_after(enum ck_cadence c, int every_days, int32_t base);

/* The inverse of ck_after: the day an interval before next_due (what a stored next due date
 * was counted from). next_due < 0 gives -1. */
int32_t ck_before(enum ck_cadence c, int every_days, int32_t next_due);

/* SV-6: the next check-up is due one interval after the later of the last check-up (-1: none
 * yet) and the day the cadence starts. -1 when neither is known. */
int32_t ck_next_due(enum ck_cadence c, int every_days, int32_t start, int32_t last);

/* The organization's default for a recoveree with no cadence of their own (policy values
 * checkup_days_active and checkup_days_discharged): an active recoveree every
 * checkup_days_active days from intake, a discharged one every checkup_days_discharged days
 * from discharge (status_date). Fills *every_days and *start and returns 1; a closed record
 * (or an unknown status) has no check-ups: 0. */
int ck_default_cadence(const char *status, int32_t intake, int32_t status_date,
                       const struct policy *pol, int *every_days, int32_t *start);

/* Where a check-up due on next_due stands on today (the organization's day): CK_OVERDUE with
 * *days the days overdue, CK_DUE_TODAY with 0, CK_UPCOMING with the days left; next_due < 0
 * is CK_NOT_DUE. days may be NULL. */
enum ck_state ck_state_of(int32_t next_due, int32_t today, int32_t *days);

/* Whether a check-up's outcome calls for an early re-intervention task, and when it is due. */
struct ck_task_rule {
    int create;   /* 1: make a task */
    int due_days; /* days after the check-up's day that it is due */
};

/* SV-6, the outcome rule: re-intervention needed always makes a task, due within
 * checkup_reintervention_days; at risk makes one when checkup_task_at_risk is 1, due within
 * checkup_at_risk_days; unreachable makes one when unreachable_run (the unreachable
 * check-ups in a row, this one included) reaches checkup_unreachable_times, due within
 * checkup_reintervention_days (someone out of touch that long needs finding); stable never. */
void ck_task_for(enum ck_outcome o, int unreachable_run, const struct policy *pol,
                 struct ck_task_rule *out);

/* Names for storage and the API ("weekly", "at_risk", "in_person"); parsers return -1 for
 * anything unknown (NULL included). */
const char *ck_cadence_name(enum ck_cadence c);
int ck_cadence_parse(const char *s);
const char *ck_outcome_name(enum ck_outcome o);
int ck_outcome_parse(const char *s);
const char *ck_modality_name(enum ck_modality m);
int ck_modality_parse(const char *s);
const char *ck_state_name(enum ck_state s); /* "upcoming", "due_today", "overdue", "not_due" */

#endif
