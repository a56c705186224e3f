#include "db/report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/csv.h"
#include "base/text.h"
#include "db/audit.h"
#include "db/input.h"
#include "db/user.h"
#include "base/i18n.h"
#include "base/util.h"

const char *const report_out_codes[OUT_COUNT] = {"reuse", "core", "material", "hulk", "hazardous", "energy", "landfill"};

static const struct {
	const char *en, *zh;
} out_labels[OUT_COUNT] = {
	{N_("Parts for reuse"), "回用件"},
	{N_("Cores (remanufacturing)"), "再制造旧件"},
	{N_("Material lots"), "材料回收"},
	{N_("Hulk (frame/body)"), "车身残骸"},
	{N_("Fluids and hazardous waste"), "油液及危险废物"},
	{N_("Energy recovery"), "能量回收"},
	{N_("Landfill"), "填埋"},
};

const char *report_out_label(enum report_out o)
{
	return sy_pick(_(out_labels[o].en), out_labels[o].zh);
}

/* ---- settings ---- */

static double setting_pct(db *d, const char *key, double fallback)
{
	char *value = db_setting(d, key);
	char *end = NULL;
	double x = value ? strtod(value, &end) : fallback;
	if (value && (end == value || *end || x < 0 || x > 100))
		x = fallback;
	free(value);
	return x;
}

double report_threshold_pct(db *d) { return setting_pct(d, "mass_balance_threshold_pct", 5.0); }
double report_hulk_recycled_pct(db *d) { return setting_pct(d, "hulk_recycled_pct", 75.0); }
double report_hulk_energy_pct(db *d) { return setting_pct(d, "hulk_energy_pct", 0.0); }

/* ---- where each output goes ---- */

/* A part's destination as a mass balance output. The hulk is the frame/body
 * part: it leaves whole for the shredder, and only part of it is recycled. */
static enum report_out part_output(const char *dest, const char *kind)
{
	if (strcmp(dest, "reuse") == 0)
		return OUT_REUSE;
	if (strcmp(dest, "reman") == 0)
		return OUT_CORE;
	if (strcmp(dest, "material") == 0)
		return strcmp(kind, "frame") == 0 ? OUT_HULK : OUT_MATERIAL;
	if (strcmp(dest, "energy") == 0)
		return OUT_ENERGY;
	if (strcmp(dest, "landfill") == 0)
		return OUT_LANDFILL;
	return OUT_HAZARDOUS;
}

/* A pretreatment step's output. Fuel drained is burned (energy recovery);
 * a traction battery goes to second life (echelon use: reuse) or to the
 * maker's take-back point or a recycler (material); tyres go to rubber
 * recycling (material: they are no hazardous waste); everything else drained
 * or removed in pretreatment goes to a licensed hazardous waste handler. */
static enum report_out step_output(const char *step, const char *recipient_kind)
{
	if (strcmp(step, "fuel") == 0)
		return OUT_ENERGY;
	if (strcmp(step, "traction_battery") == 0)
		return recipient_kind && strcmp(recipient_kind, "echelon") == 0 ? OUT_REUSE : OUT_MATERIAL;
	if (strcmp(step, "tyres") == 0)
		return OUT_MATERIAL;
	return OUT_HAZARDOUS;
}

/* The density of the fuel in the tank, from the power type (kg/l at 15 C,
 * the middle of the range the fuel standards allow): diesel 0.835 (EN 590:
 * 0.820-0.845), petrol 0.745 (EN 228 and GB 17930: 0.720-0.775), which
 * hybrids burn too. Unknown, gas or dual fuel: 0.78, between the two. */
double report_fuel_density(const char *power_type)
{
	static const char *const petrol[] = {"petrol", "hev", "phev", NULL};
	if (power_type && strcmp(power_type, "diesel") == 0)
		return 0.835;
	for (int i = 0; power_type && petrol[i]; i++)
		if (strcmp(power_type, petrol[i]) == 0)
			return 0.745;
	return 0.78;
}

/* Typical densities (kg/l) at 15 C, for fluids recorded in litres: fuel as
 * above, mineral engine and gear oils 0.85-0.90, DOT 4 brake fluid 1.05,
 * ATF-type steering fluid 0.87, 50% glycol coolant 1.07, washer fluid about
 * 1.0. Unknown: 1.0. */
static double density_kg_per_l(const char *step, const char *power_type)
{
	static const struct {
		const char *step;
		double density;
	} table[] = {
		{"engine_oil", 0.88}, {"gear_oil", 0.89}, {"brake_fluid", 1.05},
		{"steering_fluid", 0.87}, {"coolant", 1.07}, {"washer_fluid", 1.00},
	};
	if (strcmp(step, "fuel") == 0)
		return report_fuel_density(power_type);
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (strcmp(table[i].step, step) == 0)
			return table[i].density;
	return 1.0;
}

/* ---- one vehicle ---- */

/* Pretreatment records that count: a quantity, and no part of the kind the
 * step releases recorded for the vehicle (a weighed starter battery entered
 * as a part is counted once, as the part). */
#define DEPOLLUTION_OUTPUTS                                                                          \
	"SELECT d.step, d.qty, d.unit, d.recipient_kind,"                                             \
	" (SELECT coalesce(power_type, '') FROM vehicles WHERE id = d.vehicle_id) FROM depollution d"  \
	" WHERE d.vehicle_id = ? AND d.absent = 0 AND d.qty > 0 AND NOT EXISTS (SELECT 1 FROM parts p" \
	" JOIN part_kinds k ON k.code = p.kind WHERE p.vehicle_id = d.vehicle_id AND k.step = d.step)"

