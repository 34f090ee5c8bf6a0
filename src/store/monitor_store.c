/* monitor_store.c - monitoring programs (monitor_store.h; SQL in q_monitor.def). */
#include "monitor_store.h"
#include "store_rows.h"

#include "monitor.h"

#include <string.h>

/* A nullable integer column: dflt when NULL. */
static int64_t col_int_or(db_stmt *s, int c, int64_t dflt)
{
    return db_col_text(s, c) ? db_col_int(s, c) : dflt;
}

/* Prepare q and bind org_id as its first value; NULL when the prepare failed. */
static db_stmt *prep_org(db *d, enum q_id q, int64_t org_id)
{
    db_stmt *s = db_prep(d, q);
    if (s)
        db_bind_int(s, 1, org_id);
    return s;
}

static int insert_id(db_stmt *s, int64_t *id)
{
    if (!s)
        return DB_ERR;
    int64_t dummy;
    return db_insert_id(s, id ? id : &dummy);
}

static int exec_ok(db_stmt *s)
{
    return s ? db_exec(s) : DB_ERR;
}

/* ---- programs, phases, duties ---------------------------------------------------- */

static void fill_program(db_stmt *s, arena *a, void *row)
{
    struct mon_program_row *p = row;
    p->id = db_col_int(s, 0);
    p->name = col_dup(a, s, 1);
    p->board = col_dup(a, s, 2);
    p->checkin_from = (int)db_col_int(s, 3);
    p->checkin_to = (int)db_col_int(s, 4);
    p->test_by_earliest = (int)db_col_int(s, 5);
    p->test_by_latest = (int)db_col_int(s, 6);
    p->test_by_step = (int)db_col_int(s, 7);
    p->sites = col_dup(a, s, 8);
    p->report_grace_days = (int)db_col_int(s, 9);
    p->fee_tiers = col_dup(a, s, 10);
    p->poverty_base = db_col_int(s, 11);
    p->poverty_per_person = db_col_int(s, 12);
    p->test_fees = col_dup(a, s, 13);
    p->active = db_col_int(s, 14) != 0;
    p->version = db_col_int(s, 15);
}

int mon_program_insert(db *d, int64_t org_id, const struct mon_program_row *p, int64_t by,
                       int64_t at, int64_t *id)
{
    db_stmt *s = prep_org(d, Q_MPG_INSERT, org_id);
    if (!s)
        return DB_ERR;
    db_bind_text(s, 2, p->name);
    db_bind_text(s, 3, p->board);
    db_bind_int(s, 4, p->checkin_from);
    db_bind_int(s, 5, p->checkin_to);
    db_bind_int(s, 6, p->test_by_earliest);
    db_bind_int(s, 7, p->test_by_latest);
    db_bind_int(s, 8, p->test_by_step);
    db_bind_text(s, 9, p->sites);
    db_bind_int(s, 10, p->report_grace_days);
    db_bind_text(s, 11, p->fee_tiers);
    db_bind_int(s, 12, p->poverty_base);
    db_bind_int(s, 13, p->poverty_per_person);
    db_bind_text(s, 14, p->test_fees);
    db_bind_int(s, 15, by);
    db_bind_int(s, 16, at);
    return insert_id(s, id);
}

int mon_program_get(db *d, arena *a, int64_t org_id, int64_t id, struct mon_program_row *out)
{
    db_stmt *s = prep_org(d, Q_MPG_GET, org_id);
    if (s)
        db_bind_int(s, 2, id);
    return row_one(s, a, fill_program, out);
}

int mon_program_list(db *d, arena *a, int64_t org_id, struct mon_program_row **out, int *n)
{
    return rows_collect(prep_org(d, Q_MPG_LIST, org_id), a, sizeof **out, 100, fill_program,
                        (void **)out, n);
}

int mon_program_named(db *d, int64_t org_id, const char *name)
{
    db_stmt *s = prep_org(d, Q_MPG_NAMED, org_id);
    if (s)
        db_bind_text(s, 2, name);
    int64_t n;
    return row_int(s, &n) < 0 ? -1 : n > 0;
}

static void fill_phase(db_stmt *s, arena *a, void *row)
{
    struct mon_phase_row *p = row;
    p->id = db_col_int(s, 0);
    p->program_id = db_col_int(s, 1);
    p->ordinal = (int)db_col_int(s, 2);
    p->name = col_dup(a, s, 3);
    p->draw_model = col_dup(a, s, 4);
    p->draw_n = (int)db_col_int(s, 5);
    p->draw_d = (int)db_col_int(s, 6);
    p->restrictions = col_dup(a, s, 7);
}

int mon_phase_insert(db *d, int64_t org_id, const struct mon_phase_row *p, int64_t *id)
{
    db_stmt *s = prep_org(d, Q_MPH_INSERT, org_id);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 2, p->program_id);
    db_bind_int(s, 3, p->ordinal);
    db_bind_text(s, 4, p->name);
    db_bind_text(s, 5, p->draw_model);
    db_bind_int(s, 6, p->draw_n);
    db_bind_int(s, 7, p->draw_d);
    db_bind_text(s, 8, p->restrictions);
    return insert_id(s, id);
}

