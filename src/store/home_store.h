/* home_store.h - typed reads for the home page cards: security counts, staff by role, the
 * user's own sign-ins, break-glass grants awaiting review and locked accounts. Every read is
 * scoped to one organization. Strings are copied into the caller's arena. */
#ifndef PD_HOME_STORE_H
#define PD_HOME_STORE_H

#include <stdint.h>

#include "arena.h"
#include "db.h"

/* Events of exactly action in the organization at or after since: 0 with *n, or -1. */
int audit_count_since(db *d, int64_t org_id, const char *action, int64_t since, int64_t *n);

/* The home page's security card: events at or after a time, by action. */
struct security_counts {
    int64_t failed_logins;     /* login.failure */
    int64_t lockouts;          /* account.lockout */
    int64_t denied;            /* permission.denied */
    int64_t exports;           /* audit.export */
};
/* All four counts in one statement: 0 with *out, or -1. */
int audit_security_counts(db *d, int64_t org_id, int64_t since, struct security_counts *out);

/* Staff of one role: how many accounts, and how many of them are disabled. */
struct role_count {
    const char *role; /* the stored role name */
    int64_t count, disabled;
};
/* The organization's accounts by role, in role-name order. *out is arena memory. 0 or -1. */
int user_role_counts(db *d, arena *a, int64_t org_id, struct role_count **out, int *n);

/* One sign-in attempt from the audit trail. */
struct login_row {
    int64_t at;
    const char *client, *action; /* login.success, login.failure or login.locked */
};
/* The user's own latest limit (at most 50) sign-in events, newest first. *out is arena
 * memory. 0 or -1. */
int audit_my_logins(db *d, arena *a, int64_t org_id, int64_t user_id, int64_t limit,
                    struct login_row **out, int *n);

/* Break-glass grants in the organization awaiting review by someone other than the one who
 * took them (user_id may review them): 0 with *n, or -1. */
int bg_unreviewed_count(db *d, int64_t org_id, int64_t user_id, int64_t *n);

/* An account locked by failed sign-ins. */
struct locked_row {
    int64_t id;
    const char *name, *username;
};
/* Accounts with failures or more failed sign-ins at or after since (locked now, auth.c),
 * by display name, at most limit (at most 200). *out is arena memory. 0 or -1. */
int user_locked_list(db *d, arena *a, int64_t org_id, int64_t since, int64_t failures,
                     int64_t limit, struct locked_row **out, int *n);

/* The home page's independent reads of the audit trail and accounts, sent together (one
 * round trip on PostgreSQL, db_pipeline): the break-glass grants awaiting the user's review,
 * the locked accounts, the security counts (each only when wanted) and the user's own last
 * sign-ins (always). Each part is what its own function above returns; a part that failed
 * is left empty and the result is -1. Arena memory. */
struct home_reads_in {
    int64_t org_id, user_id;
    int want_bg, want_locked, want_security;
    int64_t locked_since, locked_failures, locked_limit; /* as user_locked_list */
    int64_t security_since;                              /* as audit_security_counts */
    int64_t logins;                                      /* as audit_my_logins' limit */
};
struct home_reads {
    int64_t bg_unreviewed;
    struct locked_row *locked;
    int nlocked;
    struct security_counts security;
    struct login_row *logins;
    int nlogins;
};
int home_reads(db *d, arena *a, const struct home_reads_in *in, struct home_reads *out);

#endif
