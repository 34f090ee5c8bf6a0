/* h_home.c - the home page for each role, and the health check. */
#include "handlers.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "civil.h"
#include "home_cache.h"
#include "home_store.h"
#include "migrate.h"
#include "msg.h"
#include "org_cache.h"
#include "plans_store.h"
#include "recoverees.h"
#include "services_store.h"
#include "workforce_status.h"
#include "workforce_store.h"
#include "wf_text.h"

/* A role in the reader's words (role_label is the English). */
static const char *role_text(struct req *r, enum role role)
{
    return msg(req_lang(r), arena_printf(r->a, "home.role.%s", role_name(role)));
}

/* Staff by role, for administrators. */
static json_t *staff_counts(struct req *r)
{
    json_t *list = json_array();
    struct role_count *rows;
    int n;
    if (org_role_counts(r->db, r->a, r->me.org_id, r->me.org_version, &rows, &n) != 0)
        n = 0;
    for (int i = 0; i < n; i++) {
        int role = role_parse(rows[i].role);
        json_t *it = json_object();
        jset_str(it, "role", rows[i].role);
        jset_str(it, "label", role_text(r, (enum role)role));
        jset_int(it, "count", rows[i].count - rows[i].disabled);
        jset_int(it, "disabled", rows[i].disabled);
        json_array_append_new(list, it);
    }
    return list;
}

/* The user's own last sign-ins: people notice a sign-in that was not theirs. */
static json_t *my_logins(const struct home_reads *h)
{
    json_t *list = json_array();
    const struct login_row *rows = h->logins;
    for (int i = 0; i < h->nlogins; i++) {
        json_t *it = json_object();
        jset(it, "at", view_time(rows[i].at));
        jset_str(it, "from", rows[i].client);
        jset_bool(it, "ok", strcmp(rows[i].action, "login.success") == 0);
        json_array_append_new(list, it);
    }
    return list;
}

/* A scoped count for the caseload card: the count, or -1 on a database error. */
static int64_t or_minus_one(int rc, int64_t n)
{
    return rc == 0 ? n : -1;
}

/* How many recoverees the user reaches, how many plans are due or missing (RC-5). */
static void caseload_summary(struct req *r, json_t *m)
{
    struct rc_scope sc;
    rc_scope_of(r, &sc);
    /* Counted once per change of the organization's data (home_cache.h). The whole
     * organization's count changes only with the data and the day; a narrower scope also
     * with the time, as break-glass grants expire: it is recounted each minute. */
    struct memo_key k = {
        .org_id = r->me.org_id,
        .data_version = r->me.data_version,
        .state_version = r->me.org_version,
        .tick = sc.all ? req_today(r) : sc.now / 60,
        .name = arena_printf(r->a, "cl:%d:%lld:%lld:%lld", sc.all, (long long)sc.peer,
                             (long long)sc.supervisor, (long long)sc.user),
    };
    json_t *c = memo_get(r->db, &k);
    if (c) {
        jset(m, "caseload", c);
        return;
    }
    char by[11];
    /* "Due" looks two weeks ahead, as the review queue does. */
    civil_format(req_today(r) + 14, by);
    c = json_object();
    struct caseload_counts n;
    int rc = caseload_counts(r->db, r->me.org_id, &sc, by, &n);
    jset_int(c, "active", or_minus_one(rc, n.active));
    jset_int(c, "plans_due", or_minus_one(rc, n.plans_due));
    jset_int(c, "plans_missing", or_minus_one(rc, n.plans_missing));
    if (rc == 0)
        memo_put(r->db, &k, c);
    jset(m, "caseload", c);
}

/* ---- what needs attention (issue 7) ------------------------------------------------ */

