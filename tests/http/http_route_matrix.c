/* http_route_matrix.c - every routes[] row x every kind of caller x page/API, judged by the row.
 *
 * Callers: the fixture user of each role in organization alpha, an anonymous
 * client, and a user of organization beta (with a role the row allows, when
 * it allows any). Expectations come from the row's flags and role mask only:
 *   RT_PUBLIC                      never 401 or 403
 *   anonymous                      API 401; page GET 303 to /login; page POST 401
 *   role not in the row's mask     403
 *   beta user, allowed, {id} row   404 (the id is alpha's: no existence leak)
 *   role allowed                   neither 401 nor 403
 * and never a 5xx. Each (route, caller, mode) is one cmocka test; a row this
 * program cannot drive (an unknown {placeholder}, method or flag) fails. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "auth.h"
#include "civil.h"
#include "handlers.h"
#include "harness.h"
#include "http.h"
#include "workforce.h"

enum { WHO_ANON = ROLE__COUNT, WHO_OTHER_ORG, WHO__COUNT };
enum { MODE_PAGE, MODE_API };

#define KNOWN_FLAGS (RT_PUBLIC | RT_NO_CSRF | RT_API_ONLY | RT_PAGE_ONLY | RT_UPLOAD)

/* The file every upload row gets: the smallest thing that sniffs as a PDF. */
static const char pdf[] = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

struct check {
    const struct route *rt;
    int mode, who;
    char name[200];
    long got;      /* the status, 0 until run (or when no response came) */
    int failed;    /* 1 when the answer was not the expected one */
    char want[40]; /* what the row says, for the table */
};

static th_env *env;
static int64_t target_user; /* the alpha peer whose id fills /users/{id} and /workforce/{id} */
static th_sess *cached[2][ROLE__COUNT]; /* signed-in sessions for GET checks, by org and role */
static struct check *checks;
static size_t nchecks;

static const char *who_name(int who)
{
    return who == WHO_ANON ? "anonymous" : who == WHO_OTHER_ORG ? "other-org" : role_name(who);
}

/* The organization and role a caller signs in as (org -1: anonymous). The
 * other organization's caller takes the first role the row allows, so that
 * only the organization differs from an allowed caller. */
static void caller(const struct check *c, int *org, int *role)
{
    *org = TH_ALPHA;
    *role = c->who;
    if (c->who == WHO_ANON) {
        *org = -1;
    } else if (c->who == WHO_OTHER_ORG) {
        *org = TH_BETA;
        *role = ROLE_ADMIN;
        if (!(c->rt->flags & RT_PUBLIC))
            for (int r = 0; r < ROLE__COUNT; r++)
                if (c->rt->roles & RB(r)) {
                    *role = r;
                    break;
                }
    }
}

/* What the row alone says this caller gets; fills c->want. Returns 1 when st matches. */
static int judge(struct check *c, long st, const char *location)
{
    const struct route *rt = c->rt;
    int org, role;
    caller(c, &org, &role);
    int allowed = org >= 0 && (rt->roles & RB(role));
    int post = strcmp(rt->method, "GET") != 0;
    if (st == 0 || st >= 500) {
        snprintf(c->want, sizeof c->want, "no 5xx");
        return 0;
    }
    if (rt->flags & RT_PUBLIC) {
        snprintf(c->want, sizeof c->want, "not 401/403");
        return st != 401 && st != 403;
    }
    if (org < 0 && c->mode == MODE_PAGE && !post) {
        snprintf(c->want, sizeof c->want, "303 /login");
        return st == 303 && location && strcmp(location, "/login") == 0;
    }
    if (org < 0) {
        snprintf(c->want, sizeof c->want, "401");
        return st == 401;
    }
    if (!allowed) {
        snprintf(c->want, sizeof c->want, "403");
        return st == 403;
    }
    if (org == TH_BETA && strchr(rt->pattern, '{')) {
        snprintf(c->want, sizeof c->want, "404");
        return st == 404;
    }
    snprintf(c->want, sizeof c->want, "not 401/403");
    return st != 401 && st != 403;
}

/* Why this program cannot drive the row, or NULL when it can. */
static const char *row_problem(const struct route *rt)
{
    if (rt->flags & ~(unsigned)KNOWN_FLAGS)
        return "the row has a flag this test does not know";
    if ((rt->flags & RT_API_ONLY) && (rt->flags & RT_PAGE_ONLY))
        return "the row is both API-only and page-only: nothing can reach it";
    if (strcmp(rt->method, "GET") != 0 && strcmp(rt->method, "POST") != 0)
        return "the row's method is neither GET nor POST";
    if (rt->roles & ~(unsigned)R_ANY)
        return "the row's role mask has bits beyond the known roles";
    if (rt->pattern[0] != '/')
        return "the row's pattern does not start with /";
    return NULL;
}

/* An active alpha API token's id (a new one each call: a check may revoke it). */
static int64_t fresh_token_id(void)
{
    char tok[TOKEN_LEN];
    int64_t id = -1;
    if (token_issue(env->db, env->org[TH_ALPHA].id, env->org[TH_ALPHA].user_id[ROLE_ADMIN],
                    "matrix", (int64_t)time(NULL) + 86400, tok, &id) != 0)
        return -1;
    return id;
}

