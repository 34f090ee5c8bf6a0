/* h_audit.c - the audit trail for administrators and auditors: filtered pages, CSV export, chain
 * check. An organization sees its own chain only, numbered 1, 2, 3 ... (chain_seq). */
#include "handlers.h"

#include "account_rules.h"
#include "audit_store.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "accounts.h"
#include "audit.h"
#include "civil.h"
#include "msg.h"
#include "tz.h"

/* Longest CSV export in rows: a year of a busy program is well under this;
 * a larger window is exported in parts (the filters narrow it). */
#define CSV_MAX_ROWS 100000

struct filter {
    int64_t since, until;
    const char *user, *action, *type, *id, *purpose;
};

/* The instant the organization's civil day `date` begins, plus `days` days (a day is not
 * always 86400 seconds where the clocks change). */
static int64_t day_start(struct req *r, const char *date, int days)
{
    int32_t d = civil_parse(date);
    if (d < 0) /* the gate checked the field; a date outside 1900-2200 reads as no bound */
        return days ? INT64_MAX / 2 : 0;
    return tz_utc_of(req_zone(r), d + days, 0);
}

static void read_filter(struct req *r, struct filter *f)
{
    const char *from = req_str(r, "from"), *to = req_str(r, "to");
    f->since = from ? day_start(r, from, 0) : 0;
    f->until = to ? day_start(r, to, 1) : INT64_MAX / 2;
    f->user = req_str(r, "user");
    f->action = req_str(r, "action");
    f->type = req_str(r, "record_type");
    f->id = req_str(r, "record_id");
    f->purpose = req_str(r, "purpose");
}

/* Is p one of the stored purposes of use (or NULL, any)? */
static int purpose_known(const char *p)
{
    if (!p)
        return 1;
    size_t n = strlen(p);
    for (const char *w = AUDIT_PURPOSES; *w;) {
        size_t len = strcspn(w, " ");
        if (len == n && !strncmp(w, p, n))
            return 1;
        w += len;
        w += strspn(w, " ");
    }
    return 0;
}

/* The page's rows of f, at most limit after offset, each passed to fn. 0 or -1 (store). */
static int query(struct req *r, const struct filter *f, int64_t limit, int64_t offset,
                 audit_row_fn fn, void *ctx)
{
    struct audit_filter af = {.since = f->since, .until = f->until, .user = f->user,
                              .action = f->action, .type = f->type, .id = f->id,
                              .purpose = f->purpose};
    int got;
    return audit_page(r->db, r->a, r->me.org_id, &af, limit, offset, fn, ctx, &got) < 0 ? -1 : 0;
}

/* One row of the page (audit_row_fn): PAGE_SIZE rows into the array, one more only noted. */
struct page_rows {
    json_t *rows;
    int n;
};

static int page_row(void *ctx, const struct audit_row *x)
{
    struct page_rows *p = ctx;
    if (++p->n > PAGE_SIZE)
        return 1;
    const char *purpose = x->ev.purpose;
    json_t *it = json_object();
    /* The organization's own sequence: other organizations' activity makes no gaps. */
    jset_int(it, "seq", x->chain_seq);
    jset(it, "at", view_time(x->at));
    jset_str(it, "user", x->ev.username);
    jset_str(it, "action", x->ev.action);
    jset_str(it, "record_type", x->ev.record_type);
    jset_str(it, "record_id", x->ev.record_id);
    jset_str(it, "reason", x->ev.reason);
    jset_str(it, "client", x->ev.client);
    jset_str(it, "outcome", x->ev.outcome);
    jset_str(it, "purpose", purpose);
    /* A read under a break-glass grant is marked, never mistaken for an ordinary one. */
    jset_bool(it, "break_glass", purpose && !strcmp(purpose, "emergency"));
    jset_bool(it, "bad", !x->ev.outcome || strcmp(x->ev.outcome, "ok") != 0);
    json_array_append_new(p->rows, it);
    return 0;
}

