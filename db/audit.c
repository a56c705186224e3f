#include "db/audit.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/util.h"

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"
#define KEY_BYTES 32
#define ANCHOR_MIN_HEX 16 /* digits of a hash a printed anchor shows */

/* Fields are length-prefixed so that no two different rows hash alike. */
static void hash_field(crypto_hash_sha256_state *h, const char *s)
{
	char len[24];
	size_t n = s ? strlen(s) : 0;
	int m = snprintf(len, sizeof len, s ? "%zu:" : "-:", n);
	crypto_hash_sha256_update(h, (const unsigned char *)len, (size_t)m);
	if (s)
		crypto_hash_sha256_update(h, (const unsigned char *)s, n);
}

static void entry_hash(char out[65], const char *prev, const char *at, const char *user, const char *entity,
		       const char *entity_id, const char *action, const char *old_json, const char *new_json)
{
	crypto_hash_sha256_state h;
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_init(&h);
	const char *fields[] = {prev, at, user, entity, entity_id, action, old_json, new_json};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		hash_field(&h, fields[i]);
	crypto_hash_sha256_final(&h, digest);
	sodium_bin2hex(out, 65, digest, sizeof digest);
}

/* ---- the key ---- */

struct audit_key {
	int present;  /* a key file is there */
	int usable;   /* and it is root's, not writable by others, and readable here */
	int64_t from; /* the first entry written with the key */
	unsigned char key[KEY_BYTES];
};

char *audit_key_path(const char *db_path) { return xasprintf("%s.audit-key", db_path); }

/* "key HEX" and "from N" lines, in a file only root may write. */
static void key_load(const char *db_path, struct audit_key *k)
{
	memset(k, 0, sizeof *k);
	char *path = audit_key_path(db_path);
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;
	k->present = fd >= 0 || (errno != ENOENT && lstat(path, &st) == 0);
	free(path);
	if (fd < 0)
		return;
	char buf[256] = "", hex[2 * KEY_BYTES + 1] = "";
	long long from = 0;
	ssize_t n = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == 0 && !(st.st_mode & 022)
			    ? read(fd, buf, sizeof buf - 1)
			    : -1;
	close(fd);
	size_t len = 0;
	if (n > 0 && sscanf(buf, "key %64s from %lld", hex, &from) == 2 && from > 0 &&
	    sodium_hex2bin(k->key, sizeof k->key, hex, strlen(hex), NULL, &len, NULL) == 0 && len == KEY_BYTES) {
		k->usable = 1;
		k->from = from;
	}
	sodium_memzero(buf, sizeof buf);
	sodium_memzero(hex, sizeof hex);
}

static void entry_mac(const struct audit_key *k, const char *hash, char out[65])
{
	unsigned char mac[32];
	crypto_generichash(mac, sizeof mac, (const unsigned char *)hash, strlen(hash), k->key, sizeof k->key);
	sodium_bin2hex(out, 65, mac, sizeof mac);
}

