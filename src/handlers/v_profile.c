/* v_profile.c - structured matching profiles in requests and view models (RC-1, RC-2). */
#include "v_profile.h"

#include <stdio.h>
#include <string.h>

#include "validate.h"

int pf_read(struct req *r, const char *name, enum profile_list l, const char *old,
            const char **out, const char *tmpl, json_t *(*model)(struct req *r))
{
    if (!param_raw(r, name)) {
        *out = old;
        return 0;
    }
    char norm[PROFILE_LIST_MAX], bad[48];
    if (profile_normalize(l, req_str(r, name), norm, sizeof norm, bad, sizeof bad) != 0) {
        const char *why =
            bad[0] ? arena_printf(r->a, "'%s' is not one of the %s on the list.", bad,
                                  profile_list_what(l))
                   : arena_printf(r->a, "Choose one of the %s.", profile_list_what(l));
        reply_error(r, 400, "invalid", NULL, why, name, model ? tmpl : NULL,
                    tmpl && model ? model(r) : NULL);
        return -1;
    }
    *out = norm[0] ? arena_strdup(r->a, norm) : NULL;
    return 0;
}

json_t *pf_codes_j(const char *list)
{
    json_t *a = json_array();
    for (const char *p = list; p && *p;) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n)
            json_array_append_new(a, json_stringn(p, n));
        p = e ? e + 1 : p + n;
    }
    return a;
}

json_t *pf_labels_j(enum profile_list l, const char *list)
{
    return pf_labels_lang_j(NULL, l, list);
}

json_t *pf_labels_lang_j(const char *lang, enum profile_list l, const char *list)
{
    size_t n;
    const struct profile_code *c = profile_codes(l, &n);
    char out[1024];
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        if (!profile_has(list, c[i].code))
            continue;
        const char *label = profile_label_lang(l, c[i].code, lang);
        size_t k = strlen(label);
        if (len + k + 3 > sizeof out)
            break; /* every label of the longest list fits; not reached */
        if (len) {
            memcpy(out + len, ", ", 2);
            len += 2;
        }
        memcpy(out + len, label, k);
        len += k;
    }
    out[len] = '\0';
    return len ? jstr(out) : json_null();
}

json_t *pf_options_j(enum profile_list l, const char *list)
{
    size_t n;
    const struct profile_code *c = profile_codes(l, &n);
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        jset_str(o, "value", c[i].code);
        /* Substance labels are written to follow "Lived experience with"; a form shows
         * them capitalized. */
        char label[80];
        snprintf(label, sizeof label, "%s", c[i].label);
        if (label[0] >= 'a' && label[0] <= 'z')
            label[0] = (char)(label[0] - 'a' + 'A');
        jset_str(o, "label", label);
        jset_bool(o, "checked", profile_has(list, c[i].code));
        json_array_append_new(a, o);
    }
    return a;
}
