/* test_ops_consents.c - the consent and disclosure operations called directly, without HTTP,
 * on SQLite and PostgreSQL: RC-3 (every §2.31(a) element, the forbidden combinations, the
 * patient's signature, one signed copy replaced only by a correction with a reason, written
 * revocation and §2.35) and RC-4 (a disclosure only under a valid consent naming its
 * recipient, purpose and information, by administrators and supervisors, never under
 * emergency access, entered in the accounting), each for the allowed and the refused case. */
#include "ops_fixture.h"

#include <limits.h>

#include "consents_store.h"
#include "ops_consents.h"
#include "recoverees.h"

/* The first active recoveree in the actor's write reach, with the patient's name. */
static int64_t reachable(struct ofx *f, struct op_ctx *c, const char **name)
{
    struct rc_scope sc;
    rc_scope_for(&sc, c->who.role, c->who.user_id, c->today, c->now);
    sc.user = 0;
    struct recoveree *rows;
    int n;
    int64_t total;
    assert_int_equal(rc_page(f->d, f->a, f->org, &sc, "active", NULL, 200, 0, &rows, &n, &total), 0);
    if (n == 0)
        fail_msg("no active recoveree in reach of %s", c->who.username);
    if (name)
        *name = arena_printf(f->a, "%s %s", rows[0].first_name, rows[0].last_name);
    return rows[0].id;
}

/* A recoveree of the organization that the actor cannot reach. */
static int64_t unreachable(struct ofx *f, struct op_ctx *c)
{
    struct rc_scope all, mine;
    rc_scope_for(&all, ROLE_ADMIN, 0, c->today, c->now);
    rc_scope_for(&mine, c->who.role, c->who.user_id, c->today, c->now);
    struct recoveree *rows, x;
    int n;
    int64_t total;
    assert_int_equal(rc_page(f->d, f->a, f->org, &all, "active", NULL, 500, 0, &rows, &n, &total),
                     0);
    for (int i = 0; i < n; i++)
        if (rc_get(f->d, f->a, f->org, rows[i].id, &mine, &x) == 0)
            return rows[i].id;
    fail_msg("every recoveree is in reach");
    return 0;
}

static const char *day(struct op_ctx *c, int offset)
{
    char *s = arena_alloc(c->a, 11);
    civil_format(c->today + offset, s);
    return s;
}

/* A complete specific consent to Clinic A and Dr. B for care coordination, for a year. */
static struct consent_create_in complete(struct op_ctx *c, int64_t recoveree)
{
    return (struct consent_create_in){
        .recoveree_id = recoveree,
        .kind = "specific",
        .disclosers = "Alpha program",
        .information = "Recovery plan and attendance",
        .recipients = "Clinic A\nDr. B",
        .purposes = "care coordination",
        .revocation_stmt = 1,
        .revocation_how = "In writing to the director",
        .expires_on = day(c, 365),
    };
}

static int64_t create_ok(struct op_ctx *c, const struct consent_create_in *in)
{
    struct op_result res;
    if (op_consent_create(c, in, &res) != OP_OK)
        fail_msg("consent create: %s (%s)", res.message, res.field ? res.field : "");
    return res.id;
}

/* A complete consent signed electronically by the patient today. */
static int64_t signed_consent(struct op_ctx *c, int64_t recoveree, const char *patient)
{
    struct consent_create_in in = complete(c, recoveree);
    int64_t id = create_ok(c, &in);
    struct op_result res;
    struct consent_sign_in s = {.recoveree_id = recoveree, .consent_id = id, .signature = patient};
    if (op_consent_sign(c, &s, &res) != OP_OK)
        fail_msg("sign: %s", res.message);
    return id;
}

static int consents_of(struct ofx *f, int64_t recoveree)
{
    struct consent_row *rows;
    int n;
    assert_int_equal(consent_list(f->d, f->a, f->org, recoveree, &rows, &n), 0);
    return n;
}

