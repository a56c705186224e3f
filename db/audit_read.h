/* Reading the audit trail for a clerk: one record's history, the record a
 * typed number names, and entries cut off after an export included them.
 * (Writing and verifying the chain is db/audit.h.) */
#ifndef SY_AUDIT_READ_H
#define SY_AUDIT_READ_H
#include <stdint.h>

#include "db/db.h"

/* One entry as stored; the texts are valid during the callback, old_json
 * and new_json NULL where the entry has none. */
struct audit_entry {
	int64_t id, entity_id;
	const char *at, *user, *action, *old_json, *new_json, *entity;
};
/* A non-zero return stops the walk. */
typedef int (*audit_entry_cb)(const struct audit_entry *e, void *ctx);

/* The entries of one record, oldest first. A vehicle's history holds its
 * filings' and photos' entries too: what was owed and filed about it, and
 * the pictures attached. SY_OK, or an error in err. */
int audit_history(db *d, const char *entity, int64_t id, audit_entry_cb cb, void *ctx, sy_err *err);

/* The audit entity ("vehicle", "part", "certificate", "shipment", "waste",
 * "user") of the record a clerk names by ref (stock, part, certificate or
 * shipment number, container code, user name), and its id; NULL when no
 * record has it. entity limits the search to one kind; NULL: any. */
const char *audit_find_ref(db *d, const char *entity, const char *ref, int64_t *id);

/* 1 when an export included entries the trail no longer has: *last is the
 * trail's newest entry, *exported the newest an export included. 0 when
 * nothing was cut (or it cannot be read: the chain check says so). */
int audit_cut_after_export(db *d, int64_t *last, int64_t *exported);

#endif
