#!/bin/bash
# Three yards and their group's head office on a real PostgreSQL 15: the
# central schema, first and later pushes, the same push twice, a week
# offline, the catalogue flowing down, --verify on both sides, a yard kept
# out of another's records by the server, and the group-wide questions.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/pg.bash"
[ -n "$PG_BIN" ] || { echo "not ok 1 - PostgreSQL 15 is not installed (build-aux/packages, group sync)"; exit 1; }
cd "$WORK" || exit 1
export SCRAPYARD_USER=clerk SCRAPYARD_NOW="2026-03-10 10:00:00"

pg_start
check "the PostgreSQL server started" test -S "$PGDIR/.s.PGSQL.5432"
pg_group_setup yard_a yard_b yard_c

# ---- the central schema ----
run "$SY" server init --url service=office --json
expect_rc "server init" 0
check "schema version" test "$(js 'd["version"]')" -ge 3
run "$SY" server init --url service=office
expect_rc "server init twice refused" 1
check_contains "says to migrate" "$err" "server migrate"
run "$SY" server migrate --url service=office --json
expect_rc "server migrate when up to date" 0
check "nothing to do" test "$(js 'd["from"] == d["version"]')" = True
for y in a b c; do
	"$SY" server add-yard --url service=office --licence "L-$y" --name "Yard $y" --role "yard_$y" >/dev/null
done
check "three yards registered" test "$(psql_as postgres 'SELECT count(*) FROM sy.yards')" = 3
run "$SY" server add-yard --url service=office --licence L-x --name X --role 'x; DROP TABLE sy.yards'
expect_rc "a login that is no plain name refused" 1
YA=$(psql_as postgres "SELECT yard_id FROM sy.yards WHERE role = 'yard_a'")
YB=$(psql_as postgres "SELECT yard_id FROM sy.yards WHERE role = 'yard_b'")
YC=$(psql_as postgres "SELECT yard_id FROM sy.yards WHERE role = 'yard_c'")

# ---- three yards, each working and synchronising ----
prefix_a=LFV3A23C0H3 prefix_b=LSVAU2182N2 prefix_c=LGBH52E03HY
for y in a b c; do
	yard "$y"
	"$SY" init --name "Yard $y" --license "L-$y" --address "Road $y" >/dev/null
	eval VIN_PREFIX=\$prefix_$y
	PLATE_PREFIX="京$(echo "$y" | tr abc ABC)"
	export VIN_PREFIX PLATE_PREFIX
	checkin 1 full >/dev/null
	checkin 2 >/dev/null
	run "$SY" sync --url "service=yard_$y" --json
	expect_rc "yard $y: first sync" 0
	check "yard $y: first push sends the whole yard" test "$(js 'd["first_push"]')" = True
	check "yard $y: catalogue received" test "$(js 'd["pulled"]["part_kinds"]')" -ge 40
done
check "yard a's vehicles at the head office" test "$(office_count vehicles "$YA")" = 2
check "yard b's parts at the head office" test "$(office_count parts "$YB")" = 1
check "yard c's certificates at the head office" test "$(office_count certificates "$YC")" = 2
check "certificate numbers stay each yard's own series" \
	test "$(psql_as postgres "SELECT count(DISTINCT number) FROM sy.certificates")" = 2
yard a
run "$SY" sync status --json
expect_rc "sync status" 0
check "status: last success" test "$(js 'd["last_success"]')" = "2026-03-10 10:00:00"
check "status: nothing waiting" test "$(js 'd["waiting"]')" = 0
run "$SY" sync --verify
expect_rc "yard a: verify equal" 0
check_contains "every table equal" "$out" "exactly this yard's records"

