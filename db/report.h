/* Circularity figures and operational reports, per vehicle and per period:
 * mass balance, recovery rates the EU way (reuse + recycling against 85%,
 * reuse + recovery against 95%), CO2 avoided by reuse and recycling from an
 * editable table of emission factors with their sources, and the counts of
 * an operations report. Numbers only: app/cmd_report.c presents them.
 * The formulas and what is uncertain are written up in docs/reports.md. */
#ifndef SY_REPORT_H
#define SY_REPORT_H
#include <cjson/cJSON.h>
#include <stdint.h>

#include "db/db.h"

/* Where the mass of a vehicle went. Each output of the yard falls in one:
 *   REUSE     parts with destination reuse; traction batteries handed to an
 *             echelon-use firm (second life)
 *   CORE      parts with destination reman (cores for remanufacturing)
 *   MATERIAL  parts with destination material, except the hulk; traction
 *             batteries handed to the maker's take-back point or a recycler
 *   HULK      the frame/body (part kind 'frame') to shredding or smelting
 *   HAZARDOUS drained fluids (but fuel) and removed items of pretreatment
 *             (starter battery, catalyst, airbags, filter, refrigerant) and
 *             parts with destination hazardous: to licensed handlers
 *             (tyres removed in pretreatment are MATERIAL: rubber recycling)
 *   ENERGY    parts with destination energy, and drained fuel (burned)
 *   LANDFILL  parts with destination landfill */
/* kg per litre of the fuel a vehicle of this power type burns (diesel,
 * petrol; 0.78 when not known). */
double report_fuel_density(const char *power_type);

enum report_out { OUT_REUSE, OUT_CORE, OUT_MATERIAL, OUT_HULK, OUT_HAZARDOUS, OUT_ENERGY, OUT_LANDFILL, OUT_COUNT };
extern const char *const report_out_codes[OUT_COUNT]; /* "reuse", "core", ... */
const char *report_out_label(enum report_out o);       /* interface language */

/* A period, a vehicle, or both. Dates are YYYY-MM-DD, inclusive; empty:
 * open ended. vehicle_id 0: every vehicle received in the period. */
struct report_range {
	char from[11], to[11];
	int64_t vehicle_id;
};

struct mass_balance {
	int64_t vehicle_id; /* 0 for a period total */
	char stock_no[16], vin[18], received[11];
	int vehicles;         /* vehicles counted */
	int curb_mass_used;   /* of them, not weighed: mass in is the curb mass (flagged) */
	int mass_unknown;     /* neither weighed nor a curb mass: left out of mass in */
	int no_outputs;       /* of a period: vehicles with nothing recorded yet, left out */
	double mass_in_kg;
	double out_kg[OUT_COUNT];
	double out_total_kg;
	double unaccounted_kg;  /* mass in - mass out; negative when more went out */
	double unaccounted_pct; /* of mass in */
	double threshold_pct;   /* setting mass_balance_threshold_pct, default 5 */
	int over_threshold;     /* |unaccounted| above the threshold */
	int parts_unweighed;    /* parts recorded without a weight */
	int litres_converted;   /* fluids in litres turned into kg with a typical density */
};

/* EU recovery rates (Directive 2000/53/EC art. 7, Decision 2005/293/EC):
 *   reuse      = REUSE + CORE
 *   recycling  = MATERIAL + hulk x hulk_recycled_pct (the shredder's metal
 *                yield; the rest, shredder residue, counts as disposal)
 *   energy     = ENERGY (+ hulk x hulk_energy_pct: residue burned)
 *   not recovered: HAZARDOUS (the handler's treatment is not recorded, so no
 *                credit is taken), LANDFILL, the rest of the hulk, and any
 *                unaccounted remainder.
 *   rate_recycling = (reuse + recycling) / mass in      target 85%
 *   rate_recovery  = (reuse + recycling + energy) / mass in   target 95% */
struct recovery {
	double mass_in_kg;
	double reuse_kg, recycling_kg, energy_kg, not_recovered_kg;
	double hulk_recycled_pct, hulk_energy_pct; /* settings used */
	double rate_recycling_pct, rate_recovery_pct;
	int meets_85, meets_95;
};
#define REPORT_TARGET_RECYCLING 85.0
#define REPORT_TARGET_RECOVERY 95.0