int mon_phase_get(db *d, arena *a, int64_t org_id, int64_t id, struct mon_phase_row *out)
{
    db_stmt *s = prep_org(d, Q_MPH_GET, org_id);
    if (s)
        db_bind_int(s, 2, id);
    return row_one(s, a, fill_phase, out);
}

int mon_phases_of(db *d, arena *a, int64_t org_id, int64_t program_id, struct mon_phase_row **out,
                  int *n)
{
    db_stmt *s = prep_org(d, Q_MPH_OF_PROGRAM, org_id);
    if (s)
        db_bind_int(s, 2, program_id);
    return rows_collect(s, a, sizeof **out, 20, fill_phase, (void **)out, n);
}

int mon_duty_insert(db *d, int64_t org_id, int64_t phase_id, const char *kind, int count,
                    const char *per)
{
    db_stmt *s = prep_org(d, Q_MDU_INSERT, org_id);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 2, phase_id);
    db_bind_text(s, 3, kind);
    db_bind_int(s, 4, count);
    db_bind_text(s, 5, per);
    return insert_id(s, NULL);
}

static void fill_duty(db_stmt *s, arena *a, void *row)
{
    struct mon_duty_row *u = row;
    u->phase_id = db_col_int(s, 0);
    u->kind = col_dup(a, s, 1);
    u->count = (int)db_col_int(s, 2);
    u->per = col_dup(a, s, 3);
}

int mon_duties_of(db *d, arena *a, int64_t org_id, int64_t program_id, struct mon_duty_row **out,
                  int *n)
{
    db_stmt *s = prep_org(d, Q_MDU_OF_PROGRAM, org_id);
    if (s)
        db_bind_int(s, 2, program_id);
    return rows_collect(s, a, sizeof **out, 200, fill_duty, (void **)out, n);
}

/* ---- participants and agreements ------------------------------------------------- */

static void fill_participant(db_stmt *s, arena *a, void *row)
{
    struct mon_participant_row *p = row;
    p->id = db_col_int(s, 0);
    p->program_id = db_col_int(s, 1);
    p->recoveree_id = db_col_int(s, 2);
    p->case_manager_id = db_col_int(s, 3);
    p->licence_type = col_dup(a, s, 4);
    p->licence_number = col_dup(a, s, 5);
    p->licence_state = col_dup(a, s, 6);
    p->board = col_dup(a, s, 7);
    p->colour = col_dup(a, s, 8);
    p->worksite_monitor = col_dup(a, s, 9);
    p->treatment_provider = col_dup(a, s, 10);
    p->household = (int)db_col_int(s, 11);
    p->income_cents = col_int_or(s, 12, -1);
    p->status = col_dup(a, s, 13);
    p->version = db_col_int(s, 14);
    p->first_name = col_dup(a, s, 15);
    p->preferred_name = col_dup(a, s, 16);
    p->last_name = col_dup(a, s, 17);
    p->case_manager_name = col_dup(a, s, 18);
    p->language = col_dup(a, s, 19);
}

int mon_participant_insert(db *d, int64_t org_id, const struct mon_participant_row *p, int64_t at,
                           int64_t *id)
{
    db_stmt *s = prep_org(d, Q_MPT_INSERT, org_id);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 2, p->program_id);
    db_bind_int(s, 3, p->recoveree_id);
    db_bind_int(s, 4, p->case_manager_id);
    db_bind_text(s, 5, p->licence_type);
    db_bind_text(s, 6, p->licence_number);
    db_bind_text(s, 7, p->licence_state);
    db_bind_text(s, 8, p->board);
    db_bind_text(s, 9, p->colour);
    db_bind_text(s, 10, p->worksite_monitor);
    db_bind_text(s, 11, p->treatment_provider);
    db_bind_int(s, 12, p->household);
    if (p->income_cents >= 0)
        db_bind_int(s, 13, p->income_cents);
    else
        db_bind_null(s, 13);
    db_bind_int(s, 14, at);
    return insert_id(s, id);
}

int mon_participant_get(db *d, arena *a, int64_t org_id, int64_t id,
                        struct mon_participant_row *out)
{
    db_stmt *s = prep_org(d, Q_MPT_GET, org_id);
    if (s)
        db_bind_int(s, 2, id);
    return row_one(s, a, fill_participant, out);
}

int mon_participant_of_recoveree(db *d, arena *a, int64_t org_id, int64_t recoveree_id,
                                 struct mon_participant_row *out)
{
    db_stmt *s = prep_org(d, Q_MPT_OF_RECOVEREE, org_id);
    if (s)
        db_bind_int(s, 2, recoveree_id);
    return row_one(s, a, fill_participant, out);
}

int mon_participant_list(db *d, arena *a, int64_t org_id, int64_t case_manager_id,
                         struct mon_participant_row **out, int *n)
{
    db_stmt *s = prep_org(d, Q_MPT_LIST, org_id);
    if (s) {
        db_bind_int(s, 2, case_manager_id);
        db_bind_int(s, 3, case_manager_id);
    }
    return rows_collect(s, a, sizeof **out, 2000, fill_participant, (void **)out, n);
}

