/* Evidence photos: see db/photo.h. */
#include "db/photo.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/image.h"
#include "base/perm.h"
#include "base/util.h"
#include "db/audit.h"
#include "db/depollution.h"
#include "db/input.h"

const struct code_label photo_kinds[] = {
	{"entry", "Vehicle on entry", "进场车辆"},
	{"rubbing", "Rubbing of VIN and engine number", "车架号及发动机号拓印"},
	{"cut", "Vehicle after cutting", "切割解体后车辆"},
	{"battery", "Traction battery removed", "拆下的动力蓄电池"},
	{"other", "Other", "其他"},
	{0},
};

/* ---- the store ---- */

char *photo_store(db *d)
{
	char *copy = xstrdup(db_path(d));
	char *dir = xasprintf("%s/photos", dirname(copy));
	free(copy);
	return dir;
}

char *photo_path(const char *store, const char *sha256, const char *type)
{
	return xasprintf("%s/%.2s/%s%s", store, sha256, sha256, image_extension(image_type_from_name(type)));
}

static void hash_hex(const unsigned char *data, size_t len, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, data, len);
	sodium_bin2hex(out, 65, h, sizeof h);
}

/* A whole regular file of at most max bytes into memory. SY_INVALID with
 * the reason (missing, a folder, too big, unreadable) for what; errno kept. */
static int read_file(const char *path, size_t max, unsigned char **data, size_t *len, sy_err *err)
{
	*data = NULL;
	*len = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return sy_fail(err, SY_INVALID, "file", errno == ENOENT ? _("there is no file %s") : _("cannot read %s: %s"),
			       path, strerror(errno));
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return sy_fail(err, SY_INVALID, "file", _("%s is not a file"), path);
	}
	if ((unsigned long long)st.st_size > max) {
		close(fd);
		return sy_fail(err, SY_INVALID, "file", _("%s is %.1f MB: a photo may be at most %zu MB (save it smaller)"), path,
			       (double)st.st_size / (1024.0 * 1024.0), max / (1024 * 1024));
	}
	unsigned char *buf = xmalloc((size_t)st.st_size + 1);
	size_t got = 0;
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);
		if (n <= 0) {
			int e = n < 0 ? errno : EIO;
			close(fd);
			free(buf);
			return sy_fail(err, SY_INVALID, "file", _("cannot read %s: %s"), path, strerror(e));
		}
		got += (size_t)n;
	}
	close(fd);
	*data = buf;
	*len = got;
	return SY_OK;
}

static void sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

static int make_dir(const char *dir, sy_err *err)
{
	if (sy_perm_mkdir(dir) == 0)
		return SY_OK;
	return sy_fail(err, SY_ENV, NULL, _("cannot make the photo folder %s: %s"), dir, strerror(errno));
}

/* Is the file at path there with exactly this hash? */
static int file_has_hash(const char *path, const char *sha256)
{
	unsigned char *data;
	size_t len;
	char hex[65];
	if (read_file(path, (size_t)IMAGE_MAX_BYTES, &data, &len, NULL) != SY_OK)
		return 0;
	hash_hex(data, len, hex);
	free(data);
	return strcmp(hex, sha256) == 0;
}

/* Write data into a new file at tmp, flushed to the disk; errno on failure. */
static int write_new(const char *tmp, const unsigned char *data, size_t len)
{
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0440);
	if (fd < 0)
		return -1;
	sy_perm_fd(fd, 0440); /* evidence: read-only, the owner and the yard's group */
	size_t put = 0;
	while (put < len) {
		ssize_t n = write(fd, data + put, len - put);
		if (n <= 0) {
			int e = n < 0 ? errno : ENOSPC;
			close(fd);
			errno = e;
			return -1;
		}
		put += (size_t)n;
	}
	if (fsync(fd) != 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return close(fd);
}

/* Keep data under its hash in a store folder: written beside, flushed,
 * renamed into place, read-only. A file already there and whole is kept;
 * one that is not (damaged) is replaced by the right bytes. */
