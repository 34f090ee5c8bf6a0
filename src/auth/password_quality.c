/* password_quality.c - the strength check on every new password: libpwquality with cracklib's
 * dictionary, the organization's own words, and the published demo password. */
#include "password_quality.h"

#include <ctype.h>
#include <stdint.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <pwquality.h>

#include "account_rules.h"
#include "msg.h"
#include "wf_text.h"

/* cracklib keeps state between calls of its dictionary reader: one check at a time (a new
 * password is set a few times a day, never on a hot path). */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* The shortest length libpwquality accepts as a setting; the policy length is checked
 * before, by check_password, so this only keeps pwquality from refusing on length. */
#define PWQ_FLOOR_LENGTH 6

/* libpwquality's reasons by its error code (PWQ_ERROR_*), as catalog ids under "account.pwq.",
 * so the reason is said in the reader's language and never in the library's English
 * (pwquality_strerror). A code whose aux is a number (the setting it fell short of) fills {n}. */
static const struct {
    int code;
    const char *id;
    int counted;
} pwq_reasons[] = {
    {PWQ_ERROR_TOO_SIMILAR, "too_similar", 0},
    {PWQ_ERROR_MIN_DIGITS, "min_digits", 1},
    {PWQ_ERROR_MIN_UPPERS, "min_uppers", 1},
    {PWQ_ERROR_MIN_LOWERS, "min_lowers", 1},
    {PWQ_ERROR_MIN_OTHERS, "min_others", 1},
    {PWQ_ERROR_MIN_LENGTH, "min_length", 1},
    {PWQ_ERROR_PALINDROME, "palindrome", 0},
    {PWQ_ERROR_CASE_CHANGES_ONLY, "case_changes_only", 0},
    {PWQ_ERROR_ROTATED, "rotated", 0},
    {PWQ_ERROR_MIN_CLASSES, "min_classes", 1},
    {PWQ_ERROR_MAX_CONSECUTIVE, "max_consecutive", 1},
    {PWQ_ERROR_EMPTY_PASSWORD, "empty", 0},
    {PWQ_ERROR_SAME_PASSWORD, "same", 0},
    {PWQ_ERROR_GECOS_CHECK, "gecos", 0},
    {PWQ_ERROR_MAX_CLASS_REPEAT, "max_class_repeat", 1},
    {PWQ_ERROR_MAX_SEQUENCE, "max_sequence", 1},
};

/* cracklib's reasons inside PWQ_ERROR_CRACKLIB_CHECK (its aux: FascistCheck's sentence, in
 * English while the server's locale is C), as catalog ids; another sentence is said as
 * "account.pwq.cracklib". */
static const struct {
    const char *says, *id;
} cracklib_reasons[] = {
    {"it is WAY too short", "cracklib_short"},
    {"it is too short", "cracklib_short"},
    {"it does not contain enough DIFFERENT characters", "cracklib_distinct"},
    {"it is all whitespace", "cracklib_whitespace"},
    {"it is too simplistic/systematic", "cracklib_simple"},
    {"it looks like a National Insurance number.", "cracklib_ni"},
    {"it is based on a dictionary word", "cracklib_word"},
    {"it is based on a (reversed) dictionary word", "cracklib_reversed"},
    {"it is based on your username", "username"},
    {"it is based upon your password entry", "gecos"},
    {"it is derivable from your password entry", "gecos"},
    {"it is derived from your password entry", "gecos"},
    {"it's derivable from your password entry", "gecos"},
    {"it's derived from your password entry", "gecos"},
};

/* cracklib's sentence when it could not read its dictionary: the check did not run. */
#define CRACKLIB_UNLOADED "error loading dictionary"

/* The reason of libpwquality's refusal rc (aux as pwquality_check set it) in lang, into why. */
static void pwq_reason(int rc, void *aux, const char *lang, char *why, size_t len)
{
    const char *id = "other", *n = NULL;
    char num[24];
    if (rc == PWQ_ERROR_CRACKLIB_CHECK) {
        id = "cracklib";
        for (size_t i = 0; aux && i < sizeof cracklib_reasons / sizeof *cracklib_reasons; i++)
            if (!strcmp((const char *)aux, cracklib_reasons[i].says))
                id = cracklib_reasons[i].id;
    } else {
        for (size_t i = 0; i < sizeof pwq_reasons / sizeof *pwq_reasons; i++)
            if (pwq_reasons[i].code == rc) {
                id = pwq_reasons[i].id;
                if (pwq_reasons[i].counted) {
                    snprintf(num, sizeof num, "%ld", (long)(intptr_t)aux);
                    n = num;
                }
            }
    }
    char ref[64];
    snprintf(ref, sizeof ref, "@account.pwq.%s", id);
    struct wf_text t;
    wf_text_set(&t, "account.err.password_guessable", "why", ref, "n", n, NULL);
    wf_text_format(&t, lang, why, len);
}

