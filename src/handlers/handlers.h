/* handlers.h - one entry point per page/API resource; the route table in routes.c lists them. */
#ifndef PD_HANDLERS_H
#define PD_HANDLERS_H

#include "http.h"

/* h_session.c */
int h_login_form(struct req *r);
int h_login(struct req *r);
int h_logout(struct req *r);
int h_me(struct req *r);
int h_me_password(struct req *r);
/* h_home.c */
int h_home(struct req *r);
int h_health(struct req *r);
/* h_users.c */
int h_users_list(struct req *r);
int h_users_new(struct req *r);
int h_users_create(struct req *r);
int h_users_show(struct req *r);
int h_users_update(struct req *r);
int h_users_password(struct req *r);
int h_users_unlock(struct req *r);
/* h_settings.c */
int h_settings(struct req *r);
int h_settings_save(struct req *r);
extern struct field settings_fields[];
void settings_fields_init(void);
/* h_audit.c */
int h_audit(struct req *r);
int h_audit_csv(struct req *r);
int h_audit_verify(struct req *r);
/* h_tokens.c */
int h_tokens(struct req *r);
int h_tokens_create(struct req *r);
int h_tokens_revoke(struct req *r);

/* h_workforce.c, h_workforce_records.c */
#ifndef PROFILE_FIELDS
/* The structured matching profile (RC-1, RC-2): codes of the lists in profile.c, checked by
 * the operation; used by the workforce profile and the recoveree forms. 400 bytes holds every
 * code of the longest list (PROFILE_LIST_MAX). */
#define PROFILE_FIELDS                                                                           \
    {"language_codes", FT_LIST, 400, 0, 0, 0}, {"gender", FT_TOKEN, 20, 0, 0, 0},                  \
        {"substance_codes", FT_LIST, 400, 0, 0, 0}, {"pathway_codes", FT_LIST, 400, 0, 0, 0},     \
        {"culture_codes", FT_LIST, 400, 0, 0, 0}
#endif
/* The workforce module's route rows (h_workforce.c). */
extern const struct route_module rm_workforce;
int h_workforce(struct req *r);
int h_workforce_csv(struct req *r);
int h_workforce_person(struct req *r);
int h_progress(struct req *r);
int h_workforce_check(struct req *r);
int h_wf_profile(struct req *r);
int h_wf_training(struct req *r);
int h_wf_experience(struct req *r);
int h_wf_cert(struct req *r);
int h_wf_ce(struct req *r);
int h_wf_supervision(struct req *r);
int h_wf_assign(struct req *r);
int h_wf_assign_end(struct req *r);
int h_wf_evidence_add(struct req *r);
int h_wf_evidence_get(struct req *r);
/* Who may reach a person's workforce records, from least to most. */
enum reach {
    REACH_READ,      /* view the person's workforce page */
    REACH_SELF_ADD,  /* add training, experience, CE: the person too */
    REACH_SUPERVISE, /* add certifications and supervision sessions */
    REACH_ADMIN,     /* profile and supervisor assignments */
};
struct wf_record;
/* Load the {id} person if the current user may reach them for k (enum reach);
 * otherwise reply 403/404 and return -1. */
int wf_reach(struct req *r, int k, struct wf_record *rec);

/* h_recoverees.c, h_caseload.c */
/* Who works with recoverees' records; rc_load() narrows each to its scope. */
#define RC_STAFF (R_ADMIN | R_SUPERVISOR | R_PEER)
/* The recoverees route group (h_recoverees.c): intake, records, caseloads, break-glass. */
extern const struct route_module rm_recoverees;
struct recoveree;
struct rc_scope;
/* The current user's access scope for recoverees (store/recoverees.h). */
void rc_scope_of(struct req *r, struct rc_scope *sc);
/* Load the {id} recoveree if the current user may reach it, else reply 404 (the
 * same for absent, another organization's, or outside the caseload) and return -1.
 * When why is given, the read is audited as that action. */
int rc_load(struct req *r, struct recoveree *rec, const char *why);
json_t *rc_summary_j(const struct recoveree *x);
/* Every intake field of a recoveree. */
json_t *rc_full_j(const struct recoveree *x);
/* The language of the recoveree's own documents (consent, §2.32 notice, BARC-10, plan print,
 * check-in): their preferred language as the catalog has it (the language codes, then the
 * language field: msg_lang_of), else the organization's default (English until organizations
 * have that setting); never the staff member's reading it. */
const char *rc_doc_lang(const struct recoveree *x);
/* {"lang": rc_doc_lang(x)}: the context a template renders a recoveree's document in
 * ({{#doc}}...{{/doc}}), for the handler to add the document's own labels to. */
json_t *rc_doc_j(const struct recoveree *x);
/* When the user reads recoveree id only through an unexpired break-glass grant (outside their
 * caseload reach), the grant's end as Unix time; 0 when the record is in their reach anyway
 * or on a store error. */
