/* ops_monitor.c - monitoring programs (ops_monitor.h). */
#include "ops_monitor.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "accounts.h"
#include "caseload_store.h"
#include "civil.h"
#include "consent.h"
#include "consents_store.h"
#include "fee.h"
#include "jmem.h"
#include "msg.h"
#include "ops_users.h"
#include "recoverees.h"
#include "tz.h"

/* ---- small helpers -------------------------------------------------------------- */

static const char *day_text(arena *a, int32_t day)
{
    char *s = arena_alloc(a, 11);
    civil_format(day, s);
    return s;
}

/* "HH:MM" -> minutes after midnight; -1 when it is not a time of day. */
static int hhmm(const char *s)
{
    if (!s || strlen(s) != 5 || s[2] != ':')
        return -1;
    for (int i = 0; i < 5; i++)
        if (i != 2 && (s[i] < '0' || s[i] > '9'))
            return -1;
    int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
    return h < 24 && m < 60 ? h * 60 + m : -1;
}

static const struct tz *zone_of(const struct op_ctx *c)
{
    return c->zone ? c->zone : tz_utc();
}

/* Minutes after local midnight now. */
static int minute_now(const struct op_ctx *c)
{
    struct tz_local l;
    tz_local_of(zone_of(c), c->now, &l);
    return l.hour * 60 + l.minute;
}

/* A required text: at most max bytes, and more than blanks. */
static int text_ok(const char *s, size_t max)
{
    if (!s || strlen(s) > max)
        return 0;
    return s[strspn(s, " \t\r\n")] != '\0';
}

static enum op_status store_fail(struct op_ctx *c, struct op_result *res)
{
    return op_store(res, msg(c->lang, "monitor.err.store"));
}

/* End the transaction and, for a refusal, keep its record. */
static enum op_status finish(struct op_ctx *c, struct op_result *res, const char *action,
                             const char *type, int64_t id)
{
    enum op_status st = op_end(c, res);
    if (st == OP_REFUSED || st == OP_FORBIDDEN)
        return op_audit_refusal(c, res, action, type, id);
    return st;
}

static int is_manager(const struct op_ctx *c)
{
    return c->who.role == ROLE_ADMIN || c->who.role == ROLE_SUPERVISOR;
}

/* ---- reach ---------------------------------------------------------------------- */

int mon_reach(struct op_ctx *c, int64_t participant_id, struct mon_participant_row *out)
{
    int64_t org = c->who.org_id;
    if (c->who.role == ROLE_PARTICIPANT) {
        int64_t rid;
        int rc = mon_user_recoveree(c->db, org, c->who.user_id, &rid);
        if (rc != 1)
            return rc;
        rc = mon_participant_of_recoveree(c->db, c->a, org, rid, out);
        if (rc != 1)
            return rc;
        return participant_id == 0 || participant_id == out->id;
    }
    if (participant_id <= 0)
        return 0;
    int rc = mon_participant_get(c->db, c->a, org, participant_id, out);
    if (rc != 1)
        return rc;
    switch (c->who.role) {
    case ROLE_ADMIN:
    case ROLE_SUPERVISOR:
    case ROLE_AUDITOR:
        return 1;
    case ROLE_CASE_MANAGER:
        return out->case_manager_id == c->who.user_id;
    default:
        return 0;
    }
}

/* Staff who act on p: administrators, supervisors, p's case manager (the system too). */
static int may_act(const struct op_ctx *c, const struct mon_participant_row *p)
{
    return c->who.user_id == 0 || is_manager(c) ||
           (c->who.role == ROLE_CASE_MANAGER && p->case_manager_id == c->who.user_id);
}

/* The participant for a write: within reach (OP_NOT_FOUND otherwise) and acted on by staff
 * (OP_FORBIDDEN otherwise; a participant only where self_ok). */
static enum op_status reach_for_write(struct op_ctx *c, int64_t id, int self_ok,
                                      struct mon_participant_row *p, struct op_result *res)
{
    int rc = mon_reach(c, c->who.role == ROLE_PARTICIPANT ? 0 : id, p);
    if (rc < 0)
        return store_fail(c, res);
    if (rc == 0 || (c->who.role == ROLE_PARTICIPANT && id && id != p->id))
        return op_not_found(res, msg(c->lang, "monitor.err.not_found"));
    if (c->who.role == ROLE_PARTICIPANT ? !self_ok : !may_act(c, p))
        return op_forbidden(res, "GR-6", msg(c->lang, "monitor.err.forbidden"));
    return OP_OK;
}

/* ---- the agreement over time ---------------------------------------------------- */

struct agreement_view {
    struct mon_span *spans;
    size_t nspans;
    int32_t start, end;                  /* the current version's first and last day */
    struct mon_phase_row *phase_of_span; /* each span's phase */
};

/* Build the spans of p's agreement (its versions in order of effective day). 0, or -1. */
static int load_agreement(struct op_ctx *c, const struct mon_participant_row *p,
                          struct agreement_view *v)
{
    memset(v, 0, sizeof *v);
    struct mon_agreement_row *ag;
    struct mon_phase_row *ph;
    struct mon_duty_row *du;
    int nag, nph, ndu;
    if (mon_agreements_of(c->db, c->a, c->who.org_id, p->id, &ag, &nag) != 0 ||
        mon_phases_of(c->db, c->a, c->who.org_id, p->program_id, &ph, &nph) != 0 ||
        mon_duties_of(c->db, c->a, c->who.org_id, p->program_id, &du, &ndu) != 0)
        return -1;
    if (nag == 0)
        return 0;
    const struct mon_agreement_row *cur = &ag[nag - 1];
    v->start = civil_parse(cur->start_date);
    v->end = civil_add_months(v->start, cur->months) - 1;
    v->spans = arena_alloc(c->a, sizeof *v->spans * (size_t)nag);
    v->phase_of_span = arena_alloc(c->a, sizeof *v->phase_of_span * (size_t)nag);
    for (int i = 0; i < nag; i++) {
        int32_t from = civil_parse(ag[i].effective_from);
        if (from < v->start)
            from = v->start;
        int32_t to = v->end;
        for (int j = i + 1; j < nag; j++) {
            int32_t next = civil_parse(ag[j].effective_from);
            if (next - 1 < to)
                to = next - 1;
        }
        if (to < from)
            continue; /* a version replaced before it began */
        struct mon_duty_rule *rules = arena_alloc(c->a, sizeof *rules * (DUTY__COUNT + 1));
        size_t nr = 0;
        for (int k = 0; k < ndu; k++) {
            int kind = mon_duty_parse(du[k].kind), per = mon_per_parse(du[k].per);
            if (du[k].phase_id == ag[i].phase_id && kind >= 0 && per >= 0 && nr < DUTY__COUNT)
                rules[nr++] =
                    (struct mon_duty_rule){(enum mon_duty)kind, du[k].count, (enum mon_per)per};
        }
        rules[nr++] = (struct mon_duty_rule){DUTY_CHECKIN, 1, PER_DAY};
        struct mon_phase_row none = {0};
        v->phase_of_span[v->nspans] = none;
        for (int k = 0; k < nph; k++)
            if (ph[k].id == ag[i].phase_id)
                v->phase_of_span[v->nspans] = ph[k];
        v->spans[v->nspans++] = (struct mon_span){from, to, rules, nr};
    }
    return 0;
}

/* The span covering day, or -1. */
static int span_at(const struct agreement_view *v, int32_t day)
{
    for (size_t i = 0; i < v->nspans; i++)
        if (v->spans[i].from <= day && day <= v->spans[i].to)
            return (int)i;
    return -1;
}

/* ---- programs ------------------------------------------------------------------- */

/* "max_percent|dollars" lines into cents lines, checked as a scale (fee.h). */
static const char *fee_lines(struct op_ctx *c, const char *text, struct fee_scale *sc,
                             const char **why)
{
    sc->n = 0;
    char *out = arena_alloc(c->a, strlen(text ? text : "") * 2 + 64);
    out[0] = '\0';
    const char *p = text ? text : "";
    while (*p) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        char line[128];
        if (len >= sizeof line) {
            *why = "monitor.err.fee_line";
            return NULL;
        }
        memcpy(line, p, len);
        line[len] = '\0';
        line[strcspn(line, "\r")] = '\0';
        p += len + (e ? 1 : 0);
        if (!*line)
            continue;
        char *bar = strchr(line, '|');
        if (!bar || sc->n >= FEE_TIERS_MAX) {
            *why = "monitor.err.fee_line";
            return NULL;
        }
        *bar = '\0';
        char *end;
        long pct = strtol(line, &end, 10);
        int64_t cents;
        const char *w;
        if (*end || end == line || fee_parse_cents(bar + 1, &cents, &w) != 0) {
            *why = "monitor.err.fee_line";
            return NULL;
        }
        sc->tier[sc->n++] = (struct fee_tier){(int)pct, cents};
        sprintf(out + strlen(out), "%ld|%lld\n", pct, (long long)cents);
    }
    return out;
}

/* "kind|dollars" lines into "kind|cents" lines. */
static const char *test_fee_lines(struct op_ctx *c, const char *text)
{
    char *out = arena_alloc(c->a, strlen(text ? text : "") * 2 + 16);
    out[0] = '\0';
    const char *p = text ? text : "";
    while (*p) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        char line[128];
        if (len >= sizeof line)
            return NULL;
        memcpy(line, p, len);
        line[len] = '\0';
        line[strcspn(line, "\r")] = '\0';
        p += len + (e ? 1 : 0);
        if (!*line)
            continue;
        char *bar = strchr(line, '|');
        int64_t cents;
        const char *w;
        if (!bar || bar == line || bar - line > 40)
            return NULL;
        *bar = '\0';
        if (fee_parse_cents(bar + 1, &cents, &w) != 0)
            return NULL;
        sprintf(out + strlen(out), "%s|%lld\n", line, (long long)cents);
    }
    return out;
}

