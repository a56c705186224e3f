/* The head office's schema on PostgreSQL (docs/sync.md): numbered steps
 * like the local schema, applied in one transaction by `server init` and
 * `server migrate`; the yards' mirror tables are derived from this
 * program's own SQLite schema, so a column added to an owned table reaches
 * the head office by `server migrate`. */
#ifndef SY_SYNC_SERVER_H
#define SY_SYNC_SERVER_H
#include "db/pg.h"

/* The central schema version this program writes. */
int server_schema_version(void);

/* Create the schema in an empty database (SY_INVALID when it is there). */
int server_init(const char *url, int *version, sy_err *err);
/* Apply the missing steps; *from and *to say what was done. */
int server_migrate(const char *url, int *from, int *to, sy_err *err);
/* Register a yard: its licence number (the local site's), its name and the
 * PostgreSQL login it synchronises with (created when missing; its password
 * is set by the administrator, e.g. psql \password). */
int server_add_yard(const char *url, const char *licence, const char *name, const char *role, int *yard_id,
		    sy_err *err);

/* The version of the schema at the server the connection reaches (0: none). */
int server_version_of(pg *p, int *version, sy_err *err);

#endif
