/* h_resources.c - SV-7 pages and API: the directory of community resources (search by kind,
 * language and ZIP prefix; create, edit, deactivate; CSV import), referrals made from a
 * recoveree's record and moved made -> connected -> completed or declined, the user's own open
 * referrals, and the referral parts of the recoveree page and of My day. Writes go through
 * ops_referrals.c (and import.c for the CSV), reads through referrals_store.c. */
#include "handlers.h"

#include <string.h>

#include "civil.h"
#include "forms.h"
#include "import.h"
#include "msg.h"
#include "opreply.h"
#include "ops_referrals.h"
#include "recoverees.h"
#include "referral.h"
#include "referrals_store.h"

/* Who edits the directory (SV-7); every staff role reads it. */
#define RES_EDITORS (R_ADMIN | R_SUPERVISOR)

static int is_editor(struct req *r)
{
    return r->me.role == ROLE_ADMIN || r->me.role == ROLE_SUPERVISOR;
}

static const char *day_str(struct req *r, int32_t d)
{
    char *s = arena_alloc(r->a, 11);
    civil_format(d, s);
    return s;
}

static const char *kind_label(struct req *r, const char *kind)
{
    return kind ? msg(req_lang(r), arena_printf(r->a, "resource.kind.%s", kind)) : NULL;
}

static const char *state_label(struct req *r, const char *state)
{
    return state ? msg(req_lang(r), arena_printf(r->a, "referral.state.%s", state)) : NULL;
}

/* The kinds as choices, `selected` chosen; with any_label, an empty first choice. */
static json_t *kind_choices(struct req *r, const char *selected, const char *any_label)
{
    json_t *arr = json_array();
    if (any_label)
        json_array_append_new(arr, json_pack("{s:s,s:s,s:b}", "value", "", "label",
                                             msg(req_lang(r), any_label), "selected", !selected));
    for (int k = 0; k < RK__COUNT; k++) {
        const char *n = resource_kind_name((enum resource_kind)k);
        json_array_append_new(arr, json_pack("{s:s,s:s,s:b}", "value", n, "label",
                                             kind_label(r, n), "selected",
                                             selected && !strcmp(selected, n)));
    }
    return arr;
}

static json_t *resource_j(struct req *r, const struct resource *x)
{
    json_t *j = json_object();
    jset_int(j, "id", x->id);
    jset_int(j, "resource_id", x->id); /* the same, for a template inside another id's section */
    jset_str(j, "kind", x->kind);
    jset_str(j, "kind_label", kind_label(r, x->kind));
    jset_str(j, "name", x->name);
    jset_str(j, "address", x->address);
    jset_str(j, "zip", x->zip);
    jset_str(j, "phone", x->phone);
    jset_str(j, "hours", x->hours);
    jset_str(j, "languages", x->languages);
    jset_str(j, "eligibility", x->eligibility);
    jset_str(j, "meetings", x->meetings);
    jset_str(j, "website", x->website);
    jset_str(j, "note", x->note);
    jset_bool(j, "active", x->active);
    jset_int(j, "version", x->version);
    jset(j, "updated", view_time(x->updated_at));
    return j;
}

/* ---- the directory -------------------------------------------------------------- */

/* The recoveree a directory search picks a resource for (?for=ID): 1 with *x when it is in
 * the reader's reach, 0 when it is not (the page answers 404), -1 on a store error. */
static int refer_target(struct req *r, int64_t id, struct recoveree *x)
{
    struct rc_scope sc;
    rc_scope_of(r, &sc);
    sc.user = 0; /* a referral is a change: emergency access does not make one */
    return rc_get(r->db, r->a, r->me.org_id, id, &sc, x);
}

