/* service_boundary.c - SV-5 for the service log (service_boundary.h): the built-in rules
 * compiled once per process, with the organization's own rows added when it has any. */
#include "service_boundary.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "boundary.h"
#include "boundary_store.h"
#include "msg.h"

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

const struct bnd_set *svc_boundary_defaults(void)
{
    pthread_once(&once, compile_defaults);
    return defaults;
}

enum op_status op_bnd_rule_add(struct op_ctx *c, const struct bnd_rule_in *in,
                               struct op_result *res)
{
    if (c->who.role != ROLE_ADMIN)
        return op_forbidden(res, NULL, msg(c->lang, "boundary.rules.admin_only"));
    const struct bnd_set *set = svc_boundary_defaults();
    if (!set)
        return op_store(res, msg(c->lang, "service.err.store_read"));
    const char *pattern = in->pattern && *in->pattern ? in->pattern : NULL;
    const char *disables = in->disables && *in->disables ? in->disables : NULL;
    if (!pattern && !disables)
        return op_invalid(res, "pattern", msg(c->lang, "boundary.rules.need_pattern"));
    if (!pattern && !bnd_has_rule(set, disables))
        return op_invalid(res, "disables", msg(c->lang, "boundary.rules.unknown_rule"));
    struct bnd_row row = {"new", in->lane, in->effect ? in->effect : "warn", pattern, disables, 1};
    size_t at = 0;
    enum bnd_perr e = bnd_validate_row(set, &row, &at);
    if (e != BND_OK) {
        const char *field = e == BND_E_LANE ? "lane" : e == BND_E_EFFECT ? "effect" : "pattern";
        char pos[24];
        snprintf(pos, sizeof pos, "%zu", at + 1);
        return op_fail(res, OP_INVALID, NULL, "SV-5", field,
                       msg_fmt(c->a, c->lang, bnd_perr_msg_id(e), "at", pos, NULL));
    }
    if (op_begin(c, res) != OP_OK)
        return res->status;
    int64_t id = 0;
    if (bnd_insert(c->db, c->who.org_id, in->lane, row.effect, pattern, disables,
                   in->note && *in->note ? in->note : NULL, c->who.user_id, c->now, &id) != DB_OK ||
        op_audit(c, "boundary_rule.add", "boundary_rule", id,
                 arena_printf(c->a, "%s %s %s", in->lane, row.effect,
                              pattern ? pattern : disables),
                 "ok") != 0)
        op_store(res, msg(c->lang, "service.err.store_write"));
    else
        op_ok(res, id, 0);
    return op_end(c, res);
}

enum op_status op_bnd_rule_disable(struct op_ctx *c, int64_t id, struct op_result *res)
{
    if (c->who.role != ROLE_ADMIN)
        return op_forbidden(res, NULL, msg(c->lang, "boundary.rules.admin_only"));
    if (op_begin(c, res) != OP_OK)
        return res->status;
    int rc = bnd_disable(c->db, c->who.org_id, id);
    if (rc < 0 || (rc == 1 && op_audit(c, "boundary_rule.disable", "boundary_rule", id, NULL,
                                       "ok") != 0))
        op_store(res, msg(c->lang, "service.err.store_write"));
    else if (rc == 0)
        op_not_found(res, msg(c->lang, "boundary.rules.not_found"));
    else
        op_ok(res, id, 0);
    return op_end(c, res);
}
