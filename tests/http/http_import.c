/* http_import.c - the spreadsheet import (issue 8 item 4) on the configured engine: the
 * acceptance case (500 recoverees with 3 bad rows write nothing and name those 3 lines; the
 * fixed file writes 500; the same file again writes 0), preview and confirmation over the API,
 * the operations called directly (allowed and refused), the command's exit codes, and the
 * audit (one import event with the file's hash and row count, one entry per record). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "accounts.h"
#include "buf.h"
#include "civil.h"
#include "harness.h"
#include "import.h"
#include "ops_recoverees.h"
#include "ops_users.h"
#include "recoverees.h"

static th_env *env;
static th_sess *admin;

/* n good recoverees, line k+1 holding row k. */
static char *recoverees_csv(int n, int unused, size_t *len)
{
    (void)unused;
    buf b;
    buf_init(&b);
    /* Excel's way: a BOM, CRLF, the columns in its own order and capitalization. */
    buf_puts(&b, "\xEF\xBB\xBFLanguage,Last Name,First Name,DOB,Phone,Pathways,Notes\r\n");
    for (int k = 1; k <= n; k++) {
        char dob[16];
        snprintf(dob, sizeof dob, "19%02d-%02d-%02d", 50 + k % 50, 1 + k % 12, 1 + k % 28);
        buf_printf(&b, "English,\"Rivera, %d\",Ana%d,%s,555-%04d,SMART,\"said \"\"hi\"\"\"\r\n", k,
                   k, dob, k);
    }
    *len = b.len;
    return b.data;
}

/* The acceptance file with 3 bad rows: line 101 lacks the language the policy requires,
 * line 202 has 1985-02-30, line 303 repeats the person of line 3. */
static char *acceptance_bad(size_t *len)
{
    buf b;
    buf_init(&b);
    buf_puts(&b, "\xEF\xBB\xBFLanguage,Last Name,First Name,DOB,Phone,Pathways,Notes\r\n");
    for (int k = 1; k <= 500; k++) {
        int line = k + 1, who = line == 303 ? 2 : k;
        char dob[16];
        snprintf(dob, sizeof dob, "19%02d-%02d-%02d", 50 + who % 50, 1 + who % 12, 1 + who % 28);
        if (line == 202)
            snprintf(dob, sizeof dob, "1985-02-30");
        buf_printf(&b, "%s,\"Rivera, %d\",Ana%d,%s,555-%04d,SMART,\"said \"\"hi\"\"\"\r\n",
                   line == 101 ? "" : "English", who, who, dob, k);
    }
    *len = b.len;
    return b.data;
}

static int64_t recoveree_total(void)
{
    arena *a = arena_new();
    struct rc_scope sc;
    rc_scope_for(&sc, ROLE_ADMIN, env->org[TH_ALPHA].user_id[ROLE_ADMIN], th_today(),
                 (int64_t)time(NULL));
    struct recoveree *rows;
    int n;
    int64_t total = -1;
    assert_int_equal(rc_page(env->db, a, env->org[TH_ALPHA].id, &sc, NULL, NULL, 1, 0, &rows, &n,
                             &total),
                     0);
    arena_free(a);
    return total;
}

/* How many audit rows have this action (read through the API, page by page). */
static int64_t audit_count(const char *action, const char **last_reason)
{
    int64_t n = 0;
    static char reason[512];
    for (int page = 1;; page++) {
        assert_int_equal(th_get(admin, "/api/v1/audit?action=%s&page=%d", action, page), 200);
        json_t *rows = json_object_get(th_json(admin), "rows");
        size_t k = json_array_size(rows);
        if (page == 1 && k && last_reason) {
            const char *r = json_string_value(json_object_get(json_array_get(rows, 0), "reason"));
            snprintf(reason, sizeof reason, "%s", r ? r : "");
            *last_reason = reason;
        }
        n += (int64_t)k;
        if (k < 50)
            return n;
    }
}

static int setup(void **st)
{
    (void)st;
    env = th_env_start();
    if (!env)
        return -1;
    admin = th_sess_new(env);
    return th_login(admin, "alpha", "admin", TH_PASSWORD) == 200 ? 0 : -1;
}

static int teardown(void **st)
{
    (void)st;
    th_sess_free(admin);
    return th_env_stop(env);
}

static long preview(const char *kind, const char *data, size_t len)
{
    return th_post_file(admin, json_pack("{s:s}", "kind", kind), "people.csv", data, len,
                        "/api/v1/import/preview");
}

