/* msg.c - the message catalog: parse messages/LANG.txt once, look messages up by id. */
#include "msg.h"

#include <ctype.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "embed.h"

/* Limits, each far above what a catalog needs, so that a broken file is an error rather
 * than a surprise: 16 languages, 16 characters of code, 120 of an id, 8 plural rules
 * (CLDR has six categories), 8 KiB of one message (the longest legal notice is ~1 KiB). */
#define MAX_LANGS    16
#define MAX_CODE     16
#define MAX_ID       120
#define MAX_RULES    8
#define MAX_TEXT     8192
#define MAX_WARNINGS 50

struct entry {
    char *key; /* "id" or "id[cat]" */
    char *text;
    int review;
};

struct rule {
    char cat[8];
    char *expr; /* the CLDR condition, samples cut off */
};

struct lang {
    char code[MAX_CODE];
    char *name, *match; /* match: comma-separated, as written */
    struct rule rule[MAX_RULES];
    int nrules;
    struct entry *e; /* in file order */
    size_t n, cap;
    uint32_t *slot; /* open addressing: index + 1 into e, 0 empty */
    size_t nslot;   /* a power of two, at least 2n */
};

static struct lang langs[MAX_LANGS];
static size_t nlangs;
static struct lang *english; /* "en", or the first language */
static pthread_once_t once = PTHREAD_ONCE_INIT;
static int load_rc;
static char load_err[240];
static atomic_int warnings;

