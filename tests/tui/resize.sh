#!/bin/bash
# The screen follows the window: larger, back to 80x24, too small and back,
# with the form and what was typed intact.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/tmux.bash"

tui_init_db
tui_start 80 24
check_screen "main menu at 80x24" "1  Check-in"
tui_keys 1
check_screen "check-in" "Owner name *"
tui_keys Tab; tui_type '张三'
check "at 80x24 the form scrolls: notes not shown" test -z "$(tui_field 'Notes')"
check_line "bar on row 24" 24 "F10Quit"

tui_tmux resize-window -t main -x 120 -y 40
check_line "redrawn: bar moved to row 40" 40 "F10Quit"
check_screen "the whole form fits at 120x40" "Notes"
check_line "title bar spans 120 columns (yard name at the right)" 1 "Yard  2026-03-02"
check "title bar right edge at column 120" test "$(tui_cells "$(tui_line 1)")" -ge 119
check "typed value kept" contains "$(tui_field 'Owner name')" "张三"
check "no debris: the old bar is gone" test "$(tui_screen | grep -c 'F10Quit')" = 1
check "row 24 holds a form field now" contains "$(tui_line 24)" "Owner's written statement"

tui_tmux resize-window -t main -x 80 -y 24
check_line "back to 80x24: bar on row 24" 24 "F10Quit"
check_screen "focus still on the owner name" "> Owner name *"

tui_tmux resize-window -t main -x 40 -y 10
check_screen "too small says so" "Make the window larger"
tui_tmux resize-window -t main -x 100 -y 30
check_line "usable again at 100x30" 30 "F10Quit"
check "value still there" contains "$(tui_field 'Owner name')" "张三"

# Search columns widen with the window.
tui_keys Escape
check_screen "unsaved warning" "press Esc again"
tui_keys Escape
check_screen "menu" "2  Search"
tui_keys 2
check_screen "search at 100 columns" "Owner name"
check_no_screen "no brand column under 110 columns" "Brand and model"
tui_tmux resize-window -t main -x 140 -y 30
check_screen "brand and status columns at 140 columns" "Brand and model"
tui_keys F10
check_screen "quit" "[exit 0]"
finish