/* What a {placeholder} names, told by the path segment before it. A row
 * whose placeholder is not here cannot be checked, and its checks fail. */
enum id_kind {
    K_UNKNOWN,
    K_USER,
    K_TOKEN,
    K_SUPERVISOR,
    K_EVIDENCE,
    K_RECOVEREE,
    K_CONSENT,
    K_DISCLOSURE,
    K_GOAL,
    K_ASSIGNMENT,
    K_BREAK_GLASS,
    K_RESOURCE,
    K_REFERRAL,
    K_PAYER,
    K_PAYER_CODE,
    K_CLAIM_BATCH,
    K_SERVICE,
    K_DRAFT,
    K_BOUNDARY_RULE,
    K_TASK,
    K_GROUP,
    K_TEMPLATE,
    K_SESSION,
    K_INCIDENT,
    K_NOTICE,
    K_FACILITATOR,
    K_MEMBER,
    K_MON_PARTICIPANT,
    K_MON_TEST,
    K_MON_VIOLATION,
    K_MON_UNAVAIL,
    K_MON_REPORT,
};
static const struct {
    const char *before, *placeholder;
    enum id_kind kind;
} id_kinds[] = {
    {"/users/", "{id}", K_USER},              /* a staff member */
    {"/workforce/", "{id}", K_USER},          /* a staff member's workforce record */
    {"/tokens/", "{id}", K_TOKEN},            /* an API token */
    {"/supervisors/", "{id2}", K_SUPERVISOR}, /* the supervisor of an assignment */
    {"/evidence/", "{id2}", K_EVIDENCE},      /* a file attached to the {id} user's record */
    {"/recoverees/", "{id}", K_RECOVEREE},    /* a recoveree on the target peer's caseload */
    {"/consents/", "{id2}", K_CONSENT},       /* a signed consent of that recoveree */
    {"/disclosures/", "{id2}", K_DISCLOSURE}, /* a disclosure under it */
    {"/goals/", "{id2}", K_GOAL},             /* a goal of the recoveree's plan */
    {"/assign/", "{id2}", K_ASSIGNMENT},      /* the target peer's caseload assignment */
    {"/break-glass/", "{id}", K_BREAK_GLASS}, /* an emergency access grant */
    {"/resources/", "{id}", K_RESOURCE},      /* a resource of alpha's directory (SV-7) */
    {"/referrals/", "{id}", K_REFERRAL},      /* a referral of the recoveree to it */
    {"/payers/", "{id}", K_PAYER},            /* a payer (SV-8) */
    {"/codes/", "{id2}", K_PAYER_CODE},       /* a code of that payer */
    {"/batches/", "{id}", K_CLAIM_BATCH},     /* a claim batch of that payer */
    {"/services/", "{id}", K_SERVICE},        /* a service the target peer delivered */
    {"/drafts/", "{id}", K_DRAFT},            /* alpha's administrator's service draft */
    {"/assignments/", "{id}", K_ASSIGNMENT},  /* the caseload assignment, on the review list */
    {"/boundary-rules/", "{id}", K_BOUNDARY_RULE}, /* an organization boundary rule (SV-5) */
    {"/checkups/phone/", "{id}", K_RECOVEREE}, /* a recoveree (of the telephone queue or not) */
    {"/tasks/", "{id}", K_TASK},               /* a re-intervention task of that recoveree */
    {"/groups/templates/", "{id}", K_TEMPLATE}, /* a session plan template (GR-2) */
    {"/groups/", "{id}", K_GROUP},             /* a group the recoveree belongs to (GR-1) */
    {"/sessions/", "{id}", K_SESSION},         /* the group's session of a week ago */
    {"/incidents/", "{id}", K_INCIDENT},       /* an incident reported there (GR-5) */
    {"/inbox/", "{id}", K_NOTICE},             /* the case manager's notice of it */
    {"/facilitators/", "{id2}", K_FACILITATOR}, /* the group's facilitator */
    {"/members/", "{id2}", K_MEMBER},          /* the recoveree, a member */
    {"/monitoring/participants/", "{id}", K_MON_PARTICIPANT}, /* a monitoring participant (GR-6) */
    {"/board/participants/", "{id}", K_MON_PARTICIPANT}, /* the same, as the board sees them */
    {"/monitoring/tests/", "{id}", K_MON_TEST},              /* a random test they were drawn for */
    {"/monitoring/violations/", "{id}", K_MON_VIOLATION},    /* an open violation of theirs */
    {"/monitoring/unavailability/", "{id}", K_MON_UNAVAIL},  /* a requested unavailability */
    {"/monitoring/reports/", "{id}", K_MON_REPORT},          /* a report they owe */
};

/* A payer of alpha with a code and an (empty) claim batch, made once with test-only SQL:
 * 0, or -1. Their ids are fixed (7001, 7002, 7003). */
