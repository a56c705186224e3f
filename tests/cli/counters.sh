#!/bin/bash
# Several counters on one host: the counter a session works at (named by
# SCRAPYARD_COUNTER, the ssh connection, else "local"); the label printer,
# scale and ID card reader chosen per counter, per user and for the yard,
# and which wins; two counters printing on their own network printers;
# who may choose (a clerk for their own counter and themselves, a
# supervisor for the rest), every choice in the audit trail; the
# environment still overriding.
source "$(dirname "$0")/../lib.sh"

NP=${SY_TEST_BUILD:-$PWD/$BUILD}/tests/helpers/net_printer
unset SCRAPYARD_COUNTER SCRAPYARD_SCALE SCRAPYARD_IDCARD SSH_CONNECTION SSH_CLIENT
export SCRAPYARD_DB=$WORK/yard.db
"$SY" init --name Yard --license L-1 --address "1 Road" >/dev/null </dev/null
STOCK=$("$SY" vehicle add --vin "$(vin 7)" --plate 粤B12345 --owner 张三 --owner-id 11010519491231002X --owner-statement --received 2026-03-02)
c1() { env SCRAPYARD_COUNTER=counter-1 "$SY" "$@"; }
c2() { env SCRAPYARD_COUNTER=counter-2 "$SY" "$@"; }
c3() { env SCRAPYARD_COUNTER=counter-3 "$SY" "$@"; }

# ---- which counter ----
run "$SY" devices
expect_rc "devices" 0
check_contains "no name given: this computer" "$out" "Counter local (named by this computer)"
check_contains "nothing chosen: the first printer on USB" "$out" "the first label printer found on USB  [none chosen]"
run env SSH_CONNECTION="192.168.1.21 50022 192.168.1.5 22" "$SY" devices --json
check_contains "over ssh: the client's address" "$out" '"counter":"192.168.1.21"'
run c1 devices
check_contains "SCRAPYARD_COUNTER names it" "$out" "Counter counter-1 (named by SCRAPYARD_COUNTER)"
run env SCRAPYARD_COUNTER=$'bad\033[2J' "$SY" devices
expect_rc "a counter's name with control characters refused" 1
check_contains "bad name: says what a name is" "$err" "SCRAPYARD_COUNTER must name the counter"
check "bad name: the terminal is not driven" bash -c '! grep -q $'"'"'\033'"'"' <<<"$1"' _ "$err"

# ---- two counters, two printers on the network ----
start_printer() { # LANG NAME: a printer in the background; its address in $addr_NAME
	"$NP" "$1" --log "$WORK/$2.log" --state-file "$WORK/$2.state" >"$WORK/$2.addr" &
	eval "pid_$2=$!"
	for _ in $(seq 50); do [ -s "$WORK/$2.addr" ] && break; sleep 0.1; done
	eval "addr_$2=\$(head -1 \"\$WORK/$2.addr\")"
}
start_printer zpl zebra
start_printer tspl tsc
trap 'kill $pid_zebra $pid_tsc 2>/dev/null; rm -rf "$WORK"' EXIT
jobs_on() { grep -c '^job ' "$WORK/$1.log" 2>/dev/null; }

run c1 printer use "$addr_zebra" --here
expect_rc "counter 1 chooses the Zebra" 0
check_contains "counter 1: asked its language" "$out" "labels of counter counter-1 go to printer $addr_zebra (zpl)"
run c2 printer use "$addr_tsc" --counter counter-2
expect_rc "counter 2 chooses the TSC (named)" 0
check_contains "counter 2: TSPL" "$out" "(tspl)"
run c1 label print vehicle "$STOCK"
expect_rc "counter 1 prints" 0
run c2 label print vehicle "$STOCK" --copies 2
expect_rc "counter 2 prints" 0
check "counter 1's label on the Zebra" test "$(jobs_on zebra)" = 1
check "counter 2's labels on the TSC" test "$(jobs_on tsc)" = 1
run c2 printer jobs --all --json
check_contains "two copies in counter 2's job" "$out" "\"printer\":\"$addr_tsc\",\"language\":\"tspl\",\"copies\":2"
check_contains "the jobs keep their printers" "$out" "\"printer\":\"$addr_tsc\""
check_contains "the jobs keep their printers (2)" "$out" "\"printer\":\"$addr_zebra\""

