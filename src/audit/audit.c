/* audit.c - append to and verify the hash-chained audit trail, one chain per organization. */
#include "audit.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "secret.h"

static const char zero_hash[65] = "0000000000000000000000000000000000000000000000000000000000000000";

/* Feed one field as (length, bytes) so that no two different rows encode the
 * same; NULL is a distinct length that no string can have. */
static void feed(crypto_generichash_state *st, const char *s)
{
    uint64_t n = s ? strlen(s) : UINT64_MAX;
    unsigned char len[8];
    for (int i = 0; i < 8; i++)
        len[i] = (unsigned char)(n >> (8 * (7 - i)));
    crypto_generichash_update(st, len, sizeof len);
    if (s)
        crypto_generichash_update(st, (const unsigned char *)s, strlen(s));
}

static void feed_int(crypto_generichash_state *st, int64_t v)
{
    char num[24];
    snprintf(num, sizeof num, "%" PRId64, v);
    feed(st, num);
}

/* The fields both hash versions cover, after prev_hash and the sequence number. */
static void feed_event(crypto_generichash_state *st, int64_t at, const struct audit_ev *ev)
{
    feed_int(st, at);
    feed_int(st, ev->org_id);
    feed_int(st, ev->user_id);
    feed(st, ev->username);
    feed(st, ev->action);
    feed(st, ev->record_type);
    feed(st, ev->record_id);
    feed(st, ev->reason);
    feed(st, ev->client);
    feed(st, ev->outcome);
}

void audit_row_hash(int64_t seq, int64_t at, const struct audit_ev *ev, const char *prev_hash,
                    char out[65])
{
    crypto_generichash_state st;
    unsigned char h[32];
    crypto_generichash_init(&st, NULL, 0, sizeof h);
    feed(&st, prev_hash);
    feed_int(&st, seq);
    feed_event(&st, at, ev);
    crypto_generichash_final(&st, h, sizeof h);
    hex_encode(h, sizeof h, out);
}

void audit_chain_hash(int64_t chain_seq, int64_t at, const struct audit_ev *ev,
                      const char *prev_hash, char out[65])
{
    crypto_generichash_state st;
    unsigned char h[32];
    crypto_generichash_init(&st, NULL, 0, sizeof h);
    /* A version tag first: no version-2 row can pass for a version-1 one. */
    feed(&st, "peerdesk audit v2");
    feed(&st, prev_hash);
    feed_int(&st, chain_seq);
    feed_event(&st, at, ev);
    feed(&st, ev->purpose);
    crypto_generichash_final(&st, h, sizeof h);
    hex_encode(h, sizeof h, out);
}

const char *audit_purpose(int is_read, const char *action, int break_glass, int role_is_operations,
                          const char *declared)
{
    int disclosure = action && !strncmp(action, "disclosure", 10) &&
                     (action[10] == '\0' || action[10] == '.') && strcmp(action, "disclosure.refused");
    if (!is_read && !disclosure)
        return NULL;
    if (break_glass)
        return "emergency";
    if (disclosure)
        return "disclosure";
    if (declared)
        return declared;
    return role_is_operations ? "operations" : "treatment";
}

static void bind_opt_id(db_stmt *s, int i, int64_t v)
{
    if (v > 0)
        db_bind_int(s, i, v);
    else
        db_bind_null(s, i);
}

/* The chain's next number and its previous hash (65 bytes) into *seq and prev. 0 or -1. */
static int chain_next(db *d, int64_t chain, int64_t *seq, char prev[65])
{
    for (int attempt = 0; attempt < 2; attempt++) {
        db_stmt *s = db_prep(d, Q_AUDIT_CHAIN_NEXT);
        if (!s)
            return -1;
        db_bind_int(s, 1, chain);
        int rc = db_step(s);
        if (rc == DB_ROW) {
            *seq = db_col_int(s, 0);
            snprintf(prev, 65, "%s", db_col_text(s, 1));
            db_exec(s);
            return 0;
        }
        if (rc != DB_OK)
            return -1;
        /* The organization's first event: start its chain, then claim its number 1. */
        s = db_prep(d, Q_AUDIT_CHAIN_OPEN);
        if (!s)
            return -1;
        db_bind_int(s, 1, chain);
        if (db_exec(s) != DB_OK)
            return -1;
    }
    return -1;
}

