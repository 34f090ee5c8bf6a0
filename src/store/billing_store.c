/* billing_store.c - payers, codes, profiles, provider and claim batches (billing_store.h). */
#include "billing_store.h"
#include "store_rows.h"

#include <string.h>

static void fill_payer(db_stmt *s, arena *a, void *row)
{
    struct payer *p = row;
    p->id = db_col_int(s, 0);
    p->name = col_dup(a, s, 1);
    p->funding_source = col_dup(a, s, 2);
    p->payer_ident = col_dup(a, s, 3);
    p->unit_minutes = db_col_int(s, 4);
    p->rounding = col_dup(a, s, 5);
    p->min_minutes = db_col_int(s, 6);
    p->daily_cap_units = db_col_int(s, 7);
    p->active = db_col_int(s, 8);
    p->version = db_col_int(s, 9);
    p->updated_at = db_col_int(s, 10);
}

int payer_list(db *d, arena *a, int64_t org_id, struct payer **out, int *n)
{
    db_stmt *s = db_prep(d, Q_PAYER_LIST);
    if (s)
        db_bind_int(s, 1, org_id);
    /* An organization bills a handful of payers; 500 is far past any. */
    return rows_collect(s, a, sizeof **out, 500, fill_payer, (void **)out, n);
}

int payer_get(db *d, arena *a, int64_t org_id, int64_t id, struct payer *p)
{
    db_stmt *s = db_prep(d, Q_PAYER_GET);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, id);
    int rc = db_step(s);
    if (rc != DB_ROW)
        return rc == DB_OK ? 0 : -1;
    fill_payer(s, a, p);
    db_exec(s);
    return 1;
}

/* The payer's values from name on, in the order both statements bind them. */
static int bind_payer(db_stmt *s, int i, const struct payer *p)
{
    db_bind_text(s, i++, p->name);
    db_bind_text(s, i++, p->funding_source);
    db_bind_text(s, i++, p->payer_ident);
    db_bind_int(s, i++, p->unit_minutes);
    db_bind_text(s, i++, p->rounding);
    db_bind_int(s, i++, p->min_minutes);
    db_bind_int(s, i++, p->daily_cap_units);
    db_bind_int(s, i++, p->active);
    return i;
}

int payer_insert(db *d, int64_t org_id, const struct payer *p, int64_t by, int64_t at,
                 int64_t *id)
{
    db_stmt *s = db_prep(d, Q_PAYER_INSERT);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, org_id);
    int i = bind_payer(s, 2, p);
    db_bind_int(s, i++, by);
    db_bind_int(s, i, at);
    return db_insert_id(s, id);
}

int payer_update(db *d, int64_t org_id, const struct payer *p, int64_t by, int64_t at)
{
    db_stmt *s = db_prep(d, Q_PAYER_UPDATE);
    if (!s)
        return -1;
    int i = bind_payer(s, 1, p);
    db_bind_int(s, i++, by);
    db_bind_int(s, i++, at);
    db_bind_int(s, i++, org_id);
    db_bind_int(s, i++, p->id);
    db_bind_int(s, i, p->version);
    if (db_exec(s) != DB_OK)
        return -1;
    return db_changes(s) == 1;
}

static void fill_code(db_stmt *s, arena *a, void *row)
{
    struct payer_code *c = row;
    c->id = db_col_int(s, 0);
    c->payer_id = db_col_int(s, 1);
    c->code = col_dup(a, s, 2);
    c->modifiers = col_dup(a, s, 3);
    c->description = col_dup(a, s, 4);
    c->modality = col_dup(a, s, 5);
    c->min_level = db_col_int(s, 6);
    c->credential = col_dup(a, s, 7);
    c->rate_cents = db_col_int(s, 8);
    c->daily_cap_units = db_col_int(s, 9);
    c->requires_diagnosis = db_col_int(s, 10);
    c->active = db_col_int(s, 11);
}

int code_list(db *d, arena *a, int64_t org_id, int64_t payer_id, struct payer_code **out,
              int *n)
{
    db_stmt *s = db_prep(d, payer_id > 0 ? Q_CODE_LIST : Q_CODE_LIST_ALL);
    if (s) {
        db_bind_int(s, 1, org_id);
        if (payer_id > 0)
            db_bind_int(s, 2, payer_id);
    }
    /* A payer has a few codes; 2000 is far past any organization's. */
    return rows_collect(s, a, sizeof **out, 2000, fill_code, (void **)out, n);
}

