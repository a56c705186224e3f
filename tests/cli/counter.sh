#!/bin/bash
# What a counter clerk types, as typed: dates as digits (20150310) or with
# slashes wherever a date is asked for, stored as YYYY-MM-DD; a weighed or
# curb mass unusual for the vehicle refused unless confirmed.
source "$(dirname "$0")/../lib.sh"
export SCRAPYARD_DB=$WORK/yard.db SCRAPYARD_NOW=2026-11-27
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
# Every document handed over: a missing one would ask for the owner's statement.
DOCS=(--registration --licence --plates 2)
"$SY" init --name 绿源回收 --license BJ-001 --address 北京 >/dev/null

# ---- dates ----
run "$SY" --json vehicle add "${DOCS[@]}" --vin "$(vin 1)" --owner 张三 --owner-id 11010519491231002X \
	--first-reg 20150310 --received 2026/11/20
expect_rc "dates as digits and with slashes at check-in" 0
check "first registration stored as YYYY-MM-DD" test "$(echo "$out" | json 'd["first_reg_date"]')" = "2015-03-10"
check "hand-over date stored as YYYY-MM-DD" test "$(echo "$out" | json 'd["received_date"]')" = "2026-11-20"
run "$SY" vehicle add "${DOCS[@]}" --vin "$(vin 2)" --owner 张三 --owner-id 11010519491231002X --first-reg 20150230
expect_rc "a date that does not exist" 1
check_contains "says so, naming the field" "$err" "first-reg: First registration: 20150230 is not a real date"
run "$SY" vehicle add "${DOCS[@]}" --vin "$(vin 2)" --owner 张三 --owner-id 11010519491231002X --first-reg 2015031
expect_rc "seven digits" 1
check_contains "says how to write a date" "$err" "YYYY-MM-DD or YYYYMMDD"
printf 'vin,owner,owner-id,first-reg,received,registration,licence,plates\n%s,李四,11010519491231002X,20100101,20261101,yes,yes,2\n' "$(vin 3)" >"$WORK/in.csv"
run "$SY" vehicle import "$WORK/in.csv"
expect_rc "an import with dates as digits" 0
run "$SY" --json vehicle show "$(vin 3)"
check "imported dates stored as YYYY-MM-DD" test "$(echo "$out" | json 'd["first_reg_date"], d["received_date"]')" = "2010-01-01 2026-11-01"

run "$SY" cert issue V2026-000001 --output "$WORK/c.pdf"
expect_rc "a certificate" 0
run "$SY" --json vehicle mark V2026-000001 --deregistered 20261127
expect_rc "deregistered on a date typed as digits" 0
check "stored as YYYY-MM-DD" test "$(echo "$out" | json 'd["deregistered"]')" = "2026-11-27"
run "$SY" vehicle mark V2026-000001 --battery-reported 2026.13.01
expect_rc "month 13" 1
check_contains "names the option" "$err" "battery-reported: 2026.13.01 is not a real date"
run "$SY" --json report mass-balance --from 20261101 --to 20261130
expect_rc "a report period as digits" 0
check_contains "the vehicle handed over on the first day is in it" "$out" '"received":"2026-11-01"'
run "$SY" --json report mass-balance --from 20261102 --to 20261130
check "and out when the period starts a day later" test "$(echo "$out" | grep -c '2026-11-01')" = 0
run "$SY" doc ledger waste --from 20261101 --to 20261127 --output "$WORK/ledger.pdf"
expect_rc "a ledger period as digits" 0
run "$SY" --json waste list --since 20261101 --until 20261127
expect_rc "waste list since/until as digits" 0
run "$SY" --json ship list --since 20261101
expect_rc "ship list since as digits" 0
run "$SY" ship list --since 2026-11
expect_rc "half a date" 1
check_contains "names the option and the form" "$err" "since: '2026-11' is not a date: write YYYY-MM-DD or YYYYMMDD"

