/* h_settings.c - organization settings: name, time zone and every policy value of SPEC.md
 * (admin). */
#include "handlers.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "account_rules.h"
#include "accounts.h"
#include "forms.h"
#include "mailer.h"
#include "msg.h"
#include "notify_store.h"
#include "opreply.h"
#include "ops_settings.h"
#include "tz.h"
#include "validate.h"

/* Fields of POST /settings: the organization name, one per policy value, the time zone and
 * the default language.
 * Filled from policy_defs at start-up so the two can never disagree. */
struct field settings_fields[POL__COUNT + 4];

void settings_fields_init(void)
{
    settings_fields[0] = (struct field){"name", FT_LINE, ORG_NAME_MAX_LEN, 0, 0, 0};
    for (int i = 0; i < POL__COUNT; i++)
        settings_fields[i + 1] = (struct field){policy_defs[i].key, FT_INT, 0, 0, 1000000, 0};
    settings_fields[POL__COUNT + 1] = (struct field){"time_zone", FT_LINE, TZ_NAME_MAX, 0, 0, 0};
    /* A catalog code ("es"); empty: none, English. */
    settings_fields[POL__COUNT + 2] = (struct field){"default_language", FT_TOKEN, 16, 0, 0, 0};
    settings_fields[POL__COUNT + 3] = (struct field){0};
}

/* The zones offered on the page (any other IANA name may be typed): the United States'.
 * Their labels are settings.zone.NAME in the catalog. */
static const char *const us_zones[] = {
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "America/Puerto_Rico",
    "Pacific/Guam",
    "Pacific/Pago_Pago",
};

/* The catalog text of prefix + name in lang, name lower-cased with '/' and '-' as '_'
 * ("settings.zone." "America/New_York" is settings.zone.america_new_york). */
static const char *label_of(const char *lang, const char *prefix, const char *name)
{
    char id[96];
    int n = snprintf(id, sizeof id, "%s", prefix);
    for (const char *c = name; *c && n < (int)sizeof id - 1; c++)
        id[n++] = *c == '/' || *c == '-' ? '_' : (char)(*c >= 'A' && *c <= 'Z' ? *c - 'A' + 'a' : *c);
    id[n < (int)sizeof id ? n : (int)sizeof id - 1] = '\0';
    /* A missing label shows the name as the policy table spells it. */
    const char *t = msg_find(lang, id);
    return t ? t : name;
}

/* What was typed for name when a refused form is shown again (forms.h), or sent with this
 * POST; else NULL. */
static const char *typed(struct req *r, const char *name)
{
    const char *v = form_value(r, name);
    return v ? v : strcmp(r->method, "POST") == 0 ? param_raw(r, name) : NULL;
}

/* The message for field name of a refused save (res, or the input gate's), or NULL. */
static const char *error_for(struct req *r, const struct op_result *res, const char *name)
{
    if (res && res->field && strcmp(res->field, name) == 0)
        return res->message;
    for (size_t i = 0; res && i < res->nerrors; i++)
        if (res->errors[i].field && strcmp(res->errors[i].field, name) == 0)
            return res->errors[i].message;
    return form_error(r, name);
}

/* The settings page's model; zone_typed (or NULL) is a refused time zone to show again, res
 * (or NULL) the refused save whose messages go beside the policy values; what was typed is
 * shown again. */
