#include "db/sync_server.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/util.h"
#include "db/schema.h"
#include "db/sync_tables.h"

/* 1: the group, its yards and their logins, the push bookkeeping, and the
 * reference data the head office owns. A yard logs in as its own role, a
 * member of sy_yard; sy.my_yard() maps that login to its yard. Each owned
 * table is partitioned by yard: a yard's login may write only its own
 * partitions, and row-level security confines its reads of the whole. */
static const char c1_group[] =
	"CREATE EXTENSION IF NOT EXISTS pg_trgm;"
	"CREATE SCHEMA sy;"
	"DO $$ BEGIN"
	" IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sy_yard') THEN CREATE ROLE sy_yard NOLOGIN; END IF;"
	" IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sy_office') THEN CREATE ROLE sy_office NOLOGIN; END IF;"
	" END $$;"
	"GRANT USAGE ON SCHEMA sy TO sy_yard, sy_office;"
	"CREATE TABLE sy.yards("
	" yard_id serial PRIMARY KEY, licence_no text NOT NULL UNIQUE, name text NOT NULL, role name NOT NULL UNIQUE,"
	" address text, phone text, credit_code text,"
	/* The last outbox entry of the yard applied here; NULL until its first push. */
	" pushed_seq bigint, pushed_chain text, pushed_at timestamptz, snapshot_at timestamptz,"
	" created_at timestamptz NOT NULL DEFAULT now());"
	"GRANT SELECT (yard_id, licence_no, name, address, phone, pushed_seq, pushed_chain, pushed_at) ON sy.yards TO sy_yard;"
	"GRANT SELECT ON sy.yards TO sy_office;"
	/* session_user: inside a SECURITY DEFINER function current_user is the owner. */
	"CREATE FUNCTION sy.my_yard() RETURNS integer LANGUAGE sql STABLE SECURITY DEFINER SET search_path = sy, pg_temp"
	" AS $$ SELECT yard_id FROM sy.yards WHERE role = session_user $$;"
	/* Taken first in every push transaction: the yard's row stays locked, so
	 * two terminals of one yard pushing at once take turns. */
	"CREATE FUNCTION sy.push_begin(OUT seq bigint, OUT chain text) LANGUAGE plpgsql SECURITY DEFINER"
	" SET search_path = sy, pg_temp AS $$"
	" DECLARE y integer := sy.my_yard();"
	" BEGIN"
	"  IF y IS NULL THEN RAISE EXCEPTION 'the login % is not a yard of the group', session_user USING ERRCODE = '42501'; END IF;"
	"  SELECT pushed_seq, pushed_chain INTO seq, chain FROM sy.yards WHERE yard_id = y FOR UPDATE;"
	" END $$;"
	"CREATE FUNCTION sy.push_end(from_seq bigint, to_seq bigint, to_chain text) RETURNS void LANGUAGE plpgsql"
	" SECURITY DEFINER SET search_path = sy, pg_temp AS $$"
	" BEGIN"
	"  IF to_seq < coalesce(from_seq, 0) THEN RAISE EXCEPTION 'changes out of order (% after %)', to_seq, from_seq; END IF;"
	"  UPDATE sy.yards SET pushed_seq = to_seq, pushed_chain = to_chain, pushed_at = now(),"
	"   snapshot_at = CASE WHEN from_seq IS NULL THEN now() ELSE snapshot_at END"
	"   WHERE yard_id = sy.my_yard() AND pushed_seq IS NOT DISTINCT FROM from_seq;"
	"  IF NOT FOUND THEN RAISE EXCEPTION 'another push of this yard came first'; END IF;"
	" END $$;"
	"CREATE FUNCTION sy.yard_site(p_name text, p_address text, p_phone text, p_credit text) RETURNS void"
	" LANGUAGE sql SECURITY DEFINER SET search_path = sy, pg_temp AS $$"
	" UPDATE sy.yards SET name = p_name, address = p_address, phone = p_phone, credit_code = p_credit"
	" WHERE yard_id = sy.my_yard() $$;"
	"REVOKE ALL ON FUNCTION sy.push_begin(), sy.push_end(bigint, bigint, text), sy.yard_site(text, text, text, text)"
	" FROM PUBLIC;"
	"GRANT EXECUTE ON FUNCTION sy.push_begin(), sy.push_end(bigint, bigint, text), sy.yard_site(text, text, text, text)"
	" TO sy_yard;"
	/* Reference data: each change gets the next version; a pull takes the
	 * rows newer than the last it saw. The lock orders versions against
	 * pulls: an edit holds ROW EXCLUSIVE until it commits, a pull takes SHARE
	 * before its snapshot, so no version it skips can commit later. */
	"CREATE SEQUENCE sy.ref_version;"
	"CREATE TABLE sy.ref_lock();"
	"CREATE TABLE sy.ref_deleted(tbl text NOT NULL, key text[] NOT NULL, version bigint NOT NULL);"
	"CREATE FUNCTION sy.ref_stamp() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = sy, pg_temp AS $$"
	" BEGIN LOCK TABLE sy.ref_lock IN ROW EXCLUSIVE MODE; NEW.version := nextval('sy.ref_version'); RETURN NEW; END $$;"
	"CREATE FUNCTION sy.ref_tombstone() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = sy, pg_temp AS $$"
	" DECLARE k text[] := '{}'; c text;"
	" BEGIN"
	"  LOCK TABLE sy.ref_lock IN ROW EXCLUSIVE MODE;"
	"  FOREACH c IN ARRAY TG_ARGV LOOP k := k || (to_jsonb(OLD) ->> c); END LOOP;"
	"  INSERT INTO sy.ref_deleted VALUES (TG_TABLE_NAME, k, nextval('sy.ref_version'));"
	"  RETURN OLD;"
	" END $$;"
	"CREATE TABLE sy.part_kinds("
	" code text PRIMARY KEY, name_en text NOT NULL, name_zh text NOT NULL, assembly integer NOT NULL DEFAULT 0,"
	" material text, keeps_vin integer NOT NULL DEFAULT 0, hazardous integer NOT NULL DEFAULT 0, step text,"
	" max_per_vehicle integer NOT NULL DEFAULT 0, sort integer NOT NULL DEFAULT 500, list_price double precision,"
	" version bigint NOT NULL DEFAULT 0);"
	"CREATE TABLE sy.buyers("
	" name text NOT NULL, kind text NOT NULL, licence text, credit_code text, phone text, address text,"
	" version bigint NOT NULL DEFAULT 0, PRIMARY KEY (name, kind));"
	"CREATE TABLE sy.emission_factors("
	" route text NOT NULL CHECK (route IN ('recycling', 'reuse', 'reman')), key text NOT NULL,"
	" factor double precision NOT NULL, low double precision NOT NULL, high double precision NOT NULL,"
	" quality text NOT NULL CHECK (quality IN ('published', 'indicative')), source text NOT NULL,"
	" version bigint NOT NULL DEFAULT 0, PRIMARY KEY (route, key));"
	"CREATE TABLE sy.waste_codes("
	" code text PRIMARY KEY, category text NOT NULL, name_en text NOT NULL, name_zh text NOT NULL,"
	" unit text NOT NULL DEFAULT 'kg', site_defined integer NOT NULL DEFAULT 0, version bigint NOT NULL DEFAULT 0);"
	/* One login for the whole group, when the group wants it: empty, each
	 * yard keeps its own users. */
	"CREATE TABLE sy.users("
	" name text PRIMARY KEY, role text NOT NULL CHECK (role IN ('clerk', 'supervisor', 'admin')),"
	" pin_hash text NOT NULL, active integer NOT NULL DEFAULT 1, version bigint NOT NULL DEFAULT 0);"
	"DO $$ DECLARE t text; k text; BEGIN"
	" FOR t, k IN VALUES ('part_kinds', '''code'''), ('buyers', '''name'', ''kind'''),"
	"  ('emission_factors', '''route'', ''key'''), ('waste_codes', '''code'''), ('users', '''name''') LOOP"
	"  EXECUTE format('CREATE TRIGGER %I_stamp BEFORE INSERT OR UPDATE ON sy.%I FOR EACH ROW EXECUTE FUNCTION sy.ref_stamp()', t, t);"
	"  EXECUTE format('CREATE TRIGGER %I_gone AFTER DELETE ON sy.%I FOR EACH ROW EXECUTE FUNCTION sy.ref_tombstone(%s)', t, t, k);"
	"  EXECUTE format('GRANT SELECT ON sy.%I TO sy_yard', t);"
	"  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON sy.%I TO sy_office', t);"
	"  EXECUTE format('CREATE INDEX %I_version ON sy.%I(version)', t, t);"
	" END LOOP; END $$;"
	"GRANT SELECT ON sy.ref_deleted TO sy_yard, sy_office;"
	"GRANT UPDATE ON sy.ref_lock TO sy_yard, sy_office;";

