/* workforce.h - rules WF-1 to WF-5 (seed 003 sections 4-6) as pure functions of a peer's records at a date.
 *
 * Nothing here does I/O: the store loads a struct wf_person, these functions
 * decide. Every hour is kept in whole minutes so sums are exact ("hours that
 * sum to exactly the requirement" meet it). Dates are civil day numbers. */
#ifndef PD_WORKFORCE_H
#define PD_WORKFORCE_H

#include <stddef.h>
#include <stdint.h>

#include "policy.h"
#include "wf_text.h"

enum wf_level { WF_NONE = 0, WF_L1 = 1, WF_L2 = 2, WF_L3 = 3 };

enum wf_intensity { WF_LOW, WF_MODERATE, WF_HIGH, WF_INTENSITY__COUNT };

enum wf_education { EDU_UNKNOWN, EDU_NONE, EDU_HS, EDU_GED, EDU_COLLEGE, EDU__COUNT };

enum wf_training_kind { TR_ORIENTATION_ETHICS, TR_ETHICS_CCAR, TR_OTHER, TR__COUNT };

enum wf_cert_body { CERT_NCPRSS, CERT_CPRS, CERT_OTHER, CERT__COUNT };

enum wf_ce_category { CE_ETHICS, CE_CORE, CE__COUNT };

/* What a later capability asks before acting (SPEC WF-1, WF-4, WF-5). */
enum wf_action {
    WF_DELIVER_LOW,
    WF_DELIVER_MODERATE,
    WF_DELIVER_HIGH,
    WF_ASSIGN_RECOVEREE,
    WF_ACTION__COUNT
};

/* Compliance of one requirement, worst last so max() gives the overall. */
enum wf_status { WF_NA, WF_COMPLIANT, WF_DUE_SOON, WF_NON_COMPLIANT };

struct wf_cert {
    enum wf_cert_body body;
    int32_t issued, expires; /* day numbers; expires < 0 when not recorded */
};

struct wf_ce {
    int32_t date;
    int32_t minutes;
    enum wf_ce_category category;
};

struct wf_supervision {
    int32_t date;
    int32_t minutes;
};

struct wf_assignment {
    int32_t start, end; /* end < 0: open */
};

/* Everything the rules look at, for one person. Arrays are owned by the caller. */
struct wf_person {
    enum wf_level level;  /* the level the organization assigned */
    int32_t hire;         /* day number, < 0 when unknown */
    enum wf_education education;
    int education_waiver; /* supervisor approved in place of HS/GED (WF-2) */
    int32_t training_minutes[TR__COUNT];
    int32_t experience_minutes;
    const struct wf_cert *certs;
    size_t ncerts;
    const struct wf_ce *ce;
    size_t nce;
    const struct wf_supervision *sup; /* sessions where this person was supervised */
    size_t nsup;
    const struct wf_assignment *assign; /* supervisor assignments of this person */
    size_t nassign;
};

/* A decision: allowed, or refused with the rule and a sentence a peer understands. */
struct wf_decision {
    int allowed;
    const char *rule;  /* "WF-1", "WF-4", "WF-5" */
    char message[768]; /* room for a peer's name (DISPLAY_NAME_MAX_BYTES) in the sentence */
    struct wf_text text; /* the same sentence by message id, to say it in the reader's
                          * language (wf_text_format); message is its English */
};

/* One requirement's progress, for pages and exports. */
struct wf_req {
    enum wf_status status;
    int32_t done, required; /* minutes, or 0/1 for yes/no requirements */
    int32_t days_left;      /* to the deadline, when there is one (else INT32_MIN) */
    char note[200];         /* what is missing, in words (English) */
    struct wf_text text;    /* the note by message id: wf_text_format says it in a language,
                             * wf_text_encode stores it */
};

/* The current certification on date (issued <= date <= expires), or NULL.
 * With several, the one that expires last. */
const struct wf_cert *wf_current_cert(const struct wf_person *p, int32_t date);

/* The most recent certification issued on or before date, current or not (NULL if none). */
const struct wf_cert *wf_latest_cert(const struct wf_person *p, int32_t date);

/* The level whose scope the person works in on date (WF-1 training, WF-4 lapse):
 * a Level 3 without a current certification drops to what their training allows. */
