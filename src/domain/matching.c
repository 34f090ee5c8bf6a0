/* matching.c - RC-2 "Match Experience" (seed 003): rank eligible peers with room, with reasons. */
#include "matching.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "workforce.h"

/* Weights. A shared language decides most (peer support is conversation), then each shared
 * cultural factor or lived experience (the seed's "cultural factors and competencies that go
 * beyond the peers' own experiences"), then pathway and stated preferences. Room and level
 * together give at most 5 + 4 = 9, below any single fit item (15), so they only order
 * peers whose fit is the same. */
#define W_LANGUAGE   100
#define W_CULTURE    20
#define W_LIVED      20
#define W_PATHWAY    15
#define W_PREFERENCE 15
#define W_ROOM_MAX   5 /* scaled by the share of the caseload still free */
#define W_LEVEL      2 /* per level above 1 */

/* ---- list entries ----------------------------------------------------------------------- */

/* One entry of a comma- or newline-separated list, trimmed: [s, s + n). */
struct entry {
    const char *s;
    size_t n;
};

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Step *p past the next non-empty entry of the list, writing it to e. 0 at the end. */
static int next_entry(const char **p, struct entry *e)
{
    const char *s = *p;
    while (s && *s) {
        const char *start = s;
        while (*s && *s != ',' && *s != '\n')
            s++;
        const char *end = s;
        if (*s)
            s++;
        while (start < end && is_space(*start))
            start++;
        while (end > start && is_space(end[-1]))
            end--;
        if (end > start) {
            e->s = start;
            e->n = (size_t)(end - start);
            *p = s;
            return 1;
        }
    }
    if (p)
        *p = s;
    return 0;
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Whole entries, ASCII case-insensitive ("Spanish" = "spanish", "Span" != "Spanish"). */
static int entry_eq(struct entry a, struct entry b)
{
    if (a.n != b.n)
        return 0;
    for (size_t i = 0; i < a.n; i++)
        if (lower(a.s[i]) != lower(b.s[i]))
            return 0;
    return 1;
}

/* The entry of list equal to e, written to *found; 0 when there is none. */
static int list_find(const char *list, struct entry e, struct entry *found)
{
    struct entry x;
    const char *p = list;
    while (next_entry(&p, &x)) {
        if (entry_eq(x, e)) {
            if (found)
                *found = x;
            return 1;
        }
    }
    return 0;
}

/* 1 when e already occurred in list before position stop (a repeated want counts once). */
static int seen_before(const char *list, const char *stop, struct entry e)
{
    struct entry x;
    const char *p = list;
    while (next_entry(&p, &x) && x.s < stop)
        if (x.s != e.s && entry_eq(x, e))
            return 1;
    return 0;
}

/* ---- reasons ------------------------------------------------------------------------------ */

/* Start a reason in r (when r is not NULL and there is a free slot); returns its text or NULL. */
static char *reason_new(struct match_result *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static char *reason_new(struct match_result *r, const char *fmt, ...)
{
    if (!r || r->nreasons >= MATCH_MAX_REASONS)
        return NULL;
    char *t = r->reasons[r->nreasons++];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(t, sizeof r->reasons[0], fmt, ap);
    va_end(ap);
    return t;
}

/* Append ", entry" (or the first entry after the prefix) to a reason. An entry that would
 * not fit is replaced by a final " and more" so the text is never cut mid-word. */
static void reason_add(char *t, int first, struct entry e)
{
    const size_t cap = sizeof((struct match_result *)0)->reasons[0];
    static const char more[] = " and more";
    size_t len = strlen(t);
    if (len >= cap - sizeof more || strstr(t, more))
        return;
    size_t need = (first ? 0 : 2) + e.n;
    if (len + need + sizeof more > cap) {
        memcpy(t + len, more, sizeof more);
        return;
    }
    if (!first) {
        memcpy(t + len, ", ", 2);
        len += 2;
    }
    memcpy(t + len, e.s, e.n);
    t[len + e.n] = '\0';
}

/* ---- scoring ------------------------------------------------------------------------------ */

/* Score the wants of one kind against the peer's list: weight for each distinct wanted entry
 * the peer has (once in total when once is set), and one reason "<prefix><peer's entries>". */
static int score_list(const char *wants, const char *has, int weight, int once, const char *prefix,
                      struct match_result *r)
{
    int score = 0, matched = 0;
    char *t = NULL;
    struct entry e, f;
    const char *p = wants;
    while (next_entry(&p, &e)) {
        if (seen_before(wants, e.s, e) || !list_find(has, e, &f))
            continue;
        if (!once || !matched)
            score += weight;
        if (!matched)
            t = reason_new(r, "%s", prefix);
        if (t)
            reason_add(t, !matched, f);
        matched++;
    }
    return score;
}

/* The peer's score, with reasons written to r when r is not NULL. The room reason is always
 * written, so every result has at least one. */
static int score_peer(const struct match_wants *w, const struct match_peer *p,
                      struct match_result *r)
{
    int score = 0;
    if (r)
        r->nreasons = 0;
    score += score_list(w->language, p->languages, W_LANGUAGE, 1, "Speaks ", r);
    score += score_list(w->cultural_factors, p->cultural_profile, W_CULTURE, 0,
                        "Shares cultural factors: ", r);
    score += score_list(w->lived_experience, p->lived_experience, W_LIVED, 0,
                        "Shares lived experience: ", r);
    score += score_list(w->pathways, p->pathways, W_PATHWAY, 0, "Same pathway: ", r);
    score +=
        score_list(w->preferred_peer, p->profile_tags, W_PREFERENCE, 0, "Matches preference: ", r);

    int room = p->capacity - p->caseload;
    score += W_ROOM_MAX * room / p->capacity; /* capacity > 0: the caller checked room */
    /* Say what is free, not "room: 25 of 25", which reads as full (issue 7). */
    reason_new(r, "%d %s free on a caseload of %d", room, room == 1 ? "place" : "places",
               p->capacity);

    int level = p->level < 1 ? 1 : p->level > 3 ? 3 : p->level;
    score += W_LEVEL * (level - 1);
    if (p->level >= WF_L1 && p->level <= WF_L3)
        reason_new(r, "%s", wf_level_label((enum wf_level)p->level));
    return score;
}

static int rankable(const struct match_peer *p)
{
    return p->eligible && p->capacity > 0 && p->caseload >= 0 && p->caseload < p->capacity;
}

/* The ordering key of a candidate: score desc, room desc, name asc, id asc, then input
 * position so even duplicate entries have one order. */
struct key {
    int score, room;
    const char *name;
    int64_t id;
    size_t pos;
};

/* < 0 when a ranks before b. */
static int key_cmp(const struct key *a, const struct key *b)
{
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    if (a->room != b->room)
        return a->room > b->room ? -1 : 1;
    int c = strcmp(a->name ? a->name : "", b->name ? b->name : "");
    if (c)
        return c;
    if (a->id != b->id)
        return a->id < b->id ? -1 : 1;
    return a->pos < b->pos ? -1 : a->pos > b->pos;
}

/* Contract: see matching.h. RC-2: only peers the caller marked eligible (WF-1, SV-3, SV-4)
 * and with caseload < capacity are ranked. Works without allocating: each of the max places
 * is filled by a scan for the best peer after the previous one, O(n * max) scores - an
 * organization's peers number in the hundreds and a page shows a handful. Names in out
 * point into peers. */
size_t match_rank(const struct match_wants *w, const struct match_peer *peers, size_t n,
                  struct match_result *out, size_t max)
{
    static const struct match_wants none = {0};
    if (!w)
        w = &none;
    if (!peers || !out)
        return 0;
    size_t count = 0;
    struct key prev = {0};
    while (count < max) {
        struct key best = {0};
        int found = 0;
        for (size_t i = 0; i < n; i++) {
            const struct match_peer *p = &peers[i];
            if (!rankable(p))
                continue;
            struct key k = {score_peer(w, p, NULL), p->capacity - p->caseload, p->name, p->id, i};
            if (count > 0 && key_cmp(&k, &prev) <= 0)
                continue; /* already placed */
            if (!found || key_cmp(&k, &best) < 0) {
                best = k;
                found = 1;
            }
        }
        if (!found)
            break;
        struct match_result *r = &out[count++];
        memset(r, 0, sizeof *r);
        r->peer_id = best.id;
        r->name = best.name;
        r->score = score_peer(w, &peers[best.pos], r);
        prev = best;
    }
    return count;
}
