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

#include "civil.h"
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

/* ---- item 9: one audit chain and sequence per organization --------------------------------- */

/* beta's audit rows (page 1, newest first) as its auditor sees them: a new reference. */
static json_t *beta_rows(th_env *e)
{
    th_sess *aud = signed_in(e, TH_BETA, "auditor");
    th_get(aud, "/api/v1/audit");
    TH_ASSERT_STATUS(aud, 200);
    json_t *rows = json_incref(json_object_get(th_json(aud), "rows"));
    th_sess_free(aud);
    return rows;
}

static void test_each_organizations_audit_sequence_starts_at_1_without_gaps(void **state)
{
    th_env *e = *state;
    /* Activity in alpha between beta's events. */
    th_sess *a = signed_in(e, TH_ALPHA, "admin");
    for (int i = 0; i < 5; i++)
        th_get(a, "/api/v1/users");
    json_t *rows = beta_rows(e);
    th_sess *b = signed_in(e, TH_BETA, "admin");
    th_get(b, "/api/v1/users");
    th_get(a, "/api/v1/users");
    json_decref(rows);
    rows = beta_rows(e);
    size_t n = json_array_size(rows);
    assert_true(n >= 4 && n < 50); /* beta is quiet: one page holds its whole trail */
    for (size_t i = 0; i < n; i++) {
        json_int_t seq = json_integer_value(json_object_get(json_array_get(rows, i), "seq"));
        if (seq != (json_int_t)(n - i))
            fail_msg("beta's row %zu (newest first) is number %lld, expected %zu: another "
                     "organization's activity shows as a gap",
                     i, (long long)seq, n - i);
    }
    json_decref(rows);
    th_sess_free(b);
    th_sess_free(a);
}

static void test_audit_verify_walks_only_the_callers_organization_and_the_cli_walks_all(
    void **state)
{
    th_env *e = *state;
    th_sess *aud_b = signed_in(e, TH_BETA, "auditor");
    th_sess *aud_a = signed_in(e, TH_ALPHA, "auditor");
    th_get(aud_b, "/api/v1/audit?action=login.success");
    int64_t beta_rows_now = th_jint(aud_b, "rows.0.seq");
    th_get(aud_b, "/api/v1/audit/verify");
    TH_ASSERT_STATUS(aud_b, 200);
    assert_true(json_is_true(json_object_get(th_json(aud_b), "intact")));
    /* beta's own rows only: about as many as its own numbering, not the server's. */
    int64_t walked = th_jint(aud_b, "rows");
    assert_true(walked >= beta_rows_now && walked <= beta_rows_now + 2);

    char *out = NULL;
    int rc = th_cli(e, &out, "verify-audit", NULL);
    if (rc != 0 || !strstr(out, "organization alpha (") || !strstr(out, "organization beta (") ||
        !strstr(out, "every chain intact"))
        fail_msg("verify-audit exited %d:\n%s", rc, out);
    free(out);

    /* Tamper with one of alpha's rows: alpha's check fails, beta's does not notice. */
    long long alpha = (long long)e->org[TH_ALPHA].id;
    if (e->is_pg)
        assert_int_equal(th_sql(e, "ALTER TABLE audit DISABLE TRIGGER audit_no_change"), 0);
    assert_int_equal(th_sql(e, "UPDATE audit SET client = '10.6.6.6' WHERE org_id = %lld AND "
                               "chain_seq = 2", alpha),
                     0);
    th_get(aud_a, "/api/v1/audit/verify");
    assert_true(json_is_false(json_object_get(th_json(aud_a), "intact")));
    assert_int_equal(th_jint(aud_a, "first_bad_row"), 2);
    th_get(aud_b, "/api/v1/audit/verify");
    assert_true(json_is_true(json_object_get(th_json(aud_b), "intact")));
    rc = th_cli(e, &out, "verify-audit", NULL);
    if (rc != 1 || !strstr(out, "AUDIT TRAIL BROKEN: organization alpha") ||
        !strstr(out, "audit row 2 was edited"))
        fail_msg("verify-audit after editing alpha's row 2 exited %d:\n%s", rc, out);
    free(out);
    assert_int_equal(th_sql(e, "UPDATE audit SET client = '127.0.0.1' WHERE org_id = %lld AND "
                               "chain_seq = 2", alpha),
                     0);
    if (e->is_pg)
        assert_int_equal(th_sql(e, "ALTER TABLE audit ENABLE TRIGGER audit_no_change"), 0);
    rc = th_cli(e, &out, "verify-audit", NULL);
    if (rc != 0)
        fail_msg("verify-audit after restoring exited %d:\n%s", rc, out);
    free(out);
    th_sess_free(aud_a);
    th_sess_free(aud_b);
}

