#!/bin/bash
# Traction batteries: one code on one vehicle (a supervisor's override with a
# reason when a yard needs it), one pack out of one vehicle, the battery
# ledger with each code once; the code's day character; a full hybrid's
# high-voltage steps.
source "$(dirname "$0")/../lib.sh"
export SCRAPYARD_DB=$WORK/yard.db SCRAPYARD_NOW="2026-11-25 10:00:00"
js() { printf '%s' "$out" | python3 -c 'import json, sys; d = json.load(sys.stdin); print(eval(sys.argv[1]))' "$1" 2>/dev/null; }
cd "$WORK" || exit 1
DOCS=(--registration --licence --plates 2)
CODE=ABCPA011234567L110000001

"$SY" init --name Yard --license L-1 --address Road >/dev/null
"$SY" vehicle add --vin LFV2A21K0E3000001 --owner Zhao --owner-id 11010519491231002X "${DOCS[@]}" --power bev \
	--battery-code "$CODE" >/dev/null
run "$SY" vehicle add --vin LGBH52E05KY000002 --owner Qian --owner-id 11010519491231002X "${DOCS[@]}" --power phev \
	--battery-code "${CODE,,}"
expect_rc "the same pack code on a second vehicle refused" 1
check_contains "names the vehicle that has it" "$err" "already recorded for V2026-000001"
check_contains "says how to accept it" "$err" "supervisor"
run "$SY" --json vehicle list
check "nothing saved" test "$(js 'len(d)')" = 1

# The day character: 1-9 and letters for days 1 to 31, no day 0.
run "$SY" check battery ABCPA011234567L110000001
expect_rc "day 1" 0
run "$SY" check battery ABCPA011234567L100000001
expect_rc "day 0 refused" 1
check_contains "names the day character" "$err" "character 17"
run "$SY" check battery ABCPA011234567L1Y0000001
expect_rc "day 31 (Y)" 0
run "$SY" check battery ABCPA011234567L2X0000001
expect_rc "30 February refused" 1
check_contains "says the month has no such day" "$err" "month 2 has no day 30"

# A supervisor may accept it, with a reason kept on the record.
SCRAPYARD_PIN=12341234 "$SY" init --admin boss >/dev/null
SCRAPYARD_PIN=12341234 SCRAPYARD_NEW_PIN=111111 "$SY" --user boss user add clerk1 --role clerk >/dev/null
run env SCRAPYARD_PIN=111111 "$SY" --user clerk1 vehicle add --vin LGBH52E05KY000002 --owner Qian \
	--owner-id 11010519491231002X "${DOCS[@]}" --power phev --battery-code "$CODE" --battery-override "pack moved by the maker"
expect_rc "a clerk may not override" 1
check_contains "a supervisor is named" "$err" "supervisor"
run env SCRAPYARD_PIN=12341234 "$SY" --user boss --json vehicle add --vin LGBH52E05KY000002 --owner Qian \
	--owner-id 11010519491231002X "${DOCS[@]}" --power phev --battery-code "$CODE" --battery-override "pack moved by the maker"
expect_rc "a supervisor accepts it with the reason" 0
check "the reason is on the record" test "$(js 'd["battery_override_reason"]')" = "pack moved by the maker"

# The pack comes out of one vehicle only, so the ledger lists it once.
for v in V2026-000001 V2026-000002; do
	"$SY" depollute $v --step hv_insulation --result pass >/dev/null
	"$SY" depollute $v --step hv_discharge >/dev/null
done
run "$SY" depollute V2026-000001 --step traction_battery --qty 300 --code "$CODE" --state intact
expect_rc "the pack removed from the first" 0
run "$SY" depollute V2026-000002 --step traction_battery --qty 300 --code "$CODE" --state intact
expect_rc "the same pack again refused" 1
check_contains "names where it came out" "$err" "removed from V2026-000001 already"
run "$SY" --json doc ledger batteries --output bat.pdf
check "the battery ledger: one row" test "$(js 'd["rows"]')" = 1
check "the code once" test "$(pdftotext -layout bat.pdf - 2>/dev/null | grep -c "$CODE")" = 1

# A full hybrid carries a high-voltage pack: its steps come first.
"$SY" vehicle add --vin LSVAU2182N2183290 --owner Sun --owner-id 11010519491231002X "${DOCS[@]}" --power hev >/dev/null
run "$SY" --json depollute V2026-000003 --show
check "a full hybrid: insulation test" test "$(js '[s["state"] for s in d["steps"] if s["step"] == "hv_insulation"][0]')" = next
check "then the discharge" test "$(js 'len([s for s in d["steps"] if s["step"] == "hv_discharge"])')" = 1
check "its traction battery to remove" test "$(js 'len([s for s in d["steps"] if s["step"] == "traction_battery"])')" = 1
check "and its fuel" test "$(js 'len([s for s in d["steps"] if s["step"] == "fuel"])')" = 1
check "high voltage first" test "$(js 'd["high_voltage"]')" = True
run "$SY" depollute V2026-000003 --step battery --qty 12
expect_rc "the starter battery waits for the discharge" 1
check_contains "says why" "$err" "discharged"
"$SY" depollute V2026-000003 --step hv_insulation --result pass >/dev/null
"$SY" depollute V2026-000003 --step hv_discharge >/dev/null
run "$SY" depollute V2026-000003 --step traction_battery --qty 40 --state intact
expect_rc "a hybrid's pack without a code on record" 0
finish
