/* ops_tokens.h - API bearer token operations (integrations act through them). */
#ifndef PD_OPS_TOKENS_H
#define PD_OPS_TOKENS_H

#include "auth.h"
#include "ops.h"

/* A new token. */
struct token_in {
    const char *name;     /* what the integration is (the route's field table limits it) */
    const char *username; /* the staff member it acts as */
};

/* Issue an API token acting as an active staff member of the actor's organization
 * (administrators only: OP_FORBIDDEN), valid for the policy's api_token_days, audited
 * "token.create" with the username, in one transaction. OP_REFUSED code "unknown_user"
 * (field username) when no active staff member has that username. OP_OK with the id; the
 * secret is written to token (TOKEN_LEN bytes), its only copy: the caller shows it once and
 * wipes it. */
enum op_status op_token_create(struct op_ctx *c, const struct token_in *in, char *token,
                               struct op_result *res);

/* Revoke one of the organization's active tokens (administrators only), audited
 * "token.revoke". OP_NOT_FOUND "There is no such active token." otherwise. */
enum op_status op_token_revoke(struct op_ctx *c, int64_t id, struct op_result *res);

#endif
