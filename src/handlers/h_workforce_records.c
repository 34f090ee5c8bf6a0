/* h_workforce_records.c - the forms that add workforce records; each checks reach, validates,
 * writes and audits in one transaction, and returns to the person's page. */
#include "handlers.h"

#include <string.h>
#include <time.h>

#include "accounts.h"
#include "civil.h"
#include "v_profile.h"
#include "validate.h"
#include "workforce_store.h"

/* One entry's hours: a day of training is the most anyone logs at once for
 * CE or supervision; a multi-day course (Ethics & CCAR) is at most 200 h. */
#define MAX_ENTRY_HOURS 200

static int64_t now(void)
{
    return (int64_t)time(NULL);
}

static const char *back(struct req *r)
{
    return arena_printf(r->a, "/workforce/%lld", (long long)r->id);
}

static int refuse(struct req *r, int status, const char *field, const char *msg)
{
    return reply_error(r, status, "invalid", NULL, msg, field, NULL, NULL);
}

/* A date that must be a real day, not after today (the record is of something done). */
static int past_date(struct req *r, const char *field, int32_t *day)
{
    const char *s = req_str(r, field);
    *day = civil_parse(s);
    if (*day < 0) {
        refuse(r, 400, field, "Enter a date as YYYY-MM-DD.");
        return -1;
    }
    if (*day > civil_today()) {
        refuse(r, 400, field, "This date is in the future; record what has already happened.");
        return -1;
    }
    return 0;
}

static int minutes_of(struct req *r, const char *field, int max_hours, int32_t *minutes)
{
    if (wf_parse_hours(req_str(r, field), max_hours, minutes) != 0) {
        refuse(r, 400, field,
               arena_printf(r->a, "Enter the hours as a number above 0 and up to %d, like 1.5.",
                            max_hours));
        return -1;
    }
    return 0;
}

/* Run ins (already bound) as the change, audit it, commit; reply. */
static int finish(struct req *r, db_stmt *ins, const char *action, const char *what)
{
    int64_t id = 0;
    int ok = ins && db_insert_id(ins, &id) == DB_OK;
    ok = ok && req_audit(r, action, "user", r->id, what, "ok") == 0;
    if (!ok || db_commit(r->db) != DB_OK) {
        db_rollback(r->db);
        return reply_error(r, 500, "store", NULL, "The record could not be saved.", NULL, NULL,
                           NULL);
    }
    json_t *m = json_object();
    jset_int(m, "id", id);
    jset_int(m, "user_id", r->id);
    return reply_done(r, 201, back(r), m);
}

/* 1 when the request carried the field at all (even empty). */
static int sent(struct req *r, const char *field)
{
    return param_raw(r, field) != NULL;
}

static db_stmt *begin(struct req *r, enum q_id q)
{
    if (db_begin(r->db) != DB_OK)
        return NULL;
    return db_prep(r->db, q);
}

int h_wf_training(struct req *r)
{
    struct wf_record rec;
    int32_t day, minutes;
    /* Training decides scope (WF-1): a supervisor or administrator records it, never
     * the peer for themselves. */
    if (wf_reach(r, REACH_SUPERVISE, &rec) || past_date(r, "date", &day) ||
        minutes_of(r, "hours", MAX_ENTRY_HOURS, &minutes))
        return 0;
    int kind = wf_training_parse(req_str(r, "kind"));
    if (kind < 0)
        return refuse(r, 400, "kind", "Choose the kind of training.");
    db_stmt *s = begin(r, Q_WF_TRAINING_ADD);
    if (s) {
        db_bind_int(s, 1, r->me.org_id);
        db_bind_int(s, 2, r->id);
        db_bind_text(s, 3, wf_training_name((enum wf_training_kind)kind));
        db_bind_text(s, 4, req_str(r, "title"));
        db_bind_int(s, 5, minutes);
        db_bind_text(s, 6, req_str(r, "date"));
        db_bind_text(s, 7, req_str(r, "provider"));
        db_bind_null(s, 8);
        db_bind_int(s, 9, r->me.user_id);
        db_bind_int(s, 10, now());
    }
    return finish(r, s, "workforce.training.add", wf_training_name((enum wf_training_kind)kind));
}

int h_wf_experience(struct req *r)
{
    struct wf_record rec;
    int32_t day, minutes;
    /* A single log entry covers at most a month of full-time work. */
    if (wf_reach(r, REACH_SELF_ADD, &rec) || past_date(r, "date", &day) ||
        minutes_of(r, "hours", 200, &minutes))
        return 0;
    db_stmt *s = begin(r, Q_WF_EXPERIENCE_ADD);
    if (s) {
        db_bind_int(s, 1, r->me.org_id);
        db_bind_int(s, 2, r->id);
        db_bind_text(s, 3, req_str(r, "date"));
        db_bind_int(s, 4, minutes);
        db_bind_text(s, 5, req_str(r, "description"));
        db_bind_int(s, 6, r->me.user_id);
        db_bind_int(s, 7, now());
    }
    return finish(r, s, "workforce.experience.add", NULL);
}