static int add_parts(db *d, int64_t vehicle_id, struct mass_balance *b, sy_err *err)
{
	sqlite3_stmt *st = db_query(d, err, "SELECT dest, kind, weight_kg FROM parts WHERE vehicle_id = ?", "I", vehicle_id);
	if (!st)
		return err ? err->status : SY_ENV;
	int rc;
	while ((rc = db_step(d, err, st)) == SQLITE_ROW) {
		double kg = sqlite3_column_double(st, 2);
		if (kg <= 0) {
			b->parts_unweighed++;
			continue;
		}
		b->out_kg[part_output(db_column_text(st, 0), db_column_text(st, 1))] += kg;
	}
	db_done(d, st);
	return rc == SQLITE_DONE ? SY_OK : (err ? err->status : SY_ENV);
}

static int add_depollution(db *d, int64_t vehicle_id, struct mass_balance *b, sy_err *err)
{
	sqlite3_stmt *st = db_query(d, err, DEPOLLUTION_OUTPUTS, "I", vehicle_id);
	if (!st)
		return err ? err->status : SY_ENV;
	int rc;
	while ((rc = db_step(d, err, st)) == SQLITE_ROW) {
		const char *step = db_column_text(st, 0);
		double qty = sqlite3_column_double(st, 1);
		if (strcmp(db_column_text(st, 2), "l") == 0) {
			qty *= density_kg_per_l(step, db_column_text(st, 4));
			b->litres_converted++;
		}
		const char *recipient = sqlite3_column_type(st, 3) == SQLITE_NULL ? NULL : db_column_text(st, 3);
		b->out_kg[step_output(step, recipient)] += qty;
	}
	db_done(d, st);
	return rc == SQLITE_DONE ? SY_OK : (err ? err->status : SY_ENV);
}

static void finish_balance(struct mass_balance *b)
{
	b->out_total_kg = 0;
	for (int i = 0; i < OUT_COUNT; i++)
		b->out_total_kg += b->out_kg[i];
	b->unaccounted_kg = b->mass_in_kg - b->out_total_kg;
	b->unaccounted_pct = b->mass_in_kg > 0 ? 100.0 * b->unaccounted_kg / b->mass_in_kg : 0;
	/* A vehicle with no mass in cannot be balanced: flag it too. */
	b->over_threshold = b->mass_in_kg > 0 ? fabs(b->unaccounted_pct) > b->threshold_pct : b->out_total_kg > 0;
}

