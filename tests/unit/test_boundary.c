/* test_boundary.c - SV-5: the boundary check of notes. The pattern language construct by
 * construct (case, accents, stems, numbers, alternatives, optional words, gaps, sentences,
 * classes), allow rows, an organization's rows and disables, refused patterns; then the default
 * rules measured on the labelled corpus tests/data/boundary_notes.tsv (fails below 90% recall
 * in a lane or above 5% false alarms on ordinary notes), on the blind set
 * tests/data/boundary_notes_blind.tsv (written before the rules of issue 11 and never used to
 * change them; fails below 85% recall in a lane or above 5% false alarms) and on the holdout files
 * boundary_notes_holdout.tsv and boundary_notes_holdout3.tsv (reported only).
 * Run from the repository root (tests/run.sh does); PEERDESK_SRC names another root. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "boundary.h"

/* ---- helpers ------------------------------------------------------------------------ */

/* A set from the given TSV text; the test fails if it does not compile. */
static struct bnd_set *set_of(const char *tsv)
{
    struct bnd_set *s = NULL;
    char err[200] = "";
    int rc = bnd_compile(tsv, &s, err, sizeof err);
    if (rc != 0)
        fprintf(stderr, "compile: %s\n", err);
    assert_int_equal(rc, 0);
    return s;
}

/* The number of hits of a one-rule set "t<TAB>medical<TAB>warn<TAB>pattern" on note. */
static size_t hits_of(const char *pattern, const char *note, struct bnd_hit *first)
{
    char tsv[600];
    snprintf(tsv, sizeof tsv, "t\tmedical\twarn\t%s\n", pattern);
    struct bnd_set *s = set_of(tsv);
    struct bnd_hit h[8];
    size_t n = 99;
    assert_int_equal(bnd_check(s, note, strlen(note), h, 8, &n), 0);
    if (first && n)
        *first = h[0];
    bnd_free(s);
    return n;
}

/* The phrase a hit quotes. */
static const char *phrase(const char *note, const struct bnd_hit *h)
{
    static char buf[200];
    snprintf(buf, sizeof buf, "%.*s", (int)h->len, note + h->off);
    return buf;
}

/* The fault of compiling a one-rule table with this pattern, and its offset. */
static enum bnd_perr fault_of(const char *pattern, size_t *at)
{
    return bnd_validate(NULL, pattern, at);
}

/* ---- the pattern language --------------------------------------------------------- */

static void test_sv5_a_word_matches_in_any_case_and_without_accents(void **state)
{
    (void)state;
    struct bnd_hit h;
    assert_int_equal(hits_of("médico", "Lo vio el MEDICO hoy", &h), 1);
    assert_string_equal(phrase("Lo vio el MEDICO hoy", &h), "MEDICO");
    assert_int_equal(hits_of("medico", "habló con el Médico", NULL), 1);
    assert_int_equal(hits_of("dosis", "le bajé la DÓSIS", NULL), 1);
    assert_int_equal(hits_of("nino", "el niño", NULL), 1);
    /* A word is whole: "dose" is not in "doses" nor "overdose". */
    assert_int_equal(hits_of("dose", "his doses; an overdose", NULL), 0);
}

static void test_sv5_an_apostrophe_joins_a_word(void **state)
{
    (void)state;
    assert_int_equal(hits_of("dont need", "you don't need it", NULL), 1);
    assert_int_equal(hits_of("don't need", "you dont need it", NULL), 1);
    assert_int_equal(hits_of("dont need", "you don’t need it", NULL), 1); /* ’ */
    assert_int_equal(hits_of("shes", "she's fine", NULL), 1);
}

static void test_sv5_a_stem_matches_words_that_start_with_it(void **state)
{
    (void)state;
    assert_int_equal(hits_of("diagnos*", "I diagnosed him", NULL), 1);
    assert_int_equal(hits_of("diagnos*", "a diagnosis", NULL), 1);
    assert_int_equal(hits_of("diagnos*", "a diagnos", NULL), 1);
    assert_int_equal(hits_of("diagnos*", "undiagnosed", NULL), 0);
}

