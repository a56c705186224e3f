#include "db/part.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/audit.h"
#include "db/vehicle_life.h"
#include "db/depollution.h"
#include "base/i18n.h"
#include "db/input.h"
#include "db/shipment.h"
#include "base/text.h"
#include "base/util.h"
#include "db/user.h"

const struct code_label part_dests[] = {
	{"reuse", "Reuse (sold as used part)", "回用"},
	{"reman", "Remanufacture (core)", "再制造"},
	{"material", "Material recycling", "材料回收"},
	{"hazardous", "Hazardous waste (licensed handler)", "危险废物"},
	{"energy", "Energy recovery", "能量回收"},
	{"landfill", "Landfill", "填埋"},
	{0},
};

const struct code_label part_grades[] = {
	{"A", "A: good", "A：良好"},
	{"B", "B: fair", "B：一般"},
	{"C", "C: poor", "C：较差"},
	{0},
};

const struct code_label part_materials[] = {
	{"steel", "Steel", "钢铁"},
	{"aluminium", "Aluminium", "铝"},
	{"copper", "Copper", "铜"},
	{"plastics", "Plastics", "塑料"},
	{"glass", "Glass", "玻璃"},
	{"rubber", "Rubber", "橡胶"},
	{"textile", "Textile", "纺织物"},
	{"electronics", "Electronics", "电子器件"},
	{"battery", "Batteries", "电池"},
	{"mixed", "Mixed", "混合材料"},
	{0},
};

const struct code_label part_statuses[] = {
	{"stock", "In stock", "在库"},
	{"sold", "Sold", "已售"},
	{"shipped", "Shipped", "已发出"},
	{"scrapped", "Scrapped", "已报废"},
	{0},
};

static int bad_material(const char *given, sy_err *err)
{
	const char *names[16];
	int n = 0;
	for (const struct code_label *m = part_materials; m->code && n < 15; m++)
		names[n++] = m->code;
	names[n] = NULL;
	input_choice(given, names, "material", err);
	return err->status;
}

/* ---- kinds ---- */

#define KIND_COLUMNS "code, name_en, name_zh, assembly, material, keeps_vin, hazardous, step, max_per_vehicle"

static void kind_from_row(sqlite3_stmt *st, int at, struct part_kind *k)
{
	memset(k, 0, sizeof *k);
	db_column_copy(k->code, sizeof k->code, st, at);
	db_column_copy(k->name_en, sizeof k->name_en, st, at + 1);
	db_column_copy(k->name_zh, sizeof k->name_zh, st, at + 2);
	k->assembly = sqlite3_column_int(st, at + 3);
	db_column_copy(k->material, sizeof k->material, st, at + 4);
	k->keeps_vin = sqlite3_column_int(st, at + 5);
	k->hazardous = sqlite3_column_int(st, at + 6);
	db_column_copy(k->step, sizeof k->step, st, at + 7);
	k->max_per_vehicle = sqlite3_column_int(st, at + 8);
}

const char *part_kind_name(const struct part_kind *k) { return sy_pick(k->name_en, k->name_zh); }

int part_kind_get(db *d, const char *code, struct part_kind *out, sy_err *err)
{
	sqlite3_stmt *st = db_query(d, err, "SELECT " KIND_COLUMNS " FROM part_kinds WHERE code = ?", "t", code);
	if (!st)
		return err->status;
	int rc = db_step(d, err, st);
	if (rc == SQLITE_ROW)
		kind_from_row(st, 0, out);
	db_done(d, st);
	if (rc == SQLITE_DONE) {
		sy_fail(err, SY_INVALID, "kind", _("'%s' is not a part kind"), code);
		return sy_hint(err, "scrapyard part kinds");
	}
	return rc == SQLITE_ROW ? SY_OK : err->status;
}

/* Kinds matching sql with the text bound as ?1; count and the first. */
static int kind_matches(db *d, const char *sql, const char *text, struct part_kind *first, char *names, size_t size,
			int *count, sy_err *err)
{
	sqlite3_stmt *st = db_query(d, err, sql, "t", text);
	if (!st)
		return err->status;
	int rc;
	*count = 0;
	*names = '\0';
	while ((rc = db_step(d, err, st)) == SQLITE_ROW) {
		struct part_kind k;
		kind_from_row(st, 0, &k);
		if ((*count)++ == 0)
			*first = k;
		if (*count <= 8) {
			if (*names)
				strncat(names, ", ", size - strlen(names) - 1);
			strncat(names, k.code, size - strlen(names) - 1);
		}
	}
	db_done(d, st);
	return rc == SQLITE_DONE ? SY_OK : err->status;
}

int part_kind_resolve(db *d, const char *text, struct part_kind *out, sy_err *err)
{
	char want[96], names[256];
	int n;
	if (input_text(text, 40, want, sizeof want, "kind", err) != SY_OK)
		return err->status;
	if (!*want) {
		sy_fail(err, SY_INVALID, "kind", _("give the part kind (a code or part of its name)"));
		return sy_hint(err, "scrapyard part kinds");
	}
	if (kind_matches(d,
			 "SELECT " KIND_COLUMNS " FROM part_kinds WHERE code = lower(?1) OR lower(name_en) = lower(?1)"
			 " OR name_zh = ?1 ORDER BY sort, code",
			 want, out, names, sizeof names, &n, err) != SY_OK)
		return err->status;
	if (n == 1)
		return SY_OK;
	if (kind_matches(d,
			 "SELECT " KIND_COLUMNS " FROM part_kinds WHERE instr(code, lower(?1)) OR instr(lower(name_en), lower(?1))"
			 " OR instr(name_zh, ?1) ORDER BY sort, code",
			 want, out, names, sizeof names, &n, err) != SY_OK)
		return err->status;
	if (n == 1)
		return SY_OK;
	if (n > 1)
		return sy_fail(err, SY_INVALID, "kind", _("'%s' fits %d part kinds (%s%s): type more of the name or the code"), want,
			       n, names, n > 8 ? ", ..." : "");
	sy_fail(err, SY_INVALID, "kind", _("no part kind matches '%s'"), want);
	return sy_hint(err, "scrapyard part kinds");
}

