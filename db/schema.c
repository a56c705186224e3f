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
	/* One open record per VIN and per plate is checked by vehicle_add under the
	 * write lock (BEGIN IMMEDIATE); two more unique indexes would cost every
	 * check-in two pages for nothing. */
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

/* 3: depollution, part kinds, parts, parties, outbound shipments, hazardous waste. */
static const char v3_dismantling[] =
	/* One row per vehicle and pretreatment step (GB 22128): done, or recorded
	 * as not present. The steps themselves are a table in db/depollution.c. */
	"CREATE TABLE depollution("
	" id INTEGER PRIMARY KEY, vehicle_id INTEGER NOT NULL REFERENCES vehicles(id),"
	" step TEXT NOT NULL, absent INTEGER NOT NULL DEFAULT 0 CHECK (absent IN (0, 1)),"
	" qty REAL, unit TEXT CHECK (unit IN ('l', 'kg')),"
	" container TEXT, detail TEXT, battery_code TEXT,"
	" recipient TEXT, recipient_kind TEXT CHECK (recipient_kind IN ('oem', 'echelon', 'recycler')),"
	" recipient_code TEXT, handed_over TEXT, notes TEXT,"
	" done_by TEXT NOT NULL, done_at TEXT NOT NULL, recorded_by TEXT NOT NULL,"
	" UNIQUE (vehicle_id, step));"
	/* Parts a yard harvests. The five major assemblies (Order 715) are seeded
	 * with assembly = 1; `step` names the depollution step that releases a
	 * part removed during pretreatment (batteries, catalyst, tyres, airbags). */
	"CREATE TABLE part_kinds("
	" code TEXT PRIMARY KEY, name_en TEXT NOT NULL, name_zh TEXT NOT NULL,"
	" assembly INTEGER NOT NULL DEFAULT 0, material TEXT, keeps_vin INTEGER NOT NULL DEFAULT 0,"
	" hazardous INTEGER NOT NULL DEFAULT 0, step TEXT, max_per_vehicle INTEGER NOT NULL DEFAULT 0,"
	" sort INTEGER NOT NULL DEFAULT 500) WITHOUT ROWID;"
	"INSERT INTO part_kinds(code, name_en, name_zh, assembly, material, keeps_vin, hazardous, step, max_per_vehicle, sort) VALUES"
	" ('engine', 'Engine', '发动机', 1, 'steel', 0, 0, NULL, 1, 10),"
	" ('transmission', 'Transmission', '变速器', 1, 'steel', 0, 0, NULL, 1, 20),"
	" ('steering', 'Steering gear', '转向器', 1, 'steel', 0, 0, NULL, 1, 30),"
	" ('axle', 'Front/rear axle', '前后桥', 1, 'steel', 0, 0, NULL, 0, 40),"
	" ('frame', 'Frame/body', '车架', 1, 'steel', 1, 0, NULL, 1, 50),"
	" ('door', 'Door', '车门', 0, 'steel', 0, 0, NULL, 0, 100),"
	" ('bonnet', 'Bonnet (hood)', '发动机盖', 0, 'steel', 0, 0, NULL, 1, 110),"
	" ('boot_lid', 'Boot lid / tailgate', '行李箱盖/尾门', 0, 'steel', 0, 0, NULL, 1, 120),"
	" ('wing', 'Wing (fender)', '翼子板', 0, 'steel', 0, 0, NULL, 0, 130),"
	" ('bumper_front', 'Front bumper', '前保险杠', 0, 'plastics', 0, 0, NULL, 1, 140),"
	" ('bumper_rear', 'Rear bumper', '后保险杠', 0, 'plastics', 0, 0, NULL, 1, 150),"
	" ('headlamp', 'Headlamp', '前大灯', 0, 'plastics', 0, 0, NULL, 0, 160),"
	" ('tail_lamp', 'Tail lamp', '尾灯', 0, 'plastics', 0, 0, NULL, 0, 170),"
	" ('mirror', 'Door mirror', '后视镜', 0, 'plastics', 0, 0, NULL, 0, 180),"
	" ('windscreen', 'Windscreen', '前挡风玻璃', 0, 'glass', 0, 0, NULL, 1, 190),"
	" ('window_glass', 'Side or rear window glass', '车窗玻璃', 0, 'glass', 0, 0, NULL, 0, 200),"
	" ('seat', 'Seat', '座椅', 0, 'mixed', 0, 0, NULL, 0, 210),"
	" ('dashboard', 'Dashboard', '仪表台', 0, 'plastics', 0, 0, NULL, 1, 220),"
	" ('instrument_cluster', 'Instrument cluster', '组合仪表', 0, 'electronics', 0, 0, NULL, 1, 230),"
	" ('alternator', 'Alternator', '发电机', 0, 'copper', 0, 0, NULL, 0, 300),"
	" ('starter', 'Starter motor', '起动机', 0, 'copper', 0, 0, NULL, 0, 310),"
	" ('ac_compressor', 'Air-conditioning compressor', '空调压缩机', 0, 'aluminium', 0, 0, NULL, 1, 320),"
	" ('radiator', 'Radiator', '散热器', 0, 'aluminium', 0, 0, NULL, 0, 330),"
	" ('ac_condenser', 'Air-conditioning condenser', '空调冷凝器', 0, 'aluminium', 0, 0, NULL, 1, 340),"
	" ('ecu', 'Engine control unit (ECU)', '发动机控制单元', 0, 'electronics', 0, 0, NULL, 0, 350),"
	" ('abs_unit', 'ABS pump and module', 'ABS泵', 0, 'aluminium', 0, 0, NULL, 1, 360),"
	" ('turbocharger', 'Turbocharger', '涡轮增压器', 0, 'steel', 0, 0, NULL, 0, 370),"
	" ('drive_shaft', 'Drive shaft', '传动轴', 0, 'steel', 0, 0, NULL, 0, 380),"
	" ('shock_absorber', 'Shock absorber', '减震器', 0, 'steel', 0, 0, NULL, 0, 390),"
	" ('wiper_motor', 'Wiper motor', '雨刮电机', 0, 'copper', 0, 0, NULL, 0, 400),"
	" ('drive_motor', 'Electric drive motor', '驱动电机', 0, 'copper', 0, 0, NULL, 0, 410),"
	" ('wiring_harness', 'Wiring harness', '线束', 0, 'copper', 0, 0, NULL, 0, 420),"
	" ('fuel_tank', 'Fuel tank', '燃油箱', 0, 'plastics', 0, 0, NULL, 0, 430),"
	" ('exhaust', 'Exhaust pipe and silencer', '排气管及消声器', 0, 'steel', 0, 0, NULL, 0, 440),"
	" ('wheel', 'Wheel rim', '轮辋', 0, 'aluminium', 0, 0, NULL, 0, 450),"
	" ('tyre', 'Tyre', '轮胎', 0, 'rubber', 0, 0, 'tyres', 0, 460),"
	" ('lead_acid_battery', 'Lead-acid battery', '铅酸蓄电池', 0, 'battery', 0, 1, 'battery', 0, 600),"
	" ('traction_battery', 'Traction battery pack', '动力蓄电池', 0, 'battery', 0, 0, 'traction_battery', 0, 610),"
	" ('catalyst', 'Catalytic converter', '三元催化器', 0, NULL, 0, 1, 'catalyst', 0, 620),"
	" ('airbag_module', 'Airbag module', '安全气囊模块', 0, NULL, 0, 1, 'airbags', 0, 630);"
	"CREATE TABLE parties("
	" id INTEGER PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL,"
	" licence TEXT, credit_code TEXT, phone TEXT, address TEXT,"
	" created_at TEXT NOT NULL, updated_at TEXT NOT NULL, UNIQUE (name, kind));"
	"CREATE TABLE shipments("
	" id INTEGER PRIMARY KEY, ship_no TEXT NOT NULL UNIQUE, party_id INTEGER NOT NULL REFERENCES parties(id),"
	" shipped_on TEXT NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('parts', 'material')),"
	" material TEXT, weight_kg REAL, price REAL, notes TEXT, created_by TEXT NOT NULL, created_at TEXT NOT NULL);"
	"CREATE INDEX shipments_date ON shipments(shipped_on);"
	"CREATE INDEX shipments_party ON shipments(party_id, shipped_on);"
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
	"CREATE INDEX parts_kind ON parts(kind);"
	"CREATE INDEX parts_shipment ON parts(shipment_id);"
	/* Contentless trigram index over part number, kind (code and both names),
	 * source VIN and bin. Contentless rows are removed with the 'delete'
	 * command and the exact old values, so the triggers below recompute them
	 * from the same tables, and renaming a kind or correcting a VIN reindexes
	 * the parts concerned. */
	"CREATE VIRTUAL TABLE parts_fts USING fts5(part_no, kind, vin, location, content='', tokenize='trigram');"
	"CREATE TRIGGER parts_fts_ai AFTER INSERT ON parts BEGIN"
	" INSERT INTO parts_fts(rowid, part_no, kind, vin, location) VALUES (new.id, new.part_no,"
	" (SELECT code || ' ' || name_en || ' ' || name_zh FROM part_kinds WHERE code = new.kind),"
	" (SELECT vin FROM vehicles WHERE id = new.vehicle_id), new.location); END;"
	"CREATE TRIGGER parts_fts_ad AFTER DELETE ON parts BEGIN"
	" INSERT INTO parts_fts(parts_fts, rowid, part_no, kind, vin, location) VALUES ('delete', old.id, old.part_no,"
	" (SELECT code || ' ' || name_en || ' ' || name_zh FROM part_kinds WHERE code = old.kind),"
	" (SELECT vin FROM vehicles WHERE id = old.vehicle_id), old.location); END;"
	"CREATE TRIGGER parts_fts_au AFTER UPDATE OF part_no, kind, vehicle_id, location ON parts BEGIN"
	" INSERT INTO parts_fts(parts_fts, rowid, part_no, kind, vin, location) VALUES ('delete', old.id, old.part_no,"
	" (SELECT code || ' ' || name_en || ' ' || name_zh FROM part_kinds WHERE code = old.kind),"
	" (SELECT vin FROM vehicles WHERE id = old.vehicle_id), old.location);"
	" INSERT INTO parts_fts(rowid, part_no, kind, vin, location) VALUES (new.id, new.part_no,"
	" (SELECT code || ' ' || name_en || ' ' || name_zh FROM part_kinds WHERE code = new.kind),"
	" (SELECT vin FROM vehicles WHERE id = new.vehicle_id), new.location); END;"
	"CREATE TRIGGER parts_fts_kind_au AFTER UPDATE OF name_en, name_zh ON part_kinds BEGIN"
	" INSERT INTO parts_fts(parts_fts, rowid, part_no, kind, vin, location)"
	" SELECT 'delete', p.id, p.part_no, old.code || ' ' || old.name_en || ' ' || old.name_zh, v.vin, p.location"
	" FROM parts p JOIN vehicles v ON v.id = p.vehicle_id WHERE p.kind = old.code;"
	" INSERT INTO parts_fts(rowid, part_no, kind, vin, location)"
	" SELECT p.id, p.part_no, new.code || ' ' || new.name_en || ' ' || new.name_zh, v.vin, p.location"
	" FROM parts p JOIN vehicles v ON v.id = p.vehicle_id WHERE p.kind = new.code; END;"
	"CREATE TRIGGER parts_fts_vin_au AFTER UPDATE OF vin ON vehicles BEGIN"
	" INSERT INTO parts_fts(parts_fts, rowid, part_no, kind, vin, location)"
	" SELECT 'delete', p.id, p.part_no, k.code || ' ' || k.name_en || ' ' || k.name_zh, old.vin, p.location"
	" FROM parts p JOIN part_kinds k ON k.code = p.kind WHERE p.vehicle_id = old.id;"
	" INSERT INTO parts_fts(rowid, part_no, kind, vin, location)"
	" SELECT p.id, p.part_no, k.code || ' ' || k.name_en || ' ' || k.name_zh, new.vin, p.location"
	" FROM parts p JOIN part_kinds k ON k.code = p.kind WHERE p.vehicle_id = new.id; END;"
	/* Hazardous waste codes of the national list (HJ 348 / HJ 1259), editable
	 * by the site; site_defined marks the entries a site handles under local
	 * rules rather than a national code. */
	"CREATE TABLE waste_codes("
	" code TEXT PRIMARY KEY, category TEXT NOT NULL, name_en TEXT NOT NULL, name_zh TEXT NOT NULL,"
	" unit TEXT NOT NULL DEFAULT 'kg', site_defined INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;"
	"INSERT INTO waste_codes(code, category, name_en, name_zh, unit, site_defined) VALUES"
	" ('900-214-08', 'HW08', 'Waste engine, gear and brake oils', '废机油、齿轮油、制动液等废润滑油', 'kg', 0),"
	" ('900-052-31', 'HW31', 'Waste lead-acid batteries', '废铅蓄电池', 'kg', 0),"
	" ('900-049-50', 'HW50', 'Waste exhaust catalysts', '废尾气净化催化剂', 'kg', 0),"
	" ('900-041-49', 'HW49', 'Contaminated filters and packaging', '沾染危险废物的废过滤器及包装物', 'kg', 0),"
	" ('SITE-REFRIG', 'SITE', 'Recovered refrigerant (site-defined)', '回收制冷剂（本场自定）', 'kg', 1),"
	" ('SITE-AIRBAG', 'SITE', 'Airbag units (site-defined)', '安全气囊（本场自定）', 'kg', 1),"
	" ('SITE-COOLANT', 'SITE', 'Waste coolant (site-defined)', '废冷却液（本场自定）', 'l', 1),"
	" ('SITE-MERCURY', 'SITE', 'Mercury switches (site-defined)', '含汞开关（本场自定）', 'kg', 1);"
	/* The HJ 1259 ledger: one row per container or package, with its
	 * generation, entry into store and exit to a licensed handler. */
	"CREATE TABLE waste("
	" id INTEGER PRIMARY KEY, container_code TEXT NOT NULL UNIQUE, batch_code TEXT NOT NULL,"
	" code TEXT NOT NULL REFERENCES waste_codes(code), source TEXT NOT NULL,"
	" qty REAL NOT NULL, unit TEXT NOT NULL CHECK (unit IN ('kg', 'l', 't', 'pcs')),"
	" container_type TEXT, containers INTEGER NOT NULL DEFAULT 1, facility_code TEXT, destination TEXT,"
	" notes TEXT, generated_at TEXT NOT NULL, generated_by TEXT NOT NULL,"
	" stored_at TEXT, stored_by TEXT, store_location TEXT,"
	" shipped_at TEXT, shipped_by TEXT, handler_id INTEGER REFERENCES parties(id), manifest_no TEXT);"
	"CREATE INDEX waste_generated ON waste(generated_at);"
	"CREATE INDEX waste_open ON waste(code, source, unit) WHERE stored_at IS NULL;"
	/* What went into each container, from which vehicle: a drum of engine oil
	 * collects the oil of many vehicles. */
	"CREATE TABLE waste_fills("
	" id INTEGER PRIMARY KEY, waste_id INTEGER NOT NULL REFERENCES waste(id),"
	" vehicle_id INTEGER REFERENCES vehicles(id), step TEXT, qty REAL NOT NULL, unit TEXT NOT NULL,"
	" at TEXT NOT NULL, by TEXT NOT NULL);"
	"CREATE INDEX waste_fills_waste ON waste_fills(waste_id);"
	"CREATE INDEX waste_fills_vehicle ON waste_fills(vehicle_id);";

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