int h_resources(struct req *r)
{
    const char *lang = req_lang(r);
    struct resource_search q = {.kind = req_str(r, "kind"),
                                .language = req_str(r, "language"),
                                .zip = req_str(r, "zip"),
                                .q = req_str(r, "q")};
    int64_t inactive = 0, for_id = 0;
    req_int(r, "inactive", &inactive);
    req_int(r, "for", &for_id);
    q.include_inactive = inactive && is_editor(r);
    if (q.kind && resource_kind_parse(q.kind) < 0)
        return reply_error(r, 400, "invalid", "SV-7", msg(lang, "resource.err_kind"), "kind",
                           NULL, NULL);
    if (q.zip && !zip_prefix_valid(q.zip))
        return reply_error(r, 400, "invalid", "SV-7", msg(lang, "resource.err_zip_search"), "zip",
                           NULL, NULL);
    json_t *m = json_object();
    struct recoveree x;
    if (for_id) {
        int got = refer_target(r, for_id, &x);
        if (got < 0) {
            json_decref(m);
            return reply_error(r, 500, "store", NULL, msg(lang, "resource.err_store"), NULL, NULL,
                               NULL);
        }
        if (got == 0) {
            json_decref(m);
            req_audit(r, "recoveree.denied", "recoveree", for_id, "/resources?for", "denied");
            return reply_error(r, 404, "not_found", NULL, msg(lang, "rc.err_not_found"), NULL,
                               NULL, NULL);
        }
        if (req_audit_read(r, "referral.pick", "recoveree", x.id, NULL) != 0) {
            json_decref(m);
            return 0;
        }
        json_t *fj = rc_summary_j(&x);
        jset_str(fj, "follow_up_on", day_str(r, req_today(r) + REFERRAL_FOLLOW_UP_DAYS));
        jset_str(fj, "today", day_str(r, req_today(r)));
        jset(m, "for", fj);
    }
    int64_t page = view_page(r), total = 0;
    struct resource *rows;
    int n;
    if (resource_search(r->db, r->a, r->me.org_id, &q, PAGE_SIZE, (page - 1) * PAGE_SIZE, &rows,
                        &n, &total) != 0) {
        json_decref(m);
        return reply_error(r, 500, "store", NULL, msg(lang, "resource.err_store"), NULL, NULL,
                           NULL);
    }
    /* A page's referral forms, one per resource (its _which "rrID"), and the import form: a
     * refused one comes back with what was typed and each message beside its field. */
    static const char *const refer_names[] = {"follow_up_on", "note", NULL};
    static const char *const import_names[] = {"dry_run", "file", NULL};
    json_t *list = json_array();
    for (int i = 0; i < n; i++) {
        json_t *j = resource_j(r, &rows[i]);
        if (for_id && !r->api)
            jset(j, "f",
                 form_part(r, arena_printf(r->a, "rr%lld", (long long)rows[i].id),
                           arena_printf(r->a, "rr%lld-", (long long)rows[i].id), refer_names,
                           json_pack("{s:s}", "follow_up_on",
                                     day_str(r, req_today(r) + REFERRAL_FOLLOW_UP_DAYS))));
        json_array_append_new(list, j);
    }
    jset(m, "resources", list);
    if (!r->api && is_editor(r))
        jset(m, "f_import", form_part(r, "import", "im-", import_names,
                                      json_pack("{s:b}", "dry_run", 1)));
    jset_str(m, "title", msg(lang, "resources.title"));
    json_t *s = json_object();
    jset_str(s, "kind", q.kind);
    jset_str(s, "language", q.language);
    jset_str(s, "zip", q.zip);
    jset_str(s, "q", q.q);
    jset_bool(s, "inactive", q.include_inactive);
    jset(m, "search", s);
    jset(m, "kinds", kind_choices(r, q.kind, "resources.kind_any"));
    jset_bool(m, "can_edit", is_editor(r));
    /* The search stays in the pager's links. */
    buf qs;
    buf_init(&qs);
    const char *keys[] = {"kind", "language", "zip", "q"};
    const char *vals[] = {q.kind, q.language, q.zip, q.q};
    for (int i = 0; i < 4; i++)
        if (vals[i]) {
            buf_printf(&qs, "%s=", keys[i]);
            url_arg(&qs, vals[i], strlen(vals[i]));
            buf_putc(&qs, '&');
        }
    if (q.include_inactive)
        buf_puts(&qs, "inactive=1&");
    if (for_id)
        buf_printf(&qs, "for=%lld&", (long long)for_id);
    view_pager(m, page, total, qs.data ? qs.data : "");
    jset_str(m, "self", arena_printf(r->a, "/resources?%s", qs.data ? qs.data : ""));
    buf_free(&qs);
    return reply_page(r, 200, "resources.mustache", m);
}

static const char *const resource_fields[] = {"name", "address", "zip", "phone", "hours",
                                              "languages", "eligibility", "meetings", "website",
                                              "note"};

/* The form's model: the values to show (a refused form's as sent, else the record's, else
 * empty) in "values", and the kinds with the right one chosen. */
