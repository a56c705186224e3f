/* The schema, one migration a version. A released step is never edited:
 * a change is a new step at the end. PRAGMA user_version counts the steps
 * applied; db_open applies the missing ones in one transaction. */
#include "db/schema.h"

/* 1: the yard itself, settings, users, audit trail, number series, holidays. */
static const char v1_core[] =
	"CREATE TABLE site("
	" id INTEGER PRIMARY KEY CHECK (id = 1),"
	" name TEXT NOT NULL, license_no TEXT NOT NULL, address TEXT NOT NULL,"
	" phone TEXT, credit_code TEXT, updated_at TEXT NOT NULL);"
	"CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE users("
	" id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
	" role TEXT NOT NULL CHECK (role IN ('clerk', 'supervisor', 'admin')),"
	" pin_hash TEXT NOT NULL, failed_logins INTEGER NOT NULL DEFAULT 0, locked_until TEXT,"
	" active INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL);"
	"CREATE TABLE audit("
	" id INTEGER PRIMARY KEY, at TEXT NOT NULL, user TEXT NOT NULL,"
	" entity TEXT NOT NULL, entity_id INTEGER, action TEXT NOT NULL,"
	" old TEXT, new TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);"
	"CREATE INDEX audit_entity ON audit(entity, entity_id);"
	"CREATE TABLE counters(series TEXT NOT NULL, year INTEGER NOT NULL, last INTEGER NOT NULL,"
	" PRIMARY KEY (series, year)) WITHOUT ROWID;"
	"CREATE TABLE holidays(day TEXT PRIMARY KEY, working INTEGER NOT NULL CHECK (working IN (0, 1)),"
	" note TEXT) WITHOUT ROWID;";

/* 2: vehicles taken in, with their owner and documents, searchable by fragment. */
static const char v2_vehicles[] =
	"CREATE TABLE vehicles("
	" id INTEGER PRIMARY KEY,"
	" stock_no TEXT NOT NULL UNIQUE,"
	" vin TEXT NOT NULL, plate TEXT,"
	" brand_model TEXT, vehicle_type TEXT, use_nature TEXT, power_type TEXT,"
	" colour TEXT, engine_no TEXT, first_reg_date TEXT, curb_mass_kg REAL,"
	" received_date TEXT NOT NULL, weighed_kg REAL,"
	" battery_code TEXT, battery_count INTEGER,"
	" owner_kind TEXT NOT NULL CHECK (owner_kind IN ('person', 'company')),"
	" owner_name TEXT NOT NULL, owner_id TEXT NOT NULL, owner_phone TEXT, owner_address TEXT,"
	" agent_name TEXT, agent_id TEXT,"
	" doc_registration INTEGER NOT NULL DEFAULT 0, doc_licence INTEGER NOT NULL DEFAULT 0,"
	" plates_returned INTEGER NOT NULL DEFAULT 0 CHECK (plates_returned BETWEEN 0 AND 2),"
	" police_supervised INTEGER NOT NULL DEFAULT 0,"
	" missing_parts TEXT, owner_statement INTEGER NOT NULL DEFAULT 0,"
	" vehicle_missing INTEGER NOT NULL DEFAULT 0,"
	" vin_override_reason TEXT,"
	" status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'cancelled')),"
	" battery_report_due TEXT, battery_reported TEXT,"
	" dereg_due TEXT, deregistered TEXT,"
	" notes TEXT, created_by TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
	/* One open record per VIN and per plate; closed ones stay for the ledgers. */
	"CREATE UNIQUE INDEX vehicles_open_vin ON vehicles(vin) WHERE status = 'open';"
	"CREATE UNIQUE INDEX vehicles_open_plate ON vehicles(plate) WHERE status = 'open' AND plate IS NOT NULL;"
	"CREATE INDEX vehicles_vin ON vehicles(vin);"
	"CREATE INDEX vehicles_plate ON vehicles(plate);"
	"CREATE INDEX vehicles_owner ON vehicles(owner_name);"
	"CREATE INDEX vehicles_received ON vehicles(received_date);"
	"CREATE INDEX vehicles_battery_due ON vehicles(battery_report_due) WHERE battery_reported IS NULL;"
	"CREATE INDEX vehicles_dereg_due ON vehicles(dereg_due) WHERE deregistered IS NULL;"
	/* Trigram index: any fragment of three or more characters, in a few
	 * B-tree lookups instead of a scan. Shorter fragments use the indexes above. */
	"CREATE VIRTUAL TABLE vehicles_fts USING fts5("
	" stock_no, vin, plate, owner_name, content='vehicles', content_rowid='id', tokenize='trigram');"
	"CREATE TRIGGER vehicles_fts_ai AFTER INSERT ON vehicles BEGIN"
	" INSERT INTO vehicles_fts(rowid, stock_no, vin, plate, owner_name)"
	" VALUES (new.id, new.stock_no, new.vin, new.plate, new.owner_name); END;"
	"CREATE TRIGGER vehicles_fts_ad AFTER DELETE ON vehicles BEGIN"
	" INSERT INTO vehicles_fts(vehicles_fts, rowid, stock_no, vin, plate, owner_name)"
	" VALUES ('delete', old.id, old.stock_no, old.vin, old.plate, old.owner_name); END;"
	"CREATE TRIGGER vehicles_fts_au AFTER UPDATE OF stock_no, vin, plate, owner_name ON vehicles BEGIN"
	" INSERT INTO vehicles_fts(vehicles_fts, rowid, stock_no, vin, plate, owner_name)"
	" VALUES ('delete', old.id, old.stock_no, old.vin, old.plate, old.owner_name);"
	" INSERT INTO vehicles_fts(rowid, stock_no, vin, plate, owner_name)"
	" VALUES (new.id, new.stock_no, new.vin, new.plate, new.owner_name); END;";

