#!/bin/bash
# scrapyard export: new and changed records only, nothing twice, a changed
# record sent again, nothing recorded when the folder cannot be written.
source "$(dirname "$0")/../lib.sh"

q() { sqlite3 "$SCRAPYARD_DB" "$1"; }
export SCRAPYARD_DB=$WORK/yard.db SCRAPYARD_USER=clerk
"$SY" init --name "Test Yard" --license L-1 --address "1 Road" >/dev/null
"$SY" vehicle add --vin "$(vin 1)" --plate 京A12345 --owner "张三" --owner-id 11010519491231002X --registration --licence --plates 2 --received 2026-03-02 >/dev/null
"$SY" vehicle add --vin "$(vin 2)" --owner "李四" --owner-id 11010519491231002X --registration --plates 1 --owner-statement --received 2026-03-03 >/dev/null

# --- nothing written and nothing recorded when the stick is missing
run "$SY" export --out "$WORK/nostick/exports"
expect_rc "missing stick" 2
check_contains "says mounted" "$err" "mounted"
check "nothing recorded" test "$(q 'SELECT count(*) FROM exported')" = 0

# --- first export: both vehicles
run "$SY" export --out "$WORK/stick" --json
expect_rc "first export" 0
dir=$(printf '%s' "$out" | jq -r .folder)
check "folder written" test -d "$dir"
check_contains "folder named by export" "$dir" "scrapyard-export-0001-"
check "two vehicles" test "$(jq length "$dir/vehicles.json")" = 2
check "vehicles.csv: header and two rows" test "$(wc -l <"$dir/vehicles.csv")" = 3
check_contains "csv has the plate" "$(cat "$dir/vehicles.csv")" "京A12345"
check "manifest counts" test "$(jq .records.vehicles "$dir/manifest.json")" = 2
check "every file present" test -f "$dir/certificates.json" -a -f "$dir/assemblies.csv" -a -f "$dir/batteries.json"
# The documents handed over go with each vehicle: the deregistration needs them.
check "documents of the first: all handed over" \
	test "$(jq -c '.[0] | [.doc_registration, .doc_licence, .plates_returned, .plates_expected, .owner_statement]' "$dir/vehicles.json")" = '[1,1,2,2,0]'
check "documents of the second: licence and a plate kept, declared" \
	test "$(jq -c '.[1] | [.doc_registration, .doc_licence, .plates_returned, .plates_expected, .owner_statement]' "$dir/vehicles.json")" = '[1,0,1,2,1]'
check_contains "csv names the document columns" "$(head -1 "$dir/vehicles.csv")" "doc_registration,doc_licence,plates_returned,plates_expected,owner_statement"
check "no temporary folder left" test -z "$(ls "$WORK/stick" | grep tmp)"
check "recorded" test "$(q 'SELECT count(*) FROM exports')" = 1

# --- second export with no changes: nothing
run "$SY" export --out "$WORK/stick" --json
expect_rc "second export" 0
check "nothing exported" test "$(printf '%s' "$out" | jq .total)" = 0
check "no second folder" test "$(ls "$WORK/stick" | wc -l)" = 1
check "no second export recorded" test "$(q 'SELECT count(*) FROM exports')" = 1
run "$SY" export --out "$WORK/stick"
check_contains "says nothing new" "$out" "nothing new"

# --- change one record: exactly that one
"$SY" vehicle mark "$(vin 2)" --battery-reported 2026-03-10 >/dev/null
run "$SY" export --out "$WORK/stick" --json
expect_rc "export after a change" 0
dir=$(printf '%s' "$out" | jq -r .folder)
check "one vehicle" test "$(jq length "$dir/vehicles.json")" = 1
check "the changed one" test "$(jq -r '.[0].vin' "$dir/vehicles.json")" = "$(vin 2)"
check "with its new date" test "$(jq -r '.[0].battery_reported' "$dir/vehicles.json")" = 2026-03-10
check "total 1" test "$(printf '%s' "$out" | jq .total)" = 1

# --- certificates, five-assembly flow and traction batteries
v1=$(q "SELECT id FROM vehicles WHERE vin = '$(vin 1)'")
q "INSERT INTO certificates(number, vehicle_id, year, seq, issued_at, issued_by, checksum, snapshot)
   VALUES ('C2026-000001', $v1, 2026, 1, '2026-03-08 09:00:00', 'clerk', 'x', '{}')"
q "INSERT INTO parts(part_no, vehicle_id, kind, grade, dest, weight_kg, created_by, created_at, updated_at)
   VALUES ('P2026-0000001', $v1, 'engine', 'B', 'reman', 150, 'clerk', '2026-03-09', '2026-03-09'),
          ('P2026-0000002', $v1, 'door', 'B', 'reuse', 30, 'clerk', '2026-03-09', '2026-03-09')"
q "INSERT INTO depollution(vehicle_id, step, qty, unit, battery_code, recipient, recipient_kind, handed_over, done_by, done_at, recorded_by)
   VALUES ($v1, 'traction_battery', 300, 'kg', '001PEGB1A0000001A11000001', 'OEM point', 'oem', '2026-03-12', 'clerk', '2026-03-11', 'clerk')"
run "$SY" export --out "$WORK/stick" --json
expect_rc "export with certificate, parts, battery" 0
dir=$(printf '%s' "$out" | jq -r .folder)
check "one certificate" test "$(jq length "$dir/certificates.json")" = 1
check "certificate carries the VIN" test "$(jq -r '.[0].vin' "$dir/certificates.json")" = "$(vin 1)"
check "only the engine: a door is not an assembly" test "$(jq -r 'map(.part_no) | join(",")' "$dir/assemblies.json")" = P2026-0000001
check "one battery" test "$(jq -r '.[0].recipient_kind' "$dir/batteries.json")" = oem
check "no vehicle again" test "$(jq length "$dir/vehicles.json")" = 0

# --- the part ships: only the assembly is sent again
q "INSERT INTO parties(id, name, kind, licence, created_at, updated_at) VALUES (7, 'Reman Co', 'remanufacturer', 'R-1', 'x', 'x');
   INSERT INTO shipments(id, ship_no, party_id, shipped_on, kind, created_by, created_at) VALUES (1, 'S2026-0001', 7, '2026-03-20', 'parts', 'clerk', 'x');
   UPDATE parts SET shipment_id = 1, status = 'shipped' WHERE part_no = 'P2026-0000001'"
run "$SY" export --out "$WORK/stick" --json
dir=$(printf '%s' "$out" | jq -r .folder)
check "only the shipped assembly" test "$(printf '%s' "$out" | jq -c .records)" = \
	'{"vehicles":0,"certificates":0,"assemblies":1,"batteries":0,"battery_scrapped":0,"battery_outbound":0,"photos":0}'
check "with its recipient" test "$(jq -r '.[0].recipient' "$dir/assemblies.json")" = "Reman Co"
check "four exports recorded" test "$(q 'SELECT count(*) FROM exports')" = 4
run "$SY" export --out "$WORK/stick" --json
check "and then nothing" test "$(printf '%s' "$out" | jq .total)" = 0
finish
