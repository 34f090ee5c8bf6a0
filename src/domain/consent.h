/* consent.h - 42 CFR Part 2 consents (RC-3) and disclosures under them (RC-4), as pure rules.
 * Element numbers follow §2.31(a) as amended in 2024 (reference file, section 1.2). */
#ifndef PD_CONSENT_H
#define PD_CONSENT_H

#include <stddef.h>
#include <stdint.h>

#include "wf_text.h"

enum consent_kind {
    CK_TPO,               /* single consent for all future treatment, payment, operations */
    CK_SPECIFIC,          /* a specific recipient and purpose */
    CK_COUNSELING_NOTES,  /* SUD counseling notes, §2.31(b) */
    CK_PROCEEDINGS,       /* civil/criminal/administrative/legislative proceedings, §2.31(d) */
    CK_CRIMINAL_JUSTICE,  /* criminal-justice referral, §2.35 */
    CK__COUNT
};

/* A consent as recorded. Strings may be NULL or empty (= absent). Dates are civil day
 * numbers (domain/civil.h), -1 when absent. Lists (recipients, purposes) are one entry
 * per line. */
struct consent {
    enum consent_kind kind;
    unsigned combined_with;        /* bit mask (1u << kind) of other kinds on the same form */
    const char *patient_name;      /* (1) */
    const char *disclosers;        /* (2) who may use or disclose (e.g. the program's name) */
    const char *information;       /* (3) what, specific and meaningful */
    const char *recipients;        /* (4)(i) names or class of recipients, one per line */
    int intermediary;              /* (4)(ii) recipient is an intermediary (e.g. an HIE) */
    const char *intermediary_participants; /* (4)(ii)(A)/(B) */
    int covered_entity_recipient;  /* (4)(iii) a recipient is a covered entity / business associate */
    int hipaa_redisclosure_stmt;   /* (4)(iii) statement present */
    const char *purposes;          /* (5) one per line */
    int fundraising;               /* (5)(iii) the program intends to fundraise with the records */
    int fundraising_optout_stmt;   /* (5)(iii) statement present */
    int revocation_stmt;           /* (6) right to revoke in writing + reliance exception */
    const char *revocation_how;    /* (6) how to revoke */
    int32_t expires_on;            /* (7) date, or -1 */
    const char *expiry_event;      /* (7) event ("end of treatment", "none" for TPO) */
    const char *signature;         /* (8) signer's name as signed (typed e-signature or on paper) */
    int needs_authorized_signer;   /* (8) minor (§2.14) or lacking capacity/deceased (§2.15) */
    const char *authorized_signer; /* (8) the authorized person's name */
    int32_t signed_on;             /* (9) */
    int tpo_redisclosure_stmt;     /* (10)(i) */
    int tpo_refusal_stmt;          /* (10)(ii) */
    int32_t revocable_after;       /* §2.35: date from which it may be revoked, or -1 */
    const char *revocable_after_event; /* §2.35: or the event */
    int64_t revoked_at;            /* Unix time of written revocation, 0 when not revoked */
};

/* The first problem found, naming the element. */
struct consent_problem {
    const char *element; /* "§2.31(a)(3)", "§2.31(b)(2)", "§2.31(d)", "§2.35" */
    const char *field;   /* the struct/API field to fix, e.g. "information" */
    char message[240];   /* a sentence a peer understands, in English */
    struct wf_text text; /* the same sentence by message id (consent.rule.*): wf_text_format
                          * (op_said, wf_text_or) says it in the reader's language */
};

/* RC-3: check every required element and the forbidden combinations. Returns 0 when
 * the consent is complete, or -1 with the first problem (in §2.31(a) order, then the
 * combination rules, then §2.35). Pure. */
int consent_validate(const struct consent *c, struct consent_problem *p);

/* RC-3 as consent_validate, but every problem at once (a consent missing three elements names
 * all three; issue 10): up to max problems into out, in the same order, each field named
 * once. Returns how many (0: complete). Pure. */
int consent_validate_all(const struct consent *c, struct consent_problem *out, int max);

enum consent_state {
    CS_VALID,
    CS_INCOMPLETE, /* fails consent_validate */
    CS_NOT_YET,    /* signed after the date asked about */
    CS_EXPIRED,    /* expires_on before the date asked about */
    CS_REVOKED,    /* revoked at or before the moment asked about */
};

/* The state on day `date` at Unix time `now` (for revocation, which has a time). */
enum consent_state consent_state(const struct consent *c, int32_t date, int64_t now);

/* May the patient revoke now? Always, except a §2.35 criminal-justice consent before
 * its revocable_after date (an event-only condition is the program's call: allowed,
 * with a note). Returns 1, or 0 with a sentence in msg. */
int consent_may_revoke(const struct consent *c, int32_t date, char *msg, size_t msglen);
/* The same with the sentence in language lang (a catalog code; NULL: English). */
int consent_may_revoke_lang(const struct consent *c, int32_t date, const char *lang, char *msg,
                            size_t msglen);

/* RC-4: may this consent carry a disclosure of `what` to `recipient` for `purpose` on
 * `date` at `now`? recipient and purpose must each match one line of the consent
 * (case and surrounding space ignored); under a TPO consent a recipient named by the
 * program is covered when recipient_category is one of "treating_provider",
 * "health_plan", "payer", "program_operations" and the purpose is one of treatment,
 * payment or health care operations. Returns 1, or 0 with the problem (element names
 * §2.31(c) for expired/revoked/deficient, "RC-4" for not covering). */
int consent_covers(const struct consent *c, const char *recipient, const char *recipient_category,
                   const char *purpose, int32_t date, int64_t now, struct consent_problem *p);

/* §2.31(a)(8): does `signature` (a typed name, or the name on a signed paper copy) belong to
 * the person who must sign: the patient, or the authorized signer when one is needed?
 * Compared ignoring case and runs of white space. 1, or 0 with a sentence in msg. */
int consent_signature_ok(const struct consent *c, const char *signature, char *msg, size_t msglen);
/* The same with the sentence in language lang (a catalog code; NULL: English). */
int consent_signature_ok_lang(const struct consent *c, const char *signature, const char *lang,
                              char *msg, size_t msglen);

/* 1 when item equals one line of list (one entry per line; surrounding space and letter case
 * ignored): how recipients, purposes and information are matched. */
int consent_list_has(const char *list, const char *item);

/* The §2.32 notice, verbatim (statement 1 or 2). */
const char *consent_notice(int statement);

/* A plain-language explanation of the consent's scope for §2.32(b): who may disclose
 * what to whom, for which purposes, until when, and how to revoke. Written into out. */
void consent_scope(const struct consent *c, char *out, size_t outlen);
/* The same in language lang (a catalog code, msg.h; the words "scope.*" of messages/): the
 * paragraph a recoveree reads on their own consent. consent_scope is this in English. */
void consent_scope_lang(const struct consent *c, const char *lang, char *out, size_t outlen);

const char *consent_kind_name(enum consent_kind k);  /* "tpo", "specific", ... */
const char *consent_kind_label(enum consent_kind k); /* "Single consent for treatment, ..." */
int consent_kind_parse(const char *s);               /* -1 when unknown */
const char *consent_state_name(enum consent_state s);

#endif
