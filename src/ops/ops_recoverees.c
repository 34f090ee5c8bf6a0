/* ops_recoverees.c - intake and changes to a recoveree's details and status
 * (ops_recoverees.h): the one place RC-1 is checked for the form, the API, the CLI and the
 * import. */
#include "ops_recoverees.h"

#include <string.h>

#include "civil.h"
#include "intake_store.h"
#include "msg.h"
#include "ops_reach.h"
#include "profile.h"
#include "validate.h" /* utf8_valid, date_valid: pure checks shared with the form gate */
#include "workforce_store.h"

const char *const rc_field_names[RCF__COUNT] = {
    "first_name",      "last_name",        "preferred_name", "dob",
    "phone",           "email",            "contact_pref",   "language",
    "cultural_factors", "lived_experience", "pathways",       "preferred_peer",
    "language_codes",  "gender",           "peer_gender",    "substance_codes",
    "pathway_codes",   "culture_codes",    "ok_to_leave_message",
};

const struct rc_status_move rc_status_moves[] = {
    {"active", "discharged", "Discharged (services ended)"},
    {"active", "closed", "Closed"},
    {"discharged", "closed", "Closed"},
    {"discharged", "active", "Re-activate: services resume"},
    {"closed", "active", "Re-open as active"},
};
const int rc_nstatus_moves = (int)(sizeof rc_status_moves / sizeof *rc_status_moves);

/* The structured profile fields (RCF_LANGUAGE_CODES on), in rc_set_profile order. */
#define NPROFILE 6
static const enum profile_list profile_lists[NPROFILE] = {
    PL_LANGUAGE, PL_GENDER, PL_GENDER, PL_SUBSTANCE, PL_PATHWAY, PL_CULTURE,
};

static const char *opt(const char *s)
{
    return s && *s ? s : NULL;
}

/* The string fields of in, indexed by enum rc_field (RCF_FIRST_NAME .. RCF_CULTURE_CODES). */
static void values_of(const struct rc_intake_in *in, const char **v)
{
    const char *all[] = {in->first_name,      in->last_name,        in->preferred_name,
                         in->dob,             in->phone,            in->email,
                         in->contact_pref,    in->language,         in->cultural_factors,
                         in->lived_experience, in->pathways,         in->preferred_peer,
                         in->language_codes,  in->gender,           in->peer_gender,
                         in->substance_codes, in->pathway_codes,    in->culture_codes};
    memcpy(v, all, sizeof all);
}

/* The same fields of a stored recoveree. */
static void stored_of(const struct recoveree *x, const char **v)
{
    const char *all[] = {x->first_name,      x->last_name,       x->preferred_name,
                         x->dob,             x->phone,           x->email,
                         x->contact_pref,    x->language,        x->cultural_factors,
                         x->lived_experience, x->pathways,        x->preferred_peer,
                         x->language_codes,  x->gender,          x->peer_gender,
                         x->substance_codes, x->pathway_codes,   x->culture_codes};
    memcpy(v, all, sizeof all);
}

/* One intake field's limit and form; words is its name in English (the catalog's
 * rc.words.FIELD names it in the reader's language). */
struct limit {
    enum rc_field field;
    const char *words;
    size_t max;
    int multiline;
};

static const struct limit limits[] = {
    {RCF_FIRST_NAME, "first name", RC_NAME_MAX, 0},
    {RCF_LAST_NAME, "last name", RC_NAME_MAX, 0},
    {RCF_PREFERRED_NAME, "preferred name", RC_NAME_MAX, 0},
    {RCF_PHONE, "phone number", RC_PHONE_MAX, 0},
    {RCF_EMAIL, "e-mail address", RC_EMAIL_MAX, 0},
    {RCF_LANGUAGE, "preferred language", RC_LANGUAGE_MAX, 0},
    {RCF_CULTURAL_FACTORS, "cultural factors", RC_NOTE_MAX, 1},
    {RCF_LIVED_EXPERIENCE, "lived experience", RC_NOTE_MAX, 1},
    {RCF_PATHWAYS, "pathway preferences", RC_PATHWAYS_MAX, 0},
    {RCF_PREFERRED_PEER, "preferred peer", RC_NOTE_MAX, 1},
};

/* Field f's name in words in the reader's language (rc.words.FIELD). */
static const char *words_of(struct op_ctx *c, enum rc_field f)
{
    return msg(c->lang, arena_printf(c->a, "rc.words.%s", rc_field_names[f]));
}

