/* demo_recoverees.c - recoverees for the demo: caseloads of eligible peers, consents of every
 * kind (some expired, some revoked), plans (some overdue, some missing) and BARC-10s over time.
 * The records are written through the typed store functions, not the operations: the demo
 * back-dates intakes, signatures, revocations and assessments, which the operations stamp
 * with today. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "accounts.h"
#include "civil.h"
#include "consent.h"
#include "consents_store.h"
#include "tz.h"
#include "demo.h"
#include "intake_store.h"
#include "plans_store.h"
#include "policy.h"
#include "profile.h"
#include "recoverees.h"
#include "workforce_store.h"

static int64_t now(void)
{
    return (int64_t)time(NULL);
}

static const char *day(arena *a, int32_t d)
{
    char *s = arena_alloc(a, 11);
    civil_format(d, s);
    return s;
}

static const char *const firsts[] = {"Luis", "Tamika", "Ryan", "Fatou", "Dmitri", "Angela",
                                     "Kwame", "Erin", "Mateo", "Shanice", "Bill", "Hoa",
                                     "Jorge", "Crystal", "Sam", "Nia", "Patrick", "Yolanda"};
/* The gender identity (profile.c) of each first name above. */
static const char *const genders[] = {"man", "woman", "man", "woman", "man", "woman",
                                      "man", "woman", "man", "woman", "man", "woman",
                                      "man", "woman", "nonbinary", "woman", "man", "woman"};
static const char *const lasts[] = {"Ortega", "Greene", "McCarthy", "Diallo", "Petrov", "Russo",
                                    "Asante", "Flynn", "Vargas", "Holmes", "Kowalczyk", "Tran",
                                    "Medina", "Baker", "Idowu", "Price", "Doyle", "Castro"};
/* Each in words and as codes (profile.c), so matching finds them. */
static const char *const languages[][2] = {
    {"English", "english"}, {"Spanish", "spanish"}, {"English", "english"},
    {"French", "french"},   {"Russian", "russian"}, {"English", "english"},
    {"English", "english"}, {"Haitian Creole", "haitian_creole"},
};
static const char *const pathways[][2] = {
    {"Medication-assisted", "medication_assisted"}, {"12-step", "twelve_step"},
    {"SMART Recovery", "smart"}, {"Faith-based", "faith_based"},
    {"Multiple pathways", "medication_assisted,twelve_step"},
};
/* words, substance codes, cultural factor codes */
static const char *const lived[][3] = {
    {"opioids, parent", "opioids", "parent"},
    {"alcohol, veteran", "alcohol", "veteran"},
    {"stimulants, justice involvement", "stimulants", "justice_involved"},
    {"opioids, homelessness", "opioids", "homelessness"},
    {"alcohol, LGBTQ+", "alcohol", "lgbtq"},
};

/* A store call's DB_OK as 0, anything else as -1. */
static int ok(int rc)
{
    return rc == DB_OK ? 0 : -1;
}

static int64_t recoveree(struct demo *dm, int32_t intake, char name[80])
{
    /* The draws in this order: a seed gives the same recoverees. */
    const char *const *lang = languages[demo_rnd() % 8];
    size_t fi = (size_t)(demo_rnd() % 18);
    const char *first = firsts[fi], *last = lasts[demo_rnd() % 18];
    snprintf(name, 80, "%s %s", first, last);
    /* The birth date is drawn day, month, then year (the order it always came out in). */
    int bd = 1 + (int)(demo_rnd() % 28), bm = 1 + (int)(demo_rnd() % 12);
    int32_t birth = civil_days(1960 + (int)(demo_rnd() % 40), bm, bd);
    const char *contact = demo_rnd() % 2 ? "text" : "phone";
    int message = (int)(demo_rnd() % 2);
    int english = strcmp(lang[0], "English") == 0;
    const char *const *life = lived[demo_rnd() % 5], *const *path = pathways[demo_rnd() % 5];
    const char *wants = demo_rnd() % 2 ? "Someone older who has been there" : NULL;
    struct recoveree r = {
        .first_name = first,
        .last_name = last,
        .dob = day(dm->a, birth),
        .phone = "555-0100",
        .contact_pref = contact,
        .ok_to_leave_message = message,
        .language = lang[0],
        .cultural_factors =
            english ? NULL : "Immigrant family; prefers a peer who speaks their language",
        .lived_experience = life[0],
        .pathways = path[0],
        .preferred_peer = wants,
    };
    int64_t id;
    if (rc_insert(dm->d, dm->org, &r, day(dm->a, intake), dm->admin, now(), &id) != DB_OK)
        return -1;
    /* A third ask for a peer of their own gender; the speakers of another language also
     * speak some English, and their background is an immigrant one. */
    const char *want_gender = demo_rnd() % 3 == 0 ? genders[fi] : NULL;
    const char *langs = english ? "english" : arena_printf(dm->a, "english,%s", lang[1]);
    const char *culture = english ? life[2] : arena_printf(dm->a, "%s,immigrant", life[2]);
    if (!english && !strcmp(lang[1], "spanish"))
        culture = arena_printf(dm->a, "latino,%s", culture);
    char norm[PROFILE_LIST_MAX];
    if (profile_normalize(PL_CULTURE, culture, norm, sizeof norm, NULL, 0) != 0)
        return -1;
    if (rc_set_profile(dm->d, dm->org, id, langs, genders[fi], want_gender, life[1], path[1],
                       norm) != DB_OK)
        return -1;
    return id;
}

