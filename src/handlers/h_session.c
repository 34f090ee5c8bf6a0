/* h_session.c - login, logout, my account and password change (pages and /api/v1). */
#include "handlers.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "account_rules.h"
#include "accounts.h"
#include "msg.h"
#include "auth.h"
#include "forms.h"
#include "opreply.h"
#include "ops_users.h"
#include "password_quality.h"
#include "validate.h"

static void set_cookie(struct req *r, const char *name, const char *value, int max_age)
{
    /* HttpOnly: scripts never see it; SameSite=Strict: no cross-site request
     * carries it; Secure whenever the connection is TLS. */
    char *c;
    if (max_age >= 0)
        c = arena_printf(r->a, "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s", name,
                         value, max_age, r->tls ? "; Secure" : "");
    else
        c = arena_printf(r->a, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s", name, value,
                         r->tls ? "; Secure" : "");
    reply_header(r, "Set-Cookie", c);
}

static json_t *login_model(struct req *r, const char *pre)
{
    json_t *m = json_object();
    jset_str(m, "title", msg(req_lang(r), "login.title"));
    jset_str(m, "pre", pre);
    jset_str(m, "org", req_str(r, "org"));
    jset_str(m, "username", req_str(r, "username"));
    /* Where to return after signing in: the form's next field, else the page remembered when
     * an anonymous visit was sent here (pd_next), each only when it is a path on this site. */
    const char *next = req_str(r, "next");
    if (!next_path_ok(next))
        next = r->cookie ? r->cookie(r, "pd_next") : NULL;
    if (next_path_ok(next))
        jset_str(m, "next", next);
    jset(m, "kept", form_kept_fields(r));
    return m;
}

/* The login page sets a pre-session token that the form posts back
 * (double-submit), so another site cannot log a browser into its account. */
int h_login_form(struct req *r)
{
    const char *pre = r->cookie(r, "pd_pre");
    if (!pre || strlen(pre) != TOKEN_LEN - 1) {
        char t[TOKEN_LEN];
        token_new(t);
        pre = arena_strdup(r->a, t);
        set_cookie(r, "pd_pre", pre, -1);
    }
    return reply_page(r, 200, "login.mustache", login_model(r, pre));
}

/* A sign-in handed to a sign-in thread: its inputs, then its outcome. Arena memory. */
struct login_job {
    arena *a;
    const char *org, *username, *password, *client;
    int64_t now;
    enum login_result res;
    struct principal p;
    char token[TOKEN_LEN], csrf[TOKEN_LEN];
};

/* Retry-After for a sign-in refused because the queue was full. */
#define LOGIN_BUSY_RETRY_SECONDS 1

static void run_login(db *d, void *ctx)
{
    struct login_job *j = ctx;
    j->res = d ? login_attempt(d, j->a, j->org, j->username, j->password, j->client, j->now,
                               &j->p, j->token, j->csrf)
               : LOGIN_ERROR;
}

