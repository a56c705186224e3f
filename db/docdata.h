/* Records the printed documents need that no other module lists: the
 * traction battery ledger over a period. Numbers only; forms/ draws them. */
#ifndef SY_DOCDATA_H
#define SY_DOCDATA_H
#include <stdint.h>

#include "db/db.h"

/* One traction battery pack removed, and where it went. */
struct docdata_battery {
	char removed[11];     /* date removed from the vehicle */
	char stock_no[16], vin[18];
	char battery_code[25];
	char brand_model[128]; /* of the vehicle */
	int count;             /* packs */
	double mass_kg;        /* 0: not weighed */
	char recipient[128], recipient_kind[12], recipient_code[20];
	char handed_over[11];
	char reported[11];     /* reported to the traceability platform, or "" */
};
typedef int (*docdata_battery_cb)(const struct docdata_battery *b, void *ctx); /* non-zero stops */
/* Packs removed from `from` to `to` (dates, inclusive; "" open), oldest first. */
int docdata_batteries(db *d, const char *from, const char *to, docdata_battery_cb cb, void *ctx, sy_err *err);
#endif
