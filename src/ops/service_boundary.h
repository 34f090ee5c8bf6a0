/* service_boundary.h - SV-5 for the service log: a note checked against the built-in boundary
 * rules and the organization's own (boundary_rules), as one call for the operations. */
#ifndef PD_SERVICE_BOUNDARY_H
#define PD_SERVICE_BOUNDARY_H

#include "ops.h"

struct bnd_set;

/* The first lane a note strays into: lane ("sponsor", "therapist", "medical", "clergy") and
 * the phrase of the note that reads so, in the context's arena. */
struct bnd_found {
    const char *lane, *phrase;
};

/* Check note with the actor's organization's rules: 1 with *hit, 0 when the note stays in the
 * peer's lane, -1 when the rules could not be read (the operation fails: a note is not kept
 * unchecked). */
int svc_boundary_check(struct op_ctx *c, const char *note, struct bnd_found *hit);

/* An organization's own rule (SV-5: "rules in one data table an organization can extend"):
 * lane, effect warn | allow, and a pattern in the rule language of domain/boundary.h, or
 * (pattern NULL) disables naming a built-in rule to turn off. Administrators only; the pattern
 * is checked first and a fault is worded beside the field. OP_OK with the row's id. */
struct bnd_rule_in {
    const char *lane, *effect, *pattern, *disables, *note;
};
enum op_status op_bnd_rule_add(struct op_ctx *c, const struct bnd_rule_in *in,
                               struct op_result *res);
/* Turn an organization's rule off (rows are kept). OP_NOT_FOUND when absent or off already. */
enum op_status op_bnd_rule_disable(struct op_ctx *c, int64_t id, struct op_result *res);

/* The built-in rules, compiled once (NULL if they failed to compile, which a test prevents). */
const struct bnd_set *svc_boundary_defaults(void);

#endif
