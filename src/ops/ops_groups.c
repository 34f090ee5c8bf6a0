/* ops_groups.c - recovery support groups (ops_groups.h; SPEC GR-1..GR-5). */
#include "ops_groups.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts.h"
#include "civil.h"
#include "consent.h"
#include "consents_store.h"
#include "group.h"
#include "groups_store.h"
#include "msg.h"
#include "ops_notify.h"
#include "ops_reach.h"
#include "ops_services.h"
#include "recur.h"
#include "service.h"
#include "service_boundary.h"
#include "tz.h"

static int leads(const struct op_ctx *c)
{
    return c->who.role == ROLE_SUPERVISOR || c->who.role == ROLE_ADMIN;
}

static const struct tz *zone_of(const struct op_ctx *c)
{
    return c->zone ? c->zone : tz_utc();
}

static const char *day_s(struct op_ctx *c, int32_t day)
{
    char *s = arena_alloc(c->a, 11);
    civil_format(day, s);
    return s;
}

static const char *nz(const char *s)
{
    return s && *s ? s : NULL;
}

/* Every input at fault, so the form shows them all at once. */
struct faults {
    struct op_field_error e[16];
    size_t n;
};

static void fault(struct op_ctx *c, struct faults *f, const char *field, const char *id)
{
    if (f->n < sizeof f->e / sizeof *f->e)
        f->e[f->n++] = (struct op_field_error){field, "invalid", msg(c->lang, id)};
}

static enum op_status faults_result(struct op_ctx *c, struct faults *f, const char *rule,
                                    struct op_result *res)
{
    struct op_field_error *e = arena_alloc(c->a, sizeof *e * f->n);
    memcpy(e, f->e, sizeof *e * f->n);
    op_fail(res, OP_INVALID, NULL, rule, e[0].field, e[0].message);
    if (f->n > 1) {
        res->errors = e;
        res->nerrors = f->n;
    }
    return OP_INVALID;
}

/* "HH:MM" to seconds since midnight, or -1. */
static int clock_of(const char *s)
{
    return svc_parse_clock(s);
}

/* ---- the schedule --------------------------------------------------------------- */

void op_grp_series(arena *a, const struct grp_row *g, const struct grp_exception *ex, int nex,
                   struct recur_series *s)
{
    int32_t *cancelled = arena_alloc(a, sizeof *cancelled * (size_t)(nex ? nex : 1));
    struct recur_move *moved = arena_alloc(a, sizeof *moved * (size_t)(nex ? nex : 1));
    size_t nc = 0, nm = 0;
    for (int i = 0; i < nex; i++) {
        if (strcmp(ex[i].kind, "moved") == 0 && ex[i].new_date && ex[i].new_time)
            moved[nm++] = (struct recur_move){
                .orig_day = civil_parse(ex[i].orig_date),
                .new_day = civil_parse(ex[i].new_date),
                .new_sec = clock_of(ex[i].new_time),
            };
        else
            cancelled[nc++] = civil_parse(ex[i].orig_date);
    }
    *s = (struct recur_series){
        .rrule = nz(g->rrule) ? g->rrule : NULL,
        .start_day = civil_parse(g->start_date),
        .start_sec = clock_of(g->start_time),
        .minutes = g->minutes,
        .cancelled = cancelled,
        .ncancelled = nc,
        .moved = moved,
        .nmoved = nm,
    };
}

/* The group's series for recur.h: its first session, length, rule and exceptions. */
static int series_of(struct op_ctx *c, const struct grp_row *g, struct recur_series *s)
{
    struct grp_exception *ex;
    int nex;
    if (grp_exc_list(c->db, c->a, c->who.org_id, g->id, &ex, &nex) != 0)
        return -1;
    op_grp_series(c->a, g, ex, nex, s);
    return 0;
}

/* Is day one of the series' own days (a group without a rule meets once, on its first day):
 * 1, 0. */
static int rule_day(const struct recur_series *s, int32_t day)
{
    if (!s->rrule)
        return day == s->start_day;
    return recur_is_occurrence(s, day) == 1;
}

/* The scheduled occurrence whose original day is day, after exceptions: 1 with *o, 0 when the
 * schedule has none that day (*cancelled set when it was cancelled), -1 store. */
static int occurrence_on(struct op_ctx *c, const struct grp_row *g, int32_t day,
                         struct recur_occ *o, int *cancelled)
{
    struct recur_series s;
    *cancelled = 0;
    if (series_of(c, g, &s) != 0)
        return -1;
    if (!rule_day(&s, day))
        return 0;
    for (size_t i = 0; i < s.ncancelled; i++)
        if (s.cancelled[i] == day) {
            *cancelled = 1;
            return 0;
        }
    /* A moved session keeps its original day as its name; it is held within
     * RECUR_MOVE_MAX_DAYS of it. */
    static __thread struct recur_occ buf[RECUR_OCC_MAX];
    size_t n = 0;
    enum recur_err e = recur_expand(zone_of(c), &s, day - RECUR_MOVE_MAX_DAYS,
                                    day + RECUR_MOVE_MAX_DAYS, buf, RECUR_OCC_MAX, &n);
    if (e != RECUR_OK && e != RECUR_TRUNCATED)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (buf[i].orig_day == day) {
            *o = buf[i];
            return 1;
        }
    return 0;
}

/* Can every expansion and feed place g's schedule with its exceptions and, when given, one
 * more (a cancelled day, or a move)? recur_expand and ics_write refuse a whole series that
 * recur_series_check refuses, so an exception or an edit it would refuse must not be stored:
 * the group would lose every session, its feed and its facilitators' feed. A group without a
 * rule meets once and carries no exceptions. 1 when it holds, 0 with *why a message id when
 * not, -1 store. */
static int schedule_holds(struct op_ctx *c, const struct grp_row *g, int32_t cancel_day,
                          const struct recur_move *move, const char **why)
{
    struct recur_series s;
    if (series_of(c, g, &s) != 0)
        return -1;
    int32_t *cancelled = arena_alloc(c->a, sizeof *cancelled * (s.ncancelled + 1));
    struct recur_move *moved = arena_alloc(c->a, sizeof *moved * (s.nmoved + 1));
    if (s.ncancelled)
        memcpy(cancelled, s.cancelled, sizeof *cancelled * s.ncancelled);
    if (s.nmoved)
        memcpy(moved, s.moved, sizeof *moved * s.nmoved);
    if (cancel_day >= 0)
        cancelled[s.ncancelled++] = cancel_day;
    if (move)
        moved[s.nmoved++] = *move;
    s.cancelled = cancelled;
    s.moved = moved;
    const char *m = NULL;
    if (!s.rrule) {
        if (s.ncancelled + s.nmoved == 0)
            return 1;
        m = "recur.err.exceptions";
    } else if (recur_series_check(&s, &m, NULL) == 0) {
        return 1;
    }
    if (m && strcmp(m, "recur.err.move_far") == 0)
        *why = "group.err.move_far";
    else if (s.ncancelled + s.nmoved > RECUR_EXCEPTIONS_MAX)
        *why = "group.err.exceptions_many";
    else
        *why = "group.err.schedule_exceptions";
    return 0;
}