/* The newest audit event of `action` in the demo organization: 1 with reason, outcome and
 * purpose (each may be NULL), or 0 when there is none. */
static int last_audit(struct ofx *f, const char *action, const char **reason,
                      const char **outcome, const char **purpose)
{
    db_stmt *s = db_prep(f->d, Q_AUDIT_PAGE);
    assert_non_null(s);
    int i = 1;
    db_bind_int(s, i++, f->org);
    db_bind_int(s, i++, 0);
    db_bind_int(s, i++, INT64_MAX);
    db_bind_null(s, i++);
    db_bind_null(s, i++);
    db_bind_text(s, i++, action);
    db_bind_text(s, i++, action);
    for (int k = 0; k < 6; k++)
        db_bind_null(s, i++);
    db_bind_int(s, i++, 1);
    db_bind_int(s, i++, 0);
    if (db_step(s) != DB_ROW)
        return 0;
    *reason = db_col_isnull(s, 8) ? NULL : arena_strdup(f->a, db_col_text(s, 8));
    *outcome = arena_strdup(f->a, db_col_text(s, 10));
    *purpose = db_col_isnull(s, 16) ? NULL : arena_strdup(f->a, db_col_text(s, 16));
    db_exec(s);
    return 1;
}

static void assert_refused(const struct op_result *res, enum op_status st, const char *code,
                           const char *rule, const char *field)
{
    if (res->status != st)
        fail_msg("status %d (want %d): %s", res->status, st, res->message ? res->message : "");
    if (code)
        assert_string_equal(res->code ? res->code : op_status_code(res->status), code);
    if (rule)
        assert_string_equal(res->rule, rule);
    if (field)
        assert_string_equal(res->field, field);
    assert_non_null(res->message);
}

/* ---- RC-3 -------------------------------------------------------------------------- */

static void test_rc3_consent_missing_an_element_is_refused_naming_it(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "admin", &c);
    const char *patient;
    int64_t r = reachable(f, &c, &patient);
    int before = consents_of(f, r);
    const char *reason, *outcome, *purpose;

    /* §2.31(a)(4): no recipient, by name or class. */
    struct consent_create_in in = complete(&c, r);
    in.recipients = NULL;
    op_consent_create(&c, &in, &res);
    assert_refused(&res, OP_REFUSED, "consent_incomplete", "§2.31(a)(4)(i)", "recipients");
    assert_int_equal(consents_of(f, r), before);
    /* The refusal is on the audit trail after the rollback, naming the element. */
    assert_int_equal(last_audit(f, "consent.refused", &reason, &outcome, &purpose), 1);
    assert_string_equal(reason, "§2.31(a)(4)(i)");
    assert_string_equal(outcome, "denied");

    /* §2.31(a)(4)(ii): an intermediary without its participants. */
    in = complete(&c, r);
    in.intermediary = 1;
    op_consent_create(&c, &in, &res);
    assert_refused(&res, OP_REFUSED, "consent_incomplete", "§2.31(a)(4)(ii)",
                   "intermediary_participants");

    /* §2.31(a)(5): no purpose. */
    in = complete(&c, r);
    in.purposes = NULL;
    op_consent_create(&c, &in, &res);
    assert_refused(&res, OP_REFUSED, "consent_incomplete", "§2.31(a)(5)", "purposes");
    assert_non_null(strstr(res.message, "§2.31(a)(5)"));

    /* §2.31(a)(6), (7): how to revoke, and an expiry. */
    in = complete(&c, r);
    in.revocation_how = NULL;
    op_consent_create(&c, &in, &res);
    assert_refused(&res, OP_REFUSED, "consent_incomplete", "§2.31(a)(6)", "revocation_how");
    in = complete(&c, r);
    in.expires_on = NULL;
    op_consent_create(&c, &in, &res);
    assert_refused(&res, OP_REFUSED, "consent_incomplete", "§2.31(a)(7)", "expires_on");

    /* An unknown kind is an input error, not a consent. */
    in = complete(&c, r);
    in.kind = "everything";
    op_consent_create(&c, &in, &res);
    assert_refused(&res, OP_INVALID, "invalid", NULL, "kind");
    assert_int_equal(consents_of(f, r), before);

    /* Complete: recorded unsigned, naming the record's recoveree as the patient. */
    in = complete(&c, r);
    int64_t id = create_ok(&c, &in);
    struct consent_row k;
    assert_int_equal(consent_get(f->d, f->a, f->org, r, id, &k), 1);
    assert_string_equal(k.c.patient_name, patient);
    assert_null(k.c.signature);
    assert_int_equal(k.c.signed_on, -1);
    assert_int_equal(consents_of(f, r), before + 1);
    assert_int_equal(last_audit(f, "consent.create", &reason, &outcome, &purpose), 1);
    assert_non_null(strstr(reason, "specific"));
}

