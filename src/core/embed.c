/* embed.c - lookup in the embedded file tables. */
#include "embed.h"

#include <string.h>

const struct embedded *embedded_find(const struct embedded *table, const char *name)
{
    for (const struct embedded *e = table; e->name; e++)
        if (strcmp(e->name, name) == 0)
            return e;
    return NULL;
}
