/* evidence.c - sniff and name evidence uploads. */
#include "evidence.h"

#include <string.h>

#include "msg.h"

const char *evidence_type(const unsigned char *d, size_t n, const char **why)
{
    return evidence_type_lang(d, n, NULL, why);
}

const char *evidence_type_lang(const unsigned char *d, size_t n, const char *lang,
                               const char **why)
{
    if (n == 0) {
        *why = msg(lang, "evidence.err.empty");
        return NULL;
    }
    if (n > EVIDENCE_MAX_BYTES) {
        *why = msg(lang, "evidence.err.too_large");
        return NULL;
    }
    if (n >= 5 && memcmp(d, "%PDF-", 5) == 0)
        return "application/pdf";
    if (n >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0)
        return "image/png";
    if (n >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
        return "image/jpeg";
    *why = msg(lang, "evidence.err.type");
    return NULL;
}

void evidence_filename(const char *in, char out[101])
{
    const char *base = in ? in : "";
    for (const char *p = base; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    size_t o = 0;
    for (const char *p = base; *p && o < 100; p++) {
        char c = *p;
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '.' || c == '_' || c == '-' || c == ' ';
        out[o++] = ok ? c : '_';
    }
    out[o] = '\0';
    if (o == 0 || out[0] == '.') {
        memmove(out + 1, out, o < 100 ? o + 1 : 100);
        out[0] = 'f';
        out[o < 100 ? o + 1 : 100] = '\0';
    }
}
