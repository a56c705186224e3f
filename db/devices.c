/* Devices chosen per counter, per user and for the yard (db/devices.h). */
#include "db/devices.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/util.h"
#include "db/audit.h"
#include "db/input.h"

static const char *const printer_keys[] = {
	"label.printer", "label.language", "label.dpi", "label.size", "label.size.vehicle", "label.size.part",
	"label.size.core", "label.size.waste", "label.gap", "label.wait", NULL,
};
static const char *const scale_keys[] = {"scale", NULL};
static const char *const idcard_keys[] = {"idcard", NULL};
static const char *const a4_keys[] = {"print.a4_printer", NULL};
static const char *const *const kind_keys[DEVICE_KIND_COUNT] = {printer_keys, scale_keys, idcard_keys, a4_keys};

const char *device_kind_name(enum device_kind kind)
{
	static const char *const names[DEVICE_KIND_COUNT] = {"printer", "scale", "idcard", "a4_printer"};
	return kind >= 0 && kind < DEVICE_KIND_COUNT ? names[kind] : "";
}

const char *device_scope_name(enum device_scope scope)
{
	return scope == DEVICE_COUNTER ? "counter" : scope == DEVICE_USER ? "user" : "yard";
}

const char *device_naming_key(enum device_kind kind) { return kind_keys[kind][0]; }

int device_key_kind(const char *key)
{
	for (int k = 0; k < DEVICE_KIND_COUNT; k++)
		for (const char *const *p = kind_keys[k]; *p; p++)
			if (strcmp(key, *p) == 0)
				return k;
	return -1;
}

const char *device_scope_who(db *d, enum device_scope scope)
{
	return scope == DEVICE_COUNTER ? db_counter(d) : scope == DEVICE_USER ? db_user_name(d) : "";
}

char *device_setting_in(db *d, enum device_scope scope, const char *name, const char *key)
{
	if (scope == DEVICE_YARD)
		return db_setting(d, key);
	if (!name || !*name)
		return NULL;
	return db_text(d, NULL, "SELECT value FROM device_settings WHERE scope = ? AND name = ? AND key = ?", "ttt",
		       device_scope_name(scope), name, key);
}

static int chose(db *d, enum device_scope scope, enum device_kind kind)
{
	char *v = device_setting_in(d, scope, device_scope_who(d, scope), device_naming_key(kind));
	free(v);
	return v != NULL;
}

enum device_scope device_scope_of(db *d, enum device_kind kind)
{
	if (chose(d, DEVICE_COUNTER, kind))
		return DEVICE_COUNTER;
	if (chose(d, DEVICE_USER, kind))
		return DEVICE_USER;
	return DEVICE_YARD;
}

char *device_setting(db *d, const char *key)
{
	int kind = device_key_kind(key);
	if (kind < 0)
		return db_setting(d, key);
	enum device_scope scope = device_scope_of(d, (enum device_kind)kind);
	return device_setting_in(d, scope, device_scope_who(d, scope), key);
}

/* ---- writing ---- */

static int name_ok(const char *name)
{
	size_t n = name ? strlen(name) : 0;
	if (n == 0 || n > DEVICE_NAME_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)name[i] < 0x20 || name[i] == 0x7F)
			return 0;
	return 1;
}

static char *change_json(enum device_scope scope, const char *name, const char *key, const char *value)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "scope", device_scope_name(scope));
	if (scope != DEVICE_YARD)
		cJSON_AddStringToObject(o, "name", name);
	cJSON_AddStringToObject(o, "key", key);
	cJSON_AddStringToObject(o, "value", value);
	return input_json_text(o);
}

static int audit_change(db *d, enum device_scope scope, const char *name, const char *key, const char *old,
			const char *value, sy_err *err)
{
	char *old_json = old ? change_json(scope, name, key, old) : NULL;
	char *new_json = value ? change_json(scope, name, key, value) : NULL;
	int rc = audit_append(d, err, "device_setting", 0, !old ? "create" : value ? "update" : "delete", old_json,
			      new_json);
	free(old_json);
	free(new_json);
	return rc;
}

