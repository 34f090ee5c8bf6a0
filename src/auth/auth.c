/* auth.c - login with lockout, session lookup with idle and absolute limits, bearer tokens. */
#include "auth.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "accounts.h"
#include "auth_store.h"
#include "org_cache.h"
#include "audit.h"

/* A valid hash of a random password: verifying against it when the user does
 * not exist takes as long as a real check, so response time does not reveal
 * which usernames exist. Made once per process. */
static char dummy_hash[PW_HASH_LEN];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy_hash(void)
{
    char pw[TOKEN_LEN];
    token_new(pw);
    password_hash(pw, dummy_hash);
    sodium_memzero(pw, sizeof pw);
}

static const char *get_dummy_hash(void)
{
    pthread_once(&dummy_once, make_dummy_hash);
    return dummy_hash;
}

/* The longest lockout window any policy allows, in seconds: older failures count for no
 * organization and are purged. */
static int64_t longest_window(void)
{
    return policy_defs[POL_LOCKOUT_WINDOW_MIN].max * 60;
}

/* Failures of username since a time: from every address (client NULL) or from one. */
static int64_t failures_since(db *d, int64_t org_id, const char *username, const char *client,
                              int64_t since)
{
    return client ? login_failures_since_client(d, org_id, username, client, since)
                  : login_failures_since(d, org_id, username, since);
}

/* Record an attempt as a failure (*id its row) and purge failures past every window. */
static int record_failure(db *d, int64_t org_id, const char *username, const char *client,
                          int64_t now, int64_t *id)
{
    if (login_failures_purge(d, now - longest_window()) != DB_OK)
        return -1;
    return login_failure_record(d, org_id, username, client, now, id) == DB_OK ? 0 : -1;
}

/* Take the throttle's password check for attempt id: 1 taken, 0 taken by another, -1. */
static int claim_check(db *d, int64_t id, int64_t org_id, const char *username, int64_t now)
{
    return login_failure_claim(d, id, org_id, username, now - LOGIN_THROTTLE_SECONDS);
}

static int clear_failures(db *d, int64_t org_id, const char *username, const char *client)
{
    return login_failures_clear_client(d, org_id, username, client) == DB_OK ? 0 : -1;
}

static int session_store(db *d, int64_t user_id, int64_t org_id, const char *client, int64_t now,
                         char token[TOKEN_LEN], char csrf[TOKEN_LEN])
{
    char hash[TOKEN_HASH_LEN];
    token_new(token);
    token_new(csrf);
    token_hash(token, hash);
    return session_insert(d, hash, user_id, org_id, csrf, now, client) == DB_OK ? 0 : -1;
}

static void fill_principal(struct principal *p, const struct user *u, const struct org *o)
{
    p->user_id = u->id;
    p->org_id = o->id;
    p->role = (enum role)u->role;
    p->username = u->username;
    p->display_name = u->display_name;
    p->org_slug = o->slug;
    p->org_name = o->name;
    p->time_zone = o->time_zone;
    p->via_token = 0;
}

enum login_result login_attempt(db *d, arena *a, const char *org_slug, const char *username,
                                const char *password, const char *client, int64_t now,
                                struct principal *out, char token[TOKEN_LEN],
                                char csrf[TOKEN_LEN])
{
    if (!client)
        client = "";
    struct org o = {0};
    struct user u = {0};
    struct policy pol;
    struct audit_ev ev = {.username = username, .client = client, .record_type = "user"};

    int have_org = org_by_slug(d, a, org_slug, &o);
    if (have_org < 0)
        return LOGIN_ERROR;
    if (!have_org) {
        password_verify(get_dummy_hash(), password);
        ev.action = "login.failure";
        ev.outcome = "failed";
        ev.reason = "unknown organization";
        return audit_append(d, &ev) == 0 ? LOGIN_BAD : LOGIN_ERROR;
    }
    ev.org_id = o.id;
    if (policy_load(d, o.id, &pol) != 0)
        return LOGIN_ERROR;

    /* Record the attempt first (committed on its own), then count: each
     * concurrent guess then sees at least every attempt committed before it,
     * so no more than the policy's number of passwords is ever checked and
     * exactly one attempt reaches the threshold. A good password clears the
     * record; a bad one leaves it counted. */
    int64_t row = 0;
    if (record_failure(d, o.id, username, client, now, &row) != 0)
        return LOGIN_ERROR;
    int64_t window = pol.v[POL_LOCKOUT_WINDOW_MIN] * 60, limit = pol.v[POL_LOCKOUT_FAILURES];
    /* The lockout counts this address only: anyone else locking "the account" would lock
     * its owner out with a few wrong guesses (OWASP: lockout as a denial of service). */
    int64_t attempts = failures_since(d, o.id, username, client, now - window);
    if (attempts < 0)
        return LOGIN_ERROR;
    if (attempts > limit) {
        ev.action = "login.locked";
        ev.outcome = "denied";
        ev.reason = "locked for this address after repeated failures";
        return audit_append(d, &ev) == 0 ? LOGIN_LOCKED : LOGIN_ERROR;
    }
    /* Many failures from many addresses: slow the username down instead of locking it.
     * An address's first attempt (no failure of its own before) is always checked. */
    int64_t all = failures_since(d, o.id, username, NULL, now - window);
    if (all < 0)
        return LOGIN_ERROR;
    if (all > limit * LOGIN_THROTTLE_FACTOR && attempts > 1) {
        int taken = claim_check(d, row, o.id, username, now);
        if (taken < 0)
            return LOGIN_ERROR;
        if (!taken) {
            ev.action = "login.throttled";
            ev.outcome = "denied";
            ev.reason = arena_printf(a, "%lld failures from all addresses in %lld minutes",
                                     (long long)all, (long long)pol.v[POL_LOCKOUT_WINDOW_MIN]);
            return audit_append(d, &ev) == 0 ? LOGIN_THROTTLED : LOGIN_ERROR;
        }
    }

    int have_user = user_by_name(d, a, o.id, username, &u);
    if (have_user < 0)
        return LOGIN_ERROR;
    int ok = password_verify(have_user ? u.pw_hash : get_dummy_hash(), password);
    if (have_user) {
        ev.user_id = u.id;
        ev.record_id = arena_printf(a, "%lld", (long long)u.id);
    }
    if (!ok) {
        if (db_begin(d) != DB_OK)
            return LOGIN_ERROR;
        ev.action = "login.failure";
        ev.outcome = "failed";
        ev.reason = have_user ? "wrong password" : "unknown user";
        int rc = audit_append(d, &ev);
        if (rc == 0 && attempts == limit) {
            ev.action = "account.lockout";
            ev.outcome = "denied";
            ev.reason = arena_printf(a, "%lld failed logins in %lld minutes from one address",
                                     (long long)attempts,
                                     (long long)pol.v[POL_LOCKOUT_WINDOW_MIN]);
            rc = audit_append(d, &ev);
        }
        if (rc != 0 || db_commit(d) != DB_OK) {
            db_rollback(d);
            return LOGIN_ERROR;
        }
        return LOGIN_BAD;
    }
    if (u.disabled) {
        ev.action = "login.failure";
        ev.outcome = "denied";
        ev.reason = "account disabled";
        return audit_append(d, &ev) == 0 ? LOGIN_DISABLED : LOGIN_ERROR;
    }
    if (db_begin(d) != DB_OK)
        return LOGIN_ERROR;
    ev.action = "login.success";
    ev.outcome = "ok";
    if (clear_failures(d, o.id, username, client) != 0 ||
        session_store(d, u.id, o.id, client, now, token, csrf) != 0 || audit_append(d, &ev) != 0 ||
        db_commit(d) != DB_OK) {
        db_rollback(d);
        return LOGIN_ERROR;
    }
    fill_principal(out, &u, &o);
    return LOGIN_OK;
}

