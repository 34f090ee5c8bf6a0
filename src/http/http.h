/* http.h - the request as handlers see it, the route table and its gates, and the replies.
 *
 * Data flows one way: server.c (libmicrohttpd glue) -> gate() in route.c
 * (route lookup, authentication, role, CSRF, input validation) -> a handler
 * in src/handlers -> domain rules and the store -> a view model (jansson) ->
 * a template (pages) or JSON (/api/v1). Every route is reachable both as a
 * page and under /api/v1 with the same handler and the same gates. */
#ifndef PD_HTTP_H
#define PD_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "arena.h"
#include "buf.h"
#include "db.h"
#include "policy.h"
#include "roles.h"

/* ---- input declaration -------------------------------------------------- */

enum ftype {
    FT_TEXT,  /* any valid UTF-8 without control characters except tab/newline */
    FT_LINE,  /* one line: no control characters at all */
    FT_INT,   /* decimal integer within [min, max] */
    FT_BOOL,  /* "1", "0", "on", "true", "false" (checkbox or JSON boolean) */
    FT_DATE,  /* YYYY-MM-DD, a real calendar date */
    FT_TOKEN, /* [A-Za-z0-9_-] only (ids, enum values, tokens) */
    FT_LIST,  /* codes, each [A-Za-z0-9_-]: repeated form fields (checkboxes), a JSON array of
               * strings, or one comma-separated value; the handler sees them comma-joined,
               * max bounds the joined text */
};

#define FIELD_REQUIRED 1u

/* One declared input. Undeclared parameters never reach a handler. */
struct field {
    const char *name;
    enum ftype type;
    size_t max;       /* longest value in bytes (FT_TEXT/LINE/TOKEN) */
    int64_t min, lim; /* FT_INT range */
    unsigned flags;
};

/* One refused input: the field (its name in the route's table), a machine code and a message
 * for people that names the field in words. */
struct field_error {
    const char *field, *code, *message;
};

/* ---- principal and request ---------------------------------------------- */

/* Who is asking, established by the gate from a session cookie or a bearer token. */
struct principal {
    int64_t user_id, org_id;
    enum role role;
    const char *username, *display_name, *org_slug, *org_name;
    const char *time_zone; /* the organization's IANA time zone (migration 012) */
    const char *language;  /* the person's own language, a catalog code; NULL: the browser's */
    const char *default_language; /* the organization's default language (013), or NULL */
    int via_token;    /* bearer token: no cookie, so no CSRF check */
    int64_t token_id; /* which token (named in the audit trail of what it does) */
    int64_t org_version; /* orgs.state_version as the sign-in check read it (org_cache.h) */
    int64_t data_version; /* org_data.version as read with it (home_cache.h); 0: unknown */
    int64_t inbox_open;  /* unacknowledged inbox items, read with the session (the nav badge) */
};

struct param {
    const char *name, *value;
    int64_t ival; /* parsed value of FT_INT / FT_BOOL fields */
    int in_array; /* came from a JSON array: only an FT_LIST field takes it */
};

struct route;

struct header {
    const char *name, *value;
    struct header *next;
};

struct req {
    arena *a;
    db *db;
    const char *method;
    const char *path;   /* without the /api/v1 prefix and without the query string */
    const char *client; /* client address, for the audit trail only */
    int api;            /* came in under /api/v1: JSON in and out */
    int tls;            /* connection is TLS (or trusted proxy says so): Secure cookies */

    struct param *params;
    size_t nparams;
    const char *body; /* raw request body (NUL-terminated), NULL if none */
    size_t body_len;
    const char *content_type;
    const char *(*header)(struct req *r, const char *name); /* request header lookup */
    const char *(*cookie)(struct req *r, const char *name); /* request cookie lookup */
    void *conn;                                             /* server's connection handle */

    struct upload *upload; /* the file part of a multipart body, if any */

    const struct route *route;
    int64_t id, id2; /* {id} and {id2} path segments, when the route has them */

    int authed;
    struct principal me;
    const char *session_hash; /* stored hash of the session cookie, when authed by session */
    const char *csrf;         /* the session's CSRF token */
    struct policy pol;        /* the organization's policy values (defaults when anonymous) */
    const char *purpose;      /* purpose of use of the reads this request audits, when not the
                               * role's: "emergency" (rc_load: under a break-glass grant), or
                               * one a handler declares ("payment"); see audit_purpose() */

