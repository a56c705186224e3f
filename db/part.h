/* Parts harvested from vehicles: the catalogue of part kinds (the five major
 * assemblies of Order 715 and the common parts), grading and destination,
 * part numbers for labels, the inventory and its search.
 *
 * Rules kept here: nothing is dismantled before pretreatment is complete
 * (parts removed during pretreatment, such as batteries, need only their own
 * step); a five-assembly part goes only to remanufacturing or scrap metal,
 * never to reuse; hazardous parts go to hazardous waste; the frame keeps the
 * vehicle's VIN; a vehicle gives at most its own number of engines, frames... */
#ifndef SY_PART_H
#define SY_PART_H
#include <cjson/cJSON.h>
#include <stdint.h>

#include "db/db.h"
#include "db/vehicle.h"

struct part_kind {
	char code[24];
	char name_en[64];
	char name_zh[64];
	int assembly;  /* one of the five major assemblies */
	char material[16];
	int keeps_vin; /* the frame: carries the vehicle's VIN */
	int hazardous; /* goes to hazardous waste only */
	char step[24]; /* pretreatment step that releases it, or "" */
	int max_per_vehicle; /* 0: no limit */
};

/* Destinations, grades and materials, with labels in both languages. */
extern const struct code_label part_dests[];     /* reuse reman material hazardous energy landfill */
extern const struct code_label part_grades[];    /* A B C */
extern const struct code_label part_materials[]; /* steel aluminium copper plastics glass rubber textile electronics battery mixed */
extern const struct code_label part_statuses[];  /* stock sold shipped scrapped */

const char *part_kind_name(const struct part_kind *k); /* interface language */
int part_kind_get(db *d, const char *code, struct part_kind *out, sy_err *err);
/* A code, or a unique fragment of the English or Chinese name (any case).
 * Exact code or name wins over fragments; an ambiguous fragment is refused
 * with the candidates named. */
int part_kind_resolve(db *d, const char *text, struct part_kind *out, sy_err *err);
typedef int (*part_kind_cb)(const struct part_kind *k, void *ctx);
int part_kind_list(db *d, part_kind_cb cb, void *ctx, sy_err *err);
/* Add a kind of the site, or rename one (audited). Assemblies are fixed by
 * law: a new kind is never an assembly, and an existing one keeps its flags. */
int part_kind_save(db *d, struct part_kind *k, sy_err *err);

#define PART_MAX_PHOTOS 8
/* Part numbers: P, the year, a dash and a serial of this many digits,
 * gapless per year: P2026-0000123. */
#define PART_SERIAL_DIGITS 7

struct part {
	int64_t id;
	char part_no[16]; /* P2026-0000123 */
	int64_t vehicle_id;
	char stock_no[16], vin[18], brand_model[128]; /* of the source vehicle */
	struct part_kind kind;
	char grade[2];
	char dest[12];
	char material[16];
	double weight_kg; /* 0: not weighed */
	char location[24];
	double price; /* asking price; 0: none */
	char notes[256];
	int n_photos;
	char photos[PART_MAX_PHOTOS][160]; /* file references */
	char status[12];
	int64_t shipment_id;
	char ship_no[16];
	char created_by[64], created_at[20], updated_at[20];
};

/* What the clerk enters; kind is a code or fragment (part_kind_resolve). */
struct part_input {
	const char *kind;
	const char *grade; /* A | B | C */
	const char *dest;  /* NULL: reman for assemblies, hazardous for hazardous kinds, else reuse */
	const char *material; /* NULL: the kind's */
	double weight_kg;     /* 0: not weighed */
	const char *location;
	double price;
	const char *notes;
	int n_photos;
	const char *photos[PART_MAX_PHOTOS];
};

/* Harvest a part from vehicle v: validate, check the rules, number it
 * (gapless per year) and save, audited, in one transaction. */
int part_add(db *d, const struct vehicle *v, const struct part_input *in, struct part *out, sy_err *err);

/* Change grade, destination, material, weight, price, notes or photos (fields
 * given in in; kind is ignored). Same rules as part_add; only parts in stock. */
int part_update(db *d, struct part *p, const struct part_input *in, sy_err *err);
/* Move to another bin. */
int part_move(db *d, struct part *p, const char *location, sy_err *err);
/* Sell or hand over to a party in one step: a shipment of this part alone
 * (db/shipment.h, same rules). price 0: the part's price; date NULL: today. */
int part_sell(db *d, struct part *p, int64_t party_id, double price, const char *date, sy_err *err);

int part_get(db *d, int64_t id, struct part *out, sy_err *err);
/* By part number (any case, full-width folded). */
int part_find(db *d, const char *part_no, struct part *out, sy_err *err);

/* The destination a new part of this kind gets when none is given: reman
 * for an assembly, hazardous for a hazardous kind, else reuse. */
const char *part_default_dest(const struct part_kind *k);
/* Destination allowed for this kind? SY_INVALID with the Order 715 reason. */
int part_check_dest(const struct part_kind *k, const char *dest, sy_err *err);

/* Inventory search. text: any fragment of part number, kind (code, English
 * or Chinese name), source VIN or bin. 3+ characters use the trigram index,
 * 1-2 characters match prefixes through B-tree indexes, empty lists the
 * newest. Newest first. */
struct part_query {
	const char *text;
	int64_t vehicle_id; /* 0: every vehicle */
	const char *status; /* stock | sold | shipped | scrapped | NULL: all */
	const char *kind;   /* a kind code, NULL: all */
	int limit;          /* 0: 50 */
};
typedef int (*part_cb)(const struct part *p, void *ctx); /* non-zero stops */
int part_search(db *d, const struct part_query *q, part_cb cb, void *ctx, sy_err *err);

/* Per vehicle: how many parts and their mass by destination (recovery rates). */
struct part_totals {
	int count;
	double kg[6]; /* indexed like part_dests */
};
int part_vehicle_totals(db *d, int64_t vehicle_id, struct part_totals *out, sy_err *err);

cJSON *part_to_json(const struct part *p);
cJSON *part_kind_to_json(const struct part_kind *k);
#endif
