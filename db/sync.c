#include "db/sync.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/util.h"
#include "db/audit.h"
#include "db/sync_server.h"
#include "db/sync_tables.h"

const char *const sync_ref_names[SYNC_REF_COUNT] = {"part_kinds", "buyers", "emission_factors", "waste_codes", "users"};

/* A push batch: at most this many outbox entries (SCRAPYARD_SYNC_BATCH
 * overrides) or bytes of changes. */
#define BATCH_ENTRIES 10000
#define BATCH_BYTES (32 << 20)
#define COPY_CHUNK (1 << 20)

/* ---- a growing text buffer ---- */

struct buf {
	char *p;
	size_t n, cap;
};

static void buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2 > 4096 ? (b->n + n + 1) * 2 : 4096;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}
static void buf_str(struct buf *b, const char *s) { buf_add(b, s, strlen(s)); }
static void buf_char(struct buf *b, char c) { buf_add(b, &c, 1); }
static void buf_free(struct buf *b)
{
	free(b->p);
	*b = (struct buf){0};
}

/* ---- values in PostgreSQL's COPY text format ----
 * The same text is what --verify hashes on both sides, so a number is
 * written as PostgreSQL writes it back: the shortest decimal that reads
 * back exactly, in exponent form below 1e-4 and from 1e15. */

static void render_double(struct buf *b, double x)
{
	char out[40];
	int digits = 1;
	for (; digits <= 17; digits++) {
		snprintf(out, sizeof out, "%.*e", digits - 1, x);
		if (strtod(out, NULL) == x)
			break;
	}
	int exp10 = x == 0 ? 0 : atoi(strchr(out, 'e') + 1);
	if (isfinite(x) && exp10 >= -4 && exp10 < 15)
		snprintf(out, sizeof out, "%.*f", digits - 1 - exp10 > 0 ? digits - 1 - exp10 : 0, x);
	buf_str(b, out);
}

static void render_text(struct buf *b, const unsigned char *s, int n)
{
	int from = 0;
	for (int i = 0; i < n; i++) {
		static const char esc[] = "\b\f\n\r\t\v\\", code[] = "bfnrtv\\";
		const char *hit = s[i] ? strchr(esc, s[i]) : NULL;
		if (!hit)
			continue;
		buf_add(b, (const char *)s + from, (size_t)(i - from));
		buf_char(b, '\\');
		buf_char(b, code[hit - esc]);
		from = i + 1;
	}
	buf_add(b, (const char *)s + from, (size_t)(n - from));
}

static void render_value(struct buf *b, sqlite3_value *v)
{
	char num[32];
	switch (v ? sqlite3_value_type(v) : SQLITE_NULL) {
	case SQLITE_NULL: buf_str(b, "\\N"); break;
	case SQLITE_INTEGER:
		snprintf(num, sizeof num, "%lld", (long long)sqlite3_value_int64(v));
		buf_str(b, num);
		break;
	case SQLITE_FLOAT: render_double(b, sqlite3_value_double(v)); break;
	case SQLITE_BLOB: {
		const unsigned char *p = sqlite3_value_blob(v);
		int n = sqlite3_value_bytes(v);
		buf_str(b, "\\\\x");
		for (int i = 0; i < n; i++) {
			snprintf(num, sizeof num, "%02x", p[i]);
			buf_str(b, num);
		}
		break;
	}
	default: render_text(b, sqlite3_value_text(v), sqlite3_value_bytes(v)); break;
	}
}

/* ---- an owned table's columns, in the local order ---- */

#define MAX_COLS 80
struct cols {
	char table[32];
	int n;
	char name[MAX_COLS][40];
	int pk[MAX_COLS];
	char list[4096];   /* "c1", "c2", ... quoted for PostgreSQL */
	char pk_list[256]; /* the key columns, likewise */
	char pk_order[256]; /* ORDER BY for SQLite */
};

static int table_cols(db *d, const char *table, struct cols *c, sy_err *err)
{
	memset(c, 0, sizeof *c);
	sy_strlcpy(c->table, table, sizeof c->table);
	sqlite3_stmt *st = db_query(d, err, "SELECT name, pk FROM pragma_table_info(?) ORDER BY cid", "t", table);
	if (!st)
		return err->status;
	int rc;
	while ((rc = db_step(d, err, st)) == SQLITE_ROW && c->n < MAX_COLS) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		sy_strlcpy(c->name[c->n], name, sizeof c->name[0]);
		c->pk[c->n] = sqlite3_column_int(st, 1);
		size_t l = strlen(c->list);
		snprintf(c->list + l, sizeof c->list - l, "%s\"%s\"", l ? ", " : "", name);
		if (c->pk[c->n]) {
			l = strlen(c->pk_list);
			snprintf(c->pk_list + l, sizeof c->pk_list - l, "%s\"%s\"", l ? ", " : "", name);
		}
		c->n++;
	}
	db_done(d, st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? SY_OK : err->status;
}

/* ---- settings the sync keeps ---- */

static int64_t setting_int(db *d, const char *key)
{
	char *v = db_setting(d, key);
	int64_t x = v ? strtoll(v, NULL, 10) : 0;
	free(v);
	return x;
}

static void setting_copy(db *d, const char *key, char *out, size_t size)
{
	char *v = db_setting(d, key);
	sy_strlcpy(out, v ? v : "", size);
	free(v);
}

static int set_int(db *d, sy_err *err, const char *key, int64_t x)
{
	char v[24];
	snprintf(v, sizeof v, "%lld", (long long)x);
	return db_set_setting(d, err, key, v);
}

char *sync_url(db *d, const char *url, sy_err *err)
{
	if (url && *url)
		return xstrdup(url);
	char *saved = db_setting(d, "sync.url");
	if (!saved)
		sy_fail(err, SY_INVALID, "url",
			_("this yard has no head office yet: give --url (e.g. --url service=headoffice, with the login in pg_service.conf or ~/.pgpass)"));
	return saved;
}

/* ---- who we are at the head office ---- */

struct yard_at_office {
	int id;
	char licence[64], name[160];
	int has_pushed;
	int64_t pushed_seq;
};

