#include "db/db.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <sodium.h>

#include "base/i18n.h"
#include "base/perm.h"
#include "db/audit.h"
#include "db/input.h"
#include "db/schema.h"
#include "db/schema_check.h"
#include "db/sync_tables.h"
#include "base/util.h"

#define STMT_BUCKETS 128
#define DEFAULT_BUSY_MS 10000

struct cached_stmt {
	char *sql;
	sqlite3_stmt *st;
	struct cached_stmt *next;
};

struct db {
	sqlite3 *h;
	char *path;
	char *key_of; /* the database whose audit key this one's entries carry (a restore's private copy: the live one) */
	char *actor;
	db_actor_fn actor_fn; /* makes the actor when it is first needed */
	void *actor_ctx;
	char *user_name; /* whose preferences apply: the user logged in, or the name given (a claim) */
	int role;
	char *counter;          /* where the session works: whose devices it uses */
	int busy_ms;
	double busy_since_ms;   /* when the current wait for a lock began */
	int depth;              /* transaction nesting */
	const char *begin_file; /* where the outermost transaction began */
	int begin_line;
	db_write_check_fn write_check;
	void *write_check_ctx;
	int in_write_check;
	int migrated;              /* the schema is current: the sync settings can be read */
	sqlite3_session *capture;  /* while the yard synchronises: this transaction's changes */
	struct cached_stmt *cache[STMT_BUCKETS];
};

char *db_default_path(void)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	if (xdg && *xdg == '/')
		return xasprintf("%s/scrapyard/yard.db", xdg);
	const char *home = getenv("HOME");
	/* The yard's service user (the timers' `scrapyard`, whose home is the
	 * yard's folder): the yard's database, not one under a hidden folder. */
	if (home && strcmp(home, DB_SERVICE_HOME) == 0)
		return xasprintf("%s/yard.db", DB_SERVICE_HOME);
	return xasprintf("%s/.local/share/scrapyard/yard.db", home && *home ? home : ".");
}

sqlite3 *db_handle(db *d) { return d->h; }
const char *db_path(const db *d) { return d->path; }
const char *db_audit_key_of(const db *d) { return d->key_of ? d->key_of : d->path; }
const char *db_actor(const db *d)
{
	if (!d->actor && d->actor_fn) { /* the first write asks: a read never pays for it */
		char name[256];
		d->actor_fn(d->actor_ctx, name, sizeof name);
		((db *)d)->actor = xstrdup(name);
	}
	return d->actor ? d->actor : "system";
}

void db_set_actor_fn(db *d, db_actor_fn fn, void *ctx)
{
	FREE(&d->actor);
	d->actor_fn = fn;
	d->actor_ctx = ctx;
}
int64_t db_last_id(db *d) { return sqlite3_last_insert_rowid(d->h); }
int db_changes(db *d) { return sqlite3_changes(d->h); }
int db_in_transaction(const db *d) { return d->depth > 0; }

void db_set_user_name(db *d, const char *name)
{
	FREE(&d->user_name);
	d->user_name = name && *name ? xstrdup(name) : NULL;
}

const char *db_user_name(const db *d) { return d->user_name ? d->user_name : db_actor(d); }

void db_set_actor(db *d, const char *user)
{
	FREE(&d->actor);
	d->actor_fn = NULL;
	d->actor = user ? xstrdup(user) : NULL;
}

void db_set_role(db *d, int role) { d->role = role; }
int db_role(const db *d) { return d->role; }
void db_set_counter(db *d, const char *counter)
{
	FREE(&d->counter);
	d->counter = counter && *counter ? xstrdup(counter) : NULL;
}

const char *db_counter(const db *d) { return d->counter ? d->counter : ""; }

void db_set_write_check(db *d, db_write_check_fn check, void *ctx)
{
	d->write_check = check;
	d->write_check_ctx = ctx;
}

static int write_allowed(db *d, sy_err *err)
{
	if (!d->write_check || d->in_write_check)
		return SY_OK;
	d->in_write_check = 1;
	int rc = d->write_check(d->write_check_ctx, d, err);
	d->in_write_check = 0;
	return rc;
}

void db_set_cache_kib(db *d, int kib)
{
	char sql[48];
	snprintf(sql, sizeof sql, "PRAGMA cache_size = -%d", kib);
	db_exec(d, NULL, sql, NULL);
}

/* Waiting for another terminal's lock. SQLite's own busy timeout sleeps
 * ever longer between tries (up to 100 ms), so a check-in waiting behind a
 * series of short transactions (scrapyard maintain's merge steps, a long
 * import's batches) keeps missing the gaps between them, and waited for the
 * whole series. A try every millisecond takes the first gap. */
static double monotonic_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int busy_wait(void *ctx, int tries)
{
	db *d = ctx;
	double now = monotonic_ms();
	if (tries == 0)
		d->busy_since_ms = now;
	if (now - d->busy_since_ms >= d->busy_ms)
		return 0;
	sqlite3_sleep(1);
	return 1;
}

void db_set_busy_timeout(db *d, int ms)
{
	d->busy_ms = ms;
	if (ms > 0)
		sqlite3_busy_handler(d->h, busy_wait, d);
	else
		sqlite3_busy_timeout(d->h, 0);
}

