/* ops_users.c - staff account operations (ops_users.h). */
#include "ops_users.h"

#include "account_rules.h"
#include "accounts.h"
#include "msg.h"
#include "monitor_store.h"
#include "password_quality.h"
#include "secret.h"
#include "workforce_status.h"

#include <string.h>

/* Begin the transaction; on failure res says failed (what could not be done). */
static enum op_status begin(struct op_ctx *c, struct op_result *res, const char *failed)
{
    if (op_begin(c, res) != OP_OK)
        return op_store(res, failed);
    return OP_OK;
}

/* op_end, with failed as the message of a failed commit. */
static enum op_status finish(struct op_ctx *c, struct op_result *res, const char *failed)
{
    if (op_end(c, res) == OP_STORE && !res->message)
        res->message = failed;
    return res->status;
}

/* Why pw may not be username's new password in the actor's organization (password_refusal:
 * the policy length, the username, the demo password, the dictionary, the organization's
 * words), or NULL. why holds 256 bytes. */
static const char *weak(struct op_ctx *c, const char *pw, const char *username, char *why)
{
    const char *slug = c->who.org_slug, *name = c->who.org_name;
    struct org o;
    if ((!slug || !name) && org_by_id(c->db, c->a, c->who.org_id, &o) == 1)
        slug = o.slug, name = o.name;
    return password_refusal_lang(c->lang, why, 256, pw, username, slug, name,
                                 (int)c->pol->v[POL_PASSWORD_MIN_LEN]);
}

/* The person's stored workforce row (workforce_status.h), in the operation's transaction: a
 * new peer appears on the dashboard, a new name, role or a disabled account shows at once
 * (WF-1). 0 or -1. */
static int status_refresh(struct op_ctx *c, int64_t id)
{
    return wf_status_refresh(c->db, c->a, c->who.org_id, id, c->today, c->pol);
}

/* The {id} user of the actor's organization into *u, or the failure in res. */
static enum op_status load(struct op_ctx *c, int64_t id, struct user *u, struct op_result *res)
{
    int rc = user_by_id(c->db, c->a, c->who.org_id, id, u);
    if (rc < 0)
        return op_store(res, msg(c->lang, "user.err_read"));
    if (rc == 0)
        return op_not_found(res, msg(c->lang, "user.err_not_found"));
    return op_ok(res, id, u->version);
}

enum op_status op_user_check(struct op_ctx *c, const struct user_in *in, struct op_result *res)
{
    if (c->who.role != ROLE_ADMIN)
        return op_forbidden(res, NULL, msg(c->lang, "users.err.admin_adds"));
    const char *why;
    if ((why = check_username_lang(in->username, c->lang)))
        return op_invalid(res, "username", why);
    if ((why = check_display_name_lang(in->display_name, c->lang)))
        return op_invalid(res, "display_name", why);
    if (!in->role || role_parse(in->role) < 0)
        return op_invalid(res, "role",
                          in->role ? msg(c->lang, "users.err.role_unknown")
                                   : msg(c->lang, "users.err.role_missing"));
    if (role_parse(in->role) == ROLE_PARTICIPANT) /* made with the enrolment, linked (GR-8) */
        return op_invalid(res, "role", msg(c->lang, "users.err.role_participant"));
    if (in->password || in->password_required) {
        char *because = arena_alloc(c->a, 256);
        if ((why = weak(c, in->password, in->username, because)))
            return op_fail(res, OP_REFUSED, "weak_password", NULL, "password", why);
    }
    return op_ok(res, 0, 0);
}

