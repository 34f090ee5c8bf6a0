/* audit_store.c - typed reads of the audit trail (audit_store.h). */
#include "audit_store.h"

#include "accounts.h"
#include "queries.h"

db_stmt *audit_page_stmt(db *d, arena *a, int64_t org_id, const struct audit_filter *f,
                         int64_t limit, int64_t offset)
{
    db_stmt *s = db_prep(d, Q_AUDIT_PAGE);
    if (!s)
        return NULL;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, f->since);
    db_bind_int(s, 3, f->until);
    db_bind_text(s, 4, f->user);
    db_bind_text(s, 5, f->user);
    const char *action = like_prefix(a, f->action, 0);
    db_bind_text(s, 6, action);
    db_bind_text(s, 7, action);
    db_bind_text(s, 8, f->type);
    db_bind_text(s, 9, f->type);
    db_bind_text(s, 10, f->id);
    db_bind_text(s, 11, f->id);
    db_bind_text(s, 12, f->purpose);
    db_bind_text(s, 13, f->purpose);
    db_bind_int(s, 14, limit);
    db_bind_int(s, 15, offset);
    return s;
}
