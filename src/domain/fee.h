/* fee.h - what members pay (SPEC GR-7), pure: money in integer cents, a sliding scale decided by
 * recorded income and household size, monthly invoices and testing fees, and what is overdue.
 *
 * The sliding scale is a list of tiers, each a highest income as a percentage of the poverty line
 * for the household's size, with the monthly fee of that tier; the last tier has no ceiling and
 * holds the standard fee. Seed 000: $80 a month standard, $20 for indigent members, which is
 * {100%: $20, no ceiling: $80}. The poverty line is base + per_person * (household - 1) a year;
 * both figures are policy values of the organization (HHS publishes them each January).
 *
 * No I/O. */
#ifndef PD_FEE_H
#define PD_FEE_H

#include <stddef.h>
#include <stdint.h>

#define FEE_TIERS_MAX 8
/* The largest amount taken anywhere: $1,000,000.00. */
#define FEE_CENTS_MAX 100000000LL

/* "80", "80.5", "80.50", "$1,234.56" -> cents. 0, or -1 and *why a message id (fee.err.*) when
 * the text is not an amount, has more than two decimals, is negative or is above
 * FEE_CENTS_MAX. */
int fee_parse_cents(const char *s, int64_t *cents, const char **why);
/* Cents as "$1,234.56" ("-$5.00" for a negative amount); out holds at least 24 bytes. */
void fee_format_cents(int64_t cents, char *out, size_t cap);

struct fee_tier {
    int max_percent; /* highest income as % of the poverty line; -1: no ceiling (the last) */
    int64_t monthly_cents;
};

struct fee_scale {
    struct fee_tier tier[FEE_TIERS_MAX];
    size_t n;
    int64_t poverty_base_cents; /* a household of one, a year */
    int64_t poverty_per_person_cents; /* each further person */
};

/* 0 when the tiers rise strictly, end with exactly one "no ceiling" tier, fees are 0..
 * FEE_CENTS_MAX and the poverty figures are positive; else -1 and *why a message id. */
int fee_scale_check(const struct fee_scale *s, const char **why);

/* The poverty line for a household of size people (size >= 1), a year, in cents. */
int64_t fee_poverty_line(const struct fee_scale *s, int household);

/* The tier for a yearly income (cents) and household size: income <= max_percent% of the
 * poverty line, the first tier that holds it. With no recorded income (income < 0) the
 * standard (last) tier applies. Returns the tier's index. */
size_t fee_tier_for(const struct fee_scale *s, int64_t income_cents, int household);

/* ---- invoices and balances ------------------------------------------------------ */

struct fee_invoice {
    int64_t amount_cents;
    int32_t due; /* civil day */
};

/* Payments settle the oldest invoice first. What remains unpaid of invoices whose due day is
 * before today is overdue; oldest_due is the due day of the oldest overdue invoice still
 * partly unpaid (-1 when none). The balance (invoices less payments) may be negative: a credit. */
struct fee_balance {
    int64_t invoiced, paid, balance, overdue;
    int32_t oldest_due;
    int days_overdue; /* today - oldest_due when overdue > 0, else 0 */
};

void fee_balance_of(const struct fee_invoice *inv, size_t n, int64_t paid_cents, int32_t today,
                    struct fee_balance *out);

#endif
