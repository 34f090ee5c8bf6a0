/* h_users.c - staff accounts: list, create, view, edit, reset password, unlock (admin; supervisors read). */
#include "handlers.h"

#include <string.h>

#include "account_rules.h"
#include "accounts.h"
#include "password_quality.h"
#include "secret.h"

static json_t *roles_model(int selected)
{
    json_t *list = json_array();
    for (int i = 0; i < ROLE__COUNT; i++) {
        json_t *it = json_object();
        jset_str(it, "value", role_name((enum role)i));
        jset_str(it, "label", role_label((enum role)i));
        jset_bool(it, "selected", i == selected);
        json_array_append_new(list, it);
    }
    return list;
}

int h_users_list(struct req *r)
{
    const char *role = req_str(r, "role"), *q = req_str(r, "q");
    if (role && role_parse(role) < 0)
        return reply_error(r, 400, "invalid", NULL, "Unknown role.", "role", NULL, NULL);
    int64_t page = view_page(r);
    struct user *users;
    int n;
    int64_t total;
    if (user_page(r->db, r->a, r->me.org_id, role, q, PAGE_SIZE, (page - 1) * PAGE_SIZE, &users,
                  &n, &total) != 0)
        return reply_error(r, 500, "store", NULL, "The staff list could not be read.", NULL, NULL,
                           NULL);
    if (req_audit_read(r, "user.list", "user", 0, NULL) != 0)
        return 0;
    json_t *m = json_object(), *list = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(list, view_user(&users[i]));
    jset(m, "users", list);
    jset_str(m, "title", "Staff");
    jset_str(m, "q", q);
    jset(m, "roles", roles_model(role ? role_parse(role) : -1));
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
    jset_str(m, "title", "Add a staff member");
    const char *role = req_str(r, "role");
    jset(m, "roles", roles_model(role ? role_parse(role) : ROLE_PEER));
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
    const char *username = req_str(r, "username"), *name = req_str(r, "display_name");
    const char *pw = req_str(r, "password");
    int role = role_parse(req_str(r, "role"));
    const char *why, *field = NULL;
    if ((why = check_username(username)))
        field = "username";
    else if ((why = check_display_name(name)))
        field = "display_name";
    else if (role < 0)
        why = "Choose a role.", field = "role";
    if (why)
        return reply_error(r, 400, "invalid", NULL, why, field, "user_new.mustache",
                           new_model(r));
    char because[256];
    if ((why = password_refusal(because, sizeof because, pw, username, r->me.org_slug,
                                r->me.org_name, (int)r->pol.v[POL_PASSWORD_MIN_LEN])))
        return reply_error(r, 422, "weak_password", NULL, why, "password", "user_new.mustache",
                           new_model(r));
    char hash[PW_HASH_LEN];
    if (password_hash(pw, hash) != 0)
        return reply_error(r, 500, "hash", NULL, "The password could not be stored.", NULL, NULL,
                           NULL);
    int64_t id = 0;
    if (db_begin(r->db) != DB_OK)
        goto store_error;
    int rc = user_create(r->db, r->me.org_id, username, name, role, hash, &id);
    if (rc == DB_CONSTRAINT) {
        db_rollback(r->db);
        return reply_error(r, 409, "username_taken", NULL,
                           "Another staff member already has this username.", "username",
                           "user_new.mustache", new_model(r));
    }
    if (rc != DB_OK || req_audit(r, "user.create", "user", id, role_name((enum role)role), "ok") ||
        db_commit(r->db) != DB_OK)
        goto store_error;
    struct user u;
    json_t *m = json_object();
    if (user_by_id(r->db, r->a, r->me.org_id, id, &u) == 1)
        jset(m, "user", view_user(&u));
    return reply_done(r, 201, arena_printf(r->a, "/users/%lld", (long long)id), m);
store_error:
    db_rollback(r->db);
    return reply_error(r, 500, "store", NULL, "The staff member could not be saved.", NULL, NULL,
                       NULL);
}

