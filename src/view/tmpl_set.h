/* tmpl_set.h - a table of embedded templates, each compiled once, found by name. */
#ifndef PD_TMPL_SET_H
#define PD_TMPL_SET_H

#include <stddef.h>

#include "embed.h"
#include "tmpl.h"

/* Compiled templates, immutable once made: any number of threads may read one at once. */
struct tmpl_set;

/* Compile every "*.mustache" row of table (an embedded table ending in a NULL name; other
 * rows are skipped). Returns a new set the caller owns, or NULL with the first failure in
 * err, naming the file: "template 'home.mustache': line 3: unclosed section 'team'".
 * err may be NULL or errlen 0. The table must outlive the set (names are borrowed). */
struct tmpl_set *tmpl_set_compile(const struct embedded *table, char *err, size_t errlen);

/* Release s (NULL is fine). */
void tmpl_set_free(struct tmpl_set *s);

/* The template compiled from the file called name ("home.mustache"), or NULL. */
const struct tmpl *tmpl_set_get(const struct tmpl_set *s, const char *name);

/* A tmpl_lookup_fn over a set (pass the set as ctx): the partial {{> head}} is the file
 * "head.mustache"; one not in the set renders as empty. Never fails. */
int tmpl_set_partial(void *set, const char *name, const struct tmpl **t, char *err, size_t errlen);

#endif