/* One place that turns SQLite's codes into what a clerk can act on. */
int db_fail(db *d, sy_err *err, int rc, const char *doing)
{
	const char *path = d ? d->path : "";
	const char *detail = d && d->h ? sqlite3_errmsg(d->h) : sqlite3_errstr(rc);
	/* A full disk often shows as an I/O error (the WAL index could not grow). */
	int sys = d && d->h ? sqlite3_system_errno(d->h) : 0;
	if (((rc & 0xff) == SQLITE_IOERR || (rc & 0xff) == SQLITE_CANTOPEN) && (sys == ENOSPC || sys == EDQUOT))
		rc = SQLITE_FULL;
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return sy_fail(err, SY_ENV, NULL,
			       _("the database %s stayed locked by another terminal for %d s: wait a moment and try again, or close the program holding it"),
			       path, d ? d->busy_ms / 1000 : 0);
	case SQLITE_READONLY:
		return sy_fail(err, SY_ENV, NULL,
			       _("the database %s is read-only: give this user write access to the file and its folder (or open a writable copy with --db)"),
			       path);
	case SQLITE_CANTOPEN:
		return sy_fail(err, SY_ENV, NULL,
			       _("cannot open the database %s: check that its folder exists and that this user may read and write there"),
			       path);
	case SQLITE_PERM:
	case SQLITE_AUTH:
		return sy_fail(err, SY_ENV, NULL, _("permission denied on the database %s: check the file's owner and mode"), path);
	case SQLITE_NOTADB:
		return sy_fail(err, SY_ENV, NULL,
			       _("%s is not a scrapyard database: check the path given with --db or SCRAPYARD_DB"), path);
	case SQLITE_CORRUPT:
		return sy_fail(err, SY_ENV, NULL,
			       _("the database %s is damaged: stop using it, keep a copy, and restore the last backup with 'scrapyard restore BACKUP'"),
			       path);
	case SQLITE_FULL:
		return sy_fail(err, SY_ENV, NULL,
			       _("the disk holding %s is full: nothing was saved; free some space and try again"), path);
	case SQLITE_IOERR:
		return sy_fail(err, SY_ENV, NULL,
			       _("could not read or write %s (I/O error): check the disk or USB stick, then try again"), path);
	case SQLITE_NOMEM:
		return sy_fail(err, SY_ENV, NULL, _("out of memory while %s"), doing);
	case SQLITE_CONSTRAINT:
		return sy_fail(err, SY_INVALID, NULL, _("refused while %s: %s"), doing, detail);
	default:
		return sy_fail(err, SY_ENV, NULL, _("database error while %s: %s"), doing, detail);
	}
}