__attribute__((format(printf, 1, 2))) static void warn(const char *fmt, ...)
{
    if (atomic_fetch_add(&warnings, 1) >= MAX_WARNINGS)
        return;
    va_list ap;
    va_start(ap, fmt);
    fputs("msg: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

static char *xstrndup(const char *s, size_t n)
{
    char *d = strndup(s, n);
    if (!d)
        abort(); /* the same policy as buf and arena: out of memory is not recoverable */
    return d;
}

/* ---- the plural rules: CLDR conditions over an integer ------------------------------ */

/* A cursor over a condition ("i % 10 = 1 and i % 100 != 11"); bad is set on a syntax error. */
typedef struct rp {
    const char *p;
    int bad;
} rp;

static void rp_ws(rp *r)
{
    while (*r->p == ' ' || *r->p == '\t')
        r->p++;
}

static int rp_word(rp *r, const char *w)
{
    rp_ws(r);
    size_t n = strlen(w);
    if (strncmp(r->p, w, n) != 0 || isalnum((unsigned char)r->p[n]))
        return 0;
    r->p += n;
    return 1;
}

static long long rp_num(rp *r)
{
    rp_ws(r);
    if (!isdigit((unsigned char)*r->p)) {
        r->bad = 1;
        return 0;
    }
    long long v = 0;
    while (isdigit((unsigned char)*r->p) && v < 1000000000000LL)
        v = v * 10 + (*r->p++ - '0');
    return v;
}

/* operand ['%' num] ('=' | '!=') range_list. For an integer count n, the operands n and i
 * are |n| and the fraction operands v w f t and the exponents e c are 0. */
static int rp_relation(rp *r, long long n)
{
    rp_ws(r);
    char op = *r->p;
    if (!op || !strchr("nivwftec", op)) {
        r->bad = 1;
        return 0;
    }
    r->p++;
    long long v = (op == 'n' || op == 'i') ? (n < 0 ? -n : n) : 0;
    rp_ws(r);
    if (*r->p == '%') {
        r->p++;
        long long m = rp_num(r);
        if (m <= 0)
            r->bad = 1;
        else
            v %= m;
    }
    rp_ws(r);
    int eq;
    if (r->p[0] == '!' && r->p[1] == '=') {
        eq = 0;
        r->p += 2;
    } else if (r->p[0] == '=') {
        eq = 1;
        r->p++;
    } else {
        r->bad = 1;
        return 0;
    }
    int hit = 0;
    do {
        long long a = rp_num(r), b = a;
        if (r->p[0] == '.' && r->p[1] == '.') {
            r->p += 2;
            b = rp_num(r);
        }
        hit |= a <= v && v <= b;
        rp_ws(r);
    } while (!r->bad && *r->p == ',' && r->p++);
    return eq ? hit : !hit;
}

/* condition: and_condition ('or' and_condition)*; every relation is evaluated, so that a
 * syntax error anywhere is seen whatever n is. */
static int rule_eval(const char *expr, long long n, int *bad)
{
    rp r = {expr, 0};
    int any = 0;
    do {
        int all = 1;
        do
            all &= rp_relation(&r, n);
        while (!r.bad && rp_word(&r, "and"));
        any |= all;
    } while (!r.bad && rp_word(&r, "or"));
    rp_ws(&r);
    if (*r.p)
        r.bad = 1;
    if (bad)
        *bad = r.bad;
    return r.bad ? 0 : any;
}

static const char *category(const struct lang *L, long long n)
{
    for (int i = 0; L && i < L->nrules; i++)
        if (rule_eval(L->rule[i].expr, n, NULL))
            return L->rule[i].cat;
    return "other";
}

/* ---- the index -------------------------------------------------------------------- */

static uint32_t hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static const struct entry *find(const struct lang *L, const char *key, size_t n)
{
    if (!L || !L->nslot)
        return NULL;
    for (size_t i = hash(key, n) & (L->nslot - 1);; i = (i + 1) & (L->nslot - 1)) {
        uint32_t k = L->slot[i];
        if (!k)
            return NULL;
        const struct entry *e = &L->e[k - 1];
        if (strlen(e->key) == n && memcmp(e->key, key, n) == 0)
            return e;
    }
}

static void build_index(struct lang *L)
{
    L->nslot = 16;
    while (L->nslot < 4 * L->n)
        L->nslot *= 2;
    L->slot = calloc(L->nslot, sizeof *L->slot);
    if (!L->slot)
        abort();
    for (size_t k = 0; k < L->n; k++) {
        size_t i = hash(L->e[k].key, strlen(L->e[k].key)) & (L->nslot - 1);
        while (L->slot[i])
            i = (i + 1) & (L->nslot - 1);
        L->slot[i] = (uint32_t)(k + 1);
    }
}

static void lang_free(struct lang *L)
{
    for (size_t i = 0; i < L->n; i++) {
        free(L->e[i].key);
        free(L->e[i].text);
    }
    for (int i = 0; i < L->nrules; i++)
        free(L->rule[i].expr);
    free(L->e);
    free(L->slot);
    free(L->name);
    free(L->match);
    memset(L, 0, sizeof *L);
}

/* ---- parsing a file ------------------------------------------------------------- */

typedef struct parse {
    struct lang *L;
    const char *file;
    unsigned line;
    char *err;
    size_t errlen;
    buf text; /* the message being read, continuation lines included */
    char key[MAX_ID + 16];
    int have, review, pending_review;
} parse;

__attribute__((format(printf, 2, 3))) static int perr(parse *ps, const char *fmt, ...)
{
    if (ps->err && ps->errlen) {
        char m[160];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(m, sizeof m, fmt, ap);
        va_end(ap);
        if (ps->line)
            snprintf(ps->err, ps->errlen, "messages/%s line %u: %s", ps->file, ps->line, m);
        else
            snprintf(ps->err, ps->errlen, "messages/%s: %s", ps->file, m);
    }
    return -1;
}

static const char *const categories[] = {"zero", "one", "two", "few", "many", "other"};

static int is_category(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof categories / sizeof *categories; i++)
        if (strlen(categories[i]) == n && memcmp(categories[i], s, n) == 0)
            return 1;
    return 0;
}

/* Append value s[0..n) to the message being read, turning \n and \\ into what they mean. */
static int add_text(parse *ps, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\\' && i + 1 < n && (s[i + 1] == 'n' || s[i + 1] == '\\'))
            c = s[++i] == 'n' ? '\n' : '\\';
        buf_putc(&ps->text, c);
    }
    if (ps->text.len > MAX_TEXT)
        return perr(ps, "message '%s' is longer than %d bytes", ps->key, MAX_TEXT);
    return 0;
}

