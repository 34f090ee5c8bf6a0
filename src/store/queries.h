/* queries.h - every SQL statement peerdesk runs, one enum over per-module tables.
 *
 * Each module keeps its statements in a q_MODULE.def file next to it in this
 * folder, as Q(NAME, "SQL") lines with a comment above each. Placeholders are
 * '?' (bound in order); the PostgreSQL backend rewrites them to $1..$n. The SQL
 * must be valid on both SQLite and PostgreSQL. */
#ifndef PD_QUERIES_H
#define PD_QUERIES_H

enum q_id {
#define Q(name, sql) Q_##name,
#include "q_orgs.def"
#include "q_users.def"
#include "q_sessions.def"
#include "q_audit.def"
#include "q_policy.def"
#include "q_workforce.def"
#include "q_recoverees.def"
#include "q_import.def"
#include "q_services.def"
#include "q_referrals.def"
#include "q_billing.def"
#include "q_checkups.def"
#include "q_notify.def"
#include "q_groups.def"
#include "q_monitor.def"
#undef Q
    Q__COUNT
};

/* The SQL text and the name of each query, indexed by enum q_id. */
extern const char *const q_sql[Q__COUNT];
extern const char *const q_name[Q__COUNT];

#endif
