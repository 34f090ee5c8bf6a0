/* consents_store.c - consents, their signed copies and disclosures (consents_store.h). */
#include "consents_store.h"
#include "store_rows.h"

#include <limits.h>
#include <string.h>

#include "civil.h"

static int32_t day_col(db_stmt *s, int c)
{
    return db_col_isnull(s, c) ? -1 : civil_parse(db_col_text(s, c));
}

/* Bind civil day d as YYYY-MM-DD, or NULL when it is -1 (absent). */
static void bind_day(db_stmt *s, int i, int32_t d)
{
    if (d < 0) {
        db_bind_null(s, i);
        return;
    }
    char t[11];
    civil_format(d, t);
    db_bind_text(s, i, t);
}

/* Step s to its end, growing an arena array of rows of size sz through fill. */

/* ---- consents ---------------------------------------------------------------------- */

/* Columns in CONSENT_COLS order (q_recoverees.def). */
static void fill_consent(db_stmt *s, arena *a, void *row)
{
    struct consent_row *x = row;
    memset(x, 0, sizeof *x);
    struct consent *c = &x->c;
    x->id = db_col_int(s, 0);
    int k = consent_kind_parse(db_col_text(s, 1));
    c->kind = k < 0 ? CK_SPECIFIC : (enum consent_kind)k;
    c->combined_with = (unsigned)db_col_int(s, 2);
    c->patient_name = col_dup(a, s, 3);
    c->disclosers = col_dup(a, s, 4);
    c->information = col_dup(a, s, 5);
    c->recipients = col_dup(a, s, 6);
    c->intermediary = (int)db_col_int(s, 7);
    c->intermediary_participants = col_dup(a, s, 8);
    c->covered_entity_recipient = (int)db_col_int(s, 9);
    c->hipaa_redisclosure_stmt = (int)db_col_int(s, 10);
    c->purposes = col_dup(a, s, 11);
    c->fundraising = (int)db_col_int(s, 12);
    c->fundraising_optout_stmt = (int)db_col_int(s, 13);
    c->revocation_stmt = (int)db_col_int(s, 14);
    c->revocation_how = col_dup(a, s, 15);
    c->expires_on = day_col(s, 16);
    c->expiry_event = col_dup(a, s, 17);
    c->signature = col_dup(a, s, 18);
    c->needs_authorized_signer = (int)db_col_int(s, 19);
    c->authorized_signer = col_dup(a, s, 20);
    c->signed_on = day_col(s, 21);
    x->signature_method = col_dup(a, s, 22);
    x->signed_at = db_col_isnull(s, 23) ? 0 : db_col_int(s, 23);
    x->signed_from = col_dup(a, s, 24);
    c->tpo_redisclosure_stmt = (int)db_col_int(s, 25);
    c->tpo_refusal_stmt = (int)db_col_int(s, 26);
    c->revocable_after = day_col(s, 27);
    c->revocable_after_event = col_dup(a, s, 28);
    c->revoked_at = db_col_isnull(s, 29) ? 0 : db_col_int(s, 29);
    x->revocation_method = col_dup(a, s, 30);
    x->revocation_document = col_dup(a, s, 31);
    x->created_at = db_col_int(s, 32);
}

int consent_get(db *d, arena *a, int64_t org_id, int64_t recoveree_id, int64_t id,
                struct consent_row *x)
{
    db_stmt *s = db_prep(d, Q_CONSENT_GET);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, recoveree_id);
    db_bind_int(s, 3, id);
    int rc = db_step(s);
    if (rc != DB_ROW)
        return rc == DB_OK ? 0 : -1;
    fill_consent(s, a, x);
    db_exec(s);
    return 1;
}

int consent_list(db *d, arena *a, int64_t org_id, int64_t recoveree_id, struct consent_row **out,
                 int *n)
{
    db_stmt *s = db_prep(d, Q_CONSENT_LIST);
    if (s) {
        db_bind_int(s, 1, org_id);
        db_bind_int(s, 2, recoveree_id);
    }
    /* The statement's own LIMIT (200) bounds the list. */
    return rows_collect(s, a, sizeof **out, INT_MAX, fill_consent, (void **)out, n);
}

/* CONSENT_INSERT for both entry points: unsigned (method NULL: no signature fields) or
 * already signed by method with c->signature on c->signed_on. Never a signing time or
 * address: those are only set by signing electronically. */
