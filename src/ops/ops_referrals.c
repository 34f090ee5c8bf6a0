/* ops_referrals.c - the resource directory and referrals of SV-7 (ops_referrals.h). */
#include "ops_referrals.h"

#include <string.h>

#include "civil.h"
#include "msg.h"
#include "ops_reach.h"
#include "referrals_store.h"

static const char *day_s(struct op_ctx *c, int32_t day)
{
    if (day < 0)
        return NULL;
    char *s = arena_alloc(c->a, 11);
    civil_format(day, s);
    return s;
}

/* The civil day of s, or -1 when s is NULL or not a date. */
static int32_t day_of(const char *s)
{
    return s ? civil_parse(s) : -1;
}

static int phone_ok(const char *s)
{
    for (; *s; s++)
        if (!strchr("0123456789+()-. xX", *s))
            return 0;
    return 1;
}

static int editor(const struct op_ctx *c)
{
    return c->who.role == ROLE_ADMIN || c->who.role == ROLE_SUPERVISOR;
}

enum op_status op_resource_check(struct op_ctx *c, const struct resource_in *in,
                                 struct op_result *res)
{
    /* At most one error per field; there are 11 fields. */
    struct op_field_error *e = arena_alloc(c->a, sizeof *e * 12);
    size_t n = 0;
#define BAD(f, id) (e[n++] = (struct op_field_error){(f), "invalid", msg(c->lang, (id))})
    const struct {
        const char *name, *v;
        size_t max;
    } lim[] = {
        {"name", in->name, RES_NAME_MAX},          {"address", in->address, RES_ADDRESS_MAX},
        {"phone", in->phone, RES_PHONE_MAX},       {"hours", in->hours, RES_HOURS_MAX},
        {"languages", in->languages, RES_LANGUAGES_MAX},
        {"eligibility", in->eligibility, RES_TEXT_MAX},
        {"meetings", in->meetings, RES_TEXT_MAX},  {"website", in->website, RES_WEBSITE_MAX},
        {"note", in->note, RES_TEXT_MAX},
    };
    if (resource_kind_parse(in->kind) < 0)
        BAD("kind", "resource.err_kind");
    if (!in->name)
        BAD("name", "resource.err_name");
    for (size_t i = 0; i < sizeof lim / sizeof *lim; i++)
        if (lim[i].v && strlen(lim[i].v) > lim[i].max)
            e[n++] = (struct op_field_error){lim[i].name, "too_long",
                                             msg_fmt(c->a, c->lang, "resource.err_too_long",
                                                     "label", msg(c->lang, arena_printf(c->a, "field.%s", lim[i].name)),
                                                     "max", arena_printf(c->a, "%zu", lim[i].max), NULL)};
    if (in->zip && !zip_valid(in->zip))
        BAD("zip", "resource.err_zip");
    if (in->phone && !phone_ok(in->phone))
        BAD("phone", "resource.err_phone");
    if (in->website && strncmp(in->website, "https://", 8) && strncmp(in->website, "http://", 7))
        BAD("website", "resource.err_website");
#undef BAD
    if (!n)
        return op_ok(res, 0, 0);
    op_fail(res, OP_INVALID, e[0].code, "SV-7", e[0].field, e[0].message);
    if (n > 1)
        res->errors = e, res->nerrors = n;
    return OP_INVALID;
}

static struct resource resource_of(const struct resource_in *in)
{
    return (struct resource){.kind = in->kind, .name = in->name, .address = in->address,
                             .zip = in->zip, .phone = in->phone, .hours = in->hours,
                             .languages = in->languages, .eligibility = in->eligibility,
                             .meetings = in->meetings, .website = in->website, .note = in->note,
                             .active = 1};
}

enum op_status op_resource_create(struct op_ctx *c, const struct resource_in *in,
                                  struct op_result *res)
{
    if (!editor(c))
        return op_forbidden(res, "SV-7", msg(c->lang, "resource.err_editors"));
    if (op_resource_check(c, in, res) != OP_OK)
        return res->status;
    if (op_begin(c, res) != OP_OK)
        return res->status;
    struct resource r = resource_of(in);
    int64_t id = 0;
    if (resource_insert(c->db, c->who.org_id, &r, c->who.user_id, c->now, &id) != DB_OK ||
        op_audit(c, "resource.create", "resource", id, in->name, "ok") != 0)
        op_store(res, msg(c->lang, "resource.err_store"));
    else
        op_ok(res, id, 1);
    return op_end(c, res);
}

