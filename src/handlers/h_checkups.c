/* h_checkups.c - recovery check-ups (SV-6): the due queue, the telephone-support queue and its
 * call form, a recoveree's check-ups and cadence, tasks, and the cards of My day. The rules
 * (who may, WF-1 for volunteers) are the operations' (ops_checkups.c); this file reads the
 * input and builds the view models. */
#include "handlers.h"

#include <string.h>

#include "civil.h"
#include "msg.h"
#include "opreply.h"
#include "ops_checkups.h"
#include "forms.h"
#include "recoverees.h"
#include "validate.h"

static const char *day_s(struct req *r, int32_t d)
{
    if (d < 0)
        return NULL;
    char *s = arena_alloc(r->a, 11);
    civil_format(d, s);
    return s;
}

static json_t *name_j(const char *first, const char *last)
{
    return json_sprintf("%s %s", first ? first : "", last ? last : "");
}

/* The catalog's words for a stored code: prefix.code, or the code when the catalog has none. */
static const char *label(struct req *r, const char *prefix, const char *code)
{
    if (!code)
        return NULL;
    const char *t = msg_find(req_lang(r), arena_printf(r->a, "%s.%s", prefix, code));
    return t ? t : code;
}

/* Where a check-up stands, in words: "Overdue by 3 days", "Due today", "Due in 5 days". */
static const char *state_words(struct req *r, const struct ck_standing *st)
{
    const char *lang = req_lang(r);
    switch (st->state) {
    case CK_OVERDUE: return msg_plural(r->a, lang, "ck.state.overdue", st->days, NULL);
    case CK_DUE_TODAY: return msg(lang, "ck.state.due_today");
    case CK_UPCOMING: return msg_plural(r->a, lang, "ck.state.upcoming", st->days, NULL);
    case CK_NOT_DUE: break;
    }
    return msg(lang, "ck.state.not_due");
}

static void standing_into(struct req *r, json_t *j, const struct ck_standing *st)
{
    jset_str(j, "next_due", day_s(r, st->next_due));
    jset_str(j, "state", ck_state_name(st->state));
    jset_int(j, "days", st->days);
    jset_str(j, "state_label", state_words(r, st));
    jset_bool(j, "overdue", st->state == CK_OVERDUE);
    jset_bool(j, "due_today", st->state == CK_DUE_TODAY);
}

static json_t *due_row_j(struct req *r, const struct ck_due_row *d, const struct ck_standing *st)
{
    json_t *j = json_object();
    jset_int(j, "id", d->id);
    jset(j, "name", name_j(d->first_name, d->last_name));
    jset_str(j, "preferred_name", d->preferred_name);
    jset_str(j, "status", d->status);
    jset_int(j, "peer_id", d->peer_id);
    jset_str(j, "peer_name", d->peer_name);
    jset_bool(j, "telephone", d->telephone);
    jset_str(j, "cadence", d->has_cadence ? d->cadence : "default");
    jset_str(j, "cadence_label", label(r, "ck.cadence", d->has_cadence ? d->cadence : "default"));
    jset_str(j, "last_checkup", d->last_done);
    standing_into(r, j, st);
    jset_str(j, "record_href", arena_printf(r->a, "/recoverees/%lld#checkup", (long long)d->id));
    return j;
}

/* The task's title in the reader's words (stored in English for the record). */
static const char *task_title(struct req *r, const struct task_row *t)
{
    if (t->source_outcome && t->source_done_on)
        return msg_fmt(r->a, req_lang(r),
                       arena_printf(r->a, "task.title.%s", t->source_outcome), "date",
                       t->source_done_on, NULL);
    return t->title;
}

static json_t *task_j(struct req *r, const struct task_row *t)
{
    json_t *j = json_object();
    int32_t due = civil_parse(t->due_date ? t->due_date : "");
    jset_int(j, "id", t->id);
    jset_str(j, "kind", t->kind);
    jset_str(j, "title", task_title(r, t));
    jset_int(j, "recoveree_id", t->recoveree_id);
    if (t->first_name)
        jset(j, "recoveree_name", name_j(t->first_name, t->last_name));
    jset_int(j, "owner_id", t->owner_id);
    jset_str(j, "owner_name", t->owner_name);
    jset_str(j, "due_date", t->due_date);
    jset_bool(j, "overdue", due >= 0 && due < req_today(r) && !strcmp(t->status, "open"));
    jset_str(j, "status", t->status);
    jset_str(j, "status_label", label(r, "task.status", t->status));
    jset_bool(j, "open", !strcmp(t->status, "open"));
    jset_str(j, "note", t->note);
    jset_int(j, "version", t->version);
    jset_int(j, "source_checkup_id", t->source_checkup_id);
    jset_str(j, "source_outcome", t->source_outcome);
    jset(j, "created", view_time(t->created_at));
    return j;
}

