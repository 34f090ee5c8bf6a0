/* boundary.c - SV-5: the boundary check of service notes. A small word-pattern language
 * (boundary.h), rule tables compiled from TSV text and organization rows, and the check of a
 * note: tokenise once, match every rule sentence by sentence, let allow rows cancel warn hits.
 * Pure: no I/O; memory only for the set and a note's words. */
#include "boundary.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "embed.h"

/* A match tries at most this many steps from one start word, so an organization's pattern with
 * many gaps and optional groups cannot make one note slow (a default rule takes well under 100). */
#define STEP_BUDGET 20000
/* Group nesting: three levels cover every phrase we have wanted; deeper is a program. */
#define DEPTH_MAX 4
/* A stem shorter than this matches too many words ("st*" is state, step, stop). */
#define STEM_MIN 3

/* ---- compiled patterns ------------------------------------------------------------ */

enum ek { E_WORD, E_STEM, E_NUM, E_GROUP, E_GAP };

struct seq;

struct elem {
    enum ek k;
    int opt;          /* may be absent (x?) */
    unsigned gap;     /* E_GAP: up to this many words */
    char *word;       /* E_WORD, E_STEM: folded text */
    size_t wlen;
    uint32_t hash;    /* E_WORD: of word, compared first */
    struct seq *alts; /* E_GROUP */
    size_t nalts;
    int words;        /* E_GROUP: every alternative is one required word or stem */
    int filter;       /* E_GROUP: the first word must pass wm / sm (it cannot be any word) */
    uint64_t wm[4];   /* E_GROUP: bit (hash & 255) of each word it can start with */
    uint64_t sm[4];   /* E_GROUP: bit (hash of the first STEM_MIN bytes & 255) of each stem */
};

struct seq {
    struct elem *el;
    size_t n;
};

struct rule {
    char *id;
    enum bnd_lane lane;
    int allow;
    int disabled;
    struct seq top;
};

/* A word class: @name and its alternatives, parsed where it is used. */
struct klass {
    char *name;
    char *body;
};

/* The first-word index: for each word (or 3-letter stem head) a rule can start with, the rule.
 * Sorted by key, so a note's word finds the few rules worth trying by binary search. */
struct first {
    uint32_t key;     /* fnv of the word, or of a stem's first STEM_MIN bytes */
    uint32_t rule;    /* index in r */
    const char *word; /* the word or stem (owned by the rule) */
    size_t wlen;
    int stem;
};

struct bnd_set {
    struct rule *r;
    size_t n, cap;
    struct klass *k;
    size_t nk;
    struct first *fi; /* the index, rebuilt after each change */
    size_t nfi;
    uint32_t *any;    /* rules that may start at any word (a gap after optional words) */
    size_t nany;
    uint32_t *num;    /* rules that may start with a number word */
    size_t nnum;
};

static const char *const lane_names[BND_LANES] = {"sponsor", "therapist", "medical", "clergy"};
static const char *const lane_msgs[BND_LANES] = {"boundary.lane.sponsor", "boundary.lane.therapist",
                                                 "boundary.lane.medical", "boundary.lane.clergy"};

const char *bnd_lane_name(enum bnd_lane lane)
{
    return (unsigned)lane < BND_LANES ? lane_names[lane] : NULL;
}

int bnd_lane_parse(const char *s)
{
    for (int i = 0; s && i < BND_LANES; i++)
        if (strcmp(s, lane_names[i]) == 0)
            return i;
    return -1;
}

const char *bnd_lane_msg_id(enum bnd_lane lane)
{
    return (unsigned)lane < BND_LANES ? lane_msgs[lane] : NULL;
}

/* Message ids and the English words for the log, in enum order. */
static const struct {
    const char *id, *en;
} perr_text[] = {
    [BND_OK] = {"boundary.perr.ok", "no fault"},
    [BND_E_EMPTY] = {"boundary.perr.empty", "the pattern is empty"},
    [BND_E_TOO_LONG] = {"boundary.perr.too_long", "the pattern is too long"},
    [BND_E_UNCLOSED] = {"boundary.perr.unclosed", "a '(' is not closed"},
    [BND_E_UNOPENED] = {"boundary.perr.unopened", "a ')' has no '('"},
    [BND_E_EMPTY_ALT] = {"boundary.perr.empty_alt", "an alternative is empty"},
    [BND_E_BARE_ALT] = {"boundary.perr.bare_alt", "alternatives need parentheses"},
    [BND_E_SHORT_STEM] = {"boundary.perr.short_stem", "a stem needs 3 letters before '*'"},
    [BND_E_BAD_GAP] = {"boundary.perr.bad_gap", "a gap is ~1 to ~8"},
    [BND_E_GAP_EDGE] = {"boundary.perr.gap_edge",
                        "a gap cannot begin or end a pattern or follow another gap"},
    [BND_E_ALL_OPTIONAL] = {"boundary.perr.all_optional", "every part of the pattern is optional"},
    [BND_E_BAD_CHAR] = {"boundary.perr.bad_char", "a character that patterns do not use"},
    [BND_E_LANE] = {"boundary.perr.lane", "the lane is not sponsor, therapist, medical or clergy"},
    [BND_E_EFFECT] = {"boundary.perr.effect", "the effect is not warn or allow"},
    [BND_E_ID] = {"boundary.perr.id", "the id is empty, too long or already used"},
    [BND_E_CLASS] = {"boundary.perr.class", "the @class is not defined"},
};

const char *bnd_perr_msg_id(enum bnd_perr e)
{
    return (unsigned)e <= BND_E_CLASS ? perr_text[e].id : perr_text[BND_E_BAD_CHAR].id;
}

