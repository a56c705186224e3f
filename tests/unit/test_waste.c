/* The hazardous waste ledger (HJ 1259): codes, generation into containers,
 * entry into store, exit to a licensed handler, listing and stock. */
#include "tests/check.h"

#include "db/audit.h"
#include "db/depollution.h"
#include "db/party.h"
#include "db/waste.h"
#include "app/doc_fill.h"
#include "tests/unit/yard_fixture.h"

static int count_code(const struct waste_code *c, void *ctx)
{
	int *n = ctx;
	n[0]++;
	n[1] += c->site_defined;
	return 0;
}

static void test_codes(db *d)
{
	sy_err err;
	struct waste_code c;
	int n[2] = {0, 0};
	CHECK_INT(waste_code_list(d, count_code, n, &err), SY_OK);
	CHECK_INT(n[0], 8);
	CHECK_INT(n[1], 4);
	CHECK_INT(waste_code_find(d, "hw08", &c, &err), SY_OK);
	CHECK_STR(c.code, "900-214-08");
	CHECK_INT(waste_code_find(d, "900-052-31", &c, &err), SY_OK);
	CHECK_STR(c.category, "HW31");
	CHECK(!c.site_defined);
	CHECK_INT(waste_code_find(d, "site-refrig", &c, &err), SY_OK);
	CHECK(c.site_defined);
	CHECK_INT(waste_code_find(d, "SITE", &c, &err), SY_INVALID);
	CHECK(msg_has(&err, "4 codes"));
	CHECK_INT(waste_code_find(d, "HW99", &c, &err), SY_INVALID);
	CHECK_STR(err.field, "code");
	/* The table is editable. */
	struct waste_code add = {.code = "900-023-29", .category = "hw29", .name_en = "Mercury waste", .name_zh = "含汞废物",
				 .unit = "pcs"};
	CHECK_INT(waste_code_save(d, &add, &err), SY_OK);
	CHECK_INT(waste_code_find(d, "HW29", &c, &err), SY_OK);
	CHECK_STR(c.unit, "pcs");
	struct waste_code bad = {.code = "X-1", .category = "HW01", .name_en = "X", .name_zh = "X", .unit = "gal"};
	CHECK_INT(waste_code_save(d, &bad, &err), SY_INVALID);
	CHECK_STR(err.field, "unit");
	bad.unit[0] = '\0';
	bad.name_zh[0] = '\0';
	CHECK_INT(waste_code_save(d, &bad, &err), SY_INVALID);
	CHECK_STR(err.field, "name-zh");
}

