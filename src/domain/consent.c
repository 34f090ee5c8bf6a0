/* consent.c - RC-3/RC-4: 42 CFR Part 2 consent elements (§2.31), combinations, §2.35 revocation,
 * coverage of a disclosure, the §2.32 notices and a plain scope paragraph. Pure: no I/O, no
 * allocation; every string is written into the caller's buffer and truncated safely. */
#include "consent.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "civil.h"
#include "msg.h"
#include "wf_text.h"

/* Days from 1900-01-01 (civil day 0) to the Unix epoch, for dating a revocation. */
#define UNIX_EPOCH_DAY 25567
/* A user string quoted inside a 240-byte problem sentence is clipped to this many bytes so
 * the rest of the sentence (the rule it breaks) always survives. */
#define QUOTE_MAX 72
/* The phrases we recognise (TPO purposes, "none") are short; a longer line cannot be one of
 * them, so normalising into a fixed buffer loses nothing. */
#define PHRASE_MAX 96

enum { TPO_T = 1u, TPO_P = 2u, TPO_O = 4u };

/* ---- strings ------------------------------------------------------------------ */

static int is_space(unsigned char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == '\v' || ch == '\f';
}

/* ASCII-only folding: locale-independent, so the same consent matches the same way on every
 * server. Non-ASCII letters must match exactly. */
static unsigned char fold(unsigned char ch)
{
    return ch >= 'A' && ch <= 'Z' ? (unsigned char)(ch - 'A' + 'a') : ch;
}

static void trim_span(const char **b, const char **e)
{
    while (*b < *e && is_space((unsigned char)**b))
        (*b)++;
    while (*e > *b && is_space((unsigned char)(*e)[-1]))
        (*e)--;
}

static int blank(const char *s)
{
    if (!s)
        return 1;
    for (; *s; s++)
        if (!is_space((unsigned char)*s))
            return 0;
    return 1;
}

static int span_eq_fold(const char *ab, const char *ae, const char *bb, const char *be)
{
    if (ae - ab != be - bb)
        return 0;
    for (; ab < ae; ab++, bb++)
        if (fold((unsigned char)*ab) != fold((unsigned char)*bb))
            return 0;
    return 1;
}

/* Walks the non-blank lines of a list: *pos is the cursor (start with the list itself).
 * Returns 1 with the trimmed line in [*b, *e), 0 at the end. */
static int next_line(const char **pos, const char **b, const char **e)
{
    const char *p = *pos;
    while (p && *p) {
        const char *nl = strchr(p, '\n');
        const char *end = nl ? nl : p + strlen(p);
        *b = p;
        *e = end;
        p = nl ? nl + 1 : end;
        trim_span(b, e);
        if (*b < *e) {
            *pos = p;
            return 1;
        }
    }
    *pos = p;
    return 0;
}

/* 1 when one line of `list` equals `s`, both trimmed, ASCII case ignored. */
static int list_has(const char *list, const char *s)
{
    if (blank(s))
        return 0;
    const char *sb = s, *se = s + strlen(s), *pos = list, *b, *e;
    trim_span(&sb, &se);
    while (next_line(&pos, &b, &e))
        if (span_eq_fold(b, e, sb, se))
            return 1;
    return 0;
}

/* Drops an incomplete UTF-8 sequence that truncation left at the end of s[0..len). */
static size_t utf8_cut(const char *s, size_t len)
{
    size_t i = len, cont = 0;
    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80 && cont < 3) {
        i--;
        cont++;
    }
    if (i == 0)
        return len;
    unsigned char lead = (unsigned char)s[i - 1];
    size_t need = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
    if (lead < 0x80 || (lead & 0xC0) == 0x80)
        return len;
    return need > cont ? i - 1 : len;
}

/* Copies the trimmed span into out (cap bytes), clipped at a character boundary with "..." */
static const char *clip(const char *b, const char *e, char *out, size_t cap)
{
    trim_span(&b, &e);
    size_t n = (size_t)(e - b);
    if (n < cap) {
        memcpy(out, b, n);
        out[n] = '\0';
        return out;
    }
    n = utf8_cut(b, cap - 4);
    memcpy(out, b, n);
    memcpy(out + n, "...", 4);
    return out;
}

static const char *clip_str(const char *s, char *out, size_t cap)
{
    if (!s)
        s = "";
    return clip(s, s + strlen(s), out, cap);
}

/* ---- output buffers ----------------------------------------------------------- */

struct sink {
    char *p;
    size_t cap, len; /* len < cap always */
    int full;        /* once text was cut, later text is dropped so no fragment follows it */
};

