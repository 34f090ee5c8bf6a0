/* matching.h - RC-2 "Match Experience": rank eligible peers for a recoveree, with reasons. */
#ifndef PD_MATCHING_H
#define PD_MATCHING_H

#include <stddef.h>
#include <stdint.h>

/* What the recoveree asked for (RC-1 intake). Free-text lists are comma- or
 * newline-separated; matching is case-insensitive on whole entries. */
struct match_wants {
    const char *language;         /* preferred language, e.g. "Spanish" */
    const char *cultural_factors; /* e.g. "veteran, Latino, LGBTQ+" */
    const char *lived_experience; /* what the recoveree would like the peer to share, e.g. "opioids, parent" */
    const char *pathways;         /* e.g. "medication-assisted, SMART" */
    const char *preferred_peer;   /* stated preferences about the peer, e.g. "woman, older" */
};

/* One peer as seen by matching. eligible is decided by the caller from the workforce
 * entry point (WF-1 etc.), SV-3 and SV-4; ineligible peers are never ranked. */
struct match_peer {
    int64_t id;
    const char *name;
    const char *languages, *cultural_profile, *lived_experience, *pathways, *profile_tags;
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
    char reasons[MATCH_MAX_REASONS][120]; /* "Speaks Spanish", "Shares lived experience: opioids", "12 places free on a caseload of 25" */
};

/* Rank the eligible peers with room (caseload < capacity) best first, ties broken by
 * most room then name. Writes at most max results; returns how many. Each result has
 * at least one reason. Peers without room or not eligible never appear. Pure. */
size_t match_rank(const struct match_wants *w, const struct match_peer *peers, size_t n,
                  struct match_result *out, size_t max);

#endif
