/* test_secret.c - tokens, password hashing, constant-time comparison, the arena, and the escaping
 * functions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "secret.h"

/* ---- tokens ---------------------------------------------------------------------- */

static void test_token_is_43_base64url_characters(void **state)
{
    (void)state;
    for (int i = 0; i < 50; i++) {
        char t[TOKEN_LEN];
        memset(t, '#', sizeof t);
        token_new(t);
        assert_int_equal(strlen(t), 43);
        size_t ok = strspn(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
        if (ok != 43)
            fail_msg("token '%s' has '%c' at %zu", t, t[ok], ok);
    }
}

static void test_token_is_different_each_time(void **state)
{
    (void)state;
    enum { N = 200 };
    static char t[N][TOKEN_LEN];
    for (int i = 0; i < N; i++)
        token_new(t[i]);
    for (int i = 0; i < N; i++)
        for (int j = i + 1; j < N; j++)
            if (strcmp(t[i], t[j]) == 0)
                fail_msg("tokens %d and %d are equal: %s", i, j, t[i]);
}

static void test_token_hash_is_64_lower_case_hex_and_stable(void **state)
{
    (void)state;
    char t[TOKEN_LEN], a[TOKEN_HASH_LEN], b[TOKEN_HASH_LEN];
    token_new(t);
    token_hash(t, a);
    token_hash(t, b);
    assert_int_equal(strlen(a), 64);
    assert_int_equal(strspn(a, "0123456789abcdef"), 64);
    assert_string_equal(a, b);
    assert_string_not_equal(a, t);
}

/* BLAKE2b-256 of "abc" (RFC 7693 parameters, 32-byte digest). */
static void test_token_hash_is_blake2b_256(void **state)
{
    (void)state;
    char h[TOKEN_HASH_LEN];
    token_hash("abc", h);
    assert_string_equal(h, "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
}

static void test_token_hash_differs_for_tokens_one_character_apart(void **state)
{
    (void)state;
    char t[TOKEN_LEN], a[TOKEN_HASH_LEN], b[TOKEN_HASH_LEN];
    token_new(t);
    token_hash(t, a);
    t[42] = t[42] == 'A' ? 'B' : 'A';
    token_hash(t, b);
    assert_string_not_equal(a, b);
}

static void test_hex_encode(void **state)
{
    (void)state;
    char out[9];
    const unsigned char in[] = {0x00, 0x7f, 0xa5, 0xff};
    hex_encode(in, sizeof in, out);
    assert_string_equal(out, "007fa5ff");
    hex_encode(in, 0, out);
    assert_string_equal(out, "");
}

/* ---- passwords --------------------------------------------------------------------- */

static void test_password_hash_verifies_the_right_password_only(void **state)
{
    (void)state;
    char h[PW_HASH_LEN];
    assert_int_equal(password_hash("correct horse battery staple", h), 0);
    assert_int_equal(password_verify(h, "correct horse battery staple"), 1);
    assert_int_equal(password_verify(h, "correct horse battery stapl"), 0);
    assert_int_equal(password_verify(h, "correct horse battery staple "), 0);
    assert_int_equal(password_verify(h, "Correct horse battery staple"), 0);
    assert_int_equal(password_verify(h, ""), 0);
}

static void test_password_hash_is_argon2id_with_owasp_parameters(void **state)
{
    (void)state;
    char h[PW_HASH_LEN];
    assert_int_equal(password_hash("pw-for-parameters", h), 0);
    assert_int_equal(strncmp(h, "$argon2id$v=19$", 15), 0);
    /* 19 MiB, 2 passes (the OWASP recommendation the source cites). */
    assert_non_null(strstr(h, "m=19456,t=2,"));
    assert_null(strstr(h, "pw-for-parameters"));
}

static void test_password_hash_is_salted(void **state)
{
    (void)state;
    char a[PW_HASH_LEN], b[PW_HASH_LEN];
    assert_int_equal(password_hash("same password", a), 0);
    assert_int_equal(password_hash("same password", b), 0);
    assert_string_not_equal(a, b);
    assert_int_equal(password_verify(a, "same password"), 1);
    assert_int_equal(password_verify(b, "same password"), 1);
}

static void test_password_hash_handles_utf8_and_max_length(void **state)
{
    (void)state;
    char h[PW_HASH_LEN], pw[129];
    memset(pw, 'x', 128);
    pw[128] = '\0';
    assert_int_equal(password_hash(pw, h), 0);
    assert_int_equal(password_verify(h, pw), 1);
    pw[127] = 'y';
    assert_int_equal(password_verify(h, pw), 0);
    assert_int_equal(password_hash("p\xc3\xa4ssw\xc3\xb6rd \xe2\x82\xac", h), 0);
    assert_int_equal(password_verify(h, "p\xc3\xa4ssw\xc3\xb6rd \xe2\x82\xac"), 1);
    assert_int_equal(password_verify(h, "passw\xc3\xb6rd \xe2\x82\xac"), 0);
}

static void test_password_verify_refuses_missing_or_malformed_hashes(void **state)
{
    (void)state;
    assert_int_equal(password_verify(NULL, "pw"), 0);
    assert_int_equal(password_verify("$argon2id$v=19$m=19456,t=2,p=1$abc$def", NULL), 0);
    assert_int_equal(password_verify("", "pw"), 0);
    assert_int_equal(password_verify("pw", "pw"), 0); /* a plain-text "hash" never matches */
    assert_int_equal(password_verify("$argon2id$v=19$m=19456,t=2,p=1$abc$def", "pw"), 0);
}

/* ---- secret_equal ------------------------------------------------------------------ */

static void test_secret_equal(void **state)
{
    (void)state;
    assert_int_equal(secret_equal("abc123", "abc123"), 1);
    assert_int_equal(secret_equal("", ""), 1);
    assert_int_equal(secret_equal("abc123", "abc124"), 0);
    assert_int_equal(secret_equal("abc123", "bbc123"), 0);
    assert_int_equal(secret_equal("abc", "abcd"), 0);
    assert_int_equal(secret_equal("abcd", "abc"), 0);
    assert_int_equal(secret_equal("abc", ""), 0);
    assert_int_equal(secret_equal(NULL, "abc"), 0);
    assert_int_equal(secret_equal("abc", NULL), 0);
    assert_int_equal(secret_equal(NULL, NULL), 0);
}

/* ---- arena ------------------------------------------------------------------------- */

static void test_arena_allocations_are_aligned_and_zeroed(void **state)
{
    (void)state;
    arena *a = arena_new();
    assert_non_null(a);
    const size_t align = _Alignof(max_align_t);
    for (size_t n = 0; n < 300; n++) {
        unsigned char *p = arena_alloc(a, n);
        assert_non_null(p);
        if ((uintptr_t)p % align != 0)
            fail_msg("arena_alloc(%zu) returned %p, not aligned to %zu", n, (void *)p, align);
        for (size_t i = 0; i < n; i++)
            if (p[i] != 0)
                fail_msg("arena_alloc(%zu) byte %zu is not zero", n, i);
        memset(p, 0xab, n); /* ASan: every byte is ours */
    }
    arena_free(a);
}

static void test_arena_allocations_do_not_overlap(void **state)
{
    (void)state;
    arena *a = arena_new();
    enum { N = 2000 };
    static unsigned char *p[N];
    for (int i = 0; i < N; i++) {
        p[i] = arena_alloc(a, 24);
        memset(p[i], i & 0xff, 24);
    }
    for (int i = 0; i < N; i++)
        for (int k = 0; k < 24; k++)
            if (p[i][k] != (i & 0xff))
                fail_msg("allocation %d was overwritten", i);
    arena_free(a);
}

static void test_arena_zero_size_allocations_are_distinct(void **state)
{
    (void)state;
    arena *a = arena_new();
    void *x = arena_alloc(a, 0), *y = arena_alloc(a, 0);
    assert_non_null(x);
    assert_non_null(y);
    assert_ptr_not_equal(x, y);
    arena_free(a);
}

static void test_arena_large_allocation_beyond_one_chunk(void **state)
{
    (void)state;
    arena *a = arena_new();
    char *small = arena_alloc(a, 10);
    strcpy(small, "before");
    size_t big = 3u * 1024 * 1024;
    unsigned char *p = arena_alloc(a, big);
    assert_non_null(p);
    assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
    for (size_t i = 0; i < big; i += 4096)
        assert_int_equal(p[i], 0);
    assert_int_equal(p[big - 1], 0);
    memset(p, 0x5a, big);
    /* Small allocations after it still work, and nothing earlier moved. */
    char *after = arena_alloc(a, 10);
    strcpy(after, "after");
    assert_string_equal(small, "before");
    assert_int_equal(p[0], 0x5a);
    assert_int_equal(p[big - 1], 0x5a);
    /* Exactly one chunk (16 KiB) and one byte more. */
    unsigned char *c1 = arena_alloc(a, 16384), *c2 = arena_alloc(a, 16385);
    memset(c1, 1, 16384);
    memset(c2, 2, 16385);
    assert_int_equal(c1[16383], 1);
    assert_int_equal(c2[16384], 2);
    arena_free(a);
}

/* Sizes near SIZE_MAX must not wrap round to a small block: "aborts on
 * out-of-memory", never returns memory smaller than asked for. */
static void test_arena_huge_size_aborts_instead_of_wrapping(void **state)
{
    (void)state;
    const size_t sizes[] = {SIZE_MAX, SIZE_MAX - 7, SIZE_MAX - 40};
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        fflush(NULL);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            arena *a = arena_new();
            void *p = arena_alloc(a, sizes[i]);
            _exit(p ? 42 : 43); /* returning at all is the bug */
        }
        int st = 0;
        assert_int_equal(waitpid(pid, &st, 0), pid);
        if (WIFEXITED(st) && (WEXITSTATUS(st) == 42 || WEXITSTATUS(st) == 43))
            fail_msg("arena_alloc(SIZE_MAX - %zu) returned instead of aborting",
                     (size_t)(SIZE_MAX - sizes[i]));
        if (WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV)
            fail_msg("arena_alloc(SIZE_MAX - %zu) crashed (SIGSEGV) instead of aborting",
                     (size_t)(SIZE_MAX - sizes[i]));
    }
}

