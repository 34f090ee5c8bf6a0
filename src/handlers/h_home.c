/* h_home.c - the home page for each role, and the health check. */
#include "handlers.h"

#include <string.h>
#include <time.h>

#include "civil.h"
#include "migrate.h"
#include "recoverees.h"

static int64_t count_since(struct req *r, const char *action, int64_t since)
{
    db_stmt *s = db_prep(r->db, Q_AUDIT_COUNT_SINCE);
    if (!s)
        return 0;
    db_bind_int(s, 1, r->me.org_id);
    db_bind_text(s, 2, action);
    db_bind_int(s, 3, since);
    int64_t n = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
    db_exec(s);
    return n;
}

/* Staff by role, for administrators. */
static json_t *staff_counts(struct req *r)
{
    json_t *list = json_array();
    db_stmt *s = db_prep(r->db, Q_USER_ROLE_COUNTS);
    if (!s)
        return list;
    db_bind_int(s, 1, r->me.org_id);
    while (db_step(s) == DB_ROW) {
        int role = role_parse(db_col_text(s, 0));
        json_t *it = json_object();
        jset_str(it, "role", db_col_text(s, 0));
        jset_str(it, "label", role_label((enum role)role));
        jset_int(it, "count", db_col_int(s, 1) - db_col_int(s, 2));
        jset_int(it, "disabled", db_col_int(s, 2));
        json_array_append_new(list, it);
    }
    return list;
}

/* The user's own last sign-ins: people notice a sign-in that was not theirs. */
static json_t *my_logins(struct req *r)
{
    json_t *list = json_array();
    db_stmt *s = db_prep(r->db, Q_AUDIT_MY_LOGINS);
    if (!s)
        return list;
    db_bind_int(s, 1, r->me.org_id);
    db_bind_int(s, 2, r->me.user_id);
    db_bind_int(s, 3, 5);
    while (db_step(s) == DB_ROW) {
        json_t *it = json_object();
        jset(it, "at", view_time(db_col_int(s, 0)));
        jset_str(it, "from", db_col_text(s, 1));
        jset_bool(it, "ok", strcmp(db_col_text(s, 2), "login.success") == 0);
        json_array_append_new(list, it);
    }
    return list;
}

/* One COUNT(*) under the recoveree scope; -1 on error. extra binds a trailing date. */
static int64_t scoped_count(struct req *r, enum q_id q, const struct rc_scope *sc,
                            const char *extra)
{
    db_stmt *s = db_prep(r->db, q);
    if (!s)
        return -1;
    db_bind_int(s, 1, r->me.org_id);
    int i = rc_bind_scope(s, 2, sc);
    if (extra)
        db_bind_text(s, i, extra);
    if (db_step(s) != DB_ROW)
        return -1;
    int64_t n = db_col_int(s, 0);
    db_exec(s);
    return n;
}

/* How many recoverees the user reaches, how many plans are due or missing (RC-5). */
static void caseload_summary(struct req *r, json_t *m)
{
    struct rc_scope sc;
    rc_scope_of(r, &sc);
    char by[11];
    /* "Due" looks two weeks ahead, as the review queue does. */
    civil_format(civil_today() + 14, by);
    json_t *c = json_object();
    jset_int(c, "active", scoped_count(r, Q_RC_ACTIVE_COUNT, &sc, NULL));
    jset_int(c, "plans_due", scoped_count(r, Q_PLANS_DUE_COUNT, &sc, by));
    jset_int(c, "plans_missing", scoped_count(r, Q_PLANS_MISSING_COUNT, &sc, NULL));
    jset(m, "caseload", c);
}

int h_home(struct req *r)
{
    json_t *m = json_object();
    int64_t day_ago = (int64_t)time(NULL) - 86400;
    enum role role = r->me.role;
    jset_str(m, "title", "Home");
    jset_str(m, "role_label", role_label(role));
    /* One flag per role so each template section reads plainly. */
    jset_bool(m, "is_admin", role == ROLE_ADMIN);
    jset_bool(m, "is_supervisor", role == ROLE_SUPERVISOR);
    jset_bool(m, "is_peer", role == ROLE_PEER);
    jset_bool(m, "is_clinician", role == ROLE_CLINICIAN);
    jset_bool(m, "is_case_manager", role == ROLE_CASE_MANAGER);
    jset_bool(m, "is_facilitator", role == ROLE_FACILITATOR);
    jset_bool(m, "is_auditor", role == ROLE_AUDITOR);
    if (role == ROLE_ADMIN || role == ROLE_SUPERVISOR)
        jset(m, "staff", staff_counts(r));
    if (role == ROLE_ADMIN || role == ROLE_AUDITOR) {
        json_t *sec = json_object();
        jset_int(sec, "failed_logins", count_since(r, "login.failure", day_ago));
        jset_int(sec, "lockouts", count_since(r, "account.lockout", day_ago));
        jset_int(sec, "denied", count_since(r, "permission.denied", day_ago));
        jset_int(sec, "exports", count_since(r, "audit.export", day_ago));
        jset(m, "security", sec);
    }
    if (role == ROLE_PEER || role == ROLE_SUPERVISOR || role == ROLE_ADMIN)
        caseload_summary(r, m);
    jset(m, "logins", my_logins(r));
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
