#!/bin/bash
# Label printers on the network: raw TCP on loopback to
# tests/helpers/net_printer, which reads the stream as a ZPL, TSPL or
# Brother QL printer does, answers the status requests in it and keeps the
# jobs. The language asked (or given with --format), status, printing
# through the queue, and what goes wrong: paper out, refused, no answer, a
# printer that answers nothing, one that stops taking data, one switched
# off mid-job.
source "$(dirname "$0")/../lib.sh"

NP=${SY_TEST_BUILD:-$PWD/$BUILD}/tests/helpers/net_printer
check "net_printer helper is built" test -x "$NP"
unset SCRAPYARD_COUNTER
DB=$WORK/yard.db
export SCRAPYARD_DB=$DB
"$SY" init --name Yard --license L-1 --address "1 Road" >/dev/null
VIN=$(vin 1)
STOCK=$("$SY" vehicle add --vin "$VIN" --plate 粤B12345 --owner 张三 --owner-id 11010519491231002X --owner-statement --received 2026-03-02)
check "a vehicle to label" test -n "$STOCK"
secs() { date +%s.%N; }
took_under() { awk -v a="$1" -v b="$2" -v max="$3" 'BEGIN { exit !(b - a < max) }'; }

# np LANG [OPTIONS] -- ARGS...: scrapyard ARGS with @ADDR@ for the printer's address
np() {
	local lang=$1
	shift
	local opts=()
	while [ "$1" != "--" ]; do opts+=("$1"); shift; done
	shift
	rm -f "$WORK/log" "$WORK/save"
	run timeout 60 "$NP" "$lang" --log "$WORK/log" --save "$WORK/save" "${opts[@]}" -- "$SY" "$@"
}
logged() { grep -qx -- "$1" "$WORK/log"; }
not_logged() { ! grep -qx -- "$1" "$WORK/log" 2>/dev/null; }

# ---- asking which language ----
np zpl -- printer status @ADDR@ --json
expect_rc "ZPL printer status" 0
check_contains "ZPL: found by ~HI" "$out" '"language":"zpl"'
check_contains "ZPL: the model ~HI names" "$out" '"name":"ZD421-203dpi"'
check_contains "ZPL: ready" "$out" '"ready":true'
check "ZPL: asked ~HI, then ~HQES and ~HS" logged "~HI"
check "ZPL: status over the socket" logged "~HS"
np zpl -- printer status @ADDR@ --format zpl
expect_rc "ZPL with --format" 0
check "--format zpl: not asked which language" not_logged "~HI"
check_contains "ZPL status line" "$out" "(zpl): ready"
np tspl -- printer status @ADDR@ --json
expect_rc "TSPL printer status" 0
check_contains "TSPL: found by its status byte" "$out" '"language":"tspl"'
np tspl --state paperout -- printer status @ADDR@
expect_rc "TSPL paper out: exit 2" 2
check_contains "TSPL paper out: what to do" "$out" "out of labels"
np ql --model QL-820NWB --media 62x100 -- printer status @ADDR@
expect_rc "Brother QL status" 0
check_contains "QL: the model from the status reply" "$out" "QL-820NWB (ql): ready"
check_contains "QL: the roll loaded" "$out" "loaded: 62x100 mm die-cut labels (DK-11202)"
np ql --model QL-1110NWB -- printer status @ADDR@ --json
check_contains "a wide QL named by its model code" "$out" '"name":"QL-1110NWB"'
np mute -- printer status @ADDR@
expect_rc "a printer that answers nothing: status unknown" 0
check_contains "mute: says how to name the language" "$out" "answers none of the status requests (TSPL ESC ! ?, Brother ESC i S, ZPL ~HI), so its language is not known: name it with --format zpl, tspl or ql"
run "$SY" printer status tcp://127.0.0.1:9 --format dymo
expect_rc "DYMO over the network refused" 1
check_contains "DYMO: connect it by USB" "$err" "connect it by USB"

# ---- printing through the queue ----
np zpl -- label print vehicle "$STOCK" --printer @ADDR@ --json
expect_rc "a vehicle tag on a ZPL printer" 0
check_contains "ZPL job: taken (ZPL reports no completion)" "$out" '"state":"done"'
check_contains "ZPL job: the printer's address kept" "$out" '"printer":"tcp://127.0.0.1:'
check "ZPL job: one label format printed" logged "job 1"
"$SY" label print vehicle "$STOCK" --format zpl --output "$WORK/tag.zpl" >/dev/null
check "the same label stream as a file" bash -c 'diff <(sed -n "/^\^XA/,/^\^XZ/p" "$1") <(sed -n "/^\^XA/,/^\^XZ/p" "$2")' _ "$WORK/save" "$WORK/tag.zpl"
np tspl -- label print vehicle "$STOCK" --printer @ADDR@ --json
expect_rc "TSPL job" 0
check_contains "TSPL job done" "$out" '"state":"done"'
check "TSPL: PRINT reached the printer" logged "job 1"
check "TSPL: the bitmap passed whole (PRINT after it)" grep -aq "PRINT 1,1" "$WORK/save"
np ql --media 62 -- label print vehicle "$STOCK" --printer @ADDR@ --json
expect_rc "Brother QL job" 0
check_contains "QL: printed, as the printer reported" "$out" '"message":"printed"'
check "QL: asked ESC i S before the job" logged "ESC i S"
np ql --media 29x90 -- label print vehicle "$STOCK" --printer @ADDR@ --size 62x100
expect_rc "QL: the loaded roll does not take the label" 2
check_contains "QL: names the roll" "$err" "29x90 mm die-cut labels (DK-11201) loaded"
check "QL: nothing printed" not_logged "job 1"
# --format with --printer and no --output: the printer's language, not asked.
np zpl -- label print vehicle "$STOCK" --printer @ADDR@ --format zpl
expect_rc "label print --printer ADDR --format zpl" 0
check "--format: no ~HI" not_logged "~HI"
check "--format: printed" logged "job 1"

