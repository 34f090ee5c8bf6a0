/* test_account_rules.c - usernames, display names, organization ids and names, and the password
 * policy. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "account_rules.h"

/* n copies of the UTF-8 sequence u, NUL-terminated, in out (which must be big enough). */
static char *rep(char *out, const char *u, size_t n)
{
    size_t ul = strlen(u);
    for (size_t i = 0; i < n; i++)
        memcpy(out + i * ul, u, ul);
    out[n * ul] = '\0';
    return out;
}

/* The first n characters of a password of ASCII characters that are all
 * different from each other for a long stretch (n <= 200), never a common password. */
static char *varied(char *out, size_t n)
{
    static const char pool[] = "Kq7#vR2!mZ9$wT4&xB6*yN8(pL3)hJ5_gF1+dS0=aQ-cE~uI^oW%tY@rU.iO,zX;";
    size_t pl = sizeof pool - 1;
    for (size_t i = 0; i < n; i++)
        out[i] = pool[i % pl];
    out[n] = '\0';
    return out;
}

/* ---- usernames ------------------------------------------------------------ */

static void test_username_allows_lower_case_letters_digits_dot_underscore_dash(void **state)
{
    (void)state;
    assert_null(check_username("abc"));
    assert_null(check_username("a.b"));
    assert_null(check_username("maria_lopez-2"));
    assert_null(check_username("j.d_o-e.99"));
    assert_null(check_username("007"));
    assert_null(check_username("9lives"));
}

static void test_username_length_is_3_to_64(void **state)
{
    (void)state;
    char s[80];
    assert_null(check_username(rep(s, "a", 3)));
    assert_null(check_username(rep(s, "a", 64)));
    assert_non_null(check_username(rep(s, "a", 2)));
    assert_non_null(check_username(rep(s, "a", 65)));
    assert_non_null(check_username(""));
    assert_non_null(check_username(NULL));
    assert_string_equal(check_username("ab"), "A username has 3 to 64 characters.");
}

static void test_username_must_start_with_letter_or_digit(void **state)
{
    (void)state;
    assert_non_null(check_username(".abc"));
    assert_non_null(check_username("_abc"));
    assert_non_null(check_username("-abc"));
    assert_string_equal(check_username("-abc"), "A username starts with a letter or a digit.");
}

static void test_username_refuses_upper_case_spaces_and_other_characters(void **state)
{
    (void)state;
    assert_non_null(check_username("Alice"));
    assert_non_null(check_username("aliCe"));
    assert_non_null(check_username("al ice"));
    assert_non_null(check_username("al@ice"));
    assert_non_null(check_username("al/ice"));
    assert_non_null(check_username("al'ice"));
    assert_non_null(check_username("al\nice"));
    assert_non_null(check_username("jos\xc3\xa9"));
    assert_string_equal(check_username("al+ice"),
                        "A username uses only lower-case letters, digits, '.', '_' and '-'.");
}

/* ---- display names -------------------------------------------------------- */

static void test_display_name_allows_1_to_120_characters(void **state)
{
    (void)state;
    char s[200];
    assert_null(check_display_name("A"));
    assert_null(check_display_name("Mar\xc3\xad"
                                   "a O'Connor-L\xc3\xb3pez"));
    assert_null(check_display_name(rep(s, "x", 120)));
    assert_non_null(check_display_name(rep(s, "x", 121)));
    assert_non_null(check_display_name(""));
    assert_non_null(check_display_name(NULL));
}

/* The contract says characters, as people count them: a name written in
 * Cyrillic or Greek takes two bytes a letter and must get the same room. */
static void test_display_name_of_120_non_latin_characters_is_allowed(void **state)
{
    (void)state;
    char s[400];
    assert_null(check_display_name(rep(s, "\xd0\x96", 61))); /* 61 x U+0416, 122 bytes */
    assert_null(check_display_name(rep(s, "\xd0\x96", 120)));
    assert_non_null(check_display_name(rep(s, "\xd0\x96", 121)));
}

static void test_display_name_refuses_control_characters(void **state)
{
    (void)state;
    assert_non_null(check_display_name("Ann\nLee"));
    assert_non_null(check_display_name("Ann\rLee"));
    assert_non_null(check_display_name("Ann\tLee"));
    assert_non_null(check_display_name("Ann\x1b[31mLee"));
    assert_non_null(check_display_name("Ann\x7fLee"));
    assert_string_equal(check_display_name("\x01"), "A name cannot contain control characters.");
}

