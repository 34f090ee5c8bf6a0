/* boundary_store.h - an organization's own boundary-check rules (SV-5, table boundary_rules),
 * added to the built-in rules/boundary.tsv by domain/boundary.h. SQL in q_services.def. */
#ifndef PD_BOUNDARY_STORE_H
#define PD_BOUNDARY_STORE_H

#include <stdint.h>

#include "arena.h"
#include "db.h"

struct bnd_stored {
    int64_t id, created_at;
    const char *id_text; /* the id as text, the rule id bnd_add is given */
    const char *lane, *effect, *pattern, *disables, *note;
    int active;
};

/* Every row of org_id (at most 1000), in the order added: 0 with *out and *n, or -1. */
int bnd_rows(db *d, arena *a, int64_t org_id, struct bnd_stored **out, int *n);
/* Add a row (pattern or disables NULL); *id its id. DB_OK or negative. */
int bnd_insert(db *d, int64_t org_id, const char *lane, const char *effect, const char *pattern,
               const char *disables, const char *note, int64_t by, int64_t at, int64_t *id);
/* Turn row id off: 1, 0 (absent or off already), -1. */
int bnd_disable(db *d, int64_t org_id, int64_t id);

#endif
