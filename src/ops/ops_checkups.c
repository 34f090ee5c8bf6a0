/* ops_checkups.c - recovery check-ups and their tasks (ops_checkups.h, SPEC SV-6, WF-1). */
#include "ops_checkups.h"

#include <string.h>

#include "accounts.h"
#include "civil.h"
#include "msg.h"
#include "ops_reach.h"
#include "workforce_store.h"

/* Which of the rules of ops_checkups.h the actor works under. */
enum ck_who {
    CKW_LEAD,      /* supervisor or administrator: their RC_SCOPE */
    CKW_PEER,      /* a peer with a caseload (Level 2 or 3) */
    CKW_VOLUNTEER, /* a Level 1 Peer Volunteer: the telephone-support queue only (WF-1) */
};

static const char *day_s(struct op_ctx *c, int32_t day)
{
    char *s = arena_alloc(c->a, 11);
    civil_format(day, s);
    return s;
}

static const char *m(struct op_ctx *c, const char *id)
{
    return msg(c->lang, id);
}

/* Who the actor is for check-ups. A peer must be allowed low-intensity services today (WF-5
 * an active supervisor, WF-1 a level and its training): a check-up is one. OP_OK with *who,
 * else res says why. */
static enum op_status who_of(struct op_ctx *c, enum ck_who *who, struct op_result *res)
{
    if (c->who.role == ROLE_ADMIN || c->who.role == ROLE_SUPERVISOR) {
        *who = CKW_LEAD;
        return op_ok(res, 0, 0);
    }
    if (c->who.role != ROLE_PEER)
        return op_forbidden(res, NULL, m(c, "ck.err_role"));
    struct wf_record rec;
    int rc = wf_load(c->db, c->a, c->who.org_id, c->who.user_id, &rec);
    if (rc < 0)
        return op_store(res, m(c, "ck.err_workforce"));
    struct wf_decision d;
    if (rc == 0 || !rec.prof.has_profile)
        return op_refused(res, "WF-1", NULL, m(c, "ck.err_no_profile"));
    wf_decide(&rec.person, c->pol, c->today, WF_DELIVER_LOW, &d);
    if (!d.allowed)
        return op_refused(res, d.rule, NULL, op_said(c, &d.text, d.message));
    /* WF-1: the level the organization assigned, not a lapse's drop (WF-4), decides who has
     * no assigned recoverees. */
    *who = rec.prof.level == WF_L1 ? CKW_VOLUNTEER : CKW_PEER;
    return op_ok(res, 0, 0);
}

/* WF-1: what a volunteer may not do, refused in words that say what they may. */
static enum op_status volunteer_refused(struct op_ctx *c, struct op_result *res)
{
    return op_refused(res, "WF-1", NULL, m(c, "ck.err_volunteer"));
}

static int32_t day_of(const char *s)
{
    return s ? civil_parse(s) : -1;
}

void ck_standing_from(const struct ck_cadence_row *own, const char *status, const char *intake,
                      const char *status_date, const char *last_done, const struct policy *pol,
                      int32_t today, struct ck_standing *out)
{
    memset(out, 0, sizeof *out);
    out->next_due = -1;
    int closed = !status || (strcmp(status, "active") && strcmp(status, "discharged"));
    if (own) {
        out->own = 1;
        out->cadence = own->cadence;
        out->every_days = (int)own->every_days;
        out->telephone = own->telephone;
        out->next_due = closed ? -1 : day_of(own->next_due);
    } else {
        int32_t start;
        if (ck_default_cadence(status, day_of(intake), day_of(status_date), pol,
                               &out->every_days, &start))
            out->next_due = ck_next_due(CK_CUSTOM, out->every_days, start, day_of(last_done));
    }
    out->state = ck_state_of(out->next_due, today, &out->days);
}

void ck_standing_of(const struct ck_due_row *row, const struct policy *pol, int32_t today,
                    struct ck_standing *out)
{
    struct ck_cadence_row own = {.cadence = row->cadence, .next_due = row->next_due,
                                 .every_days = row->every_days, .telephone = row->telephone};
    ck_standing_from(row->has_cadence ? &own : NULL, row->status, row->intake_date,
                     row->status_date, row->last_done, pol, today, out);
}

/* ---- recording a check-up ---- */