int h_login(struct req *r)
{
    const char *pre = r->cookie(r, "pd_pre");
    if (!r->api) {
        const char *sent = req_str(r, "_pre");
        if (!pre || !secret_equal(sent, pre))
            return reply_error(r, 403, "csrf", NULL,
                               msg(req_lang(r), "login.err.csrf"),
                               NULL, "login.mustache", login_model(r, pre));
    }
    /* The password check runs on a sign-in thread (req_defer): this handler is called
     * again for the same request once it has, and then answers. */
    struct login_job *j = req_deferred(r);
    if (!j) {
        j = arena_alloc(r->a, sizeof *j);
        memset(j, 0, sizeof *j);
        j->a = r->a;
        j->org = req_str(r, "org");
        j->username = req_str(r, "username");
        j->password = req_str(r, "password");
        j->client = r->client;
        j->now = (int64_t)time(NULL);
        if (req_defer(r, run_login, j) == 0)
            return 0;
        /* Every sign-in thread is busy and the queue is full: no worker waits for one. */
        reply_header(r, "Retry-After", arena_printf(r->a, "%d", LOGIN_BUSY_RETRY_SECONDS));
        return reply_error(r, 503, "busy", NULL,
                           msg(req_lang(r), "login.err.busy"),
                           NULL, "login.mustache", login_model(r, pre));
    }
    struct principal p = j->p;
    const char *token = j->token, *csrf = j->csrf;
    switch (j->res) {
    case LOGIN_OK:
        break;
    case LOGIN_BAD:
        return reply_error(r, 401, "bad_credentials", NULL,
                           msg(req_lang(r), "login.err.bad"), "password",
                           "login.mustache", login_model(r, pre));
    case LOGIN_LOCKED:
        return reply_error(r, 429, "locked", NULL,
                           msg(req_lang(r), "login.err.locked"),
                           "username", "login.mustache", login_model(r, pre));
    case LOGIN_THROTTLED:
        reply_header(r, "Retry-After", arena_printf(r->a, "%d", LOGIN_THROTTLE_SECONDS));
        return reply_error(r, 429, "throttled", NULL,
                           msg(req_lang(r), "login.err.throttled"),
                           "username", "login.mustache", login_model(r, pre));
    case LOGIN_DISABLED:
        return reply_error(r, 403, "disabled", NULL,
                           msg(req_lang(r), "login.err.disabled"), NULL,
                           "login.mustache", login_model(r, pre));
    case LOGIN_ERROR:
    default:
        return reply_error(r, 500, "store", NULL, msg(req_lang(r), "login.err.store"), NULL,
                           "login.mustache", login_model(r, pre));
    }
    set_cookie(r, "pd_session", token, -1);
    if (!r->api) {
        if (r->cookie(r, "pd_next"))
            set_cookie(r, "pd_next", "", 0);
        /* Back where they were, with any form that was being sent when the session ended
         * filled in again (forms.h). */
        r->me = p;
        r->authed = 1;
        r->csrf = arena_strdup(r->a, csrf);
        r->lang = NULL;
        return form_restore(r, req_str(r, "next"));
    }
    json_t *m = json_object();
    jset_str(m, "csrf_token", csrf);
    json_t *u = json_object();
    jset_int(u, "id", p.user_id);
    jset_str(u, "username", p.username);
    jset_str(u, "name", p.display_name);
    jset_str(u, "role", role_name(p.role));
    jset_str(u, "org", p.org_slug);
    jset(m, "user", u);
    return reply_done(r, 200, "/", m);
}

int h_logout(struct req *r)
{
    req_audit(r, "logout", "user", r->me.user_id, NULL, "ok");
    if (r->session_hash)
        session_end(r->db, r->session_hash);
    set_cookie(r, "pd_session", "", 0);
    return reply_done(r, 200, "/login", json_object());
}

static json_t *me_model(struct req *r)
{
    json_t *m = json_object();
    struct user u;
    if (user_by_id(r->db, r->a, r->me.org_id, r->me.user_id, &u) == 1) {
        json_t *uj = view_user(&u);
        char id[48];
        snprintf(id, sizeof id, "users.role.%s", role_name((enum role)u.role));
        jset_str(uj, "role_label", msg(req_lang(r), id));
        jset(m, "user", uj);
    }
    json_t *o = json_object();
    jset_int(o, "id", r->me.org_id);
    jset_str(o, "slug", r->me.org_slug);
    jset_str(o, "name", r->me.org_name);
    jset(m, "org", o);
    jset_str(m, "title", msg(req_lang(r), "me.title"));
    jset_int(m, "password_min", r->pol.v[POL_PASSWORD_MIN_LEN]);
    jset_int(m, "idle_minutes", r->pol.v[POL_SESSION_IDLE_MIN]);
    jset_bool(m, "via_token", r->me.via_token);
    const char *lang_typed = form_value(r, "language");
    jset(m, "languages",
         view_languages(lang_typed ? lang_typed : r->me.language, "me.language_browser"));
    return m;
}

int h_me(struct req *r)
{
    json_t *m = me_model(r);
    int64_t changed = 0;
    req_int(r, "changed", &changed);
    jset_bool(m, "changed", (int)changed);
    return reply_page(r, 200, "me.mustache", m);
}

