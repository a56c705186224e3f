/* Pretreatment records: the step table, preconditions, quantities and units,
 * not-present steps, NEV high-voltage order, battery codes, hand-over, the
 * checklist states, waste containers filled by drained fluids, undo. */
#include "tests/check.h"

#include "db/audit.h"
#include "db/depollution.h"
#include "db/waste.h"
#include "tests/unit/yard_fixture.h"

static int rec(db *d, const struct vehicle *v, struct dep_input in, sy_err *err)
{
	memset(err, 0, sizeof *err);
	return depollution_record(d, v, &in, NULL, err);
}

static const struct dep_item *item(const struct dep_status *s, const char *code)
{
	for (int i = 0; i < s->n; i++)
		if (strcmp(s->items[i].step->code, code) == 0)
			return &s->items[i];
	return NULL;
}

static void test_table(void)
{
	CHECK(dep_step_find("engine-oil") == dep_step_find("engine_oil"));
	CHECK(dep_step_find("ENGINE_OIL") != NULL);
	CHECK(dep_step_find("oil") == NULL);
	/* Every precondition names a step of the table, earlier in it. */
	int ok = 1;
	for (const struct dep_step *s = dep_steps; s->code; s++)
		for (int k = 0; k < 3 && s->needs[k]; k++) {
			const struct dep_step *n = dep_step_find(s->needs[k]);
			if (!n || n >= s)
				ok = 0;
		}
	CHECK_MSG(ok, "preconditions name earlier steps");
	CHECK(dep_step_find("traction_battery")->needs[0] != NULL &&
	      strcmp(dep_step_find("traction_battery")->needs[0], "hv_discharge") == 0);
}

