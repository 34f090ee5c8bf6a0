/* ops_workforce.c - the workforce records (ops_workforce.h): each change checks the actor's
 * reach, validates, writes and audits in one transaction. */
#include "ops_workforce.h"

#include <stdlib.h>
#include <string.h>

#include "accounts.h"
#include "civil.h"
#include "evidence.h"
#include "msg.h"
#include "secret.h"
#include "profile.h"
#include "workforce_status.h"

/* One entry's hours: a day of training is the most anyone logs at once for CE or
 * supervision; a multi-day course (Ethics & CCAR) is at most 200 h. */
#define MAX_ENTRY_HOURS 200

int op_wf_allowed(struct op_ctx *c, enum wf_reach_kind k, int64_t user_id)
{
    if (c->who.role == ROLE_ADMIN)
        return 1;
    if (c->who.role == ROLE_SUPERVISOR && k != WFR_ADMIN)
        return wf_supervises(c->db, c->who.org_id, c->who.user_id, user_id, c->today) == 1;
    if (c->who.user_id == user_id)
        return k == WFR_READ || k == WFR_SELF_ADD;
    return 0;
}

enum op_status op_wf_reach(struct op_ctx *c, int64_t user_id, enum wf_reach_kind k,
                           struct wf_record *rec, struct op_result *res)
{
    int rc = wf_load(c->db, c->a, c->who.org_id, user_id, rec);
    if (rc < 0)
        return op_store(res, msg(c->lang, "wf.err_read"));
    if (rc == 1 && op_wf_allowed(c, k, user_id))
        return op_ok(res, user_id, 0);
    if (rc == 1 && k != WFR_READ && op_wf_allowed(c, WFR_READ, user_id))
        return op_forbidden(res, NULL, msg(c->lang, "wf.err.reach"));
    return op_not_found(res, msg(c->lang, "user.err_not_found"));
}

/* Begin and check the reach: OP_OK inside the transaction, else it is over. */
static enum op_status begin_for(struct op_ctx *c, int64_t user_id, enum wf_reach_kind k,
                                struct wf_record *rec, struct op_result *res)
{
    if (op_begin(c, res) != OP_OK)
        return res->status;
    if (op_wf_reach(c, user_id, k, rec, res) != OP_OK)
        return op_end(c, res);
    return OP_OK;
}

/* Fail inside the transaction and end it. */
static enum op_status fail(struct op_ctx *c, struct op_result *res, enum op_status st,
                           const char *field, const char *message)
{
    op_fail(res, st, st == OP_STORE ? "store" : "invalid", NULL, field, message);
    return op_end(c, res);
}

static enum op_status bad(struct op_ctx *c, struct op_result *res, const char *field,
                          const char *message)
{
    return fail(c, res, OP_INVALID, field, message);
}

/* A date that must be a real day, not after today (the record is of something done). */
static int past_date(struct op_ctx *c, struct op_result *res, const char *field, const char *s,
                     int32_t *day)
{
    *day = civil_parse(s);
    if (*day < 0) {
        bad(c, res, field, msg(c->lang, "wf.err.date"));
        return -1;
    }
    if (*day > c->today) {
        bad(c, res, field, msg(c->lang, "wf.err.date_future"));
        return -1;
    }
    return 0;
}

static int minutes_of(struct op_ctx *c, struct op_result *res, const char *field, const char *s,
                      int max_hours, int32_t *minutes)
{
    if (wf_parse_hours(s, max_hours, minutes) != 0) {
        bad(c, res, field,
            msg_fmt(c->a, c->lang, "wf.err.hours", "max", arena_printf(c->a, "%d", max_hours),
                    NULL));
        return -1;
    }
    return 0;
}

/* The person's stored dashboard row, recomputed inside the operation's transaction (the
 * change and its status commit together). 0 or -1. */
static int refresh(struct op_ctx *c, int64_t user_id)
{
    return wf_status_refresh(c->db, c->a, c->who.org_id, user_id, c->today, c->pol);
}

