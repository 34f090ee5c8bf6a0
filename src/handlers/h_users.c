/* h_users.c - staff accounts: list, create, view, edit, reset password, unlock (admin; supervisors read). */
#include "handlers.h"

#include <stdio.h>
#include <string.h>

#include "account_rules.h"
#include "accounts.h"
#include "forms.h"
#include "msg.h"
#include "opreply.h"
#include "ops_users.h"
#include "validate.h"

/* The role's label in lang, from the catalog (users.role.NAME). */
static const char *role_text(const char *lang, int role)
{
    char id[48];
    snprintf(id, sizeof id, "users.role.%s", role_name((enum role)role));
    return msg(lang, id);
}

/* view_user with the role's label in the reader's language. */
static json_t *user_j(struct req *r, const struct user *u)
{
    json_t *j = view_user(u);
    jset_str(j, "role_label", role_text(req_lang(r), u->role));
    return j;
}

static json_t *roles_model(const char *lang, int selected)
{
    json_t *list = json_array();
    for (int i = 0; i < ROLE__COUNT; i++) {
        if (i == ROLE_PARTICIPANT) /* a participant's login comes with their enrolment */
            continue;
        json_t *it = json_object();
        jset_str(it, "value", role_name((enum role)i));
        jset_str(it, "label", role_text(lang, i));
        jset_bool(it, "selected", i == selected);
        json_array_append_new(list, it);
    }
    return list;
}

int h_users_list(struct req *r)
{
    const char *role = req_str(r, "role"), *q = req_str(r, "q");
    if (role && role_parse(role) < 0)
        return reply_error(r, 400, "invalid", NULL, msg(req_lang(r), "users.err_role"), "role",
                           NULL, NULL);
    int64_t page = view_page(r);
    struct user *users;
    int n;
    int64_t total;
    if (user_page(r->db, r->a, r->me.org_id, role, q, PAGE_SIZE, (page - 1) * PAGE_SIZE, &users,
                  &n, &total) != 0)
        return reply_error(r, 500, "store", NULL, msg(req_lang(r), "users.err_read"), NULL, NULL,
                           NULL);
    if (req_audit_read(r, "user.list", "user", 0, NULL) != 0)
        return 0;
    json_t *m = json_object(), *list = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(list, user_j(r, &users[i]));
    jset(m, "users", list);
    jset_str(m, "title", msg(req_lang(r), "users.title"));
    jset_str(m, "q", q);
    jset(m, "roles", roles_model(req_lang(r), role ? role_parse(role) : -1));
    jset_bool(m, "can_edit", r->me.role == ROLE_ADMIN);
    buf qs;
    buf_init(&qs);
    if (role) {
        buf_puts(&qs, "role=");
        url_arg(&qs, role, strlen(role));
        buf_putc(&qs, '&');
    }
    if (q) {
        buf_puts(&qs, "q=");
        url_arg(&qs, q, strlen(q));
        buf_putc(&qs, '&');
    }
    view_pager(m, page, total, qs.data ? qs.data : "");
    buf_free(&qs);
    return reply_page(r, 200, "users.mustache", m);
}

static json_t *new_model(struct req *r)
{
    json_t *m = json_object();
    jset_str(m, "title", msg(req_lang(r), "user_new.title"));
    /* The role chosen, when the form is shown again after a refusal (forms.h). */
    const char *role = form_value(r, "role") ? form_value(r, "role") : req_str(r, "role");
    jset(m, "roles", roles_model(req_lang(r), role ? role_parse(role) : ROLE_PEER));
    jset_str(m, "username", req_str(r, "username"));
    jset_str(m, "display_name", req_str(r, "display_name"));
    jset_int(m, "password_min", r->pol.v[POL_PASSWORD_MIN_LEN]);
    return m;
}

int h_users_new(struct req *r)
{
    return reply_page(r, 200, "user_new.mustache", new_model(r));
}

int h_users_create(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    const char *role = req_str(r, "role");
    struct user_in in = {
        .username = req_str(r, "username"),
        .display_name = req_str(r, "display_name"),
        /* The form offers the roles; any other value is not chosen from them. */
        .role = role && role_parse(role) >= 0 ? role : NULL,
        .password = req_str(r, "password"),
        .password_required = 1,
    };
    if (op_user_create(&c, &in, &res) != OP_OK)
        return reply_op_error(r, &res,
                              res.status == OP_STORE ? NULL : "user_new.mustache",
                              res.status == OP_STORE ? NULL : new_model(r));
    struct user u;
    json_t *m = json_object();
    if (user_by_id(r->db, r->a, r->me.org_id, res.id, &u) == 1)
        jset(m, "user", view_user(&u));
    return reply_done(r, 201, arena_printf(r->a, "/users/%lld", (long long)res.id), m);
}

static json_t *show_model(struct req *r, const struct user *u)
{
    json_t *m = json_object();
    jset(m, "user", user_j(r, u));
    jset_str(m, "title", u->display_name);
    const char *kept_role = form_value(r, "role");
    jset(m, "roles", roles_model(req_lang(r), kept_role && role_parse(kept_role) >= 0
                                                  ? role_parse(kept_role)
                                                  : u->role));
    jset_bool(m, "can_edit", r->me.role == ROLE_ADMIN);
    jset_bool(m, "is_self", u->id == r->me.user_id);
    jset_int(m, "password_min", r->pol.v[POL_PASSWORD_MIN_LEN]);
    return m;
}

/* Load the {id} user of this organization or answer 404 (another
 * organization's user is indistinguishable from a missing one). */
