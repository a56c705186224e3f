#!/bin/bash
# A push cut at every kind of point, against a real PostgreSQL 15: the client
# killed with SIGKILL in the middle of a batch, the server stopped in the
# middle of one, the server away, two terminals pushing at once, a database
# restored from an older copy; each time nothing is lost or doubled, and the
# full-screen program shows the state.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/pg.bash"
[ -n "$PG_BIN" ] || { echo "not ok 1 - PostgreSQL 15 is not installed (build-aux/packages, group sync)"; exit 1; }
cd "$WORK" || exit 1
export SCRAPYARD_USER=clerk SCRAPYARD_NOW="2026-03-10 10:00:00" VIN_PREFIX=LFV3A23C0H3 PLATE_PREFIX=京A

pg_start
pg_group_setup yard_a
"$SY" server init --url service=office >/dev/null
"$SY" server add-yard --url service=office --licence L-a --name "Yard a" --role yard_a >/dev/null
YA=$(psql_as postgres "SELECT yard_id FROM sy.yards")
yard a
"$SY" init --name "Yard a" --license L-a --address "Road a" >/dev/null
"$SY" sync --url service=yard_a >/dev/null
check "the yard joined" test "$(psql_as postgres "SELECT pushed_seq IS NOT NULL FROM sy.yards")" = t

office_seq() { psql_as postgres "SELECT pushed_seq FROM sy.yards WHERE yard_id = $YA"; }
local_seq() { sqlite3 "$SCRAPYARD_DB" "SELECT seq FROM sqlite_sequence WHERE name = 'sync_outbox'"; }
same_everywhere() { # NAME: --verify equal and every change at the head office
	run "$SY" sync --verify --json
	check "$1: verify equal" test "$(js 'd["equal"]')" = True
	check "$1: the head office has every change" test "$(office_seq)" = "$(local_seq)"
}

# hold_parts: a session of the office holds the parts table, so a push stops
# inside the batch that reaches it, after the batches before it committed.
hold_parts() {
	psql -X -q -h "$PGDIR" -U postgres -d group -c \
		"BEGIN; LOCK TABLE sy.parts IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(300)" >/dev/null 2>&1 &
	wait_for "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
		WHERE c.relname = 'parts' AND l.mode = 'AccessExclusiveLock' AND l.granted"
}
release_parts() {
	psql_as postgres "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(300)%'
		AND pid <> pg_backend_pid()" >/dev/null
}
# wait_for SQL: until the office's answer is 1 (30 s at most)
wait_for() {
	local deadline=$((SECONDS + 30))
	while [ $SECONDS -le $deadline ]; do
		[ "$(psql_as postgres "$1" 2>/dev/null)" = 1 ] && return 0
		sleep 0.1
	done
	return 1
}
push_blocked() {
	wait_for "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'scrapyard' AND wait_event_type = 'Lock'"
}

# ---- the client killed with SIGKILL in the middle of a batch ----
for i in 1 2 3 4 5 6; do checkin "$i" >/dev/null; done
checkin 7 full >/dev/null
hold_parts
SCRAPYARD_SYNC_BATCH=4 "$SY" sync >/dev/null 2>&1 &
client=$!
check "the push reached the held table" push_blocked
kill -KILL "$client"
wait "$client" 2>/dev/null
check "the client died by SIGKILL" test $? = 137
release_parts
mid=$(office_seq)
check "the batches before it were kept" test "$mid" -gt 1
check "the cut batch was not" test "$mid" -lt "$(local_seq)"
check "no part arrived" test "$(office_count parts "$YA")" = 0
check "whole batches only: vehicles of committed batches" test "$(office_count vehicles "$YA")" -ge 1
run "$SY" sync status --json
check "the rest is still waiting" test "$(js 'd["waiting"]')" -gt 0
run env SCRAPYARD_SYNC_BATCH=4 "$SY" sync --json
expect_rc "the push resumed" 0
check "it resumed after the last batch kept" test "$(js 'd["changes"]')" = $(($(local_seq) - mid))
check "seven vehicles, once each" test "$(office_count vehicles "$YA")" = 7
check "the part arrived" test "$(office_count parts "$YA")" = 1
same_everywhere "after SIGKILL"

