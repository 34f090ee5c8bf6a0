/* import_store.h - an uploaded spreadsheet kept between its preview and its confirmation
 * (POST /import/preview, /import/confirm), and the command line's acting administrator. */
#ifndef PD_IMPORT_STORE_H
#define PD_IMPORT_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "db.h"

struct import_upload {
    int64_t id;
    const char *kind;   /* "staff" or "recoverees" */
    const char *sha256; /* hex of the file as previewed */
    const unsigned char *data;
    size_t len;
    int ok; /* the preview found no rejected row */
};

/* Keep data for user_id of org_id under token_hash (the stored form of the token handed to
 * the browser), until expires_at. Also forgets every expired upload. DB_OK or negative. */
int import_upload_put(db *d, int64_t org_id, int64_t user_id, const char *token_hash,
                      const char *kind, const char *sha256, const void *data, size_t len, int ok,
                      int64_t now, int64_t expires_at);

/* The unexpired upload of user_id with token_hash, copied into a: 1, 0 (absent, expired or
 * another user's: the same answer), -1 error. */
int import_upload_get(db *d, arena *a, int64_t org_id, int64_t user_id, const char *token_hash,
                      int64_t now, struct import_upload *out);

/* Forget an upload (after it was confirmed). DB_OK or negative. */
int import_upload_delete(db *d, int64_t org_id, int64_t id);

/* The username of org_id's longest-standing active administrator, in a: 1, 0 none, -1. */
int import_first_admin(db *d, arena *a, int64_t org_id, const char **username);

#endif