/* Every wrong field of in at once, into res (OP_INVALID); *done the check-up's day. */
static enum op_status record_valid(struct op_ctx *c, const struct ck_record_in *in, int32_t *done,
                                   struct op_result *res)
{
    struct op_field_error *e = arena_alloc(c->a, sizeof *e * 4);
    size_t n = 0;
    *done = in->done_on ? civil_parse(in->done_on) : c->today;
    if (*done < 0)
        e[n++] = (struct op_field_error){"done_on", "invalid", m(c, "ck.err_date")};
    else if (*done > c->today)
        e[n++] = (struct op_field_error){"done_on", "future", m(c, "ck.err_future")};
    if (ck_modality_parse(in->modality) < 0)
        e[n++] = (struct op_field_error){"modality", in->modality ? "invalid" : "required",
                                         m(c, "ck.err_modality")};
    if (ck_outcome_parse(in->outcome) < 0)
        e[n++] = (struct op_field_error){"outcome", in->outcome ? "invalid" : "required",
                                         m(c, "ck.err_outcome")};
    if (in->note && strlen(in->note) > CK_NOTE_MAX)
        e[n++] = (struct op_field_error){"note", "too_long", m(c, "ck.err_note_long")};
    if (!n)
        return op_ok(res, 0, 0);
    op_fail(res, OP_INVALID, e[0].code, NULL, e[0].field, e[0].message);
    if (n > 1) {
        res->errors = e;
        res->nerrors = n;
    }
    return OP_INVALID;
}

/* Who owns a re-intervention task for recoveree rid (SV-6): their first active peer, else the
 * recorder's supervisor when a peer records, else the recorder. */
static int task_owner(struct op_ctx *c, int64_t rid, int64_t *owner)
{
    const char *today = day_s(c, c->today);
    if (ck_owner_peer(c->db, c->who.org_id, rid, today, owner) != 0)
        return -1;
    if (!*owner && c->who.role == ROLE_PEER &&
        ck_supervisor_of(c->db, c->who.org_id, c->who.user_id, today, owner) != 0)
        return -1;
    if (!*owner)
        *owner = c->who.user_id;
    return 0;
}

/* Make or reuse the task the outcome calls for. 0, or -1 (store). */
static int make_task(struct op_ctx *c, int64_t rid, int64_t checkup_id, enum ck_outcome o,
                     int32_t done, const struct ck_task_rule *t, struct ck_record_out *out)
{
    int32_t due = c->today + t->due_days;
    civil_format(due, out->task_due);
    int64_t open_id;
    const char *open_due;
    int have = task_open_for(c->db, c->a, c->who.org_id, rid, &open_id, &open_due);
    if (have < 0)
        return -1;
    if (have) {
        /* One open re-intervention per recoveree: the new need makes it sooner, not a copy. */
        if (task_due_earlier(c->db, c->who.org_id, open_id, out->task_due) != DB_OK)
            return -1;
        if (day_of(open_due) >= 0 && day_of(open_due) < due)
            civil_format(day_of(open_due), out->task_due);
        out->task_id = open_id;
    } else {
        int64_t owner;
        if (task_owner(c, rid, &owner) != 0)
            return -1;
        /* Stored in English for the record; pages word it from the catalog by outcome. */
        const char *title =
            msg_fmt(c->a, "en", arena_printf(c->a, "task.title.%s", ck_outcome_name(o)), "date",
                    day_s(c, done), NULL);
        if (task_insert(c->db, c->who.org_id, rid, "reintervention", title, owner, out->task_due,
                        checkup_id, c->who.user_id, c->now, &out->task_id) != DB_OK)
            return -1;
        out->task_created = 1;
        struct user u;
        if (user_by_id(c->db, c->a, c->who.org_id, owner, &u) == 1)
            out->owner_name = u.display_name;
        if (op_audit(c, "task.create", "task", out->task_id,
                     arena_printf(c->a, "recoveree:%lld", (long long)rid), "ok") != 0)
            return -1;
    }
    return ck_set_task(c->db, c->who.org_id, checkup_id, out->task_id) == DB_OK ? 0 : -1;
}

/* Move the stored next due date (a cadence of their own) after a check-up on done; fill
 * out->next_due from whichever cadence applies. 0 or -1. */
