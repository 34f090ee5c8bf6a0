/* ops_workforce.h - the workforce records (WF-1..WF-5): every change a user makes to a staff
 * member's profile, training, experience, continuing education, certifications, supervision
 * sessions and supervisor assignments. Who may record what is decided here:
 *   - an administrator reaches every staff member of the organization;
 *   - a supervisor reaches the people they currently supervise, except for the profile and
 *     the assignments (administrators only);
 *   - a peer reaches only themselves, and records only their experience and CE.
 * Out of reach answers OP_NOT_FOUND "There is no such staff member." (nobody learns who exists);
 * a person the actor may see but not record this for answers OP_FORBIDDEN.
 * Each text field is held to the limit of the HTTP input table (f_wf_* in h_workforce.c), so
 * the CLI and the import are too: OP_INVALID naming the field. */
#ifndef PD_OPS_WORKFORCE_H
#define PD_OPS_WORKFORCE_H

#include "ops.h"
#include "workforce_store.h"

/* What the actor wants to do about a staff member. */
enum wf_reach_kind {
    WFR_READ,      /* view the person's workforce records */
    WFR_SELF_ADD,  /* add experience and CE: the person too */
    WFR_SUPERVISE, /* add training (WF-1), certifications and supervision sessions */
    WFR_ADMIN,     /* profile and supervisor assignments */
};

/* 1 when the context's actor may do k about user_id (the rules above), 0 when not. */
int op_wf_allowed(struct op_ctx *c, enum wf_reach_kind k, int64_t user_id);

/* Load user_id into rec when the actor may do k about them: OP_OK, else OP_NOT_FOUND,
 * OP_FORBIDDEN or OP_STORE with res set. */
enum op_status op_wf_reach(struct op_ctx *c, int64_t user_id, enum wf_reach_kind k,
                           struct wf_record *rec, struct op_result *res);

/* Record training of user_id (WF-1: training decides the scope of practice, so only an
 * administrator or the person's supervisor records it, never a peer for themselves). date is
 * a day not after today, hours a number above 0 up to 200, kind a wf_training kind name.
 * OP_OK with the record's id. */
struct wf_training_in {
    int64_t user_id;
    const char *kind, *title, *date, *hours, *provider;
};
enum op_status op_wf_training_add(struct op_ctx *c, const struct wf_training_in *in,
                                  struct op_result *res);

/* Log supervised work experience (WF-2) of user_id: the person or their supervisor or an
 * administrator; a day not after today, hours above 0 up to 200. OP_OK with the id. */
struct wf_experience_in {
    int64_t user_id;
    const char *date, *hours, *description;
};
enum op_status op_wf_experience_add(struct op_ctx *c, const struct wf_experience_in *in,
                                    struct op_result *res);

/* Record continuing education (WF-3; ethics & professional boundaries or a core competency)
 * of user_id: the person, their supervisor or an administrator; hours up to 40. */
struct wf_ce_in {
    int64_t user_id;
    const char *date, *hours, *category, *title, *provider;
};
enum op_status op_wf_ce_add(struct op_ctx *c, const struct wf_ce_in *in, struct op_result *res);

/* Record a certification (WF-4) of user_id: a supervisor of theirs or an administrator;
 * issued not after today, expires after issued. */
struct wf_cert_in {
    int64_t user_id;
    const char *body, *number, *issued, *expires;
};
enum op_status op_wf_cert_add(struct op_ctx *c, const struct wf_cert_in *in,
                              struct op_result *res);

/* Record a supervision session (WF-5) of user_id, held on a day not after today (a session
 * in the future is refused), 1 to 600 minutes long, by a supervisor of the organization other
 * than the person: the supervisor acting, or for an administrator the one named
 * (has_supervisor_id); anyone else is OP_REFUSED naming supervisor_id. */
struct wf_supervision_in {
    int64_t user_id;
    const char *date, *kind, *topics;
    int has_minutes, has_supervisor_id;
    int64_t minutes, supervisor_id;
};
enum op_status op_wf_supervision_add(struct op_ctx *c, const struct wf_supervision_in *in,
                                     struct op_result *res);

/* Save user_id's profile (administrators only). A field not sent keeps its stored value, one
 * sent empty is cleared; a new profile needs a level. The five matching lists (RC-2; language,
 * gender, substance, pathway, culture codes) are normalized against profile.h. version is the
 * profile version the actor saw (has_version 0: the stored one). OP_CONFLICT "stale" when
 * someone changed it meanwhile. */
struct wf_profile_in {
    int64_t user_id;
    int has_level, has_capacity, has_waiver, has_version;
    int64_t level, caseload_capacity, education_waiver, version;
    int education_sent, hire_date_sent;
    const char *education, *hire_date;
    int text_sent[5]; /* languages, lived_experience, cultural_profile, pathways,
                         clinical_credential */
    const char *text[5];
    int codes_sent[5]; /* language_codes, gender, substance_codes, pathway_codes, culture_codes */
    const char *codes[5];
};
enum op_status op_wf_profile_save(struct op_ctx *c, const struct wf_profile_in *in,
                                  struct op_result *res);

/* Assign user_id an active supervisor of the organization from start_date (WF-5;
 * administrators only). One supervisor at a time: the open assignment ends the day before
 * (the same day when it starts on or after the new one). OP_OK with the assignment's id. */
struct wf_assign_in {
    int64_t user_id;
    int has_supervisor_id;
    int64_t supervisor_id;
    const char *start_date;
};
enum op_status op_wf_assign(struct op_ctx *c, const struct wf_assign_in *in,
                            struct op_result *res);

/* End user_id's open assignment assignment_id on end_date (administrators only). An end today
 * or earlier takes effect at once: the supervisor loses the supervisee (and their caseload)
 * now, and the peer is refused services until a new assignment (WF-5). OP_NOT_FOUND naming
 * end_date when there is no such open assignment started by then. */
struct wf_assign_end_in {
    int64_t user_id, assignment_id;
    const char *end_date;
};
enum op_status op_wf_assign_end(struct op_ctx *c, const struct wf_assign_end_in *in,
                                struct op_result *res);

/* Attach an uploaded file as evidence to a record of user_id: record is "certification-ID",
 * "training-ID" (a supervisor of theirs or an administrator) or "ce-ID" (the person too).
 * The file's type is sniffed (evidence.h): OP_REFUSED "evidence_type" when it is empty, over
 * EVIDENCE_MAX_BYTES (4 MB) or not a PDF, PNG or JPEG. OP_OK with the evidence id; out
 * receives the sha256 and type. */
struct wf_evidence_in {
    int64_t user_id;
    const char *record;
    const void *data; /* NULL: no file was sent */
    size_t len;
    const char *filename;
};
struct wf_evidence_out {
    char sha256[65];
    const char *content_type;
};
enum op_status op_wf_evidence_add(struct op_ctx *c, const struct wf_evidence_in *in,
                                  struct wf_evidence_out *out, struct op_result *res);

#endif
