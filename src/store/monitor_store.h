/* monitor_store.h - typed store functions for monitoring programs (GR-6..GR-10, GR-7). SQL in
 * q_monitor.def; every function binds org_id. Strings returned live in the arena. Reads of one
 * row give 1 / 0 / -1 (found, absent, store); lists give 0 / -1; writes give DB_OK or negative,
 * or 1 / 0 / -1 where a version or a state is checked (changed, not so any more, store).
 * Days are "YYYY-MM-DD" text; times of day are minutes after local midnight. */
#ifndef PD_MONITOR_STORE_H
#define PD_MONITOR_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "db.h"

struct mon_program_row {
    int64_t id;
    const char *name, *board;
    int checkin_from, checkin_to, test_by_earliest, test_by_latest, test_by_step;
    const char *sites; /* one per line */
    int report_grace_days;
    const char *fee_tiers; /* "max_percent|cents" lines */
    int64_t poverty_base, poverty_per_person;
    const char *test_fees; /* "kind|cents" lines */
    int active;
    int64_t version;
};

struct mon_phase_row {
    int64_t id, program_id;
    int ordinal;
    const char *name, *draw_model;
    int draw_n, draw_d;
    const char *restrictions;
};

struct mon_duty_row {
    int64_t phase_id;
    const char *kind, *per;
    int count;
};

struct mon_participant_row {
    int64_t id, program_id, recoveree_id, case_manager_id;
    const char *licence_type, *licence_number, *licence_state, *board, *colour;
    const char *worksite_monitor, *treatment_provider;
    int household;
    int64_t income_cents; /* -1: not recorded */
    const char *status;
    int64_t version;
    const char *first_name, *preferred_name, *last_name, *case_manager_name, *language;
};

struct mon_agreement_row {
    int64_t id;
    int version;
    const char *start_date;
    int months;
    int64_t phase_id;
    const char *effective_from, *terms, *reason, *document_name, *document_sha256;
    int64_t recorded_at;
};

struct mon_draw_row {
    int64_t id, program_id;
    const char *day, *seed, *commitment;
    int64_t committed_at;
    const char *algorithm, *pool, *picks; /* pool, picks: JSON, NULL before the draw */
    int64_t drawn_at, closed_at; /* 0: not yet */
};

struct mon_checkin_row {
    int64_t id;
    const char *day;
    int64_t at;
    const char *code;
    int selected;
    int test_by; /* -1 when not selected */
};

struct mon_unavail_row {
    int64_t id, participant_id;
    const char *from_day, *to_day, *reason, *state, *decision;
    int64_t decided_at;
};

struct mon_test_row {
    int64_t id, participant_id, draw_id;
    const char *day;
    int test_by;
    const char *kind, *state, *site;
    int64_t collected_at;
    const char *custody_form;
    int observed; /* -1: not recorded */
    int64_t sent_at;
    const char *lab, *result;
    int64_t resulted_at;
    const char *mro_result;
    int64_t verified_at;
    const char *note;
    int64_t version;
};

struct mon_violation_row {
    int64_t id, participant_id;
    const char *day, *kind;
    int64_t test_id, report_id;
    const char *state, *reason;
    int64_t decided_at;
    const char *decided_by_name;
};

struct mon_report_row {
    int64_t id, participant_id;
    const char *kind, *due_day, *received_day, *note;
};

struct mon_invoice_row {
    int64_t id;
    const char *month, *kind;
    int64_t test_id, amount_cents;
    const char *due_day, *description;
};

struct mon_payment_row {
    int64_t id;
    const char *day;
    int64_t amount_cents;
    const char *method, *note;
};

/* programs, phases, duties */
int mon_program_insert(db *d, int64_t org_id, const struct mon_program_row *p, int64_t by,
                       int64_t at, int64_t *id);
int mon_program_get(db *d, arena *a, int64_t org_id, int64_t id, struct mon_program_row *out);
int mon_program_list(db *d, arena *a, int64_t org_id, struct mon_program_row **out, int *n);
int mon_program_named(db *d, int64_t org_id, const char *name); /* 1, 0, -1 */
int mon_phase_insert(db *d, int64_t org_id, const struct mon_phase_row *p, int64_t *id);
int mon_phase_get(db *d, arena *a, int64_t org_id, int64_t id, struct mon_phase_row *out);
int mon_phases_of(db *d, arena *a, int64_t org_id, int64_t program_id, struct mon_phase_row **out,
                  int *n);
int mon_duty_insert(db *d, int64_t org_id, int64_t phase_id, const char *kind, int count,
                    const char *per);
int mon_duties_of(db *d, arena *a, int64_t org_id, int64_t program_id, struct mon_duty_row **out,
                  int *n);

