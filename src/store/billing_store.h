/* billing_store.h - typed store functions for SV-8: payers and their codes, recoverees'
 * billing profiles, the organization's billing provider, the claims run's one read, and
 * claim batches with their lines and exclusions. The SQL is in q_billing.def; every function
 * binds its own parameters and every query is bound to the organization. */
#ifndef PD_BILLING_STORE_H
#define PD_BILLING_STORE_H

#include <stdint.h>

#include "arena.h"
#include "db.h"

struct payer {
    int64_t id;
    const char *name, *funding_source, *payer_ident, *rounding;
    int64_t unit_minutes, min_minutes, daily_cap_units, active, version, updated_at;
};

struct payer_code {
    int64_t id, payer_id;
    const char *code, *modifiers, *description, *modality, *credential;
    int64_t min_level, rate_cents;
    int64_t daily_cap_units; /* 0: the payer's cap (NULL in the table) */
    int64_t requires_diagnosis, active;
};

struct billing_profile {
    int64_t id, recoveree_id, payer_id;
    const char *payer_name, *member_id, *diagnosis_code, *sex, *address, *city, *state, *zip;
    const char *valid_from, *valid_to;
    int64_t updated_at;
};

struct billing_provider_rec {
    const char *name, *npi, *tax_id, *address, *city, *state, *zip, *contact_name,
        *contact_phone, *submitter_id;
    int64_t updated_at;
};

/* Payers of the organization, active first: 0 with *out (arena) and *n, or -1. */
int payer_list(db *d, arena *a, int64_t org_id, struct payer **out, int *n);
/* One payer: 1 in *p, 0 absent (or another organization's), -1 error. */
int payer_get(db *d, arena *a, int64_t org_id, int64_t id, struct payer *p);
/* Add p (p->id, version ignored); *id the new id. DB_OK or a negative enum db_rc. */
int payer_insert(db *d, int64_t org_id, const struct payer *p, int64_t by, int64_t at,
                 int64_t *id);
/* Change payer p->id if its version is still p->version: 1 changed, 0 stale or absent, -1. */
int payer_update(db *d, int64_t org_id, const struct payer *p, int64_t by, int64_t at);

/* The payer's codes (payer_id > 0) or every code of the organization (payer_id 0), active
 * first: 0 with *out and *n, or -1. */
int code_list(db *d, arena *a, int64_t org_id, int64_t payer_id, struct payer_code **out,
              int *n);
/* Add c to c->payer_id; *id the new id. DB_OK or negative. */
int code_insert(db *d, int64_t org_id, const struct payer_code *c, int64_t *id);
/* Change code c->id of payer c->payer_id: 1 changed, 0 absent, -1 error. */
int code_update(db *d, int64_t org_id, const struct payer_code *c);

/* A recoveree's profiles, by payer name: 0 with *out and *n, or -1. */
int profile_list(db *d, arena *a, int64_t org_id, int64_t recoveree_id,
                 struct billing_profile **out, int *n);
/* Set the recoveree's profile with p->payer_id (one per pair). DB_OK or negative. */
int profile_upsert(db *d, int64_t org_id, const struct billing_profile *p, int64_t by,
                   int64_t at);

/* The billing provider: 1 in *p, 0 none yet, -1 error. */
int provider_get(db *d, arena *a, int64_t org_id, struct billing_provider_rec *p);
/* Set it. DB_OK or negative. */
int provider_upsert(db *d, int64_t org_id, const struct billing_provider_rec *p, int64_t by,
                    int64_t at);

/* One line of a claims run: a service for one of its recoverees, with what billing needs. */
struct claim_source_row {
    int64_t service_id, recoveree_id, started_at, minutes, peer_level, peer_id;
    const char *service_date, *modality, *status, *peer_credential, *peer_name;
    const char *first_name, *last_name, *dob;
    int has_code;
    struct payer_code code; /* when has_code */
    int has_profile;
    const char *member_id, *diagnosis_code, *sex, *address, *city, *state, *zip;
    int64_t billed_batch, billed_units; /* 0: never billed */
};

/* Most lines one claims run reads; beyond it the period is to be narrowed (the cap rules
 * compare each line with the others of its day). */
#define CLAIM_RUN_MAX 5000

/* Every service of the payer with service_date in [from, to] (YYYY-MM-DD), with each of its
 * recoverees, in billing order, in one statement: 0 with *out and *n, 1 when there are more
 * than CLAIM_RUN_MAX (none returned), or -1. */
int claim_source(db *d, arena *a, int64_t org_id, int64_t payer_id, const char *from,
                 const char *to, struct claim_source_row **out, int *n);

struct claim_batch {
    int64_t id, payer_id, control_number, claims, total_cents, created_by, created_at;
    const char *period_from, *period_to;
};

/* The organization's next control number: 0 with *n, or -1. */
int batch_next_control(db *d, int64_t org_id, int64_t *n);
/* Add b (b->id ignored); *id the new id. DB_OK or negative (DB_CONSTRAINT: the control
 * number was taken meanwhile). */
int batch_insert(db *d, int64_t org_id, const struct claim_batch *b, int64_t *id);
/* Newest first, at most 200: 0 with *out and *n, or -1. */
int batch_list(db *d, arena *a, int64_t org_id, struct claim_batch **out, int *n);
/* One batch: 1, 0 absent, -1. */
int batch_get(db *d, arena *a, int64_t org_id, int64_t id, struct claim_batch *b);

/* A line of a batch, billed or left out. */
struct batch_line {
    int billed;
    int64_t service_id, recoveree_id, started_at, peer_level, minutes;
    const char *service_date, *first_name, *last_name, *dob, *peer_name;
    const char *member_id, *diagnosis_code, *code, *modifiers, *reason, *modality;
    int64_t rate_cents, units, charge_cents, rounded_units, cap_units;
    const char *sex, *address, *city, *state, *zip; /* the profile now (billed lines) */
    const char *detail; /* the reason's sentence as written when the batch was made */
};

/* Record a billed line. DB_OK, or DB_CONSTRAINT when the service was billed for that
 * recoveree already (claim_lines_once), or another negative. */
int claim_line_insert(db *d, int64_t org_id, int64_t batch_id, const struct batch_line *l);
/* Record a line left out with its reason. DB_OK or negative. */
int claim_exclusion_insert(db *d, int64_t org_id, int64_t batch_id, const struct batch_line *l);
/* The batch's lines, billed first, each in billing order: 0 with *out and *n, or -1. */
int batch_lines(db *d, arena *a, int64_t org_id, int64_t batch_id, struct batch_line **out,
                int *n);

#endif
