#include "db/shipment.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/audit.h"
#include "db/depollution.h"
#include "base/i18n.h"
#include "db/input.h"
#include "base/util.h"

const struct code_label shipment_materials[] = {
	{"steel", "Steel", "钢铁"},
	{"aluminium", "Aluminium", "铝"},
	{"copper", "Copper", "铜"},
	{"plastics", "Plastics", "塑料"},
	{"glass", "Glass", "玻璃"},
	{"rubber", "Rubber", "橡胶"},
	{"hulk", "Hulk (stripped body)", "车壳"},
	{"mixed", "Mixed scrap", "混合废料"},
	{0},
};

/* ---- who may receive what ---- */

static int is_kind(const struct party *to, const char *kind) { return strcmp(to->kind, kind) == 0; }

int shipment_check_party(const struct party *to, const struct part *p, sy_err *err)
{
	const char *who = code_label(party_kinds, to->kind);
	if (strcmp(p->kind.code, "traction_battery") == 0) {
		if (is_kind(to, "battery_oem") || is_kind(to, "battery_echelon") || is_kind(to, "battery_recycler"))
			return SY_OK;
		return sy_fail(err, SY_INVALID, "party",
			       _("%s: a traction battery goes only to a maker's take-back point, an echelon-use firm or a battery recycler, not to %s (%s)"),
			       p->part_no, to->name, who);
	}
	if (p->kind.assembly) {
		if (is_kind(to, "remanufacturer") || is_kind(to, "recycler"))
			return SY_OK;
		return sy_fail(err, SY_INVALID, "party",
			       _("%s: the %s is one of the five major assemblies and goes only to a remanufacturer or a scrap metal / smelter recycler, not to %s (%s)"),
			       p->part_no, part_kind_name(&p->kind), to->name, who);
	}
	if (strcmp(p->dest, "hazardous") == 0 || p->kind.hazardous) {
		if (is_kind(to, "hazardous_handler") && *to->licence)
			return SY_OK;
		return sy_fail(err, SY_INVALID, "party",
			       _("%s: hazardous waste goes only to a licensed hazardous waste handler; %s (%s) is not one"),
			       p->part_no, to->name, who);
	}
	static const struct {
		const char *dest, *kind, *alt;
	} allowed[] = {
		{"reuse", "buyer", NULL},
		{"reman", "remanufacturer", NULL},
		{"material", "recycler", NULL},
		{"energy", "energy_recovery", "hazardous_handler"},
		{"landfill", "landfill", NULL},
	};
	for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++) {
		if (strcmp(p->dest, allowed[i].dest) != 0)
			continue;
		if (is_kind(to, allowed[i].kind) || (allowed[i].alt && is_kind(to, allowed[i].alt)))
			return SY_OK;
		return sy_fail(err, SY_INVALID, "party", _("%s is marked for %s: it goes to a %s, not to %s (%s)"), p->part_no,
			       code_label(part_dests, p->dest), code_label(party_kinds, allowed[i].kind), to->name, who);
	}
	return sy_fail(err, SY_INVALID, "dest", _("%s has no known destination"), p->part_no);
}

/* ---- rows ---- */

#define SHIP_COLUMNS                                                                                   \
	"s.id, s.ship_no, s.party_id, s.shipped_on, s.kind, s.material, s.weight_kg, s.price, s.notes," \
	" s.created_by, s.created_at, (SELECT count(*) FROM parts x WHERE x.shipment_id = s.id)"

static void ship_from_row(db *d, sqlite3_stmt *st, struct shipment *s)
{
	memset(s, 0, sizeof *s);
	s->id = sqlite3_column_int64(st, 0);
	db_column_copy(s->ship_no, sizeof s->ship_no, st, 1);
	int64_t party_id = sqlite3_column_int64(st, 2);
	db_column_copy(s->shipped_on, sizeof s->shipped_on, st, 3);
	db_column_copy(s->kind, sizeof s->kind, st, 4);
	db_column_copy(s->material, sizeof s->material, st, 5);
	s->weight_kg = sqlite3_column_double(st, 6);
	s->price = sqlite3_column_double(st, 7);
	db_column_copy(s->notes, sizeof s->notes, st, 8);
	db_column_copy(s->created_by, sizeof s->created_by, st, 9);
	db_column_copy(s->created_at, sizeof s->created_at, st, 10);
	s->n_parts = sqlite3_column_int(st, 11);
	party_get(d, party_id, &s->party, NULL);
}

