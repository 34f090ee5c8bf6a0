/* test_wf_status.c - the stored workforce status (workforce_status.h, migration 011) on SQLite
 * and PostgreSQL: after `demo` it equals a full recomputation (wf_load_org) for every person,
 * on today and on each of the next 120 days once the date boundaries have been applied, so no
 * row goes wrong before its valid_until; every kind of write refreshes the person's row in
 * its transaction; a certification expiring shows lapsed the next day without any write
 * (WF-4); a policy change makes the rows stale and they are recomputed under it (WF-1). */
#include "ops_fixture.h"

#include "ops_settings.h"
#include "ops_users.h"
#include "ops_workforce.h"
#include "workforce_status.h"

#include <strings.h>

static const char *day(struct ofx *f, int offset)
{
    char *s = arena_alloc(f->a, 11);
    civil_format(civil_today() + offset, s);
    return s;
}

/* Every stored row of the organization on today, by name (as the dashboard reads them). */
static int stored(struct ofx *f, int32_t today, const char *q, struct wf_row **rows)
{
    struct wf_status_filter all = {-1, -1, 0, q};
    int n = -1;
    assert_int_equal(wf_status_refresh_stale(f->d, f->a, f->org, today, &f->pol), 0);
    assert_int_equal(
        wf_status_page(f->d, f->a, f->org, today, &all, WFS_NAME, 0, 0, 100000, rows, &n), 0);
    return n;
}

static void same_text(const char *what, int64_t id, const char *a, const char *b)
{
    if (strcmp(a ? a : "", b ? b : ""))
        fail_msg("person %lld: %s stored '%s', recomputed '%s'", (long long)id, what,
                 a ? a : "", b ? b : "");
}

/* The stored row s equals the computed row r. */
static void same_row(const struct wf_row *s, const struct wf_row *r)
{
    assert_int_equal(s->id, r->id);
    same_text("name", s->id, s->name, r->name);
    same_text("username", s->id, s->username, r->username);
    int a[] = {s->level, s->effective, s->training, s->certification, s->ce, s->supervision,
               s->overall, s->days_left, s->may_assign};
    int b[] = {r->level, r->effective, r->training, r->certification, r->ce, r->supervision,
               r->overall, r->days_left, r->may_assign};
    static const char *const what[] = {"level", "effective level", "training", "certification",
                                       "ce", "supervision", "overall", "days left",
                                       "may assign"};
    for (int k = 0; k < 9; k++)
        if (a[k] != b[k])
            fail_msg("person %lld: %s stored %d, recomputed %d", (long long)s->id, what[k], a[k],
                     b[k]);
    assert_int_equal(s->supervisor_id, r->supervisor_id);
    same_text("supervisor", s->id, s->supervisor, r->supervisor);
    same_text("training note", s->id, s->training_note, r->training_note);
    same_text("certification note", s->id, s->cert_note, r->cert_note);
    same_text("ce note", s->id, s->ce_note, r->ce_note);
    same_text("supervision note", s->id, s->supervision_note, r->supervision_note);
    same_text("assign rule", s->id, s->assign_rule, r->assign_rule);
}

static int by_name(const void *pa, const void *pb)
{
    const struct wf_row *a = pa, *b = pb;
    int c = strcasecmp(a->name, b->name);
    return c ? c : (a->id > b->id) - (a->id < b->id);
}

/* The stored rows on date equal a full recomputation of the organization, in the same order. */
static void stored_equals_recomputed(struct ofx *f, int32_t date)
{
    struct wf_row *s, *r;
    int nr = -1;
    int ns = stored(f, date, NULL, &s);
    assert_int_equal(wf_load_org(f->d, f->a, f->org, date, &f->pol, &r, &nr), 0);
    assert_int_equal(ns, nr);
    assert_true(nr >= 10); /* the named situations and the generated peers */
    qsort(r, (size_t)nr, sizeof *r, by_name);
    for (int i = 0; i < nr; i++)
        same_row(&s[i], &r[i]);
}

