/* cmd_demo.c - deterministic, realistic demo data: organizations and staff (more as capabilities land). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts.h"
#include "arena.h"
#include "audit.h"
#include "cli.h"
#include "demo.h"
#include "roles.h"
#include "secret.h"

/* The one password of every demo login, printed by 'make run'. */
#define DEMO_PASSWORD "Recovery-Demo-2026"

/* xorshift64*: small, fast and the same on every machine for a seed. */
static uint64_t rng_state;

uint64_t demo_rnd(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ull;
}

static const char *pick(const char *const *list, size_t n)
{
    return list[demo_rnd() % n];
}

#define PICK(list) pick(list, sizeof list / sizeof *list)

static const char *const first[] = {
    "Maria",  "James",   "Aisha",  "Luis",    "Keisha",  "Daniel",  "Priya",   "Marcus",
    "Ana",    "Tyrone",  "Mei",    "Jose",    "Fatima",  "Kevin",   "Rosa",    "Andre",
    "Nadia",  "Sean",    "Lakshmi", "Carlos", "Imani",   "Patrick", "Yesenia", "Darnell",
    "Olga",   "Michael", "Grace",  "Hector",  "Tanisha", "Brian",   "Leila",   "Jamal",
    "Sofia",  "Terrence", "Hannah", "Rafael", "Monique", "Dmitri",  "Chloe",   "Omar",
};
static const char *const last[] = {
    "Gonzalez", "Washington", "Patel",   "Nguyen",   "Johnson", "Rivera",   "Kim",
    "O'Brien",  "Williams",   "Santos",  "Cohen",    "Jackson", "Haddad",   "Murphy",
    "Brown",    "Okafor",     "Reyes",   "Kowalski", "Thomas",  "Alvarez",  "Chen",
    "Robinson", "Diaz",       "Sullivan", "Mensah",  "Lopez",   "Greenberg", "Harris",
    "Morales",  "Ivanova",    "Walker",  "Cruz",     "Bianchi", "Lewis",    "Ortiz",
};

struct fixed_login {
    const char *username, *name;
    enum role role;
};

/* The logins printed by 'make run', one per role. */
static const struct fixed_login logins[] = {
    {"admin", "Dana Whitfield", ROLE_ADMIN},
    {"supervisor", "Robert Castillo, LCADC", ROLE_SUPERVISOR},
    {"peer", "Jasmine Carter", ROLE_PEER},
    {"clinician", "Dr. Alan Moss", ROLE_CLINICIAN},
    {"casemanager", "Theresa Ivory, RN", ROLE_CASE_MANAGER},
    {"facilitator", "John Furman", ROLE_FACILITATOR},
    {"auditor", "State Auditor (DMHAS)", ROLE_AUDITOR},
};
/* Made with the monitoring program (demo_monitor.c), printed with the others. */
static const struct fixed_login monitor_logins[] = {
    {"participant", "", ROLE_PARTICIPANT},
    {"board", "", ROLE_BOARD},
};

static enum role generated_role(void)
{
    /* Roughly the shape of a mid-size PRSO: mostly peers, a supervisor for
     * every six or so, a few facilitators, case managers and others. */
    unsigned x = (unsigned)(demo_rnd() % 100);
    if (x < 62)
        return ROLE_PEER;
    if (x < 74)
        return ROLE_SUPERVISOR;
    if (x < 84)
        return ROLE_FACILITATOR;
    if (x < 92)
        return ROLE_CASE_MANAGER;
    if (x < 97)
        return ROLE_CLINICIAN;
    return x < 99 ? ROLE_ADMIN : ROLE_AUDITOR;
}

/* Create the organization with its fixed logins and generated staff, filling dm.
 * Returns 0, 1 when it already exists (left alone), -1 on error. */
