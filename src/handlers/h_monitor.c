/* h_monitor.c - monitoring programs' pages and API (SPEC GR-6..GR-10, GR-7; ops_monitor.h):
 * the participant's daily check-in and own record, the monitoring case manager's caseload and
 * a participant's record with the test, violation, report, unavailability and fee actions, the
 * draws with their commitments, the programs, and the board's minimum-necessary view. */
#include "handlers.h"

#include <stdio.h>
#include <string.h>

#include "civil.h"
#include "fee.h"
#include "msg.h"
#include "opreply.h"
#include "ops_monitor.h"
#include "tz.h"

#define MON_STAFF  (R_ADMIN | R_SUPERVISOR | R_CASE_MANAGER | R_AUDITOR)
#define MON_ACTORS (R_ADMIN | R_SUPERVISOR | R_CASE_MANAGER)
/* How many months of compliance a record and the board's view show. */
#define MONTHS_SHOWN 6

/* The catalog's words for a stored code: prefix "monitor.test." and "missed" is the message
 * "monitor.test.missed"; the code itself when the catalog has none. */
static const char *tr(struct req *r, const char *prefix, const char *v)
{
    const char *t = msg_find(req_lang(r), arena_printf(r->a, "%s%s", prefix, v ? v : ""));
    return t ? t : v;
}

static json_t *hhmm_j(struct req *r, int minutes)
{
    if (minutes < 0)
        return json_null();
    return jstr(arena_printf(r->a, "%02d:%02d", minutes / 60 % 24, minutes % 60));
}

static const char *money(struct req *r, int64_t cents)
{
    char *s = arena_alloc(r->a, 32);
    fee_format_cents(cents, s, 32);
    return s;
}

static const char *person_name(struct req *r, const struct mon_participant_row *p)
{
    const char *first = p->preferred_name && *p->preferred_name ? p->preferred_name : p->first_name;
    return arena_printf(r->a, "%s %s", first ? first : "", p->last_name ? p->last_name : "");
}

/* The months to show, newest first: this month and the MONTHS_SHOWN - 1 before it. */
static void month_at(int32_t today, int back, int *y, int *m)
{
    int d;
    civil_split(civil_add_months(today - 0, -back), y, m, &d);
}

/* One month's compliance as the pages show it. */
static json_t *month_j(struct req *r, int y, int m, const struct mon_month_result *mr, int detail)
{
    const char *lang = req_lang(r);
    json_t *j = json_object();
    jset_str(j, "month", arena_printf(r->a, "%04d-%02d", y, m));
    jset_str(j, "status", mon_status_name(mr->status));
    jset_str(j, "status_label", tr(r, "monitor.status.", mon_status_name(mr->status)));
    jset_bool(j, "compliant", mr->status == MON_COMPLIANT);
    jset_bool(j, "non_compliant", mr->status == MON_NON_COMPLIANT);
    if (!detail)
        return j;
    json_t *duties = json_array();
    for (size_t i = 0; i < mr->nduty; i++) {
        const struct mon_duty_result *d = &mr->duty[i];
        json_t *dj = json_object();
        jset_str(dj, "duty", mon_duty_name(d->kind));
        jset_str(dj, "label", tr(r, "monitor.duty.", mon_duty_name(d->kind)));
        jset_int(dj, "required", d->required);
        jset_int(dj, "done", d->done);
        jset_int(dj, "percent", d->percent);
        jset_bool(dj, "flagged", d->flagged);
        json_array_append_new(duties, dj);
    }
    jset(j, "duties", duties);
    json_t *reasons = json_array();
    for (size_t i = 0; i < mr->nreason; i++) {
        const char *what =
            mr->reason[i].duty >= 0
                ? tr(r, "monitor.duty.", mon_duty_name(mr->reason[i].duty))
                : tr(r, "monitor.violation.", mon_violation_name(mr->reason[i].violation));
        json_array_append_new(reasons, jstr(msg_plural(r->a, lang, mr->reason[i].msgid,
                                                       mr->reason[i].count, "what", what, NULL)));
    }
    jset(j, "reasons", reasons);
    return j;
}