/* The record was inserted (rc): refresh the person's status, audit it and commit. */
static enum op_status recorded(struct op_ctx *c, struct op_result *res, int rc, int64_t id,
                               int64_t user_id, const char *action, const char *what,
                               const char *store_msg)
{
    if (rc != DB_OK || refresh(c, user_id) != 0 ||
        op_audit(c, action, "user", user_id, what, "ok") != 0)
        return fail(c, res, OP_STORE, NULL, store_msg);
    op_ok(res, id, 0);
    return op_end(c, res);
}

/* Each text field's limit, the same as the HTTP input tables (f_wf_* in h_workforce.c), so
 * the CLI and the import are held to them too. 0, or -1 with res set and the transaction
 * over. NULL passes (whether a field is required is the caller's check). */
static int too_long(struct op_ctx *c, struct op_result *res, const char *field, const char *s,
                    size_t max)
{
    if (s && strlen(s) > max) {
        const char *label = msg_find(c->lang, arena_printf(c->a, "field.%s", field));
        bad(c, res, field,
            msg_fmt(c->a, c->lang, "validate.too_long", "label", label ? label : field, "max",
                    arena_printf(c->a, "%zu", max), NULL));
        return -1;
    }
    return 0;
}

/* The longest one supervision session is: ten hours (as the HTTP input table). */
#define MAX_SESSION_MINUTES 600

enum op_status op_wf_training_add(struct op_ctx *c, const struct wf_training_in *in,
                                  struct op_result *res)
{
    struct wf_record rec;
    int32_t day, minutes;
    /* WF-1: training decides scope; a supervisor or administrator records it. */
    if (begin_for(c, in->user_id, WFR_SUPERVISE, &rec, res) != OP_OK)
        return res->status;
    if (past_date(c, res, "date", in->date, &day) ||
        minutes_of(c, res, "hours", in->hours, MAX_ENTRY_HOURS, &minutes) ||
        too_long(c, res, "title", in->title, 200) ||
        too_long(c, res, "provider", in->provider, 200))
        return res->status;
    int kind = wf_training_parse(in->kind);
    if (kind < 0)
        return bad(c, res, "kind", msg(c->lang, "wf.err.training_kind"));
    const char *name = wf_training_name((enum wf_training_kind)kind);
    int64_t id = 0;
    int rc = wf_training_add(c->db, c->who.org_id, in->user_id, name, in->title, minutes,
                             in->date, in->provider, c->who.user_id, c->now, &id);
    return recorded(c, res, rc, id, in->user_id, "workforce.training.add", name,
                    msg(c->lang, "wf.err.save"));
}

enum op_status op_wf_experience_add(struct op_ctx *c, const struct wf_experience_in *in,
                                    struct op_result *res)
{
    struct wf_record rec;
    int32_t day, minutes;
    if (begin_for(c, in->user_id, WFR_SELF_ADD, &rec, res) != OP_OK)
        return res->status;
    /* A single log entry covers at most a month of full-time work. */
    if (past_date(c, res, "date", in->date, &day) ||
        minutes_of(c, res, "hours", in->hours, 200, &minutes) ||
        too_long(c, res, "description", in->description, 500))
        return res->status;
    int64_t id = 0;
    int rc = wf_experience_add(c->db, c->who.org_id, in->user_id, in->date, minutes,
                               in->description, c->who.user_id, c->now, &id);
    return recorded(c, res, rc, id, in->user_id, "workforce.experience.add", NULL,
                    msg(c->lang, "wf.err.save"));
}

