/* h_billing.c - SV-8 billing pages and API: payers and their codes, the billing provider, a
 * recoveree's billing profile, the claims preview, claim batches and their CSV and 837P. The
 * rules are in ops_billing.c; administrators change, supervisors read. */
#include "handlers.h"

#include <stdio.h>
#include <string.h>

#include "billing_store.h"
#include "civil.h"
#include "msg.h"
#include "opreply.h"
#include "validate.h"
#include "ops_billing.h"
#include "recoverees.h"
#include "workforce.h"

/* ---- forms: a list of fields the one partial (billing_fields.mustache) draws ---------- */

enum fkind { F_TEXT, F_NUMBER, F_DATE, F_SELECT, F_CHECK };

struct fdef {
    const char *name;
    enum fkind kind;
    int max;                 /* maxlength (text) */
    const char *const *opts; /* F_SELECT choices, labelled opt_prefix + value */
    int nopts;
    const char *opt_prefix;
    const char *none_label; /* F_SELECT: an empty first choice with this label id, or NULL */
};

static const char *const rounding_opts[] = {"eight_minute", "down", "up", "nearest"};
static const char *const level_opts[] = {"1", "2", "3"};
static const char *const sex_opts[] = {"F", "M", "U"};
static const char *const cred_opts[] = {"ncprss", "cprs", "other"};

static const struct fdef payer_form[] = {
    {"name", F_TEXT, 120, NULL, 0, NULL, NULL},
    {"funding_source", F_SELECT, 0, billing_funding, 9, "billing.funding.", NULL},
    {"payer_ident", F_TEXT, 15, NULL, 0, NULL, NULL},
    {"unit_minutes", F_NUMBER, 0, NULL, 0, NULL, NULL},
    {"rounding", F_SELECT, 0, rounding_opts, 4, "billing.rounding.", NULL},
    {"min_minutes", F_NUMBER, 0, NULL, 0, NULL, NULL},
    {"daily_cap_units", F_NUMBER, 0, NULL, 0, NULL, NULL},
    {"active", F_CHECK, 0, NULL, 0, NULL, NULL},
};
static const struct fdef code_form[] = {
    {"code", F_TEXT, 5, NULL, 0, NULL, NULL},
    {"modifiers", F_TEXT, 11, NULL, 0, NULL, NULL},
    {"description", F_TEXT, 200, NULL, 0, NULL, NULL},
    {"modality", F_SELECT, 0, billing_modalities, 5, "billing.modality.", "billing.modality.any"},
    {"min_level", F_SELECT, 0, level_opts, 3, "billing.level.", NULL},
    {"credential", F_SELECT, 0, cred_opts, 3, "billing.credential.", "billing.credential.none"},
    {"rate", F_TEXT, 12, NULL, 0, NULL, NULL},
    {"daily_cap_units", F_NUMBER, 0, NULL, 0, NULL, NULL},
    {"requires_diagnosis", F_CHECK, 0, NULL, 0, NULL, NULL},
    {"active", F_CHECK, 0, NULL, 0, NULL, NULL},
};
static const struct fdef provider_form[] = {
    {"name", F_TEXT, 120, NULL, 0, NULL, NULL},
    {"npi", F_TEXT, 10, NULL, 0, NULL, NULL},
    {"tax_id", F_TEXT, 10, NULL, 0, NULL, NULL},
    {"address", F_TEXT, 120, NULL, 0, NULL, NULL},
    {"city", F_TEXT, 120, NULL, 0, NULL, NULL},
    {"state", F_TEXT, 2, NULL, 0, NULL, NULL},
    {"zip", F_TEXT, 9, NULL, 0, NULL, NULL},
    {"contact_name", F_TEXT, 120, NULL, 0, NULL, NULL},
    {"contact_phone", F_TEXT, 30, NULL, 0, NULL, NULL},
    {"submitter_id", F_TEXT, 15, NULL, 0, NULL, NULL},
};
static const struct fdef profile_form[] = {
    {"member_id", F_TEXT, 40, NULL, 0, NULL, NULL},
    {"diagnosis_code", F_TEXT, 8, NULL, 0, NULL, NULL},
    {"sex", F_SELECT, 0, sex_opts, 3, "billing.sex.", "billing.sex.none"},
    {"address", F_TEXT, 120, NULL, 0, NULL, NULL},
    {"city", F_TEXT, 120, NULL, 0, NULL, NULL},
    {"state", F_TEXT, 2, NULL, 0, NULL, NULL},
    {"zip", F_TEXT, 9, NULL, 0, NULL, NULL},
    {"valid_from", F_DATE, 0, NULL, 0, NULL, NULL},
    {"valid_to", F_DATE, 0, NULL, 0, NULL, NULL},
};
#define NF(t) ((int)(sizeof t / sizeof *t))

