/* assignment.h - SV-3 (dual roles) and SV-4 (power differentials) for assigning a peer to a recoveree. */
#ifndef PD_ASSIGNMENT_H
#define PD_ASSIGNMENT_H

#include <stddef.h>

#include "wf_text.h"

/* Relationships a staff member can have with a recoveree outside peer support. */
enum rel_kind {
    REL_CLINICAL,           /* provides clinical services (LCADC/CADC or similar): SV-3 */
    REL_PROBATION,          /* probation or parole officer: SV-4 */
    REL_MONITORING_CM,      /* monitoring-program case manager: SV-4 */
    REL_EMPLOYER,           /* employer or workplace supervisor: SV-4 */
    REL_OTHER_AUTHORITY,    /* any other authority over the recoveree: SV-4 */
    REL__COUNT
};

struct assign_conflict {
    const char *rule; /* "SV-3" or "SV-4" */
    char message[240]; /* in English */
    struct wf_text text; /* the same by message id (assign.conflict.*), to say it in the
                          * reader's language (wf_text_format) */
};

/* The conflicts that stand in the way of making peer_name the peer of a recoveree,
 * given the kinds of relationship the peer already has with them. Both rules are
 * overridable by a supervisor with a written reason (the caller decides that).
 * Returns the number written to out (at most max). Pure. */
size_t assign_conflicts(const int *kinds, size_t n, const char *peer_name,
                        struct assign_conflict *out, size_t max);

/* Reason text for an override must say something: at least this many characters. */
#define OVERRIDE_REASON_MIN 15

const char *rel_kind_name(enum rel_kind k);
const char *rel_kind_label(enum rel_kind k);
int rel_kind_parse(const char *s);

#endif