/* 6: exports for upload, backups, emission factors. */
static const char v6_exports[] =
	"CREATE TABLE exports("
	" id INTEGER PRIMARY KEY, at TEXT NOT NULL, by TEXT NOT NULL, folder TEXT NOT NULL,"
	" upto_audit INTEGER NOT NULL, counts TEXT NOT NULL);"
	"CREATE TABLE exported("
	" entity TEXT NOT NULL, entity_id INTEGER NOT NULL, version TEXT NOT NULL,"
	" export_id INTEGER NOT NULL REFERENCES exports(id), PRIMARY KEY (entity, entity_id, version)) WITHOUT ROWID;"
	"CREATE TABLE backups(id INTEGER PRIMARY KEY, at TEXT NOT NULL, by TEXT NOT NULL, path TEXT NOT NULL,"
	" bytes INTEGER NOT NULL, counts TEXT NOT NULL);"
	/* Emission factors for the carbon report (db/report.h): kg CO2e avoided
	 * per kg sent to a route, with a range and the source of each figure.
	 * Loaded from data/emission_factors.csv; the site may edit it. */
	"CREATE TABLE emission_factors("
	" route TEXT NOT NULL CHECK (route IN ('recycling', 'reuse', 'reman')), key TEXT NOT NULL,"
	" factor REAL NOT NULL, low REAL NOT NULL, high REAL NOT NULL,"
	" quality TEXT NOT NULL CHECK (quality IN ('published', 'indicative')), source TEXT NOT NULL,"
	" PRIMARY KEY (route, key)) WITHOUT ROWID;";