# A job retried from another counter goes to its own printer in that
# printer's language, not in the retrying counter's.
echo paperout >"$WORK/zebra.state"
run c1 label print vehicle "$STOCK"
expect_rc "counter 1's Zebra out of labels: the job waits" 2
job=$("$SY" printer jobs --json | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2)
rm "$WORK/zebra.state"
run c2 printer retry "$job" --json
expect_rc "counter 2 retries counter 1's job" 0
check_contains "retried: done on the Zebra" "$out" "\"printer\":\"$addr_zebra\",\"language\":\"zpl\""
check "retried: a ZPL label came out of the Zebra" test "$(jobs_on zebra)" = 2
check "retried: nothing on counter 2's TSC" test "$(jobs_on tsc)" = 1

# A counter that chose nothing: the yard's printer (none yet: the first on USB).
run c3 label print vehicle "$STOCK"
expect_rc "counter 3 has no printer" 2
check_contains "counter 3: the yard's first USB printer, none here" "$err" "no label printer found on USB"
run "$SY" printer use "$addr_tsc" --format tspl
expect_rc "the yard's printer" 0
run c3 label print vehicle "$STOCK"
expect_rc "counter 3 prints on the yard's" 0
check "counter 3's label on the TSC" test "$(jobs_on tsc)" = 2
check "the Zebra still has two" test "$(jobs_on zebra)" = 2
run c3 printer use
check_contains "counter 3 shows where its printer comes from" "$out" "labels of the yard go to printer $addr_tsc (tspl)"
run c1 printer use
check_contains "counter 1 shows its own" "$out" "labels of counter counter-1 go to printer $addr_zebra (zpl)"

# A printer's settings go with it: the yard's size is not counter 1's.
"$SY" printer use "$addr_tsc" --format tspl --size 60x40 >/dev/null
run c1 printer use --json
check_contains "counter 1: no size of its own" "$out" '"size":""'
run c3 printer use --json
check_contains "counter 3: the yard's size" "$out" '"size":"60x40"'

# Back to the yard's: "-" forgets a counter's printer.
run c1 printer use - --here
expect_rc "counter 1 forgets its printer" 0
check_contains "forgotten" "$out" "counter counter-1 has no label printer of its own now"
run c1 label print vehicle "$STOCK"
check "counter 1 now prints on the yard's" test "$(jobs_on tsc)" = 3

# ---- a user's choice follows them; the counter's wins where it chose ----
run "$SY" scale use tcp://10.0.0.60:4001 --protocol xk3190 --for-user zhang
expect_rc "a scale for user zhang" 0
run c3 --user zhang devices --json
check_contains "zhang at counter 3: their scale" "$out" '{"device":"scale","value":"tcp://10.0.0.60:4001,xk3190","chosen":true,"from":"user","name":"zhang"}'
run c3 --user li devices --json
check_contains "li at counter 3: none" "$out" '{"device":"scale","value":"","chosen":false,"from":"yard"}'
"$SY" scale use tcp://10.0.0.61:4001,toledo --counter counter-3 >/dev/null
run c3 --user zhang devices --json
check_contains "at a counter with its own scale, the counter's" "$out" '"value":"tcp://10.0.0.61:4001,toledo","chosen":true,"from":"counter","name":"counter-3"'
run env SCRAPYARD_SCALE=/dev/ttyUSB0,sics SCRAPYARD_COUNTER=counter-3 "$SY" --user zhang devices
check_contains "SCRAPYARD_SCALE still overrides" "$out" "/dev/ttyUSB0,sics  [SCRAPYARD_SCALE]"
run c3 scale use
check_contains "scale use shows the counter's" "$out" "the scale of counter counter-3: tcp://10.0.0.61:4001,toledo"
run "$SY" idcard use tcp://10.0.0.62:4001 --baud 115200 --here
expect_rc "a reader on the network for this computer" 0
run "$SY" idcard use --json
check_contains "the reader kept" "$out" '"value":"tcp://10.0.0.62:4001,115200"'
run "$SY" scale use /dev/ttyUSB0 --baud 1234
expect_rc "a baud rate no port takes" 1
run "$SY" scale use COM1
expect_rc "not a port, id or address" 1
check_contains "says what is" "$err" "give /dev/ttyUSB0, 1a86:7523 or tcp://HOST:PORT"
run "$SY" printer use tcp://10.0.0.5 --here
expect_rc "an address without a port" 1
run "$SY" printer use x --here --counter y
expect_rc "two scopes at once" 1
run "$SY" devices --all --json
check_contains "devices --all: the users' and counters' choices" "$out" '"scope":"user","name":"zhang","key":"scale"'

