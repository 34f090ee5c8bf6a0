/* test_ops_users.c - the staff account, API token and settings operations called directly,
 * without HTTP, on SQLite and PostgreSQL: who may be added (username, role, password quality),
 * what disabling does to API tokens, password resets, and policy values within their ranges. */
#include "ops_fixture.h"

#include "auth.h"
#include "home_store.h"
#include "secret.h"

#include "ops_settings.h"
#include "ops_tokens.h"
#include "ops_users.h"
#include "password_quality.h"

/* A passphrase the quality check accepts. */
#define GOOD_PW "Lantern-Orbit-Quiet-7319"

static void test_admin_adds_a_staff_member(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "admin", &c);
    struct user_in in = {.username = "mnewton", .display_name = "Maya Newton", .role = "peer",
                         .password = GOOD_PW, .password_required = 1};
    assert_int_equal(op_user_create(&c, &in, &res), OP_OK);
    struct user u;
    assert_int_equal(user_by_id(f->d, f->a, f->org, res.id, &u), 1);
    assert_string_equal(u.username, "mnewton");
    assert_int_equal(u.role, ROLE_PEER);
}

static void test_a_bad_username_is_refused(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "admin", &c);
    struct user_in in = {.username = "Bad Name!", .display_name = "Bad", .role = "peer",
                         .password = GOOD_PW, .password_required = 1};
    assert_int_equal(op_user_create(&c, &in, &res), OP_INVALID);
    assert_string_equal(res.field, "username");
}

static void test_an_unknown_role_is_refused(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "admin", &c);
    struct user_in in = {.username = "rolecheck", .display_name = "Role Check",
                         .role = "wizard", .password = GOOD_PW, .password_required = 1};
    assert_int_equal(op_user_create(&c, &in, &res), OP_INVALID);
    assert_string_equal(res.field, "role");
}

static void test_a_weak_password_is_refused(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "admin", &c);
    const char *weak[] = {PASSWORD_DEMO, "Summer2026!!", "short", NULL};
    for (int i = 0; i < 4; i++) {
        struct user_in in = {.username = "weakpw", .display_name = "Weak Password",
                             .role = "peer", .password = weak[i], .password_required = 1};
        assert_int_equal(op_user_create(&c, &in, &res), OP_REFUSED);
        assert_string_equal(res.code, "weak_password");
        assert_string_equal(res.field, "password");
    }
    struct user u;
    assert_int_equal(user_by_name(f->d, f->a, f->org, "weakpw", &u), 0);
}

static void test_a_taken_username_is_refused(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "admin", &c);
    struct user_in in = {.username = "peer", .display_name = "Another Peer", .role = "peer",
                         .password = GOOD_PW, .password_required = 1};
    assert_int_equal(op_user_create(&c, &in, &res), OP_CONFLICT);
    assert_string_equal(res.code, "username_taken");
}

static void test_only_an_administrator_adds_staff(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "supervisor", &c);
    struct user_in in = {.username = "bysuper", .display_name = "By Supervisor",
                         .role = "peer", .password = GOOD_PW, .password_required = 1};
    assert_int_equal(op_user_create(&c, &in, &res), OP_FORBIDDEN);
}

static void test_disabling_an_account_revokes_its_api_tokens(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "admin", &c);
    struct user_in in = {.username = "tokenholder", .display_name = "Token Holder",
                         .role = "peer"};
    assert_int_equal(op_user_create(&c, &in, &res), OP_OK);
    int64_t uid = res.id;
    char token[TOKEN_LEN];
    struct token_in t = {.name = "integration", .username = "tokenholder"};
    assert_int_equal(op_token_create(&c, &t, token, &res), OP_OK);
    int64_t tid = res.id;
    struct user_update_in up = {.id = uid, .set_disabled = 1, .disabled = 1};
    assert_int_equal(op_user_update(&c, &up, &res), OP_OK);
    struct token_row *rows;
    int n, found = 0;
    assert_int_equal(token_list(f->d, f->a, f->org, &rows, &n), 0);
    for (int i = 0; i < n; i++)
        if (rows[i].id == tid) {
            found = 1;
            assert_true(rows[i].revoked_at > 0);
        }
    assert_true(found);
    /* A disabled account is not a token's user any more. */
    assert_int_equal(op_token_create(&c, &t, token, &res), OP_REFUSED);
    assert_string_equal(res.code, "unknown_user");
}

static void test_a_stale_version_changes_no_account(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "admin", &c);
    struct user u;
    assert_int_equal(user_by_name(f->d, f->a, f->org, "aokafor", &u), 1);
    struct user_update_in up = {.id = u.id, .display_name = "Changed Name", .set_version = 1,
                                .version = u.version - 1};
    assert_int_equal(op_user_update(&c, &up, &res), OP_CONFLICT);
    assert_string_equal(res.code, "stale");
    struct user after;
    assert_int_equal(user_by_id(f->d, f->a, f->org, u.id, &after), 1);
    assert_string_equal(after.display_name, u.display_name);
}