/* 7: search indexes that stay fast at millions of records.
 * - Keyed by the negated id: FTS5 walks a doclist forwards much faster
 *   than backwards, and the screens want the newest records first.
 * - Stock and part numbers indexed by their serial only (000123 of
 *   V2026-000123): the letter and year are shared by a whole year's records,
 *   so their trigrams matched nearly every row. Fragments of the number's
 *   start are looked up in its B-tree instead (text_number_prefixes).
 * - The parts index holds only the part's serial: the source VIN is found
 *   through the vehicle index, the kind by name in the catalogue of a few
 *   dozen rows, the bin by its start through its B-tree (bins are read
 *   from the shelf left to right). A sixth of the entries per part, no
 *   reindexing of a vehicle's parts when its VIN is corrected, and no
 *   trigram such as "-12" that every bin of a row shares.
 * Both are contentless and keep no per-row token counts (search reads only
 * rowids and ranks by age, not relevance): rows are removed with the
 * 'delete' command and the exact old values. */
#define SERIAL(number) "substr(" number ", instr(" number ", '-') + 1)"
#define VEHICLE_FTS_ROW(r) "-" r ".id, " SERIAL(r ".stock_no") ", " r ".vin, " r ".plate, " r ".owner_name"
#define PART_FTS_ROW(r) "-" r ".id, " SERIAL(r ".part_no")
static const char v7_search_at_scale[] =
	"DROP TRIGGER vehicles_fts_ai; DROP TRIGGER vehicles_fts_ad; DROP TRIGGER vehicles_fts_au;"
	"DROP TABLE vehicles_fts;"
	"CREATE VIRTUAL TABLE vehicles_fts USING fts5("
	" stock_serial, vin, plate, owner_name, content='', columnsize=0, tokenize='trigram');"
	"INSERT INTO vehicles_fts(rowid, stock_serial, vin, plate, owner_name) SELECT " VEHICLE_FTS_ROW("v")
	" FROM vehicles v;"
	"CREATE TRIGGER vehicles_fts_ai AFTER INSERT ON vehicles BEGIN"
	" INSERT INTO vehicles_fts(rowid, stock_serial, vin, plate, owner_name) VALUES (" VEHICLE_FTS_ROW("new") "); END;"
	"CREATE TRIGGER vehicles_fts_ad AFTER DELETE ON vehicles BEGIN"
	" INSERT INTO vehicles_fts(vehicles_fts, rowid, stock_serial, vin, plate, owner_name)"
	" VALUES ('delete', " VEHICLE_FTS_ROW("old") "); END;"
	"CREATE TRIGGER vehicles_fts_au AFTER UPDATE OF stock_no, vin, plate, owner_name ON vehicles BEGIN"
	" INSERT INTO vehicles_fts(vehicles_fts, rowid, stock_serial, vin, plate, owner_name)"
	" VALUES ('delete', " VEHICLE_FTS_ROW("old") ");"
	" INSERT INTO vehicles_fts(rowid, stock_serial, vin, plate, owner_name) VALUES (" VEHICLE_FTS_ROW("new") "); END;"
	"DROP TRIGGER parts_fts_ai; DROP TRIGGER parts_fts_ad; DROP TRIGGER parts_fts_au;"
	"DROP TRIGGER parts_fts_kind_au; DROP TRIGGER parts_fts_vin_au;"
	"DROP TABLE parts_fts;"
	"CREATE VIRTUAL TABLE parts_fts USING fts5(part_serial, content='', columnsize=0, tokenize='trigram');"
	"INSERT INTO parts_fts(rowid, part_serial) SELECT " PART_FTS_ROW("p") " FROM parts p;"
	"CREATE TRIGGER parts_fts_ai AFTER INSERT ON parts BEGIN"
	" INSERT INTO parts_fts(rowid, part_serial) VALUES (" PART_FTS_ROW("new") "); END;"
	"CREATE TRIGGER parts_fts_ad AFTER DELETE ON parts BEGIN"
	" INSERT INTO parts_fts(parts_fts, rowid, part_serial) VALUES ('delete', " PART_FTS_ROW("old") "); END;"
	"CREATE TRIGGER parts_fts_au AFTER UPDATE OF part_no ON parts BEGIN"
	" INSERT INTO parts_fts(parts_fts, rowid, part_serial) VALUES ('delete', " PART_FTS_ROW("old") ");"
	" INSERT INTO parts_fts(rowid, part_serial) VALUES (" PART_FTS_ROW("new") "); END;";

