/* auth.h - logging in (with lockout), sessions, API bearer tokens. */
#ifndef PD_AUTH_H
#define PD_AUTH_H

#include <stdint.h>

#include "arena.h"
#include "db.h"
#include "http.h"
#include "secret.h"

enum login_result {
    LOGIN_OK,
    LOGIN_BAD,      /* unknown organization, unknown user or wrong password: one answer for all */
    LOGIN_LOCKED,   /* too many failures inside the window from this address (policy) */
    LOGIN_THROTTLED, /* the username is under attack from many addresses: try again shortly */
    LOGIN_DISABLED, /* the account is disabled (told only after a correct password) */
    LOGIN_ERROR,    /* the store failed */
};

/* How long a client waits after LOGIN_THROTTLED: the throttle lets one password per this
 * many seconds be checked for a username under attack. */
#define LOGIN_THROTTLE_SECONDS 10
/* The throttle starts when a username has this many times the lockout threshold of failures
 * inside the window, from all addresses together. */
#define LOGIN_THROTTLE_FACTOR 3

/* Try a login (SPEC "Security and privacy": lockout; OWASP Authentication Cheat Sheet).
 * It hashes (argon2id, tens of milliseconds): the server runs it on its sign-in threads
 * (req_defer), never on a thread that serves other connections.
 * - Lockout is per username and client address: lockout_failures failures inside
 *   lockout_window_minutes from one address answer LOGIN_LOCKED to that address only.
 * - Throttle per username: past LOGIN_THROTTLE_FACTOR times that many failures from all
 *   addresses, one password per LOGIN_THROTTLE_SECONDS is checked for the username
 *   (LOGIN_THROTTLED otherwise), except the first attempt of an address with no failure of
 *   its own in the window, so the owner at their usual address still gets in.
 * - Every failure row older than the longest window any policy allows is purged.
 * Every outcome is audited (login.success, login.failure, login.locked, login.throttled,
 * account.lockout when this failure reaches the threshold). On LOGIN_OK a session is stored, token/csrf are filled and this
 * address's failures are forgotten; out describes the user (strings in arena a). */
enum login_result login_attempt(db *d, arena *a, const char *org_slug, const char *username,
                                const char *password, const char *client, int64_t now,
                                struct principal *out, char token[TOKEN_LEN],
                                char csrf[TOKEN_LEN]);

/* Find the session of a cookie token, enforce the organization's idle and
 * absolute limits (ending the session if either passed) and mark activity.
 * Returns 1 with out, pol, csrf and hash filled, 0 when there is no valid
 * session, -1 on a store error. */
int session_lookup(db *d, arena *a, const char *token, int64_t now, struct principal *out,
                   struct policy *pol, const char **csrf, const char **hash);

/* End a session by its stored hash. */
int session_end(db *d, const char *hash);

/* Find the user of a bearer token. Same returns as session_lookup. */
int token_lookup(db *d, arena *a, const char *token, struct principal *out, struct policy *pol);

/* Issue an API token for a user, valid until expires_at (Unix time); token receives the
 * only copy of the secret. */
int token_issue(db *d, int64_t org_id, int64_t user_id, const char *name, int64_t expires_at,
                char token[TOKEN_LEN], int64_t *id);

#endif
