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
    int password_required;    /* refuse a missing password (the pages and the API) */
};

/* Check in without writing anything: the actor is an administrator, then the username,
 * display name and role, then the password (when given or required) with password_refusal():
 * the policy length, not the username, not the demo password, not in the dictionary, not the
 * organization's words (HIPAA 164.312(d)). OP_OK or the failure (OP_FORBIDDEN; OP_INVALID naming the field; OP_REFUSED
 * code "weak_password" for the password). Does not look for a taken username. */
enum op_status op_user_check(struct op_ctx *c, const struct user_in *in, struct op_result *res);

/* Add a staff member to the actor's organization: op_user_check, the password hashed
 * (argon2id), the account stored and audited ("user.create" with the role), in one
 * transaction (joined when the caller has one). OP_OK with the new id; OP_CONFLICT code
 * "username_taken" when the username is in use. */
enum op_status op_user_create(struct op_ctx *c, const struct user_in *in, struct op_result *res);

/* A change to a staff account. NULL strings and unset flags keep the stored value. */
struct user_update_in {
    int64_t id;
    const char *display_name; /* check_display_name() */
    const char *role;         /* a role name */
    int set_disabled;
    int64_t disabled; /* non-zero: the account may not sign in */
    int set_version;
    int64_t version; /* the version the change was made from (else the current one) */
    int set_email;
    const char *email; /* check_email() (migration 016); NULL or "" with set_email: none */
};

/* Change a staff member's name, role, disabled flag or e-mail address (administrators only:
 * OP_FORBIDDEN). OP_INVALID field email for an address check_email refuses.
 * OP_NOT_FOUND "There is no such staff member." for an id outside the organization;
 * OP_INVALID naming display_name or role; OP_REFUSED code "last_admin" (field role) when the
 * change would leave the organization without an active administrator; OP_CONFLICT code
 * "stale" (field version) when the account changed since version. Disabling ends the
 * person's sessions and revokes their API tokens for good, each audited "token.revoke"
 * (reason "account disabled"); the change is audited "user.update" ("role=R disabled=D", and
 * " email=changed" when the address changed: the address itself is not in the trail).
 * One transaction. OP_OK with the id and the new version. */
enum op_status op_user_update(struct op_ctx *c, const struct user_update_in *in,
                              struct op_result *res);

/* A new password set by an administrator. */
struct user_password_in {
    int64_t id;
    const char *password; /* password_refusal() against the person's username */
};

/* Reset a staff member's password (administrators only): OP_NOT_FOUND, OP_REFUSED code
 * "weak_password" (field password) as op_user_check judges it, else the new hash stored,
 * the person's sessions ended, their failed sign-ins forgotten (a reset unlocks), audited
 * "user.password_reset", in one transaction. OP_OK with the id. */
enum op_status op_user_password_reset(struct op_ctx *c, const struct user_password_in *in,
                                      struct op_result *res);

/* Unlock a staff member locked out by failed sign-ins (administrators only): their failures
 * forgotten, audited "user.unlock". OP_NOT_FOUND for an id outside the organization. */
enum op_status op_user_unlock(struct op_ctx *c, int64_t id, struct op_result *res);

/* A staff member changing their own password. */
struct me_password_in {
    const char *current;      /* must verify against the stored hash */
    const char *password;     /* the new one, judged as op_user_check does */
    const char *confirm;      /* NULL, or the same as password */
    const char *keep_session; /* hash of the session to keep signed in (NULL: none) */
};

/* Change the actor's own password: OP_REFUSED code "wrong_password" (field
 * current_password) when the current one is wrong, audited "password.change" outcome
 * "failed"; OP_INVALID code "mismatch" (field confirm_password); OP_REFUSED code
 * "weak_password" (field new_password). Else the new hash stored, every other session of
 * the actor ended (whoever else had the password is locked out), audited "password.change",
 * in one transaction. */
enum op_status op_me_password(struct op_ctx *c, const struct me_password_in *in,
                              struct op_result *res);

/* Set the actor's own e-mail address, where their notices are e-mailed (ops_notify.h): email
 * NULL or "" for none. OP_INVALID field email for an address check_email refuses; else stored
 * and audited "user.email" ("email=set" or "email=none"; nothing when unchanged), in one
 * transaction. OP_OK with the actor's id. */
enum op_status op_me_email(struct op_ctx *c, const char *email, struct op_result *res);

/* Set the actor's own language (SPEC "Time, language and people"): code a catalog language
 * (msg_lang_code), or NULL to follow the browser's Accept-Language. OP_INVALID field language
 * for a code the catalog lacks; else stored and audited "user.language" ("language=es" or
 * "language=browser"; nothing when unchanged), in one transaction. */
enum op_status op_me_language(struct op_ctx *c, const char *code, struct op_result *res);

/* A participant's own login, linked to their recoveree record: called inside the enrolment's
 * transaction (op_mon_enrol), never on its own. */
enum op_status op_user_create_participant(struct op_ctx *c, const char *username,
                                          const char *display_name, const char *password,
                                          int64_t recoveree_id, struct op_result *res);

#endif