static int balance_one(db *d, int64_t vehicle_id, double threshold, struct mass_balance *b, sy_err *err)
{
	memset(b, 0, sizeof *b);
	b->threshold_pct = threshold;
	sqlite3_stmt *st = db_query(d, err,
				    "SELECT id, stock_no, vin, received_date, coalesce(weighed_kg, 0), coalesce(curb_mass_kg, 0)"
				    " FROM vehicles WHERE id = ?",
				    "I", vehicle_id);
	if (!st)
		return err ? err->status : SY_ENV;
	int rc = db_step(d, err, st);
	if (rc == SQLITE_ROW) {
		b->vehicle_id = sqlite3_column_int64(st, 0);
		sy_strlcpy(b->stock_no, db_column_text(st, 1), sizeof b->stock_no);
		sy_strlcpy(b->vin, db_column_text(st, 2), sizeof b->vin);
		sy_strlcpy(b->received, db_column_text(st, 3), sizeof b->received);
		double weighed = sqlite3_column_double(st, 4), curb = sqlite3_column_double(st, 5);
		b->vehicles = 1;
		/* Mass in is what the weighbridge said; the curb mass from the
		 * papers stands in when the vehicle was not weighed, flagged. */
		if (weighed > 0) {
			b->mass_in_kg = weighed;
		} else if (curb > 0) {
			b->mass_in_kg = curb;
			b->curb_mass_used = 1;
		} else {
			b->mass_unknown = 1;
		}
	}
	db_done(d, st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? sy_fail(err, SY_INVALID, NULL, _("no such vehicle")) : (err ? err->status : SY_ENV);
	if (add_parts(d, vehicle_id, b, err) != SY_OK || add_depollution(d, vehicle_id, b, err) != SY_OK)
		return err ? err->status : SY_ENV;
	finish_balance(b);
	return SY_OK;
}

int report_vehicle_balance(db *d, int64_t vehicle_id, struct mass_balance *out, sy_err *err)
{
	return balance_one(d, vehicle_id, report_threshold_pct(d), out, err);
}

/* ---- a period ---- */

#define RANGE_VEHICLES                                                                     \
	"SELECT id FROM vehicles WHERE status <> 'cancelled' AND (?1 = '' OR received_date >= ?1)" \
	" AND (?2 = '' OR received_date <= ?2) AND (?3 = 0 OR id = ?3) ORDER BY received_date, id"

/* The ids of the range's vehicles: collected first, so that the callbacks
 * may run their own queries. */
static int range_ids(db *d, const struct report_range *r, int64_t **ids, size_t *n, sy_err *err)
{
	size_t cap = 64;
	*n = 0;
	*ids = xmalloc(cap * sizeof **ids);
	sqlite3_stmt *st = db_query(d, err, RANGE_VEHICLES, "ttI", r->from, r->to, r->vehicle_id);
	if (!st)
		return err ? err->status : SY_ENV;
	int rc;
	while ((rc = db_step(d, err, st)) == SQLITE_ROW) {
		if (*n == cap)
			*ids = xrealloc(*ids, (cap *= 2) * sizeof **ids);
		(*ids)[(*n)++] = sqlite3_column_int64(st, 0);
	}
	db_done(d, st);
	return rc == SQLITE_DONE ? SY_OK : (err ? err->status : SY_ENV);
}

static void add_to_total(struct mass_balance *t, const struct mass_balance *b, int one_vehicle)
{
	/* A vehicle not yet dismantled would read as a large loss in a period:
	 * its mass in waits until something has been recorded out of it. */
	if (b->out_total_kg <= 0 && !one_vehicle) {
		t->no_outputs++;
		return;
	}
	t->vehicles++;
	t->curb_mass_used += b->curb_mass_used;
	t->mass_unknown += b->mass_unknown;
	t->mass_in_kg += b->mass_in_kg;
	for (int i = 0; i < OUT_COUNT; i++)
		t->out_kg[i] += b->out_kg[i];
	t->parts_unweighed += b->parts_unweighed;
	t->litres_converted += b->litres_converted;
}

int report_balances(db *d, const struct report_range *r, balance_cb cb, void *ctx, struct mass_balance *total,
		    sy_err *err)
{
	struct mass_balance local, b;
	int64_t *ids = NULL;
	size_t n = 0;
	if (!total)
		total = &local;
	memset(total, 0, sizeof *total);
	total->threshold_pct = report_threshold_pct(d);
	int status = range_ids(d, r, &ids, &n, err);
	for (size_t i = 0; i < n && status == SY_OK; i++) {
		if ((status = balance_one(d, ids[i], total->threshold_pct, &b, err)) != SY_OK)
			break;
		add_to_total(total, &b, r->vehicle_id != 0);
		if (cb && cb(&b, ctx))
			break;
	}
	free(ids);
	finish_balance(total);
	return status;
}

void report_recovery(db *d, const struct mass_balance *b, struct recovery *out)
{
	memset(out, 0, sizeof *out);
	out->hulk_recycled_pct = report_hulk_recycled_pct(d);
	out->hulk_energy_pct = report_hulk_energy_pct(d);
	if (out->hulk_recycled_pct + out->hulk_energy_pct > 100)
		out->hulk_energy_pct = 100 - out->hulk_recycled_pct;
	double hulk = b->out_kg[OUT_HULK];
	out->mass_in_kg = b->mass_in_kg;
	/* Reuse: parts sold for use as parts, cores that go back into use after
	 * remanufacturing, batteries in second life. */
	out->reuse_kg = b->out_kg[OUT_REUSE] + b->out_kg[OUT_CORE];
	/* Recycling: material lots, and the metal the shredder recovers from
	 * the hulk. */
	out->recycling_kg = b->out_kg[OUT_MATERIAL] + hulk * out->hulk_recycled_pct / 100.0;
	/* Energy recovery: burned for energy, including any shredder residue the
	 * site says is burned. */
	out->energy_kg = b->out_kg[OUT_ENERGY] + hulk * out->hulk_energy_pct / 100.0;
	/* Hazardous waste, landfill, the residue of the hulk and what is
	 * unaccounted count against both rates. */
	out->not_recovered_kg = b->mass_in_kg - out->reuse_kg - out->recycling_kg - out->energy_kg;
	if (b->mass_in_kg > 0) {
		out->rate_recycling_pct = 100.0 * (out->reuse_kg + out->recycling_kg) / b->mass_in_kg;
		out->rate_recovery_pct = 100.0 * (out->reuse_kg + out->recycling_kg + out->energy_kg) / b->mass_in_kg;
	}
	/* Small tolerance so that 85.0 printed is 85.0 met. */
	out->meets_85 = b->mass_in_kg > 0 && out->rate_recycling_pct + 1e-9 >= REPORT_TARGET_RECYCLING;
	out->meets_95 = b->mass_in_kg > 0 && out->rate_recovery_pct + 1e-9 >= REPORT_TARGET_RECOVERY;
}

/* ---- emission factors ---- */

static const char *const factor_columns[] = {"route", "key", "factor", "low", "high", "quality", "source"};
#define NFACTOR_COLUMNS 7

/* A plain decimal number: digits with at most one point, no sign, no
 * exponent, no hex, no inf or nan, at most FACTOR_MAX (kg CO2e per kg: the
 * published figures are all below 30). */
#define FACTOR_MAX 100.0
#define FACTOR_SOURCE_MAX 500 /* characters */
#define FACTOR_ROWS_MAX 1000

static int parse_number(const char *s, double *out)
{
	int digits = 0, points = 0;
	for (const char *p = s; *p; p++) {
		if (*p == '.')
			points++;
		else if (*p >= '0' && *p <= '9')
			digits++;
		else
			return -1;
	}
	if (!digits || points > 1 || strlen(s) > 20)
		return -1;
	*out = strtod(s, NULL);
	return isfinite(*out) && *out <= FACTOR_MAX ? 0 : -1;
}

/* "*" (the route's default) or a material or part kind code: a-z, 0-9, _. */
static int valid_key(const char *k)
{
	if (strcmp(k, "*") == 0)
		return 1;
	size_t n = 0;
	for (; k[n]; n++)
		if (!((k[n] >= 'a' && k[n] <= 'z') || (k[n] >= '0' && k[n] <= '9') || k[n] == '_'))
			return 0;
	return n > 0 && n < sizeof((struct emission_factor *)0)->key;
}

static int factor_row(char **f, int n, long line, struct emission_factor *out, sy_err *err)
{
	memset(out, 0, sizeof *out);
	if (n != NFACTOR_COLUMNS)
		return sy_fail(err, SY_INVALID, "csv", _("line %ld: %d columns where the header has %d"), line, n,
			       NFACTOR_COLUMNS);
	if (strcmp(f[0], "recycling") != 0 && strcmp(f[0], "reuse") != 0 && strcmp(f[0], "reman") != 0)
		return sy_fail(err, SY_INVALID, "route", _("line %ld: route '%s' must be recycling, reuse or reman"), line, f[0]);
	if (!valid_key(f[1]))
		return sy_fail(err, SY_INVALID, "key",
			       _("line %ld: the key must be * or a material or part kind code (a-z, 0-9, _; up to 31)"), line);
	if (parse_number(f[2], &out->factor) || parse_number(f[3], &out->low) || parse_number(f[4], &out->high) ||
	    out->low > out->factor || out->factor > out->high)
		return sy_fail(err, SY_INVALID, "factor",
			       _("line %ld: factor, low and high must be decimal numbers with 0 <= low <= factor <= high <= %g"),
			       line, FACTOR_MAX);
	if (strcmp(f[5], "published") != 0 && strcmp(f[5], "indicative") != 0)
		return sy_fail(err, SY_INVALID, "quality", _("line %ld: quality must be published or indicative"), line);
	if (!*f[6])
		return sy_fail(err, SY_INVALID, "source", _("line %ld: every factor needs its source"), line);
	if (text_check_field(f[6], FACTOR_SOURCE_MAX, err, "source") != SY_OK || strlen(f[6]) >= sizeof out->source)
		return sy_fail(err, SY_INVALID, "source",
			       _("line %ld: the source must be plain text of up to %d characters"), line, FACTOR_SOURCE_MAX);
	sy_strlcpy(out->route, f[0], sizeof out->route);
	sy_strlcpy(out->key, f[1], sizeof out->key);
	sy_strlcpy(out->quality, f[5], sizeof out->quality);
	sy_strlcpy(out->source, f[6], sizeof out->source);
	return SY_OK;
}

static int check_header(char **f, int n, sy_err *err)
{
	if (n != NFACTOR_COLUMNS)
		return sy_fail(err, SY_INVALID, "csv", _("line 1: the header must be %s"),
			       "route,key,factor,low,high,quality,source");
	for (int i = 0; i < n; i++)
		if (strcmp(f[i], factor_columns[i]) != 0)
			return sy_fail(err, SY_INVALID, "csv", _("line 1: the header must be %s"),
				       "route,key,factor,low,high,quality,source");
	return SY_OK;
}

cJSON *factor_to_json(const struct emission_factor *f)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "route", f->route);
	cJSON_AddStringToObject(o, "key", f->key);
	cJSON_AddNumberToObject(o, "factor", f->factor);
	cJSON_AddNumberToObject(o, "low", f->low);
	cJSON_AddNumberToObject(o, "high", f->high);
	cJSON_AddStringToObject(o, "quality", f->quality);
	cJSON_AddStringToObject(o, "source", f->source);
	return o;
}