static void fill_ship(db *d, sqlite3_stmt *st, void *out)
{
	ship_from_row(d, st, out);
}

static int get_where(db *d, sy_err *err, const char *sql, const char *fmt, const void *arg, struct shipment *out)
{
	sqlite3_stmt *st = *fmt == 'I' ? db_query(d, err, sql, fmt, *(const int64_t *)arg)
				       : db_query(d, err, sql, fmt, (const char *)arg);
	return db_get_row(d, err, st, fill_ship, out);
}

int shipment_get(db *d, int64_t id, struct shipment *out, sy_err *err)
{
	int rc = get_where(d, err, "SELECT " SHIP_COLUMNS " FROM shipments s WHERE s.id = ?", "I", &id, out);
	if (rc == SY_INVALID)
		sy_fail(err, SY_INVALID, "shipment", _("no shipment with id %lld"), (long long)id);
	return rc;
}

int shipment_find(db *d, const char *ship_no, struct shipment *out, sy_err *err)
{
	char norm[32];
	if (input_code(ship_no, 20, norm, sizeof norm, "shipment", err) != SY_OK)
		return err->status;
	int rc = get_where(d, err, "SELECT " SHIP_COLUMNS " FROM shipments s WHERE s.ship_no = ?", "t", norm, out);
	if (rc == SY_INVALID)
		sy_fail(err, SY_INVALID, "shipment", _("no shipment numbered '%s'"), norm);
	return rc;
}

cJSON *shipment_to_json(const struct shipment *s)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)s->id);
	input_json_str(o, "ship_no", s->ship_no);
	cJSON_AddItemToObject(o, "party", party_to_json(&s->party));
	input_json_str(o, "shipped_on", s->shipped_on);
	input_json_str(o, "kind", s->kind);
	input_json_str(o, "material", s->material);
	input_json_num(o, "weight_kg", s->weight_kg);
	input_json_num(o, "price", s->price);
	input_json_str(o, "notes", s->notes);
	cJSON_AddNumberToObject(o, "parts", s->n_parts);
	input_json_str(o, "created_by", s->created_by);
	input_json_str(o, "created_at", s->created_at);
	return o;
}

/* ---- creating ---- */

static int common_input(const struct shipment_input *in, char date[11], char *notes, size_t notes_size, sy_err *err)
{
	if (in->date && *in->date) {
		if (input_date(in->date, "date", 1, err) != SY_OK)
			return err->status;
		sy_strlcpy(date, in->date, 11);
	} else {
		db_today(date);
	}
	if (input_text(in->notes, 200, notes, notes_size, "notes", err) ||
	    input_amount(in->price, 0, 100000000, "price", _("price"), err) ||
	    input_amount(in->weight_kg, 0, 200000, "weight", _("weight in kg"), err))
		return err->status;
	return SY_OK;
}

static int insert_shipment(db *d, const struct shipment_input *in, const char *kind, const char *material,
			   const char *date, const char *notes, double weight, double price, int64_t *id, sy_err *err)
{
	int64_t seq;
	char ship_no[16], now[20];
	if (db_next_number(d, err, "shipment", atoi(date), &seq) != SY_OK)
		return err->status;
	snprintf(ship_no, sizeof ship_no, "S%.4s-%06lld", date, (long long)seq);
	db_now(now);
	int rc = db_exec(d, err,
			 "INSERT INTO shipments(ship_no, party_id, shipped_on, kind, material, weight_kg, price, notes,"
			 " created_by, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
			 "tItttDDttt", ship_no, in->party_id, date, kind, material, weight, price, *notes ? notes : NULL,
			 db_actor(d), now);
	*id = db_last_id(d);
	return rc;
}

int shipment_part_nos(db *d, int64_t id, shipment_part_cb cb, void *ctx, sy_err *err)
{
	sqlite3_stmt *st = db_query(d, err, "SELECT part_no FROM parts WHERE shipment_id = ? ORDER BY id", "I", id);
	if (!st)
		return err ? err->status : SY_ENV;
	int rc;
	while ((rc = db_step(d, err, st)) == SQLITE_ROW)
		if (cb(db_column_text(st, 0), ctx))
			break;
	return db_walk_end(d, st, rc, err);
}

