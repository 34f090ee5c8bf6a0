/* boundary.h - SV-5 role boundaries: check a service note for sponsor, therapist/counselor,
 * nurse/physician and clergy work, with rules from one data table (pure: no I/O).
 *
 * The rules are rows of id, lane, effect, pattern: the defaults in rules/boundary.tsv (embedded
 * in the binary, bnd_default_rules) plus an organization's own rows (table boundary_rules,
 * bnd_add). A `warn` row that matches a note gives a hit: its lane, its rule id and the byte span
 * of the matched phrase, so the page can quote it. An `allow` row is an exception: when it matches
 * in a sentence, it cancels every warn hit of its lane in that sentence ("with her sponsor",
 * "referred him to his doctor"). An organization's row may instead disable a default rule by id.
 *
 * The pattern language (the same at the top of rules/boundary.tsv):
 *   A note is read as words: letters and digits, lower-cased, accents removed (á→a, ñ→n), an
 *   apostrophe joined ("don't" is dont, "she's" is shes). Sentences end at . ! ? ; … and line
 *   breaks (not after a capitalised word of one or two letters, so "Dr. Kim" is one sentence).
 *   A match never crosses a sentence. A pattern is elements separated by spaces:
 *     word         that word, any case and accents: `step`, `4th`, `médico` (= medico)
 *     stem*        a word starting with stem (3 letters at least): `sponsor*`, `diagnos*`
 *     #            a number word: a word that starts with a digit (4, 4th, 16mg)
 *     (a|b c|d*)   one of the alternatives, each a sequence of elements: `(his|her|their)`,
 *                  `(as (his|her) sponsor|sponsoring)`; groups nest
 *     x?           x (a word, stem, # or group) may be absent: `on?`, `(his|her)?`
 *     ~N           a gap of 0 to N words (N 1..8): `told ~2 stop`
 *     @name        a word class defined in the table: a row `@name<TAB>-<TAB>define<TAB>a|b|c*`
 *                  whose body is alternatives as inside parentheses; defined before its use.
 *                  `@med` names every drug word once for all the medical rows
 *   Alternatives need parentheses ("a|b" at the top is refused, so no row warns on a bare word by
 *   accident). A pattern cannot begin or end with a gap nor consist only of optional elements.
 *   Example: (work|working|worked) on? (his|her|their|your)? (4th|fourth|5th|fifth)? step*
 */
#ifndef PD_BOUNDARY_H
#define PD_BOUNDARY_H

#include <stddef.h>

/* The lanes a peer must stay out of (SV-5, seed 002 "Role Boundary Integrity"). */
enum bnd_lane { BND_SPONSOR, BND_THERAPIST, BND_MEDICAL, BND_CLERGY, BND_LANES };

/* Limits. A pattern is a phrase, not a program: 400 bytes and 80 words hold the longest
 * default with room; a gap of 8 words spans a clause; an id fits a slug or a database number.
 * A note is checked up to BND_NOTE_MAX bytes (the service note field is far smaller). */
#define BND_PATTERN_MAX 400
#define BND_ELEMENTS_MAX 80
#define BND_GAP_MAX 8
#define BND_ID_MAX 40
#define BND_NOTE_MAX 65536
/* A class is a word list (every drug name once): 1,500 bytes and 200 words. */
#define BND_CLASS_MAX 1500
#define BND_CLASS_ELEMENTS_MAX 200

/* Why a pattern or row was refused; bnd_perr_msg_id words each one for people. */
enum bnd_perr {
    BND_OK,
    BND_E_EMPTY,        /* no pattern */
    BND_E_TOO_LONG,     /* over BND_PATTERN_MAX bytes or BND_ELEMENTS_MAX elements */
    BND_E_UNCLOSED,     /* a '(' without its ')' */
    BND_E_UNOPENED,     /* a ')' without its '(' */
    BND_E_EMPTY_ALT,    /* "()", "(a|)" or "(|a)" */
    BND_E_BARE_ALT,     /* a '|' outside parentheses */
    BND_E_SHORT_STEM,   /* "ab*": a stem of fewer than 3 letters */
    BND_E_BAD_GAP,      /* "~" without a number 1..8 */
    BND_E_GAP_EDGE,     /* a gap at the beginning or end, or two gaps in a row */
    BND_E_ALL_OPTIONAL, /* nothing the pattern must match */
    BND_E_BAD_CHAR,     /* punctuation that is not part of the language */
    BND_E_LANE,         /* the lane is not sponsor, therapist, medical or clergy */
    BND_E_EFFECT,       /* the effect is not warn or allow */
    BND_E_ID,           /* the id is empty, too long or repeated */
    BND_E_CLASS,        /* an @class that the table does not define */
};

