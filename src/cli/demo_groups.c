/* demo_groups.c - the demo's recovery support groups (GR-1..GR-5): a weekly recovery circle
 * on Tuesday evenings, a family group every other Thursday, and a monitoring program's group
 * for health professionals, with facilitators, members who agreed to the ground rules (most of
 * them), a cancelled session, four documented weeks of attendance whose group services are on
 * each attendee's record, and the monitoring case manager of one member (GR-5), supervised, so
 * an incident reaches her and escalates. Written through the typed store functions, as the other
 * demo_*.c are: the demo back-dates what the operations date today. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "accounts.h"
#include "caseload_store.h"
#include "civil.h"
#include "demo.h"
#include "group.h"
#include "groups_store.h"
#include "recoverees.h"
#include "recur.h"
#include "services_store.h"
#include "tz.h"
#include "workforce_store.h"

static const char *day(arena *a, int32_t d)
{
    char *s = arena_alloc(a, 11);
    civil_format(d, s);
    return s;
}

static const char *const rules =
    "What is said here stays here.\n"
    "We listen without interrupting and speak for ourselves.\n"
    "We respect each other's pathway to recovery, medication included.\n"
    "Sharing is welcome, never required.\n"
    "We come to group free of alcohol and other drugs.";

static const char *const notes[] = {
    "Topic: coping with cravings at holidays. Members shared plans for the week; skill-building "
    "on urge surfing; meeting list and the crisis line handed out.",
    "Topic: rebuilding trust with family. Peer sharing ran long; skill-building on I-statements; "
    "two members asked about the family group.",
    "Topic: recovery capital. Each member named one strength; wrap-up with resources for "
    "housing and employment.",
    "Topic: sleep and routine. Skill-building on a simple evening plan; members exchanged "
    "meeting times for the weekend.",
};

/* A user of the organization by login name: its id, or 0. */
static int64_t login(struct demo *dm, const char *name)
{
    struct user u;
    return user_by_name(dm->d, dm->a, dm->org, name, &u) == 1 ? u.id : 0;
}