# ---- later changes, the same push twice ----
yard a
export VIN_PREFIX=$prefix_a PLATE_PREFIX=京A
checkin 3 full >/dev/null
"$SY" part move "$(sqlite3 "$SCRAPYARD_DB" "SELECT part_no FROM parts LIMIT 1")" --location B-07 >/dev/null
run "$SY" sync status --json
check "changes wait before the sync" test "$(js 'd["waiting"]')" -gt 0
sqlite3 "$SCRAPYARD_DB" ".backup $WORK/a-before.db"
run "$SY" sync --json
expect_rc "yard a: second sync" 0
check "not a first push" test "$(js 'd["first_push"]')" = False
check "changes sent" test "$(js 'd["changes"]')" -gt 0
check "the moved part is moved at the head office" \
	test "$(psql_as postgres "SELECT count(*) FROM sy.parts WHERE yard_id = $YA AND location = 'B-07'")" = 1
before=$(psql_as postgres "SELECT count(*) || '/' || (SELECT count(*) FROM sy.audit) FROM sy.vehicles")
# The yard as it was before that sync: the same changes go again.
cp "$WORK/a-before.db" "$WORK/a-again.db"
run "$SY" --db "$WORK/a-again.db" sync --json
expect_rc "the same push twice" 0
check "nothing applied twice" test "$(js 'd["changes"]')" = 0
check "head office unchanged" test "$(psql_as postgres "SELECT count(*) || '/' || (SELECT count(*) FROM sy.audit) FROM sy.vehicles")" = "$before"
run "$SY" sync --verify --json
expect_rc "verify after the second push" 0
check "verify: every table equal" test "$(js 'all(t["equal"] for t in d["tables"])')" = True

# ---- a week offline ----
yard b
export VIN_PREFIX=$prefix_b PLATE_PREFIX=京B
n=10
for day in 11 12 13 14 15 16 17; do
	export SCRAPYARD_NOW="2026-03-$day 09:30:00"
	checkin $n >/dev/null
	checkin $((n + 1)) >/dev/null
	n=$((n + 2))
done
checkin $n full >/dev/null
run "$SY" sync status --json
check "a week of work waits" test "$(js 'd["waiting"]')" -ge 40
check "waiting since the first day" test "$(js 'd["waiting_since"]')" = "2026-03-11 09:30:00"
export SCRAPYARD_NOW="2026-03-18 08:00:00"
run env SCRAPYARD_SYNC_BATCH=7 "$SY" sync --json
expect_rc "yard b catches up" 0
check "in several batches" test "$(js 'd["batches"]')" -ge 6
check "all 17 vehicles of yard b there" test "$(office_count vehicles "$YB")" = 17
run "$SY" sync --verify --json
expect_rc "yard b: verify after the week" 0
check "yard b: every table equal" test "$(js 'd["equal"]')" = True

# ---- the head office's catalogue flows down ----
psql_as postgres "UPDATE sy.part_kinds SET name_en = 'Engine (long block)', list_price = 1200 WHERE code = 'engine'"
psql_as postgres "INSERT INTO sy.part_kinds(code, name_en, name_zh, material) VALUES ('ev_charger', 'On-board charger', '车载充电机', 'electronics')"
psql_as postgres "INSERT INTO sy.buyers(name, kind, licence) VALUES ('Group Metals', 'recycler', 'HB-2026-001')"
psql_as postgres "INSERT INTO sy.emission_factors VALUES ('recycling', 'steel', 1.6, 1.0, 1.9, 'published', 'group figure')"
for y in a b c; do
	yard "$y"
	run "$SY" sync --json
	expect_rc "yard $y: pulls the change" 0
	check "yard $y: two part kinds" test "$(js 'd["pulled"]["part_kinds"]')" = 2
	check "yard $y: one buyer" test "$(js 'd["pulled"]["buyers"]')" = 1
	check "yard $y: the new name" test "$(sqlite3 "$SCRAPYARD_DB" "SELECT name_en || '|' || list_price FROM part_kinds WHERE code = 'engine'")" = "Engine (long block)|1200.0"
	check "yard $y: the buyer is a party" test "$(sqlite3 "$SCRAPYARD_DB" "SELECT licence FROM parties WHERE name = 'Group Metals'")" = HB-2026-001
	check "yard $y: the factor" test "$(sqlite3 "$SCRAPYARD_DB" "SELECT factor FROM emission_factors WHERE route = 'recycling' AND key = 'steel'")" = 1.6
