#!/bin/bash
# Counter speed: the keystrokes of a typical check-in of a person's petrol
# car in the full-screen program, weighed on the scale (F5), driven in tmux
# as tests/tui/keystrokes.sh does it (the same steps, tests/tui/keystrokes.bash).
# Without the resident ID card reader the owner's name, ID number and
# address are typed; KS_CARD_READER_KEY=KEY counts with the reader's key.
set -eu
B=$BENCH_BIN
make --no-print-directory BUILD="$(basename "$B")" CFLAGS="-O2 -DNDEBUG" "$(basename "$B")/tests/helpers/tui_fake_scale" >/dev/null
export SY=$B/scrapyard SY_TEST_BUILD=$B
set +eu
source tests/lib.sh
source tests/tui/tmux.bash
source tests/tui/keystrokes.bash
touch "$WORK/scale.stable"
"$B/tests/helpers/tui_fake_scale" "$WORK/scale.path" "$WORK/scale.stable" "$KS_WEIGHT" &
fake=$!
trap 'kill $fake 2>/dev/null; tmux -L "$TUI_SOCKET" kill-server 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 50); do [ -s "$WORK/scale.path" ] && break; sleep 0.1; done
tui_init_db
tui_start 80 24 "SCRAPYARD_SCALE=$(cat "$WORK/scale.path"),stgs"
tui_wait "1  Check-in"
if ks_checkin; then
	reader=$([ -n "${KS_CARD_READER_KEY:-}" ] && echo "with the ID card reader" || echo "owner typed: no ID card reader")
	echo "bench checkin_keystrokes: $KS_KEYS keys (a person's petrol car, weight from the scale; $reader; target <= 40 with the reader)"
else
	echo "bench checkin_keystrokes: failed (the check-in did not complete; run tests/run build tui/keystrokes)"
fi