/* The message read so far becomes an entry. */
static int finish(parse *ps)
{
    if (!ps->have)
        return 0;
    ps->have = 0;
    struct lang *L = ps->L;
    if (!ps->text.len)
        return perr(ps, "message '%s' is empty", ps->key);
    if (find(L, ps->key, strlen(ps->key)))
        return perr(ps, "message '%s' is defined twice", ps->key);
    if (L->n == L->cap) {
        L->cap = L->cap ? L->cap * 2 : 256;
        L->e = realloc(L->e, L->cap * sizeof *L->e);
        if (!L->e)
            abort();
    }
    L->e[L->n++] = (struct entry){xstrndup(ps->key, strlen(ps->key)),
                                  xstrndup(ps->text.data, ps->text.len), ps->review};
    /* Indexed as it is read, so a duplicate is caught at once; rebuilt when half full. */
    if (2 * L->n > L->nslot) {
        free(L->slot);
        build_index(L);
    } else {
        size_t i = hash(ps->key, strlen(ps->key)) & (L->nslot - 1);
        while (L->slot[i])
            i = (i + 1) & (L->nslot - 1);
        L->slot[i] = (uint32_t)L->n;
    }
    return 0;
}

static int meta(parse *ps, const char *k, size_t kn, const char *v, size_t vn)
{
    struct lang *L = ps->L;
    if (kn == 4 && memcmp(k, "name", 4) == 0) {
        free(L->name);
        L->name = xstrndup(v, vn);
        return 0;
    }
    if (kn == 5 && memcmp(k, "match", 5) == 0) {
        free(L->match);
        L->match = xstrndup(v, vn);
        return 0;
    }
    if (kn > 7 && memcmp(k, "plural.", 7) == 0 && is_category(k + 7, kn - 7)) {
        if (L->nrules == MAX_RULES)
            return perr(ps, "more than %d plural rules", MAX_RULES);
        const char *at = memchr(v, '@', vn); /* CLDR samples ("@integer 1") are not rules */
        size_t en = at ? (size_t)(at - v) : vn;
        while (en && (v[en - 1] == ' ' || v[en - 1] == '\t'))
            en--;
        struct rule *r = &L->rule[L->nrules];
        snprintf(r->cat, sizeof r->cat, "%.*s", (int)(kn - 7), k + 7);
        r->expr = xstrndup(v, en);
        L->nrules++;
        int bad;
        rule_eval(r->expr, 0, &bad);
        return bad ? perr(ps, "plural rule '%s' is not a CLDR condition", r->expr) : 0;
    }
    return perr(ps, "unknown setting '@%.*s'", (int)kn, k);
}

static int id_char(char c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '.' || c == '-';
}

static int parse_line(parse *ps, const char *s, size_t n)
{
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    if (n && (s[0] == ' ' || s[0] == '\t')) { /* a continuation, or an indented blank */
        size_t i = 0;
        while (i < n && (s[i] == ' ' || s[i] == '\t'))
            i++;
        if (i == n)
            return finish(ps);
        if (!ps->have)
            return perr(ps, "an indented line continues no message");
        buf_putc(&ps->text, ' ');
        return add_text(ps, s + i, n - i);
    }
    if (finish(ps) != 0)
        return -1;
    if (n == 0)
        return 0;
    if (s[0] == '#') {
        size_t i = 1;
        while (i < n && s[i] == ' ')
            i++;
        if (n - i >= 7 && memcmp(s + i, "review:", 7) == 0)
            ps->pending_review = 1;
        return 0;
    }
    const char *eq = memchr(s, '=', n);
    if (!eq)
        return perr(ps, "no '=' after the id");
    const char *ke = eq;
    while (ke > s && (ke[-1] == ' ' || ke[-1] == '\t'))
        ke--;
    const char *v = eq + 1, *ve = s + n;
    while (v < ve && (*v == ' ' || *v == '\t'))
        v++;
    if (s[0] == '@')
        return meta(ps, s + 1, (size_t)(ke - s - 1), v, (size_t)(ve - v));
    const char *k = s, *br = memchr(s, '[', (size_t)(ke - s));
    const char *ide = br ? br : ke;
    if (ide == k || (size_t)(ide - k) > MAX_ID || !isalpha((unsigned char)*k))
        return perr(ps, "'%.*s' is not a message id", (int)(ke - s), s);
    for (const char *c = k; c < ide; c++)
        if (!id_char(*c))
            return perr(ps, "'%.*s' is not a message id", (int)(ke - s), s);
    if (br && (ke[-1] != ']' || !is_category(br + 1, (size_t)(ke - br - 2))))
        return perr(ps, "'%.*s': a plural form is one of [zero] [one] [two] [few] [many] [other]",
                    (int)(ke - s), s);
    snprintf(ps->key, sizeof ps->key, "%.*s", (int)(ke - s), s);
    ps->have = 1;
    ps->review = ps->pending_review;
    ps->pending_review = 0;
    ps->text.len = 0;
    if (ps->text.data)
        ps->text.data[0] = '\0';
    return add_text(ps, v, (size_t)(ve - v));
}

