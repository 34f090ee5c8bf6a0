/* audit.h - the append-only, hash-chained audit trail, one chain per organization (HIPAA
 * 164.312(b), SPEC "Security"). */
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
    const char *purpose;     /* a read's purpose of use (audit_purpose()); NULL for others */
};

/* The purposes of use a read is recorded with (HIPAA 164.506, 42 CFR Part 2), as stored. */
#define AUDIT_PURPOSES "treatment payment operations emergency disclosure"

/* The purpose of use of an event, derived in one place: NULL when it reads no record (a
 * change, a sign-in: is_read 0 and not a disclosure). Otherwise "emergency" for a read under
 * a break-glass grant, "disclosure" for records sent or printed outside the organization
 * (actions "disclosure" and "disclosure.*" except refusals), then the purpose the request
 * declared (e.g. "payment" for billing), else by role: "operations" for administrators and
 * auditors (role_is_operations), "treatment" for everyone who works with recoverees. */
const char *audit_purpose(int is_read, const char *action, int break_glass, int role_is_operations,
                          const char *declared);

/* Append ev to its organization's chain, joining the caller's transaction if there is one.
 * Returns 0, or -1 (the caller must treat the action as failed: an action
 * that cannot be audited does not happen). */
int audit_append(db *d, const struct audit_ev *ev);

/* Walk one organization's chain (org_id 0: the events of no organization). Returns 0 when
 * every row is intact, numbered 1, 2, 3 ... without a gap, and the chain's head matches its
 * last row; otherwise 1, with *bad_seq set to the chain sequence number of the first row that
 * was edited, deleted, moved or inserted out of order and a sentence in msg. Rows written
 * before the chains were per organization (migration 005) are checked row by row here and
 * in their order by audit_verify. -1 on a database error. */
int audit_verify_org(db *d, int64_t org_id, int64_t *bad_seq, int64_t *rows, char *msg,
                     size_t msglen);

/* What audit_verify_each reports for each part of the trail: org_id is -1 for the rows
 * written before migration 005 (one sequence across organizations), else the chain. */
typedef void (*audit_report_fn)(void *ctx, int64_t org_id, int rc, int64_t rows, int64_t bad_seq,
                                const char *msg);

/* The global check (verify-audit): the rows from before migration 005 in their one sequence,
 * then every organization's chain, then that the chains hold every row of the table. Calls
 * report (if not NULL) once per part. Returns 0 when all hold, 1 when one does not, -1 on a
 * database error. */
int audit_verify_each(db *d, audit_report_fn report, void *ctx);

/* audit_verify_each without a report: 0 intact, 1 broken with the first broken part's row in
 * *bad_seq and its sentence (naming the organization) in msg, -1 on error. *rows counts every
 * row verified. */
int audit_verify(db *d, int64_t *bad_seq, int64_t *rows, char *msg, size_t msglen);

/* The hash of a row written before migration 005 (hash_version 1), given its fields; seq is
 * the one sequence across organizations (exposed for tests). out: 65 bytes. */
void audit_row_hash(int64_t seq, int64_t at, const struct audit_ev *ev, const char *prev_hash,
                    char out[65]);

/* The hash of a row of an organization's chain (hash_version 2): chain_seq is its number in
 * the chain, prev_hash the organization's previous row's hash; covers ev->purpose too
 * (exposed for tests). out: 65 bytes. */
void audit_chain_hash(int64_t chain_seq, int64_t at, const struct audit_ev *ev,
                      const char *prev_hash, char out[65]);

#endif
