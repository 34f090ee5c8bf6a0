/* service.h - what a service is (SPEC SV-1) and the pure checks of one before it is logged.
 *
 * A service is one contact a peer had: who, with whom (one recoveree, or several for a group),
 * when and how long, how (modality), how intense, where (setting), which of the peer roles of
 * seed 002 it was (activity), which plan goals it served, who pays (RP-1) and a note. The
 * rules that need records (WF-1/4/5 scope, SV-3/SV-4 relationships, SV-5 note lanes) are
 * decided by their own modules; this file holds the vocabulary and the shape checks. */
#ifndef PD_SERVICE_H
#define PD_SERVICE_H

#include <stddef.h>

#include "workforce.h"

enum svc_modality { SVC_INDIVIDUAL, SVC_GROUP, SVC_TELEPHONE, SVC_VIDEO, SVC_TEXT, SVC_MODALITY__COUNT };

/* The peer roles of seed 002 ("Roles of a peer provider"). */
enum svc_activity {
    ACT_OUTREACH, ACT_MOTIVATOR, ACT_ALLY, ACT_ROLE_MODEL, ACT_PLANNER, ACT_PROBLEM_SOLVER,
    ACT_RESOURCE_BROKER, ACT_MONITOR, ACT_TOUR_GUIDE, ACT_ADVOCATE, ACT_EDUCATOR,
    ACT_COMMUNITY_ORGANIZER, ACT_LIFESTYLE_GUIDE, ACT__COUNT
};

enum svc_setting {
    SET_COMMUNITY, SET_OFFICE, SET_HOME, SET_HOSPITAL, SET_TREATMENT, SET_RECOVERY_CENTER,
    SET_JUSTICE, SET_SHELTER, SET_REMOTE, SET_OTHER, SET__COUNT
};

/* RP-1 funding sources. */
enum svc_funding {
    FUND_MEDICAID, FUND_FEE_FOR_SERVICE, FUND_COUNTY_GRANT, FUND_STATE_GRANT, FUND_FEDERAL_GRANT,
    FUND_FOUNDATION, FUND_CORPORATE, FUND_FUNDRAISING, FUND_VOLUNTEER, FUND__COUNT
};

/* Most recoverees one group service may name, and the longest service in minutes. */
#define SVC_GROUP_MAX 40
#define SVC_MINUTES_MAX 720
/* How far back a service may be logged, in days, and how far past now its start may be
 * (clock drift between a phone and the server), in seconds. */
#define SVC_BACKDATE_DAYS 90
#define SVC_FUTURE_SLACK 300
/* The shortest reason a kept boundary warning, a void or an override may have. */
#define SVC_REASON_MIN 15

/* Storage names ("individual", "resource_broker", "recovery_center", "county_grant") and
 * parsers (-1 when unknown). Labels for people are messages service.modality.NAME etc. */
const char *svc_modality_name(enum svc_modality m);
int svc_modality_parse(const char *s);
const char *svc_activity_name(enum svc_activity a);
int svc_activity_parse(const char *s);
const char *svc_setting_name(enum svc_setting s);
int svc_setting_parse(const char *s);
const char *svc_funding_name(enum svc_funding f);
int svc_funding_parse(const char *s);
int svc_intensity_parse(const char *s); /* "low", "moderate", "high" (wf_intensity_name) */

/* The workforce action a service of this intensity asks for (WF-1: wf_decide). */
enum wf_action svc_action(enum wf_intensity i);

/* SV-1: how many recoverees a modality takes: a group one to SVC_GROUP_MAX, any other exactly
 * one. 1 when n fits, else 0. */
int svc_recoverees_fit(enum svc_modality m, size_t n);

/* Parse "HH:MM" (24-hour) into seconds after midnight; -1 when it is not a time. */
int svc_parse_clock(const char *s);

#endif
