/* The audit trail: an append-only, hash-chained record of every change.
 * Each row stores SHA-256(previous hash | its own fields), so editing or
 * deleting a row breaks the chain at that row.
 *
 * What the chain alone cannot show is found three more ways:
 * - replay (audit_replay): the records themselves against their trail. The
 *   latest audited state of every audited record must equal the record,
 *   every record must have its create entry, every entry's record must
 *   exist. An edit made with the sqlite3 shell shows there.
 * - anchors (struct audit_head): the chain's end, entry number and hash,
 *   goes into every export manifest, backup and printed report, outside
 *   the database; `audit verify --against` checks the entry still exists
 *   with that hash, so a chain recomputed or cut short shows.
 * - a keyed MAC (BLAKE2b over the entry's hash), when the yard keeps a key
 *   outside the database file (audit_key_create): whoever may write the
 *   file but not read the key cannot write entries that verify. */
#ifndef SY_AUDIT_H
#define SY_AUDIT_H
#include <cjson/cJSON.h>
#include <stdint.h>

#include "db/db.h"

/* Append one entry inside the caller's transaction. old/new are JSON text or NULL. */
int audit_append(db *d, sy_err *err, const char *entity, int64_t entity_id, const char *action,
		 const char *old_json, const char *new_json);

/* Walk the chain, and the keyed MACs when there is a key. Returns SY_OK when
 * intact; else SY_INVALID, *bad_id the first entry at fault, and err says
 * how. *checked counts the rows read. An empty trail is intact here: the
 * replay says whether records lack their entries. */
int audit_verify(db *d, sy_err *err, int64_t *bad_id, int64_t *checked);

/* ---- anchors ---- */

struct audit_head {
	int64_t entry;  /* 0: no entry */
	char hash[65];  /* in full; an anchor read from paper may hold a prefix (16 or more) */
};
/* The newest entry of d. */
int audit_head(db *d, struct audit_head *out, sy_err *err);
/* "entry N, hash HHHHHHHHHHHHHHHH" for a printed report (16 hex digits). */
void audit_head_text(const struct audit_head *h, char *out, size_t size);
/* Read an anchor: an export folder (its manifest.json), a backup file (the
 * newest entry in it), or "N:HASH" as printed. SY_OK or SY_INVALID. */
int audit_anchor_read(const char *where, struct audit_head *out, sy_err *err);
/* SY_OK when d's entry anchor->entry exists with that hash; else
 * SY_INVALID saying what was rewritten or cut. */
int audit_anchor_check(db *d, const struct audit_head *anchor, sy_err *err);

/* ---- the keyed MAC ---- */

/* Where the key of the database at db_path lives: DB.audit-key beside it. */
char *audit_key_path(const char *db_path);
/* Make the key (root only: the file must stay root's, readable by the
 * database's group): from the next entry on, every entry carries a MAC. */
int audit_key_create(db *d, char **path_out, sy_err *err);

/* ---- replay ---- */

/* One record that does not agree with its trail. */
struct audit_finding {
	char entity[24];
	int64_t id;      /* the record's id (0 for records keyed by a code) */
	char ref[80];    /* its number or code, as a clerk would give it */
	char field[48];  /* the field that differs, or "" */
	int64_t entry;   /* the newest audit entry of the record, or 0 */
	char what[240];  /* what is wrong, translated */
};
typedef void (*audit_finding_cb)(const struct audit_finding *f, void *ctx);

/* Replay the trail against the records of every audited table. SY_OK when
 * all agree; SY_INVALID when any does not (cb is called for each, and
 * *findings counts them); SY_ENV when the tables cannot be read.
 * *records counts the records compared. */
int audit_replay(db *d, audit_finding_cb cb, void *ctx, int64_t *records, int64_t *findings, sy_err *err);

/* The state of one record as its trail last recorded it (the entries'
 * new values merged in order), or NULL when it has no entries; *entry the
 * newest entry. The caller frees it with cJSON_Delete. */
cJSON *audit_state(db *d, const char *entity, int64_t id, int64_t *entry, sy_err *err);

/* Inside the migration's transaction: the first time a database is opened
 * by a program that replays the trail, a record it holds without any
 * audit entry (the catalogue seeded by the schema, settings written
 * before settings were audited) gets an "adopt" entry with its state, so
 * that from then on any change to it shows. Runs once: it leaves an
 * entry "database adopt". */
int audit_adopt(db *d, sy_err *err);

#endif
