/* What a check-in writes: a check-in is audited (with the vehicle's JSON)
 * and found by its fragments, and the deadline indexes hold only the
 * vehicles that have a deadline. */
#include <sqlite3.h>

#include "db/audit.h"
#include "db/filing.h"
#include "db/personal.h"
#include "db/schema.h"
#include "base/util.h"
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

static int found;
static int count_hit(const struct vehicle *v, void *ctx)
{
	(void)v;
	(void)ctx;
	found++;
	return 0;
}

static void test_checkin_audited_and_found(db *d)
{
	fixture_vehicle(d, 1, "petrol");
	fixture_vehicle(d, 2, "bev");
	struct vehicle v = fixture_vehicle(d, 3, "petrol");
	sy_err err = {0};
	CHECK_INT(count(d, "SELECT count(*) FROM audit WHERE entity = 'vehicle' AND action = 'create'"), 3);
	char *json = db_text(d, &err, "SELECT new FROM audit WHERE entity = 'vehicle' ORDER BY id DESC LIMIT 1", NULL);
	cJSON *o = vehicle_to_json(&v);
	/* the deadlines are the filings', audited with them */
	static const char *const derived[] = {"battery_report_due", "battery_reported", "dereg_due", "deregistered"};
	for (size_t i = 0; i < 4; i++)
		cJSON_DeleteItemFromObjectCaseSensitive(o, derived[i]);
	/* personal data as salted commitments under the vehicle's salt */
	char *salt = db_text(d, &err, "SELECT salt FROM personal_salts WHERE vehicle_id = ?", "I", v.id);
	CHECK(salt && strlen(salt) == 32);
	for (const char *const *f = personal_fields; salt && *f; f++) {
		cJSON *x = cJSON_GetObjectItemCaseSensitive(o, *f);
		char c[68];
		if (!cJSON_IsString(x))
			continue;
		personal_commitment(salt, *f, x->valuestring, c);
		cJSON_ReplaceItemInObjectCaseSensitive(o, *f, cJSON_CreateString(c));
	}
	free(salt);
	char *want = cJSON_PrintUnformatted(o);
	CHECK(json && strcmp(json, want) == 0);
	CHECK(json && !strstr(json, v.owner_id) && !strstr(json, v.owner_name));
	cJSON_Delete(o);
	free(json);
	free(want);
	int64_t bad = 0, checked = 0;
	CHECK_INT(audit_verify(d, &err, &bad, &checked), SY_OK);
	CHECK(checked >= 3);
	/* Found by a fragment of the VIN, of the stock number and by the plate-less owner name. */
	found = 0;
	CHECK_INT(vehicle_search(d, v.vin + 9, 20, count_hit, NULL, &err), SY_OK);
	CHECK_INT(found, 1);
	found = 0;
	CHECK_INT(vehicle_search(d, v.stock_no + 3, 20, count_hit, NULL, &err), SY_OK);
	CHECK(found >= 1);
	/* Gapless stock numbers. */
	CHECK(strstr(v.stock_no, "-000003") != NULL);
	/* The same VIN again while the first is open: refused, nothing written. */
	struct vehicle again = v;
	CHECK_INT(vehicle_add(d, &again, &err), SY_INVALID);
	CHECK(msg_has(&err, "already checked in"));
	CHECK_INT(count(d, "SELECT count(*) FROM vehicles"), 3);
	CHECK_INT(count(d, "SELECT max(last) FROM counters WHERE series = 'vehicle'"), 3);
}

/* An import's batch: every row numbered and audited, all found by search
 * once the batch is finished, and nothing left when it is rolled back. */