static int store_put(const char *store, const char *sha256, const char *type, const unsigned char *data, size_t len,
		     int *written, sy_err *err)
{
	char *path = photo_path(store, sha256, type), *sub = xasprintf("%s/%.2s", store, sha256), *tmp = NULL;
	int rc = SY_OK;
	*written = 0;
	if (file_has_hash(path, sha256))
		goto done;
	if ((rc = make_dir(store, err)) != SY_OK || (rc = make_dir(sub, err)) != SY_OK)
		goto done;
	tmp = xasprintf("%s.tmp-%ld", path, (long)getpid());
	if (write_new(tmp, data, len) != 0 || rename(tmp, path) != 0) {
		int e = errno;
		unlink(tmp);
		rc = sy_fail(err, SY_ENV, NULL,
			     e == ENOSPC ? _("no space left for the photo in %s: free some space") : _("cannot write the photo into %s: %s"),
			     store, strerror(e));
		goto done;
	}
	sync_dir(sub);
	*written = 1;
done:
	free(path);
	free(sub);
	free(tmp);
	return rc;
}

/* ---- rows ---- */

#define PHOTO_COLUMNS                                                                                   \
	"p.id, p.vehicle_id, v.stock_no, v.vin, p.what, p.step, p.sha256, p.type, p.bytes, p.width, p.height," \
	" p.original_name, p.added_by, p.added_at"
#define PHOTO_FROM " FROM photos p JOIN vehicles v ON v.id = p.vehicle_id"

static void from_row(sqlite3_stmt *st, struct photo *p)
{
	memset(p, 0, sizeof *p);
	p->id = sqlite3_column_int64(st, 0);
	p->vehicle_id = sqlite3_column_int64(st, 1);
	db_column_copy(p->stock_no, sizeof p->stock_no, st, 2);
	db_column_copy(p->vin, sizeof p->vin, st, 3);
	db_column_copy(p->what, sizeof p->what, st, 4);
	db_column_copy(p->step, sizeof p->step, st, 5);
	db_column_copy(p->sha256, sizeof p->sha256, st, 6);
	db_column_copy(p->type, sizeof p->type, st, 7);
	p->bytes = sqlite3_column_int64(st, 8);
	p->width = sqlite3_column_int(st, 9);
	p->height = sqlite3_column_int(st, 10);
	db_column_copy(p->original_name, sizeof p->original_name, st, 11);
	db_column_copy(p->added_by, sizeof p->added_by, st, 12);
	db_column_copy(p->added_at, sizeof p->added_at, st, 13);
}

int photo_get(db *d, int64_t id, struct photo *out, sy_err *err)
{
	sqlite3_stmt *st = db_query(d, err, "SELECT " PHOTO_COLUMNS PHOTO_FROM " WHERE p.id = ?", "I", id);
	if (!st)
		return err ? err->status : SY_ENV;
	int rc = db_step(d, err, st);
	if (rc == SQLITE_ROW)
		from_row(st, out);
	db_done(d, st);
	if (rc == SQLITE_DONE)
		return sy_fail(err, SY_INVALID, "id", _("no photo %lld"), (long long)id);
	return rc == SQLITE_ROW ? SY_OK : (err ? err->status : SY_ENV);
}

int64_t photo_count(db *d, int64_t vehicle_id, const char *what)
{
	int64_t n = 0;
	db_int64(d, NULL, &n, "SELECT count(*) FROM photos WHERE vehicle_id = ? AND what = ?", "It", vehicle_id, what);
	return n;
}

int photo_list(db *d, int64_t vehicle_id, photo_cb cb, void *ctx, sy_err *err)
{
	sqlite3_stmt *st = db_query(d, err, "SELECT " PHOTO_COLUMNS PHOTO_FROM " WHERE p.vehicle_id = ? ORDER BY p.id", "I",
				    vehicle_id);
	if (!st)
		return err ? err->status : SY_ENV;
	int rc, stop = 0;
	struct photo p;
	while (!stop && (rc = db_step(d, err, st)) == SQLITE_ROW) {
		from_row(st, &p);
		stop = cb(&p, ctx);
	}
	return db_walk_end(d, st, rc, err);
}

/* What the picture itself is, in the audit trail and in a listing alike. */
static void picture_json(cJSON *o, const struct photo *p)
{
	cJSON_AddStringToObject(o, "what", p->what);
	input_json_str(o, "step", p->step);
	cJSON_AddStringToObject(o, "sha256", p->sha256);
	cJSON_AddStringToObject(o, "type", p->type);
	cJSON_AddNumberToObject(o, "bytes", (double)p->bytes);
	cJSON_AddNumberToObject(o, "width", p->width);
	cJSON_AddNumberToObject(o, "height", p->height);
	input_json_str(o, "original_name", p->original_name);
}