    /* response */
    int status;
    const char *tmpl;     /* page template name, e.g. "users.mustache" */
    json_t *model;        /* view model; owned by the request */
    const char *location; /* redirect target (pages) */
    const char *ctype;    /* content type of a raw body */
    buf out;              /* raw body (CSV, static, ...) when tmpl/model are not used */
    struct header *headers;
    int cache_static; /* static asset: cacheable */
    const char *lang; /* the reader's language (req_lang), a catalog code; NULL until asked */
    const struct field_error *errors; /* every field error of a refusal (reply_errors) */
    size_t nerrors;
    json_t *kept; /* while a form's page is shown again: the values sent (forms.h form_value);
                   * borrowed, NULL otherwise */
    json_t *kept_errors; /* and then its "errors" [{field, message}] (forms.h form_error) */

    struct deferral *deferral; /* the server's slot for req_defer (NULL: deferring is off) */
    const struct tz *zone;     /* req_zone()'s answer once asked */
};

/* ---- the organization's time zone (SPEC "Time, language and people") ----- */

struct tz;

/* The zone of the request's organization: its time_zone setting, or ORG_TIME_ZONE_DEFAULT
 * when no one is signed in (or the stored name no longer loads), or UTC when no zone file
 * loads at all. Never NULL. */
const struct tz *req_zone(struct req *r);
/* "today" for this request: the civil day now in req_zone(). Every date check and every
 * default date of a handler uses it, never the server's or the UTC day. */
int32_t req_today(struct req *r);
/* Make z the request's zone (the settings page just changed it): req_zone() and
 * req_view_zone() answer z from now on. */
void req_zone_set(struct req *r, const struct tz *z);
/* The zone of the request this thread is serving (dispatch() sets it before the handler runs),
 * for view helpers that show an instant without the request at hand (view_time); the default
 * zone outside any request. Thread-local: each request runs on one thread at a time. */
const struct tz *req_view_zone(void);

/* Slow work off the worker threads (server.c). A worker thread serves many connections in
 * turn, so a handler that waits (argon2id takes tens of milliseconds and is limited to a
 * few at once) stalls every signed-in user on that thread. Instead the handler calls
 * req_defer: when it returns 0 the handler returns at once without a reply, the server
 * parks the connection and runs fn(d, ctx) on one of the sign-in threads (d is that
 * thread's database connection), then calls the handler again for the same request, where
 * req_deferred gives ctx back. ctx and everything it points to must live in r->a (which
 * lasts for the whole request). Returns -1 when the queue is full (the caller answers 503
 * with Retry-After) or when deferring is not available. */
int req_defer(struct req *r, void (*fn)(db *d, void *ctx), void *ctx);

/* The ctx given to req_defer once fn has run for this request, or NULL (not deferred yet). */
void *req_deferred(struct req *r);

/* ---- routes ------------------------------------------------------------- */

typedef int (*handler_fn)(struct req *r);

#define RT_PUBLIC 1u    /* no authentication needed */
#define RT_NO_CSRF 2u   /* state change that carries its own CSRF defence (login) */
#define RT_API_ONLY 4u  /* only under /api/v1 */
#define RT_PAGE_ONLY 8u /* only as a page (forms, downloads) */
#define RT_UPLOAD 16u   /* takes a multipart/form-data file: body up to UPLOAD_LIMIT */

/* Largest file upload (certificate scans, signed forms): a multi-page PDF
 * scan fits; anything larger is not a document peerdesk needs to keep. */
#define UPLOAD_LIMIT (5u * 1024 * 1024)

/* The body limit for a request of method to url (as received, with any /api/v1 prefix):
 * UPLOAD_LIMIT for upload routes, else def. */
size_t route_body_limit(const char *method, const char *url, size_t def);

/* A file received in a multipart/form-data body. */
struct upload {
    const char *field, *filename, *content_type;
    const unsigned char *data;
    size_t len;
};

struct route {
    const char *method;
    const char *pattern; /* "/users/{id}": {id} and {id2} match positive integers */
    handler_fn fn;
    unsigned roles; /* bit mask of enum role allowed (ignored for RT_PUBLIC) */
    unsigned flags;
    const struct field *fields; /* terminated by a {NULL} row; NULL for none */
    const char *summary;        /* one line, for docs and the route listing */
};

/* A module's route rows. Each handler file declares its own rows (and the input tables they
 * name) as one route_module; src/handlers/routes.c lists the modules in order, and the table
 * below is assembled from them once, before main runs. */
struct route_module {
    const struct route *rows;
    size_t n;
};
#define ROUTE_MODULE(rows) {(rows), sizeof(rows) / sizeof *(rows)}