__attribute__((format(printf, 2, 0))) static void sink_vadd(struct sink *k, const char *fmt,
                                                            va_list ap)
{
    if (!k->p || k->cap == 0 || k->full)
        return;
    int n = vsnprintf(k->p + k->len, k->cap - k->len, fmt, ap);
    if (n < 0)
        return;
    if ((size_t)n >= k->cap - k->len) {
        k->len = utf8_cut(k->p, k->cap - 1);
        k->p[k->len] = '\0';
        k->full = 1;
    } else {
        k->len += (size_t)n;
    }
}

__attribute__((format(printf, 2, 3))) static void sink_add(struct sink *k, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sink_vadd(k, fmt, ap);
    va_end(ap);
}

static struct sink sink_open(char *out, size_t cap)
{
    struct sink k = {out, cap, 0, 0};
    if (out && cap)
        out[0] = '\0';
    return k;
}

/* t said in lang into the sink, cut at a character boundary when it does not fit. */
static void sink_said(struct sink *k, const struct wf_text *t, const char *lang)
{
    char said[1024];
    sink_add(k, "%s", wf_text_format(t, lang, said, sizeof said));
}

/* Fills *p (when given) with the element, the field and the sentence: message id (consent.rule.*)
 * and NULL-terminated name, value pairs in p->text, its English in p->message. Returns -1, so
 * checks read `return refuse(...)`. */
__attribute__((sentinel)) static int refuse(struct consent_problem *p, const char *element,
                                            const char *field, const char *id, ...)
{
    if (!p)
        return -1;
    p->element = element;
    p->field = field;
    va_list ap;
    va_start(ap, id);
    wf_text_vset(&p->text, id, ap);
    va_end(ap);
    struct sink k = sink_open(p->message, sizeof p->message);
    sink_said(&k, &p->text, NULL);
    return -1;
}

/* A day as a sentence argument: YYYY-MM-DD, or the catalog's "(no date)" (an "@id" value). */
static const char *day_str(int32_t day, char buf[11])
{
    if (day < 0)
        return "@consent.rule.no_date";
    else
        civil_format(day, buf);
    return buf;
}

/* ---- phrases ------------------------------------------------------------------ */

/* Lower-cases, collapses runs of space, drops a leading "for ", a trailing "." and spells
 * "healthcare" as "health care", so "For treatment, payment and healthcare operations."
 * reads like the regulation. Returns 0 when the line is too long to be a known phrase. */
static int normalise(const char *b, const char *e, char out[PHRASE_MAX])
{
    trim_span(&b, &e);
    if (e > b && e[-1] == '.')
        e--;
    size_t n = 0;
    for (const char *s = b; s < e; s++) {
        unsigned char ch = fold((unsigned char)*s);
        if (is_space(ch) && (n == 0 || out[n - 1] == ' '))
            continue;
        if (n + 2 >= PHRASE_MAX)
            return 0;
        out[n++] = is_space(ch) ? ' ' : (char)ch;
    }
    while (n > 0 && out[n - 1] == ' ')
        n--;
    out[n] = '\0';
    char *hc = strstr(out, "healthcare");
    if (hc && n + 1 < PHRASE_MAX) { /* room for the one added space */
        memmove(hc + 7, hc + 6, strlen(hc + 6) + 1);
        hc[6] = ' ';
    }
    if (strncmp(out, "for ", 4) == 0)
        memmove(out, out + 4, strlen(out + 4) + 1);
    return 1;
}

/* Treatment/payment/operations bits named by one purpose line, 0 for any other purpose. */
static unsigned tpo_bits_span(const char *b, const char *e)
{
    static const struct {
        const char *text;
        unsigned bits;
    } phrases[] = {
        {"treatment", TPO_T},
        {"payment", TPO_P},
        {"health care operations", TPO_O},
        {"treatment, payment, and health care operations", TPO_T | TPO_P | TPO_O},
        {"treatment, payment and health care operations", TPO_T | TPO_P | TPO_O},
        {"treatment, payment, or health care operations", TPO_T | TPO_P | TPO_O},
        {"treatment, payment or health care operations", TPO_T | TPO_P | TPO_O},
    };
    char norm[PHRASE_MAX];
    if (!normalise(b, e, norm))
        return 0;
    for (size_t i = 0; i < sizeof phrases / sizeof phrases[0]; i++)
        if (strcmp(norm, phrases[i].text) == 0)
            return phrases[i].bits;
    return 0;
}

static unsigned tpo_bits(const char *s)
{
    return s ? tpo_bits_span(s, s + strlen(s)) : 0;
}

