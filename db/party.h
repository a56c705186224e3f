/* Parties the yard hands things to: buyers of reused parts, remanufacturers,
 * scrap metal / smelters / material recyclers, licensed hazardous waste
 * handlers, and the traction battery take-back points. One row per name and
 * kind; the kind decides what a party may receive (db/shipment.h). */
#ifndef SY_PARTY_H
#define SY_PARTY_H
#include <cjson/cJSON.h>
#include <stdint.h>

#include "db/db.h"
#include "db/vehicle.h" /* struct code_label */

/* buyer, remanufacturer, recycler, hazardous_handler, energy_recovery,
 * landfill, battery_oem, battery_echelon, battery_recycler. */
extern const struct code_label party_kinds[];

struct party {
	int64_t id;
	char name[128];
	char kind[24];
	char licence[64];     /* business or hazardous waste licence number */
	char credit_code[20]; /* unified social credit code */
	char phone[32];
	char address[256];
};

/* Validate (kind known; credit code checked; a hazardous waste handler needs
 * its licence; every kind but buyer needs a licence or a credit code) and
 * insert or update the row of this name and kind, audited. Fills p->id. */
int party_save(db *d, struct party *p, sy_err *err);
/* The same inside the caller's transaction. */
int party_save_in_transaction(db *d, struct party *p, sy_err *err);

int party_get(db *d, int64_t id, struct party *out, sy_err *err);
/* By name (trimmed, exact) and kind; kind NULL or "" accepts any kind when
 * only one party has the name, and refuses naming the kinds when several do. */
int party_find(db *d, const char *name, const char *kind, struct party *out, sy_err *err);

typedef int (*party_cb)(const struct party *p, void *ctx); /* non-zero stops */
/* Every party (of one kind when kind is given), by name. */
int party_list(db *d, const char *kind, party_cb cb, void *ctx, sy_err *err);

cJSON *party_to_json(const struct party *p);
#endif