/* The message of field name in a failed result, or NULL. */
static const char *error_of(const struct op_result *res, const char *name)
{
    if (!res || res->status == OP_OK)
        return NULL;
    for (size_t i = 0; i < res->nerrors; i++)
        if (res->errors[i].field && strcmp(res->errors[i].field, name) == 0)
            return res->errors[i].message;
    return res->field && strcmp(res->field, name) == 0 ? res->message : NULL;
}

/* The form's fields as the partial draws them: ids prefix + name, values from vals (a JSON
 * object of the record) or, when res failed, as sent; each field's message beside it. */
static json_t *fields_j(struct req *r, const struct fdef *d, int n, const char *prefix,
                        json_t *vals, const struct op_result *res)
{
    const char *lang = req_lang(r);
    json_t *out = json_array();
    for (int i = 0; i < n; i++) {
        json_t *f = json_object();
        char lid[64];
        snprintf(lid, sizeof lid, "field.%s", d[i].name);
        jset_str(f, "name", d[i].name);
        jset_str(f, "id", arena_printf(r->a, "%s%s", prefix, d[i].name));
        jset_str(f, "label", msg(lang, lid));
        jset_int(f, "max", d[i].max);
        const char *v = NULL;
        char num[32];
        json_t *jv = vals ? json_object_get(vals, d[i].name) : NULL;
        if (json_is_string(jv))
            v = json_string_value(jv);
        else if (json_is_integer(jv)) {
            snprintf(num, sizeof num, "%lld", (long long)json_integer_value(jv));
            v = num;
        } else if (json_is_boolean(jv))
            v = json_is_true(jv) ? "1" : "0";
        if (res && res->status != OP_OK)
            v = param_raw(r, d[i].name) ? param_raw(r, d[i].name) : (d[i].kind == F_CHECK ? "0" : "");
        const char *err = error_of(res, d[i].name);
        if (err)
            jset_str(f, "error", err);
        switch (d[i].kind) {
        case F_TEXT:
            jset_bool(f, "is_text", 1);
            break;
        case F_NUMBER:
            jset_bool(f, "is_number", 1);
            break;
        case F_DATE:
            jset_bool(f, "is_date", 1);
            break;
        case F_CHECK:
            jset_bool(f, "is_check", 1);
            jset_bool(f, "checked", v && (!strcmp(v, "1") || !strcmp(v, "on") || !strcmp(v, "true")));
            break;
        case F_SELECT: {
            jset_bool(f, "is_select", 1);
            json_t *opts = json_array();
            if (d[i].none_label) {
                json_t *o = json_object();
                jset_str(o, "value", "");
                jset_str(o, "label", msg(lang, d[i].none_label));
                jset_bool(o, "selected", !v || !*v);
                json_array_append_new(opts, o);
            }
            for (int k = 0; k < d[i].nopts; k++) {
                json_t *o = json_object();
                jset_str(o, "value", d[i].opts[k]);
                jset_str(o, "label", msg(lang, arena_printf(r->a, "%s%s", d[i].opt_prefix,
                                                            d[i].opts[k])));
                jset_bool(o, "selected", v && strcmp(v, d[i].opts[k]) == 0);
                json_array_append_new(opts, o);
            }
            jset(f, "options", opts);
            break;
        }
        }
        if (d[i].kind != F_CHECK && d[i].kind != F_SELECT)
            jset_str(f, "value", v ? v : "");
        json_array_append_new(out, f);
    }
    return out;
}

static int64_t int_or(struct req *r, const char *name, int64_t def)
{
    int64_t v;
    return req_int(r, name, &v) ? v : def;
}

/* A checkbox on a page is absent when unchecked: on a page form it is 0 then, through the API
 * "not sent" keeps what is stored. */
static int64_t check_of(struct req *r, const char *name)
{
    int64_t v;
    if (req_int(r, name, &v))
        return v != 0;
    return r->api ? -1 : 0;
}

static const char *money_s(struct req *r, int64_t cents)
{
    return arena_printf(r->a, "%lld.%02lld", (long long)(cents / 100), (long long)(cents % 100));
}

/* ---- JSON of records ---------------------------------------------------------------- */

static json_t *payer_j(struct req *r, const struct payer *p)
{
    json_t *o = json_object();
    jset_int(o, "id", p->id);
    jset_str(o, "name", p->name);
    jset_str(o, "funding_source", p->funding_source);
    jset_str(o, "funding_label",
             msg(req_lang(r), arena_printf(r->a, "billing.funding.%s", p->funding_source)));
    jset_str(o, "payer_ident", p->payer_ident);
    jset_int(o, "unit_minutes", p->unit_minutes);
    jset_str(o, "rounding", p->rounding);
    jset_str(o, "rounding_label",
             msg(req_lang(r), arena_printf(r->a, "billing.rounding.%s", p->rounding)));
    jset_int(o, "min_minutes", p->min_minutes);
    jset_int(o, "daily_cap_units", p->daily_cap_units);
    jset_bool(o, "active", (int)p->active);
    jset_int(o, "version", p->version);
    return o;
}

