/* profile.c - the controlled lists of matching profiles (RC-1, RC-2), in one place. */
#include "profile.h"

#include <stdio.h>
#include <string.h>

#include "msg.h"

/* The languages most spoken at home in New Jersey after English, and ASL. A language not
 * listed goes in the free text beside the list. */
static const struct profile_code languages[] = {
    {"english", "English"},
    {"spanish", "Spanish"},
    {"portuguese", "Portuguese"},
    {"haitian_creole", "Haitian Creole"},
    {"french", "French"},
    {"arabic", "Arabic"},
    {"chinese", "Chinese"},
    {"korean", "Korean"},
    {"vietnamese", "Vietnamese"},
    {"tagalog", "Tagalog"},
    {"russian", "Russian"},
    {"polish", "Polish"},
    {"italian", "Italian"},
    {"hindi", "Hindi"},
    {"gujarati", "Gujarati"},
    {"urdu", "Urdu"},
    {"bengali", "Bengali"},
    {"asl", "American Sign Language"},
};

/* Gender identity. Being transgender is a cultural factor below, so that a trans woman who
 * is a woman matches a request for a woman. */
static const struct profile_code genders[] = {
    {"woman", "Woman"},
    {"man", "Man"},
    {"nonbinary", "Nonbinary"},
    {"two_spirit", "Two-Spirit"},
    {"another", "Another identity"},
};

/* Substances (and behaviours) of lived experience. Labels read after "Lived experience
 * with", so they are written in lower case. */
static const struct profile_code substances[] = {
    {"alcohol", "alcohol"},
    {"opioids", "opioids"},
    {"stimulants", "stimulants (cocaine, methamphetamine)"},
    {"cannabis", "cannabis"},
    {"benzodiazepines", "benzodiazepines"},
    {"hallucinogens", "hallucinogens"},
    {"tobacco", "tobacco"},
    {"gambling", "gambling"},
    {"co_occurring", "co-occurring mental health conditions"},
};

/* Recovery pathways (RC-1 names medication-assisted, 12-step, SMART, faith-based). Labels
 * read before "pathway". */
static const struct profile_code pathways[] = {
    {"medication_assisted", "Medication-assisted"},
    {"twelve_step", "12-step"},
    {"smart", "SMART Recovery"},
    {"faith_based", "Faith-based"},
    {"harm_reduction", "Harm reduction"},
    {"wellbriety", "Wellbriety"},
    {"lifering", "LifeRing"},
    {"refuge", "Refuge Recovery"},
    {"natural", "Natural (no program)"},
};

/* Cultural factors, as tags a person chooses to share. */
static const struct profile_code cultures[] = {
    {"veteran", "Veteran"},
    {"lgbtq", "LGBTQ+"},
    {"transgender", "Transgender"},
    {"latino", "Latino/Hispanic"},
    {"black", "Black/African American"},
    {"native", "Native American/Indigenous"},
    {"asian", "Asian American/Pacific Islander"},
    {"immigrant", "Immigrant"},
    {"parent", "Parent"},
    {"justice_involved", "Justice-involved"},
    {"homelessness", "Experience of homelessness"},
    {"young_adult", "Young adult"},
    {"older_adult", "Older adult"},
    {"deaf", "Deaf or hard of hearing"},
    {"disability", "Living with a disability"},
    {"rural", "Rural"},
};

static const struct {
    const struct profile_code *codes;
    size_t n;
    const char *what;
} lists[PL__COUNT] = {
    [PL_LANGUAGE] = {languages, sizeof languages / sizeof *languages, "languages"},
    [PL_GENDER] = {genders, sizeof genders / sizeof *genders, "gender identities"},
    [PL_SUBSTANCE] = {substances, sizeof substances / sizeof *substances, "substances"},
    [PL_PATHWAY] = {pathways, sizeof pathways / sizeof *pathways, "recovery pathways"},
    [PL_CULTURE] = {cultures, sizeof cultures / sizeof *cultures, "cultural factors"},
};

const struct profile_code *profile_codes(enum profile_list l, size_t *n)
{
    if ((unsigned)l >= PL__COUNT) {
        *n = 0;
        return NULL;
    }
    *n = lists[l].n;
    return lists[l].codes;
}

