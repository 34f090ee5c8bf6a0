/* routes.c - the route table: every page and API endpoint with its requirements.
 * Each row is reachable as a page (PATH) and as JSON (/api/v1PATH) unless
 * flagged otherwise; gate.c checks the row before the handler runs. */
#include "handlers.h"

#include "account_rules.h"

#include <stdlib.h>

/* ---- input tables ---------------------------------------------------------- */

static const struct field f_login_form[] = {
    {"org", FT_TOKEN, 40, 0, 0, 0},
    {"username", FT_LINE, USERNAME_MAX_LEN, 0, 0, 0},
    {NULL},
};
static const struct field f_login[] = {
    {"org", FT_TOKEN, 40, 0, 0, FIELD_REQUIRED},
    {"username", FT_LINE, USERNAME_MAX_LEN, 0, 0, FIELD_REQUIRED},
    {"password", FT_LINE, PASSWORD_MAX_LEN, 0, 0, FIELD_REQUIRED},
    {"_pre", FT_TOKEN, 64, 0, 0, 0},
    {NULL},
};
static const struct field f_me[] = {
    {"changed", FT_BOOL, 0, 0, 0, 0},
    {NULL},
};
static const struct field f_me_password[] = {
    {"current_password", FT_LINE, PASSWORD_MAX_LEN, 0, 0, FIELD_REQUIRED},
    {"new_password", FT_LINE, PASSWORD_MAX_LEN, 0, 0, FIELD_REQUIRED},
    {"confirm_password", FT_LINE, PASSWORD_MAX_LEN, 0, 0, 0},
    {NULL},
};
static const struct field f_users_list[] = {
    {"role", FT_TOKEN, 20, 0, 0, 0},
    {"q", FT_LINE, 64, 0, 0, 0},
    {"page", FT_INT, 0, 1, 100000, 0},
    {NULL},
};
static const struct field f_users_new[] = {
    {"username", FT_LINE, USERNAME_MAX_LEN, 0, 0, 0},
    {"display_name", FT_LINE, DISPLAY_NAME_MAX_BYTES, 0, 0, 0},
    {"role", FT_TOKEN, 20, 0, 0, 0},
    {NULL},
};
static const struct field f_users_create[] = {
    {"username", FT_LINE, USERNAME_MAX_LEN, 0, 0, FIELD_REQUIRED},
    {"display_name", FT_LINE, DISPLAY_NAME_MAX_BYTES, 0, 0, FIELD_REQUIRED},
    {"role", FT_TOKEN, 20, 0, 0, FIELD_REQUIRED},
    {"password", FT_LINE, PASSWORD_MAX_LEN, 0, 0, FIELD_REQUIRED},
    {NULL},
};
static const struct field f_users_update[] = {
    {"display_name", FT_LINE, DISPLAY_NAME_MAX_BYTES, 0, 0, 0},
    {"role", FT_TOKEN, 20, 0, 0, 0},
    {"disabled", FT_BOOL, 0, 0, 0, 0},
    {"version", FT_INT, 0, 1, INT64_MAX, 0},
    {NULL},
};
static const struct field f_users_password[] = {
    {"password", FT_LINE, PASSWORD_MAX_LEN, 0, 0, FIELD_REQUIRED},
    {NULL},
};
static const struct field f_audit[] = {
    {"from", FT_DATE, 10, 0, 0, 0},
    {"to", FT_DATE, 10, 0, 0, 0},
    {"user", FT_LINE, USERNAME_MAX_LEN, 0, 0, 0},
    {"action", FT_LINE, 64, 0, 0, 0},
    {"record_type", FT_TOKEN, 32, 0, 0, 0},
    {"record_id", FT_TOKEN, 32, 0, 0, 0},
    {"purpose", FT_TOKEN, 16, 0, 0, 0}, /* treatment payment operations emergency disclosure */
    {"page", FT_INT, 0, 1, 1000000, 0},
    {NULL},
};
static const struct field f_tokens_create[] = {
    {"name", FT_LINE, 80, 0, 0, FIELD_REQUIRED},
    {"username", FT_LINE, USERNAME_MAX_LEN, 0, 0, FIELD_REQUIRED},
    {NULL},
};

