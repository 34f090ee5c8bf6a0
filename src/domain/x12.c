/* x12.c - the 837P writer (x12.h). Segment by segment, as the 005010X222A1 guide orders them. */
#include "x12.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* The writer: the output and the segments written since ST (SE01 counts ST and SE). */
struct w {
    buf *b;
    int segs;
};

/* Append s without separators, control characters or anything outside printable ASCII (the
 * X12 extended character set), at most max bytes of it. */
static void put_clean(buf *b, const char *s, size_t max)
{
    size_t n = 0;
    for (; s && *s && n < max; s++) {
        unsigned char c = (unsigned char)*s;
        if (c < 0x20 || c > 0x7e || c == '*' || c == ':' || c == '~' || c == '^')
            continue;
        buf_putc(b, (char)c);
        n++;
    }
}

static void seg(struct w *w, const char *id)
{
    buf_puts(w->b, id);
    w->segs++;
}

static void el(struct w *w, const char *s, size_t max)
{
    buf_putc(w->b, '*');
    put_clean(w->b, s, max);
}

static void comp(struct w *w, const char *s, size_t max)
{
    buf_putc(w->b, ':');
    put_clean(w->b, s, max);
}

static void end(struct w *w)
{
    buf_puts(w->b, "~\n");
}

static int empty(const char *s)
{
    return !s || !*s;
}

/* YYYY-MM-DD as CCYYMMDD (digits only). */
static void d8(const char *date, char out[9])
{
    size_t n = 0;
    for (const char *p = date; p && *p && n < 8; p++)
        if (isdigit((unsigned char)*p))
            out[n++] = *p;
    out[n] = '\0';
}

void x12_amount(int64_t cents, char out[24])
{
    int neg = cents < 0;
    uint64_t v = neg ? (uint64_t)(-(cents + 1)) + 1 : (uint64_t)cents;
    unsigned frac = (unsigned)(v % 100);
    int n = snprintf(out, 24, "%s%llu", neg ? "-" : "", (unsigned long long)(v / 100));
    if (frac && n > 0 && n < 20) {
        if (frac % 10)
            snprintf(out + n, (size_t)(24 - n), ".%02u", frac);
        else
            snprintf(out + n, (size_t)(24 - n), ".%u", frac / 10);
    }
}

/* An address as N3 and N4, when it has a line. */
static void address(struct w *w, const struct x12_address *a)
{
    if (empty(a->line))
        return;
    seg(w, "N3");
    el(w, a->line, 55);
    end(w);
    seg(w, "N4");
    el(w, a->city, 30);
    el(w, a->state, 2);
    el(w, a->zip, 15);
    end(w);
}

int x12_claim_count(const struct x12_batch *in)
{
    int n = 0;
    for (int i = 0; i < in->nsubs; i++)
        n += (in->subs[i].nlines + X12_LINES_PER_CLAIM - 1) / X12_LINES_PER_CLAIM;
    return n;
}

/* Every value the file cannot go without. */
static int complete(const struct x12_batch *in)
{
    if (empty(in->submitter_id) || empty(in->provider_name) || empty(in->npi) ||
        empty(in->payer_name) || empty(in->payer_id) || in->nsubs < 1 ||
        in->control_number < 1 || in->control_number > 999999999)
        return 0;
    for (int i = 0; i < in->nsubs; i++)
        if (empty(in->subs[i].member_id) || in->subs[i].nlines < 1 || empty(in->subs[i].last_name))
            return 0;
    return 1;
}

/* One modifier list ("HF HQ", "HF,HQ") as SV101-3.. components. */
static void modifiers(struct w *w, const char *m)
{
    int k = 0;
    while (m && *m && k < 4) {
        while (*m == ' ' || *m == ',')
            m++;
        size_t len = strcspn(m, " ,");
        if (len) {
            char one[8];
            snprintf(one, sizeof one, "%.*s", (int)(len < 2 ? len : 2), m);
            comp(w, one, 2);
            k++;
        }
        m += len;
    }
}