static void test_petrol_checklist(db *d)
{
	sy_err err;
	struct dep_status s;
	struct vehicle v = fixture_vehicle(d, 1, "petrol");
	CHECK_INT(depollution_status(d, &v, &s, &err), SY_OK);
	CHECK(item(&s, "hv_discharge") == NULL); /* NEV steps do not apply */
	CHECK(item(&s, "fuel") != NULL);
	CHECK_INT(item(&s, "battery")->state, DEP_NEXT);
	CHECK_INT(item(&s, "engine_oil")->state, DEP_BLOCKED);
	CHECK(strstr(item(&s, "engine_oil")->reason, "Starter battery removed") != NULL);
	CHECK(!s.complete);
	CHECK(strstr(s.missing, "Engine oil drained") != NULL);

	/* Quantity rules. */
	CHECK_INT(rec(d, &v, (struct dep_input){.step = "battery"}, &err), SY_INVALID);
	CHECK_STR(err.field, "qty");
	CHECK_INT(rec(d, &v, (struct dep_input){.step = "battery", .has_qty = 1, .qty = 14, .unit = "l"}, &err), SY_INVALID);
	CHECK_STR(err.field, "unit");
	CHECK_INT(rec(d, &v, (struct dep_input){.step = "battery", .has_qty = 1, .qty = -1}, &err), SY_INVALID);
	CHECK_STR(err.field, "qty");
	CHECK_INT(rec(d, &v, (struct dep_input){.step = "battery", .has_qty = 1, .qty = 0}, &err), SY_INVALID);
	CHECK_INT(rec(d, &v, (struct dep_input){.step = "battery", .has_qty = 1, .qty = 500}, &err), SY_INVALID);
	CHECK(msg_has(&err, "from 0 to 100"));
	CHECK_INT(rec(d, &v, (struct dep_input){.step = "nonsense"}, &err), SY_INVALID);
	CHECK(msg_has(&err, "engine_oil"));
	/* Blocked: the battery comes first. */
	CHECK_INT(rec(d, &v, (struct dep_input){.step = "engine_oil", .has_qty = 1, .qty = 4}, &err), SY_INVALID);
	CHECK(msg_has(&err, "Starter battery removed"));
	CHECK_STR(err.field, "step");

	struct dep_record r;
	struct dep_input in = {.step = "battery", .has_qty = 1, .qty = 14.5, .done_by = "Wang"};
	CHECK_INT(depollution_record(d, &v, &in, &r, &err), SY_OK);
	CHECK_STR(r.unit, "kg");
	CHECK_STR(r.container, "HW31-2026-0001");
	CHECK_STR(r.done_by, "Wang");
	CHECK_STR(r.recorded_by, "tester");
	CHECK_STR(r.done_at, "2026-03-10 10:00:00");
	CHECK_INT(rec(d, &v, (struct dep_input){.step = "battery", .has_qty = 1, .qty = 14}, &err), SY_INVALID);
	CHECK(msg_has(&err, "recorded already"));

	/* A petrol car carries no gas tank: its fuel drains without a word about one. */
	CHECK_INT(depollution_status(d, &v, &s, &err), SY_OK);
	CHECK(item(&s, "gas_tank") == NULL);
	CHECK_INT(item(&s, "airbags")->state, DEP_NEXT);
	CHECK_INT(item(&s, "fuel")->state, DEP_OPEN);
	CHECK_INT(rec(d, &v, (struct dep_input){.step = "gas_tank", .absent = 1}, &err), SY_INVALID);
	CHECK(msg_has(&err, "does not apply"));

	/* Fluids: litres by default, kg accepted, 0 for an empty system. */
	CHECK_INT(rec(d, &v, (struct dep_input){.step = "fuel", .has_qty = 1, .qty = 12.5, .container = "fuel-1"}, &err), SY_OK);
	struct dep_record fuel;
	CHECK_INT(depollution_get(d, v.id, "fuel", &fuel, &err), SY_OK);
	CHECK_STR(fuel.unit, "l");
	CHECK_STR(fuel.container, "FUEL-1"); /* not hazardous: kept on the record only */
	CHECK_INT(rec(d, &v, (struct dep_input){.step = "washer_fluid", .has_qty = 1, .qty = 0}, &err), SY_OK);
	CHECK_INT(rec(d, &v, (struct dep_input){.step = "coolant", .has_qty = 1, .qty = 3, .unit = "gal"}, &err), SY_INVALID);
	CHECK_STR(err.field, "unit");

	/* Details. */
	CHECK_INT(rec(d, &v, (struct dep_input){.step = "airbags"}, &err), SY_INVALID);
	CHECK_STR(err.field, "state");
	CHECK_INT(rec(d, &v, (struct dep_input){.step = "airbags", .detail = "exploded"}, &err), SY_INVALID);
	CHECK(msg_has(&err, "deployed, removed"));
	CHECK_INT(rec(d, &v, (struct dep_input){.step = "airbags", .detail = "deployed"}, &err), SY_OK);
	CHECK_INT(rec(d, &v, (struct dep_input){.step = "refrigerant", .has_qty = 1, .qty = 0.5}, &err), SY_INVALID);
	CHECK_STR(err.field, "type");
	CHECK_INT(rec(d, &v, (struct dep_input){.step = "refrigerant", .has_qty = 1, .qty = 0.5, .unit = "l", .detail = "R134a"}, &err),
		  SY_INVALID);
	CHECK_STR(err.field, "unit");
	struct dep_input refr = {.step = "refrigerant", .has_qty = 1, .qty = 0.55, .detail = "r134A"};
	CHECK_INT(depollution_record(d, &v, &refr, &r, &err), SY_OK);
	CHECK_STR(r.detail, "R134a");
	CHECK_STR(r.container, "SITE-2026-0001");

	/* The oil filter comes after the engine oil. */
	CHECK_INT(rec(d, &v, (struct dep_input){.step = "oil_filter"}, &err), SY_INVALID);
	CHECK(msg_has(&err, "Engine oil drained"));
}

/* A vehicle that may carry gas: its fuel waits for the gas tank step, which
 * may be "not present". */
