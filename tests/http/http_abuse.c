/* http_abuse.c - unauthenticated resource exhaustion and request parsing over real HTTP:
 * uploads refused before their body, connection deadlines that a trickle of bytes cannot
 * move, the sign-in queue under a flood, lockout per client address with a throttle per
 * username, the purge of old failures, and state changes that read their body only. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "harness.h"

/* Users that one test changes for good (failures, locks): each test has its own. */
static int64_t id_victim, id_target;

static int group_setup(void **state)
{
    th_env *e = th_env_start();
    if (!e)
        return -1;
    id_victim = th_add_user(e, TH_ALPHA, "victim", ROLE_PEER);
    id_target = th_add_user(e, TH_BETA, "target", ROLE_PEER);
    *state = e;
    return id_victim < 0 || id_target < 0 ? -1 : 0;
}

/* cmocka reports a failed group teardown but still exits 0: remember it. */
static int teardown_failed;

static int group_teardown(void **state)
{
    teardown_failed = th_env_stop(*state) != 0;
    return teardown_failed ? -1 : 0;
}

static th_sess *signed_in(th_env *e, int org, const char *username)
{
    th_sess *s = th_sess_new(e);
    assert_non_null(s);
    if (th_login(s, e->org[org].slug, username, TH_PASSWORD) != 200)
        fail_msg("sign-in of %s/%s failed\n%s", e->org[org].slug, username, th_last(s));
    return s;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* ---- a raw TCP client: for requests curl would not send (headers without a body) ---- */

static int raw_connect(th_env *e)
{
    int port = atoi(strrchr(e->base, ':') + 1);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    return fd;
}

static void raw_send(int fd, const char *s)
{
    assert_int_equal(send(fd, s, strlen(s), MSG_NOSIGNAL), (ssize_t)strlen(s));
}

/* The status of the response that arrives within ms milliseconds, or 0 when none did. */
static int raw_status(int fd, int ms)
{
    char buf[4096];
    size_t n = 0;
    double end = now_ms() + ms;
    while (n < sizeof buf - 1) {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        int left = (int)(end - now_ms());
        if (left <= 0 || poll(&p, 1, left) != 1)
            break;
        ssize_t k = recv(fd, buf + n, sizeof buf - 1 - n, 0);
        if (k <= 0)
            break;
        n += (size_t)k;
        buf[n] = '\0';
        if (strstr(buf, "\r\n"))
            break;
    }
    buf[n] = '\0';
    int status = 0;
    if (sscanf(buf, "HTTP/1.%*d %d", &status) != 1)
        return 0;
    return status;
}

/* Headers of an upload of 4 MiB (under the 5 MiB limit) to an evidence route, without its
 * body; cookie may be NULL. */
static void send_upload_headers(int fd, const char *cookie)
{
    char req[1024];
    snprintf(req, sizeof req,
             "POST /api/v1/workforce/1/evidence HTTP/1.1\r\nHost: 127.0.0.1\r\n"
             "Content-Type: multipart/form-data; boundary=xyz\r\n"
             "Content-Length: 4194304\r\n%s%s%s\r\n",
             cookie ? "Cookie: pd_session=" : "", cookie ? cookie : "", cookie ? "\r\n" : "");
    raw_send(fd, req);
}

/* ---- uploads: authentication and role before the body ------------------------------- */

/* Issue 7: a made-up session cookie used to be enough for the server to buffer 5 MiB. */
static void test_upload_with_a_made_up_session_is_401_before_its_body(void **state)
{
    th_env *e = *state;
    int fd = raw_connect(e);
    send_upload_headers(fd, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    int st = raw_status(fd, 5000);
    close(fd);
    if (st != 401)
        fail_msg("upload headers with a made-up session: status %d before the body (expected "
                 "401; 0 means the server waited for the 4 MiB body)", st);

    fd = raw_connect(e);
    send_upload_headers(fd, NULL);
    st = raw_status(fd, 5000);
    close(fd);
    assert_int_equal(st, 401);
}

static void test_upload_by_a_role_that_may_not_is_403_before_its_body(void **state)
{
    th_env *e = *state;
    th_sess *s = signed_in(e, TH_ALPHA, "auditor"); /* not workforce staff */
    int fd = raw_connect(e);
    send_upload_headers(fd, th_cookie(s, "pd_session"));
    int st = raw_status(fd, 5000);
    close(fd);
    if (st != 403)
        fail_msg("upload headers from an auditor: status %d before the body (expected 403)", st);
    th_sess_free(s);
}

static void test_upload_body_over_the_limit_is_413_before_it_is_sent(void **state)
{
    th_env *e = *state;
    int fd = raw_connect(e);
    raw_send(fd, "POST /api/v1/workforce/1/evidence HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                 "Content-Type: multipart/form-data; boundary=xyz\r\n"
                 "Content-Length: 6000000\r\n\r\n");
    int st = raw_status(fd, 5000);
    close(fd);
    assert_int_equal(st, 413);
}

/* ---- deadlines --------------------------------------------------------------------- */

/* Issue 7: 1,030 connections each sending a byte every 10 s denied service to everyone,
 * as every byte reset the 30 s inactivity timeout. Headers have 15 s in all, a form body
 * 30 s; a trickle of one header line or one byte a second must not hold either longer. */
static void test_trickled_headers_and_body_are_cut_off_at_their_deadlines(void **state)
{
    th_env *e = *state;
    int hfd = raw_connect(e), bfd = raw_connect(e);
    raw_send(hfd, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    raw_send(bfd, "POST /api/v1/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{");
    double start = now_ms(), closed[2] = {0, 0};
    int fds[2] = {hfd, bfd};
    while (now_ms() - start < 45000 && (!closed[0] || !closed[1])) {
        for (int i = 0; i < 2; i++) {
            if (closed[i])
                continue;
            struct pollfd p = {.fd = fds[i], .events = POLLIN};
            char c;
            /* Readable here means the end of the stream (or a 408): the server let go. */
            if (poll(&p, 1, 0) == 1 && recv(fds[i], &c, 1, MSG_DONTWAIT) <= 0)
                closed[i] = now_ms();
            else if (send(fds[i], i == 0 ? "X-Slow: a\r\n" : " ", i == 0 ? 11 : 1,
                          MSG_NOSIGNAL) < 0)
                closed[i] = now_ms();
        }
        usleep(1000 * 1000);
    }
    close(hfd);
    close(bfd);
    if (!closed[0] || closed[0] - start > 25000)
        fail_msg("a connection trickling header lines was %s (deadline 15 s)",
                 closed[0] ? "closed late" : "still open after 45 s");
    if (!closed[1] || closed[1] - start > 40000)
        fail_msg("a connection trickling its body was %s (deadline 30 s)",
                 closed[1] ? "closed late" : "still open after 45 s");
    /* Not cut off early either: the deadlines are seconds, not the first quiet moment. */
    assert_true(closed[0] - start > 8000);
    assert_true(closed[1] - start > 20000);

    /* The server still answers. */
    th_sess *s = th_sess_new(e);
    assert_int_equal(th_get(s, "/healthz"), 200);
    th_sess_free(s);
}

/* ---- the sign-in queue --------------------------------------------------------------- */

#define FLOODERS 16

struct flood {
    th_env *e;
    atomic_int stop;
    int sent, busy, busy_without_retry_after, other;
};

struct flooder {
    CURL *h;
    char body[160];
    int retry_after;
};

static size_t drop(char *p, size_t size, size_t n, void *ud)
{
    (void)p;
    (void)ud;
    return size * n;
}

static size_t see_header(char *p, size_t size, size_t n, void *ud)
{
    struct flooder *f = ud;
    if (size * n > 12 && strncasecmp(p, "Retry-After:", 12) == 0)
        f->retry_after = 1;
    return size * n;
}

/* FLOODERS clients sending wrong passwords for ever new usernames (each one hashed). */
static void *flood_run(void *arg)
{
    struct flood *fl = arg;
    char url[128];
    snprintf(url, sizeof url, "%s/api/v1/login", fl->e->base);
    struct curl_slist *hdr = curl_slist_append(NULL, "Content-Type: application/json");
    hdr = curl_slist_append(hdr, "Expect:");
    CURLM *m = curl_multi_init();
    struct flooder f[FLOODERS];
    for (int i = 0; i < FLOODERS; i++) {
        f[i].h = curl_easy_init();
        curl_easy_setopt(f[i].h, CURLOPT_URL, url);
        curl_easy_setopt(f[i].h, CURLOPT_HTTPHEADER, hdr);
        curl_easy_setopt(f[i].h, CURLOPT_WRITEFUNCTION, drop);
        curl_easy_setopt(f[i].h, CURLOPT_HEADERFUNCTION, see_header);
        curl_easy_setopt(f[i].h, CURLOPT_HEADERDATA, &f[i]);
        curl_easy_setopt(f[i].h, CURLOPT_PRIVATE, &f[i]);
        curl_easy_setopt(f[i].h, CURLOPT_TIMEOUT, 30L);
        snprintf(f[i].body, sizeof f[i].body,
                 "{\"org\":\"alpha\",\"username\":\"flood%d-%d\",\"password\":\"Wrong-guess-1\"}",
                 i, fl->sent++);
        curl_easy_setopt(f[i].h, CURLOPT_POSTFIELDS, f[i].body);
        f[i].retry_after = 0;
        curl_multi_add_handle(m, f[i].h);
    }
    int running = 1;
    while (running) {
        curl_multi_perform(m, &running);
        CURLMsg *msg;
        int left;
        while ((msg = curl_multi_info_read(m, &left))) {
            if (msg->msg != CURLMSG_DONE)
                continue;
            struct flooder *x;
            long st = 0;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&x);
            curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &st);
            if (st == 503) {
                fl->busy++;
                fl->busy_without_retry_after += !x->retry_after;
            } else if (st != 401) {
                fl->other++;
            }
            curl_multi_remove_handle(m, x->h);
            if (!atomic_load(&fl->stop)) {
                snprintf(x->body, sizeof x->body,
                         "{\"org\":\"alpha\",\"username\":\"flood-%d\",\"password\":\"Wrong-1\"}",
                         fl->sent++);
                curl_easy_setopt(x->h, CURLOPT_POSTFIELDS, x->body);
                x->retry_after = 0;
                curl_multi_add_handle(m, x->h);
                running = 1;
            }
        }
        if (running)
            curl_multi_poll(m, NULL, 0, 100, NULL);
    }
    for (int i = 0; i < FLOODERS; i++)
        curl_easy_cleanup(f[i].h);
    curl_multi_cleanup(m);
    curl_slist_free_all(hdr);
    return NULL;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Issue 7: 16 clients sending bad logins raised a signed-in GET from 2.3 ms to 1.5 s, all
 * workers waiting behind the two argon2id slots. Now sign-ins past the slots and a short
 * queue are answered 503 with Retry-After at once, and signed-in pages stay fast. The
 * bound on the GET is loose on purpose (a shared 2-core machine). */
static void test_login_flood_is_answered_503_while_signed_in_pages_stay_fast(void **state)
{
    th_env *e = *state;
    th_sess *s = signed_in(e, TH_ALPHA, "peer");
    struct flood fl = {.e = e};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, flood_run, &fl), 0);
    usleep(500 * 1000); /* let the flood fill the queue */
    double took[15];
    for (int i = 0; i < 15; i++) {
        double t0 = now_ms();
        long st = th_get(s, "/api/v1/me");
        took[i] = now_ms() - t0;
        if (st != 200)
            fail_msg("GET /api/v1/me during the flood: %ld\n%s", st, th_last(s));
        usleep(100 * 1000);
    }
    atomic_store(&fl.stop, 1);
    pthread_join(t, NULL);
    qsort(took, 15, sizeof *took, cmp_double);
    fprintf(stderr, "flood: %d sign-ins, %d answered 503; signed-in GET median %.1f ms, "
                    "max %.1f ms\n", fl.sent, fl.busy, took[7], took[14]);
    if (fl.busy == 0)
        fail_msg("%d bad sign-ins from %d clients at once: none was answered 503", fl.sent,
                 FLOODERS);
    assert_int_equal(fl.busy_without_retry_after, 0);
    assert_int_equal(fl.other, 0);
    if (took[7] > 500)
        fail_msg("signed-in GET median %.0f ms during the flood (expected well under 500)",
                 took[7]);
    th_sess_free(s);
}