int mon_participant_pool(db *d, arena *a, int64_t org_id, int64_t program_id,
                         struct mon_participant_row **out, int *n)
{
    db_stmt *s = prep_org(d, Q_MPT_ACTIVE_OF_PROGRAM, org_id);
    if (s)
        db_bind_int(s, 2, program_id);
    return rows_collect(s, a, sizeof **out, 5000, fill_participant, (void **)out, n);
}

int mon_user_link(db *d, int64_t org_id, int64_t user_id, int64_t recoveree_id)
{
    db_stmt *s = db_prep(d, Q_MPT_LINK_USER);
    if (!s)
        return -1;
    db_bind_int(s, 1, recoveree_id);
    db_bind_int(s, 2, org_id);
    db_bind_int(s, 3, user_id);
    return row_changed(s);
}

int mon_user_recoveree(db *d, int64_t org_id, int64_t user_id, int64_t *recoveree_id)
{
    db_stmt *s = prep_org(d, Q_MPT_USER_RECOVEREE, org_id);
    if (!s)
        return -1;
    db_bind_int(s, 2, user_id);
    int rc = db_step(s);
    if (rc != DB_ROW)
        return rc == DB_OK ? 0 : -1;
    *recoveree_id = col_int_or(s, 0, 0);
    db_exec(s);
    return *recoveree_id > 0;
}

static void fill_agreement(db_stmt *s, arena *a, void *row)
{
    struct mon_agreement_row *g = row;
    g->id = db_col_int(s, 0);
    g->version = (int)db_col_int(s, 1);
    g->start_date = col_dup(a, s, 2);
    g->months = (int)db_col_int(s, 3);
    g->phase_id = db_col_int(s, 4);
    g->effective_from = col_dup(a, s, 5);
    g->terms = col_dup(a, s, 6);
    g->reason = col_dup(a, s, 7);
    g->document_name = col_dup(a, s, 8);
    g->document_sha256 = col_dup(a, s, 9);
    g->recorded_at = db_col_int(s, 10);
}

int mon_agreement_insert(db *d, int64_t org_id, int64_t participant_id,
                         const struct mon_agreement_row *g, const char *doc_type, const void *doc,
                         size_t doc_len, int64_t by, int64_t at, int64_t *id)
{
    db_stmt *s = prep_org(d, Q_MAG_INSERT, org_id);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 2, participant_id);
    db_bind_int(s, 3, g->version);
    db_bind_text(s, 4, g->start_date);
    db_bind_int(s, 5, g->months);
    db_bind_int(s, 6, g->phase_id);
    db_bind_text(s, 7, g->effective_from);
    db_bind_text(s, 8, g->terms);
    db_bind_text(s, 9, g->reason);
    db_bind_text(s, 10, doc ? g->document_name : NULL);
    db_bind_text(s, 11, doc ? doc_type : NULL);
    if (doc)
        db_bind_blob(s, 12, doc, doc_len);
    else
        db_bind_null(s, 12);
    db_bind_text(s, 13, doc ? g->document_sha256 : NULL);
    db_bind_int(s, 14, by);
    db_bind_int(s, 15, at);
    return insert_id(s, id);
}

int mon_agreements_of(db *d, arena *a, int64_t org_id, int64_t participant_id,
                      struct mon_agreement_row **out, int *n)
{
    db_stmt *s = prep_org(d, Q_MAG_OF_PARTICIPANT, org_id);
    if (s)
        db_bind_int(s, 2, participant_id);
    return rows_collect(s, a, sizeof **out, 200, fill_agreement, (void **)out, n);
}

/* ---- draws ----------------------------------------------------------------------- */

static void fill_draw(db_stmt *s, arena *a, void *row)
{
    struct mon_draw_row *r = row;
    r->id = db_col_int(s, 0);
    r->program_id = db_col_int(s, 1);
    r->day = col_dup(a, s, 2);
    r->seed = col_dup(a, s, 3);
    r->commitment = col_dup(a, s, 4);
    r->committed_at = db_col_int(s, 5);
    r->algorithm = col_dup(a, s, 6);
    r->pool = col_dup(a, s, 7);
    r->picks = col_dup(a, s, 8);
    r->drawn_at = col_int_or(s, 9, 0);
    r->closed_at = col_int_or(s, 10, 0);
}

int mon_draw_commit(db *d, int64_t org_id, int64_t program_id, const char *day, const char *seed,
                    const char *commitment, int64_t at, const char *algorithm)
{
    db_stmt *s = prep_org(d, Q_MDR_INSERT, org_id);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 2, program_id);
    db_bind_text(s, 3, day);
    db_bind_text(s, 4, seed);
    db_bind_text(s, 5, commitment);
    db_bind_int(s, 6, at);
    db_bind_text(s, 7, algorithm);
    return exec_ok(s);
}

int mon_draw_get(db *d, arena *a, int64_t org_id, int64_t program_id, const char *day,
                 struct mon_draw_row *out)
{
    db_stmt *s = prep_org(d, Q_MDR_GET, org_id);
    if (s) {
        db_bind_int(s, 2, program_id);
        db_bind_text(s, 3, day);
    }
    return row_one(s, a, fill_draw, out);
}