/* The chain's end as this transaction left it. The first append of a transaction claims the
 * next number with AUDIT_CHAIN_NEXT, which also locks the chain's head row until the commit,
 * so no other writer can extend the chain meanwhile; later appends of the same transaction
 * (a spreadsheet import writes thousands) number their rows from this cache, and the head row
 * is written once, just before the commit. Updating it for every row instead leaves a dead
 * row version per append, which PostgreSQL walks on every later update of the same row. */
struct chain_tail {
    db *d;
    uint64_t tx;
    int64_t chain, seq;
    char hash[65];
};
static _Thread_local struct chain_tail tail;

static int tail_flush(db *d, void *arg)
{
    (void)arg;
    db_stmt *s = db_prep(d, Q_AUDIT_CHAIN_STORE);
    if (!s)
        return -1;
    db_bind_int(s, 1, tail.seq);
    db_bind_text(s, 2, tail.hash);
    db_bind_int(s, 3, tail.chain);
    tail.d = NULL;
    return db_exec(s) == DB_OK ? 0 : -1;
}

int audit_append(db *d, const struct audit_ev *in)
{
    struct audit_ev ev = *in;
    if (!ev.outcome)
        ev.outcome = "ok";
    int64_t chain = ev.org_id > 0 ? ev.org_id : 0, seq;
    char prev[65], hash[65];
    /* An event in its own transaction (a read's audit entry) is the only append of it: its
     * row and the chain's new head go to the server together, not at the commit. */
    int alone = !db_in_tx(d);
    if (db_begin(d) != DB_OK)
        return -1;
    uint64_t tx = db_tx_serial(d);
    if (tail.d == d && tail.tx == tx && tail.chain == chain) {
        seq = tail.seq + 1;
        memcpy(prev, tail.hash, sizeof prev);
    } else {
        /* Another chain in the same transaction: store the first one's end now. */
        if (tail.d == d && tail.tx == tx && tail_flush(d, NULL) != 0)
            goto err;
        if (chain_next(d, chain, &seq, prev) != 0)
            goto err;
    }
    int64_t at = (int64_t)time(NULL);
    audit_chain_hash(seq, at, &ev, prev, hash);

    db_stmt *s = db_prep(d, Q_AUDIT_INSERT);
    if (!s)
        goto err;
    db_bind_int(s, 1, at);
    bind_opt_id(s, 2, ev.org_id);
    bind_opt_id(s, 3, ev.user_id);
    db_bind_text(s, 4, ev.username);
    db_bind_text(s, 5, ev.action);
    db_bind_text(s, 6, ev.record_type);
    db_bind_text(s, 7, ev.record_id);
    db_bind_text(s, 8, ev.reason);
    db_bind_text(s, 9, ev.client);
    db_bind_text(s, 10, ev.outcome);
    db_bind_text(s, 11, prev);
    db_bind_text(s, 12, hash);
    db_bind_int(s, 13, chain);
    db_bind_int(s, 14, seq);
    db_bind_text(s, 15, ev.purpose);
    if (alone) {
        db_stmt *h = db_prep(d, Q_AUDIT_CHAIN_STORE);
        if (!h)
            goto err;
        db_bind_int(h, 1, seq);
        db_bind_text(h, 2, hash);
        db_bind_int(h, 3, chain);
        db_stmt *both[] = {s, h};
        db_pipeline(d, both, 2);
        if (db_exec(s) != DB_OK || db_exec(h) != DB_OK)
            goto err;
        tail.d = NULL;
        return db_commit(d) == DB_OK ? 0 : -1;
    }
    if (db_exec(s) != DB_OK)
        goto err;
    tail = (struct chain_tail){.d = d, .tx = tx, .chain = chain, .seq = seq};
    memcpy(tail.hash, hash, sizeof tail.hash);
    if (db_before_commit(d, tail_flush, NULL) != DB_OK)
        goto err;
    return db_commit(d) == DB_OK ? 0 : -1;
err:
    fprintf(stderr, "audit: cannot append %s: %s\n", ev.action, db_errmsg(d));
    tail.d = NULL;
    db_rollback(d);
    return -1;
}
/* Rows are read in batches so verifying millions of rows needs little memory. */
#define VERIFY_BATCH 2000