/* ---- item 15: the purpose of every record read; break-glass reads marked ------------------ */

static const char *day(int offset)
{
    static char ring[8][11];
    static int k;
    char *s = ring[k++ % 8];
    civil_format(th_today() + offset, s);
    return s;
}

/* A Level 2 peer supervised by the fixture supervisor, who may have a caseload. */
static int64_t caseload_peer(th_env *e, th_sess *admin, const char *username)
{
    int64_t id = th_add_user(e, TH_ALPHA, username, ROLE_PEER);
    assert_true(id > 0);
    th_post(admin, json_pack("{s:i,s:s}", "level", 2, "hire_date", day(-60)),
            "/api/v1/workforce/%lld/profile", (long long)id);
    TH_ASSERT_STATUS(admin, 200);
    th_post(admin, json_pack("{s:s,s:s,s:s,s:s}", "kind", "ethics_ccar", "title", "Training",
                             "hours", "18", "date", day(-50)),
            "/api/v1/workforce/%lld/trainings", (long long)id);
    TH_ASSERT_STATUS(admin, 201);
    th_post(admin,
            json_pack("{s:I,s:s}", "supervisor_id",
                      (json_int_t)e->org[TH_ALPHA].user_id[ROLE_SUPERVISOR], "start_date",
                      day(-60)),
            "/api/v1/workforce/%lld/supervisors", (long long)id);
    TH_ASSERT_STATUS(admin, 201);
    return id;
}

/* The newest recoveree.read row of the recoveree by username (alpha's admin looks). */
static json_t *last_read(th_sess *admin, int64_t rec, const char *username)
{
    th_get(admin, "/api/v1/audit?action=recoveree.read&record_id=%lld&user=%s", (long long)rec,
           username);
    TH_ASSERT_STATUS(admin, 200);
    json_t *row = json_array_get(json_object_get(th_json(admin), "rows"), 0);
    if (!row)
        fail_msg("no recoveree.read of %lld by %s\n%s", (long long)rec, username, th_last(admin));
    return row;
}

