/* demo_billing.c - billing demo data (SV-8): a Medicaid payer with H0038 HF (individual) and
 * H0038 HF HQ (group) at the NC Medicaid rates the reference file cites, the New Jersey
 * 16-unit daily cap and the 8-minute rule; billing profiles (member id, an SUD diagnosis) for
 * about two in three recoverees, some without a diagnosis so the claims page shows why; and the
 * organization as billing provider. Written through the typed store functions (billing_store.h)
 * like demo_workforce.c. */
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "billing_store.h"
#include "demo.h"
#include "recoverees.h"

/* SUD diagnoses (ICD-10-CM) a peer-support claim carries: opioid, alcohol, stimulant use. */
static const char *const diagnoses[] = {"F11.20", "F10.20", "F15.20", "F11.21", "F10.21"};

int demo_billing(struct demo *dm)
{
    int64_t at = (int64_t)time(NULL), payer = 0, id = 0;
    struct payer p = {.name = "NJ FamilyCare (Medicaid)", .funding_source = "medicaid",
                      .payer_ident = "NJMCD", .unit_minutes = 15, .rounding = "eight_minute",
                      .min_minutes = 8, .daily_cap_units = 16, .active = 1};
    if (payer_insert(dm->d, dm->org, &p, dm->admin, at, &payer) != DB_OK)
        return -1;
    struct payer_code ind = {.payer_id = payer, .code = "H0038", .modifiers = "HF",
                             .description = "Self-help/peer services, per 15 minutes",
                             .modality = "individual", .min_level = 2, .rate_cents = 1197,
                             .requires_diagnosis = 1, .active = 1};
    struct payer_code grp = ind;
    grp.modifiers = "HF HQ";
    grp.description = "Self-help/peer services, group, per 15 minutes";
    grp.modality = "group";
    grp.rate_cents = 288;
    if (code_insert(dm->d, dm->org, &ind, &id) != DB_OK ||
        code_insert(dm->d, dm->org, &grp, &id) != DB_OK)
        return -1;
    struct billing_provider_rec pv = {
        .name = dm->org_name, .npi = "1234567893", .tax_id = "12-3456789",
        .address = "20 West State Street", .city = "Trenton", .state = "NJ", .zip = "08608",
        .contact_name = "Billing Office", .contact_phone = "609-555-0100",
        .submitter_id = "PD000001",
    };
    if (provider_upsert(dm->d, dm->org, &pv, dm->admin, at) != DB_OK)
        return -1;
    /* Every recoveree of the organization, in pages (an administrator's scope). */
    struct rc_scope sc = {.all = 1, .now = at};
    snprintf(sc.today, sizeof sc.today, "2000-01-01");
    for (int64_t off = 0;; off += 500) {
        struct recoveree *r;
        int n;
        int64_t total;
        if (rc_page(dm->d, dm->a, dm->org, &sc, NULL, NULL, 500, off, &r, &n, &total) != 0)
            return -1;
        for (int i = 0; i < n; i++) {
            uint64_t k = demo_rnd() % 6;
            if (k < 2)
                continue; /* a third are not covered by this payer */
            struct billing_profile b = {
                .recoveree_id = r[i].id, .payer_id = payer,
                .member_id = arena_printf(dm->a, "NJ%08lld", (long long)(10000000 + r[i].id)),
                /* one in four covered has no diagnosis on file yet: the claims page says so */
                .diagnosis_code = k == 2 ? NULL : diagnoses[demo_rnd() % 5],
                .sex = "U", .state = "NJ",
            };
            if (profile_upsert(dm->d, dm->org, &b, dm->admin, at) != DB_OK)
                return -1;
        }
        if (n < 500)
            break;
    }
    return 0;
}