int audit_key_create(db *d, char **path_out, sy_err *err)
{
	struct audit_key k;
	struct stat dbst;
	*path_out = audit_key_path(db_path(d));
	if (geteuid() != 0)
		return sy_fail(err, SY_INVALID, NULL,
			       _("the audit key must belong to root, so that no clerk can change it: run this as root"));
	key_load(db_audit_key_of(d), &k);
	if (k.present)
		return sy_fail(err, SY_INVALID, NULL, _("%s exists already: the yard has its key"), *path_out);
	int64_t last = 0;
	if (db_int64(d, err, &last, "SELECT coalesce(max(id), 0) FROM audit", NULL) != SY_OK || stat(db_path(d), &dbst) != 0)
		return err ? err->status : SY_ENV;
	unsigned char key[KEY_BYTES];
	char hex[2 * KEY_BYTES + 1], text[160];
	randombytes_buf(key, sizeof key);
	sodium_bin2hex(hex, sizeof hex, key, sizeof key);
	int len = snprintf(text, sizeof text, "key %s\nfrom %lld\n", hex, (long long)last + 1);
	sodium_memzero(key, sizeof key);
	sodium_memzero(hex, sizeof hex);
	/* Readable by the database's group (the program's setgid group), no one else. */
	int fd = open(*path_out, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	int ok = fd >= 0 && write(fd, text, (size_t)len) == len && fchown(fd, 0, dbst.st_gid) == 0 &&
		 fchmod(fd, 0640) == 0 && fsync(fd) == 0;
	int e = errno;
	sodium_memzero(text, sizeof text);
	if (fd >= 0)
		close(fd);
	if (!ok) {
		unlink(*path_out);
		return sy_fail(err, SY_ENV, NULL, _("cannot write %s: %s"), *path_out, strerror(e));
	}
	return SY_OK;
}

/* ---- appending ---- */

int audit_append(db *d, sy_err *err, const char *entity, int64_t entity_id, const char *action,
		 const char *old_json, const char *new_json)
{
	char at[20], id_text[24], hash[65], prev[65] = GENESIS, mac[65];
	struct audit_key k;
	db_now(at);
	snprintf(id_text, sizeof id_text, "%lld", (long long)entity_id);
	/* The link: a failed read must not chain the entry to the start. */
	sqlite3_stmt *st = db_query(d, err, "SELECT hash FROM audit ORDER BY id DESC LIMIT 1", NULL);
	if (!st)
		return err ? err->status : SY_ENV;
	int step = db_step(d, err, st);
	if (step == SQLITE_ROW && sqlite3_column_text(st, 0))
		sy_strlcpy(prev, (const char *)sqlite3_column_text(st, 0), sizeof prev);
	db_done(d, st);
	if (step < 0)
		return err ? err->status : SY_ENV;
	entry_hash(hash, prev, at, db_actor(d), entity, id_text, action, old_json, new_json);
	key_load(db_audit_key_of(d), &k);
	int with_mac = k.usable;
	if (with_mac)
		entry_mac(&k, hash, mac);
	sodium_memzero(&k, sizeof k);
	return db_exec(d, err,
		       "INSERT INTO audit(at, user, entity, entity_id, action, old, new, prev_hash, hash, mac)"
		       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		       "sssIssssss", at, db_actor(d), entity, (int64_t)entity_id, action, old_json, new_json, prev, hash,
		       with_mac ? mac : NULL);
}

/* ---- verifying the chain ---- */

static const char *col(sqlite3_stmt *st, int i) { return (const char *)sqlite3_column_text(st, i); }

/* The keyed MAC of one entry: from the key's first entry on, each must
 * carry one that verifies. */
static int check_mac(const struct audit_key *k, sqlite3_stmt *st, int64_t id, sy_err *err)
{
	const char *mac = col(st, 10);
	char want[65];
	if (!k->present)
		return mac ? sy_fail(err, SY_INVALID, NULL,
				     _("audit entry %lld carries a keyed MAC but the yard's key is gone: it was removed"),
				     (long long)id)
			   : SY_OK;
	if (!k->usable)
		return sy_fail(err, SY_INVALID, NULL,
			       _("the audit key cannot be read here or is not root's alone: check it as the user the program runs as"));
	if (id < k->from)
		return SY_OK; /* written before the yard had a key */
	if (!mac)
		return sy_fail(err, SY_INVALID, NULL,
			       _("audit entry %lld has no keyed MAC: it was not written by scrapyard"), (long long)id);
	entry_mac(k, col(st, 9), want);
	if (sodium_memcmp(want, mac, 64) != 0 || strlen(mac) != 64)
		return sy_fail(err, SY_INVALID, NULL,
			       _("audit entry %lld has a wrong keyed MAC: it was written or changed outside scrapyard"),
			       (long long)id);
	return SY_OK;
}

int audit_verify(db *d, sy_err *err, int64_t *bad_id, int64_t *checked)
{
	sqlite3_stmt *st = db_query(d, err,
				    "SELECT id, at, user, entity, entity_id, action, old, new, prev_hash, hash, mac"
				    " FROM audit ORDER BY id",
				    NULL);
	if (!st)
		return err->status;
	struct audit_key k;
	key_load(db_audit_key_of(d), &k);
	char expected_prev[65] = GENESIS, hash[65];
	int64_t last_id = 0;
	int rc, status = SY_OK;
	*checked = 0;
	*bad_id = 0;
	while (status == SY_OK && (rc = db_step(d, err, st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		(*checked)++;
		if (strcmp(col(st, 8), expected_prev) != 0) {
			*bad_id = id;
			status = sy_fail(err, SY_INVALID, NULL,
					 id != last_id + 1 && last_id
						 ? _("audit entry %lld does not follow entry %lld: entries between them were deleted")
						 : _("audit entry %lld does not link to the entry before it: that entry was changed or deleted"),
					 (long long)id, (long long)last_id);
			break;
		}
		entry_hash(hash, col(st, 8), col(st, 1), col(st, 2), col(st, 3), col(st, 4), col(st, 5), col(st, 6),
			   col(st, 7));
		if (strcmp(hash, col(st, 9)) != 0) {
			*bad_id = id;
			status = sy_fail(err, SY_INVALID, NULL, _("audit entry %lld was changed after it was written"),
					 (long long)id);
			break;
		}
		if ((status = check_mac(&k, st, id, err)) != SY_OK) {
			*bad_id = id;
			break;
		}
		memcpy(expected_prev, hash, sizeof hash);
		last_id = id;
	}
	db_done(d, st);
	if (status == SY_OK && rc != SQLITE_DONE)
		status = err->status;
	if (status == SY_OK && k.usable && last_id < k.from - 1) {
		*bad_id = last_id + 1;
		status = sy_fail(err, SY_INVALID, NULL,
				 _("the audit trail ends at entry %lld, but the yard's key was made when it had %lld: entries were removed"),
				 (long long)last_id, (long long)k.from - 1);
	}
	sodium_memzero(&k, sizeof k);
	return status;
}

/* ---- anchors ---- */

int audit_head(db *d, struct audit_head *out, sy_err *err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = db_query(d, err, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1", NULL);
	if (!st)
		return err ? err->status : SY_ENV;
	int rc = db_step(d, err, st);
	if (rc == SQLITE_ROW) {
		out->entry = sqlite3_column_int64(st, 0);
		sy_strlcpy(out->hash, col(st, 1) ? col(st, 1) : "", sizeof out->hash);
	}
	db_done(d, st);
	return rc < 0 ? (err ? err->status : SY_ENV) : SY_OK;
}

void audit_head_text(const struct audit_head *h, char *out, size_t size)
{
	snprintf(out, size, "entry %lld, hash %.16s", (long long)h->entry, h->hash);
}

static int hex_text(const char *s, size_t min)
{
	size_t n = strlen(s);
	if (n < min || n > 64)
		return 0;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return 0;
	return 1;
}

static int anchor_from_manifest(const char *dir, struct audit_head *out, sy_err *err)
{
	char *path = xasprintf("%s/manifest.json", dir);
	FILE *f = fopen(path, "rb");
	char buf[16384];
	size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
	if (f)
		fclose(f);
	buf[n] = '\0';
	cJSON *m = cJSON_Parse(buf), *head = cJSON_GetObjectItemCaseSensitive(m, "audit_head");
	cJSON *entry = cJSON_GetObjectItemCaseSensitive(head, "entry"), *hash = cJSON_GetObjectItemCaseSensitive(head, "hash");
	int ok = cJSON_IsNumber(entry) && cJSON_IsString(hash) && hex_text(hash->valuestring, 64);
	if (ok) {
		out->entry = (int64_t)entry->valuedouble;
		sy_strlcpy(out->hash, hash->valuestring, sizeof out->hash);
	}
	cJSON_Delete(m);
	int status = ok ? SY_OK
			: sy_fail(err, SY_INVALID, "against",
				  _("%s has no audit anchor: give an export folder made by this version, a backup, or ENTRY:HASH"),
				  path);
	free(path);
	return status;
}

/* The newest entry of a backup file, read without changing it. */
static int anchor_from_backup(const char *path, struct audit_head *out, sy_err *err)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	int status = SY_INVALID;
	if (db_open_snapshot(path, &h) == SQLITE_OK &&
	    sqlite3_prepare_v2(h, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 1)) {
		out->entry = sqlite3_column_int64(st, 0);
		sy_strlcpy(out->hash, (const char *)sqlite3_column_text(st, 1), sizeof out->hash);
		status = SY_OK;
	}
	sqlite3_finalize(st);
	sqlite3_close_v2(h);
	return status == SY_OK ? SY_OK
			       : sy_fail(err, SY_INVALID, "against", _("%s is not a scrapyard backup with an audit trail"), path);
}

int audit_anchor_read(const char *where, struct audit_head *out, sy_err *err)
{
	struct stat st;
	long long entry;
	char hash[80];
	int used = 0;
	memset(out, 0, sizeof *out);
	if (stat(where, &st) == 0)
		return S_ISDIR(st.st_mode) ? anchor_from_manifest(where, out, err) : anchor_from_backup(where, out, err);
	if (sscanf(where, "%lld:%79[0-9a-f]%n", &entry, hash, &used) == 2 && !where[used] && entry > 0 &&
	    hex_text(hash, ANCHOR_MIN_HEX)) {
		out->entry = entry;
		sy_strlcpy(out->hash, hash, sizeof out->hash);
		return SY_OK;
	}
	return sy_fail(err, SY_INVALID, "against",
		       _("'%s' is no export folder, backup file or ENTRY:HASH (at least 16 hex digits, as printed)"), where);
}

int audit_anchor_check(db *d, const struct audit_head *a, sy_err *err)
{
	struct audit_head now;
	if (audit_head(d, &now, err) != SY_OK)
		return err->status;
	char *hash = db_text(d, err, "SELECT hash FROM audit WHERE id = ?", "I", a->entry);
	int status = SY_OK;
	if (!hash && now.entry < a->entry)
		status = sy_fail(err, SY_INVALID, NULL,
				 _("the trail ends at entry %lld, but the anchor shows entry %lld: the entries after %lld were removed"),
				 (long long)now.entry, (long long)a->entry, (long long)now.entry);
	else if (!hash)
		status = sy_fail(err, SY_INVALID, NULL, _("audit entry %lld of the anchor is gone"), (long long)a->entry);
	else if (strncmp(hash, a->hash, strlen(a->hash)) != 0)
		status = sy_fail(err, SY_INVALID, NULL,
				 _("audit entry %lld no longer has the hash the anchor shows: the trail up to it was rewritten"),
				 (long long)a->entry);
	free(hash);
	return status;
}
