/* test_op_messages.c - what an operation or a workforce rule says to a person comes from the
 * message catalog, never from an English literal in the code (issue 10: "every string a
 * person reads comes from a catalog"), and every id they name is in it.
 *
 * A source scan, like test_layers.c: every call of an op_result constructor in src/ops
 * (op_invalid, op_refused, op_forbidden, op_not_found, op_conflict, op_store, op_fail) and
 * every sentence the workforce rules and SV-3/SV-4 write (src/domain/workforce.c,
 * assignment.c), and every sentence the other rules that reach people write (RC-2 match
 * reasons, RC-3/RC-4 consent problems, account and password refusals, policy ranges,
 * evidence types: a call that writes one, a `return "..."` or `why = "..."`) is read, and a
 * string literal among its arguments that holds words ("two words like this") fails the
 * test. Machine codes ("stale", "RC-4", "§2.31(a)(8)"), field
 * names and format strings without words ("%s %s", "item%d") are allowed: they have no two
 * words of letters side by side.
 *
 * The sources are read from the repository root: the current directory when it holds
 * src/ops/ops.h, else two levels above the program (build/tests/test_op_messages). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <ctype.h>
#include <dirent.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "msg.h"

/* The largest source file is tens of kilobytes; a generous cap keeps a wrong path from
 * reading something huge. */
#define SRC_MAX (1u << 20)

static char root[PATH_MAX];

static void find_root(void)
{
    if (access("src/ops/ops.h", R_OK) == 0) {
        snprintf(root, sizeof root, ".");
        return;
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) {
        snprintf(root, sizeof root, ".");
        return;
    }
    exe[n] = '\0';
    char *d = dirname(dirname(dirname(exe)));
    snprintf(root, sizeof root, "%s", d);
}

/* The file's text with its comments blanked (strings kept), malloc'd; NULL when absent. */
static char *read_source(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *s = malloc(SRC_MAX + 1);
    assert_non_null(s);
    size_t n = fread(s, 1, SRC_MAX, f);
    fclose(f);
    s[n] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"' || s[i] == '\'') {
            char q = s[i];
            for (i++; i < n && s[i] != q; i++)
                if (s[i] == '\\')
                    i++;
        } else if (s[i] == '/' && s[i + 1] == '*') {
            for (; i + 1 < n && !(s[i] == '*' && s[i + 1] == '/'); i++)
                if (s[i] != '\n')
                    s[i] = ' ';
            if (i + 1 < n)
                s[i] = s[i + 1] = ' ';
        } else if (s[i] == '/' && s[i + 1] == '/') {
            for (; i < n && s[i] != '\n'; i++)
                s[i] = ' ';
        }
    }
    return s;
}

/* 1 when the literal [s, s + n) holds words: two runs of two or more letters with one space
 * between ("Not found", "could not"), which no machine code or bare format has. */
static int has_words(const char *s, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++) {
        if (s[i] != ' ')
            continue;
        size_t l = 0, r = 0;
        while (l < i && isalpha((unsigned char)s[i - 1 - l]))
            l++;
        while (i + 1 + r < n && isalpha((unsigned char)s[i + 1 + r]))
            r++;
        if (l >= 2 && r >= 2)
            return 1;
    }
    return 0;
}

/* What a scan found: calls read, and the first literal with words. */
struct found {
    int calls;
    char bad[400];
};

/* Every call of one of names in s: a literal with words among its arguments goes to *f. */
static void scan_calls(const char *path, const char *s, const char *const *names, size_t nn,
                       struct found *f)
{
    for (size_t k = 0; k < nn && !f->bad[0]; k++) {
        size_t len = strlen(names[k]);
        for (const char *p = strstr(s, names[k]); p && !f->bad[0]; p = strstr(p + 1, names[k])) {
            if (p > s && (isalnum((unsigned char)p[-1]) || p[-1] == '_'))
                continue;
            const char *q = p + len;
            while (*q == ' ' || *q == '\n')
                q++;
            if (*q != '(')
                continue;
            f->calls++;
            int depth = 1;
            for (q++; *q && depth; q++) {
                if (*q == '(')
                    depth++;
                else if (*q == ')')
                    depth--;
                else if (*q == '"') {
                    const char *b = ++q;
                    while (*q && *q != '"')
                        q += *q == '\\' ? 2 : 1;
                    if (has_words(b, (size_t)(q - b))) {
                        int line = 1;
                        for (const char *c = s; c < p; c++)
                            line += *c == '\n';
                        snprintf(f->bad, sizeof f->bad, "%s:%d: %s(... \"%.*s\" ...)", path, line,
                                 names[k], (int)(q - b > 120 ? 120 : q - b), b);
                    }
                }
            }
        }
    }
}