static unsigned consent_tpo_bits(const struct consent *c)
{
    unsigned bits = 0;
    const char *pos = c->purposes, *b, *e;
    while (next_line(&pos, &b, &e))
        bits |= tpo_bits_span(b, e);
    return bits;
}

/* A consent "for treatment, payment, or health care operations" (§2.31(a)(4)(iii), (7), (10)):
 * the single TPO consent, or any consent one of whose purposes is T, P or O. */
static int is_tpo(const struct consent *c)
{
    return c->kind == CK_TPO || consent_tpo_bits(c) != 0;
}

/* "none" and its synonyms: an expiry that never comes, allowed only for TPO (§2.31(a)(7)). */
static int says_never(const char *s)
{
    static const char *const never[] = {
        "none", "never", "no expiration", "does not expire", "no expiration date", "n/a"};
    char norm[PHRASE_MAX];
    if (!s || !normalise(s, s + strlen(s), norm))
        return 0;
    for (size_t i = 0; i < sizeof never / sizeof never[0]; i++)
        if (strcmp(norm, never[i]) == 0)
            return 1;
    return 0;
}

/* ---- RC-3: validation ----------------------------------------------------------- */

/* (1) to (4): who, by whom, what, to whom. */
static int check_parties(const struct consent *c, struct consent_problem *p)
{
    if (blank(c->patient_name))
        return refuse(p, "§2.31(a)(1)", "patient_name",
                      "consent.rule.patient_name", NULL);
    if (blank(c->disclosers))
        return refuse(p, "§2.31(a)(2)", "disclosers",
                      "consent.rule.disclosers", NULL);
    if (blank(c->information))
        return refuse(p, "§2.31(a)(3)", "information",
                      "consent.rule.information", NULL);
    if (blank(c->recipients))
        return refuse(p, "§2.31(a)(4)(i)", "recipients",
                      "consent.rule.recipients", NULL);
    if (c->intermediary && blank(c->intermediary_participants))
        return refuse(p, "§2.31(a)(4)(ii)", "intermediary_participants",
                      "consent.rule.intermediary_participants", NULL);
    if (c->covered_entity_recipient && is_tpo(c) && !c->hipaa_redisclosure_stmt)
        return refuse(p, "§2.31(a)(4)(iii)", "hipaa_redisclosure_stmt",
                      "consent.rule.hipaa_redisclosure_stmt", NULL);
    return 0;
}

/* (5): at least one purpose line; any text counts, including the two sufficient phrases. */
static int check_purposes(const struct consent *c, struct consent_problem *p)
{
    if (blank(c->purposes))
        return refuse(p, "§2.31(a)(5)", "purposes",
                      "consent.rule.purposes", NULL);
    if (c->fundraising && !c->fundraising_optout_stmt)
        return refuse(p, "§2.31(a)(5)(iii)", "fundraising_optout_stmt",
                      "consent.rule.fundraising_optout_stmt", NULL);
    return 0;
}

/* (6) and (7): revocation and expiry. */
static int check_revocation_expiry(const struct consent *c, struct consent_problem *p)
{
    char d1[11], d2[11], q[QUOTE_MAX];
    if (!c->revocation_stmt)
        return refuse(p, "§2.31(a)(6)", "revocation_stmt",
                      "consent.rule.revocation_stmt", NULL);
    if (blank(c->revocation_how))
        return refuse(p, "§2.31(a)(6)", "revocation_how",
                      "consent.rule.revocation_how", NULL);
    if (c->expires_on < 0 && blank(c->expiry_event))
        return refuse(p, "§2.31(a)(7)", "expires_on",
                      "consent.rule.expiry_missing", NULL);
    if (c->expires_on < 0 && says_never(c->expiry_event) && !is_tpo(c))
        return refuse(p, "§2.31(a)(7)", "expiry_event",
                      "consent.rule.expiry_never", "event",
                      clip_str(c->expiry_event, q, sizeof q), NULL);
    if (c->expires_on >= 0 && c->signed_on >= 0 && c->expires_on < c->signed_on)
        return refuse(p, "§2.31(a)(7)", "expires_on",
                      "consent.rule.expires_before_signed", "expires",
                      day_str(c->expires_on, d1), "signed", day_str(c->signed_on, d2), NULL);
    return 0;
}

