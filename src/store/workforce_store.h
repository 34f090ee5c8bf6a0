/* workforce_store.h - load workforce records into the pure rule structs (domain/workforce.h) and save them. */
#ifndef PD_WORKFORCE_STORE_H
#define PD_WORKFORCE_STORE_H

#include <stdint.h>

#include "arena.h"
#include "db.h"
#include "workforce.h"

/* A staff member's profile fields as stored (strings in the arena, NULL when empty). */
struct wf_profile {
    int64_t user_id;
    const char *name, *username, *role;
    int disabled;
    int has_profile;
    enum wf_level level;
    const char *hire_date;
    enum wf_education education;
    int education_waiver;
    const char *languages, *lived_experience, *cultural_profile, *pathways, *clinical_credential;
    int64_t caseload_capacity, version, updated_at;
    /* Structured matching profile (RC-2): codes of profile.h, comma-separated, NULL = none. */
    const char *language_codes, *gender, *substance_codes, *pathway_codes, *culture_codes;
};

/* One row of any record list for display. Meaning of the fields by list:
 * trainings:   kind=enum wf_training_kind, title, provider, date, minutes
 * experience:  title=description, date, minutes
 * certs:       kind=enum wf_cert_body, title=number, date=issued, date2=expires
 * ce:          kind=enum wf_ce_category, title, provider, date, minutes
 * supervision: title=topics, provider=kind, date, minutes, other=supervisor
 * assignments: date=start, date2=end (NULL = open), other=supervisor, ended_at */
struct wf_entry {
    int64_t id;
    int kind;
    const char *title, *provider, *date, *date2, *other_name;
    int32_t minutes;
    int64_t other_id, evidence_id;
    int64_t ended_at; /* assignments: when an end took effect at once (0: not ended so) */
};

struct wf_list {
    struct wf_entry *rows;
    int n;
};

/* Everything about one person: profile, display lists and the rule input. */
struct wf_record {
    struct wf_profile prof;
    struct wf_list trainings, experience, certs, ce, supervision, assignments;
    struct wf_person person; /* arrays point into the arena */
};

/* Load user_id of org_id. Returns 1, 0 (no such user in this organization), -1 (store). */
int wf_load(db *d, arena *a, int64_t org_id, int64_t user_id, struct wf_record *out);

/* THE entry point every later capability calls before a service or an
 * assignment (WF-1, WF-4, WF-5): may user_id do action on date? Fills out;
 * returns 0, or -1 on a store error (then the action must not happen). A user
 * with no workforce profile is refused. */
int wf_check(db *d, arena *a, int64_t org_id, int64_t user_id, int32_t date,
             const struct policy *pol, enum wf_action action, struct wf_decision *out);

/* wf_check worded to the person acting (actor_id): when someone else acts on user_id, the
 * refusal names user_id ("Dana Holt has no active supervisor…", wf_decide_about). */
int wf_check_as(db *d, arena *a, int64_t org_id, int64_t user_id, int32_t date,
                const struct policy *pol, enum wf_action action, int64_t actor_id,
                struct wf_decision *out);

/* 1 when supervisor_id currently supervises user_id, 0 when not, -1 on error. */
int wf_supervises(db *d, int64_t org_id, int64_t supervisor_id, int64_t user_id, int32_t today);

/* Dashboard row: one peer and their computed status per requirement on a date. */
struct wf_row {
    int64_t id;
    const char *name, *username, *supervisor;
    int64_t supervisor_id;
    enum wf_level level, effective;
    enum wf_status training, certification, ce, supervision, overall;
    const char *cert_note, *ce_note, *supervision_note, *training_note; /* in English */
    /* The same notes by message id (wf_text_encode, as workforce_status stores them):
     * wf_note_text says one in the reader's language. */
    const char *cert_note_code, *ce_note_code, *supervision_note_code, *training_note_code;
    int32_t days_left; /* nearest deadline among the requirements, INT32_MAX when none */
    int may_assign;          /* wf_decide(WF_ASSIGN_RECOVEREE) on the date */
    const char *assign_rule; /* its rule when refused */
};

/* The requirement statuses, notes, levels, decision and nearest deadline of one person on
 * date into r (WF-1 to WF-5), leaving id, names and supervisor as they are: the one
 * computation behind wf_load_org and the stored status (wf_status_refresh). Notes are copied
 * into a. */
void wf_row_compute(arena *a, const struct wf_person *p, const struct policy *pol, int32_t date,
                    struct wf_row *r);

