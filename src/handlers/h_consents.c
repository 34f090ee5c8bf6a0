/* h_consents.c - 42 CFR Part 2 consents (RC-3): record, print, sign, revoke; disclosures under
 * them (RC-4) with the §2.32 notice and scope; and the accounting of disclosures. */
#include "handlers.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "assignment.h"
#include "civil.h"
#include "consent.h"
#include "evidence.h"
#include "secret.h"
#include "recoverees.h"

static int64_t now(void)
{
    return (int64_t)time(NULL);
}

/* A consent as stored, with the strings in the request arena. */
struct consent_row {
    int64_t id, created_at, signed_at;
    struct consent c;
    const char *signature_method, *signed_from, *revocation_method, *revocation_document;
};

static const char *col(struct req *r, db_stmt *s, int c)
{
    return db_col_isnull(s, c) ? NULL : arena_strdup(r->a, db_col_text(s, c));
}

static int32_t day_col(db_stmt *s, int c)
{
    return db_col_isnull(s, c) ? -1 : civil_parse(db_col_text(s, c));
}

/* Columns in CONSENT_COLS order (q_recoverees.def). */
static void consent_from_row(struct req *r, db_stmt *s, struct consent_row *x)
{
    memset(x, 0, sizeof *x);
    struct consent *c = &x->c;
    x->id = db_col_int(s, 0);
    int k = consent_kind_parse(db_col_text(s, 1));
    c->kind = k < 0 ? CK_SPECIFIC : (enum consent_kind)k;
    c->combined_with = (unsigned)db_col_int(s, 2);
    c->patient_name = col(r, s, 3);
    c->disclosers = col(r, s, 4);
    c->information = col(r, s, 5);
    c->recipients = col(r, s, 6);
    c->intermediary = (int)db_col_int(s, 7);
    c->intermediary_participants = col(r, s, 8);
    c->covered_entity_recipient = (int)db_col_int(s, 9);
    c->hipaa_redisclosure_stmt = (int)db_col_int(s, 10);
    c->purposes = col(r, s, 11);
    c->fundraising = (int)db_col_int(s, 12);
    c->fundraising_optout_stmt = (int)db_col_int(s, 13);
    c->revocation_stmt = (int)db_col_int(s, 14);
    c->revocation_how = col(r, s, 15);
    c->expires_on = day_col(s, 16);
    c->expiry_event = col(r, s, 17);
    c->signature = col(r, s, 18);
    c->needs_authorized_signer = (int)db_col_int(s, 19);
    c->authorized_signer = col(r, s, 20);
    c->signed_on = day_col(s, 21);
    x->signature_method = col(r, s, 22);
    x->signed_at = db_col_isnull(s, 23) ? 0 : db_col_int(s, 23);
    x->signed_from = col(r, s, 24);
    c->tpo_redisclosure_stmt = (int)db_col_int(s, 25);
    c->tpo_refusal_stmt = (int)db_col_int(s, 26);
    c->revocable_after = day_col(s, 27);
    c->revocable_after_event = col(r, s, 28);
    c->revoked_at = db_col_isnull(s, 29) ? 0 : db_col_int(s, 29);
    x->revocation_method = col(r, s, 30);
    x->revocation_document = col(r, s, 31);
    x->created_at = db_col_int(s, 32);
}

static int consent_load(struct req *r, int64_t recoveree, int64_t id, struct consent_row *x)
{
    db_stmt *s = db_prep(r->db, Q_CONSENT_GET);
    if (!s)
        return -1;
    db_bind_int(s, 1, r->me.org_id);
    db_bind_int(s, 2, recoveree);
    db_bind_int(s, 3, id);
    int rc = db_step(s);
    if (rc != DB_ROW)
        return rc == DB_OK ? 0 : -1;
    consent_from_row(r, s, x);
    db_exec(s);
    return 1;
}

static const char *day_s(struct req *r, int32_t d)
{
    if (d < 0)
        return NULL;
    char *s = arena_alloc(r->a, 11);
    civil_format(d, s);
    return s;
}

/* The non-blank lines of a consent's list field, as the consent states them. */
static json_t *lines_j(struct req *r, const char *text)
{
    json_t *lines = json_array();
    char *copy = arena_strdup(r->a, text ? text : "");
    for (char *save = NULL, *t = strtok_r(copy, "\n", &save); t; t = strtok_r(NULL, "\n", &save))
        if (strspn(t, " \t\r") < strlen(t))
            json_array_append_new(lines, jstr(t));
    return lines;
}

