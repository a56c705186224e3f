#!/bin/bash
# Filings from the command line: each kind owed by its event with its due date
# on the working-day calendar, late, shown with what to file, done with the
# authority's reference; due lists them with its old fields; the battery
# traceability rows exported in the platform's shape equal rows made by hand.
source "$(dirname "$0")/../lib.sh"
export SCRAPYARD_DB=$WORK/yard.db SCRAPYARD_USER=clerk
js() { printf '%s' "$out" | jq -r "$1"; }
q() { sqlite3 "$SCRAPYARD_DB" "$1"; }
at() { SCRAPYARD_NOW="$1" "${@:2}"; }

"$SY" init --name "城东报废汽车回收有限公司" --license L-1 --address "1 Road" >/dev/null
# May Day 2026: Friday 1, Monday 4 and Tuesday 5 off, Saturday 9 worked.
q "INSERT INTO holidays(day, working) VALUES ('2026-05-01', 0), ('2026-05-04', 0), ('2026-05-05', 0), ('2026-05-09', 1)"
export SCRAPYARD_NOW=2026-04-27
"$SY" vehicle add --vin LSVAU2182N2183290 --plate 京A12345 --owner 张三 --owner-id 11010519491231002X --registration --licence --plates 2 \
	--brand-model "大众 桑塔纳" --engine-no CKH123456 >/dev/null
"$SY" vehicle add --vin LGBH52E05KY000002 --plate 京AD12345 --owner 李四 --owner-id 11010519491231002X --registration --licence --plates 2 \
	--power bev --battery-code 001PE1A0000001A110000012 >/dev/null

# --- check-in: the ministry entry for each, the battery report for the electric one
run "$SY" --json filing list
expect_rc "list" 0
check "three filings owed" test "$(js length)" = 3
check "ministry entry due after 5 working days, across May Day" \
	test "$(js '[.[] | select(.kind == "mofcom_entry") | .due] | unique | join(",")')" = 2026-05-07
check "battery report due after 15 working days, the worked Saturday counted" \
	test "$(js '.[] | select(.kind == "battery_report") | .due')" = 2026-05-20
check "to whom" test "$(js '.[] | select(.kind == "battery_report") | .authority')" = "NEV battery traceability platform"
check "the petrol car owes no battery report" test "$(js '[.[] | select(.stock_no == "V2026-000001")] | length')" = 1

# --- the certificate: the deregistration, 7 working days
at 2026-04-29 "$SY" cert issue V2026-000001 --output "$WORK/c1.pdf" >/dev/null
run "$SY" --json filing list --kind deregistration
check "deregistration owed from the certificate" test "$(js '.[0].event_on + " " + .[0].due')" = "2026-04-29 2026-05-12"
run "$SY" --json vehicle show V2026-000001
check "the vehicle reads its deadline from the filing" test "$(js .dereg_due)" = 2026-05-12

# --- the battery removed and handed over: the pack's report
"$SY" depollute V2026-000002 --step hv_insulation --result pass >/dev/null
"$SY" depollute V2026-000002 --step hv_discharge >/dev/null
at 2026-04-30 "$SY" depollute V2026-000002 --step traction_battery --qty 420 --code 001PE1A0000001A110000012 --state intact >/dev/null
at 2026-05-06 "$SY" depollute V2026-000002 --step battery_handover --recipient "比亚迪回收服务网点" --recipient-kind oem \
	--credit-code 91350100M000100Y43 --date 2026-05-06 >/dev/null
run "$SY" --json filing list --kind battery-outbound
check "battery out owed 15 working days from the hand-over" test "$(js '.[0].due + " " + .[0].subject')" = \
	"2026-05-26 001PE1A0000001A110000012"

# --- late, and due
export SCRAPYARD_NOW=2026-05-08
run "$SY" --json filing list --late
check "both ministry entries late on 8 May" test "$(js 'map(.kind + ":" + .state) | join(",")')" = \
	"mofcom_entry:late,mofcom_entry:late"
run "$SY" --json due
expect_rc "due" 0
check "due keeps its fields" test "$(js '.[0] | [.stock_no, .vin, .plate, .what, .due, .late] | map(tostring) | join(" ")')" = \
	"V2026-000001 LSVAU2182N2183290 京A12345 mofcom_entry 2026-05-07 true"
check "due lists what falls due within three working days" test "$(js 'map(.what) | join(",")')" = \
	"mofcom_entry,mofcom_entry,deregistration"
run "$SY" due
check_contains "due in words" "$out" "MOFCOM entry"
check_contains "due marks late" "$out" "LATE"

# --- what to file, in the ministry's order
id=$(q "SELECT id FROM filings WHERE kind = 'mofcom_entry' AND vehicle_id = 1")
run "$SY" filing show "$id"
expect_rc "show" 0
check_contains "show says to whom" "$out" "Ministry of Commerce ELV information system"
check "sheet in the ministry's order: registration type, owner, vehicle, hand-over" test \
	"$(printf '%s\n' "$out" | grep -oE '^(登记类型|车主类型|车辆类型|车辆识别代号|交车日期)' | tr '\n' ' ')" = "登记类型 车主类型 车辆类型 车辆识别代号 交车日期 "
check_contains "sheet: the VIN" "$out" "LSVAU2182N2183290"
run "$SY" --json filing show "$id"
check "sheet as JSON" test "$(js '.sheet[] | select(.label_en == "Engine number") | .value')" = CKH123456

