/* Backup and restore of the yard database, usually to and from a USB stick.
 *
 * A backup is written with SQLite's online backup API in small steps while
 * the other terminals keep working, into a temporary name beside the target;
 * it is then checked (integrity check, row counts of the main tables against
 * the same snapshot of the live database), flushed to the device and renamed
 * into place, and recorded in the backups table.
 * A restore refuses a damaged file, a file that is not a scrapyard database
 * and one written by a newer scrapyard; it keeps the current database aside
 * (PATH.before-restore-YYYYMMDD-HHMMSS) before replacing its contents.
 *
 * The evidence photos (db/photo.h) are files beside the database: a backup
 * copies those its database lists into the folder scrapyard-photos beside
 * the backup file (shared by the backups there: a photo is copied once), and
 * a restore brings back from there those the restored database lists. */
#ifndef SY_BACKUP_H
#define SY_BACKUP_H
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "db/photo.h"

#define BACKUP_MAX_TABLES 12

/* Row counts of the main tables (those present in the database). */
struct backup_counts {
	int n;
	const char *table[BACKUP_MAX_TABLES]; /* static names */
	int64_t rows[BACKUP_MAX_TABLES];
};

struct backup_info {
	char path[4096];     /* the file written or read */
	int64_t bytes;       /* its size */
	int schema_version;  /* PRAGMA user_version of the copy */
	int restarts;        /* times the copy started over (source changed by this connection) */
	struct backup_counts counts;
	struct photo_copy photos; /* photo files copied, already there, missing */
};

/* The photo folder of backups made into dir, or of the backup file path. */
char *backup_photo_dir(const char *backup_path);

/* Called between steps: pages still to copy and the total. */
typedef void (*backup_progress_fn)(int remaining, int total, void *ctx);

/* Write a verified backup of d to path. When path is an existing folder the
 * file is named scrapyard-YYYYMMDD-HHMMSS.db inside it. An existing file at
 * the final name is replaced only after the new copy is verified.
 * Fills info (may be NULL). Messages name a full or read-only stick. */
int backup_write(db *d, const char *path, struct backup_info *info, backup_progress_fn progress, void *ctx,
		 sy_err *err);

/* Check a backup file without changing it: integrity, that it is a
 * scrapyard database, and that this program knows its schema. */
int backup_verify(const char *path, struct backup_info *info, sy_err *err);

/* Replace the contents of d with the backup at path, after backup_verify and
 * after keeping the current database aside (its name in aside), and bring
 * its photos back (photos may be NULL). Photos missing from the backup are
 * counted in photos, not refused. The caller should close and reopen d
 * afterwards, which upgrades an older schema. */
int backup_restore(db *d, const char *path, char *aside, size_t aside_size, struct photo_copy *photos, sy_err *err);

/* Whole days since the last recorded backup (today counts 0), or -1 when
 * there has never been one. Uses the pinned clock (SCRAPYARD_NOW). */
int backup_age_days(db *d);
/* Setting backup_reminder_days (default 7). */
int backup_reminder_days(db *d);

/* The last recorded backup: time and path (empty when none). */
int backup_last(db *d, char at[20], char *path, size_t path_size, sy_err *err);

/* Row counts of the main tables of an open SQLite handle. */
int backup_count_rows(sqlite3 *h, struct backup_counts *out);

#endif
