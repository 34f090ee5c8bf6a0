/* ops_consents.c - consents (RC-3) and disclosures (RC-4) (ops_consents.h). The rules are the
 * pure ones of src/domain/consent.c; here they are applied to the stored consent inside the
 * transaction that changes it, so a revocation or a signature committed a moment earlier is
 * seen. */
#include "ops_consents.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "assignment.h"
#include "civil.h"
#include "consent.h"
#include "consents_store.h"
#include "evidence.h"
#include "msg.h"
#include "ops_reach.h"
#include "secret.h"

/* Begin, and load the recoveree for a change: OP_OK inside the transaction, else the
 * transaction is over and res says why (fail: the message if even the begin fails). */
static enum op_status begin_for(struct op_ctx *c, int64_t id, struct recoveree *x,
                                const char *fail, struct op_result *res)
{
    if (op_begin(c, res) != OP_OK)
        return op_store(res, fail);
    if (op_rc_for_write(c, id, x, res) != OP_OK)
        return op_end(c, res);
    return OP_OK;
}

/* begin_for, then the recoveree's consent id into *k. OP_OK inside the transaction; else it
 * is over (a missing recoveree audited as recoveree.denied, as `what`). */
static enum op_status begin_consent(struct op_ctx *c, int64_t recoveree_id, int64_t id,
                                    struct recoveree *x, struct consent_row *k, const char *fail,
                                    const char *what, struct op_result *res)
{
    if (begin_for(c, recoveree_id, x, fail, res) != OP_OK)
        return op_rc_denied(c, res, recoveree_id, what);
    int rc = consent_get(c->db, c->a, c->who.org_id, x->id, id, k);
    if (rc == 1)
        return OP_OK;
    if (rc < 0)
        op_store(res, msg(c->lang, "consent.err.read"));
    else
        op_fail(res, OP_NOT_FOUND, "not_found", NULL, NULL, msg(c->lang, "consent.err.not_found"));
    return op_end(c, res);
}

static int lead(const struct op_ctx *c)
{
    return c->who.role == ROLE_ADMIN || c->who.role == ROLE_SUPERVISOR;
}

/* "tpo,specific" -> bit mask of kinds; -1 when a name is unknown. */
static long kinds_mask(const char *s)
{
    unsigned m = 0;
    char buf[128];
    snprintf(buf, sizeof buf, "%s", s ? s : "");
    for (char *save = NULL, *t = strtok_r(buf, ", ", &save); t; t = strtok_r(NULL, ", ", &save)) {
        int k = consent_kind_parse(t);
        if (k < 0)
            return -1;
        m |= 1u << k;
    }
    return (long)m;
}

/* A YYYY-MM-DD date or NULL into *day (-1 when NULL). 0, or -1 when it is not a date. */
static int day_in(const char *s, int32_t *day)
{
    *day = s ? civil_parse(s) : -1;
    return s && *day < 0 ? -1 : 0;
}

static enum op_status refuse_problem(struct op_result *res, const char *code,
                                     const struct consent_problem *p, struct op_ctx *c)
{
    return op_fail(res, OP_REFUSED, code, p->element, p->field, op_said(c, &p->text, p->message));
}

/* §2.31(a)(8): the name as signed is the patient's (or the authorized signer's). */
static enum op_status check_signature(struct op_ctx *c, const struct consent *k, const char *name,
                                      struct op_result *res)
{
    char bad[240];
    if (consent_signature_ok_lang(k, name, c->lang, bad, sizeof bad))
        return OP_OK;
    return op_fail(res, OP_REFUSED, "signature", "§2.31(a)(8)", "signature",
                   arena_strdup(c->a, bad));
}

/* The scan's sniffed type (PDF, PNG, JPEG), or NULL with res saying why not. */
static const char *scan_type(struct op_ctx *c, const struct consent_scan *f, struct op_result *res)
{
    if (!f->data) {
        op_invalid(res, "file", msg(c->lang, "consent.err.scan"));
        return NULL;
    }
    const char *why = NULL;
    const char *ctype = evidence_type_lang(f->data, f->len, c->lang, &why);
    if (!ctype)
        op_fail(res, OP_REFUSED, "file_type", NULL, "file", why ? arena_strdup(c->a, why) : NULL);
    return ctype;
}

