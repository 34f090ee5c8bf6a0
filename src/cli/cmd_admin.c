/* cmd_admin.c - init, org, user, verify-audit, routes and backup commands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "account_rules.h"
#include "accounts.h"
#include "arena.h"
#include "audit.h"
#include "civil.h"
#include "tz.h"
#include "cli.h"
#include "http.h"
#include "migrate.h"
#include "ops_users.h"
#include "password_quality.h"
#include "secret.h"

int cmd_init(db *d, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("peerdesk: database ready (%s, schema %d)\n",
           db_kind(d) == DB_PG ? "postgresql" : "sqlite", db_schema_version(d));
    return 0;
}

/* Audit a command-line action: the actor is the operating-system user. */
static int cli_audit(db *d, int64_t org, const char *action, const char *type, int64_t id,
                     const char *reason)
{
    char rid[24];
    snprintf(rid, sizeof rid, "%lld", (long long)id);
    const char *who = getenv("USER");
    struct audit_ev ev = {.org_id = org, .username = who ? who : "cli", .action = action,
                          .record_type = type, .record_id = id ? rid : NULL, .reason = reason,
                          .client = "cli", .outcome = "ok"};
    return audit_append(d, &ev);
}

int cmd_org(db *d, int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "add") != 0) {
        fprintf(stderr, "usage: peerdesk org add --slug SLUG --name NAME\n");
        return 2;
    }
    const char *slug = opt(argc, argv, "--slug"), *name = opt(argc, argv, "--name");
    const char *why = check_slug(slug);
    if (!why)
        why = check_org_name(name);
    if (why) {
        fprintf(stderr, "peerdesk: %s\n", why);
        return 2;
    }
    int64_t id;
    if (db_begin(d) != DB_OK)
        goto err;
    int rc = org_create(d, slug, name, &id);
    if (rc == DB_CONSTRAINT) {
        db_rollback(d);
        fprintf(stderr, "peerdesk: an organization '%s' already exists\n", slug);
        return 1;
    }
    if (rc != DB_OK || cli_audit(d, id, "org.create", "org", id, slug) != 0 ||
        db_commit(d) != DB_OK)
        goto err;
    printf("organization %s created (id %lld)\n", slug, (long long)id);
    return 0;
err:
    db_rollback(d);
    fprintf(stderr, "peerdesk: %s\n", db_errmsg(d));
    return 1;
}

/* Read one line from stdin without the newline; never echoes. */
static int read_password(char *out, size_t n)
{
    if (!fgets(out, (int)n, stdin))
        return -1;
    out[strcspn(out, "\r\n")] = '\0';
    return 0;
}

/* The context of a staff-account command: the person at the server's console acts as the
 * organization's administrator (there may be none yet: `user add` makes the first), under the
 * operating-system user's name on the audit trail, client "cli". */
static void cli_admin_ctx(struct op_ctx *c, db *d, arena *a, const struct org *o,
                          const struct policy *pol)
{
    const char *who = getenv("USER");
    *c = (struct op_ctx){
        .db = d,
        .a = a,
        .who = {.org_id = o->id, .role = ROLE_ADMIN, .username = who && *who ? who : "cli",
                .org_slug = o->slug, .org_name = o->name},
        .now = (int64_t)time(NULL),
        .today = tz_today_in(o->time_zone, (int64_t)time(NULL)), /* the organization's day */
        .pol = pol,
        .client = "cli",
    };
}

/* Print an operation's failure; the exit code: 2 for input the person can correct (a field,
 * a weak password), 1 otherwise. */
static int op_exit(const struct op_result *res)
{
    fprintf(stderr, "peerdesk: %s\n", res->message ? res->message : op_status_code(res->status));
    if (res->status == OP_INVALID ||
        (res->status == OP_REFUSED && res->code && !strcmp(res->code, "weak_password")))
        return 2;
    return 1;
}