/* (8) to (10): signature, date, and the two TPO statements. */
static int check_signing(const struct consent *c, struct consent_problem *p)
{
    if (blank(c->signature))
        return refuse(p, "§2.31(a)(8)", "signature", "consent.rule.signature", NULL);
    if (c->needs_authorized_signer && blank(c->authorized_signer))
        return refuse(p, "§2.31(a)(8)", "authorized_signer",
                      "consent.rule.authorized_signer", NULL);
    if (c->signed_on < 0)
        return refuse(p, "§2.31(a)(9)", "signed_on",
                      "consent.rule.signed_on", NULL);
    if (is_tpo(c) && !c->tpo_redisclosure_stmt)
        return refuse(p, "§2.31(a)(10)(i)", "tpo_redisclosure_stmt",
                      "consent.rule.tpo_redisclosure_stmt", NULL);
    if (is_tpo(c) && !c->tpo_refusal_stmt)
        return refuse(p, "§2.31(a)(10)(ii)", "tpo_refusal_stmt",
                      "consent.rule.tpo_refusal_stmt", NULL);
    return 0;
}

static const char *const kind_labels[CK__COUNT] = {
    "Single consent for treatment, payment and health care operations",
    "Specific recipient and purpose",
    "SUD counseling notes",
    "Civil, criminal, administrative or legislative proceedings",
    "Criminal-justice referral",
};

/* The lowest kind in mask, as a sentence argument: its label's message id ("@id"). */
static const char *first_kind(unsigned mask)
{
    static const char *const ids[CK__COUNT] = {
        "@consent.kind.tpo", "@consent.kind.specific", "@consent.kind.counseling_notes",
        "@consent.kind.proceedings", "@consent.kind.criminal_justice"};
    for (int k = 0; k < CK__COUNT; k++)
        if (mask & (1u << k))
            return ids[k];
    return "@consent.rule.another_kind";
}

/* §2.31(b)(2) and §2.31(d): counseling notes only with counseling notes, proceedings with
 * nothing but proceedings. A form may hold two consents of the same kind (two counseling-
 * notes recipients, two proceedings), so a kind's own bit is never a conflict. */
static int check_combination(const struct consent *c, struct consent_problem *p)
{
    const unsigned cn = 1u << CK_COUNSELING_NOTES, pr = 1u << CK_PROCEEDINGS;
    unsigned self = 1u << c->kind, others = c->combined_with & ~self;
    if (c->combined_with & ~((1u << CK__COUNT) - 1u))
        return refuse(p, "RC-3", "combined_with",
                      "consent.rule.combined_unknown", NULL);
    if (c->kind == CK_COUNSELING_NOTES && others)
        return refuse(p, "§2.31(b)(2)", "combined_with",
                      "consent.rule.counseling_notes_with", "kind",
                      first_kind(others), NULL);
    if (others & cn)
        return refuse(p, "§2.31(b)(2)", "combined_with",
                      "consent.rule.with_counseling_notes", NULL);
    if (c->kind == CK_PROCEEDINGS && others)
        return refuse(p, "§2.31(d)", "combined_with",
                      "consent.rule.proceedings_with", "kind",
                      first_kind(others), NULL);
    if (others & pr)
        return refuse(p, "§2.31(d)", "combined_with",
                      "consent.rule.with_proceedings", NULL);
    return 0;
}

/* §2.35: a criminal-justice consent says when it becomes revocable. §2.35(b) also needs "the
 * period during which it remains in effect"; the (7) check above already demands an expiry
 * date or event and refuses "none" outside TPO, so that period is always stated here. */
static int check_criminal_justice(const struct consent *c, struct consent_problem *p)
{
    if (c->kind != CK_CRIMINAL_JUSTICE)
        return 0;
    if (c->revocable_after < 0 && blank(c->revocable_after_event))
        return refuse(p, "§2.35", "revocable_after",
                      "consent.rule.revocable_after", NULL);
    return 0;
}

int consent_validate(const struct consent *c, struct consent_problem *p)
{
    if (!c)
        return refuse(p, "RC-3", "consent", "consent.rule.none", NULL);
    if ((unsigned)c->kind >= CK__COUNT)
        return refuse(p, "RC-3", "kind", "consent.rule.kind", NULL);
    if (check_parties(c, p) || check_purposes(c, p) || check_revocation_expiry(c, p) ||
        check_signing(c, p) || check_combination(c, p) || check_criminal_justice(c, p))
        return -1;
    return 0;
}

/* Make the problem p no longer stand on the copy k, so that validating k again finds the
 * next one: a missing text gets a stand-in, a missing statement is taken as made, a wrong
 * date or combination is taken away. 0, or -1 for a field this does not know (stop there). */