static const char *const op_calls[] = {"op_invalid", "op_refused",  "op_forbidden", "op_not_found",
                                       "op_conflict", "op_store",   "op_fail"};

/* Every .c file of src/ops through scan_calls(op_calls); the number of files read. */
static int scan_ops(struct found *f)
{
    char dir[PATH_MAX + 8];
    snprintf(dir, sizeof dir, "%s/src/ops", root);
    DIR *dp = opendir(dir);
    if (!dp)
        fail_msg("cannot open the folder %s", dir);
    int files = 0;
    struct dirent *e;
    while ((e = readdir(dp)) && !f->bad[0]) {
        size_t n = strlen(e->d_name);
        if (n < 3 || strcmp(e->d_name + n - 2, ".c") != 0)
            continue;
        char path[PATH_MAX + 300];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        char *s = read_source(path);
        if (!s)
            continue;
        files++;
        scan_calls(e->d_name, s, op_calls, sizeof op_calls / sizeof *op_calls, f);
        /* A message set after the fact, or kept in a variable for a failed store. */
        for (const char *p = strstr(s, "->message = \""); p && !f->bad[0];
             p = strstr(p + 1, "->message = \"")) {
            const char *b = p + 13, *q = strchr(b, '"');
            if (q && has_words(b, (size_t)(q - b)))
                snprintf(f->bad, sizeof f->bad, "%s: res->message = \"%.*s\"", e->d_name,
                         (int)(q - b > 120 ? 120 : q - b), b);
        }
        free(s);
    }
    closedir(dp);
    return files;
}

static void test_no_operation_answers_with_an_english_literal(void **state)
{
    (void)state;
    struct found f = {0};
    int files = scan_ops(&f);
    if (f.bad[0])
        fail_msg("%s: an operation's message comes from the catalog (msg(c->lang, \"id\"), "
                 "msg_fmt), in messages/en.txt and es.txt",
                 f.bad);
    /* The scan must have read the operations, or it proves nothing. */
    assert_true(files >= 10);
    assert_true(f.calls > 150);
}

/* The sentence-writing calls of the rules that decide for people. */
static const char *const rule_calls[] = {"snprintf", "refuse", "say", "note", "note_n",
                                         "wf_text_set"};

static void test_workforce_and_assignment_rules_write_no_english_sentence(void **state)
{
    (void)state;
    static const char *const files[] = {"workforce.c", "assignment.c"};
    struct found f = {0};
    for (size_t i = 0; i < sizeof files / sizeof *files && !f.bad[0]; i++) {
        char path[PATH_MAX + 64];
        snprintf(path, sizeof path, "%s/src/domain/%s", root, files[i]);
        char *s = read_source(path);
        if (!s)
            fail_msg("cannot read %s", path);
        scan_calls(files[i], s, rule_calls, sizeof rule_calls / sizeof *rule_calls, &f);
        free(s);
    }
    if (f.bad[0])
        fail_msg("%s: a rule's sentence is a message id and its arguments (wf_text.h)", f.bad);
    assert_true(f.calls > 30);
}

/* After each occurrence of lead in s (`return "`, `why = "`): a literal with words goes to *f;
 * each occurrence counts as a call. */
static void scan_after(const char *path, const char *s, const char *lead, struct found *f)
{
    size_t len = strlen(lead);
    for (const char *p = strstr(s, lead); p && !f->bad[0]; p = strstr(p + 1, lead)) {
        if (p > s && (isalnum((unsigned char)p[-1]) || p[-1] == '_'))
            continue;
        f->calls++;
        const char *b = p + len, *q = b;
        while (*q && *q != '"')
            q += *q == '\\' ? 2 : 1;
        if (has_words(b, (size_t)(q - b))) {
            int line = 1;
            for (const char *c = s; c < p; c++)
                line += *c == '\n';
            snprintf(f->bad, sizeof f->bad, "%s:%d: %s%.*s\"", path, line, lead,
                     (int)(q - b > 120 ? 120 : q - b), b);
        }
    }
}

