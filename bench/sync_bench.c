/* Benchmarks of the head office sync, in-process: a busy yard's week of
 * work made through the same domain functions the counter uses (so its
 * outbox is what a real week leaves), and the group-wide vehicle search
 * timed through the function `vehicle list --all-yards` calls.
 * Prints "bench NAME: VALUE UNIT" lines. */
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/util.h"
#include "db/cert.h"
#include "db/db.h"
#include "db/depollution.h"
#include "db/ident.h"
#include "db/part.h"
#include "db/party.h"
#include "db/pg.h"
#include "db/shipment.h"
#include "db/sync_group.h"
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

static unsigned long long rng = 88172645463325252ULL;
static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static void make_vin(char vin[18])
{
	static const char *const wmis[] = {"LSV", "LFV", "LGB", "LVS", "LHG", "LSG", "LDC", "LGW", "LNB", "LBV"};
	static const char chars[] = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
	memcpy(vin, wmis[rnd(10)], 3);
	for (int i = 3; i < 17; i++)
		vin[i] = i >= 11 ? (char)('0' + rnd(10)) : chars[rnd(sizeof chars - 1)];
	vin[9] = "ABCDEFGHJKLMNPRSTVWXY123456789"[rnd(30)];
	vin[17] = '\0';
	vin[8] = ident_vin_check_digit(vin);
}

static void die(const char *what, const sy_err *err)
{
	fprintf(stderr, "sync_bench: %s: %s\n", what, err->msg);
	exit(2);
}

/* Pretreatment of a petrol car: battery and engine oil out, the rest
 * recorded as not present. */
static void depollute(db *d, const struct vehicle *v)
{
	static const char *const absent[] = {"gas_tank", "airbags", "fuel", "gear_oil", "brake_fluid", "steering_fluid",
					     "coolant", "washer_fluid", "refrigerant", "oil_filter", "catalyst", "mercury",
					     "tyres"};
	sy_err err = {0};
	struct dep_record r;
	struct dep_input in = {.step = "battery", .has_qty = 1, .qty = 14.5};
	if (depollution_record(d, v, &in, &r, &err) != SY_OK)
		die("battery", &err);
	in = (struct dep_input){.step = "engine_oil", .has_qty = 1, .qty = 4.2, .unit = "l"};
	if (depollution_record(d, v, &in, &r, &err) != SY_OK)
		die("engine oil", &err);
	for (size_t i = 0; i < sizeof absent / sizeof absent[0]; i++) {
		in = (struct dep_input){.step = absent[i], .absent = 1};
		if (depollution_record(d, v, &in, &r, &err) != SY_OK)
			die(absent[i], &err);
	}
}

/* week DB N: N check-ins over seven days, each with its pretreatment,
 * three parts and its certificate; every tenth car the doors of the last
 * ten go to a buyer. The database has joined its head office already. */
static int cmd_week(const char *path, int n)
{
	sy_err err = {0};
	db *d = db_open(path, 0, &err);
	if (!d)
		die("open", &err);
	db_set_actor(d, "bench");
	/* The outbox is what is measured, not the generator's fsyncs. */
	sqlite3_exec(db_handle(d), "PRAGMA synchronous=OFF", NULL, NULL, NULL);
	struct party buyer = {0};
	strcpy(buyer.name, "Bench Parts Trading");
	strcpy(buyer.kind, "buyer");
	if (party_save(d, &buyer, &err) != SY_OK)
		die("buyer", &err);
	int64_t doors[10];
	int ndoors = 0;
	double t0 = now_ms();
	for (int i = 0; i < n; i++) {
		char now[32];
		snprintf(now, sizeof now, "2026-03-%02d %02d:%02d:00", 11 + i * 7 / n, 8 + i % 9, i % 60);
		setenv("SCRAPYARD_NOW", now, 1);
		struct vehicle v;
		vehicle_init(&v);
		make_vin(v.vin);
		snprintf(v.plate, sizeof v.plate, "琼Z%05d", i);
		strcpy(v.owner_name, "张三");
		strcpy(v.owner_id, "11010519491231002X");
		strcpy(v.brand_model, "大众 桑塔纳");
		v.weighed_kg = 1100 + rnd(400);
		v.doc_registration = v.doc_licence = 1;
		v.plates_returned = 2;
		if (vehicle_add(d, &v, &err) != SY_OK)
			die("check-in", &err);
		depollute(d, &v);
		static const char *const kinds[] = {"engine", "door", "alternator"};
		for (int k = 0; k < 3; k++) {
			struct part_input in = {.kind = kinds[k], .grade = "B", .weight_kg = 5 + rnd(150), .price = 100 + rnd(900),
						.location = "A-01"};
			struct part p;
			if (part_add(d, &v, &in, &p, &err) != SY_OK)
				die(kinds[k], &err);
			if (k == 1)
				doors[ndoors++] = p.id;
		}
		struct cert c;
		if (cert_issue(d, &v, &c, &err) != SY_OK)
			die("certificate", &err);
		if (ndoors == 10) {
			struct shipment_input in = {.party_id = buyer.id};
			struct shipment s;
			if (shipment_parts(d, &in, doors, ndoors, &s, &err) != SY_OK)
				die("shipment", &err);
			ndoors = 0;
		}
	}
	int64_t entries = 0;
	db_int64(d, &err, &entries, "SELECT count(*) FROM sync_outbox", NULL);
	printf("bench sync_week_generated: %d check-ins, %lld changes waiting (%.1f s)\n", n, (long long)entries,
	       (now_ms() - t0) / 1e3);
	db_close(d);
	return 0;
}

