/* referral.h - SV-7 as pure rules: the kinds of community resource in the directory, what a
 * ZIP code looks like, and the life of a referral (made -> connected -> completed or
 * declined), each change dated on an organization-local day. No I/O: unit-tested in
 * tests/unit/test_referral.c. */
#ifndef PD_REFERRAL_H
#define PD_REFERRAL_H

#include <stdint.h>

/* The kinds of resource (resources.kind in migration 014), in the order forms list them. */
enum resource_kind {
    RK_HOUSING,
    RK_EMPLOYMENT,
    RK_HEALTH,
    RK_SOCIAL_SERVICES,
    RK_MUTUAL_AID,
    RK_FOOD,
    RK_LEGAL,
    RK_TRANSPORTATION,
    RK_EDUCATION,
    RK_OTHER,
    RK__COUNT
};

/* "housing", "social_services", ... (the stored form); NULL out of range. */
const char *resource_kind_name(enum resource_kind k);
/* The stored form back, -1 when unknown. */
int resource_kind_parse(const char *s);

/* 1 when s is a US ZIP code: five digits, or ZIP+4 ("07102" or "07102-1234"). */
int zip_valid(const char *s);
/* 1 when s is a prefix a search may use: one to five digits (ZIP+4 searches by its ZIP). */
int zip_prefix_valid(const char *s);

/* The states of a referral (referrals.state). */
enum referral_state { RS_MADE, RS_CONNECTED, RS_COMPLETED, RS_DECLINED, RS__COUNT };

const char *referral_state_name(enum referral_state s);
int referral_state_parse(const char *s);
/* 1 for made and connected: a referral still waiting on someone. */
int referral_open(enum referral_state s);

/* Why a change of state is refused (RF_OK: allowed). Each has a message id
 * "referral.refuse.NAME" (referral_refusal_name) in the catalog. */
enum referral_refusal {
    RF_OK = 0,
    RF_SAME,              /* already in that state */
    RF_CLOSED,            /* completed or declined: a closed referral does not move */
    RF_NOT_CONNECTED,     /* completed straight from made: connect first */
    RF_BACKWARD,          /* back to made, or from connected to connected's past */
    RF_FUTURE,            /* the date is after today */
    RF_BEFORE_MADE,       /* the date is before the referral was made */
    RF_BEFORE_CONNECTED,  /* a closing date before the day it was connected */
};
const char *referral_refusal_name(enum referral_refusal r);

/* The days a referral carries (civil days, civil.h; -1 when not set). */
struct referral_days {
    int32_t made_on, connected_on, closed_on;
};

/* SV-7: may a referral in state `from` with days d move to state `to` on day `on`, when the
 * organization's today is `today`? The moves are made -> connected, made -> declined (the
 * person turned it down before any contact), connected -> completed and connected ->
 * declined; nothing leaves completed or declined. The date is not in the future, not before
 * made_on, and a close is not before connected_on. RF_OK, or the first reason it is not. */
enum referral_refusal referral_move_check(enum referral_state from, enum referral_state to,
                                          const struct referral_days *d, int32_t on,
                                          int32_t today);

/* The days after the move (connected_on or closed_on set to `on`), for a move already
 * checked by referral_move_check. */
struct referral_days referral_move_days(enum referral_state to, const struct referral_days *d,
                                        int32_t on);

/* The follow-up date when none is given: this many days after the referral was made
 * (SV-7 "a follow-up reminder on the peer's day"; no organization policy value holds it yet). */
#define REFERRAL_FOLLOW_UP_DAYS 7

/* 1 when a referral in state s with follow_up day f (-1: none) is due for follow-up on day
 * today: still open and f is today or past. */
int referral_follow_up_due(enum referral_state s, int32_t f, int32_t today);

#endif
