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

# Identifiers as they are issued (GA 36, GB 11643, GB 16735, GB 32100).
run "$SY" check plate 粤BA03205 --json
expect_rc "small new-energy plate with A third accepted" 0
check_contains "and it is a small NEV plate" "$out" '"plate_kind":"nev_small"'
run "$SY" check plate 京AA92035
expect_rc "京AA92035 accepted" 0
run "$SY" check plate 沪AL12345
expect_rc "L third refused" 1
check_contains "says which letters" "$err" "character 3 (small vehicles) must be a letter from A to K"
run "$SY" --lang zh check plate 沪AL12345
check_contains "in Chinese too" "$err" "小型车第 3 位须是 A 到 K 的字母"
run "$SY" check id 440524188001010014
expect_rc "GB 11643's own example, born 1880, accepted" 0
run "$SY" check id 990426199112010074
expect_rc "99... refused" 1
check_contains "says the province code is wrong" "$err" "ID number starts with 990: a foreign permanent resident ID starts with 9 and a province code"
run "$SY" --lang zh check id 990426199112010074
check_contains "in Chinese too" "$err" "身份证号码以 990 开头：外国人永久居留身份证以 9 和省级行政区划代码"
run "$SY" check id 000105194912310024
expect_rc "00... refused" 1
check_contains "no province code" "$err" "ID number starts with 00, which is no province code"
run "$SY" --lang zh check id 000105194912310024
check_contains "in Chinese too" "$err" "身份证号码以 00 开头，不是省级行政区划代码"
run "$SY" check vin 00000000000000000
expect_rc "a VIN of zeros refused" 1
check_contains "names position 10" "$err" "VIN model year code is 0 (position 10): it is never 0, I, O, Q, U or Z"
run "$SY" --lang zh check vin 00000000000000000
check_contains "in Chinese too" "$err" "VIN 年款代码是 0（第 10 位）"
run "$SY" check uscc "91 110000 600037341L"
expect_rc "credit code as printed, in groups, accepted" 0
check "stored without the spaces" test "$out" = "91110000600037341L"

run "$SY" check colour red
expect_rc "unknown kind refused" 1
check_contains "unknown kind named" "$err" "'colour'"

run "$SY" check vin
expect_rc "missing value is a usage error" 1
check_contains "usage printed" "$err" "usage: scrapyard check"

finish