enum op_status op_wf_ce_add(struct op_ctx *c, const struct wf_ce_in *in, struct op_result *res)
{
    struct wf_record rec;
    int32_t day, minutes;
    if (begin_for(c, in->user_id, WFR_SELF_ADD, &rec, res) != OP_OK)
        return res->status;
    if (past_date(c, res, "date", in->date, &day) ||
        minutes_of(c, res, "hours", in->hours, 40, &minutes) ||
        too_long(c, res, "title", in->title, 200) ||
        too_long(c, res, "provider", in->provider, 200))
        return res->status;
    int cat = wf_ce_parse(in->category);
    if (cat < 0)
        return bad(c, res, "category",
                   msg(c->lang, "wf.err.ce_category"));
    const char *name = wf_ce_name((enum wf_ce_category)cat);
    int64_t id = 0;
    int rc = wf_ce_add(c->db, c->who.org_id, in->user_id, in->date, minutes, name, in->title,
                       in->provider, c->who.user_id, c->now, &id);
    return recorded(c, res, rc, id, in->user_id, "workforce.ce.add", name,
                    msg(c->lang, "wf.err.save"));
}

enum op_status op_wf_cert_add(struct op_ctx *c, const struct wf_cert_in *in,
                              struct op_result *res)
{
    struct wf_record rec;
    int32_t issued;
    if (begin_for(c, in->user_id, WFR_SUPERVISE, &rec, res) != OP_OK)
        return res->status;
    if (past_date(c, res, "issued", in->issued, &issued) ||
        too_long(c, res, "number", in->number, 64))
        return res->status;
    int32_t expires = civil_parse(in->expires);
    if (expires < 0)
        return bad(c, res, "expires", msg(c->lang, "wf.err.expires"));
    if (expires <= issued)
        return bad(c, res, "expires", msg(c->lang, "wf.err.expires_order"));
    int body = wf_cert_body_parse(in->body);
    if (body < 0)
        return bad(c, res, "body", msg(c->lang, "wf.err.body"));
    const char *name = wf_cert_body_name((enum wf_cert_body)body);
    int64_t id = 0;
    int rc = wf_cert_add(c->db, c->who.org_id, in->user_id, name, in->number, in->issued,
                         in->expires, c->who.user_id, c->now, &id);
    return recorded(c, res, rc, id, in->user_id, "workforce.certification.add", name,
                    msg(c->lang, "wf.err.save"));
}

enum op_status op_wf_supervision_add(struct op_ctx *c, const struct wf_supervision_in *in,
                                     struct op_result *res)
{
    struct wf_record rec;
    int32_t day;
    int64_t supervisor = c->who.user_id;
    if (begin_for(c, in->user_id, WFR_SUPERVISE, &rec, res) != OP_OK)
        return res->status;
    /* WF-5: a session in the future is not supervision received. */
    if (past_date(c, res, "date", in->date, &day))
        return res->status;
    if (!in->has_minutes)
        return bad(c, res, "minutes", msg(c->lang, "wf.err.minutes_missing"));
    if (in->minutes < 1 || in->minutes > MAX_SESSION_MINUTES)
        return bad(c, res, "minutes",
                   msg(c->lang, "wf.err.minutes_range"));
    if (too_long(c, res, "topics", in->topics, 2000))
        return res->status;
    if (!in->kind || (strcmp(in->kind, "administrative") && strcmp(in->kind, "clinical")))
        return bad(c, res, "kind", msg(c->lang, "wf.err.supervision_kind"));
    /* An administrator records a session on behalf of a named supervisor. */
    if (c->who.role == ROLE_ADMIN) {
        if (!in->has_supervisor_id)
            return bad(c, res, "supervisor_id", msg(c->lang, "wf.err.supervisor_missing"));
        supervisor = in->supervisor_id;
    }
    struct user sup;
    if (supervisor == in->user_id ||
        user_by_id(c->db, c->a, c->who.org_id, supervisor, &sup) != 1 ||
        sup.role != ROLE_SUPERVISOR) {
        op_fail(res, OP_REFUSED, "invalid", NULL, "supervisor_id",
                msg(c->lang, "wf.err.supervisor_given"));
        return op_end(c, res);
    }
    int64_t id = 0;
    int rc = wf_supervision_add(c->db, c->who.org_id, supervisor, in->user_id, in->date,
                                in->minutes, in->kind, in->topics, c->who.user_id, c->now, &id);
    return recorded(c, res, rc, id, in->user_id, "workforce.supervision.add", in->kind,
                    msg(c->lang, "wf.err.save"));
}

