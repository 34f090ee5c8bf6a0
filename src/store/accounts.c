/* accounts.c - organizations, users and policy values in the store. */
#include "accounts.h"
#include "store_rows.h"
#include "org_cache.h"

#include "roles.h"

#include <string.h>
#include <time.h>

static int64_t now(void)
{
    return (int64_t)time(NULL);
}

const char *like_prefix(arena *a, const char *s, int fold)
{
    if (!s)
        return NULL;
    size_t n = strlen(s);
    char *out = arena_alloc(a, 2 * n + 2), *o = out;
    for (; *s; s++) {
        if (*s == '%' || *s == '_' || *s == '\\')
            *o++ = '\\';
        /* ASCII folding matches SQLite's LOWER(); both backends fold ASCII alike. */
        *o++ = fold && *s >= 'A' && *s <= 'Z' ? (char)(*s + ('a' - 'A')) : *s;
    }
    *o++ = '%';
    *o = '\0';
    return out;
}

int org_create(db *d, const char *slug, const char *name, int64_t *id)
{
    db_stmt *s = db_prep(d, Q_ORG_INSERT);
    if (!s)
        return DB_ERR;
    db_bind_text(s, 1, slug);
    db_bind_text(s, 2, name);
    db_bind_int(s, 3, now());
    return db_insert_id(s, id);
}

static int org_row(db_stmt *s, arena *a, struct org *out)
{
    int rc = db_step(s);
    if (rc != DB_ROW)
        return rc == DB_OK ? 0 : -1;
    out->id = db_col_int(s, 0);
    out->slug = col_dup(a, s, 1);
    out->name = col_dup(a, s, 2);
    out->time_zone = col_dup(a, s, 3);
    db_exec(s);
    return 1;
}

int org_by_slug(db *d, arena *a, const char *slug, struct org *out)
{
    db_stmt *s = db_prep(d, Q_ORG_BY_SLUG);
    if (!s)
        return -1;
    db_bind_text(s, 1, slug);
    return org_row(s, a, out);
}

int org_by_id(db *d, arena *a, int64_t id, struct org *out)
{
    db_stmt *s = db_prep(d, Q_ORG_BY_ID);
    if (!s)
        return -1;
    db_bind_int(s, 1, id);
    return org_row(s, a, out);
}

int org_rename(db *d, int64_t id, const char *name)
{
    db_stmt *s = db_prep(d, Q_ORG_RENAME);
    if (!s)
        return DB_ERR;
    db_bind_text(s, 1, name);
    db_bind_int(s, 2, id);
    return db_exec(s);
}

int org_time_zone(db *d, arena *a, int64_t id, const char **out)
{
    db_stmt *s = db_prep(d, Q_ORG_TIME_ZONE);
    if (!s)
        return -1;
    db_bind_int(s, 1, id);
    int rc = db_step(s);
    if (rc != DB_ROW)
        return rc == DB_OK ? 0 : -1;
    *out = col_dup(a, s, 0);
    db_exec(s);
    return 1;
}

int org_set_time_zone(db *d, int64_t id, const char *name)
{
    db_stmt *s = db_prep(d, Q_ORG_SET_TIME_ZONE);
    if (!s)
        return DB_ERR;
    db_bind_text(s, 1, name);
    db_bind_int(s, 2, id);
    return db_exec(s);
}

/* One nullable text column of the row the bound statement s finds: 1, 0 or -1. */
static int one_text(db_stmt *s, arena *a, const char **out)
{
    int rc = db_step(s);
    if (rc != DB_ROW)
        return rc == DB_OK ? 0 : -1;
    *out = col_dup(a, s, 0);
    db_exec(s);
    return 1;
}

int org_default_language(db *d, arena *a, int64_t id, const char **out)
{
    db_stmt *s = db_prep(d, Q_ORG_DEFAULT_LANGUAGE);
    if (!s)
        return -1;
    db_bind_int(s, 1, id);
    return one_text(s, a, out);
}

int org_set_default_language(db *d, int64_t id, const char *code)
{
    db_stmt *s = db_prep(d, Q_ORG_SET_DEFAULT_LANGUAGE);
    if (!s)
        return DB_ERR;
    db_bind_text(s, 1, code);
    db_bind_int(s, 2, id);
    return db_exec(s);
}

int user_language(db *d, arena *a, int64_t org_id, int64_t user_id, const char **out)
{
    db_stmt *s = db_prep(d, Q_USER_LANGUAGE);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, user_id);
    return one_text(s, a, out);
}

int user_set_language(db *d, int64_t org_id, int64_t user_id, const char *code)
{
    db_stmt *s = db_prep(d, Q_USER_SET_LANGUAGE);
    if (!s)
        return DB_ERR;
    db_bind_text(s, 1, code);
    db_bind_int(s, 2, org_id);
    db_bind_int(s, 3, user_id);
    return db_exec(s);
}

