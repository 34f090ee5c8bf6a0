/* mailer.c - the mail thread: the outbox through libcurl's SMTP, and escalations (mailer.h). */
#include "mailer.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <sodium.h>

#include "account_rules.h"
#include "arena.h"
#include "buf.h"
#include "db.h"
#include "notify_store.h"
#include "ops_monitor.h"
#include "ops_notify.h"

/* Mail taken per pass, and escalations: a pass ends soon enough to notice a stop, and the
 * next pass takes the rest at once (a full pass does not wait). */
#define PASS_MAX 20
/* While a try is under way its row is leased this long: a mailer that dies mid-send leaves
 * the mail to be tried again after it (by this process after a restart, or another). */
#define LEASE_S 300
/* SMTP exchange limits: a relay that does not answer is not waited on for ever. */
#define CONNECT_TIMEOUT_S 10
#define EXCHANGE_TIMEOUT_S 60

static struct mailer_config cfg;
static char *password; /* cfg.smtp_password's copy, wiped at stop */
static pthread_t thread;
static int running;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int woken, stopping;

int mailer_check(const struct mailer_config *c, char *err, size_t errlen)
{
    if (!c->smtp_url) {
        if (c->smtp_user) {
            snprintf(err, errlen, "--smtp-user needs --smtp");
            return -1;
        }
        return 0;
    }
    CURLU *u = curl_url();
    char *scheme = NULL, *host = NULL, *user = NULL, *pass = NULL;
    int bad = !u || curl_url_set(u, CURLUPART_URL, c->smtp_url, 0) != CURLUE_OK ||
              curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
              curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK;
    if (!bad && (strcmp(scheme, "smtp") != 0 && strcmp(scheme, "smtps") != 0))
        bad = 1;
    int userinfo = !bad && (curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK ||
                            curl_url_get(u, CURLUPART_PASSWORD, &pass, 0) == CURLUE_OK);
    curl_free(scheme);
    curl_free(host);
    curl_free(user);
    curl_free(pass);
    curl_url_cleanup(u);
    if (bad) {
        snprintf(err, errlen, "--smtp must be smtp://HOST:PORT or smtps://HOST:PORT");
        return -1;
    }
    if (userinfo) {
        /* A password in the URL would show in the process list and the start-up line. */
        snprintf(err, errlen, "--smtp takes no user or password: use --smtp-user and "
                              "--smtp-password-file");
        return -1;
    }
    if (!c->mail_from || check_email(c->mail_from)) {
        snprintf(err, errlen, "--smtp needs --mail-from ADDRESS (an e-mail address: %s)",
                 c->mail_from ? check_email(c->mail_from) : "none given");
        return -1;
    }
    if (!c->smtp_user != !c->smtp_password) {
        snprintf(err, errlen, "--smtp-user and --smtp-password-file go together");
        return -1;
    }
    return 0;
}

/* 1 when url's host is this machine: credentials may go there without TLS. */
static int loopback(const char *url)
{
    CURLU *u = curl_url();
    char *host = NULL;
    int lo = u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
             curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
             (!strcmp(host, "127.0.0.1") || !strcmp(host, "localhost") || !strcmp(host, "[::1]"));
    curl_free(host);
    curl_url_cleanup(u);
    return lo;
}

/* ---- the message ---- */

/* Append s as an RFC 2047 encoded word when it is not plain ASCII (a Spanish subject). */
static void header_text(buf *b, const char *s)
{
    int ascii = 1;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p > 0x7e)
            ascii = 0;
    if (ascii) {
        buf_puts(b, s);
        return;
    }
    size_t n = strlen(s), cap = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
    char *enc = malloc(cap);
    if (!enc)
        return;
    sodium_bin2base64(enc, cap, (const unsigned char *)s, n, sodium_base64_VARIANT_ORIGINAL);
    buf_puts(b, "=?UTF-8?B?");
    buf_puts(b, enc);
    buf_puts(b, "?=");
    free(enc);
}

/* Append text as quoted-printable (RFC 2045 6.7) with CRLF line ends: any relay carries it,
 * 8BITMIME or not. */
static void quoted_printable(buf *b, const char *text)
{
    static const char hex[] = "0123456789ABCDEF";
    int col = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p == '\n') {
            buf_puts(b, "\r\n");
            col = 0;
            continue;
        }
        int plain = (*p >= 33 && *p <= 126 && *p != '=') ||
                    (*p == ' ' && p[1] != '\n' && p[1] != '\0');
        int width = plain ? 1 : 3;
        if (col + width > 75) { /* a soft line break keeps lines within 76 */
            buf_puts(b, "=\r\n");
            col = 0;
        }
        if (plain) {
            buf_putc(b, (char)*p);
        } else {
            buf_putc(b, '=');
            buf_putc(b, hex[*p >> 4]);
            buf_putc(b, hex[*p & 15]);
        }
        col += width;
    }
    buf_puts(b, "\r\n");
}

