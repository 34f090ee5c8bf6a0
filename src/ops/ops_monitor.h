/* ops_monitor.h - monitoring programs for licensed professionals (SPEC GR-6..GR-10, GR-7): what
 * administrators, monitoring case managers and participants do, and the system's own daily
 * work (seeds committed before the day, draws, days closed with what was missed). Pages, the
 * API and the CLI call these alike; every rule is decided here, once.
 *
 * Who may do what:
 *   administrators              configure programs, enrol participants, amend agreements,
 *                               commit a day's seed;
 *   administrators, supervisors act on any participant;
 *   and case managers           a case manager on their own participants: record tests and
 *                               results, decide violations and unavailability, receive
 *                               reports, record meetings and payments;
 *   auditors                    read;
 *   a participant               checks in, asks for unavailability, reports a meeting, and
 *                               reads their own record only;
 *   a board liaison             reads compliant or non-compliant per participant and month.
 * A participant another organization holds, or one out of the actor's reach, is OP_NOT_FOUND. */
#ifndef PD_OPS_MONITOR_H
#define PD_OPS_MONITOR_H

#include <stddef.h>
#include <stdint.h>

#include "draw.h"
#include "monitor.h"
#include "monitor_store.h"
#include "ops.h"

#define MON_NAME_MAX 120
#define MON_TEXT_MAX 4000
#define MON_PHASES_MAX 8
#define MON_REASON_MAX 1000

struct mon_phase_in {
    const char *name, *draw_model; /* draw.h model name */
    int draw_n, draw_d;
    const char *restrictions;
    struct mon_duty_rule duties[DUTY__COUNT];
    size_t nduties;
};

struct mon_program_in {
    const char *name, *board;
    const char *checkin_from, *checkin_to; /* "HH:MM" local */
    const char *test_by_earliest, *test_by_latest;
    int test_by_step;
    const char *sites;
    int report_grace_days;
    const char *fee_tiers; /* "max_percent|dollars" lines; -1 for the standard tier */
    int64_t poverty_base_cents, poverty_per_person_cents;
    const char *test_fees; /* "kind|dollars" lines */
    struct mon_phase_in phase[MON_PHASES_MAX];
    size_t nphases;
};

enum op_status op_mon_program_create(struct op_ctx *c, const struct mon_program_in *in,
                                     struct op_result *res);

struct mon_enrol_in {
    int64_t recoveree_id, program_id, case_manager_id;
    const char *licence_type, *licence_number, *licence_state, *board, *colour;
    const char *worksite_monitor, *treatment_provider;
    int household;
    const char *income; /* yearly, dollars; NULL or "": not recorded */
    const char *start_date; /* YYYY-MM-DD */
    int months;
    const char *terms;
    const char *username, *password; /* the participant's login; NULL: none yet */
};

/* Enrol a recoveree: the participant, the agreement's first version in the program's first
 * phase, the monitoring-case-manager relationship (GR-4, GR-5), the reports owed, and the
 * participant's own login when asked. */
enum op_status op_mon_enrol(struct op_ctx *c, const struct mon_enrol_in *in,
                            struct op_result *res);

/* Amend the agreement: a new version from effective_from in phase_id (of the program), with
 * months the new length and a reason; the earlier versions stay as they were. */
enum op_status op_mon_amend(struct op_ctx *c, int64_t participant_id, int64_t phase_id,
                            const char *effective_from, int months, const char *reason,
                            struct op_result *res);

/* Commit the seed of a day not yet drawn: seed_hex (64 hex digits) or NULL for a new random
 * one. The commitment is what case managers see before the day. A day already drawn is
 * OP_CONFLICT. */
enum op_status op_mon_seed(struct op_ctx *c, int64_t program_id, const char *day,
                           const char *seed_hex, struct op_result *res);

/* Draw the day if it is not drawn yet (the seed committed then if none was, which the audit
 * says), keeping the pool and the picks and making a test for each selection. */
enum op_status op_mon_draw(struct op_ctx *c, int64_t program_id, const char *day,
                           struct op_result *res);

/* A participant's check-in today (the actor is the participant). */
struct mon_checkin_answer {
    int selected;
    int test_by; /* minutes after local midnight */
    char code[DRAW_CODE_LEN + 1];
    const char *day;
    const char *sites;
    int again; /* they had checked in already today: the same answer */
};
enum op_status op_mon_checkin(struct op_ctx *c, struct mon_checkin_answer *out,
                              struct op_result *res);

/* Close a day that has passed: a missed check-in and an uncollected selection become
 * violations, recorded by the system; reports past due and grace become late. Every program
 * of the organization; day must be before today. */
enum op_status op_mon_close_day(struct op_ctx *c, const char *day, struct op_result *res);

/* The system's daily work for every organization: seeds for tomorrow committed, today drawn
 * once its window is open, past days closed. Returns how many things it did, -1 on a failure. */
int mon_daily_pass(db *d, arena *a, int64_t now);

