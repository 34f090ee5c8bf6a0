/* demo_referrals.c - the demo's resource directory (about 40 New Jersey resources with
 * fictional addresses and 555 phone numbers: shelters, One-Stop Career Centers, FQHCs, NA, AA
 * and SMART meetings, food banks, legal aid, rides, classes) and referrals of the demo
 * recoverees in every state, some due for follow-up today or overdue (SV-7). Written through
 * the typed store functions: the demo back-dates referrals and their moves, which the
 * operations date today. */
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "accounts.h"
#include "caseload_store.h"
#include "civil.h"
#include "demo.h"
#include "recoverees.h"
#include "referrals_store.h"
#include "tz.h"

static const char *day(arena *a, int32_t d)
{
    char *s = arena_alloc(a, 11);
    civil_format(d, s);
    return s;
}

/* kind, name, address, zip, phone, hours, languages, eligibility, meetings */
static const char *const directory[][9] = {
    {"housing", "Halsey Street Men's Shelter", "118 Halsey St, Newark NJ", "07102", "(973) 555-0101", "Intake daily 4-8 pm", "English, Spanish", "Men 18+; no ID needed for the first night", NULL},
    {"housing", "Harbor House Family Shelter", "42 Pacific Ave, Jersey City NJ", "07304", "(201) 555-0102", "24 hours", "English, Spanish, Haitian Creole", "Families with children", NULL},
    {"housing", "Clinton Avenue Recovery Residence", "510 Clinton Ave, Newark NJ", "07108", "(973) 555-0103", "Mon-Fri 9-5", "English", "30 days in recovery; NARR level II", NULL},
    {"housing", "Trenton Safe Haven", "77 Perry St, Trenton NJ", "08618", "(609) 555-0104", "24 hours", "English, Spanish", "Adults experiencing homelessness", NULL},
    {"housing", "Camden Rapid Rehousing Office", "300 Broadway, Camden NJ", "08103", "(856) 555-0105", "Mon-Thu 9-4", "English, Spanish", "Homeless or at risk; Camden County residents", NULL},
    {"employment", "Newark One-Stop Career Center", "990 Broad St, Newark NJ", "07102", "(973) 555-0111", "Mon-Fri 8:30-4:30", "English, Spanish, Portuguese", "Any job seeker; reentry services on Tuesdays", NULL},
    {"employment", "Hudson County One-Stop Career Center", "438 Summit Ave, Jersey City NJ", "07306", "(201) 555-0112", "Mon-Fri 8:30-4:30", "English, Spanish, Arabic", "Hudson County residents", NULL},
    {"employment", "Mercer County One-Stop Career Center", "26 Yard Ave, Trenton NJ", "08609", "(609) 555-0113", "Mon-Fri 8:30-4:30", "English, Spanish", "Mercer County residents", NULL},
    {"employment", "Paterson One-Stop Career Center", "370 Broadway, Paterson NJ", "07501", "(973) 555-0114", "Mon-Fri 8:30-4:30", "English, Spanish, Bengali", "Passaic County residents", NULL},
    {"employment", "Second Chance Staffing", "15 Market St, Camden NJ", "08102", "(856) 555-0115", "Mon-Fri 7-3", "English, Spanish", "People with a record; fair-chance employers", NULL},
    {"health", "Ironbound Community Health Center (FQHC)", "225 Ferry St, Newark NJ", "07105", "(973) 555-0121", "Mon-Sat 8-8", "English, Spanish, Portuguese", "Sliding fee; Medicaid; MAT on site", NULL},
    {"health", "Journal Square Family Health (FQHC)", "880 Bergen Ave, Jersey City NJ", "07306", "(201) 555-0122", "Mon-Fri 8-6", "English, Spanish, Tagalog", "Sliding fee; uninsured welcome", NULL},
    {"health", "Henry J. Austin-style Health Center (FQHC)", "321 N Warren St, Trenton NJ", "08618", "(609) 555-0123", "Mon-Fri 8-5", "English, Spanish", "Sliding fee; buprenorphine clinic", NULL},
    {"health", "CAMcare-style Health Center (FQHC)", "817 Federal St, Camden NJ", "08103", "(856) 555-0124", "Mon-Fri 8-7, Sat 9-1", "English, Spanish", "Sliding fee; dental and behavioral health", NULL},
    {"health", "Harm Reduction Drop-in Center", "40 Academy St, Newark NJ", "07102", "(973) 555-0125", "Mon-Fri 10-6", "English, Spanish", "Anyone; naloxone, test strips, syringe access", NULL},
    {"social_services", "Essex County Board of Social Services", "18 Rector St, Newark NJ", "07102", "(973) 555-0131", "Mon-Fri 8:30-4:30", "English, Spanish", "SNAP, Medicaid, General Assistance", NULL},
    {"social_services", "Hudson County Division of Welfare", "257 Cornelison Ave, Jersey City NJ", "07302", "(201) 555-0132", "Mon-Fri 8:30-4:30", "English, Spanish, Arabic", "Hudson County residents", NULL},
    {"social_services", "Mercer County Board of Social Services", "200 Woolverton St, Trenton NJ", "08611", "(609) 555-0133", "Mon-Fri 8:30-4:30", "English, Spanish", "Mercer County residents", NULL},
    {"social_services", "Reentry Resource Hub", "60 Park Pl, Newark NJ", "07102", "(973) 555-0134", "Mon-Fri 9-5", "English, Spanish", "Released in the last 12 months; ID and birth certificate help", NULL},
    {"mutual_aid", "Tuesday Night Hope NA", "St. Columba Hall, 20 Parish Way, Newark NJ", "07103", "(973) 555-0141", NULL, "English", "Anyone with a desire to stop using", "Tue 7:30 pm, open discussion"},
    {"mutual_aid", "Nuevo Amanecer NA (en español)", "412 Orange St, Newark NJ", "07107", "(973) 555-0142", NULL, "Spanish", "Anyone with a desire to stop using", "Mon, Wed, Fri 7 pm"},
    {"mutual_aid", "Downtown Noon AA", "Grace Church basement, 950 Broad St, Newark NJ", "07102", "(973) 555-0143", NULL, "English", "Anyone with a desire to stop drinking", "Mon-Fri 12:10 pm, open"},
    {"mutual_aid", "Jersey City Sunrise AA", "5 Summit Ave, Jersey City NJ", "07304", "(201) 555-0144", NULL, "English, Spanish", "Anyone with a desire to stop drinking", "Daily 7 am, Big Book"},
    {"mutual_aid", "SMART Recovery Trenton", "Public library room B, 120 Academy St, Trenton NJ", "08608", "(609) 555-0145", NULL, "English", "Anyone; science-based self-help", "Thu 6:30 pm; also online Sun 5 pm"},
    {"mutual_aid", "SMART Recovery Family & Friends", "1 Cooper St, Camden NJ", "08102", "(856) 555-0146", NULL, "English", "Family members of people in recovery", "Wed 7 pm"},
    {"mutual_aid", "Camden Women's AA", "218 Broadway, Camden NJ", "08103", "(856) 555-0147", NULL, "English, Spanish", "Women", "Sat 10 am, closed"},
    {"mutual_aid", "All Recovery Meeting Paterson", "24 Church St, Paterson NJ", "07505", "(973) 555-0148", NULL, "English, Spanish", "Every pathway welcome, MAT included", "Sun 4 pm"},
    {"food", "Community FoodBank Pantry Newark", "31 Evergreen Ave, Newark NJ", "07114", "(973) 555-0151", "Tue, Thu 10-2; Sat 9-12", "English, Spanish", "No documents needed", NULL},
    {"food", "Hudson Hot Meals Kitchen", "66 Grand St, Jersey City NJ", "07302", "(201) 555-0152", "Daily 11:30-1", "English, Spanish", "Anyone", NULL},
    {"food", "Trenton Area Soup Kitchen-style Meals", "72 Escher St, Trenton NJ", "08609", "(609) 555-0153", "Mon-Fri 11-1, 3:30-5", "English, Spanish", "Anyone", NULL},
    {"food", "Camden Mobile Pantry", "Parking lot, 500 Federal St, Camden NJ", "08103", "(856) 555-0154", "Second and fourth Saturday 9-11", "English, Spanish", "Camden City residents", NULL},
    {"legal", "Essex Legal Services (civil legal aid)", "5 Commerce St, Newark NJ", "07102", "(973) 555-0161", "Mon-Fri 9-5; walk-in Wed", "English, Spanish", "Low income; housing, benefits, expungement", NULL},
    {"legal", "Hudson Expungement Clinic", "595 Newark Ave, Jersey City NJ", "07306", "(201) 555-0162", "First Monday 5-8 pm", "English, Spanish", "Anyone with a New Jersey record", NULL},
    {"legal", "Central Jersey Legal Aid", "198 W State St, Trenton NJ", "08608", "(609) 555-0163", "Mon-Fri 9-5", "English, Spanish", "Low income; Mercer and Somerset counties", NULL},
    {"legal", "Tenant Rights Hotline", NULL, NULL, "(888) 555-0164", "Mon-Fri 9-7", "English, Spanish, Portuguese", "New Jersey tenants facing eviction", NULL},
    {"transportation", "Essex Medical Ride Line", NULL, "07102", "(973) 555-0171", "Book 48 hours ahead, Mon-Fri 8-4", "English, Spanish", "Medicaid members; rides to appointments", NULL},
    {"transportation", "Recovery Rides Volunteer Drivers", "12 Cooper St, Camden NJ", "08102", "(856) 555-0172", "Mon-Sat 7-7", "English", "Rides to treatment and meetings", NULL},
    {"education", "Newark Adult Learning Center (GED/HiSET)", "2 Cedar St, Newark NJ", "07102", "(973) 555-0181", "Mon-Thu 9-8", "English, Spanish", "Adults 18+ without a diploma", NULL},
    {"education", "County College Recovery Scholars", "100 College Way, Trenton NJ", "08690", "(609) 555-0182", "Mon-Fri 9-5", "English", "Students in recovery; collegiate recovery program", NULL},
    {"other", "Peer Warmline (non-crisis)", NULL, NULL, "(877) 555-0191", "Daily 8 am-11 pm", "English, Spanish", "Anyone who wants to talk to a peer", NULL},
    {"other", "ID Recovery Day at the MVC", "Motor Vehicle Commission, 1 Oak St, Newark NJ", "07102", "(973) 555-0192", "Third Friday 9-12", "English, Spanish", "People who need a state ID; bring any document", NULL},
};
#define NDIR (sizeof directory / sizeof *directory)

