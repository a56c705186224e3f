#!/bin/bash
# Two counters on one host, each in its own terminal (two tmux sessions,
# SCRAPYARD_COUNTER names them), with a weighbridge indicator behind a
# serial-device server and two label printers on the network (loopback
# servers: tests/helpers/scale_pty --tcp, tests/helpers/net_printer). Each
# counter chooses its printer on the devices screen (F2), the first also
# its scale (F3); the first weighs a vehicle in over the network and each
# prints the tag on its own printer. Chinese.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/tmux.bash"

HELPERS=${SY_TEST_BUILD:-$PWD/$BUILD}/tests/helpers
for h in net_printer scale_pty; do
	[ -x "$HELPERS/$h" ] || { echo "not ok 1 - $HELPERS/$h is not built (make test builds it)"; exit 1; }
done
tui_init_db

# The devices on the network.
cat >"$WORK/scale.pty" <<'EOF'
repeat 8
xk3190 + 012340 1
sleep 100
end
repeat 900
xk3190 + 015200 1
sleep 100
end
EOF
pids=()
serve() { # NAME COMMAND...: in the background; its address in $WORK/NAME.addr
	local name=$1
	shift
	"$@" >"$WORK/$name.addr" &
	pids+=($!)
	for _ in $(seq 50); do [ -s "$WORK/$name.addr" ] && break; sleep 0.1; done
}
serve zebra "$HELPERS/net_printer" zpl --log "$WORK/zebra.log"
serve tsc "$HELPERS/net_printer" tspl --log "$WORK/tsc.log"
serve scale "$HELPERS/scale_pty" "$WORK/scale.pty" --tcp
trap 'kill "${pids[@]}" 2>/dev/null; tmux -L "$TUI_SOCKET" kill-server 2>/dev/null; rm -rf "$WORK"' EXIT
zebra=$(head -1 "$WORK/zebra.addr") tsc=$(head -1 "$WORK/tsc.addr") scale=$(head -1 "$WORK/scale.addr")
check "three devices on the network" test -n "$zebra" -a -n "$tsc" -a -n "$scale"
jobs_on() { grep -c '^job ' "$WORK/$1.log" 2>/dev/null; }

# Two sessions on one tmux server: S says which the keys go to.
S=main
tui_keys() { tui_tmux send-keys -t "$S" "$@"; }
tui_type() { tui_tmux send-keys -t "$S" -l "$1"; }
tui_screen() { tui_tmux capture-pane -p -t "$S" "$@"; }
second_session() { # NAME ENV=VALUE... [-- options]
	local name=$1 envs=() args=()
	shift
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do envs+=("$1"); shift; done
	[ "${1:-}" = "--" ] && shift
	args=("$@")
	local cmd
	cmd=$(printf '%q ' env TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=Asia/Shanghai \
		"SCRAPYARD_NOW=$TUI_NOW" "HOME=$HOME" "${envs[@]}" "$SY" --db "$DB" "${args[@]}")
	tui_tmux new-session -d -s "$name" -x 80 -y 24 "$cmd; echo \"[exit \$?]\"; sleep 3600"
}

# A check-in of a person with a VIN, saved.
check_in() { # NAME VIN
	tui_keys Home
	for _ in 1 2 3; do tui_keys PageUp; done
	tui_keys Tab; tui_type "$1"
	tui_keys Tab; tui_type '11010519491231002X'
	tui_keys Tab Tab Tab Tab Tab Tab; tui_type "$2"
	tui_keys F2
	# No documents handed over: the owner's written statement (Order 715)
	# stands in; asked in either language, on this session's screen.
	local deadline=$((SECONDS + TUI_TIMEOUT))
	until tui_tmux capture-pane -p -t "$S" | grep -q 715 || [ $SECONDS -gt $deadline ]; do sleep 0.1; done
	tui_type y
}

