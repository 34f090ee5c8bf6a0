/* h_settings.c - organization settings: name and every policy value of SPEC.md (admin). */
#include "handlers.h"

#include <stdio.h>
#include <string.h>

#include "account_rules.h"
#include "accounts.h"
#include "opreply.h"
#include "ops_settings.h"

/* Fields of POST /settings: the organization name and one per policy value.
 * Filled from policy_defs at start-up so the two can never disagree. */
struct field settings_fields[POL__COUNT + 3];

void settings_fields_init(void)
{
    settings_fields[0] = (struct field){"name", FT_LINE, ORG_NAME_MAX_LEN, 0, 0, 0};
    for (int i = 0; i < POL__COUNT; i++)
        settings_fields[i + 1] = (struct field){policy_defs[i].key, FT_INT, 0, 0, 1000000, 0};
    settings_fields[POL__COUNT + 1] = (struct field){0};
}

static json_t *settings_model(struct req *r, const struct policy *p)
{
    json_t *m = json_object(), *groups = json_array(), *g = NULL;
    const char *cur = NULL;
    jset_str(m, "title", "Organization settings");
    jset_str(m, "org_name", r->me.org_name);
    jset_str(m, "org_slug", r->me.org_slug);
    json_t *values = json_object();
    for (int i = 0; i < POL__COUNT; i++) {
        const struct policy_def *d = &policy_defs[i];
        if (!cur || strcmp(cur, d->group) != 0) {
            g = json_object();
            jset_str(g, "name", d->group);
            jset(g, "items", json_array());
            json_array_append_new(groups, g);
            cur = d->group;
        }
        json_t *it = json_object();
        jset_str(it, "key", d->key);
        jset_str(it, "label", d->label);
        jset_str(it, "rule", d->rule);
        jset_str(it, "unit", d->unit);
        jset_int(it, "value", p->v[i]);
        jset_int(it, "default", d->def);
        jset_int(it, "min", d->min);
        jset_int(it, "max", d->max);
        jset_bool(it, "changed", p->v[i] != d->def);
        json_array_append_new(json_object_get(g, "items"), it);
        jset_int(values, d->key, p->v[i]);
    }
    jset(m, "groups", groups);
    jset(m, "policy", values);
    return m;
}

int h_settings(struct req *r)
{
    return reply_page(r, 200, "settings.mustache", settings_model(r, &r->pol));
}

int h_settings_save(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    struct settings_in in = {.name = req_str(r, "name")};
    for (int i = 0; i < POL__COUNT; i++)
        in.set[i] = req_int(r, policy_defs[i].key, &in.v[i]);
    struct policy next;
    if (op_settings_save(&c, &in, &next, &res) != OP_OK)
        return reply_op_error(r, &res, res.status == OP_STORE ? NULL : "settings.mustache",
                              res.status == OP_STORE ? NULL : settings_model(r, &r->pol));
    r->pol = next;
    if (in.name)
        r->me.org_name = in.name;
    return reply_done(r, 200, "/settings", settings_model(r, &next));
}

/* ---- routes ---- */

const struct route settings_rows[] = {
    {"GET", "/settings", h_settings, ADMIN, 0, NULL, "Organization settings and policy values"},
    {"POST", "/settings", h_settings_save, ADMIN, 0, settings_fields, "Save settings"},
};
const struct route_module rm_settings = ROUTE_MODULE(settings_rows);