static void test_gas_tank(db *d)
{
	sy_err err;
	struct dep_status s;
	static const char *const powers[] = {"gas", "dual_fuel", "fcev", "other", "", NULL};
	for (int i = 0; powers[i]; i++) {
		struct vehicle v = fixture_vehicle(d, 40 + i, powers[i]);
		CHECK_INT(depollution_status(d, &v, &s, &err), SY_OK);
		CHECK_MSG(item(&s, "gas_tank") != NULL, powers[i]);
	}
	static const char *const none[] = {"petrol", "diesel", "hev", "phev", "bev", NULL};
	for (int i = 0; none[i]; i++) {
		struct vehicle v = fixture_vehicle(d, 50 + i, none[i]);
		CHECK_INT(depollution_status(d, &v, &s, &err), SY_OK);
		CHECK_MSG(item(&s, "gas_tank") == NULL, none[i]);
	}
	struct vehicle v = fixture_vehicle(d, 60, "dual_fuel");
	CHECK_INT(rec(d, &v, (struct dep_input){.step = "battery", .has_qty = 1, .qty = 14}, &err), SY_OK);
	CHECK_INT(rec(d, &v, (struct dep_input){.step = "fuel", .has_qty = 1, .qty = 10}, &err), SY_INVALID);
	CHECK(msg_has(&err, "Gas tank"));
	CHECK_INT(rec(d, &v, (struct dep_input){.step = "gas_tank", .absent = 1, .has_qty = 1, .qty = 3}, &err), SY_INVALID);
	CHECK_STR(err.field, "not-present");
	CHECK_INT(rec(d, &v, (struct dep_input){.step = "gas_tank", .has_qty = 1, .qty = 3}, &err), SY_INVALID);
	CHECK(msg_has(&err, "takes no quantity"));
	CHECK_INT(rec(d, &v, (struct dep_input){.step = "gas_tank", .absent = 1}, &err), SY_OK);
	CHECK_INT(depollution_status(d, &v, &s, &err), SY_OK);
	CHECK_INT(item(&s, "gas_tank")->state, DEP_ABSENT);
	CHECK_INT(item(&s, "fuel")->state, DEP_OPEN);
}

/* A full hybrid carries a high-voltage pack: its system is made safe and the
 * pack taken out as on a new-energy vehicle; its code is optional. */
static void test_hybrid(db *d)
{
	sy_err err;
	struct dep_status s;
	struct vehicle v = fixture_vehicle(d, 70, "hev");
	CHECK_INT(depollution_status(d, &v, &s, &err), SY_OK);
	CHECK_MSG(s.hv && !s.nev, "a full hybrid: high voltage, not a new-energy vehicle");
	CHECK(item(&s, "hv_insulation") != NULL && item(&s, "hv_discharge") != NULL);
	CHECK(item(&s, "traction_battery") != NULL);
	CHECK(item(&s, "fuel") != NULL);
	CHECK_INT(item(&s, "hv_insulation")->state, DEP_NEXT);
	CHECK_INT(item(&s, "fuel")->state, DEP_BLOCKED);
	CHECK(strstr(item(&s, "fuel")->reason, "discharged") != NULL);
	CHECK(strstr(s.missing, "Traction battery removed") != NULL);
	CHECK_INT(rec(d, &v, (struct dep_input){.step = "hv_insulation", .detail = "pass"}, &err), SY_OK);
	CHECK_INT(rec(d, &v, (struct dep_input){.step = "hv_discharge"}, &err), SY_OK);
	CHECK_INT(rec(d, &v, (struct dep_input){.step = "traction_battery", .has_qty = 1, .qty = 45, .detail = "intact"}, &err),
		  SY_OK);
	CHECK_INT(depollution_status(d, &v, &s, &err), SY_OK);
	CHECK(strstr(s.missing, "Traction battery removed") == NULL);
}

