/* h_tokens.c - API bearer tokens for integrations (admin). Only a hash is stored; the secret is shown once. */
#include "handlers.h"

#include "accounts.h"
#include "auth.h"

#include <time.h>

static json_t *tokens_model(struct req *r)
{
    json_t *m = json_object(), *list = json_array();
    jset_str(m, "title", "API tokens");
    db_stmt *s = db_prep(r->db, Q_TOKEN_LIST);
    if (s) {
        db_bind_int(s, 1, r->me.org_id);
        while (db_step(s) == DB_ROW) {
            json_t *it = json_object();
            jset_int(it, "id", db_col_int(s, 0));
            jset_str(it, "name", db_col_text(s, 1));
            jset(it, "created", view_time(db_col_int(s, 2)));
            jset(it, "revoked", view_time(db_col_isnull(s, 3) ? 0 : db_col_int(s, 3)));
            jset_str(it, "username", db_col_text(s, 4));
            jset(it, "expires", view_time(db_col_isnull(s, 5) ? 0 : db_col_int(s, 5)));
            jset_bool(it, "expired", !db_col_isnull(s, 5) && db_col_int(s, 5) <= (int64_t)time(NULL));
            json_array_append_new(list, it);
        }
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
    const char *name = req_str(r, "name"), *username = req_str(r, "username");
    struct user u;
    int rc = user_by_name(r->db, r->a, r->me.org_id, username, &u);
    if (rc != 1 || u.disabled)
        return reply_error(r, 422, "unknown_user", NULL,
                           "A token acts as an active staff member of this organization: name one.",
                           "username", "tokens.mustache", tokens_model(r));
    char token[TOKEN_LEN];
    int64_t id;
    if (db_begin(r->db) != DB_OK || token_issue(r->db, r->me.org_id, u.id, name,
                    (int64_t)time(NULL) + r->pol.v[POL_API_TOKEN_DAYS] * 86400, token, &id) != 0 ||
        req_audit(r, "token.create", "api_token", id, username, "ok") != 0 ||
        db_commit(r->db) != DB_OK) {
        db_rollback(r->db);
        return reply_error(r, 500, "store", NULL, "The token could not be created.", NULL, NULL,
                           NULL);
    }
    json_t *m = tokens_model(r);
    jset_str(m, "new_token", token);
    jset_int(m, "new_id", id);
    sodium_memzero(token, sizeof token);
    /* Shown once, on this response; never stored or shown again. */
    return reply_page(r, 201, "tokens.mustache", m);
}

int h_tokens_revoke(struct req *r)
{
    db_stmt *s = db_begin(r->db) == DB_OK ? db_prep(r->db, Q_TOKEN_REVOKE) : NULL;
    if (!s)
        goto store_error;
    db_bind_int(s, 1, (int64_t)time(NULL));
    db_bind_int(s, 2, r->me.org_id);
    db_bind_int(s, 3, r->id);
    if (db_exec(s) != DB_OK)
        goto store_error;
    if (db_changes(s) != 1) {
        db_rollback(r->db);
        return reply_error(r, 404, "not_found", NULL, "There is no such active token.", NULL, NULL,
                           NULL);
    }
    if (req_audit(r, "token.revoke", "api_token", r->id, NULL, "ok") != 0 ||
        db_commit(r->db) != DB_OK)
        goto store_error;
    return reply_done(r, 200, "/tokens", json_object());
store_error:
    db_rollback(r->db);
    return reply_error(r, 500, "store", NULL, "Could not revoke.", NULL, NULL, NULL);
}
