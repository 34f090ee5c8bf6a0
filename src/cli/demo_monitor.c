/* demo_monitor.c - the demo's monitoring program for licensed professionals (GR-6..GR-10,
 * GR-7), in the style of New Jersey's: three phases, a sliding-scale fee of $20 or $80 a month,
 * six nurses and a pharmacist in every state, and the last six months lived day by day through
 * the operations themselves (check-ins, draws from seeds committed the day before, collections
 * and results, days closed with what was missed, violations decided), so every number on the
 * pages comes from records (six months, as many as the pages show). The participant "Pat" (login
 * "participant") attended 3 of last month's 4 required group sessions: last month is non-compliant,
 * and the board sees only that. The board liaison signs in as "board". */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "accounts.h"
#include "civil.h"
#include "demo.h"
#include "draw.h"
#include "groups_store.h"
#include "monitor_store.h"
#include "ops_groups.h"
#include "ops_monitor.h"
#include "policy.h"
#include "recoverees.h"
#include "recur.h"
#include "tz.h"

static const char *day_s(arena *a, int32_t d)
{
    char *s = arena_alloc(a, 11);
    civil_format(d, s);
    return s;
}

static int64_t login(struct demo *dm, const char *name)
{
    struct user u;
    return user_by_name(dm->d, dm->a, dm->org, name, &u) == 1 ? u.id : 0;
}

/* The context of user_id (role) acting at local day and minute. */
static void ctx_at(struct op_ctx *c, struct demo *dm, const struct policy *pol, const struct tz *z,
                   int64_t user_id, enum role role, int32_t day, int minute)
{
    *c = (struct op_ctx){
        .db = dm->d,
        .a = dm->a,
        .who = {.user_id = user_id, .org_id = dm->org, .role = role, .username = "demo"},
        .now = tz_utc_of(z, day, minute * 60),
        .today = day,
        .pol = pol,
        .client = "demo",
        .zone = z,
    };
}

static int fail(const char *what, const struct op_result *res)
{
    fprintf(stderr, "demo monitoring: %s: %s\n", what, res->message ? res->message : "failed");
    return -1;
}