static int identify(db *d, pg *p, struct yard_at_office *y, sy_err *err)
{
	int version = 0;
	if (server_version_of(p, &version, err) != SY_OK)
		return err->status;
	if (version == 0)
		return sy_fail(err, SY_ENV, NULL,
			       _("the head office database has no scrapyard schema: run 'scrapyard server init --url URL' there first"));
	if (version < server_schema_version())
		return sy_fail(err, SY_ENV, NULL,
			       _("the head office schema is older than this scrapyard (version %d, needs %d): run 'scrapyard server migrate' there"),
			       version, server_schema_version());
	PGresult *r = pg_query(p, err, "SELECT yard_id, licence_no, name, pushed_seq FROM sy.yards WHERE yard_id = sy.my_yard()", 0,
			       NULL);
	if (!r)
		return err->status;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return sy_fail(err, SY_INVALID, NULL,
			       _("the head office does not know this login as a yard: ask it to run 'scrapyard server add-yard' for it"));
	}
	y->id = atoi(PQgetvalue(r, 0, 0));
	sy_strlcpy(y->licence, PQgetvalue(r, 0, 1), sizeof y->licence);
	sy_strlcpy(y->name, PQgetvalue(r, 0, 2), sizeof y->name);
	y->has_pushed = !PQgetisnull(r, 0, 3);
	y->pushed_seq = y->has_pushed ? strtoll(PQgetvalue(r, 0, 3), NULL, 10) : 0;
	PQclear(r);
	/* The login must be this database's yard: the wrong service file would
	 * otherwise mix two yards' records. */
	char *licence = db_text(d, NULL, "SELECT license_no FROM site WHERE id = 1", NULL);
	int same = licence && strcmp(licence, y->licence) == 0;
	int64_t bound = setting_int(d, "sync.yard");
	if (!same) {
		sy_fail(err, SY_INVALID, NULL,
			_("this login belongs to the yard with licence %s, but this database is the yard with licence %s: use this yard's own login"),
			y->licence, licence ? licence : "-");
		free(licence);
		return SY_INVALID;
	}
	free(licence);
	if (bound && bound != y->id)
		return sy_fail(err, SY_INVALID, NULL,
			       _("this database synchronised as yard %lld of another head office: it cannot join yard %d"),
			       (long long)bound, y->id);
	return SY_OK;
}

pg *sync_connect(db *d, const char *url, sy_err *err)
{
	char *u = sync_url(d, url, err);
	if (!u)
		return NULL;
	pg *p = pg_connect(u, err);
	free(u);
	struct yard_at_office y;
	if (p && identify(d, p, &y, err) != SY_OK) {
		pg_close(p);
		return NULL;
	}
	return p;
}

/* From now on every change to the owned tables is recorded (db/db.c). */
static int start_capture(db *d, const char *url, const struct yard_at_office *y, sy_err *err)
{
	if (db_begin(d, err) != SY_OK)
		return err->status;
	int rc = db_set_setting(d, err, "sync.capture", "1");
	if (rc == SY_OK)
		rc = set_int(d, err, "sync.yard", y->id);
	if (rc == SY_OK)
		rc = db_set_setting(d, err, "sync.url", url);
	if (rc == SY_OK)
		rc = db_set_setting(d, err, "sync.yard_name", y->name);
	return db_end(d, rc, err);
}

/* ---- sending rows: COPY into a staging table, then one statement ---- */

/* What happens to a row at the head office. */
enum stage { STAGE_INSERT, STAGE_UPDATE, STAGE_DELETE, STAGE_COUNT };
static const char stage_prefix[STAGE_COUNT] = {'s', 'u', 'd'};

struct pusher {
	db *d;
	pg *p;
	int yard;
	char yard_text[16];
	struct cols cols[16];
	int ncols;
	uint64_t staged; /* bit per (table, stage): its staging table exists on this connection */
	int64_t rows;
};

static struct cols *pusher_cols(struct pusher *w, const char *table, int *index, sy_err *err)
{
	for (int i = 0; i < w->ncols; i++)
		if (strcmp(w->cols[i].table, table) == 0) {
			*index = i;
			return &w->cols[i];
		}
	if (w->ncols == (int)(sizeof w->cols / sizeof w->cols[0]) || table_cols(w->d, table, &w->cols[w->ncols], err) != SY_OK)
		return NULL;
	*index = w->ncols;
	return &w->cols[w->ncols++];
}

static int stage_table(struct pusher *w, int ti, enum stage s, sy_err *err)
{
	uint64_t bit = UINT64_C(1) << (ti * STAGE_COUNT + (int)s);
	if (w->staged & bit)
		return SY_OK;
	const char *t = w->cols[ti].table;
	char *sql = xasprintf("CREATE TEMP TABLE IF NOT EXISTS \"%c_%s\" ON COMMIT DELETE ROWS AS"
			      " SELECT *%s FROM sy.\"%s\" WITH NO DATA",
			      stage_prefix[s], t, s == STAGE_UPDATE ? ", ''::text AS _mask" : "", t);
	int rc = pg_exec(w->p, err, sql);
	free(sql);
	if (rc == SY_OK)
		w->staged |= bit;
	return rc;
}

/* Changes and removals go through a staging table, then one statement. */
static int copy_rows(struct pusher *w, int ti, enum stage s, const struct buf *rows, sy_err *err)
{
	if (stage_table(w, ti, s, err) != SY_OK)
		return err->status;
	char *sql = xasprintf("COPY pg_temp.\"%c_%s\" (yard_id, %s%s) FROM STDIN", stage_prefix[s], w->cols[ti].table,
			      w->cols[ti].list, s == STAGE_UPDATE ? ", _mask" : "");
	int rc = pg_copy_begin(w->p, err, sql);
	free(sql);
	for (size_t off = 0; rc == SY_OK && off < rows->n; off += COPY_CHUNK)
		rc = pg_copy_send(w->p, err, rows->p + off, rows->n - off < COPY_CHUNK ? rows->n - off : COPY_CHUNK);
	if (rc == SY_OK)
		rc = pg_copy_end(w->p, err, NULL);
	return rc;
}

