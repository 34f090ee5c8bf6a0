/* test_arena.c - the per-request arena: zeroed aligned memory, wiped when done, reused by the
 * thread's next request without allocating, and a large request's memory given back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <pthread.h>

#include "arena.h"

static void test_allocations_are_zeroed_and_aligned(void **state)
{
    (void)state;
    arena *a = arena_new();
    for (size_t n = 1; n < 5000; n += 97) {
        unsigned char *p = arena_alloc(a, n);
        assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
        for (size_t i = 0; i < n; i++)
            assert_int_equal(p[i], 0);
        memset(p, 0xAB, n);
    }
    assert_string_equal(arena_printf(a, "%s-%d", "x", 42), "x-42");
    assert_null(arena_strdup(a, NULL));
    arena_free(a);
}

static void test_the_next_request_on_a_thread_reuses_the_arena_wiped(void **state)
{
    (void)state;
    arena *a = arena_new();
    char *secret = arena_strdup(a, "correct horse battery staple");
    size_t cap = arena_capacity(a);
    arena_free(a);
    arena *b = arena_new();
    assert_ptr_equal(a, b); /* the thread's spare: no calloc */
    assert_int_equal(arena_capacity(b), cap); /* its chunk kept: no malloc either */
    /* The chunk is still the arena's memory, so reading it is allowed: it was wiped. */
    for (size_t i = 0; i < sizeof "correct horse battery staple"; i++)
        assert_int_equal(secret[i], 0);
    arena_free(b);
}

static void test_a_request_that_outgrew_one_chunk_keeps_one_chunk_of_its_size(void **state)
{
    (void)state;
    arena *a = arena_new();
    for (int i = 0; i < 40; i++)
        arena_alloc(a, 1000); /* 40 KB in 16 KiB chunks */
    assert_true(arena_capacity(a) >= 40000);
    arena_free(a);
    a = arena_new();
    size_t kept = arena_capacity(a);
    assert_true(kept >= 40000 && kept <= 64 * 1024);
    for (int i = 0; i < 40; i++)
        arena_alloc(a, 1000);
    assert_int_equal(arena_capacity(a), kept); /* the same request fits without a malloc */
    arena_free(a);
}

static void test_a_request_that_grew_large_gives_the_memory_back(void **state)
{
    (void)state;
    arena *a = arena_new();
    arena_alloc(a, 3 << 20); /* an upload of 3 MiB */
    arena_alloc(a, 100);
    assert_true(arena_capacity(a) > (3u << 20));
    arena_free(a);
    a = arena_new();
    assert_true(arena_capacity(a) <= 64 * 1024);
    arena_free(a);
    a = arena_new();
    arena_alloc(a, 1 << 20); /* a second large request: again at most 64 KiB stays */
    arena_free(a);
    a = arena_new();
    assert_true(arena_capacity(a) <= 64 * 1024);
    /* An arena whose only chunk is one large block keeps none of it. */
    arena *fresh = arena_new(); /* the spare is held as a: this one starts empty */
    assert_int_equal(arena_capacity(fresh), 0);
    arena_alloc(fresh, 1 << 20);
    arena_free(fresh); /* into the spare slot, its one large chunk given back */
    arena *again = arena_new();
    assert_ptr_equal(again, fresh);
    assert_int_equal(arena_capacity(again), 0);
    arena_free(again);
    arena_free(a);
}

static void *on_thread(void *p)
{
    arena **handoff = p;
    /* Free the other thread's arena here, and keep one of this thread's as its spare: both
     * are released when the thread ends (the sanitizer build reports any leak). */
    arena_free(*handoff);
    arena *mine = arena_new();
    arena_alloc(mine, 100);
    arena_free(mine);
    return NULL;
}

static void test_arenas_crossing_threads_and_thread_ends_leak_nothing(void **state)
{
    (void)state;
    arena *a = arena_new();
    arena *b = arena_new(); /* the spare is taken: a second arena is new */
    assert_ptr_not_equal(a, b);
    arena_alloc(a, 10);
    arena_alloc(b, 10);
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, on_thread, &a), 0);
    assert_int_equal(pthread_join(t, NULL), 0);
    arena_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_allocations_are_zeroed_and_aligned),
        cmocka_unit_test(test_the_next_request_on_a_thread_reuses_the_arena_wiped),
        cmocka_unit_test(test_a_request_that_outgrew_one_chunk_keeps_one_chunk_of_its_size),
        cmocka_unit_test(test_a_request_that_grew_large_gives_the_memory_back),
        cmocka_unit_test(test_arenas_crossing_threads_and_thread_ends_leak_nothing),
    };
    return cmocka_run_group_tests_name("arena", tests, NULL, NULL);
}