static int user_add(struct op_ctx *c, const struct org *o, int argc, char **argv)
{
    const char *username = opt(argc, argv, "--username"), *role_s = opt(argc, argv, "--role");
    const char *name = opt(argc, argv, "--name");
    char pw[PASSWORD_MAX_LEN + 2];
    if (!flag(argc, argv, "--password-stdin") || read_password(pw, sizeof pw) != 0) {
        fprintf(stderr, "peerdesk: give the password on standard input with --password-stdin\n");
        return 2;
    }
    struct user_in in = {.username = username, .display_name = name ? name : username,
                         .role = role_s, .password = pw, .password_required = 1};
    struct op_result res;
    enum op_status st = op_user_create(c, &in, &res);
    sodium_memzero(pw, sizeof pw);
    if (st != OP_OK)
        return op_exit(&res);
    printf("user %s (%s) created in %s\n", username, role_s, o->slug);
    return 0;
}

/* disable, enable, reset-password, unlock: the same operations as the staff pages. */
static int user_change(struct op_ctx *c, const struct org *o, const char *what, int argc,
                       char **argv)
{
    const char *username = opt(argc, argv, "--username");
    struct user u;
    int found = username ? user_by_name(c->db, c->a, o->id, username, &u) : 0;
    if (found < 0) {
        fprintf(stderr, "peerdesk: %s\n", db_errmsg(c->db));
        return 1;
    }
    if (found == 0) {
        fprintf(stderr, "peerdesk: no user '%s' in %s\n", username ? username : "", o->slug);
        return 1;
    }
    struct op_result res;
    enum op_status st;
    if (!strcmp(what, "reset-password")) {
        char pw[PASSWORD_MAX_LEN + 2];
        if (!flag(argc, argv, "--password-stdin") || read_password(pw, sizeof pw) != 0) {
            fprintf(stderr,
                    "peerdesk: give the new password on standard input with --password-stdin\n");
            return 2;
        }
        struct user_password_in in = {.id = u.id, .password = pw};
        st = op_user_password_reset(c, &in, &res);
        sodium_memzero(pw, sizeof pw);
    } else if (!strcmp(what, "unlock")) {
        st = op_user_unlock(c, u.id, &res);
    } else {
        struct user_update_in in = {.id = u.id, .set_disabled = 1,
                                    .disabled = !strcmp(what, "disable")};
        st = op_user_update(c, &in, &res);
    }
    if (st != OP_OK)
        return op_exit(&res);
    printf("user %s: %s done\n", username, what);
    return 0;
}

int cmd_user(db *d, int argc, char **argv)
{
    const char *what = argc > 1 ? argv[1] : "";
    const char *slug = opt(argc, argv, "--org");
    if (!slug || (strcmp(what, "add") && strcmp(what, "disable") && strcmp(what, "enable") &&
                  strcmp(what, "reset-password") && strcmp(what, "unlock"))) {
        fprintf(stderr, "usage: peerdesk user add|disable|enable|reset-password|unlock --org "
                        "SLUG --username U ...\n");
        return 2;
    }
    arena *a = arena_new();
    struct org o;
    struct policy pol;
    struct op_ctx c;
    int rc;
    if (org_by_slug(d, a, slug, &o) != 1) {
        fprintf(stderr, "peerdesk: no organization '%s'\n", slug);
        rc = 1;
    } else if (policy_load(d, o.id, &pol) != 0) {
        fprintf(stderr, "peerdesk: cannot read the policy of %s: %s\n", slug, db_errmsg(d));
        rc = 1;
    } else {
        cli_admin_ctx(&c, d, a, &o, &pol);
        rc = !strcmp(what, "add") ? user_add(&c, &o, argc, argv)
                                  : user_change(&c, &o, what, argc, argv);
    }
    arena_free(a);
    return rc;
}

/* verify-audit's line for each part of the trail; the first break is kept for the summary. */
struct verify_out {
    db *d;
    arena *a;
    int64_t rows;
    char first_break[600];
};

