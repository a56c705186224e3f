#!/bin/bash
# Codes never break inside in a PDF table: container and batch codes, waste
# codes, part numbers and VINs stay on one line (their column widens, or the
# cell is set smaller), in the waste ledger, the parts flow ledger and the
# dismantling record, as a yard produces them.
source "$(dirname "$0")/../lib.sh"
export SCRAPYARD_DB=$WORK/yard.db SCRAPYARD_NOW=2026-03-02
sy() { "$SY" "$@" >/dev/null; }
sy init --name 城东报废汽车回收有限公司 --license L1 --address 北京市
sy vehicle add --vin "$(vin 1)" --owner 张三 --owner-id 11010519491231002X --registration --licence --plates 2
R=V2026-000001
for s in "battery --qty 15" "gas_tank --not-present" "airbags --state deployed" "fuel --qty 2 --unit l" \
	"engine_oil --qty 2 --unit l" "gear_oil --qty 2 --unit l" "brake_fluid --qty 1 --unit l" \
	"steering_fluid --qty 1 --unit l" "coolant --qty 2 --unit l" "washer_fluid --qty 1 --unit l" \
	"refrigerant --qty 0.5 --type R134a" "oil_filter --qty 0.5" "catalyst --qty 3" "mercury --not-present" \
	"tyres --qty 30"; do
	# shellcheck disable=SC2086
	"$SY" depollute $R --step $s >/dev/null 2>&1
done
sy part add $R --kind engine --grade B --weight-kg 120
sy part add $R --kind headlamp --grade A --weight-kg 3
sy ship party add --name 再制造厂 --kind remanufacturer --credit-code 91310000MA1K4LQA2E
sy ship parts P2026-0000001 --to 再制造厂

# Every code of the yard, as `waste list` and `part list` give them.
codes=$("$SY" --json waste list --ledger | grep -o '"\(container_code\|batch_code\|code\)":"[^"]*"' | cut -d'"' -f4 | sort -u)
codes+=$'\n'$("$SY" --json part list | grep -o '"\(part_no\|vin\)":"[^"]*"' | cut -d'"' -f4 | sort -u)
check "codes to look for ($(echo "$codes" | wc -l))" test "$(echo "$codes" | wc -l)" -ge 10

whole() { # PDF: every code of the list found whole in its text
	local text missing=""
	text=$(pdftotext -layout "$1" - 2>/dev/null)
	for code in $codes; do
		case "$2" in *"$code"*) ;; *) continue ;; esac
		grep -qF -- "$code" <<<"$text" || missing+=" $code"
	done
	[ -z "$missing" ] || echo "#   broken:$missing"
	[ -z "$missing" ]
}

run "$SY" doc ledger waste --output "$WORK/waste.pdf"
expect_rc "waste ledger" 0
wanted=$("$SY" --json waste list --ledger)
check "waste ledger: container, batch and waste codes whole" whole "$WORK/waste.pdf" "$wanted"
run "$SY" doc ledger parts --output "$WORK/parts.pdf"
expect_rc "parts ledger" 0
check "parts ledger: part numbers and VINs whole" whole "$WORK/parts.pdf" "P2026-0000001 $(vin 1)"
run "$SY" doc dismantling $R --output "$WORK/record.pdf"
expect_rc "dismantling record" 0
check "dismantling record: containers and part numbers whole" whole "$WORK/record.pdf" \
	"P2026-0000001 P2026-0000002 $("$SY" --json waste list --vehicle $R | grep -o '"container_code":"[^"]*"')"
finish
