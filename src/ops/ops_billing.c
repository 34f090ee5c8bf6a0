/* ops_billing.c - SV-8 payers, codes, profiles, provider and claim batches (ops_billing.h). */
#include "ops_billing.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "civil.h"
#include "msg.h"
#include "ops_reach.h"
#include "workforce.h"
#include "x12.h"

/* RP-1 funding sources. */
const char *const billing_funding[] = {
    "medicaid",    "fee_for_service", "county_grant", "state_grant", "federal_grant",
    "foundation",  "corporate",       "fundraising",  "volunteer",
};
const int billing_nfunding = (int)(sizeof billing_funding / sizeof *billing_funding);
/* SV-1 modalities (services.modality). */
const char *const billing_modalities[] = {"individual", "group", "telephone", "video", "text"};
const int billing_nmodalities = (int)(sizeof billing_modalities / sizeof *billing_modalities);

/* Longest texts, in bytes: names as the 837P carries them (NM103 60), ids (NM109 80, but
 * member ids are far shorter in practice), a code description. */
#define NAME_MAX_LEN 120
#define IDENT_MAX_LEN 40
#define DESC_MAX_LEN 200
#define ADDR_MAX_LEN 120
/* A day holds 96 quarter hours: no cap above it means anything. */
#define CAP_MAX 96

static int one_of(const char *s, const char *const *list, int n)
{
    for (int i = 0; s && i < n; i++)
        if (strcmp(s, list[i]) == 0)
            return 1;
    return 0;
}

static int empty(const char *s)
{
    return !s || !*s;
}

/* The message id's text in the reader's language. */
static const char *M(struct op_ctx *c, const char *id)
{
    return msg(c->lang, id);
}

static enum op_status admin_only(struct op_ctx *c, struct op_result *res)
{
    if (c->who.role == ROLE_ADMIN)
        return OP_OK;
    return op_forbidden(res, NULL, M(c, "billing.err.admin_only"));
}

/* Letters, digits and '-' only (member ids, submitter ids, payer ids). */
static int ident_ok(const char *s, size_t max)
{
    size_t n = 0;
    for (; s && *s; s++, n++)
        if (!isalnum((unsigned char)*s) && *s != '-')
            return 0;
    return n >= 1 && n <= max;
}

static int digits(const char *s, size_t want)
{
    size_t n = 0;
    for (; s && *s; s++)
        if (isdigit((unsigned char)*s))
            n++;
        else if (*s != '-')
            return 0;
    return n == want;
}

int billing_parse_money(const char *s, int64_t *cents)
{
    if (empty(s))
        return -1;
    if (*s == '$')
        s++;
    int64_t whole = 0, frac = 0;
    int nd = 0, nf = -1;
    for (; *s; s++) {
        if (*s == '.' && nf < 0) {
            nf = 0;
            continue;
        }
        if (!isdigit((unsigned char)*s))
            return -1;
        if (nf < 0) {
            if (++nd > 6)
                return -1;
            whole = whole * 10 + (*s - '0');
        } else {
            if (++nf > 2)
                return -1;
            frac = frac * 10 + (*s - '0');
        }
    }
    if (nd == 0 && nf <= 0)
        return -1;
    if (nf == 1)
        frac *= 10;
    int64_t v = whole * 100 + frac;
    /* $100,000 a unit is beyond any fee schedule: a typo. */
    if (v > 10000000)
        return -1;
    *cents = v;
    return 0;
}

/* ---- payers ---------------------------------------------------------------------------- */