static void test_batch(db *d)
{
	sy_err err = {0};
	struct vehicle_batch batch = {0};
	int64_t before = count(d, "SELECT count(*) FROM vehicles");
	CHECK_INT(db_begin(d, &err), SY_OK);
	int ok = 1;
	for (int i = 0; i < 30; i++) {
		struct vehicle v;
		vehicle_init(&v);
		fixture_vin(200 + i, v.vin);
		snprintf(v.owner_name, sizeof v.owner_name, "Batch Owner %d", i);
		strcpy(v.owner_id, "11010519491231002X");
		v.owner_statement = 1; /* no documents handed over, declared */
		ok &= vehicle_validate(d, &v, &err) == SY_OK && vehicle_batch_add(d, &batch, &v, &err) == SY_OK;
	}
	CHECK(ok);
	CHECK_INT(vehicle_batch_finish(d, &batch, &err), SY_OK);
	CHECK_INT(db_commit(d, &err), SY_OK);
	CHECK_INT(count(d, "SELECT count(*) FROM vehicles") - before, 30);
	found = 0;
	CHECK_INT(vehicle_search(d, "Batch Owner", 50, count_hit, NULL, &err), SY_OK);
	CHECK_INT(found, 30);
	found = 0;
	char vin[18];
	fixture_vin(217, vin);
	CHECK_INT(vehicle_search(d, vin + 6, 50, count_hit, NULL, &err), SY_OK);
	CHECK_INT(found, 1);
	int64_t bad = 0, checked = 0;
	CHECK_INT(audit_verify(d, &err, &bad, &checked), SY_OK);

	/* Renamed owners: the old name leaves the index, the new one is found,
	 * for a vehicle checked in alone and for one from the batch. */
	struct vehicle one, from_batch;
	char vin3[18];
	fixture_vin(3, vin3);
	CHECK_INT(vehicle_find(d, vin3, &one, &err), SY_OK);
	CHECK_INT(vehicle_find(d, vin, &from_batch, &err), SY_OK);
	strcpy(one.owner_name, "Renamed Single");
	strcpy(from_batch.owner_name, "Renamed Batch");
	strcpy(from_batch.plate, "京A12B45");
	CHECK_INT(vehicle_update(d, &one, &err), SY_OK);
	CHECK_INT(vehicle_update(d, &from_batch, &err), SY_OK);
	found = 0;
	CHECK_INT(vehicle_search(d, "Renamed", 50, count_hit, NULL, &err), SY_OK);
	CHECK_INT(found, 2);
	found = 0;
	CHECK_INT(vehicle_search(d, "Batch Owner", 50, count_hit, NULL, &err), SY_OK);
	CHECK_INT(found, 29);
	found = 0;
	CHECK_INT(vehicle_search(d, "A12B4", 50, count_hit, NULL, &err), SY_OK);
	CHECK_INT(found, 1);
	found = 0;
	CHECK_INT(vehicle_search(d, "Owner 17", 50, count_hit, NULL, &err), SY_OK);
	CHECK_INT(found, 0);
	found = 0;
	CHECK_INT(vehicle_search(d, "Owner 3", 50, count_hit, NULL, &err), SY_OK);
	CHECK_INT(found, 1); /* Batch Owner 3 only */
	sqlite3_stmt *st = db_query(d, &err, "INSERT INTO vehicles_fts(vehicles_fts, rank) VALUES ('integrity-check', 0)", NULL);
	CHECK(st && db_step(d, &err, st) == SQLITE_DONE);
	db_done(d, st);

	/* Rolled back: no row, no search entry, no number used. */
	CHECK_INT(db_begin(d, &err), SY_OK);
	struct vehicle v;
	vehicle_init(&v);
	fixture_vin(300, v.vin);
	strcpy(v.owner_name, "Gone Owner");
	strcpy(v.owner_id, "11010519491231002X");
	v.owner_statement = 1;
	CHECK_INT(vehicle_validate(d, &v, &err), SY_OK);
	CHECK_INT(vehicle_batch_add(d, &batch, &v, &err), SY_OK);
	CHECK_INT(vehicle_batch_finish(d, &batch, &err), SY_OK);
	db_rollback(d);
	found = 0;
	CHECK_INT(vehicle_search(d, "Gone Owner", 50, count_hit, NULL, &err), SY_OK);
	CHECK_INT(found, 0);
	struct vehicle next = fixture_vehicle(d, 301, "petrol");
	CHECK_INT(atoi(next.stock_no + 6), (int)count(d, "SELECT count(*) FROM vehicles"));
}