int h_wf_ce(struct req *r)
{
    struct wf_record rec;
    int32_t day, minutes;
    if (wf_reach(r, REACH_SELF_ADD, &rec) || past_date(r, "date", &day) ||
        minutes_of(r, "hours", 40, &minutes))
        return 0;
    int cat = wf_ce_parse(req_str(r, "category"));
    if (cat < 0)
        return refuse(r, 400, "category",
                      "Choose ethics & professional boundaries or a core competency.");
    db_stmt *s = begin(r, Q_WF_CE_ADD);
    if (s) {
        db_bind_int(s, 1, r->me.org_id);
        db_bind_int(s, 2, r->id);
        db_bind_text(s, 3, req_str(r, "date"));
        db_bind_int(s, 4, minutes);
        db_bind_text(s, 5, wf_ce_name((enum wf_ce_category)cat));
        db_bind_text(s, 6, req_str(r, "title"));
        db_bind_text(s, 7, req_str(r, "provider"));
        db_bind_null(s, 8);
        db_bind_int(s, 9, r->me.user_id);
        db_bind_int(s, 10, now());
    }
    return finish(r, s, "workforce.ce.add", wf_ce_name((enum wf_ce_category)cat));
}

int h_wf_cert(struct req *r)
{
    struct wf_record rec;
    int32_t issued;
    if (wf_reach(r, REACH_SUPERVISE, &rec) || past_date(r, "issued", &issued))
        return 0;
    int32_t expires = civil_parse(req_str(r, "expires"));
    if (expires < 0)
        return refuse(r, 400, "expires", "Enter the expiry date as YYYY-MM-DD.");
    if (expires <= issued)
        return refuse(r, 400, "expires", "A certification expires after it was issued.");
    int body = wf_cert_body_parse(req_str(r, "body"));
    if (body < 0)
        return refuse(r, 400, "body", "Choose the certifying body.");
    db_stmt *s = begin(r, Q_WF_CERT_ADD);
    if (s) {
        db_bind_int(s, 1, r->me.org_id);
        db_bind_int(s, 2, r->id);
        db_bind_text(s, 3, wf_cert_body_name((enum wf_cert_body)body));
        db_bind_text(s, 4, req_str(r, "number"));
        db_bind_text(s, 5, req_str(r, "issued"));
        db_bind_text(s, 6, req_str(r, "expires"));
        db_bind_null(s, 7);
        db_bind_int(s, 8, r->me.user_id);
        db_bind_int(s, 9, now());
    }
    return finish(r, s, "workforce.certification.add", wf_cert_body_name((enum wf_cert_body)body));
}

int h_wf_supervision(struct req *r)
{
    struct wf_record rec;
    int32_t day;
    int64_t minutes, supervisor = r->me.user_id;
    if (wf_reach(r, REACH_SUPERVISE, &rec) || past_date(r, "date", &day))
        return 0;
    if (!req_int(r, "minutes", &minutes))
        return refuse(r, 400, "minutes", "Enter the length of the session in minutes.");
    const char *kind = req_str(r, "kind");
    if (!kind || (strcmp(kind, "administrative") && strcmp(kind, "clinical")))
        return refuse(r, 400, "kind", "Choose administrative or clinical supervision.");
    /* An administrator records a session on behalf of a named supervisor. */
    if (r->me.role == ROLE_ADMIN && !req_int(r, "supervisor_id", &supervisor))
        return refuse(r, 400, "supervisor_id", "Name the supervisor who held the session.");
    struct user sup;
    if (supervisor == r->id ||
        user_by_id(r->db, r->a, r->me.org_id, supervisor, &sup) != 1 || sup.role != ROLE_SUPERVISOR)
        return refuse(r, 422, "supervisor_id",
                      "Supervision is given by a supervisor of this organization (a qualified "
                      "licensed professional), not by the person supervised.");
    db_stmt *s = begin(r, Q_WF_SUPERVISION_ADD);
    if (s) {
        db_bind_int(s, 1, r->me.org_id);
        db_bind_int(s, 2, supervisor);
        db_bind_int(s, 3, r->id);
        db_bind_text(s, 4, req_str(r, "date"));
        db_bind_int(s, 5, minutes);
        db_bind_text(s, 6, kind);
        db_bind_text(s, 7, req_str(r, "topics"));
        db_bind_int(s, 8, r->me.user_id);
        db_bind_int(s, 9, now());
    }
    return finish(r, s, "workforce.supervision.add", kind);
}

