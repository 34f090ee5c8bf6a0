/* audit.c - append to and verify the hash-chained audit trail. */
#include "audit.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "secret.h"

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

void audit_row_hash(int64_t seq, int64_t at, const struct audit_ev *ev, const char *prev_hash,
                    char out[65])
{
    crypto_generichash_state st;
    unsigned char h[32];
    crypto_generichash_init(&st, NULL, 0, sizeof h);
    feed(&st, prev_hash);
    feed_int(&st, seq);
    feed_int(&st, at);
    feed_int(&st, ev->org_id);
    feed_int(&st, ev->user_id);
    feed(&st, ev->username);
    feed(&st, ev->action);
    feed(&st, ev->record_type);
    feed(&st, ev->record_id);
    feed(&st, ev->reason);
    feed(&st, ev->client);
    feed(&st, ev->outcome);
    crypto_generichash_final(&st, h, sizeof h);
    hex_encode(h, sizeof h, out);
}

static void bind_opt_id(db_stmt *s, int i, int64_t v)
{
    if (v > 0)
        db_bind_int(s, i, v);
    else
        db_bind_null(s, i);
}

int audit_append(db *d, const struct audit_ev *in)
{
    struct audit_ev ev = *in;
    if (!ev.outcome)
        ev.outcome = "ok";
    if (db_begin(d) != DB_OK)
        return -1;
    db_stmt *s = db_prep(d, Q_AUDIT_HEAD_NEXT);
    if (!s || db_step(s) != DB_ROW)
        goto err;
    int64_t seq = db_col_int(s, 0);
    char prev[65];
    snprintf(prev, sizeof prev, "%s", db_col_text(s, 1));
    db_exec(s);

    int64_t at = (int64_t)time(NULL);
    char hash[65];
    audit_row_hash(seq, at, &ev, prev, hash);

    s = db_prep(d, Q_AUDIT_INSERT);
    if (!s)
        goto err;
    db_bind_int(s, 1, seq);
    db_bind_int(s, 2, at);
    bind_opt_id(s, 3, ev.org_id);
    bind_opt_id(s, 4, ev.user_id);
    db_bind_text(s, 5, ev.username);
    db_bind_text(s, 6, ev.action);
    db_bind_text(s, 7, ev.record_type);
    db_bind_text(s, 8, ev.record_id);
    db_bind_text(s, 9, ev.reason);
    db_bind_text(s, 10, ev.client);
    db_bind_text(s, 11, ev.outcome);
    db_bind_text(s, 12, prev);
    db_bind_text(s, 13, hash);
    if (db_exec(s) != DB_OK)
        goto err;
    s = db_prep(d, Q_AUDIT_HEAD_SET);
    if (!s)
        goto err;
    db_bind_text(s, 1, hash);
    if (db_exec(s) != DB_OK)
        goto err;
    return db_commit(d) == DB_OK ? 0 : -1;
err:
    fprintf(stderr, "audit: cannot append %s: %s\n", ev.action, db_errmsg(d));
    db_rollback(d);
    return -1;
}

/* Rows are read in batches so verifying millions of rows needs little memory. */
#define VERIFY_BATCH 2000

static const char *col_or_null(db_stmt *s, int c)
{
    return db_col_isnull(s, c) ? NULL : db_col_text(s, c);
}

int audit_verify(db *d, int64_t *bad_seq, int64_t *rows, char *msg, size_t msglen)
{
    char prev[65] = "0000000000000000000000000000000000000000000000000000000000000000";
    int64_t expect = 1, count = 0;
    *bad_seq = 0;
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
            struct audit_ev ev = {
                .org_id = db_col_int(s, 2),
                .user_id = db_col_int(s, 3),
                .username = col_or_null(s, 4),
                .action = col_or_null(s, 5),
                .record_type = col_or_null(s, 6),
                .record_id = col_or_null(s, 7),
                .reason = col_or_null(s, 8),
                .client = col_or_null(s, 9),
                .outcome = col_or_null(s, 10),
            };
            const char *row_prev = col_or_null(s, 11), *row_hash = col_or_null(s, 12);
            char want[65];
            if (seq != expect) {
                *bad_seq = expect;
                snprintf(msg, msglen, "audit row %" PRId64 " is missing (deleted)", expect);
                return 1;
            }
            if (!row_prev || strcmp(row_prev, prev) != 0) {
                *bad_seq = seq;
                snprintf(msg, msglen,
                         "audit row %" PRId64 " does not follow row %" PRId64
                         " (a row was replaced)",
                         seq, seq - 1);
                return 1;
            }
            audit_row_hash(seq, db_col_int(s, 1), &ev, prev, want);
            if (!row_hash || strcmp(row_hash, want) != 0) {
                *bad_seq = seq;
                snprintf(msg, msglen, "audit row %" PRId64 " was edited (its hash does not match)",
                         seq);
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
    if (!h || db_step(h) != DB_ROW)
        return -1;
    int64_t head_seq = db_col_int(h, 0);
    if (head_seq == count && strcmp(db_col_text(h, 1), prev) != 0) {
        /* Same length, different end: the last row was rewritten with a fresh hash. */
        *bad_seq = count;
        snprintf(msg, msglen,
                 "audit row %" PRId64 " was edited (the chain head does not match it)", count);
        db_exec(h);
        return 1;
    }
    if (head_seq != count) {
        *bad_seq = count + 1;
        snprintf(msg, msglen,
                 "the chain ends at row %" PRId64 " but its head says %" PRId64
                 " (rows after %" PRId64 " were deleted)",
                 count, head_seq, count);
        db_exec(h);
        return 1;
    }
    db_exec(h);
    snprintf(msg, msglen, "%" PRId64 " audit rows verified, chain intact", count);
    return 0;
}
