/* h_tokens.c - API bearer tokens for integrations (admin). Only a hash is stored; the secret is shown once. */
#include "handlers.h"

#include "account_rules.h"
#include "accounts.h"
#include "auth.h"
#include "msg.h"
#include "opreply.h"
#include "ops_tokens.h"

#include <time.h>

static json_t *tokens_model(struct req *r)
{
    json_t *m = json_object(), *list = json_array();
    jset_str(m, "title", msg(req_lang(r), "tokens.title"));
    struct token_row *t;
    int n;
    int64_t now = (int64_t)time(NULL);
    token_list(r->db, r->a, r->me.org_id, &t, &n);
    for (int i = 0; i < n; i++) {
        json_t *it = json_object();
        jset_int(it, "id", t[i].id);
        jset_str(it, "name", t[i].name);
        jset(it, "created", view_time(t[i].created_at));
        jset(it, "revoked", view_time(t[i].revoked_at));
        jset_str(it, "username", t[i].username);
        jset(it, "expires", view_time(t[i].expires_at));
        jset_bool(it, "expired", t[i].expires_set && t[i].expires_at <= now);
        json_array_append_new(list, it);
    }
    jset(m, "tokens", list);
    return m;
}

int h_tokens(struct req *r)
{
    return reply_page(r, 200, "tokens.mustache", tokens_model(r));
}

int h_tokens_create(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    struct token_in in = {.name = req_str(r, "name"), .username = req_str(r, "username")};
    char token[TOKEN_LEN];
    if (op_token_create(&c, &in, token, &res) != OP_OK)
        return reply_op_error(r, &res, res.status == OP_STORE ? NULL : "tokens.mustache",
                              res.status == OP_STORE ? NULL : tokens_model(r));
    json_t *m = tokens_model(r);
    jset_str(m, "new_token", token);
    jset_int(m, "new_id", res.id);
    sodium_memzero(token, sizeof token);
    /* Shown once, on this response; never stored or shown again. */
    return reply_page(r, 201, "tokens.mustache", m);
}

int h_tokens_revoke(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    if (op_token_revoke(&c, r->id, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    return reply_done(r, 200, "/tokens", json_object());
}

/* ---- routes ---- */

static const struct field f_tokens_create[] = {
    {"name", FT_LINE, 80, 0, 0, FIELD_REQUIRED},
    {"username", FT_LINE, USERNAME_MAX_LEN, 0, 0, FIELD_REQUIRED},
    {NULL},
};
const struct route tokens_rows[] = {
    {"GET", "/tokens", h_tokens, ADMIN, 0, NULL, "API tokens"},
    {"POST", "/tokens", h_tokens_create, ADMIN, 0, f_tokens_create, "Issue an API token"},
    {"POST", "/tokens/{id}/revoke", h_tokens_revoke, ADMIN, 0, NULL, "Revoke an API token"},
};
const struct route_module rm_tokens = ROUTE_MODULE(tokens_rows);