enum op_status op_payer_save(struct op_ctx *c, const struct payer_in *in, struct op_result *res)
{
    if (admin_only(c, res) != OP_OK)
        return res->status;
    struct payer p = {0};
    int have = 0;
    if (in->id > 0) {
        have = payer_get(c->db, c->a, c->who.org_id, in->id, &p);
        if (have < 0)
            return op_store(res, M(c, "billing.err.store"));
        if (!have)
            return op_not_found(res, M(c, "billing.err.no_payer"));
        if (in->version <= 0)
            return op_invalid(res, "version", M(c, "billing.err.version"));
        p.version = in->version;
    } else {
        p.unit_minutes = c->pol->v[POL_BILLING_UNIT_MIN];
        p.min_minutes = c->pol->v[POL_BILLING_MIN_MINUTES];
        p.daily_cap_units = c->pol->v[POL_BILLING_DAILY_CAP];
        p.rounding = "eight_minute";
        p.active = 1;
    }
    if (in->name)
        p.name = in->name;
    if (in->funding_source)
        p.funding_source = in->funding_source;
    if (in->payer_ident)
        p.payer_ident = *in->payer_ident ? in->payer_ident : NULL;
    if (in->rounding)
        p.rounding = in->rounding;
    if (in->unit_minutes >= 0)
        p.unit_minutes = in->unit_minutes;
    if (in->min_minutes >= 0)
        p.min_minutes = in->min_minutes;
    if (in->daily_cap_units >= 0)
        p.daily_cap_units = in->daily_cap_units;
    if (in->active >= 0)
        p.active = in->active != 0;
    enum bill_rounding r;
    if (empty(p.name) || strlen(p.name) > NAME_MAX_LEN)
        return op_invalid(res, "name", M(c, "billing.err.payer_name"));
    if (!one_of(p.funding_source, billing_funding, billing_nfunding))
        return op_invalid(res, "funding_source", M(c, "billing.err.funding_source"));
    if (p.payer_ident && !ident_ok(p.payer_ident, 15))
        return op_invalid(res, "payer_ident", M(c, "billing.err.payer_ident"));
    if (bill_rounding_parse(p.rounding, &r) != 0)
        return op_invalid(res, "rounding", M(c, "billing.err.rounding"));
    if (p.unit_minutes < 1 || p.unit_minutes > 240)
        return op_invalid(res, "unit_minutes", M(c, "billing.err.unit_minutes"));
    if (p.min_minutes < 0 || p.min_minutes > p.unit_minutes)
        return op_invalid(res, "min_minutes", M(c, "billing.err.min_minutes"));
    if (p.daily_cap_units < 0 || p.daily_cap_units > CAP_MAX)
        return op_invalid(res, "daily_cap_units", M(c, "billing.err.cap"));
    if (op_begin(c, res) != OP_OK)
        return res->status;
    int64_t id = p.id;
    int ok;
    if (have) {
        int rc = payer_update(c->db, c->who.org_id, &p, c->who.user_id, c->now);
        if (rc == 0) {
            op_fail(res, OP_CONFLICT, "stale", NULL, "version", M(c, "billing.err.stale"));
            return op_end(c, res);
        }
        ok = rc == 1;
    } else {
        ok = payer_insert(c->db, c->who.org_id, &p, c->who.user_id, c->now, &id) == DB_OK;
    }
    const char *what = arena_printf(c->a, "name=%s funding=%s unit=%lld rounding=%s min=%lld cap=%lld "
                                          "active=%lld",
                                    p.name, p.funding_source, (long long)p.unit_minutes,
                                    p.rounding, (long long)p.min_minutes,
                                    (long long)p.daily_cap_units, (long long)p.active);
    if (ok)
        ok = op_audit(c, have ? "payer.update" : "payer.create", "payer", id, what, "ok") == 0;
    if (ok)
        op_ok(res, id, have ? p.version + 1 : 1);
    else
        op_store(res, M(c, "billing.err.store"));
    return op_end(c, res);
}

/* ---- codes ----------------------------------------------------------------------------- */

/* HCPCS Level II shape: a letter and four digits (H0038), or five digits (CPT). */
static int hcpcs_ok(const char *s)
{
    if (!s || strlen(s) != 5)
        return 0;
    if (!isdigit((unsigned char)s[0]) && !(s[0] >= 'A' && s[0] <= 'Z'))
        return 0;
    for (int i = 1; i < 5; i++)
        if (!isdigit((unsigned char)s[i]))
            return 0;
    return 1;
}

/* Up to four two-character modifiers (HF, HQ, U1), upper case, separated by spaces; written
 * back normalized into the arena. NULL when the text is not such a list. */
static const char *modifiers_norm(struct op_ctx *c, const char *s)
{
    char out[16];
    size_t n = 0;
    int k = 0;
    while (*s) {
        while (*s == ' ' || *s == ',')
            s++;
        if (!*s)
            break;
        if (!isalnum((unsigned char)s[0]) || !isalnum((unsigned char)s[1]) ||
            (s[2] && s[2] != ' ' && s[2] != ',') || ++k > 4)
            return NULL;
        if (n)
            out[n++] = ' ';
        out[n++] = (char)toupper((unsigned char)s[0]);
        out[n++] = (char)toupper((unsigned char)s[1]);
        s += 2;
    }
    out[n] = '\0';
    return arena_strdup(c->a, out);
}