static const struct field f_rc_list[] = {
    {"q", FT_LINE, 64, 0, 0, 0},
    {"status", FT_TOKEN, 16, 0, 0, 0},
    {"page", FT_INT, 0, 1, 100000, 0},
    {NULL},
};
/* Intake fields (RC-1); which are required is the organization's policy. */
#define RC_FIELDS(req)                                                                           \
    {"first_name", FT_LINE, 400, 0, 0, req}, {"last_name", FT_LINE, 400, 0, 0, req},             \
        {"preferred_name", FT_LINE, 400, 0, 0, 0}, {"dob", FT_DATE, 10, 0, 0, 0},                 \
        {"phone", FT_LINE, 40, 0, 0, 0}, {"email", FT_LINE, 254, 0, 0, 0},                        \
        {"contact_pref", FT_TOKEN, 16, 0, 0, 0}, {"ok_to_leave_message", FT_BOOL, 0, 0, 0, 0},    \
        {"language", FT_LINE, 100, 0, 0, 0}, {"cultural_factors", FT_TEXT, 1000, 0, 0, 0},        \
        {"lived_experience", FT_TEXT, 1000, 0, 0, 0}, {"pathways", FT_LINE, 300, 0, 0, 0},        \
        {"preferred_peer", FT_TEXT, 1000, 0, 0, 0}, PROFILE_FIELDS,                                \
        {"peer_gender", FT_TOKEN, 20, 0, 0, 0}