int user_set_email(db *d, int64_t org_id, int64_t user_id, const char *email)
{
    db_stmt *s = db_prep(d, Q_USER_SET_EMAIL);
    if (!s)
        return -1;
    db_bind_text(s, 1, email);
    db_bind_int(s, 2, now());
    db_bind_int(s, 3, org_id);
    db_bind_int(s, 4, user_id);
    if (db_exec(s) != DB_OK)
        return -1;
    return db_changes(s) == 1;
}

int user_create(db *d, int64_t org_id, const char *username, const char *display_name, int role,
                const char *pw_hash, int64_t *id)
{
    db_stmt *s = db_prep(d, Q_USER_INSERT);
    if (!s)
        return DB_ERR;
    int64_t t = now();
    db_bind_int(s, 1, org_id);
    db_bind_text(s, 2, username);
    db_bind_text(s, 3, display_name);
    db_bind_text(s, 4, role_name(role));
    db_bind_text(s, 5, pw_hash);
    db_bind_int(s, 6, t);
    db_bind_int(s, 7, t);
    db_bind_int(s, 8, t);
    return db_insert_id(s, id);
}

/* Columns in the order of USER_COLS in q_users.def. */
static void user_from_row(db_stmt *s, arena *a, struct user *u)
{
    u->id = db_col_int(s, 0);
    u->org_id = db_col_int(s, 1);
    u->username = col_dup(a, s, 2);
    u->display_name = col_dup(a, s, 3);
    u->role = role_parse(db_col_text(s, 4));
    u->pw_hash = col_dup(a, s, 5);
    u->disabled = (int)db_col_int(s, 6);
    u->version = db_col_int(s, 7);
    u->created_at = db_col_int(s, 8);
    u->updated_at = db_col_int(s, 9);
    u->pw_changed_at = db_col_int(s, 10);
    u->totp_secret = col_dup(a, s, 11);
    u->email = col_dup(a, s, 12);
}

static int user_one(db_stmt *s, arena *a, struct user *out)
{
    int rc = db_step(s);
    if (rc != DB_ROW)
        return rc == DB_OK ? 0 : -1;
    user_from_row(s, a, out);
    db_exec(s);
    return 1;
}

int user_by_name(db *d, arena *a, int64_t org_id, const char *username, struct user *out)
{
    db_stmt *s = db_prep(d, Q_USER_BY_NAME);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    db_bind_text(s, 2, username);
    return user_one(s, a, out);
}

int user_by_id(db *d, arena *a, int64_t org_id, int64_t id, struct user *out)
{
    db_stmt *s = db_prep(d, Q_USER_BY_ID);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, id);
    return user_one(s, a, out);
}

static void bind_filters(db_stmt *s, int64_t org_id, const char *role, const char *name)
{
    db_bind_int(s, 1, org_id);
    db_bind_text(s, 2, role);
    db_bind_text(s, 3, role);
    db_bind_text(s, 4, name);
    db_bind_text(s, 5, name);
    db_bind_text(s, 6, name);
}

int user_page(db *d, arena *a, int64_t org_id, const char *role, const char *name, int64_t limit,
              int64_t offset, struct user **out, int *n, int64_t *total)
{
    name = like_prefix(a, name, 1);
    db_stmt *s = db_prep(d, Q_USER_COUNT);
    if (!s)
        return -1;
    bind_filters(s, org_id, role, name);
    if (db_step(s) != DB_ROW)
        return -1;
    *total = db_col_int(s, 0);
    db_exec(s);

    s = db_prep(d, Q_USER_PAGE);
    if (!s)
        return -1;
    bind_filters(s, org_id, role, name);
    db_bind_int(s, 7, limit);
    db_bind_int(s, 8, offset);
    *out = arena_alloc(a, sizeof(struct user) * (size_t)(limit > 0 ? limit : 1));
    *n = 0;
    int rc;
    while ((rc = db_step(s)) == DB_ROW && *n < limit)
        user_from_row(s, a, &(*out)[(*n)++]);
    return rc == DB_OK || rc == DB_ROW ? 0 : -1;
}

int user_update(db *d, int64_t org_id, int64_t id, int64_t version, const char *display_name,
                int role, int disabled, const char *email)
{
    db_stmt *s = db_prep(d, Q_USER_UPDATE);
    if (!s)
        return DB_ERR;
    db_bind_text(s, 1, display_name);
    db_bind_text(s, 2, role_name(role));
    db_bind_int(s, 3, disabled);
    db_bind_text(s, 4, email);
    db_bind_int(s, 5, now());
    db_bind_int(s, 6, org_id);
    db_bind_int(s, 7, id);
    db_bind_int(s, 8, version);
    int rc = db_exec(s);
    if (rc != DB_OK)
        return rc;
    return db_changes(s) == 1 ? DB_OK : DB_BUSY;
}

int user_set_disabled(db *d, int64_t org_id, int64_t id, int disabled)
{
    db_stmt *s = db_prep(d, Q_USER_SET_DISABLED);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, disabled);
    db_bind_int(s, 2, now());
    db_bind_int(s, 3, org_id);
    db_bind_int(s, 4, id);
    return db_exec(s);
}