static int make_billing_records(void)
{
    static int done;
    if (done)
        return done > 0 ? 0 : -1;
    long long org = (long long)env->org[TH_ALPHA].id,
              by = (long long)env->org[TH_ALPHA].user_id[ROLE_ADMIN];
    done = th_sql(env, "INSERT INTO payers (id, org_id, name, funding_source, updated_by, "
                       "updated_at) VALUES (7001, %lld, 'Matrix payer', 'medicaid', %lld, 1)",
                  org, by) == 0 &&
                   th_sql(env, "INSERT INTO payer_codes (id, org_id, payer_id, code) VALUES "
                               "(7002, %lld, 7001, 'H0038')",
                          org) == 0 &&
                   th_sql(env, "INSERT INTO claim_batches (id, org_id, payer_id, period_from, "
                               "period_to, control_number, claims, total_cents, created_by, "
                               "created_at) VALUES (7003, %lld, 7001, '2026-01-01', "
                               "'2026-01-31', 1, 0, 0, %lld, 1)",
                          org, by) == 0
               ? 1
               : -1;
    return done > 0 ? 0 : -1;
}

/* One recoveree of alpha with a record of every kind, made once through the API as
 * alpha's admin: the target peer (given a workforce profile and a supervisor so the
 * workforce rules allow it) has them on their caseload; a signed consent, a disclosure
 * under it, a plan with a goal, and an emergency access grant. */
static struct {
    int made;
    int64_t recoveree, consent, disclosure, goal, assignment, grant, resource, referral;
    int64_t service, draft, brule, task;
} rc;

static int make_recoveree_records(void)
{
    if (rc.made)
        return rc.recoveree > 0 && rc.consent > 0 && rc.disclosure > 0 && rc.goal > 0 &&
                       rc.assignment > 0 && rc.grant > 0 && rc.resource > 0 && rc.referral > 0 &&
                       rc.service > 0 && rc.draft > 0 && rc.brule > 0 && rc.task > 0
                   ? 0
                   : -1;
    rc.made = 1;
    th_sess *a = th_sess_new(env);
    long st = th_login(a, "alpha", "admin", TH_PASSWORD);
    char p[160];
#define STEP(want, body, ...)                                                                    \
    do {                                                                                       \
        snprintf(p, sizeof p, __VA_ARGS__);                                                     \
        if (st != 200 || th_post(a, body, "%s", p) != (want)) {                                 \
            print_error("could not make recoveree records at %s:\n%s", p, th_last(a));         \
            th_sess_free(a);                                                                   \
            return -1;                                                                         \
        }                                                                                      \
    } while (0)
    int64_t t = target_user;
    STEP(200, json_pack("{s:i,s:s}", "level", 2, "hire_date", "2026-01-05"),
         "/api/v1/workforce/%lld/profile", (long long)t);
    STEP(201, json_pack("{s:s,s:s,s:s,s:s}", "kind", "ethics_ccar", "title", "CCAR", "hours", "18",
                        "date", "2026-01-06"),
         "/api/v1/workforce/%lld/trainings", (long long)t);
    STEP(201, json_pack("{s:I,s:s}", "supervisor_id",
                        (json_int_t)env->org[TH_ALPHA].user_id[ROLE_SUPERVISOR], "start_date",
                        "2026-01-05"),
         "/api/v1/workforce/%lld/supervisors", (long long)t);
    STEP(201, json_pack("{s:s,s:s,s:s,s:s}", "first_name", "Matrix", "last_name", "Recoveree", "dob",
                        "1980-02-02", "language", "English"),
         "/api/v1/recoverees");
    rc.recoveree = th_jint(a, "id");
    STEP(201, json_pack("{s:I}", "peer_id", (json_int_t)t), "/api/v1/recoverees/%lld/assign",
         (long long)rc.recoveree);
    rc.assignment = th_jint(a, "id");
    STEP(201,
         json_pack("{s:s,s:s,s:s,s:s,s:s,s:b,s:s,s:s}", "kind", "specific", "disclosers",
                   "Alpha program", "information", "Attendance", "recipients", "Clinic A",
                   "purposes", "care coordination", "revocation_stmt", 1, "revocation_how",
                   "in writing", "expires_on", "2099-01-01"),
         "/api/v1/recoverees/%lld/consents", (long long)rc.recoveree);
    rc.consent = th_jint(a, "id");
    STEP(200, json_pack("{s:s}", "signature", "Matrix Recoveree"),
         "/api/v1/recoverees/%lld/consents/%lld/sign", (long long)rc.recoveree,
         (long long)rc.consent);
    STEP(201,
         json_pack("{s:I,s:s,s:s,s:s}", "consent_id", (json_int_t)rc.consent, "recipient",
                   "Clinic A", "purpose", "care coordination", "what", "Attendance"),
         "/api/v1/recoverees/%lld/disclosures", (long long)rc.recoveree);
    rc.disclosure = th_jint(a, "id");
    STEP(201, json_pack("{s:s}", "strengths", "Family"), "/api/v1/recoverees/%lld/plan",
         (long long)rc.recoveree);
    STEP(201, json_pack("{s:s,s:s}", "domain", "Housing", "goal", "My own place"),
         "/api/v1/recoverees/%lld/plan/goals", (long long)rc.recoveree);
    rc.goal = th_jint(a, "id");
    STEP(201, json_pack("{s:s,s:s,s:s}", "kind", "food", "name", "Matrix Pantry", "zip", "07102"),
         "/api/v1/resources");
    rc.resource = th_jint(a, "id");
    STEP(201, json_pack("{s:I}", "resource_id", (json_int_t)rc.resource),
         "/api/v1/recoverees/%lld/referrals", (long long)rc.recoveree);
    rc.referral = th_jint(a, "id");
    STEP(201,
         json_pack("{s:I,s:[I],s:s,s:s,s:s,s:s,s:i,s:s}", "peer_id", (json_int_t)t, "recoverees",
                   (json_int_t)rc.recoveree, "modality", "telephone", "intensity", "low",
                   "setting", "remote", "activity", "ally", "minutes", 15, "note",
                   "Matrix check-in call."),
         "/api/v1/services");
    rc.service = th_jint(a, "id");
    STEP(201, json_pack("{s:I,s:s}", "recoveree_id", (json_int_t)rc.recoveree, "fields",
                        "{\"note\":\"half\"}"),
         "/api/v1/services/drafts");
    rc.draft = th_jint(a, "id");
    STEP(201, json_pack("{s:s,s:s,s:s}", "lane", "clergy", "effect", "warn", "pattern",
                        "matrix test phrase"),
         "/api/v1/boundary-rules");
    rc.brule = th_jint(a, "id");
    /* SV-6: a check-up whose outcome makes an early re-intervention task. */
    STEP(201, json_pack("{s:s,s:s}", "modality", "telephone", "outcome", "reintervention"),
         "/api/v1/recoverees/%lld/checkups", (long long)rc.recoveree);
    rc.task = th_jint(a, "task.id");
#undef STEP
    th_sess_free(a);
    /* Emergency access is a supervisor's or a peer's (administrators reach every record). */
    th_sess *sv = th_sess_new(env);
    if (th_login(sv, "alpha", "supervisor", TH_PASSWORD) != 200 ||
        th_post(sv, json_pack("{s:s}", "reason", "Matrix test: an emergency grant to review."),
                "/api/v1/recoverees/%lld/break-glass", (long long)rc.recoveree) != 201) {
        print_error("could not open an emergency grant:\n%s", th_last(sv));
        th_sess_free(sv);
        return -1;
    }
    th_sess_free(sv);
    /* The grant's id: the newest of alpha's. */
    db_stmt *q = db_prep(env->db, Q_BG_LIST);
    if (q) {
        db_bind_int(q, 1, env->org[TH_ALPHA].id);
        db_bind_int(q, 2, 1);
        if (db_step(q) == DB_ROW)
            rc.grant = db_col_int(q, 0);
        db_exec(q);
    }
    return rc.grant > 0 ? 0 : -1;
}