int h_wf_profile(struct req *r)
{
    struct wf_record rec;
    if (wf_reach(r, REACH_ADMIN, &rec))
        return 0;
    /* A field that is not sent keeps its stored value; one sent empty is cleared. */
    const struct wf_profile *old = &rec.prof;
    int64_t level = old->level, waiver = old->education_waiver, version = old->version;
    int64_t capacity = old->has_profile ? old->caseload_capacity : r->pol.v[POL_CASELOAD_DEFAULT];
    if (!req_int(r, "level", &level) && !old->has_profile)
        return refuse(r, 400, "level", "Choose the peer's level.");
    req_int(r, "caseload_capacity", &capacity);
    req_int(r, "education_waiver", &waiver);
    req_int(r, "version", &version);
    const char *edu_s = sent(r, "education") ? req_str(r, "education")
                                             : wf_education_name(old->education);
    int edu = edu_s ? wf_education_parse(edu_s) : EDU_UNKNOWN;
    if (edu < 0)
        return refuse(r, 400, "education", "Choose the education on record.");
    const char *hire = sent(r, "hire_date") ? req_str(r, "hire_date") : old->hire_date;
    if (hire && civil_parse(hire) > civil_today())
        return refuse(r, 400, "hire_date", "The hire date is in the future.");
    /* The structured matching profile (RC-2): codes of the controlled lists, each kept
     * when not sent; an unknown code is refused naming the field. */
    static const struct {
        const char *name;
        enum profile_list list;
    } pf[] = {{"language_codes", PL_LANGUAGE}, {"gender", PL_GENDER},
              {"substance_codes", PL_SUBSTANCE}, {"pathway_codes", PL_PATHWAY},
              {"culture_codes", PL_CULTURE}};
    const char *codes[5], *kept_codes[5] = {old->language_codes, old->gender, old->substance_codes,
                                            old->pathway_codes, old->culture_codes};
    for (int i = 0; i < 5; i++)
        if (pf_read(r, pf[i].name, pf[i].list, kept_codes[i], &codes[i], NULL, NULL) != 0)
            return 0;
    if (db_begin(r->db) != DB_OK)
        return reply_error(r, 500, "store", NULL, "The profile could not be saved.", NULL, NULL,
                           NULL);
    db_stmt *s = db_prep(r->db, Q_WF_PROFILE_SAVE);
    static const char *const text[] = {"languages", "lived_experience", "cultural_profile",
                                       "pathways", "clinical_credential"};
    int rc = DB_ERR;
    if (s) {
        db_bind_int(s, 1, r->id);
        db_bind_int(s, 2, r->me.org_id);
        db_bind_int(s, 3, level);
        db_bind_text(s, 4, hire);
        db_bind_text(s, 5, wf_education_name((enum wf_education)edu));
        db_bind_int(s, 6, waiver);
        const char *kept[] = {old->languages, old->lived_experience, old->cultural_profile,
                              old->pathways, old->clinical_credential};
        for (int i = 0; i < 5; i++)
            db_bind_text(s, 7 + i, sent(r, text[i]) ? req_str(r, text[i]) : kept[i]);
        db_bind_int(s, 12, capacity);
        db_bind_int(s, 13, now());
        db_bind_int(s, 14, r->me.user_id);
        db_bind_int(s, 15, version);
        rc = db_exec(s);
    }
    if (rc == DB_OK && db_changes(s) != 1) {
        db_rollback(r->db);
        return reply_error(r, 409, "stale", NULL,
                           "Someone else changed this profile meanwhile. Reload and try again.",
                           "version", NULL, NULL);
    }
    if (rc == DB_OK) {
        db_stmt *c = db_prep(r->db, Q_WF_PROFILE_CODES);
        rc = c ? DB_OK : DB_ERR;
        for (int i = 0; c && i < 5; i++)
            db_bind_text(c, 1 + i, codes[i]);
        if (c) {
            db_bind_int(c, 6, r->me.org_id);
            db_bind_int(c, 7, r->id);
            rc = db_exec(c);
        }
    }
    const char *what = arena_printf(r->a, "level=%lld", (long long)level);
    if (rc != DB_OK || req_audit(r, "workforce.profile.update", "user", r->id, what, "ok") ||
        db_commit(r->db) != DB_OK) {
        db_rollback(r->db);
        return reply_error(r, 500, "store", NULL, "The profile could not be saved.", NULL, NULL,
                           NULL);
    }
    json_t *m = json_object();
    jset_int(m, "user_id", r->id);
    return reply_done(r, 200, back(r), m);
}