enum op_status op_code_save(struct op_ctx *c, const struct code_in *in, struct op_result *res)
{
    if (admin_only(c, res) != OP_OK)
        return res->status;
    struct payer p;
    int have = payer_get(c->db, c->a, c->who.org_id, in->payer_id, &p);
    if (have < 0)
        return op_store(res, M(c, "billing.err.store"));
    if (!have)
        return op_not_found(res, M(c, "billing.err.no_payer"));
    struct payer_code k = {.payer_id = p.id, .min_level = 2, .requires_diagnosis = 1, .active = 1};
    if (in->id > 0) {
        struct payer_code *all;
        int n;
        if (code_list(c->db, c->a, c->who.org_id, p.id, &all, &n) != 0)
            return op_store(res, M(c, "billing.err.store"));
        int found = 0;
        for (int i = 0; i < n; i++)
            if (all[i].id == in->id) {
                k = all[i];
                found = 1;
            }
        if (!found)
            return op_not_found(res, M(c, "billing.err.no_code"));
    }
#define KEEP_TEXT(f) if (in->f) k.f = *in->f ? in->f : NULL
    KEEP_TEXT(code);
    KEEP_TEXT(modifiers);
    KEEP_TEXT(description);
    KEEP_TEXT(modality);
    KEEP_TEXT(credential);
#undef KEEP_TEXT
    if (in->min_level >= 0)
        k.min_level = in->min_level;
    if (in->rate_cents >= 0)
        k.rate_cents = in->rate_cents;
    if (in->daily_cap_units >= 0)
        k.daily_cap_units = in->daily_cap_units;
    if (in->requires_diagnosis >= 0)
        k.requires_diagnosis = in->requires_diagnosis != 0;
    if (in->active >= 0)
        k.active = in->active != 0;
    if (k.code) {
        char *up = arena_strdup(c->a, k.code);
        for (char *q = up; *q; q++)
            *q = (char)toupper((unsigned char)*q);
        k.code = up;
    }
    if (!hcpcs_ok(k.code))
        return op_invalid(res, "code", M(c, "billing.err.code"));
    if (k.modifiers && !(k.modifiers = modifiers_norm(c, k.modifiers)))
        return op_invalid(res, "modifiers", M(c, "billing.err.modifiers"));
    if (k.modifiers && !*k.modifiers)
        k.modifiers = NULL;
    if (k.description && strlen(k.description) > DESC_MAX_LEN)
        return op_invalid(res, "description", M(c, "billing.err.description"));
    if (k.modality && !one_of(k.modality, billing_modalities, billing_nmodalities))
        return op_invalid(res, "modality", M(c, "billing.err.modality"));
    if (k.min_level < 1 || k.min_level > 3)
        return op_invalid(res, "min_level", M(c, "billing.err.min_level"));
    if (k.credential && wf_cert_body_parse(k.credential) < 0)
        return op_invalid(res, "credential", M(c, "billing.err.credential"));
    if (k.rate_cents < 0 || k.rate_cents > 10000000)
        return op_invalid(res, "rate", M(c, "billing.err.rate"));
    if (k.daily_cap_units < 0 || k.daily_cap_units > CAP_MAX)
        return op_invalid(res, "daily_cap_units", M(c, "billing.err.cap"));
    if (op_begin(c, res) != OP_OK)
        return res->status;
    int64_t id = k.id;
    int ok = in->id > 0 ? code_update(c->db, c->who.org_id, &k) == 1
                        : code_insert(c->db, c->who.org_id, &k, &id) == DB_OK;
    const char *what = arena_printf(c->a, "payer=%lld code=%s%s%s rate=%lld level=%lld active=%lld",
                                    (long long)p.id, k.code, k.modifiers ? " " : "",
                                    k.modifiers ? k.modifiers : "", (long long)k.rate_cents,
                                    (long long)k.min_level, (long long)k.active);
    if (ok)
        ok = op_audit(c, in->id > 0 ? "payer_code.update" : "payer_code.create", "payer_code", id,
                      what, "ok") == 0;
    if (ok)
        op_ok(res, id, 0);
    else
        op_store(res, M(c, "billing.err.store"));
    return op_end(c, res);
}

/* ---- profiles and provider ------------------------------------------------------------- */

static int state_ok(const char *s)
{
    return s && strlen(s) == 2 && isupper((unsigned char)s[0]) && isupper((unsigned char)s[1]);
}

static int zip_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return 0;
    return n == 5 || n == 9;
}

/* Empty text is none. */
static const char *opt(const char *s)
{
    return empty(s) ? NULL : s;
}

