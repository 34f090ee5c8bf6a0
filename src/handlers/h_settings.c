/* h_settings.c - organization settings: name and every policy value of SPEC.md (admin). */
#include "handlers.h"

#include <stdio.h>
#include <string.h>

#include "account_rules.h"
#include "accounts.h"

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
    struct policy next = r->pol;
    char msg[200];
    buf changed;
    buf_init(&changed);
    for (int i = 0; i < POL__COUNT; i++) {
        int64_t v;
        if (!req_int(r, policy_defs[i].key, &v))
            continue;
        if (policy_check(i, v, msg, sizeof msg) != 0) {
            buf_free(&changed);
            return reply_error(r, 422, "policy_range", policy_defs[i].rule, msg,
                               policy_defs[i].key, "settings.mustache",
                               settings_model(r, &r->pol));
        }
        if (v != next.v[i])
            buf_printf(&changed, "%s%s=%lld", changed.len ? " " : "", policy_defs[i].key,
                       (long long)v);
        next.v[i] = v;
    }
    /* Warnings must come in order: the first is the earliest (WF-3). */
    if (!(next.v[POL_WARN_DAYS_1] > next.v[POL_WARN_DAYS_2] &&
          next.v[POL_WARN_DAYS_2] > next.v[POL_WARN_DAYS_3])) {
        buf_free(&changed);
        return reply_error(r, 422, "policy_order", "WF-3",
                           "Renewal warnings must be in order: first > second > final.",
                           "warn_days_first", "settings.mustache", settings_model(r, &r->pol));
    }
    if (next.v[POL_CE_ETHICS_HOURS] > next.v[POL_CE_HOURS] ||
        next.v[POL_FEE_MIN_DOLLARS] > next.v[POL_FEE_MAX_DOLLARS]) {
        buf_free(&changed);
        return reply_error(r, 422, "policy_order", NULL,
                           "A part cannot exceed its whole: ethics hours within CE hours, lowest "
                           "fee within highest fee.",
                           NULL, "settings.mustache", settings_model(r, &r->pol));
    }
    const char *name = req_str(r, "name");
    const char *why = name ? check_org_name(name) : NULL;
    if (why) {
        buf_free(&changed);
        return reply_error(r, 400, "invalid", NULL, why, "name", "settings.mustache",
                           settings_model(r, &r->pol));
    }
    int ok = db_begin(r->db) == DB_OK;
    for (int i = 0; ok && i < POL__COUNT; i++)
        if (next.v[i] != r->pol.v[i])
            ok = policy_store(r->db, r->me.org_id, i, next.v[i], r->me.user_id) == 0;
    if (ok && name && strcmp(name, r->me.org_name) != 0) {
        ok = org_rename(r->db, r->me.org_id, name) == DB_OK;
        buf_printf(&changed, "%sname", changed.len ? " " : "");
    }
    if (ok && changed.len)
        ok = req_audit(r, "policy.update", "org", r->me.org_id, changed.data, "ok") == 0;
    buf_free(&changed);
    if (!ok || db_commit(r->db) != DB_OK) {
        db_rollback(r->db);
        return reply_error(r, 500, "store", NULL, "The settings could not be saved.", NULL, NULL,
                           NULL);
    }
    r->pol = next;
    if (name)
        r->me.org_name = name;
    return reply_done(r, 200, "/settings", settings_model(r, &next));
}
