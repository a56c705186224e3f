#include "db/vehicle_model.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "base/util.h"

int vehicle_model_key(const char *vin, char prefix[9], char maker[4])
{
	if (!vin || strlen(vin) != 17)
		return 0;
	memcpy(prefix, vin, 8);
	prefix[8] = '\0';
	if (vin[2] == '9')
		memcpy(maker, vin + 11, 3), maker[3] = '\0';
	else
		maker[0] = '\0';
	return 1;
}

/* One field's agreement across the earlier vehicles. */
struct agreement {
	char value[128];
	int seen, split; /* a value was seen; two different ones were */
};

static void agree_text(struct agreement *a, sqlite3_stmt *st, int col)
{
	const char *s = (const char *)sqlite3_column_text(st, col);
	if (!s || !*s || a->split)
		return;
	if (!a->seen)
		sy_strlcpy(a->value, s, sizeof a->value), a->seen = 1;
	else if (strcmp(a->value, s) != 0)
		a->split = 1;
}

static void agree_mass(double *mass, int *seen, int *split, sqlite3_stmt *st, int col)
{
	double kg = sqlite3_column_double(st, col);
	if (kg <= 0 || *split)
		return;
	if (!*seen)
		*mass = kg, *seen = 1;
	else if (*mass != kg)
		*split = 1;
}

static void agreed(char *out, size_t size, const struct agreement *a)
{
	sy_strlcpy(out, a->seen && !a->split ? a->value : "", size);
}

int vehicle_model_learned(db *d, const char *vin, struct vehicle_model *out, sy_err *err)
{
	char maker[4], upto[10];
	memset(out, 0, sizeof *out);
	if (!vehicle_model_key(vin, out->prefix, maker))
		return SY_OK;
	/* A range on the VIN index: every VIN of the prefix sorts before the
	 * prefix followed by a character above the VIN alphabet. */
	snprintf(upto, sizeof upto, "%s~", out->prefix);
	sqlite3_stmt *st = db_query(d, err,
				    "SELECT brand_model, vehicle_type, power_type, curb_mass_kg FROM vehicles INDEXED BY vehicles_vin"
				    " WHERE vin >= ? AND vin < ? AND vin <> ? AND status <> 'cancelled'"
				    " AND (? = '' OR substr(vin, 12, 3) = ?)"
				    " ORDER BY id DESC LIMIT ?",
				    "sssssi", out->prefix, upto, vin, maker, maker, VEHICLE_MODEL_LOOK);
	if (!st)
		return err->status;
	struct agreement brand = {0}, type = {0}, power = {0};
	int mass_seen = 0, mass_split = 0, rows = 0, rc;
	while ((rc = db_step(d, err, st)) == SQLITE_ROW) {
		rows++;
		agree_text(&brand, st, 0);
		agree_text(&type, st, 1);
		agree_text(&power, st, 2);
		agree_mass(&out->curb_mass_kg, &mass_seen, &mass_split, st, 3);
	}
	db_done(d, st);
	if (rc != SQLITE_DONE)
		return err->status;
	/* The brand and model is what says these are one model: without it
	 * agreed on, nothing else is offered. */
	if (!brand.seen || brand.split) {
		out->curb_mass_kg = 0;
		return SY_OK;
	}
	out->vehicles = rows;
	agreed(out->brand_model, sizeof out->brand_model, &brand);
	agreed(out->vehicle_type, sizeof out->vehicle_type, &type);
	agreed(out->power_type, sizeof out->power_type, &power);
	if (mass_split)
		out->curb_mass_kg = 0;
	return SY_OK;
}
