/* Benchmarks of the store, measured in-process: synthetic yard generation,
 * durable check-in against a bare insert, search against LIKE, size.
 * Prints "bench NAME: VALUE UNIT" and "ratio NAME: X (ours / peer)". */
#include <fcntl.h>
#include <malloc.h>
#include <poll.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "db/db.h"
#include "db/ident.h"
#include "db/maintain.h"
#include "db/part.h"
#include "db/site.h"
#include "base/util.h"
#include "db/vehicle.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double percentile(double *v, int n, double p)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	int i = (int)ceil(p * n) - 1;
	return v[i < 0 ? 0 : i >= n ? n - 1 : i];
}

static db *open_or_die(const char *path)
{
	sy_err err = {0};
	db *d = db_open(path, DB_OPEN_CREATE, &err);
	if (!d) {
		fprintf(stderr, "sybench: %s\n", err.msg);
		exit(2);
	}
	return d;
}

/* ---- synthetic data: realistic shapes, deterministic ---- */

static unsigned long long rng = 88172645463325252ULL;
static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static const char *const wmis[] = {"LSV", "LFV", "LGB", "LVS", "LHG", "LSG", "LDC", "LGW", "LNB", "LBV", "LVH", "LZW", "1M8", "WVW", "JTD"};
static const char vin_chars[] = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
static const char *const provinces[] = {"京", "津", "沪", "渝", "冀", "豫", "云", "辽", "黑", "湘", "皖", "鲁", "新", "苏", "浙", "赣", "鄂", "桂", "甘", "晋", "蒙", "陕", "吉", "闽", "贵", "粤", "青", "藏", "川", "宁", "琼"};
static const char plate_chars[] = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
static const char *const surnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗"};
static const char *const given[] = {"伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英"};
static const char *const models[] = {"大众 桑塔纳", "丰田 卡罗拉", "本田 雅阁", "比亚迪 秦", "五菱 宏光", "吉利 帝豪", "长安 CS75", "哈弗 H6", "别克 凯越", "日产 轩逸"};

static void make_vin(char vin[18])
{
	const char *w = wmis[rnd(sizeof wmis / sizeof wmis[0])];
	memcpy(vin, w, 3);
	for (int i = 3; i < 17; i++)
		vin[i] = vin_chars[rnd(sizeof vin_chars - 1)];
	vin[9] = "ABCDEFGHJKLMNPRSTVWXY123456789"[rnd(30)];
	for (int i = 11; i < 17; i++)
		vin[i] = '0' + rnd(10);
	vin[17] = '\0';
	vin[8] = ident_vin_check_digit(vin);
}

static void make_plate(char *out, size_t size)
{
	char tail[6];
	for (int i = 0; i < 5; i++)
		tail[i] = plate_chars[rnd(sizeof plate_chars - 1)];
	tail[5] = '\0';
	snprintf(out, size, "%s%c%s", provinces[rnd(31)], 'A' + rnd(12), tail);
}

/* The I-th of up to 34^5 distinct plates: the tail is I scrambled by a
 * multiplier prime to 34^5, a bijection, so no two rows share a plate. */
static void make_unique_plate(long i, char *out, size_t size)
{
	const unsigned long long span = 34ULL * 34 * 34 * 34 * 34;
	unsigned long long x = ((unsigned long long)i * 2654435761ULL) % span;
	char tail[6];
	for (int k = 4; k >= 0; k--, x /= 34)
		tail[k] = plate_chars[x % 34];
	tail[5] = '\0';
	snprintf(out, size, "%s%c%s", provinces[rnd(31)], 'A' + rnd(12), tail);
}

static void make_name(char *out, size_t size)
{
	snprintf(out, size, "%s%s%s", surnames[rnd(20)], given[rnd(23)], rnd(2) ? given[rnd(23)] : "");
}

static void exec_or_die(sqlite3 *h, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "sybench: %s: %s\n", sql, msg);
		exit(2);
	}
}

static const char *const part_kinds[] = {"engine", "transmission", "door", "headlamp", "tail_lamp", "mirror", "alternator", "starter", "seat", "wheel", "ecu", "radiator", "bumper_front", "catalyst", "tyre", "ac_compressor", "axle", "steering"};
static const char *const dests[] = {"reuse", "reuse", "material", "reman", "material", "hazardous"};