static json_t *consent_j(struct req *r, const struct consent_row *x)
{
    const struct consent *c = &x->c;
    json_t *j = json_object();
    enum consent_state st = consent_state(c, civil_today(), now());
    struct consent_problem p;
    int complete = consent_validate(c, &p) == 0;
    jset_int(j, "id", x->id);
    jset_str(j, "kind", consent_kind_name(c->kind));
    jset_str(j, "kind_label", consent_kind_label(c->kind));
    jset_str(j, "state", consent_state_name(st));
    jset_bool(j, "valid", st == CS_VALID);
    jset_bool(j, "signed", c->signature != NULL && c->signed_on >= 0);
    jset_bool(j, "revoked", c->revoked_at != 0);
    if (!complete) {
        jset_str(j, "problem_element", p.element);
        jset_str(j, "problem", p.message);
    }
    jset_str(j, "patient_name", c->patient_name);
    jset_str(j, "disclosers", c->disclosers);
    jset_str(j, "information", c->information);
    jset(j, "information_lines", lines_j(r, c->information));
    /* RC-4: a disclosure goes to a recipient and for a purpose the consent names, so the
     * form offers exactly those lines rather than asking them to be retyped. */
    jset(j, "recipient_lines", lines_j(r, c->recipients));
    jset(j, "purpose_lines", lines_j(r, c->purposes));
    jset_str(j, "recipients", c->recipients);
    jset_bool(j, "intermediary", c->intermediary);
    jset_str(j, "intermediary_participants", c->intermediary_participants);
    jset_bool(j, "covered_entity_recipient", c->covered_entity_recipient);
    jset_bool(j, "hipaa_redisclosure_stmt", c->hipaa_redisclosure_stmt);
    jset_str(j, "purposes", c->purposes);
    jset_bool(j, "fundraising", c->fundraising);
    jset_bool(j, "revocation_stmt", c->revocation_stmt);
    jset_str(j, "revocation_how", c->revocation_how);
    jset_str(j, "expires_on", day_s(r, c->expires_on));
    jset_str(j, "expiry_event", c->expiry_event);
    jset_str(j, "signature", c->signature);
    jset_str(j, "signed_on", day_s(r, c->signed_on));
    jset_str(j, "signature_method", x->signature_method);
    jset(j, "signed_at", view_time(x->signed_at));
    jset_str(j, "signed_from", x->signed_from);
    jset_bool(j, "needs_authorized_signer", c->needs_authorized_signer);
    jset_str(j, "authorized_signer", c->authorized_signer);
    jset_bool(j, "tpo_redisclosure_stmt", c->tpo_redisclosure_stmt);
    jset_bool(j, "tpo_refusal_stmt", c->tpo_refusal_stmt);
    jset_str(j, "revocable_after", day_s(r, c->revocable_after));
    jset_str(j, "revocable_after_event", c->revocable_after_event);
    jset(j, "revoked_at", view_time(c->revoked_at));
    jset_str(j, "revocation_method", x->revocation_method);
    jset_str(j, "revocation_document", x->revocation_document);
    char scope[1200];
    consent_scope(c, scope, sizeof scope);
    jset_str(j, "scope", scope);
    return j;
}

/* ---- list, form, create ---------------------------------------------------------- */

static json_t *kinds_j(int selected)
{
    json_t *arr = json_array();
    for (int k = 0; k < CK__COUNT; k++)
        json_array_append_new(arr, json_pack("{s:s,s:s,s:b}", "value",
                                             consent_kind_name((enum consent_kind)k), "label",
                                             consent_kind_label((enum consent_kind)k), "selected",
                                             k == selected));
    return arr;
}

int h_consents(struct req *r)
{
    struct recoveree x;
    if (rc_load(r, &x, "consent.list") != 0)
        return 0;
    json_t *m = json_object(), *arr = json_array();
    db_stmt *s = db_prep(r->db, Q_CONSENT_LIST);
    if (!s)
        return reply_error(r, 500, "store", NULL, "Consents could not be read.", NULL, NULL, NULL);
    db_bind_int(s, 1, r->me.org_id);
    db_bind_int(s, 2, x.id);
    while (db_step(s) == DB_ROW) {
        struct consent_row c;
        consent_from_row(r, s, &c);
        json_array_append_new(arr, consent_j(r, &c));
    }
    jset(m, "recoveree", rc_summary_j(&x));
    jset(m, "consents", arr);
    jset(m, "kinds", kinds_j(CK_SPECIFIC));
    jset_str(m, "title", "Consents");
    char t[11];
    civil_format(civil_today(), t);
    jset_str(m, "today", t);
    jset_str(m, "patient_name", json_string_value(json_object_get(json_object_get(m, "recoveree"), "name")));
    jset_str(m, "program", r->me.org_name);
    return reply_page(r, 200, "consents.mustache", m);
}

/* The consent's text elements as sent. The patient's name comes from the record, and a
 * signature only through /sign or a signed copy, never with the consent's text. */
static const char *const text_fields[] = {
    "disclosers", "information", "recipients", "intermediary_participants", "purposes",
    "revocation_how", "expiry_event", "authorized_signer", "revocable_after_event",
};
static const char *const flag_fields[] = {
    "intermediary", "covered_entity_recipient", "hipaa_redisclosure_stmt", "fundraising",
    "fundraising_optout_stmt", "revocation_stmt", "needs_authorized_signer",
    "tpo_redisclosure_stmt", "tpo_refusal_stmt",
};

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

