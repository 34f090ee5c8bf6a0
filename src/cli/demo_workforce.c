/* demo_workforce.c - workforce demo data: named people in each situation the rules know, and a
 * generated population around them. Dates are relative to today so statuses stay meaningful.
 * The records are written through the typed store functions (workforce_store.h), not the
 * operations: the demo back-dates hires, trainings and supervision, which the operations'
 * rules refuse or stamp with today. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "accounts.h"
#include "civil.h"
#include "tz.h"
#include "demo.h"
#include "roles.h"
#include "workforce.h"
#include "workforce_status.h"
#include "workforce_store.h"

static int64_t now(void)
{
    return (int64_t)time(NULL);
}

/* A store call's DB_OK as 0, anything else as -1. */
static int ok(int rc)
{
    return rc == DB_OK ? 0 : -1;
}

static const char *day(arena *a, int32_t d)
{
    char *s = arena_alloc(a, 11);
    civil_format(d, s);
    return s;
}

static int profile(struct demo *dm, int64_t user, int level, int32_t hire, const char *edu,
                   const char *languages, const char *lived, const char *pathways)
{
    struct wf_profile_row p = {
        .user_id = user,
        .level = level,
        .hire_date = day(dm->a, hire),
        .education = edu,
        .languages = languages,
        .lived_experience = lived,
        .pathways = pathways,
        .caseload_capacity = 15 + (int64_t)(demo_rnd() % 16),
    };
    return wf_profile_save(dm->d, dm->org, &p, dm->admin, now(), 0) < 0 ? -1 : 0;
}

/* The structured matching profile (profile.c codes, in list order) of a peer. 0 or -1. */
static int profile_codes(struct demo *dm, int64_t user, const char *languages, const char *gender,
                         const char *substances, const char *pathways, const char *cultures)
{
    const char *const codes[5] = {languages, gender, substances, pathways, cultures};
    return ok(wf_profile_codes(dm->d, dm->org, user, codes));
}

static int training(struct demo *dm, int64_t user, const char *kind, const char *title,
                    int minutes, int32_t date)
{
    int64_t id;
    return ok(wf_training_add(dm->d, dm->org, user, kind, title, minutes, day(dm->a, date),
                              "NJ Certification Board approved provider", dm->admin, now(),
                              &id));
}

static int cert(struct demo *dm, int64_t user, const char *body, int32_t issued, int32_t expires)
{
    char number[32];
    snprintf(number, sizeof number, "%s-%06u", strcmp(body, "cprs") ? "NCPRSS" : "CPRS",
             (unsigned)(demo_rnd() % 1000000));
    int64_t id;
    return ok(wf_cert_add(dm->d, dm->org, user, body, number, day(dm->a, issued),
                          day(dm->a, expires), dm->admin, now(), &id));
}

static const char *const ce_core[] = {
    "Motivational interviewing for peers", "Recovery capital and wellness planning",
    "Cultural humility in peer support", "Navigating Medicaid and community resources",
    "Trauma-informed peer practice", "Supporting families in recovery",
    "Harm reduction and naloxone", "Documentation for peer recovery specialists",
};
static const char *const ce_ethics[] = {
    "Ethics and professional boundaries for peers", "Dual relationships and role integrity",
    "Confidentiality under 42 CFR Part 2", "Boundaries in social media and texting",
};

static int ce(struct demo *dm, int64_t user, int ethics, int minutes, int32_t date)
{
    const char *title = ethics ? ce_ethics[demo_rnd() % 4] : ce_core[demo_rnd() % 8];
    int64_t id;
    /* Recorded by the person themselves, as a peer logs their own CE. */
    return ok(wf_ce_add(dm->d, dm->org, user, day(dm->a, date), minutes,
                        ethics ? "ethics" : "core", title, ethics ? "NAADAC" : "C4 Innovations",
                        user, now(), &id));
}

static const char *const topics[] = {
    "Caseload review; boundaries with a recoveree who texts late at night",
    "Self-care and secondary trauma after an overdose in the community",
    "Role clarity: peer support versus sponsorship",
    "Preparing for a hospital bedside intervention",
    "Documentation review and recovery plan goals in the recoveree's words",
    "Referral follow-up and resource brokering for housing",
};

static int supervision(struct demo *dm, int64_t supervisor, int64_t user, int minutes, int32_t date)
{
    /* Drawn in this order, kind then topics, so a seed gives the same data. */
    const char *kind = demo_rnd() % 3 ? "clinical" : "administrative";
    const char *topic = topics[demo_rnd() % 6];
    int64_t id;
    return ok(wf_supervision_add(dm->d, dm->org, supervisor, user, day(dm->a, date), minutes,
                                 kind, topic, supervisor, now(), &id));
}

