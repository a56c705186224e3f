#!/bin/bash
# Ledgers over many pages: landscape A4, the column header on every page,
# "Page i / n" on every page, every record present, totals at the end.
source "$(dirname "$0")/../lib.sh"
H=${SY_TEST_BUILD:-$PWD/$BUILD}/tests/helpers/pdf_render

run "$H" ledger-parts 120 "$WORK/parts.pdf"
expect_rc "render parts ledger" 0
info=$(pdfinfo "$WORK/parts.pdf" 2>&1)
pages=$(sed -n 's/^Pages: *//p' <<<"$info")
check "several pages ($pages)" test "${pages:-0}" -ge 3
check_contains "A4 landscape" "$info" "Page size:       841.89 x 595.276 pts (A4)"
for ((i = 1; i <= ${pages:-0}; i++)); do
	t=$(pdftotext -layout -f "$i" -l "$i" "$WORK/parts.pdf" - 2>/dev/null)
	check_contains "page $i numbered" "$t" "Page $i / $pages"
	check_contains "page $i numbered in Chinese" "$t" "第 $i / $pages 页"
	check_contains "page $i repeats the header" "$t" "Source VIN"
	check_contains "page $i repeats the title" "$t" "Parts Flow Ledger"
	check_contains "page $i shows the period" "$t" "2024-04-01 – 2024-06-30"
done
text=$(pdftotext -layout "$WORK/parts.pdf" - 2>/dev/null)
missing=0
for ((n = 1; n <= 120; n++)); do
	grep -q "$(printf 'P-%05d' $n)" <<<"$text" || missing=$((missing + 1))
done
check "all 120 records present" test "$missing" = 0
check_contains "VIN column" "$text" "1M8GDM9AXKP042788"
check_contains "destination" "$text" "再制造 Remanufacture"
check_contains "totals row" "$text" "120 条 records"
# 120 rows of 5.0 + (i % 40) * 3.5 kg
check_contains "total mass" "$text" "8790.0"

run "$H" ledger-waste 60 "$WORK/waste.pdf"
expect_rc "render hazardous waste ledger" 0
text=$(pdftotext -layout "$WORK/waste.pdf" - 2>/dev/null)
for want in "Hazardous Waste Ledger" 危险废物管理台账 HW08 900-214-08 HW31 900-052-31 HW08-0207 \
	"产生 Generated" "入库 Stored" "出库 Shipped" B20240503-01 YARD-01 王五 BJHW-0021 "共 60 条记录"; do
	check_contains "waste ledger shows $want" "$text" "$want"
done
# Totals per unit and movement, never kg of one drum added up three times.
check "waste ledger: no grand total of its rows" eval '! contains "$text" "60 条 records"'
for want in "Totals per unit; in store at the end: 2024-06-30" "In store at the end" 105.5 84 56 28 12.5; do
	check_contains "waste ledger totals show $want" "$text" "$want"
done
check "waste ledger totals: litres on their own line" grep -qE "^ *l +12.5 +10 +0 +10 +1" <<<"$text"

run "$H" ledger-batteries 40 "$WORK/bat.pdf"
expect_rc "render battery ledger" 0
text=$(pdftotext -layout "$WORK/bat.pdf" - 2>/dev/null)
for want in "Traction Battery Ledger" LFV2A21K8E4126903 03HPB0DM0000011B1AC0000001 "CATL 50Ah NCM" \
	"梯次利用 Echelon use" 2024-05-10 "40 条 records" 12480.0; do
	check_contains "battery ledger shows $want" "$text" "$want"
done

run "$H" ledger-parts 0 "$WORK/empty.pdf"
expect_rc "render empty ledger" 0
text=$(pdftotext -layout "$WORK/empty.pdf" - 2>/dev/null)
check_contains "empty ledger says so" "$text" "No records"
check_contains "empty ledger is page 1 / 1" "$text" "Page 1 / 1"
finish
