#include "db/waste.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/audit.h"
#include "db/i18n.h"
#include "db/input.h"
#include "db/party.h"
#include "db/text.h"
#include "db/util.h"

static const char *const waste_units[] = {"kg", "l", "t", "pcs", NULL};

/* ---- codes ---- */

#define CODE_COLUMNS "code, category, name_en, name_zh, unit, site_defined"

static void code_from_row(sqlite3_stmt *st, struct waste_code *c)
{
	memset(c, 0, sizeof *c);
	input_col(c->code, sizeof c->code, st, 0);
	input_col(c->category, sizeof c->category, st, 1);
	input_col(c->name_en, sizeof c->name_en, st, 2);
	input_col(c->name_zh, sizeof c->name_zh, st, 3);
	input_col(c->unit, sizeof c->unit, st, 4);
	c->site_defined = sqlite3_column_int(st, 5);
}

static int code_query(db *d, sy_err *err, const char *sql, const char *arg, struct waste_code *out, int *count)
{
	sqlite3_stmt *st = db_query(d, err, sql, "t", arg);
	if (!st)
		return err->status;
	int rc;
	*count = 0;
	while ((rc = db_step(d, err, st)) == SQLITE_ROW)
		if ((*count)++ == 0)
			code_from_row(st, out);
	db_done(d, st);
	return rc == SQLITE_DONE ? SY_OK : err->status;
}

int waste_code_find(db *d, const char *text, struct waste_code *out, sy_err *err)
{
	char norm[32];
	int n;
	if (input_code(text, 20, norm, sizeof norm, "code", err) != SY_OK)
		return err->status;
	if (!*norm)
		return sy_fail(err, SY_INVALID, "code", _("give the hazardous waste code (for example 900-214-08 or HW08)"));
	if (code_query(d, err, "SELECT " CODE_COLUMNS " FROM waste_codes WHERE upper(code) = ?", norm, out, &n) != SY_OK)
		return err->status;
	if (n == 1)
		return SY_OK;
	if (code_query(d, err, "SELECT " CODE_COLUMNS " FROM waste_codes WHERE upper(category) = ? ORDER BY code", norm, out,
		       &n) != SY_OK)
		return err->status;
	if (n == 1)
		return SY_OK;
	if (n > 1)
		return sy_fail(err, SY_INVALID, "code", _("category %s has %d codes: give the full code (scrapyard waste codes)"),
			       norm, n);
	return sy_fail(err, SY_INVALID, "code", _("'%s' is not in the hazardous waste code table (scrapyard waste codes)"), norm);
}

int waste_code_list(db *d, waste_code_cb cb, void *ctx, sy_err *err)
{
	sqlite3_stmt *st = db_query(d, err, "SELECT " CODE_COLUMNS " FROM waste_codes ORDER BY site_defined, category, code", NULL);
	if (!st)
		return err->status;
	int rc = SQLITE_DONE, stop = 0;
	struct waste_code c;
	while (!stop && (rc = db_step(d, err, st)) == SQLITE_ROW) {
		code_from_row(st, &c);
		stop = cb(&c, ctx);
	}
	db_done(d, st);
	return stop || rc == SQLITE_DONE ? SY_OK : err->status;
}

cJSON *waste_code_to_json(const struct waste_code *c)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "code", c->code);
	cJSON_AddStringToObject(o, "category", c->category);
	cJSON_AddStringToObject(o, "name_en", c->name_en);
	cJSON_AddStringToObject(o, "name_zh", c->name_zh);
	cJSON_AddStringToObject(o, "unit", c->unit);
	cJSON_AddBoolToObject(o, "site_defined", c->site_defined);
	return o;
}