int mon_draw_reseed(db *d, int64_t org_id, int64_t program_id, const char *day, const char *seed,
                    const char *commitment, int64_t at)
{
    db_stmt *s = db_prep(d, Q_MDR_RESEED);
    if (!s)
        return -1;
    db_bind_text(s, 1, seed);
    db_bind_text(s, 2, commitment);
    db_bind_int(s, 3, at);
    db_bind_int(s, 4, org_id);
    db_bind_int(s, 5, program_id);
    db_bind_text(s, 6, day);
    return row_changed(s);
}

int mon_draw_drawn(db *d, int64_t org_id, int64_t id, const char *pool, const char *picks,
                   int64_t at)
{
    db_stmt *s = db_prep(d, Q_MDR_DRAWN);
    if (!s)
        return -1;
    db_bind_text(s, 1, pool);
    db_bind_text(s, 2, picks);
    db_bind_int(s, 3, at);
    db_bind_int(s, 4, org_id);
    db_bind_int(s, 5, id);
    return row_changed(s);
}

int mon_liaison_board(db *d, arena *a, int64_t org_id, int64_t user_id, const char **board)
{
    db_stmt *s = db_prep(d, Q_MBL_GET);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, user_id);
    int rc = db_step(s);
    if (rc == DB_ROW) {
        *board = arena_strdup(a, db_col_text(s, 0) ? db_col_text(s, 0) : "");
        db_exec(s);
        return 1;
    }
    db_exec(s);
    return rc == DB_OK ? 0 : -1;
}

int mon_liaison_set(db *d, int64_t org_id, int64_t user_id, const char *board, int64_t by,
                    int64_t at)
{
    db_stmt *s = db_prep(d, Q_MBL_SET);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, user_id);
    db_bind_text(s, 3, board);
    db_bind_int(s, 4, by);
    db_bind_int(s, 5, at);
    return db_exec(s);
}

int mon_draw_join(db *d, int64_t org_id, int64_t id, const char *pool, const char *picks)
{
    db_stmt *s = db_prep(d, Q_MDR_JOIN);
    if (!s)
        return -1;
    db_bind_text(s, 1, pool);
    db_bind_text(s, 2, picks);
    db_bind_int(s, 3, org_id);
    db_bind_int(s, 4, id);
    return row_changed(s);
}

int mon_draw_closed(db *d, int64_t org_id, int64_t id, int64_t at)
{
    db_stmt *s = db_prep(d, Q_MDR_CLOSED);
    if (!s)
        return -1;
    db_bind_int(s, 1, at);
    db_bind_int(s, 2, org_id);
    db_bind_int(s, 3, id);
    return row_changed(s);
}

int mon_draw_range(db *d, arena *a, int64_t org_id, int64_t program_id, const char *from,
                   const char *to, struct mon_draw_row **out, int *n)
{
    db_stmt *s = prep_org(d, Q_MDR_RANGE, org_id);
    if (s) {
        db_bind_int(s, 2, program_id);
        db_bind_text(s, 3, from);
        db_bind_text(s, 4, to);
    }
    return rows_collect(s, a, sizeof **out, 400, fill_draw, (void **)out, n);
}

int mon_draw_open_before(db *d, arena *a, int64_t org_id, const char *day,
                         struct mon_draw_row **out, int *n)
{
    db_stmt *s = prep_org(d, Q_MDR_OPEN_BEFORE, org_id);
    if (s)
        db_bind_text(s, 2, day);
    return rows_collect(s, a, sizeof **out, 400, fill_draw, (void **)out, n);
}

/* ---- check-ins ------------------------------------------------------------------- */

static void fill_checkin(db_stmt *s, arena *a, void *row)
{
    struct mon_checkin_row *c = row;
    c->id = db_col_int(s, 0);
    c->day = col_dup(a, s, 1);
    c->at = db_col_int(s, 2);
    c->code = col_dup(a, s, 3);
    c->selected = db_col_int(s, 4) != 0;
    c->test_by = (int)col_int_or(s, 5, -1);
}

int mon_checkin_insert(db *d, int64_t org_id, int64_t participant_id, const char *day, int64_t at,
                       const char *code, int selected, int test_by, int64_t *id)
{
    db_stmt *s = prep_org(d, Q_MCI_INSERT, org_id);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 2, participant_id);
    db_bind_text(s, 3, day);
    db_bind_int(s, 4, at);
    db_bind_text(s, 5, code);
    db_bind_int(s, 6, selected ? 1 : 0);
    if (selected && test_by >= 0)
        db_bind_int(s, 7, test_by);
    else
        db_bind_null(s, 7);
    return insert_id(s, id);
}

int mon_checkin_get(db *d, arena *a, int64_t org_id, int64_t participant_id, const char *day,
                    struct mon_checkin_row *out)
{
    db_stmt *s = prep_org(d, Q_MCI_GET, org_id);
    if (s) {
        db_bind_int(s, 2, participant_id);
        db_bind_text(s, 3, day);
    }
    return row_one(s, a, fill_checkin, out);
}

int mon_checkin_range(db *d, arena *a, int64_t org_id, int64_t participant_id, const char *from,
                      const char *to, struct mon_checkin_row **out, int *n)
{
    db_stmt *s = prep_org(d, Q_MCI_RANGE, org_id);
    if (s) {
        db_bind_int(s, 2, participant_id);
        db_bind_text(s, 3, from);
        db_bind_text(s, 4, to);
    }
    return rows_collect(s, a, sizeof **out, 1200, fill_checkin, (void **)out, n);
}

