/* tmpl_bench.c - time rendering the signed-in home page N times: parsed on every render as
 * before (the reference engine), compiled on every render (tmpl_render), and compiled once
 * as the server does now (tmpl_set + tmpl_exec). Measures only; asserts nothing.
 *
 *   make build/bench/tmpl_bench && build/bench/tmpl_bench [N] [MODEL.json] [MODE]
 * (run from the repository; N defaults to 100000, MODEL to bench/home_model.json; MODE is
 * reference, render or compiled to time only that one, e.g. under perf). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "buf.h"
#include "embed.h"
#include "tmpl.h"
#include "tmpl_set.h"
#include "tmpl_reference.h"

static const char *embedded_partial(void *ctx, const char *name)
{
    (void)ctx;
    char file[128];
    snprintf(file, sizeof file, "%s.mustache", name);
    const struct embedded *e = embedded_find(embedded_templates, file);
    return e ? (const char *)e->data : NULL;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

enum mode { REFERENCE, RENDER, COMPILED };
static const char *const mode_arg[] = {"reference", "render", "compiled"};
static const char *const mode_name[] = {"parse every render (before)",
                                        "tmpl_render: compile every render",
                                        "compiled once (server now)"};

static int render_once(enum mode m, buf *out, const char *src, const struct tmpl_set *set,
                       json_t *model)
{
    switch (m) {
    case REFERENCE:
        return ref_render(out, src, model, embedded_partial, NULL, NULL, 0);
    case RENDER:
        return tmpl_render(out, src, model, embedded_partial, NULL, NULL, 0);
    case COMPILED:
        return tmpl_exec(out, tmpl_set_get(set, "home.mustache"), model, tmpl_set_partial,
                         (void *)set, NULL, 0);
    }
    return -1;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? strtol(argv[1], NULL, 10) : 100000;
    const char *path = argc > 2 ? argv[2] : "bench/home_model.json";
    json_error_t jerr;
    json_t *model = json_load_file(path, 0, &jerr);
    if (!model || n <= 0) {
        fprintf(stderr, "tmpl_bench: %s: %s\n", path, model ? "bad count" : jerr.text);
        return 2;
    }
    char err[256];
    double t0 = now_s();
    struct tmpl_set *set = tmpl_set_compile(embedded_templates, err, sizeof err);
    double compile_s = now_s() - t0;
    if (!set) {
        fprintf(stderr, "tmpl_bench: %s\n", err);
        return 1;
    }
    const char *src = (const char *)embedded_find(embedded_templates, "home.mustache")->data;
    printf("compiling all %s templates once: %.3f ms\n", "embedded", compile_s * 1e3);
    buf out;
    buf_init(&out);
    const char *only = argc > 3 ? argv[3] : NULL;
    for (int m = REFERENCE; m <= COMPILED; m++) {
        if (only && strcmp(only, mode_arg[m]) != 0)
            continue;
        double start = now_s();
        for (long i = 0; i < n; i++) {
            out.len = 0;
            if (render_once((enum mode)m, &out, src, set, model) != 0) {
                fprintf(stderr, "tmpl_bench: render failed\n");
                return 1;
            }
        }
        double s = now_s() - start;
        printf("%-36s %ld renders of home.mustache (%zu bytes): %.3f s, %.2f us each\n",
               mode_name[m], n, out.len, s, s * 1e6 / (double)n);
    }
    buf_free(&out);
    tmpl_set_free(set);
    json_decref(model);
    return 0;
}