/* Sessions touched within this many seconds are not written again: one
 * write per request would make every page view a write transaction. The
 * idle limit is minutes, so a minute of slack in last_seen cannot matter
 * more than this. */
#define TOUCH_EVERY 30

int session_lookup(db *d, arena *a, const char *token, int64_t now, struct principal *out,
                   struct policy *pol, const char **csrf, const char **hash_out)
{
    char hash[TOKEN_HASH_LEN];
    if (!token || strlen(token) != TOKEN_LEN - 1)
        return 0;
    token_hash(token, hash);
    struct session_row row;
    int rc = session_get(d, a, hash, &row);
    if (rc != 1)
        return rc;
    out->user_id = row.user_id;
    out->org_id = row.org_id;
    *csrf = row.csrf;
    int64_t created = row.created_at, last_seen = row.last_seen;
    out->username = row.username;
    out->display_name = row.display_name;
    out->role = (enum role)row.role;
    int disabled = row.disabled;
    out->org_slug = row.org_slug;
    out->org_name = row.org_name;
    out->time_zone = row.time_zone;
    out->language = row.language;
    out->default_language = row.default_language;
    out->inbox_open = row.inbox_open;
    out->via_token = 0;
    out->org_version = row.org_version;
    out->data_version = row.data_version;

    /* The policy from this process's cache while the organization's state version (read
     * with the session) stands: no statement at all on most requests. */
    if (org_policy(d, out->org_id, row.org_version, pol) != 0)
        return -1;
    int64_t idle = pol->v[POL_SESSION_IDLE_MIN] * 60, max = pol->v[POL_SESSION_MAX_HOURS] * 3600;
    if (disabled || (int)out->role < 0 || now - last_seen > idle || now - created > max) {
        session_end(d, hash);
        return 0;
    }
    if (now - last_seen >= TOUCH_EVERY && session_touch(d, hash, now) != DB_OK)
        return -1;
    *hash_out = arena_strdup(a, hash);
    return 1;
}

int session_end(db *d, const char *hash)
{
    return session_delete(d, hash) == DB_OK ? 0 : -1;
}

int token_lookup(db *d, arena *a, const char *token, struct principal *out, struct policy *pol)
{
    char hash[TOKEN_HASH_LEN];
    if (!token || strlen(token) != TOKEN_LEN - 1)
        return 0;
    token_hash(token, hash);
    struct token_row_auth row;
    int rc = token_get(d, a, hash, (int64_t)time(NULL), &row);
    if (rc != 1)
        return rc;
    out->user_id = row.user_id;
    out->org_id = row.org_id;
    out->username = row.username;
    out->display_name = row.display_name;
    out->role = (enum role)row.role;
    int disabled = row.disabled;
    out->org_slug = row.org_slug;
    out->org_name = row.org_name;
    out->via_token = 1;
    out->token_id = row.token_id;
    out->org_version = row.org_version;
    out->data_version = row.data_version;
    out->time_zone = row.time_zone;
    out->language = row.language;
    out->default_language = row.default_language;
    out->inbox_open = row.inbox_open;
    if (disabled || (int)out->role < 0)
        return 0;
    return org_policy(d, out->org_id, row.org_version, pol) == 0 ? 1 : -1;
}

int token_issue(db *d, int64_t org_id, int64_t user_id, const char *name, int64_t expires_at,
                char token[TOKEN_LEN], int64_t *id)
{
    char hash[TOKEN_HASH_LEN];
    token_new(token);
    token_hash(token, hash);
    int rc = token_insert(d, hash, user_id, org_id, name, (int64_t)time(NULL), expires_at, id);
    return rc == DB_OK ? 0 : -1;
}