done
yard a
run "$SY" part kinds --json
check_contains "part kinds lists the new kind" "$out" "On-board charger"
run "$SY" sync --json
check "pulled only once" test "$(js 'd["pulled_total"]')" = 0
psql_as postgres "DELETE FROM sy.part_kinds WHERE code = 'ev_charger'"
run "$SY" sync --json
check "a deleted kind goes too" test "$(sqlite3 "$SCRAPYARD_DB" "SELECT count(*) FROM part_kinds WHERE code = 'ev_charger'")" = 0
check "the buyer went up as yard a's party" \
	test "$(psql_as postgres "SELECT count(*) FROM sy.parties WHERE yard_id = $YA AND name = 'Group Metals'")" = 1

# ---- a yard cannot write another yard's records ----
# Refused by the server, whatever the client: each login writes only its
# yard's partitions, and reads of the whole see only its own rows.
run psql_as yard_a "SELECT count(*) FROM sy.vehicles"
check "a yard's login reads only its own rows" test "$out" = "$(office_count vehicles "$YA")"
row="999, 'V2026-999999', 'X', '2026-03-10', 'person', 'x', 'x', 'x', 'x', 'x'"
cols="id, stock_no, vin, received_date, owner_kind, owner_name, owner_id, created_by, created_at, updated_at"
run psql_as yard_a "INSERT INTO sy.vehicles(yard_id, $cols) VALUES ($YB, $row)"
check "inserting for another yard refused by the server" test "$rc" != 0
check_contains "permission denied" "$err" "permission denied"
run psql_as yard_a "INSERT INTO sy.vehicles_y$YB(yard_id, $cols) VALUES ($YB, $row)"
check "inserting into another yard's partition refused" test "$rc" != 0
check_contains "permission denied there too" "$err" "permission denied"
run psql_as yard_a "INSERT INTO sy.vehicles_y$YA(yard_id, $cols) VALUES ($YB, $row)"
check "another yard's number in its own partition refused" test "$rc" != 0
check_contains "by the partition's bound" "$err" "partition constraint"
run psql_as yard_a "UPDATE sy.vehicles_y$YB SET plate = 'HACKED'"
check "updating another yard's rows refused" test "$rc" != 0
run psql_as yard_a "UPDATE sy.vehicles SET plate = 'HACKED' WHERE yard_id = $YB"
check "updating through the whole table refused" test "$rc" != 0
check "yard b's plates intact" test "$(psql_as postgres "SELECT count(*) FROM sy.vehicles WHERE plate = 'HACKED'")" = 0
run psql_as yard_a "DELETE FROM sy.audit_y$YA"
check "the audit trail is append-only at the head office" test "$rc" != 0
check_contains "permission denied" "$err" "permission denied"
run psql_as yard_a "UPDATE sy.yards SET pushed_seq = 0"
check "a yard cannot move its mark by hand" test "$rc" != 0
cp "$WORK/a.db" "$WORK/a-copy.db"
run "$SY" --db "$WORK/a-copy.db" sync --url service=yard_b
expect_rc "yard a's database with yard b's login refused" 1
check_contains "names both licences" "$err" "L-b"