static int assign(struct demo *dm, int64_t supervisor, int64_t user, int32_t start)
{
    int64_t id;
    return ok(wf_assign_add(dm->d, dm->org, supervisor, user, day(dm->a, start), dm->admin,
                            now(), &id));
}

static int experience(struct demo *dm, int64_t user, int minutes, int32_t date)
{
    int64_t id;
    return ok(wf_experience_add(dm->d, dm->org, user, day(dm->a, date), minutes,
                                "Peer recovery support services (monthly log)", dm->admin,
                                now(), &id));
}

/* Each profile in words with the codes it amounts to (profile.c), so matching finds it. */
static const char *const langs[][2] = {
    {"English", "english"},
    {"English, Spanish", "english,spanish"},
    {"English", "english"},
    {"English, Haitian Creole", "english,haitian_creole"},
    {"English, Portuguese", "english,portuguese"},
    {"English, Arabic", "english,arabic"},
    {"English", "english"},
    {"English, Korean", "english,korean"},
};
/* words, substance codes, cultural factor codes */
static const char *const lived[][3] = {
    {"Long-term recovery from opioid use disorder; parent in recovery", "opioids", "parent"},
    {"Recovery from alcohol use disorder; veteran", "alcohol", "veteran"},
    {"Recovery from stimulant use; justice-involved history", "stimulants", "justice_involved"},
    {"Family member of a person in recovery", NULL, "parent"},
    {"Recovery from co-occurring depression and alcohol use", "alcohol,co_occurring", NULL},
    {"Medication-assisted recovery (buprenorphine) for 6 years", "opioids", NULL},
};
static const char *const paths[][2] = {
    {"12-step", "twelve_step"},
    {"Medication-assisted", "medication_assisted"},
    {"SMART Recovery", "smart"},
    {"Faith-based", "faith_based"},
    {"Multiple pathways", "medication_assisted,twelve_step"},
    {"Secular, harm reduction", "harm_reduction"},
};

/* One peer in a given situation, of gender (a profile.c code; NULL: drawn). Returns 0 or -1. */
static int person(struct demo *dm, int64_t user, int level, int32_t today, int64_t supervisor,
                  int cert_days_left, int ce_ethics_min, int ce_core_min, int recent_sup_min,
                  const char *gender)
{
    int32_t hire = today - 200 - (int32_t)(demo_rnd() % 2400);
    const char *const *lang = langs[demo_rnd() % 8], *const *life = lived[demo_rnd() % 6],
                      *const *path = paths[demo_rnd() % 6];
    static const char *const genders[] = {"woman", "man", "woman", "man", "nonbinary"};
    if (!gender)
        gender = genders[demo_rnd() % 5];
    if (profile(dm, user, level, hire, demo_rnd() % 10 ? "hs" : "ged", lang[0], life[0], path[0]) ||
        profile_codes(dm, user, lang[1], gender, life[1], path[1], life[2]))
        return -1;
    if (training(dm, user, "orientation_ethics", "Peer volunteer orientation and ethics", 240,
                 hire + 3))
        return -1;
    if (level >= 2 && training(dm, user, "ethics_ccar", "Ethics & CCAR Recovery Coach Academy",
                               18 * 60, hire + 20))
        return -1;
    /* Experience is logged in monthly entries of up to 160 hours. */
    for (int m = 0, total = (int)(60 * (120 + demo_rnd() % 400)); level >= 2 && total > 0; m++) {
        int chunk = total > 160 * 60 ? 160 * 60 : total;
        if (experience(dm, user, chunk, today - 10 - 30 * m))
            return -1;
        total -= chunk;
    }
    if (supervisor > 0 && assign(dm, supervisor, user, hire))
        return -1;
    if (supervisor > 0 && recent_sup_min > 0 &&
        supervision(dm, supervisor, user, recent_sup_min, today - 3 - (int32_t)(demo_rnd() % 20)))
        return -1;
    /* Older supervision toward the 25 supervised hours of WF-2, monthly from the hire date
     * but never after today (the API refuses a session in the future, and so does the demo). */
    for (int k = 0; supervisor > 0 && k < 12; k++) {
        int minutes = 60 + 30 * (int)(demo_rnd() % 3);
        int32_t date = hire + 30 * (k + 1);
        if (date <= today && supervision(dm, supervisor, user, minutes, date))
            return -1;
    }
    if (level == 3) {
        int32_t expires = today + cert_days_left;
        int32_t issued = civil_add_months(expires, -24);
        if (cert(dm, user, demo_rnd() % 2 ? "ncprss" : "cprs", issued, expires))
            return -1;
        int32_t span = today - issued;
        if (span < 1)
            span = 1;
        /* CE spread over the cycle so far, in 2-hour and 3-hour courses. */
        for (int m = ce_ethics_min; m > 0; m -= 120)
            if (ce(dm, user, 1, m >= 120 ? 120 : m, issued + (int32_t)(demo_rnd() % (uint64_t)span)))
                return -1;
        for (int m = ce_core_min; m > 0; m -= 180)
            if (ce(dm, user, 0, m >= 180 ? 180 : m, issued + (int32_t)(demo_rnd() % (uint64_t)span)))
                return -1;
    }
    return 0;
}