#define MARK_SQL "SELECT upto FROM search_indexed WHERE name = 'vehicles'"

static int64_t in_index(db *d, const char *vin)
{
	char *sql = xasprintf("SELECT count(*) FROM vehicles_fts WHERE vehicles_fts MATCH 'vin : \"%s\"'", vin);
	int64_t n = count(d, sql);
	free(sql);
	return n;
}

static int hits(db *d, const char *text)
{
	sy_err err = {0};
	found = 0;
	if (vehicle_search(d, text, 50, count_hit, NULL, &err) != SY_OK)
		printf("# search %s: %s\n", text, err.msg);
	return found;
}

static int index_consistent(db *d)
{
	sy_err err = {0};
	return db_exec(d, &err, "INSERT INTO vehicles_fts(vehicles_fts, rank) VALUES ('integrity-check', 0)", NULL) == SY_OK;
}

/* Check-ins wait above a mark to enter the search index a few dozen at a
 * time (schema step 12): found meanwhile by the same fragments, corrected
 * on either side of the mark, and a deleted newest row lowers the mark. */
static void test_search_backlog(db *d)
{
	sy_err err = {0};
	CHECK_INT(db_begin(d, &err), SY_OK);
	CHECK_INT(vehicle_search_catch_up(d, &err), SY_OK);
	CHECK_INT(db_commit(d, &err), SY_OK);
	int64_t mark = count(d, MARK_SQL);
	CHECK_INT(mark, count(d, "SELECT max(id) FROM vehicles"));
	struct vehicle first = fixture_vehicle(d, 400, "petrol");
	for (int i = 1; i < 31; i++)
		fixture_vehicle(d, 400 + i, "petrol");
	CHECK_INT(count(d, MARK_SQL), mark);
	CHECK_INT(in_index(d, first.vin), 0);
	CHECK_INT(hits(d, first.vin + 9), 1);      /* VIN */
	CHECK_INT(hits(d, first.stock_no + 8), 1); /* serial */
	CHECK_INT(hits(d, "owner 400"), 1);        /* owner, in any case */
	CHECK_INT(hits(d, "OWNER 41"), 10);        /* 410-419, newest first */
	/* Corrected while waiting: the index is not touched. */
	strcpy(first.owner_name, "Waiting Renamed");
	CHECK_INT(vehicle_update(d, &first, &err), SY_OK);
	CHECK_INT(hits(d, "waiting ren"), 1);
	CHECK_INT(hits(d, "Owner 400"), 0);
	CHECK(index_consistent(d));
	/* The 32nd check-in enters them all. */
	struct vehicle last = fixture_vehicle(d, 431, "petrol");
	CHECK_INT(count(d, MARK_SQL), last.id);
	CHECK_INT(in_index(d, first.vin), 1);
	CHECK_INT(hits(d, "waiting ren"), 1);
	CHECK_INT(hits(d, "OWNER 41"), 10);
	strcpy(last.owner_name, "Indexed Renamed");
	CHECK_INT(vehicle_update(d, &last, &err), SY_OK);
	CHECK_INT(hits(d, "indexed ren"), 1);
	CHECK_INT(hits(d, "Owner 431"), 0);
	CHECK(index_consistent(d));
	/* The newest row deleted (by hand: the program cancels, never deletes;
	 * the ministry entry its check-in owes goes first): its id comes back
	 * for the next check-in, which waits above the mark. */
	CHECK_INT(db_exec(d, &err, "DELETE FROM filings WHERE vehicle_id = ?", "I", last.id), SY_OK);
	CHECK_INT(db_exec(d, &err, "DELETE FROM vehicles WHERE id = ?", "I", last.id), SY_OK);
	CHECK_INT(count(d, MARK_SQL), last.id - 1);
	struct vehicle again = fixture_vehicle(d, 432, "petrol");
	CHECK_INT(again.id, last.id);
	CHECK_INT(in_index(d, again.vin), 0);
	CHECK_INT(hits(d, again.vin + 9), 1);
	CHECK_INT(hits(d, "indexed ren"), 0);
	CHECK(index_consistent(d));
}

