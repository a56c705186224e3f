/* Which tables a yard owns and pushes to the group's head office, and which
 * the head office owns and sends down (docs/sync.md). An allowlist: a table
 * added to the schema stays local until it is named here. */
#ifndef SY_SYNC_TABLES_H
#define SY_SYNC_TABLES_H

/* The yard's own records, in the order a first push sends them (NULL-ended). */
extern const char *const sync_owned_tables[];

/* True when changes to table are captured for the head office. */
int sync_is_owned(const char *table);

#endif