/* 8: fewer index pages written by a check-in. The deadline indexes hold
 * only the vehicles whose deadline is set and still open: a petrol car has
 * no battery report and no vehicle has a deregistration deadline before its
 * certificate, yet each index took a page of every check-in. The deadline
 * list's conditions imply the new ones, so it still uses them. The index on
 * the hand-over date served no search (the period queries test the date
 * inside an OR, which no index can seek) and only ordered a scan of every
 * vehicle, which a table scan and a sort do as fast. New vehicles enter the
 * search index from db/vehicle.c, not from a trigger: a trigger gives every
 * insert a savepoint, at which FTS5 writes out a segment, one a row in an
 * import; the update and delete triggers stay. */
static const char v8_checkin_pages[] =
	"DROP TRIGGER IF EXISTS vehicles_fts_ai;"
	"DROP INDEX vehicles_battery_due;"
	"CREATE INDEX vehicles_battery_due ON vehicles(battery_report_due)"
	" WHERE battery_report_due IS NOT NULL AND battery_reported IS NULL;"
	"DROP INDEX vehicles_dereg_due;"
	"CREATE INDEX vehicles_dereg_due ON vehicles(dereg_due) WHERE dereg_due IS NOT NULL AND deregistered IS NULL;"
	"DROP INDEX vehicles_received;";

