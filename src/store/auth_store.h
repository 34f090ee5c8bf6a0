/* auth_store.h - typed store functions for signing in: login sessions, API bearer tokens and
 * the failed-attempt rows behind lockout and throttling (the SQL is in q_sessions.def). Each
 * function runs one statement and binds its own parameters; src/auth/auth.c holds the rules.
 * Tokens are looked up and stored only by their hash (secret.h token_hash), never in clear. */
#ifndef PD_AUTH_STORE_H
#define PD_AUTH_STORE_H

#include <stdint.h>

#include "arena.h"
#include "db.h"

/* A session with its user and organization (strings in the arena). role is an enum role, or
 * -1 when the stored name is unknown. */
struct session_row {
    int64_t user_id, org_id, created_at, last_seen;
    int64_t org_version; /* orgs.state_version: what org_cache.h checks its entry against */
    int64_t data_version; /* org_data.version (021): what home_cache.h checks against */
    const char *time_zone; /* orgs.time_zone (IANA name) */
    const char *language, *default_language; /* users.language, orgs.default_language (013) */
    const char *csrf, *username, *display_name, *org_slug, *org_name;
    int64_t inbox_open; /* the user's unacknowledged inbox items (migration 016) */
    int role;
    int disabled;
};

/* An unrevoked, unexpired API token with its user and organization (as session_row). */
struct token_row_auth {
    int64_t token_id, user_id, org_id;
    int64_t org_version; /* orgs.state_version */
    int64_t data_version; /* org_data.version */
    const char *time_zone; /* orgs.time_zone (IANA name) */
    const char *language, *default_language; /* users.language, orgs.default_language (013) */
    const char *username, *display_name, *org_slug, *org_name;
    int64_t inbox_open; /* the user's unacknowledged inbox items (migration 016) */
    int role;
    int disabled;
};

/* ---- failed sign-ins (login_failures) ---- */

/* Record a sign-in attempt of username from client at Unix time at, counted as a failure
 * until it succeeds. DB_OK with *id, or a negative enum db_rc. */
int login_failure_record(db *d, int64_t org_id, const char *username, const char *client,
                         int64_t at, int64_t *id);

/* Forget every failure recorded before `before` (older than the longest lockout window any
 * policy allows). DB_OK or a negative enum db_rc. */
int login_failures_purge(db *d, int64_t before);

/* Failures of username at or after since: from every address (the throttle). The count, or
 * -1 on a store error. */
int64_t login_failures_since(db *d, int64_t org_id, const char *username, int64_t since);

/* Failures of username at or after since from one client address (the lockout). The count,
 * or -1 on a store error. */
int64_t login_failures_since_client(db *d, int64_t org_id, const char *username,
                                    const char *client, int64_t since);

/* Take the throttle's one password check of the interval for attempt id, unless another
 * attempt of username took one after since: 1 taken, 0 taken by another, -1 store error. */
int login_failure_claim(db *d, int64_t id, int64_t org_id, const char *username, int64_t since);

/* A good password forgets the failures of its own client address only. DB_OK or negative. */
int login_failures_clear_client(db *d, int64_t org_id, const char *username, const char *client);

/* ---- sessions ---- */

/* Store a new session by its token hash, created and last seen at `at`. DB_OK or negative. */
int session_insert(db *d, const char *token_hash, int64_t user_id, int64_t org_id,
                   const char *csrf, int64_t at, const char *client);

/* The session stored under token_hash with its user and organization: 1 (in *out), 0 none,
 * -1 store error. The caller enforces the limits. */
int session_get(db *d, arena *a, const char *token_hash, struct session_row *out);

/* Mark activity on the session: last_seen = at. DB_OK or negative. */
int session_touch(db *d, const char *token_hash, int64_t at);

/* End the session stored under token_hash. DB_OK or negative. */
int session_delete(db *d, const char *token_hash);

/* Drop sessions idle since before idle_before or created before created_before (the longest
 * limits any policy allows; each lookup enforces its organization's own). DB_OK or negative. */
int sessions_purge(db *d, int64_t idle_before, int64_t created_before);

/* ---- API tokens ---- */

/* Store a token by its hash, created at `at`, valid until expires_at. DB_OK with *id, or a
 * negative enum db_rc. */
int token_insert(db *d, const char *token_hash, int64_t user_id, int64_t org_id,
                 const char *name, int64_t at, int64_t expires_at, int64_t *id);

/* The token stored under token_hash if it is unrevoked and expires after now: 1 (in *out), 0
 * none, -1 store error. */
int token_get(db *d, arena *a, const char *token_hash, int64_t now, struct token_row_auth *out);

#endif
