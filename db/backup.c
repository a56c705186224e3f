#include "db/backup.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "db/audit.h"
#include "db/backup_crypt.h"
#include "db/schema_check.h"
#include "base/i18n.h"
#include "base/outfile.h"
#include "base/perm.h"
#include "base/util.h"

/* Pages per step: 64 pages of 4 KiB is a few milliseconds of work, and the
 * sleep between steps leaves the disk to the terminals. */
#define STEP_PAGES 64
#define STEP_PAUSE_MS 2
#define BUSY_PAUSE_MS 50
/* In WAL mode a reader never blocks writers, so after this many restarts the
 * rest is copied in one step rather than chasing a busy database forever. */
#define MAX_RESTARTS 3
/* A restore waits this long (x BUSY_PAUSE_MS) for the terminals' write lock. */
#define MAX_BUSY_WAITS 400

static const char *const main_tables[] = {
	"vehicles", "certificates", "parts", "depollution", "shipments", "waste",
	"parties", "users", "settings", "audit", "filings", "photos",
};

int backup_count_rows(sqlite3 *h, struct backup_counts *out)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < sizeof main_tables / sizeof main_tables[0] && out->n < BACKUP_MAX_TABLES; i++) {
		sqlite3_stmt *st = NULL;
		int present = 0;
		if (sqlite3_prepare_v2(h, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", -1, &st, NULL) != SQLITE_OK)
			return sqlite3_errcode(h);
		sqlite3_bind_text(st, 1, main_tables[i], -1, SQLITE_STATIC);
		int rc = sqlite3_step(st);
		present = rc == SQLITE_ROW;
		sqlite3_finalize(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return rc;
		if (!present)
			continue;
		char sql[96];
		snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%s\"", main_tables[i]);
		if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
			return sqlite3_errcode(h);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			out->table[out->n] = main_tables[i];
			out->rows[out->n++] = sqlite3_column_int64(st, 0);
		}
		sqlite3_finalize(st);
		if (rc != SQLITE_ROW)
			return rc;
	}
	return SQLITE_OK;
}

/* Copy src into dst with the online backup API. */
static int copy_database(sqlite3 *dst, sqlite3 *src, int step_pages, backup_progress_fn progress, void *ctx,
			 int *restarts)
{
	sqlite3_backup *bk = sqlite3_backup_init(dst, "main", src, "main");
	if (!bk)
		return sqlite3_errcode(dst);
	int rc, last_remaining = -1, pages = step_pages, busy_waits = 0;
	do {
		rc = sqlite3_backup_step(bk, pages);
		int remaining = sqlite3_backup_remaining(bk), total = sqlite3_backup_pagecount(bk);
		if (last_remaining >= 0 && remaining > last_remaining && ++*restarts > MAX_RESTARTS)
			pages = -1;
		last_remaining = remaining;
		if (progress && (rc == SQLITE_OK || rc == SQLITE_DONE))
			progress(remaining, total, ctx);
		if (rc == SQLITE_OK)
			sqlite3_sleep(STEP_PAUSE_MS);
		else if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && ++busy_waits <= MAX_BUSY_WAITS)
			sqlite3_sleep(BUSY_PAUSE_MS);
		else if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			break; /* another terminal holds the lock: give up, changing nothing */
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	int frc = sqlite3_backup_finish(bk);
	return rc == SQLITE_DONE ? frc : rc;
}

/* ---- file names and the device ---- */

static void stamp(char out[16])
{
	char now[20];
	db_now(now);
	snprintf(out, 16, "%.4s%.2s%.2s-%.2s%.2s%.2s", now, now + 5, now + 8, now + 11, now + 14, now + 17);
}

static int is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xasprintf("%.*s", (int)(slash - path), path);
}

static int same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* The clerk's message for a target that cannot be written, by errno. */
static int device_fail(sy_err *err, int e, const char *dir, long long need_mb)
{
	switch (e) {
	case ENOSPC:
	case EDQUOT:
		return sy_fail(err, SY_ENV, NULL,
			       _("not enough space in %s (the backup needs about %lld MB): free some space or use another USB stick"),
			       dir, need_mb);
	case EROFS:
		return sy_fail(err, SY_ENV, NULL,
			       _("%s is read-only: check the write-protect switch of the USB stick, or remount it writable"), dir);
	case EACCES:
	case EPERM:
		return sy_fail(err, SY_ENV, NULL, _("no permission to write in %s: choose a folder this user may write to"), dir);
	case ENOENT:
	case ENOTDIR:
		return sy_fail(err, SY_ENV, NULL, _("the folder %s does not exist: is the USB stick plugged in and mounted?"), dir);
	default:
		return sy_fail(err, SY_ENV, NULL, _("cannot write in %s: %s"), dir, strerror(e));
	}
}

