#!/bin/bash
# Inline validation as the clerk leaves a field, and saving refused with the
# field named, the focus on it and nothing half-saved.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/tmux.bash"

tui_init_db
tui_start 80 24
check_screen "main menu" "1  Check-in"
tui_keys 1
check_screen "check-in" "Owner name *"

# Required fields are refused on saving, the first one named and focused.
tui_keys F2
check_screen "saving an empty form names the field" "Owner name is required"
check "focus moved to it" contains "$(tui_field 'Owner name')" ">!Owner name"
run "$SY" --db "$DB" vehicle list --json
check "nothing saved" test "$out" = "[]"

tui_type '王五'
tui_keys Tab; tui_type '11010519491231002X'
tui_keys Tab Tab Tab Tab Tab Tab
check "on the VIN" contains "$(tui_field 'VIN')" "> VIN"

# The wrong check digit is reported on leaving the field, with the expected digit.
tui_type 'LSVAU2180N2183294'
tui_keys Tab
check_screen "wrong VIN check digit said on the spot" "VIN check digit is 0, expected X"
check "the field is marked" contains "$(tui_field 'VIN')" " !VIN"
check "focus went on to the next field" contains "$(tui_field 'Plate no.')" "> Plate no."
check_line "a long message takes two rows above the bar" 22 "expected X (position 9)"
check_line "read whole on the status line" 23 "the document"
tui_keys BTab
check_line "back on the VIN the hint row repeats the error" 22 "VIN check digit is 0, expected X"

# Fixing the digit clears the mark.
tui_keys End BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace
tui_type 'XN2183294'
tui_keys Tab
check "mark gone once fixed" contains "$(tui_field 'VIN')" "  VIN *"
check_no_screen "error gone" "expected X"

# A wrong ID number in another field, and the plate.
tui_type '京A1234I'
tui_keys Tab
check_screen "bad plate said on leaving" "京A1234I"
check "plate marked" contains "$(tui_field 'Plate no.')" "!Plate no."
tui_keys BTab C-u
tui_type '沪AD12345'
tui_keys Tab
check "NEV plate accepted" contains "$(tui_field 'Plate no.')" "  Plate no."

# An NEV without its battery code: refused by vehicle_add, focus on the code.
tui_keys Tab Tab Tab; tui_type 'bev'; tui_keys Tab
check_screen "battery fields appear for an NEV" "Traction battery code"
tui_keys F2
check_screen "NEV refused without its battery code" "Traction battery code is required"
check "focus on the battery code" contains "$(tui_field 'Traction battery code')" ">!Traction battery code"
run "$SY" --db "$DB" vehicle list --json
check "still nothing saved" test "$out" = "[]"

tui_type 'ABCPA011234567L110000001'
tui_keys F2
tui_statement_yes
check_screen "saved once right" "Saved as V2026-000001"
run "$SY" --db "$DB" vehicle list --json
check_contains "battery code saved" "$out" '"battery_code":"ABCPA011234567L110000001"'

# The same VIN again: refused, naming the stock number it is open under.
tui_keys Enter
check_no_screen "next form" "Saved as"
tui_keys Tab; tui_type '赵六'
tui_keys Tab; tui_type '11010519491231002X'
tui_keys Tab Tab Tab Tab Tab Tab; tui_type 'LSVAU218XN2183294'
tui_keys F2
tui_statement_yes
check_screen "duplicate VIN refused" "already checked in as V2026-000001"
check "focus on the VIN" contains "$(tui_field 'VIN')" ">!VIN"
run "$SY" --db "$DB" vehicle list --json
check "only the first vehicle is there" test "$(grep -o '"stock_no"' <<<"$out" | wc -l)" = 1

# Leaving with unsaved input asks first; a second Esc discards.
tui_keys Escape
check_screen "Esc over unsaved input warns" "press Esc again to discard"
check "still on the form" contains "$(tui_screen)" "Owner name *"
tui_keys Escape
check_screen "second Esc discards and backs out" "1  Check-in"
tui_keys F10
check_screen "quits" "[exit 0]"
finish