int part_kind_list(db *d, part_kind_cb cb, void *ctx, sy_err *err)
{
	sqlite3_stmt *st = db_query(d, err, "SELECT " KIND_COLUMNS " FROM part_kinds ORDER BY sort, code", NULL);
	if (!st)
		return err->status;
	int rc = SQLITE_DONE, stop = 0;
	struct part_kind k;
	while (!stop && (rc = db_step(d, err, st)) == SQLITE_ROW) {
		kind_from_row(st, 0, &k);
		stop = cb(&k, ctx);
	}
	return db_walk_end(d, st, rc, err);
}

cJSON *part_kind_to_json(const struct part_kind *k)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "code", k->code);
	cJSON_AddStringToObject(o, "name_en", k->name_en);
	cJSON_AddStringToObject(o, "name_zh", k->name_zh);
	cJSON_AddBoolToObject(o, "assembly", k->assembly);
	input_json_str(o, "material", k->material);
	cJSON_AddBoolToObject(o, "keeps_vin", k->keeps_vin);
	cJSON_AddBoolToObject(o, "hazardous", k->hazardous);
	input_json_str(o, "step", k->step);
	cJSON_AddNumberToObject(o, "max_per_vehicle", k->max_per_vehicle);
	return o;
}

int part_kind_save(db *d, struct part_kind *k, sy_err *err)
{
	struct part_kind in = *k, old;
	char code[32];
	if (input_text(in.name_en, 40, k->name_en, sizeof k->name_en, "name-en", err) ||
	    input_text(in.name_zh, 20, k->name_zh, sizeof k->name_zh, "name-zh", err) ||
	    input_text(in.code, 20, code, sizeof code, "code", err))
		return err->status;
	for (char *p = code; *p; p++) {
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p + 32);
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			return sy_fail(err, SY_INVALID, "code", _("a kind code uses only letters, digits and '_'"));
	}
	sy_strlcpy(k->code, code, sizeof k->code);
	if (!*k->code || !*k->name_en || !*k->name_zh)
		return sy_fail(err, SY_INVALID, !*k->code ? "code" : !*k->name_en ? "name-en" : "name-zh",
			       _("a part kind needs a code and names in English and Chinese"));
	if (*k->material && !code_known(part_materials, k->material))
		return bad_material(k->material, err);
	if (k->max_per_vehicle < 0 || k->max_per_vehicle > 100)
		return sy_fail(err, SY_INVALID, "max", _("the number per vehicle must be from 0 (no limit) to 100"));
	/* The catalogue parts are graded against: a supervisor's to change. */
	if (user_may(d, ROLE_SUPERVISOR, err) != SY_OK || db_begin(d, err) != SY_OK)
		return err->status;
	int had = part_kind_get(d, k->code, &old, NULL) == SY_OK;
	int rc;
	if (had) {
		/* The law's assemblies and the pretreatment links stay as seeded. */
		k->assembly = old.assembly;
		k->keeps_vin = old.keeps_vin;
		k->hazardous = old.hazardous || k->hazardous;
		sy_strlcpy(k->step, old.step, sizeof k->step);
		rc = db_exec(d, err,
			     "UPDATE part_kinds SET name_en = ?, name_zh = ?, material = ?, hazardous = ?, max_per_vehicle = ?"
			     " WHERE code = ?",
			     "tttiit", k->name_en, k->name_zh, *k->material ? k->material : NULL, k->hazardous,
			     k->max_per_vehicle, k->code);
	} else {
		k->assembly = k->keeps_vin = 0;
		k->step[0] = '\0';
		rc = db_exec(d, err,
			     "INSERT INTO part_kinds(code, name_en, name_zh, assembly, material, keeps_vin, hazardous, step,"
			     " max_per_vehicle, sort) VALUES (?, ?, ?, 0, ?, 0, ?, NULL, ?, 900)",
			     "ttttii", k->code, k->name_en, k->name_zh, *k->material ? k->material : NULL, k->hazardous,
			     k->max_per_vehicle);
	}
	if (rc == SY_OK) {
		char *old_json = had ? input_json_text(part_kind_to_json(&old)) : NULL;
		char *new_json = input_json_text(part_kind_to_json(k));
		rc = audit_append(d, err, "part_kind", 0, had ? "update" : "create", old_json, new_json);
		free(old_json);
		free(new_json);
	}
	return db_end(d, rc, err);
}

/* ---- rows ---- */

#define PART_COLUMNS                                                                                          \
	"p.id, p.part_no, p.vehicle_id, v.stock_no, v.vin, v.brand_model,"                                     \
	" k.code, k.name_en, k.name_zh, k.assembly, k.material, k.keeps_vin, k.hazardous, k.step, k.max_per_vehicle," \
	" p.grade, p.dest, p.material, p.weight_kg, p.location, p.price, p.notes, p.photos, p.status, p.shipment_id," \
	" s.ship_no, p.created_by, p.created_at, p.updated_at"
