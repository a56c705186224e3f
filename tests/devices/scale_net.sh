#!/bin/bash
# A weighbridge indicator behind a serial-device server: raw TCP on
# loopback (tests/helpers/scale_pty --tcp plays the same indicator scripts
# as on a serial line), every protocol the same; refused, silent, no
# answer, unreadable; the server restarted mid-stream; the configured
# scale (SCRAPYARD_SCALE, scale use); and an ID card reader on the network.
source "$(dirname "$0")/../lib.sh"

HELPERS=${SY_TEST_BUILD:-$PWD/$BUILD}/tests/helpers
PTY=$HELPERS/scale_pty
NETPRINTER=$HELPERS/net_printer
IDPTY=$HELPERS/idcard_pty
DIR=$TESTS_DIR/devices/scale_replays
NET=$TESTS_DIR/devices/net_replays
unset SCRAPYARD_SCALE SCRAPYARD_IDCARD SCRAPYARD_COUNTER
check "scale_pty helper is built" test -x "$PTY"

# tcp SCRIPT_PATH -- ARGS...: scrapyard with @PTY@ for tcp://127.0.0.1:PORT
tcp() {
	local script=$1
	shift
	run timeout 60 "$PTY" "$script" --tcp "$@"
}
secs() { date +%s.%N; }
took_under() { awk -v a="$1" -v b="$2" -v max="$3" 'BEGIN { exit !(b - a < max) }'; }

# ---- the protocols over TCP ----
tcp "$DIR/xk3190.pty" -- "$SY" scale read --port @PTY@ --json --timeout 5
expect_rc "xk3190 over TCP" 0
check_contains "xk3190 over TCP: 1380.0 kg" "$out" '"kg":1380,"status":"stable","stable_by":"repetition"'
check_contains "the address is the device" "$out" '"device":"tcp://127.0.0.1:'
check_contains "the protocol found by auto" "$out" '"protocol":"xk3190"'
check "no baud rate: the server sets it" bash -c '! grep -q "\"baud\"" <<<"$1"' _ "$out"
tcp "$DIR/toledo-checksum.pty" -- "$SY" scale read --port @PTY@ --protocol toledo --timeout 5
expect_rc "Toledo over TCP" 0
check "Toledo over TCP: 1380 kg" test "$out" = "1380 kg"
tcp "$DIR/xk3190-a12.pty" -- "$SY" scale read --device @PTY@ --json --timeout 5
expect_rc "an address given as --device" 0
check_contains "A12 lines over TCP" "$out" '"kg":24150,'
# Polled: SICS asks over the connection and reads the answer.
run timeout 60 "$PTY" "$DIR/sics.pty" --tcp --log "$WORK/sics.log" -- "$SY" scale read --port @PTY@ --protocol sics --json --timeout 5
expect_rc "SICS over TCP" 0
check_contains "SICS: stable 1380 kg" "$out" '"kg":1380,"status":"stable","stable_by":"scale"'
check "SICS: the requests went over the connection" grep -q '^SI$' "$WORK/sics.log"
run timeout 60 "$PTY" "$DIR/sics.pty" --tcp --log "$WORK/zero.log" -- "$SY" scale zero --port @PTY@ --protocol sics
expect_rc "SICS zero over TCP" 0
check "zero sent over the connection" grep -q '^Z$' "$WORK/zero.log"

