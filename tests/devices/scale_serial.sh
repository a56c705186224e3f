#!/bin/bash
# Weighbridge indicators on a pseudo-terminal (tests/helpers/scale_pty plays
# tests/devices/scale_replays/*.pty): every protocol, with garbage, partial
# frames, checksum errors, overload, silence and a hang-up; auto-detection;
# the command line's options and exit statuses.
source "$(dirname "$0")/../lib.sh"

DIR=$TESTS_DIR/devices/scale_replays
PTY=${SY_TEST_BUILD:-$PWD/$BUILD}/tests/helpers/scale_pty
unset SCRAPYARD_SCALE

check "scale_pty helper is built" test -x "$PTY"

# pty SCRIPT [--log FILE] -- ARGS...: scrapyard scale ARGS with @PTY@ for the terminal
pty() {
	local script=$1
	shift
	run timeout 60 "$PTY" "$DIR/$script.pty" "$@"
}

# ---- Toledo ----
pty toledo-checksum -- "$SY" scale read --port @PTY@ --protocol toledo --json --timeout 5
expect_rc "toledo with checksum" 0
check_contains "toledo: noise and a cut frame skipped, 1380 kg" "$out" '"kg":1380,"status":"stable"'
check_contains "toledo: the port is the device" "$out" '"device":"/dev/pts/'
pty toledo-checksum -- "$SY" scale read --port @PTY@ --json --timeout 5
check_contains "toledo found by auto" "$out" '"protocol":"toledo"'
pty toledo-nochecksum -- "$SY" scale read --port @PTY@ --timeout 5
expect_rc "toledo without checksum" 0
check "toledo without checksum: one decimal" test "$out" = "1234.5 kg"
pty toledo-badchecksum -- "$SY" scale read --port @PTY@ --protocol toledo --json --timeout 5
expect_rc "toledo checksum errors" 0
check_contains "toledo: frames with a bad checksum never count" "$out" '"kg":1380,'
pty toledo-7e1 -- "$SY" scale read --port @PTY@ --parity E --data-bits 7 --timeout 5
expect_rc "toledo 7E1" 0
check "toledo 7E1: parity bits stripped" test "$out" = "1380 kg"
pty toledo-overload -- "$SY" scale read --port @PTY@ --timeout 5
expect_rc "toledo overload refused" 1
check_contains "toledo overload: message" "$err" "over the scale's capacity"

# The unit: B bit 4 is kg; clear, C bits 0-2 say which (0 lb, 1 g, 2 t, 3 oz, 6 short tons).
pty toledo-tonnes -- "$SY" scale read --port @PTY@ --protocol toledo --json --timeout 5
expect_rc "toledo in tonnes" 0
check_contains "toledo: 13.80 t is 13800 kg, not 6.26 kg" "$out" '"kg":13800,"status":"stable"'
pty toledo-grams -- "$SY" scale read --port @PTY@ --timeout 5
expect_rc "toledo in grams" 0
check "toledo: 1250 g is 1.250 kg, not 567 kg" test "$out" = "1.250 kg"
pty toledo-pounds -- "$SY" scale read --port @PTY@ --json --timeout 5
check_contains "toledo: 2500 lb in kg" "$out" '"kg":1133.980925,'
pty toledo-short-tons -- "$SY" scale read --port @PTY@ --json --timeout 5
check_contains "toledo: 12.5 short tons in kg" "$out" '"kg":11339.80925,'
pty toledo-unknown-unit -- "$SY" scale read --port @PTY@ --timeout 5
expect_rc "toledo: an unknown unit code is refused" 1
check_contains "toledo unknown unit: says so, no weight" "$err" "a unit that cannot be turned into kg"
check "toledo unknown unit: nothing on stdout" test -z "$out"
pty toledo-powerup -- "$SY" scale read --port @PTY@ --timeout 5
expect_rc "toledo just after power-up: no valid weight yet" 1
check_contains "toledo power-up: zero it first" "$err" "clear the platform and zero it"
check "toledo power-up: nothing on stdout" test -z "$out"

