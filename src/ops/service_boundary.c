/* service_boundary.c - SV-5 for the service log (service_boundary.h). */
#include "service_boundary.h"

int svc_boundary_check(struct op_ctx *c, const char *note, struct bnd_found *hit)
{
    (void)c; (void)note; (void)hit;
    return 0; /* INTEGRATE: replaced by the rule engine of domain/boundary.h */
}