/* SQLite's view of the target, turned into the same messages. */
static int sqlite_dest_fail(sy_err *err, sqlite3 *h, int rc, const char *dir, long long need_mb)
{
	int e = h ? sqlite3_system_errno(h) : 0;
	switch (rc & 0xff) {
	case SQLITE_FULL: return device_fail(err, ENOSPC, dir, need_mb);
	case SQLITE_READONLY: return device_fail(err, e ? e : EROFS, dir, need_mb);
	case SQLITE_CANTOPEN:
	case SQLITE_PERM: return device_fail(err, e ? e : EACCES, dir, need_mb);
	case SQLITE_IOERR:
		if (e == ENOSPC || e == EROFS || e == EDQUOT)
			return device_fail(err, e, dir, need_mb);
		return sy_fail(err, SY_ENV, NULL,
			       _("could not write to %s (I/O error): check the USB stick, or try another one"), dir);
	default:
		return sy_fail(err, SY_ENV, NULL, _("the backup to %s failed: %s"), dir,
			       h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
	}
}

static int64_t database_bytes(sqlite3 *h)
{
	sqlite3_stmt *st = NULL;
	int64_t bytes = 0;
	if (sqlite3_prepare_v2(h, "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()", -1, &st,
			       NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		bytes = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return bytes;
}

/* Before starting: the folder exists, is writable and has room. */
static int check_target_dir(const char *dir, int64_t need, sy_err *err)
{
	struct statvfs vfs;
	long long need_mb = need / (1024 * 1024) + 1;
	if (!is_dir(dir))
		return device_fail(err, ENOENT, dir, need_mb);
	if (statvfs(dir, &vfs) != 0)
		return device_fail(err, errno, dir, need_mb);
	if (vfs.f_flag & ST_RDONLY)
		return device_fail(err, EROFS, dir, need_mb);
	if (access(dir, W_OK) != 0)
		return device_fail(err, errno, dir, need_mb);
	if ((unsigned long long)vfs.f_bavail * vfs.f_frsize < (unsigned long long)need + 64 * 1024)
		return device_fail(err, ENOSPC, dir, need_mb);
	return SY_OK;
}

static int sync_path(const char *path, int directory)
{
	int fd = open(path, (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	int e = errno;
	close(fd);
	errno = e;
	return rc;
}

char *backup_photo_dir(const char *backup_path)
{
	char *dir = is_dir(backup_path) ? xstrdup(backup_path) : dir_of(backup_path);
	char *photos = xasprintf("%s%sscrapyard-photos", dir, dir[strlen(dir) - 1] == '/' ? "" : "/");
	free(dir);
	return photos;
}

static void remove_copy(const char *path);

/* ---- verify ---- */

static int open_readonly(const char *path, sqlite3 **out) { return db_open_snapshot(path, out); }

static int first_text(sqlite3 *h, const char *sql, char *out, size_t size)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(h, sql, -1, &st, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			const char *t = (const char *)sqlite3_column_text(st, 0);
			sy_strlcpy(out, t ? t : "", size);
			rc = SQLITE_OK;
		}
	}
	if (rc != SQLITE_OK)
		rc = sqlite3_errcode(h);
	sqlite3_finalize(st);
	return rc;
}

static int looks_like_scrapyard(sqlite3 *h)
{
	char n[16] = "";
	if (first_text(h,
		       "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
		       " AND name IN ('settings', 'audit', 'site', 'counters')",
		       n, sizeof n) != SQLITE_OK)
		return 0;
	return atoi(n) == 4;
}

/* The checks of a backup file at path, named shown in the messages (a
 * restore checks its private copy under the name the clerk gave). */
static int verify_file(const char *path, const char *shown, struct backup_info *info, sy_err *err)
{
	struct backup_info local;
	struct stat st;
	sqlite3 *h = NULL;
	char result[256] = "", version[16] = "0";
	int status = SY_OK, rc;
	if (!info)
		info = &local;
	memset(info, 0, sizeof *info);
	sy_strlcpy(info->path, path, sizeof info->path);
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return sy_fail(err, SY_INVALID, NULL, _("no backup file at %s: check the path and that the USB stick is mounted"),
			       shown);
	info->bytes = st.st_size;
	/* A live database copied as a file may keep recent changes in its -wal
	 * file, which a read-only look would not see. */
	char *wal = xasprintf("%s-wal", path);
	struct stat ws;
	int has_wal = stat(wal, &ws) == 0 && ws.st_size > 0;
	free(wal);
	if (has_wal)
		return sy_fail(err, SY_INVALID, NULL,
			       _("%s has a -wal file beside it (a database copied while in use): use a backup made with 'scrapyard backup'"),
			       shown);
	if (open_readonly(path, &h) != SQLITE_OK) {
		status = sy_fail(err, SY_INVALID, NULL, _("cannot open %s: %s"), shown, h ? sqlite3_errmsg(h) : "?");
		goto done;
	}
	rc = first_text(h, "PRAGMA integrity_check", result, sizeof result);
	if ((rc & 0xff) == SQLITE_NOTADB) {
		status = sy_fail(err, SY_INVALID, NULL, _("%s is not a scrapyard database: nothing was changed"), shown);
		goto done;
	}
	if (rc != SQLITE_OK || strcmp(result, "ok") != 0) {
		status = sy_fail(err, SY_INVALID, NULL,
				 _("the backup %s is damaged (%s): nothing was changed; use an older backup"), shown,
				 rc != SQLITE_OK ? sqlite3_errstr(rc) : result);
		goto done;
	}
	if (!looks_like_scrapyard(h)) {
		status = sy_fail(err, SY_INVALID, NULL, _("%s is not a scrapyard database: nothing was changed"), shown);
		goto done;
	}
	first_text(h, "PRAGMA user_version", version, sizeof version);
	info->schema_version = atoi(version);
	if (info->schema_version > db_schema_version()) {
		status = sy_fail(err, SY_INVALID, NULL,
				 _("the backup %s was written by a newer scrapyard (schema %d, this one knows %d): install that version to restore it"),
				 shown, info->schema_version, db_schema_version());
		goto done;
	}
	/* Look-alike tables, planted triggers or views: not a backup the program made. */
	char what[400];
	if ((rc = schema_difference(h, info->schema_version, what, sizeof what)) != 0) {
		status = rc < 0 ? sy_fail(err, SY_INVALID, NULL, _("the backup %s is damaged (%s): nothing was changed; use an older backup"),
					  shown, sqlite3_errmsg(h))
				: sy_fail(err, SY_INVALID, NULL,
					  _("the backup %s was changed outside scrapyard (%s): nothing was changed; use another backup"),
					  shown, what);
		goto done;
	}
	if (backup_count_rows(h, &info->counts) != SQLITE_OK) {
		status = sy_fail(err, SY_INVALID, NULL, _("the backup %s is damaged (%s): nothing was changed; use an older backup"),
				 shown, sqlite3_errmsg(h));
		goto done;
	}
	char entry[32] = "0";
	if (first_text(h, "SELECT coalesce(max(id), 0) FROM audit", entry, sizeof entry) == SQLITE_OK &&
	    first_text(h, "SELECT coalesce((SELECT hash FROM audit ORDER BY id DESC LIMIT 1), '')", info->head.hash,
		       sizeof info->head.hash) == SQLITE_OK)
		info->head.entry = atoll(entry);
done:
	sqlite3_close_v2(h);
	return status;
}

int backup_verify(const char *path, struct backup_info *info, sy_err *err) { return verify_file(path, path, info, err); }

/* ---- write ---- */

static char *counts_json(const struct backup_counts *c)
{
	size_t size = 64 + (size_t)c->n * 48;
	char *out = xmalloc(size);
	size_t len = (size_t)snprintf(out, size, "{");
	for (int i = 0; i < c->n; i++)
		len += (size_t)snprintf(out + len, size - len, "%s\"%s\":%lld", i ? "," : "", c->table[i],
					(long long)c->rows[i]);
	snprintf(out + len, size - len, "}");
	return out;
}

static int counts_differ(const struct backup_counts *a, const struct backup_counts *b, const char **table)
{
	if (a->n != b->n) {
		*table = "(tables)";
		return 1;
	}
	for (int i = 0; i < a->n; i++)
		if (strcmp(a->table[i], b->table[i]) != 0 || a->rows[i] != b->rows[i]) {
			*table = a->table[i];
			return 1;
		}
	return 0;
}

/* Copy the live database, at one snapshot, into tmp; counts gets the row
 * counts of that same snapshot. */
static int write_copy(db *d, const char *tmp, const char *dir, int64_t need, int scratch, struct backup_info *info,
		      struct backup_counts *counts, backup_progress_fn progress, void *ctx, sy_err *err)
{
	sqlite3 *src = db_handle(d), *dst = NULL;
	long long need_mb = need / (1024 * 1024) + 1;
	int status = SY_OK;
	/* A read transaction held over every step: the copy is one consistent
	 * snapshot, and in WAL mode it does not hold up the other terminals. */
	int rc = sqlite3_exec(src, "BEGIN DEFERRED; SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return db_fail(d, err, rc, _("reading the database for the backup"));
	if ((rc = backup_count_rows(src, counts)) != SQLITE_OK) {
		status = db_fail(d, err, rc, _("reading the database for the backup"));
		goto done;
	}
	/* tmp was made by this process (base/outfile): never follow a link to it. */
	rc = sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW, NULL);
	/* A scratch copy (the plain copy an encrypted backup is sealed from) is
	 * removed after use: it needs neither a journal nor flushes to disk. */
	if (rc == SQLITE_OK && scratch)
		rc = sqlite3_exec(dst, "PRAGMA synchronous=OFF; PRAGMA journal_mode=OFF", NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = copy_database(dst, src, STEP_PAGES, progress, ctx, &info->restarts);
	/* The copy is a single self-contained file, not a WAL database. */
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		status = sqlite_dest_fail(err, dst, rc, dir, need_mb);
done:
	if (dst && sqlite3_close(dst) != SQLITE_OK && status == SY_OK)
		status = sqlite_dest_fail(err, dst, sqlite3_errcode(dst), dir, need_mb);
	sqlite3_exec(src, "COMMIT", NULL, NULL, NULL);
	return status;
}

static int record_backup(db *d, const struct backup_info *info, sy_err *err)
{
	char at[20], abs[PATH_MAX];
	db_now(at);
	char *counts = counts_json(&info->counts);
	const char *path = realpath(info->path, abs) ? abs : info->path;
	int rc = db_exec(d, err,
			 "INSERT INTO backups(at, by, path, bytes, counts, audit_entry, audit_hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
			 "tttItIt", at, db_actor(d), path, info->bytes, counts, info->head.entry, info->head.hash);
	free(counts);
	return rc;
}

/* The photos the copy lists, into the photo folder beside the backup. */
static int copy_photos(db *d, const char *copy, const char *target, struct backup_info *info, sy_err *err)
{
	sqlite3 *h = NULL;
	char *store = photo_store(d), *to = backup_photo_dir(target);
	int status = open_readonly(copy, &h) == SQLITE_OK ? photo_copy_listed(h, store, to, &info->photos, err)
							    : sy_fail(err, SY_ENV, NULL, _("cannot open %s: %s"), copy,
								      h ? sqlite3_errmsg(h) : "?");
	sqlite3_close_v2(h);
	free(store);
	free(to);
	return status;
}

/* The verified copy sealed into tmp on the stick, then read back and
 * authenticated whole before it may take the backup's name. */
static int seal_copy(const char *copy, const char *tmp, const struct backup_key *k, const char *dir, int64_t need,
		     sy_err *err)
{
	long long need_mb = need / (1024 * 1024) + 1;
	int in = open(copy, O_RDONLY | O_CLOEXEC), out = open(tmp, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;
	int ok = in >= 0 && out >= 0 && fstat(in, &st) == 0 && backup_seal(in, st.st_size, out, k) == 0 &&
		 fsync(out) == 0;
	int e = errno;
	if (in >= 0)
		close(in);
	if (out >= 0 && close(out) != 0 && ok) {
		ok = 0;
		e = errno;
	}
	if (!ok)
		return device_fail(err, e ? e : EIO, dir, need_mb);
	int back = open(tmp, O_RDONLY | O_CLOEXEC), werr = 0;
	if (back < 0)
		return device_fail(err, errno, dir, need_mb);
	sy_err why = {0};
	int status = backup_unseal(back, -1, k, tmp, &werr, &why);
	close(back);
	if (status != SY_OK)
		return sy_fail(err, SY_ENV, NULL,
			       _("the backup written to %s does not read back as written (%s): nothing was kept; check the USB stick, or try another one"),
			       dir, why.msg);
	return SY_OK;
}

/* Sealing runs beside the checks of the copy (both only read it), so that
 * on two cores encryption adds little to a backup's time; the sealed file
 * is renamed into place only when both passed. */
struct sealing {
	pthread_t thread;
	int started;
	const char *copy, *tmp, *dir;
	const struct backup_key *key;
	int64_t need;
	int status;
	sy_err err;
};

static void *sealing_run(void *arg)
{
	struct sealing *s = arg;
	s->status = seal_copy(s->copy, s->tmp, s->key, s->dir, s->need, &s->err);
	return NULL;
}

static void sealing_start(struct sealing *s)
{
	s->started = pthread_create(&s->thread, NULL, sealing_run, s) == 0;
	if (!s->started) /* no thread to be had: seal here */
		sealing_run(s);
}

/* Joined; its status, its message into err. */
static int sealing_finish(struct sealing *s, sy_err *err)
{
	if (s->started)
		pthread_join(s->thread, NULL);
	s->started = 0;
	if (s->status != SY_OK && err)
		*err = s->err;
	return s->status;
}

int backup_write_as(db *d, const char *path, int plain, struct backup_info *info, backup_progress_fn progress,
		    void *ctx, sy_err *err)
{
	struct backup_info local, check;
	struct backup_counts snapshot;
	struct backup_key key;
	struct sealing sealing = {0};
	char when[16];
	char *target = NULL, *tmp = NULL, *dir = NULL, *copy = NULL, *live_dir = NULL;
	int status;
	if (!info)
		info = &local;
	memset(info, 0, sizeof *info);
	if (db_in_transaction(d))
		return sy_fail(err, SY_ENV, NULL, _("a backup cannot start in the middle of a change"));
	stamp(when);
	target = is_dir(path) ? xasprintf("%s%sscrapyard-%s.%s", path, path[strlen(path) - 1] == '/' ? "" : "/", when,
					  plain ? "db" : "backup")
			      : xstrdup(path);
	dir = dir_of(target);
	live_dir = dir_of(db_path(d));
	if (same_file(target, db_path(d))) {
		status = sy_fail(err, SY_INVALID, NULL, _("%s is the database itself: give a path on the USB stick"), target);
		goto done;
	}
	if (!plain && (status = backup_key_ensure(db_path(d), &key, &info->key_made, err)) != SY_OK)
		goto done;
	info->encrypted = !plain;
	int64_t need = database_bytes(db_handle(d));
	if ((status = check_target_dir(dir, need, err)) != SY_OK)
		goto done;
	/* A new file of a random name, never one planted there. */
	int fd = sy_outfile_temp_beside(target, SY_PERM_FILE, &tmp);
	if (fd < 0) {
		status = device_fail(err, errno, dir, need / (1024 * 1024) + 1);
		goto done;
	}
	sy_perm_fd(fd, SY_PERM_FILE);
	close(fd);
	sy_strlcpy(info->path, target, sizeof info->path);
	/* An encrypted backup's plain copy is made and checked on the yard's own
	 * disk, beside the database, never on the stick. */
	if (!plain) {
		if ((status = check_target_dir(live_dir, need, err)) != SY_OK)
			goto done;
		if ((fd = sy_outfile_temp_beside(db_path(d), 0600, &copy)) < 0) {
			status = device_fail(err, errno, live_dir, need / (1024 * 1024) + 1);
			goto done;
		}
		close(fd);
	}
	const char *made = plain ? tmp : copy;
	status = write_copy(d, made, plain ? dir : live_dir, need, !plain, info, &snapshot, progress, ctx, err);
	if (status != SY_OK)
		goto done;
	if (!plain) {
		sealing = (struct sealing){.copy = copy, .tmp = tmp, .dir = dir, .key = &key, .need = need};
		sealing_start(&sealing);
	}
	if ((status = backup_verify(made, &check, err)) != SY_OK)
		goto done;
	const char *table = NULL;
	if (counts_differ(&snapshot, &check.counts, &table)) {
		status = sy_fail(err, SY_ENV, NULL,
				 _("the backup copy does not match the database (table %s): nothing was kept; try again"), table);
		goto done;
	}
	if ((status = copy_photos(d, made, target, info, err)) != SY_OK)
		goto done;
	if (!plain && (status = sealing_finish(&sealing, err)) != SY_OK)
		goto done;
	if (sync_path(tmp, 0) != 0 || rename(tmp, target) != 0) {
		status = device_fail(err, errno, dir, need / (1024 * 1024) + 1);
		goto done;
	}
	sync_path(dir, 1); /* the rename itself reaches the stick */
	struct stat st;
	info->bytes = stat(target, &st) == 0 ? st.st_size : check.bytes;
	info->schema_version = check.schema_version;
	info->counts = check.counts;
	info->head = check.head;
	/* info->photos was filled by copy_photos */
	status = record_backup(d, info, err);
done:
	if (sealing.started)
		sealing_finish(&sealing, NULL); /* a check failed first: wait for it before removing its files */
	if (tmp && status != SY_OK)
		unlink(tmp);
	if (copy)
		remove_copy(copy);
	sodium_memzero(&key, sizeof key);
	free(copy);
	free(tmp);
	free(target);
	free(dir);
	free(live_dir);
	return status;
}

int backup_write(db *d, const char *path, struct backup_info *info, backup_progress_fn progress, void *ctx,
		 sy_err *err)
{
	return backup_write_as(d, path, 0, info, progress, ctx, err);
}

/* ---- restore ---- */

/* The backup's bytes into a new private file beside the live database (a
 * random name, created without following links, readable by its owner
 * only): everything is checked on this copy, never on the stick, and
 * nothing of the yard changes until it passed. An encrypted backup is
 * decrypted in this step, every chunk authenticated. */
static int private_copy(const char *backup, const char *live_path, const struct backup_key *key, int *encrypted,
			char **copy, sy_err *err)
{
	*copy = NULL;
	*encrypted = 0;
	int in = open(backup, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (in < 0 || fstat(in, &st) != 0 || !S_ISREG(st.st_mode)) {
		if (in >= 0)
			close(in);
		return sy_fail(err, SY_INVALID, NULL, _("no backup file at %s: check the path and that the USB stick is mounted"),
			       backup);
	}
	int kind = backup_file_kind(backup);
	if (kind == BACKUP_FOREIGN) {
		close(in);
		return sy_fail(err, SY_INVALID, NULL,
			       _("%s is not a scrapyard backup (neither an encrypted backup nor a database): nothing was changed; give a file made by 'scrapyard backup'"),
			       backup);
	}
	struct backup_key own;
	if (kind == BACKUP_SEALED && !key) {
		int have = backup_key_load(live_path, &own, err);
		if (have <= 0) {
			close(in);
			if (have < 0)
				return err->status;
			char *kp = backup_key_path(live_path);
			int status = sy_fail(err, SY_INVALID, "key",
					     _("the backup %s is encrypted and there is no backup key here (%s): nothing was changed; give the yard's recovery code with --key CODE"),
					     backup, kp);
			free(kp);
			return status;
		}
		key = &own;
	}
	*encrypted = kind == BACKUP_SEALED;
	int out = sy_outfile_temp_beside(live_path, 0600, copy);
	if (out < 0) {
		int e = errno;
		close(in);
		sodium_memzero(&own, sizeof own);
		char *dir = dir_of(live_path);
		int status = device_fail(err, e, dir, (long long)(st.st_size / (1024 * 1024) + 1));
		free(dir);
		return status;
	}
	int ok = 1, e = 0, status = SY_OK;
	if (kind == BACKUP_SEALED) {
		/* Decrypting is the copy: every chunk and the final mark checked
		 * before the copy is used at all. */
		status = backup_unseal(in, out, key, backup, &e, err);
		ok = status != SY_ENV || e == 0 ? 1 : 0;
		if (status == SY_OK && fsync(out) != 0) {
			ok = 0;
			e = errno;
		}
	} else {
		char buf[1 << 16];
		ssize_t n;
		while (ok && (n = read(in, buf, sizeof buf)) != 0) {
			if (n < 0 && errno == EINTR)
				continue;
			ok = n > 0 && write(out, buf, (size_t)n) == n;
		}
		e = errno;
		ok = ok && fsync(out) == 0;
	}
	sodium_memzero(&own, sizeof own);
	close(in);
	close(out);
	if (!ok || status != SY_OK) {
		unlink(*copy);
		FREE(copy);
		if (ok)
			return status; /* refused: err says why */
		char *dir = dir_of(live_path);
		status = device_fail(err, e ? e : EIO, dir, (long long)(st.st_size / (1024 * 1024) + 1));
		free(dir);
		return status;
	}
	return SY_OK;
}

static void remove_copy(const char *path)
{
	char *wal = xasprintf("%s-wal", path), *shm = xasprintf("%s-shm", path);
	unlink(path);
	unlink(wal);
	unlink(shm);
	free(wal);
	free(shm);
}

/* The private copy as the program would open it: upgraded to this
 * version's schema, then its trail verified and replayed against its
 * records, with the live yard's key. */
static int check_copy(const char *copy, const char *shown, const char *live_path, struct restore_info *ri, sy_err *err)
{
	sy_err e = {0};
	db *c = db_open_keyed(copy, live_path, 0, &e);
	if (!c)
		return sy_fail(err, SY_INVALID, NULL, _("the backup %s cannot be used (%s): nothing was changed"), shown, e.msg);
	int64_t bad = 0, checked = 0, records = 0, findings = 0;
	int status = audit_verify(c, &e, &bad, &checked);
	if (status == SY_OK && checked == 0)
		status = sy_fail(&e, SY_INVALID, NULL, _("the audit trail is empty: its entries were deleted"));
	if (status != SY_OK) {
		status = sy_fail(err, SY_INVALID, NULL, _("the audit trail of the backup %s is broken (%s): nothing was changed"),
				 shown, e.msg);
	} else if ((status = audit_replay(c, NULL, NULL, &records, &findings, &e)) != SY_OK) {
		status = status == SY_ENV ? sy_fail(err, SY_ENV, NULL, "%s", e.msg)
					  : sy_fail(err, SY_INVALID, NULL,
						    _("%lld records of the backup %s do not agree with its audit trail: it was changed outside scrapyard; nothing was changed"),
						    (long long)findings, shown);
	}
	if (status == SY_OK) {
		char *name = db_text(c, NULL, "SELECT name FROM site WHERE id = 1", NULL);
		char *licence = db_text(c, NULL, "SELECT license_no FROM site WHERE id = 1", NULL);
		sy_strlcpy(ri->backup_yard, name ? name : "", sizeof ri->backup_yard);
		sy_strlcpy(ri->backup_licence, licence ? licence : "", sizeof ri->backup_licence);
		free(name);
		free(licence);
		audit_head(c, &ri->head, NULL);
	}
	db_close(c); /* the last connection: its WAL goes back into the file */
	return status;
}

/* The current database kept aside under a name no other restore uses. */
static int keep_aside(db *live, const char *live_path, char **aside_out, sy_err *err)
{
	char when[16];
	stamp(when);
	char *dir = dir_of(live_path), *aside = NULL;
	int fd = -1;
	for (int n = 1; n < 100 && fd < 0; n++) {
		free(aside);
		aside = n == 1 ? xasprintf("%s.before-restore-%s", live_path, when)
			       : xasprintf("%s.before-restore-%s-%d", live_path, when, n);
		fd = open(aside, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	int status = SY_OK;
	if (fd < 0) {
		status = device_fail(err, errno, dir, 1);
	} else if (live) { /* a consistent copy of the working database, checked */
		struct backup_info kept;
		struct backup_counts snapshot;
		close(fd);
		int64_t need = database_bytes(db_handle(live));
		memset(&kept, 0, sizeof kept);
		if ((status = check_target_dir(dir, need, err)) == SY_OK &&
		    (status = write_copy(live, aside, dir, need, 0, &kept, &snapshot, NULL, NULL, err)) == SY_OK)
			sync_path(aside, 0);
	} else { /* a file the program cannot open: its bytes, as they are */
		int in = open(live_path, O_RDONLY | O_CLOEXEC);
		char buf[1 << 16];
		ssize_t n = 0;
		int ok = in >= 0;
		while (ok && (n = read(in, buf, sizeof buf)) > 0)
			ok = write(fd, buf, (size_t)n) == n;
		ok = ok && n == 0 && fsync(fd) == 0;
		int e = errno;
		if (in >= 0)
			close(in);
		close(fd);
		if (!ok)
			status = device_fail(err, e ? e : EIO, dir, 1);
	}
	if (status != SY_OK && fd >= 0)
		unlink(aside);
	if (status == SY_OK)
		*aside_out = aside;
	else
		free(aside);
	free(dir);
	return status;
}

int backup_restore(db *live, const char *live_path, const char *path, const struct restore_opts *o,
		   struct restore_info *ri, sy_err *err)
{
	struct backup_info info;
	char *copy = NULL, *aside = NULL;
	sqlite3 *src = NULL;
	memset(ri, 0, sizeof *ri);
	if (same_file(path, live_path))
		return sy_fail(err, SY_INVALID, NULL, _("%s is the database itself: give the path of a backup"), path);
	char *wal = xasprintf("%s-wal", path);
	struct stat ws;
	int has_wal = stat(wal, &ws) == 0 && ws.st_size > 0;
	free(wal);
	if (has_wal) /* a live database copied as a file: its -wal would be lost */
		return sy_fail(err, SY_INVALID, NULL,
			       _("%s has a -wal file beside it (a database copied while in use): use a backup made with 'scrapyard backup'"),
			       path);
	int status = private_copy(path, live_path, o->key, &ri->encrypted, &copy, err);
	if (status == SY_OK)
		status = verify_file(copy, path, &info, err);
	if (status == SY_OK)
		status = check_copy(copy, path, live_path, ri, err);
	/* Another yard's backup brings its users and licence with it: only when asked. */
	if (status == SY_OK && live) {
		char *licence = db_text(live, NULL, "SELECT license_no FROM site WHERE id = 1", NULL);
		ri->other_yard = licence && strcmp(licence, ri->backup_licence) != 0;
		sy_strlcpy(ri->live_licence, licence ? licence : "", sizeof ri->live_licence);
		free(licence);
		if (ri->other_yard && !(o->confirm && o->confirm(o->ctx, ri)))
			status = sy_fail(err, SY_INVALID, "other-yard",
					 _("the backup %s is of another yard (%s, licence %s; this one is licence %s): nothing was changed; restore it with --other-yard if that is meant"),
					 path, ri->backup_yard, ri->backup_licence, ri->live_licence);
	}
	if (status == SY_OK)
		status = keep_aside(live, live_path, &aside, err);
	if (status == SY_OK) {
		sy_strlcpy(ri->aside, aside, sizeof ri->aside);
		ri->schema_version = info.schema_version;
	}
	/* The swap. Into the working database in one write transaction, so the
	 * other terminals keep their connections and a failure leaves it as it
	 * was; a file the program cannot open is replaced whole instead. */
	if (status == SY_OK && live) {
		int restarts = 0, rc = db_open_snapshot(copy, &src);
		if (rc == SQLITE_OK)
			rc = copy_database(db_handle(live), src, -1, NULL, NULL, &restarts);
		if (rc != SQLITE_OK)
			status = db_fail(live, err, rc, _("restoring the backup"));
	} else if (status == SY_OK) {
		char *dir = dir_of(live_path);
		if (rename(copy, live_path) != 0) {
			status = device_fail(err, errno, dir, 1);
		} else {
			char *lwal = xasprintf("%s-wal", live_path), *lshm = xasprintf("%s-shm", live_path);
			unlink(lwal); /* the broken file's: they belong to what was kept aside */
			unlink(lshm);
			free(lwal);
			free(lshm);
			sync_path(dir, 1);
			FREE(&copy);
		}
		free(dir);
	}
	sqlite3_close_v2(src);
	if (copy)
		remove_copy(copy);
	free(copy);
	free(aside);
	/* A yard restored on a new machine from its recovery code keeps using
	 * that key for its backups. */
	struct backup_key have;
	if (status == SY_OK && o->key && backup_key_load(live_path, &have, NULL) == 0)
		ri->key_saved = backup_key_save(live_path, o->key, NULL) == SY_OK;
	sodium_memzero(&have, sizeof have);
	return status;
}

int backup_anchor_read(const char *live_path, const char *where, struct audit_head *out, sy_err *err)
{
	struct stat st;
	if (stat(where, &st) != 0 || !S_ISREG(st.st_mode) || backup_file_kind(where) != BACKUP_SEALED)
		return audit_anchor_read(where, out, err);
	char *copy = NULL;
	int encrypted = 0;
	int status = private_copy(where, live_path, NULL, &encrypted, &copy, err);
	if (status == SY_OK)
		status = audit_anchor_read(copy, out, err);
	if (copy)
		remove_copy(copy);
	free(copy);
	return status;
}

int backup_record_restore(db *d, const char *from, const struct restore_info *ri, sy_err *err)
{
	cJSON *note = cJSON_CreateObject();
	cJSON_AddStringToObject(note, "from", from);
	cJSON_AddStringToObject(note, "aside", ri->aside);
	cJSON_AddStringToObject(note, "licence", ri->backup_licence);
	if (ri->other_yard)
		cJSON_AddStringToObject(note, "replaced_licence", ri->live_licence);
	cJSON_AddNumberToObject(note, "audit_entry", (double)ri->head.entry);
	char *json = cJSON_PrintUnformatted(note);
	cJSON_Delete(note);
	int rc = db_begin(d, err);
	if (rc == SY_OK && (rc = audit_append(d, err, "database", 0, "restore", NULL, json)) == SY_OK)
		rc = db_commit(d, err);
	else if (rc == SY_OK)
		db_rollback(d);
	free(json);
	return rc;
}

int backup_restore_photos(db *d, const char *from, struct photo_copy *photos, sy_err *err)
{
	char *dir = backup_photo_dir(from), *store = photo_store(d);
	int status = photo_copy_listed(db_handle(d), dir, store, photos, err);
	free(dir);
	free(store);
	if (status != SY_OK) {
		char why[sizeof err->msg];
		sy_strlcpy(why, err ? err->msg : "", sizeof why);
		sy_fail(err, status, NULL, _("the records were restored from %s, but its photos could not be brought back: %s"),
			from, why);
	}
	return status;
}

/* ---- age ---- */

int backup_last(db *d, char at[20], char *path, size_t path_size, sy_err *err)
{
	*at = '\0';
	if (path_size)
		*path = '\0';
	sqlite3_stmt *st = db_query(d, err, "SELECT at, path FROM backups ORDER BY at DESC, id DESC LIMIT 1", NULL);
	if (!st)
		return err ? err->status : SY_ENV;
	int rc = db_step(d, err, st);
	if (rc == SQLITE_ROW) {
		sy_strlcpy(at, (const char *)sqlite3_column_text(st, 0), 20);
		sy_strlcpy(path, (const char *)sqlite3_column_text(st, 1), path_size);
	}
	db_done(d, st);
	return rc < 0 ? (err ? err->status : SY_ENV) : SY_OK;
}

int backup_age_days(db *d)
{
	char today[11];
	int64_t days = -1;
	db_today(today);
	if (db_int64(d, NULL, &days,
		     "SELECT CAST(julianday(?) - julianday(substr(max(at), 1, 10)) AS INTEGER) FROM backups"
		     " HAVING count(*) > 0",
		     "t", today) != SY_OK)
		return -1;
	return days < 0 ? 0 : (int)days;
}

int backup_reminder_days(db *d)
{
	char *value = db_setting(d, "backup_reminder_days");
	int days = value ? atoi(value) : 0;
	free(value);
	return days > 0 ? days : 7;
}
