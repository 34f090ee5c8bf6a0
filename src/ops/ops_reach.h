/* ops_reach.h - who may change a recoveree's record: the one check every recoveree operation
 * makes before it writes. */
#ifndef PD_OPS_REACH_H
#define PD_OPS_REACH_H

#include <stddef.h>

#include "assignment.h"
#include "ops.h"
#include "recoverees.h"

/* The actor's access scope for recoverees today (RC_SCOPE in q_recoverees.def). When write is
 * set, a break-glass grant does not count: emergency access is for reading. */
void op_rc_scope(const struct op_ctx *c, int write, struct rc_scope *sc);

/* Load recoveree id for a change by the actor into *x. OP_OK; OP_NOT_FOUND when it is absent,
 * another organization's or out of reach (the same answer; the attempt is audited as
 * recoveree.denied once the caller has rolled back — see op_rc_denied); OP_REFUSED when the
 * actor is a peer whom WF-5 or WF-1 stops from recording services today; OP_STORE. */
enum op_status op_rc_for_write(struct op_ctx *c, int64_t id, struct recoveree *x,
                               struct op_result *res);

/* op_rc_for_write without its WF-5/WF-1 check of a peer: for an operation that names several
 * recoverees and has made that check once already (a group service). */
enum op_status op_rc_reach(struct op_ctx *c, int64_t id, struct recoveree *x,
                           struct op_result *res);

/* After a failed operation on recoveree id has been rolled back: audit a not-found as a denied
 * attempt (what: the operation's name). Returns res->status (OP_STORE if the audit failed). */
enum op_status op_rc_denied(struct op_ctx *c, struct op_result *res, int64_t id, const char *what);

/* SV-3, SV-4: the conflicts in the way of peer (named name) working with recoveree_id, from the
 * relationships recorded with the recoveree, at most max into out; *n how many. Used when a
 * peer is assigned and when a service is logged. 0, or -1 on a store error (nothing is judged
 * without them). */
int op_rel_conflicts(struct op_ctx *c, int64_t recoveree_id, int64_t peer, const char *name,
                     struct assign_conflict *out, size_t max, size_t *n);

#endif
