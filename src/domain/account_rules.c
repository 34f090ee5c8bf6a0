/* account_rules.c - pure checks for usernames, names, slugs and the password policy. */
#include "account_rules.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "msg.h"

/* C0 controls, DEL, and the C1 controls U+0080-U+009F (UTF-8 C2 80 .. C2 9F). */
static int has_control(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 || *p == 0x7f)
            return 1;
        if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
            return 1;
    }
    return 0;
}

/* Count UTF-8 code points: every byte that is not a continuation byte. */
static size_t utf8_len(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xc0) != 0x80)
            n++;
    return n;
}

const char *check_username(const char *s)
{
    return check_username_lang(s, NULL);
}

const char *check_username_lang(const char *s, const char *lang)
{
    size_t n = s ? strlen(s) : 0;
    if (n < 3 || n > USERNAME_MAX_LEN)
        return msg(lang, "account.err.username_length");
    if (!isalnum((unsigned char)s[0]))
        return msg(lang, "account.err.username_start");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!(islower(c) || isdigit(c) || c == '.' || c == '_' || c == '-'))
            return msg(lang, "account.err.username_chars");
    }
    return NULL;
}

const char *check_display_name(const char *s)
{
    return check_display_name_lang(s, NULL);
}

const char *check_display_name_lang(const char *s, const char *lang)
{
    size_t n = s ? utf8_len(s) : 0;
    if (n < 1 || n > DISPLAY_NAME_MAX_LEN)
        return msg(lang, "account.err.name_length");
    if (has_control(s))
        return msg(lang, "account.err.name_control");
    return NULL;
}

/* 1 when c may stand in an RFC 5322 atom (atext). */
static int atext(unsigned char c)
{
    return isalnum(c) || (c && strchr("!#$%&'*+/=?^_`{|}~-", c) != NULL);
}

const char *check_email(const char *s)
{
    return check_email_lang(s, NULL);
}

const char *check_email_lang(const char *s, const char *lang)
{
    size_t n = s ? strlen(s) : 0;
    if (n < 3 || n > EMAIL_MAX_LEN)
        return msg(lang, "account.err.email_length");
    const char *at = strrchr(s, '@');
    if (!at || at == s || !at[1])
        return msg(lang, "account.err.email_shape");
    size_t local = (size_t)(at - s);
    if (local > EMAIL_LOCAL_MAX_LEN)
        return msg(lang, "account.err.email_length");
    /* The local part: atoms joined by single dots. */
    for (size_t i = 0; i < local; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '.') {
            if (i == 0 || i + 1 == local || s[i + 1] == '.')
                return msg(lang, "account.err.email_shape");
        } else if (!atext(c)) {
            return msg(lang, "account.err.email_chars");
        }
    }
    /* The domain: labels of letters, digits and '-', at least two of them. */
    int labels = 0;
    for (const char *p = at + 1; *p;) {
        size_t len = strcspn(p, ".");
        if (len == 0 || len > 63 || p[0] == '-' || p[len - 1] == '-')
            return msg(lang, "account.err.email_shape");
        for (size_t i = 0; i < len; i++)
            if (!isalnum((unsigned char)p[i]) && p[i] != '-')
                return msg(lang, "account.err.email_chars");
        labels++;
        p += len;
        if (*p == '.' && !*++p)
            return msg(lang, "account.err.email_shape"); /* a trailing dot */
    }
    if (labels < 2)
        return msg(lang, "account.err.email_shape");
    return NULL;
}

const char *check_slug(const char *s)
{
    return check_slug_lang(s, NULL);
}

const char *check_slug_lang(const char *s, const char *lang)
{
    size_t n = s ? strlen(s) : 0;
    if (n < 2 || n > SLUG_MAX_LEN)
        return msg(lang, "account.err.slug_length");
    if (!islower((unsigned char)s[0]))
        return msg(lang, "account.err.slug_start");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!(islower(c) || isdigit(c) || c == '-'))
            return msg(lang, "account.err.slug_chars");
    }
    return NULL;
}

const char *check_org_name(const char *s)
{
    return check_org_name_lang(s, NULL);
}

const char *check_org_name_lang(const char *s, const char *lang)
{
    size_t n = s ? strlen(s) : 0;
    if (n < 1 || n > ORG_NAME_MAX_LEN)
        return msg(lang, "account.err.org_name_length");
    if (has_control(s))
        return msg(lang, "account.err.org_name_control");
    return NULL;
}

/* The passwords most often tried first by attackers (and chosen by people). */
static const char *const common[] = {
    "password1234", "123456789012", "qwertyuiopas", "passwordpassword", "iloveyou1234",
    "letmein12345", "welcome12345", "recovery1234", "changeme1234", "administrator",
    "password123!", "Password1234", "Password123!", "qwerty123456", "111111111111",
};

const char *check_password(const char *pw, const char *username, int min_len)
{
    return check_password_lang(pw, username, min_len, NULL);
}

const char *check_password_lang(const char *pw, const char *username, int min_len,
                                const char *lang)
{
    if (!pw)
        return msg(lang, "account.err.password_missing");
    size_t bytes = strlen(pw);
    if (bytes > PASSWORD_MAX_LEN)
        return msg(lang, "account.err.password_long");
    if (utf8_len(pw) < (size_t)min_len)
        return msg(lang, "account.err.password_short");
    if (username && *username && strcasestr(pw, username))
        return msg(lang, "account.err.password_username");
    for (size_t i = 0; i < sizeof common / sizeof *common; i++)
        if (strcasecmp(pw, common[i]) == 0)
            return msg(lang, "account.err.password_common");
    /* Distinct characters (code points, not bytes); five is all we need to know. */
    uint32_t seen[5];
    int distinct = 0;
    for (const unsigned char *p = (const unsigned char *)pw; *p && distinct < 5;) {
        uint32_t cp = *p++;
        while ((*p & 0xc0) == 0x80)
            cp = (cp << 8) | *p++; /* the raw bytes identify the character exactly */
        int known = 0;
        for (int i = 0; i < distinct; i++)
            known |= seen[i] == cp;
        if (!known)
            seen[distinct++] = cp;
    }
    if (distinct < 5)
        return msg(lang, "account.err.password_distinct");
    return NULL;
}
