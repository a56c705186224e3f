/* Which tables a yard owns and pushes to the group's head office, and which
 * the head office owns and sends down (docs/sync.md). An allowlist: a table
 * added to the schema stays local until it is named here. */
#ifndef SY_SYNC_TABLES_H
#define SY_SYNC_TABLES_H

/* The yard's own records, in the order a first push sends them (NULL-ended). */
extern const char *const sync_owned_tables[];

/* True when changes to table are captured for the head office. */
int sync_is_owned(const char *table);

/* The schema step that began the sync. */
#define SYNC_FIRST_STEP 9
/* The schema version from which an owned table's changes are captured: a
 * table owned from the start says SYNC_FIRST_STEP, one added to the
 * allowlist later the step that added it. */
int sync_owned_since(const char *table);

#endif
