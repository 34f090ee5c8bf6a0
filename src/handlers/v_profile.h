/* v_profile.h - structured matching profiles (profile.h) in requests and view models: read and
 * validate a list field, and show it as codes (API), labels (pages) and form options. */
#ifndef PD_V_PROFILE_H
#define PD_V_PROFILE_H

#include <jansson.h>

#include "http.h"
#include "profile.h"

/* Read the list field `name` of l (an FT_LIST field, or FT_TOKEN for PL_GENDER): when it
 * was not sent *out = old (an update keeps the stored value), when sent it is normalized
 * into arena memory (NULL when sent empty: cleared). A code not on the list is refused
 * (400 "invalid", naming the field and the code) and -1 is returned after replying, with
 * the form tmpl re-rendered from model(r) when both are given. 0 otherwise. */
int pf_read(struct req *r, const char *name, enum profile_list l, const char *old,
            const char **out, const char *tmpl, json_t *(*model)(struct req *r));

/* The codes of a stored list as a JSON array of strings (empty array for none). */
json_t *pf_codes_j(const char *list);

/* The labels of a stored list, comma-separated, for pages ("English, Spanish"); NULL for none. */
json_t *pf_labels_j(enum profile_list l, const char *list);
/* The same in language lang (a catalog code; NULL: English), as profile_label_lang says them. */
json_t *pf_labels_lang_j(const char *lang, enum profile_list l, const char *list);

/* Every code of l as form options [{value, label, checked}], checked when in list. */
json_t *pf_options_j(enum profile_list l, const char *list);

#endif
