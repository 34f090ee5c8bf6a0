/* http_accounts_audit.c - issue 7 over real HTTP and the CLI: disabling an account revokes its
 * API tokens; new passwords pass a real strength check; each organization has its own audit
 * chain and sequence; every record read says its purpose and break-glass reads are marked;
 * the command line refuses options it does not know. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "harness.h"

static int64_t id_tokener, id_cli_tokener;

static int group_setup(void **state)
{
    th_env *e = th_env_start();
    if (!e)
        return -1;
    *state = e;
    id_tokener = th_add_user(e, TH_ALPHA, "tokener", ROLE_SUPERVISOR);
    id_cli_tokener = th_add_user(e, TH_ALPHA, "clitokener", ROLE_SUPERVISOR);
    return id_tokener > 0 && id_cli_tokener > 0 ? 0 : -1;
}

/* cmocka reports a failed group teardown but still exits 0: remember it. */
static int teardown_failed;

static int group_teardown(void **state)
{
    teardown_failed = th_env_stop(*state) != 0;
    return teardown_failed ? -1 : 0;
}

/* A signed-in session of username in org (password TH_PASSWORD); fails the test otherwise. */
static th_sess *signed_in(th_env *e, int org, const char *username)
{
    th_sess *s = th_sess_new(e);
    assert_non_null(s);
    if (th_login(s, e->org[org].slug, username, TH_PASSWORD) != 200)
        fail_msg("sign-in of %s/%s failed\n%s", e->org[org].slug, username, th_last(s));
    return s;
}

/* A new API token acting as username in alpha, issued by admin; its id in *id. */
static char *issue_token(th_sess *admin, const char *username, int64_t *id)
{
    th_post(admin, json_pack("{s:s, s:s}", "name", "integration", "username", username),
            "/api/v1/tokens");
    TH_ASSERT_STATUS(admin, 201);
    *id = th_jint(admin, "new_id");
    assert_true(*id > 0);
    char *tok = strdup(th_jstr(admin, "new_token"));
    assert_non_null(tok);
    return tok;
}