int demo_monitor(struct demo *dm)
{
    const struct tz *z = tz_get(ORG_TIME_ZONE_DEFAULT, NULL);
    if (!z)
        z = tz_utc();
    int64_t now = (int64_t)time(NULL);
    int32_t today = tz_today(z, now);
    int64_t cm = login(dm, "casemanager"), facilitator = login(dm, "facilitator");
    if (!cm || !facilitator)
        return 0;
    static struct policy pol;
    if (policy_load(dm->d, dm->org, &pol) != 0)
        return -1;
    struct op_ctx c;
    struct op_result res;
    ctx_at(&c, dm, &pol, z, dm->admin, ROLE_ADMIN, today, 9 * 60);

    /* The program (README "Monitoring programs" shows the same as an API call). */
    struct mon_program_in prog = {
        .name = "Professional Assistance Program (nurses and pharmacists)",
        .board = "New Jersey Board of Nursing",
        .checkin_from = "04:00",
        .checkin_to = "22:00",
        .test_by_earliest = "10:00",
        .test_by_latest = "18:00",
        .test_by_step = 30,
        .sites = "Quest Diagnostics, 1 Raymond Plaza W, Newark NJ (open every day 7-19)\n"
                 "LabCorp, 185 Washington St, Hoboken NJ (Mon-Sat 8-17)",
        .report_grace_days = 7,
        .fee_tiers = "100|20\n-1|80",
        .poverty_base_cents = 1565000,
        .poverty_per_person_cents = 550000,
        .test_fees = "urine|60\nhair|120\npeth|140",
        .nphases = 3,
    };
    prog.phase[0] = (struct mon_phase_in){
        .name = "Phase 1: early recovery (first year)",
        .draw_model = "rate_month",
        .draw_n = 4,
        .draw_d = 8,
        .restrictions = "No night shifts, no agency or travel work, at most 40 hours a week; no "
                        "access to controlled substances (narcotic keys) without approval.",
        .duties = {{DUTY_GROUP, 4, PER_MONTH},
                   {DUTY_MUTUAL_HELP, 3, PER_WEEK},
                   {DUTY_WORKSITE_REPORT, 1, PER_QUARTER},
                   {DUTY_SELF_REPORT, 1, PER_MONTH}},
        .nduties = 4};
    prog.phase[1] = (struct mon_phase_in){
        .name = "Phase 2: continued recovery",
        .draw_model = "window",
        .draw_n = 2,
        .draw_d = 14,
        .restrictions = "No night shifts for the first six months of the phase.",
        .duties = {{DUTY_GROUP, 2, PER_MONTH},
                   {DUTY_MUTUAL_HELP, 2, PER_WEEK},
                   {DUTY_WORKSITE_REPORT, 1, PER_QUARTER},
                   {DUTY_SELF_REPORT, 1, PER_QUARTER}},
        .nduties = 4};
    prog.phase[2] = (struct mon_phase_in){
        .name = "Phase 3: maintenance",
        .draw_model = "daily",
        .draw_n = 1,
        .draw_d = 14,
        .duties = {{DUTY_GROUP, 1, PER_MONTH}, {DUTY_TREATMENT_REPORT, 1, PER_QUARTER}},
        .nduties = 2};
    if (op_mon_program_create(&c, &prog, &res) != OP_OK)
        return fail("program", &res);
    int64_t program = res.id;
    struct mon_phase_row *phases;
    int nph;
    if (mon_phases_of(dm->d, dm->a, dm->org, program, &phases, &nph) != 0 || nph != 3)
        return -1;

    /* The recoverees of the professionals' group (demo_groups.c) and two more. */
    struct rc_scope all;
    rc_scope_for(&all, ROLE_ADMIN, dm->admin, today, now);
    struct recoveree *rows;
    int n;
    int64_t total;
    if (rc_page(dm->d, dm->a, dm->org, &all, "active", NULL, 40, 0, &rows, &n, &total) != 0)
        return -1;
    if (n < 24)
        return 0;
    struct grp_row *groups;
    int ng;
    if (grp_list(dm->d, dm->a, dm->org, 0, &groups, &ng) != 0)
        return -1;
    int64_t group = 0;
    for (int i = 0; i < ng; i++)
        if (!strcmp(groups[i].kind, "professional"))
            group = groups[i].id;
    enum { NP = 6 };
    static const char *const licence[NP][3] = {
        {"RN", "26NR09876500", "NJ"},  {"RN", "26NR07712300", "NJ"},  {"LPN", "26NL00418800", "NJ"},
        {"APN", "26NJ00099100", "NJ"}, {"RPh", "28RI03300400", "NJ"}, {"RN", "26NR06650200", "NJ"},
    };
    /* start: days before today; phase: the current phase's index; income: yearly cents, -1 none */
    static const int start_back[NP] = {240, 400, 120, 800, 200, 300};
    static const int64_t income[NP] = {2100000, 7800000, -1, 9500000, 1200000, 6400000};
    static const int household[NP] = {3, 2, 1, 4, 1, 2};
    int64_t pid[NP], user[NP];
    for (int i = 0; i < NP; i++) {
        const struct recoveree *r = &rows[16 + i];
        char inc[32] = "";
        if (income[i] >= 0)
            snprintf(inc, sizeof inc, "%lld", (long long)(income[i] / 100));
        struct mon_enrol_in e = {.recoveree_id = r->id,
                                 .program_id = program,
                                 .case_manager_id = cm,
                                 .licence_type = licence[i][0],
                                 .licence_number = licence[i][1],
                                 .licence_state = licence[i][2],
                                 .board = i == 4 ? "New Jersey Board of Pharmacy"
                                                 : "New Jersey Board of Nursing",
                                 .colour = i % 2 ? "blue" : "green",
                                 .worksite_monitor = "Nurse manager, University Hospital, Newark",
                                 .treatment_provider = "Integrity House outpatient program",
                                 .household = household[i],
                                 .income = income[i] >= 0 ? inc : NULL,
                                 .start_date = day_s(dm->a, today - start_back[i]),
                                 .months = 60,
                                 .terms = "Five-year agreement under the program's standard "
                                          "terms, signed at intake."};
        if (op_mon_enrol(&c, &e, &res) != OP_OK)
            return fail("enrol", &res);
        pid[i] = res.id;
        /* Their own logins: "participant" for the first, the others by number. */
        const char *uname = i == 0 ? "participant" : arena_printf(dm->a, "participant%d", i + 1);
        const char *first =
            r->preferred_name && *r->preferred_name ? r->preferred_name : r->first_name;
        if (user_create(dm->d, dm->org, uname, arena_printf(dm->a, "%s %s", first, r->last_name),
                        ROLE_PARTICIPANT, dm->hash, &user[i]) != DB_OK ||
            mon_user_link(dm->d, dm->org, user[i], r->id) != 1)
            return -1;
        if (group && i >= 4 &&
            grp_mem_add(dm->d, dm->org, group, r->id, day_s(dm->a, today - 70),
                        day_s(dm->a, today - 70), facilitator, dm->admin,
                        now - 86400 * 70) != DB_OK)
            return -1;
        /* Moved on in the program: an amendment, the earlier version kept. */
        if (i == 1 || i == 3) {
            int32_t from = today - start_back[i] + 365;
            if (op_mon_amend(&c, pid[i], phases[i == 3 ? 2 : 1].id, day_s(dm->a, from), 60,
                             "Completed the first year in compliance; the committee moved the "
                             "participant to the next phase.",
                             &res) != OP_OK)
                return fail("amend", &res);
        }
    }
    /* Reports received two days before they were due, but for participant 6's latest. */
    for (int i = 0; i < NP; i++) {
        /* Reports received: the worksite reports on time, self-reports mostly. */
        struct mon_report_row *rp;
        int nr;
        if (mon_reports_of(dm->d, dm->a, dm->org, pid[i], &rp, &nr) != 0)
            return -1;
        for (int k = 0; k < nr; k++) {
            int32_t due = civil_parse(rp[k].due_day);
            if (due >= today || (i == 5 && due > today - 40))
                continue; /* participant 6's latest reports are overdue */
            struct op_ctx sc;
            ctx_at(&sc, dm, &pol, z, cm, ROLE_CASE_MANAGER, due, 11 * 60);
            if (op_mon_report_receive(&sc, rp[k].id, day_s(dm->a, due - 2), NULL, &res) != OP_OK)
                return fail("report", &res);
        }
    }
    int64_t board;
    if (user_create(dm->d, dm->org, "board", "Alicia Moreno (Board of Nursing liaison)", ROLE_BOARD,
                    dm->hash, &board) != DB_OK)
        return -1;
    /* She speaks for the Board of Nursing: the pharmacist is not on her view. */
    if (op_mon_liaison_set(&c, board, "New Jersey Board of Nursing", &res) != OP_OK)
        return fail("liaison", &res);

    /* The last six months, day by day: seeds committed the day before, check-ins in the
     * morning (Pat missed one day this month, participant 3 missed two and a day is excused),
     * collections the same afternoon, and the days closed. */
    int32_t first_day = civil_add_months(today, -5);
    {
        int y, m, d;
        civil_split(first_day, &y, &m, &d);
        first_day = civil_days(y, m, 1);
    }
    for (int32_t d = first_day; d < today; d++) {
        uint8_t seed[DRAW_SEED_BYTES];
        char hex[2 * DRAW_SEED_BYTES + 1], commit[DRAW_COMMIT_HEX + 1];
        draw_seed_new(seed);
        draw_seed_hex(seed, hex);
        draw_commit(seed, commit);
        if (mon_draw_commit(dm->d, dm->org, program, day_s(dm->a, d), hex, commit,
                            tz_utc_of(z, d - 1, 12 * 3600), DRAW_ALGORITHM) != DB_OK)
            return -1;
        for (int i = 0; i < NP; i++) {
            if (d < today - start_back[i])
                continue; /* before their agreement */
            if ((i == 0 && d == today - 3) || (i == 2 && (d == today - 9 || d == today - 20)))
                continue; /* missed check-ins */
            struct op_ctx pc;
            ctx_at(&pc, dm, &pol, z, user[i], ROLE_PARTICIPANT, d, 6 * 60 + 5 * i);
            struct mon_checkin_answer ans;
            if (op_mon_checkin(&pc, &ans, &res) != OP_OK)
                return fail("check-in", &res);
        }
        struct mon_test_row *ts;
        int nt;
        if (mon_tests_uncollected(dm->d, dm->a, dm->org, day_s(dm->a, d), &ts, &nt) != 0)
            return -1;
        for (int k = 0; k < nt; k++) {
            if (ts[k].participant_id == pid[2] && d == today - 20)
                continue; /* a no-show: missed when the day closes */
            struct op_ctx sc;
            ctx_at(&sc, dm, &pol, z, cm, ROLE_CASE_MANAGER, d, 13 * 60);
            char form[32];
            snprintf(form, sizeof form, "CCF-%lld", (long long)ts[k].id + 4400000);
            struct mon_test_in in = {.to = "collected",
                                     .site = "Quest Diagnostics, Newark",
                                     .custody_form = form,
                                     .observed = (int)(ts[k].id % 2)};
            if (op_mon_test_move(&sc, ts[k].id, &in, &res) != OP_OK)
                return fail("collect", &res);
            if (d > today - 4)
                continue; /* the latest still at the laboratory */
            struct mon_test_in steps[] = {
                {.to = "sent", .lab = "Quest Diagnostics, Lenexa KS"},
                {.to = "resulted", .result = "negative"},
                {.to = "verified", .mro_result = "negative"},
            };
            for (size_t s = 0; s < 3; s++)
                if (op_mon_test_move(&sc, ts[k].id, &steps[s], &res) != OP_OK)
                    return fail("result", &res);
        }
        struct op_ctx ac;
        ctx_at(&ac, dm, &pol, z, dm->admin, ROLE_ADMIN, d + 1, 0);
        if (op_mon_close_day(&ac, day_s(dm->a, d), &res) != OP_OK)
            return fail("close day", &res);
    }
    /* Tomorrow's seed is committed already; the pass commits it again only when absent. */
    {
        uint8_t seed[DRAW_SEED_BYTES];
        char hex[2 * DRAW_SEED_BYTES + 1], commit[DRAW_COMMIT_HEX + 1];
        for (int32_t d = today; d <= today + 1; d++) {
            draw_seed_new(seed);
            draw_seed_hex(seed, hex);
            draw_commit(seed, commit);
            if (mon_draw_commit(dm->d, dm->org, program, day_s(dm->a, d), hex, commit, now,
                                DRAW_ALGORITHM) != DB_OK)
                return -1;
        }
    }

    /* Group attendance of the professionals' group (GR-3 feeds GR-6): last month Pat came to 3
     * of the 4 sessions the agreement requires; the others came every week. */
    if (group) {
        struct grp_member *mem;
        int nm;
        if (grp_mem_list(dm->d, dm->a, dm->org, group, &mem, &nm) != 0)
            return -1;
        int pat_came = 0;
        for (int32_t d = first_day; d < today; d++) {
            if (recur_weekday(d) != 1)
                continue;
            struct op_ctx fc;
            ctx_at(&fc, dm, &pol, z, facilitator, ROLE_FACILITATOR, d, 20 * 60 + 15);
            if (op_grp_session_open(&fc, group, day_s(dm->a, d), &res) != OP_OK)
                continue; /* not an occurrence (before the group began) */
            int64_t sid = res.id, version = res.version;
            struct grp_att_in *att = arena_alloc(dm->a, sizeof *att * (size_t)(nm ? nm : 1));
            int y, m, dd, ty, tm;
            civil_split(d, &y, &m, &dd);
            civil_split(today, &ty, &tm, &dd);
            int last_month = (y * 12 + m) == (ty * 12 + tm) - 1;
            for (int k = 0; k < nm; k++) {
                int pat = mem[k].recoveree_id == rows[16].id;
                int away = pat && last_month && pat_came >= 3;
                pat_came += pat && last_month && !away;
                att[k] = (struct grp_att_in){.recoveree_id = mem[k].recoveree_id,
                                             .status = away ? "absent" : "present",
                                             .shared = !away && (k + dd) % 2};
            }
            if (op_grp_session_document(&fc, sid, version, att, (size_t)nm,
                                        "Topic: returning to practice. Members shared how they "
                                        "talk with colleagues about monitoring; skill-building on "
                                        "asking for help at work; resources handed out.",
                                        NULL, 0, &res) != OP_OK)
                return fail("group session", &res);
        }
    }

    /* Staff decisions on what the days recorded. */
    for (int i = 0; i < NP; i++) {
        struct mon_violation_row *v;
        int nv;
        if (mon_violations_of(dm->d, dm->a, dm->org, pid[i], &v, &nv) != 0)
            return -1;
        for (int k = 0; k < nv; k++) {
            if (strcmp(v[k].state, "open") != 0)
                continue;
            int32_t vd = civil_parse(v[k].day);
            if (i == 0 && vd == today - 3)
                continue; /* Pat's missed check-in waits for the case manager */
            if (!strcmp(v[k].kind, "late_report"))
                continue; /* reports overdue stay on the queue */
            struct op_ctx sc;
            ctx_at(&sc, dm, &pol, z, cm, ROLE_CASE_MANAGER, vd + 1, 10 * 60);
            int confirm = i == 2 && vd == today - 20;
            if (op_mon_violation_decide(&sc, v[k].id, confirm ? "confirmed" : "excused",
                                        confirm ? "No-show at the collection site, no call; "
                                                  "discussed with the participant."
                                                : "Phone died overnight; checked in by calling "
                                                  "the case manager at 7:10.",
                                        &res) != OP_OK)
                return fail("decide", &res);
        }
        /* Mutual-help meetings, three a week. */
        struct op_ctx pc;
        for (int32_t d = first_day; d < today; d++)
            if (d >= today - start_back[i] && recur_weekday(d) % 2 == 1 && (i != 3 || d % 5)) {
                ctx_at(&pc, dm, &pol, z, user[i], ROLE_PARTICIPANT, d + 1, 8 * 60);
                pc.today = today;
                if (op_mon_meeting_add(&pc, 0, day_s(dm->a, d),
                                       recur_weekday(d) == 1 ? "Caduceus meeting, St. Barnabas"
                                                             : "AA Big Book study, Montclair",
                                       &res) != OP_OK)
                    return fail("meeting", &res);
            }
        /* Fees: the last two months invoiced and paid, but for participant 4, who is behind. */
        struct op_ctx sc;
        ctx_at(&sc, dm, &pol, z, cm, ROLE_CASE_MANAGER, today, 9 * 60);
        for (int back = 2; back >= 1; back--) {
            int y, m, d;
            civil_split(civil_add_months(today, -back), &y, &m, &d);
            char month[16];
            snprintf(month, sizeof month, "%04d-%02d", y, m);
            if (op_mon_invoice_month(&sc, pid[i], month, &res) != OP_OK)
                return fail("invoice", &res);
            struct mon_invoice_row *inv;
            int ni;
            if (mon_invoices_of(dm->d, dm->a, dm->org, pid[i], &inv, &ni) != 0)
                return -1;
            int64_t owed = 0;
            for (int k = 0; k < ni; k++)
                owed += strcmp(inv[k].month, month) ? 0 : inv[k].amount_cents;
            char paid[32];
            snprintf(paid, sizeof paid, "%lld.%02lld", (long long)(owed / 100),
                     (long long)(owed % 100));
            if (i != 3 && owed > 0 &&
                op_mon_payment_add(&sc, pid[i], day_s(dm->a, today - 30 * (back - 1) - 5), paid,
                                   "card", NULL, &res) != OP_OK)
                return fail("payment", &res);
        }
    }
    /* Participant 2 asks not to be tested while away at a conference. */
    struct op_ctx pc;
    ctx_at(&pc, dm, &pol, z, user[1], ROLE_PARTICIPANT, today, 8 * 60);
    if (op_mon_unavail_request(&pc, 0, day_s(dm->a, today + 10), day_s(dm->a, today + 13),
                               "Nursing conference in Chicago; I will check in by phone.",
                               &res) != OP_OK)
        return fail("unavailability", &res);
    return 0;
}