static int assume_fixed(struct consent *k, const struct consent_problem *p)
{
    static const char fill[] = "(given)";
    const char *f = p->field;
    const char **text = !strcmp(f, "patient_name")                ? &k->patient_name
                        : !strcmp(f, "disclosers")                ? &k->disclosers
                        : !strcmp(f, "information")               ? &k->information
                        : !strcmp(f, "recipients")                ? &k->recipients
                        : !strcmp(f, "intermediary_participants") ? &k->intermediary_participants
                        : !strcmp(f, "purposes")                  ? &k->purposes
                        : !strcmp(f, "revocation_how")            ? &k->revocation_how
                        : !strcmp(f, "signature")                 ? &k->signature
                        : !strcmp(f, "authorized_signer")         ? &k->authorized_signer
                        : !strcmp(f, "expiry_event")              ? &k->expiry_event
                        : !strcmp(f, "revocable_after")           ? &k->revocable_after_event
                                                                  : NULL;
    if (text) {
        *text = fill;
        return 0;
    }
    int *flag = !strcmp(f, "hipaa_redisclosure_stmt")   ? &k->hipaa_redisclosure_stmt
                : !strcmp(f, "fundraising_optout_stmt") ? &k->fundraising_optout_stmt
                : !strcmp(f, "revocation_stmt")         ? &k->revocation_stmt
                : !strcmp(f, "tpo_redisclosure_stmt")   ? &k->tpo_redisclosure_stmt
                : !strcmp(f, "tpo_refusal_stmt")        ? &k->tpo_refusal_stmt
                                                        : NULL;
    if (flag) {
        *flag = 1;
        return 0;
    }
    if (!strcmp(f, "expires_on")) { /* none, or before the signing day: an event instead */
        k->expires_on = -1;
        k->expiry_event = fill;
        return 0;
    }
    if (!strcmp(f, "signed_on")) {
        k->signed_on = 0;
        return 0;
    }
    if (!strcmp(f, "combined_with")) {
        k->combined_with = 0;
        return 0;
    }
    return -1;
}

int consent_validate_all(const struct consent *c, struct consent_problem *out, int max)
{
    if (!c || max <= 0)
        return consent_validate(c, max > 0 ? out : NULL) != 0;
    struct consent k = *c;
    int n = 0;
    while (n < max && consent_validate(&k, &out[n]) != 0) {
        int seen = 0;
        for (int i = 0; i < n; i++)
            seen |= strcmp(out[i].field, out[n].field) == 0;
        if (seen) /* fixing it did not help: report no more */
            break;
        if (assume_fixed(&k, &out[n++]) != 0)
            break;
    }
    return n;
}

/* ---- states and revocation ---------------------------------------------------- */

enum consent_state consent_state(const struct consent *c, int32_t date, int64_t now)
{
    if (consent_validate(c, NULL) != 0)
        return CS_INCOMPLETE;
    if (c->revoked_at != 0 && c->revoked_at <= now)
        return CS_REVOKED;
    if (c->signed_on > date)
        return CS_NOT_YET;
    /* The expiry day itself is still inside the consent. */
    if (c->expires_on >= 0 && c->expires_on < date)
        return CS_EXPIRED;
    return CS_VALID;
}

int consent_may_revoke(const struct consent *c, int32_t date, char *msg, size_t msglen)
{
    return consent_may_revoke_lang(c, date, NULL, msg, msglen);
}

int consent_may_revoke_lang(const struct consent *c, int32_t date, const char *lang, char *msg,
                            size_t msglen)
{
    struct sink k = sink_open(msg, msglen);
    struct wf_text t;
    char d[11], q[QUOTE_MAX];
    if (!c) {
        wf_text_set(&t, "consent.rule.revoke_none", NULL);
        sink_said(&k, &t, lang);
        return 0;
    }
    if (c->kind != CK_CRIMINAL_JUSTICE)
        return 1;
    if (c->revocable_after >= 0 && date < c->revocable_after) {
        wf_text_set(&t, "consent.rule.revoke_not_before", "date", day_str(c->revocable_after, d),
                    NULL);
        sink_said(&k, &t, lang);
        return 0;
    }
    if (c->revocable_after < 0 && !blank(c->revocable_after_event)) {
        wf_text_set(&t, "consent.rule.revoke_after_event", "event",
                    clip_str(c->revocable_after_event, q, sizeof q), NULL);
        sink_said(&k, &t, lang);
    }
    return 1;
}

/* ---- RC-4: coverage ----------------------------------------------------------- */

/* The civil day of a Unix time (floor division, so times before 1970 land on the right day),
 * or -1 outside the calendar civil.h handles. */
static int32_t unix_day(int64_t t)
{
    int64_t day = t / 86400 - (t % 86400 < 0) + UNIX_EPOCH_DAY;
    return day >= 0 && day <= INT32_MAX ? (int32_t)day : -1;
}

