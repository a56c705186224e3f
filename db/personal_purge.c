/* Erasing personal data once its retention period has passed
 * (db/personal.h). What goes: the owner's and agent's names, ID numbers,
 * phone, address and postal code in the vehicle record, its copies in the
 * certificates' snapshots, the search index and the name pairs (their
 * triggers follow the record), and the salt that opened the commitments in
 * the audit trail. What stays: the record, its numbers, its ledgers and
 * certificates, and the trail, which verifies as before. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/util.h"
#include "db/audit.h"
#include "db/personal.h"
#include "db/user.h"

#define DUE_SQL                                                                                                  \
	"SELECT v.id, v.stock_no, c.number, substr(c.issued_at, 1, 10),"                                         \
	" (SELECT count(*) FROM certificates x WHERE x.vehicle_id = v.id),"                                        \
	" v.owner_name, v.owner_id, v.owner_phone, v.owner_address, v.agent_name, v.agent_id, v.postal_code"      \
	" FROM vehicles v JOIN certificates c ON c.vehicle_id = v.id AND c.status = 'issued'"                     \
	" WHERE v.status = 'closed' AND substr(c.issued_at, 1, 10) < date(?1, '-' || ?2 || ' years')"           \
	" AND NOT EXISTS (SELECT 1 FROM personal_erasures e WHERE e.vehicle_id = v.id) ORDER BY v.id"
#define DUE_FIELD0 5 /* the column of personal_fields[0] */

/* Audit entries written before schema step 17 hold the values themselves:
 * those naming the owner's ID number or name are counted, never changed. */
static int old_entries(db *d, int64_t id, const char *owner_id, const char *owner_name)
{
	int64_t n = 0;
	db_int64(d, NULL, &n,
		 /* two lookups through audit_entity: an OR of the two would scan the trail */
		 "SELECT count(*) FROM (SELECT new, old FROM audit WHERE entity = 'vehicle' AND entity_id = ?1 UNION ALL"
		 " SELECT a.new, a.old FROM certificates c JOIN audit a ON a.entity = 'certificate' AND a.entity_id = c.id"
		 " WHERE c.vehicle_id = ?1)"
		 " WHERE instr(coalesce(new, '') || coalesce(old, ''), ?2) > 0 OR instr(coalesce(new, '') || coalesce(old, ''), ?3) > 0",
		 "Itt", id, *owner_id ? owner_id : "\x1f", *owner_name ? owner_name : "\x1f");
	return (int)n;
}

static void due_from_row(db *d, sqlite3_stmt *st, struct personal_due *p)
{
	memset(p, 0, sizeof *p);
	p->id = sqlite3_column_int64(st, 0);
	sy_strlcpy(p->stock_no, (const char *)sqlite3_column_text(st, 1), sizeof p->stock_no);
	sy_strlcpy(p->certificate, (const char *)sqlite3_column_text(st, 2), sizeof p->certificate);
	sy_strlcpy(p->issued, (const char *)sqlite3_column_text(st, 3), sizeof p->issued);
	p->certificates = sqlite3_column_int(st, 4);
	for (int i = 0; personal_fields[i]; i++) {
		const unsigned char *v = sqlite3_column_text(st, DUE_FIELD0 + i);
		if (!v || !*v)
			continue;
		size_t n = strlen(p->fields);
		snprintf(p->fields + n, sizeof p->fields - n, "%s%s", n ? ", " : "", personal_fields[i]);
	}
	const char *id_no = (const char *)sqlite3_column_text(st, DUE_FIELD0 + 1);
	const char *name = (const char *)sqlite3_column_text(st, DUE_FIELD0);
	p->old_entries = old_entries(d, p->id, id_no ? id_no : "", name ? name : "");
}

int personal_due_list(db *d, int years, personal_due_cb cb, void *ctx, sy_err *err)
{
	char today[11];
	db_today(today);
	sqlite3_stmt *st = db_query(d, err, DUE_SQL, "ti", today, years);
	if (!st)
		return err->status;
	/* gathered first: the callback may write (the purge does) */
	struct personal_due *due = NULL;
	int n = 0, rc;
	while ((rc = db_step(d, err, st)) == SQLITE_ROW) {
		due = xrealloc(due, (size_t)(n + 1) * sizeof *due);
		due_from_row(d, st, &due[n++]);
	}
	db_done(d, st);
	for (int i = 0; rc == SQLITE_DONE && i < n; i++)
		if (cb(&due[i], ctx))
			break;
	free(due);
	return rc == SQLITE_DONE ? SY_OK : err->status;
}

/* ---- erasing one vehicle ---- */

static int audit_erasure(db *d, const char *entity, int64_t id, cJSON *n, sy_err *err)
{
	char *text = cJSON_PrintUnformatted(n);
	int rc = audit_append(d, err, entity, id, "erase_personal", NULL, text);
	free(text);
	cJSON_Delete(n);
	return rc;
}

/* A certificate's snapshot without the owner's and agent's details; the
 * trail gets the digest of the snapshot as it now is. */