static char *apply_sql(const struct cols *c, int yard, enum stage s)
{
	const char *t = c->table;
	struct buf where = {0}, set = {0};
	buf_str(&where, "t.yard_id = x.yard_id");
	for (int i = 0; i < c->n; i++) {
		char part[200];
		if (c->pk[i]) {
			snprintf(part, sizeof part, " AND t.\"%s\" = x.\"%s\"", c->name[i], c->name[i]);
			buf_str(&where, part);
		} else {
			snprintf(part, sizeof part, "%s\"%s\" = CASE WHEN substr(x._mask, %d, 1) = '1' THEN x.\"%s\" ELSE t.\"%s\" END",
				 set.n ? ", " : "", c->name[i], i + 1, c->name[i], c->name[i]);
			buf_str(&set, part);
		}
	}
	char *sql = s == STAGE_UPDATE
			    ? xasprintf("UPDATE sy.\"%s_y%d\" t SET %s FROM pg_temp.\"u_%s\" x WHERE %s", t, yard, set.p, t, where.p)
			    : xasprintf("DELETE FROM sy.\"%s_y%d\" t USING pg_temp.\"d_%s\" x WHERE %s", t, yard, t, where.p);
	buf_free(&where);
	buf_free(&set);
	return sql;
}

/* Stage the rows and apply them; every row must land: an update or delete
 * that finds no row means the head office's copy is not the yard's. */
static int apply_rows(struct pusher *w, int ti, enum stage s, const struct buf *rows, int64_t count, sy_err *err)
{
	if (count == 0)
		return SY_OK;
	if (copy_rows(w, ti, s, rows, err) != SY_OK)
		return err->status;
	char *sql = apply_sql(&w->cols[ti], w->yard, s);
	PGresult *r = pg_query(w->p, err, sql, 0, NULL);
	free(sql);
	if (!r)
		return err->status;
	long long done = strtoll(PQcmdTuples(r), NULL, 10);
	PQclear(r);
	if (done != count)
		return sy_fail(err, SY_ENV, NULL,
			       _("the head office's copy of %s differs from this yard's (%lld of %lld rows found): run 'scrapyard sync --verify'"),
			       w->cols[ti].table, (long long)done, (long long)count);
	w->rows += done;
	return SY_OK;
}

/* ---- a yard's first push: all its records ---- */

static int send_table(struct pusher *w, const char *table, sy_err *err)
{
	int ti;
	struct cols *c = pusher_cols(w, table, &ti, err);
	if (!c)
		return err->status;
	char *sql = xasprintf("SELECT %s FROM \"%s\" ORDER BY %s", c->list, table, c->pk_list);
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db_handle(w->d), sql, -1, &st, NULL);
	free(sql);
	if (rc != SQLITE_OK)
		return db_fail(w->d, err, rc, _("reading the yard's records"));
	char *copy = xasprintf("COPY sy.\"%s_y%d\" (yard_id, %s) FROM STDIN", table, w->yard, c->list);
	int status = pg_copy_begin(w->p, err, copy);
	free(copy);
	struct buf b = {0};
	while (status == SY_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		buf_str(&b, w->yard_text);
		for (int i = 0; i < c->n; i++) {
			buf_char(&b, '\t');
			render_value(&b, sqlite3_column_value(st, i));
		}
		buf_char(&b, '\n');
		if (b.n >= COPY_CHUNK) {
			status = pg_copy_send(w->p, err, b.p, b.n);
			b.n = 0;
		}
	}
	if (status == SY_OK && rc != SQLITE_DONE)
		status = db_fail(w->d, err, rc, _("reading the yard's records"));
	sqlite3_finalize(st);
	if (status == SY_OK)
		status = pg_copy_send(w->p, err, b.p, b.n);
	buf_free(&b);
	long long copied = 0;
	if (status == SY_OK)
		status = pg_copy_end(w->p, err, &copied);
	w->rows += copied;
	return status;
}

static int64_t last_outbox_seq(db *d)
{
	int64_t seq = 0;
	db_int64(d, NULL, &seq,
		 "SELECT max(coalesce((SELECT max(seq) FROM sync_outbox), 0),"
		 " coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'sync_outbox'), 0))",
		 NULL);
	return seq;
}

/* One read snapshot of the yard: its records and the last outbox entry they
 * contain; later entries follow as ordinary pushes. */