/* The first requirement a non-compliant peer fails, with its note, in the reader's words. */
static const char *why_failing(struct req *r, const struct wf_row *w)
{
    const char *lang = req_lang(r);
    if (w->level == WF_NONE)
        return msg(lang, "home.why.no_profile");
    const struct {
        enum wf_status st;
        const char *label, *note;
    } req[] = {
        {w->training, "home.why.training", wf_note_text(r->a, lang, w->training_note_code)},
        {w->certification, "home.why.certification",
         wf_note_text(r->a, lang, w->cert_note_code)},
        {w->ce, "home.why.ce", wf_note_text(r->a, lang, w->ce_note_code)},
        {w->supervision, "home.why.supervision",
         wf_note_text(r->a, lang, w->supervision_note_code)},
    };
    for (size_t i = 0; i < sizeof req / sizeof *req; i++)
        if (req[i].st == WF_NON_COMPLIANT)
            return msg_fmt(r->a, lang, "home.why.item", "label", msg(lang, req[i].label), "note",
                           req[i].note, NULL);
    return "";
}

/* One peer in a home card: who, and why they are listed. */
static json_t *person_item(const struct wf_row *w, const char *why)
{
    return json_pack("{s:I,s:s,s:s}", "id", (json_int_t)w->id, "name", w->name ? w->name : "",
                     "why", why ? why : "");
}

/* Workforce attention for an administrator (every peer) or a supervisor (their own
 * supervisees, as the dashboard scopes them): compliance counts, who is non-compliant and
 * why (supervisors), and certifications within the first warning window (WF-3). */
static void workforce_attention(struct req *r, json_t *m)
{
    /* Read from the stored statuses (workforce_status.h), as the dashboard does: rows past
     * a date boundary are recomputed first, and then only what the cards show is read. */
    enum { LISTED = 200 }; /* more than a home card shows; the dashboard lists every one */
    int32_t today = req_today(r);
    int sup = r->me.role == ROLE_SUPERVISOR;
    /* Counted once per change of the organization's data or day (home_cache.h): a stored
     * status goes stale only by a write (which changes the version) or a new day. */
    struct memo_key k = {
        .org_id = r->me.org_id,
        .data_version = r->me.data_version,
        .state_version = r->me.org_version,
        .tick = today,
        .name = arena_printf(r->a, "wf:%lld:%s", sup ? (long long)r->me.user_id : 0LL,
                             req_lang(r)),
    };
    json_t *cached = memo_get(r->db, &k);
    if (cached) {
        jset(m, sup ? "team" : "workforce", cached);
        return;
    }
    struct wf_home h;
    if (wf_status_refresh_stale(r->db, r->a, r->me.org_id, today, &r->pol) != 0 ||
        wf_status_home(r->db, r->a, r->me.org_id, sup ? r->me.user_id : 0, today, LISTED,
                       &h) != 0)
        return;
    json_t *wf = json_object();
    if (sup) {
        /* A supervisor sees who of their team is non-compliant, and why. */
        json_t *bad = json_array();
        for (int i = 0; i < h.nbad; i++)
            json_array_append_new(bad, person_item(&h.bad[i], why_failing(r, &h.bad[i])));
        jset(wf, "non_compliant_people", bad);
    }
    json_t *expiring = json_array();
    for (int i = 0; i < h.nsoon; i++)
        json_array_append_new(expiring, json_pack("{s:I,s:s,s:s}", "id", (json_int_t)h.soon[i].id,
                                                  "name", h.soon[i].name ? h.soon[i].name : "",
                                                  "why", h.soon[i].note_code
                                                             ? wf_note_text(r->a, req_lang(r),
                                                                            h.soon[i].note_code)
                                                             : h.soon[i].note ? h.soon[i].note
                                                                              : ""));
    int64_t *counts = h.counts;
    jset_int(wf, "peers", counts[0] + counts[1] + counts[2] + counts[3]);
    jset_int(wf, "compliant", counts[WF_COMPLIANT] + counts[WF_NA]);
    jset_int(wf, "due_soon", counts[WF_DUE_SOON]);
    jset_int(wf, "non_compliant", counts[WF_NON_COMPLIANT]);
    jset_int(wf, "warn_days", r->pol.v[POL_WARN_DAYS_1]);
    jset_bool(wf, "has_expiring", json_array_size(expiring) > 0);
    jset(wf, "certifications_expiring", expiring);
    memo_put(r->db, &k, wf);
    jset(m, sup ? "team" : "workforce", wf);
}