# ---- XK3190 ----
pty xk3190 -- "$SY" scale read --port @PTY@ --protocol xk3190 --json --timeout 5
expect_rc "xk3190 format 0" 0
check_contains "xk3190: 1380.0 kg" "$out" '"kg":1380,"status":"stable","stable_by":"repetition"'
check_contains "xk3190: one decimal" "$out" '"decimals":1'
pty xk3190 -- "$SY" scale read --port @PTY@ --json --timeout 5
check_contains "xk3190 found by auto" "$out" '"protocol":"xk3190"'
# '=' frames: the digit order is a setting (xk3190 reversed, xk3190-forward in order).
pty xk3190-reversed -- "$SY" scale read --port @PTY@ --protocol xk3190 --timeout 5
expect_rc "xk3190 '=' frames reversed (A9, A12)" 0
check "xk3190 reversed: 3000.0 kg" test "$out" = "3000.0 kg"
pty xk3190-forward -- "$SY" scale read --port @PTY@ --protocol xk3190-forward --json --timeout 5
expect_rc "xk3190-forward '=' frames in order (A26, A23P)" 0
check_contains "xk3190-forward: 13800 kg" "$out" '"kg":13800,"status":"stable"'
check_contains "xk3190-forward: the protocol named" "$out" '"protocol":"xk3190-forward"'
pty xk3190-forward -- "$SY" scale read --port @PTY@ --timeout 5
expect_rc "'=' frames under auto: refused, not guessed" 1
check_contains "'=' frames under auto: names both settings" "$err" \
	"xk3190 for the XK3190-A9 and A12 (digits reversed), xk3190-forward for the A26 and A23P (digits in order)"
check "'=' frames under auto: no weight printed" test -z "$out"
pty xk3190-forward -- bash -c 'SCRAPYARD_SCALE=$1,xk3190-forward "$2" scale read --timeout 5' _ @PTY@ "$SY"
expect_rc "xk3190-forward configured (SCRAPYARD_SCALE=PATH,xk3190-forward)" 0
check "xk3190-forward configured: 13800 kg" test "$out" = "13800 kg"
pty xk3190-a22-minus -- "$SY" scale read --port @PTY@ --protocol xk3190 --timeout 5
expect_rc "A22: the digit 1 as minus sign, below zero refused" 1
check_contains "A22 minus: below zero, no weight" "$err" "below zero"
pty xk3190-a22-plus -- "$SY" scale read --port @PTY@ --protocol xk3190 --timeout 5
expect_rc "A22: positive" 0
check "A22: 1.25 kg" test "$out" = "1.25 kg"

# XK3190-A12 and A12E lines: W, G or N, the weight, kg, XOR, CR LF.
pty xk3190-a12 -- "$SY" scale read --port @PTY@ --protocol xk3190 --json --timeout 5
expect_rc "A12 W lines" 0
check_contains "A12: a cut line and a bad checksum skipped, 24150 kg" "$out" \
	'"kg":24150,"status":"stable","stable_by":"repetition"'
check_contains "A12: gross" "$out" '"net":false'
pty xk3190-a12 -- "$SY" scale read --port @PTY@ --json --timeout 5
expect_rc "A12 W lines under auto" 0
check_contains "A12 under auto: xk3190" "$out" '"protocol":"xk3190"'
pty xk3190-a12-net -- "$SY" scale read --port @PTY@ --protocol xk3190 --json --timeout 5
check_contains "A12 net: 1835.5 kg net" "$out" '"kg":1835.5,'
check_contains "A12 net: flagged net" "$out" '"net":true'
pty xk3190-a12-overload -- "$SY" scale read --port @PTY@ --protocol xk3190 --timeout 5
expect_rc "A12 overload line refused" 1
check_contains "A12 overload: message" "$err" "over the scale's capacity"
pty xk3190-a12-overload -- "$SY" scale read --port @PTY@ --timeout 5
expect_rc "A12 overload line under auto" 1
check_contains "A12 overload under auto: message" "$err" "over the scale's capacity"
pty xk3190-a12-under -- "$SY" scale read --port @PTY@ --protocol xk3190 --timeout 5
expect_rc "A12 below the range refused" 1
check_contains "A12 below the range: message" "$err" "below zero"