enum op_status op_mon_program_create(struct op_ctx *c, const struct mon_program_in *in,
                                     struct op_result *res)
{
    if (c->who.role != ROLE_ADMIN)
        return op_forbidden(res, "GR-6", msg(c->lang, "monitor.err.admin_only"));
    if (!text_ok(in->name, MON_NAME_MAX))
        return op_invalid(res, "name", msg(c->lang, "monitor.err.name"));
    if (!text_ok(in->board, MON_NAME_MAX))
        return op_invalid(res, "board", msg(c->lang, "monitor.err.board"));
    int cf = hhmm(in->checkin_from), ct = hhmm(in->checkin_to);
    if (cf < 0)
        return op_invalid(res, "checkin_from", msg(c->lang, "monitor.err.time"));
    if (ct < 0 || ct <= cf)
        return op_invalid(res, "checkin_to", msg(c->lang, "monitor.err.window"));
    int te = hhmm(in->test_by_earliest), tl = hhmm(in->test_by_latest);
    if (te < 0)
        return op_invalid(res, "test_by_earliest", msg(c->lang, "monitor.err.time"));
    if (tl < te)
        return op_invalid(res, "test_by_latest", msg(c->lang, "monitor.err.test_by"));
    int step = in->test_by_step > 0 ? in->test_by_step : 30;
    if (step > 720)
        return op_invalid(res, "test_by_step", msg(c->lang, "monitor.err.step"));
    if (!text_ok(in->sites, MON_TEXT_MAX))
        return op_invalid(res, "sites", msg(c->lang, "monitor.err.sites"));
    if (in->report_grace_days < 0 || in->report_grace_days > 60)
        return op_invalid(res, "report_grace_days", msg(c->lang, "monitor.err.grace"));
    struct fee_scale sc = {.poverty_base_cents = in->poverty_base_cents,
                           .poverty_per_person_cents = in->poverty_per_person_cents};
    const char *why = NULL;
    const char *tiers = fee_lines(c, in->fee_tiers, &sc, &why);
    if (!tiers || fee_scale_check(&sc, &why) != 0)
        return op_invalid(res, "fee_tiers", msg(c->lang, why));
    const char *tfees = test_fee_lines(c, in->test_fees);
    if (!tfees)
        return op_invalid(res, "test_fees", msg(c->lang, "monitor.err.test_fees"));
    if (in->nphases == 0 || in->nphases > MON_PHASES_MAX)
        return op_invalid(res, "phases", msg(c->lang, "monitor.err.phases"));
    for (size_t i = 0; i < in->nphases; i++) {
        const struct mon_phase_in *ph = &in->phase[i];
        if (!text_ok(ph->name, MON_NAME_MAX))
            return op_invalid(res, "phases", msg(c->lang, "monitor.err.phase_name"));
        int model = draw_model_parse(ph->draw_model);
        struct draw_member m = {.participant_id = 1,
                                .model = model < 0 ? DRAW_DAILY : (enum draw_model)model,
                                .n = ph->draw_n,
                                .d = ph->draw_d,
                                .win_left = ph->draw_n,
                                .colour = "x"};
        if (model < 0 || draw_member_check(&m, &why) != 0)
            return op_invalid(res, "phases", msg(c->lang, model < 0 ? "monitor.err.model" : why));
        for (size_t k = 0; k < ph->nduties; k++)
            if (mon_duty_check(&ph->duties[k], &why) != 0)
                return op_invalid(res, "phases", msg(c->lang, why));
    }
    if (op_begin(c, res) != OP_OK)
        return res->status;
    int named = mon_program_named(c->db, c->who.org_id, in->name);
    int64_t id = 0;
    if (named < 0) {
        store_fail(c, res);
        goto out;
    }
    if (named) {
        op_fail(res, OP_CONFLICT, "name_taken", NULL, "name",
                msg(c->lang, "monitor.err.name_taken"));
        goto out;
    }
    struct mon_program_row row = {.name = in->name,
                                  .board = in->board,
                                  .checkin_from = cf,
                                  .checkin_to = ct,
                                  .test_by_earliest = te,
                                  .test_by_latest = tl,
                                  .test_by_step = step,
                                  .sites = in->sites,
                                  .report_grace_days = in->report_grace_days,
                                  .fee_tiers = tiers,
                                  .poverty_base = in->poverty_base_cents,
                                  .poverty_per_person = in->poverty_per_person_cents,
                                  .test_fees = tfees};
    if (mon_program_insert(c->db, c->who.org_id, &row, c->who.user_id, c->now, &id) != DB_OK) {
        store_fail(c, res);
        goto out;
    }
    for (size_t i = 0; i < in->nphases; i++) {
        const struct mon_phase_in *ph = &in->phase[i];
        struct mon_phase_row pr = {.program_id = id,
                                   .ordinal = (int)i + 1,
                                   .name = ph->name,
                                   .draw_model = ph->draw_model,
                                   .draw_n = ph->draw_n,
                                   .draw_d = ph->draw_d,
                                   .restrictions = ph->restrictions};
        int64_t pid;
        if (mon_phase_insert(c->db, c->who.org_id, &pr, &pid) != DB_OK) {
            store_fail(c, res);
            goto out;
        }
        for (size_t k = 0; k < ph->nduties; k++) {
            const struct mon_duty_rule *r = &ph->duties[k];
            if (r->kind == DUTY_CHECKIN || r->kind == DUTY_TESTING || r->kind == DUTY_RESTRICTION)
                continue; /* always daily / the draw's / text: not counted duties */
            if (mon_duty_insert(c->db, c->who.org_id, pid, mon_duty_name(r->kind), r->count,
                                mon_per_name(r->per)) != DB_OK) {
                store_fail(c, res);
                goto out;
            }
        }
    }
    if (op_audit(c, "monitor.program.create", "mon_program", id, in->name, "ok") != 0)
        store_fail(c, res);
    else
        op_ok(res, id, 1);
out:
    return op_end(c, res);
}

/* ---- enrolment and agreements --------------------------------------------------- */

/* The reports p owes from from to the agreement's end, for the duties of a phase. */
static int owe_reports(struct op_ctx *c, int64_t participant_id, int64_t phase_id, int32_t from,
                       int32_t end, int64_t program_id)
{
    struct mon_duty_row *du;
    int n;
    if (mon_duties_of(c->db, c->a, c->who.org_id, program_id, &du, &n) != 0)
        return -1;
    for (int i = 0; i < n; i++) {
        int kind = mon_duty_parse(du[i].kind), per = mon_per_parse(du[i].per);
        if (du[i].phase_id != phase_id ||
            !(kind == DUTY_WORKSITE_REPORT || kind == DUTY_SELF_REPORT ||
              kind == DUTY_TREATMENT_REPORT))
            continue;
        int months = per == PER_MONTH ? 1 : per == PER_QUARTER ? 3 : per == PER_YEAR ? 12 : 0;
        if (months == 0 || du[i].count < 1)
            continue;
        months = months / du[i].count > 0 ? months / du[i].count : 1;
        int32_t due[400];
        size_t k = mon_report_due_days(from, months, end, due, 400);
        for (size_t j = 0; j < k && j < 400; j++)
            if (mon_report_owe(c->db, c->who.org_id, participant_id, du[i].kind,
                               day_text(c->a, due[j])) != DB_OK)
                return -1;
    }
    return 0;
}

enum op_status op_mon_enrol(struct op_ctx *c, const struct mon_enrol_in *in, struct op_result *res)
{
    if (c->who.role != ROLE_ADMIN)
        return op_forbidden(res, "GR-6", msg(c->lang, "monitor.err.admin_only"));
    if (!text_ok(in->licence_type, 80))
        return op_invalid(res, "licence_type", msg(c->lang, "monitor.err.licence_type"));
    if (!text_ok(in->licence_number, 40))
        return op_invalid(res, "licence_number", msg(c->lang, "monitor.err.licence_number"));
    if (!text_ok(in->licence_state, 40))
        return op_invalid(res, "licence_state", msg(c->lang, "monitor.err.licence_state"));
    if (!text_ok(in->board, MON_NAME_MAX))
        return op_invalid(res, "board", msg(c->lang, "monitor.err.board"));
    int32_t start = civil_parse(in->start_date ? in->start_date : "");
    if (start < 0)
        return op_invalid(res, "start_date", msg(c->lang, "monitor.err.day"));
    if (in->months < 1 || in->months > 120)
        return op_invalid(res, "months", msg(c->lang, "monitor.err.months"));
    int household = in->household ? in->household : 1;
    if (household < 1 || household > 20)
        return op_invalid(res, "household", msg(c->lang, "monitor.err.household"));
    int64_t income = -1;
    const char *why;
    if (in->income && *in->income && fee_parse_cents(in->income, &income, &why) != 0)
        return op_invalid(res, "income", msg(c->lang, why));
    if (in->terms && strlen(in->terms) > MON_TEXT_MAX)
        return op_invalid(res, "terms", msg(c->lang, "monitor.err.text_long"));
    if ((in->username && *in->username) != (in->password && *in->password))
        return op_invalid(res, "password", msg(c->lang, "monitor.err.login_pair"));

    if (op_begin(c, res) != OP_OK)
        return res->status;
    struct mon_program_row prog;
    struct recoveree rc_row;
    struct rc_scope all = {.all = 1};
    struct user cm;
    struct mon_phase_row *ph;
    int nph;
    int64_t id = 0;
    int rc = mon_program_get(c->db, c->a, c->who.org_id, in->program_id, &prog);
    if (rc != 1) {
        rc < 0 ? store_fail(c, res)
               : op_invalid(res, "program_id", msg(c->lang, "monitor.err.program"));
        goto out;
    }
    rc = rc_get(c->db, c->a, c->who.org_id, in->recoveree_id, &all, &rc_row);
    if (rc != 1) {
        rc < 0 ? store_fail(c, res)
               : op_invalid(res, "recoveree_id", msg(c->lang, "monitor.err.recoveree"));
        goto out;
    }
    rc = user_by_id(c->db, c->a, c->who.org_id, in->case_manager_id, &cm);
    if (rc < 0) {
        store_fail(c, res);
        goto out;
    }
    if (rc != 1 || cm.role != ROLE_CASE_MANAGER || cm.disabled) {
        op_refused(res, "GR-6", "case_manager_id", msg(c->lang, "monitor.err.case_manager"));
        goto out;
    }
    if (mon_phases_of(c->db, c->a, c->who.org_id, prog.id, &ph, &nph) != 0 || nph == 0) {
        store_fail(c, res);
        goto out;
    }
    struct mon_participant_row existing;
    rc = mon_participant_of_recoveree(c->db, c->a, c->who.org_id, in->recoveree_id, &existing);
    if (rc != 0) {
        rc < 0 ? store_fail(c, res)
               : op_conflict(res, "enrolled", msg(c->lang, "monitor.err.enrolled"));
        goto out;
    }
    struct mon_participant_row p = {.program_id = prog.id,
                                    .recoveree_id = in->recoveree_id,
                                    .case_manager_id = cm.id,
                                    .licence_type = in->licence_type,
                                    .licence_number = in->licence_number,
                                    .licence_state = in->licence_state,
                                    .board = in->board,
                                    .colour = in->colour && *in->colour ? in->colour : NULL,
                                    .worksite_monitor = in->worksite_monitor,
                                    .treatment_provider = in->treatment_provider,
                                    .household = household,
                                    .income_cents = income};
    struct mon_agreement_row ag = {.version = 1,
                                   .start_date = day_text(c->a, start),
                                   .months = in->months,
                                   .phase_id = ph[0].id,
                                   .effective_from = day_text(c->a, start),
                                   .terms = in->terms};
    if (mon_participant_insert(c->db, c->who.org_id, &p, c->now, &id) != DB_OK ||
        mon_agreement_insert(c->db, c->who.org_id, id, &ag, NULL, NULL, 0, c->who.user_id, c->now,
                             NULL) != DB_OK ||
        rel_insert(c->db, c->who.org_id, in->recoveree_id, cm.id, "monitoring_case_manager",
                   prog.name, c->who.user_id, c->now) != DB_OK ||
        owe_reports(c, id, ph[0].id, start, civil_add_months(start, in->months) - 1, prog.id) !=
            0) {
        store_fail(c, res);
        goto out;
    }
    if (in->username && *in->username) {
        const char *name =
            rc_row.preferred_name && *rc_row.preferred_name
                ? arena_printf(c->a, "%s %s", rc_row.preferred_name, rc_row.last_name)
                : arena_printf(c->a, "%s %s", rc_row.first_name, rc_row.last_name);
        if (op_user_create_participant(c, in->username, name, in->password, in->recoveree_id,
                                       res) != OP_OK)
            goto out;
    }
    if (op_audit(c, "monitor.enrol", "mon_participant", id, prog.name, "ok") != 0)
        store_fail(c, res);
    else
        op_ok(res, id, 1);
out:
    return finish(c, res, "monitor.enrol", "recoveree", in->recoveree_id);
}