/* participants and agreements */
int mon_participant_insert(db *d, int64_t org_id, const struct mon_participant_row *p, int64_t at,
                           int64_t *id);
int mon_participant_get(db *d, arena *a, int64_t org_id, int64_t id,
                        struct mon_participant_row *out);
int mon_participant_of_recoveree(db *d, arena *a, int64_t org_id, int64_t recoveree_id,
                                 struct mon_participant_row *out);
/* case_manager_id 0: every participant. */
int mon_participant_list(db *d, arena *a, int64_t org_id, int64_t case_manager_id,
                         struct mon_participant_row **out, int *n);
int mon_participant_pool(db *d, arena *a, int64_t org_id, int64_t program_id,
                         struct mon_participant_row **out, int *n);
int mon_user_link(db *d, int64_t org_id, int64_t user_id, int64_t recoveree_id);
/* The recoveree a participant's login is linked to: 1 (with *recoveree_id), 0, -1. */
int mon_user_recoveree(db *d, int64_t org_id, int64_t user_id, int64_t *recoveree_id);
int mon_agreement_insert(db *d, int64_t org_id, int64_t participant_id,
                         const struct mon_agreement_row *g, const char *doc_type,
                         const void *doc, size_t doc_len, int64_t by, int64_t at, int64_t *id);
int mon_agreements_of(db *d, arena *a, int64_t org_id, int64_t participant_id,
                      struct mon_agreement_row **out, int *n);

/* draws */
int mon_draw_commit(db *d, int64_t org_id, int64_t program_id, const char *day, const char *seed,
                    const char *commitment, int64_t at, const char *algorithm);
int mon_draw_get(db *d, arena *a, int64_t org_id, int64_t program_id, const char *day,
                 struct mon_draw_row *out);
int mon_draw_reseed(db *d, int64_t org_id, int64_t program_id, const char *day, const char *seed,
                    const char *commitment, int64_t at); /* 1, 0 (drawn already), -1 */
int mon_draw_drawn(db *d, int64_t org_id, int64_t id, const char *pool, const char *picks,
                   int64_t at); /* 1, 0, -1 */
/* A board liaison's board (arena text): 1 with *board, 0 none set, -1 store. */
int mon_liaison_board(db *d, arena *a, int64_t org_id, int64_t user_id, const char **board);
/* Set it (DB_OK or a db error). */
int mon_liaison_set(db *d, int64_t org_id, int64_t user_id, const char *board, int64_t by,
                    int64_t at);
/* The pool and picks of a drawn, open day replaced by ones with a late member added: 1, 0, -1. */
int mon_draw_join(db *d, int64_t org_id, int64_t id, const char *pool, const char *picks);
int mon_draw_closed(db *d, int64_t org_id, int64_t id, int64_t at);
int mon_draw_range(db *d, arena *a, int64_t org_id, int64_t program_id, const char *from,
                   const char *to, struct mon_draw_row **out, int *n);
int mon_draw_open_before(db *d, arena *a, int64_t org_id, const char *day,
                         struct mon_draw_row **out, int *n);

/* check-ins */
int mon_checkin_insert(db *d, int64_t org_id, int64_t participant_id, const char *day, int64_t at,
                       const char *code, int selected, int test_by, int64_t *id);
int mon_checkin_get(db *d, arena *a, int64_t org_id, int64_t participant_id, const char *day,
                    struct mon_checkin_row *out);
int mon_checkin_range(db *d, arena *a, int64_t org_id, int64_t participant_id, const char *from,
                      const char *to, struct mon_checkin_row **out, int *n);
int mon_checkin_count(db *d, int64_t org_id, int64_t participant_id, const char *from,
                      const char *to, int64_t *n);

/* unavailability */
int mon_unavail_insert(db *d, int64_t org_id, int64_t participant_id, const char *from,
                       const char *to, const char *reason, int64_t at, int64_t *id);
int mon_unavail_get(db *d, arena *a, int64_t org_id, int64_t id, struct mon_unavail_row *out);
int mon_unavail_of(db *d, arena *a, int64_t org_id, int64_t participant_id,
                   struct mon_unavail_row **out, int *n);
int mon_unavail_decide(db *d, int64_t org_id, int64_t id, const char *state, int64_t by, int64_t at,
                       const char *decision); /* 1, 0 (decided already), -1 */
int mon_unavail_approved_on(db *d, int64_t org_id, int64_t participant_id, const char *day);
int mon_unavail_approved_range(db *d, arena *a, int64_t org_id, int64_t participant_id,
                               const char *from, const char *to, struct mon_unavail_row **out,
                               int *n);

