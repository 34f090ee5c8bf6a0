/* h_recoverees.c - intake, the caseload list and search, a recoveree's record, caseload
 * assignment (WF-1 via wf_check, SV-3, SV-4 with supervisor override), relationships, break-glass,
 * matching (RC-2) and the internal export. Every route reaches a recoveree only through
 * rc_load(), which applies the one access scope and audits the read. */
#include "handlers.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "accounts.h"
#include "assignment.h"
#include "civil.h"
#include "matching.h"
#include "recoverees.h"
#include "v_profile.h"
#include "validate.h"
#include "workforce_store.h"

static int64_t now(void)
{
    return (int64_t)time(NULL);
}

void rc_scope_of(struct req *r, struct rc_scope *sc)
{
    rc_scope_for(sc, r->me.role, r->me.user_id, civil_today(), now());
}

int rc_load(struct req *r, struct recoveree *rec, const char *why)
{
    struct rc_scope sc;
    rc_scope_of(r, &sc);
    int write = strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0;
    /* Emergency access is for reading what is needed in the emergency, not for changing
     * the record (which stays with the caseload's peer and supervisor). */
    if (write)
        sc.user = 0;
    /* A read is first tried without break-glass: only a record that the grant alone opens is
     * an emergency read, audited with purpose "emergency" (and marked in the audit view). */
    int64_t grant_user = sc.user;
    if (!write)
        sc.user = 0;
    int rc = rc_get(r->db, r->a, r->me.org_id, r->id, &sc, rec);
    if (rc == 0 && !write && grant_user) {
        sc.user = grant_user;
        rc = rc_get(r->db, r->a, r->me.org_id, r->id, &sc, rec);
        if (rc == 1)
            r->purpose = "emergency";
    }
    if (rc < 0) {
        reply_error(r, 500, "store", NULL, "The record could not be read.", NULL, NULL, NULL);
        return -1;
    }
    if (rc == 0) {
        /* Absent, another organization's, or outside the caseload: one answer, and the
         * attempt is on the audit trail. */
        req_audit(r, "recoveree.denied", "recoveree", r->id, r->route ? r->route->pattern : NULL,
                  "denied");
        reply_error(r, 404, "not_found", NULL,
                    "There is no such recoveree on your caseload. If this is an emergency, use "
                    "emergency access with a reason.",
                    NULL, NULL, NULL);
        return -1;
    }
    /* WF-5, WF-1: a peer without an active supervisor (or without the training of any level)
     * cannot record services, so cannot change their recoverees' records either. */
    if (write && r->me.role == ROLE_PEER) {
        struct wf_decision d;
        if (wf_check(r->db, r->a, r->me.org_id, r->me.user_id, civil_today(), &r->pol,
                     WF_DELIVER_LOW, &d) != 0) {
            reply_error(r, 500, "store", NULL, "Workforce records could not be read.", NULL, NULL,
                        NULL);
            return -1;
        }
        if (!d.allowed) {
            reply_error(r, 422, "refused", d.rule, d.message, NULL, NULL, NULL);
            return -1;
        }
    }
    if (why && req_audit_read(r, why, "recoveree", rec->id,
                              r->purpose && !strcmp(r->purpose, "emergency") ? "break-glass"
                                                                              : NULL) != 0)
        return -1;
    return 0;
}

json_t *rc_summary_j(const struct recoveree *x)
{
    json_t *j = json_object();
    jset_int(j, "id", x->id);
    jset_str(j, "first_name", x->first_name);
    jset_str(j, "last_name", x->last_name);
    jset_str(j, "preferred_name", x->preferred_name);
    jset(j, "name", json_sprintf("%s %s", x->preferred_name ? x->preferred_name : x->first_name,
                                 x->last_name));
    jset_str(j, "status", x->status);
    jset_str(j, "intake_date", x->intake_date);
    return j;
}

