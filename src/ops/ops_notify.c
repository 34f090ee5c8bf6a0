/* ops_notify.c - the inbox, its e-mail and escalation (ops_notify.h, GR-5). */
#include "ops_notify.h"

#include <string.h>

#include "msg.h"
#include "notify_store.h"

static const char *public_url;
static void (*mail_pending)(void);

void notify_configure(const char *url, void (*pending)(void))
{
    public_url = url && *url ? url : NULL;
    mail_pending = pending;
}

/* 1 when s is 1..max of a-z 0-9 _ (a kind or a record type). */
static int is_code(const char *s, size_t max)
{
    size_t n = s ? strlen(s) : 0;
    if (n < 1 || n > max)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
            return 0;
    return 1;
}

/* 1 when s is text of 0..max bytes without control characters other than a line break (a
 * body) or without any (a title, line = 1). */
static int is_text(const char *s, size_t max, int line)
{
    size_t n = strlen(s);
    if (n > max)
        return 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p < 0x20 && (line || (*p != '\n' && *p != '\t'))) || *p == 0x7f)
            return 0;
    return 1;
}

/* 1 when link is a path in the app: "/" not followed by "/" or "\" (which a browser would
 * take for another host), printable ASCII without spaces. The inbox sends its reader there. */
static int is_link(const char *link)
{
    size_t n = strlen(link);
    if (n < 1 || n > NOTIFY_LINK_MAX || link[0] != '/' || link[1] == '/' || link[1] == '\\')
        return 0;
    for (size_t i = 0; i < n; i++)
        if (link[i] <= 0x20 || link[i] >= 0x7f || link[i] == '\\')
            return 0;
    return 1;
}

/* Queue the e-mail of notice id for its recipient r: minimum necessary (ops_notify.h), in the
 * recipient's language, else the organization's, else English. DB_OK or an error. */
static int queue_mail(struct op_ctx *c, int64_t org_id, int64_t id,
                      const struct notify_recipient *r)
{
    const char *lang = msg_choose(r->language, NULL, r->default_language);
    const char *subject = msg(lang, "notify.mail.subject");
    const char *body =
        public_url
            ? msg_fmt(c->a, lang, "notify.mail.body_link", "link",
                      arena_printf(c->a, "%s/inbox/%lld", public_url, (long long)id), NULL)
            : msg(lang, "notify.mail.body");
    int64_t mail_id;
    return mail_insert(c->db, org_id, id, r->email, subject, body, c->now, &mail_id);
}

/* op_notify with the origin of an escalation notice (0: none). */
static int notify_one(struct op_ctx *c, int64_t to_user, const char *kind,
                      const char *record_type, int64_t record_id, const char *title,
                      const char *body, const char *link, int64_t escalate_after_seconds,
                      int64_t escalate_to, int64_t origin_id, int64_t *id)
{
    if (!db_in_tx(c->db) || to_user <= 0 || !is_code(kind, NOTIFY_KIND_MAX) ||
        (record_type && !is_code(record_type, NOTIFY_KIND_MAX)) || !title || !*title ||
        !is_text(title, NOTIFY_TITLE_MAX, 1) || (body && !is_text(body, NOTIFY_BODY_MAX, 0)) ||
        (link && !is_link(link)) || escalate_after_seconds < 0 || escalate_to < 0)
        return -1;
    int64_t org = c->who.org_id;
    struct notify_recipient r, esc;
    if (notify_recipient(c->db, c->a, org, to_user, &r) != 1)
        return -1;
    int escalates = escalate_after_seconds > 0 && escalate_to > 0;
    if (escalates && notify_recipient(c->db, c->a, org, escalate_to, &esc) != 1)
        return -1;
    struct notification n = {
        .org_id = org,
        .user_id = to_user,
        .kind = kind,
        .record_type = record_type,
        .record_id = record_type ? record_id : 0,
        .title = title,
        .body = body,
        .link = link,
        .origin_id = origin_id,
        .created_at = c->now,
        .escalate_at = escalates ? c->now + escalate_after_seconds : 0,
        .escalate_to = escalates ? escalate_to : 0,
    };
    int64_t nid;
    if (notify_insert(c->db, &n, &nid) != DB_OK)
        return -1;
    /* A disabled account cannot sign in to read it: no mail; the inbox keeps the notice, and
     * its escalation (if any) still comes. */
    int mails = r.email && *r.email && !r.disabled;
    if (mails && queue_mail(c, org, nid, &r) != DB_OK)
        return -1;
    if (op_audit(c, "notification.create", "notification", nid, kind, "ok") != 0)
        return -1;
    if (mails && mail_pending)
        op_after_commit(c, mail_pending);
    if (id)
        *id = nid;
    return 0;
}

