#include "db/vehicle.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/audit.h"
#include "db/filing.h"
#include "db/personal.h"
#include "db/vehicle_life.h"
#include "base/i18n.h"
#include "db/ident.h"
#include "db/input.h"
#include "base/text.h"
#include "base/util.h"

const struct code_label vehicle_types[] = {
	{"car", "Small passenger car", "小型载客汽车"},
	{"medium_bus", "Medium bus", "中型载客汽车"},
	{"large_bus", "Large bus", "大型载客汽车"},
	{"school_bus", "School bus", "校车"},
	{"light_truck", "Light truck", "轻型货车"},
	{"medium_truck", "Medium truck", "中型货车"},
	{"heavy_truck", "Heavy truck", "重型货车"},
	{"tractor", "Tractor unit", "牵引车"},
	{"special", "Special-purpose vehicle", "专项作业车"},
	{"motorcycle", "Motorcycle", "摩托车"},
	{"other", "Other", "其他"},
	{0},
};

const struct code_label use_natures[] = {
	{"non_operating", "Non-operating", "非营运"},
	{"road_passenger", "Road passenger transport", "公路客运"},
	{"bus_transit", "Public bus", "公交客运"},
	{"taxi", "Taxi", "出租客运"},
	{"tourist", "Tourist transport", "旅游客运"},
	{"rental", "Rental", "租赁"},
	{"freight", "Freight", "货运"},
	{"dangerous_goods", "Dangerous goods", "危化品运输"},
	{"school", "School bus service", "校车"},
	{"police", "Police", "警用"},
	{"other", "Other", "其他"},
	{0},
};

const struct code_label power_types[] = {
	{"petrol", "Petrol", "汽油"},
	{"diesel", "Diesel", "柴油"},
	{"hev", "Hybrid (not plug-in)", "油电混合"},
	{"phev", "Plug-in hybrid", "插电式混合动力"},
	{"bev", "Battery electric", "纯电动"},
	{"fcev", "Fuel cell", "燃料电池"},
	{"gas", "Natural gas / LPG", "天然气/液化石油气"},
	{"dual_fuel", "Dual fuel", "两用燃料"},
	{"other", "Other", "其他"},
	{0},
};

/* The registration types of the ministry's ELV entry form, in its order. */
const struct code_label registration_types[] = {
	{"normal", "Normal", "正常"},
	{"other_region", "Registered in another region", "异地登记车辆"},
	{"incomplete", "Incomplete information", "信息不全"},
	{"confiscated", "Confiscated", "罚没车辆"},
	{0},
};

/* Parts whose absence the owner must declare in writing (Order 715 art. 10). */
const struct code_label missing_part_codes[] = {
	{"engine", "Engine", "发动机"},
	{"transmission", "Transmission", "变速器"},
	{"steering", "Steering gear", "转向器"},
	{"axle", "Front/rear axle", "前后桥"},
	{"frame", "Frame/body", "车架"},
	{"aftertreatment", "Exhaust after-treatment", "尾气后处理装置"},
	{"battery", "Traction battery", "动力蓄电池"},
	{0},
};

void vehicle_init(struct vehicle *v)
{
	memset(v, 0, sizeof *v);
	db_today(v->received_date);
	strcpy(v->owner_kind, "person");
	strcpy(v->status, "open");
}

int vehicle_is_nev(const struct vehicle *v)
{
	return strcmp(v->power_type, "bev") == 0 || strcmp(v->power_type, "phev") == 0 ||
	       strcmp(v->power_type, "fcev") == 0;
}

int vehicle_has_hv(const struct vehicle *v)
{
	return vehicle_is_nev(v) || strcmp(v->power_type, "hev") == 0;
}

/* ---- what the owner handed over ---- */

int vehicle_plates_expected(const struct vehicle *v) { return strcmp(v->vehicle_type, "motorcycle") == 0 ? 1 : 2; }

int vehicle_docs_missing(const struct vehicle *v)
{
	return !v->doc_registration || !v->doc_licence || v->plates_returned < vehicle_plates_expected(v);
}

static void add_item(char *out, size_t size, const char *sep, const char *item)
{
	size_t n = strlen(out);
	snprintf(out + n, size - n, "%s%s", n ? sep : "", item);
}

/* Each code of the comma list `codes` with its label, through `label`. */
static void each_missing_part(const struct vehicle *v, void (*label)(const struct code_label *, void *), void *ctx)
{
	char copy[sizeof v->missing_parts], *save = NULL;
	sy_strlcpy(copy, v->missing_parts, sizeof copy);
	for (char *tok = strtok_r(copy, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save))
		for (const struct code_label *c = missing_part_codes; c->code; c++)
			if (strcmp(c->code, tok) == 0)
				label(c, ctx);
}

struct item_list {
	char *out;
	size_t size;
	const char *sep;
	int both; /* "中文 English" */
};

static void list_part(const struct code_label *c, void *ctx)
{
	struct item_list *l = ctx;
	char both[160];
	snprintf(both, sizeof both, "%s %s", c->zh, c->en);
	add_item(l->out, l->size, l->sep, l->both ? both : sy_pick(c->en, c->zh));
}

void vehicle_not_handed_over(const struct vehicle *v, char *out, size_t size)
{
	const char *sep = sy_lang_is_zh() ? "、" : ", ";
	int plates = vehicle_plates_expected(v) - v->plates_returned;
	char text[400];
	*out = '\0';
	if (!v->doc_registration)
		add_item(out, size, sep, _("registration certificate"));
	if (!v->doc_licence)
		add_item(out, size, sep, _("driving licence"));
	if (plates > 0) {
		snprintf(text, sizeof text, plates == 1 ? _("%d number plate") : _("%d number plates"), plates);
		add_item(out, size, sep, text);
	}
	char parts[320] = "";
	struct item_list l = {parts, sizeof parts, sep, 0};
	each_missing_part(v, list_part, &l);
	if (*parts) {
		snprintf(text, sizeof text, _("missing parts: %s"), parts);
		add_item(out, size, sy_lang_is_zh() ? "；" : "; ", text);
	}
}

void vehicle_missing_note(const struct vehicle *v, char *out, size_t size)
{
	char docs[256] = "", parts[512] = "", plates[96];
	int missing_plates = vehicle_plates_expected(v) - v->plates_returned;
	*out = '\0';
	if (!v->doc_registration)
		add_item(docs, sizeof docs, "、", "机动车登记证书 registration certificate");
	if (!v->doc_licence)
		add_item(docs, sizeof docs, "、", "机动车行驶证 driving licence");
	if (missing_plates > 0) {
		snprintf(plates, sizeof plates, "号牌%d面 %d number plate%s", missing_plates, missing_plates,
			 missing_plates > 1 ? "s" : "");
		add_item(docs, sizeof docs, "、", plates);
	}
	struct item_list l = {parts, sizeof parts, "、", 1};
	each_missing_part(v, list_part, &l);
	if (!*docs && !*parts)
		return;
	if (*docs)
		add_item(out, size, " ", "未交回 Not handed over: "), add_item(out, size, "", docs), add_item(out, size, "", "。");
	if (*parts)
		add_item(out, size, " ", "缺失部件 Missing parts: "), add_item(out, size, "", parts), add_item(out, size, "", "。");
	/* Only what is recorded: the statement when it is on file. */
	add_item(out, size, " ",
		 v->owner_statement ? "车主书面声明已存档。 Owner's written statement on file."
				    : "无车主书面声明。 No written statement of the owner on file.");
}