static int exec_plain(db *d, sy_err *err, const char *sql, const char *doing)
{
	int rc = sqlite3_exec(d->h, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? SY_OK : db_fail(d, err, rc, doing);
}

/* BEGIN and COMMIT run on every change: prepared once, not parsed each time. */
static int exec_cached(db *d, sy_err *err, const char *sql, const char *doing)
{
	sqlite3_stmt *st = db_prepare(d, err, sql);
	if (!st)
		return err ? err->status : SY_ENV;
	int rc = sqlite3_step(st);
	int status = rc == SQLITE_DONE || rc == SQLITE_ROW ? SY_OK : db_fail(d, err, rc, doing);
	db_done(d, st);
	return status;
}

/* ---- statement cache ---- */

/* The length and both ends of the text: enough to spread the statements
 * over the buckets, without walking every byte of a long INSERT on each use. */
static unsigned sql_hash(const char *s)
{
	size_t n = strlen(s), edge = n < 32 ? n : 32;
	unsigned h = 2166136261u ^ (unsigned)n;
	for (size_t i = 0; i < edge; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	for (size_t i = n - edge; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h % STMT_BUCKETS;
}

sqlite3_stmt *db_prepare(db *d, sy_err *err, const char *sql)
{
	struct cached_stmt **bucket = &d->cache[sql_hash(sql)];
	for (struct cached_stmt *c = *bucket; c; c = c->next) {
		if (strcmp(c->sql, sql) != 0)
			continue;
		if (!sqlite3_stmt_busy(c->st))
			return c->st;
		break; /* in use by an outer loop: prepare a private one */
	}
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v3(d->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
	if (rc != SQLITE_OK) {
		db_fail(d, err, rc, _("preparing a query"));
		return NULL;
	}
	for (struct cached_stmt *c = *bucket; c; c = c->next)
		if (strcmp(c->sql, sql) == 0)
			return st; /* uncached duplicate; db_done finalizes it */
	struct cached_stmt *c = xmalloc(sizeof *c);
	*c = (struct cached_stmt){.sql = xstrdup(sql), .st = st, .next = *bucket};
	*bucket = c;
	return st;
}

static int is_cached(db *d, sqlite3_stmt *st)
{
	const char *sql = sqlite3_sql(st);
	for (struct cached_stmt *c = d->cache[sql_hash(sql)]; c; c = c->next)
		if (c->st == st)
			return 1;
	return 0;
}

void db_done(db *d, sqlite3_stmt *st)
{
	if (!st)
		return;
	if (is_cached(d, st)) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	} else {
		sqlite3_finalize(st);
	}
}

int db_bindv(db *d, sy_err *err, sqlite3_stmt *st, const char *fmt, va_list ap)
{
	int rc = SQLITE_OK;
	for (int i = 1; fmt && *fmt && rc == SQLITE_OK; fmt++, i++) {
		switch (*fmt) {
		case 'i': rc = sqlite3_bind_int(st, i, va_arg(ap, int)); break;
		case 'I': rc = sqlite3_bind_int64(st, i, va_arg(ap, int64_t)); break;
		case 'd': rc = sqlite3_bind_double(st, i, va_arg(ap, double)); break;
		case 'D': {
			double x = va_arg(ap, double);
			rc = x > 0 ? sqlite3_bind_double(st, i, x) : sqlite3_bind_null(st, i);
			break;
		}
		case 't': {
			const char *s = va_arg(ap, const char *);
			rc = s ? sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, i);
			break;
		}
		case 's': {
			const char *s = va_arg(ap, const char *);
			rc = s ? sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC) : sqlite3_bind_null(st, i);
			break;
		}
		case 'n': rc = sqlite3_bind_null(st, i); break;
		case 'b': {
			const void *p = va_arg(ap, const void *);
			int n = va_arg(ap, int);
			rc = sqlite3_bind_blob(st, i, p, n, SQLITE_TRANSIENT);
			break;
		}
		default: sy_fatal("db_bindv: bad format letter '%c'", *fmt);
		}
	}
	return rc == SQLITE_OK ? SY_OK : db_fail(d, err, rc, _("binding query values"));
}

int db_bind(db *d, sy_err *err, sqlite3_stmt *st, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = db_bindv(d, err, st, fmt, ap);
	va_end(ap);
	return rc;
}

static sqlite3_stmt *queryv(db *d, sy_err *err, const char *sql, const char *fmt, va_list ap)
{
	sqlite3_stmt *st = db_prepare(d, err, sql);
	if (!st)
		return NULL;
	if (db_bindv(d, err, st, fmt, ap) != SY_OK) {
		db_done(d, st);
		return NULL;
	}
	return st;
}

sqlite3_stmt *db_query(db *d, sy_err *err, const char *sql, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sqlite3_stmt *st = queryv(d, err, sql, fmt, ap);
	va_end(ap);
	return st;
}

int db_step(db *d, sy_err *err, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return rc;
	db_fail(d, err, rc, _("running a query"));
	sqlite3_reset(st);
	return -1;
}

int db_exec(db *d, sy_err *err, const char *sql, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sqlite3_stmt *st = queryv(d, err, sql, fmt, ap);
	va_end(ap);
	if (!st)
		return err ? err->status : SY_ENV;
	int rc;
	while ((rc = db_step(d, err, st)) == SQLITE_ROW)
		;
	db_done(d, st);
	return rc == SQLITE_DONE ? SY_OK : (err ? err->status : SY_ENV);
}

int db_int64(db *d, sy_err *err, int64_t *out, const char *sql, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sqlite3_stmt *st = queryv(d, err, sql, fmt, ap);
	va_end(ap);
	if (!st)
		return err ? err->status : SY_ENV;
	int rc = db_step(d, err, st);
	int status = SY_OK;
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	else if (rc == SQLITE_DONE)
		status = sy_fail(err, SY_INVALID, NULL, _("no such record"));
	else
		status = err ? err->status : SY_ENV;
	db_done(d, st);
	return status;
}

int db_walk_end(db *d, sqlite3_stmt *st, int rc, sy_err *err)
{
	db_done(d, st);
	return rc < 0 ? (err ? err->status : SY_ENV) : SY_OK;
}

int db_get_row(db *d, sy_err *err, sqlite3_stmt *st, db_row_fn fill, void *out)
{
	if (!st)
		return err->status;
	int rc = db_step(d, err, st);
	if (rc == SQLITE_ROW)
		fill(d, st, out);
	db_done(d, st);
	return rc == SQLITE_ROW ? SY_OK : rc == SQLITE_DONE ? SY_INVALID : err->status;
}

const char *db_column_text(sqlite3_stmt *st, int col)
{
	const char *s = (const char *)sqlite3_column_text(st, col);
	return s ? s : "";
}

void db_column_copy(char *dst, size_t size, sqlite3_stmt *st, int col)
{
	sy_strlcpy(dst, db_column_text(st, col), size);
}

char *db_text(db *d, sy_err *err, const char *sql, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sqlite3_stmt *st = queryv(d, err, sql, fmt, ap);
	va_end(ap);
	if (!st)
		return NULL;
	char *out = NULL;
	if (db_step(d, err, st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		out = xstrdup((const char *)sqlite3_column_text(st, 0));
	db_done(d, st);
	return out;
}

/* ---- change capture for the head office (docs/sync.md) ----
 * While sync.capture is set, each connection records its changes to the
 * owned tables in an SQLite session; the outermost commit writes them into
 * sync_outbox inside the same transaction, so a change and its outbox entry
 * are committed together or not at all, and the outbox order is the commit
 * order (BEGIN IMMEDIATE serialises writers). */

static int capture_filter(void *ctx, const char *table)
{
	(void)ctx;
	return sync_is_owned(table);
}

static void capture_stop(db *d)
{
	if (d->capture)
		sqlite3session_delete(d->capture);
	d->capture = NULL;
}

/* A fresh, empty session: the previous one's changes were written out or
 * rolled back. */
static int capture_start(db *d, sy_err *err)
{
	capture_stop(d);
	int rc = sqlite3session_create(d->h, "main", &d->capture);
	if (rc == SQLITE_OK) {
		sqlite3session_table_filter(d->capture, capture_filter, NULL);
		rc = sqlite3session_attach(d->capture, NULL);
	}
	if (rc != SQLITE_OK) {
		capture_stop(d);
		return db_fail(d, err, rc, _("recording changes for the head office"));
	}
	return SY_OK;
}

/* Under the write lock: is the yard synchronising? Another terminal may have
 * just started, so this is read at every outermost transaction. */
static int capture_refresh(db *d, sy_err *err)
{
	if (!d->migrated)
		return SY_OK;
	int64_t on = 0;
	sy_err local = {0};
	if (db_int64(d, &local, &on, "SELECT value = '1' FROM settings WHERE key = 'sync.capture'", NULL) != SY_OK &&
	    local.status != SY_INVALID)
		return sy_fail(err, local.status, NULL, "%s", local.msg);
	if (!on) {
		capture_stop(d);
		return SY_OK;
	}
	return d->capture ? SY_OK : capture_start(d, err);
}

/* SHA-256 of the previous entry's chain (or of the last one pushed, once
 * the outbox is emptied) and these changes. */
static int outbox_chain(db *d, const void *changes, int n, char out[65], sy_err *err)
{
	sy_err local = {0};
	char *prev = db_text(d, &local,
			     "SELECT coalesce((SELECT chain FROM sync_outbox ORDER BY seq DESC LIMIT 1),"
			     " (SELECT value FROM settings WHERE key = 'sync.pushed_chain'), '')",
			     NULL);
	if (!prev)
		return sy_fail(err, local.status ? local.status : SY_ENV, NULL, "%s", local.msg);
	crypto_hash_sha256_state h;
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_init(&h);
	crypto_hash_sha256_update(&h, (const unsigned char *)prev, strlen(prev));
	crypto_hash_sha256_update(&h, changes, (unsigned long long)n);
	crypto_hash_sha256_final(&h, digest);
	sodium_bin2hex(out, 65, digest, sizeof digest);
	free(prev);
	return SY_OK;
}

/* The session's changes, if any, as the next entry of the outbox, chained
 * to the one before. */
static int outbox_add(db *d, sqlite3_session *s, sy_err *err)
{
	int n = 0;
	void *changes = NULL;
	int rc = sqlite3session_changeset(s, &n, &changes);
	if (rc != SQLITE_OK)
		return db_fail(d, err, rc, _("recording changes for the head office"));
	char now[20], chain[65];
	db_now(now);
	int status = SY_OK;
	if (n > 0 && (status = outbox_chain(d, changes, n, chain, err)) == SY_OK)
		status = db_exec(d, err, "INSERT INTO sync_outbox(at, changes, chain) VALUES (?, ?, ?)", "sbs", now, changes, n,
				 chain);
	sqlite3_free(changes);
	return status;
}

static int capture_flush(db *d, sy_err *err)
{
	if (!d->capture || sqlite3session_isempty(d->capture))
		return SY_OK;
	int status = outbox_add(d, d->capture, err);
	return status == SY_OK ? capture_start(d, err) : status;
}

/* A change outside a transaction would escape the outbox: refused (the
 * commit becomes a rollback), so such a path shows up at once, not as a
 * record missing at the head office. */
static int capture_commit_hook(void *ctx)
{
	db *d = ctx;
	return d->depth == 0 && d->capture && !sqlite3session_isempty(d->capture);
}

/* ---- transactions ---- */

int db_begin_at(db *d, sy_err *err, const char *file, int line)
{
	char sql[48];
	if (d->depth == 0) {
		if (write_allowed(d, err) != SY_OK)
			return err ? err->status : SY_INVALID;
		/* IMMEDIATE takes the write lock now, waiting on the busy timeout,
		 * rather than failing later when a read lock would be upgraded. */
		if (exec_cached(d, err, "BEGIN IMMEDIATE", _("starting a change")) != SY_OK)
			return err ? err->status : SY_ENV;
		if (capture_refresh(d, err) != SY_OK) {
			sqlite3_exec(d->h, "ROLLBACK", NULL, NULL, NULL);
			return err ? err->status : SY_ENV;
		}
		d->begin_file = file;
		d->begin_line = line;
	} else {
		snprintf(sql, sizeof sql, "SAVEPOINT sp%d", d->depth);
		if (exec_plain(d, err, sql, _("starting a change")) != SY_OK)
			return err ? err->status : SY_ENV;
	}
	d->depth++;
	return SY_OK;
}

int db_begin_unchecked(db *d, sy_err *err)
{
	int was = d->in_write_check;
	d->in_write_check = 1;
	int rc = db_begin_at(d, err, __FILE__, __LINE__);
	d->in_write_check = was;
	return rc;
}

int db_begin_read(db *d, sy_err *err)
{
	int rc = sqlite3_exec(d->h, "BEGIN DEFERRED; SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
	return rc == SQLITE_OK ? SY_OK : db_fail(d, err, rc, _("reading the database"));
}

void db_end_read(db *d) { sqlite3_exec(d->h, "COMMIT", NULL, NULL, NULL); }

int db_snapshot_begin(db *d)
{
	if (d->depth > 0 || !sqlite3_get_autocommit(d->h))
		return 0;
	return exec_cached(d, NULL, "BEGIN DEFERRED", _("reading the database")) == SY_OK;
}

void db_snapshot_end(db *d, int began)
{
	if (began)
		exec_cached(d, NULL, "COMMIT", _("reading the database"));
}

int db_commit(db *d, sy_err *err)
{
	char sql[48];
	if (d->depth <= 0)
		sy_fatal("db_commit without a transaction");
	if (d->depth == 1) {
		int rc = capture_flush(d, err);
		if (rc == SY_OK)
			rc = exec_cached(d, err, "COMMIT", _("saving"));
		if (rc != SY_OK) {
			db_rollback(d);
			return rc;
		}
		d->depth = 0;
		return SY_OK;
	}
	snprintf(sql, sizeof sql, "RELEASE sp%d", d->depth - 1);
	d->depth--;
	return exec_plain(d, err, sql, _("saving"));
}

int db_end(db *d, int rc, sy_err *err)
{
	if (rc != SY_OK) {
		db_rollback(d);
		return rc;
	}
	return db_commit(d, err);
}

void db_rollback(db *d)
{
	char sql[64];
	if (d->depth <= 0)
		return;
	d->depth--;
	if (d->depth == 0) {
		sqlite3_exec(d->h, "ROLLBACK", NULL, NULL, NULL);
		if (d->capture && capture_start(d, NULL) != SY_OK)
			capture_stop(d);
		return;
	}
	snprintf(sql, sizeof sql, "ROLLBACK TO sp%d; RELEASE sp%d", d->depth, d->depth);
	sqlite3_exec(d->h, sql, NULL, NULL, NULL);
}

/* ---- open and migrate ---- */

int db_schema_version(void) { return schema_count; }

int db_user_version(db *d)
{
	int64_t v = 0;
	db_int64(d, NULL, &v, "PRAGMA user_version", NULL);
	return (int)v;
}

/* A table named an owned one by a step of this migration holds rows no
 * session recorded: a yard that synchronises sends them as one outbox
 * entry of inserts, the difference between the table and an empty copy of
 * it, so the head office has them before any change to them. */
static int capture_backfill(db *d, int from, sy_err *err)
{
	int64_t on = 0;
	sy_err quiet = {0};
	if (from < SYNC_FIRST_STEP ||
	    db_int64(d, &quiet, &on, "SELECT value = '1' FROM settings WHERE key = 'sync.capture'", NULL) != SY_OK || !on)
		return SY_OK;
	sqlite3_session *s = NULL;
	int rc = sqlite3session_create(d->h, "main", &s);
	for (const char *const *t = sync_owned_tables; *t && rc == SQLITE_OK; t++) {
		if (sync_owned_since(*t) <= from || sync_owned_since(*t) > schema_count)
			continue;
		char *create = db_text(d, err, "SELECT substr(sql, 13) FROM sqlite_master WHERE type = 'table' AND name = ?", "t",
				       *t);
		if (!create) {
			sqlite3session_delete(s);
			return err->status ? err->status : sy_fail(err, SY_ENV, NULL, _("the table %s is missing"), *t);
		}
		/* "CREATE TABLE " cut off: the same table, empty, in temp */
		char *sql = sqlite3_mprintf("CREATE TEMP TABLE %s", create);
		free(create);
		rc = sqlite3_exec(d->h, sql, NULL, NULL, NULL);
		sqlite3_free(sql);
		if (rc == SQLITE_OK)
			rc = sqlite3session_attach(s, *t);
		if (rc == SQLITE_OK)
			rc = sqlite3session_diff(s, "temp", *t, NULL);
		sql = sqlite3_mprintf("DROP TABLE IF EXISTS temp.\"%w\"", *t);
		sqlite3_exec(d->h, sql, NULL, NULL, NULL);
		sqlite3_free(sql);
	}
	int status = rc == SQLITE_OK ? outbox_add(d, s, err) : db_fail(d, err, rc, _("recording changes for the head office"));
	sqlite3session_delete(s);
	return status;
}

static int migrate(db *d, sy_err *err)
{
	int have = db_user_version(d);
	if (have > schema_count)
		return sy_fail(err, SY_ENV, NULL,
			       _("the database %s has schema version %d but this scrapyard knows only %d: install the newer scrapyard that wrote it"),
			       d->path, have, schema_count);
	if (have == schema_count)
		return SY_OK;
	if (db_begin(d, err) != SY_OK)
		return err->status;
	have = db_user_version(d); /* another terminal may have just migrated */
	/* The steps run on the file as it is: first make sure nothing was
	 * planted in it that they would set off. */
	if (have < schema_count && schema_check(d->h, have, d->path, err) != SY_OK) {
		db_rollback(d);
		return err->status;
	}
	for (int v = have; v < schema_count; v++) {
		if (exec_plain(d, err, schema_steps[v], _("upgrading the database")) != SY_OK) {
			db_rollback(d);
			return err->status;
		}
	}
	char sql[48];
	snprintf(sql, sizeof sql, "PRAGMA user_version=%d", schema_count);
	/* Records the trail never saw (the seeded catalogue, settings written
	 * before settings were audited) enter it once, so that from now on a
	 * change to any of them shows (db/audit.h). */
	int rc = capture_backfill(d, have, err);
	if (rc == SY_OK)
		rc = exec_plain(d, err, sql, _("upgrading the database"));
	if (rc == SY_OK)
		rc = audit_adopt(d, err);
	return db_end(d, rc, err);
}

static int make_parent_dirs(const char *path)
{
	char *dir = xstrdup(path);
	int rc = 0;
	for (char *p = dir + 1; *p && rc == 0; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (sy_perm_mkdir(dir) != 0 && errno != EEXIST)
			rc = -1;
		*p = '/';
	}
	free(dir);
	return rc;
}

static int file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

/* File systems the database must not live on. SQLite in WAL mode keeps the
 * index of its log in shared memory (the -shm file, mapped by every process
 * that has the database open): that works between the processes of one
 * host only. From a second computer over NFS or SMB the mapping is not
 * shared and the locks are not reliable, and two counters lose or corrupt
 * each other's records. Magic numbers from linux/magic.h and statfs(2). */
static const struct {
	unsigned long magic;
	const char *name;
} remote_fs[] = {
	{0x6969, "NFS"},
	{0x517B, "SMB"},
	{0xFF534D42, "SMB/CIFS"},
	{0xFE534D42, "SMB2/CIFS"},
	{0x65735546, "FUSE (sshfs, rclone, s3fs, GlusterFS, ntfs-3g ...)"},
	{0x00C36400, "CephFS"},
	{0x5346414F, "AFS"},
	{0x6B414653, "AFS"},
	{0x73757245, "Coda"},
	{0x01021997, "9p"},
	{0x564C, "NCP (NetWare)"},
	{0x01161970, "GFS2"},
	{0x7461636F, "OCFS2"},
	{0x0BD00BD0, "Lustre"},
	{0x47504653, "GPFS"},
	{0x20030528, "OrangeFS"},
};

const char *db_remote_fs_name(unsigned long magic)
{
	magic &= 0xFFFFFFFFul; /* f_type is signed on some ABIs */
	for (size_t i = 0; i < sizeof remote_fs / sizeof remote_fs[0]; i++)
		if (remote_fs[i].magic == magic)
			return remote_fs[i].name;
	return NULL;
}

/* The file when it exists (statfs follows a symbolic link to it, where
 * SQLite keeps its -wal and -shm files), else the folder it will be in. */
static int check_local_fs(const char *path, sy_err *err)
{
	struct statfs sf;
	int rc = statfs(path, &sf);
	if (rc != 0) {
		char *dir = xstrdup(path), *slash = strrchr(dir, '/');
		if (slash)
			*(slash == dir ? slash + 1 : slash) = '\0';
		rc = statfs(slash ? dir : ".", &sf);
		free(dir);
	}
	const char *remote = rc == 0 ? db_remote_fs_name((unsigned long)sf.f_type) : NULL;
	if (!remote)
		return SY_OK; /* cannot tell: SQLite reports what it cannot open */
	return sy_fail(err, SY_ENV, NULL,
		       _("the database %s is on a network or FUSE file system (%s), where two computers sharing it "
			 "lose or corrupt records: keep it on this computer's own disk (e.g. /var/lib/scrapyard/yard.db) "
			 "and let the other counters work on this computer over ssh (docs/deployment.md)"),
		       path, remote);
}

static int set_pragmas(db *d, sy_err *err, int readonly)
{
	/* Reading page 1 first tells a non-database or damaged file from the rest. */
	int rc = sqlite3_exec(d->h, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return db_fail(d, err, rc, _("opening the database"));
	if (!readonly) {
		char *mode = db_text(d, err, "PRAGMA journal_mode=WAL", NULL);
		int wal = mode && strcmp(mode, "wal") == 0;
		free(mode);
		if (!wal)
			return err && err->status ? err->status
						   : sy_fail(err, SY_ENV, NULL,
							     _("cannot switch %s to WAL mode: the folder must be writable by this user"), d->path);
	}
	return exec_plain(d, err, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON",
			  _("opening the database"));
}

db *db_open(const char *path, int flags, sy_err *err) { return db_open_keyed(path, NULL, flags, err); }

db *db_open_keyed(const char *path, const char *key_of, int flags, sy_err *err)
{
	int readonly = flags & DB_OPEN_READONLY;
	if (!readonly && !file_exists(path)) {
		if (!(flags & DB_OPEN_CREATE)) {
			sy_fail(err, SY_ENV, NULL, _("no database at %s: run 'scrapyard init' first, or give --db PATH"), path);
			return NULL;
		}
		if (make_parent_dirs(path) != 0) {
			sy_fail(err, SY_ENV, NULL, _("cannot create the folder for %s: %s"), path, strerror(errno));
			return NULL;
		}
	}
	if (check_local_fs(path, err) != SY_OK)
		return NULL;
	if (!readonly && !file_exists(path) && (flags & DB_OPEN_CREATE)) {
		/* Made here, not by SQLite, for its mode: the owner and the yard's
		 * group only, whatever the umask. SQLite gives the -wal and -shm
		 * the database file's mode. */
		int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, SY_PERM_FILE);
		if (fd >= 0) {
			sy_perm_fd(fd, SY_PERM_FILE);
			close(fd);
		}
	}
	db *d = xcalloc(1, sizeof *d);
	d->path = xstrdup(path);
	d->key_of = key_of ? xstrdup(key_of) : NULL;
	int oflags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	int rc = sqlite3_open_v2(path, &d->h, oflags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		db_fail(d, err, rc, _("opening the database"));
		db_close(d);
		return NULL;
	}
	sqlite3_extended_result_codes(d->h, 0);
	const char *env_ms = getenv("SCRAPYARD_BUSY_TIMEOUT_MS");
	db_set_busy_timeout(d, env_ms && *env_ms ? atoi(env_ms) : DEFAULT_BUSY_MS);
	if (!readonly && sqlite3_db_readonly(d->h, "main") == 1) {
		db_fail(d, err, SQLITE_READONLY, _("opening the database"));
		db_close(d);
		return NULL;
	}
	if (set_pragmas(d, err, readonly) != SY_OK || (!readonly && migrate(d, err) != SY_OK)) {
		db_close(d);
		return NULL;
	}
	if (!readonly) {
		d->migrated = 1;
		sqlite3_commit_hook(d->h, capture_commit_hook, d);
	}
	if (readonly && db_user_version(d) > schema_count) {
		migrate(d, err); /* only to produce the message */
		db_close(d);
		return NULL;
	}
	/* Tables, columns, indexes, triggers and views exactly as the program
	 * made them: a trigger planted in the file is never run by it. */
	if (schema_check(d->h, db_user_version(d), d->path, err) != SY_OK) {
		db_close(d);
		return NULL;
	}
	return d;
}

int db_open_snapshot(const char *path, sqlite3 **out)
{
	/* The path goes into a URI: escape what a URI gives meaning to. */
	size_t n = strlen(path);
	char *escaped = xmalloc(n * 3 + 1), *p = escaped;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)path[i];
		if (c == '%' || c == '?' || c == '#')
			p += sprintf(p, "%%%02X", c);
		else
			*p++ = (char)c;
	}
	*p = '\0';
	char *uri = sqlite3_mprintf("file:%s?mode=ro&immutable=1", escaped);
	free(escaped);
	int rc = sqlite3_open_v2(uri, out, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOFOLLOW, NULL);
	sqlite3_free(uri);
	return rc;
}

void db_close(db *d)
{
	if (!d)
		return;
	if (d->depth > 0)
		db_rollback(d);
	capture_stop(d);
	for (int i = 0; i < STMT_BUCKETS; i++) {
		struct cached_stmt *c = d->cache[i];
		while (c) {
			struct cached_stmt *next = c->next;
			sqlite3_finalize(c->st);
			free(c->sql);
			free(c);
			c = next;
		}
	}
	sqlite3_close_v2(d->h);
	free(d->path);
	free(d->key_of);
	free(d->actor);
	free(d->user_name);
	free(d->counter);
	free(d);
}

/* ---- clock, numbering, settings, working days ---- */

void db_today(char out[11])
{
	char now[20];
	db_now(now);
	memcpy(out, now, 10);
	out[10] = '\0';
}

int db_next_number(db *d, sy_err *err, const char *series, int year, int64_t *out)
{
	if (!db_in_transaction(d))
		sy_fatal("db_next_number outside a transaction");
	/* An UPDATE and a SELECT, not an upsert with RETURNING: RETURNING
	 * gathers its rows in a temporary table, three times the instructions
	 * of both statements, on every check-in and part entry. The series'
	 * first number of a year inserts the row. */
	int rc = db_exec(d, err, "UPDATE counters SET last = last + 1 WHERE series = ? AND year = ?", "ti", series, year);
	if (rc == SY_OK && db_changes(d) == 0)
		rc = db_exec(d, err, "INSERT INTO counters(series, year, last) VALUES(?, ?, 1)", "ti", series, year);
	if (rc != SY_OK)
		return rc;
	return db_int64(d, err, out, "SELECT last FROM counters WHERE series = ? AND year = ?", "ti", series, year);
}

char *db_setting(db *d, const char *key)
{
	return db_text(d, NULL, "SELECT value FROM settings WHERE key = ?", "t", key);
}

/* Settings kept secret (the certificates' key): the trail holds their
 * SHA-256, which tells a change without giving the value away. */
static const char *const secret_settings[] = {"cert_key", NULL};

int db_setting_is_secret(const char *key)
{
	for (int i = 0; secret_settings[i]; i++)
		if (strcmp(key, secret_settings[i]) == 0)
			return 1;
	return 0;
}

char *db_setting_audit_value(const char *key, const char *value)
{
	if (!value || !db_setting_is_secret(key))
		return value ? xstrdup(value) : NULL;
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[2 * sizeof h + 1];
	crypto_hash_sha256(h, (const unsigned char *)value, strlen(value));
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	return xasprintf("sha256:%s", hex);
}

static char *setting_json(const char *key, const char *value)
{
	cJSON *o = cJSON_CreateObject();
	char *shown = db_setting_audit_value(key, value);
	if (shown)
		cJSON_AddStringToObject(o, key, shown);
	else
		cJSON_AddNullToObject(o, key);
	free(shown);
	return input_json_text(o);
}

int db_setting_is_bookkeeping(const char *key)
{
	static const char *const keys[] = {"sync.pushed_chain", "sync.pushed_seq", "sync.pulled_version",
					   "sync.last_success", "sync.last_attempt", "sync.last_error"};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (strcmp(key, keys[i]) == 0)
			return 1;
	return 0;
}

int db_set_setting(db *d, sy_err *err, const char *key, const char *value)
{
	return db_set_setting_from(d, err, key, value, NULL);
}

int db_unset_setting(db *d, sy_err *err, const char *key)
{
	if (write_allowed(d, err) != SY_OK || db_begin(d, err) != SY_OK)
		return err ? err->status : SY_INVALID;
	char *stored = db_setting(d, key);
	int rc = db_exec(d, err, "DELETE FROM settings WHERE key = ?", "t", key);
	if (rc == SY_OK && stored && !db_setting_is_bookkeeping(key)) {
		char *old_json = setting_json(key, stored), *new_json = setting_json(key, NULL);
		rc = audit_append(d, err, "setting", 0, "unset", old_json, new_json);
		free(old_json);
		free(new_json);
	}
	free(stored);
	return db_end(d, rc, err);
}

int db_set_setting_from(db *d, sy_err *err, const char *key, const char *value, const char *unset_means)
{
	if (write_allowed(d, err) != SY_OK || db_begin(d, err) != SY_OK)
		return err ? err->status : SY_INVALID;
	char *stored = db_setting(d, key);
	const char *old = stored ? stored : unset_means;
	int rc = db_exec(d, err,
			 "INSERT INTO settings(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
			 "tt", key, value);
	if (rc == SY_OK && (!stored || strcmp(stored, value) != 0) && !db_setting_is_bookkeeping(key)) {
		char *old_json = old ? setting_json(key, old) : NULL, *new_json = setting_json(key, value);
		rc = audit_append(d, err, "setting", 0, stored ? "update" : "create", old_json, new_json);
		free(old_json);
		free(new_json);
	}
	free(stored);
	return db_end(d, rc, err);
}

char *db_yard_folder(db *d, const char *name, sy_err *err)
{
	const char *slash = strrchr(d->path, '/');
	char *dir = slash ? xasprintf("%.*s/%s", (int)(slash - d->path), d->path, name) : xstrdup(name);
	struct stat st, dbst;
	if (sy_perm_mkdir(dir) != 0 && errno != EEXIST) {
		sy_fail(err, SY_ENV, NULL, _("cannot create the folder %s: %s"), dir, strerror(errno));
	} else if (lstat(dir, &st) != 0) {
		sy_fail(err, SY_ENV, NULL, _("cannot create the folder %s: %s"), dir, strerror(errno));
	} else if (S_ISLNK(st.st_mode) || !S_ISDIR(st.st_mode)) {
		sy_fail(err, SY_ENV, NULL,
			_("%s is not a folder of the yard's (a link or a file): remove it, and the program makes the folder again"),
			dir);
	} else if (st.st_uid != geteuid() && st.st_uid != 0 && (stat(d->path, &dbst) != 0 || st.st_uid != dbst.st_uid)) {
		sy_fail(err, SY_ENV, NULL,
			_("the folder %s belongs to another user (uid %u): remove it, and the program makes the folder again"),
			dir, (unsigned)st.st_uid);
	} else if ((st.st_mode & S_IWOTH) && !(st.st_mode & S_ISVTX)) {
		sy_fail(err, SY_ENV, NULL, _("every user may write in the folder %s: make it private with chmod o-w"), dir);
	} else {
		return dir;
	}
	free(dir);
	return NULL;
}

int db_exposed(const char *db_path, char *path, size_t size, unsigned *mode)
{
	const char *suffix[] = {"", "-wal"};
	for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		struct stat st;
		snprintf(path, size, "%s%s", db_path, suffix[i]);
		if (stat(path, &st) == 0 && (st.st_mode & S_IROTH)) {
			*mode = (unsigned)(st.st_mode & 07777);
			return 1;
		}
	}
	*path = '\0';
	*mode = 0;
	return 0;
}

/* Calendar days are counted in UTC: mktime would stat /etc/localtime at
 * every call, a day at a time, for every deadline of every check-in, and
 * a calendar date has no time zone. */
static int parse_date(const char *s, struct tm *tm)
{
	memset(tm, 0, sizeof *tm);
	char *end = strptime(s, "%Y-%m-%d", tm);
	if (!end || *end)
		return -1;
	tm->tm_hour = 12;
	if (timegm(tm) == (time_t)-1)
		return -1;
	char again[11];
	strftime(again, sizeof again, "%Y-%m-%d", tm);
	return strcmp(again, s) == 0 ? 0 : -1; /* 02-30 would have become 03-02 */
}

/* The holidays table's days after date, up to a bound no count of working
 * days can pass (a week of holidays every fortnight would be a lot): read
 * in one query rather than a query a day, which made every check-in and
 * import row pay a lookup for each working day of each deadline. */
#define WORKING_DAYS_SPAN(days) ((days) * 3 + 30)
#define MAX_OVERRIDES 256

int db_add_working_days(db *d, sy_err *err, const char *date, int days, char out[11])
{
	struct tm tm, last;
	char end[11], day[11];
	struct {
		char day[11];
		int working;
	} overrides[MAX_OVERRIDES];
	int n = 0;
	if (parse_date(date, &tm) != 0)
		return sy_fail(err, SY_INVALID, "date", _("'%s' is not a date (YYYY-MM-DD)"), date);
	last = tm;
	last.tm_mday += WORKING_DAYS_SPAN(days);
	timegm(&last);
	strftime(end, sizeof end, "%Y-%m-%d", &last);
	sqlite3_stmt *st = db_query(d, NULL, "SELECT day, working FROM holidays WHERE day > ? AND day <= ? ORDER BY day", "tt",
				    date, end);
	while (st && n < MAX_OVERRIDES && db_step(d, NULL, st) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		snprintf(overrides[n].day, sizeof overrides[n].day, "%s", t ? t : "");
		overrides[n++].working = sqlite3_column_int(st, 1);
	}
	if (st)
		db_done(d, st);
	int next = 0; /* the overrides come in date order, as the days do */
	while (days > 0) {
		tm.tm_mday++;
		timegm(&tm);
		strftime(day, sizeof day, "%Y-%m-%d", &tm);
		int working = (tm.tm_wday != 0 && tm.tm_wday != 6);
		/* The holidays table overrides: public holidays (0) and swapped working weekends (1). */
		while (next < n && strcmp(overrides[next].day, day) < 0)
			next++;
		if (next < n && strcmp(overrides[next].day, day) == 0) {
			working = overrides[next].working;
		} else if (strcmp(day, end) > 0 || n == MAX_OVERRIDES) { /* past what was read: ask */
			int64_t w = working;
			db_int64(d, NULL, &w, "SELECT working FROM holidays WHERE day = ?", "t", day);
			working = (int)w;
		}
		if (working)
			days--;
	}
	strftime(out, 11, "%Y-%m-%d", &tm);
	return SY_OK;
}