static void test_every_record_read_has_a_purpose_and_break_glass_reads_are_emergency_and_marked(
    void **state)
{
    th_env *e = *state;
    th_sess *admin = signed_in(e, TH_ALPHA, "admin");
    caseload_peer(e, admin, "ownpeer");
    int64_t own = 0;
    th_get(admin, "/api/v1/users?q=ownpeer");
    own = th_jint(admin, "users.0.id");
    assert_true(own > 0);
    caseload_peer(e, admin, "otherpeer");
    th_post(admin,
            json_pack("{s:s,s:s,s:s,s:s}", "first_name", "Casey", "last_name", "Purpose", "dob",
                      "1985-05-05", "language", "English"),
            "/api/v1/recoverees");
    TH_ASSERT_STATUS(admin, 201);
    int64_t rec = th_jint(admin, "id");
    th_post(admin, json_pack("{s:I}", "peer_id", (json_int_t)own), "/api/v1/recoverees/%lld/assign",
            (long long)rec);
    TH_ASSERT_STATUS(admin, 201);

    /* The recoveree's own peer reads for treatment. */
    th_sess *p = signed_in(e, TH_ALPHA, "ownpeer");
    th_get(p, "/api/v1/recoverees/%lld", (long long)rec);
    TH_ASSERT_STATUS(p, 200);
    json_t *row = last_read(admin, rec, "ownpeer");
    TH_ASSERT_STR(json_string_value(json_object_get(row, "purpose")), "treatment");
    assert_true(json_is_false(json_object_get(row, "break_glass")));

    /* Another peer reads it under break-glass: emergency, and marked. */
    th_sess *o = signed_in(e, TH_ALPHA, "otherpeer");
    th_post(o, json_pack("{s:s}", "reason", "The ER called: he asked for a peer tonight."),
            "/api/v1/recoverees/%lld/break-glass", (long long)rec);
    TH_ASSERT_STATUS(o, 201);
    th_get(o, "/api/v1/recoverees/%lld", (long long)rec);
    TH_ASSERT_STATUS(o, 200);
    row = last_read(admin, rec, "otherpeer");
    TH_ASSERT_STR(json_string_value(json_object_get(row, "purpose")), "emergency");
    assert_true(json_is_true(json_object_get(row, "break_glass")));
    TH_ASSERT_STR(json_string_value(json_object_get(row, "reason")), "break-glass");
    /* The plan page under the same grant is an emergency read too. */
    th_get(o, "/api/v1/recoverees/%lld/plan", (long long)rec);
    th_get(admin, "/api/v1/audit?action=plan.read&record_id=%lld&user=otherpeer", (long long)rec);
    TH_ASSERT_STR(th_jstr(admin, "rows.0.purpose"), "emergency");
    /* The administrator's read is operations. */
    th_get(admin, "/api/v1/recoverees/%lld", (long long)rec);
    row = last_read(admin, rec, "admin");
    TH_ASSERT_STR(json_string_value(json_object_get(row, "purpose")), "operations");

    /* The filter shows the emergency reads only; the page marks them; the CSV says so. */
    th_get(admin, "/api/v1/audit?purpose=emergency");
    TH_ASSERT_STATUS(admin, 200);
    json_t *rows = json_object_get(th_json(admin), "rows");
    assert_true(json_array_size(rows) >= 1);
    size_t i;
    json_t *it;
    json_array_foreach(rows, i, it)
    {
        TH_ASSERT_STR(json_string_value(json_object_get(it, "purpose")), "emergency");
    }
    th_get(admin, "/audit?purpose=emergency");
    TH_ASSERT_STATUS(admin, 200);
    TH_ASSERT_CONTAINS(th_body(admin), "Break-glass</strong>");
    th_get(admin, "/audit.csv?action=recoveree.read&record_id=%lld", (long long)rec);
    TH_ASSERT_STATUS(admin, 200);
    TH_ASSERT_CONTAINS(th_body(admin), ",purpose,break_glass\r\n");
    TH_ASSERT_CONTAINS(th_body(admin), ",\"emergency\",yes\r\n");
    TH_ASSERT_CONTAINS(th_body(admin), ",\"treatment\",\r\n");
    th_get(admin, "/api/v1/audit?purpose=curiosity");
    TH_ASSERT_ERROR(admin, 400, "invalid");
    TH_ASSERT_STR(th_jstr(admin, "error.field"), "purpose");
    /* A change is not a read: no purpose. */
    th_get(admin, "/api/v1/audit?action=caseload.assign&record_id=%lld", (long long)rec);
    assert_true(json_is_null(json_object_get(
        json_array_get(json_object_get(th_json(admin), "rows"), 0), "purpose")));
    th_sess_free(o);
    th_sess_free(p);
    th_sess_free(admin);
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
        cmocka_unit_test(test_each_organizations_audit_sequence_starts_at_1_without_gaps),
        cmocka_unit_test(
            test_audit_verify_walks_only_the_callers_organization_and_the_cli_walks_all),
        cmocka_unit_test(
            test_every_record_read_has_a_purpose_and_break_glass_reads_are_emergency_and_marked),
        cmocka_unit_test(test_serve_with_a_misspelt_option_exits_with_the_usage_line),
    };
    int failed =
        cmocka_run_group_tests_name("http_accounts_audit", tests, group_setup, group_teardown);
    return failed || teardown_failed ? 1 : 0;
}