json_t *rc_full_j(const struct recoveree *x)
{
    json_t *j = rc_summary_j(x);
    jset_str(j, "dob", x->dob);
    jset_str(j, "phone", x->phone);
    jset_str(j, "email", x->email);
    jset_str(j, "contact_pref", x->contact_pref);
    jset_bool(j, "ok_to_leave_message", x->ok_to_leave_message);
    jset_str(j, "language", x->language);
    jset_str(j, "cultural_factors", x->cultural_factors);
    jset_str(j, "lived_experience", x->lived_experience);
    jset_str(j, "pathways", x->pathways);
    jset_str(j, "preferred_peer", x->preferred_peer);
    /* The structured matching profile (RC-1): codes for the API, labels for the page. */
    jset(j, "language_codes", pf_codes_j(x->language_codes));
    jset_str(j, "gender", x->gender);
    jset_str(j, "peer_gender", x->peer_gender);
    jset(j, "substance_codes", pf_codes_j(x->substance_codes));
    jset(j, "pathway_codes", pf_codes_j(x->pathway_codes));
    jset(j, "culture_codes", pf_codes_j(x->culture_codes));
    jset(j, "language_labels", pf_labels_j(PL_LANGUAGE, x->language_codes));
    jset(j, "gender_label", pf_labels_j(PL_GENDER, x->gender));
    jset(j, "peer_gender_label", pf_labels_j(PL_GENDER, x->peer_gender));
    jset(j, "substance_labels", pf_labels_j(PL_SUBSTANCE, x->substance_codes));
    jset(j, "pathway_labels", pf_labels_j(PL_PATHWAY, x->pathway_codes));
    jset(j, "culture_labels", pf_labels_j(PL_CULTURE, x->culture_codes));
    jset_str(j, "status_date", x->status_date);
    jset_int(j, "version", x->version);
    return j;
}

/* ---- list and search ------------------------------------------------------------ */

/* A row of the list: the summary with the assigned peer, the plan's next review and the
 * consent state (read with the page by rc_page). */
static json_t *rc_list_j(const struct recoveree *x, const char *today)
{
    static const char *const consent[][2] = {
        [RCC_NONE] = {"none", "none"},
        [RCC_REVOKED] = {"revoked", "revoked"},
        [RCC_EXPIRED] = {"expired", "expired"},
        [RCC_UNSIGNED] = {"unsigned", "awaiting signature"},
        [RCC_ACTIVE] = {"active", "active consent"},
    };
    json_t *j = rc_summary_j(x);
    jset_str(j, "peer", x->list_peer);
    jset_int(j, "peers", x->list_npeers);
    if (x->list_npeers > 1)
        jset_int(j, "peer_more", x->list_npeers - 1);
    jset_str(j, "plan_due", x->list_plan_due);
    jset_bool(j, "plan_overdue", x->list_plan_due && strcmp(x->list_plan_due, today) < 0);
    jset_str(j, "consent", consent[x->list_consent][0]);
    jset_str(j, "consent_label", consent[x->list_consent][1]);
    return j;
}

int h_rc_list(struct req *r)
{
    struct rc_scope sc;
    rc_scope_of(r, &sc);
    const char *status = req_str(r, "status"), *q = req_str(r, "q");
    int64_t page = view_page(r);
    struct recoveree *rows;
    int n;
    int64_t total;
    int rc = rc_page(r->db, r->a, r->me.org_id, &sc, status, q, PAGE_SIZE,
                     (page - 1) * PAGE_SIZE, &rows, &n, &total);
    if (rc == -2)
        return reply_error(r, 400, "invalid", NULL, "Search with at most six words.", "q", NULL,
                           NULL);
    if (rc != 0)
        return reply_error(r, 500, "store", NULL, "The caseload could not be read.", NULL, NULL,
                           NULL);
    if (req_audit_read(r, q ? "recoveree.search" : "recoveree.list", "recoveree", 0, NULL) != 0)
        return 0;
    json_t *m = json_object(), *list = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(list, rc_list_j(&rows[i], sc.today));
    jset(m, "recoverees", list);
    jset_str(m, "title", r->me.role == ROLE_PEER ? "My caseload" : "Recoverees");
    jset_str(m, "q", q);
    jset_str(m, "status", status);
    jset_bool(m, "can_intake", r->me.role == ROLE_ADMIN || r->me.role == ROLE_SUPERVISOR ||
                                   r->me.role == ROLE_PEER);
    /* Administrators reach every record already: emergency access is for peers and
     * supervisors (RC_BREAK_GLASS in routes.c). */
    jset_bool(m, "can_break_glass", r->me.role == ROLE_PEER || r->me.role == ROLE_SUPERVISOR);
    buf qs;
    buf_init(&qs);
    if (q) {
        buf_puts(&qs, "q=");
        url_arg(&qs, q, strlen(q));
        buf_putc(&qs, '&');
    }
    if (status)
        buf_printf(&qs, "status=%s&", status);
    view_pager(m, page, total, qs.data ? qs.data : "");
    buf_free(&qs);
    return reply_page(r, 200, "recoverees.mustache", m);
}