static int get_factor(db *d, const char *route, const char *key, struct emission_factor *f, sy_err *err);

/* One row in, and its audit entry (old and new values). */
static int save_factor(db *d, const struct emission_factor *ef, sy_err *err)
{
	struct emission_factor old;
	int had = get_factor(d, ef->route, ef->key, &old, err);
	if (had < 0)
		return err ? err->status : SY_ENV;
	if (db_exec(d, err,
		    "INSERT INTO emission_factors(route, key, factor, low, high, quality, source)"
		    " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(route, key) DO UPDATE SET factor = excluded.factor,"
		    " low = excluded.low, high = excluded.high, quality = excluded.quality, source = excluded.source",
		    "ttdddtt", ef->route, ef->key, ef->factor, ef->low, ef->high, ef->quality, ef->source) != SY_OK)
		return err->status;
	char *old_json = had ? input_json_text(factor_to_json(&old)) : NULL, *new_json = input_json_text(factor_to_json(ef));
	int rc = audit_append(d, err, "emission_factor", 0, had ? "update" : "create", old_json, new_json);
	free(old_json);
	free(new_json);
	return rc;
}

static int import_rows(db *d, struct csv_reader *r, int *loaded, sy_err *err)
{
	char **f;
	int n, rc;
	struct emission_factor ef;
	if ((rc = csv_next(r, &f, &n, err)) <= 0)
		return rc == 0 ? sy_fail(err, SY_INVALID, "csv", _("the file is empty")) : err->status;
	if (check_header(f, n, err) != SY_OK)
		return err->status;
	while ((rc = csv_next(r, &f, &n, err)) == 1) {
		if (n == 1 && !*f[0])
			continue; /* blank line */
		if (*loaded >= FACTOR_ROWS_MAX)
			return sy_fail(err, SY_INVALID, "csv", _("more than %d factors: the table holds one per material and part kind"),
				       FACTOR_ROWS_MAX);
		if (factor_row(f, n, csv_line(r), &ef, err) != SY_OK || save_factor(d, &ef, err) != SY_OK)
			return err->status;
		(*loaded)++;
	}
	return rc == 0 ? SY_OK : err->status;
}

/* only_if_empty: the shipped table on first use, which any clerk's carbon
 * report may load; otherwise the supervisor's import. */
static int load_factors(db *d, const char *path, int only_if_empty, int *loaded, sy_err *err)
{
	*loaded = 0;
	if (!only_if_empty && user_may(d, ROLE_SUPERVISOR, err) != SY_OK)
		return err->status;
	FILE *in = fopen(path, "rb");
	if (!in)
		return sy_fail(err, SY_INVALID, NULL, _("cannot open %s: %m"), path);
	struct csv_reader *r = csv_open(in);
	int rc = db_begin(d, err);
	if (rc == SY_OK) {
		int64_t have = 0;
		if (only_if_empty && (rc = factors_count(d, &have, err)) == SY_OK && have > 0)
			rc = SY_OK; /* another terminal loaded them meanwhile */
		else if (rc == SY_OK)
			rc = import_rows(d, r, loaded, err);
		if (rc == SY_OK && *loaded == 0 && !have)
			rc = sy_fail(err, SY_INVALID, "csv", _("%s holds no factors"), path);
		rc = db_end(d, rc, err);
	}
	if (rc != SY_OK)
		*loaded = 0;
	csv_close(r);
	fclose(in);
	return rc;
}

int factors_import(db *d, const char *path, int *loaded, sy_err *err)
{
	return load_factors(d, path, 0, loaded, err);
}

int factors_load_defaults(db *d, const char *path, int *loaded, sy_err *err)
{
	return load_factors(d, path, 1, loaded, err);
}

int factors_count(db *d, int64_t *n, sy_err *err)
{
	return db_int64(d, err, n, "SELECT count(*) FROM emission_factors", NULL);
}

