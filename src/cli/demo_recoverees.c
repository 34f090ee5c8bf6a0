/* demo_recoverees.c - recoverees for the demo: caseloads of eligible peers, consents of every
 * kind (some expired, some revoked), plans (some overdue, some missing) and BARC-10s over time. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "accounts.h"
#include "civil.h"
#include "tz.h"
#include "demo.h"
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

static int64_t recoveree(struct demo *dm, int32_t intake, char name[80])
{
    db_stmt *s = db_prep(dm->d, Q_RC_INSERT);
    if (!s)
        return -1;
    const char *const *lang = languages[demo_rnd() % 8];
    db_bind_int(s, 1, dm->org);
    size_t fi = (size_t)(demo_rnd() % 18);
    const char *first = firsts[fi], *last = lasts[demo_rnd() % 18];
    snprintf(name, 80, "%s %s", first, last);
    db_bind_text(s, 2, first);
    db_bind_text(s, 3, last);
    db_bind_null(s, 4);
    db_bind_text(s, 5, day(dm->a, civil_days(1960 + (int)(demo_rnd() % 40), 1 + (int)(demo_rnd() % 12), 1 + (int)(demo_rnd() % 28))));
    db_bind_text(s, 6, "555-0100");
    db_bind_null(s, 7);
    db_bind_text(s, 8, demo_rnd() % 2 ? "text" : "phone");
    db_bind_int(s, 9, (int64_t)(demo_rnd() % 2));
    int english = strcmp(lang[0], "English") == 0;
    const char *const *life = lived[demo_rnd() % 5], *const *path = pathways[demo_rnd() % 5];
    db_bind_text(s, 10, lang[0]);
    db_bind_text(s, 11, english ? NULL : "Immigrant family; prefers a peer who speaks their language");
    db_bind_text(s, 12, life[0]);
    db_bind_text(s, 13, path[0]);
    db_bind_text(s, 14, demo_rnd() % 2 ? "Someone older who has been there" : NULL);
    db_bind_text(s, 15, day(dm->a, intake));
    db_bind_text(s, 16, day(dm->a, intake));
    db_bind_int(s, 17, dm->admin);
    db_bind_int(s, 18, now());
    db_bind_int(s, 19, now());
    if (db_step(s) != DB_ROW)
        return -1;
    int64_t id = db_col_int(s, 0);
    if (db_exec(s) != DB_OK)
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
    db_stmt *s = db_prep(dm->d, Q_RC_INSERT);
    if (!s)
        return -1;
    const char *t = day(dm->a, today - 2);
    const char *text[] = {"Marisol", "Vega", NULL, "1988-03-14", "(856) 555-0147", NULL, "text"};
    db_bind_int(s, 1, dm->org);
    for (int i = 0; i < 7; i++)
        db_bind_text(s, 2 + i, text[i]);
    db_bind_int(s, 9, 1);
    db_bind_text(s, 10, "Spanish");
    db_bind_text(s, 11, "Mexican-American; her church matters to her");
    db_bind_text(s, 12, "Opioids; on buprenorphine since her daughter was born");
    db_bind_text(s, 13, "Medication-assisted");
    db_bind_text(s, 14, "A woman who has been on medication herself and speaks Spanish");
    db_bind_text(s, 15, t);
    db_bind_text(s, 16, t);
    db_bind_int(s, 17, dm->admin);
    db_bind_int(s, 18, now());
    db_bind_int(s, 19, now());
    if (db_step(s) != DB_ROW)
        return -1;
    int64_t id = db_col_int(s, 0);
    if (db_exec(s) != DB_OK)
        return -1;
    return rc_set_profile(dm->d, dm->org, id, "spanish", "woman", "woman", "opioids",
                          "medication_assisted", "latino,parent") == DB_OK ? 0 : -1;
}

static int assign(struct demo *dm, int64_t rid, int64_t peer, int32_t start)
{
    db_stmt *s = db_prep(dm->d, Q_CL_INSERT);
    if (!s)
        return -1;
    db_bind_int(s, 1, dm->org);
    db_bind_int(s, 2, rid);
    db_bind_int(s, 3, peer);
    db_bind_text(s, 4, day(dm->a, start));
    db_bind_null(s, 5);
    db_bind_null(s, 6);
    db_bind_null(s, 7);
    db_bind_int(s, 8, dm->admin);
    db_bind_int(s, 9, now());
    return db_exec(s) == DB_OK ? 0 : -1;
}

/* kind: 0 TPO, 1 specific, 2 counseling notes, 3 proceedings, 4 criminal justice. */
static int64_t consent(struct demo *dm, int64_t rid, const char *patient, int kind,
                       int32_t signed_on, int32_t expires, int revoked)
{
    static const char *const kinds[] = {"tpo", "specific", "counseling_notes", "proceedings",
                                        "criminal_justice"};
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
    db_stmt *s = db_prep(dm->d, Q_CONSENT_INSERT);
    if (!s)
        return -1;
    int tpo = kind == 0, i = 1;
    db_bind_int(s, i++, dm->org);
    db_bind_int(s, i++, rid);
    db_bind_text(s, i++, kinds[kind]);
    db_bind_int(s, i++, 0);
    db_bind_text(s, i++, patient);
    db_bind_text(s, i++, dm->org_name);
    db_bind_text(s, i++, info[kind]);
    db_bind_text(s, i++, recipients[kind]);
    db_bind_int(s, i++, 0);
    db_bind_null(s, i++);
    db_bind_int(s, i++, tpo);
    db_bind_int(s, i++, tpo);
    db_bind_text(s, i++, purposes[kind]);
    db_bind_int(s, i++, 0);
    db_bind_int(s, i++, 0);
    db_bind_int(s, i++, 1);
    db_bind_text(s, i++, "In writing to the program director");
    if (expires >= 0)
        db_bind_text(s, i++, day(dm->a, expires));
    else
        db_bind_null(s, i++);
    db_bind_text(s, i++, tpo ? "end of treatment" : NULL);
    db_bind_text(s, i++, patient);
    db_bind_int(s, i++, 0);
    db_bind_null(s, i++);
    db_bind_text(s, i++, day(dm->a, signed_on));
    db_bind_text(s, i++, "paper");
    db_bind_null(s, i++);
    db_bind_null(s, i++);
    db_bind_int(s, i++, tpo);
    db_bind_int(s, i++, tpo);
    if (kind == 4)
        db_bind_text(s, i++, day(dm->a, signed_on + 180));
    else
        db_bind_null(s, i++);
    db_bind_null(s, i++);
    db_bind_int(s, i++, dm->admin);
    db_bind_int(s, i++, now());
    if (db_step(s) != DB_ROW)
        return -1;
    int64_t id = db_col_int(s, 0);
    if (db_exec(s) != DB_OK)
        return -1;
    if (revoked) {
        db_stmt *v = db_prep(dm->d, Q_CONSENT_REVOKE);
        if (!v)
            return -1;
        db_bind_int(v, 1, now() - 86400 * 20);
        db_bind_text(v, 2, "written_paper");
        db_bind_text(v, 3, "Letter asking the program to stop sharing with the clinic");
        db_bind_int(v, 4, dm->org);
        db_bind_int(v, 5, rid);
        db_bind_int(v, 6, id);
        if (db_exec(v) != DB_OK)
            return -1;
    }
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
    db_stmt *s = db_prep(dm->d, Q_PLAN_INSERT);
    if (!s)
        return -1;
    db_bind_int(s, 1, dm->org);
    db_bind_int(s, 2, rid);
    db_bind_text(s, 3, "My kids; I'm stubborn in a good way; my church");
    db_bind_text(s, 4, "No car; court dates; old friends still using");
    db_bind_text(s, 5, day(dm->a, review));
    db_bind_int(s, 6, dm->admin);
    db_bind_int(s, 7, now());
    if (db_step(s) != DB_ROW)
        return -1;
    int64_t plan_id = db_col_int(s, 0);
    db_exec(s);
    for (int g = 0, n = 1 + (int)(demo_rnd() % 3); g < n; g++) {
        int k = (int)(demo_rnd() % 5);
        db_stmt *q = db_prep(dm->d, Q_GOAL_INSERT);
        if (!q)
            return -1;
        db_bind_int(q, 1, dm->org);
        db_bind_int(q, 2, plan_id);
        db_bind_text(q, 3, goals[k][0]);
        db_bind_text(q, 4, goals[k][1]);
        db_bind_text(q, 5, "Talk it through with my peer; one small step each week");
        db_bind_text(q, 6, demo_rnd() % 4 ? "active" : "met");
        db_bind_null(q, 7);
        db_bind_int(q, 8, now());
        if (db_exec(q) != DB_OK)
            return -1;
    }
    db_stmt *h = db_prep(dm->d, Q_HIST_INSERT);
    if (!h)
        return -1;
    db_bind_int(h, 1, dm->org);
    db_bind_int(h, 2, rid);
    db_bind_int(h, 3, now());
    db_bind_int(h, 4, dm->admin);
    db_bind_text(h, 5, "Plan started");
    db_bind_null(h, 6);
    db_bind_text(h, 7, "Plan and first goals, in the recoveree's words");
    return db_exec(h) == DB_OK ? 0 : -1;
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
    db_stmt *s = db_prep(dm->d, Q_BARC_INSERT);
    if (!s)
        return -1;
    db_bind_int(s, 1, dm->org);
    db_bind_int(s, 2, rid);
    db_bind_text(s, 3, day(dm->a, date));
    db_bind_text(s, 4, list);
    db_bind_int(s, 5, total);
    db_bind_int(s, 6, dm->admin);
    db_bind_int(s, 7, now());
    return db_exec(s) == DB_OK ? 0 : -1;
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
