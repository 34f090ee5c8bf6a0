/* harness.h - HTTP test harness: a private database and server per test program, and a client.
 *
 * Environment:
 *   PEERDESK_BIN      the peerdesk binary to run (default build/peerdesk)
 *   PEERDESK_TEST_DB  "sqlite" (default: a fresh temporary file) or a postgresql:// URL of a
 *                     server where the harness may CREATE DATABASE (one fresh database per
 *                     th_env_start, dropped by th_env_stop)
 *
 * th_env_start() runs `peerdesk init`, adds the fixtures through the library (organizations
 * "alpha" and "beta", in each one user per role named after the role, password TH_PASSWORD)
 * and starts `peerdesk serve` on a free port. Test programs include <cmocka.h> before this
 * file to get the TH_ASSERT_* macros. */
#ifndef PD_TEST_HARNESS_H
#define PD_TEST_HARNESS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <jansson.h>

#include "db.h"
#include "roles.h"

#define TH_PASSWORD "Correct-Horse-42x"
#define TH_ALPHA    0
#define TH_BETA     1

struct th_org {
    const char *slug;
    int64_t id;
    int64_t user_id[ROLE__COUNT]; /* the fixture user of each role */
};

typedef struct th_env {
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
    struct th_org org[2];   /* TH_ALPHA, TH_BETA */
    char pw_hash[256];      /* TH_PASSWORD hashed once (argon2 is slow by design) */
} th_env;

/* Make a fresh database, run init, add the fixtures and start the server.
 * Returns the environment, or NULL after printing why to stderr. */
th_env *th_env_start(void);

/* Stop the server (SIGTERM, wait), close the library connection, drop the
 * PostgreSQL database or remove the temporary directory, and free e.
 * Returns 0 when the server exited cleanly (status 0, no sanitizer report in
 * its log), else -1 after printing the end of its log. Accepts NULL. */
int th_env_stop(th_env *e);

/* Add a user to org (TH_ALPHA or TH_BETA) through the library, with password
 * TH_PASSWORD. Returns the new id, or -1 after printing why. */
int64_t th_add_user(th_env *e, int org, const char *username, int role);

/* Run test-only SQL (printf-style; never pass request data) on the test
 * database through the library. Returns 0, or -1 after printing the error. */