/* ---- groups --------------------------------------------------------------------- */

/* The group as it will be stored, from the input: every field at fault at once. */
static enum op_status group_shape(struct op_ctx *c, const struct grp_in *in, struct grp_row *g,
                                  struct op_result *res)
{
    struct faults f = {0};
    size_t nl = in->name ? strlen(in->name) : 0;
    if (nl == 0)
        fault(c, &f, "name", "group.err.name");
    else if (nl > GRP_NAME_MAX)
        fault(c, &f, "name", "group.err.name_long");
    if (grp_kind_parse(in->kind) < 0)
        fault(c, &f, "kind", "group.err.kind");
    if (!nz(in->place) && !nz(in->video_link))
        fault(c, &f, "place", "group.err.where");
    if (in->place && strlen(in->place) > GRP_NAME_MAX * 2)
        fault(c, &f, "place", "group.err.place_long");
    if (nz(in->video_link) && (strlen(in->video_link) > GRP_LINK_MAX ||
                               strncmp(in->video_link, "https://", 8) != 0))
        fault(c, &f, "video_link", "group.err.video_link");
    if (in->capacity < 1 || in->capacity > 200)
        fault(c, &f, "capacity", "group.err.capacity");
    size_t rl = in->ground_rules ? strlen(in->ground_rules) : 0;
    if (rl == 0)
        fault(c, &f, "ground_rules", "group.err.ground_rules");
    else if (rl > GRP_TEXT_MAX)
        fault(c, &f, "ground_rules", "group.err.text_long");
    if (nz(in->setting) && svc_setting_parse(in->setting) < 0)
        fault(c, &f, "setting", "service.err.setting");
    if (nz(in->activity) && svc_activity_parse(in->activity) < 0)
        fault(c, &f, "activity", "service.err.activity");
    if (nz(in->funding_source) && svc_funding_parse(in->funding_source) < 0)
        fault(c, &f, "funding_source", "service.err.funding");
    if (!in->start_date || civil_parse(in->start_date) < 0)
        fault(c, &f, "start_date", "group.err.start_date");
    if (!in->start_time || clock_of(in->start_time) < 0)
        fault(c, &f, "start_time", "group.err.start_time");
    if (in->minutes < 15 || in->minutes > 480)
        fault(c, &f, "minutes", "group.err.minutes");
    const char *why = NULL;
    if (nz(in->rrule) && recur_check(in->rrule, &why) != 0)
        fault(c, &f, "rrule", why ? why : "recur.err.rule");
    else if (nz(in->rrule) && f.n == 0) {
        /* The first session must be one of the rule's days (recur_series_check). */
        struct recur_series s = {.rrule = in->rrule, .start_day = civil_parse(in->start_date),
                                 .start_sec = clock_of(in->start_time),
                                 .minutes = (int)in->minutes};
        const char *field = NULL;
        if (recur_series_check(&s, &why, &field) != 0)
            fault(c, &f, field && !strcmp(field, "start_day") ? "start_date" : "rrule",
                  why ? why : "recur.err.rule");
    }
    if (f.n)
        return faults_result(c, &f, "GR-1", res);
    *g = (struct grp_row){
        .name = in->name,
        .kind = in->kind,
        .place = nz(in->place),
        .video_link = nz(in->video_link),
        .capacity = (int)in->capacity,
        .ground_rules = in->ground_rules,
        .setting = nz(in->setting) ? in->setting : nz(in->video_link) && !nz(in->place)
                                                        ? "remote"
                                                        : "recovery_center",
        .activity = nz(in->activity) ? in->activity : "educator",
        .funding_source = nz(in->funding_source),
        .start_date = in->start_date,
        .start_time = in->start_time,
        .minutes = (int)in->minutes,
        .rrule = nz(in->rrule),
        .template_id = in->template_id,
        .active = 1,
    };
    return OP_OK;
}

/* A template the group names must be the organization's. */
static enum op_status template_ok(struct op_ctx *c, int64_t id, struct op_result *res)
{
    if (!id)
        return OP_OK;
    struct grp_template t;
    int rc = grp_tpl_get(c->db, c->a, c->who.org_id, id, &t);
    if (rc < 0)
        return op_store(res, msg(c->lang, "group.err.store"));
    if (rc == 0)
        return op_invalid(res, "template_id", msg(c->lang, "group.err.template"));
    return OP_OK;
}

enum op_status op_grp_create(struct op_ctx *c, const struct grp_in *in, struct op_result *res)
{
    if (!leads(c))
        return op_forbidden(res, "GR-1", msg(c->lang, "group.err.who_manages"));
    struct grp_row g;
    if (group_shape(c, in, &g, res) != OP_OK)
        return res->status;
    if (op_begin(c, res) != OP_OK)
        return res->status;
    int64_t id = 0;
    if (template_ok(c, in->template_id, res) == OP_OK) {
        if (grp_insert(c->db, c->who.org_id, &g, c->who.user_id, c->now, &id) != DB_OK ||
            op_audit(c, "group.create", "group", id, g.name, "ok") != 0)
            op_store(res, msg(c->lang, "group.err.store"));
        else
            op_ok(res, id, 1);
    }
    return op_end(c, res);
}

/* Load group id for the actor: OP_OK, or OP_NOT_FOUND / OP_STORE (res set). */
static enum op_status load_group(struct op_ctx *c, int64_t id, struct grp_row *g,
                                 struct op_result *res)
{
    int rc = grp_get(c->db, c->a, c->who.org_id, id, g);
    if (rc < 0)
        return op_store(res, msg(c->lang, "group.err.store"));
    if (rc == 0)
        return op_not_found(res, msg(c->lang, "group.err.not_found"));
    return OP_OK;
}

int op_grp_may_run(struct op_ctx *c, int64_t group_id)
{
    if (leads(c))
        return 1;
    return grp_fac_is(c->db, c->who.org_id, group_id, c->who.user_id);
}

