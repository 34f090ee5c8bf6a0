/* evidence.h - what an uploaded evidence file may be: a PDF, PNG or JPEG within the size limit. */
#ifndef PD_EVIDENCE_H
#define PD_EVIDENCE_H

#include <stddef.h>

/* The largest evidence file: a scanned multi-page certificate fits easily. */
#define EVIDENCE_MAX_BYTES (4u * 1024 * 1024)

/* Decide the stored type of a file from its first bytes (never from the name
 * or the type the browser claims, which an attacker chooses). Returns
 * "application/pdf", "image/png" or "image/jpeg", or NULL with a sentence in *why. */
const char *evidence_type(const unsigned char *data, size_t len, const char **why);
/* The same with the sentence in language lang (a catalog code, msg.h; NULL: English). */
const char *evidence_type_lang(const unsigned char *data, size_t len, const char *lang,
                               const char **why);

/* A safe file name to show and to offer on download: the last path component,
 * characters outside [A-Za-z0-9._ -] replaced by '_', at most 100 bytes, never
 * empty or starting with '.'. out must hold 101 bytes. */
void evidence_filename(const char *in, char out[101]);

#endif