/* Every plural message has its [other] form, the one any count may end in. */
static int check_plurals(parse *ps)
{
    struct lang *L = ps->L;
    for (size_t i = 0; i < L->n; i++) {
        const char *br = strchr(L->e[i].key, '[');
        if (!br)
            continue;
        char k[MAX_ID + 16];
        snprintf(k, sizeof k, "%.*s[other]", (int)(br - L->e[i].key), L->e[i].key);
        if (!find(L, k, strlen(k))) {
            ps->line = 0;
            return perr(ps, "plural message '%.*s' has no [other] form", (int)(br - L->e[i].key),
                        L->e[i].key);
        }
    }
    return 0;
}

/* Parse file name (e.g. "es.txt") with its text into L (zeroed). Returns 0 or -1 with err. */
static int parse_file(struct lang *L, const char *name, const char *text, size_t len, char *err,
                      size_t errlen)
{
    parse ps = {.L = L, .file = name, .err = err, .errlen = errlen};
    const char *dot = strrchr(name, '.');
    size_t cn = dot ? (size_t)(dot - name) : strlen(name);
    int ok = cn >= 2 && cn < MAX_CODE;
    for (size_t i = 0; ok && i < cn; i++)
        ok = isalpha((unsigned char)name[i]) || (i >= 2 && name[i] == '-');
    if (!ok)
        return perr(&ps, "the file name is not a language code (\"es.txt\", \"pt-BR.txt\")");
    for (size_t i = 0; i < cn; i++)
        L->code[i] = (char)tolower((unsigned char)name[i]);
    L->code[cn] = '\0';
    buf_init(&ps.text);
    int rc = 0;
    const char *p = text, *end = text + len;
    while (rc == 0 && p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        ps.line++;
        rc = parse_line(&ps, p, (size_t)(le - p));
        p = nl ? nl + 1 : end;
    }
    if (rc == 0)
        rc = finish(&ps);
    if (rc == 0)
        rc = check_plurals(&ps);
    buf_free(&ps.text);
    if (rc == 0 && !L->name)
        L->name = xstrndup(L->code, strlen(L->code));
    return rc;
}

int msg_check(const char *name, const char *text, char *err, size_t errlen)
{
    struct lang L;
    memset(&L, 0, sizeof L);
    int rc =
        parse_file(&L, name ? name : "", text ? text : "", text ? strlen(text) : 0, err, errlen);
    lang_free(&L);
    return rc;
}

static void load(void)
{
    for (const struct embedded *e = embedded_messages; e->name; e++) {
        size_t n = strlen(e->name);
        if (n < 5 || strcmp(e->name + n - 4, ".txt") != 0)
            continue;
        if (nlangs == MAX_LANGS) {
            snprintf(load_err, sizeof load_err, "messages: more than %d languages", MAX_LANGS);
            load_rc = -1;
            return;
        }
        struct lang *L = &langs[nlangs];
        if (parse_file(L, e->name, (const char *)e->data, e->len, load_err, sizeof load_err)) {
            lang_free(L);
            load_rc = -1;
            continue; /* the others still serve, but the server refuses to start */
        }
        nlangs++;
    }
    for (size_t i = 0; i < nlangs; i++)
        if (strcmp(langs[i].code, "en") == 0)
            english = &langs[i];
    if (!english && nlangs)
        english = &langs[0];
    if (!nlangs && load_rc == 0) {
        snprintf(load_err, sizeof load_err, "messages: no catalog file is embedded");
        load_rc = -1;
    }
}

