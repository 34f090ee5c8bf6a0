/* profile.h - the controlled lists of matching profiles (RC-1, RC-2): languages, gender
 * identity, substances of lived experience, recovery pathways and cultural factors, each a
 * code with an English label. Peer and recoveree profiles store codes from these lists
 * (normalized, comma-separated) beside their free text; matching compares codes. Pure. */
#ifndef PD_PROFILE_H
#define PD_PROFILE_H

#include <stddef.h>

enum profile_list {
    PL_LANGUAGE,
    PL_GENDER, /* single choice: a person's gender identity, or the one wanted in a peer */
    PL_SUBSTANCE,
    PL_PATHWAY,
    PL_CULTURE,
    PL__COUNT
};

struct profile_code {
    const char *code;  /* [a-z0-9_]: stored and sent in the API */
    const char *label; /* English, for pages and matching reasons */
};

/* A normalized list of every code of the longest list fits in this many bytes (with its NUL);
 * checked by the unit tests. */
#define PROFILE_LIST_MAX 400

/* The codes of list l in display order; *n gets how many. */
const struct profile_code *profile_codes(enum profile_list l, size_t *n);

/* The label of code in list l, or NULL when code is not one of its codes. */
const char *profile_label(enum profile_list l, const char *code);
/* The same in language lang (a catalog code, msg.h; NULL: English): the catalog's
 * profile.label.KEY.CODE (profile_list_key), else the English label. */
const char *profile_label_lang(enum profile_list l, const char *code, const char *lang);

/* What list l holds, in words for error messages ("languages", "gender identity", ...). */
const char *profile_list_what(enum profile_list l);

/* List l's key in message ids ("language", "gender", "substance", "pathway", "culture"):
 * profile.err.unknown.KEY and profile.err.choose.KEY name it in the reader's language. */
const char *profile_list_key(enum profile_list l);

/* Normalize a comma-separated list of codes of l (surrounding blanks ignored, repeats kept
 * once) into out (cap bytes) in list order, e.g. "spanish, english,spanish" -> "english,spanish".
 * An empty or NULL input gives "". For PL_GENDER at most one code is allowed.
 * Returns 0, or -1 with the first unknown code copied to bad (badcap bytes, cut if longer)
 * or, for a second gender, bad set to "" . */
int profile_normalize(enum profile_list l, const char *in, char *out, size_t cap, char *bad,
                      size_t badcap);

/* 1 when the normalized (or any comma-separated) list has code. NULL lists have nothing. */
int profile_has(const char *list, const char *code);

#endif
