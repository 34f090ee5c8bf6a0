/* demo.h - shared state of the demo data generator (cmd_demo.c and the per-capability demo_*.c). */
#ifndef PD_DEMO_H
#define PD_DEMO_H

#include <stdint.h>

#include "arena.h"
#include "db.h"

struct demo {
    db *d;
    arena *a;
    int64_t org;
    const char *org_name; /* for consents: who may disclose */
    const char *hash;         /* the one password hash of every demo account */
    int64_t admin, supervisor, peer; /* the fixed logins */
    int64_t *peers;           /* generated users with the peer role */
    int npeers;
    int64_t *supervisors;     /* every supervisor, the fixed login first */
    int nsupervisors;
};

/* The generator's deterministic random numbers (xorshift64*, seeded by --seed). */
uint64_t demo_rnd(void);

/* Workforce records for dm->org (demo_workforce.c). 0 or -1. */
int demo_workforce(struct demo *dm);

/* Recoverees on the caseloads of peers who may take them (demo_recoverees.c). 0 or -1. */
int demo_recoverees(struct demo *dm, int per_peer);

/* The resource directory and referrals of dm->org's recoverees in every state, some due for
 * follow-up (SV-7, demo_referrals.c). Call after demo_recoverees. 0 or -1. */
int demo_referrals(struct demo *dm);

/* Services of the last two months for every recoveree with a peer, a few kept boundary warnings
 * and a draft (SV-1, SV-5, demo_services.c). Call after demo_recoverees. 0 or -1. */
int demo_services(struct demo *dm);
/* Billing for dm->org (demo_billing.c): a Medicaid payer with H0038 HF and H0038 HF HQ, billing
 * profiles for most recoverees, the billing provider. After demo_recoverees. 0 or -1. */
int demo_billing(struct demo *dm);
/* Check-up cadences, six months of check-ups with every outcome, and re-intervention tasks
 * for dm->org's recoverees (demo_checkups.c, SV-6). 0 or -1. */
int demo_checkups(struct demo *dm);

/* Recovery support groups for dm->org (demo_groups.c, GR-1..GR-5): three groups with their
 * facilitators and members, a cancelled session, four documented weeks whose group services
 * are on each attendee's record, and a supervised monitoring case manager. 0 or -1. */
int demo_groups(struct demo *dm);

/* The monitoring program for licensed professionals (demo_monitor.c, GR-6..GR-10, GR-7): after
 * demo_groups, whose professionals' group its participants attend. 0 or -1. */
int demo_monitor(struct demo *dm);

#endif