static int count_hit(const struct group_vehicle *v, void *ctx)
{
	(void)v;
	(*(int *)ctx)++;
	return 0;
}

/* search URL N: N fragments of 4-6 characters of a stock number, VIN or
 * plate of random vehicles of the group, each searched across every yard
 * for a screenful of rows. */
static int cmd_search(const char *url, int n)
{
	sy_err err = {0};
	pg *p = pg_connect(url, &err);
	if (!p)
		die("connect", &err);
	/* The yards and how far their numbers go, to pick a random vehicle of one. */
	PGresult *yards = pg_query(p, &err, "SELECT yard_id, max(id), count(*) FROM sy.vehicle_search GROUP BY yard_id", 0, NULL);
	if (!yards || PQntuples(yards) == 0)
		die("count", &err);
	long total = 0;
	for (int y = 0; y < PQntuples(yards); y++)
		total += atol(PQgetvalue(yards, y, 2));
	double *t = xcalloc((size_t)n, sizeof(double));
	long hits_total = 0;
	for (int i = 0; i < n; i++) {
		char id[24], frag[64];
		int y = (int)rnd((unsigned)PQntuples(yards));
		snprintf(id, sizeof id, "%ld", 1 + (long)rnd((unsigned)atol(PQgetvalue(yards, y, 1))));
		const char *v[] = {PQgetvalue(yards, y, 0), id};
		PGresult *r = pg_query(p, &err,
				       "SELECT substr(stock_no, strpos(stock_no, '-') + 1), vin, substr(plate, 2) FROM sy.vehicle_search"
				       " WHERE yard_id = $1 AND id >= $2 ORDER BY id LIMIT 1",
				       2, v);
		if (!r || PQntuples(r) == 0)
			die("sample", &err);
		const char *s = PQgetvalue(r, 0, (int)rnd(3));
		size_t len = strlen(s), want = 4 + rnd(3), start = len > want ? rnd((unsigned)(len - want + 1)) : 0;
		snprintf(frag, sizeof frag, "%.*s", (int)want, s + start);
		PQclear(r);
		int hits = 0;
		double t0 = now_ms();
		int more = 0;
		if (group_vehicle_search(p, frag, 20, count_hit, &hits, &more, &err) != SY_OK)
			die("search", &err);
		t[i] = now_ms() - t0;
		hits_total += hits;
		/* SYBENCH_SHOW_SLOW=MS names the fragments slower than that. */
		if (getenv("SYBENCH_SHOW_SLOW") && t[i] > atof(getenv("SYBENCH_SHOW_SLOW")))
			fprintf(stderr, "slow: %.2f ms for \"%s\" (%d rows)\n", t[i], frag, hits);
	}
	printf("bench group_search_p50: %.3f ms (%d fragments of stock no, VIN, plate; %ld vehicles of every yard;"
	       " %.1f rows a search)\n", percentile(t, n, 0.5), n, total, (double)hits_total / n);
	printf("bench group_search_p99: %.3f ms (target < 10 ms)\n", percentile(t, n, 0.99));
	free(t);
	PQclear(yards);
	pg_close(p);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "week") == 0)
		return cmd_week(argv[2], atoi(argv[3]));
	if (argc == 4 && strcmp(argv[1], "search") == 0)
		return cmd_search(argv[2], atoi(argv[3]));
	fprintf(stderr, "usage: sync_bench week DB CHECKINS | search URL N\n");
	return 1;
}
