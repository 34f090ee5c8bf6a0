/* h_evidence.c - upload a certificate or course document as evidence of a workforce record,
 * and download it again (always as an attachment of its sniffed type, never as HTML). */
#include "handlers.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "evidence.h"
#include "secret.h"
#include "workforce_store.h"

static const struct {
    const char *type;
    enum q_id link;
    int reach;
} kinds[] = {
    {"certification", Q_WF_EVIDENCE_LINK_CERT, REACH_SUPERVISE},
    {"training", Q_WF_EVIDENCE_LINK_TRAINING, REACH_SUPERVISE},
    {"ce", Q_WF_EVIDENCE_LINK_CE, REACH_SELF_ADD},
};

int h_wf_evidence_add(struct req *r)
{
    /* record is "certification-12", "training-7" or "ce-3". */
    const char *record = req_str(r, "record");
    const char *dash = record ? strrchr(record, '-') : NULL;
    int64_t record_id = dash ? strtoll(dash + 1, NULL, 10) : 0;
    int k = -1;
    for (int i = 0; dash && i < 3; i++)
        if (strlen(kinds[i].type) == (size_t)(dash - record) &&
            !strncmp(record, kinds[i].type, (size_t)(dash - record)))
            k = i;
    if (k < 0 || record_id <= 0)
        return reply_error(r, 400, "invalid", NULL,
                           "record names the record: certification-ID, training-ID or ce-ID.",
                           "record", NULL, NULL);
    const char *type = kinds[k].type;
    struct wf_record rec;
    if (wf_reach(r, kinds[k].reach, &rec))
        return 0;
    if (!r->upload)
        return reply_error(r, 400, "invalid", NULL, "Choose a file to upload.", "file", NULL,
                           NULL);
    const char *why = NULL;
    const char *ctype = evidence_type(r->upload->data, r->upload->len, &why);
    if (!ctype)
        return reply_error(r, 422, "evidence_type", NULL, why, "file", NULL, NULL);
    char name[101];
    evidence_filename(r->upload->filename, name);
    unsigned char digest[32];
    char hex[65];
    crypto_hash_sha256(digest, r->upload->data, r->upload->len);
    hex_encode(digest, sizeof digest, hex);

    int64_t id = 0;
    int ok = db_begin(r->db) == DB_OK;
    db_stmt *s = ok ? db_prep(r->db, Q_WF_EVIDENCE_ADD) : NULL;
    if (s) {
        db_bind_int(s, 1, r->me.org_id);
        db_bind_int(s, 2, r->id);
        db_bind_text(s, 3, name);
        db_bind_text(s, 4, ctype);
        db_bind_int(s, 5, (int64_t)r->upload->len);
        db_bind_text(s, 6, hex);
        db_bind_blob(s, 7, r->upload->data, r->upload->len);
        db_bind_int(s, 8, r->me.user_id);
        db_bind_int(s, 9, (int64_t)time(NULL));
        ok = db_insert_id(s, &id) == DB_OK;
    } else {
        ok = 0;
    }
    s = ok ? db_prep(r->db, kinds[k].link) : NULL;
    if (s) {
        db_bind_int(s, 1, id);
        db_bind_int(s, 2, r->me.org_id);
        db_bind_int(s, 3, r->id);
        db_bind_int(s, 4, record_id);
        ok = db_exec(s) == DB_OK;
        if (ok && db_changes(s) != 1) {
            db_rollback(r->db);
            return reply_error(r, 404, "not_found", NULL,
                               "There is no such record of this person to attach the file to.",
                               "record_id", NULL, NULL);
        }
    } else {
        ok = 0;
    }
    ok = ok && req_audit(r, "workforce.evidence.add", "user", r->id,
                         arena_printf(r->a, "%s %lld sha256=%s", type, (long long)record_id, hex),
                         "ok") == 0;
    if (!ok || db_commit(r->db) != DB_OK) {
        db_rollback(r->db);
        return reply_error(r, 500, "store", NULL, "The file could not be stored.", NULL, NULL,
                           NULL);
    }
    json_t *m = json_object();
    jset_int(m, "id", id);
    jset_str(m, "sha256", hex);
    jset_str(m, "content_type", ctype);
    return reply_done(r, 201, arena_printf(r->a, "/workforce/%lld", (long long)r->id), m);
}

int h_wf_evidence_get(struct req *r)
{
    struct wf_record rec;
    if (wf_reach(r, REACH_READ, &rec))
        return 0;
    db_stmt *s = db_prep(r->db, Q_WF_EVIDENCE_GET);
    if (!s)
        return reply_error(r, 500, "store", NULL, "The file could not be read.", NULL, NULL, NULL);
    db_bind_int(s, 1, r->me.org_id);
    db_bind_int(s, 2, r->id);
    db_bind_int(s, 3, r->id2);
    int rc = db_step(s);
    if (rc != DB_ROW)
        return reply_error(r, rc == DB_OK ? 404 : 500, rc == DB_OK ? "not_found" : "store", NULL,
                           rc == DB_OK ? "There is no such file." : "The file could not be read.",
                           NULL, NULL, NULL);
    /* Copied out before the audit entry is written: writing releases the half-read row. */
    size_t n;
    const void *blob = db_col_blob(s, 2, &n);
    void *data = arena_alloc(r->a, n ? n : 1);
    if (n)
        memcpy(data, blob, n);
    const char *fname = arena_strdup(r->a, db_col_text(s, 0));
    const char *ctype = arena_strdup(r->a, db_col_text(s, 1));
    db_exec(s);
    if (req_audit_read(r, "workforce.evidence.read", "user", r->id,
                       arena_printf(r->a, "evidence %lld", (long long)r->id2)) != 0)
        return 0;
    reply_attachment(r, ctype, data, n, fname);
    return 0;
}
