/* matching.h - RC-2 "Match Experience": rank eligible peers for a recoveree, with reasons. */
#ifndef PD_MATCHING_H
#define PD_MATCHING_H

#include <stddef.h>
#include <stdint.h>

/* What the recoveree asked for (RC-1 intake), as codes of the controlled lists of
 * profile.h, comma-separated (NULL or "" = nothing stated). */
struct match_wants {
    const char *languages;   /* PL_LANGUAGE: languages the recoveree speaks */
    const char *peer_gender; /* PL_GENDER: the gender wanted in a peer, NULL = no preference */
    const char *substances;  /* PL_SUBSTANCE: lived experience they would like a peer to share */
    const char *pathways;    /* PL_PATHWAY: pathways they follow or want */
    const char *cultures;    /* PL_CULTURE: cultural factors that matter to them */
    const char *lang;        /* the language the reasons are said in (msg.h code; NULL: English) */
};

/* One peer as seen by matching. eligible is decided by the caller from the workforce
 * entry point (WF-1 etc.), SV-3 and SV-4; ineligible peers are never ranked. */
struct match_peer {
    int64_t id;
    const char *name;
    const char *languages, *gender, *substances, *pathways, *cultures; /* codes, as above */
    int level;          /* effective level 1..3 */
    int caseload;       /* recoverees now assigned */
    int capacity;       /* caseload capacity */
    int eligible;       /* 0: excluded, with why_not saying why (for the audit, never shown as a rank) */
    const char *why_not;
};

#define MATCH_MAX_REASONS 8

struct match_result {
    int64_t peer_id;
    const char *name;
    int score; /* higher is better; only meaningful for ordering */
    int nreasons;
    /* In plain words, in the wants' language (match.reason.* of messages/): "Speaks Spanish", "Woman, as requested", "Lived experience with opioids",
     * "Medication-assisted pathway", "Shared background: Veteran", "12 places free on a
     * caseload of 25", the level. */
    char reasons[MATCH_MAX_REASONS][120];
};

/* Rank the eligible peers with room (caseload < capacity) best first, ties broken by
 * most room then name then id. A shared language counts most, then a stated gender
 * preference (a peer of that gender ranks above an otherwise equal or near one, and the
 * reasons say when a peer is not of it), then each shared substance, cultural factor and
 * pathway; room and level only order peers whose fit is the same. Writes at most max
 * results (and at most MATCH_RANK_MAX); returns how many. Each result has at least one reason. Peers without room or
 * not eligible never appear. Pure. */
/* The most results match_rank writes, whatever max asks. */
#define MATCH_RANK_MAX 50

size_t match_rank(const struct match_wants *w, const struct match_peer *peers, size_t n,
                  struct match_result *out, size_t max);

#endif