static uint32_t fnv(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static void seq_free(struct seq *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->el[i].word);
        for (size_t a = 0; a < s->el[i].nalts; a++)
            seq_free(&s->el[i].alts[a]);
        free(s->el[i].alts);
    }
    free(s->el);
    s->el = NULL;
    s->n = 0;
}

/* ---- folding: the same for notes and patterns ----------------------------------------- */

/* Latin-1 letters U+00C0..U+00FF (second byte 0x80..0xBF after 0xC3) to their ASCII base,
 * lower case; 0 for × and ÷, which separate words. */
static const char latin1_base[65] = "aaaaaaaceeeeiiiidnooooo\0ouuuuyts"
                                    "aaaaaaaceeeeiiiidnooooo\0ouuuuyty";

enum cls { C_SEP, C_WORD, C_APOS, C_END };

/* Classify the character at s[i] (n bytes left): its class, its length in *len and, for a
 * word character, the folded byte(s) in out (*olen, 0..4). */
static enum cls classify(const unsigned char *s, size_t n, size_t *len, char out[4], size_t *olen)
{
    unsigned char c = s[0];
    *len = 1;
    *olen = 0;
    if (c < 0x80) {
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            out[(*olen)++] = (char)c;
            return C_WORD;
        }
        if (c >= 'A' && c <= 'Z') {
            out[(*olen)++] = (char)(c + 32);
            return C_WORD;
        }
        if (c == '\'')
            return C_APOS;
        if (c == '.' || c == '!' || c == '?' || c == ';' || c == '\n' || c == '\r')
            return C_END;
        return C_SEP;
    }
    if (c == 0xC3 && n >= 2 && (s[1] & 0xC0) == 0x80) {
        *len = 2;
        char b = latin1_base[s[1] - 0x80];
        if (!b)
            return C_SEP;
        out[(*olen)++] = b;
        return C_WORD;
    }
    if (c == 0xC2 && n >= 2 && (s[1] & 0xC0) == 0x80) {
        *len = 2;
        if (s[1] == 0xAA || s[1] == 0xBA) { /* ª º: "4º paso" */
            out[(*olen)++] = s[1] == 0xAA ? 'a' : 'o';
            return C_WORD;
        }
        return C_SEP; /* ¡ ¿ « » no-break space and the rest of Latin-1 punctuation */
    }
    if (c == 0xE2 && n >= 3 && s[1] == 0x80 && (s[2] & 0xC0) == 0x80) {
        *len = 3;
        if (s[2] == 0x98 || s[2] == 0x99) /* ‘ ’ */
            return C_APOS;
        if (s[2] == 0xA6) /* … */
            return C_END;
        return C_SEP; /* dashes, quotes, bullets */
    }
    /* Other multi-byte characters: letters of other scripts are kept as they are (no case
     * folding beyond Latin-1); symbols and emoji (E2.., F0..) separate words. */
    size_t l = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (l > n)
        l = n;
    for (size_t i = 1; i < l; i++)
        if ((s[i] & 0xC0) != 0x80)
            l = i;
    *len = l;
    if (c < 0xC0 || c == 0xE2 || c >= 0xF0)
        return C_SEP;
    memcpy(out, s, l);
    *olen = l;
    return C_WORD;
}

/* Fold one pattern word (the bytes of an atom) into a new string; NULL when out of memory. */
static char *fold_word(const char *w, size_t n, size_t *flen)
{
    char *o = malloc(n + 1);
    if (!o)
        return NULL;
    size_t k = 0, i = 0;
    while (i < n) {
        size_t len, olen;
        char f[4];
        enum cls c = classify((const unsigned char *)w + i, n - i, &len, f, &olen);
        if (c == C_WORD) {
            memcpy(o + k, f, olen);
            k += olen;
        }
        i += len;
    }
    o[k] = '\0';
    *flen = k;
    return o;
}

/* ---- the pattern parser ------------------------------------------------------------- */

struct parser {
    const struct bnd_set *set; /* its @classes; may be NULL */
    const char *p, *s;         /* the pattern and the cursor */
    size_t elements, max_elements;
    enum bnd_perr err;
    size_t at;
    int oom;
};

static int fail(struct parser *ps, enum bnd_perr e)
{
    if (ps->err == BND_OK) {
        ps->err = e;
        ps->at = (size_t)(ps->s - ps->p);
    }
    return -1;
}

static int is_word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '\'' || c >= 0x80;
}

static int push(struct parser *ps, struct seq *q, const struct elem *e)
{
    if (++ps->elements > ps->max_elements)
        return fail(ps, BND_E_TOO_LONG);
    struct elem *n = realloc(q->el, (q->n + 1) * sizeof *n);
    if (!n) {
        ps->oom = 1;
        return fail(ps, BND_E_TOO_LONG);
    }
    q->el = n;
    q->el[q->n++] = *e;
    return 0;
}

static int parse_seq(struct parser *ps, struct seq *q, int depth);

/* After an atom or group: an optional '?'. */
static void take_opt(struct parser *ps, struct elem *e)
{
    if (*ps->s == '?') {
        e->opt = 1;
        ps->s++;
    }
}

/* Alternatives up to the closing ')' (close 1) or the end of the text (a class body). */
static int parse_alts(struct parser *ps, struct elem *e, int depth, int close)
{
    const char *open = ps->s;
    if (depth >= DEPTH_MAX)
        return fail(ps, BND_E_TOO_LONG);
    e->k = E_GROUP;
    for (;;) {
        struct seq *n = realloc(e->alts, (e->nalts + 1) * sizeof *n);
        if (!n) {
            ps->oom = 1;
            return fail(ps, BND_E_TOO_LONG);
        }
        e->alts = n;
        struct seq *alt = &e->alts[e->nalts++];
        alt->el = NULL;
        alt->n = 0;
        if (parse_seq(ps, alt, depth + 1) != 0)
            return -1;
        if (alt->n == 0)
            return fail(ps, BND_E_EMPTY_ALT);
        if (*ps->s == '|') {
            ps->s++;
            continue;
        }
        if (close && *ps->s == ')') {
            ps->s++;
            return 0;
        }
        if (!close && *ps->s == '\0')
            return 0;
        ps->s = open;
        return fail(ps, close ? BND_E_UNCLOSED : BND_E_UNOPENED);
    }
}