#define PART_JOINS                                                                            \
	" JOIN vehicles v ON v.id = p.vehicle_id JOIN part_kinds k ON k.code = p.kind" \
	" LEFT JOIN shipments s ON s.id = p.shipment_id"
#define PART_FROM " FROM parts p" PART_JOINS

static void photos_from_json(struct part *p, const char *text)
{
	cJSON *a = text ? cJSON_Parse(text) : NULL;
	const cJSON *item;
	cJSON_ArrayForEach(item, a)
	{
		if (p->n_photos < PART_MAX_PHOTOS && cJSON_IsString(item))
			sy_strlcpy(p->photos[p->n_photos++], item->valuestring, sizeof p->photos[0]);
	}
	cJSON_Delete(a);
}

static cJSON *photos_to_json(const struct part *p)
{
	cJSON *a = cJSON_CreateArray();
	for (int i = 0; i < p->n_photos; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(p->photos[i]));
	return a;
}

#define COL(field, i) db_column_copy(p->field, sizeof p->field, st, i)
static void part_from_row(sqlite3_stmt *st, struct part *p)
{
	memset(p, 0, sizeof *p);
	p->id = sqlite3_column_int64(st, 0);
	COL(part_no, 1);
	p->vehicle_id = sqlite3_column_int64(st, 2);
	COL(stock_no, 3); COL(vin, 4); COL(brand_model, 5);
	kind_from_row(st, 6, &p->kind);
	COL(grade, 15); COL(dest, 16); COL(material, 17);
	p->weight_kg = sqlite3_column_double(st, 18);
	COL(location, 19);
	p->price = sqlite3_column_double(st, 20);
	COL(notes, 21);
	photos_from_json(p, (const char *)sqlite3_column_text(st, 22));
	COL(status, 23);
	p->shipment_id = sqlite3_column_int64(st, 24);
	COL(ship_no, 25); COL(created_by, 26); COL(created_at, 27); COL(updated_at, 28);
}

static void fill_part(db *d, sqlite3_stmt *st, void *out)
{
	(void)d;
	part_from_row(st, out);
}
#undef COL

static int get_where(db *d, sy_err *err, const char *sql, const char *fmt, const void *arg, struct part *out)
{
	sqlite3_stmt *st = *fmt == 'I' ? db_query(d, err, sql, fmt, *(const int64_t *)arg)
				       : db_query(d, err, sql, fmt, (const char *)arg);
	return db_get_row(d, err, st, fill_part, out);
}

int part_get(db *d, int64_t id, struct part *out, sy_err *err)
{
	int rc = get_where(d, err, "SELECT " PART_COLUMNS PART_FROM " WHERE p.id = ?", "I", &id, out);
	if (rc == SY_INVALID)
		sy_fail(err, SY_INVALID, "part", _("no part with id %lld"), (long long)id);
	return rc;
}

int part_find(db *d, const char *part_no, struct part *out, sy_err *err)
{
	char norm[32];
	if (input_code(part_no, 20, norm, sizeof norm, "part", err) != SY_OK)
		return err->status;
	int rc = get_where(d, err, "SELECT " PART_COLUMNS PART_FROM " WHERE p.part_no = ?", "t", norm, out);
	if (rc == SY_INVALID)
		sy_fail(err, SY_INVALID, "part", _("no part numbered '%s'"), norm);
	return rc;
}

cJSON *part_to_json(const struct part *p)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)p->id);
	input_json_str(o, "part_no", p->part_no);
	cJSON_AddNumberToObject(o, "vehicle_id", (double)p->vehicle_id);
	input_json_str(o, "stock_no", p->stock_no);
	input_json_str(o, "vin", p->vin);
	input_json_str(o, "brand_model", p->brand_model);
	input_json_str(o, "kind", p->kind.code);
	input_json_str(o, "kind_en", p->kind.name_en);
	input_json_str(o, "kind_zh", p->kind.name_zh);
	cJSON_AddBoolToObject(o, "assembly", p->kind.assembly);
	cJSON_AddBoolToObject(o, "keeps_vin", p->kind.keeps_vin);
	input_json_str(o, "grade", p->grade);
	input_json_str(o, "dest", p->dest);
	input_json_str(o, "material", p->material);
	input_json_num(o, "weight_kg", p->weight_kg);
	input_json_str(o, "location", p->location);
	input_json_num(o, "price", p->price);
	input_json_str(o, "notes", p->notes);
	cJSON_AddItemToObject(o, "photos", photos_to_json(p));
	input_json_str(o, "status", p->status);
	input_json_str(o, "ship_no", p->ship_no);
	input_json_str(o, "created_by", p->created_by);
	input_json_str(o, "created_at", p->created_at);
	input_json_str(o, "updated_at", p->updated_at);
	return o;
}

static int audit_part(db *d, const struct part *old, int64_t id, const char *action, struct part *now, sy_err *err)
{
	struct part after;
	if (part_get(d, id, &after, err) != SY_OK)
		return err->status;
	char *old_json = old ? input_json_text(part_to_json(old)) : NULL;
	char *new_json = input_json_text(part_to_json(&after));
	int rc = audit_append(d, err, "part", id, action, old_json, new_json);
	free(old_json);
	free(new_json);
	if (now)
		*now = after;
	return rc;
}