/* The RC-2 case the demo shows: a Spanish-speaking recoveree, not yet assigned (a supervisor
 * triages her), who asks for a woman peer with opioid and medication-assisted experience.
 * The peer login (demo_workforce.c) is such a peer. */
static int match_case(struct demo *dm, int32_t today)
{
    struct recoveree r = {
        .first_name = "Marisol",
        .last_name = "Vega",
        .dob = "1988-03-14",
        .phone = "(856) 555-0147",
        .contact_pref = "text",
        .ok_to_leave_message = 1,
        .language = "Spanish",
        .cultural_factors = "Mexican-American; her church matters to her",
        .lived_experience = "Opioids; on buprenorphine since her daughter was born",
        .pathways = "Medication-assisted",
        .preferred_peer = "A woman who has been on medication herself and speaks Spanish",
    };
    int64_t id;
    if (rc_insert(dm->d, dm->org, &r, day(dm->a, today - 2), dm->admin, now(), &id) != DB_OK)
        return -1;
    return ok(rc_set_profile(dm->d, dm->org, id, "spanish", "woman", "woman", "opioids",
                             "medication_assisted", "latino,parent"));
}

static int assign(struct demo *dm, int64_t rid, int64_t peer, int32_t start)
{
    return ok(cl_insert_plain(dm->d, dm->org, rid, peer, day(dm->a, start), dm->admin, now()));
}

/* kind: 0 TPO, 1 specific, 2 counseling notes, 3 proceedings, 4 criminal justice (the order
 * of enum consent_kind). Signed on paper on signed_on; revoked 20 days ago when revoked. */
static int64_t consent(struct demo *dm, int64_t rid, const char *patient, int kind,
                       int32_t signed_on, int32_t expires, int revoked)
{
    static const char *const recipients[] = {
        "my treating providers, health plans, third-party payers, and people helping to operate "
        "this program",
        "Dr. Ana Ruiz, Camden Health Center", "Dr. Ana Ruiz, Camden Health Center",
        "Camden County Superior Court", "Camden County Probation Department"};
    static const char *const purposes[] = {"for treatment, payment, and health care operations",
                                           "care coordination", "continuity of counseling",
                                           "hearing on custody", "report attendance to probation"};
    static const char *const info[] = {"All records of peer recovery services",
                                       "Recovery plan, attendance and check-up outcomes",
                                       "SUD counseling notes from the peer support group",
                                       "Dates of attendance only",
                                       "Attendance and compliance with the recovery plan"};
    int tpo = kind == CK_TPO;
    struct consent c = {
        .kind = (enum consent_kind)kind,
        .patient_name = patient,
        .disclosers = dm->org_name,
        .information = info[kind],
        .recipients = recipients[kind],
        .covered_entity_recipient = tpo,
        .hipaa_redisclosure_stmt = tpo,
        .purposes = purposes[kind],
        .revocation_stmt = 1,
        .revocation_how = "In writing to the program director",
        .expires_on = expires,
        .expiry_event = tpo ? "end of treatment" : NULL,
        .signature = patient,
        .signed_on = signed_on,
        .tpo_redisclosure_stmt = tpo,
        .tpo_refusal_stmt = tpo,
        .revocable_after = kind == CK_CRIMINAL_JUSTICE ? signed_on + 180 : -1,
    };
    int64_t id;
    if (consent_insert_signed(dm->d, dm->org, rid, &c, "paper", dm->admin, now(), &id) != DB_OK)
        return -1;
    if (revoked && consent_revoke(dm->d, dm->org, rid, id, now() - 86400 * 20, "written_paper",
                                  "Letter asking the program to stop sharing with the clinic") < 0)
        return -1;
    return id;
}