static int64_t recoveree_record(enum id_kind k)
{
    if (make_recoveree_records() != 0)
        return -1;
    switch (k) {
    case K_RECOVEREE: return rc.recoveree;
    case K_CONSENT: return rc.consent;
    case K_DISCLOSURE: return rc.disclosure;
    case K_GOAL: return rc.goal;
    case K_ASSIGNMENT: return rc.assignment;
    case K_BREAK_GLASS: return rc.grant;
    case K_RESOURCE: return rc.resource;
    case K_REFERRAL: return rc.referral;
    case K_SERVICE: return rc.service;
    case K_DRAFT: return rc.draft;
    case K_BOUNDARY_RULE: return rc.brule;
    case K_TASK: return rc.task;
    default: return -1;
    }
}

/* An evidence file of the target user, made once through the API (a training
 * record, then a PDF attached to it): -1 when that fails. */
static int64_t evidence_id(void)
{
    static int64_t id;
    if (id)
        return id;
    id = -1;
    th_sess *a = th_sess_new(env);
    if (th_login(a, "alpha", "admin", TH_PASSWORD) == 200 &&
        th_post(a,
                json_pack("{s:s, s:s, s:s, s:s}", "kind", wf_training_name(TR_OTHER), "title",
                          "Matrix evidence", "hours", "1", "date", "2026-01-05"),
                "/api/v1/workforce/%lld/trainings", (long long)target_user) == 201) {
        char record[48];
        snprintf(record, sizeof record, "training-%lld", (long long)th_jint(a, "id"));
        if (th_post_file(a, json_pack("{s:s}", "record", record), "matrix.pdf", pdf, sizeof pdf - 1,
                         "/api/v1/workforce/%lld/evidence", (long long)target_user) == 201)
            id = th_jint(a, "id");
    }
    if (id <= 0)
        print_error("could not make an evidence file:\n%s", th_last(a));
    th_sess_free(a);
    return id;
}

/* The kind of the placeholder at pattern[at] given the path so far. */
static enum id_kind kind_at(const char *sofar, size_t n, const char *at)
{
    for (size_t i = 0; i < sizeof id_kinds / sizeof *id_kinds; i++) {
        size_t bl = strlen(id_kinds[i].before), pl = strlen(id_kinds[i].placeholder);
        if (n >= bl && strncmp(sofar + n - bl, id_kinds[i].before, bl) == 0 &&
            strncmp(at, id_kinds[i].placeholder, pl) == 0)
            return id_kinds[i].kind;
    }
    return K_UNKNOWN;
}

/* A group with the recoveree as a member, the facilitator fixture as its facilitator, its
 * session of a week ago, an incident reported there about the recoveree (reaching the case
 * manager fixture, recorded as the recoveree's monitoring case manager: the notice), and a
 * session plan template; made once through the API. */
static struct {
    int made;
    int64_t group, session, incident, notice, tpl;
} gr;