# ---- every kind of change a clerk makes reaches the head office ----
yard c
export VIN_PREFIX=$prefix_c PLATE_PREFIX=京C SCRAPYARD_NOW="2026-03-19 10:00:00"
q() { sqlite3 "$SCRAPYARD_DB" "$1"; }
stock=$(checkin 30 full)
checkin 31 full >/dev/null
engine=$(q "SELECT part_no FROM parts ORDER BY id DESC LIMIT 1")
other=$(q "SELECT part_no FROM parts ORDER BY id LIMIT 1")
battery=$(q "SELECT container_code FROM waste WHERE code = '900-052-31' LIMIT 1")
cert=$(q "SELECT number FROM certificates c JOIN vehicles v ON v.id = c.vehicle_id WHERE v.stock_no = '$stock'")
printf 'vin,plate,owner,owner-id,registration,licence,plates\n%s,京C00040,Import Owner,11010519491231002X,yes,yes,2\n' "$(vin 40)" >"$WORK/import.csv"
ok_all=0
for cmd in "ship party add --name Smelter --kind recycler --licence SM-9" \
	"ship party add --name Handler --kind hazardous_handler --licence HW-LIC-1" \
	"part update $engine --price 900 --grade B" \
	"part move $engine --location C-02" \
	"part sell $other --to Smelter --price 700" \
	"ship material --material steel --weight-kg 800 --to Smelter" \
	"waste store $battery --location StoreA" \
	"waste ship $battery --handler Handler --manifest M-1" \
	"vehicle mark $stock --deregistered 2026-03-19" \
	"cert void $cert --reason typo" \
	"cert issue $stock" \
	"vehicle import $WORK/import.csv" \
	"depollute $(checkin 32) --step engine_oil --qty 3.5" \
	"maintain" \
	"backup $WORK/c-backup.db"; do
	# shellcheck disable=SC2086
	if ! out=$("$SY" $cmd 2>&1); then
		ok_all=1
		echo "# $cmd: $out"
	fi
done
check "every command works while the yard synchronises" test "$ok_all" = 0
run "$SY" sync --json
expect_rc "yard c sends them" 0
run "$SY" sync --verify --json
expect_rc "yard c: verify after every kind of change" 0
check "yard c: every table equal" test "$(js 'd["equal"]')" = True
check "the voided certificate is void at the head office" \
	test "$(psql_as postgres "SELECT status FROM sy.certificates WHERE yard_id = $YC AND number = '$cert'")" = void
check "the reissued one is there too" \
	test "$(psql_as postgres "SELECT count(*) FROM sy.certificates WHERE yard_id = $YC AND replaces = '$cert'")" = 1
check "the waste shipped with its manifest" \
	test "$(psql_as postgres "SELECT manifest_no FROM sy.waste WHERE yard_id = $YC AND container_code = '$battery'")" = M-1
check "the sold engine left the stock there too" \
	test "$(psql_as postgres "SELECT status FROM sy.parts WHERE yard_id = $YC AND part_no = '$other'")" = "$(q "SELECT status FROM parts WHERE part_no = '$other'")"
check "and is no longer in stock" test "$(q "SELECT status FROM parts WHERE part_no = '$other'")" != stock

# ---- group-wide questions ----
yard a
run "$SY" vehicle list --all-yards --search "$(vin 10 | sed "s/^$prefix_a/$prefix_b/" | cut -c12-17)" --json
expect_rc "vehicle list --all-yards" 0
check "finds yard b's vehicle from yard a" test "$(js 'd[0]["yard"]')" = "Yard b"
check "no owner's personal data" test "$(js '"owner_name" in d[0] or "owner_id" in d[0]')" = False
run "$SY" vehicle list --all-yards --search 京C0
check "by plate" contains "$out" "Yard c"
run "$SY" vehicle list --all-yards --search 京
expect_rc "too short a fragment" 1
run "$SY" part list --all-yards --search engine --json
expect_rc "part list --all-yards" 0
check "engines of every yard in stock" test "$(js 'len(set(p["yard"] for p in d))')" = 3
run "$SY" part list --all-yards --search "long block"
check "found by the head office's kind name" contains "$out" "Yard b"
run "$SY" report operations --all-yards --from 2026-03-01 --to 2026-03-31 --json
expect_rc "report operations --all-yards" 0
check "one row per yard" test "$(js 'len(d)')" = 3
check "yard b's intake" test "$(js '[y["intake"] for y in d if y["yard"] == "Yard b"][0]')" = 17
run "$SY" report carbon --all-yards
expect_rc "other reports across yards refused" 1