static void set_bit(uint64_t m[4], uint32_t h)
{
    m[(h & 255) >> 6] |= (uint64_t)1 << (h & 63);
}

/* Add the words sequence q can start with (from element i) to e's masks; returns 1 when q can
 * match nothing (then what follows counts too) and clears e->filter when any word can start. */
static int first_mask(struct elem *e, const struct seq *q, size_t i)
{
    for (; i < q->n; i++) {
        const struct elem *x = &q->el[i];
        int empty = x->opt;
        if (x->k == E_GAP || x->k == E_NUM) {
            e->filter = 0;
            return 0;
        }
        if (x->k == E_WORD)
            set_bit(e->wm, x->hash);
        else if (x->k == E_STEM)
            set_bit(e->sm, fnv(x->word, STEM_MIN));
        else
            for (size_t a = 0; a < x->nalts; a++)
                empty |= first_mask(e, &x->alts[a], 0);
        if (!empty)
            return 0;
    }
    return 1;
}

/* Prepare a parsed group for the matcher: its first-word masks, and the fast path of a group
 * of single words (a word list, the common case). */
static void mark_words(struct elem *e)
{
    e->filter = 1;
    for (size_t a = 0; a < e->nalts; a++)
        if (first_mask(e, &e->alts[a], 0))
            e->filter = 0; /* an alternative may match nothing */
    e->words = 1;
    for (size_t a = 0; a < e->nalts && e->words; a++) {
        const struct seq *q = &e->alts[a];
        e->words = q->n == 1 && !q->el[0].opt && (q->el[0].k == E_WORD || q->el[0].k == E_STEM);
    }
}

static int parse_group(struct parser *ps, struct elem *e, int depth)
{
    ps->s++; /* '(' */
    const char *open = ps->s - 1;
    int rc = parse_alts(ps, e, depth, 1);
    if (rc != 0 && ps->err == BND_E_UNCLOSED)
        ps->at = (size_t)(open - ps->p);
    if (rc == 0)
        mark_words(e);
    return rc;
}

static const struct klass *find_class(const struct bnd_set *set, const char *name, size_t n)
{
    for (size_t i = 0; set && i < set->nk; i++)
        if (strlen(set->k[i].name) == n && memcmp(set->k[i].name, name, n) == 0)
            return &set->k[i];
    return NULL;
}

/* @name: the class's body parsed as a group here (its own element count). */
static int parse_class(struct parser *ps, struct elem *e, int depth)
{
    const char *start = ps->s++;
    while ((*ps->s >= 'a' && *ps->s <= 'z') || (*ps->s >= '0' && *ps->s <= '9') || *ps->s == '_')
        ps->s++;
    const struct klass *k = find_class(ps->set, start + 1, (size_t)(ps->s - start - 1));
    if (!k) {
        ps->s = start;
        return fail(ps, BND_E_CLASS);
    }
    struct parser sub = {ps->set, k->body, k->body, 0, BND_CLASS_ELEMENTS_MAX, BND_OK, 0, 0};
    int rc = parse_alts(&sub, e, depth, 0);
    if (rc != 0) {
        ps->oom = sub.oom;
        ps->s = start;
        return fail(ps, sub.err);
    }
    mark_words(e);
    return 0;
}

/* A sequence up to ')', '|' or the end; gaps checked at its edges. */
static int parse_seq(struct parser *ps, struct seq *q, int depth)
{
    for (;;) {
        while (*ps->s == ' ' || *ps->s == '\t')
            ps->s++;
        unsigned char c = (unsigned char)*ps->s;
        if (c == '\0' || c == ')' || c == '|') {
            if (depth == 0 && c == ')')
                return fail(ps, BND_E_UNOPENED);
            if (depth == 0 && c == '|')
                return fail(ps, BND_E_BARE_ALT);
            break;
        }
        struct elem e = {0};
        const char *start = ps->s;
        if (c == '(' || c == '@') {
            int rc = c == '(' ? parse_group(ps, &e, depth) : parse_class(ps, &e, depth);
            if (rc == 0)
                take_opt(ps, &e);
            if (rc != 0 || push(ps, q, &e) != 0) {
                for (size_t a = 0; a < e.nalts; a++)
                    seq_free(&e.alts[a]);
                free(e.alts);
                return -1;
            }
        } else if (c == '~') {
            ps->s++;
            unsigned n = 0;
            size_t digits = 0;
            while (*ps->s >= '0' && *ps->s <= '9' && digits < 3) {
                n = n * 10 + (unsigned)(*ps->s++ - '0');
                digits++;
            }
            if (digits == 0 || n < 1 || n > BND_GAP_MAX) {
                ps->s = start;
                return fail(ps, BND_E_BAD_GAP);
            }
            if (q->n == 0 || q->el[q->n - 1].k == E_GAP) {
                ps->s = start;
                return fail(ps, BND_E_GAP_EDGE);
            }
            e.k = E_GAP;
            e.gap = n;
            if (push(ps, q, &e) != 0)
                return -1;
        } else if (c == '#') {
            ps->s++;
            e.k = E_NUM;
            take_opt(ps, &e);
            if (push(ps, q, &e) != 0)
                return -1;
        } else if (is_word_byte(c)) {
            while (is_word_byte((unsigned char)*ps->s))
                ps->s++;
            size_t flen;
            e.word = fold_word(start, (size_t)(ps->s - start), &flen);
            if (!e.word) {
                ps->oom = 1;
                return fail(ps, BND_E_TOO_LONG);
            }
            e.wlen = flen;
            e.k = E_WORD;
            if (*ps->s == '*') {
                ps->s++;
                e.k = E_STEM;
                if (flen < STEM_MIN) {
                    free(e.word);
                    ps->s = start;
                    return fail(ps, BND_E_SHORT_STEM);
                }
            }
            if (flen == 0) { /* only apostrophes */
                free(e.word);
                ps->s = start;
                return fail(ps, BND_E_BAD_CHAR);
            }
            e.hash = fnv(e.word, e.wlen);
            take_opt(ps, &e);
            if (push(ps, q, &e) != 0) {
                free(e.word);
                return -1;
            }
        } else {
            return fail(ps, BND_E_BAD_CHAR);
        }
    }
    if (q->n && q->el[q->n - 1].k == E_GAP)
        return fail(ps, BND_E_GAP_EDGE);
    return 0;
}

