/* ops_recoverees.h - recoveree operations: intake (RC-1) and changes to the intake details and
 * status, called alike by the intake form, the record page, the API and the spreadsheet
 * import. */
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
    /* The structured matching profile (RC-1, RC-2): codes of the lists of profile.h,
     * comma-separated as sent (normalized here; gender and peer_gender one code). A code not
     * on its list is OP_INVALID naming the field. NULL or "": none stated. */
    const char *language_codes, *gender, *peer_gender, *substance_codes, *pathway_codes,
        *culture_codes;
};

/* The fields of struct rc_intake_in, to say which of them an update sends. */
enum rc_field {
    RCF_FIRST_NAME,
    RCF_LAST_NAME,
    RCF_PREFERRED_NAME,
    RCF_DOB,
    RCF_PHONE,
    RCF_EMAIL,
    RCF_CONTACT_PREF,
    RCF_LANGUAGE,
    RCF_CULTURAL_FACTORS,
    RCF_LIVED_EXPERIENCE,
    RCF_PATHWAYS,
    RCF_PREFERRED_PEER,
    RCF_LANGUAGE_CODES,
    RCF_GENDER,
    RCF_PEER_GENDER,
    RCF_SUBSTANCE_CODES,
    RCF_PATHWAY_CODES,
    RCF_CULTURE_CODES,
    RCF_OK_TO_LEAVE_MESSAGE,
    RCF__COUNT
};
#define RCF_BIT(f) (1u << (f))
#define RCF_ALL ((1u << RCF__COUNT) - 1)

/* The name of each field as the form and the API send it ("first_name", ...). */
extern const char *const rc_field_names[RCF__COUNT];

/* The limits of each intake field, the same as the intake form's (RC_FIELDS in h_recoverees.c). */
#define RC_NAME_MAX 400
#define RC_PHONE_MAX 40
#define RC_EMAIL_MAX 254
#define RC_LANGUAGE_MAX 100
#define RC_PATHWAYS_MAX 300
#define RC_NOTE_MAX 1000 /* cultural factors, lived experience, preferred peer */

/* Check in without writing anything: the actor may do intake (administrator, supervisor,
 * peer); every field within its limit and form (one line, a real date); the fields the
 * organization requires (RC-1 policy values intake_require_*: OP_REFUSED, code "required",
 * rule RC-1; the language and the pathways may be given in words or as codes, either will
 * do); a known contact preference; a date of birth not after today; every profile code on its
 * list (RC-1); and for a peer, who takes the recoveree onto their own caseload, WF-1/WF-5
 * (wf_check, WF_ASSIGN_RECOVEREE). */
enum op_status op_rc_intake_check(struct op_ctx *c, const struct rc_intake_in *in,
                                  struct op_result *res);

/* Intake: op_rc_intake_check, then the recoveree stored (intake date today, status active)
 * with its structured profile, on the peer's own caseload when a peer does it, and audited
 * ("recoveree.create"), in one transaction (joined when the caller has one). OP_OK with the
 * new id and version 1. */
enum op_status op_rc_intake(struct op_ctx *c, const struct rc_intake_in *in,
                            struct op_result *res);

/* The status changes a record allows, from -> to, with the words a form shows for each.
 * The current status is never a change; a discharged or closed record comes back only as an
 * explicit re-activation (issue 7). */
struct rc_status_move {
    const char *from, *to, *label;
};
extern const struct rc_status_move rc_status_moves[];
extern const int rc_nstatus_moves;

/* A change to a recoveree's intake details or status. Only the fields whose RCF_BIT is in
 * `sent` change (a field sent empty is cleared, except the names, which are kept, and the
 * contact preference, which becomes phone); the others keep their stored value. */
struct rc_update_in {
    int64_t recoveree_id;
    int64_t version;       /* the version the actor saw; 0: whatever is stored */
    struct rc_intake_in f; /* the values of the fields sent */
    unsigned sent;         /* RCF_BIT of each field sent */
    const char *status;    /* active, discharged, closed; NULL: unchanged */
};

/* Update: the recoveree in the actor's write reach (op_rc_for_write: OP_NOT_FOUND audited as
 * recoveree.denied; a peer stopped by WF-5/WF-1 OP_REFUSED); the status one of the three
 * (OP_INVALID) and reachable from the current one by rc_status_moves (OP_REFUSED); the sent
 * fields within their limits and a known contact preference (OP_INVALID); RC-1 on every
 * change: a field the organization requires cannot be emptied (OP_REFUSED "required"); the
 * profile codes on their lists (OP_INVALID); the version still the one stored (OP_CONFLICT
 * "stale", field version). Saved with its profile and audited as "recoveree.status" (reason:
 * the new status) when the status changed, else "recoveree.update", in one transaction.
 * OP_OK with the id and the new version. */
enum op_status op_rc_update(struct op_ctx *c, const struct rc_update_in *in,
                            struct op_result *res);

#endif
