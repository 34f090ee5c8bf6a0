/* wf_text.h - a sentence of the workforce rules kept as a message id and its arguments, so
 * it can be said in the reader's language (issue 10): the rules (workforce.c) decide without
 * knowing who reads, the caller says it with wf_text_format, and a stored note
 * (workforce_status.c) keeps the id and arguments (wf_text_encode) rather than English.
 *
 * Pure: the catalog (msg.h) is data once loaded; no other I/O. */
#ifndef PD_WF_TEXT_H
#define PD_WF_TEXT_H

#include <stdarg.h>
#include <stddef.h>

#include "arena.h"

/* Room for the arguments of the longest rule sentence (a peer's name, two dates, hours). */
#define WF_TEXT_ARGS 6
/* A value is a date, a number of hours, a message id or a peer's name (DISPLAY_NAME_MAX_BYTES
 * is 400: a longer name is cut in the sentence, never in the record). */
#define WF_TEXT_VALUE 404

struct wf_text {
    char id[64];     /* the catalog id, "" when there is no sentence */
    int plural;      /* 1: a plural message whose count is n (msg_plural_text) */
    long long n;
    int nargs;
    struct {
        char name[24];
        char value[WF_TEXT_VALUE]; /* "@id": a message id said in the reader's language */
    } arg[WF_TEXT_ARGS];
};

/* Set t to message id with the NULL-terminated name, value pairs that follow (copied; a
 * NULL value is ""). */
void wf_text_set(struct wf_text *t, const char *id, ...) __attribute__((sentinel));

/* wf_text_set with the pairs in ap. */
void wf_text_vset(struct wf_text *t, const char *id, va_list ap);

/* t said in lang (NULL: English) into out (n bytes, always terminated; "" when t has no
 * id). An argument "@id" is that message in lang, its placeholders filled from t's arguments
 * as well (one level). Returns out. */
char *wf_text_format(const struct wf_text *t, const char *lang, char *out, size_t n);

/* t as one line for storage: "@ID" then "|name=value" per argument ("|#=N" for the count);
 * a '|' in a value is stored as '/'. "" when t has no id. */
void wf_text_encode(const struct wf_text *t, char *out, size_t n);

/* t said in lang into out when it has an id, else fallback (a sentence made otherwise). */
const char *wf_text_or(const struct wf_text *t, const char *fallback, const char *lang, char *out,
                       size_t n);

/* A stored note (stored, as wf_text_encode wrote it) said in lang into out: 1, or 0 when
 * stored is not such a line (out untouched). */
int wf_note_format(const char *stored, const char *lang, char *out, size_t n);

/* A stored note said in lang: one written by wf_text_encode is decoded and said; any other
 * text (a note stored in English before notes had ids) is returned as stored; NULL stays
 * NULL. Result in a (or stored itself). */
const char *wf_note_text(arena *a, const char *lang, const char *stored);

#endif