static int move_next_due(struct op_ctx *c, const char *status, const char *intake,
                         const char *status_date, int64_t rid, struct ck_record_out *out)
{
    struct ck_cadence_row own;
    int have = ck_cadence_get(c->db, c->a, c->who.org_id, rid, &own);
    const char *last;
    if (have < 0 || ck_last_done(c->db, c->a, c->who.org_id, rid, &last) != 0)
        return -1;
    if (have) {
        int cad = ck_cadence_parse(own.cadence);
        enum ck_cadence k = cad < 0 ? CK_CUSTOM : (enum ck_cadence)cad;
        /* Counted from the later of what the stored date was counted from (the start, or the
         * last check-up) and the latest check-up: a back-dated one moves nothing. */
        int32_t base = ck_before(k, (int)own.every_days, day_of(own.next_due));
        int32_t next = ck_next_due(k, (int)own.every_days, base, day_of(last));
        if (next >= 0) {
            civil_format(next, out->next_due);
            if (strcmp(out->next_due, own.next_due) &&
                ck_cadence_move(c->db, c->who.org_id, rid, out->next_due) != DB_OK)
                return -1;
        }
        return 0;
    }
    struct ck_standing st;
    ck_standing_from(NULL, status, intake, status_date, last, c->pol, c->today, &st);
    if (st.next_due >= 0)
        civil_format(st.next_due, out->next_due);
    return 0;
}

enum op_status op_checkup_record(struct op_ctx *c, const struct ck_record_in *in,
                                 struct ck_record_out *out, struct op_result *res)
{
    memset(out, 0, sizeof *out);
    enum ck_who who;
    if (who_of(c, &who, res) != OP_OK)
        return op_audit_refusal(c, res, "checkup.record", "recoveree", in->recoveree_id);
    if (op_begin(c, res) != OP_OK)
        return res->status;
    /* The record first, so that one out of reach is 404 whatever was sent (no existence leak
     * through a 400): the caseload (a volunteer has none), then the telephone-support queue. */
    struct recoveree x = {0};
    int found = 0, from_queue = 0;
    if (who != CKW_VOLUNTEER) {
        struct rc_scope sc;
        op_rc_scope(c, 1, &sc);
        found = rc_get(c->db, c->a, c->who.org_id, in->recoveree_id, &sc, &x);
    }
    if (found == 0) {
        struct ck_phone_row p;
        found = ck_phone_one(c->db, c->a, c->who.org_id, in->recoveree_id, &p);
        if (found == 1) {
            /* A flagged recoveree has a cadence of their own, so only the id is needed. */
            from_queue = 1;
            x.id = p.id;
            x.status = "active";
        }
    }
    if (found < 0) {
        op_store(res, NULL);
        return op_end(c, res);
    }
    if (!found) {
        op_not_found(res, m(c, "ck.err_not_found"));
        op_end(c, res);
        return op_rc_denied(c, res, in->recoveree_id, "checkup.record");
    }
    int32_t done;
    if (record_valid(c, in, &done, res) != OP_OK)
        return op_end(c, res);
    if (from_queue && strcmp(in->modality, "telephone") != 0) {
        /* WF-1: from the queue, a telephone check-up and nothing else of the record. */
        if (who == CKW_VOLUNTEER)
            op_fail(res, OP_REFUSED, NULL, "WF-1", "modality", m(c, "ck.err_phone_only"));
        else
            op_not_found(res, m(c, "ck.err_not_found"));
        op_end(c, res);
        return res->status == OP_NOT_FOUND
                   ? op_rc_denied(c, res, in->recoveree_id, "checkup.record")
                   : op_audit_refusal(c, res, "checkup.record", "recoveree", in->recoveree_id);
    }
    const char *done_s = day_s(c, done);
    if (ck_insert(c->db, c->who.org_id, x.id, done_s, c->now, c->who.user_id, in->modality,
                  in->outcome, in->note, &out->checkup_id) != DB_OK ||
        move_next_due(c, x.status, x.intake_date, x.status_date, x.id, out) != 0) {
        op_store(res, NULL);
        return op_end(c, res);
    }
    enum ck_outcome o = (enum ck_outcome)ck_outcome_parse(in->outcome);
    int run = 0;
    if (o == CK_UNREACHABLE &&
        ck_unreachable_run(c->db, c->who.org_id, x.id,
                           (int)c->pol->v[POL_CHECKUP_UNREACHABLE_TIMES], &run) != 0) {
        op_store(res, NULL);
        return op_end(c, res);
    }
    struct ck_task_rule t;
    ck_task_for(o, run, c->pol, &t);
    if ((t.create && make_task(c, x.id, out->checkup_id, o, done, &t, out) != 0) ||
        op_audit(c, "checkup.record", "recoveree", x.id, in->outcome, "ok") != 0) {
        op_store(res, NULL);
        return op_end(c, res);
    }
    op_ok(res, out->checkup_id, 0);
    return op_end(c, res);
}

/* ---- cadence ---- */

