#!/bin/bash
# scrapyard report and factors from the command line: figures worked out by
# hand, the four outputs (screen with bars, JSON, CSV, PDF), refusals.
source "$(dirname "$0")/../lib.sh"

q() { sqlite3 "$SCRAPYARD_DB" "$1"; }
export SCRAPYARD_DB=$WORK/yard.db SCRAPYARD_USER=clerk
"$SY" init --name "测试回收有限公司" --license L-1 --address "1 Road" >/dev/null
"$SY" vehicle add --vin "$(vin 1)" --owner "张三" --owner-id 11010519491231002X --registration --licence --plates 2 --received 2026-03-02 --weight 1000 >/dev/null
"$SY" vehicle add --vin "$(vin 2)" --owner "李四" --owner-id 11010519491231002X --registration --licence --plates 2 --received 2026-03-04 --curb-mass 1000 >/dev/null
v1=$(q "SELECT id FROM vehicles WHERE vin = '$(vin 1)'")
v2=$(q "SELECT id FROM vehicles WHERE vin = '$(vin 2)'")
# Vehicle 1 (weighed 1000): door reuse 50, engine core 150, frame 700 (hulk),
# bumper plastics 20, fuel 10 l = 7.8 kg (energy), coolant 5 kg (hazardous).
# Out 932.8, unaccounted 67.2 = 6.72%: flagged at 5%.
# Reuse 200, recycling 20 + 700 x 75% = 545, energy 7.8:
# 745 / 1000 = 74.5%, 752.8 / 1000 = 75.28%.
# Vehicle 2 (curb 1000): frame 900 => recycling 675 = 67.5%; period 1420 / 2000 = 71%.
q "INSERT INTO parts(part_no, vehicle_id, kind, grade, dest, material, weight_kg, created_by, created_at, updated_at) VALUES
   ('P1', $v1, 'door', 'A', 'reuse', 'steel', 50, 'c', '2026-03-05', 'x'),
   ('P2', $v1, 'engine', 'B', 'reman', 'steel', 150, 'c', '2026-03-05', 'x'),
   ('P3', $v1, 'frame', 'C', 'material', 'steel', 700, 'c', '2026-03-05', 'x'),
   ('P4', $v1, 'bumper_front', 'C', 'material', 'plastics', 20, 'c', '2026-03-05', 'x'),
   ('P5', $v2, 'frame', 'C', 'material', 'steel', 900, 'c', '2026-03-06', 'x');
   INSERT INTO depollution(vehicle_id, step, qty, unit, done_by, done_at, recorded_by) VALUES
   ($v1, 'fuel', 10, 'l', 'c', '2026-03-04', 'c'), ($v1, 'coolant', 5, 'kg', 'c', '2026-03-04', 'c')"
near() { awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; exit !(d < 0.001 && d > -0.001) }'; }

run "$SY" report mass-balance --vehicle "$(vin 1)" --json
expect_rc "mass balance of a vehicle" 0
check "mass in 1000" near "$(printf '%s' "$out" | jq .total.mass_in_kg)" 1000
check "out 932.8" near "$(printf '%s' "$out" | jq .total.out_total_kg)" 932.8
check "energy 7.8 (fuel)" near "$(printf '%s' "$out" | jq .total.out_kg.energy)" 7.8
check "unaccounted 6.72%" near "$(printf '%s' "$out" | jq .total.unaccounted_pct)" 6.72
check "flagged" test "$(printf '%s' "$out" | jq .total.over_threshold)" = true
"$SY" init --if-new
q "INSERT INTO settings VALUES ('mass_balance_threshold_pct', '8')"
run "$SY" report mass-balance --vehicle "$(vin 1)" --json
check "not flagged at 8%" test "$(printf '%s' "$out" | jq .total.over_threshold)" = false

run "$SY" report mass-balance --from 2026-03-01 --to 2026-03-31
expect_rc "period mass balance on screen" 0
check_contains "curb mass flagged" "$out" "curb mass"
check_contains "destination table" "$out" "Hulk (frame/body)"

run "$SY" report recovery --vehicle "$(vin 1)" --json
check "reuse + recycling 74.5%" near "$(printf '%s' "$out" | jq .total.reuse_recycling_pct)" 74.5
check "reuse + recovery 75.28%" near "$(printf '%s' "$out" | jq .total.reuse_recovery_pct)" 75.28
run "$SY" report recovery --from 2026-03-01 --to 2026-03-31 --json
check "period 71%" near "$(printf '%s' "$out" | jq .total.reuse_recycling_pct)" 71
check "two vehicles listed" test "$(printf '%s' "$out" | jq '.vehicles | length')" = 2
run "$SY" report recovery --from 2026-03-01 --to 2026-03-31
check_contains "bars on screen" "$out" "█"
check_contains "against the 85% target" "$out" "target 85% NOT met"
check_contains "names what counts" "$out" "hazardous waste to licensed handlers"