/* ---- lockout per address, throttle per username ----------------------------------------- */

/* Sign in to org/username from source address addr (127.0.0.x: every loopback address
 * reaches the server). Returns the status; code receives error.code ("" if none). */
static long login_from(th_env *e, const char *addr, const char *org, const char *username,
                       const char *password, char code[32])
{
    CURL *h = curl_easy_init();
    char url[128], iface[64], body[256];
    snprintf(url, sizeof url, "%s/api/v1/login", e->base);
    snprintf(iface, sizeof iface, "host!%s", addr);
    snprintf(body, sizeof body, "{\"org\":\"%s\",\"username\":\"%s\",\"password\":\"%s\"}", org,
             username, password);
    struct curl_slist *hdr = curl_slist_append(NULL, "Content-Type: application/json");
    char resp[2048] = "";
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_INTERFACE, iface);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, NULL); /* fwrite into the memory stream */
    FILE *mem = fmemopen(resp, sizeof resp - 1, "w");
    curl_easy_setopt(h, CURLOPT_WRITEDATA, mem);
    long st = 0;
    if (curl_easy_perform(h) == CURLE_OK)
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &st);
    fclose(mem);
    curl_easy_cleanup(h);
    curl_slist_free_all(hdr);
    code[0] = '\0';
    json_t *j = json_loads(resp, 0, NULL);
    const char *c = json_string_value(json_object_get(json_object_get(j, "error"), "code"));
    if (c)
        snprintf(code, 32, "%s", c);
    json_decref(j);
    return st;
}