# XK3190-A12+SS: ww, wn, wt lines without checksum.
pty xk3190-a12ss -- "$SY" scale read --port @PTY@ --protocol xk3190 --json --timeout 5
expect_rc "A12+SS lines" 0
check_contains "A12+SS: 2415.0 kg gross" "$out" '"kg":2415,"status":"stable","stable_by":"repetition"'
pty xk3190-a12ss-net -- "$SY" scale read --port @PTY@ --protocol xk3190 --json --timeout 5
expect_rc "A12+SS net" 0
check_contains "A12+SS net: 2265.0 kg net" "$out" '"kg":2265,'
check_contains "A12+SS net: flagged net" "$out" '"net":true'

# ---- ST,GS ----
pty stgs -- "$SY" scale read --port @PTY@ --json --timeout 5
expect_rc "stgs" 0
check_contains "stgs: after unstable lines, 1380 kg" "$out" '"kg":1380,"status":"stable","stable_by":"scale"'
check_contains "stgs found by auto" "$out" '"protocol":"stgs"'
pty stgs -- "$SY" scale read --port @PTY@ --stable 5 --timeout 5
expect_rc "stgs with five equal readings" 0
pty stgs-overload -- "$SY" scale read --port @PTY@ --timeout 5
expect_rc "stgs overload refused" 1
check_contains "stgs overload: message" "$err" "over the scale's capacity"
pty stgs-underzero -- "$SY" scale read --port @PTY@ --timeout 5
expect_rc "stgs under zero refused" 1
check_contains "stgs under zero: message" "$err" "below zero"
pty stgs -- "$SY" scale zero --port @PTY@ --timeout 2
expect_rc "stgs has no zero command" 1
check_contains "stgs zero: says so" "$err" "the stgs protocol has no zero command"

# ---- SICS (polled) ----
pty sics --log "$WORK/sics.log" -- "$SY" scale read --port @PTY@ --protocol sics --json --timeout 5
expect_rc "sics" 0
check_contains "sics: 1380 kg after two dynamic replies" "$out" '"kg":1380,"status":"stable"'
check "sics: asked with SI" grep -qx SI "$WORK/sics.log"
pty sics --log "$WORK/sics-auto.log" -- "$SY" scale read --port @PTY@ --json --timeout 6
expect_rc "sics found by auto (it must be asked)" 0
check_contains "sics auto: protocol" "$out" '"protocol":"sics"'
pty sics --log "$WORK/zero.log" -- "$SY" scale zero --port @PTY@ --protocol sics
expect_rc "sics zero" 0
check "sics zero: Z sent" grep -qx Z "$WORK/zero.log"

# ---- --baud auto: the usual rates in turn, the one that gives frames kept ----
pty xk3190-a12-1200 -- "$SY" scale read --port @PTY@ --protocol xk3190 --baud auto --json --timeout 10
expect_rc "baud auto finds 1200" 0
check_contains "baud auto: 31460 kg at 1200 baud" "$out" '"kg":31460,"status":"stable"'
check_contains "baud auto: says which rate" "$out" '"baud":1200'
pty xk3190-a12-1200 -- "$SY" scale read --port @PTY@ --protocol xk3190 --timeout 3
expect_rc "at 9600 the 1200-baud indicator is unreadable" 1
check_contains "wrong rate: names the rate to check" "$err" "check the baud rate (9600)"
pty stgs-4800 -- "$SY" scale read --port @PTY@ --baud auto --json --timeout 10
expect_rc "baud auto with protocol auto" 0
check_contains "baud auto: 4800 baud, stgs" "$out" '"protocol":"stgs","baud":4800'
pty stgs-4800 -- bash -c 'SCRAPYARD_SCALE=$1,stgs,auto "$2" scale read --json --timeout 10' _ @PTY@ "$SY"
expect_rc "baud auto configured (SCRAPYARD_SCALE=PATH,stgs,auto)" 0
check_contains "baud auto configured: 4800" "$out" '"baud":4800'
pty stgs-4800 -- bash -c 'SCRAPYARD_SCALE=$1,stgs,9600 "$2" scale read --baud 4800 --timeout 5' _ @PTY@ "$SY"
expect_rc "--baud wins over the configured rate" 0
pty garbage-stream -- "$SY" scale read --port @PTY@ --baud auto --timeout 8
expect_rc "baud auto: nothing readable at any rate" 1
check_contains "baud auto: says no rate gave a frame" "$err" "no rate from 1200 to 9600 baud gave a frame"
run "$SY" scale read --port /dev/null --baud fast
expect_rc "bad --baud" 1