/* ---- rules ---- */

int part_check_dest(const struct part_kind *k, const char *dest, sy_err *err)
{
	if (!dest || !code_known(part_dests, dest))
		return sy_fail(err, SY_INVALID, "dest",
			       _("'%s' is not a destination: reuse, reman, material, hazardous, energy or landfill"),
			       dest ? dest : "");
	if (k->assembly && strcmp(dest, "reman") != 0 && strcmp(dest, "material") != 0)
		return sy_fail(err, SY_INVALID, "dest",
			       _("the %s is one of the five major assemblies: it goes only to a remanufacturer (reman) or to scrap metal (material), never to %s (Order 715)"),
			       part_kind_name(k), code_label(part_dests, dest));
	if (k->hazardous && strcmp(dest, "hazardous") != 0) {
		sy_fail(err, SY_INVALID, "dest", _("the %s is hazardous waste: it goes only to a licensed handler"),
			part_kind_name(k));
		return sy_hint(err, "--dest hazardous");
	}
	return SY_OK;
}

const char *part_default_dest(const struct part_kind *k)
{
	return k->assembly ? "reman" : k->hazardous ? "hazardous" : "reuse";
}

static int has_token(const char *list, const char *token)
{
	size_t n = strlen(token);
	for (const char *p = list; (p = strstr(p, token)) != NULL; p += n)
		if ((p == list || p[-1] == ',' || p[-1] == ' ') && (p[n] == '\0' || p[n] == ',' || p[n] == ' '))
			return 1;
	return 0;
}

/* May this kind be taken from this vehicle now? */
static int check_dismantling(db *d, const struct vehicle *v, const struct part_kind *k, sy_err *err)
{
	if (strcmp(v->status, "closed") == 0)
		return sy_fail(err, SY_INVALID, "ref",
			       _("vehicle %s was closed on %.10s, its work done (certificate, dismantling, deregistration): no parts can be added"),
			       v->stock_no, v->closed_at);
	if (strcmp(v->status, "open") != 0)
		return sy_fail(err, SY_INVALID, "ref", _("vehicle %s was cancelled (a wrong check-in): no parts can be added"),
			       v->stock_no);
	if (k->assembly && has_token(v->missing_parts, k->code))
		return sy_fail(err, SY_INVALID, "kind", _("vehicle %s came without its %s (declared at check-in)"), v->stock_no,
			       part_kind_name(k));
	const struct dep_step *s = *k->step ? dep_step_find(k->step) : NULL;
	if (s && dep_step_applies(s, v)) {
		/* Removed during pretreatment: its own step is enough. */
		struct dep_record r;
		if (depollution_get(d, v->id, s->code, &r, NULL) != SY_OK)
			return sy_fail(err, SY_INVALID, "depollution",
				       _("record the pretreatment step '%s' for %s before adding its %s"), dep_step_label(s),
				       v->stock_no, part_kind_name(k));
		if (r.absent)
			return sy_fail(err, SY_INVALID, "kind", _("'%s' was recorded as not present on %s"), dep_step_label(s),
				       v->stock_no);
	} else if (depollution_check_complete(d, v, err) != SY_OK) {
		return err->status;
	}
	if (k->max_per_vehicle > 0) {
		int64_t have = 0;
		if (db_int64(d, err, &have, "SELECT count(*) FROM parts WHERE vehicle_id = ? AND kind = ?", "It", v->id,
			     k->code) != SY_OK)
			return err->status;
		if (have >= k->max_per_vehicle) {
			char *no = db_text(d, err, "SELECT group_concat(part_no, ', ') FROM parts WHERE vehicle_id = ? AND kind = ?",
					   "It", v->id, k->code);
			sy_fail(err, SY_INVALID, "kind", _("vehicle %s has given its %s already (%s)"), v->stock_no,
				part_kind_name(k), no ? no : "");
			free(no);
			return SY_INVALID;
		}
	}
	return SY_OK;
}

/* Validate what the clerk gave into p (kind already set). */
static int check_fields(const struct part_input *in, struct part *p, sy_err *err)
{
	if (in->grade) {
		char g[4];
		sy_strlcpy(g, in->grade, sizeof g);
		if (g[0] >= 'a' && g[0] <= 'c')
			g[0] = (char)(g[0] - 32);
		if (!code_known(part_grades, g))
			return sy_fail(err, SY_INVALID, "grade", _("the grade is A, B or C (condition), not '%s'"), in->grade);
		sy_strlcpy(p->grade, g, sizeof p->grade);
	}
	if (!*p->grade)
		return sy_fail(err, SY_INVALID, "grade", _("give the grade: A, B or C (condition)"));
	if (in->dest && *in->dest)
		sy_strlcpy(p->dest, in->dest, sizeof p->dest);
	if (!*p->dest)
		sy_strlcpy(p->dest, part_default_dest(&p->kind), sizeof p->dest);
	if (part_check_dest(&p->kind, p->dest, err) != SY_OK)
		return err->status;
	if (in->material && *in->material)
		sy_strlcpy(p->material, in->material, sizeof p->material);
	if (!*p->material)
		sy_strlcpy(p->material, p->kind.material, sizeof p->material);
	if (*p->material && !code_known(part_materials, p->material))
		return bad_material(p->material, err);
	if (strcmp(p->dest, "material") == 0 && !*p->material) {
		sy_fail(err, SY_INVALID, "material", _("material recycling needs the material"));
		return sy_hint(err, "--material");
	}
	if (input_amount(in->weight_kg, 0, 100000, "weight", _("weight in kg"), err) ||
	    input_amount(in->price, 0, 10000000, "price", _("price"), err))
		return err->status;
	if (in->weight_kg > 0)
		p->weight_kg = in->weight_kg;
	if (in->price > 0)
		p->price = in->price;
	if (in->location && input_code(in->location, 20, p->location, sizeof p->location, "location", err) != SY_OK)
		return err->status;
	if (in->notes && input_text(in->notes, 200, p->notes, sizeof p->notes, "notes", err) != SY_OK)
		return err->status;
	if (in->n_photos < 0 || in->n_photos > PART_MAX_PHOTOS)
		return sy_fail(err, SY_INVALID, "photo", _("at most %d photos per part"), PART_MAX_PHOTOS);
	for (int i = 0; i < in->n_photos; i++) {
		if (input_text(in->photos[i], 150, p->photos[i], sizeof p->photos[i], "photo", err) != SY_OK)
			return err->status;
		if (!*p->photos[i])
			return sy_fail(err, SY_INVALID, "photo", _("a photo reference is empty"));
	}
	if (in->n_photos)
		p->n_photos = in->n_photos;
	return SY_OK;
}

