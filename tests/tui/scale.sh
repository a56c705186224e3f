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
# An XK3190-A26 sending '=' frames in order: the protocol named in
# SCRAPYARD_SCALE, shown on the settings screen, read by the weigh-in.
PTY_HELPER=${SY_TEST_BUILD:-$PWD/$BUILD}/tests/helpers/scale_pty
"$PTY_HELPER" "$TESTS_DIR/devices/scale_replays/xk3190-forward.pty" >"$WORK/a26.path" 2>/dev/null &
a26=$!
trap 'kill $fake $a26 2>/dev/null; tmux -L "$TUI_SOCKET" kill-server 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 50); do [ -s "$WORK/a26.path" ] && break; sleep 0.1; done
a26port=$(head -1 "$WORK/a26.path")
tui_start 80 24 "SCRAPYARD_SCALE=$a26port,xk3190-forward"
check_screen "menu" "1  Check-in"
tui_keys 0
check_screen "settings" "1  Scale"
tui_keys 1
check_screen "settings: the configured protocol" "(protocol xk3190-forward, baud rate 9600)"
check_screen "settings: the protocols to choose from" "xk3190 (A9/A12) xk3190-forward (A26/A23P)"
tui_keys Escape Escape
check_screen "back at the menu" "1  Check-in"
tui_keys 1
check_screen "check-in" "Owner name *"
tui_keys F5
check_screen "the A26's frames read in order: 13800 kg" "13800.00 kg"
check_screen "and stable" "│  stable  "
tui_keys Enter
check_screen "the weight is taken" "Weight taken from the scale"
check "into the weighed mass" contains "$(tui_field 'Weighed mass')" "13800"
tui_keys F10
check_screen "unsaved: F10 asks again" "press F10 again to quit without saving"
tui_keys F10
check_screen "quit" "[exit 0]"
# An indicator at 1200 baud read at 9600: the weighing box shows the whole
# message (what the line sends, what to check) over several lines, and in
# Chinese its border stands over the wide characters of the form.
"$PTY_HELPER" "$TESTS_DIR/devices/scale_replays/xk3190-a12-1200.pty" >"$WORK/slow.path" 2>/dev/null &
slow=$!
trap 'kill $fake $a26 $slow 2>/dev/null; tmux -L "$TUI_SOCKET" kill-server 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 50); do [ -s "$WORK/slow.path" ] && break; sleep 0.1; done
slowport=$(head -1 "$WORK/slow.path")
tui_start 80 24 "SCRAPYARD_SCALE=$slowport,xk3190"
check_screen "menu" "1  Check-in"
tui_keys 1
check_screen "check-in" "Owner name *"
tui_keys F5
check_screen "unreadable line: what it sends" "it sends"
check_screen "unreadable line: the end of the message, what to check" "check the baud rate (9600) and --protocol"
tui_keys Escape F10
tui_start 80 24 "SCRAPYARD_SCALE=$slowport,xk3190" -- --lang zh
check_screen "zh: menu" "1  车辆登记"
tui_keys 1
tui_keys F5
check_screen "zh: the message in full" "请检查波特率（9600）和 --protocol"
check "zh: the box's border beside the form's wide characters" bash -c 'grep -q "│  正在读秤" <<<"$1"' _ "$(tui_screen)"
finish
