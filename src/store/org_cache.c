/* org_cache.c - the per-organization cache (org_cache.h). */
#include "org_cache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "accounts.h"
#include "queries.h"

/* Organizations hash into buckets of short chains; a state network has hundreds at most. */
enum { BUCKETS = 256 };

struct entry {
    struct entry *next;
    uint64_t db;  /* db_ident(): organization ids are only unique within one database */
    int64_t org_id, version;
    struct policy pol;
};

static struct entry *buckets[BUCKETS];
static pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
static atomic_uint_fast64_t hits, misses;

static unsigned bucket_of(uint64_t dbid, int64_t org_id)
{
    return (unsigned)(((uint64_t)org_id ^ dbid) * 11400714819323198485u >> 56) % BUCKETS;
}

static int state_version(db *d, int64_t org_id, int64_t *v)
{
    db_stmt *s = db_prep(d, Q_ORG_STATE_VERSION);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    int rc = db_step(s);
    *v = rc == DB_ROW ? db_col_int(s, 0) : 0;
    if (rc == DB_ROW)
        rc = db_exec(s);
    return rc == DB_OK ? 0 : -1;
}

int org_policy(db *d, int64_t org_id, int64_t version, struct policy *p)
{
    if (version <= 0 && state_version(d, org_id, &version) != 0)
        return -1;
    uint64_t dbid = db_ident(d);
    unsigned b = bucket_of(dbid, org_id);
    int found = 0;
    pthread_rwlock_rdlock(&lock);
    for (struct entry *e = buckets[b]; e; e = e->next)
        if (e->org_id == org_id && e->db == dbid && e->version == version) {
            *p = e->pol;
            found = 1;
            break;
        }
    pthread_rwlock_unlock(&lock);
    if (found) {
        atomic_fetch_add(&hits, 1);
        return 0;
    }
    atomic_fetch_add(&misses, 1);
    /* Read after the version was: the values are at least as new as their label. */
    if (policy_load(d, org_id, p) != 0)
        return -1;
    pthread_rwlock_wrlock(&lock);
    struct entry *e = buckets[b];
    while (e && (e->org_id != org_id || e->db != dbid))
        e = e->next;
    if (!e && (e = calloc(1, sizeof *e))) {
        e->db = dbid;
        e->org_id = org_id;
        e->next = buckets[b];
        buckets[b] = e;
    }
    /* Versions only grow: an older reader finishing late does not replace a newer entry. */
    if (e && version >= e->version) {
        e->version = version;
        e->pol = *p;
    }
    pthread_rwlock_unlock(&lock);
    return 0;
}

int org_state_bump(db *d, int64_t org_id)
{
    db_stmt *s = db_prep(d, Q_ORG_STATE_BUMP);
    if (!s)
        return -1;
    db_bind_int(s, 1, org_id);
    return db_exec(s) == DB_OK ? 0 : -1;
}

void org_cache_stats(uint64_t *h, uint64_t *m)
{
    *h = atomic_load(&hits);
    *m = atomic_load(&misses);
}

void org_cache_clear(void)
{
    pthread_rwlock_wrlock(&lock);
    for (unsigned b = 0; b < BUCKETS; b++) {
        while (buckets[b]) {
            struct entry *e = buckets[b];
            buckets[b] = e->next;
            free(e);
        }
    }
    pthread_rwlock_unlock(&lock);
}
