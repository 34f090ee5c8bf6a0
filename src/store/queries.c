/* queries.c - the text and name tables behind queries.h. */
#include "queries.h"

const char *const q_sql[Q__COUNT] = {
#define Q(name, sql) [Q_##name] = sql,
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
};

const char *const q_name[Q__COUNT] = {
#define Q(name, sql) [Q_##name] = #name,
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
};