static void test_stored_status_equals_a_full_recomputation_after_demo_and_every_day_after(
    void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    int32_t today = civil_today();
    stored_equals_recomputed(f, today);
    /* Days pass with no write: only the rows whose valid_until has come are recomputed, and
     * every row still equals the recomputation (no boundary is missed). */
    for (int d = 1; d <= 120; d++)
        stored_equals_recomputed(f, today + d);
    assert_int_equal(wf_status_refresh_all(f->d, f->a, f->org, today, &f->pol), 0);
    stored_equals_recomputed(f, today);
}

/* The stored row of user_id on today, which must equal its recomputation; NULL when the
 * dashboard does not list them. */
static const struct wf_row *row_of(struct ofx *f, int64_t user_id, const char *username)
{
    struct wf_row *s, *r;
    int ns = stored(f, civil_today(), username, &s), nr = -1;
    const struct wf_row *mine = NULL;
    for (int i = 0; i < ns; i++)
        if (s[i].id == user_id)
            mine = &s[i];
    assert_int_equal(wf_load_org(f->d, f->a, f->org, civil_today(), &f->pol, &r, &nr), 0);
    for (int i = 0; i < nr; i++)
        if (r[i].id == user_id) {
            assert_non_null(mine);
            same_row(mine, &r[i]);
            return mine;
        }
    assert_null(mine);
    return NULL;
}

/* A new peer made by the administrator: listed at once, with no profile yet. */
static int64_t new_peer(struct ofx *f, const char *username)
{
    struct op_ctx c;
    struct op_result res;
    ofx_ctx(f, "admin", &c);
    struct user_in u = {.username = username, .display_name = username, .role = "peer"};
    assert_int_equal(op_user_create(&c, &u, &res), OP_OK);
    return res.id;
}

static void test_each_kind_of_write_refreshes_the_stored_row(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    int64_t id = new_peer(f, "wfs-writes");
    const struct wf_row *w = row_of(f, id, "wfs-writes");
    assert_non_null(w);
    assert_int_equal(w->overall, WF_NON_COMPLIANT);
    assert_string_equal(w->training_note, "No workforce profile yet.");

    ofx_ctx(f, "admin", &c);
    struct wf_profile_in p = {.user_id = id, .has_level = 1, .level = 2};
    assert_int_equal(op_wf_profile_save(&c, &p, &res), OP_OK);
    w = row_of(f, id, "wfs-writes");
    assert_int_equal(w->level, 2);
    assert_non_null(strstr(w->training_note, "0 of 18 hours"));

    struct wf_training_in t = {.user_id = id, .kind = "ethics_ccar", .title = "Ethics & CCAR",
                               .date = day(f, -3), .hours = "18"};
    assert_int_equal(op_wf_training_add(&c, &t, &res), OP_OK);
    w = row_of(f, id, "wfs-writes");
    assert_int_equal(w->training, WF_COMPLIANT);
    assert_int_equal(w->supervisor_id, 0);
    assert_int_equal(w->supervision, WF_NON_COMPLIANT);

    struct wf_assign_in as = {.user_id = id, .has_supervisor_id = 1,
                              .supervisor_id = ofx_user(f, "supervisor"), .start_date = day(f, -2)};
    assert_int_equal(op_wf_assign(&c, &as, &res), OP_OK);
    int64_t assignment = res.id;
    w = row_of(f, id, "wfs-writes");
    assert_int_equal(w->supervisor_id, ofx_user(f, "supervisor"));
    assert_non_null(strstr(w->supervision_note, "0 of"));

    struct wf_supervision_in sv = {.user_id = id, .date = day(f, -1), .kind = "clinical",
                                   .topics = "Boundaries", .has_minutes = 1, .minutes = 90,
                                   .has_supervisor_id = 1,
                                   .supervisor_id = ofx_user(f, "supervisor")};
    assert_int_equal(op_wf_supervision_add(&c, &sv, &res), OP_OK);
    w = row_of(f, id, "wfs-writes");
    assert_non_null(strstr(w->supervision_note, "1.5 of"));

    struct wf_cert_in ct = {.user_id = id, .body = "ncprss", .number = "N-1",
                            .issued = day(f, -30), .expires = day(f, 700)};
    assert_int_equal(op_wf_cert_add(&c, &ct, &res), OP_OK);
    w = row_of(f, id, "wfs-writes");
    assert_non_null(strstr(w->cert_note, "Certified"));
    assert_non_null(strstr(w->ce_note, "20 more hours"));

    struct wf_ce_in ce = {.user_id = id, .date = day(f, -1), .hours = "6", .category = "ethics",
                          .title = "Ethics"};
    assert_int_equal(op_wf_ce_add(&c, &ce, &res), OP_OK);
    w = row_of(f, id, "wfs-writes");
    assert_non_null(strstr(w->ce_note, "14 more hours"));

    struct wf_experience_in ex = {.user_id = id, .date = day(f, -1), .hours = "10",
                                  .description = "Peer support"};
    assert_int_equal(op_wf_experience_add(&c, &ex, &res), OP_OK);
    row_of(f, id, "wfs-writes"); /* nothing the dashboard shows; still equal */

    struct wf_assign_end_in end = {.user_id = id, .assignment_id = assignment,
                                   .end_date = day(f, 0)};
    assert_int_equal(op_wf_assign_end(&c, &end, &res), OP_OK);
    w = row_of(f, id, "wfs-writes");
    assert_int_equal(w->supervisor_id, 0);
    assert_int_equal(w->supervision, WF_NON_COMPLIANT);

    /* Disabled: off the dashboard; enabled again: back. Renamed: found by the new name. */
    struct user_update_in up = {.id = id, .set_disabled = 1, .disabled = 1};
    assert_int_equal(op_user_update(&c, &up, &res), OP_OK);
    assert_null(row_of(f, id, "wfs-writes"));
    up = (struct user_update_in){.id = id, .set_disabled = 1, .disabled = 0,
                                 .display_name = "Zelda Writes"};
    assert_int_equal(op_user_update(&c, &up, &res), OP_OK);
    assert_non_null(row_of(f, id, "zelda wri"));
    up = (struct user_update_in){.id = id, .role = "case_manager"};
    assert_int_equal(op_user_update(&c, &up, &res), OP_OK);
    assert_null(row_of(f, id, "wfs-writes"));
}