/* Drained fluids fill the open container of their waste code. */
static void test_containers(db *d)
{
	sy_err err;
	struct dep_record r1, r2, r3;
	struct vehicle a = fixture_vehicle(d, 2, "petrol"), b = fixture_vehicle(d, 3, "diesel");
	CHECK_INT(rec(d, &a, (struct dep_input){.step = "battery", .absent = 1}, &err), SY_OK);
	CHECK_INT(rec(d, &b, (struct dep_input){.step = "battery", .absent = 1}, &err), SY_OK);
	struct dep_input oil = {.step = "engine_oil", .has_qty = 1, .qty = 4};
	CHECK_INT(depollution_record(d, &a, &oil, &r1, &err), SY_OK);
	oil.qty = 6;
	CHECK_INT(depollution_record(d, &b, &oil, &r2, &err), SY_OK);
	CHECK_STR(r1.container, r2.container);
	struct waste w;
	CHECK_INT(waste_find(d, r1.container, &w, &err), SY_OK);
	CHECK_NEAR(w.qty, 10, 1e-9);
	CHECK_STR(w.unit, "l");
	CHECK_STR(w.code, "900-214-08");
	CHECK_STR(w.source, "engine_oil");
	CHECK_INT(w.fills, 2);
	/* Brake fluid and gear oil are of the same code (HW08 900-214-08): the
	 * open drum takes them, no new drum a fluid. */
	struct dep_input brake = {.step = "brake_fluid", .has_qty = 1, .qty = 0.8};
	CHECK_INT(depollution_record(d, &a, &brake, &r3, &err), SY_OK);
	CHECK_STR(r3.container, r1.container);
	struct dep_input into = {.step = "gear_oil", .has_qty = 1, .qty = 2, .container = r1.container};
	CHECK_INT(depollution_record(d, &a, &into, NULL, &err), SY_OK);
	CHECK_INT(waste_find(d, r1.container, &w, &err), SY_OK);
	CHECK_NEAR(w.qty, 12.8, 1e-9);
	CHECK_INT(w.fills, 4);
	/* Naming a container of another waste or unit is refused. */
	struct dep_input coolant = {.step = "coolant", .has_qty = 1, .qty = 2, .container = r1.container};
	CHECK_INT(depollution_record(d, &a, &coolant, NULL, &err), SY_INVALID);
	CHECK_STR(err.field, "container");
	CHECK(msg_has(&err, "its own container"));
	struct dep_input kg = {.step = "engine_oil", .has_qty = 1, .qty = 3, .unit = "kg", .container = r1.container};
	struct vehicle c = fixture_vehicle(d, 4, "petrol");
	CHECK_INT(rec(d, &c, (struct dep_input){.step = "battery", .absent = 1}, &err), SY_OK);
	CHECK_INT(depollution_record(d, &c, &kg, NULL, &err), SY_INVALID);
	CHECK_STR(err.field, "unit");
	/* A new container named by the clerk. */
	kg.container = "drum-7";
	CHECK_INT(depollution_record(d, &c, &kg, &r3, &err), SY_OK);
	CHECK_STR(r3.container, "DRUM-7");

	/* Undo: refused while a later step depends on it, then the waste goes back. */
	CHECK_INT(rec(d, &a, (struct dep_input){.step = "oil_filter", .has_qty = 1, .qty = 0.4}, &err), SY_OK);
	CHECK_INT(depollution_undo(d, &a, "engine_oil", "wrong vehicle", &err), SY_INVALID);
	CHECK(msg_has(&err, "Oil filter removed"));
	CHECK_INT(depollution_undo(d, &a, "oil_filter", "", &err), SY_INVALID);
	CHECK_STR(err.field, "reason");
	CHECK_INT(depollution_undo(d, &a, "oil_filter", "typed on the wrong car", &err), SY_OK);
	CHECK_INT(depollution_undo(d, &a, "engine_oil", "typed on the wrong car", &err), SY_OK);
	CHECK_INT(waste_find(d, r1.container, &w, &err), SY_OK);
	CHECK_NEAR(w.qty, 8.8, 1e-9);
	CHECK_INT(w.fills, 3);
	CHECK_INT(depollution_get(d, a.id, "engine_oil", &r1, &err), SY_INVALID);
	/* Once the container is in store, the record stays. */
	CHECK_INT(waste_store(d, r2.container, "shed 2", &err), SY_OK);
	CHECK_INT(depollution_undo(d, &b, "engine_oil", "mistake", &err), SY_INVALID);
	CHECK(msg_has(&err, "went into store"));
	/* The next engine oil starts a new container. */
	oil.qty = 5;
	CHECK_INT(depollution_record(d, &a, &oil, &r1, &err), SY_OK);
	CHECK(strcmp(r1.container, r2.container) != 0);
}