/* The fewest words a sequence can match. */
static size_t min_words(const struct seq *q)
{
    size_t n = 0;
    for (size_t i = 0; i < q->n; i++) {
        const struct elem *e = &q->el[i];
        if (e->opt || e->k == E_GAP)
            continue;
        if (e->k != E_GROUP) {
            n++;
            continue;
        }
        size_t m = SIZE_MAX;
        for (size_t a = 0; a < e->nalts; a++) {
            size_t w = min_words(&e->alts[a]);
            m = w < m ? w : m;
        }
        n += m;
    }
    return n;
}

/* Compile a pattern into q; BND_OK or the fault (and *at). -1 in *oom when memory ran out. */
static enum bnd_perr compile_pattern(const struct bnd_set *set, const char *pattern, struct seq *q,
                                     size_t *at, int *oom)
{
    struct parser ps = {set, pattern, pattern, 0, BND_ELEMENTS_MAX, BND_OK, 0, 0};
    q->el = NULL;
    q->n = 0;
    if (at)
        *at = 0;
    if (oom)
        *oom = 0;
    if (!pattern || strspn(pattern, " \t") == strlen(pattern))
        return BND_E_EMPTY;
    if (strlen(pattern) > BND_PATTERN_MAX)
        return BND_E_TOO_LONG;
    if (parse_seq(&ps, q, 0) == 0 && min_words(q) == 0) {
        ps.s = pattern;
        fail(&ps, BND_E_ALL_OPTIONAL);
    }
    if (ps.err != BND_OK) {
        seq_free(q);
        if (at)
            *at = ps.at;
        if (oom)
            *oom = ps.oom;
    }
    return ps.err;
}

enum bnd_perr bnd_validate(const struct bnd_set *set, const char *pattern, size_t *at)
{
    struct seq q;
    enum bnd_perr e = compile_pattern(set, pattern, &q, at, NULL);
    seq_free(&q);
    return e;
}

enum bnd_perr bnd_validate_row(const struct bnd_set *set, const struct bnd_row *row, size_t *at)
{
    if (at)
        *at = 0;
    if (!row->id || !*row->id || strlen(row->id) > BND_ID_MAX)
        return BND_E_ID;
    if (!row->pattern)
        return row->disables && *row->disables ? BND_OK : BND_E_EMPTY;
    if (bnd_lane_parse(row->lane) < 0)
        return BND_E_LANE;
    if (!row->effect || (strcmp(row->effect, "warn") != 0 && strcmp(row->effect, "allow") != 0))
        return BND_E_EFFECT;
    return bnd_validate(set, row->pattern, at);
}

/* ---- sets ------------------------------------------------------------------------------ */

static struct rule *find_rule(struct bnd_set *set, const char *id)
{
    for (size_t i = 0; i < set->n; i++)
        if (strcmp(set->r[i].id, id) == 0)
            return &set->r[i];
    return NULL;
}

int bnd_has_rule(const struct bnd_set *set, const char *id)
{
    for (size_t i = 0; id && i < set->n; i++)
        if (strcmp(set->r[i].id, id) == 0)
            return 1;
    return 0;
}

/* Add one rule (already validated fields); 0, a fault, or -1 in *oom. */
static enum bnd_perr add_rule(struct bnd_set *set, const char *id, size_t idlen, int lane,
                              int allow, const char *pattern, size_t *at, int *oom)
{
    *oom = 0;
    char idbuf[BND_ID_MAX + 1];
    if (idlen == 0 || idlen > BND_ID_MAX)
        return BND_E_ID;
    memcpy(idbuf, id, idlen);
    idbuf[idlen] = '\0';
    if (find_rule(set, idbuf))
        return BND_E_ID;
    struct rule r = {0};
    enum bnd_perr e = compile_pattern(set, pattern, &r.top, at, oom);
    if (e != BND_OK)
        return e;
    if (set->n == set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 64;
        struct rule *n = realloc(set->r, cap * sizeof *n);
        if (!n) {
            seq_free(&r.top);
            *oom = 1;
            return BND_E_TOO_LONG;
        }
        set->r = n;
        set->cap = cap;
    }
    r.id = malloc(idlen + 1);
    if (!r.id) {
        seq_free(&r.top);
        *oom = 1;
        return BND_E_TOO_LONG;
    }
    memcpy(r.id, idbuf, idlen + 1);
    r.lane = (enum bnd_lane)lane;
    r.allow = allow;
    set->r[set->n++] = r;
    return BND_OK;
}

