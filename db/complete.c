/* Numbers for the shell's completion: a quick read-only look, no migration,
 * no waiting on a writer for more than a moment. */
#include "db/complete.h"

#include <sqlite3.h>
#include <stddef.h>

int db_complete(const char *path, enum db_complete_what what, const char *prefix, int limit,
		void (*each)(const char *number, void *ctx), void *ctx)
{
	static const char *const sql[] = {
		[DB_COMPLETE_VEHICLE] = "SELECT stock_no FROM vehicles WHERE substr(stock_no, 1, length(?1)) = ?1"
					" ORDER BY id DESC LIMIT ?2",
		[DB_COMPLETE_CERT] = "SELECT number FROM certificates WHERE substr(number, 1, length(?1)) = ?1"
				     " ORDER BY id DESC LIMIT ?2",
	};
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	int n = 0;
	if (!path || sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOFOLLOW, NULL) != SQLITE_OK)
		goto out;
	sqlite3_busy_timeout(h, 200);
	if (sqlite3_prepare_v2(h, sql[what], -1, &st, NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_text(st, 1, prefix ? prefix : "", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, limit);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *number = (const char *)sqlite3_column_text(st, 0);
		if (number) {
			each(number, ctx);
			n++;
		}
	}
out:
	sqlite3_finalize(st);
	sqlite3_close(h);
	return n;
}
