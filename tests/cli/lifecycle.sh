#!/bin/bash
# A vehicle's record after check-in: corrected (with a reason, a supervisor
# for what an issued certificate prints), cancelled (a wrong check-in: out of
# reports, ledgers and deadlines, its number kept), closed once its work is
# done (its plate free again, its VIN never), and what each means for lists,
# searches, deadlines, reports, ledgers and the export.
source "$(dirname "$0")/../lib.sh"
export SCRAPYARD_DB=$WORK/yard.db SCRAPYARD_NOW="2026-11-25 10:00:00"
js() { printf '%s' "$out" | python3 -c 'import json, sys; d = json.load(sys.stdin); print(eval(sys.argv[1]))' "$1" 2>/dev/null; }
cd "$WORK" || exit 1

"$SY" init --name 某某再生资源回收有限公司 --license JZ-1 --address 北京 >/dev/null
SCRAPYARD_PIN=12341234 "$SY" init --admin boss >/dev/null
SCRAPYARD_PIN=12341234 SCRAPYARD_NEW_PIN=56785678 "$SY" --user boss user add sup --role supervisor >/dev/null
SCRAPYARD_PIN=12341234 SCRAPYARD_NEW_PIN=111111 "$SY" --user boss user add clerk1 --role clerk --full-name 王芳 >/dev/null
clerk() { SCRAPYARD_PIN=111111 "$SY" --user clerk1 "$@"; }
sup() { SCRAPYARD_PIN=56785678 "$SY" --user sup "$@"; }
DOCS=(--registration --licence --plates 2)

clerk vehicle add --vin 1M8GDM9AXKP042788 --plate 京A12345 --owner 张三 --owner-id 11010519491231002X "${DOCS[@]}" \
	--brand-model "大众 FV7160FBMBG" --type car --power petrol --received 2026-11-20 >/dev/null
V1=V2026-000001

# ---- correct ----
run clerk vehicle correct $V1 --colour 白
expect_rc "a correction needs its reason" 1
check_contains "says to give the reason" "$err" "--reason"
run clerk vehicle correct $V1 --reason "补录"
expect_rc "no field given" 1
run clerk vehicle correct $V1 --vin 1M8GDM9A2KP042788 --reason "typo"
expect_rc "a bad value refused as at check-in" 1
check_contains "the field named" "$err" "vin"
run clerk vehicle correct $V1 --colour 白 --reason "颜色补录"
expect_rc "a clerk corrects a field no certificate prints" 0
check_contains "says what was corrected" "$out" "Colour"
run clerk vehicle correct $V1 --colour 白 --reason "again"
expect_rc "nothing changed: refused" 1
run "$SY" --json vehicle show $V1
check "colour corrected" test "$(js 'd["colour"]')" = 白
check "the correction kept with its reason" test "$(js 'd["corrections"][0]["reason"]')" = 颜色补录
check "and who made it" test "$(js 'd["corrections"][0]["by"]')" = clerk1

# The certificate prints the owner: a supervisor corrects it, and is told to reissue.
clerk cert issue $V1 --output c1.pdf >/dev/null
check "certificate names the clerk by the user's name" contains "$(pdftotext -layout c1.pdf - 2>/dev/null)" 王芳
run clerk vehicle correct $V1 --owner 张山 --reason "身份证上的名字"
expect_rc "a clerk may not correct what the certificate prints" 1
check_contains "a supervisor is named" "$err" "supervisor"
run "$SY" --json vehicle show $V1
check "the owner unchanged" test "$(js 'd["owner_name"]')" = 张三
run sup vehicle correct $V1 --owner 张山 --reason "身份证上的名字"
expect_rc "a supervisor corrects it" 0
check_contains "the certificate to void and reissue is named" "$out" "Certificate C2026-000001 still shows the old values"
check_contains "with the commands" "$out" "scrapyard cert void C2026-000001"
run sup --json vehicle correct $V1 --engine-no CSS1 --reason "补录发动机号"
check "JSON names the certificate to reissue" test "$(js 'd["certificate_to_reissue"]')" = C2026-000001
check "and the fields corrected" test "$(js 'd["corrected"]')" = engine_no
check "the issued certificate keeps what it printed" contains "$(pdftotext -layout c1.pdf - 2>/dev/null)" 张三
sup cert void C2026-000001 --reason "车主姓名有误" >/dev/null
# A reissue after a void is a supervisor's (docs/reliability.md, roles).
sup cert issue $V1 --output c2.pdf >/dev/null
check "the reissued certificate prints the corrected name" contains "$(pdftotext -layout c2.pdf - 2>/dev/null)" 张山
run "$SY" audit verify
expect_rc "audit trail intact after corrections" 0

# ---- close ----
run "$SY" vehicle close $V1
expect_rc "not closed while its work is open" 1
check_contains "names what is left" "$err" "dismantling (its frame/body recorded), deregistration"
for s in "battery --qty 15" "airbags --state removed --qty 2" "fuel --qty 20" "engine_oil --qty 4" "gear_oil --qty 2" \
	"brake_fluid --qty 1" "steering_fluid --qty 1" "coolant --qty 5" "washer_fluid --qty 2" \
	"refrigerant --qty 0.5 --type R134a" "oil_filter --qty 0.5" "catalyst --qty 6" "mercury --not-present" "tyres --qty 40"; do
	# shellcheck disable=SC2086
	clerk depollute $V1 --step $s >/dev/null || echo "# depollute $s failed"