/* The code's values from code on. NULL cap when 0 (the payer's). */
static int bind_code(db_stmt *s, int i, const struct payer_code *c)
{
    db_bind_text(s, i++, c->code);
    db_bind_text(s, i++, c->modifiers);
    db_bind_text(s, i++, c->description);
    db_bind_text(s, i++, c->modality);
    db_bind_int(s, i++, c->min_level);
    db_bind_text(s, i++, c->credential);
    db_bind_int(s, i++, c->rate_cents);
    if (c->daily_cap_units > 0)
        db_bind_int(s, i++, c->daily_cap_units);
    else
        db_bind_null(s, i++);
    db_bind_int(s, i++, c->requires_diagnosis);
    db_bind_int(s, i++, c->active);
    return i;
}

int code_insert(db *d, int64_t org_id, const struct payer_code *c, int64_t *id)
{
    db_stmt *s = db_prep(d, Q_CODE_INSERT);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, c->payer_id);
    bind_code(s, 3, c);
    return db_insert_id(s, id);
}

int code_update(db *d, int64_t org_id, const struct payer_code *c)
{
    db_stmt *s = db_prep(d, Q_CODE_UPDATE);
    if (!s)
        return -1;
    int i = bind_code(s, 1, c);
    db_bind_int(s, i++, org_id);
    db_bind_int(s, i++, c->payer_id);
    db_bind_int(s, i, c->id);
    if (db_exec(s) != DB_OK)
        return -1;
    return db_changes(s) == 1;
}

static void fill_profile(db_stmt *s, arena *a, void *row)
{
    struct billing_profile *p = row;
    p->id = db_col_int(s, 0);
    p->recoveree_id = db_col_int(s, 1);
    p->payer_id = db_col_int(s, 2);
    p->payer_name = col_dup(a, s, 3);
    p->member_id = col_dup(a, s, 4);
    p->diagnosis_code = col_dup(a, s, 5);
    p->sex = col_dup(a, s, 6);
    p->address = col_dup(a, s, 7);
    p->city = col_dup(a, s, 8);
    p->state = col_dup(a, s, 9);
    p->zip = col_dup(a, s, 10);
    p->valid_from = col_dup(a, s, 11);
    p->valid_to = col_dup(a, s, 12);
    p->updated_at = db_col_int(s, 13);
}

int profile_list(db *d, arena *a, int64_t org_id, int64_t recoveree_id,
                 struct billing_profile **out, int *n)
{
    db_stmt *s = db_prep(d, Q_PROFILE_LIST);
    if (s) {
        db_bind_int(s, 1, org_id);
        db_bind_int(s, 2, recoveree_id);
    }
    return rows_collect(s, a, sizeof **out, 500, fill_profile, (void **)out, n);
}

int profile_upsert(db *d, int64_t org_id, const struct billing_profile *p, int64_t by,
                   int64_t at)
{
    db_stmt *s = db_prep(d, Q_PROFILE_UPSERT);
    if (!s)
        return DB_ERR;
    int i = 1;
    db_bind_int(s, i++, org_id);
    db_bind_int(s, i++, p->recoveree_id);
    db_bind_int(s, i++, p->payer_id);
    db_bind_text(s, i++, p->member_id);
    db_bind_text(s, i++, p->diagnosis_code);
    db_bind_text(s, i++, p->sex);
    db_bind_text(s, i++, p->address);
    db_bind_text(s, i++, p->city);
    db_bind_text(s, i++, p->state);
    db_bind_text(s, i++, p->zip);
    db_bind_text(s, i++, p->valid_from);
    db_bind_text(s, i++, p->valid_to);
    db_bind_int(s, i++, by);
    db_bind_int(s, i, at);
    return db_exec(s);
}

int provider_get(db *d, arena *a, int64_t org_id, struct billing_provider_rec *p)
{
    db_stmt *s = db_prep(d, Q_PROVIDER_GET);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    int rc = db_step(s);
    if (rc != DB_ROW)
        return rc == DB_OK ? 0 : -1;
    p->name = col_dup(a, s, 0);
    p->npi = col_dup(a, s, 1);
    p->tax_id = col_dup(a, s, 2);
    p->address = col_dup(a, s, 3);
    p->city = col_dup(a, s, 4);
    p->state = col_dup(a, s, 5);
    p->zip = col_dup(a, s, 6);
    p->contact_name = col_dup(a, s, 7);
    p->contact_phone = col_dup(a, s, 8);
    p->submitter_id = col_dup(a, s, 9);
    p->updated_at = db_col_int(s, 10);
    db_exec(s);
    return 1;
}