/* Keep scan f of consent k as a new copy row (reason NULL for the first); hex receives the
 * SHA-256. DB_OK or negative. */
static int keep_scan(struct op_ctx *c, const struct recoveree *x, const struct consent_row *k,
                     const struct consent_scan *f, const char *ctype, const char *reason,
                     char hex[65])
{
    char fname[101];
    unsigned char digest[32];
    evidence_filename(f->filename, fname);
    crypto_hash_sha256(digest, f->data, f->len);
    hex_encode(digest, sizeof digest, hex);
    return consent_copy_insert(c->db, c->who.org_id, x->id, k->id, fname, ctype, f->data, f->len,
                               hex, c->who.user_id, c->now, reason);
}

enum op_status op_consent_create(struct op_ctx *c, const struct consent_create_in *in,
                                 struct op_result *res)
{
    const char *fail = msg(c->lang, "consent.err.store");
    struct recoveree x;
    if (begin_for(c, in->recoveree_id, &x, fail, res) != OP_OK)
        return op_rc_denied(c, res, in->recoveree_id, "consent.create");
    int kind = consent_kind_parse(in->kind);
    long combined = kinds_mask(in->combined_with);
    struct consent k = {0};
    if (kind < 0)
        op_invalid(res, "kind", msg(c->lang, "consent.err.kind"));
    else if (combined < 0)
        op_invalid(res, "combined_with", msg(c->lang, "consent.err.combined"));
    else if (day_in(in->expires_on, &k.expires_on) != 0)
        op_invalid(res, "expires_on", msg(c->lang, "consent.err.date"));
    else if (day_in(in->revocable_after, &k.revocable_after) != 0)
        op_invalid(res, "revocable_after", msg(c->lang, "consent.err.date"));
    if (res->status != OP_OK)
        return op_end(c, res);
    k.kind = (enum consent_kind)kind;
    k.combined_with = (unsigned)(combined & ~(1L << kind));
    /* §2.31(a)(1): the patient named on the consent is the recoveree of this record. */
    k.patient_name = arena_printf(c->a, "%s %s", x.first_name, x.last_name);
    k.disclosers = in->disclosers;
    k.information = in->information;
    k.recipients = in->recipients;
    k.intermediary = in->intermediary;
    k.intermediary_participants = in->intermediary_participants;
    k.covered_entity_recipient = in->covered_entity_recipient;
    k.hipaa_redisclosure_stmt = in->hipaa_redisclosure_stmt;
    k.purposes = in->purposes;
    k.fundraising = in->fundraising;
    k.fundraising_optout_stmt = in->fundraising_optout_stmt;
    k.revocation_stmt = in->revocation_stmt;
    k.revocation_how = in->revocation_how;
    k.expiry_event = in->expiry_event;
    k.needs_authorized_signer = in->needs_authorized_signer;
    k.authorized_signer = in->authorized_signer;
    k.tpo_redisclosure_stmt = in->tpo_redisclosure_stmt;
    k.tpo_refusal_stmt = in->tpo_refusal_stmt;
    k.revocable_after_event = in->revocable_after_event;
    /* RC-3: every element but the signature is checked now; the signature when it is given
     * (typed at /sign, or a signed paper copy uploaded). */
    struct consent check = k;
    check.signature = "(to be signed)";
    check.signed_on = c->today;
    /* Every missing element at once, not one per submit (issue 10). */
    enum { MAX_PROBLEMS = 24 }; /* more than §2.31 has elements */
    struct consent_problem *ps = arena_alloc(c->a, sizeof *ps * MAX_PROBLEMS);
    int np = consent_validate_all(&check, ps, MAX_PROBLEMS);
    if (np > 0) {
        refuse_problem(res, "consent_incomplete", &ps[0], c);
        if (np > 1) {
            struct op_field_error *fe = arena_alloc(c->a, sizeof *fe * (size_t)np);
            for (int i = 0; i < np; i++)
                fe[i] = (struct op_field_error){ps[i].field, "consent_incomplete",
                                                op_said(c, &ps[i].text, ps[i].message)};
            res->errors = fe;
            res->nerrors = (size_t)np;
        }
        op_end(c, res);
        /* The refusal is kept with the element it lacks, after the rollback. */
        return op_audit_refusal(c, res, "consent.refused", "recoveree", x.id);
    }
    int64_t id = 0;
    if (consent_insert(c->db, c->who.org_id, x.id, &k, c->who.user_id, c->now, &id) != DB_OK ||
        op_audit(c, "consent.create", "recoveree", x.id,
                 arena_printf(c->a, "consent %lld %s", (long long)id, consent_kind_name(k.kind)),
                 "ok") != 0)
        op_store(res, fail);
    else
        op_ok(res, id, 0);
    if (op_end(c, res) == OP_STORE)
        res->message = fail;
    return res->status;
}