static int64_t group_record(enum id_kind k)
{
    if (!gr.made) {
        gr.made = 1;
        if (make_recoveree_records() != 0)
            return -1;
        th_sess *a = th_sess_new(env);
        long st = th_login(a, "alpha", "admin", TH_PASSWORD);
        char p[160], rule[48], start[11];
        static const char *const wd[7] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};
        int32_t first = th_today() - 7;
        civil_format(first, start);
        snprintf(rule, sizeof rule, "FREQ=WEEKLY;BYDAY=%s", wd[first % 7]); /* day 0: Monday */
#define STEP(want, body, ...)                                                                    \
    do {                                                                                       \
        snprintf(p, sizeof p, __VA_ARGS__);                                                     \
        if (st != 200 || th_post(a, body, "%s", p) != (want)) {                                 \
            print_error("could not make group records at %s:\n%s", p, th_last(a));             \
            th_sess_free(a);                                                                   \
            return -1;                                                                         \
        }                                                                                      \
    } while (0)
        STEP(201, json_pack("{s:s,s:s,s:s,s:i,s:s,s:s,s:s,s:i,s:s}", "name", "Matrix Group",
                            "kind", "recovery_support", "place", "Room 1", "capacity", 10,
                            "ground_rules", "Respect.", "start_date", start, "start_time",
                            "00:00", "minutes", 60, "rrule", rule),
             "/api/v1/groups");
        gr.group = th_jint(a, "id");
        STEP(200, json_pack("{s:I}", "user_id",
                            (json_int_t)env->org[TH_ALPHA].user_id[ROLE_FACILITATOR]),
             "/api/v1/groups/%lld/facilitators", (long long)gr.group);
        STEP(200, json_pack("{s:I,s:b}", "recoveree_id", (json_int_t)rc.recoveree, "agreed", 1),
             "/api/v1/groups/%lld/members", (long long)gr.group);
        STEP(201, json_pack("{s:I,s:s}", "staff_id",
                            (json_int_t)env->org[TH_ALPHA].user_id[ROLE_CASE_MANAGER], "kind",
                            "monitoring_case_manager"),
             "/api/v1/recoverees/%lld/relationships", (long long)rc.recoveree);
        STEP(200, json_pack("{s:s}", "date", start), "/api/v1/groups/%lld/sessions",
             (long long)gr.group);
        gr.session = th_jint(a, "id");
        STEP(201, json_pack("{s:I,s:s,s:s}", "recoveree_id", (json_int_t)rc.recoveree, "kind",
                            "relapse", "details", "Matrix incident."),
             "/api/v1/sessions/%lld/incidents", (long long)gr.session);
        gr.incident = th_jint(a, "id");
        STEP(201, json_pack("{s:s,s:s}", "name", "Matrix plan", "segments", "Check-in | 10"),
             "/api/v1/groups/templates");
        gr.tpl = th_jint(a, "id");
#undef STEP
        th_sess_free(a);
        /* The notice the incident made: its notification_id (q_groups.def INC_GET). */
        db_stmt *q = db_prep(env->db, Q_INC_GET);
        if (q) {
            db_bind_int(q, 1, env->org[TH_ALPHA].id);
            db_bind_int(q, 2, gr.incident);
            if (db_step(q) == DB_ROW)
                gr.notice = db_col_int(q, 14);
            db_exec(q);
        }
    }
    switch (k) {
    case K_GROUP: return gr.group;
    case K_TEMPLATE: return gr.tpl;
    case K_SESSION: return gr.session;
    case K_INCIDENT: return gr.incident;
    case K_NOTICE: return gr.notice;
    case K_FACILITATOR: return gr.group ? env->org[TH_ALPHA].user_id[ROLE_FACILITATOR] : -1;
    case K_MEMBER: return gr.group ? rc.recoveree : -1;
    default: return -1;
    }
}

/* A monitoring program and a participant enrolled in it (through the API as alpha's admin,
 * with the case manager fixture as their case manager), then, with test-only SQL and fixed ids
 * (7101..7104), a test they were selected for, an open violation, a requested unavailability
 * and a report they owe. */
static struct {
    int made;
    int64_t participant;
} mon;