/* U+0085 NEXT LINE and the other C1 codes are control characters too (Unicode Cc). */
static void test_display_name_refuses_c1_control_characters(void **state)
{
    (void)state;
    assert_non_null(check_display_name("Ann\xc2\x85Lee"));
    assert_non_null(check_display_name("Ann\xc2\x9bLee"));
}

/* ---- organization ids (slugs) and names ------------------------------------ */

static void test_slug_allows_lower_case_letters_digits_and_dash(void **state)
{
    (void)state;
    char s[60];
    assert_null(check_slug("ab"));
    assert_null(check_slug("hope-house-2"));
    assert_null(check_slug(rep(s, "a", 40)));
}

static void test_slug_length_is_2_to_40(void **state)
{
    (void)state;
    char s[60];
    assert_non_null(check_slug("a"));
    assert_non_null(check_slug(""));
    assert_non_null(check_slug(NULL));
    assert_non_null(check_slug(rep(s, "a", 41)));
    assert_string_equal(check_slug("a"), "An organization id has 2 to 40 characters.");
}

static void test_slug_starts_with_a_lower_case_letter(void **state)
{
    (void)state;
    assert_non_null(check_slug("1ab"));
    assert_non_null(check_slug("-ab"));
    assert_non_null(check_slug("Ab"));
    assert_string_equal(check_slug("9a"), "An organization id starts with a lower-case letter.");
}

static void test_slug_refuses_underscore_dot_upper_case_and_space(void **state)
{
    (void)state;
    assert_non_null(check_slug("a_b"));
    assert_non_null(check_slug("a.b"));
    assert_non_null(check_slug("aB"));
    assert_non_null(check_slug("a b"));
    assert_non_null(check_slug("a/b"));
    assert_string_equal(check_slug("a_b"),
                        "An organization id uses only lower-case letters, digits and '-'.");
}

static void test_org_name_allows_1_to_200_characters(void **state)
{
    (void)state;
    char s[260];
    assert_null(check_org_name("X"));
    assert_null(check_org_name("Hope House Recovery Community Organization, Inc."));
    assert_null(check_org_name(rep(s, "o", 200)));
    assert_non_null(check_org_name(rep(s, "o", 201)));
    assert_non_null(check_org_name(""));
    assert_non_null(check_org_name(NULL));
}

static void test_org_name_refuses_control_characters(void **state)
{
    (void)state;
    assert_non_null(check_org_name("Hope\nHouse"));
    assert_non_null(check_org_name("Hope\x7fHouse"));
    assert_string_equal(check_org_name("\t"),
                        "An organization name cannot contain control characters.");
}

/* ---- password policy (HIPAA 164.312(d)) ----------------------------------- */

static void test_password_policy_allows_a_varied_password_of_min_length(void **state)
{
    (void)state;
    char pw[200];
    assert_null(check_password(varied(pw, 12), "alice", 12));
    assert_null(check_password("correct horse battery staple", "alice", 12));
}

static void test_password_policy_refuses_one_character_below_min_length(void **state)
{
    (void)state;
    char pw[200];
    assert_string_equal(check_password(varied(pw, 11), "alice", 12),
                        "This password is too short for the organization's policy.");
    assert_null(check_password(varied(pw, 20), "alice", 20));
    assert_non_null(check_password(varied(pw, 19), "alice", 20));
}

static void test_password_policy_refuses_missing_and_empty(void **state)
{
    (void)state;
    assert_string_equal(check_password(NULL, "alice", 12), "Enter a password.");
    assert_non_null(check_password("", "alice", 12));
}