enum wf_level wf_effective_level(const struct wf_person *p, const struct policy *pol,
                                 int32_t date);

/* 1 when an active supervisor assignment covers date (WF-5). */
int wf_has_supervisor(const struct wf_person *p, int32_t date);

/* The one entry point other capabilities call before a service or an assignment. */
void wf_decide(const struct wf_person *p, const struct policy *pol, int32_t date,
               enum wf_action action, struct wf_decision *out);

/* The same decision, worded to whoever acts: who is NULL when the peer acts for themself
 * ("You have no active supervisor…"), else the peer's name for the administrator or
 * supervisor acting on them ("Dana Holt has no active supervisor…"; WF-1, WF-4, WF-5). */
void wf_decide_about(const struct wf_person *p, const struct policy *pol, int32_t date,
                     enum wf_action action, const char *who, struct wf_decision *out);

/* Requirement by requirement, for the dashboard and "my progress". */
void wf_training_status(const struct wf_person *p, const struct policy *pol, struct wf_req *out);
void wf_certification_status(const struct wf_person *p, const struct policy *pol, int32_t date,
                             struct wf_req *out);
void wf_ce_status(const struct wf_person *p, const struct policy *pol, int32_t date,
                  struct wf_req *out, int32_t *ethics_done, int32_t *ethics_required,
                  int32_t *cycle_start, int32_t *cycle_end);
/* WF-3: how much of the continuing education requirement is met, 0 to 100: the required
 * minutes less the larger of the two shortfalls (total, ethics), as a percentage. Ethics
 * minutes count toward the total, so the answer is 100 only when both the total and the
 * ethics hours are done, never while the ethics hours are short. 0 when nothing is required. */
int wf_ce_percent(int32_t done, int32_t required, int32_t ethics_done, int32_t ethics_required);
void wf_supervision_status(const struct wf_person *p, const struct policy *pol, int32_t date,
                           struct wf_req *out);

/* WF-2 progress toward certification: education, experience, supervised hours, training. */
struct wf_cert_progress {
    struct wf_req education, experience, supervised, training;
    int ready; /* every prerequisite met */
};
void wf_cert_progress(const struct wf_person *p, const struct policy *pol,
                      struct wf_cert_progress *out);

/* The worst status of the person's requirements on date. */
enum wf_status wf_overall(const struct wf_person *p, const struct policy *pol, int32_t date);

/* The first day after date on which any status, level, decision, supervisor or note the rules
 * give for p may change by itself, with no new record: a certification is issued or expires
 * or enters its warning period (WF-3, WF-4), a CE cycle ends, passes a warning or halfway or
 * falls behind pace (WF-3), the Level 2 certification window nears or ends (WF-1), a
 * supervision session enters or leaves the window, an assignment starts or ends (WF-5). At
 * most a year ahead. Candidates may be early (a needless recomputation), never late: the
 * stored dashboard status (workforce_status) is recomputed on that day. */
int32_t wf_next_change(const struct wf_person *p, const struct policy *pol, int32_t date);

/* Parse hours as people type them ("2", "1.5", "0.25") into whole minutes,
 * rounding to the nearest minute. Returns 0, or -1 when s is not a positive
 * number of hours up to max_hours. */
int wf_parse_hours(const char *s, int max_hours, int32_t *minutes);

/* Names for storage, the API and pages. Parsers return -1 when unknown. */
const char *wf_status_name(enum wf_status s);   /* "compliant", "due_soon", ... */
const char *wf_status_label(enum wf_status s);  /* "Compliant", "Due soon", ... */
const char *wf_intensity_name(enum wf_intensity i);
const char *wf_action_name(enum wf_action a);
int wf_action_parse(const char *s);
const char *wf_education_name(enum wf_education e);
int wf_education_parse(const char *s);
const char *wf_training_name(enum wf_training_kind k);
int wf_training_parse(const char *s);
const char *wf_cert_body_name(enum wf_cert_body b);
const char *wf_cert_body_label(enum wf_cert_body b);
int wf_cert_body_parse(const char *s);
const char *wf_ce_name(enum wf_ce_category c);
int wf_ce_parse(const char *s);
const char *wf_level_label(enum wf_level l);

#endif