/* 9: the group's head office (docs/sync.md). Each committed transaction
 * that changes a table the yard owns leaves its changes here, as an SQLite
 * session changeset, numbered without gaps by the commit order; sync pushes
 * them in that order and removes them once the head office has them. Each
 * entry's chain hashes the one before it with its changes: a copy of the
 * database that went its own way is told from the one the head office knows.
 * The catalogue gains the list price the head office sets for each kind. */
static const char v9_sync[] =
	"CREATE TABLE sync_outbox(seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, changes BLOB NOT NULL,"
	" chain TEXT NOT NULL);"
	"ALTER TABLE part_kinds ADD COLUMN list_price REAL;";

/* 10: a vehicle's record after check-in: corrections with their reason,
 * cancellation of a wrong check-in, closing once its work is done; a
 * traction battery code checked in on two vehicles only with a reason; the
 * yard's permit authority and waste facility code as its own details (the
 * settings permit_authority and waste.facility_code stand in while these are
 * empty); a user's full name for the documents. */
static const char v10_vehicle_lifecycle[] =
	"ALTER TABLE vehicles ADD COLUMN battery_override_reason TEXT;"
	"ALTER TABLE vehicles ADD COLUMN closed_at TEXT;"
	"ALTER TABLE vehicles ADD COLUMN cancelled_at TEXT;"
	"ALTER TABLE vehicles ADD COLUMN cancel_reason TEXT;"
	/* Only new-energy vehicles carry a code: the index stays small. */
	"CREATE INDEX vehicles_battery_code ON vehicles(battery_code) WHERE battery_code IS NOT NULL;"
	"CREATE INDEX depollution_battery_code ON depollution(battery_code) WHERE battery_code IS NOT NULL;"
	"CREATE TABLE vehicle_corrections("
	" id INTEGER PRIMARY KEY, vehicle_id INTEGER NOT NULL REFERENCES vehicles(id),"
	" fields TEXT NOT NULL, reason TEXT NOT NULL, certificate TEXT,"
	" at TEXT NOT NULL, by TEXT NOT NULL);"
	"CREATE INDEX vehicle_corrections_vehicle ON vehicle_corrections(vehicle_id);"
	"ALTER TABLE site ADD COLUMN permit_authority TEXT;"
	"ALTER TABLE site ADD COLUMN waste_facility TEXT;"
	"ALTER TABLE users ADD COLUMN full_name TEXT;";