static int plan_uses(db *d, const char *sql, const char *index)
{
	sy_err err = {0};
	char *explain = xasprintf("EXPLAIN QUERY PLAN %s", sql);
	sqlite3_stmt *st = db_query(d, &err, explain, NULL);
	int uses = 0;
	while (st && db_step(d, &err, st) == SQLITE_ROW)
		uses |= strstr((const char *)sqlite3_column_text(st, 3), index) != NULL;
	db_done(d, st);
	free(explain);
	return uses;
}

static void test_deadline_indexes(db *d)
{
	/* The vehicles' own deadline columns and their indexes became filings. */
	CHECK_INT(count(d, "SELECT count(*) FROM sqlite_master WHERE name IN ('vehicles_battery_due', 'vehicles_dereg_due')"), 0);
	CHECK_INT(count(d, "SELECT count(*) FROM pragma_table_info('vehicles') WHERE name IN"
			   " ('battery_report_due', 'battery_reported', 'dereg_due', 'deregistered')"), 0);
	CHECK_INT(count(d, "SELECT count(*) FROM sqlite_master WHERE name = 'vehicles_received'"), 0);
	/* Only what is owed is in the due-date index, and the due list uses it. */
	CHECK_INT(count(d, "SELECT count(*) FROM sqlite_master WHERE name = 'filings_owed' AND sql LIKE '%state = ''owed'''"), 1);
	CHECK(plan_uses(d, "SELECT id FROM filings WHERE state = 'owed' AND due <= '2099-01-01'", "filings_owed"));
	CHECK_INT(count(d, "SELECT count(*) FROM filings WHERE kind = 'battery_report'"), 1); /* the electric one */
}

static int due_rows;
static int count_due(const struct filing *f, void *ctx)
{
	(void)ctx;
	due_rows += strcmp(f->kind->code, "battery_report") == 0;
	return 0;
}

/* The schema version before step 8, which took new vehicles out of the
 * search index's insert trigger: the rows below are put in as a program of
 * that version did, with the trigger indexing them. */
#define BEFORE_CHECKIN_PAGES 7

/* A database from before step 8, with vehicles in it, upgrades through
 * every later step and keeps them: found by fragment, listed by deadline,
 * numbered on. */