static void test_rc3_counseling_notes_not_combined(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "admin", &c);
    int64_t r = reachable(f, &c, NULL);
    int before = consents_of(f, r);

    /* §2.31(b)(2): counseling notes only with counseling notes. */
    struct consent_create_in in = complete(&c, r);
    in.kind = "counseling_notes";
    in.combined_with = "specific";
    op_consent_create(&c, &in, &res);
    assert_refused(&res, OP_REFUSED, "consent_incomplete", "§2.31(b)(2)", "combined_with");
    in.kind = "specific";
    in.combined_with = "counseling_notes";
    op_consent_create(&c, &in, &res);
    assert_refused(&res, OP_REFUSED, "consent_incomplete", "§2.31(b)(2)", "combined_with");
    /* §2.31(d): proceedings with nothing else. */
    in.kind = "proceedings";
    in.combined_with = "tpo";
    op_consent_create(&c, &in, &res);
    assert_refused(&res, OP_REFUSED, "consent_incomplete", "§2.31(d)", "combined_with");
    assert_int_equal(consents_of(f, r), before);

    /* Two counseling-notes consents on one form are allowed. */
    in.kind = "counseling_notes";
    in.combined_with = "counseling_notes";
    int64_t id = create_ok(&c, &in);
    struct consent_row k;
    assert_int_equal(consent_get(f->d, f->a, f->org, r, id, &k), 1);
    assert_int_equal(k.c.kind, CK_COUNSELING_NOTES);
    assert_int_equal(k.c.combined_with, 0);
}

static void test_rc3_signature_must_be_the_patients_name(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "admin", &c);
    const char *patient;
    int64_t r = reachable(f, &c, &patient);
    struct consent_create_in in = complete(&c, r);
    int64_t id = create_ok(&c, &in);
    struct consent_row k;

    /* §2.31(a)(8): somebody else's name is not the patient's signature. */
    struct consent_sign_in s = {.recoveree_id = r, .consent_id = id, .signature = "Somebody Else"};
    op_consent_sign(&c, &s, &res);
    assert_refused(&res, OP_REFUSED, "signature", "§2.31(a)(8)", "signature");
    assert_int_equal(consent_get(f->d, f->a, f->org, r, id, &k), 1);
    assert_null(k.c.signature);

    /* The patient's name, whatever its case and spacing, signs it, with time and address. */
    char *loud = arena_printf(f->a, "  %s ", patient);
    for (char *p = loud; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 32);
    s.signature = loud;
    assert_int_equal(op_consent_sign(&c, &s, &res), OP_OK);
    assert_int_equal(res.id, id);
    assert_int_equal(consent_get(f->d, f->a, f->org, r, id, &k), 1);
    assert_string_equal(k.c.signature, loud);
    assert_int_equal(k.c.signed_on, c.today);
    assert_string_equal(k.signature_method, "typed");
    assert_string_equal(k.signed_from, "test");
    assert_int_equal(consent_state(&k.c, c.today, c.now), CS_VALID);

    /* Signed once. */
    s.signature = patient;
    op_consent_sign(&c, &s, &res);
    assert_refused(&res, OP_CONFLICT, "already_signed", NULL, NULL);

    /* No such consent of this recoveree. */
    s.consent_id = id + 100000;
    op_consent_sign(&c, &s, &res);
    assert_refused(&res, OP_NOT_FOUND, "not_found", NULL, NULL);
}

