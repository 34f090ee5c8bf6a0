/* service.c - the vocabulary and shape of a service (service.h, SPEC SV-1). */
#include "service.h"

#include <string.h>

static const char *const modalities[SVC_MODALITY__COUNT] = {"individual", "group", "telephone",
                                                            "video", "text"};
static const char *const activities[ACT__COUNT] = {
    "outreach",       "motivator",          "ally",      "role_model",  "planner",
    "problem_solver", "resource_broker",    "monitor",   "tour_guide",  "advocate",
    "educator",       "community_organizer", "lifestyle_guide"};
static const char *const settings[SET__COUNT] = {
    "community", "office",  "home",    "hospital", "treatment", "recovery_center",
    "justice",   "shelter", "remote",  "other"};
static const char *const fundings[FUND__COUNT] = {
    "medicaid",   "fee_for_service", "county_grant", "state_grant", "federal_grant",
    "foundation", "corporate",       "fundraising",  "volunteer"};

static int find(const char *const *names, int n, const char *s)
{
    if (!s)
        return -1;
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], s) == 0)
            return i;
    return -1;
}

const char *svc_modality_name(enum svc_modality m)
{
    return (unsigned)m < SVC_MODALITY__COUNT ? modalities[m] : "";
}
int svc_modality_parse(const char *s) { return find(modalities, SVC_MODALITY__COUNT, s); }
const char *svc_activity_name(enum svc_activity a)
{
    return (unsigned)a < ACT__COUNT ? activities[a] : "";
}
int svc_activity_parse(const char *s) { return find(activities, ACT__COUNT, s); }
const char *svc_setting_name(enum svc_setting s)
{
    return (unsigned)s < SET__COUNT ? settings[s] : "";
}
int svc_setting_parse(const char *s) { return find(settings, SET__COUNT, s); }
const char *svc_funding_name(enum svc_funding f)
{
    return (unsigned)f < FUND__COUNT ? fundings[f] : "";
}
int svc_funding_parse(const char *s) { return find(fundings, FUND__COUNT, s); }

int svc_intensity_parse(const char *s)
{
    for (int i = 0; i < WF_INTENSITY__COUNT; i++)
        if (s && strcmp(s, wf_intensity_name((enum wf_intensity)i)) == 0)
            return i;
    return -1;
}

enum wf_action svc_action(enum wf_intensity i)
{
    return i == WF_HIGH ? WF_DELIVER_HIGH : i == WF_MODERATE ? WF_DELIVER_MODERATE : WF_DELIVER_LOW;
}

int svc_recoverees_fit(enum svc_modality m, size_t n)
{
    return m == SVC_GROUP ? n >= 1 && n <= SVC_GROUP_MAX : n == 1;
}

int svc_parse_clock(const char *s)
{
    if (!s || strlen(s) != 5 || s[2] != ':')
        return -1;
    for (int i = 0; i < 5; i++)
        if (i != 2 && (s[i] < '0' || s[i] > '9'))
            return -1;
    int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
    if (h > 23 || m > 59)
        return -1;
    return h * 3600 + m * 60;
}