int waste_code_save(db *d, struct waste_code *c, sy_err *err)
{
	struct waste_code in = *c, old;
	if (input_code(in.code, 20, c->code, sizeof c->code, "code", err) ||
	    input_code(in.category, 10, c->category, sizeof c->category, "category", err) ||
	    input_text(in.name_en, 60, c->name_en, sizeof c->name_en, "name-en", err) ||
	    input_text(in.name_zh, 40, c->name_zh, sizeof c->name_zh, "name-zh", err))
		return err->status;
	if (!*c->code || !*c->category || !*c->name_en || !*c->name_zh)
		return sy_fail(err, SY_INVALID, !*c->code ? "code" : !*c->category ? "category" : !*c->name_en ? "name-en" : "name-zh",
			       _("a waste code needs the code, its category and names in English and Chinese"));
	if (!*c->unit)
		strcpy(c->unit, "kg");
	if (input_choice(c->unit, waste_units, "unit", err) < 0)
		return err->status;
	if (db_begin(d, err) != SY_OK)
		return err->status;
	int n;
	int rc = code_query(d, err, "SELECT " CODE_COLUMNS " FROM waste_codes WHERE code = ?", c->code, &old, &n);
	if (rc == SY_OK)
		rc = db_exec(d, err,
			     "INSERT INTO waste_codes(" CODE_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(code) DO UPDATE SET"
			     " category = excluded.category, name_en = excluded.name_en, name_zh = excluded.name_zh,"
			     " unit = excluded.unit, site_defined = excluded.site_defined",
			     "tttttI", c->code, c->category, c->name_en, c->name_zh, c->unit, (int64_t)c->site_defined);
	if (rc == SY_OK) {
		char *old_json = n ? input_json_text(waste_code_to_json(&old)) : NULL;
		char *new_json = input_json_text(waste_code_to_json(c));
		rc = audit_append(d, err, "waste_code", 0, n ? "update" : "create", old_json, new_json);
		free(old_json);
		free(new_json);
	}
	if (rc != SY_OK) {
		db_rollback(d);
		return rc;
	}
	return db_commit(d, err);
}

/* ---- containers ---- */

#define WASTE_COLUMNS                                                                                        \
	"w.id, w.container_code, w.batch_code, w.code, c.category, c.name_en, c.name_zh, w.source, w.qty, w.unit," \
	" w.container_type, w.containers, w.facility_code, w.destination, w.notes, w.generated_at, w.generated_by," \
	" w.stored_at, w.stored_by, w.store_location, w.shipped_at, w.shipped_by, w.handler_id, p.name, p.licence," \
	" w.manifest_no, (SELECT count(*) FROM waste_fills f WHERE f.waste_id = w.id)"
#define WASTE_FROM " FROM waste w JOIN waste_codes c ON c.code = w.code LEFT JOIN parties p ON p.id = w.handler_id"

#define COL(field, i) input_col(w->field, sizeof w->field, st, i)
static void waste_from_row(sqlite3_stmt *st, struct waste *w)
{
	memset(w, 0, sizeof *w);
	w->id = sqlite3_column_int64(st, 0);
	COL(container_code, 1); COL(batch_code, 2); COL(code, 3); COL(category, 4); COL(name_en, 5);
	COL(name_zh, 6); COL(source, 7);
	w->qty = sqlite3_column_double(st, 8);
	COL(unit, 9); COL(container_type, 10);
	w->containers = sqlite3_column_int(st, 11);
	COL(facility_code, 12); COL(destination, 13); COL(notes, 14); COL(generated_at, 15); COL(generated_by, 16);
	COL(stored_at, 17); COL(stored_by, 18); COL(store_location, 19); COL(shipped_at, 20); COL(shipped_by, 21);
	w->handler_id = sqlite3_column_int64(st, 22);
	COL(handler_name, 23); COL(handler_licence, 24); COL(manifest_no, 25);
	w->fills = sqlite3_column_int(st, 26);
	strcpy(w->state, *w->shipped_at ? "shipped" : *w->stored_at ? "stored" : "open");
}
#undef COL

static int get_one(db *d, sy_err *err, const char *where, const char *fmt, const void *arg, struct waste *out)
{
	char sql[1024];
	snprintf(sql, sizeof sql, "SELECT " WASTE_COLUMNS WASTE_FROM " WHERE %s", where);
	sqlite3_stmt *st = *fmt == 'I' ? db_query(d, err, sql, fmt, *(const int64_t *)arg)
				       : db_query(d, err, sql, fmt, (const char *)arg);
	if (!st)
		return err->status;
	int rc = db_step(d, err, st);
	if (rc == SQLITE_ROW)
		waste_from_row(st, out);
	db_done(d, st);
	return rc == SQLITE_ROW ? SY_OK : rc == SQLITE_DONE ? SY_INVALID : err->status;
}

