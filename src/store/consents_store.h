/* consents_store.h - typed store functions for 42 CFR Part 2 consents (RC-3), their signed
 * paper copies, and the disclosures made under them (RC-4). The SQL is in q_recoverees.def
 * beside the statement names used here; every function binds its own parameters. */
#ifndef PD_CONSENTS_STORE_H
#define PD_CONSENTS_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "consent.h"
#include "db.h"

/* A consent as stored, with its strings in an arena. */
struct consent_row {
    int64_t id, created_at, signed_at;
    struct consent c;
    const char *signature_method, *signed_from, *revocation_method, *revocation_document;
};

/* One signed paper copy, without its bytes (reason: why it replaced the one before, NULL for
 * the first). */
struct consent_copy {
    int64_t id, size, uploaded_at;
    const char *filename, *content_type, *sha256, *uploaded_by, *reason;
};

/* One copy's bytes for download (data in the arena). */
struct consent_file {
    int64_t id;
    const char *filename, *content_type;
    const void *data;
    size_t len;
};

/* A disclosure as entered in the accounting (made_by: the discloser's display name). */
struct disclosure_row {
    int64_t id, consent_id, made_at;
    int notice_statement;
    const char *date, *recipient, *recipient_category, *recipient_address, *purpose, *what,
        *scope, *made_by;
};

/* What a new disclosure records. */
struct disclosure_new {
    int64_t consent_id;
    const char *date, *recipient, *recipient_category, *recipient_address, *purpose, *what,
        *scope;
    int notice_statement;
};

/* Consent id of the recoveree: 1 (in *x, arena strings), 0 when there is none, -1 on error. */
int consent_get(db *d, arena *a, int64_t org_id, int64_t recoveree_id, int64_t id,
                struct consent_row *x);

/* The recoveree's consents, newest first (at most 200): 0 with *out (arena) and *n, or -1. */
int consent_list(db *d, arena *a, int64_t org_id, int64_t recoveree_id, struct consent_row **out,
                 int *n);

/* Record a new, unsigned consent c (its signature fields are not stored: a consent is signed
 * only by consent_sign_typed or consent_sign_paper). *id receives its id. DB_OK or negative. */
int consent_insert(db *d, int64_t org_id, int64_t recoveree_id, const struct consent *c,
                   int64_t by, int64_t at, int64_t *id);

/* Record a consent that is already signed: c->signature on c->signed_on, by method ("paper"),
 * with no signing time or address. Only the demo generator calls it (it back-dates consents
 * signed long ago); the operations record a consent unsigned and sign it with
 * consent_sign_typed or consent_sign_paper. *id receives its id. DB_OK or negative. */
int consent_insert_signed(db *d, int64_t org_id, int64_t recoveree_id, const struct consent *c,
                          const char *method, int64_t by, int64_t at, int64_t *id);
/* Sign an unsigned, unrevoked consent electronically: the typed name, the day, the time and
 * the client address. 1 signed, 0 when it was signed or revoked meanwhile, -1 on error. */
int consent_sign_typed(db *d, int64_t org_id, int64_t recoveree_id, int64_t id,
                       const char *signature, int32_t signed_on, int64_t at, const char *from);

/* Mark an unsigned, unrevoked consent signed on paper with the name and day as signed.
 * 1 signed, 0 when it was signed or revoked meanwhile, -1 on error. */
int consent_sign_paper(db *d, int64_t org_id, int64_t recoveree_id, int64_t id,
                       const char *signature, int32_t signed_on);

/* Record a written revocation of an unrevoked consent. 1 revoked, 0 when it already was, -1
 * on error. */
int consent_revoke(db *d, int64_t org_id, int64_t recoveree_id, int64_t id, int64_t at,
                   const char *method, const char *document);

/* Keep one scan of a consent as a new row (rows are never replaced: the newest is the
 * current copy). reason: why it replaces the copy before, NULL for the first. DB_OK or
 * negative. */
int consent_copy_insert(db *d, int64_t org_id, int64_t recoveree_id, int64_t consent_id,
                        const char *filename, const char *content_type, const void *data,
                        size_t len, const char *sha256, int64_t by, int64_t at,
                        const char *reason);

/* Every scan of a consent, newest (current) first, at most 100: 0 with *out and *n, or -1. */
int consent_copies(db *d, arena *a, int64_t org_id, int64_t recoveree_id, int64_t consent_id,
                   struct consent_copy **out, int *n);

/* The current scan (copy_id 0) or scan copy_id of a consent: 1 (in *f), 0 none, -1 error. */
int consent_copy_get(db *d, arena *a, int64_t org_id, int64_t recoveree_id, int64_t consent_id,
                     int64_t copy_id, struct consent_file *f);

/* Enter a disclosure in the accounting, made by `by` at `at`. *id receives its id. DB_OK or
 * negative. */
int disclosure_insert(db *d, int64_t org_id, int64_t recoveree_id, const struct disclosure_new *n,
                      int64_t by, int64_t at, int64_t *id);

/* One disclosure of the recoveree: 1 (in *x), 0 none, -1 error. */
int disclosure_get(db *d, arena *a, int64_t org_id, int64_t recoveree_id, int64_t id,
                   struct disclosure_row *x);

/* The recoveree's disclosures made from `from` to `to` (YYYY-MM-DD, both included), newest
 * first: 0 with *out and *n, or -1. */
int disclosures_window(db *d, arena *a, int64_t org_id, int64_t recoveree_id, const char *from,
                       const char *to, struct disclosure_row **out, int *n);

#endif