/* A test's next step (GR-9). to: "collected" (site, collected_at "YYYY-MM-DD HH:MM" local or
 * NULL for now, custody_form, observed), "sent" (lab), "resulted" (result), "verified"
 * (mro_result), "excused" (note: the reason). version: the version seen. */
struct mon_test_in {
    const char *to;
    const char *site, *collected_at, *custody_form, *lab, *result, *mro_result, *note;
    int observed;
    int64_t version;
};
enum op_status op_mon_test_move(struct op_ctx *c, int64_t test_id, const struct mon_test_in *in,
                                struct op_result *res);

/* Confirm or excuse an open violation with a reason. */
enum op_status op_mon_violation_decide(struct op_ctx *c, int64_t violation_id, const char *to,
                                       const char *reason, struct op_result *res);

/* Ask not to be tested from..to (the participant, or staff for them), and its decision. */
enum op_status op_mon_unavail_request(struct op_ctx *c, int64_t participant_id, const char *from,
                                      const char *to, const char *reason,
                                      struct op_result *res);
enum op_status op_mon_unavail_decide(struct op_ctx *c, int64_t request_id, int approve,
                                     const char *decision, struct op_result *res);

/* A report owed was received on day (NULL: today). */
enum op_status op_mon_report_receive(struct op_ctx *c, int64_t report_id, const char *day,
                                     const char *note, struct op_result *res);

/* A mutual-help meeting attended on day (the participant, or staff for them). */
enum op_status op_mon_meeting_add(struct op_ctx *c, int64_t participant_id, const char *day,
                                  const char *name, struct op_result *res);

/* A payment (amount in dollars as typed), and a month's invoice ("YYYY-MM": the monthly fee of
 * the participant's tier and the testing fees of the month's collected tests). */
enum op_status op_mon_payment_add(struct op_ctx *c, int64_t participant_id, const char *day,
                                  const char *amount, const char *method, const char *note,
                                  struct op_result *res);
enum op_status op_mon_invoice_month(struct op_ctx *c, int64_t participant_id, const char *month,
                                    struct op_result *res);

/* The board's view of one participant beyond compliant or not (GR-6): only under a consent of
 * the participant valid today naming their board (or "licensing board") for the purpose
 * "monitoring" (RC-3); each release is entered in the accounting of disclosures with the
 * §2.32 notice (RC-4) and audited. OP_OK with *p and the disclosure's id; OP_REFUSED "RC-3"
 * without such a consent. */
enum op_status op_mon_board_release(struct op_ctx *c, int64_t participant_id,
                                    struct mon_participant_row *p, struct op_result *res);

/* ---- reads ------------------------------------------------------------------------ */

/* The participant id within the actor's reach: the participant's own (id 0 for a participant
 * actor), a case manager's own, anyone for administrators, supervisors and auditors. 1 with
 * *out, 0 out of reach or absent, -1 store. */
int mon_reach(struct op_ctx *c, int64_t participant_id, struct mon_participant_row *out);

/* A month's compliance of a participant (GR-6), computed from the records. */
int mon_compliance(struct op_ctx *c, const struct mon_participant_row *p, int year, int month,
                   struct mon_month_result *out);

/* The fee tier of a participant: the monthly fee in cents and the tier's index. */
int mon_fee_of(struct op_ctx *c, const struct mon_participant_row *p, int64_t *monthly_cents,
               size_t *tier);

/* Minimum necessary (GR-6): whether the actor's board view may list participant p. A board
 * liaison with a board set (op_mon_liaison_set) sees the participants whose agreement names that
 * board (without case); one without, and administrators, every participant of the organization.
 * 1 yes, 0 no, -1 store. */
int mon_board_sees(struct op_ctx *c, const struct mon_participant_row *p);
/* Set the board a board liaison login speaks for (administrators): the user must be a board
 * liaison of the organization (404 otherwise), the board a line of text. Audited. */
enum op_status op_mon_liaison_set(struct op_ctx *c, int64_t user_id, const char *board,
                                  struct op_result *res);

/* Achieved against target (GR-8): for each participant within the actor's reach who was in the
 * pool of a kept draw of the program from day `from` to day `to` (at most MON_RATE_DAYS_MAX
 * days; only draws made, so only days whose window has opened), their tally (draw.h); *all sums
 * the rows (its participant_id 0). 0 with *out (arena) in the order first met in the draws, or -1
 * store or a bad range. */
#define MON_RATE_DAYS_MAX 400
struct mon_rate_row {
    struct mon_participant_row p;
    struct draw_tally t;
};
int mon_rate_report(struct op_ctx *c, int64_t program_id, int32_t from, int32_t to,
                    struct mon_rate_row **out, size_t *n, struct draw_tally *all);

/* Verify the draws of a day (every program of c's organization): re-run each from its seed and
 * pool and compare with the picks kept. Writes one line per program into out (arena text).
 * 0 all agree, 1 a draw disagrees, -1 store or no draw. */
int mon_verify_day(struct op_ctx *c, const char *day, const char **out);

#endif