/* 3: per-yard numbers unique at the head office too, the group-wide search
 * (pg_trgm over every yard's rows) and the group's figures. Other yards'
 * rows are read only through these views and functions, which show no
 * owner's personal data. */
static const char c3_group_search[] =
	"CREATE UNIQUE INDEX vehicles_stock_no ON sy.vehicles(yard_id, stock_no);"
	"CREATE UNIQUE INDEX parts_part_no ON sy.parts(yard_id, part_no);"
	"CREATE UNIQUE INDEX certificates_number ON sy.certificates(yard_id, number);"
	"CREATE UNIQUE INDEX certificates_seq ON sy.certificates(yard_id, year, seq);"
	"CREATE INDEX parts_kind ON sy.parts(kind, status);"
	"CREATE INDEX parts_vehicle ON sy.parts(yard_id, vehicle_id);"
	/* As the yard's own search: the serial of a stock or part number, not its
	 * letter and year, which every record of a year shares. */
	"CREATE FUNCTION sy.vehicle_key(stock_no text, vin text, plate text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE"
	" AS $$ SELECT upper(substr(stock_no, strpos(stock_no, '-') + 1) || ' ' || vin || ' ' || coalesce(plate, '')) $$;"
	"CREATE FUNCTION sy.part_key(part_no text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE"
	" AS $$ SELECT upper(substr(part_no, strpos(part_no, '-') + 1)) $$;"
	"CREATE INDEX parts_search ON sy.parts USING gin (sy.part_key(part_no) gin_trgm_ops);"
	/* The vehicles of every yard in one table for the search: one index to
	 * read, not one per yard's partition. Kept by a trigger on every change. */
	"CREATE TABLE sy.vehicle_search("
	" yard_id integer NOT NULL, id bigint NOT NULL, stock_no text, vin text, plate text, brand_model text, status text,"
	" received_date text, search_key text NOT NULL, PRIMARY KEY (yard_id, id));"
	/* Without the pending list: a search reads only the index, however many
	 * vehicles a push just added. */
	"CREATE INDEX vehicle_search_key ON sy.vehicle_search USING gin (search_key gin_trgm_ops) WITH (fastupdate = off);"
	"CREATE FUNCTION sy.vehicle_search_keep() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER"
	" SET search_path = sy, pg_temp AS $$"
	" BEGIN"
	"  IF TG_OP = 'DELETE' THEN"
	"   DELETE FROM sy.vehicle_search WHERE yard_id = OLD.yard_id AND id = OLD.id;"
	"   RETURN NULL;"
	"  END IF;"
	"  INSERT INTO sy.vehicle_search VALUES (NEW.yard_id, NEW.id, NEW.stock_no, NEW.vin, NEW.plate, NEW.brand_model,"
	"   NEW.status, NEW.received_date, sy.vehicle_key(NEW.stock_no, NEW.vin, NEW.plate))"
	"   ON CONFLICT (yard_id, id) DO UPDATE SET stock_no = EXCLUDED.stock_no, vin = EXCLUDED.vin, plate = EXCLUDED.plate,"
	"   brand_model = EXCLUDED.brand_model, status = EXCLUDED.status, received_date = EXCLUDED.received_date,"
	"   search_key = EXCLUDED.search_key;"
	"  RETURN NULL;"
	" END $$;"
	"CREATE TRIGGER vehicles_search AFTER INSERT OR UPDATE OR DELETE ON sy.vehicles"
	" FOR EACH ROW EXECUTE FUNCTION sy.vehicle_search_keep();"
	"CREATE VIEW sy.group_vehicles AS"
	" SELECT s.yard_id, y.name AS yard, s.id, s.stock_no, s.vin, s.plate, s.brand_model, s.status, s.received_date,"
	"  s.search_key"
	" FROM sy.vehicle_search s JOIN sy.yards y ON y.yard_id = s.yard_id;"
	"CREATE VIEW sy.group_parts AS"
	" SELECT p.yard_id, y.name AS yard, y.phone AS yard_phone, p.vehicle_id, p.part_no, p.kind,"
	"  coalesce(k.name_en, p.kind) AS kind_en, coalesce(k.name_zh, p.kind) AS kind_zh, p.grade, p.dest, p.status,"
	"  p.price, p.weight_kg, p.location, v.vin, v.brand_model, p.created_at, sy.part_key(p.part_no) AS search_key"
	" FROM sy.parts p JOIN sy.yards y ON y.yard_id = p.yard_id"
	" JOIN sy.vehicles v ON v.yard_id = p.yard_id AND v.id = p.vehicle_id"
	" LEFT JOIN sy.part_kinds k ON k.code = p.kind;"
	"GRANT SELECT ON sy.group_vehicles, sy.group_parts TO sy_yard, sy_office;"
	/* The search itself: at most cap matches read through the index (never a
	 * scan, whatever a row estimate says: LIMIT makes a scan look cheap for a
	 * common fragment and it reads half the table), the newest lim of them;
	 * total says how many were read. PL/pgSQL keeps the plan per session. */
	"CREATE FUNCTION sy.find_vehicles(pattern text, lim integer, cap integer) RETURNS TABLE("
	" yard text, stock_no text, vin text, plate text, brand_model text, status text, received_date text, total bigint)"
	" LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = sy, pg_temp SET enable_seqscan = off AS $$"
	" BEGIN"
	"  RETURN QUERY SELECT y.name, m.stock_no, m.vin, m.plate, m.brand_model, m.status, m.received_date, count(*) OVER ()"
	"   FROM (SELECT * FROM sy.vehicle_search s WHERE s.search_key LIKE pattern LIMIT cap) m"
	"   JOIN sy.yards y ON y.yard_id = m.yard_id"
	"   ORDER BY m.received_date DESC, m.stock_no DESC LIMIT lim;"
	" END $$;"
	"GRANT EXECUTE ON FUNCTION sy.find_vehicles(text, integer, integer) TO sy_yard, sy_office;"
	"CREATE FUNCTION sy.group_operations(from_date text, to_date text) RETURNS TABLE("
	" yard text, licence_no text, intake bigint, certificates bigint, parts_harvested bigint, parts_out bigint,"
	" parts_in_stock bigint, waste_kg double precision, material_out_kg double precision, pushed_at timestamptz)"
	" LANGUAGE sql STABLE SECURITY DEFINER SET search_path = sy, pg_temp AS $$"
	" SELECT y.name, y.licence_no,"
	"  (SELECT count(*) FROM sy.vehicles v WHERE v.yard_id = y.yard_id AND v.received_date BETWEEN from_date AND to_date),"
	"  (SELECT count(*) FROM sy.certificates c WHERE c.yard_id = y.yard_id AND c.status = 'issued'"
	"    AND substr(c.issued_at, 1, 10) BETWEEN from_date AND to_date),"
	"  (SELECT count(*) FROM sy.parts p WHERE p.yard_id = y.yard_id AND substr(p.created_at, 1, 10) BETWEEN from_date AND to_date),"
	"  (SELECT count(*) FROM sy.parts p JOIN sy.shipments s ON s.yard_id = p.yard_id AND s.id = p.shipment_id"
	"    WHERE p.yard_id = y.yard_id AND s.shipped_on BETWEEN from_date AND to_date),"
	"  (SELECT count(*) FROM sy.parts p WHERE p.yard_id = y.yard_id AND p.status = 'stock'),"
	"  (SELECT coalesce(sum(CASE w.unit WHEN 't' THEN w.qty * 1000 ELSE w.qty END), 0) FROM sy.waste w"
	"    WHERE w.yard_id = y.yard_id AND w.unit IN ('kg', 't') AND substr(w.generated_at, 1, 10) BETWEEN from_date AND to_date),"
	"  (SELECT coalesce(sum(s.weight_kg), 0) FROM sy.shipments s WHERE s.yard_id = y.yard_id AND s.kind = 'material'"
	"    AND s.shipped_on BETWEEN from_date AND to_date),"
	"  y.pushed_at"
	" FROM sy.yards y ORDER BY y.name $$;"
	"GRANT EXECUTE ON FUNCTION sy.group_operations(text, text) TO sy_yard, sy_office;";

