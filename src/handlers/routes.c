/* routes.c - the route table: every page and API endpoint with its requirements.
 * Each row is reachable as a page (PATH) and as JSON (/api/v1PATH) unless
 * flagged otherwise; gate.c checks the row before the handler runs. */
#include "handlers.h"

#include "account_rules.h"

#include <stdlib.h>

/* ---- input tables ---------------------------------------------------------- */


static const struct field f_wf_dash[] = {
    {"status", FT_TOKEN, 20, 0, 0, 0},
    {"level", FT_INT, 0, 0, 3, 0},
    {"supervisor", FT_INT, 0, 1, INT64_MAX, 0},
    {"q", FT_LINE, 64, 0, 0, 0},
    {"sort", FT_TOKEN, 20, 0, 0, 0},
    {"page", FT_INT, 0, 1, 100000, 0},
    {NULL},
};
static const struct field f_wf_check[] = {
    {"action", FT_TOKEN, 32, 0, 0, FIELD_REQUIRED},
    {"date", FT_DATE, 10, 0, 0, 0},
    {NULL},
};
static const struct field f_wf_training[] = {
    {"kind", FT_TOKEN, 32, 0, 0, FIELD_REQUIRED},
    {"title", FT_LINE, 200, 0, 0, FIELD_REQUIRED},
    {"hours", FT_LINE, 10, 0, 0, FIELD_REQUIRED},
    {"date", FT_DATE, 10, 0, 0, FIELD_REQUIRED},
    {"provider", FT_LINE, 200, 0, 0, 0},
    {NULL},
};
static const struct field f_wf_experience[] = {
    {"date", FT_DATE, 10, 0, 0, FIELD_REQUIRED},
    {"hours", FT_LINE, 10, 0, 0, FIELD_REQUIRED},
    {"description", FT_LINE, 500, 0, 0, FIELD_REQUIRED},
    {NULL},
};
static const struct field f_wf_ce[] = {
    {"date", FT_DATE, 10, 0, 0, FIELD_REQUIRED},
    {"hours", FT_LINE, 10, 0, 0, FIELD_REQUIRED},
    {"category", FT_TOKEN, 16, 0, 0, FIELD_REQUIRED},
    {"title", FT_LINE, 200, 0, 0, FIELD_REQUIRED},
    {"provider", FT_LINE, 200, 0, 0, 0},
    {NULL},
};
static const struct field f_wf_cert[] = {
    {"body", FT_TOKEN, 16, 0, 0, FIELD_REQUIRED},
    {"number", FT_LINE, 64, 0, 0, FIELD_REQUIRED},
    {"issued", FT_DATE, 10, 0, 0, FIELD_REQUIRED},
    {"expires", FT_DATE, 10, 0, 0, FIELD_REQUIRED},
    {NULL},
};
static const struct field f_wf_supervision[] = {
    {"date", FT_DATE, 10, 0, 0, FIELD_REQUIRED},
    /* Ten hours is longer than any one supervision session. */
    {"minutes", FT_INT, 0, 1, 600, FIELD_REQUIRED},
    {"kind", FT_TOKEN, 20, 0, 0, FIELD_REQUIRED},
    {"topics", FT_TEXT, 2000, 0, 0, FIELD_REQUIRED},
    {"supervisor_id", FT_INT, 0, 1, INT64_MAX, 0},
    {NULL},
};
/* The structured matching profile (RC-1, RC-2): codes of the lists in profile.c, checked by
 * the handler. 400 bytes holds every code of the longest list (PROFILE_LIST_MAX). */
#define PROFILE_FIELDS                                                                           \
    {"language_codes", FT_LIST, 400, 0, 0, 0}, {"gender", FT_TOKEN, 20, 0, 0, 0},                  \
        {"substance_codes", FT_LIST, 400, 0, 0, 0}, {"pathway_codes", FT_LIST, 400, 0, 0, 0},     \
        {"culture_codes", FT_LIST, 400, 0, 0, 0}
static const struct field f_wf_profile[] = {
    {"level", FT_INT, 0, 0, 3, 0},
    {"hire_date", FT_DATE, 10, 0, 0, 0},
    {"education", FT_TOKEN, 16, 0, 0, 0},
    {"education_waiver", FT_BOOL, 0, 0, 0, 0},
    {"languages", FT_LINE, 200, 0, 0, 0},
    {"lived_experience", FT_TEXT, 1000, 0, 0, 0},
    {"cultural_profile", FT_TEXT, 1000, 0, 0, 0},
    {"pathways", FT_LINE, 300, 0, 0, 0},
    {"clinical_credential", FT_LINE, 100, 0, 0, 0},
    {"caseload_capacity", FT_INT, 0, 0, 200, 0},
    {"version", FT_INT, 0, 0, INT64_MAX, 0},
    PROFILE_FIELDS,
    {NULL},
};
static const struct field f_wf_assign[] = {
    {"supervisor_id", FT_INT, 0, 1, INT64_MAX, FIELD_REQUIRED},
    {"start_date", FT_DATE, 10, 0, 0, FIELD_REQUIRED},
    {NULL},
};
static const struct field f_wf_evidence[] = {
    {"record", FT_TOKEN, 40, 0, 0, FIELD_REQUIRED},
    {NULL},
};
static const struct field f_wf_assign_end[] = {
    {"end_date", FT_DATE, 10, 0, 0, FIELD_REQUIRED},
    {NULL},
};