/* tests */
int mon_test_insert(db *d, int64_t org_id, int64_t participant_id, int64_t draw_id,
                    const char *day, int test_by, const char *kind, int64_t at, int64_t *id);
int mon_test_get(db *d, arena *a, int64_t org_id, int64_t id, struct mon_test_row *out);
int mon_tests_of(db *d, arena *a, int64_t org_id, int64_t participant_id,
                 struct mon_test_row **out, int *n);
int mon_tests_uncollected(db *d, arena *a, int64_t org_id, const char *day,
                          struct mon_test_row **out, int *n);
/* Write t's lifecycle fields at version (t->version is what the editor saw), by user `by` (0:
 * the system, as when a closed day marks a selection missed): 1, 0 stale, -1. */
int mon_test_update(db *d, int64_t org_id, const struct mon_test_row *t, int64_t by, int64_t at);
/* The test of a custody form number (a laboratory's results): 1, 0, -1. */
int mon_test_by_custody(db *d, arena *a, int64_t org_id, const char *custody_form,
                        struct mon_test_row *out);
int mon_test_custody_used(db *d, int64_t org_id, const char *custody_form, int64_t except_id);
/* Between two days: selections not excused, and those collected. */
int mon_test_counts(db *d, int64_t org_id, int64_t participant_id, const char *from,
                    const char *to, int64_t *owed, int64_t *collected);

int mon_test_drawn_count(db *d, int64_t org_id, int64_t participant_id, const char *from,
                         const char *to, int64_t *n);
/* Every active program: org_ids[i], ids[i]. */
int mon_program_all_active(db *d, arena *a, int64_t **org_ids, int64_t **ids, int *n);

/* violations */
/* Record once (a second time is nothing): DB_OK. test_id, report_id 0: none. */
int mon_violation_add(db *d, int64_t org_id, int64_t participant_id, const char *day,
                      const char *kind, int64_t test_id, int64_t report_id, int64_t at);
int mon_violation_get(db *d, arena *a, int64_t org_id, int64_t id, struct mon_violation_row *out);
int mon_violations_of(db *d, arena *a, int64_t org_id, int64_t participant_id,
                      struct mon_violation_row **out, int *n);
int mon_violation_decide(db *d, int64_t org_id, int64_t id, const char *state, const char *reason,
                         int64_t by, int64_t at); /* 1, 0 (decided already), -1 */
/* Confirmed violations between two days, counted by kind into counts[VIO__COUNT]. */
int mon_violation_confirmed(db *d, int64_t org_id, int64_t participant_id, const char *from,
                            const char *to, int *counts);
/* Open violations per participant: ids[i], counts[i], at most cap. */
int mon_violation_open_counts(db *d, arena *a, int64_t org_id, int64_t **ids, int64_t **counts,
                              int *n);

/* reports owed */
int mon_report_owe(db *d, int64_t org_id, int64_t participant_id, const char *kind,
                   const char *due_day);
int mon_report_get(db *d, arena *a, int64_t org_id, int64_t id, struct mon_report_row *out);
int mon_reports_of(db *d, arena *a, int64_t org_id, int64_t participant_id,
                   struct mon_report_row **out, int *n);
int mon_report_receive(db *d, int64_t org_id, int64_t id, const char *day, int64_t by,
                       const char *note); /* 1, 0 (received already), -1 */
/* Not received and due before day; case_manager_id 0: everyone's. */
int mon_reports_overdue(db *d, arena *a, int64_t org_id, int64_t case_manager_id, const char *day,
                        struct mon_report_row **out, int *n);

/* meetings and group attendance */
int mon_meeting_add(db *d, int64_t org_id, int64_t participant_id, const char *day,
                    const char *name, int64_t by, int64_t at, int64_t *id);
int mon_meeting_count(db *d, int64_t org_id, int64_t participant_id, const char *from,
                      const char *to, int64_t *n);
int mon_group_attended(db *d, int64_t org_id, int64_t recoveree_id, const char *from,
                       const char *to, int64_t *n);

/* fees */
int mon_invoice_add(db *d, int64_t org_id, int64_t participant_id, const char *month,
                    const char *kind, int64_t test_id, int64_t cents, const char *due_day,
                    const char *description, int64_t at);
int mon_invoices_of(db *d, arena *a, int64_t org_id, int64_t participant_id,
                    struct mon_invoice_row **out, int *n);
int mon_payment_add(db *d, int64_t org_id, int64_t participant_id, const char *day, int64_t cents,
                    const char *method, const char *note, int64_t by, int64_t at, int64_t *id);
int mon_payments_of(db *d, arena *a, int64_t org_id, int64_t participant_id,
                    struct mon_payment_row **out, int *n);

#endif