int h_consent_create(struct req *r)
{
    struct recoveree x;
    if (rc_load(r, &x, NULL) != 0)
        return 0;
    int kind = consent_kind_parse(req_str(r, "kind"));
    if (kind < 0)
        return reply_error(r, 400, "invalid", NULL, "Choose the kind of consent.", "kind", NULL,
                           NULL);
    long combined = kinds_mask(req_str(r, "combined_with"));
    if (combined < 0)
        return reply_error(r, 400, "invalid", NULL, "combined_with lists consent kinds.",
                           "combined_with", NULL, NULL);
    combined &= ~(1L << kind);
    struct consent c = {0};
    c.kind = (enum consent_kind)kind;
    c.combined_with = (unsigned)combined;
    const char **strs[] = {&c.disclosers, &c.information, &c.recipients,
                           &c.intermediary_participants, &c.purposes, &c.revocation_how,
                           &c.expiry_event, &c.authorized_signer, &c.revocable_after_event};
    for (size_t i = 0; i < sizeof text_fields / sizeof *text_fields; i++)
        *strs[i] = req_str(r, text_fields[i]);
    /* §2.31(a)(1): the patient named on the consent is the recoveree of this record. */
    c.patient_name = arena_printf(r->a, "%s %s", x.first_name, x.last_name);
    int *flags[] = {&c.intermediary, &c.covered_entity_recipient, &c.hipaa_redisclosure_stmt,
                    &c.fundraising, &c.fundraising_optout_stmt, &c.revocation_stmt,
                    &c.needs_authorized_signer, &c.tpo_redisclosure_stmt, &c.tpo_refusal_stmt};
    for (size_t i = 0; i < sizeof flag_fields / sizeof *flag_fields; i++) {
        int64_t v = 0;
        req_int(r, flag_fields[i], &v);
        *flags[i] = (int)v;
    }
    const char *exp = req_str(r, "expires_on"), *ra = req_str(r, "revocable_after");
    c.expires_on = exp ? civil_parse(exp) : -1;
    c.revocable_after = ra ? civil_parse(ra) : -1;
    /* Every element but the signature is checked now; the signature when it is given
     * (typed at /sign, or a signed paper copy uploaded). */
    c.signed_on = civil_today();
    struct consent check = c;
    check.signature = "(to be signed)";
    struct consent_problem p;
    if (consent_validate(&check, &p) != 0) {
        req_audit(r, "consent.refused", "recoveree", x.id, p.element, "denied");
        return reply_error(r, 422, "consent_incomplete", p.element, p.message, p.field, NULL, NULL);
    }
    int64_t id = 0;
    int ok = db_begin(r->db) == DB_OK;
    db_stmt *s = ok ? db_prep(r->db, Q_CONSENT_INSERT) : NULL;
    if (s) {
        int i = 1;
        db_bind_int(s, i++, r->me.org_id);
        db_bind_int(s, i++, x.id);
        db_bind_text(s, i++, consent_kind_name(c.kind));
        db_bind_int(s, i++, (int64_t)c.combined_with);
        db_bind_text(s, i++, c.patient_name);
        db_bind_text(s, i++, c.disclosers);
        db_bind_text(s, i++, c.information);
        db_bind_text(s, i++, c.recipients);
        db_bind_int(s, i++, c.intermediary);
        db_bind_text(s, i++, c.intermediary_participants);
        db_bind_int(s, i++, c.covered_entity_recipient);
        db_bind_int(s, i++, c.hipaa_redisclosure_stmt);
        db_bind_text(s, i++, c.purposes);
        db_bind_int(s, i++, c.fundraising);
        db_bind_int(s, i++, c.fundraising_optout_stmt);
        db_bind_int(s, i++, c.revocation_stmt);
        db_bind_text(s, i++, c.revocation_how);
        db_bind_text(s, i++, exp);
        db_bind_text(s, i++, c.expiry_event);
        db_bind_null(s, i++); /* signature */
        db_bind_int(s, i++, c.needs_authorized_signer);
        db_bind_text(s, i++, c.authorized_signer);
        db_bind_null(s, i++); /* signed_on */
        db_bind_null(s, i++); /* signature_method */
        db_bind_null(s, i++);
        db_bind_null(s, i++);
        db_bind_int(s, i++, c.tpo_redisclosure_stmt);
        db_bind_int(s, i++, c.tpo_refusal_stmt);
        db_bind_text(s, i++, ra);
        db_bind_text(s, i++, c.revocable_after_event);
        db_bind_int(s, i++, r->me.user_id);
        db_bind_int(s, i++, now());
        ok = db_insert_id(s, &id) == DB_OK;
    } else {
        ok = 0;
    }
    ok = ok && req_audit(r, "consent.create", "recoveree", x.id,
                         arena_printf(r->a, "consent %lld %s", (long long)id,
                                      consent_kind_name(c.kind)),
                         "ok") == 0;
    if (!ok || db_commit(r->db) != DB_OK) {
        db_rollback(r->db);
        return reply_error(r, 500, "store", NULL, "The consent could not be saved.", NULL, NULL,
                           NULL);
    }
    json_t *m = json_object();
    jset_int(m, "id", id);
    jset_bool(m, "signed", 0);
    return reply_done(r, 201,
                      arena_printf(r->a, "/recoverees/%lld/consents/%lld", (long long)x.id,
                                   (long long)id),
                      m);
}

/* ---- one consent: the printable form, signing, revoking ----------------------------- */

static int load_both(struct req *r, struct recoveree *x, struct consent_row *c, const char *why)
{
    if (rc_load(r, x, why) != 0)
        return -1;
    int rc = consent_load(r, x->id, r->id2, c);
    if (rc == 1)
        return 0;
    reply_error(r, rc < 0 ? 500 : 404, rc < 0 ? "store" : "not_found", NULL,
                rc < 0 ? "The consent could not be read." : "There is no such consent.", NULL,
                NULL, NULL);
    return -1;
}