int64_t rc_break_glass_until(struct req *r, int64_t id);
/* v_controls.c: set can_edit, under_break_glass (with break_glass_until) and edit_refused in m
 * for the current user and recoveree id; returns can_edit. */
int rc_edit_flags(struct req *r, int64_t id, json_t *m);
int h_rc_list(struct req *r);
int h_rc_new(struct req *r);
int h_rc_create(struct req *r);
int h_rc_show(struct req *r);
int h_rc_update(struct req *r);
int h_rc_assign(struct req *r);
int h_rc_assign_end(struct req *r);
int h_rc_relationship(struct req *r);
int h_rc_break_glass(struct req *r);
int h_break_glass_open(struct req *r);
int h_break_glass_search(struct req *r);
int h_break_glass_list(struct req *r);
int h_break_glass_review(struct req *r);
int h_break_glass_end(struct req *r);
int h_rc_match(struct req *r);
/* The peers the person acting may choose for recoveree x (RC-2): eligible peers in rank order
 * with reasons, each marked can_assign when this user may assign them (supervisors: their
 * supervisees). With override_only, also a list of peers whom only a recorded relationship
 * rules out (SV-3, SV-4: assignable with a written override). JSON in the request's model;
 * NULL on a store error. */
json_t *rc_peer_choices(struct req *r, const struct recoveree *x, json_t **override_only);
/* h_consents.c */
extern const struct route_module rm_consents;
int h_consents(struct req *r);
int h_consent_create(struct req *r);
int h_consent_show(struct req *r);
int h_consent_sign(struct req *r);
int h_consent_revoke(struct req *r);
int h_consent_signed_copy(struct req *r);
int h_consent_signed_copy_get(struct req *r);
int h_consent_signed_copy_fix(struct req *r);
int h_disclosure_create(struct req *r);
int h_disclosure_show(struct req *r);
int h_accounting(struct req *r);
/* h_plans.c */
int h_plan(struct req *r);
int h_plan_save(struct req *r);
int h_goal_add(struct req *r);
int h_goal_update(struct req *r);
int h_plans_due(struct req *r);
int h_barc10(struct req *r);
int h_barc10_add(struct req *r);
int h_rc_export(struct req *r);
extern const struct route_module rm_export;

/* h_checkups.c - recovery check-ups and their tasks (SV-6). */
extern const struct route_module rm_checkups;
int h_ck_queue(struct req *r);
int h_ck_phone(struct req *r);
int h_ck_phone_one(struct req *r);
int h_ck_recoveree(struct req *r);
int h_ck_record(struct req *r);
int h_ck_cadence(struct req *r);
int h_tasks(struct req *r);
int h_task_done(struct req *r);
int h_task_cancel(struct req *r);
int h_task_reassign(struct req *r);
/* Add m["checkups"] for recoveree_id's record page (templates/checkups_section.mustache):
 * the cadence (own or the organization's default), the next due day and where it stands,
 * the check-ups made (newest first, at most 50) and the forms to record one and to set the
 * cadence, offered when m["can_edit"] is true (rc_edit_flags). m["recoveree"] must hold the
 * record's status, intake_date and status_date (rc_full_j). Two store reads; the caller has
 * loaded the record (rc_load) and audited its read. */
void recoveree_add_checkups(struct req *r, json_t *m, int64_t recoveree_id);
/* My day (SV-6), for a peer's home: m["checkups_due"] the signed-in user's check-ups due
 * today and overdue (their caseload, RC_SCOPE), oldest due first, each with the recoveree's
 * name, how overdue in words (state_label) and record_href, the one tap to record it; and
 * m["tasks_open"] their open re-intervention tasks, soonest due first (at most 100 each).
 * Two store reads in one round trip (ck_myday). The home page audits its own read.
 * templates/myday_checkups.mustache shows them. */
void myday_add_checkups(struct req *r, json_t *m);
/* A supervisor's home (SV-6): m["team_checkups"] {total, peers: [{peer_name, count,
 * count_label, queue_href, items}]}, the overdue check-ups of the recoverees in their reach
 * grouped by peer (the most overdue peer first; recoverees with no peer yet as one group).
 * One store read. templates/myday_team_checkups.mustache shows it. */
void myday_add_team_checkups(struct req *r, json_t *m);

/* h_import.c - the spreadsheet import (issue 8 item 4). */
int h_import_form(struct req *r);
int h_import_preview(struct req *r);
int h_import_confirm(struct req *r);

