#!/bin/bash
# The other documents from the records: intake receipt, dismantling record,
# ledgers for a period, certificate of destruction.
source "$(dirname "$0")/../lib.sh"
export SCRAPYARD_DB=$WORK/yard.db SCRAPYARD_NOW=2026-11-27
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
cd "$WORK" || exit 1

"$SY" init --name 某某再生资源回收有限公司 --license JZ-110000-2021-0042 --address 北京市大兴区某某工业园区8号 >/dev/null
"$SY" vehicle add --vin 1M8GDM9AXKP042788 --plate 京A12345 --owner 张三 --owner-id 11010519491231002X \
	--registration --plates 1 --owner-statement --brand-model "大众 FV7160FBMBG" --type car --power petrol --received 2026-11-25 \
	--weight 1296.5 --notes "五大总成齐全" >/dev/null

run "$SY" --json doc receipt V2026-000001 --output receipt.pdf
expect_rc "receipt" 0
check "receipt JSON names the file" test "$(echo "$out" | json 'd["file"], d["document"]')" = "receipt.pdf receipt"
text=$(pdftotext -layout receipt.pdf - 2>/dev/null)
for want in 报废机动车交接回执 V2026-000001 1M8GDM9AXKP042788 京A12345 张三 "1296.5 kg" "未收回 Not returned" \
	"已收回 1 面" 五大总成齐全 "not the recycling certificate" "Page 1 / 1"; do
	check_contains "receipt shows $want" "$text" "$want"
done

run "$SY" doc dismantling 京A12345 --output dism.pdf
expect_rc "dismantling record" 0
text=$(pdftotext -layout dism.pdf - 2>/dev/null)
for want in 报废机动车拆解记录 1M8GDM9AXKP042788 "Starter battery removed" "未完成 Pending" "Mass balance" \
	"No records" "Intake mass"; do
	check_contains "dismantling record shows $want" "$text" "$want"
done

for kind in parts waste batteries; do
	run "$SY" --json doc ledger $kind --from 2026-11-01 --to 2026-11-30 --output ledger-$kind.pdf
	expect_rc "ledger $kind" 0
	check "ledger $kind rows" test "$(echo "$out" | json 'd["rows"]')" = 0
	text=$(pdftotext -layout ledger-$kind.pdf - 2>/dev/null)
	check_contains "ledger $kind: no records" "$text" "No records"
	check_contains "ledger $kind: period, cut at today" "$text" "2026-11-01 – 2026-11-27"
	check_contains "ledger $kind: landscape" "$(pdfinfo ledger-$kind.pdf 2>&1)" "841.89 x 595.276 pts (A4)"
done
run "$SY" doc ledger parts --from 2026-12-01 --to 2026-11-01 --output x.pdf
expect_rc "period backwards" 1
run "$SY" doc ledger gold --output x.pdf
expect_rc "unknown ledger" 1
check_contains "names the ledgers" "$err" "parts, waste, batteries"
run "$SY" doc ledger parts --from 2026-02-30 --output x.pdf
expect_rc "bad date" 1
run "$SY" doc receipt V2026-000001
expect_rc "no output" 1
check_contains "asks for --output" "$err" "--output"

# The certificate of destruction carries the number of the recycling
# certificate: none without it.
run "$SY" doc cod V2026-000001 --output cod.pdf
expect_rc "no certificate of destruction before the recycling certificate" 1
check_contains "says to issue the certificate first" "$err" "issue it first"
check "no file written" test ! -e cod.pdf
"$SY" init --permit-authority "北京市商务局 Beijing Commerce Bureau" >/dev/null
"$SY" cert issue V2026-000001 --output cert.pdf >/dev/null
run "$SY" doc cod V2026-000001 --output cod.pdf --country D --class M1 --nationality Deutschland
expect_rc "certificate of destruction" 0
text=$(pdftotext -layout cod.pdf - 2>/dev/null)
for want in "Certificate of Destruction" "2002/151/EC" 1M8GDM9AXKP042788 M1 Deutschland 张三; do
	check_contains "certificate of destruction shows $want" "$text" "$want"
done
check "nationality mark and plate" grep -qE "\bD +京A12345" <<<"$text"
check_contains "numbered like the recycling certificate" "$text" "C2026-000001"
check_contains "permit issued by: the yard's setting" "$text" "北京市商务局 Beijing Commerce Bureau"
check "brand and model apart, each in its field" eval '! grep -q "大众 FV7160FBMBG" <<<"$text" && grep -qx " *大众" <<<"$text" && grep -qE "^ +FV7160FBMBG " <<<"$text"'
check "the holder signs by hand: no name printed in the signature box" \
	test "$(grep -c 张三 <<<"$text")" = 1

# The hazardous waste ledger from the records: each movement once, the store
# as the facility of entry and exit, totals per unit and movement (the 106 kg
# of batteries generated, stored and shipped never add up to 318).
"$SY" init --waste-facility CS-01 >/dev/null
"$SY" waste add --code HW31 --qty 106 --container BAT-1 >/dev/null
"$SY" waste add --code HW08 --qty 8 --unit l --container OIL-1 >/dev/null
"$SY" waste store BAT-1 --location STORE-1 >/dev/null
"$SY" ship party add --name 某某环保科技 --kind hazardous_handler --licence HW-9 >/dev/null
"$SY" waste ship BAT-1 --handler 某某环保科技 --manifest M-1 >/dev/null
run "$SY" --json doc ledger waste --from 2026-11-01 --to 2026-11-30 --output waste.pdf
expect_rc "waste ledger of the records" 0
check "four movements" test "$(echo "$out" | json 'd["rows"]')" = 4
text=$(pdftotext -layout waste.pdf - 2>/dev/null)
check "never kg of three movements added up" eval '! contains "$text" 318'
check_contains "totals per unit" "$text" "Totals per unit; in store at the end: 2026-11-27"
check "kg: generated, stored, shipped, in store at the end" grep -qE "^ *kg +106 +106 +106 +0 +0" <<<"$text"
check "litres on their own line" grep -qE "^ *l +8 +0 +0 +0 +0" <<<"$text"
check_contains "the facility code filled" "$text" "CS-01"
check "the store as the facility of entry, not the destination" grep -qE "入库 Stored.*STORE-1 +root *$" <<<"$text"
finish
