/* Group-wide questions asked of the head office while online: vehicles and
 * parts of every yard found by fragment (pg_trgm), and each yard's figures.
 * Other yards' records show no owner's personal data. */
#ifndef SY_SYNC_GROUP_H
#define SY_SYNC_GROUP_H
#include "db/pg.h"

struct group_vehicle {
	char yard[160], stock_no[32], vin[32], plate[32], brand_model[128], status[16], received_date[16];
};
typedef int (*group_vehicle_fn)(const struct group_vehicle *v, void *ctx);
/* Newest first; text of at least 3 characters (a trigram). At most
 * GROUP_CANDIDATES matches are read and sorted: *more is set when the text
 * matched more than that (the newest of those found are shown; more
 * characters narrow it). */
#define GROUP_CANDIDATES 200
int group_vehicle_search(pg *p, const char *text, int limit, group_vehicle_fn fn, void *ctx, int *more, sy_err *err);

struct group_part {
	char yard[160], yard_phone[64], part_no[32], kind[32], kind_en[128], kind_zh[128], grade[4], status[16],
		location[64], vin[32], brand_model[128];
	double price, weight_kg; /* 0: not known */
};
typedef int (*group_part_fn)(const struct group_part *p, void *ctx);
/* By part number, kind (code or name) or source VIN; status NULL means in stock. */
int group_part_search(pg *p, const char *text, const char *status, int limit, group_part_fn fn, void *ctx, int *more,
		      sy_err *err);

struct group_ops {
	char yard[160], licence_no[64], pushed_at[20];
	long long intake, certificates, parts_harvested, parts_out, parts_in_stock;
	double waste_kg, material_out_kg;
};
typedef int (*group_ops_fn)(const struct group_ops *o, void *ctx);
int group_operations(pg *p, const char *from, const char *to, group_ops_fn fn, void *ctx, sy_err *err);

#endif