static const struct field f_rc_new[] = {RC_FIELDS(0), {NULL}};
static const struct field f_rc_create[] = {RC_FIELDS(FIELD_REQUIRED), {NULL}};
static const struct field f_rc_update[] = {
    RC_FIELDS(0),
    {"status", FT_TOKEN, 16, 0, 0, 0},
    {"version", FT_INT, 0, 1, INT64_MAX, 0},
    {NULL},
};
static const struct field f_rc_assign[] = {
    {"peer_id", FT_INT, 0, 1, INT64_MAX, FIELD_REQUIRED},
    {"start_date", FT_DATE, 10, 0, 0, 0},
    {"override_reason", FT_TEXT, 1000, 0, 0, 0},
    {NULL},
};
static const struct field f_rc_relationship[] = {
    {"staff_id", FT_INT, 0, 1, INT64_MAX, FIELD_REQUIRED},
    {"kind", FT_TOKEN, 32, 0, 0, FIELD_REQUIRED},
    {"note", FT_LINE, 300, 0, 0, 0},
    {NULL},
};
static const struct field f_reason[] = {
    {"reason", FT_TEXT, 1000, 0, 0, FIELD_REQUIRED},
    {NULL},
};
static const struct field f_break_glass[] = {
    {"recoveree_id", FT_INT, 0, 1, INT64_MAX, FIELD_REQUIRED},
    {"reason", FT_TEXT, 1000, 0, 0, FIELD_REQUIRED},
    {NULL},
};
static const struct field f_break_glass_search[] = {
    {"name", FT_LINE, 64, 0, 0, 0},
    {"dob", FT_DATE, 10, 0, 0, 0},
    {"phone", FT_LINE, 40, 0, 0, 0},
    {NULL},
};
static const struct field f_review[] = {
    {"note", FT_LINE, 500, 0, 0, 0},
    {NULL},
};
/* Every §2.31(a) element as a field; consent_validate() names what is missing. */
static const struct field f_consent[] = {
    {"kind", FT_TOKEN, 32, 0, 0, FIELD_REQUIRED},
    {"combined_with", FT_LINE, 100, 0, 0, 0},
    {"disclosers", FT_TEXT, 1000, 0, 0, 0},
    {"information", FT_TEXT, 2000, 0, 0, 0},
    {"recipients", FT_TEXT, 2000, 0, 0, 0},
    {"intermediary", FT_BOOL, 0, 0, 0, 0},
    {"intermediary_participants", FT_TEXT, 2000, 0, 0, 0},
    {"covered_entity_recipient", FT_BOOL, 0, 0, 0, 0},
    {"hipaa_redisclosure_stmt", FT_BOOL, 0, 0, 0, 0},
    {"purposes", FT_TEXT, 2000, 0, 0, 0},
    {"fundraising", FT_BOOL, 0, 0, 0, 0},
    {"fundraising_optout_stmt", FT_BOOL, 0, 0, 0, 0},
    {"revocation_stmt", FT_BOOL, 0, 0, 0, 0},
    {"revocation_how", FT_TEXT, 1000, 0, 0, 0},
    {"expires_on", FT_DATE, 10, 0, 0, 0},
    {"expiry_event", FT_LINE, 300, 0, 0, 0},
    {"needs_authorized_signer", FT_BOOL, 0, 0, 0, 0},
    {"authorized_signer", FT_LINE, 400, 0, 0, 0},
    {"tpo_redisclosure_stmt", FT_BOOL, 0, 0, 0, 0},
    {"tpo_refusal_stmt", FT_BOOL, 0, 0, 0, 0},
    {"revocable_after", FT_DATE, 10, 0, 0, 0},
    {"revocable_after_event", FT_LINE, 300, 0, 0, 0},
    {NULL},
};
static const struct field f_sign[] = {
    {"signature", FT_LINE, 400, 0, 0, FIELD_REQUIRED},
    {NULL},
};
static const struct field f_signed_copy[] = {
    {"signature", FT_LINE, 400, 0, 0, FIELD_REQUIRED},
    {"signed_on", FT_DATE, 10, 0, 0, FIELD_REQUIRED},
    {NULL},
};
static const struct field f_signed_copy_fix[] = {
    {"signature", FT_LINE, 400, 0, 0, FIELD_REQUIRED},
    {"reason", FT_TEXT, 1000, 0, 0, FIELD_REQUIRED},
    {NULL},
};
static const struct field f_signed_copy_get[] = {
    {"copy", FT_INT, 0, 1, INT64_MAX, 0},
    {NULL},
};
static const struct field f_revoke[] = {
    {"method", FT_TOKEN, 32, 0, 0, FIELD_REQUIRED},
    {"document", FT_TEXT, 4000, 0, 0, FIELD_REQUIRED},
    {NULL},
};
static const struct field f_disclose[] = {
    {"consent_id", FT_INT, 0, 1, INT64_MAX, FIELD_REQUIRED},
    {"recipient", FT_LINE, 400, 0, 0, FIELD_REQUIRED},
    {"recipient_category", FT_TOKEN, 32, 0, 0, 0},
    {"recipient_address", FT_LINE, 400, 0, 0, 0},
    {"purpose", FT_LINE, 400, 0, 0, FIELD_REQUIRED},
    {"what", FT_TEXT, 2000, 0, 0, FIELD_REQUIRED},
    {"notice_statement", FT_INT, 0, 1, 2, 0},
    {NULL},
};
static const struct field f_window[] = {
    {"from", FT_DATE, 10, 0, 0, 0},
    {"to", FT_DATE, 10, 0, 0, 0},
    {NULL},
};
static const struct field f_plan[] = {
    {"strengths", FT_TEXT, 4000, 0, 0, 0},
    {"barriers", FT_TEXT, 4000, 0, 0, 0},
    {"review_date", FT_DATE, 10, 0, 0, 0},
    {"version", FT_INT, 0, 0, INT64_MAX, 0},
    {NULL},
};
static const struct field f_goal_add[] = {
    {"domain", FT_LINE, 100, 0, 0, FIELD_REQUIRED},
    {"goal", FT_TEXT, 2000, 0, 0, FIELD_REQUIRED},
    {"action_steps", FT_TEXT, 4000, 0, 0, 0},
    {"status", FT_TOKEN, 16, 0, 0, 0},
    {"target_date", FT_DATE, 10, 0, 0, 0},
    {NULL},
};
static const struct field f_goal_update[] = {
    {"domain", FT_LINE, 100, 0, 0, 0},
    {"goal", FT_TEXT, 2000, 0, 0, 0},
    {"action_steps", FT_TEXT, 4000, 0, 0, 0},
    {"status", FT_TOKEN, 16, 0, 0, 0},
    {"target_date", FT_DATE, 10, 0, 0, 0},
    {NULL},
};
static const struct field f_barc[] = {
    {"taken_on", FT_DATE, 10, 0, 0, 0},
    {"item1", FT_INT, 0, 1, 6, FIELD_REQUIRED}, {"item2", FT_INT, 0, 1, 6, FIELD_REQUIRED},
    {"item3", FT_INT, 0, 1, 6, FIELD_REQUIRED}, {"item4", FT_INT, 0, 1, 6, FIELD_REQUIRED},
    {"item5", FT_INT, 0, 1, 6, FIELD_REQUIRED}, {"item6", FT_INT, 0, 1, 6, FIELD_REQUIRED},
    {"item7", FT_INT, 0, 1, 6, FIELD_REQUIRED}, {"item8", FT_INT, 0, 1, 6, FIELD_REQUIRED},
    {"item9", FT_INT, 0, 1, 6, FIELD_REQUIRED}, {"item10", FT_INT, 0, 1, 6, FIELD_REQUIRED},
    {NULL},
};

