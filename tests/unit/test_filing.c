/* Filings and their clocks: each kind made by its event with its due date on
 * the working-day calendar (across the May Day holiday and its swapped
 * Saturday), late once the date passes, done with the authority's reference,
 * withdrawn when its event is taken back, and the site's rules. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "db/audit.h"
#include "db/cert.h"
#include "db/depollution.h"
#include "db/filing.h"
#include "db/vehicle_life.h"
#include "tests/check.h"
#include "tests/unit/yard_fixture.h"

static int64_t count(db *d, const char *sql)
{
	int64_t n = -1;
	sy_err err = {0};
	if (db_int64(d, &err, &n, sql, NULL) != SY_OK)
		printf("# %s: %s\n", sql, err.msg);
	return n;
}

static struct filing filing(db *d, const struct vehicle *v, const char *kind, const char *subject)
{
	struct filing f;
	sy_err err = {0};
	memset(&f, 0, sizeof f);
	if (filing_of(d, v->id, kind, subject, &f, &err) != SY_OK)
		printf("# no %s filing for %s\n", kind, v->stock_no);
	return f;
}

/* 2026: 1 May (Fri), 4 and 5 May (Mon, Tue) off; Saturday 9 May worked. */
static void may_day(db *d)
{
	sy_err err = {0};
	CHECK_INT(db_exec(d, &err,
			  "INSERT INTO holidays(day, working, note) VALUES ('2026-05-01', 0, 'Labour Day'),"
			  " ('2026-05-04', 0, 'Labour Day'), ('2026-05-05', 0, 'Labour Day'), ('2026-05-09', 1, 'swapped')",
			  NULL),
		  SY_OK);
}

static void record(db *d, const struct vehicle *v, struct dep_input in)
{
	sy_err err = {0};
	if (depollution_record(d, v, &in, NULL, &err) != SY_OK)
		printf("# %s: %s\n", in.step, err.msg);
}

static int late_ids[16], nlate;
static int collect_late(const struct filing *f, void *ctx)
{
	(void)ctx;
	if (nlate < 16)
		late_ids[nlate++] = (int)f->id;
	return 0;
}

static void test_clocks(db *d)
{
	sy_err err = {0};
	setenv("SCRAPYARD_NOW", "2026-04-27 09:00:00", 1);
	struct vehicle car = fixture_vehicle(d, 1, "petrol");
	struct vehicle ev = fixture_vehicle(d, 2, "bev");

	/* check-in: the ministry entry, 5 working days: 28, 29, 30 April, 6, 7 May */
	struct filing f = filing(d, &car, "mofcom_entry", "");
	CHECK_STR(f.due, "2026-05-07");
	CHECK_STR(f.event_on, "2026-04-27");
	CHECK_STR(filing_state(&f), "owed");
	CHECK_INT(count(d, "SELECT count(*) FROM filings WHERE kind = 'battery_report' AND vehicle_id = 1"), 0);
	/* the battery report, 15 working days, the swapped Saturday counted */
	f = filing(d, &ev, "battery_report", "");
	CHECK_STR(f.due, "2026-05-20");
	struct vehicle again;
	CHECK_INT(vehicle_get(d, ev.id, &again, &err), SY_OK);
	CHECK_STR(again.battery_report_due, "2026-05-20");
	CHECK_STR(ev.battery_report_due, "2026-05-20");

	/* the certificate: the deregistration, 7 working days from 29 April */
	setenv("SCRAPYARD_NOW", "2026-04-29 10:00:00", 1);
	struct cert c;
	CHECK_INT(cert_issue(d, &car, &c, &err), SY_OK);
	cert_clear(&c);
	f = filing(d, &car, "deregistration", "");
	CHECK_STR(f.event_on, "2026-04-29");
	CHECK_STR(f.due, "2026-05-12");
	CHECK_INT(vehicle_get(d, car.id, &again, &err), SY_OK);
	CHECK_STR(again.dereg_due, "2026-05-12");
	/* a certificate voided and issued again does not restart the clock */
	CHECK_INT(cert_void(d, "C2026-000001", "typo in the owner's name", &c, &err), SY_OK);
	cert_clear(&c);
	setenv("SCRAPYARD_NOW", "2026-05-06 10:00:00", 1);
	CHECK_INT(cert_issue(d, &again, &c, &err), SY_OK);
	cert_clear(&c);
	CHECK_STR(filing(d, &car, "deregistration", "").due, "2026-05-12");

	/* the battery out and handed over: "pack out of the yard" about that pack */
	setenv("SCRAPYARD_NOW", "2026-04-30 10:00:00", 1);
	record(d, &ev, (struct dep_input){.step = "hv_insulation", .detail = "pass"});
	record(d, &ev, (struct dep_input){.step = "hv_discharge"});
	record(d, &ev, (struct dep_input){.step = "traction_battery", .has_qty = 1, .qty = 380, .detail = "intact",
					  .battery_code = ev.battery_code});
	CHECK_INT(count(d, "SELECT count(*) FROM filings WHERE kind = 'battery_outbound'"), 0);
	setenv("SCRAPYARD_NOW", "2026-05-06 10:00:00", 1);
	record(d, &ev, (struct dep_input){.step = "battery_handover", .recipient = "OEM point", .recipient_kind = "oem",
					  .date = "2026-05-06"});
	f = filing(d, &ev, "battery_outbound", ev.battery_code);
	CHECK_STR(f.subject, ev.battery_code);
	CHECK_STR(f.due, "2026-05-26");
	CHECK_STR(f.event_on, "2026-05-06");
	CHECK_INT(count(d, "SELECT count(*) FROM filings WHERE kind = 'battery_report'"), 1); /* owed since check-in */

	/* each made audited: two ministry entries, a battery report, a deregistration, a pack out */
	CHECK_INT(count(d, "SELECT count(*) FROM audit WHERE entity = 'filing' AND action = 'create'"), 5);

	/* late once its day has passed: on 8 May the ministry entries are late */
	setenv("SCRAPYARD_NOW", "2026-05-08 09:00:00", 1);
	nlate = 0;
	struct filing_query q = {.view = FILING_LATE};
	CHECK_INT(filing_list(d, &q, collect_late, NULL, &err), SY_OK);
	CHECK_INT(nlate, 2);
	f = filing(d, &car, "mofcom_entry", "");
	CHECK_INT(f.late, 1);
	CHECK_STR(filing_state(&f), "late");
	CHECK_INT(filing(d, &car, "deregistration", "").late, 0);
	/* due within three working days: the deregistration (12 May) too */
	q.view = FILING_DUE;
	nlate = 0;
	CHECK_INT(filing_list(d, &q, collect_late, NULL, &err), SY_OK);
	CHECK_INT(nlate, 3);
}

