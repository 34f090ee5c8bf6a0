/* org_cache.c - the per-organization cache (org_cache.h). */
#include "org_cache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>

#include <string.h>

#include "accounts.h"
#include "home_store.h"
#include "queries.h"
#include "workforce_store.h"

/* Organizations hash into buckets of short chains; a state network has hundreds at most. */
enum { BUCKETS = 256 };

/* A list read at the entry's version: a malloc'd copy (rows, then their strings). */
struct list {
    void *rows;
    int n, ok;
};

struct entry {
    struct entry *next;
    uint64_t db;  /* db_ident(): organization ids are only unique within one database */
    int64_t org_id, version;
    struct policy pol;
    struct list sups;  /* wf_supervisors: the supervisors to choose or filter by */
    struct list roles; /* user_role_counts: the accounts by role */
};

static void list_drop(struct list *l)
{
    free(l->rows);
    *l = (struct list){0};
}

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
        if (version != e->version) {
            list_drop(&e->sups);
            list_drop(&e->roles);
        }
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
            list_drop(&e->sups);
            list_drop(&e->roles);
            free(e);
        }
    }
    pthread_rwlock_unlock(&lock);
}

/* The entry of (dbid, org) at version, or NULL. Caller holds the lock. */
static struct entry *find_at(uint64_t dbid, int64_t org_id, int64_t version)
{
    for (struct entry *e = buckets[bucket_of(dbid, org_id)]; e; e = e->next)
        if (e->org_id == org_id && e->db == dbid)
            return e->version == version ? e : NULL;
    return NULL;
}

/* Copies between a list of rows of sz bytes with nstr string fields at offs[] and one malloc'd
 * block (to_heap) or the arena (from_heap). */
static void *copy_rows(const void *rows, int n, size_t sz, const size_t *offs, int nstr,
                       arena *a)
{
    size_t total = sz * (size_t)n;
    for (int i = 0; i < n; i++)
        for (int k = 0; k < nstr; k++) {
            const char *str = *(const char *const *)((const char *)rows + sz * (size_t)i + offs[k]);
            total += str ? strlen(str) + 1 : 0;
        }
    char *block = a ? arena_alloc(a, total ? total : 1) : malloc(total ? total : 1);
    if (!block)
        return NULL;
    if (n)
        memcpy(block, rows, sz * (size_t)n);
    char *strs = block + sz * (size_t)n;
    for (int i = 0; i < n; i++)
        for (int k = 0; k < nstr; k++) {
            const char **field = (const char **)(block + sz * (size_t)i + offs[k]);
            if (*field) {
                size_t len = strlen(*field) + 1;
                memcpy(strs, *field, len);
                *field = strs;
                strs += len;
            }
        }
    return block;
}

typedef int (*read_fn)(db *d, arena *a, int64_t org_id, void **rows, int *n);

/* The list at offset `which` of the entry of org at version, from the cache or by read. */
static int cached_list(db *d, arena *a, int64_t org_id, int64_t version, size_t which, size_t sz,
                       const size_t *offs, int nstr, read_fn read, void **rows, int *n)
{
    uint64_t dbid = db_ident(d);
    int found = 0;
    pthread_rwlock_rdlock(&lock);
    struct entry *e = version > 0 ? find_at(dbid, org_id, version) : NULL;
    struct list *l = e ? (struct list *)((char *)e + which) : NULL;
    if (l && l->ok) {
        *rows = copy_rows(l->rows, l->n, sz, offs, nstr, a);
        *n = l->n;
        found = 1;
    }
    pthread_rwlock_unlock(&lock);
    if (found) {
        atomic_fetch_add(&hits, 1);
        return 0;
    }
    atomic_fetch_add(&misses, 1);
    if (read(d, a, org_id, rows, n) != 0)
        return -1;
    if (version <= 0)
        return 0;
    void *copy = copy_rows(*rows, *n, sz, offs, nstr, NULL);
    pthread_rwlock_wrlock(&lock);
    e = find_at(dbid, org_id, version); /* kept only while the version is the entry's */
    l = e ? (struct list *)((char *)e + which) : NULL;
    if (l && copy) {
        free(l->rows);
        *l = (struct list){.rows = copy, .n = *n, .ok = 1};
        copy = NULL;
    }
    pthread_rwlock_unlock(&lock);
    free(copy);
    return 0;
}

static int read_sups(db *d, arena *a, int64_t org_id, void **rows, int *n)
{
    return wf_supervisors(d, a, org_id, (struct wf_named **)rows, n);
}

static int read_roles(db *d, arena *a, int64_t org_id, void **rows, int *n)
{
    return user_role_counts(d, a, org_id, (struct role_count **)rows, n);
}

int org_supervisors(db *d, arena *a, int64_t org_id, int64_t version, struct wf_named **rows,
                    int *n)
{
    static const size_t offs[] = {offsetof(struct wf_named, name)};
    return cached_list(d, a, org_id, version, offsetof(struct entry, sups), sizeof **rows, offs,
                       1, read_sups, (void **)rows, n);
}

int org_role_counts(db *d, arena *a, int64_t org_id, int64_t version, struct role_count **rows,
                    int *n)
{
    static const size_t offs[] = {offsetof(struct role_count, role)};
    return cached_list(d, a, org_id, version, offsetof(struct entry, roles), sizeof **rows, offs,
                       1, read_roles, (void **)rows, n);
}