/* A count over one participant and a range of days: q binds org_id, participant_id, from, to. */
static int count_range(db *d, enum q_id q, int64_t org_id, int64_t id, const char *from,
                       const char *to, int64_t *n)
{
    db_stmt *s = prep_org(d, q, org_id);
    if (s) {
        db_bind_int(s, 2, id);
        db_bind_text(s, 3, from);
        db_bind_text(s, 4, to);
    }
    return row_int(s, n);
}

int mon_checkin_count(db *d, int64_t org_id, int64_t participant_id, const char *from,
                      const char *to, int64_t *n)
{
    return count_range(d, Q_MCI_COUNT, org_id, participant_id, from, to, n);
}

/* ---- unavailability -------------------------------------------------------------- */

static void fill_unavail(db_stmt *s, arena *a, void *row)
{
    struct mon_unavail_row *u = row;
    u->id = db_col_int(s, 0);
    u->participant_id = db_col_int(s, 1);
    u->from_day = col_dup(a, s, 2);
    u->to_day = col_dup(a, s, 3);
    u->reason = col_dup(a, s, 4);
    u->state = col_dup(a, s, 5);
    u->decision = col_dup(a, s, 6);
    u->decided_at = col_int_or(s, 7, 0);
}

int mon_unavail_insert(db *d, int64_t org_id, int64_t participant_id, const char *from,
                       const char *to, const char *reason, int64_t at, int64_t *id)
{
    db_stmt *s = prep_org(d, Q_MUN_INSERT, org_id);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 2, participant_id);
    db_bind_text(s, 3, from);
    db_bind_text(s, 4, to);
    db_bind_text(s, 5, reason);
    db_bind_int(s, 6, at);
    return insert_id(s, id);
}

int mon_unavail_get(db *d, arena *a, int64_t org_id, int64_t id, struct mon_unavail_row *out)
{
    db_stmt *s = prep_org(d, Q_MUN_GET, org_id);
    if (s)
        db_bind_int(s, 2, id);
    return row_one(s, a, fill_unavail, out);
}

int mon_unavail_of(db *d, arena *a, int64_t org_id, int64_t participant_id,
                   struct mon_unavail_row **out, int *n)
{
    db_stmt *s = prep_org(d, Q_MUN_OF_PARTICIPANT, org_id);
    if (s)
        db_bind_int(s, 2, participant_id);
    return rows_collect(s, a, sizeof **out, 200, fill_unavail, (void **)out, n);
}

int mon_unavail_decide(db *d, int64_t org_id, int64_t id, const char *state, int64_t by, int64_t at,
                       const char *decision)
{
    db_stmt *s = db_prep(d, Q_MUN_DECIDE);
    if (!s)
        return -1;
    db_bind_text(s, 1, state);
    db_bind_int(s, 2, by);
    db_bind_int(s, 3, at);
    db_bind_text(s, 4, decision);
    db_bind_int(s, 5, org_id);
    db_bind_int(s, 6, id);
    return row_changed(s);
}

int mon_unavail_approved_on(db *d, int64_t org_id, int64_t participant_id, const char *day)
{
    db_stmt *s = prep_org(d, Q_MUN_APPROVED_ON, org_id);
    if (s) {
        db_bind_int(s, 2, participant_id);
        db_bind_text(s, 3, day);
        db_bind_text(s, 4, day);
    }
    int64_t n;
    return row_int(s, &n) < 0 ? -1 : n > 0;
}

int mon_unavail_approved_range(db *d, arena *a, int64_t org_id, int64_t participant_id,
                               const char *from, const char *to, struct mon_unavail_row **out,
                               int *n)
{
    db_stmt *s = prep_org(d, Q_MUN_APPROVED_RANGE, org_id);
    if (s) {
        db_bind_int(s, 2, participant_id);
        db_bind_text(s, 3, to);
        db_bind_text(s, 4, from);
    }
    return rows_collect(s, a, sizeof **out, 200, fill_unavail, (void **)out, n);
}

/* ---- tests ----------------------------------------------------------------------- */

static void fill_test(db_stmt *s, arena *a, void *row)
{
    struct mon_test_row *t = row;
    t->id = db_col_int(s, 0);
    t->participant_id = db_col_int(s, 1);
    t->draw_id = col_int_or(s, 2, 0);
    t->day = col_dup(a, s, 3);
    t->test_by = (int)col_int_or(s, 4, -1);
    t->kind = col_dup(a, s, 5);
    t->state = col_dup(a, s, 6);
    t->site = col_dup(a, s, 7);
    t->collected_at = col_int_or(s, 8, 0);
    t->custody_form = col_dup(a, s, 9);
    t->observed = (int)col_int_or(s, 10, -1);
    t->sent_at = col_int_or(s, 11, 0);
    t->lab = col_dup(a, s, 12);
    t->result = col_dup(a, s, 13);
    t->resulted_at = col_int_or(s, 14, 0);
    t->mro_result = col_dup(a, s, 15);
    t->verified_at = col_int_or(s, 16, 0);
    t->note = col_dup(a, s, 17);
    t->version = db_col_int(s, 18);
}