int waste_get(db *d, int64_t id, struct waste *out, sy_err *err)
{
	int rc = get_one(d, err, "w.id = ?", "I", &id, out);
	if (rc == SY_INVALID)
		sy_fail(err, SY_INVALID, "container", _("no waste record with id %lld"), (long long)id);
	return rc;
}

int waste_find(db *d, const char *container, struct waste *out, sy_err *err)
{
	char norm[32];
	if (input_code(container, 30, norm, sizeof norm, "container", err) != SY_OK)
		return err->status;
	int rc = get_one(d, err, "w.container_code = ?", "t", norm, out);
	if (rc == SY_INVALID)
		sy_fail(err, SY_INVALID, "container", _("no hazardous waste container '%s'"), norm);
	return rc;
}

const char *waste_name(const struct waste *w) { return sy_pick(w->name_en, w->name_zh); }

/* Step codes read better in messages as their own words. */
static const char *source_words(const char *source)
{
	static char buf[24];
	sy_strlcpy(buf, source, sizeof buf);
	for (char *p = buf; *p; p++)
		if (*p == '_')
			*p = ' ';
	return buf;
}

/* A named container may take more only of the same waste, fluid and unit. */
static int check_attach(const struct waste *w, const struct waste_code *code, const char *source, const char *unit,
			sy_err *err)
{
	if (strcmp(w->state, "open") != 0)
		return sy_fail(err, SY_INVALID, "container",
			       _("container %s went into store on %.10s: put this into a new container"), w->container_code,
			       w->stored_at);
	if (strcmp(w->code, code->code) != 0)
		return sy_fail(err, SY_INVALID, "container", _("container %s holds %s (%s), not %s: use its own container"),
			       w->container_code, waste_name(w), w->code, code->code);
	if (strcmp(w->source, source) != 0) {
		char held[24];
		sy_strlcpy(held, source_words(w->source), sizeof held);
		return sy_fail(err, SY_INVALID, "container",
			       _("container %s holds %s: %s goes into its own container (GB 22128)"), w->container_code, held,
			       source_words(source));
	}
	if (strcmp(w->unit, unit) != 0)
		return sy_fail(err, SY_INVALID, "unit", _("container %s is kept in %s: give the quantity in %s"),
			       w->container_code, w->unit, w->unit);
	return SY_OK;
}

static int new_container_code(db *d, const struct waste_code *code, const char *today, char *out, size_t outsz,
			      sy_err *err)
{
	char series[32];
	int64_t seq;
	snprintf(series, sizeof series, "waste-%s", code->category);
	if (db_next_number(d, err, series, atoi(today), &seq) != SY_OK)
		return err->status;
	snprintf(out, outsz, "%s-%.4s-%04lld", code->category, today, (long long)seq);
	return SY_OK;
}

static int create_container(db *d, const struct waste_input *in, const struct waste_code *code, const char *source,
			    const char *unit, const char *container, sy_err *err)
{
	char now[20], today[11], auto_code[32], batch[48], type[32], facility[32], dest[64], notes[256];
	db_now(now);
	db_today(today);
	if (input_text(in->container_type, 30, type, sizeof type, "container-type", err) ||
	    input_code(in->facility_code, 30, facility, sizeof facility, "facility", err) ||
	    input_text(in->destination, 60, dest, sizeof dest, "destination", err) ||
	    input_text(in->notes, 200, notes, sizeof notes, "notes", err))
		return err->status;
	if (!*facility) {
		char *setting = db_setting(d, "waste.facility_code");
		if (setting)
			sy_strlcpy(facility, setting, sizeof facility);
		free(setting);
	}
	if (in->containers < 0 || in->containers > 1000)
		return sy_fail(err, SY_INVALID, "containers", _("the number of containers must be from 1 to 1000"));
	if (!container || !*container) {
		if (new_container_code(d, code, today, auto_code, sizeof auto_code, err) != SY_OK)
			return err->status;
		container = auto_code;
	}
	/* The batch of a generation: its date and the container. */
	snprintf(batch, sizeof batch, "%.4s%.2s%.2s-%s", today, today + 5, today + 8, container);
	return db_exec(d, err,
		       "INSERT INTO waste(container_code, batch_code, code, source, qty, unit, container_type, containers,"
		       " facility_code, destination, notes, generated_at, generated_by) VALUES (?,?,?,?,0,?,?,?,?,?,?,?,?)",
		       "tttttticttttt" + 1, container, batch, code->code, source, unit, *type ? type : NULL,
		       in->containers ? in->containers : 1, *facility ? facility : NULL, *dest ? dest : NULL,
		       *notes ? notes : NULL, now, db_actor(d));
}