int demo_workforce(struct demo *dm)
{
    /* The demo organization was just made, so its zone is the default one. */
    int32_t today = tz_today_in(ORG_TIME_ZONE_DEFAULT, (int64_t)time(NULL));
    int64_t sup = dm->supervisor;
    /* Named people, one per situation, all supervised by the demo supervisor login. */
    struct {
        const char *username, *name;
        int level, cert_days, ethics, core, recent, supervised;
        const char *gender;
    } named[] = {
        /* Short of ethics CE for the pace of the cycle: 2 ethics hours make them compliant. */
        {"mwebb", "Marcus Webb", 3, 120, 240, 840, 90, 1, "man"},
        {"dholt", "Derek Holt", 3, -20, 360, 840, 90, 1, "man"},     /* WF-4: certification lapsed */
        {"rdelgado", "Rosa Delgado", 2, 0, 0, 0, 0, 0, "woman"},      /* WF-5: no supervisor */
        {"tbrooks", "Tanya Brooks", 1, 0, 0, 0, 60, 1, "woman"},      /* Level 1 volunteer */
        {"aokafor", "Adaeze Okafor", 3, 400, 420, 900, 90, 1, "woman"}, /* fully compliant, certified */
        {"pnair", "Priya Nair", 3, 45, 420, 840, 90, 1, "woman"},     /* certification expires in 45 days */
    };
    for (size_t i = 0; i < sizeof named / sizeof *named; i++) {
        int64_t id;
        if (user_create(dm->d, dm->org, named[i].username, named[i].name, ROLE_PEER, dm->hash,
                        &id) != DB_OK)
            return -1;
        if (person(dm, id, named[i].level, today, named[i].supervised ? sup : 0,
                   named[i].cert_days, named[i].ethics, named[i].core, named[i].recent,
                   named[i].gender))
            return -1;
    }
    /* The peer login: Level 2, hired 14 months ago and not certified yet, so past the
     * 12-month window (WF-1: no high-intensity work). */
    /* She is also the peer RC-2 puts first for the demo's Spanish-speaking recoveree who asks
     * for a woman with opioid and medication-assisted experience (demo_recoverees.c). */
    if (profile(dm, dm->peer, 2, civil_add_months(today, -14), "hs", "English, Spanish",
                "Long-term recovery from opioid use disorder", "Medication-assisted") ||
        profile_codes(dm, dm->peer, "english,spanish", "woman", "opioids", "medication_assisted",
                      "latino,parent") ||
        training(dm, dm->peer, "orientation_ethics", "Peer volunteer orientation and ethics", 240,
                 civil_add_months(today, -14)) ||
        training(dm, dm->peer, "ethics_ccar", "Ethics & CCAR Recovery Coach Academy", 18 * 60,
                 civil_add_months(today, -13)) ||
        experience(dm, dm->peer, 60 * 160, today - 40) ||
        experience(dm, dm->peer, 60 * 150, today - 5) ||
        assign(dm, sup, dm->peer, civil_add_months(today, -14)) ||
        supervision(dm, sup, dm->peer, 120, today - 6))
        return -1;

    /* Everyone else with the peer role gets a generated history. */
    for (int i = 0; i < dm->npeers; i++) {
        int64_t id = dm->peers[i];
        unsigned x = (unsigned)(demo_rnd() % 100);
        int level = x < 20 ? 1 : x < 62 ? 2 : 3;
        int64_t s = demo_rnd() % 20 ? dm->supervisors[demo_rnd() % (uint64_t)dm->nsupervisors] : 0;
        int cert_days = (int)(demo_rnd() % 760) - 60;
        int ethics = (int)(demo_rnd() % 8) * 60, core = (int)(demo_rnd() % 18) * 60;
        int recent = (int)(demo_rnd() % 4) * 45;
        if (person(dm, id, level, today, s, cert_days, ethics, core, recent, NULL))
            return -1;
    }
    /* The records went in by statement, not by operation: compute the stored dashboard
     * statuses once for the whole organization (its policy is the default). */
    struct policy pol;
    policy_defaults(&pol);
    return wf_status_refresh_all(dm->d, dm->a, dm->org, today, &pol);
}
