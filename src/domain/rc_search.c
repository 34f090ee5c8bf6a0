/* rc_search.c - read the recoveree search box into name words, phone, date of birth or record. */
#include "rc_search.h"

#include <string.h>

#include "civil.h"

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* n digits at s as a number (n <= 9, so it fits). */
static int number(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

/* A real calendar date as YYYY-MM-DD or M/D/YYYY (1 or 2 digits for month and day) into out. */
static int parse_date(const char *s, size_t n, char out[11])
{
    int y, m, d;
    if (n == 10 && s[4] == '-' && s[7] == '-') {
        for (int i = 0; i < 10; i++)
            if (i != 4 && i != 7 && !is_digit(s[i]))
                return 0;
        y = number(s, 4), m = number(s + 5, 2), d = number(s + 8, 2);
    } else {
        const char *a = memchr(s, '/', n);
        const char *b = a ? memchr(a + 1, '/', n - (size_t)(a + 1 - s)) : NULL;
        if (!a || !b)
            return 0;
        int lm = (int)(a - s), ld = (int)(b - a - 1), ly = (int)(n - (size_t)(b + 1 - s));
        if (lm < 1 || lm > 2 || ld < 1 || ld > 2 || ly != 4)
            return 0;
        for (size_t i = 0; i < n; i++)
            if (!is_digit(s[i]) && s[i] != '/')
                return 0;
        m = number(s, lm), d = number(a + 1, ld), y = number(b + 1, 4);
    }
    if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31)
        return 0;
    int32_t day = civil_days(y, m, d);
    int yy, mm, dd;
    civil_split(day, &yy, &mm, &dd);
    if (yy != y || mm != m || dd != d)
        return 0; /* 02/30 and the like */
    civil_format(day, out);
    return 1;
}

int rc_query_parse(const char *q, struct rc_query *out)
{
    memset(out, 0, sizeof *out);
    if (!q)
        return 0;
    while (blank(*q))
        q++;
    size_t n = strlen(q);
    while (n > 0 && blank(q[n - 1]))
        n--;
    if (n == 0)
        return 0;
    if (n > RC_SEARCH_MAX)
        return -1;
    out->any = 1;
    /* "#123": a record number and nothing else. */
    if (q[0] == '#' && n > 1 && n <= 19) {
        int digits = 1;
        for (size_t i = 1; i < n; i++)
            digits &= is_digit(q[i]);
        if (digits) {
            for (size_t i = 1; i < n; i++)
                out->id = out->id * 10 + (q[i] - '0');
            return 0;
        }
    }
    if (parse_date(q, n, out->dob))
        return 0;
    /* Digits, perhaps with phone punctuation. */
    size_t nd = 0;
    int phone_like = 1, bare = 1;
    for (size_t i = 0; i < n; i++) {
        if (is_digit(q[i]))
            out->phone[nd++] = q[i];
        else if (strchr(" -().+", q[i]))
            bare = 0;
        else
            phone_like = 0;
    }
    out->phone[nd] = '\0';
    if (phone_like && nd > 0) {
        if (bare && nd <= 18)
            for (size_t i = 0; i < nd; i++)
                out->id = out->id * 10 + (out->phone[i] - '0');
        if (nd == 11 && out->phone[0] == '1')
            memmove(out->phone, out->phone + 1, nd--);
        /* Fewer than 4 digits would match half the phone book. */
        if (nd < 4)
            out->phone[0] = '\0';
        return 0;
    }
    out->phone[0] = '\0';
    /* Name words; a hyphen separates them as it does name parts ("Smith-Jones"). */
    for (size_t i = 0; i < n;) {
        while (i < n && (blank(q[i]) || q[i] == ',' || q[i] == '-'))
            i++;
        size_t start = i;
        while (i < n && !blank(q[i]) && q[i] != ',' && q[i] != '-')
            i++;
        if (i == start)
            continue;
        if (out->nwords == RC_SEARCH_WORDS)
            return -1;
        char *w = out->words[out->nwords++];
        for (size_t k = start; k < i; k++)
            *w++ = q[k] >= 'A' && q[k] <= 'Z' ? (char)(q[k] + ('a' - 'A')) : q[k];
        *w = '\0';
    }
    return 0;
}