/* ---- intake -------------------------------------------------------------------- */

static const char *const text_fields[] = {
    "first_name", "last_name", "preferred_name", "dob", "phone", "email", "contact_pref",
    "language", "cultural_factors", "lived_experience", "pathways", "preferred_peer",
};

/* The structured matching profile fields (RC-1, RC-2), in RC_SET_PROFILE order. */
static const struct {
    const char *name;
    enum profile_list list;
} profile_fields[] = {
    {"language_codes", PL_LANGUAGE}, {"gender", PL_GENDER},       {"peer_gender", PL_GENDER},
    {"substance_codes", PL_SUBSTANCE}, {"pathway_codes", PL_PATHWAY}, {"culture_codes", PL_CULTURE},
};
#define NPROFILE (sizeof profile_fields / sizeof *profile_fields)

static json_t *intake_model(struct req *r)
{
    json_t *m = json_object(), *v = json_object();
    for (size_t i = 0; i < sizeof text_fields / sizeof *text_fields; i++)
        jset_str(v, text_fields[i], req_str(r, text_fields[i]));
    /* Checkboxes and choices of the controlled lists, as sent (a refused form keeps them). */
    json_t *o = json_object();
    for (size_t i = 0; i < NPROFILE; i++)
        jset(o, profile_fields[i].name,
             pf_options_j(profile_fields[i].list, req_str(r, profile_fields[i].name)));
    jset(v, "options", o);
    jset(m, "values", v);
    jset_str(m, "title", "Intake");
    json_t *req = json_object();
    jset_bool(req, "dob", r->pol.v[POL_INTAKE_REQUIRE_DOB] != 0);
    jset_bool(req, "phone", r->pol.v[POL_INTAKE_REQUIRE_PHONE] != 0);
    jset_bool(req, "language", r->pol.v[POL_INTAKE_REQUIRE_LANGUAGE] != 0);
    jset_bool(req, "pathways", r->pol.v[POL_INTAKE_REQUIRE_PATHWAYS] != 0);
    jset(m, "required", req);
    char t[11];
    civil_format(civil_today(), t);
    jset_str(m, "today", t);
    return m;
}

int h_rc_new(struct req *r)
{
    return reply_page(r, 200, "recoveree_new.mustache", intake_model(r));
}

/* Whether field will hold a value: the one sent, else (old given: an update) the stored one. */
static int will_have(struct req *r, const char *field, const char *stored, int update)
{
    if (param_raw(r, field))
        return req_str(r, field) != NULL;
    return update && stored && *stored;
}

/* RC-1: the organization decides which intake fields are required (policy values). The
 * language and the pathways are given in words or from the list (either will do). With old
 * (an update), only a field that is sent can make one missing: an update must not clear it. */
static const char *missing_required_x(struct req *r, const char **field,
                                      const struct recoveree *old)
{
    const struct {
        enum pol pol;
        const char *field, *what, *alt;
        const char *stored, *stored_alt;
    } req[] = {
        {POL_INTAKE_REQUIRE_DOB, "dob", "date of birth", NULL, old ? old->dob : NULL, NULL},
        {POL_INTAKE_REQUIRE_PHONE, "phone", "phone number", NULL, old ? old->phone : NULL, NULL},
        {POL_INTAKE_REQUIRE_LANGUAGE, "language", "preferred language", "language_codes",
         old ? old->language : NULL, old ? old->language_codes : NULL},
        {POL_INTAKE_REQUIRE_PATHWAYS, "pathways", "pathway preferences", "pathway_codes",
         old ? old->pathways : NULL, old ? old->pathway_codes : NULL},
    };
    for (size_t i = 0; i < sizeof req / sizeof *req; i++) {
        if (!r->pol.v[req[i].pol])
            continue;
        int sent = param_raw(r, req[i].field) || (req[i].alt && param_raw(r, req[i].alt));
        if (old && !sent)
            continue;
        if (will_have(r, req[i].field, req[i].stored, old != NULL) ||
            (req[i].alt && will_have(r, req[i].alt, req[i].stored_alt, old != NULL)))
            continue;
        *field = req[i].field;
        return arena_printf(r->a, "Your organization requires the %s at intake.", req[i].what);
    }
    return NULL;
}

