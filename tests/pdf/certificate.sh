#!/bin/bash
# The recycling certificate: every field comes back out of the PDF text,
# A4, small with its fonts embedded, and its QR code decodes to a payload
# that verifies against the yard's key (and a changed one does not).
source "$(dirname "$0")/../lib.sh"
H=${SY_TEST_BUILD:-$PWD/$BUILD}/tests/helpers/pdf_render
pdf=$WORK/cert.pdf

run "$H" cert "$pdf"
expect_rc "render certificate" 0
check_contains "no warnings" "$out" "warnings 0"
text=$(pdftotext -layout "$pdf" - 2>/dev/null)
for want in 报废机动车回收证明 "Scrap Motor Vehicle Recycling Certificate" SY2024-000123 \
	某某再生资源回收有限公司 JZ-110000-2021-0042 北京市大兴区某某工业园区8号 010-61234567 \
	张三 11010519491231002X 13800138000 北京市朝阳区建国路88号院3号楼2单元501室 \
	京A12345 小型普通客车 非营运 "大众 Volkswagen FV7160FBMBG" 1M8GDM9AXKP042788 CSS123456 \
	"1320 kg" "汽油 Petrol" 2012-03-15 2024-05-02 2024-05-06 "不适用 Not applicable" \
	"已收回 Returned" "已收回 1 面，应交 2 面" "Rear plate lost" 李四 "第一联 车主联" \
	"车辆识别代号" "VIN" "号牌号码" "Plate No." "经办人" "Clerk" "回收企业（盖章）" "车辆所有人（签字）"; do
	check_contains "certificate shows $want" "$text" "$want"
done

info=$(pdfinfo "$pdf" 2>&1)
check_contains "one page" "$info" "Pages:           1"
check_contains "A4 portrait 595x842 pt" "$info" "Page size:       595.276 x 841.89 pts (A4)"
size=$(stat -c %s "$pdf")
check "at most 60 KB ($size bytes)" test "$size" -le 61440
fonts=$(pdffonts "$pdf" 2>&1)
check "Chinese in WenQuanYi Micro Hei, an embedded CID font" \
	grep -qE '^[A-Z]{6}\+WenQuanYiMicroHei +CID TrueType +Identity-H +yes yes yes' <<<"$fonts"
check_contains "Latin in Liberation Sans" "$fonts" "+LiberationSans "
check_contains "bold Latin in Liberation Sans Bold" "$fonts" "+LiberationSans-Bold "
check "every font embedded, cut to what is used, with a ToUnicode map" \
	bash -c "pdffonts '$pdf' | tail -n +3 | awk '\$(NF-4) != \"yes\" || \$(NF-3) != \"yes\" || \$(NF-2) != \"yes\" { bad = 1 } END { exit bad }'"

# the QR code, read off the rendered page like a phone would
pdftoppm -r 200 -png "$pdf" "$WORK/page" 2>/dev/null
qr=$(zbarimg --raw -q "$WORK"/page-1.png 2>/dev/null)
run "$H" payload
expect_rc "payload of the sample" 0
check "QR decodes to the certificate's payload" test -n "$qr" -a "$qr" = "$out"
check_contains "payload names number, VIN and date" "$qr" "SYC1|SY2024-000123|1M8GDM9AXKP042788|2024-05-06|"
check_contains "payload printed under the form" "$text" "$qr"
run "$H" verify "$qr"
expect_rc "decoded payload verifies" 0
check_contains "verified fields" "$out" "vin 1M8GDM9AXKP042788"
run "$H" verify "${qr/2024-05-06/2024-05-07}"
expect_rc "changed date does not verify" 1
check_contains "says the check does not match" "$out" "does not match"
run "$H" verify "${qr/1M8GDM9AXKP042788/1M8GDM9AXKP042789}"
expect_rc "changed VIN does not verify" 1
run "$H" verify "SYC1|SY2024-000123"
expect_rc "truncated payload refused" 1

# a new energy vehicle prints its battery code and its 8-character plate
run "$H" cert-nev "$WORK/nev.pdf"
expect_rc "render NEV certificate" 0
text=$(pdftotext -layout "$WORK/nev.pdf" - 2>/dev/null)
check_contains "battery code" "$text" "03HPB0DM0000011B1AC0000001"
check_contains "NEV plate" "$text" "京AD12345"
check_contains "electric" "$text" "纯电动 Electric"

# characters the fonts lack do not stop the certificate, they are flagged
run "$H" cert-odd "$WORK/odd.pdf"
expect_rc "render with odd characters" 0
check_contains "replacement is reported" "$out" "warnings 1"
text=$(pdftotext -layout "$WORK/odd.pdf" - 2>/dev/null)
check_contains "replaced by ?" "$text" "张三?"
check_contains "rest of the address kept" "$text" "北京市朝阳区?建国路"
finish