/* Length is in code points: 12 accented letters are 12 characters (24 bytes). */
static void test_password_policy_min_length_counts_code_points_not_bytes(void **state)
{
    (void)state;
    const char *twelve = "\xc3\xa9\xc3\xa0\xc3\xbc\xc3\xb6\xc3\xb1\xc3\xa7"
                         "\xc3\xa9\xc3\xa0\xc3\xbc\xc3\xb6\xc3\xb1\xc3\xa7"; /* éàüöñç x 2 */
    assert_null(check_password(twelve, "alice", 12));
    assert_non_null(check_password(twelve, "alice", 13));
    /* 6 characters in 12 bytes are still 6 characters. */
    const char *six = "\xc3\xa9\xc3\xa0\xc3\xbc\xc3\xb6\xc3\xb1\xc3\xa7";
    assert_non_null(check_password(six, "alice", 12));
    /* 4-byte characters count once each. */
    const char *emoji = "\xf0\x9f\x98\x80\xf0\x9f\x98\x81\xf0\x9f\x98\x82\xf0\x9f\x98\x83"
                        "\xf0\x9f\x98\x84\xf0\x9f\x98\x85\xf0\x9f\x98\x86\xf0\x9f\x98\x87"
                        "\xf0\x9f\x98\x88\xf0\x9f\x98\x89"; /* 10 code points, 40 bytes */
    assert_null(check_password(emoji, "alice", 10));
    assert_non_null(check_password(emoji, "alice", 11));
}

static void test_password_policy_allows_128_bytes_and_refuses_129(void **state)
{
    (void)state;
    char pw[200];
    assert_null(check_password(varied(pw, 128), "alice", 12));
    assert_string_equal(check_password(varied(pw, 129), "alice", 12),
                        "A password has at most 128 characters.");
}

/* The upper limit is in bytes (what the server hashes): 64 two-byte letters fit,
 * 65 do not, although 65 characters is far from 128. */
static void test_password_policy_max_length_counts_bytes(void **state)
{
    (void)state;
    char pw[400];
    const char *five = "\xc3\xa9\xc3\xa0\xc3\xbc\xc3\xb6\xc3\xb1"; /* 5 letters, 10 bytes */
    pw[0] = '\0';
    for (int i = 0; i < 12; i++)
        strcat(pw, five);                           /* 60 letters, 120 bytes */
    strcat(pw, "\xc3\xa9\xc3\xa0\xc3\xbc\xc3\xb6"); /* 64 letters, 128 bytes */
    assert_int_equal(strlen(pw), 128);
    assert_null(check_password(pw, "alice", 12));
    strcat(pw, "\xc3\xb1"); /* 65 letters, 130 bytes */
    assert_non_null(check_password(pw, "alice", 12));
}

static void test_password_policy_refuses_username_inside(void **state)
{
    (void)state;
    assert_string_equal(check_password("xx-alice-Q7#vR2!", "alice", 12),
                        "A password cannot contain the username.");
    assert_non_null(check_password("alice-Q7#vR2!mZ", "alice", 12));
    assert_non_null(check_password("Q7#vR2!mZ-alice", "alice", 12));
    assert_non_null(check_password("maria.lopez1!", "maria.lopez", 12));
}

static void test_password_policy_refuses_username_inside_case_insensitively(void **state)
{
    (void)state;
    assert_non_null(check_password("xx-ALICE-Q7#vR2!", "alice", 12));
    assert_non_null(check_password("xx-AlIcE-Q7#vR2!", "alice", 12));
}

static void test_password_policy_allows_password_without_the_username(void **state)
{
    (void)state;
    /* Parts of the username are fine; only the whole is refused. */
    assert_null(check_password("xx-alic-Q7#vR2!", "alice", 12));
    /* No username known (first admin in the CLI): only the other rules apply. */
    assert_null(check_password("xx-alice-Q7#vR2!", NULL, 12));
    assert_null(check_password("xx-alice-Q7#vR2!", "", 12));
}

static void test_password_policy_refuses_common_passwords(void **state)
{
    (void)state;
    const char *msg = "This password is on the list of the most common passwords.";
    assert_string_equal(check_password("password1234", "alice", 12), msg);
    assert_string_equal(check_password("Password123!", "alice", 12), msg);
    assert_string_equal(check_password("qwerty123456", "alice", 12), msg);
    assert_string_equal(check_password("administrator", "alice", 12), msg);
    assert_string_equal(check_password("letmein12345", "alice", 12), msg);
}

static void test_password_policy_refuses_common_passwords_in_any_case(void **state)
{
    (void)state;
    assert_non_null(check_password("PASSWORD1234", "alice", 12));
    assert_non_null(check_password("QwErTy123456", "alice", 12));
    assert_non_null(check_password("ADMINISTRATOR", "alice", 12));
}

static void test_password_policy_allows_a_common_password_with_more_added(void **state)
{
    (void)state;
    /* The list is of whole passwords; a longer one is judged on its own. */
    assert_null(check_password("qwerty123456-Zebra", "alice", 12));
}

