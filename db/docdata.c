/* Queries for printed documents: see db/docdata.h. */
#include "db/docdata.h"

#include <string.h>

#include "base/util.h"

int docdata_batteries(db *d, const char *from, const char *to, docdata_battery_cb cb, void *ctx, sy_err *err)
{
	/* the pack's removal, and its hand-over recorded as a step of its own */
	sqlite3_stmt *st = db_query(d, err,
				    "SELECT substr(t.done_at, 1, 10), v.stock_no, v.vin, coalesce(t.battery_code, v.battery_code, ''),"
				    " coalesce(v.brand_model, ''), coalesce(v.battery_count, 1), coalesce(t.qty, 0),"
				    " coalesce(h.recipient, ''), coalesce(h.recipient_kind, ''), coalesce(h.recipient_code, ''),"
				    " coalesce(h.handed_over, ''), coalesce(f.done_on, '')"
				    " FROM depollution t JOIN vehicles v ON v.id = t.vehicle_id"
				    " LEFT JOIN filings f ON f.vehicle_id = t.vehicle_id AND f.kind = 'battery_report' AND f.subject = ''"
				    " LEFT JOIN depollution h ON h.vehicle_id = t.vehicle_id AND h.step = 'battery_handover' AND h.absent = 0"
				    " WHERE t.step = 'traction_battery' AND t.absent = 0"
				    " AND (?1 = '' OR substr(t.done_at, 1, 10) >= ?1) AND (?2 = '' OR substr(t.done_at, 1, 10) <= ?2)"
				    " ORDER BY t.done_at, t.id",
				    "tt", from ? from : "", to ? to : "");
	if (!st)
		return err->status;
	int rc;
	while ((rc = db_step(d, err, st)) == SQLITE_ROW) {
		struct docdata_battery b;
		memset(&b, 0, sizeof b);
		db_column_copy(b.removed, sizeof b.removed, st, 0);
		db_column_copy(b.stock_no, sizeof b.stock_no, st, 1);
		db_column_copy(b.vin, sizeof b.vin, st, 2);
		db_column_copy(b.battery_code, sizeof b.battery_code, st, 3);
		db_column_copy(b.brand_model, sizeof b.brand_model, st, 4);
		b.count = sqlite3_column_int(st, 5);
		b.mass_kg = sqlite3_column_double(st, 6);
		db_column_copy(b.recipient, sizeof b.recipient, st, 7);
		db_column_copy(b.recipient_kind, sizeof b.recipient_kind, st, 8);
		db_column_copy(b.recipient_code, sizeof b.recipient_code, st, 9);
		db_column_copy(b.handed_over, sizeof b.handed_over, st, 10);
		db_column_copy(b.reported, sizeof b.reported, st, 11);
		if (cb(&b, ctx))
			break;
	}
	db_done(d, st);
	return rc < 0 ? err->status : SY_OK;
}