static json_t *code_j(struct req *r, const struct payer_code *k)
{
    json_t *o = json_object();
    jset_int(o, "id", k->id);
    jset_int(o, "payer_id", k->payer_id);
    jset_str(o, "code", k->code);
    jset_str(o, "modifiers", k->modifiers);
    jset_str(o, "description", k->description);
    jset_str(o, "modality", k->modality);
    jset_int(o, "min_level", k->min_level);
    jset_str(o, "credential", k->credential);
    jset_int(o, "rate_cents", k->rate_cents);
    jset_str(o, "rate", money_s(r, k->rate_cents));
    jset_int(o, "daily_cap_units", k->daily_cap_units);
    jset_bool(o, "requires_diagnosis", (int)k->requires_diagnosis);
    jset_bool(o, "active", (int)k->active);
    return o;
}

static json_t *provider_j(const struct billing_provider_rec *p)
{
    json_t *o = json_object();
    jset_str(o, "name", p->name);
    jset_str(o, "npi", p->npi);
    jset_str(o, "tax_id", p->tax_id);
    jset_str(o, "address", p->address);
    jset_str(o, "city", p->city);
    jset_str(o, "state", p->state);
    jset_str(o, "zip", p->zip);
    jset_str(o, "contact_name", p->contact_name);
    jset_str(o, "contact_phone", p->contact_phone);
    jset_str(o, "submitter_id", p->submitter_id);
    return o;
}

static int store_error(struct req *r)
{
    return reply_error(r, 500, "store", NULL, msg(req_lang(r), "billing.err.store"), NULL, NULL,
                       NULL);
}

/* ---- /billing ------------------------------------------------------------------------ */

static json_t *billing_model(struct req *r, const struct op_result *res)
{
    struct payer *p;
    struct payer_code *k;
    struct claim_batch *b;
    struct billing_provider_rec pv = {0};
    int np, nk, nb;
    if (payer_list(r->db, r->a, r->me.org_id, &p, &np) != 0 ||
        code_list(r->db, r->a, r->me.org_id, 0, &k, &nk) != 0 ||
        batch_list(r->db, r->a, r->me.org_id, &b, &nb) != 0 ||
        provider_get(r->db, r->a, r->me.org_id, &pv) < 0)
        return NULL;
    json_t *m = json_object(), *payers = json_array(), *batches = json_array();
    jset_str(m, "title", msg(req_lang(r), "billing.title"));
    for (int i = 0; i < np; i++) {
        json_t *pj = payer_j(r, &p[i]), *codes = json_array();
        for (int j = 0; j < nk; j++)
            if (k[j].payer_id == p[i].id)
                json_array_append_new(codes, code_j(r, &k[j]));
        jset(pj, "codes", codes);
        json_array_append_new(payers, pj);
    }
    for (int i = 0; i < nb; i++) {
        json_t *o = json_object();
        jset_int(o, "id", b[i].id);
        jset_int(o, "payer_id", b[i].payer_id);
        for (int j = 0; j < np; j++)
            if (p[j].id == b[i].payer_id)
                jset_str(o, "payer", p[j].name);
        jset_str(o, "period_from", b[i].period_from);
        jset_str(o, "period_to", b[i].period_to);
        jset_int(o, "control_number", b[i].control_number);
        jset_int(o, "claims", b[i].claims);
        jset_int(o, "total_cents", b[i].total_cents);
        jset_str(o, "total", money_s(r, b[i].total_cents));
        jset(o, "created", view_time(b[i].created_at));
        json_array_append_new(batches, o);
    }
    jset(m, "payers", payers);
    jset(m, "batches", batches);
    jset(m, "provider", provider_j(&pv));
    jset_bool(m, "can_edit", r->me.role == ROLE_ADMIN);
    json_t *pf = json_object();
    jset(pf, "fields", fields_j(r, provider_form, NF(provider_form), "pv_",
                                json_object_get(m, "provider"), res));
    jset(m, "provider_form", pf);
    return m;
}

static int h_billing(struct req *r)
{
    json_t *m = billing_model(r, NULL);
    return m ? reply_page(r, 200, "billing.mustache", m) : store_error(r);
}

static int h_billing_provider(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    struct billing_provider_rec in = {
        .name = req_str(r, "name"), .npi = req_str(r, "npi"), .tax_id = req_str(r, "tax_id"),
        .address = req_str(r, "address"), .city = req_str(r, "city"),
        .state = req_str(r, "state"), .zip = req_str(r, "zip"),
        .contact_name = req_str(r, "contact_name"), .contact_phone = req_str(r, "contact_phone"),
        .submitter_id = req_str(r, "submitter_id"),
    };
    if (op_provider_save(&c, &in, &res) != OP_OK)
        return reply_op_error(r, &res, res.status == OP_STORE ? NULL : "billing.mustache",
                              res.status == OP_STORE ? NULL : billing_model(r, &res));
    json_t *m = json_object();
    jset(m, "provider", provider_j(&in));
    return reply_done(r, 200, "/billing", m);
}

