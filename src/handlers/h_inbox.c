/* h_inbox.c - the signed-in person's inbox of notices (GR-5: incident reports and their
 * escalations), its acknowledgments, and the administrator's test notice that checks the inbox
 * and the mail relay (ops_notify.h). */
#include "handlers.h"

#include <stdio.h>
#include <string.h>

#include "mailer.h"
#include "msg.h"
#include "notify_store.h"
#include "opreply.h"
#include "ops_notify.h"

/* One notice as the inbox shows it (the API gets the same). */
static json_t *note_j(struct req *r, const struct notification *n)
{
    const char *lang = req_lang(r);
    json_t *j = json_object();
    jset_int(j, "id", n->id);
    jset_str(j, "kind", n->kind);
    const char *kl = msg_find(lang, arena_printf(r->a, "inbox.kind.%s", n->kind));
    jset_str(j, "kind_label", kl ? kl : n->kind);
    jset_str(j, "title", n->title);
    jset_str(j, "body", n->body);
    jset_str(j, "link", n->link);
    jset_str(j, "record_type", n->record_type);
    if (n->record_id)
        jset_int(j, "record_id", n->record_id);
    jset(j, "created", view_time(n->created_at));
    jset_bool(j, "read", n->read_at != 0);
    jset(j, "read_at", view_time(n->read_at));
    jset_bool(j, "acknowledged", n->acked_at != 0);
    jset(j, "acknowledged_at", view_time(n->acked_at));
    jset_str(j, "acknowledged_by", n->acked_by_name);
    jset(j, "escalates_at", view_time(n->escalated_at ? 0 : n->escalate_at));
    jset(j, "escalated_at", view_time(n->escalated_at));
    jset_str(j, "escalate_to", n->escalate_to_name);
    if (n->origin_id)
        jset_int(j, "origin_id", n->origin_id);
    return j;
}

static int h_inbox(struct req *r)
{
    int64_t page = view_page(r);
    struct notification *list;
    int n;
    int64_t total, open;
    if (notify_page(r->db, r->a, r->me.org_id, r->me.user_id, PAGE_SIZE, (page - 1) * PAGE_SIZE,
                    &list, &n, &total, &open) != 0)
        return reply_error(r, 500, "store", NULL, msg(req_lang(r), "notify.err.read"), NULL,
                           NULL, NULL);
    /* The titles may name a recoveree: the list is a read of the notices. */
    if (req_audit_read(r, "notification.list", "notification", 0, NULL) != 0)
        return 0;
    json_t *m = json_object(), *items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, note_j(r, &list[i]));
    jset(m, "items", items);
    jset_int(m, "open", open);
    jset_int(m, "total", total);
    jset_str(m, "title", msg(req_lang(r), "inbox.title"));
    /* The badge of this very page shows what the list shows, whatever the session read. */
    r->me.inbox_open = open;
    view_pager(m, page, total, "");
    return reply_page(r, 200, "inbox.mustache", m);
}

static int h_inbox_show(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    struct notification n;
    if (op_notify_read(&c, r->id, &n, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    json_t *m = json_object();
    jset(m, "item", note_j(r, &n));
    jset_str(m, "title", n.title);
    return reply_page(r, 200, "inbox_item.mustache", m);
}

static int h_inbox_ack(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    if (op_notify_ack(&c, r->id, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    json_t *m = json_object();
    struct notification n;
    if (notify_get(r->db, r->a, r->me.org_id, r->id, &n) == 1)
        jset(m, "item", note_j(r, &n));
    jset_str(m, "message", msg(req_lang(r), "inbox.acked"));
    return reply_done(r, 200, "/inbox", m);
}

static int h_notify_test(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    int64_t escalate_to = 0;
    req_int(r, "escalate_to", &escalate_to);
    if (op_notify_test(&c, escalate_to, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    json_t *m = json_object();
    jset_int(m, "id", res.id);
    jset_bool(m, "relay", mailer_relay_configured());
    jset_str(m, "message", msg(req_lang(r), mailer_relay_configured() ? "notify.test.sent"
                                                                       : "notify.test.queued"));
    return reply_done(r, 201, arena_printf(r->a, "/inbox/%lld", (long long)res.id), m);
}

/* ---- routes ---- */

static const struct field f_inbox[] = {
    {"page", FT_INT, 0, 1, 100000, 0},
    {NULL},
};
static const struct field f_notify_test[] = {
    {"escalate_to", FT_INT, 0, 1, INT64_MAX, 0},
    {NULL},
};
const struct route inbox_rows[] = {
    {"GET", "/inbox", h_inbox, R_ANY, 0, f_inbox, "My inbox of notices"},
    {"GET", "/inbox/{id}", h_inbox_show, R_ANY, 0, NULL, "One notice of my inbox"},
    {"POST", "/inbox/{id}/ack", h_inbox_ack, R_ANY, 0, NULL, "Acknowledge a notice"},
    {"POST", "/notifications/test", h_notify_test, ADMIN, 0, f_notify_test,
     "Send myself a test notice (checks the inbox and the mail relay)"},
};
const struct route_module rm_inbox = ROUTE_MODULE(inbox_rows);