enum op_status op_profile_save(struct op_ctx *c, const struct profile_in *in,
                               struct op_result *res)
{
    if (admin_only(c, res) != OP_OK)
        return res->status;
    struct payer p;
    int have = payer_get(c->db, c->a, c->who.org_id, in->payer_id, &p);
    if (have < 0)
        return op_store(res, M(c, "billing.err.store"));
    if (!have)
        return op_invalid(res, "payer_id", M(c, "billing.err.no_payer"));
    struct billing_profile b = {
        .recoveree_id = in->recoveree_id, .payer_id = p.id, .member_id = opt(in->member_id),
        .sex = opt(in->sex), .address = opt(in->address), .city = opt(in->city),
        .state = opt(in->state), .zip = opt(in->zip), .valid_from = opt(in->valid_from),
        .valid_to = opt(in->valid_to),
    };
    if (opt(in->diagnosis_code)) {
        char *dx = arena_strdup(c->a, in->diagnosis_code);
        for (char *q = dx; *q; q++)
            *q = (char)toupper((unsigned char)*q);
        b.diagnosis_code = dx;
    }
    if (!ident_ok(b.member_id, IDENT_MAX_LEN))
        return op_invalid(res, "member_id", M(c, "billing.err.member_id"));
    if (b.diagnosis_code && !bill_icd10_ok(b.diagnosis_code))
        return op_invalid(res, "diagnosis_code", M(c, "billing.err.diagnosis"));
    if (b.sex && strcmp(b.sex, "F") && strcmp(b.sex, "M") && strcmp(b.sex, "U"))
        return op_invalid(res, "sex", M(c, "billing.err.sex"));
    if (b.address && strlen(b.address) > ADDR_MAX_LEN)
        return op_invalid(res, "address", M(c, "billing.err.address"));
    if (b.city && strlen(b.city) > ADDR_MAX_LEN)
        return op_invalid(res, "city", M(c, "billing.err.address"));
    if (b.state && !state_ok(b.state))
        return op_invalid(res, "state", M(c, "billing.err.state"));
    if (b.zip && !zip_ok(b.zip))
        return op_invalid(res, "zip", M(c, "billing.err.zip"));
    if (b.valid_from && b.valid_to && civil_parse(b.valid_from) > civil_parse(b.valid_to))
        return op_invalid(res, "valid_to", M(c, "billing.err.valid_to"));
    struct recoveree x;
    if (op_begin(c, res) != OP_OK)
        return res->status;
    if (op_rc_for_write(c, in->recoveree_id, &x, res) != OP_OK) {
        op_end(c, res);
        return op_rc_denied(c, res, in->recoveree_id, "billing_profile.update");
    }
    int ok = profile_upsert(c->db, c->who.org_id, &b, c->who.user_id, c->now) == DB_OK &&
             op_audit(c, "billing_profile.update", "recoveree", x.id,
                      arena_printf(c->a, "payer=%lld", (long long)p.id), "ok") == 0;
    if (ok)
        op_ok(res, x.id, 0);
    else
        op_store(res, M(c, "billing.err.store"));
    return op_end(c, res);
}

enum op_status op_provider_save(struct op_ctx *c, const struct billing_provider_rec *in,
                                struct op_result *res)
{
    if (admin_only(c, res) != OP_OK)
        return res->status;
    struct billing_provider_rec b = {
        .name = opt(in->name), .npi = opt(in->npi), .tax_id = opt(in->tax_id),
        .address = opt(in->address), .city = opt(in->city), .state = opt(in->state),
        .zip = opt(in->zip), .contact_name = opt(in->contact_name),
        .contact_phone = opt(in->contact_phone), .submitter_id = opt(in->submitter_id),
    };
    if (!b.name || strlen(b.name) > NAME_MAX_LEN)
        return op_invalid(res, "name", M(c, "billing.err.provider_name"));
    if (!bill_npi_ok(b.npi))
        return op_invalid(res, "npi", M(c, "billing.err.npi"));
    if (b.tax_id && !digits(b.tax_id, 9))
        return op_invalid(res, "tax_id", M(c, "billing.err.tax_id"));
    if (b.address && strlen(b.address) > ADDR_MAX_LEN)
        return op_invalid(res, "address", M(c, "billing.err.address"));
    if (b.city && strlen(b.city) > ADDR_MAX_LEN)
        return op_invalid(res, "city", M(c, "billing.err.address"));
    if (b.state && !state_ok(b.state))
        return op_invalid(res, "state", M(c, "billing.err.state"));
    if (b.zip && !zip_ok(b.zip))
        return op_invalid(res, "zip", M(c, "billing.err.zip"));
    if (b.contact_name && strlen(b.contact_name) > NAME_MAX_LEN)
        return op_invalid(res, "contact_name", M(c, "billing.err.provider_name"));
    if (b.contact_phone && strlen(b.contact_phone) > 30)
        return op_invalid(res, "contact_phone", M(c, "billing.err.phone"));
    if (!ident_ok(b.submitter_id, 15))
        return op_invalid(res, "submitter_id", M(c, "billing.err.submitter_id"));
    if (op_begin(c, res) != OP_OK)
        return res->status;
    int ok = provider_upsert(c->db, c->who.org_id, &b, c->who.user_id, c->now) == DB_OK &&
             op_audit(c, "billing_provider.update", "org", c->who.org_id,
                      arena_printf(c->a, "npi=%s submitter=%s", b.npi, b.submitter_id),
                      "ok") == 0;
    if (ok)
        op_ok(res, c->who.org_id, 0);
    else
        op_store(res, M(c, "billing.err.store"));
    return op_end(c, res);
}