/* h_resources.c - SV-7: the resource directory and referrals. */
extern const struct route_module rm_resources;
int h_resources(struct req *r);
int h_resource_new(struct req *r);
int h_resource_create(struct req *r);
int h_resource_show(struct req *r);
int h_resource_update(struct req *r);
int h_resource_import(struct req *r);
int h_referrals_mine(struct req *r);
int h_referral_create(struct req *r);
int h_referral_move(struct req *r);
/* The referrals section of a recoveree's page (templates/referrals_section.mustache): sets
 * m["referrals"] to {items, recoveree_id, today, default_follow_up, can_refer} for recoveree
 * recoveree_id, whom the caller has already loaded through rc_load (reach checked, read
 * audited). can_refer follows m["can_edit"] (rc_edit_flags), so call it after that. */
void recoveree_add_referrals(struct req *r, json_t *m, int64_t recoveree_id);
/* My day (SV-7): sets m["referrals_due"] to the signed-in user's open referrals whose
 * follow-up date is today or past in the organization's zone, of recoverees still in their
 * reach: [{name, resource, state, state_label, due, overdue, link}] for
 * templates/myday_referrals.mustache. One typed store read (referrals_mine_open); on a store
 * error the list is empty. */
void myday_add_referrals(struct req *r, json_t *m);

/* Who may use a route (route rows in each module; identical copies in routes.c until every
 * module declares its own rows). */
#define ADMIN R_ADMIN
#define STAFF_READERS (R_ADMIN | R_SUPERVISOR)
#define AUDIT_READERS (R_ADMIN | R_AUDITOR)
#define WF_LEADS (R_ADMIN | R_SUPERVISOR)
#define WF_PEOPLE (R_ADMIN | R_SUPERVISOR | R_PEER)
/* Who works with recoverees' records; rc_load() narrows each to its scope. */
#define RC_STAFF (R_ADMIN | R_SUPERVISOR | R_PEER)
/* Emergency access is for staff who then read the record through the recoveree routes:
 * supervisors and peers (administrators reach every record already). */
#define RC_BREAK_GLASS (R_SUPERVISOR | R_PEER)

/* Each module's route rows (routes.c lists them in order). */
extern const struct route_module rm_plans, rm_import;
/* h_billing.c - SV-8 billing and claims. */
extern const struct route_module rm_billing;

/* h_services.c - the service log (SV-1..SV-5). */
extern const struct route_module rm_services, rm_boundary;
/* The signed-in person's unfinished service forms for their home page: m["drafts"]. */
void myday_add_drafts(struct req *r, json_t *m);

/* h_groups.c - recovery support groups (GR-1..GR-5). */
extern const struct route_module rm_groups;
/* h_monitor.c - monitoring programs (GR-6..GR-10, GR-7); the home page of a participant and a
 * board liaison. */
extern const struct route_module rm_monitor;
int monitor_home(struct req *r);
/* The groups section of a recoveree's page (templates/groups_section.mustache): m["groups"]
 * {member_of, visits, can_join, ...} for recoveree_id, whom the caller loaded through rc_load;
 * can_join follows m["can_edit"] (rc_edit_flags), so call it after that. Three store reads. */
void recoveree_add_groups(struct req *r, json_t *m, int64_t recoveree_id);
/* Home: m["sessions_today"] the sessions held today (organization's zone) of the groups the
 * signed-in person facilitates, each with the one tap that opens it. One read, and one more per
 * group facilitated (its exceptions). */
void myday_add_sessions(struct req *r, json_t *m);
/* Shared view helpers (views.c). */
json_t *view_user(const void *user); /* struct user * -> JSON without secrets */
/* The catalog's languages as choices [{code, name, selected}], current (a code or NULL)
 * selected; first_label (a message id, or NULL for English) names an empty first choice
 * ("Follow my browser"). */
json_t *view_languages(const char *current, const char *first_label);
/* t in the organization's zone with its abbreviation, "2026-12-01 18:30 EST", or null for
 * t <= 0 (the zone: req_view_zone(), that of the request being served). */
json_t *view_time(int64_t t);
/* Paging: page (1-based) from the request's "page" field, PAGE_SIZE per page. */
#define PAGE_SIZE 50
int64_t view_page(struct req *r);
void view_pager(json_t *m, int64_t page, int64_t total, const char *base_query);

/* Role masks of route rows used by several modules. */
#define ADMIN R_ADMIN
#define STAFF_READERS (R_ADMIN | R_SUPERVISOR)
#define AUDIT_READERS (R_ADMIN | R_AUDITOR)

/* Route rows of the foundation modules (h_home.c, h_session.c, h_users.c, h_settings.c,
 * h_audit.c, h_tokens.c), listed in order by routes.c. */
extern const struct route_module rm_health;
extern const struct route_module rm_session;
extern const struct route_module rm_home;
extern const struct route_module rm_me;
extern const struct route_module rm_users;
extern const struct route_module rm_settings;
extern const struct route_module rm_audit;
extern const struct route_module rm_tokens;
/* h_inbox.c - the inbox of notices (GR-5) and the administrator's test notice. */
extern const struct route_module rm_inbox;

#endif
