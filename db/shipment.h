/* Outbound: parts, cores and material lots leaving the yard to a named
 * party. This is the parts flow ledger Order 715 asks for (quantity, model
 * and destination of the five assemblies and other main parts).
 *
 * Who may receive what: a five-assembly part only a remanufacturer or a
 * scrap metal / smelter recycler; a reuse part a buyer; a remanufacturing
 * core a remanufacturer; material a recycler; hazardous parts only a
 * licensed hazardous waste handler; a traction battery only a battery
 * take-back point, echelon-use firm or battery recycler. */
#ifndef SY_SHIPMENT_H
#define SY_SHIPMENT_H
#include <cjson/cJSON.h>
#include <stdint.h>

#include "db/db.h"
#include "db/party.h"
#include "db/part.h"

/* Material lots: steel, aluminium, copper, plastics, glass, rubber, hulk, mixed. */
extern const struct code_label shipment_materials[];

struct shipment {
	int64_t id;
	char ship_no[16]; /* S2026-000001 */
	struct party party;
	char shipped_on[11];
	char kind[12]; /* parts | material */
	char material[16];
	double weight_kg;
	double price;
	char notes[256];
	int n_parts;
	char created_by[64], created_at[20];
};

struct shipment_input {
	int64_t party_id;
	const char *date;     /* NULL: today */
	double price;         /* total; 0 with parts: the sum of their prices */
	double weight_kg;     /* material lots: required; parts: 0 sums the parts' weights */
	const char *material; /* material lots */
	const char *notes;
};

/* May this party receive this part? SY_INVALID says why. */
int shipment_check_party(const struct party *to, const struct part *p, sy_err *err);

/* Parts out: each in stock and allowed to go to this party; they become
 * sold (reuse) or shipped. One transaction, audited; fills out. */
int shipment_parts(db *d, const struct shipment_input *in, const int64_t *part_ids, int n, struct shipment *out,
		   sy_err *err);
/* A material lot weighed out, to a recycler. */
int shipment_material(db *d, const struct shipment_input *in, struct shipment *out, sy_err *err);

int shipment_get(db *d, int64_t id, struct shipment *out, sy_err *err);
int shipment_find(db *d, const char *ship_no, struct shipment *out, sy_err *err);

struct shipment_filter {
	const char *since, *until; /* dates, inclusive */
	int64_t party_id;          /* 0: all */
	const char *kind;          /* parts | material | NULL */
	int limit;                 /* 0: 100 */
};
typedef int (*shipment_cb)(const struct shipment *s, void *ctx);
/* Newest first. */
int shipment_list(db *d, const struct shipment_filter *f, shipment_cb cb, void *ctx, sy_err *err);

/* The parts flow ledger: one row per part shipped, oldest first. */
struct ledger_row {
	char shipped_on[11], ship_no[16];
	char party[128], party_kind[24], party_code[64]; /* credit code, else licence */
	char part_no[16], kind[24];
	const char *kind_name; /* in the interface language; valid during the callback */
	char kind_en[64], kind_zh[64]; /* both, for the bilingual ledger */
	int assembly;
	char vin[18], brand_model[128], dest[12];
	double weight_kg;
};
typedef int (*ledger_cb)(const struct ledger_row *r, void *ctx);
int shipment_ledger(db *d, const struct shipment_filter *f, int assemblies_only, ledger_cb cb, void *ctx, sy_err *err);

/* The part numbers a shipment carried, in the order they were added; a
 * callback's non-zero return stops the walk. */
typedef int (*shipment_part_cb)(const char *part_no, void *ctx);
int shipment_part_nos(db *d, int64_t id, shipment_part_cb cb, void *ctx, sy_err *err);

cJSON *shipment_to_json(const struct shipment *s);
/* The same with "part_nos", the parts it carried (none listed on a failure,
 * which err says). */
cJSON *shipment_to_json_with_parts(db *d, const struct shipment *s, sy_err *err);
cJSON *ledger_row_to_json(const struct ledger_row *r);
#endif