/* The spreadsheet import (h_import.c): the file comes as the upload. */
static const struct field f_import_form[] = {
    {"kind", FT_TOKEN, 20, 0, 0, 0},
    {NULL},
};
static const struct field f_import_preview[] = {
    {"kind", FT_TOKEN, 20, 0, 0, FIELD_REQUIRED},
    {NULL},
};
static const struct field f_import_confirm[] = {
    {"token", FT_TOKEN, 64, 0, 0, FIELD_REQUIRED},
    {"sha256", FT_TOKEN, 64, 0, 0, 0},
    {NULL},
};

/* ---- the table -------------------------------------------------------------- */

#define ADMIN R_ADMIN
#define STAFF_READERS (R_ADMIN | R_SUPERVISOR)
#define AUDIT_READERS (R_ADMIN | R_AUDITOR)
/* Who works with recoverees' records; rc_load() narrows each to its scope. */
#define RC_STAFF (R_ADMIN | R_SUPERVISOR | R_PEER)
/* Emergency access is for staff who then read the record through the recoveree routes:
 * supervisors and peers (administrators reach every record already). */
#define RC_BREAK_GLASS (R_SUPERVISOR | R_PEER)

/* Moves to h_home.c. */
static const struct route health_rows[] = {
    {"GET", "/healthz", h_health, 0, RT_PUBLIC, NULL, "Health check (JSON)"},
};
static const struct route_module rm_health = ROUTE_MODULE(health_rows);

/* Moves to h_session.c. */
static const struct route session_rows[] = {
    {"GET", "/login", h_login_form, 0, RT_PUBLIC | RT_PAGE_ONLY, f_login_form, "Sign-in page"},
    {"POST", "/login", h_login, 0, RT_PUBLIC | RT_NO_CSRF, f_login, "Sign in"},
    {"POST", "/logout", h_logout, R_ANY, 0, NULL, "Sign out"},
};
static const struct route_module rm_session = ROUTE_MODULE(session_rows);

/* Moves to h_home.c. */
static const struct route home_rows[] = {
    {"GET", "/", h_home, R_ANY, 0, NULL, "Home page for the signed-in role"},
};
static const struct route_module rm_home = ROUTE_MODULE(home_rows);

/* Moves to h_session.c. */
static const struct route me_rows[] = {
    {"GET", "/me", h_me, R_ANY, 0, f_me, "My account"},
    {"POST", "/me/password", h_me_password, R_ANY, 0, f_me_password, "Change my password"},
};
static const struct route_module rm_me = ROUTE_MODULE(me_rows);

/* Moves to h_users.c. */
static const struct route users_rows[] = {
    {"GET", "/users", h_users_list, STAFF_READERS, 0, f_users_list, "Staff list"},
    {"GET", "/users/new", h_users_new, ADMIN, RT_PAGE_ONLY, f_users_new, "New staff form"},
    {"POST", "/users", h_users_create, ADMIN, 0, f_users_create, "Add a staff member"},
    {"GET", "/users/{id}", h_users_show, STAFF_READERS, 0, NULL, "One staff member"},
    {"POST", "/users/{id}", h_users_update, ADMIN, 0, f_users_update, "Edit a staff member"},
    {"POST", "/users/{id}/password", h_users_password, ADMIN, 0, f_users_password,
     "Reset a staff member's password"},
    {"POST", "/users/{id}/unlock", h_users_unlock, ADMIN, 0, NULL, "Unlock after failed logins"},
};
static const struct route_module rm_users = ROUTE_MODULE(users_rows);

