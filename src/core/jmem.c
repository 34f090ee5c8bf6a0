/* jmem.c - jansson's allocator (jmem.h). */
#include "jmem.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <jansson.h>

#if defined(__SANITIZE_ADDRESS__)
#define JMEM_HEAP_ONLY 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define JMEM_HEAP_ONLY 1
#endif
#endif

/* Each block starts with where it came from, padded to keep the caller's memory aligned. */
enum { FROM_HEAP = 0x48454150, FROM_ARENA = 0x4152454e };
struct head {
    alignas(max_align_t) uint32_t from;
};

static _Thread_local arena *current;
static int installed; /* jmem_init ran: every block has its head */

static void *jmem_malloc(size_t n)
{
    struct head *h;
    if (n > SIZE_MAX / 2)
        return NULL;
    if (current) {
        h = arena_alloc(current, sizeof *h + n);
        h->from = FROM_ARENA;
    } else {
        if (!(h = malloc(sizeof *h + n)))
            return NULL;
        h->from = FROM_HEAP;
    }
    return h + 1;
}

static void jmem_freefn(void *p)
{
    if (!p)
        return;
    struct head *h = (struct head *)p - 1;
    if (h->from == FROM_HEAP)
        free(h);
    else if (h->from != FROM_ARENA)
        abort(); /* not ours: memory is corrupt */
    /* arena blocks go with their arena */
}

void jmem_init(void)
{
    json_set_alloc_funcs(jmem_malloc, jmem_freefn);
    installed = 1;
}

void jmem_use(arena *a)
{
#ifdef JMEM_HEAP_ONLY
    (void)a;
#else
    current = installed ? a : NULL;
#endif
}

void jmem_free_text(char *s)
{
    if (!installed)
        free(s); /* jansson's own allocator (tests that never call jmem_init) */
    else
        jmem_freefn(s);
}