int h_consent_show(struct req *r)
{
    struct recoveree x;
    struct consent_row c;
    if (load_both(r, &x, &c, "consent.read") != 0)
        return 0;
    json_t *m = json_object();
    jset(m, "recoveree", rc_summary_j(&x));
    jset(m, "consent", consent_j(r, &c));
    /* Every copy, the current first; earlier ones (replaced by a correction) are listed with
     * who, when and why, and downloadable by administrators and supervisors. */
    int lead = r->me.role == ROLE_ADMIN || r->me.role == ROLE_SUPERVISOR;
    json_t *copies = json_array();
    db_stmt *f = db_prep(r->db, Q_CFILE_LIST);
    if (f) {
        db_bind_int(f, 1, r->me.org_id);
        db_bind_int(f, 2, x.id);
        db_bind_int(f, 3, c.id);
        for (int k = 0; db_step(f) == DB_ROW; k++) {
            json_t *j = json_object();
            jset_int(j, "copy", db_col_int(f, 0));
            jset_str(j, "filename", db_col_text(f, 1));
            jset_int(j, "size", db_col_int(f, 3));
            jset_str(j, "sha256", db_col_text(f, 4));
            jset_str(j, "uploaded_by", db_col_text(f, 5));
            jset(j, "uploaded_at", view_time(db_col_int(f, 6)));
            jset_str(j, "reason", db_col_isnull(f, 7) ? NULL : db_col_text(f, 7));
            jset_bool(j, "current", k == 0);
            jset_bool(j, "downloadable", k == 0 || lead);
            json_array_append_new(copies, j);
        }
    }
    jset_bool(m, "has_signed_copy", json_array_size(copies) > 0);
    jset(m, "signed_copies", copies);
    jset_bool(m, "can_correct_copy", lead && c.c.signature && !c.c.revoked_at);
    /* RC-4: administrators and supervisors disclose (routes.c), and not while they read the
     * record only through emergency access, which is for reading. */
    jset_bool(m, "can_disclose", (r->me.role == ROLE_ADMIN || r->me.role == ROLE_SUPERVISOR) &&
                                     rc_break_glass_until(r, x.id) == 0);
    jset_str(m, "title", "Consent to disclose");
    jset_str(m, "program", r->me.org_name);
    jset_str(m, "notice", consent_notice(1));
    char t[11];
    civil_format(civil_today(), t);
    jset_str(m, "today", t);
    return reply_page(r, 200, "consent.mustache", m);
}

int h_consent_sign(struct req *r)
{
    struct recoveree x;
    struct consent_row c;
    if (load_both(r, &x, &c, NULL) != 0)
        return 0;
    const char *name = req_str(r, "signature");
    if (c.c.signature)
        return reply_error(r, 409, "already_signed", NULL, "This consent is already signed.", NULL,
                           NULL, NULL);
    if (c.c.revoked_at)
        return reply_error(r, 409, "revoked", NULL, "This consent was revoked.", NULL, NULL, NULL);
    char why[240];
    if (!consent_signature_ok(&c.c, name, why, sizeof why))
        return reply_error(r, 422, "signature", "§2.31(a)(8)", why, "signature", NULL, NULL);
    /* The typed name, the time and the address together are the electronic signature. */
    c.c.signature = name;
    c.c.signed_on = civil_today();
    struct consent_problem p;
    if (consent_validate(&c.c, &p) != 0)
        return reply_error(r, 422, "consent_incomplete", p.element, p.message, p.field, NULL,
                           NULL);
    int ok = db_begin(r->db) == DB_OK;
    db_stmt *s = ok ? db_prep(r->db, Q_CONSENT_SIGN) : NULL;
    if (s) {
        db_bind_text(s, 1, name);
        db_bind_text(s, 2, day_s(r, c.c.signed_on));
        db_bind_int(s, 3, now());
        db_bind_text(s, 4, r->client);
        db_bind_int(s, 5, r->me.org_id);
        db_bind_int(s, 6, x.id);
        db_bind_int(s, 7, c.id);
        ok = db_exec(s) == DB_OK && db_changes(s) == 1;
    } else {
        ok = 0;
    }
    ok = ok && req_audit(r, "consent.sign", "recoveree", x.id,
                         arena_printf(r->a, "consent %lld", (long long)c.id), "ok") == 0;
    if (!ok || db_commit(r->db) != DB_OK) {
        db_rollback(r->db);
        return reply_error(r, 500, "store", NULL, "The signature could not be saved.", NULL, NULL,
                           NULL);
    }
    json_t *m = json_object();
    jset_int(m, "id", c.id);
    jset_bool(m, "signed", 1);
    return reply_done(r, 200,
                      arena_printf(r->a, "/recoverees/%lld/consents/%lld", (long long)x.id,
                                   (long long)c.id),
                      m);
}

