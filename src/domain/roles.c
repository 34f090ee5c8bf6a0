/* roles.c - role names and labels. */
#include "roles.h"

#include <string.h>

static const char *const names[ROLE__COUNT] = {
    "admin", "supervisor", "peer", "clinician", "case_manager", "facilitator", "auditor",
    "participant", "board",
};

static const char *const labels[ROLE__COUNT] = {
    "Program administrator",
    "Supervisor",
    "Peer",
    "Clinician (partner program)",
    "Monitoring case manager",
    "Group facilitator",
    "Auditor",
    "Monitoring participant",
    "Board liaison",
};

const char *role_name(enum role r)
{
    return (unsigned)r < ROLE__COUNT ? names[r] : "unknown";
}

const char *role_label(enum role r)
{
    return (unsigned)r < ROLE__COUNT ? labels[r] : "Unknown";
}

int role_parse(const char *s)
{
    if (!s)
        return -1;
    for (int i = 0; i < ROLE__COUNT; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

int role_is_staff(int r)
{
    return r >= 0 && r < ROLE__COUNT && (R_STAFF & RB(r)) != 0;
}
