#include "db/waste.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/audit.h"
#include "base/i18n.h"
#include "db/input.h"
#include "db/party.h"
#include "db/site.h"
#include "base/text.h"
#include "base/util.h"
#include "db/user.h"

static const char *const waste_units[] = {"kg", "l", "t", "pcs", NULL};

/* ---- codes ---- */

const struct code_label waste_forms[] = {
	{"solid", "Solid", "固态"},
	{"liquid", "Liquid", "液态"},
	{"semi_solid", "Semi-solid", "半固态"},
	{"gas", "Gas", "气态"},
	{0},
};

const struct code_label waste_states[] = {
	{"open", "generated", "产生中"},
	{"stored", "in store", "贮存中"},
	{"shipped", "shipped", "已转移"},
	{0},
};

#define CODE_COLUMNS "code, category, name_en, name_zh, unit, site_defined, form, hazard, components, hazardous, precautions"

static void code_from_row(sqlite3_stmt *st, struct waste_code *c)
{
	memset(c, 0, sizeof *c);
	db_column_copy(c->code, sizeof c->code, st, 0);
	db_column_copy(c->category, sizeof c->category, st, 1);
	db_column_copy(c->name_en, sizeof c->name_en, st, 2);
	db_column_copy(c->name_zh, sizeof c->name_zh, st, 3);
	db_column_copy(c->unit, sizeof c->unit, st, 4);
	c->site_defined = sqlite3_column_int(st, 5);
	db_column_copy(c->form, sizeof c->form, st, 6);
	db_column_copy(c->hazard, sizeof c->hazard, st, 7);
	db_column_copy(c->components, sizeof c->components, st, 8);
	db_column_copy(c->hazardous, sizeof c->hazardous, st, 9);
	db_column_copy(c->precautions, sizeof c->precautions, st, 10);
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
		sy_fail(err, SY_INVALID, "code", _("category %s has %d codes: give the full code"), norm, n);
	else
		sy_fail(err, SY_INVALID, "code", _("'%s' is not in the hazardous waste code table"), norm);
	return sy_hint(err, "scrapyard waste codes");
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
	return db_walk_end(d, st, rc, err);
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
	cJSON_AddStringToObject(o, "form", c->form);
	cJSON_AddStringToObject(o, "hazard", c->hazard);
	cJSON_AddStringToObject(o, "components", c->components);
	cJSON_AddStringToObject(o, "hazardous", c->hazardous);
	cJSON_AddStringToObject(o, "precautions", c->precautions);
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
	if (*c->form && !code_known(waste_forms, c->form))
		return sy_fail(err, SY_INVALID, "form", _("the physical form is solid, liquid, semi_solid or gas, not '%s'"),
			       c->form);
	if (input_text(in.hazard, 20, c->hazard, sizeof c->hazard, "hazard", err) ||
	    input_text(in.components, 40, c->components, sizeof c->components, "components", err) ||
	    input_text(in.hazardous, 40, c->hazardous, sizeof c->hazardous, "hazardous", err) ||
	    input_text(in.precautions, 60, c->precautions, sizeof c->precautions, "precautions", err))
		return err->status;
	/* The list the ledger is kept against: a supervisor's to extend. */
	if (user_may(d, ROLE_SUPERVISOR, err) != SY_OK || db_begin(d, err) != SY_OK)
		return err->status;
	int n;
	int rc = code_query(d, err, "SELECT " CODE_COLUMNS " FROM waste_codes WHERE code = ?", c->code, &old, &n);
	if (rc == SY_OK)
		rc = db_exec(d, err,
			     "INSERT INTO waste_codes(" CODE_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
			     " ON CONFLICT(code) DO UPDATE SET"
			     " category = excluded.category, name_en = excluded.name_en, name_zh = excluded.name_zh,"
			     " unit = excluded.unit, site_defined = excluded.site_defined, form = excluded.form,"
			     " hazard = excluded.hazard, components = excluded.components, hazardous = excluded.hazardous,"
			     " precautions = excluded.precautions",
			     "tttttIttttt", c->code, c->category, c->name_en, c->name_zh, c->unit, (int64_t)c->site_defined,
			     *c->form ? c->form : NULL, *c->hazard ? c->hazard : NULL, *c->components ? c->components : NULL,
			     *c->hazardous ? c->hazardous : NULL, *c->precautions ? c->precautions : NULL);
	if (rc == SY_OK) {
		char *old_json = n ? input_json_text(waste_code_to_json(&old)) : NULL;
		char *new_json = input_json_text(waste_code_to_json(c));
		rc = audit_append(d, err, "waste_code", 0, n ? "update" : "create", old_json, new_json);
		free(old_json);
		free(new_json);
	}
	return db_end(d, rc, err);
}