/* 11: the devices a counter or a user chose (db/devices.c): the label
 * printer's settings, the scale and the ID card reader, over the yard's
 * own settings. A counter is a clerk's place (a terminal), a user a login. */
static const char v11_device_settings[] =
	"CREATE TABLE device_settings("
	" scope TEXT NOT NULL CHECK (scope IN ('counter', 'user')),"
	" name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 64),"
	" key TEXT NOT NULL,"
	" value TEXT NOT NULL,"
	" updated_by TEXT,"
	" updated_at TEXT NOT NULL,"
	" PRIMARY KEY (scope, name, key)) WITHOUT ROWID;";

/* 12: tamper evidence and lockouts. Lockouts in a row, for the back-off
 * and the lock only an admin lifts (db/user.c); the keyed MAC of an audit
 * entry, written when the yard keeps a key outside the database
 * (db/audit.c); the chain's head a backup ended at, its anchor. */
static const char v12_security[] =
	"ALTER TABLE users ADD COLUMN lockouts INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE audit ADD COLUMN mac TEXT;"
	"ALTER TABLE backups ADD COLUMN audit_entry INTEGER;"
	"ALTER TABLE backups ADD COLUMN audit_hash TEXT;";

/* 13: filings owed to the authorities, evidence photos, and the intake fields
 * the ministry's ELV entry asks for. A filing is one thing owed to one
 * authority about one vehicle (db/filing.h); the vehicles' own deadline
 * columns become filings here, and the vehicle reads its deadlines from
 * them from now on: one place says what is owed. `subject` tells apart two
 * filings of one kind about one vehicle (the pack code of a battery
 * leaving the yard). A filing is never deleted: one whose event was taken
 * back, or whose vehicle's check-in was cancelled, is withdrawn. Photos are
 * files kept beside the database under their SHA-256 (db/photo.h); the row
 * holds the hash the audit trail also holds. */
static const char v13_filings_photos[] =
	"ALTER TABLE vehicles ADD COLUMN reg_type TEXT;"
	"ALTER TABLE vehicles ADD COLUMN postal_code TEXT;"
	"ALTER TABLE vehicles ADD COLUMN displacement_ml INTEGER;"
	"ALTER TABLE vehicles ADD COLUMN length_mm INTEGER;"
	"ALTER TABLE vehicles ADD COLUMN passengers INTEGER;"
	"CREATE TABLE filings("
	" id INTEGER PRIMARY KEY, vehicle_id INTEGER NOT NULL REFERENCES vehicles(id),"
	" kind TEXT NOT NULL CHECK (kind IN ('mofcom_entry', 'battery_report', 'battery_outbound', 'deregistration')),"
	" subject TEXT NOT NULL DEFAULT '', event_on TEXT NOT NULL, due TEXT NOT NULL,"
	" state TEXT NOT NULL DEFAULT 'owed' CHECK (state IN ('owed', 'done', 'withdrawn')),"
	" done_on TEXT, done_by TEXT, reference TEXT, note TEXT,"
	" created_by TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,"
	" UNIQUE (vehicle_id, kind, subject));"
	"CREATE INDEX filings_owed ON filings(due) WHERE state = 'owed';"
	"INSERT INTO filings(vehicle_id, kind, event_on, due, state, done_on, note, created_by, created_at, updated_at)"
	" SELECT id, 'battery_report', received_date, battery_report_due,"
	" CASE WHEN battery_reported IS NOT NULL THEN 'done' WHEN status = 'cancelled' THEN 'withdrawn' ELSE 'owed' END,"
	" battery_reported, CASE WHEN battery_reported IS NULL AND status = 'cancelled'"
	" THEN 'from the vehicle record; the check-in was cancelled' ELSE 'from the vehicle record' END,"
	" created_by, updated_at, updated_at"
	" FROM vehicles WHERE battery_report_due IS NOT NULL;"
	"INSERT INTO filings(vehicle_id, kind, event_on, due, state, done_on, note, created_by, created_at, updated_at)"
	" SELECT v.id, 'deregistration',"
	" coalesce((SELECT substr(min(c.issued_at), 1, 10) FROM certificates c WHERE c.vehicle_id = v.id), v.dereg_due),"
	" v.dereg_due,"
	" CASE WHEN v.deregistered IS NOT NULL THEN 'done' WHEN v.status = 'cancelled' THEN 'withdrawn' ELSE 'owed' END,"
	" v.deregistered, CASE WHEN v.deregistered IS NULL AND v.status = 'cancelled'"
	" THEN 'from the vehicle record; the check-in was cancelled' ELSE 'from the vehicle record' END,"
	" v.created_by, v.updated_at, v.updated_at"
	" FROM vehicles v WHERE v.dereg_due IS NOT NULL;"
	"DROP INDEX vehicles_battery_due;"
	"DROP INDEX vehicles_dereg_due;"
	"ALTER TABLE vehicles DROP COLUMN battery_report_due;"
	"ALTER TABLE vehicles DROP COLUMN battery_reported;"
	"ALTER TABLE vehicles DROP COLUMN dereg_due;"
	"ALTER TABLE vehicles DROP COLUMN deregistered;"
	"CREATE TABLE photos("
	" id INTEGER PRIMARY KEY, vehicle_id INTEGER NOT NULL REFERENCES vehicles(id), step TEXT,"
	" what TEXT NOT NULL CHECK (what IN ('entry', 'rubbing', 'cut', 'battery', 'other')),"
	" sha256 TEXT NOT NULL, type TEXT NOT NULL CHECK (type IN ('jpeg', 'png')),"
	" bytes INTEGER NOT NULL, width INTEGER NOT NULL, height INTEGER NOT NULL, original_name TEXT,"
	" added_by TEXT NOT NULL, added_at TEXT NOT NULL, UNIQUE (vehicle_id, sha256));"
	"CREATE INDEX photos_sha256 ON photos(sha256);";