enum op_status op_consent_sign(struct op_ctx *c, const struct consent_sign_in *in,
                               struct op_result *res)
{
    const char *fail = msg(c->lang, "consent.err.sign_store");
    struct recoveree x;
    struct consent_row k;
    if (begin_consent(c, in->recoveree_id, in->consent_id, &x, &k, fail, "consent.sign", res) !=
        OP_OK)
        return res->status;
    struct consent_problem p;
    if (k.c.signature)
        op_conflict(res, "already_signed", msg(c->lang, "consent.err.already_signed"));
    else if (k.c.revoked_at)
        op_conflict(res, "revoked", msg(c->lang, "consent.err.revoked"));
    else if (check_signature(c, &k.c, in->signature, res) != OP_OK)
        ;
    else {
        /* The typed name, the time and the address together are the electronic signature. */
        k.c.signature = in->signature;
        k.c.signed_on = c->today;
        if (consent_validate(&k.c, &p) != 0)
            refuse_problem(res, "consent_incomplete", &p, c);
    }
    if (res->status != OP_OK)
        return op_end(c, res);
    if (consent_sign_typed(c->db, c->who.org_id, x.id, k.id, in->signature, c->today, c->now,
                           c->client) != 1 ||
        op_audit(c, "consent.sign", "recoveree", x.id,
                 arena_printf(c->a, "consent %lld", (long long)k.id), "ok") != 0)
        op_store(res, fail);
    else
        op_ok(res, k.id, 0);
    if (op_end(c, res) == OP_STORE)
        res->message = fail;
    return res->status;
}

enum op_status op_consent_signed_copy(struct op_ctx *c, const struct consent_signed_copy_in *in,
                                      char sha256[65], struct op_result *res)
{
    const char *fail = msg(c->lang, "consent.err.copy_store");
    struct recoveree x;
    struct consent_row k;
    sha256[0] = '\0';
    if (begin_consent(c, in->recoveree_id, in->consent_id, &x, &k, fail, "consent.signed_copy",
                      res) != OP_OK)
        return res->status;
    const char *ctype = NULL;
    int32_t on = -1;
    if (!in->file.data)
        op_invalid(res, "file", msg(c->lang, "consent.err.scan"));
    else if (k.c.revoked_at)
        op_conflict(res, "revoked", msg(c->lang, "consent.err.revoked"));
    else if (!(ctype = scan_type(c, &in->file, res)))
        ;
    /* RC-3: once signed, the copy is replaced only by a correction with a reason. */
    else if (k.c.signature)
        op_fail(res, OP_CONFLICT, "already_signed", NULL, "file",
                msg(c->lang, "consent.err.copy_signed"));
    else if (check_signature(c, &k.c, in->signature, res) != OP_OK)
        ;
    else {
        struct consent_problem p;
        on = in->signed_on ? civil_parse(in->signed_on) : -1;
        k.c.signature = in->signature;
        k.c.signed_on = on;
        if (consent_validate(&k.c, &p) != 0)
            refuse_problem(res, "consent_incomplete", &p, c);
        else if (on > c->today)
            op_invalid(res, "signed_on", msg(c->lang, "consent.err.signed_future"));
    }
    if (res->status != OP_OK)
        return op_end(c, res);
    /* Only an unsigned consent is signed by it: a second upload racing this one fails. */
    if (keep_scan(c, &x, &k, &in->file, ctype, NULL, sha256) != DB_OK ||
        consent_sign_paper(c->db, c->who.org_id, x.id, k.id, in->signature, on) != 1 ||
        op_audit(c, "consent.signed_copy", "recoveree", x.id,
                 arena_printf(c->a, "consent %lld sha256=%s", (long long)k.id, sha256),
                 "ok") != 0)
        op_store(res, fail);
    else
        op_ok(res, k.id, 0);
    if (op_end(c, res) == OP_STORE)
        res->message = fail;
    return res->status;
}

