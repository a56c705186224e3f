/* Outbound: parties and what each kind may receive, parts and material
 * shipments, the traction battery hand-over, and the parts flow ledger. */
#include "tests/check.h"

#include "db/audit.h"
#include "db/depollution.h"
#include "db/part.h"
#include "db/party.h"
#include "db/shipment.h"
#include "base/util.h"
#include "tests/unit/yard_fixture.h"

#define USCC "91350100M000100Y43"

static void depollute(db *d, const struct vehicle *v, const char *done)
{
	sy_err err;
	struct dep_status s;
	depollution_status(d, v, &s, &err);
	for (int i = 0; i < s.n; i++) {
		const struct dep_step *st = s.items[i].step;
		if (s.items[i].state == DEP_DONE || s.items[i].state == DEP_ABSENT || !st->required)
			continue;
		struct dep_input in = {.step = st->code, .absent = st->absent_ok};
		if (strstr(done, st->code)) { /* really done, with what it needs */
			in.absent = 0;
			in.has_qty = st->qty != DEP_QTY_NONE;
			in.qty = 5;
			in.detail = st->detail == DEP_DETAIL_BATTERY ? "intact" : st->detail == DEP_DETAIL_INSULATION ? "pass" : NULL;
			in.battery_code = st->detail == DEP_DETAIL_BATTERY ? v->battery_code : NULL;
		}
		if (depollution_record(d, v, &in, NULL, &err) != SY_OK)
			printf("# depollute %s: %s\n", in.step, err.msg);
	}
}

static struct part add(db *d, const struct vehicle *v, const char *kind, const char *dest, double kg, double price)
{
	sy_err err;
	struct part p = {0};
	struct part_input in = {.kind = kind, .grade = "B", .dest = dest, .weight_kg = kg, .price = price, .location = "S-1"};
	if (part_add(d, v, &in, &p, &err) != SY_OK)
		printf("# part_add %s: %s\n", kind, err.msg);
	return p;
}

static struct party party(db *d, const char *name, const char *kind, const char *licence, const char *code)
{
	sy_err err;
	struct party p = {0};
	sy_strlcpy(p.name, name, sizeof p.name);
	sy_strlcpy(p.kind, kind, sizeof p.kind);
	sy_strlcpy(p.licence, licence ? licence : "", sizeof p.licence);
	sy_strlcpy(p.credit_code, code ? code : "", sizeof p.credit_code);
	if (party_save(d, &p, &err) != SY_OK)
		printf("# party_save %s: %s\n", name, err.msg);
	return p;
}

static int ship(db *d, int64_t party_id, struct part *p, int n, const char *date, struct shipment *out, sy_err *err)
{
	int64_t ids[8];
	for (int i = 0; i < n; i++)
		ids[i] = p[i].id;
	struct shipment_input in = {.party_id = party_id, .date = date};
	memset(err, 0, sizeof *err);
	return shipment_parts(d, &in, ids, n, out, err);
}

static void test_parties(db *d)
{
	sy_err err;
	struct party p = {.name = "Walk-in buyer", .kind = "buyer"};
	CHECK_INT(party_save(d, &p, &err), SY_OK);
	CHECK(p.id > 0);
	struct party r = {.name = "Reman Co", .kind = "remanufacturer"};
	CHECK_INT(party_save(d, &r, &err), SY_INVALID);
	CHECK_STR(err.field, "credit-code");
	strcpy(r.credit_code, "91350100M000100Y44");
	CHECK_INT(party_save(d, &r, &err), SY_INVALID); /* wrong check character */
	CHECK_STR(err.field, "credit-code");
	struct party h = {.name = "Green Handler", .kind = "hazardous_handler", .credit_code = USCC};
	CHECK_INT(party_save(d, &h, &err), SY_INVALID);
	CHECK_STR(err.field, "licence");
	CHECK(msg_has(&err, "hazardous waste licence"));
	struct party k = {.name = "X", .kind = "friend"};
	CHECK_INT(party_save(d, &k, &err), SY_INVALID);
	CHECK_STR(err.field, "party-kind");
	struct party empty = {.kind = "buyer"};
	CHECK_INT(party_save(d, &empty, &err), SY_INVALID);
	CHECK_STR(err.field, "name");
	/* Same name, two kinds: finding by name alone asks which. */
	party(d, "Dual Co", "recycler", NULL, USCC);
	party(d, "Dual Co", "remanufacturer", NULL, USCC);
	struct party f;
	CHECK_INT(party_find(d, "Dual Co", NULL, &f, &err), SY_INVALID);
	CHECK_STR(err.field, "party-kind");
	CHECK_INT(party_find(d, " Dual Co ", "recycler", &f, &err), SY_OK);
	CHECK_STR(f.kind, "recycler");
	CHECK_INT(party_find(d, "Nobody", NULL, &f, &err), SY_INVALID);
	/* Saving again updates, keeping what is not given. */
	struct party again = {.name = "Dual Co", .kind = "recycler", .phone = "0591-1234"};
	CHECK_INT(party_save(d, &again, &err), SY_OK);
	CHECK_INT(party_find(d, "Dual Co", "recycler", &f, &err), SY_OK);
	CHECK_STR(f.phone, "0591-1234");
	CHECK_STR(f.credit_code, USCC);
}

