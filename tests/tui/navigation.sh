#!/bin/bash
# Every screen reached from the keyboard and left with Esc; F1 help from the
# key tables; the due list with late deadlines highlighted.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/tmux.bash"

tui_init_db
# One battery report late (received in January), one not yet due.
SCRAPYARD_NOW="$TUI_NOW" "$SY" --db "$DB" vehicle add --vin LFV2A21K0E3000001 --owner Zhao \
	--owner-id 11010519491231002X --registration --licence --plates 2 --power bev --battery-code ABCPA011234567L110000001 --received 2026-01-05 >/dev/null
SCRAPYARD_NOW="$TUI_NOW" "$SY" --db "$DB" vehicle add --vin LGBH52E05KY000002 --plate 沪AD12345 --owner Qian \
	--owner-id 11010519491231002X --registration --licence --plates 2 --power phev --battery-code ABCPA011234567L110000002 --received 2026-02-27 >/dev/null
tui_start 80 24
check_screen "main menu" "3  Due"

tui_keys Escape
check_screen "Esc on the main menu points to F10" "press F10 to quit"

# Arrows and Enter reach the entries as well as their numbers.
tui_keys Down Down Enter
check_screen "Down Down Enter opens the due list" "Due within three working days or late"
check_screen "the late deadline is listed" "2026-01-26 Battery report   V2026-000001"
check_screen "marked late" "LATE"
check_no_screen "the one not due yet is not listed" "V2026-000002"
tui_keys F4
check_screen "F4 lists every open deadline" "V2026-000002"
# The late row in red when not under the cursor: move the cursor off it.
tui_keys Down
late_row=$(tui_screen -e | grep 'V2026-000001')
check "late row drawn in red" contains "$late_row" $'\e[31m'
tui_keys Up Enter
check_screen "Enter opens the vehicle" "V2026-000001  LFV2A21K0E3000001"
tui_keys End
check_screen "its deadline shown late" "2026-01-26, LATE"
tui_keys F1
check_screen "F1 on the vehicle lists its keys" "Keys of the screen: Vehicle"
check_screen "and the global keys" "Keys on every screen"
tui_keys Escape
check_screen "Esc closes the help" "2026-01-26, LATE"
tui_keys Escape
check_screen "Esc back to the due list" "Everything owed to the authorities"
tui_keys Escape
check_screen "Esc back to the menu" "1  Check-in"

# Help on the menu lists the entries from the menu table.
tui_keys F1
check_screen "menu help lists the entries" "Search: Find a vehicle"
check_screen "and the / key" "Search for a vehicle"
tui_keys F1
check_screen "F1 again closes the help" "1  Check-in"

# Settings: printer and scale; yard details show the site.
tui_keys 0
check_screen "settings menu" "Label printer"
tui_keys 2
check_screen "the label printer setting" "Label printer now: the first found"
check_screen "and the scale" "No scale set"
tui_keys F4
check_screen "F4: the first printer found" "Labels of counter local go to the first printer found"
tui_keys Escape
check_screen "back to settings again" "Label printer"
tui_keys 3
check_screen "yard details" "Licence no."
tui_keys Escape
check_screen "back to settings" "Label printer"
tui_keys Escape
check_screen "back to the main menu" "1  Check-in"

# Check-in help names the save and scale keys from its table.
tui_keys 1
check_screen "check-in" "Owner name *"
tui_keys F1
check_screen "help: F2 saves" "Save the check-in"
check_screen "help: F5 reads the scale" "Read the weighed mass from the scale"
tui_keys Escape
check_screen "help closed, form back" "Owner name *"
tui_keys Escape
check_screen "Esc on an untouched form backs out at once" "1  Check-in"

# Ctrl-L redraws; Ctrl-C quits like F10.
tui_keys C-l
check_screen "Ctrl-L redraw keeps the menu" "1  Check-in"
tui_keys 1
check_screen "check-in again" "Owner name *"
tui_keys Tab; tui_type 'x'
tui_keys F10
check_screen "F10 over unsaved input asks" "press F10 again to quit"
tui_keys Tab
check_no_screen "another key cancels the question" "press F10 again"
tui_keys C-c
check_screen "Ctrl-C asks too, naming Ctrl-C" "press Ctrl-C again to quit"
tui_keys F10
check_screen "F10 again quits" "[exit 0]"
check "terminal restored" test "$(tui_modes)" = "0 1 0"
finish
