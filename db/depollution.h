/* Pretreatment (depollution) of a vehicle, step by step in the GB 22128
 * order, before anything is dismantled. Each step is done once (or recorded
 * as not present), by someone, at a time; steps have preconditions, and the
 * checklist says for every step whether it is done, next, open or blocked
 * and why. Drained fluids and removed hazardous items go into waste
 * containers of the hazardous waste ledger (db/waste.h). */
#ifndef SY_DEPOLLUTION_H
#define SY_DEPOLLUTION_H
#include <cjson/cJSON.h>
#include <stdint.h>

#include "db/db.h"
#include "db/vehicle.h"

enum dep_qty {
	DEP_QTY_NONE,     /* no quantity (a confirmation) */
	DEP_QTY_OPTIONAL, /* a weight when the scale is at hand */
	DEP_QTY_REQUIRED, /* drained or recovered amount; 0 is allowed for an empty system */
};

enum dep_detail {
	DEP_DETAIL_NONE,
	DEP_DETAIL_AIRBAG,      /* deployed | removed */
	DEP_DETAIL_REFRIGERANT, /* R134a | R1234yf | R12 | R744 | other */
	DEP_DETAIL_INSULATION,  /* pass | fail */
	DEP_DETAIL_BATTERY,     /* intact | damaged | leaking */
};

enum dep_applies {
	DEP_ALL,      /* every vehicle */
	DEP_COMBUSTION, /* vehicles with an engine: not battery-electric or fuel-cell */
	DEP_HV,       /* a high-voltage system and traction battery: new-energy vehicles and full hybrids */
	DEP_GAS,      /* a gas tank (LPG, CNG, hydrogen): gas, dual-fuel, fuel-cell, other or unknown power */
};

#define DEP_UNIT_L 1
#define DEP_UNIT_KG 2

struct dep_step {
	const char *code;
	const char *en, *zh;
	enum dep_qty qty;
	int units;        /* DEP_UNIT_L | DEP_UNIT_KG */
	double max_qty;   /* in its unit */
	enum dep_applies applies;
	enum dep_detail detail;
	int absent_ok;    /* may be recorded as not present */
	int required;     /* needed before dismantling (the battery hand-over is not) */
	const char *waste_code; /* container ledger code, or NULL */
	const char *needs[3];   /* steps that must be done (or not present) first */
};

/* The steps in GB 22128 order; ends with a zeroed entry. */
extern const struct dep_step dep_steps[];
/* A step by code; "engine-oil", "ENGINE_OIL" are accepted. NULL when unknown. */
const struct dep_step *dep_step_find(const char *code);
const char *dep_step_label(const struct dep_step *s); /* interface language */
/* Does the step apply to this vehicle (power type)? */
int dep_step_applies(const struct dep_step *s, const struct vehicle *v);

/* The values a step's detail takes, with their names in both languages
 * (NULL for DEP_DETAIL_NONE): given by code or by either name, stored as
 * the code. The name of a stored code in the interface language, and the
 * command line option that gives it ("state", "type", "result"). */
const struct code_label *dep_detail_choices(enum dep_detail kind);
const char *dep_detail_label(enum dep_detail kind, const char *code);
const char *dep_detail_field(enum dep_detail kind);

/* Recipients of a traction battery. */
extern const struct code_label dep_recipient_kinds[]; /* oem, echelon, recycler */

/* One recorded step. */
struct dep_record {
	int64_t id;
	char step[24];
	int absent;
	int has_qty;
	double qty;
	char unit[3];
	char container[32];
	char detail[24];
	char battery_code[25];
	char recipient[128];
	char recipient_kind[12];
	char recipient_code[20];
	char handed_over[11];
	char notes[256];
	char done_by[64];
	char done_at[20];
	char recorded_by[64];
};

enum dep_state {
	DEP_DONE,    /* recorded as done */
	DEP_ABSENT,  /* recorded as not present */
	DEP_NEXT,    /* the first step that can be done now */
	DEP_OPEN,    /* can be done now, after the next one */
	DEP_BLOCKED, /* a precondition is missing: see reason */
};
const char *dep_state_name(enum dep_state s); /* "done", "absent", "next", "open", "blocked" */

struct dep_item {
	const struct dep_step *step;
	enum dep_state state;
	char reason[256]; /* why blocked, in the interface language */
	struct dep_record rec; /* when done or absent */
};

#define DEP_MAX_STEPS 24
/* The checklist of one vehicle: only the steps that apply to it. */
struct dep_status {
	int64_t vehicle_id;
	int nev; /* a new-energy vehicle */
	int hv;  /* a high-voltage system to make safe first (new-energy or full hybrid) */
	int n;
	struct dep_item items[DEP_MAX_STEPS];
	int complete;      /* every required step done or not present */
	char missing[512]; /* labels of the required steps still to do, comma separated */
};
int depollution_status(db *d, const struct vehicle *v, struct dep_status *out, sy_err *err);

/* Is pretreatment complete? SY_OK, or SY_INVALID with a message naming the
 * missing steps ("dismantling is refused until ..."). */
int depollution_check_complete(db *d, const struct vehicle *v, sy_err *err);

/* What the clerk records for a step. Unused fields are NULL or 0. */
struct dep_input {
	const char *step;
	int absent;  /* not present on this vehicle */
	int has_qty; /* qty given (0 is a valid drained amount) */
	double qty;
	const char *unit; /* "l" or "kg"; NULL: the step's only unit */
	const char *container;    /* waste container code; NULL picks the open one */
	const char *detail;       /* airbag state, refrigerant type, insulation result, battery state */
	const char *battery_code; /* traction battery: must match the vehicle's; required for a new-energy vehicle */
	const char *recipient;    /* battery hand-over */
	const char *recipient_kind;
	const char *recipient_code; /* recipient's credit code (optional) */
	const char *date;           /* hand-over date; NULL: today */
	const char *done_by;        /* who did it; NULL: the clerk */
	const char *notes;
};
/* Validate and record, with its waste fill, in one audited transaction.
 * Refusals (SY_INVALID, field set): unknown or inapplicable step, already
 * recorded, vehicle not open, precondition missing (names it), quantity
 * missing or out of range, wrong unit, missing or wrong detail, battery code
 * invalid or not the vehicle's, recipient missing, date invalid. */
/* Recording the battery hand-over also writes recipient, kind, credit code
 * and date onto the traction_battery row, so that one row per pack holds the
 * whole battery ledger entry (removal and where it went). */
int depollution_record(db *d, const struct vehicle *v, const struct dep_input *in, struct dep_record *out,
		       sy_err *err);
int depollution_record_in_transaction(db *d, const struct vehicle *v, const struct dep_input *in,
				      struct dep_record *out, sy_err *err);

/* Take back a record made by mistake (reason required, audited). Refused
 * when a later step depends on it, when dismantling has begun and the step is
 * required, or when its waste container has gone into store. */
int depollution_undo(db *d, const struct vehicle *v, const char *step, const char *reason, sy_err *err);

int depollution_get(db *d, int64_t vehicle_id, const char *step, struct dep_record *out, sy_err *err);

cJSON *dep_record_to_json(const struct dep_record *r);
/* The checklist as JSON: vehicle, complete, missing[], steps[] with state and reason. */
cJSON *dep_status_to_json(const struct dep_status *s);
#endif