/* §2.31(c)(2): names the missing element. The full sentence from consent_validate is used when
 * it fits the message; otherwise a shorter one naming the element and field, never a cut one. */
static int refuse_incomplete(const struct consent *c, struct consent_problem *p)
{
    struct consent_problem why;
    consent_validate(c, &why);
    if (!p)
        return -1;
    /* The lead with the sentence itself ({why}, its arguments beside the lead's), when the
     * English fits. */
    struct wf_text t = why.text;
    if (t.nargs < WF_TEXT_ARGS) {
        snprintf(t.id, sizeof t.id, "consent.rule.incomplete");
        snprintf(t.arg[t.nargs].name, sizeof t.arg[0].name, "why");
        snprintf(t.arg[t.nargs].value, sizeof t.arg[0].value, "@%s", why.text.id);
        t.nargs++;
        char english[1024];
        if (strlen(wf_text_format(&t, NULL, english, sizeof english)) < sizeof p->message) {
            p->element = "§2.31(c)";
            p->field = why.field;
            p->text = t;
            memcpy(p->message, english, strlen(english) + 1); /* fits: checked above */
            return -1;
        }
    }
    return refuse(p, "§2.31(c)", why.field, "consent.rule.incomplete_short", "field", why.field,
                  "element", why.element, NULL);
}

/* §2.31(c): the sentence for a consent that is not usable on this date. */
static int refuse_unusable(const struct consent *c, enum consent_state st, int32_t date,
                           struct consent_problem *p)
{
    char d1[11], d2[11];
    switch (st) {
    case CS_INCOMPLETE:
        return refuse_incomplete(c, p);
    case CS_REVOKED:
        return refuse(p, "§2.31(c)", "revoked_at",
                      "consent.rule.revoked", "date",
                      day_str(unix_day(c->revoked_at), d1), NULL);
    case CS_EXPIRED:
        return refuse(p, "§2.31(c)", "expires_on",
                      "consent.rule.expired", "expires",
                      day_str(c->expires_on, d1), "date", day_str(date, d2), NULL);
    case CS_NOT_YET:
        return refuse(p, "RC-4", "signed_on",
                      "consent.rule.not_yet", "signed",
                      day_str(c->signed_on, d1), "date", day_str(date, d2), NULL);
    case CS_VALID:
        break;
    }
    return 0;
}

/* A single TPO consent covers a recipient by class only when the consent itself designates
 * that class (§2.31(a)(4)(i): "my treating providers, health plans, third-party payers, and
 * people helping to operate this program" or similar): the category the staff member picks
 * must be one the consent's recipient text names. */
static int tpo_category(const struct consent *c, const char *cat)
{
    static const struct {
        const char *cat, *named_as;
    } cats[] = {{"treating_provider", "treating provider"},
                {"health_plan", "health plan"},
                {"payer", "payer"},
                {"program_operations", "operat"}};
    for (size_t i = 0; cat && c->recipients && i < sizeof cats / sizeof cats[0]; i++)
        if (strcmp(cat, cats[i].cat) == 0 && strcasestr(c->recipients, cats[i].named_as))
            return 1;
    return 0;
}

/* consent_covers as a check: 0 when covered, -1 with the problem. */
static int check_cover(const struct consent *c, const char *recipient, const char *category,
                       const char *purpose, int32_t date, int64_t now, struct consent_problem *p)
{
    char q[QUOTE_MAX];
    if (!c)
        return refuse(p, "RC-4", "consent", "consent.rule.no_consent", NULL);
    enum consent_state st = consent_state(c, date, now);
    if (st != CS_VALID)
        return refuse_unusable(c, st, date, p);
    unsigned want = tpo_bits(purpose);
    int by_class = c->kind == CK_TPO && want && tpo_category(c, category);
    if (blank(recipient))
        return refuse(p, "RC-4", "recipient", "consent.rule.no_recipient", NULL);
    if (!by_class && !list_has(c->recipients, recipient))
        return refuse(p, "RC-4", "recipient", "consent.rule.recipient_not_named",
                      "recipient", clip_str(recipient, q, sizeof q), NULL);
    if (blank(purpose))
        return refuse(p, "RC-4", "purpose", "consent.rule.no_purpose", NULL);
    /* "payment" is covered by the line "for treatment, payment, and health care operations". */
    if (!list_has(c->purposes, purpose) && !(want && (want & ~consent_tpo_bits(c)) == 0))
        return refuse(p, "RC-4", "purpose", "consent.rule.purpose_not_covered",
                      "purpose", clip_str(purpose, q, sizeof q), NULL);
    return 0;
}

