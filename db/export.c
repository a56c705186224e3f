#include "db/export.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/csv.h"
#include "db/audit.h"
#include "base/i18n.h"
#include "base/outfile.h"
#include "base/perm.h"
#include "base/util.h"
#include "db/filing.h"
#include "db/input.h"
#include "db/photo.h"

const char *const export_entity_names[EXPORT_COUNT] = {
	"vehicles", "certificates", "assemblies", "batteries", "battery_scrapped", "battery_outbound", "photos",
};

/* A deadline of the vehicle v, from its filing (db/filing.h). */
#define FILING_COL(column, kind, name)                                                                      \
	" (SELECT " column " FROM filings f WHERE f.vehicle_id = v.id AND f.kind = '" kind "' AND f.subject = '')" \
	" AS " name

/* Column 0 is the record's id; the rest, under these names, is what is sent. */
static const char *const entity_sql[EXPORT_COUNT] = {
	[EXPORT_VEHICLES] =
		"SELECT v.id, v.stock_no, v.vin, v.plate, v.brand_model, v.vehicle_type, v.use_nature, v.power_type, v.engine_no,"
		" v.first_reg_date, v.curb_mass_kg, v.received_date, v.weighed_kg, v.battery_code, v.battery_count, v.owner_kind,"
		" v.owner_name, v.owner_id, v.police_supervised, v.vehicle_missing, v.missing_parts, v.status,"
		FILING_COL("due", "deregistration", "dereg_due") "," FILING_COL("done_on", "deregistration", "deregistered") ","
		FILING_COL("due", "battery_report", "battery_report_due") ","
		FILING_COL("done_on", "battery_report", "battery_reported") ", v.updated_at,"
		/* what the owner handed over: the deregistration needs them */
		" v.doc_registration, v.doc_licence, v.plates_returned,"
		" CASE WHEN v.vehicle_type = 'motorcycle' THEN 1 ELSE 2 END AS plates_expected, v.owner_statement,"
		" v.closed_at, v.cancelled_at, v.cancel_reason FROM vehicles v"
		/* a wrong check-in goes out only to withdraw what was sent */
		" WHERE v.status <> 'cancelled' OR EXISTS (SELECT 1 FROM exported e WHERE e.entity = 'vehicles' AND e.entity_id = v.id)"
		" ORDER BY v.id",
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
		" d.recipient_kind, d.recipient_code, d.handed_over,"
		FILING_COL("due", "battery_report", "battery_report_due") ","
		FILING_COL("done_on", "battery_report", "battery_reported")
		" FROM depollution d JOIN vehicles v ON v.id = d.vehicle_id"
		" WHERE d.step = 'traction_battery' AND d.absent = 0 ORDER BY d.id",
	/* The platform's report "vehicle scrapped": once the certificate gives
	 * the scrapping date. The pack code read at removal wins over the one
	 * typed at check-in. */
	[EXPORT_BATTERY_SCRAPPED] =
		"SELECT f.id, v.vin,"
		" (SELECT substr(min(c.issued_at), 1, 10) FROM certificates c WHERE c.vehicle_id = v.id) AS scrapped_on,"
		" coalesce(t.battery_code, v.battery_code, '') AS pack_codes,"
		" sy_battery_type(coalesce(t.battery_code, v.battery_code, '')) AS battery_type"
		" FROM filings f JOIN vehicles v ON v.id = f.vehicle_id"
		" LEFT JOIN depollution t ON t.vehicle_id = v.id AND t.step = 'traction_battery' AND t.absent = 0"
		" WHERE f.kind = 'battery_report' AND f.state <> 'withdrawn'"
		" AND EXISTS (SELECT 1 FROM certificates c WHERE c.vehicle_id = v.id) ORDER BY f.id",
	/* The platform's report "pack out of the yard". */
	[EXPORT_BATTERY_OUTBOUND] =
		"SELECT f.id, f.subject AS pack_code, t.handed_over AS outbound_on, t.recipient AS receiver,"
		" coalesce(t.recipient_code, '') AS receiver_code"
		" FROM filings f JOIN depollution t ON t.vehicle_id = f.vehicle_id AND t.step = 'traction_battery'"
		" WHERE f.kind = 'battery_outbound' AND f.state <> 'withdrawn' AND t.handed_over IS NOT NULL ORDER BY f.id",
	/* Evidence photos; the file of each goes along as photos/SHA256.jpg|png. */
	[EXPORT_PHOTOS] =
		"SELECT p.id, v.stock_no, v.vin, p.what, p.step, p.sha256, p.type, p.bytes, p.width, p.height,"
		" p.original_name, p.added_by, p.added_at,"
		" 'photos/' || p.sha256 || CASE p.type WHEN 'png' THEN '.png' ELSE '.jpg' END AS file"
		" FROM photos p JOIN vehicles v ON v.id = p.vehicle_id ORDER BY p.id",
};