static int insert_consent(db *d, int64_t org_id, int64_t recoveree_id, const struct consent *c,
                          const char *method, int64_t by, int64_t at, int64_t *id)
{
    db_stmt *s = db_prep(d, Q_CONSENT_INSERT);
    if (!s)
        return DB_ERR;
    int i = 1;
    db_bind_int(s, i++, org_id);
    db_bind_int(s, i++, recoveree_id);
    db_bind_text(s, i++, consent_kind_name(c->kind));
    db_bind_int(s, i++, (int64_t)c->combined_with);
    db_bind_text(s, i++, c->patient_name);
    db_bind_text(s, i++, c->disclosers);
    db_bind_text(s, i++, c->information);
    db_bind_text(s, i++, c->recipients);
    db_bind_int(s, i++, c->intermediary);
    db_bind_text(s, i++, c->intermediary_participants);
    db_bind_int(s, i++, c->covered_entity_recipient);
    db_bind_int(s, i++, c->hipaa_redisclosure_stmt);
    db_bind_text(s, i++, c->purposes);
    db_bind_int(s, i++, c->fundraising);
    db_bind_int(s, i++, c->fundraising_optout_stmt);
    db_bind_int(s, i++, c->revocation_stmt);
    db_bind_text(s, i++, c->revocation_how);
    bind_day(s, i++, c->expires_on);
    db_bind_text(s, i++, c->expiry_event);
    db_bind_text(s, i++, method ? c->signature : NULL);
    db_bind_int(s, i++, c->needs_authorized_signer);
    db_bind_text(s, i++, c->authorized_signer);
    bind_day(s, i++, method ? c->signed_on : -1);
    db_bind_text(s, i++, method);
    db_bind_null(s, i++); /* signed_at */
    db_bind_null(s, i++); /* signed_from */
    db_bind_int(s, i++, c->tpo_redisclosure_stmt);
    db_bind_int(s, i++, c->tpo_refusal_stmt);
    bind_day(s, i++, c->revocable_after);
    db_bind_text(s, i++, c->revocable_after_event);
    db_bind_int(s, i++, by);
    db_bind_int(s, i++, at);
    return db_insert_id(s, id);
}

int consent_insert(db *d, int64_t org_id, int64_t recoveree_id, const struct consent *c,
                   int64_t by, int64_t at, int64_t *id)
{
    return insert_consent(d, org_id, recoveree_id, c, NULL, by, at, id);
}

int consent_insert_signed(db *d, int64_t org_id, int64_t recoveree_id, const struct consent *c,
                          const char *method, int64_t by, int64_t at, int64_t *id)
{
    return insert_consent(d, org_id, recoveree_id, c, method, by, at, id);
}

/* Run a one-row UPDATE: 1 when it changed the row, 0 when its conditions held it back, -1. */
static int changed_one(db_stmt *s)
{
    if (db_exec(s) != DB_OK)
        return -1;
    return db_changes(s) == 1;
}

int consent_sign_typed(db *d, int64_t org_id, int64_t recoveree_id, int64_t id,
                       const char *signature, int32_t signed_on, int64_t at, const char *from)
{
    db_stmt *s = db_prep(d, Q_CONSENT_SIGN);
    if (!s)
        return -1;
    db_bind_text(s, 1, signature);
    bind_day(s, 2, signed_on);
    db_bind_int(s, 3, at);
    db_bind_text(s, 4, from);
    db_bind_int(s, 5, org_id);
    db_bind_int(s, 6, recoveree_id);
    db_bind_int(s, 7, id);
    return changed_one(s);
}

int consent_sign_paper(db *d, int64_t org_id, int64_t recoveree_id, int64_t id,
                       const char *signature, int32_t signed_on)
{
    db_stmt *s = db_prep(d, Q_CONSENT_SIGN_PAPER);
    if (!s)
        return -1;
    db_bind_text(s, 1, signature);
    bind_day(s, 2, signed_on);
    db_bind_int(s, 3, org_id);
    db_bind_int(s, 4, recoveree_id);
    db_bind_int(s, 5, id);
    return changed_one(s);
}

int consent_revoke(db *d, int64_t org_id, int64_t recoveree_id, int64_t id, int64_t at,
                   const char *method, const char *document)
{
    db_stmt *s = db_prep(d, Q_CONSENT_REVOKE);
    if (!s)
        return -1;
    db_bind_int(s, 1, at);
    db_bind_text(s, 2, method);
    db_bind_text(s, 3, document);
    db_bind_int(s, 4, org_id);
    db_bind_int(s, 5, recoveree_id);
    db_bind_int(s, 6, id);
    return changed_one(s);
}

/* ---- signed paper copies ------------------------------------------------------------ */

int consent_copy_insert(db *d, int64_t org_id, int64_t recoveree_id, int64_t consent_id,
                        const char *filename, const char *content_type, const void *data,
                        size_t len, const char *sha256, int64_t by, int64_t at,
                        const char *reason)
{
    db_stmt *s = db_prep(d, Q_CFILE_INSERT);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, recoveree_id);
    db_bind_int(s, 3, consent_id);
    db_bind_text(s, 4, filename);
    db_bind_text(s, 5, content_type);
    db_bind_int(s, 6, (int64_t)len);
    db_bind_text(s, 7, sha256);
    db_bind_blob(s, 8, data, len);
    db_bind_int(s, 9, by);
    db_bind_int(s, 10, at);
    db_bind_text(s, 11, reason); /* NULL binds NULL: the first copy */
    return db_exec(s);
}