/* Growable index lists (the index is rebuilt from scratch, so only growth is needed). */
struct ix {
    struct first *fi;
    size_t nfi, cfi;
    uint32_t *any, *num;
    size_t nany, cany, nnum, cnum;
    int oom;
};

static void ix_rule(struct ix *x, uint32_t **v, size_t *n, size_t *cap, uint32_t r)
{
    if (*n && (*v)[*n - 1] == r)
        return;
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 16;
        uint32_t *nv = realloc(*v, c * sizeof *nv);
        if (!nv) {
            x->oom = 1;
            return;
        }
        *v = nv;
        *cap = c;
    }
    (*v)[(*n)++] = r;
}

static void ix_atom(struct ix *x, const struct elem *e, uint32_t r)
{
    if (e->k == E_NUM) {
        ix_rule(x, &x->num, &x->nnum, &x->cnum, r);
        return;
    }
    if (x->nfi == x->cfi) {
        size_t c = x->cfi ? x->cfi * 2 : 256;
        struct first *n = realloc(x->fi, c * sizeof *n);
        if (!n) {
            x->oom = 1;
            return;
        }
        x->fi = n;
        x->cfi = c;
    }
    int stem = e->k == E_STEM;
    x->fi[x->nfi++] = (struct first){stem ? fnv(e->word, STEM_MIN) : e->hash, r, e->word, e->wlen,
                                     stem};
}

/* Index the words sequence q can start with, from element i on; 1 when q can match nothing
 * (every element optional), so the caller goes on to what follows it. */
static int ix_seq(struct ix *x, const struct seq *q, size_t i, uint32_t r)
{
    for (; i < q->n; i++) {
        const struct elem *e = &q->el[i];
        if (e->k == E_GAP) { /* a gap after optional words: any word may start */
            ix_rule(x, &x->any, &x->nany, &x->cany, r);
            return 0;
        }
        int empty = e->opt;
        if (e->k == E_GROUP) {
            for (size_t a = 0; a < e->nalts; a++)
                empty |= ix_seq(x, &e->alts[a], 0, r);
        } else {
            ix_atom(x, e, r);
        }
        if (!empty)
            return 0;
    }
    return 1;
}

static int first_order(const void *a, const void *b)
{
    const struct first *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->rule < y->rule ? -1 : x->rule > y->rule;
}

/* Rebuild the first-word index of set; -1 when memory ran out. */
static int index_build(struct bnd_set *set)
{
    struct ix x = {0};
    for (size_t r = 0; r < set->n; r++)
        if (!set->r[r].disabled)
            ix_seq(&x, &set->r[r].top, 0, (uint32_t)r);
    if (x.oom) {
        free(x.fi);
        free(x.any);
        free(x.num);
        return -1;
    }
    if (x.nfi > 1)
        qsort(x.fi, x.nfi, sizeof *x.fi, first_order);
    free(set->fi);
    free(set->any);
    free(set->num);
    set->fi = x.fi;
    set->nfi = x.nfi;
    set->any = x.any;
    set->nany = x.nany;
    set->num = x.num;
    set->nnum = x.nnum;
    return 0;
}

void bnd_free(struct bnd_set *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->n; i++) {
        free(set->r[i].id);
        seq_free(&set->r[i].top);
    }
    free(set->r);
    for (size_t i = 0; i < set->nk; i++) {
        free(set->k[i].name);
        free(set->k[i].body);
    }
    free(set->k);
    free(set->fi);
    free(set->any);
    free(set->num);
    free(set);
}

size_t bnd_rule_count(const struct bnd_set *set)
{
    size_t n = 0;
    for (size_t i = 0; set && i < set->n; i++)
        n += !set->r[i].disabled;
    return n;
}

const char *bnd_default_rules(void)
{
    const struct embedded *e = embedded_find(embedded_rules, "boundary.tsv");
    return e ? (const char *)e->data : "";
}

/* Split the next tab-separated field of [*s, end) into (f, *flen). */
static const char *field(const char **s, const char *end, size_t *flen)
{
    const char *f = *s, *t = memchr(f, '\t', (size_t)(end - f));
    if (!t)
        t = end;
    *flen = (size_t)(t - f);
    *s = t < end ? t + 1 : end;
    return f;
}

/* A class row: @name, any lane column, effect "define", the body (alternatives without the
 * parentheses). Checked by parsing it once. 0, or -1 with err naming the line. */
static int define_class(struct bnd_set *set, const char *name, size_t nl, const char *body,
                        size_t bl, char *err, size_t errlen, int line)
{
    if (nl > BND_ID_MAX || strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_") < nl ||
        find_class(set, name, nl)) {
        snprintf(err, errlen, "line %d: a class is @ and lower-case letters, digits or _, once",
                 line);
        return -1;
    }
    if (bl > BND_CLASS_MAX) {
        snprintf(err, errlen, "line %d: class: %s", line, perr_text[BND_E_TOO_LONG].en);
        return -1;
    }
    struct klass *n = realloc(set->k, (set->nk + 1) * sizeof *n);
    char *nm = malloc(nl + 1), *bd = malloc(bl + 1);
    if (n)
        set->k = n;
    if (!n || !nm || !bd) {
        free(nm);
        free(bd);
        snprintf(err, errlen, "line %d: out of memory", line);
        return -1;
    }
    memcpy(nm, name, nl);
    nm[nl] = '\0';
    memcpy(bd, body, bl);
    bd[bl] = '\0';
    struct elem e = {0};
    struct parser ps = {set, bd, bd, 0, BND_CLASS_ELEMENTS_MAX, BND_OK, 0, 0};
    int rc = parse_alts(&ps, &e, 1, 0);
    for (size_t a = 0; a < e.nalts; a++)
        seq_free(&e.alts[a]);
    free(e.alts);
    if (rc != 0) {
        snprintf(err, errlen, "line %d: class: %s (at byte %zu)", line, perr_text[ps.err].en,
                 ps.at);
        free(nm);
        free(bd);
        return -1;
    }
    set->k[set->nk].name = nm;
    set->k[set->nk++].body = bd;
    return 0;
}