int user_set_password(db *d, int64_t org_id, int64_t id, const char *pw_hash)
{
    db_stmt *s = db_prep(d, Q_USER_SET_PASSWORD);
    if (!s)
        return DB_ERR;
    int64_t t = now();
    db_bind_text(s, 1, pw_hash);
    db_bind_int(s, 2, t);
    db_bind_int(s, 3, t);
    db_bind_int(s, 4, org_id);
    db_bind_int(s, 5, id);
    return db_exec(s);
}

int user_revoke_tokens(db *d, arena *a, int64_t org_id, int64_t user_id, int64_t **ids, int *n)
{
    *ids = NULL;
    *n = 0;
    db_stmt *s = db_prep(d, Q_TOKEN_REVOKE_USER);
    if (!s)
        return -1;
    db_bind_int(s, 1, now());
    db_bind_int(s, 2, org_id);
    db_bind_int(s, 3, user_id);
    int rc, cap = 0;
    while ((rc = db_step(s)) == DB_ROW) {
        if (*n == cap) {
            /* Doubling in the arena: a person has a handful of tokens at most. */
            int64_t *bigger = arena_alloc(a, sizeof *bigger * (size_t)(cap = cap ? 2 * cap : 8));
            if (*n)
                memcpy(bigger, *ids, sizeof *bigger * (size_t)*n);
            *ids = bigger;
        }
        (*ids)[(*n)++] = db_col_int(s, 0);
    }
    return rc == DB_OK ? 0 : -1;
}

int user_sessions_end(db *d, int64_t user_id)
{
    db_stmt *s = db_prep(d, Q_SESSION_DELETE_USER);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, user_id);
    return db_exec(s);
}

int user_sessions_end_others(db *d, int64_t user_id, const char *keep)
{
    db_stmt *s = db_prep(d, Q_SESSION_DELETE_OTHERS);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, user_id);
    db_bind_text(s, 2, keep ? keep : "");
    return db_exec(s);
}

int user_failures_clear(db *d, int64_t org_id, const char *username)
{
    db_stmt *s = db_prep(d, Q_FAIL_CLEAR);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, org_id);
    db_bind_text(s, 2, username);
    return db_exec(s);
}

int token_list(db *d, arena *a, int64_t org_id, struct token_row **out, int *n)
{
    *out = NULL;
    *n = 0;
    db_stmt *s = db_prep(d, Q_TOKEN_LIST);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    /* The query returns at most 200 rows. */
    *out = arena_alloc(a, sizeof **out * 200);
    int rc;
    while ((rc = db_step(s)) == DB_ROW && *n < 200) {
        struct token_row *t = &(*out)[(*n)++];
        t->id = db_col_int(s, 0);
        t->name = col_dup(a, s, 1);
        t->created_at = db_col_int(s, 2);
        t->revoked_at = db_col_isnull(s, 3) ? 0 : db_col_int(s, 3);
        t->username = col_dup(a, s, 4);
        t->expires_set = !db_col_isnull(s, 5);
        t->expires_at = t->expires_set ? db_col_int(s, 5) : 0;
    }
    if (rc == DB_ROW)
        rc = db_exec(s);
    return rc == DB_OK ? 0 : -1;
}

int token_revoke(db *d, int64_t org_id, int64_t id, int64_t at)
{
    db_stmt *s = db_prep(d, Q_TOKEN_REVOKE);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, at);
    db_bind_int(s, 2, org_id);
    db_bind_int(s, 3, id);
    int rc = db_exec(s);
    if (rc != DB_OK)
        return rc;
    return db_changes(s) == 1 ? DB_OK : DB_BUSY;
}

int64_t user_admin_count(db *d, int64_t org_id)
{
    db_stmt *s = db_prep(d, Q_USER_ADMIN_COUNT);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    if (db_step(s) != DB_ROW)
        return -1;
    int64_t n = db_col_int(s, 0);
    db_exec(s);
    return n;
}

/* Read the policy rows of s (bound) into *p over the defaults. 0 or -1. */
static int policy_collect(db_stmt *s, struct policy *p)
{
    policy_defaults(p);
    if (!s)
        return -1;
    int rc;
    while ((rc = db_step(s)) == DB_ROW) {
        int i = policy_find(db_col_text(s, 0));
        if (i >= 0)
            p->v[i] = db_col_int(s, 1);
    }
    return rc == DB_OK ? 0 : -1;
}

int policy_load(db *d, int64_t org_id, struct policy *p)
{
    db_stmt *s = db_prep(d, Q_POLICY_ALL);
    if (s)
        db_bind_int(s, 1, org_id);
    return policy_collect(s, p);
}


int policy_store(db *d, int64_t org_id, int key, int64_t value, int64_t by_user)
{
    db_stmt *s = db_prep(d, Q_POLICY_SET);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    db_bind_text(s, 2, policy_defs[key].key);
    db_bind_int(s, 3, value);
    db_bind_int(s, 4, now());
    if (by_user > 0)
        db_bind_int(s, 5, by_user);
    else
        db_bind_null(s, 5);
    /* Every server re-reads the policy on its next request of this organization. */
    return db_exec(s) == DB_OK && org_state_bump(d, org_id) == 0 ? 0 : -1;
}
