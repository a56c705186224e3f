/* Replaying the audit trail against the records (db/audit.h).
 *
 * Each audited table is described below: the audit entity that names its
 * records, how an entry finds its record (the entry's entity_id, or a code
 * in the entry for the catalogues), the actions that create and remove a
 * record, and the fields compared, each as the JSON key the entries write
 * and the SQL expression over the row that must equal it. Fields a record
 * changes without its own entry (a vehicle's deregistration deadline set
 * by its certificate, a user's failed-login count, the battery hand-over
 * copied to the battery's record) are left out, and so are fields the
 * entries never named (entries of older versions): only what the trail
 * recorded is held against the record.
 *
 * Records and entries are read in id order side by side (the audit_entity
 * index gives the entries in that order), one record's entries at a time,
 * so a yard of millions of records needs no more memory than one record. */
#include "db/audit.h"

#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/util.h"
#include "db/personal.h"

/* How a field's value is held against the trail's (audit_field_matches). */
enum field_kind {
	F_TEXT,   /* text; the trail's null is NULL or "" */
	F_REAL,   /* a number, or null for NULL */
	F_AMOUNT, /* a mass or price: the trail writes null for "not given" (0 or NULL) */
	F_INT,    /* a whole number, or null for NULL */
	F_BOOL,   /* 0/1 against false/true */
	F_JSON,   /* the column holds JSON text (a part's photos) */
	F_DIGEST, /* the trail holds the SHA-256 of the column (PIN hash, certificate snapshot) */
	F_COMMIT, /* personal data: the trail holds a salted commitment (db/personal.h), or, in
		   * entries written before schema step 17, the value; the row gives salt and value */
};

struct field {
	const char *key;  /* in the entries' JSON; "a.b" for a member of a member */
	const char *expr; /* over the row */
	enum field_kind kind;
};

struct table {
	const char *entity;
	const char *table;
	const char *ref;      /* what a clerk calls the record, for messages */
	const char *code_key; /* catalogues: the entry's JSON member naming the record (entity_id 0) */
	const char *code_expr;
	const char *create;   /* actions that make a record, space-separated */
	const char *gone;     /* actions after which the record no longer exists */
	const struct field *fields;
};

#define T(key, expr) {key, expr, F_TEXT}
#define T1(col) {#col, #col, F_TEXT}
#define A1(col) {#col, #col, F_AMOUNT}
#define I1(col) {#col, #col, F_INT}
#define B1(col) {#col, #col, F_BOOL}
/* Salt, field and value joined by U+001F, or NULL when the field is empty
 * (an erased one is); the salt is "" for a vehicle that has none yet. */
#define P1(col)                                                                                           \
	{#col,                                                                                              \
	 "CASE WHEN coalesce(" #col ", '') = '' THEN NULL ELSE coalesce((SELECT salt FROM personal_salts"   \
	 " WHERE vehicle_id = vehicles.id), '') || char(31) || '" #col "' || char(31) || " #col " END",     \
	 F_COMMIT}

