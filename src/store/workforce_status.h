/* workforce_status.h - the stored workforce status (table workforce_status, migration 011):
 * each person's dashboard row, computed when their records change and when a date boundary
 * passes, so the dashboard, its filters, sort, pages and CSV read rows instead of evaluating
 * the rules (WF-1 to WF-5) for every peer on every request.
 *
 * Who keeps it: every operation that changes a rule input calls wf_status_refresh inside its
 * transaction (ops_workforce.c, ops_users.c; the import goes through them; the demo generator
 * calls wf_status_refresh_all). A policy change calls wf_status_invalidate. Readers call
 * wf_status_refresh_stale first: rows whose valid_until has come are recomputed then. Triggers
 * on users (migration 011) give every new user a stale row and make a row stale when a name,
 * role or enablement changes by any path. */
#ifndef PD_WORKFORCE_STATUS_H
#define PD_WORKFORCE_STATUS_H

#include <stdint.h>

#include "arena.h"
#include "db.h"
#include "policy.h"
#include "workforce_store.h"

/* Recompute and save user's row as of today under pol (an active peer's statuses, or a row
 * that lists nobody for anyone else). Run it inside the transaction that changed the inputs.
 * 0 (also when user is not of org), or -1 on a store error (the caller fails its operation). */
int wf_status_refresh(db *d, arena *a, int64_t org, int64_t user, int32_t today,
                      const struct policy *pol);

/* Recompute the rows of org that are stale on today (valid_until <= today), in one
 * transaction: none stale costs one indexed lookup. 0 or -1. */
int wf_status_refresh_stale(db *d, arena *a, int64_t org, int32_t today,
                            const struct policy *pol);

/* Mark every row of org stale (its policy changed): the next read recomputes them. DB_OK or
 * DB_ERR. */
int wf_status_invalidate(db *d, int64_t org);

/* Recompute every row of org now (after bulk writes: the demo generator). 0 or -1. */
int wf_status_refresh_all(db *d, arena *a, int64_t org, int32_t today,
                          const struct policy *pol);

/* The dashboard's filter: status and level -1 for any, supervisor 0 for any, q NULL for any
 * (else a case-insensitive part of the name or username, ASCII letters folded). */
struct wf_status_filter {
    int status, level;
    int64_t supervisor;
    const char *q;
};

/* The dashboard's orders; every one then by name and id. */
enum wf_status_sort { WFS_NAME, WFS_STATUS, WFS_DEADLINE, WFS_LEVEL };

/* How many listed rows match f, by overall status (counts[enum wf_status]). 0 or -1. */
int wf_status_counts(db *d, arena *a, int64_t org, const struct wf_status_filter *f,
                     int64_t counts[4]);

/* Up to limit rows matching f in order sort into *rows (arena memory), *n of them: after
 * the row of user id after (0: from the first; a row no longer listed: from the first), then
 * skipping offset rows. days_left is counted from today. 0 or -1. */
int wf_status_page(db *d, arena *a, int64_t org, int32_t today, const struct wf_status_filter *f,
                   enum wf_status_sort sort, int64_t after, int64_t offset, int limit,
                   struct wf_row **rows, int *n);

/* A listed person whose certification is due soon: who, and the certification's note. */
struct wf_cert_soon {
    int64_t id;
    const char *name, *note; /* note in English */
    const char *note_code;   /* as stored: wf_note_text says it in a language */
};

/* Up to limit people of org (supervisor's supervisees when supervisor > 0) whose certification
 * is due soon (WF_DUE_SOON), by name, into *rows (arena memory). 0 or -1. */
int wf_status_cert_soon(db *d, arena *a, int64_t org, int64_t supervisor, int limit,
                        struct wf_cert_soon **rows, int *n);

/* A listed person's assignability as stored: may take recoverees (WF-1, WF-4, WF-5), and the
 * level they work at. */
struct wf_assignable {
    int64_t id;
    int may_assign;
    int level; /* enum wf_level, the effective one */
};

/* Every listed person of org by user id, ascending (refresh stale rows first). 0 or -1. */
int wf_status_assignable(db *d, arena *a, int64_t org, struct wf_assignable **rows, int *n);

/* What a home page shows of the workforce (administrators: everyone; supervisors: their
 * supervisees). */
struct wf_home {
    int64_t counts[4];        /* listed people by overall status (enum wf_status) */
    struct wf_cert_soon *soon; /* certifications due soon, by name */
    int nsoon;
    struct wf_row *bad; /* supervisor > 0: the non-compliant, by name */
    int nbad;
};

/* The home page's workforce reads for org (supervisor 0: everyone), up to limit people per
 * list, sent together (one round trip on PostgreSQL). Stale rows should be refreshed first
 * (wf_status_refresh_stale). 0 or -1. */
int wf_status_home(db *d, arena *a, int64_t org, int64_t supervisor, int32_t today, int limit,
                   struct wf_home *out);

#endif
