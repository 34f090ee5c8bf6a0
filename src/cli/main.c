/* main.c - peerdesk: parse the global options and run one command. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "handlers.h"
#include "jmem.h"
#include "mailer.h"
#include "migrate.h"
#include "secret.h"
#include "server.h"

static const char usage[] =
    "usage: peerdesk [--db URL] COMMAND [options]\n"
    "\n"
    "Care management for peer recovery support organizations and monitoring programs.\n"
    "\n"
    "Database: --db sqlite:PATH | --db postgresql://USER@HOST:PORT/DB (or PEERDESK_DB).\n"
    "\n"
    "Commands:\n"
    "  init                      create the database or bring it to the current schema\n"
    "  migrate                   the same as init\n"
    "  org add --slug S --name N add an organization\n"
    "  user add|disable|enable|reset-password|unlock ...   manage staff accounts\n"
    "  serve [--listen HOST:PORT] [--threads N] [--db-connections N] [--tls-cert F --tls-key F]\n"
    "        [--smtp URL --mail-from ADDR] [--public-url URL]\n"
    "                            run the web server (pages and /api/v1) and the mailer\n"
    "  demo [--scale N] [--seed S] add a demo organization with realistic data\n"
    "  verify-audit              check every organization's audit hash chain\n"
    "  backup --out PATH         write a consistent copy of a SQLite database\n"
    "  import staff|recoverees|resources|lab_results FILE.csv --org SLUG [--dry-run]\n"
    "                            import a spreadsheet, all rows or none\n"
    "  routes                    list every route with its roles\n"
    "  boundary-check [--rules FILE] < NOTE\n"
    "                            check a note for sponsor, therapist, medical or clergy work\n"
    "  verify-draw DAY --org SLUG\n"
    "                            re-run a day's random test selection and compare (GR-8)\n"
    "  close-day DAY --org SLUG  close a past day: missed check-ins and tests recorded\n"
    "  draw-seed --org SLUG --program ID --day DAY [--seed HEX]\n"
    "                            commit a day's seed before the day\n"
    "  recur --tz ZONE --start DAY --time HH:MM --rrule RULE [--ics] ...\n"
    "                            expand a group schedule, say it in words, or write its .ics\n"
    "\n"
    "Run 'peerdesk COMMAND --help' for a command's options; 'man peerdesk' for all.\n";

static const char serve_usage[] =
    "usage: peerdesk [--db URL] serve [--listen HOST:PORT] [--threads N] [--body-limit BYTES]\n"
    "                [--db-connections N] [--tls-cert PEM --tls-key PEM] [--trust-proxy]\n"
    "                [--quiet] [--debug-queries] [--smtp smtp://HOST:PORT --mail-from ADDR\n"
    "                [--smtp-user U --smtp-password-file F]] [--public-url URL]\n"
    "  --listen      address to listen on (default 127.0.0.1:8080)\n"
    "  --threads     worker threads (default 8)\n"
    "  --db-connections  database connections the threads share; a thread waits for a free\n"
    "                one (default: PostgreSQL the cores online, SQLite one per thread)\n"
    "  --body-limit  largest request body accepted (default 65536)\n"
    "  --tls-cert/--tls-key  serve HTTPS with these PEM files\n"
    "  --trust-proxy believe X-Forwarded-Proto: https from a TLS-terminating proxy\n"
    "  --quiet       no access log\n"
    "  --debug-queries  add X-Peerdesk-Statements and X-Peerdesk-Round-Trips to every response\n"
    "                (and to the access log): what the request ran on the database. For\n"
    "                development and tests only; PEERDESK_DEBUG_QUERIES=1 does the same\n"
    "  --smtp        the SMTP relay that e-mails notices (smtp:// with STARTTLS when offered,\n"
    "                smtps:// for TLS from the start); without it mail stays queued and\n"
    "                notices reach the in-app inbox only (PEERDESK_SMTP_URL)\n"
    "  --mail-from   the sender address of that mail, required with --smtp (PEERDESK_MAIL_FROM)\n"
    "  --smtp-user   authenticate to the relay as this user (PEERDESK_SMTP_USER), with the\n"
    "                password on the first line of --smtp-password-file F\n"
    "                (PEERDESK_SMTP_PASSWORD_FILE); TLS is then required unless the relay is\n"
    "                on this machine\n"
    "  --public-url  the address people reach peerdesk at, e.g. https://peerdesk.example.org:\n"
    "                e-mails link to the inbox item there (PEERDESK_PUBLIC_URL)\n";

const char *opt(int argc, char **argv, const char *name)
{
    size_t n = strlen(name);
    for (int i = 1; i < argc; i++) {
        if (strncmp(argv[i], name, n) != 0)
            continue;
        if (argv[i][n] == '=')
            return argv[i] + n + 1;
        if (argv[i][n] == '\0' && i + 1 < argc)
            return argv[i + 1];
    }
    return NULL;
}

int flag(int argc, char **argv, const char *name)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], name) == 0)
            return 1;
    return 0;
}

/* Refuse an argument the command does not take, with its usage, instead of ignoring it
 * (`serve --lisen ...` used to start on the default address). opts lists the options,
 * space-separated: "--name=" takes a value, "--name" is a flag; --help is always taken.
 * npos is how many plain words may follow the command (the "add" of "user add").
 * Returns 0, or 2 after printing what is wrong and the usage to stderr. */
