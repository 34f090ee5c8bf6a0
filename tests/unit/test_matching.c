/* test_matching.c - RC-2 "Match Experience" on structured profiles: who is proposed, in what
 * order, and why. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "matching.h"

/* An eligible level-2 English-speaking peer with nothing else in their profile and 10 of 20
 * places free. */
static struct match_peer peer(int64_t id, const char *name)
{
    struct match_peer p = {
        .id = id,
        .name = name,
        .languages = "english",
        .level = 2,
        .caseload = 10,
        .capacity = 20,
        .eligible = 1,
    };
    return p;
}

/* 1 when result r has exactly this reason. */
static int has_reason(const struct match_result *r, const char *reason)
{
    for (int i = 0; i < r->nreasons; i++)
        if (strcmp(r->reasons[i], reason) == 0)
            return 1;
    return 0;
}

/* 1 when some reason of r starts with prefix. */
static int has_reason_prefix(const struct match_result *r, const char *prefix)
{
    for (int i = 0; i < r->nreasons; i++)
        if (strncmp(r->reasons[i], prefix, strlen(prefix)) == 0)
            return 1;
    return 0;
}

/* The acceptance case of issue 7: a Spanish-speaking recoveree who asks for a woman with
 * opioid and medication-assisted experience gets that peer first, with the reasons, ahead of
 * peers who have all but one of it (and more room or a higher level). */
static void test_rc2_spanish_speaker_asking_for_a_woman_with_opioid_and_mat_experience(void **st)
{
    (void)st;
    struct match_wants w = {.languages = "spanish", .peer_gender = "woman",
                            .substances = "opioids", .pathways = "medication_assisted"};
    struct match_peer p[5];
    p[0] = peer(1, "Man, Spanish, opioids, MAT");
    p[0].languages = "english,spanish", p[0].gender = "man", p[0].substances = "opioids",
    p[0].pathways = "medication_assisted", p[0].caseload = 0, p[0].level = 3;
    p[1] = peer(2, "Woman, English only, opioids, MAT");
    p[1].gender = "woman", p[1].substances = "opioids", p[1].pathways = "medication_assisted",
    p[1].caseload = 0;
    p[2] = peer(3, "Woman, Spanish, alcohol, MAT");
    p[2].languages = "spanish", p[2].gender = "woman", p[2].substances = "alcohol",
    p[2].pathways = "medication_assisted", p[2].caseload = 0;
    p[3] = peer(4, "Woman, Spanish, opioids, MAT");
    p[3].languages = "english,spanish", p[3].gender = "woman", p[3].substances = "alcohol,opioids",
    p[3].pathways = "medication_assisted,twelve_step", p[3].caseload = 15;
    p[4] = peer(5, "Woman, Spanish, opioids, 12-step");
    p[4].languages = "spanish", p[4].gender = "woman", p[4].substances = "opioids",
    p[4].pathways = "twelve_step", p[4].caseload = 0;
    struct match_result r[5];
    assert_int_equal(match_rank(&w, p, 5, r, 5), 5);
    assert_int_equal(r[0].peer_id, 4);
    assert_true(has_reason(&r[0], "Speaks Spanish"));
    assert_true(has_reason(&r[0], "Woman, as requested"));
    assert_true(has_reason(&r[0], "Lived experience with opioids"));
    assert_true(has_reason(&r[0], "Medication-assisted pathway"));
    assert_true(has_reason(&r[0], "5 places free on a caseload of 20"));
    /* Only what was asked for is named: not English, alcohol or 12-step. */
    assert_false(has_reason_prefix(&r[0], "Speaks English"));
    assert_false(has_reason(&r[0], "Lived experience with alcohol and opioids"));
    assert_false(has_reason(&r[0], "Medication-assisted and 12-step pathways"));
    /* The man with everything else says why he is below. */
    for (int i = 0; i < 5; i++)
        if (r[i].peer_id == 1)
            assert_true(has_reason(&r[i], "Asked for: Woman; this peer's gender differs"));
}

static void test_rc2_language_outranks_room_and_level(void **st)
{
    (void)st;
    struct match_wants w = {.languages = "spanish"};
    struct match_peer p[2] = {peer(1, "Ana"), peer(2, "Ben")};
    p[0].caseload = 19;
    p[1].caseload = 0, p[1].level = 3;
    p[0].languages = "spanish";
    struct match_result r[2];
    assert_int_equal(match_rank(&w, p, 2, r, 2), 2);
    assert_int_equal(r[0].peer_id, 1);
    assert_string_equal(r[0].reasons[0], "Speaks Spanish");
}