static void test_done(db *d)
{
	sy_err err = {0};
	struct vehicle car, ev;
	CHECK_INT(vehicle_find(d, "V2026-000001", &car, &err), SY_OK);
	CHECK_INT(vehicle_find(d, "V2026-000002", &ev, &err), SY_OK);
	struct filing f = filing(d, &car, "mofcom_entry", ""), out;
	setenv("SCRAPYARD_NOW", "2026-05-08 09:00:00", 1);

	/* refusals, each saying what is wrong */
	CHECK_INT(filing_done(d, f.id, "", NULL, 0, &out, &err), SY_INVALID);
	CHECK_STR(err.field, "reference");
	CHECK_INT(filing_done(d, f.id, "BF-1", "2026-04-20", 0, &out, &err), SY_INVALID);
	CHECK(msg_has(&err, "before the check-in"));
	CHECK_INT(filing_done(d, f.id, "BF-1", "2026-05-09", 0, &out, &err), SY_INVALID);
	CHECK(msg_has(&err, "future"));
	CHECK_INT(filing_done(d, 999, "BF-1", NULL, 0, &out, &err), SY_INVALID);

	/* done with the reference, after its day: done late */
	CHECK_INT(filing_done(d, f.id, " BF2026050800123 ", NULL, 0, &out, &err), SY_OK);
	CHECK_STR(out.state, "done");
	CHECK_STR(out.reference, "BF2026050800123");
	CHECK_STR(out.done_on, "2026-05-08");
	CHECK_STR(out.done_by, "tester");
	CHECK_INT(out.late, 1);
	CHECK_INT(count(d, "SELECT count(*) FROM audit WHERE entity = 'filing' AND action = 'done'"
			   " AND new LIKE '%\"reference\":\"BF2026050800123\"%' AND old LIKE '%\"state\":\"owed\"%'"),
		  1);
	CHECK_INT(filing_done(d, f.id, "BF-2", NULL, 0, &out, &err), SY_INVALID);
	CHECK(msg_has(&err, "done already"));
	/* no longer owed, nor late */
	nlate = 0;
	struct filing_query q = {.view = FILING_LATE};
	CHECK_INT(filing_list(d, &q, collect_late, NULL, &err), SY_OK);
	CHECK_INT(nlate, 1);

	/* vehicle mark still works, as marking the filing done */
	CHECK_INT(vehicle_mark(d, &car, "deregistered", "2026-05-07", &err), SY_OK);
	CHECK_STR(car.deregistered, "2026-05-07");
	CHECK_STR(filing(d, &car, "deregistration", "").state, "done");
	CHECK_INT(filing(d, &car, "deregistration", "").late, 0);
	CHECK_INT(vehicle_mark(d, &ev, "battery_reported", "2026-05-08", &err), SY_OK);
	CHECK_STR(ev.battery_reported, "2026-05-08");
	/* a vehicle with no deregistration owed yet: made and done at once */
	struct vehicle old = fixture_vehicle(d, 3, "petrol");
	struct cert c;
	CHECK_INT(cert_issue(d, &old, &c, &err), SY_OK);
	cert_clear(&c);
	db_exec(d, &err, "DELETE FROM filings WHERE vehicle_id = ? AND kind = 'deregistration'", "I", old.id);
	CHECK_INT(vehicle_mark(d, &old, "deregistered", "2026-05-08", &err), SY_OK);
	CHECK_STR(filing(d, &old, "deregistration", "").state, "done");
	/* the audit trail holds both, and stays whole */
	int64_t bad = 0, checked = 0;
	CHECK_INT(audit_verify(d, &err, &bad, &checked), SY_OK);
}

