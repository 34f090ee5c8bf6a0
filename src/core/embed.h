/* embed.h - files compiled into the binary by tools/embed.c. */
#ifndef PD_EMBED_H
#define PD_EMBED_H

#include <stddef.h>

struct embedded {
    const char *name;          /* path below its folder, e.g. "login.mustache" */
    const unsigned char *data; /* NUL-terminated for text files */
    size_t len;                /* without the terminating NUL */
};

/* Tables end with a row whose name is NULL. */
extern const struct embedded embedded_templates[];
extern const struct embedded embedded_static[];
extern const struct embedded embedded_migrations[];
extern const struct embedded embedded_messages[]; /* messages/LANG.txt: the catalog (msg.h) */
extern const struct embedded embedded_rules[];    /* rules/NAME.tsv: default rule tables (boundary.h) */

/* Find name in a table; NULL if absent. */
const struct embedded *embedded_find(const struct embedded *table, const char *name);

#endif