enum op_status op_consent_signed_copy_fix(struct op_ctx *c, const struct consent_copy_fix_in *in,
                                          char sha256[65], struct op_result *res)
{
    const char *fail = msg(c->lang, "consent.err.fix_store");
    sha256[0] = '\0';
    /* RC-3: a signed copy is corrected by the people who answer for the record. */
    if (!lead(c))
        return op_forbidden(res, "RC-3",
                            msg(c->lang, "consent.err.fix_roles"));
    struct recoveree x;
    struct consent_row k;
    if (begin_consent(c, in->recoveree_id, in->consent_id, &x, &k, fail,
                      "consent.signed_copy.correct", res) != OP_OK)
        return res->status;
    const char *ctype = NULL;
    if (!k.c.signature)
        op_conflict(res, "not_signed",
                    msg(c->lang, "consent.err.fix_unsigned"));
    else if (k.c.revoked_at)
        op_conflict(res, "revoked", msg(c->lang, "consent.err.revoked"));
    else if (!in->reason || strlen(in->reason) < OVERRIDE_REASON_MIN)
        op_invalid(res, "reason", msg(c->lang, "consent.err.fix_reason"));
    else if (check_signature(c, &k.c, in->signature, res) != OP_OK)
        ;
    else
        ctype = scan_type(c, &in->file, res);
    if (res->status != OP_OK)
        return op_end(c, res);
    /* The new copy becomes the current one; every earlier copy stays, with its reason. */
    if (keep_scan(c, &x, &k, &in->file, ctype, in->reason, sha256) != DB_OK ||
        op_audit(c, "consent.signed_copy.correct", "recoveree", x.id,
                 arena_printf(c->a, "consent %lld sha256=%s: %s", (long long)k.id, sha256,
                              in->reason),
                 "ok") != 0)
        op_store(res, fail);
    else
        op_ok(res, k.id, 0);
    if (op_end(c, res) == OP_STORE)
        res->message = fail;
    return res->status;
}

enum op_status op_consent_revoke(struct op_ctx *c, const struct consent_revoke_in *in,
                                 struct op_result *res)
{
    const char *fail = msg(c->lang, "consent.err.revoke_store");
    struct recoveree x;
    struct consent_row k;
    if (begin_consent(c, in->recoveree_id, in->consent_id, &x, &k, fail, "consent.revoke", res) !=
        OP_OK)
        return res->status;
    char why[240];
    /* §2.31(a)(6): revocation is in writing; record how it came and what it says. */
    if (!in->method ||
        (strcmp(in->method, "written_paper") && strcmp(in->method, "written_electronic")))
        op_fail(res, OP_INVALID, NULL, "RC-3", "method",
                msg(c->lang, "consent.err.revoke_written"));
    else if (k.c.revoked_at)
        op_conflict(res, "revoked", msg(c->lang, "consent.err.already_revoked"));
    else if (!in->document)
        op_fail(res, OP_INVALID, NULL, "RC-3", "document",
                msg(c->lang, "consent.err.revoke_document"));
    /* §2.35: a criminal-justice consent may not be revoked before its date. */
    else if (!consent_may_revoke_lang(&k.c, c->today, c->lang, why, sizeof why))
        op_fail(res, OP_REFUSED, "not_yet_revocable", "§2.35", NULL, arena_strdup(c->a, why));
    if (res->status != OP_OK)
        return op_end(c, res);
    if (consent_revoke(c->db, c->who.org_id, x.id, k.id, c->now, in->method, in->document) != 1 ||
        op_audit(c, "consent.revoke", "recoveree", x.id,
                 arena_printf(c->a, "consent %lld %s", (long long)k.id, in->method), "ok") != 0)
        op_store(res, fail);
    else
        op_ok(res, k.id, 0);
    if (op_end(c, res) == OP_STORE)
        res->message = fail;
    return res->status;
}

/* After the rollback: keep the refused disclosure on the audit trail with why. */
static enum op_status disclosure_refused(struct op_ctx *c, struct op_result *res, int64_t rc_id,
                                         const char *why)
{
    op_end(c, res);
    if (op_audit(c, "disclosure.refused", "recoveree", rc_id, why, "denied") != 0)
        return op_store(res, msg(c->lang, "op.err.store"));
    return res->status;
}

