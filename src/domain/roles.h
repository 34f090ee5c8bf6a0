/* roles.h - the roles of SPEC.md and their bit masks for route requirements: the staff roles, and
 * two that are not staff (issue 13): a monitoring participant's own login, which reaches only
 * their own record, and a licensing board's liaison, who sees only compliant or non-compliant
 * (GR-6, minimum necessary). */
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
    ROLE_PARTICIPANT, /* a licensed professional in a monitoring program (users.recoveree_id) */
    ROLE_BOARD, /* a licensing board's liaison */
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
#define R_PARTICIPANT RB(ROLE_PARTICIPANT)
#define R_BOARD RB(ROLE_BOARD)
/* Everyone signed in: only for what every person has (home, inbox, own account, sign-out). */
#define R_ANY ((1u << ROLE__COUNT) - 1)
/* The organization's staff: everything that shows more than a person's own record. */
#define R_STAFF (R_ANY & ~(R_PARTICIPANT | R_BOARD))

/* 1 for the staff roles, 0 for participant and board. */
int role_is_staff(int r);

/* "admin", "case_manager", ... (the stored form). */
const char *role_name(enum role r);
/* "Program administrator", ... (what people read). */
const char *role_label(enum role r);
/* Parse the stored form; -1 when unknown. */
int role_parse(const char *s);

#endif