enum op_status op_mon_amend(struct op_ctx *c, int64_t participant_id, int64_t phase_id,
                            const char *effective_from, int months, const char *reason,
                            struct op_result *res)
{
    if (c->who.role != ROLE_ADMIN)
        return op_forbidden(res, "GR-6", msg(c->lang, "monitor.err.admin_only"));
    int32_t from = civil_parse(effective_from ? effective_from : "");
    if (from < 0)
        return op_invalid(res, "effective_from", msg(c->lang, "monitor.err.day"));
    if (months < 1 || months > 120)
        return op_invalid(res, "months", msg(c->lang, "monitor.err.months"));
    if (!text_ok(reason, MON_REASON_MAX))
        return op_invalid(res, "reason", msg(c->lang, "monitor.err.reason"));
    if (op_begin(c, res) != OP_OK)
        return res->status;
    struct mon_participant_row p;
    struct mon_phase_row ph;
    struct mon_agreement_row *ag;
    int nag;
    if (reach_for_write(c, participant_id, 0, &p, res) != OP_OK)
        goto out;
    int rc = mon_phase_get(c->db, c->a, c->who.org_id, phase_id, &ph);
    if (rc < 0 || mon_agreements_of(c->db, c->a, c->who.org_id, p.id, &ag, &nag) != 0 || nag == 0) {
        store_fail(c, res);
        goto out;
    }
    if (rc == 0 || ph.program_id != p.program_id) {
        op_invalid(res, "phase_id", msg(c->lang, "monitor.err.phase"));
        goto out;
    }
    int32_t start = civil_parse(ag[nag - 1].start_date);
    if (from < start || from < civil_parse(ag[nag - 1].effective_from)) {
        op_invalid(res, "effective_from", msg(c->lang, "monitor.err.amend_before"));
        goto out;
    }
    struct mon_agreement_row next = {.version = ag[nag - 1].version + 1,
                                     .start_date = ag[nag - 1].start_date,
                                     .months = months,
                                     .phase_id = ph.id,
                                     .effective_from = day_text(c->a, from),
                                     .terms = ag[nag - 1].terms,
                                     .reason = reason};
    int64_t id;
    if (mon_agreement_insert(c->db, c->who.org_id, p.id, &next, NULL, NULL, 0, c->who.user_id,
                             c->now, &id) != DB_OK ||
        owe_reports(c, p.id, ph.id, from, civil_add_months(start, months) - 1, p.program_id) != 0 ||
        op_audit(c, "monitor.amend", "mon_participant", p.id, reason, "ok") != 0)
        store_fail(c, res);
    else
        op_ok(res, id, next.version);
out:
    return op_end(c, res);
}

/* ---- seeds and draws ------------------------------------------------------------ */

static int commit_seed(struct op_ctx *c, int64_t program_id, const char *day,
                       const uint8_t seed[DRAW_SEED_BYTES])
{
    char hex[2 * DRAW_SEED_BYTES + 1], commit[DRAW_COMMIT_HEX + 1];
    draw_seed_hex(seed, hex);
    draw_commit(seed, commit);
    return mon_draw_commit(c->db, c->who.org_id, program_id, day, hex, commit, c->now,
                           DRAW_ALGORITHM);
}

enum op_status op_mon_seed(struct op_ctx *c, int64_t program_id, const char *day,
                           const char *seed_hex, struct op_result *res)
{
    if (c->who.role != ROLE_ADMIN)
        return op_forbidden(res, "GR-8", msg(c->lang, "monitor.err.admin_only"));
    int32_t d = civil_parse(day ? day : "");
    if (d < 0)
        return op_invalid(res, "day", msg(c->lang, "monitor.err.day"));
    uint8_t seed[DRAW_SEED_BYTES];
    if (seed_hex) {
        if (draw_seed_parse(seed_hex, seed) != 0)
            return op_invalid(res, "seed", msg(c->lang, "monitor.err.seed"));
    } else {
        draw_seed_new(seed);
    }
    if (d < c->today)
        return op_refused(res, "GR-8", "day", msg(c->lang, "monitor.err.seed_past"));
    if (op_begin(c, res) != OP_OK)
        return res->status;
    struct mon_program_row prog;
    struct mon_draw_row dr;
    int rc = mon_program_get(c->db, c->a, c->who.org_id, program_id, &prog);
    if (rc != 1) {
        rc < 0 ? store_fail(c, res) : op_not_found(res, msg(c->lang, "monitor.err.program"));
        goto out;
    }
    rc = mon_draw_get(c->db, c->a, c->who.org_id, program_id, day, &dr);
    if (rc < 0) {
        store_fail(c, res);
        goto out;
    }
    if (rc == 1 && dr.drawn_at) {
        op_conflict(res, "drawn", msg(c->lang, "monitor.err.drawn"));
        goto out;
    }
    char hex[2 * DRAW_SEED_BYTES + 1], commit[DRAW_COMMIT_HEX + 1];
    draw_seed_hex(seed, hex);
    draw_commit(seed, commit);
    if ((rc == 1 ? mon_draw_reseed(c->db, c->who.org_id, program_id, day, hex, commit, c->now) != 1
                 : commit_seed(c, program_id, day, seed) != DB_OK) ||
        op_audit(c, rc == 1 ? "monitor.seed.replace" : "monitor.seed.commit", "mon_program",
                 program_id, arena_printf(c->a, "%s %s", day, commit), "ok") != 0)
        store_fail(c, res);
    else
        op_ok(res, program_id, 0);
out:
    sodium_memzero(seed, sizeof seed);
    return op_end(c, res);
}

/* The pool of a program-day: each active participant whose agreement covers the day and who is
 * not approved unavailable, under their phase's model. */
static int build_pool(struct op_ctx *c, int64_t program_id, int32_t day, struct draw_member **out,
                      size_t *n)
{
    struct mon_participant_row *ps;
    int np;
    *n = 0;
    if (mon_participant_pool(c->db, c->a, c->who.org_id, program_id, &ps, &np) != 0)
        return -1;
    *out = arena_alloc(c->a, sizeof **out * (size_t)(np ? np : 1));
    const char *dtext = day_text(c->a, day);
    for (int i = 0; i < np; i++) {
        struct agreement_view v;
        if (load_agreement(c, &ps[i], &v) != 0)
            return -1;
        int k = span_at(&v, day);
        if (k < 0)
            continue;
        int un = mon_unavail_approved_on(c->db, c->who.org_id, ps[i].id, dtext);
        if (un < 0)
            return -1;
        if (un)
            continue;
        const struct mon_phase_row *ph = &v.phase_of_span[k];
        int model = draw_model_parse(ph->draw_model);
        if (model < 0)
            continue;
        struct draw_member m = {.participant_id = ps[i].id,
                                .model = (enum draw_model)model,
                                .n = ph->draw_n,
                                .d = ph->draw_d};
        snprintf(m.colour, sizeof m.colour, "%s", ps[i].colour ? ps[i].colour : "none");
        if (m.model == DRAW_WINDOW && m.d > 0) {
            m.win_pos = (int)((day - v.start) % m.d);
            int64_t done = 0;
            if (m.win_pos > 0 && mon_test_drawn_count(c->db, c->who.org_id, ps[i].id,
                                                      day_text(c->a, day - m.win_pos),
                                                      day_text(c->a, day - 1), &done) != 0)
                return -1;
            int left = m.n - (int)done;
            if (left < 0)
                left = 0;
            if (left > m.d - m.win_pos)
                left = m.d - m.win_pos;
            m.win_left = left;
        }
        const char *why;
        if (draw_member_check(&m, &why) != 0)
            continue;
        (*out)[(*n)++] = m;
    }
    return 0;
}

static json_t *pool_json(const struct draw_member *pool, size_t n, const struct draw_times *t)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *m =
            json_pack("{s:I,s:s,s:i,s:i}", "id", (json_int_t)pool[i].participant_id, "model",
                      draw_model_name(pool[i].model), "n", pool[i].n, "d", pool[i].d);
        if (pool[i].model == DRAW_WINDOW) {
            json_object_set_new(m, "win_pos", json_integer(pool[i].win_pos));
            json_object_set_new(m, "win_left", json_integer(pool[i].win_left));
        }
        if (pool[i].model == DRAW_COLOUR)
            json_object_set_new(m, "colour", json_string(pool[i].colour));
        json_array_append_new(arr, m);
    }
    return json_pack("{s:o,s:{s:i,s:i,s:i}}", "members", arr, "times", "earliest", t->earliest,
                     "latest", t->latest, "step", t->step);
}

static json_t *picks_json(const struct draw_pick *p, size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            arr, json_pack("{s:I,s:b,s:i,s:s}", "id", (json_int_t)p[i].participant_id, "selected",
                           p[i].selected, "test_by", p[i].test_by, "code", p[i].code));
    return arr;
}