/* ---- emission factors ---- */
struct emission_factor {
	char route[12]; /* recycling | reuse | reman */
	char key[32];   /* a material (recycling) or a part kind (reuse, reman); "*" default */
	double factor, low, high; /* kg CO2e avoided per kg */
	char quality[12];         /* published | indicative */
	char source[1536]; /* up to 500 characters */
};
/* Load a CSV (route,key,factor,low,high,quality,source with a header) into
 * the table, replacing rows with the same route and key; one transaction,
 * nothing loaded when a row is bad, each row audited. Keys are codes, the
 * numbers plain decimals up to 100, sources plain text; at most 1000 rows.
 * Needs a supervisor (user_may). *loaded counts the rows. */
int factors_import(db *d, const char *path, int *loaded, sy_err *err);
/* The same for the table shipped with the program, by anyone, and only
 * while the table is empty (the first carbon report). */
int factors_load_defaults(db *d, const char *path, int *loaded, sy_err *err);
cJSON *factor_to_json(const struct emission_factor *f);
int factors_count(db *d, int64_t *n, sy_err *err);
typedef int (*factor_cb)(const struct emission_factor *f, void *ctx);
int factors_list(db *d, factor_cb cb, void *ctx, sy_err *err);

#define CARBON_MAX_LINES 48
/* One factor as used: the mass it was applied to and the CO2e it gave. */
struct carbon_line {
	struct emission_factor f;
	double kg, co2e, co2e_low, co2e_high;
};
struct carbon {
	double co2e_kg, low_kg, high_kg; /* central and range, kg CO2e avoided */
	double indicative_co2e_kg;       /* the part of co2e_kg from indicative factors */
	double credited_kg;              /* mass a factor was applied to */
	double no_factor_kg;             /* mass reused or recycled with no factor: no credit */
	int nlines;
	struct carbon_line lines[CARBON_MAX_LINES];
};

/* ---- operations ---- */
#define OPS_MAX_WASTE 24
struct ops_waste {
	char code[24], name_en[128], name_zh[128], unit[4];
	double in_qty, out_qty; /* generated, shipped to handlers in the period */
	int in_containers, out_containers;
};
struct ops_deadlines {
	int met, missed, late_open, pending; /* due in the period: done on time, done late, overdue, not yet due */
};
struct ops_report {
	char from[11], to[11];
	int intake, intake_nev, intake_weighed;
	double intake_kg;
	int certs_issued, certs_voided;
	int parts_harvested, parts_sold;
	double parts_harvested_kg, parts_sold_value;
	int assemblies_harvested; /* five major assemblies among them */
	int nwaste;
	struct ops_waste waste[OPS_MAX_WASTE];
	int batteries_removed, batteries_handed_over;
	double batteries_handed_over_kg;
	struct ops_deadlines dereg, battery_report;
};

/* Settings, with their defaults. */
double report_threshold_pct(db *d);  /* mass_balance_threshold_pct, 5 */
double report_hulk_recycled_pct(db *d); /* hulk_recycled_pct, 75 */
double report_hulk_energy_pct(db *d);   /* hulk_energy_pct, 0 */

/* The balance of one vehicle. */
int report_vehicle_balance(db *d, int64_t vehicle_id, struct mass_balance *out, sy_err *err);
/* Every vehicle of the range (one callback each, in intake order) and the
 * total into *total (may be NULL). cb may be NULL. */
typedef int (*balance_cb)(const struct mass_balance *b, void *ctx);
int report_balances(db *d, const struct report_range *r, balance_cb cb, void *ctx, struct mass_balance *total,
		    sy_err *err);

void report_recovery(db *d, const struct mass_balance *b, struct recovery *out);

/* CO2 avoided by the outputs of the vehicles of the range. */
int report_carbon(db *d, const struct report_range *r, struct carbon *out, sy_err *err);

int report_operations(db *d, const char *from, const char *to, struct ops_report *out, sy_err *err);

/* JSON of each, for --json and the export. */
cJSON *mass_balance_to_json(const struct mass_balance *b);
cJSON *recovery_to_json(const struct recovery *r);
cJSON *carbon_to_json(const struct carbon *c);
cJSON *ops_report_to_json(const struct ops_report *o);

#endif