static void test_a_reset_with_a_weak_password_is_refused(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "admin", &c);
    struct user_password_in in = {.id = ofx_user(f, "aokafor"), .password = PASSWORD_DEMO};
    assert_int_equal(op_user_password_reset(&c, &in, &res), OP_REFUSED);
    assert_string_equal(res.code, "weak_password");
    in.password = GOOD_PW;
    assert_int_equal(op_user_password_reset(&c, &in, &res), OP_OK);
}

static void test_settings_out_of_range_are_refused(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "admin", &c);
    struct settings_in in = {0};
    in.set[POL_PASSWORD_MIN_LEN] = 1;
    in.v[POL_PASSWORD_MIN_LEN] = 1000000;
    struct policy next;
    assert_int_equal(op_settings_save(&c, &in, &next, &res), OP_REFUSED);
    assert_string_equal(res.code, "policy_range");
    assert_string_equal(res.field, "password_min_length");
    in.v[POL_PASSWORD_MIN_LEN] = policy_defs[POL_PASSWORD_MIN_LEN].min;
    assert_int_equal(op_settings_save(&c, &in, &next, &res), OP_OK);
    assert_int_equal(next.v[POL_PASSWORD_MIN_LEN], policy_defs[POL_PASSWORD_MIN_LEN].min);
}

static void test_the_last_administrator_keeps_the_admin_role(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    /* The demo organization has several administrators: this one has exactly one. */
    int64_t org, admin;
    char slug[32];
    snprintf(slug, sizeof slug, "solo-%d", (int)f->be);
    assert_int_equal(org_create(f->d, slug, "Solo Recovery", &org), DB_OK);
    assert_int_equal(user_create(f->d, org, "solo", "Solo Admin", ROLE_ADMIN, PW_UNUSABLE, &admin),
                     DB_OK);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "admin", &c);
    c.who.org_id = org;
    c.who.user_id = admin;
    c.who.username = "solo";
    c.who.display_name = "Solo Admin";
    struct user_update_in up = {.id = admin, .role = "supervisor"};
    assert_int_equal(op_user_update(&c, &up, &res), OP_REFUSED);
    assert_string_equal(res.code, "last_admin");
    assert_string_equal(res.field, "role");
    struct user_update_in off = {.id = admin, .set_disabled = 1, .disabled = 1};
    assert_int_equal(op_user_update(&c, &off, &res), OP_REFUSED);
    assert_string_equal(res.code, "last_admin");
    struct user u;
    assert_int_equal(user_by_id(f->d, f->a, org, admin, &u), 1);
    assert_int_equal(u.role, ROLE_ADMIN);
    assert_int_equal(u.disabled, 0);
    /* With a second administrator, one may step down. */
    struct user_in in = {.username = "second", .display_name = "Second Admin", .role = "admin"};
    assert_int_equal(op_user_create(&c, &in, &res), OP_OK);
    struct user_update_in down = {.id = res.id, .role = "supervisor"};
    assert_int_equal(op_user_update(&c, &down, &res), OP_OK);
    assert_int_equal(user_by_id(f->d, f->a, org, down.id, &u), 1);
    assert_int_equal(u.role, ROLE_SUPERVISOR);
}

static void test_only_an_administrator_changes_staff_accounts(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "supervisor", &c);
    struct user_update_in up = {.id = ofx_user(f, "peer"), .set_disabled = 1, .disabled = 1};
    assert_int_equal(op_user_update(&c, &up, &res), OP_FORBIDDEN);
    struct user_password_in pw = {.id = ofx_user(f, "peer"), .password = GOOD_PW};
    assert_int_equal(op_user_password_reset(&c, &pw, &res), OP_FORBIDDEN);
    assert_int_equal(op_user_unlock(&c, ofx_user(f, "peer"), &res), OP_FORBIDDEN);
    struct user u;
    assert_int_equal(user_by_name(f->d, f->a, f->org, "peer", &u), 1);
    assert_int_equal(u.disabled, 0);
}

static void test_a_token_for_an_unknown_user_is_refused(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "admin", &c);
    char token[TOKEN_LEN];
    struct token_in t = {.name = "lab feed", .username = "nosuchperson"};
    assert_int_equal(op_token_create(&c, &t, token, &res), OP_REFUSED);
    assert_string_equal(res.code, "unknown_user");
    assert_string_equal(res.field, "username");
    t.username = "casemanager";
    assert_int_equal(op_token_create(&c, &t, token, &res), OP_OK);
    int64_t tid = res.id;
    assert_true(tid > 0);
    /* Only an administrator issues or revokes tokens. */
    struct op_ctx sup;
    ofx_ctx(f, "supervisor", &sup);
    assert_int_equal(op_token_create(&sup, &t, token, &res), OP_FORBIDDEN);
    assert_int_equal(op_token_revoke(&sup, tid, &res), OP_FORBIDDEN);
    assert_int_equal(op_token_revoke(&c, tid, &res), OP_OK);
    /* A revoked token is not revoked twice. */
    assert_int_equal(op_token_revoke(&c, tid, &res), OP_NOT_FOUND);
    assert_int_equal(op_token_revoke(&c, 999999, &res), OP_NOT_FOUND);
}