int op_notify(struct op_ctx *c, int64_t to_user, const char *kind, const char *record_type,
              int64_t record_id, const char *title, const char *body, const char *link,
              int64_t escalate_after_seconds, int64_t escalate_to, int64_t *id)
{
    return notify_one(c, to_user, kind, record_type, record_id, title, body, link,
                      escalate_after_seconds, escalate_to, 0, id);
}

/* Notice id of the actor's organization into *n, if the actor may act on it: its recipient,
 * or (with may_escalated) the person it escalated to. Else the failure in res. */
static enum op_status load(struct op_ctx *c, int64_t id, int may_escalated,
                           struct notification *n, struct op_result *res)
{
    int rc = notify_get(c->db, c->a, c->who.org_id, id, n);
    if (rc < 0)
        return op_store(res, msg(c->lang, "notify.err.read"));
    int mine = rc == 1 && (n->user_id == c->who.user_id ||
                           (may_escalated && n->escalated_at && n->escalate_to == c->who.user_id));
    if (!mine)
        return op_not_found(res, msg(c->lang, "notify.err.not_found"));
    return op_ok(res, id, 0);
}

/* Acknowledge the linked notice id too (an escalation's origin, an original's escalation),
 * when it is not yet: 0, or -1 on a store or audit failure. */
static int ack_linked(struct op_ctx *c, int64_t id, int64_t of)
{
    if (!id)
        return 0;
    int rc = notify_ack(c->db, c->who.org_id, id, c->who.user_id, c->now);
    if (rc < 0)
        return -1;
    if (rc == 0)
        return 0;
    return op_audit(c, "notification.ack", "notification", id,
                    arena_printf(c->a, "with notification %lld", (long long)of), "ok");
}

enum op_status op_notify_ack(struct op_ctx *c, int64_t id, struct op_result *res)
{
    struct notification n;
    if (load(c, id, 1, &n, res) != OP_OK)
        return res->status;
    if (n.acked_at)
        return op_conflict(res, "already_acknowledged",
                           n.acked_by_name ? msg_fmt(c->a, c->lang, "notify.err.already_by",
                                                     "name", n.acked_by_name, NULL)
                                           : msg(c->lang, "notify.err.already"));
    const char *failed = msg(c->lang, "notify.err.ack_store");
    if (op_begin(c, res) != OP_OK)
        return op_store(res, failed);
    int rc = notify_ack(c->db, c->who.org_id, id, c->who.user_id, c->now);
    if (rc == 0) /* acknowledged since it was read */
        op_conflict(res, "already_acknowledged", msg(c->lang, "notify.err.already"));
    else if (rc < 0 || op_audit(c, "notification.ack", "notification", id, n.kind, "ok") != 0 ||
             ack_linked(c, n.origin_id, id) != 0 || ack_linked(c, n.escalated_id, id) != 0)
        op_store(res, failed);
    else
        op_ok(res, id, 0);
    if (op_end(c, res) == OP_STORE && !res->message)
        res->message = failed;
    return res->status;
}

enum op_status op_notify_read(struct op_ctx *c, int64_t id, struct notification *out,
                              struct op_result *res)
{
    const char *failed = msg(c->lang, "notify.err.read");
    if (op_begin(c, res) != OP_OK)
        return op_store(res, failed);
    if (load(c, id, 0, out, res) == OP_OK) {
        int first = !out->read_at;
        if ((first && notify_mark_read(c->db, c->who.org_id, id, c->now) < 0) ||
            op_audit_event(c, 1, 0, c->who.user_id > 0, "notification.read", "notification", id,
                           first ? "first opened" : NULL, "ok") != 0)
            op_store(res, failed);
        else if (first)
            out->read_at = c->now;
    }
    if (op_end(c, res) == OP_STORE && !res->message)
        res->message = failed;
    return res->status;
}

