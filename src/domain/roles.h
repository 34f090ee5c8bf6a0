/* roles.h - the staff roles of SPEC.md and their bit masks for route requirements. */
#ifndef PD_ROLES_H
#define PD_ROLES_H

enum role {
    ROLE_ADMIN,
    ROLE_SUPERVISOR,
    ROLE_PEER,
    ROLE_CLINICIAN,
    ROLE_CASE_MANAGER,
    ROLE_FACILITATOR,
    ROLE_AUDITOR,
    ROLE__COUNT
};

#define RB(r) (1u << (r))
#define R_ADMIN RB(ROLE_ADMIN)
#define R_SUPERVISOR RB(ROLE_SUPERVISOR)
#define R_PEER RB(ROLE_PEER)
#define R_CLINICIAN RB(ROLE_CLINICIAN)
#define R_CASE_MANAGER RB(ROLE_CASE_MANAGER)
#define R_FACILITATOR RB(ROLE_FACILITATOR)
#define R_AUDITOR RB(ROLE_AUDITOR)
#define R_ANY ((1u << ROLE__COUNT) - 1)

/* "admin", "case_manager", ... (the stored form). */
const char *role_name(enum role r);
/* "Program administrator", ... (what people read). */
const char *role_label(enum role r);
/* Parse the stored form; -1 when unknown. */
int role_parse(const char *s);

#endif