static const char scan1[] = "%PDF-1.4 the signed consent";
static const char scan2[] = "%PDF-1.4 the right page of the signed consent";

static void test_rc3_second_copy_after_signing_refused_and_correction_with_reason_kept(
    void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c, peer, sup;
    struct op_result res;
    ofx_ctx(f, "admin", &c);
    ofx_ctx(f, "peer", &peer);
    ofx_ctx(f, "supervisor", &sup);
    const char *patient;
    int64_t r = reachable(f, &peer, &patient);
    struct consent_create_in in = complete(&c, r);
    int64_t id = create_ok(&c, &in);
    char hex[65], hex2[65];

    /* A scan that is not a PDF, PNG or JPEG is refused. */
    struct consent_signed_copy_in up = {
        .recoveree_id = r, .consent_id = id,
        .file = {(const unsigned char *)"hello", 5, "scan.txt"},
        .signature = patient, .signed_on = day(&c, -1)};
    op_consent_signed_copy(&peer, &up, hex, &res);
    assert_refused(&res, OP_REFUSED, "file_type", NULL, "file");
    /* No file at all. */
    up.file = (struct consent_scan){0};
    op_consent_signed_copy(&peer, &up, hex, &res);
    assert_refused(&res, OP_INVALID, "invalid", NULL, "file");
    /* A signing day in the future. */
    up.file = (struct consent_scan){(const unsigned char *)scan1, sizeof scan1 - 1, "scan.pdf"};
    up.signed_on = day(&c, 2);
    op_consent_signed_copy(&peer, &up, hex, &res);
    assert_refused(&res, OP_INVALID, "invalid", NULL, "signed_on");

    /* The first signed copy signs the consent on paper. */
    up.signed_on = day(&c, -1);
    assert_int_equal(op_consent_signed_copy(&peer, &up, hex, &res), OP_OK);
    assert_int_equal(strlen(hex), 64);
    struct consent_row k;
    assert_int_equal(consent_get(f->d, f->a, f->org, r, id, &k), 1);
    assert_string_equal(k.c.signature, patient);
    assert_string_equal(k.signature_method, "paper");
    assert_int_equal(k.c.signed_on, c.today - 1);

    /* RC-3: a second upload is refused, by anyone, with any name. */
    up.file = (struct consent_scan){(const unsigned char *)scan2, sizeof scan2 - 1, "scan.pdf"};
    op_consent_signed_copy(&peer, &up, hex2, &res);
    assert_refused(&res, OP_CONFLICT, "already_signed", NULL, "file");
    assert_non_null(strstr(res.message, "correction"));
    op_consent_signed_copy(&c, &up, hex2, &res);
    assert_refused(&res, OP_CONFLICT, "already_signed", NULL, "file");

    /* The correction: not by a peer; with a reason in a sentence; with the patient's name. */
    struct consent_copy_fix_in fix = {
        .recoveree_id = r, .consent_id = id, .file = up.file, .signature = patient,
        .reason = "The first scan missed the signature page of the form."};
    op_consent_signed_copy_fix(&peer, &fix, hex2, &res);
    assert_refused(&res, OP_FORBIDDEN, "forbidden", NULL, NULL);
    fix.reason = "wrong page";
    op_consent_signed_copy_fix(&sup, &fix, hex2, &res);
    assert_refused(&res, OP_INVALID, "invalid", NULL, "reason");
    fix.reason = "The first scan missed the signature page of the form.";
    fix.signature = "Somebody Else";
    op_consent_signed_copy_fix(&sup, &fix, hex2, &res);
    assert_refused(&res, OP_REFUSED, "signature", "§2.31(a)(8)", "signature");
    struct consent_copy *copies;
    int n;
    assert_int_equal(consent_copies(f->d, f->a, f->org, r, id, &copies, &n), 0);
    assert_int_equal(n, 1);

    fix.signature = patient;
    assert_int_equal(op_consent_signed_copy_fix(&sup, &fix, hex2, &res), OP_OK);
    assert_string_not_equal(hex, hex2);
    /* Both copies kept: the correction current, with its reason; the first as it was. */
    assert_int_equal(consent_copies(f->d, f->a, f->org, r, id, &copies, &n), 0);
    assert_int_equal(n, 2);
    assert_string_equal(copies[0].sha256, hex2);
    assert_string_equal(copies[0].reason, fix.reason);
    assert_string_equal(copies[1].sha256, hex);
    assert_null(copies[1].reason);
    struct consent_file cur, first;
    assert_int_equal(consent_copy_get(f->d, f->a, f->org, r, id, 0, &cur), 1);
    assert_int_equal(cur.len, sizeof scan2 - 1);
    assert_memory_equal(cur.data, scan2, cur.len);
    assert_int_equal(consent_copy_get(f->d, f->a, f->org, r, id, copies[1].id, &first), 1);
    assert_memory_equal(first.data, scan1, first.len);
    /* The signature and its day stay as signed. */
    assert_int_equal(consent_get(f->d, f->a, f->org, r, id, &k), 1);
    assert_string_equal(k.c.signature, patient);
    assert_int_equal(k.c.signed_on, c.today - 1);
    const char *reason, *outcome, *purpose;
    assert_int_equal(last_audit(f, "consent.signed_copy.correct", &reason, &outcome, &purpose), 1);
    assert_non_null(strstr(reason, fix.reason));

    /* An unsigned consent is not corrected: it is signed by its first copy. */
    int64_t other = create_ok(&c, &in);
    fix.consent_id = other;
    op_consent_signed_copy_fix(&sup, &fix, hex2, &res);
    assert_refused(&res, OP_CONFLICT, "not_signed", NULL, NULL);
}