/* The whole message of m into b. */
static void compose(buf *b, const struct mail_row *m)
{
    char date[64];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
    unsigned char rnd[8];
    randombytes_buf(rnd, sizeof rnd);
    char id[17];
    sodium_bin2hex(id, sizeof id, rnd, sizeof rnd);
    const char *domain = strrchr(cfg.mail_from, '@') + 1;
    buf_puts(b, "Date: ");
    buf_puts(b, date);
    buf_puts(b, "\r\nFrom: ");
    buf_puts(b, cfg.mail_from);
    buf_puts(b, "\r\nTo: ");
    buf_puts(b, m->to);
    buf_puts(b, "\r\nSubject: ");
    header_text(b, m->subject);
    char mid[160];
    snprintf(mid, sizeof mid, "\r\nMessage-ID: <peerdesk.%lld.%s@%s>", (long long)m->id, id,
             domain);
    buf_puts(b, mid);
    buf_puts(b, "\r\nMIME-Version: 1.0\r\n"
                "Content-Type: text/plain; charset=UTF-8\r\n"
                "Content-Transfer-Encoding: quoted-printable\r\n"
                "Auto-Submitted: auto-generated\r\n\r\n");
    quoted_printable(b, m->body);
}

/* libcurl reads the message from here. */
struct upload {
    const char *data;
    size_t len, off;
};

static size_t read_cb(char *out, size_t size, size_t nitems, void *ud)
{
    struct upload *u = ud;
    size_t n = size * nitems, left = u->len - u->off;
    if (n > left)
        n = left;
    memcpy(out, u->data + u->off, n);
    u->off += n;
    return n;
}

/* Abandon the exchange when the server stops. */
static int progress_cb(void *ud, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
    (void)ud, (void)dt, (void)dn, (void)ut, (void)un;
    pthread_mutex_lock(&lock);
    int stop = stopping;
    pthread_mutex_unlock(&lock);
    return stop;
}

/* Hand m to the relay on handle c: 0 taken; 1 refused for good (a 5xx answer: the address
 * or the message will not do), -1 a passing failure; err says what (no address in it). */
static int smtp_send(CURL *c, const struct mail_row *m, char *err, size_t errlen)
{
    buf msg;
    buf_init(&msg);
    compose(&msg, m);
    struct upload up = {msg.data, msg.len, 0};
    char from[300], to[300], ebuf[CURL_ERROR_SIZE] = "";
    snprintf(from, sizeof from, "<%s>", cfg.mail_from);
    snprintf(to, sizeof to, "<%s>", m->to);
    struct curl_slist *rcpt = curl_slist_append(NULL, to);
    curl_easy_reset(c);
    curl_easy_setopt(c, CURLOPT_URL, cfg.smtp_url);
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
    curl_easy_setopt(c, CURLOPT_READDATA, &up);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)CONNECT_TIMEOUT_S);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)EXCHANGE_TIMEOUT_S);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, progress_cb);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, ebuf);
    /* STARTTLS whenever the relay offers it; required before a password goes to another
     * machine (smtps:// is TLS from the start). */
    long tls = cfg.smtp_user && !loopback(cfg.smtp_url) ? (long)CURLUSESSL_ALL
                                                        : (long)CURLUSESSL_TRY;
    curl_easy_setopt(c, CURLOPT_USE_SSL, tls);
    if (cfg.smtp_user) {
        curl_easy_setopt(c, CURLOPT_USERNAME, cfg.smtp_user);
        curl_easy_setopt(c, CURLOPT_PASSWORD, password);
    }
    CURLcode rc = curl_easy_perform(c);
    long code = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    curl_slist_free_all(rcpt);
    sodium_memzero(msg.data, msg.len); /* not secret, but a copy of the outbox is not kept */
    buf_free(&msg);
    if (rc == CURLE_OK)
        return 0;
    snprintf(err, errlen, "%s%s%s (SMTP %ld)", curl_easy_strerror(rc), ebuf[0] ? ": " : "", ebuf,
             code);
    return code >= 500 && code <= 599 ? 1 : -1;
}

/* When the try after `attempts` failed ones is due (0: no more tries). */
static int64_t next_try(int64_t now, int64_t attempts)
{
    if (attempts >= MAILER_MAX_ATTEMPTS)
        return 0;
    int64_t wait = MAILER_RETRY_FIRST_S;
    for (int64_t i = 1; i < attempts && wait < MAILER_RETRY_MAX_S; i++)
        wait *= 2;
    return now + (wait < MAILER_RETRY_MAX_S ? wait : MAILER_RETRY_MAX_S);
}

/* Send what is due. Returns how many rows it took (PASS_MAX: maybe more are waiting), -1 on
 * a store failure. */