static void gen_vehicles(sqlite3 *h, long n)
{
	sqlite3_stmt *st;
	sqlite3_prepare_v2(h,
			   "INSERT INTO vehicles(id, stock_no, vin, plate, brand_model, power_type, received_date, weighed_kg,"
			   " owner_kind, owner_name, owner_id, status, created_by, created_at, updated_at)"
			   " VALUES (?, ?, ?, ?, ?, 'petrol', ?, ?, 'person', ?, '11010519491231002X', ?, 'bench', ?, ?)",
			   -1, &st, NULL);
	char vin[18], plate[32], name[64], stock[40], date[48], at[64];
	for (long i = 1; i <= n; i++) {
		int year = 2020 + (int)((i - 1) * 7 / n);
		snprintf(stock, sizeof stock, "V%04d-%06ld", year, i);
		snprintf(date, sizeof date, "%04d-%02u-%02u", year, 1 + rnd(12), 1 + rnd(28));
		snprintf(at, sizeof at, "%s 10:00:00", date);
		make_vin(vin);
		make_plate(plate, sizeof plate);
		make_name(name, sizeof name);
		sqlite3_bind_int64(st, 1, i);
		sqlite3_bind_text(st, 2, stock, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, vin, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, plate, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, models[rnd(10)], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, date, -1, SQLITE_STATIC);
		sqlite3_bind_double(st, 7, 900 + rnd(1200));
		sqlite3_bind_text(st, 8, name, -1, SQLITE_STATIC);
		/* Older vehicles are finished; the newest stay open (one open record per VIN/plate). */
		sqlite3_bind_text(st, 9, i > n - 2000 ? "open" : "closed", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 10, at, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 11, at, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE) {
			/* a random plate collided with an open one: skip it */
			sqlite3_reset(st);
			sqlite3_bind_null(st, 4);
			sqlite3_step(st);
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
}

static void gen_parts(sqlite3 *h, long vehicles, long n)
{
	sqlite3_stmt *st;
	sqlite3_prepare_v2(h,
			   "INSERT INTO parts(id, part_no, vehicle_id, kind, grade, dest, weight_kg, location, price, status,"
			   " created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'bench', ?, ?)",
			   -1, &st, NULL);
	char part_no[40], loc[24];
	for (long i = 1; i <= n; i++) {
		long vid = 1 + (i - 1) * vehicles / n;
		int year = 2020 + (int)((vid - 1) * 7 / vehicles);
		const char *kind = part_kinds[rnd(sizeof part_kinds / sizeof part_kinds[0])];
		int assembly = !strcmp(kind, "engine") || !strcmp(kind, "transmission") || !strcmp(kind, "axle") ||
			       !strcmp(kind, "steering");
		const char *dest = assembly ? "reman" : dests[rnd(6)];
		snprintf(part_no, sizeof part_no, "P%04d-%07ld", year, i);
		snprintf(loc, sizeof loc, "%c%02u-%02u", 'A' + rnd(8), rnd(40), rnd(20));
		sqlite3_bind_int64(st, 1, i);
		sqlite3_bind_text(st, 2, part_no, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, vid);
		sqlite3_bind_text(st, 4, kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, rnd(3) == 0 ? "A" : rnd(2) ? "B" : "C", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, dest, -1, SQLITE_STATIC);
		sqlite3_bind_double(st, 7, 1 + rnd(150));
		sqlite3_bind_text(st, 8, loc, -1, SQLITE_STATIC);
		sqlite3_bind_double(st, 9, 50 + rnd(3000));
		sqlite3_bind_text(st, 10, rnd(3) ? "stock" : "sold", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 11, "2024-01-01 10:00:00", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 12, "2024-01-01 10:00:00", -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE) {
			fprintf(stderr, "sybench: part insert: %s\n", sqlite3_errmsg(h));
			exit(2);
		}
		sqlite3_reset(st);
		if (i % 1000000 == 0) {
			exec_or_die(h, "COMMIT; BEGIN");
			if (isatty(STDERR_FILENO)) /* progress for a person, not for a log */
				fprintf(stderr, "\rparts: %ld / %ld", i, n);
		}
	}
	if (isatty(STDERR_FILENO))
		fprintf(stderr, "\n");
	sqlite3_finalize(st);
}

/* The schema's SQL for triggers and indexes on the big tables, dropped
 * while the rows go in and put back afterwards exactly as the schema has
 * them: an index built by sorting is many times faster than row by row. */
static char *take_out(db *d, sqlite3 *h, const char *type)
{
	static const char *const of_big_tables =
		" FROM sqlite_master WHERE type = ?1 AND sql IS NOT NULL AND tbl_name IN ('vehicles', 'parts', 'part_kinds')";
	sy_err err = {0};
	char *sql = xasprintf("SELECT coalesce(group_concat(sql, ';'), '') %s", of_big_tables);
	char *saved = db_text(d, &err, sql, "t", type);
	free(sql);
	sql = xasprintf("SELECT coalesce(group_concat('DROP ' || type || ' \"' || name || '\"', ';'), '') %s", of_big_tables);
	char *drops = db_text(d, &err, sql, "t", type);
	free(sql);
	if (!saved || !drops) {
		fprintf(stderr, "sybench: %s\n", err.msg);
		exit(2);
	}
	exec_or_die(h, drops);
	free(drops);
	return saved;
}

static double lap(double *t)
{
	double now = now_ms(), s = (now - *t) / 1e3;
	*t = now;
	return s;
}

static int cmd_gen(const char *path, long vehicles, long parts)
{
	double t = now_ms(), t0 = t;
	db *d = open_or_die(path);
	struct site s = {.name = "绿源报废汽车回收有限公司", .license_no = "BJ-2026-001", .address = "北京市大兴区"};
	sy_err err = {0};
	site_save(d, &s, &err);
	sqlite3 *h = db_handle(d);
	/* Generation only: the data is a fixture, not clerk records. */
	char *triggers = take_out(d, h, "trigger"), *indexes = take_out(d, h, "index");
	/* threads: CREATE INDEX sorts on both cores. */
	exec_or_die(h, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA foreign_keys=OFF; PRAGMA cache_size=-200000;"
		       "PRAGMA threads=2; BEGIN");
	gen_vehicles(h, vehicles);
	exec_or_die(h, "COMMIT; BEGIN");
	printf("bench generate_vehicles: %.1f s (%ld vehicles)\n", lap(&t), vehicles);
	gen_parts(h, vehicles, parts);
	exec_or_die(h, "COMMIT");
	printf("bench generate_parts: %.1f s (%ld parts)\n", lap(&t), parts);
	exec_or_die(h, indexes);
	printf("bench generate_indexes: %.1f s\n", lap(&t));
	/* Rows in the search indexes' own order (rowid = -id), then one segment
	 * each, as `scrapyard maintain` leaves a yard's database. */
	exec_or_die(h, "INSERT INTO vehicles_fts(rowid, stock_serial, vin, plate, owner_name)"
		       " SELECT -id, substr(stock_no, 7), vin, plate, owner_name FROM vehicles ORDER BY id DESC;"
		       "INSERT INTO parts_fts(rowid, part_serial) SELECT -id, substr(part_no, 7) FROM parts ORDER BY id DESC;"
		       "UPDATE search_indexed SET upto = (SELECT max(id) FROM vehicles) WHERE name = 'vehicles';");
	/* The pairs of Chinese characters in owners' names (schema step 15), as
	 * its insert trigger would have kept them. */
	exec_or_die(h, "INSERT OR IGNORE INTO vehicle_name_pairs(pair, neg_id)"
		       " SELECT substr(v.owner_name, p.n, 2), -v.id FROM vehicles v, name_positions p"
		       " WHERE p.n < length(v.owner_name) AND (unicode(substr(v.owner_name, p.n, 1)) >= 11904"
		       " OR unicode(substr(v.owner_name, p.n + 1, 1)) >= 11904)");
	printf("bench generate_search_index: %.1f s\n", lap(&t));
	exec_or_die(h, "INSERT INTO vehicles_fts(vehicles_fts) VALUES('optimize');"
		       "INSERT INTO parts_fts(parts_fts) VALUES('optimize');");
	exec_or_die(h, triggers);
	exec_or_die(h, "PRAGMA journal_mode=WAL; PRAGMA optimize");
	printf("bench generate_optimize: %.1f s\n", lap(&t));
	free(triggers);
	free(indexes);
	db_close(d);
	printf("bench generate_total: %.1f s\n", (now_ms() - t0) / 1e3);
	return 0;
}

/* ---- durable check-in against a bare insert of the same row ---- */

static void sample_vehicle(struct vehicle *v, int i)
{
	vehicle_init(v);
	make_vin(v->vin);
	snprintf(v->plate, sizeof v->plate, "琼Z%05d", i % 100000);
	strcpy(v->owner_name, "张三");
	strcpy(v->owner_id, "11010519491231002X");
	strcpy(v->brand_model, "大众 桑塔纳");
	v->doc_registration = v->doc_licence = 1;
	v->plates_returned = 2;
	v->weighed_kg = 1130;
}

static int cmd_checkin(const char *dir, int n)
{
	char ours_path[512], bare_path[512];
	snprintf(ours_path, sizeof ours_path, "%s/checkin.db", dir);
	snprintf(bare_path, sizeof bare_path, "%s/bare.db", dir);
	remove(ours_path);
	remove(bare_path);
	db *ours = open_or_die(ours_path);
	/* The peer: the same row into a table with the same columns and no index,
	 * no search index, no audit row; same WAL and synchronous=FULL. */
	db *bare = open_or_die(bare_path);
	sqlite3 *bh = db_handle(bare);
	exec_or_die(bh, "CREATE TABLE bare AS SELECT * FROM vehicles WHERE 0");
	sqlite3_stmt *ins;
	sqlite3_prepare_v2(bh, "INSERT INTO bare(stock_no, vin, plate, brand_model, received_date, weighed_kg, owner_kind, owner_name, owner_id, status, created_by, created_at, updated_at)"
			       " VALUES (?, ?, ?, ?, ?, ?, 'person', ?, ?, 'open', 'bench', ?, ?)", -1, &ins, NULL);
	double *t_ours = xcalloc((size_t)n, sizeof(double)), *t_bare = xcalloc((size_t)n, sizeof(double));
	sy_err err = {0};
	for (int i = 0; i < n; i++) {
		struct vehicle v;
		sample_vehicle(&v, i);
		double t = now_ms();
		if (vehicle_add(ours, &v, &err) != SY_OK) {
			fprintf(stderr, "sybench: %s\n", err.msg);
			return 2;
		}
		t_ours[i] = now_ms() - t;
		t = now_ms();
		sqlite3_exec(bh, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		sqlite3_bind_text(ins, 1, v.stock_no, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 2, v.vin, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 3, v.plate, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 4, v.brand_model, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 5, v.received_date, -1, SQLITE_STATIC);
		sqlite3_bind_double(ins, 6, v.weighed_kg);
		sqlite3_bind_text(ins, 7, v.owner_name, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 8, v.owner_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 9, v.created_at, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 10, v.created_at, -1, SQLITE_STATIC);
		sqlite3_step(ins);
		sqlite3_reset(ins);
		sqlite3_exec(bh, "COMMIT", NULL, NULL, NULL);
		t_bare[i] = now_ms() - t;
	}
	sqlite3_finalize(ins);
	double ours_p50 = percentile(t_ours, n, 0.5), bare_p50 = percentile(t_bare, n, 0.5);
	printf("bench checkin_durable_p50: %.3f ms\n", ours_p50);
	printf("bench bare_insert_durable_p50: %.3f ms\n", bare_p50);
	printf("ratio checkin_vs_bare_insert: %.2f (ours / peer; target <= 1.25)\n", ours_p50 / bare_p50);
	free(t_ours);
	free(t_bare);
	db_close(ours);
	db_close(bare);
	return 0;
}

/* ---- search by fragment against LIKE '%x%' ---- */

/* What the search screen asks for on each keystroke: the rows it can show
 * on a 24-line terminal. */
#define SCREEN_ROWS 20

static int count_cb(const struct vehicle *v, void *ctx)
{
	(void)v;
	(*(int *)ctx)++;
	return 0;
}

static int count_part_cb(const struct part *p, void *ctx)
{
	(void)p;
	(*(int *)ctx)++;
	return 0;
}

/* The kinds of fragment a clerk types, in random_fragment's order. */
enum { FRAG_STOCK, FRAG_VIN, FRAG_PLATE, FRAG_OWNER, FRAG_PART, FRAG_NAME_PAIR, FRAG_DOTTED_PLATE, FRAG_KINDS };

/* What a clerk types: 4-6 characters of a stock number, VIN, plate or part
 * number, a whole owner name (2-3 Chinese characters), two Chinese
 * characters from inside a name (a given name), or a plate with the dot
 * printed after its office letter (京A·12345), from a random record. *kind
 * says which; returns 1 for a part number (searched in the inventory). */
static int random_fragment(sqlite3 *h, long max_vehicle, long max_part, char *out, size_t size, int *kind)
{
	int what = (int)rnd(FRAG_KINDS), col = what == FRAG_NAME_PAIR ? 3 : what == FRAG_DOTTED_PLATE ? 2 : what;
	int part = what == FRAG_PART;
	if (kind)
		*kind = what;
	sqlite3_stmt *st;
	sqlite3_prepare_v2(h,
			   part ? "SELECT part_no FROM parts WHERE id >= ? LIMIT 1"
				: "SELECT stock_no, vin, coalesce(plate, vin), owner_name FROM vehicles WHERE id >= ? LIMIT 1",
			   -1, &st, NULL);
	sqlite3_bind_int64(st, 1, 1 + rnd((unsigned)(part ? max_part : max_vehicle)));
	sqlite3_step(st);
	const char *s = (const char *)sqlite3_column_text(st, part ? 0 : col);
	size_t n = strlen(s);
	if (what == FRAG_NAME_PAIR) {
		/* Two characters (three bytes each) after the surname: the given name. */
		size_t chars = n / 3, at = chars > 2 ? 1 + rnd((unsigned)(chars - 2)) : 0;
		snprintf(out, size, "%.*s", 6, s + 3 * at);
	} else if (what == FRAG_DOTTED_PLATE && (unsigned char)s[0] >= 0x80 && n > 4) {
		snprintf(out, size, "%.4s·%s", s, s + 4); /* 京A · 12345 */
	} else if (col == 3) {
		sy_strlcpy(out, s, size);
	} else {
		/* plates: the characters after the province (one Chinese character) */
		if (col == 2 && (unsigned char)s[0] >= 0x80)
			s += 3, n -= 3;
		size_t want = 4 + rnd(3), start = n > want ? rnd((unsigned)(n - want + 1)) : 0;
		snprintf(out, size, "%.*s", (int)want, s + start);
	}
	sqlite3_finalize(st);
	return part;
}

/* The processor time of this thread: what a search costs, whatever else
 * the machine runs meanwhile (a shared machine's load lengthens the clock
 * time of a few searches by milliseconds, and so its 99th percentile). */
static double cpu_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double last_cpu_ms; /* of the last timed_search */

static double timed_search(db *d, const char *frag, int part)
{
	sy_err err = {0};
	int hits = 0;
	double t0 = now_ms(), c0 = cpu_ms();
	if (part) {
		struct part_query q = {.text = frag, .limit = SCREEN_ROWS};
		part_search(d, &q, count_part_cb, &hits, &err);
	} else {
		vehicle_search(d, frag, SCREEN_ROWS, count_cb, &hits, &err);
	}
	last_cpu_ms = cpu_ms() - c0;
	return now_ms() - t0;
}

static int cmd_search(const char *path, int n)
{
	db *d = open_or_die(path);
	sqlite3 *h = db_handle(d);
	int64_t max_vehicle = 0, max_part = 0;
	sy_err err = {0};
	db_int64(d, &err, &max_vehicle, "SELECT max(id) FROM vehicles", NULL);
	db_int64(d, &err, &max_part, "SELECT coalesce(max(id), 1) FROM parts", NULL);
	double *all = xcalloc((size_t)n, sizeof(double)), *parts = xcalloc((size_t)n, sizeof(double));
	double *pairs = xcalloc((size_t)n, sizeof(double)), *dotted = xcalloc((size_t)n, sizeof(double));
	double *cpu = xcalloc((size_t)n, sizeof(double)), *pairs_cpu = xcalloc((size_t)n, sizeof(double));
	double *dotted_cpu = xcalloc((size_t)n, sizeof(double));
	int nparts = 0, npairs = 0, ndotted = 0, kind;
	char frag[128];
	/* SYBENCH_SHOW_SLOW=MS names the fragments slower than that, for profiling. */
	double show_slow = getenv("SYBENCH_SHOW_SLOW") ? atof(getenv("SYBENCH_SHOW_SLOW")) : 0;
	for (int i = 0; i < n; i++) {
		int part = random_fragment(h, max_vehicle, max_part, frag, sizeof frag, &kind);
		all[i] = timed_search(d, frag, part);
		cpu[i] = last_cpu_ms;
		if (show_slow > 0 && all[i] > show_slow)
			fprintf(stderr, "slow: %.2f ms for %s \"%s\"\n", all[i], part ? "part" : "vehicle", frag);
		if (part)
			parts[nparts++] = all[i];
		if (kind == FRAG_NAME_PAIR)
			pairs_cpu[npairs] = cpu[i], pairs[npairs++] = all[i];
		if (kind == FRAG_DOTTED_PLATE)
			dotted_cpu[ndotted] = cpu[i], dotted[ndotted++] = all[i];
	}
	double p50 = percentile(all, n, 0.5), p99 = percentile(all, n, 0.99);
	printf("bench search_p50: %.3f ms (%d fragments of stock no, VIN, plate, owner, part no, two characters of a"
	       " name, dotted plate; %lld vehicles, %lld parts)\n", p50, n, (long long)max_vehicle, (long long)max_part);
	printf("bench search_p99: %.3f ms (target < 2 ms)\n", p99);
	printf("bench search_p99_cpu: %.3f ms (processor time of the search alone, whatever the machine's load)\n",
	       percentile(cpu, n, 0.99));
	if (nparts)
		printf("bench search_part_no_p99: %.3f ms (%d of them)\n", percentile(parts, nparts, 0.99), nparts);
	if (npairs)
		printf("bench search_name_pair_p99: %.3f ms (processor %.3f ms; %d two-character fragments inside owner names)\n",
		       percentile(pairs, npairs, 0.99), percentile(pairs_cpu, npairs, 0.99), npairs);
	if (ndotted)
		printf("bench search_dotted_plate_p99: %.3f ms (processor %.3f ms; %d plates typed with ·)\n",
		       percentile(dotted, ndotted, 0.99), percentile(dotted_cpu, ndotted, 0.99), ndotted);
	free(pairs);
	free(dotted);
	free(cpu);
	free(pairs_cpu);
	free(dotted_cpu);
	/* Short fragments: prefixes through the B-tree indexes. */
	const char *shorts[] = {"L", "京", "V2", "1M", "王", "LS", "粤B", "9"};
	double ts[16];
	for (int i = 0; i < 8; i++) {
		ts[i] = timed_search(d, shorts[i], 0);
		ts[8 + i] = timed_search(d, shorts[i], 1);
	}
	printf("bench search_short_fragment_p50: %.3f ms (1-2 characters: B-tree prefixes)\n", percentile(ts, 16, 0.5));
	/* The peer: LIKE over the same vehicle columns, a full scan. */
	int like_runs = 5;
	double tl[5];
	sqlite3_stmt *st;
	sqlite3_prepare_v2(h, "SELECT id FROM vehicles WHERE stock_no LIKE ?1 OR vin LIKE ?1 OR plate LIKE ?1 OR owner_name LIKE ?1 LIMIT 20", -1, &st, NULL);
	for (int i = 0; i < like_runs; i++) {
		while (random_fragment(h, max_vehicle, max_part, frag, sizeof frag, NULL))
			;
		char pattern[140];
		snprintf(pattern, sizeof pattern, "%%%s%%", frag);
		/* A fragment that matches nothing forces the scan LIKE does per keystroke. */
		if (i % 2 == 0)
			snprintf(pattern, sizeof pattern, "%%%sQQ%%", frag);
		double t0 = now_ms();
		sqlite3_bind_text(st, 1, pattern, -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW)
			;
		sqlite3_reset(st);
		tl[i] = now_ms() - t0;
	}
	sqlite3_finalize(st);
	double like = percentile(tl, like_runs, 0.5);
	printf("bench search_like_scan_p50: %.1f ms (vehicles)\n", like);
	printf("ratio search_vs_like: %.5f (ours / peer; target <= 0.001)\n", p50 / like);
	free(all);
	free(parts);
	db_close(d);
	return 0;
}

/* One fragment searched n times, each time printed: a slow fragment of
 * `search` (SYBENCH_SHOW_SLOW) looked at alone. */
static int cmd_search_one(const char *path, const char *frag, int n, int part)
{
	db *d = open_or_die(path);
	for (int i = 0; i < n; i++)
		printf("%.3f ms\n", timed_search(d, frag, part));
	db_close(d);
	return 0;
}

/* ---- check-in against a bare insert into the same database, as it grows ---- */

static int64_t count_of(db *d, const char *sql)
{
	int64_t n = 0;
	sy_err err = {0};
	db_int64(d, &err, &n, sql, NULL);
	return n;
}

/* Check-ins into a generated yard: VINs other than the generator's, which
 * starts from the same seed. */
static void reseed(void)
{
	rng = 0x9E3779B97F4A7C15ULL;
}

static void add_or_die(db *d, struct vehicle *v)
{
	sy_err err = {0};
	if (vehicle_add(d, v, &err) != SY_OK) {
		fprintf(stderr, "sybench: check-in: %s\n", err.msg);
		exit(2);
	}
}

/* FILL check-ins one by one, as at a counter, without waiting for the disk
 * (the same pages and segments; only the syncs are left out, to save
 * time). Plates from FIRST up. */
static void fill_checkins(db *d, int first, int fill)
{
	exec_or_die(db_handle(d), "PRAGMA synchronous=OFF");
	for (int i = 0; i < fill; i++) {
		struct vehicle v;
		sample_vehicle(&v, first + i);
		add_or_die(d, &v);
	}
	exec_or_die(db_handle(d), "PRAGMA synchronous=FULL");
}

static void copy_or_die(const char *from, const char *to)
{
	char *cmd = xasprintf("cp -f '%s' '%s' && rm -f '%s-wal' '%s-shm'", from, to, to, to);
	if (system(cmd) != 0) {
		fprintf(stderr, "sybench: cannot copy %s\n", from);
		exit(2);
	}
	free(cmd);
}

/* Pages written per commit, from the WAL hook (which replaces SQLite's own
 * automatic checkpoint: done here the same way, at 1,000 frames). */
static long wal_frames, wal_last;
static int count_frames(void *ctx, sqlite3 *h, const char *name, int frames)
{
	(void)ctx;
	wal_frames += frames >= wal_last ? frames - wal_last : frames;
	wal_last = frames;
	if (frames >= 1000) {
		sqlite3_wal_checkpoint_v2(h, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		wal_last = 0;
	}
	return SQLITE_OK;
}

/* SYBENCH_PROFILE=1: each statement's total time over the measured
 * check-ins, the costliest first, for finding what grows. */
#define PROFILE_MAX 64
static struct {
	const char *sql;
	double ms;
	int n;
} profile[PROFILE_MAX];
static int profile_on, nprofile;
static int profile_statement(unsigned type, void *ctx, void *p, void *x)
{
	(void)ctx;
	if (type != SQLITE_TRACE_PROFILE || !profile_on)
		return 0;
	const char *sql = sqlite3_sql(p);
	int i = 0;
	while (i < nprofile && profile[i].sql != sql)
		i++;
	if (i == nprofile && nprofile < PROFILE_MAX)
		profile[nprofile++].sql = sql;
	if (i < PROFILE_MAX) {
		profile[i].ms += *(sqlite3_int64 *)x / 1e6;
		profile[i].n++;
	}
	return 0;
}

static int by_ms(const void *a, const void *b)
{
	double x = ((const typeof(profile[0]) *)a)->ms, y = ((const typeof(profile[0]) *)b)->ms;
	return x < y ? 1 : x > y ? -1 : 0;
}

static void profile_print(int checkins)
{
	qsort(profile, (size_t)nprofile, sizeof profile[0], by_ms);
	for (int i = 0; i < nprofile && i < 12; i++)
		printf("# %.4f ms per check-in, %d runs: %.100s\n", profile[i].ms / checkins, profile[i].n, profile[i].sql);
	memset(profile, 0, sizeof profile);
	nprofile = 0;
}

/* SYBENCH_PAGES=1: which table or index each page of one more check-in's
 * commit belongs to, read from the frames it appended to the log. */
static void pages_print(db *d, const char *path, struct vehicle *v)
{
	sqlite3 *h = db_handle(d);
	long before = wal_last;
	add_or_die(d, v);
	long first = wal_last >= before ? before + 1 : 1;
	char *wal = xasprintf("%s-wal", path);
	FILE *f = fopen(wal, "rb");
	free(wal);
	if (!f)
		return;
	sqlite3_stmt *st;
	sqlite3_prepare_v2(h, "SELECT name FROM dbstat WHERE pageno = ?", -1, &st, NULL);
	int page_size = (int)count_of(d, "PRAGMA page_size");
	for (long k = first; k <= wal_last; k++) {
		unsigned char hdr[4];
		if (fseek(f, 32 + (k - 1) * (24L + page_size), SEEK_SET) != 0 || fread(hdr, 1, 4, f) != 4)
			break;
		unsigned pgno = (unsigned)hdr[0] << 24 | hdr[1] << 16 | hdr[2] << 8 | hdr[3];
		sqlite3_bind_int64(st, 1, pgno);
		const char *name = sqlite3_step(st) == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : "(header or free)";
		printf("# page %u: %s\n", pgno, name);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	fclose(f);
}

/* The check-in (vehicle_add: row, number, audit, search backlog, durable
 * commit) and the peer, the same row into a table with the same columns
 * and no index in the same database file, alternating, N each. The yard is
 * a copy of FROM ("-": empty) after FILL more check-ins. */
static int cmd_checkin_at(const char *from, const char *dir, int fill, int n)
{
	char *path = xasprintf("%s/checkin_at.db", dir);
	remove(path);
	reseed();
	if (strcmp(from, "-") != 0)
		copy_or_die(from, path);
	db *d = open_or_die(path);
	sqlite3 *h = db_handle(d);
	fill_checkins(d, 0, fill);
	int64_t size = count_of(d, "SELECT count(*) FROM vehicles");
	sqlite3_wal_hook(h, count_frames, NULL);
	exec_or_die(h, "CREATE TABLE bench_bare AS SELECT * FROM vehicles WHERE 0");
	sqlite3_stmt *ins;
	sqlite3_prepare_v2(h, "INSERT INTO bench_bare(stock_no, vin, plate, brand_model, received_date, weighed_kg, owner_kind, owner_name, owner_id, status, created_by, created_at, updated_at)"
			      " VALUES (?, ?, ?, ?, ?, ?, 'person', ?, ?, 'open', 'bench', ?, ?)", -1, &ins, NULL);
	double *t_ours = xcalloc((size_t)n, sizeof(double)), *t_bare = xcalloc((size_t)n, sizeof(double));
	long pages_ours = 0, pages_bare = 0;
	double *p_ours = xcalloc((size_t)n, sizeof(double));
	double *c_ours = xcalloc((size_t)n, sizeof(double)), *c_bare = xcalloc((size_t)n, sizeof(double));
	sqlite3_trace_v2(h, SQLITE_TRACE_PROFILE, profile_statement, NULL);
	for (int i = 0; i < n; i++) {
		struct vehicle v;
		sample_vehicle(&v, fill + i);
		long frames = wal_frames;
		profile_on = getenv("SYBENCH_PROFILE") != NULL;
		double t = now_ms(), c = cpu_ms();
		add_or_die(d, &v);
		t_ours[i] = now_ms() - t;
		c_ours[i] = cpu_ms() - c;
		profile_on = 0;
		pages_ours += wal_frames - frames;
		p_ours[i] = (double)(wal_frames - frames);
		frames = wal_frames;
		t = now_ms(), c = cpu_ms();
		exec_or_die(h, "BEGIN IMMEDIATE");
		sqlite3_bind_text(ins, 1, v.stock_no, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 2, v.vin, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 3, v.plate, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 4, v.brand_model, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 5, v.received_date, -1, SQLITE_STATIC);
		sqlite3_bind_double(ins, 6, v.weighed_kg);
		sqlite3_bind_text(ins, 7, v.owner_name, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 8, v.owner_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 9, v.created_at, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 10, v.created_at, -1, SQLITE_STATIC);
		sqlite3_step(ins);
		sqlite3_reset(ins);
		exec_or_die(h, "COMMIT");
		t_bare[i] = now_ms() - t;
		c_bare[i] = cpu_ms() - c;
		pages_bare += wal_frames - frames;
	}
	sqlite3_finalize(ins);
	if (getenv("SYBENCH_PROFILE"))
		profile_print(n);
	if (getenv("SYBENCH_PAGES")) {
		struct vehicle v;
		sample_vehicle(&v, fill + n);
		pages_print(d, path, &v);
	}
	double ours = percentile(t_ours, n, 0.5), bare = percentile(t_bare, n, 0.5);
	printf("bench checkin_pages_written_at_%lld: %.1f mean, %.0f median (bare insert %.1f; pages a commit appends to the log)\n",
	       (long long)size, (double)pages_ours / n, percentile(p_ours, n, 0.5), (double)pages_bare / n);
	free(p_ours);
	printf("bench checkin_p50_at_%lld: %.3f ms (median of %d, durable)\n", (long long)size, ours, n);
	printf("bench bare_insert_p50_at_%lld: %.3f ms (same database file)\n", (long long)size, bare);
	printf("ratio checkin_vs_bare_insert_at_%lld: %.2f (ours / peer; target <= 1.25)\n", (long long)size, ours / bare);
	/* The processor's part (system calls included), apart from the wait for
	 * the disk, which a shared machine's other writers make vary. */
	printf("bench checkin_cpu_p50_at_%lld: %.3f ms (bare insert %.3f ms; processor time, the disk's wait left out)\n",
	       (long long)size, percentile(c_ours, n, 0.5), percentile(c_bare, n, 0.5));
	free(c_ours);
	free(c_bare);
	free(t_ours);
	free(t_bare);
	db_close(d);
	remove(path);
	free(path);
	return 0;
}

/* ---- search with a cold page cache ---- */

/* The database file's pages out of the kernel's page cache and SQLite's:
 * the next search reads each page it needs from the disk. */
static void drop_caches(db *d, const char *path)
{
	sqlite3_db_release_memory(db_handle(d));
	const char *suffixes[] = {"", "-wal"};
	for (int i = 0; i < 2; i++) {
		char *p = xasprintf("%s%s", path, suffixes[i]);
		int fd = open(p, O_RDONLY);
		if (fd >= 0) {
			fdatasync(fd);
			posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
			close(fd);
		}
		free(p);
	}
}

/* Five digits from the middle of a random part's serial. */
static void part_digits(sqlite3 *h, long max_part, char *out, size_t size)
{
	sqlite3_stmt *st;
	sqlite3_prepare_v2(h, "SELECT part_no FROM parts WHERE id >= ? LIMIT 1", -1, &st, NULL);
	sqlite3_bind_int64(st, 1, 1 + rnd((unsigned)max_part));
	sqlite3_step(st);
	const char *no = (const char *)sqlite3_column_text(st, 0);
	const char *serial = no ? strchr(no, '-') : NULL;
	serial = serial ? serial + 1 : "0000000";
	size_t n = strlen(serial), start = n > 5 ? rnd((unsigned)(n - 4)) : 0;
	snprintf(out, size, "%.5s", serial + start);
	sqlite3_finalize(st);
}

/* SYBENCH_PAGES=1: the pages each statement of a cold search reads. */
static int pages_at_start;
static int trace_pages(unsigned type, void *ctx, void *p, void *x)
{
	(void)x;
	int miss, hi;
	sqlite3_db_status(ctx, SQLITE_DBSTATUS_CACHE_MISS, &miss, &hi, 0);
	if (type == SQLITE_TRACE_STMT)
		pages_at_start = miss;
	else if (type == SQLITE_TRACE_PROFILE && miss > pages_at_start)
		fprintf(stderr, "#   %d pages: %.150s\n", miss - pages_at_start, sqlite3_sql(p));
	return 0;
}

static int cmd_search_cold(const char *path, int n)
{
	db *d = open_or_die(path);
	sqlite3 *h = db_handle(d);
	if (getenv("SYBENCH_PAGES"))
		sqlite3_trace_v2(h, SQLITE_TRACE_STMT | SQLITE_TRACE_PROFILE, trace_pages, h);
	int64_t max_vehicle = count_of(d, "SELECT max(id) FROM vehicles"), max_part = count_of(d, "SELECT max(id) FROM parts");
	double *all = xcalloc((size_t)n, sizeof(double)), *digits = xcalloc((size_t)n, sizeof(double));
	double *pages = xcalloc((size_t)n, sizeof(double));
	double show_slow = getenv("SYBENCH_SHOW_SLOW") ? atof(getenv("SYBENCH_SHOW_SLOW")) : 0;
	int ndigits = 0;
	char frag[128];
	for (int i = 0; i < n; i++) {
		int part = 1, five = i % 2;
		if (five)
			part_digits(h, max_part, frag, sizeof frag);
		else
			part = random_fragment(h, max_vehicle, max_part, frag, sizeof frag, NULL);
		drop_caches(d, path);
		int hit, miss0, miss1;
		sqlite3_db_status(h, SQLITE_DBSTATUS_CACHE_MISS, &miss0, &hit, 0);
		all[i] = timed_search(d, frag, part);
		sqlite3_db_status(h, SQLITE_DBSTATUS_CACHE_MISS, &miss1, &hit, 0);
		pages[i] = miss1 - miss0;
		if (show_slow > 0 && all[i] > show_slow)
			fprintf(stderr, "slow: %.2f ms, %d pages read for %s \"%s\"\n", all[i], miss1 - miss0,
				part ? "part" : "vehicle", frag);
		if (five)
			digits[ndigits++] = all[i];
	}
	printf("bench search_cold_p50: %.3f ms (page cache dropped before each of %d searches)\n", percentile(all, n, 0.5), n);
	printf("bench search_cold_p99: %.3f ms (target < 5 ms)\n", percentile(all, n, 0.99));
	printf("bench search_cold_part_5_digits_p99: %.3f ms (%d of them; target < 5 ms)\n", percentile(digits, ndigits, 0.99),
	       ndigits);
	printf("bench search_cold_pages_read_p50: %.0f pages (p99 %.0f; each one a read from the disk)\n",
	       percentile(pages, n, 0.5), percentile(pages, n, 0.99));
	free(pages);
	free(all);
	free(digits);
	db_close(d);
	return 0;
}

/* The search's p50 and p99 at this database's size, for the growth curve. */
static int cmd_search_at(const char *path, int n)
{
	db *d = open_or_die(path);
	sqlite3 *h = db_handle(d);
	int64_t max_vehicle = count_of(d, "SELECT count(*) FROM vehicles"), max_part = count_of(d, "SELECT max(id) FROM parts");
	double *t = xcalloc((size_t)n, sizeof(double));
	char frag[128];
	for (int i = 0; i < n; i++) {
		int part = 0;
		if (max_vehicle > 0 && max_part > 0)
			part = random_fragment(h, max_vehicle, max_part, frag, sizeof frag, NULL);
		else
			snprintf(frag, sizeof frag, "%s", (const char *[]){"LSV12", "京A123", "P2026-00", "王伟"}[i % 4]);
		t[i] = timed_search(d, frag, part);
	}
	printf("bench search_p50_at_%lld: %.3f ms (%d searches)\n", (long long)max_vehicle, percentile(t, n, 0.5), n);
	printf("bench search_p99_at_%lld: %.3f ms (target < 2 ms)\n", (long long)max_vehicle, percentile(t, n, 0.99));
	free(t);
	db_close(d);
	return 0;
}

/* ---- maintenance of a fragmented index beside a writer and searches ---- */

/* A part entered as at the counter: numbered, one row in its own durable
 * transaction, into the parts' search index by its trigger. (part_add also
 * checks the vehicle's dismantling record, which the synthetic yard lacks.) */
static void add_part(db *d, int64_t vehicle_id)
{
	sy_err err = {0};
	int64_t serial = 0;
	char part_no[32];
	if (db_begin(d, &err) != SY_OK || db_next_number(d, &err, "part-bench", 2026, &serial) != SY_OK) {
		fprintf(stderr, "sybench: part: %s\n", err.msg);
		exit(2);
	}
	snprintf(part_no, sizeof part_no, "P2026-%07lld", (long long)(9000000 + serial));
	if (db_exec(d, &err,
		    "INSERT INTO parts(part_no, vehicle_id, kind, grade, dest, weight_kg, location, price, status, created_by,"
		    " created_at, updated_at) VALUES (?, ?, 'door', 'B', 'reuse', 20, 'A01-01', 300, 'stock', 'bench',"
		    " '2026-11-27 10:00:00', '2026-11-27 10:00:00')",
		    "tI", part_no, vehicle_id) != SY_OK ||
	    db_commit(d, &err) != SY_OK) {
		fprintf(stderr, "sybench: part: %s\n", err.msg);
		exit(2);
	}
}

static int stopped(int fd)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};
	return poll(&p, 1, 0) > 0;
}

/* Searches until the pipe closes; prints the p99 under LABEL. */
static void search_until(const char *path, int fd, const char *label)
{
	db *d = open_or_die(path);
	sqlite3 *h = db_handle(d);
	int64_t max_vehicle = count_of(d, "SELECT max(id) FROM vehicles"), max_part = count_of(d, "SELECT max(id) FROM parts");
	int cap = 1 << 20, n = 0;
	double *t = xcalloc((size_t)cap, sizeof(double)), *cpu = xcalloc((size_t)cap, sizeof(double));
	char frag[128];
	while (!stopped(fd) && n < cap) {
		int part = random_fragment(h, max_vehicle, max_part, frag, sizeof frag, NULL);
		t[n] = timed_search(d, frag, part);
		cpu[n++] = last_cpu_ms;
	}
	if (n) {
		printf("bench %s_search_p99: %.3f ms (%d searches; target < 2 ms)\n", label, percentile(t, n, 0.99), n);
		printf("bench %s_search_p99_cpu: %.3f ms (processor time of the search alone, whatever the machine's load)\n",
		       label, percentile(cpu, n, 0.99));
	}
	free(cpu);
	free(t);
	db_close(d);
}

/* Durable check-ins until the pipe closes, one every 20 ms. */
static void write_until(const char *path, int fd, int first)
{
	db *d = open_or_die(path);
	int cap = 1 << 16, n = 0;
	double *t = xcalloc((size_t)cap, sizeof(double));
	while (!stopped(fd) && n < cap) {
		struct vehicle v;
		sample_vehicle(&v, first + n);
		double t0 = now_ms();
		add_or_die(d, &v);
		t[n++] = now_ms() - t0;
		usleep(20000);
	}
	if (n) {
		double p50 = percentile(t, n, 0.5);
		printf("bench maintain_beside_writer_checkin_p50: %.3f ms (%d check-ins)\n", p50, n);
		printf("bench maintain_beside_writer_checkin_max: %.3f ms\n", t[n - 1]);
	}
	free(t);
	db_close(d);
}

/* role 0: searches alone, 1: the writer, 2: searches beside maintenance. */
static pid_t spawn(const char *path, int fds[2], int role, int first)
{
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[1]);
		if (role == 1)
			write_until(path, fds[0], first);
		else
			search_until(path, fds[0], role == 0 ? "fragmented_index" : "maintain_beside");
		_exit(0);
	}
	return pid;
}

static int cmd_maintain(const char *from, const char *dir, int checkins, int parts)
{
	char *path = xasprintf("%s/maintain.db", dir);
	copy_or_die(from, path);
	reseed();
	db *d = open_or_die(path);
	double t = now_ms();
	fill_checkins(d, 0, checkins);
	int64_t max_vehicle = count_of(d, "SELECT max(id) FROM vehicles");
	exec_or_die(db_handle(d), "PRAGMA synchronous=OFF");
	for (int i = 0; i < parts; i++)
		add_part(d, max_vehicle - rnd(2000));
	exec_or_die(db_handle(d), "PRAGMA synchronous=FULL");
	printf("bench maintain_fragment: %.1f s (%d single check-ins, %d single part entries: %d + %d index segments)\n",
	       (now_ms() - t) / 1e3, checkins, parts, maintain_segments(d, "vehicles_fts"), maintain_segments(d, "parts_fts"));
	db_close(d);
	/* The searches' p99 on the fragmented index alone, then while it is merged. */
	int fds[2];
	if (pipe(fds) != 0)
		return 2;
	pid_t quiet = spawn(path, fds, 0, 0);
	sleep(5);
	close(fds[1]);
	waitpid(quiet, NULL, 0);
	close(fds[0]);
	if (pipe(fds) != 0)
		return 2;
	pid_t searcher = spawn(path, fds, 2, 0), writer = spawn(path, fds, 1, checkins + 100000);
	d = open_or_die(path);
	struct maintain_info info;
	sy_err err = {0};
	t = now_ms();
	int rc = maintain_run(d, &info, &err);
	double seconds = (now_ms() - t) / 1e3;
	close(fds[1]);
	waitpid(searcher, NULL, 0);
	waitpid(writer, NULL, 0);
	close(fds[0]);
	if (rc != SY_OK) {
		fprintf(stderr, "sybench: maintain: %s\n", err.msg);
		return 2;
	}
	printf("bench maintain_seconds: %.2f s (%lld vehicles; vehicles_fts %d -> %d segments, parts_fts %d -> %d)\n", seconds,
	       (long long)max_vehicle, info.index[0].segments_before, info.index[0].segments_after,
	       info.index[1].segments_before, info.index[1].segments_after);
	printf("bench maintain_longest_step: %.1f ms (%d merge steps, each its own transaction)\n",
	       1e3 * (info.index[0].longest_step > info.index[1].longest_step ? info.index[0].longest_step
									     : info.index[1].longest_step),
	       info.index[0].steps + info.index[1].steps);
	db_close(d);
	remove(path);
	free(path);
	return 0;
}

/* Whose pages a b-tree's are: the vehicles' (table, indexes, search index)
 * or the parts'. */
static int owner_of(const char *name)
{
	if (!strcmp(name, "vehicles") || !strncmp(name, "vehicles_", 9) || !strncmp(name, "sqlite_autoindex_vehicles", 25) ||
	    !strcmp(name, "vehicle_name_pairs"))
		return 0;
	if (!strcmp(name, "parts") || !strncmp(name, "parts_", 6) || !strncmp(name, "sqlite_autoindex_parts", 22))
		return 1;
	return -1;
}

static int cmd_size(const char *path)
{
	db *d = open_or_die(path);
	sy_err err = {0};
	int64_t vehicles = 0, parts = 0, bytes[2] = {0, 0};
	db_int64(d, &err, &vehicles, "SELECT count(*) FROM vehicles", NULL);
	db_int64(d, &err, &parts, "SELECT count(*) FROM parts", NULL);
	/* One pass over the file: each b-tree's pages, indexes included. In
	 * aggregate mode pageno is the page count (pgsize, in bytes, is a 32-bit
	 * sum that wraps past 2 GB). */
	int64_t page_size = 4096;
	db_int64(d, &err, &page_size, "PRAGMA page_size", NULL);
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db_handle(d), "SELECT name, pageno FROM dbstat WHERE aggregate = 1", -1, &st, NULL);
	while (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
		int who = owner_of((const char *)sqlite3_column_text(st, 0));
		if (who >= 0)
			bytes[who] += sqlite3_column_int64(st, 1) * page_size;
	}
	sqlite3_finalize(st);
	struct stat sb;
	stat(path, &sb);
	if (rc == SQLITE_OK && vehicles && parts) {
		printf("bench db_bytes_per_vehicle: %.0f bytes (indexes included)\n", (double)bytes[0] / vehicles);
		printf("bench db_bytes_per_part: %.0f bytes (indexes included)\n", (double)bytes[1] / parts);
	}
	printf("bench db_file_size: %.1f MB (%lld vehicles, %lld parts)\n", sb.st_size / 1e6, (long long)vehicles,
	       (long long)parts);
	db_close(d);
	return 0;
}

