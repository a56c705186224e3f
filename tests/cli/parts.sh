#!/bin/bash
# scrapyard depollute, part, ship and waste from the command line: exit
# codes, JSON fields and the refusals a clerk meets.
source "$(dirname "$0")/../lib.sh"

VIN_PREFIX=LFV3A23C0H3
# js EXPR: evaluates a Python expression over the JSON document in $out (as d)
js() { printf '%s' "$out" | python3 -c 'import json, sys; d = json.load(sys.stdin); print(eval(sys.argv[1]))' "$1" 2>/dev/null; }

export SCRAPYARD_DB=$WORK/yard.db SCRAPYARD_USER=clerk SCRAPYARD_NOW="2026-03-10 10:00:00"
BATTERY=ABCPB1A0000001LCV0000123
"$SY" init --name "Test Yard" --license L-1 --address "1 Road" >/dev/null
"$SY" vehicle add --vin "$(vin 1)" --owner "Zhang San" --owner-id 11010519491231002X --registration --licence --plates 2 --brand-model "Sedan" --power petrol >/dev/null
"$SY" vehicle add --vin "$(vin 2)" --owner "Li Si" --owner-id 11010519491231002X --registration --licence --plates 2 --power bev --battery-code "$BATTERY" >/dev/null
V1=V2026-000001
V2=V2026-000002

# ---- depollution ----
run "$SY" depollute "$V1" --show --json
expect_rc "checklist" 0
check "battery is next" test "$(js '[s["state"] for s in d["steps"] if s["step"] == "battery"][0]')" = next
check "engine oil blocked" test "$(js '[s["state"] for s in d["steps"] if s["step"] == "engine_oil"][0]')" = blocked
check "the reason names the battery" contains "$(js '[s["reason"] for s in d["steps"] if s["step"] == "engine_oil"][0]')" "Starter battery"
check "not complete" test "$(js 'd["complete"]')" = False

run "$SY" depollute "$V1" --step engine_oil --qty 4
expect_rc "engine oil before the battery refused" 1
check_contains "message names the missing step" "$err" "Starter battery removed"
run "$SY" depollute "$V1" --step battery
expect_rc "battery without its mass refused" 1
check_contains "field qty" "$err" "qty:"
run "$SY" depollute "$V1" --step battery --qty 14 --unit l
expect_rc "battery in litres refused" 1
check_contains "field unit" "$err" "unit:"
run "$SY" depollute "$V1" --step battery --qty abc
expect_rc "a quantity that is not a number" 1
run "$SY" depollute "$V1" --step battery --qty 14.5 --by Wang --json
expect_rc "battery removed" 0
check "done by Wang" test "$(js 'd["done_by"]')" = Wang
check "lead-acid container" test "$(js 'd["container"]')" = HW31-2026-0001
check "a petrol car has no gas tank: the airbags are next" test "$(js 'd["next"]')" = airbags
run "$SY" depollute "$V1" --step battery --qty 14
expect_rc "recorded twice refused" 1
run "$SY" depollute "$V1" --step gas-tank --not-present --json
expect_rc "no gas tank step for a petrol car" 1
run "$SY" depollute "$V1" --step steering_fluid --not-present --json
expect_rc "power steering not present" 0
check "recorded as not present" test "$(js 'd["not_present"]')" = True
run "$SY" depollute "$V1" --step engine_oil --qty 4.5 --json
expect_rc "engine oil drained" 0
check "engine oil in litres" test "$(js 'd["unit"]')" = l
check "waste oil container" test "$(js 'd["container"]')" = HW08-2026-0001
run "$SY" depollute "$V1" --step airbags --state exploded
expect_rc "unknown airbag state" 1
run "$SY" depollute "$V1" --step refrigerant --qty 0.5 --type r134a --json
expect_rc "refrigerant recovered" 0
check "type written canonically" test "$(js 'd["detail"]')" = R134a
run "$SY" depollute "$V1" --step nonsense
expect_rc "unknown step" 1
check_contains "lists the steps" "$err" "engine_oil"
run "$SY" depollute NOSUCHCAR --show
expect_rc "unknown vehicle" 1
run "$SY" depollute --steps --json
expect_rc "the step table" 0
check "traction battery needs the discharge" test "$(js '[s["needs"] for s in d if s["step"] == "traction_battery"][0][0]')" = hv_discharge