/* ---- claims ---------------------------------------------------------------------------- */

const char *billing_reason_text(struct op_ctx *c, enum bill_reason r,
                                const struct claim_source_row *row,
                                const struct bill_line_out *o, int64_t min_minutes)
{
    char id[64];
    snprintf(id, sizeof id, "billing.reason.%s", bill_reason_code(r));
    const char *code = row->has_code ? row->code.code : "";
    return msg_fmt(c->a, c->lang, id, "cap", arena_printf(c->a, "%d", o->cap), "units",
                   arena_printf(c->a, "%d", o->units), "rounded",
                   arena_printf(c->a, "%d", o->units_rounded), "code", code, "covers",
                   row->has_code && row->code.modality ? row->code.modality : "", "modality",
                   row->modality, "level", arena_printf(c->a, "%lld", (long long)row->peer_level),
                   "min_level",
                   arena_printf(c->a, "%lld", (long long)(row->has_code ? row->code.min_level : 0)),
                   "credential", row->has_code && row->code.credential ? row->code.credential : "",
                   "minutes", arena_printf(c->a, "%lld", (long long)row->minutes), "min",
                   arena_printf(c->a, "%lld", (long long)min_minutes), NULL);
}

/* Read and evaluate (no transaction of its own: the caller's, or none). */
static enum op_status run_claims(struct op_ctx *c, int64_t payer_id, const char *from,
                                 const char *to, struct claims_run *run, struct op_result *res)
{
    memset(run, 0, sizeof *run);
    int32_t f = civil_parse(from), t = civil_parse(to);
    if (f < 0)
        return op_invalid(res, "from", M(c, "billing.err.from"));
    if (t < 0 || t < f)
        return op_invalid(res, "to", M(c, "billing.err.to"));
    /* A claims period is at most a year: payers take claims within months of the service. */
    if (t - f > 366)
        return op_invalid(res, "to", M(c, "billing.err.period"));
    int have = payer_get(c->db, c->a, c->who.org_id, payer_id, &run->payer);
    if (have < 0)
        return op_store(res, M(c, "billing.err.store"));
    if (!have)
        return op_not_found(res, M(c, "billing.err.no_payer"));
    int rc = claim_source(c->db, c->a, c->who.org_id, payer_id, from, to, &run->rows, &run->n);
    if (rc < 0)
        return op_store(res, M(c, "billing.err.store"));
    if (rc == 1)
        return op_fail(res, OP_REFUSED, "too_many", "SV-8", "to", M(c, "billing.err.too_many"));
    int n = run->n;
    struct bill_line_in *in = arena_alloc(c->a, sizeof *in * (size_t)(n ? n : 1));
    struct bill_code *codes = arena_alloc(c->a, sizeof *codes * (size_t)(n ? n : 1));
    run->out = arena_alloc(c->a, sizeof *run->out * (size_t)(n ? n : 1));
    run->reason_text = arena_alloc(c->a, sizeof *run->reason_text * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++) {
        const struct claim_source_row *x = &run->rows[i];
        const struct payer_code *pc = &x->code;
        codes[i] = (struct bill_code){pc->id, pc->modality, (int)pc->min_level, pc->credential,
                                      pc->rate_cents, (int)pc->daily_cap_units,
                                      (int)pc->requires_diagnosis, (int)pc->active};
        in[i] = (struct bill_line_in){
            .service_id = x->service_id, .recoveree_id = x->recoveree_id,
            .service_date = x->service_date, .minutes = (int)x->minutes,
            .modality = x->modality, .is_void = x->status && strcmp(x->status, "void") == 0,
            .peer_level = (int)x->peer_level, .peer_credential = x->peer_credential,
            .code = x->has_code ? &codes[i] : NULL, .has_profile = x->has_profile,
            .member_id = x->member_id, .diagnosis = x->diagnosis_code,
            .billed_units = (int)x->billed_units, .already_billed = x->billed_batch > 0,
        };
    }
    enum bill_rounding rnd = BILL_EIGHT_MINUTE;
    bill_rounding_parse(run->payer.rounding, &rnd);
    struct bill_unit_rule rule = {(int)run->payer.unit_minutes, rnd, (int)run->payer.min_minutes};
    bill_evaluate(&rule, (int)run->payer.daily_cap_units, in, n, run->out);
    int64_t last_rc = 0;
    int lines_of_rc = 0;
    for (int i = 0; i < n; i++) {
        run->reason_text[i] =
            billing_reason_text(c, run->out[i].reason, &run->rows[i], &run->out[i],
                                run->payer.min_minutes);
        if (!bill_reason_billed(run->out[i].reason)) {
            run->left_out++;
            continue;
        }
        run->billed++;
        run->total_cents += run->out[i].charge_cents;
    }
    /* Claims as the 837P writes them: per recoveree, X12_LINES_PER_CLAIM lines a claim. The
     * rows are in day order, so count billed lines per recoveree with a scan per recoveree. */
    for (int i = 0; i < n; i++) {
        if (!bill_reason_billed(run->out[i].reason))
            continue;
        int first = 1;
        for (int k = 0; k < i && first; k++)
            if (run->rows[k].recoveree_id == run->rows[i].recoveree_id &&
                bill_reason_billed(run->out[k].reason))
                first = 0;
        if (!first)
            continue;
        last_rc = run->rows[i].recoveree_id;
        lines_of_rc = 0;
        for (int k = i; k < n; k++)
            if (run->rows[k].recoveree_id == last_rc && bill_reason_billed(run->out[k].reason))
                lines_of_rc++;
        run->claims += (lines_of_rc + X12_LINES_PER_CLAIM - 1) / X12_LINES_PER_CLAIM;
    }
    return op_ok(res, payer_id, 0);
}

