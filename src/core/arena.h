/* arena.h - per-request bump allocator, freed once when the response is done. */
#ifndef PD_ARENA_H
#define PD_ARENA_H

#include <stddef.h>

/* A chain of chunks; allocations are never freed one by one. */
typedef struct arena arena;

/* An empty arena (this thread's spare one when it has one). NULL only when malloc fails. */
arena *arena_new(void);

/* Done with a: every byte written is wiped first (request data may hold passwords or
 * health information). The thread keeps one such arena, emptied, with up to 64 KiB of its
 * chunks, and arena_new on the same thread returns it: per-request memory is reused, not
 * freed and allocated again. Accepts NULL. */
void arena_free(arena *a);

/* Bytes of chunk memory a holds (used or not): what a kept arena costs between requests. */
size_t arena_capacity(const arena *a);

/* Allocate n zeroed bytes aligned for any type. Aborts on out-of-memory:
 * a server that cannot allocate a few bytes cannot answer anyway. */
void *arena_alloc(arena *a, size_t n);

/* Copy s (NULL gives NULL). */
char *arena_strdup(arena *a, const char *s);

/* Copy the first n bytes of s and terminate. */
char *arena_strndup(arena *a, const char *s, size_t n);

/* printf into arena memory. */
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