/* Moves to h_settings.c. */
static const struct route settings_rows[] = {
    {"GET", "/settings", h_settings, ADMIN, 0, NULL, "Organization settings and policy values"},
    {"POST", "/settings", h_settings_save, ADMIN, 0, settings_fields, "Save settings"},
};
static const struct route_module rm_settings = ROUTE_MODULE(settings_rows);

/* Moves to h_audit.c. */
static const struct route audit_rows[] = {
    {"GET", "/audit", h_audit, AUDIT_READERS, 0, f_audit, "Audit trail"},
    {"GET", "/audit.csv", h_audit_csv, AUDIT_READERS, 0, f_audit, "Audit trail as CSV"},
    {"GET", "/audit/verify", h_audit_verify, AUDIT_READERS, 0, NULL, "Check the audit hash chain"},
};
static const struct route_module rm_audit = ROUTE_MODULE(audit_rows);

/* Moves to h_recoverees.c. */
static const struct route recoverees_rows[] = {
    {"GET", "/recoverees", h_rc_list, RC_STAFF, 0, f_rc_list, "My caseload / recoverees in reach"},
    {"GET", "/recoverees/new", h_rc_new, RC_STAFF, RT_PAGE_ONLY, f_rc_new, "Intake form"},
    {"POST", "/recoverees", h_rc_create, RC_STAFF, 0, f_rc_create, "Intake (RC-1)"},
    {"GET", "/recoverees/{id}", h_rc_show, RC_STAFF, 0, NULL, "A recoveree's record"},
    {"POST", "/recoverees/{id}", h_rc_update, RC_STAFF, 0, f_rc_update,
     "Update intake details or status"},
    {"POST", "/recoverees/{id}/assign", h_rc_assign, R_ADMIN | R_SUPERVISOR, 0, f_rc_assign,
     "Assign a peer (WF-1, SV-3, SV-4; supervisor override with reason)"},
    {"POST", "/recoverees/{id}/assign/{id2}/end", h_rc_assign_end, R_ADMIN | R_SUPERVISOR, 0,
     NULL, "End a caseload assignment"},
    {"POST", "/recoverees/{id}/relationships", h_rc_relationship, R_ADMIN | R_SUPERVISOR, 0,
     f_rc_relationship, "Record a clinical or authority relationship"},
    {"POST", "/recoverees/{id}/break-glass", h_rc_break_glass, RC_BREAK_GLASS, 0, f_reason,
     "Emergency access with a stated reason (audited, reviewed)"},
    {"POST", "/break-glass", h_break_glass_open, RC_BREAK_GLASS, 0, f_break_glass,
     "Emergency access by record number"},
    {"GET", "/break-glass/search", h_break_glass_search, RC_BREAK_GLASS, 0, f_break_glass_search,
     "Find a record for emergency access by name, date of birth, phone (audited)"},
    {"GET", "/break-glass", h_break_glass_list, R_ADMIN | R_SUPERVISOR, 0, NULL,
     "Emergency access grants for review"},
    {"POST", "/break-glass/{id}/review", h_break_glass_review, R_ADMIN | R_SUPERVISOR, 0, f_review,
     "Mark an emergency access reviewed"},
    {"POST", "/break-glass/{id}/end", h_break_glass_end, R_ADMIN | R_SUPERVISOR | R_PEER, 0, NULL,
     "End an emergency access now (its user, a supervisor or an administrator)"},
    {"GET", "/recoverees/{id}/match", h_rc_match, R_ADMIN | R_SUPERVISOR, 0, NULL,
     "Ranked eligible peers with reasons (RC-2)"},
};
static const struct route_module rm_recoverees = ROUTE_MODULE(recoverees_rows);

/* Moves to h_plans.c. */
static const struct route export_rows[] = {
    {"GET", "/recoverees/{id}/export", h_rc_export, RC_STAFF, 0, NULL,
     "The record as JSON, for use inside the organization"},
};
static const struct route_module rm_export = ROUTE_MODULE(export_rows);

