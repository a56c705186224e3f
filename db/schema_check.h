/* Is this file's schema the one the program made? Anyone who may write the
 * database file could add a trigger that rewrites every new record, a view,
 * or a column, with the sqlite3 shell, or bring them in with a backup. The
 * program refuses such a file at open and at restore.
 *
 * The expectation comes from db/schema.c's steps themselves: at build time
 * build-aux/schema_fingerprint applies them to an empty database and writes
 * the fingerprint (SHA-256 of every table, index, trigger and view, by
 * type, name, table and SQL text) into a generated header, so checking a
 * database at open is one query of sqlite_master and a hash. Only when that
 * differs are the steps applied again in memory, to name what differs (and
 * to accept a file whose only difference is how another SQLite version
 * wrote the same schema). FTS5's shadow tables are SQLite's own. */
#ifndef SY_SCHEMA_CHECK_H
#define SY_SCHEMA_CHECK_H
#include <sqlite3.h>
#include <stddef.h>

#include "base/err.h"

/* The fingerprint of h's schema (BLAKE2b of every object's type, name,
 * table and SQL text, in order), hex into out. SQLITE_OK or SQLite's error. */
int schema_fingerprint(sqlite3 *h, char out[65]);
/* Every object of h's schema but SQLite's own, ordered by type and name. */
typedef void (*schema_object_cb)(void *ctx, const char *type, const char *name, const char *table, const char *sql);
int schema_each_object(sqlite3 *h, schema_object_cb cb, void *ctx);

/* SY_OK when h holds exactly the objects the first `version` schema steps
 * make; else SY_ENV, err naming the first difference (path in the message). */
int schema_check(sqlite3 *h, int version, const char *path, sy_err *err);
/* The same as 0 (no difference), 1 with the first difference in what, or -1
 * when the schema cannot be read. */
int schema_difference(sqlite3 *h, int version, char *what, size_t size);

#endif
