/* gate.c - dispatch(): every gate a request passes, in order, in one function.
 * 1 route lookup (404/405) -> 2 authentication (401 / redirect to login) ->
 * 3 role (403, audited) -> 4 CSRF on state changes (403, audited) ->
 * 5 input validation against the route's field table (400) -> handler.
 * Organization isolation is the store's job: every query binds me.org_id. */
#include "http.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "accounts.h"
#include "auth.h"
#include "forms.h"
#include "msg.h"
#include "tz.h"
#include "validate.h"

/* Match pattern against path; fills {id}/{id2}. 1 on match. */
static int match(const char *pat, const char *path, int64_t *id, int64_t *id2)
{
    while (*pat && *path) {
        if (*pat == '{') {
            const char *close = strchr(pat, '}');
            if (!close)
                return 0;
            int second = strncmp(pat, "{id2}", 5) == 0;
            if (!isdigit((unsigned char)*path) || *path == '0')
                return 0;
            int64_t v = 0;
            /* ids above 10^15 are not ours; the cap also stops overflow. */
            int digits = 0;
            while (isdigit((unsigned char)*path)) {
                if (++digits > 15)
                    return 0;
                v = v * 10 + (*path++ - '0');
            }
            *(second ? id2 : id) = v;
            pat = close + 1;
            continue;
        }
        if (*pat++ != *path++)
            return 0;
    }
    return *pat == '\0' && *path == '\0';
}

const struct route *route_lookup(struct req *r, int *method_mismatch)
{
    *method_mismatch = 0;
    for (size_t i = 0; i < nroutes; i++) {
        const struct route *rt = &routes[i];
        if ((rt->flags & RT_API_ONLY) && !r->api)
            continue;
        if ((rt->flags & RT_PAGE_ONLY) && r->api)
            continue;
        int64_t id = 0, id2 = 0;
        if (!match(rt->pattern, r->path, &id, &id2))
            continue;
        if (strcmp(rt->method, r->method) != 0 &&
            !(strcmp(r->method, "HEAD") == 0 && strcmp(rt->method, "GET") == 0)) {
            *method_mismatch = 1;
            continue;
        }
        r->id = id;
        r->id2 = id2;
        return rt;
    }
    return NULL;
}

size_t route_body_limit(const char *method, const char *url, size_t def)
{
    const char *path = strncmp(url, "/api/v1/", 8) == 0 ? url + 7 : url;
    for (size_t i = 0; i < nroutes; i++) {
        int64_t a, b;
        if ((routes[i].flags & RT_UPLOAD) && strcmp(routes[i].method, method) == 0 &&
            match(routes[i].pattern, path, &a, &b))
            return UPLOAD_LIMIT;
    }
    return def;
}

static int authenticate(struct req *r)
{
    int64_t now = (int64_t)time(NULL);
    const char *authz = r->header(r, "Authorization");
    if (authz && strncmp(authz, "Bearer ", 7) == 0)
        return token_lookup(r->db, r->a, authz + 7, &r->me, &r->pol);
    const char *cookie = r->cookie(r, "pd_session");
    if (!cookie)
        return 0;
    return session_lookup(r->db, r->a, cookie, now, &r->me, &r->pol, &r->csrf, &r->session_hash);
}

static int is_state_change(const char *m)
{
    return strcmp(m, "GET") != 0 && strcmp(m, "HEAD") != 0;
}

/* Gates 1-3: route lookup, authentication, role. 1 to go on, 0 when r holds the refusal. */
static int admit(struct req *r)
{
    int mismatch;
    policy_defaults(&r->pol);
    const struct route *rt = route_lookup(r, &mismatch);
    if (!rt) {
        if (mismatch)
            reply_error(r, 405, "method_not_allowed", NULL, msg(req_lang(r), "gate.err.method"),
                        NULL, NULL, NULL);
        else
            reply_error(r, 404, "not_found", NULL, msg(req_lang(r), "gate.err.not_found"), NULL, NULL,
                        NULL);
        return 0;
    }
    r->route = rt;
    if (rt->flags & RT_PUBLIC)
        return 1;
    int a = authenticate(r);
    if (a < 0) {
        reply_error(r, 500, "store", NULL, msg(req_lang(r), "gate.err.store"), NULL, NULL,
                    NULL);
        return 0;
    }
    if (a == 0) {
        /* A page form sent after the session ended: the sign-in page, keeping what was typed
         * (SPEC "Time, language and people": work typed before a session ended is not lost). */
        if (!r->api && strcmp(r->method, "POST") == 0 && !(rt->flags & RT_UPLOAD)) {
            form_sign_in_again(r);
            return 0;
        }
        if (r->api || is_state_change(r->method)) {
            reply_error(r, 401, "unauthenticated", NULL,
                        msg(req_lang(r), "login.err.first"), NULL,
                        NULL, NULL);
        } else {
            r->status = 303;
            r->location = "/login";
            form_remember_next(r); /* the sign-in page returns them here */
        }
        return 0;
    }
    r->authed = 1;
    if (!(rt->roles & RB(r->me.role))) {
        req_audit(r, "permission.denied", "route", 0, rt->pattern, "denied");
        reply_error(r, 403, "forbidden", NULL,
                    msg(req_lang(r), "gate.err.forbidden"),
                    NULL, NULL, NULL);
        return 0;
    }
    return 1;
}

int dispatch_admit(struct req *r)
{
    return admit(r);
}

/* The zone of the request being served on this thread (req_view_zone). */
static _Thread_local const struct tz *thread_zone;

static const struct tz *default_zone(void)
{
    const struct tz *z = tz_get(ORG_TIME_ZONE_DEFAULT, NULL);
    return z ? z : tz_utc();
}

const struct tz *req_zone(struct req *r)
{
    if (!r->zone) {
        const struct tz *z = r->me.time_zone ? tz_get(r->me.time_zone, NULL) : NULL;
        r->zone = z ? z : default_zone();
    }
    return r->zone;
}

int32_t req_today(struct req *r)
{
    return tz_today(req_zone(r), (int64_t)time(NULL));
}

void req_zone_set(struct req *r, const struct tz *z)
{
    r->zone = z;
    thread_zone = z;
}

const struct tz *req_view_zone(void)
{
    return thread_zone ? thread_zone : default_zone();
}

void dispatch(struct req *r)
{
    thread_zone = NULL; /* a request before this one on the thread may have set it */
    if (!admit(r))
        return;
    thread_zone = req_zone(r);
    const struct route *rt = r->route;
    if (!(rt->flags & RT_PUBLIC)) {
        if (is_state_change(r->method) && !r->me.via_token && !(rt->flags & RT_NO_CSRF)) {
            /* _csrf is a body field: server.c reads no query string for a state change. */
            const char *sent = r->header(r, "X-CSRF-Token");
            if (!sent)
                sent = param_raw(r, "_csrf");
            if (!secret_equal(sent, r->csrf)) {
                req_audit(r, "csrf.rejected", "route", 0, rt->pattern, "denied");
                reply_error(r, 403, "csrf", NULL,
                            msg(req_lang(r), "gate.err.csrf"),
                            NULL, NULL, NULL);
                return;
            }
        }
    }

    /* Every field's error at once, each beside its field. */
    struct field_error *errs;
    size_t nerr;
    if (validate_all(r, rt->fields, &errs, &nerr) != 0)
        reply_errors(r, 400, "invalid", NULL, errs, nerr);
    else
        rt->fn(r);
    /* A refused page form comes back filled in instead of the error page. */
    form_redisplay(r);
}
