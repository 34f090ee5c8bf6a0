/* tmpl.h - Mustache (spec v1, no lambdas) for jansson view models, HTML-escaped by default. */
#ifndef PD_TMPL_H
#define PD_TMPL_H

#include <stddef.h>

#include <jansson.h>

#include "buf.h"

/* Looks up a partial by name. Returns its source text (NUL-terminated, owned by the
 * callee, valid until tmpl_render returns) or NULL, and then the partial renders as
 * empty. Called once per inclusion, from the rendering thread. */
typedef const char *(*tmpl_partial_fn)(void *ctx, const char *name);

/* Render the Mustache template src with data into out (appended).
 *
 * data is the root context: normally a json_t object, but any json value works
 * (NULL is an empty context); it is only read, never changed or reference-counted.
 * {{x}} is HTML-escaped with html_txt; {{{x}}} and {{& x}} write raw and are only for
 * values the application generated itself, never for user data. Strings render as is,
 * integers plainly, reals in the shortest form that reads back the same ("1.21"),
 * true/false as words; null, objects and arrays render as nothing. Sections skip on
 * false, null, a missing name and an empty array; everything else (0 and "" included)
 * is truthy. partials may be NULL (every partial is empty); pctx is passed to it.
 *
 * Returns 0, or -1 with a message in err (unclosed section or tag, mismatched close,
 * bad delimiter, partials nested too deep) and out restored to its length at entry.
 * err may be NULL or errlen 0. Thread-safe: no global state. */
int tmpl_render(buf *out, const char *src, json_t *data, tmpl_partial_fn partials, void *pctx,
                char *err, size_t errlen);

#endif
