/* The schema check at open and at restore: see db/schema_check.h. */
#include "db/schema_check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/util.h"
#include "db/schema.h"
#include "schema_expected.h" /* generated: SCHEMA_STEPS, SCHEMA_FINGERPRINT */

#if SCHEMA_STEPS < 1
#error "schema_expected.h is not generated from db/schema.c"
#endif

struct object {
	char *type, *name, *table, *sql;
};
struct objects {
	struct object *v;
	int n;
};

static void objects_free(struct objects *o)
{
	for (int i = 0; i < o->n; i++) {
		free(o->v[i].type);
		free(o->v[i].name);
		free(o->v[i].table);
		free(o->v[i].sql);
	}
	free(o->v);
	o->v = NULL;
	o->n = 0;
}

static void add_object(void *ctx, const char *type, const char *name, const char *table, const char *sql)
{
	struct objects *o = ctx;
	if (o->n % 64 == 0)
		o->v = xrealloc(o->v, (size_t)(o->n + 64) * sizeof *o->v);
	o->v[o->n++] = (struct object){xstrdup(type), xstrdup(name), xstrdup(table), xstrdup(sql)};
}

static int objects_read(sqlite3 *h, struct objects *o)
{
	memset(o, 0, sizeof *o);
	int rc = schema_each_object(h, add_object, o);
	if (rc != SQLITE_OK)
		objects_free(o);
	return rc;
}

static const struct object *find(const struct objects *o, const char *type, const char *name)
{
	for (int i = 0; i < o->n; i++)
		if (strcmp(o->v[i].type, type) == 0 && strcmp(o->v[i].name, name) == 0)
			return &o->v[i];
	return NULL;
}

/* What the first `version` steps make, in a private in-memory database. */
static int reference(int version, struct objects *out)
{
	sqlite3 *mem = NULL;
	int rc = sqlite3_open(":memory:", &mem);
	for (int i = 0; i < version && rc == SQLITE_OK; i++)
		rc = sqlite3_exec(mem, schema_steps[i], NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = objects_read(mem, out);
	sqlite3_close(mem);
	return rc;
}

static const char *type_word(const char *type)
{
	if (strcmp(type, "table") == 0)
		return _("table");
	if (strcmp(type, "index") == 0)
		return _("index");
	if (strcmp(type, "trigger") == 0)
		return _("trigger");
	if (strcmp(type, "view") == 0)
		return _("view");
	return type;
}

/* The first difference between the file and the reference, in what; 0
 * when there is none. */
static int compare(const struct objects *have, const struct objects *want, char *what, size_t size)
{
	for (int i = 0; i < have->n; i++) {
		const struct object *h = &have->v[i], *w = find(want, h->type, h->name);
		if (!w) {
			if (strcmp(h->name, h->table) != 0)
				snprintf(what, size, _("unknown %s '%s' on table '%s'"), type_word(h->type), h->name, h->table);
			else
				snprintf(what, size, _("unknown %s '%s'"), type_word(h->type), h->name);
			return 1;
		}
		if (strcmp(h->sql, w->sql) != 0 || strcmp(h->table, w->table) != 0) {
			snprintf(what, size, _("%s '%s' is not as the program made it"), type_word(h->type), h->name);
			return 1;
		}
	}
	for (int i = 0; i < want->n; i++)
		if (!find(have, want->v[i].type, want->v[i].name)) {
			snprintf(what, size, _("%s '%s' is missing"), type_word(want->v[i].type), want->v[i].name);
			return 1;
		}
	return 0;
}

int schema_difference(sqlite3 *h, int version, char *what, size_t size)
{
	char fp[65];
	if (schema_fingerprint(h, fp) != SQLITE_OK)
		return -1;
	if (version == SCHEMA_STEPS && version == schema_count && strcmp(fp, SCHEMA_FINGERPRINT) == 0)
		return 0; /* the usual case: one query and a hash */
	if (version < 0 || version > schema_count) {
		snprintf(what, size, "%s", _("a schema version this program does not know"));
		return 1;
	}
	struct objects have, want;
	int rc = objects_read(h, &have);
	if (rc == SQLITE_OK && (rc = reference(version, &want)) != SQLITE_OK)
		objects_free(&have);
	if (rc != SQLITE_OK)
		return -1;
	int differs = compare(&have, &want, what, size);
	objects_free(&have);
	objects_free(&want);
	return differs;
}

int schema_check(sqlite3 *h, int version, const char *path, sy_err *err)
{
	char what[400];
	int rc = schema_difference(h, version, what, sizeof what);
	if (rc < 0)
		return sy_fail(err, SY_ENV, NULL, _("cannot read the schema of %s: %s"), path, sqlite3_errmsg(h));
	if (rc > 0)
		return sy_fail(err, SY_ENV, NULL,
			       _("the database %s was changed outside scrapyard (%s): it is not used; restore the last good backup with 'scrapyard restore BACKUP'"),
			       path, what);
	return SY_OK;
}
