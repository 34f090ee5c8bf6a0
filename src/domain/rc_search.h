/* rc_search.h - what a search of the recoveree list asks for: name words, a phone number, a
 * date of birth or a record number, read from the one search box. Pure. */
#ifndef PD_RC_SEARCH_H
#define PD_RC_SEARCH_H

#include <stdint.h>

/* Every word of a name search must match; names have at most this many parts in practice
 * ("Maria de la Cruz Lopez" is five), and each word is one bound parameter pair. */
#define RC_SEARCH_WORDS 6
/* The search box holds at most this many bytes (routes.c declares the same limit). */
#define RC_SEARCH_MAX 64

struct rc_query {
    int any;       /* 0: no search (an empty box) - list everything in reach */
    int64_t id;    /* record number to match, 0 for none ("#123" or a bare number) */
    char phone[RC_SEARCH_MAX + 1]; /* digits to find in the phone number, "" for none */
    char dob[11];  /* YYYY-MM-DD to match the date of birth, "" for none */
    int nwords;    /* name words, each lower-cased (ASCII), matched at the start of a name part */
    char words[RC_SEARCH_WORDS][RC_SEARCH_MAX + 1];
};

/* Read a search: "#123" is record 123; a bare number is a record number and, from 4 digits,
 * part of a phone number; digits with phone punctuation ("(973) 555-0142", "+1 973...")
 * are a phone number (the US country code 1 of an 11-digit number is dropped, since stored
 * numbers are mostly written without it); YYYY-MM-DD or MM/DD/YYYY (a real date) is a date
 * of birth; anything else is name words separated by blanks, commas or hyphens.
 * Returns 0, or -1 (more than RC_SEARCH_WORDS words, or longer than RC_SEARCH_MAX). */
int rc_query_parse(const char *q, struct rc_query *out);

#endif
