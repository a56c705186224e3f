#include "db/export.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/util.h"

const char *const export_entity_names[EXPORT_COUNT] = {"vehicles", "certificates", "assemblies", "batteries"};

/* Column 0 is the record's id; the rest, under these names, is what is sent. */
static const char *const entity_sql[EXPORT_COUNT] = {
	[EXPORT_VEHICLES] =
		"SELECT id, stock_no, vin, plate, brand_model, vehicle_type, use_nature, power_type, engine_no,"
		" first_reg_date, curb_mass_kg, received_date, weighed_kg, battery_code, battery_count, owner_kind,"
		" owner_name, owner_id, police_supervised, vehicle_missing, missing_parts, status, dereg_due,"
		" deregistered, battery_report_due, battery_reported, updated_at,"
		/* what the owner handed over: the deregistration needs them */
		" doc_registration, doc_licence, plates_returned,"
		" CASE WHEN vehicle_type = 'motorcycle' THEN 1 ELSE 2 END AS plates_expected, owner_statement,"
		" closed_at, cancelled_at, cancel_reason FROM vehicles"
		/* a wrong check-in goes out only to withdraw what was sent */
		" WHERE status <> 'cancelled' OR EXISTS (SELECT 1 FROM exported e WHERE e.entity = 'vehicles' AND e.entity_id = vehicles.id)"
		" ORDER BY id",
	[EXPORT_CERTIFICATES] =
		"SELECT c.id, c.number, v.stock_no, v.vin, v.plate, c.issued_at, c.issued_by, c.status, c.void_reason,"
		" c.voided_at, c.replaces FROM certificates c JOIN vehicles v ON v.id = c.vehicle_id ORDER BY c.id",
	/* The parts ledger of the five major assemblies: where each went. */
	[EXPORT_ASSEMBLIES] =
		"SELECT p.id, p.part_no, p.kind, k.name_zh AS kind_name, v.stock_no, v.vin, p.dest, p.status,"
		" p.weight_kg, p.created_at AS removed_at, s.ship_no, s.shipped_on, pt.name AS recipient,"
		" pt.kind AS recipient_kind, pt.licence AS recipient_licence, pt.credit_code AS recipient_credit_code"
		" FROM parts p JOIN part_kinds k ON k.code = p.kind JOIN vehicles v ON v.id = p.vehicle_id"
		" LEFT JOIN shipments s ON s.id = p.shipment_id LEFT JOIN parties pt ON pt.id = s.party_id"
		" WHERE k.assembly = 1 ORDER BY p.id",
	/* Traction batteries removed, and where each pack went. */
	[EXPORT_BATTERIES] =
		"SELECT d.id, v.stock_no, v.vin, coalesce(d.battery_code, v.battery_code) AS battery_code,"
		" v.battery_count, d.qty AS mass_kg, d.done_at AS removed_at, d.detail AS state, d.recipient,"
		" d.recipient_kind, d.recipient_code, d.handed_over, v.battery_report_due, v.battery_reported"
		" FROM depollution d JOIN vehicles v ON v.id = d.vehicle_id"
		" WHERE d.step = 'traction_battery' AND d.absent = 0 ORDER BY d.id",
};

/* ---- one record ---- */

static cJSON *row_json(sqlite3_stmt *st)
{
	cJSON *o = cJSON_CreateObject();
	int n = sqlite3_column_count(st);
	for (int i = 1; i < n; i++) {
		const char *name = sqlite3_column_name(st, i);
		switch (sqlite3_column_type(st, i)) {
		case SQLITE_NULL: cJSON_AddNullToObject(o, name); break;
		case SQLITE_INTEGER: cJSON_AddNumberToObject(o, name, (double)sqlite3_column_int64(st, i)); break;
		case SQLITE_FLOAT: cJSON_AddNumberToObject(o, name, sqlite3_column_double(st, i)); break;
		default: cJSON_AddStringToObject(o, name, (const char *)sqlite3_column_text(st, i)); break;
		}
	}
	return o;
}

/* The version of a record: a hash of the fields sent. */
static void row_version(cJSON *row, char out[33])
{
	unsigned char h[16];
	char *text = cJSON_PrintUnformatted(row);
	if (!text)
		sy_fatal("out of memory");
	crypto_generichash(h, sizeof h, (const unsigned char *)text, strlen(text), NULL, 0);
	sodium_bin2hex(out, 33, h, sizeof h);
	free(text);
}