int h_consent_revoke(struct req *r)
{
    struct recoveree x;
    struct consent_row c;
    if (load_both(r, &x, &c, NULL) != 0)
        return 0;
    const char *method = req_str(r, "method"), *document = req_str(r, "document");
    /* §2.31(a)(6): revocation is in writing; record how it came and what it says. */
    if (!method || (strcmp(method, "written_paper") && strcmp(method, "written_electronic")))
        return reply_error(r, 400, "invalid", "RC-3",
                           "A revocation is in writing: on paper or electronically.", "method",
                           NULL, NULL);
    if (c.c.revoked_at)
        return reply_error(r, 409, "revoked", NULL, "This consent was already revoked.", NULL,
                           NULL, NULL);
    char msg[240];
    if (!consent_may_revoke(&c.c, civil_today(), msg, sizeof msg))
        return reply_error(r, 422, "not_yet_revocable", "§2.35", msg, NULL, NULL, NULL);
    int ok = db_begin(r->db) == DB_OK;
    db_stmt *s = ok ? db_prep(r->db, Q_CONSENT_REVOKE) : NULL;
    if (s) {
        db_bind_int(s, 1, now());
        db_bind_text(s, 2, method);
        db_bind_text(s, 3, document);
        db_bind_int(s, 4, r->me.org_id);
        db_bind_int(s, 5, x.id);
        db_bind_int(s, 6, c.id);
        ok = db_exec(s) == DB_OK && db_changes(s) == 1;
    } else {
        ok = 0;
    }
    ok = ok && req_audit(r, "consent.revoke", "recoveree", x.id,
                         arena_printf(r->a, "consent %lld %s", (long long)c.id, method), "ok") == 0;
    if (!ok || db_commit(r->db) != DB_OK) {
        db_rollback(r->db);
        return reply_error(r, 500, "store", NULL, "The revocation could not be saved.", NULL, NULL,
                           NULL);
    }
    json_t *m = json_object();
    jset_int(m, "id", c.id);
    jset_bool(m, "revoked", 1);
    return reply_done(r, 200,
                      arena_printf(r->a, "/recoverees/%lld/consents/%lld", (long long)x.id,
                                   (long long)c.id),
                      m);
}

/* ---- disclosures (RC-4) ---------------------------------------------------------- */

static json_t *disclosure_j(struct req *r, db_stmt *s)
{
    (void)r;
    json_t *j = json_object();
    jset_int(j, "id", db_col_int(s, 0));
    jset_int(j, "consent_id", db_col_int(s, 1));
    jset_str(j, "date", db_col_text(s, 2));
    jset_str(j, "recipient", db_col_text(s, 3));
    jset_str(j, "recipient_category", db_col_isnull(s, 4) ? NULL : db_col_text(s, 4));
    jset_str(j, "recipient_address", db_col_isnull(s, 5) ? NULL : db_col_text(s, 5));
    jset_str(j, "purpose", db_col_text(s, 6));
    jset_str(j, "what", db_col_text(s, 7));
    int st = (int)db_col_int(s, 8);
    jset_int(j, "notice_statement", st);
    jset_str(j, "notice", consent_notice(st));
    jset_str(j, "scope", db_col_text(s, 9));
    jset_str(j, "made_by", db_col_text(s, 10));
    jset(j, "made_at", view_time(db_col_int(s, 11)));
    return j;
}