/* ---- payers -------------------------------------------------------------------------- */

/* The payer page: the payer's form, its codes each with its own form, and a form to add one.
 * p NULL: the new-payer page. res: a refused change (the form named by which) shown again. */
enum which { W_NONE, W_PAYER, W_CODE_ADD, W_CODE };

static json_t *payer_model(struct req *r, const struct payer *p, enum which w, int64_t code_id,
                           const struct op_result *res)
{
    const char *lang = req_lang(r);
    json_t *m = json_object();
    json_t *vals = p ? payer_j(r, p) : json_object();
    if (!p) {
        jset_int(vals, "unit_minutes", r->pol.v[POL_BILLING_UNIT_MIN]);
        jset_int(vals, "min_minutes", r->pol.v[POL_BILLING_MIN_MINUTES]);
        jset_int(vals, "daily_cap_units", r->pol.v[POL_BILLING_DAILY_CAP]);
        jset_str(vals, "rounding", "eight_minute");
        jset_str(vals, "funding_source", "medicaid");
        jset_bool(vals, "active", 1);
    }
    jset_str(m, "title", p ? p->name : msg(lang, "billing.payer_new"));
    jset(m, "fields", fields_j(r, payer_form, NF(payer_form), "", vals,
                               w == W_PAYER ? res : NULL));
    jset(m, "payer", vals);
    jset_bool(m, "can_edit", r->me.role == ROLE_ADMIN);
    jset_bool(m, "is_new", !p);
    if (!p)
        return m;
    struct payer_code *k;
    int nk;
    if (code_list(r->db, r->a, r->me.org_id, p->id, &k, &nk) != 0) {
        json_decref(m);
        return NULL;
    }
    json_t *codes = json_array();
    for (int i = 0; i < nk; i++) {
        json_t *cj = code_j(r, &k[i]);
        jset(cj, "fields", fields_j(r, code_form, NF(code_form),
                                    arena_printf(r->a, "c%lld_", (long long)k[i].id), cj,
                                    w == W_CODE && code_id == k[i].id ? res : NULL));
        json_array_append_new(codes, cj);
    }
    jset(m, "codes", codes);
    json_t *nv = json_object();
    jset_str(nv, "min_level", "2");
    jset_bool(nv, "requires_diagnosis", 1);
    jset_bool(nv, "active", 1);
    jset_int(nv, "daily_cap_units", 0);
    json_t *cf = json_object();
    jset(cf, "fields", fields_j(r, code_form, NF(code_form), "new_", nv,
                                w == W_CODE_ADD ? res : NULL));
    jset(m, "code_form", cf);
    json_decref(nv);
    return m;
}

static int h_payer_new(struct req *r)
{
    return reply_page(r, 200, "billing_payer.mustache", payer_model(r, NULL, W_NONE, 0, NULL));
}

static struct payer_in payer_in_of(struct req *r, int64_t id)
{
    return (struct payer_in){
        .id = id, .version = int_or(r, "version", 0), .name = req_str(r, "name"),
        .funding_source = req_str(r, "funding_source"),
        .payer_ident = param_raw(r, "payer_ident") ? (req_str(r, "payer_ident") ? req_str(r, "payer_ident") : "") : NULL,
        .rounding = req_str(r, "rounding"), .unit_minutes = int_or(r, "unit_minutes", -1),
        .min_minutes = int_or(r, "min_minutes", -1),
        .daily_cap_units = int_or(r, "daily_cap_units", -1), .active = check_of(r, "active"),
    };
}

/* Load payer r->id or reply 404 (another organization's is the same as none). */
static int load_payer(struct req *r, struct payer *p)
{
    int rc = payer_get(r->db, r->a, r->me.org_id, r->id, p);
    if (rc < 0)
        return store_error(r), -1;
    if (rc == 0)
        return reply_error(r, 404, "not_found", NULL, msg(req_lang(r), "billing.err.no_payer"),
                           NULL, NULL, NULL),
               -1;
    return 0;
}

static int payer_reply(struct req *r, struct op_result *res, enum which w, int64_t code_id)
{
    struct payer p;
    if (res->status == OP_STORE || res->status == OP_FORBIDDEN)
        return reply_op_error(r, res, NULL, NULL);
    int have = r->id ? payer_get(r->db, r->a, r->me.org_id, r->id, &p) : 0;
    if (r->id && have != 1)
        return reply_op_error(r, res, NULL, NULL);
    json_t *m = payer_model(r, have ? &p : NULL, w, code_id, res);
    return reply_op_error(r, res, m ? "billing_payer.mustache" : NULL, m);
}