/* The group, for someone who runs it: OP_NOT_FOUND for anyone else. */
static enum op_status load_run(struct op_ctx *c, int64_t id, struct grp_row *g,
                               struct op_result *res)
{
    if (load_group(c, id, g, res) != OP_OK)
        return res->status;
    int may = op_grp_may_run(c, id);
    if (may < 0)
        return op_store(res, msg(c->lang, "group.err.store"));
    if (!may)
        return op_not_found(res, msg(c->lang, "group.err.not_found"));
    return OP_OK;
}

enum op_status op_grp_edit(struct op_ctx *c, int64_t id, const struct grp_in *in,
                           struct op_result *res)
{
    if (!leads(c))
        return op_forbidden(res, "GR-1", msg(c->lang, "group.err.who_manages"));
    if (op_begin(c, res) != OP_OK)
        return res->status;
    struct grp_row old, g;
    if (load_group(c, id, &old, res) == OP_OK && group_shape(c, in, &g, res) == OP_OK &&
        template_ok(c, in->template_id, res) == OP_OK) {
        g.id = id;
        g.active = in->active;
        const char *why = NULL;
        int holds = 1;
        if (in->version && in->version != old.version)
            op_conflict(res, "stale", msg(c->lang, "group.err.stale"));
        else if ((holds = schedule_holds(c, &g, -1, NULL, &why)) < 0)
            op_store(res, msg(c->lang, "group.err.store"));
        else if (!holds)
            op_fail(res, OP_INVALID, NULL, "GR-1", "rrule", msg(c->lang, why));
        else if (g.capacity < old.members)
            op_fail(res, OP_INVALID, NULL, "GR-1", "capacity",
                    msg_fmt(c->a, c->lang, "group.err.capacity_members", "n",
                            arena_printf(c->a, "%d", old.members), NULL));
        else {
            int u = grp_update(c->db, c->who.org_id, &g, old.version, c->now);
            if (u == 0)
                op_conflict(res, "stale", msg(c->lang, "group.err.stale"));
            else if (u < 0 || op_audit(c, "group.edit", "group", id, g.name, "ok") != 0)
                op_store(res, msg(c->lang, "group.err.store"));
            else
                op_ok(res, id, old.version + 1);
        }
    }
    return op_end(c, res);
}

/* ---- GR-4 ----------------------------------------------------------------------- */

/* Is staff member u (role r) in GR-4 conflict with recoveree_id: 1, 0, -1. */
static int in_conflict(struct op_ctx *c, int64_t u, int r, int64_t recoveree_id)
{
    struct grp_tie t = {0};
    if (grp_tie_get(c->db, c->who.org_id, u, recoveree_id, day_s(c, c->today), &t.on_caseload,
                    &t.monitoring_cm) != 0)
        return -1;
    return grp_conflict((enum role)r, &t);
}

static const char *person_name(struct op_ctx *c, const char *first, const char *preferred,
                               const char *last)
{
    return arena_printf(c->a, "%s %s", preferred && *preferred ? preferred : first, last);
}

enum op_status op_grp_facilitator_add(struct op_ctx *c, int64_t group_id, int64_t user_id,
                                      int contracted, struct op_result *res)
{
    if (!leads(c))
        return op_forbidden(res, "GR-1", msg(c->lang, "group.err.who_manages"));
    if (op_begin(c, res) != OP_OK)
        return res->status;
    struct grp_row g;
    struct user u;
    int audit_refusal = 0;
    if (load_group(c, group_id, &g, res) != OP_OK)
        return op_end(c, res);
    int rc = user_by_id(c->db, c->a, c->who.org_id, user_id, &u);
    if (rc < 0) {
        op_store(res, msg(c->lang, "group.err.store"));
        return op_end(c, res);
    }
    if (rc == 0 || u.disabled || u.role == ROLE_AUDITOR) {
        op_invalid(res, "user_id", msg(c->lang, "group.err.facilitator"));
        return op_end(c, res);
    }
    rc = grp_fac_is(c->db, c->who.org_id, group_id, user_id);
    if (rc != 0) {
        if (rc < 0)
            op_store(res, msg(c->lang, "group.err.store"));
        else
            op_conflict(res, "already", msg(c->lang, "group.err.already_facilitator"));
        return op_end(c, res);
    }
    /* GR-4: not a case manager of any current member. */
    struct grp_member *m;
    int nm;
    if (grp_mem_list(c->db, c->a, c->who.org_id, group_id, &m, &nm) != 0) {
        op_store(res, msg(c->lang, "group.err.store"));
        return op_end(c, res);
    }
    for (int i = 0; i < nm; i++) {
        int k = in_conflict(c, user_id, u.role, m[i].recoveree_id);
        if (k < 0) {
            op_store(res, msg(c->lang, "group.err.store"));
            return op_end(c, res);
        }
        if (k) {
            audit_refusal = 1;
            op_refused(res, "GR-4", "user_id",
                       msg_fmt(c->a, c->lang, "group.err.conflict_facilitator", "staff",
                               u.display_name, "group", g.name, NULL));
            break;
        }
    }
    if (!audit_refusal) {
        if (grp_fac_add(c->db, c->who.org_id, group_id, user_id, contracted, c->who.user_id,
                        c->now) != DB_OK ||
            op_audit(c, "group.facilitator_add", "group", group_id, u.display_name, "ok") != 0)
            op_store(res, msg(c->lang, "group.err.store"));
        else
            op_ok(res, group_id, 0);
    }
    enum op_status st = op_end(c, res);
    if (st != OP_OK && audit_refusal)
        return op_audit_refusal(c, res, "group.refused", "group", group_id);
    return st;
}

enum op_status op_grp_facilitator_remove(struct op_ctx *c, int64_t group_id, int64_t user_id,
                                         struct op_result *res)
{
    if (!leads(c))
        return op_forbidden(res, "GR-1", msg(c->lang, "group.err.who_manages"));
    if (op_begin(c, res) != OP_OK)
        return res->status;
    struct grp_row g;
    if (load_group(c, group_id, &g, res) == OP_OK) {
        int u = grp_fac_remove(c->db, c->who.org_id, group_id, user_id, c->now);
        if (u == 0)
            op_not_found(res, msg(c->lang, "group.err.not_facilitator"));
        else if (u < 0 || op_audit(c, "group.facilitator_remove", "group", group_id,
                                   arena_printf(c->a, "user %lld", (long long)user_id), "ok") != 0)
            op_store(res, msg(c->lang, "group.err.store"));
        else
            op_ok(res, group_id, 0);
    }
    return op_end(c, res);
}