static int mirror_tables(pg *p, sy_err *err);
static int seed_reference(pg *p, sy_err *err);

/* A step is SQL text or a function (the mirror derived from the local schema). */
struct server_step {
	const char *sql;
	int (*run)(pg *p, sy_err *err);
};
static const struct server_step server_steps[] = {
	{c1_group, NULL},
	{NULL, mirror_tables},
	{c3_group_search, seed_reference},
	/* 4: the filings and evidence photos of each yard, and the vehicle's
	 * fields the ministry's entry asks for (local schema step 12). */
	{NULL, mirror_tables},
};
#define SERVER_STEPS ((int)(sizeof server_steps / sizeof server_steps[0]))

int server_schema_version(void) { return SERVER_STEPS; }

/* ---- the local schema, as this program creates it ---- */

static sqlite3 *local_schema(sy_err *err)
{
	sqlite3 *h = NULL;
	if (sqlite3_open(":memory:", &h) != SQLITE_OK) {
		sqlite3_close(h);
		sy_fail(err, SY_ENV, NULL, _("out of memory while %s"), _("reading the schema"));
		return NULL;
	}
	for (int i = 0; i < schema_count; i++)
		if (sqlite3_exec(h, schema_steps[i], NULL, NULL, NULL) != SQLITE_OK) {
			sy_fail(err, SY_ENV, NULL, _("database error while %s: %s"), _("reading the schema"), sqlite3_errmsg(h));
			sqlite3_close(h);
			return NULL;
		}
	return h;
}