/* Columns sent as a list: ';' between the items in CSV, an array in JSON. */
static int is_list_column(const char *name) { return strcmp(name, "pack_codes") == 0; }

static cJSON *list_json(const char *text)
{
	cJSON *a = cJSON_CreateArray();
	char *copy = xstrdup(text ? text : ""), *save = NULL;
	for (char *item = strtok_r(copy, ";", &save); item; item = strtok_r(NULL, ";", &save))
		cJSON_AddItemToArray(a, cJSON_CreateString(item));
	free(copy);
	return a;
}

/* sy_battery_type(CODE): the platform's words for the pack's battery type. */
static void battery_type_fn(sqlite3_context *c, int argc, sqlite3_value **argv)
{
	(void)argc;
	sqlite3_result_text(c, filing_battery_type((const char *)sqlite3_value_text(argv[0])), -1, SQLITE_STATIC);
}

static int register_functions(db *d, sy_err *err)
{
	int rc = sqlite3_create_function(db_handle(d), "sy_battery_type", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
					 battery_type_fn, NULL, NULL);
	return rc == SQLITE_OK ? SY_OK : db_fail(d, err, rc, _("reading the records to export"));
}

/* ---- one record ---- */

static cJSON *row_json(sqlite3_stmt *st)
{
	cJSON *o = cJSON_CreateObject();
	int n = sqlite3_column_count(st);
	for (int i = 1; i < n; i++) {
		const char *name = sqlite3_column_name(st, i);
		if (is_list_column(name)) {
			cJSON_AddItemToObject(o, name, list_json((const char *)sqlite3_column_text(st, i)));
			continue;
		}
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

static void csv_header(FILE *f, sqlite3_stmt *st)
{
	int n = sqlite3_column_count(st);
	for (int i = 1; i < n; i++) {
		if (i > 1)
			fputc(',', f);
		csv_write_field(f, sqlite3_column_name(st, i));
	}
	csv_write_end(f);
}

static void csv_row(FILE *f, sqlite3_stmt *st)
{
	int n = sqlite3_column_count(st);
	for (int i = 1; i < n; i++) {
		if (i > 1)
			fputc(',', f);
		csv_write_field(f, (const char *)sqlite3_column_text(st, i));
	}
	csv_write_end(f);
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

/* The folder being written: a new one made by mkdtemp inside the target
 * folder. Its files are created in it by name with O_EXCL | O_NOFOLLOW, and
 * only the names created are ever removed: nothing planted there in
 * advance (a link to another folder) is opened, emptied or deleted. */
struct out_dir {
	int parent;        /* the folder given with --out */
	int fd;            /* the export's own folder */
	char *name;        /* its name inside parent: temporary, then final */
	const char *shown; /* the folder given, for messages */
	char **created;    /* files and folders made, in order */
	int ncreated, created_cap;
	int photos_made;   /* the photos/ folder exists */
};

static void out_dir_created(struct out_dir *o, const char *name)
{
	if (o->ncreated == o->created_cap) {
		o->created_cap = o->created_cap ? 2 * o->created_cap : 16;
		o->created = xrealloc(o->created, (size_t)o->created_cap * sizeof *o->created);
	}
	o->created[o->ncreated++] = xstrdup(name);
}

/* A new file in the export's folder, open for writing. */
static FILE *create_file(struct out_dir *o, const char *name, sy_err *err)
{
	int fd = openat(o->fd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, SY_PERM_FILE);
	if (fd >= 0)
		sy_perm_fd(fd, SY_PERM_FILE);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		char *path = xasprintf("%s/%s", o->shown, name);
		file_fail(err, e, path);
		free(path);
		return NULL;
	}
	out_dir_created(o, name);
	return f;
}

static int write_json(struct out_dir *o, const char *name, cJSON *doc, sy_err *err)
{
	char *text = cJSON_Print(doc);
	if (!text)
		sy_fatal("out of memory");
	FILE *f = create_file(o, name, err);
	if (!f) {
		free(text);
		return err ? err->status : SY_ENV;
	}
	fputs(text, f);
	fputc('\n', f);
	free(text);
	return close_synced(f, name, err);
}

/* Remove what this export created, then its folder. */
static void out_dir_remove(struct out_dir *o)
{
	for (int i = o->ncreated - 1; i >= 0; i--) /* a folder after what is in it */
		if (unlinkat(o->fd, o->created[i], 0) != 0 && (errno == EISDIR || errno == EPERM))
			unlinkat(o->fd, o->created[i], AT_REMOVEDIR);
	if (o->name)
		unlinkat(o->parent, o->name, AT_REMOVEDIR);
}

static void out_dir_close(struct out_dir *o)
{
	for (int i = 0; i < o->ncreated; i++)
		free(o->created[i]);
	FREE(&o->created);
	o->ncreated = o->created_cap = 0;
	if (o->fd >= 0)
		close(o->fd);
	if (o->parent >= 0)
		close(o->parent);
	FREE(&o->name);
	o->fd = o->parent = -1;
}

/* mkdtemp inside the folder given; the new folder is the owner's and the
 * yard group's only (base/perm.h). */
static int out_dir_make(struct out_dir *o, const char *out_dir, sy_err *err)
{
	memset(o, 0, sizeof *o);
	o->fd = -1;
	o->shown = out_dir;
	o->parent = open(out_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (o->parent < 0)
		return file_fail(err, errno, out_dir);
	char *template = xasprintf("%s%s.scrapyard-export-XXXXXX", out_dir, out_dir[strlen(out_dir) - 1] == '/' ? "" : "/");
	if (!mkdtemp(template)) {
		int e = errno;
		free(template);
		return file_fail(err, e, out_dir);
	}
	o->name = xstrdup(strrchr(template, '/') + 1);
	free(template);
	o->fd = openat(o->parent, o->name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (o->fd < 0) {
		int e = errno;
		unlinkat(o->parent, o->name, AT_REMOVEDIR);
		FREE(&o->name);
		return file_fail(err, e, out_dir);
	}
	sy_perm_fd(o->fd, SY_PERM_DIR);
	return SY_OK;
}

/* Give the folder its final name: never over an existing one (two yards,
 * or two exports in the same second, each get their own). */
static int out_dir_publish(struct out_dir *o, const char *base, char *folder, size_t size, sy_err *err)
{
	const char *sep = o->shown[strlen(o->shown) - 1] == '/' ? "" : "/";
	for (int n = 1; n < 100; n++) {
		char *name = n == 1 ? xstrdup(base) : xasprintf("%s-%d", base, n);
		fsync(o->fd);
		if (renameat2(o->parent, o->name, o->parent, name, RENAME_NOREPLACE) == 0) {
			free(o->name);
			o->name = name;
			snprintf(folder, size, "%s%s%s", o->shown, sep, name);
			fsync(o->parent);
			return SY_OK;
		}
		int e = errno;
		free(name);
		if (e != EEXIST && e != ENOTEMPTY)
			return file_fail(err, e, o->shown);
	}
	return file_fail(err, EEXIST, o->shown);
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
	struct out_dir *dir;    /* NULL: count only */
	struct sent_list *sent; /* with dir: what was written */
	int count;
	int photos_missing;     /* photo rows held back: their file is missing or changed */
};

/* A photo row's file into the export's photos/ folder, made on the first
 * one. SY_INVALID when the stored file is missing or changed: the row is
 * held back, to go out once the file is restored. */
static int export_photo(db *d, struct out_dir *o, sqlite3_stmt *st, sy_err *err)
{
	const char *sha = (const char *)sqlite3_column_text(st, 5), *type = (const char *)sqlite3_column_text(st, 6);
	const char *file = (const char *)sqlite3_column_text(st, sqlite3_column_count(st) - 1);
	unsigned char *data = NULL;
	size_t len = 0;
	char *store = photo_store(d);
	int rc = photo_read_stored(store, sha ? sha : "", type ? type : "", &data, &len, err);
	free(store);
	if (rc != SY_OK)
		return rc;
	if (!o->photos_made) {
		if (sy_perm_mkdirat(o->fd, "photos") != 0) {
			free(data);
			return file_fail(err, errno, "photos");
		}
		out_dir_created(o, "photos");
		o->photos_made = 1;
	}
	FILE *f = create_file(o, file, err);
	if (!f) {
		free(data);
		return err ? err->status : SY_ENV;
	}
	fwrite(data, 1, len, f);
	free(data);
	return close_synced(f, file, err);
}

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
		csv_path = xasprintf("%s.csv", name);
		json_path = xasprintf("%s.json", name);
		if (!(csv = create_file(run->dir, csv_path, err))) {
			status = err ? err->status : SY_ENV;
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
		if (run->dir && e == EXPORT_PHOTOS && (status = export_photo(d, run->dir, st, err)) != SY_OK) {
			cJSON_Delete(row);
			if (status != SY_INVALID)
				goto done;
			status = SY_OK;
			run->photos_missing++;
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
			status = write_json(run->dir, json_path, array, err);
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
	int status = register_functions(d, err), outer = db_in_transaction(d);
	if (status != SY_OK || (!outer && (status = begin_read(d, err)) != SY_OK))
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

static int write_manifest(db *d, struct out_dir *dir, const struct export_result *r, const char *at, sy_err *err)
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
	/* The anchor: the trail's end as this export found it, kept outside
	 * the database (scrapyard audit verify --against FOLDER). */
	struct audit_head head;
	if (audit_head(d, &head, err) != SY_OK) {
		cJSON_Delete(m);
		return err ? err->status : SY_ENV;
	}
	cJSON *h = cJSON_AddObjectToObject(m, "audit_head");
	cJSON_AddNumberToObject(h, "entry", (double)head.entry);
	cJSON_AddStringToObject(h, "hash", head.hash);
	cJSON *counts = cJSON_AddObjectToObject(m, "records");
	for (int e = 0; e < EXPORT_COUNT; e++)
		cJSON_AddNumberToObject(counts, export_entity_names[e], r->counts[e]);
	cJSON_AddStringToObject(m, "note", "Records new or changed since the previous export; a changed record is sent again in full.");
	int rc = write_json(dir, "manifest.json", m, err);
	cJSON_Delete(m);
	return rc;
}

static char *counts_text(const struct export_result *r)
{
	cJSON *o = cJSON_CreateObject();
	for (int e = 0; e < EXPORT_COUNT; e++)
		cJSON_AddNumberToObject(o, export_entity_names[e], r->counts[e]);
	return input_json_text(o);
}

static int previous_export(db *d, struct export_result *r, sy_err *err)
{
	sqlite3_stmt *st = db_query(d, err, "SELECT id, at FROM exports ORDER BY id DESC LIMIT 1", NULL);
	if (!st)
		return err ? err->status : SY_ENV;
	int rc = db_step(d, err, st);
	if (rc == SQLITE_ROW) {
		r->previous_id = sqlite3_column_int64(st, 0);
		db_column_copy(r->previous_at, sizeof r->previous_at, st, 1);
	}
	db_done(d, st);
	return rc < 0 ? (err ? err->status : SY_ENV) : SY_OK;
}

static int ensure_dir(const char *dir, sy_err *err)
{
	struct stat sb;
	if (stat(dir, &sb) == 0)
		return S_ISDIR(sb.st_mode) ? SY_OK : sy_fail(err, SY_INVALID, NULL, _("%s is a file, not a folder"), dir);
	if (sy_perm_mkdir(dir) != 0)
		return file_fail(err, errno, dir);
	return SY_OK;
}

/* Pass 1, reading only: the entity files into the temporary folder. */
static int write_files(db *d, struct out_dir *tmp, struct export_result *r, struct sent_list *sent, sy_err *err)
{
	int status = register_functions(d, err);
	if (status != SY_OK || (status = begin_read(d, err)) != SY_OK)
		return status;
	for (int e = 0; e < EXPORT_COUNT && status == SY_OK; e++) {
		struct entity_run run = {.dir = tmp, .sent = sent};
		status = run_entity(d, e, &run, err);
		r->counts[e] = run.count;
		r->total += run.count;
		r->photos_missing += run.photos_missing;
	}
	end_read(d);
	return status;
}

/* Pass 2, one short write transaction: number the export, record what was
 * sent, add the manifest and move the folder into place. The versions are
 * those of the records as written, so a record changed since pass 1 differs
 * from its recorded version and goes out next time. */
static int record_export(db *d, struct out_dir *tmp, const char *at, struct export_result *r,
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
	char *base = xasprintf("scrapyard-export-%04lld-%s", (long long)r->export_id, stamp);
	status = out_dir_publish(tmp, base, r->folder, sizeof r->folder, err);
	free(base);
	if (status != SY_OK)
		goto done;
	status = db_exec(d, err, "UPDATE exports SET folder = ? WHERE id = ?", "tI", r->folder, r->export_id);
	/* on failure the caller removes the folder: not recorded, not to be uploaded */
	return db_end(d, status, err);
done:
	db_rollback(d);
	return status;
}

int export_run(db *d, const char *out_dir, struct export_result *out, sy_err *err)
{
	struct sent_list sent = {0};
	struct out_dir tmp;
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
	if ((status = out_dir_make(&tmp, out_dir, err)) != SY_OK) {
		out_dir_close(&tmp);
		return status;
	}
	status = write_files(d, &tmp, out, &sent, err);
	if (status == SY_OK && out->total == 0) {
		status = previous_export(d, out, err); /* nothing new: no folder, no record */
	} else if (status == SY_OK) {
		status = record_export(d, &tmp, at, out, &sent, err);
	}
	if (status != SY_OK || out->total == 0) {
		out_dir_remove(&tmp);
		out->export_id = 0;
	}
	if (status != SY_OK)
		out->folder[0] = '\0';
	out_dir_close(&tmp);
	free(sent.items);
	return status;
}