/* Pool and times back from a draw's kept JSON. 0, or -1 when it does not read. */
static int pool_read(arena *a, const char *text, struct draw_member **out, size_t *n,
                     struct draw_times *t)
{
    json_error_t e;
    json_t *j = text ? json_loads(text, 0, &e) : NULL;
    json_t *ms = json_object_get(j, "members"), *tj = json_object_get(j, "times");
    if (!json_is_array(ms) || !json_is_object(tj)) {
        json_decref(j);
        return -1;
    }
    *n = json_array_size(ms);
    *out = arena_alloc(a, sizeof **out * (*n ? *n : 1));
    for (size_t i = 0; i < *n; i++) {
        json_t *m = json_array_get(ms, i);
        struct draw_member *d = &(*out)[i];
        memset(d, 0, sizeof *d);
        d->participant_id = json_integer_value(json_object_get(m, "id"));
        int model = draw_model_parse(json_string_value(json_object_get(m, "model")));
        d->model = model < 0 ? DRAW_DAILY : (enum draw_model)model;
        d->n = (int)json_integer_value(json_object_get(m, "n"));
        d->d = (int)json_integer_value(json_object_get(m, "d"));
        d->win_pos = (int)json_integer_value(json_object_get(m, "win_pos"));
        d->win_left = (int)json_integer_value(json_object_get(m, "win_left"));
        const char *col = json_string_value(json_object_get(m, "colour"));
        snprintf(d->colour, sizeof d->colour, "%s", col ? col : "");
    }
    t->earliest = (int)json_integer_value(json_object_get(tj, "earliest"));
    t->latest = (int)json_integer_value(json_object_get(tj, "latest"));
    t->step = (int)json_integer_value(json_object_get(tj, "step"));
    json_decref(j);
    return 0;
}

/* Draw program-day in the open transaction if not drawn yet; *dr the draw after. 0, or -1. */
static int draw_ensure(struct op_ctx *c, const struct mon_program_row *prog, int32_t day,
                       struct mon_draw_row *dr)
{
    const char *dtext = day_text(c->a, day);
    int rc = mon_draw_get(c->db, c->a, c->who.org_id, prog->id, dtext, dr);
    if (rc < 0)
        return -1;
    if (rc == 0) { /* no seed was committed before the day: commit one now, and say so */
        uint8_t seed[DRAW_SEED_BYTES];
        draw_seed_new(seed);
        rc = commit_seed(c, prog->id, dtext, seed);
        sodium_memzero(seed, sizeof seed);
        if (rc != DB_OK ||
            op_audit(c, "monitor.seed.late", "mon_program", prog->id, dtext, "ok") != 0 ||
            mon_draw_get(c->db, c->a, c->who.org_id, prog->id, dtext, dr) != 1)
            return -1;
    }
    if (dr->drawn_at)
        return 0;
    struct draw_member *pool;
    size_t n;
    if (build_pool(c, prog->id, day, &pool, &n) != 0)
        return -1;
    struct draw_times t = {prog->test_by_earliest, prog->test_by_latest, prog->test_by_step};
    struct draw_pick *picks = arena_alloc(c->a, sizeof *picks * (n ? n : 1));
    uint8_t seed[DRAW_SEED_BYTES];
    if (draw_seed_parse(dr->seed, seed) != 0 || draw_day(seed, day, pool, n, &t, picks) != 0) {
        sodium_memzero(seed, sizeof seed);
        return -1;
    }
    sodium_memzero(seed, sizeof seed);
    json_t *pj = pool_json(pool, n, &t), *kj = picks_json(picks, n);
    char *ptext = json_dumps(pj, JSON_COMPACT), *ktext = json_dumps(kj, JSON_COMPACT);
    json_decref(pj);
    json_decref(kj);
    rc = ptext && ktext ? mon_draw_drawn(c->db, c->who.org_id, dr->id, ptext, ktext, c->now) : -1;
    if (rc == 1) {
        dr->pool = arena_strdup(c->a, ptext);
        dr->picks = arena_strdup(c->a, ktext);
        dr->drawn_at = c->now;
    }
    jmem_free_text(ptext);
    jmem_free_text(ktext);
    if (rc != 1)
        return -1;
    int selected = 0;
    for (size_t i = 0; i < n; i++) {
        if (!picks[i].selected)
            continue;
        selected++;
        if (mon_test_insert(c->db, c->who.org_id, picks[i].participant_id, dr->id, dtext,
                            picks[i].test_by, "urine", c->now, NULL) != DB_OK)
            return -1;
    }
    return op_audit(
        c, "monitor.draw", "mon_program", prog->id,
        arena_printf(c->a, "%s pool=%zu selected=%d %s", dtext, n, selected, DRAW_ALGORITHM), "ok");
}

enum op_status op_mon_draw(struct op_ctx *c, int64_t program_id, const char *day,
                           struct op_result *res)
{
    if (c->who.role != ROLE_ADMIN && c->who.user_id != 0)
        return op_forbidden(res, "GR-8", msg(c->lang, "monitor.err.admin_only"));
    int32_t d = civil_parse(day ? day : "");
    if (d < 0)
        return op_invalid(res, "day", msg(c->lang, "monitor.err.day"));
    if (d > c->today)
        return op_refused(res, "GR-8", "day", msg(c->lang, "monitor.err.draw_future"));
    if (op_begin(c, res) != OP_OK)
        return res->status;
    struct mon_program_row prog;
    struct mon_draw_row dr;
    int rc = mon_program_get(c->db, c->a, c->who.org_id, program_id, &prog);
    if (rc != 1)
        rc < 0 ? store_fail(c, res) : op_not_found(res, msg(c->lang, "monitor.err.program"));
    else if (draw_ensure(c, &prog, d, &dr) != 0)
        store_fail(c, res);
    else
        op_ok(res, dr.id, 0);
    return op_end(c, res);
}

/* The pick of participant_id in a draw's kept picks; 0 when they were not in the pool. */
static int pick_of(const char *picks, int64_t participant_id, struct draw_pick *out)
{
    json_error_t e;
    json_t *j = picks ? json_loads(picks, 0, &e) : NULL;
    size_t i;
    json_t *v;
    int found = 0;
    json_array_foreach(j, i, v)
    {
        if (json_integer_value(json_object_get(v, "id")) != participant_id)
            continue;
        out->participant_id = participant_id;
        out->selected = json_is_true(json_object_get(v, "selected"));
        out->test_by = (int)json_integer_value(json_object_get(v, "test_by"));
        snprintf(out->code, sizeof out->code, "%s",
                 json_string_value(json_object_get(v, "code")) ?: "");
        found = 1;
        break;
    }
    json_decref(j);
    return found;
}

/* A participant not in the pool of today's draw who belongs in it (enrolled after the day was
 * drawn): drawn now with the day's committed seed and added to the kept pool and picks. A
 * member's pick does not depend on the rest of the pool (draw.h), so verify-draw re-runs the
 * whole day to the same picks. 1 with *pk, 0 when they do not belong in the pool (approved
 * unavailable), -1 store. */
static int draw_join(struct op_ctx *c, const struct mon_program_row *prog, struct mon_draw_row *dr,
                     int64_t participant_id, struct draw_pick *pk)
{
    int32_t day = civil_parse(dr->day);
    if (!dr->drawn_at || dr->closed_at || day < 0)
        return 0;
    struct draw_member *pool;
    size_t n;
    if (build_pool(c, prog->id, day, &pool, &n) != 0)
        return -1;
    size_t i = 0;
    while (i < n && pool[i].participant_id != participant_id)
        i++;
    if (i == n)
        return 0;
    struct draw_times t = {prog->test_by_earliest, prog->test_by_latest, prog->test_by_step};
    uint8_t seed[DRAW_SEED_BYTES];
    int bad = draw_seed_parse(dr->seed, seed) != 0 || draw_day(seed, day, &pool[i], 1, &t, pk) != 0;
    sodium_memzero(seed, sizeof seed);
    if (bad)
        return -1;
    json_error_t e;
    json_t *pj = json_loads(dr->pool ? dr->pool : "", 0, &e);
    json_t *kj = json_loads(dr->picks ? dr->picks : "", 0, &e);
    json_t *one = pool_json(&pool[i], 1, &t), *pick = picks_json(pk, 1);
    json_t *members = json_object_get(pj, "members");
    char *ptext = NULL, *ktext = NULL;
    if (json_is_array(members) && json_is_array(kj)) {
        json_array_append(members, json_array_get(json_object_get(one, "members"), 0));
        json_array_append(kj, json_array_get(pick, 0));
        ptext = json_dumps(pj, JSON_COMPACT);
        ktext = json_dumps(kj, JSON_COMPACT);
    }
    json_decref(pj);
    json_decref(kj);
    json_decref(one);
    json_decref(pick);
    int rc = ptext && ktext ? mon_draw_join(c->db, c->who.org_id, dr->id, ptext, ktext) : -1;
    if (rc == 1) {
        dr->pool = arena_strdup(c->a, ptext);
        dr->picks = arena_strdup(c->a, ktext);
    }
    jmem_free_text(ptext);
    jmem_free_text(ktext);
    if (rc != 1)
        return -1;
    if (pk->selected && mon_test_insert(c->db, c->who.org_id, participant_id, dr->id, dr->day,
                                        pk->test_by, "urine", c->now, NULL) != DB_OK)
        return -1;
    if (op_audit(c, "monitor.draw.join", "mon_participant", participant_id,
                 arena_printf(c->a, "%s %s", dr->day, pk->selected ? "selected" : "not selected"),
                 "ok") != 0)
        return -1;
    return 1;
}