static const struct field vehicle_fields[] = {
	T1(stock_no), T1(vin), T1(plate), T1(brand_model), T1(vehicle_type), T1(use_nature), T1(power_type),
	T1(colour), T1(engine_no), T1(first_reg_date), A1(curb_mass_kg), T1(received_date), A1(weighed_kg),
	T1(battery_code), I1(battery_count), T1(owner_kind), P1(owner_name), P1(owner_id), P1(owner_phone),
	P1(owner_address), P1(agent_name), P1(agent_id), B1(doc_registration), B1(doc_licence),
	I1(plates_returned), B1(police_supervised), T1(missing_parts), B1(owner_statement), B1(vehicle_missing),
	T1(vin_override_reason), T1(status), T1(reg_type), P1(postal_code), T1(notes), T1(created_by), T1(created_at), {0},
};
static const struct field part_fields[] = {
	T1(part_no), I1(vehicle_id), T1(kind), T1(grade), T1(dest), T1(material), A1(weight_kg), T1(location),
	A1(price), T1(notes), {"photos", "photos", F_JSON}, T1(status),
	T("ship_no", "(SELECT ship_no FROM shipments WHERE id = shipment_id)"), T1(created_by), T1(created_at), {0},
};
static const struct field cert_fields[] = {
	T1(number), T1(status), T("stock_no", "(SELECT stock_no FROM vehicles WHERE id = vehicle_id)"), T1(issued_at),
	T1(issued_by), T1(void_reason), T1(voided_at), T1(voided_by), T1(replaces), T1(checksum),
	{"snapshot_sha256", "snapshot", F_DIGEST}, {0},
};
static const struct field user_fields[] = {
	T1(name), T1(full_name), T1(role), B1(active), {"pin_sha256", "pin_hash", F_DIGEST}, {0},
};
static const struct field site_fields[] = {
	T1(name), T1(license_no), T1(address), T1(phone), T1(credit_code), T1(contact), {0},
};
static const struct field shipment_fields[] = {
	T1(ship_no), {"party.id", "party_id", F_INT}, T1(shipped_on), T1(kind), T1(material), A1(weight_kg),
	A1(price), T1(notes), T1(created_by), T1(created_at), {0},
};
static const struct field party_fields[] = {
	T1(name), T1(kind), T1(licence), T1(credit_code), T1(phone), T1(address), {0},
};
static const struct field waste_fields[] = {
	T1(container_code), T1(batch_code), T1(code), T1(source), {"qty", "qty", F_REAL}, T1(unit),
	T1(container_type), I1(containers), T1(facility_code), T1(destination), T1(notes), T1(generated_at),
	T1(generated_by), T1(stored_at), T1(stored_by), T1(store_location), T1(shipped_at), T1(shipped_by),
	I1(handler_id), T1(manifest_no), {0},
};
static const struct field depollution_fields[] = {
	T1(step), {"not_present", "absent", F_BOOL}, {"qty", "qty", F_REAL}, T1(unit), T1(container), T1(detail),
	T1(battery_code), T1(notes), T1(done_by), T1(done_at), T1(recorded_by), {0},
};
static const struct field part_kind_fields[] = {
	T1(code), T1(name_en), T1(name_zh), B1(assembly), T1(material), B1(keeps_vin), B1(hazardous), T1(step),
	I1(max_per_vehicle), {0},
};
static const struct field waste_code_fields[] = {
	T1(code), T1(category), T1(name_en), T1(name_zh), T1(unit), B1(site_defined), T1(form), T1(hazard),
	T1(components), T1(hazardous), T1(precautions), {0},
};
static const struct field factor_fields[] = {
	T1(route), T1(key), {"factor", "factor", F_REAL}, {"low", "low", F_REAL}, {"high", "high", F_REAL},
	T1(quality), T1(source), {0},
};

static const struct table tables[] = {
	{"vehicle", "vehicles", "stock_no", NULL, NULL, "create adopt", "", vehicle_fields},
	{"part", "parts", "part_no", NULL, NULL, "create adopt", "", part_fields},
	{"certificate", "certificates", "number", NULL, NULL, "issue adopt", "", cert_fields},
	{"user", "users", "name", NULL, NULL, "create adopt", "", user_fields},
	{"site", "site", "name", NULL, NULL, "create update adopt", "", site_fields},
	{"shipment", "shipments", "ship_no", NULL, NULL, "create adopt", "", shipment_fields},
	{"party", "parties", "name", NULL, NULL, "create adopt", "", party_fields},
	{"waste", "waste", "container_code", NULL, NULL, "generate adopt", "delete", waste_fields},
	{"depollution", "depollution", "step", NULL, NULL, "record not_present adopt", "undo", depollution_fields},
	{"part_kind", "part_kinds", "code", "code", "code", NULL, "", part_kind_fields},
	{"waste_code", "waste_codes", "code", "code", "code", NULL, "", waste_code_fields},
	{"emission_factor", "emission_factors", "route || '/' || key", "route/key", "route || '/' || key", NULL, "",
	 factor_fields},
};
#define NTABLES (sizeof tables / sizeof tables[0])

/* ---- one field ---- */

