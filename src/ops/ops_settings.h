/* ops_settings.h - the organization's settings: its name and the policy values of SPEC.md. */
#ifndef PD_OPS_SETTINGS_H
#define PD_OPS_SETTINGS_H

#include "ops.h"

/* A change to the settings: a value for each policy key whose set[] is non-zero; name NULL
 * keeps the organization's name. */
struct settings_in {
    int64_t v[POL__COUNT];
    int set[POL__COUNT];
    const char *name; /* check_org_name() */
    const char *time_zone; /* an IANA name that tz_get() loads; NULL keeps the zone */
    const char *default_language; /* a catalog code (msg.h), "" for none (English); NULL keeps */
};

/* Save the settings (administrators only: OP_FORBIDDEN). Every value within its range
 * (policy_check: OP_REFUSED code "policy_range", the value's rule, field its key); the
 * renewal warnings in order, first > second > final (OP_REFUSED "policy_order", WF-3, field
 * warn_days_first); ethics hours within CE hours and lowest fee within highest fee
 * (OP_REFUSED "policy_order"); the name valid (OP_INVALID field name); the time zone a zone
 * this server has (tz_get: OP_INVALID field time_zone; SPEC "Time, language and people");
 * the default language one of the catalog's (OP_INVALID field default_language).
 * Then the changed values, the name and the zone stored and audited "policy.update" (what
 * changed, "key=value ... name time_zone=America/Chicago default_language=es"; nothing audited when nothing
 * changed), in one transaction. OP_OK with the organization's id and *next the policy now in
 * force (c->pol overlaid with the change). */
enum op_status op_settings_save(struct op_ctx *c, const struct settings_in *in,
                                struct policy *next, struct op_result *res);

#endif