enum op_status op_notify_test(struct op_ctx *c, int64_t escalate_to, struct op_result *res)
{
    if (c->who.role != ROLE_ADMIN)
        return op_forbidden(res, NULL, msg(c->lang, "notify.err.admin_tests"));
    const char *failed = msg(c->lang, "notify.err.store");
    if (op_begin(c, res) != OP_OK)
        return op_store(res, failed);
    struct notify_recipient esc;
    int rc = escalate_to ? notify_recipient(c->db, c->a, c->who.org_id, escalate_to, &esc) : 1;
    if (rc < 0) {
        op_store(res, failed);
    } else if (rc == 0 || escalate_to < 0) {
        op_invalid(res, "escalate_to", msg(c->lang, "notify.err.escalate_to"));
    } else {
        const char *name = c->who.display_name ? c->who.display_name : c->who.username;
        int64_t after = escalate_to ? c->pol->v[POL_INCIDENT_ESCALATE_MIN] * 60 : 0;
        int64_t id = 0;
        if (op_notify(c, c->who.user_id, "test", "user", c->who.user_id,
                      msg(c->lang, "notify.test.title"),
                      msg_fmt(c->a, c->lang, "notify.test.body", "name", name ? name : "", NULL),
                      "/settings", after, escalate_to, &id) != 0)
            op_store(res, failed);
        else
            op_ok(res, id, 0);
    }
    if (op_end(c, res) == OP_STORE && !res->message)
        res->message = failed;
    return res->status;
}

/* Escalate notice d (due) as the system, in its own transaction: 1 escalated, 0 skipped
 * (acknowledged or escalated meanwhile), -1 store failure. */
static int escalate_one(db *d, arena *a, int64_t now, const struct notify_due *due)
{
    struct op_ctx c = {
        .db = d,
        .a = a,
        .who = {.org_id = due->org_id, .username = "system"},
        .now = now,
        .client = "mailer",
    };
    if (db_begin(d) != DB_OK)
        return -1;
    struct notification n;
    int rc = notify_get(d, a, due->org_id, due->id, &n);
    if (rc == 1)
        rc = notify_claim_escalation(d, due->org_id, due->id, now);
    if (rc != 1) {
        db_rollback(d);
        return rc;
    }
    /* The escalation recipient's language for the words around the original's. */
    struct notify_recipient to;
    if (notify_recipient(d, a, due->org_id, n.escalate_to, &to) != 1)
        goto fail;
    const char *lang = msg_choose(to.language, NULL, to.default_language);
    char *title = msg_fmt(a, lang, "notify.escalation.title", "title", n.title, NULL);
    if (strlen(title) > NOTIFY_TITLE_MAX) { /* cut at a character's start */
        size_t cut = NOTIFY_TITLE_MAX;
        while (cut > 0 && ((unsigned char)title[cut] & 0xc0) == 0x80)
            cut--;
        title[cut] = '\0';
    }
    char *body = msg_fmt(a, lang, "notify.escalation.body", "name",
                         n.user_name ? n.user_name : "", "body", n.body ? n.body : "", NULL);
    if (strlen(body) > NOTIFY_BODY_MAX) {
        size_t cut = NOTIFY_BODY_MAX;
        while (cut > 0 && ((unsigned char)body[cut] & 0xc0) == 0x80)
            cut--;
        body[cut] = '\0';
    }
    int64_t esc_id;
    if (notify_one(&c, n.escalate_to, "escalation", n.record_type, n.record_id, title, body,
                   n.link, 0, 0, n.id, &esc_id) != 0 ||
        notify_set_escalated(d, due->org_id, n.id, esc_id) != DB_OK ||
        op_audit(&c, "notification.escalate", "notification", n.id,
                 arena_printf(a, "to user %lld as notification %lld", (long long)n.escalate_to,
                              (long long)esc_id),
                 "ok") != 0)
        goto fail;
    struct op_result res;
    op_ok(&res, esc_id, 0);
    return op_end(&c, &res) == OP_OK ? 1 : -1;
fail:
    db_rollback(d);
    return -1;
}

int notify_escalate_due(db *d, arena *a, int64_t now, int max)
{
    struct notify_due *due;
    int n;
    if (notify_due_list(d, a, now, max, &due, &n) != 0)
        return -1;
    int done = 0;
    for (int i = 0; i < n; i++) {
        int rc = escalate_one(d, a, now, &due[i]);
        if (rc < 0)
            return -1;
        done += rc;
    }
    return done;
}