static void ensure(void)
{
    pthread_once(&once, load);
}

int msg_init(char *err, size_t errlen)
{
    ensure();
    if (load_rc && err && errlen)
        snprintf(err, errlen, "%s", load_err);
    return load_rc;
}

/* ---- lookups -------------------------------------------------------------------- */

/* The catalog language for code: exact ("pt-br"), else the same base language ("es-MX" is
 * "es", "pt" is the first "pt-..."); NULL when none. Case-insensitive. */
static struct lang *lang_for(const char *code, size_t n)
{
    if (!code || !n)
        return NULL;
    for (size_t i = 0; i < nlangs; i++)
        if (strlen(langs[i].code) == n && strncasecmp(langs[i].code, code, n) == 0)
            return &langs[i];
    size_t b = 0;
    while (b < n && code[b] != '-' && code[b] != '_')
        b++;
    for (size_t i = 0; i < nlangs; i++) {
        size_t lb = strcspn(langs[i].code, "-");
        if (lb == b && strncasecmp(langs[i].code, code, b) == 0)
            return &langs[i];
    }
    return NULL;
}

static struct lang *lang_or_english(const char *code)
{
    struct lang *L = code ? lang_for(code, strlen(code)) : NULL;
    return L ? L : english;
}

/* id's text in L: the form of category cat (plural), else [other], else the plain id. */
static const struct entry *lookup_in(const struct lang *L, const char *id, const char *cat)
{
    char k[MAX_ID + 16];
    size_t n = strlen(id);
    if (n > MAX_ID)
        return NULL;
    const struct entry *e = NULL;
    if (cat) {
        int kn = snprintf(k, sizeof k, "%s[%s]", id, cat);
        e = find(L, k, (size_t)kn);
    } else {
        e = find(L, id, n);
    }
    if (!e) {
        int kn = snprintf(k, sizeof k, "%s[other]", id);
        e = find(L, k, (size_t)kn);
    }
    if (!e && cat)
        e = find(L, id, n);
    return e;
}

/* The text of id in lang for count n (plural when has_n); *fallback set when it is not lang's
 * own. English next, then the id itself. */

/* A missing id answered as itself, as a copy that lives as long as the process: the caller's id
 * may be a buffer that goes away (a label built on the stack), and a message must outlive it.
 * At most MISSING_MAX distinct ids are kept (each a bug the warning names); past that, a fixed
 * text. Thread-safe. */
#define MISSING_MAX 256
static const char *missing_id(const char *id)
{
    static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
    static char *kept[MISSING_MAX];
    static size_t nkept;
    const char *out = "(missing message)";
    pthread_mutex_lock(&mu);
    for (size_t i = 0; i < nkept; i++)
        if (strcmp(kept[i], id) == 0) {
            out = kept[i];
            goto done;
        }
    if (nkept < MISSING_MAX && (kept[nkept] = strdup(id)))
        out = kept[nkept++];
done:
    pthread_mutex_unlock(&mu);
    return out;
}

static const char *lookup(const char *lang, const char *id, int has_n, long long n, int *fallback)
{
    ensure();
    *fallback = 1;
    if (!id || !*id) {
        warn("a message without an id");
        return "(no message id)";
    }
    struct lang *L = lang_or_english(lang);
    const struct entry *e = L ? lookup_in(L, id, has_n ? category(L, n) : NULL) : NULL;
    if (e) {
        *fallback = e->review;
        return e->text;
    }
    if (english && english != L) {
        e = lookup_in(english, id, has_n ? category(english, n) : NULL);
        if (e) {
            warn("no message '%s' in '%s': English shown", id, L ? L->code : "?");
            return e->text;
        }
    }
    warn("no message '%s' in the catalog", id);
    return missing_id(id);
}