static const char *col_or_null(db_stmt *s, int c)
{
    return db_col_isnull(s, c) ? NULL : db_col_text(s, c);
}

/* The event of the current AUDIT_COLS row. */
static struct audit_ev row_event(db_stmt *s)
{
    return (struct audit_ev){
        .org_id = db_col_int(s, 2),
        .user_id = db_col_int(s, 3),
        .username = col_or_null(s, 4),
        .action = col_or_null(s, 5),
        .record_type = col_or_null(s, 6),
        .record_id = col_or_null(s, 7),
        .reason = col_or_null(s, 8),
        .client = col_or_null(s, 9),
        .outcome = col_or_null(s, 10),
        .purpose = col_or_null(s, 16),
    };
}

/* Compare a walked chain with its stored head (seq, hash; no head row is an empty chain).
 * count rows were walked and last is the last one's hash. 0, 1 (msg, *bad_seq) or -1. */
static int check_head(db_stmt *h, int has_head, int64_t count, const char *last, int64_t *bad_seq,
                      char *msg, size_t msglen)
{
    int64_t head_seq = has_head ? db_col_int(h, 0) : 0;
    const char *head_hash = has_head ? db_col_text(h, 1) : zero_hash;
    if (count > 0 && head_seq == count && strcmp(head_hash, last) != 0) {
        /* Same length, different end: the last row was rewritten with a fresh hash. */
        *bad_seq = count;
        snprintf(msg, msglen,
                 "audit row %" PRId64 " was edited (the chain head does not match it)", count);
        return 1;
    }
    if (head_seq != count) {
        *bad_seq = count + 1;
        snprintf(msg, msglen,
                 "the chain ends at row %" PRId64 " but its head says %" PRId64
                 " (rows after %" PRId64 " were deleted)",
                 count, head_seq, count);
        return 1;
    }
    return 0;
}

/* The rows written before migration 005: one chain across organizations by seq, ending at
 * audit_head. 0, 1 or -1 as audit_verify_org. */
static int verify_legacy(db *d, int64_t *bad_seq, int64_t *rows, char *msg, size_t msglen)
{
    char prev[65];
    memcpy(prev, zero_hash, sizeof prev);
    int64_t expect = 1, count = 0;
    *bad_seq = 0;
    *rows = 0;
    for (;;) {
        db_stmt *s = db_prep(d, Q_AUDIT_SCAN);
        if (!s)
            return -1;
        db_bind_int(s, 1, expect - 1);
        db_bind_int(s, 2, VERIFY_BATCH);
        int rc, got = 0;
        while ((rc = db_step(s)) == DB_ROW) {
            got++;
            int64_t seq = db_col_int(s, 0);
            struct audit_ev ev = row_event(s);
            const char *row_prev = col_or_null(s, 11), *row_hash = col_or_null(s, 12);
            char want[65];
            if (seq != expect) {
                *bad_seq = expect;
                snprintf(msg, msglen, "audit row %" PRId64 " is missing (deleted)", expect);
                db_exec(s);
                return 1;
            }
            if (!row_prev || strcmp(row_prev, prev) != 0) {
                *bad_seq = seq;
                snprintf(msg, msglen,
                         "audit row %" PRId64 " does not follow row %" PRId64
                         " (a row was replaced)",
                         seq, seq - 1);
                db_exec(s);
                return 1;
            }
            audit_row_hash(seq, db_col_int(s, 1), &ev, prev, want);
            if (!row_hash || strcmp(row_hash, want) != 0) {
                *bad_seq = seq;
                snprintf(msg, msglen, "audit row %" PRId64 " was edited (its hash does not match)",
                         seq);
                db_exec(s);
                return 1;
            }
            memcpy(prev, want, sizeof prev);
            expect++;
            count++;
        }
        if (rc != DB_OK)
            return -1;
        if (got < VERIFY_BATCH)
            break;
    }
    *rows = count;
    db_stmt *h = db_prep(d, Q_AUDIT_HEAD_GET);
    if (!h)
        return -1;
    int has = db_step(h) == DB_ROW;
    int rc = check_head(h, has, count, prev, bad_seq, msg, msglen);
    db_exec(h);
    if (rc == 0)
        snprintf(msg, msglen, "%" PRId64 " audit rows verified, chain intact", count);
    return rc;
}

