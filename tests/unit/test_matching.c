/* test_matching.c - RC-2 "Match Experience": who is proposed, in what order, and why. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "matching.h"

/* An eligible level-2 peer with nothing in their profile and 10 of 20 places free. */
static struct match_peer peer(int64_t id, const char *name)
{
    struct match_peer p = {
        .id = id,
        .name = name,
        .languages = "English",
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

static void test_rc2_language_outranks_room(void **state)
{
    (void)state;
    struct match_peer ps[2] = {peer(1, "Ann"), peer(2, "Bea")};
    ps[0].caseload = 24; /* 1 of 25 free */
    ps[0].capacity = 25;
    ps[1].caseload = 0; /* 25 of 25 free, and a higher level */
    ps[1].capacity = 25;
    ps[1].level = 3;
    ps[0].languages = "English, Spanish";
    struct match_wants w = {.language = "Spanish"};
    struct match_result out[2];
    assert_int_equal(match_rank(&w, ps, 2, out, 2), 2);
    assert_int_equal(out[0].peer_id, 1);
    assert_string_equal(out[0].name, "Ann");
    assert_int_equal(out[1].peer_id, 2);
    assert_true(out[0].score > out[1].score);
}

static void test_rc2_any_shared_fit_outranks_room_and_level(void **state)
{
    (void)state;
    /* f: cultural factor, lived experience, pathway, stated preference. */
    for (int f = 0; f < 4; f++) {
        struct match_peer ps[2] = {peer(1, "Ann"), peer(2, "Bea")};
        ps[0].caseload = 19; /* 1 of 20 free, level 1 */
        ps[0].level = 1;
        ps[1].caseload = 0; /* 20 of 20 free, level 3 */
        ps[1].level = 3;
        struct match_wants w = {0};
        switch (f) {
        case 0:
            w.cultural_factors = "veteran";
            ps[0].cultural_profile = "Veteran";
            break;
        case 1:
            w.lived_experience = "opioids";
            ps[0].lived_experience = "opioids";
            break;
        case 2:
            w.pathways = "SMART";
            ps[0].pathways = "smart";
            break;
        default:
            w.preferred_peer = "woman";
            ps[0].profile_tags = "woman";
            break;
        }
        struct match_result out[2];
        assert_int_equal(match_rank(&w, ps, 2, out, 2), 2);
        assert_int_equal(out[0].peer_id, 1);
    }
}

static void test_rc2_ineligible_and_full_peers_never_appear(void **state)
{
    (void)state;
    struct match_peer perfect = peer(0, "");
    perfect.languages = "Spanish";
    perfect.cultural_profile = "veteran, Latino";
    perfect.lived_experience = "opioids";
    perfect.pathways = "medication-assisted";
    perfect.profile_tags = "woman";
    perfect.level = 3;
    perfect.caseload = 0;
    perfect.capacity = 30;

    struct match_peer ps[6];
    for (int i = 0; i < 5; i++)
        ps[i] = perfect;
    ps[0].id = 10, ps[0].name = "Ineligible", ps[0].eligible = 0, ps[0].why_not = "SV-3";
    ps[1].id = 11, ps[1].name = "Full", ps[1].caseload = 30;
    ps[2].id = 12, ps[2].name = "Over", ps[2].caseload = 31;
    ps[3].id = 13, ps[3].name = "No capacity", ps[3].capacity = 0;
    ps[4].id = 14, ps[4].name = "Negative", ps[4].capacity = -1, ps[4].caseload = -5;
    ps[5] = peer(20, "Plain"); /* no fit at all, but eligible with room */

    struct match_wants w = {
        .language = "Spanish",
        .cultural_factors = "veteran, Latino",
        .lived_experience = "opioids",
        .pathways = "medication-assisted",
        .preferred_peer = "woman",
    };
    struct match_result out[6];
    assert_int_equal(match_rank(&w, ps, 6, out, 6), 1);
    assert_int_equal(out[0].peer_id, 20);
    assert_string_equal(out[0].name, "Plain");

    /* With every peer excluded nothing is proposed at all. */
    assert_int_equal(match_rank(&w, ps, 5, out, 6), 0);
}

static void test_rc2_reasons_name_what_matched(void **state)
{
    (void)state;
    struct match_peer p = peer(7, "Rosa");
    p.languages = "English\nSpanish";
    p.cultural_profile = "Latina, veteran";
    p.lived_experience = "opioids, incarceration";
    p.pathways = "medication-assisted, 12-step";
    p.profile_tags = "woman, older";
    p.level = 3;
    p.caseload = 13;
    p.capacity = 25;
    struct match_wants w = {
        .language = " spanish ",
        .cultural_factors = "Veteran",
        .lived_experience = "OPIOIDS",
        .pathways = "Medication-Assisted",
        .preferred_peer = "woman",
    };
    struct match_result out[1];
    assert_int_equal(match_rank(&w, &p, 1, out, 1), 1);
    const struct match_result *r = &out[0];
    /* The peer's own spelling of each entry is shown. */
    assert_true(has_reason(r, "Speaks Spanish"));
    assert_true(has_reason(r, "Shares cultural factors: veteran"));
    assert_true(has_reason(r, "Shares lived experience: opioids"));
    assert_true(has_reason(r, "Same pathway: medication-assisted"));
    assert_true(has_reason(r, "Matches preference: woman"));
    assert_true(has_reason(r, "12 places free on a caseload of 25"));
    assert_true(has_reason(r, "Level 3: Certified Peer Recovery Specialist"));
    assert_int_equal(r->nreasons, 7);
    assert_string_equal(r->reasons[0], "Speaks Spanish"); /* strongest first */
}

static void test_rc2_reasons_list_every_shared_entry_and_nothing_else(void **state)
{
    (void)state;
    struct match_peer p = peer(7, "Rosa");
    p.lived_experience = "opioids,\nparent , alcohol";
    struct match_wants w = {.lived_experience = "parent\nopioids, gambling", .language = "French"};
    struct match_result out[1];
    assert_int_equal(match_rank(&w, &p, 1, out, 1), 1);
    assert_true(has_reason(&out[0], "Shares lived experience: parent, opioids"));
    assert_false(has_reason_prefix(&out[0], "Speaks"));
    assert_false(has_reason_prefix(&out[0], "Shares cultural"));
    assert_false(has_reason_prefix(&out[0], "Same pathway"));
    assert_false(has_reason_prefix(&out[0], "Matches preference"));
    assert_true(has_reason(&out[0], "10 places free on a caseload of 20"));
}

static void test_rc2_entries_match_whole_not_in_part(void **state)
{
    (void)state;
    struct match_peer ps[2] = {peer(1, "Ann"), peer(2, "Bea")};
    ps[0].languages = "Spanish";
    ps[0].lived_experience = "opioids";
    ps[1].languages = "Span";
    ps[1].lived_experience = "opioid";
    struct match_wants w = {.language = "Span", .lived_experience = "opioid"};
    struct match_result out[2];
    assert_int_equal(match_rank(&w, ps, 2, out, 2), 2);
    assert_int_equal(out[0].peer_id, 2);
    assert_true(has_reason(&out[0], "Speaks Span"));
    assert_false(has_reason_prefix(&out[1], "Speaks"));
    assert_false(has_reason_prefix(&out[1], "Shares lived experience"));

    /* Nor the other way round: wanting "Spanish" does not match a peer's "Span". */
    struct match_wants w2 = {.language = "Spanish", .lived_experience = "opioids"};
    assert_int_equal(match_rank(&w2, ps, 2, out, 2), 2);
    assert_int_equal(out[0].peer_id, 1);
    assert_false(has_reason_prefix(&out[1], "Speaks"));
    assert_false(has_reason_prefix(&out[1], "Shares lived experience"));
}

static void test_rc2_a_shared_language_counts_once_however_many(void **state)
{
    (void)state;
    /* Being understood is what matters: two shared languages are not worth more than one,
     * so a shared pathway decides between these two. */
    struct match_peer ps[2] = {peer(1, "Ann"), peer(2, "Bea")};
    ps[0].languages = "Spanish, English";
    ps[1].languages = "Spanish";
    ps[1].pathways = "SMART";
    struct match_wants w = {.language = "Spanish, English", .pathways = "SMART"};
    struct match_result out[2];
    assert_int_equal(match_rank(&w, ps, 2, out, 2), 2);
    assert_int_equal(out[0].peer_id, 2);
    assert_true(has_reason(&out[1], "Speaks Spanish, English"));
    assert_true(has_reason(&out[0], "Speaks Spanish"));
}

static void test_rc2_a_repeated_want_counts_once(void **state)
{
    (void)state;
    struct match_peer ps[2] = {peer(1, "Ann"), peer(2, "Bea")};
    ps[0].lived_experience = "opioids";
    ps[1].lived_experience = "parent, alcohol";
    struct match_wants w = {.lived_experience = "opioids, Opioids, OPIOIDS, parent, alcohol"};
    struct match_result out[2];
    assert_int_equal(match_rank(&w, ps, 2, out, 2), 2);
    assert_int_equal(out[0].peer_id, 2); /* two shared entries beat one said three times */
    assert_true(has_reason(&out[1], "Shares lived experience: opioids"));
}

static void test_rc2_ties_break_by_room_then_name_then_id(void **state)
{
    (void)state;
    struct match_peer ps[5] = {peer(5, "Cruz"), peer(4, "Abe"), peer(3, "Abe"), peer(2, "Bo"),
                               peer(1, "Zed")};
    ps[4].caseload = 9; /* 11 free: but the room score is the same (5 * 11 / 20 = 2) */
    struct match_result out[5];
    assert_int_equal(match_rank(NULL, ps, 5, out, 5), 5);
    assert_int_equal(out[0].peer_id, 1); /* most room */
    assert_int_equal(out[1].peer_id, 3); /* Abe, lower id */
    assert_int_equal(out[2].peer_id, 4); /* Abe */
    assert_int_equal(out[3].peer_id, 2); /* Bo */
    assert_int_equal(out[4].peer_id, 5); /* Cruz */
    for (int i = 0; i < 4; i++)
        assert_int_equal(out[i].score, out[i + 1].score);

    /* The same peers in reverse order give the same ranking. */
    struct match_peer rev[5];
    for (int i = 0; i < 5; i++)
        rev[i] = ps[4 - i];
    struct match_result out2[5];
    assert_int_equal(match_rank(NULL, rev, 5, out2, 5), 5);
    for (int i = 0; i < 5; i++)
        assert_int_equal(out2[i].peer_id, out[i].peer_id);
}

static void test_rc2_higher_level_ranks_first_for_the_same_fit(void **state)
{
    (void)state;
    struct match_peer ps[3] = {peer(1, "Ann"), peer(2, "Bea"), peer(3, "Cy")};
    ps[0].level = 1;
    ps[1].level = 2;
    ps[2].level = 3;
    struct match_wants w = {.language = "English"};
    struct match_result out[3];
    assert_int_equal(match_rank(&w, ps, 3, out, 3), 3);
    assert_int_equal(out[0].peer_id, 3);
    assert_int_equal(out[1].peer_id, 2);
    assert_int_equal(out[2].peer_id, 1);
}

static void test_rc2_max_is_respected(void **state)
{
    (void)state;
    struct match_peer ps[5] = {peer(1, "A"), peer(2, "B"), peer(3, "C"), peer(4, "D"),
                               peer(5, "E")};
    ps[3].languages = "Spanish";
    ps[1].languages = "Spanish";
    struct match_wants w = {.language = "Spanish"};
    struct match_result out[3];
    memset(out, 0x5a, sizeof out);
    assert_int_equal(match_rank(&w, ps, 5, out, 2), 2);
    assert_int_equal(out[0].peer_id, 2);
    assert_int_equal(out[1].peer_id, 4);
    /* The third slot is untouched. */
    unsigned char third[sizeof out[2]];
    memset(third, 0x5a, sizeof third);
    assert_memory_equal(&out[2], third, sizeof third);
    assert_int_equal(match_rank(&w, ps, 5, out, 0), 0);
}

static void test_rc2_no_wants_still_ranks_by_room_and_level_with_reasons(void **state)
{
    (void)state;
    struct match_peer ps[3] = {peer(1, "Ann"), peer(2, "Bea"), peer(3, "Cy")};
    ps[0].caseload = 18; /* 2 of 20 free */
    ps[1].caseload = 2;  /* 18 of 20 free */
    ps[2].caseload = 2;  /* 18 of 20 free, level 3 */
    ps[2].level = 3;
    struct match_wants w = {0};
    struct match_result out[3];
    assert_int_equal(match_rank(&w, ps, 3, out, 3), 3);
    assert_int_equal(out[0].peer_id, 3);
    assert_int_equal(out[1].peer_id, 2);
    assert_int_equal(out[2].peer_id, 1);
    assert_true(has_reason(&out[0], "18 places free on a caseload of 20"));
    assert_true(has_reason(&out[2], "2 places free on a caseload of 20"));
    for (int i = 0; i < 3; i++) {
        assert_true(out[i].nreasons >= 1);
        assert_false(has_reason_prefix(&out[i], "Speaks"));
    }
    /* Empty strings and separators only are no wants either. */
    struct match_wants blank = {.language = "", .lived_experience = " , \n ,"};
    struct match_result out2[3];
    assert_int_equal(match_rank(&blank, ps, 3, out2, 3), 3);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(out2[i].peer_id, out[i].peer_id);
        assert_int_equal(out2[i].score, out[i].score);
    }
}

static void test_rc2_long_reason_lists_stay_within_the_field(void **state)
{
    (void)state;
    struct match_peer p = peer(1, "Ann");
    p.cultural_profile =
        "aaaaaaaaaaaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbbbbbbbbbbb, ccccccccccccccccccccccccc, "
        "ddddddddddddddddddddddddd, eeeeeeeeeeeeeeeeeeeeeeeee";
    struct match_wants w = {.cultural_factors = p.cultural_profile};
    struct match_result out[1];
    assert_int_equal(match_rank(&w, &p, 1, out, 1), 1);
    assert_true(has_reason(&out[0],
                           "Shares cultural factors: aaaaaaaaaaaaaaaaaaaaaaaaa, "
                           "bbbbbbbbbbbbbbbbbbbbbbbbb, ccccccccccccccccccccccccc and more"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rc2_language_outranks_room),
        cmocka_unit_test(test_rc2_any_shared_fit_outranks_room_and_level),
        cmocka_unit_test(test_rc2_ineligible_and_full_peers_never_appear),
        cmocka_unit_test(test_rc2_reasons_name_what_matched),
        cmocka_unit_test(test_rc2_reasons_list_every_shared_entry_and_nothing_else),
        cmocka_unit_test(test_rc2_entries_match_whole_not_in_part),
        cmocka_unit_test(test_rc2_a_shared_language_counts_once_however_many),
        cmocka_unit_test(test_rc2_a_repeated_want_counts_once),
        cmocka_unit_test(test_rc2_ties_break_by_room_then_name_then_id),
        cmocka_unit_test(test_rc2_higher_level_ranks_first_for_the_same_fit),
        cmocka_unit_test(test_rc2_max_is_respected),
        cmocka_unit_test(test_rc2_no_wants_still_ranks_by_room_and_level_with_reasons),
        cmocka_unit_test(test_rc2_long_reason_lists_stay_within_the_field),
    };
    return cmocka_run_group_tests_name("matching", tests, NULL, NULL);
}