/* 14: a check-in no longer writes the search index. Each transaction that
 * writes an FTS5 index adds a segment of its own and, in time, merge work
 * for it: more than a third of a check-in's instructions and six of its
 * sixteen page writes, growing with the number of segment levels. New
 * vehicles above the mark 'upto' are instead entered a few dozen at a time
 * (db/vehicle.c), and search scans the few above the mark directly. The
 * triggers keep the index for the rows below the mark only; a deletion
 * lowers the mark to the newest row left, so that a reused id is never
 * taken for an indexed one. */
static const char v14_search_backlog[] =
	"CREATE TABLE search_indexed(name TEXT PRIMARY KEY, upto INTEGER NOT NULL) WITHOUT ROWID;"
	"INSERT INTO search_indexed(name, upto) SELECT 'vehicles', coalesce(max(id), 0) FROM vehicles;"
	"DROP TRIGGER vehicles_fts_ad; DROP TRIGGER vehicles_fts_au;"
	"CREATE TRIGGER vehicles_fts_ad AFTER DELETE ON vehicles"
	" WHEN old.id <= (SELECT upto FROM search_indexed WHERE name = 'vehicles') BEGIN"
	" INSERT INTO vehicles_fts(vehicles_fts, rowid, stock_serial, vin, plate, owner_name)"
	" VALUES ('delete', " VEHICLE_FTS_ROW("old") ");"
	" UPDATE search_indexed SET upto = min(upto, (SELECT coalesce(max(id), 0) FROM vehicles)) WHERE name = 'vehicles'; END;"
	"CREATE TRIGGER vehicles_fts_au AFTER UPDATE OF stock_no, vin, plate, owner_name ON vehicles"
	" WHEN old.id <= (SELECT upto FROM search_indexed WHERE name = 'vehicles') BEGIN"
	" INSERT INTO vehicles_fts(vehicles_fts, rowid, stock_serial, vin, plate, owner_name)"
	" VALUES ('delete', " VEHICLE_FTS_ROW("old") ");"
	" INSERT INTO vehicles_fts(rowid, stock_serial, vin, plate, owner_name) VALUES (" VEHICLE_FTS_ROW("new") "); END;";

/* 15: two-character fragments inside an owner's name. The trigram index
 * finds nothing shorter than three characters, yet Chinese given names and
 * company names are searched by two (志强 of 张志强, 顺达 of 上海顺达物流).
 * Every pair of neighbouring characters of the name that holds a Chinese
 * one is kept with the vehicle's negated id, so that one B-tree range
 * gives the newest vehicles first; the positions table numbers a name's
 * characters for the triggers, which cannot use a recursive query. */
#define PAIR_OF(r) "substr(" r ".owner_name, p.n, 2)"
#define PAIR_HOLDS_CHINESE(r)                                                                       \
	" p.n < length(" r ".owner_name) AND (unicode(substr(" r ".owner_name, p.n, 1)) >= 11904"       \
	" OR unicode(substr(" r ".owner_name, p.n + 1, 1)) >= 11904)"
#define PAIRS_INSERT(r)                                                                                           \
	" INSERT OR IGNORE INTO vehicle_name_pairs(pair, neg_id) SELECT " PAIR_OF(r) ", -" r ".id FROM name_positions p" \
	" WHERE" PAIR_HOLDS_CHINESE(r) ";"
#define PAIRS_DELETE(r)                                                                              \
	" DELETE FROM vehicle_name_pairs WHERE neg_id = -" r ".id AND pair IN (SELECT " PAIR_OF(r)         \
	" FROM name_positions p WHERE p.n < length(" r ".owner_name));"
static const char v15_name_pairs[] =
	"CREATE TABLE name_positions(n INTEGER PRIMARY KEY);"
	"WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 128)"
	" INSERT INTO name_positions(n) SELECT n FROM k;"
	"CREATE TABLE vehicle_name_pairs(pair TEXT NOT NULL, neg_id INTEGER NOT NULL,"
	" PRIMARY KEY (pair, neg_id)) WITHOUT ROWID;"
	"INSERT OR IGNORE INTO vehicle_name_pairs(pair, neg_id) SELECT " PAIR_OF("v") ", -v.id"
	" FROM vehicles v, name_positions p WHERE" PAIR_HOLDS_CHINESE("v") ";"
	"CREATE TRIGGER vehicle_name_pairs_ai AFTER INSERT ON vehicles BEGIN" PAIRS_INSERT("new") " END;"
	"CREATE TRIGGER vehicle_name_pairs_ad AFTER DELETE ON vehicles BEGIN" PAIRS_DELETE("old") " END;"
	"CREATE TRIGGER vehicle_name_pairs_au AFTER UPDATE OF owner_name ON vehicles BEGIN" PAIRS_DELETE("old")
	PAIRS_INSERT("new") " END;";

