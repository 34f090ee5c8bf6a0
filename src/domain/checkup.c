/* checkup.c - recovery check-up rules (checkup.h, SPEC SV-6). */
#include "checkup.h"

#include <string.h>

#include "civil.h"

static const char *const cadence_names[CK_CADENCE__COUNT] = {"weekly", "biweekly", "monthly",
                                                             "quarterly", "custom"};
static const char *const outcome_names[CK_OUTCOME__COUNT] = {"stable", "at_risk",
                                                             "reintervention", "unreachable"};
static const char *const modality_names[CK_MODALITY__COUNT] = {"telephone", "text", "in_person",
                                                               "video"};

int ck_cadence_days(enum ck_cadence c, int custom_days)
{
    switch (c) {
    case CK_WEEKLY: return 7;
    case CK_BIWEEKLY: return 14;
    case CK_MONTHLY: return 30;
    case CK_QUARTERLY: return 91;
    case CK_CUSTOM:
        return custom_days >= 1 && custom_days <= CK_CUSTOM_MAX_DAYS ? custom_days : -1;
    case CK_CADENCE__COUNT: break;
    }
    return -1;
}

/* Calendar months of a month-counted cadence, 0 for a day-counted one. */
static int months_of(enum ck_cadence c)
{
    return c == CK_MONTHLY ? 1 : c == CK_QUARTERLY ? 3 : 0;
}

int32_t ck_after(enum ck_cadence c, int every_days, int32_t base)
{
    if (base < 0)
        return -1;
    int m = months_of(c);
    if (m)
        return civil_add_months(base, m);
    return base + (every_days > 0 ? every_days : 1);
}

int32_t ck_before(enum ck_cadence c, int every_days, int32_t next_due)
{
    if (next_due < 0)
        return -1;
    int m = months_of(c);
    if (m)
        return civil_add_months(next_due, -m);
    int32_t d = next_due - (every_days > 0 ? every_days : 1);
    return d < 0 ? 0 : d;
}

int32_t ck_next_due(enum ck_cadence c, int every_days, int32_t start, int32_t last)
{
    int32_t base = last > start ? last : start;
    return ck_after(c, every_days, base);
}

int ck_default_cadence(const char *status, int32_t intake, int32_t status_date,
                       const struct policy *pol, int *every_days, int32_t *start)
{
    if (status && !strcmp(status, "active")) {
        *every_days = (int)pol->v[POL_CHECKUP_DAYS_ACTIVE];
        *start = intake;
        return 1;
    }
    if (status && !strcmp(status, "discharged")) {
        *every_days = (int)pol->v[POL_CHECKUP_DAYS_DISCHARGED];
        *start = status_date;
        return 1;
    }
    return 0;
}

enum ck_state ck_state_of(int32_t next_due, int32_t today, int32_t *days)
{
    int32_t d = 0;
    enum ck_state s;
    if (next_due < 0)
        s = CK_NOT_DUE;
    else if (next_due < today)
        s = CK_OVERDUE, d = today - next_due;
    else if (next_due == today)
        s = CK_DUE_TODAY;
    else
        s = CK_UPCOMING, d = next_due - today;
    if (days)
        *days = d;
    return s;
}

void ck_task_for(enum ck_outcome o, int unreachable_run, const struct policy *pol,
                 struct ck_task_rule *out)
{
    out->create = 0;
    out->due_days = 0;
    switch (o) {
    case CK_REINTERVENTION:
        out->create = 1;
        out->due_days = (int)pol->v[POL_CHECKUP_REINTERVENE_DAYS];
        break;
    case CK_AT_RISK:
        out->create = pol->v[POL_CHECKUP_TASK_AT_RISK] != 0;
        out->due_days = (int)pol->v[POL_CHECKUP_AT_RISK_DAYS];
        break;
    case CK_UNREACHABLE:
        out->create = unreachable_run >= pol->v[POL_CHECKUP_UNREACHABLE_TIMES];
        out->due_days = (int)pol->v[POL_CHECKUP_REINTERVENE_DAYS];
        break;
    case CK_STABLE:
    case CK_OUTCOME__COUNT: break;
    }
    if (!out->create)
        out->due_days = 0;
}

static int parse_in(const char *const *names, int n, const char *s)
{
    for (int i = 0; s && i < n; i++)
        if (!strcmp(s, names[i]))
            return i;
    return -1;
}

const char *ck_cadence_name(enum ck_cadence c)
{
    return c < CK_CADENCE__COUNT ? cadence_names[c] : "custom";
}

int ck_cadence_parse(const char *s)
{
    return parse_in(cadence_names, CK_CADENCE__COUNT, s);
}

const char *ck_outcome_name(enum ck_outcome o)
{
    return o < CK_OUTCOME__COUNT ? outcome_names[o] : "stable";
}

int ck_outcome_parse(const char *s)
{
    return parse_in(outcome_names, CK_OUTCOME__COUNT, s);
}

const char *ck_modality_name(enum ck_modality m)
{
    return m < CK_MODALITY__COUNT ? modality_names[m] : "telephone";
}

int ck_modality_parse(const char *s)
{
    return parse_in(modality_names, CK_MODALITY__COUNT, s);
}

const char *ck_state_name(enum ck_state s)
{
    switch (s) {
    case CK_UPCOMING: return "upcoming";
    case CK_DUE_TODAY: return "due_today";
    case CK_OVERDUE: return "overdue";
    case CK_NOT_DUE: return "not_due";
    }
    return "not_due";
}