/* One row as an organization stores it (table boundary_rules). id: the row's id as text;
 * lane: "sponsor" | "therapist" | "medical" | "clergy"; effect: "warn" | "allow"; pattern: the
 * pattern, or NULL when the row only disables the default rule named by `disables`; active: 0
 * skips the row. The strings are copied by bnd_add. */
struct bnd_row {
    const char *id;
    const char *lane;
    const char *effect;
    const char *pattern;
    const char *disables;
    int active;
};

/* A warn rule's match in a note: lane, the rule's id (owned by the set, valid while it lives),
 * and the matched phrase as bytes [off, off + len) of the note. */
struct bnd_hit {
    enum bnd_lane lane;
    const char *rule_id;
    size_t off;
    size_t len;
};

struct bnd_set;

/* The default rules, rules/boundary.tsv as embedded in the binary (NUL-terminated). */
const char *bnd_default_rules(void);

/* Compile a rule table: TSV lines id<TAB>lane<TAB>effect<TAB>pattern[<TAB>comment] and class
 * rows (id @name, effect define); blank lines,
 * lines starting with '#', and a header line starting "id<TAB>" are skipped. Returns 0 with a new
 * set in *out (free with bnd_free), or -1 with *out NULL and err naming the line and the fault
 * ("line 12: pattern: a '(' is not closed (at byte 9)"). */
int bnd_compile(const char *tsv_text, struct bnd_set **out, char *err, size_t errlen);

/* Add an organization's rows to a set (compiled from the defaults). An active row with a pattern
 * adds a rule; an active row with a NULL pattern and `disables` set turns that rule off (an id
 * that is not in the set is ignored: a later version may have renamed its defaults). A row that
 * does not validate is skipped, so one bad stored row cannot stop the check; the Settings form
 * refuses such rows first (bnd_validate_row). Organization rows may use the table's @classes.
 * Returns the number of rows skipped, the first one's fault in err (English, for the log), or
 * -1 when memory ran out (free the set then). */
int bnd_add(struct bnd_set *set, const struct bnd_row *rows, size_t n, char *err, size_t errlen);

/* Check a pattern alone: BND_OK, or the fault with the byte offset where it was found in *at
 * (at may be NULL). set gives the @classes it may use (NULL: none). For the Settings form: word
 * the fault with bnd_perr_msg_id. */
enum bnd_perr bnd_validate(const struct bnd_set *set, const char *pattern, size_t *at);

/* Check an organization's row as the form would store it: lane, effect, id and the pattern
 * (a row with disables and no pattern needs only a non-empty disables). */
enum bnd_perr bnd_validate_row(const struct bnd_set *set, const struct bnd_row *row, size_t *at);

/* The message id that words a fault, e.g. "boundary.perr.unclosed"; fill its {at} with at + 1
 * (at is a 0-based byte offset). */
const char *bnd_perr_msg_id(enum bnd_perr e);

/* Check note[0, note_len) against the set (SV-5). Writes up to max hits to out, ordered by
 * offset, and stores the number found in *nhits (which may exceed max). Hits of one lane do not
 * overlap (the longer of two overlapping ones is kept); a warn hit is dropped when an allow rule
 * of its lane matches in the same sentence. Returns 0, or -1 when the note is longer than
 * BND_NOTE_MAX or memory ran out (*nhits is 0 then). */
int bnd_check(const struct bnd_set *set, const char *note, size_t note_len, struct bnd_hit *out,
              size_t max, size_t *nhits);

/* 1 when the set has a rule (warn or allow, in force or not) with this id, else 0: an
 * organization's row can disable only a rule that exists. */
int bnd_has_rule(const struct bnd_set *set, const char *id);

/* The number of rules in the set that are in force (warn and allow, not disabled). */
size_t bnd_rule_count(const struct bnd_set *set);

/* Free a set; NULL is fine. */
void bnd_free(struct bnd_set *set);

/* "sponsor", "therapist", "medical", "clergy" (the lane column); NULL out of range. */
const char *bnd_lane_name(enum bnd_lane lane);
/* The lane named by s, or -1. */
int bnd_lane_parse(const char *s);
/* The message id of the lane's label for people: "boundary.lane.sponsor" and so on. The hit's
 * sentence is message "boundary.hit" with placeholders {lane} and {phrase}. */
const char *bnd_lane_msg_id(enum bnd_lane lane);

#endif