static int erase_snapshots(db *d, int64_t vehicle_id, struct personal_purge_info *out, sy_err *err)
{
	static const char *const members[] = {"name", "id_no", "phone", "address", "agent_name", "agent_id_no"};
	sqlite3_stmt *st = db_query(d, err, "SELECT id, snapshot FROM certificates WHERE vehicle_id = ? ORDER BY id", "I",
				    vehicle_id);
	if (!st)
		return err->status;
	int64_t ids[64];
	char *snaps[64];
	int n = 0, rc, status = SY_OK;
	while ((rc = db_step(d, err, st)) == SQLITE_ROW && n < 64) {
		ids[n] = sqlite3_column_int64(st, 0);
		snaps[n++] = xstrdup((const char *)sqlite3_column_text(st, 1));
	}
	db_done(d, st);
	if (rc < 0)
		status = err->status;
	for (int i = 0; i < n; i++) {
		cJSON *s = cJSON_Parse(snaps[i]), *owner = cJSON_GetObjectItemCaseSensitive(s, "owner");
		for (size_t m = 0; owner && m < sizeof members / sizeof members[0]; m++)
			if (cJSON_GetObjectItemCaseSensitive(owner, members[m]))
				cJSON_ReplaceItemInObjectCaseSensitive(owner, members[m], cJSON_CreateString(""));
		char *text = s ? cJSON_PrintUnformatted(s) : xstrdup(snaps[i]);
		cJSON_Delete(s);
		unsigned char digest[crypto_hash_sha256_BYTES];
		char hex[2 * crypto_hash_sha256_BYTES + 1];
		crypto_hash_sha256(digest, (const unsigned char *)text, strlen(text));
		sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
		if (status == SY_OK)
			status = db_exec(d, err, "UPDATE certificates SET snapshot = ? WHERE id = ?", "tI", text, ids[i]);
		if (status == SY_OK) {
			cJSON *j = cJSON_CreateObject();
			cJSON_AddStringToObject(j, "snapshot_sha256", hex);
			status = audit_erasure(d, "certificate", ids[i], j, err);
			out->certificates++;
		}
		free(text);
		free(snaps[i]);
	}
	return status;
}

static int erase_vehicle(db *d, const struct personal_due *p, struct personal_purge_info *out, sy_err *err)
{
	char now[20];
	db_now(now);
	/* name and ID are NOT NULL columns: emptied, as the trail's null reads */
	int rc = db_exec(d, err,
			 "UPDATE vehicles SET owner_name = '', owner_id = '', owner_phone = NULL, owner_address = NULL,"
			 " agent_name = NULL, agent_id = NULL, postal_code = NULL WHERE id = ?",
			 "I", p->id);
	if (rc == SY_OK)
		rc = db_exec(d, err, "DELETE FROM personal_salts WHERE vehicle_id = ?", "I", p->id);
	if (rc == SY_OK)
		rc = db_exec(d, err,
			     "INSERT INTO personal_erasures(vehicle_id, erased_at, erased_by, fields) VALUES (?, ?, ?, ?)",
			     "Ittt", p->id, now, db_actor(d), p->fields);
	if (rc == SY_OK) {
		cJSON *n = cJSON_CreateObject();
		for (const char *const *f = personal_fields; *f; f++)
			cJSON_AddNullToObject(n, *f);
		rc = audit_erasure(d, "vehicle", p->id, n, err);
	}
	if (rc == SY_OK)
		rc = erase_snapshots(d, p->id, out, err);
	if (rc == SY_OK) {
		out->vehicles++;
		out->old_entries += p->old_entries;
	}
	return rc;
}

struct purge_run {
	db *d;
	struct personal_purge_info *out;
	sy_err *err;
	int status;
};

static int purge_one(const struct personal_due *p, void *ctx)
{
	struct purge_run *r = ctx;
	r->status = erase_vehicle(r->d, p, r->out, r->err);
	return r->status != SY_OK;
}

/* ---- the file ---- */

/* No erased value may stay in the file: the search index merged into one
 * segment (FTS5 keeps a deleted row's terms in older segments until then),
 * the free pages dropped by VACUUM, and the write-ahead log, which holds
 * the pages as they were, folded back and cut to nothing. */
static int scrub_file(db *d, sy_err *err)
{
	int rc = db_exec(d, err, "INSERT INTO vehicles_fts(vehicles_fts) VALUES ('optimize')", NULL);
	if (rc == SY_OK)
		rc = db_exec(d, err, "PRAGMA secure_delete = ON", NULL);
	if (rc == SY_OK)
		rc = db_exec(d, err, "VACUUM", NULL);
	if (rc == SY_OK && sqlite3_wal_checkpoint_v2(db_handle(d), NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL) != SQLITE_OK)
		rc = sy_fail(err, SY_ENV, NULL,
			     _("the write-ahead log could not be folded back (another program holds the database): run the purge again when the yard is quiet"));
	return rc;
}

int personal_purge(db *d, int years, struct personal_purge_info *out, sy_err *err)
{
	memset(out, 0, sizeof *out);
	if (user_may(d, ROLE_SUPERVISOR, err) != SY_OK)
		return err->status;
	int64_t waiting = 0;
	if (db_int64(d, err, &waiting, "SELECT count(*) FROM sync_outbox", NULL) != SY_OK)
		return err->status;
	if (waiting)
		return sy_fail(err, SY_INVALID, NULL,
			       _("%lld recorded changes wait for the head office and hold the values to erase: run 'scrapyard sync' first"),
			       (long long)waiting);
	if (db_begin(d, err) != SY_OK)
		return err->status;
	struct purge_run r = {d, out, err, SY_OK};
	int rc = personal_due_list(d, years, purge_one, &r, err);
	if (rc == SY_OK)
		rc = r.status;
	if (rc != SY_OK) {
		db_rollback(d);
		memset(out, 0, sizeof *out);
		return rc;
	}
	if (db_commit(d, err) != SY_OK)
		return err->status;
	return scrub_file(d, err);
}