static int first_push(struct pusher *w, int64_t *upto, sy_err *err)
{
	sqlite3 *h = db_handle(w->d);
	int rc = sqlite3_exec(h, "BEGIN DEFERRED; SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return db_fail(w->d, err, rc, _("reading the yard's records"));
	*upto = last_outbox_seq(w->d);
	int status = SY_OK;
	for (const char *const *t = sync_owned_tables; *t && status == SY_OK; t++)
		status = send_table(w, *t, err);
	sqlite3_exec(h, "COMMIT", NULL, NULL, NULL);
	return status;
}

/* ---- later pushes: the outbox entries, combined per batch ---- */

static void render_change(struct buf *b, const char *yard, const struct cols *c, sqlite3_changeset_iter *it, int op,
			  char *mask)
{
	buf_str(b, yard);
	for (int i = 0; i < c->n; i++) {
		sqlite3_value *v = NULL;
		buf_char(b, '\t');
		if (op == SQLITE_INSERT)
			sqlite3changeset_new(it, i, &v);
		else if (c->pk[i] || op == SQLITE_DELETE) {
			if (c->pk[i])
				sqlite3changeset_old(it, i, &v);
			/* A key names the row and is never changed: every place of
			 * the mask is written, since an unwritten one could be a
			 * NUL that ends it and drops the changes after it. */
			mask[i] = '0';
		} else {
			sqlite3changeset_new(it, i, &v);
			mask[i] = v ? '1' : '0';
			if (!v) {
				buf_str(b, "\\N");
				continue;
			}
		}
		render_value(b, v);
	}
	if (op == SQLITE_UPDATE) {
		mask[c->n] = '\0';
		buf_char(b, '\t');
		buf_str(b, mask);
	}
	buf_char(b, '\n');
}

/* One table's share of a batch. New rows stream into the yard's partition
 * while the changeset is read (the server parses as the client renders);
 * changes and removals wait for the table's end. A number of the yard's
 * series is never given twice, so no new row needs a removal first. */
struct table_batch {
	int ti;
	int copying; /* the COPY of new rows is open */
	struct buf rows[STAGE_COUNT];
	int64_t count[STAGE_COUNT];
};

#define STREAM_CHUNK (256 << 10)

static int stream_insert(struct pusher *w, struct table_batch *tb, sy_err *err)
{
	if (!tb->copying) {
		const struct cols *c = &w->cols[tb->ti];
		char *sql = xasprintf("COPY sy.\"%s_y%d\" (yard_id, %s) FROM STDIN", c->table, w->yard, c->list);
		int rc = pg_copy_begin(w->p, err, sql);
		free(sql);
		if (rc != SY_OK)
			return rc;
		tb->copying = 1;
	}
	struct buf *b = &tb->rows[STAGE_INSERT];
	if (b->n < STREAM_CHUNK)
		return SY_OK;
	int rc = pg_copy_send(w->p, err, b->p, b->n);
	b->n = 0;
	return rc;
}

static int flush_table(struct pusher *w, struct table_batch *tb, sy_err *err)
{
	int rc = SY_OK;
	if (tb->copying) {
		long long copied = 0;
		struct buf *b = &tb->rows[STAGE_INSERT];
		rc = pg_copy_send(w->p, err, b->p, b->n);
		if (rc == SY_OK)
			rc = pg_copy_end(w->p, err, &copied);
		else
			PQputCopyEnd(pg_conn(w->p), "cancelled");
		if (rc == SY_OK && copied != tb->count[STAGE_INSERT])
			rc = sy_fail(err, SY_ENV, NULL, _("the head office took %lld of %lld new rows of %s"), copied,
				     (long long)tb->count[STAGE_INSERT], w->cols[tb->ti].table);
		w->rows += copied;
		tb->copying = 0;
	}
	for (enum stage s = STAGE_UPDATE; s <= STAGE_DELETE; s++)
		if (rc == SY_OK)
			rc = apply_rows(w, tb->ti, s, &tb->rows[s], tb->count[s], err);
	for (int s = 0; s < STAGE_COUNT; s++) {
		tb->rows[s].n = 0;
		tb->count[s] = 0;
	}
	return rc;
}

static int apply_changeset(struct pusher *w, int n, void *changes, sy_err *err)
{
	sqlite3_changeset_iter *it = NULL;
	if (sqlite3changeset_start(&it, n, changes) != SQLITE_OK)
		return sy_fail(err, SY_ENV, NULL, _("a recorded change could not be read: the outbox is damaged"));
	struct table_batch tb = {.ti = -1};
	char mask[MAX_COLS + 1];
	int rc = SY_OK;
	while (rc == SY_OK && sqlite3changeset_next(it) == SQLITE_ROW) {
		const char *table;
		int ncol, op, indirect, ti;
		sqlite3changeset_op(it, &table, &ncol, &op, &indirect);
		struct cols *c = pusher_cols(w, table, &ti, err);
		if (!c) {
			rc = err->status;
			break;
		}
		if (ncol != c->n) {
			rc = sy_fail(err, SY_ENV, NULL, _("a recorded change to %s has %d columns, the table %d"), table, ncol, c->n);
			break;
		}
		if (ti != tb.ti) {
			if (tb.ti >= 0)
				rc = flush_table(w, &tb, err);
			tb.ti = ti;
		}
		enum stage s = op == SQLITE_INSERT ? STAGE_INSERT : op == SQLITE_UPDATE ? STAGE_UPDATE : STAGE_DELETE;
		render_change(&tb.rows[s], w->yard_text, c, it, op, mask);
		tb.count[s]++;
		if (rc == SY_OK && s == STAGE_INSERT)
			rc = stream_insert(w, &tb, err);
	}
	if (sqlite3changeset_finalize(it) != SQLITE_OK && rc == SY_OK)
		rc = sy_fail(err, SY_ENV, NULL, _("a recorded change could not be read: the outbox is damaged"));
	if (tb.ti >= 0 && (rc == SY_OK || tb.copying)) {
		sy_err ignored = {0};
		int flushed = flush_table(w, &tb, rc == SY_OK ? err : &ignored);
		if (rc == SY_OK)
			rc = flushed;
	}
	for (int s = 0; s < STAGE_COUNT; s++)
		buf_free(&tb.rows[s]);
	return rc;
}

/* The entries after `after`, combined into one changeset: what the batch
 * changes in the end, row by row. */
static int batch_entries(void)
{
	const char *env = getenv("SCRAPYARD_SYNC_BATCH");
	int n = env ? atoi(env) : 0;
	return n > 0 ? n : BATCH_ENTRIES;
}

static int read_batch(db *d, int64_t after, sqlite3_changegroup *g, int64_t *last, int64_t *entries, sy_err *err)
{
	sqlite3_stmt *st = db_query(d, err, "SELECT seq, changes FROM sync_outbox WHERE seq > ? ORDER BY seq LIMIT ?", "Ii",
				    after, batch_entries());
	if (!st)
		return err->status;
	int64_t bytes = 0;
	int rc, status = SY_OK;
	*last = after;
	*entries = 0;
	while (status == SY_OK && bytes < BATCH_BYTES && (rc = db_step(d, err, st)) == SQLITE_ROW) {
		int64_t seq = sqlite3_column_int64(st, 0);
		if (seq != *last + 1) {
			status = sy_fail(err, SY_ENV, NULL,
					 _("the head office has this yard's changes up to #%lld but the next one here is #%lld: was the head office restored from an older backup? See docs/sync.md"),
					 (long long)*last, (long long)seq);
			break;
		}
		int n = sqlite3_column_bytes(st, 1);
		if (sqlite3changegroup_add(g, n, (void *)sqlite3_column_blob(st, 1)) != SQLITE_OK)
			status = sy_fail(err, SY_ENV, NULL, _("recorded change #%lld could not be read: the outbox is damaged"),
					 (long long)seq);
		bytes += n;
		*last = seq;
		(*entries)++;
	}
	if (status == SY_OK && rc < 0)
		status = err->status;
	db_done(d, st);
	return status;
}

static int pg_rollback(pg *p)
{
	PQclear(PQexec(pg_conn(p), "ROLLBACK"));
	return 0;
}

/* The chain of entry seq as this database knows it: the outbox's, or the
 * last pushed one's once the outbox let it go; NULL when it is not known. */
static char *local_chain(db *d, int64_t seq)
{
	if (seq == 0)
		return xstrdup("");
	char *c = db_text(d, NULL, "SELECT chain FROM sync_outbox WHERE seq = ?", "I", seq);
	if (!c && seq == setting_int(d, "sync.pushed_seq")) {
		c = db_setting(d, "sync.pushed_chain");
		if (!c)
			c = xstrdup("");
	}
	return c;
}

/* The head office has everything up to seq: what is here up to it can go.
 * Another terminal's push may have gone further meanwhile: the mark here
 * only moves forward. */
static int forget_pushed(db *d, int64_t seq, sy_err *err)
{
	if (db_begin(d, err) != SY_OK)
		return err->status;
	int rc = SY_OK;
	char *chain = db_text(d, NULL, "SELECT chain FROM sync_outbox WHERE seq = ?", "I", seq);
	if (chain && seq > setting_int(d, "sync.pushed_seq")) {
		rc = db_exec(d, err, "DELETE FROM sync_outbox WHERE seq <= ?", "I", seq);
		if (rc == SY_OK)
			rc = set_int(d, err, "sync.pushed_seq", seq);
		if (rc == SY_OK)
			rc = db_set_setting(d, err, "sync.pushed_chain", chain);
	}
	free(chain);
	return db_end(d, rc, err);
}

static int send_site(struct pusher *w, sy_err *err)
{
	sqlite3_stmt *st = db_query(w->d, err, "SELECT name, address, phone, credit_code FROM site WHERE id = 1", NULL);
	if (!st)
		return err->status;
	int rc = SY_OK;
	if (db_step(w->d, err, st) == SQLITE_ROW) {
		const char *v[4];
		for (int i = 0; i < 4; i++)
			v[i] = (const char *)sqlite3_column_text(st, i);
		PGresult *r = pg_query(w->p, err, "SELECT sy.yard_site($1, $2, $3, $4)", 4, v);
		rc = r ? SY_OK : err->status;
		PQclear(r);
	}
	db_done(w->d, st);
	return rc;
}

/* The head office's mark must be a point of this database's own history:
 * a copy restored from an older backup, or one that went its own way on
 * another PC, would otherwise have its changes skipped or mixed in. */
static int check_mark(db *d, int64_t from, const char *office_chain, sy_err *err)
{
	int64_t here = last_outbox_seq(d);
	if (from > here)
		return sy_fail(err, SY_ENV, NULL,
			       _("the head office already has this yard's changes up to #%lld, but this database ends at #%lld: it is an older copy (restored from a backup?); see docs/sync.md"),
			       (long long)from, (long long)here);
	char *mine = local_chain(d, from);
	int rc = SY_OK;
	if (!mine)
		rc = sy_fail(err, SY_ENV, NULL,
			     _("the head office has this yard's changes only up to #%lld, though it had acknowledged #%lld: its database was restored from an older backup; see docs/sync.md"),
			     (long long)from, (long long)setting_int(d, "sync.pushed_seq"));
	else if (strcmp(mine, office_chain) != 0)
		rc = sy_fail(err, SY_ENV, NULL,
			     _("this database's changes up to #%lld are not those the head office has: it is an older or copied database that went its own way; see docs/sync.md"),
			     (long long)from);
	free(mine);
	return rc;
}

/* One batch in one transaction there: the mark is read and locked, the
 * changes applied, the mark moved. *upto = 0: nothing was left to send. */
static int push_batch(struct pusher *w, struct sync_result *out, int64_t *total, int64_t *upto, int64_t *entries,
		      sy_err *err)
{
	PGresult *r = pg_query(w->p, err, "SELECT seq, coalesce(chain, '') FROM sy.push_begin()", 0, NULL);
	if (!r)
		return err->status;
	int first = PQgetisnull(r, 0, 0);
	char *mark = first ? NULL : xstrdup(PQgetvalue(r, 0, 0));
	int64_t from = mark ? strtoll(mark, NULL, 10) : 0;
	int rc = first ? SY_OK : check_mark(w->d, from, PQgetvalue(r, 0, 1), err);
	PQclear(r);
	*upto = 0;
	*entries = 0;
	if (rc == SY_OK && !*total)
		db_int64(w->d, NULL, total, "SELECT count(*) FROM sync_outbox WHERE seq > ?", "I", from);
	if (rc == SY_OK && first) {
		rc = first_push(w, upto, err);
		out->first_push = 1;
	} else if (rc == SY_OK) {
		sqlite3_changegroup *g = NULL;
		sqlite3changegroup_new(&g);
		rc = read_batch(w->d, from, g, upto, entries, err);
		if (rc == SY_OK && *entries > 0) {
			int n = 0;
			void *changes = NULL;
			if (sqlite3changegroup_output(g, &n, &changes) != SQLITE_OK)
				rc = sy_fail(err, SY_ENV, NULL, _("out of memory while %s"), _("sending changes"));
			if (rc == SY_OK)
				rc = apply_changeset(w, n, changes, err);
			sqlite3_free(changes);
		} else if (rc == SY_OK) {
			*upto = 0;
		}
		sqlite3changegroup_delete(g);
	}
	if (rc == SY_OK && (first || *entries > 0)) {
		char to_text[24], *chain = local_chain(w->d, *upto);
		snprintf(to_text, sizeof to_text, "%lld", (long long)*upto);
		const char *v[] = {mark, to_text, chain ? chain : ""};
		r = pg_query(w->p, err, "SELECT sy.push_end($1, $2, $3)", 3, v);
		rc = r ? SY_OK : err->status;
		PQclear(r);
		free(chain);
	}
	free(mark);
	return rc;
}

/* Batch after batch until nothing waits. What the head office acknowledged
 * is let go here once, at the end: a cut before that only leaves entries
 * the next push skips (the head office's mark is the truth). */
static int push(struct pusher *w, struct sync_result *out, sync_progress_fn progress, void *ctx, sy_err *err)
{
	int64_t total = 0, acknowledged = 0;
	int rc = SY_OK;
	for (;;) {
		int64_t upto = 0, entries = 0;
		rc = pg_exec(w->p, err, "BEGIN");
		if (rc == SY_OK)
			rc = push_batch(w, out, &total, &upto, &entries, err);
		if (rc == SY_OK && upto == 0)
			rc = send_site(w, err);
		if (rc != SY_OK) {
			pg_rollback(w->p);
			break;
		}
		if ((rc = pg_exec(w->p, err, "COMMIT")) != SY_OK || upto == 0)
			break;
		out->changes += entries;
		out->batches++;
		out->pushed_seq = acknowledged = upto;
		if (progress)
			progress(ctx, out->changes, total);
	}
	if (acknowledged) {
		sy_err local = {0};
		int forgot = forget_pushed(w->d, acknowledged, rc == SY_OK ? err : &local);
		if (rc == SY_OK)
			rc = forgot;
	}
	return rc;
}

/* ---- pull: the head office's reference data ---- */

struct ref_table {
	const char *server_sql; /* the columns, then version; $1 the last version seen */
	const char *local_upsert;
	const char *local_delete; /* ?1.. the key */
};

static const struct ref_table refs[SYNC_REF_COUNT] = {
	[SYNC_REF_PART_KINDS] = {
		"SELECT code, name_en, name_zh, assembly, material, keeps_vin, hazardous, step, max_per_vehicle, sort, list_price,"
		" version FROM sy.part_kinds WHERE version > $1 ORDER BY version",
		"INSERT INTO part_kinds(code, name_en, name_zh, assembly, material, keeps_vin, hazardous, step, max_per_vehicle,"
		" sort, list_price) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT(code) DO UPDATE SET"
		" name_en = ?2, name_zh = ?3, assembly = ?4, material = ?5, keeps_vin = ?6, hazardous = ?7, step = ?8,"
		" max_per_vehicle = ?9, sort = ?10, list_price = ?11",
		"DELETE FROM part_kinds WHERE code = ?1 AND NOT EXISTS (SELECT 1 FROM parts WHERE kind = ?1)"},
	[SYNC_REF_BUYERS] = {
		"SELECT name, kind, licence, credit_code, phone, address, version FROM sy.buyers WHERE version > $1 ORDER BY version",
		/* Only a real change touches the row: it goes back up as the yard's. */
		"INSERT INTO parties(name, kind, licence, credit_code, phone, address, created_at, updated_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7) ON CONFLICT(name, kind) DO UPDATE SET"
		" licence = ?3, credit_code = ?4, phone = ?5, address = ?6, updated_at = ?7"
		" WHERE licence IS NOT ?3 OR credit_code IS NOT ?4 OR phone IS NOT ?5 OR address IS NOT ?6",
		"DELETE FROM parties WHERE name = ?1 AND kind = ?2"
		" AND NOT EXISTS (SELECT 1 FROM shipments s WHERE s.party_id = parties.id)"
		" AND NOT EXISTS (SELECT 1 FROM waste w WHERE w.handler_id = parties.id)"},
	[SYNC_REF_FACTORS] = {
		"SELECT route, key, factor, low, high, quality, source, version FROM sy.emission_factors WHERE version > $1"
		" ORDER BY version",
		"INSERT INTO emission_factors(route, key, factor, low, high, quality, source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
		" ON CONFLICT(route, key) DO UPDATE SET factor = ?3, low = ?4, high = ?5, quality = ?6, source = ?7",
		"DELETE FROM emission_factors WHERE route = ?1 AND key = ?2"},
	[SYNC_REF_WASTE_CODES] = {
		"SELECT code, category, name_en, name_zh, unit, site_defined, version FROM sy.waste_codes WHERE version > $1"
		" ORDER BY version",
		"INSERT INTO waste_codes(code, category, name_en, name_zh, unit, site_defined) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
		" ON CONFLICT(code) DO UPDATE SET category = ?2, name_en = ?3, name_zh = ?4, unit = ?5, site_defined = ?6",
		"DELETE FROM waste_codes WHERE code = ?1 AND NOT EXISTS (SELECT 1 FROM waste WHERE code = ?1)"},
	/* A group login: the yard's failed-login count and lockout stay its own. */
	[SYNC_REF_USERS] = {
		"SELECT name, role, pin_hash, active, version FROM sy.users WHERE version > $1 ORDER BY version",
		"INSERT INTO users(name, role, pin_hash, active, created_at) VALUES (?1, ?2, ?3, ?4, ?5)"
		" ON CONFLICT(name) DO UPDATE SET role = ?2, pin_hash = ?3, active = ?4",
		"UPDATE users SET active = 0 WHERE name = ?1"},
};

static int apply_ref_rows(db *d, enum sync_ref t, PGresult *r, const char *now, int *count, int64_t *top, sy_err *err)
{
	int ncol = PQnfields(r) - 1; /* the last is the version */
	for (int row = 0; row < PQntuples(r); row++) {
		sqlite3_stmt *st = db_prepare(d, err, refs[t].local_upsert);
		if (!st)
			return err->status;
		for (int i = 0; i < ncol; i++)
			if (PQgetisnull(r, row, i))
				sqlite3_bind_null(st, i + 1);
			else
				sqlite3_bind_text(st, i + 1, PQgetvalue(r, row, i), -1, SQLITE_TRANSIENT);
		/* The time stamp columns (parties, users) take the next parameter. */
		if (t == SYNC_REF_BUYERS || t == SYNC_REF_USERS)
			sqlite3_bind_text(st, ncol + 1, now, -1, SQLITE_TRANSIENT);
		int rc = db_step(d, err, st);
		db_done(d, st);
		if (rc < 0)
			return err->status;
		int64_t v = strtoll(PQgetvalue(r, row, ncol), NULL, 10);
		if (v > *top)
			*top = v;
		(*count)++;
	}
	return SY_OK;
}

static int apply_tombstones(db *d, PGresult *r, int *counts, int64_t *top, sy_err *err)
{
	for (int row = 0; row < PQntuples(r); row++) {
		const char *tbl = PQgetvalue(r, row, 0);
		for (int t = 0; t < SYNC_REF_COUNT; t++) {
			if (strcmp(tbl, sync_ref_names[t]) != 0)
				continue;
			sqlite3_stmt *st = db_prepare(d, err, refs[t].local_delete);
			if (!st)
				return err->status;
			sqlite3_bind_text(st, 1, PQgetvalue(r, row, 1), -1, SQLITE_TRANSIENT);
			if (!PQgetisnull(r, row, 2) && sqlite3_bind_parameter_count(st) >= 2)
				sqlite3_bind_text(st, 2, PQgetvalue(r, row, 2), -1, SQLITE_TRANSIENT);
			int rc = db_step(d, err, st);
			db_done(d, st);
			if (rc < 0)
				return err->status;
			counts[t]++;
		}
		int64_t v = strtoll(PQgetvalue(r, row, 3), NULL, 10);
		if (v > *top)
			*top = v;
	}
	return SY_OK;
}

static int pull(db *d, pg *p, struct sync_result *out, sy_err *err)
{
	int64_t since = setting_int(d, "sync.pulled_version"), top = since;
	char since_text[24];
	snprintf(since_text, sizeof since_text, "%lld", (long long)since);
	const char *v[] = {since_text};
	/* SHARE on the lock before the snapshot: no edit still open can commit a
	 * version this pull would skip. */
	if (pg_exec(p, err, "BEGIN ISOLATION LEVEL REPEATABLE READ; LOCK TABLE sy.ref_lock IN SHARE MODE") != SY_OK)
		return err->status;
	PGresult *rows[SYNC_REF_COUNT + 1] = {0};
	int rc = SY_OK;
	for (int t = 0; t < SYNC_REF_COUNT && rc == SY_OK; t++)
		if (!(rows[t] = pg_query(p, err, refs[t].server_sql, 1, v)))
			rc = err->status;
	if (rc == SY_OK &&
	    !(rows[SYNC_REF_COUNT] = pg_query(p, err, "SELECT tbl, key[1], key[2], version FROM sy.ref_deleted WHERE version > $1"
						     " ORDER BY version", 1, v)))
		rc = err->status;
	if (rc == SY_OK)
		rc = pg_exec(p, err, "COMMIT");
	else
		pg_rollback(p);
	char now[20];
	db_now(now);
	if (rc == SY_OK && (rc = db_begin(d, err)) == SY_OK) {
		for (int t = 0; t < SYNC_REF_COUNT && rc == SY_OK; t++)
			rc = apply_ref_rows(d, t, rows[t], now, &out->pulled[t], &top, err);
		if (rc == SY_OK)
			rc = apply_tombstones(d, rows[SYNC_REF_COUNT], out->pulled, &top, err);
		for (int t = 0; t < SYNC_REF_COUNT; t++)
			out->pulled_total += out->pulled[t];
		if (rc == SY_OK && out->pulled_total > 0) {
			cJSON *o = cJSON_CreateObject();
			for (int t = 0; t < SYNC_REF_COUNT; t++)
				cJSON_AddNumberToObject(o, sync_ref_names[t], out->pulled[t]);
			cJSON_AddNumberToObject(o, "version", (double)top);
			char *json = cJSON_PrintUnformatted(o);
			cJSON_Delete(o);
			rc = audit_append(d, err, "sync", 0, "pull", NULL, json);
			free(json);
		}
		if (rc == SY_OK)
			rc = set_int(d, err, "sync.pulled_version", top);
		rc = db_end(d, rc, err);
	}
	for (int t = 0; t <= SYNC_REF_COUNT; t++)
		PQclear(rows[t]);
	out->pulled_version = top;
	return rc;
}

/* ---- sync ---- */

static void remember_failure(db *d, const sy_err *err)
{
	char now[20];
	db_now(now);
	if (db_begin(d, NULL) != SY_OK)
		return;
	int rc = db_set_setting(d, NULL, "sync.last_attempt", now);
	if (rc == SY_OK)
		rc = db_set_setting(d, NULL, "sync.last_error", err->msg);
	db_end(d, rc, NULL);
}

static int remember_success(db *d, struct sync_result *out, sy_err *err)
{
	db_now(out->at);
	if (db_begin(d, err) != SY_OK)
		return err->status;
	int rc = db_set_setting(d, err, "sync.last_success", out->at);
	if (rc == SY_OK)
		rc = db_set_setting(d, err, "sync.last_attempt", out->at);
	if (rc == SY_OK)
		rc = db_exec(d, err, "DELETE FROM settings WHERE key = 'sync.last_error'", NULL);
	return db_end(d, rc, err);
}

int sync_run(db *d, const char *url, sync_progress_fn progress, void *ctx, struct sync_result *out, sy_err *err)
{
	memset(out, 0, sizeof *out);
	char *u = sync_url(d, url, err);
	if (!u)
		return err->status;
	pg *p = pg_connect(u, err);
	struct yard_at_office y = {0};
	int rc = p ? identify(d, p, &y, err) : err->status;
	if (rc == SY_OK && !setting_int(d, "sync.capture"))
		rc = start_capture(d, u, &y, err);
	else if (rc == SY_OK && url && *url)
		rc = db_set_setting(d, err, "sync.url", u);
	/* Down first: what it changes here (buyers, its audit entry) goes up in
	 * the same run, and nothing is left waiting. */
	if (rc == SY_OK)
		rc = pull(d, p, out, err);
	if (rc == SY_OK) {
		struct pusher w = {.d = d, .p = p, .yard = y.id};
		snprintf(w.yard_text, sizeof w.yard_text, "%d", y.id);
		out->yard_id = y.id;
		sy_strlcpy(out->yard_name, y.name, sizeof out->yard_name);
		out->pushed_seq = y.pushed_seq;
		rc = push(&w, out, progress, ctx, err);
		out->rows = w.rows;
	}
	pg_close(p);
	free(u);
	if (rc == SY_OK)
		rc = remember_success(d, out, err);
	if (rc != SY_OK)
		remember_failure(d, err);
	return rc;
}

int sync_status_get(db *d, struct sync_status *out, sy_err *err)
{
	(void)err;
	memset(out, 0, sizeof *out);
	out->enabled = setting_int(d, "sync.capture") != 0;
	setting_copy(d, "sync.url", out->url, sizeof out->url);
	setting_copy(d, "sync.yard_name", out->yard_name, sizeof out->yard_name);
	setting_copy(d, "sync.last_success", out->last_success, sizeof out->last_success);
	setting_copy(d, "sync.last_attempt", out->last_attempt, sizeof out->last_attempt);
	setting_copy(d, "sync.last_error", out->last_error, sizeof out->last_error);
	out->yard_id = (int)setting_int(d, "sync.yard");
	out->pushed_seq = setting_int(d, "sync.pushed_seq");
	out->pulled_version = setting_int(d, "sync.pulled_version");
	db_int64(d, NULL, &out->waiting, "SELECT count(*) FROM sync_outbox WHERE seq > ?", "I", out->pushed_seq);
	char *since = db_text(d, NULL, "SELECT min(at) FROM sync_outbox WHERE seq > ?", "I", out->pushed_seq);
	sy_strlcpy(out->waiting_since, since ? since : "", sizeof out->waiting_since);
	free(since);
	return SY_OK;
}

/* ---- verify ---- */

struct hasher {
	crypto_hash_sha256_state h;
	int64_t rows;
};

static void hash_chunk(void *ctx, const char *buf, int n)
{
	struct hasher *x = ctx;
	crypto_hash_sha256_update(&x->h, (const unsigned char *)buf, (size_t)n);
	for (int i = 0; i < n; i++)
		x->rows += buf[i] == '\n';
}

static void hash_hex(struct hasher *x, char out[65])
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&x->h, digest);
	sodium_bin2hex(out, 65, digest, sizeof digest);
}