static void test_rules(db *d)
{
	sy_err err;
	struct shipment s;
	struct vehicle v = fixture_vehicle(d, 31, "petrol");
	depollute(d, &v, "battery catalyst");
	struct part engine = add(d, &v, "engine", NULL, 160, 0);
	struct part gearbox = add(d, &v, "transmission", "reman", 45, 0);
	struct part door = add(d, &v, "door", NULL, 20, 300);
	struct part mirror = add(d, &v, "mirror", NULL, 2, 80);
	struct part cat = add(d, &v, "catalyst", NULL, 6, 0);
	struct party buyer = party(d, "Zhang San", "buyer", NULL, NULL);
	struct party reman = party(d, "Reman Works", "remanufacturer", NULL, USCC);
	struct party steel = party(d, "Steel Mill", "recycler", "SM-1", NULL);
	struct party handler = party(d, "Licensed Handler", "hazardous_handler", "HW-LIC-9", NULL);

	/* A core only to a remanufacturer or a scrap metal recycler. */
	CHECK_INT(ship(d, buyer.id, &engine, 1, NULL, &s, &err), SY_INVALID);
	CHECK(msg_has(&err, "five major assemblies"));
	CHECK_STR(err.field, "party");
	CHECK_INT(ship(d, handler.id, &engine, 1, NULL, &s, &err), SY_INVALID);
	CHECK_INT(ship(d, reman.id, &engine, 1, NULL, &s, &err), SY_OK);
	CHECK_STR(s.ship_no, "S2026-000001");
	CHECK_INT(s.n_parts, 1);
	CHECK_NEAR(s.weight_kg, 160, 1e-9);
	part_get(d, engine.id, &engine, &err);
	CHECK_STR(engine.status, "shipped");
	CHECK_STR(engine.dest, "reman");
	CHECK_STR(engine.ship_no, "S2026-000001");
	/* Once gone, not again. */
	CHECK_INT(ship(d, reman.id, &engine, 1, NULL, &s, &err), SY_INVALID);
	CHECK(msg_has(&err, "already"));
	/* A reuse part goes to a buyer, not to a remanufacturer. */
	CHECK_INT(ship(d, reman.id, &door, 1, NULL, &s, &err), SY_INVALID);
	CHECK(msg_has(&err, "Buyer"));
	/* Hazardous waste only to a licensed handler. */
	CHECK_INT(ship(d, steel.id, &cat, 1, NULL, &s, &err), SY_INVALID);
	CHECK(msg_has(&err, "licensed hazardous waste handler"));
	/* All or nothing: one refused part leaves the others in stock and takes no number. */
	struct part both[2] = {door, gearbox};
	CHECK_INT(ship(d, buyer.id, both, 2, NULL, &s, &err), SY_INVALID);
	part_get(d, door.id, &door, &err);
	CHECK_STR(door.status, "stock");
	/* Dates: not in the future, not before the part existed. */
	CHECK_INT(ship(d, buyer.id, &door, 1, "2026-03-11", &s, &err), SY_INVALID);
	CHECK_STR(err.field, "date");
	CHECK_INT(ship(d, buyer.id, &door, 1, "2026-03-01", &s, &err), SY_INVALID);
	CHECK_STR(err.field, "date");
	struct part two[2] = {door, mirror};
	CHECK_INT(ship(d, buyer.id, two, 2, NULL, &s, &err), SY_OK);
	CHECK_STR(s.ship_no, "S2026-000002");
	CHECK_NEAR(s.price, 380, 1e-9); /* the parts' prices */
	CHECK_NEAR(s.weight_kg, 22, 1e-9);
	part_get(d, door.id, &door, &err);
	CHECK_STR(door.status, "sold");
	CHECK_INT(ship(d, handler.id, &cat, 1, NULL, &s, &err), SY_OK);
	/* An assembly to scrap metal is recorded as material recycling. */
	CHECK_INT(ship(d, steel.id, &gearbox, 1, NULL, &s, &err), SY_OK);
	part_get(d, gearbox.id, &gearbox, &err);
	CHECK_STR(gearbox.dest, "material");

	/* Material lots. */
	struct shipment_input lot = {.party_id = buyer.id, .material = "steel", .weight_kg = 850, .price = 1700};
	CHECK_INT(shipment_material(d, &lot, &s, &err), SY_INVALID);
	CHECK_STR(err.field, "party");
	lot.party_id = steel.id;
	lot.material = "gold";
	CHECK_INT(shipment_material(d, &lot, &s, &err), SY_INVALID);
	CHECK_STR(err.field, "material");
	lot.material = "hulk";
	lot.weight_kg = 0;
	CHECK_INT(shipment_material(d, &lot, &s, &err), SY_INVALID);
	CHECK_STR(err.field, "weight");
	lot.weight_kg = 850;
	CHECK_INT(shipment_material(d, &lot, &s, &err), SY_OK);
	CHECK_STR(s.kind, "material");
	CHECK_STR(s.party.name, "Steel Mill");
}