/* Equal ignoring case and runs of white space (and any at the ends). */
static int same_name(const char *a, const char *b)
{
    for (;;) {
        while (*a == ' ' || *a == '\t')
            a++;
        while (*b == ' ' || *b == '\t')
            b++;
        if (!*a || !*b)
            return !*a && !*b;
        while (*a && *b && *a != ' ' && *b != ' ' && *a != '\t' && *b != '\t') {
            char x = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a;
            char y = *b >= 'A' && *b <= 'Z' ? (char)(*b + 32) : *b;
            if (x != y)
                return 0;
            a++, b++;
        }
        if ((*a == ' ' || *a == '\t' || !*a) != (*b == ' ' || *b == '\t' || !*b))
            return 0;
    }
}

int consent_list_has(const char *list, const char *item)
{
    return list_has(list, item);
}

int consent_signature_ok(const struct consent *c, const char *signature, char *msg, size_t msglen)
{
    return consent_signature_ok_lang(c, signature, NULL, msg, msglen);
}

int consent_signature_ok_lang(const struct consent *c, const char *signature, const char *lang,
                              char *msg, size_t msglen)
{
    const char *who = c->needs_authorized_signer ? c->authorized_signer : c->patient_name;
    struct wf_text t;
    if (blank(signature))
        wf_text_set(&t, "consent.rule.signature", NULL);
    else if (blank(who) || !same_name(signature, who))
        wf_text_set(&t, "consent.rule.signature_name", "who",
                    c->needs_authorized_signer ? "@consent.rule.signer_authorized"
                                               : "@consent.rule.signer_patient",
                    NULL);
    else
        return 1;
    if (msg && msglen)
        wf_text_format(&t, lang, msg, msglen);
    return 0;
}

int consent_covers(const struct consent *c, const char *recipient, const char *recipient_category,
                   const char *purpose, int32_t date, int64_t now, struct consent_problem *p)
{
    return check_cover(c, recipient, recipient_category, purpose, date, now, p) == 0;
}

/* ---- §2.32 notice and scope ------------------------------------------------------ */

/* Statement 1 as amended in 2024 (reference file, section 1.4), list items on their own lines. */
static const char notice_1[] =
    "This record which has been disclosed to you is protected by Federal confidentiality rules "
    "(42 CFR part 2). These rules prohibit you from using or disclosing this record, or testimony "
    "that describes the information contained in this record, in any civil, criminal, "
    "administrative, or legislative proceedings by any Federal, State, or local authority, "
    "against the patient, unless authorized by the consent of the patient, except as provided at "
    "42 CFR 2.12(c)(5) or as authorized by a court in accordance with 42 CFR 2.64 or 2.65. In "
    "addition, the Federal rules prohibit you from making any other use or disclosure of this "
    "record unless at least one of the following applies:\n"
    "(i) Further use or disclosure is expressly permitted by the written consent of the "
    "individual whose information is being disclosed in this record or as otherwise permitted by "
    "42 CFR part 2.\n"
    "(ii) You are a covered entity or business associate and have received the record for "
    "treatment, payment, or health care operations, or\n"
    "(iii) You have received the record from a covered entity or business associate as "
    "permitted by 45 CFR part 164, subparts A and E.\n"
    "A general authorization for the release of medical or other information is NOT sufficient "
    "to meet the required elements of written consent to further use or redisclose the record "
    "(see 42 CFR 2.31).";

static const char notice_2[] =
    "42 CFR part 2 prohibits unauthorized use or disclosure of these records.";

const char *consent_notice(int statement)
{
    return statement == 1 ? notice_1 : statement == 2 ? notice_2 : NULL;
}

/* Appends message id of lang to b, each placeholder filled from kv (name, value, ... NULL;
 * a NULL value is ""); one without a value stays as written. */
static void put_msg(buf *b, const char *lang, const char *id, const char *const *kv)
{
    const char *t = msg(lang, id), *at, *nm;
    size_t nn;
    while (msg_next_placeholder(t, &at, &nm, &nn)) {
        buf_putn(b, t, (size_t)(at - t));
        size_t i = 0;
        while (kv && kv[i] && !(strlen(kv[i]) == nn && memcmp(kv[i], nm, nn) == 0))
            i += 2;
        if (kv && kv[i])
            buf_puts(b, kv[i + 1] ? kv[i + 1] : "");
        else
            buf_putn(b, at, nn + 2);
        t = nm + nn + 1;
    }
    buf_puts(b, t);
}

