#!/bin/bash
# A morning at the counter: what the yard owes to whom and by when, late
# ones in red; what to file in the authority's order; marked done with the
# reference; the due list includes it; F3 on a vehicle attaches the newest
# picture of the camera folder. In English and in Chinese.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/tmux.bash"
IMG=${SY_TEST_BUILD:-$PWD/$BUILD}/tests/helpers/image_sample

tui_init_db '城东报废汽车回收有限公司'
sy() { SCRAPYARD_NOW="$1" "$SY" --db "$DB" "${@:2}" >/dev/null; }
# The ministry entry of the first is late on 2 March; the second's is due on Wednesday.
sy 2026-02-20 vehicle add --vin LSVAU2182N2183290 --plate 京A12345 --owner 张三 --owner-id 11010519491231002X --registration --licence --plates 2 \
	--engine-no CKH123456 --postal-code 100022
sy 2026-02-25 vehicle add --vin LGBH52E05KY000002 --plate 沪AD12345 --owner 李四 --owner-id 11010519491231002X --registration --licence --plates 2 \
	--power bev --battery-code ABCPA011234567L110000002
mkdir -p "$WORK/cam"
"$IMG" jpeg 1200 900 "$WORK/cam/IMG_0001.jpg"

tui_start 100 30
check_screen "main menu lists the filings" "7  Filings"
tui_keys 7
check_screen "the filings screen" "Owed, every kind"
check_screen "late entry listed with its authority" "2026-02-27 MOFCOM entry    MOFCOM         V2026-000001"
check_screen "the battery report, to the platform" "Battery report  Traceability"
tui_keys Down
late_row=$(tui_screen -e | grep 'V2026-000001' | head -1)
check "the late row in red" contains "$late_row" $'\e[31m'
not_late=$(tui_screen -e | grep '2026-03-18' | head -1)
check "a row not late is not red" test -n "$not_late" -a -z "$(printf '%s' "$not_late" | grep $'\e\[31m')"
tui_keys Up

# What to file, in the ministry's order.
tui_keys Enter
check_screen "what to file" "Entry in the ministry's ELV system  V2026-000001"
check_screen "the ministry's words beside ours" "Registration type 登记类型"
check_screen "the postal code typed at check-in" "100022"
check_screen "the engine number" "CKH123456"
check_screen "state late" "late"
tui_keys F2
check_screen "asks the reference" "Done: MOFCOM entry of V2026-000001"
tui_keys Enter Enter
check_screen "refused without a reference" "give the reference number the authority gave"
tui_type 'BF20260302001'
tui_keys Enter Enter
check_screen "done with the reference" "MOFCOM entry of V2026-000001 done on 2026-03-02, reference BF20260302001"
check_screen "the sheet says done" "done on 2026-03-02 by"
tui_keys Escape
check_no_screen "the list read again: no longer owed" "2026-02-27 MOFCOM entry"
tui_keys F4
check_screen "F4: late only" "Late, every kind"
check_screen "nothing late now" "Nothing is owed."
tui_keys F4
check_screen "F4 again: every filing" "Every filing, every kind"
check_screen "the done one with its date" "done 03-02"
tui_keys F5
check_screen "F5: one kind" "Every filing, MOFCOM entry"
tui_keys Escape

# The due list includes the filings.
tui_keys 3
check_screen "the due list" "Due within three working days or late"
check_screen "the second vehicle's ministry entry due" "MOFCOM entry     V2026-000002"
tui_keys F2
check_screen "F2 on the due list asks too" "Done: MOFCOM entry of V2026-000002"
tui_keys Escape
check_screen "Esc gives up" "Nothing changed"

# F3 on the vehicle: the newest picture of the camera folder.
tui_keys Enter
check_screen "the vehicle" "V2026-000002  LGBH52E05KY000002"
tui_keys F3
check_screen "the first time, asks for the camera folder" "No camera folder is set yet"
tui_type "$WORK/nowhere"
tui_keys Enter
check_screen "a folder that is not there refused" "is not a folder"
tui_keys C-u
tui_type "$WORK/cam"
tui_keys Enter
check_screen "asks what the newest picture shows" "Attach IMG_0001.jpg to V2026-000002"
tui_keys Enter Enter
check_screen "attached" "Photo 1 attached"
tui_keys End
check_screen "listed with the vehicle" "IMG_0001.jpg"
check_screen "its filings listed too" "Battery report"
tui_keys F10
check_screen "quits" "[exit 0]"
check "the photo is on record" test "$(sqlite3 "$DB" "SELECT what || ' ' || original_name FROM photos")" = "entry IMG_0001.jpg"
check "the folder is kept for next time" test "$(sqlite3 "$DB" "SELECT value FROM settings WHERE key = 'photo.folder'")" = "$WORK/cam"

# In Chinese.
tui_start 100 30 -- --lang zh
check_screen "Chinese menu" "7  报送事项"
tui_keys 7
check_screen "Chinese filings screen" "待办，全部种类"
check_screen "kinds in Chinese" "电池报废信息"
check_screen "authority in Chinese" "溯源平台"
check_line "keys in Chinese" 30 "F2已办"
tui_keys Enter
check_screen "the sheet labels in the ministry's words" "车主名称"
check_screen "its value" "李四"
tui_keys F2
check_screen "the box in Chinese" "受理编号"
tui_keys Escape F10
check_screen "quits" "[exit 0]"
finish