/* The claims of one subscriber: CLM, HI, and LX/SV1/DTP per line, X12_LINES_PER_CLAIM a claim. */
static void claims(struct w *w, const struct x12_subscriber *s)
{
    char id[48], amt[24], day[9];
    for (int first = 0, k = 1; first < s->nlines; first += X12_LINES_PER_CLAIM, k++) {
        int last = first + X12_LINES_PER_CLAIM < s->nlines ? first + X12_LINES_PER_CLAIM : s->nlines;
        int64_t total = 0;
        for (int i = first; i < last; i++)
            total += s->lines[i].charge_cents;
        if (k == 1)
            snprintf(id, sizeof id, "%.38s", s->claim_id ? s->claim_id : "");
        else
            snprintf(id, sizeof id, "%.34s-%d", s->claim_id ? s->claim_id : "", k);
        x12_amount(total, amt);
        seg(w, "CLM");
        el(w, id, 38);
        el(w, amt, 18);
        el(w, "", 0);
        el(w, "", 0);
        el(w, "11", 2); /* place of service 11 (office), B: professional, 1: original claim */
        comp(w, "B", 1);
        comp(w, "1", 1);
        el(w, "Y", 1); /* provider signature on file */
        el(w, "A", 1); /* assignment accepted */
        el(w, "Y", 1); /* benefits assigned */
        el(w, "Y", 1); /* release of information */
        end(w);
        if (!empty(s->diagnosis)) {
            char dx[16];
            size_t n = 0;
            for (const char *p = s->diagnosis; *p && n < 7; p++)
                if (isalnum((unsigned char)*p))
                    dx[n++] = (char)toupper((unsigned char)*p);
            dx[n] = '\0';
            seg(w, "HI");
            el(w, "ABK", 3); /* ICD-10-CM principal diagnosis */
            comp(w, dx, 7);
            end(w);
        }
        for (int i = first; i < last; i++) {
            const struct x12_line *l = &s->lines[i];
            char num[16], units[16];
            snprintf(num, sizeof num, "%d", i - first + 1);
            snprintf(units, sizeof units, "%d", l->units);
            x12_amount(l->charge_cents, amt);
            d8(l->date, day);
            seg(w, "LX");
            el(w, num, 6);
            end(w);
            seg(w, "SV1");
            el(w, "HC", 2); /* HCPCS */
            comp(w, l->code, 48);
            modifiers(w, l->modifiers);
            el(w, amt, 18);
            el(w, "UN", 2);
            el(w, units, 15);
            el(w, "", 0);
            el(w, "", 0);
            el(w, "1", 2); /* diagnosis pointer: the claim's first HI code */
            end(w);
            seg(w, "DTP");
            el(w, "472", 3); /* service date */
            el(w, "D8", 2);
            el(w, day, 8);
            end(w);
        }
    }
}

/* ISA06/ISA08: exactly 15 characters, padded with spaces. */
static void isa_id(struct w *w, const char *s)
{
    buf tmp;
    buf_init(&tmp);
    put_clean(&tmp, s, 15);
    buf_putc(w->b, '*');
    buf_putn(w->b, tmp.data ? tmp.data : "", tmp.len);
    for (size_t i = tmp.len; i < 15; i++)
        buf_putc(w->b, ' ');
    buf_free(&tmp);
}