static void test_lifecycle(db *d)
{
	sy_err err;
	struct waste w, w2;
	struct waste_input in = {.code = "HW49", .qty = 0, .container_type = "bag"};
	CHECK_INT(waste_add(d, &in, &w, &err), SY_INVALID);
	CHECK_STR(err.field, "qty");
	in.qty = 5.5;
	in.unit = "bucket";
	CHECK_INT(waste_add(d, &in, &w, &err), SY_INVALID);
	CHECK_STR(err.field, "unit");
	in.unit = NULL;
	db_set_setting(d, &err, "waste.facility_code", "F-PLATFORM-1");
	CHECK_INT(waste_add(d, &in, &w, &err), SY_OK);
	CHECK_STR(w.container_code, "HW49-2026-0001");
	CHECK_STR(w.batch_code, "20260310-HW49-2026-0001");
	CHECK_STR(w.unit, "kg");
	CHECK_STR(w.state, "open");
	CHECK_STR(w.source, "manual");
	CHECK_STR(w.facility_code, "F-PLATFORM-1");
	CHECK_STR(w.container_type, "bag");
	CHECK_STR(w.generated_by, "tester");
	/* More of the same goes into the open container. */
	in.qty = 1.5;
	CHECK_INT(waste_add(d, &in, &w2, &err), SY_OK);
	CHECK_STR(w2.container_code, w.container_code);
	CHECK_NEAR(w2.qty, 7, 1e-9);
	/* Entry into store; then a new generation starts a new container. */
	CHECK_INT(waste_ship(d, (const char *const[]){"hw49-2026-0001"}, 1,
			     &(struct waste_exit){.handler_id = 1}, &err),
		  SY_INVALID); /* no such handler yet, and not stored */
	CHECK_INT(waste_store(d, "hw49-2026-0001", "hazardous store A", &err), SY_OK);
	CHECK_INT(waste_find(d, "HW49-2026-0001", &w, &err), SY_OK);
	CHECK_STR(w.state, "stored");
	CHECK_STR(w.store_location, "HAZARDOUS STORE A");
	CHECK_STR(w.stored_at, "2026-03-10 10:00:00");
	CHECK_INT(waste_store(d, "HW49-2026-0001", NULL, &err), SY_INVALID);
	CHECK(msg_has(&err, "already"));
	in.container = "HW49-2026-0001";
	CHECK_INT(waste_add(d, &in, &w2, &err), SY_INVALID);
	CHECK(msg_has(&err, "went into store"));
	in.container = NULL;
	CHECK_INT(waste_add(d, &in, &w2, &err), SY_OK);
	CHECK_STR(w2.container_code, "HW49-2026-0002");

	/* Exit: only stored containers, only to a licensed handler. */
	struct party buyer = {.name = "Scrap Buyer", .kind = "recycler", .credit_code = "91350100M000100Y43"};
	struct party handler = {.name = "Licensed Handler", .kind = "hazardous_handler", .licence = "hw-lic-1"};
	CHECK_INT(party_save(d, &buyer, &err), SY_OK);
	CHECK_INT(party_save(d, &handler, &err), SY_OK);
	const char *one[] = {"HW49-2026-0001"};
	struct waste_exit x = {.handler_id = buyer.id, .manifest_no = "m-2026-77"};
	CHECK_INT(waste_ship(d, one, 1, &x, &err), SY_INVALID);
	CHECK_STR(err.field, "handler");
	CHECK(msg_has(&err, "licensed hazardous waste handler"));
	x.handler_id = handler.id;
	const char *both[] = {"HW49-2026-0001", "HW49-2026-0002"};
	CHECK_INT(waste_ship(d, both, 2, &x, &err), SY_INVALID); /* the second is still open */
	CHECK(msg_has(&err, "HW49-2026-0002"));
	CHECK_INT(waste_find(d, "HW49-2026-0001", &w, &err), SY_OK);
	CHECK_STR(w.state, "stored"); /* all or nothing */
	x.date = "2026-03-09";
	CHECK_INT(waste_ship(d, one, 1, &x, &err), SY_INVALID);
	CHECK_STR(err.field, "date");
	x.date = NULL;
	x.destination = "incineration";
	CHECK_INT(waste_ship(d, one, 1, &x, &err), SY_OK);
	CHECK_INT(waste_find(d, "HW49-2026-0001", &w, &err), SY_OK);
	CHECK_STR(w.state, "shipped");
	CHECK_STR(w.handler_name, "Licensed Handler");
	CHECK_STR(w.handler_licence, "HW-LIC-1");
	CHECK_STR(w.manifest_no, "M-2026-77");
	CHECK_STR(w.destination, "incineration");
	CHECK_INT(waste_ship(d, one, 1, &x, &err), SY_INVALID);
	CHECK(msg_has(&err, "left on"));
}

struct tally {
	int n;
	double qty;
	char first[32];
};

static int tally(const struct waste *w, void *ctx)
{
	struct tally *t = ctx;
	if (t->n++ == 0)
		snprintf(t->first, sizeof t->first, "%s", w->container_code);
	t->qty += w->qty;
	return 0;
}

static int tally_fill(const struct waste_fill *f, void *ctx)
{
	struct tally *t = ctx;
	t->n++;
	t->qty += f->qty;
	snprintf(t->first, sizeof t->first, "%s", f->stock_no);
	return 0;
}