enum op_status op_grp_member_add(struct op_ctx *c, int64_t group_id, int64_t recoveree_id,
                                 int agreed, struct op_result *res)
{
    if (op_begin(c, res) != OP_OK)
        return res->status;
    struct grp_row g;
    struct recoveree x;
    int audit_refusal = 0;
    if (load_group(c, group_id, &g, res) != OP_OK)
        return op_end(c, res);
    /* The person: one the actor reaches (their peer, the peer's supervisor, an administrator). */
    if (op_rc_reach(c, recoveree_id, &x, res) != OP_OK) {
        op_end(c, res);
        return res->status == OP_NOT_FOUND ? op_rc_denied(c, res, recoveree_id, "group.member_add")
                                           : res->status;
    }
    int rc = grp_mem_is(c->db, c->who.org_id, group_id, recoveree_id);
    if (rc != 0) {
        if (rc < 0)
            op_store(res, msg(c->lang, "group.err.store"));
        else
            op_conflict(res, "already", msg(c->lang, "group.err.already_member"));
        return op_end(c, res);
    }
    if (strcmp(x.status, "active") != 0) {
        op_fail(res, OP_REFUSED, NULL, "GR-1", "recoveree_id", msg(c->lang, "group.err.not_active"));
        return op_end(c, res);
    }
    if (!g.active) {
        op_fail(res, OP_REFUSED, NULL, "GR-1", "recoveree_id", msg(c->lang, "group.err.inactive"));
        return op_end(c, res);
    }
    if (g.members >= g.capacity) {
        op_fail(res, OP_REFUSED, "full", "GR-1", "recoveree_id",
                msg_fmt(c->a, c->lang, "group.err.full", "n",
                        arena_printf(c->a, "%d", g.capacity), NULL));
        return op_end(c, res);
    }
    /* GR-4: none of the group's facilitators is this person's own case manager. */
    struct grp_facilitator *f;
    int nf;
    if (grp_fac_list(c->db, c->a, c->who.org_id, group_id, &f, &nf) != 0) {
        op_store(res, msg(c->lang, "group.err.store"));
        return op_end(c, res);
    }
    for (int i = 0; i < nf && !audit_refusal; i++) {
        int k = in_conflict(c, f[i].user_id, role_parse(f[i].role), recoveree_id);
        if (k < 0) {
            op_store(res, msg(c->lang, "group.err.store"));
            return op_end(c, res);
        }
        if (k) {
            audit_refusal = 1;
            op_refused(res, "GR-4", "recoveree_id",
                       msg_fmt(c->a, c->lang, "group.err.conflict_member", "person",
                               person_name(c, x.first_name, x.preferred_name, x.last_name),
                               "staff", f[i].name, "group", g.name, NULL));
        }
    }
    if (!audit_refusal) {
        const char *today = day_s(c, c->today);
        if (grp_mem_add(c->db, c->who.org_id, group_id, recoveree_id, today,
                        agreed ? today : NULL, c->who.user_id, c->who.user_id,
                        c->now) != DB_OK ||
            op_audit(c, "group.member_add", "recoveree", recoveree_id,
                     arena_printf(c->a, "group %lld%s", (long long)group_id,
                                  agreed ? ", ground rules agreed" : ""),
                     "ok") != 0)
            op_store(res, msg(c->lang, "group.err.store"));
        else
            op_ok(res, group_id, 0);
    }
    enum op_status st = op_end(c, res);
    if (st != OP_OK && audit_refusal)
        return op_audit_refusal(c, res, "group.refused", "recoveree", recoveree_id);
    return st;
}

enum op_status op_grp_member_leave(struct op_ctx *c, int64_t group_id, int64_t recoveree_id,
                                   struct op_result *res)
{
    if (op_begin(c, res) != OP_OK)
        return res->status;
    struct grp_row g;
    if (load_run(c, group_id, &g, res) == OP_OK) {
        int u = grp_mem_leave(c->db, c->who.org_id, group_id, recoveree_id, day_s(c, c->today));
        if (u == 0)
            op_not_found(res, msg(c->lang, "group.err.not_member"));
        else if (u < 0 || op_audit(c, "group.member_leave", "recoveree", recoveree_id,
                                   arena_printf(c->a, "group %lld", (long long)group_id), "ok") != 0)
            op_store(res, msg(c->lang, "group.err.store"));
        else
            op_ok(res, group_id, 0);
    }
    return op_end(c, res);
}

enum op_status op_grp_member_agree(struct op_ctx *c, int64_t group_id, int64_t recoveree_id,
                                   struct op_result *res)
{
    if (op_begin(c, res) != OP_OK)
        return res->status;
    struct grp_row g;
    if (load_run(c, group_id, &g, res) == OP_OK) {
        int u = grp_mem_agree(c->db, c->who.org_id, group_id, recoveree_id, day_s(c, c->today),
                              c->who.user_id);
        if (u == 0)
            op_not_found(res, msg(c->lang, "group.err.not_member"));
        else if (u < 0 || op_audit(c, "group.ground_rules_agreed", "recoveree", recoveree_id,
                                   arena_printf(c->a, "group %lld", (long long)group_id), "ok") != 0)
            op_store(res, msg(c->lang, "group.err.store"));
        else
            op_ok(res, group_id, 0);
    }
    return op_end(c, res);
}

/* ---- exceptions and templates --------------------------------------------------- */

static enum op_status runs_group(struct op_ctx *c, int64_t id, struct op_result *res);

