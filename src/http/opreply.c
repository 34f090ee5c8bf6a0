/* opreply.c - request to operation context, operation result to reply (opreply.h). */
#include "opreply.h"

#include <time.h>


void op_ctx_from_req(struct req *r, struct op_ctx *c)
{
    *c = (struct op_ctx){
        .db = r->db,
        .a = r->a,
        .who = {.user_id = r->me.user_id,
                .org_id = r->me.org_id,
                .role = r->me.role,
                .username = r->me.username,
                .display_name = r->me.display_name,
                .org_slug = r->me.org_slug,
                .org_name = r->me.org_name,
                .token_id = r->me.via_token ? r->me.token_id : 0},
        .now = (int64_t)time(NULL),
        .today = req_today(r), /* the organization's day, not the server's */
        .pol = &r->pol,
        .client = r->client,
        .lang = req_lang(r),
        .zone = req_zone(r),
    };
}

int op_http_status(enum op_status st)
{
    switch (st) {
    case OP_OK: return 200;
    case OP_INVALID: return 400;
    case OP_REFUSED: return 422;
    case OP_FORBIDDEN: return 403;
    case OP_NOT_FOUND: return 404;
    case OP_CONFLICT: return 409;
    case OP_STORE: return 500;
    }
    return 500;
}

int reply_op_error(struct req *r, const struct op_result *res, const char *tmpl, json_t *model)
{
    if (res->nerrors) { /* every input at fault, each beside its field */
        struct field_error *e = arena_alloc(r->a, sizeof *e * res->nerrors);
        for (size_t i = 0; i < res->nerrors; i++)
            e[i] = (struct field_error){res->errors[i].field, res->errors[i].code,
                                        res->errors[i].message};
        r->errors = e;
        r->nerrors = res->nerrors;
    }
    return reply_error(r, op_http_status(res->status),
                       res->code ? res->code : op_status_code(res->status), res->rule,
                       res->message, res->field, tmpl, model);
}