static int tally_stock(const struct waste_stock *s, void *ctx)
{
	struct tally *t = ctx;
	t->n++;
	if (strcmp(s->code, "900-214-08") == 0)
		t->qty += s->qty;
	return 0;
}

static void test_ledger(db *d)
{
	sy_err err;
	struct vehicle v = fixture_vehicle(d, 41, "petrol");
	struct dep_input bat = {.step = "battery", .has_qty = 1, .qty = 13};
	struct dep_input oil = {.step = "engine_oil", .has_qty = 1, .qty = 4.2};
	struct dep_record r;
	CHECK_INT(depollution_record(d, &v, &bat, NULL, &err), SY_OK);
	CHECK_INT(depollution_record(d, &v, &oil, &r, &err), SY_OK);
	struct tally t = {0};
	CHECK_INT(waste_list(d, &(struct waste_filter){.vehicle_id = v.id}, tally, &t, &err), SY_OK);
	CHECK_INT(t.n, 2);
	CHECK_NEAR(t.qty, 17.2, 1e-9);
	struct waste w;
	CHECK_INT(waste_find(d, r.container, &w, &err), SY_OK);
	struct tally f = {0};
	CHECK_INT(waste_fills(d, w.id, tally_fill, &f, &err), SY_OK);
	CHECK_INT(f.n, 1);
	CHECK_STR(f.first, v.stock_no);
	t = (struct tally){0};
	CHECK_INT(waste_list(d, &(struct waste_filter){.state = "open"}, tally, &t, &err), SY_OK);
	CHECK_INT(t.n, 3);
	t = (struct tally){0};
	CHECK_INT(waste_list(d, &(struct waste_filter){.code = "HW49", .oldest_first = 1}, tally, &t, &err), SY_OK);
	CHECK_INT(t.n, 2);
	CHECK_STR(t.first, "HW49-2026-0001");
	t = (struct tally){0};
	CHECK_INT(waste_list(d, &(struct waste_filter){.since = "2026-03-11"}, tally, &t, &err), SY_INVALID);
	CHECK_INT(waste_list(d, &(struct waste_filter){.until = "2026-03-09"}, tally, &t, &err), SY_OK);
	CHECK_INT(t.n, 0);
	CHECK_INT(waste_list(d, &(struct waste_filter){.state = "lost"}, tally, &t, &err), SY_INVALID);
	CHECK_STR(err.field, "state");
	t = (struct tally){0};
	CHECK_INT(waste_stock(d, tally_stock, &t, &err), SY_OK);
	CHECK_INT(t.n, 3); /* HW08 open, HW31 open, HW49 open (the shipped one is gone) */
	CHECK_NEAR(t.qty, 4.2, 1e-9);
	int64_t bad = 0, checked = 0;
	CHECK_INT(audit_verify(d, &err, &bad, &checked), SY_OK);
	int64_t n = 0;
	db_int64(d, &err, &n, "SELECT count(*) FROM audit WHERE entity = 'waste'", NULL);
	CHECK_INT(n, 7); /* 2 generated + 1 fill + store + ship + 2 from depollution */
}

static struct waste add_at(db *d, const char *now, const char *code, double qty, const char *unit,
			   const char *container)
{
	sy_err err = {0};
	struct waste w = {0};
	setenv("SCRAPYARD_NOW", now, 1);
	struct waste_input in = {.code = code, .qty = qty, .unit = unit, .container = container};
	if (waste_add(d, &in, &w, &err) != SY_OK)
		printf("# waste_add %s: %s\n", code, err.msg);
	return w;
}

/* The ledger of a period: each movement dated in it, the facility where it
 * happened (the store for entry and exit, not under the destination), and
 * totals per unit and movement: the 106 kg of batteries generated, stored
 * and shipped are 106 kg in each column, never 318, and litres stay litres. */