/* NULL when v fits l, else a sentence naming the field, in the reader's language. */
static const char *check_text(struct op_ctx *c, const char *v, const struct limit *l)
{
    if (!v)
        return NULL;
    size_t n = strlen(v);
    const char *what = words_of(c, l->field);
    if (n > l->max)
        return msg_fmt(c->a, c->lang, "rc.err.too_long", "what", what, "max",
                       arena_printf(c->a, "%zu", l->max), NULL);
    if (!utf8_valid(v, n))
        return msg_fmt(c->a, c->lang, "rc.err.utf8", "what", what, NULL);
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)v[i];
        int ctl = ch < 0x20 || ch == 0x7f;
        if (ctl && !(l->multiline && (ch == '\t' || ch == '\n' || ch == '\r')))
            return msg_fmt(c->a, c->lang, l->multiline ? "rc.err.control" : "rc.err.one_line",
                           "what", what, NULL);
    }
    return NULL;
}

/* The sent fields v within their limits and forms, the date of birth a real date. */
static enum op_status check_form(struct op_ctx *c, const char **v, unsigned sent,
                                 struct op_result *res)
{
    for (size_t i = 0; i < sizeof limits / sizeof *limits; i++) {
        if (!(sent & RCF_BIT(limits[i].field)))
            continue;
        const char *why = check_text(c, opt(v[limits[i].field]), &limits[i]);
        if (why)
            return op_invalid(res, rc_field_names[limits[i].field], why);
    }
    const char *dob = opt(v[RCF_DOB]);
    if ((sent & RCF_BIT(RCF_DOB)) && dob && !date_valid(dob))
        return op_invalid(res, "dob", msg(c->lang, "rc.err.dob"));
    return OP_OK;
}

static enum op_status check_contact(struct op_ctx *c, const char *cp, struct op_result *res)
{
    static const char *const ok[] = {"phone", "text", "email", "mail", "in_person"};
    if (!opt(cp))
        return OP_OK;
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
        if (!strcmp(cp, ok[i]))
            return OP_OK;
    return op_invalid(res, "contact_pref",
                      msg(c->lang, "rc.err.contact"));
}

/* RC-1: the organization decides which intake fields are required (policy values). The
 * language and the pathways are given in words or from the list (either will do). With old
 * (an update), only a field that is sent can make one missing: an update must not clear
 * it, and one that leaves it alone is not refused for what is stored. */
static enum op_status check_required(struct op_ctx *c, const char **v, unsigned sent,
                                     const struct recoveree *old, struct op_result *res)
{
    static const struct {
        enum pol pol;
        enum rc_field field;
        int alt; /* the codes that will do instead, or -1 */
    } req[] = {
        {POL_INTAKE_REQUIRE_DOB, RCF_DOB, -1},
        {POL_INTAKE_REQUIRE_PHONE, RCF_PHONE, -1},
        {POL_INTAKE_REQUIRE_LANGUAGE, RCF_LANGUAGE, RCF_LANGUAGE_CODES},
        {POL_INTAKE_REQUIRE_PATHWAYS, RCF_PATHWAYS, RCF_PATHWAY_CODES},
    };
    const char *stored[RCF__COUNT] = {0};
    if (old)
        stored_of(old, stored);
    for (size_t i = 0; i < sizeof req / sizeof *req; i++) {
        if (!c->pol->v[req[i].pol])
            continue;
        int f = (int)req[i].field, alt = req[i].alt;
        int sent_f = (sent & RCF_BIT(f)) != 0, sent_alt = alt >= 0 && (sent & RCF_BIT(alt));
        if (old && !sent_f && !sent_alt)
            continue;
        /* Whether a field will hold a value: the one sent, else the stored one. */
        int have = sent_f ? opt(v[f]) != NULL : opt(stored[f]) != NULL;
        if (alt >= 0)
            have = have || (sent_alt ? opt(v[alt]) != NULL : opt(stored[alt]) != NULL);
        if (!have)
            return op_fail(res, OP_REFUSED, "required", "RC-1", rc_field_names[f],
                           msg_fmt(c->a, c->lang, "rc.err.required", "what",
                                   words_of(c, (enum rc_field)f), NULL));
    }
    return OP_OK;
}

/* RC-1: the sent profile codes (v from RCF_LANGUAGE_CODES) normalized into out (arena
 * strings, NULL for none); a field not sent gets keep[i] (NULL at intake). OP_INVALID naming
 * the field and the code when one is not on its list. */