# ---- silence, garbage, hang-up ----
start=$(date +%s)
pty silence -- "$SY" scale read --port @PTY@ --timeout 2
expect_rc "silence" 1
check_contains "silence: no data, check the cable" "$err" "no data from /dev/pts/"
check "silence: gives up at the timeout" test $(( $(date +%s) - start )) -lt 6
pty garbage -- "$SY" scale read --port @PTY@ --timeout 2
expect_rc "garbage" 1
check_contains "garbage: data but no readable weight, check the baud rate" "$err" "but no readable weight"
# A line that keeps sending what the protocol cannot read: the read gives up
# at its timeout and says what came.
start=$(date +%s)
pty stgs-stream -- "$SY" scale read --port @PTY@ --protocol toledo --timeout 2
expect_rc "a stream the protocol cannot read" 1
check_contains "unreadable stream: names what it saw and the protocol" "$err" \
	'it sends "ST,GS,+0002460kg\r\n", which the toledo protocol cannot read'
check "unreadable stream: gives up at the timeout" test $(( $(date +%s) - start )) -lt 6
start=$(date +%s)
pty garbage-stream -- "$SY" scale read --port @PTY@ --timeout 2
expect_rc "garbage without a pause" 1
check_contains "garbage without a pause: the bytes it saw" "$err" 'it sends "\xF0\x0F3\xCC\x80'
check_contains "garbage without a pause: no protocol reads it" "$err" "which no protocol reads"
check "garbage without a pause: gives up at the timeout" test $(( $(date +%s) - start )) -lt 6
pty hangup --link "$WORK/ttyUSB0" -- "$SY" scale read --port @PTY@ --timeout 2
expect_rc "hang-up" 2
check_contains "hang-up: the port went away" "$err" "went away"
pty stgs-paced -- "$SY" scale watch --port @PTY@ --timeout 1.5
expect_rc "watch" 0
check_contains "watch: motion" "$out" "in motion"
check_contains "watch: stable" "$out" "1380 kg  stable"
pty stgs-paced -- "$SY" scale watch --port @PTY@ --json --timeout 1.5
check_contains "watch --json: one object a change" "$out" '{"kg":1380,"status":"stable","settled":true}'

# ---- the configured scale, options, statuses ----
pty stgs -- bash -c 'SCRAPYARD_SCALE=$1,stgs,9600 "$2" scale read --timeout 5' _ @PTY@ "$SY"
expect_rc "configured scale (SCRAPYARD_SCALE=PATH,PROTOCOL,BAUD)" 0
check "configured scale reads" test "$out" = "1380 kg"
run "$SY" scale read --port /nonexistent/ttyUSB7 --timeout 1
expect_rc "no such port" 2
check_contains "no such port: message" "$err" "serial port /nonexistent/ttyUSB7 does not exist"
run "$SY" scale read --port /dev/null --timeout 1
expect_rc "not a serial port" 1
check_contains "not a serial port: message" "$err" "not a serial port"
run "$SY" scale read --port /dev/null --protocol modbus
expect_rc "unknown protocol" 1
check_contains "unknown protocol: lists the known ones" "$err" "use toledo, xk3190, xk3190-forward, stgs, sics or auto"
run "$SY" scale read --port /dev/null --device 0922:8003
expect_rc "--port and --device together" 1
run "$SY" scale read --parity X
expect_rc "bad parity" 1
run "$SY" scale read --timeout soon
expect_rc "bad timeout" 1
run "$SY" scale frobnicate
expect_rc "unknown subcommand" 1
check_contains "unknown subcommand: usage" "$err" "scrapyard scale list"

finish
