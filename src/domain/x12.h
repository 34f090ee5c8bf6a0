/* x12.h - the ASC X12 837P (005010X222A1, professional claim) writer for a claim batch (SV-8),
 * pure: it writes into a buf and reads nothing else.
 *
 * One interchange (ISA/IEA) holding one functional group (GS/GE) holding one transaction set
 * (ST/SE): the submitter (1000A) and receiver (1000B), one billing provider (HL 20, NM1*85),
 * and under it one subscriber (HL 22: the recoveree is the subscriber, so no patient HL 23)
 * per recoveree, each with its claims (CLM, HI diagnosis ABK) and their service lines
 * (LX/SV1/DTP*472). A claim holds at most X12_LINES_PER_CLAIM lines; more make another
 * claim. Every claim's total (CLM02) is the sum of its SV1 charges.
 *
 * Separators: element '*', component ':', repetition '^', segment '~' followed by a newline
 * (readable, and accepted by clearinghouses). A value is written without any separator or
 * control character, so no value can break the structure. */
#ifndef PD_X12_H
#define PD_X12_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* 837P allows 50 service lines per claim (loop 2400 repeat). */
#define X12_LINES_PER_CLAIM 50

struct x12_address {
    const char *line, *city, *state, *zip; /* any may be NULL: N3/N4 are left out when line is */
};

struct x12_line {
    const char *code;      /* HCPCS procedure code, "H0038" */
    const char *modifiers; /* up to four, separated by spaces or commas ("HQ", "HF HQ"), or NULL */
    int64_t charge_cents;
    int units;
    const char *date; /* YYYY-MM-DD */
};

/* One recoveree with their lines, in the order to bill. */
struct x12_subscriber {
    const char *last_name, *first_name;
    const char *member_id;
    const char *dob; /* YYYY-MM-DD, or NULL (DMG left out) */
    const char *sex; /* "F", "M", "U" or NULL */
    struct x12_address addr;
    const char *diagnosis; /* ICD-10-CM, with or without its dot ("F11.20"); the dot is dropped */
    const char *claim_id;  /* patient control number prefix (CLM01; "-2" and on for more claims) */
    const struct x12_line *lines;
    int nlines;
};

struct x12_batch {
    int64_t control_number; /* ISA13, GS06 and BHT03 (1..999999999) */
    const char *date;       /* CCYYMMDD of creation */
    const char *time;       /* HHMM */
    int production;         /* ISA15: 1 "P", 0 "T" (test) */
    /* The organization: submitter (1000A, its submitter id) and billing provider (2010AA). */
    const char *submitter_id, *provider_name, *npi, *tax_id;
    const char *contact_name, *contact_phone;
    struct x12_address provider_addr;
    /* The payer: receiver (1000B) and payer (2010BB). */
    const char *payer_name, *payer_id;
    const char *filing_code; /* SBR09 claim filing indicator: "MC" Medicaid, "CI" commercial... */
    const struct x12_subscriber *subs;
    int nsubs;
};

/* Write the batch's 837P into b (appended). Returns the number of segments in the transaction
 * set (ST..SE, the SE01 it wrote), or -1 when the batch lacks what the file must carry (no
 * submitter id, provider name, NPI, payer name or id, or a subscriber without a member id or
 * lines); nothing is written then. */
int x12_837p_write(buf *b, const struct x12_batch *in);

/* The number of claims (CLM segments) x12_837p_write writes for the batch. */
int x12_claim_count(const struct x12_batch *in);

/* Amount in cents as X12 writes a decimal: "11.97", "12", "2.5". out holds 24 bytes. */
void x12_amount(int64_t cents, char out[24]);

#endif