int mon_test_insert(db *d, int64_t org_id, int64_t participant_id, int64_t draw_id, const char *day,
                    int test_by, const char *kind, int64_t at, int64_t *id)
{
    db_stmt *s = prep_org(d, Q_MTS_INSERT, org_id);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 2, participant_id);
    bind_id_or_null(s, 3, draw_id);
    db_bind_text(s, 4, day);
    if (test_by >= 0)
        db_bind_int(s, 5, test_by);
    else
        db_bind_null(s, 5);
    db_bind_text(s, 6, kind);
    db_bind_int(s, 7, at);
    return insert_id(s, id);
}

int mon_test_get(db *d, arena *a, int64_t org_id, int64_t id, struct mon_test_row *out)
{
    db_stmt *s = prep_org(d, Q_MTS_GET, org_id);
    if (s)
        db_bind_int(s, 2, id);
    return row_one(s, a, fill_test, out);
}

int mon_tests_of(db *d, arena *a, int64_t org_id, int64_t participant_id, struct mon_test_row **out,
                 int *n)
{
    db_stmt *s = prep_org(d, Q_MTS_OF_PARTICIPANT, org_id);
    if (s)
        db_bind_int(s, 2, participant_id);
    return rows_collect(s, a, sizeof **out, 500, fill_test, (void **)out, n);
}

int mon_tests_uncollected(db *d, arena *a, int64_t org_id, const char *day,
                          struct mon_test_row **out, int *n)
{
    db_stmt *s = prep_org(d, Q_MTS_UNCOLLECTED, org_id);
    if (s)
        db_bind_text(s, 2, day);
    return rows_collect(s, a, sizeof **out, 5000, fill_test, (void **)out, n);
}

static void bind_time(db_stmt *s, int i, int64_t t)
{
    if (t)
        db_bind_int(s, i, t);
    else
        db_bind_null(s, i);
}

int mon_test_update(db *d, int64_t org_id, const struct mon_test_row *t, int64_t by, int64_t at)
{
    db_stmt *s = db_prep(d, Q_MTS_UPDATE);
    if (!s)
        return -1;
    db_bind_text(s, 1, t->state);
    db_bind_text(s, 2, t->site);
    bind_time(s, 3, t->collected_at);
    db_bind_text(s, 4, t->custody_form);
    if (t->observed >= 0)
        db_bind_int(s, 5, t->observed);
    else
        db_bind_null(s, 5);
    bind_time(s, 6, t->sent_at);
    db_bind_text(s, 7, t->lab);
    db_bind_text(s, 8, t->result);
    bind_time(s, 9, t->resulted_at);
    db_bind_text(s, 10, t->mro_result);
    bind_time(s, 11, t->verified_at);
    db_bind_text(s, 12, t->note);
    bind_id_or_null(s, 13, by); /* 0: the system (a day closed), no user to refer to */
    db_bind_int(s, 14, at);
    db_bind_int(s, 15, org_id);
    db_bind_int(s, 16, t->id);
    db_bind_int(s, 17, t->version);
    return row_changed(s);
}

int mon_test_by_custody(db *d, arena *a, int64_t org_id, const char *custody_form,
                        struct mon_test_row *out)
{
    db_stmt *s = prep_org(d, Q_MTS_BY_CUSTODY, org_id);
    if (s)
        db_bind_text(s, 2, custody_form);
    return row_one(s, a, fill_test, out);
}

int mon_test_custody_used(db *d, int64_t org_id, const char *custody_form, int64_t except_id)
{
    db_stmt *s = prep_org(d, Q_MTS_CUSTODY_USED, org_id);
    if (s) {
        db_bind_text(s, 2, custody_form);
        db_bind_int(s, 3, except_id);
    }
    int64_t n;
    return row_int(s, &n) < 0 ? -1 : n > 0;
}

int mon_test_counts(db *d, int64_t org_id, int64_t participant_id, const char *from, const char *to,
                    int64_t *owed, int64_t *collected)
{
    db_stmt *s = prep_org(d, Q_MTS_COUNTS, org_id);
    if (!s)
        return -1;
    db_bind_int(s, 2, participant_id);
    db_bind_text(s, 3, from);
    db_bind_text(s, 4, to);
    if (db_step(s) != DB_ROW)
        return -1;
    *owed = db_col_int(s, 0);
    *collected = db_col_int(s, 1);
    db_exec(s);
    return 0;
}

int mon_test_drawn_count(db *d, int64_t org_id, int64_t participant_id, const char *from,
                         const char *to, int64_t *n)
{
    return count_range(d, Q_MTS_DRAWN_COUNT, org_id, participant_id, from, to, n);
}

/* Pairs of integers from a two-column statement into arena arrays. */
static int int_pairs(db_stmt *s, arena *a, int64_t **x, int64_t **y, int *n)
{
    *n = 0;
    *x = *y = NULL;
    if (!s)
        return -1;
    size_t cap = 0, capy = 0;
    int rc;
    while ((rc = db_step(s)) == DB_ROW) {
        int64_t *i = rows_grow(a, (void **)x, &cap, (size_t)*n, sizeof **x);
        int64_t *j = rows_grow(a, (void **)y, &capy, (size_t)*n, sizeof **y);
        *i = db_col_int(s, 0);
        *j = db_col_int(s, 1);
        (*n)++;
    }
    return rc == DB_OK ? 0 : -1;
}