static void print_part(void *ctx, int64_t org_id, int rc, int64_t rows, int64_t bad_seq,
                       const char *msg)
{
    struct verify_out *v = ctx;
    (void)bad_seq;
    char who[160];
    struct org o;
    if (org_id == -1)
        snprintf(who, sizeof who, "rows from before per-organization chains");
    else if (org_id == -2)
        snprintf(who, sizeof who, "the table");
    else if (org_id == 0)
        snprintf(who, sizeof who, "no organization (sign-ins to unknown ones)");
    else if (org_by_id(v->d, v->a, org_id, &o) == 1)
        snprintf(who, sizeof who, "organization %s (%lld)", o.slug, (long long)org_id);
    else
        snprintf(who, sizeof who, "organization %lld (no longer exists)", (long long)org_id);
    if (org_id >= 0)
        v->rows += rows;
    /* The old rows' part is worth a line only when there are any, or it is broken. */
    if (org_id == -1 && rc == 0 && rows == 0)
        return;
    printf("%s: %s\n", who, msg);
    if (rc != 0 && !v->first_break[0])
        snprintf(v->first_break, sizeof v->first_break, "%s: %s", who, msg);
}

int cmd_verify_audit(db *d, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    /* Every organization's chain, each said on its own line, then one verdict. */
    struct verify_out v = {.d = d, .a = arena_new()};
    int rc = audit_verify_each(d, print_part, &v);
    arena_free(v.a);
    if (rc < 0) {
        fprintf(stderr, "peerdesk: cannot read the audit trail: %s\n", db_errmsg(d));
        return 1;
    }
    if (rc > 0) {
        fprintf(stderr, "peerdesk: AUDIT TRAIL BROKEN: %s\n", v.first_break);
        return 1;
    }
    printf("%lld audit rows verified, every chain intact\n", (long long)v.rows);
    return 0;
}

int cmd_routes(db *d, int argc, char **argv)
{
    (void)d;
    int json = flag(argc, argv, "--json");
    if (json)
        printf("[\n");
    for (size_t i = 0; i < nroutes; i++) {
        const struct route *r = &routes[i];
        char roles[160] = "";
        if (r->flags & RT_PUBLIC)
            snprintf(roles, sizeof roles, "public");
        else
            for (int k = 0; k < ROLE__COUNT; k++)
                if (r->roles & RB(k))
                    snprintf(roles + strlen(roles), sizeof roles - strlen(roles), "%s%s",
                             roles[0] ? (json ? "\",\"" : ",") : "", role_name((enum role)k));
        if (json)
            printf("  {\"method\":\"%s\",\"path\":\"%s\",\"roles\":[\"%s\"],\"page\":%s,\"api\":%s}%s\n",
                   r->method, r->pattern, roles, (r->flags & RT_API_ONLY) ? "false" : "true",
                   (r->flags & RT_PAGE_ONLY) ? "false" : "true", i + 1 < nroutes ? "," : "");
        else
            printf("%-5s %-24s %-60s %s\n", r->method, r->pattern, roles, r->summary);
    }
    if (json)
        printf("]\n");
    return 0;
}

int cmd_backup(db *d, int argc, char **argv)
{
    const char *out = opt(argc, argv, "--out");
    if (!out) {
        fprintf(stderr, "usage: peerdesk --db sqlite:PATH backup --out PATH\n");
        return 2;
    }
    if (db_kind(d) != DB_SQLITE) {
        fprintf(stderr, "peerdesk: for PostgreSQL use pg_dump (see README, 'Back up')\n");
        return 2;
    }
    char err[256];
    if (db_sqlite_backup(d, out, err, sizeof err) != 0) {
        fprintf(stderr, "peerdesk: backup failed: %s\n", err);
        return 1;
    }
    printf("backup written to %s\n", out);
    return 0;
}
