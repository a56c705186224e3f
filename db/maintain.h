/* Housekeeping a yard runs now and then (nightly, or after a big import):
 * each search index merged into one segment, the planner's statistics
 * refreshed, the write-ahead log folded back into the database file. */
#ifndef SY_MAINTAIN_H
#define SY_MAINTAIN_H
#include "db/db.h"
#include "base/err.h"

struct maintain_index {
	const char *name;        /* vehicles_fts, parts_fts */
	int segments_before;     /* FTS5 segments: each one a search has to read */
	int segments_after;
	int steps;               /* merge steps, each its own transaction */
	double longest_step;     /* seconds the longest of them held the write lock */
};

struct maintain_info {
	struct maintain_index index[2];
	int n;
	double seconds;
};

/* Number of segments of one FTS5 index (its %_idx table), -1 if unknown. */
int maintain_segments(db *d, const char *fts_table);
int maintain_run(db *d, struct maintain_info *out, sy_err *err);
#endif
