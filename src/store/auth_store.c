/* auth_store.c - sessions, API tokens and failed sign-ins in the store (auth_store.h). */
#include "auth_store.h"

#include "roles.h"
#include "store_rows.h"

int login_failure_record(db *d, int64_t org_id, const char *username, const char *client,
                         int64_t at, int64_t *id)
{
    db_stmt *s = db_prep(d, Q_FAIL_RECORD);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, org_id);
    db_bind_text(s, 2, username);
    db_bind_text(s, 3, client);
    db_bind_int(s, 4, at);
    return db_insert_id(s, id);
}

int login_failures_purge(db *d, int64_t before)
{
    db_stmt *s = db_prep(d, Q_FAIL_PURGE);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, before);
    return db_exec(s);
}

/* The one COUNT(*) row of s, or -1. */
static int64_t count_row(db_stmt *s)
{
    if (db_step(s) != DB_ROW)
        return -1;
    int64_t n = db_col_int(s, 0);
    db_exec(s);
    return n;
}

int64_t login_failures_since(db *d, int64_t org_id, const char *username, int64_t since)
{
    db_stmt *s = db_prep(d, Q_FAIL_COUNT);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    db_bind_text(s, 2, username);
    db_bind_int(s, 3, since);
    return count_row(s);
}

int64_t login_failures_since_client(db *d, int64_t org_id, const char *username,
                                    const char *client, int64_t since)
{
    db_stmt *s = db_prep(d, Q_FAIL_COUNT_CLIENT);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    db_bind_text(s, 2, username);
    db_bind_text(s, 3, client);
    db_bind_int(s, 4, since);
    return count_row(s);
}

int login_failure_claim(db *d, int64_t id, int64_t org_id, const char *username, int64_t since)
{
    db_stmt *s = db_prep(d, Q_FAIL_CLAIM);
    if (!s)
        return -1;
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, org_id);
    db_bind_text(s, 3, username);
    db_bind_int(s, 4, since);
    if (db_exec(s) != DB_OK)
        return -1;
    return db_changes(s) == 1;
}

int login_failures_clear_client(db *d, int64_t org_id, const char *username, const char *client)
{
    db_stmt *s = db_prep(d, Q_FAIL_CLEAR_CLIENT);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, org_id);
    db_bind_text(s, 2, username);
    db_bind_text(s, 3, client);
    return db_exec(s);
}

int session_insert(db *d, const char *token_hash, int64_t user_id, int64_t org_id,
                   const char *csrf, int64_t at, const char *client)
{
    db_stmt *s = db_prep(d, Q_SESSION_INSERT);
    if (!s)
        return DB_ERR;
    db_bind_text(s, 1, token_hash);
    db_bind_int(s, 2, user_id);
    db_bind_int(s, 3, org_id);
    db_bind_text(s, 4, csrf);
    db_bind_int(s, 5, at);
    db_bind_int(s, 6, at);
    db_bind_text(s, 7, client);
    return db_exec(s);
}

int session_get(db *d, arena *a, const char *token_hash, struct session_row *out)
{
    db_stmt *s = db_prep(d, Q_SESSION_GET);
    if (!s)
        return -1;
    db_bind_text(s, 1, token_hash);
    int rc = db_step(s);
    if (rc != DB_ROW)
        return rc == DB_OK ? 0 : -1;
    out->user_id = db_col_int(s, 0);
    out->org_id = db_col_int(s, 1);
    out->csrf = col_dup(a, s, 2);
    out->created_at = db_col_int(s, 3);
    out->last_seen = db_col_int(s, 4);
    out->username = col_dup(a, s, 5);
    out->display_name = col_dup(a, s, 6);
    out->role = role_parse(db_col_text(s, 7));
    out->disabled = (int)db_col_int(s, 8);
    out->org_slug = col_dup(a, s, 9);
    out->org_name = col_dup(a, s, 10);
    out->org_version = db_col_int(s, 11);
    out->time_zone = col_dup(a, s, 12);
    out->language = col_dup(a, s, 13);
    out->default_language = col_dup(a, s, 14);
    out->inbox_open = db_col_int(s, 15);
    out->data_version = db_col_int(s, 16);
    db_exec(s);
    return 1;
}

int session_touch(db *d, const char *token_hash, int64_t at)
{
    db_stmt *s = db_prep(d, Q_SESSION_TOUCH);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, at);
    db_bind_text(s, 2, token_hash);
    return db_exec(s);
}

int session_delete(db *d, const char *token_hash)
{
    db_stmt *s = db_prep(d, Q_SESSION_DELETE);
    if (!s)
        return DB_ERR;
    db_bind_text(s, 1, token_hash);
    return db_exec(s);
}

int sessions_purge(db *d, int64_t idle_before, int64_t created_before)
{
    db_stmt *s = db_prep(d, Q_SESSION_PURGE);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, idle_before);
    db_bind_int(s, 2, created_before);
    return db_exec(s);
}

int token_insert(db *d, const char *token_hash, int64_t user_id, int64_t org_id,
                 const char *name, int64_t at, int64_t expires_at, int64_t *id)
{
    db_stmt *s = db_prep(d, Q_TOKEN_INSERT);
    if (!s)
        return DB_ERR;
    db_bind_text(s, 1, token_hash);
    db_bind_int(s, 2, user_id);
    db_bind_int(s, 3, org_id);
    db_bind_text(s, 4, name);
    db_bind_int(s, 5, at);
    db_bind_int(s, 6, expires_at);
    return db_insert_id(s, id);
}

int token_get(db *d, arena *a, const char *token_hash, int64_t now, struct token_row_auth *out)
{
    db_stmt *s = db_prep(d, Q_TOKEN_GET);
    if (!s)
        return -1;
    db_bind_text(s, 1, token_hash);
    db_bind_int(s, 2, now);
    int rc = db_step(s);
    if (rc != DB_ROW)
        return rc == DB_OK ? 0 : -1;
    out->user_id = db_col_int(s, 0);
    out->org_id = db_col_int(s, 1);
    out->username = col_dup(a, s, 2);
    out->display_name = col_dup(a, s, 3);
    out->role = role_parse(db_col_text(s, 4));
    out->disabled = (int)db_col_int(s, 5);
    out->org_slug = col_dup(a, s, 6);
    out->org_name = col_dup(a, s, 7);
    out->token_id = db_col_int(s, 8);
    out->org_version = db_col_int(s, 9);
    out->time_zone = col_dup(a, s, 10);
    out->language = col_dup(a, s, 11);
    out->default_language = col_dup(a, s, 12);
    out->inbox_open = db_col_int(s, 13);
    out->data_version = db_col_int(s, 14);
    db_exec(s);
    return 1;
}