static json_t *show_model(struct req *r, const struct user *u)
{
    json_t *m = json_object();
    jset(m, "user", view_user(u));
    jset_str(m, "title", u->display_name);
    jset(m, "roles", roles_model(u->role));
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
        reply_error(r, 500, "store", NULL, "The staff member could not be read.", NULL, NULL, NULL);
    else if (rc == 0)
        reply_error(r, 404, "not_found", NULL, "There is no such staff member.", NULL, NULL, NULL);
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

int h_users_update(struct req *r)
{
    struct user u;
    if (load(r, &u) != 0)
        return 0;
    const char *name = req_str(r, "display_name");
    const char *role_s = req_str(r, "role");
    int64_t version = 0, disabled = u.disabled;
    int role = role_s ? role_parse(role_s) : u.role;
    req_int(r, "disabled", &disabled);
    if (!name)
        name = u.display_name;
    const char *why = check_display_name(name);
    if (why)
        return reply_error(r, 400, "invalid", NULL, why, "display_name", "user.mustache",
                           show_model(r, &u));
    if (role < 0)
        return reply_error(r, 400, "invalid", NULL, "Unknown role.", "role", "user.mustache",
                           show_model(r, &u));
    if (!req_int(r, "version", &version))
        version = u.version;
    /* An organization always keeps one active administrator, or nobody
     * could manage its staff again. */
    int stops_admin = u.role == ROLE_ADMIN && !u.disabled && (role != ROLE_ADMIN || disabled);
    if (stops_admin && user_admin_count(r->db, r->me.org_id) <= 1)
        return reply_error(r, 422, "last_admin", NULL,
                           "This is the last active administrator: add another before changing "
                           "this account.",
                           "role", "user.mustache", show_model(r, &u));
    if (db_begin(r->db) != DB_OK)
        goto store_error;
    int rc = user_update(r->db, r->me.org_id, u.id, version, name, role, (int)disabled);
    if (rc == DB_BUSY) {
        db_rollback(r->db);
        return reply_error(r, 409, "stale", NULL,
                           "Someone else changed this staff member meanwhile. Reload and try "
                           "again.",
                           "version", NULL, NULL);
    }
    if (rc != DB_OK)
        goto store_error;
    if (disabled && !u.disabled) {
        db_stmt *s = db_prep(r->db, Q_SESSION_DELETE_USER);
        if (!s)
            goto store_error;
        db_bind_int(s, 1, u.id);
        if (db_exec(s) != DB_OK)
            goto store_error;
        /* Disabling revokes the person's API tokens for good (HIPAA 164.312(a)(2)(i)): enabling
         * the account later must not bring an integration's access back unseen. */
        int64_t *ids;
        int n;
        if (user_revoke_tokens(r->db, r->a, r->me.org_id, u.id, &ids, &n) != 0)
            goto store_error;
        for (int i = 0; i < n; i++)
            if (req_audit(r, "token.revoke", "api_token", ids[i], "account disabled", "ok") != 0)
                goto store_error;
    }
    const char *what = arena_printf(r->a, "role=%s disabled=%lld", role_name((enum role)role),
                                    (long long)disabled);
    if (req_audit(r, "user.update", "user", u.id, what, "ok") != 0 || db_commit(r->db) != DB_OK)
        goto store_error;
    json_t *m = json_object();
    if (user_by_id(r->db, r->a, r->me.org_id, u.id, &u) == 1)
        jset(m, "user", view_user(&u));
    return reply_done(r, 200, arena_printf(r->a, "/users/%lld", (long long)u.id), m);
store_error:
    db_rollback(r->db);
    return reply_error(r, 500, "store", NULL, "The change could not be saved.", NULL, NULL, NULL);
}

int h_users_password(struct req *r)
{
    struct user u;
    if (load(r, &u) != 0)
        return 0;
    const char *pw = req_str(r, "password");
    char because[256];
    const char *why = password_refusal(because, sizeof because, pw, u.username, r->me.org_slug,
                                       r->me.org_name, (int)r->pol.v[POL_PASSWORD_MIN_LEN]);
    if (why)
        return reply_error(r, 422, "weak_password", NULL, why, "password", "user.mustache",
                           show_model(r, &u));
    char hash[PW_HASH_LEN];
    if (password_hash(pw, hash) != 0)
        return reply_error(r, 500, "hash", NULL, "The password could not be stored.", NULL, NULL,
                           NULL);
    db_stmt *s;
    if (db_begin(r->db) != DB_OK || user_set_password(r->db, r->me.org_id, u.id, hash) != DB_OK ||
        !(s = db_prep(r->db, Q_SESSION_DELETE_USER)))
        goto store_error;
    db_bind_int(s, 1, u.id);
    db_stmt *f = NULL;
    if (db_exec(s) != DB_OK || !(f = db_prep(r->db, Q_FAIL_CLEAR)))
        goto store_error;
    /* A reset is how a locked-out person gets back in: forget their failures. */
    db_bind_int(f, 1, r->me.org_id);
    db_bind_text(f, 2, u.username);
    if (db_exec(f) != DB_OK || req_audit(r, "user.password_reset", "user", u.id, NULL, "ok") ||
        db_commit(r->db) != DB_OK)
        goto store_error;
    sodium_memzero(hash, sizeof hash);
    json_t *m = json_object();
    jset_str(m, "message", "Password reset; the staff member's sessions were ended.");
    return reply_done(r, 200, arena_printf(r->a, "/users/%lld", (long long)u.id), m);
store_error:
    db_rollback(r->db);
    return reply_error(r, 500, "store", NULL, "The password could not be stored.", NULL, NULL,
                       NULL);
}

int h_users_unlock(struct req *r)
{
    struct user u;
    if (load(r, &u) != 0)
        return 0;
    db_stmt *s = db_begin(r->db) == DB_OK ? db_prep(r->db, Q_FAIL_CLEAR) : NULL;
    if (s) {
        db_bind_int(s, 1, r->me.org_id);
        db_bind_text(s, 2, u.username);
    }
    if (!s || db_exec(s) != DB_OK || req_audit(r, "user.unlock", "user", u.id, NULL, "ok") != 0 ||
        db_commit(r->db) != DB_OK) {
        db_rollback(r->db);
        return reply_error(r, 500, "store", NULL, "Could not unlock.", NULL, NULL, NULL);
    }
    json_t *m = json_object();
    jset_str(m, "message", "Unlocked.");
    return reply_done(r, 200, arena_printf(r->a, "/users/%lld", (long long)u.id), m);
}