enum op_status op_grp_exception(struct op_ctx *c, int64_t group_id, const char *orig_date,
                                const char *new_date, const char *new_time, const char *reason,
                                struct op_result *res)
{
    if (runs_group(c, group_id, res) != OP_OK)
        return res->status;
    struct faults f = {0};
    int32_t od = orig_date ? civil_parse(orig_date) : -1;
    int moving = nz(new_date) || nz(new_time);
    if (od < 0)
        fault(c, &f, "orig_date", "group.err.orig_date");
    if (moving && (!nz(new_date) || civil_parse(new_date) < 0))
        fault(c, &f, "new_date", "group.err.new_date");
    if (moving && (!nz(new_time) || clock_of(new_time) < 0))
        fault(c, &f, "new_time", "group.err.start_time");
    if (!reason || strlen(reason) < GRP_REASON_MIN)
        fault(c, &f, "reason", "group.err.reason");
    else if (strlen(reason) > GRP_NAME_MAX * 4)
        fault(c, &f, "reason", "group.err.text_long");
    if (f.n)
        return faults_result(c, &f, "GR-1", res);
    if (op_begin(c, res) != OP_OK)
        return res->status;
    struct grp_row g;
    if (load_run(c, group_id, &g, res) == OP_OK) {
        struct recur_occ o;
        int cancelled;
        const char *why = NULL;
        struct recur_move move = {.orig_day = od,
                                  .new_day = moving ? civil_parse(new_date) : -1,
                                  .new_sec = moving ? clock_of(new_time) : -1};
        int rc = occurrence_on(c, &g, od, &o, &cancelled);
        struct grp_session had;
        int sr = rc == 1 ? grp_ses_by_date(c->db, c->a, c->who.org_id, group_id, orig_date, &had)
                         : 0;
        if (rc < 0 || sr < 0)
            op_store(res, msg(c->lang, "group.err.store"));
        else if (rc == 0 && !cancelled)
            op_invalid(res, "orig_date", msg(c->lang, "group.err.no_occurrence"));
        else if (rc == 0 || (o.flags & RECUR_MOVED))
            op_conflict(res, "already", msg(c->lang, "group.err.exception_exists"));
        else if (sr == 1 && had.documented_at)
            op_conflict(res, "documented", msg(c->lang, "group.err.documented"));
        else if ((rc = schedule_holds(c, &g, moving ? -1 : od, moving ? &move : NULL, &why)) < 0)
            op_store(res, msg(c->lang, "group.err.store"));
        else if (rc == 0)
            op_fail(res, OP_INVALID, NULL, "GR-1",
                    strcmp(why, "group.err.move_far") == 0 ? "new_date" : "orig_date",
                    msg(c->lang, why));
        else {
            struct grp_exception e = {
                .orig_date = orig_date,
                .kind = moving ? "moved" : "cancelled",
                .new_date = moving ? new_date : NULL,
                .new_time = moving ? new_time : NULL,
                .reason = reason,
            };
            if (grp_exc_add(c->db, c->who.org_id, group_id, &e, c->who.user_id, c->now) != DB_OK ||
                op_audit(c, moving ? "group.session_moved" : "group.session_cancelled", "group",
                         group_id, arena_printf(c->a, "%s: %s", orig_date, reason), "ok") != 0)
                op_store(res, msg(c->lang, "group.err.store"));
            else
                op_ok(res, group_id, 0);
        }
    }
    return op_end(c, res);
}

enum op_status op_grp_exception_undo(struct op_ctx *c, int64_t group_id, const char *orig_date,
                                     struct op_result *res)
{
    if (op_begin(c, res) != OP_OK)
        return res->status;
    struct grp_row g;
    if (load_run(c, group_id, &g, res) == OP_OK) {
        int u = grp_exc_delete(c->db, c->who.org_id, group_id, orig_date ? orig_date : "");
        if (u == 0)
            op_not_found(res, msg(c->lang, "group.err.no_exception"));
        else if (u < 0 || op_audit(c, "group.session_restored", "group", group_id, orig_date,
                                   "ok") != 0)
            op_store(res, msg(c->lang, "group.err.store"));
        else
            op_ok(res, group_id, 0);
    }
    return op_end(c, res);
}

/* A plan's text, checked: the stored form, or NULL with res set. */
static const char *plan_text(struct op_ctx *c, const char *segments, const char *field,
                             struct op_result *res)
{
    struct grp_plan p;
    const char *why = NULL;
    if (!segments || strlen(segments) > GRP_TEXT_MAX || grp_plan_parse(segments, &p, &why) != 0) {
        op_fail(res, OP_INVALID, NULL, "GR-2", field,
                msg(c->lang, why ? why : "group.err.plan_line"));
        return NULL;
    }
    char *out = arena_alloc(c->a, GRP_TEXT_MAX + 1);
    if (grp_plan_format(&p, out, GRP_TEXT_MAX + 1) != 0) {
        op_fail(res, OP_INVALID, NULL, "GR-2", field, msg(c->lang, "group.err.plan_many"));
        return NULL;
    }
    return out;
}

enum op_status op_grp_template_save(struct op_ctx *c, int64_t id, int64_t version,
                                    const char *name, const char *segments,
                                    struct op_result *res)
{
    if (!leads(c))
        return op_forbidden(res, "GR-2", msg(c->lang, "group.err.who_manages"));
    if (id) {
        /* Another organization's template is not there, whatever was sent. */
        struct grp_template t;
        int rc = grp_tpl_get(c->db, c->a, c->who.org_id, id, &t);
        if (rc < 0)
            return op_store(res, msg(c->lang, "group.err.store"));
        if (rc == 0)
            return op_not_found(res, msg(c->lang, "group.err.template"));
    }
    if (!name || !*name || strlen(name) > GRP_NAME_MAX)
        return op_fail(res, OP_INVALID, NULL, "GR-2", "name", msg(c->lang, "group.err.name"));
    const char *text = plan_text(c, segments, "segments", res);
    if (!text)
        return res->status;
    if (op_begin(c, res) != OP_OK)
        return res->status;
    if (id == 0) {
        int64_t nid = 0;
        if (grp_tpl_insert(c->db, c->who.org_id, name, text, c->who.user_id, c->now, &nid) != DB_OK ||
            op_audit(c, "group.template_create", "agenda_template", nid, name, "ok") != 0)
            op_store(res, msg(c->lang, "group.err.store"));
        else
            op_ok(res, nid, 1);
    } else {
        int u = grp_tpl_update(c->db, c->who.org_id, id, version, name, text, c->who.user_id, c->now);
        struct grp_template t;
        if (u == 0)
            u = grp_tpl_get(c->db, c->a, c->who.org_id, id, &t) == 1 ? 0 : -2;
        if (u == -2)
            op_not_found(res, msg(c->lang, "group.err.template"));
        else if (u == 0)
            op_conflict(res, "stale", msg(c->lang, "group.err.stale"));
        else if (u < 0 || op_audit(c, "group.template_edit", "agenda_template", id, name, "ok") != 0)
            op_store(res, msg(c->lang, "group.err.store"));
        else
            op_ok(res, id, version + 1);
    }
    return op_end(c, res);
}

/* ---- sessions ------------------------------------------------------------------- */

/* The plan a new session starts with: the group's template, else the built-in agenda (its
 * labels are message ids, said in each reader's language). */