static int check_args(int argc, char **argv, const char *opts, int npos, const char *usage_text)
{
    int pos = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || a[1] == '\0') {
            if (++pos > npos) {
                fprintf(stderr, "peerdesk %s: unexpected argument '%s'\n%s", argv[0], a,
                        usage_text);
                return 2;
            }
            continue;
        }
        if (!strcmp(a, "--help"))
            continue;
        size_t n = strcspn(a, "=");
        int takes_value = -1; /* -1: unknown */
        for (const char *p = opts; p && *p;) {
            size_t len = strcspn(p, " ");
            size_t name_len = len && p[len - 1] == '=' ? len - 1 : len;
            if (name_len == n && !strncmp(p, a, n))
                takes_value = name_len != len;
            p += len;
            p += strspn(p, " ");
        }
        if (takes_value < 0) {
            fprintf(stderr, "peerdesk %s: unknown option '%.*s'\n%s", argv[0], (int)n, a,
                    usage_text);
            return 2;
        }
        if (!takes_value && a[n] == '=') {
            fprintf(stderr, "peerdesk %s: %.*s takes no value\n%s", argv[0], (int)n, a, usage_text);
            return 2;
        }
        if (takes_value && a[n] != '=' && ++i >= argc) {
            fprintf(stderr, "peerdesk %s: %s needs a value\n%s", argv[0], a, usage_text);
            return 2;
        }
    }
    return 0;
}

static const char serve_opts[] =
    "--listen= --threads= --db-connections= --body-limit= --tls-cert= --tls-key= --trust-proxy "
    "--quiet --debug-queries --smtp= --smtp-user= --smtp-password-file= --mail-from= "
    "--public-url=";

/* An option's value, else the environment variable's (empty is unset), else NULL. */
static const char *opt_env(int argc, char **argv, const char *name, const char *env)
{
    const char *v = opt(argc, argv, name);
    if (!v)
        v = getenv(env);
    return v && *v ? v : NULL;
}

/* The first line of the password file path (without its line end) into out, which holds n
 * bytes. 0, or -1 after saying why on stderr. */
static int read_password_file(const char *path, char *out, size_t n)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "peerdesk serve: cannot read --smtp-password-file %s\n", path);
        return -1;
    }
    int ok = fgets(out, (int)n, f) != NULL;
    fclose(f);
    out[ok ? strcspn(out, "\r\n") : 0] = '\0';
    if (!ok || !out[0]) {
        fprintf(stderr, "peerdesk serve: --smtp-password-file %s holds no password\n", path);
        return -1;
    }
    return 0;
}

/* 1 when url is http:// or https:// and a host, printable without spaces; a trailing '/' is
 * cut (links are made by appending "/inbox/ID"). */