/* The sentence-writing calls and forms of the other rules whose words reach people. */
static const char *const domain_calls[] = {"snprintf",    "refuse",      "wf_text_set",
                                           "sink_add",    "reason_new",  "msg_fmt_buf",
                                           "score_list",  "join_labels", "op_said",
                                           "msg"};
static const char *const domain_leads[] = {"return \"", "why = \""};

/* scan_calls(domain_calls) and scan_after(domain_leads) over s. */
static void scan_domain(const char *path, const char *s, struct found *f)
{
    scan_calls(path, s, domain_calls, sizeof domain_calls / sizeof *domain_calls, f);
    for (size_t k = 0; k < sizeof domain_leads / sizeof *domain_leads && !f->bad[0]; k++)
        scan_after(path, s, domain_leads[k], f);
}

static void test_match_consent_account_policy_and_evidence_rules_write_no_english_sentence(
    void **state)
{
    (void)state;
    static const char *const files[] = {"src/domain/matching.c",      "src/domain/consent.c",
                                        "src/domain/account_rules.c", "src/auth/password_quality.c",
                                        "src/domain/policy.c",        "src/domain/evidence.c",
                                        "src/domain/draw.c"};
    struct found f = {0};
    for (size_t i = 0; i < sizeof files / sizeof *files && !f.bad[0]; i++) {
        char path[PATH_MAX + 64];
        snprintf(path, sizeof path, "%s/%s", root, files[i]);
        char *s = read_source(path);
        if (!s)
            fail_msg("cannot read %s", path);
        int before = f.calls;
        scan_domain(files[i], s, &f);
        /* Every file has sentences to check, or the scan reads the wrong thing. */
        if (!f.bad[0] && f.calls == before)
            fail_msg("%s: no sentence call found", files[i]);
        free(s);
    }
    if (f.bad[0])
        fail_msg("%s: a rule's sentence comes from the catalog (msg(lang, \"id\"), or a message "
                 "id and its arguments, wf_text.h), in messages/en.txt and es.txt",
                 f.bad);
    assert_true(f.calls > 60);
}

static void test_the_scan_finds_an_english_literal_where_there_is_one(void **state)
{
    (void)state;
    /* The same check over a sample written the old way: it must be found, across lines. */
    const char *sample = "static int x(struct op_result *res)\n{\n"
                         "    return op_fail(res, OP_REFUSED, \"stale\", \"RC-4\", NULL,\n"
                         "                   \"Someone else changed \"\n"
                         "                   \"this record.\");\n}\n";
    struct found f = {0};
    scan_calls("sample.c", sample, op_calls, sizeof op_calls / sizeof *op_calls, &f);
    assert_true(f.bad[0] != '\0');
    assert_non_null(strstr(f.bad, "sample.c:3"));
    /* Machine codes, rule ids, formats and catalog calls pass. */
    const char *good = "op_fail(res, OP_INVALID, \"invalid\", \"§2.31(a)(8)\", \"item2\",\n"
                       "        arena_printf(a, \"%s %s\", x, msg(c->lang, \"plan.err.store\")));";
    struct found g = {0};
    scan_calls("good.c", good, op_calls, sizeof op_calls / sizeof *op_calls, &g);
    assert_int_equal(g.bad[0], '\0');
    assert_int_equal(g.calls, 1);
    /* And the domain's forms: a returned sentence, one set through why, one refused. */
    const char *const old[] = {
        "const char *check_username(const char *s)\n{\n    if (!s)\n"
        "        return \"A username has 3 to 64 characters.\";\n",
        "    *why = \"The file is empty.\";\n",
        "    return refuse(p, \"§2.31(a)(8)\", \"signature\",\n"
        "                  \"The consent is not signed (§2.31(a)(8)).\");\n",
        "    reason_new(r, \"%d places free on a caseload of %d\", room, cap);\n"};
    for (size_t i = 0; i < sizeof old / sizeof *old; i++) {
        struct found d = {0};
        scan_domain("old.c", old[i], &d);
        if (!d.bad[0])
            fail_msg("the scan missed the sentence in: %s", old[i]);
    }
    const char *now = "    return msg(lang, \"account.err.username_length\");\n"
                      "    *why = msg(lang, \"evidence.err.empty\");\n"
                      "    return refuse(p, \"§2.31(a)(8)\", \"signature\", \"consent.rule.signature\","
                      " NULL);\n    return \"@consent.rule.no_date\";\n";
    struct found d = {0};
    scan_domain("now.c", now, &d);
    assert_int_equal(d.bad[0], '\0');
    assert_true(d.calls >= 3);
}