/* Accounts locked now (read by home_reads): lockout_failures or more failures inside the
 * window, so the next attempt is refused (auth.c), until they age out or an administrator
 * unlocks them. */
static json_t *locked_accounts(const struct home_reads *h)
{
    json_t *arr = json_array();
    const struct locked_row *rows = h->locked;
    for (int i = 0; i < h->nlocked; i++)
        json_array_append_new(arr, json_pack("{s:I,s:s,s:s}", "id", (json_int_t)rows[i].id,
                                             "name", rows[i].name, "username",
                                             rows[i].username));
    return arr;
}

/* A peer's own workforce standing, in their words: refusals first (WF-5, WF-1), then the
 * certification window or expiry (WF-1, WF-4), then what else is due or missing (WF-3). */
static void my_workforce(struct req *r, json_t *m)
{
    struct wf_record rec;
    if (wf_load(r->db, r->a, r->me.org_id, r->me.user_id, &rec) != 1 || !rec.prof.has_profile)
        return;
    const struct wf_person *p = &rec.person;
    int32_t today = req_today(r);
    json_t *items = json_array();
    const char *lang = req_lang(r), *text;
    char d[11];
    struct wf_decision dec;
    wf_decide(p, &r->pol, today, WF_DELIVER_LOW, &dec);
    if (!dec.allowed)
        json_array_append_new(items, json_pack("{s:s,s:b}", "text", dec.message, "bad", 1));
    struct wf_req cert, tr, ce, sv;
    wf_certification_status(p, &r->pol, today, &cert);
    const struct wf_cert *cur = wf_current_cert(p, today), *last = wf_latest_cert(p, today);
    if (p->level == WF_L2 && !cur && p->hire >= 0) {
        int32_t window = civil_add_months(p->hire, (int)r->pol.v[POL_L2_CERT_WINDOW_MONTHS]);
        civil_format(window, d);
        if (window < today)
            text = msg_fmt(r->a, lang, "home.cert.window_ended", "date", d, NULL);
        else
            text = msg_plural(r->a, lang, "home.cert.window_ends", window - today, "date", d, NULL);
        if (window < today || cert.status == WF_DUE_SOON)
            json_array_append_new(items,
                                  json_pack("{s:s,s:b}", "text", text, "bad", window < today));
    } else if (p->level == WF_L3 && !cur && last && last->expires >= 0) {
        civil_format(last->expires, d);
        text = msg_fmt(r->a, lang, "home.cert.expired", "date", d, NULL);
        json_array_append_new(items, json_pack("{s:s,s:b}", "text", text, "bad", 1));
    } else if (cur && cert.status == WF_DUE_SOON) {
        civil_format(cur->expires, d);
        text = msg_plural(r->a, lang, "home.cert.expires", cur->expires - today, "date", d, NULL);
        json_array_append_new(items, json_pack("{s:s,s:b}", "text", text, "bad", 0));
    }
    int32_t ed, er, cs, cend;
    wf_training_status(p, &r->pol, &tr);
    wf_ce_status(p, &r->pol, today, &ce, &ed, &er, &cs, &cend);
    wf_supervision_status(p, &r->pol, today, &sv);
    const struct {
        const struct wf_req *q;
        const char *label;
    } rest[] = {{&tr, "home.why.training"}, {&ce, "home.why.ce"}, {&sv, "home.why.supervision"}};
    for (size_t i = 0; i < sizeof rest / sizeof *rest; i++)
        if (rest[i].q->status == WF_NON_COMPLIANT || rest[i].q->status == WF_DUE_SOON) {
            {
                char nb[400];
                text = msg_fmt(r->a, lang, "home.why.item", "label", msg(lang, rest[i].label),
                               "note",
                               wf_text_or(&rest[i].q->text, rest[i].q->note, lang, nb, sizeof nb),
                               NULL);
            }
            json_array_append_new(items, json_pack("{s:s,s:b}", "text", text, "bad",
                                                   rest[i].q->status == WF_NON_COMPLIANT));
        }
    json_t *w = json_object();
    jset_bool(w, "all_clear", json_array_size(items) == 0);
    jset(w, "items", items);
    jset(m, "my_workforce", w);
}