const char *msg_find(const char *lang, const char *id)
{
    ensure();
    if (!id || !*id)
        return NULL;
    struct lang *L = lang_or_english(lang);
    const struct entry *e = L ? lookup_in(L, id, NULL) : NULL;
    if (!e && english && english != L)
        e = lookup_in(english, id, NULL);
    return e ? e->text : NULL;
}

const char *msg(const char *lang, const char *id)
{
    int fb;
    return lookup(lang, id, 0, 0, &fb);
}

const char *msg_plural_text(const char *lang, const char *id, long long n)
{
    int fb;
    return lookup(lang, id, 1, n, &fb);
}

const char *msg_category(const char *lang, long long n)
{
    ensure();
    return category(lang_or_english(lang), n);
}

int msg_has_category(const char *lang, const char *cat)
{
    ensure();
    struct lang *L = lang ? lang_for(lang, strlen(lang)) : NULL;
    if (!L || !cat)
        return 0;
    if (strcmp(cat, "other") == 0)
        return 1;
    for (int i = 0; i < L->nrules; i++)
        if (strcmp(L->rule[i].cat, cat) == 0)
            return 1;
    return 0;
}

int msg_in_review(const char *lang, const char *id)
{
    int fb;
    lookup(lang, id, 0, 0, &fb);
    return fb;
}

int msg_next_placeholder(const char *s, const char **at, const char **name, size_t *namelen)
{
    for (const char *p = s ? strchr(s, '{') : NULL; p; p = strchr(p + 1, '{')) {
        const char *q = p + 1;
        if (!isalpha((unsigned char)*q) && *q != '_')
            continue;
        while (isalnum((unsigned char)*q) || *q == '_' || *q == '.')
            q++;
        if (*q != '}')
            continue;
        *at = p;
        *name = p + 1;
        *namelen = (size_t)(q - p - 1);
        return 1;
    }
    return 0;
}

/* Fill text's placeholders from the name, value pairs of ap (and {n} from count when set). */
static char *fill(arena *a, const char *id, const char *text, const char *count, va_list ap)
{
    const char *names[32], *values[32]; /* more placeholders than any sentence has */
    size_t nv = 0;
    if (count) {
        names[nv] = "n";
        values[nv++] = count;
    }
    for (const char *k; nv < 32 && (k = va_arg(ap, const char *));) {
        names[nv] = k;
        values[nv++] = va_arg(ap, const char *);
    }
    buf b;
    buf_init(&b);
    const char *p = text, *at, *nm;
    size_t nn;
    while (msg_next_placeholder(p, &at, &nm, &nn)) {
        buf_putn(&b, p, (size_t)(at - p));
        size_t i = 0;
        while (i < nv && !(strlen(names[i]) == nn && memcmp(names[i], nm, nn) == 0))
            i++;
        if (i < nv) {
            buf_puts(&b, values[i] ? values[i] : "");
        } else {
            warn("message '%s': no value for {%.*s}", id, (int)nn, nm);
            buf_putn(&b, at, nn + 2);
        }
        p = nm + nn + 1;
    }
    buf_puts(&b, p);
    char *r = arena_strndup(a, b.data ? b.data : "", b.len);
    buf_free(&b);
    return r;
}

char *msg_fmt(arena *a, const char *lang, const char *id, ...)
{
    va_list ap;
    va_start(ap, id);
    char *r = fill(a, id, msg(lang, id), NULL, ap);
    va_end(ap);
    return r;
}

char *msg_plural(arena *a, const char *lang, const char *id, long long n, ...)
{
    char num[24];
    snprintf(num, sizeof num, "%lld", n);
    va_list ap;
    va_start(ap, n);
    char *r = fill(a, id, msg_plural_text(lang, id, n), num, ap);
    va_end(ap);
    return r;
}

/* ---- choosing the language ------------------------------------------------------ */