/* ---- CSV for the import benchmark ---- */

static int cmd_csv(const char *path, long n)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return 2;
	fprintf(f, "vin,plate,owner,owner-id,brand-model,received,weight,registration,licence,plates\n");
	char vin[18], plate[32], name[64];
	for (long i = 0; i < n; i++) {
		make_vin(vin);
		make_unique_plate(i, plate, sizeof plate);
		make_name(name, sizeof name);
		fprintf(f, "%s,%s,%s,11010519491231002X,%s,2026-%02u-%02u,%u,yes,yes,2\n", vin, plate, name, models[rnd(10)],
			1 + rnd(10), 1 + rnd(28), 900 + rnd(1200));
	}
	return fclose(f) == 0 ? 0 : 2;
}

int main(int argc, char **argv)
{
	/* As app/main.c does for the program. */
	setvbuf(stdout, NULL, _IOLBF, 0); /* each figure as soon as it is known */
	mallopt(M_TRIM_THRESHOLD, 32 << 20);
	mallopt(M_TOP_PAD, 1 << 20);
	setenv("SCRAPYARD_NOW", "2026-11-27 10:00:00", 0);
	if (argc >= 5 && strcmp(argv[1], "gen") == 0)
		return cmd_gen(argv[2], atol(argv[3]), atol(argv[4]));
	if (argc >= 4 && strcmp(argv[1], "checkin") == 0)
		return cmd_checkin(argv[2], atoi(argv[3]));
	if (argc >= 4 && strcmp(argv[1], "search") == 0)
		return cmd_search(argv[2], atoi(argv[3]));
	if (argc >= 5 && strcmp(argv[1], "search-one") == 0)
		return cmd_search_one(argv[2], argv[3], atoi(argv[4]), argc > 5 && strcmp(argv[5], "part") == 0);
	if (argc >= 6 && strcmp(argv[1], "checkin_at") == 0)
		return cmd_checkin_at(argv[2], argv[3], atoi(argv[4]), atoi(argv[5]));
	if (argc >= 4 && strcmp(argv[1], "search_at") == 0)
		return cmd_search_at(argv[2], atoi(argv[3]));
	if (argc >= 4 && strcmp(argv[1], "search_cold") == 0)
		return cmd_search_cold(argv[2], atoi(argv[3]));
	if (argc >= 6 && strcmp(argv[1], "maintain") == 0)
		return cmd_maintain(argv[2], argv[3], atoi(argv[4]), atoi(argv[5]));
	if (argc >= 3 && strcmp(argv[1], "size") == 0)
		return cmd_size(argv[2]);
	if (argc >= 4 && strcmp(argv[1], "csv") == 0)
		return cmd_csv(argv[2], atol(argv[3]));
	fprintf(stderr, "usage: sybench gen DB VEHICLES PARTS | checkin DIR N | checkin_at DB|- DIR FILL N | search DB N"
			" | search-one DB FRAG N [part] | search_at DB N | search_cold DB N\n"
			"       | maintain DB DIR CHECKINS PARTS | size DB | csv FILE N\n");
	return 1;
}
