/* ops_plans.c - recovery plans (RC-5) and BARC-10 (RC-6) (ops_plans.h). Every change is kept
 * in the plan's history with the text before and after, and audited, in one transaction. */
#include "ops_plans.h"

#include <stdio.h>
#include <string.h>

#include "civil.h"
#include "msg.h"
#include "ops_reach.h"
#include "plans_store.h"

/* Life domains of a recovery plan (SAMHSA's dimensions of recovery, in plain words). */
const char *const plan_domains[] = {
    "Recovery and substance use", "Health and wellness", "Housing", "Employment and education",
    "Relationships and family",   "Community and purpose", "Legal", "Money", "Spirituality",
    "Recreation and fun",
};
const int plan_ndomains = (int)(sizeof plan_domains / sizeof *plan_domains);
const char *const plan_goal_states[] = {"active", "met", "paused", "dropped"};
const int plan_ngoal_states = (int)(sizeof plan_goal_states / sizeof *plan_goal_states);

static int valid_status(const char *s)
{
    for (int k = 0; s && k < plan_ngoal_states; k++)
        if (!strcmp(s, plan_goal_states[k]))
            return 1;
    return 0;
}

static const char *day_s(struct op_ctx *c, int32_t day)
{
    char *s = arena_alloc(c->a, 11);
    civil_format(day, s);
    return s;
}

static enum op_status saved_fail(struct op_ctx *c, struct op_result *res)
{
    return op_store(res, msg(c->lang, "plan.err.store"));
}

/* Begin, and load the recoveree for a change: OP_OK inside the transaction, else the
 * transaction is over and res says why. */
static enum op_status begin_for(struct op_ctx *c, int64_t id, struct recoveree *x,
                                struct op_result *res)
{
    if (op_begin(c, res) != OP_OK)
        return res->status;
    if (op_rc_for_write(c, id, x, res) != OP_OK)
        return op_end(c, res);
    return OP_OK;
}

/* Commit when res is OP_OK, else roll back. (A not-found here is a plan or goal's, not the
 * recoveree's: that one was answered by begin_for and audited as denied.) */
static enum op_status finish(struct op_ctx *c, struct op_result *res)
{
    return op_end(c, res);
}

enum op_status op_plan_save(struct op_ctx *c, const struct plan_save_in *in, int *created,
                            struct op_result *res)
{
    struct recoveree x;
    struct plan p;
    *created = 0;
    if (begin_for(c, in->recoveree_id, &x, res) != OP_OK)
        return op_rc_denied(c, res, in->recoveree_id, "plan.save");
    int have = plan_get(c->db, c->a, c->who.org_id, x.id, &p);
    if (have < 0) {
        saved_fail(c, res);
        return finish(c, res);
    }
    const char *strengths = in->keep_strengths && have ? p.strengths : in->strengths;
    const char *barriers = in->keep_barriers && have ? p.barriers : in->barriers;
    const char *review = in->review_date;
    if (!review)
        review = have ? p.review_date
                      : day_s(c, c->today + (int32_t)c->pol->v[POL_PLAN_REVIEW_DAYS]);
    if (have) {
        int64_t version = in->version ? in->version : p.version;
        int rc = plan_update(c->db, c->who.org_id, x.id, strengths, barriers, review,
                             c->who.user_id, c->now, version);
        if (rc < 0) {
            saved_fail(c, res);
            return finish(c, res);
        }
        if (rc == 0) {
            op_fail(res, OP_CONFLICT, "stale", NULL, "version",
                    msg(c->lang, "plan.err.stale"));
            return finish(c, res);
        }
    } else if (plan_insert(c->db, c->who.org_id, x.id, strengths, barriers, review,
                           c->who.user_id, c->now) != DB_OK) {
        saved_fail(c, res);
        return finish(c, res);
    }
    /* The whole text before and after: "every change kept" means kept in full. */
    const char *before = arena_printf(c->a, "strengths: %s | barriers: %s | review: %s",
                                      have && p.strengths ? p.strengths : "",
                                      have && p.barriers ? p.barriers : "",
                                      have ? p.review_date : "");
    const char *after = arena_printf(c->a, "strengths: %s | barriers: %s | review: %s",
                                     strengths ? strengths : "", barriers ? barriers : "", review);
    if (plan_history_add(c->db, c->who.org_id, x.id, c->now, c->who.user_id,
                         have ? "plan_updated" : "plan_started", have ? before : NULL,
                         after) != DB_OK ||
        op_audit(c, have ? "plan.update" : "plan.create", "recoveree", x.id, NULL, "ok") != 0) {
        saved_fail(c, res);
        return finish(c, res);
    }
    op_ok(res, x.id, have ? p.version + 1 : 1);
    *created = !have;
    return finish(c, res);
}