static char *photos_text(const struct part *p)
{
	return p->n_photos ? input_json_text(photos_to_json(p)) : NULL;
}

/* ---- changes ---- */

int part_add(db *d, const struct vehicle *v, const struct part_input *in, struct part *out, sy_err *err)
{
	struct part p = {0};
	char now[20], today[11];
	int64_t seq;
	if (part_kind_resolve(d, in->kind, &p.kind, err) != SY_OK || check_fields(in, &p, err) != SY_OK)
		return err->status;
	if (db_begin(d, err) != SY_OK)
		return err->status;
	int rc = check_dismantling(d, v, &p.kind, err);
	db_now(now);
	db_today(today);
	if (rc == SY_OK)
		rc = db_next_number(d, err, "part", atoi(today), &seq);
	if (rc == SY_OK) {
		snprintf(p.part_no, sizeof p.part_no, "P%.4s-%0*lld", today, PART_SERIAL_DIGITS, (long long)seq);
		char *photos = photos_text(&p);
		rc = db_exec(d, err,
			     "INSERT INTO parts(part_no, vehicle_id, kind, grade, dest, material, weight_kg, location, price,"
			     " notes, photos, created_by, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
			     "tIttttDtDttttt", p.part_no, v->id, p.kind.code, p.grade, p.dest, *p.material ? p.material : NULL,
			     p.weight_kg, *p.location ? p.location : NULL, p.price, *p.notes ? p.notes : NULL, photos,
			     db_actor(d), now, now);
		free(photos);
	}
	if (rc == SY_OK)
		rc = audit_part(d, NULL, db_last_id(d), "create", &p, err);
	/* the frame/body comes off last: it may end the vehicle's work */
	if (rc == SY_OK && strcmp(p.kind.code, "frame") == 0) {
		struct vehicle now_v = *v;
		rc = vehicle_close_if_done(d, &now_v, err);
	}
	rc = db_end(d, rc, err);
	if (rc == SY_OK && out)
		*out = p;
	return rc;
}

static int check_in_stock(const struct part *p, sy_err *err)
{
	if (strcmp(p->status, "stock") != 0)
		return sy_fail(err, SY_INVALID, "part", _("part %s is %s (%s): it is no longer in stock"), p->part_no,
			       code_label(part_statuses, p->status), p->ship_no);
	return SY_OK;
}

int part_update(db *d, struct part *p, const struct part_input *in, sy_err *err)
{
	struct part old, next;
	if (db_begin(d, err) != SY_OK)
		return err->status;
	int rc = part_get(d, p->id, &old, err);
	if (rc == SY_OK)
		rc = check_in_stock(&old, err);
	next = old;
	if (rc == SY_OK && in->dest && *in->dest)
		next.dest[0] = '\0';
	if (rc == SY_OK && in->material && *in->material)
		next.material[0] = '\0';
	if (rc == SY_OK)
		rc = check_fields(in, &next, err);
	if (rc == SY_OK) {
		char now[20];
		db_now(now);
		char *photos = photos_text(&next);
		rc = db_exec(d, err,
			     "UPDATE parts SET grade = ?, dest = ?, material = ?, weight_kg = ?, location = ?, price = ?,"
			     " notes = ?, photos = ?, updated_at = ? WHERE id = ?",
			     "tttDtDtttI", next.grade, next.dest, *next.material ? next.material : NULL, next.weight_kg,
			     *next.location ? next.location : NULL, next.price, *next.notes ? next.notes : NULL, photos, now,
			     next.id);
		free(photos);
	}
	if (rc == SY_OK)
		rc = audit_part(d, &old, old.id, "update", p, err);
	return db_end(d, rc, err);
}

int part_move(db *d, struct part *p, const char *location, sy_err *err)
{
	struct part old;
	char bin[24], now[20];
	if (input_code(location, 20, bin, sizeof bin, "location", err) != SY_OK)
		return err->status;
	if (!*bin)
		return sy_fail(err, SY_INVALID, "location", _("give the bin to move the part to"));
	if (db_begin(d, err) != SY_OK)
		return err->status;
	int rc = part_get(d, p->id, &old, err);
	if (rc == SY_OK)
		rc = check_in_stock(&old, err);
	db_now(now);
	if (rc == SY_OK)
		rc = db_exec(d, err, "UPDATE parts SET location = ?, updated_at = ? WHERE id = ?", "ttI", bin, now, old.id);
	if (rc == SY_OK)
		rc = audit_part(d, &old, old.id, "move", p, err);
	return db_end(d, rc, err);
}