/* Compute every active peer of the organization on date (a few grouped
 * queries, then the pure rules). *rows is arena memory. 0 or -1. */
int wf_load_org(db *d, arena *a, int64_t org_id, int32_t date, const struct policy *pol,
                struct wf_row **rows, int *n);
/* wf_load_org, also giving each row's rule input: (*persons)[i] is rows[i]'s person (arena
 * memory; persons NULL: not wanted). For the stored status (workforce_status.c). */
int wf_load_org_persons(db *d, arena *a, int64_t org_id, int32_t date, const struct policy *pol,
                        struct wf_row **rows, struct wf_person **persons, int *n);

/* ---- writes: one function per statement of q_workforce.def, each binding its own
 * parameters. by/at are the recording user and the Unix time. The _add functions return
 * DB_OK with the new row's id in *id, or DB_ERR. */

/* The stored form of a profile for WF_PROFILE_SAVE (text fields NULL when empty). */
struct wf_profile_row {
    int64_t user_id, level, education_waiver, caseload_capacity;
    const char *hire_date, *education;
    const char *languages, *lived_experience, *cultural_profile, *pathways, *clinical_credential;
};

/* Create or replace a profile if its version is still version (0 when new): 1 saved,
 * 0 stale (someone else changed it), -1 store. */
int wf_profile_save(db *d, int64_t org_id, const struct wf_profile_row *p, int64_t by,
                    int64_t at, int64_t version);

/* The structured matching codes (RC-2): codes[5] = language, gender, substance, pathway,
 * culture (normalized, NULL = none). DB_OK or DB_ERR. */
int wf_profile_codes(db *d, int64_t org_id, int64_t user_id, const char *const codes[5]);

int wf_training_add(db *d, int64_t org_id, int64_t user_id, const char *kind, const char *title,
                    int32_t minutes, const char *date, const char *provider, int64_t by,
                    int64_t at, int64_t *id);
int wf_experience_add(db *d, int64_t org_id, int64_t user_id, const char *date, int32_t minutes,
                      const char *description, int64_t by, int64_t at, int64_t *id);
int wf_ce_add(db *d, int64_t org_id, int64_t user_id, const char *date, int32_t minutes,
              const char *category, const char *title, const char *provider, int64_t by,
              int64_t at, int64_t *id);
int wf_cert_add(db *d, int64_t org_id, int64_t user_id, const char *body, const char *number,
                const char *issued, const char *expires, int64_t by, int64_t at, int64_t *id);
int wf_supervision_add(db *d, int64_t org_id, int64_t supervisor_id, int64_t supervisee_id,
                       const char *date, int64_t minutes, const char *kind, const char *topics,
                       int64_t by, int64_t at, int64_t *id);
/* A new open assignment from start_date (WF-5). */
int wf_assign_add(db *d, int64_t org_id, int64_t supervisor_id, int64_t supervisee_id,
                  const char *start_date, int64_t by, int64_t at, int64_t *id);
/* End the open assignment id of supervisee_id on end_date if it started by then; ended_at is
 * the time the end took effect at once (0: NULL, it ends after end_date). 1 ended, 0 no such
 * open assignment, -1 store. */
int wf_assign_end(db *d, int64_t org_id, int64_t supervisee_id, int64_t id, const char *end_date,
                  int64_t ended_at);

/* Active supervisors of the organization for forms and filters, by name (at most 500). */
struct wf_named {
    int64_t id;
    const char *name;
};
int wf_supervisors(db *d, arena *a, int64_t org_id, struct wf_named **rows, int *n);

/* Store an uploaded evidence file of user_id (sha256 as hex). DB_OK with *id, or DB_ERR. */
int wf_evidence_add(db *d, int64_t org_id, int64_t user_id, const char *filename,
                    const char *content_type, const void *data, size_t len, const char *sha256,
                    int64_t by, int64_t at, int64_t *id);

/* Which record evidence is attached to. */
enum wf_evidence_kind { WFE_CERT, WFE_TRAINING, WFE_CE };

/* Attach evidence_id to record_id of kind of the same person: 1, 0 (no such record), -1. */
int wf_evidence_link(db *d, enum wf_evidence_kind kind, int64_t evidence_id, int64_t org_id,
                     int64_t user_id, int64_t record_id);

/* An evidence file of user_id, copied into the arena. 1, 0 (none), -1 (store). */
struct wf_evidence {
    const char *filename, *content_type;
    const void *data;
    size_t len;
};
int wf_evidence_get(db *d, arena *a, int64_t org_id, int64_t user_id, int64_t id,
                    struct wf_evidence *out);

#endif