int th_sql(th_env *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* "today" of the fixture organizations: the civil day now in their time zone (the default,
 * ORG_TIME_ZONE_DEFAULT), which is what the server checks dates against; not the UTC day. */
int32_t th_today(void);

/* Run `PEERDESK_BIN --db URL ARGS...` (NULL-terminated) and wait for it.
 * *out (if out is not NULL) receives its stdout and stderr, malloc'd, which
 * the caller frees. Returns the exit status, or -1 if it did not exit
 * normally. */
int th_cli(th_env *e, char **out, const char *arg, ...) __attribute__((sentinel));

/* ---- HTTP client ---------------------------------------------------------- */

typedef struct th_sess th_sess;

/* A client with its own connection and in-memory cookie jar. Never follows
 * redirects. Free with th_sess_free (accepts NULL). */
th_sess *th_sess_new(th_env *e);
void th_sess_free(th_sess *s);

/* Sign in through POST /api/v1/login. On 200 the session cookie is in the
 * jar and the CSRF token is kept for later posts. Returns the status. */
long th_login(th_sess *s, const char *org, const char *username, const char *password);

/* The CSRF token sent with posts (X-CSRF-Token for JSON, _csrf for forms);
 * NULL sends none. th_login sets it. The value is copied. */
void th_set_csrf(th_sess *s, const char *token);
const char *th_csrf(th_sess *s);

/* Authenticate every request with "Authorization: Bearer token" (NULL stops). */
void th_set_bearer(th_sess *s, const char *token);

/* Add one more request header ("Name: value") to every request; NULL clears them. */
void th_add_header(th_sess *s, const char *line);

/* Requests. path is printf-style; it starts with "/" (add "/api/v1" yourself).
 * Each returns the HTTP status, or 0 when no response came (the curl error
 * is printed). The previous response is forgotten. */
long th_get(th_sess *s, const char *path_fmt, ...) __attribute__((format(printf, 2, 3)));
/* POST body as application/json with the CSRF header when a token is set;
 * takes ownership of body (NULL posts "{}"). */
long th_post(th_sess *s, json_t *body, const char *path_fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* POST an application/x-www-form-urlencoded body (already encoded, may be
 * "" ), with "&_csrf=TOKEN" appended when a token is set. */
long th_post_form(th_sess *s, const char *form, const char *path_fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* POST multipart/form-data: the string members of fields (ownership taken;
 * NULL for none), "_csrf" when a token is set, and one file part named
 * "file" with this filename and content. */
long th_post_file(th_sess *s, json_t *fields, const char *filename, const void *data, size_t len,
                  const char *path_fmt, ...) __attribute__((format(printf, 6, 7)));
/* Any request: method, path (not formatted), content type and body (both may be NULL). */
long th_request(th_sess *s, const char *method, const char *path, const char *ctype,
                const char *body, size_t len);

/* The last response. Strings belong to the session until its next request. */
long th_status(th_sess *s);
const char *th_body(th_sess *s);
/* First response header of that name (case-insensitive), or NULL. */
const char *th_header(th_sess *s, const char *name);
/* The Set-Cookie header that sets cookie name, or NULL. */
const char *th_set_cookie_header(th_sess *s, const char *name);
/* The body parsed as JSON (NULL if it is not JSON); owned by the session. */
json_t *th_json(th_sess *s);
/* A string at a dotted path of the JSON body ("error.code", "rows.0.user": numbers index
 * arrays), or NULL. */
const char *th_jstr(th_sess *s, const char *path);
/* An integer at a dotted path of the JSON body, or -1. */
int64_t th_jint(th_sess *s, const char *path);
/* A description of the last request and response for failure messages. */
const char *th_last(th_sess *s);

/* Cookies in the jar: the value of name (copied into the session), or NULL;
 * put name=value in the jar for this server (replay an old cookie). */
const char *th_cookie(th_sess *s, const char *name);
void th_put_cookie(th_sess *s, const char *name, const char *value);

/* ---- assertions (include <cmocka.h> first) ----------------------------------- */

/* Fail the test unless the last response had status want, showing the exchange. */
#define TH_ASSERT_STATUS(s, want)                                                                  \
    do {                                                                                           \
        long th_got_ = th_status(s);                                                               \
        if (th_got_ != (long)(want))                                                               \
            fail_msg("status %ld, expected %ld\n%s", th_got_, (long)(want), th_last(s));           \
    } while (0)

/* Fail unless the last response is a JSON error with this code. */
#define TH_ASSERT_ERROR(s, want_status, want_code)                                                 \
    do {                                                                                           \
        TH_ASSERT_STATUS(s, want_status);                                                          \
        const char *th_code_ = th_jstr(s, "error.code");                                           \
        if (!th_code_ || strcmp(th_code_, (want_code)) != 0)                                       \
            fail_msg("error code %s, expected %s\n%s", th_code_ ? th_code_ : "(none)",             \
                     (want_code), th_last(s));                                                     \
    } while (0)

/* Fail unless the string got (which may be NULL) equals want. */
#define TH_ASSERT_STR(got, want)                                                                   \
    do {                                                                                           \
        const char *th_g_ = (got), *th_w_ = (want);                                                \
        if (!th_g_ || strcmp(th_g_, th_w_) != 0)                                                   \
            fail_msg("%s is \"%s\", expected \"%s\"", #got, th_g_ ? th_g_ : "(null)", th_w_);      \
    } while (0)

/* Fail unless the string got exists and contains (or lacks) needle. */
#define TH_ASSERT_CONTAINS(got, needle)                                                            \
    do {                                                                                           \
        const char *th_g_ = (got);                                                                 \
        if (!th_g_ || !strstr(th_g_, (needle)))                                                    \
            fail_msg("%s is \"%s\", expected it to contain \"%s\"", #got,                          \
                     th_g_ ? th_g_ : "(null)", (needle));                                          \
    } while (0)
#define TH_ASSERT_LACKS(got, needle)                                                               \
    do {                                                                                           \
        const char *th_g_ = (got);                                                                 \
        if (!th_g_ || strstr(th_g_, (needle)))                                                     \
            fail_msg("%s is \"%s\", expected it without \"%s\"", #got, th_g_ ? th_g_ : "(null)",   \
                     (needle));                                                                    \
    } while (0)

#endif
