/* h_consents.c - 42 CFR Part 2 consents (RC-3): record, print, sign, revoke; disclosures under
 * them (RC-4) with the §2.32 notice and scope; and the accounting of disclosures. */
#include "handlers.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "civil.h"
#include "consent.h"
#include "consents_store.h"
#include "forms.h"
#include "msg.h"
#include "opreply.h"
#include "ops_consents.h"
#include "recoverees.h"

static int64_t now(void)
{
    return (int64_t)time(NULL);
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
    enum consent_state st = consent_state(c, req_today(r), now());
    struct consent_problem p;
    int complete = consent_validate(c, &p) == 0;
    jset_int(j, "id", x->id);
    jset_str(j, "kind", consent_kind_name(c->kind));
    jset_str(j, "kind_label",
             msg(req_lang(r), arena_printf(r->a, "consent.kind.%s", consent_kind_name(c->kind))));
    jset_str(j, "state", consent_state_name(st));
    jset_bool(j, "valid", st == CS_VALID);
    jset_bool(j, "signed", c->signature != NULL && c->signed_on >= 0);
    jset_bool(j, "revoked", c->revoked_at != 0);
    if (!complete) {
        jset_str(j, "problem_element", p.element);
        char said[1024];
        jset_str(j, "problem", wf_text_or(&p.text, p.message, req_lang(r), said, sizeof said));
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

/* The reader's words for a kind of consent (consent_kind_label is the English). */
static const char *kind_label(struct req *r, enum consent_kind k)
{
    return msg(req_lang(r), arena_printf(r->a, "consent.kind.%s", consent_kind_name(k)));
}

static json_t *kinds_j(struct req *r, int selected)
{
    json_t *arr = json_array();
    for (int k = 0; k < CK__COUNT; k++)
        json_array_append_new(arr, json_pack("{s:s,s:s,s:b}", "value",
                                             consent_kind_name((enum consent_kind)k), "label",
                                             kind_label(r, (enum consent_kind)k), "selected",
                                             k == selected));
    return arr;
}

int h_consents(struct req *r)
{
    struct recoveree x;
    if (rc_load(r, &x, "consent.list") != 0)
        return 0;
    struct consent_row *rows;
    int n;
    if (consent_list(r->db, r->a, r->me.org_id, x.id, &rows, &n) != 0)
        return reply_error(r, 500, "store", NULL, msg(req_lang(r), "consents.err_store"), NULL,
                           NULL, NULL);
    json_t *m = json_object(), *arr = json_array();
    for (int i = 0; i < n; i++) {
        json_t *j = consent_j(r, &rows[i]);
        jset_str(j, "kind_label", kind_label(r, rows[i].c.kind));
        jset_str(j, "state_label",
                 msg(req_lang(r), arena_printf(r->a, "consents.state.%s",
                                               json_string_value(json_object_get(j, "state")))));
        json_array_append_new(arr, j);
    }
    jset(m, "recoveree", rc_summary_j(&x));
    jset(m, "consents", arr);
    /* The kind chosen before, when a refused form is shown again. */
    int kind = consent_kind_parse(form_value(r, "kind"));
    jset(m, "kinds", kinds_j(r, kind >= 0 ? kind : CK_SPECIFIC));
    jset_str(m, "title", msg(req_lang(r), "consents.title"));
    char t[11];
    civil_format(req_today(r), t);
    jset_str(m, "today", t);
    jset_str(m, "patient_name", json_string_value(json_object_get(json_object_get(m, "recoveree"), "name")));
    jset_str(m, "program", r->me.org_name);
    return reply_page(r, 200, "consents.mustache", m);
}

static int flag(struct req *r, const char *name)
{
    int64_t v = 0;
    req_int(r, name, &v);
    return (int)v;
}

static const char *consent_url(struct req *r, int64_t id)
{
    return arena_printf(r->a, "/recoverees/%lld/consents/%lld", (long long)r->id, (long long)id);
}

/* The consent's elements as sent. The patient's name comes from the record, and a signature
 * only through /sign or a signed copy, never with the consent's text (op_consent_create). */
int h_consent_create(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    struct consent_create_in in = {
        .recoveree_id = r->id,
        .kind = req_str(r, "kind"),
        .combined_with = req_str(r, "combined_with"),
        .disclosers = req_str(r, "disclosers"),
        .information = req_str(r, "information"),
        .recipients = req_str(r, "recipients"),
        .intermediary_participants = req_str(r, "intermediary_participants"),
        .purposes = req_str(r, "purposes"),
        .revocation_how = req_str(r, "revocation_how"),
        .expiry_event = req_str(r, "expiry_event"),
        .authorized_signer = req_str(r, "authorized_signer"),
        .revocable_after_event = req_str(r, "revocable_after_event"),
        .intermediary = flag(r, "intermediary"),
        .covered_entity_recipient = flag(r, "covered_entity_recipient"),
        .hipaa_redisclosure_stmt = flag(r, "hipaa_redisclosure_stmt"),
        .fundraising = flag(r, "fundraising"),
        .fundraising_optout_stmt = flag(r, "fundraising_optout_stmt"),
        .revocation_stmt = flag(r, "revocation_stmt"),
        .needs_authorized_signer = flag(r, "needs_authorized_signer"),
        .tpo_redisclosure_stmt = flag(r, "tpo_redisclosure_stmt"),
        .tpo_refusal_stmt = flag(r, "tpo_refusal_stmt"),
        .expires_on = req_str(r, "expires_on"),
        .revocable_after = req_str(r, "revocable_after"),
    };
    if (op_consent_create(&c, &in, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    json_t *m = json_object();
    jset_int(m, "id", res.id);
    jset_bool(m, "signed", 0);
    return reply_done(r, 201, consent_url(r, res.id), m);
}

/* ---- one consent: the printable form, signing, revoking ----------------------------- */

/* The recoveree (read audited as why) and its consent r->id2, or -1 after replying. */
static int load_both(struct req *r, struct recoveree *x, struct consent_row *c, const char *why)
{
    if (rc_load(r, x, why) != 0)
        return -1;
    int rc = consent_get(r->db, r->a, r->me.org_id, x->id, r->id2, c);
    if (rc == 1)
        return 0;
    reply_error(r, rc < 0 ? 500 : 404, rc < 0 ? "store" : "not_found", NULL,
                msg(req_lang(r), rc < 0 ? "consent.err.read" : "consent.err.no_such"), NULL,
                NULL, NULL);
    return -1;
}

/* Choices [{value, label, selected}] of the consent's own lines (its recipients, purposes,
 * information), the one sent chosen. */
static json_t *line_choices(json_t *lines, const char *sent)
{
    json_t *arr = json_array();
    size_t i;
    json_t *l;
    json_array_foreach(lines, i, l) {
        const char *v = json_string_value(l);
        json_array_append_new(arr, json_pack("{s:s,s:s,s:b}", "value", v, "label", v, "selected",
                                             sent && !strcmp(sent, v)));
    }
    return arr;
}

/* Choices of fixed codes labelled by catalog ids, the one sent chosen (else the first). */
static json_t *code_choices(struct req *r, const char *const *codes, const char *const *labels,
                            int n, const char *sent)
{
    json_t *arr = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(arr, json_pack("{s:s,s:s,s:b}", "value", codes[i], "label",
                                             msg(req_lang(r), labels[i]), "selected",
                                             sent ? !strcmp(sent, codes[i]) : i == 0));
    return arr;
}

/* The consent page's forms (correct the copy, sign, upload the paper copy, disclose,
 * revoke), several with a signature or a file: each is named by its _which and comes back
 * refused alone, with what was typed and each message beside its field (forms.h). */
static void consent_forms(struct req *r, json_t *m, json_t *cj)
{
    static const char *const cc_names[] = {"signature", "reason", "file", NULL};
    static const char *const sig_names[] = {"signature", NULL};
    static const char *const pc_names[] = {"signature", "signed_on", "file", NULL};
    static const char *const d_names[] = {"recipient", "recipient_address", "purpose", "what",
                                          "notice_statement", NULL};
    static const char *const rv_names[] = {"method", "document", NULL};
    static const char *const notices[] = {"1", "2"};
    static const char *const notice_labels[] = {"consent.disclose_notice_1",
                                                "consent.disclose_notice_2"};
    static const char *const methods[] = {"written_paper", "written_electronic"};
    static const char *const method_labels[] = {"consent.revoke_paper",
                                                "consent.revoke_electronic"};
    jset(m, "f_cc", form_part(r, "cc", "cc-", cc_names, NULL));
    jset(m, "f_sig", form_part(r, "sig", "sig-", sig_names, NULL));
    jset(m, "f_pc", form_part(r, "pc", "pc-", pc_names, NULL));
    json_t *d = form_part(r, "d", "d-", d_names, NULL);
    jset(d, "recipients", line_choices(json_object_get(cj, "recipient_lines"),
                                       form_part_str(d, "recipient")));
    jset(d, "purposes", line_choices(json_object_get(cj, "purpose_lines"),
                                     form_part_str(d, "purpose")));
    jset(d, "whats", line_choices(json_object_get(cj, "information_lines"),
                                  form_part_str(d, "what")));
    jset(d, "notices", code_choices(r, notices, notice_labels, 2,
                                    form_part_str(d, "notice_statement")));
    jset(m, "f_d", d);
    json_t *rv = form_part(r, "rv", "rv-", rv_names, NULL);
    jset(rv, "methods", code_choices(r, methods, method_labels, 2, form_part_str(rv, "method")));
    jset(m, "f_rv", rv);
    jset_str(m, "form_path", r->path);
}

int h_consent_show(struct req *r)
{
    struct recoveree x;
    struct consent_row c;
    if (load_both(r, &x, &c, "consent.read") != 0)
        return 0;
    json_t *m = json_object(), *cj = consent_j(r, &c);
    jset(m, "recoveree", rc_summary_j(&x));
    jset(m, "consent", cj);
    /* The consent is the recoveree's document: in their language, whoever reads it. */
    json_t *doc = rc_doc_j(&x);
    const char *dl = rc_doc_lang(&x);
    char id[80];
    snprintf(id, sizeof id, "consent.kind.%s", json_string_value(json_object_get(cj, "kind")));
    jset_str(doc, "kind_label", msg(dl, id));
    snprintf(id, sizeof id, "consent.state.%s", json_string_value(json_object_get(cj, "state")));
    jset_str(doc, "state_label", msg(dl, id));
    if (c.signature_method) {
        snprintf(id, sizeof id, "consent.signature_method.%s", c.signature_method);
        jset_str(doc, "signature_method", msg(dl, id));
    }
    char scope[1200]; /* as consent_j's */
    consent_scope_lang(&c.c, dl, scope, sizeof scope);
    jset_str(doc, "scope", scope);
    jset(m, "doc", doc);
    /* Every copy, the current first; earlier ones (replaced by a correction) are listed with
     * who, when and why, and downloadable by administrators and supervisors. */
    int lead = r->me.role == ROLE_ADMIN || r->me.role == ROLE_SUPERVISOR;
    json_t *copies = json_array();
    struct consent_copy *f;
    int n;
    if (consent_copies(r->db, r->a, r->me.org_id, x.id, c.id, &f, &n) == 0)
        for (int k = 0; k < n; k++) {
            json_t *j = json_object();
            jset_int(j, "copy", f[k].id);
            jset_str(j, "filename", f[k].filename);
            jset_int(j, "size", f[k].size);
            jset_str(j, "sha256", f[k].sha256);
            jset_str(j, "uploaded_by", f[k].uploaded_by);
            jset(j, "uploaded_at", view_time(f[k].uploaded_at));
            jset_str(j, "reason", f[k].reason);
            jset_bool(j, "current", k == 0);
            jset_bool(j, "downloadable", k == 0 || lead);
            json_array_append_new(copies, j);
        }
    jset_bool(m, "has_signed_copy", json_array_size(copies) > 0);
    jset(m, "signed_copies", copies);
    jset_bool(m, "can_correct_copy", lead && c.c.signature && !c.c.revoked_at);
    /* RC-4: administrators and supervisors disclose (op_disclose), and not while they read
     * the record only through emergency access, which is for reading. */
    jset_bool(m, "can_disclose", (r->me.role == ROLE_ADMIN || r->me.role == ROLE_SUPERVISOR) &&
                                     rc_break_glass_until(r, x.id) == 0);
    jset_str(m, "title", msg(req_lang(r), "consent.page_title"));
    jset_str(m, "program", r->me.org_name);
    jset_str(m, "notice", consent_notice(1));
    char t[11];
    civil_format(req_today(r), t);
    jset_str(m, "today", t);
    if (!r->api)
        consent_forms(r, m, cj);
    return reply_page(r, 200, "consent.mustache", m);
}

int h_consent_sign(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    struct consent_sign_in in = {.recoveree_id = r->id, .consent_id = r->id2,
                                 .signature = req_str(r, "signature")};
    if (op_consent_sign(&c, &in, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    json_t *m = json_object();
    jset_int(m, "id", res.id);
    jset_bool(m, "signed", 1);
    return reply_done(r, 200, consent_url(r, res.id), m);
}

int h_consent_revoke(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    struct consent_revoke_in in = {.recoveree_id = r->id, .consent_id = r->id2,
                                   .method = req_str(r, "method"),
                                   .document = req_str(r, "document")};
    if (op_consent_revoke(&c, &in, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    json_t *m = json_object();
    jset_int(m, "id", res.id);
    jset_bool(m, "revoked", 1);
    return reply_done(r, 200, consent_url(r, res.id), m);
}

/* ---- disclosures (RC-4) ---------------------------------------------------------- */

static json_t *disclosure_j(const struct disclosure_row *d)
{
    json_t *j = json_object();
    jset_int(j, "id", d->id);
    jset_int(j, "consent_id", d->consent_id);
    jset_str(j, "date", d->date);
    jset_str(j, "recipient", d->recipient);
    jset_str(j, "recipient_category", d->recipient_category);
    jset_str(j, "recipient_address", d->recipient_address);
    jset_str(j, "purpose", d->purpose);
    jset_str(j, "what", d->what);
    jset_int(j, "notice_statement", d->notice_statement);
    jset_str(j, "notice", consent_notice(d->notice_statement));
    jset_str(j, "scope", d->scope);
    jset_str(j, "made_by", d->made_by);
    jset(j, "made_at", view_time(d->made_at));
    return j;
}

int h_disclosure_create(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    int64_t statement = 1;
    struct disclosure_in in = {
        .recoveree_id = r->id,
        .recipient = req_str(r, "recipient"),
        .recipient_category = req_str(r, "recipient_category"),
        .recipient_address = req_str(r, "recipient_address"),
        .purpose = req_str(r, "purpose"),
        .what = req_str(r, "what"),
    };
    req_int(r, "consent_id", &in.consent_id);
    req_int(r, "notice_statement", &statement);
    in.notice_statement = (int)statement;
    if (op_disclose(&c, &in, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    json_t *m = json_object();
    struct disclosure_row d;
    if (disclosure_get(r->db, r->a, r->me.org_id, r->id, res.id, &d) == 1)
        jset(m, "disclosure", disclosure_j(&d));
    jset_int(m, "id", res.id);
    return reply_done(r, 201,
                      arena_printf(r->a, "/recoverees/%lld/disclosures/%lld", (long long)r->id,
                                   (long long)res.id),
                      m);
}

int h_disclosure_show(struct req *r)
{
    struct recoveree x;
    if (rc_load(r, &x, "disclosure.read") != 0)
        return 0;
    struct disclosure_row d;
    int rc = disclosure_get(r->db, r->a, r->me.org_id, x.id, r->id2, &d);
    if (rc < 0)
        return reply_error(r, 500, "store", NULL, msg(req_lang(r), "disclosure.err.read"), NULL, NULL,
                           NULL);
    if (rc == 0)
        return reply_error(r, 404, "not_found", NULL, msg(req_lang(r), "disclosure.err.no_such"), NULL, NULL,
                           NULL);
    json_t *m = json_object();
    jset(m, "disclosure", disclosure_j(&d));
    jset(m, "recoveree", rc_summary_j(&x));
    /* The disclosure and its §2.32 notice are in the recoveree's language (their document);
     * the notice text itself comes from the catalog by statement number. */
    json_t *doc = rc_doc_j(&x);
    jset_bool(doc, "statement1", d.notice_statement == 1);
    jset_bool(doc, "statement2", d.notice_statement == 2);
    jset(m, "doc", doc);
    jset_str(m, "title", msg(req_lang(r), "disclosure.page_title"));
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
    int32_t today = req_today(r);
    int years = (int)r->pol.v[POL_DISCLOSURE_WINDOW_YEARS];
    int32_t earliest = civil_add_months(today, -12 * years);
    const char *fs = req_str(r, "from"), *ts = req_str(r, "to");
    int32_t from = fs ? civil_parse(fs) : earliest, to = ts ? civil_parse(ts) : today;
    if (from < earliest)
        return reply_error(r, 422, "window", "RC-4",
                           msg_plural(r->a, req_lang(r), "accounting.err_window", years, "from",
                                      day_s(r, earliest), NULL),
                           "from", NULL, NULL);
    if (to < from)
        return reply_error(r, 400, "invalid", NULL, msg(req_lang(r), "accounting.err_order"), "to",
                           NULL, NULL);
    struct disclosure_row *d;
    int n;
    if (disclosures_window(r->db, r->a, r->me.org_id, x.id, day_s(r, from), day_s(r, to), &d,
                           &n) != 0)
        return reply_error(r, 500, "store", NULL, msg(req_lang(r), "accounting.err_store"), NULL,
                           NULL, NULL);
    json_t *m = json_object(), *arr = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(arr, disclosure_j(&d[i]));
    jset(m, "recoveree", rc_summary_j(&x));
    jset(m, "disclosures", arr);
    jset_str(m, "from", day_s(r, from));
    jset_str(m, "to", day_s(r, to));
    jset_str(m, "earliest", day_s(r, earliest));
    jset_str(m, "title", msg(req_lang(r), "accounting.title"));
    jset_str(m, "program", r->me.org_name);
    return reply_page(r, 200, "accounting.mustache", m);
}

/* ---- the signed paper copy ---------------------------------------------------------- */

static struct consent_scan scan_of(struct req *r)
{
    struct consent_scan f = {0};
    if (r->upload) {
        f.data = r->upload->data;
        f.len = r->upload->len;
        f.filename = r->upload->filename;
    }
    return f;
}

static int copy_done(struct req *r, const struct op_result *res, const char *hex)
{
    json_t *m = json_object();
    jset_int(m, "id", res->id);
    jset_bool(m, "signed", 1);
    jset_str(m, "sha256", hex);
    return reply_done(r, 201, consent_url(r, res->id), m);
}

/* Upload the scan of the consent the recoveree signed on paper (op_consent_signed_copy):
 * it records the signature and keeps the file. Once signed, only a correction replaces it. */
int h_consent_signed_copy(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    struct consent_signed_copy_in in = {.recoveree_id = r->id, .consent_id = r->id2,
                                        .file = scan_of(r),
                                        .signature = req_str(r, "signature"),
                                        .signed_on = req_str(r, "signed_on")};
    char hex[65];
    if (op_consent_signed_copy(&c, &in, hex, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    return copy_done(r, &res, hex);
}

/* Correct the signed copy of a signed consent with the reason (op_consent_signed_copy_fix):
 * every earlier copy is kept and listed with who, when and why. */
int h_consent_signed_copy_fix(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    struct consent_copy_fix_in in = {.recoveree_id = r->id, .consent_id = r->id2,
                                     .file = scan_of(r), .signature = req_str(r, "signature"),
                                     .reason = req_str(r, "reason")};
    char hex[65];
    if (op_consent_signed_copy_fix(&c, &in, hex, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    return copy_done(r, &res, hex);
}

/* Download the current signed copy, or with copy=ID any earlier one, which only an
 * administrator or supervisor may (the history of a corrected copy, RC-3). */
int h_consent_signed_copy_get(struct req *r)
{
    int64_t copy = 0;
    req_int(r, "copy", &copy);
    if (copy > 0 && r->me.role != ROLE_ADMIN && r->me.role != ROLE_SUPERVISOR)
        return reply_error(r, 403, "forbidden", NULL,
                           msg(req_lang(r), "consent.err.earlier_copies"),
                           "copy", NULL, NULL);
    struct recoveree x;
    struct consent_row c;
    if (load_both(r, &x, &c, "consent.signed_copy.read") != 0)
        return 0;
    struct consent_file f;
    int rc = consent_copy_get(r->db, r->a, r->me.org_id, x.id, c.id, copy, &f);
    if (rc < 0)
        return reply_error(r, 500, "store", NULL, msg(req_lang(r), "file.err.read"), NULL, NULL, NULL);
    if (rc == 0)
        return reply_error(r, 404, "not_found", NULL,
                           msg(req_lang(r), copy > 0 ? "consent.err.no_copy" : "consent.err.no_signed_copy"),
                           NULL, NULL, NULL);
    reply_attachment(r, f.content_type, f.data, f.len, f.filename);
    return 0;
}

/* ---- routes and their inputs ---------------------------------------------------- */

/* Every §2.31(a) element as a field; consent_validate() names what is missing. */
static const struct field f_consent[] = {
    {"kind", FT_TOKEN, 32, 0, 0, FIELD_REQUIRED},
    {"combined_with", FT_LINE, 100, 0, 0, 0},
    {"disclosers", FT_TEXT, 1000, 0, 0, 0},
    {"information", FT_TEXT, 2000, 0, 0, 0},
    {"recipients", FT_TEXT, 2000, 0, 0, 0},
    {"intermediary", FT_BOOL, 0, 0, 0, 0},
    {"intermediary_participants", FT_TEXT, 2000, 0, 0, 0},
    {"covered_entity_recipient", FT_BOOL, 0, 0, 0, 0},
    {"hipaa_redisclosure_stmt", FT_BOOL, 0, 0, 0, 0},
    {"purposes", FT_TEXT, 2000, 0, 0, 0},
    {"fundraising", FT_BOOL, 0, 0, 0, 0},
    {"fundraising_optout_stmt", FT_BOOL, 0, 0, 0, 0},
    {"revocation_stmt", FT_BOOL, 0, 0, 0, 0},
    {"revocation_how", FT_TEXT, 1000, 0, 0, 0},
    {"expires_on", FT_DATE, 10, 0, 0, 0},
    {"expiry_event", FT_LINE, 300, 0, 0, 0},
    {"needs_authorized_signer", FT_BOOL, 0, 0, 0, 0},
    {"authorized_signer", FT_LINE, 400, 0, 0, 0},
    {"tpo_redisclosure_stmt", FT_BOOL, 0, 0, 0, 0},
    {"tpo_refusal_stmt", FT_BOOL, 0, 0, 0, 0},
    {"revocable_after", FT_DATE, 10, 0, 0, 0},
    {"revocable_after_event", FT_LINE, 300, 0, 0, 0},
    {NULL},
};
static const struct field f_sign[] = {
    {"signature", FT_LINE, 400, 0, 0, FIELD_REQUIRED},
    {NULL},
};
static const struct field f_signed_copy[] = {
    {"signature", FT_LINE, 400, 0, 0, FIELD_REQUIRED},
    {"signed_on", FT_DATE, 10, 0, 0, FIELD_REQUIRED},
    {NULL},
};
static const struct field f_signed_copy_fix[] = {
    {"signature", FT_LINE, 400, 0, 0, FIELD_REQUIRED},
    {"reason", FT_TEXT, 1000, 0, 0, FIELD_REQUIRED},
    {NULL},
};
static const struct field f_signed_copy_get[] = {
    {"copy", FT_INT, 0, 1, INT64_MAX, 0},
    {NULL},
};
static const struct field f_revoke[] = {
    {"method", FT_TOKEN, 32, 0, 0, FIELD_REQUIRED},
    {"document", FT_TEXT, 4000, 0, 0, FIELD_REQUIRED},
    {NULL},
};
static const struct field f_disclose[] = {
    {"consent_id", FT_INT, 0, 1, INT64_MAX, FIELD_REQUIRED},
    {"recipient", FT_LINE, 400, 0, 0, FIELD_REQUIRED},
    {"recipient_category", FT_TOKEN, 32, 0, 0, 0},
    {"recipient_address", FT_LINE, 400, 0, 0, 0},
    {"purpose", FT_LINE, 400, 0, 0, FIELD_REQUIRED},
    {"what", FT_TEXT, 2000, 0, 0, FIELD_REQUIRED},
    {"notice_statement", FT_INT, 0, 1, 2, 0},
    {NULL},
};
static const struct field f_window[] = {
    {"from", FT_DATE, 10, 0, 0, 0},
    {"to", FT_DATE, 10, 0, 0, 0},
    {NULL},
};
const struct route consents_rows[] = {
    {"GET", "/recoverees/{id}/consents", h_consents, RC_STAFF, 0, NULL, "Consents (RC-3)"},
    {"POST", "/recoverees/{id}/consents", h_consent_create, RC_STAFF, 0, f_consent,
     "Record a consent; refused naming a missing §2.31(a) element"},
    {"GET", "/recoverees/{id}/consents/{id2}", h_consent_show, RC_STAFF, 0, NULL,
     "A consent, printable"},
    {"POST", "/recoverees/{id}/consents/{id2}/sign", h_consent_sign, RC_STAFF, 0, f_sign,
     "Electronic signature (typed name, time, address)"},
    {"POST", "/recoverees/{id}/consents/{id2}/signed-copy", h_consent_signed_copy, RC_STAFF,
     RT_UPLOAD, f_signed_copy, "Upload the signed paper copy (PDF, PNG, JPEG)"},
    {"GET", "/recoverees/{id}/consents/{id2}/signed-copy", h_consent_signed_copy_get, RC_STAFF, 0,
     f_signed_copy_get, "Download the signed paper copy (attachment; copy=ID an earlier one)"},
    {"POST", "/recoverees/{id}/consents/{id2}/signed-copy/correction", h_consent_signed_copy_fix,
     R_ADMIN | R_SUPERVISOR, RT_UPLOAD, f_signed_copy_fix,
     "Replace a signed consent's copy with a reason (earlier copies kept)"},
    {"POST", "/recoverees/{id}/consents/{id2}/revoke", h_consent_revoke, RC_STAFF, 0, f_revoke,
     "Record a written revocation"},
    {"POST", "/recoverees/{id}/disclosures", h_disclosure_create, R_ADMIN | R_SUPERVISOR, 0,
     f_disclose, "Disclose outside the organization under a consent (RC-4)"},
    {"GET", "/recoverees/{id}/disclosures/{id2}", h_disclosure_show, RC_STAFF, 0, NULL,
     "A disclosure with its §2.32 notice, printable"},
    {"GET", "/recoverees/{id}/accounting", h_accounting, RC_STAFF, 0, f_window,
     "Accounting of disclosures for a window up to 3 years"},
};
const struct route_module rm_consents = ROUTE_MODULE(consents_rows);