static void test_rc3_revocation_recorded_and_criminal_justice_not_before_date(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "admin", &c);
    const char *patient;
    int64_t r = reachable(f, &c, &patient);
    int64_t id = signed_consent(&c, r, patient);

    /* §2.31(a)(6): in writing, not by telephone. */
    struct consent_revoke_in rv = {.recoveree_id = r, .consent_id = id, .method = "phone",
                                   .document = "She called to say stop."};
    op_consent_revoke(&c, &rv, &res);
    assert_refused(&res, OP_INVALID, "invalid", "RC-3", "method");
    struct consent_row k;
    assert_int_equal(consent_get(f->d, f->a, f->org, r, id, &k), 1);
    assert_int_equal(k.c.revoked_at, 0);

    rv.method = "written_paper";
    rv.document = "I revoke my consent to Clinic A. (signed letter)";
    assert_int_equal(op_consent_revoke(&c, &rv, &res), OP_OK);
    assert_int_equal(consent_get(f->d, f->a, f->org, r, id, &k), 1);
    assert_int_equal(k.c.revoked_at, c.now);
    assert_string_equal(k.revocation_method, "written_paper");
    assert_string_equal(k.revocation_document, rv.document);
    assert_int_equal(consent_state(&k.c, c.today, c.now), CS_REVOKED);
    const char *reason, *outcome, *purpose;
    assert_int_equal(last_audit(f, "consent.revoke", &reason, &outcome, &purpose), 1);
    assert_non_null(strstr(reason, "written_paper"));
    /* Revoked once. */
    op_consent_revoke(&c, &rv, &res);
    assert_refused(&res, OP_CONFLICT, "revoked", NULL, NULL);

    /* §2.35: a criminal-justice consent must say when it becomes revocable ... */
    struct consent_create_in in = complete(&c, r);
    in.kind = "criminal_justice";
    in.recipients = "County drug court";
    in.purposes = "Report attendance to the court";
    op_consent_create(&c, &in, &res);
    assert_refused(&res, OP_REFUSED, "consent_incomplete", "§2.35", "revocable_after");
    /* ... and is not revoked before that day. */
    in.revocable_after = day(&c, 30);
    int64_t cj = create_ok(&c, &in);
    struct consent_sign_in s = {.recoveree_id = r, .consent_id = cj, .signature = patient};
    assert_int_equal(op_consent_sign(&c, &s, &res), OP_OK);
    rv.consent_id = cj;
    op_consent_revoke(&c, &rv, &res);
    assert_refused(&res, OP_REFUSED, "not_yet_revocable", "§2.35", NULL);
    assert_int_equal(consent_get(f->d, f->a, f->org, r, cj, &k), 1);
    assert_int_equal(k.c.revoked_at, 0);
    /* From that day on it is. */
    struct op_ctx later = c;
    later.today = c.today + 30;
    later.now = c.now + 30 * 86400;
    assert_int_equal(op_consent_revoke(&later, &rv, &res), OP_OK);
    assert_int_equal(consent_get(f->d, f->a, f->org, r, cj, &k), 1);
    assert_int_equal(k.c.revoked_at, later.now);
}

