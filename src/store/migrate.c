/* migrate.c - apply the embedded migrations (src/store/migrations/{sqlite,pg}/NNN_name.sql) in order. */
#include "migrate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "embed.h"

static const char *prefix(enum db_kind kind)
{
    return kind == DB_PG ? "pg/" : "sqlite/";
}

/* The version number of an embedded migration of this backend, or 0 if it is another backend's. */
static int version_of(const struct embedded *e, enum db_kind kind)
{
    const char *p = prefix(kind);
    size_t pl = strlen(p);
    if (strncmp(e->name, p, pl) != 0)
        return 0;
    return atoi(e->name + pl);
}

int db_latest_version(enum db_kind kind)
{
    int v = 0;
    for (const struct embedded *e = embedded_migrations; e->name; e++) {
        int n = version_of(e, kind);
        if (n > v)
            v = n;
    }
    return v;
}

int db_schema_version(db *d)
{
    if (db_exec_script(d, "CREATE TABLE IF NOT EXISTS schema_migrations ("
                          "version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)") != DB_OK)
        return -1;
    db_stmt *s = db_prep(d, Q_SCHEMA_VERSION);
    if (!s || db_step(s) != DB_ROW)
        return -1;
    return (int)db_col_int(s, 0);
}

/* A SQLite migration that rebuilds a table others refer to (SQLite cannot alter a CHECK) says so
 * on a line of its own; it runs with foreign keys off, the procedure of SQLite's "ALTER TABLE"
 * page: the pragma has no effect inside a transaction, so it is set before BEGIN. The migration
 * itself checks that every foreign key still holds (pragma_foreign_key_check) before it ends. */
static int wants_fk_off(const struct embedded *e, enum db_kind kind)
{
    return kind == DB_SQLITE && strstr((const char *)e->data, "\n-- migrate: foreign_keys=off\n");
}

static int apply(db *d, const struct embedded *e, int version, char *err, size_t errlen)
{
    int fk_off = wants_fk_off(e, db_kind(d));
    if (fk_off && db_exec_script(d, "PRAGMA foreign_keys=OFF") != DB_OK)
        goto err;
    if (db_begin(d) != DB_OK)
        goto err_fk;
    if (db_exec_script(d, (const char *)e->data) != DB_OK)
        goto err_rollback;
    db_stmt *s = db_prep(d, Q_SCHEMA_MARK);
    if (!s)
        goto err_rollback;
    db_bind_int(s, 1, version);
    db_bind_int(s, 2, (int64_t)time(NULL));
    if (db_exec(s) != DB_OK)
        goto err_rollback;
    if (db_commit(d) != DB_OK)
        goto err_fk;
    if (fk_off && db_exec_script(d, "PRAGMA foreign_keys=ON") != DB_OK)
        goto err;
    return 0;
err_rollback:
    snprintf(err, errlen, "migration %s: %s", e->name, db_errmsg(d));
    db_rollback(d);
    goto err_fk_quiet;
err_fk:
    snprintf(err, errlen, "migration %s: %s", e->name, db_errmsg(d));
err_fk_quiet:
    if (fk_off)
        db_exec_script(d, "PRAGMA foreign_keys=ON");
    return -1;
err:
    snprintf(err, errlen, "migration %s: %s", e->name, db_errmsg(d));
    return -1;
}

int db_migrate(db *d, char *err, size_t errlen)
{
    int have = db_schema_version(d);
    if (have < 0) {
        snprintf(err, errlen, "cannot read schema version: %s", db_errmsg(d));
        return -1;
    }
    int latest = db_latest_version(db_kind(d));
    if (have > latest) {
        snprintf(err, errlen, "database schema %d is newer than this peerdesk (%d)", have, latest);
        return -1;
    }
    for (int v = have + 1; v <= latest; v++) {
        const struct embedded *found = NULL;
        for (const struct embedded *e = embedded_migrations; e->name; e++)
            if (version_of(e, db_kind(d)) == v)
                found = e;
        if (!found) {
            snprintf(err, errlen, "migration %d is missing for this backend", v);
            return -1;
        }
        if (apply(d, found, v, err, errlen) != 0)
            return -1;
    }
    return 0;
}