int h_disclosure_create(struct req *r)
{
    struct recoveree x;
    if (rc_load(r, &x, NULL) != 0)
        return 0;
    int64_t consent_id = 0, statement = 1;
    req_int(r, "consent_id", &consent_id);
    req_int(r, "notice_statement", &statement);
    const char *recipient = req_str(r, "recipient"), *purpose = req_str(r, "purpose");
    const char *category = req_str(r, "recipient_category"), *what = req_str(r, "what");
    /* The consent is read and judged inside the transaction that records the disclosure,
     * so a revocation committed a moment earlier is seen. */
    if (db_begin(r->db) != DB_OK)
        return reply_error(r, 500, "store", NULL, "The disclosure could not be recorded.", NULL,
                           NULL, NULL);
    struct consent_row c;
    int rc = consent_load(r, x.id, consent_id, &c);
    if (rc < 0) {
        db_rollback(r->db);
        return reply_error(r, 500, "store", NULL, "The consent could not be read.", NULL, NULL,
                           NULL);
    }
    /* No consent, no disclosure: records leave the organization only under one. */
    if (rc == 0) {
        db_rollback(r->db);
        req_audit(r, "disclosure.refused", "recoveree", x.id, "no consent", "denied");
        return reply_error(r, 422, "no_consent", "RC-4",
                           "There is no consent of this recoveree to disclose under. Record a "
                           "signed consent that names this recipient and purpose first.",
                           "consent_id", NULL, NULL);
    }
    struct consent_problem p;
    int32_t today = civil_today();
    /* §2.31(a)(7), (c)(1): an expiry *event* such as "end of treatment" has happened once the
     * recoveree's services ended (discharged or closed); a dated expiry is judged by date. */
    int event_ended = c.c.expires_on < 0 && c.c.expiry_event && strcmp(x.status, "active") != 0 &&
                      strcasecmp(c.c.expiry_event, "none") != 0;
    if (event_ended) {
        snprintf(p.message, sizeof p.message,
                 "This consent ends at \"%.80s\", and the recoveree's services ended on %s (%s): "
                 "nothing more may be disclosed under it (§2.31(c)(1)).",
                 c.c.expiry_event, x.status_date, x.status);
        p.element = "§2.31(c)";
        p.field = "consent_id";
    }
    if (event_ended ||
        !consent_covers(&c.c, recipient, category, purpose, today, now(), &p)) {
        db_rollback(r->db);
        req_audit(r, "disclosure.refused", "recoveree", x.id,
                  arena_printf(r->a, "consent %lld: %s", (long long)c.id, p.element), "denied");
        return reply_error(r, 422, "not_covered", p.element, p.message, p.field, NULL, NULL);
    }
    /* §2.31(a)(3): only the information the consent describes may go, named as it names it. */
    if (!consent_list_has(c.c.information, what)) {
        p.element = "RC-4";
        p.field = "what";
        snprintf(p.message, sizeof p.message,
                 "The consent covers only this information: %.160s. Disclose one of its lines.",
                 c.c.information ? c.c.information : "(none)");
        db_rollback(r->db);
        req_audit(r, "disclosure.refused", "recoveree", x.id,
                  arena_printf(r->a, "consent %lld: %s", (long long)c.id, p.element), "denied");
        return reply_error(r, 422, "not_covered", p.element, p.message, p.field, NULL, NULL);
    }
    char scope[1200];
    consent_scope(&c.c, scope, sizeof scope);
    int64_t id = 0;
    int ok = 1;
    db_stmt *s = db_prep(r->db, Q_DISC_INSERT);
    if (s) {
        db_bind_int(s, 1, r->me.org_id);
        db_bind_int(s, 2, x.id);
        db_bind_int(s, 3, c.id);
        db_bind_text(s, 4, day_s(r, today));
        db_bind_text(s, 5, recipient);
        db_bind_text(s, 6, category);
        db_bind_text(s, 7, req_str(r, "recipient_address"));
        db_bind_text(s, 8, purpose);
        db_bind_text(s, 9, what);
        db_bind_int(s, 10, statement);
        db_bind_text(s, 11, scope);
        db_bind_int(s, 12, r->me.user_id);
        db_bind_int(s, 13, now());
        ok = db_insert_id(s, &id) == DB_OK;
    } else {
        ok = 0;
    }
    ok = ok && req_audit(r, "disclosure", "recoveree", x.id,
                         arena_printf(r->a, "to %s for %s under consent %lld", recipient, purpose,
                                      (long long)c.id),
                         "ok") == 0;
    if (!ok || db_commit(r->db) != DB_OK) {
        db_rollback(r->db);
        return reply_error(r, 500, "store", NULL, "The disclosure could not be recorded.", NULL,
                           NULL, NULL);
    }
    s = db_prep(r->db, Q_DISC_GET);
    json_t *m = json_object();
    if (s) {
        db_bind_int(s, 1, r->me.org_id);
        db_bind_int(s, 2, x.id);
        db_bind_int(s, 3, id);
        if (db_step(s) == DB_ROW)
            jset(m, "disclosure", disclosure_j(r, s));
        db_exec(s);
    }
    jset_int(m, "id", id);
    return reply_done(r, 201,
                      arena_printf(r->a, "/recoverees/%lld/disclosures/%lld", (long long)x.id,
                                   (long long)id),
                      m);
}

int h_disclosure_show(struct req *r)
{
    struct recoveree x;
    if (rc_load(r, &x, "disclosure.read") != 0)
        return 0;
    db_stmt *s = db_prep(r->db, Q_DISC_GET);
    if (!s)
        return reply_error(r, 500, "store", NULL, "The disclosure could not be read.", NULL, NULL,
                           NULL);
    db_bind_int(s, 1, r->me.org_id);
    db_bind_int(s, 2, x.id);
    db_bind_int(s, 3, r->id2);
    if (db_step(s) != DB_ROW)
        return reply_error(r, 404, "not_found", NULL, "There is no such disclosure.", NULL, NULL,
                           NULL);
    json_t *m = json_object();
    jset(m, "disclosure", disclosure_j(r, s));
    db_exec(s);
    jset(m, "recoveree", rc_summary_j(&x));
    jset_str(m, "title", "Disclosure");
    jset_str(m, "program", r->me.org_name);
    return reply_page(r, 200, "disclosure.mustache", m);
}

/* The accounting of disclosures (§2.25, 45 CFR 164.528): any window up to the policy's
 * years (3 by default) before today. */
int h_accounting(struct req *r)
{
    struct recoveree x;
    if (rc_load(r, &x, "accounting.read") != 0)
        return 0;
    int32_t today = civil_today();
    int years = (int)r->pol.v[POL_DISCLOSURE_WINDOW_YEARS];
    int32_t earliest = civil_add_months(today, -12 * years);
    const char *fs = req_str(r, "from"), *ts = req_str(r, "to");
    int32_t from = fs ? civil_parse(fs) : earliest, to = ts ? civil_parse(ts) : today;
    if (from < earliest)
        return reply_error(r, 422, "window", "RC-4",
                           arena_printf(r->a, "The accounting covers at most %d years: from %s on.",
                                        years, day_s(r, earliest)),
                           "from", NULL, NULL);
    if (to < from)
        return reply_error(r, 400, "invalid", NULL, "The window ends before it starts.", "to",
                           NULL, NULL);
    db_stmt *s = db_prep(r->db, Q_DISC_WINDOW);
    if (!s)
        return reply_error(r, 500, "store", NULL, "Disclosures could not be read.", NULL, NULL,
                           NULL);
    db_bind_int(s, 1, r->me.org_id);
    db_bind_int(s, 2, x.id);
    db_bind_text(s, 3, day_s(r, from));
    db_bind_text(s, 4, day_s(r, to));
    json_t *m = json_object(), *arr = json_array();
    while (db_step(s) == DB_ROW)
        json_array_append_new(arr, disclosure_j(r, s));
    jset(m, "recoveree", rc_summary_j(&x));
    jset(m, "disclosures", arr);
    jset_str(m, "from", day_s(r, from));
    jset_str(m, "to", day_s(r, to));
    jset_str(m, "earliest", day_s(r, earliest));
    jset_str(m, "title", "Accounting of disclosures");
    jset_str(m, "program", r->me.org_name);
    return reply_page(r, 200, "accounting.mustache", m);
}