static const char *missing_required(struct req *r, const char **field)
{
    return missing_required_x(r, field, NULL);
}

/* Read the structured profile fields into v (NPROFILE, RC_SET_PROFILE order), keeping old's
 * values for fields not sent (old NULL at intake). -1 after refusing an unknown code. */
static int read_profile(struct req *r, const struct recoveree *old, const char **v, int page)
{
    const char *kept[NPROFILE] = {0};
    if (old) {
        const char *o[] = {old->language_codes, old->gender,        old->peer_gender,
                           old->substance_codes, old->pathway_codes, old->culture_codes};
        memcpy(kept, o, sizeof kept);
    }
    for (size_t i = 0; i < NPROFILE; i++)
        if (pf_read(r, profile_fields[i].name, profile_fields[i].list, kept[i], &v[i],
                    page ? "recoveree_new.mustache" : NULL, page ? intake_model : NULL) != 0)
            return -1;
    return 0;
}

static const char *check_contact(struct req *r)
{
    const char *cp = req_str(r, "contact_pref");
    static const char *const ok[] = {"phone", "text", "email", "mail", "in_person"};
    for (size_t i = 0; cp && i < 5; i++)
        if (!strcmp(cp, ok[i]))
            return NULL;
    return cp ? "Choose how the recoveree wants to be contacted." : NULL;
}

int h_rc_create(struct req *r)
{
    const char *field = NULL, *why = missing_required(r, &field);
    if (why)
        return reply_error(r, 422, "required", "RC-1", why, field, "recoveree_new.mustache",
                           intake_model(r));
    if ((why = check_contact(r)))
        return reply_error(r, 400, "invalid", NULL, why, "contact_pref", "recoveree_new.mustache",
                           intake_model(r));
    const char *dob = req_str(r, "dob");
    if (dob && civil_parse(dob) > civil_today())
        return reply_error(r, 400, "invalid", NULL, "The date of birth is in the future.", "dob",
                           "recoveree_new.mustache", intake_model(r));
    const char *prof[NPROFILE];
    if (read_profile(r, NULL, prof, 1) != 0)
        return 0;
    int32_t today = civil_today();
    char t[11];
    civil_format(today, t);
    /* A peer doing intake in the field takes the recoveree onto their own caseload,
     * which the workforce rules must allow (WF-1: no Level 1 caseloads; WF-5). */
    if (r->me.role == ROLE_PEER) {
        struct wf_decision d;
        if (wf_check(r->db, r->a, r->me.org_id, r->me.user_id, today, &r->pol,
                     WF_ASSIGN_RECOVEREE, &d) != 0)
            return reply_error(r, 500, "store", NULL, "Workforce records could not be read.",
                               NULL, NULL, NULL);
        if (!d.allowed)
            return reply_error(r, 422, "refused", d.rule, d.message, NULL,
                               "recoveree_new.mustache", intake_model(r));
    }
    int64_t ok_msg = 0, id = 0;
    req_int(r, "ok_to_leave_message", &ok_msg);
    int ok = db_begin(r->db) == DB_OK;
    db_stmt *s = ok ? db_prep(r->db, Q_RC_INSERT) : NULL;
    if (s) {
        db_bind_int(s, 1, r->me.org_id);
        for (int i = 0; i < 7; i++)
            db_bind_text(s, 2 + i, req_str(r, text_fields[i]));
        if (!req_str(r, "contact_pref"))
            db_bind_text(s, 8, "phone");
        db_bind_int(s, 9, ok_msg);
        for (int i = 7; i < 12; i++)
            db_bind_text(s, 3 + i, req_str(r, text_fields[i]));
        db_bind_text(s, 15, t);
        db_bind_text(s, 16, t);
        db_bind_int(s, 17, r->me.user_id);
        db_bind_int(s, 18, now());
        db_bind_int(s, 19, now());
        ok = db_insert_id(s, &id) == DB_OK;
    } else {
        ok = 0;
    }
    ok = ok && rc_set_profile(r->db, r->me.org_id, id, prof[0], prof[1], prof[2], prof[3],
                              prof[4], prof[5]) == DB_OK;
    if (ok && r->me.role == ROLE_PEER) {
        db_stmt *c = db_prep(r->db, Q_CL_INSERT);
        ok = c != NULL;
        if (c) {
            db_bind_int(c, 1, r->me.org_id);
            db_bind_int(c, 2, id);
            db_bind_int(c, 3, r->me.user_id);
            db_bind_text(c, 4, t);
            db_bind_null(c, 5);
            db_bind_null(c, 6);
            db_bind_null(c, 7);
            db_bind_int(c, 8, r->me.user_id);
            db_bind_int(c, 9, now());
            ok = db_exec(c) == DB_OK;
        }
    }
    ok = ok && req_audit(r, "recoveree.create", "recoveree", id, NULL, "ok") == 0;
    if (!ok || db_commit(r->db) != DB_OK) {
        db_rollback(r->db);
        return reply_error(r, 500, "store", NULL, "The intake could not be saved.", NULL, NULL,
                           NULL);
    }
    json_t *m = json_object();
    jset_int(m, "id", id);
    return reply_done(r, 201, arena_printf(r->a, "/recoverees/%lld", (long long)id), m);
}