static enum op_status read_profile(struct op_ctx *c, const char **v, unsigned sent,
                                   const char *const *keep, const char **out,
                                   struct op_result *res)
{
    for (int i = 0; i < NPROFILE; i++) {
        enum rc_field f = (enum rc_field)(RCF_LANGUAGE_CODES + i);
        if (!(sent & RCF_BIT(f))) {
            out[i] = keep ? keep[i] : NULL;
            continue;
        }
        char norm[PROFILE_LIST_MAX], bad[48];
        enum profile_list l = profile_lists[i];
        if (profile_normalize(l, v[f], norm, sizeof norm, bad, sizeof bad) != 0)
            return op_invalid(res, rc_field_names[f],
                              msg_fmt(c->a, c->lang,
                                      arena_printf(c->a, bad[0] ? "profile.err.unknown.%s"
                                                                : "profile.err.choose.%s",
                                                   profile_list_key(l)),
                                      "code", bad, NULL));
        out[i] = norm[0] ? arena_strdup(c->a, norm) : NULL;
    }
    return OP_OK;
}

/* op_rc_intake_check, with the normalized profile codes in prof (NPROFILE). */
static enum op_status intake_check(struct op_ctx *c, const struct rc_intake_in *in,
                                   const char **prof, struct op_result *res)
{
    enum role role = c->who.role;
    if (role != ROLE_ADMIN && role != ROLE_SUPERVISOR && role != ROLE_PEER)
        return op_forbidden(res, NULL, msg(c->lang, "rc.err.intake_roles"));
    if (!opt(in->first_name))
        return op_invalid(res, "first_name", msg(c->lang, "rc.err.first_name"));
    if (!opt(in->last_name))
        return op_invalid(res, "last_name", msg(c->lang, "rc.err.last_name"));
    const char *v[RCF__COUNT];
    values_of(in, v);
    if (check_form(c, v, RCF_ALL, res) != OP_OK ||
        check_required(c, v, RCF_ALL, NULL, res) != OP_OK ||
        check_contact(c, in->contact_pref, res) != OP_OK)
        return res->status;
    const char *dob = opt(in->dob);
    if (dob && civil_parse(dob) > c->today)
        return op_invalid(res, "dob", msg(c->lang, "rc.err.dob_future"));
    if (read_profile(c, v, RCF_ALL, NULL, prof, res) != OP_OK)
        return res->status;
    /* A peer doing intake in the field takes the recoveree onto their own caseload,
     * which the workforce rules must allow (WF-1: no Level 1 caseloads; WF-5). */
    if (role == ROLE_PEER) {
        struct wf_decision d;
        if (wf_check(c->db, c->a, c->who.org_id, c->who.user_id, c->today, c->pol,
                     WF_ASSIGN_RECOVEREE, &d) != 0)
            return op_store(res, msg(c->lang, "wf.err_read"));
        if (!d.allowed)
            return op_refused(res, d.rule, NULL, op_said(c, &d.text, d.message));
    }
    return op_ok(res, 0, 0);
}

enum op_status op_rc_intake_check(struct op_ctx *c, const struct rc_intake_in *in,
                                  struct op_result *res)
{
    const char *prof[NPROFILE];
    return intake_check(c, in, prof, res);
}

enum op_status op_rc_intake(struct op_ctx *c, const struct rc_intake_in *in,
                            struct op_result *res)
{
    const char *prof[NPROFILE];
    if (intake_check(c, in, prof, res) != OP_OK)
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
    ok = ok && rc_set_profile(c->db, c->who.org_id, id, prof[0], prof[1], prof[2], prof[3],
                              prof[4], prof[5]) == DB_OK;
    /* WF-1, WF-5 (checked above): a peer's intake is on their own caseload from today. */
    if (ok && c->who.role == ROLE_PEER)
        ok = cl_insert_plain(c->db, c->who.org_id, id, c->who.user_id, t, c->who.user_id,
                             c->now) == DB_OK;
    ok = ok && op_audit(c, "recoveree.create", "recoveree", id, NULL, "ok") == 0;
    if (ok)
        op_ok(res, id, 1);
    else
        op_store(res, msg(c->lang, "rc.err.intake_store"));
    return op_end(c, res);
}

/* ---- update ---------------------------------------------------------------------- */

