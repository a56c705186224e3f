#!/bin/bash
# A voided certificate printed again carries the stamp, the reason and the
# date; a reissue names the certificate it replaces.
source "$(dirname "$0")/../lib.sh"
H=${SY_TEST_BUILD:-$PWD/$BUILD}/tests/helpers/pdf_render
lacks() { ! contains "$1" "$2"; }

run "$H" cert "$WORK/cert.pdf"
expect_rc "render certificate" 0
text=$(pdftotext -layout "$WORK/cert.pdf" - 2>/dev/null)
check "a valid certificate has no VOID" lacks "$text" VOID
check "and no stamp" lacks "$("$H" dump "$WORK/cert.pdf" | tr -d '\000')" "VOID)Tj"

run "$H" cert-void "$WORK/void.pdf"
expect_rc "render voided certificate" 0
text=$(pdftotext -layout "$WORK/void.pdf" - 2>/dev/null)
check_contains "void band" "$text" "已作废 VOIDED"
check_contains "void date" "$text" "作废日期 Date: 2024-05-07"
check_contains "void reason" "$text" "车主姓名录入错误 Owner name entered wrongly"
check_contains "still the same number" "$text" "SY2024-000123"
check_contains "still the VIN" "$text" "1M8GDM9AXKP042788"
# poppler leaves diagonal text out of its text output: look at the operators
ops=$("$H" dump "$WORK/void.pdf" | tr -d '\000')
check_contains "diagonal stamp says VOID" "$ops" "( VOID)Tj"
check_contains "stamp in outline letters" "$ops" "1 Tr"
check "stamp is rotated" bash -c "grep -aqE '^0\.5[0-9]* 0\.8[0-9]* -0\.8[0-9]* 0\.5[0-9]* [0-9.]+ [0-9.]+ cm' <<<\"\$1\"" _ "$ops"
info=$(pdfinfo "$WORK/void.pdf" 2>&1)
check_contains "still one page" "$info" "Pages:           1"

run "$H" cert-reissue "$WORK/re.pdf"
expect_rc "render reissue" 0
text=$(pdftotext -layout "$WORK/re.pdf" - 2>/dev/null)
check_contains "new number" "$text" "SY2024-000124"
check_contains "replaced number" "$text" "replaces No. SY2024-000123"
check_contains "reissue in Chinese" "$text" "原证明编号 SY2024-000123"
check "a reissue is not void" lacks "$text" VOID
finish
