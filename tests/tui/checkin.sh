#!/bin/bash
# Check a vehicle in at the counter, find it again, quit: the clerk's day in
# one run of the full-screen program at 80x24.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/tmux.bash"

tui_init_db '城东报废汽车回收有限公司'
tui_start 80 24

check_screen "main menu is up" "1  Check-in"
check_line "title bar names the screen and the yard" 1 "城东报废汽车回收有限公司"
check_line "function-key bar at the bottom" 24 "F10Quit"

tui_keys 1
check_screen "1 opens check-in" "Owner name *"
check "focus starts on the first field" contains "$(tui_field 'Owner is')" ">"
check "required fields are marked" contains "$(tui_field 'VIN')" "VIN *"
check_screen "F2 Save in the bar" "F2Save"

# Owner, then straight to the VIN: lower case and a full-width plate separator.
tui_keys Tab; tui_type '张三'
tui_keys Tab; tui_type '11010519491231002x'
tui_keys Tab Tab Tab Tab Tab Tab
tui_type '1m8gdm9axkp042788'
tui_keys Tab; tui_type '京a·12345'
tui_keys Tab
check_screen "VIN is stored in its normal form" "1M8GDM9AXKP042788"
check "plate is normalised on leaving the field" ends_with "$(tui_field 'Plate no.')" "京A12345"
check_screen "resident ID upper-cased" "11010519491231002X"

# A choice by typing the start of its code, another by cycling.
tui_keys Tab; tui_keys Right
tui_keys Tab Tab; tui_type 'pe'; tui_keys Tab
check_screen "typed choice resolved to its label" "Petrol"
check "cycled choice shows a label" contains "$(tui_field 'Vehicle type')" "Small passenger car"

tui_keys F2
# Nothing handed over: the owner's written statement is asked for first.
check_screen "asks for the owner's statement" "Has the owner signed a written statement"
check_screen "naming what was not handed over" "Not handed over: registration certificate, driving licence,"
check_screen "the plates on the next line" "2 number plates"
tui_keys n
check_screen "any other key: not saved" "Not saved: the owner's written statement is needed"
check "focus on the statement" contains "$(tui_field "Owner's written statement")" ">"
run "$SY" --db "$DB" vehicle list --json
check "nothing saved without the statement" test "$out" = "[]"
tui_keys F2
tui_statement_yes
check_screen "saved with a stock number" "Saved as V2026-000001"
check_screen "offers the next check-in" "Enter: check in the next vehicle"

run "$SY" --db "$DB" vehicle list --json
check_contains "the vehicle is in the database" "$out" '"vin":"1M8GDM9AXKP042788"'
check_contains "with the plate in normal form" "$out" '"plate":"京A12345"'
check_contains "with the typed choice as its code" "$out" '"power_type":"petrol"'

# The next vehicle: an empty form; Enter on the last field saves it.
tui_keys Enter
check_no_screen "saved box gone" "Saved as V2026-000001"
check "form is empty again" ends_with "$(tui_field 'Owner name')" "Owner name *"
check "VIN empty again" ends_with "$(tui_field 'VIN')" "VIN *"
tui_keys Tab; tui_type '李四'
tui_keys Tab; tui_type '11010519491231002X'
tui_keys Tab Tab Tab Tab Tab Tab; tui_type 'LSVAU218XN2183294'
for _ in 1 2 3; do tui_keys PageDown; done
check_screen "page down reaches the last field" "> Notes"
tui_type '左前门凹陷'
tui_keys Enter
tui_statement_yes
check_screen "Enter on the last field saves" "Saved as V2026-000002"

tui_keys V
check_screen "V shows the vehicle just saved" "V2026-000002  LSVAU218XN2183294"
tui_keys End
check_screen "details show the notes at the end" "左前门凹陷"
tui_keys Escape
check_screen "Esc back to the saved box" "Saved as V2026-000002"
tui_keys Escape
check_screen "Esc back to the menu" "1  Check-in"

# Search: any fragment, instant as typed.
tui_keys /
check_screen "/ opens the search" "Search:"
check_screen "newest first with no text" "V2026-000002 LSVAU218XN2183294"
tui_type '0427'
check_screen "VIN fragment finds the vehicle" "V2026-000001 1M8GDM9AXKP042788 京A12345"
check_no_screen "and only that one" "V2026-000002"
tui_keys C-u; tui_type '李'
check_screen "owner name prefix finds the other" "V2026-000002"
tui_keys C-u; tui_type '京A1'
check_screen "plate fragment" "V2026-000001"
tui_keys Enter
check_screen "Enter opens the vehicle" "V2026-000001  1M8GDM9AXKP042788  京A12345"
check_screen "with its owner" "张三"
tui_keys Escape
check_screen "Esc back to the search" "Search: 京A1"
tui_keys Escape
check_screen "Esc back to the menu again" "1  Check-in"

tui_keys F10
check_screen "F10 quits with status 0" "[exit 0]"
check "terminal restored (main screen, cursor shown, keypad off)" test "$(tui_modes)" = "0 1 0"
finish
