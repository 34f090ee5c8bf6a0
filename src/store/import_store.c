/* import_store.c - uploads awaiting confirmation, and the first administrator (import_store.h). */
#include "import_store.h"

#include <string.h>

int import_upload_put(db *d, int64_t org_id, int64_t user_id, const char *token_hash,
                      const char *kind, const char *sha256, const void *data, size_t len, int ok,
                      int64_t now, int64_t expires_at)
{
    if (db_begin(d) != DB_OK)
        return DB_ERR;
    db_stmt *s = db_prep(d, Q_IMP_UPLOAD_PURGE);
    int rc = DB_ERR;
    if (!s)
        goto err;
    db_bind_int(s, 1, now);
    if ((rc = db_exec(s)) != DB_OK)
        goto err;
    rc = DB_ERR;
    if (!(s = db_prep(d, Q_IMP_UPLOAD_INSERT)))
        goto err;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, user_id);
    db_bind_text(s, 3, token_hash);
    db_bind_text(s, 4, kind);
    db_bind_text(s, 5, sha256);
    db_bind_blob(s, 6, data ? data : "", len);
    db_bind_int(s, 7, ok);
    db_bind_int(s, 8, now);
    db_bind_int(s, 9, expires_at);
    int64_t id;
    if ((rc = db_insert_id(s, &id)) != DB_OK)
        goto err;
    return db_commit(d) == DB_OK ? DB_OK : DB_ERR;
err:
    db_rollback(d);
    return rc;
}

int import_upload_get(db *d, arena *a, int64_t org_id, int64_t user_id, const char *token_hash,
                      int64_t now, struct import_upload *out)
{
    db_stmt *s = db_prep(d, Q_IMP_UPLOAD_GET);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, user_id);
    db_bind_text(s, 3, token_hash);
    db_bind_int(s, 4, now);
    int rc = db_step(s);
    if (rc != DB_ROW)
        return rc == DB_OK ? 0 : -1;
    out->id = db_col_int(s, 0);
    out->kind = arena_strdup(a, db_col_text(s, 1));
    out->sha256 = arena_strdup(a, db_col_text(s, 2));
    size_t n = 0;
    const void *p = db_col_blob(s, 3, &n);
    unsigned char *copy = arena_alloc(a, n + 1);
    if (n)
        memcpy(copy, p, n);
    copy[n] = 0;
    out->data = copy;
    out->len = n;
    out->ok = db_col_int(s, 4) != 0;
    db_exec(s);
    return 1;
}

int import_upload_delete(db *d, int64_t org_id, int64_t id)
{
    db_stmt *s = db_prep(d, Q_IMP_UPLOAD_DELETE);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, id);
    return db_exec(s);
}

int import_first_admin(db *d, arena *a, int64_t org_id, const char **username)
{
    db_stmt *s = db_prep(d, Q_IMP_FIRST_ADMIN);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    int rc = db_step(s);
    if (rc != DB_ROW)
        return rc == DB_OK ? 0 : -1;
    *username = arena_strdup(a, db_col_text(s, 0));
    db_exec(s);
    return 1;
}