done
clerk part add $V1 --kind frame --grade C --dest material --weight-kg 800 >/dev/null
run "$SY" --json vehicle show $V1
check "still open before the deregistration" test "$(js 'd["status"]')" = open
check "what it waits for" test "$(js 'd["closes_after"]')" = deregistration
clerk vehicle mark $V1 --deregistered 2026-11-25 >/dev/null
run "$SY" --json vehicle show $V1
check "closed by itself when its work is done" test "$(js 'd["status"]')" = closed
check "with the date" test "$(js 'd["closed_at"]')" = "2026-11-25 10:00:00"
run "$SY" audit show $V1
check_contains "the close is in the audit trail" "$out" "close"
run clerk part add $V1 --kind door --grade B
expect_rc "a closed vehicle takes no more parts" 1
check_contains "says it was closed" "$err" "closed on 2026-11-25"
run clerk vehicle add --vin LSVAU2182N2183290 --plate 京A12345 --owner 李四 --owner-id 11010519491231002X "${DOCS[@]}"
expect_rc "its plate is free for a new check-in" 0
check "numbered on" test "$out" = V2026-000002
run clerk vehicle add --vin 1M8GDM9AXKP042788 --owner 李四 --owner-id 11010519491231002X "${DOCS[@]}"
expect_rc "its VIN is not" 1
check_contains "says it was scrapped here" "$err" "scrapped here as V2026-000001"
run "$SY" --json vehicle show 京A12345
check "the plate finds the open vehicle first" test "$(js 'd["stock_no"]')" = V2026-000002
run "$SY" vehicle close V2026-000002
expect_rc "close on the clerk's word is refused while work is left" 1

# ---- cancel ----
# A wrong check-in: a new-energy vehicle typed on the wrong VIN.
clerk vehicle add --vin LFV2A21K0E3000001 --owner 王五 --owner-id 11010519491231002X "${DOCS[@]}" --power bev \
	--battery-code ABCPA011234567L110000001 --weight 1500 >/dev/null
V3=V2026-000003
run "$SY" --json due --all
check "its battery report is due" contains "$out" $V3
run clerk vehicle cancel $V3 --reason "VIN typed wrong"
expect_rc "a clerk may not cancel" 1
check_contains "a supervisor is named" "$err" "supervisor"
run sup vehicle cancel $V3
expect_rc "a cancellation needs its reason" 1
run sup vehicle cancel V2026-000001 --reason "x"
expect_rc "a closed vehicle is not cancelled" 1
clerk depollute V2026-000002 --step battery --qty 14 >/dev/null
run sup vehicle cancel V2026-000002 --reason "x"
expect_rc "a vehicle with pretreatment recorded is not cancelled" 1
check_contains "says what was recorded" "$err" "1 pretreatment steps"
run sup vehicle cancel $V3 --reason "VIN typed wrong"
expect_rc "a supervisor cancels it" 0
check_contains "says what it means" "$out" "keeps its number"
run "$SY" --json vehicle show $V3
check "it keeps its number" test "$(js 'd["stock_no"]')" = $V3
check "marked cancelled" test "$(js 'd["status"]')" = cancelled
check "with the reason" test "$(js 'd["cancel_reason"]')" = "VIN typed wrong"
run "$SY" --json vehicle list --search LFV2A21K0E3000001
check "still found by its VIN, marked" test "$(js '[v["status"] for v in d]')" = "['cancelled']"
run "$SY" --json due --all
check "its deadlines are gone" eval '! contains "$out" $V3'
run clerk cert issue $V3 --output x.pdf
expect_rc "no certificate for a cancelled check-in" 1
run clerk depollute $V3 --step hv_insulation --result pass
expect_rc "no pretreatment on it" 1
run clerk vehicle mark $V3 --battery-reported 2026-11-25
expect_rc "no deadline marked on it" 1
run clerk vehicle correct $V3 --colour 白 --reason x
expect_rc "no correction of it" 1
run clerk vehicle add --vin LFV2A21K0E3000001 --owner 王五 --owner-id 11010519491231002X "${DOCS[@]}" --power bev \
	--battery-code ABCPA011234567L110000001
expect_rc "its VIN and battery code are free again" 0
check "numbers stay gapless" test "$out" = V2026-000004

# Out of the reports: the operations report counts three intakes, not four.
run "$SY" --json report operations --from 2026-11-01 --to 2026-11-30
check "a cancelled intake is not counted" test "$(js 'd["intake"]["vehicles"]')" = 3
check "nor its weight" test "$(js 'd["intake"]["mass_kg"]')" = 0
run "$SY" --json report mass-balance --from 2026-11-01 --to 2026-11-30
check "nor in the mass balance" eval '! contains "$out" $V3'
run "$SY" --json doc ledger batteries --output bat.pdf
check "nor in the battery ledger" eval '! contains "$(pdftotext -layout bat.pdf - 2>/dev/null)" LFV2A21K0E3000001'
run "$SY" --json export --out "$WORK/stick"
dir=$(js 'd["folder"]')
check "a check-in cancelled before any export is not sent" \
	test "$(python3 -c 'import json,sys; print(sorted(v["stock_no"] for v in json.load(open(sys.argv[1]))))' "$dir/vehicles.json")" \
	= "['V2026-000001', 'V2026-000002', 'V2026-000004']"
run "$SY" audit verify
expect_rc "audit trail intact" 0
finish