static int hash_local(db *d, const struct cols *c, struct sync_check *out, sy_err *err)
{
	char *sql = xasprintf("SELECT %s FROM \"%s\" ORDER BY %s", c->list, c->table, c->pk_list);
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db_handle(d), sql, -1, &st, NULL);
	free(sql);
	if (rc != SQLITE_OK)
		return db_fail(d, err, rc, _("reading the yard's records"));
	struct hasher x = {0};
	crypto_hash_sha256_init(&x.h);
	struct buf b = {0};
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int i = 0; i < c->n; i++) {
			if (i)
				buf_char(&b, '\t');
			render_value(&b, sqlite3_column_value(st, i));
		}
		buf_char(&b, '\n');
		if (b.n >= COPY_CHUNK) {
			hash_chunk(&x, b.p, (int)b.n);
			b.n = 0;
		}
	}
	sqlite3_finalize(st);
	if (b.n)
		hash_chunk(&x, b.p, (int)b.n);
	buf_free(&b);
	if (rc != SQLITE_DONE)
		return db_fail(d, err, rc, _("reading the yard's records"));
	out->local_rows = x.rows;
	hash_hex(&x, out->local_hash);
	return SY_OK;
}

static int hash_server(pg *p, int yard, const struct cols *c, struct sync_check *out, sy_err *err)
{
	char *sql = xasprintf("COPY (SELECT %s FROM sy.\"%s\" WHERE yard_id = %d ORDER BY %s) TO STDOUT", c->list, c->table,
			      yard, c->pk_list);
	struct hasher x = {0};
	crypto_hash_sha256_init(&x.h);
	int rc = pg_copy_out(p, err, sql, hash_chunk, &x);
	free(sql);
	out->server_rows = x.rows;
	hash_hex(&x, out->server_hash);
	return rc;
}

