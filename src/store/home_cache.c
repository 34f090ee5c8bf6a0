/* home_cache.c - the home pages' counted pieces (home_cache.h). */
#include "home_cache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "jmem.h"
#include "queries.h"
#include "store_rows.h"

enum { BUCKETS = 1024, NAME_MAX_LEN = 63 };

struct piece {
    struct piece *next;
    uint64_t db; /* db_ident(): organization ids are only unique within one database */
    int64_t org_id, data_version, state_version, tick;
    char name[NAME_MAX_LEN + 1];
    char *json; /* the piece, compact JSON text */
};

static struct piece *buckets[BUCKETS];
static unsigned count;
static pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
static atomic_uint_fast64_t hits, misses;

static int cacheable(const struct memo_key *k)
{
    return k->data_version > 0 && k->name && strlen(k->name) <= NAME_MAX_LEN;
}

static unsigned bucket_of(uint64_t dbid, const struct memo_key *k)
{
    uint64_t h = 1469598103934665603u ^ dbid ^ (uint64_t)k->org_id * 11400714819323198485u;
    for (const char *c = k->name; *c; c++)
        h = (h ^ (unsigned char)*c) * 1099511628211u;
    return (unsigned)(h >> 32) % BUCKETS;
}

/* The piece of (dbid, org, name), whatever its label, or NULL. Caller holds the lock. */
static struct piece *find(unsigned b, uint64_t dbid, const struct memo_key *k)
{
    for (struct piece *p = buckets[b]; p; p = p->next)
        if (p->org_id == k->org_id && p->db == dbid && strcmp(p->name, k->name) == 0)
            return p;
    return NULL;
}

static int same_label(const struct piece *p, const struct memo_key *k)
{
    return p->data_version == k->data_version && p->state_version == k->state_version &&
           p->tick == k->tick;
}

json_t *memo_get(db *d, const struct memo_key *k)
{
    if (!cacheable(k))
        return NULL;
    uint64_t dbid = db_ident(d);
    unsigned b = bucket_of(dbid, k);
    json_t *v = NULL;
    pthread_rwlock_rdlock(&lock);
    struct piece *p = find(b, dbid, k);
    if (p && same_label(p, k))
        v = json_loads(p->json, JSON_DISABLE_EOF_CHECK, NULL);
    pthread_rwlock_unlock(&lock);
    atomic_fetch_add(v ? &hits : &misses, 1);
    return v;
}

static void drop_all(void)
{
    for (unsigned b = 0; b < BUCKETS; b++)
        while (buckets[b]) {
            struct piece *p = buckets[b];
            buckets[b] = p->next;
            free(p->json);
            free(p);
        }
    count = 0;
}

void memo_put(db *d, const struct memo_key *k, const json_t *v)
{
    if (!cacheable(k) || !v)
        return;
    /* The text outlives the request: a heap copy (json_dumps' own may be request memory). */
    char *dumped = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    char *text = dumped ? strdup(dumped) : NULL;
    jmem_free_text(dumped);
    if (!text)
        return;
    uint64_t dbid = db_ident(d);
    unsigned b = bucket_of(dbid, k);
    pthread_rwlock_wrlock(&lock);
    struct piece *p = find(b, dbid, k);
    if (!p) {
        if (count >= MEMO_MAX)
            drop_all();
        if ((p = calloc(1, sizeof *p))) {
            p->db = dbid;
            p->org_id = k->org_id;
            memcpy(p->name, k->name, strlen(k->name) + 1);
            p->next = buckets[b];
            buckets[b] = p;
            count++;
        }
    } else if (p->data_version > k->data_version || p->state_version > k->state_version) {
        /* Versions only grow: a reader that started earlier and finished late does not
         * replace a piece computed from newer data. */
        pthread_rwlock_unlock(&lock);
        free(text);
        return;
    }
    if (p) {
        free(p->json);
        p->json = text;
        text = NULL;
        p->data_version = k->data_version;
        p->state_version = k->state_version;
        p->tick = k->tick;
    }
    pthread_rwlock_unlock(&lock);
    free(text);
}

int org_data_version(db *d, int64_t org_id, int64_t *v)
{
    db_stmt *s = db_prep(d, Q_ORG_DATA_VERSION);
    if (s)
        db_bind_int(s, 1, org_id);
    *v = 0;
    return row_int(s, v);
}

void memo_stats(uint64_t *h, uint64_t *m)
{
    *h = atomic_load(&hits);
    *m = atomic_load(&misses);
}

void memo_clear(void)
{
    pthread_rwlock_wrlock(&lock);
    drop_all();
    pthread_rwlock_unlock(&lock);
}
