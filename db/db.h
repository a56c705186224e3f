/* The store: one SQLite file shared by the yard's terminals.
 *
 * All database access goes through this module: open with the durable
 * settings, migrate, prepare/bind/step helpers with a statement cache, nested
 * transactions, and one translation of SQLite failures into clerk messages. */
#ifndef SY_DB_H
#define SY_DB_H
#include <sqlite3.h>
#include <stdarg.h>
#include <stdint.h>

#include "base/err.h"

typedef struct db db;

/* Where the database lives when neither --db nor SCRAPYARD_DB says:
 * $XDG_DATA_HOME/scrapyard/yard.db, else ~/.local/share/scrapyard/yard.db.
 * Returns a malloc'd path. */
char *db_default_path(void);

enum db_open_flags {
	DB_OPEN_CREATE = 1, /* create the file (and its folder) when missing */
	DB_OPEN_READONLY = 2,
};

/* Open, set WAL / synchronous=FULL / foreign keys / busy timeout and migrate.
 * On failure returns NULL and err says what to do (status SY_ENV). A
 * database on a network or FUSE file system is refused (see
 * db_remote_fs_name): it stays on one host, which the counters reach over ssh. */
/* The file system a statfs(2) f_type names when the database must not live
 * on it ("NFS", "SMB/CIFS", "FUSE (sshfs, ...)"), NULL for a local one. */
const char *db_remote_fs_name(unsigned long magic);
db *db_open(const char *path, int flags, sy_err *err);
void db_close(db *d);
sqlite3 *db_handle(db *d);
const char *db_path(const db *d);

/* Busy timeout in milliseconds (default 10 s; SCRAPYARD_BUSY_TIMEOUT_MS overrides). */
void db_set_busy_timeout(db *d, int ms);

/* The user who makes the changes of this session: written to the audit trail. */
void db_set_actor(db *d, const char *user);
const char *db_actor(const db *d);
/* The counter (a clerk's place) the session works at: the devices it uses
 * follow it (db/devices.h). "" when none is known. */
void db_set_counter(db *d, const char *counter);
const char *db_counter(const db *d);

/* A check run before the outermost transaction begins and before a setting
 * is written: the command line asks for a login there when the yard requires
 * one. It is not run again while it runs (its own writes pass). */
typedef int (*db_write_check_fn)(void *ctx, db *d, sy_err *err);
void db_set_write_check(db *d, db_write_check_fn check, void *ctx);

/* Schema version this program knows, and the version of an open database. */
int db_schema_version(void);
int db_user_version(db *d);

/* ---- Transactions: nested; the outermost is BEGIN IMMEDIATE so that two
 * terminals queue on the busy timeout instead of failing on upgrade. */
#define db_begin(d, err) db_begin_at((d), (err), __FILE__, __LINE__)
int db_begin_at(db *d, sy_err *err, const char *file, int line);
int db_commit(db *d, sy_err *err);
void db_rollback(db *d);
int db_in_transaction(const db *d);

/* ---- Statements. Prepared statements are cached per SQL text.
 * Bind arguments follow a format string, one letter an argument:
 *   i int, I int64_t, d double, D double or NULL when not positive (a mass not known),
 *   t text (NULL binds NULL), n NULL (no argument),
 *   s text like t, not copied: it must stay unchanged until the statement is reset,
 *   b blob (const void *, int length)
 * Example: db_exec(d, err, "INSERT INTO t(a,b) VALUES(?,?)", "ti", name, 3); */
sqlite3_stmt *db_prepare(db *d, sy_err *err, const char *sql);
int db_bindv(db *d, sy_err *err, sqlite3_stmt *st, const char *fmt, va_list ap);
int db_bind(db *d, sy_err *err, sqlite3_stmt *st, const char *fmt, ...);

/* Run a statement to completion; returns SY_OK or an error. */
int db_exec(db *d, sy_err *err, const char *sql, const char *fmt, ...);
/* Prepare and bind a query; step it with db_step; NULL on error. */
sqlite3_stmt *db_query(db *d, sy_err *err, const char *sql, const char *fmt, ...);
/* SQLITE_ROW, SQLITE_DONE, or -1 on error (err filled, statement reset). */
int db_step(db *d, sy_err *err, sqlite3_stmt *st);
/* Return a statement from db_query to the cache. */
void db_done(db *d, sqlite3_stmt *st);

/* Single-value queries; return SY_OK and the value, or an error.
 * A query that finds no row returns SY_INVALID with *found = 0 when found is given. */
int db_int64(db *d, sy_err *err, int64_t *out, const char *sql, const char *fmt, ...);
/* The text of column 0 of the first row, malloc'd, or NULL (no row / NULL). */
char *db_text(db *d, sy_err *err, const char *sql, const char *fmt, ...);

int64_t db_last_id(db *d);
int db_changes(db *d);

/* Turn the last SQLite failure into a clerk message; returns err->status. */
int db_fail(db *d, sy_err *err, int rc, const char *doing);

/* Current time as ISO 8601 local time "YYYY-MM-DD HH:MM:SS", and today's date.
 * SCRAPYARD_NOW ("YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS") pins the clock for tests. */
void db_now(char out[20]);
void db_today(char out[11]);

/* Next number of a per-site, per-year series (stock numbers, part numbers,
 * certificates): must be called inside a transaction, so the number is
 * gapless and unique with the record that uses it. */
int db_next_number(db *d, sy_err *err, const char *series, int year, int64_t *out);

/* Settings, a key/value table (site-wide). */
char *db_setting(db *d, const char *key); /* malloc'd or NULL */
int db_set_setting(db *d, sy_err *err, const char *key, const char *value);

/* Working days between dates, honouring weekends and the holidays table
 * (which also lists the weekend days made working days). Result is a date. */
int db_add_working_days(db *d, sy_err *err, const char *date, int days, char out[11]);

#endif