static int send_due(db *d, CURL *c)
{
    arena *a = arena_new();
    int64_t now = (int64_t)time(NULL);
    struct mail_row *rows;
    int n;
    if (mail_due(d, a, now, PASS_MAX, &rows, &n) != 0) {
        arena_free(a);
        return -1;
    }
    for (int i = 0; i < n; i++) {
        int taken = mail_claim(d, rows[i].id, now, now + LEASE_S);
        if (taken <= 0) {
            if (taken < 0) {
                n = -1;
                break;
            }
            continue;
        }
        char err[512];
        int rc = smtp_send(c, &rows[i], err, sizeof err);
        int64_t done = (int64_t)time(NULL);
        int64_t attempts = rows[i].attempts + 1;
        if (rc == 0) {
            mail_mark_sent(d, rows[i].id, done);
        } else {
            int64_t when = rc > 0 ? 0 : next_try(done, attempts);
            fprintf(stderr, "peerdesk: mail %lld: try %lld failed: %s%s\n",
                    (long long)rows[i].id, (long long)attempts, err,
                    when ? "" : "; given up (see the settings page)");
            mail_mark_failed(d, rows[i].id, err, when);
        }
        db_release(d);
        pthread_mutex_lock(&lock);
        int stop = stopping;
        pthread_mutex_unlock(&lock);
        if (stop)
            break;
    }
    arena_free(a);
    return n;
}

static void *mailer_main(void *arg)
{
    (void)arg;
    db *d = NULL;
    CURL *c = cfg.smtp_url ? curl_easy_init() : NULL;
    int64_t last_escalation = 0;
    int busy = 0; /* the last pass was full: go on at once */
    int64_t last_monitor = 0;
    for (;;) {
        pthread_mutex_lock(&lock);
        if (!busy && !woken && !stopping) {
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_nsec += (long)MAILER_POLL_MS * 1000000L;
            until.tv_sec += until.tv_nsec / 1000000000L;
            until.tv_nsec %= 1000000000L;
            pthread_cond_timedwait(&cond, &lock, &until);
        }
        woken = 0;
        int stop = stopping;
        pthread_mutex_unlock(&lock);
        if (stop)
            break;
        busy = 0;
        if (!d) {
            char err[256];
            d = db_open(cfg.db_url, err, sizeof err);
            if (!d)
                continue; /* the request threads report an unreachable database */
        }
        if (db_ensure(d) != DB_OK)
            continue;
        int64_t now = (int64_t)time(NULL);
        if (now - last_escalation >= MAILER_ESCALATE_S) {
            arena *a = arena_new();
            int n = notify_escalate_due(d, a, now, PASS_MAX);
            arena_free(a);
            db_release(d);
            if (n < 0)
                fprintf(stderr, "peerdesk: escalation pass failed: %s\n", db_errmsg(d));
            else if (n > 0)
                fprintf(stderr, "peerdesk: escalated %d unacknowledged notice(s)\n", n);
            busy = n == PASS_MAX;
            last_escalation = busy ? 0 : now;
        }
        /* Monitoring programs' daily work (GR-8): seeds committed before the day, the day drawn
         * once its window opens, past days closed with what was missed. */
        if (now - last_monitor >= MAILER_MONITOR_S) {
            arena *a = arena_new();
            int n = mon_daily_pass(d, a, now);
            arena_free(a);
            db_release(d);
            if (n < 0)
                fprintf(stderr, "peerdesk: monitoring pass failed: %s\n", db_errmsg(d));
            last_monitor = now;
        }
        if (c && send_due(d, c) == PASS_MAX)
            busy = 1;
        db_release(d);
    }
    if (c)
        curl_easy_cleanup(c);
    db_close(d);
    return NULL;
}

int mailer_start(const struct mailer_config *c)
{
    cfg = *c;
    password = NULL;
    if (c->smtp_password) {
        password = sodium_malloc(strlen(c->smtp_password) + 1);
        if (!password)
            return -1;
        memcpy(password, c->smtp_password, strlen(c->smtp_password) + 1);
        cfg.smtp_password = NULL;
    }
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return -1;
    stopping = 0;
    woken = 0;
    if (pthread_create(&thread, NULL, mailer_main, NULL) != 0) {
        curl_global_cleanup();
        return -1;
    }
    running = 1;
    if (cfg.smtp_url)
        fprintf(stderr, "peerdesk: mail: sending notices through %s as %s%s\n", cfg.smtp_url,
                cfg.mail_from, cfg.smtp_user ? " (authenticated)" : "");
    else
        fprintf(stderr, "peerdesk: mail: no --smtp relay: notices reach the in-app inbox only "
                        "and their e-mail stays queued until peerdesk serves with --smtp\n");
    return 0;
}

void mailer_wake(void)
{
    pthread_mutex_lock(&lock);
    woken = 1;
    pthread_cond_signal(&cond);
    pthread_mutex_unlock(&lock);
}

void mailer_stop(void)
{
    if (running) {
        pthread_mutex_lock(&lock);
        stopping = 1;
        pthread_cond_signal(&cond);
        pthread_mutex_unlock(&lock);
        pthread_join(thread, NULL);
        running = 0;
        curl_global_cleanup();
    }
    if (password) {
        sodium_free(password); /* sodium_free wipes it */
        password = NULL;
    }
}

int mailer_relay_configured(void)
{
    return running && cfg.smtp_url != NULL;
}

const char *mailer_from(void)
{
    return running && cfg.smtp_url ? cfg.mail_from : NULL;
}