/* ---- the record ------------------------------------------------------------------- */

static json_t *caseload_j(struct req *r, int64_t id)
{
    json_t *arr = json_array();
    char t[11];
    civil_format(civil_today(), t);
    db_stmt *s = db_prep(r->db, Q_CL_ACTIVE);
    if (!s)
        return arr;
    db_bind_int(s, 1, r->me.org_id);
    db_bind_int(s, 2, id);
    db_bind_text(s, 3, t);
    db_bind_text(s, 4, t);
    while (db_step(s) == DB_ROW) {
        json_t *j = json_object();
        jset_int(j, "id", db_col_int(s, 0));
        jset_int(j, "peer_id", db_col_int(s, 1));
        jset_str(j, "peer", db_col_text(s, 2));
        jset_str(j, "start_date", db_col_text(s, 3));
        jset_str(j, "override_rules", db_col_isnull(s, 4) ? NULL : db_col_text(s, 4));
        jset_str(j, "override_reason", db_col_isnull(s, 5) ? NULL : db_col_text(s, 5));
        json_array_append_new(arr, j);
    }
    return arr;
}

static json_t *relationships_j(struct req *r, int64_t id)
{
    json_t *arr = json_array();
    db_stmt *s = db_prep(r->db, Q_REL_LIST);
    if (!s)
        return arr;
    db_bind_int(s, 1, r->me.org_id);
    db_bind_int(s, 2, id);
    while (db_step(s) == DB_ROW) {
        int k = rel_kind_parse(db_col_text(s, 3));
        json_t *j = json_object();
        jset_int(j, "id", db_col_int(s, 0));
        jset_int(j, "staff_id", db_col_int(s, 1));
        jset_str(j, "staff", db_col_text(s, 2));
        jset_str(j, "kind", db_col_text(s, 3));
        jset_str(j, "kind_label", k >= 0 ? rel_kind_label((enum rel_kind)k) : NULL);
        jset_str(j, "note", db_col_isnull(s, 4) ? NULL : db_col_text(s, 4));
        json_array_append_new(arr, j);
    }
    return arr;
}

static int leads(struct req *r)
{
    return r->me.role == ROLE_ADMIN || r->me.role == ROLE_SUPERVISOR;
}

