/* password_quality.h - whether a new password is too easy to guess (HIPAA 164.312(d)). */
#ifndef PD_PASSWORD_QUALITY_H
#define PD_PASSWORD_QUALITY_H

#include <stddef.h>

/* The password `peerdesk demo` gives the demo users it creates (cmd_demo.c, README). It is
 * published, so no account made through the pages, the API or the CLI may have it. */
#define PASSWORD_DEMO "Recovery-Demo-2026"

/* The cracklib dictionary libpwquality checks against (Debian package cracklib-runtime). */
#define PASSWORD_DICT "/var/cache/cracklib/cracklib_dict"

/* Why pw may not be the new password of username in the organization slug/org_name, as a
 * sentence for people, or NULL when it may. In order: check_password() (the policy length
 * min_len, the username, five different characters); the published demo password;
 * libpwquality (cracklib's dictionary and its rules against simple and systematic
 * passwords, the username, and the organization's id and the words of its name); and one
 * common word, or a word of at most five letters, with only digits and symbols around it
 * ("Summer2026!!"). The sentence never repeats the password. It is written into why (len
 * bytes; 256 is enough) or is a static string. Refuses every password when the dictionary
 * is missing: a check that cannot run does not pass. Thread-safe. */
const char *password_refusal(char *why, size_t len, const char *pw, const char *username,
                             const char *org_slug, const char *org_name, int min_len);
/* The same with the sentence in language lang (a catalog code, msg.h; NULL: English), the
 * reason libpwquality gives inside "too easy to guess" too: its error code, and cracklib's
 * sentence for a dictionary refusal, are catalog messages "account.pwq.*". */
const char *password_refusal_lang(const char *lang, char *why, size_t len, const char *pw,
                                  const char *username, const char *org_slug,
                                  const char *org_name, int min_len);

#endif
