/* import.c - check and write a spreadsheet of staff or recoverees, all or nothing (import.h). */
#include "import.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "accounts.h"
#include "buf.h"
#include "csv_read.h"
#include "intake_store.h"
#include "monitor.h"
#include "monitor_store.h"
#include "ops_monitor.h"
#include "ops_recoverees.h"
#include "ops_referrals.h"
#include "referrals_store.h"
#include "ops_users.h"
#include "msg.h"
#include "secret.h"

const char *import_kind_name(enum import_kind k)
{
    return k == IMPORT_STAFF         ? "staff"
           : k == IMPORT_RESOURCES   ? "resources"
           : k == IMPORT_LAB_RESULTS ? "lab_results"
                                     : "recoverees";
}

int import_kind_parse(const char *s)
{
    if (s && !strcmp(s, "staff"))
        return IMPORT_STAFF;
    if (s && !strcmp(s, "recoverees"))
        return IMPORT_RECOVEREES;
    if (s && !strcmp(s, "resources"))
        return IMPORT_RESOURCES;
    if (s && !strcmp(s, "lab_results"))
        return IMPORT_LAB_RESULTS;
    return -1;
}

void import_sha256(const void *data, size_t len, char out[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, data, len);
    hex_encode(h, sizeof h, out);
}

/* ---- columns ------------------------------------------------------------------ */

/* A column the import reads: its name (the form's field name), other names a spreadsheet
 * may give it (after normalizing: lower case, blanks and hyphens as '_'), and whether the
 * file must have it. */
struct column {
    const char *name;
    const char *alias[3];
    int required;
};

enum { S_USERNAME, S_DISPLAY_NAME, S_ROLE, S__COUNT };
static const struct column staff_cols[S__COUNT] = {
    [S_USERNAME] = {"username", {"user_name", "login"}, 1},
    [S_DISPLAY_NAME] = {"display_name", {"name", "full_name"}, 1},
    [S_ROLE] = {"role", {0}, 1},
};

enum {
    C_FIRST,
    C_LAST,
    C_PREFERRED,
    C_DOB,
    C_PHONE,
    C_EMAIL,
    C_CONTACT,
    C_OK_MSG,
    C_LANGUAGE,
    C_CULTURAL,
    C_LIVED,
    C_PATHWAYS,
    C_PEER,
    C__COUNT
};
static const struct column rc_cols[C__COUNT] = {
    [C_FIRST] = {"first_name", {"first", "given_name"}, 1},
    [C_LAST] = {"last_name", {"last", "surname", "family_name"}, 1},
    [C_PREFERRED] = {"preferred_name", {0}, 0},
    [C_DOB] = {"dob", {"date_of_birth", "birth_date", "birthdate"}, 0},
    [C_PHONE] = {"phone", {"phone_number", "telephone"}, 0},
    [C_EMAIL] = {"email", {"e_mail", "email_address"}, 0},
    [C_CONTACT] = {"contact_pref", {"contact_preference"}, 0},
    [C_OK_MSG] = {"ok_to_leave_message", {0}, 0},
    [C_LANGUAGE] = {"language", {"preferred_language"}, 0},
    [C_CULTURAL] = {"cultural_factors", {0}, 0},
    [C_LIVED] = {"lived_experience", {0}, 0},
    [C_PATHWAYS] = {"pathways", {"pathway_preferences"}, 0},
    [C_PEER] = {"preferred_peer", {0}, 0},
};

/* SV-7: the resource directory (docs/resources-sample.csv). */
enum {
    R_KIND,
    R_NAME,
    R_ADDRESS,
    R_ZIP,
    R_PHONE,
    R_HOURS,
    R_LANGUAGES,
    R_ELIGIBILITY,
    R_MEETINGS,
    R_WEBSITE,
    R_NOTE,
    R__COUNT
};
static const struct column res_cols[R__COUNT] = {
    [R_KIND] = {"kind", {"type", "category"}, 1},
    [R_NAME] = {"name", {"resource", "organization"}, 1},
    [R_ADDRESS] = {"address", {"street"}, 0},
    [R_ZIP] = {"zip", {"zip_code", "postal_code", "zipcode"}, 0},
    [R_PHONE] = {"phone", {"phone_number", "telephone"}, 0},
    [R_HOURS] = {"hours", {"opening_hours"}, 0},
    [R_LANGUAGES] = {"languages", {"language"}, 0},
    [R_ELIGIBILITY] = {"eligibility", {"who_qualifies"}, 0},
    [R_MEETINGS] = {"meetings", {"meeting_schedule", "schedule"}, 0},
    [R_WEBSITE] = {"website", {"url", "web"}, 0},
    [R_NOTE] = {"note", {"notes"}, 0},
};