static int add_part_no(const char *part_no, void *ctx)
{
	cJSON_AddItemToArray(ctx, cJSON_CreateString(part_no));
	return 0;
}

cJSON *shipment_to_json_with_parts(db *d, const struct shipment *s, sy_err *err)
{
	cJSON *o = shipment_to_json(s);
	shipment_part_nos(d, s->id, add_part_no, cJSON_AddArrayToObject(o, "part_nos"), err);
	return o;
}

static int audit_shipment(db *d, int64_t id, struct shipment *out, sy_err *err)
{
	struct shipment s;
	if (shipment_get(d, id, &s, err) != SY_OK)
		return err->status;
	char *json = input_json_text(shipment_to_json_with_parts(d, &s, err));
	int rc = audit_append(d, err, "shipment", id, "create", NULL, json);
	free(json);
	if (out)
		*out = s;
	return rc;
}

/* A traction battery leaving is also its hand-over (Order 715 battery record). */
static int battery_handover(db *d, const struct part *p, const struct party *to, const char *date, sy_err *err)
{
	static const struct {
		const char *party_kind, *recipient_kind;
	} map[] = {{"battery_oem", "oem"}, {"battery_echelon", "echelon"}, {"battery_recycler", "recycler"}};
	struct vehicle v;
	struct dep_record r;
	if (strcmp(p->kind.code, "traction_battery") != 0 || vehicle_get(d, p->vehicle_id, &v, err) != SY_OK)
		return strcmp(p->kind.code, "traction_battery") != 0 ? SY_OK : err->status;
	if (!dep_step_applies(dep_step_find("battery_handover"), &v) ||
	    depollution_get(d, v.id, "battery_handover", &r, NULL) == SY_OK ||
	    depollution_get(d, v.id, "traction_battery", &r, NULL) != SY_OK || r.absent)
		return SY_OK;
	struct dep_input in = {.step = "battery_handover", .recipient = to->name, .recipient_code = to->credit_code,
			       .date = date};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(to->kind, map[i].party_kind) == 0)
			in.recipient_kind = map[i].recipient_kind;
	return depollution_record_in_transaction(d, &v, &in, NULL, err);
}

/* One part out: check, mark, audit. */
static int ship_part(db *d, int64_t part_id, const struct party *to, const char *date, int64_t shipment_id, sy_err *err)
{
	struct part p, after;
	char now[20];
	if (part_get(d, part_id, &p, err) != SY_OK)
		return err->status;
	if (strcmp(p.status, "stock") != 0)
		return sy_fail(err, SY_INVALID, "part", _("part %s has left already (%s, %s)"), p.part_no,
			       code_label(part_statuses, p.status), p.ship_no);
	if (shipment_check_party(to, &p, err) != SY_OK)
		return err->status;
	if (strncmp(date, p.created_at, 10) < 0)
		return sy_fail(err, SY_INVALID, "date", _("%s is before part %s was recorded (%.10s)"), date, p.part_no,
			       p.created_at);
	/* An assembly's recorded destination follows where it actually went. */
	const char *dest = p.dest;
	if (p.kind.assembly)
		dest = is_kind(to, "remanufacturer") ? "reman" : "material";
	const char *status = strcmp(dest, "reuse") == 0 ? "sold" : "shipped";
	db_now(now);
	int rc = db_exec(d, err, "UPDATE parts SET status = ?, dest = ?, shipment_id = ?, updated_at = ? WHERE id = ?",
			 "ttItI", status, dest, shipment_id, now, p.id);
	if (rc == SY_OK)
		rc = part_get(d, p.id, &after, err);
	if (rc == SY_OK) {
		char *old_json = input_json_text(part_to_json(&p)), *new_json = input_json_text(part_to_json(&after));
		rc = audit_append(d, err, "part", p.id, status, old_json, new_json);
		free(old_json);
		free(new_json);
	}
	if (rc == SY_OK)
		rc = battery_handover(d, &p, to, date, err);
	return rc;
}