static void sha256_hex(const void *data, size_t n, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, data, n);
	sodium_bin2hex(out, 65, h, sizeof h);
}

static int column_empty(sqlite3_stmt *st, int col, enum field_kind kind)
{
	int type = sqlite3_column_type(st, col);
	if (type == SQLITE_NULL)
		return 1;
	if (type == SQLITE_TEXT && sqlite3_column_bytes(st, col) == 0)
		return 1;
	if (kind == F_AMOUNT && type != SQLITE_TEXT && sqlite3_column_double(st, col) <= 0)
		return 1;
	if (kind == F_JSON) {
		const char *t = (const char *)sqlite3_column_text(st, col);
		return t && (strcmp(t, "[]") == 0 || strcmp(t, "{}") == 0);
	}
	return 0;
}

/* A personal field: "salt\x1ffield\x1fvalue" from the row against the
 * trail's commitment, or against the value itself in an entry written
 * before commitments were. */
static int commitment_matches(const char *row, const char *audited)
{
	const char *f = strchr(row, '\x1f'), *v = f ? strchr(f + 1, '\x1f') : NULL;
	if (!v)
		return 0;
	if (strncmp(audited, PERSONAL_COMMIT_PREFIX, strlen(PERSONAL_COMMIT_PREFIX)) != 0)
		return strcmp(v + 1, audited) == 0;
	char salt[80], field[48], c[68];
	snprintf(salt, sizeof salt, "%.*s", (int)(f - row), row);
	snprintf(field, sizeof field, "%.*s", (int)(v - f - 1), f + 1);
	personal_commitment(salt, field, v + 1, c);
	return *salt && strcmp(c, audited) == 0;
}

/* Does the record's value (column col of st) equal what the trail last
 * recorded for the field? This is the one place a record meets its trail:
 * a field the trail holds in another form (the privacy work's salted
 * commitments of personal data, say) is a new kind here, with the value
 * hashed as the entry was. */
static int audit_field_matches(enum field_kind kind, const cJSON *audited, sqlite3_stmt *st, int col)
{
	if (cJSON_IsNull(audited) || (cJSON_IsString(audited) && !*audited->valuestring && kind != F_DIGEST) ||
	    (kind == F_JSON && (cJSON_IsArray(audited) || cJSON_IsObject(audited)) && !audited->child))
		return column_empty(st, col, kind);
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return 0;
	if (cJSON_IsBool(audited))
		return sqlite3_column_int64(st, col) == (cJSON_IsTrue(audited) ? 1 : 0);
	if (cJSON_IsNumber(audited)) {
		double have = sqlite3_column_double(st, col), want = audited->valuedouble;
		return fabs(have - want) <= 1e-9 * fmax(1.0, fabs(want)) && sqlite3_column_type(st, col) != SQLITE_TEXT;
	}
	const char *text = (const char *)sqlite3_column_text(st, col);
	if (kind == F_COMMIT && cJSON_IsString(audited))
		return commitment_matches(text, audited->valuestring);
	if (kind == F_DIGEST && cJSON_IsString(audited)) {
		char hex[65];
		sha256_hex(text, (size_t)sqlite3_column_bytes(st, col), hex);
		return strcmp(hex, audited->valuestring) == 0;
	}
	if (cJSON_IsString(audited))
		return strcmp(text, audited->valuestring) == 0;
	cJSON *parsed = cJSON_Parse(text); /* F_JSON: an array or object */
	int same = parsed && cJSON_Compare(parsed, audited, 1);
	cJSON_Delete(parsed);
	return same;
}

/* The trail's value for key, "a.b" reaching into a member. */
static const cJSON *state_value(const cJSON *state, const char *key)
{
	const char *dot = strchr(key, '.');
	if (!dot)
		return cJSON_GetObjectItemCaseSensitive(state, key);
	char head[48];
	snprintf(head, sizeof head, "%.*s", (int)(dot - key), key);
	return cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(state, head), dot + 1);
}

/* ---- findings ---- */

struct replay {
	db *d;
	audit_finding_cb cb;
	void *ctx;
	int64_t records, findings;
};