static void test_period_ledger(db *d)
{
	sy_err err = {0};
	struct party h = {.name = "Period Handler", .kind = "hazardous_handler", .licence = "HW-9"};
	CHECK_INT(party_save(d, &h, &err), SY_OK);
	struct waste a = add_at(d, "2026-04-01 09:00:00", "HW31", 106, NULL, "APR-A");
	setenv("SCRAPYARD_NOW", "2026-04-02 09:00:00", 1);
	CHECK_INT(waste_store(d, a.container_code, "store-1", &err), SY_OK);
	add_at(d, "2026-04-02 10:00:00", "HW08", 8, "l", "APR-B");
	struct waste c = add_at(d, "2026-04-02 11:00:00", "HW50", 6, NULL, "APR-C");
	setenv("SCRAPYARD_NOW", "2026-04-03 09:00:00", 1);
	CHECK_INT(waste_ship(d, (const char *const[]){a.container_code}, 1,
			     &(struct waste_exit){.handler_id = h.id, .manifest_no = "M-1"}, &err),
		  SY_OK);
	setenv("SCRAPYARD_NOW", "2026-04-05 09:00:00", 1);
	CHECK_INT(waste_store(d, c.container_code, "store-2", &err), SY_OK);
	setenv("SCRAPYARD_NOW", "2026-04-30 09:00:00", 1);

	struct ledger_doc l;
	struct doc_fill f = {0};
	CHECK_INT(doc_fill_ledger(d, LEDGER_HAZARDOUS, "2026-04-01", "2026-04-30", &l, &f, &err), SY_OK);
	CHECK_INT(l.nrows, 6); /* a: generated, stored, shipped; the oil generated; c: generated, stored */
	const struct ledger_waste_row *r = l.rows.waste;
	CHECK(strstr(r[0].movement, "Generated") && strcmp(r[0].container_code, a.container_code) == 0);
	CHECK_STR(r[0].facility_code, "F-PLATFORM-1");
	CHECK(strstr(r[1].movement, "Stored") != NULL);
	CHECK_STR(r[1].facility_code, "STORE-1"); /* the store is a facility, */
	CHECK(r[1].destination == NULL);         /* not a destination */
	CHECK(strstr(r[4].movement, "Shipped") != NULL);
	CHECK(r[4].destination && strstr(r[4].destination, "HW-9") && strstr(r[4].destination, "M-1"));
	CHECK_STR(r[4].facility_code, "STORE-1");
	CHECK_INT(l.nwaste_totals, 2);
	const struct ledger_waste_total *kg = &l.waste_totals[0], *litres = &l.waste_totals[1];
	CHECK_STR(kg->unit, "kg");
	CHECK_NEAR(kg->generated, 112, 1e-9);
	CHECK_NEAR(kg->stored, 112, 1e-9);
	CHECK_NEAR(kg->shipped, 106, 1e-9);
	CHECK_NEAR(kg->in_store, 6, 1e-9);
	CHECK_INT(kg->containers_in_store, 1);
	CHECK_STR(litres->unit, "l");
	CHECK_NEAR(litres->generated, 8, 1e-9);
	CHECK_NEAR(litres->in_store, 0, 1e-9);
	struct pdf_buf pdf = {0};
	CHECK_INT(doc_ledger_pdf(&l, NULL, &pdf, NULL, &err), SY_OK);
	pdf_buf_free(&pdf);
	doc_fill_free(&f);
	/* A period before the shipment: the batteries were still in store at its end. */
	CHECK_INT(doc_fill_ledger(d, LEDGER_HAZARDOUS, "2026-04-01", "2026-04-02", &l, &f, &err), SY_OK);
	CHECK_NEAR(l.waste_totals[0].in_store, 106, 1e-9);
	CHECK_NEAR(l.waste_totals[0].shipped, 0, 1e-9);
	doc_fill_free(&f);
}

int main(void)
{
	db *d = fixture_open("2026-03-10 10:00:00");
	test_codes(d);
	test_lifecycle(d);
	test_ledger(d);
	test_period_ledger(d);
	db_close(d);
	return CHECK_DONE();
}