/* Run the CLI with text on its standard input; its exit status, output in *out (caller frees). */
static int cli_with_stdin(th_env *e, const char *input, char **out, const char *args)
{
    char log[400], cmd[2048];
    snprintf(log, sizeof log, "%s/cli-stdin.log", e->dir);
    /* Only test-made values go into the command: the binary, the database URL, fixed args. */
    snprintf(cmd, sizeof cmd, "'%s' --db '%s' %s >'%s' 2>&1", e->bin, e->db_url, args, log);
    FILE *p = popen(cmd, "w");
    assert_non_null(p);
    fputs(input, p);
    int st = pclose(p);
    FILE *f = fopen(log, "r");
    assert_non_null(f);
    char *text = calloc(1, 8192);
    size_t n = fread(text, 1, 8191, f);
    text[n] = '\0';
    fclose(f);
    *out = text;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* ---- item 7: disabling revokes the API tokens ---------------------------------------------- */

static void test_disabling_an_account_revokes_its_tokens_and_enabling_does_not_revive_them(
    void **state)
{
    th_env *e = *state;
    th_sess *admin = signed_in(e, TH_ALPHA, "admin");
    int64_t tok_id;
    char *tok = issue_token(admin, "tokener", &tok_id);
    th_sess *bearer = th_sess_new(e);
    th_set_bearer(bearer, tok);
    th_get(bearer, "/api/v1/me");
    TH_ASSERT_STATUS(bearer, 200);

    th_post(admin, json_pack("{s:b}", "disabled", 1), "/api/v1/users/%lld", (long long)id_tokener);
    TH_ASSERT_STATUS(admin, 200);
    th_get(bearer, "/api/v1/me");
    TH_ASSERT_ERROR(bearer, 401, "unauthenticated");

    /* The revocation is on the audit trail, naming the token and why. */
    th_get(admin, "/api/v1/audit?action=token.revoke&record_id=%lld", (long long)tok_id);
    TH_ASSERT_STATUS(admin, 200);
    TH_ASSERT_STR(th_jstr(admin, "rows.0.record_type"), "api_token");
    TH_ASSERT_STR(th_jstr(admin, "rows.0.reason"), "account disabled");
    TH_ASSERT_STR(th_jstr(admin, "rows.0.user"), "admin");

    /* Enabled again, the person signs in, but the token stays dead. */
    th_post(admin, json_pack("{s:b}", "disabled", 0), "/api/v1/users/%lld", (long long)id_tokener);
    TH_ASSERT_STATUS(admin, 200);
    th_sess *back = signed_in(e, TH_ALPHA, "tokener");
    th_get(bearer, "/api/v1/me");
    TH_ASSERT_ERROR(bearer, 401, "unauthenticated");
    th_get(admin, "/api/v1/tokens");
    TH_ASSERT_STATUS(admin, 200);
    json_t *list = json_object_get(th_json(admin), "tokens");
    size_t i;
    json_t *it;
    int seen = 0;
    json_array_foreach(list, i, it)
    {
        if (json_integer_value(json_object_get(it, "id")) != tok_id)
            continue;
        seen = 1;
        assert_false(json_is_null(json_object_get(it, "revoked")));
    }
    assert_true(seen);
    free(tok);
    th_sess_free(back);
    th_sess_free(bearer);
    th_sess_free(admin);
}

static void test_cli_user_disable_revokes_the_tokens_too(void **state)
{
    th_env *e = *state;
    th_sess *admin = signed_in(e, TH_ALPHA, "admin");
    int64_t tok_id;
    char *tok = issue_token(admin, "clitokener", &tok_id);
    char *out = NULL;
    int rc = th_cli(e, &out, "user", "disable", "--org", "alpha", "--username", "clitokener", NULL);
    if (rc != 0)
        fail_msg("user disable exited %d:\n%s", rc, out);
    free(out);
    rc = th_cli(e, &out, "user", "enable", "--org", "alpha", "--username", "clitokener", NULL);
    if (rc != 0)
        fail_msg("user enable exited %d:\n%s", rc, out);
    free(out);
    th_sess *bearer = th_sess_new(e);
    th_set_bearer(bearer, tok);
    th_get(bearer, "/api/v1/me");
    TH_ASSERT_ERROR(bearer, 401, "unauthenticated");
    th_get(admin, "/api/v1/audit?action=token.revoke&record_id=%lld", (long long)tok_id);
    TH_ASSERT_STR(th_jstr(admin, "rows.0.reason"), "account disabled");
    TH_ASSERT_STR(th_jstr(admin, "rows.0.client"), "cli");
    free(tok);
    th_sess_free(bearer);
    th_sess_free(admin);
}

/* ---- item 8: a real strength check on new passwords ---------------------------------------- */

/* POST a new staff member with this password; fails unless it is refused as weak, with a
 * message that names reason. */
static void assert_new_user_refused(th_sess *admin, const char *username, const char *pw,
                                    const char *reason)
{
    th_post(admin,
            json_pack("{s:s, s:s, s:s, s:s}", "username", username, "display_name", "New Person",
                      "role", "peer", "password", pw),
            "/api/v1/users");
    TH_ASSERT_ERROR(admin, 422, "weak_password");
    TH_ASSERT_STR(th_jstr(admin, "error.field"), "password");
    TH_ASSERT_CONTAINS(th_jstr(admin, "error.message"), reason);
    TH_ASSERT_LACKS(th_body(admin), pw);
}

static void test_weak_passwords_are_refused_with_a_message_naming_why(void **state)
{
    th_env *e = *state;
    th_sess *admin = signed_in(e, TH_ALPHA, "admin");
    assert_new_user_refused(admin, "newbie1", "Summer2026!!", "common word");
    assert_new_user_refused(admin, "newbie1", "Qwerty123456!", "too easy to guess");
    assert_new_user_refused(admin, "newbie1", "Recovery-Demo-2026", "published demo password");
    /* The organization's id and name ("Alpha Recovery Network"), and the username. */
    assert_new_user_refused(admin, "newbie1", "Network-7#vQ2-Lamp", "organization's name or id");
    assert_new_user_refused(admin, "newbie1", "Zq8-alpha-Lamp-4", "organization's name or id");
    assert_new_user_refused(admin, "lantern", "Xq-lantern-Q7#vR2!", "username");
    /* A strong one is taken. */
    th_post(admin,
            json_pack("{s:s, s:s, s:s, s:s}", "username", "newbie1", "display_name", "New Person",
                      "role", "peer", "password", "Blue harbor kettle 42"),
            "/api/v1/users");
    TH_ASSERT_STATUS(admin, 201);
    /* An administrator's reset and the person's own change are checked the same way. */
    int64_t id = th_jint(admin, "user.id");
    th_post(admin, json_pack("{s:s}", "password", "Summer2026!!"), "/api/v1/users/%lld/password",
            (long long)id);
    TH_ASSERT_ERROR(admin, 422, "weak_password");
    th_sess *me = th_sess_new(e);
    assert_int_equal(th_login(me, "alpha", "newbie1", "Blue harbor kettle 42"), 200);
    th_post(me,
            json_pack("{s:s, s:s}", "current_password", "Blue harbor kettle 42", "new_password",
                      "Recovery-Demo-2026"),
            "/api/v1/me/password");
    TH_ASSERT_ERROR(me, 422, "weak_password");
    th_sess_free(me);
    th_sess_free(admin);
}

static void test_cli_user_add_refuses_the_demo_password(void **state)
{
    th_env *e = *state;
    char *out = NULL;
    int rc = cli_with_stdin(e, "Recovery-Demo-2026\n", &out,
                            "user add --org beta --username clinew --role peer --password-stdin");
    if (rc != 2 || !strstr(out, "published demo password"))
        fail_msg("user add with the demo password exited %d:\n%s", rc, out);
    free(out);
    rc = cli_with_stdin(e, "Qwerty123456!\n", &out,
                        "user add --org beta --username clinew --role peer --password-stdin");
    if (rc != 2 || !strstr(out, "too easy to guess"))
        fail_msg("user add with Qwerty123456! exited %d:\n%s", rc, out);
    free(out);
    rc = cli_with_stdin(e, "Blue harbor kettle 42\n", &out,
                        "user add --org beta --username clinew --role peer --password-stdin");
    if (rc != 0)
        fail_msg("user add with a strong password exited %d:\n%s", rc, out);
    free(out);
}

/* ---- item 25: unknown options are refused --------------------------------------------------- */

static void test_serve_with_a_misspelt_option_exits_with_the_usage_line(void **state)
{
    th_env *e = *state;
    char *out = NULL;
    /* An address nothing can listen on: before, the typo was ignored and serve failed later
     * (or listened on 8080). */
    int rc = th_cli(e, &out, "serve", "--lisen", "127.0.0.1:1", "--listen", "256.0.0.1:1", NULL);
    if (rc != 2 || !strstr(out, "unknown option '--lisen'") || !strstr(out, "usage: peerdesk"))
        fail_msg("serve --lisen exited %d:\n%s", rc, out);
    free(out);
    rc = th_cli(e, &out, "verify-audit", "--everything", NULL);
    if (rc != 2 || !strstr(out, "unknown option '--everything'"))
        fail_msg("verify-audit --everything exited %d:\n%s", rc, out);
    free(out);
    rc = th_cli(e, &out, "user", "disable", "--org", "alpha", "--user", "peer", NULL);
    if (rc != 2 || !strstr(out, "unknown option '--user'"))
        fail_msg("user disable --user exited %d:\n%s", rc, out);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(
            test_disabling_an_account_revokes_its_tokens_and_enabling_does_not_revive_them),
        cmocka_unit_test(test_cli_user_disable_revokes_the_tokens_too),
        cmocka_unit_test(test_weak_passwords_are_refused_with_a_message_naming_why),
        cmocka_unit_test(test_cli_user_add_refuses_the_demo_password),
        cmocka_unit_test(test_serve_with_a_misspelt_option_exits_with_the_usage_line),
    };
    int failed =
        cmocka_run_group_tests_name("http_accounts_audit", tests, group_setup, group_teardown);
    return failed || teardown_failed ? 1 : 0;
}