static int plan(struct demo *dm, int64_t rid, int32_t review)
{
    static const char *const goals[][2] = {
        {"Housing", "I want my own apartment before my daughter's birthday"},
        {"Employment and education", "Get my CDL back and drive again"},
        {"Health and wellness", "Walk every morning and see a dentist"},
        {"Relationships and family", "Have dinner with my mom every Sunday"},
        {"Recovery and substance use", "Go to two meetings a week and call my peer when it gets hard"},
    };
    int64_t plan_id;
    if (plan_insert_id(dm->d, dm->org, rid, "My kids; I'm stubborn in a good way; my church",
                       "No car; court dates; old friends still using", day(dm->a, review),
                       dm->admin, now(), &plan_id) != DB_OK)
        return -1;
    for (int g = 0, n = 1 + (int)(demo_rnd() % 3); g < n; g++) {
        int k = (int)(demo_rnd() % 5);
        struct plan_goal goal = {
            .domain = goals[k][0],
            .goal = goals[k][1],
            .action_steps = "Talk it through with my peer; one small step each week",
            .status = demo_rnd() % 4 ? "active" : "met",
        };
        int64_t id;
        if (plan_goal_insert(dm->d, dm->org, plan_id, &goal, now(), &id) != DB_OK)
            return -1;
    }
    return ok(plan_history_add(dm->d, dm->org, rid, now(), dm->admin, "plan_started", NULL,
                               "Plan and first goals, in the recoveree's words"));
}

static int barc(struct demo *dm, int64_t rid, int32_t date, int base)
{
    int total = 0;
    char list[64];
    size_t o = 0;
    for (int i = 0; i < 10; i++) {
        int v = base + (int)(demo_rnd() % 3) - 1;
        v = v < 1 ? 1 : v > 6 ? 6 : v;
        total += v;
        o += (size_t)snprintf(list + o, sizeof list - o, "%s%d", i ? "," : "", v);
    }
    int64_t id;
    return ok(barc10_insert(dm->d, dm->org, rid, day(dm->a, date), list, total, dm->admin, now(),
                            &id));
}

static int one(struct demo *dm, int64_t peer, int32_t today, int n)
{
    int32_t intake = today - 30 - (int32_t)(demo_rnd() % 500);
    char name[80];
    int64_t rid = recoveree(dm, intake, name);
    if (rid < 0 || assign(dm, rid, peer, intake))
        return -1;
    /* Every kind of consent appears across the caseloads; a few expired, one in nine revoked. */
    int kind = n % 5;
    int32_t signed_on = intake + 1;
    int32_t expires = kind == 0 ? -1 : n % 7 == 3 ? today - 10 : today + 200 + (int32_t)(demo_rnd() % 300);
    if (consent(dm, rid, name, kind, signed_on, expires, n % 9 == 4) < 0)
        return -1;
    if (kind != 0 && consent(dm, rid, name, 0, signed_on, -1, 0) < 0)
        return -1;
    /* One in six plans is overdue for review; one in eight recoverees has none yet (RC-5 queue). */
    if (n % 8 != 7 && plan(dm, rid, n % 6 == 2 ? today - 5 : today + 30 + (int32_t)(demo_rnd() % 60)))
        return -1;
    int base = 2 + (int)(demo_rnd() % 3);
    for (int32_t d = intake + 1, k = 0; d <= today && k < 4; d += 90, k++)
        if (barc(dm, rid, d, base + k))
            return -1;
    return 0;
}

int demo_recoverees(struct demo *dm, int per_peer)
{
    /* The demo organization was just made, so its zone is the default one. */
    int32_t today = tz_today_in(ORG_TIME_ZONE_DEFAULT, (int64_t)time(NULL));
    struct policy pol;
    policy_defaults(&pol);
    struct wf_row *rows;
    int n;
    if (wf_load_org(dm->d, dm->a, dm->org, today, &pol, &rows, &n) != 0)
        return -1;
    int made = 0;
    for (int i = 0; i < n; i++) {
        if (!rows[i].may_assign)
            continue;
        /* The peer login gets a full caseload so their pages show something real. */
        int count = rows[i].id == dm->peer ? 6 : per_peer;
        for (int k = 0; k < count; k++)
            if (one(dm, rows[i].id, today, made++))
                return -1;
    }
    return match_case(dm, today);
}