/* ---- the signed paper copy ---------------------------------------------------------- */

/* Keep one uploaded scan of consent c as a new consent_files row (rows are never replaced:
 * the newest is the current copy). reason: why it replaces the copy before, NULL for the
 * first. hex receives the SHA-256. Inside the caller's transaction; 0 or -1. */
static int copy_insert(struct req *r, int64_t recoveree, int64_t consent, const char *ctype,
                       const char *reason, char hex[65])
{
    char fname[101];
    unsigned char digest[32];
    evidence_filename(r->upload->filename, fname);
    crypto_hash_sha256(digest, r->upload->data, r->upload->len);
    hex_encode(digest, sizeof digest, hex);
    db_stmt *s = db_prep(r->db, Q_CFILE_INSERT);
    if (!s)
        return -1;
    db_bind_int(s, 1, r->me.org_id);
    db_bind_int(s, 2, recoveree);
    db_bind_int(s, 3, consent);
    db_bind_text(s, 4, fname);
    db_bind_text(s, 5, ctype);
    db_bind_int(s, 6, (int64_t)r->upload->len);
    db_bind_text(s, 7, hex);
    db_bind_blob(s, 8, r->upload->data, r->upload->len);
    db_bind_int(s, 9, r->me.user_id);
    db_bind_int(s, 10, now());
    if (reason)
        db_bind_text(s, 11, reason);
    else
        db_bind_null(s, 11);
    return db_exec(s) == DB_OK ? 0 : -1;
}

/* The uploaded file as a consent scan: its sniffed type, or NULL after replying why not. */
static const char *copy_type(struct req *r)
{
    if (!r->upload) {
        reply_error(r, 400, "invalid", NULL, "Choose the scanned, signed consent.", "file", NULL,
                    NULL);
        return NULL;
    }
    const char *why = NULL;
    const char *ctype = evidence_type(r->upload->data, r->upload->len, &why);
    if (!ctype)
        reply_error(r, 422, "file_type", NULL, why, "file", NULL, NULL);
    return ctype;
}

/* Upload the scan of the consent the recoveree signed on paper: it records the signature
 * (name as signed and the date) and keeps the file, sniffed as PDF, PNG or JPEG. Once a
 * consent is signed its copy is not replaced by another upload (RC-3, issue 7): only by a
 * correction with a reason (h_consent_signed_copy_fix), and earlier copies are kept. */
int h_consent_signed_copy(struct req *r)
{
    struct recoveree x;
    struct consent_row c;
    if (load_both(r, &x, &c, NULL) != 0)
        return 0;
    if (!r->upload)
        return reply_error(r, 400, "invalid", NULL, "Choose the scanned, signed consent.", "file",
                           NULL, NULL);
    if (c.c.revoked_at)
        return reply_error(r, 409, "revoked", NULL, "This consent was revoked.", NULL, NULL, NULL);
    const char *ctype = copy_type(r);
    if (!ctype)
        return 0;
    if (c.c.signature)
        return reply_error(r, 409, "already_signed", NULL,
                           "This consent is already signed, and its signed copy cannot be "
                           "replaced by another upload. An administrator or supervisor can "
                           "record a correction with the reason; earlier copies are kept.",
                           "file", NULL, NULL);
    const char *name = req_str(r, "signature"), *on = req_str(r, "signed_on");
    char bad[240];
    if (!consent_signature_ok(&c.c, name, bad, sizeof bad))
        return reply_error(r, 422, "signature", "§2.31(a)(8)", bad, "signature", NULL, NULL);
    c.c.signature = name;
    c.c.signed_on = on ? civil_parse(on) : -1;
    struct consent_problem p;
    if (consent_validate(&c.c, &p) != 0)
        return reply_error(r, 422, "consent_incomplete", p.element, p.message, p.field, NULL,
                           NULL);
    if (c.c.signed_on > civil_today())
        return reply_error(r, 400, "invalid", NULL, "The signing date is in the future.",
                           "signed_on", NULL, NULL);
    char hex[65];
    int ok = db_begin(r->db) == DB_OK && copy_insert(r, x.id, c.id, ctype, NULL, hex) == 0;
    if (ok) {
        /* Only an unsigned consent is signed by it: a second upload racing this one fails. */
        db_stmt *s = db_prep(r->db, Q_CONSENT_SIGN_PAPER);
        ok = s != NULL;
        if (s) {
            db_bind_text(s, 1, name);
            db_bind_text(s, 2, day_s(r, c.c.signed_on));
            db_bind_int(s, 3, r->me.org_id);
            db_bind_int(s, 4, x.id);
            db_bind_int(s, 5, c.id);
            ok = db_exec(s) == DB_OK && db_changes(s) == 1;
        }
    }
    ok = ok && req_audit(r, "consent.signed_copy", "recoveree", x.id,
                         arena_printf(r->a, "consent %lld sha256=%s", (long long)c.id, hex),
                         "ok") == 0;
    if (!ok || db_commit(r->db) != DB_OK) {
        db_rollback(r->db);
        return reply_error(r, 500, "store", NULL, "The signed copy could not be stored.", NULL,
                           NULL, NULL);
    }
    json_t *m = json_object();
    jset_int(m, "id", c.id);
    jset_bool(m, "signed", 1);
    jset_str(m, "sha256", hex);
    return reply_done(r, 201,
                      arena_printf(r->a, "/recoverees/%lld/consents/%lld", (long long)x.id,
                                   (long long)c.id),
                      m);
}