static void test_rc2_a_stated_gender_ranks_that_peer_above_an_otherwise_equal_one(void **st)
{
    (void)st;
    struct match_wants w = {.peer_gender = "nonbinary", .substances = "alcohol"};
    struct match_peer p[3] = {peer(1, "Ann"), peer(2, "Bo"), peer(3, "Cy")};
    for (int i = 0; i < 3; i++)
        p[i].substances = "alcohol";
    p[0].gender = "woman", p[0].caseload = 0;
    p[1].gender = "nonbinary", p[1].caseload = 18;
    p[2].gender = NULL, p[2].caseload = 0;
    struct match_result r[3];
    assert_int_equal(match_rank(&w, p, 3, r, 3), 3);
    assert_int_equal(r[0].peer_id, 2);
    assert_true(has_reason(&r[0], "Nonbinary, as requested"));
    /* Room orders the other two; the reasons say why they are lower. */
    assert_true(has_reason(&r[1], "Asked for: Nonbinary; this peer's gender differs") ||
                has_reason(&r[1], "Asked for: Nonbinary; this peer's gender is not recorded"));
    for (int i = 0; i < 3; i++)
        if (r[i].peer_id == 3)
            assert_true(has_reason(&r[i], "Asked for: Nonbinary; this peer's gender is not recorded"));
}

static void test_rc2_no_gender_preference_says_nothing_about_gender(void **st)
{
    (void)st;
    struct match_wants w = {.languages = "english", .peer_gender = NULL};
    struct match_peer p[2] = {peer(1, "Ann"), peer(2, "Bo")};
    p[0].gender = "woman";
    p[1].gender = "man", p[1].caseload = 0;
    struct match_result r[2];
    assert_int_equal(match_rank(&w, p, 2, r, 2), 2);
    /* Same fit, so room decides; no reason mentions gender. */
    assert_int_equal(r[0].peer_id, 2);
    for (int i = 0; i < 2; i++) {
        assert_false(has_reason_prefix(&r[i], "Asked for"));
        assert_false(has_reason(&r[i], "Woman, as requested"));
        assert_false(has_reason(&r[i], "Man, as requested"));
    }
    /* An empty code is no preference either. */
    w.peer_gender = "";
    assert_int_equal(match_rank(&w, p, 2, r, 2), 2);
    assert_false(has_reason_prefix(&r[1], "Asked for"));
}

static void test_rc2_each_shared_item_counts_and_is_named_in_list_order(void **st)
{
    (void)st;
    struct match_wants w = {.substances = "opioids,alcohol,stimulants",
                            .pathways = "twelve_step,smart", .cultures = "veteran,parent"};
    struct match_peer p[2] = {peer(1, "One item each"), peer(2, "More of it")};
    p[0].substances = "opioids", p[0].pathways = "smart", p[0].cultures = "parent";
    p[0].caseload = 0;
    p[1].substances = "alcohol,opioids", p[1].pathways = "twelve_step,smart",
    p[1].cultures = "veteran,parent";
    struct match_result r[2];
    assert_int_equal(match_rank(&w, p, 2, r, 2), 2);
    assert_int_equal(r[0].peer_id, 2);
    assert_true(has_reason(&r[0], "Lived experience with alcohol and opioids"));
    assert_true(has_reason(&r[0], "12-step and SMART Recovery pathways"));
    assert_true(has_reason(&r[0], "Shared background: Veteran and Parent"));
    assert_true(has_reason(&r[1], "SMART Recovery pathway"));
    assert_true(has_reason(&r[1], "Shared background: Parent"));
}

static void test_rc2_a_shared_language_counts_once_however_many(void **st)
{
    (void)st;
    struct match_wants w = {.languages = "english,spanish", .substances = "alcohol"};
    struct match_peer p[2] = {peer(1, "Two languages"), peer(2, "One language, alcohol")};
    p[0].languages = "english,spanish";
    p[1].languages = "spanish", p[1].substances = "alcohol";
    struct match_result r[2];
    assert_int_equal(match_rank(&w, p, 2, r, 2), 2);
    assert_int_equal(r[0].peer_id, 2);
    assert_true(has_reason(&r[1], "Speaks English and Spanish"));
}