/* 3: depollution, part kinds, parts, outbound shipments, hazardous waste. */
static const char v3_dismantling[] =
	"CREATE TABLE depollution("
	" id INTEGER PRIMARY KEY, vehicle_id INTEGER NOT NULL REFERENCES vehicles(id),"
	" step TEXT NOT NULL, qty REAL, unit TEXT CHECK (unit IN ('l', 'kg')),"
	" container TEXT, detail TEXT, battery_code TEXT,"
	" recipient TEXT, recipient_kind TEXT, handed_over TEXT,"
	" done_by TEXT NOT NULL, done_at TEXT NOT NULL,"
	" UNIQUE (vehicle_id, step));"
	"CREATE TABLE part_kinds("
	" code TEXT PRIMARY KEY, name_en TEXT NOT NULL, name_zh TEXT NOT NULL,"
	" assembly INTEGER NOT NULL DEFAULT 0, material TEXT, keeps_vin INTEGER NOT NULL DEFAULT 0,"
	" hazardous INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;"
	"CREATE TABLE parties("
	" id INTEGER PRIMARY KEY, name TEXT NOT NULL, licence TEXT, credit_code TEXT,"
	" kind TEXT NOT NULL, UNIQUE (name, kind));"
	"CREATE TABLE shipments("
	" id INTEGER PRIMARY KEY, ship_no TEXT NOT NULL UNIQUE, party_id INTEGER NOT NULL REFERENCES parties(id),"
	" shipped_on TEXT NOT NULL, kind TEXT NOT NULL, material TEXT, weight_kg REAL, price REAL,"
	" notes TEXT, created_by TEXT NOT NULL, created_at TEXT NOT NULL);"
	"CREATE INDEX shipments_date ON shipments(shipped_on);"
	"CREATE TABLE parts("
	" id INTEGER PRIMARY KEY, part_no TEXT NOT NULL UNIQUE,"
	" vehicle_id INTEGER NOT NULL REFERENCES vehicles(id),"
	" kind TEXT NOT NULL REFERENCES part_kinds(code),"
	" grade TEXT NOT NULL CHECK (grade IN ('A', 'B', 'C')),"
	" dest TEXT NOT NULL CHECK (dest IN ('reuse', 'reman', 'material', 'hazardous', 'energy', 'landfill')),"
	" material TEXT, weight_kg REAL, location TEXT, price REAL, notes TEXT, photos TEXT,"
	" status TEXT NOT NULL DEFAULT 'stock' CHECK (status IN ('stock', 'sold', 'shipped', 'scrapped')),"
	" shipment_id INTEGER REFERENCES shipments(id),"
	" created_by TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
	"CREATE INDEX parts_vehicle ON parts(vehicle_id);"
	"CREATE INDEX parts_location ON parts(location);"
	"CREATE INDEX parts_shipment ON parts(shipment_id);"
	"CREATE VIRTUAL TABLE parts_fts USING fts5(part_no, kind, vin, location, content='', tokenize='trigram');"
	"CREATE TABLE waste_codes("
	" code TEXT PRIMARY KEY, category TEXT NOT NULL, name_en TEXT NOT NULL, name_zh TEXT NOT NULL,"
	" unit TEXT NOT NULL DEFAULT 'kg') WITHOUT ROWID;"
	"CREATE TABLE waste("
	" id INTEGER PRIMARY KEY, container_code TEXT NOT NULL UNIQUE, batch_code TEXT NOT NULL,"
	" code TEXT NOT NULL REFERENCES waste_codes(code), vehicle_id INTEGER REFERENCES vehicles(id),"
	" qty REAL NOT NULL, unit TEXT NOT NULL, container_type TEXT, containers INTEGER NOT NULL DEFAULT 1,"
	" facility_code TEXT, generated_at TEXT NOT NULL, generated_by TEXT NOT NULL,"
	" stored_at TEXT, stored_by TEXT, shipped_at TEXT, shipped_by TEXT,"
	" handler_id INTEGER REFERENCES parties(id), manifest_no TEXT, destination TEXT);"
	"CREATE INDEX waste_generated ON waste(generated_at);";

