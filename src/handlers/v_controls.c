/* v_controls.c - which changes a record's pages offer the person reading them (issue 7: each
 * control only for those who may use it). The operations decide again on every write; this
 * only keeps the pages from offering what would be refused. */
#include "handlers.h"

#include "civil.h"
#include "workforce_store.h"

int rc_edit_flags(struct req *r, int64_t id, json_t *m)
{
    /* An emergency reader reads: the changes stay with the caseload's peer and supervisor. */
    int64_t until = rc_break_glass_until(r, id);
    int can_edit = until == 0;
    if (can_edit && r->me.role == ROLE_PEER) {
        /* WF-5, WF-1: a peer who may not record services may not change the record. */
        struct wf_decision d;
        int read = wf_check(r->db, r->a, r->me.org_id, r->me.user_id, civil_today(), &r->pol,
                            WF_DELIVER_LOW, &d) == 0;
        can_edit = read && d.allowed;
        if (read && !d.allowed)
            jset_str(m, "edit_refused", d.message);
    }
    jset_bool(m, "under_break_glass", until != 0);
    if (until)
        jset(m, "break_glass_until", view_time(until));
    jset_bool(m, "can_edit", can_edit);
    return can_edit;
}
