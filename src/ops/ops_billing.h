/* ops_billing.h - SV-8 billing and claims: payers and their codes as configuration, a
 * recoveree's billing profile, the organization's billing provider, and claim batches per
 * payer and period with their claims-ready CSV and ASC X12 837P. Changes are an
 * administrator's and audited; every claims read is audited with purpose "payment". */
#ifndef PD_OPS_BILLING_H
#define PD_OPS_BILLING_H

#include "billing.h"
#include "billing_store.h"
#include "buf.h"
#include "ops.h"

/* The funding sources of RP-1 as stored (payers.funding_source); labels billing.funding.NAME. */
extern const char *const billing_funding[];
extern const int billing_nfunding;
/* The formats a code may cover (SV-1 modalities); labels billing.modality.NAME. */
extern const char *const billing_modalities[];
extern const int billing_nmodalities;

/* Create (id 0) or change a payer. Integers below 0 are "not given": a new payer takes the
 * organization's policy values (billing_unit_minutes, billing_min_minutes,
 * billing_daily_cap_units), a change keeps the stored one; NULL texts likewise (rounding: the
 * 8-minute rule). version is the one the actor saw (required for a change). OP_OK with id and
 * version; OP_INVALID naming the field; OP_NOT_FOUND; OP_CONFLICT "stale". Admin only. */
struct payer_in {
    int64_t id, version;
    const char *name, *funding_source, *payer_ident, *rounding;
    int64_t unit_minutes, min_minutes, daily_cap_units, active;
};
enum op_status op_payer_save(struct op_ctx *c, const struct payer_in *in, struct op_result *res);

/* Add (id 0) or change a code of payer_id: code (HCPCS shape, "H0038"), up to four two-letter
 * modifiers ("HF HQ"), description, the format it covers (NULL: any), the lowest peer level
 * (WF-1), a credential (a certification body, NULL: none), rate per unit in cents, its own daily
 * cap (0: the payer's), whether a diagnosis is required, active. For a change, negative
 * integers and NULL texts keep what is stored; "" clears a text. OP_OK with id. Admin only. */
struct code_in {
    int64_t payer_id, id;
    const char *code, *modifiers, *description, *modality, *credential;
    int64_t min_level, rate_cents, daily_cap_units, requires_diagnosis, active;
};
enum op_status op_code_save(struct op_ctx *c, const struct code_in *in, struct op_result *res);

/* Set a recoveree's billing profile with a payer: member id (required), ICD-10-CM diagnosis
 * (shape checked, upper-cased), sex F/M/U, address, city, state (two letters), ZIP (5 or 9
 * digits), valid from/to. OP_OK with the recoveree's id. Admin only. */
struct profile_in {
    int64_t recoveree_id, payer_id;
    const char *member_id, *diagnosis_code, *sex, *address, *city, *state, *zip;
    const char *valid_from, *valid_to;
};
enum op_status op_profile_save(struct op_ctx *c, const struct profile_in *in,
                               struct op_result *res);

/* Set the organization's billing provider: name, NPI (its Luhn check digit checked), tax id
 * (EIN, 9 digits), address, contact, submitter id. OP_OK. Admin only. */
enum op_status op_provider_save(struct op_ctx *c, const struct billing_provider_rec *in,
                                struct op_result *res);

/* A claims run: every line of the payer's services in the period with its outcome. */
struct claims_run {
    struct payer payer;
    struct claim_source_row *rows;
    struct bill_line_out *out;
    const char **reason_text; /* the outcome of each line in the reader's language */
    int n, billed, left_out, claims;
    int64_t total_cents;
};

/* Read and evaluate the payer's services from..to (YYYY-MM-DD, the organization's days) after
 * rounding and caps (SV-8), writing nothing but the audit of the read (purpose "payment").
 * OP_OK with *run; OP_INVALID for a bad period; OP_NOT_FOUND payer; OP_REFUSED "too_many".
 * Administrators and supervisors. */
enum op_status op_claims_preview(struct op_ctx *c, int64_t payer_id, const char *from,
                                 const char *to, struct claims_run *run, struct op_result *res);

/* op_claims_preview, then in one transaction a claim batch of the billable lines with the next
 * control number of the organization, every line left out kept with its reason, and the audit
 * "claims.batch" (purpose "payment"). A service is never billed twice: lines billed in an
 * earlier batch are left out, and the store refuses a second line. OP_OK with the batch id;
 * OP_REFUSED "nothing_to_bill" or "provider_incomplete" (the 837P needs the provider's name,
 * NPI and submitter id and the payer's id). Admin only. */
enum op_status op_claims_create(struct op_ctx *c, int64_t payer_id, const char *from,
                                const char *to, struct claims_run *run, struct op_result *res);

/* Write batch batch_id as the claims-ready CSV (x12 0: one line per service per recoveree,
 * billed and left out, with the reason) or the 837P (x12 1) into out; *filename is the
 * download's name. Audited as a read with purpose "payment". OP_OK, OP_NOT_FOUND. Admin only. */
enum op_status op_batch_export(struct op_ctx *c, int64_t batch_id, int x12, buf *out,
                               const char **filename, struct op_result *res);

/* The sentence for a line's outcome (billing.reason.CODE) in the context's language. */
const char *billing_reason_text(struct op_ctx *c, enum bill_reason r,
                                const struct claim_source_row *row,
                                const struct bill_line_out *o, int64_t min_minutes);

/* Parse "11.97", "12", "0.5" dollars into cents: 0 with *cents, -1 when it is not such an
 * amount or is over $100,000. */
int billing_parse_money(const char *s, int64_t *cents);

#endif