/* Choices [{value, label, selected}] for codes names[0..n) with words prefix.code; the
 * selected one is the value sent when the form is shown again, else def. */
static json_t *choices_j(struct req *r, const char *field, const char *const *names, int n,
                         const char *prefix, const char *def)
{
    const char *sel = form_value(r, field);
    if (!sel)
        sel = def;
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:s,s:s,s:b}", "value", names[i], "label",
                                           label(r, prefix, names[i]), "selected",
                                           sel && !strcmp(sel, names[i])));
    return a;
}

static const char *const outcome_codes[] = {"stable", "at_risk", "reintervention", "unreachable"};
static const char *const modality_codes[] = {"telephone", "text", "in_person", "video"};
static const char *const cadence_codes[] = {"default", "weekly", "biweekly", "monthly",
                                            "quarterly", "custom"};

/* The record form's choices and defaults (today, telephone), filled in again after a refusal. */
static void record_form_into(struct req *r, json_t *j, int modality_choice)
{
    jset_str(j, "today", day_s(r, req_today(r)));
    jset(j, "outcomes", choices_j(r, "outcome", outcome_codes, 4, "ck.outcome", NULL));
    if (modality_choice)
        jset(j, "modalities", choices_j(r, "modality", modality_codes, 4, "ck.modality",
                                        "telephone"));
}

/* ---- the recoveree's record ---- */

void recoveree_add_checkups(struct req *r, json_t *m, int64_t recoveree_id)
{
    json_t *rec = json_object_get(m, "recoveree");
    const char *status = json_string_value(json_object_get(rec, "status"));
    const char *intake = json_string_value(json_object_get(rec, "intake_date"));
    const char *status_date = json_string_value(json_object_get(rec, "status_date"));
    json_t *j = json_object();
    struct ck_cadence_row own;
    struct ck_history_row *h = NULL;
    int nh = 0;
    /* Two reads: the cadence and the history (whose first row is the last check-up). */
    int have = ck_cadence_get(r->db, r->a, r->me.org_id, recoveree_id, &own);
    if (have < 0 || ck_history(r->db, r->a, r->me.org_id, recoveree_id, 50, &h, &nh) != 0) {
        jset_str(j, "error", msg(req_lang(r), "ck.err_store"));
        jset(m, "checkups", j);
        return;
    }
    struct ck_standing st;
    ck_standing_from(have ? &own : NULL, status, intake, status_date, nh ? h[0].done_on : NULL,
                     &r->pol, req_today(r), &st);
    jset_int(j, "recoveree_id", recoveree_id);
    standing_into(r, j, &st);
    jset_bool(j, "own_cadence", have == 1);
    jset_str(j, "cadence", have ? own.cadence : "default");
    jset_str(j, "cadence_label", label(r, "ck.cadence", have ? own.cadence : "default"));
    jset_int(j, "every_days", st.every_days);
    jset_bool(j, "telephone", have && own.telephone);
    jset_int(j, "cadence_version", have ? own.version : 0);
    json_t *hist = json_array();
    for (int i = 0; i < nh; i++) {
        json_t *e = json_object();
        jset_int(e, "id", h[i].id);
        jset_str(e, "done_on", h[i].done_on);
        jset_str(e, "modality", h[i].modality);
        jset_str(e, "modality_label", label(r, "ck.modality", h[i].modality));
        jset_str(e, "outcome", h[i].outcome);
        jset_str(e, "outcome_label", label(r, "ck.outcome", h[i].outcome));
        jset_str(e, "note", h[i].note);
        jset_str(e, "by", h[i].by);
        jset_int(e, "task_id", h[i].task_id);
        json_array_append_new(hist, e);
    }
    jset(j, "history", hist);
    record_form_into(r, j, 1);
    const char *cur = form_value(r, "cadence");
    jset(j, "cadences", choices_j(r, "cadence", cadence_codes, 6, "ck.cadence",
                                  cur ? cur : have ? own.cadence : "default"));
    jset_bool(j, "can_record", json_is_true(json_object_get(m, "can_edit")));
    jset_str(j, "form_path", r->path);
    /* Another form of the recoveree's page came back refused (its _which names it): its note is
     * not this note, which keeps its place, empty, under another id. */
    const char *w = form_value(r, "_which");
    if (w && strcmp(w, "checkup") != 0 && strcmp(w, "cadence") != 0)
        jset_bool(j, "other_form", 1);
    jset(m, "checkups", j);
}

