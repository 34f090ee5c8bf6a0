/* server.h - run the HTTP server (libmicrohttpd, thread pool, a pool of DB connections the threads share). */
#ifndef PD_SERVER_H
#define PD_SERVER_H

#include <stddef.h>

struct server_config {
    const char *db_url;
    const char *listen;    /* "HOST:PORT", e.g. "127.0.0.1:8080" */
    unsigned threads;      /* worker threads */
    unsigned db_conns;     /* database connections the threads share; 0: server_db_conns */
    size_t body_limit;     /* largest request body in bytes */
    unsigned timeout_s;    /* idle connection timeout (slow clients) */
    const char *tls_cert;  /* PEM files; both or neither */
    const char *tls_key;
    int trust_proxy_https; /* behind a TLS proxy: mark cookies Secure */
    int quiet;             /* no access log */
    int debug_queries;     /* report each request's statements and round trips (never in
                            * production: it tells a client how much work a page is) */
    /* Mail (mailer.h, GR-5): the relay (NULL: mail stays queued), its user and password (the
     * password read from a file by the caller, wiped by it after server_run), the From
     * address, and the address people reach peerdesk at (e-mail links; NULL: none). */
    const char *smtp_url, *smtp_user, *smtp_password, *mail_from;
    const char *public_url;
};

/* Defaults for every field but db_url. */
void server_config_defaults(struct server_config *c);

/* How many database connections the server opens (at most): c->db_conns if set; else on
 * PostgreSQL the cores online (sysconf), since more busy backends than the database's cores
 * only queue there, and on SQLite (in-process, no server) one for every thread that may ask.
 * At least 2, at most 256. */
unsigned server_db_conns(const struct server_config *c);

/* Serve until SIGINT/SIGTERM. Returns a process exit code. */
int server_run(const struct server_config *c);

#endif