static const char *starting_plan(struct op_ctx *c, const struct grp_row *g)
{
    if (g->template_id) {
        struct grp_template t;
        if (grp_tpl_get(c->db, c->a, c->who.org_id, g->template_id, &t) == 1)
            return t.segments;
    }
    struct grp_plan p;
    grp_default_plan(&p);
    char *out = arena_alloc(c->a, GRP_TEXT_MAX + 1);
    grp_plan_format(&p, out, GRP_TEXT_MAX + 1);
    return out;
}

enum op_status op_grp_session_open(struct op_ctx *c, int64_t group_id, const char *day,
                                   struct op_result *res)
{
    int32_t d = day ? civil_parse(day) : -1;
    if (d < 0)
        return op_invalid(res, "date", msg(c->lang, "group.err.orig_date"));
    if (op_begin(c, res) != OP_OK)
        return res->status;
    struct grp_row g;
    if (load_run(c, group_id, &g, res) != OP_OK)
        return op_end(c, res);
    struct grp_session s;
    int rc = grp_ses_by_date(c->db, c->a, c->who.org_id, group_id, day, &s);
    if (rc < 0) {
        op_store(res, msg(c->lang, "group.err.store"));
        return op_end(c, res);
    }
    if (rc == 1) {
        op_ok(res, s.id, s.version);
        return op_end(c, res);
    }
    struct recur_occ o;
    int cancelled;
    rc = occurrence_on(c, &g, d, &o, &cancelled);
    if (rc < 0)
        op_store(res, msg(c->lang, "group.err.store"));
    else if (rc == 0)
        op_invalid(res, "date", msg(c->lang, cancelled ? "group.err.cancelled"
                                                       : "group.err.no_occurrence"));
    else {
        s = (struct grp_session){
            .group_id = group_id,
            .session_date = day_s(c, d),
            .starts_at = o.start_utc,
            .minutes = (int)((o.end_utc - o.start_utc) / 60),
            .segments = starting_plan(c, &g),
        };
        int64_t id = 0;
        if (grp_ses_insert(c->db, c->who.org_id, &s, c->now, &id) != DB_OK ||
            op_audit(c, "group.session_open", "group_session", id, s.session_date, "ok") != 0)
            op_store(res, msg(c->lang, "group.err.store"));
        else
            op_ok(res, id, 1);
    }
    return op_end(c, res);
}

/* Load session id and its group for someone who runs it. */
static enum op_status load_session(struct op_ctx *c, int64_t id, struct grp_session *s,
                                   struct grp_row *g, struct op_result *res)
{
    int rc = grp_ses_get(c->db, c->a, c->who.org_id, id, s);
    if (rc < 0)
        return op_store(res, msg(c->lang, "group.err.store"));
    if (rc == 0)
        return op_not_found(res, msg(c->lang, "group.err.session_not_found"));
    if (load_run(c, s->group_id, g, res) != OP_OK)
        return res->status == OP_NOT_FOUND
                   ? op_not_found(res, msg(c->lang, "group.err.session_not_found"))
                   : res->status;
    return OP_OK;
}

/* Another organization's group or session, or one the actor does not run, is OP_NOT_FOUND
 * before any input is judged: nothing about it shows through a 400. A read of its own; the
 * operation reads it again inside its transaction. */
static enum op_status runs_group(struct op_ctx *c, int64_t id, struct op_result *res)
{
    struct grp_row g;
    return load_run(c, id, &g, res);
}

static enum op_status runs_session(struct op_ctx *c, int64_t id, struct op_result *res)
{
    struct grp_session s;
    struct grp_row g;
    return load_session(c, id, &s, &g, res);
}

enum op_status op_grp_session_plan(struct op_ctx *c, int64_t session_id, int64_t version,
                                   const char *segments, const char *topic,
                                   const char *handouts, struct op_result *res)
{
    if (runs_session(c, session_id, res) != OP_OK)
        return res->status;
    if (topic && strlen(topic) > GRP_NAME_MAX * 2)
        return op_fail(res, OP_INVALID, NULL, "GR-2", "topic", msg(c->lang, "group.err.text_long"));
    if (handouts && strlen(handouts) > GRP_TEXT_MAX)
        return op_fail(res, OP_INVALID, NULL, "GR-2", "handouts",
                       msg(c->lang, "group.err.text_long"));
    const char *text = plan_text(c, segments, "segments", res);
    if (!text)
        return res->status;
    if (op_begin(c, res) != OP_OK)
        return res->status;
    struct grp_session s;
    struct grp_row g;
    if (load_session(c, session_id, &s, &g, res) == OP_OK) {
        if (s.documented_at)
            op_conflict(res, "documented", msg(c->lang, "group.err.documented"));
        else if (version && version != s.version)
            op_conflict(res, "stale", msg(c->lang, "group.err.stale"));
        else {
            int u = grp_ses_plan(c->db, c->who.org_id, session_id, s.version, text, nz(topic),
                                 nz(handouts));
            if (u == 0)
                op_conflict(res, "stale", msg(c->lang, "group.err.stale"));
            else if (u < 0 || op_audit(c, "group.session_plan", "group_session", session_id,
                                       nz(topic), "ok") != 0)
                op_store(res, msg(c->lang, "group.err.store"));
            else
                op_ok(res, session_id, s.version + 1);
        }
    }
    return op_end(c, res);
}

/* The attendance lines, checked against the group's members: every member once, guests with
 * a name. Every line at fault at once. */
static enum op_status attendance_shape(struct op_ctx *c, const struct grp_member *m, int nm,
                                       const struct grp_att_in *att, size_t natt,
                                       struct op_result *res)
{
    struct faults f = {0};
    for (size_t i = 0; i < natt; i++) {
        const char *field = arena_printf(c->a, "attendance[%zu]", i);
        if (grp_att_parse(att[i].status) < 0)
            fault(c, &f, field, "group.err.att_status");
        if (att[i].note && strlen(att[i].note) > GRP_TEXT_MAX)
            fault(c, &f, field, "group.err.text_long");
        if (att[i].recoveree_id) {
            int found = 0;
            for (int k = 0; k < nm && !found; k++)
                found = m[k].recoveree_id == att[i].recoveree_id;
            if (!found)
                fault(c, &f, field, "group.err.not_member");
            for (size_t j = 0; j < i; j++)
                if (att[j].recoveree_id == att[i].recoveree_id)
                    fault(c, &f, field, "group.err.att_twice");
        } else {
            size_t gl = att[i].guest_name ? strlen(att[i].guest_name) : 0;
            if (gl == 0 || gl > GRP_NAME_MAX)
                fault(c, &f, field, "group.err.guest_name");
            if (att[i].guest_role && strlen(att[i].guest_role) > GRP_NAME_MAX)
                fault(c, &f, field, "group.err.text_long");
        }
    }
    /* Every current member is marked: an unmarked member is a question, not an absence. */
    for (int k = 0; k < nm; k++) {
        int found = 0;
        for (size_t i = 0; i < natt && !found; i++)
            found = att[i].recoveree_id == m[k].recoveree_id;
        if (!found)
            fault(c, &f, arena_printf(c->a, "member_%lld", (long long)m[k].recoveree_id),
                  "group.err.unmarked");
    }
    if (f.n)
        return faults_result(c, &f, "GR-3", res);
    return OP_OK;
}