/* Active staff of the organization by name and role, to choose whom a relationship is with. */
static json_t *staff_choices_j(struct req *r)
{
    json_t *arr = json_array();
    db_stmt *s = db_prep(r->db, Q_USER_CHOICES);
    if (!s)
        return arr;
    db_bind_int(s, 1, r->me.org_id);
    /* A select longer than this is no longer a choice; no organization has that many staff
     * whom a recoveree also sees clinically or under authority. */
    db_bind_int(s, 2, 2000);
    while (db_step(s) == DB_ROW) {
        int role = role_parse(db_col_text(s, 2));
        json_array_append_new(arr, json_pack("{s:I,s:s,s:s}", "id", (json_int_t)db_col_int(s, 0),
                                             "name", db_col_text(s, 1), "role_label",
                                             role >= 0 ? role_label((enum role)role) : ""));
    }
    return arr;
}

/* The status changes a record offers: never the current status as if it were a choice, and
 * re-activation of a discharged or closed recoveree only as an explicit, labelled choice
 * (issue 7: "Active" preselected re-activated a discharged recoveree in one click). */
static json_t *status_options_j(const char *current)
{
    static const struct {
        const char *from, *to, *label;
    } moves[] = {
        {"active", "discharged", "Discharged (services ended)"},
        {"active", "closed", "Closed"},
        {"discharged", "closed", "Closed"},
        {"discharged", "active", "Re-activate: services resume"},
        {"closed", "active", "Re-open as active"},
    };
    json_t *arr = json_array();
    for (size_t i = 0; i < sizeof moves / sizeof *moves; i++)
        if (current && !strcmp(current, moves[i].from))
            json_array_append_new(arr, json_pack("{s:s,s:s}", "value", moves[i].to, "label",
                                                 moves[i].label));
    return arr;
}

int64_t rc_break_glass_until(struct req *r, int64_t id)
{
    struct rc_scope sc;
    rc_scope_of(r, &sc);
    if (!sc.user)
        return 0;
    sc.user = 0; /* in reach without the grant? */
    struct recoveree y;
    if (rc_get(r->db, r->a, r->me.org_id, id, &sc, &y) != 0)
        return 0;
    db_stmt *s = db_prep(r->db, Q_BG_ACTIVE_UNTIL);
    if (!s)
        return 0;
    db_bind_int(s, 1, r->me.org_id);
    db_bind_int(s, 2, id);
    db_bind_int(s, 3, r->me.user_id);
    db_bind_int(s, 4, now());
    int64_t until = db_step(s) == DB_ROW && !db_col_isnull(s, 0) ? db_col_int(s, 0) : 0;
    db_exec(s);
    return until;
}

int h_rc_show(struct req *r)
{
    struct recoveree x;
    if (rc_load(r, &x, "recoveree.read") != 0)
        return 0;
    json_t *m = json_object();
    jset(m, "recoveree", rc_full_j(&x));
    jset(m, "caseload", caseload_j(r, x.id));
    jset(m, "relationships", relationships_j(r, x.id));
    jset_str(m, "title", json_string_value(json_object_get(json_object_get(m, "recoveree"), "name")));
    /* Each control only for those who may use it (issue 7): an emergency reader reads, and
     * the changes stay with the caseload's peer and supervisor (rc_load refuses writes). */
    int64_t until = rc_break_glass_until(r, x.id);
    int can_edit = until == 0;
    if (can_edit && r->me.role == ROLE_PEER) {
        /* WF-5, WF-1: what rc_load would refuse for this peer's writes. */
        struct wf_decision d;
        int read = wf_check(r->db, r->a, r->me.org_id, r->me.user_id, civil_today(), &r->pol,
                            WF_DELIVER_LOW, &d) == 0;
        can_edit = read && d.allowed;
        if (read && !d.allowed)
            jset_str(m, "edit_refused", d.message);
    }
    jset_bool(m, "under_break_glass", until != 0);
    if (until)
        jset(m, "break_glass_until", view_time(until));
    /* A supervisor reading through emergency access assigns nothing either. */
    int can_assign = leads(r) && until == 0;
    jset_bool(m, "can_assign", can_assign);
    jset_bool(m, "can_edit", can_edit);
    jset_bool(m, "can_change_status", can_edit);
    jset(m, "status_options", status_options_j(x.status));
    if (can_assign) {
        json_t *over = NULL, *all = rc_peer_choices(r, &x, &over), *mine = json_array();
        size_t i;
        json_t *it;
        json_array_foreach(all, i, it)
            if (json_is_true(json_object_get(it, "can_assign")))
                json_array_append(mine, it);
        json_decref(all);
        jset(m, "peer_choices", mine);
        jset_bool(m, "has_override_choices", json_array_size(over) > 0);
        jset(m, "override_choices", over ? over : json_array());
        jset(m, "staff_choices", staff_choices_j(r));
    }
    json_t *kinds = json_array();
    for (int k = 0; k < REL__COUNT; k++)
        json_array_append_new(kinds, json_pack("{s:s,s:s}", "value", rel_kind_name((enum rel_kind)k),
                                               "label", rel_kind_label((enum rel_kind)k)));
    jset(m, "relationship_kinds", kinds);
    char t[11];
    civil_format(civil_today(), t);
    jset_str(m, "today", t);
    return reply_page(r, 200, "recoveree.mustache", m);
}

