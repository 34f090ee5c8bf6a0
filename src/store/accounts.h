/* accounts.h - store access for organizations, users and policy values.
 * Strings returned are copied into the caller's arena. Lookups return 1 when
 * found, 0 when not, -1 on a database error. Every user query is scoped to an
 * organization id: a user of another organization is simply "not found". */
#ifndef PD_ACCOUNTS_H
#define PD_ACCOUNTS_H

#include <stdint.h>

#include "arena.h"
#include "db.h"
#include "policy.h"

struct org {
    int64_t id;
    const char *slug, *name;
    const char *time_zone; /* IANA name (tz.h), e.g. "America/New_York" */
};

/* The time zone of an organization that has not chosen one (migration 012's default): New
 * Jersey's, the state whose guidelines the default policy values follow. */
#define ORG_TIME_ZONE_DEFAULT "America/New_York"

struct user {
    int64_t id, org_id, version, created_at, updated_at, pw_changed_at;
    const char *username, *display_name, *pw_hash, *totp_secret;
    const char *email; /* where notices are e-mailed (migration 016), or NULL */
    int role; /* enum role */
    int disabled;
};

/* A LIKE pattern matching strings that start with s literally: % _ and \ are
 * escaped (the queries say ESCAPE '\'), then % appended; lower-cased when
 * fold is set (for case-insensitive name search). NULL for NULL. Arena memory. */
const char *like_prefix(arena *a, const char *s, int fold);

/* Create an organization. DB_OK with *id, DB_CONSTRAINT when the slug exists. */
int org_create(db *d, const char *slug, const char *name, int64_t *id);
int org_by_slug(db *d, arena *a, const char *slug, struct org *out);
int org_by_id(db *d, arena *a, int64_t id, struct org *out);
int org_rename(db *d, int64_t id, const char *name);
/* The organization's time zone name into *out (arena memory): 1, 0 when there is no such
 * organization, -1 on a database error. */
int org_time_zone(db *d, arena *a, int64_t id, const char **out);
/* Set the organization's time zone to NAME, which the caller has checked loads (tz_get).
 * DB_OK or an error; joins the caller's transaction. */
int org_set_time_zone(db *d, int64_t id, const char *name);
/* The organization's default language (a catalog code, migration 013) into *out (NULL when
 * none is set: English). 1, 0 (no such organization) or -1. */
int org_default_language(db *d, arena *a, int64_t id, const char **out);
/* Set the organization's default language to code (NULL: none). DB_OK or an error. */
int org_set_default_language(db *d, int64_t id, const char *code);
/* A user's own language (migration 013) into *out (NULL: follows the browser). 1, 0 (no such
 * user in org_id) or -1. */
int user_language(db *d, arena *a, int64_t org_id, int64_t user_id, const char **out);
/* Set a user's own language to code (NULL: follow the browser). DB_OK or an error. */
int user_set_language(db *d, int64_t org_id, int64_t user_id, const char *code);

/* Set a user's e-mail address to email (checked with check_email; NULL: none), adding one to
 * the account's version. 1 set, 0 no such user in org_id, -1 error. Joins the caller's
 * transaction. */
int user_set_email(db *d, int64_t org_id, int64_t user_id, const char *email);

/* Create a user with an already hashed password. DB_OK with *id, DB_CONSTRAINT
 * when the username is taken in that organization. */
int user_create(db *d, int64_t org_id, const char *username, const char *display_name, int role,
                const char *pw_hash, int64_t *id);
int user_by_name(db *d, arena *a, int64_t org_id, const char *username, struct user *out);
int user_by_id(db *d, arena *a, int64_t org_id, int64_t id, struct user *out);

/* A page of users matching the filters (NULL = any). *out is arena memory. */
int user_page(db *d, arena *a, int64_t org_id, const char *role, const char *name, int64_t limit,
              int64_t offset, struct user **out, int *n, int64_t *total);

/* Optimistic update (email NULL: none): returns DB_OK, 0-changes as DB_BUSY meaning "stale
 * version" (the caller answers 409), or a negative error. */
int user_update(db *d, int64_t org_id, int64_t id, int64_t version, const char *display_name,
                int role, int disabled, const char *email);
int user_set_disabled(db *d, int64_t org_id, int64_t id, int disabled);
int user_set_password(db *d, int64_t org_id, int64_t id, const char *pw_hash);
/* Revoke every active API token of the user (the account is being disabled: a token must not
 * come back to life when the account is enabled again). Joins the caller's transaction; the
 * caller audits each revoked id. *ids is arena memory (NULL when *n is 0). 0 or -1. */
int user_revoke_tokens(db *d, arena *a, int64_t org_id, int64_t user_id, int64_t **ids, int *n);
/* End every session of the user (the password was reset or the account disabled). DB_OK or
 * an error; joins the caller's transaction. */
int user_sessions_end(db *d, int64_t user_id);
/* End every session of the user but the one whose hash is keep ("" keeps none): their password
 * changed, and whoever else had it is signed out. DB_OK or an error. */
int user_sessions_end_others(db *d, int64_t user_id, const char *keep);
/* Forget the failed sign-ins recorded for username in the organization (a reset or an unlock
 * lets a locked-out person back in). DB_OK or an error. */
int user_failures_clear(db *d, int64_t org_id, const char *username);
/* An API token as the tokens page lists it. revoked_at and expires_at are 0 when not set. */
struct token_row {
    int64_t id, created_at, revoked_at, expires_at;
    int expires_set;
    const char *name, *username;
};
/* The organization's latest 200 tokens, newest first. *out is arena memory. 0 or -1. */
int token_list(db *d, arena *a, int64_t org_id, struct token_row **out, int *n);
/* Revoke the organization's active token id at time at: DB_OK, DB_BUSY when there is no
 * such active token, or an error. */
int token_revoke(db *d, int64_t org_id, int64_t id, int64_t at);
/* Active admins in the organization, or -1. */
int64_t user_admin_count(db *d, int64_t org_id);

/* The organization's policy: defaults overlaid with stored values. 0 or -1. */
int policy_load(db *d, int64_t org_id, struct policy *p);
/* Store one value (already checked with policy_check) and add one to the organization's state
 * version (org_cache.h), in the caller's transaction. 0 or -1. */
int policy_store(db *d, int64_t org_id, int key, int64_t value, int64_t by_user);

#endif
