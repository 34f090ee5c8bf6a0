/* account_rules.h - pure rules for accounts: usernames, display names, slugs, passwords. */
#ifndef PD_ACCOUNT_RULES_H
#define PD_ACCOUNT_RULES_H

#include <stddef.h>

/* Longest password accepted. argon2id hashes any length, but a megabyte
 * password would be a cheap way to make the server work. */
#define PASSWORD_MAX_LEN 128
#define USERNAME_MAX_LEN 64
#define DISPLAY_NAME_MAX_LEN 120 /* characters */
/* The same in bytes, for input limits: a UTF-8 character is at most 4 bytes. */
#define DISPLAY_NAME_MAX_BYTES (4 * DISPLAY_NAME_MAX_LEN)
#define SLUG_MAX_LEN 40
#define ORG_NAME_MAX_LEN 200
/* RFC 5321 4.5.3.1: a path holds at most 256 octets with its angle brackets, so an address at
 * most 254; its local part at most 64 octets, a domain label 63. */
#define EMAIL_MAX_LEN 254
#define EMAIL_LOCAL_MAX_LEN 64

/* Each check returns NULL when the value is acceptable, or a sentence that
 * says what to change (the catalog's account.err.*, living as long as the process): in
 * English, or in language lang (a catalog code, msg.h; NULL: English) from its _lang form. */

/* 3-64 characters of a-z 0-9 . _ -, starting with a letter or digit. */
const char *check_username(const char *s);
const char *check_username_lang(const char *s, const char *lang);
/* 1-120 characters (code points), no C0 or C1 control characters. */
const char *check_display_name(const char *s);
const char *check_display_name_lang(const char *s, const char *lang);
/* 2-40 characters of a-z 0-9 -, starting with a letter. */
const char *check_slug(const char *s);
const char *check_slug_lang(const char *s, const char *lang);
/* 1-200 characters, no control characters. */
const char *check_org_name(const char *s);
const char *check_org_name_lang(const char *s, const char *lang);
/* An e-mail address a notice may go to (migration 016): local@domain in ASCII, at most
 * EMAIL_MAX_LEN bytes; the local part (at most EMAIL_LOCAL_MAX_LEN) is dot-separated atoms of
 * letters, digits and !#$%&'*+/=?^_`{|}~- (RFC 5322 dot-atom: no quoted strings, no spaces,
 * nothing that could break a mail header); the domain is two or more dot-separated labels of
 * 1-63 letters, digits and '-', not starting or ending with '-'. */
const char *check_email(const char *s);
const char *check_email_lang(const char *s, const char *lang);
/* Password policy: at least min_len characters (counted as UTF-8 code points),
 * at most PASSWORD_MAX_LEN bytes, not containing the username, not a
 * well-known password, at least 5 different characters. */
const char *check_password(const char *pw, const char *username, int min_len);
const char *check_password_lang(const char *pw, const char *username, int min_len,
                                const char *lang);

#endif
