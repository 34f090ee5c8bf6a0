/* fee.c - what members pay (fee.h): cents, the sliding scale, balances. */
#include "fee.h"

#include <stdio.h>
#include <stdint.h>
#include <string.h>

int fee_parse_cents(const char *s, int64_t *cents, const char **why)
{
    *why = "fee.err.amount";
    if (!s)
        return -1;
    while (*s == ' ')
        s++;
    /* "-5", "-$5" and "$-5" are all negative amounts. */
    if (*s == '-' || (*s == '$' && s[1] == '-')) {
        *why = "fee.err.negative";
        return -1;
    }
    if (*s == '$')
        s++;
    int64_t whole = 0, frac = 0;
    int digits = 0, fdigits = 0, group = -1;
    const char *p = s;
    for (; *p && *p != '.'; p++) {
        if (*p == ',') {
            /* a thousands separator: after 1-3 digits first, then after exactly 3 */
            if (digits == 0 || (group >= 0 && group != 3) || (group < 0 && digits > 3))
                return -1;
            group = 0;
            continue;
        }
        if (*p < '0' || *p > '9')
            return -1;
        whole = whole * 10 + (*p - '0');
        digits++;
        if (group >= 0)
            group++;
        if (whole > FEE_CENTS_MAX / 100) {
            *why = "fee.err.too_large";
            return -1;
        }
    }
    if (group >= 0 && group != 3)
        return -1;
    if (*p == '.') {
        for (p++; *p; p++) {
            if (*p < '0' || *p > '9')
                return -1;
            if (++fdigits > 2) {
                *why = "fee.err.decimals";
                return -1;
            }
            frac = frac * 10 + (*p - '0');
        }
        if (fdigits == 1)
            frac *= 10;
    }
    if (digits == 0 && fdigits == 0)
        return -1;
    int64_t v = whole * 100 + frac;
    if (v > FEE_CENTS_MAX) {
        *why = "fee.err.too_large";
        return -1;
    }
    *cents = v;
    *why = NULL;
    return 0;
}

void fee_format_cents(int64_t cents, char *out, size_t cap)
{
    char digits[32];
    int neg = cents < 0;
    uint64_t v = neg ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
    snprintf(digits, sizeof digits, "%llu", (unsigned long long)(v / 100));
    char grouped[48];
    size_t n = strlen(digits), k = 0;
    for (size_t i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0)
            grouped[k++] = ',';
        grouped[k++] = digits[i];
    }
    grouped[k] = '\0';
    snprintf(out, cap, "%s$%s.%02llu", neg ? "-" : "", grouped, (unsigned long long)(v % 100));
}

int fee_scale_check(const struct fee_scale *s, const char **why)
{
    if (s->n == 0 || s->n > FEE_TIERS_MAX) {
        *why = "fee.err.tiers";
        return -1;
    }
    for (size_t i = 0; i < s->n; i++) {
        const struct fee_tier *t = &s->tier[i];
        int last = i + 1 == s->n;
        if (t->monthly_cents < 0 || t->monthly_cents > FEE_CENTS_MAX) {
            *why = "fee.err.tier_fee";
            return -1;
        }
        if (last ? t->max_percent != -1
                 : (t->max_percent < 1 || t->max_percent > 10000 ||
                    (i > 0 && t->max_percent <= s->tier[i - 1].max_percent))) {
            *why = "fee.err.tier_order";
            return -1;
        }
    }
    if (s->poverty_base_cents <= 0 || s->poverty_per_person_cents <= 0 ||
        s->poverty_base_cents > FEE_CENTS_MAX || s->poverty_per_person_cents > FEE_CENTS_MAX) {
        *why = "fee.err.poverty";
        return -1;
    }
    *why = NULL;
    return 0;
}

int64_t fee_poverty_line(const struct fee_scale *s, int household)
{
    if (household < 1)
        household = 1;
    return s->poverty_base_cents + s->poverty_per_person_cents * (int64_t)(household - 1);
}

size_t fee_tier_for(const struct fee_scale *s, int64_t income_cents, int household)
{
    if (s->n == 0)
        return 0;
    if (income_cents < 0)
        return s->n - 1;
    /* In 128 bits: the line of an unchecked scale and a large household cannot overflow, and
     * neither can income * 100 or max_percent * line. */
    if (household < 1)
        household = 1;
    __int128 line =
        (__int128)s->poverty_base_cents + (__int128)s->poverty_per_person_cents * (household - 1);
    for (size_t i = 0; i + 1 < s->n; i++)
        if ((__int128)income_cents * 100 <= (__int128)s->tier[i].max_percent * line)
            return i;
    return s->n - 1;
}

void fee_balance_of(const struct fee_invoice *inv, size_t n, int64_t paid_cents, int32_t today,
                    struct fee_balance *out)
{
    memset(out, 0, sizeof *out);
    out->oldest_due = -1;
    out->paid = paid_cents;
    for (size_t i = 0; i < n; i++)
        out->invoiced += inv[i].amount_cents;
    /* Oldest due first, ties in the order given: each round takes the least (due, index)
     * after the previous one, so no copy or sort is needed. */
    int64_t left = paid_cents;
    int32_t prev_due = INT32_MIN;
    size_t prev_i = 0;
    int first = 1;
    for (size_t round = 0; round < n; round++) {
        size_t pick = n;
        for (size_t i = 0; i < n; i++) {
            int after = first || inv[i].due > prev_due || (inv[i].due == prev_due && i > prev_i);
            if (after && (pick == n || inv[i].due < inv[pick].due))
                pick = i;
        }
        if (pick == n)
            break;
        first = 0;
        prev_due = inv[pick].due;
        prev_i = pick;
        int64_t owed = inv[pick].amount_cents;
        int64_t settled = left >= owed ? owed : (left > 0 ? left : 0);
        left -= settled;
        if (owed - settled > 0 && inv[pick].due < today) {
            out->overdue += owed - settled;
            if (out->oldest_due < 0)
                out->oldest_due = inv[pick].due;
        }
    }
    out->balance = out->invoiced - out->paid;
    out->days_overdue = out->overdue > 0 ? (int)(today - out->oldest_due) : 0;
}