int part_sell(db *d, struct part *p, int64_t party_id, double price, const char *date, sy_err *err)
{
	struct shipment s;
	struct shipment_input in = {.party_id = party_id, .date = date, .price = price > 0 ? price : p->price};
	if (shipment_parts(d, &in, &p->id, 1, &s, err) != SY_OK)
		return err->status;
	return part_get(d, p->id, p, err);
}

/* ---- search ---- */

/* Filters shared by every search query, bound as ?2 vehicle, ?3 status, ?4 kind. */
#define PART_FILTERS " AND (?2 = 0 OR p.vehicle_id = ?2) AND (?3 IS NULL OR p.status = ?3) AND (?4 IS NULL OR p.kind = ?4)"

struct emitter {
	part_cb cb;
	void *ctx;
	int left, stopped;
	int64_t *seen; /* ids already given, for the prefix queries */
	int nseen;
};

static int emit(struct emitter *e, const struct part *p)
{
	for (int i = 0; i < e->nseen; i++)
		if (e->seen[i] == p->id)
			return 0;
	if (e->seen)
		e->seen[e->nseen++] = p->id;
	e->left--;
	e->stopped = e->cb(p, e->ctx);
	return e->stopped || e->left <= 0;
}

static const char *or_null(const char *s)
{
	return s && *s ? s : NULL;
}

/* Each row of a search query to the emitter, until it has enough. */
static int emit_rows(db *d, sqlite3_stmt *st, struct emitter *e, sy_err *err)
{
	if (!st)
		return err->status;
	int rc = SQLITE_DONE;
	struct part p;
	while (e->left > 0 && !e->stopped && (rc = db_step(d, err, st)) == SQLITE_ROW) {
		part_from_row(st, &p);
		if (emit(e, &p))
			break;
	}
	db_done(d, st);
	return rc < 0 ? err->status : SY_OK;
}

/* Run one search query whose ?1 is text_arg and ?5 the row limit. */
static int run_query(db *d, const char *sql, const char *text_arg, const char *hi, const struct part_query *q,
		     struct emitter *e, sy_err *err)
{
	return emit_rows(d,
			 db_query(d, err, sql, "tIttit", text_arg, q->vehicle_id, or_null(q->status), or_null(q->kind),
				  e->left + e->nseen, hi),
			 e, err);
}

/* Bins beginning with ?1 (?6 just above them), in shelf order. */
#define SEARCH_BIN_PREFIX                                                                     \
	"SELECT " PART_COLUMNS PART_FROM " WHERE p.location >= ?1 AND p.location < ?6" PART_FILTERS \
	" ORDER BY p.location LIMIT ?5"

/* Kinds whose code or name begins with FRAG (or holds it, when not
 * prefix_only): each kind's newest parts, through the kind index. The
 * catalogue is small, so kinds are matched here rather than indexed per part. */
static int search_kinds(db *d, const char *frag, int prefix_only, const struct part_query *q, struct emitter *e,
			sy_err *err)
{
	sqlite3_stmt *kinds = db_query(d, err,
				       "SELECT code FROM part_kinds WHERE"
				       " (?2 AND (upper(code) LIKE ?1 || '%' ESCAPE '\\' OR upper(name_en) LIKE ?1 || '%' ESCAPE '\\'"
				       " OR name_zh LIKE ?1 || '%' ESCAPE '\\'))"
				       " OR (NOT ?2 AND (instr(upper(code), ?1) OR instr(upper(name_en), ?1) OR instr(name_zh, ?1)"
				       " OR instr(upper(replace(code, '_', ' ')), ?1)))"
				       " ORDER BY sort",
				       "ti", frag, prefix_only);
	if (!kinds)
		return err->status;
	char codes[64][24];
	int n = 0, step;
	while (n < 64 && (step = db_step(d, err, kinds)) == SQLITE_ROW)
		db_column_copy(codes[n++], sizeof codes[0], kinds, 0);
	db_done(d, kinds);
	int rc = SY_OK;
	for (int i = 0; i < n && rc == SY_OK && e->left > 0 && !e->stopped; i++) {
		if (q->kind && *q->kind && strcmp(q->kind, codes[i]) != 0)
			continue;
		rc = run_query(d,
			       "SELECT " PART_COLUMNS PART_FROM " WHERE p.kind = ?1 AND ?6 IS NOT NULL" PART_FILTERS
			       " ORDER BY p.id DESC LIMIT ?5",
			       codes[i], "", q, e, err);
	}
	return rc;
}

/* The start of a part number ("P2026-00", "26-0001"): its B-tree, since
 * the search index holds only serials (schema step 7). Newest first. */