static int make_org(struct demo *dm, const char *slug, const char *name, int staff)
{
    struct org o;
    int have = org_by_slug(dm->d, dm->a, slug, &o);
    if (have < 0)
        return -1;
    if (have) {
        printf("demo: organization %s already exists; left as it is\n", slug);
        return 1;
    }
    if (org_create(dm->d, slug, name, &dm->org) != DB_OK)
        return -1;
    dm->org_name = name;
    struct audit_ev ev = {.org_id = dm->org, .username = "demo", .action = "org.create",
                          .record_type = "org", .client = "cli", .outcome = "ok"};
    if (audit_append(dm->d, &ev) != 0)
        return -1;
    dm->peers = arena_alloc(dm->a, sizeof(int64_t) * (size_t)(staff + 1));
    dm->supervisors = arena_alloc(dm->a, sizeof(int64_t) * (size_t)(staff + 2));
    dm->npeers = dm->nsupervisors = 0;
    for (size_t i = 0; i < sizeof logins / sizeof *logins; i++) {
        int64_t id;
        if (user_create(dm->d, dm->org, logins[i].username, logins[i].name, logins[i].role,
                        dm->hash, &id) != DB_OK)
            return -1;
        if (logins[i].role == ROLE_ADMIN)
            dm->admin = id;
        else if (logins[i].role == ROLE_SUPERVISOR)
            dm->supervisor = id, dm->supervisors[dm->nsupervisors++] = id;
        else if (logins[i].role == ROLE_PEER)
            dm->peer = id;
    }
    for (int i = 0; i < staff; i++) {
        const char *f = PICK(first), *l = PICK(last);
        char username[64], display[120];
        snprintf(display, sizeof display, "%s %s", f, l);
        snprintf(username, sizeof username, "%c%s%d", f[0] + ('a' - 'A'), l, i + 1);
        for (char *p = username; *p; p++) {
            if (*p >= 'A' && *p <= 'Z')
                *p = (char)(*p + ('a' - 'A'));
            else if (*p == '\'')
                *p = '-';
        }
        int64_t id;
        enum role role = generated_role();
        if (user_create(dm->d, dm->org, username, display, role, dm->hash, &id) != DB_OK)
            return -1;
        if (role == ROLE_PEER)
            dm->peers[dm->npeers++] = id;
        else if (role == ROLE_SUPERVISOR)
            dm->supervisors[dm->nsupervisors++] = id;
    }
    return 0;
}

int cmd_demo(db *d, int argc, char **argv)
{
    const char *s = opt(argc, argv, "--scale"), *seed = opt(argc, argv, "--seed");
    long scale = s ? atol(s) : 1;
    if (scale < 1 || scale > 10000) {
        fprintf(stderr, "peerdesk: --scale is 1 to 10000\n");
        return 2;
    }
    rng_state = (seed ? strtoull(seed, NULL, 10) : 1) * 0x9E3779B97F4A7C15ull + 1;
    /* One hash for every demo account: argon2id is deliberately slow, and
     * thousands of generated staff would otherwise take minutes to create. */
    char hash[PW_HASH_LEN];
    if (password_hash(DEMO_PASSWORD, hash) != 0)
        return 1;
    struct demo dm = {.d = d, .a = arena_new(), .hash = hash};
    int rc = db_begin(d) == DB_OK ? 0 : -1;
    if (rc >= 0)
        rc = make_org(&dm, "demo", "Garden State Peer Recovery Network (demo)", (int)scale * 20);
    if (rc == 0)
        rc = demo_workforce(&dm);
    if (rc == 0)
        rc = demo_recoverees(&dm, 2);
    if (rc == 0)
        rc = demo_referrals(&dm);
    if (rc == 0)
        rc = demo_services(&dm);
    if (rc == 0)
        rc = demo_billing(&dm);
    if (rc == 0)
        rc = demo_checkups(&dm);
    if (rc == 0)
        rc = demo_groups(&dm);
    if (rc == 0)
        rc = demo_monitor(&dm);
    if (rc >= 0)
        rc = make_org(&dm, "northside", "Northside Recovery Community (demo)", (int)scale * 5);
    if (rc == 0)
        rc = demo_workforce(&dm);
    if (rc == 0)
        rc = demo_recoverees(&dm, 1);
    if (rc == 0)
        rc = demo_referrals(&dm);
    if (rc == 0)
        rc = demo_services(&dm);
    if (rc == 0)
        rc = demo_checkups(&dm);
    if (rc < 0 || db_commit(d) != DB_OK) {
        db_rollback(d);
        fprintf(stderr, "peerdesk: demo data failed: %s\n", db_errmsg(d));
        arena_free(dm.a);
        return 1;
    }
    arena_free(dm.a);
    /* Fresh statistics, so the planner (PostgreSQL especially) does not treat the new
     * tables as empty. */
    db_exec_script(d, "ANALYZE");
    printf("demo data ready. Sign in with organization 'demo' (or 'northside'), password %s:\n",
           DEMO_PASSWORD);
    for (size_t i = 0; i < sizeof logins / sizeof *logins; i++)
        printf("  %-12s %s\n", logins[i].username, role_label(logins[i].role));
    for (size_t i = 0; i < sizeof monitor_logins / sizeof *monitor_logins; i++)
        printf("  %-12s %s\n", monitor_logins[i].username, role_label(monitor_logins[i].role));
    return 0;
}