static int h_payer_create(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    struct payer_in in = payer_in_of(r, 0);
    if (op_payer_save(&c, &in, &res) != OP_OK)
        return payer_reply(r, &res, W_PAYER, 0);
    struct payer p;
    if (payer_get(r->db, r->a, r->me.org_id, res.id, &p) != 1)
        return store_error(r);
    return reply_done(r, 201, arena_printf(r->a, "/billing/payers/%lld", (long long)res.id),
                      payer_j(r, &p));
}

static int h_payer_show(struct req *r)
{
    struct payer p;
    if (load_payer(r, &p) != 0)
        return 0;
    json_t *m = payer_model(r, &p, W_NONE, 0, NULL);
    return m ? reply_page(r, 200, "billing_payer.mustache", m) : store_error(r);
}

static int h_payer_update(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    struct payer_in in = payer_in_of(r, r->id);
    if (op_payer_save(&c, &in, &res) != OP_OK)
        return payer_reply(r, &res, W_PAYER, 0);
    struct payer p;
    if (payer_get(r->db, r->a, r->me.org_id, r->id, &p) != 1)
        return store_error(r);
    return reply_done(r, 200, arena_printf(r->a, "/billing/payers/%lld", (long long)r->id),
                      payer_j(r, &p));
}

static int code_save(struct req *r, int64_t code_id)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    struct code_in in = {
        .payer_id = r->id, .id = code_id, .code = req_str(r, "code"),
        .modifiers = param_raw(r, "modifiers") ? (req_str(r, "modifiers") ? req_str(r, "modifiers") : "") : NULL,
        .description = param_raw(r, "description") ? (req_str(r, "description") ? req_str(r, "description") : "") : NULL,
        .modality = param_raw(r, "modality") ? (req_str(r, "modality") ? req_str(r, "modality") : "") : NULL,
        .credential = param_raw(r, "credential") ? (req_str(r, "credential") ? req_str(r, "credential") : "") : NULL,
        .min_level = int_or(r, "min_level", -1), .rate_cents = -1,
        .daily_cap_units = int_or(r, "daily_cap_units", -1),
        .requires_diagnosis = check_of(r, "requires_diagnosis"), .active = check_of(r, "active"),
    };
    const char *rate = req_str(r, "rate");
    if (rate && billing_parse_money(rate, &in.rate_cents) != 0) {
        op_invalid(&res, "rate", msg(req_lang(r), "billing.err.rate"));
        return payer_reply(r, &res, code_id ? W_CODE : W_CODE_ADD, code_id);
    }
    if (!code_id && !rate)
        in.rate_cents = 0;
    if (op_code_save(&c, &in, &res) != OP_OK)
        return payer_reply(r, &res, code_id ? W_CODE : W_CODE_ADD, code_id);
    json_t *m = json_object();
    jset_int(m, "id", res.id);
    jset_int(m, "payer_id", r->id);
    return reply_done(r, code_id ? 200 : 201,
                      arena_printf(r->a, "/billing/payers/%lld", (long long)r->id), m);
}

static int h_code_add(struct req *r)
{
    return code_save(r, 0);
}

static int h_code_update(struct req *r)
{
    return code_save(r, r->id2);
}

/* ---- a recoveree's billing profile ------------------------------------------------- */

static json_t *profile_model(struct req *r, const struct recoveree *x, int64_t payer_id,
                             const struct op_result *res)
{
    struct billing_profile *b;
    struct payer *p;
    int nb, np;
    if (profile_list(r->db, r->a, r->me.org_id, x->id, &b, &nb) != 0 ||
        payer_list(r->db, r->a, r->me.org_id, &p, &np) != 0)
        return NULL;
    json_t *m = json_object(), *profiles = json_array(), *payers = json_array();
    jset_str(m, "title", msg_fmt(r->a, req_lang(r), "billing.profile_title", "name",
                                 arena_printf(r->a, "%s %s", x->first_name, x->last_name), NULL));
    json_t *rc = json_object();
    jset_int(rc, "id", x->id);
    jset_str(rc, "name", arena_printf(r->a, "%s %s", x->first_name, x->last_name));
    jset(m, "recoveree", rc);
    for (int i = 0; i < nb; i++) {
        json_t *o = json_object();
        jset_int(o, "payer_id", b[i].payer_id);
        jset_str(o, "payer", b[i].payer_name);
        jset_str(o, "member_id", b[i].member_id);
        jset_str(o, "diagnosis_code", b[i].diagnosis_code);
        jset_str(o, "sex", b[i].sex);
        jset_str(o, "address", b[i].address);
        jset_str(o, "city", b[i].city);
        jset_str(o, "state", b[i].state);
        jset_str(o, "zip", b[i].zip);
        jset_str(o, "valid_from", b[i].valid_from);
        jset_str(o, "valid_to", b[i].valid_to);
        json_array_append_new(profiles, o);
    }
    /* The form edits the profile with the chosen payer (first active payer by default). */
    json_t *cur = NULL;
    if (!payer_id)
        for (int i = 0; i < np && !payer_id; i++)
            if (p[i].active)
                payer_id = p[i].id;
    for (int i = 0; i < np; i++) {
        json_t *o = json_object();
        jset_str(o, "value", arena_printf(r->a, "%lld", (long long)p[i].id));
        jset_str(o, "label", p[i].name);
        jset_bool(o, "selected", p[i].id == payer_id);
        json_array_append_new(payers, o);
    }
    size_t i;
    json_t *it;
    json_array_foreach(profiles, i, it)
        if (json_integer_value(json_object_get(it, "payer_id")) == payer_id)
            cur = it;
    jset(m, "profiles", profiles);
    jset(m, "payer_choices", payers);
    jset_bool(m, "has_payers", np > 0);
    jset_bool(m, "can_edit", r->me.role == ROLE_ADMIN);
    jset(m, "fields", fields_j(r, profile_form, NF(profile_form), "", cur, res));
    return m;
}