static int search_part_numbers(db *d, const char *frag, const struct part_query *q, struct emitter *e, sy_err *err)
{
	char prefixes[8][TEXT_NUMBER_PREFIX_SIZE], hi[TEXT_NUMBER_PREFIX_SIZE + 4], today[11];
	db_today(today);
	int n = text_number_prefixes(frag, 'P', TEXT_NUMBER_FIRST_YEAR, atoi(today) + 1, prefixes, 8), rc = SY_OK;
	for (int i = 0; i < n && rc == SY_OK && e->left > 0 && !e->stopped; i++) {
		snprintf(hi, sizeof hi, "%.*s\xf5", TEXT_NUMBER_PREFIX_SIZE - 1, prefixes[i]);
		rc = run_query(d,
			       "SELECT " PART_COLUMNS PART_FROM " WHERE p.part_no >= ?1 AND p.part_no < ?6" PART_FILTERS
			       " ORDER BY p.part_no DESC LIMIT ?5",
			       prefixes[i], hi, q, e, err);
	}
	return rc;
}

/* The first and last year any part number carries; 0 when there are none. */
static int part_number_years(db *d, int *first, int *last, sy_err *err)
{
	char *lo = db_text(d, err, "SELECT min(part_no) FROM parts", NULL);
	char *hi = lo ? db_text(d, err, "SELECT max(part_no) FROM parts", NULL) : NULL;
	*first = lo && *lo ? atoi(lo + 1) : 0;
	*last = hi && *hi ? atoi(hi + 1) : 0;
	int rc = lo && hi ? SY_OK : err->status;
	free(lo);
	free(hi);
	return rc;
}

/* All but one of a serial's digits, or all of them ("835269", "0835269"):
 * the serial begins with them, holds them after its first digit, or is
 * them. Looked
 * up in the part number's B-tree, eleven keys a year, newest first: the
 * trigram index would read hundreds of pages of digit trigrams, each shared
 * by a million serials. */
static int search_part_serials(db *d, const char *frag, const struct part_query *q, struct emitter *e, sy_err *err)
{
	int first, last, rc = part_number_years(d, &first, &last, err);
	for (int year = last; rc == SY_OK && year >= first && year > 0 && e->left > 0 && !e->stopped; year--) {
		char start[TEXT_NUMBER_PREFIX_SIZE], hi[TEXT_NUMBER_PREFIX_SIZE + 4], after[10][TEXT_NUMBER_PREFIX_SIZE];
		const char *a[10]; /* NULL for a whole serial: it can only be the start */
		snprintf(start, sizeof start, "P%04d-%.*s", year, PART_SERIAL_DIGITS, frag);
		snprintf(hi, sizeof hi, "%s\xf5", start);
		for (int digit = 0; digit < 10; digit++) {
			snprintf(after[digit], sizeof after[digit], "P%04d-%d%.*s", year, digit, PART_SERIAL_DIGITS - 1, frag);
			a[digit] = strlen(frag) < PART_SERIAL_DIGITS ? after[digit] : NULL;
		}
		rc = emit_rows(d,
			       db_query(d, err,
					"SELECT " PART_COLUMNS PART_FROM " WHERE (p.part_no >= ?1 AND p.part_no < ?6"
					" OR p.part_no IN (?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16))" PART_FILTERS
					" ORDER BY p.part_no DESC LIMIT ?5",
					"tIttittttttttttt", start, q->vehicle_id, or_null(q->status), or_null(q->kind),
					e->left + e->nseen, hi, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9]),
			       e, err);
	}
	return rc;
}

/* One or two characters: a prefix of part number, bin, VIN or kind name,
 * each through its index; Chinese ones anywhere in a kind's name (大灯 of
 * 前大灯: Chinese part names are often two characters). */
static int search_prefix(db *d, const char *frag, const struct part_query *q, struct emitter *e, sy_err *err)
{
	static const char *const queries[] = {
		"SELECT " PART_COLUMNS PART_FROM " WHERE p.part_no >= ?1 AND p.part_no < ?6" PART_FILTERS
		" ORDER BY p.part_no DESC LIMIT ?5",
		SEARCH_BIN_PREFIX,
		"SELECT " PART_COLUMNS " FROM vehicles v JOIN parts p ON p.vehicle_id = v.id JOIN part_kinds k ON k.code = p.kind"
		" LEFT JOIN shipments s ON s.id = p.shipment_id WHERE v.vin >= ?1 AND v.vin < ?6" PART_FILTERS
		" ORDER BY v.vin LIMIT ?5",
	};
	char hi[160];
	snprintf(hi, sizeof hi, "%s\xf5", frag); /* above every UTF-8 continuation of the prefix */
	int rc = SY_OK;
	for (size_t i = 0; i < sizeof queries / sizeof queries[0] && rc == SY_OK && e->left > 0 && !e->stopped; i++)
		rc = run_query(d, queries[i], frag, hi, q, e, err);
	if (rc != SY_OK || e->left <= 0 || e->stopped)
		return rc;
	return search_kinds(d, frag, !text_has_wide(frag), q, e, err);
}

static int search_parts(db *d, const struct part_query *q, part_cb cb, void *ctx, sy_err *err);

int part_search(db *d, const struct part_query *q, part_cb cb, void *ctx, sy_err *err)
{
	int snapshot = db_snapshot_begin(d);
	int rc = search_parts(d, q, cb, ctx, err);
	db_snapshot_end(d, snapshot);
	return rc;
}

