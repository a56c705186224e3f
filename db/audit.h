/* The audit trail: an append-only, hash-chained record of every change.
 * Each row stores SHA-256(previous hash | its own fields), so editing or
 * deleting a row breaks the chain at that row. */
#ifndef SY_AUDIT_H
#define SY_AUDIT_H
#include <stdint.h>

#include "db/db.h"

/* Append one entry inside the caller's transaction. old/new are JSON text or NULL. */
int audit_append(db *d, sy_err *err, const char *entity, int64_t entity_id, const char *action,
		 const char *old_json, const char *new_json);

/* Walk the chain. Returns SY_OK when intact; else SY_INVALID, *bad_id the first
 * entry whose link is broken, and err says how. *checked counts the rows read. */
int audit_verify(db *d, sy_err *err, int64_t *bad_id, int64_t *checked);

#endif
