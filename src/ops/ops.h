/* ops.h - the operations layer: one function per thing a user does, called alike by the HTTP
 * handlers, the CLI and the spreadsheet import.
 *
 * An operation takes a context (who acts, where, when, under which policy) and a typed input
 * struct. It validates the input, applies the domain rules (src/domain), calls the typed store
 * functions (src/store) and writes the audit trail, all inside one transaction, and answers
 * with one struct op_result. It never reads HTTP state and never writes a response: the
 * handler maps the result to a status and a view model (reply_op() in src/http/reply.c).
 *
 * The files are named by domain: ops_users.c, ops_workforce.c, ops_caseload.c, ops_consents.c,
 * ops_plans.c, ops_recoverees.c, ... */
#ifndef PD_OPS_H
#define PD_OPS_H

#include <stdint.h>

#include "arena.h"
#include "db.h"
#include "policy.h"
#include "roles.h"

struct tz;
struct wf_text;

/* Who acts. A bearer token acts for its user; token_id marks what it does in the audit. */
struct op_actor {
    int64_t user_id, org_id;
    enum role role;
    const char *username, *display_name;
    const char *org_slug, *org_name; /* NULL: an operation that needs them reads the org */
    int64_t token_id; /* 0 unless the actor is an API token */
};

/* Everything an operation may depend on besides its input. */
struct op_ctx {
    db *db;
    arena *a; /* result messages and any returned data live here */
    struct op_actor who;
    int64_t now;              /* Unix seconds */
    int32_t today;            /* civil day (civil.h) */
    const struct policy *pol; /* the organization's policy values */
    const char *client;       /* client address, or "cli" / "import" for the audit trail */
    const char *purpose;      /* a declared purpose of use ("disclosure", "payment"), or NULL:
                               * derived by audit_purpose() */
    const char *lang;         /* the reader's language for messages (msg.h); NULL: English */
    const struct tz *zone;    /* the organization's time zone (tz.h); NULL: UTC */
};

enum op_status {
    OP_OK = 0,    /* done: id and version say what was written */
    OP_INVALID,   /* the input is wrong: field names it, message says how */
    OP_REFUSED,   /* a domain rule refuses it: rule names the SPEC rule (may be NULL) */
    OP_FORBIDDEN, /* the actor may not do this */
    OP_NOT_FOUND, /* the record is absent or out of the actor's reach (the same answer) */
    OP_CONFLICT,  /* stale version, or the thing is already so */
    OP_STORE,     /* the store (or the audit trail) failed: nothing was written */
};

/* One input at fault, when an operation reports several at once (op_result.errors). */
struct op_field_error {
    const char *field, *code, *message;
};

/* The one result type of every operation. Strings are static or in the context's arena. */
struct op_result {
    enum op_status status;
    int64_t id;          /* OP_OK: the new or changed record's id */
    int64_t version;     /* OP_OK: its new version, when it has one */
    const char *code;    /* machine code for the API error (NULL: the status's default) */
    const char *rule;    /* SPEC rule id, e.g. "SV-3" */
    const char *field;   /* the input field at fault */
    const char *message; /* for people: what is wrong, or what was done */
    const struct op_field_error *errors; /* every input at fault, the first being field and
                                          * message above; NULL when there is only that one */
    size_t nerrors;
};

/* Result constructors: set *res and return its status (for "return op_invalid(...)"). */
enum op_status op_ok(struct op_result *res, int64_t id, int64_t version);
enum op_status op_invalid(struct op_result *res, const char *field, const char *message);
enum op_status op_refused(struct op_result *res, const char *rule, const char *field,
                          const char *message);
enum op_status op_forbidden(struct op_result *res, const char *rule, const char *message);
enum op_status op_not_found(struct op_result *res, const char *message);
enum op_status op_conflict(struct op_result *res, const char *code, const char *message);
enum op_status op_store(struct op_result *res, const char *message);
/* Any of the above with a machine code other than the status's default. */
enum op_status op_fail(struct op_result *res, enum op_status st, const char *code,
                       const char *rule, const char *field, const char *message);

/* A workforce rule's sentence (wf_text.h) in the reader's language, in the context's arena;
 * english when t has no id. For a refusal decided by the rules (WF-1, WF-4, WF-5). */
const char *op_said(struct op_ctx *c, const struct wf_text *t, const char *english);

/* The default machine code of a status ("invalid", "refused", "forbidden", "not_found",
 * "conflict", "store"). */
const char *op_status_code(enum op_status st);

/* Begin the operation's transaction. OP_OK, or OP_STORE (res set). */
enum op_status op_begin(struct op_ctx *c, struct op_result *res);

/* End the transaction begun by op_begin: commit when res is OP_OK (a failed commit turns res
 * into OP_STORE), roll back otherwise. Returns res->status. */
enum op_status op_end(struct op_ctx *c, struct op_result *res);

/* Call fn once the transaction now open on c->db has committed: op_end runs it right after the
 * outermost commit succeeds, and forgets it when the transaction is rolled back instead. For
 * work that must not start before the writes are visible to other connections (op_notify
 * wakes the mailer). One per thread and transaction; a later call replaces an earlier one. A
 * transaction committed without op_end never runs it (the mailer's poll picks its mail up). */
void op_after_commit(struct op_ctx *c, void (*fn)(void));

/* Append an audit event as the context's actor, inside the current transaction when there is
 * one. record_id 0 names no record. 0, or -1: the caller must fail the operation (an action
 * that cannot be audited does not happen). */
int op_audit(struct op_ctx *c, const char *action, const char *record_type, int64_t record_id,
             const char *reason, const char *outcome);

/* op_audit for any event, the one place an actor's event becomes an audit row: is_read says it
 * reads a record, break_glass that only an emergency grant allows it, signed_in that there is
 * an actor whose purpose of use is recorded (audit_purpose()). */
int op_audit_event(struct op_ctx *c, int is_read, int break_glass, int signed_in,
                   const char *action, const char *record_type, int64_t record_id,
                   const char *reason, const char *outcome);

/* Audit a refusal after the transaction was rolled back, so the record of the attempt
 * survives. Returns res->status unchanged, or OP_STORE if even this cannot be written. */
enum op_status op_audit_refusal(struct op_ctx *c, struct op_result *res, const char *action,
                                const char *record_type, int64_t record_id);

#endif
