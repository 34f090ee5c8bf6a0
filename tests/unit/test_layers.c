/* test_layers.c - the code keeps its shape (STYLE.md, issue 8 item 2 "Typed store"): every SQL
 * statement is run by a typed function in src/store that binds its own parameters, so no source
 * file outside src/store prepares a statement or binds a parameter by position.
 *
 * The sources are read from the repository root: the current directory when it holds
 * src/store/db.h (tests/run.sh runs from there), else two levels above the program
 * (build/tests/test_layers). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The largest source file is tens of kilobytes (STYLE.md: nothing over ~1,500 lines); a
 * generous cap keeps a wrong path from reading something huge. */
#define SRC_MAX (1u << 20)

static char root[PATH_MAX];

static void find_root(void)
{
    if (access("src/store/db.h", R_OK) == 0) {
        snprintf(root, sizeof root, ".");
        return;
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) {
        snprintf(root, sizeof root, ".");
        return;
    }
    exe[n] = '\0';
    /* build/tests/test_layers -> build/tests -> build -> the repository */
    char *d = dirname(dirname(dirname(exe)));
    snprintf(root, sizeof root, "%s", d);
}

/* What the walk found: files read and the first offending one. */
struct scan {
    int files;
    char bad[PATH_MAX + 64];
    char what[32];
};

static int ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), t = strlen(tail);
    return n >= t && strcmp(s + n - t, tail) == 0;
}

/* Read path and note it in sc when it prepares, binds, steps or reads a statement itself. */
static void check_file(const char *path, struct scan *sc)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    char *s = malloc(SRC_MAX + 1);
    assert_non_null(s);
    size_t n = fread(s, 1, SRC_MAX, f);
    fclose(f);
    s[n] = '\0';
    sc->files++;
    static const char *const calls[] = {
        "db_prep(",     "db_bind_int(",   "db_bind_text(", "db_bind_blob(",   "db_bind_null(",
        "rc_bind_scope(", "db_step(",     "db_exec(",      "db_col_int(",     "db_col_text(",
        "db_col_isnull(", "db_col_blob(", "db_pipeline(",
    };
    for (size_t i = 0; i < sizeof calls / sizeof *calls && !sc->bad[0]; i++)
        if (strstr(s, calls[i])) {
            snprintf(sc->bad, sizeof sc->bad, "%s", path);
            snprintf(sc->what, sizeof sc->what, "%s", calls[i]);
        }
    free(s);
}

/* Every .c and .h file under dir, except the folder skip (the store itself). */
static void walk(const char *dir, const char *skip, struct scan *sc)
{
    DIR *dp = opendir(dir);
    if (!dp)
        fail_msg("cannot open the folder %s", dir);
    struct dirent *e;
    while ((e = readdir(dp)) && !sc->bad[0]) {
        if (e->d_name[0] == '.')
            continue;
        char path[PATH_MAX];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            if (strcmp(path, skip) != 0)
                walk(path, skip, sc);
        } else if (ends_with(e->d_name, ".c") || ends_with(e->d_name, ".h")) {
            check_file(path, sc);
        }
    }
    closedir(dp);
}

static void test_no_source_outside_the_store_prepares_or_binds_a_statement(void **state)
{
    (void)state;
    char src[PATH_MAX + 8], store[PATH_MAX + 16];
    snprintf(src, sizeof src, "%s/src", root);
    snprintf(store, sizeof store, "%s/store", src);
    struct scan sc = {0};
    walk(src, store, &sc);
    if (sc.bad[0])
        fail_msg("%s calls %s: statements are run by typed functions in src/store", sc.bad,
                 sc.what);
    /* The walk must have read the tree, or the test proves nothing. */
    assert_true(sc.files > 50);
}

static void test_the_store_check_finds_a_bind_where_there_is_one(void **state)
{
    (void)state;
    /* The same check over src/store itself, which binds everywhere: it must find one. */
    char store[PATH_MAX + 16];
    snprintf(store, sizeof store, "%s/src/store", root);
    struct scan sc = {0};
    walk(store, "", &sc);
    assert_true(sc.bad[0] != '\0');
}

int main(void)
{
    find_root();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_source_outside_the_store_prepares_or_binds_a_statement),
        cmocka_unit_test(test_the_store_check_finds_a_bind_where_there_is_one),
    };
    return cmocka_run_group_tests_name("layers", tests, NULL, NULL);
}
