/* test_import.c - the CSV reader of the spreadsheet import (issue 8 item 4): RFC 4180 quoting
 * with embedded commas, quotes and line breaks; a UTF-8 byte order mark; CRLF; Excel's export
 * (BOM, CRLF, "sep=;", blank ",,," rows); the physical line where each record starts; and a
 * clear error with the line for text that is not UTF-8 or quotes that do not pair up. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "csv_read.h"

static arena *a;

static int setup(void **st)
{
    (void)st;
    a = arena_new();
    return a ? 0 : -1;
}
static int teardown(void **st)
{
    (void)st;
    arena_free(a);
    return 0;
}

static struct csv_table read_ok(const char *s)
{
    struct csv_table t;
    int line;
    const char *why;
    enum csv_rc rc = csv_read(a, s, strlen(s), &t, &line, &why);
    if (rc != CSV_READ_OK)
        fail_msg("csv_read failed (%d) at line %d: %s", rc, line, why ? why : "");
    return t;
}

static void test_rfc4180_quoted_cells_keep_commas_quotes_and_line_breaks(void **st)
{
    (void)st;
    struct csv_table t = read_ok("name,note\n"
                                 "\"Doe, Jane\",\"She said \"\"hi\"\"\"\n"
                                 "Roe,\"two\nlines\"\n"
                                 "Poe,plain\n");
    assert_int_equal(t.n, 4);
    assert_string_equal(t.rows[1].v[0], "Doe, Jane");
    assert_string_equal(t.rows[1].v[1], "She said \"hi\"");
    assert_string_equal(t.rows[2].v[1], "two\nlines");
    /* The record after a quoted line break starts on line 5, not 4. */
    assert_int_equal(t.rows[1].line, 2);
    assert_int_equal(t.rows[2].line, 3);
    assert_int_equal(t.rows[3].line, 5);
}

static void test_a_utf8_bom_is_not_part_of_the_first_column_name(void **st)
{
    (void)st;
    struct csv_table t = read_ok("\xEF\xBB\xBF" "first_name,last_name\nAna,Núñez\n");
    assert_string_equal(t.rows[0].v[0], "first_name");
    assert_string_equal(t.rows[1].v[1], "Núñez");
}

static void test_crlf_line_ends_leave_no_carriage_return_in_cells(void **st)
{
    (void)st;
    struct csv_table t = read_ok("a,b\r\n1,2\r\n3,\"x\r\ny\"\r\n4,5");
    assert_int_equal(t.n, 4);
    assert_string_equal(t.rows[1].v[1], "2");
    assert_string_equal(t.rows[2].v[1], "x\r\ny");
    assert_int_equal(t.rows[3].line, 5);
    assert_string_equal(t.rows[3].v[1], "5");
}

static void test_excel_export_with_sep_line_semicolons_and_blank_rows(void **st)
{
    (void)st;
    /* What Excel writes with a European list separator: BOM, "sep=;", CRLF, ";;" rows. */
    struct csv_table t = read_ok("\xEF\xBB\xBF" "sep=;\r\nfirst_name;last_name\r\n"
                                 "Ana;\"Diaz; Jr\"\r\n;\r\n\r\nBo;Li\r\n");
    assert_int_equal(t.n, 3);
    assert_string_equal(t.rows[0].v[1], "last_name");
    assert_int_equal(t.rows[0].line, 2);
    assert_string_equal(t.rows[1].v[1], "Diaz; Jr");
    assert_int_equal(t.rows[2].line, 6);
}

static void test_a_header_without_commas_but_with_semicolons_is_read_with_semicolons(void **st)
{
    (void)st;
    struct csv_table t = read_ok("username;role\njo;peer\n");
    assert_int_equal(t.rows[1].n, 2);
    assert_string_equal(t.rows[1].v[1], "peer");
}

static void test_text_that_is_not_utf8_is_refused_with_its_line(void **st)
{
    (void)st;
    /* "Núñez" in Windows-1252 on line 3. */
    const char *s = "first_name,last_name\nAna,Diaz\nJos\xe9,N\xfa\xf1" "ez\n";
    struct csv_table t;
    int line;
    const char *why;
    assert_int_equal(csv_read(a, s, strlen(s), &t, &line, &why), CSV_READ_NOT_UTF8);
    assert_int_equal(line, 3);
    assert_non_null(strstr(why, "Line 3 is not UTF-8"));
}

static void test_an_unclosed_quote_is_refused_with_the_line_where_the_record_starts(void **st)
{
    (void)st;
    const char *s = "a,b\n1,2\n3,\"never closed\n4,5\n";
    struct csv_table t;
    int line;
    const char *why;
    assert_int_equal(csv_read(a, s, strlen(s), &t, &line, &why), CSV_READ_PARSE);
    assert_int_equal(line, 3);
}

static void test_an_empty_file_has_no_header(void **st)
{
    (void)st;
    struct csv_table t;
    int line;
    const char *why;
    assert_int_equal(csv_read(a, "\xEF\xBB\xBF\r\n", 5, &t, &line, &why), CSV_READ_EMPTY);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc4180_quoted_cells_keep_commas_quotes_and_line_breaks),
        cmocka_unit_test(test_a_utf8_bom_is_not_part_of_the_first_column_name),
        cmocka_unit_test(test_crlf_line_ends_leave_no_carriage_return_in_cells),
        cmocka_unit_test(test_excel_export_with_sep_line_semicolons_and_blank_rows),
        cmocka_unit_test(test_a_header_without_commas_but_with_semicolons_is_read_with_semicolons),
        cmocka_unit_test(test_text_that_is_not_utf8_is_refused_with_its_line),
        cmocka_unit_test(test_an_unclosed_quote_is_refused_with_the_line_where_the_record_starts),
        cmocka_unit_test(test_an_empty_file_has_no_header),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