/* Run libpwquality on pw. Returns its error (< 0) with the reason in why (in lang), or >= 0. */
static int pwq_check(const char *pw, const char *user, const char *bad_words, const char *lang,
                     char *why, size_t len)
{
    pwquality_settings_t *s = pwquality_default_settings();
    if (!s) {
        snprintf(why, len, "%s", msg(lang, "account.err.password_unchecked"));
        return PWQ_ERROR_MEM_ALLOC;
    }
    /* The defaults, not /etc/security/pwquality.conf: the same rules on every server. */
    pwquality_set_int_value(s, PWQ_SETTING_MIN_LENGTH, PWQ_FLOOR_LENGTH);
    pwquality_set_str_value(s, PWQ_SETTING_DICT_PATH, PASSWORD_DICT);
    if (bad_words && *bad_words)
        pwquality_set_str_value(s, PWQ_SETTING_BAD_WORDS, bad_words);
    void *aux = NULL;
    pthread_mutex_lock(&lock);
    int rc = pwquality_check(s, pw, NULL, user, &aux);
    pthread_mutex_unlock(&lock);
    switch (rc) {
    case PWQ_ERROR_USER_CHECK:
        snprintf(why, len, "%s", msg(lang, "account.err.password_username"));
        break;
    case PWQ_ERROR_BAD_WORDS:
        snprintf(why, len, "%s", msg(lang, "account.err.password_org"));
        break;
    case PWQ_ERROR_FATAL_FAILURE:
    case PWQ_ERROR_INTEGER:
    case PWQ_ERROR_CFGFILE_OPEN:
    case PWQ_ERROR_CFGFILE_MALFORMED:
    case PWQ_ERROR_UNKNOWN_SETTING:
    case PWQ_ERROR_NON_INT_SETTING:
    case PWQ_ERROR_NON_STR_SETTING:
    case PWQ_ERROR_MEM_ALLOC:
    case PWQ_ERROR_RNG:
    case PWQ_ERROR_GENERATION_FAILED: /* the check did not run: it does not pass */
        snprintf(why, len, "%s", msg(lang, "account.err.password_unchecked"));
        break;
    case PWQ_ERROR_CRACKLIB_CHECK:
        if (aux && !strcmp((const char *)aux, CRACKLIB_UNLOADED)) {
            snprintf(why, len, "%s", msg(lang, "account.err.password_unchecked"));
            break;
        }
        pwq_reason(rc, aux, lang, why, len);
        break;
    default:
        if (rc < 0)
            pwq_reason(rc, aux, lang, why, len);
    }
    pwquality_free_settings(s);
    return rc;
}

/* The letters left when the digits and symbols at both ends are taken off pw, into core.
 * Returns their number, or -1 when something other than ASCII letters remains (a
 * passphrase, mixed characters), which this rule does not judge. */
static int bare_word(const char *pw, char *core, size_t len)
{
    const char *b = pw, *e = pw + strlen(pw);
    while (*b && !isalpha((unsigned char)*b))
        b++;
    while (e > b && !isalpha((unsigned char)e[-1]))
        e--;
    if ((size_t)(e - b) >= len)
        return -1;
    for (const char *p = b; p < e; p++) {
        if (!isalpha((unsigned char)*p))
            return -1;
        core[p - b] = (char)tolower((unsigned char)*p);
    }
    core[e - b] = '\0';
    return (int)(e - b);
}

const char *password_refusal(char *why, size_t len, const char *pw, const char *username,
                             const char *org_slug, const char *org_name, int min_len)
{
    return password_refusal_lang(NULL, why, len, pw, username, org_slug, org_name, min_len);
}

const char *password_refusal_lang(const char *lang, char *why, size_t len, const char *pw,
                                  const char *username, const char *org_slug,
                                  const char *org_name, int min_len)
{
    const char *rule = check_password_lang(pw, username, min_len, lang);
    if (rule)
        return rule;
    if (strcasecmp(pw, PASSWORD_DEMO) == 0)
        return msg(lang, "account.err.password_demo");
    if (access(PASSWORD_DICT ".pwd", R_OK) != 0)
        return msg(lang, "account.err.password_no_dictionary");
    /* The organization's id and the words of its name (libpwquality looks for each). */
    char words[ORG_NAME_MAX_LEN + SLUG_MAX_LEN + 8];
    snprintf(words, sizeof words, "%s %s", org_slug ? org_slug : "", org_name ? org_name : "");
    for (char *p = words; *p; p++)
        if (*p == '-' || *p == ',' || *p == '.' || *p == '&' || *p == '\'')
            *p = ' ';
    if (pwq_check(pw, username, words, lang, why, len) < 0)
        return why;
    /* cracklib passes a dictionary word with a year and "!!" after it (Summer2026!!): the
     * word is the whole secret, and the first thing guessed. */
    char core[PASSWORD_MAX_LEN + 1];
    int n = bare_word(pw, core, sizeof core);
    const char *word_rule = msg(lang, "account.err.password_one_word");
    if (n >= 0 && n < PWQ_FLOOR_LENGTH)
        return word_rule;
    if (n >= PWQ_FLOOR_LENGTH) {
        char ignored[PWQ_MAX_ERROR_MESSAGE_LEN];
        if (pwq_check(core, NULL, NULL, NULL, ignored, sizeof ignored) ==
            PWQ_ERROR_CRACKLIB_CHECK)
            return word_rule;
    }
    return NULL;
}
