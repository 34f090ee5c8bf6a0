/* ops_reach.h - who may change a recoveree's record: the one check every recoveree operation
 * makes before it writes. */
#ifndef PD_OPS_REACH_H
#define PD_OPS_REACH_H

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

/* After a failed operation on recoveree id has been rolled back: audit a not-found as a denied
 * attempt (what: the operation's name). Returns res->status (OP_STORE if the audit failed). */
enum op_status op_rc_denied(struct op_ctx *c, struct op_result *res, int64_t id, const char *what);

#endif
