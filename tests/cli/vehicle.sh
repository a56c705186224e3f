#!/bin/bash
# Check-in from the command line: add, refuse, show, list, search, import, due.
source "$(dirname "$0")/../lib.sh"
export SCRAPYARD_DB=$WORK/yard.db SCRAPYARD_NOW=2026-11-27
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

"$SY" init --name 绿源回收 --license BJ-001 --address 北京 >/dev/null
run "$SY" vehicle add --vin 1M8GDM9AXKP042788 --plate 京A12345 --owner 张三 --owner-id 11010519491231002X --registration --licence --plates 2
expect_rc "add" 0
check "add prints the stock number" test "$out" = "V2026-000001"

run "$SY" --json vehicle add --vin " 1m8gdm9a1kp042789 " --plate 京b·12346 --owner 李四 --owner-id 11010519491231002x --type heavy_truck --registration --licence --plates 2
expect_rc "add --json" 0
check "json has stock_no and id" test "$(echo "$out" | json 'd["stock_no"], d["id"]')" = "V2026-000002 2"
check "VIN stored normalised" test "$(echo "$out" | json 'd["vin"]')" = "1M8GDM9A1KP042789"
check "plate stored normalised" test "$(echo "$out" | json 'd["plate"]')" = "京B12346"
check "truck is police-supervised" test "$(echo "$out" | json 'd["police_supervised"]')" = "True"

run "$SY" vehicle add --vin 1M8GDM9A2KP042789 --owner 王五 --owner-id 11010519491231002X
expect_rc "wrong check digit" 1
check_contains "wrong check digit names field and expected digit" "$err" "vin: VIN check digit is 2, expected"
run "$SY" vehicle add --vin 1M8GDM9AXKP042788 --plate 京A99999 --owner 张三 --owner-id 11010519491231002X --registration --licence --plates 2
expect_rc "same VIN while open" 1
check_contains "same VIN names the open record" "$err" "V2026-000001"
run "$SY" vehicle add --vin 1M8GDM9A8KP042790 --plate 京A12345 --owner 张三 --owner-id 11010519491231002X --registration --licence --plates 2
expect_rc "same plate while open" 1
run "$SY" vehicle add --vin 1M8GDM9AXKP042788 --owner 张三
expect_rc "missing owner id" 1
check_contains "missing owner id named" "$err" "owner-id"
run "$SY" vehicle add --vin 1M8GDM9A8KP042790 --owner "$(printf 'bad\001name')" --owner-id 11010519491231002X
expect_rc "control character refused" 1
run "$SY" vehicle add --vin 1M8GDM9A8KP042790 --owner 某公司 --owner-kind company --owner-id 91350100M000100Y43
expect_rc "company without agent" 1
check_contains "company needs agent" "$err" "agent"
run "$SY" vehicle add --vin 1M8GDM9A8KP042790 --owner 某公司 --power bev --owner-id 11010519491231002X
expect_rc "NEV without battery code" 1
check_contains "NEV needs battery code" "$err" "battery-code"
run "$SY" vehicle add --vin 1M8GDM9A8KP042790 --owner 张三 --owner-id 11010519491231002X --missing engine --registration --licence --plates 2
expect_rc "missing parts need the owner's statement" 1
run "$SY" --json vehicle add --vin 1M8GDM9A8KP042790 --owner 张三 --owner-id 11010519491231002X --missing engine,battery --owner-statement
expect_rc "missing engine with statement" 0
check "missing engine marks vehicle missing" test "$(echo "$out" | json 'd["vehicle_missing"]')" = "True"
run "$SY" vehicle list --json
check "nothing half-saved: 3 vehicles" test "$(echo "$out" | json 'len(d)')" = "3"

run "$SY" vehicle show 京a12345
expect_rc "show by plate" 0
check_contains "show lists the owner" "$out" "张三"
run "$SY" --json vehicle show 1M8GDM9A1KP042789
check "show by VIN" test "$(echo "$out" | json 'd["stock_no"]')" = "V2026-000002"
run "$SY" vehicle show V2099-999999
expect_rc "show unknown" 1

for frag in 0427 京A 1M V2026 张三 李 "B12"; do
	run "$SY" --json vehicle list --search "$frag"
	check "search '$frag' finds something" test "$(echo "$out" | json 'len(d)')" -ge 1
done
run "$SY" --json vehicle list --search 042788
check "search by VIN fragment finds the one" test "$(echo "$out" | json '[v["stock_no"] for v in d]')" = "['V2026-000001']"
run "$SY" --json vehicle list --search zzzz
check "search with no match" test "$(echo "$out" | json 'len(d)')" = "0"
run "$SY" --json vehicle list --limit 1
check "list --limit" test "$(echo "$out" | json 'len(d)')" = "1"

