/* ops_recoverees.c - intake (ops_recoverees.h), ported from h_rc_create. */
#include "ops_recoverees.h"

#include <string.h>

#include "civil.h"
#include "intake_store.h"
#include "validate.h" /* utf8_valid, date_valid: pure checks shared with the form gate */
#include "workforce_store.h"

static const char *opt(const char *s)
{
    return s && *s ? s : NULL;
}

/* One intake field's limit and form, with its name in words for the message. */
struct limit {
    const char *field, *words;
    size_t max;
    int multiline;
};

/* NULL when v fits l, else a sentence naming the field. */
static const char *check_text(arena *a, const char *v, const struct limit *l)
{
    if (!v)
        return NULL;
    size_t n = strlen(v);
    if (n > l->max)
        return arena_printf(a, "The %s is too long (at most %zu bytes).", l->words, l->max);
    if (!utf8_valid(v, n))
        return arena_printf(a, "The %s is not valid UTF-8 text.", l->words);
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)v[i];
        int ctl = ch < 0x20 || ch == 0x7f;
        if (ctl && !(l->multiline && (ch == '\t' || ch == '\n' || ch == '\r')))
            return arena_printf(a, l->multiline ? "The %s contains control characters."
                                                : "The %s must be a single line.",
                                l->words);
    }
    return NULL;
}

/* RC-1: the organization decides which intake fields are required (policy values). */
static enum op_status check_required(struct op_ctx *c, const struct rc_intake_in *in,
                                     struct op_result *res)
{
    const struct {
        enum pol pol;
        const char *field, *what, *value;
    } req[] = {
        {POL_INTAKE_REQUIRE_DOB, "dob", "date of birth", in->dob},
        {POL_INTAKE_REQUIRE_PHONE, "phone", "phone number", in->phone},
        {POL_INTAKE_REQUIRE_LANGUAGE, "language", "preferred language", in->language},
        {POL_INTAKE_REQUIRE_PATHWAYS, "pathways", "pathway preferences", in->pathways},
    };
    for (size_t i = 0; i < sizeof req / sizeof *req; i++)
        if (c->pol->v[req[i].pol] && !opt(req[i].value))
            return op_fail(res, OP_REFUSED, "required", "RC-1", req[i].field,
                           arena_printf(c->a, "Your organization requires the %s at intake.",
                                        req[i].what));
    return OP_OK;
}

enum op_status op_rc_intake_check(struct op_ctx *c, const struct rc_intake_in *in,
                                  struct op_result *res)
{
    enum role role = c->who.role;
    if (role != ROLE_ADMIN && role != ROLE_SUPERVISOR && role != ROLE_PEER)
        return op_forbidden(res, NULL, "Only administrators, supervisors and peers do intake.");
    if (!opt(in->first_name))
        return op_invalid(res, "first_name", "The first name is required.");
    if (!opt(in->last_name))
        return op_invalid(res, "last_name", "The last name is required.");
    const struct {
        struct limit l;
        const char *v;
    } text[] = {
        {{"first_name", "first name", RC_NAME_MAX, 0}, in->first_name},
        {{"last_name", "last name", RC_NAME_MAX, 0}, in->last_name},
        {{"preferred_name", "preferred name", RC_NAME_MAX, 0}, in->preferred_name},
        {{"phone", "phone number", RC_PHONE_MAX, 0}, in->phone},
        {{"email", "e-mail address", RC_EMAIL_MAX, 0}, in->email},
        {{"language", "preferred language", RC_LANGUAGE_MAX, 0}, in->language},
        {{"cultural_factors", "cultural factors", RC_NOTE_MAX, 1}, in->cultural_factors},
        {{"lived_experience", "lived experience", RC_NOTE_MAX, 1}, in->lived_experience},
        {{"pathways", "pathway preferences", RC_PATHWAYS_MAX, 0}, in->pathways},
        {{"preferred_peer", "preferred peer", RC_NOTE_MAX, 1}, in->preferred_peer},
    };
    for (size_t i = 0; i < sizeof text / sizeof *text; i++) {
        const char *why = check_text(c->a, opt(text[i].v), &text[i].l);
        if (why)
            return op_invalid(res, text[i].l.field, why);
    }
    const char *dob = opt(in->dob);
    if (dob && !date_valid(dob))
        return op_invalid(res, "dob", "The date of birth must be a real date written "
                                      "YYYY-MM-DD (for example 1985-03-14).");
    if (check_required(c, in, res) != OP_OK)
        return res->status;
    const char *cp = opt(in->contact_pref);
    if (cp) {
        static const char *const ok[] = {"phone", "text", "email", "mail", "in_person"};
        size_t i = 0;
        while (i < sizeof ok / sizeof *ok && strcmp(cp, ok[i]) != 0)
            i++;
        if (i == sizeof ok / sizeof *ok)
            return op_invalid(res, "contact_pref",
                              "Choose how the recoveree wants to be contacted: phone, text, "
                              "email, mail or in_person.");
    }
    if (dob && civil_parse(dob) > c->today)
        return op_invalid(res, "dob", "The date of birth is in the future.");
    /* A peer doing intake in the field takes the recoveree onto their own caseload,
     * which the workforce rules must allow (WF-1: no Level 1 caseloads; WF-5). */
    if (role == ROLE_PEER) {
        struct wf_decision d;
        if (wf_check(c->db, c->a, c->who.org_id, c->who.user_id, c->today, c->pol,
                     WF_ASSIGN_RECOVEREE, &d) != 0)
            return op_store(res, "Workforce records could not be read.");
        if (!d.allowed)
            return op_refused(res, d.rule, NULL, arena_strdup(c->a, d.message));
    }
    return op_ok(res, 0, 0);
}

enum op_status op_rc_intake(struct op_ctx *c, const struct rc_intake_in *in,
                            struct op_result *res)
{
    if (op_rc_intake_check(c, in, res) != OP_OK)
        return res->status;
    struct recoveree r = {
        .first_name = in->first_name,
        .last_name = in->last_name,
        .preferred_name = opt(in->preferred_name),
        .dob = opt(in->dob),
        .phone = opt(in->phone),
        .email = opt(in->email),
        .contact_pref = opt(in->contact_pref),
        .ok_to_leave_message = in->ok_to_leave_message != 0,
        .language = opt(in->language),
        .cultural_factors = opt(in->cultural_factors),
        .lived_experience = opt(in->lived_experience),
        .pathways = opt(in->pathways),
        .preferred_peer = opt(in->preferred_peer),
    };
    char t[11];
    civil_format(c->today, t);
    if (op_begin(c, res) != OP_OK)
        return res->status;
    int64_t id = 0;
    int ok = rc_insert(c->db, c->who.org_id, &r, t, c->who.user_id, c->now, &id) == DB_OK;
    if (ok && c->who.role == ROLE_PEER)
        ok = cl_insert_plain(c->db, c->who.org_id, id, c->who.user_id, t, c->who.user_id,
                             c->now) == DB_OK;
    ok = ok && op_audit(c, "recoveree.create", "recoveree", id, NULL, "ok") == 0;
    if (ok)
        op_ok(res, id, 1);
    else
        op_store(res, "The intake could not be saved.");
    return op_end(c, res);
}