static const char *pg_type(const char *sqlite_type)
{
	if (strcasecmp(sqlite_type, "INTEGER") == 0)
		return "bigint";
	if (strcasecmp(sqlite_type, "REAL") == 0)
		return "double precision";
	if (strcasecmp(sqlite_type, "BLOB") == 0)
		return "bytea";
	return "text";
}

static int exec_owned(pg *p, sy_err *err, char *sql)
{
	int rc = pg_exec(p, err, sql);
	free(sql);
	return rc;
}

/* One owned table: created with the yard as the first key column, then
 * every local column added when missing; row-level security confines each
 * yard's login to its own rows. The audit trail stays append-only here. */
static int mirror_table(pg *p, sqlite3 *h, const char *table, sy_err *err)
{
	char *sql = sqlite3_mprintf("SELECT name, type, pk FROM pragma_table_info(%Q) ORDER BY cid", table);
	sqlite3_stmt *st = NULL;
	sqlite3_prepare_v2(h, sql, -1, &st, NULL);
	sqlite3_free(sql);
	char *create = NULL, *add = xstrdup(""), *keys = xstrdup(""), *pk = xstrdup("");
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0), *type = (const char *)sqlite3_column_text(st, 1);
		char *next;
		if (sqlite3_column_int(st, 2) > 0) {
			next = xasprintf("%s, \"%s\" %s NOT NULL", keys, name, pg_type(type));
			free(keys);
			keys = next;
			next = xasprintf("%s, \"%s\"", pk, name);
			free(pk);
			pk = next;
		}
		next = xasprintf("%s ALTER TABLE sy.\"%s\" ADD COLUMN IF NOT EXISTS \"%s\" %s;", add, table, name, pg_type(type));
		free(add);
		add = next;
	}
	sqlite3_finalize(st);
	create = xasprintf(
		"DO $$ BEGIN IF to_regclass('sy.\"%1$s\"') IS NULL THEN"
		" CREATE TABLE sy.\"%1$s\"(yard_id integer NOT NULL REFERENCES sy.yards(yard_id)%2$s, PRIMARY KEY (yard_id, %3$s))"
		"  PARTITION BY LIST (yard_id);"
		" ALTER TABLE sy.\"%1$s\" ENABLE ROW LEVEL SECURITY;"
		" CREATE POLICY yard_reads ON sy.\"%1$s\" FOR SELECT TO sy_yard USING (yard_id = (SELECT sy.my_yard()));"
		" CREATE POLICY office_reads ON sy.\"%1$s\" FOR SELECT TO sy_office USING (true);"
		" END IF; END $$;"
		"GRANT SELECT ON sy.\"%1$s\" TO sy_yard, sy_office;%4$s",
		table, keys, pk + 2, add);
	free(keys);
	free(pk);
	free(add);
	return exec_owned(p, err, create);
}