static void test_500_recoverees_with_3_bad_rows_write_nothing_then_500_then_0(void **st)
{
    (void)st;
    int64_t before = recoveree_total();
    size_t len;
    char *bad = acceptance_bad(&len);
    /* The preview names exactly the 3 bad lines and writes nothing. */
    assert_int_equal(preview("recoverees", bad, len), 422);
    assert_int_equal(th_jint(admin, "rows"), 500);
    json_t *rej = json_object_get(th_json(admin), "rejected");
    assert_int_equal(json_array_size(rej), 3);
    assert_int_equal(th_jint(admin, "rejected.0.line"), 101);
    TH_ASSERT_STR(th_jstr(admin, "rejected.0.column"), "language");
    assert_int_equal(th_jint(admin, "rejected.1.line"), 202);
    TH_ASSERT_STR(th_jstr(admin, "rejected.1.column"), "dob");
    assert_int_equal(th_jint(admin, "rejected.2.line"), 303);
    TH_ASSERT_CONTAINS(th_jstr(admin, "rejected.2.message"), "line 3");
    assert_null(th_jstr(admin, "token"));
    /* The command refuses it too, with exit 1 and the lines, and writes nothing. */
    char path[400];
    snprintf(path, sizeof path, "%s/bad.csv", env->dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fwrite(bad, 1, len, f);
    fclose(f);
    char *out = NULL;
    assert_int_equal(th_cli(env, &out, "import", "recoverees", path, "--org", "alpha", NULL), 1);
    TH_ASSERT_CONTAINS(out, "line 101, language:");
    TH_ASSERT_CONTAINS(out, "line 202, dob:");
    TH_ASSERT_CONTAINS(out, "line 303, last_name:");
    free(out);
    assert_int_equal(recoveree_total(), before);
    free(bad);

    /* The fixed file: preview, then confirm, writes 500. */
    char *good = recoverees_csv(500, 0, &len);
    char sha[65];
    import_sha256(good, len, sha);
    assert_int_equal(preview("recoverees", good, len), 200);
    assert_int_equal(th_jint(admin, "to_write"), 500);
    TH_ASSERT_STR(th_jstr(admin, "sha256"), sha);
    char token[80];
    snprintf(token, sizeof token, "%s", th_jstr(admin, "token"));
    th_post(admin, json_pack("{s:s,s:s}", "token", token, "sha256", sha), "/api/v1/import/confirm");
    TH_ASSERT_STATUS(admin, 200);
    assert_int_equal(th_jint(admin, "written"), 500);
    assert_int_equal(recoveree_total(), before + 500);
    /* A token works once. */
    th_post(admin, json_pack("{s:s}", "token", token), "/api/v1/import/confirm");
    TH_ASSERT_ERROR(admin, 404, "not_found");

    /* The same file again: 500 already there, 0 new. */
    assert_int_equal(preview("recoverees", good, len), 200);
    assert_int_equal(th_jint(admin, "to_write"), 0);
    assert_int_equal(th_jint(admin, "already"), 500);
    snprintf(token, sizeof token, "%s", th_jstr(admin, "token"));
    th_post(admin, json_pack("{s:s}", "token", token), "/api/v1/import/confirm");
    TH_ASSERT_STATUS(admin, 200);
    assert_int_equal(th_jint(admin, "written"), 0);
    assert_int_equal(recoveree_total(), before + 500);

    /* The audit: the import events carry the file's hash and row count; one entry per record. */
    const char *reason = NULL;
    assert_int_equal(audit_count("import.recoverees", &reason), 3); /* refused, 500, 0 */
    TH_ASSERT_CONTAINS(reason, sha);
    TH_ASSERT_CONTAINS(reason, "rows=500 written=0 already=500");
    assert_int_equal(audit_count("recoveree.create", NULL), 500);
    free(good);
}

static void test_confirm_refuses_a_file_other_than_the_previewed_one(void **st)
{
    (void)st;
    size_t len;
    char *good = recoverees_csv(3, 0, &len);
    assert_int_equal(preview("recoverees", good, len), 200);
    char token[80];
    snprintf(token, sizeof token, "%s", th_jstr(admin, "token"));
    th_post(admin, json_pack("{s:s,s:s}", "token", token, "sha256", "00ff"),
            "/api/v1/import/confirm");
    TH_ASSERT_ERROR(admin, 409, "file_changed");
    free(good);
}

static void test_only_administrators_import(void **st)
{
    (void)st;
    th_sess *sup = th_sess_new(env);
    assert_int_equal(th_login(sup, "alpha", "supervisor", TH_PASSWORD), 200);
    th_post_file(sup, json_pack("{s:s}", "kind", "staff"), "s.csv", "username\n", 9,
                 "/api/v1/import/preview");
    TH_ASSERT_STATUS(sup, 403);
    th_sess_free(sup);
}

static void test_a_file_lacking_a_required_column_is_refused_once_naming_it(void **st)
{
    (void)st;
    const char *s = "username,role\nmaria.l,peer\n";
    assert_int_equal(preview("staff", s, strlen(s)), 422);
    TH_ASSERT_CONTAINS(th_jstr(admin, "fatal"), "display_name");
}

/* The context of the fixture user of role in alpha, on the library connection. */
static struct op_ctx ctx(arena *a, enum role role, struct policy *pol)
{
    policy_defaults(pol);
    return (struct op_ctx){.db = env->db, .a = a,
                           .who = {.user_id = env->org[TH_ALPHA].user_id[role],
                                   .org_id = env->org[TH_ALPHA].id, .role = role,
                                   .username = role_name(role)},
                           .now = (int64_t)time(NULL), .today = th_today(), .pol = pol,
                           .client = "test"};
}

static void test_op_user_create_applies_the_form_rules_and_no_password_means_no_sign_in(void **st)
{
    (void)st;
    arena *a = arena_new();
    struct policy pol;
    struct op_ctx c = ctx(a, ROLE_ADMIN, &pol);
    struct op_result res;
    struct user_in in = {.username = "Bad Name", .display_name = "X", .role = "peer"};
    assert_int_equal(op_user_create(&c, &in, &res), OP_INVALID);
    assert_string_equal(res.field, "username");
    in.username = "newpeer";
    in.role = "wizard";
    assert_int_equal(op_user_create(&c, &in, &res), OP_INVALID);
    assert_string_equal(res.field, "role");
    in.role = "peer";
    in.password = "password";
    assert_int_equal(op_user_create(&c, &in, &res), OP_REFUSED);
    assert_string_equal(res.code, "weak_password");
    in.password = NULL;
    assert_int_equal(op_user_create(&c, &in, &res), OP_OK);
    assert_true(res.id > 0);
    assert_int_equal(op_user_create(&c, &in, &res), OP_CONFLICT);
    assert_string_equal(res.code, "username_taken");
    struct op_ctx p = ctx(a, ROLE_PEER, &pol);
    in.username = "otherpeer";
    assert_int_equal(op_user_create(&p, &in, &res), OP_FORBIDDEN);
    /* Imported without a password: no password opens it until one is set. */
    th_sess *s = th_sess_new(env);
    assert_int_equal(th_login(s, "alpha", "newpeer", PW_UNUSABLE), 401);
    th_sess_free(s);
    arena_free(a);
}

static void test_op_rc_intake_refuses_a_field_the_policy_requires_rc1(void **st)
{
    (void)st;
    arena *a = arena_new();
    struct policy pol;
    struct op_ctx c = ctx(a, ROLE_ADMIN, &pol);
    pol.v[POL_INTAKE_REQUIRE_PHONE] = 1;
    struct op_result res;
    struct rc_intake_in in = {.first_name = "Lia", .last_name = "Ortiz", .language = "English",
                              .pathways = "SMART", .dob = "1990-05-05"};
    assert_int_equal(op_rc_intake(&c, &in, &res), OP_REFUSED);
    assert_string_equal(res.rule, "RC-1");
    assert_string_equal(res.field, "phone");
    in.phone = "555-0100";
    in.dob = "1990-5-5";
    assert_int_equal(op_rc_intake(&c, &in, &res), OP_INVALID);
    assert_string_equal(res.field, "dob");
    in.dob = "1990-05-05";
    in.contact_pref = "pigeon";
    assert_int_equal(op_rc_intake(&c, &in, &res), OP_INVALID);
    assert_string_equal(res.field, "contact_pref");
    in.contact_pref = NULL;
    assert_int_equal(op_rc_intake(&c, &in, &res), OP_OK);
    struct op_ctx cl = ctx(a, ROLE_CLINICIAN, &pol);
    assert_int_equal(op_rc_intake(&cl, &in, &res), OP_FORBIDDEN);
    arena_free(a);
}

static void test_cli_import_staff_exit_codes_dry_run_then_real_then_again(void **st)
{
    (void)st;
    char path[400];
    snprintf(path, sizeof path, "%s/staff.csv", env->dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs("Role,Display Name,Username\r\npeer,Maria Lopez,maria.lopez\r\nsupervisor,\"Kim, Dr.\","
          "kim.d\r\n", f);
    fclose(f);
    char *out = NULL;
    assert_int_equal(th_cli(env, &out, "import", "staff", path, "--org", "alpha", "--dry-run",
                            NULL), 0);
    TH_ASSERT_CONTAINS(out, "2 would be written");
    free(out);
    assert_int_equal(th_cli(env, &out, "import", "staff", path, "--org", "alpha", NULL), 0);
    TH_ASSERT_CONTAINS(out, "2 written");
    free(out);
    assert_int_equal(th_cli(env, &out, "import", "staff", path, "--org", "alpha", NULL), 0);
    TH_ASSERT_CONTAINS(out, "0 written, 2 already there");
    free(out);
    assert_int_equal(th_cli(env, &out, "import", "staff", path, NULL), 2);
    free(out);
    struct user u;
    arena *a = arena_new();
    assert_int_equal(user_by_name(env->db, a, env->org[TH_ALPHA].id, "kim.d", &u), 1);
    assert_string_equal(u.display_name, "Kim, Dr.");
    assert_int_equal(u.role, ROLE_SUPERVISOR);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_500_recoverees_with_3_bad_rows_write_nothing_then_500_then_0),
        cmocka_unit_test(test_confirm_refuses_a_file_other_than_the_previewed_one),
        cmocka_unit_test(test_only_administrators_import),
        cmocka_unit_test(test_a_file_lacking_a_required_column_is_refused_once_naming_it),
        cmocka_unit_test(test_op_user_create_applies_the_form_rules_and_no_password_means_no_sign_in),
        cmocka_unit_test(test_op_rc_intake_refuses_a_field_the_policy_requires_rc1),
        cmocka_unit_test(test_cli_import_staff_exit_codes_dry_run_then_real_then_again),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
