/* Parts: the kind catalogue, Order 715 rules, dismantling only after
 * pretreatment, part numbers, validation, inventory search by fragments of
 * every length, move, sell, and the index kept right on every change. */
#include "tests/check.h"

#include "db/audit.h"
#include "db/depollution.h"
#include "db/part.h"
#include "db/party.h"
#include "base/util.h"
#include "tests/unit/yard_fixture.h"

static void depollute(db *d, const struct vehicle *v)
{
	sy_err err;
	struct dep_status s;
	depollution_status(d, v, &s, &err);
	for (int i = 0; i < s.n; i++) {
		if (s.items[i].state == DEP_DONE || s.items[i].state == DEP_ABSENT)
			continue;
		struct dep_input in = {.step = s.items[i].step->code, .absent = s.items[i].step->absent_ok};
		if (s.items[i].step->required && depollution_record(d, v, &in, NULL, &err) != SY_OK)
			printf("# depollute %s: %s\n", in.step, err.msg);
	}
}

static int add(db *d, const struct vehicle *v, const char *kind, const char *grade, const char *dest, const char *loc,
	       struct part *out, sy_err *err)
{
	struct part_input in = {.kind = kind, .grade = grade, .dest = dest, .location = loc};
	memset(err, 0, sizeof *err);
	return part_add(d, v, &in, out, err);
}

static int count_kind(const struct part_kind *k, void *ctx)
{
	(void)k;
	++*(int *)ctx;
	return 0;
}

static void test_kinds(db *d)
{
	sy_err err;
	struct part_kind k;
	static const char *const five[] = {"engine", "transmission", "steering", "axle", "frame"};
	for (int i = 0; i < 5; i++) {
		CHECK_INT(part_kind_get(d, five[i], &k, &err), SY_OK);
		CHECK_MSG(k.assembly, five[i]);
	}
	CHECK_INT(part_kind_get(d, "frame", &k, &err), SY_OK);
	CHECK(k.keeps_vin);
	CHECK_STR(k.name_zh, "车架");
	CHECK_INT(part_kind_get(d, "door", &k, &err), SY_OK);
	CHECK(!k.assembly && !k.keeps_vin);
	CHECK_INT(part_kind_resolve(d, "ENGINE", &k, &err), SY_OK);
	CHECK_STR(k.code, "engine");
	CHECK_INT(part_kind_resolve(d, "发动机", &k, &err), SY_OK); /* exact name beats 发动机盖 */
	CHECK_STR(k.code, "engine");
	CHECK_INT(part_kind_resolve(d, "变速", &k, &err), SY_OK);
	CHECK_STR(k.code, "transmission");
	CHECK_INT(part_kind_resolve(d, "alter", &k, &err), SY_OK);
	CHECK_STR(k.code, "alternator");
	CHECK_INT(part_kind_resolve(d, "door", &k, &err), SY_OK); /* the code, not "Door mirror" */
	CHECK_STR(k.code, "door");
	CHECK_INT(part_kind_resolve(d, "lamp", &k, &err), SY_INVALID);
	CHECK(msg_has(&err, "headlamp") && msg_has(&err, "tail_lamp"));
	CHECK_STR(err.field, "kind");
	CHECK_INT(part_kind_resolve(d, "zzz", &k, &err), SY_INVALID);
	CHECK_INT(part_kind_resolve(d, "", &k, &err), SY_INVALID);
	int n = 0;
	CHECK_INT(part_kind_list(d, count_kind, &n, &err), SY_OK);
	CHECK(n >= 40);
	/* A site adds a kind; it can never make itself an assembly. */
	struct part_kind mine = {.code = "Sunroof", .name_en = "Sunroof glass", .name_zh = "天窗玻璃", .material = "glass",
				 .assembly = 1};
	CHECK_INT(part_kind_save(d, &mine, &err), SY_OK);
	CHECK_INT(part_kind_get(d, "sunroof", &k, &err), SY_OK);
	CHECK(!k.assembly);
	struct part_kind bad = {.code = "x y", .name_en = "X", .name_zh = "X"};
	CHECK_INT(part_kind_save(d, &bad, &err), SY_INVALID);
	CHECK_STR(err.field, "code");
}