int h_ck_recoveree(struct req *r)
{
    struct recoveree x;
    if (rc_load(r, &x, "checkup.read") != 0)
        return 0;
    json_t *m = json_object();
    json_t *rec = rc_summary_j(&x);
    jset_str(rec, "status", x.status);
    jset_str(rec, "intake_date", x.intake_date);
    jset_str(rec, "status_date", x.status_date);
    jset(m, "recoveree", rec);
    rc_edit_flags(r, x.id, m);
    recoveree_add_checkups(r, m, x.id);
    jset_str(m, "title", msg(req_lang(r), "ck.record_title"));
    return reply_page(r, 200, "checkups_record.mustache", m);
}

int h_ck_record(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    struct ck_record_in in = {
        .recoveree_id = r->id,
        .done_on = req_str(r, "done_on"),
        .modality = req_str(r, "modality"),
        .outcome = req_str(r, "outcome"),
        .note = req_str(r, "note"),
    };
    /* The telephone-support queue's call form records telephone check-ups. */
    if (r->route && strstr(r->route->pattern, "/phone/") && !in.modality)
        in.modality = "telephone";
    struct ck_record_out out;
    if (op_checkup_record(&c, &in, &out, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    json_t *m = json_object();
    jset_int(m, "id", out.checkup_id);
    jset_str(m, "next_due", out.next_due[0] ? out.next_due : NULL);
    if (out.task_id) {
        json_t *t = json_object();
        jset_int(t, "id", out.task_id);
        jset_bool(t, "created", out.task_created);
        jset_str(t, "due_date", out.task_due);
        jset_str(t, "owner_name", out.owner_name);
        jset(m, "task", t);
    } else {
        jset(m, "task", json_null());
    }
    const char *back = strstr(r->route->pattern, "/phone/")
                           ? "/checkups/phone"
                           : arena_printf(r->a, "/recoverees/%lld#checkup", (long long)r->id);
    return reply_done(r, 201, back, m);
}

int h_ck_cadence(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    int64_t tel = 0;
    struct ck_cadence_in in = {
        .recoveree_id = r->id,
        .cadence = req_str(r, "cadence"),
        .starts_on = req_str(r, "starts_on"),
    };
    req_int(r, "every_days", &in.every_days);
    req_int(r, "version", &in.version);
    req_int(r, "telephone", &tel);
    in.telephone = tel != 0;
    if (op_cadence_set(&c, &in, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    json_t *m = json_object();
    jset_int(m, "version", res.version);
    return reply_done(r, 200, arena_printf(r->a, "/recoverees/%lld#checkup", (long long)r->id),
                      m);
}

/* ---- queues ---- */

int h_ck_queue(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    struct ck_due_in in = {0};
    req_int(r, "peer_id", &in.peer_id);
    struct ck_due_row *rows;
    struct ck_standing *st;
    int n;
    if (op_checkups_due(&c, &in, &rows, &st, &n, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    if (req_audit_read(r, "checkup.queue", "recoveree", 0, NULL) != 0)
        return 0;
    json_t *m = json_object(), *overdue = json_array(), *today = json_array(),
           *peers = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(st[i].state == CK_OVERDUE ? overdue : today,
                              due_row_j(r, &rows[i], &st[i]));
    /* The filter offers the peers the queue shows (for supervisors and administrators). */
    int leads = r->me.role == ROLE_ADMIN || r->me.role == ROLE_SUPERVISOR;
    if (leads && !in.peer_id) {
        json_t *seen = json_object();
        for (int i = 0; i < n; i++) {
            if (!rows[i].peer_id)
                continue;
            const char *k = arena_printf(r->a, "%lld", (long long)rows[i].peer_id);
            if (json_object_get(seen, k))
                continue;
            json_object_set_new(seen, k, json_true());
            json_array_append_new(peers, json_pack("{s:I,s:s?}", "id",
                                                   (json_int_t)rows[i].peer_id, "name",
                                                   rows[i].peer_name));
        }
        json_decref(seen);
    }
    jset(m, "overdue", overdue);
    jset(m, "due_today", today);
    jset_int(m, "count", n);
    jset_bool(m, "can_filter", leads);
    jset(m, "peers", peers);
    jset_int(m, "peer_id", in.peer_id);
    jset_str(m, "title", msg(req_lang(r), "ck.queue_title"));
    return reply_page(r, 200, "checkups.mustache", m);
}

static json_t *phone_j(struct req *r, const struct ck_phone_row *p)
{
    json_t *j = json_object();
    jset_int(j, "id", p->id);
    jset(j, "name", name_j(p->first_name, p->last_name));
    jset_str(j, "preferred_name", p->preferred_name);
    jset_str(j, "phone", p->phone);
    jset_str(j, "contact_pref", p->contact_pref);
    jset_str(j, "contact_pref_label", label(r, "intake.contact", p->contact_pref));
    jset_str(j, "last_checkup", p->last_done);
    struct ck_standing st = {.next_due = civil_parse(p->next_due ? p->next_due : "")};
    st.state = ck_state_of(st.next_due, req_today(r), &st.days);
    standing_into(r, j, &st);
    jset_bool(j, "in_reach", p->in_reach);
    return j;
}

int h_ck_phone(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    struct ck_phone_row *rows;
    int n;
    if (op_phone_queue(&c, &rows, &n, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    if (req_audit_read(r, "checkup.phone_queue", "recoveree", 0, NULL) != 0)
        return 0;
    json_t *m = json_object(), *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, phone_j(r, &rows[i]));
    jset(m, "queue", a);
    jset_int(m, "count", n);
    jset_str(m, "title", msg(req_lang(r), "ck.phone_title"));
    return reply_page(r, 200, "checkups_phone.mustache", m);
}

int h_ck_phone_one(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    struct ck_phone_row p;
    if (op_phone_one(&c, r->id, &p, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    if (req_audit_read(r, "checkup.phone_read", "recoveree", r->id, NULL) != 0)
        return 0;
    json_t *m = json_object();
    jset(m, "person", phone_j(r, &p));
    record_form_into(r, m, 0);
    jset_str(m, "title", msg(req_lang(r), "ck.phone_call_title"));
    return reply_page(r, 200, "checkups_phone_one.mustache", m);
}

/* ---- tasks ---- */

int h_tasks(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    const char *status = req_str(r, "status");
    struct task_row *t;
    int n;
    if (op_tasks_list(&c, status, &t, &n, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    if (req_audit_read(r, "task.list", "task", 0, status) != 0)
        return 0;
    json_t *m = json_object(), *a = json_array();
    int leads = r->me.role == ROLE_ADMIN || r->me.role == ROLE_SUPERVISOR;
    /* Each open task's three forms, named by _which (doneID, cancelID, reID): a refused one
     * comes back with what was typed and its message beside the field (forms.h). */
    static const char *const done_names[] = {"note", NULL};
    static const char *const cancel_names[] = {"reason", NULL};
    static const char *const owner_names[] = {"owner_id", NULL};
    for (int i = 0; i < n; i++) {
        json_t *j = task_j(r, &t[i]);
        jset_bool(j, "can_reassign", leads);
        if (!r->api) {
            long long id = (long long)t[i].id;
            jset(j, "f_done", form_part(r, arena_printf(r->a, "done%lld", id),
                                        arena_printf(r->a, "done%lld-", id), done_names, NULL));
            jset(j, "f_cancel",
                 form_part(r, arena_printf(r->a, "cancel%lld", id),
                           arena_printf(r->a, "cancel%lld-", id), cancel_names, NULL));
            jset(j, "f_owner", form_part(r, arena_printf(r->a, "re%lld", id),
                                         arena_printf(r->a, "re%lld-", id), owner_names, NULL));
        }
        json_array_append_new(a, j);
    }
    jset(m, "tasks", a);
    jset_int(m, "count", n);
    jset_str(m, "status", status ? status : "open");
    static const char *const states[] = {"open", "done", "cancelled"};
    jset(m, "statuses", choices_j(r, "status", states, 3, "task.status", status ? status : "open"));
    jset_bool(m, "team", r->me.role == ROLE_SUPERVISOR);
    jset_str(m, "title", msg(req_lang(r), r->me.role == ROLE_SUPERVISOR ? "task.title_team"
                                                                       : "task.title_mine"));
    return reply_page(r, 200, "tasks.mustache", m);
}

static int task_change(struct req *r, enum ck_task_change what)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    struct ck_task_in in = {.task_id = r->id,
                            .note = req_str(r, what == CKT_CANCEL ? "reason" : "note")};
    req_int(r, "version", &in.version);
    req_int(r, "owner_id", &in.owner_id);
    if (op_task_change(&c, what, &in, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    json_t *m = json_object();
    jset_int(m, "id", res.id);
    jset_int(m, "version", res.version);
    return reply_done(r, 200, "/tasks", m);
}

int h_task_done(struct req *r)
{
    return task_change(r, CKT_DONE);
}

int h_task_cancel(struct req *r)
{
    return task_change(r, CKT_CANCEL);
}

int h_task_reassign(struct req *r)
{
    return task_change(r, CKT_REASSIGN);
}

/* ---- My day ---- */

void myday_add_checkups(struct req *r, json_t *m)
{
    struct op_ctx c;
    op_ctx_from_req(r, &c);
    struct rc_scope sc;
    rc_scope_of(r, &sc);
    struct ck_due_query q;
    ck_due_query_for(&c, &sc, 0, 0, &q);
    q.limit = 100; /* a day's work; the queue page has the rest */
    struct task_query tq = {.status = "open", .owner_id = r->me.user_id, .today = q.today,
                            .limit = 100};
    struct ck_due_row *rows;
    struct task_row *t;
    int n, nt;
    json_t *due = json_array(), *open = json_array();
    if (ck_myday(r->db, r->a, r->me.org_id, &q, &tq, &rows, &n, &t, &nt) == 0) {
        struct ck_standing *st = arena_alloc(r->a, sizeof *st * (size_t)(n > 0 ? n : 1));
        for (int i = 0; i < n; i++)
            ck_standing_of(&rows[i], &r->pol, req_today(r), &st[i]);
        ck_sort_due(rows, st, n);
        for (int i = 0; i < n; i++)
            json_array_append_new(due, due_row_j(r, &rows[i], &st[i]));
        for (int i = 0; i < nt; i++)
            json_array_append_new(open, task_j(r, &t[i]));
    } else {
        jset_str(m, "checkups_error", msg(req_lang(r), "ck.err_store"));
    }
    jset(m, "checkups_due", due);
    jset(m, "tasks_open", open);
}

void myday_add_team_checkups(struct req *r, json_t *m)
{
    struct op_ctx c;
    op_ctx_from_req(r, &c);
    struct rc_scope sc;
    rc_scope_of(r, &sc);
    struct ck_due_query q;
    ck_due_query_for(&c, &sc, 1, 0, &q);
    struct ck_due_row *rows;
    int n;
    json_t *team = json_object(), *peers = json_array();
    if (ck_due(r->db, r->a, r->me.org_id, &q, &rows, &n) != 0) {
        jset_str(team, "error", msg(req_lang(r), "ck.err_store"));
        n = 0;
    }
    struct ck_standing *st = arena_alloc(r->a, sizeof *st * (size_t)(n > 0 ? n : 1));
    for (int i = 0; i < n; i++)
        ck_standing_of(&rows[i], &r->pol, req_today(r), &st[i]);
    ck_sort_due(rows, st, n);
    /* Grouped by peer in the order each first appears (the most overdue peer first). */
    json_t *by = json_object();
    for (int i = 0; i < n; i++) {
        const char *k = arena_printf(r->a, "%lld", (long long)rows[i].peer_id);
        json_t *g = json_object_get(by, k);
        if (!g) {
            g = json_object();
            jset_int(g, "peer_id", rows[i].peer_id);
            jset_str(g, "peer_name", rows[i].peer_name ? rows[i].peer_name
                                                       : msg(req_lang(r), "ck.no_peer"));
            jset(g, "items", json_array());
            jset_str(g, "queue_href", rows[i].peer_id
                                          ? arena_printf(r->a, "/checkups?peer_id=%lld",
                                                         (long long)rows[i].peer_id)
                                          : "/checkups");
            json_object_set(by, k, g);
            json_array_append_new(peers, g);
        }
        json_array_append_new(json_object_get(g, "items"), due_row_j(r, &rows[i], &st[i]));
    }
    size_t i;
    json_t *g;
    json_array_foreach(peers, i, g)
    {
        size_t cnt = json_array_size(json_object_get(g, "items"));
        jset_int(g, "count", (int64_t)cnt);
        jset_str(g, "count_label",
                 msg_plural(r->a, req_lang(r), "ck.team_count", (long long)cnt, NULL));
    }
    json_decref(by);
    jset_int(team, "total", n);
    jset(team, "peers", peers);
    jset(m, "team_checkups", team);
}

/* ---- routes ---- */

static const struct field f_queue[] = {
    {"peer_id", FT_INT, 0, 1, INT64_MAX, 0},
    {NULL},
};
static const struct field f_record[] = {
    {"done_on", FT_DATE, 10, 0, 0, 0},
    {"modality", FT_TOKEN, 16, 0, 0, FIELD_REQUIRED},
    {"outcome", FT_TOKEN, 16, 0, 0, FIELD_REQUIRED},
    {"note", FT_TEXT, CK_NOTE_MAX, 0, 0, 0},
    {NULL},
};
static const struct field f_phone_record[] = {
    {"done_on", FT_DATE, 10, 0, 0, 0},
    {"modality", FT_TOKEN, 16, 0, 0, 0},
    {"outcome", FT_TOKEN, 16, 0, 0, FIELD_REQUIRED},
    {"note", FT_TEXT, CK_NOTE_MAX, 0, 0, 0},
    {NULL},
};
static const struct field f_cadence[] = {
    {"cadence", FT_TOKEN, 16, 0, 0, FIELD_REQUIRED},
    {"every_days", FT_INT, 0, 1, CK_CUSTOM_MAX_DAYS, 0},
    {"telephone", FT_BOOL, 0, 0, 1, 0},
    {"starts_on", FT_DATE, 10, 0, 0, 0},
    {"version", FT_INT, 0, 0, INT64_MAX, 0},
    {NULL},
};
static const struct field f_tasks[] = {
    {"status", FT_TOKEN, 16, 0, 0, 0},
    {NULL},
};
static const struct field f_task_done[] = {
    {"note", FT_TEXT, CK_NOTE_MAX, 0, 0, FIELD_REQUIRED},
    {"version", FT_INT, 0, 1, INT64_MAX, FIELD_REQUIRED},
    {NULL},
};
static const struct field f_task_cancel[] = {
    {"reason", FT_TEXT, CK_NOTE_MAX, 0, 0, FIELD_REQUIRED},
    {"version", FT_INT, 0, 1, INT64_MAX, FIELD_REQUIRED},
    {NULL},
};
static const struct field f_task_reassign[] = {
    {"owner_id", FT_INT, 0, 1, INT64_MAX, FIELD_REQUIRED},
    {"version", FT_INT, 0, 1, INT64_MAX, FIELD_REQUIRED},
    {NULL},
};

static const struct route checkups_rows[] = {
    {"GET", "/checkups", h_ck_queue, RC_STAFF, 0, f_queue,
     "Check-ups due today and overdue (SV-6)"},
    {"GET", "/checkups/phone", h_ck_phone, RC_STAFF, 0, NULL,
     "The telephone-support queue (SV-6, WF-1)"},
    {"GET", "/checkups/phone/{id}", h_ck_phone_one, RC_STAFF, 0, NULL,
     "One call of the telephone-support queue"},
    {"POST", "/checkups/phone/{id}", h_ck_record, RC_STAFF, 0, f_phone_record,
     "Record a telephone check-up from the queue"},
    {"GET", "/recoverees/{id}/checkups", h_ck_recoveree, RC_STAFF, 0, NULL,
     "A recoveree's check-ups and cadence"},
    {"POST", "/recoverees/{id}/checkups", h_ck_record, RC_STAFF, 0, f_record,
     "Record a check-up (SV-6)"},
    {"POST", "/recoverees/{id}/checkup-cadence", h_ck_cadence, RC_STAFF, 0, f_cadence,
     "Set a recoveree's check-up cadence"},
    {"GET", "/tasks", h_tasks, RC_STAFF, 0, f_tasks, "Re-intervention tasks: mine, or my team's"},
    {"POST", "/tasks/{id}/done", h_task_done, RC_STAFF, 0, f_task_done, "Mark a task done"},
    {"POST", "/tasks/{id}/cancel", h_task_cancel, RC_STAFF, 0, f_task_cancel, "Cancel a task"},
    {"POST", "/tasks/{id}/reassign", h_task_reassign, STAFF_READERS, 0, f_task_reassign,
     "Give a task to someone else"},
};
const struct route_module rm_checkups = ROUTE_MODULE(checkups_rows);