enum op_status op_user_create(struct op_ctx *c, const struct user_in *in, struct op_result *res)
{
    if (op_user_check(c, in, res) != OP_OK)
        return res->status;
    char hash[PW_HASH_LEN] = PW_UNUSABLE;
    if (in->password && password_hash(in->password, hash) != 0)
        return op_fail(res, OP_STORE, "hash", NULL, NULL, msg(c->lang, "users.err.password_store"));
    const char *failed = msg(c->lang, "users.err.store");
    if (begin(c, res, failed) != OP_OK)
        goto out;
    int role = role_parse(in->role);
    int64_t id = 0;
    int rc = user_create(c->db, c->who.org_id, in->username, in->display_name, role, hash, &id);
    if (rc == DB_CONSTRAINT)
        op_fail(res, OP_CONFLICT, "username_taken", NULL, "username",
                msg(c->lang, "users.err.username_taken"));
    else if (rc != DB_OK || status_refresh(c, id) != 0 ||
             op_audit(c, "user.create", "user", id, role_name((enum role)role), "ok") != 0)
        op_store(res, failed);
    else
        op_ok(res, id, 1);
    finish(c, res, failed);
out:
    sodium_memzero(hash, sizeof hash);
    return res->status;
}

enum op_status op_user_update(struct op_ctx *c, const struct user_update_in *in,
                              struct op_result *res)
{
    if (c->who.role != ROLE_ADMIN)
        return op_forbidden(res, NULL, msg(c->lang, "users.err.admin_changes"));
    struct user u;
    if (load(c, in->id, &u, res) != OP_OK)
        return res->status;
    const char *name = in->display_name ? in->display_name : u.display_name;
    int role = in->role ? role_parse(in->role) : u.role;
    int64_t disabled = in->set_disabled ? in->disabled : u.disabled;
    int64_t version = in->set_version ? in->version : u.version;
    const char *why = check_display_name_lang(name, c->lang);
    if (why)
        return op_invalid(res, "display_name", why);
    if (role < 0)
        return op_invalid(res, "role", msg(c->lang, "users.err_role"));
    /* A participant's login stays one; nobody becomes one but through their enrolment. */
    if ((role == ROLE_PARTICIPANT) != (u.role == ROLE_PARTICIPANT))
        return op_invalid(res, "role", msg(c->lang, "users.err.role_participant"));
    const char *email = u.email;
    if (in->set_email) {
        email = in->email && *in->email ? in->email : NULL;
        if (email && (why = check_email_lang(email, c->lang)))
            return op_invalid(res, "email", why);
    }
    int email_changed = (!email != !u.email) || (email && strcmp(email, u.email) != 0);
    const char *failed = msg(c->lang, "users.err.change_store");
    if (begin(c, res, failed) != OP_OK)
        return res->status;
    /* An organization always keeps one active administrator, or nobody could manage its
     * staff again. */
    int stops_admin = u.role == ROLE_ADMIN && !u.disabled && (role != ROLE_ADMIN || disabled);
    int64_t admins = stops_admin ? user_admin_count(c->db, c->who.org_id) : 2;
    if (admins < 0) {
        op_store(res, failed);
        goto done;
    }
    if (admins <= 1) {
        op_fail(res, OP_REFUSED, "last_admin", NULL, "role",
                msg(c->lang, "users.err.last_admin"));
        goto done;
    }
    int rc = user_update(c->db, c->who.org_id, u.id, version, name, role, (int)disabled, email);
    if (rc == DB_BUSY) {
        op_fail(res, OP_CONFLICT, "stale", NULL, "version",
                msg(c->lang, "users.err.stale"));
        goto done;
    }
    if (rc != DB_OK) {
        op_store(res, failed);
        goto done;
    }
    if (disabled && !u.disabled) {
        /* Disabling revokes the person's API tokens for good (HIPAA 164.312(a)(2)(i)):
         * enabling the account later must not bring an integration's access back unseen. */
        int64_t *ids;
        int n;
        if (user_sessions_end(c->db, u.id) != DB_OK ||
            user_revoke_tokens(c->db, c->a, c->who.org_id, u.id, &ids, &n) != 0) {
            op_store(res, failed);
            goto done;
        }
        for (int i = 0; i < n; i++)
            if (op_audit(c, "token.revoke", "api_token", ids[i], "account disabled", "ok") != 0) {
                op_store(res, failed);
                goto done;
            }
    }
    const char *what = arena_printf(c->a, "role=%s disabled=%lld%s", role_name((enum role)role),
                                    (long long)disabled, email_changed ? " email=changed" : "");
    if (status_refresh(c, u.id) != 0 || op_audit(c, "user.update", "user", u.id, what, "ok") != 0)
        op_store(res, failed);
    else
        op_ok(res, u.id, version + 1);
done:
    return finish(c, res, failed);
}