static void test_upgrade_keeps_vehicles(void)
{
	char path[192];
	snprintf(path, sizeof path, "%s/older.db", fixture_dir);
	sqlite3 *h;
	sqlite3_open(path, &h);
	for (int i = 0; i < BEFORE_CHECKIN_PAGES; i++)
		if (sqlite3_exec(h, schema_steps[i], NULL, NULL, NULL) != SQLITE_OK)
			printf("# step %d: %s\n", i + 1, sqlite3_errmsg(h));
	char *sql = sqlite3_mprintf(
		"INSERT INTO vehicles(stock_no, vin, plate, received_date, owner_kind, owner_name, owner_id,"
		" power_type, battery_code, battery_report_due, created_by, created_at, updated_at) VALUES"
		" ('V2026-000001', 'LFV3A23C0H3000101', '京A12345', '2026-03-01', 'person', 'Old Owner', '11010519491231002X',"
		" 'bev', '%s', '2026-03-20', 'tester', '2026-03-01 09:00:00', '2026-03-01 09:00:00'),"
		" ('V2026-000002', 'LFV3A23C0H3000102', NULL, '2026-03-01', 'person', 'Older Owner', '11010519491231002X',"
		" 'petrol', NULL, NULL, 'tester', '2026-03-01 09:00:00', '2026-03-01 09:00:00');"
		"UPDATE vehicles SET dereg_due = '2026-03-12', deregistered = '2026-03-10' WHERE stock_no = 'V2026-000002';"
		"INSERT INTO counters(series, year, last) VALUES ('vehicle', 2026, 2);"
		/* From step 8 on the program, not a trigger, enters new vehicles into
		 * the search index: as it would have. */
		"INSERT INTO vehicles_fts(rowid, stock_serial, vin, plate, owner_name)"
		" SELECT -id, substr(stock_no, instr(stock_no, '-') + 1), vin, plate, owner_name FROM vehicles"
		" WHERE NOT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'vehicles_fts_ai');"
		"PRAGMA user_version=%d;",
		FIXTURE_BATTERY, BEFORE_CHECKIN_PAGES);
	if (sqlite3_exec(h, sql, NULL, NULL, NULL) != SQLITE_OK)
		printf("# fill: %s\n", sqlite3_errmsg(h));
	sqlite3_free(sql);
	sqlite3_close(h);

	sy_err err = {0};
	db *d = db_open(path, 0, &err);
	CHECK(d != NULL);
	if (!d)
		return;
	CHECK_INT(db_user_version(d), db_schema_version());
	CHECK_INT(count(d, "SELECT count(*) FROM vehicles"), 2);
	found = 0;
	CHECK_INT(vehicle_search(d, "3000101", 20, count_hit, NULL, &err), SY_OK);
	CHECK_INT(found, 1);
	due_rows = 0;
	struct filing_query q = {.view = FILING_OWED};
	CHECK_INT(filing_list(d, &q, count_due, NULL, &err), SY_OK);
	CHECK_INT(due_rows, 1);
	/* the deadline moved into a filing with its date; no ministry entry is
	 * invented for a vehicle taken in before filings existed */
	CHECK_INT(count(d, "SELECT count(*) FROM filings WHERE kind = 'battery_report' AND due = '2026-03-20' AND state = 'owed'"), 1);
	CHECK_INT(count(d, "SELECT count(*) FROM filings WHERE kind = 'mofcom_entry'"), 0);
	CHECK_INT(count(d, "SELECT count(*) FROM filings WHERE kind = 'deregistration' AND due = '2026-03-12'"
			   " AND state = 'done' AND done_on = '2026-03-10'"), 1);
	struct vehicle old;
	CHECK_INT(vehicle_find(d, "V2026-000002", &old, &err), SY_OK);
	CHECK_STR(old.deregistered, "2026-03-10");
	struct vehicle v = fixture_vehicle(d, 103, "petrol");
	CHECK_STR(v.stock_no, "V2026-000003");
	int64_t bad = 0, checked = 0;
	CHECK_INT(audit_verify(d, &err, &bad, &checked), SY_OK);
	db_close(d);
}

/* The schema version before the filings (step 12). */
#define BEFORE_FILINGS 11

/* A yard at version 11 that synchronises with a head office: its deadlines
 * become filings (a cancelled check-in's withdrawn), and those rows, which
 * no session recorded, wait in the outbox as inserts for the head office. */
