#!/bin/bash
# Counter speed: the keystrokes of a typical check-in of a person's petrol
# car in the full-screen program, weighed on the scale (F5), driven in tmux
# as tests/tui/keystrokes.sh does it (the same steps, tests/tui/keystrokes.bash):
# once with the owner's name, ID number and address typed, once read from
# the resident ID card (F6, a reader emulated by tests/helpers/idcard_pty).
set -eu
B=$BENCH_BIN
make --no-print-directory BUILD="$(basename "$B")" CFLAGS="-O2 -DNDEBUG" "$(basename "$B")/tests/helpers/tui_fake_scale" \
	"$(basename "$B")/tests/helpers/idcard_pty" >/dev/null
export SY=$B/scrapyard SY_TEST_BUILD=$B
set +eu
source tests/lib.sh
source tests/tui/tmux.bash
source tests/tui/keystrokes.bash
touch "$WORK/scale.stable"
"$B/tests/helpers/tui_fake_scale" "$WORK/scale.path" "$WORK/scale.stable" "$KS_WEIGHT" &
fake=$!
ks_reader_start "$B"
trap 'kill $fake $KS_READER_PID 2>/dev/null; tmux -L "$TUI_SOCKET" kill-server 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 50); do [ -s "$WORK/scale.path" ] && break; sleep 0.1; done
tui_init_db
for reader in _typed ""; do
	if [ -z "$reader" ]; then
		KS_CARD_READER_KEY=F6 KS_VIN=LSVAU218XN2183294 KS_PLATE=京A54321
		what="owner from the ID card reader (F6)"
	else
		what="owner typed: name, ID number, address"
	fi
	tui_start 80 24 "SCRAPYARD_SCALE=$(cat "$WORK/scale.path"),stgs" "SCRAPYARD_IDCARD=$KS_READER_PORT"
	tui_wait "1  Check-in"
	if ks_checkin; then
		echo "bench checkin_keystrokes$reader: $KS_KEYS keys (a person's petrol car, weight from the scale; $what; target <= 40 with the reader)"
	else
		echo "bench checkin_keystrokes$reader: failed at $KS_WAITING (run tests/run build tui/keystrokes)"
	fi
done