int h_me_password(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    struct me_password_in in = {.current = req_str(r, "current_password"),
                                .password = req_str(r, "new_password"),
                                .confirm = req_str(r, "confirm_password"),
                                .keep_session = r->session_hash};
    if (op_me_password(&c, &in, &res) != OP_OK)
        return reply_op_error(r, &res, res.status == OP_STORE ? NULL : "me.mustache",
                              res.status == OP_STORE ? NULL : me_model(r));
    json_t *m = json_object();
    jset_str(m, "message", msg(req_lang(r), "me.password_changed_done"));
    return reply_done(r, 200, "/me?changed=1", m);
}

/* My language (migration 013): a catalog code, or empty to follow the browser. */
int h_me_language(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    const char *code = req_str(r, "language");
    if (op_me_language(&c, code, &res) != OP_OK)
        return reply_op_error(r, &res, res.status == OP_STORE ? NULL : "me.mustache",
                              res.status == OP_STORE ? NULL : me_model(r));
    r->me.language = code;
    r->lang = NULL; /* the reply is in the language just chosen */
    json_t *m = json_object();
    jset_str(m, "language", code);
    return reply_done(r, 200, "/me", m);
}

/* My e-mail address, where my notices are e-mailed (migration 016); empty: none. */
int h_me_email(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    const char *email = req_str(r, "email");
    if (op_me_email(&c, email, &res) != OP_OK)
        return reply_op_error(r, &res, res.status == OP_STORE ? NULL : "me.mustache",
                              res.status == OP_STORE ? NULL : me_model(r));
    json_t *m = json_object();
    jset_str(m, "email", email);
    return reply_done(r, 200, "/me", m);
}

/* ---- routes ---- */

static const struct field f_login_form[] = {
    {"org", FT_TOKEN, 40, 0, 0, 0},
    {"username", FT_LINE, USERNAME_MAX_LEN, 0, 0, 0},
    {"next", FT_LINE, NEXT_PATH_MAX, 0, 0, 0},
    {NULL},
};
static const struct field f_login[] = {
    {"org", FT_TOKEN, 40, 0, 0, FIELD_REQUIRED},
    {"username", FT_LINE, USERNAME_MAX_LEN, 0, 0, FIELD_REQUIRED},
    {"password", FT_LINE, PASSWORD_MAX_LEN, 0, 0, FIELD_REQUIRED},
    {"_pre", FT_TOKEN, 64, 0, 0, 0},
    {"next", FT_LINE, NEXT_PATH_MAX, 0, 0, 0},
    {NULL},
};
const struct route session_rows[] = {
    {"GET", "/login", h_login_form, 0, RT_PUBLIC | RT_PAGE_ONLY, f_login_form, "Sign-in page"},
    {"POST", "/login", h_login, 0, RT_PUBLIC | RT_NO_CSRF, f_login, "Sign in"},
    {"POST", "/logout", h_logout, R_ANY, 0, NULL, "Sign out"},
};
const struct route_module rm_session = ROUTE_MODULE(session_rows);

static const struct field f_me[] = {
    {"changed", FT_BOOL, 0, 0, 0, 0},
    {NULL},
};
static const struct field f_me_password[] = {
    {"current_password", FT_LINE, PASSWORD_MAX_LEN, 0, 0, FIELD_REQUIRED},
    {"new_password", FT_LINE, PASSWORD_MAX_LEN, 0, 0, FIELD_REQUIRED},
    {"confirm_password", FT_LINE, PASSWORD_MAX_LEN, 0, 0, 0},
    {NULL},
};
static const struct field f_me_email[] = {
    {"email", FT_LINE, EMAIL_MAX_LEN, 0, 0, 0},
    {NULL},
};
static const struct field f_me_language[] = {
    {"language", FT_TOKEN, 16, 0, 0, 0},
    {NULL},
};
const struct route me_rows[] = {
    {"GET", "/me", h_me, R_ANY, 0, f_me, "My account"},
    {"POST", "/me/email", h_me_email, R_ANY, 0, f_me_email, "Set my e-mail address"},
    {"POST", "/me/language", h_me_language, R_ANY, 0, f_me_language, "Choose my language"},
    {"POST", "/me/password", h_me_password, R_ANY, 0, f_me_password, "Change my password"},
};
const struct route_module rm_me = ROUTE_MODULE(me_rows);
