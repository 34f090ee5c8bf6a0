/* ops_recoverees.h - recoveree operations: intake (RC-1). */
#ifndef PD_OPS_RECOVEREES_H
#define PD_OPS_RECOVEREES_H

#include "ops.h"

/* The intake fields (RC-1). Strings may be NULL (absent); "" counts as absent. */
struct rc_intake_in {
    const char *first_name, *last_name, *preferred_name;
    const char *dob; /* YYYY-MM-DD, not in the future */
    const char *phone, *email;
    const char *contact_pref; /* phone, text, email, mail, in_person; NULL: phone */
    int ok_to_leave_message;
    const char *language, *cultural_factors, *lived_experience, *pathways, *preferred_peer;
};

/* The limits of each intake field, the same as the intake form's (routes.c RC_FIELDS). */
#define RC_NAME_MAX 400
#define RC_PHONE_MAX 40
#define RC_EMAIL_MAX 254
#define RC_LANGUAGE_MAX 100
#define RC_PATHWAYS_MAX 300
#define RC_NOTE_MAX 1000 /* cultural factors, lived experience, preferred peer */

/* Check in without writing anything: the actor may do intake (administrator, supervisor,
 * peer); every field within its limit and form (one line, a real date); the fields the
 * organization requires (RC-1 policy values intake_require_*: OP_REFUSED, code "required",
 * rule RC-1); a known contact preference; a date of birth not after today; and for a peer,
 * who takes the recoveree onto their own caseload, WF-1/WF-5 (wf_check). */
enum op_status op_rc_intake_check(struct op_ctx *c, const struct rc_intake_in *in,
                                  struct op_result *res);

/* Intake: op_rc_intake_check, then the recoveree stored (intake date today, status active),
 * on the peer's own caseload when a peer does it, and audited ("recoveree.create"), in one
 * transaction (joined when the caller has one). OP_OK with the new id. */
enum op_status op_rc_intake(struct op_ctx *c, const struct rc_intake_in *in,
                            struct op_result *res);

#endif