enum op_status op_mon_checkin(struct op_ctx *c, struct mon_checkin_answer *out,
                              struct op_result *res)
{
    memset(out, 0, sizeof *out);
    if (c->who.role != ROLE_PARTICIPANT)
        return op_forbidden(res, "GR-8", msg(c->lang, "monitor.err.participant_only"));
    if (op_begin(c, res) != OP_OK)
        return res->status;
    struct mon_participant_row p;
    struct mon_program_row prog;
    struct mon_checkin_row ci;
    struct mon_draw_row dr;
    const char *today = day_text(c->a, c->today);
    out->day = today;
    int rc = mon_reach(c, 0, &p);
    if (rc != 1) {
        rc < 0 ? store_fail(c, res) : op_not_found(res, msg(c->lang, "monitor.err.not_enrolled"));
        goto out;
    }
    if (mon_program_get(c->db, c->a, c->who.org_id, p.program_id, &prog) != 1) {
        store_fail(c, res);
        goto out;
    }
    out->sites = prog.sites;
    rc = mon_checkin_get(c->db, c->a, c->who.org_id, p.id, today, &ci);
    if (rc < 0) {
        store_fail(c, res);
        goto out;
    }
    if (rc == 1) { /* the same answer again, never a second draw */
        out->again = 1;
        out->selected = ci.selected;
        out->test_by = ci.test_by;
        snprintf(out->code, sizeof out->code, "%s", ci.code);
        op_ok(res, ci.id, 0);
        goto out;
    }
    struct agreement_view v;
    if (load_agreement(c, &p, &v) != 0) {
        store_fail(c, res);
        goto out;
    }
    if (strcmp(p.status, "active") != 0 || span_at(&v, c->today) < 0) {
        op_refused(res, "GR-8", NULL, msg(c->lang, "monitor.err.no_agreement_today"));
        goto out;
    }
    int now = minute_now(c);
    if (now < prog.checkin_from || now >= prog.checkin_to) {
        char from[16], to[16];
        snprintf(from, sizeof from, "%02d:%02d", prog.checkin_from / 60, prog.checkin_from % 60);
        snprintf(to, sizeof to, "%02d:%02d", prog.checkin_to / 60 % 24, prog.checkin_to % 60);
        op_refused(res, "GR-8", NULL,
                   msg_fmt(c->a, c->lang,
                           now < prog.checkin_from ? "monitor.err.window_not_open"
                                                   : "monitor.err.window_closed",
                           "from", from, "to", to, NULL));
        goto out;
    }
    if (draw_ensure(c, &prog, c->today, &dr) != 0) {
        store_fail(c, res);
        goto out;
    }
    struct draw_pick pk = {0};
    int in_pool = pick_of(dr.picks, p.id, &pk);
    if (!in_pool && (in_pool = draw_join(c, &prog, &dr, p.id, &pk)) < 0) {
        store_fail(c, res);
        goto out;
    }
    if (!in_pool) {
        /* Not in the pool (approved unavailable): a code all the same, and not selected. */
        struct draw_member one = {.participant_id = p.id, .model = DRAW_DAILY, .n = 1, .d = 1};
        struct draw_times t = {0, 0, 1};
        uint8_t seed[DRAW_SEED_BYTES];
        if (draw_seed_parse(dr.seed, seed) != 0 || draw_day(seed, c->today, &one, 1, &t, &pk)) {
            sodium_memzero(seed, sizeof seed);
            store_fail(c, res);
            goto out;
        }
        sodium_memzero(seed, sizeof seed);
        pk.selected = 0;
        pk.test_by = -1;
    }
    int64_t id;
    if (mon_checkin_insert(c->db, c->who.org_id, p.id, today, c->now, pk.code, pk.selected,
                           pk.test_by, &id) != DB_OK ||
        op_audit(c, "monitor.checkin", "mon_participant", p.id,
                 pk.selected ? "selected" : "not selected", "ok") != 0) {
        store_fail(c, res);
        goto out;
    }
    out->selected = pk.selected;
    out->test_by = pk.test_by;
    snprintf(out->code, sizeof out->code, "%s", pk.code);
    op_ok(res, id, 0);
out:
    return finish(c, res, "monitor.checkin", "user", c->who.user_id);
}

/* Close one program-day in the open transaction. */
static int close_one(struct op_ctx *c, const struct mon_program_row *prog, int32_t day)
{
    struct mon_draw_row dr;
    if (draw_ensure(c, prog, day, &dr) != 0)
        return -1;
    if (dr.closed_at)
        return 0;
    const char *dtext = day_text(c->a, day);
    struct draw_member *pool;
    size_t n;
    struct draw_times t;
    if (pool_read(c->a, dr.pool, &pool, &n, &t) != 0)
        return -1;
    int missed = 0;
    for (size_t i = 0; i < n; i++) {
        struct mon_checkin_row ci;
        int rc = mon_checkin_get(c->db, c->a, c->who.org_id, pool[i].participant_id, dtext, &ci);
        if (rc < 0)
            return -1;
        if (rc == 0) {
            missed++;
            if (mon_violation_add(c->db, c->who.org_id, pool[i].participant_id, dtext,
                                  "missed_checkin", 0, 0, c->now) != DB_OK)
                return -1;
        }
    }
    struct mon_test_row *ts;
    int nt;
    if (mon_tests_uncollected(c->db, c->a, c->who.org_id, dtext, &ts, &nt) != 0)
        return -1;
    for (int i = 0; i < nt; i++) {
        struct mon_participant_row p;
        if (mon_participant_get(c->db, c->a, c->who.org_id, ts[i].participant_id, &p) != 1)
            return -1;
        if (p.program_id != prog->id)
            continue;
        ts[i].state = "missed";
        if (mon_test_update(c->db, c->who.org_id, &ts[i], c->who.user_id, c->now) != 1 ||
            mon_violation_add(c->db, c->who.org_id, ts[i].participant_id, dtext, "missed_test",
                              ts[i].id, 0, c->now) != DB_OK)
            return -1;
    }
    /* Reports past their due day and the program's grace. */
    struct mon_report_row *rp;
    int nr;
    if (mon_reports_overdue(c->db, c->a, c->who.org_id, 0,
                            day_text(c->a, day - prog->report_grace_days), &rp, &nr) != 0)
        return -1;
    for (int i = 0; i < nr; i++) {
        struct mon_participant_row p;
        if (mon_participant_get(c->db, c->a, c->who.org_id, rp[i].participant_id, &p) != 1)
            return -1;
        if (p.program_id == prog->id &&
            mon_violation_add(c->db, c->who.org_id, rp[i].participant_id, rp[i].due_day,
                              "late_report", 0, rp[i].id, c->now) != DB_OK)
            return -1;
    }
    if (mon_draw_closed(c->db, c->who.org_id, dr.id, c->now) < 0)
        return -1;
    return op_audit(c, "monitor.close_day", "mon_program", prog->id,
                    arena_printf(c->a, "%s missed_checkins=%d missed_tests=%d", dtext, missed, nt),
                    "ok");
}

enum op_status op_mon_close_day(struct op_ctx *c, const char *day, struct op_result *res)
{
    if (c->who.role != ROLE_ADMIN && c->who.user_id != 0)
        return op_forbidden(res, "GR-8", msg(c->lang, "monitor.err.admin_only"));
    int32_t d = civil_parse(day ? day : "");
    if (d < 0)
        return op_invalid(res, "day", msg(c->lang, "monitor.err.day"));
    if (d >= c->today)
        return op_refused(res, "GR-8", "day", msg(c->lang, "monitor.err.close_not_past"));
    if (op_begin(c, res) != OP_OK)
        return res->status;
    struct mon_program_row *ps;
    int n;
    if (mon_program_list(c->db, c->a, c->who.org_id, &ps, &n) != 0) {
        store_fail(c, res);
        goto out;
    }
    for (int i = 0; i < n; i++)
        if (ps[i].active && close_one(c, &ps[i], d) != 0) {
            store_fail(c, res);
            goto out;
        }
    op_ok(res, 0, 0);
out:
    return op_end(c, res);
}

int mon_daily_pass(db *d, arena *a, int64_t now)
{
    int64_t *orgs, *ids;
    int n;
    if (mon_program_all_active(d, a, &orgs, &ids, &n) != 0)
        return -1;
    int done = 0;
    for (int i = 0; i < n; i++) {
        const char *zone_name = NULL;
        if (org_time_zone(d, a, orgs[i], &zone_name) != 1)
            return -1;
        enum tz_err te;
        const struct tz *z = tz_get(zone_name, &te);
        struct op_ctx c = {
            .db = d,
            .a = a,
            .who = {.org_id = orgs[i], .role = ROLE_ADMIN, .username = "system"},
            .now = now,
            .today = tz_today(z ? z : tz_utc(), now),
            .zone = z,
            .client = "daily",
        };
        struct op_result res = {0};
        if (op_begin(&c, &res) != OP_OK)
            return -1;
        struct mon_program_row prog;
        int rc = mon_program_get(d, a, orgs[i], ids[i], &prog);
        if (rc != 1)
            goto fail;
        /* Tomorrow's seed, committed (and its hash shown) before the day. */
        for (int32_t day = c.today; day <= c.today + 1; day++) {
            struct mon_draw_row dr;
            const char *dtext = day_text(a, day);
            rc = mon_draw_get(d, a, orgs[i], prog.id, dtext, &dr);
            if (rc < 0)
                goto fail;
            if (rc == 0 && day > c.today) {
                uint8_t seed[DRAW_SEED_BYTES];
                draw_seed_new(seed);
                rc = commit_seed(&c, prog.id, dtext, seed);
                sodium_memzero(seed, sizeof seed);
                if (rc != DB_OK ||
                    op_audit(&c, "monitor.seed.commit", "mon_program", prog.id, dtext, "ok") != 0)
                    goto fail;
                done++;
            }
        }
        /* Today's draw once the window is open, so case managers see it from then on. */
        struct mon_draw_row dr;
        rc = mon_draw_get(d, a, orgs[i], prog.id, day_text(a, c.today), &dr);
        if (rc < 0)
            goto fail;
        if ((rc == 0 || !dr.drawn_at) && minute_now(&c) >= prog.checkin_from) {
            if (draw_ensure(&c, &prog, c.today, &dr) != 0)
                goto fail;
            done++;
        }
        /* Yesterday, and any earlier day left open, closed. */
        struct mon_draw_row *open;
        int no;
        if (mon_draw_open_before(d, a, orgs[i], day_text(a, c.today), &open, &no) != 0)
            goto fail;
        rc = mon_draw_get(d, a, orgs[i], prog.id, day_text(a, c.today - 1), &dr);
        if (rc < 0)
            goto fail;
        if (rc == 0 || !dr.closed_at) {
            if (close_one(&c, &prog, c.today - 1) != 0)
                goto fail;
            done++;
        }
        for (int k = 0; k < no; k++)
            if (open[k].program_id == prog.id && civil_parse(open[k].day) < c.today - 1) {
                if (close_one(&c, &prog, civil_parse(open[k].day)) != 0)
                    goto fail;
                done++;
            }
        op_ok(&res, 0, 0);
        if (op_end(&c, &res) != OP_OK)
            return -1;
        continue;
    fail:
        op_store(&res, NULL);
        op_end(&c, &res);
        return -1;
    }
    return done;
}

/* A draw's kept picks back from its JSON (arena); 0, or -1 when it does not read. */
static int picks_read(arena *a, const char *text, struct draw_pick **out, size_t *n)
{
    json_error_t e;
    json_t *j = text ? json_loads(text, 0, &e) : NULL;
    if (!json_is_array(j)) {
        json_decref(j);
        return -1;
    }
    *n = json_array_size(j);
    *out = arena_alloc(a, sizeof **out * (*n ? *n : 1));
    size_t i;
    json_t *v;
    json_array_foreach(j, i, v)
    {
        struct draw_pick *p = &(*out)[i];
        memset(p, 0, sizeof *p);
        p->participant_id = json_integer_value(json_object_get(v, "id"));
        p->selected = json_is_true(json_object_get(v, "selected"));
        p->test_by = (int)json_integer_value(json_object_get(v, "test_by"));
    }
    json_decref(j);
    return 0;
}