/* Appends the non-blank lines of list joined by "; ", or `none` when there are none. */
static void add_list(buf *b, const char *list, const char *none)
{
    const char *pos = list, *s, *e;
    int n = 0;
    while (next_line(&pos, &s, &e)) {
        if (n++)
            buf_puts(b, "; ");
        buf_putn(b, s, (size_t)(e - s));
    }
    if (!n)
        buf_puts(b, none);
}

static const char *or_text(const char *s, const char *none)
{
    return blank(s) ? none : s;
}

static void add_expiry(buf *b, const char *lang, const struct consent *c)
{
    char d[11];
    int has_event = !blank(c->expiry_event) && !says_never(c->expiry_event);
    const char *kv[] = {"date", c->expires_on >= 0 ? day_str(c->expires_on, d) : "", "event",
                        c->expiry_event, NULL};
    buf_putc(b, ' ');
    put_msg(b, lang,
            c->expires_on >= 0 && has_event ? "scope.ends_on_or_event"
            : c->expires_on >= 0            ? "scope.ends_on"
            : has_event                     ? "scope.ends_at"
                                            : "scope.no_end",
            kv);
}

static void add_revocation(buf *b, const char *lang, const struct consent *c)
{
    char d[11];
    int cj = c->kind == CK_CRIMINAL_JUSTICE;
    const char *kv[] = {"date", c->revocable_after >= 0 ? day_str(c->revocable_after, d) : "",
                        "event", c->revocable_after_event, NULL};
    buf_putc(b, ' ');
    put_msg(b, lang,
            cj && c->revocable_after >= 0            ? "scope.revocable_from"
            : cj && !blank(c->revocable_after_event) ? "scope.revocable_after"
                                                     : "scope.revocable",
            kv);
    const char *how = or_text(c->revocation_how, msg(lang, "scope.how_not_stated"));
    size_t n = strlen(how);
    while (n > 0 && is_space((unsigned char)how[n - 1]))
        n--;
    buf h;
    buf_init(&h);
    buf_putn(&h, how, n);
    if (!(n > 0 && strchr(".!?", how[n - 1])))
        buf_putc(&h, '.');
    const char *hkv[] = {"how", h.data, NULL};
    buf_putc(b, ' ');
    put_msg(b, lang, "scope.how", hkv);
    buf_free(&h);
}

void consent_scope_lang(const struct consent *c, const char *lang, char *out, size_t outlen)
{
    struct sink k = sink_open(out, outlen);
    buf b, rec, pur;
    buf_init(&b);
    if (!c) {
        put_msg(&b, lang, "scope.none", NULL);
    } else {
        buf_init(&rec);
        buf_init(&pur);
        add_list(&rec, c->recipients, msg(lang, "scope.no_recipient"));
        add_list(&pur, c->purposes, msg(lang, "scope.no_purpose"));
        const char *kv[] = {
            "patient", or_text(c->patient_name, msg(lang, "scope.no_patient")),
            "disclosers", or_text(c->disclosers, msg(lang, "scope.no_disclosers")),
            "information", or_text(c->information, msg(lang, "scope.no_information")),
            "recipients", rec.data,
            "participants", or_text(c->intermediary_participants,
                                    msg(lang, "scope.no_participants")),
            "purposes", pur.data,
            NULL};
        put_msg(&b, lang, c->intermediary ? "scope.main_intermediary" : "scope.main", kv);
        buf_free(&rec);
        buf_free(&pur);
        add_expiry(&b, lang, c);
        add_revocation(&b, lang, c);
    }
    /* One piece into the sink: cut at its end on a character boundary, as before. */
    sink_add(&k, "%s", b.data ? b.data : "");
    buf_free(&b);
}

void consent_scope(const struct consent *c, char *out, size_t outlen)
{
    consent_scope_lang(c, "en", out, outlen);
}

/* ---- names -------------------------------------------------------------------- */

static const char *const kind_names[CK__COUNT] = {"tpo", "specific", "counseling_notes",
                                                  "proceedings", "criminal_justice"};
static const char *const state_names[] = {"valid", "incomplete", "not_yet", "expired", "revoked"};

const char *consent_kind_name(enum consent_kind k)
{
    return (unsigned)k < CK__COUNT ? kind_names[k] : "unknown";
}

const char *consent_kind_label(enum consent_kind k)
{
    return (unsigned)k < CK__COUNT ? kind_labels[k] : "Unknown kind of consent";
}

int consent_kind_parse(const char *s)
{
    for (int i = 0; s && i < CK__COUNT; i++)
        if (strcmp(s, kind_names[i]) == 0)
            return i;
    return -1;
}

const char *consent_state_name(enum consent_state s)
{
    return (unsigned)s < sizeof state_names / sizeof state_names[0] ? state_names[s] : "unknown";
}