/* The outcome of one row of a chain walk: 0 intact, 1 broken (msg and *bad_seq set). */
static int check_chain_row(db_stmt *s, int64_t chain, int64_t expect, char prev[65],
                           int *seen_v2, int64_t *last_v1, int64_t *bad_seq, char *msg,
                           size_t msglen)
{
    int64_t seq = db_col_int(s, 0), cseq = db_col_int(s, 14), version = db_col_int(s, 15);
    int64_t org = db_col_isnull(s, 2) ? 0 : db_col_int(s, 2);
    struct audit_ev ev = row_event(s);
    const char *row_prev = col_or_null(s, 11), *row_hash = col_or_null(s, 12);
    char want[65];
    *bad_seq = cseq;
    if (cseq != expect) {
        *bad_seq = expect;
        snprintf(msg, msglen, "audit row %" PRId64 " is missing (deleted)", expect);
        return 1;
    }
    if (org != chain) {
        snprintf(msg, msglen, "audit row %" PRId64 " belongs to another organization (moved)",
                 cseq);
        return 1;
    }
    if (version == 1) {
        /* Before migration 005: its link runs through other organizations' rows (checked by
         * verify_legacy); here, its own hash and its place in the order rows were written. */
        if (*seen_v2 || seq <= *last_v1) {
            snprintf(msg, msglen, "audit row %" PRId64 " was inserted out of order", cseq);
            return 1;
        }
        audit_row_hash(seq, db_col_int(s, 1), &ev, row_prev, want);
        if (!row_hash || strcmp(row_hash, want) != 0 || ev.purpose) {
            snprintf(msg, msglen, "audit row %" PRId64 " was edited (its hash does not match)",
                     cseq);
            return 1;
        }
        *last_v1 = seq;
    } else if (version == 2) {
        *seen_v2 = 1;
        if (!row_prev || strcmp(row_prev, prev) != 0) {
            snprintf(msg, msglen,
                     "audit row %" PRId64 " does not follow row %" PRId64 " (a row was replaced)",
                     cseq, cseq - 1);
            return 1;
        }
        audit_chain_hash(cseq, db_col_int(s, 1), &ev, prev, want);
        if (!row_hash || strcmp(row_hash, want) != 0) {
            snprintf(msg, msglen, "audit row %" PRId64 " was edited (its hash does not match)",
                     cseq);
            return 1;
        }
    } else {
        snprintf(msg, msglen, "audit row %" PRId64 " has an unknown hash version", cseq);
        return 1;
    }
    memcpy(prev, want, 65);
    return 0;
}

int audit_verify_org(db *d, int64_t org_id, int64_t *bad_seq, int64_t *rows, char *msg,
                     size_t msglen)
{
    char prev[65];
    memcpy(prev, zero_hash, sizeof prev);
    int64_t chain = org_id > 0 ? org_id : 0, expect = 1, last_v1 = 0, before = 0;
    int seen_v2 = 0;
    *bad_seq = 0;
    *rows = 0;
    for (;;) {
        db_stmt *s = db_prep(d, Q_AUDIT_CHAIN_SCAN);
        if (!s)
            return -1;
        db_bind_int(s, 1, chain);
        db_bind_int(s, 2, expect - 1);
        db_bind_int(s, 3, VERIFY_BATCH);
        int rc, got = 0;
        while ((rc = db_step(s)) == DB_ROW) {
            got++;
            if (check_chain_row(s, chain, expect, prev, &seen_v2, &last_v1, bad_seq, msg,
                                msglen)) {
                db_exec(s);
                return 1;
            }
            before += !seen_v2;
            expect++;
        }
        if (rc != DB_OK)
            return -1;
        if (got < VERIFY_BATCH)
            break;
    }
    int64_t count = expect - 1;
    *rows = count;
    db_stmt *h = db_prep(d, Q_AUDIT_CHAIN_GET);
    if (!h)
        return -1;
    db_bind_int(h, 1, chain);
    int has = db_step(h) == DB_ROW;
    int rc = check_head(h, has, count, prev, bad_seq, msg, msglen);
    db_exec(h);
    if (rc == 0 && before > 0)
        snprintf(msg, msglen,
                 "%" PRId64 " audit rows verified, chain intact (the first %" PRId64
                 ", from before each organization had its own chain, are checked one by one "
                 "here and in order by peerdesk verify-audit)",
                 count, before);
    else if (rc == 0)
        snprintf(msg, msglen, "%" PRId64 " audit rows verified, chain intact", count);
    return rc;
}