static int already_sent(db *d, const char *entity, int64_t id, const char *version, int *sent, sy_err *err)
{
	sy_err local = {0}; /* db_text's NULL means no row, unless this is set */
	char *last = db_text(d, &local,
			     "SELECT version FROM exported WHERE entity = ? AND entity_id = ? ORDER BY export_id DESC LIMIT 1",
			     "tI", entity, id);
	*sent = last && strcmp(last, version) == 0;
	free(last);
	if (local.status && err)
		*err = local;
	return local.status;
}

/* ---- files ---- */

static void csv_field(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void csv_header(FILE *f, sqlite3_stmt *st)
{
	int n = sqlite3_column_count(st);
	for (int i = 1; i < n; i++) {
		if (i > 1)
			fputc(',', f);
		csv_field(f, sqlite3_column_name(st, i));
	}
	fputs("\r\n", f);
}

static void csv_row(FILE *f, sqlite3_stmt *st)
{
	int n = sqlite3_column_count(st);
	for (int i = 1; i < n; i++) {
		if (i > 1)
			fputc(',', f);
		const char *t = (const char *)sqlite3_column_text(st, i);
		csv_field(f, t ? t : "");
	}
	fputs("\r\n", f);
}

static int file_fail(sy_err *err, int e, const char *path)
{
	switch (e) {
	case ENOSPC:
	case EDQUOT:
		return sy_fail(err, SY_ENV, NULL, _("no space left for %s: free some space or use another USB stick; nothing was marked as exported"), path);
	case EROFS:
		return sy_fail(err, SY_ENV, NULL, _("%s is on a read-only disk: check the USB stick's write-protect switch; nothing was marked as exported"), path);
	case ENOENT:
		return sy_fail(err, SY_ENV, NULL, _("the folder for %s does not exist: is the USB stick plugged in and mounted?"), path);
	default:
		return sy_fail(err, SY_ENV, NULL, _("cannot write %s: %s; nothing was marked as exported"), path, strerror(e));
	}
}

/* Close a file after flushing it to the device. */
static int close_synced(FILE *f, const char *path, sy_err *err)
{
	int bad = fflush(f) != 0 || fsync(fileno(f)) != 0 || ferror(f);
	int e = errno;
	if (fclose(f) != 0 && !bad) {
		bad = 1;
		e = errno;
	}
	return bad ? file_fail(err, e ? e : EIO, path) : SY_OK;
}

static int write_json(const char *path, cJSON *doc, sy_err *err)
{
	char *text = cJSON_Print(doc);
	if (!text)
		sy_fatal("out of memory");
	FILE *f = fopen(path, "w");
	if (!f) {
		free(text);
		return file_fail(err, errno, path);
	}
	fputs(text, f);
	fputc('\n', f);
	free(text);
	return close_synced(f, path, err);
}

static void remove_tree(const char *dir)
{
	DIR *dh = opendir(dir);
	if (!dh)
		return;
	struct dirent *e;
	while ((e = readdir(dh))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char *p = xasprintf("%s/%s", dir, e->d_name);
		unlink(p);
		free(p);
	}
	closedir(dh);
	rmdir(dir);
}

static void sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* ---- one entity ---- */

/* What a pass sent: recorded in the exported table afterwards. */
struct sent {
	enum export_entity entity;
	int64_t id;
	char version[33];
};
struct sent_list {
	struct sent *items;
	size_t n, cap;
};

static void sent_add(struct sent_list *l, enum export_entity e, int64_t id, const char *version)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 256;
		l->items = xrealloc(l->items, l->cap * sizeof *l->items);
	}
	struct sent *s = &l->items[l->n++];
	s->entity = e;
	s->id = id;
	memcpy(s->version, version, sizeof s->version);
}

struct entity_run {
	const char *dir;        /* NULL: count only */
	struct sent_list *sent; /* with dir: what was written */
	int count;
};