static void fill_copy(db_stmt *s, arena *a, void *row)
{
    struct consent_copy *f = row;
    f->id = db_col_int(s, 0);
    f->filename = col_dup(a, s, 1);
    f->content_type = col_dup(a, s, 2);
    f->size = db_col_int(s, 3);
    f->sha256 = col_dup(a, s, 4);
    f->uploaded_by = col_dup(a, s, 5);
    f->uploaded_at = db_col_int(s, 6);
    f->reason = col_dup(a, s, 7);
}

int consent_copies(db *d, arena *a, int64_t org_id, int64_t recoveree_id, int64_t consent_id,
                   struct consent_copy **out, int *n)
{
    db_stmt *s = db_prep(d, Q_CFILE_LIST);
    if (s) {
        db_bind_int(s, 1, org_id);
        db_bind_int(s, 2, recoveree_id);
        db_bind_int(s, 3, consent_id);
    }
    /* The statement's own LIMIT (100) bounds the list. */
    return rows_collect(s, a, sizeof **out, INT_MAX, fill_copy, (void **)out, n);
}

int consent_copy_get(db *d, arena *a, int64_t org_id, int64_t recoveree_id, int64_t consent_id,
                     int64_t copy_id, struct consent_file *f)
{
    db_stmt *s = db_prep(d, copy_id > 0 ? Q_CFILE_GET_ONE : Q_CFILE_GET);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, recoveree_id);
    db_bind_int(s, 3, consent_id);
    if (copy_id > 0)
        db_bind_int(s, 4, copy_id);
    int rc = db_step(s);
    if (rc != DB_ROW)
        return rc == DB_OK ? 0 : -1;
    f->id = db_col_int(s, 0);
    f->filename = col_dup(a, s, 1);
    f->content_type = col_dup(a, s, 2);
    const void *data = db_col_blob(s, 3, &f->len);
    void *copy = arena_alloc(a, f->len ? f->len : 1);
    if (f->len)
        memcpy(copy, data, f->len);
    f->data = copy;
    db_exec(s);
    return 1;
}

/* ---- disclosures -------------------------------------------------------------------- */

int disclosure_insert(db *d, int64_t org_id, int64_t recoveree_id, const struct disclosure_new *n,
                      int64_t by, int64_t at, int64_t *id)
{
    db_stmt *s = db_prep(d, Q_DISC_INSERT);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, recoveree_id);
    db_bind_int(s, 3, n->consent_id);
    db_bind_text(s, 4, n->date);
    db_bind_text(s, 5, n->recipient);
    db_bind_text(s, 6, n->recipient_category);
    db_bind_text(s, 7, n->recipient_address);
    db_bind_text(s, 8, n->purpose);
    db_bind_text(s, 9, n->what);
    db_bind_int(s, 10, n->notice_statement);
    db_bind_text(s, 11, n->scope);
    db_bind_int(s, 12, by);
    db_bind_int(s, 13, at);
    return db_insert_id(s, id);
}

/* Columns in DISC_COLS order (q_recoverees.def). */
static void fill_disclosure(db_stmt *s, arena *a, void *row)
{
    struct disclosure_row *x = row;
    x->id = db_col_int(s, 0);
    x->consent_id = db_col_int(s, 1);
    x->date = col_dup(a, s, 2);
    x->recipient = col_dup(a, s, 3);
    x->recipient_category = col_dup(a, s, 4);
    x->recipient_address = col_dup(a, s, 5);
    x->purpose = col_dup(a, s, 6);
    x->what = col_dup(a, s, 7);
    x->notice_statement = (int)db_col_int(s, 8);
    x->scope = col_dup(a, s, 9);
    x->made_by = col_dup(a, s, 10);
    x->made_at = db_col_int(s, 11);
}

int disclosure_get(db *d, arena *a, int64_t org_id, int64_t recoveree_id, int64_t id,
                   struct disclosure_row *x)
{
    db_stmt *s = db_prep(d, Q_DISC_GET);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, recoveree_id);
    db_bind_int(s, 3, id);
    int rc = db_step(s);
    if (rc != DB_ROW)
        return rc == DB_OK ? 0 : -1;
    fill_disclosure(s, a, x);
    db_exec(s);
    return 1;
}

int disclosures_window(db *d, arena *a, int64_t org_id, int64_t recoveree_id, const char *from,
                       const char *to, struct disclosure_row **out, int *n)
{
    db_stmt *s = db_prep(d, Q_DISC_WINDOW);
    if (s) {
        db_bind_int(s, 1, org_id);
        db_bind_int(s, 2, recoveree_id);
        db_bind_text(s, 3, from);
        db_bind_text(s, 4, to);
    }
    /* The accounting lists every disclosure of the window (§2.25: none may be left out). */
    return rows_collect(s, a, sizeof **out, INT_MAX, fill_disclosure, (void **)out, n);
}