static int save_one(db *d, enum device_scope scope, const char *name, const char *key, const char *value, sy_err *err)
{
	char now[20];
	if (scope == DEVICE_YARD) /* the settings table's own write, audited there where it is */
		value = value ? value : "";
	char *old = device_setting_in(d, scope, name, key);
	int rc = SY_OK;
	if ((!old && !value) || (old && value && strcmp(old, value) == 0)) {
		free(old);
		return SY_OK;
	}
	db_now(now);
	if (scope == DEVICE_YARD)
		rc = db_set_setting(d, err, key, value);
	else if (value)
		rc = db_exec(d, err,
			     "INSERT INTO device_settings(scope, name, key, value, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?)"
			     " ON CONFLICT(scope, name, key) DO UPDATE SET value = excluded.value,"
			     " updated_by = excluded.updated_by, updated_at = excluded.updated_at",
			     "tttttt", device_scope_name(scope), name, key, value, db_actor(d), now);
	else
		rc = db_exec(d, err, "DELETE FROM device_settings WHERE scope = ? AND name = ? AND key = ?", "ttt",
			     device_scope_name(scope), name, key);
	if (rc == SY_OK && scope != DEVICE_YARD) /* the yard's: audited with every settings write */
		rc = audit_change(d, scope, name, key, old, value, err);
	free(old);
	return rc;
}

static int check_choice(enum device_scope scope, const char *name, const struct device_value *v, int n, sy_err *err)
{
	if (scope != DEVICE_YARD && !name_ok(name))
		return sy_fail(err, SY_INVALID, scope == DEVICE_COUNTER ? "counter" : "user",
			       _("a counter's or user's name must be 1 to %d bytes without control characters"),
			       DEVICE_NAME_MAX);
	int kind = n > 0 ? device_key_kind(v[0].key) : -1;
	for (int i = 0; i < n; i++)
		if (device_key_kind(v[i].key) != kind || kind < 0)
			return sy_fail(err, SY_INVALID, "key", _("%s is not a setting of one device"), v[i].key);
	return SY_OK;
}

int device_choice_save(db *d, enum device_scope scope, const char *name, const struct device_value *values, int n,
		       sy_err *err)
{
	int rc = check_choice(scope, name, values, n, err);
	if (rc != SY_OK || db_begin(d, err) != SY_OK)
		return rc != SY_OK ? rc : err->status;
	for (int i = 0; i < n && rc == SY_OK; i++)
		rc = save_one(d, scope, name, values[i].key, values[i].value, err);
	return db_end(d, rc, err);
}

int device_choice_clear(db *d, enum device_scope scope, const char *name, enum device_kind kind, sy_err *err)
{
	struct device_value v[16];
	int n = 0;
	if (scope == DEVICE_YARD)
		return sy_fail(err, SY_INVALID, NULL, "%s", _("the yard's devices are chosen, not cleared"));
	for (const char *const *k = kind_keys[kind]; *k && n < (int)(sizeof v / sizeof v[0]); k++)
		v[n++] = (struct device_value){*k, NULL};
	return device_choice_save(d, scope, name, v, n, err);
}

int device_choice_each(db *d, device_choice_cb cb, void *ctx, sy_err *err)
{
	sqlite3_stmt *st = db_query(d, err,
				    "SELECT scope, name, key, value, COALESCE(updated_by, ''), updated_at FROM device_settings"
				    " ORDER BY scope = 'user', name, key",
				    NULL);
	if (!st)
		return err ? err->status : SY_ENV;
	int rc;
	while ((rc = db_step(d, err, st)) == SQLITE_ROW) {
		const char *scope = (const char *)sqlite3_column_text(st, 0);
		if (cb(strcmp(scope, "user") == 0 ? DEVICE_USER : DEVICE_COUNTER, (const char *)sqlite3_column_text(st, 1),
		       (const char *)sqlite3_column_text(st, 2), (const char *)sqlite3_column_text(st, 3),
		       (const char *)sqlite3_column_text(st, 4), (const char *)sqlite3_column_text(st, 5), ctx))
			break;
	}
	db_done(d, st);
	return rc < 0 ? (err ? err->status : SY_ENV) : SY_OK;
}