/* Issue 7: lockout per username let anyone keep any account locked. Ten wrong passwords
 * from another address lock that address only; the user at theirs still signs in. */
static void test_attacker_at_another_address_cannot_lock_the_user_out(void **state)
{
    th_env *e = *state;
    char code[32];
    for (int i = 0; i < 10; i++)
        assert_int_equal(login_from(e, "127.0.0.2", "alpha", "victim", "Wrong-guess-99", code),
                         401);
    assert_int_equal(login_from(e, "127.0.0.2", "alpha", "victim", TH_PASSWORD, code), 429);
    assert_string_equal(code, "locked");
    long st = login_from(e, "127.0.0.1", "alpha", "victim", TH_PASSWORD, code);
    if (st != 200)
        fail_msg("the user at their own address after another address's 10 failures: %ld %s "
                 "(expected 200)", st, code);
    /* Their good sign-in did not unlock the attacker's address. */
    assert_int_equal(login_from(e, "127.0.0.2", "alpha", "victim", TH_PASSWORD, code), 429);
}

/* Past 3 x lockout_failures failures from all addresses, a username gets one password check
 * per 10 s from addresses that already failed; a fresh address still gets its first. */
static void test_many_addresses_throttle_a_username_without_locking_its_owner_out(void **state)
{
    th_env *e = *state;
    char code[32], addr[32];
    assert_int_equal(th_sql(e,
                            "INSERT INTO policies (org_id, key, value, updated_at) VALUES "
                            "(%lld, 'lockout_failures', 3, 0)",
                            (long long)e->org[TH_BETA].id),
                     0);
    /* 3 addresses x 3 failures = 9: the next failure is past the throttle's threshold. */
    for (int a = 2; a <= 4; a++) {
        snprintf(addr, sizeof addr, "127.0.1.%d", a);
        for (int i = 0; i < 3; i++)
            assert_int_equal(login_from(e, addr, "beta", "target", "Wrong-guess-99", code), 401);
    }
    /* A fresh address: its first attempt is checked, its second takes the interval's one
     * check, its third within 10 s is throttled. */
    assert_int_equal(login_from(e, "127.0.1.9", "beta", "target", "Wrong-guess-99", code), 401);
    assert_int_equal(login_from(e, "127.0.1.9", "beta", "target", "Wrong-guess-99", code), 401);
    long st = login_from(e, "127.0.1.9", "beta", "target", "Wrong-guess-99", code);
    if (st != 429 || strcmp(code, "throttled") != 0)
        fail_msg("a third attempt in 10 s for a username under attack: %ld %s (expected 429 "
                 "throttled)", st, code);
    /* The owner at their own address gets in, though the throttle is on. */
    assert_int_equal(login_from(e, "127.0.0.1", "beta", "target", TH_PASSWORD, code), 200);
    assert_int_equal(th_sql(e, "DELETE FROM policies WHERE org_id = %lld",
                            (long long)e->org[TH_BETA].id),
                     0);
}