# --- done with the reference
run "$SY" filing done "$id"
expect_rc "done without a reference" 1
check_contains "says to give the reference" "$err" "--reference"
run "$SY" filing done "$id" --reference BF2026050800123 --date 2026-05-09
expect_rc "done in the future" 1
run "$SY" --json filing done "$id" --reference BF2026050800123
expect_rc "done" 0
check "done: state, date, reference, late" test "$(js '[.state, .done_on, .reference, .late] | map(tostring) | join(" ")')" = \
	"done 2026-05-08 BF2026050800123 true"
run "$SY" filing done "$id" --reference again
expect_rc "done twice" 1
run "$SY" --json filing list --late
check "no longer late" test "$(js length)" = 1
run "$SY" filing done 9999 --reference X
expect_rc "unknown filing" 1
check_contains "unknown filing says how to find one" "$err" "filing list"

# --- vehicle mark still marks the filing done
run "$SY" vehicle mark V2026-000002 --battery-reported 2026-05-08
expect_rc "vehicle mark" 0
check "the battery report is done" test "$(q "SELECT state || ' ' || done_on FROM filings WHERE kind = 'battery_report'")" = "done 2026-05-08"

# --- a VIN already filed: the next record of it warns
# A check-in cancelled after its entry was filed: cancel refuses a vehicle
# with work recorded, so the state is planted for the new check-in and put
# back after it (the audit check at the end sees the trail's state).
was=$(q "SELECT status FROM vehicles WHERE id = 1")
q "UPDATE vehicles SET status = 'cancelled' WHERE id = 1"
"$SY" vehicle add --vin LSVAU2182N2183290 --owner 王五 --owner-id 11010519491231002X --registration --licence --plates 2 >/dev/null
q "UPDATE vehicles SET status = '$was' WHERE id = 1"
again=$(q "SELECT f.id FROM filings f JOIN vehicles v ON v.id = f.vehicle_id WHERE v.stock_no = 'V2026-000003'")
run "$SY" filing show "$again"
check_contains "warns the VIN was filed" "$err" "was filed with the ministry before"
check_contains "names the earlier record" "$err" "V2026-000001"
run "$SY" filing done "$again" --reference BF2
check_contains "warns when done too" "$err" "filed with the ministry before"

# --- rules: the yard's days for the ministry entry, photos before done
run "$SY" filing rules battery_report --days 20
expect_rc "law's days cannot change" 1
run "$SY" filing rules mofcom_entry --days 3
expect_rc "the ministry entry's days can" 0
run "$SY" --json filing rules
check "rules listed" test "$(js 'map(.kind + "=" + (.days|tostring)) | join(",")')" = \
	"mofcom_entry=3,battery_report=15,battery_outbound=15,deregistration=7"
run "$SY" filing rules deregistration --photos cut
expect_rc "photo rule" 0
at 2026-05-08 "$SY" cert issue V2026-000002 --output "$WORK/c2.pdf" >/dev/null
dereg=$(q "SELECT id FROM filings WHERE kind = 'deregistration' AND vehicle_id = 2")
run "$SY" filing done "$dereg" --reference JG-1
expect_rc "done refused without the photo" 1
check_contains "names the photo wanted" "$err" "photo add V2026-000002"

# --- the platform's rows, exactly as they should be
run "$SY" --json export --out "$WORK/stick"
expect_rc "export" 0
dir=$(js .folder)
cat >"$WORK/scrapped.csv" <<'CSV'
vin,scrapped_on,pack_codes,battery_type
LGBH52E05KY000002,2026-05-08,001PE1A0000001A110000012,三元材料电池
CSV
cat >"$WORK/outbound.csv" <<'CSV'
pack_code,outbound_on,receiver,receiver_code
001PE1A0000001A110000012,2026-05-06,比亚迪回收服务网点,91350100M000100Y43
CSV
check "vehicle scrapped: CSV row as made by hand" cmp -s <(tr -d '\r' <"$dir/battery_scrapped.csv") "$WORK/scrapped.csv"
check "pack out of the yard: CSV row as made by hand" cmp -s <(tr -d '\r' <"$dir/battery_outbound.csv") "$WORK/outbound.csv"
check "vehicle scrapped: JSON row as made by hand" test "$(jq -c . "$dir/battery_scrapped.json")" = \
	'[{"vin":"LGBH52E05KY000002","scrapped_on":"2026-05-08","pack_codes":["001PE1A0000001A110000012"],"battery_type":"三元材料电池"}]'
check "pack out of the yard: JSON row as made by hand" test "$(jq -c . "$dir/battery_outbound.json")" = \
	'[{"pack_code":"001PE1A0000001A110000012","outbound_on":"2026-05-06","receiver":"比亚迪回收服务网点","receiver_code":"91350100M000100Y43"}]'
check "the petrol car has no battery row" test "$(jq length "$dir/battery_scrapped.json")" = 1
run "$SY" --json export --out "$WORK/stick"
check "not sent twice" test "$(js ".records.battery_scrapped + .records.battery_outbound")" = 0

# --- everything audited, nothing deleted
check "filings never deleted" test "$(q 'SELECT count(*) FROM filings')" -ge 7
run "$SY" audit verify
expect_rc "audit intact" 0
run "$SY" audit show V2026-000001
check_contains "the vehicle's history holds its filing" "$out" "filing $id: done"
finish