static void test_withdrawn(db *d)
{
	sy_err err = {0};
	struct vehicle ev;
	CHECK_INT(vehicle_find(d, "V2026-000002", &ev, &err), SY_OK);
	setenv("SCRAPYARD_NOW", "2026-05-11 09:00:00", 1);
	CHECK_INT(depollution_undo(d, &ev, "battery_handover", "wrong recipient", &err), SY_OK);
	struct filing f = filing(d, &ev, "battery_outbound", ev.battery_code), out;
	CHECK_STR(f.state, "withdrawn");
	CHECK(strstr(f.note, "wrong recipient") != NULL);
	CHECK_INT(filing_done(d, f.id, "R", NULL, 0, &out, &err), SY_INVALID);
	CHECK(msg_has(&err, "withdrawn"));
	/* the hand-over made again owes it again, from its new date */
	record(d, &ev, (struct dep_input){.step = "battery_handover", .recipient = "Recycler Co", .recipient_kind = "recycler",
					  .date = "2026-05-11"});
	f = filing(d, &ev, "battery_outbound", ev.battery_code);
	CHECK_STR(f.state, "owed");
	CHECK_STR(f.due, "2026-06-01");
	CHECK_INT(count(d, "SELECT count(*) FROM filings WHERE kind = 'battery_outbound'"), 1); /* never deleted, never twice */
	CHECK_INT(count(d, "SELECT count(*) FROM audit WHERE entity = 'filing' AND action IN ('withdraw', 'reopen')"), 2);
}

static void test_rules(db *d)
{
	sy_err err = {0};
	struct filing_rule r;
	CHECK_INT(filing_rule_get(d, "mofcom-entry", &r, &err), SY_OK);
	CHECK_INT(r.days, FILING_MOFCOM_DAYS);
	CHECK_INT(filing_rule_set(d, "battery_report", 20, NULL, &err), SY_INVALID);
	CHECK(msg_has(&err, "set by the regulations"));
	CHECK_INT(filing_rule_set(d, "nonsense", 2, NULL, &err), SY_INVALID);
	CHECK_INT(filing_rule_set(d, "deregistration", -1, "selfie", &err), SY_INVALID);
	CHECK_INT(filing_rule_set(d, "mofcom_entry", 2, NULL, &err), SY_OK);
	CHECK_INT(filing_rule_set(d, "deregistration", -1, "cut, entry,cut", &err), SY_OK);
	CHECK_INT(filing_rule_get(d, "deregistration", &r, &err), SY_OK);
	CHECK_STR(r.photos, "cut,entry");
	CHECK_INT(count(d, "SELECT count(*) FROM audit WHERE entity = 'filing_rule' AND action = 'change'"), 2);

	/* the yard's own days for the ministry entry: Monday 11 May + 2 */
	setenv("SCRAPYARD_NOW", "2026-05-11 09:00:00", 1);
	struct vehicle v = fixture_vehicle(d, 4, "petrol");
	CHECK_STR(filing(d, &v, "mofcom_entry", "").due, "2026-05-13");

	/* a filing the yard wants photos for does not count as done without them */
	struct cert c;
	CHECK_INT(cert_issue(d, &v, &c, &err), SY_OK);
	cert_clear(&c);
	struct filing f = filing(d, &v, "deregistration", ""), out;
	CHECK_INT(filing_done(d, f.id, "JG-77", NULL, 0, &out, &err), SY_INVALID);
	CHECK_STR(err.field, "photo");
	CHECK(msg_has(&err, "cut, entry"));
	db_exec(d, &err,
		"INSERT INTO photos(vehicle_id, what, sha256, type, bytes, width, height, added_by, added_at)"
		" VALUES (?, 'cut', 'aa', 'jpeg', 1, 40, 40, 't', 'x'), (?, 'entry', 'bb', 'jpeg', 1, 40, 40, 't', 'x')",
		"II", v.id, v.id);
	CHECK_INT(filing_done(d, f.id, "JG-77", NULL, 0, &out, &err), SY_OK);
}

