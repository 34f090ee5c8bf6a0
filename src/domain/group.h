/* group.h - recovery support groups as pure rules (SPEC GR-1..GR-5): the kinds of group, the
 * session plan and its default agenda, attendance, the facilitator conflict of seed 000, who
 * has not shared for several sessions, and which incidents a facilitator must report.
 *
 * Nothing here does I/O. Days are civil day numbers (civil.h) in the organization's zone. */
#ifndef PD_GROUP_H
#define PD_GROUP_H

#include <stddef.h>
#include <stdint.h>

#include "roles.h"

/* GR-1: recovery support, family, and the monitoring program's professional group. */
enum grp_kind { GRP_RECOVERY_SUPPORT, GRP_FAMILY, GRP_PROFESSIONAL, GRP_KIND__COUNT };

/* GR-3: how a member or guest was at a session. */
enum grp_att { ATT_PRESENT, ATT_LATE, ATT_EXCUSED, ATT_ABSENT, ATT__COUNT };

/* GR-5: what a facilitator must report. */
enum grp_incident { INC_RELAPSE, INC_HARM_SELF, INC_HARM_OTHERS, INC__COUNT };

const char *grp_kind_name(enum grp_kind k);
int grp_kind_parse(const char *s);
const char *grp_att_name(enum grp_att a);
int grp_att_parse(const char *s);
const char *grp_incident_name(enum grp_incident k);
int grp_incident_parse(const char *s);

/* Attending (present or late) makes a group service for a member (GR-3 → SV-1). */
int grp_att_attended(enum grp_att a);

/* ---- the session plan (GR-2) ---------------------------------------------------- */

#define GRP_SEGMENTS_MAX 12
#define GRP_SEGMENT_LABEL_MAX 80

struct grp_segment {
    char label[GRP_SEGMENT_LABEL_MAX + 1];
    int minutes;
};

struct grp_plan {
    struct grp_segment seg[GRP_SEGMENTS_MAX];
    int n;
};

/* The built-in agenda: welcome and check-in 10, topic 20, peer sharing 20, skill-building 15,
 * wrap-up and resources 5 (70 minutes). Labels are message ids (group.seg.*), said in the
 * reader's language; an organization's own labels are its own words. */
void grp_default_plan(struct grp_plan *p);

/* A plan's total minutes. */
int grp_plan_minutes(const struct grp_plan *p);

/* Parse a plan from its stored form: one "label|minutes" line per segment. 0, or -1 with *why
 * a message id (group.err.plan_*) when a line is malformed, a label empty or too long, a
 * segment shorter than 1 or longer than 240 minutes, or there are none or too many. */
int grp_plan_parse(const char *text, struct grp_plan *p, const char **why);

/* The stored form of p into out (at most cap bytes with its NUL): 0, or -1 when it does not
 * fit. */
int grp_plan_format(const struct grp_plan *p, char *out, size_t cap);

/* ---- the facilitator conflict (GR-4, seed 000) ---------------------------------- */

/* What stands between a staff member and one recoveree, as the store found it. */
struct grp_tie {
    int on_caseload; /* the recoveree is on the staff member's active caseload */
    int monitoring_cm; /* a recorded monitoring-case-manager relationship */
};

/* GR-4: a case manager may not facilitate a group that has a member from their own caseload,
 * nor may such a member be added to a group they facilitate. "Their own caseload" is the
 * recoverees on the case manager's active caseload, and anyone whose monitoring case manager
 * they are recorded to be (whatever their role). A peer facilitating a group that their own
 * caseload attends is ordinary peer work, not a conflict. Guests are never in conflict: a
 * case manager may attend any group as a guest. 1 when in conflict, 0 when not. */
int grp_conflict(enum role staff_role, const struct grp_tie *tie);

/* ---- sharing (GR-3) ------------------------------------------------------------- */

/* How many of a member's most recent sessions passed without their sharing, from their
 * attendance newest first (shared[i] for each session they were marked at, attended[i]
 * whether present or late): absences do not count either way, an attended session without
 * sharing counts, the count stops at the first session they shared. */
int grp_sessions_without_sharing(const int *attended, const int *shared, size_t n);

#endif