# ---- what goes wrong on a network ----
# Refused: nothing listens at the port.
run timeout 60 "$NETPRINTER" refused -- "$SY" scale read --port @ADDR@ --timeout 5
expect_rc "refused: exit 2" 2
check_contains "refused: says so and what to check" "$err" "refused the connection: check the port"
check "refused: one line" test "$(printf '%s\n' "$err" | wc -l)" = 1
# No answer at all: the connection is never taken; given up after 3 s.
t0=$(secs)
run timeout 60 "$NETPRINTER" unanswered -- "$SY" scale read --port @ADDR@ --timeout 10
t1=$(secs)
expect_rc "no answer: exit 2" 2
check_contains "no answer: says so" "$err" "does not answer: check the address, the network cable"
check "no answer: given up within 5 s, not at the read's 10 s" took_under "$t0" "$t1" 5
# Connected, but the indicator behind the server is silent.
tcp "$NET/silent.pty" -- "$SY" scale read --port @PTY@ --timeout 3
expect_rc "silent indicator: exit 1" 1
check_contains "silent: connected, nothing comes" "$err" "connected, but nothing comes"
check_contains "silent: the server's serial settings named" "$err" "the server's serial settings (baud rate, framing)"
# Bytes no protocol reads: the server's baud rate is not the indicator's.
tcp "$NET/garbled.pty" -- "$SY" scale read --port @PTY@ --timeout 3
expect_rc "unreadable bytes: exit 1" 1
check_contains "unreadable: what came" "$err" 'it sends "\xE2\xE3'
check_contains "unreadable: the server's baud rate" "$err" "check the baud rate set on the serial-device server"
# --baud auto has no meaning on a network port.
run "$SY" scale read --port tcp://127.0.0.1:9 --baud auto
expect_rc "--baud auto on TCP refused" 1
check_contains "--baud auto: why" "$err" "the serial-device server sets the rate"
run "$SY" scale read --port tcp://127.0.0.1
expect_rc "an address without a port" 1
check_contains "how to write an address" "$err" "write tcp://HOST:PORT"

# The server restarts mid-stream: watch says what happened and goes on
# reading once it is back.
tcp "$NET/restart.pty" -- "$SY" scale watch --port @PTY@ --timeout 7
expect_rc "watch across a restart" 0
check_contains "watch: the weight before" "$out" "135.0 kg"
check_contains "watch: the connection closed" "$out" "closed the connection"
check_contains "watch: refused while it is off" "$out" "refused the connection"
check_contains "watch: the weight after, stable" "$out" "1380.0 kg  stable"

# ---- the configured scale ----
tcp "$DIR/xk3190.pty" -- bash -c 'SCRAPYARD_SCALE=$1,xk3190 "$2" --db "$3" scale read --timeout 5' _ @PTY@ "$SY" "$WORK/yard.db"
check_contains "SCRAPYARD_SCALE=tcp://...,xk3190" "$out" "1380.0 kg"
"$SY" --db "$WORK/yard.db" init --name Yard --license L-1 --address "1 Road" >/dev/null
# scale use stores the address for this counter; the read takes it from there.
"$PTY" "$DIR/xk3190.pty" --tcp >"$WORK/addr" &
server=$!
for _ in $(seq 50); do [ -s "$WORK/addr" ] && break; sleep 0.1; done
addr=$(head -1 "$WORK/addr")
run env SCRAPYARD_COUNTER=weighbridge "$SY" --db "$WORK/yard.db" scale use "$addr" --protocol xk3190 --here
expect_rc "scale use tcp://... --here" 0
check_contains "scale use: says where" "$out" "the scale of counter weighbridge: $addr,xk3190"
run env SCRAPYARD_COUNTER=weighbridge "$SY" --db "$WORK/yard.db" scale read --json --timeout 5
expect_rc "the counter's scale is read" 0
check_contains "the counter's scale: over TCP" "$out" "\"device\":\"$addr\""
run env SCRAPYARD_COUNTER=office "$SY" --db "$WORK/yard.db" scale use
check_contains "another counter has none, nor the yard" "$out" "no scale chosen for the yard: the only scale plugged in is read"
kill "$server" 2>/dev/null
wait "$server" 2>/dev/null

# ---- an ID card reader behind a serial-device server ----
run timeout 60 "$IDPTY" "$TESTS_DIR/devices/idcard_replays/zhang-san.card" --tcp -- "$SY" idcard read --port @PTY@ --json --timeout 5
expect_rc "ID card over TCP" 0
check_contains "ID card over TCP: the card" "$out" '"name":"张三"'
check_contains "ID card over TCP: the reader's address" "$out" '"device":"tcp://127.0.0.1:'
run timeout 60 "$NETPRINTER" refused -- "$SY" idcard read --port @ADDR@ --timeout 3
expect_rc "ID card reader refused: exit 2" 2
check_contains "ID card reader refused: says so" "$err" "refused the connection"
printf 'find ok\nselect ok\nread cut:200\n' >"$WORK/cut.card"
run timeout 60 "$IDPTY" "$WORK/cut.card" --tcp -- "$SY" idcard read --port @PTY@ --timeout 5
expect_rc "the server gone mid-read: exit 2" 2
check_contains "gone mid-read: the connection's words" "$err" "closed the connection"
finish
