/* arena.c - per-request bump allocator. */
#include "arena.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

/* 16 KiB covers a typical page render in one chunk; larger requests chain. */
#define ARENA_CHUNK 16384

struct chunk {
    struct chunk *next;
    size_t size, used;
    max_align_t data[];
};

struct arena {
    struct chunk *head;
};

/* What a worker thread keeps of its last request's arena for the next one. 64 KiB covers
 * the largest ordinary page; a request that grew past it gives the rest back. */
#define ARENA_KEEP (64 * 1024)

/* One spare arena per thread (pthread key, so that a thread's spare is freed when the thread
 * ends and the main thread's at exit: nothing is left for a leak checker to report). */
static pthread_key_t spare_key;
static pthread_once_t spare_once = PTHREAD_ONCE_INIT;
static int spare_ok;

static void chunks_free(struct chunk *c)
{
    while (c) {
        struct chunk *next = c->next;
        free(c);
        c = next;
    }
}

static void spare_destroy(void *p)
{
    arena *a = p;
    if (a) {
        chunks_free(a->head);
        free(a);
    }
}

static void spare_at_exit(void)
{
    if (!spare_ok)
        return;
    spare_destroy(pthread_getspecific(spare_key));
    pthread_setspecific(spare_key, NULL);
}

static void spare_init(void)
{
    spare_ok = pthread_key_create(&spare_key, spare_destroy) == 0;
    if (spare_ok)
        atexit(spare_at_exit);
}

arena *arena_new(void)
{
    pthread_once(&spare_once, spare_init);
    if (spare_ok) {
        arena *a = pthread_getspecific(spare_key);
        if (a) {
            pthread_setspecific(spare_key, NULL);
            return a;
        }
    }
    return calloc(1, sizeof(arena));
}

void arena_free(arena *a)
{
    if (!a)
        return;
    /* Wipe everything written: request data may hold passwords or health information. Then
     * keep one chunk (at most ARENA_KEEP) for this thread's next request, so a typical
     * request neither mallocs nor frees its arena and no memory goes back to the operating
     * system between requests (each return is an madvise and a TLB flush on every core). */
    size_t total = 0;
    for (struct chunk *c = a->head; c; c = c->next) {
        sodium_memzero(c->data, c->used);
        c->used = 0;
        total += c->size;
    }
    if (a->head && a->head->next) {
        /* The request outgrew one chunk: keep one chunk as large as it needed (at most
         * ARENA_KEEP), so the next such request fits without allocating. */
        chunks_free(a->head);
        size_t size = total < ARENA_KEEP ? total : ARENA_KEEP;
        a->head = malloc(sizeof(struct chunk) + size);
        if (a->head) {
            a->head->next = NULL;
            a->head->size = size;
            a->head->used = 0;
        }
    } else if (a->head && a->head->size > ARENA_KEEP) {
        chunks_free(a->head); /* one large upload: give it back */
        a->head = NULL;
    }
    pthread_once(&spare_once, spare_init);
    if (spare_ok && !pthread_getspecific(spare_key) && pthread_setspecific(spare_key, a) == 0)
        return;
    chunks_free(a->head);
    free(a);
}

size_t arena_capacity(const arena *a)
{
    size_t n = 0;
    for (const struct chunk *c = a ? a->head : NULL; c; c = c->next)
        n += c->size;
    return n;
}

void *arena_alloc(arena *a, size_t n)
{
    const size_t align = _Alignof(max_align_t);
    /* No request needs half the address space; refuse before the rounding wraps. */
    if (n > SIZE_MAX / 2)
        abort();
    n = (n + align - 1) & ~(align - 1);
    if (n == 0)
        n = align;
    struct chunk *c = a->head;
    if (!c || c->size - c->used < n) {
        size_t size = n > ARENA_CHUNK ? n : ARENA_CHUNK;
        c = malloc(sizeof(*c) + size);
        if (!c)
            abort();
        c->size = size;
        c->used = 0;
        c->next = a->head;
        a->head = c;
    }
    void *p = (char *)c->data + c->used;
    c->used += n;
    memset(p, 0, n);
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    if (!s)
        return NULL;
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(arena *a, const char *s)
{
    return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_printf(arena *a, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        va_end(ap2);
        return arena_strdup(a, "");
    }
    char *p = arena_alloc(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return p;
}