/* Issue 7: login_failures was never purged. A failed sign-in deletes every failure older
 * than the longest window any policy allows (1440 minutes). */
static void test_failures_older_than_the_longest_window_are_purged(void **state)
{
    th_env *e = *state;
    long long old = (long long)time(NULL) - 2 * 86400;
    assert_int_equal(th_sql(e,
                            "INSERT INTO login_failures (org_id, username, at) VALUES "
                            "(%lld, 'someone', %lld), (%lld, 'other', %lld)",
                            (long long)e->org[TH_ALPHA].id, old, (long long)e->org[TH_BETA].id,
                            old + 60),
                     0);
    th_sess *s = th_sess_new(e);
    assert_int_equal(th_login(s, "alpha", "nobody-here", "Wrong-guess-1"), 401);
    th_sess_free(s);
    /* Fails (a NOT NULL violation) if any row older than a day is left. */
    if (th_sql(e,
               "INSERT INTO login_failures (org_id, username, at) SELECT NULL, 'x', 0 "
               "WHERE EXISTS (SELECT 1 FROM login_failures WHERE at < %lld)",
               (long long)time(NULL) - 86400) != 0)
        fail_msg("failures from two days ago are still stored after a failed sign-in");
}

/* ---- state changes read their body only; media types match exactly ---------------------- */