static void test_sv5_a_number_sign_matches_a_word_starting_with_a_digit(void **state)
{
    (void)state;
    struct bnd_hit h;
    assert_int_equal(hits_of("up to #", "go up to 16mg now", &h), 1);
    assert_string_equal(phrase("go up to 16mg now", &h), "up to 16mg");
    assert_int_equal(hits_of("step #", "on step 4th", NULL), 1);
    assert_int_equal(hits_of("take #", "take 2.5 mg", &h), 1);
    assert_string_equal(phrase("take 2.5 mg", &h), "take 2.5");
    assert_int_equal(hits_of("step #", "a step forward", NULL), 0);
}

static void test_sv5_alternatives_are_sequences_in_parentheses(void **state)
{
    (void)state;
    const char *p = "(as (his|her) sponsor|sponsoring) now";
    assert_int_equal(hits_of(p, "as her sponsor now", NULL), 1);
    assert_int_equal(hits_of(p, "sponsoring now", NULL), 1);
    assert_int_equal(hits_of(p, "as their sponsor now", NULL), 0);
    assert_int_equal(hits_of(p, "as her now", NULL), 0);
}

static void test_sv5_an_optional_part_may_be_absent_and_is_quoted_when_present(void **state)
{
    (void)state;
    struct bnd_hit h;
    const char *p = "(work|working|worked) on? (his|her|their|your)? (4th|fourth)? step*";
    assert_int_equal(hits_of(p, "we worked on his 4th step", &h), 1);
    assert_string_equal(phrase("we worked on his 4th step", &h), "worked on his 4th step");
    assert_int_equal(hits_of(p, "working steps daily", NULL), 1);
    assert_int_equal(hits_of(p, "worked her fourth steps", NULL), 1);
    assert_int_equal(hits_of(p, "worked on the step", NULL), 0); /* "the" is not in the pattern */
}

static void test_sv5_a_gap_spans_up_to_n_words_and_no_more(void **state)
{
    (void)state;
    struct bnd_hit h;
    assert_int_equal(hits_of("told ~2 stop", "told stop", NULL), 1);
    assert_int_equal(hits_of("told ~2 stop", "told her to stop", &h), 1);
    assert_string_equal(phrase("told her to stop", &h), "told her to stop");
    assert_int_equal(hits_of("told ~2 stop", "told her that she stop", NULL), 0);
}

static void test_sv5_a_match_stays_inside_one_sentence(void **state)
{
    (void)state;
    assert_int_equal(hits_of("told ~3 stop", "I told her. Stop", NULL), 0);
    assert_int_equal(hits_of("told ~3 stop", "I told her; stop", NULL), 0);
    assert_int_equal(hits_of("told ~3 stop", "I told her\nstop", NULL), 0);
    assert_int_equal(hits_of("told ~3 stop", "I told her… stop", NULL), 0);
    assert_int_equal(hits_of("told ~3 stop", "I told her, stop", NULL), 1);
    /* "Dr." does not end a sentence. */
    assert_int_equal(hits_of("told ~3 stop", "Dr. Kim told him to stop", NULL), 1);
    assert_int_equal(hits_of("see dr kim", "see Dr. Kim", NULL), 1);
}

static void test_sv5_a_class_names_its_alternatives_once(void **state)
{
    (void)state;
    struct bnd_set *s = set_of("@drug\t-\tdefine\tsuboxone|metha*|pill pack\n"
                               "t\tmedical\twarn\tstop ~2 @drug\n");
    struct bnd_hit h[4];
    size_t n;
    const char *notes[] = {"stop the suboxone", "stop his methadone", "stop the pill pack"};
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(bnd_check(s, notes[i], strlen(notes[i]), h, 4, &n), 0);
        assert_int_equal(n, 1);
    }
    assert_int_equal(bnd_check(s, "stop the pill", 13, h, 4, &n), 0);
    assert_int_equal(n, 0);
    /* An organization's pattern may use the table's classes; an unknown class is refused. */
    size_t at = 0;
    assert_int_equal(bnd_validate(s, "quit @drug", &at), BND_OK);
    assert_int_equal(bnd_validate(s, "quit @drugs", &at), BND_E_CLASS);
    assert_int_equal(at, 5);
    bnd_free(s);
    char err[200];
    assert_int_equal(bnd_compile("t\tmedical\twarn\tstop @nope\n", &s, err, sizeof err), -1);
    assert_null(s);
    assert_non_null(strstr(err, "line 1"));
    assert_non_null(strstr(err, "@class"));
}

