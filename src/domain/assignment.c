/* assignment.c - dual-role and power-differential conflicts (SV-3, SV-4; seed 003 section 2). */
#include "assignment.h"

#include <stdio.h>
#include <string.h>

static const char *const names[REL__COUNT] = {"clinical", "probation", "monitoring_case_manager",
                                               "employer", "other_authority"};
static const char *const labels[REL__COUNT] = {
    "provides clinical services (counselor, LCADC/CADC)", "probation or parole officer",
    "monitoring-program case manager", "employer or workplace supervisor",
    "other authority over the recoveree"};

size_t assign_conflicts(const int *kinds, size_t n, const char *peer_name,
                        struct assign_conflict *out, size_t max)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k < max; i++) {
        if (kinds[i] < 0 || kinds[i] >= REL__COUNT)
            continue;
        struct assign_conflict *c = &out[k++];
        if (kinds[i] == REL_CLINICAL) {
            c->rule = "SV-3";
            wf_text_set(&c->text, "assign.conflict.clinical", "who", peer_name, NULL);
        } else {
            c->rule = "SV-4";
            char kind[48];
            snprintf(kind, sizeof kind, "@rc.rel_kind.%s", names[kinds[i]]);
            wf_text_set(&c->text, "assign.conflict.authority", "who", peer_name, "kind", kind,
                        NULL);
        }
        wf_text_format(&c->text, NULL, c->message, sizeof c->message);
    }
    return k;
}

const char *rel_kind_name(enum rel_kind k)
{
    return (unsigned)k < REL__COUNT ? names[k] : "unknown";
}

const char *rel_kind_label(enum rel_kind k)
{
    return (unsigned)k < REL__COUNT ? labels[k] : "unknown";
}

int rel_kind_parse(const char *s)
{
    for (int i = 0; s && i < REL__COUNT; i++)
        if (!strcmp(s, names[i]))
            return i;
    return -1;
}