static void complete_petrol(db *d, const struct vehicle *v)
{
	sy_err err;
	static const char *const fluids[] = {"fuel", "engine_oil", "gear_oil", "brake_fluid", "coolant", "washer_fluid", NULL};
	rec(d, v, (struct dep_input){.step = "battery", .has_qty = 1, .qty = 15}, &err);
	rec(d, v, (struct dep_input){.step = "airbags", .detail = "removed", .has_qty = 1, .qty = 2}, &err);
	for (int i = 0; fluids[i]; i++)
		rec(d, v, (struct dep_input){.step = fluids[i], .has_qty = 1, .qty = 1}, &err);
	rec(d, v, (struct dep_input){.step = "steering_fluid", .absent = 1}, &err);
	rec(d, v, (struct dep_input){.step = "refrigerant", .detail = "R1234yf", .has_qty = 1, .qty = 0.4}, &err);
	rec(d, v, (struct dep_input){.step = "oil_filter"}, &err);
	rec(d, v, (struct dep_input){.step = "catalyst", .has_qty = 1, .qty = 6}, &err);
	rec(d, v, (struct dep_input){.step = "mercury", .absent = 1}, &err);
	rec(d, v, (struct dep_input){.step = "tyres", .has_qty = 1, .qty = 40}, &err);
}

static void test_complete(db *d)
{
	sy_err err;
	struct dep_status s;
	struct vehicle v = fixture_vehicle(d, 5, "petrol");
	CHECK_INT(depollution_check_complete(d, &v, &err), SY_INVALID);
	CHECK(msg_has(&err, "Starter battery removed"));
	CHECK_STR(err.field, "depollution");
	complete_petrol(d, &v);
	CHECK_INT(depollution_status(d, &v, &s, &err), SY_OK);
	CHECK_MSG(s.complete, "all steps recorded: complete");
	CHECK_MSG(s.missing[0] == '\0', "nothing missing");
	CHECK_INT(depollution_check_complete(d, &v, &err), SY_OK);
	struct dep_record r;
	CHECK_INT(depollution_get(d, v.id, "airbags", &r, &err), SY_OK);
	CHECK_STR(r.container, "SITE-2026-0002"); /* removed airbags are waste */
	/* JSON of the checklist. */
	cJSON *j = dep_status_to_json(&s);
	CHECK(cJSON_IsTrue(cJSON_GetObjectItem(j, "complete")));
	CHECK_INT(cJSON_GetArraySize(cJSON_GetObjectItem(j, "steps")), s.n);
	cJSON_Delete(j);
}