/* A yard's own partition of every owned table: its login may write there
 * and nowhere else (the audit trail: add only). The partition's bound keeps
 * any other yard's number out of it. */
static int yard_partitions(pg *p, int yard_id, const char *role, sy_err *err)
{
	int rc = SY_OK;
	for (const char *const *t = sync_owned_tables; *t && rc == SY_OK; t++) {
		char *sql = xasprintf("CREATE TABLE IF NOT EXISTS sy.\"%1$s_y%2$d\" PARTITION OF sy.\"%1$s\" FOR VALUES IN (%2$d);"
				      "REVOKE ALL ON sy.\"%1$s_y%2$d\" FROM PUBLIC;"
				      "GRANT SELECT, INSERT%3$s ON sy.\"%1$s_y%2$d\" TO \"%4$s\";"
				      "GRANT SELECT ON sy.\"%1$s_y%2$d\" TO sy_office",
				      *t, yard_id, strcmp(*t, "audit") == 0 ? "" : ", UPDATE, DELETE", role);
		rc = exec_owned(p, err, sql);
	}
	return rc;
}

static int all_yard_partitions(pg *p, sy_err *err)
{
	PGresult *r = pg_query(p, err, "SELECT yard_id, role FROM sy.yards ORDER BY yard_id", 0, NULL);
	if (!r)
		return err->status;
	int rc = SY_OK;
	for (int i = 0; i < PQntuples(r) && rc == SY_OK; i++)
		rc = yard_partitions(p, atoi(PQgetvalue(r, i, 0)), PQgetvalue(r, i, 1), err);
	PQclear(r);
	return rc;
}

