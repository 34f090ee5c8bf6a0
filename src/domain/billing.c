/* billing.c - SV-8 units, caps and eligibility (billing.h). */
#include "billing.h"

#include <ctype.h>
#include <string.h>

static const char *const rounding_names[] = {
    [BILL_EIGHT_MINUTE] = "eight_minute",
    [BILL_DOWN] = "down",
    [BILL_UP] = "up",
    [BILL_NEAREST] = "nearest",
};

const char *bill_rounding_name(enum bill_rounding r)
{
    return (unsigned)r < sizeof rounding_names / sizeof *rounding_names ? rounding_names[r]
                                                                         : "eight_minute";
}

int bill_rounding_parse(const char *s, enum bill_rounding *out)
{
    for (size_t i = 0; s && i < sizeof rounding_names / sizeof *rounding_names; i++)
        if (strcmp(s, rounding_names[i]) == 0) {
            *out = (enum bill_rounding)i;
            return 0;
        }
    return -1;
}

int bill_units(const struct bill_unit_rule *r, int minutes)
{
    int u = r->unit_minutes;
    /* 240: a four-hour unit is the longest any payer uses; beyond it the rule is a typo. */
    if (u < 1 || u > 240 || minutes <= 0 || minutes < r->min_minutes)
        return 0;
    int whole = minutes / u, rest = minutes % u;
    switch (r->rounding) {
    case BILL_DOWN:
        return whole;
    case BILL_UP:
        return whole + (rest > 0);
    case BILL_NEAREST:
        return whole + (2 * rest >= u);
    case BILL_EIGHT_MINUTE:
    default:
        /* CMS Pub. 100-04 ch. 5 §20.2: more than half a unit (8 of 15 minutes) is a unit. */
        return whole + (2 * rest > u);
    }
}

static const char *const reason_codes[BILL_REASON__COUNT] = {
    [BILL_OK] = "ok",
    [BILL_CUT] = "cap_cut",
    [BILL_VOID] = "void",
    [BILL_ALREADY_BILLED] = "already_billed",
    [BILL_NO_CODE] = "no_code",
    [BILL_CODE_INACTIVE] = "code_inactive",
    [BILL_MODALITY] = "modality",
    [BILL_LEVEL] = "level",
    [BILL_CREDENTIAL] = "credential",
    [BILL_NO_PROFILE] = "no_profile",
    [BILL_NO_MEMBER_ID] = "no_member_id",
    [BILL_NO_DIAGNOSIS] = "no_diagnosis",
    [BILL_TOO_SHORT] = "too_short",
    [BILL_CAP_REACHED] = "cap_reached",
};

const char *bill_reason_code(enum bill_reason r)
{
    return (unsigned)r < BILL_REASON__COUNT ? reason_codes[r] : "ok";
}

int bill_reason_billed(enum bill_reason r)
{
    return r == BILL_OK || r == BILL_CUT;
}

static int empty(const char *s)
{
    return !s || !*s;
}

enum bill_reason bill_eligible(const struct bill_line_in *in)
{
    const struct bill_code *c = in->code;
    if (in->is_void)
        return BILL_VOID;
    if (in->already_billed)
        return BILL_ALREADY_BILLED;
    if (!c)
        return BILL_NO_CODE;
    if (!c->active)
        return BILL_CODE_INACTIVE;
    if (!empty(c->modality) && (empty(in->modality) || strcmp(c->modality, in->modality) != 0))
        return BILL_MODALITY;
    /* WF-1, WF-4: the level the peer worked in that day, not their level today. */
    if (in->peer_level < c->min_level)
        return BILL_LEVEL;
    if (!empty(c->credential) &&
        (empty(in->peer_credential) || strcmp(c->credential, in->peer_credential) != 0))
        return BILL_CREDENTIAL;
    if (!in->has_profile)
        return BILL_NO_PROFILE;
    if (empty(in->member_id))
        return BILL_NO_MEMBER_ID;
    if (c->requires_diagnosis && empty(in->diagnosis))
        return BILL_NO_DIAGNOSIS;
    return BILL_OK;
}

static int same_day(const struct bill_line_in *a, const struct bill_line_in *b)
{
    return a->recoveree_id == b->recoveree_id && a->service_date && b->service_date &&
           strcmp(a->service_date, b->service_date) == 0;
}

void bill_evaluate(const struct bill_unit_rule *r, int payer_cap, const struct bill_line_in *in,
                   int n, struct bill_line_out *out)
{
    for (int i = 0; i < n; i++) {
        struct bill_line_out *o = &out[i];
        memset(o, 0, sizeof *o);
        o->reason = bill_eligible(&in[i]);
        o->units_rounded = bill_units(r, in[i].minutes);
        if (o->reason != BILL_OK)
            continue;
        if (o->units_rounded == 0) {
            o->reason = BILL_TOO_SHORT;
            continue;
        }
        /* Units already used that day by this recoveree: earlier lines of this run that were
         * billed, and any line an earlier batch billed (wherever it stands in the order). */
        int used_all = 0, used_code = 0;
        for (int k = 0; k < n; k++) {
            if (k == i || !same_day(&in[k], &in[i]))
                continue;
            int u = in[k].already_billed ? in[k].billed_units
                    : k < i && bill_reason_billed(out[k].reason) ? out[k].units
                                                                  : 0;
            used_all += u;
            if (in[k].code && in[k].code->id == in[i].code->id)
                used_code += u;
        }
        int units = o->units_rounded, cap = 0;
        if (payer_cap > 0 && units > payer_cap - used_all) {
            units = payer_cap - used_all;
            cap = payer_cap;
        }
        int cc = in[i].code->daily_cap_units;
        if (cc > 0 && units > cc - used_code) {
            units = cc - used_code;
            cap = cc;
        }
        if (units <= 0) {
            o->reason = BILL_CAP_REACHED;
            o->cap = cap;
            continue;
        }
        if (units < o->units_rounded) {
            o->reason = BILL_CUT;
            o->cap = cap;
        }
        o->units = units;
        o->charge_cents = (int64_t)units * in[i].code->rate_cents;
    }
}

int bill_icd10_ok(const char *s)
{
    if (!s || !(s[0] >= 'A' && s[0] <= 'Z') || !isdigit((unsigned char)s[1]) ||
        !(isdigit((unsigned char)s[2]) || (s[2] >= 'A' && s[2] <= 'Z')))
        return 0;
    const char *p = s + 3;
    if (*p == '.')
        p++;
    else if (!*p)
        return 1;
    int n = 0;
    for (; *p; p++, n++)
        if (!(isdigit((unsigned char)*p) || (*p >= 'A' && *p <= 'Z')))
            return 0;
    return n >= 1 && n <= 4;
}

int bill_npi_ok(const char *s)
{
    if (!s || strlen(s) != 10)
        return 0;
    for (int i = 0; i < 10; i++)
        if (!isdigit((unsigned char)s[i]))
            return 0;
    /* Luhn over the nine digits, doubling from the rightmost; the prefix 80840 adds 24. */
    int sum = 24;
    for (int i = 8, dbl = 1; i >= 0; i--, dbl = !dbl) {
        int d = s[i] - '0';
        if (dbl) {
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
    }
    return (10 - sum % 10) % 10 == s[9] - '0';
}
