# Driving the full-screen program in a real terminal: tmux on its own socket
# (parallel runs never meet), a pinned size, locale, time zone and clock, keys
# sent with send-keys and the screen read with capture-pane. Every wait polls
# the screen until the text is there (never a bare sleep), with a generous
# deadline for a loaded machine. Sourced by tests/tui/*.sh after ../lib.sh.

command -v tmux >/dev/null || { echo "not ok 1 - tmux is not installed (apt-get install tmux)"; exit 1; }
[ -x "$SY" ] || { echo "not ok 1 - no program to test at $SY (run make)"; exit 1; }

TUI_SOCKET="sy-$(basename "$0" .sh)-$$"
TUI_TIMEOUT=${TUI_TIMEOUT:-20}  # seconds a screen may take to appear
TUI_NOW=${TUI_NOW:-2026-03-02 09:00:00}
DB=$WORK/yard.db
printf 'set -g status off\nset -g default-shell /bin/bash\nset -g history-limit 0\n' >"$WORK/tmux.conf"
trap 'tmux -L "$TUI_SOCKET" kill-server 2>/dev/null; rm -rf "$WORK"' EXIT

tui_tmux() { tmux -L "$TUI_SOCKET" -f "$WORK/tmux.conf" "$@"; }

# A yard database with its details set up.
tui_init_db() {
	SCRAPYARD_NOW="$TUI_NOW" "$SY" --db "$DB" init --name "${1:-Yard}" --license L1 --address Addr >/dev/null
}

# tui_start COLS ROWS [ENV=VALUE ...] [-- scrapyard options]: the program in a
# fresh session; when it ends the pane says "[exit N]" and stays.
tui_start() {
	local cols=$1 rows=$2 envs=() args=()
	shift 2
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do envs+=("$1"); shift; done
	[ "${1:-}" = "--" ] && shift
	args=("$@")
	# A new server on a new socket each time: a server just told to exit may
	# still hold its socket, and a session started on it dies with it.
	tui_tmux kill-server 2>/dev/null
	TUI_STARTS=$((${TUI_STARTS:-0} + 1))
	TUI_SOCKET="sy-$(basename "$0" .sh)-$$-$TUI_STARTS"
	local cmd
	cmd=$(printf '%q ' env TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=Asia/Shanghai \
		"SCRAPYARD_NOW=$TUI_NOW" "HOME=$HOME" "${envs[@]}" "$SY" --db "$DB" "${args[@]}")
	tui_tmux new-session -d -s main -x "$cols" -y "$rows" "$cmd; echo \"[exit \$?]\"; sleep 3600"
}

tui_keys() { tui_tmux send-keys -t main "$@"; }
tui_type() { tui_tmux send-keys -t main -l "$1"; }
tui_screen() { tui_tmux capture-pane -p -t main "$@"; }
# Screen line N (1-based).
tui_line() { tui_screen | sed -n "${1}p"; }

# tui_wait TEXT [SECONDS]: until the screen shows TEXT.
tui_wait() {
	local deadline=$((SECONDS + ${2:-$TUI_TIMEOUT}))
	while [ $SECONDS -le $deadline ]; do
		case "$(tui_screen 2>/dev/null)" in *"$1"*) return 0 ;; esac
		sleep 0.1
	done
	return 1
}

# tui_wait_gone TEXT [SECONDS]: until TEXT is no longer on the screen.
tui_wait_gone() {
	local deadline=$((SECONDS + ${2:-$TUI_TIMEOUT}))
	while [ $SECONDS -le $deadline ]; do
		case "$(tui_screen 2>/dev/null)" in *"$1"*) ;; *) return 0 ;; esac
		sleep 0.1
	done
	return 1
}

# tui_wait_line N TEXT: until screen line N contains TEXT.
tui_wait_line() {
	local deadline=$((SECONDS + ${3:-$TUI_TIMEOUT}))
	while [ $SECONDS -le $deadline ]; do
		case "$(tui_line "$1" 2>/dev/null)" in *"$2"*) return 0 ;; esac
		sleep 0.1
	done
	return 1
}

# check_screen NAME TEXT: a check that waits for TEXT, and shows the screen when it fails.
check_screen() {
	if tui_wait "$2"; then _report 0 "$1"; else _report 1 "$1" "wanted: $2"$'\n'"$(tui_screen)"; fi
}
check_no_screen() {
	if tui_wait_gone "$2"; then _report 0 "$1"; else _report 1 "$1" "not wanted: $2"$'\n'"$(tui_screen)"; fi
}
check_line() { # NAME N TEXT
	if tui_wait_line "$2" "$3"; then _report 0 "$1"; else _report 1 "$1" "line $2 wanted: $3"$'\n'"$(tui_screen)"; fi
}

# After saving a check-in with documents not handed over: the owner's
# written statement is asked; answer that it is on file.
tui_statement_yes() {
	tui_wait "written statement declaring" && tui_keys y
}

# The line of the form field with this label (the focus marker included).
tui_field() { tui_screen | grep -m1 -- "$1"; }

ends_with() { case "$1" in *"$2") return 0 ;; *) return 1 ;; esac; }

# Terminal state the program leaves behind: "ALT CURSOR KEYPAD" (0 1 0 is restored).
tui_modes() { tui_tmux display -p -t main '#{alternate_on} #{cursor_flag} #{keypad_flag}'; }

# Cells a string takes on screen (wide characters count two).
tui_cells() { printf '%s\n' "$1" | wc -L; }

# tui_pretreat REF: every pretreatment step of a petrol car recorded at the
# command line, so that its parts may be entered (a step the car does not
# take is refused and the next one recorded).
tui_pretreat() {
	local s
	for s in "battery --qty 15" "gas_tank --not-present" "airbags --state deployed" "fuel --qty 2 --unit l" \
		"engine_oil --qty 2 --unit l" "gear_oil --qty 2 --unit l" "brake_fluid --qty 1 --unit l" \
		"steering_fluid --qty 1 --unit l" "coolant --qty 2 --unit l" "washer_fluid --qty 1 --unit l" \
		"refrigerant --qty 0.5 --type R134a" "oil_filter --qty 0.5" "catalyst --qty 3" "mercury --not-present" \
		"tyres --qty 30"; do
		# shellcheck disable=SC2086
		SCRAPYARD_NOW="$TUI_NOW" "$SY" --db "$DB" depollute "$1" --step $s >/dev/null
	done
}
