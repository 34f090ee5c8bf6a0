/* test_merge_markers.c - no file that ships holds a line left by a merge conflict ("<<<<<<< ",
 * "=======", ">>>>>>> "): one stood on the consent form for a session, shown to every reader.
 * Run from the repository root, as every unit test is. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <string.h>

/* 1 when line (without its newline) is a conflict marker. */
static int is_marker(const char *line)
{
    return strncmp(line, "<<<<<<< ", 8) == 0 || strncmp(line, ">>>>>>> ", 8) == 0 ||
           strcmp(line, "=======") == 0;
}

/* The markers in one file, each reported with its line. */
static int scan_file(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    char line[4096];
    int n = 0, lineno = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (is_marker(line)) {
            fprintf(stderr, "%s:%d: a merge conflict marker\n", path, lineno);
            n++;
        }
    }
    fclose(f);
    return n;
}

static int scan_dir(const char *dir)
{
    DIR *dp = opendir(dir);
    if (!dp)
        return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(dp))) {
        if (e->d_name[0] == '.' || strcmp(e->d_name, "node_modules") == 0)
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        DIR *sub = opendir(path);
        if (sub) {
            closedir(sub);
            n += scan_dir(path);
        } else {
            n += scan_file(path);
        }
    }
    closedir(dp);
    return n;
}

static void test_no_shipped_file_holds_a_merge_conflict_marker(void **state)
{
    (void)state;
    static const char *const dirs[] = {"src", "templates", "messages", "static", "rules", "docs",
                                       "tests/unit", "tests/http", "tests/browser", "tests/data",
                                       "tools"};
    int n = scan_file("README.md") + scan_file("Makefile");
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++)
        n += scan_dir(dirs[i]);
    assert_int_equal(n, 0);
}

static void test_the_scan_finds_a_marker(void **state)
{
    (void)state;
    assert_true(is_marker("======="));
    assert_true(is_marker("<<<<<<< HEAD"));
    assert_true(is_marker(">>>>>>> i11-bill"));
    assert_false(is_marker("======= heading underline?"));
    assert_false(is_marker("  ======="));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_shipped_file_holds_a_merge_conflict_marker),
        cmocka_unit_test(test_the_scan_finds_a_marker),
    };
    return cmocka_run_group_tests_name("test_merge_markers", tests, NULL, NULL);
}