/* The ministry's system refuses a VIN filed twice: a later record of a VIN
 * whose entry is done (a check-in cancelled after its entry was filed) says
 * so. */
static void test_vin_filed(db *d)
{
	sy_err err = {0};
	struct vehicle first;
	CHECK_INT(vehicle_find(d, "V2026-000001", &first, &err), SY_OK);
	db_exec(d, &err, "UPDATE vehicles SET status = 'cancelled' WHERE id = ?", "I", first.id);
	struct vehicle again;
	vehicle_init(&again);
	strcpy(again.vin, first.vin);
	strcpy(again.owner_name, "Someone");
	strcpy(again.owner_id, "11010519491231002X");
	again.doc_registration = again.doc_licence = 1;
	again.plates_returned = 2;
	CHECK_INT(vehicle_add(d, &again, &err), SY_OK);
	struct filing f = filing(d, &again, "mofcom_entry", ""), other;
	CHECK_INT(filing_vin_filed(d, &f, &other, &err), 1);
	CHECK_STR(other.stock_no, "V2026-000001");
	CHECK_STR(other.reference, "BF2026050800123");
	struct filing mine = filing(d, &first, "mofcom_entry", "");
	CHECK_INT(filing_vin_filed(d, &mine, &other, &err), 0);
}

static int owed_of;
static int count_owed(const struct filing *f, void *ctx)
{
	owed_of += f->vehicle_id == *(const int64_t *)ctx;
	return 0;
}

/* A cancelled check-in owes nothing: what it owed is withdrawn with the
 * reason, audited, kept; what was done stays done. */
static void test_cancel_withdraws(db *d)
{
	sy_err err = {0};
	setenv("SCRAPYARD_NOW", "2026-05-11 09:00:00", 1);
	struct vehicle ev = fixture_vehicle(d, 5, "bev"), out;
	struct filing entry = filing(d, &ev, "mofcom_entry", ""), done;
	CHECK_INT(filing_done(d, entry.id, "BF-5", NULL, 0, &done, &err), SY_OK);
	int64_t withdrawals = count(d, "SELECT count(*) FROM audit WHERE entity = 'filing' AND action = 'withdraw'");
	CHECK_INT(vehicle_cancel(d, &ev, "checked in twice", &err), SY_OK);
	struct filing battery = filing(d, &ev, "battery_report", "");
	CHECK_STR(battery.state, "withdrawn");
	CHECK_STR(filing_state(&battery), "withdrawn");
	CHECK(strstr(battery.note, "checked in twice") != NULL);
	CHECK_STR(filing(d, &ev, "mofcom_entry", "").state, "done");
	CHECK_INT(count(d, "SELECT count(*) FROM audit WHERE entity = 'filing' AND action = 'withdraw'"), withdrawals + 1);
	/* not owed, not late, on no list of work; still among every filing */
	setenv("SCRAPYARD_NOW", "2026-08-03 09:00:00", 1);
	struct filing_query q = {.view = FILING_OWED};
	owed_of = 0;
	CHECK_INT(filing_list(d, &q, count_owed, &ev.id, &err), SY_OK);
	CHECK_INT(owed_of, 0);
	q.view = FILING_ALL;
	CHECK_INT(filing_list(d, &q, count_owed, &ev.id, &err), SY_OK);
	CHECK_INT(owed_of, 2);
	CHECK_INT(filing_done(d, battery.id, "R-1", NULL, 0, &done, &err), SY_INVALID);
	CHECK(msg_has(&err, "withdrawn"));
	CHECK_INT(vehicle_get(d, ev.id, &out, &err), SY_OK);
	CHECK_STR(out.battery_report_due, battery.due); /* the record still tells its deadline */
}

static void test_battery_type(void)
{
	CHECK_STR(filing_battery_type("001PB1A0000001A11000001X"), "磷酸铁锂电池");
	CHECK_STR(filing_battery_type("001PE1A0000001A11000001X"), "三元材料电池");
	CHECK_STR(filing_battery_type(FIXTURE_BATTERY), "磷酸铁锂电池");
	CHECK_STR(filing_battery_type(""), "");
	CHECK_STR(filing_battery_type("001PQ"), "");
}

int main(void)
{
	db *d = fixture_open("2026-04-27 09:00:00");
	may_day(d);
	test_clocks(d);
	test_done(d);
	test_withdrawn(d);
	test_rules(d);
	test_vin_filed(d);
	test_cancel_withdraws(d);
	test_battery_type();
	db_close(d);
	return CHECK_DONE();
}
