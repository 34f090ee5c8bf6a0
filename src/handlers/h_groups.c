/* h_groups.c - recovery support groups (GR-1..GR-5): the list, a group's page with its
 * schedule, facilitators and members, the facilitator's session view (timer, ground rules,
 * crisis resources, attendance, incidents), the calendar feeds and the organization's session
 * plan templates. The rules are the operations' (ops_groups.c); this file reads the input and
 * builds the view models. */
#include "handlers.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "accounts.h"
#include "civil.h"
#include "forms.h"
#include "group.h"
#include "groups_store.h"
#include "ics.h"
#include "msg.h"
#include "opreply.h"
#include "ops_groups.h"
#include "recoverees.h"
#include "recur.h"
#include "referrals_store.h"
#include "service.h"
#include "tz.h"

/* How far ahead a group's page lists its sessions, and a feed its occurrences. */
#define UPCOMING_DAYS 56
#define FEED_PAST_DAYS 90
#define FEED_AHEAD_DAYS 400
/* The attendance JSON a session's documentation carries (one line per member or guest). */
#define ATTENDANCE_MAX 65536

static int leads(struct req *r)
{
    return r->me.role == ROLE_SUPERVISOR || r->me.role == ROLE_ADMIN;
}

static const char *day_s(struct req *r, int32_t d)
{
    if (d < 0)
        return NULL;
    char *s = arena_alloc(r->a, 11);
    civil_format(d, s);
    return s;
}

static const char *label(struct req *r, const char *prefix, const char *code)
{
    if (!code)
        return NULL;
    const char *t = msg_find(req_lang(r), arena_printf(r->a, "%s.%s", prefix, code));
    return t ? t : code;
}

static const char *person(struct req *r, const char *first, const char *preferred, const char *last)
{
    return arena_printf(r->a, "%s %s", preferred && *preferred ? preferred : first ? first : "",
                        last ? last : "");
}

/* "Tue 2027-03-16, 6:00 pm EDT": a local start for people. */
static const char *when_s(struct req *r, int64_t t)
{
    char s[48];
    tz_format(req_zone(r), t, s, sizeof s);
    return arena_strdup(r->a, s);
}

static json_t *choices(struct req *r, const char *field, const char *const *names, int n,
                       const char *prefix, const char *current)
{
    const char *sel = form_value(r, field);
    if (!sel)
        sel = current;
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:s,s:s,s:b}", "value", names[i], "label",
                                           label(r, prefix, names[i]), "selected",
                                           sel && !strcmp(sel, names[i])));
    return a;
}

static const char *const kind_codes[] = {"recovery_support", "family", "professional"};
static const char *const incident_codes[] = {"relapse", "harm_self", "harm_others"};
static const char *const repeat_codes[] = {"weekly", "biweekly", "monthly", "once", "custom"};

static int store_error(struct req *r)
{
    return reply_error(r, 500, "store", NULL, msg(req_lang(r), "group.err.store"), NULL, NULL,
                       NULL);
}

static int not_found(struct req *r)
{
    return reply_error(r, 404, "not_found", NULL, msg(req_lang(r), "group.err.not_found"), NULL,
                       NULL, NULL);
}

/* ---- the schedule, as people read it --------------------------------------------------- */

/* The group's series for recur.h, with its exceptions (read from the store). */
static int series_of(struct req *r, const struct grp_row *g, struct recur_series *s,
                     struct grp_exception **ex, int *nex)
{
    if (grp_exc_list(r->db, r->a, r->me.org_id, g->id, ex, nex) != 0)
        return -1;
    op_grp_series(r->a, g, *ex, *nex, s);
    return 0;
}


/* The group's sessions held on local days from .. to (at most max). A group without a rule
 * meets once, on its first day. */
static size_t sessions_between(struct req *r, const struct recur_series *s, int32_t from,
                               int32_t to, struct recur_occ *out, size_t max)
{
    size_t n = 0;
    if (!s->rrule) {
        if (s->start_day >= from && s->start_day <= to && max > 0 && s->ncancelled == 0) {
            int64_t st = tz_utc_of(req_zone(r), s->start_day, s->start_sec);
            out[0] = (struct recur_occ){.orig_day = s->start_day, .day = s->start_day,
                                        .sec = s->start_sec, .start_utc = st,
                                        .end_utc = st + (int64_t)s->minutes * 60};
            n = 1;
        }
        return n;
    }
    enum recur_err e = recur_expand(req_zone(r), s, from, to, out, max, &n);
    return e == RECUR_OK || e == RECUR_TRUNCATED ? n : 0;
}

static json_t *group_j(struct req *r, const struct grp_row *g)
{
    json_t *j = json_object();
    jset_int(j, "id", g->id);
    jset_str(j, "name", g->name);
    jset_str(j, "kind", g->kind);
    jset_str(j, "kind_label", label(r, "group.kind", g->kind));
    jset_str(j, "place", g->place);
    jset_str(j, "video_link", g->video_link);
    jset_int(j, "capacity", g->capacity);
    jset_int(j, "members", g->members);
    jset_str(j, "ground_rules", g->ground_rules);
    jset_str(j, "setting", g->setting);
    jset_str(j, "activity", g->activity);
    jset_str(j, "funding_source", g->funding_source);
    jset_str(j, "start_date", g->start_date);
    jset_str(j, "start_time", g->start_time);
    jset_int(j, "minutes", g->minutes);
    jset_str(j, "rrule", g->rrule);
    const char *said = g->rrule ? recur_describe(r->a, req_lang(r), g->rrule,
                                                 svc_parse_clock(g->start_time))
                                : NULL;
    jset_str(j, "schedule_label",
             said ? said
                  : msg_fmt(r->a, req_lang(r), "group.once", "date", g->start_date, "time",
                            g->start_time, NULL));
    jset_int(j, "template_id", g->template_id);
    jset_bool(j, "active", g->active);
    jset_int(j, "version", g->version);
    jset_str(j, "href", arena_printf(r->a, "/groups/%lld", (long long)g->id));
    return j;
}

/* ---- the list ----------------------------------------------------------------------------- */

int h_groups(struct req *r)
{
    struct grp_row *g;
    int n;
    /* Facilitators see the groups they facilitate; everyone else every group (names and
     * schedules are not about anyone). */
    int64_t only = r->me.role == ROLE_FACILITATOR ? r->me.user_id : 0;
    if (grp_list(r->db, r->a, r->me.org_id, only, &g, &n) != 0)
        return store_error(r);
    json_t *m = json_object(), *items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, group_j(r, &g[i]));
    jset(m, "groups", items);
    jset_bool(m, "has_groups", n > 0);
    jset_bool(m, "leads", leads(r));
    jset_str(m, "title", msg(req_lang(r), "group.list.title"));
    return reply_page(r, 200, "groups.mustache", m);
}

