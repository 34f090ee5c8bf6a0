/* ops_users.h - staff account operations. */
#ifndef PD_OPS_USERS_H
#define PD_OPS_USERS_H

#include "ops.h"

/* The stored password hash of an account created without a password (an imported staff
 * member): not an argon2id string, so no password ever matches it. The person signs in only
 * after an administrator sets a password (POST /users/{id}/password, `peerdesk user
 * reset-password`), which is how they are told their first one. */
#define PW_UNUSABLE "!no-password-set"

/* A new staff account. Strings may be NULL (absent). */
struct user_in {
    const char *username;     /* check_username(): 3-64 of a-z 0-9 . _ - */
    const char *display_name; /* check_display_name(): 1-120 characters */
    const char *role;         /* a role name (roles.h) */
    const char *password;     /* NULL: no usable password (PW_UNUSABLE); else the policy's */
};

/* Check in without writing anything: the actor is an administrator, then the username,
 * display name and role, then the password against the policy (length, not the username, not
 * well known). OP_OK or the failure (OP_FORBIDDEN; OP_INVALID naming the field; OP_REFUSED
 * code "weak_password" for the password). Does not look for a taken username. */
enum op_status op_user_check(struct op_ctx *c, const struct user_in *in, struct op_result *res);

/* Add a staff member to the actor's organization: op_user_check, the password hashed
 * (argon2id), the account stored and audited ("user.create" with the role), in one
 * transaction (joined when the caller has one). OP_OK with the new id; OP_CONFLICT code
 * "username_taken" when the username is in use. */
enum op_status op_user_create(struct op_ctx *c, const struct user_in *in, struct op_result *res);

#endif
