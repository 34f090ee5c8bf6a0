/* barc10.h - the Brief Assessment of Recovery Capital (BARC-10; Vilsaint et al. 2017), RC-6. */
#ifndef PD_BARC10_H
#define PD_BARC10_H

#define BARC10_ITEMS 10
#define BARC10_MIN 1     /* strongly disagree */
#define BARC10_MAX 6     /* strongly agree */
#define BARC10_CUTOFF 47 /* published cut-off associated with sustained remission (>12 months) */

/* The ten statements, as published (reference file, section 4.1). */
extern const char *const barc10_items[BARC10_ITEMS];
/* The six answer labels, 1..6 ("Strongly disagree" .. "Strongly agree"). */
extern const char *const barc10_answers[BARC10_MAX];

/* Check the ten answers: each an integer 1..6. Returns 0 with *total (10..60), or -1
 * with the 0-based index of the first bad item in *bad. */
int barc10_score(const int answers[BARC10_ITEMS], int *total, int *bad);

/* 1 when total is at or above the published cut-off. */
int barc10_at_cutoff(int total);

#endif
