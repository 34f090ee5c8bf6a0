/* ops_caseload.h - who works with a recoveree: caseload assignment (WF-1, WF-4, WF-5 never
 * overridable; SV-3, SV-4 overridable by a supervisor or administrator with a written
 * reason), ending an assignment, relationships that create the SV-3/SV-4 conflicts,
 * break-glass access (open, review, end), and the RC-2 matching the assignment choices come
 * from. */
#ifndef PD_OPS_CASELOAD_H
#define PD_OPS_CASELOAD_H

#include <stddef.h>

#include "matching.h"
#include "ops.h"
#include "recoverees.h"

/* Assign a peer to a recoveree. */
struct rc_assign_in {
    int64_t recoveree_id, peer_id;
    const char *start_date;      /* YYYY-MM-DD, today or later; NULL: today */
    int override;                /* SV-3/SV-4: the actor overrides the conflicts found */
    const char *override_reason; /* why, in a sentence (OVERRIDE_REASON_MIN characters) */
};

/* Assign: the recoveree in the actor's write reach (OP_NOT_FOUND, audited as
 * recoveree.denied); a start not before today (OP_INVALID start_date: a past start would judge
 * the peer by who they were then); peer_id an active peer of the organization (OP_REFUSED
 * "not_a_peer"); a supervisor assigns only the peers they supervise today, an administrator
 * anyone, nobody else (OP_FORBIDDEN); WF-1, WF-4, WF-5 allow the peer today and on the start
 * date, with no override (OP_REFUSED with the rule); SV-3 (clinical relationship) and SV-4
 * (authority over the recoveree) refuse it unless in->override is set by a supervisor or
 * administrator with a reason of OVERRIDE_REASON_MIN characters: without override OP_REFUSED
 * with the first conflict's rule, audited as caseload.refused after the rollback (nobody else
 * assigns at all, so nobody else overrides); a missing or short reason OP_INVALID
 * override_reason with the rule; the peer
 * already assigned OP_CONFLICT "already_assigned". Stored with the override's rules and reason,
 * audited as caseload.assign (and, for an override, as "override" with rules and reason), in
 * one transaction. OP_OK with the assignment's id; *override_rules (when given) receives the
 * rules overridden ("SV-3", "SV-3,SV-4") or NULL. */
enum op_status op_rc_assign(struct op_ctx *c, const struct rc_assign_in *in,
                            const char **override_rules, struct op_result *res);

/* End assignment assignment_id of recoveree_id at once (issue 7: the peer loses the record
 * this second, not at midnight). Supervisors and administrators only (OP_FORBIDDEN); a
 * supervisor only a peer they supervise (OP_NOT_FOUND otherwise, as for an assignment that is
 * not open). Audited as caseload.end. */
enum op_status op_rc_assign_end(struct op_ctx *c, int64_t recoveree_id, int64_t assignment_id,
                                struct op_result *res);

/* Record that staff_id has a relationship of kind (rel_kind_name: clinical, probation, ...)
 * with the recoveree, the fact SV-3 and SV-4 judge assignments by. Supervisors and
 * administrators (OP_FORBIDDEN); kind known (OP_INVALID kind); staff_id of the organization
 * (OP_REFUSED code "invalid", field staff_id). Audited as relationship.add. */
struct rc_relationship_in {
    int64_t recoveree_id, staff_id;
    const char *kind, *note;
};
enum op_status op_rc_relationship(struct op_ctx *c, const struct rc_relationship_in *in,
                                  struct op_result *res);

/* Open a record outside one's reach for policy break_glass_minutes, for reading (HIPAA
 * 164.312(a)(2)(ii) emergency access): peers and supervisors only (administrators reach every
 * record already: OP_FORBIDDEN); the recoveree of the organization (OP_NOT_FOUND); a reason
 * of OVERRIDE_REASON_MIN characters (OP_INVALID reason). Audited as break_glass with the
 * reason and listed for review. OP_OK with the grant's id; *until receives its end (Unix). */
struct break_glass_in {
    int64_t recoveree_id;
    const char *reason;
};
enum op_status op_break_glass_open(struct op_ctx *c, const struct break_glass_in *in,
                                   int64_t *until, struct op_result *res);

/* Mark grant_id reviewed with note (may be NULL): supervisors and administrators
 * (OP_FORBIDDEN), never their own grant nor one already reviewed (OP_NOT_FOUND). Audited as
 * break_glass.review. */
enum op_status op_break_glass_review(struct op_ctx *c, int64_t grant_id, const char *note,
                                     struct op_result *res);

/* End unexpired grant_id now: its own user, or a supervisor or administrator (OP_NOT_FOUND
 * for anything else). Audited as break_glass.end. */
enum op_status op_break_glass_end(struct op_ctx *c, int64_t grant_id, struct op_result *res);

/* A peer the person acting may choose for a recoveree (RC-2). */
struct rc_match {
    int64_t peer_id;
    const char *name;
    int rank;                          /* 1 = best */
    int nreasons;
    const char *reasons[MATCH_MAX_REASONS];
    int can_assign;                    /* this actor may assign them (op_rc_assign's rule) */
};

/* A peer whom only a recorded relationship rules out (SV-3, SV-4): eligible otherwise, with
 * room, and assignable by the actor with a written override. Never ranked. */
struct rc_override_choice {
    int64_t peer_id;
    const char *name;
};

/* The ranked matches for recoveree x (RC-2, match_rank): never a peer that WF-1, WF-4 or WF-5
 * rules out today, one with a clinical or authority relationship with x (SV-3, SV-4), one
 * who already has x, or one without room; at most RC_MATCH_MAX. With over, also the peers
 * only a relationship rules out (see above). Arrays in the context's arena. OP_OK or
 * OP_STORE. */
#define RC_MATCH_MAX 20
enum op_status op_rc_match(struct op_ctx *c, const struct recoveree *x, struct rc_match **out,
                           size_t *n, struct rc_override_choice **over, size_t *nover,
                           struct op_result *res);

#endif