/* A peer's day (issue 11): log a contact in one tap for someone on the caseload, unfinished
 * service forms, and this week's services. The check-ups, tasks and referrals of the day are
 * added by their modules (myday_add_*). */
static void my_day(struct req *r, json_t *m)
{
    json_t *d = json_object();
    int32_t today = req_today(r);
    int32_t monday = today - today % 7; /* day 0, 1900-01-01, was a Monday */
    char t[11], from[11];
    civil_format(today, t);
    civil_format(monday, from);
    struct svc_myday md;
    enum { PICKS = 12 };
    json_t *picks = json_array(), *drafts = json_array();
    if (svc_myday(r->db, r->a, r->me.org_id, r->me.user_id, t, from, PICKS + 1, &md) == 0) {
        for (int i = 0; i < md.npicks && i < PICKS; i++)
            json_array_append_new(picks, json_pack("{s:I,s:s}", "id", (json_int_t)md.picks[i].id,
                                                   "name", md.picks[i].name));
        for (int i = 0; i < md.ndrafts; i++) {
            const struct svc_draft *x = &md.drafts[i];
            json_array_append_new(
                drafts, json_pack("{s:I,s:o,s:o}", "id", (json_int_t)x->id, "name",
                                  x->first_name ? json_sprintf("%s %s", x->first_name,
                                                               x->last_name ? x->last_name : "")
                                                : jstr(msg(req_lang(r), "myday.draft_no_one")),
                                  "saved", view_time(x->updated_at)));
        }
        jset_bool(d, "more_picks", md.npicks > PICKS);
        jset_int(d, "week_services", md.week_count);
        jset_int(d, "week_minutes", md.week_minutes);
    }
    jset_bool(d, "has_picks", json_array_size(picks) > 0);
    jset(d, "picks", picks);
    jset_bool(d, "has_drafts", json_array_size(drafts) > 0);
    jset(d, "drafts", drafts);
    jset(m, "myday", d);
    myday_add_checkups(r, m);
    myday_add_referrals(r, m);
}

