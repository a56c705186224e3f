/* A yard in a temporary database for the dismantling tests: the site, a
 * pinned clock, and vehicles with valid identifiers made on demand. */
#ifndef SY_TEST_YARD_FIXTURE_H
#define SY_TEST_YARD_FIXTURE_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#include "db/ident.h"
#include "db/site.h"
#include "db/vehicle.h"

#define FIXTURE_BATTERY "ABCPB1A0000001LCV0000123"

static char fixture_dir[64];
static char fixture_path[128];

static void fixture_cleanup(void)
{
	char cmd[128];
	if (!*fixture_dir)
		return;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", fixture_dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", fixture_dir);
}

/* Opens a new database with the yard set up, the clock at `now`. */
static db *fixture_open(const char *now)
{
	sy_err err = {0};
	setenv("SCRAPYARD_NOW", now, 1);
	snprintf(fixture_dir, sizeof fixture_dir, "%s/sy-unit-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(fixture_dir)) {
		perror("mkdtemp");
		exit(2);
	}
	atexit(fixture_cleanup);
	snprintf(fixture_path, sizeof fixture_path, "%s/yard.db", fixture_dir);
	db *d = db_open(fixture_path, DB_OPEN_CREATE, &err);
	if (!d) {
		fprintf(stderr, "db_open: %s\n", err.msg);
		exit(2);
	}
	db_set_actor(d, "tester");
	struct site s = {.name = "Test Yard", .license_no = "L-001", .address = "1 Yard Road"};
	if (site_save(d, &s, &err) != SY_OK) {
		fprintf(stderr, "site_save: %s\n", err.msg);
		exit(2);
	}
	return d;
}

/* A valid VIN whose serial is n. */
static void fixture_vin(int n, char out[18])
{
	char vin[32]; /* roomy: without optimisation the compiler cannot bound the serial */
	snprintf(vin, sizeof vin, "LFV3A23C0H3%06u", (unsigned)n % 1000000u);
	memcpy(out, vin, 17);
	out[17] = '\0';
	out[8] = ident_vin_check_digit(out);
}

/* The traction battery code of fixture vehicle n: one pack, one vehicle. */
static void fixture_battery(int n, char out[25])
{
	char code[40]; /* roomy, as for the VIN */
	snprintf(code, sizeof code, "ABCPB1A0000001LCV%07u", (unsigned)n % 10000000u);
	memcpy(out, code, 24);
	out[24] = '\0';
}

/* Check in a vehicle: petrol, or a new-energy one with a battery of its own;
 * the owner handed over both documents and both plates. */
static struct vehicle fixture_vehicle(db *d, int n, const char *power)
{
	struct vehicle v;
	sy_err err = {0};
	vehicle_init(&v);
	fixture_vin(n, v.vin);
	snprintf(v.owner_name, sizeof v.owner_name, "Owner %d", n);
	strcpy(v.owner_id, "11010519491231002X");
	strcpy(v.brand_model, "Test Sedan");
	strcpy(v.power_type, power);
	v.doc_registration = v.doc_licence = 1;
	v.plates_returned = 2;
	if (vehicle_is_nev(&v))
		fixture_battery(n, v.battery_code);
	if (vehicle_add(d, &v, &err) != SY_OK) {
		fprintf(stderr, "vehicle_add: %s: %s\n", err.field, err.msg);
		exit(2);
	}
	return v;
}

static int msg_has(const sy_err *err, const char *fragment)
{
	if (strstr(err->msg, fragment))
		return 1;
	fprintf(stdout, "# message: %s (field %s), wanted \"%s\"\n", err->msg, err->field, fragment);
	return 0;
}

#endif