static int may_read_claims(struct op_ctx *c)
{
    return c->who.role == ROLE_ADMIN || c->who.role == ROLE_SUPERVISOR;
}

enum op_status op_claims_preview(struct op_ctx *c, int64_t payer_id, const char *from,
                                 const char *to, struct claims_run *run, struct op_result *res)
{
    if (!may_read_claims(c))
        return op_forbidden(res, NULL, M(c, "billing.err.admin_only"));
    if (run_claims(c, payer_id, from, to, run, res) != OP_OK)
        return res->status;
    c->purpose = "payment";
    if (op_audit_event(c, 1, 0, 1, "claims.preview", "payer", payer_id,
                       arena_printf(c->a, "%s..%s lines=%d", from, to, run->n), "ok") != 0)
        return op_store(res, M(c, "billing.err.store"));
    return op_ok(res, payer_id, 0);
}

enum op_status op_claims_create(struct op_ctx *c, int64_t payer_id, const char *from,
                                const char *to, struct claims_run *run, struct op_result *res)
{
    if (admin_only(c, res) != OP_OK)
        return res->status;
    struct billing_provider_rec pv;
    int hp = provider_get(c->db, c->a, c->who.org_id, &pv);
    if (hp < 0)
        return op_store(res, M(c, "billing.err.store"));
    if (op_begin(c, res) != OP_OK)
        return res->status;
    if (run_claims(c, payer_id, from, to, run, res) != OP_OK)
        return op_end(c, res);
    if (!hp || empty(pv.npi) || empty(pv.submitter_id) || empty(run->payer.payer_ident)) {
        op_fail(res, OP_REFUSED, "provider_incomplete", "SV-8", hp ? "payer_id" : NULL,
                M(c, "billing.err.provider_incomplete"));
        return op_end(c, res);
    }
    if (run->billed == 0) {
        op_fail(res, OP_REFUSED, "nothing_to_bill", "SV-8", "payer_id",
                M(c, "billing.err.nothing_to_bill"));
        return op_end(c, res);
    }
    struct claim_batch b = {.payer_id = payer_id, .period_from = from, .period_to = to,
                            .claims = run->claims, .total_cents = run->total_cents,
                            .created_by = c->who.user_id, .created_at = c->now};
    int64_t id = 0;
    int ok = batch_next_control(c->db, c->who.org_id, &b.control_number) == 0 &&
             b.control_number <= 999999999 &&
             batch_insert(c->db, c->who.org_id, &b, &id) == DB_OK;
    for (int i = 0; ok && i < run->n; i++) {
        const struct claim_source_row *x = &run->rows[i];
        const struct bill_line_out *o = &run->out[i];
        struct batch_line l = {
            .service_id = x->service_id, .recoveree_id = x->recoveree_id,
            .member_id = x->member_id, .diagnosis_code = x->diagnosis_code,
            .code = x->has_code ? x->code.code : NULL, .modifiers = x->code.modifiers,
            .rate_cents = x->code.rate_cents, .units = o->units, .charge_cents = o->charge_cents,
            .rounded_units = o->units_rounded, .cap_units = o->cap,
            .reason = bill_reason_code(o->reason), .detail = run->reason_text[i],
        };
        /* A line billed before stays in its batch: this one only records that it was left out. */
        int rc = bill_reason_billed(o->reason) ? claim_line_insert(c->db, c->who.org_id, id, &l)
                                               : claim_exclusion_insert(c->db, c->who.org_id, id, &l);
        ok = rc == DB_OK;
    }
    c->purpose = "payment";
    if (ok)
        ok = op_audit_event(c, 1, 0, 1, "claims.batch", "claim_batch", id,
                            arena_printf(c->a, "payer=%lld %s..%s control=%lld billed=%d left_out=%d "
                                               "total_cents=%lld",
                                         (long long)payer_id, from, to,
                                         (long long)b.control_number, run->billed, run->left_out,
                                         (long long)run->total_cents),
                            "ok") == 0;
    if (ok)
        op_ok(res, id, 0);
    else
        op_store(res, M(c, "billing.err.batch_failed"));
    return op_end(c, res);
}