static void test_password_policy_refuses_fewer_than_5_distinct_characters(void **state)
{
    (void)state;
    const char *msg = "A password needs at least 5 different characters.";
    assert_string_equal(check_password("abcdabcdabcd", "alice", 12), msg);
    assert_string_equal(check_password("aaaaaaaaaaaaaaaa", "alice", 12), msg);
    assert_string_equal(check_password("ababababababab", "alice", 12), msg);
    assert_null(check_password("abcdeabcdeab", "alice", 12));
}

/* Characters, not bytes: three different letters are three however many
 * different bytes they are written with (é = C3 A9, ж = D0 B6, 中 = E4 B8 AD). */
static void test_password_policy_refuses_3_distinct_characters_written_in_7_bytes(void **state)
{
    (void)state;
    char pw[100];
    rep(pw, "\xc3\xa9\xd0\xb6\xe4\xb8\xad", 4); /* 12 characters, 3 different */
    assert_non_null(check_password(pw, "alice", 12));
}

/* ...and five different characters are five even when they share bytes:
 * U+10000 U+10001 U+10040 U+10041 U+10010 use only F0 90 80 81. */
static void test_password_policy_allows_5_distinct_characters_sharing_bytes(void **state)
{
    (void)state;
    char pw[200];
    rep(pw,
        "\xf0\x90\x80\x80\xf0\x90\x80\x81\xf0\x90\x81\x80\xf0\x90\x81\x81"
        "\xf0\x90\x80\x90",
        3); /* 15 characters, 5 different, 60 bytes */
    assert_null(check_password(pw, "alice", 12));
}

static void test_password_policy_checks_length_before_the_other_rules(void **state)
{
    (void)state;
    /* A short common password gets the length message, which says what to change. */
    assert_string_equal(check_password("aaaa", "alice", 12),
                        "This password is too short for the organization's policy.");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_username_allows_lower_case_letters_digits_dot_underscore_dash),
        cmocka_unit_test(test_username_length_is_3_to_64),
        cmocka_unit_test(test_username_must_start_with_letter_or_digit),
        cmocka_unit_test(test_username_refuses_upper_case_spaces_and_other_characters),
        cmocka_unit_test(test_display_name_allows_1_to_120_characters),
        cmocka_unit_test(test_display_name_of_120_non_latin_characters_is_allowed),
        cmocka_unit_test(test_display_name_refuses_control_characters),
        cmocka_unit_test(test_display_name_refuses_c1_control_characters),
        cmocka_unit_test(test_slug_allows_lower_case_letters_digits_and_dash),
        cmocka_unit_test(test_slug_length_is_2_to_40),
        cmocka_unit_test(test_slug_starts_with_a_lower_case_letter),
        cmocka_unit_test(test_slug_refuses_underscore_dot_upper_case_and_space),
        cmocka_unit_test(test_org_name_allows_1_to_200_characters),
        cmocka_unit_test(test_org_name_refuses_control_characters),
        cmocka_unit_test(test_password_policy_allows_a_varied_password_of_min_length),
        cmocka_unit_test(test_password_policy_refuses_one_character_below_min_length),
        cmocka_unit_test(test_password_policy_refuses_missing_and_empty),
        cmocka_unit_test(test_password_policy_min_length_counts_code_points_not_bytes),
        cmocka_unit_test(test_password_policy_allows_128_bytes_and_refuses_129),
        cmocka_unit_test(test_password_policy_max_length_counts_bytes),
        cmocka_unit_test(test_password_policy_refuses_username_inside),
        cmocka_unit_test(test_password_policy_refuses_username_inside_case_insensitively),
        cmocka_unit_test(test_password_policy_allows_password_without_the_username),
        cmocka_unit_test(test_password_policy_refuses_common_passwords),
        cmocka_unit_test(test_password_policy_refuses_common_passwords_in_any_case),
        cmocka_unit_test(test_password_policy_allows_a_common_password_with_more_added),
        cmocka_unit_test(test_password_policy_refuses_fewer_than_5_distinct_characters),
        cmocka_unit_test(test_password_policy_refuses_3_distinct_characters_written_in_7_bytes),
        cmocka_unit_test(test_password_policy_allows_5_distinct_characters_sharing_bytes),
        cmocka_unit_test(test_password_policy_checks_length_before_the_other_rules),
    };
    return cmocka_run_group_tests_name("account_rules", tests, NULL, NULL);
}