static void test_arena_strndup_copies_n_bytes_and_terminates(void **state)
{
    (void)state;
    arena *a = arena_new();
    char *s = arena_strndup(a, "hello world", 5);
    assert_string_equal(s, "hello");
    assert_string_equal(arena_strndup(a, "abc", 0), "");
    /* Embedded NUL: n bytes are copied as given. */
    char *z = arena_strndup(a, "a\0b", 3);
    assert_int_equal(memcmp(z, "a\0b\0", 4), 0);
    assert_null(arena_strndup(a, NULL, 3));
    assert_null(arena_strdup(a, NULL));
    const char *src = "copied, not shared";
    char *d = arena_strdup(a, src);
    assert_string_equal(d, src);
    assert_ptr_not_equal(d, src);
    arena_free(a);
}

static void test_arena_printf_formats_short_and_long_strings(void **state)
{
    (void)state;
    arena *a = arena_new();
    assert_string_equal(arena_printf(a, "%s-%d-%lld", "x", -5, (long long)INT64_MAX),
                        "x--5-9223372036854775807");
    assert_string_equal(arena_printf(a, "%s", ""), "");
    size_t n = 40000; /* longer than one chunk */
    char *big = malloc(n + 1);
    memset(big, 'q', n);
    big[n] = '\0';
    char *s = arena_printf(a, "<%s>", big);
    assert_int_equal(strlen(s), n + 2);
    assert_int_equal(s[0], '<');
    assert_int_equal(s[n], 'q');
    assert_int_equal(s[n + 1], '>');
    free(big);
    arena_free(a);
}