const char *profile_list_what(enum profile_list l)
{
    return (unsigned)l < PL__COUNT ? lists[l].what : "codes";
}

const char *profile_list_key(enum profile_list l)
{
    static const char *const keys[PL__COUNT] = {
        [PL_LANGUAGE] = "language", [PL_GENDER] = "gender", [PL_SUBSTANCE] = "substance",
        [PL_PATHWAY] = "pathway", [PL_CULTURE] = "culture"};
    return (unsigned)l < PL__COUNT ? keys[l] : "language";
}

/* The index of the code [s, s + len) in list l, or -1. */
static int index_of(enum profile_list l, const char *s, size_t len)
{
    if ((unsigned)l >= PL__COUNT)
        return -1;
    for (size_t i = 0; i < lists[l].n; i++)
        if (strlen(lists[l].codes[i].code) == len && memcmp(lists[l].codes[i].code, s, len) == 0)
            return (int)i;
    return -1;
}

const char *profile_label_lang(enum profile_list l, const char *code, const char *lang)
{
    const char *en = profile_label(l, code);
    if (!en)
        return NULL;
    char id[96];
    snprintf(id, sizeof id, "profile.label.%s.%s", profile_list_key(l), code);
    const char *said = msg_find(lang, id);
    return said ? said : en;
}

const char *profile_label(enum profile_list l, const char *code)
{
    int i = code ? index_of(l, code, strlen(code)) : -1;
    return i < 0 ? NULL : lists[l].codes[i].label;
}

static int blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Call fn for each trimmed non-empty entry of a comma-separated list; stops at the first
 * nonzero return and passes it on. */
static int each_entry(const char *in, int (*fn)(const char *s, size_t n, void *ctx), void *ctx)
{
    for (const char *p = in; p && *p;) {
        const char *start = p, *end;
        while (*p && *p != ',')
            p++;
        end = p;
        if (*p)
            p++;
        while (start < end && blank(*start))
            start++;
        while (end > start && blank(end[-1]))
            end--;
        if (end > start) {
            int rc = fn(start, (size_t)(end - start), ctx);
            if (rc)
                return rc;
        }
    }
    return 0;
}

struct norm {
    enum profile_list l;
    unsigned char seen[64]; /* by index; every list is shorter (checked in profile_normalize) */
    size_t count;
    char *bad;
    size_t badcap;
};

static int mark(const char *s, size_t n, void *ctx)
{
    struct norm *x = ctx;
    int i = index_of(x->l, s, n);
    if (i < 0) {
        if (x->badcap) {
            size_t k = n < x->badcap - 1 ? n : x->badcap - 1;
            memcpy(x->bad, s, k);
            x->bad[k] = '\0';
        }
        return -1;
    }
    if (!x->seen[i]++)
        x->count++;
    if (x->l == PL_GENDER && x->count > 1) {
        if (x->badcap)
            x->bad[0] = '\0';
        return -1;
    }
    return 0;
}

int profile_normalize(enum profile_list l, const char *in, char *out, size_t cap, char *bad,
                      size_t badcap)
{
    struct norm x = {.l = l, .bad = bad, .badcap = bad ? badcap : 0};
    if (cap)
        out[0] = '\0';
    if (x.badcap)
        bad[0] = '\0';
    if ((unsigned)l >= PL__COUNT || lists[l].n > sizeof x.seen)
        return -1;
    if (each_entry(in, mark, &x) != 0)
        return -1;
    size_t len = 0;
    for (size_t i = 0; i < lists[l].n; i++) {
        if (!x.seen[i])
            continue;
        const char *c = lists[l].codes[i].code;
        size_t n = strlen(c), sep = len ? 1 : 0;
        if (len + sep + n + 1 > cap)
            return -1; /* cap below PROFILE_LIST_MAX: a caller's mistake */
        if (sep)
            out[len++] = ',';
        memcpy(out + len, c, n + 1);
        len += n;
    }
    return 0;
}

static int equals(const char *s, size_t n, void *ctx)
{
    const char *code = ctx;
    return strlen(code) == n && memcmp(code, s, n) == 0;
}

int profile_has(const char *list, const char *code)
{
    return list && code && each_entry(list, equals, (void *)code) == 1;
}
