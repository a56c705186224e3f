#!/bin/bash
# The terminal is always given back: on SIGTERM, SIGHUP and SIGINT (status
# 128+N, the store closed cleanly) and on a crash (SIGSEGV).
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/tmux.bash"

tui_init_db

# The pid of the program in the pane: the child of the pane's shell.
program_pid() { pgrep -P "$(tui_tmux display -p -t main '#{pane_pid}')" -f -- "--db $DB" | head -1; }

for sig in TERM HUP INT SEGV; do
	tui_start 80 24
	check_screen "SIG$sig: program up" "1  Check-in"
	tui_keys 1
	check_screen "SIG$sig: on the check-in form" "Owner name *"
	tui_keys Tab; tui_type 'half typed'
	check "SIG$sig: in the alternate screen while running" test "$(tui_modes | cut -d' ' -f1)" = 1
	pid=$(program_pid)
	check "SIG$sig: found the program" test -n "$pid"
	kill -"$sig" "$pid"
	case $sig in
	TERM) want=143 ;;
	HUP) want=129 ;;
	INT) want=130 ;;
	SEGV) want=139 ;;
	esac
	check_screen "SIG$sig: exits with status $want" "[exit $want]"
	check "SIG$sig: terminal restored (main screen, cursor, keypad off)" test "$(tui_modes)" = "0 1 0"
done

run "$SY" --db "$DB" vehicle list --json
check "nothing half-saved by the interrupted forms" test "$out" = "[]"
run "$SY" --db "$DB" site
expect_rc "the database still opens and works" 0
finish