/* ---- exports --------------------------------------------------------------------------- */

static void csv_text(buf *b, const char *s)
{
    csv_field(b, s ? s : "", s ? strlen(s) : 0);
}

static void csv_money(buf *b, int64_t cents)
{
    buf_printf(b, "%lld.%02lld", (long long)(cents / 100), (long long)(cents % 100));
}

static void write_csv(struct op_ctx *c, buf *out, const struct batch_line *l, int n)
{
    static const char *const cols[] = {"date", "recoveree", "member_id", "diagnosis", "code",
                                       "modifiers", "units", "rate", "charge", "peer",
                                       "peer_level", "billed", "reason"};
    for (size_t i = 0; i < sizeof cols / sizeof *cols; i++) {
        char id[48];
        snprintf(id, sizeof id, "billing.csv.%s", cols[i]);
        if (i)
            buf_putc(out, ',');
        csv_text(out, M(c, id));
    }
    buf_puts(out, "\r\n");
    for (int i = 0; i < n; i++) {
        const struct batch_line *x = &l[i];
        csv_text(out, x->service_date);
        buf_putc(out, ',');
        csv_text(out, arena_printf(c->a, "%s, %s", x->last_name, x->first_name));
        buf_putc(out, ',');
        csv_text(out, x->member_id);
        buf_putc(out, ',');
        csv_text(out, x->diagnosis_code);
        buf_putc(out, ',');
        csv_text(out, x->code);
        buf_putc(out, ',');
        csv_text(out, x->modifiers);
        buf_printf(out, ",%lld,", (long long)x->units);
        csv_money(out, x->rate_cents);
        buf_putc(out, ',');
        csv_money(out, x->charge_cents);
        buf_putc(out, ',');
        csv_text(out, x->peer_name);
        buf_printf(out, ",%lld,%s,", (long long)x->peer_level, x->billed ? "yes" : "no");
        csv_text(out, x->detail ? x->detail : x->reason);
        buf_puts(out, "\r\n");
    }
}

static const char *filing_code(const char *funding)
{
    /* SBR09: MC Medicaid; anything else "other non-federal program" (11) is not a code here, so
     * CI (commercial) for fee-for-service and ZZ (mutually defined) for grants. */
    if (funding && strcmp(funding, "medicaid") == 0)
        return "MC";
    if (funding && strcmp(funding, "fee_for_service") == 0)
        return "CI";
    return "ZZ";
}

