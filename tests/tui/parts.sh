#!/bin/bash
# Part entry and the inventory in the full-screen program: kind by a
# fragment (English or Chinese) with the list narrowing as typed, grade and
# destination by one key, the refusals of db/part on the status line
# (pretreatment not complete, an assembly for reuse), the part number shown
# and in the database, the label preview, printing without a printer, then
# the inventory: instant search, move to another bin, sell.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/tmux.bash"

# A second run of the program: the first tmux server gone before the next
# starts (a server still shutting down would take the new session with it).
tui_restart() {
	tui_tmux kill-server 2>/dev/null
	local deadline=$((SECONDS + TUI_TIMEOUT))
	while tui_tmux list-sessions >/dev/null 2>&1 && [ $SECONDS -le $deadline ]; do sleep 0.1; done
	tui_start "$@"
}

tui_init_db '城东报废汽车回收有限公司'
sy() { SCRAPYARD_NOW="$TUI_NOW" "$SY" --db "$DB" "$@"; }
sy vehicle add --vin 1M8GDM9AXKP042788 --plate 京A12345 --owner 张三 --owner-id 11010519491231002X --registration --licence --plates 2 \
	--power petrol --brand-model "大众 桑塔纳" --received 2026-03-02 >/dev/null
sy depollute V2026-000001 --step battery --qty 14.5 >/dev/null

tui_start 80 24
check_screen "menu lists the parts inventory" "4  Parts"
tui_keys /
check_screen "search" "V2026-000001"
tui_keys Enter
check_screen "vehicle offers part entry" "F7Parts"
tui_keys F7
check_screen "F7 opens part entry" "> Kind"
check_screen "the vehicle is named" "V2026-000001  1M8GDM9AXKP042788"
check_screen "assemblies listed with every kind" "Engine  发动机  engine  (assembly)"

# The list narrows as typed, in English and in Chinese.
tui_type 'tail'
check_screen "English fragment narrows the list" "Boot lid / tailgate"
check_no_screen "other kinds gone" "Engine  发动机"
tui_keys C-u; tui_type '门'
check_screen "Chinese fragment finds the door" "Door  车门  door"
check_screen "and the tailgate" "行李箱盖/尾门"
tui_keys Enter
check "Enter takes the kind under the cursor" contains "$(tui_screen | grep -m1 'Kind')" "Door"
tui_keys a 1
check_screen "grade and destination by one key each, focus on the weight" "> Weight (kg)"
tui_type '12.5'; tui_keys Tab; tui_type 'A-03-2'; tui_keys Tab; tui_type '300'
tui_keys Enter
check_screen "refused before pretreatment is complete" "pretreatment of V2026-000001 is not complete"
run "$SY" --db "$DB" --json part list
check "nothing saved" test "$out" = "[]"

for s in "airbags --state removed" "fuel --qty 10" "engine_oil --qty 4" "gear_oil --qty 2" \
	"brake_fluid --qty 1" "steering_fluid --qty 1" "coolant --qty 5" "washer_fluid --qty 1" \
	"refrigerant --qty 0.5 --type R134a" "oil_filter" "catalyst --qty 3" "mercury --not-present" "tyres"; do
	# shellcheck disable=SC2086
	sy depollute V2026-000001 --step $s >/dev/null
done
tui_keys F2
check_screen "saved: the part number shown" "Saved as P2026-0000001 (Door)"
check_screen "last saved line" "Last saved: P2026-0000001  Door  A  Reuse"
check "form ready for the next part" contains "$(tui_screen | grep -m1 'Kind')" "> Kind"
run "$SY" --db "$DB" --json part list
check_contains "part in the database" "$out" '"part_no":"P2026-0000001"'
check_contains "its kind" "$out" '"kind":"door"'
check_contains "its grade" "$out" '"grade":"A"'
check_contains "its weight" "$out" '"weight_kg":12.5'
check_contains "its bin" "$out" '"location":"A-03-2"'
check_contains "its price" "$out" '"price":300'

# An assembly for reuse: the Order 715 refusal from db/part.
tui_type '发动'; tui_keys Enter b 1 Enter
check_screen "engine for reuse refused" "five major assemblies"
check_screen "the focus goes to the destination" "> Destination"
tui_keys 2 Enter
check_screen "engine to remanufacturing saved" "Saved as P2026-0000002 (Engine)"

# The label: preview in block characters, printing reports the printer.
tui_keys F6
check_screen "preview drawn" "▄▄▄"
check_screen "preview names the size" "Label of P2026-0000002 (100x50 mm)"
tui_keys Escape
check_no_screen "Esc closes the preview" "▄▄▄"
check_screen "still on part entry" "> Kind"
tui_keys F3
check_screen "printing says where it went or why not (no printer here)" "printe"

# The inventory: instant search, move, sell.
tui_keys Escape Escape Escape
check_screen "back to the menu" "4  Parts"
tui_keys 4
check_screen "inventory opens newest first" "P2026-0000002 Engine"
tui_type 'door'
check_screen "search by kind" "P2026-0000001 Door"
check_no_screen "the engine filtered out" "P2026-0000002"
tui_keys F6; tui_type 'B-01'; tui_keys Enter
check_screen "moved" "P2026-0000001 moved to B-01"
check "bin shown in the list" contains "$(tui_screen | grep -m1 P2026-0000001)" "B-01"
tui_keys F7; tui_type '王五'; tui_keys Enter Enter
check_screen "sold to a walk-in buyer" "P2026-0000001 sold to 王五"
run "$SY" --db "$DB" --json part show P2026-0000001
check_contains "sold in the database" "$out" '"status":"sold"'
check_contains "moved in the database" "$out" '"location":"B-01"'

# The vehicle tag at the end of a check-in: T shows it, P prints it.
tui_keys Escape Escape 1
check_screen "check-in" "Owner name *"
tui_keys Tab; tui_type '李四'
tui_keys Tab; tui_type '11010519491231002X'
tui_keys Tab Tab Tab Tab Tab Tab; tui_type 'LFV2A21K6E3000018'
tui_keys F2
tui_statement_yes
check_screen "saved" "Saved as V2026-000002"
check_screen "the tag is offered" "P: print the vehicle tag"
tui_keys T
check_screen "T shows the tag" "Vehicle tag V2026-000002"
check_screen "drawn in blocks" "▐█"
tui_keys Escape
check_screen "back to the saved box" "Saved as V2026-000002"
tui_keys P
check_line "P prints, or says why not" 23 "printe"
tui_keys Escape
check_screen "menu" "4  Parts"
tui_keys F10
check_screen "quit" "[exit 0]"

# Chinese at 80x24.
tui_restart 80 24 -- --lang zh
tui_keys 4
check_screen "zh inventory" "零部件编号"
tui_keys Escape /
check_screen "zh search" "V2026-000001"
tui_keys Enter F7
check_screen "zh part entry" "名称"
check_screen "zh kinds list Chinese first" "发动机  Engine"
tui_keys F10
check_screen "quits" "[exit 0]"
finish