static int mirror_tables(pg *p, sy_err *err)
{
	sqlite3 *h = local_schema(err);
	if (!h)
		return err->status;
	int rc = SY_OK;
	for (const char *const *t = sync_owned_tables; *t && rc == SY_OK; t++)
		rc = mirror_table(p, h, *t, err);
	sqlite3_close(h);
	return rc;
}

/* The national part kinds and waste codes this program ships, as the
 * group's starting catalogue (the head office edits them from there). */
static int seed_reference(pg *p, sy_err *err)
{
	sqlite3 *h = local_schema(err);
	if (!h)
		return err->status;
	static const char *const sources[][2] = {
		{"SELECT code, name_en, name_zh, assembly, material, keeps_vin, hazardous, step, max_per_vehicle, sort FROM part_kinds",
		 "INSERT INTO sy.part_kinds(code, name_en, name_zh, assembly, material, keeps_vin, hazardous, step, max_per_vehicle,"
		 " sort) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING"},
		{"SELECT code, category, name_en, name_zh, unit, site_defined FROM waste_codes",
		 "INSERT INTO sy.waste_codes(code, category, name_en, name_zh, unit, site_defined)"
		 " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING"},
	};
	int rc = SY_OK;
	for (size_t s = 0; s < sizeof sources / sizeof sources[0] && rc == SY_OK; s++) {
		sqlite3_stmt *st = NULL;
		sqlite3_prepare_v2(h, sources[s][0], -1, &st, NULL);
		while (rc == SY_OK && st && sqlite3_step(st) == SQLITE_ROW) {
			const char *v[12];
			int n = sqlite3_column_count(st);
			for (int i = 0; i < n; i++)
				v[i] = (const char *)sqlite3_column_text(st, i);
			PGresult *r = pg_query(p, err, sources[s][1], n, v);
			rc = r ? SY_OK : err->status;
			PQclear(r);
		}
		sqlite3_finalize(st);
	}
	sqlite3_close(h);
	return rc;
}

/* ---- init, migrate, yards ---- */

int server_version_of(pg *p, int *version, sy_err *err)
{
	*version = 0;
	char *exists = pg_value(p, err, "SELECT to_regclass('sy.schema_version') IS NOT NULL", 0, NULL);
	if (!exists)
		return err->status;
	int have = strcmp(exists, "t") == 0;
	free(exists);
	if (!have)
		return SY_OK;
	char *v = pg_value(p, err, "SELECT version FROM sy.schema_version", 0, NULL);
	if (!v)
		return err->status ? err->status : SY_OK;
	*version = atoi(v);
	free(v);
	return SY_OK;
}

static int apply_steps(pg *p, int from, sy_err *err)
{
	for (int v = from; v < SERVER_STEPS; v++) {
		if (server_steps[v].sql && pg_exec(p, err, server_steps[v].sql) != SY_OK)
			return err->status;
		if (server_steps[v].run && server_steps[v].run(p, err) != SY_OK)
			return err->status;
	}
	/* A column or table added since the last step, and its partitions. */
	if (mirror_tables(p, err) != SY_OK || all_yard_partitions(p, err) != SY_OK)
		return err->status;
	char sql[96];
	snprintf(sql, sizeof sql, "UPDATE sy.schema_version SET version = %d", SERVER_STEPS);
	return pg_exec(p, err, sql);
}

