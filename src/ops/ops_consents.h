/* ops_consents.h - 42 CFR Part 2 consents (RC-3) and disclosures under them (RC-4): every
 * change a user makes to them. Each operation checks the write reach (op_rc_for_write: no
 * break-glass, WF-5/WF-1 for peers), then the consent rules of src/domain/consent.c, writes
 * and audits in one transaction. */
#ifndef PD_OPS_CONSENTS_H
#define PD_OPS_CONSENTS_H

#include <stddef.h>
#include <stdint.h>

#include "ops.h"

/* Record a consent (RC-3). kind and combined_with are consent kind names ("tpo",
 * "specific", ...; combined_with a comma or space separated list, NULL for none). The
 * patient named is always the record's recoveree (§2.31(a)(1)); a signature comes only
 * through op_consent_sign or a signed copy. Every other §2.31(a) element is checked now
 * (consent_validate), and the forbidden combinations (counseling notes, proceedings:
 * §2.31(b), (d)): OP_REFUSED "consent_incomplete" with rule = the element (e.g.
 * "§2.31(a)(4)") and the field to fix, audited as consent.refused. OP_INVALID for an
 * unknown kind or a date not YYYY-MM-DD. OP_OK with the consent's id. */
struct consent_create_in {
    int64_t recoveree_id;
    const char *kind, *combined_with;
    const char *disclosers, *information, *recipients, *intermediary_participants, *purposes,
        *revocation_how, *expiry_event, *authorized_signer, *revocable_after_event;
    int intermediary, covered_entity_recipient, hipaa_redisclosure_stmt, fundraising,
        fundraising_optout_stmt, revocation_stmt, needs_authorized_signer,
        tpo_redisclosure_stmt, tpo_refusal_stmt;
    const char *expires_on, *revocable_after; /* YYYY-MM-DD or NULL */
};
enum op_status op_consent_create(struct op_ctx *c, const struct consent_create_in *in,
                                 struct op_result *res);

/* Sign a consent electronically today (RC-3, §2.31(a)(8)-(9)): the typed name, with the time
 * and the client address, is the signature, and must be the patient's (or the authorized
 * signer's when one is needed): OP_REFUSED "signature" otherwise. OP_CONFLICT
 * "already_signed" / "revoked"; OP_NOT_FOUND "not_found" for no such consent. OP_OK (id =
 * the consent). */
struct consent_sign_in {
    int64_t recoveree_id, consent_id;
    const char *signature;
};
enum op_status op_consent_sign(struct op_ctx *c, const struct consent_sign_in *in,
                               struct op_result *res);

/* The scanned file of a signed paper copy. data NULL: none was sent. */
struct consent_scan {
    const unsigned char *data;
    size_t len;
    const char *filename; /* as sent; made safe (evidence_filename) before it is kept */
};

/* Upload the signed paper copy of an unsigned consent (RC-3): it records the name and day as
 * signed (the patient's or authorized signer's name, a day not in the future) and keeps the
 * file (PDF, PNG or JPEG, sniffed). Once a consent is signed, another upload is refused
 * (OP_CONFLICT "already_signed"): only a correction replaces its copy. OP_INVALID "file" when
 * no file came, OP_REFUSED "file_type" when it is not a scan, "signature", or
 * "consent_incomplete"; OP_CONFLICT "revoked". OP_OK (id = the consent); sha256 receives the
 * file's SHA-256 in hex. */
struct consent_signed_copy_in {
    int64_t recoveree_id, consent_id;
    struct consent_scan file;
    const char *signature, *signed_on;
};
enum op_status op_consent_signed_copy(struct op_ctx *c, const struct consent_signed_copy_in *in,
                                      char sha256[65], struct op_result *res);

/* Correct the signed copy of a signed consent (RC-3): administrators and supervisors only
 * (OP_FORBIDDEN otherwise), with the reason in a sentence (at least OVERRIDE_REASON_MIN
 * characters) and the name as signed (the patient's or authorized signer's). The new copy
 * becomes the current one; every earlier copy is kept; the consent's signature and date do
 * not change. Audited with the reason. OP_CONFLICT "not_signed" / "revoked". OP_OK (id = the
 * consent); sha256 receives the new copy's hash. */
struct consent_copy_fix_in {
    int64_t recoveree_id, consent_id;
    struct consent_scan file;
    const char *signature, *reason;
};
enum op_status op_consent_signed_copy_fix(struct op_ctx *c, const struct consent_copy_fix_in *in,
                                          char sha256[65], struct op_result *res);

/* Record a written revocation (RC-3, §2.31(a)(6)): method is "written_paper" or
 * "written_electronic" (OP_INVALID otherwise), document what it says. A §2.35
 * criminal-justice consent is not revocable before its revocable_after date: OP_REFUSED
 * "not_yet_revocable". OP_CONFLICT "revoked" when it already was. OP_OK (id = the consent). */
struct consent_revoke_in {
    int64_t recoveree_id, consent_id;
    const char *method, *document;
};
enum op_status op_consent_revoke(struct op_ctx *c, const struct consent_revoke_in *in,
                                 struct op_result *res);

/* Disclose outside the organization under a consent (RC-4): administrators and supervisors
 * only (OP_FORBIDDEN), never under emergency access (the write reach leaves break-glass out:
 * OP_NOT_FOUND). The consent is read inside the transaction that records the disclosure, and
 * must exist (OP_REFUSED "no_consent"), be valid today, not ended by its expiry event, and
 * name the recipient, the purpose and the information among its lines (OP_REFUSED
 * "not_covered" with the element). Each refusal is audited as disclosure.refused. The
 * disclosure carries the §2.32 notice (statement 1 or 2) and the consent's scope, and is
 * entered in the accounting. OP_OK with the disclosure's id. */
struct disclosure_in {
    int64_t recoveree_id, consent_id;
    const char *recipient, *recipient_category, *recipient_address, *purpose, *what;
    int notice_statement; /* 1 or 2 (§2.32(a)); 0 means 1 */
};
enum op_status op_disclose(struct op_ctx *c, const struct disclosure_in *in,
                           struct op_result *res);

#endif
