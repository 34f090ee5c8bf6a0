/* csv_read.c - CSV into rows on libcsv, with line numbers and UTF-8 checked (csv_read.h). */
#include "csv_read.h"

#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "validate.h" /* utf8_valid */

struct reader {
    arena *a;
    int line;      /* the physical line being fed */
    int rec_start; /* the line where the current record began, 0 between records */
    /* The record being read (malloc'd, grows), and the records read (malloc'd, grows). */
    const char **fields;
    size_t nf, capf;
    struct csv_row *rows;
    size_t nr, capr;
    enum csv_rc err;
};

static void on_field(void *s, size_t len, void *data)
{
    struct reader *r = data;
    if (r->err)
        return;
    if (len > CSV_MAX_FIELD || r->nf >= CSV_MAX_COLS) {
        r->err = CSV_READ_LIMIT;
        return;
    }
    if (r->nf == r->capf) {
        size_t cap = r->capf ? 2 * r->capf : 16;
        const char **f = realloc(r->fields, cap * sizeof *f);
        if (!f) {
            r->err = CSV_READ_NOMEM;
            return;
        }
        r->fields = f, r->capf = cap;
    }
    r->fields[r->nf++] = s ? arena_strndup(r->a, s, len) : arena_strdup(r->a, "");
}

static void on_record(int c, void *data)
{
    (void)c;
    struct reader *r = data;
    int line = r->rec_start ? r->rec_start : r->line;
    size_t n = r->nf;
    r->nf = 0;
    r->rec_start = 0;
    if (r->err)
        return;
    int blank = 1;
    for (size_t i = 0; i < n && blank; i++)
        blank = r->fields[i][0] == '\0';
    if (blank)
        return;
    if (r->nr >= CSV_MAX_ROWS) {
        r->err = CSV_READ_LIMIT;
        return;
    }
    if (r->nr == r->capr) {
        size_t cap = r->capr ? 2 * r->capr : 256;
        struct csv_row *rows = realloc(r->rows, cap * sizeof *rows);
        if (!rows) {
            r->err = CSV_READ_NOMEM;
            return;
        }
        r->rows = rows, r->capr = cap;
    }
    const char **v = arena_alloc(r->a, (n ? n : 1) * sizeof *v);
    memcpy(v, r->fields, n * sizeof *v);
    r->rows[r->nr++] = (struct csv_row){.line = line, .n = n, .v = v};
}

/* The delimiter of a header line: a comma, unless the line has none and has semicolons (a
 * European Excel) or tabs (a "text" export). */
static unsigned char guess_delimiter(const char *s, size_t n)
{
    const char *eol = memchr(s, '\n', n);
    size_t l = eol ? (size_t)(eol - s) : n;
    if (memchr(s, ',', l))
        return ',';
    if (memchr(s, ';', l))
        return ';';
    if (memchr(s, '\t', l))
        return '\t';
    return ',';
}

static const char *limit_why(void)
{
    return "The file is too large to import: at most 200,000 rows, 200 columns and 64 KB "
           "in one cell.";
}

enum csv_rc csv_read(arena *a, const char *data, size_t len, struct csv_table *out, int *line,
                     const char **why)
{
    *out = (struct csv_table){0};
    *line = 0;
    *why = NULL;
    const char *p = data, *end = data + len;
    int first_line = 1;
    /* A UTF-8 byte order mark (Excel's "CSV UTF-8") is not part of the first column's name. */
    if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
        p += 3;
    unsigned char delim = 0;
    /* Excel may start a file with "sep=;" to name its delimiter; that line is no header. */
    if (end - p >= 5 && !strncmp(p, "sep=", 4) && p[4] != '\n' && p[4] != '\r') {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        size_t l = eol ? (size_t)(eol - p) : (size_t)(end - p);
        if (l == 5 || (l == 6 && p[5] == '\r')) {
            delim = (unsigned char)p[4];
            p = eol ? eol + 1 : end;
            first_line = 2;
        }
    }
    if (!delim)
        delim = guess_delimiter(p, (size_t)(end - p));

    struct csv_parser cp;
    if (csv_init(&cp, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        return CSV_READ_NOMEM;
    csv_set_delim(&cp, delim);
    struct reader r = {.a = a, .line = first_line - 1};
    enum csv_rc rc = CSV_READ_OK;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        size_t l = eol ? (size_t)(eol - p) + 1 : (size_t)(end - p);
        r.line++;
        /* Line by line, so a bad byte is reported where it is (a character never spans a
         * line break in UTF-8). */
        if (!utf8_valid(p, l) || memchr(p, '\0', l)) {
            rc = CSV_READ_NOT_UTF8;
            *line = r.line;
            *why = arena_printf(a, "Line %d is not UTF-8 text. Save the spreadsheet as "
                                   "\"CSV UTF-8\" and try again.", r.line);
            goto done;
        }
        int blank = l == 1 || (l == 2 && p[0] == '\r');
        if (!r.rec_start && !blank)
            r.rec_start = r.line;
        if (csv_parse(&cp, p, l, on_field, on_record, &r) != l) {
            rc = CSV_READ_PARSE;
            *line = r.rec_start ? r.rec_start : r.line;
            *why = arena_printf(a, "Line %d: the quotes do not pair up (a quoted cell must end "
                                   "with a quote, and a quote inside it is written twice).",
                                r.line);
            goto done;
        }
        if (r.err)
            break;
        p += l;
    }
    if (!r.err && csv_fini(&cp, on_field, on_record, &r) != 0) {
        rc = CSV_READ_PARSE;
        *line = r.rec_start ? r.rec_start : r.line;
        *why = arena_printf(a, "Line %d: a quoted cell is not closed before the end of the "
                               "file.", *line);
        goto done;
    }
    if (r.err) {
        rc = r.err;
        *line = r.rec_start ? r.rec_start : r.line;
        *why = rc == CSV_READ_NOMEM ? "Out of memory while reading the file." : limit_why();
        goto done;
    }
    if (r.nr == 0) {
        rc = CSV_READ_EMPTY;
        *why = "The file is empty: the first row must name the columns.";
        goto done;
    }
    out->rows = arena_alloc(a, r.nr * sizeof *out->rows);
    memcpy(out->rows, r.rows, r.nr * sizeof *out->rows);
    out->n = r.nr;
done:
    csv_free(&cp);
    free(r.fields);
    free(r.rows);
    return rc;
}