/* ---- RC-4 -------------------------------------------------------------------------- */

static struct disclosure_in to_clinic_a(int64_t r, int64_t consent)
{
    return (struct disclosure_in){.recoveree_id = r, .consent_id = consent,
                                  .recipient = "Clinic A", .purpose = "care coordination",
                                  .what = "Recovery plan and attendance"};
}

static void test_rc4_disclosure_needs_a_valid_consent_naming_recipient_and_purpose(
    void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c, peer, sup;
    struct op_result res;
    ofx_ctx(f, "admin", &c);
    ofx_ctx(f, "peer", &peer);
    ofx_ctx(f, "supervisor", &sup);
    const char *patient;
    int64_t r = reachable(f, &sup, &patient);
    int64_t id = signed_consent(&c, r, patient);
    const char *reason, *outcome, *purpose;

    /* Allowed: a supervisor, to a recipient, for a purpose and of information it names
     * (case and surrounding space ignored). */
    struct disclosure_in d = to_clinic_a(r, id);
    d.recipient = "  clinic a ";
    assert_int_equal(op_disclose(&sup, &d, &res), OP_OK);
    assert_true(res.id > 0);

    /* A recipient the consent does not name. */
    d = to_clinic_a(r, id);
    d.recipient = "Employer";
    op_disclose(&sup, &d, &res);
    assert_refused(&res, OP_REFUSED, "not_covered", "RC-4", "recipient");
    assert_int_equal(last_audit(f, "disclosure.refused", &reason, &outcome, &purpose), 1);
    assert_string_equal(reason, arena_printf(f->a, "consent %lld: RC-4", (long long)id));
    assert_string_equal(outcome, "denied");
    assert_null(purpose);
    /* A purpose it does not name. */
    d = to_clinic_a(r, id);
    d.purpose = "marketing";
    op_disclose(&sup, &d, &res);
    assert_refused(&res, OP_REFUSED, "not_covered", "RC-4", "purpose");
    /* Information it does not describe. */
    d = to_clinic_a(r, id);
    d.what = "The whole record";
    op_disclose(&sup, &d, &res);
    assert_refused(&res, OP_REFUSED, "not_covered", "RC-4", "what");
    /* No such consent. */
    d = to_clinic_a(r, id + 100000);
    op_disclose(&sup, &d, &res);
    assert_refused(&res, OP_REFUSED, "no_consent", "RC-4", "consent_id");
    assert_int_equal(last_audit(f, "disclosure.refused", &reason, &outcome, &purpose), 1);
    assert_string_equal(reason, "no consent");

    /* An unsigned consent is not valid. */
    struct consent_create_in in = complete(&c, r);
    int64_t unsigned_id = create_ok(&c, &in);
    d = to_clinic_a(r, unsigned_id);
    op_disclose(&sup, &d, &res);
    assert_refused(&res, OP_REFUSED, "not_covered", NULL, NULL);

    /* An expired consent: valid through its day, not after. */
    in = complete(&c, r);
    in.expires_on = day(&c, 1);
    int64_t short_id = create_ok(&c, &in);
    struct consent_sign_in s = {.recoveree_id = r, .consent_id = short_id, .signature = patient};
    assert_int_equal(op_consent_sign(&c, &s, &res), OP_OK);
    struct op_ctx later = sup;
    later.today = sup.today + 5;
    later.now = sup.now + 5 * 86400;
    d = to_clinic_a(r, short_id);
    op_disclose(&later, &d, &res);
    assert_refused(&res, OP_REFUSED, "not_covered", NULL, NULL);
    assert_non_null(strstr(res.rule, "§2.31"));
    struct op_ctx last_day = sup;
    last_day.today = sup.today + 1;
    last_day.now = sup.now + 86400;
    assert_int_equal(op_disclose(&last_day, &d, &res), OP_OK);

    /* A revoked consent. */
    int64_t gone = signed_consent(&c, r, patient);
    struct consent_revoke_in rv = {.recoveree_id = r, .consent_id = gone,
                                   .method = "written_electronic",
                                   .document = "Please stop sharing my records."};
    assert_int_equal(op_consent_revoke(&c, &rv, &res), OP_OK);
    d = to_clinic_a(r, gone);
    op_disclose(&sup, &d, &res);
    assert_refused(&res, OP_REFUSED, "not_covered", NULL, NULL);

    /* A peer does not disclose, even of a recoveree on their caseload. */
    const char *peer_patient;
    int64_t pr = reachable(f, &peer, &peer_patient);
    int64_t pid = signed_consent(&c, pr, peer_patient);
    d = to_clinic_a(pr, pid);
    op_disclose(&peer, &d, &res);
    assert_refused(&res, OP_FORBIDDEN, "forbidden", "RC-4", NULL);
    struct disclosure_row *rows;
    int n;
    assert_int_equal(disclosures_window(f->d, f->a, f->org, pr, day(&c, 0), day(&c, 0), &rows, &n),
                     0);
    for (int i = 0; i < n; i++)
        assert_int_not_equal(rows[i].consent_id, pid); /* nothing was disclosed */
    /* The administrator may, under the same consent. */
    assert_int_equal(op_disclose(&c, &d, &res), OP_OK);

    /* Not under emergency access: a supervisor's break-glass grant opens the record for
     * reading only. */
    int64_t far = unreachable(f, &sup);
    struct rc_scope all;
    struct recoveree fx;
    rc_scope_for(&all, ROLE_ADMIN, 0, c.today, c.now);
    assert_int_equal(rc_get(f->d, f->a, f->org, far, &all, &fx), 1);
    int64_t far_id =
        signed_consent(&c, far, arena_printf(f->a, "%s %s", fx.first_name, fx.last_name));
    db_stmt *g = db_prep(f->d, Q_BG_INSERT);
    assert_non_null(g);
    db_bind_int(g, 1, f->org);
    db_bind_int(g, 2, sup.who.user_id);
    db_bind_int(g, 3, far);
    db_bind_text(g, 4, "Crisis call at night, the peer is not reachable.");
    db_bind_int(g, 5, sup.now - 60);
    db_bind_int(g, 6, sup.now + 3600);
    int64_t grant;
    assert_int_equal(db_insert_id(g, &grant), DB_OK);
    d = to_clinic_a(far, far_id);
    op_disclose(&sup, &d, &res);
    assert_refused(&res, OP_NOT_FOUND, "not_found", NULL, NULL);
    assert_int_equal(last_audit(f, "recoveree.denied", &reason, &outcome, &purpose), 1);
    assert_string_equal(reason, "disclosure");
}