static void test_post_parameters_in_the_query_string_are_ignored(void **state)
{
    th_env *e = *state;
    th_sess *s = th_sess_new(e);
    const char *body = "{\"password\":\"" TH_PASSWORD "\"}";
    th_request(s, "POST", "/api/v1/login?org=alpha&username=peer", "application/json", body,
               strlen(body));
    TH_ASSERT_ERROR(s, 400, "invalid");
    th_sess_free(s);
}

static void test_csrf_token_in_the_query_string_is_refused(void **state)
{
    th_env *e = *state;
    th_sess *s = signed_in(e, TH_ALPHA, "peer");
    char path[128];
    snprintf(path, sizeof path, "/logout?_csrf=%s", th_csrf(s));
    th_request(s, "POST", path, "application/x-www-form-urlencoded", "", 0);
    TH_ASSERT_STATUS(s, 403);
    /* Still signed in. */
    assert_int_equal(th_get(s, "/api/v1/me"), 200);
    th_sess_free(s);
}

static void test_json_media_type_is_matched_exactly(void **state)
{
    th_env *e = *state;
    th_sess *s = th_sess_new(e);
    const char *body = "{\"org\":\"alpha\",\"username\":\"peer\",\"password\":\"" TH_PASSWORD "\"}";
    th_request(s, "POST", "/api/v1/login", "application/jsonXYZ", body, strlen(body));
    TH_ASSERT_ERROR(s, 415, "unsupported_media_type");
    th_request(s, "POST", "/api/v1/login", "application/x-www-form-urlencodedX", "a=b", 3);
    TH_ASSERT_ERROR(s, 415, "unsupported_media_type");
    th_request(s, "POST", "/api/v1/login", "application/json; charset=utf-8", body, strlen(body));
    TH_ASSERT_STATUS(s, 200);
    th_sess_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_upload_with_a_made_up_session_is_401_before_its_body),
        cmocka_unit_test(test_upload_by_a_role_that_may_not_is_403_before_its_body),
        cmocka_unit_test(test_upload_body_over_the_limit_is_413_before_it_is_sent),
        cmocka_unit_test(test_trickled_headers_and_body_are_cut_off_at_their_deadlines),
        cmocka_unit_test(test_login_flood_is_answered_503_while_signed_in_pages_stay_fast),
        cmocka_unit_test(test_attacker_at_another_address_cannot_lock_the_user_out),
        cmocka_unit_test(test_many_addresses_throttle_a_username_without_locking_its_owner_out),
        cmocka_unit_test(test_failures_older_than_the_longest_window_are_purged),
        cmocka_unit_test(test_post_parameters_in_the_query_string_are_ignored),
        cmocka_unit_test(test_csrf_token_in_the_query_string_is_refused),
        cmocka_unit_test(test_json_media_type_is_matched_exactly),
    };
    int failed = cmocka_run_group_tests_name("http_abuse", tests, group_setup, group_teardown);
    return failed || teardown_failed ? 1 : 0;
}