static void csv_text(buf *b, const char *v)
{
    buf_putc(b, ',');
    csv_field(b, v ? v : "", v ? strlen(v) : 0);
}

/* One line of the CSV export (audit_row_fn). */
static int csv_row(void *ctx, const struct audit_row *x)
{
    buf *b = ctx;
    buf_printf(b, "%lld,", (long long)x->chain_seq);
    char ts[32];
    time_t t = (time_t)x->at;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
    buf_puts(b, ts);
    const char *v[] = {x->ev.username, x->ev.action, x->ev.record_type, x->ev.record_id,
                       x->ev.reason,   x->ev.client, x->ev.outcome,     x->hash};
    for (size_t i = 0; i < sizeof v / sizeof *v; i++)
        csv_text(b, v[i]);
    csv_text(b, x->ev.purpose);
    buf_puts(b, x->ev.purpose && !strcmp(x->ev.purpose, "emergency") ? ",yes\r\n" : ",\r\n");
    return 0;
}

static void add_q(buf *b, const char *k, const char *v)
{
    if (!v)
        return;
    buf_puts(b, k);
    buf_putc(b, '=');
    url_arg(b, v, strlen(v));
    buf_putc(b, '&');
}

/* The filter's purpose must be one of the five, or the page says which are. */
static int bad_purpose(struct req *r)
{
    return reply_error(r, 400, "invalid", NULL, msg(req_lang(r), "audit.err_purpose"), "purpose",
                       NULL, NULL);
}

/* The purposes for the filter's select, with the chosen one marked. */
static json_t *purposes_model(const char *chosen)
{
    json_t *list = json_array();
    for (const char *w = AUDIT_PURPOSES; *w;) {
        size_t len = strcspn(w, " ");
        json_t *it = json_object();
        jset(it, "value", json_stringn(w, len));
        jset_bool(it, "selected", chosen && strlen(chosen) == len && !strncmp(chosen, w, len));
        json_array_append_new(list, it);
        w += len;
        w += strspn(w, " ");
    }
    return list;
}

int h_audit(struct req *r)
{
    struct filter f;
    read_filter(r, &f);
    if (!purpose_known(f.purpose))
        return bad_purpose(r);
    int64_t page = view_page(r);
    /* One row more than a page tells whether a next page exists without a COUNT over the trail. */
    json_t *m = json_object(), *rows = json_array();
    struct page_rows pr = {rows, 0};
    if (query(r, &f, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE, page_row, &pr) != 0) {
        json_decref(m);
        json_decref(rows);
        return reply_error(r, 500, "store", NULL, msg(req_lang(r), "audit.err_read"), NULL, NULL,
                           NULL);
    }
    int n = pr.n;
    if (req_audit_read(r, "audit.read", "audit", 0, NULL) != 0) {
        json_decref(m);
        json_decref(rows);
        return 0;
    }
    jset(m, "rows", rows);
    jset_str(m, "title", msg(req_lang(r), "audit.title"));
    json_t *fj = json_object();
    jset_str(fj, "from", req_str(r, "from"));
    jset_str(fj, "to", req_str(r, "to"));
    jset_str(fj, "user", f.user);
    jset_str(fj, "action", f.action);
    jset_str(fj, "record_type", f.type);
    jset_str(fj, "record_id", f.id);
    jset_str(fj, "purpose", f.purpose);
    jset(fj, "purposes", purposes_model(f.purpose));
    jset(m, "filter", fj);
    buf qs;
    buf_init(&qs);
    add_q(&qs, "from", req_str(r, "from"));
    add_q(&qs, "to", req_str(r, "to"));
    add_q(&qs, "user", f.user);
    add_q(&qs, "action", f.action);
    add_q(&qs, "record_type", f.type);
    add_q(&qs, "record_id", f.id);
    add_q(&qs, "purpose", f.purpose);
    jset_str(m, "query", qs.data ? qs.data : "");
    json_t *pg = json_object();
    jset_int(pg, "page", page);
    if (page > 1)
        jset(pg, "prev", json_sprintf("?%spage=%lld", qs.data ? qs.data : "", (long long)page - 1));
    if (n > PAGE_SIZE)
        jset(pg, "next", json_sprintf("?%spage=%lld", qs.data ? qs.data : "", (long long)page + 1));
    jset(m, "pager", pg);
    buf_free(&qs);
    return reply_page(r, 200, "audit.mustache", m);
}

