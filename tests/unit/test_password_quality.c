/* test_password_quality.c - the strength check on new passwords (HIPAA 164.312(d); issue 7):
 * libpwquality with cracklib's dictionary, the organization's words, the demo password. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "password_quality.h"

static char why[256];

/* The refusal of pw for user "dana" of organization "acme" ("Acme Recovery Services"). */
static const char *refusal(const char *pw)
{
    return password_refusal(why, sizeof why, pw, "dana", "acme", "Acme Recovery Services", 12);
}

/* Fail unless pw is refused with a message containing reason, which never repeats pw. */
static void assert_refused(const char *pw, const char *reason)
{
    const char *m = refusal(pw);
    if (!m)
        fail_msg("'%s' was accepted", pw);
    if (!strstr(m, reason))
        fail_msg("'%s' refused with \"%s\", expected it to say \"%s\"", pw, m, reason);
    if (strstr(m, pw))
        fail_msg("the refusal of '%s' repeats it: \"%s\"", pw, m);
}

static void test_the_cracklib_dictionary_is_installed(void **state)
{
    (void)state;
    if (access(PASSWORD_DICT ".pwd", R_OK) != 0)
        fail_msg("%s.pwd is missing: install cracklib-runtime (tools/deps.sh build)",
                 PASSWORD_DICT);
}

static void test_summer2026_is_refused_as_a_common_word_with_digits_added(void **state)
{
    (void)state;
    assert_refused("Summer2026!!", "one common word with digits or symbols added");
    assert_refused("Welcome2026!!", "one common word");
    assert_refused("!!Winter2025!!", "one common word");
    assert_refused("Tiger2026!!!!", "one common word"); /* five letters are no secret */
}

static void test_qwerty123456_is_refused_by_the_dictionary(void **state)
{
    (void)state;
    assert_refused("Qwerty123456!", "too easy to guess");
    assert_refused("Password123456!", "too easy to guess");
}

static void test_the_published_demo_password_is_refused_for_new_accounts(void **state)
{
    (void)state;
    assert_string_equal(PASSWORD_DEMO, "Recovery-Demo-2026");
    /* In an organization whose name shares no word with it, too. */
    const char *m = password_refusal(why, sizeof why, PASSWORD_DEMO, "dana", "northside",
                                     "Northside Peer Network", 12);
    assert_non_null(m);
    assert_non_null(strstr(m, "published demo password"));
    assert_non_null(password_refusal(why, sizeof why, "recovery-demo-2026", "dana", "northside",
                                     "Northside Peer Network", 12));
}

static void test_the_organizations_name_and_id_are_refused(void **state)
{
    (void)state;
    assert_refused("AcmeRocks-7#vQ2", "organization's name or id");
    assert_refused("Services-7#vQ2-Lamp", "organization's name or id");
    assert_refused("Zq8-recovery-Lamp", "organization's name or id");
}

static void test_the_username_is_refused(void **state)
{
    (void)state;
    assert_refused("xx-dana-Q7#vR2!", "username");
    assert_refused("Xq-Anad-Q7#vR2!lamp", "username"); /* reversed, as pwquality checks */
}

static void test_the_policy_length_is_checked_first(void **state)
{
    (void)state;
    assert_refused("Tr1cky-Lamp", "too short");
}

static void test_strong_passphrases_and_mixed_passwords_pass(void **state)
{
    (void)state;
    static const char *const good[] = {
        "Blue harbor lantern 42", "Correct-Horse-42x", "Another-Horse-43y",
        "Tr1cky-Walrus-Lamp",     "7#kq9!Zt2@pLw",     "correct horse battery staple",
    };
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        const char *m = refusal(good[i]);
        if (m)
            fail_msg("'%s' was refused: %s", good[i], m);
    }
}

/* libpwquality's reason is said in the reader's language from the catalog (its error code and
 * cracklib's sentence mapped to account.pwq.*), never in the library's English. */
static void test_the_dictionary_reason_is_said_in_the_readers_language(void **state)
{
    (void)state;
    static const char *const guessable[] = {"Qwerty123456!", "Password123456!", "abcdefgh1234!"};
    for (size_t i = 0; i < sizeof guessable / sizeof *guessable; i++) {
        const char *pw = guessable[i];
        const char *en = password_refusal_lang("en", why, sizeof why, pw, "dana", "acme",
                                               "Acme Recovery Services", 12);
        if (!en || !strstr(en, "too easy to guess: it "))
            fail_msg("'%s' in English: \"%s\"", pw, en ? en : "(accepted)");
        /* The library's own sentence would begin so; the catalog's never does. */
        if (strstr(en, "The password") || strstr(en, "account.pwq") || strstr(en, "@"))
            fail_msg("'%s' in English is not the catalog's: \"%s\"", pw, en);
        char es_why[256];
        const char *es = password_refusal_lang("es", es_why, sizeof es_why, pw, "dana", "acme",
                                               "Acme Recovery Services", 12);
        if (!es || !strstr(es, "demasiado fácil de adivinar: "))
            fail_msg("'%s' in Spanish: \"%s\"", pw, es ? es : "(accepted)");
        static const char *const english[] = {" it ", "dictionary", "simplistic", "systematic",
                                              "based on", "short", "account.pwq"};
        for (size_t k = 0; k < sizeof english / sizeof *english; k++)
            if (strstr(es, english[k]))
                fail_msg("'%s' in Spanish says \"%s\": \"%s\"", pw, english[k], es);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_cracklib_dictionary_is_installed),
        cmocka_unit_test(test_summer2026_is_refused_as_a_common_word_with_digits_added),
        cmocka_unit_test(test_qwerty123456_is_refused_by_the_dictionary),
        cmocka_unit_test(test_the_published_demo_password_is_refused_for_new_accounts),
        cmocka_unit_test(test_the_organizations_name_and_id_are_refused),
        cmocka_unit_test(test_the_username_is_refused),
        cmocka_unit_test(test_the_policy_length_is_checked_first),
        cmocka_unit_test(test_strong_passphrases_and_mixed_passwords_pass),
        cmocka_unit_test(test_the_dictionary_reason_is_said_in_the_readers_language),
    };
    return cmocka_run_group_tests_name("password_quality", tests, NULL, NULL);
}