# ---- the server stopped in the middle of a batch ----
for i in 8 9 10; do checkin "$i" >/dev/null; done
checkin 11 full >/dev/null
hold_parts
SCRAPYARD_SYNC_BATCH=3 "$SY" sync >"$WORK/cut.out" 2>"$WORK/cut.err" &
client=$!
check "the second push reached the held table" push_blocked
pg_stop fast
wait "$client"
check "the client reports the server gone (exit 2)" test $? = 2
check "its message says to sync again" grep -q "sync" "$WORK/cut.err"
check "one line" test "$(wc -l <"$WORK/cut.err")" = 1
run "$SY" sync status --json
check "status keeps the failure" test -n "$(js 'd["last_error"]')"
check "and what waits" test "$(js 'd["waiting"]')" -gt 0

# The yard works on while the head office is away.
run "$SY" sync
expect_rc "the head office away: exit 2" 2
check_contains "says the yard keeps working" "$err" "keeps working"
checkin 12 >/dev/null
check "a check-in while offline" test "$(sqlite3 "$SCRAPYARD_DB" 'SELECT count(*) FROM vehicles')" = 12

# The full-screen program shows it on the status line.
TMUX_SOCK="sy-sync-$$"
tmux -L "$TMUX_SOCK" -f /dev/null new-session -d -s main -x 100 -y 24 \
	"env TERM=xterm-256color LANG=C.UTF-8 SCRAPYARD_NOW='$SCRAPYARD_NOW' HOME=$HOME $SY --db $SCRAPYARD_DB; sleep 60"
screen_has() {
	local deadline=$((SECONDS + 20))
	while [ $SECONDS -le $deadline ]; do
		tmux -L "$TMUX_SOCK" capture-pane -p -t main | grep -qF "$1" && return 0
		sleep 0.1
	done
	return 1
}
check "the TUI shows the last synchronisation" screen_has "Head office: last synchronised 2026-03-10 10:00"
check "and that the last attempt failed" screen_has "the last attempt failed"
tmux -L "$TMUX_SOCK" kill-server

pg_start
run "$SY" sync --json
expect_rc "after the server came back" 0
check "twelve vehicles, once each" test "$(office_count vehicles "$YA")" = 12
check "two parts" test "$(office_count parts "$YA")" = 2
same_everywhere "after the server stopped"
tmux -L "$TMUX_SOCK" -f /dev/null new-session -d -s main -x 100 -y 24 \
	"env TERM=xterm-256color LANG=C.UTF-8 SCRAPYARD_NOW='$SCRAPYARD_NOW' HOME=$HOME $SY --db $SCRAPYARD_DB --lang zh; sleep 60"
check "the TUI in Chinese after a good sync" screen_has "总部"
tmux -L "$TMUX_SOCK" capture-pane -p -t main >"$WORK/zh.txt"
check "no failure shown" test "$(grep -c '失败' "$WORK/zh.txt")" = 0
tmux -L "$TMUX_SOCK" kill-server

# ---- the server restarted between two pushes ----
checkin 13 >/dev/null
pg_stop fast
pg_start
run "$SY" sync
expect_rc "after a restart" 0
same_everywhere "after a restart"

# ---- two terminals of the yard pushing at once ----
for i in 14 15 16; do checkin "$i" >/dev/null; done
SCRAPYARD_SYNC_BATCH=2 "$SY" sync >"$WORK/t1.out" 2>&1 &
t1=$!
SCRAPYARD_SYNC_BATCH=2 "$SY" sync >"$WORK/t2.out" 2>&1 &
t2=$!
wait "$t1"
r1=$?
wait "$t2"
r2=$?
check "both terminals' syncs succeed" test "$r1$r2" = 00
check "sixteen vehicles, once each" test "$(office_count vehicles "$YA")" = 16
same_everywhere "after two at once"
checkin 17 >/dev/null
run "$SY" sync
expect_rc "the next sync after two at once" 0

# ---- a database restored from an older copy ----
sqlite3 "$SCRAPYARD_DB" ".backup $WORK/old.db"
checkin 18 >/dev/null
"$SY" sync >/dev/null
run "$SY" --db "$WORK/old.db" vehicle list
checkin_old() { SCRAPYARD_DB=$WORK/old.db checkin 99 >/dev/null; }
checkin_old
run "$SY" --db "$WORK/old.db" sync
expect_rc "an older copy that worked on is refused" 2
check_contains "says it is an older copy" "$err" "older"
check "the head office kept the newer records" test "$(office_count vehicles "$YA")" = 18

finish