int sync_verify(db *d, const char *url, struct sync_check *out, int max, int *n, int64_t *waiting, int *equal,
		sy_err *err)
{
	*n = 0;
	*equal = 1;
	*waiting = 0;
	char *u = sync_url(d, url, err);
	if (!u)
		return err->status;
	pg *p = pg_connect(u, err);
	free(u);
	struct yard_at_office y = {0};
	if (!p || identify(d, p, &y, err) != SY_OK) {
		pg_close(p);
		return err->status;
	}
	/* Both sides read at one moment each: the yard's snapshot, the head office's. */
	sqlite3 *h = db_handle(d);
	int rc = sqlite3_exec(h, "BEGIN DEFERRED; SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		pg_close(p);
		return db_fail(d, err, rc, _("reading the yard's records"));
	}
	int status = pg_exec(p, err, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
	if (status == SY_OK) {
		char *mark = pg_value(p, err, "SELECT pushed_seq FROM sy.yards WHERE yard_id = sy.my_yard()", 0, NULL);
		int64_t at_office = mark ? strtoll(mark, NULL, 10) : -1;
		free(mark);
		if (at_office < 0)
			*waiting = setting_int(d, "sync.capture") ? last_outbox_seq(d) : 1;
		else
			db_int64(d, NULL, waiting, "SELECT count(*) FROM sync_outbox WHERE seq > ?", "I", at_office);
	}
	for (const char *const *t = sync_owned_tables; *t && status == SY_OK && *n < max; t++) {
		struct cols c;
		struct sync_check *one = &out[*n];
		memset(one, 0, sizeof *one);
		sy_strlcpy(one->table, *t, sizeof one->table);
		status = table_cols(d, *t, &c, err);
		if (status == SY_OK)
			status = hash_local(d, &c, one, err);
		if (status == SY_OK)
			status = hash_server(p, y.id, &c, one, err);
		if (status == SY_OK) {
			(*n)++;
			if (one->local_rows != one->server_rows || strcmp(one->local_hash, one->server_hash) != 0)
				*equal = 0;
		}
	}
	sqlite3_exec(h, "COMMIT", NULL, NULL, NULL);
	pg_rollback(p);
	pg_close(p);
	return status;
}