int h_wf_assign(struct req *r)
{
    struct wf_record rec;
    int64_t supervisor;
    if (wf_reach(r, REACH_ADMIN, &rec))
        return 0;
    if (!req_int(r, "supervisor_id", &supervisor))
        return refuse(r, 400, "supervisor_id", "Choose the supervisor.");
    int32_t start = civil_parse(req_str(r, "start_date"));
    if (start < 0)
        return refuse(r, 400, "start_date", "Enter the start date as YYYY-MM-DD.");
    struct user sup;
    if (supervisor == r->id ||
        user_by_id(r->db, r->a, r->me.org_id, supervisor, &sup) != 1 ||
        sup.role != ROLE_SUPERVISOR || sup.disabled)
        return refuse(r, 422, "supervisor_id",
                      "Choose an active supervisor of this organization.");
    /* One supervisor at a time: the open assignment ends the day before. */
    char prev[11];
    civil_format(start - 1, prev);
    int ok = db_begin(r->db) == DB_OK;
    for (int i = 0; ok && i < rec.assignments.n; i++) {
        const struct wf_entry *e = &rec.assignments.rows[i];
        if (e->date2)
            continue;
        db_stmt *s = db_prep(r->db, Q_WF_ASSIGN_END);
        if (!s) {
            ok = 0;
            break;
        }
        /* An open assignment starting on or after the new one is ended the same day. */
        const char *end = civil_parse(e->date) > start - 1 ? e->date : prev;
        db_bind_text(s, 1, end);
        db_bind_null(s, 2); /* a handover: the old assignment covers its last day */
        db_bind_int(s, 3, r->me.org_id);
        db_bind_int(s, 4, r->id);
        db_bind_int(s, 5, e->id);
        db_bind_text(s, 6, end);
        ok = db_exec(s) == DB_OK;
    }
    db_stmt *s = ok ? db_prep(r->db, Q_WF_ASSIGN_ADD) : NULL;
    if (s) {
        db_bind_int(s, 1, r->me.org_id);
        db_bind_int(s, 2, supervisor);
        db_bind_int(s, 3, r->id);
        db_bind_text(s, 4, req_str(r, "start_date"));
        db_bind_null(s, 5);
        db_bind_int(s, 6, r->me.user_id);
        db_bind_int(s, 7, now());
    } else if (ok) {
        db_rollback(r->db);
        return reply_error(r, 500, "store", NULL, "The assignment could not be saved.", NULL,
                           NULL, NULL);
    }
    if (!ok) {
        db_rollback(r->db);
        return reply_error(r, 500, "store", NULL, "The assignment could not be saved.", NULL,
                           NULL, NULL);
    }
    return finish(r, s, "workforce.supervisor.assign",
                  arena_printf(r->a, "supervisor=%lld", (long long)supervisor));
}

int h_wf_assign_end(struct req *r)
{
    struct wf_record rec;
    if (wf_reach(r, REACH_ADMIN, &rec))
        return 0;
    const char *end = req_str(r, "end_date");
    if (civil_parse(end) < 0)
        return refuse(r, 400, "end_date", "Enter the end date as YYYY-MM-DD.");
    if (db_begin(r->db) != DB_OK)
        return reply_error(r, 500, "store", NULL, "Could not end the assignment.", NULL, NULL,
                           NULL);
    db_stmt *s = db_prep(r->db, Q_WF_ASSIGN_END);
    int rc = DB_ERR;
    if (s) {
        db_bind_text(s, 1, end);
        /* An end today or earlier takes effect at once (issue 7): the supervisor loses the
         * supervisee's caseload now; a later end date ends it after that day. */
        if (civil_parse(end) <= civil_today())
            db_bind_int(s, 2, now());
        else
            db_bind_null(s, 2);
        db_bind_int(s, 3, r->me.org_id);
        db_bind_int(s, 4, r->id);
        db_bind_int(s, 5, r->id2);
        db_bind_text(s, 6, end);
        rc = db_exec(s);
    }
    if (rc == DB_OK && db_changes(s) != 1) {
        db_rollback(r->db);
        return reply_error(r, 404, "not_found", NULL,
                           "There is no open assignment that started on or before that date.",
                           "end_date", NULL, NULL);
    }
    if (rc != DB_OK || req_audit(r, "workforce.supervisor.end", "user", r->id, end, "ok") ||
        db_commit(r->db) != DB_OK) {
        db_rollback(r->db);
        return reply_error(r, 500, "store", NULL, "Could not end the assignment.", NULL, NULL,
                           NULL);
    }
    return reply_done(r, 200, back(r), json_object());
}