enum op_status op_grp_session_document(struct op_ctx *c, int64_t session_id, int64_t version,
                                       const struct grp_att_in *att, size_t natt,
                                       const char *note, const char *boundary_reason,
                                       int64_t facilitator_id, struct op_result *res)
{
    if (runs_session(c, session_id, res) != OP_OK)
        return res->status;
    if (!note || !*note)
        return op_fail(res, OP_INVALID, NULL, "SV-1", "note", msg(c->lang, "service.err.note"));
    if (strlen(note) > GRP_TEXT_MAX)
        return op_fail(res, OP_INVALID, NULL, "SV-1", "note", msg(c->lang, "group.err.text_long"));
    if (natt > 500)
        return op_invalid(res, "attendance", msg(c->lang, "group.err.att_many"));
    if (op_begin(c, res) != OP_OK)
        return res->status;
    int audit_refusal = 0;
    struct grp_session s;
    struct grp_row g;
    struct grp_member *m = NULL;
    int nm = 0;
    if (load_session(c, session_id, &s, &g, res) != OP_OK)
        return op_end(c, res);
    if (s.documented_at) {
        op_conflict(res, "documented", msg(c->lang, "group.err.documented"));
        return op_end(c, res);
    }
    if (version && version != s.version) {
        op_conflict(res, "stale", msg(c->lang, "group.err.stale"));
        return op_end(c, res);
    }
    if (s.starts_at > c->now + SVC_FUTURE_SLACK) {
        op_fail(res, OP_INVALID, NULL, "SV-1", "note", msg(c->lang, "group.err.not_yet"));
        return op_end(c, res);
    }
    if (grp_mem_list(c->db, c->a, c->who.org_id, g.id, &m, &nm) != 0) {
        op_store(res, msg(c->lang, "group.err.store"));
        return op_end(c, res);
    }
    if (attendance_shape(c, m, nm, att, natt, res) != OP_OK)
        return op_end(c, res);
    /* Who delivered it: the actor when they facilitate, else a named current facilitator. */
    int64_t by = facilitator_id ? facilitator_id : c->who.user_id;
    int isf = grp_fac_is(c->db, c->who.org_id, g.id, by);
    if (isf < 0) {
        op_store(res, msg(c->lang, "group.err.store"));
        return op_end(c, res);
    }
    if (!isf) {
        op_invalid(res, "facilitator_id", msg(c->lang, "group.err.not_facilitator"));
        return op_end(c, res);
    }
    /* SV-5 on the one note every attendee's service carries. */
    struct svc_outcome kept = {0};
    struct bnd_found hit;
    int nh = svc_boundary_check(c, note, &hit);
    if (nh < 0) {
        op_store(res, msg(c->lang, "group.err.store"));
        return op_end(c, res);
    }
    if (nh > 0) {
        if (!nz(boundary_reason)) {
            audit_refusal = 1;
            op_fail(res, OP_REFUSED, "boundary_warning", "SV-5", "note",
                    msg_fmt(c->a, c->lang, "service.boundary.warning", "lane",
                            msg(c->lang, arena_printf(c->a, "boundary.lane.%s", hit.lane)),
                            "phrase", hit.phrase, NULL));
            op_end(c, res);
            return op_audit_refusal(c, res, "group.refused", "group_session", session_id);
        }
        if (strlen(boundary_reason) < SVC_REASON_MIN) {
            op_fail(res, OP_INVALID, NULL, "SV-5", "boundary_reason",
                    msg(c->lang, "service.err.boundary_reason"));
            return op_end(c, res);
        }
        kept.boundary_lane = hit.lane;
        kept.boundary_phrase = hit.phrase;
    }
    /* The session's local start, for each service. */
    struct tz_local lt;
    tz_local_of(zone_of(c), s.starts_at, &lt);
    char hhmm[16];
    snprintf(hhmm, sizeof hhmm, "%02d:%02d", lt.hour, lt.minute);
    int attended = 0;
    for (size_t i = 0; i < natt; i++) {
        struct grp_attendance row = {
            .recoveree_id = att[i].recoveree_id,
            .guest_name = att[i].guest_name,
            .guest_role = nz(att[i].guest_role),
            .status = att[i].status,
            .shared = att[i].shared,
            .note = nz(att[i].note),
        };
        enum grp_att st = (enum grp_att)grp_att_parse(att[i].status);
        if (att[i].recoveree_id && grp_att_attended(st)) {
            /* GR-3 → SV-1: the attendee's own group service, from the group's note. */
            int64_t rid = att[i].recoveree_id;
            struct svc_in in = {
                .recoverees = &rid,
                .nrecoverees = 1,
                .date = day_s(c, lt.day),
                .time = hhmm,
                .minutes = s.minutes,
                .modality = "group",
                .intensity = "low",
                .setting = g.setting,
                .activity = g.activity,
                .funding_source = g.funding_source,
                .note = note,
                .boundary_reason = kept.boundary_lane ? boundary_reason : NULL,
            };
            int64_t sid = 0;
            if (op_svc_log_attendance(c, by, &in, &kept, &sid, res) != OP_OK) {
                if (res->status == OP_INVALID && res->field && strcmp(res->field, "date") == 0)
                    res->field = "note";
                if (res->status == OP_REFUSED)
                    audit_refusal = 1;
                enum op_status st2 = op_end(c, res);
                return audit_refusal ? op_audit_refusal(c, res, "group.refused", "group_session",
                                                        session_id)
                                     : st2;
            }
            row.service_id = sid;
            attended++;
        }
        if (grp_att_add(c->db, c->who.org_id, session_id, &row) != DB_OK) {
            op_store(res, msg(c->lang, "group.err.store"));
            return op_end(c, res);
        }
    }
    int u = grp_ses_document(c->db, c->who.org_id, session_id, s.version, note,
                             kept.boundary_lane ? boundary_reason : NULL, by, c->now);
    if (u == 0)
        op_conflict(res, "stale", msg(c->lang, "group.err.stale"));
    else if (u < 0 || op_audit(c, "group.session_document", "group_session", session_id,
                               arena_printf(c->a, "%zu marked, %d attended", natt, attended),
                               "ok") != 0)
        op_store(res, msg(c->lang, "group.err.store"));
    else
        op_ok(res, session_id, s.version + 1);
    return op_end(c, res);
}