static enum op_status check_status(struct op_ctx *c, const char *from, const char *to,
                                   struct op_result *res)
{
    if (!to)
        return OP_OK;
    if (strcmp(to, "active") && strcmp(to, "discharged") && strcmp(to, "closed"))
        return op_invalid(res, "status", msg(c->lang, "rc.err.status"));
    if (from && !strcmp(from, to))
        return OP_OK;
    for (int i = 0; i < rc_nstatus_moves; i++)
        if (from && !strcmp(rc_status_moves[i].from, from) && !strcmp(rc_status_moves[i].to, to))
            return OP_OK;
    return op_refused(res, NULL, "status",
                      msg(c->lang, "rc.err.closed_discharged"));
}

/* The update's body, inside the transaction: res says what became of it. */
static void update_in_tx(struct op_ctx *c, const struct rc_update_in *in,
                         const struct recoveree *x, struct op_result *res)
{
    const char *v[RCF__COUNT], *old[RCF__COUNT];
    values_of(&in->f, v);
    stored_of(x, old);
    unsigned sent = in->sent & RCF_ALL;
    if (check_status(c, x->status, opt(in->status), res) != OP_OK ||
        check_form(c, v, sent, res) != OP_OK ||
        ((sent & RCF_BIT(RCF_CONTACT_PREF)) && check_contact(c, v[RCF_CONTACT_PREF], res) != OP_OK))
        return;
    /* RC-1 holds on every change: a required intake field cannot be emptied later. */
    if (check_required(c, v, sent, x, res) != OP_OK)
        return;
    const char *prof[NPROFILE];
    if (read_profile(c, v, sent, old + RCF_LANGUAGE_CODES, prof, res) != OP_OK)
        return;
    /* A field that is not sent keeps its value; names cannot be emptied; no contact
     * preference means phone. */
    const char *nv[RCF_LANGUAGE_CODES];
    for (int i = 0; i < RCF_LANGUAGE_CODES; i++) {
        nv[i] = (sent & RCF_BIT(i)) ? opt(v[i]) : old[i];
        if (i <= RCF_LAST_NAME && !nv[i])
            nv[i] = old[i];
    }
    if (!nv[RCF_CONTACT_PREF])
        nv[RCF_CONTACT_PREF] = "phone";
    const char *status = opt(in->status) ? in->status : x->status;
    int status_changed = strcmp(status, x->status) != 0;
    char t[11];
    civil_format(c->today, t);
    struct recoveree y = {
        .id = x->id,
        .first_name = nv[RCF_FIRST_NAME],
        .last_name = nv[RCF_LAST_NAME],
        .preferred_name = nv[RCF_PREFERRED_NAME],
        .dob = nv[RCF_DOB],
        .phone = nv[RCF_PHONE],
        .email = nv[RCF_EMAIL],
        .contact_pref = nv[RCF_CONTACT_PREF],
        .ok_to_leave_message = (sent & RCF_BIT(RCF_OK_TO_LEAVE_MESSAGE))
                                   ? in->f.ok_to_leave_message != 0
                                   : x->ok_to_leave_message,
        .language = nv[RCF_LANGUAGE],
        .cultural_factors = nv[RCF_CULTURAL_FACTORS],
        .lived_experience = nv[RCF_LIVED_EXPERIENCE],
        .pathways = nv[RCF_PATHWAYS],
        .preferred_peer = nv[RCF_PREFERRED_PEER],
        .status = status,
        .status_date = status_changed ? t : x->status_date,
    };
    int64_t version = in->version ? in->version : x->version;
    int rc = rc_update(c->db, c->who.org_id, &y, version, c->now);
    if (rc == 0) {
        op_fail(res, OP_CONFLICT, "stale", NULL, "version",
                msg(c->lang, "rc.err.stale"));
        return;
    }
    if (rc < 0 ||
        rc_set_profile(c->db, c->who.org_id, x->id, prof[0], prof[1], prof[2], prof[3],
                       prof[4], prof[5]) != DB_OK ||
        op_audit(c, status_changed ? "recoveree.status" : "recoveree.update", "recoveree", x->id,
                 status_changed ? status : NULL, "ok") != 0) {
        op_store(res, msg(c->lang, "rc.err.store"));
        return;
    }
    op_ok(res, x->id, version + 1);
}

enum op_status op_rc_update(struct op_ctx *c, const struct rc_update_in *in,
                            struct op_result *res)
{
    struct recoveree x;
    if (op_begin(c, res) != OP_OK)
        return res->status;
    if (op_rc_for_write(c, in->recoveree_id, &x, res) != OP_OK) {
        op_end(c, res);
        return op_rc_denied(c, res, in->recoveree_id, "recoveree.update");
    }
    update_in_tx(c, in, &x, res);
    return op_end(c, res);
}
