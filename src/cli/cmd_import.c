/* cmd_import.c - peerdesk import staff|recoverees|resources|lab_results FILE.csv --org SLUG [--as USER] [--dry-run]:
 * the spreadsheet import from the command line (import.h), acting as an administrator. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "accounts.h"
#include "civil.h"
#include "tz.h"
#include "cli.h"
#include "import.h"
#include "import_store.h"

/* The largest file the command reads: ten times the web upload limit, far more than any
 * organization's staff or recoveree list. */
#define IMPORT_FILE_MAX (64u * 1024 * 1024)

static const char import_usage[] =
    "usage: peerdesk [--db URL] import staff|recoverees|resources|lab_results FILE.csv --org SLUG [--as USERNAME] "
    "[--dry-run]\n";

/* Progress on a terminal only: "\r" rewrites the line, so a log file gets none. */
static void progress(void *arg, const char *phase, int64_t done, int64_t total)
{
    (void)arg;
    fprintf(stderr, "\r%s %lld of %lld rows", phase, (long long)done, (long long)total);
    if (done == total)
        fputc('\n', stderr);
    fflush(stderr);
}

/* The whole file, malloc'd, or NULL after saying why. */
static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "peerdesk: cannot open %s\n", path);
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    char *data = malloc(cap);
    while (data) {
        if (n == cap) {
            if (cap >= IMPORT_FILE_MAX) {
                fprintf(stderr, "peerdesk: %s is larger than %u MB\n", path,
                        IMPORT_FILE_MAX >> 20);
                free(data);
                data = NULL;
                break;
            }
            char *d = realloc(data, cap *= 2);
            if (!d) {
                free(data);
                data = NULL;
                break;
            }
            data = d;
        }
        size_t got = fread(data + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    if (data && ferror(f)) {
        fprintf(stderr, "peerdesk: cannot read %s\n", path);
        free(data);
        data = NULL;
    }
    fclose(f);
    *len = n;
    return data;
}

static void print_report(const char *path, const struct import_report *rep, int dry_run,
                         enum import_rc rc)
{
    if (rep->fatal) {
        printf("%s: rejected: %s\n", path, rep->fatal);
        return;
    }
    printf("%s: %lld rows read, %lld %s, %lld already there, %zu rejected\n", path,
           (long long)rep->rows, (long long)(rc == IMPORT_OK && !dry_run ? rep->written
                                                                         : rep->to_write),
           rc == IMPORT_OK && !dry_run ? "written" : "would be written", (long long)rep->already,
           rep->nerrors);
    for (size_t i = 0; i < rep->nignored; i++)
        printf("ignored column: %s\n", rep->ignored[i]);
    for (size_t i = 0; i < rep->nerrors; i++)
        printf("line %d%s%s: %s\n", rep->errors[i].line, rep->errors[i].column ? ", " : "",
               rep->errors[i].column ? rep->errors[i].column : "", rep->errors[i].message);
    if (rep->nerrors)
        printf("Nothing was written: correct the rows above and import the file again.\n");
}

int cmd_import(db *d, int argc, char **argv)
{
    const char *slug = opt(argc, argv, "--org"), *as = opt(argc, argv, "--as");
    int kind = argc > 1 ? import_kind_parse(argv[1]) : -1;
    const char *path = argc > 2 && argv[2][0] != '-' ? argv[2] : NULL;
    int dry_run = flag(argc, argv, "--dry-run");
    if (kind < 0 || !path || !slug) {
        fputs(import_usage, stderr);
        return 2;
    }
    arena *a = arena_new();
    struct org o;
    struct user u;
    struct policy pol;
    int rc = 1;
    size_t len = 0;
    char *data = NULL;
    if (org_by_slug(d, a, slug, &o) != 1) {
        fprintf(stderr, "peerdesk: no organization '%s'\n", slug);
        goto out;
    }
    if (!as && import_first_admin(d, a, o.id, &as) != 1) {
        fprintf(stderr, "peerdesk: %s has no active administrator to act as (--as)\n", slug);
        goto out;
    }
    /* The import acts as a person, so what it writes is theirs on the audit trail. */
    if (user_by_name(d, a, o.id, as, &u) != 1 || u.disabled || u.role != ROLE_ADMIN) {
        fprintf(stderr, "peerdesk: '%s' is not an active administrator of %s\n", as, slug);
        goto out;
    }
    if (policy_load(d, o.id, &pol) != 0) {
        fprintf(stderr, "peerdesk: cannot read the policy of %s: %s\n", slug, db_errmsg(d));
        goto out;
    }
    if (!(data = read_file(path, &len)))
        goto out;
    struct op_ctx c = {
        .db = d,
        .a = a,
        .who = {.user_id = u.id, .org_id = o.id, .role = ROLE_ADMIN, .username = u.username,
                .display_name = u.display_name},
        .now = (int64_t)time(NULL),
        .today = tz_today_in(o.time_zone, (int64_t)time(NULL)), /* the organization's day */
        .pol = &pol,
        .client = "cli import",
    };
    struct import_report rep;
    enum import_rc ir = import_run(&c, (enum import_kind)kind, data, len, dry_run,
                                   isatty(2) ? progress : NULL, NULL, &rep);
    if (ir == IMPORT_STORE) {
        fprintf(stderr, "peerdesk: the import could not be saved (%s); nothing was written\n",
                db_errmsg(d));
        goto out;
    }
    print_report(path, &rep, dry_run, ir);
    rc = ir == IMPORT_OK ? 0 : 1;
out:
    free(data);
    arena_free(a);
    return rc;
}
