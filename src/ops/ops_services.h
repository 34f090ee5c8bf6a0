/* ops_services.h - the service log (SPEC SV-1..SV-5, WF-1, WF-4, WF-5): what a peer does when
 * they record a contact, and what a supervisor does with it. Pages, the API and the CLI call
 * these alike; every rule is decided here, once.
 *
 * Logging and editing check, in this order, and answer the first refusal with its rule:
 *   reach    the actor reaches every recoveree named (caseload, RC_SCOPE) - else OP_NOT_FOUND;
 *   WF-1/4/5 the peer may deliver a service of this intensity on its day (wf_decide): never
 *            overridable;
 *   SV-3/4   no clinical or authority relationship of the peer with a recoveree, unless a
 *            supervisor or administrator overrides with a written reason (audited, and put on
 *            the review list);
 *   SV-5     the note stays out of the sponsor, therapist, nurse/physician and clergy lanes;
 *            a warning names the lane and quotes the phrase, and the peer rephrases or keeps
 *            the note with a reason the supervisor then sees on the review list. */
#ifndef PD_OPS_SERVICES_H
#define PD_OPS_SERVICES_H

#include <stddef.h>

#include "ops.h"

struct svc_in {
    int64_t peer_id; /* who delivered it: 0 is the actor (a peer); supervisors and
                      * administrators name the peer they record for */
    const int64_t *recoverees;
    size_t nrecoverees;
    const int64_t *goals; /* plan goals of those recoverees */
    size_t ngoals;
    const char *date, *time; /* the start, in the organization's time zone; NULL: now */
    int64_t minutes;
    const char *modality, *intensity, *setting, *activity, *funding_source, *note;
    const char *boundary_reason; /* SV-5: keep the note despite the warning, saying why */
    int override;                /* SV-3/SV-4: a supervisor overrides ... */
    const char *override_reason; /* ... with this written reason */
    int64_t version;             /* edits: the version the editor saw */
};

/* What logging found beside the result: the boundary warning (lane, the phrase quoted) when
 * the note was refused or kept despite it. */
struct svc_outcome {
    const char *boundary_lane, *boundary_phrase;
};

/* Log a service. OP_OK with the new id (version 1); OP_INVALID with every field at fault
 * (res->errors); OP_NOT_FOUND for a recoveree out of reach; OP_REFUSED naming WF-1/4/5, SV-3,
 * SV-4 or SV-5 (code "boundary_warning": out names the lane and phrase); OP_FORBIDDEN. */
enum op_status op_svc_log(struct op_ctx *c, const struct svc_in *in, struct svc_outcome *out,
                          struct op_result *res);

/* GR-3: one attending member's group service from a documented session (in: one recoveree,
 * modality "group"), delivered by facilitator deliverer, inside the caller's open transaction
 * (ops_groups.c has decided who may document, that the recoveree is a member, and SV-5 on the
 * session note once: kept carries a warning the facilitator kept with in->boundary_reason).
 * Here the service's own rules: its shape (SV-1), a peer facilitator's scope on the day
 * (WF-1, WF-4, WF-5), and who pays (SV-8, the member's own coverage). OP_OK with *id. */
enum op_status op_svc_log_attendance(struct op_ctx *c, int64_t deliverer, const struct svc_in *in,
                                     const struct svc_outcome *kept, int64_t *id,
                                     struct op_result *res);

/* Change service id (every field of in, as when logging) at in->version: OP_CONFLICT "stale"
 * when it changed meanwhile or was voided. The peer who delivered it, their supervisor, or an
 * administrator. The change is kept in the service's history. */
enum op_status op_svc_edit(struct op_ctx *c, int64_t id, const struct svc_in *in,
                           struct svc_outcome *out, struct op_result *res);

/* Void service id at version, with a reason of at least SVC_REASON_MIN characters. Services
 * are never deleted. */
enum op_status op_svc_void(struct op_ctx *c, int64_t id, int64_t version, const char *reason,
                           struct op_result *res);

/* A supervisor (of the peer, today) or an administrator marks a kept boundary warning or an
 * override reviewed, with an optional note. OP_CONFLICT when there is nothing to review. */
enum op_status op_svc_review(struct op_ctx *c, int64_t id, const char *note,
                             struct op_result *res);
/* The same for a caseload assignment made with an override (SV-3, SV-4). */
enum op_status op_assignment_review(struct op_ctx *c, int64_t caseload_id,
                                    struct op_result *res);

/* Whether the actor may read service id (its peer, the peer's supervisor, an administrator,
 * or someone who reaches one of its recoverees): OP_OK, or OP_NOT_FOUND. */
enum op_status op_svc_readable(struct op_ctx *c, int64_t id, struct op_result *res);

/* Keep what was typed in the service form (fields: JSON text, at most SVC_DRAFT_MAX bytes)
 * for recoveree_id (0: none chosen yet), so a lost connection or an ended session loses
 * nothing. OP_OK with the draft's id. */
#define SVC_DRAFT_MAX 16384
enum op_status op_svc_draft_save(struct op_ctx *c, int64_t recoveree_id, const char *fields,
                                 struct op_result *res);
enum op_status op_svc_draft_delete(struct op_ctx *c, int64_t id, struct op_result *res);

#endif