int waste_add_in_transaction(db *d, const struct waste_input *in, struct waste *out, sy_err *err)
{
	struct waste_code code;
	struct waste w;
	char container[32] = "", now[20];
	const char *source = in->source && *in->source ? in->source : "manual";
	if (waste_code_find(d, in->code, &code, err) != SY_OK)
		return err->status;
	const char *unit = in->unit && *in->unit ? in->unit : code.unit;
	if (input_choice(unit, waste_units, "unit", err) < 0)
		return err->status;
	if (in->qty <= 0 || input_amount(in->qty, 0, 100000, "qty", _("quantity"), err) != SY_OK)
		return sy_fail(err, SY_INVALID, "qty", _("the quantity must be more than 0 and at most 100000"));
	if (input_code(in->container, 30, container, sizeof container, "container", err) != SY_OK)
		return err->status;
	int rc = SY_INVALID;
	if (*container) {
		rc = waste_find(d, container, &w, err);
		if (rc == SY_OK && check_attach(&w, &code, source, unit, err) != SY_OK)
			return err->status;
	} else {
		sqlite3_stmt *st = db_query(d, err,
					    "SELECT id FROM waste WHERE stored_at IS NULL AND code = ? AND source = ? AND unit = ?"
					    " ORDER BY id DESC LIMIT 1",
					    "ttt", code.code, source, unit);
		if (!st)
			return err->status;
		int step = db_step(d, err, st);
		int64_t id = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		db_done(d, st);
		if (step < 0)
			return err->status;
		if (id)
			rc = waste_get(d, id, &w, err);
	}
	if (rc == SY_ENV)
		return rc;
	int created = rc != SY_OK;
	if (created) {
		if (create_container(d, in, &code, source, unit, container, err) != SY_OK ||
		    waste_get(d, db_last_id(d), &w, err) != SY_OK)
			return err->status;
	}
	struct waste before = w;
	db_now(now);
	rc = db_exec(d, err, "UPDATE waste SET qty = qty + ? WHERE id = ?", "dI", in->qty, w.id);
	if (rc == SY_OK)
		rc = db_exec(d, err, "INSERT INTO waste_fills(waste_id, vehicle_id, step, qty, unit, at, by) VALUES (?,?,?,?,?,?,?)",
			     "IttdtttI" + 0 == NULL ? "" : "Itt" "dttt", w.id, NULL, NULL, in->qty, unit, now, db_actor(d));
	if (rc != SY_OK)
		return rc;
	if (in->vehicle_id || in->source) {
		int64_t fill = db_last_id(d);
		rc = db_exec(d, err, "UPDATE waste_fills SET vehicle_id = ?, step = ? WHERE id = ?", "ItI",
			     in->vehicle_id, in->source, fill);
		if (rc == SY_OK && !in->vehicle_id)
			rc = db_exec(d, err, "UPDATE waste_fills SET vehicle_id = NULL WHERE id = ?", "I", fill);
		if (rc != SY_OK)
			return rc;
	}
	if (waste_get(d, w.id, &w, err) != SY_OK)
		return err->status;
	char *old_json = created ? NULL : input_json_text(waste_to_json(&before));
	char *new_json = input_json_text(waste_to_json(&w));
	rc = audit_append(d, err, "waste", w.id, created ? "generate" : "fill", old_json, new_json);
	free(old_json);
	free(new_json);
	if (rc == SY_OK && out)
		*out = w;
	return rc;
}