int bnd_compile(const char *tsv_text, struct bnd_set **out, char *err, size_t errlen)
{
    *out = NULL;
    struct bnd_set *set = calloc(1, sizeof *set);
    if (!set) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    const char *s = tsv_text ? tsv_text : "";
    char pattern[BND_PATTERN_MAX + 2];
    for (int line = 1; *s; line++) {
        const char *nl = strchr(s, '\n'), *end = nl ? nl : s + strlen(s);
        const char *next = nl ? nl + 1 : end;
        if (end > s && end[-1] == '\r')
            end--;
        if (end == s || *s == '#' || (end - s >= 3 && memcmp(s, "id\t", 3) == 0)) {
            s = next;
            continue;
        }
        size_t il, ll, el, pl;
        const char *cur = s;
        const char *id = field(&cur, end, &il), *lane = field(&cur, end, &ll);
        const char *eff = field(&cur, end, &el), *pat = field(&cur, end, &pl);
        if (il > 1 && *id == '@') {
            if (define_class(set, id + 1, il - 1, pat, pl, err, errlen, line) != 0) {
                bnd_free(set);
                return -1;
            }
            s = next;
            continue;
        }
        char lanebuf[16];
        snprintf(lanebuf, sizeof lanebuf, "%.*s", (int)(ll < 15 ? ll : 15), lane);
        int ln = bnd_lane_parse(lanebuf), allow = el == 5 && memcmp(eff, "allow", 5) == 0;
        enum bnd_perr e = BND_OK;
        size_t at = 0;
        int oom = 0;
        if (ln < 0)
            e = BND_E_LANE;
        else if (!allow && !(el == 4 && memcmp(eff, "warn", 4) == 0))
            e = BND_E_EFFECT;
        else if (pl > BND_PATTERN_MAX)
            e = BND_E_TOO_LONG;
        else {
            memcpy(pattern, pat, pl);
            pattern[pl] = '\0';
            e = add_rule(set, id, il, ln, allow, pattern, &at, &oom);
        }
        if (e != BND_OK || oom) {
            if (oom)
                snprintf(err, errlen, "line %d: out of memory", line);
            else if (e == BND_E_ID || e == BND_E_LANE || e == BND_E_EFFECT)
                snprintf(err, errlen, "line %d: %s", line, perr_text[e].en);
            else
                snprintf(err, errlen, "line %d: pattern: %s (at byte %zu)", line, perr_text[e].en,
                         at);
            bnd_free(set);
            return -1;
        }
        s = next;
    }
    if (index_build(set) != 0) {
        snprintf(err, errlen, "out of memory");
        bnd_free(set);
        return -1;
    }
    *out = set;
    return 0;
}

int bnd_add(struct bnd_set *set, const struct bnd_row *rows, size_t n, char *err, size_t errlen)
{
    int skipped = 0;
    for (size_t i = 0; i < n; i++) {
        const struct bnd_row *row = &rows[i];
        if (!row->active)
            continue;
        size_t at = 0;
        int oom = 0;
        enum bnd_perr e = bnd_validate_row(set, row, &at);
        if (e == BND_OK && !row->pattern) {
            struct rule *r = find_rule(set, row->disables);
            if (r)
                r->disabled = 1;
            continue;
        }
        if (e == BND_OK)
            e = add_rule(set, row->id, strlen(row->id), bnd_lane_parse(row->lane),
                         strcmp(row->effect, "allow") == 0, row->pattern, &at, &oom);
        if (oom) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        if (e != BND_OK) {
            if (skipped++ == 0)
                snprintf(err, errlen, "rule %.*s skipped: %s (at byte %zu)", BND_ID_MAX,
                         row->id ? row->id : "(no id)", perr_text[e].en, at);
        }
    }
    if (index_build(set) != 0) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return skipped;
}

/* ---- reading a note ----------------------------------------------------------------- */

struct tok {
    uint32_t off, len;   /* the word in the note, in bytes */
    uint32_t foff, flen; /* its folded text in the fold buffer */
    uint32_t sent;       /* the sentence it is in */
    uint32_t hash;
    uint32_t hash3;      /* of its first STEM_MIN bytes (0 when shorter) */
};



struct note {
    struct tok *t;
    size_t n;
    char *fold;
};

/* Finish word t at fold offset k: its folded length and hashes. */
static void tok_end(struct note *nt, struct tok *t, size_t k)
{
    t->flen = (uint32_t)(k - t->foff);
    t->hash = fnv(nt->fold + t->foff, t->flen);
    t->hash3 = t->flen >= STEM_MIN ? fnv(nt->fold + t->foff, STEM_MIN) : 0;
}

/* A '.' after a capitalised word of one or two letters (Dr., St., Mr.) is an abbreviation. */
static int abbreviation(const char *note, const struct tok *last, size_t dot)
{
    return last && last->off + last->len == dot && last->len <= 2 && note[last->off] >= 'A' &&
           note[last->off] <= 'Z';
}