int h_rc_update(struct req *r)
{
    struct recoveree x;
    if (rc_load(r, &x, NULL) != 0)
        return 0;
    const char *status = req_str(r, "status");
    if (status && strcmp(status, "active") && strcmp(status, "discharged") && strcmp(status, "closed"))
        return reply_error(r, 400, "invalid", NULL, "Status is active, discharged or closed.",
                           "status", NULL, NULL);
    const char *why = check_contact(r);
    if (why)
        return reply_error(r, 400, "invalid", NULL, why, "contact_pref", NULL, NULL);
    /* RC-1 holds on every change: a required intake field cannot be emptied later. */
    const char *field = NULL;
    if ((why = missing_required_x(r, &field, &x)))
        return reply_error(r, 422, "required", "RC-1", why, field, NULL, NULL);
    const char *prof[NPROFILE];
    if (read_profile(r, &x, prof, 0) != 0)
        return 0;
    const char *old[] = {x.first_name, x.last_name, x.preferred_name, x.dob, x.phone, x.email,
                         x.contact_pref, x.language, x.cultural_factors, x.lived_experience,
                         x.pathways, x.preferred_peer};
    int64_t version = x.version, ok_msg = x.ok_to_leave_message;
    req_int(r, "version", &version);
    req_int(r, "ok_to_leave_message", &ok_msg);
    char t[11];
    civil_format(civil_today(), t);
    int status_changed = status && strcmp(status, x.status) != 0;
    int ok = db_begin(r->db) == DB_OK;
    db_stmt *s = ok ? db_prep(r->db, Q_RC_UPDATE) : NULL;
    int rc = DB_ERR;
    if (s) {
        /* A field that is not sent keeps its value; names cannot be emptied. */
        for (int i = 0; i < 12; i++) {
            const char *v = param_raw(r, text_fields[i]) ? req_str(r, text_fields[i]) : old[i];
            if (i < 2 && !v)
                v = old[i];
            if (i == 6 && !v)
                v = "phone";
            db_bind_text(s, i < 7 ? 1 + i : 2 + i, v);
        }
        db_bind_int(s, 8, ok_msg);
        db_bind_text(s, 14, status ? status : x.status);
        db_bind_text(s, 15, status_changed ? t : x.status_date);
        db_bind_int(s, 16, now());
        db_bind_int(s, 17, r->me.org_id);
        db_bind_int(s, 18, x.id);
        db_bind_int(s, 19, version);
        rc = db_exec(s);
    }
    if (rc == DB_OK && db_changes(s) != 1) {
        db_rollback(r->db);
        return reply_error(r, 409, "stale", NULL,
                           "Someone else changed this record meanwhile. Reload and try again.",
                           "version", NULL, NULL);
    }
    if (rc == DB_OK)
        rc = rc_set_profile(r->db, r->me.org_id, x.id, prof[0], prof[1], prof[2], prof[3],
                            prof[4], prof[5]);
    if (rc != DB_OK ||
        req_audit(r, status_changed ? "recoveree.status" : "recoveree.update", "recoveree", x.id,
                  status_changed ? status : NULL, "ok") != 0 ||
        db_commit(r->db) != DB_OK) {
        db_rollback(r->db);
        return reply_error(r, 500, "store", NULL, "The record could not be saved.", NULL, NULL,
                           NULL);
    }
    json_t *m = json_object();
    jset_int(m, "id", x.id);
    return reply_done(r, 200, arena_printf(r->a, "/recoverees/%lld", (long long)x.id), m);
}
