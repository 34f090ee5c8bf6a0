/* audit.h - the append-only, hash-chained audit trail (HIPAA 164.312(b), SPEC "Security"). */
#ifndef PD_AUDIT_H
#define PD_AUDIT_H

#include <stdint.h>
#include <stdio.h>

#include "db.h"

/* One event. Strings may be NULL. No personal data goes in action or
 * record_type; record_id names the record by its id only. */
struct audit_ev {
    int64_t org_id;          /* 0 when not known (e.g. login to an unknown organization) */
    int64_t user_id;         /* 0 for an anonymous actor */
    const char *username;    /* the actor, as typed at login when there is no user */
    const char *action;      /* dotted verb, e.g. "login.failure", "user.read", "user.update" */
    const char *record_type; /* "user", "org", "policy", "audit", ... */
    const char *record_id;   /* the record's id as text */
    const char *reason;      /* why: break-glass reason, override reason, refusal rule */
    const char *client;      /* client address */
    const char *outcome;     /* "ok", "denied", "failed" */
};

/* Append ev to the chain, joining the caller's transaction if there is one.
 * Returns 0, or -1 (the caller must treat the action as failed: an action
 * that cannot be audited does not happen). */
int audit_append(db *d, const struct audit_ev *ev);

/* Walk the whole chain. Returns 0 when every row is intact and the head
 * matches the last row; otherwise 1, with *bad_seq set to the first row that
 * was edited, deleted or inserted out of order and a sentence in msg.
 * Returns -1 on a database error. */
int audit_verify(db *d, int64_t *bad_seq, int64_t *rows, char *msg, size_t msglen);

/* The hash of a row given its fields (exposed for tests). out: 65 bytes. */
void audit_row_hash(int64_t seq, int64_t at, const struct audit_ev *ev, const char *prev_hash,
                    char out[65]);

#endif