enum op_status op_user_password_reset(struct op_ctx *c, const struct user_password_in *in,
                                      struct op_result *res)
{
    if (c->who.role != ROLE_ADMIN)
        return op_forbidden(res, NULL, msg(c->lang, "users.err.admin_resets"));
    struct user u;
    if (load(c, in->id, &u, res) != OP_OK)
        return res->status;
    char *because = arena_alloc(c->a, 256);
    const char *why = weak(c, in->password, u.username, because);
    if (why)
        return op_fail(res, OP_REFUSED, "weak_password", NULL, "password", why);
    const char *failed = msg(c->lang, "users.err.password_store");
    char hash[PW_HASH_LEN];
    if (password_hash(in->password, hash) != 0)
        return op_fail(res, OP_STORE, "hash", NULL, NULL, failed);
    if (begin(c, res, failed) != OP_OK)
        goto out;
    /* A reset is how a locked-out person gets back in: forget their failures. */
    if (user_set_password(c->db, c->who.org_id, u.id, hash) != DB_OK ||
        user_sessions_end(c->db, u.id) != DB_OK ||
        user_failures_clear(c->db, c->who.org_id, u.username) != DB_OK ||
        op_audit(c, "user.password_reset", "user", u.id, NULL, "ok") != 0)
        op_store(res, failed);
    else
        op_ok(res, u.id, 0);
    finish(c, res, failed);
out:
    sodium_memzero(hash, sizeof hash);
    return res->status;
}

enum op_status op_user_unlock(struct op_ctx *c, int64_t id, struct op_result *res)
{
    if (c->who.role != ROLE_ADMIN)
        return op_forbidden(res, NULL, msg(c->lang, "users.err.admin_unlocks"));
    struct user u;
    if (load(c, id, &u, res) != OP_OK)
        return res->status;
    const char *failed = msg(c->lang, "users.err.unlock_store");
    if (begin(c, res, failed) != OP_OK)
        return res->status;
    if (user_failures_clear(c->db, c->who.org_id, u.username) != DB_OK ||
        op_audit(c, "user.unlock", "user", u.id, NULL, "ok") != 0)
        op_store(res, failed);
    else
        op_ok(res, u.id, 0);
    return finish(c, res, failed);
}

enum op_status op_me_password(struct op_ctx *c, const struct me_password_in *in,
                              struct op_result *res)
{
    struct user u;
    if (user_by_id(c->db, c->a, c->who.org_id, c->who.user_id, &u) != 1)
        return op_store(res, msg(c->lang, "users.err.me_read"));
    if (!password_verify(u.pw_hash, in->current)) {
        op_fail(res, OP_REFUSED, "wrong_password", NULL, "current_password",
                msg(c->lang, "users.err.wrong_password"));
        op_audit(c, "password.change", "user", u.id, "current password wrong", "failed");
        return res->status;
    }
    if (in->confirm && strcmp(in->confirm, in->password) != 0)
        return op_fail(res, OP_INVALID, "mismatch", NULL, "confirm_password",
                       msg(c->lang, "users.err.mismatch"));
    char *because = arena_alloc(c->a, 256);
    const char *why = weak(c, in->password, u.username, because);
    if (why)
        return op_fail(res, OP_REFUSED, "weak_password", NULL, "new_password", why);
    const char *failed = msg(c->lang, "users.err.password_store");
    char hash[PW_HASH_LEN];
    if (password_hash(in->password, hash) != 0)
        return op_fail(res, OP_STORE, "hash", NULL, NULL, failed);
    if (begin(c, res, failed) != OP_OK)
        goto out;
    if (user_set_password(c->db, c->who.org_id, u.id, hash) != DB_OK ||
        user_sessions_end_others(c->db, u.id, in->keep_session) != DB_OK ||
        op_audit(c, "password.change", "user", u.id, NULL, "ok") != 0)
        op_store(res, failed);
    else
        op_ok(res, u.id, 0);
    finish(c, res, failed);
out:
    sodium_memzero(hash, sizeof hash);
    return res->status;
}