/* Everything of one participant's record (staff: with the action forms' data). */
static int record_model(struct req *r, struct op_ctx *c, const struct mon_participant_row *p,
                        json_t *m, int staff)
{
    int64_t org = r->me.org_id;
    struct mon_program_row prog;
    struct mon_agreement_row *ag;
    struct mon_phase_row *ph;
    int nag, nph;
    if (mon_program_get(r->db, r->a, org, p->program_id, &prog) != 1 ||
        mon_agreements_of(r->db, r->a, org, p->id, &ag, &nag) != 0 ||
        mon_phases_of(r->db, r->a, org, p->program_id, &ph, &nph) != 0)
        return -1;
    jset_int(m, "id", p->id);
    jset_str(m, "name", person_name(r, p));
    jset_int(m, "recoveree_id", p->recoveree_id);
    jset_str(m, "program", prog.name);
    jset_int(m, "program_id", prog.id);
    jset_str(m, "licence_type", p->licence_type);
    jset_str(m, "licence_number", p->licence_number);
    jset_str(m, "licence_state", p->licence_state);
    jset_str(m, "board", p->board);
    jset_str(m, "case_manager", p->case_manager_name);
    jset_str(m, "worksite_monitor", p->worksite_monitor);
    jset_str(m, "treatment_provider", p->treatment_provider);
    jset_str(m, "status", p->status);
    jset_str(m, "sites", prog.sites);
    jset(m, "checkin_from", hhmm_j(r, prog.checkin_from));
    jset(m, "checkin_to", hhmm_j(r, prog.checkin_to));
    json_t *versions = json_array();
    for (int i = nag - 1; i >= 0; i--) {
        json_t *v = json_object();
        jset_int(v, "version", ag[i].version);
        jset_str(v, "start_date", ag[i].start_date);
        jset_int(v, "months", ag[i].months);
        jset_str(v, "effective_from", ag[i].effective_from);
        jset_str(v, "reason", ag[i].reason);
        jset_str(v, "terms", ag[i].terms);
        for (int k = 0; k < nph; k++)
            if (ph[k].id == ag[i].phase_id) {
                jset_str(v, "phase", ph[k].name);
                jset_str(v, "restrictions", ph[k].restrictions);
            }
        jset_bool(v, "current", i == nag - 1);
        json_array_append_new(versions, v);
    }
    jset(m, "agreement", versions);
    if (staff) {
        json_t *phases = json_array();
        for (int k = 0; k < nph; k++)
            json_array_append_new(
                phases, json_pack("{s:I,s:s}", "id", (json_int_t)ph[k].id, "name", ph[k].name));
        jset(m, "phases", phases);
    }
    /* Compliance, month by month. */
    json_t *months = json_array();
    for (int b = 0; b < MONTHS_SHOWN; b++) {
        int y, mo;
        month_at(c->today, b, &y, &mo);
        struct mon_month_result mr;
        if (mon_compliance(c, p, y, mo, &mr) != 0)
            return -1;
        json_array_append_new(months, month_j(r, y, mo, &mr, 1));
    }
    jset(m, "months", months);
    /* Check-ins of the last 60 days, with their codes. */
    struct mon_checkin_row *ci;
    int nci;
    char from[11], to[11];
    civil_format(c->today - 60, from);
    civil_format(c->today, to);
    if (mon_checkin_range(r->db, r->a, org, p->id, from, to, &ci, &nci) != 0)
        return -1;
    json_t *cis = json_array();
    for (int i = 0; i < nci; i++) {
        json_t *j = json_object();
        jset_str(j, "day", ci[i].day);
        jset(j, "at", view_time(ci[i].at));
        jset_str(j, "code", ci[i].code);
        jset_bool(j, "selected", ci[i].selected);
        jset(j, "test_by", hhmm_j(r, ci[i].test_by));
        json_array_append_new(cis, j);
    }
    jset(m, "checkins", cis);
    /* Tests: a selection of today is shown to staff only once the window has opened. */
    struct mon_test_row *ts;
    int nts;
    if (mon_tests_of(r->db, r->a, org, p->id, &ts, &nts) != 0)
        return -1;
    struct tz_local l;
    tz_local_of(c->zone ? c->zone : tz_utc(), c->now, &l);
    int window_open = l.hour * 60 + l.minute >= prog.checkin_from;
    json_t *tests = json_array();
    for (int i = 0; i < nts; i++) {
        if (civil_parse(ts[i].day) >= c->today && !window_open)
            continue;
        json_t *j = json_object();
        jset_int(j, "id", ts[i].id);
        jset_str(j, "day", ts[i].day);
        jset(j, "test_by", hhmm_j(r, ts[i].test_by));
        jset_str(j, "kind", ts[i].kind);
        jset_str(j, "state", ts[i].state);
        jset_str(j, "state_label", tr(r, "monitor.test.", ts[i].state));
        jset_str(j, "site", ts[i].site);
        jset(j, "collected_at", view_time(ts[i].collected_at));
        jset_str(j, "custody_form", ts[i].custody_form);
        if (ts[i].observed >= 0)
            jset_bool(j, "observed", ts[i].observed);
        jset_str(j, "lab", ts[i].lab);
        jset_str(j, "result", ts[i].result);
        jset_str(j, "result_label", ts[i].result ? tr(r, "monitor.result.", ts[i].result) : NULL);
        jset_str(j, "mro_result", ts[i].mro_result);
        jset_str(j, "mro_result_label",
                 ts[i].mro_result ? tr(r, "monitor.result.", ts[i].mro_result) : NULL);
        jset_str(j, "note", ts[i].note);
        jset_int(j, "version", ts[i].version);
        int st = mon_test_state_parse(ts[i].state);
        if (staff && st >= 0) {
            jset_bool(j, "can_collect", mon_test_may_move(st, TEST_COLLECTED));
            jset_bool(j, "can_send", mon_test_may_move(st, TEST_SENT));
            jset_bool(j, "can_result", mon_test_may_move(st, TEST_RESULTED));
            jset_bool(j, "can_verify", mon_test_may_move(st, TEST_VERIFIED));
            jset_bool(j, "can_excuse", mon_test_may_move(st, TEST_EXCUSED));
        }
        json_array_append_new(tests, j);
    }
    jset(m, "tests", tests);
    /* Violations. */
    struct mon_violation_row *vs;
    int nvs;
    if (mon_violations_of(r->db, r->a, org, p->id, &vs, &nvs) != 0)
        return -1;
    json_t *vios = json_array();
    int open = 0;
    for (int i = 0; i < nvs; i++) {
        json_t *j = json_object();
        jset_int(j, "id", vs[i].id);
        jset_str(j, "day", vs[i].day);
        jset_str(j, "kind", vs[i].kind);
        jset_str(j, "kind_label", tr(r, "monitor.violation.", vs[i].kind));
        jset_str(j, "state", vs[i].state);
        jset_str(j, "state_label", tr(r, "monitor.vio_state.", vs[i].state));
        jset_bool(j, "open", !strcmp(vs[i].state, "open"));
        jset_str(j, "reason", vs[i].reason);
        jset_str(j, "decided_by", vs[i].decided_by_name);
        jset(j, "decided_at", view_time(vs[i].decided_at));
        open += !strcmp(vs[i].state, "open");
        json_array_append_new(vios, j);
    }
    jset(m, "violations", vios);
    jset_int(m, "open_violations", open);
    /* Reports owed. */
    struct mon_report_row *rp;
    int nrp;
    if (mon_reports_of(r->db, r->a, org, p->id, &rp, &nrp) != 0)
        return -1;
    json_t *reps = json_array();
    for (int i = nrp - 1; i >= 0; i--) {
        int32_t due = civil_parse(rp[i].due_day);
        if (due > c->today + 120)
            continue; /* the next few, not the whole agreement */
        json_t *j = json_object();
        jset_int(j, "id", rp[i].id);
        jset_str(j, "kind", rp[i].kind);
        jset_str(j, "kind_label", tr(r, "monitor.duty.", rp[i].kind));
        jset_str(j, "due_day", rp[i].due_day);
        jset_str(j, "received_day", rp[i].received_day);
        jset_bool(j, "overdue", !rp[i].received_day && due < c->today);
        jset_bool(j, "late",
                  rp[i].received_day && mon_report_late(due, civil_parse(rp[i].received_day),
                                                        prog.report_grace_days));
        jset_str(j, "note", rp[i].note);
        json_array_append_new(reps, j);
    }
    jset(m, "reports", reps);
    /* Unavailability. */
    struct mon_unavail_row *un;
    int nun;
    if (mon_unavail_of(r->db, r->a, org, p->id, &un, &nun) != 0)
        return -1;
    json_t *uns = json_array();
    for (int i = 0; i < nun; i++) {
        json_t *j = json_object();
        jset_int(j, "id", un[i].id);
        jset_str(j, "from", un[i].from_day);
        jset_str(j, "to", un[i].to_day);
        jset_str(j, "reason", un[i].reason);
        jset_str(j, "state", un[i].state);
        jset_str(j, "state_label", tr(r, "monitor.unavail.", un[i].state));
        jset_bool(j, "requested", !strcmp(un[i].state, "requested"));
        jset_str(j, "decision", un[i].decision);
        json_array_append_new(uns, j);
    }
    jset(m, "unavailability", uns);
    /* Fees. */
    struct mon_invoice_row *inv;
    struct mon_payment_row *pay;
    int ninv, npay;
    if (mon_invoices_of(r->db, r->a, org, p->id, &inv, &ninv) != 0 ||
        mon_payments_of(r->db, r->a, org, p->id, &pay, &npay) != 0)
        return -1;
    struct fee_invoice *fi = arena_alloc(r->a, sizeof *fi * (size_t)(ninv ? ninv : 1));
    json_t *invs = json_array(), *pays = json_array();
    for (int i = 0; i < ninv; i++) {
        fi[i] = (struct fee_invoice){inv[i].amount_cents, civil_parse(inv[i].due_day)};
        json_array_append_new(invs,
                              json_pack("{s:s,s:s,s:s,s:I}", "month", inv[i].month, "description",
                                        inv[i].description, "due_day", inv[i].due_day,
                                        "amount_cents", (json_int_t)inv[i].amount_cents));
        jset_str(json_array_get(invs, (size_t)i), "amount", money(r, inv[i].amount_cents));
    }
    int64_t paid = 0;
    for (int i = 0; i < npay; i++) {
        paid += pay[i].amount_cents;
        json_t *j = json_pack("{s:s,s:I}", "day", pay[i].day, "amount_cents",
                              (json_int_t)pay[i].amount_cents);
        jset_str(j, "amount", money(r, pay[i].amount_cents));
        jset_str(j, "method", pay[i].method);
        jset_str(j, "note", pay[i].note);
        json_array_append_new(pays, j);
    }
    struct fee_balance bal;
    fee_balance_of(fi, (size_t)ninv, paid, c->today, &bal);
    int64_t monthly;
    size_t tier;
    json_t *fees = json_object();
    if (mon_fee_of(c, p, &monthly, &tier) == 0) {
        jset_str(fees, "monthly", money(r, monthly));
        jset_int(fees, "monthly_cents", monthly);
        jset_int(fees, "tier", (int64_t)tier + 1);
    }
    jset(fees, "invoices", invs);
    jset(fees, "payments", pays);
    jset_str(fees, "balance", money(r, bal.balance));
    jset_int(fees, "balance_cents", bal.balance);
    jset_str(fees, "overdue", money(r, bal.overdue));
    jset_int(fees, "overdue_cents", bal.overdue);
    jset_bool(fees, "is_overdue", bal.overdue > 0);
    jset_int(fees, "days_overdue", bal.days_overdue);
    jset(m, "fees", fees);
    char month[8];
    int y, mo;
    month_at(c->today, 1, &y, &mo);
    snprintf(month, sizeof month, "%04d-%02d", y, mo);
    jset_str(m, "last_month", month);
    jset_str(m, "today", to);
    int acts = staff && r->me.role != ROLE_AUDITOR;
    jset_bool(m, "staff_actions", acts);
    jset_bool(m, "can_submit", acts || !staff);
    jset_str(
        m, "unavail_action",
        staff ? arena_printf(r->a, "/monitoring/participants/%lld/unavailability", (long long)p->id)
              : "/my-record/unavailability");
    jset_str(m, "meeting_action",
             staff ? arena_printf(r->a, "/monitoring/participants/%lld/meetings", (long long)p->id)
                   : "/my-record/meetings");
    if (acts) {
        json_t *results = json_array();
        for (int k = 0; k < RES__COUNT; k++)
            json_array_append_new(results,
                                  json_pack("{s:s,s:s}", "value", mon_result_name(k), "label",
                                            tr(r, "monitor.result.", mon_result_name(k))));
        jset(m, "results", results);
    }
    return 0;
}

/* ---- the participant ------------------------------------------------------------ */

