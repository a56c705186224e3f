#!/bin/bash
# scrapyard check KIND VALUE: normal form on stdout, reasons on stderr, exit status.
source "$(dirname "$0")/../lib.sh"

run "$SY" check vin " ｌｓｖａｕ２１８ｘｎ２１８３２９４ "
expect_rc "full-width lower-case VIN accepted" 0
check "VIN printed in its normal form" test "$out" = "LSVAU218XN2183294"

run "$SY" check vin LSVAU2180N2183294
expect_rc "wrong VIN check digit refused" 1
check "nothing on stdout when refused" test -z "$out"
check_contains "reason names the expected digit" "$err" "VIN check digit is 0, expected X (position 9)"

run "$SY" check id 11010519491231002x
expect_rc "published sample ID accepted" 0
check "ID upper-cased" test "$out" = "11010519491231002X"

run "$SY" check uscc 91350100M000100Y43
expect_rc "published sample credit code accepted" 0

run "$SY" check plate 粤B·12345D --json
expect_rc "plate with a dot accepted" 0
check_contains "JSON holds the plate without the dot" "$out" '"value":"粤B12345D"'
check_contains "JSON says valid" "$out" '"valid":true'
check_contains "JSON names the plate kind" "$out" '"plate_kind":"nev_large"'

run "$SY" --json check id 110105202302290016
expect_rc "impossible birth date refused" 1
check_contains "JSON says invalid" "$out" '"valid":false'
check_contains "JSON error explains the date" "$out" 'month 02 of 2023 has 28 days'
check_contains "reason also on stderr" "$err" 'month 02 of 2023 has 28 days'

run "$SY" check battery ABCPB1A0000001LCV0000123 --json
expect_rc "battery code accepted" 0
check_contains "JSON names the kind" "$out" '"kind":"battery"'

run "$SY" check colour red
expect_rc "unknown kind refused" 1
check_contains "unknown kind named" "$err" "'colour'"

run "$SY" check vin
expect_rc "missing value is a usage error" 1
check_contains "usage printed" "$err" "usage: scrapyard check"

finish
