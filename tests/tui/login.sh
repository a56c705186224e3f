#!/bin/bash
# A yard that requires a login: the full-screen program asks for it on its
# own screen (never the command line's prompt over the screen), refuses to
# save without it and records who saved.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/tmux.bash"

tui_init_db
SCRAPYARD_PIN=48264826 "$SY" --db "$DB" init --admin boss >/dev/null
SCRAPYARD_PIN=48264826 "$SY" --db "$DB" --user boss user require-login yes >/dev/null
run "$SY" --db "$DB" user list
check_contains "set up: an admin" "$out" "boss"

tui_start 80 24
check_screen "login screen first" "This yard requires a login"
tui_keys Escape
check_screen "Esc: look around without logging in" "1  Check-in"
tui_keys 1
check_screen "check-in" "Owner name *"
tui_keys Tab; tui_type 'Login Test'
tui_keys Tab; tui_type '11010519491231002X'
tui_keys Tab Tab Tab Tab Tab Tab; tui_type 'LSVAU218XN2183294'
tui_keys F2
tui_statement_yes
check_screen "saving asks for the login on its screen" "This yard requires a login"
check_screen "and says why" "log in, then save again"
tui_type 'boss'; tui_keys Enter
tui_type '1111'; tui_keys Enter
check_screen "wrong PIN refused" "wrong PIN"
check "the PIN is not shown" test -z "$(tui_screen | grep -e 1111)"
tui_type '48264826'
check_screen "PIN typed as stars" "****"
tui_keys Enter
check_screen "logged in, back on the form" "Logged in as boss"
check "the typed form is intact" contains "$(tui_field 'Owner name')" "Login Test"
tui_keys F2
check_screen "saved after the login" "Saved as V2026-000001"
run "$SY" --db "$DB" vehicle list --json
check_contains "recorded as the logged-in user" "$out" '"created_by":"boss"'
tui_keys F10
check_screen "quit" "[exit 0]"

# With --user and SCRAPYARD_PIN the login is silent.
tui_start 80 24 SCRAPYARD_PIN=48264826 -- --user boss
check_screen "no login screen with a PIN given" "1  Check-in"
check_no_screen "really none" "requires a login"
tui_keys F10
check_screen "quit" "[exit 0]"
finish