# NEV: battery report due 15 working days after intake.
run "$SY" vehicle add --vin LSVAU2182N2183290 --owner 赵六 --owner-id 11010519491231002X --power bev --battery-code 0ABPA01ABCDEFGA1100001
expect_rc "short battery code refused" 1
run "$SY" --json vehicle add --vin LSVAU2182N2183290 --owner 赵六 --owner-id 11010519491231002X --power bev --battery-code 0abpa01abcdefga110000001 --registration --licence --plates 2
expect_rc "NEV with battery code" 0
check "battery report due in 15 working days" test "$(echo "$out" | json 'd["battery_report_due"]')" = "2026-12-18"
run "$SY" --json due --all
check "due lists the battery report" contains "$out" "battery_report"
run "$SY" vehicle mark LSVAU2182N2183290 --battery-reported 2026-11-27
expect_rc "mark battery reported" 0
run "$SY" --json due --all
check "reported battery no longer due" test "$(echo "$out" | json 'len([x for x in d if x["what"] == "battery_report"])')" = "0"

# Import: all or nothing, with the bad rows named.
cat >"$WORK/bad.csv" <<'CSV'
vin,plate,owner,owner-id,registration,licence,plates
1M8GDM9A1KP042792,沪A11111,钱七,11010519491231002X,yes,yes,2
1M8GDM9A4KP042793,沪A11112,孙八,11010519491231002X,yes,yes,2
CSV
run "$SY" vehicle import "$WORK/bad.csv"
expect_rc "import with a bad row" 1
check_contains "bad row named by line" "$err" "line 3"
run "$SY" --json vehicle list --search 沪A
check "nothing imported" test "$(echo "$out" | json 'len(d)')" = "0"
printf 'vin,plate,owner,owner-id,owner-statement\n"1M8GDM9A1KP042792",沪A11111,"钱""七",11010519491231002X,yes\n1M8GDM9A3KP042793,沪A11112,孙八,11010519491231002X,yes\n' >"$WORK/good.csv"
run "$SY" --json vehicle import "$WORK/good.csv"
expect_rc "good import" 0
check "good import counted" test "$(echo "$out" | json 'd["imported"]')" = "2"
printf 'vin,owner\n"1M8GDM9A3KP042792,x\n' >"$WORK/quote.csv"
run "$SY" vehicle import "$WORK/quote.csv"
expect_rc "broken quoting" 1
check_contains "broken quoting explained" "$err" "never closed"
printf 'vin,owner,owner-id\n1M8GDM9A5KP042794,\xd5\xc5\xc8\xfd,11010519491231002X\n' >"$WORK/gbk.csv"
run "$SY" vehicle import "$WORK/gbk.csv"
expect_rc "GBK file" 1
check_contains "GBK file: says to save as UTF-8" "$err" "UTF-8"

# Plain tables line up in terminal cells whatever the plate and owner hold
# (Chinese characters are two cells wide, a missing plate is "-").
widths() { # the display width of each line up to its first date
	while IFS= read -r line; do printf '%s' "${line%%2026-*}" | wc -L; done | sort -u | wc -l
}
run "$SY" vehicle list
check "vehicle list: dates in one column" test "$(printf '%s\n' "$out" | widths)" = 1
check "vehicle list: several rows" test "$(printf '%s\n' "$out" | wc -l)" -ge 3
run "$SY" --lang zh vehicle list
check "vehicle list in Chinese: dates in one column" test "$(printf '%s\n' "$out" | widths)" = 1

# Documents not handed over need the owner's written statement, as missing parts do.
run "$SY" vehicle add --vin 1M8GDM9A5KP042794 --owner 周九 --owner-id 11010519491231002X --registration --plates 1
expect_rc "a document not handed over without the statement refused" 1
check_contains "names the field" "$err" "owner-statement"
check_contains "names what is missing" "$err" "driving licence, 1 number plate"
run "$SY" --lang zh vehicle add --vin 1M8GDM9A5KP042794 --owner 周九 --owner-id 11010519491231002X --registration --plates 1
check_contains "in Chinese too" "$err" "行驶证"
run "$SY" --json vehicle add --vin 1M8GDM9A5KP042794 --owner 周九 --owner-id 11010519491231002X --registration --plates 1 \
	--owner-statement
expect_rc "with the statement on file" 0
check "statement recorded" test "$(echo "$out" | json 'd["owner_statement"]')" = True

# A missing engine or frame is said at check-in: the vehicle counts as missing.
run "$SY" vehicle add --vin 1M8GDM9A7KP042795 --owner 吴十 --owner-id 11010519491231002X --registration --licence \
	--plates 2 --missing frame --owner-statement
expect_rc "missing frame checked in" 0
check_contains "says it at once" "$err" "came without the frame/body: it counts as a missing vehicle"
run "$SY" vehicle show "$out"
check "shown as a missing vehicle" grep -qE "Vehicle missing \(no cert.\) +yes" <<<"$out"
run "$SY" vehicle add --vin 1M8GDM9A9KP042796 --owner 吴十 --owner-id 11010519491231002X --registration --licence \
	--plates 2 --vehicle-missing
expect_rc "vehicle missing without a missing engine or frame refused" 1
check_contains "says which parts make it missing" "$err" "engine or frame/body"
finish