int mon_rate_report(struct op_ctx *c, int64_t program_id, int32_t from, int32_t to,
                    struct mon_rate_row **out, size_t *n, struct draw_tally *all)
{
    *out = NULL;
    *n = 0;
    memset(all, 0, sizeof *all);
    if (from < 0 || to < from || to - from >= MON_RATE_DAYS_MAX)
        return -1;
    struct mon_draw_row *dr;
    int nd;
    if (mon_draw_range(c->db, c->a, c->who.org_id, program_id, day_text(c->a, from),
                       day_text(c->a, to), &dr, &nd) != 0)
        return -1;
    /* Everyone met so far: rows within reach, and the ids found out of it (skipped). */
    size_t cap = 16, nout = 0, cap_skip = 16, nskip = 0;
    struct mon_rate_row *rows = arena_alloc(c->a, sizeof *rows * cap);
    int64_t *skip = arena_alloc(c->a, sizeof *skip * cap_skip);
    for (int k = 0; k < nd; k++) {
        int32_t day = civil_parse(dr[k].day);
        if (!dr[k].drawn_at || day < 0 || day > c->today)
            continue;
        struct draw_member *pool;
        struct draw_pick *picks;
        size_t np, nk;
        struct draw_times t;
        if (pool_read(c->a, dr[k].pool, &pool, &np, &t) != 0 ||
            picks_read(c->a, dr[k].picks, &picks, &nk) != 0 || nk != np)
            return -1;
        for (size_t i = 0; i < np; i++) {
            int64_t id = pool[i].participant_id;
            size_t r = 0;
            while (r < nout && rows[r].p.id != id)
                r++;
            if (r == nout) {
                size_t s = 0;
                while (s < nskip && skip[s] != id)
                    s++;
                if (s < nskip)
                    continue;
                struct mon_participant_row p;
                int rc = mon_reach(c, id, &p);
                if (rc < 0)
                    return -1;
                if (rc == 0) {
                    if (nskip == cap_skip) {
                        int64_t *bigger = arena_alloc(c->a, sizeof *skip * cap_skip * 2);
                        memcpy(bigger, skip, sizeof *skip * nskip);
                        skip = bigger;
                        cap_skip *= 2;
                    }
                    skip[nskip++] = id;
                    continue;
                }
                if (nout == cap) {
                    struct mon_rate_row *bigger = arena_alloc(c->a, sizeof *rows * cap * 2);
                    memcpy(bigger, rows, sizeof *rows * nout);
                    rows = bigger;
                    cap *= 2;
                }
                memset(&rows[nout], 0, sizeof rows[nout]);
                rows[nout].p = p;
                nout++;
            }
            /* picks[i] is pool[i]'s (draw_day writes them in the pool's order) */
            if (picks[i].participant_id != id || draw_tally_add(&rows[r].t, day, &pool[i], &picks[i]) != 0)
                return -1;
        }
    }
    for (size_t r = 0; r < nout; r++) {
        all->days += rows[r].t.days;
        all->selected += rows[r].t.selected;
        all->expected += rows[r].t.expected;
        for (int w = 0; w < 7; w++)
            all->by_weekday[w] += rows[r].t.by_weekday[w];
        for (int h = 0; h < 24; h++)
            all->by_hour[h] += rows[r].t.by_hour[h];
    }
    *out = rows;
    *n = nout;
    return 0;
}

int mon_verify_day(struct op_ctx *c, const char *day, const char **out)
{
    struct mon_program_row *ps;
    int n;
    *out = "";
    if (mon_program_list(c->db, c->a, c->who.org_id, &ps, &n) != 0)
        return -1;
    int32_t d = civil_parse(day ? day : "");
    if (d < 0)
        return -1;
    int bad = 0, seen = 0;
    for (int i = 0; i < n; i++) {
        struct mon_draw_row dr;
        int rc = mon_draw_get(c->db, c->a, c->who.org_id, ps[i].id, day, &dr);
        if (rc < 0)
            return -1;
        if (rc == 0 || !dr.drawn_at) {
            *out = arena_printf(c->a, "%s%s: %s\n", *out, ps[i].name,
                                msg(c->lang, "monitor.verify.none"));
            continue;
        }
        seen++;
        struct draw_member *pool;
        size_t np;
        struct draw_times t;
        uint8_t seed[DRAW_SEED_BYTES];
        char commit[DRAW_COMMIT_HEX + 1];
        if (pool_read(c->a, dr.pool, &pool, &np, &t) != 0 || draw_seed_parse(dr.seed, seed) != 0)
            return -1;
        draw_commit(seed, commit);
        struct draw_pick *picks = arena_alloc(c->a, sizeof *picks * (np ? np : 1));
        int same = strcmp(commit, dr.commitment) == 0 &&
                   strcmp(dr.algorithm, DRAW_ALGORITHM) == 0 &&
                   draw_day(seed, d, pool, np, &t, picks) == 0;
        sodium_memzero(seed, sizeof seed);
        int selected = 0;
        for (size_t k = 0; same && k < np; k++) {
            struct draw_pick kept;
            if (!pick_of(dr.picks, pool[k].participant_id, &kept) ||
                kept.selected != picks[k].selected || strcmp(kept.code, picks[k].code) != 0 ||
                (kept.selected && kept.test_by != picks[k].test_by))
                same = 0;
            selected += picks[k].selected;
        }
        if (!same)
            bad = 1;
        *out = arena_printf(c->a, "%s%s: %s\n", *out, ps[i].name,
                            same ? msg_fmt(c->a, c->lang, "monitor.verify.same", "pool",
                                           arena_printf(c->a, "%zu", np), "selected",
                                           arena_printf(c->a, "%d", selected), "commitment", commit,
                                           NULL)
                                 : msg(c->lang, "monitor.verify.differs"));
    }
    return seen == 0 ? -1 : bad;
}

/* ---- tests (GR-9) --------------------------------------------------------------- */

/* "YYYY-MM-DD HH:MM" local -> instant; -1 when it is not one. */
static int64_t local_instant(const struct op_ctx *c, const char *s)
{
    if (!s || strlen(s) != 16 || s[10] != ' ')
        return -1;
    char day[11];
    memcpy(day, s, 10);
    day[10] = '\0';
    int32_t d = civil_parse(day);
    int m = hhmm(s + 11);
    if (d < 0 || m < 0)
        return -1;
    return tz_utc_of(zone_of(c), d, m * 60);
}

enum op_status op_mon_test_move(struct op_ctx *c, int64_t test_id, const struct mon_test_in *in,
                                struct op_result *res)
{
    if (op_begin(c, res) != OP_OK)
        return res->status;
    struct mon_test_row t;
    struct mon_participant_row p;
    int to = -1;
    int rc = mon_test_get(c->db, c->a, c->who.org_id, test_id, &t);
    if (rc != 1) {
        rc < 0 ? store_fail(c, res) : op_not_found(res, msg(c->lang, "monitor.err.not_found"));
        goto out;
    }
    if (c->who.role == ROLE_PARTICIPANT) {
        op_not_found(res, msg(c->lang, "monitor.err.not_found"));
        goto out;
    }
    if (reach_for_write(c, t.participant_id, 0, &p, res) != OP_OK)
        goto out;
    /* The record first, then the input: another organization's id is a 404 whatever was sent. */
    if ((to = mon_test_state_parse(in->to)) < 0) {
        op_invalid(res, "to", msg(c->lang, "monitor.err.test_state"));
        goto out;
    }
    if (in->version && in->version != t.version) {
        op_conflict(res, "stale", msg(c->lang, "monitor.err.stale"));
        goto out;
    }
    int from = mon_test_state_parse(t.state);
    if (from < 0 || !mon_test_may_move((enum mon_test_state)from, (enum mon_test_state)to)) {
        op_refused(res, "GR-9", "to",
                   msg_fmt(c->a, c->lang, "monitor.err.test_move", "from",
                           msg(c->lang, arena_printf(c->a, "monitor.test.%s", t.state)), "to",
                           msg(c->lang, arena_printf(c->a, "monitor.test.%s", in->to)), NULL));
        goto out;
    }
    int violation = -1;
    switch ((enum mon_test_state)to) {
    case TEST_COLLECTED: {
        if (!text_ok(in->site, 200)) {
            op_invalid(res, "site", msg(c->lang, "monitor.err.site"));
            goto out;
        }
        if (!text_ok(in->custody_form, 40)) {
            op_invalid(res, "custody_form", msg(c->lang, "monitor.err.custody_form"));
            goto out;
        }
        int64_t at =
            in->collected_at && *in->collected_at ? local_instant(c, in->collected_at) : c->now;
        if (at < 0 || at > c->now + 300) {
            op_invalid(res, "collected_at", msg(c->lang, "monitor.err.collected_at"));
            goto out;
        }
        int used = mon_test_custody_used(c->db, c->who.org_id, in->custody_form, t.id);
        if (used < 0) {
            store_fail(c, res);
            goto out;
        }
        if (used) {
            op_invalid(res, "custody_form", msg(c->lang, "monitor.err.custody_used"));
            goto out;
        }
        t.site = in->site;
        t.collected_at = at;
        t.custody_form = in->custody_form;
        t.observed = in->observed ? 1 : 0;
        break;
    }
    case TEST_SENT:
        if (!text_ok(in->lab, 200)) {
            op_invalid(res, "lab", msg(c->lang, "monitor.err.lab"));
            goto out;
        }
        t.lab = in->lab;
        t.sent_at = c->now;
        break;
    case TEST_RESULTED: {
        if (mon_result_parse(in->result) < 0) {
            op_invalid(res, "result", msg(c->lang, "monitor.err.result"));
            goto out;
        }
        t.result = in->result;
        t.resulted_at = c->now;
        break;
    }
    case TEST_VERIFIED: {
        int r = mon_result_parse(in->mro_result);
        if (r < 0) {
            op_invalid(res, "mro_result", msg(c->lang, "monitor.err.result"));
            goto out;
        }
        t.mro_result = in->mro_result;
        t.verified_at = c->now;
        violation = mon_result_violation((enum mon_result)r);
        break;
    }
    case TEST_EXCUSED:
        if (!text_ok(in->note, MON_REASON_MAX)) {
            op_invalid(res, "note", msg(c->lang, "monitor.err.reason"));
            goto out;
        }
        t.note = in->note;
        break;
    default:
        break;
    }
    if (in->note && *in->note && to != TEST_EXCUSED) {
        if (strlen(in->note) > MON_TEXT_MAX) {
            op_invalid(res, "note", msg(c->lang, "monitor.err.text_long"));
            goto out;
        }
        t.note = in->note;
    }
    t.state = in->to;
    rc = mon_test_update(c->db, c->who.org_id, &t, c->who.user_id, c->now);
    if (rc == 0) {
        op_conflict(res, "stale", msg(c->lang, "monitor.err.stale"));
        goto out;
    }
    if (rc < 0 ||
        (violation >= 0 && mon_violation_add(c->db, c->who.org_id, t.participant_id, t.day,
                                             mon_violation_name((enum mon_violation)violation),
                                             t.id, 0, c->now) != DB_OK) ||
        op_audit(c, arena_printf(c->a, "monitor.test.%s", in->to), "mon_test", t.id,
                 to == TEST_EXCUSED ? in->note
                 : in->result       ? in->result
                                    : in->mro_result,
                 "ok") != 0) {
        store_fail(c, res);
        goto out;
    }
    op_ok(res, t.id, t.version + 1);
out:
    return finish(c, res, "monitor.test.move", "mon_test", test_id);
}