enum op_status op_me_email(struct op_ctx *c, const char *email, struct op_result *res)
{
    const char *fail = msg(c->lang, "users.err.email_store"), *why;
    if (email && !*email)
        email = NULL;
    if (email && (why = check_email_lang(email, c->lang)))
        return op_invalid(res, "email", why);
    if (op_begin(c, res) != OP_OK)
        return op_store(res, fail);
    struct user u;
    int rc = user_by_id(c->db, c->a, c->who.org_id, c->who.user_id, &u);
    int same = rc == 1 && ((!u.email && !email) || (u.email && email && !strcmp(u.email, email)));
    if (rc != 1 ||
        (!same && (user_set_email(c->db, c->who.org_id, c->who.user_id, email) != 1 ||
                   op_audit(c, "user.email", "user", c->who.user_id,
                            email ? "email=set" : "email=none", "ok") != 0)))
        op_store(res, fail);
    else
        op_ok(res, c->who.user_id, 0);
    if (op_end(c, res) == OP_STORE)
        res->message = fail;
    return res->status;
}

/* 1 when code is one of the catalog's languages. */
static int catalog_has(const char *code)
{
    for (size_t i = 0; i < msg_lang_count(); i++)
        if (strcmp(msg_lang_code(i), code) == 0)
            return 1;
    return 0;
}

enum op_status op_me_language(struct op_ctx *c, const char *code, struct op_result *res)
{
    const char *fail = msg(c->lang, "users.err.language_store");
    if (code && !catalog_has(code))
        return op_invalid(res, "language", msg(c->lang, "users.err.language"));
    if (op_begin(c, res) != OP_OK)
        return op_store(res, fail);
    const char *cur = NULL;
    int rc = user_language(c->db, c->a, c->who.org_id, c->who.user_id, &cur);
    int same = rc == 1 && ((!cur && !code) || (cur && code && strcmp(cur, code) == 0));
    if (rc != 1 ||
        (!same && (user_set_language(c->db, c->who.org_id, c->who.user_id, code) != DB_OK ||
                   op_audit(c, "user.language", "user", c->who.user_id,
                            arena_printf(c->a, "language=%s", code ? code : "browser"),
                            "ok") != 0)))
        op_store(res, fail);
    else
        op_ok(res, c->who.user_id, 0);
    if (op_end(c, res) == OP_STORE)
        res->message = fail;
    return res->status;
}

/* A participant's own login (GR-8), made inside the enrolment's transaction and linked to
 * their record: the caller has begun the transaction and checked that the actor enrols. */
enum op_status op_user_create_participant(struct op_ctx *c, const char *username,
                                          const char *display_name, const char *password,
                                          int64_t recoveree_id, struct op_result *res)
{
    const char *why;
    if ((why = check_username_lang(username, c->lang)))
        return op_invalid(res, "username", why);
    if ((why = check_display_name_lang(display_name, c->lang)))
        return op_invalid(res, "display_name", why);
    char *because = arena_alloc(c->a, 256);
    if ((why = weak(c, password, username, because)))
        return op_fail(res, OP_REFUSED, "weak_password", NULL, "password", why);
    char hash[PW_HASH_LEN];
    if (password_hash(password, hash) != 0)
        return op_fail(res, OP_STORE, "hash", NULL, NULL, msg(c->lang, "users.err.password_store"));
    int64_t id = 0;
    int rc = user_create(c->db, c->who.org_id, username, display_name, ROLE_PARTICIPANT, hash, &id);
    sodium_memzero(hash, sizeof hash);
    if (rc == DB_CONSTRAINT)
        return op_fail(res, OP_CONFLICT, "username_taken", NULL, "username",
                       msg(c->lang, "users.err.username_taken"));
    if (rc != DB_OK || mon_user_link(c->db, c->who.org_id, id, recoveree_id) != 1 ||
        op_audit(c, "user.create", "user", id, "participant", "ok") != 0)
        return op_store(res, msg(c->lang, "users.err.store"));
    return op_ok(res, id, 1);
}
