/* The store: one SQLite file shared by the yard's terminals.
 *
 * All database access goes through this module: open with the durable
 * settings, migrate, prepare/bind/step helpers with a statement cache, nested
 * transactions, and one translation of SQLite failures into clerk messages. */
#ifndef SY_DB_H
#define SY_DB_H
#include <sqlite3.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

typedef struct db db;

/* Where the database lives when neither --db nor SCRAPYARD_DB says:
 * $XDG_DATA_HOME/scrapyard/yard.db, else /var/lib/scrapyard/yard.db for
 * the service user whose home that folder is (the package's `scrapyard`),
 * else ~/.local/share/scrapyard/yard.db. Returns a malloc'd path. */
#define DB_SERVICE_HOME "/var/lib/scrapyard"
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
/* The same for a file whose audit entries carry the key of the database at
 * key_of (a restore checks its private copy with the live yard's key). */
db *db_open_keyed(const char *path, const char *key_of, int flags, sy_err *err);
/* The database whose audit key d's entries carry: d's own path unless opened keyed. */
const char *db_audit_key_of(const db *d);
void db_close(db *d);
/* A read-only, lock-free view of a file (a backup): immutable, so nothing
 * (no -shm, no journal) is written beside it, which also works on a
 * read-only stick; never through a symbolic link. SQLite's result code. */
int db_open_snapshot(const char *path, sqlite3 **out);
sqlite3 *db_handle(db *d);
const char *db_path(const db *d);

/* The page cache of this connection in KiB: a long transaction (an import)
 * keeps its pages in memory instead of spilling them to the log. */
void db_set_cache_kib(db *d, int kib);

/* Busy timeout in milliseconds (default 10 s; SCRAPYARD_BUSY_TIMEOUT_MS overrides). */
void db_set_busy_timeout(db *d, int ms);

/* The user who makes the changes of this session: written to the audit trail. */
void db_set_actor(db *d, const char *user);
const char *db_actor(const db *d);
/* The actor made by fn when it is first needed (finding the OS account
 * costs a look-up that a read-only command need not pay). */
typedef void (*db_actor_fn)(void *ctx, char *out, size_t size);
void db_set_actor_fn(db *d, db_actor_fn fn, void *ctx);
/* Whose preferences (devices of their own) the session uses: the user
 * logged in, or the name given without a PIN; the actor when none is set.
 * Never a proof of who it is: that is the actor's and the role's. */
void db_set_user_name(db *d, const char *name);
const char *db_user_name(const db *d);
/* The role of the user logged in this session (enum user_role of
 * db/user.h; 0 while nobody is): operations that need a role check it
 * themselves (user_may), whichever screen or command calls them. */
void db_set_role(db *d, int role);
int db_role(const db *d);
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
/* The same without the write check: a login's own writes (counting an
 * attempt) must not ask for a login. */
int db_begin_unchecked(db *d, sy_err *err);
int db_commit(db *d, sy_err *err);
/* A read transaction: every query until db_end_read sees one snapshot,
 * and in WAL mode no terminal waits for it. */
int db_begin_read(db *d, sy_err *err);
void db_end_read(db *d);
/* The queries of one search from one snapshot, when no transaction is open:
 * one read lock instead of one a query, and the page cache kept for the
 * whole search rather than dropped at each query that sees a commit made
 * meanwhile (a writer or scrapyard maintain beside). Returns whether it
 * began one, for db_snapshot_end. */
int db_snapshot_begin(db *d);
void db_snapshot_end(db *d, int began);
void db_rollback(db *d);
/* Ends what db_begin opened, by the status of the work done inside it:
 * commits when rc is SY_OK (and returns the commit's status), otherwise rolls
 * back and returns rc unchanged. The one tail of a write:
 *   if (db_begin(d, err) != SY_OK) return err->status;
 *   int rc = ...work...;
 *   return db_end(d, rc, err); */
int db_end(db *d, int rc, sy_err *err);
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
/* The same at the end of a walk over its rows, rc the last db_step: SY_OK
 * when the walk reached the last row or its callback stopped it, else the
 * step's error (err says it). */
int db_walk_end(db *d, sqlite3_stmt *st, int rc, sy_err *err);
/* The one row a query from db_query finds, read into out by fill: SY_OK,
 * SY_INVALID when there is none, else the step's error. st may be NULL (the
 * query failed: err says why); it goes back to the cache either way. */
typedef void (*db_row_fn)(db *d, sqlite3_stmt *st, void *out);
int db_get_row(db *d, sy_err *err, sqlite3_stmt *st, db_row_fn fill, void *out);

/* A row's column read by a statement's owner: the text, "" for NULL (never
 * NULL, so a caller can print or compare it), valid until the next step. */
const char *db_column_text(sqlite3_stmt *st, int col);
/* The text of a column copied into a fixed buffer of size bytes: cut to fit,
 * "" for NULL. */
void db_column_copy(char *dst, size_t size, sqlite3_stmt *st, int col);

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
 * The clock is db/clock.c: the system clock. Only a test build (compiled
 * with SY_TEST_CLOCK, never the program make or a package installs) lets
 * SCRAPYARD_NOW ("YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS") pin it. */
void db_now(char out[20]);
void db_today(char out[11]);

/* Next number of a per-site, per-year series (stock numbers, part numbers,
 * certificates): must be called inside a transaction, so the number is
 * gapless and unique with the record that uses it. */
int db_next_number(db *d, sy_err *err, const char *series, int year, int64_t *out);

/* Settings, a key/value table (site-wide). Every write is audited, in the
 * caller's transaction or its own; a secret setting by its SHA-256. */
char *db_setting(db *d, const char *key); /* malloc'd or NULL */
int db_set_setting(db *d, sy_err *err, const char *key, const char *value);
/* The same for a setting whose absence means a value (the trail then
 * shows the change from it). */
int db_set_setting_from(db *d, sy_err *err, const char *key, const char *value, const char *unset_means);
/* Remove a setting (its default applies again), audited. */
int db_unset_setting(db *d, sy_err *err, const char *key);
int db_setting_is_secret(const char *key);
/* The value the trail holds for a setting ("sha256:HEX" for a secret one), malloc'd. */
char *db_setting_audit_value(const char *key, const char *value);
/* 1 for the program's own bookkeeping (where synchronisation stands),
 * written on every run and never audited: an entry for each would be a
 * change to send again after every send. */
int db_setting_is_bookkeeping(const char *key);

/* A folder of the yard's own beside the database (the certificates kept
 * without --output): created when missing, and refused when it is a
 * symbolic link, not a folder, writable by every user, or owned by someone
 * other than this user, the database's owner or root (a folder planted
 * there would let another user read or swap what goes in). Returns the
 * malloc'd path, or NULL with err saying what to do (SY_ENV). */
char *db_yard_folder(db *d, const char *name, sy_err *err);

/* The database file or its -wal readable by every user on this computer
 * (o+r): 1 and path and mode name the first such, else 0. Owners' names and
 * ID numbers are in both. */
int db_exposed(const char *db_path, char *path, size_t size, unsigned *mode);

/* Working days between dates, honouring weekends and the holidays table
 * (which also lists the weekend days made working days). Result is a date. */
int db_add_working_days(db *d, sy_err *err, const char *date, int days, char out[11]);

#endif