static void test_rules(db *d)
{
	sy_err err;
	struct part p, p2;
	struct vehicle v = fixture_vehicle(d, 11, "petrol");

	/* Nothing is dismantled before pretreatment is complete. */
	CHECK_INT(add(d, &v, "door", "A", NULL, "A-01", &p, &err), SY_INVALID);
	CHECK_STR(err.field, "depollution");
	CHECK(msg_has(&err, "Starter battery removed") && msg_has(&err, "Engine oil drained"));
	/* A battery removed in its own step may be added before the rest. */
	CHECK_INT(add(d, &v, "lead_acid_battery", "B", NULL, "HW-1", &p, &err), SY_INVALID);
	CHECK(msg_has(&err, "Starter battery removed"));
	struct dep_input bat = {.step = "battery", .has_qty = 1, .qty = 14};
	CHECK_INT(depollution_record(d, &v, &bat, NULL, &err), SY_OK);
	CHECK_INT(add(d, &v, "lead_acid_battery", "B", NULL, "HW-1", &p, &err), SY_OK);
	CHECK_STR(p.dest, "hazardous");
	CHECK_STR(p.part_no, "P2026-0000001");
	CHECK_INT(add(d, &v, "lead_acid_battery", "B", "reuse", "HW-1", &p, &err), SY_INVALID);
	CHECK(msg_has(&err, "hazardous waste"));
	CHECK_INT(add(d, &v, "door", "A", NULL, "A-01", &p, &err), SY_INVALID); /* still not complete */
	struct dep_input cat = {.step = "catalyst", .has_qty = 1, .qty = 6};
	CHECK_INT(depollution_record(d, &v, &cat, NULL, &err), SY_OK);
	depollute(d, &v);
	CHECK_INT(depollution_check_complete(d, &v, &err), SY_OK);

	/* Five assemblies: never reuse; default remanufacture. */
	CHECK_INT(add(d, &v, "engine", "A", "reuse", "E-01", &p, &err), SY_INVALID);
	CHECK_STR(err.field, "dest");
	CHECK(msg_has(&err, "five major assemblies") && msg_has(&err, "Order 715"));
	CHECK_INT(add(d, &v, "transmission", "B", "landfill", "E-01", &p, &err), SY_INVALID);
	CHECK_INT(add(d, &v, "engine", "A", NULL, "e-01", &p, &err), SY_OK);
	CHECK_STR(p.dest, "reman");
	CHECK_STR(p.location, "E-01");
	CHECK_STR(p.part_no, "P2026-0000002"); /* refusals used no number */
	CHECK_INT(add(d, &v, "engine", "A", NULL, "E-02", &p2, &err), SY_INVALID);
	CHECK(msg_has(&err, "P2026-0000002"));
	CHECK_INT(add(d, &v, "axle", "C", "material", "Y-1", &p2, &err), SY_OK);
	CHECK_INT(add(d, &v, "axle", "C", "material", "Y-1", &p2, &err), SY_OK); /* front and rear */
	CHECK_STR(p2.material, "steel");
	/* The frame keeps the VIN. */
	CHECK_INT(add(d, &v, "frame", "B", "material", "Y-2", &p, &err), SY_OK);
	CHECK_STR(p.vin, v.vin);
	CHECK(p.kind.keeps_vin);
	cJSON *j = part_to_json(&p);
	CHECK(cJSON_IsTrue(cJSON_GetObjectItem(j, "keeps_vin")));
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(j, "vin")), v.vin);
	cJSON_Delete(j);
	/* The catalytic converter goes to a licensed handler only. */
	CHECK_INT(add(d, &v, "catalyst", "A", "reman", "H-1", &p, &err), SY_INVALID);
	CHECK_INT(add(d, &v, "catalyst", "A", NULL, "H-1", &p, &err), SY_OK);
	CHECK_INT(add(d, &v, "tyre", "A", NULL, "T-1", &p, &err), SY_INVALID); /* tyres recorded as not present */
	CHECK(msg_has(&err, "not present"));

	/* Field checks. */
	CHECK_INT(add(d, &v, "door", "D", NULL, "A-01", &p, &err), SY_INVALID);
	CHECK_STR(err.field, "grade");
	CHECK_INT(add(d, &v, "door", NULL, NULL, "A-01", &p, &err), SY_INVALID);
	CHECK_STR(err.field, "grade");
	CHECK_INT(add(d, &v, "door", "a", "recycle", "A-01", &p, &err), SY_INVALID);
	CHECK_STR(err.field, "dest");
	struct part_input in = {.kind = "door", .grade = "b", .weight_kg = -3};
	CHECK_INT(part_add(d, &v, &in, &p, &err), SY_INVALID);
	CHECK_STR(err.field, "weight");
	in.weight_kg = 21.5;
	in.price = 0.0 / 0.0;
	CHECK_INT(part_add(d, &v, &in, &p, &err), SY_INVALID);
	CHECK_STR(err.field, "price");
	in.price = 300;
	in.notes = "scratch\x1b[2J";
	CHECK_INT(part_add(d, &v, &in, &p, &err), SY_INVALID);
	CHECK_STR(err.field, "notes");
	in.notes = "rear left, small dent";
	in.material = "wood";
	CHECK_INT(part_add(d, &v, &in, &p, &err), SY_INVALID);
	CHECK_STR(err.field, "material");
	in.material = NULL;
	in.n_photos = 2;
	in.photos[0] = "photos/door-1.jpg";
	in.photos[1] = "";
	CHECK_INT(part_add(d, &v, &in, &p, &err), SY_INVALID);
	CHECK_STR(err.field, "photo");
	in.photos[1] = "photos/door-2.jpg";
	in.location = " ｂ－０７ ";
	CHECK_INT(part_add(d, &v, &in, &p, &err), SY_OK);
	CHECK_STR(p.grade, "B");
	CHECK_STR(p.dest, "reuse");
	CHECK_STR(p.location, "B-07");
	CHECK_INT(p.n_photos, 2);
	CHECK_STR(p.photos[1], "photos/door-2.jpg");
	CHECK_NEAR(p.weight_kg, 21.5, 1e-9);
	CHECK_NEAR(p.price, 300, 1e-9);
	struct part back;
	char lower[16];
	memcpy(lower, p.part_no, sizeof lower);
	lower[0] = 'p';
	CHECK_INT(part_find(d, lower, &back, &err), SY_OK);
	CHECK_INT(back.id, p.id);
	CHECK_INT(part_find(d, "P2026-9999999", &back, &err), SY_INVALID);

	/* Update follows the same rules. */
	struct part_input up = {.dest = "reman"};
	CHECK_INT(part_update(d, &p, &up, &err), SY_OK);
	CHECK_STR(p.dest, "reman");
	struct part engine;
	CHECK_INT(part_find(d, "P2026-0000002", &engine, &err), SY_OK);
	up.dest = "reuse";
	CHECK_INT(part_update(d, &engine, &up, &err), SY_INVALID);
	CHECK(msg_has(&err, "five major assemblies"));

	/* A vehicle declared without its engine gives none; a closed one gives nothing. */
	struct vehicle m;
	vehicle_init(&m);
	fixture_vin(12, m.vin);
	strcpy(m.owner_name, "Owner 12");
	strcpy(m.owner_id, "11010519491231002X");
	strcpy(m.missing_parts, "engine");
	m.owner_statement = 1;
	CHECK_INT(vehicle_add(d, &m, &err), SY_OK);
	depollute(d, &m);
	CHECK_INT(add(d, &m, "engine", "A", NULL, "E-09", &p, &err), SY_INVALID);
	CHECK(msg_has(&err, "declared at check-in"));
	CHECK_INT(add(d, &m, "transmission", "A", NULL, "E-09", &p, &err), SY_OK);
	strcpy(m.status, "closed");
	CHECK_INT(vehicle_update(d, &m, &err), SY_OK);
	CHECK_INT(add(d, &m, "door", "A", NULL, "E-09", &p, &err), SY_INVALID);
	CHECK(msg_has(&err, "closed"));
}

