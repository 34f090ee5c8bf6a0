/* h_evidence.c - upload a certificate or course document as evidence of a workforce record,
 * and download it again (always as an attachment of its sniffed type, never as HTML). */
#include "handlers.h"

#include "msg.h"
#include "opreply.h"
#include "ops_workforce.h"
#include "workforce_store.h"

int h_wf_evidence_add(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    struct wf_evidence_in in = {.user_id = r->id, .record = req_str(r, "record")};
    if (r->upload) {
        in.data = r->upload->data;
        in.len = r->upload->len;
        in.filename = r->upload->filename;
    }
    struct wf_evidence_out out;
    if (op_wf_evidence_add(&c, &in, &out, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    json_t *m = json_object();
    jset_int(m, "id", res.id);
    jset_str(m, "sha256", out.sha256);
    jset_str(m, "content_type", out.content_type);
    return reply_done(r, 201, arena_printf(r->a, "/workforce/%lld", (long long)r->id), m);
}

int h_wf_evidence_get(struct req *r)
{
    struct wf_record rec;
    if (wf_reach(r, REACH_READ, &rec))
        return 0;
    struct wf_evidence ev;
    int rc = wf_evidence_get(r->db, r->a, r->me.org_id, r->id, r->id2, &ev);
    if (rc != 1)
        return reply_error(r, rc == 0 ? 404 : 500, rc == 0 ? "not_found" : "store", NULL,
                           msg(req_lang(r), rc == 0 ? "file.err.no_such" : "file.err.read"),
                           NULL, NULL, NULL);
    if (req_audit_read(r, "workforce.evidence.read", "user", r->id,
                       arena_printf(r->a, "evidence %lld", (long long)r->id2)) != 0)
        return 0;
    reply_attachment(r, ev.content_type, ev.data, ev.len, ev.filename);
    return 0;
}