int x12_837p_write(buf *b, const struct x12_batch *in)
{
    if (!complete(in))
        return -1;
    struct w w = {b, 0};
    char ctl[16], ctl9[16], date[9], yymmdd[8], hhmm[8], num[16];
    snprintf(ctl, sizeof ctl, "%lld", (long long)in->control_number);
    snprintf(ctl9, sizeof ctl9, "%09lld", (long long)in->control_number);
    d8(in->date, date);
    snprintf(yymmdd, sizeof yymmdd, "%.6s", strlen(date) == 8 ? date + 2 : "000101");
    snprintf(hhmm, sizeof hhmm, "%.4s", in->time ? in->time : "0000");

    /* ISA: fixed widths; no authorization or security information. */
    seg(&w, "ISA");
    buf_puts(b, "*00*          *00*          *ZZ");
    isa_id(&w, in->submitter_id);
    buf_puts(b, "*ZZ");
    isa_id(&w, in->payer_id);
    el(&w, yymmdd, 6);
    el(&w, hhmm, 4);
    buf_puts(b, "*^*00501");
    el(&w, ctl9, 9);
    el(&w, "0", 1); /* no acknowledgment requested */
    el(&w, in->production ? "P" : "T", 1);
    buf_puts(b, "*:");
    end(&w);
    seg(&w, "GS");
    el(&w, "HC", 2);
    el(&w, in->submitter_id, 15);
    el(&w, in->payer_id, 15);
    el(&w, date, 8);
    el(&w, hhmm, 4);
    el(&w, ctl, 9);
    el(&w, "X", 1);
    el(&w, "005010X222A1", 12);
    end(&w);

    w.segs = 0;
    seg(&w, "ST");
    el(&w, "837", 3);
    el(&w, "0001", 9);
    el(&w, "005010X222A1", 12);
    end(&w);
    seg(&w, "BHT");
    el(&w, "0019", 4);
    el(&w, "00", 2); /* original */
    el(&w, ctl, 30);
    el(&w, date, 8);
    el(&w, hhmm, 4);
    el(&w, "CH", 2); /* chargeable */
    end(&w);
    /* 1000A submitter */
    seg(&w, "NM1");
    el(&w, "41", 2);
    el(&w, "2", 1);
    el(&w, in->provider_name, 60);
    el(&w, "", 0);
    el(&w, "", 0);
    el(&w, "", 0);
    el(&w, "", 0);
    el(&w, "46", 2);
    el(&w, in->submitter_id, 80);
    end(&w);
    seg(&w, "PER");
    el(&w, "IC", 2);
    el(&w, empty(in->contact_name) ? in->provider_name : in->contact_name, 60);
    if (!empty(in->contact_phone)) {
        char tel[16];
        size_t n = 0;
        for (const char *p = in->contact_phone; *p && n < 15; p++)
            if (isdigit((unsigned char)*p))
                tel[n++] = *p;
        tel[n] = '\0';
        el(&w, "TE", 2);
        el(&w, tel, 15);
    }
    end(&w);
    /* 1000B receiver */
    seg(&w, "NM1");
    el(&w, "40", 2);
    el(&w, "2", 1);
    el(&w, in->payer_name, 60);
    el(&w, "", 0);
    el(&w, "", 0);
    el(&w, "", 0);
    el(&w, "", 0);
    el(&w, "46", 2);
    el(&w, in->payer_id, 80);
    end(&w);
    /* 2000A billing provider, 2010AA */
    seg(&w, "HL");
    el(&w, "1", 12);
    el(&w, "", 0);
    el(&w, "20", 2);
    el(&w, "1", 1);
    end(&w);
    seg(&w, "NM1");
    el(&w, "85", 2);
    el(&w, "2", 1);
    el(&w, in->provider_name, 60);
    el(&w, "", 0);
    el(&w, "", 0);
    el(&w, "", 0);
    el(&w, "", 0);
    el(&w, "XX", 2); /* NPI */
    el(&w, in->npi, 10);
    end(&w);
    address(&w, &in->provider_addr);
    if (!empty(in->tax_id)) {
        char ein[16];
        size_t n = 0;
        for (const char *p = in->tax_id; *p && n < 9; p++)
            if (isdigit((unsigned char)*p))
                ein[n++] = *p;
        ein[n] = '\0';
        seg(&w, "REF");
        el(&w, "EI", 2);
        el(&w, ein, 9);
        end(&w);
    }
    /* 2000B subscriber per recoveree (the recoveree is the subscriber: SBR02 18, no HL 23) */
    for (int i = 0; i < in->nsubs; i++) {
        const struct x12_subscriber *s = &in->subs[i];
        snprintf(num, sizeof num, "%d", i + 2);
        seg(&w, "HL");
        el(&w, num, 12);
        el(&w, "1", 12);
        el(&w, "22", 2);
        el(&w, "0", 1);
        end(&w);
        seg(&w, "SBR");
        el(&w, "P", 1);
        el(&w, "18", 2);
        for (int k = 3; k <= 8; k++)
            el(&w, "", 0);
        el(&w, empty(in->filing_code) ? "ZZ" : in->filing_code, 2);
        end(&w);
        seg(&w, "NM1");
        el(&w, "IL", 2);
        el(&w, "1", 1);
        el(&w, s->last_name, 60);
        el(&w, s->first_name, 35);
        el(&w, "", 0);
        el(&w, "", 0);
        el(&w, "", 0);
        el(&w, "MI", 2);
        el(&w, s->member_id, 80);
        end(&w);
        address(&w, &s->addr);
        if (!empty(s->dob)) {
            char dob[9];
            d8(s->dob, dob);
            seg(&w, "DMG");
            el(&w, "D8", 2);
            el(&w, dob, 8);
            el(&w, empty(s->sex) ? "U" : s->sex, 1);
            end(&w);
        }
        seg(&w, "NM1");
        el(&w, "PR", 2);
        el(&w, "2", 1);
        el(&w, in->payer_name, 60);
        el(&w, "", 0);
        el(&w, "", 0);
        el(&w, "", 0);
        el(&w, "", 0);
        el(&w, "PI", 2);
        el(&w, in->payer_id, 80);
        end(&w);
        claims(&w, s);
    }
    int count = w.segs + 1;
    snprintf(num, sizeof num, "%d", count);
    seg(&w, "SE");
    el(&w, num, 10);
    el(&w, "0001", 9);
    end(&w);
    seg(&w, "GE");
    el(&w, "1", 6);
    el(&w, ctl, 9);
    end(&w);
    seg(&w, "IEA");
    el(&w, "1", 5);
    el(&w, ctl9, 9);
    end(&w);
    return count;
}
