/* tmpl.h - Mustache (spec v1, no lambdas) for jansson view models, HTML-escaped by default.
 *
 * A template is compiled once (tmpl_compile) into a flat list of operations: text runs,
 * escaped and raw variables with their dotted names split, sections and inverted sections
 * that know where they end, and partial references. Standalone lines, comments and
 * delimiter changes are settled then, so rendering (tmpl_exec) never looks at the source
 * again. A compiled template is immutable: any number of threads may render it at once. */
#ifndef PD_TMPL_H
#define PD_TMPL_H

#include <stddef.h>

#include <jansson.h>

#include "buf.h"

/* A compiled template. Opaque; made by tmpl_compile, released by tmpl_free. */
struct tmpl;

/* Compile the Mustache source src (NUL-terminated; copied, so it need not outlive the
 * result). Returns a new template the caller owns, or NULL with a message in err
 * ("line 3: unclosed section 'items'": unclosed section or tag, mismatched close, empty
 * tag, bad delimiter). err may be NULL or errlen 0. Partials are not looked up here:
 * they are named in the result and found when it is rendered. */
struct tmpl *tmpl_compile(const char *src, char *err, size_t errlen);

/* Release t (NULL is fine). */
void tmpl_free(struct tmpl *t);

/* Finds the compiled partial called name (NUL-terminated) for tmpl_exec. Returns 0 with *t
 * set, to NULL when there is no such partial (it then renders as empty), or -1 with a
 * message in err (which may be NULL, or errlen 0) to stop rendering. *t must stay valid until
 * tmpl_exec returns. Called once per inclusion, from the rendering thread. */
typedef int (*tmpl_lookup_fn)(void *ctx, const char *name, const struct tmpl **t, char *err,
                              size_t errlen);

/* Render the compiled template t with data into out (appended).
 *
 * data is the root context: normally a json_t object, but any json value works
 * (NULL is an empty context); it is only read, never changed or reference-counted.
 * {{x}} is HTML-escaped with html_txt; {{{x}}} and {{& x}} write raw and are only for
 * values the application generated itself, never for user data. Strings render as is,
 * integers plainly, reals in the shortest form that reads back the same ("1.21"),
 * true/false as words; null, objects and arrays render as nothing. Sections skip on
 * false, null, a missing name and an empty array; everything else (0 and "" included)
 * is truthy. partials may be NULL (every partial is empty); pctx is passed to it. A
 * standalone partial tag indents every line of the partial by the tag's indentation.
 *
 * {{@id}} is the message id of the catalog (msg.h), HTML-escaped like {{x}}, in the language
 * of the nearest "lang" string in the context (a page sets its reader's at the root; a
 * section over a recoveree's document sets the recoveree's); English without one. A
 * placeholder {name} in the message renders as {{name}} would. {{@id count}} is a plural
 * message: the form follows the value of count (a number, or digits), which {n} shows.
 *
 * Returns 0, or -1 with a message in err (partials nested too deep, or the lookup's
 * error) and out restored to its length at entry. err may be NULL or errlen 0.
 * Thread-safe: reads t and data only. */
int tmpl_exec(buf *out, const struct tmpl *t, json_t *data, tmpl_lookup_fn partials, void *pctx,
              char *err, size_t errlen);

/* Looks up a partial's source by name for tmpl_render. Returns its text (NUL-terminated,
 * owned by the callee, valid until tmpl_render returns) or NULL, and then the partial
 * renders as empty. Called once per inclusion, from the rendering thread. */
typedef const char *(*tmpl_partial_fn)(void *ctx, const char *name);

/* Compile src and render it as tmpl_exec does, for callers that hold only sources (tests,
 * one-off text). Each partial source is compiled the first time this call meets it; an
 * error in one is reported as "partial 'row' line 2: ...". Same contract as tmpl_exec
 * otherwise, plus the compile errors of tmpl_compile. Pages rendered again and again should
 * compile once instead (see tmpl_set.h). */
int tmpl_render(buf *out, const char *src, json_t *data, tmpl_partial_fn partials, void *pctx,
                char *err, size_t errlen);

#endif
