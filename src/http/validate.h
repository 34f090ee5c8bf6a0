/* validate.h - request parameters: parsing (query, form, JSON) and checking against a route's fields. */
#ifndef PD_VALIDATE_H
#define PD_VALIDATE_H

#include "http.h"

/* At most this many parameters per request: enough for the largest form
 * (organization settings), small enough that parsing stays cheap. */
#define MAX_PARAMS 128

/* Add a parameter (copied into r->a). Returns 0, or -1 when MAX_PARAMS is reached. */
int param_add(struct req *r, const char *name, size_t nl, const char *value, size_t vl);

/* Parse application/x-www-form-urlencoded text into r->params. 0, -1 (too many)
 * or -2 (a %00 inside a name or value). */
int parse_urlencoded(struct req *r, const char *s, size_t n);

/* Parse a JSON object body into r->params (scalars only: strings, numbers,
 * booleans; null is absent). Returns 0, -1 (too many), or -2 (not a JSON object). */
int parse_json_body(struct req *r, const char *s, size_t n);

/* Parse a multipart/form-data body (content_type carries the boundary) into
 * r->params, and its one file part into r->upload. Returns 0, -1 (too many
 * parameters) or -2 (malformed, a second file, or a NUL in a text field). */
int parse_multipart(struct req *r, const char *content_type, const char *body, size_t n);

/* The raw value of a parameter by name (declared or not), or NULL. */
const char *param_raw(struct req *r, const char *name);

/* Check every declared field: type, length, range, required. On failure
 * returns -1 with the field name and a sentence. Undeclared parameters
 * (other than _csrf and _pre) are ignored and never reach the handler. */
int validate_params(struct req *r, const struct field *fields, const char **field,
                    const char **why);

/* At most this many field errors are reported for one request: every field of the largest
 * form, with room to spare. */
#define MAX_FIELD_ERRORS 64

/* Check every declared field like validate_params, collecting every error instead of the
 * first: *errs (in r->a) gets *n errors in field-table order, each with its field, a code
 * ("required", "too_long", "invalid", "twice", "not_a_list") and a message in the reader's
 * language that names the field by its label (catalog id field.NAME; a field without one is
 * quoted by name). Returns 0 (none) or -1. Text that is not UTF-8 is the one error then. */
int validate_all(struct req *r, const struct field *fields, struct field_error **errs, size_t *n);

/* 1 when s[0..n) is valid UTF-8 (no overlongs, no surrogates). */
int utf8_valid(const char *s, size_t n);

/* 1 when the Content-Type value ct names exactly the media type type (lower case, e.g.
 * "application/json"): compared case-insensitively, optional white space, then the end or
 * ';' and parameters. "application/jsonXYZ" is not application/json. 0 for NULL. */
int media_type_is(const char *ct, const char *type);

/* 1 when s is a real YYYY-MM-DD calendar date. */
int date_valid(const char *s);

#endif