enum op_status op_cadence_set(struct op_ctx *c, const struct ck_cadence_in *in,
                              struct op_result *res)
{
    enum ck_who who;
    if (who_of(c, &who, res) != OP_OK ||
        (who == CKW_VOLUNTEER && volunteer_refused(c, res) != OP_OK))
        return op_audit_refusal(c, res, "checkup.cadence", "recoveree", in->recoveree_id);
    if (op_begin(c, res) != OP_OK)
        return res->status;
    /* The record first: one out of reach is 404 whatever was sent. */
    struct recoveree x;
    if (op_rc_for_write(c, in->recoveree_id, &x, res) != OP_OK) {
        op_end(c, res);
        return op_rc_denied(c, res, in->recoveree_id, "checkup.cadence");
    }
    int to_default = in->cadence && !strcmp(in->cadence, "default");
    int cad = ck_cadence_parse(in->cadence);
    int every = to_default || cad < 0 ? 0 : ck_cadence_days((enum ck_cadence)cad,
                                                            (int)in->every_days);
    int32_t start = in->starts_on ? civil_parse(in->starts_on) : c->today;
    if (!to_default && cad < 0)
        op_invalid(res, "cadence", m(c, "ck.err_cadence"));
    else if (!to_default && every < 0)
        op_invalid(res, "every_days", m(c, "ck.err_every_days"));
    else if (start < 0)
        op_invalid(res, "starts_on", m(c, "ck.err_date"));
    if (res->status != OP_OK)
        return op_end(c, res);
    struct ck_cadence_row own;
    const char *last;
    int have = ck_cadence_get(c->db, c->a, c->who.org_id, x.id, &own);
    if (have < 0 || ck_last_done(c->db, c->a, c->who.org_id, x.id, &last) != 0) {
        op_store(res, NULL);
        return op_end(c, res);
    }
    int64_t version = in->version ? in->version : have ? own.version : 0;
    int rc = 1;
    int64_t new_version = 0;
    if (to_default) {
        if (have)
            rc = ck_cadence_delete(c->db, c->who.org_id, x.id, version);
    } else {
        const char *next = day_s(c, ck_next_due((enum ck_cadence)cad, every, start, day_of(last)));
        const char *name = ck_cadence_name((enum ck_cadence)cad);
        if (have) {
            rc = ck_cadence_update(c->db, c->who.org_id, x.id, name, every, in->telephone, next,
                                   c->who.user_id, c->now, version);
            new_version = version + 1;
        } else {
            rc = ck_cadence_insert(c->db, c->who.org_id, x.id, name, every, in->telephone, next,
                                   c->who.user_id, c->now) == DB_OK
                     ? 1
                     : -1;
            new_version = 1;
        }
    }
    if (rc == 0)
        op_fail(res, OP_CONFLICT, "stale", NULL, "version", m(c, "ck.err_stale_cadence"));
    else if (rc < 0 ||
             op_audit(c, "checkup.cadence", "recoveree", x.id,
                      to_default ? "default" : ck_cadence_name((enum ck_cadence)cad), "ok") != 0)
        op_store(res, NULL);
    else
        op_ok(res, x.id, new_version);
    return op_end(c, res);
}

/* ---- queues ---- */

/* Does row a come after row b: by due day (overdue first, the oldest first), then last name
 * and id. */
static int after(const struct ck_due_row *ra, const struct ck_standing *sa,
                 const struct ck_due_row *rb, const struct ck_standing *sb)
{
    if (sa->next_due != sb->next_due)
        return sa->next_due > sb->next_due;
    int k = strcmp(ra->last_name ? ra->last_name : "", rb->last_name ? rb->last_name : "");
    return k ? k > 0 : ra->id > rb->id;
}

/* Sort rows[0..n) and their standings together: an insertion sort, enough for a queue of at
 * most 500 rows, and free of the shared state a qsort comparator would need. */
void ck_sort_due(struct ck_due_row *rows, struct ck_standing *st, int n)
{
    for (int i = 1; i < n; i++) {
        struct ck_due_row r = rows[i];
        struct ck_standing s = st[i];
        int j = i - 1;
        while (j >= 0 && after(&rows[j], &st[j], &r, &s)) {
            rows[j + 1] = rows[j];
            st[j + 1] = st[j];
            j--;
        }
        rows[j + 1] = r;
        st[j + 1] = s;
    }
}