static void test_battery(db *d)
{
	sy_err err;
	struct shipment s;
	struct vehicle v = fixture_vehicle(d, 32, "bev");
	depollute(d, &v, "hv_insulation hv_discharge traction_battery");
	struct part pack = add(d, &v, "traction_battery", "material", 410, 0);
	CHECK(pack.id > 0);
	struct party buyer = party(d, "Battery Buyer", "buyer", NULL, NULL);
	struct party rec = party(d, "Cell Recycling", "battery_recycler", NULL, USCC);
	CHECK_INT(ship(d, buyer.id, &pack, 1, NULL, &s, &err), SY_INVALID);
	CHECK(msg_has(&err, "traction battery"));
	CHECK_INT(ship(d, rec.id, &pack, 1, NULL, &s, &err), SY_OK);
	struct dep_record r;
	CHECK_INT(depollution_get(d, v.id, "battery_handover", &r, &err), SY_OK);
	CHECK_STR(r.recipient, "Cell Recycling");
	CHECK_STR(r.recipient_kind, "recycler");
	CHECK_STR(r.recipient_code, USCC);
	CHECK_STR(r.handed_over, "2026-03-10");
}

struct rows {
	int n, assemblies;
	char first[16];
};

static int count_row(const struct ledger_row *r, void *ctx)
{
	struct rows *x = ctx;
	if (x->n++ == 0)
		sy_strlcpy(x->first, r->part_no, sizeof x->first);
	x->assemblies += r->assembly;
	return 0;
}

static int count_ship(const struct shipment *s, void *ctx)
{
	(void)s;
	++*(int *)ctx;
	return 0;
}

static void test_ledger(db *d)
{
	sy_err err;
	struct rows all = {0}, five = {0};
	CHECK_INT(shipment_ledger(d, NULL, 0, count_row, &all, &err), SY_OK);
	CHECK_INT(all.n, 6); /* engine, door, mirror, catalyst, gearbox, pack */
	CHECK_INT(shipment_ledger(d, NULL, 1, count_row, &five, &err), SY_OK);
	CHECK_INT(five.n, 2);
	CHECK_INT(five.assemblies, 2);
	struct shipment_filter f = {.since = "2026-03-11"};
	struct rows none = {0};
	CHECK_INT(shipment_ledger(d, &f, 0, count_row, &none, &err), SY_INVALID); /* a future date */
	f.since = "2026-03-09";
	f.until = "2026-03-09";
	CHECK_INT(shipment_ledger(d, &f, 0, count_row, &none, &err), SY_OK);
	CHECK_INT(none.n, 0);
	int n = 0;
	CHECK_INT(shipment_list(d, NULL, count_ship, &n, &err), SY_OK);
	CHECK_INT(n, 6);
	n = 0;
	struct shipment_filter mat = {.kind = "material"};
	CHECK_INT(shipment_list(d, &mat, count_ship, &n, &err), SY_OK);
	CHECK_INT(n, 1);
	struct shipment s;
	CHECK_INT(shipment_find(d, "s2026-000002", &s, &err), SY_OK);
	CHECK_INT(s.n_parts, 2);
	int64_t audits = 0, bad = 0, checked = 0;
	db_int64(d, &err, &audits, "SELECT count(*) FROM audit WHERE entity = 'shipment'", NULL);
	CHECK_INT(audits, 6);
	CHECK_INT(audit_verify(d, &err, &bad, &checked), SY_OK);
}

int main(void)
{
	db *d = fixture_open("2026-03-10 10:00:00");
	test_parties(d);
	test_rules(d);
	test_battery(d);
	test_ledger(d);
	db_close(d);
	return CHECK_DONE();
}
