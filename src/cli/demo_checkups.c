/* demo_checkups.c - recovery check-ups for the demo (SV-6): cadences for most active
 * recoverees (weekly telephone support for recent intakes, monthly for the others), a few
 * recoverees discharged with quarterly recovery management check-ups, six months of check-ups
 * with every outcome, some due today and some overdue, and re-intervention tasks (the recent
 * ones open, older ones done). Written through the typed store functions: the demo back-dates
 * check-ups, which the operation stamps with today's entry time. */
#include <stdint.h>
#include <time.h>

#include "accounts.h"
#include "checkup.h"
#include "checkups_store.h"
#include "civil.h"
#include "demo.h"
#include "msg.h"
#include "policy.h"
#include "recoverees.h"
#include "tz.h"

static const char *day(arena *a, int32_t d)
{
    char *s = arena_alloc(a, 11);
    civil_format(d, s);
    return s;
}

/* The outcome of the k-th check-up of recoveree n: mostly stable, with every other outcome
 * somewhere, and a run of unreachable calls for one in eleven. */
static enum ck_outcome outcome_for(int n, int k, int last)
{
    if (n % 11 == 5 && last - k < 3)
        return CK_UNREACHABLE;
    unsigned x = (unsigned)(demo_rnd() % 100);
    return x < 68 ? CK_STABLE : x < 82 ? CK_AT_RISK : x < 90 ? CK_REINTERVENTION : CK_UNREACHABLE;
}

/* Check-ups of recoveree rid by peer every `every` days (cadence k), the last one on `last`,
 * going back up to six months; tasks for the outcomes that call for one. 0 or -1. */
static int history(struct demo *dm, int64_t rid, int64_t by, enum ck_cadence cad, int every,
                   int32_t last, int32_t today, int n)
{
    struct policy pol;
    policy_defaults(&pol);
    int32_t days[40];
    int nd = 0;
    for (int32_t d = last; d >= today - 183 && nd < 40; d = ck_before(cad, every, d))
        days[nd++] = d;
    int run = 0;
    for (int i = nd - 1; i >= 0; i--) {
        enum ck_outcome o = outcome_for(n, nd - 1 - i, nd - 1);
        static const char *const notes[] = {
            "Going to meetings, working on the plan.", "Talked through a hard week at work.",
            "Housing paperwork still pending; wants help with it.", "No answer; left no message.",
        };
        const char *note = o == CK_UNREACHABLE ? notes[3] : notes[demo_rnd() % 3];
        int64_t id, tid;
        const char *modality = ck_modality_name((enum ck_modality)(demo_rnd() % CK_MODALITY__COUNT));
        if (cad == CK_WEEKLY)
            modality = "telephone";
        if (ck_insert(dm->d, dm->org, rid, day(dm->a, days[i]), (int64_t)time(NULL), by, modality,
                      ck_outcome_name(o), note, &id) != DB_OK)
            return -1;
        run = o == CK_UNREACHABLE ? run + 1 : 0;
        struct ck_task_rule t;
        ck_task_for(o, run, &pol, &t);
        if (!t.create)
            continue;
        int32_t due = days[i] + t.due_days;
        const char *title = msg_fmt(dm->a, "en",
                                    o == CK_AT_RISK         ? "task.title.at_risk"
                                    : o == CK_UNREACHABLE   ? "task.title.unreachable"
                                                            : "task.title.reintervention",
                                    "date", day(dm->a, days[i]), NULL);
        if (task_insert(dm->d, dm->org, rid, "reintervention", title, by, day(dm->a, due), id, by,
                        (int64_t)time(NULL), &tid) != DB_OK ||
            ck_set_task(dm->d, dm->org, id, tid) != DB_OK)
            return -1;
        /* Older tasks were worked; the last month's are still open (some overdue). */
        if (days[i] < today - 30 &&
            task_close(dm->d, dm->org, tid, "done", "Met in person; back on the plan.", by,
                       (int64_t)time(NULL), 1) < 0)
            return -1;
    }
    return 0;
}

int demo_checkups(struct demo *dm)
{
    int32_t today = tz_today_in(ORG_TIME_ZONE_DEFAULT, (int64_t)time(NULL));
    int64_t now = (int64_t)time(NULL);
    struct rc_scope sc;
    rc_scope_for(&sc, ROLE_ADMIN, dm->admin, today, now);
    struct recoveree *rs;
    int n;
    int64_t total;
    if (rc_page(dm->d, dm->a, dm->org, &sc, "active", NULL, 1000, 0, &rs, &n, &total) != 0)
        return -1;
    for (int i = 0; i < n; i++) {
        struct recoveree *x = &rs[i];
        int64_t peer;
        if (ck_owner_peer(dm->d, dm->org, x->id, day(dm->a, today), &peer) != 0)
            return -1;
        if (!peer)
            continue; /* the matching case waits for a peer */
        int32_t intake = civil_parse(x->intake_date);
        /* One in five keeps the organization's default cadence (and its check-ups). */
        if (i % 5 == 4) {
            if (history(dm, x->id, peer, CK_WEEKLY, 7, today - 3 - (i % 9), today, i))
                return -1;
            continue;
        }
        enum ck_cadence cad = today - intake < 200 ? CK_WEEKLY : CK_MONTHLY;
        int discharged = i % 7 == 3;
        if (discharged) {
            /* Services ended a while ago: quarterly recovery management check-ups. */
            x->status = "discharged";
            x->status_date = day(dm->a, today - 100 - (i % 40));
            if (rc_update(dm->d, dm->org, x, x->version, now) != 1)
                return -1;
            cad = CK_QUARTERLY;
        }
        int every = ck_cadence_days(cad, 0);
        /* The last check-up falls so that some are due today, some overdue, most upcoming. */
        int32_t next;
        switch (i % 6) {
        case 0: next = today; break;              /* due today */
        case 1: next = today - 1 - (i % 12); break; /* overdue */
        default: next = today + 1 + (int32_t)(demo_rnd() % (unsigned)every); break;
        }
        int32_t last = ck_before(cad, every, next);
        if (discharged && last < civil_parse(x->status_date))
            last = civil_parse(x->status_date);
        next = ck_after(cad, every, last);
        if (last > today)
            last = today, next = ck_after(cad, every, today);
        if (ck_cadence_insert(dm->d, dm->org, x->id, ck_cadence_name(cad), every,
                              cad == CK_WEEKLY, day(dm->a, next), peer, now) != DB_OK ||
            history(dm, x->id, peer, cad, every, last, today, i))
            return -1;
    }
    return 0;
}