/* ---- violations ----------------------------------------------------------------- */

enum op_status op_mon_violation_decide(struct op_ctx *c, int64_t violation_id, const char *to,
                                       const char *reason, struct op_result *res)
{
    if (op_begin(c, res) != OP_OK)
        return res->status;
    int st = -1;
    struct mon_violation_row v;
    struct mon_participant_row p;
    int rc = mon_violation_get(c->db, c->a, c->who.org_id, violation_id, &v);
    if (rc != 1 || c->who.role == ROLE_PARTICIPANT) {
        rc < 0 ? store_fail(c, res) : op_not_found(res, msg(c->lang, "monitor.err.not_found"));
        goto out;
    }
    if (reach_for_write(c, v.participant_id, 0, &p, res) != OP_OK)
        goto out;
    st = mon_vio_state_parse(to);
    if (st != VIO_CONFIRMED && st != VIO_EXCUSED) {
        op_invalid(res, "to", msg(c->lang, "monitor.err.decision"));
        goto out;
    }
    const char *why;
    int now = mon_vio_state_parse(v.state);
    if (mon_vio_decide_check(now < 0 ? VIO_OPEN : (enum mon_vio_state)now, (enum mon_vio_state)st,
                             reason, &why) != 0) {
        if (now != VIO_OPEN)
            op_conflict(res, "decided", msg(c->lang, why));
        else
            op_invalid(res, "reason", msg(c->lang, why));
        goto out;
    }
    rc = mon_violation_decide(c->db, c->who.org_id, v.id, to, reason, c->who.user_id, c->now);
    if (rc == 0)
        op_conflict(res, "decided", msg(c->lang, "monitor.err.decided"));
    else if (rc < 0 || op_audit(c, arena_printf(c->a, "monitor.violation.%s", to), "mon_violation",
                                v.id, reason, "ok") != 0)
        store_fail(c, res);
    else
        op_ok(res, v.id, 0);
out:
    return finish(c, res, "monitor.violation.decide", "mon_violation", violation_id);
}

/* ---- unavailability, reports, meetings ------------------------------------------ */

enum op_status op_mon_unavail_request(struct op_ctx *c, int64_t participant_id, const char *from,
                                      const char *to, const char *reason, struct op_result *res)
{
    if (op_begin(c, res) != OP_OK)
        return res->status;
    struct mon_participant_row p;
    int64_t id;
    if (reach_for_write(c, participant_id, 1, &p, res) != OP_OK)
        goto out;
    int32_t f = civil_parse(from ? from : ""), t = civil_parse(to ? to : "");
    if (f < 0)
        op_invalid(res, "from", msg(c->lang, "monitor.err.day"));
    else if (t < 0 || t < f || t - f > 90)
        op_invalid(res, "to", msg(c->lang, "monitor.err.unavail_range"));
    else if (f < c->today)
        op_invalid(res, "from", msg(c->lang, "monitor.err.unavail_past"));
    else if (!text_ok(reason, MON_REASON_MAX))
        op_invalid(res, "reason", msg(c->lang, "monitor.err.reason"));
    if (res->status == OP_INVALID)
        goto out;
    if (mon_unavail_insert(c->db, c->who.org_id, p.id, from, to, reason, c->now, &id) != DB_OK ||
        op_audit(c, "monitor.unavailability.request", "mon_participant", p.id, reason, "ok") != 0)
        store_fail(c, res);
    else
        op_ok(res, id, 0);
out:
    return op_end(c, res);
}

enum op_status op_mon_unavail_decide(struct op_ctx *c, int64_t request_id, int approve,
                                     const char *decision, struct op_result *res)
{
    if (op_begin(c, res) != OP_OK)
        return res->status;
    struct mon_unavail_row u;
    struct mon_participant_row p;
    int rc = mon_unavail_get(c->db, c->a, c->who.org_id, request_id, &u);
    if (rc != 1 || c->who.role == ROLE_PARTICIPANT) {
        rc < 0 ? store_fail(c, res) : op_not_found(res, msg(c->lang, "monitor.err.not_found"));
        goto out;
    }
    if (reach_for_write(c, u.participant_id, 0, &p, res) != OP_OK)
        goto out;
    if (!text_ok(decision, MON_REASON_MAX)) {
        op_invalid(res, "decision", msg(c->lang, "monitor.err.reason"));
        goto out;
    }
    rc = mon_unavail_decide(c->db, c->who.org_id, u.id, approve ? "approved" : "declined",
                            c->who.user_id, c->now, decision);
    if (rc == 0)
        op_conflict(res, "decided", msg(c->lang, "monitor.err.decided"));
    else if (rc < 0 ||
             op_audit(c,
                      approve ? "monitor.unavailability.approve" : "monitor.unavailability.decline",
                      "mon_participant", p.id, decision, "ok") != 0)
        store_fail(c, res);
    else
        op_ok(res, u.id, 0);
out:
    return finish(c, res, "monitor.unavailability.decide", "mon_participant", u.participant_id);
}

enum op_status op_mon_report_receive(struct op_ctx *c, int64_t report_id, const char *day,
                                     const char *note, struct op_result *res)
{
    if (op_begin(c, res) != OP_OK)
        return res->status;
    int32_t d = day && *day ? civil_parse(day) : c->today;
    struct mon_report_row r;
    struct mon_participant_row p;
    int rc = mon_report_get(c->db, c->a, c->who.org_id, report_id, &r);
    if (rc != 1 || c->who.role == ROLE_PARTICIPANT) {
        rc < 0 ? store_fail(c, res) : op_not_found(res, msg(c->lang, "monitor.err.not_found"));
        goto out;
    }
    if (reach_for_write(c, r.participant_id, 0, &p, res) != OP_OK)
        goto out;
    if (d < 0 || d > c->today) {
        op_invalid(res, "day", msg(c->lang, "monitor.err.day"));
        goto out;
    }
    if (note && strlen(note) > MON_TEXT_MAX) {
        op_invalid(res, "note", msg(c->lang, "monitor.err.text_long"));
        goto out;
    }
    rc = mon_report_receive(c->db, c->who.org_id, r.id, day_text(c->a, d), c->who.user_id, note);
    if (rc == 0)
        op_conflict(res, "received", msg(c->lang, "monitor.err.received"));
    else if (rc < 0 ||
             op_audit(c, "monitor.report.receive", "mon_participant", p.id, r.kind, "ok") != 0)
        store_fail(c, res);
    else
        op_ok(res, r.id, 0);
out:
    return op_end(c, res);
}

enum op_status op_mon_meeting_add(struct op_ctx *c, int64_t participant_id, const char *day,
                                  const char *name, struct op_result *res)
{
    if (op_begin(c, res) != OP_OK)
        return res->status;
    struct mon_participant_row p;
    int64_t id;
    if (reach_for_write(c, participant_id, 1, &p, res) != OP_OK)
        goto out;
    int32_t d = civil_parse(day ? day : "");
    if (d < 0 || d > c->today) {
        op_invalid(res, "day", msg(c->lang, "monitor.err.meeting_day"));
        goto out;
    }
    if (!text_ok(name, MON_NAME_MAX)) {
        op_invalid(res, "name", msg(c->lang, "monitor.err.meeting_name"));
        goto out;
    }
    if (mon_meeting_add(c->db, c->who.org_id, p.id, day, name, c->who.user_id, c->now, &id) !=
            DB_OK ||
        op_audit(c, "monitor.meeting.add", "mon_participant", p.id, NULL, "ok") != 0)
        store_fail(c, res);
    else
        op_ok(res, id, 0);
out:
    return op_end(c, res);
}

/* ---- fees (GR-7) ---------------------------------------------------------------- */

static int scale_of(struct op_ctx *c, const struct mon_program_row *prog, struct fee_scale *sc)
{
    memset(sc, 0, sizeof *sc);
    sc->poverty_base_cents = prog->poverty_base;
    sc->poverty_per_person_cents = prog->poverty_per_person;
    const char *p = prog->fee_tiers ? prog->fee_tiers : "";
    while (*p && sc->n < FEE_TIERS_MAX) {
        long pct;
        long long cents;
        if (sscanf(p, "%ld|%lld", &pct, &cents) != 2)
            return -1;
        sc->tier[sc->n++] = (struct fee_tier){(int)pct, cents};
        const char *e = strchr(p, '\n');
        p = e ? e + 1 : p + strlen(p);
    }
    (void)c;
    return sc->n ? 0 : -1;
}

int mon_fee_of(struct op_ctx *c, const struct mon_participant_row *p, int64_t *monthly_cents,
               size_t *tier)
{
    struct mon_program_row prog;
    struct fee_scale sc;
    if (mon_program_get(c->db, c->a, c->who.org_id, p->program_id, &prog) != 1 ||
        scale_of(c, &prog, &sc) != 0)
        return -1;
    *tier = fee_tier_for(&sc, p->income_cents, p->household);
    *monthly_cents = sc.tier[*tier].monthly_cents;
    return 0;
}

/* The testing fee of a kind from "kind|cents" lines; 0 when the program charges none. */
static int64_t test_fee(const char *lines, const char *kind)
{
    const char *p = lines ? lines : "";
    size_t kl = strlen(kind);
    while (*p) {
        if (!strncmp(p, kind, kl) && p[kl] == '|')
            return strtoll(p + kl + 1, NULL, 10);
        const char *e = strchr(p, '\n');
        p = e ? e + 1 : p + strlen(p);
    }
    return 0;
}