static int write_837(struct op_ctx *c, buf *out, const struct claim_batch *b, const struct payer *p,
                     const struct billing_provider_rec *pv, const struct batch_line *l, int n)
{
    struct x12_subscriber *subs = arena_alloc(c->a, sizeof *subs * (size_t)(n ? n : 1));
    struct x12_line *lines = arena_alloc(c->a, sizeof *lines * (size_t)(n ? n : 1));
    int ns = 0, nl = 0;
    /* One subscriber per recoveree, their lines together in billing order. */
    for (int i = 0; i < n; i++) {
        if (!l[i].billed)
            continue;
        int seen = 0;
        for (int k = 0; k < i && !seen; k++)
            seen = l[k].billed && l[k].recoveree_id == l[i].recoveree_id;
        if (seen)
            continue;
        struct x12_subscriber *s = &subs[ns++];
        *s = (struct x12_subscriber){
            .last_name = l[i].last_name, .first_name = l[i].first_name,
            .member_id = l[i].member_id, .dob = l[i].dob, .sex = l[i].sex,
            .addr = {l[i].address, l[i].city, l[i].state, l[i].zip},
            .diagnosis = l[i].diagnosis_code,
            .claim_id = arena_printf(c->a, "B%lldR%lld", (long long)b->id,
                                     (long long)l[i].recoveree_id),
            .lines = &lines[nl],
        };
        for (int k = i; k < n; k++)
            if (l[k].billed && l[k].recoveree_id == l[i].recoveree_id)
                lines[nl++] = (struct x12_line){l[k].code, l[k].modifiers, l[k].charge_cents,
                                                (int)l[k].units, l[k].service_date};
        s->nlines = (int)(&lines[nl] - s->lines);
    }
    char date[11], stamp[8];
    civil_format(c->today, date);
    int64_t secs = c->now % 86400;
    snprintf(stamp, sizeof stamp, "%02lld%02lld", (long long)(secs / 3600),
             (long long)(secs % 3600 / 60));
    struct x12_batch x = {
        .control_number = b->control_number, .date = date, .time = stamp, .production = 1,
        .submitter_id = pv->submitter_id, .provider_name = pv->name, .npi = pv->npi,
        .tax_id = pv->tax_id, .contact_name = pv->contact_name, .contact_phone = pv->contact_phone,
        .provider_addr = {pv->address, pv->city, pv->state, pv->zip}, .payer_name = p->name,
        .payer_id = p->payer_ident, .filing_code = filing_code(p->funding_source), .subs = subs,
        .nsubs = ns,
    };
    return x12_837p_write(out, &x);
}

enum op_status op_batch_export(struct op_ctx *c, int64_t batch_id, int x12, buf *out,
                               const char **filename, struct op_result *res)
{
    if (admin_only(c, res) != OP_OK)
        return res->status;
    struct claim_batch b;
    struct payer p;
    struct billing_provider_rec pv = {0};
    struct batch_line *l;
    int n;
    int hb = batch_get(c->db, c->a, c->who.org_id, batch_id, &b);
    if (hb < 0)
        return op_store(res, M(c, "billing.err.store"));
    if (!hb)
        return op_not_found(res, M(c, "billing.err.no_batch"));
    if (payer_get(c->db, c->a, c->who.org_id, b.payer_id, &p) != 1 ||
        provider_get(c->db, c->a, c->who.org_id, &pv) < 0 ||
        batch_lines(c->db, c->a, c->who.org_id, batch_id, &l, &n) != 0)
        return op_store(res, M(c, "billing.err.store"));
    c->purpose = "payment";
    if (op_audit_event(c, 1, 0, 1, x12 ? "claims.export_837p" : "claims.export_csv",
                       "claim_batch", batch_id, NULL, "ok") != 0)
        return op_store(res, M(c, "billing.err.store"));
    if (x12) {
        if (write_837(c, out, &b, &p, &pv, l, n) < 0)
            return op_fail(res, OP_REFUSED, "provider_incomplete", "SV-8", NULL,
                           M(c, "billing.err.provider_incomplete"));
        *filename = arena_printf(c->a, "claims-%lld.837", (long long)b.control_number);
    } else {
        write_csv(c, out, l, n);
        *filename = arena_printf(c->a, "claims-%lld.csv", (long long)b.control_number);
    }
    return op_ok(res, batch_id, 0);
}