static void test_arena_free_accepts_null(void **state)
{
    (void)state;
    arena_free(NULL);
    arena *a = arena_new();
    arena_free(a); /* empty arena */
}

/* ---- buf and escaping ------------------------------------------------------------- */

static char *esc(void (*fn)(buf *, const char *, size_t), const char *s)
{
    static char out[1024];
    buf b;
    buf_init(&b);
    fn(&b, s, strlen(s));
    snprintf(out, sizeof out, "%s", b.data ? b.data : "");
    buf_free(&b);
    return out;
}

static void test_html_txt_escapes_the_five_characters(void **state)
{
    (void)state;
    assert_string_equal(esc(html_txt, "&<>\"'"), "&amp;&lt;&gt;&quot;&#39;");
    assert_string_equal(esc(html_txt, "<script>alert('x')</script>"),
                        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    assert_string_equal(esc(html_txt, "a & b"), "a &amp; b");
    assert_string_equal(esc(html_txt, "&amp;"), "&amp;amp;"); /* no double-decoding */
}

static void test_html_txt_leaves_other_text_alone(void **state)
{
    (void)state;
    assert_string_equal(esc(html_txt, ""), "");
    assert_string_equal(esc(html_txt, "plain text 123 / = ; :"), "plain text 123 / = ; :");
    assert_string_equal(esc(html_txt, "Jos\xc3\xa9 \xe2\x82\xac"), "Jos\xc3\xa9 \xe2\x82\xac");
}

static void test_html_txt_respects_the_length(void **state)
{
    (void)state;
    buf b;
    buf_init(&b);
    html_txt(&b, "<b>bold</b>", 3);
    assert_string_equal(b.data, "&lt;b&gt;");
    buf_free(&b);
}

static void test_html_attr_escapes_quotes_for_attributes(void **state)
{
    (void)state;
    assert_string_equal(esc(html_attr, "\" onmouseover=\"x"), "&quot; onmouseover=&quot;x");
    assert_string_equal(esc(html_attr, "' onfocus='x"), "&#39; onfocus=&#39;x");
}

static void test_url_arg_keeps_unreserved_and_escapes_the_rest(void **state)
{
    (void)state;
    assert_string_equal(esc(url_arg, "AZaz09-_.~"), "AZaz09-_.~");
    assert_string_equal(esc(url_arg, "a b"), "a%20b");
    assert_string_equal(esc(url_arg, "a+b&c=d?e#f/g%h"), "a%2Bb%26c%3Dd%3Fe%23f%2Fg%25h");
    assert_string_equal(esc(url_arg, "\"'<>"), "%22%27%3C%3E");
    assert_string_equal(esc(url_arg, "\xc3\xa9"), "%C3%A9");
    assert_string_equal(esc(url_arg, "\n\x7f\xff"), "%0A%7F%FF");
    assert_string_equal(esc(url_arg, ""), "");
}

static void test_csv_field_quotes_every_field_and_doubles_quotes(void **state)
{
    (void)state;
    assert_string_equal(esc(csv_field, "plain"), "\"plain\"");
    assert_string_equal(esc(csv_field, ""), "\"\"");
    assert_string_equal(esc(csv_field, "say \"hi\""), "\"say \"\"hi\"\"\"");
    assert_string_equal(esc(csv_field, "a,b"), "\"a,b\"");
    assert_string_equal(esc(csv_field, "line1\nline2"), "\"line1\nline2\"");
}

static void test_csv_field_guards_formula_prefixes(void **state)
{
    (void)state;
    assert_string_equal(esc(csv_field, "=1+1"), "\"'=1+1\"");
    assert_string_equal(esc(csv_field, "+1"), "\"'+1\"");
    assert_string_equal(esc(csv_field, "-1"), "\"'-1\"");
    assert_string_equal(esc(csv_field, "@SUM(A1)"), "\"'@SUM(A1)\"");
    assert_string_equal(esc(csv_field, "\t=1"), "\"'\t=1\"");
    assert_string_equal(esc(csv_field, "\r=1"), "\"'\r=1\"");
    assert_string_equal(esc(csv_field, "=HYPERLINK(\"http://x\")"),
                        "\"'=HYPERLINK(\"\"http://x\"\")\"");
}

static void test_csv_field_leaves_inner_formula_characters_alone(void **state)
{
    (void)state;
    assert_string_equal(esc(csv_field, "a=b"), "\"a=b\"");
    assert_string_equal(esc(csv_field, "1-2"), "\"1-2\"");
    assert_string_equal(esc(csv_field, "ann@example.org"), "\"ann@example.org\"");
}

static void test_buf_grows_and_stays_terminated(void **state)
{
    (void)state;
    buf b;
    buf_init(&b);
    assert_null(b.data);
    for (int i = 0; i < 1000; i++)
        buf_printf(&b, "%d,", i);
    assert_int_equal(b.len, strlen(b.data));
    assert_int_equal(strncmp(b.data, "0,1,2,", 6), 0);
    assert_int_equal(strcmp(b.data + b.len - 4, "999,"), 0);
    buf_putc(&b, 'x');
    assert_int_equal(b.data[b.len - 1], 'x');
    assert_int_equal(b.data[b.len], '\0');
    char *s = buf_steal(&b);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    assert_int_equal(s[strlen(s) - 1], 'x');
    free(s);
    s = buf_steal(&b); /* empty: still a valid string */
    assert_string_equal(s, "");
    free(s);
    buf_free(&b);
}

int main(void)
{
    if (secret_init() != 0) {
        fprintf(stderr, "libsodium failed to initialise\n");
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_token_is_43_base64url_characters),
        cmocka_unit_test(test_token_is_different_each_time),
        cmocka_unit_test(test_token_hash_is_64_lower_case_hex_and_stable),
        cmocka_unit_test(test_token_hash_is_blake2b_256),
        cmocka_unit_test(test_token_hash_differs_for_tokens_one_character_apart),
        cmocka_unit_test(test_hex_encode),
        cmocka_unit_test(test_password_hash_verifies_the_right_password_only),
        cmocka_unit_test(test_password_hash_is_argon2id_with_owasp_parameters),
        cmocka_unit_test(test_password_hash_is_salted),
        cmocka_unit_test(test_password_hash_handles_utf8_and_max_length),
        cmocka_unit_test(test_password_verify_refuses_missing_or_malformed_hashes),
        cmocka_unit_test(test_secret_equal),
        cmocka_unit_test(test_arena_allocations_are_aligned_and_zeroed),
        cmocka_unit_test(test_arena_allocations_do_not_overlap),
        cmocka_unit_test(test_arena_zero_size_allocations_are_distinct),
        cmocka_unit_test(test_arena_large_allocation_beyond_one_chunk),
        cmocka_unit_test(test_arena_huge_size_aborts_instead_of_wrapping),
        cmocka_unit_test(test_arena_strndup_copies_n_bytes_and_terminates),
        cmocka_unit_test(test_arena_printf_formats_short_and_long_strings),
        cmocka_unit_test(test_arena_free_accepts_null),
        cmocka_unit_test(test_html_txt_escapes_the_five_characters),
        cmocka_unit_test(test_html_txt_leaves_other_text_alone),
        cmocka_unit_test(test_html_txt_respects_the_length),
        cmocka_unit_test(test_html_attr_escapes_quotes_for_attributes),
        cmocka_unit_test(test_url_arg_keeps_unreserved_and_escapes_the_rest),
        cmocka_unit_test(test_csv_field_quotes_every_field_and_doubles_quotes),
        cmocka_unit_test(test_csv_field_guards_formula_prefixes),
        cmocka_unit_test(test_csv_field_leaves_inner_formula_characters_alone),
        cmocka_unit_test(test_buf_grows_and_stays_terminated),
    };
    return cmocka_run_group_tests_name("secret", tests, NULL, NULL);
}
