/* harness.h - the HTTP test harness: a private database and server per test program, and a small client.
 *
 * Environment:
 *   PEERDESK_BIN      the peerdesk binary to run (default build/peerdesk)
 *   PEERDESK_TEST_DB  "sqlite" (default: a fresh temporary file) or a postgresql:// URL of a
 *                     server where the harness may CREATE DATABASE (one fresh database per
 *                     h_env_start, dropped by h_env_stop)
 *
 * h_env_start() runs `peerdesk init`, adds the fixtures through the library (organizations
 * "alpha" and "beta", in each one user per role named after the role, password H_PASSWORD)
 * and starts `peerdesk serve` on a free port. Test programs include <cmocka.h> before this
 * file to get the H_ASSERT_* macros. */
#ifndef PD_TEST_HARNESS_H
#define PD_TEST_HARNESS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <jansson.h>

#include "db.h"
#include "roles.h"

#define H_PASSWORD "Correct-Horse-42x"
#define H_ALPHA 0
#define H_BETA 1

struct h_org {
    const char *slug;
    int64_t id;
    int64_t user_id[ROLE__COUNT]; /* the fixture user of each role */
};

typedef struct h_env {
    const char *bin;    /* the peerdesk binary */
    char dir[256];      /* private temporary directory: SQLite file, server log */
    char db_url[512];   /* this program's database */
    char base[64];      /* "http://127.0.0.1:PORT" */
    char log_path[300]; /* the server's stdout and stderr */
    pid_t pid;          /* the running server, 0 when stopped */
    int is_pg;
    char pg_admin_url[512]; /* the server named by PEERDESK_TEST_DB, for CREATE/DROP DATABASE */
    char pg_dbname[64];     /* pd_t_<pid>_<n> */
    db *db;                 /* library connection: fixtures and test-only SQL */
    struct h_org org[2];    /* H_ALPHA, H_BETA */
    char pw_hash[256];      /* H_PASSWORD hashed once (argon2 is slow by design) */
} h_env;

/* Make a fresh database, run init, add the fixtures and start the server.
 * Returns the environment, or NULL after printing why to stderr. */
h_env *h_env_start(void);

/* Stop the server (SIGTERM, wait), close the library connection, drop the
 * PostgreSQL database or remove the temporary directory, and free e.
 * Returns 0 when the server exited cleanly (status 0, no sanitizer report in
 * its log), else -1 after printing the end of its log. Accepts NULL. */
int h_env_stop(h_env *e);

/* Add a user to org (H_ALPHA or H_BETA) through the library, with password
 * H_PASSWORD. Returns the new id, or -1 after printing why. */
int64_t h_add_user(h_env *e, int org, const char *username, int role);

/* Run test-only SQL (printf-style; never pass request data) on the test
 * database through the library. Returns 0, or -1 after printing the error. */
int h_sql(h_env *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Run `PEERDESK_BIN --db URL ARGS...` (NULL-terminated) and wait for it.
 * *out (if out is not NULL) receives its stdout and stderr, malloc'd, which
 * the caller frees. Returns the exit status, or -1 if it did not exit
 * normally. */
int h_cli(h_env *e, char **out, const char *arg, ...) __attribute__((sentinel));

/* ---- HTTP client ---------------------------------------------------------- */

typedef struct h_sess h_sess;

/* A client with its own connection and in-memory cookie jar. Never follows
 * redirects. Free with h_sess_free (accepts NULL). */
h_sess *h_sess_new(h_env *e);
void h_sess_free(h_sess *s);

/* Sign in through POST /api/v1/login. On 200 the session cookie is in the
 * jar and the CSRF token is kept for later posts. Returns the status. */
long h_login(h_sess *s, const char *org, const char *username, const char *password);

/* The CSRF token sent with posts (X-CSRF-Token for JSON, _csrf for forms);
 * NULL sends none. h_login sets it. The value is copied. */
void h_set_csrf(h_sess *s, const char *token);
const char *h_csrf(h_sess *s);

/* Authenticate every request with "Authorization: Bearer token" (NULL stops). */
void h_set_bearer(h_sess *s, const char *token);

/* Add one more request header ("Name: value") to every request; NULL clears them. */
void h_add_header(h_sess *s, const char *line);

/* Requests. path is printf-style; it starts with "/" (add "/api/v1" yourself).
 * Each returns the HTTP status, or 0 when no response came (the curl error
 * is printed). The previous response is forgotten. */
long h_get(h_sess *s, const char *path_fmt, ...) __attribute__((format(printf, 2, 3)));
/* POST body as application/json with the CSRF header when a token is set;
 * takes ownership of body (NULL posts "{}"). */
long h_post(h_sess *s, json_t *body, const char *path_fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* POST an application/x-www-form-urlencoded body (already encoded, may be
 * "" ), with "&_csrf=TOKEN" appended when a token is set. */
long h_post_form(h_sess *s, const char *form, const char *path_fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Any request: method, path (not formatted), content type and body (both may be NULL). */
long h_request(h_sess *s, const char *method, const char *path, const char *ctype,
               const char *body, size_t len);

/* The last response. Strings belong to the session until its next request. */
long h_status(h_sess *s);
const char *h_body(h_sess *s);
/* First response header of that name (case-insensitive), or NULL. */
const char *h_header(h_sess *s, const char *name);
/* The Set-Cookie header that sets cookie name, or NULL. */
const char *h_set_cookie_header(h_sess *s, const char *name);
/* The body parsed as JSON (NULL if it is not JSON); owned by the session. */
json_t *h_json(h_sess *s);
/* A string at a dotted path of the JSON body ("error.code", "user.role"), or NULL. */
const char *h_jstr(h_sess *s, const char *path);
/* An integer at a dotted path of the JSON body, or -1. */
int64_t h_jint(h_sess *s, const char *path);
/* A description of the last request and response for failure messages. */
const char *h_last(h_sess *s);

/* Cookies in the jar: the value of name (copied into the session), or NULL;
 * put name=value in the jar for this server (replay an old cookie). */
const char *h_cookie(h_sess *s, const char *name);
void h_put_cookie(h_sess *s, const char *name, const char *value);

/* ---- assertions (include <cmocka.h> first) ----------------------------------- */

/* Fail the test unless the last response had status want, showing the exchange. */
#define H_ASSERT_STATUS(s, want)                                                                \
    do {                                                                                       \
        long h_got_ = h_status(s);                                                             \
        if (h_got_ != (long)(want))                                                            \
            fail_msg("status %ld, expected %ld\n%s", h_got_, (long)(want), h_last(s));         \
    } while (0)

/* Fail unless the last response is a JSON error with this code. */
#define H_ASSERT_ERROR(s, want_status, want_code)                                              \
    do {                                                                                       \
        H_ASSERT_STATUS(s, want_status);                                                       \
        const char *h_code_ = h_jstr(s, "error.code");                                         \
        if (!h_code_ || strcmp(h_code_, (want_code)) != 0)                                     \
            fail_msg("error code %s, expected %s\n%s", h_code_ ? h_code_ : "(none)",            \
                     (want_code), h_last(s));                                                  \
    } while (0)

#endif