int h_audit_csv(struct req *r)
{
    struct filter f;
    read_filter(r, &f);
    if (!purpose_known(f.purpose))
        return bad_purpose(r);
    buf b;
    buf_init(&b);
    buf_puts(&b, "seq,time_utc,user,action,record_type,record_id,reason,client,outcome,hash,"
                 "purpose,break_glass\r\n");
    if (query(r, &f, CSV_MAX_ROWS, 0, csv_row, &b) != 0) {
        buf_free(&b);
        return reply_error(r, 500, "store", NULL, msg(req_lang(r), "audit.err_read"), NULL, NULL,
                           NULL);
    }
    /* An export is a read: without its audit entry it is not given (fails closed, 503). */
    if (req_audit_read(r, "audit.export", "audit", 0, "csv") != 0) {
        buf_free(&b);
        return 0;
    }
    reply_header(r, "Content-Disposition", "attachment; filename=\"peerdesk-audit.csv\"");
    reply_raw(r, 200, "text/csv; charset=utf-8", b.data ? b.data : "", b.len);
    buf_free(&b);
    return 0;
}

int h_audit_verify(struct req *r)
{
    int64_t bad = 0, rows = 0;
    char detail[512] = "";
    /* The caller's organization's chain only: another organization's rows are neither walked
     * nor counted (verify-audit on the server checks them all). */
    int rc = audit_verify_org(r->db, r->me.org_id, &bad, &rows, detail, sizeof detail);
    if (rc < 0)
        return reply_error(r, 500, "store", NULL, msg(req_lang(r), "audit.err_read"), NULL, NULL,
                           NULL);
    req_audit(r, "audit.verify", "audit", 0, rc == 0 ? "intact" : detail,
              rc == 0 ? "ok" : "failed");
    json_t *m = json_object();
    jset_str(m, "title", msg(req_lang(r), "audit_verify.title"));
    jset_bool(m, "intact", rc == 0);
    if (bad)
        jset_int(m, "first_bad_row", bad);
    jset_int(m, "rows", rows);
    jset_str(m, "message", detail);
    return reply_page(r, 200, "audit_verify.mustache", m);
}

/* ---- routes ---- */

static const struct field f_audit[] = {
    {"from", FT_DATE, 10, 0, 0, 0},
    {"to", FT_DATE, 10, 0, 0, 0},
    {"user", FT_LINE, USERNAME_MAX_LEN, 0, 0, 0},
    {"action", FT_LINE, 64, 0, 0, 0},
    {"record_type", FT_TOKEN, 32, 0, 0, 0},
    {"record_id", FT_TOKEN, 32, 0, 0, 0},
    {"purpose", FT_TOKEN, 16, 0, 0, 0}, /* treatment payment operations emergency disclosure */
    {"page", FT_INT, 0, 1, 1000000, 0},
    {NULL},
};
const struct route audit_rows[] = {
    {"GET", "/audit", h_audit, AUDIT_READERS, 0, f_audit, "Audit trail"},
    {"GET", "/audit.csv", h_audit_csv, AUDIT_READERS, 0, f_audit, "Audit trail as CSV"},
    {"GET", "/audit/verify", h_audit_verify, AUDIT_READERS, 0, NULL, "Check the audit hash chain"},
};
const struct route_module rm_audit = ROUTE_MODULE(audit_rows);