static void test_upgrade_from_11_syncing(void)
{
	char path[192];
	snprintf(path, sizeof path, "%s/v11.db", fixture_dir);
	sqlite3 *h;
	sqlite3_open(path, &h);
	for (int i = 0; i < BEFORE_FILINGS; i++)
		if (sqlite3_exec(h, schema_steps[i], NULL, NULL, NULL) != SQLITE_OK)
			printf("# step %d: %s\n", i + 1, sqlite3_errmsg(h));
	char *sql = sqlite3_mprintf(
		"INSERT INTO vehicles(stock_no, vin, received_date, owner_kind, owner_name, owner_id, power_type, battery_code,"
		" battery_report_due, status, cancelled_at, cancel_reason, created_by, created_at, updated_at) VALUES"
		" ('V2026-000001', 'LFV3A23C0H3000101', '2026-03-02', 'person', 'A', '11010519491231002X', 'bev', '%s',"
		" '2026-03-23', 'open', NULL, NULL, 'tester', '2026-03-02 09:00:00', '2026-03-02 09:00:00'),"
		" ('V2026-000002', 'LFV3A23C0H3000102', '2026-03-02', 'person', 'B', '11010519491231002X', 'bev', NULL,"
		" '2026-03-23', 'cancelled', '2026-03-02 10:00:00', 'twice', 'tester', '2026-03-02 09:00:00',"
		" '2026-03-02 10:00:00');"
		"INSERT INTO vehicles_fts(rowid, stock_serial, vin, plate, owner_name)"
		" SELECT -id, substr(stock_no, instr(stock_no, '-') + 1), vin, plate, owner_name FROM vehicles;"
		"INSERT INTO counters(series, year, last) VALUES ('vehicle', 2026, 2);"
		"INSERT INTO settings(key, value) VALUES ('sync.capture', '1');"
		"PRAGMA user_version=%d;",
		FIXTURE_BATTERY, BEFORE_FILINGS);
	if (sqlite3_exec(h, sql, NULL, NULL, NULL) != SQLITE_OK)
		printf("# fill: %s\n", sqlite3_errmsg(h));
	sqlite3_free(sql);
	sqlite3_close(h);

	sy_err err = {0};
	db *d = db_open(path, 0, &err);
	CHECK(d != NULL);
	if (!d) {
		printf("# %s\n", err.msg);
		return;
	}
	CHECK_INT(db_user_version(d), db_schema_version());
	CHECK_INT(count(d, "SELECT count(*) FROM filings WHERE vehicle_id = 1 AND kind = 'battery_report' AND state = 'owed'"
			   " AND due = '2026-03-23'"), 1);
	CHECK_INT(count(d, "SELECT count(*) FROM filings WHERE vehicle_id = 2 AND state = 'withdrawn'"
			   " AND note LIKE '%cancelled%'"), 1);
	CHECK_INT(count(d, "SELECT count(*) FROM filings WHERE state = 'owed' AND vehicle_id = 2"), 0);
	/* one outbox entry: an insert of each filing, nothing else */
	CHECK_INT(count(d, "SELECT count(*) FROM sync_outbox"), 1);
	sqlite3_stmt *st = db_query(d, &err, "SELECT changes FROM sync_outbox", NULL);
	int inserts = 0, others = 0;
	if (st && db_step(d, &err, st) == SQLITE_ROW) {
		sqlite3_changeset_iter *it = NULL;
		if (sqlite3changeset_start(&it, sqlite3_column_bytes(st, 0), (void *)sqlite3_column_blob(st, 0)) == SQLITE_OK)
			while (sqlite3changeset_next(it) == SQLITE_ROW) {
				const char *table;
				int ncol, op, indirect;
				sqlite3changeset_op(it, &table, &ncol, &op, &indirect);
				if (strcmp(table, "filings") == 0 && op == SQLITE_INSERT)
					inserts++;
				else
					others++;
			}
		sqlite3changeset_finalize(it);
	}
	db_done(d, st);
	CHECK_INT(inserts, 2);
	CHECK_INT(others, 0);
	/* the temporary copy is gone: the name means the table again */
	CHECK_INT(count(d, "SELECT count(*) FROM sqlite_temp_master WHERE name = 'filings'"), 0);
	/* from here on the session records the filings as it does the rest */
	struct vehicle v;
	CHECK_INT(vehicle_find(d, "V2026-000001", &v, &err), SY_OK);
	CHECK_INT(vehicle_mark(d, &v, "battery_reported", "2026-03-02", &err), SY_OK);
	if (err.status)
		printf("# %s\n", err.msg);
	CHECK_INT(count(d, "SELECT count(*) FROM sync_outbox"), 2);
	db_close(d);
}

int main(void)
{
	db *d = fixture_open("2026-03-02 09:00:00");
	test_checkin_audited_and_found(d);
	test_deadline_indexes(d);
	test_batch(d);
	test_search_backlog(d);
	db_close(d);
	test_upgrade_keeps_vehicles();
	test_upgrade_from_11_syncing();
	return CHECK_DONE();
}