/* The row as the audit trail keeps it. */
static char *audit_text(const struct photo *p)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)p->id);
	cJSON_AddNumberToObject(o, "vehicle_id", (double)p->vehicle_id);
	picture_json(o, p);
	return input_json_text(o);
}

/* ---- adding ---- */

static int check_input(const struct vehicle *v, const struct photo_input *in, struct photo *p, sy_err *err)
{
	if (!in->what || !code_known(photo_kinds, in->what))
		return sy_fail(err, SY_INVALID, "what", _("say what the photo shows: --what entry|rubbing|cut|battery|other"));
	sy_strlcpy(p->what, in->what, sizeof p->what);
	if (in->step && *in->step) {
		const struct dep_step *s = dep_step_find(in->step);
		if (!s || !dep_step_applies(s, v))
			return sy_fail(err, SY_INVALID, "step", _("'%s' is not a pretreatment step of %s ('scrapyard depollute --steps' lists them)"),
				       in->step, v->stock_no);
		sy_strlcpy(p->step, s->code, sizeof p->step);
	}
	const char *base = strrchr(in->path, '/');
	base = base ? base + 1 : in->path;
	if (input_text(base, 120, p->original_name, sizeof p->original_name, "file", err) != SY_OK)
		*p->original_name = '\0'; /* an odd name is no reason to refuse the picture */
	return SY_OK;
}

static int record(db *d, struct photo *p, sy_err *err)
{
	int64_t id = 0;
	if (db_int64(d, NULL, &id, "SELECT id FROM photos WHERE vehicle_id = ? AND sha256 = ?", "It", p->vehicle_id,
		     p->sha256) == SY_OK)
		return sy_fail(err, SY_INVALID, "file", _("this picture is attached to %s already (photo %lld)"), p->stock_no,
			       (long long)id);
	db_now(p->added_at);
	sy_strlcpy(p->added_by, db_actor(d), sizeof p->added_by);
	if (db_exec(d, err,
		    "INSERT INTO photos(vehicle_id, step, what, sha256, type, bytes, width, height, original_name, added_by, added_at)"
		    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		    "IttttIiitts", p->vehicle_id, *p->step ? p->step : NULL, p->what, p->sha256, p->type, p->bytes, p->width,
		    p->height, *p->original_name ? p->original_name : NULL, p->added_by, p->added_at) != SY_OK)
		return err->status;
	p->id = db_last_id(d);
	char *json = audit_text(p);
	int rc = audit_append(d, err, "photo", p->id, "add", NULL, json);
	free(json);
	return rc;
}

int photo_add(db *d, const struct vehicle *v, const struct photo_input *in, struct photo *out, sy_err *err)
{
	struct photo p = {.vehicle_id = v->id};
	struct image_info info;
	unsigned char *data = NULL;
	size_t len = 0;
	int written;
	sy_strlcpy(p.stock_no, v->stock_no, sizeof p.stock_no);
	sy_strlcpy(p.vin, v->vin, sizeof p.vin);
	if (!in->path || !*in->path)
		return sy_fail(err, SY_INVALID, "file", _("name the picture file to attach"));
	if (check_input(v, in, &p, err) != SY_OK || read_file(in->path, (size_t)IMAGE_MAX_BYTES, &data, &len, err) != SY_OK)
		return err->status;
	int rc = image_check(data, len, &info, err);
	if (rc == SY_OK) {
		hash_hex(data, len, p.sha256);
		sy_strlcpy(p.type, image_type_name(info.type), sizeof p.type);
		p.bytes = (int64_t)len;
		p.width = info.width;
		p.height = info.height;
		/* the file first: a row never names a file that is not there; a file
		 * kept for a change that then fails is harmless (kept under its hash) */
		char *store = photo_store(d);
		rc = store_put(store, p.sha256, p.type, data, len, &written, err);
		free(store);
	}
	free(data);
	if (rc != SY_OK)
		return rc;
	if (db_begin(d, err) != SY_OK)
		return err->status;
	if (db_end(d, record(d, &p, err), err) != SY_OK)
		return err->status;
	if (out)
		*out = p;
	return SY_OK;
}

/* ---- reading and checking ---- */