static void test_numbers(db *d)
{
	sy_err err;
	struct part p;
	struct vehicle v = fixture_vehicle(d, 13, "petrol");
	depollute(d, &v);
	int64_t last = 0;
	CHECK_INT(db_int64(d, &err, &last, "SELECT max(id) FROM parts", NULL), SY_OK);
	char want[32];
	int ok = 1;
	for (int i = 0; i < 5; i++) {
		if (add(d, &v, "wheel", "B", NULL, "W-1", &p, &err) != SY_OK)
			ok = 0;
		snprintf(want, sizeof want, "P2026-%07lld", (long long)(last + 1 + i)); /* one series, no gaps */
		if (strcmp(p.part_no, want) != 0)
			ok = 0, printf("# got %s want %s\n", p.part_no, want);
		add(d, &v, "engine", "A", "reuse", "X", &p, &err); /* refused: takes no number */
	}
	CHECK_MSG(ok, "part numbers gapless within the year");
	setenv("SCRAPYARD_NOW", "2027-01-02 08:00:00", 1);
	CHECK_INT(add(d, &v, "wheel", "B", NULL, "W-1", &p, &err), SY_OK);
	CHECK_STR(p.part_no, "P2027-0000001");
	setenv("SCRAPYARD_NOW", "2026-03-10 10:00:00", 1);
}