/* Every catalog id an operation or a rule names in a literal ("users.err.stale") is in the
 * English and the Spanish catalog (a missing id would show as itself). */
static void test_every_message_id_the_operations_name_is_in_both_catalogs(void **state)
{
    (void)state;
    static const char *const prefixes[] = {"users.err.", "wf.err.",    "caseload.err.",
                                           "consent.err.", "plan.err.", "rc.err.",
                                           "settings.err.", "token.err.", "op.err.",
                                           "wf.decide.", "wf.note.",  "assign.conflict.",
                                           "plan.history.", "profile.err.", "consent.rule.",
                                           "consent.kind.", "match.reason.", "match.join.",
                                           "account.err.", "evidence.err.", "settings.unit.",
                                           "wf.level."};
    static const char *const files[] = {
        "src/ops/ops.c",          "src/ops/ops_users.c",      "src/ops/ops_workforce.c",
        "src/ops/ops_caseload.c", "src/ops/ops_consents.c",   "src/ops/ops_plans.c",
        "src/ops/ops_recoverees.c", "src/ops/ops_settings.c", "src/ops/ops_tokens.c",
        "src/ops/ops_reach.c",    "src/domain/workforce.c",   "src/domain/assignment.c",
        "src/store/workforce_store.c", "src/domain/matching.c", "src/domain/consent.c",
        "src/domain/account_rules.c", "src/auth/password_quality.c", "src/domain/policy.c",
        "src/domain/evidence.c"};
    int ids = 0;
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char path[PATH_MAX + 64];
        snprintf(path, sizeof path, "%s/%s", root, files[i]);
        char *s = read_source(path);
        if (!s)
            fail_msg("cannot read %s", path);
        for (const char *p = strchr(s, '"'); p; p = strchr(p + 1, '"')) {
            const char *b = p + 1, *q = strchr(b, '"');
            if (!q)
                break;
            char id[96];
            size_t n = (size_t)(q - b);
            if (*b == '@') /* a message id given as an argument (wf_text.h) */
                b++, n--;
            p = q;
            if (n == 0 || n >= sizeof id)
                continue;
            memcpy(id, b, n);
            id[n] = '\0';
            int ours = 0;
            for (size_t k = 0; k < sizeof prefixes / sizeof *prefixes; k++)
                ours |= strncmp(id, prefixes[k], strlen(prefixes[k])) == 0;
            /* An id completed at run time ("profile.err.unknown.%s") is checked by its uses. */
            if (!ours || strchr(id, '%') || id[n - 1] == '.')
                continue;
            ids++;
            for (int l = 0; l < 2; l++) {
                const char *lang = l ? "es" : "en";
                char other[112];
                snprintf(other, sizeof other, "%s[other]", id);
                int have = 0, rev;
                const char *key;
                for (size_t k = 0; (key = msg_key_at(lang, k, &rev)) != NULL; k++)
                    if (!strcmp(key, id) || !strcmp(key, other))
                        have = 1;
                if (!have)
                    fail_msg("%s names %s, which messages/%s.txt lacks", files[i], id, lang);
            }
        }
        free(s);
    }
    assert_true(ids > 150);
}

int main(void)
{
    find_root();
    char err[256];
    if (msg_init(err, sizeof err) != 0) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_operation_answers_with_an_english_literal),
        cmocka_unit_test(test_workforce_and_assignment_rules_write_no_english_sentence),
        cmocka_unit_test(
            test_match_consent_account_policy_and_evidence_rules_write_no_english_sentence),
        cmocka_unit_test(test_the_scan_finds_an_english_literal_where_there_is_one),
        cmocka_unit_test(test_every_message_id_the_operations_name_is_in_both_catalogs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