int demo_groups(struct demo *dm)
{
    const struct tz *z = tz_get(ORG_TIME_ZONE_DEFAULT, NULL);
    if (!z)
        z = tz_utc();
    int64_t now = (int64_t)time(NULL);
    int32_t today = tz_today(z, now);
    int64_t facilitator = login(dm, "facilitator"), casemanager = login(dm, "casemanager");
    if (!facilitator)
        facilitator = dm->peer;
    struct rc_scope all;
    rc_scope_for(&all, ROLE_ADMIN, dm->admin, today, now);
    struct recoveree *rows;
    int n;
    int64_t total;
    if (rc_page(dm->d, dm->a, dm->org, &all, "active", NULL, 40, 0, &rows, &n, &total) != 0)
        return -1;
    if (n < 12)
        return 0; /* too small an organization for groups */
    /* The first session of each: weeks back, on the weekday its rule names. */
    int32_t tue = today - 35, thu = today - 42, mon = today - 200;
    while (recur_weekday(tue) != 2)
        tue--;
    while (recur_weekday(thu) != 4)
        thu--;
    while (recur_weekday(mon) != 1)
        mon--;
    struct grp_row g[3] = {
        {.name = "Tuesday Evening Recovery Circle", .kind = "recovery_support",
         .place = "Garden State Recovery Center, Room 2, 60 Park Pl, Newark NJ", .capacity = 14,
         .ground_rules = rules, .setting = "recovery_center", .activity = "educator",
         .funding_source = "medicaid", .start_date = day(dm->a, tue), .start_time = "18:00",
         .minutes = 70, .rrule = "FREQ=WEEKLY;BYDAY=TU"},
        {.name = "Familias Unidas (family group)", .kind = "family",
         .place = "Ironbound Library community room, Newark NJ",
         .video_link = "https://meet.example.org/familias-unidas", .capacity = 20,
         .ground_rules = rules, .setting = "community", .activity = "educator",
         .funding_source = "county_grant", .start_date = day(dm->a, thu), .start_time = "18:30",
         .minutes = 90, .rrule = "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH"},
        {.name = "Health Professionals Recovery Group", .kind = "professional",
         .video_link = "https://meet.example.org/hprg", .capacity = 12, .ground_rules = rules,
         .setting = "remote", .activity = "role_model", .start_date = day(dm->a, mon),
         .start_time = "19:00", .minutes = 60, .rrule = "FREQ=WEEKLY;BYDAY=MO"},
    };
    int64_t gid[3];
    for (int i = 0; i < 3; i++) {
        g[i].active = 1;
        if (grp_insert(dm->d, dm->org, &g[i], dm->admin, now - 86400 * 60, &gid[i]) != DB_OK ||
            grp_fac_add(dm->d, dm->org, gid[i], i == 0 ? dm->peer : facilitator, 0, dm->admin,
                        now - 86400 * 60) != DB_OK)
            return -1;
    }
    if (grp_fac_add(dm->d, dm->org, gid[0], facilitator, 1, dm->admin, now - 86400 * 60) != DB_OK)
        return -1;
    /* Members: ten in the circle (one has not agreed to the ground rules yet), six families,
     * four professionals. */
    for (int k = 0; k < 10; k++)
        if (grp_mem_add(dm->d, dm->org, gid[0], rows[k].id, day(dm->a, tue), k == 9 ? NULL :
                        day(dm->a, tue), dm->peer, dm->peer, now - 86400 * 40) != DB_OK)
            return -1;
    for (int k = 10; k < 16 && k < n; k++)
        if (grp_mem_add(dm->d, dm->org, gid[1], rows[k].id, day(dm->a, thu), day(dm->a, thu),
                        facilitator, dm->admin, now - 86400 * 45) != DB_OK)
            return -1;
    for (int k = 16; k < 20 && k < n; k++)
        if (grp_mem_add(dm->d, dm->org, gid[2], rows[k].id, day(dm->a, mon), day(dm->a, mon),
                        facilitator, dm->admin, now - 86400 * 200) != DB_OK)
            return -1;
    /* GR-5: the case manager monitors one member of the circle and is supervised, so an
     * incident reaches her and escalates to Robert Castillo when unacknowledged. */
    if (casemanager) {
        int64_t sa;
        if (rel_insert(dm->d, dm->org, rows[0].id, casemanager, "monitoring_case_manager",
                       "Professional assistance program agreement", dm->admin,
                       now - 86400 * 50) != DB_OK ||
            wf_assign_add(dm->d, dm->org, dm->supervisor, casemanager, day(dm->a, today - 200),
                          dm->admin, now - 86400 * 200, &sa) != DB_OK)
            return -1;
    }
    /* The circle's last four Tuesdays documented, the one before cancelled. */
    struct grp_exception ex = {.orig_date = day(dm->a, tue), .kind = "cancelled",
                               .reason = "Building closed for the holiday"};
    if (grp_exc_add(dm->d, dm->org, gid[0], &ex, dm->peer, now - 86400 * 36) != DB_OK)
        return -1;
    static const char *const marks[] = {"present", "present", "late", "present", "excused",
                                        "present", "absent", "present", "present", "present"};
    for (int w = 1; w <= 4; w++) {
        int32_t d = tue + 7 * w;
        if (d >= today)
            break;
        int64_t start = tz_utc_of(z, d, 18 * 3600);
        struct grp_session s = {.group_id = gid[0], .session_date = day(dm->a, d),
                                .starts_at = start, .minutes = 70,
                                .segments = "group.seg.welcome|10\ngroup.seg.topic|20\n"
                                            "group.seg.sharing|20\ngroup.seg.skills|15\n"
                                            "group.seg.wrapup|5"};
        int64_t sid;
        const char *note = notes[(w - 1) % 4];
        if (grp_ses_insert(dm->d, dm->org, &s, start - 600, &sid) != DB_OK ||
            grp_ses_document(dm->d, dm->org, sid, 1, note, NULL, dm->peer, start + 4800) != 1)
            return -1;
        for (int k = 0; k < 10; k++) {
            const char *st = marks[(k + w) % 10];
            struct grp_attendance a = {.recoveree_id = rows[k].id, .status = st,
                                       .shared = (k + w) % 3 != 0 && k != 4};
            if (!strcmp(st, "present") || !strcmp(st, "late")) {
                struct svc_row v = {.peer_id = dm->peer, .peer_level = 2, .started_at = start,
                                    .service_date = day(dm->a, d), .minutes = 70,
                                    .modality = "group", .intensity = "low",
                                    .setting = "recovery_center", .activity = "educator",
                                    .funding_source = "medicaid", .note = note,
                                    .created_at = start + 4800};
                if (svc_insert(dm->d, dm->org, &v, dm->peer, &a.service_id) != DB_OK ||
                    svc_add_recoveree(dm->d, dm->org, a.service_id, rows[k].id) != DB_OK ||
                    svc_history_add(dm->d, dm->org, a.service_id, 1, v.created_at, dm->peer,
                                    "log", NULL, NULL, "{\"minutes\":70,\"modality\":\"group\"}") !=
                        DB_OK)
                    return -1;
            }
            if (grp_att_add(dm->d, dm->org, sid, &a) != DB_OK)
                return -1;
        }
        struct grp_attendance guest = {.guest_name = "Maria Lopez", .guest_role =
                                       "Visiting case manager, county reentry program",
                                       .status = "present"};
        if (w == 2 && grp_att_add(dm->d, dm->org, sid, &guest) != DB_OK)
            return -1;
    }
    return 0;
}