static int finish(pg *p, int rc, sy_err *err)
{
	if (rc == SY_OK)
		rc = pg_exec(p, err, "COMMIT");
	else
		PQclear(PQexec(pg_conn(p), "ROLLBACK"));
	pg_close(p);
	return rc;
}

int server_init(const char *url, int *version, sy_err *err)
{
	pg *p = pg_connect(url, err);
	if (!p)
		return err->status;
	int have = 0;
	int rc = pg_exec(p, err, "BEGIN");
	if (rc == SY_OK)
		rc = server_version_of(p, &have, err);
	if (rc == SY_OK && have > 0)
		rc = sy_fail(err, SY_INVALID, NULL,
			     _("the head office database already has the scrapyard schema (version %d): use 'scrapyard server migrate'"),
			     have);
	if (rc == SY_OK)
		rc = pg_exec(p, err, c1_group);
	if (rc == SY_OK)
		rc = pg_exec(p, err, "CREATE TABLE sy.schema_version(version integer NOT NULL);"
				     "INSERT INTO sy.schema_version VALUES (1);"
				     "GRANT SELECT ON sy.schema_version TO sy_yard, sy_office");
	if (rc == SY_OK)
		rc = apply_steps(p, 1, err);
	*version = SERVER_STEPS;
	return finish(p, rc, err);
}

int server_migrate(const char *url, int *from, int *to, sy_err *err)
{
	pg *p = pg_connect(url, err);
	if (!p)
		return err->status;
	int rc = pg_exec(p, err, "BEGIN");
	if (rc == SY_OK)
		rc = server_version_of(p, from, err);
	if (rc == SY_OK && *from == 0)
		rc = sy_fail(err, SY_INVALID, NULL, _("the head office database has no scrapyard schema: run 'scrapyard server init' first"));
	if (rc == SY_OK && *from > SERVER_STEPS)
		rc = sy_fail(err, SY_ENV, NULL,
			     _("the head office schema has version %d but this scrapyard knows only %d: install the newer scrapyard"),
			     *from, SERVER_STEPS);
	/* One migration at a time; the yards' pushes wait for it. */
	if (rc == SY_OK)
		rc = pg_exec(p, err, "LOCK TABLE sy.schema_version IN ACCESS EXCLUSIVE MODE");
	if (rc == SY_OK)
		rc = apply_steps(p, *from, err);
	*to = SERVER_STEPS;
	return finish(p, rc, err);
}

int server_add_yard(const char *url, const char *licence, const char *name, const char *role, int *yard_id, sy_err *err)
{
	/* A plain name: it goes into SQL as an identifier and into pg_hba.conf. */
	int plain = *role && strlen(role) < 60 && !(*role >= '0' && *role <= '9');
	for (const char *c = role; *c; c++)
		plain &= (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_';
	if (!plain)
		return sy_fail(err, SY_INVALID, "role", _("the login '%s' must be lower-case letters, digits and _ (e.g. yard_shunyi)"),
			       role);
	if (!*licence || !*name)
		return sy_fail(err, SY_INVALID, *licence ? "name" : "licence", _("give the yard's licence number and name"));
	pg *p = pg_connect(url, err);
	if (!p)
		return err->status;
	char *sql = xasprintf("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '%s') THEN"
			      " CREATE ROLE %s LOGIN; END IF; END $$; GRANT sy_yard TO %s",
			      role, role, role);
	int rc = pg_exec(p, err, "BEGIN");
	if (rc == SY_OK)
		rc = pg_exec(p, err, sql);
	free(sql);
	if (rc == SY_OK) {
		const char *v[] = {licence, name, role};
		char *id = pg_value(p, err,
				    "INSERT INTO sy.yards(licence_no, name, role) VALUES ($1, $2, $3)"
				    " ON CONFLICT (licence_no) DO UPDATE SET name = EXCLUDED.name, role = EXCLUDED.role RETURNING yard_id",
				    3, v);
		rc = id ? SY_OK : err->status;
		*yard_id = id ? atoi(id) : 0;
		free(id);
	}
	if (rc == SY_OK)
		rc = yard_partitions(p, *yard_id, role, err);
	return finish(p, rc, err);
}
