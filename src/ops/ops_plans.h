/* ops_plans.h - recovery plans (RC-5) and BARC-10 (RC-6): every change a user makes to them. */
#ifndef PD_OPS_PLANS_H
#define PD_OPS_PLANS_H

#include "barc10.h"
#include "ops.h"

/* The plan's life domains and goal states, for forms and validation. */
extern const char *const plan_domains[];
extern const int plan_ndomains;
extern const char *const plan_goal_states[];
extern const int plan_ngoal_states;

/* Start or update a recoveree's plan. A NULL strengths/barriers with keep_* set keeps the
 * stored text (a field left out of the form); with keep_* clear it clears it. A NULL
 * review_date keeps the stored date, or starts at today + plan_review_days. version is the
 * plan's version the actor saw (0: whatever is stored). OP_OK (id = recoveree; *created is 1
 * for a new plan), OP_CONFLICT "stale" when someone changed it meanwhile. */
struct plan_save_in {
    int64_t recoveree_id;
    const char *strengths, *barriers, *review_date;
    int keep_strengths, keep_barriers;
    int64_t version;
};
enum op_status op_plan_save(struct op_ctx *c, const struct plan_save_in *in, int *created,
                            struct op_result *res);

/* Add a goal to the plan (RC-5: the plan must exist). status NULL = "active". OP_OK with the
 * goal's id. */
struct goal_add_in {
    int64_t recoveree_id;
    const char *domain, *goal, *action_steps, *status, *target_date;
};
enum op_status op_goal_add(struct op_ctx *c, const struct goal_add_in *in, struct op_result *res);

/* Change a goal; NULL fields keep their value. */
struct goal_update_in {
    int64_t recoveree_id, goal_id;
    const char *domain, *goal, *action_steps, *status, *target_date;
};
enum op_status op_goal_update(struct op_ctx *c, const struct goal_update_in *in,
                              struct op_result *res);

/* Record a BARC-10 (RC-6): ten answers 1..6, taken on a day not in the future (NULL: today).
 * OP_OK with the assessment's id; *total receives the score. */
struct barc10_in {
    int64_t recoveree_id;
    int answers[BARC10_ITEMS]; /* 0 = not answered */
    const char *taken_on;
};
enum op_status op_barc10_add(struct op_ctx *c, const struct barc10_in *in, int *total,
                             struct op_result *res);

#endif