/* ---- containers ---- */

#define WASTE_COLUMNS                                                                                        \
	"w.id, w.container_code, w.batch_code, w.code, c.category, c.name_en, c.name_zh, w.source, w.qty, w.unit," \
	" w.container_type, w.containers, w.facility_code, w.destination, w.notes, w.generated_at, w.generated_by," \
	" w.stored_at, w.stored_by, w.store_location, w.shipped_at, w.shipped_by, w.handler_id, p.name, p.licence," \
	" w.manifest_no, (SELECT count(*) FROM waste_fills f WHERE f.waste_id = w.id)"
#define WASTE_FROM " FROM waste w JOIN waste_codes c ON c.code = w.code LEFT JOIN parties p ON p.id = w.handler_id"

#define COL(field, i) db_column_copy(w->field, sizeof w->field, st, i)
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

/* A named container may take more only of the same waste code and unit:
 * the fluids of one code (engine, gear and brake oils are all HW08
 * 900-214-08) share the open drum, as the ledger keeps one record per
 * container of a code; each fill keeps its vehicle and step. */
static int check_attach(const struct waste *w, const struct waste_code *code, const char *unit, sy_err *err)
{
	if (strcmp(w->state, "open") != 0)
		return sy_fail(err, SY_INVALID, "container",
			       _("container %s went into store on %.10s: put this into a new container"), w->container_code,
			       w->stored_at);
	if (strcmp(w->code, code->code) != 0)
		return sy_fail(err, SY_INVALID, "container", _("container %s holds %s (%s), not %s: use its own container"),
			       w->container_code, waste_name(w), w->code, code->code);
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
		struct site site;
		if (site_get(d, &site, NULL) == SY_OK)
			sy_strlcpy(facility, site.waste_facility, sizeof facility);
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
		       "ttttttittttt", container, batch, code->code, source, unit, *type ? type : NULL,
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
		if (rc == SY_OK && check_attach(&w, &code, unit, err) != SY_OK)
			return err->status;
	} else {
		sqlite3_stmt *st = db_query(d, err,
					    "SELECT id FROM waste WHERE stored_at IS NULL AND code = ? AND unit = ?"
					    " ORDER BY id DESC LIMIT 1",
					    "tt", code.code, unit);
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
	if (rc == SY_OK && in->vehicle_id)
		rc = db_exec(d, err, "INSERT INTO waste_fills(waste_id, vehicle_id, step, qty, unit, at, by) VALUES (?,?,?,?,?,?,?)",
			     "IItdttt", w.id, in->vehicle_id, in->source, in->qty, unit, now, db_actor(d));
	else if (rc == SY_OK)
		rc = db_exec(d, err, "INSERT INTO waste_fills(waste_id, vehicle_id, step, qty, unit, at, by) VALUES (?,?,?,?,?,?,?)",
			     "Intdttt", w.id, in->source, in->qty, unit, now, db_actor(d));
	if (rc != SY_OK)
		return rc;
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

int waste_add(db *d, const struct waste_input *in, struct waste *out, sy_err *err)
{
	if (db_begin(d, err) != SY_OK)
		return err->status;
	return db_end(d, waste_add_in_transaction(d, in, out, err), err);
}

int waste_unfill_in_transaction(db *d, int64_t vehicle_id, const char *step, sy_err *err)
{
	sqlite3_stmt *st = db_query(d, err, "SELECT f.id, f.waste_id, f.qty FROM waste_fills f WHERE f.vehicle_id = ? AND f.step = ?",
				    "It", vehicle_id, step);
	if (!st)
		return err->status;
	int64_t fills[16][2];
	double qty[16];
	int n = 0, rc;
	while ((rc = db_step(d, err, st)) == SQLITE_ROW && n < 16) {
		fills[n][0] = sqlite3_column_int64(st, 0);
		fills[n][1] = sqlite3_column_int64(st, 1);
		qty[n++] = sqlite3_column_double(st, 2);
	}
	db_done(d, st);
	if (rc < 0)
		return err->status;
	for (int i = 0; i < n; i++) {
		struct waste w, after;
		if (waste_get(d, fills[i][1], &w, err) != SY_OK)
			return err->status;
		if (strcmp(w.state, "open") != 0)
			return sy_fail(err, SY_INVALID, "container",
				       _("container %s already went into store: correct it in the hazardous waste ledger instead"),
				       w.container_code);
		if (db_exec(d, err, "DELETE FROM waste_fills WHERE id = ?", "I", fills[i][0]) != SY_OK ||
		    db_exec(d, err, "UPDATE waste SET qty = max(qty - ?, 0) WHERE id = ?", "dI", qty[i], w.id) != SY_OK ||
		    waste_get(d, w.id, &after, err) != SY_OK)
			return err->status;
		/* A container this fill alone had started never existed. */
		int empty = after.fills == 0;
		if (empty && db_exec(d, err, "DELETE FROM waste WHERE id = ?", "I", w.id) != SY_OK)
			return err->status;
		char *old_json = input_json_text(waste_to_json(&w));
		char *new_json = empty ? NULL : input_json_text(waste_to_json(&after));
		rc = audit_append(d, err, "waste", w.id, empty ? "delete" : "unfill", old_json, new_json);
		free(old_json);
		free(new_json);
		if (rc != SY_OK)
			return rc;
	}
	return SY_OK;
}

/* After an UPDATE of container w: audit old and new, and w becomes the new. */
static int audit_container(db *d, struct waste *w, const char *action, sy_err *err)
{
	struct waste after;
	if (waste_get(d, w->id, &after, err) != SY_OK)
		return err->status;
	char *old_json = input_json_text(waste_to_json(w));
	char *new_json = input_json_text(waste_to_json(&after));
	int rc = audit_append(d, err, "waste", w->id, action, old_json, new_json);
	free(old_json);
	free(new_json);
	*w = after;
	return rc;
}

int waste_store(db *d, const char *container, const char *location, sy_err *err)
{
	struct waste w;
	char now[20], where[32];
	if (input_code(location, 30, where, sizeof where, "location", err) != SY_OK)
		return err->status;
	if (db_begin(d, err) != SY_OK)
		return err->status;
	int rc = waste_find(d, container, &w, err);
	if (rc == SY_OK && strcmp(w.state, "open") != 0)
		rc = sy_fail(err, SY_INVALID, "container", _("container %s went into store on %.10s already"),
			     w.container_code, w.stored_at);
	if (rc == SY_OK) {
		db_now(now);
		rc = db_exec(d, err, "UPDATE waste SET stored_at = ?, stored_by = ?, store_location = ? WHERE id = ?", "tttI",
			     now, db_actor(d), *where ? where : NULL, w.id);
		if (rc == SY_OK)
			rc = audit_container(d, &w, "store", err);
	}
	return db_end(d, rc, err);
}

static int check_handler(db *d, int64_t handler_id, struct party *h, sy_err *err)
{
	if (party_get(d, handler_id, h, err) != SY_OK)
		return err->status;
	if (strcmp(h->kind, "hazardous_handler") != 0 || !*h->licence)
		return sy_fail(err, SY_INVALID, "handler",
			       _("%s is not a licensed hazardous waste handler: hazardous waste goes only to a handler with a hazardous waste licence"),
			       h->name);
	return SY_OK;
}

int waste_ship(db *d, const char *const *containers, int n, const struct waste_exit *x, sy_err *err)
{
	struct party h;
	char when[20], manifest[48], dest[64];
	if (n <= 0)
		return sy_fail(err, SY_INVALID, "container", _("name the containers that leave the store"));
	if (input_code(x->manifest_no, 40, manifest, sizeof manifest, "manifest", err) ||
	    input_text(x->destination, 60, dest, sizeof dest, "destination", err))
		return err->status;
	db_now(when);
	if (x->date && *x->date && strncmp(x->date, when, 10) != 0) {
		/* A past exit written up later: the day is what the manifest says. */
		if (input_date(x->date, "date", 1, err) != SY_OK)
			return err->status;
		sy_strlcpy(when, x->date, sizeof when);
	}
	if (check_handler(d, x->handler_id, &h, err) != SY_OK)
		return err->status;
	if (db_begin(d, err) != SY_OK)
		return err->status;
	int rc = SY_OK;
	for (int i = 0; i < n && rc == SY_OK; i++) {
		struct waste w;
		rc = waste_find(d, containers[i], &w, err);
		if (rc != SY_OK)
			break;
		if (strcmp(w.state, "open") == 0) {
			sy_fail(err, SY_INVALID, "container", _("container %s has not gone into store yet: record its entry first"),
				w.container_code);
			rc = sy_hint(err, "scrapyard waste store %s", w.container_code);
		} else if (strcmp(w.state, "shipped") == 0)
			rc = sy_fail(err, SY_INVALID, "container", _("container %s left on %.10s already"), w.container_code,
				     w.shipped_at);
		else if (strncmp(when, w.stored_at, 10) < 0)
			rc = sy_fail(err, SY_INVALID, "date", _("%.10s is before container %s went into store (%.10s)"), when,
				     w.container_code, w.stored_at);
		if (rc == SY_OK)
			rc = db_exec(d, err,
				     "UPDATE waste SET shipped_at = ?, shipped_by = ?, handler_id = ?, manifest_no = ?,"
				     " destination = coalesce(?, destination) WHERE id = ?",
				     "ttIttI", when, db_actor(d), h.id, *manifest ? manifest : NULL, *dest ? dest : NULL, w.id);
		if (rc == SY_OK)
			rc = audit_container(d, &w, "ship", err);
	}
	return db_end(d, rc, err);
}

int waste_list(db *d, const struct waste_filter *f, waste_cb cb, void *ctx, sy_err *err)
{
	struct waste_filter none = {0};
	if (!f)
		f = &none;
	int limit = f->limit > 0 ? f->limit : 100;
	if (f->state && *f->state) {
		static const char *const states[] = {"open", "stored", "shipped", NULL};
		if (input_choice(f->state, states, "state", err) < 0)
			return err->status;
	}
	if (input_date(f->since, "since", 0, err) || input_date(f->until, "until", 0, err))
		return err->status;
	struct waste_code code;
	const char *code_arg = NULL;
	if (f->code && *f->code) {
		if (waste_code_find(d, f->code, &code, err) != SY_OK)
			return err->status;
		code_arg = code.code;
	}
	char until[24] = "";
	if (f->until && *f->until)
		snprintf(until, sizeof until, "%s 99", f->until); /* the whole last day */
	const char *sql =
		f->oldest_first
			? "SELECT " WASTE_COLUMNS WASTE_FROM " WHERE (?1 IS NULL OR (CASE WHEN w.shipped_at IS NOT NULL THEN 'shipped'"
			  " WHEN w.stored_at IS NOT NULL THEN 'stored' ELSE 'open' END) = ?1) AND (?2 IS NULL OR w.code = ?2)"
			  " AND (?3 IS NULL OR w.generated_at >= ?3) AND (?4 IS NULL OR w.generated_at <= ?4)"
			  " AND (?5 = 0 OR w.id IN (SELECT waste_id FROM waste_fills WHERE vehicle_id = ?5))"
			  " ORDER BY w.id LIMIT ?6"
			: "SELECT " WASTE_COLUMNS WASTE_FROM " WHERE (?1 IS NULL OR (CASE WHEN w.shipped_at IS NOT NULL THEN 'shipped'"
			  " WHEN w.stored_at IS NOT NULL THEN 'stored' ELSE 'open' END) = ?1) AND (?2 IS NULL OR w.code = ?2)"
			  " AND (?3 IS NULL OR w.generated_at >= ?3) AND (?4 IS NULL OR w.generated_at <= ?4)"
			  " AND (?5 = 0 OR w.id IN (SELECT waste_id FROM waste_fills WHERE vehicle_id = ?5))"
			  " ORDER BY w.id DESC LIMIT ?6";
	sqlite3_stmt *st = db_query(d, err, sql, "ttttIi", f->state && *f->state ? f->state : NULL, code_arg,
				    f->since && *f->since ? f->since : NULL, *until ? until : NULL, f->vehicle_id, limit);
	if (!st)
		return err->status;
	int rc = SQLITE_DONE, stop = 0;
	struct waste w;
	while (!stop && (rc = db_step(d, err, st)) == SQLITE_ROW) {
		waste_from_row(st, &w);
		stop = cb(&w, ctx);
	}
	return db_walk_end(d, st, rc, err);
}

/* A movement's time in the period: its date compared, an empty bound open;
 * in store at the period's end (?3): taken in by then, not shipped by then. */
#define IN_STORE "(stored_at IS NOT NULL AND substr(stored_at, 1, 10) <= ?3" \
		 " AND (shipped_at IS NULL OR substr(shipped_at, 1, 10) > ?3))"
#define MOVED_IN(col) " (" col " IS NOT NULL AND (?1 = '' OR substr(" col ", 1, 10) >= ?1)" \
		      " AND (?2 = '' OR substr(" col ", 1, 10) <= ?2))"

int waste_movements(db *d, const char *from, const char *to, waste_move_cb cb, void *ctx, sy_err *err)
{
	sqlite3_stmt *st = db_query(
		d, err,
		"SELECT " WASTE_COLUMNS ", 0, w.generated_at, w.generated_by" WASTE_FROM " WHERE" MOVED_IN("w.generated_at")
		" UNION ALL SELECT " WASTE_COLUMNS ", 1, w.stored_at, w.stored_by" WASTE_FROM " WHERE" MOVED_IN("w.stored_at")
		" UNION ALL SELECT " WASTE_COLUMNS ", 2, w.shipped_at, w.shipped_by" WASTE_FROM " WHERE" MOVED_IN("w.shipped_at")
		" ORDER BY 29, 28, 1",
		"tt", from ? from : "", to ? to : "");
	if (!st)
		return err->status;
	int rc = SQLITE_DONE, stop = 0;
	struct waste w;
	while (!stop && (rc = db_step(d, err, st)) == SQLITE_ROW) {
		waste_from_row(st, &w);
		struct waste_move m = {(enum waste_movement)sqlite3_column_int(st, 27), &w,
				       (const char *)sqlite3_column_text(st, 28), (const char *)sqlite3_column_text(st, 29)};
		stop = cb(&m, ctx);
	}
	return db_walk_end(d, st, rc, err);
}

int waste_totals(db *d, const char *from, const char *to, struct waste_total out[WASTE_MAX_UNITS], int *n, sy_err *err)
{
	char end[11];
	if (to && *to)
		sy_strlcpy(end, to, sizeof end);
	else
		db_today(end);
	sqlite3_stmt *st = db_query(
		d, err,
		"SELECT unit, total(CASE WHEN" MOVED_IN("generated_at") " THEN qty END),"
		" total(CASE WHEN" MOVED_IN("stored_at") " THEN qty END),"
		" total(CASE WHEN" MOVED_IN("shipped_at") " THEN qty END),"
		" total(CASE WHEN " IN_STORE " THEN qty END), sum(" IN_STORE ")"
		" FROM waste GROUP BY unit ORDER BY unit = 'kg' DESC, unit",
		"ttt", from ? from : "", to ? to : "", end);
	if (!st)
		return err->status;
	int rc;
	*n = 0;
	while ((rc = db_step(d, err, st)) == SQLITE_ROW) {
		struct waste_total t = {0};
		db_column_copy(t.unit, sizeof t.unit, st, 0);
		t.generated = sqlite3_column_double(st, 1);
		t.stored = sqlite3_column_double(st, 2);
		t.shipped = sqlite3_column_double(st, 3);
		t.in_store = sqlite3_column_double(st, 4);
		t.containers_in_store = sqlite3_column_int(st, 5);
		if ((t.generated > 0 || t.stored > 0 || t.shipped > 0 || t.containers_in_store > 0) && *n < WASTE_MAX_UNITS)
			out[(*n)++] = t;
	}
	db_done(d, st);
	return rc == SQLITE_DONE ? SY_OK : err->status;
}

int waste_fills(db *d, int64_t waste_id, waste_fill_cb cb, void *ctx, sy_err *err)
{
	sqlite3_stmt *st = db_query(d, err,
				    "SELECT f.id, f.waste_id, coalesce(f.vehicle_id, 0), v.stock_no, v.vin, f.step, f.qty, f.unit,"
				    " f.at, f.by FROM waste_fills f LEFT JOIN vehicles v ON v.id = f.vehicle_id"
				    " WHERE f.waste_id = ? ORDER BY f.id",
				    "I", waste_id);
	if (!st)
		return err->status;
	int rc = SQLITE_DONE, stop = 0;
	while (!stop && (rc = db_step(d, err, st)) == SQLITE_ROW) {
		struct waste_fill f = {.id = sqlite3_column_int64(st, 0), .waste_id = sqlite3_column_int64(st, 1),
				       .vehicle_id = sqlite3_column_int64(st, 2), .qty = sqlite3_column_double(st, 6)};
		db_column_copy(f.stock_no, sizeof f.stock_no, st, 3);
		db_column_copy(f.vin, sizeof f.vin, st, 4);
		db_column_copy(f.step, sizeof f.step, st, 5);
		db_column_copy(f.unit, sizeof f.unit, st, 7);
		db_column_copy(f.at, sizeof f.at, st, 8);
		db_column_copy(f.by, sizeof f.by, st, 9);
		stop = cb(&f, ctx);
	}
	return db_walk_end(d, st, rc, err);
}

int waste_stock(db *d, waste_stock_cb cb, void *ctx, sy_err *err)
{
	sqlite3_stmt *st = db_query(d, err,
				    "SELECT w.code, c.category, c.name_en, c.name_zh,"
				    " CASE WHEN w.stored_at IS NULL THEN 'open' ELSE 'stored' END AS state, w.unit,"
				    " sum(w.containers), sum(w.qty) FROM waste w JOIN waste_codes c ON c.code = w.code"
				    " WHERE w.shipped_at IS NULL GROUP BY w.code, state, w.unit ORDER BY c.category, w.code, state",
				    NULL);
	if (!st)
		return err->status;
	int rc = SQLITE_DONE, stop = 0;
	while (!stop && (rc = db_step(d, err, st)) == SQLITE_ROW) {
		struct waste_stock s = {.containers = sqlite3_column_int(st, 6), .qty = sqlite3_column_double(st, 7)};
		char en[128], zh[128];
		db_column_copy(s.code, sizeof s.code, st, 0);
		db_column_copy(s.category, sizeof s.category, st, 1);
		db_column_copy(en, sizeof en, st, 2);
		db_column_copy(zh, sizeof zh, st, 3);
		db_column_copy(s.state, sizeof s.state, st, 4);
		db_column_copy(s.unit, sizeof s.unit, st, 5);
		s.name = sy_pick(en, zh);
		stop = cb(&s, ctx);
	}
	return db_walk_end(d, st, rc, err);
}

cJSON *waste_to_json(const struct waste *w)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)w->id);
	input_json_str(o, "container_code", w->container_code);
	input_json_str(o, "batch_code", w->batch_code);
	input_json_str(o, "code", w->code);
	input_json_str(o, "category", w->category);
	input_json_str(o, "name_en", w->name_en);
	input_json_str(o, "name_zh", w->name_zh);
	input_json_str(o, "source", w->source);
	cJSON_AddNumberToObject(o, "qty", w->qty);
	input_json_str(o, "unit", w->unit);
	input_json_str(o, "container_type", w->container_type);
	cJSON_AddNumberToObject(o, "containers", w->containers);
	input_json_str(o, "facility_code", w->facility_code);
	input_json_str(o, "destination", w->destination);
	input_json_str(o, "notes", w->notes);
	input_json_str(o, "state", w->state);
	input_json_str(o, "generated_at", w->generated_at);
	input_json_str(o, "generated_by", w->generated_by);
	input_json_str(o, "stored_at", w->stored_at);
	input_json_str(o, "stored_by", w->stored_by);
	input_json_str(o, "store_location", w->store_location);
	input_json_str(o, "shipped_at", w->shipped_at);
	input_json_str(o, "shipped_by", w->shipped_by);
	if (w->handler_id)
		cJSON_AddNumberToObject(o, "handler_id", (double)w->handler_id);
	else
		cJSON_AddNullToObject(o, "handler_id");
	input_json_str(o, "handler", w->handler_name);
	input_json_str(o, "handler_licence", w->handler_licence);
	input_json_str(o, "manifest_no", w->manifest_no);
	cJSON_AddNumberToObject(o, "fills", w->fills);
	return o;
}
