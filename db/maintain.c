/* Search index merging, statistics and a checkpoint: see db/maintain.h. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "db/maintain.h"
#include "base/util.h"
#include "db/vehicle.h"

static const char *const fts_tables[] = {"vehicles_fts", "parts_fts"};

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int maintain_segments(db *d, const char *fts_table)
{
	int64_t n = -1;
	char *sql = xasprintf("SELECT count(DISTINCT segid) FROM \"%s_idx\"", fts_table);
	int rc = db_int64(d, NULL, &n, sql, NULL);
	free(sql);
	return rc == SY_OK ? (int)n : -1;
}

/* Merged a step at a time, each step its own short transaction, so that
 * terminals keep saving while a big index is merged. The first step's
 * negative 'merge' gathers every segment on one level and starts merging
 * that level into one segment; the later steps' positive 'merge' carry on
 * with it, at most MERGE_PAGES leaf pages a call, and merge the segments
 * check-ins add meanwhile only once a level holds several. (A negative
 * 'merge' at every step gathered those new segments too, and so started
 * the merge of the whole index over each time a terminal saved: beside a
 * writer it never ended.) 'usermerge' 2 lets a positive 'merge' carry on
 * with a merge of two segments even when two new ones wait on a lower
 * level (with FTS5's default of 4 it stopped, half done). A call that
 * changes (almost) nothing has no work left (FTS5's documented test).
 * 2,000 pages a step held the write lock for 0.45 s and more on a
 * 100,000-vehicle yard (a check-in waited up to 1.2 s, make bench); 100
 * keep a check-in beside it waiting about 6 ms (make bench,
 * maintain_beside_writer_checkin_p50). */
#define MERGE_PAGES 100
/* Between two steps the write lock is left free for a moment, so that a
 * terminal waiting to save takes it (db/db.c tries every millisecond): a
 * step that follows at once would take it back first, and a check-in
 * waited for the whole merge. */
#define YIELD_MS 5

static int merge_index(db *d, struct maintain_index *ix, sy_err *err)
{
	ix->segments_before = maintain_segments(d, ix->name);
	char *pairs = xasprintf("INSERT INTO \"%s\"(\"%s\", rank) VALUES('usermerge', 2)", ix->name, ix->name);
	char *start = xasprintf("INSERT INTO \"%s\"(\"%s\", rank) VALUES('merge', %d)", ix->name, ix->name, -MERGE_PAGES);
	char *carry_on = xasprintf("INSERT INTO \"%s\"(\"%s\", rank) VALUES('merge', %d)", ix->name, ix->name, MERGE_PAGES);
	sqlite3 *h = db_handle(d);
	int rc = SY_OK, more = ix->segments_before > 1;
	while (more && rc == SY_OK) {
		const char *sql = ix->steps == 0 ? start : carry_on;
		double t0 = now_s();
		if ((rc = db_begin(d, err)) != SY_OK)
			break;
		if (ix->steps == 0)
			rc = db_exec(d, err, pairs, NULL);
		sqlite3_int64 before = sqlite3_total_changes64(h);
		if (rc == SY_OK)
			rc = db_exec(d, err, sql, NULL);
		more = sqlite3_total_changes64(h) - before >= 2;
		rc = db_end(d, rc, err);
		double held = now_s() - t0;
		ix->steps++;
		if (held > ix->longest_step)
			ix->longest_step = held;
		if (more)
			sqlite3_sleep(YIELD_MS);
	}
	free(pairs);
	free(start);
	free(carry_on);
	ix->segments_after = maintain_segments(d, ix->name);
	return rc;
}

int maintain_run(db *d, struct maintain_info *out, sy_err *err)
{
	double t0 = now_s();
	memset(out, 0, sizeof *out);
	/* The newest vehicles into the index first, so that it holds them all. */
	int rc = db_begin(d, err);
	if (rc == SY_OK) {
		rc = vehicle_search_catch_up(d, err);
		rc = db_end(d, rc, err);
	}
	for (size_t i = 0; i < sizeof fts_tables / sizeof fts_tables[0] && rc == SY_OK; i++) {
		out->index[i].name = fts_tables[i];
		out->n++;
		rc = merge_index(d, &out->index[i], err);
	}
	if (rc == SY_OK)
		rc = db_exec(d, err, "PRAGMA optimize", NULL);
	if (rc != SY_OK)
		return rc;
	/* Fold the log into the file, so a copy of yard.db alone is complete.
	 * Busy readers only make this partial; that is not a failure. */
	db_exec(d, NULL, "PRAGMA wal_checkpoint(TRUNCATE)", NULL);
	out->seconds = now_s() - t0;
	return SY_OK;
}