static int h_checkin_page(struct req *r)
{
    struct op_ctx c;
    op_ctx_from_req(r, &c);
    struct mon_participant_row p;
    int rc = mon_reach(&c, 0, &p);
    if (rc < 0)
        return reply_error(r, 500, "store", NULL, msg(req_lang(r), "monitor.err.store"), NULL, NULL,
                           NULL);
    json_t *m = json_object();
    jset_str(m, "title", msg(req_lang(r), "monitor.checkin.title"));
    if (rc == 0) {
        jset_bool(m, "not_enrolled", 1);
        return reply_page(r, 200, "checkin.mustache", m);
    }
    struct mon_program_row prog;
    if (mon_program_get(r->db, r->a, r->me.org_id, p.program_id, &prog) != 1)
        return reply_error(r, 500, "store", NULL, msg(req_lang(r), "monitor.err.store"), NULL, NULL,
                           NULL);
    char today[11];
    civil_format(c.today, today);
    jset_str(m, "name", person_name(r, &p));
    jset_str(m, "today", today);
    jset(m, "checkin_from", hhmm_j(r, prog.checkin_from));
    jset(m, "checkin_to", hhmm_j(r, prog.checkin_to));
    jset_str(m, "sites", prog.sites);
    struct mon_checkin_row ci;
    rc = mon_checkin_get(r->db, r->a, r->me.org_id, p.id, today, &ci);
    if (rc == 1) {
        json_t *a = json_object();
        jset_bool(a, "selected", ci.selected);
        jset(a, "test_by", hhmm_j(r, ci.test_by));
        jset_str(a, "code", ci.code);
        jset(a, "at", view_time(ci.at));
        jset(m, "answer", a);
    } else {
        struct tz_local l;
        tz_local_of(c.zone ? c.zone : tz_utc(), c.now, &l);
        int now = l.hour * 60 + l.minute;
        jset_bool(m, "window_open", now >= prog.checkin_from && now < prog.checkin_to);
        jset_bool(m, "window_later", now < prog.checkin_from);
    }
    if (req_audit_read(r, "monitor.checkin.view", "mon_participant", p.id, NULL) != 0)
        return 0;
    return reply_page(r, 200, "checkin.mustache", m);
}

static int h_checkin(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    struct mon_checkin_answer a;
    if (op_mon_checkin(&c, &a, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    json_t *m = json_object();
    jset_bool(m, "selected", a.selected);
    jset(m, "test_by", hhmm_j(r, a.selected ? a.test_by : -1));
    jset_str(m, "code", a.code);
    jset_str(m, "day", a.day);
    jset_str(m, "sites", a.sites);
    jset_bool(m, "again", a.again);
    jset_str(
        m, "message",
        a.selected
            ? msg_fmt(r->a, req_lang(r), "monitor.checkin.selected", "time",
                      json_string_value(json_object_get(m, "test_by")), "code", a.code, NULL)
            : msg_fmt(r->a, req_lang(r), "monitor.checkin.not_selected", "code", a.code, NULL));
    return reply_done(r, a.again ? 200 : 201, "/checkin", m);
}

static int h_my_record(struct req *r)
{
    struct op_ctx c;
    op_ctx_from_req(r, &c);
    struct mon_participant_row p;
    int rc = mon_reach(&c, 0, &p);
    if (rc != 1)
        return reply_error(
            r, rc < 0 ? 500 : 404, rc < 0 ? "store" : "not_found", NULL,
            msg(req_lang(r), rc < 0 ? "monitor.err.store" : "monitor.err.not_enrolled"), NULL, NULL,
            NULL);
    json_t *m = json_object();
    if (record_model(r, &c, &p, m, 0) != 0) {
        json_decref(m);
        return reply_error(r, 500, "store", NULL, msg(req_lang(r), "monitor.err.store"), NULL, NULL,
                           NULL);
    }
    if (req_audit_read(r, "monitor.record.own", "mon_participant", p.id, NULL) != 0) {
        json_decref(m);
        return 0;
    }
    jset_str(m, "title", msg(req_lang(r), "monitor.record.own_title"));
    return reply_page(r, 200, "my_record.mustache", m);
}

static void csv_text(buf *b, const char *s)
{
    csv_field(b, s ? s : "", s ? strlen(s) : 0);
}

/* The participant's own compliance record to keep (GR-10): CSV with a BOM for Excel. */
/* The participant of r->id within the actor's reach and their record's model (record_model);
 * NULL when not (404, or 500 for the store) with the reply made and its result in *replied. */
static json_t *reached_record(struct req *r, struct op_ctx *c, struct mon_participant_row *p,
                              int staff, int *replied)
{
    int rc = mon_reach(c, r->id, p);
    if (rc != 1) {
        *replied = reply_error(r, rc < 0 ? 500 : 404, rc < 0 ? "store" : "not_found", NULL,
                               msg(req_lang(r), rc < 0 ? "monitor.err.store" : "monitor.err.not_found"),
                               NULL, NULL, NULL);
        return NULL;
    }
    json_t *m = json_object();
    if (record_model(r, c, p, m, staff) != 0) {
        json_decref(m);
        *replied = reply_error(r, 500, "store", NULL, msg(req_lang(r), "monitor.err.store"), NULL,
                               NULL, NULL);
        return NULL;
    }
    return m;
}

static int h_my_record_csv(struct req *r)
{
    struct op_ctx c;
    op_ctx_from_req(r, &c);
    struct mon_participant_row p;
    int replied;
    json_t *m = reached_record(r, &c, &p, 0, &replied);
    if (!m)
        return replied;
    const char *lang = req_lang(r);
    buf b = {0};
    buf_puts(&b, "\xEF\xBB\xBF");
    buf_printf(&b, "%s,%s,%s,%s\r\n", msg(lang, "monitor.csv.section"),
               msg(lang, "monitor.csv.day"), msg(lang, "monitor.csv.what"),
               msg(lang, "monitor.csv.detail"));
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(m, "months"), i, v)
    {
        csv_text(&b, msg(lang, "monitor.csv.compliance"));
        buf_putc(&b, ',');
        csv_text(&b, json_string_value(json_object_get(v, "month")));
        buf_putc(&b, ',');
        csv_text(&b, json_string_value(json_object_get(v, "status_label")));
        buf_putc(&b, ',');
        size_t k;
        json_t *d;
        const char *detail = "";
        json_array_foreach(json_object_get(v, "duties"), k, d)
        {
            detail = arena_printf(r->a, "%s%s%s %lld/%lld", detail, *detail ? "; " : "",
                                  json_string_value(json_object_get(d, "label")),
                                  (long long)json_integer_value(json_object_get(d, "done")),
                                  (long long)json_integer_value(json_object_get(d, "required")));
        }
        csv_text(&b, detail);
        buf_puts(&b, "\r\n");
    }
    json_array_foreach(json_object_get(m, "checkins"), i, v)
    {
        csv_text(&b, msg(lang, "monitor.csv.checkin"));
        buf_putc(&b, ',');
        csv_text(&b, json_string_value(json_object_get(v, "day")));
        buf_putc(&b, ',');
        csv_text(&b, json_string_value(json_object_get(v, "code")));
        buf_putc(&b, ',');
        csv_text(&b, msg(lang, json_is_true(json_object_get(v, "selected"))
                                   ? "monitor.csv.selected"
                                   : "monitor.csv.not_selected"));
        buf_puts(&b, "\r\n");
    }
    json_array_foreach(json_object_get(m, "tests"), i, v)
    {
        csv_text(&b, msg(lang, "monitor.csv.test"));
        buf_putc(&b, ',');
        csv_text(&b, json_string_value(json_object_get(v, "day")));
        buf_putc(&b, ',');
        csv_text(&b, json_string_value(json_object_get(v, "state_label")));
        buf_putc(&b, ',');
        const char *res = json_string_value(json_object_get(v, "mro_result_label"));
        csv_text(&b, res ? res : json_string_value(json_object_get(v, "result_label")));
        buf_puts(&b, "\r\n");
    }
    json_array_foreach(json_object_get(m, "violations"), i, v)
    {
        csv_text(&b, msg(lang, "monitor.csv.violation"));
        buf_putc(&b, ',');
        csv_text(&b, json_string_value(json_object_get(v, "day")));
        buf_putc(&b, ',');
        csv_text(&b, json_string_value(json_object_get(v, "kind_label")));
        buf_putc(&b, ',');
        csv_text(&b,
                 arena_printf(r->a, "%s%s%s", json_string_value(json_object_get(v, "state_label")),
                              json_string_value(json_object_get(v, "reason")) ? ": " : "",
                              json_string_value(json_object_get(v, "reason")) ?: ""));
        buf_puts(&b, "\r\n");
    }
    json_array_foreach(json_object_get(m, "reports"), i, v)
    {
        csv_text(&b, msg(lang, "monitor.csv.report"));
        buf_putc(&b, ',');
        csv_text(&b, json_string_value(json_object_get(v, "due_day")));
        buf_putc(&b, ',');
        csv_text(&b, json_string_value(json_object_get(v, "kind_label")));
        buf_putc(&b, ',');
        csv_text(&b, json_string_value(json_object_get(v, "received_day")));
        buf_puts(&b, "\r\n");
    }
    json_t *fees = json_object_get(m, "fees");
    csv_text(&b, msg(lang, "monitor.csv.fees"));
    buf_putc(&b, ',');
    csv_text(&b, json_string_value(json_object_get(m, "today")));
    buf_putc(&b, ',');
    csv_text(&b, msg(lang, "monitor.csv.balance"));
    buf_putc(&b, ',');
    csv_text(&b, json_string_value(json_object_get(fees, "balance")));
    buf_puts(&b, "\r\n");
    json_decref(m);
    if (req_audit_read(r, "monitor.record.export", "mon_participant", p.id, "csv") != 0) {
        buf_free(&b);
        return 0;
    }
    reply_header(r, "Content-Disposition",
                 "attachment; filename=\"peerdesk-monitoring-record.csv\"");
    reply_raw(r, 200, "text/csv; charset=utf-8", b.data ? b.data : "", b.len);
    buf_free(&b);
    return 0;
}

/* A printable statement of fees (GR-7): the monthly fee and its tier, every invoice and payment,
 * and the balance, on a page made for paper (the browser's Print keeps it, as paper or PDF). */
static int h_statement(struct req *r)
{
    struct op_ctx c;
    op_ctx_from_req(r, &c);
    struct mon_participant_row p;
    int replied;
    json_t *m = reached_record(r, &c, &p, 0, &replied);
    if (!m)
        return replied;
    if (req_audit_read(r, "monitor.statement", "mon_participant", p.id, NULL) != 0) {
        json_decref(m);
        return 0;
    }
    json_t *fees = json_object_get(m, "fees");
    int64_t invoiced = 0, paid = 0;
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(fees, "invoices"), i, v)
        invoiced += json_integer_value(json_object_get(v, "amount_cents"));
    json_array_foreach(json_object_get(fees, "payments"), i, v)
        paid += json_integer_value(json_object_get(v, "amount_cents"));
    jset_str(fees, "invoiced", money(r, invoiced));
    jset_str(fees, "paid", money(r, paid));
    jset_bool(fees, "has_invoices", json_array_size(json_object_get(fees, "invoices")) > 0);
    jset_bool(fees, "has_payments", json_array_size(json_object_get(fees, "payments")) > 0);
    jset_bool(m, "own", r->me.role == ROLE_PARTICIPANT);
    jset_str(m, "title", msg(req_lang(r), "monitor.statement.title"));
    return reply_page(r, 200, "mon_statement.mustache", m);
}

