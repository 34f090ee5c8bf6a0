/* jmem.h - where jansson's memory comes from: the request's arena while a request is being
 * answered on this thread, the heap otherwise.
 *
 * A page's view model is hundreds of small JSON values; with malloc and free each they were a
 * sixth of the home page's CPU (bench/RESULTS.md). While jmem_use(a) is in force on a thread,
 * every JSON value, string and json_dumps text made there is carved from arena a and freeing
 * one costs nothing; the arena is wiped and reused when the request ends (arena.h). Anything
 * that must outlive the request is copied out as text (home_cache.c) or made outside it.
 * Values made on the heap (at start, in the mailer or the CLI) may still be freed during a
 * request: each allocation records where it came from.
 *
 * The sanitizer build keeps every JSON value on the heap, so that a use after free is still
 * caught. */
#ifndef PD_JMEM_H
#define PD_JMEM_H

#include "arena.h"

/* Route jansson's allocations through jmem (once, before any JSON value is made). */
void jmem_init(void);

/* From now on this thread's JSON memory comes from a (NULL: the heap again). */
void jmem_use(arena *a);

/* Free text returned by json_dumps (wherever it was made). Accepts NULL. */
void jmem_free_text(char *s);

#endif
