/* notify_store.h - typed store functions for the in-app inbox (notifications) and the e-mail
 * outbox (mail_outbox), migration 016, GR-5. The SQL is in q_notify.def; each function binds
 * its own parameters. Strings of the rows are arena copies. Writes join the caller's
 * transaction. */
#ifndef PD_NOTIFY_STORE_H
#define PD_NOTIFY_STORE_H

#include <stdint.h>

#include "arena.h"
#include "db.h"

/* One inbox item. Times are Unix seconds, 0 when not set; ids are 0 when not set. */
struct notification {
    int64_t id, org_id, user_id, record_id, origin_id;
    int64_t created_at, read_at, acked_at, acked_by;
    int64_t escalate_at, escalate_to, escalated_at, escalated_id;
    const char *kind, *record_type, *title, *body, *link;
    const char *acked_by_name;    /* who acknowledged it (display name), or NULL */
    const char *escalate_to_name; /* whom it escalates to (display name), or NULL */
    const char *user_name;        /* the recipient's display name */
};

/* Store n (id, read, acknowledgment and escalation outcome are ignored: new); *id receives its
 * id. DB_OK or a negative enum db_rc. */
int notify_insert(db *d, const struct notification *n, int64_t *id);

/* Item id of org_id: 1 (in *out), 0 absent (or another organization's), -1 error. */
int notify_get(db *d, arena *a, int64_t org_id, int64_t id, struct notification *out);

/* A page of user_id's inbox, unacknowledged first, newest first: limit rows from offset into
 * *out (arena), *n of them; *total items and *open unacknowledged ones in the whole inbox (0
 * when the page is past the end). 0 or -1. */
int notify_page(db *d, arena *a, int64_t org_id, int64_t user_id, int64_t limit, int64_t offset,
                struct notification **out, int *n, int64_t *total, int64_t *open);

/* Acknowledge item id of org_id as by at time at: 1 done, 0 it already was (or is absent),
 * -1 error. */
int notify_ack(db *d, int64_t org_id, int64_t id, int64_t by, int64_t at);

/* Mark item id first opened at time at: 1 marked, 0 it was before (or is absent), -1 error. */
int notify_mark_read(db *d, int64_t org_id, int64_t id, int64_t at);

/* An item whose escalation is due. */
struct notify_due {
    int64_t id, org_id;
};

/* Unacknowledged items of every organization whose escalation time is at or before now and
 * that have someone to escalate to, not escalated yet, oldest first: at most max into *out
 * (arena), *n of them. 0 or -1. */
int notify_due_list(db *d, arena *a, int64_t now, int max, struct notify_due **out, int *n);

/* Take item id's escalation at time at, unless it was acknowledged or escalated meanwhile:
 * 1 taken, 0 not, -1 error. */
int notify_claim_escalation(db *d, int64_t org_id, int64_t id, int64_t at);

/* Record the notice that escalating item id made. DB_OK or a negative enum db_rc. */
int notify_set_escalated(db *d, int64_t org_id, int64_t id, int64_t escalated_id);

/* Whom a notice goes to. */
struct notify_recipient {
    const char *email;            /* NULL: none */
    const char *language;         /* their own (a catalog code), or NULL */
    const char *default_language; /* the organization's, or NULL */
    int disabled;
};

/* user_id of org_id as a notice's recipient: 1 (in *out), 0 no such user there, -1 error. */
int notify_recipient(db *d, arena *a, int64_t org_id, int64_t user_id,
                     struct notify_recipient *out);

/* ---- the outbox ---- */

/* Queue a mail for notification_id (0: none), due at once (next_try_at = at). DB_OK with *id
 * or a negative enum db_rc. */
int mail_insert(db *d, int64_t org_id, int64_t notification_id, const char *to,
                const char *subject, const char *body, int64_t at, int64_t *id);

/* A mail due for a try. */
struct mail_row {
    int64_t id, org_id, attempts;
    const char *to, *subject, *body;
};

/* Mail of every organization whose next try is at or before now, oldest first: at most max
 * into *out (arena), *n of them. 0 or -1. */
int mail_due(db *d, arena *a, int64_t now, int max, struct mail_row **out, int *n);

/* Take mail id for a try at time now, counting the attempt; its next try moves to
 * lease_until meanwhile. 1 taken, 0 taken by another (or not due), -1 error. */
int mail_claim(db *d, int64_t id, int64_t now, int64_t lease_until);

/* The relay took mail id at time at. DB_OK or a negative enum db_rc. */
int mail_mark_sent(db *d, int64_t id, int64_t at);

/* A try of mail id failed with error (a sentence for the administrator, no address needed):
 * the next at next_try_at, or never when it is 0. DB_OK or a negative enum db_rc. */
int mail_mark_failed(db *d, int64_t id, const char *error, int64_t next_try_at);

/* An organization's unsent mail: *waiting still to be tried, *given_up no longer tried, and
 * the newest error among them in *last_error (arena; NULL when none). 0 or -1. */
int mail_stats(db *d, arena *a, int64_t org_id, int64_t *waiting, int64_t *given_up,
               const char **last_error);

/* The mail queued for a notice, as the tests and the inbox read it. */
struct mail_state {
    int64_t id, attempts, sent_at;
    const char *to, *last_error;
};

/* The mail of notification_id (at most max, oldest first) into *out (arena). 0 or -1. */
int mail_of_notification(db *d, arena *a, int64_t org_id, int64_t notification_id, int max,
                         struct mail_state **out, int *n);

#endif