int provider_upsert(db *d, int64_t org_id, const struct billing_provider_rec *p, int64_t by,
                    int64_t at)
{
    db_stmt *s = db_prep(d, Q_PROVIDER_UPSERT);
    if (!s)
        return DB_ERR;
    int i = 1;
    db_bind_int(s, i++, org_id);
    db_bind_text(s, i++, p->name);
    db_bind_text(s, i++, p->npi);
    db_bind_text(s, i++, p->tax_id);
    db_bind_text(s, i++, p->address);
    db_bind_text(s, i++, p->city);
    db_bind_text(s, i++, p->state);
    db_bind_text(s, i++, p->zip);
    db_bind_text(s, i++, p->contact_name);
    db_bind_text(s, i++, p->contact_phone);
    db_bind_text(s, i++, p->submitter_id);
    db_bind_int(s, i++, by);
    db_bind_int(s, i, at);
    return db_exec(s);
}

static void fill_source(db_stmt *s, arena *a, void *row)
{
    struct claim_source_row *x = row;
    memset(x, 0, sizeof *x);
    x->service_id = db_col_int(s, 0);
    x->recoveree_id = db_col_int(s, 1);
    x->service_date = col_dup(a, s, 2);
    x->started_at = db_col_int(s, 3);
    x->minutes = db_col_int(s, 4);
    x->modality = col_dup(a, s, 5);
    x->status = col_dup(a, s, 6);
    x->peer_level = db_col_int(s, 7);
    x->peer_credential = col_dup(a, s, 8);
    x->peer_id = db_col_int(s, 9);
    x->peer_name = col_dup(a, s, 10);
    x->first_name = col_dup(a, s, 11);
    x->last_name = col_dup(a, s, 12);
    x->dob = col_dup(a, s, 13);
    x->has_code = !db_col_isnull(s, 14);
    if (x->has_code) {
        struct payer_code *c = &x->code;
        c->id = db_col_int(s, 14);
        c->code = col_dup(a, s, 15);
        c->modifiers = col_dup(a, s, 16);
        c->modality = col_dup(a, s, 17);
        c->min_level = db_col_int(s, 18);
        c->credential = col_dup(a, s, 19);
        c->rate_cents = db_col_int(s, 20);
        c->daily_cap_units = db_col_int(s, 21);
        c->requires_diagnosis = db_col_int(s, 22);
        c->active = db_col_int(s, 23);
    }
    x->has_profile = !db_col_isnull(s, 24);
    x->member_id = col_dup(a, s, 25);
    x->diagnosis_code = col_dup(a, s, 26);
    x->sex = col_dup(a, s, 27);
    x->address = col_dup(a, s, 28);
    x->city = col_dup(a, s, 29);
    x->state = col_dup(a, s, 30);
    x->zip = col_dup(a, s, 31);
    x->billed_batch = db_col_int(s, 32);
    x->billed_units = db_col_int(s, 33);
}

int claim_source(db *d, arena *a, int64_t org_id, int64_t payer_id, const char *from,
                 const char *to, struct claim_source_row **out, int *n)
{
    db_stmt *s = db_prep(d, Q_CLAIM_SOURCE);
    if (s) {
        db_bind_int(s, 1, payer_id);
        db_bind_int(s, 2, payer_id);
        db_bind_int(s, 3, org_id);
        db_bind_int(s, 4, payer_id);
        db_bind_text(s, 5, from);
        db_bind_text(s, 6, to);
    }
    /* The statement stops at CLAIM_RUN_MAX + 1 rows: one more says "too many". */
    if (rows_collect(s, a, sizeof **out, CLAIM_RUN_MAX + 1, fill_source, (void **)out, n) != 0)
        return -1;
    if (*n > CLAIM_RUN_MAX) {
        *n = 0;
        return 1;
    }
    return 0;
}

int batch_next_control(db *d, int64_t org_id, int64_t *n)
{
    db_stmt *s = db_prep(d, Q_BATCH_NEXT_CONTROL);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    if (db_step(s) != DB_ROW)
        return -1;
    *n = db_col_int(s, 0);
    db_exec(s);
    return 0;
}

int batch_insert(db *d, int64_t org_id, const struct claim_batch *b, int64_t *id)
{
    db_stmt *s = db_prep(d, Q_BATCH_INSERT);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, b->payer_id);
    db_bind_text(s, 3, b->period_from);
    db_bind_text(s, 4, b->period_to);
    db_bind_int(s, 5, b->control_number);
    db_bind_int(s, 6, b->claims);
    db_bind_int(s, 7, b->total_cents);
    db_bind_int(s, 8, b->created_by);
    db_bind_int(s, 9, b->created_at);
    return db_insert_id(s, id);
}

static void fill_batch(db_stmt *s, arena *a, void *row)
{
    struct claim_batch *b = row;
    b->id = db_col_int(s, 0);
    b->payer_id = db_col_int(s, 1);
    b->period_from = col_dup(a, s, 2);
    b->period_to = col_dup(a, s, 3);
    b->control_number = db_col_int(s, 4);
    b->claims = db_col_int(s, 5);
    b->total_cents = db_col_int(s, 6);
    b->created_by = db_col_int(s, 7);
    b->created_at = db_col_int(s, 8);
}

