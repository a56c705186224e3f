#!/bin/bash
# Every label kind rendered to PNG and compared dot for dot with the golden
# images in tests/labels/golden (a small tolerance for glyph edges), and
# its barcodes read back by zbarimg. SY_UPDATE_GOLDEN=1 rewrites the goldens
# (look at them before committing: what looks wrong to a person is a bug).
source "$(dirname "$0")/../lib.sh"

HELPERS=${SY_TEST_BUILD:-$PWD/$BUILD}/tests/helpers
GOLDEN=$TESTS_DIR/labels/golden
# The font is part of the picture: pin the one the build depends on.
export SCRAPYARD_LABEL_FONT=/usr/share/fonts/truetype/wqy/wqy-microhei.ttc
TOLERANCE=1.5

check "label_sample helper is built" test -x "$HELPERS/label_sample"
check "CJK font installed (fonts-wqy-microhei)" test -r "$SCRAPYARD_LABEL_FONT"

# name kind size dpi variant
cases="
vehicle-100x50 vehicle 100x50 203 normal
vehicle-62x100 vehicle 62x100 300 normal
part-100x50 part 100x50 203 normal
part-62x100 part 62x100 300 normal
part-plain-100x50 part 100x50 203 plain
part-long-62x100 part 62x100 300 long
part-inject-100x50 part 100x50 203 inject
core-100x50 core 100x50 203 normal
core-4x6in core 4x6in 203 normal
waste-100x100 waste 100x100 203 normal
waste-4x6in waste 4x6in 300 normal
waste-long-100x100 waste 100x100 203 long
"

while read -r name kind size dpi variant; do
	[ -n "$name" ] || continue
	png=$WORK/$name.png
	run "$HELPERS/label_sample" "$kind" "$size" "$dpi" "$png" "$variant"
	expect_rc "$name renders" 0
	if [ "${SY_UPDATE_GOLDEN:-}" = 1 ]; then
		mkdir -p "$GOLDEN"
		cp "$png" "$GOLDEN/$name.png"
	fi
	run "$HELPERS/label_compare" "$png" "$GOLDEN/$name.png" "$TOLERANCE" "$WORK/$name-diff.png"
	check "$name matches its golden image ($out)" test "$rc" = 0
done <<<"$cases"

# The codes on the labels scan back to what they carry.
scan() { zbarimg -q "$1" 2>/dev/null | sort | tr '\n' ' '; }
if command -v zbarimg >/dev/null; then
	check_contains "vehicle tag Code 128" "$(scan "$WORK/vehicle-100x50.png")" "CODE-128:V2024-000123"
	check_contains "tall vehicle tag Code 128" "$(scan "$WORK/vehicle-62x100.png")" "CODE-128:V2024-000123"
	codes=$(scan "$WORK/part-100x50.png")
	check_contains "part label Code 128" "$codes" "CODE-128:P2024-004567"
	check_contains "part label QR" "$codes" "QR-Code:P2024-004567"
	codes=$(scan "$WORK/part-long-62x100.png")
	check_contains "part label with long text still scans" "$codes" "CODE-128:P2024-004567"
	codes=$(scan "$WORK/core-4x6in.png")
	check_contains "core label Code 128" "$codes" "CODE-128:C2024-000042"
	check_contains "core label QR" "$codes" "QR-Code:C2024-000042"
	check_contains "waste label QR" "$(scan "$WORK/waste-100x100.png")" "QR-Code:HW08-2024-0007"
	check_contains "tall waste label QR" "$(scan "$WORK/waste-4x6in.png")" "QR-Code:HW08-2024-0007"
else
	check "zbarimg is installed (zbar-tools)" false
fi

# A hazardous waste label smaller than HJ 1276-2022 allows is refused, saying the size.
run "$HELPERS/label_sample" waste 100x50 203 "$WORK/small-waste.png"
check "a waste label under 100x100 mm is refused" test "$rc" = 1
check_contains "naming the least size" "$err" "at least 100x100 mm"

# A label whose barcode would not fit fails with a message, it is not clipped.
run "$HELPERS/label_sample" part 30x20 203 "$WORK/tiny.png"
check "a label too small for its codes is refused" test "$rc" = 1
check_contains "and says what to do" "$err" "use a"

finish