static json_t *settings_model(struct req *r, const struct policy *p, const char *zone_typed,
                              const struct op_result *res)
{
    json_t *m = json_object(), *groups = json_array(), *g = NULL;
    const char *cur = NULL, *lang = req_lang(r);
    jset_str(m, "title", msg(lang, "settings.title"));
    jset_str(m, "org_name", typed(r, "name") ? typed(r, "name") : r->me.org_name);
    jset_str(m, "org_slug", r->me.org_slug);
    const struct tz *zone = req_zone(r);
    if (!zone_typed)
        zone_typed = typed(r, "time_zone");
    jset_str(m, "time_zone", zone_typed ? zone_typed : tz_name(zone));
    char now[48];
    tz_format(zone, (int64_t)time(NULL), now, sizeof now);
    jset_str(m, "time_zone_now", now);
    json_t *zones = json_array();
    for (size_t i = 0; i < sizeof us_zones / sizeof *us_zones; i++) {
        json_t *z = json_object();
        jset_str(z, "name", us_zones[i]);
        jset_str(z, "label", label_of(lang, "settings.zone.", us_zones[i]));
        json_array_append_new(zones, z);
    }
    jset(m, "zones", zones);
    /* The organization's default language (migration 013): what a person reads when neither
     * their own setting nor their browser names a language the catalog has. */
    const char *dl = NULL;
    if (org_default_language(r->db, r->a, r->me.org_id, &dl) != 1)
        dl = r->me.default_language;
    if (typed(r, "default_language"))
        dl = typed(r, "default_language");
    jset(m, "languages", view_languages(dl, NULL));
    json_t *values = json_object();
    for (int i = 0; i < POL__COUNT; i++) {
        const struct policy_def *d = &policy_defs[i];
        if (!cur || strcmp(cur, d->group) != 0) {
            g = json_object();
            jset_str(g, "name", label_of(lang, "settings.group.", d->group));
            jset(g, "items", json_array());
            json_array_append_new(groups, g);
            cur = d->group;
        }
        json_t *it = json_object();
        jset_str(it, "key", d->key);
        jset_str(it, "label", label_of(lang, "settings.policy.", d->key));
        jset_str(it, "rule", d->rule);
        jset_str(it, "unit", label_of(lang, "settings.unit.", d->unit));
        if (typed(r, d->key))
            jset_str(it, "value", typed(r, d->key));
        else
            jset_int(it, "value", p->v[i]);
        jset_str(it, "error", error_for(r, res, d->key));
        jset_int(it, "default", d->def);
        jset_int(it, "min", d->min);
        jset_int(it, "max", d->max);
        jset_bool(it, "changed", p->v[i] != d->def);
        json_array_append_new(json_object_get(g, "items"), it);
        jset_int(values, d->key, p->v[i]);
    }
    jset(m, "groups", groups);
    jset(m, "policy", values);
    /* Where notices' e-mail goes (GR-5) and what waits for it; the test notice checks it. */
    json_t *mail = json_object();
    int64_t waiting = 0, given_up = 0;
    const char *last_error = NULL;
    mail_stats(r->db, r->a, r->me.org_id, &waiting, &given_up, &last_error);
    jset_bool(mail, "relay", mailer_relay_configured());
    jset_str(mail, "from", mailer_from());
    jset_int(mail, "waiting", waiting);
    jset_int(mail, "given_up", given_up);
    jset_str(mail, "last_error", last_error);
    struct user me;
    if (user_by_id(r->db, r->a, r->me.org_id, r->me.user_id, &me) == 1)
        jset_str(mail, "my_email", me.email);
    jset(m, "mail", mail);
    return m;
}

int h_settings(struct req *r)
{
    return reply_page(r, 200, "settings.mustache", settings_model(r, &r->pol, NULL, NULL));
}

int h_settings_save(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    struct settings_in in = {.name = req_str(r, "name"), .time_zone = req_str(r, "time_zone")};
    /* Sent empty (the "English" choice) is "none"; not sent at all keeps the setting. */
    if (param_raw(r, "default_language"))
        in.default_language = req_str(r, "default_language") ? req_str(r, "default_language") : "";
    for (int i = 0; i < POL__COUNT; i++)
        in.set[i] = req_int(r, policy_defs[i].key, &in.v[i]);
    struct policy next;
    if (op_settings_save(&c, &in, &next, &res) != OP_OK)
        return reply_op_error(
            r, &res, res.status == OP_STORE ? NULL : "settings.mustache",
            res.status == OP_STORE ? NULL : settings_model(r, &r->pol, in.time_zone, &res));
    r->pol = next;
    if (in.name)
        r->me.org_name = in.name;
    if (in.default_language) { /* and is in the new language, unless the reader chose theirs */
        r->me.default_language = *in.default_language ? in.default_language : NULL;
        r->lang = NULL;
    }
    if (in.time_zone) { /* the reply already shows times in the new zone */
        r->me.time_zone = in.time_zone;
        req_zone_set(r, tz_get(in.time_zone, NULL));
    }
    return reply_done(r, 200, "/settings", settings_model(r, &next, NULL, NULL));
}

/* ---- routes ---- */

const struct route settings_rows[] = {
    {"GET", "/settings", h_settings, ADMIN, 0, NULL, "Organization settings and policy values"},
    {"POST", "/settings", h_settings_save, ADMIN, 0, settings_fields, "Save settings"},
};
const struct route_module rm_settings = ROUTE_MODULE(settings_rows);