/* ---- new and edit -------------------------------------------------------------------------- */

/* The form's "repeat" choice as an RRULE from the first session's day: weekly or every other
 * week on its weekday, monthly on its nth weekday (the fifth is "the last"), once, or the
 * rule typed (custom; the API sends rrule itself). */
static const char *rrule_of(struct req *r, const char *repeat, const char *start_date,
                            const char *typed)
{
    static const char *const wd[7] = {"SU", "MO", "TU", "WE", "TH", "FR", "SA"};
    if (!repeat || !strcmp(repeat, "custom"))
        return typed;
    if (!strcmp(repeat, "once"))
        return NULL;
    int32_t d = start_date ? civil_parse(start_date) : -1;
    if (d < 0)
        return typed; /* the date's own message says what is wrong */
    const char *day = wd[recur_weekday(d)];
    if (!strcmp(repeat, "weekly"))
        return arena_printf(r->a, "FREQ=WEEKLY;BYDAY=%s", day);
    if (!strcmp(repeat, "biweekly"))
        return arena_printf(r->a, "FREQ=WEEKLY;INTERVAL=2;BYDAY=%s", day);
    if (!strcmp(repeat, "monthly")) {
        int y, mo, dd;
        civil_split(d, &y, &mo, &dd);
        int nth = (dd - 1) / 7 + 1;
        return arena_printf(r->a, "FREQ=MONTHLY;BYDAY=%d%s", nth > 4 ? -1 : nth, day);
    }
    return typed;
}

static void group_in_of(struct req *r, struct grp_in *in)
{
    int64_t v;
    *in = (struct grp_in){
        .name = req_str(r, "name"),
        .kind = req_str(r, "kind"),
        .place = req_str(r, "place"),
        .video_link = req_str(r, "video_link"),
        .ground_rules = req_str(r, "ground_rules"),
        .setting = req_str(r, "setting"),
        .activity = req_str(r, "activity"),
        .funding_source = req_str(r, "funding_source"),
        .start_date = req_str(r, "start_date"),
        .start_time = req_str(r, "start_time"),
        .active = 1,
    };
    in->rrule = rrule_of(r, req_str(r, "repeat"), in->start_date, req_str(r, "rrule"));
    if (req_int(r, "capacity", &v))
        in->capacity = v;
    if (req_int(r, "minutes", &v))
        in->minutes = v;
    if (req_int(r, "template_id", &v))
        in->template_id = v;
    if (req_int(r, "active", &v))
        in->active = (int)v;
    if (req_int(r, "version", &v))
        in->version = v;
}

/* The form's choices: kinds, templates, settings, activities and funding sources. */
static void group_form_into(struct req *r, json_t *m, const struct grp_row *g)
{
    jset(m, "kinds", choices(r, "kind", kind_codes, 3, "group.kind",
                             g ? g->kind : "recovery_support"));
    static const char *settings[SET__COUNT], *activities[ACT__COUNT], *fundings[FUND__COUNT];
    for (int i = 0; i < SET__COUNT; i++)
        settings[i] = svc_setting_name((enum svc_setting)i);
    for (int i = 0; i < ACT__COUNT; i++)
        activities[i] = svc_activity_name((enum svc_activity)i);
    for (int i = 0; i < FUND__COUNT; i++)
        fundings[i] = svc_funding_name((enum svc_funding)i);
    jset(m, "settings", choices(r, "setting", settings, SET__COUNT, "service.setting",
                                g ? g->setting : "recovery_center"));
    jset(m, "activities", choices(r, "activity", activities, ACT__COUNT, "service.activity",
                                  g ? g->activity : "educator"));
    jset(m, "fundings", choices(r, "funding_source", fundings, FUND__COUNT, "service.funding",
                                g ? g->funding_source : NULL));
    struct grp_template *t;
    int nt = 0;
    json_t *tpl = json_array();
    const char *sel = form_value(r, "template_id");
    int64_t cur = sel ? atoll(sel) : g ? g->template_id : 0;
    if (grp_tpl_list(r->db, r->a, r->me.org_id, &t, &nt) == 0)
        for (int i = 0; i < nt; i++)
            json_array_append_new(tpl, json_pack("{s:I,s:s,s:b}", "id", (json_int_t)t[i].id,
                                                 "name", t[i].name, "selected", t[i].id == cur));
    jset(m, "templates", tpl);
    const char *rep = form_value(r, "repeat");
    if (!rep)
        rep = !g ? "weekly" : !g->rrule ? "once" : "custom";
    jset(m, "repeats", choices(r, "repeat", repeat_codes, 5, "group.repeat", rep));
    jset_str(m, "today", day_s(r, req_today(r)));
    jset_str(m, "default_rules", msg(req_lang(r), "group.default_ground_rules"));
}

int h_group_new(struct req *r)
{
    json_t *m = json_object();
    group_form_into(r, m, NULL);
    jset_str(m, "title", msg(req_lang(r), "group.new.title"));
    jset_str(m, "action", "/groups");
    return reply_page(r, 200, "group_form.mustache", m);
}

