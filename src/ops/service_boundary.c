/* service_boundary.c - SV-5 for the service log (service_boundary.h): the built-in rules
 * compiled once per process, with the organization's own rows added when it has any. */
#include "service_boundary.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "boundary.h"
#include "boundary_store.h"

static struct bnd_set *defaults;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void compile_defaults(void)
{
    char err[200];
    if (bnd_compile(bnd_default_rules(), &defaults, err, sizeof err) != 0)
        fprintf(stderr, "boundary rules: %s\n", err); /* the built-in table is tested */
}

/* The set for the actor's organization: the defaults, or a fresh set with its rows (*own set:
 * the caller frees it). NULL on failure. */
static struct bnd_set *set_for(struct op_ctx *c, int *own)
{
    pthread_once(&once, compile_defaults);
    *own = 0;
    if (!defaults)
        return NULL;
    struct bnd_stored *rows;
    int n;
    if (bnd_rows(c->db, c->a, c->who.org_id, &rows, &n) != 0)
        return NULL;
    if (n == 0)
        return defaults;
    struct bnd_set *set;
    char err[200];
    if (bnd_compile(bnd_default_rules(), &set, err, sizeof err) != 0)
        return NULL;
    struct bnd_row *br = arena_alloc(c->a, sizeof *br * (size_t)n);
    for (int i = 0; i < n; i++)
        br[i] = (struct bnd_row){rows[i].id_text, rows[i].lane, rows[i].effect, rows[i].pattern,
                                 rows[i].disables, rows[i].active};
    /* A stored row that no longer compiles is skipped and reported, never stops the check. */
    if (bnd_add(set, br, (size_t)n, err, sizeof err) != 0)
        fprintf(stderr, "boundary rules of organization %lld: %s\n", (long long)c->who.org_id,
                err);
    *own = 1;
    return set;
}

int svc_boundary_check(struct op_ctx *c, const char *note, struct bnd_found *hit)
{
    int own;
    struct bnd_set *set = set_for(c, &own);
    if (!set)
        return -1;
    struct bnd_hit h[4];
    size_t nh = 0;
    int rc = bnd_check(set, note, strlen(note), h, 4, &nh);
    int found = 0;
    if (rc == 0 && nh > 0) {
        hit->lane = bnd_lane_name(h[0].lane);
        hit->phrase = arena_strndup(c->a, note + h[0].off, h[0].len);
        found = 1;
    }
    if (own)
        bnd_free(set);
    return rc == 0 ? found : -1;
}