int mon_program_all_active(db *d, arena *a, int64_t **org_ids, int64_t **ids, int *n)
{
    return int_pairs(db_prep(d, Q_MPG_ALL_ACTIVE), a, org_ids, ids, n);
}

/* ---- violations ------------------------------------------------------------------ */

static void fill_violation(db_stmt *s, arena *a, void *row)
{
    struct mon_violation_row *v = row;
    v->id = db_col_int(s, 0);
    v->participant_id = db_col_int(s, 1);
    v->day = col_dup(a, s, 2);
    v->kind = col_dup(a, s, 3);
    v->test_id = col_int_or(s, 4, 0);
    v->report_id = col_int_or(s, 5, 0);
    v->state = col_dup(a, s, 6);
    v->reason = col_dup(a, s, 7);
    v->decided_at = col_int_or(s, 8, 0);
    v->decided_by_name = col_dup(a, s, 9);
}

int mon_violation_add(db *d, int64_t org_id, int64_t participant_id, const char *day,
                      const char *kind, int64_t test_id, int64_t report_id, int64_t at)
{
    db_stmt *s = prep_org(d, Q_MVI_INSERT, org_id);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 2, participant_id);
    db_bind_text(s, 3, day);
    db_bind_text(s, 4, kind);
    bind_id_or_null(s, 5, test_id);
    bind_id_or_null(s, 6, report_id);
    db_bind_int(s, 7, at);
    return exec_ok(s);
}

int mon_violation_get(db *d, arena *a, int64_t org_id, int64_t id, struct mon_violation_row *out)
{
    db_stmt *s = prep_org(d, Q_MVI_GET, org_id);
    if (s)
        db_bind_int(s, 2, id);
    return row_one(s, a, fill_violation, out);
}

int mon_violations_of(db *d, arena *a, int64_t org_id, int64_t participant_id,
                      struct mon_violation_row **out, int *n)
{
    db_stmt *s = prep_org(d, Q_MVI_OF_PARTICIPANT, org_id);
    if (s)
        db_bind_int(s, 2, participant_id);
    return rows_collect(s, a, sizeof **out, 500, fill_violation, (void **)out, n);
}

int mon_violation_decide(db *d, int64_t org_id, int64_t id, const char *state, const char *reason,
                         int64_t by, int64_t at)
{
    db_stmt *s = db_prep(d, Q_MVI_DECIDE);
    if (!s)
        return -1;
    db_bind_text(s, 1, state);
    db_bind_text(s, 2, reason);
    db_bind_int(s, 3, by);
    db_bind_int(s, 4, at);
    db_bind_int(s, 5, org_id);
    db_bind_int(s, 6, id);
    return row_changed(s);
}

int mon_violation_confirmed(db *d, int64_t org_id, int64_t participant_id, const char *from,
                            const char *to, int *counts)
{
    db_stmt *s = prep_org(d, Q_MVI_CONFIRMED_COUNTS, org_id);
    if (!s)
        return -1;
    db_bind_int(s, 2, participant_id);
    db_bind_text(s, 3, from);
    db_bind_text(s, 4, to);
    for (int k = 0; k < VIO__COUNT; k++)
        counts[k] = 0;
    int rc;
    while ((rc = db_step(s)) == DB_ROW) {
        int k = mon_violation_parse(db_col_text(s, 0));
        if (k >= 0)
            counts[k] = (int)db_col_int(s, 1);
    }
    return rc == DB_OK ? 0 : -1;
}

int mon_violation_open_counts(db *d, arena *a, int64_t org_id, int64_t **ids, int64_t **counts,
                              int *n)
{
    return int_pairs(prep_org(d, Q_MVI_OPEN_BY_PARTICIPANT, org_id), a, ids, counts, n);
}

/* ---- reports owed ---------------------------------------------------------------- */

static void fill_report(db_stmt *s, arena *a, void *row)
{
    struct mon_report_row *r = row;
    r->id = db_col_int(s, 0);
    r->participant_id = db_col_int(s, 1);
    r->kind = col_dup(a, s, 2);
    r->due_day = col_dup(a, s, 3);
    r->received_day = col_dup(a, s, 4);
    r->note = col_dup(a, s, 5);
}

int mon_report_owe(db *d, int64_t org_id, int64_t participant_id, const char *kind,
                   const char *due_day)
{
    db_stmt *s = prep_org(d, Q_MRP_INSERT, org_id);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 2, participant_id);
    db_bind_text(s, 3, kind);
    db_bind_text(s, 4, due_day);
    return exec_ok(s);
}

int mon_report_get(db *d, arena *a, int64_t org_id, int64_t id, struct mon_report_row *out)
{
    db_stmt *s = prep_org(d, Q_MRP_GET, org_id);
    if (s)
        db_bind_int(s, 2, id);
    return row_one(s, a, fill_report, out);
}

