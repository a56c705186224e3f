/* The hazardous waste ledger (HJ 1259-2022): one record per container or
 * package, from generation through entry into store to exit to a licensed
 * handler. Codes come from an editable table seeded with the national list
 * entries a yard produces. A container collects from many vehicles: each
 * fill (which vehicle, which depollution step, how much) is kept. */
#ifndef SY_WASTE_H
#define SY_WASTE_H
#include <cjson/cJSON.h>
#include <stdint.h>

#include "base/code_label.h"
#include "db/db.h"

struct waste_code {
	char code[24];     /* "900-214-08", or a site code such as "SITE-REFRIG" */
	char category[16]; /* "HW08"; "SITE" for site-defined entries */
	char name_en[128];
	char name_zh[128];
	char unit[4]; /* default unit: kg, l, t, pcs */
	int site_defined;
	/* What the container's label says (HJ 1276-2022): */
	char form[12];          /* physical form: solid, liquid, semi_solid, gas ("" unknown) */
	char hazard[24];        /* hazard properties: "T, I" (toxic, corrosive C, ignitable I, reactive R, infectious In) */
	char components[128];   /* main components */
	char hazardous[128];    /* hazardous components */
	char precautions[192];  /* what to take care of */
};

/* The physical forms, for the label and the command line. */
extern const struct code_label waste_forms[];
/* A container's state as people read it: open (being filled), stored, shipped. */
extern const struct code_label waste_states[];

/* CODE exactly (any case), or a category (HW08) that names one code only. */
int waste_code_find(db *d, const char *text, struct waste_code *out, sy_err *err);
typedef int (*waste_code_cb)(const struct waste_code *c, void *ctx);
int waste_code_list(db *d, waste_code_cb cb, void *ctx, sy_err *err);
/* Add a code or change its names, category and unit (audited). */
int waste_code_save(db *d, struct waste_code *c, sy_err *err);

struct waste {
	int64_t id;
	char container_code[32];
	char batch_code[48];
	char code[24];
	char category[16];
	char name_en[128];
	char name_zh[128];
	char source[24]; /* the depollution step that fills it, or "manual" */
	double qty;
	char unit[4];
	char container_type[32];
	int containers;
	char facility_code[32];
	char destination[64];
	char notes[256];
	char generated_at[20], generated_by[64];
	char stored_at[20], stored_by[64], store_location[32];
	char shipped_at[20], shipped_by[64];
	int64_t handler_id;
	char handler_name[128], handler_licence[64];
	char manifest_no[48];
	char state[8]; /* open (being filled), stored, shipped */
	int fills;
};

/* A generation: qty of one waste into a container. */
struct waste_input {
	const char *code;      /* code or category, see waste_code_find */
	double qty;            /* > 0 */
	const char *unit;      /* kg | l | t | pcs; NULL: the code's unit */
	const char *container; /* NULL: the open container of this code, source and unit, or a new one */
	const char *container_type;
	int containers; /* packages in this record; 0 means 1 */
	const char *facility_code; /* NULL: setting waste.facility_code */
	const char *destination;
	const char *notes;
	int64_t vehicle_id; /* 0: none */
	const char *source; /* depollution step; NULL: "manual" */
};
/* Refusals: unknown code, bad quantity or unit, a named container that is
 * already in store, holds another waste or another fluid, or another unit. */
int waste_add(db *d, const struct waste_input *in, struct waste *out, sy_err *err);
int waste_add_in_transaction(db *d, const struct waste_input *in, struct waste *out, sy_err *err);
/* Take back what a vehicle's step put into containers still open (a
 * depollution record being corrected); refused once the container is stored. */
int waste_unfill_in_transaction(db *d, int64_t vehicle_id, const char *step, sy_err *err);

/* Entry into store. */
int waste_store(db *d, const char *container, const char *location, sy_err *err);

/* Exit to a licensed handler: every container stored and not yet shipped;
 * the handler a party of kind hazardous_handler with a licence. One
 * transaction for all the containers. */
struct waste_exit {
	int64_t handler_id;
	const char *manifest_no; /* transfer manifest (联单) number */
	const char *date;        /* NULL: now */
	const char *destination; /* what the handler does with it */
};
int waste_ship(db *d, const char *const *containers, int n, const struct waste_exit *x, sy_err *err);

int waste_get(db *d, int64_t id, struct waste *out, sy_err *err);
int waste_find(db *d, const char *container, struct waste *out, sy_err *err);

struct waste_filter {
	const char *state; /* open | stored | shipped | NULL */
	const char *code;  /* NULL: all */
	const char *since, *until; /* generation dates, inclusive */
	int64_t vehicle_id;        /* containers this vehicle filled */
	int limit;                 /* 0: 100 */
	int oldest_first;          /* ledger order */
};
typedef int (*waste_cb)(const struct waste *w, void *ctx);
int waste_list(db *d, const struct waste_filter *f, waste_cb cb, void *ctx, sy_err *err);

/* The ledger of a period (HJ 1259): each movement dated in it, generation,
 * entry into store and exit, in time order. from/to are dates, inclusive
 * ("" or NULL: open ended). */
enum waste_movement { WASTE_GENERATED, WASTE_STORED, WASTE_SHIPPED };
struct waste_move {
	enum waste_movement kind;
	const struct waste *w;
	const char *at, *by; /* when and by whom this movement was recorded */
};
typedef int (*waste_move_cb)(const struct waste_move *m, void *ctx);
int waste_movements(db *d, const char *from, const char *to, waste_move_cb cb, void *ctx, sy_err *err);

/* The period's totals per unit (kg and litres never add up): quantities
 * generated, taken into store and shipped in it, and what was in store at
 * its end (taken in by then, not shipped by then, whenever generated). */
struct waste_total {
	char unit[4];
	double generated, stored, shipped, in_store;
	int containers_in_store;
};
#define WASTE_MAX_UNITS 4
int waste_totals(db *d, const char *from, const char *to, struct waste_total out[WASTE_MAX_UNITS], int *n, sy_err *err);

struct waste_fill {
	int64_t id, waste_id, vehicle_id;
	char stock_no[16], vin[18];
	char step[24];
	double qty;
	char unit[4];
	char at[20], by[64];
};
typedef int (*waste_fill_cb)(const struct waste_fill *f, void *ctx);
int waste_fills(db *d, int64_t waste_id, waste_fill_cb cb, void *ctx, sy_err *err);

/* What is on site, per code, state and unit: for the hazardous waste screen. */
struct waste_stock {
	char code[24], category[16];
	const char *name; /* in the interface language; valid during the callback */
	char state[8];
	char unit[4];
	int containers;
	double qty;
};
typedef int (*waste_stock_cb)(const struct waste_stock *s, void *ctx);
int waste_stock(db *d, waste_stock_cb cb, void *ctx, sy_err *err);

const char *waste_name(const struct waste *w); /* in the interface language */
cJSON *waste_to_json(const struct waste *w);
cJSON *waste_code_to_json(const struct waste_code *c);
#endif
