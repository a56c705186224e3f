/* The objects of a schema and their fingerprint (db/schema_check.h). Kept
 * apart from the check, with nothing but SQLite, libsodium and libc, so that
 * the build can run it on the schema steps (build-aux/schema_fingerprint.c). */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "db/schema_check.h"

/* Every object but SQLite's own: sqlite_* and FTS5's shadow tables. */
static const char objects_sql[] = "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master"
				  " WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type, name";

/* FTS5 keeps a virtual table NAME in tables NAME_data, _idx, _config,
 * _docsize and _content. (pragma_table_list says so too, at ten times the
 * cost of everything else the check does.) */
static int is_shadow(const char *type, const char *name, char **vtabs, int nvtabs)
{
	static const char *const suffixes[] = {"_data", "_idx", "_config", "_docsize", "_content"};
	if (strcmp(type, "table") != 0)
		return 0;
	for (int i = 0; i < nvtabs; i++) {
		size_t n = strlen(vtabs[i]);
		if (strncmp(name, vtabs[i], n) != 0)
			continue;
		for (size_t s = 0; s < sizeof suffixes / sizeof suffixes[0]; s++)
			if (strcmp(name + n, suffixes[s]) == 0)
				return 1;
	}
	return 0;
}

int schema_each_object(sqlite3 *h, schema_object_cb cb, void *ctx)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(h, objects_sql, -1, &st, NULL), n = 0, cap = 0, nvtabs = 0;
	char **rows = NULL, *vtabs[16];
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n + 4 > cap) {
			cap = cap ? 2 * cap : 256;
			char **grown = realloc(rows, (size_t)cap * sizeof *rows);
			if (!grown) {
				rc = SQLITE_NOMEM;
				break;
			}
			rows = grown;
		}
		for (int i = 0; i < 4; i++) {
			const char *t = (const char *)sqlite3_column_text(st, i);
			rows[n + i] = strdup(t ? t : "");
		}
		if (strncmp(rows[n + 3], "CREATE VIRTUAL TABLE", 20) == 0 && nvtabs < 16)
			vtabs[nvtabs++] = rows[n + 1];
		n += 4;
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE || rc == SQLITE_OK) {
		rc = SQLITE_OK;
		for (int i = 0; i < n; i += 4)
			if (!is_shadow(rows[i], rows[i + 1], vtabs, nvtabs))
				cb(ctx, rows[i], rows[i + 1], rows[i + 2], rows[i + 3]);
	}
	for (int i = 0; i < n; i++)
		free(rows[i]);
	free(rows);
	return rc;
}

static void hash_text(crypto_generichash_state *s, const char *text)
{
	size_t n = strlen(text);
	unsigned char len[8];
	for (int i = 0; i < 8; i++)
		len[i] = (unsigned char)(n >> (8 * i)); /* length first: no two lists hash alike */
	crypto_generichash_update(s, len, sizeof len);
	crypto_generichash_update(s, (const unsigned char *)text, n);
}

static void hash_object(void *ctx, const char *type, const char *name, const char *table, const char *sql)
{
	hash_text(ctx, type);
	hash_text(ctx, name);
	hash_text(ctx, table);
	hash_text(ctx, sql);
}

int schema_fingerprint(sqlite3 *h, char out[65])
{
	crypto_generichash_state s;
	unsigned char digest[32];
	crypto_generichash_init(&s, NULL, 0, sizeof digest);
	int rc = schema_each_object(h, hash_object, &s);
	if (rc != SQLITE_OK)
		return rc;
	crypto_generichash_final(&s, digest, sizeof digest);
	sodium_bin2hex(out, 65, digest, sizeof digest);
	return SQLITE_OK;
}