enum op_status op_wf_profile_save(struct op_ctx *c, const struct wf_profile_in *in,
                                  struct op_result *res)
{
    struct wf_record rec;
    if (begin_for(c, in->user_id, WFR_ADMIN, &rec, res) != OP_OK)
        return res->status;
    const struct wf_profile *old = &rec.prof;
    struct wf_profile_row p = {
        .user_id = in->user_id,
        .level = old->level,
        .education_waiver = in->has_waiver ? in->education_waiver : old->education_waiver,
        .caseload_capacity = in->has_capacity ? in->caseload_capacity
                             : old->has_profile ? old->caseload_capacity
                                                : c->pol->v[POL_CASELOAD_DEFAULT],
    };
    int64_t version = in->has_version ? in->version : old->version;
    if (in->has_level)
        p.level = in->level;
    else if (!old->has_profile)
        return bad(c, res, "level", msg(c->lang, "wf.err.level"));
    const char *edu_s = in->education_sent ? in->education : wf_education_name(old->education);
    int edu = edu_s ? wf_education_parse(edu_s) : EDU_UNKNOWN;
    if (edu < 0)
        return bad(c, res, "education", msg(c->lang, "wf.err.education"));
    p.education = wf_education_name((enum wf_education)edu);
    p.hire_date = in->hire_date_sent ? in->hire_date : old->hire_date;
    /* The ranges of the HTTP input table (f_wf_profile), for the CLI and the import. */
    if (p.level < WF_NONE || p.level > WF_L3)
        return bad(c, res, "level", msg(c->lang, "wf.err.level"));
    if (p.caseload_capacity < 0 || p.caseload_capacity > 200)
        return bad(c, res, "caseload_capacity", msg(c->lang, "wf.err.capacity"));
    if (in->hire_date_sent && p.hire_date && civil_parse(p.hire_date) < 0)
        return bad(c, res, "hire_date", msg(c->lang, "wf.err.hire_date"));
    if (p.hire_date && civil_parse(p.hire_date) > c->today)
        return bad(c, res, "hire_date", msg(c->lang, "wf.err.hire_future"));
    /* The structured matching profile (RC-2): codes of the controlled lists, each kept when
     * not sent; an unknown code is refused naming the field. */
    static const struct {
        const char *name;
        enum profile_list list;
    } pf[] = {{"language_codes", PL_LANGUAGE}, {"gender", PL_GENDER},
              {"substance_codes", PL_SUBSTANCE}, {"pathway_codes", PL_PATHWAY},
              {"culture_codes", PL_CULTURE}};
    const char *codes[5], *kept_codes[5] = {old->language_codes, old->gender, old->substance_codes,
                                            old->pathway_codes, old->culture_codes};
    for (int i = 0; i < 5; i++) {
        if (!in->codes_sent[i]) {
            codes[i] = kept_codes[i];
            continue;
        }
        char norm[PROFILE_LIST_MAX], badc[48];
        if (profile_normalize(pf[i].list, in->codes[i], norm, sizeof norm, badc, sizeof badc) !=
            0)
            return bad(c, res, pf[i].name,
                       msg_fmt(c->a, c->lang,
                               arena_printf(c->a, badc[0] ? "profile.err.unknown.%s"
                                                          : "profile.err.choose.%s",
                                            profile_list_key(pf[i].list)),
                               "code", badc, NULL));
        codes[i] = norm[0] ? arena_strdup(c->a, norm) : NULL;
    }
    const char *kept[] = {old->languages, old->lived_experience, old->cultural_profile,
                          old->pathways, old->clinical_credential};
    static const char *const text_name[] = {"languages", "lived_experience",
                                            "cultural_profile", "pathways",
                                            "clinical_credential"};
    static const size_t text_max[] = {200, 1000, 1000, 300, 100};
    const char *text[5];
    for (int i = 0; i < 5; i++) {
        text[i] = in->text_sent[i] ? in->text[i] : kept[i];
        if (in->text_sent[i] && too_long(c, res, text_name[i], text[i], text_max[i]))
            return res->status;
    }
    p.languages = text[0];
    p.lived_experience = text[1];
    p.cultural_profile = text[2];
    p.pathways = text[3];
    p.clinical_credential = text[4];
    const char *failed = msg(c->lang, "wf.err.profile_store");
    int rc = wf_profile_save(c->db, c->who.org_id, &p, c->who.user_id, c->now, version);
    if (rc < 0)
        return fail(c, res, OP_STORE, NULL, failed);
    if (rc == 0) {
        op_fail(res, OP_CONFLICT, "stale", NULL, "version",
                msg(c->lang, "wf.err.profile_stale"));
        return op_end(c, res);
    }
    const char *what = arena_printf(c->a, "level=%lld", (long long)p.level);
    if (wf_profile_codes(c->db, c->who.org_id, in->user_id, codes) != DB_OK ||
        refresh(c, in->user_id) != 0 ||
        op_audit(c, "workforce.profile.update", "user", in->user_id, what, "ok") != 0)
        return fail(c, res, OP_STORE, NULL, failed);
    op_ok(res, in->user_id, version + 1);
    return op_end(c, res);
}

