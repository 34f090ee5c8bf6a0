/* referral.c - the resource kinds, ZIP codes and referral moves of SV-7 (referral.h). */
#include "referral.h"

#include <ctype.h>
#include <string.h>

static const char *const kinds[RK__COUNT] = {
    [RK_HOUSING] = "housing",       [RK_EMPLOYMENT] = "employment",
    [RK_HEALTH] = "health",         [RK_SOCIAL_SERVICES] = "social_services",
    [RK_MUTUAL_AID] = "mutual_aid", [RK_FOOD] = "food",
    [RK_LEGAL] = "legal",           [RK_TRANSPORTATION] = "transportation",
    [RK_EDUCATION] = "education",   [RK_OTHER] = "other",
};

const char *resource_kind_name(enum resource_kind k)
{
    return (unsigned)k < RK__COUNT ? kinds[k] : NULL;
}

int resource_kind_parse(const char *s)
{
    for (int k = 0; s && k < RK__COUNT; k++)
        if (!strcmp(s, kinds[k]))
            return k;
    return -1;
}

static int digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return 0;
    return 1;
}

int zip_valid(const char *s)
{
    if (!s)
        return 0;
    size_t n = strlen(s);
    if (n == 5)
        return digits(s, 5);
    return n == 10 && digits(s, 5) && s[5] == '-' && digits(s + 6, 4);
}

int zip_prefix_valid(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    return n >= 1 && n <= 5 && digits(s, n);
}

static const char *const states[RS__COUNT] = {
    [RS_MADE] = "made", [RS_CONNECTED] = "connected", [RS_COMPLETED] = "completed",
    [RS_DECLINED] = "declined"};

const char *referral_state_name(enum referral_state s)
{
    return (unsigned)s < RS__COUNT ? states[s] : NULL;
}

int referral_state_parse(const char *s)
{
    for (int k = 0; s && k < RS__COUNT; k++)
        if (!strcmp(s, states[k]))
            return k;
    return -1;
}

int referral_open(enum referral_state s)
{
    return s == RS_MADE || s == RS_CONNECTED;
}

const char *referral_refusal_name(enum referral_refusal r)
{
    static const char *const names[] = {
        [RF_OK] = "ok",
        [RF_SAME] = "same",
        [RF_CLOSED] = "closed",
        [RF_NOT_CONNECTED] = "not_connected",
        [RF_BACKWARD] = "backward",
        [RF_FUTURE] = "future",
        [RF_BEFORE_MADE] = "before_made",
        [RF_BEFORE_CONNECTED] = "before_connected",
    };
    return (unsigned)r < sizeof names / sizeof *names ? names[r] : "unknown";
}

enum referral_refusal referral_move_check(enum referral_state from, enum referral_state to,
                                          const struct referral_days *d, int32_t on,
                                          int32_t today)
{
    if (from == to)
        return RF_SAME;
    if (!referral_open(from))
        return RF_CLOSED;
    if (to == RS_MADE)
        return RF_BACKWARD;
    if (from == RS_MADE && to == RS_COMPLETED)
        return RF_NOT_CONNECTED;
    /* The date of the change is a day that has happened, on or after the referral. */
    if (on > today)
        return RF_FUTURE;
    if (on < d->made_on)
        return RF_BEFORE_MADE;
    if (from == RS_CONNECTED && d->connected_on >= 0 && on < d->connected_on)
        return RF_BEFORE_CONNECTED;
    return RF_OK;
}

struct referral_days referral_move_days(enum referral_state to, const struct referral_days *d,
                                        int32_t on)
{
    struct referral_days n = *d;
    if (to == RS_CONNECTED)
        n.connected_on = on;
    else if (to == RS_COMPLETED || to == RS_DECLINED)
        n.closed_on = on;
    return n;
}

int referral_follow_up_due(enum referral_state s, int32_t f, int32_t today)
{
    return referral_open(s) && f >= 0 && f <= today;
}