static const char *const notes[] = {
    "Wants help with a resume first.", "Asked for a meeting close to the bus line.",
    "Prefers a Spanish-speaking contact.", "Needs a ride to the first appointment.",
    "Called together from the office.", NULL,
};

int demo_referrals(struct demo *dm)
{
    int32_t today = tz_today_in(ORG_TIME_ZONE_DEFAULT, (int64_t)time(NULL));
    int64_t now = (int64_t)time(NULL), ids[NDIR];
    for (size_t i = 0; i < NDIR; i++) {
        const char *const *x = directory[i];
        struct resource r = {.kind = x[0], .name = x[1], .address = x[2], .zip = x[3],
                             .phone = x[4], .hours = x[5], .languages = x[6],
                             .eligibility = x[7], .meetings = x[8]};
        if (resource_insert(dm->d, dm->org, &r, dm->admin, now, &ids[i]) != DB_OK)
            return -1;
    }
    /* The organization's recoverees in order, and each one's peer. */
    struct rc_scope all;
    rc_scope_for(&all, ROLE_ADMIN, dm->admin, today, now);
    struct recoveree *rows;
    int n;
    int64_t total;
    /* The demo makes a few dozen recoverees per organization at scale 1: 200 covers them. */
    if (rc_page(dm->d, dm->a, dm->org, &all, "active", NULL, 200, 0, &rows, &n, &total) != 0)
        return -1;
    for (int i = 0; i < n; i++) {
        struct cl_row *cl;
        int ncl;
        if (cl_active(dm->d, dm->a, dm->org, rows[i].id, day(dm->a, today), &cl, &ncl) != 0)
            return -1;
        if (ncl == 0)
            continue;
        int64_t peer = cl[0].peer_id;
        /* One or two referrals each, cycling through every state and due date. */
        for (int k = 0; k < 1 + (i % 2); k++) {
            int kind = (i + k) % 6;
            int32_t made = today - 2 - (int32_t)(demo_rnd() % 40);
            int32_t follow = kind == 0 ? today : kind == 1 ? today - 3 : made + 7;
            int64_t id;
            size_t res = (size_t)(demo_rnd() % NDIR);
            if (referral_insert(dm->d, dm->org, rows[i].id, ids[res], peer, day(dm->a, made),
                                day(dm->a, follow), notes[(i + k) % 6], now, &id) != DB_OK)
                return -1;
            /* 0, 1: made and due (today, overdue); 2: connected; 3: completed; 4: declined
             * before connecting; 5: connected, then declined. */
            if (kind < 2)
                continue;
            struct referral f = {.id = id, .follow_up_on = day(dm->a, follow),
                                 .note = notes[(i + k) % 6]};
            int32_t conn = made + 1 + (int32_t)(demo_rnd() % 2);
            f.state = kind == 2 ? "connected" : kind == 3 ? "completed" : "declined";
            f.connected_on = kind == 4 ? NULL : day(dm->a, conn);
            f.closed_on = kind == 2 ? NULL : day(dm->a, kind == 4 ? made + 1 : conn + 1);
            if (referral_update(dm->d, dm->org, &f, 1, peer, now) != 1)
                return -1;
        }
    }
    return 0;
}