static int64_t monitor_record(enum id_kind k)
{
    if (!mon.made) {
        mon.made = -1;
        th_sess *a = th_sess_new(env);
        long st = th_login(a, "alpha", "admin", TH_PASSWORD);
        int64_t program = 0, rec = 0;
        if (st == 200 &&
            th_post(a,
                    json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "name",
                              "Matrix program", "board", "Matrix Board of Nursing", "checkin_from",
                              "00:00", "checkin_to", "23:59", "test_by_earliest", "10:00",
                              "test_by_latest", "18:00", "sites", "Matrix Lab, 1 Main St",
                              "fee_tiers", "100|20\n-1|80", "poverty_base", "15650",
                              "poverty_per_person", "5500", "phases",
                              "Matrix phase | daily | 1 | 7 | group:1/month, "
                              "self_report:1/month |"),
                    "/api/v1/monitoring/programs") == 201)
            program = th_jint(a, "id");
        if (program > 0 &&
            th_post(a,
                    json_pack("{s:s,s:s,s:s,s:s}", "first_name", "Matrix", "last_name",
                              "Participant", "dob", "1975-03-03", "language", "English"),
                    "/api/v1/recoverees") == 201)
            rec = th_jint(a, "id");
        char start[11];
        civil_format(th_today() - 40, start);
        if (rec > 0 &&
            th_post(a,
                    json_pack("{s:I,s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:i}", "recoveree_id",
                              (json_int_t)rec, "program_id", (json_int_t)program,
                              "case_manager_id",
                              (json_int_t)env->org[TH_ALPHA].user_id[ROLE_CASE_MANAGER],
                              "licence_type", "RN", "licence_number", "MX0001", "licence_state",
                              "NJ", "board", "Matrix Board of Nursing", "start_date", start,
                              "months", 12),
                    "/api/v1/monitoring/participants") == 201)
            mon.participant = th_jint(a, "id");
        if (mon.participant <= 0)
            print_error("could not make monitoring records:\n%s", th_last(a));
        th_sess_free(a);
        long long org = (long long)env->org[TH_ALPHA].id, pid = (long long)mon.participant;
        if (mon.participant > 0 &&
            th_sql(env, "INSERT INTO mon_tests (id, org_id, participant_id, day, kind, state, "
                        "updated_at) VALUES (7101, %lld, %lld, '%s', 'urine', 'selected', 1)",
                   org, pid, start) == 0 &&
            th_sql(env, "INSERT INTO mon_violations (id, org_id, participant_id, day, kind, "
                        "test_id, state, created_at) VALUES (7102, %lld, %lld, '%s', "
                        "'missed_test', 7101, 'open', 1)",
                   org, pid, start) == 0 &&
            th_sql(env, "INSERT INTO mon_unavailability (id, org_id, participant_id, from_day, "
                        "to_day, reason, state, requested_at) VALUES (7103, %lld, %lld, "
                        "'2099-01-01', '2099-01-03', 'Matrix travel', 'requested', 1)",
                   org, pid) == 0 &&
            th_sql(env, "INSERT INTO mon_reports (id, org_id, participant_id, kind, due_day) "
                        "VALUES (7104, %lld, %lld, 'self_report', '2001-01-01')",
                   org, pid) == 0)
            mon.made = 1;
    }
    if (mon.made < 0)
        return -1;
    switch (k) {
    case K_MON_PARTICIPANT: return mon.participant;
    case K_MON_TEST: return 7101;
    case K_MON_VIOLATION: return 7102;
    case K_MON_UNAVAIL: return 7103;
    case K_MON_REPORT: return 7104;
    default: return -1;
    }
}

/* The path of the row with every {placeholder} replaced by a real id of the
 * right kind in organization alpha (make=0: check only, ids are 1). NULL
 * with *why when it cannot. */
static char *fill_path(const struct route *rt, int make, const char **why)
{
    static char path[512];
    const char *p = rt->pattern;
    size_t n = 0;
    while (*p && n < sizeof path - 32) {
        if (*p != '{') {
            path[n++] = *p++;
            continue;
        }
        const char *close = strchr(p, '}');
        if (!close) {
            *why = "unclosed { in the pattern";
            return NULL;
        }
        int64_t id = -1;
        switch (kind_at(path, n, p)) {
        case K_USER:
            id = target_user;
            break;
        case K_SUPERVISOR:
            id = env ? env->org[TH_ALPHA].user_id[ROLE_SUPERVISOR] : 1;
            break;
        case K_TOKEN:
            id = make ? fresh_token_id() : 1;
            break;
        case K_EVIDENCE:
            id = make ? evidence_id() : 1;
            break;
        case K_RECOVEREE:
        case K_CONSENT:
        case K_DISCLOSURE:
        case K_GOAL:
        case K_ASSIGNMENT:
        case K_BREAK_GLASS:
        case K_RESOURCE:
        case K_REFERRAL:
        case K_SERVICE:
        case K_DRAFT:
        case K_BOUNDARY_RULE:
        case K_TASK:
            id = make ? recoveree_record(kind_at(path, n, p)) : 1;
            break;
        case K_PAYER:
        case K_PAYER_CODE:
        case K_CLAIM_BATCH:
            id = !make ? 1 : make_billing_records() != 0 ? -1 : 7001 + (int64_t)(kind_at(path, n, p) - K_PAYER);
            break;
        case K_GROUP:
        case K_TEMPLATE:
        case K_SESSION:
        case K_INCIDENT:
        case K_NOTICE:
        case K_FACILITATOR:
        case K_MEMBER:
            id = make ? group_record(kind_at(path, n, p)) : 1;
            break;
        case K_MON_PARTICIPANT:
        case K_MON_TEST:
        case K_MON_VIOLATION:
        case K_MON_UNAVAIL:
        case K_MON_REPORT:
            id = make ? monitor_record(kind_at(path, n, p)) : 1;
            break;
        case K_UNKNOWN:
            *why = "a {placeholder} this test cannot fill: teach id_kinds[] what it names";
            return NULL;
        }
        if (id <= 0) {
            *why = "could not make a record to fill a {placeholder}";
            return NULL;
        }
        n += (size_t)snprintf(path + n, sizeof path - n, "%lld", (long long)id);
        p = close + 1;
    }
    if (*p) {
        *why = "the pattern is too long";
        return NULL;
    }
    path[n] = '\0';
    return path;
}

/* A value for a required field that a well-meaning client would send: the
 * caller's own organization, name and password where the field asks for
 * them, else a value of the declared type within the declared length (the
 * gate's checks pass; the handler may still refuse it). */