static void test_rc4_disclosure_enters_the_accounting(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "admin", &c);
    const char *patient;
    int64_t r = reachable(f, &c, &patient);
    int64_t id = signed_consent(&c, r, patient);
    struct disclosure_row *rows;
    int before, n;
    assert_int_equal(disclosures_window(f->d, f->a, f->org, r, day(&c, 0), day(&c, 0), &rows,
                                        &before),
                     0);

    struct disclosure_in d = to_clinic_a(r, id);
    d.recipient = "Dr. B";
    d.recipient_address = "12 Main St";
    d.notice_statement = 2;
    assert_int_equal(op_disclose(&c, &d, &res), OP_OK);
    int64_t did = res.id;

    /* §2.25: in the accounting for today, with the §2.32 notice and the consent's scope. */
    assert_int_equal(disclosures_window(f->d, f->a, f->org, r, day(&c, 0), day(&c, 0), &rows, &n),
                     0);
    assert_int_equal(n, before + 1);
    assert_int_equal(rows[0].id, did);
    assert_int_equal(rows[0].consent_id, id);
    assert_string_equal(rows[0].date, day(&c, 0));
    assert_string_equal(rows[0].recipient, "Dr. B");
    assert_string_equal(rows[0].recipient_address, "12 Main St");
    assert_string_equal(rows[0].purpose, "care coordination");
    assert_string_equal(rows[0].what, "Recovery plan and attendance");
    assert_int_equal(rows[0].notice_statement, 2);
    assert_non_null(strstr(rows[0].scope, "Clinic A"));
    assert_string_equal(rows[0].made_by, c.who.display_name);
    struct disclosure_row one;
    assert_int_equal(disclosure_get(f->d, f->a, f->org, r, did, &one), 1);
    assert_int_equal(one.made_at, c.now);
    /* Not in a window before today. */
    assert_int_equal(disclosures_window(f->d, f->a, f->org, r, day(&c, -30), day(&c, -1), &rows,
                                        &n),
                     0);
    for (int i = 0; i < n; i++)
        assert_int_not_equal(rows[i].id, did);

    /* The audit trail has it with its purpose of use, disclosure. */
    const char *reason, *outcome, *purpose;
    assert_int_equal(last_audit(f, "disclosure", &reason, &outcome, &purpose), 1);
    assert_string_equal(reason, arena_printf(f->a, "to Dr. B for care coordination under "
                                                   "consent %lld",
                                             (long long)id));
    assert_string_equal(outcome, "ok");
    assert_string_equal(purpose, "disclosure");

    /* The notice defaults to statement 1. */
    d = to_clinic_a(r, id);
    assert_int_equal(op_disclose(&c, &d, &res), OP_OK);
    assert_int_equal(disclosure_get(f->d, f->a, f->org, r, res.id, &one), 1);
    assert_int_equal(one.notice_statement, 1);
}

int main(void)
{
    ofx_name = "opsconsents";
    const struct CMUnitTest tests[] = {
        OFX_TEST(test_rc3_consent_missing_an_element_is_refused_naming_it),
        OFX_TEST(test_rc3_counseling_notes_not_combined),
        OFX_TEST(test_rc3_signature_must_be_the_patients_name),
        OFX_TEST(test_rc3_second_copy_after_signing_refused_and_correction_with_reason_kept),
        OFX_TEST(test_rc3_revocation_recorded_and_criminal_justice_not_before_date),
        OFX_TEST(test_rc4_disclosure_needs_a_valid_consent_naming_recipient_and_purpose),
        OFX_TEST(test_rc4_disclosure_enters_the_accounting),
    };
    return cmocka_run_group_tests_name("ops: consents", tests, ofx_group_setup,
                                       ofx_group_teardown);
}