enum op_status op_mon_invoice_month(struct op_ctx *c, int64_t participant_id, const char *month,
                                    struct op_result *res)
{
    if (op_begin(c, res) != OP_OK)
        return res->status;
    struct mon_participant_row p;
    struct mon_program_row prog;
    struct fee_scale sc;
    struct mon_test_row *ts;
    int nt;
    if (reach_for_write(c, participant_id, 0, &p, res) != OP_OK)
        goto out;
    char first[11];
    int32_t d = -1;
    if (month && strlen(month) == 7) {
        snprintf(first, sizeof first, "%s-01", month);
        d = civil_parse(first);
    }
    if (d < 0) {
        op_invalid(res, "month", msg(c->lang, "monitor.err.month"));
        goto out;
    }
    if (mon_program_get(c->db, c->a, c->who.org_id, p.program_id, &prog) != 1 ||
        scale_of(c, &prog, &sc) != 0 ||
        mon_tests_of(c->db, c->a, c->who.org_id, p.id, &ts, &nt) != 0) {
        store_fail(c, res);
        goto out;
    }
    size_t tier = fee_tier_for(&sc, p.income_cents, p.household);
    int32_t next = civil_add_months(d, 1);
    const char *due = day_text(c->a, next + 14); /* due on the 15th of the next month */
    char amount[32];
    fee_format_cents(sc.tier[tier].monthly_cents, amount, sizeof amount);
    if (mon_invoice_add(
            c->db, c->who.org_id, p.id, month, "monthly", 0, sc.tier[tier].monthly_cents, due,
            msg_fmt(c->a, c->lang, "monitor.fee.monthly", "month", month, NULL), c->now) != DB_OK) {
        store_fail(c, res);
        goto out;
    }
    for (int i = 0; i < nt; i++) {
        int32_t td = civil_parse(ts[i].day);
        if (td < d || td >= next || !ts[i].collected_at)
            continue;
        int64_t fee = test_fee(prog.test_fees, ts[i].kind);
        if (fee > 0 &&
            mon_invoice_add(c->db, c->who.org_id, p.id, month, "test", ts[i].id, fee, due,
                            msg_fmt(c->a, c->lang, "monitor.fee.test", "day", ts[i].day, "kind",
                                    ts[i].kind, NULL),
                            c->now) != DB_OK) {
            store_fail(c, res);
            goto out;
        }
    }
    if (op_audit(c, "monitor.invoice", "mon_participant", p.id, month, "ok") != 0)
        store_fail(c, res);
    else
        op_ok(res, p.id, 0);
out:
    return op_end(c, res);
}

enum op_status op_mon_payment_add(struct op_ctx *c, int64_t participant_id, const char *day,
                                  const char *amount, const char *method, const char *note,
                                  struct op_result *res)
{
    if (op_begin(c, res) != OP_OK)
        return res->status;
    struct mon_participant_row p;
    int64_t id;
    if (reach_for_write(c, participant_id, 0, &p, res) != OP_OK)
        goto out;
    int32_t d = day && *day ? civil_parse(day) : c->today;
    int64_t cents = 0;
    const char *why = NULL;
    if (d < 0 || d > c->today)
        op_invalid(res, "day", msg(c->lang, "monitor.err.day"));
    else if (!amount || fee_parse_cents(amount, &cents, &why) != 0)
        op_invalid(res, "amount", msg(c->lang, amount && why ? why : "monitor.err.amount"));
    else if (cents <= 0)
        op_invalid(res, "amount", msg(c->lang, "monitor.err.amount"));
    else if (!text_ok(method, 40))
        op_invalid(res, "method", msg(c->lang, "monitor.err.method"));
    else if (note && strlen(note) > MON_REASON_MAX)
        op_invalid(res, "note", msg(c->lang, "monitor.err.text_long"));
    if (res->status == OP_INVALID)
        goto out;
    if (mon_payment_add(c->db, c->who.org_id, p.id, day_text(c->a, d), cents, method, note,
                        c->who.user_id, c->now, &id) != DB_OK ||
        op_audit(c, "monitor.payment", "mon_participant", p.id, amount, "ok") != 0)
        store_fail(c, res);
    else
        op_ok(res, id, 0);
out:
    return op_end(c, res);
}

/* ---- compliance (GR-6) ---------------------------------------------------------- */

int mon_compliance(struct op_ctx *c, const struct mon_participant_row *p, int year, int month,
                   struct mon_month_result *out)
{
    struct agreement_view v;
    if (load_agreement(c, p, &v) != 0)
        return -1;
    int32_t first = civil_days(year, month, 1);
    int32_t last = civil_add_months(first, 1) - 1;
    /* To date in the current month: today counts once the participant has checked in, so a
     * morning page does not show today's check-in as owed. */
    int32_t through = last < c->today ? last : c->today;
    if (through == c->today) {
        struct mon_checkin_row ci;
        int rc = mon_checkin_get(c->db, c->a, c->who.org_id, p->id, day_text(c->a, c->today), &ci);
        if (rc < 0)
            return -1;
        if (rc == 0)
            through = c->today - 1;
    }
    struct mon_month_in in = {
        .year = year, .month = month, .through = through, .spans = v.spans, .nspans = v.nspans};
    if (through < first || v.nspans == 0) {
        in.through = first - 1 < through ? through : first - 1;
        mon_month(&in, out);
        return 0;
    }
    const char *f = day_text(c->a, first), *t = day_text(c->a, through);
    /* Approved unavailability days in the month. */
    struct mon_unavail_row *un;
    int nu;
    if (mon_unavail_approved_range(c->db, c->a, c->who.org_id, p->id, f, t, &un, &nu) != 0)
        return -1;
    int32_t *ex = arena_alloc(c->a, sizeof *ex * 32);
    size_t nex = 0;
    for (int i = 0; i < nu; i++)
        for (int32_t d = civil_parse(un[i].from_day); d <= civil_parse(un[i].to_day); d++)
            if (d >= first && d <= through && nex < 32)
                ex[nex++] = d;
    in.excused = ex;
    in.nexcused = nex;
    int64_t n, owed, collected;
    if (mon_group_attended(c->db, c->who.org_id, p->recoveree_id, f, t, &n) != 0)
        return -1;
    in.done[DUTY_GROUP] = (int)n;
    if (mon_meeting_count(c->db, c->who.org_id, p->id, f, t, &n) != 0)
        return -1;
    in.done[DUTY_MUTUAL_HELP] = (int)n;
    if (mon_checkin_count(c->db, c->who.org_id, p->id, f, t, &n) != 0)
        return -1;
    in.done[DUTY_CHECKIN] = (int)n;
    if (mon_test_counts(c->db, c->who.org_id, p->id, f, t, &owed, &collected) != 0)
        return -1;
    in.owed[DUTY_TESTING] = (int)owed;
    in.done[DUTY_TESTING] = (int)collected;
    struct mon_program_row prog;
    struct mon_report_row *rp;
    int nr;
    if (mon_program_get(c->db, c->a, c->who.org_id, p->program_id, &prog) != 1 ||
        mon_reports_of(c->db, c->a, c->who.org_id, p->id, &rp, &nr) != 0)
        return -1;
    for (int i = 0; i < nr; i++) {
        int32_t due = civil_parse(rp[i].due_day);
        int kind = mon_duty_parse(rp[i].kind);
        if (due < first || due > through || kind < 0)
            continue;
        in.owed[kind]++;
        if (rp[i].received_day &&
            !mon_report_late(due, civil_parse(rp[i].received_day), prog.report_grace_days))
            in.done[kind]++;
    }
    if (mon_violation_confirmed(c->db, c->who.org_id, p->id, f, t, in.violations) != 0)
        return -1;
    mon_month(&in, out);
    return 0;
}

/* ---- the board's view beyond the minimum (GR-6, RC-3, RC-4) --------------------- */

int mon_board_sees(struct op_ctx *c, const struct mon_participant_row *p)
{
    if (c->who.role != ROLE_BOARD)
        return c->who.role == ROLE_ADMIN;
    const char *board = NULL;
    int rc = mon_liaison_board(c->db, c->a, c->who.org_id, c->who.user_id, &board);
    if (rc <= 0)
        return rc < 0 ? -1 : 1;
    return p->board && strcasecmp(p->board, board) == 0;
}

enum op_status op_mon_liaison_set(struct op_ctx *c, int64_t user_id, const char *board,
                                  struct op_result *res)
{
    if (c->who.role != ROLE_ADMIN)
        return op_forbidden(res, "GR-6", msg(c->lang, "monitor.err.admin_only"));
    if (op_begin(c, res) != OP_OK)
        return res->status;
    struct user u;
    int rc = user_by_id(c->db, c->a, c->who.org_id, user_id, &u);
    if (rc < 0) {
        store_fail(c, res);
        goto out;
    }
    if (rc == 0 || u.role != ROLE_BOARD) {
        op_not_found(res, msg(c->lang, "monitor.err.not_liaison"));
        goto out;
    }
    if (!text_ok(board, MON_NAME_MAX)) {
        op_invalid(res, "board", msg(c->lang, "monitor.err.board"));
        goto out;
    }
    if (mon_liaison_set(c->db, c->who.org_id, u.id, board, c->who.user_id, c->now) != DB_OK ||
        op_audit(c, "monitor.liaison.set", "user", u.id, board, "ok") != 0)
        store_fail(c, res);
    else
        op_ok(res, u.id, 0);
out:
    return op_end(c, res);
}

enum op_status op_mon_board_release(struct op_ctx *c, int64_t participant_id,
                                    struct mon_participant_row *p, struct op_result *res)
{
    if (c->who.role != ROLE_BOARD && c->who.role != ROLE_ADMIN)
        return op_forbidden(res, "GR-6", msg(c->lang, "monitor.err.forbidden"));
    if (op_begin(c, res) != OP_OK)
        return res->status;
    int rc = mon_participant_get(c->db, c->a, c->who.org_id, participant_id, p);
    struct consent_row *k;
    int nk;
    if (rc == 1)
        rc = mon_board_sees(c, p); /* another board's participant is not there for this liaison */
    if (rc != 1) {
        rc < 0 ? store_fail(c, res) : op_not_found(res, msg(c->lang, "monitor.err.not_found"));
        goto out;
    }
    if (consent_list(c->db, c->a, c->who.org_id, p->recoveree_id, &k, &nk) != 0) {
        store_fail(c, res);
        goto out;
    }
    int64_t consent_id = 0;
    /* §2.32(b): the release carries the plain-language scope of the consent it went under. */
    char scope[1200];
    for (int i = 0; i < nk && !consent_id; i++) {
        struct consent_problem pr;
        if (consent_covers(&k[i].c, p->board, NULL, "monitoring", c->today, c->now, &pr) ||
            consent_covers(&k[i].c, "licensing board", NULL, "monitoring", c->today, c->now, &pr)) {
            consent_id = k[i].id;
            consent_scope(&k[i].c, scope, sizeof scope);
        }
    }
    if (!consent_id) {
        op_refused(res, "RC-3", NULL, msg(c->lang, "monitor.err.board_no_consent"));
        goto out;
    }
    /* RC-4: the release is entered in the accounting of disclosures, with the notice. */
    struct disclosure_new dn = {.consent_id = consent_id,
                                .date = day_text(c->a, c->today),
                                .recipient = p->board,
                                .recipient_category = "licensing board",
                                .purpose = "monitoring",
                                .what = "Monitoring compliance by month: duties required and "
                                        "done, and the reasons a month was not compliant",
                                .scope = scope,
                                .notice_statement = 1};
    int64_t id;
    if (disclosure_insert(c->db, c->who.org_id, p->recoveree_id, &dn, c->who.user_id, c->now,
                          &id) != DB_OK ||
        op_audit(c, "monitor.board.release", "recoveree", p->recoveree_id, p->board, "ok") != 0)
        store_fail(c, res);
    else
        op_ok(res, id, 0);
out:
    return finish(c, res, "monitor.board.release", "recoveree", p->recoveree_id);
}