static int search_parts(db *d, const struct part_query *q, part_cb cb, void *ctx, sy_err *err)
{
	char frag[128];
	struct emitter e = {.cb = cb, .ctx = ctx, .left = q->limit > 0 ? q->limit : 50};
	if (q->status && *q->status && !code_known(part_statuses, q->status))
		return sy_fail(err, SY_INVALID, "status", _("'%s' is not a part status: stock, sold, shipped or scrapped"),
			       q->status);
	if (text_normalize_id(q->text ? q->text : "", frag, sizeof frag) != 0)
		return sy_fail(err, SY_INVALID, "search", _("the search text is too long or not valid UTF-8"));
	if (text_check_field(frag, 40, err, "search") != SY_OK)
		return err->status;
	if (strchr(frag, '%') || strchr(frag, '_') || strchr(frag, '\\')) {
		/* Kind codes use '_': search the words instead of LIKE patterns. */
		for (char *p = frag; *p; p++)
			if (*p == '%' || *p == '_' || *p == '\\')
				*p = ' ';
		text_trim(frag);
	}
	size_t chars = text_utf8_len(frag);
	if (chars == 0)
		return run_query(d, "SELECT " PART_COLUMNS PART_FROM " WHERE ?1 IS NULL AND ?6 IS NULL" PART_FILTERS
				    " ORDER BY p.id DESC LIMIT ?5",
				 NULL, NULL, q, &e, err);
	if (q->vehicle_id) {
		/* One vehicle's parts are few: match any fragment directly. */
		return run_query(d,
				 "SELECT " PART_COLUMNS PART_FROM " WHERE (instr(p.part_no, ?1) OR instr(upper(k.code), ?1)"
				 " OR instr(upper(k.name_en), ?1) OR instr(k.name_zh, ?1) OR instr(v.vin, ?1)"
				 " OR instr(coalesce(p.location, ''), ?1)) AND ?6 IS NULL" PART_FILTERS " ORDER BY p.id DESC LIMIT ?5",
				 frag, NULL, q, &e, err);
	}
	int64_t *seen = xcalloc((size_t)e.left + 1, sizeof *seen);
	e.seen = seen;
	int rc;
	if (chars < 3) {
		rc = search_prefix(d, frag, q, &e, err);
	} else {
		/* Kinds named so, the start of a part number or of a bin through
		 * their B-trees, then the trigram indexes: part serials (digits only)
		 * and the vehicles' VINs, newest first (rowid = -id), the newest
		 * vehicles' VINs before the index (VEHICLE_SEARCH_MARK). */
		char match[300], vin_match[310], hi[160];
		text_fts_phrase(frag, match, sizeof match);
		snprintf(vin_match, sizeof vin_match, "vin : %s", match);
		snprintf(hi, sizeof hi, "%s\xf5", frag);
		rc = search_kinds(d, frag, 0, q, &e, err);
		if (rc == SY_OK && e.left > 0 && !e.stopped)
			rc = search_part_numbers(d, frag, q, &e, err);
		if (rc == SY_OK && e.left > 0 && !e.stopped)
			rc = run_query(d, SEARCH_BIN_PREFIX, frag, hi, q, &e, err);
		size_t digits = strspn(frag, "0123456789");
		int all_digits = digits == strlen(frag);
		if (rc == SY_OK && e.left > 0 && !e.stopped && all_digits && digits >= PART_SERIAL_DIGITS - 1 &&
		    digits <= PART_SERIAL_DIGITS)
			rc = search_part_serials(d, frag, q, &e, err);
		else if (rc == SY_OK && e.left > 0 && !e.stopped && all_digits)
			rc = run_query(d,
				       "SELECT " PART_COLUMNS " FROM parts_fts f JOIN parts p ON p.id = -f.rowid" PART_JOINS
				       " WHERE parts_fts MATCH ?1 AND ?6 IS NULL" PART_FILTERS " ORDER BY f.rowid LIMIT ?5",
				       match, NULL, q, &e, err);
		/* The newest vehicles, not yet in the index, by their VIN directly. */
		if (rc == SY_OK && e.left > 0 && !e.stopped)
			rc = run_query(d,
				       "SELECT " PART_COLUMNS PART_FROM " WHERE v.id > " VEHICLE_SEARCH_MARK " AND instr(v.vin, ?1)"
				       " AND ?6 IS NULL" PART_FILTERS " ORDER BY v.id DESC, p.id DESC LIMIT ?5",
				       frag, NULL, q, &e, err);
		if (rc == SY_OK && e.left > 0 && !e.stopped)
			rc = run_query(d,
				       "SELECT " PART_COLUMNS " FROM vehicles_fts f JOIN parts p ON p.vehicle_id = -f.rowid" PART_JOINS
				       " WHERE vehicles_fts MATCH ?1 AND ?6 IS NULL" PART_FILTERS " ORDER BY f.rowid LIMIT ?5",
				       vin_match, NULL, q, &e, err);
	}
	free(seen);
	return rc;
}

int part_vehicle_totals(db *d, int64_t vehicle_id, struct part_totals *out, sy_err *err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = db_query(d, err,
				    "SELECT dest, count(*), coalesce(sum(weight_kg), 0) FROM parts WHERE vehicle_id = ? GROUP BY dest",
				    "I", vehicle_id);
	if (!st)
		return err->status;
	int rc;
	while ((rc = db_step(d, err, st)) == SQLITE_ROW) {
		const char *dest = (const char *)sqlite3_column_text(st, 0);
		out->count += sqlite3_column_int(st, 1);
		for (int i = 0; part_dests[i].code; i++)
			if (dest && strcmp(dest, part_dests[i].code) == 0)
				out->kg[i] = sqlite3_column_double(st, 2);
	}
	db_done(d, st);
	return rc == SQLITE_DONE ? SY_OK : err->status;
}
