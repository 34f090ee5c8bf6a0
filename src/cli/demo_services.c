/* demo_services.c - the demo's service log (SV-1): a few contacts a week for each recoveree with
 * a peer over the last two months, in every modality and peer role, with plain notes; a few
 * notes kept despite a boundary warning (SV-5) waiting on the supervisor's review list, and an
 * unfinished form on the demo peer's My day. Written through the typed store functions: the
 * demo back-dates services, which the operation dates now. */
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "accounts.h"
#include "caseload_store.h"
#include "civil.h"
#include "demo.h"
#include "recoverees.h"
#include "service.h"
#include "services_store.h"
#include "tz.h"

static const char *const notes[] = {
    "Met at the recovery center. Talked through his week and the job fair on Thursday; he wants to go and asked for a ride.",
    "Phone check-in. She went to two meetings this week and is sleeping better. Next call Monday.",
    "Helped fill in the housing application and made copies of her ID and Medicaid card.",
    "Walked with him to the One-Stop Career Center and sat in on the intake.",
    "Texted about the food pantry hours; she picked up groceries Saturday.",
    "Video call. He is on MAT and doing well at the clinic; we talked about telling his family.",
    "She called her sponsor after the meeting, as she planned. We set a goal for the weekend.",
    "Group on building a sober network: six people, good sharing, two new members.",
    "Went with her to the benefits office; SNAP renewal is done.",
    "He mentioned past trauma; I listened, shared the warm line and offered to go with him to his counselor.",
    "Talked about what she can do today to strengthen her recovery: a walk, a meeting, a call to her sister.",
    "Drove him to court and waited; the hearing moved to next month.",
};

/* Kept despite a warning: the note, the lane and phrase the check quoted, the peer's reason. */
static const char *const kept[][4] = {
    {"She asked whether to cut her Suboxone dose in half; I told her to cut back slowly and see.",
     "medical", "told her to cut back", "Her words about her own plan; I also urged her to call the clinic."},
    {"We worked on his fourth step inventory together at the coffee shop.", "sponsor",
     "worked on his fourth step inventory",
     "His sponsor is away for a month and asked me to sit with him; supervisor to advise."},
};

static const char *day(arena *a, int32_t d)
{
    char *s = arena_alloc(a, 11);
    civil_format(d, s);
    return s;
}

int demo_services(struct demo *dm)
{
    const struct tz *z = tz_get(ORG_TIME_ZONE_DEFAULT, NULL);
    if (!z)
        z = tz_utc();
    int64_t now = (int64_t)time(NULL);
    int32_t today = tz_today(z, now);
    struct rc_scope all;
    rc_scope_for(&all, ROLE_ADMIN, dm->admin, today, now);
    struct recoveree *rows;
    int n;
    int64_t total;
    if (rc_page(dm->d, dm->a, dm->org, &all, "active", NULL, 200, 0, &rows, &n, &total) != 0)
        return -1;
    static const char *const acts[] = {"ally", "resource_broker", "motivator", "planner",
                                       "monitor", "advocate", "educator", "tour_guide"};
    static const char *const mods[] = {"individual", "telephone", "individual", "text", "video"};
    static const char *const sets[] = {"community", "remote", "office", "home", "recovery_center"};
    static const char *const funds[] = {"medicaid", "medicaid", "state_grant", "county_grant"};
    int kept_done = 0, drafted = 0;
    for (int i = 0; i < n; i++) {
        struct cl_row *cl;
        int ncl;
        if (cl_active(dm->d, dm->a, dm->org, rows[i].id, day(dm->a, today), &cl, &ncl) != 0)
            return -1;
        if (ncl == 0)
            continue;
        int count = 3 + (int)(demo_rnd() % 6);
        for (int k = 0; k < count; k++) {
            int32_t d = today - 1 - (int32_t)(demo_rnd() % 60);
            if (k == 0 && cl[0].peer_id == dm->peer)
                d = today; /* the demo peer has logged something today */
            int sec = (9 + (int)(demo_rnd() % 8)) * 3600 + (int)(demo_rnd() % 4) * 900;
            int64_t start = tz_utc_of(z, d, sec);
            if (start > now)
                start = now - 3600;
            int m = (int)(demo_rnd() % 5);
            struct svc_row v = {
                .peer_id = cl[0].peer_id,
                .peer_level = 2,
                .started_at = start,
                .service_date = day(dm->a, tz_today(z, start)),
                .minutes = m == 3 ? 5 + (int)(demo_rnd() % 10) : 15 + (int)(demo_rnd() % 5) * 15,
                .modality = mods[m],
                .intensity = demo_rnd() % 4 ? "moderate" : "low",
                .setting = sets[m],
                .activity = acts[demo_rnd() % (sizeof acts / sizeof *acts)],
                .funding_source = funds[demo_rnd() % (sizeof funds / sizeof *funds)],
                .note = notes[demo_rnd() % (sizeof notes / sizeof *notes)],
            };
            v.created_at = start + 60 * (int64_t)v.minutes;
            if (!kept_done && k == 1 && i % 5 == 2) {
                const char *const *x = kept[(i / 5) % 2];
                v.note = x[0];
                v.boundary_lane = x[1];
                v.boundary_phrase = x[2];
                v.boundary_reason = x[3];
                kept_done = i > 10;
            }
            int64_t id;
            char after[256];
            snprintf(after, sizeof after, "{\"minutes\":%d,\"modality\":\"%s\"}", v.minutes,
                     v.modality);
            if (svc_insert(dm->d, dm->org, &v, v.peer_id, &id) != DB_OK ||
                svc_add_recoveree(dm->d, dm->org, id, rows[i].id) != DB_OK ||
                svc_history_add(dm->d, dm->org, id, 1, v.created_at, v.peer_id, "log", NULL, NULL,
                                after) != DB_OK)
                return -1;
        }
        /* An unfinished form on the demo peer's My day. */
        if (cl[0].peer_id == dm->peer && !drafted) {
            drafted = 1;
            int64_t draft;
            if (svc_draft_save(dm->d, dm->org, dm->peer, rows[i].id,
                               "{\"modality\":\"telephone\",\"activity\":\"ally\",\"note\":"
                               "\"Called about the Thursday meeting; left a message, will try "
                               "again\"}",
                               now - 1800, &draft) != DB_OK)
                return -1;
        }
    }
    return 0;
}
