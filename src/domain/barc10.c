/* barc10.c - the BARC-10 statements, answer labels, scoring and published cut-off (RC-6). */
#include "barc10.h"

#include <stddef.h>

/* Verbatim from the reference file, section 4.1 (Vilsaint et al. 2017, via the ophelia.com
 * transcription; item 2 without the comma, as the glossary prints it). Order matters: the
 * stored answers are indexed by item. */
const char *const barc10_items[BARC10_ITEMS] = {
    "There are more important things to me in life than using substances.",
    "In general I am happy with my life.",
    "I have enough energy to complete the tasks I set myself.",
    "I am proud of the community I live in and feel part of it.",
    "I get lots of support from friends.",
    "I regard my life as challenging and fulfilling without the need for using drugs or alcohol.",
    "My living space has helped to drive my recovery journey.",
    "I take full responsibility for my actions.",
    "I am happy dealing with a range of professional people.",
    "I am making good progress on my recovery journey.",
};

/* barc10_answers[k] is the label of the answer worth k + 1 points (PhenX: 1 = Strongly
 * Disagree .. 6 = Strongly Agree). */
const char *const barc10_answers[BARC10_MAX] = {
    "Strongly disagree", "Disagree", "Somewhat disagree",
    "Somewhat agree",    "Agree",    "Strongly agree",
};

/* Sum the ten answers after checking each is BARC10_MIN..BARC10_MAX. No item is reverse
 * scored (none is indicated by the sources), so the total is a plain sum, 10..60. A NULL
 * answers array is reported as item 0 being bad; total and bad may be NULL. */
int barc10_score(const int answers[BARC10_ITEMS], int *total, int *bad)
{
    int sum = 0;
    for (int i = 0; i < BARC10_ITEMS; i++) {
        if (!answers || answers[i] < BARC10_MIN || answers[i] > BARC10_MAX) {
            if (bad)
                *bad = i;
            return -1;
        }
        sum += answers[i];
    }
    if (total)
        *total = sum;
    return 0;
}

/* RC-6: 47 and above is the cut-off the paper associates with sustained remission. Only
 * that line is encoded; the vendor's "low / moderate / high" bands are not validated. */
int barc10_at_cutoff(int total)
{
    return total >= BARC10_CUTOFF;
}