static void test_wf4_certification_expiring_shows_lapsed_the_next_day_without_a_write(
    void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    int64_t id = new_peer(f, "wfs-lapse");
    ofx_ctx(f, "admin", &c);
    struct wf_profile_in p = {.user_id = id, .has_level = 1, .level = 3};
    struct wf_training_in t = {.user_id = id, .kind = "ethics_ccar", .title = "Ethics & CCAR",
                               .date = day(f, -800), .hours = "18"};
    struct wf_cert_in ct = {.user_id = id, .body = "cprs", .number = "C-1",
                            .issued = day(f, -720), .expires = day(f, 10)};
    assert_int_equal(op_wf_profile_save(&c, &p, &res), OP_OK);
    assert_int_equal(op_wf_training_add(&c, &t, &res), OP_OK);
    assert_int_equal(op_wf_cert_add(&c, &ct, &res), OP_OK);
    struct wf_status_filter mine = {-1, -1, 0, "wfs-lapse"};
    struct wf_row *rows;
    int n;
    int32_t today = civil_today();
    /* The last day of the certification: still Level 3, due soon. */
    assert_int_equal(wf_status_refresh_stale(f->d, f->a, f->org, today + 10, &f->pol), 0);
    assert_int_equal(wf_status_page(f->d, f->a, f->org, today + 10, &mine, WFS_NAME, 0, 0, 10,
                                    &rows, &n),
                     0);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].effective, WF_L3);
    assert_int_equal(rows[0].certification, WF_DUE_SOON);
    assert_int_equal(rows[0].days_left, 0);
    /* The day after: lapsed, Level 2 scope (WF-4), with nothing written in between. */
    assert_int_equal(wf_status_refresh_stale(f->d, f->a, f->org, today + 11, &f->pol), 0);
    assert_int_equal(wf_status_page(f->d, f->a, f->org, today + 11, &mine, WFS_NAME, 0, 0, 10,
                                    &rows, &n),
                     0);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].certification, WF_NON_COMPLIANT);
    assert_int_equal(rows[0].effective, WF_L2);
    assert_non_null(strstr(rows[0].cert_note, "Certification expired on"));
    /* Back to today for the tests after this one. */
    assert_int_equal(wf_status_refresh_all(f->d, f->a, f->org, today, &f->pol), 0);
}

