/* server.h - run the HTTP server (libmicrohttpd, thread pool, one DB connection per worker thread). */
#ifndef PD_SERVER_H
#define PD_SERVER_H

#include <stddef.h>

struct server_config {
    const char *db_url;
    const char *listen;    /* "HOST:PORT", e.g. "127.0.0.1:8080" */
    unsigned threads;      /* worker threads (each with its own DB connection) */
    size_t body_limit;     /* largest request body in bytes */
    unsigned timeout_s;    /* idle connection timeout (slow clients) */
    const char *tls_cert;  /* PEM files; both or neither */
    const char *tls_key;
    int trust_proxy_https; /* behind a TLS proxy: mark cookies Secure */
    int quiet;             /* no access log */
    int debug_queries;     /* report each request's statements and round trips (never in
                            * production: it tells a client how much work a page is) */
};

/* Defaults for every field but db_url. */
void server_config_defaults(struct server_config *c);

/* Serve until SIGINT/SIGTERM. Returns a process exit code. */
int server_run(const struct server_config *c);

#endif