const char *vehicle_missing_what(const struct vehicle *v, char *out, size_t size)
{
	char copy[sizeof v->missing_parts], *save = NULL;
	int engine = 0, frame = 0;
	sy_strlcpy(copy, v->missing_parts, sizeof copy);
	for (char *tok = strtok_r(copy, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
		engine |= strcmp(tok, "engine") == 0;
		frame |= strcmp(tok, "frame") == 0;
	}
	snprintf(out, size, "%s", engine && frame ? _("the engine and the frame/body")
			  : engine		 ? _("the engine")
			  : frame		 ? _("the frame/body")
						 : "");
	return out;
}

int vehicle_refuse_missing(const struct vehicle *v, const char *what, sy_err *err)
{
	char part[96];
	if (!v->vehicle_missing)
		return SY_OK;
	if (!*vehicle_missing_what(v, part, sizeof part))
		sy_strlcpy(part, _("the engine or the frame/body"), sizeof part);
	return sy_fail(err, SY_INVALID, "vehicle",
		       _("%s came without %s: it counts as a missing vehicle (Order 715), so no %s"), v->stock_no, part,
		       what);
}

int vehicle_needs_police(const struct vehicle *v)
{
	static const char *const types[] = {"large_bus", "school_bus", "light_truck", "medium_truck",
					    "heavy_truck", "tractor", NULL};
	static const char *const operating[] = {"road_passenger", "bus_transit", "taxi", "tourist", "rental",
						"freight", "dangerous_goods", "school", NULL};
	for (int i = 0; types[i]; i++)
		if (strcmp(v->vehicle_type, types[i]) == 0)
			return 1;
	for (int i = 0; operating[i]; i++)
		if (strcmp(v->use_nature, operating[i]) == 0)
			return 1;
	return 0;
}

/* ---- validation ---- */

static int check_text(const char *s, size_t max, const char *field, sy_err *err)
{
	return text_check_field(s, max, err, field);
}

static int check_code(const struct code_label *table, const char *code, const char *field, sy_err *err)
{
	if (!*code || code_known(table, code))
		return SY_OK;
	char list[512] = "";
	for (const struct code_label *c = table; c->code; c++) {
		strncat(list, c->code, sizeof list - strlen(list) - 1);
		if (c[1].code)
			strncat(list, ", ", sizeof list - strlen(list) - 1);
	}
	return sy_fail(err, SY_INVALID, field, _("'%s' is not one of: %s"), code, list);
}

void vehicle_derive(struct vehicle *v)
{
	char what[96];
	v->vehicle_missing = *vehicle_missing_what(v, what, sizeof what) != '\0';
}

/* Missing parts and documents: what the owner declares in writing. A vehicle
 * counts as missing exactly when its engine or frame/body is (Order 715). */
static int check_missing_parts(struct vehicle *v, sy_err *err)
{
	char copy[sizeof v->missing_parts], *save = NULL, what[96], missing[512];
	sy_strlcpy(copy, v->missing_parts, sizeof copy);
	for (char *tok = strtok_r(copy, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save))
		if (check_code(missing_part_codes, tok, "missing", err) != SY_OK)
			return err->status;
	if (v->vehicle_missing && !*vehicle_missing_what(v, what, sizeof what))
		return sy_fail(err, SY_INVALID, "vehicle-missing",
			       _("a vehicle counts as missing when its engine or frame/body is missing: mark which under missing parts"));
	vehicle_derive(v);
	if ((*v->missing_parts || vehicle_docs_missing(v)) && !v->owner_statement) {
		vehicle_not_handed_over(v, missing, sizeof missing);
		return sy_fail(err, SY_INVALID, "owner-statement",
			       _("not handed over: %s. The owner declares this in a signed written statement: record that it is on file"),
			       missing);
	}
	return SY_OK;
}

static int check_owner(struct vehicle *v, sy_err *err)
{
	char norm[IDENT_MAX_SIZE];
	int company = strcmp(v->owner_kind, "company") == 0;
	if (!company && strcmp(v->owner_kind, "person") != 0)
		return sy_fail(err, SY_INVALID, "owner-kind", _("owner kind must be 'person' or 'company'"));
	if (!*v->owner_name)
		return sy_fail(err, SY_INVALID, "owner", _("the owner's name is required"));
	if (check_text(v->owner_name, 60, "owner", err) || check_text(v->owner_phone, 30, "owner-phone", err) ||
	    check_text(v->owner_address, 120, "owner-address", err) || check_text(v->agent_name, 60, "agent", err))
		return err->status;
	if (!*v->owner_id)
		return sy_fail(err, SY_INVALID, "owner-id",
			       company ? _("the company's unified social credit code is required")
				       : _("the owner's resident ID number is required"));
	if (ident_check(company ? IDENT_USCC : IDENT_RESIDENT_ID, v->owner_id, norm, sizeof norm, err) != SY_OK) {
		sy_strlcpy(err->field, "owner-id", sizeof err->field);
		return err->status;
	}
	sy_strlcpy(v->owner_id, norm, sizeof v->owner_id);
	if (company && (!*v->agent_name || !*v->agent_id))
		return sy_fail(err, SY_INVALID, !*v->agent_name ? "agent" : "agent-id",
			       _("a company hands over through an authorised agent: give the agent's name and ID number"));
	if (*v->agent_id) {
		if (ident_check(IDENT_RESIDENT_ID, v->agent_id, norm, sizeof norm, err) != SY_OK) {
			sy_strlcpy(err->field, "agent-id", sizeof err->field);
			return err->status;
		}
		sy_strlcpy(v->agent_id, norm, sizeof v->agent_id);
	}
	return SY_OK;
}

static int check_identifiers(struct vehicle *v, sy_err *err)
{
	char norm[IDENT_MAX_SIZE];
	int rc = *v->vin_override_reason ? ident_vin_structure(v->vin, norm, err) : ident_vin(v->vin, norm, err);
	if (rc != SY_OK) {
		sy_strlcpy(err->field, "vin", sizeof err->field);
		return err->status;
	}
	sy_strlcpy(v->vin, norm, sizeof v->vin);
	if (*v->plate) {
		if (ident_plate(v->plate, norm, NULL, err) != SY_OK) {
			sy_strlcpy(err->field, "plate", sizeof err->field);
			return err->status;
		}
		sy_strlcpy(v->plate, norm, sizeof v->plate);
	}
	if (*v->battery_code) {
		if (ident_battery(v->battery_code, norm, err) != SY_OK) {
			sy_strlcpy(err->field, "battery-code", sizeof err->field);
			return err->status;
		}
		sy_strlcpy(v->battery_code, norm, sizeof v->battery_code);
	}
	if (vehicle_is_nev(v) && !*v->battery_code && !strstr(v->missing_parts, "battery"))
		return sy_fail(err, SY_INVALID, "battery-code",
			       _("a new-energy vehicle needs its traction battery code (or declare the battery missing)"));
	if (*v->battery_code && v->battery_count <= 0)
		v->battery_count = 1;
	if (v->battery_count < 0 || v->battery_count > 20)
		return sy_fail(err, SY_INVALID, "battery-count", _("battery count must be from 0 to 20"));
	if (check_text(v->engine_no, 40, "engine-no", err) != SY_OK)
		return err->status;
	text_normalize_id(v->engine_no, norm, sizeof norm) == 0 ? sy_strlcpy(v->engine_no, norm, sizeof v->engine_no) : 0;
	return SY_OK;
}

static int check_mass(double kg, const char *field, sy_err *err)
{
	if (isnan(kg) || kg < 0 || kg > 100000)
		return sy_fail(err, SY_INVALID, field, _("mass must be from 0 to 100000 kg"));
	return SY_OK;
}

/* Masses a vehicle of each type may have, empty or scrapped (a bare body
 * shell of a small car to a loaded semi-tractor), in kg. */
static const struct {
	const char *type;
	double low, high;
} type_masses[] = {
	{"car", 400, 4500},	     {"medium_bus", 1500, 12000}, {"large_bus", 4000, 25000}, {"school_bus", 1500, 20000},
	{"light_truck", 700, 7000}, {"medium_truck", 2500, 15000}, {"heavy_truck", 4000, 49000}, {"tractor", 2000, 25000},
	{"special", 500, 60000},    {"motorcycle", 40, 700},	  {"other", 40, 60000},
};

/* Below this share of the curb mass, or above the other, a weighing is odd:
 * a scrapped car has lost fluids and parts, but not most of itself. */
#define WEIGHED_LOW_SHARE 0.4
#define WEIGHED_HIGH_SHARE 1.5

static int check_type_mass(const struct vehicle *v, double kg, const char *field, const char *what, sy_err *err)
{
	const char *type = *v->vehicle_type ? v->vehicle_type : "other";
	for (size_t i = 0; i < sizeof type_masses / sizeof type_masses[0]; i++) {
		if (strcmp(type, type_masses[i].type) != 0)
			continue;
		if (kg > 0 && (kg < type_masses[i].low || kg > type_masses[i].high))
			return sy_fail(err, SY_INVALID, field, _("the %s of %g kg is unusual for a %s (%g to %g kg): check it"),
				       what, kg, *v->vehicle_type ? code_label(vehicle_types, type) : _("vehicle"),
				       type_masses[i].low, type_masses[i].high);
	}
	return SY_OK;
}

int vehicle_check_weights(const struct vehicle *v, sy_err *err)
{
	if (check_type_mass(v, v->weighed_kg, "weight", _("weighed mass"), err) ||
	    check_type_mass(v, v->curb_mass_kg, "curb-mass", _("curb mass"), err))
		return err->status;
	double w = v->weighed_kg, curb = v->curb_mass_kg;
	if (w > 0 && curb > 0 && w < curb * WEIGHED_LOW_SHARE)
		return sy_fail(err, SY_INVALID, "weight",
			       _("the weighed mass of %g kg is less than %.0f%% of the curb mass of %g kg: check both"), w,
			       WEIGHED_LOW_SHARE * 100, curb);
	if (w > 0 && curb > 0 && w > curb * WEIGHED_HIGH_SHARE)
		return sy_fail(err, SY_INVALID, "weight",
			       _("the weighed mass of %g kg is more than %.0f%% of the curb mass of %g kg: check both"), w,
			       WEIGHED_HIGH_SHARE * 100, curb);
	return SY_OK;
}

/* The fields only the ministry's entry asks for. */
static int check_ministry_fields(struct vehicle *v, sy_err *err)
{
	if (check_code(registration_types, v->reg_type, "reg-type", err) != SY_OK)
		return err->status;
	if (*v->postal_code && (strlen(v->postal_code) != 6 || strspn(v->postal_code, "0123456789") != 6))
		return sy_fail(err, SY_INVALID, "postal-code", _("a postal code has 6 digits, not '%s'"), v->postal_code);
	if (v->displacement_ml < 0 || v->displacement_ml > 30000)
		return sy_fail(err, SY_INVALID, "displacement", _("displacement must be from 0 to 30000 ml"));
	if (v->length_mm < 0 || v->length_mm > 30000)
		return sy_fail(err, SY_INVALID, "length", _("length must be from 0 to 30000 mm"));
	if (v->passengers < 0 || v->passengers > 200)
		return sy_fail(err, SY_INVALID, "passengers", _("passengers must be from 0 to 200"));
	return SY_OK;
}

int vehicle_validate(db *d, struct vehicle *v, sy_err *err)
{
	(void)d;
	if (check_identifiers(v, err) || check_owner(v, err))
		return err->status;
	if (check_text(v->brand_model, 60, "brand-model", err) || check_text(v->colour, 20, "colour", err) ||
	    check_text(v->notes, 500, "notes", err) || check_text(v->vin_override_reason, 200, "vin-override", err) ||
	    check_text(v->battery_override_reason, 200, "battery-override", err))
		return err->status;
	if (check_code(vehicle_types, v->vehicle_type, "type", err) || check_code(use_natures, v->use_nature, "use", err) ||
	    check_code(power_types, v->power_type, "power", err))
		return err->status;
	if (input_date(v->received_date, "received", 1, err) || input_date(v->first_reg_date, "first-reg", 0, err))
		return err->status;
	if (*v->first_reg_date && strcmp(v->first_reg_date, v->received_date) > 0)
		return sy_fail(err, SY_INVALID, "first-reg", _("first registration %s is after the hand-over date %s"),
			       v->first_reg_date, v->received_date);
	if (check_mass(v->curb_mass_kg, "curb-mass", err) || check_mass(v->weighed_kg, "weight", err))
		return err->status;
	if (v->plates_returned < 0 || v->plates_returned > 2)
		return sy_fail(err, SY_INVALID, "plates", _("plates returned must be 0, 1 or 2"));
	if (check_missing_parts(v, err) != SY_OK || check_ministry_fields(v, err) != SY_OK)
		return err->status;
	if (!v->police_set)
		v->police_supervised = vehicle_needs_police(v);
	return SY_OK;
}

/* ---- rows ---- */

/* A deadline of the vehicle, from its filing of that kind (db/filing.h). */
#define DEADLINE(column, kind)                                                                             \
	"(SELECT " column " FROM filings WHERE filings.vehicle_id = vehicles.id AND filings.kind = '" kind "'" \
	" AND filings.subject = '')"
#define VEHICLE_COLUMNS                                                                                      \
	"id, stock_no, vin, plate, brand_model, vehicle_type, use_nature, power_type, colour, engine_no,"    \
	" first_reg_date, curb_mass_kg, received_date, weighed_kg, battery_code, battery_count, owner_kind," \
	" owner_name, owner_id, owner_phone, owner_address, agent_name, agent_id, doc_registration,"        \
	" doc_licence, plates_returned, police_supervised, missing_parts, owner_statement, vehicle_missing," \
	" vin_override_reason, status, " DEADLINE("due", "battery_report") ", "                            \
	DEADLINE("done_on", "battery_report") ", " DEADLINE("due", "deregistration") ", "                   \
	DEADLINE("done_on", "deregistration") ", notes, created_by, created_at, reg_type, postal_code,"      \
	" displacement_ml, length_mm, passengers, battery_override_reason, closed_at, cancelled_at, cancel_reason"

#define COL(field, i) db_column_copy(v->field, sizeof v->field, st, i)

static void vehicle_from_row(sqlite3_stmt *st, struct vehicle *v)
{
	memset(v, 0, sizeof *v);
	v->id = sqlite3_column_int64(st, 0);
	COL(stock_no, 1); COL(vin, 2); COL(plate, 3); COL(brand_model, 4); COL(vehicle_type, 5);
	COL(use_nature, 6); COL(power_type, 7); COL(colour, 8); COL(engine_no, 9); COL(first_reg_date, 10);
	v->curb_mass_kg = sqlite3_column_double(st, 11);
	COL(received_date, 12);
	v->weighed_kg = sqlite3_column_double(st, 13);
	COL(battery_code, 14);
	v->battery_count = sqlite3_column_int(st, 15);
	COL(owner_kind, 16); COL(owner_name, 17); COL(owner_id, 18); COL(owner_phone, 19);
	COL(owner_address, 20); COL(agent_name, 21); COL(agent_id, 22);
	v->doc_registration = sqlite3_column_int(st, 23);
	v->doc_licence = sqlite3_column_int(st, 24);
	v->plates_returned = sqlite3_column_int(st, 25);
	v->police_supervised = sqlite3_column_int(st, 26);
	v->police_set = 1;
	COL(missing_parts, 27);
	v->owner_statement = sqlite3_column_int(st, 28);
	v->vehicle_missing = sqlite3_column_int(st, 29);
	COL(vin_override_reason, 30); COL(status, 31); COL(battery_report_due, 32); COL(battery_reported, 33);
	COL(dereg_due, 34); COL(deregistered, 35); COL(notes, 36); COL(created_by, 37); COL(created_at, 38);
	COL(reg_type, 39); COL(postal_code, 40);
	v->displacement_ml = sqlite3_column_int(st, 41);
	v->length_mm = sqlite3_column_int(st, 42);
	v->passengers = sqlite3_column_int(st, 43);
	COL(battery_override_reason, 44); COL(closed_at, 45); COL(cancelled_at, 46); COL(cancel_reason, 47);
}

static void fill_vehicle(db *d, sqlite3_stmt *st, void *out)
{
	(void)d;
	vehicle_from_row(st, out);
}

static const char *opt(const char *s) { return *s ? s : NULL; }

/* The columns a clerk's intake writes, in bind order (db_bind letters below;
 * the texts are not copied: they stay in *v until the statement is done). */
#define WRITE_COLUMNS                                                                                        \
	"stock_no, vin, plate, brand_model, vehicle_type, use_nature, power_type, colour, engine_no,"       \
	" first_reg_date, curb_mass_kg, received_date, weighed_kg, battery_code, battery_count, owner_kind," \
	" owner_name, owner_id, owner_phone, owner_address, agent_name, agent_id, doc_registration,"        \
	" doc_licence, plates_returned, police_supervised, missing_parts, owner_statement, vehicle_missing," \
	" vin_override_reason, status, notes, reg_type, postal_code, displacement_ml, length_mm, passengers," \
	" updated_at, battery_override_reason"
#define WRITE_FORMAT "ssssssssss" "DsDsi" "sssssss" "iiii" "sii" "ssss" "s" "iii" "s" "s"
#define WRITE_COUNT 39 /* columns in WRITE_COLUMNS, and their markers: */
#define WRITE_MARKS "?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?"

static int bind_vehicle(db *d, sy_err *err, sqlite3_stmt *st, const struct vehicle *v, const char *now)
{
	return db_bind(d, err, st, WRITE_FORMAT, v->stock_no, v->vin, opt(v->plate), opt(v->brand_model),
		       opt(v->vehicle_type), opt(v->use_nature), opt(v->power_type), opt(v->colour), opt(v->engine_no),
		       opt(v->first_reg_date), v->curb_mass_kg, v->received_date, v->weighed_kg, opt(v->battery_code),
		       v->battery_count, v->owner_kind, v->owner_name, v->owner_id, opt(v->owner_phone),
		       opt(v->owner_address), opt(v->agent_name), opt(v->agent_id), v->doc_registration,
		       v->doc_licence, v->plates_returned, v->police_supervised, opt(v->missing_parts),
		       v->owner_statement, v->vehicle_missing, opt(v->vin_override_reason), v->status, opt(v->notes),
		       opt(v->reg_type), opt(v->postal_code), v->displacement_ml, v->length_mm, v->passengers, now,
		       opt(v->battery_override_reason));
}

/* A VIN is checked in once: an open record holds it, and a closed one was
 * scrapped (only a cancelled check-in frees it). A plate is free again once
 * the vehicle that carried it is closed (deregistered), so a reissued plate
 * can come back on another vehicle. */
static int find_duplicate(db *d, const struct vehicle *v, sy_err *err)
{
	sy_err e = {0};
	char *stock = db_text(d, &e,
			      "SELECT stock_no || ' ' || status FROM vehicles WHERE vin = ? AND status <> 'cancelled' AND id <> ?"
			      " ORDER BY status = 'open' DESC LIMIT 1",
			      "tI", v->vin, v->id);
	if (stock) {
		char *status = strchr(stock, ' ');
		*status++ = '\0';
		if (strcmp(status, "open") == 0)
			sy_fail(err, SY_INVALID, "vin", _("VIN %s is already checked in as %s and still open"), v->vin, stock);
		else
			sy_fail(err, SY_INVALID, "vin",
				_("VIN %s was scrapped here as %s (closed): a vehicle is taken in once; if that record is wrong, correct it"),
				v->vin, stock);
		free(stock);
		return SY_INVALID;
	}
	if (e.status)
		return *err = e, e.status;
	if (*v->plate) {
		stock = db_text(d, &e, "SELECT stock_no FROM vehicles WHERE plate = ? AND status = 'open' AND id <> ?", "tI",
				v->plate, v->id);
		if (stock) {
			sy_fail(err, SY_INVALID, "plate", _("plate %s is already checked in as %s and still open"), v->plate,
				stock);
			free(stock);
			return SY_INVALID;
		}
		if (e.status)
			return *err = e, e.status;
	}
	if (!*v->battery_code || *v->battery_override_reason)
		return SY_OK;
	stock = vehicle_battery_holder(d, v->battery_code, v->id, &e);
	if (stock) {
		sy_fail(err, SY_INVALID, "battery-code",
			_("traction battery %s is already recorded for %s: a pack belongs to one vehicle. Check the label; if it is right, a supervisor accepts it with a reason (battery code override)"),
			v->battery_code, stock);
		free(stock);
		return SY_INVALID;
	}
	return e.status ? (*err = e, e.status) : SY_OK;
}

char *vehicle_battery_holder(db *d, const char *code, int64_t except_id, sy_err *err)
{
	return db_text(d, err,
		       "SELECT stock_no FROM vehicles WHERE battery_code = ?1 AND status <> 'cancelled' AND id <> ?2"
		       " UNION ALL SELECT v.stock_no FROM depollution t JOIN vehicles v ON v.id = t.vehicle_id"
		       " WHERE t.battery_code = ?1 AND t.step = 'traction_battery' AND v.status <> 'cancelled' AND v.id <> ?2"
		       " LIMIT 1",
		       "tI", code, except_id);
}

/* The record as the audit trail keeps it: the vehicle's own columns. The
 * deadlines are its filings' and are audited with them. */
char *vehicle_audit_text(db *d, const struct vehicle *v, sy_err *err)
{
	static const char *const derived[] = {"battery_report_due", "battery_reported", "dereg_due", "deregistered"};
	cJSON *o = vehicle_to_json(v);
	for (size_t i = 0; i < sizeof derived / sizeof derived[0]; i++)
		cJSON_DeleteItemFromObjectCaseSensitive(o, derived[i]);
	char *s = personal_commit(d, v->id, o, err) == SY_OK ? cJSON_PrintUnformatted(o) : NULL;
	cJSON_Delete(o);
	return s;
}

static int has_traction_battery(const struct vehicle *v) { return vehicle_is_nev(v) || *v->battery_code; }

/* What check-in makes owed: the ministry's entry, and the battery report of
 * a vehicle with a traction battery. The due dates are copied into v. */
static int open_filings(db *d, struct vehicle *v, sy_err *err)
{
	if (filing_open_new(d, v->id, "mofcom_entry", v->received_date, err) != SY_OK)
		return err->status;
	if (!has_traction_battery(v))
		return SY_OK;
	if (filing_open_new(d, v->id, "battery_report", v->received_date, err) != SY_OK)
		return err->status;
	char *due = db_text(d, err, "SELECT due FROM filings WHERE vehicle_id = ? AND kind = 'battery_report' AND subject = ''",
			    "I", v->id);
	sy_strlcpy(v->battery_report_due, due ? due : "", sizeof v->battery_report_due);
	free(due);
	return SY_OK;
}

static int insert_vehicle(db *d, struct vehicle *v, sy_err *err)
{
	char now[20];
	db_now(now);
	sy_strlcpy(v->created_by, db_actor(d), sizeof v->created_by);
	sy_strlcpy(v->created_at, now, sizeof v->created_at);
	sqlite3_stmt *st = db_prepare(d, err,
				      "INSERT INTO vehicles(" WRITE_COLUMNS ", created_by, created_at)"
				      " VALUES (" WRITE_MARKS ",?,?)");
	if (!st)
		return err->status;
	int rc = bind_vehicle(d, err, st, v, now);
	if (rc == SY_OK) {
		sqlite3_bind_text(st, WRITE_COUNT + 1, v->created_by, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, WRITE_COUNT + 2, now, -1, SQLITE_STATIC);
		rc = db_step(d, err, st) == SQLITE_DONE ? SY_OK : err->status;
	}
	db_done(d, st);
	if (rc == SY_OK)
		v->id = db_last_id(d);
	return rc;
}

/* Row, stock number, deadlines and audit entry; not yet in the search index. */
static int add_row(db *d, struct vehicle *v, sy_err *err)
{
	int64_t seq;
	v->id = 0;
	strcpy(v->status, "open");
	if (find_duplicate(d, v, err) != SY_OK)
		return err->status;
	if (db_next_number(d, err, "vehicle", atoi(v->received_date), &seq) != SY_OK)
		return err->status;
	snprintf(v->stock_no, sizeof v->stock_no, "V%.4s-%06lld", v->received_date, (long long)seq);
	v->battery_report_due[0] = v->battery_reported[0] = v->dereg_due[0] = v->deregistered[0] = '\0';
	if (insert_vehicle(d, v, err) != SY_OK)
		return err->status;
	char *json = vehicle_audit_text(d, v, err);
	if (!json)
		return err->status;
	int rc = audit_append(d, err, "vehicle", v->id, "create", NULL, json);
	free(json);
	return rc == SY_OK ? open_filings(d, v, err) : rc;
}

/* The trigram search index, keyed by the negated id so that newest first is
 * the index's own order (schema step 7). Each transaction that writes it
 * adds a segment, and merge work later (schema step 12): so a check-in does
 * not write it. The vehicles above the mark in search_indexed are entered
 * together once there are SEARCH_BACKLOG of them, in one statement with
 * ascending index rowids, where FTS5 writes one segment for them all; until
 * then search scans those few rows (search_backlog below). An import enters
 * its rows the same way, at vehicle_batch_finish. */
#define SEARCH_BACKLOG 32
#define SERIAL(number) "substr(" number ", instr(" number ", '-') + 1)" /* as schema step 7 */
#define SEARCH_MARK VEHICLE_SEARCH_MARK
/* What the index would match for the fragment ?1 (normalised: capital
 * letters), for the rows above the mark: a substring of the serial, VIN,
 * plate or owner, in any case (the trigram tokenizer folds case). */
#define SEARCH_BACKLOG_MATCH                                                                          \
	"instr(" SERIAL("stock_no") ", ?1) OR instr(vin, ?1) OR instr(plate, ?1) OR instr(upper(owner_name), ?1)"

int vehicle_search_catch_up(db *d, sy_err *err)
{
	int rc = db_exec(d, err,
			 "INSERT INTO vehicles_fts(rowid, stock_serial, vin, plate, owner_name)"
			 " SELECT -id, " SERIAL("stock_no") ", vin, plate, owner_name FROM vehicles"
			 " WHERE id > " SEARCH_MARK " ORDER BY id DESC",
			 NULL);
	if (rc == SY_OK)
		rc = db_exec(d, err,
			     "UPDATE search_indexed SET upto = (SELECT coalesce(max(id), 0) FROM vehicles) WHERE name = 'vehicles'",
			     NULL);
	return rc;
}

int vehicle_add_in_transaction(db *d, struct vehicle *v, sy_err *err)
{
	int64_t upto = 0;
	if (add_row(d, v, err) != SY_OK || db_int64(d, err, &upto, "SELECT upto FROM search_indexed WHERE name = 'vehicles'", NULL) != SY_OK)
		return err->status;
	return v->id - upto >= SEARCH_BACKLOG ? vehicle_search_catch_up(d, err) : SY_OK;
}

int vehicle_batch_add(db *d, struct vehicle_batch *b, struct vehicle *v, sy_err *err)
{
	if (!db_in_transaction(d))
		sy_fatal("vehicle_batch_add outside a transaction");
	if (add_row(d, v, err) != SY_OK)
		return err->status;
	if (!b->rows++)
		b->first_id = v->id;
	b->last_id = v->id;
	return SY_OK;
}

int vehicle_batch_finish(db *d, struct vehicle_batch *b, sy_err *err)
{
	if (!b->rows)
		return SY_OK;
	if (b->last_id - b->first_id + 1 != b->rows)
		sy_fatal("vehicle_batch_finish: another vehicle was added in the middle of the batch");
	/* The batch and any check-ins before it, in one statement: FTS5 writes
	 * a segment only when its buffer fills. */
	int rc = vehicle_search_catch_up(d, err);
	if (rc == SY_OK)
		memset(b, 0, sizeof *b);
	return rc;
}

int vehicle_add(db *d, struct vehicle *v, sy_err *err)
{
	if (vehicle_validate(d, v, err) != SY_OK)
		return err->status;
	if (!v->weight_confirmed && vehicle_check_weights(v, err) != SY_OK)
		return sy_hint(err, _("if it is right: --confirm-weight"));
	if (db_begin(d, err) != SY_OK)
		return err->status;
	if (vehicle_add_in_transaction(d, v, err) != SY_OK) {
		db_rollback(d);
		v->id = 0;
		v->stock_no[0] = '\0';
		return err->status;
	}
	return db_commit(d, err);
}

/* What check-in made owed follows a correction: a record corrected to have
 * a traction battery now owes its report, one corrected to have none no
 * longer does (if it is not reported yet), and a corrected hand-over date
 * moves the clocks that ran from it. */
static int filings_follow(db *d, const struct vehicle *old, struct vehicle *v, sy_err *err)
{
	if (strcmp(old->received_date, v->received_date) != 0 &&
	    (filing_move(d, v->id, "mofcom_entry", "", v->received_date, err) != SY_OK ||
	     filing_move(d, v->id, "battery_report", "", v->received_date, err) != SY_OK))
		return err->status;
	if (has_traction_battery(old) == has_traction_battery(v))
		return SY_OK;
	if (has_traction_battery(v))
		return filing_open(d, v->id, "battery_report", "", v->received_date, err);
	return filing_withdraw(d, v->id, "battery_report", "", _("the record was corrected: no traction battery"), err);
}

int vehicle_update_in_transaction(db *d, struct vehicle *v, const char *action, struct vehicle *old, sy_err *err)
{
	if (!db_in_transaction(d))
		sy_fatal("vehicle_update_in_transaction outside a transaction");
	int rc = vehicle_get(d, v->id, old, err);
	if (rc == SY_OK)
		rc = find_duplicate(d, v, err);
	if (rc == SY_OK) {
		char now[20];
		db_now(now);
		sy_strlcpy(v->stock_no, old->stock_no, sizeof v->stock_no); /* a stock number never changes */
		sqlite3_stmt *st = db_prepare(d, err,
					      "UPDATE vehicles SET (" WRITE_COLUMNS ") = (" WRITE_MARKS ") WHERE id = ?");
		rc = st ? bind_vehicle(d, err, st, v, now) : err->status;
		if (rc == SY_OK) {
			sqlite3_bind_int64(st, WRITE_COUNT + 1, v->id);
			rc = db_step(d, err, st) == SQLITE_DONE ? SY_OK : err->status;
		}
		db_done(d, st);
	}
	/* the record as stored is what the trail keeps */
	if (rc == SY_OK)
		rc = vehicle_get(d, v->id, v, err);
	if (rc == SY_OK) {
		char *old_json = vehicle_audit_text(d, old, err), *new_json = old_json ? vehicle_audit_text(d, v, err) : NULL;
		rc = new_json ? audit_append(d, err, "vehicle", v->id, action, old_json, new_json) : err->status;
		free(old_json);
		free(new_json);
	}
	if (rc == SY_OK)
		rc = filings_follow(d, old, v, err);
	/* its deadlines as they are now */
	if (rc == SY_OK)
		rc = vehicle_get(d, v->id, v, err);
	return rc;
}

int vehicle_update(db *d, struct vehicle *v, sy_err *err)
{
	struct vehicle old;
	if (vehicle_validate(d, v, err) != SY_OK)
		return err->status;
	if (db_begin(d, err) != SY_OK)
		return err->status;
	int rc = vehicle_update_in_transaction(d, v, "update", &old, err);
	return db_end(d, rc, err);
}

static int get_one(db *d, sy_err *err, struct vehicle *out, const char *sql, const char *fmt, const void *arg)
{
	sqlite3_stmt *st = *fmt == 'I' ? db_query(d, err, sql, fmt, *(const int64_t *)arg)
				       : db_query(d, err, sql, fmt, (const char *)arg);
	return db_get_row(d, err, st, fill_vehicle, out);
}

int vehicle_get(db *d, int64_t id, struct vehicle *out, sy_err *err)
{
	int rc = get_one(d, err, out, "SELECT " VEHICLE_COLUMNS " FROM vehicles WHERE id = ?", "I", &id);
	if (rc == SY_INVALID)
		sy_fail(err, SY_INVALID, NULL, _("no vehicle with id %lld"), (long long)id);
	return rc;
}

int vehicle_find(db *d, const char *ref, struct vehicle *out, sy_err *err)
{
	char norm[64], plate[IDENT_PLATE_SIZE];
	if (text_normalize_id(ref, norm, sizeof norm) != 0 || !*norm)
		return sy_fail(err, SY_INVALID, "ref", _("'%s' is not a stock number, VIN or plate"), ref);
	int rc = get_one(d, err, out, "SELECT " VEHICLE_COLUMNS " FROM vehicles WHERE stock_no = ?", "t", norm);
	if (rc == SY_INVALID)
		rc = get_one(d, err, out,
			     "SELECT " VEHICLE_COLUMNS " FROM vehicles WHERE vin = ? ORDER BY status = 'open' DESC, id DESC LIMIT 1",
			     "t", norm);
	if (rc == SY_INVALID) {
		sy_err ignored;
		const char *p = ident_plate(norm, plate, NULL, &ignored) == SY_OK ? plate : norm;
		rc = get_one(d, err, out,
			     "SELECT " VEHICLE_COLUMNS " FROM vehicles WHERE plate = ? ORDER BY status = 'open' DESC, id DESC LIMIT 1",
			     "t", p);
	}
	if (rc == SY_INVALID)
		sy_fail(err, SY_INVALID, "ref", _("no vehicle with stock number, VIN or plate '%s'"), norm);
	return rc;
}

/* ---- search ---- */

/* Search results for the callback: each vehicle once, up to the limit,
 * gathered from several queries in turn. */
struct collector {
	vehicle_cb cb;
	void *ctx;
	int left, stopped, nseen;
	int64_t *seen;
};

static int wants_more(const struct collector *c)
{
	return c->left > 0 && !c->stopped;
}

static int collect(db *d, sqlite3_stmt *st, struct collector *c, sy_err *err)
{
	if (!st)
		return err->status;
	int rc = SQLITE_DONE;
	struct vehicle v;
	while (wants_more(c) && (rc = db_step(d, err, st)) == SQLITE_ROW) {
		vehicle_from_row(st, &v);
		int dup = 0;
		for (int i = 0; i < c->nseen && !dup; i++)
			dup = c->seen[i] == v.id;
		if (dup)
			continue;
		c->seen[c->nseen++] = v.id;
		c->left--;
		c->stopped = c->cb(&v, c->ctx);
	}
	db_done(d, st);
	return rc < 0 ? err->status : SY_OK;
}

/* Rows whose COLUMN begins with PREFIX, through its index. */
static int collect_prefix(db *d, const char *sql, const char *prefix, struct collector *c, sy_err *err)
{
	char hi[160];
	snprintf(hi, sizeof hi, "%s\xf5", prefix); /* above every UTF-8 continuation of the prefix */
	return collect(d, db_query(d, err, sql, "tti", prefix, hi, c->left + c->nseen), c, err);
}

/* One or two characters: a prefix of each indexed column, in index order. */
static int search_prefix(db *d, const char *frag, struct collector *c, sy_err *err)
{
	static const char *const queries[] = {
		"SELECT " VEHICLE_COLUMNS " FROM vehicles WHERE stock_no >= ?1 AND stock_no < ?2 ORDER BY stock_no LIMIT ?3",
		"SELECT " VEHICLE_COLUMNS " FROM vehicles WHERE plate >= ?1 AND plate < ?2 ORDER BY plate LIMIT ?3",
		"SELECT " VEHICLE_COLUMNS " FROM vehicles WHERE vin >= ?1 AND vin < ?2 ORDER BY vin LIMIT ?3",
		"SELECT " VEHICLE_COLUMNS " FROM vehicles WHERE owner_name >= ?1 AND owner_name < ?2 ORDER BY owner_name LIMIT ?3",
	};
	int rc = SY_OK;
	for (size_t q = 0; q < sizeof queries / sizeof queries[0] && wants_more(c) && rc == SY_OK; q++)
		rc = collect_prefix(d, queries[q], frag, c, err);
	return rc;
}

/* The start of a stock number ("V2026-00", "26-0001"): its B-tree, since the
 * search index holds only serials (schema step 7). Newest first. */
static int search_stock_numbers(db *d, const char *frag, struct collector *c, sy_err *err)
{
	char prefixes[8][TEXT_NUMBER_PREFIX_SIZE], today[11];
	db_today(today);
	int n = text_number_prefixes(frag, 'V', TEXT_NUMBER_FIRST_YEAR, atoi(today) + 1, prefixes, 8), rc = SY_OK;
	for (int i = 0; i < n && wants_more(c) && rc == SY_OK; i++)
		rc = collect_prefix(d,
				    "SELECT " VEHICLE_COLUMNS " FROM vehicles WHERE stock_no >= ?1 AND stock_no < ?2"
				    " ORDER BY stock_no DESC LIMIT ?3",
				    prefixes[i], c, err);
	return rc;
}

/* Three characters or more: the start of a stock number, then the newest
 * vehicles not yet in the trigram index, then the index, which matches any
 * substring of serial, VIN, plate or owner, newest first (rowid = -id). */
static int search_text(db *d, const char *frag, struct collector *c, sy_err *err)
{
	int rc = search_stock_numbers(d, frag, c, err);
	if (rc != SY_OK || !wants_more(c))
		return rc;
	rc = collect(d,
		     db_query(d, err,
			      "SELECT " VEHICLE_COLUMNS " FROM vehicles WHERE id > " SEARCH_MARK " AND (" SEARCH_BACKLOG_MATCH ")"
			      " ORDER BY id DESC LIMIT ?2",
			      "ti", frag, c->left + c->nseen),
		     c, err);
	if (rc != SY_OK || !wants_more(c))
		return rc;
	char match[300];
	text_fts_phrase(frag, match, sizeof match);
	return collect(d,
		       db_query(d, err,
				"SELECT " VEHICLE_COLUMNS " FROM vehicles WHERE id IN"
				" (SELECT -rowid FROM vehicles_fts WHERE vehicles_fts MATCH ? ORDER BY rowid LIMIT ?)"
				" ORDER BY id DESC",
				"ti", match, c->left + c->nseen),
		       c, err);
}

/* Two characters, one of them Chinese, anywhere in an owner's name (志强 of
 * 张志强): the pairs kept by schema step 9, newest first. */
static int search_name_pair(db *d, const char *frag, struct collector *c, sy_err *err)
{
	return collect(d,
		       db_query(d, err,
				"SELECT " VEHICLE_COLUMNS " FROM vehicles WHERE id IN"
				" (SELECT -neg_id FROM vehicle_name_pairs WHERE pair = ? ORDER BY neg_id LIMIT ?)"
				" ORDER BY id DESC",
				"ti", frag, c->left + c->nseen),
		       c, err);
}

/* A full resident ID number or credit code, checksum and all: the
 * vehicles of that owner, through the index on it. A fragment of an ID
 * number finds nothing there on purpose: a search by the number is for the
 * one who holds the card, and the first six digits alone would list a
 * district's people born anywhere. Lists show the number masked. */
static int search_owner_id(db *d, const char *frag, struct collector *c, sy_err *err)
{
	char norm[IDENT_RESIDENT_ID_SIZE];
	sy_err ignored = {0};
	if (ident_check(IDENT_RESIDENT_ID, frag, norm, sizeof norm, &ignored) != SY_OK &&
	    ident_check(IDENT_USCC, frag, norm, sizeof norm, &ignored) != SY_OK)
		return SY_OK;
	return collect(d,
		       db_query(d, err, "SELECT " VEHICLE_COLUMNS " FROM vehicles WHERE owner_id = ? ORDER BY id DESC LIMIT ?",
				"ti", norm, c->left + c->nseen),
		       c, err);
}

static int search_fragment(db *d, const char *frag, struct collector *c, sy_err *err)
{
	size_t chars = text_utf8_len(frag);
	if (chars == 18) {
		int rc = search_owner_id(d, frag, c, err);
		if (rc != SY_OK || !wants_more(c))
			return rc;
	}
	if (chars >= 3)
		return search_text(d, frag, c, err);
	int rc = search_prefix(d, frag, c, err);
	if (rc == SY_OK && wants_more(c) && chars == 2 && text_has_wide(frag))
		rc = search_name_pair(d, frag, c, err);
	return rc;
}

int vehicle_search(db *d, const char *text, int limit, vehicle_cb cb, void *ctx, sy_err *err)
{
	char frag[128], plain[128];
	if (limit <= 0)
		limit = 50;
	if (text_normalize_id(text ? text : "", frag, sizeof frag) != 0)
		return sy_fail(err, SY_INVALID, "search", _("the search text is too long or not valid UTF-8"));
	if (text_check_field(frag, 40, err, "search") != SY_OK)
		return err->status;
	struct collector c = {.cb = cb, .ctx = ctx, .left = limit, .seen = xcalloc((size_t)limit + 1, sizeof(int64_t))};
	int rc, snapshot = db_snapshot_begin(d);
	if (!*frag) {
		rc = collect(d, db_query(d, err, "SELECT " VEHICLE_COLUMNS " FROM vehicles ORDER BY id DESC LIMIT ?", "i", limit),
			     &c, err);
	} else {
		rc = search_fragment(d, frag, &c, err);
		/* 京A·12345 as printed on the plate: the plate is stored without
		 * its dot (a name such as 阿依古丽·买买提 keeps it, and was searched
		 * as typed). */
		if (rc == SY_OK && wants_more(&c) && ident_plate_undotted(frag, plain, sizeof plain) && *plain)
			rc = search_fragment(d, plain, &c, err);
	}
	db_snapshot_end(d, snapshot);
	free(c.seen);
	return rc;
}

/* ---- deadlines ---- */

/* Deregistration is filed at the vehicle office with the certificate. */
static int check_deregistration(db *d, const struct vehicle *v, sy_err *err)
{
	if (vehicle_refuse_missing(v, _("certificate and no deregistration through the yard"), err) != SY_OK)
		return err->status;
	sy_err e = {0};
	char *number = db_text(d, &e, "SELECT number FROM certificates WHERE vehicle_id = ? AND status = 'issued'", "I", v->id);
	free(number);
	if (e.status)
		return *err = e, e.status;
	if (!number)
		return sy_fail(err, SY_INVALID, "deregistered",
			       _("%s has no certificate in force: deregistration is filed with the certificate, so issue it first"),
			       v->stock_no);
	return SY_OK;
}

int vehicle_mark(db *d, struct vehicle *v, const char *what, const char *date, sy_err *err)
{
	const char *kind = strcmp(what, "deregistered") == 0 ? "deregistration"
			   : strcmp(what, "battery_reported") == 0 ? "battery_report"
								  : NULL;
	int dereg = kind && strcmp(kind, "deregistration") == 0;
	struct filing f;
	if (!kind)
		return sy_fail(err, SY_INVALID, "what", _("unknown deadline '%s'"), what);
	if (strcmp(v->status, "cancelled") == 0)
		return sy_fail(err, SY_INVALID, "ref", _("%s was cancelled (a wrong check-in): it has no deadlines"), v->stock_no);
	if (input_date(date, what, 1, err) != SY_OK)
		return err->status;
	if (strcmp(date, v->received_date) < 0)
		return sy_fail(err, SY_INVALID, what, _("%s is before the vehicle was received (%s)"), date,
			       v->received_date);
	if (db_begin(d, err) != SY_OK)
		return err->status;
	struct vehicle old;
	int rc = vehicle_get(d, v->id, &old, err);
	if (rc == SY_OK && dereg)
		rc = check_deregistration(d, &old, err);
	if (rc == SY_OK)
		rc = filing_done_kind(d, v->id, kind, date, &f, err);
	/* closed with it when it was the last of the vehicle's work */
	if (rc == SY_OK)
		rc = vehicle_get(d, v->id, v, err);
	return db_end(d, rc, err);
}

/* ---- JSON ---- */

/* The fields of a vehicle's JSON in order. */
enum json_kind { JSON_ID, JSON_TEXT, JSON_MASS, JSON_INT, JSON_BOOL, JSON_GIVEN /* an int, null when 0 */ };
struct json_field {
	const char *key;
	enum json_kind kind;
	size_t offset;
};
#define FIELD(kind, member) {#member, kind, offsetof(struct vehicle, member)}
static const struct json_field json_fields[] = {
	FIELD(JSON_ID, id), FIELD(JSON_TEXT, stock_no), FIELD(JSON_TEXT, vin), FIELD(JSON_TEXT, plate),
	FIELD(JSON_TEXT, brand_model), FIELD(JSON_TEXT, vehicle_type), FIELD(JSON_TEXT, use_nature),
	FIELD(JSON_TEXT, power_type), FIELD(JSON_TEXT, colour), FIELD(JSON_TEXT, engine_no),
	FIELD(JSON_TEXT, first_reg_date), FIELD(JSON_MASS, curb_mass_kg), FIELD(JSON_TEXT, received_date),
	FIELD(JSON_MASS, weighed_kg), FIELD(JSON_TEXT, battery_code), FIELD(JSON_INT, battery_count),
	FIELD(JSON_TEXT, owner_kind), FIELD(JSON_TEXT, owner_name), FIELD(JSON_TEXT, owner_id),
	FIELD(JSON_TEXT, owner_phone), FIELD(JSON_TEXT, owner_address), FIELD(JSON_TEXT, agent_name),
	FIELD(JSON_TEXT, agent_id), FIELD(JSON_BOOL, doc_registration), FIELD(JSON_BOOL, doc_licence),
	FIELD(JSON_INT, plates_returned), FIELD(JSON_BOOL, police_supervised), FIELD(JSON_TEXT, missing_parts),
	FIELD(JSON_BOOL, owner_statement), FIELD(JSON_BOOL, vehicle_missing), FIELD(JSON_TEXT, vin_override_reason),
	FIELD(JSON_TEXT, status), FIELD(JSON_TEXT, battery_report_due), FIELD(JSON_TEXT, battery_reported),
	FIELD(JSON_TEXT, dereg_due), FIELD(JSON_TEXT, deregistered), FIELD(JSON_TEXT, notes),
	FIELD(JSON_TEXT, created_by), FIELD(JSON_TEXT, created_at), FIELD(JSON_TEXT, reg_type),
	FIELD(JSON_TEXT, postal_code), FIELD(JSON_GIVEN, displacement_ml), FIELD(JSON_GIVEN, length_mm),
	FIELD(JSON_GIVEN, passengers), FIELD(JSON_TEXT, battery_override_reason), FIELD(JSON_TEXT, closed_at),
	FIELD(JSON_TEXT, cancelled_at), FIELD(JSON_TEXT, cancel_reason), {0},
};
#undef FIELD

long vehicle_json_offset(const char *key)
{
	for (const struct json_field *f = json_fields; f->key; f++)
		if (strcmp(f->key, key) == 0)
			return (long)f->offset;
	return -1;
}

/* The value of a field as a number, or NAN for JSON null. */
static double json_number(const struct json_field *f, const struct vehicle *v)
{
	const char *p = (const char *)v + f->offset;
	switch (f->kind) {
	case JSON_ID: return (double)*(const int64_t *)p;
	case JSON_MASS: return *(const double *)p > 0 ? *(const double *)p : NAN;
	case JSON_INT: return *(const int *)p;
	case JSON_GIVEN: return *(const int *)p > 0 ? *(const int *)p : NAN;
	default: return NAN;
	}
}

cJSON *vehicle_to_json(const struct vehicle *v)
{
	cJSON *o = cJSON_CreateObject();
	for (const struct json_field *f = json_fields; f->key; f++) {
		const char *p = (const char *)v + f->offset;
		if (f->kind == JSON_TEXT && *p)
			cJSON_AddStringToObject(o, f->key, p);
		else if (f->kind == JSON_BOOL)
			cJSON_AddBoolToObject(o, f->key, *(const int *)p);
		else if (f->kind != JSON_TEXT && !isnan(json_number(f, v)))
			cJSON_AddNumberToObject(o, f->key, json_number(f, v));
		else
			cJSON_AddNullToObject(o, f->key);
	}
	return o;
}

