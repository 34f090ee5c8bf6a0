/* ops_settings.c - the organization's settings (ops_settings.h). */
#include "ops_settings.h"

#include <stdio.h>
#include <string.h>

#include "account_rules.h"
#include "accounts.h"
#include "buf.h"
#include "msg.h"
#include "org_cache.h"
#include "tz.h"
#include "workforce_status.h"

enum op_status op_settings_save(struct op_ctx *c, const struct settings_in *in,
                                struct policy *next, struct op_result *res)
{
    if (c->who.role != ROLE_ADMIN)
        return op_forbidden(res, NULL, msg(c->lang, "settings.err.admin"));
    *next = *c->pol;
    char *range = arena_alloc(c->a, 200);
    for (int i = 0; i < POL__COUNT; i++) {
        if (!in->set[i])
            continue;
        if (policy_check_lang(i, in->v[i], c->lang, range, 200) != 0)
            return op_fail(res, OP_REFUSED, "policy_range", policy_defs[i].rule,
                           policy_defs[i].key, range);
        next->v[i] = in->v[i];
    }
    /* Warnings must come in order: the first is the earliest (WF-3). */
    if (!(next->v[POL_WARN_DAYS_1] > next->v[POL_WARN_DAYS_2] &&
          next->v[POL_WARN_DAYS_2] > next->v[POL_WARN_DAYS_3]))
        return op_fail(res, OP_REFUSED, "policy_order", "WF-3", "warn_days_first",
                       msg(c->lang, "settings.err.warn_order"));
    if (next->v[POL_CE_ETHICS_HOURS] > next->v[POL_CE_HOURS] ||
        next->v[POL_FEE_MIN_DOLLARS] > next->v[POL_FEE_MAX_DOLLARS])
        return op_fail(res, OP_REFUSED, "policy_order", NULL, NULL,
                       msg(c->lang, "settings.err.part_whole"));
    const char *why = in->name ? check_org_name_lang(in->name, c->lang) : NULL;
    if (why)
        return op_invalid(res, "name", why);
    enum tz_err tzerr;
    if (in->time_zone && !tz_get(in->time_zone, &tzerr)) {
        /* The sentences of tz_err_text, by error, in the reader's language. */
        const char *id = tzerr == TZ_BAD_NAME    ? "settings.err.tz_bad_name"
                         : tzerr == TZ_NOT_FOUND ? "settings.err.tz_not_found"
                                                 : "settings.err.tz_bad_file";
        return op_invalid(res, "time_zone",
                          msg_fmt(c->a, c->lang, id, "zone",
                                  arena_printf(c->a, "%.*s", TZ_NAME_MAX, in->time_zone), NULL));
    }
    const char *lang = in->default_language && *in->default_language ? in->default_language : NULL;
    if (lang) {
        size_t i = 0;
        while (i < msg_lang_count() && strcmp(msg_lang_code(i), lang) != 0)
            i++;
        if (i == msg_lang_count())
            return op_invalid(res, "default_language", msg(c->lang, "settings.err.language"));
    }
    const char *cur = c->who.org_name, *cur_zone = NULL;
    struct org o;
    if (org_by_id(c->db, c->a, c->who.org_id, &o) == 1) {
        if (!cur)
            cur = o.name;
        cur_zone = o.time_zone;
    }
    const char *fail = msg(c->lang, "settings.err.store");
    if (op_begin(c, res) != OP_OK)
        return op_store(res, fail);
    buf changed;
    buf_init(&changed);
    int ok = 1, policy_changed = 0;
    for (int i = 0; i < POL__COUNT; i++)
        if (next->v[i] != c->pol->v[i]) {
            policy_changed = 1;
            buf_printf(&changed, "%s%s=%lld", changed.len ? " " : "", policy_defs[i].key,
                       (long long)next->v[i]);
            if (ok)
                ok = policy_store(c->db, c->who.org_id, i, next->v[i], c->who.user_id) == 0;
        }
    if (ok && in->name && (!cur || strcmp(in->name, cur) != 0)) {
        ok = org_rename(c->db, c->who.org_id, in->name) == DB_OK;
        buf_printf(&changed, "%sname", changed.len ? " " : "");
    }
    int zone_changed = in->time_zone && (!cur_zone || strcmp(in->time_zone, cur_zone) != 0);
    if (ok && zone_changed) {
        ok = org_set_time_zone(c->db, c->who.org_id, in->time_zone) == DB_OK &&
             org_state_bump(c->db, c->who.org_id) == 0;
        buf_printf(&changed, "%stime_zone=%s", changed.len ? " " : "", in->time_zone);
    }
    const char *cur_lang = NULL;
    if (ok && in->default_language) {
        ok = org_default_language(c->db, c->a, c->who.org_id, &cur_lang) == 1;
        int same = (!cur_lang && !lang) || (cur_lang && lang && strcmp(cur_lang, lang) == 0);
        if (ok && !same) {
            ok = org_set_default_language(c->db, c->who.org_id, lang) == DB_OK;
            buf_printf(&changed, "%sdefault_language=%s", changed.len ? " " : "",
                       lang ? lang : "none");
        }
    }
    /* The stored workforce statuses were computed under the old values (WF-1 to WF-5) and
     * the old "today": all stale, recomputed at the next read. */
    if (ok && (policy_changed || zone_changed))
        ok = wf_status_invalidate(c->db, c->who.org_id) == DB_OK;
    if (ok && changed.len)
        ok = op_audit(c, "policy.update", "org", c->who.org_id, changed.data, "ok") == 0;
    buf_free(&changed);
    if (ok)
        op_ok(res, c->who.org_id, 0);
    else
        op_store(res, fail);
    if (op_end(c, res) == OP_STORE)
        res->message = fail;
    return res->status;
}
