/* billing.h - SV-8 billing units and eligibility, pure (no I/O): minutes to units under a
 * payer's rounding rule, daily caps per recoveree per day across several services, and
 * whether a service may be billed under a code, each refusal as a reason code.
 *
 * The default is the CMS 8-minute rule with 15-minute units (reference file §5.2): a unit
 * from 8 minutes on, 8-22 minutes one unit, 23-37 two. A daily cap (for example 16 units,
 * H0038 HF in New Jersey) applies after rounding (§5.2), across every service of the
 * recoveree that day: later services are cut, and the cut is explained. */
#ifndef PD_BILLING_H
#define PD_BILLING_H

#include <stdint.h>

enum bill_rounding {
    BILL_EIGHT_MINUTE = 0, /* CMS: a unit for each whole unit, and one more when the rest is
                            * more than half a unit (8 of 15 minutes) */
    BILL_DOWN,             /* whole units only */
    BILL_UP,               /* any part of a unit is a unit */
    BILL_NEAREST,          /* the nearest whole unit, half a unit rounding up */
};

/* The rule's name in payers.rounding ("eight_minute", "down", "up", "nearest"). */
const char *bill_rounding_name(enum bill_rounding r);
/* Parse a name: 0 with *out, -1 for anything else (NULL included). */
int bill_rounding_parse(const char *s, enum bill_rounding *out);

/* How a payer turns minutes into units. */
struct bill_unit_rule {
    int unit_minutes;  /* minutes in a unit, 1..240 (15 for H0038) */
    enum bill_rounding rounding;
    int min_minutes;   /* fewer minutes than this bill nothing (8 under the 8-minute rule) */
};

/* Units for minutes of one service under rule r (SV-8). Minutes below r->min_minutes, or
 * not positive, give 0; a unit_minutes outside 1..240 gives 0. 15-minute units under the
 * 8-minute rule: 7 -> 0, 8 -> 1, 22 -> 1, 23 -> 2, 45 -> 3. */
int bill_units(const struct bill_unit_rule *r, int minutes);

/* Why a line is left out or cut. BILL_OK and BILL_CUT are billed; every other is not. */
enum bill_reason {
    BILL_OK = 0,
    BILL_CUT,             /* billed, with fewer units: the daily cap was reached (explained) */
    BILL_VOID,            /* the service was voided */
    BILL_ALREADY_BILLED,  /* it went out in an earlier batch */
    BILL_NO_CODE,         /* the service names no code of this payer */
    BILL_CODE_INACTIVE,   /* the code is disabled */
    BILL_MODALITY,        /* the code does not cover the service's format */
    BILL_LEVEL,           /* the peer's level that day is below the code's (WF-1, WF-4) */
    BILL_CREDENTIAL,      /* the code requires a credential the peer did not hold */
    BILL_NO_PROFILE,      /* the recoveree has no billing profile with this payer */
    BILL_NO_MEMBER_ID,    /* the profile has no member id */
    BILL_NO_DIAGNOSIS,    /* the code requires a diagnosis and the profile has none */
    BILL_TOO_SHORT,       /* too few minutes for a unit */
    BILL_CAP_REACHED,     /* the daily cap was used up by earlier services */
    BILL_REASON__COUNT
};

/* The reason's code ("no_diagnosis", "level", ...): the API's reason and the catalog's
 * billing.reason.CODE message. */
const char *bill_reason_code(enum bill_reason r);
/* 1 when a line with reason r is billed (BILL_OK, BILL_CUT), else 0. */
int bill_reason_billed(enum bill_reason r);

/* A payer's code as the rules read it. */
struct bill_code {
    int64_t id;
    const char *modality;   /* the format it covers ("individual", "group", ...), NULL: any */
    int min_level;          /* lowest peer level, 1..3 (WF-1) */
    const char *credential; /* a required certification body, NULL: none */
    int64_t rate_cents;     /* per unit */
    int daily_cap_units;    /* the code's own cap per recoveree per day; 0: none */
    int requires_diagnosis;
    int active;
};

/* One line to bill: a service for one recoveree (a group service has one line per member). */
struct bill_line_in {
    int64_t service_id, recoveree_id;
    const char *service_date; /* the organization's civil day, YYYY-MM-DD */
    int minutes;
    const char *modality;
    int is_void;
    int peer_level;            /* the level the peer worked in that day (services.peer_level) */
    const char *peer_credential;
    const struct bill_code *code; /* NULL: no code of this payer */
    int has_profile;
    const char *member_id, *diagnosis;
    int billed_units;          /* > 0 when an earlier batch billed it: those units count toward
                                * the day's cap, and the line is not billed again */
    int already_billed;
};

/* The outcome of one line. */
struct bill_line_out {
    enum bill_reason reason;
    int units_rounded; /* after rounding, before caps */
    int units;         /* billed: after rounding and caps (0 when not billed) */
    int cap;           /* the cap that cut or refused it, 0 when none did */
    int64_t charge_cents;
};

/* The eligibility of one line for its code, without caps: the first refusal in the order
 * void, already billed, no code, code disabled, format, level (WF-1), credential, profile,
 * member id, diagnosis; BILL_OK when none applies. */
enum bill_reason bill_eligible(const struct bill_line_in *in);

/* Evaluate n lines of one payer (SV-8): eligibility, units under rule r, then the daily caps
 * per recoveree per day, in the order given (the caller sorts by day and start time): the
 * payer's cap across every code (payer_cap, 0: none) and each code's own cap. Units an earlier
 * batch billed that day count first. out[i] answers in[i]. */
void bill_evaluate(const struct bill_unit_rule *r, int payer_cap, const struct bill_line_in *in,
                   int n, struct bill_line_out *out);

/* 1 when s has the shape of an ICD-10-CM code: a letter, a digit, a letter or digit, then
 * optionally a dot and one to four letters or digits ("F11.20", "F1120", "Z76.89"); letters
 * upper case. Shape only: whether the code exists is the payer's to say. */
int bill_icd10_ok(const char *s);

/* 1 when s is ten digits whose last is the Luhn check digit of the other nine with the
 * prefix 80840 (the NPI standard, 45 CFR 162.406): "1234567893" is valid. */
int bill_npi_ok(const char *s);

#endif