int mon_reports_of(db *d, arena *a, int64_t org_id, int64_t participant_id,
                   struct mon_report_row **out, int *n)
{
    db_stmt *s = prep_org(d, Q_MRP_OF_PARTICIPANT, org_id);
    if (s)
        db_bind_int(s, 2, participant_id);
    return rows_collect(s, a, sizeof **out, 500, fill_report, (void **)out, n);
}

int mon_report_receive(db *d, int64_t org_id, int64_t id, const char *day, int64_t by,
                       const char *note)
{
    db_stmt *s = db_prep(d, Q_MRP_RECEIVE);
    if (!s)
        return -1;
    db_bind_text(s, 1, day);
    db_bind_int(s, 2, by);
    db_bind_text(s, 3, note);
    db_bind_int(s, 4, org_id);
    db_bind_int(s, 5, id);
    return row_changed(s);
}

int mon_reports_overdue(db *d, arena *a, int64_t org_id, int64_t case_manager_id, const char *day,
                        struct mon_report_row **out, int *n)
{
    db_stmt *s = prep_org(d, Q_MRP_OVERDUE, org_id);
    if (s) {
        db_bind_int(s, 2, case_manager_id);
        db_bind_int(s, 3, case_manager_id);
        db_bind_text(s, 4, day);
    }
    return rows_collect(s, a, sizeof **out, 500, fill_report, (void **)out, n);
}

/* ---- meetings and group attendance ----------------------------------------------- */

int mon_meeting_add(db *d, int64_t org_id, int64_t participant_id, const char *day,
                    const char *name, int64_t by, int64_t at, int64_t *id)
{
    db_stmt *s = prep_org(d, Q_MMT_INSERT, org_id);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 2, participant_id);
    db_bind_text(s, 3, day);
    db_bind_text(s, 4, name);
    db_bind_int(s, 5, by);
    db_bind_int(s, 6, at);
    return insert_id(s, id);
}

int mon_meeting_count(db *d, int64_t org_id, int64_t participant_id, const char *from,
                      const char *to, int64_t *n)
{
    return count_range(d, Q_MMT_COUNT, org_id, participant_id, from, to, n);
}

int mon_group_attended(db *d, int64_t org_id, int64_t recoveree_id, const char *from,
                       const char *to, int64_t *n)
{
    return count_range(d, Q_MGA_COUNT, org_id, recoveree_id, from, to, n);
}

/* ---- fees ------------------------------------------------------------------------ */

static void fill_invoice(db_stmt *s, arena *a, void *row)
{
    struct mon_invoice_row *v = row;
    v->id = db_col_int(s, 0);
    v->month = col_dup(a, s, 1);
    v->kind = col_dup(a, s, 2);
    v->test_id = col_int_or(s, 3, 0);
    v->amount_cents = db_col_int(s, 4);
    v->due_day = col_dup(a, s, 5);
    v->description = col_dup(a, s, 6);
}

int mon_invoice_add(db *d, int64_t org_id, int64_t participant_id, const char *month,
                    const char *kind, int64_t test_id, int64_t cents, const char *due_day,
                    const char *description, int64_t at)
{
    db_stmt *s = prep_org(d, Q_MIN_INSERT, org_id);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 2, participant_id);
    db_bind_text(s, 3, month);
    db_bind_text(s, 4, kind);
    bind_id_or_null(s, 5, test_id);
    db_bind_int(s, 6, cents);
    db_bind_text(s, 7, due_day);
    db_bind_text(s, 8, description);
    db_bind_int(s, 9, at);
    return exec_ok(s);
}

int mon_invoices_of(db *d, arena *a, int64_t org_id, int64_t participant_id,
                    struct mon_invoice_row **out, int *n)
{
    db_stmt *s = prep_org(d, Q_MIN_OF_PARTICIPANT, org_id);
    if (s)
        db_bind_int(s, 2, participant_id);
    return rows_collect(s, a, sizeof **out, 2000, fill_invoice, (void **)out, n);
}

static void fill_payment(db_stmt *s, arena *a, void *row)
{
    struct mon_payment_row *p = row;
    p->id = db_col_int(s, 0);
    p->day = col_dup(a, s, 1);
    p->amount_cents = db_col_int(s, 2);
    p->method = col_dup(a, s, 3);
    p->note = col_dup(a, s, 4);
}

int mon_payment_add(db *d, int64_t org_id, int64_t participant_id, const char *day, int64_t cents,
                    const char *method, const char *note, int64_t by, int64_t at, int64_t *id)
{
    db_stmt *s = prep_org(d, Q_MPY_INSERT, org_id);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 2, participant_id);
    db_bind_text(s, 3, day);
    db_bind_int(s, 4, cents);
    db_bind_text(s, 5, method);
    db_bind_text(s, 6, note);
    db_bind_int(s, 7, by);
    db_bind_int(s, 8, at);
    return insert_id(s, id);
}

int mon_payments_of(db *d, arena *a, int64_t org_id, int64_t participant_id,
                    struct mon_payment_row **out, int *n)
{
    db_stmt *s = prep_org(d, Q_MPY_OF_PARTICIPANT, org_id);
    if (s)
        db_bind_int(s, 2, participant_id);
    return rows_collect(s, a, sizeof **out, 2000, fill_payment, (void **)out, n);
}
