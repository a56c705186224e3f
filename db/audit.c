#include "db/audit.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "base/util.h"

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

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

int audit_append(db *d, sy_err *err, const char *entity, int64_t entity_id, const char *action,
		 const char *old_json, const char *new_json)
{
	char at[20], id_text[24], hash[65], prev[65] = GENESIS;
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
	return db_exec(d, err,
		       "INSERT INTO audit(at, user, entity, entity_id, action, old, new, prev_hash, hash)"
		       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		       "sssIsssss", at, db_actor(d), entity, (int64_t)entity_id, action, old_json, new_json, prev, hash);
}

static const char *col(sqlite3_stmt *st, int i) { return (const char *)sqlite3_column_text(st, i); }

int audit_verify(db *d, sy_err *err, int64_t *bad_id, int64_t *checked)
{
	sqlite3_stmt *st = db_query(d, err,
				    "SELECT id, at, user, entity, entity_id, action, old, new, prev_hash, hash"
				    " FROM audit ORDER BY id",
				    NULL);
	if (!st)
		return err->status;
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
		memcpy(expected_prev, hash, sizeof hash);
		last_id = id;
	}
	db_done(d, st);
	if (status == SY_OK && rc != SQLITE_DONE)
		status = err->status;
	return status;
}