static void factor_from_row(sqlite3_stmt *st, struct emission_factor *f)
{
	sy_strlcpy(f->route, db_column_text(st, 0), sizeof f->route);
	sy_strlcpy(f->key, db_column_text(st, 1), sizeof f->key);
	f->factor = sqlite3_column_double(st, 2);
	f->low = sqlite3_column_double(st, 3);
	f->high = sqlite3_column_double(st, 4);
	sy_strlcpy(f->quality, db_column_text(st, 5), sizeof f->quality);
	sy_strlcpy(f->source, db_column_text(st, 6), sizeof f->source);
}

/* 1 and the row, 0 when there is none, -1 on an error. */
static int get_factor(db *d, const char *route, const char *key, struct emission_factor *f, sy_err *err)
{
	sqlite3_stmt *st = db_query(d, err,
				    "SELECT route, key, factor, low, high, quality, source FROM emission_factors"
				    " WHERE route = ? AND key = ?",
				    "tt", route, key);
	if (!st)
		return -1;
	int rc = db_step(d, err, st);
	if (rc == SQLITE_ROW)
		factor_from_row(st, f);
	db_done(d, st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int factors_list(db *d, factor_cb cb, void *ctx, sy_err *err)
{
	struct emission_factor f;
	sqlite3_stmt *st = db_query(d, err,
				    "SELECT route, key, factor, low, high, quality, source FROM emission_factors"
				    " ORDER BY route, key = '*', key",
				    NULL);
	if (!st)
		return err ? err->status : SY_ENV;
	int rc;
	while ((rc = db_step(d, err, st)) == SQLITE_ROW) {
		factor_from_row(st, &f);
		if (cb(&f, ctx))
			break;
	}
	db_done(d, st);
	return rc < 0 ? (err ? err->status : SY_ENV) : SY_OK;
}

/* The factor for a route and key, else the route's default ("*"). */
static int factor_find(db *d, const char *route, const char *key, struct emission_factor *f, sy_err *err)
{
	sqlite3_stmt *st = db_query(d, err,
				    "SELECT route, key, factor, low, high, quality, source FROM emission_factors"
				    " WHERE route = ? AND key IN (?, '*') ORDER BY key = '*' LIMIT 1",
				    "tt", route, key);
	if (!st)
		return -1;
	int rc = db_step(d, err, st);
	if (rc == SQLITE_ROW)
		factor_from_row(st, f);
	db_done(d, st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* ---- carbon ---- */

static int credit(db *d, struct carbon *c, const char *route, const char *key, double kg, sy_err *err)
{
	struct emission_factor f;
	if (kg <= 0)
		return SY_OK;
	int found = factor_find(d, route, key, &f, err);
	if (found < 0)
		return err ? err->status : SY_ENV;
	if (!found) {
		c->no_factor_kg += kg;
		return SY_OK;
	}
	struct carbon_line *line = NULL;
	for (int i = 0; i < c->nlines && !line; i++)
		if (strcmp(c->lines[i].f.route, f.route) == 0 && strcmp(c->lines[i].f.key, f.key) == 0)
			line = &c->lines[i];
	if (!line && c->nlines < CARBON_MAX_LINES) {
		line = &c->lines[c->nlines++];
		line->f = f;
	}
	double co2e = kg * f.factor;
	if (line) {
		line->kg += kg;
		line->co2e += co2e;
		line->co2e_low += kg * f.low;
		line->co2e_high += kg * f.high;
	}
	c->credited_kg += kg;
	c->co2e_kg += co2e;
	c->low_kg += kg * f.low;
	c->high_kg += kg * f.high;
	if (strcmp(f.quality, "indicative") == 0)
		c->indicative_co2e_kg += co2e;
	return SY_OK;
}

/* Reused parts avoid making a new part (factor by part kind); cores avoid
 * most of making one (remanufacturing takes some); recycled material avoids
 * primary production of that material. Only the recycled share of the hulk
 * is credited. Energy recovery, hazardous waste and landfill get no credit. */
static int carbon_vehicle(db *d, int64_t vehicle_id, double hulk_share, struct carbon *c, sy_err *err)
{
	sqlite3_stmt *st = db_query(d, err,
				    "SELECT p.dest, p.kind, coalesce(p.material, k.material, 'mixed'), p.weight_kg"
				    " FROM parts p LEFT JOIN part_kinds k ON k.code = p.kind"
				    " WHERE p.vehicle_id = ? AND p.weight_kg > 0",
				    "I", vehicle_id);
	if (!st)
		return err ? err->status : SY_ENV;
	int rc, status = SY_OK;
	while (status == SY_OK && (rc = db_step(d, err, st)) == SQLITE_ROW) {
		char dest[16], kind[32], material[32];
		sy_strlcpy(dest, db_column_text(st, 0), sizeof dest);
		sy_strlcpy(kind, db_column_text(st, 1), sizeof kind);
		sy_strlcpy(material, db_column_text(st, 2), sizeof material);
		double kg = sqlite3_column_double(st, 3);
		enum report_out o = part_output(dest, kind);
		if (o == OUT_REUSE)
			status = credit(d, c, "reuse", kind, kg, err);
		else if (o == OUT_CORE)
			status = credit(d, c, "reman", kind, kg, err);
		else if (o == OUT_MATERIAL)
			status = credit(d, c, "recycling", material, kg, err);
		else if (o == OUT_HULK)
			status = credit(d, c, "recycling", material, kg * hulk_share, err);
	}
	db_done(d, st);
	if (status != SY_OK)
		return status;
	if (rc != SQLITE_DONE)
		return err ? err->status : SY_ENV;
	/* Traction batteries handed over whole: second life or recycling; tyres
	 * removed in pretreatment: rubber recycling. */
	st = db_query(d, err, DEPOLLUTION_OUTPUTS " AND d.step IN ('traction_battery', 'tyres') AND d.unit = 'kg'", "I",
		      vehicle_id);
	if (!st)
		return err ? err->status : SY_ENV;
	while (status == SY_OK && (rc = db_step(d, err, st)) == SQLITE_ROW) {
		const char *recipient = sqlite3_column_type(st, 3) == SQLITE_NULL ? "" : db_column_text(st, 3);
		double kg = sqlite3_column_double(st, 1);
		if (strcmp(db_column_text(st, 0), "tyres") == 0)
			status = credit(d, c, "recycling", "rubber", kg, err);
		else
			status = credit(d, c, strcmp(recipient, "echelon") == 0 ? "reuse" : "recycling", "traction_battery",
					kg, err);
	}
	db_done(d, st);
	return status != SY_OK ? status : rc == SQLITE_DONE ? SY_OK : (err ? err->status : SY_ENV);
}

int report_carbon(db *d, const struct report_range *r, struct carbon *out, sy_err *err)
{
	int64_t *ids = NULL;
	size_t n = 0;
	memset(out, 0, sizeof *out);
	double share = report_hulk_recycled_pct(d) / 100.0;
	int status = range_ids(d, r, &ids, &n, err);
	for (size_t i = 0; i < n && status == SY_OK; i++)
		status = carbon_vehicle(d, ids[i], share, out, err);
	free(ids);
	return status;
}

/* ---- operations ---- */

static int count_into(db *d, sy_err *err, int *out, const char *sql, const char *from, const char *to)
{
	int64_t n = 0;
	int rc = db_int64(d, err, &n, sql, "tt", from, to);
	*out = (int)n;
	return rc;
}

static int sum_into(db *d, sy_err *err, double *out, const char *sql, const char *from, const char *to)
{
	sqlite3_stmt *st = db_query(d, err, sql, "tt", from, to);
	if (!st)
		return err ? err->status : SY_ENV;
	int rc = db_step(d, err, st);
	*out = rc == SQLITE_ROW ? sqlite3_column_double(st, 0) : 0;
	db_done(d, st);
	return rc == SQLITE_ROW ? SY_OK : (err ? err->status : SY_ENV);
}

/* Dates compared on their first 10 characters, so that timestamps and
 * dates mix; an empty bound is open. */
#define IN_RANGE(col) " (?1 = '' OR substr(" col ", 1, 10) >= ?1) AND (?2 = '' OR substr(" col ", 1, 10) <= ?2)"

static int ops_waste(db *d, struct ops_report *o, sy_err *err)
{
	sqlite3_stmt *st = db_query(
		d, err,
		"SELECT c.code, c.name_en, c.name_zh, w.unit,"
		" sum(CASE WHEN" IN_RANGE("w.generated_at") " THEN w.qty ELSE 0 END),"
		" sum(CASE WHEN" IN_RANGE("w.generated_at") " THEN w.containers ELSE 0 END),"
		" sum(CASE WHEN w.shipped_at IS NOT NULL AND" IN_RANGE("w.shipped_at") " THEN w.qty ELSE 0 END),"
		" sum(CASE WHEN w.shipped_at IS NOT NULL AND" IN_RANGE("w.shipped_at") " THEN w.containers ELSE 0 END)"
		" FROM waste w JOIN waste_codes c ON c.code = w.code GROUP BY c.code, w.unit ORDER BY c.code, w.unit",
		"tt", o->from, o->to);
	if (!st)
		return err ? err->status : SY_ENV;
	int rc;
	while ((rc = db_step(d, err, st)) == SQLITE_ROW) {
		if (sqlite3_column_double(st, 4) <= 0 && sqlite3_column_double(st, 6) <= 0)
			continue;
		if (o->nwaste == OPS_MAX_WASTE)
			continue;
		struct ops_waste *w = &o->waste[o->nwaste++];
		sy_strlcpy(w->code, db_column_text(st, 0), sizeof w->code);
		sy_strlcpy(w->name_en, db_column_text(st, 1), sizeof w->name_en);
		sy_strlcpy(w->name_zh, db_column_text(st, 2), sizeof w->name_zh);
		sy_strlcpy(w->unit, db_column_text(st, 3), sizeof w->unit);
		w->in_qty = sqlite3_column_double(st, 4);
		w->in_containers = sqlite3_column_int(st, 5);
		w->out_qty = sqlite3_column_double(st, 6);
		w->out_containers = sqlite3_column_int(st, 7);
	}
	db_done(d, st);
	return rc == SQLITE_DONE ? SY_OK : (err ? err->status : SY_ENV);
}

/* Deadlines falling due in the period: met (done by the due date), missed
 * (done late), late and still open, or not yet due. */
/* Filings of one kind due in the period: met, missed, late and still open,
 * pending (db/filing.h). */
static int ops_deadlines(db *d, const char *kind, struct ops_report *o, struct ops_deadlines *out, sy_err *err)
{
	char today[11];
	db_today(today);
	sqlite3_stmt *st = db_query(d, err,
				    "SELECT sum(f.state = 'done' AND f.done_on <= f.due), sum(f.state = 'done' AND f.done_on > f.due),"
				    " sum(f.state = 'owed' AND f.due < ?3), sum(f.state = 'owed' AND f.due >= ?3)"
				    " FROM filings f JOIN vehicles v ON v.id = f.vehicle_id"
				    " WHERE f.kind = ?4 AND v.status <> 'cancelled' AND (?1 = '' OR f.due >= ?1) AND (?2 = '' OR f.due <= ?2)",
				    "tttt", o->from, o->to, today, kind);
	if (!st)
		return err ? err->status : SY_ENV;
	int rc = db_step(d, err, st);
	if (rc == SQLITE_ROW) {
		out->met = sqlite3_column_int(st, 0);
		out->missed = sqlite3_column_int(st, 1);
		out->late_open = sqlite3_column_int(st, 2);
		out->pending = sqlite3_column_int(st, 3);
	}
	db_done(d, st);
	return rc == SQLITE_ROW ? SY_OK : (err ? err->status : SY_ENV);
}

int report_operations(db *d, const char *from, const char *to, struct ops_report *o, sy_err *err)
{
	memset(o, 0, sizeof *o);
	sy_strlcpy(o->from, from ? from : "", sizeof o->from);
	sy_strlcpy(o->to, to ? to : "", sizeof o->to);
	const char *f = o->from, *t = o->to;
	int rc = SY_OK;
	sqlite3_stmt *st = db_query(d, err,
				    "SELECT count(*), sum(battery_code IS NOT NULL AND battery_code <> ''),"
				    " sum(weighed_kg > 0), coalesce(sum(coalesce(weighed_kg, curb_mass_kg, 0)), 0)"
				    " FROM vehicles WHERE status <> 'cancelled' AND" IN_RANGE("received_date"),
				    "tt", f, t);
	if (!st)
		return err ? err->status : SY_ENV;
	if (db_step(d, err, st) == SQLITE_ROW) {
		o->intake = sqlite3_column_int(st, 0);
		o->intake_nev = sqlite3_column_int(st, 1);
		o->intake_weighed = sqlite3_column_int(st, 2);
		o->intake_kg = sqlite3_column_double(st, 3);
	} else {
		rc = err ? err->status : SY_ENV;
	}
	db_done(d, st);
	if (rc == SY_OK)
		rc = count_into(d, err, &o->certs_issued, "SELECT count(*) FROM certificates WHERE" IN_RANGE("issued_at"), f, t);
	if (rc == SY_OK)
		rc = count_into(d, err, &o->certs_voided,
				"SELECT count(*) FROM certificates WHERE status = 'void' AND" IN_RANGE("voided_at"), f, t);
	if (rc == SY_OK)
		rc = count_into(d, err, &o->parts_harvested, "SELECT count(*) FROM parts WHERE" IN_RANGE("created_at"), f, t);
	if (rc == SY_OK)
		rc = sum_into(d, err, &o->parts_harvested_kg,
			      "SELECT coalesce(sum(weight_kg), 0) FROM parts WHERE" IN_RANGE("created_at"), f, t);
	if (rc == SY_OK)
		rc = count_into(d, err, &o->assemblies_harvested,
				"SELECT count(*) FROM parts p JOIN part_kinds k ON k.code = p.kind"
				" WHERE k.assembly = 1 AND" IN_RANGE("p.created_at"),
				f, t);
	/* Sold: handed over on a parts shipment (a sale is a shipment of one). */
	if (rc == SY_OK)
		rc = count_into(d, err, &o->parts_sold,
				"SELECT count(*) FROM parts p JOIN shipments s ON s.id = p.shipment_id"
				" WHERE s.kind = 'parts' AND" IN_RANGE("s.shipped_on"),
				f, t);
	if (rc == SY_OK)
		rc = sum_into(d, err, &o->parts_sold_value,
			      "SELECT coalesce(sum(coalesce(s.price, 0)), 0) FROM shipments s WHERE s.kind = 'parts' AND"
			      IN_RANGE("s.shipped_on"),
			      f, t);
	if (rc == SY_OK)
		rc = ops_waste(d, o, err);
	if (rc == SY_OK)
		rc = count_into(d, err, &o->batteries_removed,
				"SELECT count(*) FROM depollution WHERE step = 'traction_battery' AND absent = 0 AND"
				IN_RANGE("done_at"),
				f, t);
	if (rc == SY_OK)
		rc = count_into(d, err, &o->batteries_handed_over,
				"SELECT count(*) FROM depollution WHERE step = 'traction_battery' AND handed_over IS NOT NULL"
				" AND" IN_RANGE("handed_over"),
				f, t);
	if (rc == SY_OK)
		rc = sum_into(d, err, &o->batteries_handed_over_kg,
			      "SELECT coalesce(sum(qty), 0) FROM depollution WHERE step = 'traction_battery'"
			      " AND handed_over IS NOT NULL AND" IN_RANGE("handed_over"),
			      f, t);
	if (rc == SY_OK)
		rc = ops_deadlines(d, "deregistration", o, &o->dereg, err);
	if (rc == SY_OK)
		rc = ops_deadlines(d, "battery_report", o, &o->battery_report, err);
	return rc;
}

/* ---- JSON ---- */

static double round2(double x) { return round(x * 100.0) / 100.0; }

cJSON *mass_balance_to_json(const struct mass_balance *b)
{
	cJSON *o = cJSON_CreateObject();
	if (b->vehicle_id) {
		cJSON_AddStringToObject(o, "stock_no", b->stock_no);
		cJSON_AddStringToObject(o, "vin", b->vin);
		cJSON_AddStringToObject(o, "received", b->received);
	}
	cJSON_AddNumberToObject(o, "vehicles", b->vehicles);
	cJSON_AddNumberToObject(o, "mass_in_kg", round2(b->mass_in_kg));
	cJSON_AddNumberToObject(o, "curb_mass_used", b->curb_mass_used);
	cJSON_AddNumberToObject(o, "mass_unknown", b->mass_unknown);
	if (!b->vehicle_id)
		cJSON_AddNumberToObject(o, "left_out_no_outputs", b->no_outputs);
	cJSON *out = cJSON_AddObjectToObject(o, "out_kg");
	for (int i = 0; i < OUT_COUNT; i++)
		cJSON_AddNumberToObject(out, report_out_codes[i], round2(b->out_kg[i]));
	cJSON_AddNumberToObject(o, "out_total_kg", round2(b->out_total_kg));
	cJSON_AddNumberToObject(o, "unaccounted_kg", round2(b->unaccounted_kg));
	cJSON_AddNumberToObject(o, "unaccounted_pct", round2(b->unaccounted_pct));
	cJSON_AddNumberToObject(o, "threshold_pct", b->threshold_pct);
	cJSON_AddBoolToObject(o, "over_threshold", b->over_threshold);
	cJSON_AddNumberToObject(o, "parts_unweighed", b->parts_unweighed);
	cJSON_AddNumberToObject(o, "fluids_converted_from_litres", b->litres_converted);
	return o;
}

cJSON *recovery_to_json(const struct recovery *r)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "mass_in_kg", round2(r->mass_in_kg));
	cJSON_AddNumberToObject(o, "reuse_kg", round2(r->reuse_kg));
	cJSON_AddNumberToObject(o, "recycling_kg", round2(r->recycling_kg));
	cJSON_AddNumberToObject(o, "energy_recovery_kg", round2(r->energy_kg));
	cJSON_AddNumberToObject(o, "not_recovered_kg", round2(r->not_recovered_kg));
	cJSON_AddNumberToObject(o, "hulk_recycled_pct", r->hulk_recycled_pct);
	cJSON_AddNumberToObject(o, "hulk_energy_pct", r->hulk_energy_pct);
	cJSON_AddNumberToObject(o, "reuse_recycling_pct", round2(r->rate_recycling_pct));
	cJSON_AddNumberToObject(o, "reuse_recovery_pct", round2(r->rate_recovery_pct));
	cJSON_AddNumberToObject(o, "target_reuse_recycling_pct", REPORT_TARGET_RECYCLING);
	cJSON_AddNumberToObject(o, "target_reuse_recovery_pct", REPORT_TARGET_RECOVERY);
	cJSON_AddBoolToObject(o, "meets_reuse_recycling", r->meets_85);
	cJSON_AddBoolToObject(o, "meets_reuse_recovery", r->meets_95);
	return o;
}

cJSON *carbon_to_json(const struct carbon *c)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "co2e_avoided_kg", round2(c->co2e_kg));
	cJSON_AddNumberToObject(o, "low_kg", round2(c->low_kg));
	cJSON_AddNumberToObject(o, "high_kg", round2(c->high_kg));
	cJSON_AddNumberToObject(o, "from_indicative_factors_kg", round2(c->indicative_co2e_kg));
	cJSON_AddNumberToObject(o, "credited_mass_kg", round2(c->credited_kg));
	cJSON_AddNumberToObject(o, "no_factor_mass_kg", round2(c->no_factor_kg));
	cJSON *lines = cJSON_AddArrayToObject(o, "factors");
	for (int i = 0; i < c->nlines; i++) {
		const struct carbon_line *l = &c->lines[i];
		cJSON *x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "route", l->f.route);
		cJSON_AddStringToObject(x, "key", l->f.key);
		cJSON_AddNumberToObject(x, "factor", l->f.factor);
		cJSON_AddNumberToObject(x, "low", l->f.low);
		cJSON_AddNumberToObject(x, "high", l->f.high);
		cJSON_AddStringToObject(x, "quality", l->f.quality);
		cJSON_AddStringToObject(x, "source", l->f.source);
		cJSON_AddNumberToObject(x, "mass_kg", round2(l->kg));
		cJSON_AddNumberToObject(x, "co2e_kg", round2(l->co2e));
		cJSON_AddItemToArray(lines, x);
	}
	return o;
}