/* 4: recycling certificates. */
static const char v4_certificates[] =
	"CREATE TABLE certificates("
	" id INTEGER PRIMARY KEY, number TEXT NOT NULL UNIQUE,"
	" vehicle_id INTEGER NOT NULL REFERENCES vehicles(id),"
	" year INTEGER NOT NULL, seq INTEGER NOT NULL,"
	" issued_at TEXT NOT NULL, issued_by TEXT NOT NULL,"
	" status TEXT NOT NULL DEFAULT 'issued' CHECK (status IN ('issued', 'void')),"
	" void_reason TEXT, voided_at TEXT, voided_by TEXT,"
	" replaces TEXT REFERENCES certificates(number), checksum TEXT NOT NULL,"
	" snapshot TEXT NOT NULL, UNIQUE (year, seq));"
	/* At most one valid certificate per vehicle. */
	"CREATE UNIQUE INDEX certificates_valid ON certificates(vehicle_id) WHERE status = 'issued';";

/* 5: the label print queue. */
static const char v5_print_queue[] =
	"CREATE TABLE print_jobs("
	" id INTEGER PRIMARY KEY, kind TEXT NOT NULL, ref TEXT NOT NULL,"
	" printer TEXT, language TEXT, copies INTEGER NOT NULL DEFAULT 1,"
	" state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sent', 'done', 'failed')),"
	" attempts INTEGER NOT NULL DEFAULT 0, message TEXT,"
	" created_by TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
	"CREATE INDEX print_jobs_pending ON print_jobs(state) WHERE state <> 'done';";

/* 6: exports for upload and backups. */
static const char v6_exports[] =
	"CREATE TABLE exports("
	" id INTEGER PRIMARY KEY, at TEXT NOT NULL, by TEXT NOT NULL, folder TEXT NOT NULL,"
	" upto_audit INTEGER NOT NULL, counts TEXT NOT NULL);"
	"CREATE TABLE exported("
	" entity TEXT NOT NULL, entity_id INTEGER NOT NULL, version TEXT NOT NULL,"
	" export_id INTEGER NOT NULL REFERENCES exports(id), PRIMARY KEY (entity, entity_id, version)) WITHOUT ROWID;"
	"CREATE TABLE backups(id INTEGER PRIMARY KEY, at TEXT NOT NULL, by TEXT NOT NULL, path TEXT NOT NULL,"
	" bytes INTEGER NOT NULL, counts TEXT NOT NULL);";

const char *const schema_steps[] = {
	v1_core, v2_vehicles, v3_dismantling, v4_certificates, v5_print_queue, v6_exports,
};
const int schema_count = sizeof schema_steps / sizeof schema_steps[0];