# ---- what goes wrong ----
np zpl --state paperout -- label print vehicle "$STOCK" --printer @ADDR@
expect_rc "ZPL paper out: refused" 2
check_contains "paper out: what to do" "$err" "out of labels"
check "paper out: nothing sent" not_logged "job 1"
job=$("$SY" printer jobs --json | grep -o '"id":[0-9]*,"kind":"vehicle","ref":"[^"]*","printer":"tcp[^"]*","language":"[^"]*","copies":1,"state":"queued"' | tail -1 | grep -o '^"id":[0-9]*' | cut -d: -f2)
check "paper out: the job stays queued" test -n "$job"
np zpl -- printer retry "$job" --printer @ADDR@ --json
expect_rc "retry once the roll is in" 0
check_contains "retry: done" "$out" '"state":"done"'
check "retry: printed there" logged "job 1"

np refused -- label print vehicle "$STOCK" --printer @ADDR@
expect_rc "refused: exit 2" 2
check_contains "refused: says so" "$err" "refused the connection"
check_contains "refused: the job waits" "$err" "stays queued"
t0=$(secs)
np unanswered -- label print vehicle "$STOCK" --printer @ADDR@
t1=$(secs)
expect_rc "no answer: exit 2" 2
check_contains "no answer: says so" "$err" "does not answer"
check "no answer: given up within 5 s" took_under "$t0" "$t1" 5
np mute -- label print vehicle "$STOCK" --printer @ADDR@
expect_rc "language not known: refused" 1
check_contains "language not known: what to do" "$err" "--format zpl"
check "language not known: nothing printed" test ! -s "$WORK/save" -o "$(grep -ac '\^XA' "$WORK/save")" = 0
np mute -- label print vehicle "$STOCK" --printer @ADDR@ --format zpl --json
expect_rc "a mute printer with --format: sent" 0
check_contains "mute: taken, not confirmed" "$out" '"state":"done"'
check "mute: the label reached it" grep -aq '\^XZ' "$WORK/save"
t0=$(secs)
np tspl --stall 3000 -- label print vehicle "$STOCK" --printer @ADDR@ --format tspl
t1=$(secs)
expect_rc "a printer that stops taking data" 2
check_contains "stalled: how far it got" "$err" "the printer stopped taking data after"
check "stalled: given up after the write timeout" took_under "$t0" "$t1" 20
np tspl --close-after 2000 -- label print vehicle "$STOCK" --printer @ADDR@ --format tspl
expect_rc "switched off mid-job" 2
check_contains "switched off: the connection closed" "$err" "closed the connection"
check_contains "switched off: retry" "$err" "retry"

# ---- printer use: asked once, then every label goes without asking ----
rm -f "$WORK/log"
"$NP" zpl --log "$WORK/log" --save "$WORK/save" >"$WORK/addr" &
server=$!
for _ in $(seq 50); do [ -s "$WORK/addr" ] && break; sleep 0.1; done
addr=$(head -1 "$WORK/addr")
run env SCRAPYARD_COUNTER=c1 "$SY" printer use "$addr" --here --json
expect_rc "printer use tcp://... --here" 0
check_contains "printer use: the language asked and kept" "$out" '"language":"zpl"'
check_contains "printer use: the resolution ~HI gave" "$out" '"dpi":203'
check_contains "printer use: for this counter" "$out" '"scope":"counter","name":"c1"'
: >"$WORK/log"
run env SCRAPYARD_COUNTER=c1 "$SY" label print vehicle "$STOCK"
expect_rc "print on the counter's network printer" 0
check_contains "printed on it" "$out" "sent on $addr"
check "not asked again" not_logged "~HI"
check "the label came out there" logged "job 1"
kill "$server" 2>/dev/null
wait "$server" 2>/dev/null
run env SCRAPYARD_COUNTER=c1 "$SY" label print vehicle "$STOCK"
expect_rc "the counter's printer switched off" 2
check_contains "switched off: refused, queued" "$err" "refused the connection"
run "$SY" printer use tcp://127.0.0.1:9 --here --format zpl --size 100x50
expect_rc "printer use with --format: nothing asked" 0
check_contains "printer use --format" "$out" "go to printer tcp://127.0.0.1:9 (zpl)"
run "$SY" printer use tcp://127.0.0.1:9 --format dymo --here
expect_rc "DYMO on the network refused by printer use" 1
finish
