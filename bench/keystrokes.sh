#!/bin/bash
# Counter speed: the keystrokes of a typical check-in of a person's petrol
# car in the full-screen program, weighed on the scale (F5), driven in tmux
# as tests/tui/keystrokes.sh does it (the same steps, tests/tui/keystrokes.bash):
# once with the owner's name, ID number and address typed, once read from
# the resident ID card (F6, a reader emulated by tests/helpers/idcard_pty),
# and once more with the reader for a second car of the first one's model,
# whose brand, type, power and curb mass the form learns from the VIN.
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
"$SY" --db "$DB" init --credit-code 91110105MA01ABCD26 >/dev/null # a Beijing yard: plates start with 京
for run in _typed "" _learned; do
	KS_CARD_READER_KEY=F6 KS_LEARNED=0
	case $run in
	_typed)
		KS_CARD_READER_KEY=
		what="owner typed: name, ID number, address; a model new to the yard" ;;
	"")
		KS_VIN=LGBH52E02F1100301 KS_PLATE=京A67890
		what="owner from the ID card reader (F6); a model new to the yard" ;;
	_learned)
		KS_LEARNED=1 KS_VIN=LSVAU218XN2183294 KS_PLATE=京A54321
		what="owner from the ID card reader (F6); a model the yard has taken in (brand, type, power, curb mass learned from the VIN)" ;;
	esac
	tui_start 80 24 "SCRAPYARD_SCALE=$(cat "$WORK/scale.path"),stgs" "SCRAPYARD_IDCARD=$KS_READER_PORT"
	tui_wait "1  Check-in"
	if ks_checkin; then
		echo "bench checkin_keystrokes$run: $KS_KEYS keys (a person's petrol car, weight from the scale; $what; target <= 40 with the reader)"
	else
		echo "bench checkin_keystrokes$run: failed at $KS_WAITING (run tests/run build tui/keystrokes)"
	fi
done
