/* ops_referrals.h - SV-7: the directory of community resources and the referrals peers make
 * to them. Called alike by the pages and API (h_resources.c), the CSV import (import.c) and
 * the CLI. Messages are in the context's language (c->lang). */
#ifndef PD_OPS_REFERRALS_H
#define PD_OPS_REFERRALS_H

#include "ops.h"
#include "referral.h"

/* Input limits, shared by the route tables (h_resources.c) and the import, each with room for
 * any real entry: a name or address line, a phone with extension, a week of opening hours, a
 * list of languages, a paragraph of eligibility or of meeting times, a URL. */
#define RES_NAME_MAX 200
#define RES_ADDRESS_MAX 300
#define RES_PHONE_MAX 40
#define RES_HOURS_MAX 500
#define RES_LANGUAGES_MAX 200
#define RES_TEXT_MAX 2000 /* eligibility, meetings, note */
#define RES_WEBSITE_MAX 500
#define REF_NOTE_MAX 2000

/* A resource as typed: every field a string, NULL for empty. kind is a stored kind
 * (referral.h). */
struct resource_in {
    const char *kind, *name, *address, *zip, *phone, *hours, *languages, *eligibility,
        *meetings, *website, *note;
};

/* Check a resource without writing: kind known, name given, ZIP five digits or ZIP+4, the
 * phone only digits and + ( ) - . x and blanks, a website that starts with http:// or
 * https://, each within its limit. Every field at fault at once (res->errors). OP_OK or
 * OP_INVALID. */
enum op_status op_resource_check(struct op_ctx *c, const struct resource_in *in,
                                 struct op_result *res);

/* Add a resource to the directory (SV-7): administrators and supervisors only
 * (OP_FORBIDDEN), op_resource_check, stored and audited ("resource.create") in one
 * transaction (joined when the caller has one: the import). OP_OK with id, version 1. */
enum op_status op_resource_create(struct op_ctx *c, const struct resource_in *in,
                                  struct op_result *res);

/* Change resource id: every field as given (the whole record, as the edit form sends it),
 * active 0 deactivates it (never deleted; referrals made to it keep pointing at it), 1
 * reactivates it. version is the one the editor saw: OP_CONFLICT "stale" when it changed
 * meanwhile; OP_NOT_FOUND when absent or another organization's. Audited
 * ("resource.update", "resource.deactivate" or "resource.reactivate"). */
enum op_status op_resource_update(struct op_ctx *c, int64_t id, const struct resource_in *in,
                                  int active, int64_t version, struct op_result *res);

/* Refer a recoveree to a resource (SV-7). The recoveree must be in the actor's write reach
 * (op_rc_for_write: a peer refers only those on their caseload, and only while WF-5/WF-1
 * let them work); the resource active and the organization's (else OP_NOT_FOUND naming
 * resource_id). follow_up_on NULL is REFERRAL_FOLLOW_UP_DAYS after today (org-local); given,
 * it is not before today. Audited ("referral.create"). OP_OK with the referral's id. */
struct referral_in {
    int64_t recoveree_id, resource_id;
    const char *follow_up_on, *note;
};
enum op_status op_referral_create(struct op_ctx *c, const struct referral_in *in,
                                  struct op_result *res);

/* Move a referral to state `state` on day `on` (NULL: today), or, with state NULL, change
 * only its follow-up date and note. The move is referral_move_check's (OP_REFUSED, rule SV-7,
 * field "state" or "on", the reason in words); the referral's recoveree must be in the
 * actor's write reach (else OP_NOT_FOUND, as for an absent referral). follow_up_on and note
 * NULL keep theirs. version as seen: OP_CONFLICT "stale". Audited ("referral.connected",
 * "referral.completed", "referral.declined" or "referral.update"). */
struct referral_move_in {
    int64_t referral_id, version;
    const char *state, *on, *follow_up_on, *note;
};
enum op_status op_referral_move(struct op_ctx *c, const struct referral_move_in *in,
                                struct op_result *res);

#endif