static int tokenise(const char *note, size_t n, struct note *out)
{
    out->t = malloc((n / 2 + 1) * sizeof *out->t); /* a word and a separator at least */
    out->fold = malloc(n + 1);
    out->n = 0;
    if (!out->t || !out->fold)
        return -1;
    const unsigned char *s = (const unsigned char *)note;
    size_t i = 0, k = 0;
    uint32_t sent = 0;
    struct tok *cur = NULL; /* the word being read */
    while (i < n) {
        size_t len, olen;
        char f[4];
        enum cls c = classify(s + i, n - i, &len, f, &olen);
        /* Inside a word: an apostrophe before a letter, a '.' or ',' between digits. */
        if (cur && i + len < n && (c == C_APOS || ((s[i] == '.' || s[i] == ',') &&
                                                   s[i - 1] >= '0' && s[i - 1] <= '9'))) {
            size_t l2, o2;
            char f2[4];
            if (classify(s + i + len, n - i - len, &l2, f2, &o2) == C_WORD &&
                (c == C_APOS || (f2[0] >= '0' && f2[0] <= '9'))) {
                if (c != C_APOS)
                    out->fold[k++] = (char)s[i];
                i += len;
                continue;
            }
        }
        if (c == C_WORD) {
            if (!cur) {
                cur = &out->t[out->n++];
                cur->off = (uint32_t)i;
                cur->foff = (uint32_t)k;
                cur->sent = sent;
            }
            memcpy(out->fold + k, f, olen);
            k += olen;
            i += len;
            cur->len = (uint32_t)(i - cur->off);
            continue;
        }
        if (cur) {
            tok_end(out, cur, k);
            cur = NULL;
        }
        if (c == C_END && out->n && out->t[out->n - 1].sent == sent &&
            !(s[i] == '.' && abbreviation(note, &out->t[out->n - 1], i)))
            sent++;
        i += len;
    }
    if (cur)
        tok_end(out, cur, k);
    return 0;
}

/* ---- matching ---------------------------------------------------------------------------- */

struct mctx {
    const struct note *nt;
    size_t lim;     /* the end of the sentence (exclusive word index) */
    unsigned steps; /* spent from STEP_BUDGET */
};

/* What remains to match after a group's alternative: the rest of the enclosing sequences. */
struct cont {
    const struct seq *q;
    size_t i;
    const struct cont *next;
};

static int atom(const struct note *nt, const struct elem *e, size_t pos)
{
    const struct tok *t = &nt->t[pos];
    const char *w = nt->fold + t->foff;
    switch (e->k) {
    case E_WORD:
        return t->hash == e->hash && t->flen == e->wlen && memcmp(w, e->word, e->wlen) == 0;
    case E_STEM:
        return t->flen >= e->wlen && memcmp(w, e->word, e->wlen) == 0;
    case E_NUM:
        return w[0] >= '0' && w[0] <= '9';
    default:
        return 0;
    }
}

/* Match q from element i at word pos, then the continuation k; the end word in *end. */
static int m(struct mctx *c, const struct seq *q, size_t i, size_t pos, const struct cont *k,
             size_t *end)
{
    if (++c->steps > STEP_BUDGET)
        return 0;
    if (i == q->n) {
        if (!k) {
            *end = pos;
            return 1;
        }
        return m(c, k->q, k->i, pos, k->next, end);
    }
    const struct elem *e = &q->el[i];
    switch (e->k) {
    case E_GAP:
        /* The shortest gap first, so the quoted phrase is the tightest one. */
        for (size_t g = 0; g <= e->gap && pos + g <= c->lim; g++)
            if (m(c, q, i + 1, pos + g, k, end))
                return 1;
        return 0;
    case E_GROUP: {
        if (e->filter) { /* most words cannot start the group: no alternative need be tried */
            if (pos >= c->lim)
                break;
            const struct tok *t = &c->nt->t[pos];
            uint32_t h = t->hash, h3 = t->hash3;
            if (!((e->wm[(h & 255) >> 6] >> (h & 63)) & 1) &&
                !(t->flen >= STEM_MIN && ((e->sm[(h3 & 255) >> 6] >> (h3 & 63)) & 1)))
                break;
        }
        if (e->words) { /* a word list: test the word against each, no recursion */
            int hit = 0;
            for (size_t a = 0; pos < c->lim && a < e->nalts && !hit; a++)
                hit = atom(c->nt, &e->alts[a].el[0], pos);
            if (hit && m(c, q, i + 1, pos + 1, k, end))
                return 1;
            break;
        }
        struct cont k2 = {q, i + 1, k};
        for (size_t a = 0; a < e->nalts; a++)
            if (m(c, &e->alts[a], 0, pos, &k2, end))
                return 1;
        break;
    }
    default:
        if (pos < c->lim && atom(c->nt, e, pos) && m(c, q, i + 1, pos + 1, k, end))
            return 1;
        break;
    }
    /* An optional element is tried present first (the longer phrase), then absent. */
    return e->opt && m(c, q, i + 1, pos, k, end);
}

/* Match rule r at word pos within [.., lim); the end word in *end. */
static int match_at(const struct note *nt, const struct rule *r, size_t pos, size_t lim,
                    size_t *end)
{
    struct mctx c = {nt, lim, 0};
    return m(&c, &r->top, 0, pos, NULL, end) && *end > pos;
}

/* Candidate hits, grown as needed. */
struct cands {
    struct bnd_hit *h;
    size_t n, cap;
};

static int cand_push(struct cands *cs, const struct bnd_hit *h)
{
    if (cs->n == cs->cap) {
        size_t cap = cs->cap ? cs->cap * 2 : 16;
        struct bnd_hit *n = realloc(cs->h, cap * sizeof *n);
        if (!n)
            return -1;
        cs->h = n;
        cs->cap = cap;
    }
    cs->h[cs->n++] = *h;
    return 0;
}

/* A rule worth trying at a word: (rule, word), sorted by rule then word. */
struct start {
    uint32_t rule, pos;
};

struct starts {
    struct start *s;
    size_t n, cap;
};

