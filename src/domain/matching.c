/* matching.c - RC-2 "Match Experience" (seed 003): rank eligible peers with room, with reasons. */
#include "matching.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "msg.h"
#include "profile.h"
#include "wf_text.h"
#include "workforce.h"

/* Weights. A shared language decides most (peer support is conversation), then a stated
 * gender preference (the recoveree's own words about who they can open up to), then each
 * shared substance of lived experience, cultural factor and pathway. Room and level together
 * give at most 5 + 4 = 9, below any single fit item (15), so they only order peers whose fit
 * is the same. */
#define W_LANGUAGE  100 /* once, however many languages are shared */
#define W_GENDER    60
#define W_SUBSTANCE 25
#define W_CULTURE   20
#define W_PATHWAY   15
#define W_ROOM_MAX  5 /* scaled by the share of the caseload still free */
#define W_LEVEL     2 /* per level above 1 */

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

enum { REASON_CAP = sizeof((struct match_result *)0)->reasons[0] };

/* Labels joined the way people write them: "A", "A and B", "A, B and C". When they do not
 * fit in REASON_CAP with prefix and suffix, the last that fit are followed by " and more",
 * so a word is never cut. */
static void join_labels(char *t, const char *lang, const char *prefix, const char *const *labels,
                        size_t n, const char *suffix)
{
    char more[40], and[24];
    snprintf(more, sizeof more, " %s", msg(lang, "match.join.more"));
    snprintf(and, sizeof and, " %s ", msg(lang, "match.join.and"));
    size_t len = (size_t)snprintf(t, REASON_CAP, "%s", prefix);
    size_t tail = strlen(suffix);
    if (len + tail + 1 >= REASON_CAP)
        return; /* prefixes and suffixes are short constants: never */
    for (size_t i = 0; i < n; i++) {
        const char *sep = i == 0 ? "" : i + 1 == n ? and : ", ";
        size_t need = strlen(sep) + strlen(labels[i]);
        /* room for this label, the suffix and, unless it is the last, " and more" */
        size_t reserve = tail + (i + 1 < n ? strlen(more) : 0);
        if (len + need + reserve + 1 > REASON_CAP) {
            len += (size_t)snprintf(t + len, REASON_CAP - len, "%s", more);
            break;
        }
        len += (size_t)snprintf(t + len, REASON_CAP - len, "%s%s", sep, labels[i]);
    }
    snprintf(t + len, REASON_CAP - len, "%s", suffix);
}

/* Message id said in lang with its {label} filled, into out. */
static const char *msg_fmt_buf(const char *lang, const char *id, const char *label, char *out,
                               size_t n)
{
    struct wf_text t;
    wf_text_set(&t, id, "label", label, NULL);
    return wf_text_format(&t, lang, out, n);
}

/* ---- scoring ------------------------------------------------------------------------------ */

/* The codes of list l that both want and has hold, in list order: weight for each (once in
 * total with once set), and one reason: message id (id_many when more than one) said in lang,
 * with its {labels} the labels joined. */
static int score_list(enum profile_list l, const char *want, const char *has, int weight,
                      int once, const char *lang, const char *id, const char *id_many,
                      struct match_result *r)
{
    size_t n;
    const struct profile_code *codes = profile_codes(l, &n);
    const char *labels[64];
    size_t k = 0;
    for (size_t i = 0; i < n && k < sizeof labels / sizeof *labels; i++)
        if (profile_has(want, codes[i].code) && profile_has(has, codes[i].code))
            labels[k++] = profile_label_lang(l, codes[i].code, lang);
    if (k == 0)
        return 0;
    char *t = reason_new(r, "%s", "");
    if (t) {
        /* The sentence around {labels}: what comes before it and after it. */
        const char *s = msg(lang, k > 1 ? id_many : id), *at = strstr(s, "{labels}");
        char prefix[80];
        snprintf(prefix, sizeof prefix, "%.*s", at ? (int)(at - s) : 0, s);
        join_labels(t, lang, prefix, labels, k, at ? at + 8 : "");
    }
    return once ? weight : weight * (int)k;
}

/* A stated gender preference: the peer of that gender scores; another (or an unrecorded
 * gender) is said in the reasons so the rank explains itself. No preference: nothing. */