# NEV: no battery removal before the discharge; the code is validated.
run "$SY" depollute "$V2" --step traction_battery --qty 410 --code "$BATTERY" --state intact
expect_rc "traction battery before the discharge refused" 1
check_contains "names the discharge" "$err" "discharged"
run "$SY" depollute "$V2" --step hv_insulation --result pass
expect_rc "insulation tested" 0
run "$SY" depollute "$V2" --step hv_discharge
expect_rc "discharged" 0
run "$SY" depollute "$V2" --step traction_battery --qty 410 --code ABCPB1A0000001LCV000012 --state intact
expect_rc "a battery code of 23 characters refused" 1
check_contains "field code" "$err" "code:"
run "$SY" depollute "$V2" --step traction_battery --qty 410 --code "$BATTERY" --state intact --json
expect_rc "traction battery removed" 0
check "battery code kept" test "$(js 'd["battery_code"]')" = "$BATTERY"
run "$SY" depollute "$V2" --step battery_handover --recipient "Maker point" --recipient-kind friend
expect_rc "unknown recipient kind refused" 1
run "$SY" depollute "$V2" --step battery_handover --recipient "Maker point" --recipient-kind oem --json
expect_rc "battery handed over" 0
check "hand-over date today" test "$(js 'd["handed_over"]')" = 2026-03-10

# Undo, with a reason.
run "$SY" depollute "$V1" --undo refrigerant
expect_rc "undo without a reason refused" 1
run "$SY" depollute "$V1" --undo refrigerant --reason "wrong car" --json
expect_rc "undo" 0
check "refrigerant open again" test "$(js '[s["state"] for s in d["steps"] if s["step"] == "refrigerant"][0]')" != done

