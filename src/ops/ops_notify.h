/* ops_notify.h - notices that must reach a person at once (GR-5): an item in their in-app
 * inbox, an e-mail through the configured SMTP relay saying only that there is something to
 * look at, their acknowledgment, and escalation to someone else when they do not acknowledge
 * in time.
 *
 * What is in a notice (title, body: a recoveree's name, what was disclosed) stays in the
 * inbox, which is read in the app under its audit trail. The e-mail says that there is a new
 * item needing attention and links to it, nothing more: 42 CFR Part 2 and HIPAA's minimum
 * necessary standard, since e-mail is not a safe channel for recovery information. */
#ifndef PD_OPS_NOTIFY_H
#define PD_OPS_NOTIFY_H

#include "ops.h"

/* Longest title and body of a notice, in bytes. */
#define NOTIFY_TITLE_MAX 200
#define NOTIFY_BODY_MAX 4000
/* Longest link (a path in the app) and kind or record type. */
#define NOTIFY_LINK_MAX 300
#define NOTIFY_KIND_MAX 32

/* The process's settings for the mail op_notify queues, set once by the server before its
 * threads start (not thread-safe; CLI and tests may leave them unset):
 *   public_url    the address people reach peerdesk at ("https://peerdesk.example.org", no
 *                 trailing slash), which the e-mail's link starts with; NULL: the e-mail tells
 *                 the reader to sign in and open their inbox, without a link;
 *   mail_pending  called (on the committing thread) right after a transaction that queued
 *                 mail commits, to wake the mailer; NULL: nothing to wake.
 * The strings are not copied: they must outlive every op_notify. */
void notify_configure(const char *public_url, void (*mail_pending)(void));

/* Put a notice in to_user's inbox, INSIDE the caller's open transaction (after op_begin; this
 * neither begins nor commits): the inbox row; an outbox row when the recipient has an e-mail
 * address and an enabled account (subject and body in their language, minimum necessary, see
 * above); the audit event "notification.create" (record notification, reason the kind) as the
 * context's actor. The mailer is woken when the caller's op_end commits.
 *   to_user                 the recipient, a user of c->who.org_id
 *   kind                    what it is: 1-32 of a-z 0-9 _ ("incident", "escalation", "test")
 *   record_type, record_id  the record it is about (NULL and 0: none)
 *   title                   1-NOTIFY_TITLE_MAX bytes, one line; body NULL or at most
 *                           NOTIFY_BODY_MAX bytes (both shown in the app only)
 *   link                    NULL, or a path in the app: "/" then no "/" or "\", at most
 *                           NOTIFY_LINK_MAX bytes, printable ASCII
 *   escalate_after_seconds  0: never escalates; else, unacknowledged this long after now, the
 *                           notice goes to escalate_to too (notify_escalate_due)
 *   escalate_to             a user of the organization, or 0 (then it never escalates)
 * *id (may be NULL) receives the notice's id. 0, or -1 when an argument is out of bounds, the
 * recipient or the escalation recipient is not in the organization, or the store or the audit
 * trail failed: the caller fails its operation and rolls back. */
int op_notify(struct op_ctx *c, int64_t to_user, const char *kind, const char *record_type,
              int64_t record_id, const char *title, const char *body, const char *link,
              int64_t escalate_after_seconds, int64_t escalate_to, int64_t *id);

/* Acknowledge notice id, in its own transaction, audited "notification.ack". The recipient
 * may, and so may the person it escalated to (escalate_to, once it escalated). Acknowledging
 * either the original or its escalation notice closes both: the other is acknowledged too by
 * the same person (audited alike). OP_NOT_FOUND for a notice of anyone else (the same answer
 * as none at all); OP_CONFLICT code "already_acknowledged" when it already was. OP_OK with the
 * id. */
enum op_status op_notify_ack(struct op_ctx *c, int64_t id, struct op_result *res);

/* The actor opens notice id, one of their own: *out receives it (arena strings), marked read
 * the first time (audited "notification.read" then, as a read of the notice; later openings
 * are audited as reads too). Its own transaction. OP_NOT_FOUND for anyone else's. */
struct notification;
enum op_status op_notify_read(struct op_ctx *c, int64_t id, struct notification *out,
                              struct op_result *res);

/* A test notice to the actor themself from the settings page, to check the inbox and the
 * mail relay (administrators only: OP_FORBIDDEN): kind "test", about the actor's own account,
 * in the actor's language. escalate_to (0: none), a user of the organization, is sent an
 * escalation of it after the policy's incident_escalate_minutes unless it is acknowledged
 * first, to check that path too (OP_INVALID field escalate_to for anyone else). One
 * transaction; OP_OK with the notice's id. */
enum op_status op_notify_test(struct op_ctx *c, int64_t escalate_to, struct op_result *res);

/* Escalate every notice whose time has come (escalate_at at or before now, unacknowledged,
 * not escalated, with someone to escalate to), at most max of them (oldest first): for each,
 * in its own transaction, a notice of kind "escalation" to escalate_to, about the same record
 * with the same link, title and body (it does not escalate itself), and the original marked
 * escalated; audited "notification.escalate" as the system (no user; client "mailer"). A
 * notice acknowledged or escalated meanwhile (another process) is skipped. a holds the
 * working memory. Returns how many escalated, or -1 when the store failed (those before the
 * failure stay escalated). */
int notify_escalate_due(db *d, arena *a, int64_t now, int max);

#endif