static int run_entity(db *d, enum export_entity e, struct entity_run *run, sy_err *err)
{
	const char *name = export_entity_names[e];
	FILE *csv = NULL;
	char *csv_path = NULL, *json_path = NULL;
	cJSON *array = cJSON_CreateArray();
	int status = SY_OK, rc;
	sqlite3_stmt *st = db_query(d, err, entity_sql[e], NULL);
	if (!st) {
		cJSON_Delete(array);
		return err ? err->status : SY_ENV;
	}
	if (run->dir) {
		csv_path = xasprintf("%s/%s.csv", run->dir, name);
		json_path = xasprintf("%s/%s.json", run->dir, name);
		if (!(csv = fopen(csv_path, "w"))) {
			status = file_fail(err, errno, csv_path);
			goto done;
		}
		csv_header(csv, st);
	}
	while ((rc = db_step(d, err, st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		cJSON *row = row_json(st);
		char version[33];
		int sent = 0;
		row_version(row, version);
		if ((status = already_sent(d, name, id, version, &sent, err)) != SY_OK) {
			cJSON_Delete(row);
			goto done;
		}
		if (sent) {
			cJSON_Delete(row);
			continue;
		}
		run->count++;
		if (!run->dir) {
			cJSON_Delete(row);
			continue;
		}
		cJSON_AddItemToArray(array, row);
		csv_row(csv, st);
		sent_add(run->sent, e, id, version);
	}
	if (rc != SQLITE_DONE) {
		status = err ? err->status : SY_ENV;
		goto done;
	}
	if (csv) {
		status = close_synced(csv, csv_path, err);
		csv = NULL;
		if (status == SY_OK)
			status = write_json(json_path, array, err);
	}
done:
	db_done(d, st);
	if (csv)
		fclose(csv);
	cJSON_Delete(array);
	free(csv_path);
	free(json_path);
	return status;
}

/* A read transaction: one consistent snapshot, which in WAL mode holds up
 * no terminal however long the files take to write. */
static int begin_read(db *d, sy_err *err)
{
	int rc = sqlite3_exec(db_handle(d), "BEGIN DEFERRED; SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
	return rc == SQLITE_OK ? SY_OK : db_fail(d, err, rc, _("reading the records to export"));
}

static void end_read(db *d) { sqlite3_exec(db_handle(d), "COMMIT", NULL, NULL, NULL); }

int export_pending(db *d, int counts[EXPORT_COUNT], sy_err *err)
{
	int status = SY_OK, outer = db_in_transaction(d);
	if (!outer && (status = begin_read(d, err)) != SY_OK)
		return status;
	for (int e = 0; e < EXPORT_COUNT && status == SY_OK; e++) {
		struct entity_run run = {0};
		status = run_entity(d, e, &run, err);
		counts[e] = run.count;
	}
	if (!outer)
		end_read(d);
	return status;
}

/* ---- the export ---- */

static int write_manifest(db *d, const char *dir, const struct export_result *r, const char *at, sy_err *err)
{
	cJSON *m = cJSON_CreateObject();
	cJSON_AddNumberToObject(m, "export_id", (double)r->export_id);
	cJSON_AddStringToObject(m, "at", at);
	cJSON_AddStringToObject(m, "by", db_actor(d));
	char *yard = db_text(d, NULL, "SELECT name FROM site WHERE id = 1", NULL);
	char *licence = db_text(d, NULL, "SELECT license_no FROM site WHERE id = 1", NULL);
	cJSON_AddStringToObject(m, "yard", yard ? yard : "");
	cJSON_AddStringToObject(m, "licence_no", licence ? licence : "");
	free(yard);
	free(licence);
	if (r->previous_id) {
		cJSON_AddNumberToObject(m, "previous_export_id", (double)r->previous_id);
		cJSON_AddStringToObject(m, "previous_export_at", r->previous_at);
	}
	cJSON *counts = cJSON_AddObjectToObject(m, "records");
	for (int e = 0; e < EXPORT_COUNT; e++)
		cJSON_AddNumberToObject(counts, export_entity_names[e], r->counts[e]);
	cJSON_AddStringToObject(m, "note", "Records new or changed since the previous export; a changed record is sent again in full.");
	char *path = xasprintf("%s/manifest.json", dir);
	int rc = write_json(path, m, err);
	free(path);
	cJSON_Delete(m);
	return rc;
}

static char *counts_text(const struct export_result *r)
{
	return xasprintf("{\"vehicles\":%d,\"certificates\":%d,\"assemblies\":%d,\"batteries\":%d}", r->counts[0],
			 r->counts[1], r->counts[2], r->counts[3]);
}

static int previous_export(db *d, struct export_result *r, sy_err *err)
{
	sqlite3_stmt *st = db_query(d, err, "SELECT id, at FROM exports ORDER BY id DESC LIMIT 1", NULL);
	if (!st)
		return err ? err->status : SY_ENV;
	int rc = db_step(d, err, st);
	if (rc == SQLITE_ROW) {
		r->previous_id = sqlite3_column_int64(st, 0);
		sy_strlcpy(r->previous_at, (const char *)sqlite3_column_text(st, 1), sizeof r->previous_at);
	}
	db_done(d, st);
	return rc < 0 ? (err ? err->status : SY_ENV) : SY_OK;
}

static int ensure_dir(const char *dir, sy_err *err)
{
	struct stat sb;
	if (stat(dir, &sb) == 0)
		return S_ISDIR(sb.st_mode) ? SY_OK : sy_fail(err, SY_INVALID, NULL, _("%s is a file, not a folder"), dir);
	if (mkdir(dir, 0755) != 0)
		return file_fail(err, errno, dir);
	return SY_OK;
}

/* Pass 1, reading only: the entity files into the temporary folder. */
static int write_files(db *d, const char *tmp, struct export_result *r, struct sent_list *sent, sy_err *err)
{
	int status = begin_read(d, err);
	if (status != SY_OK)
		return status;
	if (mkdir(tmp, 0755) != 0)
		status = file_fail(err, errno, tmp);
	for (int e = 0; e < EXPORT_COUNT && status == SY_OK; e++) {
		struct entity_run run = {.dir = tmp, .sent = sent};
		status = run_entity(d, e, &run, err);
		r->counts[e] = run.count;
		r->total += run.count;
	}
	end_read(d);
	return status;
}

/* Pass 2, one short write transaction: number the export, record what was
 * sent, add the manifest and move the folder into place. The versions are
 * those of the records as written, so a record changed since pass 1 differs
 * from its recorded version and goes out next time. */
static int record_export(db *d, const char *out_dir, const char *tmp, const char *at, struct export_result *r,
			 const struct sent_list *sent, sy_err *err)
{
	char stamp[16];
	int64_t upto = 0;
	int status = db_begin(d, err);
	if (status != SY_OK)
		return status;
	snprintf(stamp, sizeof stamp, "%.4s%.2s%.2s-%.2s%.2s%.2s", at, at + 5, at + 8, at + 11, at + 14, at + 17);
	if ((status = previous_export(d, r, err)) != SY_OK)
		goto done;
	db_int64(d, NULL, &upto, "SELECT coalesce(max(id), 0) FROM audit", NULL);
	char *counts = counts_text(r);
	status = db_exec(d, err, "INSERT INTO exports(at, by, folder, upto_audit, counts) VALUES (?, ?, '', ?, ?)", "ttIt",
			 at, db_actor(d), upto, counts);
	free(counts);
	if (status != SY_OK)
		goto done;
	r->export_id = db_last_id(d);
	for (size_t i = 0; i < sent->n && status == SY_OK; i++)
		status = db_exec(d, err,
				 "INSERT INTO exported(entity, entity_id, version, export_id) VALUES (?, ?, ?, ?)"
				 " ON CONFLICT(entity, entity_id, version) DO UPDATE SET export_id = excluded.export_id",
				 "tItI", export_entity_names[sent->items[i].entity], sent->items[i].id,
				 sent->items[i].version, r->export_id);
	if (status != SY_OK || (status = write_manifest(d, tmp, r, at, err)) != SY_OK)
		goto done;
	snprintf(r->folder, sizeof r->folder, "%s%sscrapyard-export-%04lld-%s", out_dir,
		 out_dir[strlen(out_dir) - 1] == '/' ? "" : "/", (long long)r->export_id, stamp);
	sync_dir(tmp);
	if (rename(tmp, r->folder) != 0) {
		status = file_fail(err, errno, r->folder);
		goto done;
	}
	sync_dir(out_dir);
	status = db_exec(d, err, "UPDATE exports SET folder = ? WHERE id = ?", "tI", r->folder, r->export_id);
	if (status == SY_OK)
		status = db_commit(d, err); /* rolls back by itself when it fails */
	else
		db_rollback(d);
	if (status != SY_OK)
		remove_tree(r->folder); /* not recorded: not to be uploaded either */
	return status;
done:
	db_rollback(d);
	return status;
}

int export_run(db *d, const char *out_dir, struct export_result *out, sy_err *err)
{
	struct sent_list sent = {0};
	char at[20];
	memset(out, 0, sizeof *out);
	if (!out_dir || !*out_dir)
		return sy_fail(err, SY_INVALID, "out", _("give the folder to export into with --out"));
	if (db_in_transaction(d))
		return sy_fail(err, SY_ENV, NULL, _("an export cannot start in the middle of a change"));
	int status = ensure_dir(out_dir, err);
	if (status != SY_OK)
		return status;
	db_now(at);
	char *tmp = xasprintf("%s%sscrapyard-export.tmp-%ld", out_dir, out_dir[strlen(out_dir) - 1] == '/' ? "" : "/",
			      (long)getpid());
	remove_tree(tmp);
	status = write_files(d, tmp, out, &sent, err);
	if (status == SY_OK && out->total == 0) {
		status = previous_export(d, out, err); /* nothing new: no folder, no record */
	} else if (status == SY_OK) {
		status = record_export(d, out_dir, tmp, at, out, &sent, err);
	}
	if (status != SY_OK || out->total == 0) {
		remove_tree(tmp);
		out->export_id = 0;
	}
	if (status != SY_OK)
		out->folder[0] = '\0';
	free(sent.items);
	free(tmp);
	return status;
}