static int h_rc_billing(struct req *r)
{
    struct recoveree x;
    r->purpose = "payment";
    if (rc_load(r, &x, "billing_profile.read") != 0)
        return 0;
    json_t *m = profile_model(r, &x, int_or(r, "payer_id", 0), NULL);
    return m ? reply_page(r, 200, "billing_profile.mustache", m) : store_error(r);
}

static int h_rc_billing_save(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    struct profile_in in = {
        .recoveree_id = r->id, .payer_id = int_or(r, "payer_id", 0),
        .member_id = req_str(r, "member_id"), .diagnosis_code = req_str(r, "diagnosis_code"),
        .sex = req_str(r, "sex"), .address = req_str(r, "address"), .city = req_str(r, "city"),
        .state = req_str(r, "state"), .zip = req_str(r, "zip"),
        .valid_from = req_str(r, "valid_from"), .valid_to = req_str(r, "valid_to"),
    };
    if (op_profile_save(&c, &in, &res) != OP_OK) {
        struct recoveree x;
        json_t *m = NULL;
        if (res.status == OP_INVALID && rc_load(r, &x, NULL) == 0)
            m = profile_model(r, &x, in.payer_id, &res);
        else if (res.status == OP_INVALID)
            return 0; /* rc_load replied */
        return reply_op_error(r, &res, m ? "billing_profile.mustache" : NULL, m);
    }
    json_t *m = json_object();
    jset_int(m, "recoveree_id", r->id);
    jset_int(m, "payer_id", in.payer_id);
    return reply_done(r, 200,
                      arena_printf(r->a, "/recoverees/%lld/billing?payer_id=%lld",
                                   (long long)r->id, (long long)in.payer_id),
                      m);
}

/* ---- claims ------------------------------------------------------------------------ */

static json_t *run_j(struct req *r, const struct claims_run *run)
{
    json_t *lines = json_array();
    for (int i = 0; i < run->n; i++) {
        const struct claim_source_row *x = &run->rows[i];
        const struct bill_line_out *o = &run->out[i];
        json_t *l = json_object();
        jset_int(l, "service_id", x->service_id);
        jset_int(l, "recoveree_id", x->recoveree_id);
        jset_str(l, "recoveree", arena_printf(r->a, "%s, %s", x->last_name, x->first_name));
        jset_str(l, "date", x->service_date);
        jset_int(l, "minutes", x->minutes);
        jset_str(l, "modality", x->modality);
        jset_str(l, "peer", x->peer_name);
        jset_int(l, "peer_level", x->peer_level);
        jset_str(l, "code", x->has_code ? x->code.code : NULL);
        jset_str(l, "modifiers", x->has_code ? x->code.modifiers : NULL);
        jset_int(l, "units_rounded", o->units_rounded);
        jset_int(l, "units", o->units);
        jset_int(l, "charge_cents", o->charge_cents);
        jset_str(l, "charge", money_s(r, o->charge_cents));
        jset_bool(l, "billable", bill_reason_billed(o->reason));
        jset_str(l, "reason", bill_reason_code(o->reason));
        jset_str(l, "reason_text", run->reason_text[i]);
        json_array_append_new(lines, l);
    }
    json_t *m = json_object();
    jset(m, "lines", lines);
    jset_int(m, "billable", run->billed);
    jset_int(m, "left_out", run->left_out);
    jset_int(m, "claims", run->claims);
    jset_int(m, "total_cents", run->total_cents);
    jset_str(m, "total", money_s(r, run->total_cents));
    return m;
}