static json_t *resource_form_model(struct req *r, const struct resource *x)
{
    json_t *m = json_object(), *v = x ? resource_j(r, x) : json_object();
    for (size_t i = 0; i < sizeof resource_fields / sizeof *resource_fields; i++)
        if (r->kept)
            jset_str(v, resource_fields[i], form_value(r, resource_fields[i]));
    const char *k = form_value(r, "kind");
    jset(m, "kinds", kind_choices(r, k ? k : x ? x->kind : "housing", NULL));
    jset(m, "values", v);
    return m;
}

int h_resource_new(struct req *r)
{
    json_t *m = resource_form_model(r, NULL);
    jset_str(m, "title", msg(req_lang(r), "resource.new_title"));
    return reply_page(r, 200, "resource_new.mustache", m);
}

static void resource_in_of(struct req *r, struct resource_in *in)
{
    *in = (struct resource_in){
        .kind = req_str(r, "kind"),
        .name = req_str(r, "name"),
        .address = req_str(r, "address"),
        .zip = req_str(r, "zip"),
        .phone = req_str(r, "phone"),
        .hours = req_str(r, "hours"),
        .languages = req_str(r, "languages"),
        .eligibility = req_str(r, "eligibility"),
        .meetings = req_str(r, "meetings"),
        .website = req_str(r, "website"),
        .note = req_str(r, "note"),
    };
}