int photo_read(db *d, const struct photo *p, unsigned char **data, size_t *len, sy_err *err)
{
	char *store = photo_store(d), *path = photo_path(store, p->sha256, p->type);
	char hex[65];
	sy_err why = {0};
	int rc = read_file(path, (size_t)IMAGE_MAX_BYTES, data, len, &why);
	if (rc != SY_OK) {
		rc = sy_fail(err, SY_INVALID, "photo",
			     access(path, F_OK) != 0
				     ? _("photo %lld of %s (%s) is missing: its file %s is not there; copy it back from the scrapyard-photos folder beside a backup")
				     : _("photo %lld of %s (%s) cannot be read from %s; check the disk"),
			     (long long)p->id, p->stock_no, p->what, path);
	} else {
		hash_hex(*data, *len, hex);
		if (strcmp(hex, p->sha256) != 0) {
			free(*data);
			*data = NULL;
			*len = 0;
			rc = sy_fail(err, SY_INVALID, "photo",
				     _("photo %lld of %s (%s) was changed after it was attached: %s no longer has the SHA-256 recorded; copy it back from the scrapyard-photos folder beside a backup"),
				     (long long)p->id, p->stock_no, p->what, path);
		}
	}
	free(store);
	free(path);
	return rc;
}

int photo_file_ok(db *d, const struct photo *p, sy_err *err)
{
	unsigned char *data;
	size_t len;
	if (photo_read(d, p, &data, &len, err) != SY_OK)
		return -1;
	free(data);
	return 0;
}

/* The hash the audit trail recorded when the photo was added. */
static int audited_hash(db *d, const struct photo *p, char out[65], sy_err *err)
{
	*out = '\0';
	char *json = db_text(d, err, "SELECT new FROM audit WHERE entity = 'photo' AND entity_id = ? AND action = 'add'"
				     " ORDER BY id LIMIT 1",
			     "I", p->id);
	cJSON *o = json ? cJSON_Parse(json) : NULL;
	const cJSON *h = cJSON_GetObjectItemCaseSensitive(o, "sha256");
	if (cJSON_IsString(h))
		sy_strlcpy(out, h->valuestring, 65);
	cJSON_Delete(o);
	free(json);
	return SY_OK;
}

int photo_verify(db *d, photo_problem_cb cb, void *ctx, int64_t *checked, sy_err *err)
{
	sqlite3_stmt *st = db_query(d, err, "SELECT " PHOTO_COLUMNS PHOTO_FROM " ORDER BY p.id", NULL);
	int rc, bad = 0;
	struct photo p;
	*checked = 0;
	if (!st)
		return err ? err->status : SY_ENV;
	/* the rows first, so that no read transaction is held over the files */
	struct photo *all = NULL;
	size_t n = 0, cap = 0;
	while ((rc = db_step(d, err, st)) == SQLITE_ROW) {
		if (n == cap)
			all = xrealloc(all, (cap = cap ? cap * 2 : 64) * sizeof *all);
		from_row(st, &all[n++]);
	}
	db_done(d, st);
	if (rc != SQLITE_DONE) {
		free(all);
		return err ? err->status : SY_ENV;
	}
	for (size_t i = 0; i < n; i++) {
		sy_err why = {0};
		char audited[65];
		p = all[i];
		(*checked)++;
		audited_hash(d, &p, audited, &why);
		if (strcmp(audited, p.sha256) != 0) {
			bad++;
			char msg[300];
			snprintf(msg, sizeof msg,
				 *audited ? _("photo %lld of %s: its record was changed after it was added (the audit trail has another SHA-256)")
					  : _("photo %lld of %s: the audit trail has no entry adding it"),
				 (long long)p.id, p.stock_no);
			cb(&p, msg, ctx);
		} else if (photo_file_ok(d, &p, &why) != 0) {
			bad++;
			cb(&p, why.msg, ctx);
		}
	}
	free(all);
	if (bad)
		return sy_fail(err, SY_INVALID, "photo", _("%d of %lld photos are missing or changed"), bad, (long long)*checked);
	return SY_OK;
}

/* ---- copies ---- */