void ck_due_query_for(struct op_ctx *c, const struct rc_scope *sc, int overdue_only,
                      int64_t peer_id, struct ck_due_query *q)
{
    int32_t due_by = c->today - (overdue_only ? 1 : 0);
    *q = (struct ck_due_query){
        .scope = sc,
        .peer_id = peer_id,
        .today = day_s(c, c->today),
        .due_by = day_s(c, due_by),
        .cut_active = day_s(c, due_by - (int32_t)c->pol->v[POL_CHECKUP_DAYS_ACTIVE]),
        .cut_discharged = day_s(c, due_by - (int32_t)c->pol->v[POL_CHECKUP_DAYS_DISCHARGED]),
        .limit = 500,
    };
}

enum op_status op_checkups_due(struct op_ctx *c, const struct ck_due_in *in,
                               struct ck_due_row **rows, struct ck_standing **standing, int *n,
                               struct op_result *res)
{
    *rows = NULL;
    *standing = NULL;
    *n = 0;
    enum ck_who who;
    if (who_of(c, &who, res) != OP_OK)
        return res->status;
    if (who == CKW_VOLUNTEER)
        return volunteer_refused(c, res);
    struct rc_scope sc;
    op_rc_scope(c, 1, &sc);
    struct ck_due_query q;
    ck_due_query_for(c, &sc, in->overdue_only, who == CKW_LEAD ? in->peer_id : 0, &q);
    if (ck_due(c->db, c->a, c->who.org_id, &q, rows, n) != 0)
        return op_store(res, m(c, "ck.err_store"));
    *standing = arena_alloc(c->a, sizeof **standing * (size_t)(*n > 0 ? *n : 1));
    for (int i = 0; i < *n; i++)
        ck_standing_of(&(*rows)[i], c->pol, c->today, &(*standing)[i]);
    ck_sort_due(*rows, *standing, *n);
    return op_ok(res, 0, 0);
}

enum op_status op_phone_queue(struct op_ctx *c, struct ck_phone_row **rows, int *n,
                              struct op_result *res)
{
    *rows = NULL;
    *n = 0;
    enum ck_who who;
    if (who_of(c, &who, res) != OP_OK)
        return res->status;
    struct rc_scope sc;
    op_rc_scope(c, 1, &sc);
    if (ck_phone_queue(c->db, c->a, c->who.org_id, &sc, 500, rows, n) != 0)
        return op_store(res, m(c, "ck.err_store"));
    return op_ok(res, 0, 0);
}

enum op_status op_phone_one(struct op_ctx *c, int64_t recoveree_id, struct ck_phone_row *out,
                            struct op_result *res)
{
    enum ck_who who;
    if (who_of(c, &who, res) != OP_OK)
        return res->status;
    int rc = ck_phone_one(c->db, c->a, c->who.org_id, recoveree_id, out);
    if (rc < 0)
        return op_store(res, m(c, "ck.err_store"));
    if (rc == 0)
        return op_not_found(res, m(c, "ck.err_not_on_queue"));
    return op_ok(res, recoveree_id, 0);
}

/* ---- tasks ---- */

enum op_status op_tasks_list(struct op_ctx *c, const char *status, struct task_row **rows, int *n,
                             struct op_result *res)
{
    *rows = NULL;
    *n = 0;
    if (status && strcmp(status, "open") && strcmp(status, "done") && strcmp(status, "cancelled"))
        return op_invalid(res, "status", m(c, "task.err_status"));
    enum ck_who who;
    if (who_of(c, &who, res) != OP_OK)
        return res->status;
    if (who == CKW_VOLUNTEER)
        return volunteer_refused(c, res);
    struct task_query q = {
        .status = status ? status : "open",
        .owner_id = c->who.role == ROLE_PEER ? c->who.user_id : 0,
        .team_of = c->who.role == ROLE_SUPERVISOR ? c->who.user_id : 0,
        .today = day_s(c, c->today),
        .limit = 500,
    };
    if (task_list(c->db, c->a, c->who.org_id, &q, rows, n) != 0)
        return op_store(res, m(c, "ck.err_store"));
    return op_ok(res, 0, 0);
}

/* May the actor act on task t: its owner, an administrator, or the owner's supervisor today.
 * 1, 0, -1. */
static int may_act_on(struct op_ctx *c, const struct task_row *t)
{
    if (c->who.role == ROLE_ADMIN || t->owner_id == c->who.user_id)
        return 1;
    if (c->who.role != ROLE_SUPERVISOR)
        return 0;
    return wf_supervises(c->db, c->who.org_id, c->who.user_id, t->owner_id, c->today);
}

