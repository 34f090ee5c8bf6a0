/* ops.c - the operation result, its transaction and its audit (ops.h). */
#include "ops.h"

#include <stdio.h>

#include "audit.h"
#include "msg.h"
#include "wf_text.h"

enum op_status op_fail(struct op_result *res, enum op_status st, const char *code,
                       const char *rule, const char *field, const char *message)
{
    *res = (struct op_result){.status = st, .code = code, .rule = rule, .field = field,
                              .message = message};
    return st;
}

enum op_status op_ok(struct op_result *res, int64_t id, int64_t version)
{
    *res = (struct op_result){.status = OP_OK, .id = id, .version = version};
    return OP_OK;
}

enum op_status op_invalid(struct op_result *res, const char *field, const char *message)
{
    return op_fail(res, OP_INVALID, NULL, NULL, field, message);
}

enum op_status op_refused(struct op_result *res, const char *rule, const char *field,
                          const char *message)
{
    return op_fail(res, OP_REFUSED, NULL, rule, field, message);
}

enum op_status op_forbidden(struct op_result *res, const char *rule, const char *message)
{
    return op_fail(res, OP_FORBIDDEN, NULL, rule, NULL, message);
}

enum op_status op_not_found(struct op_result *res, const char *message)
{
    /* Without a message there is no reader's language here: the caller that has one (every
     * operation, c->lang) names what is not found. */
    return op_fail(res, OP_NOT_FOUND, NULL, NULL, NULL,
                   message ? message : msg(NULL, "op.err.not_found"));
}

enum op_status op_conflict(struct op_result *res, const char *code, const char *message)
{
    return op_fail(res, OP_CONFLICT, code, NULL, NULL, message);
}

enum op_status op_store(struct op_result *res, const char *message)
{
    return op_fail(res, OP_STORE, NULL, NULL, NULL, message ? message : msg(NULL, "op.err.store"));
}

const char *op_said(struct op_ctx *c, const struct wf_text *t, const char *english)
{
    char out[2048];
    return arena_strdup(c->a, wf_text_or(t, english, c->lang, out, sizeof out));
}

const char *op_status_code(enum op_status st)
{
    switch (st) {
    case OP_OK: return "ok";
    case OP_INVALID: return "invalid";
    case OP_REFUSED: return "refused";
    case OP_FORBIDDEN: return "forbidden";
    case OP_NOT_FOUND: return "not_found";
    case OP_CONFLICT: return "conflict";
    case OP_STORE: return "store";
    }
    return "store";
}

enum op_status op_begin(struct op_ctx *c, struct op_result *res)
{
    if (db_begin(c->db) != DB_OK)
        return op_store(res, msg(c->lang, "op.err.db"));
    return op_ok(res, 0, 0);
}

/* op_after_commit's function and the transaction it waits for (db_tx_serial), per thread: a
 * transaction runs on one thread from its begin to its end. */
static _Thread_local void (*after_fn)(void);
static _Thread_local uint64_t after_tx;

void op_after_commit(struct op_ctx *c, void (*fn)(void))
{
    after_fn = fn;
    after_tx = db_tx_serial(c->db);
}

enum op_status op_end(struct op_ctx *c, struct op_result *res)
{
    uint64_t tx = db_tx_serial(c->db);
    if (res->status != OP_OK) {
        db_rollback(c->db);
        if (!db_in_tx(c->db) && after_tx == tx)
            after_fn = NULL;
        return res->status;
    }
    if (db_commit(c->db) != DB_OK) {
        db_rollback(c->db);
        if (!db_in_tx(c->db) && after_tx == tx)
            after_fn = NULL;
        return op_store(res, msg(c->lang, "op.err.store"));
    }
    /* Only the outermost commit makes the writes visible: an inner op_end waits for it. */
    if (after_fn && !db_in_tx(c->db) && after_tx == tx) {
        void (*fn)(void) = after_fn;
        after_fn = NULL;
        fn();
    }
    return OP_OK;
}

int op_audit_event(struct op_ctx *c, int is_read, int break_glass, int signed_in,
                   const char *action, const char *record_type, int64_t record_id,
                   const char *reason, const char *outcome)
{
    char id[24] = "";
    if (record_id > 0)
        snprintf(id, sizeof id, "%lld", (long long)record_id);
    /* What a token does is marked as the token's (an integration), not the person's. */
    const char *client = c->who.token_id
                             ? arena_printf(c->a, "%s token:%lld", c->client ? c->client : "",
                                            (long long)c->who.token_id)
                             : c->client;
    /* The purpose of use, in one place (HIPAA 164.506, 42 CFR Part 2): every read of a
     * signed-in person says why, and a break-glass read says emergency. */
    const char *purpose =
        signed_in ? audit_purpose(is_read, action, break_glass,
                                  c->who.role == ROLE_ADMIN || c->who.role == ROLE_AUDITOR,
                                  break_glass ? NULL : c->purpose)
                  : NULL;
    struct audit_ev ev = {
        .org_id = c->who.org_id,
        .user_id = c->who.user_id,
        .username = c->who.username,
        .action = action,
        .record_type = record_type,
        .record_id = record_id > 0 ? id : NULL,
        .reason = reason,
        .client = client,
        .outcome = outcome,
        .purpose = purpose,
    };
    return audit_append(c->db, &ev);
}

int op_audit(struct op_ctx *c, const char *action, const char *record_type, int64_t record_id,
             const char *reason, const char *outcome)
{
    return op_audit_event(c, 0, 0, c->who.user_id > 0, action, record_type, record_id, reason,
                          outcome);
}

enum op_status op_audit_refusal(struct op_ctx *c, struct op_result *res, const char *action,
                                const char *record_type, int64_t record_id)
{
    if (op_audit(c, action, record_type, record_id, res->rule, "denied") != 0)
        return op_store(res, msg(c->lang, "op.err.store"));
    return res->status;
}