static const char *value_for(const struct field *f, int org, int role)
{
    static char v[64];
    if (!strcmp(f->name, "org"))
        return env->org[org < 0 ? TH_ALPHA : org].slug;
    if (!strcmp(f->name, "username"))
        return org < 0 ? "peer" : role_name((enum role)role);
    if (strstr(f->name, "password"))
        return TH_PASSWORD;
    if (!strcmp(f->name, "role"))
        return "peer";
    /* Fields whose form a handler checks before it looks at {id}: a well-formed
     * value lets the check reach the record (and the other organization's 404). */
    if (!strcmp(f->name, "record"))
        return "training-1";
    const char *text;
    switch (f->type) {
    case FT_INT:
        snprintf(v, sizeof v, "%lld", (long long)(f->min > 1 ? f->min : 1));
        return v;
    case FT_BOOL:
        return "0";
    case FT_DATE:
        return "2026-01-15";
    case FT_TOKEN:
        text = "matrix";
        break;
    case FT_TEXT:
    case FT_LINE:
    default:
        text = "Matrix Check";
        break;
    }
    snprintf(v, sizeof v, "%.*s", (int)(f->max < strlen(text) ? f->max : strlen(text)), text);
    return v;
}

/* A session for the caller, kept per organization and role. A state change may end sessions
 * (a logout, a password, a user deactivated), any user's: after one, each kept session is
 * checked with GET /api/v1/me before its next use and signed in again if it is over. Signing
 * in hashes a password, so a new sign-in per check cost most of this program's time.
 * A public form posted while signed in (the sign-in form itself) may start a new session with
 * a new CSRF token: such a check gets its own sign-in (own), used once.
 * Anonymous callers get a new cookie-less client. */
static int stale[2][ROLE__COUNT];

static th_sess *session_for(const struct check *c, int own)
{
    int org, role;
    caller(c, &org, &role);
    if (org < 0)
        return th_sess_new(env);
    th_sess *s = own ? NULL : cached[org][role];
    if (s && stale[org][role]) {
        stale[org][role] = 0;
        if (th_get(s, "/api/v1/me") != 200) {
            th_sess_free(s);
            s = cached[org][role] = NULL;
        }
    }
    if (s)
        return s;
    s = th_sess_new(env);
    if (th_login(s, env->org[org].slug, role_name((enum role)role), TH_PASSWORD) != 200) {
        print_error("sign-in as %s/%s failed\n%s", env->org[org].slug, role_name((enum role)role),
                    th_last(s));
        th_sess_free(s);
        return NULL;
    }
    if (!own)
        cached[org][role] = s;
    return s;
}

/* The row's required fields (and the login form's _pre token in page mode)
 * with plausible values, as a JSON object and as urlencoded text. */
static void params(th_sess *s, const struct check *c, json_t **json, char **form)
{
    int org, role;
    caller(c, &org, &role);
    *json = json_object();
    *form = strdup("");
    for (const struct field *f = c->rt->fields; f && f->name; f++) {
        const char *v = NULL;
        if (!strcmp(f->name, "_pre")) {
            if (c->mode != MODE_PAGE)
                continue;
            th_get(s, "/login"); /* sets the pre-session cookie the form posts back */
            v = th_cookie(s, "pd_pre");
        } else if (f->flags & FIELD_REQUIRED) {
            v = value_for(f, org, role);
        }
        if (!v)
            continue;
        json_object_set_new(*json, f->name, json_string(v));
        char *enc = curl_easy_escape(NULL, v, 0);
        char *more = NULL;
        if (asprintf(&more, "%s%s%s=%s", *form, **form ? "&" : "", f->name, enc) > 0) {
            free(*form);
            *form = more;
        }
        curl_free(enc);
    }
}

/* Send the check's request: GET with the required fields as the query, or
 * POST them as JSON (API) or a form (page), or with a file (upload rows). */
static void send_request(th_sess *s, const struct check *c, const char *path)
{
    json_t *body;
    char *form;
    params(s, c, &body, &form);
    const char *prefix = c->mode == MODE_API ? "/api/v1" : "";
    if (strcmp(c->rt->method, "GET") == 0) {
        json_decref(body);
        th_get(s, "%s%s%s%s", prefix, path, *form ? "?" : "", form);
    } else if (c->rt->flags & RT_UPLOAD) {
        th_post_file(s, body, "matrix.pdf", pdf, sizeof pdf - 1, "%s%s", prefix, path);
    } else if (c->mode == MODE_API) {
        th_post(s, body, "%s%s", prefix, path);
    } else {
        json_decref(body);
        th_post_form(s, form, "%s", path);
    }
    free(form);
}

static void run_check(void **state)
{
    struct check *c = *state;
    const char *why = row_problem(c->rt);
    if (why)
        fail_msg("%s: %s", c->name, why);
    char *path = fill_path(c->rt, 1, &why);
    if (!path)
        fail_msg("%s: %s", c->name, why);
    int is_post = strcmp(c->rt->method, "POST") == 0;
    int own = is_post && (c->rt->flags & RT_PUBLIC);
    th_sess *s = session_for(c, own);
    if (!s)
        fail_msg("%s: could not sign in", c->name);
    send_request(s, c, path);
    c->got = th_status(s);
    c->failed = !judge(c, c->got, th_header(s, "Location"));
    char *msg = c->failed ? strdup(th_last(s)) : NULL;
    int org, role;
    caller(c, &org, &role);
    if (org < 0 || own)
        th_sess_free(s);
    if (is_post)
        for (int o = 0; o < 2; o++)
            for (int r = 0; r < ROLE__COUNT; r++)
                stale[o][r] = 1;
    if (c->failed) {
        print_error("%s: got %ld, the row says %s\n%s", c->name, c->got, c->want, msg);
        free(msg);
        fail();
    }
}

