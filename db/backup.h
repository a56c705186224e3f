/* Backup and restore of the yard database, usually to and from a USB stick.
 *
 * A backup is written with SQLite's online backup API in small steps while
 * the other terminals keep working, into a temporary name beside the target;
 * it is then checked (integrity check, row counts of the main tables against
 * the same snapshot of the live database), flushed to the device and renamed
 * into place, and recorded in the backups table.
 * A restore: see backup_restore.
 *
 * The evidence photos (db/photo.h) are files beside the database: a backup
 * copies those its database lists into the folder scrapyard-photos beside
 * the backup file (shared by the backups there: a photo is copied once), and
 * a restore brings back from there those the restored database lists. */
#ifndef SY_BACKUP_H
#define SY_BACKUP_H
#include <stddef.h>
#include <stdint.h>

#include "db/audit.h"
#include "db/backup_crypt.h"
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
	struct audit_head head; /* the newest audit entry in the copy: an anchor outside the database */
	struct photo_copy photos; /* photo files copied, already there, missing */
	int encrypted;       /* sealed with the yard's backup key (db/backup_crypt.h) */
	int key_made;        /* the key was made by this backup (the yard had none) */
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
/* The same, encrypted with the yard's backup key (made now when there is
 * none) unless plain: the copy is made and checked beside the database,
 * sealed into the temporary file on the stick, read back and authenticated,
 * then renamed into place. A folder's file is scrapyard-STAMP.backup
 * (scrapyard-STAMP.db when plain). */
int backup_write_as(db *d, const char *path, int plain, struct backup_info *info, backup_progress_fn progress,
		    void *ctx, sy_err *err);

/* Check a backup file without changing it: integrity, that it is a
 * scrapyard database, and that this program knows its schema. */
int backup_verify(const char *path, struct backup_info *info, sy_err *err);

/* A restore, checked step by step before anything of the yard changes:
 * the backup is copied into a private file beside the database; that
 * copy passes the file checks (integrity, a scrapyard database, a schema
 * this program knows, no planted triggers or look-alike tables), is
 * upgraded to this version's schema, and its audit trail is verified and
 * replayed against its records (with the live yard's key); a backup of
 * another yard (another licence) goes in only when o->confirm says so.
 * Then the current database is kept aside (PATH.before-restore-STAMP, a
 * name no other restore has used) and the copy replaces it: into the
 * working database in one transaction, or, when the current file cannot
 * be opened (live NULL), by renaming the copy over it. */
struct restore_info {
	char aside[4096];                  /* where the previous database was kept */
	char backup_yard[256], backup_licence[128], live_licence[128];
	int other_yard;                    /* the licences differ */
	int schema_version;                /* of the backup as it was */
	struct audit_head head;            /* the backup's trail */
	int encrypted;                     /* the backup was sealed with a backup key */
	int key_saved;                     /* o->key became this database's backup key */
};
struct restore_opts {
	/* Asked when the backup is another yard's: non-zero to go on. NULL refuses. */
	int (*confirm)(void *ctx, const struct restore_info *ri);
	void *ctx;
	/* The key of an encrypted backup (from a recovery code); NULL: the key
	 * file beside the database. Saved as that key when there is none. */
	const struct backup_key *key;
};
int backup_restore(db *live, const char *live_path, const char *path, const struct restore_opts *o,
		   struct restore_info *ri, sy_err *err);
/* audit_anchor_read, where an encrypted backup is read with the key of
 * the database at live_path (decrypted into a private file beside it). */
int backup_anchor_read(const char *live_path, const char *where, struct audit_head *out, sy_err *err);
/* The restore's audit entry, in the database reopened after it. */
int backup_record_restore(db *d, const char *from, const struct restore_info *ri, sy_err *err);
/* After a restore, in the database reopened: the photos its records name,
 * back from the scrapyard-photos folder beside the backup at from. Photos
 * missing there are counted in photos, not refused. */
int backup_restore_photos(db *d, const char *from, struct photo_copy *photos, sy_err *err);

/* Whole days since the last recorded backup (today counts 0), or -1 when
 * there has never been one. Uses db_today (a test build's pinned clock too). */
int backup_age_days(db *d);
/* Setting backup_reminder_days (default 7). */
int backup_reminder_days(db *d);

/* The last recorded backup: time and path (empty when none). */
int backup_last(db *d, char at[20], char *path, size_t path_size, sy_err *err);

/* Row counts of the main tables of an open SQLite handle. */
int backup_count_rows(sqlite3 *h, struct backup_counts *out);

#endif
