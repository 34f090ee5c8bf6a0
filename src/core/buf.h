/* buf.h - growable byte buffer and the escaping functions, named by where the text goes. */
#ifndef PD_BUF_H
#define PD_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct buf {
    char *data; /* NUL-terminated once anything was written; NULL while empty */
    size_t len, cap;
} buf;

/* Start empty. buf_free releases memory (wiped first) and resets. */
void buf_init(buf *b);
void buf_free(buf *b);

/* Hand the data to the caller (malloc'd, NUL-terminated) and reset b. */
char *buf_steal(buf *b);

void buf_putn(buf *b, const char *s, size_t n);
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, char c);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Escaping by context. Each writes s into b made safe for that place. */
void html_txt(buf *b, const char *s, size_t n);  /* element text: & < > " ' */
void html_attr(buf *b, const char *s, size_t n); /* quoted attribute value */
void url_arg(buf *b, const char *s, size_t n);   /* query-string / path component */
void csv_field(buf *b, const char *s, size_t n); /* RFC 4180 field, formula-safe */

#endif