static int load(struct req *r, struct user *u)
{
    int rc = user_by_id(r->db, r->a, r->me.org_id, r->id, u);
    if (rc < 0)
        reply_error(r, 500, "store", NULL, msg(req_lang(r), "user.err_read"), NULL, NULL, NULL);
    else if (rc == 0)
        reply_error(r, 404, "not_found", NULL, msg(req_lang(r), "user.err_not_found"), NULL, NULL,
                    NULL);
    return rc == 1 ? 0 : -1;
}

int h_users_show(struct req *r)
{
    struct user u;
    if (load(r, &u) != 0)
        return 0;
    if (req_audit_read(r, "user.read", "user", u.id, NULL) != 0)
        return 0;
    return reply_page(r, 200, "user.mustache", show_model(r, &u));
}

/* Reply with a failed operation on the {id} user: a form error shows the staff member's
 * page again, anything else (not found, stale, store) the plain error. */
static int user_error(struct req *r, const struct op_result *res)
{
    struct user u;
    if ((res->status == OP_INVALID || res->status == OP_REFUSED) &&
        user_by_id(r->db, r->a, r->me.org_id, r->id, &u) == 1)
        return reply_op_error(r, res, "user.mustache", show_model(r, &u));
    return reply_op_error(r, res, NULL, NULL);
}

int h_users_update(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    struct user_update_in in = {
        .id = r->id,
        .display_name = req_str(r, "display_name"),
        .role = req_str(r, "role"),
    };
    in.set_disabled = req_int(r, "disabled", &in.disabled);
    in.set_version = req_int(r, "version", &in.version);
    /* Sent empty is "no address"; not sent at all keeps it (migration 016). */
    if (param_raw(r, "email")) {
        in.set_email = 1;
        in.email = req_str(r, "email");
    }
    if (op_user_update(&c, &in, &res) != OP_OK)
        return user_error(r, &res);
    struct user u;
    json_t *m = json_object();
    if (user_by_id(r->db, r->a, r->me.org_id, r->id, &u) == 1)
        jset(m, "user", view_user(&u));
    return reply_done(r, 200, arena_printf(r->a, "/users/%lld", (long long)r->id), m);
}

int h_users_password(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    struct user_password_in in = {.id = r->id, .password = req_str(r, "password")};
    if (op_user_password_reset(&c, &in, &res) != OP_OK)
        return user_error(r, &res);
    json_t *m = json_object();
    jset_str(m, "message", msg(req_lang(r), "user.password_reset_done"));
    return reply_done(r, 200, arena_printf(r->a, "/users/%lld", (long long)r->id), m);
}

int h_users_unlock(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    if (op_user_unlock(&c, r->id, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    json_t *m = json_object();
    jset_str(m, "message", msg(req_lang(r), "user.unlocked"));
    return reply_done(r, 200, arena_printf(r->a, "/users/%lld", (long long)r->id), m);
}

/* ---- routes ---- */

static const struct field f_users_list[] = {
    {"role", FT_TOKEN, 20, 0, 0, 0},
    {"q", FT_LINE, 64, 0, 0, 0},
    {"page", FT_INT, 0, 1, 100000, 0},
    {NULL},
};
static const struct field f_users_new[] = {
    {"username", FT_LINE, USERNAME_MAX_LEN, 0, 0, 0},
    {"display_name", FT_LINE, DISPLAY_NAME_MAX_BYTES, 0, 0, 0},
    {"role", FT_TOKEN, 20, 0, 0, 0},
    {NULL},
};
static const struct field f_users_create[] = {
    {"username", FT_LINE, USERNAME_MAX_LEN, 0, 0, FIELD_REQUIRED},
    {"display_name", FT_LINE, DISPLAY_NAME_MAX_BYTES, 0, 0, FIELD_REQUIRED},
    {"role", FT_TOKEN, 20, 0, 0, FIELD_REQUIRED},
    {"password", FT_LINE, PASSWORD_MAX_LEN, 0, 0, FIELD_REQUIRED},
    {NULL},
};
static const struct field f_users_update[] = {
    {"display_name", FT_LINE, DISPLAY_NAME_MAX_BYTES, 0, 0, 0},
    {"email", FT_LINE, EMAIL_MAX_LEN, 0, 0, 0},
    {"role", FT_TOKEN, 20, 0, 0, 0},
    {"disabled", FT_BOOL, 0, 0, 0, 0},
    {"version", FT_INT, 0, 1, INT64_MAX, 0},
    {NULL},
};
static const struct field f_users_password[] = {
    {"password", FT_LINE, PASSWORD_MAX_LEN, 0, 0, FIELD_REQUIRED},
    {NULL},
};
const struct route users_rows[] = {
    {"GET", "/users", h_users_list, STAFF_READERS, 0, f_users_list, "Staff list"},
    {"GET", "/users/new", h_users_new, ADMIN, RT_PAGE_ONLY, f_users_new, "New staff form"},
    {"POST", "/users", h_users_create, ADMIN, 0, f_users_create, "Add a staff member"},
    {"GET", "/users/{id}", h_users_show, STAFF_READERS, 0, NULL, "One staff member"},
    {"POST", "/users/{id}", h_users_update, ADMIN, 0, f_users_update, "Edit a staff member"},
    {"POST", "/users/{id}/password", h_users_password, ADMIN, 0, f_users_password,
     "Reset a staff member's password"},
    {"POST", "/users/{id}/unlock", h_users_unlock, ADMIN, 0, NULL, "Unlock after failed logins"},
};
const struct route_module rm_users = ROUTE_MODULE(users_rows);
