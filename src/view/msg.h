/* msg.h - the message catalog: every string a person reads, by message id, in each language.
 *
 * One file per language, messages/LANG.txt (format in messages/en.txt), embedded in the binary
 * (embedded_messages) and loaded once: by msg_init when the server starts, or by the first
 * call of any function here. After that the catalog is only read, so every function is
 * thread-safe. English ("en") is the fallback: a message missing in a language comes from
 * English, one missing everywhere is its own id (a copy kept by the catalog, never the caller's buffer), each with a warning on stderr (the first 50
 * only); nothing here returns NULL or "" for a message.
 *
 * Text is plain: placeholders ({name}) are filled without escaping, which is the template's
 * (or the JSON encoder's) job. SPEC "Time, language and people": English and Spanish from one
 * catalog, more languages as a catalog file. */
#ifndef PD_MSG_H
#define PD_MSG_H

#include <stddef.h>

#include "arena.h"

/* Load the embedded catalog (once; later calls only report). Returns 0, or -1 with the first
 * problem in err naming the file and line ("messages/es.txt line 12: no '=' after the id");
 * the server does not start then. err may be NULL or errlen 0. */
int msg_init(char *err, size_t errlen);

/* Parse one catalog file's text as msg_init would (name is its file name, "fr.txt"), without
 * loading it. Returns 0, or -1 with the problem in err. For tests and tools. */
int msg_check(const char *name, const char *text, char *err, size_t errlen);

/* The message id in language lang (a catalog code such as "es"; NULL or unknown is English).
 * Plural messages answer with their [other] form. The text lives as long as the process. */
const char *msg(const char *lang, const char *id);

/* msg(lang, id) when the catalog has id (in lang, else in English), else NULL without a
 * warning: for optional messages such as a form field's label (field.NAME). */
const char *msg_find(const char *lang, const char *id);

/* The form of the plural message id for count n in lang: the form of n's CLDR category
 * (msg_category), else [other], else English the same way, else the id. */
const char *msg_plural_text(const char *lang, const char *id, long long n);

/* The CLDR plural category of the integer n in lang: "one", "many", ... or "other". */
const char *msg_category(const char *lang, long long n);

/* 1 when lang (a catalog code) has the plural category cat ("one", "many"; every language
 * has "other"), else 0. A form for a category the language lacks is never shown. */
int msg_has_category(const char *lang, const char *cat);

/* msg(lang, id) with its placeholders filled from the NULL-terminated list of name, value
 * pairs that follows (msg_fmt(a, "es", "error.code", "code", "404", NULL)). A placeholder
 * without a value stays as written, with a warning; a NULL value is "". Result in a. */
char *msg_fmt(arena *a, const char *lang, const char *id, ...) __attribute__((sentinel));

/* msg_plural_text(lang, id, n) filled like msg_fmt; {n} is the count itself. */
char *msg_plural(arena *a, const char *lang, const char *id, long long n, ...)
    __attribute__((sentinel));

/* 1 when lang's text of id is a translation awaiting review ("# review:" in its file, or
 * missing there so another language's text is shown), else 0. */
int msg_in_review(const char *lang, const char *id);

/* The next placeholder of message text s: returns 1 with *at on its '{', *name and *namelen
 * on the name between the braces (letters, digits, '_' and '.', starting with a letter or
 * '_'); 0 when there is none. A brace that does not open such a name is plain text. */
int msg_next_placeholder(const char *s, const char **at, const char **name, size_t *namelen);

/* The language to show a person: the first of their own setting (user), the browser's
 * Accept-Language header (RFC 9110 q-values, q=0 refused, "*" ignored) and the
 * organization's default (org) that the catalog has, matching the base language ("es-MX"
 * is "es"); English when none does. Any argument may be NULL. Returns a catalog code. */
const char *msg_choose(const char *user, const char *accept_language, const char *org);

/* The catalog language a person's language field names, or NULL: its code ("es", "es-MX"),
 * its own name ("Español") or one of its @match words ("Spanish"), case-insensitive; a
 * comma-separated list is tried in order ("French, Spanish" is "es" while there is no
 * French catalog). */
const char *msg_lang_of(const char *text);

/* The catalog languages, in file-name order: count, and the code and own name of the i-th
 * (NULL past the end). */
size_t msg_lang_count(void);
const char *msg_lang_code(size_t i);
const char *msg_lang_name(size_t i);

/* The i-th message key of lang in file order ("barc10.chart_desc[one]": plural forms keep
 * their category), with *review set when it awaits review; NULL past the end or for a
 * language that is not in the catalog. For the completeness tests. */
const char *msg_key_at(const char *lang, size_t i, int *review);

#endif
