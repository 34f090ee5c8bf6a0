/* service_boundary.h - SV-5 for the service log: a note checked against the built-in boundary
 * rules and the organization's own (boundary_rules), as one call for the operations. */
#ifndef PD_SERVICE_BOUNDARY_H
#define PD_SERVICE_BOUNDARY_H

#include "ops.h"

/* The first lane a note strays into: lane ("sponsor", "therapist", "medical", "clergy") and
 * the phrase of the note that reads so, in the context's arena. */
struct bnd_found {
    const char *lane, *phrase;
};

/* Check note with the actor's organization's rules: 1 with *hit, 0 when the note stays in the
 * peer's lane, -1 when the rules could not be read (the operation fails: a note is not kept
 * unchecked). */
int svc_boundary_check(struct op_ctx *c, const char *note, struct bnd_found *hit);

#endif
