/* opreply.h - the seam between a handler and an operation (src/ops): the context built from
 * the request, and the operation's result mapped to a reply. */
#ifndef PD_OPREPLY_H
#define PD_OPREPLY_H

#include "http.h"
#include "ops.h"

/* Fill c for the signed-in principal of r: its database, arena, policy, client address,
 * the clock and today's civil day. */
void op_ctx_from_req(struct req *r, struct op_ctx *c);

/* The HTTP status of an operation's result: OP_OK 200, OP_INVALID 400, OP_REFUSED 422,
 * OP_FORBIDDEN 403, OP_NOT_FOUND 404, OP_CONFLICT 409, OP_STORE 500. */
int op_http_status(enum op_status st);

/* Reply with a failed result: the API gets {"error": {code, rule, message, field}}, a page
 * the form template tmpl (when given) re-rendered from model with the error next to its
 * field, else the error page. Takes ownership of model. Returns 0. */
int reply_op_error(struct req *r, const struct op_result *res, const char *tmpl, json_t *model);

#endif