int shipment_parts(db *d, const struct shipment_input *in, const int64_t *part_ids, int n, struct shipment *out,
		   sy_err *err)
{
	struct party to;
	char date[11], notes[256];
	if (n <= 0)
		return sy_fail(err, SY_INVALID, "part", _("name the parts that leave"));
	if (common_input(in, date, notes, sizeof notes, err) != SY_OK || party_get(d, in->party_id, &to, err) != SY_OK)
		return err->status;
	if (in->material && *in->material)
		return sy_fail(err, SY_INVALID, "material", _("a shipment of parts has no material: ship a material lot separately"));
	if (db_begin(d, err) != SY_OK)
		return err->status;
	double weight = 0, price = 0;
	int64_t id = 0;
	int rc = insert_shipment(d, in, "parts", NULL, date, notes, 0, 0, &id, err);
	for (int i = 0; i < n && rc == SY_OK; i++)
		rc = ship_part(d, part_ids[i], &to, date, id, err);
	if (rc == SY_OK) {
		sqlite3_stmt *st = db_query(d, err, "SELECT coalesce(sum(weight_kg), 0), coalesce(sum(price), 0) FROM parts"
						    " WHERE shipment_id = ?", "I", id);
		if (st && db_step(d, err, st) == SQLITE_ROW) {
			weight = sqlite3_column_double(st, 0);
			price = sqlite3_column_double(st, 1);
		}
		db_done(d, st);
		rc = db_exec(d, err, "UPDATE shipments SET weight_kg = ?, price = ? WHERE id = ?", "DDI",
			     in->weight_kg > 0 ? in->weight_kg : weight, in->price > 0 ? in->price : price, id);
	}
	if (rc == SY_OK)
		rc = audit_shipment(d, id, out, err);
	return db_end(d, rc, err);
}

int shipment_material(db *d, const struct shipment_input *in, struct shipment *out, sy_err *err)
{
	struct party to;
	char date[11], notes[256];
	if (common_input(in, date, notes, sizeof notes, err) != SY_OK)
		return err->status;
	if (!in->material || !code_known(shipment_materials, in->material))
		return sy_fail(err, SY_INVALID, "material",
			       _("give the material: steel, aluminium, copper, plastics, glass, rubber, hulk or mixed"));
	if (!(in->weight_kg > 0))
		return sy_fail(err, SY_INVALID, "weight", _("a material lot is weighed out: give its weight in kg"));
	if (party_get(d, in->party_id, &to, err) != SY_OK)
		return err->status;
	if (!is_kind(&to, "recycler"))
		return sy_fail(err, SY_INVALID, "party",
			       _("material goes to a scrap metal / smelter / material recycler, not to %s (%s)"), to.name,
			       code_label(party_kinds, to.kind));
	if (db_begin(d, err) != SY_OK)
		return err->status;
	int64_t id = 0;
	int rc = insert_shipment(d, in, "material", in->material, date, notes, in->weight_kg, in->price, &id, err);
	if (rc == SY_OK)
		rc = audit_shipment(d, id, out, err);
	return db_end(d, rc, err);
}

/* ---- ledgers ---- */

/* The filter checked, and its last day into until (open: 9999-12-31). No
 * filter (*filter NULL) is every shipment: it then points at an empty one. */
static int check_filter(const struct shipment_filter **filter, char until[11], sy_err *err)
{
	static const struct shipment_filter every;
	if (!*filter)
		*filter = &every;
	const struct shipment_filter *f = *filter;
	if (input_date(f->since, "since", 0, err) || input_date(f->until, "until", 0, err))
		return err->status;
	sy_strlcpy(until, f->until && *f->until ? f->until : "9999-12-31", 11);
	if (f->kind && *f->kind && strcmp(f->kind, "parts") != 0 && strcmp(f->kind, "material") != 0)
		return sy_fail(err, SY_INVALID, "kind", _("the shipment kind is parts or material, not '%s'"), f->kind);
	return SY_OK;
}