static int public_url_ok(char *url)
{
    size_t n = strlen(url);
    if (n > 200 || (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (url[i] <= ' ' || url[i] >= 0x7f || url[i] == '"' || url[i] == '<' || url[i] == '>')
            return 0;
    size_t host = url[4] == 's' ? 8 : 7;
    while (n > host && url[n - 1] == '/')
        url[--n] = '\0';
    return n > host && url[host] != '/';
}

static int cmd_serve(const char *url, int argc, char **argv)
{
    if (flag(argc, argv, "--help")) {
        fputs(serve_usage, stdout);
        return 0;
    }
    struct server_config c;
    server_config_defaults(&c);
    c.db_url = url;
    const char *v;
    if ((v = opt(argc, argv, "--listen")))
        c.listen = v;
    if ((v = opt(argc, argv, "--threads")))
        c.threads = (unsigned)atoi(v);
    long conns = 0;
    if ((v = opt(argc, argv, "--db-connections")))
        conns = strtol(v, NULL, 10);
    c.db_conns = conns >= 1 && conns <= 256 ? (unsigned)conns : 0;
    if (v && !c.db_conns) {
        fprintf(stderr, "peerdesk serve: --db-connections must be 1 to 256\n%s", serve_usage);
        return 2;
    }
    if ((v = opt(argc, argv, "--body-limit")))
        c.body_limit = (size_t)strtoull(v, NULL, 10);
    c.tls_cert = opt(argc, argv, "--tls-cert");
    c.tls_key = opt(argc, argv, "--tls-key");
    c.trust_proxy_https = flag(argc, argv, "--trust-proxy");
    c.quiet = flag(argc, argv, "--quiet");
    const char *dq = getenv("PEERDESK_DEBUG_QUERIES");
    c.debug_queries = flag(argc, argv, "--debug-queries") || (dq && !strcmp(dq, "1"));
    if (c.threads < 1 || c.threads > 128 || c.body_limit < 1024) {
        fputs(serve_usage, stderr);
        return 2;
    }
    c.smtp_url = opt_env(argc, argv, "--smtp", "PEERDESK_SMTP_URL");
    c.smtp_user = opt_env(argc, argv, "--smtp-user", "PEERDESK_SMTP_USER");
    c.mail_from = opt_env(argc, argv, "--mail-from", "PEERDESK_MAIL_FROM");
    const char *pwfile = opt_env(argc, argv, "--smtp-password-file", "PEERDESK_SMTP_PASSWORD_FILE");
    static char public_url[256];
    if ((v = opt_env(argc, argv, "--public-url", "PEERDESK_PUBLIC_URL"))) {
        snprintf(public_url, sizeof public_url, "%s", v);
        if (strlen(v) >= sizeof public_url || !public_url_ok(public_url)) {
            fprintf(stderr, "peerdesk serve: --public-url must be http(s)://HOST[:PORT][/PATH]\n%s",
                    serve_usage);
            return 2;
        }
        c.public_url = public_url;
    }
    /* The relay's password, never on the command line (the process list shows it). */
    char pw[512] = "";
    if (pwfile && read_password_file(pwfile, pw, sizeof pw) != 0)
        return 2;
    c.smtp_password = pwfile ? pw : NULL;
    struct mailer_config mc = {.db_url = url, .smtp_url = c.smtp_url, .smtp_user = c.smtp_user,
                               .smtp_password = c.smtp_password, .mail_from = c.mail_from};
    char err[256];
    if (mailer_check(&mc, err, sizeof err) != 0) {
        fprintf(stderr, "peerdesk serve: %s\n%s", err, serve_usage);
        sodium_memzero(pw, sizeof pw);
        return 2;
    }
    int rc = server_run(&c);
    sodium_memzero(pw, sizeof pw);
    return rc;
}

struct command {
    const char *name;
    int (*fn)(db *, int, char **);
    const char *help;
    const char *opts; /* what check_args() accepts; NULL: the command checks its own */
    int npos;         /* plain words after the command name */
};

static const struct command commands[] = {
    {"init", cmd_init, "usage: peerdesk [--db URL] init\n"
                       "Create the database, or apply the migrations it is missing.\n",
     "", 0},
    {"migrate", cmd_init, "usage: peerdesk [--db URL] migrate\nApply missing migrations.\n", "",
     0},
    {"org", cmd_org, "usage: peerdesk [--db URL] org add --slug SLUG --name NAME\n",
     "--slug= --name=", 1},
    {"user", cmd_user,
     "usage: peerdesk [--db URL] user add --org SLUG --username U --role ROLE "
     "[--name NAME] --password-stdin\n"
     "       peerdesk [--db URL] user disable|enable|unlock --org SLUG --username U\n"
     "       peerdesk [--db URL] user reset-password --org SLUG --username U --password-stdin\n"
     "Roles: admin supervisor peer clinician case_manager facilitator auditor board\n",
     "--org= --username= --role= --name= --password-stdin", 1},
    {"verify-audit", cmd_verify_audit,
     "usage: peerdesk [--db URL] verify-audit\n"
     "Check every organization's audit chain (and the rows from before the chains were per\n"
     "organization); print one line per organization; exit 1 naming the first edited or\n"
     "deleted row.\n",
     "", 0},
    {"routes", cmd_routes, "usage: peerdesk routes [--json]\nList every route, its roles and flags.\n",
     "--json", 0},
    {"boundary-check", cmd_boundary_check,
     "usage: peerdesk boundary-check [--rules FILE] < NOTE\n"
     "Check the note on standard input against the boundary rules (SV-5): the defaults, plus\n"
     "FILE's rows (TSV: id, lane, warn|allow, pattern, comment; see rules/boundary.tsv).\n"
     "Prints one line per hit: lane, rule, byte offset, phrase. Exit 0 no hit, 1 hits, 2 error.\n",
     "--rules=", 0},
    {"verify-draw", cmd_verify_draw,
     "usage: peerdesk [--db URL] verify-draw DAY --org SLUG\n"
     "Re-run every monitoring program's draw of DAY (YYYY-MM-DD) from its kept seed, pool and\n"
     "algorithm (GR-8), check the seed against the commitment shown before the day, and compare\n"
     "the selections, times and codes with those kept. One line per program; exit 0 when all\n"
     "agree, 1 when a draw differs, 2 when there is none.\n",
     "--org=", 1},
    {"close-day", cmd_close_day,
     "usage: peerdesk [--db URL] close-day DAY --org SLUG\n"
     "Close a past day of every monitoring program (the server does it each day by itself): a\n"
     "missed check-in and an uncollected selection become violations, reports past due and\n"
     "grace become late (GR-8, GR-9, GR-10).\n",
     "--org=", 1},
    {"draw-seed", cmd_draw_seed,
     "usage: peerdesk [--db URL] draw-seed --org SLUG --program ID --day DAY [--seed HEX]\n"
     "Commit the seed of a day not yet drawn (64 hex digits, or a new random one) and print its\n"
     "commitment, the SHA-256 case managers see before the day (GR-8). The server commits\n"
     "tomorrow's seed by itself; this is for a seed chosen elsewhere (a tested seed).\n",
     "--org= --program= --day= --seed=", 0},
    {"recur", cmd_recur,
     "usage: peerdesk recur --tz ZONE --start YYYY-MM-DD --time HH:MM [--minutes N] --rrule RULE\n"
     "                     [--cancel YYYY-MM-DD]... [--move YYYY-MM-DD=YYYY-MM-DDTHH:MM[/N]]...\n"
     "                     --from YYYY-MM-DD --to YYYY-MM-DD\n"
     "       peerdesk recur ... --ics [--uid UID] [--summary TEXT] [--location TEXT] [--url URL]\n"
     "                     [--description TEXT] [--name TEXT] [--stamp UNIXTIME]\n"
     "       peerdesk recur --rrule RULE [--time HH:MM] --describe [--lang en|es]\n"
     "Expand a group schedule (GR-1): the first session on --start at --time in zone --tz,\n"
     "--minutes long (default 60), repeating by the RFC 5545 RRULE value RULE (for example\n"
     "FREQ=WEEKLY;BYDAY=TU, FREQ=WEEKLY;INTERVAL=2;BYDAY=TH, FREQ=MONTHLY;BYDAY=2TU, with\n"
     "COUNT=N or UNTIL=YYYYMMDD). --cancel drops the session of that date; --move holds it on\n"
     "another day and time, N minutes long. Prints one line per session from --from to --to\n"
     "(at most 1100 days): its UTC start, its local start with the offset, its UTC end, and\n"
     "'moved'. --ics writes the schedule as an iCalendar file instead (DTSTAMP --stamp, default\n"
     "now); --describe says the rule in words. No database. Exit 0 done, 1 the schedule is\n"
     "refused (the reason on stderr), 2 usage.\n",
     "--tz= --start= --time= --minutes= --rrule= --cancel= --move= --from= --to= --ics --uid= "
     "--summary= --location= --url= --description= --name= --stamp= --describe --lang=",
     0},
    {"demo", cmd_demo,
     "usage: peerdesk [--db URL] demo [--scale N] [--seed S]\n"
     "Add the demo organizations with N x 20 generated staff (default N=1, seed 1).\n",
     "--scale= --seed=", 0},
    {"backup", cmd_backup,
     "usage: peerdesk [--db sqlite:PATH] backup --out PATH\n"
     "Write a consistent copy of a SQLite database while it is in use. For PostgreSQL use "
     "pg_dump.\n",
     "--out=", 0},
    {"import", cmd_import,
     "usage: peerdesk [--db URL] import staff|recoverees|resources|lab_results FILE.csv --org SLUG [--as USERNAME] "
     "[--dry-run]\n"
     "Import a CSV file (UTF-8; a header row naming the columns, in any order). Every row is\n"
     "checked like the form; one rejected row writes nothing. Rows already there (staff by\n"
     "username; recoverees by last name, first name and date of birth; resources by name\n"
     "and ZIP; lab results whose test has its result) are skipped.\n"
     "lab_results: a laboratory's results for collected monitoring tests (GR-9): columns\n"
     "custody_form and result (required), mro_result and lab; each test moves on to sent,\n"
     "resulted and, with mro_result, verified.\n"
     "--as: the administrator the import acts as (default: the oldest active one).\n"
     "--dry-run: check and report, write nothing. Exit 0 valid/written, 1 rejected.\n",
     "--org= --as= --dry-run", 2},
};

int main(int argc, char **argv)
{
    jmem_init(); /* before any JSON value is made */
    const char *url = getenv("PEERDESK_DB");
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(usage, stdout);
            return 0;
        } else if (!strcmp(argv[i], "--version")) {
            puts("peerdesk 0.1");
            return 0;
        } else if (!strcmp(argv[i], "--db") && i + 1 < argc) {
            url = argv[++i];
        } else if (!strncmp(argv[i], "--db=", 5)) {
            url = argv[i] + 5;
        } else {
            fputs(usage, stderr);
            return 2;
        }
    }
    if (i >= argc) {
        fputs(usage, stderr);
        return 2;
    }
    if (secret_init() != 0) {
        fprintf(stderr, "peerdesk: libsodium failed to start\n");
        return 1;
    }
    settings_fields_init();
    const char *name = argv[i];
    int cargc = argc - i;
    char **cargv = argv + i;
    if (!strcmp(name, "serve")) {
        if (flag(cargc, cargv, "--help"))
            return cmd_serve(url, cargc, cargv);
        if (check_args(cargc, cargv, serve_opts, 0, serve_usage) != 0)
            return 2;
        /* Check the database and its schema once before taking connections. */
        char err[256];
        db *d = db_open(url, err, sizeof err);
        if (!d) {
            fprintf(stderr, "peerdesk: %s\n", err);
            return 1;
        }
        int v = db_schema_version(d), want = db_latest_version(db_kind(d));
        db_close(d);
        if (v != want) {
            fprintf(stderr, "peerdesk: database schema is %d, this peerdesk needs %d: run "
                            "'peerdesk init'\n", v, want);
            return 1;
        }
        return cmd_serve(url, cargc, cargv);
    }
    for (size_t k = 0; k < sizeof commands / sizeof *commands; k++) {
        if (strcmp(commands[k].name, name) != 0)
            continue;
        if (flag(cargc, cargv, "--help")) {
            fputs(commands[k].help, stdout);
            return 0;
        }
        if (commands[k].opts &&
            check_args(cargc, cargv, commands[k].opts, commands[k].npos, commands[k].help) != 0)
            return 2;
        if (commands[k].fn == cmd_routes)
            return cmd_routes(NULL, cargc, cargv);
        if (commands[k].fn == cmd_boundary_check) /* no database */
            return cmd_boundary_check(NULL, cargc, cargv);
        if (commands[k].fn == cmd_recur) /* no database */
            return cmd_recur(NULL, cargc, cargv);
        char err[256];
        db *d = db_open(url, err, sizeof err);
        if (!d) {
            fprintf(stderr, "peerdesk: %s\n", err);
            return 1;
        }
        if (db_migrate(d, err, sizeof err) != 0) {
            fprintf(stderr, "peerdesk: %s\n", err);
            db_close(d);
            return 1;
        }
        int rc = commands[k].fn(d, cargc, cargv);
        db_close(d);
        return rc;
    }
    fprintf(stderr, "peerdesk: unknown command '%s'\n\n%s", name, usage);
    return 2;
}
