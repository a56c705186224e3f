#!/bin/bash
# Intake receipt, dismantling record and certificate of destruction: their
# fields come back out of the PDF text, on A4 pages.
source "$(dirname "$0")/../lib.sh"
H=${SY_TEST_BUILD:-$PWD/$BUILD}/tests/helpers/pdf_render

run "$H" receipt "$WORK/receipt.pdf"
expect_rc "render receipt" 0
text=$(pdftotext -layout "$WORK/receipt.pdf" - 2>/dev/null)
for want in 报废机动车交接回执 "Vehicle Intake Receipt" R2024-00017 "2024-05-02 09:41" 张三 11010519491231002X \
	京A12345 1M8GDM9AXKP042788 CSS123456 "1296.5 kg" "1320 kg" "未收回 Not returned" "已收回 2 面" \
	"车钥匙 Keys" "备胎 Spare wheel" "缺失 missing" "五大总成齐全" "not the recycling certificate" 李四 \
	"Page 1 / 1"; do
	check_contains "receipt shows $want" "$text" "$want"
done
check_contains "receipt is A4" "$(pdfinfo "$WORK/receipt.pdf" 2>&1)" "595.276 x 841.89 pts (A4)"

run "$H" dismantling "$WORK/dism.pdf"
expect_rc "render dismantling record" 0
text=$(pdftotext -layout "$WORK/dism.pdf" - 2>/dev/null)
for want in 报废机动车拆解记录 "Dismantling Record" 1M8GDM9AXKP042788 京A12345 R2024-00017 \
	"拆除蓄电池 Remove battery" "回收制冷剂 Recover refrigerant R134a" "0.45" HW08-0207 王五 赵六 \
	"2024-05-03 09:50" "无此项 Not" "已完成 Done" P-0017-01 "发动机 Engine" 142.0 "某某再制造有限公司" \
	"BJHW-0021" "Mass balance" "1286.3" "1296.5" "10.2" "65.3 %" "Difference"; do
	check_contains "dismantling record shows $want" "$text" "$want"
done
pages=$(pdfinfo "$WORK/dism.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
last=$(pdftotext -layout -f "$pages" -l "$pages" "$WORK/dism.pdf" - 2>/dev/null)
check_contains "last page numbered" "$last" "Page $pages / $pages"

run "$H" cod "$WORK/cod.pdf"
expect_rc "render certificate of destruction" 0
text=$(pdftotext -layout "$WORK/cod.pdf" - 2>/dev/null)
for want in "Certificate of Destruction" "Directive 2000/53/EC" "2002/151/EC" COD-2024-000045 \
	某某再生资源回收有限公司 JZ-110000-2021-0042 "Beijing Municipal Commerce Bureau" "Date of issue" 2024-05-06 \
	"B-AB 1234" "Registration document attached" M1 Volkswagen "Golf IV 1.6" WVWZZZ1JZ3W386752 \
	"1320 kg" 2012-03-15 "Jürgen Müller" "Hauptstraße 12, 10115 Berlin" "Nationality" \
	"Signature of the issuer" "Signature of the holder"; do
	check_contains "certificate of destruction shows $want" "$text" "$want"
done
check "nationality mark before the registration" grep -qE "\bD +B-AB 1234" <<<"$text"
finish