static json_t *claims_model(struct req *r, int64_t payer_id, const char *from, const char *to)
{
    struct payer *p;
    int np;
    if (payer_list(r->db, r->a, r->me.org_id, &p, &np) != 0)
        return NULL;
    json_t *m = json_object(), *payers = json_array();
    jset_str(m, "title", msg(req_lang(r), "billing.claims_title"));
    for (int i = 0; i < np; i++) {
        json_t *o = json_object();
        jset_str(o, "value", arena_printf(r->a, "%lld", (long long)p[i].id));
        jset_str(o, "label", p[i].name);
        jset_bool(o, "selected", p[i].id == payer_id);
        json_array_append_new(payers, o);
    }
    jset(m, "payer_choices", payers);
    jset_str(m, "from", from);
    jset_str(m, "to", to);
    jset_int(m, "payer_id", payer_id);
    jset_bool(m, "can_edit", r->me.role == ROLE_ADMIN);
    return m;
}

/* The period asked for, else last month (the organization's). */
static void period_of(struct req *r, const char **from, const char **to)
{
    *from = req_str(r, "from");
    *to = req_str(r, "to");
    if (*from && *to)
        return;
    int y, mo, d;
    civil_split(req_today(r), &y, &mo, &d);
    int32_t first = civil_days(y, mo, 1), prev = civil_add_months(first, -1);
    char *f = arena_alloc(r->a, 11), *t = arena_alloc(r->a, 11);
    civil_format(prev, f);
    civil_format(first - 1, t);
    if (!*from)
        *from = f;
    if (!*to)
        *to = t;
}

static int h_claims(struct req *r)
{
    const char *from, *to;
    period_of(r, &from, &to);
    int64_t payer_id = int_or(r, "payer_id", 0);
    json_t *m = claims_model(r, payer_id, from, to);
    if (!m)
        return store_error(r);
    if (payer_id) {
        struct op_ctx c;
        struct op_result res;
        struct claims_run run;
        op_ctx_from_req(r, &c);
        if (op_claims_preview(&c, payer_id, from, to, &run, &res) != OP_OK)
            return reply_op_error(r, &res, res.status == OP_INVALID ? "billing_claims.mustache" : NULL,
                                  res.status == OP_INVALID ? m : (json_decref(m), NULL));
        jset(m, "preview", run_j(r, &run));
    }
    return reply_page(r, 200, "billing_claims.mustache", m);
}

static int h_batch_create(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    struct claims_run run;
    op_ctx_from_req(r, &c);
    int64_t payer_id = int_or(r, "payer_id", 0);
    const char *from = req_str(r, "from"), *to = req_str(r, "to");
    if (op_claims_create(&c, payer_id, from, to, &run, &res) != OP_OK) {
        json_t *m = res.status == OP_STORE ? NULL : claims_model(r, payer_id, from, to);
        return reply_op_error(r, &res, m ? "billing_claims.mustache" : NULL, m);
    }
    json_t *m = run_j(r, &run);
    jset_int(m, "id", res.id);
    jset_str(m, "csv", arena_printf(r->a, "/billing/batches/%lld.csv", (long long)res.id));
    jset_str(m, "x12", arena_printf(r->a, "/billing/batches/%lld.837", (long long)res.id));
    return reply_done(r, 201, "/billing", m);
}

static int batch_download(struct req *r, int x12)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    buf out;
    buf_init(&out);
    const char *name = NULL;
    if (op_batch_export(&c, r->id, x12, &out, &name, &res) != OP_OK) {
        buf_free(&out);
        return reply_op_error(r, &res, NULL, NULL);
    }
    reply_header(r, "Content-Disposition", arena_printf(r->a, "attachment; filename=\"%s\"", name));
    reply_raw(r, 200, x12 ? "application/edi-x12" : "text/csv; charset=utf-8",
              out.data ? out.data : "", out.len);
    buf_free(&out);
    return 0;
}

static int h_batch_csv(struct req *r)
{
    return batch_download(r, 0);
}

static int h_batch_837(struct req *r)
{
    return batch_download(r, 1);
}

/* ---- routes ---- */