static int score_gender(const char *want, const char *has, const char *lang,
                        struct match_result *r)
{
    const char *label = want && *want ? profile_label_lang(PL_GENDER, want, lang) : NULL;
    if (!label)
        return 0;
    char tmp[REASON_CAP];
    if (has && strcmp(want, has) == 0) {
        reason_new(r, "%s", msg_fmt_buf(lang, "match.reason.gender_match", label, tmp, sizeof tmp));
        return W_GENDER;
    }
    reason_new(r, "%s",
               msg_fmt_buf(lang, has && *has ? "match.reason.gender_differs"
                                             : "match.reason.gender_unknown",
                           label, tmp, sizeof tmp));
    return 0;
}

/* The peer's score, with reasons written to r when r is not NULL. The room reason is always
 * written, so every result has at least one. */
static int score_peer(const struct match_wants *w, const struct match_peer *p,
                      struct match_result *r)
{
    int score = 0;
    if (r)
        r->nreasons = 0;
    const char *lang = w->lang;
    score += score_list(PL_LANGUAGE, w->languages, p->languages, W_LANGUAGE, 1, lang,
                        "match.reason.speaks", "match.reason.speaks", r);
    score += score_gender(w->peer_gender, p->gender, lang, r);
    score += score_list(PL_SUBSTANCE, w->substances, p->substances, W_SUBSTANCE, 0, lang,
                        "match.reason.substances", "match.reason.substances", r);
    score += score_list(PL_PATHWAY, w->pathways, p->pathways, W_PATHWAY, 0, lang,
                        "match.reason.pathway", "match.reason.pathways", r);
    score += score_list(PL_CULTURE, w->cultures, p->cultures, W_CULTURE, 0, lang,
                        "match.reason.cultures", "match.reason.cultures", r);

    int room = p->capacity - p->caseload;
    score += W_ROOM_MAX * room / p->capacity; /* capacity > 0: the caller checked room */
    /* Say what is free, not "room: 25 of 25", which reads as full (issue 7). */
    if (r) {
        char cap[24], tmp[REASON_CAP];
        snprintf(cap, sizeof cap, "%d", p->capacity);
        struct wf_text t;
        wf_text_set(&t, "match.reason.room", "capacity", cap, NULL);
        t.plural = 1;
        t.n = room;
        reason_new(r, "%s", wf_text_format(&t, lang, tmp, sizeof tmp));
    }

    int level = p->level < 1 ? 1 : p->level > 3 ? 3 : p->level;
    score += W_LEVEL * (level - 1);
    if (p->level >= WF_L1 && p->level <= WF_L3)
        reason_new(r, "%s", msg(lang, p->level == WF_L1   ? "wf.level.1"
                                      : p->level == WF_L2 ? "wf.level.2"
                                                          : "wf.level.3"));
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
 * and with caseload < capacity are ranked. One pass scores each peer once and keeps the best
 * max keys in order (insertion into a small array: a page shows a handful); then the reasons
 * are written for those alone: n scores, not n * max. No allocation (the best keys live on
 * the stack: MATCH_RANK_MAX at most). Names in out point into peers. */
size_t match_rank(const struct match_wants *w, const struct match_peer *peers, size_t n,
                  struct match_result *out, size_t max)
{
    static const struct match_wants none = {0};
    if (!w)
        w = &none;
    if (!peers || !out)
        return 0;
    if (max > MATCH_RANK_MAX)
        max = MATCH_RANK_MAX;
    struct key top[MATCH_RANK_MAX];
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        const struct match_peer *p = &peers[i];
        if (!rankable(p))
            continue;
        struct key k = {score_peer(w, p, NULL), p->capacity - p->caseload, p->name, p->id, i};
        if (count == max && (max == 0 || key_cmp(&k, &top[max - 1]) >= 0))
            continue; /* not among the best max */
        size_t at = count < max ? count++ : max - 1;
        while (at > 0 && key_cmp(&k, &top[at - 1]) < 0) {
            top[at] = top[at - 1];
            at--;
        }
        top[at] = k;
    }
    for (size_t i = 0; i < count; i++) {
        struct match_result *r = &out[i];
        memset(r, 0, sizeof *r);
        r->peer_id = top[i].id;
        r->name = top[i].name;
        r->score = score_peer(w, &peers[top[i].pos], r);
    }
    return count;
}