/* Every row of every module, in module order: what `peerdesk routes` prints. */
extern const struct route *routes;
extern size_t nroutes;

/* Run the gates and the handler for r (method, path, api, params and body
 * filled in by the server). On return r holds a complete response. */
void dispatch(struct req *r);

/* Gates 1-3 of dispatch (route, authentication, role) for a request whose body has not
 * been read: the server runs them on an upload route as soon as its headers arrive, so
 * nobody who may not upload gets megabytes buffered. Returns 1 when the body may come
 * (dispatch checks everything again once it has), 0 when r holds the refusal (401, 403,
 * 404, 405 or 500). */
int dispatch_admit(struct req *r);

/* The language r's reader reads (msg_choose: their setting, Accept-Language, the
 * organization's default; English when none is in the catalog), decided once per request. */
const char *req_lang(struct req *r);

/* Render r's response body: JSON for the API, the template for pages.
 * Sets r->ctype. Called by the server after dispatch. */
void render(struct req *r);

struct embedded;
/* Compile every template of table (embedded_templates) for render, once, before any thread
 * renders: a page is then only executed, never parsed. Returns 0, or -1 with the first
 * template that does not compile named in err ("template 'home.mustache': line 3: ...");
 * the server does not start then. Not thread-safe: call before the server starts and
 * render_done after it stopped. */
int render_init(const struct embedded *table, char *err, size_t errlen);
void render_done(void);

/* ---- handler helpers (reply.c) ------------------------------------------ */

/* Declared parameter value, or NULL when absent or empty. */
const char *req_str(struct req *r, const char *name);
/* Declared FT_INT/FT_BOOL value; returns 1 if present (value in *v), 0 if absent. */
int req_int(struct req *r, const char *name, int64_t *v);

/* Reply with a view model: a page through tmpl, or JSON under /api/v1.
 * Takes ownership of model. Returns 0 (for "return reply_page(...)"). */
int reply_page(struct req *r, int status, const char *tmpl, json_t *model);

/* After a successful page form post, 303 to location; the API gets the model
 * (ownership taken) with the status. */
int reply_done(struct req *r, int status, const char *location, json_t *model);

/* Refuse: API -> {"error":{code,rule,message,field}}; page -> the form template
 * (if tmpl and model are given) re-rendered with an error, else the error page.
 * rule and field may be NULL. Takes ownership of model. */
int reply_error(struct req *r, int status, const char *code, const char *rule,
                const char *message, const char *field, const char *tmpl, json_t *model);

/* Refuse with several field errors at once (SPEC "Time, language and people": every field's
 * message in one go): reply_error with the first, and the API's answer also carries
 * "errors": [{field, code, message}, ...] beside "error"; a page form is shown again with
 * each message beside its field (form_redisplay in gate.c). errs must outlive the request
 * (r->a). n > 0. */
int reply_errors(struct req *r, int status, const char *code, const char *rule,
                 const struct field_error *errs, size_t n);

/* Raw body with a content type (CSV downloads). Takes a copy. */
int reply_raw(struct req *r, int status, const char *ctype, const char *data, size_t n);

/* A stored file (evidence, a signed consent scan) as a download: the stored type if it is
 * one of PDF, PNG, JPEG (sniffed at upload) else opaque bytes, always an attachment under
 * a cleaned name, with CSP sandbox so that even a browser that rendered it runs nothing. */
int reply_attachment(struct req *r, const char *stored_type, const void *data, size_t n,
                     const char *filename);

/* Add a response header (copied into the request arena). */
void reply_header(struct req *r, const char *name, const char *value);

/* Audit an event as the current principal from the current client, with the purpose of use
 * of a read (GET/HEAD) or disclosure derived by audit_purpose() from r->purpose and the role.
 * 0 or -1. */
int req_audit(struct req *r, const char *action, const char *record_type, int64_t record_id,
              const char *reason, const char *outcome);

/* Audit a read of record content before any of it is served (SPEC "Security": every read is on
 * the audit trail): 0 when the entry is written; otherwise reply 503 in words and return -1,
 * and the caller serves nothing (fail closed, e.g. when the disk is full; issue 7). */
int req_audit_read(struct req *r, const char *action, const char *record_type, int64_t record_id,
                   const char *reason);

/* JSON helpers that never fail on bad UTF-8 (invalid bytes are replaced). */
json_t *jstr(const char *s);
void jset(json_t *o, const char *k, json_t *v);
void jset_str(json_t *o, const char *k, const char *s);
void jset_int(json_t *o, const char *k, int64_t v);
void jset_bool(json_t *o, const char *k, int v);

#endif
