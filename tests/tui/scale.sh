#!/bin/bash
# The weigh-in: F5 shows the live weight from the scale (a weighbridge
# indicator on a pseudo-terminal), "in motion" then "stable", takes it into
# the weighed mass; Esc cancels; no scale says what to do.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/tmux.bash"

FAKE=${SY_TEST_BUILD:-$PWD/$BUILD}/tests/helpers/tui_fake_scale
[ -x "$FAKE" ] || { echo "not ok 1 - $FAKE is not built (make test builds it)"; exit 1; }
tui_init_db

# No scale at all: said on the status line, the form untouched.
tui_start 80 24 SCRAPYARD_SCALE=/dev/null/none
check_screen "menu" "1  Check-in"
tui_keys 1
check_screen "check-in" "Owner name *"
tui_keys F5
check_screen "no scale: the status line names the port" "/dev/null/none"
check_no_screen "no weighing box left open" "Reading the scale"
tui_keys F10
check_screen "quit" "[exit 0]"

"$FAKE" "$WORK/scale.path" "$WORK/scale.stable" 1520 &
fake=$!
trap 'kill $fake 2>/dev/null; tmux -L "$TUI_SOCKET" kill-server 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 50); do [ -s "$WORK/scale.path" ] && break; sleep 0.1; done
port=$(cat "$WORK/scale.path")
check "fake scale on a pty" test -c "$port"

tui_start 80 24 "SCRAPYARD_SCALE=$port,stgs"
check_screen "menu" "1  Check-in"
tui_keys 1
check_screen "check-in" "Owner name *"
tui_keys F5
check_screen "F5 opens the weighing box" "Reading the scale"
check_screen "the weight moves" "in motion"
tui_keys Enter
check_screen "a moving weight is not taken" "not stable yet"
tui_keys Escape
check_no_screen "Esc cancels the weighing" "Reading the scale"
for _ in 1 2 3; do tui_keys PageDown; done
check_screen "at the end of the form" "> Notes"
check "weight field still empty" ends_with "$(tui_field 'Weighed mass')" "(kg)"

tui_keys F5
check_screen "weighing again" "in motion"
touch "$WORK/scale.stable"
check_screen "the scale settles" "1520.00 kg"
check_screen "and says stable once settled" "│  stable  "
tui_keys Enter
check_screen "the weight is taken" "Weight taken from the scale"
check "into the weighed mass field, focused" contains "$(tui_field 'Weighed mass')" "> Weighed mass (kg)             1520"

# Saved with the weight.
tui_keys Home
for _ in 1 2 3; do tui_keys PageUp; done
tui_keys Tab; tui_type 'Weigh'
tui_keys Tab; tui_type '11010519491231002X'
tui_keys Tab Tab Tab Tab Tab Tab; tui_type 'LSVAU218XN2183294'
tui_keys F2
tui_statement_yes
check_screen "saved" "Saved as V2026-000001"
run "$SY" --db "$DB" vehicle list --json
check_contains "weighed mass stored" "$out" '"weighed_kg":1520'
tui_keys F10
check_screen "quit" "[exit 0]"
finish