static void test_sv5_a_hit_names_lane_rule_and_the_bytes_of_the_phrase(void **state)
{
    (void)state;
    struct bnd_set *s = set_of("# comment\n"
                               "id\tlane\teffect\tpattern\tcomment\n"
                               "\n"
                               "cl-1\tclergy\twarn\tgod forgives\ta comment\r\n"
                               "sp-1\tsponsor\twarn\this 4th step\n");
    const char *note = "We did his 4th step. I told him “God forgives” you.";
    struct bnd_hit h[4];
    size_t n;
    assert_int_equal(bnd_check(s, note, strlen(note), h, 4, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(h[0].lane, BND_SPONSOR);
    assert_string_equal(h[0].rule_id, "sp-1");
    assert_string_equal(phrase(note, &h[0]), "his 4th step");
    assert_int_equal(h[1].lane, BND_CLERGY);
    assert_string_equal(h[1].rule_id, "cl-1");
    assert_string_equal(phrase(note, &h[1]), "God forgives");
    /* max limits what is written, not what is counted. */
    assert_int_equal(bnd_check(s, note, strlen(note), h, 1, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(bnd_rule_count(s), 2);
    bnd_free(s);
}

static void test_sv5_overlapping_hits_of_one_lane_are_one_hit(void **state)
{
    (void)state;
    struct bnd_set *s = set_of("a\tmedical\twarn\tstop ~2 meds\n"
                               "b\tmedical\twarn\ttold her to stop ~2 meds\n"
                               "c\ttherapist\twarn\ther meds\n");
    const char *note = "told her to stop her meds";
    struct bnd_hit h[4];
    size_t n;
    assert_int_equal(bnd_check(s, note, strlen(note), h, 4, &n), 0);
    assert_int_equal(n, 2); /* the longer medical one, and the other lane's */
    assert_string_equal(h[0].rule_id, "b");
    assert_string_equal(h[1].rule_id, "c");
    bnd_free(s);
}

static void test_sv5_an_allow_row_cancels_its_lane_in_its_sentence_only(void **state)
{
    (void)state;
    struct bnd_set *s = set_of("w\tsponsor\twarn\t(working|did) ~1 steps\n"
                               "x\tclergy\twarn\tsteps\n"
                               "a\tsponsor\tallow\twith (his|her) sponsor\n");
    struct bnd_hit h[4];
    size_t n;
    const char *own = "she is working the steps with her sponsor";
    assert_int_equal(bnd_check(s, own, strlen(own), h, 4, &n), 0);
    assert_int_equal(n, 1); /* the sponsor hit is cancelled, the clergy one is not */
    assert_int_equal(h[0].lane, BND_CLERGY);
    const char *two = "We did the steps. She went with her sponsor.";
    assert_int_equal(bnd_check(s, two, strlen(two), h, 4, &n), 0);
    assert_int_equal(n, 2); /* the allow is in the other sentence */
    bnd_free(s);
}

static void test_sv5_an_organization_adds_rules_and_disables_a_default(void **state)
{
    (void)state;
    struct bnd_set *s = set_of("d1\tclergy\twarn\tpray*\n"
                               "d2\tclergy\twarn\tbible\n");
    const struct bnd_row rows[] = {
        {"17", "medical", "warn", "detox at home", NULL, 1},
        {"18", NULL, NULL, NULL, "d1", 1},             /* turns d1 off */
        {"19", "medical", "warn", "bible", NULL, 0},   /* inactive */
        {"20", NULL, NULL, NULL, "no-such-rule", 1},   /* ignored */
        {"21", "clergy", "allow", "bible study", NULL, 1},
    };
    char err[200] = "";
    assert_int_equal(bnd_add(s, rows, 5, err, sizeof err), 0);
    assert_int_equal(bnd_rule_count(s), 3);
    const char *note = "We prayed. He wants to detox at home. A bible study. The bible";
    struct bnd_hit h[8];
    size_t n;
    assert_int_equal(bnd_check(s, note, strlen(note), h, 8, &n), 0);
    assert_int_equal(n, 2);
    assert_string_equal(h[0].rule_id, "17");
    assert_string_equal(phrase(note, &h[0]), "detox at home");
    assert_string_equal(h[1].rule_id, "d2");
    assert_string_equal(phrase(note, &h[1]), "bible");
    bnd_free(s);
}

static void test_sv5_a_bad_organization_row_is_skipped_and_named(void **state)
{
    (void)state;
    struct bnd_set *s = set_of("d1\tclergy\twarn\tbible\n");
    const struct bnd_row rows[] = {
        {"30", "medical", "warn", "(stop meds", NULL, 1},
        {"31", "nurse", "warn", "stop meds", NULL, 1},
        {"d1", "clergy", "warn", "koran", NULL, 1}, /* id already used */
        {"32", "medical", "warn", "stop meds", NULL, 1},
    };
    char err[200] = "";
    assert_int_equal(bnd_add(s, rows, 4, err, sizeof err), 3);
    assert_non_null(strstr(err, "rule 30"));
    assert_non_null(strstr(err, "not closed"));
    assert_int_equal(bnd_rule_count(s), 2);
    size_t at;
    assert_int_equal(bnd_validate_row(s, &rows[1], &at), BND_E_LANE);
    assert_int_equal(bnd_validate_row(s, &rows[3], &at), BND_OK);
    const struct bnd_row bad_effect = {"33", "medical", "block", "stop meds", NULL, 1};
    assert_int_equal(bnd_validate_row(s, &bad_effect, &at), BND_E_EFFECT);
    const struct bnd_row no_id = {"", "medical", "warn", "stop meds", NULL, 1};
    assert_int_equal(bnd_validate_row(s, &no_id, &at), BND_E_ID);
    bnd_free(s);
}

static void test_sv5_bad_patterns_are_refused_with_the_fault_and_where(void **state)
{
    (void)state;
    size_t at = 99;
    assert_int_equal(fault_of("", &at), BND_E_EMPTY);
    assert_int_equal(fault_of("   ", &at), BND_E_EMPTY);
    assert_int_equal(fault_of("told (him|her stop", &at), BND_E_UNCLOSED);
    assert_int_equal(at, 5);
    assert_int_equal(fault_of("told him) stop", &at), BND_E_UNOPENED);
    assert_int_equal(at, 8);
    assert_int_equal(fault_of("told (him|) stop", &at), BND_E_EMPTY_ALT);
    assert_int_equal(fault_of("told () stop", &at), BND_E_EMPTY_ALT);
    assert_int_equal(fault_of("him|her stop", &at), BND_E_BARE_ALT);
    assert_int_equal(at, 3);
    assert_int_equal(fault_of("st* meds", &at), BND_E_SHORT_STEM);
    assert_int_equal(at, 0);
    assert_int_equal(fault_of("told ~9 stop", &at), BND_E_BAD_GAP);
    assert_int_equal(fault_of("told ~ stop", &at), BND_E_BAD_GAP);
    assert_int_equal(fault_of("told ~0 stop", &at), BND_E_BAD_GAP);
    assert_int_equal(fault_of("~2 stop", &at), BND_E_GAP_EDGE);
    assert_int_equal(fault_of("stop ~2", &at), BND_E_GAP_EDGE);
    assert_int_equal(fault_of("stop ~2 ~2 meds", &at), BND_E_GAP_EDGE);
    assert_int_equal(fault_of("(his|her)? meds?", &at), BND_E_ALL_OPTIONAL);
    assert_int_equal(fault_of("stop [meds]", &at), BND_E_BAD_CHAR);
    assert_int_equal(at, 5);
    char big[BND_PATTERN_MAX + 10];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_int_equal(fault_of(big, &at), BND_E_TOO_LONG);
    char many[200] = "";
    for (int i = 0; i <= BND_ELEMENTS_MAX; i++)
        strcat(many, "w ");
    assert_int_equal(fault_of(many, &at), BND_E_TOO_LONG);
    assert_int_equal(fault_of("((((((deep))))))", &at), BND_E_TOO_LONG);
    assert_int_equal(fault_of("stop (his|her)? meds* #?", &at), BND_OK);
    /* Every fault has a message id. */
    for (int e = BND_OK; e <= BND_E_CLASS; e++)
        assert_non_null(strstr(bnd_perr_msg_id((enum bnd_perr)e), "boundary.perr."));
}

static void test_sv5_a_table_error_names_its_line(void **state)
{
    (void)state;
    struct bnd_set *s = (struct bnd_set *)1;
    char err[200];
    assert_int_equal(bnd_compile("# c\na\tmedical\twarn\tok\nb\tmedical\twarn\t(x\n", &s, err,
                                 sizeof err),
                     -1);
    assert_null(s);
    assert_string_equal(err, "line 3: pattern: a '(' is not closed (at byte 0)");
    assert_int_equal(bnd_compile("a\tnurse\twarn\tok\n", &s, err, sizeof err), -1);
    assert_string_equal(err, "line 1: the lane is not sponsor, therapist, medical or clergy");
    assert_int_equal(bnd_compile("a\tmedical\tblock\tok\n", &s, err, sizeof err), -1);
    assert_non_null(strstr(err, "warn or allow"));
    assert_int_equal(bnd_compile("a\tmedical\twarn\tok\na\tclergy\twarn\tno\n", &s, err,
                                 sizeof err),
                     -1);
    assert_non_null(strstr(err, "line 2"));
}

static void test_sv5_lanes_have_names_and_message_ids(void **state)
{
    (void)state;
    const char *names[] = {"sponsor", "therapist", "medical", "clergy"};
    for (int l = 0; l < BND_LANES; l++) {
        assert_string_equal(bnd_lane_name((enum bnd_lane)l), names[l]);
        assert_int_equal(bnd_lane_parse(names[l]), l);
        char id[64];
        snprintf(id, sizeof id, "boundary.lane.%s", names[l]);
        assert_string_equal(bnd_lane_msg_id((enum bnd_lane)l), id);
    }
    assert_int_equal(bnd_lane_parse("nurse"), -1);
    assert_null(bnd_lane_name(BND_LANES));
}

static void test_sv5_a_note_over_the_limit_is_refused_and_a_wild_pattern_stays_bounded(void **state)
{
    (void)state;
    struct bnd_set *s = set_of("t\tmedical\twarn\ta? ~8 a? ~8 a? ~8 a? ~8 a? ~8 a? ~8 zzz\n");
    size_t n = 7;
    struct bnd_hit h[2];
    char *big = malloc(BND_NOTE_MAX + 2);
    memset(big, 'a', BND_NOTE_MAX + 1);
    big[BND_NOTE_MAX + 1] = '\0';
    assert_int_equal(bnd_check(s, big, BND_NOTE_MAX + 1, h, 2, &n), -1);
    assert_int_equal(n, 0);
    /* 2000 words of "a" with no zzz: each start gives up after its step budget. */
    for (size_t i = 0; i < 4000; i += 2) {
        big[i] = 'a';
        big[i + 1] = ' ';
    }
    assert_int_equal(bnd_check(s, big, 4000, h, 2, &n), 0);
    assert_int_equal(n, 0);
    free(big);
    bnd_free(s);
}

static void test_sv5_the_default_rules_compile(void **state)
{
    (void)state;
    struct bnd_set *s = NULL;
    char err[200] = "";
    int rc = bnd_compile(bnd_default_rules(), &s, err, sizeof err);
    if (rc != 0)
        fprintf(stderr, "rules/boundary.tsv: %s\n", err);
    assert_int_equal(rc, 0);
    assert_true(bnd_rule_count(s) > 40);
    bnd_free(s);
}

/* ---- the corpus ------------------------------------------------------------------------ */

#define NOTES_MAX 1000
#define NOTE_LEN 1000

struct corpus {
    int label[NOTES_MAX]; /* a lane, or BND_LANES for none */
    char *note[NOTES_MAX];
    size_t n;
};

static char *slurp(const char *rel)
{
    const char *root = getenv("PEERDESK_SRC");
    char path[512];
    snprintf(path, sizeof path, "%s%s%s", root ? root : "", root ? "/" : "", rel);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = malloc(1 << 20);
    size_t n = fread(buf, 1, (1 << 20) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* Read label<TAB>note lines; -1 on a bad label (named on stderr). */
static int load(const char *rel, struct corpus *c)
{
    char *text = slurp(rel);
    c->n = 0;
    if (!text) {
        fprintf(stderr, "%s: cannot read (run from the repository root or set PEERDESK_SRC)\n",
                rel);
        return -1;
    }
    int line = 0;
    for (char *s = strtok(text, "\n"); s; s = strtok(NULL, "\n")) {
        line++;
        if (*s == '#' || strncmp(s, "label\t", 6) == 0 || !*s)
            continue;
        char *tab = strchr(s, '\t');
        if (!tab) {
            fprintf(stderr, "%s:%d: no tab\n", rel, line);
            free(text);
            return -1;
        }
        *tab = '\0';
        int l = strcmp(s, "none") == 0 ? BND_LANES : bnd_lane_parse(s);
        if (l < 0 || c->n >= NOTES_MAX) {
            fprintf(stderr, "%s:%d: bad label '%s'\n", rel, line, s);
            free(text);
            return -1;
        }
        c->label[c->n] = l;
        c->note[c->n++] = strdup(tab + 1);
    }
    free(text);
    return 0;
}

static void unload(struct corpus *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->note[i]);
}

struct figures {
    double recall[BND_LANES], precision[BND_LANES], false_alarms;
    size_t in_lane[BND_LANES], none;
};

/* Check every note, print the figures under title (lines starting "[  REPORT  ]", which
 * tests/run.sh shows in `make test` output), then every miss and false alarm. */
static void measure(const struct bnd_set *set, const struct corpus *c, const char *title,
                    struct figures *fg)
{
    size_t tp[BND_LANES] = {0}, fn[BND_LANES] = {0}, fp[BND_LANES] = {0}, alarms = 0;
    char *lines = calloc(1, 1 << 18);
    size_t used = 0;
    memset(fg, 0, sizeof *fg);
    for (size_t i = 0; i < c->n; i++) {
        struct bnd_hit h[16];
        size_t n = 0;
        const char *note = c->note[i];
        assert_int_equal(bnd_check(set, note, strlen(note), h, 16, &n), 0);
        int flagged[BND_LANES] = {0};
        for (size_t k = 0; k < n && k < 16; k++)
            flagged[h[k].lane] = 1;
        int label = c->label[i];
        if (label == BND_LANES) {
            fg->none++;
            alarms += n > 0;
        } else {
            fg->in_lane[label]++;
            if (flagged[label])
                tp[label]++;
            else {
                fn[label]++;
                used += (size_t)snprintf(lines + used, (1 << 18) - used,
                                         "  miss (%s): %s\n", bnd_lane_name((enum bnd_lane)label),
                                         note);
            }
        }
        for (size_t k = 0; k < n && k < 16; k++) {
            if ((int)h[k].lane == label)
                continue;
            fp[h[k].lane]++;
            used += (size_t)snprintf(lines + used, (1 << 18) - used,
                                     "  false alarm (%s, rule %s, \"%.*s\") on a %s note: %s\n",
                                     bnd_lane_name(h[k].lane), h[k].rule_id, (int)h[k].len,
                                     note + h[k].off,
                                     label == BND_LANES ? "none"
                                                        : bnd_lane_name((enum bnd_lane)label),
                                     note);
        }
    }
    fg->false_alarms = fg->none ? (double)alarms / (double)fg->none : 0;
    printf("[  REPORT  ] SV-5 boundary check, %s: %zu notes (%zu ordinary)\n", title, c->n,
           fg->none);
    printf("[  REPORT  ]   %-10s %6s %8s %10s\n", "lane", "notes", "recall", "precision");
    for (int l = 0; l < BND_LANES; l++) {
        fg->recall[l] = fg->in_lane[l] ? (double)tp[l] / (double)fg->in_lane[l] : 1;
        fg->precision[l] = tp[l] + fp[l] ? (double)tp[l] / (double)(tp[l] + fp[l]) : 1;
        printf("[  REPORT  ]   %-10s %6zu %7.1f%% %9.1f%%\n", bnd_lane_name((enum bnd_lane)l),
               fg->in_lane[l], 100 * fg->recall[l], 100 * fg->precision[l]);
    }
    printf("[  REPORT  ]   false alarms on ordinary notes: %zu of %zu (%.1f%%)\n", alarms,
           fg->none, 100 * fg->false_alarms);
    if (used)
        printf("%s: misses and false alarms (improve rules/boundary.tsv):\n%s", title, lines);
    free(lines);
}

static struct bnd_set *defaults(void)
{
    struct bnd_set *s = NULL;
    char err[200] = "";
    assert_int_equal(bnd_compile(bnd_default_rules(), &s, err, sizeof err), 0);
    return s;
}

static void test_sv5_corpus_recall_is_90_percent_per_lane_with_5_percent_false_alarms(void **state)
{
    (void)state;
    static struct corpus c;
    assert_int_equal(load("tests/data/boundary_notes.tsv", &c), 0);
    struct bnd_set *s = defaults();
    struct figures fg;
    measure(s, &c, "tests/data/boundary_notes.tsv", &fg);

    /* Speed: a 4 KB note made of corpus notes, checked many times (measured, not asserted). */
    char big[4096 + NOTE_LEN];
    size_t len = 0;
    for (size_t i = 0; len < 4096 && i < c.n; i++)
        len += (size_t)snprintf(big + len, sizeof big - len, "%s. ", c.note[i]);
    len = len > 4096 ? 4096 : len;
    struct bnd_hit h[16];
    size_t n;
    struct timespec t0, t1;
    const int rounds = 200;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int r = 0; r < rounds; r++)
        assert_int_equal(bnd_check(s, big, len, h, 16, &n), 0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double us = ((double)(t1.tv_sec - t0.tv_sec) * 1e9 + (double)(t1.tv_nsec - t0.tv_nsec)) /
                1e3 / rounds;
    printf("[  REPORT  ]   speed: a %zu-byte note against %zu rules in %.0f microseconds (target: "
           "under 1000)\n",
           len, bnd_rule_count(s), us);

    for (int l = 0; l < BND_LANES; l++) {
        assert_true(fg.in_lane[l] >= 30);
        assert_true(fg.recall[l] >= 0.90);
    }
    assert_true(fg.none * 10 >= c.n * 6); /* at least 60% ordinary notes */
    assert_true(fg.false_alarms <= 0.05);
    bnd_free(s);
    unload(&c);
}

static void test_sv5_blind_set_recall_is_85_percent_per_lane_with_5_percent_false_alarms(void **state)
{
    (void)state;
    static struct corpus c;
    assert_int_equal(load("tests/data/boundary_notes_blind.tsv", &c), 0);
    struct bnd_set *s = defaults();
    struct figures fg;
    /* Written before the rules of issue 11 and measured once they were done, never used to
     * change them (its author also wrote the rules: holdout3 below is the sterner check). A
     * change of rules that drops it below these figures has lost generality. */
    measure(s, &c, "tests/data/boundary_notes_blind.tsv (blind set)", &fg);
    for (int l = 0; l < BND_LANES; l++) {
        assert_true(fg.in_lane[l] >= 20);
        assert_true(fg.recall[l] >= 0.85);
    }
    assert_true(fg.none >= 120);
    assert_true(fg.false_alarms <= 0.05);
    bnd_free(s);
    unload(&c);
}

static void test_sv5_holdout3_figures_are_reported(void **state)
{
    (void)state;
    static struct corpus c;
    assert_int_equal(load("tests/data/boundary_notes_holdout3.tsv", &c), 0);
    struct bnd_set *s = defaults();
    struct figures fg;
    /* Written after the rules of issue 11 were final and not used to change them (holdout2,
     * tuned on, is now part of the corpus). */
    measure(s, &c, "tests/data/boundary_notes_holdout3.tsv (holdout, not a target)", &fg);
    bnd_free(s);
    unload(&c);
}

static void test_sv5_holdout_figures_are_reported(void **state)
{
    (void)state;
    static struct corpus c;
    assert_int_equal(load("tests/data/boundary_notes_holdout.tsv", &c), 0);
    struct bnd_set *s = defaults();
    struct figures fg;
    /* Written after the first rules; its misses were known when the rules of issue 11 were
     * written (two of them, named in the issue, were fixed), so it is no longer blind:
     * reported, never failed on. */
    measure(s, &c, "tests/data/boundary_notes_holdout.tsv (holdout, not a target)", &fg);
    bnd_free(s);
    unload(&c);
}

/* The CLI reads a note on stdin and prints lane, rule, offset and phrase (PEERDESK_BIN, which
 * tests/run.sh sets; skipped without it). */
static void test_sv5_boundary_check_command_prints_each_hit(void **state)
{
    (void)state;
    const char *bin = getenv("PEERDESK_BIN");
    if (!bin || !*bin) {
        skip();
        return;
    }
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "printf 'She called her sponsor. I told her to stop her meds.' | '%s' boundary-check",
             bin);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    char out[512] = "";
    size_t n = fread(out, 1, sizeof out - 1, p);
    out[n] = '\0';
    int st = pclose(p);
    assert_string_equal(out, "medical\tmd-told-change\t26\ttold her to stop her meds\n");
    assert_int_equal(WEXITSTATUS(st), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sv5_a_word_matches_in_any_case_and_without_accents),
        cmocka_unit_test(test_sv5_an_apostrophe_joins_a_word),
        cmocka_unit_test(test_sv5_a_stem_matches_words_that_start_with_it),
        cmocka_unit_test(test_sv5_a_number_sign_matches_a_word_starting_with_a_digit),
        cmocka_unit_test(test_sv5_alternatives_are_sequences_in_parentheses),
        cmocka_unit_test(test_sv5_an_optional_part_may_be_absent_and_is_quoted_when_present),
        cmocka_unit_test(test_sv5_a_gap_spans_up_to_n_words_and_no_more),
        cmocka_unit_test(test_sv5_a_match_stays_inside_one_sentence),
        cmocka_unit_test(test_sv5_a_class_names_its_alternatives_once),
        cmocka_unit_test(test_sv5_a_hit_names_lane_rule_and_the_bytes_of_the_phrase),
        cmocka_unit_test(test_sv5_overlapping_hits_of_one_lane_are_one_hit),
        cmocka_unit_test(test_sv5_an_allow_row_cancels_its_lane_in_its_sentence_only),
        cmocka_unit_test(test_sv5_an_organization_adds_rules_and_disables_a_default),
        cmocka_unit_test(test_sv5_a_bad_organization_row_is_skipped_and_named),
        cmocka_unit_test(test_sv5_bad_patterns_are_refused_with_the_fault_and_where),
        cmocka_unit_test(test_sv5_a_table_error_names_its_line),
        cmocka_unit_test(test_sv5_lanes_have_names_and_message_ids),
        cmocka_unit_test(test_sv5_a_note_over_the_limit_is_refused_and_a_wild_pattern_stays_bounded),
        cmocka_unit_test(test_sv5_the_default_rules_compile),
        cmocka_unit_test(test_sv5_corpus_recall_is_90_percent_per_lane_with_5_percent_false_alarms),
        cmocka_unit_test(test_sv5_holdout_figures_are_reported),
        cmocka_unit_test(test_sv5_blind_set_recall_is_85_percent_per_lane_with_5_percent_false_alarms),
        cmocka_unit_test(test_sv5_holdout3_figures_are_reported),
        cmocka_unit_test(test_sv5_boundary_check_command_prints_each_hit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