int audit_verify_each(db *d, audit_report_fn report, void *ctx)
{
    int64_t bad, rows, total = 0;
    char msg[512];
    int worst = verify_legacy(d, &bad, &rows, msg, sizeof msg);
    if (worst < 0)
        return -1;
    if (report)
        report(ctx, -1, worst, rows, bad, msg);
    /* The chains first, into memory: walking one needs the connection's statements. */
    db_stmt *s = db_prep(d, Q_AUDIT_CHAINS);
    if (!s)
        return -1;
    int64_t *chains = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = db_step(s)) == DB_ROW) {
        if (n == cap) {
            int64_t *bigger = realloc(chains, sizeof *chains * (cap = cap ? 2 * cap : 64));
            if (!bigger) {
                free(chains);
                db_exec(s);
                return -1;
            }
            chains = bigger;
        }
        chains[n++] = db_col_int(s, 0);
    }
    if (rc != DB_OK) {
        free(chains);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        rc = audit_verify_org(d, chains[i], &bad, &rows, msg, sizeof msg);
        if (rc < 0) {
            free(chains);
            return -1;
        }
        if (rc > worst)
            worst = rc;
        total += rows;
        if (report)
            report(ctx, chains[i], rc, rows, bad, msg);
    }
    free(chains);
    /* A row in no chain (no chain number, say) is in none of the walks above. */
    s = db_prep(d, Q_AUDIT_COUNT_ALL);
    if (!s || db_step(s) != DB_ROW)
        return -1;
    int64_t all = db_col_int(s, 0);
    db_exec(s);
    if (worst == 0 && all != total) {
        snprintf(msg, sizeof msg,
                 "%" PRId64 " audit rows are in no organization's chain (written outside "
                 "peerdesk)",
                 all - total);
        if (report)
            report(ctx, -2, 1, all - total, 0, msg);
        worst = 1;
    }
    return worst;
}

/* audit_verify's report: the first broken part, and the total. */
struct first_break {
    int64_t bad_seq, rows;
    int broken;
    char *msg;
    size_t msglen;
};

static void note_first_break(void *ctx, int64_t org_id, int rc, int64_t rows, int64_t bad_seq,
                             const char *msg)
{
    struct first_break *f = ctx;
    if (org_id != -1 && org_id != -2)
        f->rows += rows; /* the rows before migration 005 are in their chains too */
    if (rc == 0 || f->broken)
        return;
    f->broken = 1;
    f->bad_seq = bad_seq;
    if (org_id == -1)
        snprintf(f->msg, f->msglen, "rows from before per-organization chains: %s", msg);
    else if (org_id == -2)
        snprintf(f->msg, f->msglen, "%s", msg);
    else
        snprintf(f->msg, f->msglen, "organization %" PRId64 ": %s", org_id, msg);
}

int audit_verify(db *d, int64_t *bad_seq, int64_t *rows, char *msg, size_t msglen)
{
    struct first_break f = {.msg = msg, .msglen = msglen};
    int rc = audit_verify_each(d, note_first_break, &f);
    *bad_seq = f.bad_seq;
    *rows = f.rows;
    if (rc == 0)
        snprintf(msg, msglen, "%" PRId64 " audit rows verified, every chain intact", f.rows);
    return rc;
}