static void test_own_password_change_needs_the_current_password(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "clinician", &c);
    int64_t before, after;
    assert_int_equal(audit_count_since(f->d, f->org, "password.change", 0, &before), 0);
    struct me_password_in in = {.current = "not-my-password", .password = GOOD_PW,
                                .confirm = GOOD_PW};
    assert_int_equal(op_me_password(&c, &in, &res), OP_REFUSED);
    assert_string_equal(res.code, "wrong_password");
    assert_string_equal(res.field, "current_password");
    /* The wrong guess is audited. */
    assert_int_equal(audit_count_since(f->d, f->org, "password.change", 0, &after), 0);
    assert_int_equal(after, before + 1);
    in.current = PASSWORD_DEMO;
    in.confirm = "Something-Else-4410";
    assert_int_equal(op_me_password(&c, &in, &res), OP_INVALID);
    assert_string_equal(res.field, "confirm_password");
    in.password = in.confirm = "short";
    assert_int_equal(op_me_password(&c, &in, &res), OP_REFUSED);
    assert_string_equal(res.code, "weak_password");
    assert_string_equal(res.field, "new_password");
    in.password = in.confirm = GOOD_PW;
    assert_int_equal(op_me_password(&c, &in, &res), OP_OK);
    struct user u;
    assert_int_equal(user_by_name(f->d, f->a, f->org, "clinician", &u), 1);
    assert_true(password_verify(u.pw_hash, GOOD_PW));
    assert_false(password_verify(u.pw_hash, PASSWORD_DEMO));
}

/* Whether username is among the accounts locked now. */
static int is_locked(struct ofx *f, const char *username)
{
    struct locked_row *rows;
    int n;
    int64_t since = (int64_t)time(NULL) - f->pol.v[POL_LOCKOUT_WINDOW_MIN] * 60;
    assert_int_equal(user_locked_list(f->d, f->a, f->org, since, f->pol.v[POL_LOCKOUT_FAILURES],
                                      50, &rows, &n),
                     0);
    for (int i = 0; i < n; i++)
        if (strcmp(rows[i].username, username) == 0)
            return 1;
    return 0;
}

static void test_unlock_lets_a_locked_out_person_back_in(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct principal p;
    char token[TOKEN_LEN], csrf[TOKEN_LEN];
    for (int64_t i = 0; i < f->pol.v[POL_LOCKOUT_FAILURES]; i++)
        login_attempt(f->d, f->a, "demo", "facilitator", "wrong-guess", "10.9.9.9",
                      (int64_t)time(NULL), &p, token, csrf);
    assert_true(is_locked(f, "facilitator"));
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "admin", &c);
    assert_int_equal(op_user_unlock(&c, 999999, &res), OP_NOT_FOUND);
    assert_true(is_locked(f, "facilitator"));
    assert_int_equal(op_user_unlock(&c, ofx_user(f, "facilitator"), &res), OP_OK);
    assert_false(is_locked(f, "facilitator"));
}

int main(void)
{
    ofx_name = "opsusers";
    const struct CMUnitTest tests[] = {
        OFX_TEST(test_admin_adds_a_staff_member),
        OFX_TEST(test_a_bad_username_is_refused),
        OFX_TEST(test_an_unknown_role_is_refused),
        OFX_TEST(test_a_weak_password_is_refused),
        OFX_TEST(test_a_taken_username_is_refused),
        OFX_TEST(test_only_an_administrator_adds_staff),
        OFX_TEST(test_disabling_an_account_revokes_its_api_tokens),
        OFX_TEST(test_a_stale_version_changes_no_account),
        OFX_TEST(test_a_reset_with_a_weak_password_is_refused),
        OFX_TEST(test_settings_out_of_range_are_refused),
        OFX_TEST(test_the_last_administrator_keeps_the_admin_role),
        OFX_TEST(test_only_an_administrator_changes_staff_accounts),
        OFX_TEST(test_a_token_for_an_unknown_user_is_refused),
        OFX_TEST(test_own_password_change_needs_the_current_password),
        OFX_TEST(test_unlock_lets_a_locked_out_person_back_in),
    };
    return cmocka_run_group_tests_name("ops: users", tests, ofx_group_setup, ofx_group_teardown);
}