static void test_rc2_ineligible_and_full_peers_never_appear(void **st)
{
    (void)st;
    struct match_wants w = {.languages = "spanish", .peer_gender = "woman"};
    struct match_peer p[4] = {peer(1, "Ineligible"), peer(2, "Full"), peer(3, "No capacity"),
                              peer(4, "Eligible")};
    for (int i = 0; i < 4; i++)
        p[i].languages = "spanish", p[i].gender = "woman";
    p[0].eligible = 0, p[0].why_not = "WF-1";
    p[1].caseload = 20;
    p[2].capacity = 0, p[2].caseload = 0;
    p[3].languages = NULL, p[3].gender = NULL;
    struct match_result r[4];
    assert_int_equal(match_rank(&w, p, 4, r, 4), 1);
    assert_int_equal(r[0].peer_id, 4);
}

static void test_rc2_ties_break_by_room_then_name_then_id(void **st)
{
    (void)st;
    struct match_wants w = {.languages = "english"};
    struct match_peer p[4] = {peer(4, "Bea"), peer(3, "Abe"), peer(2, "Abe"), peer(1, "Cal")};
    p[3].caseload = 5; /* most room */
    struct match_result r[4];
    assert_int_equal(match_rank(&w, p, 4, r, 4), 4);
    assert_int_equal(r[0].peer_id, 1);
    assert_int_equal(r[1].peer_id, 2);
    assert_int_equal(r[2].peer_id, 3);
    assert_int_equal(r[3].peer_id, 4);
}

static void test_rc2_higher_level_ranks_first_for_the_same_fit(void **st)
{
    (void)st;
    struct match_wants w = {0};
    struct match_peer p[2] = {peer(1, "Ann"), peer(2, "Bo")};
    p[1].level = 3;
    struct match_result r[2];
    assert_int_equal(match_rank(&w, p, 2, r, 2), 2);
    assert_int_equal(r[0].peer_id, 2);
}

static void test_rc2_max_is_respected_and_no_wants_still_give_a_reason(void **st)
{
    (void)st;
    struct match_peer p[3] = {peer(1, "A"), peer(2, "B"), peer(3, "C")};
    struct match_result r[2];
    assert_int_equal(match_rank(NULL, p, 3, r, 2), 2);
    for (int i = 0; i < 2; i++) {
        assert_true(r[i].nreasons >= 1);
        assert_true(has_reason(&r[i], "10 places free on a caseload of 20"));
    }
}

static void test_rc2_long_reason_lists_stay_within_the_field(void **st)
{
    (void)st;
    const char *all = "veteran,lgbtq,transgender,latino,black,native,asian,immigrant,parent,"
                      "justice_involved,homelessness,young_adult,older_adult,deaf,disability,rural";
    struct match_wants w = {.cultures = all};
    struct match_peer p[1] = {peer(1, "Everything")};
    p[0].cultures = all;
    struct match_result r[1];
    assert_int_equal(match_rank(&w, p, 1, r, 1), 1);
    const char *t = r[0].reasons[0];
    assert_true(strlen(t) < sizeof r[0].reasons[0]);
    assert_true(strncmp(t, "Shared background: Veteran, LGBTQ+", 34) == 0);
    size_t n = strlen(t);
    assert_true(n > 9 && strcmp(t + n - 9, " and more") == 0);
}

/* Many peers (an organization at demo --scale 100 has 1,500): the first k of a longer ranking
 * are the ranking of k, every result is in order, and nobody appears twice. */