enum op_status op_disclose(struct op_ctx *c, const struct disclosure_in *in,
                           struct op_result *res)
{
    const char *fail = msg(c->lang, "consent.err.disclose_store");
    /* RC-4: administrators and supervisors disclose. */
    if (!lead(c))
        return op_forbidden(res, "RC-4", msg(c->lang, "consent.err.disclose_roles"));
    struct recoveree x;
    /* Emergency access is for reading: the write reach leaves it out, so nothing is
     * disclosed from a record opened only by break-glass. */
    if (begin_for(c, in->recoveree_id, &x, fail, res) != OP_OK)
        return op_rc_denied(c, res, in->recoveree_id, "disclosure");
    /* The consent is read and judged inside the transaction that records the disclosure,
     * so a revocation committed a moment earlier is seen. */
    struct consent_row k;
    int rc = consent_get(c->db, c->a, c->who.org_id, x.id, in->consent_id, &k);
    if (rc < 0) {
        op_store(res, msg(c->lang, "consent.err.read"));
        return op_end(c, res);
    }
    /* No consent, no disclosure: records leave the organization only under one. */
    if (rc == 0) {
        op_fail(res, OP_REFUSED, "no_consent", "RC-4", "consent_id",
                msg(c->lang, "consent.err.no_consent"));
        return disclosure_refused(c, res, x.id, "no consent");
    }
    struct consent_problem p;
    /* §2.31(a)(7), (c)(1): an expiry *event* such as "end of treatment" has happened once the
     * recoveree's services ended (discharged or closed); a dated expiry is judged by date. */
    int event_ended = k.c.expires_on < 0 && k.c.expiry_event && strcmp(x.status, "active") != 0 &&
                      strcasecmp(k.c.expiry_event, "none") != 0;
    if (event_ended) {
        snprintf(p.message, sizeof p.message, "%s",
                 msg_fmt(c->a, c->lang, "consent.err.event_ended", "event",
                         arena_printf(c->a, "%.80s", k.c.expiry_event), "date", x.status_date,
                         "status", msg(c->lang, arena_printf(c->a, "rc.status.%s", x.status)),
                         NULL));
        p.element = "§2.31(c)";
        p.field = "consent_id";
        p.text.id[0] = '\0'; /* said already, in the reader's language */
    }
    /* RC-4: valid today, naming this recipient and this purpose. */
    int covered = !event_ended && consent_covers(&k.c, in->recipient, in->recipient_category,
                                                 in->purpose, c->today, c->now, &p);
    /* §2.31(a)(3): only the information the consent describes may go, named as it names it. */
    if (covered && !consent_list_has(k.c.information, in->what)) {
        covered = 0;
        p.element = "RC-4";
        p.field = "what";
        p.text.id[0] = '\0';
        snprintf(p.message, sizeof p.message, "%s",
                 msg_fmt(c->a, c->lang, "consent.err.information", "information",
                         k.c.information ? arena_printf(c->a, "%.160s", k.c.information)
                                         : msg(c->lang, "consent.err.information_none"),
                         NULL));
    }
    if (!covered) {
        refuse_problem(res, "not_covered", &p, c);
        return disclosure_refused(
            c, res, x.id, arena_printf(c->a, "consent %lld: %s", (long long)k.id, p.element));
    }
    char scope[1200], day[11];
    consent_scope(&k.c, scope, sizeof scope);
    civil_format(c->today, day);
    struct disclosure_new d = {
        .consent_id = k.id,
        .date = day,
        .recipient = in->recipient,
        .recipient_category = in->recipient_category,
        .recipient_address = in->recipient_address,
        .purpose = in->purpose,
        .what = in->what,
        .scope = scope,
        /* §2.32(a): the notice goes with every disclosure. */
        .notice_statement = in->notice_statement ? in->notice_statement : 1,
    };
    int64_t id = 0;
    if (disclosure_insert(c->db, c->who.org_id, x.id, &d, c->who.user_id, c->now, &id) != DB_OK ||
        op_audit(c, "disclosure", "recoveree", x.id,
                 arena_printf(c->a, "to %s for %s under consent %lld", in->recipient,
                              in->purpose, (long long)k.id),
                 "ok") != 0)
        op_store(res, fail);
    else
        op_ok(res, id, 0);
    if (op_end(c, res) == OP_STORE)
        res->message = fail;
    return res->status;
}