# Carbon from the shipped table (loaded on first use): vehicle 1:
# door 50 x 4 = 200, engine 150 x 2.8 = 420, hulk 525 x 1.5 = 787.5,
# bumper 20 x 1.0 = 20: 1427.5 kg CO2e.
run "$SY" report carbon --vehicle "$(vin 1)" --json
expect_rc "carbon" 0
check "1427.5 kg CO2e" near "$(printf '%s' "$out" | jq .co2e_avoided_kg)" 1427.5
check "a range" test "$(printf '%s' "$out" | jq '.low_kg < .co2e_avoided_kg and .co2e_avoided_kg < .high_kg')" = true
check "sources named" test "$(printf '%s' "$out" | jq '[.factors[] | select(.source | length > 20)] | length')" = 4
run "$SY" report carbon --vehicle "$(vin 1)"
check_contains "indicative said plainly" "$out" "indicative"
check_contains "worldsteel named" "$out" "worldsteel"

# The site edits a factor.
printf 'route,key,factor,low,high,quality,source\nrecycling,steel,2.0,1.5,2.2,published,site measurement 2026\n' >"$WORK/f.csv"
run "$SY" factors import "$WORK/f.csv"
expect_rc "factors import" 0
run "$SY" report carbon --vehicle "$(vin 1)" --json
check "edited factor used: 1427.5 + 525 x 0.5" near "$(printf '%s' "$out" | jq .co2e_avoided_kg)" 1690
printf 'route,key,factor,low,high,quality,source\nrecycling,steel,abc,1,2,published,x\n' >"$WORK/bad.csv"
run "$SY" factors import "$WORK/bad.csv"
expect_rc "bad factor refused" 1
run "$SY" factors list --json
check "list shows the table" test "$(printf '%s' "$out" | jq 'map(select(.key == "steel"))[0].factor')" = 2

# Files.
run "$SY" report mass-balance --from 2026-03-01 --to 2026-03-31 --csv "$WORK/mb.csv"
expect_rc "csv" 0
check "csv has both vehicles and a total" test "$(grep -c -e "$(vin 1)" -e "$(vin 2)" -e '^Total' "$WORK/mb.csv")" = 3
run "$SY" report operations --from 2026-03-01 --to 2026-03-31 --pdf "$WORK/ops.pdf"
expect_rc "pdf" 0
check "a PDF" test "$(head -c 5 "$WORK/ops.pdf")" = "%PDF-"
run "$SY" report operations --from 2026-03-01 --to 2026-03-31 --json
check "operations: intake 2" test "$(printf '%s' "$out" | jq .intake.vehicles)" = 2
check "operations: 5 parts harvested" test "$(printf '%s' "$out" | jq .parts.harvested)" = 5
check "operations: 3 assemblies (engine, two frames)" test "$(printf "%s" "$out" | jq .parts.assemblies_harvested)" = 3

# Refusals.
run "$SY" report recovery --from 2026-02-30
expect_rc "bad date" 1
run "$SY" report recovery --from 2026-03-31 --to 2026-03-01
expect_rc "from after to" 1
run "$SY" report recovery --vehicle NOSUCH
expect_rc "unknown vehicle" 1
run "$SY" report nonsense
expect_rc "unknown report" 1

# Tyres taken off in pretreatment go to rubber recycling, not to hazardous
# waste; fuel turns into kilograms with the density of the fuel drained.
"$SY" vehicle add --vin "$(vin 3)" --owner "王五" --owner-id 11010519491231002X --registration --licence --plates 2 \
	--power diesel --received 2026-04-02 --weight 1000 >/dev/null
"$SY" vehicle add --vin "$(vin 4)" --owner "赵六" --owner-id 11010519491231002X --registration --licence --plates 2 \
	--power petrol --received 2026-04-02 --weight 1000 >/dev/null
v3=$(q "SELECT id FROM vehicles WHERE vin = '$(vin 3)'")
v4=$(q "SELECT id FROM vehicles WHERE vin = '$(vin 4)'")
q "INSERT INTO depollution(vehicle_id, step, qty, unit, done_by, done_at, recorded_by) VALUES
   ($v3, 'fuel', 10, 'l', 'c', '2026-04-03', 'c'), ($v3, 'tyres', 40, 'kg', 'c', '2026-04-03', 'c'),
   ($v3, 'coolant', 5, 'kg', 'c', '2026-04-03', 'c'), ($v4, 'fuel', 10, 'l', 'c', '2026-04-03', 'c')"
run "$SY" report mass-balance --vehicle "$(vin 3)" --json
check "tyres are material recovery" near "$(printf '%s' "$out" | jq .total.out_kg.material)" 40
check "not hazardous waste: only the coolant" near "$(printf '%s' "$out" | jq .total.out_kg.hazardous)" 5
check "diesel at 0.835 kg/l" near "$(printf '%s' "$out" | jq .total.out_kg.energy)" 8.35
run "$SY" report mass-balance --vehicle "$(vin 4)" --json
check "petrol at 0.745 kg/l" near "$(printf '%s' "$out" | jq .total.out_kg.energy)" 7.45
run "$SY" report recovery --vehicle "$(vin 3)" --json
check "the tyres earn recycling credit (40 / 1000)" near "$(printf '%s' "$out" | jq .total.reuse_recycling_pct)" 4
run "$SY" report carbon --vehicle "$(vin 3)" --json
check "and CO2 credit as rubber (40 x 0.5)" near "$(printf '%s' "$out" | jq .co2e_avoided_kg)" 20
finish
