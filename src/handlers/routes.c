/* routes.c - the route table, assembled from the rows each module declares beside its
 * handlers (h_*.c, `const struct route_module rm_*`). Each row is reachable as a page (PATH)
 * and as JSON (/api/v1PATH) unless flagged otherwise; gate.c checks the row before the
 * handler runs. */
#include "handlers.h"

#include <stdlib.h>

/* The modules in the order `peerdesk routes` lists them. */
static const struct route_module *const modules[] = {
    &rm_health,  &rm_session, &rm_home,    &rm_me,     &rm_inbox,   &rm_users,   &rm_settings, &rm_audit,
    &rm_workforce, &rm_recoverees, &rm_export, &rm_consents, &rm_plans, &rm_tokens, &rm_import,
    &rm_services, &rm_boundary,
    &rm_resources,
    &rm_billing,
    &rm_checkups,
    &rm_groups,
    &rm_monitor,
};

const struct route *routes;
size_t nroutes;

/* Assemble the table once, before main (and before any test) runs. The rows are copied, so a
 * module's array may stay static in its own file. */
__attribute__((constructor)) static void routes_assemble(void)
{
    size_t n = 0;
    for (size_t m = 0; m < sizeof modules / sizeof *modules; m++)
        n += modules[m]->n;
    struct route *all = calloc(n, sizeof *all);
    if (!all)
        abort();
    size_t k = 0;
    for (size_t m = 0; m < sizeof modules / sizeof *modules; m++)
        for (size_t i = 0; i < modules[m]->n; i++)
            all[k++] = modules[m]->rows[i];
    routes = all;
    nroutes = n;
}