int h_home(struct req *r)
{
    /* A participant's home is the day's check-in; a board liaison's, the board's view. */
    if (r->me.role == ROLE_PARTICIPANT || r->me.role == ROLE_BOARD)
        return monitor_home(r);
    json_t *m = json_object();
    int64_t now = (int64_t)time(NULL);
    enum role role = r->me.role;
    /* The audit trail's and the accounts' cards, read together (one round trip). */
    struct home_reads_in hin = {
        .org_id = r->me.org_id,
        .user_id = r->me.user_id,
        .want_bg = role == ROLE_ADMIN || role == ROLE_SUPERVISOR,
        .want_locked = role == ROLE_ADMIN,
        .want_security = role == ROLE_ADMIN || role == ROLE_AUDITOR,
        .locked_since = now - r->pol.v[POL_LOCKOUT_WINDOW_MIN] * 60,
        .locked_failures = r->pol.v[POL_LOCKOUT_FAILURES],
        .locked_limit = 50, /* a home card, not a report: the audit trail has the rest */
        .security_since = now - 86400,
        .logins = 5,
    };
    struct home_reads hr;
    home_reads(r->db, r->a, &hin, &hr); /* a part that failed is empty (zeros) */
    jset_str(m, "title", msg(req_lang(r), "home.title"));
    jset_str(m, "role_label", role_text(r, role));
    /* One flag per role so each template section reads plainly. */
    jset_bool(m, "is_admin", role == ROLE_ADMIN);
    jset_bool(m, "is_supervisor", role == ROLE_SUPERVISOR);
    jset_bool(m, "is_peer", role == ROLE_PEER);
    jset_bool(m, "is_clinician", role == ROLE_CLINICIAN);
    jset_bool(m, "is_case_manager", role == ROLE_CASE_MANAGER);
    jset_bool(m, "is_facilitator", role == ROLE_FACILITATOR);
    jset_bool(m, "is_auditor", role == ROLE_AUDITOR);
    if (role == ROLE_ADMIN)
        jset(m, "staff", staff_counts(r));
    if (role == ROLE_ADMIN || role == ROLE_SUPERVISOR) {
        workforce_attention(r, m);
        json_t *att = json_object();
        jset_int(att, "break_glass_unreviewed", hr.bg_unreviewed);
        if (role == ROLE_ADMIN) {
            json_t *locked = locked_accounts(&hr);
            jset_bool(att, "has_locked", json_array_size(locked) > 0);
            jset(att, "locked_accounts", locked);
        }
        jset(m, "attention", att);
    }
    if (role == ROLE_SUPERVISOR || role == ROLE_ADMIN) {
        char today[11];
        civil_format(req_today(r), today);
        int64_t n = svc_review_count(r->db, r->me.org_id, role == ROLE_ADMIN ? 0 : r->me.user_id,
                                     today);
        if (n > 0)
            jset_int(m, "review_count", n);
        if (role == ROLE_SUPERVISOR)
            myday_add_team_checkups(r, m); /* their peers' overdue check-ups */
    }
    if (role != ROLE_AUDITOR)
        myday_add_sessions(r, m); /* GR-2: today's sessions of the groups they facilitate */
    if (role == ROLE_PEER) {
        my_day(r, m);
        my_workforce(r, m);
    }
    if (role == ROLE_ADMIN || role == ROLE_AUDITOR) {
        json_t *sec = json_object();
        jset_int(sec, "failed_logins", hr.security.failed_logins);
        jset_int(sec, "lockouts", hr.security.lockouts);
        jset_int(sec, "denied", hr.security.denied);
        jset_int(sec, "exports", hr.security.exports);
        jset(m, "security", sec);
    }
    if (role == ROLE_PEER || role == ROLE_SUPERVISOR || role == ROLE_ADMIN)
        caseload_summary(r, m);
    jset(m, "logins", my_logins(&hr));
    jset_int(m, "idle_minutes", r->pol.v[POL_SESSION_IDLE_MIN]);
    return reply_page(r, 200, "home.mustache", m);
}

/* GET /healthz: 200 when the schema is current and writes succeed, else 503 "degraded".
 * "writes" is "failing" (with "writes_failing_since") while the last write of this process
 * failed for the system's reason (disk full, I/O error, a read-only standby); the log says
 * why. While failing, each call tries a harmless write, so the state clears as soon as
 * writes work again even when nothing else writes. An unreachable database is a 503 with
 * Retry-After before this handler runs. */
int h_health(struct req *r)
{
    json_t *m = json_object();
    int v = db_schema_version(r->db);
    struct db_write_health w;
    db_write_health(&w);
    if (w.failing && v > 0) {
        db_write_probe(r->db);
        db_write_health(&w);
    }
    int ok = v == db_latest_version(db_kind(r->db)) && !w.failing;
    jset_str(m, "status", ok ? "ok" : "degraded");
    jset_str(m, "store", db_kind(r->db) == DB_PG ? "postgresql" : "sqlite");
    jset_int(m, "schema", v);
    jset_str(m, "writes", w.failing ? "failing" : "ok");
    if (w.failing) {
        char ts[32];
        time_t t = (time_t)w.since;
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
        jset_str(m, "writes_failing_since", ts);
    }
    r->api = 1; /* health is for machines: always JSON */
    return reply_page(r, ok ? 200 : 503, NULL, m);
}

/* ---- routes ---- */

const struct route health_rows[] = {
    {"GET", "/healthz", h_health, 0, RT_PUBLIC, NULL, "Health check (JSON)"},
};
const struct route_module rm_health = ROUTE_MODULE(health_rows);

const struct route home_rows[] = {
    {"GET", "/", h_home, R_ANY, 0, NULL, "Home page for the signed-in role"},
};
const struct route_module rm_home = ROUTE_MODULE(home_rows);