/* Sizes: names 120 bytes (the 837P's NM103 is 60), ids 15 (ISA06), member ids 40. */
static const struct field f_payer[] = {
    {"name", FT_LINE, 120, 0, 0, 0},
    {"funding_source", FT_TOKEN, 32, 0, 0, 0},
    {"payer_ident", FT_LINE, 15, 0, 0, 0},
    {"unit_minutes", FT_INT, 0, 0, 1000, 0},
    {"rounding", FT_TOKEN, 16, 0, 0, 0},
    {"min_minutes", FT_INT, 0, 0, 1000, 0},
    {"daily_cap_units", FT_INT, 0, 0, 1000, 0},
    {"active", FT_BOOL, 0, 0, 0, 0},
    {"version", FT_INT, 0, 0, 1000000000, 0},
    {0},
};
static const struct field f_code[] = {
    {"code", FT_LINE, 8, 0, 0, 0},
    {"modifiers", FT_LINE, 16, 0, 0, 0},
    {"description", FT_LINE, 200, 0, 0, 0},
    {"modality", FT_TOKEN, 16, 0, 0, 0},
    {"min_level", FT_INT, 0, 1, 3, 0},
    {"credential", FT_TOKEN, 16, 0, 0, 0},
    {"rate", FT_LINE, 12, 0, 0, 0},
    {"daily_cap_units", FT_INT, 0, 0, 1000, 0},
    {"requires_diagnosis", FT_BOOL, 0, 0, 0, 0},
    {"active", FT_BOOL, 0, 0, 0, 0},
    {0},
};
static const struct field f_provider[] = {
    {"name", FT_LINE, 120, 0, 0, 0},
    {"npi", FT_LINE, 10, 0, 0, 0},
    {"tax_id", FT_LINE, 10, 0, 0, 0},
    {"address", FT_LINE, 120, 0, 0, 0},
    {"city", FT_LINE, 120, 0, 0, 0},
    {"state", FT_LINE, 2, 0, 0, 0},
    {"zip", FT_LINE, 10, 0, 0, 0},
    {"contact_name", FT_LINE, 120, 0, 0, 0},
    {"contact_phone", FT_LINE, 30, 0, 0, 0},
    {"submitter_id", FT_LINE, 15, 0, 0, 0},
    {0},
};
static const struct field f_profile_get[] = {
    {"payer_id", FT_INT, 0, 1, 1000000000000000, 0},
    {0},
};
static const struct field f_profile[] = {
    {"payer_id", FT_INT, 0, 1, 1000000000000000, FIELD_REQUIRED},
    {"member_id", FT_LINE, 40, 0, 0, 0},
    {"diagnosis_code", FT_LINE, 8, 0, 0, 0},
    {"sex", FT_TOKEN, 1, 0, 0, 0},
    {"address", FT_LINE, 120, 0, 0, 0},
    {"city", FT_LINE, 120, 0, 0, 0},
    {"state", FT_LINE, 2, 0, 0, 0},
    {"zip", FT_LINE, 10, 0, 0, 0},
    {"valid_from", FT_DATE, 10, 0, 0, 0},
    {"valid_to", FT_DATE, 10, 0, 0, 0},
    {0},
};
static const struct field f_claims[] = {
    {"payer_id", FT_INT, 0, 1, 1000000000000000, 0},
    {"from", FT_DATE, 10, 0, 0, 0},
    {"to", FT_DATE, 10, 0, 0, 0},
    {0},
};
static const struct field f_batch[] = {
    {"payer_id", FT_INT, 0, 1, 1000000000000000, FIELD_REQUIRED},
    {"from", FT_DATE, 10, 0, 0, FIELD_REQUIRED},
    {"to", FT_DATE, 10, 0, 0, FIELD_REQUIRED},
    {0},
};

static const struct route billing_rows[] = {
    {"GET", "/billing", h_billing, STAFF_READERS, 0, NULL,
     "Billing (SV-8): payers, codes, provider, claim batches"},
    {"POST", "/billing/provider", h_billing_provider, ADMIN, 0, f_provider,
     "Set the billing provider"},
    {"GET", "/billing/payers/new", h_payer_new, ADMIN, RT_PAGE_ONLY, NULL, "New payer form"},
    {"POST", "/billing/payers", h_payer_create, ADMIN, 0, f_payer, "Add a payer"},
    {"GET", "/billing/payers/{id}", h_payer_show, STAFF_READERS, 0, NULL, "A payer and its codes"},
    {"POST", "/billing/payers/{id}", h_payer_update, ADMIN, 0, f_payer, "Edit a payer"},
    {"POST", "/billing/payers/{id}/codes", h_code_add, ADMIN, 0, f_code, "Add a billing code"},
    {"POST", "/billing/payers/{id}/codes/{id2}", h_code_update, ADMIN, 0, f_code,
     "Edit or disable a billing code"},
    {"GET", "/recoverees/{id}/billing", h_rc_billing, STAFF_READERS, 0, f_profile_get,
     "A recoveree's billing profiles"},
    {"POST", "/recoverees/{id}/billing", h_rc_billing_save, ADMIN, 0, f_profile,
     "Set a recoveree's billing profile"},
    {"GET", "/billing/claims", h_claims, STAFF_READERS, 0, f_claims,
     "Claims preview for a payer and period"},
    {"POST", "/billing/batches", h_batch_create, ADMIN, 0, f_batch, "Create a claim batch"},
    {"GET", "/billing/batches/{id}.csv", h_batch_csv, ADMIN, 0, NULL, "A claim batch as CSV"},
    {"GET", "/billing/batches/{id}.837", h_batch_837, ADMIN, 0, NULL,
     "A claim batch as ASC X12 837P"},
};
const struct route_module rm_billing = ROUTE_MODULE(billing_rows);