# ---- counter 1 chooses its printer and its scale ----
tui_start 80 24 SCRAPYARD_COUNTER=counter-1
S=main
check_screen "counter 1: menu" "1  Check-in"
tui_keys 0 2
check_screen "counter 1: the devices screen names the counter" "Counter counter-1 (named by SCRAPYARD_COUNTER)"
check_screen "counter 1: choices go to this counter" "Choices here go to counter counter-1 (F7: to the whole yard)"
check_screen "counter 1: no printer yet" "Label printer now: the first found"
tui_keys F2
check_screen "F2 asks for the address" "A label printer on the network for counter counter-1"
tui_keys C-u
tui_type "$zebra"
tui_keys Enter Enter
check_screen "counter 1: the Zebra, its language asked" "Labels of counter counter-1 go to printer $zebra (zpl)"
check_screen "counter 1: shown as this counter's" "Label printer now: $zebra (zpl)  [counter counter-1]"
tui_keys F3
check_screen "F3 asks for the scale" "The scale for counter counter-1"
tui_type "$scale,xk3190"
tui_keys Enter
check_screen "counter 1: the scale chosen" "The scale of counter counter-1: $scale,xk3190"
check_screen "counter 1: the scale's source" "Scale  [counter counter-1]"
check_screen "counter 1: read over the network" "The weigh-in reads $scale (protocol xk3190)"
tui_keys F3
tui_keys C-u
tui_type "COM1"
tui_keys Enter
check_screen "a scale that is no port, id or address refused" "'COM1' is not a port, a USB id or a network address"
tui_keys Escape
check_screen "Esc leaves it as it was" "Nothing changed"

# ---- counter 2, in another terminal at the same time ----
second_session second SCRAPYARD_COUNTER=counter-2 -- --lang zh
S=second
check_screen "counter 2: menu (Chinese)" "1  车辆登记"
tui_keys 0 2
check_screen "counter 2: its own name" "柜台 counter-2（名称来自SCRAPYARD_COUNTER）"
check_screen "counter 2: counter 1's printer is not its" "当前标签打印机：找到的第一台"
tui_keys F2
tui_type "$tsc"
tui_keys Enter
tui_type "tspl"
tui_keys Enter
check_screen "counter 2: the TSC" "柜台 counter-2的标签由打印机 $tsc (tspl) 打印"
check_screen "counter 2: no scale of its own" "未设置地磅"

# ---- counter 1 weighs a vehicle in over the network and prints its tag ----
S=main
tui_keys Escape Escape 1
check_screen "counter 1: check-in" "Owner name *"
tui_keys F5
check_screen "F5 reads the indicator behind the server" "Reading the scale"
check_screen "the weight comes over the network" "1520.00 kg"
check_screen "stable" "│  stable  "
tui_keys Enter
check_screen "the weight is taken" "Weight taken from the scale"
check_in 'Weigh One' 'LSVAU218XN2183294'
check_screen "counter 1: saved" "Saved as V2026-000001"
tui_keys p
check_screen "counter 1: the tag on the Zebra" "Label of V2026-000001 printed on $zebra"
check "the Zebra printed it" test "$(jobs_on zebra)" = 1

# ---- counter 2 prints its tag on the TSC ----
S=second
tui_keys Escape Escape 1
check_screen "counter 2: check-in" "车主名称 *"
check_in '王五' 'LSVAU2182N2183290'
check_screen "counter 2: saved" "V2026-000002"
tui_keys p
check_screen "counter 2: the tag on the TSC" "$tsc"
check "the TSC printed counter 2's" test "$(jobs_on tsc)" = 1
check "the Zebra still has counter 1's only" test "$(jobs_on zebra)" = 1

# Both counters' choices, as the command line sees them.
run "$SY" --db "$DB" devices --all --json
check_contains "counter 1's printer kept" "$out" "\"scope\":\"counter\",\"name\":\"counter-1\",\"key\":\"label.printer\",\"value\":\"$zebra\""
check_contains "counter 2's printer kept" "$out" "\"scope\":\"counter\",\"name\":\"counter-2\",\"key\":\"label.printer\",\"value\":\"$tsc\""
tui_keys F10
S=main
tui_keys F10
check_screen "quit" "[exit 0]"
finish
