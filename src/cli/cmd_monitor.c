/* cmd_monitor.c - monitoring programs at the console (GR-8): re-run a past day's draws from
 * their kept seed and pool (verify-draw), close a past day (close-day), and commit a day's seed
 * ahead of the day (draw-seed). Each acts as the organization's administrator, like the other
 * console commands, through the same operations the pages use. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "accounts.h"
#include "cli.h"
#include "ops_monitor.h"
#include "policy.h"
#include "tz.h"

struct mon_cli {
    arena *a;
    struct org o;
    struct policy pol;
    struct op_ctx c;
};

static int open_org(db *d, int argc, char **argv, struct mon_cli *m)
{
    const char *slug = opt(argc, argv, "--org");
    m->a = arena_new();
    if (!slug) {
        fprintf(stderr, "peerdesk: --org SLUG is required\n");
        return -1;
    }
    if (org_by_slug(d, m->a, slug, &m->o) != 1 || policy_load(d, m->o.id, &m->pol) != 0) {
        fprintf(stderr, "peerdesk: no organization '%s'\n", slug);
        return -1;
    }
    const struct tz *z = tz_get(m->o.time_zone, NULL);
    const char *who = getenv("USER");
    int64_t now = (int64_t)time(NULL);
    m->c = (struct op_ctx){
        .db = d,
        .a = m->a,
        .who = {.org_id = m->o.id,
                .role = ROLE_ADMIN,
                .username = who && *who ? who : "cli",
                .org_slug = m->o.slug,
                .org_name = m->o.name},
        .now = now,
        .today = tz_today(z ? z : tz_utc(), now),
        .pol = &m->pol,
        .client = "cli",
        .zone = z,
    };
    return 0;
}

static int done(struct mon_cli *m, int rc)
{
    arena_free(m->a);
    return rc;
}

static int op_failed(const struct op_result *res)
{
    fprintf(stderr, "peerdesk: %s\n", res->message ? res->message : op_status_code(res->status));
    return res->status == OP_INVALID ? 2 : 1;
}

int cmd_verify_draw(db *d, int argc, char **argv)
{
    struct mon_cli m;
    const char *day = argc > 1 && argv[1][0] != '-' ? argv[1] : NULL;
    if (!day) {
        fprintf(stderr, "peerdesk: verify-draw DAY --org SLUG\n");
        return 2;
    }
    if (open_org(d, argc, argv, &m) != 0)
        return done(&m, 2);
    const char *out;
    int rc = mon_verify_day(&m.c, day, &out);
    fputs(out, stdout);
    if (rc < 0)
        fprintf(stderr, "peerdesk: no draw of %s to verify\n", day);
    return done(&m, rc < 0 ? 2 : rc);
}

int cmd_close_day(db *d, int argc, char **argv)
{
    struct mon_cli m;
    const char *day = argc > 1 && argv[1][0] != '-' ? argv[1] : NULL;
    if (!day) {
        fprintf(stderr, "peerdesk: close-day DAY --org SLUG\n");
        return 2;
    }
    if (open_org(d, argc, argv, &m) != 0)
        return done(&m, 2);
    struct op_result res;
    if (op_mon_close_day(&m.c, day, &res) != OP_OK)
        return done(&m, op_failed(&res));
    printf("%s closed\n", day);
    return done(&m, 0);
}

int cmd_draw_seed(db *d, int argc, char **argv)
{
    struct mon_cli m;
    const char *day = opt(argc, argv, "--day"), *prog = opt(argc, argv, "--program");
    if (!day || !prog) {
        fprintf(stderr, "peerdesk: draw-seed --org SLUG --program ID --day DAY [--seed HEX]\n");
        return 2;
    }
    if (open_org(d, argc, argv, &m) != 0)
        return done(&m, 2);
    struct op_result res;
    if (op_mon_seed(&m.c, strtoll(prog, NULL, 10), day, opt(argc, argv, "--seed"), &res) != OP_OK)
        return done(&m, op_failed(&res));
    struct mon_draw_row dr;
    if (mon_draw_get(d, m.a, m.o.id, strtoll(prog, NULL, 10), day, &dr) == 1)
        printf("%s %s\n", day, dr.commitment);
    return done(&m, 0);
}