enum op_status op_wf_assign(struct op_ctx *c, const struct wf_assign_in *in,
                            struct op_result *res)
{
    struct wf_record rec;
    if (begin_for(c, in->user_id, WFR_ADMIN, &rec, res) != OP_OK)
        return res->status;
    if (!in->has_supervisor_id)
        return bad(c, res, "supervisor_id", msg(c->lang, "wf.err.supervisor_choose"));
    int32_t start = civil_parse(in->start_date);
    if (start < 0)
        return bad(c, res, "start_date", msg(c->lang, "wf.err.start_date"));
    struct user sup;
    if (in->supervisor_id == in->user_id ||
        user_by_id(c->db, c->a, c->who.org_id, in->supervisor_id, &sup) != 1 ||
        sup.role != ROLE_SUPERVISOR || sup.disabled) {
        op_fail(res, OP_REFUSED, "invalid", NULL, "supervisor_id",
                msg(c->lang, "wf.err.supervisor_active"));
        return op_end(c, res);
    }
    const char *failed = msg(c->lang, "wf.err.assign_store");
    /* One supervisor at a time: the open assignment ends the day before. */
    char prev[11];
    civil_format(start - 1, prev);
    for (int i = 0; i < rec.assignments.n; i++) {
        const struct wf_entry *e = &rec.assignments.rows[i];
        if (e->date2)
            continue;
        /* An open assignment starting on or after the new one is ended the same day; a
         * handover (ended_at NULL): the old assignment covers its last day. */
        const char *end = civil_parse(e->date) > start - 1 ? e->date : prev;
        if (wf_assign_end(c->db, c->who.org_id, in->user_id, e->id, end, 0) < 0)
            return fail(c, res, OP_STORE, NULL, failed);
    }
    int64_t id = 0;
    int rc = wf_assign_add(c->db, c->who.org_id, in->supervisor_id, in->user_id, in->start_date,
                           c->who.user_id, c->now, &id);
    return recorded(c, res, rc, id, in->user_id, "workforce.supervisor.assign",
                    arena_printf(c->a, "supervisor=%lld", (long long)in->supervisor_id),
                    msg(c->lang, "wf.err.save"));
}