/* Build one check per (row, mode, caller). */
static void plan(void)
{
    checks = calloc(nroutes * 2 * WHO__COUNT, sizeof *checks);
    for (size_t i = 0; i < nroutes; i++) {
        const struct route *rt = &routes[i];
        for (int mode = MODE_PAGE; mode <= MODE_API; mode++) {
            if ((mode == MODE_PAGE && (rt->flags & RT_API_ONLY)) ||
                (mode == MODE_API && (rt->flags & RT_PAGE_ONLY)))
                continue;
            for (int who = 0; who < WHO__COUNT; who++) {
                struct check *c = &checks[nchecks++];
                c->rt = rt;
                c->mode = mode;
                c->who = who;
                snprintf(c->name, sizeof c->name, "%s %s%s as %s", rt->method,
                         mode == MODE_API ? "/api/v1" : "", rt->pattern, who_name(who));
            }
        }
    }
}

/* The whole matrix, one line per (row, mode), one column per caller; '!' marks a wrong answer. */
static void print_table(void)
{
    size_t bad = 0;
    for (size_t i = 0; i < nchecks; i++)
        bad += checks[i].failed || !checks[i].got;
    if (!bad)
        return;
    fprintf(stderr, "\nroute matrix: %zu of %zu checks did not get the answer the row implies\n",
            bad, nchecks);
    fprintf(stderr, "%-34s %-4s", "route", "mode");
    for (int who = 0; who < WHO__COUNT; who++)
        fprintf(stderr, " %-7.7s", who_name(who));
    fputc('\n', stderr);
    for (size_t i = 0; i < nchecks; i += WHO__COUNT) {
        char route[64];
        snprintf(route, sizeof route, "%s %s", checks[i].rt->method, checks[i].rt->pattern);
        fprintf(stderr, "%-34s %-4s", route, checks[i].mode == MODE_API ? "api" : "page");
        for (int who = 0; who < WHO__COUNT; who++) {
            const struct check *c = &checks[i + (size_t)who];
            char cell[16];
            if (c->got)
                snprintf(cell, sizeof cell, "%ld%s", c->got, c->failed ? "!" : "");
            else
                snprintf(cell, sizeof cell, "--!");
            fprintf(stderr, " %-7s", cell);
        }
        fputc('\n', stderr);
    }
    fprintf(stderr, "wrong answers:\n");
    for (size_t i = 0; i < nchecks; i++)
        if (checks[i].failed || !checks[i].got)
            fprintf(stderr, "  %-60s got %3ld, the row says %s\n", checks[i].name, checks[i].got,
                    checks[i].want[0] ? checks[i].want : "(not run)");
}

static int group_setup(void **state)
{
    (void)state;
    env = th_env_start();
    if (!env)
        return -1;
    target_user = th_add_user(env, TH_ALPHA, "matrix-target", ROLE_PEER);
    return target_user > 0 ? 0 : -1;
}

/* cmocka reports a failed group teardown but still exits 0: remember it. */
static int teardown_failed;

static int group_teardown(void **state)
{
    (void)state;
    print_table();
    for (int o = 0; o < 2; o++)
        for (int r = 0; r < ROLE__COUNT; r++)
            th_sess_free(cached[o][r]);
    teardown_failed = th_env_stop(env) != 0;
    return teardown_failed ? -1 : 0;
}

/* Every row can be driven by this program (otherwise its checks fail too). */
static void test_every_route_row_is_understood(void **state)
{
    (void)state;
    int bad = 0;
    for (size_t i = 0; i < nroutes; i++) {
        const char *why = row_problem(&routes[i]);
        if (!why)
            fill_path(&routes[i], 0, &why);
        if (why) {
            print_error("%s %s: %s\n", routes[i].method, routes[i].pattern, why);
            bad++;
        }
    }
    assert_true(nroutes > 0);
    assert_int_equal(bad, 0);
}

int main(void)
{
    if (secret_init() != 0)
        return 1;
    settings_fields_init(); /* the POST /settings row's field table is filled at start-up */
    plan();
    struct CMUnitTest *tests = calloc(nchecks + 1, sizeof *tests);
    tests[0] = (struct CMUnitTest){"test_every_route_row_is_understood",
                                   test_every_route_row_is_understood, NULL, NULL, NULL};
    for (size_t i = 0; i < nchecks; i++)
        tests[i + 1] = (struct CMUnitTest){checks[i].name, run_check, NULL, NULL, &checks[i]};
    int failed = _cmocka_run_group_tests("http_route_matrix", tests, nchecks + 1, group_setup,
                                         group_teardown);
    free(tests);
    free(checks);
    /* An exit status is 8 bits: 256 failures must not read as success. */
    return failed || teardown_failed ? 1 : 0;
}