static void test_nev(db *d)
{
	sy_err err;
	struct dep_status s;
	struct vehicle v = fixture_vehicle(d, 6, "bev");
	CHECK_INT(depollution_status(d, &v, &s, &err), SY_OK);
	CHECK(item(&s, "fuel") == NULL); /* no engine */
	CHECK(item(&s, "gear_oil") != NULL);
	CHECK_INT(item(&s, "hv_insulation")->state, DEP_NEXT);
	CHECK_INT(item(&s, "battery")->state, DEP_BLOCKED);
	CHECK(strstr(item(&s, "battery")->reason, "discharged") != NULL);
	CHECK_INT(item(&s, "traction_battery")->state, DEP_BLOCKED);
	CHECK_INT(rec(d, &v, (struct dep_input){.step = "fuel", .has_qty = 1, .qty = 1}, &err), SY_INVALID);
	CHECK(msg_has(&err, "does not apply"));
	/* No battery removal before the discharge is confirmed. */
	struct dep_input tb = {.step = "traction_battery", .has_qty = 1, .qty = 420, .battery_code = v.battery_code,
			       .detail = "intact"};
	CHECK_INT(depollution_record(d, &v, &tb, NULL, &err), SY_INVALID);
	CHECK(msg_has(&err, "discharged"));
	CHECK_INT(rec(d, &v, (struct dep_input){.step = "battery", .has_qty = 1, .qty = 12}, &err), SY_INVALID);
	CHECK(msg_has(&err, "discharged"));
	CHECK_INT(rec(d, &v, (struct dep_input){.step = "hv_insulation", .absent = 1}, &err), SY_INVALID);
	CHECK_INT(rec(d, &v, (struct dep_input){.step = "hv_insulation"}, &err), SY_INVALID);
	CHECK_STR(err.field, "result");
	CHECK_INT(rec(d, &v, (struct dep_input){.step = "hv_insulation", .detail = "PASS"}, &err), SY_OK);
	CHECK_INT(rec(d, &v, (struct dep_input){.step = "hv_discharge"}, &err), SY_OK);
	/* The battery code is validated and must be the one checked in. */
	tb.battery_code = "ABCPB1A0000001LCV000012";
	CHECK_INT(depollution_record(d, &v, &tb, NULL, &err), SY_INVALID);
	CHECK_STR(err.field, "code");
	CHECK(msg_has(&err, "24"));
	tb.battery_code = "05YCE2B1234XYZ91P0000001";
	CHECK_INT(depollution_record(d, &v, &tb, NULL, &err), SY_INVALID);
	CHECK(msg_has(&err, "not the one recorded at check-in"));
	tb.battery_code = NULL;
	CHECK_INT(depollution_record(d, &v, &tb, NULL, &err), SY_INVALID);
	CHECK_STR(err.field, "code");
	char spaced[40];
	snprintf(spaced, sizeof spaced, " %s ", v.battery_code);
	for (char *p = spaced; *p; p++)
		*p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
	tb.battery_code = spaced;
	tb.detail = NULL;
	CHECK_INT(depollution_record(d, &v, &tb, NULL, &err), SY_INVALID);
	CHECK_STR(err.field, "state");
	tb.detail = "intact";
	tb.has_qty = 0;
	CHECK_INT(depollution_record(d, &v, &tb, NULL, &err), SY_INVALID);
	CHECK_STR(err.field, "qty");
	tb.has_qty = 1;
	CHECK_INT(rec(d, &v, (struct dep_input){.step = "traction_battery", .absent = 1}, &err), SY_INVALID);
	CHECK(msg_has(&err, "not declared missing"));
	struct dep_record r;
	CHECK_INT(depollution_record(d, &v, &tb, &r, &err), SY_OK);
	CHECK_STR(r.battery_code, v.battery_code);
	CHECK_STR(r.container, ""); /* a traction battery is not hazardous waste here */
	/* Hand-over: named recipient, kind, date not before removal. */
	CHECK_INT(rec(d, &v, (struct dep_input){.step = "battery_handover", .recipient_kind = "oem"}, &err), SY_INVALID);
	CHECK_STR(err.field, "recipient");
	CHECK_INT(rec(d, &v, (struct dep_input){.step = "battery_handover", .recipient = "BYD point", .recipient_kind = "friend"}, &err),
		  SY_INVALID);
	CHECK_STR(err.field, "recipient-kind");
	CHECK_INT(rec(d, &v, (struct dep_input){.step = "battery_handover", .recipient = "BYD point", .recipient_kind = "oem",
						 .date = "2026-03-01"}, &err),
		  SY_INVALID);
	CHECK_STR(err.field, "date");
	CHECK_INT(rec(d, &v, (struct dep_input){.step = "battery_handover", .recipient = "BYD point", .recipient_kind = "oem",
						 .date = "2026-03-11"}, &err),
		  SY_INVALID);
	CHECK(msg_has(&err, "future"));
	CHECK_INT(rec(d, &v, (struct dep_input){.step = "battery_handover", .recipient = "BYD point", .recipient_kind = "oem",
						 .recipient_code = "91350100M000100Y43"}, &err),
		  SY_OK);
	CHECK_INT(depollution_get(d, v.id, "battery_handover", &r, &err), SY_OK);
	CHECK_STR(r.handed_over, "2026-03-10");
	CHECK_STR(r.recipient_code, "91350100M000100Y43");
	CHECK_INT(depollution_get(d, v.id, "traction_battery", &r, &err), SY_OK);
	CHECK_STR(r.recipient, "BYD point"); /* the pack's own row says where it went */
	CHECK_STR(r.handed_over, "2026-03-10");
	CHECK_INT(depollution_status(d, &v, &s, &err), SY_OK);
	CHECK_INT(item(&s, "battery")->state, DEP_NEXT);
	/* The hand-over is not needed before dismantling. */
	CHECK(!dep_step_find("battery_handover")->required);

	/* A battery declared missing at check-in may be recorded as not present; then no hand-over. */
	struct vehicle m;
	vehicle_init(&m);
	fixture_vin(7, m.vin);
	strcpy(m.owner_name, "Owner 7");
	strcpy(m.owner_id, "11010519491231002X");
	strcpy(m.power_type, "bev");
	strcpy(m.missing_parts, "battery");
	m.owner_statement = 1;
	CHECK_INT(vehicle_add(d, &m, &err), SY_OK);
	rec(d, &m, (struct dep_input){.step = "hv_insulation", .detail = "pass"}, &err);
	rec(d, &m, (struct dep_input){.step = "hv_discharge"}, &err);
	CHECK_INT(rec(d, &m, (struct dep_input){.step = "traction_battery", .absent = 1}, &err), SY_OK);
	CHECK_INT(depollution_status(d, &m, &s, &err), SY_OK);
	CHECK(item(&s, "battery_handover") == NULL);
	CHECK_INT(rec(d, &m, (struct dep_input){.step = "battery_handover", .recipient = "X", .recipient_kind = "oem"}, &err),
		  SY_INVALID);
}