int batch_list(db *d, arena *a, int64_t org_id, struct claim_batch **out, int *n)
{
    db_stmt *s = db_prep(d, Q_BATCH_LIST);
    if (s)
        db_bind_int(s, 1, org_id);
    return rows_collect(s, a, sizeof **out, 200, fill_batch, (void **)out, n);
}

int batch_get(db *d, arena *a, int64_t org_id, int64_t id, struct claim_batch *b)
{
    db_stmt *s = db_prep(d, Q_BATCH_GET);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, id);
    int rc = db_step(s);
    if (rc != DB_ROW)
        return rc == DB_OK ? 0 : -1;
    fill_batch(s, a, b);
    db_exec(s);
    return 1;
}

int claim_line_insert(db *d, int64_t org_id, int64_t batch_id, const struct batch_line *l)
{
    db_stmt *s = db_prep(d, Q_CLAIM_LINE_INSERT);
    if (!s)
        return DB_ERR;
    int i = 1;
    db_bind_int(s, i++, batch_id);
    db_bind_int(s, i++, org_id);
    db_bind_int(s, i++, l->service_id);
    db_bind_int(s, i++, l->recoveree_id);
    db_bind_int(s, i++, l->units);
    db_bind_int(s, i++, l->charge_cents);
    db_bind_text(s, i++, l->member_id);
    db_bind_text(s, i++, l->diagnosis_code);
    db_bind_text(s, i++, l->code);
    db_bind_text(s, i++, l->modifiers);
    db_bind_int(s, i++, l->rate_cents);
    db_bind_int(s, i++, l->rounded_units);
    db_bind_int(s, i++, l->cap_units);
    db_bind_text(s, i++, l->reason);
    db_bind_text(s, i, l->detail);
    return db_exec(s);
}

int claim_exclusion_insert(db *d, int64_t org_id, int64_t batch_id, const struct batch_line *l)
{
    db_stmt *s = db_prep(d, Q_CLAIM_EXCLUSION_INSERT);
    if (!s)
        return DB_ERR;
    db_bind_int(s, 1, batch_id);
    db_bind_int(s, 2, org_id);
    db_bind_int(s, 3, l->service_id);
    db_bind_int(s, 4, l->recoveree_id);
    db_bind_text(s, 5, l->reason);
    db_bind_int(s, 6, l->rounded_units);
    db_bind_int(s, 7, l->cap_units);
    db_bind_text(s, 8, l->code);
    db_bind_text(s, 9, l->detail);
    return db_exec(s);
}

static void fill_line(db_stmt *s, arena *a, void *row)
{
    struct batch_line *l = row;
    l->billed = (int)db_col_int(s, 0);
    l->service_id = db_col_int(s, 1);
    l->recoveree_id = db_col_int(s, 2);
    l->service_date = col_dup(a, s, 3);
    l->started_at = db_col_int(s, 4);
    l->first_name = col_dup(a, s, 5);
    l->last_name = col_dup(a, s, 6);
    l->dob = col_dup(a, s, 7);
    l->peer_name = col_dup(a, s, 8);
    l->peer_level = db_col_int(s, 9);
    l->minutes = db_col_int(s, 10);
    l->member_id = col_dup(a, s, 11);
    l->diagnosis_code = col_dup(a, s, 12);
    l->code = col_dup(a, s, 13);
    l->modifiers = col_dup(a, s, 14);
    l->rate_cents = db_col_int(s, 15);
    l->units = db_col_int(s, 16);
    l->charge_cents = db_col_int(s, 17);
    l->rounded_units = db_col_int(s, 18);
    l->cap_units = db_col_int(s, 19);
    l->reason = col_dup(a, s, 20);
    l->modality = col_dup(a, s, 21);
    l->sex = col_dup(a, s, 22);
    l->address = col_dup(a, s, 23);
    l->city = col_dup(a, s, 24);
    l->state = col_dup(a, s, 25);
    l->zip = col_dup(a, s, 26);
    l->detail = col_dup(a, s, 27);
}

int batch_lines(db *d, arena *a, int64_t org_id, int64_t batch_id, struct batch_line **out,
                int *n)
{
    db_stmt *s = db_prep(d, Q_BATCH_LINES);
    if (s) {
        db_bind_int(s, 1, org_id);
        db_bind_int(s, 2, batch_id);
        db_bind_int(s, 3, org_id);
        db_bind_int(s, 4, batch_id);
    }
    return rows_collect(s, a, sizeof **out, 2 * CLAIM_RUN_MAX + 2, fill_line, (void **)out, n);
}