enum op_status op_resource_update(struct op_ctx *c, int64_t id, const struct resource_in *in,
                                  int active, int64_t version, struct op_result *res)
{
    if (!editor(c))
        return op_forbidden(res, "SV-7", msg(c->lang, "resource.err_editors"));
    if (op_begin(c, res) != OP_OK)
        return res->status;
    /* The record first: another organization's resource is 404 whatever was sent. */
    struct resource old;
    int got = resource_get(c->db, c->a, c->who.org_id, id, &old);
    if (got <= 0) {
        if (got < 0)
            op_store(res, msg(c->lang, "resource.err_store"));
        else
            op_not_found(res, msg(c->lang, "resource.err_not_found"));
        return op_end(c, res);
    }
    if (op_resource_check(c, in, res) != OP_OK)
        return op_end(c, res);
    struct resource r = resource_of(in);
    r.id = id;
    r.active = active != 0;
    int rc = resource_update(c->db, c->who.org_id, &r, version ? version : old.version,
                             c->who.user_id, c->now);
    if (rc < 0) {
        op_store(res, msg(c->lang, "resource.err_store"));
        return op_end(c, res);
    }
    if (rc == 0) {
        op_fail(res, OP_CONFLICT, "stale", NULL, "version", msg(c->lang, "resource.err_stale"));
        return op_end(c, res);
    }
    const char *what = old.active && !r.active   ? "resource.deactivate"
                       : !old.active && r.active ? "resource.reactivate"
                                                 : "resource.update";
    if (op_audit(c, what, "resource", id, NULL, "ok") != 0)
        op_store(res, msg(c->lang, "resource.err_store"));
    else
        op_ok(res, id, (version ? version : old.version) + 1);
    return op_end(c, res);
}

enum op_status op_referral_create(struct op_ctx *c, const struct referral_in *in,
                                  struct op_result *res)
{
    int32_t follow = c->today + REFERRAL_FOLLOW_UP_DAYS;
    if (in->follow_up_on) {
        follow = day_of(in->follow_up_on);
        if (follow < 0)
            return op_invalid(res, "follow_up_on", msg(c->lang, "referral.err_date"));
        /* A reminder is for later: today at the earliest. */
        if (follow < c->today)
            return op_refused(res, "SV-7", "follow_up_on", msg(c->lang, "referral.err_follow_past"));
    }
    if (in->note && strlen(in->note) > REF_NOTE_MAX)
        return op_invalid(res, "note", msg(c->lang, "referral.err_note"));
    if (op_begin(c, res) != OP_OK)
        return res->status;
    struct recoveree x;
    if (op_rc_for_write(c, in->recoveree_id, &x, res) != OP_OK) {
        op_end(c, res);
        return op_rc_denied(c, res, in->recoveree_id, "referral.create");
    }
    struct resource r;
    int got = resource_get(c->db, c->a, c->who.org_id, in->resource_id, &r);
    if (got < 0) {
        op_store(res, msg(c->lang, "referral.err_store"));
        return op_end(c, res);
    }
    if (got == 0 || !r.active) {
        /* Another organization's resource is no resource at all (no existence leak). */
        op_fail(res, got ? OP_REFUSED : OP_NOT_FOUND, got ? "inactive" : NULL,
                got ? "SV-7" : NULL, "resource_id",
                msg(c->lang, got ? "referral.err_inactive" : "resource.err_not_found"));
        return op_end(c, res);
    }
    int64_t id = 0;
    if (referral_insert(c->db, c->who.org_id, x.id, r.id, c->who.user_id, day_s(c, c->today),
                        day_s(c, follow), in->note, c->now, &id) != DB_OK ||
        op_audit(c, "referral.create", "recoveree", x.id,
                 arena_printf(c->a, "referral %lld to resource %lld", (long long)id,
                              (long long)r.id),
                 "ok") != 0)
        op_store(res, msg(c->lang, "referral.err_store"));
    else
        op_ok(res, id, 1);
    return op_end(c, res);
}