# ---- one login for the whole group ----
"$SY" --db "$WORK/scratch.db" init --name S --license S --address S >/dev/null
SCRAPYARD_PIN=24682468 "$SY" --db "$WORK/scratch.db" init --admin boss >/dev/null
hash=$(sqlite3 "$WORK/scratch.db" "SELECT pin_hash FROM users WHERE name = 'boss'")
psql_as postgres "INSERT INTO sy.users(name, role, pin_hash) VALUES ('group_admin', 'admin', '$hash')"
yard c
run "$SY" sync --json
check "the group's user comes down" test "$(js 'd["pulled"]["users"]')" = 1
SCRAPYARD_PIN=1111 run "$SY" --user group_admin user require-login yes
expect_rc "the group's admin with a wrong PIN refused" 1
SCRAPYARD_PIN=24682468 run "$SY" --user group_admin user require-login yes
expect_rc "the group's admin with its PIN acts at the yard" 0

# ---- credentials and TLS ----
run "$SY" sync --url "postgresql://yard_a:secret@db.example.com/group"
expect_rc "a password on the command line refused" 1
check_contains "points to pgpass" "$err" "pgpass"
run "$SY" sync --url "host=db.example.com dbname=group sslmode=require"
expect_rc "a remote server without verify-full refused" 1
check_contains "names verify-full" "$err" "verify-full"

# ---- personal data erased at the yard, and so at the head office ----
yard a
"$SY" part add V2026-000001 --kind frame --grade C --dest material --weight-kg 800 >/dev/null
"$SY" vehicle mark V2026-000001 --deregistered 2026-03-10 >/dev/null
run "$SY" --json vehicle show V2026-000001
check "yard a's first vehicle closed" test "$(js 'd["status"]')" = closed
"$SY" sync >/dev/null
office_owner() {
	psql_as postgres "SELECT coalesce(owner_name, '') || '/' || coalesce(owner_id, '') || '/' || coalesce(owner_phone, '')
		FROM sy.vehicles WHERE yard_id = $YA AND stock_no = 'V2026-000001'"
}
check "the head office holds the owner before the purge" test "$(office_owner)" = "Owner 1/11010519491231002X/13800138000"
export SCRAPYARD_NOW="2030-03-11 10:00:00"
SCRAPYARD_PIN=24682468 run "$SY" --user group_admin maintain --purge-personal-data --yes
expect_rc "purge at yard a, by the group's admin" 0
check_contains "says the erasure goes with the next sync" "$out" "next sync"
run "$SY" sync --json
expect_rc "the purge synchronised" 0
check "the head office's copy of the owner emptied" test "$(office_owner)" = "//"
check "and of its certificate's snapshot" test "$(psql_as postgres "SELECT count(*) FROM sy.certificates c
	WHERE c.yard_id = $YA AND c.vehicle_id = (SELECT id FROM sy.vehicles WHERE yard_id = $YA AND stock_no = 'V2026-000001')
	AND position('11010519491231002X' in c.snapshot) = 0")" = 1
check "the erasure's entries at the head office" \
	test "$(psql_as postgres "SELECT count(*) FROM sy.audit WHERE yard_id = $YA AND action = 'erase_personal'")" = 2
check "the salts never went up" test "$(psql_as postgres "SELECT count(*) FROM pg_tables WHERE tablename LIKE '%salt%'")" = 0
run "$SY" sync status --json
check "nothing left waiting after the sync" test "$(js 'd["waiting"]')" = 0
run "$SY" --json audit verify
check "yard a's chain intact after the purge and the sync" test "$(js '"broken_at" in d')" = False
check "its vehicles and certificates agree with the trail" \
	test "$(js '[f for f in d["findings"] if f["entity"] in ("vehicle", "certificate")]')" = "[]"
run "$SY" vehicle show V2026-000001
check "a full view after the sync" contains "$out" "V2026-000001"
run "$SY" sync status --json
check "waits only as an audit entry for the next sync" test "$(js 'd["waiting"]')" = 1

finish