static void test_closed_and_audit(db *d)
{
	sy_err err;
	struct vehicle v = fixture_vehicle(d, 8, "petrol");
	strcpy(v.status, "cancelled");
	CHECK_INT(vehicle_update(d, &v, &err), SY_OK);
	CHECK_INT(rec(d, &v, (struct dep_input){.step = "battery", .has_qty = 1, .qty = 10}, &err), SY_INVALID);
	CHECK(msg_has(&err, "cancelled"));
	struct dep_status s;
	CHECK_INT(depollution_status(d, &v, &s, &err), SY_OK);
	CHECK_INT(s.items[0].state, DEP_BLOCKED);
	int64_t n = 0, bad = 0, checked = 0;
	CHECK_INT(db_int64(d, &err, &n, "SELECT count(*) FROM audit WHERE entity = 'depollution'", NULL), SY_OK);
	CHECK(n > 20);
	CHECK_INT(db_int64(d, &err, &n, "SELECT count(*) FROM audit WHERE entity = 'depollution' AND action = 'undo'", NULL), SY_OK);
	CHECK_INT(n, 2);
	CHECK_INT(audit_verify(d, &err, &bad, &checked), SY_OK);
}

int main(void)
{
	db *d = fixture_open("2026-03-10 10:00:00");
	test_table();
	test_petrol_checklist(d);
	test_containers(d);
	test_complete(d);
	test_nev(d);
	test_closed_and_audit(d);
	test_gas_tank(d);
	test_hybrid(d);
	db_close(d);
	return CHECK_DONE();
}