int photo_copy_listed(sqlite3 *h, const char *from, const char *to, struct photo_copy *out, sy_err *err)
{
	sqlite3_stmt *st = NULL;
	memset(out, 0, sizeof *out);
	int rc = sqlite3_prepare_v2(h, "SELECT DISTINCT sha256, type FROM photos ORDER BY sha256", -1, &st, NULL);
	if (rc != SQLITE_OK) {
		sqlite3_finalize(st);
		/* a database from before photos existed has none to copy */
		return strstr(sqlite3_errmsg(h), "no such table") ? SY_OK
								  : sy_fail(err, SY_ENV, NULL, _("cannot list the photos: %s"),
									    sqlite3_errmsg(h));
	}
	int status = SY_OK;
	while (status == SY_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *sha = (const char *)sqlite3_column_text(st, 0), *type = (const char *)sqlite3_column_text(st, 1);
		char *src = photo_path(from, sha, type);
		unsigned char *data = NULL;
		size_t len = 0;
		char hex[65] = "";
		if (read_file(src, (size_t)IMAGE_MAX_BYTES, &data, &len, NULL) == SY_OK)
			hash_hex(data, len, hex);
		if (strcmp(hex, sha) != 0) {
			if (!out->missing++)
				sy_strlcpy(out->first_missing, sha, sizeof out->first_missing);
		} else {
			int written = 0;
			status = store_put(to, sha, type, data, len, &written, err);
			if (status == SY_OK && written) {
				char *dst = photo_path(to, sha, type);
				if (!file_has_hash(dst, sha))
					status = sy_fail(err, SY_ENV, NULL, _("the copy of a photo in %s does not read back right: check the disk"), to);
				free(dst);
			}
			out->copied += written;
			out->kept += !written;
		}
		free(data);
		free(src);
	}
	if (status == SY_OK && rc != SQLITE_DONE)
		status = sy_fail(err, SY_ENV, NULL, _("cannot list the photos: %s"), sqlite3_errmsg(h));
	sqlite3_finalize(st);
	return status;
}

int photo_read_stored(const char *store, const char *sha256, const char *type, unsigned char **data, size_t *len,
		      sy_err *err)
{
	char *src = photo_path(store, sha256, type), hex[65] = "";
	*data = NULL;
	*len = 0;
	if (read_file(src, (size_t)IMAGE_MAX_BYTES, data, len, NULL) == SY_OK)
		hash_hex(*data, *len, hex);
	if (strcmp(hex, sha256) == 0) {
		free(src);
		return SY_OK;
	}
	free(*data);
	*data = NULL;
	sy_fail(err, SY_INVALID, "photo", _("the photo file %s is missing or changed"), src);
	free(src);
	return SY_INVALID;
}

/* ---- the camera folder ---- */

static int is_picture_name(const char *name)
{
	const char *dot = strrchr(name, '.');
	return dot && (strcasecmp(dot, ".jpg") == 0 || strcasecmp(dot, ".jpeg") == 0 || strcasecmp(dot, ".png") == 0);
}

int photo_newest_file(const char *dir, char *out, size_t size, sy_err *err)
{
	DIR *dh = opendir(dir);
	if (!dh)
		return sy_fail(err, SY_INVALID, "folder", _("cannot open the photo folder %s: %s"), dir, strerror(errno));
	struct dirent *e;
	struct timespec best = {0, 0};
	*out = '\0';
	while ((e = readdir(dh))) {
		struct stat st;
		if (e->d_name[0] == '.' || !is_picture_name(e->d_name))
			continue;
		char *path = xasprintf("%s/%s", dir, e->d_name);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
		    (st.st_mtim.tv_sec > best.tv_sec || (st.st_mtim.tv_sec == best.tv_sec && st.st_mtim.tv_nsec > best.tv_nsec) ||
		     (st.st_mtim.tv_sec == best.tv_sec && st.st_mtim.tv_nsec == best.tv_nsec && strcmp(path, out) > 0))) {
			best = st.st_mtim;
			sy_strlcpy(out, path, size);
		}
		free(path);
	}
	closedir(dh);
	if (!*out)
		return sy_fail(err, SY_INVALID, "folder", _("there is no JPEG or PNG picture in %s"), dir);
	return SY_OK;
}

/* ---- JSON ---- */

cJSON *photo_to_json(const struct photo *p)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)p->id);
	cJSON_AddStringToObject(o, "stock_no", p->stock_no);
	cJSON_AddStringToObject(o, "vin", p->vin);
	picture_json(o, p);
	cJSON_AddStringToObject(o, "added_by", p->added_by);
	cJSON_AddStringToObject(o, "added_at", p->added_at);
	return o;
}