enum op_status op_goal_add(struct op_ctx *c, const struct goal_add_in *in, struct op_result *res)
{
    if (in->status && !valid_status(in->status))
        return op_invalid(res, "status", msg(c->lang, "plan.err.status"));
    struct recoveree x;
    struct plan p;
    if (begin_for(c, in->recoveree_id, &x, res) != OP_OK)
        return op_rc_denied(c, res, in->recoveree_id, "plan.goal.add");
    int have = plan_get(c->db, c->a, c->who.org_id, x.id, &p);
    if (have <= 0) {
        if (have < 0)
            saved_fail(c, res);
        else /* RC-5: goals belong to a plan. */
            op_fail(res, OP_CONFLICT, "no_plan", "RC-5", NULL,
                    msg(c->lang, "plan.err.no_plan"));
        return finish(c, res);
    }
    struct plan_goal g = {.domain = in->domain, .goal = in->goal,
                          .action_steps = in->action_steps,
                          .status = in->status ? in->status : "active",
                          .target_date = in->target_date};
    int64_t id = 0;
    const char *after = arena_printf(c->a, "%s: %s", in->domain ? in->domain : "",
                                     in->goal ? in->goal : "");
    if (plan_goal_insert(c->db, c->who.org_id, p.id, &g, c->now, &id) != DB_OK ||
        plan_touch(c->db, c->who.org_id, p.id, c->who.user_id, c->now) != DB_OK ||
        plan_history_add(c->db, c->who.org_id, x.id, c->now, c->who.user_id, "goal_added", NULL,
                         after) != DB_OK ||
        op_audit(c, "plan.goal.add", "recoveree", x.id, NULL, "ok") != 0)
        saved_fail(c, res);
    else
        op_ok(res, id, p.version + 1);
    return finish(c, res);
}

enum op_status op_goal_update(struct op_ctx *c, const struct goal_update_in *in,
                              struct op_result *res)
{
    struct recoveree x;
    struct plan p;
    if (begin_for(c, in->recoveree_id, &x, res) != OP_OK)
        return op_rc_denied(c, res, in->recoveree_id, "plan.goal.update");
    int have = plan_get(c->db, c->a, c->who.org_id, x.id, &p);
    if (have <= 0) {
        if (have < 0)
            saved_fail(c, res);
        else
            op_not_found(res, msg(c->lang, "plan.err.none"));
        return finish(c, res);
    }
    struct plan_goal *goals, *old = NULL;
    int n;
    if (plan_goals(c->db, c->a, c->who.org_id, p.id, &goals, &n) != 0) {
        saved_fail(c, res);
        return finish(c, res);
    }
    for (int i = 0; i < n; i++)
        if (goals[i].id == in->goal_id)
            old = &goals[i];
    if (!old) {
        op_not_found(res, msg(c->lang, "plan.err.no_goal"));
        return finish(c, res);
    }
    struct plan_goal g = {
        .id = old->id,
        .domain = in->domain ? in->domain : old->domain,
        .goal = in->goal ? in->goal : old->goal,
        .action_steps = in->action_steps ? in->action_steps : old->action_steps,
        .status = in->status ? in->status : old->status,
        .target_date = in->target_date ? in->target_date : old->target_date,
    };
    if (!valid_status(g.status)) {
        op_invalid(res, "status", msg(c->lang, "plan.err.status"));
        return finish(c, res);
    }
    const char *before = arena_printf(c->a, "%s [%s] %s", old->goal ? old->goal : "",
                                      old->status ? old->status : "",
                                      old->action_steps ? old->action_steps : "");
    const char *after = arena_printf(c->a, "%s [%s] %s", g.goal ? g.goal : "", g.status,
                                     g.action_steps ? g.action_steps : "");
    if (plan_goal_update(c->db, c->who.org_id, p.id, &g, c->now) != DB_OK ||
        plan_touch(c->db, c->who.org_id, p.id, c->who.user_id, c->now) != DB_OK ||
        plan_history_add(c->db, c->who.org_id, x.id, c->now, c->who.user_id, "goal_changed",
                         before, after) != DB_OK ||
        op_audit(c, "plan.goal.update", "recoveree", x.id, g.status, "ok") != 0)
        saved_fail(c, res);
    else
        op_ok(res, g.id, p.version + 1);
    return finish(c, res);
}

enum op_status op_barc10_add(struct op_ctx *c, const struct barc10_in *in, int *total,
                             struct op_result *res)
{
    int bad;
    /* RC-6: ten items, each 1..6. */
    if (barc10_score(in->answers, total, &bad) != 0)
        return op_fail(res, OP_INVALID, NULL, "RC-6", arena_printf(c->a, "item%d", bad + 1),
                       msg_fmt(c->a, c->lang, "plan.err.barc10_item", "item",
                               arena_printf(c->a, "%d", bad + 1), NULL));
    const char *taken = in->taken_on ? in->taken_on : day_s(c, c->today);
    int32_t day = civil_parse(taken);
    if (day < 0)
        return op_invalid(res, "taken_on", msg(c->lang, "plan.err.date"));
    if (day > c->today)
        return op_invalid(res, "taken_on", msg(c->lang, "plan.err.date_future"));
    char list[128]; /* ten answers "6," fit in 20 bytes; room for the compiler's worst case */
    size_t o = 0;
    for (int i = 0; i < BARC10_ITEMS; i++)
        o += (size_t)snprintf(list + o, sizeof list - o, "%s%d", i ? "," : "", in->answers[i]);
    struct recoveree x;
    if (begin_for(c, in->recoveree_id, &x, res) != OP_OK)
        return op_rc_denied(c, res, in->recoveree_id, "barc10.add");
    int64_t id = 0;
    if (barc10_insert(c->db, c->who.org_id, x.id, taken, list, *total, c->who.user_id, c->now,
                      &id) != DB_OK ||
        op_audit(c, "barc10.add", "recoveree", x.id, arena_printf(c->a, "total %d", *total),
                 "ok") != 0)
        op_store(res, msg(c->lang, "plan.err.barc10_store"));
    else
        op_ok(res, id, 0);
    return finish(c, res);
}