struct found {
	int n;
	char nos[64][16];
};

static int collect(const struct part *p, void *ctx)
{
	struct found *f = ctx;
	if (f->n < 64)
		sy_strlcpy(f->nos[f->n++], p->part_no, sizeof f->nos[0]);
	return 0;
}

static struct found search(db *d, const char *text, int64_t vehicle, const char *status)
{
	struct found f = {0};
	sy_err err;
	struct part_query q = {.text = text, .vehicle_id = vehicle, .status = status, .limit = 60};
	if (part_search(d, &q, collect, &f, &err) != SY_OK)
		printf("# search %s: %s\n", text, err.msg), f.n = -1;
	return f;
}

static int has(const struct found *f, const char *no)
{
	for (int i = 0; i < f->n; i++)
		if (strcmp(f->nos[i], no) == 0)
			return 1;
	return 0;
}

static int64_t count_sql(db *d, const char *sql)
{
	int64_t n = -1;
	sy_err err = {0};
	if (db_int64(d, &err, &n, sql, NULL) != SY_OK)
		printf("# %s: %s\n", sql, err.msg);
	return n;
}

static void test_search(db *d)
{
	sy_err err;
	struct part door, gear, mirror;
	struct vehicle v = fixture_vehicle(d, 21, "petrol"), w = fixture_vehicle(d, 22, "petrol");
	/* VINs LFV3A23C?H3000021 and ...22 */
	depollute(d, &v);
	depollute(d, &w);
	CHECK_INT(add(d, &v, "door", "A", NULL, "Q-11", &door, &err), SY_OK);
	CHECK_INT(add(d, &v, "transmission", "B", NULL, "Z9", &gear, &err), SY_OK);
	CHECK_INT(add(d, &w, "mirror", "C", NULL, "Q-12", &mirror, &err), SY_OK);

	struct found f;
	/* 3+ characters: trigram index, anywhere in any field. */
	f = search(d, door.part_no + 3, 0, NULL); /* "26-00000NN" */
	CHECK(has(&f, door.part_no));
	f = search(d, "3000021", 0, NULL);
	CHECK(has(&f, door.part_no) && has(&f, gear.part_no) && !has(&f, mirror.part_no));
	f = search(d, "变速器", 0, NULL);
	CHECK(has(&f, gear.part_no) && !has(&f, door.part_no));
	f = search(d, "mirror", 0, NULL);
	CHECK(has(&f, mirror.part_no) && !has(&f, door.part_no));
	f = search(d, "Q-1", 0, NULL);
	CHECK(has(&f, door.part_no) && has(&f, mirror.part_no) && !has(&f, gear.part_no));
	f = search(d, "ｍｉｒｒｏｒ", 0, NULL); /* full-width input */
	CHECK(has(&f, mirror.part_no));
	f = search(d, "nothing-like-this", 0, NULL);
	CHECK_INT(f.n, 0);
	/* 1-2 characters: prefixes through the B-tree indexes. */
	f = search(d, "Z", 0, NULL);
	CHECK(has(&f, gear.part_no) && !has(&f, door.part_no));
	f = search(d, "q-", 0, NULL);
	CHECK(has(&f, door.part_no) && has(&f, mirror.part_no));
	f = search(d, "LF", 0, NULL);
	CHECK(has(&f, door.part_no) && has(&f, mirror.part_no));
	f = search(d, "变速", 0, NULL);
	CHECK(has(&f, gear.part_no) && !has(&f, mirror.part_no));
	f = search(d, "mi", 0, NULL);
	CHECK(has(&f, mirror.part_no));
	f = search(d, "P", 0, NULL);
	CHECK(f.n > 3);
	/* No duplicates when a part matches several prefixes. */
	int dup = 0;
	for (int i = 0; i < f.n; i++)
		for (int k = i + 1; k < f.n; k++)
			dup |= strcmp(f.nos[i], f.nos[k]) == 0;
	CHECK_MSG(!dup, "prefix search lists each part once");
	/* Filters: vehicle, status; empty text lists the newest. */
	f = search(d, "Q", v.id, NULL);
	CHECK(has(&f, door.part_no) && !has(&f, mirror.part_no));
	f = search(d, "", w.id, NULL);
	CHECK_INT(f.n, 1);
	f = search(d, "", 0, NULL);
	CHECK_STR(f.nos[0], mirror.part_no);
	f = search(d, "", 0, "bogus");
	CHECK_INT(f.n, -1);

	/* Move: the index follows the bin. */
	CHECK_INT(part_move(d, &door, "r-3", &err), SY_OK);
	CHECK_STR(door.location, "R-3");
	CHECK_INT(part_move(d, &door, "", &err), SY_INVALID);
	f = search(d, "Q-11", 0, NULL);
	CHECK(!has(&f, door.part_no));
	f = search(d, "R-3", 0, NULL);
	CHECK(has(&f, door.part_no));
	f = search(d, "R-", 0, NULL);
	CHECK(has(&f, door.part_no));

	/* Sell: out of stock, no longer movable, found by status. */
	struct party buyer = {.name = "Li Si", .kind = "buyer"};
	CHECK_INT(party_save(d, &buyer, &err), SY_OK);
	CHECK_INT(part_sell(d, &door, buyer.id, 250, NULL, &err), SY_OK);
	CHECK_STR(door.status, "sold");
	CHECK(door.ship_no[0] == 'S');
	CHECK_INT(part_move(d, &door, "A-1", &err), SY_INVALID);
	CHECK(msg_has(&err, "no longer in stock"));
	f = search(d, "R-3", 0, "stock");
	CHECK(!has(&f, door.part_no));
	f = search(d, "R-3", 0, "sold");
	CHECK(has(&f, door.part_no));
	/* The transmission cannot be sold to a buyer (five assemblies). */
	CHECK_INT(part_sell(d, &gear, buyer.id, 100, NULL, &err), SY_INVALID);
	CHECK(msg_has(&err, "five major assemblies"));

	/* Renaming a kind or correcting a VIN reindexes the parts. */
	struct part_kind k;
	part_kind_get(d, "mirror", &k, &err);
	strcpy(k.name_en, "Wing mirror");
	CHECK_INT(part_kind_save(d, &k, &err), SY_OK);
	f = search(d, "wing mirror", 0, NULL);
	CHECK(has(&f, mirror.part_no));
	f = search(d, "door mirror", 0, NULL);
	CHECK(!has(&f, mirror.part_no));
	fixture_vin(777777, w.vin);
	CHECK_INT(vehicle_update(d, &w, &err), SY_OK);
	f = search(d, "777777", 0, NULL);
	CHECK(has(&f, mirror.part_no));
	f = search(d, "3000022", 0, NULL);
	CHECK(!has(&f, mirror.part_no));
	/* Those vehicles were still waiting for the vehicles' search index (a
	 * few dozen enter it at a time): the same through the index. */
	CHECK_INT(count_sql(d, "SELECT count(*) FROM vehicles WHERE id > " VEHICLE_SEARCH_MARK) > 0, 1);
	CHECK_INT(db_begin(d, &err), SY_OK);
	CHECK_INT(vehicle_search_catch_up(d, &err), SY_OK);
	CHECK_INT(db_commit(d, &err), SY_OK);
	CHECK_INT(count_sql(d, "SELECT count(*) FROM vehicles WHERE id > " VEHICLE_SEARCH_MARK), 0);
	f = search(d, "777777", 0, NULL);
	CHECK(has(&f, mirror.part_no));
	f = search(d, "3000021", 0, NULL);
	CHECK(has(&f, door.part_no) && has(&f, gear.part_no) && !has(&f, mirror.part_no));
	f = search(d, "3000022", 0, NULL);
	CHECK(!has(&f, mirror.part_no));
	/* A whole part number, and its end across the dash, through the number's B-tree. */
	f = search(d, mirror.part_no, 0, NULL);
	CHECK(has(&f, mirror.part_no));
	f = search(d, mirror.part_no + 3, 0, NULL);
	CHECK(has(&f, mirror.part_no));
	/* Its whole serial, and all of it but the first digit, through the same B-tree. */
	f = search(d, mirror.part_no + 6, 0, NULL);
	CHECK(has(&f, mirror.part_no));
	f = search(d, mirror.part_no + 7, 0, NULL);
	CHECK(has(&f, mirror.part_no));
	f = search(d, "999999", 0, NULL);
	CHECK(!has(&f, mirror.part_no));
	/* A whole serial finds that part, and only parts with that serial (one a
	 * year), whatever parts have serials sharing its first six digits. */
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db_handle(d), "SELECT part_no FROM parts", -1, &st, NULL);
	int exact = 0, parts = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *no = (const char *)sqlite3_column_text(st, 0);
		f = search(d, no + 6, 0, NULL);
		int same = has(&f, no);
		for (int i = 0; i < f.n; i++)
			same &= strcmp(f.nos[i] + 6, no + 6) == 0;
		exact += same;
		parts++;
	}
	sqlite3_finalize(st);
	CHECK(parts >= 10);
	CHECK_INT(exact, parts);
	/* The contentless index stays consistent with the table: each part's serial finds it. */
	int64_t ok = 0;
	CHECK_INT(db_int64(d, &err, &ok,
			   "SELECT count(*) FROM parts p WHERE -p.id IN (SELECT rowid FROM parts_fts"
			   " WHERE parts_fts MATCH '\"' || substr(p.part_no, 7) || '\"')",
			   NULL),
		  SY_OK);
	int64_t n = 0;
	db_int64(d, &err, &n, "SELECT count(*) FROM parts", NULL);
	CHECK_INT(ok, n);
	int64_t bad = 0, checked = 0;
	CHECK_INT(audit_verify(d, &err, &bad, &checked), SY_OK);
}

int main(void)
{
	db *d = fixture_open("2026-03-10 10:00:00");
	test_kinds(d);
	test_rules(d);
	test_numbers(d);
	test_search(d);
	db_close(d);
	return CHECK_DONE();
}
