/* views.c - view-model pieces shared by several handlers. */
#include "handlers.h"

#include <string.h>
#include <time.h>

#include "accounts.h"
#include "msg.h"
#include "tz.h"

json_t *view_time(int64_t t)
{
    if (t <= 0)
        return json_null();
    char s[48];
    tz_format(req_view_zone(), t, s, sizeof s);
    return json_string(s);
}

json_t *view_user(const void *p)
{
    const struct user *u = p;
    json_t *j = json_object();
    jset_int(j, "id", u->id);
    jset_str(j, "username", u->username);
    jset_str(j, "name", u->display_name);
    jset_str(j, "role", role_name((enum role)u->role));
    jset_str(j, "role_label", role_label((enum role)u->role));
    jset_bool(j, "disabled", u->disabled);
    jset_str(j, "email", u->email);
    jset_int(j, "version", u->version);
    jset(j, "created", view_time(u->created_at));
    jset(j, "updated", view_time(u->updated_at));
    jset(j, "password_changed", view_time(u->pw_changed_at));
    return j;
}

int64_t view_page(struct req *r)
{
    int64_t p = 1;
    req_int(r, "page", &p);
    return p < 1 ? 1 : p;
}

void view_pager(json_t *m, int64_t page, int64_t total, const char *base_query)
{
    int64_t pages = (total + PAGE_SIZE - 1) / PAGE_SIZE;
    if (pages < 1)
        pages = 1;
    json_t *pg = json_object();
    jset_int(pg, "page", page);
    jset_int(pg, "pages", pages);
    jset_int(pg, "total", total);
    jset_int(pg, "per_page", PAGE_SIZE);
    if (page > 1)
        jset(pg, "prev", json_sprintf("?%spage=%lld", base_query, (long long)(page - 1)));
    if (page < pages)
        jset(pg, "next", json_sprintf("?%spage=%lld", base_query, (long long)(page + 1)));
    jset(m, "pager", pg);
}

json_t *view_languages(const char *current, const char *first_label)
{
    json_t *arr = json_array();
    if (first_label)
        json_array_append_new(arr, json_pack("{s:s,s:s,s:b}", "code", "", "name",
                                             msg(NULL, first_label), "selected", !current));
    for (size_t i = 0; i < msg_lang_count(); i++) {
        const char *code = msg_lang_code(i);
        /* Without a first choice, English stands for "none set". */
        int sel = current ? strcmp(current, code) == 0 : !first_label && strcmp(code, "en") == 0;
        json_array_append_new(arr, json_pack("{s:s,s:s,s:b}", "code",
                                             !first_label && !strcmp(code, "en") ? "" : code,
                                             "name", msg_lang_name(i), "selected", sel));
    }
    return arr;
}