enum op_status op_wf_assign_end(struct op_ctx *c, const struct wf_assign_end_in *in,
                                struct op_result *res)
{
    struct wf_record rec;
    if (begin_for(c, in->user_id, WFR_ADMIN, &rec, res) != OP_OK)
        return res->status;
    int32_t end = civil_parse(in->end_date);
    if (end < 0)
        return bad(c, res, "end_date", msg(c->lang, "wf.err.end_date"));
    const char *failed = msg(c->lang, "wf.err.end_store");
    /* An end today or earlier takes effect at once (WF-5): the supervisor loses the
     * supervisee's caseload now; a later end date ends it after that day. */
    int rc = wf_assign_end(c->db, c->who.org_id, in->user_id, in->assignment_id, in->end_date,
                           end <= c->today ? c->now : 0);
    if (rc < 0)
        return fail(c, res, OP_STORE, NULL, failed);
    if (rc == 0) {
        op_fail(res, OP_NOT_FOUND, "not_found", NULL, "end_date",
                msg(c->lang, "wf.err.end_not_found"));
        return op_end(c, res);
    }
    if (refresh(c, in->user_id) != 0 ||
        op_audit(c, "workforce.supervisor.end", "user", in->user_id, in->end_date, "ok") != 0)
        return fail(c, res, OP_STORE, NULL, failed);
    op_ok(res, in->assignment_id, 0);
    return op_end(c, res);
}

enum op_status op_wf_evidence_add(struct op_ctx *c, const struct wf_evidence_in *in,
                                  struct wf_evidence_out *out, struct op_result *res)
{
    static const struct {
        const char *type;
        enum wf_evidence_kind kind;
        enum wf_reach_kind reach;
    } kinds[] = {
        {"certification", WFE_CERT, WFR_SUPERVISE},
        {"training", WFE_TRAINING, WFR_SUPERVISE},
        {"ce", WFE_CE, WFR_SELF_ADD},
    };
    const char *dash = in->record ? strrchr(in->record, '-') : NULL;
    int64_t record_id = dash ? strtoll(dash + 1, NULL, 10) : 0;
    int k = -1;
    for (int i = 0; dash && i < 3; i++)
        if (strlen(kinds[i].type) == (size_t)(dash - in->record) &&
            !strncmp(in->record, kinds[i].type, (size_t)(dash - in->record)))
            k = i;
    if (k < 0 || record_id <= 0)
        return op_invalid(res, "record",
                          msg(c->lang, "wf.err.record"));
    struct wf_record rec;
    if (begin_for(c, in->user_id, kinds[k].reach, &rec, res) != OP_OK)
        return res->status;
    if (!in->data)
        return bad(c, res, "file", msg(c->lang, "wf.err.file"));
    const char *why = NULL;
    const char *ctype = evidence_type_lang(in->data, in->len, c->lang, &why);
    if (!ctype) {
        op_fail(res, OP_REFUSED, "evidence_type", NULL, "file", why);
        return op_end(c, res);
    }
    char name[101];
    evidence_filename(in->filename, name);
    unsigned char digest[32];
    crypto_hash_sha256(digest, in->data, in->len);
    hex_encode(digest, sizeof digest, out->sha256);
    out->content_type = ctype;
    const char *failed = msg(c->lang, "wf.err.file_store");
    int64_t id = 0;
    if (wf_evidence_add(c->db, c->who.org_id, in->user_id, name, ctype, in->data, in->len,
                        out->sha256, c->who.user_id, c->now, &id) != DB_OK)
        return fail(c, res, OP_STORE, NULL, failed);
    int rc = wf_evidence_link(c->db, kinds[k].kind, id, c->who.org_id, in->user_id, record_id);
    if (rc < 0)
        return fail(c, res, OP_STORE, NULL, failed);
    if (rc == 0) {
        op_fail(res, OP_NOT_FOUND, "not_found", NULL, "record_id",
                msg(c->lang, "wf.err.record_not_found"));
        return op_end(c, res);
    }
    if (op_audit(c, "workforce.evidence.add", "user", in->user_id,
                 arena_printf(c->a, "%s %lld sha256=%s", kinds[k].type, (long long)record_id,
                              out->sha256),
                 "ok") != 0)
        return fail(c, res, OP_STORE, NULL, failed);
    op_ok(res, id, 0);
    return op_end(c, res);
}