/* Correct the signed copy of a signed consent (RC-3, issue 7): an administrator or supervisor
 * (the route's roles) uploads the right scan with the reason, in a full sentence, and the name
 * as signed, which must be the patient's (or authorized signer's) as for the first copy. The
 * new copy becomes the current one; every earlier copy is kept and listed with who, when and
 * why. The consent's signature and date are not changed. Audited with the reason. */
int h_consent_signed_copy_fix(struct req *r)
{
    struct recoveree x;
    struct consent_row c;
    if (load_both(r, &x, &c, NULL) != 0)
        return 0;
    if (!c.c.signature)
        return reply_error(r, 409, "not_signed", NULL,
                           "This consent is not signed yet: upload the signed copy instead of "
                           "correcting it.",
                           NULL, NULL, NULL);
    if (c.c.revoked_at)
        return reply_error(r, 409, "revoked", NULL, "This consent was revoked.", NULL, NULL, NULL);
    const char *reason = req_str(r, "reason");
    if (!reason || strlen(reason) < OVERRIDE_REASON_MIN)
        return reply_error(r, 400, "invalid", NULL,
                           "Write why the signed copy is being replaced, in a full sentence.",
                           "reason", NULL, NULL);
    char bad[240];
    if (!consent_signature_ok(&c.c, req_str(r, "signature"), bad, sizeof bad))
        return reply_error(r, 422, "signature", "§2.31(a)(8)", bad, "signature", NULL, NULL);
    const char *ctype = copy_type(r);
    if (!ctype)
        return 0;
    char hex[65];
    int ok = db_begin(r->db) == DB_OK && copy_insert(r, x.id, c.id, ctype, reason, hex) == 0;
    ok = ok && req_audit(r, "consent.signed_copy.correct", "recoveree", x.id,
                         arena_printf(r->a, "consent %lld sha256=%s: %s", (long long)c.id, hex,
                                      reason),
                         "ok") == 0;
    if (!ok || db_commit(r->db) != DB_OK) {
        db_rollback(r->db);
        return reply_error(r, 500, "store", NULL, "The corrected copy could not be stored.", NULL,
                           NULL, NULL);
    }
    json_t *m = json_object();
    jset_int(m, "id", c.id);
    jset_bool(m, "signed", 1);
    jset_str(m, "sha256", hex);
    return reply_done(r, 201,
                      arena_printf(r->a, "/recoverees/%lld/consents/%lld", (long long)x.id,
                                   (long long)c.id),
                      m);
}

/* Download the current signed copy, or with copy=ID any earlier one, which only an
 * administrator or supervisor may (the history of a corrected copy, RC-3). */
int h_consent_signed_copy_get(struct req *r)
{
    int64_t copy = 0;
    req_int(r, "copy", &copy);
    if (copy > 0 && r->me.role != ROLE_ADMIN && r->me.role != ROLE_SUPERVISOR)
        return reply_error(r, 403, "forbidden", NULL,
                           "Earlier copies are for administrators and supervisors; download the "
                           "current copy without a copy number.",
                           "copy", NULL, NULL);
    struct recoveree x;
    struct consent_row c;
    if (load_both(r, &x, &c, "consent.signed_copy.read") != 0)
        return 0;
    db_stmt *s = db_prep(r->db, copy > 0 ? Q_CFILE_GET_ONE : Q_CFILE_GET);
    if (!s)
        return reply_error(r, 500, "store", NULL, "The file could not be read.", NULL, NULL, NULL);
    db_bind_int(s, 1, r->me.org_id);
    db_bind_int(s, 2, x.id);
    db_bind_int(s, 3, c.id);
    if (copy > 0)
        db_bind_int(s, 4, copy);
    if (db_step(s) != DB_ROW)
        return reply_error(r, 404, "not_found", NULL,
                           copy > 0 ? "There is no such copy of this consent."
                                    : "No signed copy was uploaded.",
                           NULL, NULL, NULL);
    size_t n;
    const void *data = db_col_blob(s, 3, &n);
    reply_attachment(r, db_col_text(s, 2), data, n, db_col_text(s, 1));
    db_exec(s);
    return 0;
}
