/* test_ops_users.c - the staff account, API token and settings operations called directly,
 * without HTTP, on SQLite and PostgreSQL: who may be added (username, role, password quality),
 * what disabling does to API tokens, password resets, and policy values within their ranges. */
#include "ops_fixture.h"

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
    };
    return cmocka_run_group_tests_name("ops: users", tests, ofx_group_setup, ofx_group_teardown);
}
