#!/bin/bash
# USB faults from a scripted fake device (tests/helpers/scale_usbfake: a
# umockdev in-process ioctl handler): a scale unplugged mid-read that comes
# back or does not, silence into the timeout, stalls, permission denied, the
# Zero Scale report from a report descriptor asked over USB, and a CH340 old
# enough to need other set-up requests. Scripts: tests/devices/scale_replays/*.fake.
source "$(dirname "$0")/../lib.sh"

DIR=$TESTS_DIR/devices/scale_replays
FAKE=${SY_TEST_BUILD:-$PWD/$BUILD}/tests/helpers/scale_usbfake
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
unset SCRAPYARD_SCALE

check "scale_usbfake helper is built" test -x "$FAKE"

# fake DEVICE SCRIPT [FAKE OPTIONS] -- ARGS...: scrapyard scale ARGS against the fake;
# $secs is how long it took. FAKE_SY names another copy of the program.
fake() {
	local dev=$1 script=$2 start
	shift 2
	local opts=()
	while [ "$1" != "--" ]; do opts+=("$1"); shift; done
	shift
	start=$(date +%s%N)
	run timeout 60 "$FAKE" "$DIR/$dev.umockdev" "$DIR/$script.fake" "${opts[@]}" -- "${FAKE_SY:-$SY}" scale "$@"
	secs=$(( ($(date +%s%N) - start) / 1000000000 ))
}

# ---- unplugged mid-read ----
fake dymo-m10 dymo-vanish-return -- read --json --timeout 10
expect_rc "unplugged and back: the reading completes" 0
check_contains "unplugged and back: the weight after reopening" "$out" '"kg":1.25,"status":"stable"'
check "unplugged and back: waited for it (>= 1 s)" test "$secs" -ge 1
fake dymo-m10 dymo-vanish-return -- watch --timeout 4 </dev/null
check_contains "watch: the weight moving before the unplug" "$out" "1.240 kg  in motion"
check_contains "watch: says it was unplugged" "$out" "was unplugged: plug it back in"
check_contains "watch: weight again after the replug" "$out" "1.250 kg  stable"
fake dymo-m10 dymo-vanish -- read --timeout 3
expect_rc "unplugged for good" 2
check_contains "unplugged for good: message" "$err" "0922:8003@1-2 was unplugged: plug it back in"
check "unplugged for good: no hang (under 8 s)" test "$secs" -lt 8

# ---- silence and stalls ----
fake dymo-m10 dymo-silent -- read --timeout 3
expect_rc "silent scale" 1
check_contains "silent scale: no data" "$err" "no data from the scale 0922:8003@1-2"
check "silent scale: gives up at the timeout (under 8 s)" test "$secs" -lt 8
fake dymo-m10 dymo-stall -- read --timeout 5
expect_rc "a stall is cleared" 0
check "after a stall: the weight" test "$out" = "1.250 kg"
fake dymo-m10 dymo-stall-forever -- read --timeout 5
expect_rc "stalling for ever" 2
check_contains "stalling: message" "$err" "keeps refusing to send (endpoint stalled)"

# ---- permission denied: says which rule or group is missing ----
FAKE_SY=$(sy_public) fake dymo-m10 dymo-stall --deny -- read --timeout 2
expect_rc "permission denied" 2
check_contains "permission denied: names the rules file and the group" "$err" \
	"permission denied on USB device 0922:8003: install udev/60-scrapyard.rules (make install) and add your user to group scrapyard"

# ---- zero from the report descriptor ----
fake generic-hid-unbound generic-zero -- list
check_contains "a scale known by the descriptor it sends" "$out" "1209:0001@1-4          hid           USB HID scale"
fake generic-hid-unbound generic-zero --log "$WORK/zero.log" -- zero --device 1209:0001
expect_rc "zero" 0
check_contains "zero: confirmed" "$out" "zero sent to 1209:0001@1-4"
check "zero: SET_REPORT output report 2 with the Zero Scale bit" grep -qx "ctrl 21 09 0202 0000 0201" "$WORK/zero.log"
fake generic-hid-unbound generic-zero -- tare
expect_rc "tare on a HID scale" 1
check_contains "tare: not supported, says what to do" "$err" "no tare command: tare on the scale itself"
fake generic-hid-unbound generic-zero -- read --json --timeout 5
check_contains "the descriptor's scale reads" "$out" '"kg":0,"status":"stable"'

# ---- an old CH340: the version decides the set-up ----
fake ch340 ch340-old-chip --log "$WORK/ch340.log" -- read --protocol toledo --timeout 5
expect_rc "old ch340" 0
check "old ch340: 1380 kg" test "$out" = "1380 kg"
check "old ch340: divisor without the send-at-once bit" grep -qx "ctrl 40 9a 1312 b202 " "$WORK/ch340.log"
check "old ch340: no line control register write" bash -c '! grep -q "ctrl 40 9a 2518" "$1"' _ "$WORK/ch340.log"
check "old ch340: DTR and RTS raised" grep -qx "ctrl 40 a4 009f 0000 " "$WORK/ch340.log"

# ---- --baud auto through a bridge: the chip set up again at each rate ----
fake ch340 ch340-1200 --log "$WORK/ch340-1200.log" -- read --baud auto --protocol xk3190 --json --timeout 10
expect_rc "bridge at 1200 baud found by --baud auto" 0
check_contains "bridge baud auto: 31460 kg at 1200" "$out" '"kg":31460,"status":"stable"'
check_contains "bridge baud auto: the rate" "$out" '"baud":1200'
check "bridge baud auto: the 1200-baud divisor was set" grep -q "ctrl 40 9a 1312 d981" "$WORK/ch340-1200.log"
fake ch340 ch340-1200 -- read --protocol xk3190 --timeout 3
expect_rc "bridge at 9600 reads nothing from a 1200-baud indicator" 1

finish