/* Check the new owner of a reassignment: OP_OK, or res says why (inside the transaction). */
static enum op_status owner_ok(struct op_ctx *c, int64_t owner_id, struct op_result *res)
{
    struct user u;
    int rc = user_by_id(c->db, c->a, c->who.org_id, owner_id, &u);
    if (rc < 0)
        return op_store(res, NULL);
    if (rc == 0 || u.disabled || (u.role != ROLE_PEER && u.role != ROLE_SUPERVISOR &&
                                  u.role != ROLE_ADMIN))
        return op_invalid(res, "owner_id", m(c, "task.err_owner"));
    if (c->who.role == ROLE_SUPERVISOR && owner_id != c->who.user_id) {
        int s = wf_supervises(c->db, c->who.org_id, c->who.user_id, owner_id, c->today);
        if (s < 0)
            return op_store(res, NULL);
        if (!s)
            return op_invalid(res, "owner_id", m(c, "task.err_owner_team"));
    }
    if (u.role == ROLE_PEER) {
        /* A re-intervention is work with an assigned recoveree: WF-1 and WF-5 decide. */
        struct wf_decision d;
        if (wf_check_as(c->db, c->a, c->who.org_id, owner_id, c->today, c->pol,
                        WF_ASSIGN_RECOVEREE, c->who.user_id, &d) != 0)
            return op_store(res, NULL);
        if (!d.allowed)
            return op_refused(res, d.rule, "owner_id", op_said(c, &d.text, d.message));
    }
    return op_ok(res, 0, 0);
}

enum op_status op_task_change(struct op_ctx *c, enum ck_task_change what,
                              const struct ck_task_in *in, struct op_result *res)
{
    static const char *const actions[] = {"task.done", "task.cancel", "task.reassign"};
    const char *action = actions[what];
    if (what != CKT_REASSIGN && (!in->note || !*in->note))
        return op_invalid(res, what == CKT_DONE ? "note" : "reason",
                          m(c, what == CKT_DONE ? "task.err_note" : "task.err_reason"));
    if (in->note && strlen(in->note) > CK_NOTE_MAX)
        return op_invalid(res, what == CKT_CANCEL ? "reason" : "note", m(c, "ck.err_note_long"));
    if (what == CKT_REASSIGN && in->owner_id <= 0)
        return op_invalid(res, "owner_id", m(c, "task.err_owner"));
    if (in->version <= 0)
        return op_invalid(res, "version", m(c, "task.err_version"));
    enum ck_who who;
    if (who_of(c, &who, res) != OP_OK ||
        (who == CKW_VOLUNTEER && volunteer_refused(c, res) != OP_OK))
        return op_audit_refusal(c, res, action, "task", in->task_id);
    if (what == CKT_REASSIGN && who != CKW_LEAD) {
        op_forbidden(res, NULL, m(c, "task.err_reassign_role"));
        return op_audit_refusal(c, res, action, "task", in->task_id);
    }
    if (op_begin(c, res) != OP_OK)
        return res->status;
    struct task_row t;
    int have = task_get(c->db, c->a, c->who.org_id, in->task_id, &t);
    int may = have == 1 ? may_act_on(c, &t) : 0;
    if (have < 0 || may < 0) {
        op_store(res, NULL);
        return op_end(c, res);
    }
    if (!have || !may) {
        op_not_found(res, m(c, "task.err_not_found"));
        op_end(c, res);
        return op_audit_refusal(c, res, action, "task", in->task_id);
    }
    if (strcmp(t.status, "open") != 0) {
        op_conflict(res, "closed", m(c, "task.err_closed"));
        return op_end(c, res);
    }
    int rc;
    if (what == CKT_REASSIGN) {
        if (owner_ok(c, in->owner_id, res) != OP_OK)
            return op_end(c, res);
        rc = task_reassign(c->db, c->who.org_id, t.id, in->owner_id, in->version);
    } else {
        rc = task_close(c->db, c->who.org_id, t.id, what == CKT_DONE ? "done" : "cancelled",
                        in->note, c->who.user_id, c->now, in->version);
    }
    const char *why = what == CKT_REASSIGN
                          ? arena_printf(c->a, "owner:%lld", (long long)in->owner_id)
                          : NULL;
    if (rc == 0)
        op_fail(res, OP_CONFLICT, "stale", NULL, "version", m(c, "task.err_stale"));
    else if (rc < 0 || op_audit(c, action, "task", t.id, why, "ok") != 0)
        op_store(res, NULL);
    else
        op_ok(res, t.id, in->version + 1);
    return op_end(c, res);
}
