/* civil.h - calendar dates as day numbers (days since 1900-01-01), pure and exact.
 * Every valid date peerdesk accepts (1900-2200) is a day number >= 0, so -1 can
 * mean "no date" or "not a date" without colliding with a real day. */
#ifndef PD_CIVIL_H
#define PD_CIVIL_H

#include <stdint.h>

/* "YYYY-MM-DD" -> day number; returns -1 for anything that is not a real date. */
int32_t civil_parse(const char *s);
/* Day number -> "YYYY-MM-DD" (out: 11 bytes). */
void civil_format(int32_t day, char out[11]);
/* Day number of year/month/day (month 1-12); the date must be valid. */
int32_t civil_days(int y, int m, int d);
/* Split a day number into year, month, day. */
void civil_split(int32_t day, int *y, int *m, int *d);
/* Add months, clamping the day to the end of the target month
 * (2024-02-29 + 12 months = 2025-02-28; 2023-01-31 + 1 month = 2023-02-28). */
int32_t civil_add_months(int32_t day, int months);
/* Today in UTC. */
int32_t civil_today(void);

#endif