/* GR-9: a laboratory's results (docs/lab-results-sample.csv). */
enum { L_CUSTODY, L_RESULT, L_MRO, L_LAB, L__COUNT };
static const struct column lab_cols[L__COUNT] = {
    [L_CUSTODY] = {"custody_form", {"ccf", "ccf_number", "specimen_id"}, 1},
    [L_RESULT] = {"result", {"lab_result", "outcome"}, 1},
    [L_MRO] = {"mro_result", {"verified_result", "mro"}, 0},
    [L_LAB] = {"lab", {"laboratory"}, 0},
};

/* A header cell normalized for matching: trimmed, lower case, blanks and hyphens as '_'. */
static char *normalize(arena *a, const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    char *o = arena_strndup(a, s, n);
    for (char *p = o; *p; p++)
        *p = (*p == ' ' || *p == '-') ? '_' : (char)tolower((unsigned char)*p);
    return o;
}

static int column_of(const struct column *cols, int ncols, const char *h)
{
    for (int k = 0; k < ncols; k++) {
        if (!strcmp(cols[k].name, h))
            return k;
        for (int j = 0; j < 3 && cols[k].alias[j]; j++)
            if (!strcmp(cols[k].alias[j], h))
                return k;
    }
    return -1;
}

/* Match the header to the columns: idx[k] is the cell index of column k, or -1. A file-level
 * problem goes to rep->fatal. 0 or -1. */
static int match_header(struct op_ctx *c, const struct csv_row *hdr, const struct column *cols,
                        int ncols, int *idx, struct import_report *rep)
{
    for (int k = 0; k < ncols; k++)
        idx[k] = -1;
    rep->ignored = arena_alloc(c->a, (hdr->n ? hdr->n : 1) * sizeof *rep->ignored);
    for (size_t i = 0; i < hdr->n; i++) {
        const char *h = normalize(c->a, hdr->v[i]);
        if (!*h)
            continue;
        if (!strcmp(h, "password") || !strcmp(h, "password_hash")) {
            rep->fatal = "Passwords are not imported (a spreadsheet is no place for them): "
                         "remove the password column. Imported staff sign in after an "
                         "administrator sets their password.";
            return -1;
        }
        int k = column_of(cols, ncols, h);
        if (k < 0) {
            rep->ignored[rep->nignored++] = arena_strdup(c->a, hdr->v[i]);
            continue;
        }
        if (idx[k] >= 0) {
            rep->fatal =
                arena_printf(c->a, "The column %s appears twice in the header.", cols[k].name);
            return -1;
        }
        idx[k] = (int)i;
    }
    buf missing;
    buf_init(&missing);
    for (int k = 0; k < ncols; k++)
        if (cols[k].required && idx[k] < 0)
            buf_printf(&missing, "%s%s", missing.len ? ", " : "", cols[k].name);
    if (missing.len)
        rep->fatal = arena_printf(c->a,
                                  "The header row (line %d) lacks the column%s %s. The "
                                  "columns are matched by name, in any order.",
                                  hdr->line, strchr(missing.data, ',') ? "s" : "", missing.data);
    buf_free(&missing);
    return rep->fatal ? -1 : 0;
}

/* The cell of column k in row, or NULL when the file has no such column or the cell is
 * empty. */
static const char *cell(const struct csv_row *row, const int *idx, int k)
{
    if (idx[k] < 0 || (size_t)idx[k] >= row->n || !row->v[idx[k]][0])
        return NULL;
    return row->v[idx[k]];
}

/* ---- keys seen in this file --------------------------------------------------- */

/* An open-addressing set of keys with the line each was first seen on. */
struct keyset {
    const char **key;
    int *line;
    size_t cap;
};