static int start_push(struct starts *v, uint32_t rule, uint32_t pos)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 64;
        struct start *n = realloc(v->s, cap * sizeof *n);
        if (!n)
            return -1;
        v->s = n;
        v->cap = cap;
    }
    v->s[v->n++] = (struct start){rule, pos};
    return 0;
}

/* Push every index entry with this key that the word at pos satisfies. */
static int starts_for_key(const struct bnd_set *set, const struct note *nt, uint32_t key, int stem,
                          uint32_t pos, struct starts *v)
{
    size_t lo = 0, hi = set->nfi;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (set->fi[mid].key < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    const struct tok *t = &nt->t[pos];
    const char *w = nt->fold + t->foff;
    for (size_t i = lo; i < set->nfi && set->fi[i].key == key; i++) {
        const struct first *f = &set->fi[i];
        if (f->stem != stem)
            continue;
        int ok = stem ? t->flen >= f->wlen && memcmp(w, f->word, f->wlen) == 0
                      : t->flen == f->wlen && memcmp(w, f->word, f->wlen) == 0;
        if (ok && start_push(v, f->rule, pos) != 0)
            return -1;
    }
    return 0;
}

static int start_order(const void *a, const void *b)
{
    const struct start *x = a, *y = b;
    if (x->rule != y->rule)
        return x->rule < y->rule ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* The (rule, word) pairs worth trying in the sentence of words [a, b), sorted, without repeats. */
static int sentence_starts(const struct bnd_set *set, const struct note *nt, size_t a, size_t b,
                           struct starts *v)
{
    v->n = 0;
    for (size_t p = a; p < b; p++) {
        const struct tok *t = &nt->t[p];
        const char *w = nt->fold + t->foff;
        if (starts_for_key(set, nt, t->hash, 0, (uint32_t)p, v) != 0)
            return -1;
        if (t->flen >= STEM_MIN &&
            starts_for_key(set, nt, fnv(w, STEM_MIN), 1, (uint32_t)p, v) != 0)
            return -1;
        for (size_t i = 0; w[0] >= '0' && w[0] <= '9' && i < set->nnum; i++)
            if (start_push(v, set->num[i], (uint32_t)p) != 0)
                return -1;
        for (size_t i = 0; i < set->nany; i++)
            if (start_push(v, set->any[i], (uint32_t)p) != 0)
                return -1;
    }
    if (v->n > 1) /* an empty vector has no array: qsort(NULL, 0) is undefined */
        qsort(v->s, v->n, sizeof *v->s, start_order);
    size_t k = 0;
    for (size_t i = 0; i < v->n; i++)
        if (k == 0 || v->s[k - 1].rule != v->s[i].rule || v->s[k - 1].pos != v->s[i].pos)
            v->s[k++] = v->s[i];
    v->n = k;
    return 0;
}

static int hit_order(const void *a, const void *b)
{
    const struct bnd_hit *x = a, *y = b;
    if (x->off != y->off)
        return x->off < y->off ? -1 : 1;
    if (x->len != y->len)
        return x->len > y->len ? -1 : 1;
    return (int)x->lane - (int)y->lane;
}

int bnd_check(const struct bnd_set *set, const char *note, size_t note_len, struct bnd_hit *out,
              size_t max, size_t *nhits)
{
    *nhits = 0;
    if (note_len > BND_NOTE_MAX)
        return -1;
    struct note nt = {0};
    struct cands cs = {0};
    struct starts st = {0};
    int rc = -1;
    if (tokenise(note, note_len, &nt) != 0)
        goto done;
    for (size_t a = 0; a < nt.n;) {
        size_t b = a;
        while (b < nt.n && nt.t[b].sent == nt.t[a].sent)
            b++;
        if (sentence_starts(set, &nt, a, b, &st) != 0)
            goto done;
        /* Allow rows first: a lane allowed in this sentence needs no warn rule tried. */
        int allowed[BND_LANES] = {0};
        for (size_t i = 0; i < st.n; i++) {
            const struct rule *ru = &set->r[st.s[i].rule];
            size_t end;
            if (ru->allow && !allowed[ru->lane])
                allowed[ru->lane] = match_at(&nt, ru, st.s[i].pos, b, &end);
        }
        size_t last_rule = SIZE_MAX, last_end = 0;
        for (size_t i = 0; i < st.n; i++) {
            const struct rule *ru = &set->r[st.s[i].rule];
            size_t p = st.s[i].pos, end;
            if (ru->allow || allowed[ru->lane])
                continue;
            if (st.s[i].rule == last_rule && p < last_end)
                continue; /* the same rule again only after its last phrase */
            if (!match_at(&nt, ru, p, b, &end))
                continue;
            struct bnd_hit h = {ru->lane, ru->id, nt.t[p].off,
                                nt.t[end - 1].off + nt.t[end - 1].len - nt.t[p].off};
            if (cand_push(&cs, &h) != 0)
                goto done;
            last_rule = st.s[i].rule;
            last_end = end;
        }
        a = b;
    }
    if (cs.n > 1)
        qsort(cs.h, cs.n, sizeof *cs.h, hit_order);
    /* Of overlapping hits of one lane keep the first (the earliest, then the longest). */
    size_t kept = 0;
    for (size_t i = 0; i < cs.n; i++) {
        int dup = 0;
        for (size_t j = 0; j < kept && !dup; j++)
            dup = cs.h[j].lane == cs.h[i].lane && cs.h[i].off < cs.h[j].off + cs.h[j].len;
        if (!dup)
            cs.h[kept++] = cs.h[i];
    }
    for (size_t i = 0; i < kept && i < max; i++)
        out[i] = cs.h[i];
    *nhits = kept;
    rc = 0;
done:
    free(nt.t);
    free(nt.fold);
    free(cs.h);
    free(st.s);
    return rc;
}