int h_resource_create(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    struct resource_in in;
    resource_in_of(r, &in);
    /* A refused form comes back filled in, each message beside its field (form_redisplay). */
    if (op_resource_create(&c, &in, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    json_t *m = json_object();
    jset_int(m, "id", res.id);
    jset_int(m, "version", res.version);
    return reply_done(r, 201, arena_printf(r->a, "/resources/%lld", (long long)res.id), m);
}

int h_resource_show(struct req *r)
{
    struct resource x;
    int got = resource_get(r->db, r->a, r->me.org_id, r->id, &x);
    if (got < 0)
        return reply_error(r, 500, "store", NULL, msg(req_lang(r), "resource.err_store"), NULL,
                           NULL, NULL);
    /* Another organization's resource is not there at all. */
    if (got == 0 || (!x.active && !is_editor(r)))
        return reply_error(r, 404, "not_found", NULL, msg(req_lang(r), "resource.err_not_found"),
                           NULL, NULL, NULL);
    json_t *m = resource_form_model(r, &x);
    jset(m, "resource", resource_j(r, &x));
    jset_str(m, "title", x.name);
    jset_bool(m, "can_edit", is_editor(r));
    return reply_page(r, 200, "resource.mustache", m);
}

int h_resource_update(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    struct resource_in in;
    resource_in_of(r, &in);
    int64_t version = 0, active = 1;
    req_int(r, "version", &version);
    req_int(r, "active", &active);
    if (op_resource_update(&c, r->id, &in, (int)active, version, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    json_t *m = json_object();
    jset_int(m, "id", res.id);
    jset_int(m, "version", res.version);
    return reply_done(r, 200, arena_printf(r->a, "/resources/%lld", (long long)res.id), m);
}

/* POST /resources/import: the directory from a CSV file through the import (import.c), all
 * rows or none; with dry_run, checked and nothing written. */
int h_resource_import(struct req *r)
{
    const char *lang = req_lang(r);
    if (!r->upload)
        return reply_error(r, 400, "invalid", NULL, msg(lang, "import.err_file"), "file", NULL,
                           NULL);
    int64_t dry = 0;
    req_int(r, "dry_run", &dry);
    struct op_ctx c;
    op_ctx_from_req(r, &c);
    struct import_report rep;
    enum import_rc ir = import_run(&c, IMPORT_RESOURCES, r->upload->data, r->upload->len, dry != 0,
                                   NULL, NULL, &rep);
    if (ir == IMPORT_STORE)
        return reply_error(r, 500, "store", NULL, msg(lang, "import.err_save"), NULL, NULL, NULL);
    json_t *m = json_object(), *errs = json_array();
    jset_int(m, "rows", rep.rows);
    jset_int(m, "to_write", rep.to_write);
    jset_int(m, "already", rep.already);
    jset_int(m, "written", rep.written);
    jset_int(m, "rejected_count", (int64_t)rep.nerrors);
    jset_str(m, "fatal", rep.fatal);
    jset_str(m, "sha256", rep.sha256);
    jset_bool(m, "dry_run", dry != 0);
    jset_bool(m, "ok", ir == IMPORT_OK);
    for (size_t i = 0; i < rep.nerrors; i++)
        json_array_append_new(errs, json_pack("{s:i,s:s?,s:s}", "line", rep.errors[i].line,
                                              "column", rep.errors[i].column, "message",
                                              rep.errors[i].message));
    jset(m, "rejected", errs);
    jset_str(m, "title", msg(lang, "resource_import.title"));
    return reply_page(r, ir == IMPORT_OK ? 200 : 422, "resource_import.mustache", m);
}

/* ---- referrals ------------------------------------------------------------------- */

static json_t *referral_j(struct req *r, const struct referral *f, int32_t today)
{
    json_t *j = json_object();
    int st = referral_state_parse(f->state);
    int32_t fu = f->follow_up_on ? civil_parse(f->follow_up_on) : -1;
    jset_int(j, "id", f->id);
    jset_int(j, "recoveree_id", f->recoveree_id);
    jset(j, "name", json_sprintf("%s %s", f->preferred_name ? f->preferred_name : f->first_name,
                                 f->last_name));
    jset_int(j, "resource_id", f->resource_id);
    jset_str(j, "resource", f->resource_name);
    jset_str(j, "resource_kind_label", kind_label(r, f->resource_kind));
    jset_str(j, "resource_phone", f->resource_phone);
    jset_str(j, "state", f->state);
    jset_str(j, "state_label", state_label(r, f->state));
    jset_str(j, "made_on", f->made_on);
    jset_str(j, "made_by", f->made_by_name);
    jset_str(j, "connected_on", f->connected_on);
    jset_str(j, "closed_on", f->closed_on);
    jset_str(j, "follow_up_on", f->follow_up_on);
    jset_bool(j, "open", st >= 0 && referral_open((enum referral_state)st));
    jset_bool(j, "follow_up_due",
              st >= 0 && referral_follow_up_due((enum referral_state)st, fu, today));
    jset_str(j, "note", f->note);
    jset_int(j, "version", f->version);
    jset_str(j, "link", arena_printf(r->a, "/recoverees/%lld#referrals", (long long)f->recoveree_id));
    /* The move form, one per referral on the page (its _which "rfID"): a refused move comes
     * back with the state and date chosen and each message beside its field (forms.h). */
    static const char *const move_names[] = {"state", "on", NULL};
    json_t *part = NULL;
    if (!r->api) {
        part = form_part(r, arena_printf(r->a, "rf%lld", (long long)f->id),
                         arena_printf(r->a, "rf%lld-", (long long)f->id), move_names,
                         json_pack("{s:s}", "on", day_str(r, today)));
        jset(j, "f", part);
    }
    const char *chosen = form_part_str(part, "state");
    /* The moves the domain allows from here (the operation decides again). */
    json_t *moves = json_array();
    for (int k = 0; st >= 0 && k < RS__COUNT; k++) {
        struct referral_days d = {civil_parse(f->made_on),
                                  f->connected_on ? civil_parse(f->connected_on) : -1, -1};
        if (referral_move_check((enum referral_state)st, (enum referral_state)k, &d, today,
                                today) == RF_OK) {
            const char *name = referral_state_name((enum referral_state)k);
            json_t *o = json_pack("{s:s,s:s}", "value", name, "label",
                                  msg(req_lang(r), arena_printf(r->a, "referral.move.%s", name)));
            if (chosen && !strcmp(chosen, name))
                jset_bool(o, "selected", 1);
            json_array_append_new(moves, o);
        }
    }
    jset(j, "moves", moves);
    jset_bool(j, "can_move", json_array_size(moves) > 0);
    return j;
}

void recoveree_add_referrals(struct req *r, json_t *m, int64_t recoveree_id)
{
    int32_t today = req_today(r);
    json_t *sec = json_object(), *items = json_array();
    struct referral *f;
    int n;
    if (referrals_of(r->db, r->a, r->me.org_id, recoveree_id, &f, &n) == 0)
        for (int i = 0; i < n; i++)
            json_array_append_new(items, referral_j(r, &f[i], today));
    else
        jset_str(sec, "error", msg(req_lang(r), "referral.err_store"));
    jset(sec, "items", items);
    jset_int(sec, "recoveree_id", recoveree_id);
    jset_str(sec, "today", day_str(r, today));
    jset_str(sec, "default_follow_up", day_str(r, today + REFERRAL_FOLLOW_UP_DAYS));
    /* The same decision as the writes (op_rc_for_write), made by rc_edit_flags for the page. */
    json_t *ce = json_object_get(m, "can_edit");
    jset_bool(sec, "can_refer", ce ? json_is_true(ce) : 0);
    jset(m, "referrals", sec);
}

void myday_add_referrals(struct req *r, json_t *m)
{
    struct rc_scope sc;
    rc_scope_of(r, &sc);
    sc.user = 0; /* a follow-up is work on one's own caseload, not an emergency read */
    int32_t today = req_today(r);
    struct referral *f;
    int n;
    json_t *due = json_array();
    /* One statement: My day is a page a peer opens many times a day. 50 is more follow-ups
     * than a day holds; /referrals shows them all. */
    if (referrals_mine_open(r->db, r->a, r->me.org_id, r->me.user_id, &sc, day_str(r, today), 1,
                            50, &f, &n) == 0)
        for (int i = 0; i < n; i++) {
            json_t *j = json_object();
            jset(j, "name", json_sprintf("%s %s",
                                         f[i].preferred_name ? f[i].preferred_name
                                                             : f[i].first_name,
                                         f[i].last_name));
            jset_str(j, "resource", f[i].resource_name);
            jset_str(j, "state", f[i].state);
            jset_str(j, "state_label", state_label(r, f[i].state));
            jset_str(j, "due", f[i].follow_up_on);
            jset_bool(j, "overdue", strcmp(f[i].follow_up_on, day_str(r, today)) < 0);
            jset_str(j, "link",
                     arena_printf(r->a, "/recoverees/%lld#referrals", (long long)f[i].recoveree_id));
            json_array_append_new(due, j);
        }
    jset(m, "referrals_due", due);
}

int h_referrals_mine(struct req *r)
{
    struct rc_scope sc;
    rc_scope_of(r, &sc);
    sc.user = 0;
    int32_t today = req_today(r);
    struct referral *f;
    int n;
    /* A peer's open referrals are dozens; 500 is a backlog, not a page to scroll. */
    if (referrals_mine_open(r->db, r->a, r->me.org_id, r->me.user_id, &sc, day_str(r, today), 0,
                            500, &f, &n) != 0)
        return reply_error(r, 500, "store", NULL, msg(req_lang(r), "referral.err_store"), NULL,
                           NULL, NULL);
    if (req_audit_read(r, "referral.list", "recoveree", 0, NULL) != 0)
        return 0;
    json_t *m = json_object(), *list = json_array();
    int due = 0;
    for (int i = 0; i < n; i++) {
        json_t *j = referral_j(r, &f[i], today);
        due += json_is_true(json_object_get(j, "follow_up_due"));
        json_array_append_new(list, j);
    }
    jset(m, "referrals", list);
    jset_int(m, "due_count", due);
    jset_str(m, "today", day_str(r, today));
    jset_str(m, "title", msg(req_lang(r), "referrals.title"));
    return reply_page(r, 200, "referrals.mustache", m);
}

/* Where a referral form returns to: its back field when it is a path on this site. */
static const char *back_to(struct req *r, int64_t recoveree_id)
{
    const char *b = req_str(r, "back");
    if (b && next_path_ok(b))
        return b;
    return arena_printf(r->a, "/recoverees/%lld#referrals", (long long)recoveree_id);
}

int h_referral_create(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    struct referral_in in = {.recoveree_id = r->id,
                             .follow_up_on = req_str(r, "follow_up_on"),
                             .note = req_str(r, "note")};
    req_int(r, "resource_id", &in.resource_id);
    if (op_referral_create(&c, &in, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    json_t *m = json_object();
    jset_int(m, "id", res.id);
    jset_int(m, "version", res.version);
    return reply_done(r, 201, arena_printf(r->a, "/recoverees/%lld#referrals", (long long)r->id),
                      m);
}

int h_referral_move(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    struct referral_move_in in = {.referral_id = r->id,
                                  .state = req_str(r, "state"),
                                  .on = req_str(r, "on"),
                                  .follow_up_on = req_str(r, "follow_up_on"),
                                  .note = req_str(r, "note")};
    req_int(r, "version", &in.version);
    if (op_referral_move(&c, &in, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    struct referral f;
    int64_t rid = referral_get(r->db, r->a, r->me.org_id, res.id, &f) == 1 ? f.recoveree_id : 0;
    json_t *m = json_object();
    jset_int(m, "id", res.id);
    jset_int(m, "version", res.version);
    return reply_done(r, 200, rid ? back_to(r, rid) : "/referrals", m);
}

/* ---- routes ------------------------------------------------------------------------ */

static const struct field f_resources[] = {
    {"kind", FT_TOKEN, 32, 0, 0, 0},
    {"language", FT_LINE, 64, 0, 0, 0},
    {"zip", FT_LINE, 10, 0, 0, 0},
    {"q", FT_LINE, 100, 0, 0, 0},
    {"inactive", FT_BOOL, 0, 0, 0, 0},
    {"for", FT_INT, 0, 1, INT64_MAX, 0},
    {"page", FT_INT, 0, 1, 100000, 0},
    {NULL},
};
/* The resource fields; the limits are the operation's (ops_referrals.h), which names each
 * field at fault in words. */
#define RESOURCE_FIELDS(req)                                                                     \
    {"kind", FT_TOKEN, 32, 0, 0, req}, {"name", FT_LINE, RES_NAME_MAX, 0, 0, req},               \
        {"address", FT_LINE, RES_ADDRESS_MAX, 0, 0, 0}, {"zip", FT_LINE, 10, 0, 0, 0},           \
        {"phone", FT_LINE, RES_PHONE_MAX, 0, 0, 0}, {"hours", FT_TEXT, RES_HOURS_MAX, 0, 0, 0},  \
        {"languages", FT_LINE, RES_LANGUAGES_MAX, 0, 0, 0},                                      \
        {"eligibility", FT_TEXT, RES_TEXT_MAX, 0, 0, 0},                                         \
        {"meetings", FT_TEXT, RES_TEXT_MAX, 0, 0, 0},                                            \
        {"website", FT_LINE, RES_WEBSITE_MAX, 0, 0, 0}, {"note", FT_TEXT, RES_TEXT_MAX, 0, 0, 0}
static const struct field f_resource_new[] = {RESOURCE_FIELDS(0), {NULL}};
static const struct field f_resource_create[] = {RESOURCE_FIELDS(FIELD_REQUIRED), {NULL}};
static const struct field f_resource_update[] = {
    RESOURCE_FIELDS(FIELD_REQUIRED),
    {"active", FT_BOOL, 0, 0, 0, 0},
    {"version", FT_INT, 0, 1, INT64_MAX, 0},
    {NULL},
};
static const struct field f_resource_import[] = {
    {"dry_run", FT_BOOL, 0, 0, 0, 0},
    {NULL},
};
static const struct field f_referral_create[] = {
    {"resource_id", FT_INT, 0, 1, INT64_MAX, FIELD_REQUIRED},
    {"follow_up_on", FT_DATE, 10, 0, 0, 0},
    {"note", FT_TEXT, REF_NOTE_MAX, 0, 0, 0},
    {NULL},
};
static const struct field f_referral_move[] = {
    {"state", FT_TOKEN, 16, 0, 0, 0},
    {"on", FT_DATE, 10, 0, 0, 0},
    {"follow_up_on", FT_DATE, 10, 0, 0, 0},
    {"note", FT_TEXT, REF_NOTE_MAX, 0, 0, 0},
    {"version", FT_INT, 0, 1, INT64_MAX, 0},
    {"back", FT_LINE, NEXT_PATH_MAX, 0, 0, 0},
    {NULL},
};

const struct route resources_rows[] = {
    {"GET", "/resources", h_resources, R_STAFF, 0, f_resources,
     "The resource directory, searched by kind, language and ZIP prefix (SV-7)"},
    {"GET", "/resources/new", h_resource_new, RES_EDITORS, RT_PAGE_ONLY, f_resource_new,
     "New resource form"},
    {"POST", "/resources", h_resource_create, RES_EDITORS, 0, f_resource_create,
     "Add a resource to the directory (SV-7)"},
    {"POST", "/resources/import", h_resource_import, RES_EDITORS, RT_UPLOAD, f_resource_import,
     "Import resources from a CSV file, all rows or none"},
    {"GET", "/resources/{id}", h_resource_show, R_STAFF, 0, NULL, "A resource"},
    {"POST", "/resources/{id}", h_resource_update, RES_EDITORS, 0, f_resource_update,
     "Change, deactivate or reactivate a resource (versioned)"},
    {"GET", "/referrals", h_referrals_mine, RC_STAFF, 0, NULL,
     "My open referrals, those due for follow-up first (SV-7)"},
    {"POST", "/recoverees/{id}/referrals", h_referral_create, RC_STAFF, 0, f_referral_create,
     "Refer a recoveree to a resource (SV-7)"},
    {"POST", "/referrals/{id}", h_referral_move, RC_STAFF, 0, f_referral_move,
     "Move a referral: connected, completed or declined, with its date (SV-7)"},
};
const struct route_module rm_resources = ROUTE_MODULE(resources_rows);