enum op_status op_referral_move(struct op_ctx *c, const struct referral_move_in *in,
                                struct op_result *res)
{
    int to = -1;
    if (in->state && (to = referral_state_parse(in->state)) < 0)
        return op_invalid(res, "state", msg(c->lang, "referral.err_state"));
    int32_t on = in->on ? day_of(in->on) : c->today;
    if (on < 0)
        return op_invalid(res, "on", msg(c->lang, "referral.err_date"));
    int32_t follow = in->follow_up_on ? day_of(in->follow_up_on) : -1;
    if (in->follow_up_on && follow < 0)
        return op_invalid(res, "follow_up_on", msg(c->lang, "referral.err_date"));
    if (in->note && strlen(in->note) > REF_NOTE_MAX)
        return op_invalid(res, "note", msg(c->lang, "referral.err_note"));
    if (op_begin(c, res) != OP_OK)
        return res->status;
    struct referral f;
    int got = referral_get(c->db, c->a, c->who.org_id, in->referral_id, &f);
    if (got <= 0) {
        if (got < 0)
            op_store(res, msg(c->lang, "referral.err_store"));
        else
            op_not_found(res, msg(c->lang, "referral.err_not_found"));
        return op_end(c, res);
    }
    /* A referral is part of its recoveree's record: the same write reach. */
    struct recoveree x;
    if (op_rc_for_write(c, f.recoveree_id, &x, res) != OP_OK) {
        if (res->status == OP_NOT_FOUND)
            res->message = msg(c->lang, "referral.err_not_found");
        op_end(c, res);
        return op_rc_denied(c, res, f.recoveree_id, "referral.move");
    }
    int from = referral_state_parse(f.state);
    const char *what = "referral.update";
    if (to >= 0) {
        struct referral_days d = {day_of(f.made_on), day_of(f.connected_on), day_of(f.closed_on)};
        enum referral_refusal why =
            referral_move_check((enum referral_state)from, (enum referral_state)to, &d, on,
                                c->today);
        if (why != RF_OK) {
            const char *field = why == RF_FUTURE || why == RF_BEFORE_MADE ||
                                        why == RF_BEFORE_CONNECTED
                                    ? "on"
                                    : "state";
            op_fail(res, OP_REFUSED, referral_refusal_name(why), "SV-7", field,
                    msg_fmt(c->a, c->lang,
                            arena_printf(c->a, "referral.refuse.%s", referral_refusal_name(why)),
                            "from", msg(c->lang, arena_printf(c->a, "referral.state.%s", f.state)),
                            "to", msg(c->lang, arena_printf(c->a, "referral.state.%s", in->state)),
                            "made_on", f.made_on, "connected_on",
                            f.connected_on ? f.connected_on : "", NULL));
            return op_end(c, res);
        }
        struct referral_days nd = referral_move_days((enum referral_state)to, &d, on);
        f.state = referral_state_name((enum referral_state)to);
        f.connected_on = day_s(c, nd.connected_on);
        f.closed_on = day_s(c, nd.closed_on);
        what = arena_printf(c->a, "referral.%s", f.state);
    } else if (from >= 0 && !referral_open((enum referral_state)from) && in->follow_up_on) {
        /* A closed referral waits for nothing: no follow-up to move. */
        op_fail(res, OP_REFUSED, "closed", "SV-7", "follow_up_on",
                msg(c->lang, "referral.err_closed_follow"));
        return op_end(c, res);
    }
    if (in->follow_up_on)
        f.follow_up_on = day_s(c, follow);
    if (in->note)
        f.note = in->note;
    int rc = referral_update(c->db, c->who.org_id, &f, in->version ? in->version : f.version,
                             c->who.user_id, c->now);
    if (rc < 0) {
        op_store(res, msg(c->lang, "referral.err_store"));
        return op_end(c, res);
    }
    if (rc == 0) {
        op_fail(res, OP_CONFLICT, "stale", NULL, "version", msg(c->lang, "referral.err_stale"));
        return op_end(c, res);
    }
    if (op_audit(c, what, "recoveree", f.recoveree_id,
                 arena_printf(c->a, "referral %lld%s%s", (long long)f.id, to >= 0 ? " on " : "",
                              to >= 0 ? day_s(c, on) : ""),
                 "ok") != 0)
        op_store(res, msg(c->lang, "referral.err_store"));
    else
        op_ok(res, f.id, (in->version ? in->version : f.version) + 1);
    return op_end(c, res);
}