static void test_rc2_the_best_few_of_many_peers_are_the_start_of_the_full_ranking(void **state)
{
    (void)state;
    enum { N = 1500 };
    static struct match_peer p[N];
    static char names[N][16];
    static const char *langs[] = {"english", "spanish", "english,spanish", "french", ""};
    static const char *subs[] = {"opioids", "alcohol", "opioids,alcohol", "", "stimulants"};
    unsigned seed = 7;
    for (int i = 0; i < N; i++) {
        seed = seed * 1103515245u + 12345u;
        snprintf(names[i], sizeof names[i], "Peer %04u", (seed >> 8) % 10000);
        p[i] = (struct match_peer){.id = i + 1, .name = names[i],
                                   .languages = langs[(seed >> 4) % 5],
                                   .substances = subs[(seed >> 12) % 5],
                                   .level = 1 + (int)((seed >> 16) % 3),
                                   .caseload = (int)((seed >> 20) % 12), .capacity = 12,
                                   .eligible = (seed >> 24) % 7 != 0};
    }
    struct match_wants w = {.languages = "spanish", .substances = "opioids"};
    static struct match_result few[5], many[MATCH_RANK_MAX];
    size_t nf = match_rank(&w, p, N, few, 5), nm = match_rank(&w, p, N, many, MATCH_RANK_MAX);
    assert_int_equal(nf, 5);
    assert_int_equal(nm, MATCH_RANK_MAX);
    for (size_t i = 0; i < nf; i++)
        assert_int_equal(few[i].peer_id, many[i].peer_id);
    for (size_t i = 1; i < nm; i++) {
        assert_true(many[i - 1].score >= many[i].score);
        for (size_t j = 0; j < i; j++)
            assert_int_not_equal(many[i].peer_id, many[j].peer_id);
    }
    /* Everyone ranked is rankable. */
    for (size_t i = 0; i < nm; i++) {
        const struct match_peer *q = &p[many[i].peer_id - 1];
        assert_true(q->eligible && q->caseload < q->capacity);
    }
}

/* Issue 10: the reasons are said in the reader's language (match_wants.lang), the shared
 * labels too; the same ranking in English and Spanish. */
static void test_rc2_reasons_are_said_in_the_readers_language(void **st)
{
    (void)st;
    struct match_wants w = {.languages = "spanish,french", .peer_gender = "woman",
                            .substances = "opioids", .pathways = "medication_assisted",
                            .lang = "es"};
    struct match_peer p[2] = {peer(1, "Ana"), peer(2, "Ben")};
    p[0].languages = "spanish,french", p[0].gender = "woman", p[0].substances = "opioids",
    p[0].pathways = "medication_assisted", p[0].caseload = 19, p[0].level = 2;
    p[1].gender = "man";
    struct match_result r[2];
    assert_int_equal(match_rank(&w, p, 2, r, 2), 2);
    assert_int_equal(r[0].peer_id, 1);
    assert_true(has_reason(&r[0], "Habla español y francés"));
    assert_true(has_reason(&r[0], "Mujer, como se pidió"));
    assert_true(has_reason(&r[0], "Experiencia vivida con opioides"));
    assert_true(has_reason(&r[0], "1 cupo libre en un total de 20 casos"));
    assert_true(has_reason(&r[0], "Nivel 2: Trabajador par"));
    assert_true(has_reason(&r[1], "Se pidió: Mujer; el género de este par es otro"));
    w.lang = NULL;
    assert_int_equal(match_rank(&w, p, 2, r, 2), 2);
    assert_true(has_reason(&r[0], "Speaks Spanish and French"));
    assert_true(has_reason(&r[0], "1 place free on a caseload of 20"));
    assert_true(has_reason(&r[0], "Level 2: Peer Worker"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rc2_spanish_speaker_asking_for_a_woman_with_opioid_and_mat_experience),
        cmocka_unit_test(test_rc2_language_outranks_room_and_level),
        cmocka_unit_test(test_rc2_a_stated_gender_ranks_that_peer_above_an_otherwise_equal_one),
        cmocka_unit_test(test_rc2_no_gender_preference_says_nothing_about_gender),
        cmocka_unit_test(test_rc2_each_shared_item_counts_and_is_named_in_list_order),
        cmocka_unit_test(test_rc2_a_shared_language_counts_once_however_many),
        cmocka_unit_test(test_rc2_ineligible_and_full_peers_never_appear),
        cmocka_unit_test(test_rc2_ties_break_by_room_then_name_then_id),
        cmocka_unit_test(test_rc2_higher_level_ranks_first_for_the_same_fit),
        cmocka_unit_test(test_rc2_max_is_respected_and_no_wants_still_give_a_reason),
        cmocka_unit_test(test_rc2_long_reason_lists_stay_within_the_field),
        cmocka_unit_test(test_rc2_the_best_few_of_many_peers_are_the_start_of_the_full_ranking),
        cmocka_unit_test(test_rc2_reasons_are_said_in_the_readers_language),
    };
    return cmocka_run_group_tests_name("matching", tests, NULL, NULL);
}
