/* migrate.h - versioned schema migrations, one folder of numbered .sql files per backend. */
#ifndef PD_MIGRATE_H
#define PD_MIGRATE_H

#include <stddef.h>

#include "db.h"

/* Apply every migration newer than the database's version, each in its own
 * transaction. Returns 0, or -1 with a message in err. */
int db_migrate(db *d, char *err, size_t errlen);

/* The schema version of the database (0 when empty), or -1 on error. */
int db_schema_version(db *d);

/* The newest version this binary knows for the backend. */
int db_latest_version(enum db_kind kind);

#endif