# ---- parts ----
run "$SY" part add "$V1" --kind door --grade A
expect_rc "dismantling before depollution refused" 1
check_contains "names the missing steps" "$err" "Airbags neutralised"
run "$SY" part add "$V1" --kind lead_acid --grade B --json
expect_rc "the battery removed in its step may be added" 0
check "battery to hazardous waste" test "$(js 'd["dest"]')" = hazardous
for step in airbags:--state=deployed fuel:--qty=20 gear_oil:--qty=2 brake_fluid:--qty=1 \
	coolant:--qty=5 washer_fluid:--qty=0 refrigerant:--type=R1234yf oil_filter: catalyst:--qty=6 mercury:--not-present tyres:; do
	s=${step%%:*} o=${step#*:}
	extra=()
	[ "$s" = refrigerant ] && extra=(--qty 0.4)
	"$SY" depollute "$V1" --step "$s" ${o:+"$o"} "${extra[@]}" >/dev/null || echo "# depollute $s failed"
done
run "$SY" depollute "$V1" --json
check "complete" test "$(js 'd["complete"]')" = True
# Fluids of one waste code share its open drum: no new drum a fluid.
check "gear oil into the engine oil's drum" test "$(js '[s["container"] for s in d["steps"] if s["step"] == "gear_oil"][0]')" = HW08-2026-0001
check "brake fluid too (HW08 900-214-08)" test "$(js '[s["container"] for s in d["steps"] if s["step"] == "brake_fluid"][0]')" = HW08-2026-0001
run "$SY" part add "$V1" --kind engine --grade A --dest reuse
expect_rc "engine for reuse refused" 1
check_contains "Order 715 named" "$err" "Order 715"
check_contains "field dest" "$err" "dest:"
run "$SY" part add "$V1" --kind 发动机 --grade A --weight-kg 160 --location E-01 --json
expect_rc "engine harvested" 0
ENGINE=$(js 'd["part_no"]')
check "engine part number" test "$ENGINE" = P2026-0000002
check "id given" test "$(js 'd["id"]')" -gt 0
check "engine to remanufacture" test "$(js 'd["dest"]')" = reman
run "$SY" part add "$V1" --kind door --grade A --location a-07 --price 300 --weight-kg 21
expect_rc "door harvested" 0
check "prints the part number" test "$out" = P2026-0000003
DOOR=$out
run "$SY" part add "$V1" --kind lamp --grade A
expect_rc "ambiguous kind refused" 1
check_contains "names the candidates" "$err" "headlamp"
run "$SY" part add "$V1" --kind door --grade E
expect_rc "grade E refused" 1
check_contains "field grade" "$err" "grade:"
run "$SY" part add "$V1" --kind door --grade A --weight-kg -2
expect_rc "negative weight refused" 1
run "$SY" part add "$V1" --kind frame --grade C --dest material --location Y-1 --json
expect_rc "frame harvested" 0
check "the frame keeps the VIN" test "$(js 'd["vin"]')" = "$(vin 1)"
FRAME=$(js 'd["part_no"]')

run "$SY" part list --search "$(vin 1 | cut -c12-17)" --json
expect_rc "search by VIN fragment" 0
check "four parts of the vehicle" test "$(js 'len(d)')" = 4
run "$SY" part list --search A- --json
check "2-character prefix of a bin" test "$(js 'd[0]["part_no"]')" = "$DOOR"
run "$SY" part list --search E --json
check "1-character prefix" contains "$(js '[p["part_no"] for p in d]')" "$ENGINE"
run "$SY" part list --search engine --json
check "kind name, 3+ characters" test "$(js '[p["part_no"] for p in d]')" = "['$ENGINE']"
run "$SY" part list --vehicle "$V1" --kind frame --json
check "filter by vehicle and kind" test "$(js 'len(d)')" = 1
run "$SY" part list --status nonsense
expect_rc "unknown status refused" 1

run "$SY" part move "$DOOR" --location B-02 --json
expect_rc "moved" 0
check "new bin" test "$(js 'd["location"]')" = B-02
run "$SY" part list --search A-07 --json
check "old bin no longer found" test "$(js 'len(d)')" = 0
run "$SY" part show "$DOOR"
expect_rc "show" 0
check_contains "shows the bin" "$out" "B-02"

# ---- outbound ----
run "$SY" part sell "$ENGINE" --to "Walk-in" --party-kind buyer
expect_rc "core sold to a buyer refused" 1
check_contains "five assemblies" "$err" "five major assemblies"
run "$SY" part sell "$DOOR" --to "Walk-in" --price 280 --json
expect_rc "door sold to a walk-in buyer" 0
check "sold" test "$(js 'd["status"]')" = sold
check "on shipment S2026-000001" test "$(js 'd["ship_no"]')" = S2026-000001
run "$SY" part move "$DOOR" --location C-1
expect_rc "a sold part cannot move" 1
run "$SY" ship party add --name "Reman Works" --kind remanufacturer
expect_rc "remanufacturer without a code refused" 1
run "$SY" ship party add --name "Reman Works" --kind remanufacturer --credit-code 91350100M000100Y43 --json
expect_rc "remanufacturer added" 0
run "$SY" ship party add --name "Smelter" --kind recycler --licence SM-9 >/dev/null
run "$SY" ship party add --name "Handler" --kind hazardous_handler
expect_rc "handler without a licence refused" 1
check_contains "licence named" "$err" "licence"
"$SY" ship party add --name "Handler" --kind hazardous_handler --licence HW-LIC-1 >/dev/null
run "$SY" ship parts "$ENGINE" "$FRAME" --to "Reman Works" --json
expect_rc "a frame is a core: both to the remanufacturer" 0
check "two parts" test "$(js 'len(d["part_nos"])')" = 2
run "$SY" ship parts P2026-0000001 --to "Smelter"
expect_rc "hazardous waste to a recycler refused" 1
check_contains "licensed handler named" "$err" "licensed hazardous waste handler"
run "$SY" ship parts P2026-0000001 --to "Handler" --json
expect_rc "hazardous waste to the licensed handler" 0
run "$SY" ship material --material steel --weight-kg 800 --to "Reman Works"
expect_rc "material to a remanufacturer refused" 1
run "$SY" ship material --material hulk --weight-kg 800 --price 1600 --to Smelter --json
expect_rc "hulk weighed out" 0
check "material lot" test "$(js 'd["material"]')" = hulk
run "$SY" ship list --json
check "four shipments" test "$(js 'len(d)')" = 4
run "$SY" ship ledger --assemblies --json
expect_rc "parts flow ledger" 0
check "engine and frame in the five-assembly ledger" test "$(js 'sorted(r["kind"] for r in d)')" = "['engine', 'frame']"
check "recipient's credit code" test "$(js 'd[0]["party_code"]')" = 91350100M000100Y43

# ---- hazardous waste ----
run "$SY" waste list --json
expect_rc "waste list" 0
check "containers from depollution" test "$(js 'len(d)')" -ge 4
run "$SY" waste add --code HW49 --qty 3 --container-type bag --json
expect_rc "contaminated packaging generated" 0
check "container code" test "$(js 'd["container_code"]')" = HW49-2026-0001
run "$SY" waste add --code HW99 --qty 3
expect_rc "unknown code refused" 1
run "$SY" waste add --code HW49 --qty 0
expect_rc "zero quantity refused" 1
run "$SY" waste ship HW49-2026-0001 --handler Handler
expect_rc "exit before entry into store refused" 1
run "$SY" waste store HW49-2026-0001 --location "Store A" --json
expect_rc "into store" 0
check "stored" test "$(js 'd["state"]')" = stored
run "$SY" waste ship HW49-2026-0001 --handler Smelter
expect_rc "exit to an unlicensed party refused" 1
check_contains "licensed handler" "$err" "licensed hazardous waste handler"
run "$SY" waste ship HW49-2026-0001 --handler Handler --manifest M-1 --json
expect_rc "out to the handler" 0
check "shipped with its manifest" test "$(js 'd[0]["manifest_no"]')" = M-1
run "$SY" waste show HW08-2026-0001 --json
check "filled from vehicle 1" test "$(js 'd["fill_list"][0]["stock_no"]')" = "$V1"
run "$SY" waste codes --json
check "site-defined codes marked" test "$(js 'sum(1 for c in d if c["site_defined"])')" = 4
run "$SY" waste list --ledger --state shipped --json
check "ledger of shipped containers" test "$(js 'len(d)')" = 1

finish