/* ---- incidents (GR-5) ----------------------------------------------------------- */

/* RC-3: may the details of an incident go to staff member name? Under a consent of the
 * recoveree valid today naming them, or "monitoring program", for the purpose "monitoring". */
static int details_may_go(struct op_ctx *c, int64_t recoveree_id, const char *name)
{
    struct consent_row *k;
    int nk;
    if (consent_list(c->db, c->a, c->who.org_id, recoveree_id, &k, &nk) != 0)
        return -1;
    for (int i = 0; i < nk; i++) {
        struct consent_problem p;
        if (consent_covers(&k[i].c, name, NULL, "monitoring", c->today, c->now, &p) ||
            consent_covers(&k[i].c, "monitoring program", NULL, "monitoring", c->today, c->now, &p))
            return 1;
    }
    return 0;
}

enum op_status op_grp_incident(struct op_ctx *c, int64_t session_id, int64_t recoveree_id,
                               const char *kind, const char *details, struct op_result *res)
{
    if (runs_session(c, session_id, res) != OP_OK)
        return res->status;
    struct faults f = {0};
    if (grp_incident_parse(kind) < 0)
        fault(c, &f, "kind", "group.err.incident_kind");
    if (!details || !*details)
        fault(c, &f, "details", "group.err.incident_details");
    else if (strlen(details) > GRP_TEXT_MAX)
        fault(c, &f, "details", "group.err.text_long");
    if (!recoveree_id)
        fault(c, &f, "recoveree_id", "group.err.incident_who");
    if (f.n)
        return faults_result(c, &f, "GR-5", res);
    if (op_begin(c, res) != OP_OK)
        return res->status;
    struct grp_session s;
    struct grp_row g;
    if (load_session(c, session_id, &s, &g, res) != OP_OK)
        return op_end(c, res);
    int rc = grp_mem_is(c->db, c->who.org_id, g.id, recoveree_id);
    if (rc <= 0) {
        if (rc < 0)
            op_store(res, msg(c->lang, "group.err.store"));
        else
            op_invalid(res, "recoveree_id", msg(c->lang, "group.err.not_member"));
        return op_end(c, res);
    }
    /* Whom it reaches: the monitoring case manager, else the reporter's supervisor. */
    const char *today = day_s(c, c->today);
    int64_t to = 0, sup = 0;
    int is_cm = 0;
    rc = grp_monitoring_cm(c->db, c->who.org_id, recoveree_id, &to);
    if (rc == 1)
        is_cm = 1;
    else if (rc == 0)
        rc = grp_supervisor_of(c->db, c->who.org_id, c->who.user_id, today, &to);
    if (rc < 0) {
        op_store(res, msg(c->lang, "group.err.store"));
        return op_end(c, res);
    }
    struct user u = {0};
    int shared = 0;
    if (to) {
        if (user_by_id(c->db, c->a, c->who.org_id, to, &u) != 1 ||
            (shared = details_may_go(c, recoveree_id, u.display_name)) < 0 ||
            (is_cm && grp_supervisor_of(c->db, c->who.org_id, to, today, &sup) < 0)) {
            op_store(res, msg(c->lang, "group.err.store"));
            return op_end(c, res);
        }
    }
    struct grp_incident_row r = {
        .group_id = g.id,
        .session_id = session_id,
        .recoveree_id = recoveree_id,
        .kind = kind,
        .details = details,
        .reported_by = c->who.user_id,
        .reported_at = c->now,
        .notified_user = to,
        .shared = shared,
    };
    int64_t id = 0, nid = 0;
    if (grp_inc_insert(c->db, c->who.org_id, &r, &id) != DB_OK ||
        op_audit(c, "incident.report", "recoveree", recoveree_id,
                 arena_printf(c->a, "%s at group %lld, session %s; to user %lld%s", kind,
                              (long long)g.id, s.session_date, (long long)to,
                              shared ? ", details under consent" : ", no consent for details"),
                 "ok") != 0) {
        op_store(res, msg(c->lang, "group.err.store"));
        return op_end(c, res);
    }
    if (to) {
        /* The notice: the kind and details only under consent; otherwise that a report needs
         * them. The recipient's own language. */
        const char *lang = NULL;
        if (user_language(c->db, c->a, c->who.org_id, to, &lang) < 0)
            lang = NULL;
        const char *title =
            shared ? msg_fmt(c->a, lang, "incident.notice.title", "kind",
                             msg(lang, arena_printf(c->a, "incident.kind.%s", kind)), "group",
                             g.name, NULL)
                   : msg_fmt(c->a, lang, "incident.notice.title_private", "group", g.name, NULL);
        const char *body =
            shared ? msg_fmt(c->a, lang, "incident.notice.body", "details", details, "by",
                             c->who.display_name ? c->who.display_name : "", "date",
                             s.session_date, NULL)
                   : msg_fmt(c->a, lang, "incident.notice.body_private", "by",
                             c->who.display_name ? c->who.display_name : "", "date",
                             s.session_date, NULL);
        int64_t after = is_cm && sup ? c->pol->v[POL_INCIDENT_ESCALATE_MIN] * 60 : 0;
        if (op_notify(c, to, "incident", "incident", id, title, body,
                      arena_printf(c->a, "/incidents/%lld", (long long)id), after,
                      is_cm ? sup : 0, &nid) != 0 ||
            grp_inc_notice(c->db, c->who.org_id, id, nid) < 0) {
            op_store(res, msg(c->lang, "group.err.store"));
            return op_end(c, res);
        }
    }
    op_ok(res, id, 1);
    res->message = to ? msg_fmt(c->a, c->lang,
                                is_cm ? "incident.reached_cm" : "incident.reached_supervisor",
                                "name", u.display_name, NULL)
                      : msg(c->lang, "incident.reached_nobody");
    return op_end(c, res);
}