# ---- search: two Chinese characters inside a name, a plate with its dot ----
"$SY" vehicle add "${DOCS[@]}" --vin "$(vin 20)" --plate 京A·12345 --owner 张志强 --owner-id 11010519491231002X >/dev/null
"$SY" vehicle add "${DOCS[@]}" --vin "$(vin 21)" --plate 沪B99887 --owner 上海顺达物流有限公司 --owner-kind company \
	--owner-id 91310000MA1K4LQA2E --agent 李四 --agent-id 11010519491231002X >/dev/null
"$SY" vehicle add "${DOCS[@]}" --vin "$(vin 22)" --owner 阿依古丽·买买提 --owner-id 11010519491231002X >/dev/null
search() { "$SY" vehicle list --search "$1" 2>/dev/null | awk '{print $2}' | sort | tr '\n' ' '; }
check "志强 inside 张志强" test "$(search 志强)" = "$(vin 20) "
check "顺达 inside a company name" test "$(search 顺达)" = "$(vin 21) "
check "物流 too" test "$(search 物流)" = "$(vin 21) "
check "a name that begins so still found" test "$(search 张志)" = "$(vin 20) "
check "a plate typed with its dot" test "$(search 京A·12345)" = "$(vin 20) "
check "part of a plate with the dot" test "$(search 'A·123')" = "$(vin 20) "
check "a name with a dot found as typed" test "$(search 古丽·买)" = "$(vin 22) "
check "two characters in no name find nothing" test "$(search 强志)" = ""
run "$SY" vehicle list --search 顺达 --json
check_contains "json too" "$out" '"owner_name":"上海顺达物流有限公司"'

# ---- weights ----
run "$SY" vehicle add "${DOCS[@]}" --vin "$(vin 10)" --owner 王五 --owner-id 11010519491231002X --type car --weight 12
expect_rc "12 kg for a car" 1
check_contains "says what is unusual" "$err" "weight: the weighed mass of 12 kg is unusual for a Small passenger car (400 to 4500 kg)"
check_contains "and how to save it when it is right" "$err" "--confirm-weight"
run "$SY" vehicle add "${DOCS[@]}" --vin "$(vin 10)" --owner 王五 --owner-id 11010519491231002X --curb-mass 1200 --weight 120
expect_rc "120 kg against 1,200 kg curb mass" 1
check_contains "against the curb mass" "$err" "the weighed mass of 120 kg is less than 40% of the curb mass of 1200 kg"
run "$SY" vehicle add "${DOCS[@]}" --vin "$(vin 10)" --owner 王五 --owner-id 11010519491231002X --type car --curb-mass 12
expect_rc "a curb mass of 12 kg" 1
check_contains "the curb mass named" "$err" "curb-mass: the curb mass of 12 kg"
run "$SY" vehicle add "${DOCS[@]}" --vin "$(vin 10)" --owner 王五 --owner-id 11010519491231002X --type heavy_truck --weight 12000
expect_rc "12 t for a heavy truck is usual" 0
run "$SY" --json vehicle add "${DOCS[@]}" --vin "$(vin 11)" --owner 王五 --owner-id 11010519491231002X --curb-mass 1200 --weight 120 --confirm-weight
expect_rc "confirmed" 0
check "saved as typed" test "$(echo "$out" | json 'd["weighed_kg"], d["curb_mass_kg"]')" = "120 1200"
run "$SY" --lang zh vehicle add "${DOCS[@]}" --vin "$(vin 12)" --owner 王五 --owner-id 11010519491231002X --type car --weight 12
check_contains "in Chinese" "$err" "小型载客汽车的过磅重量 12 kg 不寻常"
printf 'vin,owner,owner-id,type,weight,registration,licence,plates\n%s,李四,11010519491231002X,car,12,yes,yes,2\n' "$(vin 13)" >"$WORK/w.csv"
run "$SY" vehicle import "$WORK/w.csv"
expect_rc "an import with 12 kg for a car" 1
check_contains "the line named" "$err" "line 2: weight: the weighed mass of 12 kg"
run "$SY" vehicle import --confirm-weight "$WORK/w.csv"
expect_rc "imported when confirmed" 0
finish
