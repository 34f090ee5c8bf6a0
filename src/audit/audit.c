/* audit.c - append to and verify the hash-chained audit trail, one chain per organization. */
#include "audit.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "audit_store.h"
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

/* The chain's next number and its previous hash (65 bytes) into *seq and prev. 0 or -1. */
static int chain_next(db *d, int64_t chain, int64_t *seq, char prev[65])
{
    for (int attempt = 0; attempt < 2; attempt++) {
        int rc = audit_chain_next(d, chain, seq, prev);
        if (rc != 0)
            return rc > 0 ? 0 : -1;
        /* The organization's first event: start its chain, then claim its number 1. */
        if (audit_chain_open(d, chain) != DB_OK)
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
    int rc = audit_chain_store(d, tail.chain, tail.seq, tail.hash);
    tail.d = NULL;
    return rc == DB_OK ? 0 : -1;
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

    if (alone) {
        if (audit_row_insert_with_head(d, &ev, at, chain, seq, prev, hash) != DB_OK)
            goto err;
        tail.d = NULL;
        return db_commit(d) == DB_OK ? 0 : -1;
    }
    if (audit_row_insert(d, &ev, at, chain, seq, prev, hash) != DB_OK)
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

/* Compare a walked chain with its stored head (seq, hash; no head row is an empty chain).
 * count rows were walked and last is the last one's hash. 0, 1 (msg, *bad_seq) or -1. */
static int check_head(int has_head, int64_t head_seq, const char *head_hash, int64_t count,
                      const char *last, int64_t *bad_seq, char *msg, size_t msglen)
{
    if (!has_head) {
        head_seq = 0;
        head_hash = zero_hash;
    }
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

/* Where a walk of rows stands: the next number expected, the hash the next row must follow,
 * and where to say what broke. */
struct walk {
    int64_t chain, expect;
    char prev[65];
    int seen_v2;     /* a version-2 row came (chains only) */
    int64_t last_v1; /* seq of the last version-1 row (chains only) */
    int64_t before;  /* version-1 rows walked (chains only) */
    int64_t *bad_seq;
    char *msg;
    size_t msglen;
};

/* One row of the rows written before migration 005, in their one sequence: 0 intact, 1 broken
 * (msg and *bad_seq set). */
static int check_legacy_row(void *ctx, const struct audit_row *r)
{
    struct walk *w = ctx;
    char want[65];
    if (r->seq != w->expect) {
        *w->bad_seq = w->expect;
        snprintf(w->msg, w->msglen, "audit row %" PRId64 " is missing (deleted)", w->expect);
        return 1;
    }
    if (!r->prev_hash || strcmp(r->prev_hash, w->prev) != 0) {
        *w->bad_seq = r->seq;
        snprintf(w->msg, w->msglen,
                 "audit row %" PRId64 " does not follow row %" PRId64 " (a row was replaced)",
                 r->seq, r->seq - 1);
        return 1;
    }
    audit_row_hash(r->seq, r->at, &r->ev, w->prev, want);
    if (!r->hash || strcmp(r->hash, want) != 0) {
        *w->bad_seq = r->seq;
        snprintf(w->msg, w->msglen, "audit row %" PRId64 " was edited (its hash does not match)",
                 r->seq);
        return 1;
    }
    memcpy(w->prev, want, sizeof w->prev);
    w->expect++;
    return 0;
}

/* Walk rows in batches of VERIFY_BATCH through check, from w->expect on: 0 all intact, 1
 * broken, -1 on a store error. */
static int walk_all(db *d, int64_t chain, struct walk *w, audit_row_fn check)
{
    for (;;) {
        int got;
        int rc = audit_walk(d, chain, w->expect - 1, VERIFY_BATCH, check, w, &got);
        if (rc != 0)
            return rc;
        if (got < VERIFY_BATCH)
            return 0;
    }
}

/* The rows written before migration 005: one chain across organizations by seq, ending at
 * audit_head. 0, 1 or -1 as audit_verify_org. */
static int verify_legacy(db *d, int64_t *bad_seq, int64_t *rows, char *msg, size_t msglen)
{
    struct walk w = {.expect = 1, .bad_seq = bad_seq, .msg = msg, .msglen = msglen};
    memcpy(w.prev, zero_hash, sizeof w.prev);
    *bad_seq = 0;
    *rows = 0;
    int rc = walk_all(d, -1, &w, check_legacy_row);
    if (rc != 0)
        return rc;
    int64_t count = w.expect - 1, head_seq = 0;
    *rows = count;
    char head_hash[65];
    int has = audit_head_get(d, -1, &head_seq, head_hash);
    if (has < 0)
        return -1;
    rc = check_head(has, head_seq, head_hash, count, w.prev, bad_seq, msg, msglen);
    if (rc == 0)
        snprintf(msg, msglen, "%" PRId64 " audit rows verified, chain intact", count);
    return rc;
}

/* The outcome of one row of a chain walk: 0 intact, 1 broken (msg and *bad_seq set). */
static int check_chain_row(void *ctx, const struct audit_row *r)
{
    struct walk *w = ctx;
    int64_t cseq = r->chain_seq;
    char want[65];
    char *msg = w->msg;
    size_t msglen = w->msglen;
    *w->bad_seq = cseq;
    if (cseq != w->expect) {
        *w->bad_seq = w->expect;
        snprintf(msg, msglen, "audit row %" PRId64 " is missing (deleted)", w->expect);
        return 1;
    }
    if (r->ev.org_id != w->chain) {
        snprintf(msg, msglen, "audit row %" PRId64 " belongs to another organization (moved)",
                 cseq);
        return 1;
    }
    if (r->hash_version == 1) {
        /* Before migration 005: its link runs through other organizations' rows (checked by
         * verify_legacy); here, its own hash and its place in the order rows were written. */
        if (w->seen_v2 || r->seq <= w->last_v1) {
            snprintf(msg, msglen, "audit row %" PRId64 " was inserted out of order", cseq);
            return 1;
        }
        audit_row_hash(r->seq, r->at, &r->ev, r->prev_hash, want);
        if (!r->hash || strcmp(r->hash, want) != 0 || r->ev.purpose) {
            snprintf(msg, msglen, "audit row %" PRId64 " was edited (its hash does not match)",
                     cseq);
            return 1;
        }
        w->last_v1 = r->seq;
    } else if (r->hash_version == 2) {
        w->seen_v2 = 1;
        if (!r->prev_hash || strcmp(r->prev_hash, w->prev) != 0) {
            snprintf(msg, msglen,
                     "audit row %" PRId64 " does not follow row %" PRId64 " (a row was replaced)",
                     cseq, cseq - 1);
            return 1;
        }
        audit_chain_hash(cseq, r->at, &r->ev, w->prev, want);
        if (!r->hash || strcmp(r->hash, want) != 0) {
            snprintf(msg, msglen, "audit row %" PRId64 " was edited (its hash does not match)",
                     cseq);
            return 1;
        }
    } else {
        snprintf(msg, msglen, "audit row %" PRId64 " has an unknown hash version", cseq);
        return 1;
    }
    memcpy(w->prev, want, sizeof w->prev);
    w->before += !w->seen_v2;
    w->expect++;
    return 0;
}

int audit_verify_org(db *d, int64_t org_id, int64_t *bad_seq, int64_t *rows, char *msg,
                     size_t msglen)
{
    int64_t chain = org_id > 0 ? org_id : 0;
    struct walk w = {.chain = chain, .expect = 1, .bad_seq = bad_seq, .msg = msg,
                     .msglen = msglen};
    memcpy(w.prev, zero_hash, sizeof w.prev);
    *bad_seq = 0;
    *rows = 0;
    int rc = walk_all(d, chain, &w, check_chain_row);
    if (rc != 0)
        return rc;
    int64_t count = w.expect - 1, head_seq = 0;
    *rows = count;
    char head_hash[65];
    int has = audit_head_get(d, chain, &head_seq, head_hash);
    if (has < 0)
        return -1;
    rc = check_head(has, head_seq, head_hash, count, w.prev, bad_seq, msg, msglen);
    if (rc == 0 && w.before > 0)
        snprintf(msg, msglen,
                 "%" PRId64 " audit rows verified, chain intact (the first %" PRId64
                 ", from before each organization had its own chain, are checked one by one "
                 "here and in order by peerdesk verify-audit)",
                 count, w.before);
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
    int64_t *chains;
    size_t n;
    if (audit_chain_list(d, &chains, &n) != 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        int rc = audit_verify_org(d, chains[i], &bad, &rows, msg, sizeof msg);
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
    int64_t all = audit_count_all(d);
    if (all < 0)
        return -1;
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