# ---- who may choose ----
# PINs of 8 digits: long enough for a supervisor anywhere.
SCRAPYARD_PIN=11223344 "$SY" init --admin boss >/dev/null
SCRAPYARD_PIN=11223344 SCRAPYARD_NEW_PIN=24681357 "$SY" --user boss user add wang --role clerk >/dev/null
SCRAPYARD_PIN=11223344 SCRAPYARD_NEW_PIN=13572468 "$SY" --user boss user add chen --role supervisor >/dev/null
SCRAPYARD_PIN=11223344 "$SY" --user boss user require-login yes >/dev/null
as_clerk() { env SCRAPYARD_PIN=24681357 SCRAPYARD_COUNTER=counter-1 "$SY" --user wang "$@"; }
run env SCRAPYARD_COUNTER=counter-1 "$SY" printer use "$addr_zebra" --here --format zpl
expect_rc "without a login: refused" 1
check_contains "without a login: log in" "$err" "--user NAME"
run as_clerk printer use "$addr_zebra" --here --format zpl
expect_rc "a clerk chooses for their own counter" 0
run as_clerk scale use tcp://10.0.0.63:4001 --for-user wang
expect_rc "a clerk chooses for themselves" 0
run as_clerk printer use "$addr_zebra" --counter counter-2 --format zpl
expect_rc "a clerk may not choose for another counter" 1
check_contains "refused: says what a clerk may" "$err" "a clerk chooses the devices of their own counter (counter-1) and their own"
run as_clerk printer use "$addr_zebra" --format zpl
expect_rc "a clerk may not choose the yard's printer" 1
run as_clerk scale use tcp://10.0.0.64:4001 --for-user chen
expect_rc "a clerk may not choose for another user" 1
run env SCRAPYARD_PIN=13572468 "$SY" --user chen printer use "$addr_zebra" --counter counter-2 --format zpl
expect_rc "a supervisor chooses another counter's" 0
run env SCRAPYARD_PIN=13572468 "$SY" --user chen printer use "$addr_tsc" --format tspl
expect_rc "a supervisor chooses the yard's" 0
run as_clerk label print vehicle "$STOCK"
expect_rc "the clerk prints on their counter's printer" 0
check "the clerk's label on the Zebra" test "$(jobs_on zebra)" = 3

# Every choice is in the audit trail, with who made it; the chain holds.
run "$SY" --json audit show device_setting 0
check_contains "audited: the counter's printer" "$out" '"key":"label.printer","value":"'"$addr_zebra"'"'
check_contains "audited: by the clerk" "$out" '"user":"wang"'
check_contains "audited: by the supervisor" "$out" '"user":"chen"'
check_contains "audited: forgetting is a delete" "$out" '"action":"delete"'
run "$SY" audit verify
expect_rc "the audit chain holds" 0
finish