static void keyset_init(arena *a, struct keyset *s, size_t n)
{
    s->cap = 64;
    while (s->cap < 2 * n)
        s->cap *= 2;
    s->key = arena_alloc(a, s->cap * sizeof *s->key);
    s->line = arena_alloc(a, s->cap * sizeof *s->line);
    memset(s->key, 0, s->cap * sizeof *s->key);
}

/* Add key first seen on line: 0, or the line it was already seen on. */
static int keyset_add(struct keyset *s, const char *key, int line)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (const char *p = key; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ull;
    for (size_t i = h & (s->cap - 1);; i = (i + 1) & (s->cap - 1)) {
        if (!s->key[i]) {
            s->key[i] = key, s->line[i] = line;
            return 0;
        }
        if (!strcmp(s->key[i], key))
            return s->line[i];
    }
}

static char *lower_ascii(arena *a, const char *s)
{
    char *o = arena_strdup(a, s ? s : "");
    for (char *p = o; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return o;
}

/* ---- rows ---------------------------------------------------------------------- */

/* One data row mapped to an operation's input, and what became of it. */
struct item {
    int line;
    int write; /* passed and new */
    union {
        struct user_in u;
        struct rc_intake_in rc;
        struct resource_in res;
        struct {
            int64_t test_id, version;
            const char *state, *result, *mro_result, *lab;
        } lab;
    } in;
};

static void add_error(struct op_ctx *c, struct import_report *rep, size_t cap, int line,
                      const char *column, const char *message)
{
    if (rep->nerrors < cap)
        rep->errors[rep->nerrors++] =
            (struct import_error){.line = line, .column = column, .message = message};
    (void)c;
}

/* Excel and people write yes/no, true/false, 1/0, y/n. 1, 0, or -1 for anything else. */
static int parse_bool(const char *s)
{
    if (!s)
        return 0;
    static const char *const yes[] = {"1", "yes", "y", "true", "x"};
    static const char *const no[] = {"0", "no", "n", "false"};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        if (!strcasecmp(s, yes[i]))
            return 1;
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        if (!strcasecmp(s, no[i]))
            return 0;
    return -1;
}

/* Check one row and find whether it is new. Returns 0 (rep updated), or -1 on a store error. */
static int check_row(struct op_ctx *c, enum import_kind kind, const struct csv_row *row,
                     const int *idx, size_t ncols_file, struct keyset *seen, struct item *it,
                     struct import_report *rep, size_t cap)
{
    it->line = row->line;
    it->write = 0;
    for (size_t i = ncols_file; i < row->n; i++)
        if (row->v[i][0]) {
            add_error(c, rep, cap, row->line, NULL,
                      arena_printf(c->a,
                                   "This row has %zu cells, more than the %zu columns "
                                   "of the header.",
                                   row->n, ncols_file));
            return 0;
        }
    struct op_result res;
    const char *key;
    if (kind == IMPORT_STAFF) {
        struct user_in *u = &it->in.u;
        *u = (struct user_in){.username = cell(row, idx, S_USERNAME),
                              .display_name = cell(row, idx, S_DISPLAY_NAME),
                              .role = cell(row, idx, S_ROLE)};
        key = u->username ? arena_strdup(c->a, u->username) : NULL;
        op_user_check(c, u, &res);
    } else if (kind == IMPORT_RESOURCES) {
        struct resource_in *x = &it->in.res;
        *x = (struct resource_in){
            .kind = cell(row, idx, R_KIND),
            .name = cell(row, idx, R_NAME),
            .address = cell(row, idx, R_ADDRESS),
            .zip = cell(row, idx, R_ZIP),
            .phone = cell(row, idx, R_PHONE),
            .hours = cell(row, idx, R_HOURS),
            .languages = cell(row, idx, R_LANGUAGES),
            .eligibility = cell(row, idx, R_ELIGIBILITY),
            .meetings = cell(row, idx, R_MEETINGS),
            .website = cell(row, idx, R_WEBSITE),
            .note = cell(row, idx, R_NOTE),
        };
        /* A spreadsheet says "Social services" or "Mutual aid": the stored kind is its
         * normalized form. */
        if (x->kind)
            x->kind = normalize(c->a, x->kind);
        key = x->name
                  ? arena_printf(c->a, "%s\x1f%s", lower_ascii(c->a, x->name), x->zip ? x->zip : "")
                  : NULL;
        op_resource_check(c, x, &res);
    } else if (kind == IMPORT_LAB_RESULTS) {
        const char *form = cell(row, idx, L_CUSTODY);
        it->in.lab.result = cell(row, idx, L_RESULT);
        it->in.lab.mro_result = cell(row, idx, L_MRO);
        it->in.lab.lab = cell(row, idx, L_LAB);
        if (it->in.lab.result)
            it->in.lab.result = lower_ascii(c->a, it->in.lab.result);
        if (it->in.lab.mro_result)
            it->in.lab.mro_result = lower_ascii(c->a, it->in.lab.mro_result);
        key = form ? arena_strdup(c->a, form) : NULL;
        struct mon_test_row t;
        int found = form ? mon_test_by_custody(c->db, c->a, c->who.org_id, form, &t) : 0;
        if (found < 0)
            return -1;
        if (!form)
            op_invalid(&res, "custody_form", msg(c->lang, "monitor.err.custody_form"));
        else if (!found)
            op_invalid(&res, "custody_form", msg(c->lang, "monitor.err.custody_unknown"));
        else if (mon_result_parse(it->in.lab.result) < 0)
            op_invalid(&res, "result", msg(c->lang, "monitor.err.result"));
        else if (it->in.lab.mro_result && mon_result_parse(it->in.lab.mro_result) < 0)
            op_invalid(&res, "mro_result", msg(c->lang, "monitor.err.result"));
        else if (strcmp(t.state, "collected") && strcmp(t.state, "sent") &&
                 strcmp(t.state, "resulted") && strcmp(t.state, "verified"))
            op_refused(&res, "GR-9", "custody_form",
                       msg(c->lang, "monitor.err.import_not_collected"));
        else
            op_ok(&res, t.id, t.version);
        it->in.lab.test_id = t.id;
        it->in.lab.version = t.version;
        it->in.lab.state = found ? t.state : NULL;
    } else {
        struct rc_intake_in *r = &it->in.rc;
        *r = (struct rc_intake_in){
            .first_name = cell(row, idx, C_FIRST),
            .last_name = cell(row, idx, C_LAST),
            .preferred_name = cell(row, idx, C_PREFERRED),
            .dob = cell(row, idx, C_DOB),
            .phone = cell(row, idx, C_PHONE),
            .email = cell(row, idx, C_EMAIL),
            .contact_pref = cell(row, idx, C_CONTACT),
            .language = cell(row, idx, C_LANGUAGE),
            .cultural_factors = cell(row, idx, C_CULTURAL),
            .lived_experience = cell(row, idx, C_LIVED),
            .pathways = cell(row, idx, C_PATHWAYS),
            .preferred_peer = cell(row, idx, C_PEER),
        };
        int ok = parse_bool(cell(row, idx, C_OK_MSG));
        r->ok_to_leave_message = ok > 0;
        key = r->first_name && r->last_name
                  ? arena_printf(c->a, "%s\x1f%s\x1f%s", lower_ascii(c->a, r->last_name),
                                 lower_ascii(c->a, r->first_name), r->dob ? r->dob : "")
                  : NULL;
        if (ok < 0)
            op_invalid(&res, "ok_to_leave_message",
                       "Whether a message may be left must be yes or no.");
        else
            op_rc_intake_check(c, r, &res);
    }
    int first = key ? keyset_add(seen, key, row->line) : 0;
    if (res.status == OP_STORE)
        return -1;
    if (res.status != OP_OK) {
        add_error(c, rep, cap, row->line, res.field, res.message);
        return 0;
    }
    if (first && kind == IMPORT_LAB_RESULTS) {
        add_error(c, rep, cap, row->line, "custody_form",
                  msg_fmt(c->a, c->lang, "monitor.err.import_twice", "line",
                          arena_printf(c->a, "%d", first), NULL));
        return 0;
    }
    if (first) {
        add_error(c, rep, cap, row->line,
                  kind == IMPORT_STAFF       ? "username"
                  : kind == IMPORT_RESOURCES ? "name"
                                             : "last_name",
                  kind == IMPORT_RESOURCES
                      ? msg_fmt(c->a, c->lang, "import.err_resource_twice", "line",
                                arena_printf(c->a, "%d", first), NULL)
                      : arena_printf(c->a,
                                     kind == IMPORT_STAFF
                                         ? "The username is already on line %d of this file."
                                         : "The same person (last name, first name and date "
                                           "of birth) is already on line %d of this file.",
                                     first));
        return 0;
    }
    int64_t id = 0;
    int found;
    if (kind == IMPORT_STAFF) {
        struct user u;
        found = user_by_name(c->db, c->a, c->who.org_id, it->in.u.username, &u);
    } else if (kind == IMPORT_RESOURCES) {
        found = resource_find_key(c->db, c->who.org_id, it->in.res.name, it->in.res.zip, &id);
    } else if (kind == IMPORT_LAB_RESULTS) {
        /* A test whose result is in already is skipped, as an existing record is. */
        found = !strcmp(it->in.lab.state, "resulted") || !strcmp(it->in.lab.state, "verified");
    } else {
        const struct rc_intake_in *r = &it->in.rc;
        found = rc_find_by_key(c->db, c->who.org_id, r->last_name, r->first_name, r->dob, &id);
    }
    if (found < 0)
        return -1;
    if (found)
        rep->already++;
    else
        it->write = 1, rep->to_write++;
    return 0;
}

/* One laboratory row: the test moved on to sent (when only collected), resulted, and verified
 * when the MRO's result is given, each through op_mon_test_move, the page's path. */
static void lab_write(struct op_ctx *c, const struct item *it, struct op_result *res)
{
    int64_t v = it->in.lab.version;
    if (!strcmp(it->in.lab.state, "collected")) {
        struct mon_test_in in = {.to = "sent",
                                 .lab = it->in.lab.lab ? it->in.lab.lab
                                                       : msg(c->lang, "monitor.import.lab"),
                                 .version = v};
        if (op_mon_test_move(c, it->in.lab.test_id, &in, res) != OP_OK)
            return;
        v = res->version;
    }
    struct mon_test_in r = {.to = "resulted", .result = it->in.lab.result, .version = v};
    if (op_mon_test_move(c, it->in.lab.test_id, &r, res) != OP_OK || !it->in.lab.mro_result)
        return;
    struct mon_test_in m = {
        .to = "verified", .mro_result = it->in.lab.mro_result, .version = res->version};
    op_mon_test_move(c, it->in.lab.test_id, &m, res);
}

static void tick(import_progress_fn fn, void *arg, const char *phase, int64_t done, int64_t total)
{
    if (fn && (done % IMPORT_PROGRESS_EVERY == 0 || done == total))
        fn(arg, phase, done, total);
}

enum import_rc import_run(struct op_ctx *c, enum import_kind kind, const void *data, size_t len,
                          int dry_run, import_progress_fn progress, void *arg,
                          struct import_report *rep)
{
    *rep = (struct import_report){.kind = kind};
    import_sha256(data, len, rep->sha256);
    const char *action = kind == IMPORT_STAFF         ? "import.staff"
                         : kind == IMPORT_RESOURCES   ? "import.resources"
                         : kind == IMPORT_LAB_RESULTS ? "import.lab_results"
                                                      : "import.recoverees";
    struct csv_table t;
    int line;
    const char *why;
    if (csv_read(c->a, data, len, &t, &line, &why) != CSV_READ_OK) {
        rep->fatal = why, rep->fatal_line = line;
        return IMPORT_REJECTED;
    }
    const struct column *cols = kind == IMPORT_STAFF         ? staff_cols
                                : kind == IMPORT_RESOURCES   ? res_cols
                                : kind == IMPORT_LAB_RESULTS ? lab_cols
                                                             : rc_cols;
    int ncols = kind == IMPORT_STAFF         ? S__COUNT
                : kind == IMPORT_RESOURCES   ? R__COUNT
                : kind == IMPORT_LAB_RESULTS ? L__COUNT
                                             : C__COUNT;
    int idx[(int)C__COUNT > (int)R__COUNT ? (int)C__COUNT : (int)R__COUNT];
    if (match_header(c, &t.rows[0], cols, ncols, idx, rep) != 0) {
        rep->fatal_line = t.rows[0].line;
        return IMPORT_REJECTED;
    }
    /* RC-1: a column the organization requires at intake must be in the file, or every row
     * would be refused for the same reason: say it once. */
    if (kind == IMPORT_RECOVEREES) {
        static const struct {
            enum pol pol;
            int col;
            const char *what;
        } need[] = {{POL_INTAKE_REQUIRE_DOB, C_DOB, "date of birth"},
                    {POL_INTAKE_REQUIRE_PHONE, C_PHONE, "phone number"},
                    {POL_INTAKE_REQUIRE_LANGUAGE, C_LANGUAGE, "preferred language"},
                    {POL_INTAKE_REQUIRE_PATHWAYS, C_PATHWAYS, "pathway preferences"}};
        for (size_t i = 0; i < sizeof need / sizeof *need; i++)
            if (c->pol->v[need[i].pol] && idx[need[i].col] < 0) {
                rep->fatal = arena_printf(c->a,
                                          "Your organization requires the %s at intake "
                                          "(RC-1): add a column %s.",
                                          need[i].what, rc_cols[need[i].col].name);
                rep->fatal_line = t.rows[0].line;
                return IMPORT_REJECTED;
            }
    }
    size_t n = t.n - 1;
    rep->rows = (int64_t)n;
    rep->errors = arena_alloc(c->a, (n ? n : 1) * sizeof *rep->errors);
    struct item *items = arena_alloc(c->a, (n ? n : 1) * sizeof *items);
    struct keyset seen;
    keyset_init(c->a, &seen, n);
    struct op_result res;
    /* A real run checks inside its transaction, so what it checked is what it writes. */
    if (!dry_run && op_begin(c, &res) != OP_OK)
        return IMPORT_STORE;
    for (size_t i = 0; i < n; i++) {
        if (check_row(c, kind, &t.rows[i + 1], idx, t.rows[0].n, &seen, &items[i], rep, n) != 0)
            goto store_error;
        tick(progress, arg, "checked", (int64_t)i + 1, (int64_t)n);
    }
    if (dry_run)
        return rep->nerrors ? IMPORT_REJECTED : IMPORT_OK;
    if (rep->nerrors) {
        db_rollback(c->db);
        /* The refused attempt is on the audit trail; nothing else is. */
        const char *what = arena_printf(c->a, "sha256=%s rows=%lld rejected=%zu", rep->sha256,
                                        (long long)rep->rows, rep->nerrors);
        if (op_audit(c, action, "import", 0, what, "denied") != 0)
            return IMPORT_STORE;
        return IMPORT_REJECTED;
    }
    int64_t done = 0;
    for (size_t i = 0; i < n; i++) {
        if (!items[i].write)
            continue;
        if (kind == IMPORT_STAFF)
            op_user_create(c, &items[i].in.u, &res);
        else if (kind == IMPORT_RESOURCES)
            op_resource_create(c, &items[i].in.res, &res);
        else if (kind == IMPORT_LAB_RESULTS)
            lab_write(c, &items[i], &res);
        else
            op_rc_intake(c, &items[i].in.rc, &res);
        if (res.status != OP_OK) {
            /* Checked a moment ago, so only a store failure or a race gets here. */
            add_error(c, rep, n, items[i].line, res.field, res.message);
            db_rollback(c->db);
            rep->to_write = 0;
            return res.status == OP_STORE ? IMPORT_STORE : IMPORT_REJECTED;
        }
        tick(progress, arg, "written", ++done, rep->to_write);
    }
    const char *what =
        arena_printf(c->a, "sha256=%s rows=%lld written=%lld already=%lld", rep->sha256,
                     (long long)rep->rows, (long long)done, (long long)rep->already);
    res.status = OP_OK;
    if (op_audit(c, action, "import", 0, what, "ok") != 0)
        op_store(&res, NULL);
    if (op_end(c, &res) != OP_OK)
        return IMPORT_STORE;
    rep->written = done;
    return IMPORT_OK;
store_error:
    if (!dry_run)
        db_rollback(c->db);
    return IMPORT_STORE;
}
