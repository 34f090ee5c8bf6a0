/* mailer.h - the server's mail thread: sends the e-mail outbox (mail_outbox, migration 016)
 * through an SMTP relay with libcurl, retrying with backoff, and escalates unacknowledged
 * notices when their time comes (notify_escalate_due, GR-5).
 *
 * It has a database connection of its own. op_notify wakes it when a transaction that queued
 * mail commits (mailer_wake, set as ops_notify's mail_pending hook), so a notice's e-mail
 * leaves within a second; besides, it looks for due mail every MAILER_POLL_MS and for due
 * escalations every MAILER_ESCALATE_S, which also picks up what another process queued.
 * Without a relay (smtp_url NULL) it only escalates, and mail stays queued until the server
 * is started with one. */
#ifndef PD_MAILER_H
#define PD_MAILER_H

#include <stddef.h>

/* How often the thread looks without being woken: the longest a mail queued by another
 * process (or retried) waits for its turn. */
#define MAILER_POLL_MS 1000
/* How often it looks for notices due to escalate: well under the shortest escalation time
 * a policy allows (a minute, incident_escalate_minutes). */
#define MAILER_ESCALATE_S 2
/* The monitoring programs' daily pass (mon_daily_pass) runs this often, in seconds. */
#define MAILER_MONITOR_S 60
/* A try that failed for a passing reason is tried again after 30 s, doubling each time up to
 * an hour; after MAILER_MAX_ATTEMPTS tries (about five hours) it is given up on and stays in
 * the outbox with its last error for the administrator (the settings page shows it). */
#define MAILER_RETRY_FIRST_S 30
#define MAILER_RETRY_MAX_S 3600
#define MAILER_MAX_ATTEMPTS 12

struct mailer_config {
    const char *db_url;
    const char *smtp_url;      /* smtp://HOST:PORT or smtps://HOST:PORT; NULL: no relay */
    const char *smtp_user;     /* NULL: no authentication */
    const char *smtp_password; /* with smtp_user; copied, and the copy wiped by mailer_stop */
    const char *mail_from;     /* the envelope and From: address (check_email) */
};

/* Check c: a relay URL of scheme smtp or smtps with a host and no user or password in it
 * (those go in smtp_user and the password file), a From address when there is a relay, a
 * user only with a password. 0, or -1 with a sentence in err. */
int mailer_check(const struct mailer_config *c, char *err, size_t errlen);

/* Start the thread (after mailer_check; libcurl's global state is set up here, before the
 * server's other threads use it) and say once on stderr where mail goes, or that it stays
 * queued. 0, or -1 when the thread could not start. c's strings must outlive mailer_stop,
 * except the password, which is copied. */
int mailer_start(const struct mailer_config *c);

/* Wake the thread to send what was just queued. Thread-safe and cheap; a no-op when the
 * thread is not running. */
void mailer_wake(void);

/* Stop the thread (an SMTP exchange under way is abandoned; its mail is tried again later),
 * close its connection, wipe the password. Accepts being called without mailer_start. */
void mailer_stop(void);

/* 1 when the running server sends mail through a relay, else 0; and its From address (NULL
 * without a relay). For the settings page. */
int mailer_relay_configured(void);
const char *mailer_from(void);

#endif
