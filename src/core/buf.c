/* buf.c - growable buffer and context escaping. */
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

void buf_init(buf *b)
{
    b->data = NULL;
    b->len = b->cap = 0;
}

void buf_free(buf *b)
{
    if (b->data) {
        sodium_memzero(b->data, b->cap);
        free(b->data);
    }
    buf_init(b);
}

static void grow(buf *b, size_t extra)
{
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p)
        abort();
    b->data = p;
    b->cap = cap;
}

char *buf_steal(buf *b)
{
    grow(b, 0);
    b->data[b->len] = '\0';
    char *p = b->data;
    buf_init(b);
    return p;
}

void buf_putn(buf *b, const char *s, size_t n)
{
    grow(b, n);
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void buf_puts(buf *b, const char *s)
{
    buf_putn(b, s, strlen(s));
}

void buf_putc(buf *b, char c)
{
    buf_putn(b, &c, 1);
}

void buf_printf(buf *b, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n > 0) {
        grow(b, (size_t)n);
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap2);
        b->len += (size_t)n;
    }
    va_end(ap2);
}

void html_txt(buf *b, const char *s, size_t n)
{
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rep = NULL;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: continue;
        }
        buf_putn(b, s + start, i - start);
        buf_puts(b, rep);
        start = i + 1;
    }
    buf_putn(b, s + start, n - start);
}

void html_attr(buf *b, const char *s, size_t n)
{
    /* The same set as text is enough inside a double-quoted attribute. */
    html_txt(b, s, n);
}

void url_arg(buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~') {
            buf_putc(b, (char)c);
        } else {
            char e[3] = {'%', hex[c >> 4], hex[c & 15]};
            buf_putn(b, e, 3);
        }
    }
}

void csv_field(buf *b, const char *s, size_t n)
{
    /* A leading = + - @ makes spreadsheets evaluate the cell (CSV injection);
     * prefix a quote so it stays text. */
    int formula = n > 0 && strchr("=+-@\t\r", s[0]) != NULL;
    buf_putc(b, '"');
    if (formula)
        buf_putc(b, '\'');
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            buf_putc(b, '"');
        buf_putc(b, s[i]);
    }
    buf_putc(b, '"');
}