/* 16: what the hazardous waste label carries (HJ 1276-2022): per waste code
 * its physical form (solid, liquid, semi_solid, gas), hazard properties
 * (T, C, I, R, In), main and hazardous components and the precautions, as a
 * yard can edit them; and the yard's contact person, named on the label
 * beside its phone. The national codes a yard produces are filled in. */
static const char v16_waste_label[] =
	"ALTER TABLE waste_codes ADD COLUMN form TEXT;"
	"ALTER TABLE waste_codes ADD COLUMN hazard TEXT;"
	"ALTER TABLE waste_codes ADD COLUMN components TEXT;"
	"ALTER TABLE waste_codes ADD COLUMN hazardous TEXT;"
	"ALTER TABLE waste_codes ADD COLUMN precautions TEXT;"
	"UPDATE waste_codes SET form = 'liquid', hazard = 'T, I', components = '矿物油（发动机油、齿轮油、制动液）',"
	" hazardous = '石油烃、重金属', precautions = '远离火源，密闭贮存，防止渗漏' WHERE code = '900-214-08';"
	"UPDATE waste_codes SET form = 'solid', hazard = 'T, C', components = '铅板、铅膏、硫酸电解液、塑料外壳',"
	" hazardous = '铅及其化合物、硫酸', precautions = '直立存放，不得拆解或倾倒电解液' WHERE code = '900-052-31';"
	"UPDATE waste_codes SET form = 'solid', hazard = 'T', components = '陶瓷或金属载体、铂钯铑涂层',"
	" hazardous = '铂、钯、铑等重金属', precautions = '整件袋装，防止破碎扬散' WHERE code = '900-049-50';"
	"UPDATE waste_codes SET form = 'solid', hazard = 'T, In', components = '滤纸、金属壳体、残留油污',"
	" hazardous = '矿物油', precautions = '密闭贮存，防止渗漏' WHERE code = '900-041-49';"
	"UPDATE waste_codes SET form = 'gas', hazard = NULL, components = '制冷剂（R134a、R1234yf 等）',"
	" hazardous = '含氟制冷剂', precautions = '钢瓶密闭，远离热源，防止泄漏' WHERE code = 'SITE-REFRIG';"
	"UPDATE waste_codes SET form = 'solid', hazard = 'R', components = '气体发生器、气袋',"
	" hazardous = '产气药剂', precautions = '未引爆的须引爆后贮存，远离热源和火源' WHERE code = 'SITE-AIRBAG';"
	"UPDATE waste_codes SET form = 'liquid', hazard = 'T', components = '乙二醇、水、添加剂',"
	" hazardous = '乙二醇', precautions = '密闭贮存，防止渗漏' WHERE code = 'SITE-COOLANT';"
	"UPDATE waste_codes SET form = 'solid', hazard = 'T', components = '含汞开关、灯管',"
	" hazardous = '汞', precautions = '密封容器贮存，防止破碎' WHERE code = 'SITE-MERCURY';"
	"ALTER TABLE site ADD COLUMN contact TEXT;";

/* 17: personal data kept apart from the audit trail, so that it can be
 * erased when its retention period ends (db/personal.h). Each vehicle gets
 * a random salt; its audit entries carry a salted commitment to each
 * personal field in place of the value. Erasing the value and the salt
 * leaves the chain whole and the commitment meaningless. Entries written
 * before this step keep the values they were written with: the chain
 * holds them and is not rewritten (docs/reliability.md). An erasure is
 * recorded with the fields it emptied. Search finds a vehicle by the full
 * ID number of its owner, through its own index. */
static const char v17_personal_data[] =
	"CREATE TABLE personal_salts(vehicle_id INTEGER PRIMARY KEY REFERENCES vehicles(id) ON DELETE CASCADE,"
	" salt TEXT NOT NULL);"
	"CREATE TABLE personal_erasures(vehicle_id INTEGER PRIMARY KEY REFERENCES vehicles(id) ON DELETE CASCADE,"
	" erased_at TEXT NOT NULL, erased_by TEXT NOT NULL, fields TEXT NOT NULL);"
	"CREATE INDEX vehicles_owner_id ON vehicles(owner_id);"
	/* a vehicle's certificates, void ones too, for the erasure */
	"CREATE INDEX certificates_vehicle ON certificates(vehicle_id);";

const char *const schema_steps[] = {
	v1_core, v2_vehicles, v3_dismantling, v4_certificates, v5_print_queue, v6_exports,
	v7_search_at_scale, v8_checkin_pages, v9_sync, v10_vehicle_lifecycle,
	v11_device_settings, v12_security, v13_filings_photos, v14_search_backlog,
	v15_name_pairs, v16_waste_label, v17_personal_data,
};
const int schema_count = sizeof schema_steps / sizeof schema_steps[0];
