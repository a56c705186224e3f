#include "db/audit_read.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "db/vehicle.h"

#define HISTORY_SQL                                                                                              \
	"SELECT id, at, user, action, old, new, entity, entity_id FROM audit WHERE entity = ?1 AND entity_id = ?2"   \
	" UNION ALL SELECT id, at, user, action, old, new, entity, entity_id FROM audit WHERE ?1 = 'vehicle'"      \
	" AND entity = 'filing' AND entity_id IN (SELECT id FROM filings WHERE vehicle_id = ?2)"                 \
	" UNION ALL SELECT id, at, user, action, old, new, entity, entity_id FROM audit WHERE ?1 = 'vehicle'"      \
	" AND entity = 'photo' AND entity_id IN (SELECT id FROM photos WHERE vehicle_id = ?2) ORDER BY 1"

/* NULL stays NULL: an entry without old or new values says so. */
static const char *text_or_null(sqlite3_stmt *st, int i) { return (const char *)sqlite3_column_text(st, i); }

int audit_history(db *d, const char *entity, int64_t id, audit_entry_cb cb, void *ctx, sy_err *err)
{
	sqlite3_stmt *st = db_query(d, err, HISTORY_SQL, "tI", entity, id);
	if (!st)
		return err->status;
	int rc;
	while ((rc = db_step(d, err, st)) == SQLITE_ROW) {
		struct audit_entry e = {
			.id = sqlite3_column_int64(st, 0),
			.at = text_or_null(st, 1),
			.user = text_or_null(st, 2),
			.action = text_or_null(st, 3),
			.old_json = text_or_null(st, 4),
			.new_json = text_or_null(st, 5),
			.entity = text_or_null(st, 6),
			.entity_id = sqlite3_column_int64(st, 7),
		};
		if (cb(&e, ctx))
			break;
	}
	return db_walk_end(d, st, rc, err);
}

/* Records that have a reference a clerk would type, by audit entity name. */
static const struct {
	const char *entity, *table, *column;
} refs[] = {
	{"vehicle", "vehicles", "stock_no"},   {"part", "parts", "part_no"},
	{"certificate", "certificates", "number"}, {"shipment", "shipments", "ship_no"},
	{"waste", "waste", "container_code"},  {"user", "users", "name"},
};

const char *audit_find_ref(db *d, const char *entity, const char *ref, int64_t *id)
{
	for (size_t i = 0; i < sizeof refs / sizeof refs[0]; i++) {
		if (entity && strcmp(entity, refs[i].entity) != 0)
			continue;
		if (strcmp(refs[i].entity, "vehicle") == 0) {
			/* a vehicle goes by its stock number, VIN or plate */
			struct vehicle v;
			if (vehicle_find(d, ref, &v, NULL) == SY_OK) {
				*id = v.id;
				return refs[i].entity;
			}
			continue;
		}
		char *sql = xasprintf("SELECT id FROM %s WHERE %s = ?", refs[i].table, refs[i].column);
		int rc = db_int64(d, NULL, id, sql, "t", ref);
		free(sql);
		if (rc == SY_OK)
			return refs[i].entity;
	}
	return NULL;
}

int audit_cut_after_export(db *d, int64_t *last, int64_t *exported)
{
	*last = *exported = 0;
	return db_int64(d, NULL, exported, "SELECT coalesce(max(upto_audit), 0) FROM exports", NULL) == SY_OK &&
	       db_int64(d, NULL, last, "SELECT coalesce(max(id), 0) FROM audit", NULL) == SY_OK && *exported > *last;
}
