/* v_controls.c - which changes a record's pages offer the person reading them (issue 7: each
 * control only for those who may use it). The operations decide again on every write; this
 * only keeps the pages from offering what would be refused. */
#include "handlers.h"

#include "opreply.h"
#include "ops_reach.h"
#include "recoverees.h"

int rc_edit_flags(struct req *r, int64_t id, json_t *m)
{
    /* The very check every write makes (op_rc_for_write): the record in the writer's reach
     * (emergency access reads only; the changes stay with the caseload's peer and supervisor)
     * and, for a peer, WF-1 and WF-5. */
    struct op_ctx c;
    op_ctx_from_req(r, &c);
    struct recoveree x;
    struct op_result res;
    int can_edit = op_rc_for_write(&c, id, &x, &res) == OP_OK;
    if (res.status == OP_REFUSED)
        jset_str(m, "edit_refused", res.message);
    int64_t until = rc_break_glass_until(r, id);
    jset_bool(m, "under_break_glass", until != 0);
    if (until)
        jset(m, "break_glass_until", view_time(until));
    jset_bool(m, "can_edit", can_edit);
    return can_edit;
}