static int h_my_unavail(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    if (op_mon_unavail_request(&c, r->id, req_str(r, "from"), req_str(r, "to"),
                               req_str(r, "reason"), &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    json_t *m = json_object();
    jset_int(m, "id", res.id);
    jset_str(m, "message", msg(req_lang(r), "monitor.unavail.asked"));
    return reply_done(r, 201,
                      r->me.role == ROLE_PARTICIPANT
                          ? "/my-record"
                          : arena_printf(r->a, "/monitoring/participants/%lld", (long long)r->id),
                      m);
}

static int h_meeting_add(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    if (op_mon_meeting_add(&c, r->id, req_str(r, "day"), req_str(r, "name"), &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    json_t *m = json_object();
    jset_int(m, "id", res.id);
    jset_str(m, "message", msg(req_lang(r), "monitor.meeting.added"));
    return reply_done(r, 201,
                      r->me.role == ROLE_PARTICIPANT
                          ? "/my-record"
                          : arena_printf(r->a, "/monitoring/participants/%lld", (long long)r->id),
                      m);
}

/* ---- staff ---------------------------------------------------------------------- */

struct row_sort {
    json_t *j;
    int weight;
    const char *name;
};

static int by_need(const void *a, const void *b)
{
    const struct row_sort *x = a, *y = b;
    if (x->weight != y->weight)
        return y->weight - x->weight;
    return strcmp(x->name, y->name);
}

/* The case manager's caseload: what needs action first. */
static int h_monitoring(struct req *r)
{
    struct op_ctx c;
    op_ctx_from_req(r, &c);
    int64_t org = r->me.org_id;
    int64_t cm = r->me.role == ROLE_CASE_MANAGER ? r->me.user_id : 0;
    struct mon_participant_row *ps;
    int n;
    int64_t *vid, *vcount;
    int nv;
    char today[11];
    civil_format(c.today, today);
    if (mon_participant_list(r->db, r->a, org, cm, &ps, &n) != 0 ||
        mon_violation_open_counts(r->db, r->a, org, &vid, &vcount, &nv) != 0)
        return reply_error(r, 500, "store", NULL, msg(req_lang(r), "monitor.err.store"), NULL, NULL,
                           NULL);
    struct row_sort *rows = arena_alloc(r->a, sizeof *rows * (size_t)(n ? n : 1));
    int y, mo;
    month_at(c.today, 0, &y, &mo);
    for (int i = 0; i < n; i++) {
        json_t *j = json_object();
        jset_int(j, "id", ps[i].id);
        jset_str(j, "name", person_name(r, &ps[i]));
        jset_str(j, "licence",
                 arena_printf(r->a, "%s %s (%s)", ps[i].licence_type, ps[i].licence_number,
                              ps[i].licence_state));
        jset_str(j, "case_manager", ps[i].case_manager_name);
        int64_t open = 0;
        for (int k = 0; k < nv; k++)
            if (vid[k] == ps[i].id)
                open = vcount[k];
        jset_int(j, "open_violations", open);
        struct mon_month_result mr;
        if (mon_compliance(&c, &ps[i], y, mo, &mr) != 0)
            return reply_error(r, 500, "store", NULL, msg(req_lang(r), "monitor.err.store"), NULL,
                               NULL, NULL);
        jset(j, "this_month", month_j(r, y, mo, &mr, 1));
        struct mon_checkin_row ci;
        int got = mon_checkin_get(r->db, r->a, org, ps[i].id, today, &ci);
        jset_bool(j, "checked_in", got == 1);
        jset_bool(j, "selected_today", got == 1 && ci.selected);
        jset_str(j, "code", got == 1 ? ci.code : NULL);
        rows[i] = (struct row_sort){
            j, (int)open * 4 + (mr.status == MON_NON_COMPLIANT) * 2 + (got == 1 && ci.selected),
            json_string_value(json_object_get(j, "name"))};
    }
    qsort(rows, (size_t)n, sizeof *rows, by_need);
    json_t *m = json_object(), *items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, rows[i].j);
    jset(m, "items", items);
    jset_int(m, "total", n);
    /* Reports overdue, the queue of GR-10. */
    struct mon_report_row *od;
    int nod;
    if (mon_reports_overdue(r->db, r->a, org, cm, today, &od, &nod) != 0)
        return reply_error(r, 500, "store", NULL, msg(req_lang(r), "monitor.err.store"), NULL, NULL,
                           NULL);
    json_t *overdue = json_array();
    for (int i = 0; i < nod; i++) {
        json_t *j = json_object();
        jset_int(j, "id", od[i].id);
        jset_int(j, "participant_id", od[i].participant_id);
        for (int k = 0; k < n; k++)
            if (ps[k].id == od[i].participant_id)
                jset_str(j, "name", person_name(r, &ps[k]));
        jset_str(j, "kind_label", tr(r, "monitor.duty.", od[i].kind));
        jset_str(j, "due_day", od[i].due_day);
        json_array_append_new(overdue, j);
    }
    jset(m, "overdue", overdue);
    jset_str(m, "title", msg(req_lang(r), "monitor.caseload.title"));
    jset_str(m, "today", today);
    if (req_audit_read(r, "monitor.caseload", "mon_participant", 0, NULL) != 0) {
        json_decref(m);
        return 0;
    }
    return reply_page(r, 200, "monitoring.mustache", m);
}

static int h_participant(struct req *r)
{
    struct op_ctx c;
    op_ctx_from_req(r, &c);
    struct mon_participant_row p;
    int replied;
    json_t *m = reached_record(r, &c, &p, 1, &replied);
    if (!m)
        return replied;
    if (req_audit_read(r, "monitor.record", "mon_participant", p.id, NULL) != 0) {
        json_decref(m);
        return 0;
    }
    jset_bool(m, "can_act", r->me.role != ROLE_AUDITOR);
    jset_bool(m, "can_amend", r->me.role == ROLE_ADMIN);
    jset_str(m, "title", person_name(r, &p));
    return reply_page(r, 200, "mon_participant.mustache", m);
}

/* After an action on a participant's record: back to it. */
static int done_to(struct req *r, int64_t participant_id, int status, const char *msgid, int64_t id)
{
    json_t *m = json_object();
    jset_int(m, "id", id);
    jset_str(m, "message", msg(req_lang(r), msgid));
    return reply_done(
        r, status, arena_printf(r->a, "/monitoring/participants/%lld", (long long)participant_id),
        m);
}

static int h_test_move(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    int64_t version = 0, observed = 0;
    req_int(r, "version", &version);
    req_int(r, "observed", &observed);
    struct mon_test_in in = {.to = req_str(r, "to"),
                             .site = req_str(r, "site"),
                             .collected_at = req_str(r, "collected_at"),
                             .custody_form = req_str(r, "custody_form"),
                             .lab = req_str(r, "lab"),
                             .result = req_str(r, "result"),
                             .mro_result = req_str(r, "mro_result"),
                             .note = req_str(r, "note"),
                             .observed = (int)observed,
                             .version = version};
    if (op_mon_test_move(&c, r->id, &in, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    struct mon_test_row t;
    int64_t pid = mon_test_get(r->db, r->a, r->me.org_id, r->id, &t) == 1 ? t.participant_id : 0;
    return done_to(r, pid, 200, "monitor.test.moved", res.id);
}

static int h_violation_decide(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    if (op_mon_violation_decide(&c, r->id, req_str(r, "to"), req_str(r, "reason"), &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    struct mon_violation_row v;
    int64_t pid =
        mon_violation_get(r->db, r->a, r->me.org_id, r->id, &v) == 1 ? v.participant_id : 0;
    return done_to(r, pid, 200, "monitor.violation.decided", res.id);
}

static int h_unavail_decide(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    int64_t approve = 0;
    req_int(r, "approve", &approve);
    if (op_mon_unavail_decide(&c, r->id, (int)approve, req_str(r, "decision"), &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    struct mon_unavail_row u;
    int64_t pid = mon_unavail_get(r->db, r->a, r->me.org_id, r->id, &u) == 1 ? u.participant_id : 0;
    return done_to(r, pid, 200, "monitor.unavail.decided", res.id);
}

static int h_report_receive(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    if (op_mon_report_receive(&c, r->id, req_str(r, "day"), req_str(r, "note"), &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    struct mon_report_row rp;
    int64_t pid =
        mon_report_get(r->db, r->a, r->me.org_id, r->id, &rp) == 1 ? rp.participant_id : 0;
    return done_to(r, pid, 200, "monitor.report.received", res.id);
}

static int h_payment_add(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    if (op_mon_payment_add(&c, r->id, req_str(r, "day"), req_str(r, "amount"), req_str(r, "method"),
                           req_str(r, "note"), &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    return done_to(r, r->id, 201, "monitor.fee.paid", res.id);
}

static int h_invoice_month(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    if (op_mon_invoice_month(&c, r->id, req_str(r, "month"), &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    return done_to(r, r->id, 200, "monitor.fee.invoiced", res.id);
}

static int h_amend(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    int64_t phase = 0, months = 0;
    req_int(r, "phase_id", &phase);
    req_int(r, "months", &months);
    if (op_mon_amend(&c, r->id, phase, req_str(r, "effective_from"), (int)months,
                     req_str(r, "reason"), &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    return done_to(r, r->id, 201, "monitor.amended", res.id);
}

static int h_enrol(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    int64_t rid = 0, prog = 0, cm = 0, household = 1, months = 0;
    req_int(r, "recoveree_id", &rid);
    req_int(r, "program_id", &prog);
    req_int(r, "case_manager_id", &cm);
    req_int(r, "household", &household);
    req_int(r, "months", &months);
    struct mon_enrol_in in = {.recoveree_id = rid,
                              .program_id = prog,
                              .case_manager_id = cm,
                              .licence_type = req_str(r, "licence_type"),
                              .licence_number = req_str(r, "licence_number"),
                              .licence_state = req_str(r, "licence_state"),
                              .board = req_str(r, "board"),
                              .colour = req_str(r, "colour"),
                              .worksite_monitor = req_str(r, "worksite_monitor"),
                              .treatment_provider = req_str(r, "treatment_provider"),
                              .household = (int)household,
                              .income = req_str(r, "income"),
                              .start_date = req_str(r, "start_date"),
                              .months = (int)months,
                              .terms = req_str(r, "terms"),
                              .username = req_str(r, "username"),
                              .password = req_str(r, "password")};
    if (op_mon_enrol(&c, &in, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    return done_to(r, res.id, 201, "monitor.enrolled", res.id);
}

/* ---- programs and draws --------------------------------------------------------- */

/* Phases as the program form writes them, one a line:
 *   name | model | n | d | duty:count/per, duty:count/per ... | restrictions
 * e.g. "Phase 1 | daily | 2 | 7 | group:4/month, mutual_help:3/week, worksite_report:1/quarter |
 * No nights". */
static int parse_phases(struct req *r, const char *text, struct mon_program_in *in)
{
    in->nphases = 0;
    const char *p = text ? text : "";
    while (*p) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        char *line = arena_alloc(r->a, len + 1);
        memcpy(line, p, len);
        line[len] = '\0';
        p += len + (e ? 1 : 0);
        line[strcspn(line, "\r")] = '\0';
        if (!*line)
            continue;
        if (in->nphases >= MON_PHASES_MAX)
            return -1;
        struct mon_phase_in *ph = &in->phase[in->nphases++];
        memset(ph, 0, sizeof *ph);
        char *part[6] = {0};
        int np = 0;
        for (char *s = line; s && np < 6;) {
            char *bar = strchr(s, '|');
            if (bar)
                *bar = '\0';
            while (*s == ' ')
                s++;
            char *end = s + strlen(s);
            while (end > s && end[-1] == ' ')
                *--end = '\0';
            part[np++] = s;
            s = bar ? bar + 1 : NULL;
        }
        if (np < 4)
            return -1;
        ph->name = part[0];
        ph->draw_model = part[1];
        ph->draw_n = atoi(part[2]);
        ph->draw_d = atoi(part[3]);
        ph->restrictions = np >= 6 && *part[5] ? part[5] : NULL;
        for (char *s = np >= 5 ? part[4] : NULL; s && *s;) {
            char *comma = strchr(s, ',');
            if (comma)
                *comma = '\0';
            while (*s == ' ')
                s++;
            char kind[40], per[20];
            int count;
            if (sscanf(s, "%39[a-z_]:%d/%19[a-z]", kind, &count, per) != 3)
                return -1;
            int k = mon_duty_parse(kind), pe = mon_per_parse(per);
            if (k < 0 || pe < 0 || ph->nduties >= DUTY__COUNT)
                return -1;
            ph->duties[ph->nduties++] =
                (struct mon_duty_rule){(enum mon_duty)k, count, (enum mon_per)pe};
            s = comma ? comma + 1 : NULL;
        }
    }
    return 0;
}

static int h_program_create(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    int64_t step = 30, grace = 7, base = 0, per = 0;
    req_int(r, "test_by_step", &step);
    req_int(r, "report_grace_days", &grace);
    const char *w;
    if (req_str(r, "poverty_base") && fee_parse_cents(req_str(r, "poverty_base"), &base, &w) != 0)
        return reply_error(r, 400, "invalid", NULL, msg(req_lang(r), w), "poverty_base", NULL,
                           NULL);
    if (req_str(r, "poverty_per_person") &&
        fee_parse_cents(req_str(r, "poverty_per_person"), &per, &w) != 0)
        return reply_error(r, 400, "invalid", NULL, msg(req_lang(r), w), "poverty_per_person", NULL,
                           NULL);
    struct mon_program_in in = {.name = req_str(r, "name"),
                                .board = req_str(r, "board"),
                                .checkin_from = req_str(r, "checkin_from"),
                                .checkin_to = req_str(r, "checkin_to"),
                                .test_by_earliest = req_str(r, "test_by_earliest"),
                                .test_by_latest = req_str(r, "test_by_latest"),
                                .test_by_step = (int)step,
                                .sites = req_str(r, "sites"),
                                .report_grace_days = (int)grace,
                                .fee_tiers = req_str(r, "fee_tiers"),
                                .poverty_base_cents = base,
                                .poverty_per_person_cents = per,
                                .test_fees = req_str(r, "test_fees")};
    if (parse_phases(r, req_str(r, "phases"), &in) != 0)
        return reply_error(r, 400, "invalid", "GR-6", msg(req_lang(r), "monitor.err.phase_line"),
                           "phases", NULL, NULL);
    if (op_mon_program_create(&c, &in, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    json_t *m = json_object();
    jset_int(m, "id", res.id);
    jset_str(m, "message", msg(req_lang(r), "monitor.program.created"));
    return reply_done(r, 201, "/monitoring/programs", m);
}

static int h_programs(struct req *r)
{
    struct mon_program_row *ps;
    int n;
    if (mon_program_list(r->db, r->a, r->me.org_id, &ps, &n) != 0)
        return reply_error(r, 500, "store", NULL, msg(req_lang(r), "monitor.err.store"), NULL, NULL,
                           NULL);
    json_t *m = json_object(), *items = json_array();
    for (int i = 0; i < n; i++) {
        json_t *j = json_object();
        jset_int(j, "id", ps[i].id);
        jset_str(j, "name", ps[i].name);
        jset_str(j, "board", ps[i].board);
        jset(j, "checkin_from", hhmm_j(r, ps[i].checkin_from));
        jset(j, "checkin_to", hhmm_j(r, ps[i].checkin_to));
        jset(j, "test_by_earliest", hhmm_j(r, ps[i].test_by_earliest));
        jset(j, "test_by_latest", hhmm_j(r, ps[i].test_by_latest));
        jset_str(j, "sites", ps[i].sites);
        jset_int(j, "report_grace_days", ps[i].report_grace_days);
        struct mon_phase_row *ph;
        struct mon_duty_row *du;
        int nph, ndu;
        if (mon_phases_of(r->db, r->a, r->me.org_id, ps[i].id, &ph, &nph) != 0 ||
            mon_duties_of(r->db, r->a, r->me.org_id, ps[i].id, &du, &ndu) != 0)
            return reply_error(r, 500, "store", NULL, msg(req_lang(r), "monitor.err.store"), NULL,
                               NULL, NULL);
        json_t *phases = json_array();
        for (int k = 0; k < nph; k++) {
            json_t *pj = json_object();
            jset_int(pj, "id", ph[k].id);
            jset_str(pj, "name", ph[k].name);
            jset_str(pj, "model", ph[k].draw_model);
            jset_str(pj, "model_label", tr(r, "monitor.model.", ph[k].draw_model));
            jset_int(pj, "n", ph[k].draw_n);
            jset_int(pj, "d", ph[k].draw_d);
            jset_str(pj, "restrictions", ph[k].restrictions);
            json_t *duties = json_array();
            for (int q = 0; q < ndu; q++)
                if (du[q].phase_id == ph[k].id) {
                    json_t *dj = json_object();
                    jset_str(dj, "kind", du[q].kind);
                    jset_str(dj, "label", tr(r, "monitor.duty.", du[q].kind));
                    jset_int(dj, "count", du[q].count);
                    jset_str(dj, "per", du[q].per);
                    jset_str(dj, "per_label", tr(r, "monitor.per.", du[q].per));
                    json_array_append_new(duties, dj);
                }
            jset(pj, "duties", duties);
            json_array_append_new(phases, pj);
        }
        jset(j, "phases", phases);
        json_array_append_new(items, j);
    }
    jset(m, "items", items);
    jset_bool(m, "can_create", r->me.role == ROLE_ADMIN);
    jset_str(m, "title", msg(req_lang(r), "monitor.programs.title"));
    return reply_page(r, 200, "mon_programs.mustache", m);
}

/* The draws: each program's commitments for the days ahead, and the days gone by with their
 * seeds revealed once closed (anyone can re-run them). */
static int h_draws(struct req *r)
{
    struct op_ctx c;
    op_ctx_from_req(r, &c);
    struct mon_program_row *ps;
    int n;
    if (mon_program_list(r->db, r->a, r->me.org_id, &ps, &n) != 0)
        return reply_error(r, 500, "store", NULL, msg(req_lang(r), "monitor.err.store"), NULL, NULL,
                           NULL);
    json_t *m = json_object(), *items = json_array();
    char from[11], to[11];
    civil_format(c.today - 30, from);
    civil_format(c.today + 7, to);
    for (int i = 0; i < n; i++) {
        struct mon_draw_row *dr;
        int nd;
        if (mon_draw_range(r->db, r->a, r->me.org_id, ps[i].id, from, to, &dr, &nd) != 0)
            return reply_error(r, 500, "store", NULL, msg(req_lang(r), "monitor.err.store"), NULL,
                               NULL, NULL);
        json_t *pj = json_object(), *days = json_array();
        jset_str(pj, "name", ps[i].name);
        jset_int(pj, "id", ps[i].id);
        for (int k = 0; k < nd; k++) {
            json_t *j = json_object();
            jset_str(j, "day", dr[k].day);
            jset_str(j, "commitment", dr[k].commitment);
            jset(j, "committed_at", view_time(dr[k].committed_at));
            jset_str(j, "algorithm", dr[k].algorithm);
            jset(j, "drawn_at", view_time(dr[k].drawn_at));
            jset(j, "closed_at", view_time(dr[k].closed_at));
            /* The seed is told only once its day is over and closed. */
            if (dr[k].closed_at && civil_parse(dr[k].day) < c.today)
                jset_str(j, "seed", dr[k].seed);
            jset_bool(j, "ahead", civil_parse(dr[k].day) > c.today);
            json_array_append_new(days, j);
        }
        jset(pj, "days", days);
        json_array_append_new(items, pj);
    }
    jset(m, "items", items);
    jset_bool(m, "can_seed", r->me.role == ROLE_ADMIN);
    jset_str(m, "title", msg(req_lang(r), "monitor.draws.title"));
    return reply_page(r, 200, "mon_draws.mustache", m);
}

static const char *day_str(arena *a, int32_t day)
{
    char *s = arena_alloc(a, 11);
    civil_format(day, s);
    return s;
}

/* A share as a whole percent, or "" when there is nothing to divide. */
static const char *pct_text(arena *a, double part, double whole)
{
    if (whole <= 0)
        return "";
    return arena_printf(a, "%.0f", 100.0 * part / whole);
}

/* Achieved against target per participant, and the spread of the selections over weekdays and
 * hours (GR-8): /monitoring/draws/report?program_id=&from=&to= (default: the first program, the
 * last 90 days). */
static int h_rate_report(struct req *r)
{
    struct op_ctx c;
    op_ctx_from_req(r, &c);
    const char *lang = req_lang(r);
    struct mon_program_row *ps;
    int np;
    if (mon_program_list(r->db, r->a, r->me.org_id, &ps, &np) != 0)
        return reply_error(r, 500, "store", NULL, msg(lang, "monitor.err.store"), NULL, NULL, NULL);
    int64_t prog = 0;
    req_int(r, "program_id", &prog);
    int at = -1;
    for (int i = 0; i < np; i++)
        if (ps[i].id == prog || (prog == 0 && at < 0))
            at = i;
    if (at < 0)
        return reply_error(r, 404, "not_found", "program_id", msg(lang, "monitor.err.program"), NULL,
                           NULL, NULL);
    const char *fs = req_str(r, "from"), *ts = req_str(r, "to");
    int32_t to = ts && *ts ? civil_parse(ts) : c.today;
    int32_t from = fs && *fs ? civil_parse(fs) : (to >= 0 ? to - 89 : -1);
    if (from < 0 || to < 0 || to < from || to - from >= MON_RATE_DAYS_MAX)
        return reply_error(r, 400, "invalid", fs && *fs && civil_parse(fs) < 0 ? "from" : "to",
                           msg_fmt(r->a, lang, "monitor.rates.err_range", "max",
                                   arena_printf(r->a, "%d", MON_RATE_DAYS_MAX), NULL),
                           NULL, NULL, NULL);
    struct mon_rate_row *rows;
    size_t n;
    struct draw_tally all;
    if (mon_rate_report(&c, ps[at].id, from, to, &rows, &n, &all) != 0)
        return reply_error(r, 500, "store", NULL, msg(lang, "monitor.err.store"), NULL, NULL, NULL);
    json_t *m = json_object(), *items = json_array(), *progs = json_array();
    for (int i = 0; i < np; i++) {
        json_t *j = json_object();
        jset_int(j, "id", ps[i].id);
        jset_str(j, "name", ps[i].name);
        jset_bool(j, "current", i == at);
        json_array_append_new(progs, j);
    }
    for (size_t i = 0; i < n; i++) {
        const struct draw_tally *t = &rows[i].t;
        json_t *j = json_object();
        jset_int(j, "id", rows[i].p.id);
        jset_str(j, "name", person_name(r, &rows[i].p));
        jset_int(j, "days", t->days);
        jset_int(j, "selected", t->selected);
        jset_str(j, "expected", arena_printf(r->a, "%.1f", t->expected));
        jset_str(j, "achieved_percent", pct_text(r->a, t->selected, t->days));
        jset_str(j, "target_percent", pct_text(r->a, t->expected, t->days));
        /* Over or under the target by more than two standard deviations of the count. */
        double var = 0;
        if (t->days > 0) {
            double p = t->expected / t->days;
            var = t->days * p * (1 - p);
        }
        double dev = t->selected - t->expected;
        jset_bool(j, "off_target", var > 0 && dev * dev > 4 * var);
        json_array_append_new(items, j);
    }
    json_t *wd = json_array(), *hours = json_array();
    static const char *const wdays[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    for (int w = 0; w < 7; w++) {
        json_t *j = json_object();
        jset_str(j, "weekday", wdays[w]);
        jset_str(j, "label", msg(lang, arena_printf(r->a, "monitor.rates.wd_%s", wdays[w])));
        jset_int(j, "selected", all.by_weekday[w]);
        jset_str(j, "percent", pct_text(r->a, all.by_weekday[w], all.selected));
        json_array_append_new(wd, j);
    }
    for (int h = 0; h < 24; h++) {
        if (!all.by_hour[h])
            continue;
        json_t *j = json_object();
        jset_int(j, "hour", h);
        jset_str(j, "label", arena_printf(r->a, "%02d:00–%02d:59", h, h));
        jset_int(j, "selected", all.by_hour[h]);
        jset_str(j, "percent", pct_text(r->a, all.by_hour[h], all.selected));
        json_array_append_new(hours, j);
    }
    jset_int(m, "program_id", ps[at].id);
    jset_str(m, "program", ps[at].name);
    jset_str(m, "from", day_str(r->a, from));
    jset_str(m, "to", day_str(r->a, to));
    jset(m, "programs", progs);
    jset(m, "items", items);
    jset_bool(m, "has_items", n > 0);
    jset(m, "weekdays", wd);
    jset(m, "hours", hours);
    jset_int(m, "days", all.days);
    jset_int(m, "selected", all.selected);
    jset_str(m, "expected", arena_printf(r->a, "%.1f", all.expected));
    jset_str(m, "achieved_percent", pct_text(r->a, all.selected, all.days));
    jset_str(m, "target_percent", pct_text(r->a, all.expected, all.days));
    jset_str(m, "title", msg(lang, "monitor.rates.title"));
    return reply_page(r, 200, "mon_rates.mustache", m);
}

static int h_seed(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    int64_t prog = 0;
    req_int(r, "program_id", &prog);
    if (op_mon_seed(&c, prog, req_str(r, "day"), req_str(r, "seed"), &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    json_t *m = json_object();
    jset_str(m, "message", msg(req_lang(r), "monitor.seed.committed"));
    return reply_done(r, 201, "/monitoring/draws", m);
}

static int h_close_day(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    if (op_mon_close_day(&c, req_str(r, "day"), &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    json_t *m = json_object();
    jset_str(m, "message", msg(req_lang(r), "monitor.closed"));
    return reply_done(r, 200, "/monitoring/draws", m);
}

/* ---- the board ------------------------------------------------------------------ */

/* Minimum necessary (GR-6): a participant's name, licence and, per month, compliant or not;
 * nothing of why. */
static int h_board(struct req *r)
{
    struct op_ctx c;
    op_ctx_from_req(r, &c);
    struct mon_participant_row *ps;
    int n;
    if (mon_participant_list(r->db, r->a, r->me.org_id, 0, &ps, &n) != 0)
        return reply_error(r, 500, "store", NULL, msg(req_lang(r), "monitor.err.store"), NULL, NULL,
                           NULL);
    json_t *m = json_object(), *items = json_array(), *heads = json_array();
    for (int b = MONTHS_SHOWN - 1; b >= 0; b--) {
        int y, mo;
        month_at(c.today, b, &y, &mo);
        json_array_append_new(heads, jstr(arena_printf(r->a, "%04d-%02d", y, mo)));
    }
    for (int i = 0; i < n; i++) {
        int sees = mon_board_sees(&c, &ps[i]);
        if (sees < 0) {
            json_decref(m);
            json_decref(items);
            json_decref(heads);
            return reply_error(r, 500, "store", NULL, msg(req_lang(r), "monitor.err.store"), NULL,
                               NULL, NULL);
        }
        if (!sees)
            continue;
        json_t *j = json_object(), *months = json_array();
        jset_str(j, "name", person_name(r, &ps[i]));
        jset_str(j, "licence",
                 arena_printf(r->a, "%s %s (%s)", ps[i].licence_type, ps[i].licence_number,
                              ps[i].licence_state));
        jset_str(j, "board", ps[i].board);
        jset_int(j, "id", ps[i].id);
        for (int b = MONTHS_SHOWN - 1; b >= 0; b--) {
            int y, mo;
            month_at(c.today, b, &y, &mo);
            struct mon_month_result mr;
            if (mon_compliance(&c, &ps[i], y, mo, &mr) != 0)
                return reply_error(r, 500, "store", NULL, msg(req_lang(r), "monitor.err.store"),
                                   NULL, NULL, NULL);
            json_array_append_new(months, month_j(r, y, mo, &mr, 0));
        }
        jset(j, "months", months);
        json_array_append_new(items, j);
    }
    if (req_audit_read(r, "monitor.board", "mon_participant", 0, "minimum necessary") != 0) {
        json_decref(m);
        json_decref(items);
        json_decref(heads);
        return 0;
    }
    jset(m, "items", items);
    jset(m, "months", heads);
    jset_str(m, "title", msg(req_lang(r), "monitor.board.title"));
    return reply_page(r, 200, "board.mustache", m);
}

/* More than compliant or not, for one participant: only under their consent, and entered in
 * the accounting of disclosures (op_mon_board_release). */
static int h_liaison_set(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    if (op_mon_liaison_set(&c, r->id, req_str(r, "board"), &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    json_t *m = json_object();
    jset_int(m, "id", res.id);
    jset_str(m, "message", msg(req_lang(r), "monitor.liaison.set"));
    return reply_done(r, 200, arena_printf(r->a, "/users/%lld", (long long)r->id), m);
}

static int h_board_participant(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    struct mon_participant_row p;
    if (op_mon_board_release(&c, r->id, &p, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    json_t *m = json_object(), *months = json_array();
    jset_str(m, "name", person_name(r, &p));
    jset_str(m, "licence",
             arena_printf(r->a, "%s %s (%s)", p.licence_type, p.licence_number, p.licence_state));
    jset_str(m, "board", p.board);
    for (int b = 0; b < MONTHS_SHOWN; b++) {
        int y, mo;
        month_at(c.today, b, &y, &mo);
        struct mon_month_result mr;
        if (mon_compliance(&c, &p, y, mo, &mr) != 0) {
            json_decref(m);
            json_decref(months);
            return reply_error(r, 500, "store", NULL, msg(req_lang(r), "monitor.err.store"), NULL,
                               NULL, NULL);
        }
        json_array_append_new(months, month_j(r, y, mo, &mr, 1));
    }
    jset(m, "months", months);
    jset_int(m, "disclosure_id", res.id);
    jset_str(m, "title", person_name(r, &p));
    return reply_page(r, 200, "board_participant.mustache", m);
}

/* The home page of a participant and of a board liaison. */
int monitor_home(struct req *r)
{
    if (r->me.role == ROLE_PARTICIPANT)
        return h_checkin_page(r);
    return h_board(r);
}

/* ---- routes ---- */

static const struct field f_none[] = {{NULL}};
static const struct field f_unavail[] = {
    {"from", FT_DATE, 10, 0, 0, FIELD_REQUIRED},
    {"to", FT_DATE, 10, 0, 0, FIELD_REQUIRED},
    {"reason", FT_TEXT, MON_REASON_MAX, 0, 0, FIELD_REQUIRED},
    {NULL},
};
static const struct field f_meeting[] = {
    {"day", FT_DATE, 10, 0, 0, FIELD_REQUIRED},
    {"name", FT_LINE, MON_NAME_MAX, 0, 0, FIELD_REQUIRED},
    {NULL},
};
static const struct field f_test[] = {
    {"to", FT_TOKEN, 20, 0, 0, FIELD_REQUIRED},
    {"site", FT_LINE, 200, 0, 0, 0},
    {"collected_at", FT_LINE, 16, 0, 0, 0},
    {"custody_form", FT_LINE, 40, 0, 0, 0},
    {"observed", FT_BOOL, 0, 0, 0, 0},
    {"lab", FT_LINE, 200, 0, 0, 0},
    {"result", FT_TOKEN, 20, 0, 0, 0},
    {"mro_result", FT_TOKEN, 20, 0, 0, 0},
    {"note", FT_TEXT, MON_TEXT_MAX, 0, 0, 0},
    {"version", FT_INT, 0, 1, INT64_MAX, 0},
    {NULL},
};
static const struct field f_decide[] = {
    {"to", FT_TOKEN, 20, 0, 0, FIELD_REQUIRED},
    {"reason", FT_TEXT, MON_REASON_MAX, 0, 0, FIELD_REQUIRED},
    {NULL},
};
static const struct field f_unavail_decide[] = {
    {"approve", FT_BOOL, 0, 0, 0, 0},
    {"decision", FT_TEXT, MON_REASON_MAX, 0, 0, FIELD_REQUIRED},
    {NULL},
};
static const struct field f_receive[] = {
    {"day", FT_DATE, 10, 0, 0, 0},
    {"note", FT_TEXT, MON_TEXT_MAX, 0, 0, 0},
    {NULL},
};
static const struct field f_payment[] = {
    {"day", FT_DATE, 10, 0, 0, 0},
    {"amount", FT_LINE, 20, 0, 0, FIELD_REQUIRED},
    {"method", FT_LINE, 40, 0, 0, FIELD_REQUIRED},
    {"note", FT_TEXT, MON_REASON_MAX, 0, 0, 0},
    {NULL},
};
static const struct field f_invoice[] = {
    {"month", FT_LINE, 7, 0, 0, FIELD_REQUIRED},
    {NULL},
};
static const struct field f_amend[] = {
    {"phase_id", FT_INT, 0, 1, INT64_MAX, FIELD_REQUIRED},
    {"effective_from", FT_DATE, 10, 0, 0, FIELD_REQUIRED},
    {"months", FT_INT, 0, 1, 120, FIELD_REQUIRED},
    {"reason", FT_TEXT, MON_REASON_MAX, 0, 0, FIELD_REQUIRED},
    {NULL},
};
static const struct field f_enrol[] = {
    {"recoveree_id", FT_INT, 0, 1, INT64_MAX, FIELD_REQUIRED},
    {"program_id", FT_INT, 0, 1, INT64_MAX, FIELD_REQUIRED},
    {"case_manager_id", FT_INT, 0, 1, INT64_MAX, FIELD_REQUIRED},
    {"licence_type", FT_LINE, 80, 0, 0, FIELD_REQUIRED},
    {"licence_number", FT_LINE, 40, 0, 0, FIELD_REQUIRED},
    {"licence_state", FT_LINE, 40, 0, 0, FIELD_REQUIRED},
    {"board", FT_LINE, MON_NAME_MAX, 0, 0, FIELD_REQUIRED},
    {"colour", FT_LINE, DRAW_COLOUR_MAX, 0, 0, 0},
    {"worksite_monitor", FT_LINE, 200, 0, 0, 0},
    {"treatment_provider", FT_LINE, 200, 0, 0, 0},
    {"household", FT_INT, 0, 1, 20, 0},
    {"income", FT_LINE, 20, 0, 0, 0},
    {"start_date", FT_DATE, 10, 0, 0, FIELD_REQUIRED},
    {"months", FT_INT, 0, 1, 120, FIELD_REQUIRED},
    {"terms", FT_TEXT, MON_TEXT_MAX, 0, 0, 0},
    {"username", FT_LINE, 64, 0, 0, 0},
    {"password", FT_LINE, 200, 0, 0, 0},
    {NULL},
};
static const struct field f_program[] = {
    {"name", FT_LINE, MON_NAME_MAX, 0, 0, FIELD_REQUIRED},
    {"board", FT_LINE, MON_NAME_MAX, 0, 0, FIELD_REQUIRED},
    {"checkin_from", FT_LINE, 5, 0, 0, FIELD_REQUIRED},
    {"checkin_to", FT_LINE, 5, 0, 0, FIELD_REQUIRED},
    {"test_by_earliest", FT_LINE, 5, 0, 0, FIELD_REQUIRED},
    {"test_by_latest", FT_LINE, 5, 0, 0, FIELD_REQUIRED},
    {"test_by_step", FT_INT, 0, 1, 720, 0},
    {"sites", FT_TEXT, MON_TEXT_MAX, 0, 0, FIELD_REQUIRED},
    {"report_grace_days", FT_INT, 0, 0, 60, 0},
    {"fee_tiers", FT_TEXT, 1000, 0, 0, FIELD_REQUIRED},
    {"poverty_base", FT_LINE, 20, 0, 0, FIELD_REQUIRED},
    {"poverty_per_person", FT_LINE, 20, 0, 0, FIELD_REQUIRED},
    {"test_fees", FT_TEXT, 1000, 0, 0, 0},
    {"phases", FT_TEXT, MON_TEXT_MAX, 0, 0, FIELD_REQUIRED},
    {NULL},
};
static const struct field f_liaison[] = {
    {"board", FT_LINE, MON_NAME_MAX, 0, 0, FIELD_REQUIRED},
    {NULL},
};
static const struct field f_rate_report[] = {
    {"program_id", FT_INT, 0, 1, INT64_MAX, 0},
    {"from", FT_DATE, 10, 0, 0, 0},
    {"to", FT_DATE, 10, 0, 0, 0},
    {NULL},
};
static const struct field f_seed[] = {
    {"program_id", FT_INT, 0, 1, INT64_MAX, FIELD_REQUIRED},
    {"day", FT_DATE, 10, 0, 0, FIELD_REQUIRED},
    {"seed", FT_TOKEN, 64, 0, 0, 0},
    {NULL},
};
static const struct field f_close[] = {
    {"day", FT_DATE, 10, 0, 0, FIELD_REQUIRED},
    {NULL},
};

static const struct route monitor_rows[] = {
    {"GET", "/checkin", h_checkin_page, R_PARTICIPANT, 0, NULL,
     "Today's check-in of the signed-in participant (GR-8)"},
    {"POST", "/checkin", h_checkin, R_PARTICIPANT, 0, f_none,
     "Check in: selected today (test by, where) or not, with a confirmation code (GR-8)"},
    {"GET", "/my-record", h_my_record, R_PARTICIPANT, 0, NULL,
     "The participant's own record: agreement, check-ins, tests, reports, compliance, fees"},
    {"GET", "/my-record/statement", h_statement, R_PARTICIPANT, RT_PAGE_ONLY, NULL,
     "The participant's printable statement of fees, invoices, payments and balance (GR-7)"},
    {"GET", "/my-record.csv", h_my_record_csv, R_PARTICIPANT, RT_PAGE_ONLY, NULL,
     "The participant's own compliance record as CSV, to keep (GR-10)"},
    {"POST", "/my-record/unavailability", h_my_unavail, R_PARTICIPANT, 0, f_unavail,
     "Ask not to be tested on some days (travel, illness) (GR-8)"},
    {"POST", "/my-record/meetings", h_meeting_add, R_PARTICIPANT, 0, f_meeting,
     "Report a mutual-help meeting attended (GR-6)"},
    {"GET", "/monitoring", h_monitoring, MON_STAFF, 0, NULL,
     "The monitoring caseload, what needs action first, and reports overdue (GR-6, GR-10)"},
    {"POST", "/monitoring/participants", h_enrol, ADMIN, 0, f_enrol,
     "Enrol a recoveree as a monitoring participant, with the agreement and a login (GR-6)"},
    {"GET", "/monitoring/participants/{id}", h_participant, MON_STAFF, 0, NULL,
     "A participant's record with its actions (GR-6..GR-10, GR-7)"},
    {"GET", "/monitoring/participants/{id}/statement", h_statement, MON_STAFF, RT_PAGE_ONLY, NULL,
     "A participant's printable statement of fees, invoices, payments and balance (GR-7)"},
    {"GET", "/monitoring/participants/{id}/record.csv", h_my_record_csv, MON_STAFF, RT_PAGE_ONLY,
     NULL, "A participant's compliance record as CSV"},
    {"POST", "/monitoring/participants/{id}/amend", h_amend, ADMIN, 0, f_amend,
     "Amend the agreement: a new version, the earlier kept (GR-6)"},
    {"POST", "/monitoring/participants/{id}/unavailability", h_my_unavail, MON_ACTORS, 0, f_unavail,
     "Record an unavailability request for a participant (GR-8)"},
    {"POST", "/monitoring/participants/{id}/meetings", h_meeting_add, MON_ACTORS, 0, f_meeting,
     "Record a mutual-help meeting for a participant (GR-6)"},
    {"POST", "/monitoring/participants/{id}/payments", h_payment_add, MON_ACTORS, 0, f_payment,
     "Record a payment (GR-7)"},
    {"POST", "/monitoring/participants/{id}/invoices", h_invoice_month, MON_ACTORS, 0, f_invoice,
     "Invoice a month: the sliding-scale fee and the month's testing fees (GR-7)"},
    {"POST", "/monitoring/tests/{id}", h_test_move, MON_ACTORS, 0, f_test,
     "Move a test on: collected, sent, resulted, verified, or excused (GR-9)"},
    {"POST", "/monitoring/violations/{id}/decide", h_violation_decide, MON_ACTORS, 0, f_decide,
     "Confirm or excuse a violation with a reason (GR-9)"},
    {"POST", "/monitoring/unavailability/{id}/decide", h_unavail_decide, MON_ACTORS, 0,
     f_unavail_decide, "Approve or decline an unavailability request with a reason (GR-8)"},
    {"POST", "/monitoring/reports/{id}/receive", h_report_receive, MON_ACTORS, 0, f_receive,
     "A report owed was received (GR-10)"},
    {"GET", "/monitoring/programs", h_programs, MON_STAFF, 0, NULL,
     "Monitoring programs with their phases and duties (GR-6)"},
    {"POST", "/monitoring/programs", h_program_create, ADMIN, 0, f_program,
     "Configure a monitoring program (GR-6, GR-7, GR-8)"},
    {"GET", "/monitoring/draws", h_draws, MON_STAFF, 0, NULL,
     "Each program's seed commitments, draws and seeds revealed after the day (GR-8)"},
    {"GET", "/monitoring/draws/report", h_rate_report, MON_STAFF, 0, f_rate_report,
     "Random tests achieved against target per participant, and their spread over weekdays and hours (GR-8)"},
    {"POST", "/monitoring/draws/seed", h_seed, ADMIN, 0, f_seed,
     "Commit a day's seed before the day (GR-8)"},
    {"POST", "/monitoring/close-day", h_close_day, ADMIN, 0, f_close,
     "Close a past day: missed check-ins and tests become violations (GR-8, GR-9)"},
    {"GET", "/board", h_board, R_BOARD | R_ADMIN, 0, NULL,
     "The board's view: compliant or non-compliant per participant and month (GR-6)"},
    {"POST", "/users/{id}/board", h_liaison_set, ADMIN, 0, f_liaison,
     "Set the licensing board a board liaison login speaks for (GR-6 minimum necessary)"},
    {"GET", "/board/participants/{id}", h_board_participant, R_BOARD | R_ADMIN, 0, NULL,
     "A participant's monthly detail for the board, only under consent, entered in the "
     "accounting of disclosures (GR-6, RC-3, RC-4)"},
};
const struct route_module rm_monitor = ROUTE_MODULE(monitor_rows);
