/* civil.c - day numbers from civil dates (the proleptic Gregorian calendar, H. Hinnant's method). */
#include "civil.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Days from 1900-01-01 to 1970-01-01 (70 years, 17 of them leap years). */
#define EPOCH_1900 25567

int32_t civil_days(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468 + EPOCH_1900;
}

void civil_split(int32_t z, int *y, int *m, int *d)
{
    z += 719468 - EPOCH_1900;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

static int month_len(int y, int m)
{
    static const int len[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return len[m - 1] + (m == 2 && leap);
}

int32_t civil_parse(const char *s)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return -1;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    /* 1900-2200 covers every birth, hire and expiry date peerdesk records. */
    if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > month_len(y, m))
        return -1;
    return civil_days(y, m, d);
}

void civil_format(int32_t day, char out[11])
{
    int y, m, d;
    civil_split(day, &y, &m, &d);
    unsigned uy = (unsigned)y % 10000u, um = (unsigned)m % 100u, ud = (unsigned)d % 100u;
    out[0] = (char)('0' + uy / 1000);
    out[1] = (char)('0' + uy / 100 % 10);
    out[2] = (char)('0' + uy / 10 % 10);
    out[3] = (char)('0' + uy % 10);
    out[4] = '-';
    out[5] = (char)('0' + um / 10);
    out[6] = (char)('0' + um % 10);
    out[7] = '-';
    out[8] = (char)('0' + ud / 10);
    out[9] = (char)('0' + ud % 10);
    out[10] = '\0';
}

int32_t civil_add_months(int32_t day, int months)
{
    int y, m, d;
    civil_split(day, &y, &m, &d);
    int total = y * 12 + (m - 1) + months;
    y = total / 12;
    m = total % 12 + 1;
    if (d > month_len(y, m))
        d = month_len(y, m);
    return civil_days(y, m, d);
}

int32_t civil_today(void)
{
    return (int32_t)(time(NULL) / 86400) + EPOCH_1900;
}