/* Moves to h_consents.c. */
static const struct route consents_rows[] = {
    {"GET", "/recoverees/{id}/consents", h_consents, RC_STAFF, 0, NULL, "Consents (RC-3)"},
    {"POST", "/recoverees/{id}/consents", h_consent_create, RC_STAFF, 0, f_consent,
     "Record a consent; refused naming a missing §2.31(a) element"},
    {"GET", "/recoverees/{id}/consents/{id2}", h_consent_show, RC_STAFF, 0, NULL,
     "A consent, printable"},
    {"POST", "/recoverees/{id}/consents/{id2}/sign", h_consent_sign, RC_STAFF, 0, f_sign,
     "Electronic signature (typed name, time, address)"},
    {"POST", "/recoverees/{id}/consents/{id2}/signed-copy", h_consent_signed_copy, RC_STAFF,
     RT_UPLOAD, f_signed_copy, "Upload the signed paper copy (PDF, PNG, JPEG)"},
    {"GET", "/recoverees/{id}/consents/{id2}/signed-copy", h_consent_signed_copy_get, RC_STAFF, 0,
     f_signed_copy_get, "Download the signed paper copy (attachment; copy=ID an earlier one)"},
    {"POST", "/recoverees/{id}/consents/{id2}/signed-copy/correction", h_consent_signed_copy_fix,
     R_ADMIN | R_SUPERVISOR, RT_UPLOAD, f_signed_copy_fix,
     "Replace a signed consent's copy with a reason (earlier copies kept)"},
    {"POST", "/recoverees/{id}/consents/{id2}/revoke", h_consent_revoke, RC_STAFF, 0, f_revoke,
     "Record a written revocation"},
    {"POST", "/recoverees/{id}/disclosures", h_disclosure_create, R_ADMIN | R_SUPERVISOR, 0,
     f_disclose, "Disclose outside the organization under a consent (RC-4)"},
    {"GET", "/recoverees/{id}/disclosures/{id2}", h_disclosure_show, RC_STAFF, 0, NULL,
     "A disclosure with its §2.32 notice, printable"},
    {"GET", "/recoverees/{id}/accounting", h_accounting, RC_STAFF, 0, f_window,
     "Accounting of disclosures for a window up to 3 years"},
};
static const struct route_module rm_consents = ROUTE_MODULE(consents_rows);

/* Moves to h_plans.c. */
static const struct route plans_rows[] = {
    {"GET", "/recoverees/{id}/plan", h_plan, RC_STAFF, 0, NULL, "Recovery plan (RC-5)"},
    {"POST", "/recoverees/{id}/plan", h_plan_save, RC_STAFF, 0, f_plan, "Start or update the plan"},
    {"POST", "/recoverees/{id}/plan/goals", h_goal_add, RC_STAFF, 0, f_goal_add, "Add a goal"},
    {"POST", "/recoverees/{id}/plan/goals/{id2}", h_goal_update, RC_STAFF, 0, f_goal_update,
     "Change a goal"},
    {"GET", "/plans/due", h_plans_due, RC_STAFF, 0, NULL, "Plans due for review, and missing"},
    {"GET", "/recoverees/{id}/barc10", h_barc10, RC_STAFF, 0, NULL,
     "BARC-10 history with chart (RC-6)"},
    {"POST", "/recoverees/{id}/barc10", h_barc10_add, RC_STAFF, 0, f_barc, "Record a BARC-10"},
};
static const struct route_module rm_plans = ROUTE_MODULE(plans_rows);

/* Moves to h_tokens.c. */
static const struct route tokens_rows[] = {
    {"GET", "/tokens", h_tokens, ADMIN, 0, NULL, "API tokens"},
    {"POST", "/tokens", h_tokens_create, ADMIN, 0, f_tokens_create, "Issue an API token"},
    {"POST", "/tokens/{id}/revoke", h_tokens_revoke, ADMIN, 0, NULL, "Revoke an API token"},
};
static const struct route_module rm_tokens = ROUTE_MODULE(tokens_rows);

/* Moves to h_import.c. */
static const struct route import_rows[] = {
    {"GET", "/import", h_import_form, ADMIN, RT_PAGE_ONLY, f_import_form,
     "Spreadsheet import: choose staff or recoverees and a CSV file"},
    {"POST", "/import/preview", h_import_preview, ADMIN, RT_UPLOAD, f_import_preview,
     "Check a CSV file, write nothing: counts and every rejected row"},
    {"POST", "/import/confirm", h_import_confirm, ADMIN, 0, f_import_confirm,
     "Import the previewed file, all rows or none"},
};
static const struct route_module rm_import = ROUTE_MODULE(import_rows);



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