int h_group_create(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    struct grp_in in;
    group_in_of(r, &in);
    if (op_grp_create(&c, &in, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    json_t *m = json_object();
    jset_int(m, "id", res.id);
    jset_int(m, "version", res.version);
    return reply_done(r, 201, arena_printf(r->a, "/groups/%lld", (long long)res.id), m);
}

int h_group_edit_form(struct req *r)
{
    struct grp_row g;
    int rc = grp_get(r->db, r->a, r->me.org_id, r->id, &g);
    if (rc < 0)
        return store_error(r);
    if (rc == 0)
        return not_found(r);
    json_t *m = json_object();
    group_form_into(r, m, &g);
    jset(m, "group", group_j(r, &g));
    jset_bool(m, "editing", 1);
    jset_str(m, "title", msg_fmt(r->a, req_lang(r), "group.edit.title", "name", g.name, NULL));
    jset_str(m, "action", arena_printf(r->a, "/groups/%lld", (long long)g.id));
    return reply_page(r, 200, "group_form.mustache", m);
}

int h_group_update(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    struct grp_in in;
    group_in_of(r, &in);
    if (op_grp_edit(&c, r->id, &in, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    json_t *m = json_object();
    jset_int(m, "id", res.id);
    jset_int(m, "version", res.version);
    return reply_done(r, 200, arena_printf(r->a, "/groups/%lld", (long long)res.id), m);
}

/* ---- a group's page ---------------------------------------------------------------------- */

/* GR-3: the members who have not shared for policy group_silent_sessions sessions or more. */
static json_t *not_sharing_j(struct req *r, const struct grp_row *g, const struct grp_member *m,
                             int nm)
{
    struct grp_mark *k;
    int nk;
    json_t *a = json_array();
    if (grp_att_marks(r->db, r->a, r->me.org_id, g->id, &k, &nk) != 0)
        return a;
    int64_t limit = r->pol.v[POL_GROUP_SILENT_SESSIONS];
    for (int i = 0; i < nm; i++) {
        int att[64], sh[64];
        size_t n = 0;
        for (int j = 0; j < nk && n < 64; j++)
            if (k[j].recoveree_id == m[i].recoveree_id) {
                att[n] = grp_att_attended((enum grp_att)grp_att_parse(k[j].status));
                sh[n++] = k[j].shared;
            }
        int without = grp_sessions_without_sharing(att, sh, n);
        if (limit > 0 && without >= limit)
            json_array_append_new(
                a, json_pack("{s:I,s:s,s:i,s:s}", "recoveree_id", (json_int_t)m[i].recoveree_id,
                             "name", person(r, m[i].first_name, m[i].preferred_name, m[i].last_name),
                             "sessions", without, "label",
                             msg_plural(r->a, req_lang(r), "group.not_shared", without, NULL)));
    }
    return a;
}

int h_group_show(struct req *r)
{
    struct grp_row g;
    int rc = grp_get(r->db, r->a, r->me.org_id, r->id, &g);
    if (rc < 0)
        return store_error(r);
    if (rc == 0)
        return not_found(r);
    struct op_ctx c;
    op_ctx_from_req(r, &c);
    int runs = op_grp_may_run(&c, g.id);
    if (runs < 0)
        return store_error(r);
    /* A facilitator sees only the groups they facilitate. */
    if (!runs && r->me.role == ROLE_FACILITATOR)
        return not_found(r);
    json_t *m = json_object();
    jset(m, "group", group_j(r, &g));
    jset_str(m, "title", g.name);
    jset_bool(m, "leads", leads(r));
    jset_bool(m, "runs", runs);
    jset_str(m, "today", day_s(r, req_today(r)));
    /* The facilitators. */
    struct grp_facilitator *f;
    int nf;
    if (grp_fac_list(r->db, r->a, r->me.org_id, g.id, &f, &nf) != 0)
        return store_error(r);
    json_t *fa = json_array();
    for (int i = 0; i < nf; i++)
        json_array_append_new(fa, json_pack("{s:I,s:s,s:s,s:b}", "user_id",
                                            (json_int_t)f[i].user_id, "name", f[i].name,
                                            "role_label",
                                            role_label((enum role)role_parse(f[i].role)),
                                            "contracted", f[i].contracted));
    jset(m, "facilitators", fa);
    /* Staff who could be named (leads only). */
    if (leads(r)) {
        struct user *u;
        int nu = 0;
        json_t *staff = json_array();
        int64_t ut;
        if (user_page(r->db, r->a, r->me.org_id, NULL, NULL, 500, 0, &u, &nu, &ut) == 0)
            for (int i = 0; i < nu; i++)
                if (!u[i].disabled && u[i].role != ROLE_AUDITOR)
                    json_array_append_new(
                        staff, json_pack("{s:I,s:s,s:s}", "id", (json_int_t)u[i].id, "name",
                                         u[i].display_name, "role_label",
                                         role_label((enum role)u[i].role)));
        jset(m, "staff", staff);
    }
    /* The roster: for those who run the group. */
    if (runs) {
        struct grp_member *mem;
        int nm;
        if (grp_mem_list(r->db, r->a, r->me.org_id, g.id, &mem, &nm) != 0)
            return store_error(r);
        json_t *ma = json_array();
        for (int i = 0; i < nm; i++)
            json_array_append_new(
                ma, json_pack("{s:I,s:s,s:s,s:s?,s:b}", "recoveree_id",
                              (json_int_t)mem[i].recoveree_id, "name",
                              person(r, mem[i].first_name, mem[i].preferred_name, mem[i].last_name),
                              "joined_on", mem[i].joined_on, "agreed_on", mem[i].agreed_on,
                              "agreed", mem[i].agreed_on != NULL));
        jset(m, "roster", ma);
        jset_bool(m, "has_roster", nm > 0);
        json_t *ns = not_sharing_j(r, &g, mem, nm);
        jset_bool(m, "has_not_sharing", json_array_size(ns) > 0);
        jset(m, "not_sharing", ns);
        jset_int(m, "silent_sessions", r->pol.v[POL_GROUP_SILENT_SESSIONS]);
    }
    /* The coming sessions and the exceptions. */
    struct recur_series s;
    struct grp_exception *ex;
    int nex;
    if (series_of(r, &g, &s, &ex, &nex) != 0)
        return store_error(r);
    struct recur_occ occ[64];
    size_t no = 0;
    int32_t today = req_today(r);
    no = sessions_between(r, &s, today - 1, today + UPCOMING_DAYS, occ, 64);
    json_t *up = json_array();
    for (size_t i = 0; i < no && json_array_size(up) < 12; i++) {
        if (occ[i].day < today)
            continue;
        json_array_append_new(up, json_pack("{s:s,s:s,s:b,s:b}", "date", day_s(r, occ[i].orig_day),
                                            "when", when_s(r, occ[i].start_utc), "moved",
                                            (occ[i].flags & RECUR_MOVED) != 0, "is_today", occ[i].day == today));
    }
    jset(m, "upcoming", up);
    jset_bool(m, "has_upcoming", json_array_size(up) > 0);
    json_t *ea = json_array();
    for (int i = 0; i < nex; i++)
        json_array_append_new(ea, json_pack("{s:s,s:s,s:s,s:s?,s:s?,s:s}", "orig_date",
                                            ex[i].orig_date, "kind", ex[i].kind, "kind_label",
                                            label(r, "group.exception", ex[i].kind), "new_date",
                                            ex[i].new_date, "new_time", ex[i].new_time, "reason",
                                            ex[i].reason));
    jset(m, "exceptions", ea);
    jset_bool(m, "has_exceptions", nex > 0);
    jset_str(m, "feed_href", arena_printf(r->a, "/groups/%lld/calendar.ics", (long long)g.id));
    req_audit_read(r, "group.view", "group", g.id, NULL);
    return reply_page(r, 200, "group.mustache", m);
}

/* ---- facilitators, members, exceptions: one operation each ----------------------------- */

static int done_to_group(struct req *r, struct op_result *res, int64_t group_id)
{
    json_t *m = json_object();
    jset_int(m, "id", group_id);
    if (res->message)
        jset_str(m, "message", res->message);
    return reply_done(r, 200, arena_printf(r->a, "/groups/%lld", (long long)group_id), m);
}

int h_group_facilitator_add(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    int64_t user = 0, contracted = 0;
    req_int(r, "user_id", &user);
    req_int(r, "contracted", &contracted);
    if (op_grp_facilitator_add(&c, r->id, user, (int)contracted, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    return done_to_group(r, &res, r->id);
}

int h_group_facilitator_remove(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    if (op_grp_facilitator_remove(&c, r->id, r->id2, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    return done_to_group(r, &res, r->id);
}

/* Where a member form sent from a recoveree's page returns: that page. */
static const char *back_or_group(struct req *r, int64_t group_id)
{
    const char *back = req_str(r, "back");
    if (back && next_path_ok(back))
        return back;
    return arena_printf(r->a, "/groups/%lld", (long long)group_id);
}

int h_group_member_add(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    int64_t who = 0, agreed = 0, gid = r->id;
    req_int(r, "recoveree_id", &who);
    req_int(r, "agreed", &agreed);
    if (!gid)
        req_int(r, "group_id", &gid);
    if (op_grp_member_add(&c, gid, who, (int)agreed, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    json_t *m = json_object();
    jset_int(m, "id", gid);
    return reply_done(r, 200, back_or_group(r, gid), m);
}

int h_group_member_leave(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    if (op_grp_member_leave(&c, r->id, r->id2, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    return done_to_group(r, &res, r->id);
}

int h_group_member_agree(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    if (op_grp_member_agree(&c, r->id, r->id2, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    json_t *m = json_object();
    jset_int(m, "id", r->id);
    return reply_done(r, 200, back_or_group(r, r->id), m);
}

int h_group_exception(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    if (op_grp_exception(&c, r->id, req_str(r, "orig_date"), req_str(r, "new_date"),
                         req_str(r, "new_time"), req_str(r, "reason"), &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    return done_to_group(r, &res, r->id);
}

int h_group_exception_undo(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    if (op_grp_exception_undo(&c, r->id, req_str(r, "orig_date"), &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    return done_to_group(r, &res, r->id);
}

/* ---- sessions ---------------------------------------------------------------------------- */

int h_group_session_open(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    const char *day = req_str(r, "date");
    if (!day)
        day = day_s(r, req_today(r));
    if (op_grp_session_open(&c, r->id, day, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    json_t *m = json_object();
    jset_int(m, "id", res.id);
    jset_int(m, "version", res.version);
    return reply_done(r, 200, arena_printf(r->a, "/sessions/%lld", (long long)res.id), m);
}

/* The plan's segments for the timer: each label in the reader's words (built-in labels are
 * message ids), its minutes and where it starts. */
static json_t *segments_j(struct req *r, const char *text, int *total)
{
    struct grp_plan p;
    const char *why;
    json_t *a = json_array();
    *total = 0;
    if (grp_plan_parse(text, &p, &why) != 0)
        return a;
    int at = 0;
    for (int i = 0; i < p.n; i++) {
        const char *l = p.seg[i].label;
        const char *said = strncmp(l, "group.seg.", 10) == 0 ? msg_find(req_lang(r), l) : NULL;
        json_array_append_new(a, json_pack("{s:i,s:s,s:i,s:i}", "index", i, "label",
                                           said ? said : l, "minutes", p.seg[i].minutes,
                                           "starts", at));
        at += p.seg[i].minutes;
    }
    *total = at;
    return a;
}

/* The plan as its editable text, built-in labels said in the reader's words. */
static const char *plan_editable(struct req *r, const char *text)
{
    struct grp_plan p;
    const char *why;
    if (grp_plan_parse(text, &p, &why) != 0)
        return text;
    for (int i = 0; i < p.n; i++)
        if (strncmp(p.seg[i].label, "group.seg.", 10) == 0) {
            const char *said = msg_find(req_lang(r), p.seg[i].label);
            if (said)
                snprintf(p.seg[i].label, sizeof p.seg[i].label, "%s", said);
        }
    char *out = arena_alloc(r->a, 8192);
    return grp_plan_format(&p, out, 8192) == 0 ? out : text;
}

/* Crisis resources one tap away (GR-5): 988 always, and the directory's crisis lines. */
static json_t *crisis_j(struct req *r)
{
    json_t *a = json_array();
    struct resource_search q = {.q = "crisis"};
    struct resource *res;
    int n = 0;
    int64_t total;
    if (resource_search(r->db, r->a, r->me.org_id, &q, 6, 0, &res, &n, &total) == 0)
        for (int i = 0; i < n; i++)
            if (res[i].phone)
                json_array_append_new(a, json_pack("{s:s,s:s}", "name", res[i].name, "phone",
                                                   res[i].phone));
    return a;
}

int h_session_show(struct req *r)
{
    struct grp_session s;
    struct grp_row g;
    int rc = grp_ses_get(r->db, r->a, r->me.org_id, r->id, &s);
    if (rc < 0)
        return store_error(r);
    if (rc == 0 || grp_get(r->db, r->a, r->me.org_id, s.group_id, &g) != 1)
        return not_found(r);
    struct op_ctx c;
    op_ctx_from_req(r, &c);
    int runs = op_grp_may_run(&c, g.id);
    if (runs < 0)
        return store_error(r);
    if (!runs)
        return not_found(r);
    const char *lang = req_lang(r);
    json_t *m = json_object();
    jset(m, "group", group_j(r, &g));
    jset_str(m, "title", msg_fmt(r->a, lang, "session.title", "group", g.name, "date",
                                 s.session_date, NULL));
    json_t *sj = json_object();
    jset_int(sj, "id", s.id);
    jset_str(sj, "date", s.session_date);
    jset_str(sj, "when", when_s(r, s.starts_at));
    jset_int(sj, "starts_at", s.starts_at);
    jset_int(sj, "minutes", s.minutes);
    jset_str(sj, "topic", s.topic);
    jset_str(sj, "handouts", s.handouts);
    jset_str(sj, "note", s.note);
    jset_int(sj, "version", s.version);
    jset_bool(sj, "documented", s.documented_at != 0);
    jset(sj, "documented_at", view_time(s.documented_at));
    int total = 0;
    jset(sj, "segments", segments_j(r, s.segments, &total));
    jset_int(sj, "plan_minutes", total);
    jset_str(sj, "plan_text", plan_editable(r, s.segments));
    json_t *ho = json_array();
    for (const char *p = s.handouts; p && *p;) {
        const char *e = strchr(p, '\n');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if (l)
            json_array_append_new(ho, json_stringn(p, l));
        p = e ? e + 1 : p + l;
    }
    jset_bool(sj, "has_handouts", json_array_size(ho) > 0);
    jset(sj, "handout_list", ho);
    jset(m, "session", sj);
    /* Members, marked or to be marked. */
    struct grp_member *mem;
    int nm;
    if (grp_mem_list(r->db, r->a, r->me.org_id, g.id, &mem, &nm) != 0)
        return store_error(r);
    /* GR-3: who has not shared for the policy's number of sessions, said beside their name. */
    json_t *quiet = not_sharing_j(r, &g, mem, nm);
    json_t *ma = json_array();
    for (int i = 0; i < nm; i++) {
        json_t *e = json_pack("{s:I,s:s,s:b}", "recoveree_id", (json_int_t)mem[i].recoveree_id,
                              "name",
                              person(r, mem[i].first_name, mem[i].preferred_name, mem[i].last_name),
                              "agreed", mem[i].agreed_on != NULL);
        for (size_t k = 0; k < json_array_size(quiet); k++) {
            json_t *q = json_array_get(quiet, k);
            if (json_integer_value(json_object_get(q, "recoveree_id")) == mem[i].recoveree_id)
                jset_str(e, "not_shared", json_string_value(json_object_get(q, "label")));
        }
        json_array_append_new(ma, e);
    }
    json_decref(quiet);
    jset(m, "members", ma);
    jset_bool(m, "has_members", nm > 0);
    if (s.documented_at) {
        struct grp_attendance *at;
        int na;
        if (grp_att_list(r->db, r->a, r->me.org_id, s.id, &at, &na) != 0)
            return store_error(r);
        json_t *aa = json_array();
        for (int i = 0; i < na; i++) {
            json_t *e = json_object();
            jset_str(e, "name", at[i].recoveree_id ? person(r, at[i].first_name,
                                                             at[i].preferred_name, at[i].last_name)
                                                   : at[i].guest_name);
            jset_bool(e, "guest", at[i].recoveree_id == 0);
            jset_str(e, "guest_role", at[i].guest_role);
            jset_str(e, "status", at[i].status);
            jset_str(e, "status_label", label(r, "session.att", at[i].status));
            jset_bool(e, "shared", at[i].shared);
            jset_str(e, "note", at[i].note);
            if (at[i].service_id)
                jset_str(e, "service_href",
                         arena_printf(r->a, "/services/%lld", (long long)at[i].service_id));
            json_array_append_new(aa, e);
        }
        jset(m, "attendance", aa);
    }
    struct grp_incident_row *inc;
    int ni;
    if (grp_inc_of_session(r->db, r->a, r->me.org_id, s.id, &inc, &ni) != 0)
        return store_error(r);
    json_t *ia = json_array();
    for (int i = 0; i < ni; i++)
        json_array_append_new(
            ia, json_pack("{s:I,s:s,s:s,s:o,s:s}", "id", (json_int_t)inc[i].id, "name",
                          person(r, inc[i].first_name, inc[i].preferred_name, inc[i].last_name),
                          "kind_label", label(r, "incident.kind", inc[i].kind), "at",
                          view_time(inc[i].reported_at), "href",
                          arena_printf(r->a, "/incidents/%lld", (long long)inc[i].id)));
    jset(m, "incidents", ia);
    jset_bool(m, "has_incidents", ni > 0);
    jset(m, "incident_kinds", choices(r, "kind", incident_codes, 3, "incident.kind", NULL));
    jset(m, "crisis", crisis_j(r));
    jset_int(m, "now", (int64_t)time(NULL));
    req_audit_read(r, "group.session_view", "group_session", s.id, NULL);
    return reply_page(r, 200, "session.mustache", m);
}

int h_session_plan(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    int64_t version = 0;
    req_int(r, "version", &version);
    if (op_grp_session_plan(&c, r->id, version, req_str(r, "segments"), req_str(r, "topic"),
                            req_str(r, "handouts"), &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    json_t *m = json_object();
    jset_int(m, "id", res.id);
    jset_int(m, "version", res.version);
    return reply_done(r, 200, arena_printf(r->a, "/sessions/%lld", (long long)r->id), m);
}

/* The attendance JSON: [{"recoveree_id": 12, "status": "present", "shared": true, "note":
 * "..."}, {"guest_name": "...", "guest_role": "...", "status": "present"}]. 0, or -1 when it
 * is not that shape. */
static int attendance_of(struct req *r, const char *text, struct grp_att_in **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!text || !*text)
        return 0;
    json_error_t err;
    json_t *a = json_loads(text, 0, &err);
    if (!a || !json_is_array(a) || json_array_size(a) > 500) {
        json_decref(a);
        return -1;
    }
    size_t cnt = json_array_size(a);
    struct grp_att_in *v = arena_alloc(r->a, sizeof *v * (cnt ? cnt : 1));
    for (size_t i = 0; i < cnt; i++) {
        json_t *e = json_array_get(a, i);
        if (!json_is_object(e)) {
            json_decref(a);
            return -1;
        }
        json_t *rid = json_object_get(e, "recoveree_id");
        const char *st = json_string_value(json_object_get(e, "status"));
        const char *gn = json_string_value(json_object_get(e, "guest_name"));
        const char *gr = json_string_value(json_object_get(e, "guest_role"));
        const char *note = json_string_value(json_object_get(e, "note"));
        v[i] = (struct grp_att_in){
            .recoveree_id = json_is_integer(rid) ? (int64_t)json_integer_value(rid) : 0,
            .status = st ? arena_strdup(r->a, st) : NULL,
            .guest_name = gn ? arena_strdup(r->a, gn) : NULL,
            .guest_role = gr ? arena_strdup(r->a, gr) : NULL,
            .shared = json_is_true(json_object_get(e, "shared")),
            .note = note ? arena_strdup(r->a, note) : NULL,
        };
        if (rid && !json_is_integer(rid)) {
            json_decref(a);
            return -1;
        }
    }
    json_decref(a);
    *out = v;
    *n = cnt;
    return 0;
}

int h_session_document(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    int64_t version = 0, fac = 0;
    req_int(r, "version", &version);
    req_int(r, "facilitator_id", &fac);
    struct grp_att_in *att;
    size_t n;
    if (attendance_of(r, req_str(r, "attendance"), &att, &n) != 0)
        return reply_error(r, 400, "invalid", "GR-3", msg(req_lang(r), "group.err.attendance"),
                           "attendance", NULL, NULL);
    if (op_grp_session_document(&c, r->id, version, att, n, req_str(r, "note"),
                                req_str(r, "boundary_reason"), fac, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    json_t *m = json_object();
    jset_int(m, "id", res.id);
    jset_int(m, "version", res.version);
    return reply_done(r, 200, arena_printf(r->a, "/sessions/%lld", (long long)r->id), m);
}

int h_session_incident(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    int64_t who = 0;
    req_int(r, "recoveree_id", &who);
    if (op_grp_incident(&c, r->id, who, req_str(r, "kind"), req_str(r, "details"), &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    json_t *m = json_object();
    jset_int(m, "id", res.id);
    jset_str(m, "message", res.message);
    return reply_done(r, 201, arena_printf(r->a, "/incidents/%lld", (long long)res.id), m);
}

/* GR-5: an incident, for its reporter, the group's leads, and whom it reached (the details
 * only under the consent that allowed them to go). */
int h_incident_show(struct req *r)
{
    struct grp_incident_row x;
    int rc = grp_inc_get(r->db, r->a, r->me.org_id, r->id, &x);
    if (rc < 0)
        return store_error(r);
    int reporter = rc == 1 && x.reported_by == r->me.user_id;
    int notified = rc == 1 && x.notified_user == r->me.user_id;
    int lead = leads(r);
    int64_t sup = 0;
    if (rc == 1 && !reporter && !notified && !lead && x.notified_user &&
        grp_supervisor_of(r->db, r->me.org_id, x.notified_user, day_s(r, req_today(r)), &sup) == 1 &&
        sup == r->me.user_id)
        notified = 1; /* the escalation's recipient */
    if (rc == 0 || (!reporter && !notified && !lead))
        return reply_error(r, 404, "not_found", NULL, msg(req_lang(r), "incident.err.not_found"),
                           NULL, NULL, NULL);
    int details = reporter || lead || x.shared;
    json_t *m = json_object();
    json_t *j = json_object();
    jset_int(j, "id", x.id);
    jset_str(j, "group", x.group_name);
    jset_str(j, "group_href", arena_printf(r->a, "/groups/%lld", (long long)x.group_id));
    if (x.session_id && (reporter || lead))
        jset_str(j, "session_href", arena_printf(r->a, "/sessions/%lld", (long long)x.session_id));
    jset_str(j, "reported_by", x.reported_by_name);
    jset(j, "reported_at", view_time(x.reported_at));
    jset_bool(j, "details_shown", details);
    jset_bool(j, "shared", x.shared);
    if (details) {
        jset_str(j, "name", person(r, x.first_name, x.preferred_name, x.last_name));
        jset_int(j, "recoveree_id", x.recoveree_id);
        jset_str(j, "kind", x.kind);
        jset_str(j, "kind_label", label(r, "incident.kind", x.kind));
        jset_str(j, "details", x.details);
    }
    jset(m, "incident", j);
    jset_str(m, "title", msg(req_lang(r), "incident.title"));
    req_audit_read(r, "incident.view", "incident", x.id, details ? "details" : "notice only");
    return reply_page(r, 200, "incident.mustache", m);
}

/* ---- the calendar feeds ----------------------------------------------------------------- */

/* One group's series as a feed's event (strings in the request's arena). */
static int feed_event(struct req *r, const struct grp_row *g, struct ics_event *e)
{
    struct grp_exception *ex;
    int nex;
    struct recur_series s;
    if (series_of(r, g, &s, &ex, &nex) != 0)
        return -1;
    *e = (struct ics_event){
        .uid = arena_printf(r->a, "group-%lld@%s.peerdesk", (long long)g->id,
                            r->me.org_slug ? r->me.org_slug : "org"),
        .summary = g->name,
        .location = g->place,
        .url = g->video_link,
        .description = g->ground_rules,
        .sequence = (int)(g->version - 1),
        .series = s,
    };
    return 0;
}

/* The calendar of events[0..n) as text/calendar. */
static int feed_reply(struct req *r, const struct ics_event *events, size_t n, const char *name,
                      const char *file)
{
    struct ics_calendar cal = {.zone = req_zone(r), .stamp = (int64_t)time(NULL), .name = name,
                               .events = events, .nevents = n};
    buf b = {0};
    size_t bad = 0;
    if (ics_write(&b, &cal, &bad) != ICS_OK) {
        buf_free(&b);
        return store_error(r);
    }
    reply_header(r, "Content-Disposition", arena_printf(r->a, "inline; filename=\"%s.ics\"", file));
    reply_header(r, "Cache-Control", "private, no-store");
    int rc = reply_raw(r, 200, "text/calendar; charset=utf-8", b.data, b.len);
    buf_free(&b);
    return rc;
}

int h_group_calendar(struct req *r)
{
    struct grp_row g;
    int rc = grp_get(r->db, r->a, r->me.org_id, r->id, &g);
    if (rc < 0)
        return store_error(r);
    if (rc == 0)
        return not_found(r);
    if (r->me.role == ROLE_FACILITATOR) {
        struct op_ctx c;
        op_ctx_from_req(r, &c);
        if (op_grp_may_run(&c, g.id) != 1)
            return not_found(r);
    }
    struct ics_event e;
    if (feed_event(r, &g, &e) != 0)
        return store_error(r);
    return feed_reply(r, &e, 1, g.name, arena_printf(r->a, "group-%lld", (long long)g.id));
}

/* The signed-in person's feed: every group they facilitate. */
int h_my_calendar(struct req *r)
{
    struct grp_row *g;
    int n;
    if (grp_list(r->db, r->a, r->me.org_id, r->me.user_id, &g, &n) != 0)
        return store_error(r);
    struct ics_event *ev = arena_alloc(r->a, sizeof *ev * (size_t)(n ? n : 1));
    size_t k = 0;
    for (int i = 0; i < n; i++)
        if (g[i].active && feed_event(r, &g[i], &ev[k++]) != 0)
            return store_error(r);
    return feed_reply(r, ev, k, msg(req_lang(r), "group.list.my_feed"), "my-groups");
}

/* ---- session plan templates ---------------------------------------------------------- */

int h_group_templates(struct req *r)
{
    struct grp_template *t;
    int n;
    if (grp_tpl_list(r->db, r->a, r->me.org_id, &t, &n) != 0)
        return store_error(r);
    json_t *m = json_object(), *a = json_array();
    for (int i = 0; i < n; i++) {
        int total = 0;
        json_t *e = json_pack("{s:I,s:s,s:s,s:I}", "id", (json_int_t)t[i].id, "name", t[i].name,
                              "segments", plan_editable(r, t[i].segments), "version",
                              (json_int_t)t[i].version);
        jset(e, "segment_list", segments_j(r, t[i].segments, &total));
        jset_int(e, "total", total);
        json_array_append_new(a, e);
    }
    jset(m, "templates", a);
    struct grp_plan p;
    grp_default_plan(&p);
    char def[1024];
    grp_plan_format(&p, def, sizeof def);
    int total = 0;
    jset(m, "default_segments", segments_j(r, def, &total));
    jset_int(m, "default_total", total);
    jset_str(m, "default_text", plan_editable(r, def));
    jset_bool(m, "leads", leads(r));
    jset_str(m, "title", msg(req_lang(r), "group.templates.title"));
    return reply_page(r, 200, "group_templates.mustache", m);
}

int h_group_template_save(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    int64_t version = 0;
    req_int(r, "version", &version);
    if (op_grp_template_save(&c, r->id, version, req_str(r, "name"), req_str(r, "segments"),
                             &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    json_t *m = json_object();
    jset_int(m, "id", res.id);
    jset_int(m, "version", res.version);
    return reply_done(r, r->id ? 200 : 201, "/groups/templates", m);
}

/* ---- a recoveree's groups (their record) and today's sessions (home) ----------------- */

void recoveree_add_groups(struct req *r, json_t *m, int64_t recoveree_id)
{
    json_t *j = json_object();
    struct grp_visit *v;
    int nv;
    struct grp_membership *g;
    int ng;
    /* Two reads: every group with the person's membership, and their attendance. */
    if (grp_for_recoveree(r->db, r->a, r->me.org_id, recoveree_id, &g, &ng) != 0 ||
        grp_att_of_recoveree(r->db, r->a, r->me.org_id, recoveree_id, &v, &nv) != 0) {
        jset_str(j, "error", msg(req_lang(r), "group.err.store"));
        jset(m, "groups", j);
        return;
    }
    int can = json_is_true(json_object_get(m, "can_edit"));
    json_t *ga = json_array(), *join = json_array();
    for (int i = 0; i < ng; i++) {
        if (g[i].member)
            json_array_append_new(ga, json_pack("{s:I,s:s,s:s}", "id", (json_int_t)g[i].id,
                                                "name", g[i].name, "href",
                                                arena_printf(r->a, "/groups/%lld",
                                                             (long long)g[i].id)));
        else if (g[i].active && can)
            json_array_append_new(join, json_pack("{s:I,s:s}", "id", (json_int_t)g[i].id,
                                                  "name", g[i].name));
    }
    jset_bool(j, "has_groups", json_array_size(ga) > 0);
    jset(j, "member_of", ga);
    json_t *va = json_array();
    for (int i = 0; i < nv; i++) {
        json_t *e = json_pack("{s:s,s:s,s:s,s:s}", "group", v[i].group_name, "date",
                              v[i].session_date, "status", v[i].status, "status_label",
                              label(r, "session.att", v[i].status));
        if (v[i].service_id)
            jset_str(e, "service_href",
                     arena_printf(r->a, "/services/%lld", (long long)v[i].service_id));
        json_array_append_new(va, e);
    }
    jset(j, "visits", va);
    jset_bool(j, "has_visits", nv > 0);
    jset(j, "can_join", join);
    jset_bool(j, "has_join", json_array_size(join) > 0);
    jset_int(j, "recoveree_id", recoveree_id);
    jset_str(j, "back", arena_printf(r->a, "/recoverees/%lld#groups", (long long)recoveree_id));
    jset(m, "groups", j);
}

void myday_add_sessions(struct req *r, json_t *m)
{
    struct grp_row *g;
    int n;
    json_t *a = json_array();
    struct grp_exception *ex;
    int64_t *exg;
    int nex;
    /* Two reads: the groups this person facilitates, and all their exceptions. */
    if (grp_list(r->db, r->a, r->me.org_id, r->me.user_id, &g, &n) == 0 && n > 0 &&
        grp_exc_of_facilitator(r->db, r->a, r->me.org_id, r->me.user_id, &ex, &exg, &nex) == 0) {
        int32_t today = req_today(r);
        for (int i = 0; i < n; i++) {
            if (!g[i].active)
                continue;
            /* This group's exceptions: a run of ex, which is ordered by group. */
            int first = 0, cnt = 0;
            while (first < nex && exg[first] != g[i].id)
                first++;
            while (first + cnt < nex && exg[first + cnt] == g[i].id)
                cnt++;
            struct grp_exception *mine = ex + first;
            struct recur_series s;
            op_grp_series(r->a, &g[i], mine, cnt, &s);
            struct recur_occ occ[4];
            size_t no = sessions_between(r, &s, today - 1, today + 1, occ, 4);
            for (size_t k = 0; k < no; k++)
                if (occ[k].day == today)
                    json_array_append_new(
                        a, json_pack("{s:I,s:s,s:s,s:s}", "group_id", (json_int_t)g[i].id, "name",
                                     g[i].name, "when", when_s(r, occ[k].start_utc), "date",
                                     day_s(r, occ[k].orig_day)));
        }
    }
    jset(m, "sessions_today", a);
    jset_bool(m, "has_sessions_today", json_array_size(a) > 0);
}

/* ---- routes ------------------------------------------------------------------------------ */

/* Who works with groups: everyone on staff but auditors. */
#define GRP_STAFF (R_ADMIN | R_SUPERVISOR | R_PEER | R_CLINICIAN | R_CASE_MANAGER | R_FACILITATOR)
/* Who runs sessions (the operation narrows to the group's own facilitators). */
#define GRP_RUNNERS (R_ADMIN | R_SUPERVISOR | R_PEER | R_CASE_MANAGER | R_FACILITATOR | R_CLINICIAN)

#define GROUP_FIELDS                                                                             \
    {"name", FT_LINE, GRP_NAME_MAX, 0, 0, 0}, {"kind", FT_TOKEN, 32, 0, 0, 0},                   \
        {"place", FT_LINE, GRP_NAME_MAX * 2, 0, 0, 0},                                           \
        {"video_link", FT_LINE, GRP_LINK_MAX, 0, 0, 0},                                          \
        {"capacity", FT_INT, 0, 0, 100000, 0}, {"ground_rules", FT_TEXT, GRP_TEXT_MAX, 0, 0, 0}, \
        {"setting", FT_TOKEN, 32, 0, 0, 0}, {"activity", FT_TOKEN, 32, 0, 0, 0},                 \
        {"funding_source", FT_TOKEN, 32, 0, 0, 0}, {"start_date", FT_DATE, 10, 0, 0, 0},         \
        {"start_time", FT_LINE, 5, 0, 0, 0}, {"minutes", FT_INT, 0, 0, 100000, 0},               \
        {"rrule", FT_LINE, 200, 0, 0, 0}, {"repeat", FT_TOKEN, 16, 0, 0, 0},                     \
        {"template_id", FT_INT, 0, 0, INT64_MAX, 0}
static const struct field f_group[] = {GROUP_FIELDS, {NULL}};
static const struct field f_group_edit[] = {
    GROUP_FIELDS,
    {"active", FT_BOOL, 0, 0, 0, 0},
    {"version", FT_INT, 0, 1, INT64_MAX, 0},
    {NULL},
};
static const struct field f_facilitator[] = {
    {"user_id", FT_INT, 0, 1, INT64_MAX, FIELD_REQUIRED},
    {"contracted", FT_BOOL, 0, 0, 0, 0},
    {NULL},
};
static const struct field f_member[] = {
    {"recoveree_id", FT_INT, 0, 1, INT64_MAX, FIELD_REQUIRED},
    {"agreed", FT_BOOL, 0, 0, 0, 0},
    {"back", FT_LINE, NEXT_PATH_MAX, 0, 0, 0},
    {NULL},
};
static const struct field f_join[] = {
    {"group_id", FT_INT, 0, 1, INT64_MAX, FIELD_REQUIRED},
    {"recoveree_id", FT_INT, 0, 1, INT64_MAX, FIELD_REQUIRED},
    {"agreed", FT_BOOL, 0, 0, 0, 0},
    {"back", FT_LINE, NEXT_PATH_MAX, 0, 0, 0},
    {NULL},
};
static const struct field f_back[] = {
    {"back", FT_LINE, NEXT_PATH_MAX, 0, 0, 0},
    {NULL},
};
static const struct field f_exception[] = {
    {"orig_date", FT_DATE, 10, 0, 0, FIELD_REQUIRED},
    {"new_date", FT_DATE, 10, 0, 0, 0},
    {"new_time", FT_LINE, 5, 0, 0, 0},
    {"reason", FT_LINE, GRP_NAME_MAX * 4, 0, 0, 0},
    {NULL},
};
static const struct field f_exception_undo[] = {
    {"orig_date", FT_DATE, 10, 0, 0, FIELD_REQUIRED},
    {NULL},
};
static const struct field f_session_open[] = {
    {"date", FT_DATE, 10, 0, 0, 0},
    {NULL},
};
static const struct field f_session_plan[] = {
    {"segments", FT_TEXT, GRP_TEXT_MAX, 0, 0, FIELD_REQUIRED},
    {"topic", FT_LINE, GRP_NAME_MAX * 2, 0, 0, 0},
    {"handouts", FT_TEXT, GRP_TEXT_MAX, 0, 0, 0},
    {"version", FT_INT, 0, 1, INT64_MAX, 0},
    {NULL},
};
static const struct field f_session_document[] = {
    {"attendance", FT_TEXT, ATTENDANCE_MAX, 0, 0, 0},
    {"note", FT_TEXT, GRP_TEXT_MAX, 0, 0, 0},
    {"boundary_reason", FT_TEXT, 1000, 0, 0, 0},
    {"facilitator_id", FT_INT, 0, 1, INT64_MAX, 0},
    {"version", FT_INT, 0, 1, INT64_MAX, 0},
    {NULL},
};
static const struct field f_incident[] = {
    {"recoveree_id", FT_INT, 0, 1, INT64_MAX, 0},
    {"kind", FT_TOKEN, 32, 0, 0, 0},
    {"details", FT_TEXT, GRP_TEXT_MAX, 0, 0, 0},
    {NULL},
};
static const struct field f_template[] = {
    {"name", FT_LINE, GRP_NAME_MAX, 0, 0, FIELD_REQUIRED},
    {"segments", FT_TEXT, GRP_TEXT_MAX, 0, 0, FIELD_REQUIRED},
    {"version", FT_INT, 0, 1, INT64_MAX, 0},
    {NULL},
};

static const struct route groups_rows[] = {
    {"GET", "/groups", h_groups, GRP_STAFF, 0, NULL,
     "Recovery support groups: a facilitator's own, everyone else's every group (GR-1)"},
    {"GET", "/groups/new", h_group_new, WF_LEADS, RT_PAGE_ONLY, NULL, "New group form"},
    {"POST", "/groups", h_group_create, WF_LEADS, 0, f_group,
     "Create a group: kind, place or video link, capacity, ground rules, schedule (GR-1)"},
    {"GET", "/groups/templates", h_group_templates, GRP_STAFF, 0, NULL,
     "The organization's session plan templates and the built-in agenda (GR-2)"},
    {"POST", "/groups/templates", h_group_template_save, WF_LEADS, 0, f_template,
     "Add a session plan template (GR-2)"},
    {"POST", "/groups/templates/{id}", h_group_template_save, WF_LEADS, 0, f_template,
     "Change a session plan template (versioned, GR-2)"},
    {"POST", "/groups/join", h_group_member_add, RC_STAFF, 0, f_join,
     "Add a recoveree one reaches to a group (from their record; GR-1, GR-4)"},
    {"GET", "/groups/{id}", h_group_show, GRP_STAFF, 0, NULL,
     "A group: schedule, coming sessions, facilitators, and for those who run it the roster"},
    {"GET", "/groups/{id}/edit", h_group_edit_form, WF_LEADS, RT_PAGE_ONLY, NULL,
     "Edit group form"},
    {"POST", "/groups/{id}", h_group_update, WF_LEADS, 0, f_group_edit,
     "Change a group (versioned; GR-1)"},
    {"GET", "/groups/{id}/calendar.ics", h_group_calendar, GRP_STAFF, 0, NULL,
     "The group's schedule as an iCalendar feed (RFC 5545, GR-1)"},
    {"POST", "/groups/{id}/facilitators", h_group_facilitator_add, WF_LEADS, 0, f_facilitator,
     "Name a facilitator, staff or contracted (GR-1; GR-4 refuses a member's case manager)"},
    {"POST", "/groups/{id}/facilitators/{id2}/remove", h_group_facilitator_remove, WF_LEADS, 0,
     NULL, "End a facilitator's part in a group"},
    {"POST", "/groups/{id}/members", h_group_member_add, RC_STAFF, 0, f_member,
     "Add a member (capacity, GR-4), with the ground rules agreed today or not"},
    {"POST", "/groups/{id}/members/{id2}/leave", h_group_member_leave, GRP_RUNNERS, 0, NULL,
     "A member leaves the group"},
    {"POST", "/groups/{id}/members/{id2}/agree", h_group_member_agree, GRP_RUNNERS, 0, f_back,
     "A member agreed to the ground rules today (GR-1)"},
    {"POST", "/groups/{id}/exceptions", h_group_exception, GRP_RUNNERS, 0, f_exception,
     "Cancel or move one session of the schedule, saying why"},
    {"POST", "/groups/{id}/exceptions/undo", h_group_exception_undo, GRP_RUNNERS, 0,
     f_exception_undo, "Restore a cancelled or moved session"},
    {"POST", "/groups/{id}/sessions", h_group_session_open, GRP_RUNNERS, 0, f_session_open,
     "Open the session of a scheduled day (today when no date)"},
    {"GET", "/sessions/{id}", h_session_show, GRP_RUNNERS, 0, NULL,
     "The facilitator's session view: timer, ground rules, crisis resources, attendance"},
    {"POST", "/sessions/{id}/plan", h_session_plan, GRP_RUNNERS, 0, f_session_plan,
     "The session's own plan: segments, topic, handouts (GR-2)"},
    {"POST", "/sessions/{id}/document", h_session_document, GRP_RUNNERS, 0, f_session_document,
     "Document a session once: attendance, guests, the note; each attendee's group service (GR-3)"},
    {"POST", "/sessions/{id}/incidents", h_session_incident, GRP_RUNNERS, 0, f_incident,
     "Report a relapse disclosure or a concern of harm (GR-5)"},
    {"GET", "/incidents/{id}", h_incident_show, R_STAFF & ~R_AUDITOR, 0, NULL,
     "An incident report: for its reporter, leads, and whom it reached (GR-5)"},
    {"GET", "/calendar.ics", h_my_calendar, GRP_STAFF, 0, NULL,
     "My groups' schedules as one iCalendar feed (RFC 5545)"},
};
const struct route_module rm_groups = ROUTE_MODULE(groups_rows);