/* Accept-Language: "es-MX,es;q=0.9,en;q=0.5". The supported language with the highest q
 * (the earlier on a tie), or NULL. Quality is read to three decimals (RFC 9110 12.4.2). */
static struct lang *from_accept(const char *h)
{
    struct lang *best = NULL;
    int bestq = 0;
    /* A header has a handful of ranges; 64 bounds the work on a hostile one. */
    for (int k = 0; h && *h && k < 64; k++) {
        while (*h == ' ' || *h == '\t' || *h == ',')
            h++;
        const char *t = h;
        while (*h && *h != ',' && *h != ';' && *h != ' ' && *h != '\t')
            h++;
        size_t tn = (size_t)(h - t);
        int q = 1000;
        while (*h && *h != ',') {
            while (*h == ';' || *h == ' ' || *h == '\t')
                h++;
            if ((h[0] == 'q' || h[0] == 'Q') && h[1] == '=') {
                h += 2;
                q = 0;
                if (*h == '1') {
                    q = 1000;
                } else if (*h == '0' && h[1] == '.') {
                    int scale = 100;
                    for (const char *d = h + 2; isdigit((unsigned char)*d) && scale; d++) {
                        q += (*d - '0') * scale;
                        scale /= 10;
                    }
                }
            }
            while (*h && *h != ',' && *h != ';')
                h++;
        }
        if (!tn || q <= 0 || (tn == 1 && *t == '*'))
            continue;
        struct lang *L = lang_for(t, tn);
        if (L && q > bestq) {
            best = L;
            bestq = q;
        }
    }
    return best;
}

const char *msg_choose(const char *user, const char *accept_language, const char *org)
{
    ensure();
    struct lang *L = user ? lang_for(user, strlen(user)) : NULL;
    if (!L)
        L = from_accept(accept_language);
    if (!L && org)
        L = lang_for(org, strlen(org));
    if (!L)
        L = english;
    return L ? L->code : "en";
}

/* Does the comma-separated list contain w[0..n) (ASCII case-insensitive)? */
static int in_list(const char *list, const char *w, size_t n)
{
    for (const char *p = list; p && *p;) {
        while (*p == ' ' || *p == ',')
            p++;
        const char *e = p;
        while (*e && *e != ',')
            e++;
        const char *te = e;
        while (te > p && te[-1] == ' ')
            te--;
        if ((size_t)(te - p) == n && n && strncasecmp(p, w, n) == 0)
            return 1;
        p = e;
    }
    return 0;
}

const char *msg_lang_of(const char *text)
{
    ensure();
    for (const char *p = text; p && *p;) {
        while (*p == ' ' || *p == ',' || *p == ';' || *p == '/')
            p++;
        const char *e = p;
        while (*e && *e != ',' && *e != ';' && *e != '/')
            e++;
        const char *te = e;
        while (te > p && (te[-1] == ' ' || te[-1] == '\t' || te[-1] == '\n' || te[-1] == '\r'))
            te--;
        size_t n = (size_t)(te - p);
        for (size_t i = 0; n && i < nlangs; i++) {
            struct lang *L = &langs[i];
            if ((strlen(L->name) == n && strncasecmp(L->name, p, n) == 0) ||
                in_list(L->match, p, n))
                return L->code;
        }
        struct lang *L = n >= 2 && n < MAX_CODE ? lang_for(p, n) : NULL;
        if (L && (n == 2 || p[2] == '-' || p[2] == '_'))
            return L->code;
        p = e;
    }
    return NULL;
}

size_t msg_lang_count(void)
{
    ensure();
    return nlangs;
}

const char *msg_lang_code(size_t i)
{
    ensure();
    return i < nlangs ? langs[i].code : NULL;
}

const char *msg_lang_name(size_t i)
{
    ensure();
    return i < nlangs ? langs[i].name : NULL;
}

const char *msg_key_at(const char *lang, size_t i, int *review)
{
    ensure();
    struct lang *L = lang ? lang_for(lang, strlen(lang)) : NULL;
    if (!L || i >= L->n)
        return NULL;
    if (review)
        *review = L->e[i].review;
    return L->e[i].key;
}
