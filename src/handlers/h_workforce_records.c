/* h_workforce_records.c - the forms that add workforce records: each reads its input, calls
 * one operation (src/ops/ops_workforce.c: reach, validation, write and audit in one
 * transaction), and returns to the person's page. */
#include "handlers.h"

#include "opreply.h"
#include "ops_workforce.h"
#include "validate.h"

static const char *back(struct req *r)
{
    return arena_printf(r->a, "/workforce/%lld", (long long)r->id);
}

/* 1 when the request carried the field at all (even empty). */
static int sent(struct req *r, const char *field)
{
    return param_raw(r, field) != NULL;
}

/* Reply to a recorded entry (201, back to the person's page) or to the refusal. */
static int created(struct req *r, enum op_status st, const struct op_result *res)
{
    if (st != OP_OK)
        return reply_op_error(r, res, NULL, NULL);
    json_t *m = json_object();
    jset_int(m, "id", res->id);
    jset_int(m, "user_id", r->id);
    return reply_done(r, 201, back(r), m);
}

int h_wf_training(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    struct wf_training_in in = {
        .user_id = r->id,
        .kind = req_str(r, "kind"),
        .title = req_str(r, "title"),
        .date = req_str(r, "date"),
        .hours = req_str(r, "hours"),
        .provider = req_str(r, "provider"),
    };
    return created(r, op_wf_training_add(&c, &in, &res), &res);
}

int h_wf_experience(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    struct wf_experience_in in = {
        .user_id = r->id,
        .date = req_str(r, "date"),
        .hours = req_str(r, "hours"),
        .description = req_str(r, "description"),
    };
    return created(r, op_wf_experience_add(&c, &in, &res), &res);
}

int h_wf_ce(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    struct wf_ce_in in = {
        .user_id = r->id,
        .date = req_str(r, "date"),
        .hours = req_str(r, "hours"),
        .category = req_str(r, "category"),
        .title = req_str(r, "title"),
        .provider = req_str(r, "provider"),
    };
    return created(r, op_wf_ce_add(&c, &in, &res), &res);
}

int h_wf_cert(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    struct wf_cert_in in = {
        .user_id = r->id,
        .body = req_str(r, "body"),
        .number = req_str(r, "number"),
        .issued = req_str(r, "issued"),
        .expires = req_str(r, "expires"),
    };
    return created(r, op_wf_cert_add(&c, &in, &res), &res);
}

int h_wf_supervision(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    struct wf_supervision_in in = {
        .user_id = r->id,
        .date = req_str(r, "date"),
        .kind = req_str(r, "kind"),
        .topics = req_str(r, "topics"),
    };
    in.has_minutes = req_int(r, "minutes", &in.minutes);
    in.has_supervisor_id = req_int(r, "supervisor_id", &in.supervisor_id);
    return created(r, op_wf_supervision_add(&c, &in, &res), &res);
}

int h_wf_profile(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    struct wf_profile_in in = {.user_id = r->id};
    in.has_level = req_int(r, "level", &in.level);
    in.has_capacity = req_int(r, "caseload_capacity", &in.caseload_capacity);
    in.has_waiver = req_int(r, "education_waiver", &in.education_waiver);
    in.has_version = req_int(r, "version", &in.version);
    if ((in.education_sent = sent(r, "education")))
        in.education = req_str(r, "education");
    if ((in.hire_date_sent = sent(r, "hire_date")))
        in.hire_date = req_str(r, "hire_date");
    static const char *const text[] = {"languages", "lived_experience", "cultural_profile",
                                       "pathways", "clinical_credential"};
    static const char *const codes[] = {"language_codes", "gender", "substance_codes",
                                        "pathway_codes", "culture_codes"};
    for (int i = 0; i < 5; i++) {
        if ((in.text_sent[i] = sent(r, text[i])))
            in.text[i] = req_str(r, text[i]);
        if ((in.codes_sent[i] = sent(r, codes[i])))
            in.codes[i] = req_str(r, codes[i]);
    }
    if (op_wf_profile_save(&c, &in, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    json_t *m = json_object();
    jset_int(m, "user_id", r->id);
    return reply_done(r, 200, back(r), m);
}

int h_wf_assign(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    struct wf_assign_in in = {.user_id = r->id, .start_date = req_str(r, "start_date")};
    in.has_supervisor_id = req_int(r, "supervisor_id", &in.supervisor_id);
    return created(r, op_wf_assign(&c, &in, &res), &res);
}

int h_wf_assign_end(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    struct wf_assign_end_in in = {
        .user_id = r->id, .assignment_id = r->id2, .end_date = req_str(r, "end_date")};
    if (op_wf_assign_end(&c, &in, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    return reply_done(r, 200, back(r), json_object());
}
