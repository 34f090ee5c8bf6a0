/* ops_tokens.c - API bearer token operations (ops_tokens.h). */
#include "ops_tokens.h"

#include "accounts.h"
#include "msg.h"

enum op_status op_token_create(struct op_ctx *c, const struct token_in *in, char *token,
                               struct op_result *res)
{
    if (c->who.role != ROLE_ADMIN)
        return op_forbidden(res, NULL, msg(c->lang, "token.err.admin_issues"));
    struct user u;
    int rc = in->username ? user_by_name(c->db, c->a, c->who.org_id, in->username, &u) : 0;
    if (rc != 1 || u.disabled)
        return op_fail(res, OP_REFUSED, "unknown_user", NULL, "username",
                       msg(c->lang, "token.err.unknown_user"));
    const char *failed = msg(c->lang, "token.err.store");
    if (op_begin(c, res) != OP_OK)
        return op_store(res, failed);
    int64_t id = 0;
    if (token_issue(c->db, c->who.org_id, u.id, in->name,
                    c->now + c->pol->v[POL_API_TOKEN_DAYS] * 86400, token, &id) != 0 ||
        op_audit(c, "token.create", "api_token", id, in->username, "ok") != 0)
        op_store(res, failed);
    else
        op_ok(res, id, 0);
    if (op_end(c, res) == OP_STORE)
        res->message = failed;
    return res->status;
}

enum op_status op_token_revoke(struct op_ctx *c, int64_t id, struct op_result *res)
{
    if (c->who.role != ROLE_ADMIN)
        return op_forbidden(res, NULL, msg(c->lang, "token.err.admin_revokes"));
    const char *failed = msg(c->lang, "token.err.revoke_store");
    if (op_begin(c, res) != OP_OK)
        return op_store(res, failed);
    int rc = token_revoke(c->db, c->who.org_id, id, c->now);
    if (rc == DB_BUSY)
        op_not_found(res, msg(c->lang, "token.err.not_found"));
    else if (rc != DB_OK || op_audit(c, "token.revoke", "api_token", id, NULL, "ok") != 0)
        op_store(res, failed);
    else
        op_ok(res, id, 0);
    if (op_end(c, res) == OP_STORE && res->status == OP_STORE && !res->message)
        res->message = failed;
    return res->status;
}