/* ---- the table -------------------------------------------------------------- */

#define ADMIN R_ADMIN
#define STAFF_READERS (R_ADMIN | R_SUPERVISOR)
#define AUDIT_READERS (R_ADMIN | R_AUDITOR)
#define WF_LEADS (R_ADMIN | R_SUPERVISOR)
#define WF_PEOPLE (R_ADMIN | R_SUPERVISOR | R_PEER)

/* Moves to h_workforce.c. */
static const struct route workforce_rows[] = {
    {"GET", "/workforce", h_workforce, WF_LEADS, 0, f_wf_dash, "Workforce compliance dashboard"},
    {"GET", "/workforce.csv", h_workforce_csv, WF_LEADS, 0, f_wf_dash,
     "Workforce dashboard as CSV"},
    {"GET", "/workforce/{id}", h_workforce_person, WF_PEOPLE, 0, NULL,
     "A peer's workforce records and progress"},
    {"GET", "/workforce/{id}/check", h_workforce_check, WF_PEOPLE, 0, f_wf_check,
     "May this peer do this today (WF-1, WF-4, WF-5)"},
    {"GET", "/progress", h_progress, R_PEER, 0, NULL, "My progress (a peer's own page)"},
    {"POST", "/workforce/{id}/profile", h_wf_profile, R_ADMIN, 0, f_wf_profile,
     "Set level, hire date, education and matching profile"},
    {"POST", "/workforce/{id}/trainings", h_wf_training, WF_LEADS, 0, f_wf_training,
     "Record a training (it decides scope: supervisors and admins only)"},
    {"POST", "/workforce/{id}/experience", h_wf_experience, WF_PEOPLE, 0, f_wf_experience,
     "Record direct experience hours"},
    {"POST", "/workforce/{id}/ce", h_wf_ce, WF_PEOPLE, 0, f_wf_ce,
     "Record continuing education"},
    {"POST", "/workforce/{id}/certifications", h_wf_cert, WF_LEADS, 0, f_wf_cert,
     "Record a certification"},
    {"POST", "/workforce/{id}/supervision", h_wf_supervision, WF_LEADS, 0, f_wf_supervision,
     "Log a supervision session"},
    {"POST", "/workforce/{id}/supervisors", h_wf_assign, R_ADMIN, 0, f_wf_assign,
     "Assign a supervisor"},
    {"POST", "/workforce/{id}/supervisors/{id2}/end", h_wf_assign_end, R_ADMIN, 0,
     f_wf_assign_end, "End a supervisor assignment"},
    {"POST", "/workforce/{id}/evidence", h_wf_evidence_add, WF_PEOPLE, RT_UPLOAD, f_wf_evidence,
     "Attach a certificate or course document (PDF, PNG, JPEG; 4 MB)"},
    {"GET", "/workforce/{id}/evidence/{id2}", h_wf_evidence_get, WF_PEOPLE, 0, NULL,
     "Download an evidence file (always as an attachment)"},
};
static const struct route_module rm_workforce = ROUTE_MODULE(workforce_rows);

/* Moves to h_plans.c. */




/* The modules in the order `peerdesk routes` lists them. */
static const struct route_module *const modules[] = {
    &rm_health,  &rm_session, &rm_home,    &rm_me,     &rm_users,   &rm_settings, &rm_audit,
    &rm_workforce, &rm_recoverees, &rm_export, &rm_consents, &rm_plans, &rm_tokens, &rm_import,
};

const struct route *routes;
size_t nroutes;

/* Assemble the table once, before main (and before any test) runs. The rows are copied, so a
 * module's array may stay static in its own file. */
__attribute__((constructor)) static void routes_assemble(void)
{
    size_t n = 0;
    for (size_t m = 0; m < sizeof modules / sizeof *modules; m++)
        n += modules[m]->n;
    struct route *all = calloc(n, sizeof *all);
    if (!all)
        abort();
    size_t k = 0;
    for (size_t m = 0; m < sizeof modules / sizeof *modules; m++)
        for (size_t i = 0; i < modules[m]->n; i++)
            all[k++] = modules[m]->rows[i];
    routes = all;
    nroutes = n;
}
