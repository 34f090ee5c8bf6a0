/* csv_read.h - read a spreadsheet's CSV export into rows of fields, on libcsv (RFC 4180:
 * quoted fields with embedded commas, quotes and line breaks), with what real files bring: a
 * UTF-8 byte order mark, CRLF or LF line ends, Excel's "sep=;" first line, a semicolon or tab
 * delimiter when the header has no comma, and a clear error for text that is not UTF-8. */
#ifndef PD_CSV_READ_H
#define PD_CSV_READ_H

#include <stddef.h>

#include "arena.h"

/* Limits, so that a hostile or mistaken file cannot make the reader work without end. A
 * staff or recoveree list of a large organization has tens of thousands of rows and a few
 * dozen columns; one field of 64 KB is far more than any intake note. */
#define CSV_MAX_ROWS 200000
#define CSV_MAX_COLS 200
#define CSV_MAX_FIELD (64u * 1024)

/* One record: the physical line where it starts (1-based, counting the header's line as 1
 * and every line break, also those inside quoted fields), and its fields (NUL-terminated,
 * leading and trailing blanks of unquoted fields removed). */
struct csv_row {
    int line;
    size_t n;
    const char **v;
};

/* Every record, the header first. Records whose fields are all empty (Excel writes ",,,"
 * for blank rows) are left out. */
struct csv_table {
    struct csv_row *rows;
    size_t n;
};

enum csv_rc {
    CSV_READ_OK = 0,
    CSV_READ_EMPTY,    /* no header row */
    CSV_READ_NOT_UTF8, /* *line is the first line that is not UTF-8 */
    CSV_READ_PARSE,    /* malformed quoting at *line */
    CSV_READ_LIMIT,    /* too many rows or columns, or a field too long, at *line */
    CSV_READ_NOMEM,
};

/* Read data[0..len) into *out, all in arena a. Returns CSV_READ_OK, or an error with the line
 * in *line and a sentence for people in *why (static or in a). */
enum csv_rc csv_read(arena *a, const char *data, size_t len, struct csv_table *out, int *line,
                     const char **why);

#endif
