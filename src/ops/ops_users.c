/* ops_users.c - staff account operations (ops_users.h), ported from h_users_create. */
#include "ops_users.h"

#include "account_rules.h"
#include "accounts.h"
#include "secret.h"

enum op_status op_user_check(struct op_ctx *c, const struct user_in *in, struct op_result *res)
{
    if (c->who.role != ROLE_ADMIN)
        return op_forbidden(res, NULL, "Only an administrator adds staff members.");
    const char *why;
    if ((why = check_username(in->username)))
        return op_invalid(res, "username", why);
    if ((why = check_display_name(in->display_name)))
        return op_invalid(res, "display_name", why);
    if (!in->role || role_parse(in->role) < 0)
        return op_invalid(res, "role",
                          in->role ? "Unknown role: use admin, supervisor, peer, clinician, "
                                     "case_manager, facilitator or auditor."
                                   : "Choose a role.");
    if (in->password &&
        (why = check_password(in->password, in->username, (int)c->pol->v[POL_PASSWORD_MIN_LEN])))
        return op_fail(res, OP_REFUSED, "weak_password", NULL, "password", why);
    return op_ok(res, 0, 0);
}

enum op_status op_user_create(struct op_ctx *c, const struct user_in *in, struct op_result *res)
{
    if (op_user_check(c, in, res) != OP_OK)
        return res->status;
    char hash[PW_HASH_LEN] = PW_UNUSABLE;
    if (in->password && password_hash(in->password, hash) != 0)
        return op_store(res, "The password could not be stored.");
    if (op_begin(c, res) != OP_OK)
        goto out;
    int role = role_parse(in->role);
    int64_t id = 0;
    int rc = user_create(c->db, c->who.org_id, in->username, in->display_name, role, hash, &id);
    if (rc == DB_CONSTRAINT)
        op_fail(res, OP_CONFLICT, "username_taken", NULL, "username",
                "Another staff member already has this username.");
    else if (rc != DB_OK ||
             op_audit(c, "user.create", "user", id, role_name((enum role)role), "ok") != 0)
        op_store(res, "The staff member could not be saved.");
    else
        op_ok(res, id, 1);
    op_end(c, res);
out:
    sodium_memzero(hash, sizeof hash);
    return res->status;
}