static void report(struct replay *r, const struct table *t, int64_t id, const char *ref, const char *field,
		   int64_t entry, const char *what)
{
	struct audit_finding f = {.id = id, .entry = entry};
	sy_strlcpy(f.entity, t->entity, sizeof f.entity);
	sy_strlcpy(f.ref, ref ? ref : "", sizeof f.ref);
	sy_strlcpy(f.field, field ? field : "", sizeof f.field);
	sy_strlcpy(f.what, what, sizeof f.what);
	r->findings++;
	if (r->cb)
		r->cb(&f, r->ctx);
}

static int has_word(const char *list, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = list; p && (p = strstr(p, word)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return 1;
	return 0;
}

/* ---- folding a record's entries ---- */

struct fold {
	cJSON *state;  /* merged "new" values */
	int created, gone;
	int64_t last;  /* newest entry */
};

static void fold_reset(struct fold *f)
{
	cJSON_Delete(f->state);
	memset(f, 0, sizeof *f);
}

/* Entry by entry: a create starts the record afresh, a removal ends it,
 * anything else overlays the fields it names. */
static void fold_entry(struct fold *f, const struct table *t, int64_t entry, const char *action, const char *new_json)
{
	f->last = entry;
	if (has_word(t->gone, action)) {
		cJSON_Delete(f->state);
		f->state = NULL;
		f->gone = 1;
		return;
	}
	if (!t->create || has_word(t->create, action)) {
		cJSON_Delete(f->state);
		f->state = NULL;
		f->created = 1;
		f->gone = 0;
	}
	if (!f->state)
		f->state = cJSON_CreateObject();
	cJSON *n = new_json ? cJSON_Parse(new_json) : NULL, *item;
	cJSON_ArrayForEach(item, n)
	{
		cJSON *copy = cJSON_Duplicate(item, 1);
		if (cJSON_GetObjectItemCaseSensitive(f->state, item->string))
			cJSON_ReplaceItemInObjectCaseSensitive(f->state, item->string, copy);
		else
			cJSON_AddItemToObject(f->state, item->string, copy);
	}
	cJSON_Delete(n);
}

/* The record in row st (id, ref, then the fields) against its fold. */
static void compare_record(struct replay *r, const struct table *t, sqlite3_stmt *st, const struct fold *f)
{
	int64_t id = t->code_key ? 0 : sqlite3_column_int64(st, 0);
	const char *ref = (const char *)sqlite3_column_text(st, 1);
	char what[240];
	r->records++;
	if (!f->created && !f->state) {
		report(r, t, id, ref, NULL, 0, _("no audit entry made it: it was written outside scrapyard"));
		return;
	}
	if (f->gone) {
		snprintf(what, sizeof what, _("its audit entry %lld removed it, yet it is there"), (long long)f->last);
		report(r, t, id, ref, NULL, f->last, what);
		return;
	}
	if (!f->created) {
		report(r, t, id, ref, NULL, f->last, _("its create entry is missing"));
		return;
	}
	for (int i = 0; t->fields[i].key; i++) {
		const cJSON *want = state_value(f->state, t->fields[i].key);
		if (!want || audit_field_matches(t->fields[i].kind, want, st, i + 2))
			continue;
		snprintf(what, sizeof what, _("%s differs from its last audited value (entry %lld)"), t->fields[i].key,
			 (long long)f->last);
		report(r, t, id, ref, t->fields[i].key, f->last, what);
		return; /* one finding a record */
	}
}

static void report_missing(struct replay *r, const struct table *t, int64_t id, const char *ref, const struct fold *f)
{
	char what[240];
	if (f->gone)
		return;
	snprintf(what, sizeof what, _("its audit entry %lld shows it, but the record is gone: deleted outside scrapyard"),
		 (long long)f->last);
	report(r, t, id, ref, NULL, f->last, what);
}

static char *rows_sql(const struct table *t)
{
	size_t size = 256;
	for (int i = 0; t->fields[i].key; i++)
		size += strlen(t->fields[i].expr) + 2;
	char *sql = xmalloc(size), *p = sql;
	p += sprintf(p, "SELECT %s, %s", t->code_key ? t->code_expr : "id", t->ref);
	for (int i = 0; t->fields[i].key; i++)
		p += sprintf(p, ", %s", t->fields[i].expr);
	sprintf(p, " FROM %s ORDER BY %s", t->table, t->code_key ? "1" : "id");
	return sql;
}

/* ---- records found by id ---- */

static int replay_by_id(struct replay *r, const struct table *t, sy_err *err)
{
	char *sql = rows_sql(t);
	sqlite3_stmt *rows = db_query(r->d, err, sql, NULL);
	free(sql);
	if (!rows)
		return err->status;
	sqlite3_stmt *ents = db_query(r->d, err,
				      "SELECT entity_id, id, action, new FROM audit WHERE entity = ? ORDER BY entity_id, id",
				      "t", t->entity);
	if (!ents) {
		db_done(r->d, rows);
		return err->status;
	}
	struct fold f = {0};
	int rrc = db_step(r->d, err, rows), erc = db_step(r->d, err, ents);
	while (erc == SQLITE_ROW && rrc >= 0) {
		int64_t gid = sqlite3_column_int64(ents, 0);
		fold_reset(&f);
		while (erc == SQLITE_ROW && sqlite3_column_int64(ents, 0) == gid) {
			fold_entry(&f, t, sqlite3_column_int64(ents, 1), (const char *)sqlite3_column_text(ents, 2),
				   (const char *)sqlite3_column_text(ents, 3));
			erc = db_step(r->d, err, ents);
		}
		struct fold none = {0};
		while (rrc == SQLITE_ROW && sqlite3_column_int64(rows, 0) < gid) {
			compare_record(r, t, rows, &none);
			rrc = db_step(r->d, err, rows);
		}
		if (rrc == SQLITE_ROW && sqlite3_column_int64(rows, 0) == gid) {
			compare_record(r, t, rows, &f);
			rrc = db_step(r->d, err, rows);
		} else {
			char ref[32];
			snprintf(ref, sizeof ref, "%lld", (long long)gid);
			report_missing(r, t, gid, ref, &f);
		}
	}
	struct fold none = {0};
	while (rrc == SQLITE_ROW) {
		compare_record(r, t, rows, &none);
		rrc = db_step(r->d, err, rows);
	}
	fold_reset(&f);
	db_done(r->d, rows);
	db_done(r->d, ents);
	return rrc < 0 || erc < 0 ? err->status : SY_OK;
}

/* ---- records found by code (the catalogues: a few hundred at most) ---- */

struct coded {
	char *code;
	struct fold f;
	int seen;
};

/* The code an entry names: its new value's (or, for a removal, old's). */
static char *entry_code(const struct table *t, const char *old_json, const char *new_json)
{
	cJSON *j = cJSON_Parse(new_json ? new_json : old_json ? old_json : "null");
	char *code = NULL;
	const char *slash = strchr(t->code_key, '/');
	if (slash) { /* two members joined by '/' */
		char a[32];
		snprintf(a, sizeof a, "%.*s", (int)(slash - t->code_key), t->code_key);
		const cJSON *x = cJSON_GetObjectItemCaseSensitive(j, a), *y = cJSON_GetObjectItemCaseSensitive(j, slash + 1);
		if (cJSON_IsString(x) && cJSON_IsString(y))
			code = xasprintf("%s/%s", x->valuestring, y->valuestring);
	} else {
		const cJSON *x = cJSON_GetObjectItemCaseSensitive(j, t->code_key);
		if (cJSON_IsString(x))
			code = xstrdup(x->valuestring);
	}
	cJSON_Delete(j);
	return code;
}

static struct coded *coded_find(struct coded **v, int *n, const char *code, int add)
{
	for (int i = 0; i < *n; i++)
		if (strcmp((*v)[i].code, code) == 0)
			return &(*v)[i];
	if (!add)
		return NULL;
	*v = xrealloc(*v, (size_t)(*n + 1) * sizeof **v);
	(*v)[*n] = (struct coded){.code = xstrdup(code)};
	return &(*v)[(*n)++];
}

static int replay_by_code(struct replay *r, const struct table *t, sy_err *err)
{
	struct coded *v = NULL;
	int n = 0, rc;
	sqlite3_stmt *ents = db_query(r->d, err, "SELECT id, action, old, new FROM audit WHERE entity = ? ORDER BY id", "t",
				      t->entity);
	if (!ents)
		return err->status;
	while ((rc = db_step(r->d, err, ents)) == SQLITE_ROW) {
		char *code = entry_code(t, (const char *)sqlite3_column_text(ents, 2), (const char *)sqlite3_column_text(ents, 3));
		if (code)
			fold_entry(&coded_find(&v, &n, code, 1)->f, t, sqlite3_column_int64(ents, 0),
				   (const char *)sqlite3_column_text(ents, 1), (const char *)sqlite3_column_text(ents, 3));
		free(code);
	}
	db_done(r->d, ents);
	char *sql = rc == SQLITE_DONE ? rows_sql(t) : NULL;
	sqlite3_stmt *rows = sql ? db_query(r->d, err, sql, NULL) : NULL;
	free(sql);
	while (rows && (rc = db_step(r->d, err, rows)) == SQLITE_ROW) {
		struct coded *c = coded_find(&v, &n, (const char *)sqlite3_column_text(rows, 0), 0);
		struct fold none = {0};
		compare_record(r, t, rows, c ? &c->f : &none);
		if (c)
			c->seen = 1;
	}
	db_done(r->d, rows);
	for (int i = 0; i < n; i++) {
		if (!v[i].seen && rc == SQLITE_DONE)
			report_missing(r, t, 0, v[i].code, &v[i].f);
		fold_reset(&v[i].f);
		free(v[i].code);
	}
	free(v);
	return rc == SQLITE_DONE ? SY_OK : err->status;
}

/* ---- settings: each entry names the keys it set ---- */

static int replay_settings(struct replay *r, sy_err *err)
{
	static const struct field none_fields[] = {{0}};
	static const struct table t = {"setting", "settings", "key", "key", "key", NULL, "", none_fields};
	cJSON *state = cJSON_CreateObject(), *last = cJSON_CreateObject(), *item;
	int rc = -1; /* stays so when the first query cannot be made */
	sqlite3_stmt *ents = db_query(r->d, err, "SELECT id, new FROM audit WHERE entity = 'setting' ORDER BY id", NULL);
	while (ents && (rc = db_step(r->d, err, ents)) == SQLITE_ROW) {
		cJSON *n = cJSON_Parse((const char *)sqlite3_column_text(ents, 1));
		cJSON_ArrayForEach(item, n)
		{
			cJSON_DeleteItemFromObjectCaseSensitive(state, item->string);
			cJSON_AddItemToObject(state, item->string, cJSON_Duplicate(item, 1));
			cJSON_DeleteItemFromObjectCaseSensitive(last, item->string);
			cJSON_AddNumberToObject(last, item->string, (double)sqlite3_column_int64(ents, 0));
		}
		cJSON_Delete(n);
	}
	db_done(r->d, ents);
	sqlite3_stmt *rows = ents && rc == SQLITE_DONE ? db_query(r->d, err, "SELECT key, value FROM settings ORDER BY key", NULL)
						       : NULL;
	while (rows && (rc = db_step(r->d, err, rows)) == SQLITE_ROW) {
		const char *key = (const char *)sqlite3_column_text(rows, 0), *value = (const char *)sqlite3_column_text(rows, 1);
		if (db_setting_is_bookkeeping(key))
			continue;
		cJSON *want = cJSON_GetObjectItemCaseSensitive(state, key);
		cJSON *entry = cJSON_GetObjectItemCaseSensitive(last, key);
		int64_t at = entry ? (int64_t)entry->valuedouble : 0;
		char *expect = db_setting_audit_value(key, value), what[240];
		r->records++;
		if (!want)
			report(r, &t, 0, key, key, 0, _("no audit entry made it: it was written outside scrapyard"));
		else if (!cJSON_IsString(want) || strcmp(want->valuestring, expect) != 0) {
			snprintf(what, sizeof what, _("%s differs from its last audited value (entry %lld)"), key, (long long)at);
			report(r, &t, 0, key, key, at, what);
		}
		free(expect);
		cJSON_DeleteItemFromObjectCaseSensitive(state, key);
	}
	db_done(r->d, rows);
	cJSON_ArrayForEach(item, state)
	{
		if (cJSON_IsNull(item) || rc != SQLITE_DONE)
			continue;
		cJSON *entry = cJSON_GetObjectItemCaseSensitive(last, item->string);
		struct fold f = {.last = entry ? (int64_t)entry->valuedouble : 0};
		report_missing(r, &t, 0, item->string, &f);
	}
	cJSON_Delete(state);
	cJSON_Delete(last);
	return ents && rc == SQLITE_DONE ? SY_OK : err->status;
}

int audit_replay(db *d, audit_finding_cb cb, void *ctx, int64_t *records, int64_t *findings, sy_err *err)
{
	struct replay r = {.d = d, .cb = cb, .ctx = ctx};
	int status = SY_OK;
	for (size_t i = 0; i < NTABLES && status == SY_OK; i++)
		status = tables[i].code_key ? replay_by_code(&r, &tables[i], err) : replay_by_id(&r, &tables[i], err);
	if (status == SY_OK)
		status = replay_settings(&r, err);
	if (records)
		*records = r.records;
	if (findings)
		*findings = r.findings;
	if (status != SY_OK)
		return status;
	return r.findings ? sy_fail(err, SY_INVALID, NULL, _("%lld records do not agree with the audit trail"),
				    (long long)r.findings)
			  : SY_OK;
}

cJSON *audit_state(db *d, const char *entity, int64_t id, int64_t *entry, sy_err *err)
{
	const struct table *t = NULL;
	for (size_t i = 0; i < NTABLES; i++)
		if (strcmp(tables[i].entity, entity) == 0)
			t = &tables[i];
	*entry = 0;
	if (!t)
		return NULL;
	sqlite3_stmt *st = db_query(d, err, "SELECT id, action, new FROM audit WHERE entity = ? AND entity_id = ? ORDER BY id",
				    "tI", entity, id);
	struct fold f = {0};
	while (st && db_step(d, err, st) == SQLITE_ROW)
		fold_entry(&f, t, sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
			   (const char *)sqlite3_column_text(st, 2));
	db_done(d, st);
	*entry = f.last;
	return f.state;
}

/* ---- adoption ---- */

/* The state of the record in row st as an entry would hold it. */
static cJSON *row_state(const struct table *t, sqlite3_stmt *st)
{
	cJSON *o = cJSON_CreateObject();
	for (int i = 0; t->fields[i].key; i++) {
		int c = i + 2;
		const char *key = t->fields[i].key;
		if (strchr(key, '.'))
			continue; /* a member of a member: not held against the record then */
		if (t->fields[i].kind == F_COMMIT)
			continue; /* personal data never enters the trail as a value */
		switch (sqlite3_column_type(st, c)) {
		case SQLITE_NULL: cJSON_AddNullToObject(o, key); break;
		case SQLITE_INTEGER:
			if (t->fields[i].kind == F_BOOL)
				cJSON_AddBoolToObject(o, key, sqlite3_column_int64(st, c) != 0);
			else
				cJSON_AddNumberToObject(o, key, (double)sqlite3_column_int64(st, c));
			break;
		case SQLITE_FLOAT: cJSON_AddNumberToObject(o, key, sqlite3_column_double(st, c)); break;
		default:
			if (t->fields[i].kind == F_DIGEST) {
				char hex[65];
				sha256_hex(sqlite3_column_text(st, c), (size_t)sqlite3_column_bytes(st, c), hex);
				cJSON_AddStringToObject(o, key, hex);
			} else if (t->fields[i].kind == F_JSON) {
				cJSON *j = cJSON_Parse((const char *)sqlite3_column_text(st, c));
				cJSON_AddItemToObject(o, key, j ? j : cJSON_CreateNull());
			} else {
				cJSON_AddStringToObject(o, key, (const char *)sqlite3_column_text(st, c));
			}
		}
	}
	return o;
}

/* An "adopt" entry for every record of t that no entry names. */
static int adopt_table(db *d, const struct table *t, sy_err *err)
{
	struct coded *named = NULL;
	int n = 0, rc, status = SY_OK;
	if (t->code_key) { /* the codes the catalogue's entries name */
		sqlite3_stmt *ents = db_query(d, err, "SELECT old, new FROM audit WHERE entity = ?", "t", t->entity);
		while (ents && (rc = db_step(d, err, ents)) == SQLITE_ROW) {
			char *code = entry_code(t, (const char *)sqlite3_column_text(ents, 0), (const char *)sqlite3_column_text(ents, 1));
			if (code)
				coded_find(&named, &n, code, 1);
			free(code);
		}
		db_done(d, ents);
		if (!ents || rc != SQLITE_DONE)
			status = err->status;
	}
	char *sql = rows_sql(t), *cut = strstr(sql, " ORDER BY ");
	char *unaudited = xasprintf("%.*s%s%s", (int)(cut - sql), sql,
				    t->code_key ? "" : " WHERE NOT EXISTS (SELECT 1 FROM audit a WHERE a.entity = ? AND a.entity_id = id)",
				    cut);
	free(sql);
	sqlite3_stmt *rows = status == SY_OK ? db_query(d, err, unaudited, t->code_key ? NULL : "t", t->entity) : NULL;
	free(unaudited);
	while (rows && status == SY_OK && (rc = db_step(d, err, rows)) == SQLITE_ROW) {
		if (t->code_key && coded_find(&named, &n, (const char *)sqlite3_column_text(rows, 0), 0))
			continue;
		cJSON *o = row_state(t, rows);
		char *json = cJSON_PrintUnformatted(o);
		cJSON_Delete(o);
		status = audit_append(d, err, t->entity, t->code_key ? 0 : sqlite3_column_int64(rows, 0), "adopt", NULL, json);
		free(json);
	}
	if (rows && status == SY_OK && rc != SQLITE_DONE)
		status = err->status;
	db_done(d, rows);
	for (int i = 0; i < n; i++)
		free(named[i].code);
	free(named);
	return status ? status : (rows ? SY_OK : (err ? err->status : SY_ENV));
}

static int adopt_settings(db *d, sy_err *err)
{
	sqlite3_stmt *rows = db_query(d, err,
				      "SELECT key, value FROM settings s WHERE NOT EXISTS (SELECT 1 FROM audit a WHERE"
				      " a.entity = 'setting' AND json_type(a.new, '$.\"' || s.key || '\"') IS NOT NULL)",
				      NULL);
	if (!rows)
		return err->status;
	int rc, status = SY_OK;
	while (status == SY_OK && (rc = db_step(d, err, rows)) == SQLITE_ROW) {
		const char *key = (const char *)sqlite3_column_text(rows, 0);
		if (db_setting_is_bookkeeping(key))
			continue;
		char *value = db_setting_audit_value(key, (const char *)sqlite3_column_text(rows, 1));
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, key, value);
		char *json = cJSON_PrintUnformatted(o);
		status = audit_append(d, err, "setting", 0, "adopt", NULL, json);
		cJSON_Delete(o);
		free(json);
		free(value);
	}
	db_done(d, rows);
	return status;
}

int audit_adopt(db *d, sy_err *err)
{
	int64_t done = 0;
	if (db_int64(d, err, &done, "SELECT count(*) FROM audit WHERE entity = 'database' AND action = 'adopt'", NULL) != SY_OK)
		return err->status;
	if (done)
		return SY_OK;
	int status = SY_OK;
	for (size_t i = 0; i < NTABLES && status == SY_OK; i++)
		status = adopt_table(d, &tables[i], err);
	if (status == SY_OK)
		status = adopt_settings(d, err);
	if (status == SY_OK)
		status = audit_append(d, err, "database", 0, "adopt", NULL, "{\"replay\":1}");
	return status;
}
