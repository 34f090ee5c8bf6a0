/* audit_store.h - typed reads of the audit trail for the audit pages (the writes and the
 * hash chain are in src/audit/audit.c). */
#ifndef PD_AUDIT_STORE_H
#define PD_AUDIT_STORE_H

#include <stdint.h>

#include "arena.h"
#include "db.h"

/* What the audit page filters on: events at since <= at < until; NULL strings match any. */
struct audit_filter {
    int64_t since, until;
    const char *user;    /* the username exactly */
    const char *action;  /* a prefix of the action, taken literally */
    const char *type;    /* record_type exactly */
    const char *id;      /* record_id exactly */
    const char *purpose; /* purpose of use exactly */
};

/* The organization's events matching f, newest first (AUDIT_COLS of q_audit.def), limit rows
 * from offset: the statement prepared and bound, for the caller to step through and end with
 * db_exec. NULL on a database error. */
db_stmt *audit_page_stmt(db *d, arena *a, int64_t org_id, const struct audit_filter *f,
                         int64_t limit, int64_t offset);

#endif