int shipment_list(db *d, const struct shipment_filter *f, shipment_cb cb, void *ctx, sy_err *err)
{
	char until[11];
	if (check_filter(&f, until, err) != SY_OK)
		return err->status;
	sqlite3_stmt *st = db_query(d, err,
				    "SELECT " SHIP_COLUMNS " FROM shipments s WHERE s.shipped_on >= ?1 AND s.shipped_on <= ?2"
				    " AND (?3 = 0 OR s.party_id = ?3) AND (?4 IS NULL OR s.kind = ?4)"
				    " ORDER BY s.shipped_on DESC, s.id DESC LIMIT ?5",
				    "ttIti", f->since && *f->since ? f->since : "", until, f->party_id,
				    f->kind && *f->kind ? f->kind : NULL, f->limit > 0 ? f->limit : 100);
	if (!st)
		return err->status;
	int rc = SQLITE_DONE, stop = 0;
	struct shipment s;
	while (!stop && (rc = db_step(d, err, st)) == SQLITE_ROW) {
		ship_from_row(d, st, &s);
		stop = cb(&s, ctx);
	}
	return db_walk_end(d, st, rc, err);
}

int shipment_ledger(db *d, const struct shipment_filter *f, int assemblies_only, ledger_cb cb, void *ctx, sy_err *err)
{
	char until[11];
	if (check_filter(&f, until, err) != SY_OK)
		return err->status;
	sqlite3_stmt *st = db_query(
		d, err,
		"SELECT s.shipped_on, s.ship_no, y.name, y.kind, coalesce(y.credit_code, y.licence, ''), p.part_no, k.code,"
		" k.name_en, k.name_zh, k.assembly, v.vin, coalesce(v.brand_model, ''), p.dest, coalesce(p.weight_kg, 0)"
		" FROM shipments s JOIN parties y ON y.id = s.party_id JOIN parts p ON p.shipment_id = s.id"
		" JOIN part_kinds k ON k.code = p.kind JOIN vehicles v ON v.id = p.vehicle_id"
		" WHERE s.shipped_on >= ?1 AND s.shipped_on <= ?2 AND (?3 = 0 OR s.party_id = ?3) AND (?4 = 0 OR k.assembly)"
		" ORDER BY s.shipped_on, s.id, p.id LIMIT ?5",
		"ttIii", f->since && *f->since ? f->since : "", until, f->party_id, assemblies_only,
		f->limit > 0 ? f->limit : 100000);
	if (!st)
		return err->status;
	int rc = SQLITE_DONE, stop = 0;
	while (!stop && (rc = db_step(d, err, st)) == SQLITE_ROW) {
		struct ledger_row r = {.assembly = sqlite3_column_int(st, 9), .weight_kg = sqlite3_column_double(st, 13)};
		db_column_copy(r.shipped_on, sizeof r.shipped_on, st, 0);
		db_column_copy(r.ship_no, sizeof r.ship_no, st, 1);
		db_column_copy(r.party, sizeof r.party, st, 2);
		db_column_copy(r.party_kind, sizeof r.party_kind, st, 3);
		db_column_copy(r.party_code, sizeof r.party_code, st, 4);
		db_column_copy(r.part_no, sizeof r.part_no, st, 5);
		db_column_copy(r.kind, sizeof r.kind, st, 6);
		db_column_copy(r.kind_en, sizeof r.kind_en, st, 7);
		db_column_copy(r.kind_zh, sizeof r.kind_zh, st, 8);
		db_column_copy(r.vin, sizeof r.vin, st, 10);
		db_column_copy(r.brand_model, sizeof r.brand_model, st, 11);
		db_column_copy(r.dest, sizeof r.dest, st, 12);
		r.kind_name = sy_pick(r.kind_en, r.kind_zh);
		stop = cb(&r, ctx);
	}
	return db_walk_end(d, st, rc, err);
}

cJSON *ledger_row_to_json(const struct ledger_row *r)
{
	cJSON *o = cJSON_CreateObject();
	input_json_str(o, "shipped_on", r->shipped_on);
	input_json_str(o, "ship_no", r->ship_no);
	input_json_str(o, "party", r->party);
	input_json_str(o, "party_kind", r->party_kind);
	input_json_str(o, "party_code", r->party_code);
	input_json_str(o, "part_no", r->part_no);
	input_json_str(o, "kind", r->kind);
	input_json_str(o, "kind_name", r->kind_name);
	cJSON_AddBoolToObject(o, "assembly", r->assembly);
	input_json_str(o, "vin", r->vin);
	input_json_str(o, "brand_model", r->brand_model);
	input_json_str(o, "dest", r->dest);
	input_json_num(o, "weight_kg", r->weight_kg);
	return o;
}
