/* What a yard learns about a model from its earlier vehicles: only what all
 * of them agree on, nothing when they are two models under one VIN prefix,
 * cancelled check-ins left out, and a small maker's VINs (a '9' third) told
 * apart by the maker's code in positions 12-14. */
#include "base/util.h"
#include "db/vehicle_model.h"
#include "tests/check.h"
#include "tests/unit/yard_fixture.h"

/* Check in a petrol car, non-operating, of this VIN (11 characters, the
 * check digit made here, then the serial n). */
static struct vehicle add(db *d, const char *first11, int n, const char *brand, double curb)
{
	struct vehicle v;
	sy_err err = {0};
	char vin[32];
	vehicle_init(&v);
	snprintf(vin, sizeof vin, "%.11s%06d", first11, n % 1000000);
	vin[17] = '\0';
	vin[8] = ident_vin_check_digit(vin);
	sy_strlcpy(v.vin, vin, sizeof v.vin);
	snprintf(v.owner_name, sizeof v.owner_name, "Owner %d", n);
	strcpy(v.owner_id, "11010519491231002X");
	sy_strlcpy(v.brand_model, brand, sizeof v.brand_model);
	strcpy(v.vehicle_type, "car");
	strcpy(v.use_nature, "non_operating");
	strcpy(v.power_type, "petrol");
	v.curb_mass_kg = curb;
	v.doc_registration = v.doc_licence = 1;
	v.plates_returned = 2;
	if (vehicle_add(d, &v, &err) != SY_OK) {
		fprintf(stderr, "vehicle_add %s: %s: %s\n", vin, err.field, err.msg);
		exit(2);
	}
	return v;
}

static struct vehicle_model learned(db *d, const char *vin)
{
	struct vehicle_model m;
	sy_err err = {0};
	CHECK_INT(vehicle_model_learned(d, vin, &m, &err), SY_OK);
	return m;
}

static void test_agreement(db *d)
{
	/* Nothing yet. */
	CHECK_INT(learned(d, "LSVAU2182N2183290").vehicles, 0);
	add(d, "LSVAU2180N2", 183290, "大众桑塔纳", 1180);
	/* Another model year (position 10) of the model: all of it. */
	struct vehicle_model m = learned(d, "LSVAU2186P2183297");
	CHECK_INT(m.vehicles, 1);
	CHECK_STR(m.prefix, "LSVAU218");
	CHECK_STR(m.brand_model, "大众桑塔纳");
	CHECK_STR(m.vehicle_type, "car");
	CHECK_STR(m.power_type, "petrol");
	CHECK(m.curb_mass_kg == 1180);
	/* Another model part: nothing. */
	CHECK_INT(learned(d, "LSVAU2292N2183290").vehicles, 0);
	/* A second of the model with another curb mass (another trim): the
	 * rest still agrees, the mass is left to the clerk. */
	add(d, "LSVAU2180P2", 183291, "大众桑塔纳", 1195);
	m = learned(d, "LSVAU2186P2183297");
	CHECK_INT(m.vehicles, 2);
	CHECK_STR(m.brand_model, "大众桑塔纳");
	CHECK(m.curb_mass_kg == 0);
}

static void test_conflict(db *d)
{
	/* Two models under one prefix: nothing, not even what they agree on. */
	add(d, "LJDAA11A0H1", 100401, "起亚K2", 1100);
	add(d, "LJDAA11A0J1", 100402, "起亚K3", 1100);
	struct vehicle_model m = learned(d, "LJDAA11A2K1100403");
	CHECK_INT(m.vehicles, 0);
	CHECK_STR(m.brand_model, "");
	CHECK_STR(m.vehicle_type, "");
	CHECK(m.curb_mass_kg == 0);
	/* One of them cancelled (a wrong check-in): the other is the model. */
	sy_err err = {0};
	CHECK_INT(db_exec(d, &err, "UPDATE vehicles SET status = 'cancelled' WHERE brand_model = '起亚K2'", NULL), SY_OK);
	m = learned(d, "LJDAA11A2K1100403");
	CHECK_INT(m.vehicles, 1);
	CHECK_STR(m.brand_model, "起亚K3");
}

static void test_small_maker(db *d)
{
	/* WMI LA9: small makers share it, each named by positions 12-14. */
	add(d, "LA9AB12C0K1", 234001, "Maker 234 van", 2000);
	add(d, "LA9AB12C0K1", 567001, "Maker 567 car", 1500);
	char prefix[9], maker[4];
	CHECK(vehicle_model_key("LA9AB12C5K1234002", prefix, maker));
	CHECK_STR(prefix, "LA9AB12C");
	CHECK_STR(maker, "234");
	struct vehicle_model m = learned(d, "LA9AB12C0K1234002");
	CHECK_INT(m.vehicles, 1);
	CHECK_STR(m.brand_model, "Maker 234 van");
	CHECK(!vehicle_model_key("LA9AB12C", prefix, maker));
}

int main(void)
{
	db *d = fixture_open("2026-03-02 09:00:00");
	test_agreement(d);
	test_conflict(d);
	test_small_maker(d);
	/* The fixture's own model (LFV3A23C...): found like any other. */
	struct vehicle v = fixture_vehicle(d, 1, "petrol");
	CHECK_STR(learned(d, v.vin).brand_model, ""); /* its own VIN is no earlier vehicle */
	v.vin[16] = '9';
	v.vin[8] = ident_vin_check_digit(v.vin);
	CHECK_STR(learned(d, v.vin).brand_model, "Test Sedan");
	(void)msg_has;
	db_close(d);
	return CHECK_DONE();
}
