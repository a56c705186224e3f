/* The fingerprint of a schema (db/schema_check.h). Kept apart from the
 * check, with nothing but SQLite and libsodium, so that the build can run
 * it on the schema steps (build-aux/schema_fingerprint.c). */
#include <sodium.h>
#include <string.h>

#include "db/schema_check.h"

/* Every object but SQLite's own (sqlite_*, FTS5's shadow tables), in a
 * fixed order. Shared with the check's object-by-object comparison. */
const char schema_objects_sql[] =
	"SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master m"
	" WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
	" AND NOT EXISTS (SELECT 1 FROM pragma_table_list t WHERE t.name = m.name AND t.type = 'shadow')"
	" ORDER BY type, name";

static void hash_text(crypto_hash_sha256_state *s, const unsigned char *text)
{
	size_t n = text ? strlen((const char *)text) : 0;
	unsigned char len[8];
	for (int i = 0; i < 8; i++)
		len[i] = (unsigned char)(n >> (8 * i)); /* length first: no two lists hash alike */
	crypto_hash_sha256_update(s, len, sizeof len);
	if (n)
		crypto_hash_sha256_update(s, text, n);
}

int schema_fingerprint(sqlite3 *h, char out[65])
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(h, schema_objects_sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	crypto_hash_sha256_state s;
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_init(&s);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		for (int i = 0; i < 4; i++)
			hash_text(&s, sqlite3_column_text(st, i));
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return rc;
	crypto_hash_sha256_final(&s, digest);
	sodium_bin2hex(out, 65, digest, sizeof digest);
	return SQLITE_OK;
}
