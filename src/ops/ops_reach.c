/* ops_reach.c - the write reach of recoveree operations (ops_reach.h). */
#include "ops_reach.h"

#include "caseload_store.h"
#include "msg.h"
#include "workforce_store.h"

void op_rc_scope(const struct op_ctx *c, int write, struct rc_scope *sc)
{
    rc_scope_for(sc, c->who.role, c->who.user_id, c->today, c->now);
    /* Emergency access is for reading what is needed in the emergency, not for changing the
     * record (which stays with the caseload's peer and supervisor). */
    if (write)
        sc->user = 0;
}

enum op_status op_rc_reach(struct op_ctx *c, int64_t id, struct recoveree *x,
                           struct op_result *res)
{
    struct rc_scope sc;
    op_rc_scope(c, 1, &sc);
    int rc = rc_get(c->db, c->a, c->who.org_id, id, &sc, x);
    if (rc < 0)
        return op_store(res, msg(c->lang, "rc.err.read"));
    if (rc == 0)
        return op_not_found(res, msg(c->lang, "rc.err.not_on_caseload"));
    return op_ok(res, x->id, x->version);
}

enum op_status op_rc_for_write(struct op_ctx *c, int64_t id, struct recoveree *x,
                               struct op_result *res)
{
    if (op_rc_reach(c, id, x, res) != OP_OK)
        return res->status;
    /* WF-5, WF-1: a peer without an active supervisor (or without the training of any level)
     * cannot record services, so cannot change their recoverees' records either. */
    if (c->who.role == ROLE_PEER) {
        struct wf_decision d;
        if (wf_check(c->db, c->a, c->who.org_id, c->who.user_id, c->today, c->pol,
                     WF_DELIVER_LOW, &d) != 0)
            return op_store(res, msg(c->lang, "wf.err_read"));
        if (!d.allowed)
            return op_refused(res, d.rule, NULL, op_said(c, &d.text, d.message));
    }
    return op_ok(res, x->id, x->version);
}

enum op_status op_rc_denied(struct op_ctx *c, struct op_result *res, int64_t id, const char *what)
{
    if (res->status != OP_NOT_FOUND)
        return res->status;
    if (op_audit(c, "recoveree.denied", "recoveree", id, what, "denied") != 0)
        return op_store(res, msg(c->lang, "op.err.store"));
    return res->status;
}

int op_rel_conflicts(struct op_ctx *c, int64_t recoveree_id, int64_t peer, const char *name,
                     struct assign_conflict *out, size_t max, size_t *n)
{
    struct rel_row *rel;
    int nrel;
    if (rel_list(c->db, c->a, c->who.org_id, recoveree_id, &rel, &nrel) != 0)
        return -1;
    /* One of each kind is enough to decide, so a small array loses nothing that matters. */
    int kinds[REL__COUNT * 4];
    size_t nk = 0;
    for (int i = 0; i < nrel; i++)
        if (rel[i].staff_id == peer && nk < sizeof kinds / sizeof *kinds)
            kinds[nk++] = rel_kind_parse(rel[i].kind);
    *n = assign_conflicts(kinds, nk, name, out, max);
    return 0;
}