static cJSON *deadlines_to_json(const struct ops_deadlines *dl)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "met", dl->met);
	cJSON_AddNumberToObject(o, "missed", dl->missed);
	cJSON_AddNumberToObject(o, "late_open", dl->late_open);
	cJSON_AddNumberToObject(o, "pending", dl->pending);
	return o;
}

cJSON *ops_report_to_json(const struct ops_report *r)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "from", r->from);
	cJSON_AddStringToObject(o, "to", r->to);
	cJSON *x = cJSON_AddObjectToObject(o, "intake");
	cJSON_AddNumberToObject(x, "vehicles", r->intake);
	cJSON_AddNumberToObject(x, "nev", r->intake_nev);
	cJSON_AddNumberToObject(x, "weighed", r->intake_weighed);
	cJSON_AddNumberToObject(x, "mass_kg", round2(r->intake_kg));
	x = cJSON_AddObjectToObject(o, "certificates");
	cJSON_AddNumberToObject(x, "issued", r->certs_issued);
	cJSON_AddNumberToObject(x, "voided", r->certs_voided);
	x = cJSON_AddObjectToObject(o, "parts");
	cJSON_AddNumberToObject(x, "harvested", r->parts_harvested);
	cJSON_AddNumberToObject(x, "harvested_kg", round2(r->parts_harvested_kg));
	cJSON_AddNumberToObject(x, "assemblies_harvested", r->assemblies_harvested);
	cJSON_AddNumberToObject(x, "sold", r->parts_sold);
	cJSON_AddNumberToObject(x, "sold_value", round2(r->parts_sold_value));
	cJSON *w = cJSON_AddArrayToObject(o, "hazardous_waste");
	for (int i = 0; i < r->nwaste; i++) {
		cJSON *e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "code", r->waste[i].code);
		cJSON_AddStringToObject(e, "name", sy_pick(r->waste[i].name_en, r->waste[i].name_zh));
		cJSON_AddStringToObject(e, "unit", r->waste[i].unit);
		cJSON_AddNumberToObject(e, "in", round2(r->waste[i].in_qty));
		cJSON_AddNumberToObject(e, "in_containers", r->waste[i].in_containers);
		cJSON_AddNumberToObject(e, "out", round2(r->waste[i].out_qty));
		cJSON_AddNumberToObject(e, "out_containers", r->waste[i].out_containers);
		cJSON_AddItemToArray(w, e);
	}
	x = cJSON_AddObjectToObject(o, "traction_batteries");
	cJSON_AddNumberToObject(x, "removed", r->batteries_removed);
	cJSON_AddNumberToObject(x, "handed_over", r->batteries_handed_over);
	cJSON_AddNumberToObject(x, "handed_over_kg", round2(r->batteries_handed_over_kg));
	x = cJSON_AddObjectToObject(o, "deadlines");
	cJSON_AddItemToObject(x, "deregistration", deadlines_to_json(&r->dereg));
	cJSON_AddItemToObject(x, "battery_report", deadlines_to_json(&r->battery_report));
	return o;
}