static void test_wf1_a_policy_change_makes_rows_stale_and_they_are_recomputed(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    struct op_ctx c;
    struct op_result res;
    int64_t id = new_peer(f, "wfs-policy");
    ofx_ctx(f, "admin", &c);
    struct wf_profile_in p = {.user_id = id, .has_level = 1, .level = 2};
    struct wf_training_in t = {.user_id = id, .kind = "ethics_ccar", .title = "Ethics & CCAR",
                               .date = day(f, -3), .hours = "18"};
    assert_int_equal(op_wf_profile_save(&c, &p, &res), OP_OK);
    assert_int_equal(op_wf_training_add(&c, &t, &res), OP_OK);
    assert_int_equal(row_of(f, id, "wfs-policy")->training, WF_COMPLIANT);
    /* Twenty hours of Ethics & CCAR from now on: 18 no longer suffice (WF-1). The row was
     * computed to stay valid for long; only the change makes it stale. */
    struct policy before = f->pol, next;
    struct settings_in in = {0};
    in.set[POL_L2_TRAINING_HOURS] = 1;
    in.v[POL_L2_TRAINING_HOURS] = 20;
    assert_int_equal(op_settings_save(&c, &in, &next, &res), OP_OK);
    f->pol = next;
    const struct wf_row *w = row_of(f, id, "wfs-policy");
    assert_int_equal(w->training, WF_NON_COMPLIANT);
    assert_non_null(strstr(w->training_note, "18 of 20 hours"));
    /* And back. */
    ofx_ctx(f, "admin", &c);
    in.v[POL_L2_TRAINING_HOURS] = before.v[POL_L2_TRAINING_HOURS];
    assert_int_equal(op_settings_save(&c, &in, &next, &res), OP_OK);
    f->pol = next;
    assert_int_equal(row_of(f, id, "wfs-policy")->training, WF_COMPLIANT);
}

static void test_dashboard_pages_read_by_key_match_pages_by_number(void **state)
{
    struct ofx *f = *state;
    OFX_NEED(f);
    int32_t today = civil_today();
    struct wf_status_filter all = {-1, -1, 0, NULL};
    for (int sort = WFS_NAME; sort <= WFS_LEVEL; sort++) {
        struct wf_row *every, *page;
        int n, k;
        assert_int_equal(wf_status_page(f->d, f->a, f->org, today, &all,
                                        (enum wf_status_sort)sort, 0, 0, 100000, &every, &n),
                         0);
        /* Pages of 7 by key cover the whole list in the same order. */
        int64_t after = 0;
        int seen = 0;
        do {
            assert_int_equal(wf_status_page(f->d, f->a, f->org, today, &all,
                                            (enum wf_status_sort)sort, after, 0, 7, &page, &k),
                             0);
            for (int i = 0; i < k; i++)
                assert_int_equal(page[i].id, every[seen + i].id);
            seen += k;
            after = k ? page[k - 1].id : 0;
        } while (k == 7);
        assert_int_equal(seen, n);
    }
}

int main(void)
{
    ofx_name = "wfstatus";
    const struct CMUnitTest tests[] = {
        OFX_TEST(test_stored_status_equals_a_full_recomputation_after_demo_and_every_day_after),
        OFX_TEST(test_each_kind_of_write_refreshes_the_stored_row),
        OFX_TEST(test_wf4_certification_expiring_shows_lapsed_the_next_day_without_a_write),
        OFX_TEST(test_wf1_a_policy_change_makes_rows_stale_and_they_are_recomputed),
        OFX_TEST(test_dashboard_pages_read_by_key_match_pages_by_number),
    };
    return cmocka_run_group_tests(tests, ofx_group_setup, ofx_group_teardown);
}
