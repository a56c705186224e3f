#!/bin/bash
# Crash safety: scrapyard is killed with SIGKILL at random moments while it
# checks vehicles in, imports, enters parts and issues certificates (when this
# build has those commands), and while it creates a database. Afterwards every
# operation that reported success is there, nothing is half there, numbers
# stay unique and gapless, and SQLite's own checks pass.
# CRASH_KILLS sets the number of kills of single operations (default 300).
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.sh"
export SCRAPYARD_DB=$WORK/yard.db DB=$WORK/yard.db
kills_wanted=${CRASH_KILLS:-300}
"$SY" init --name Yard --license L-1 --address "1 Road" >/dev/null </dev/null
: >"$WORK/done.txt"
kills=0 completed=0 failed=0

# How long one check-in takes here: kills are spread over 0 to 1.2 times that,
# so they land before, during and after the transaction (a sanitizer build is slower).
start=$(date +%s%N)
for i in 1 2 3 4 5; do checkin $((900000 + i)) >/dev/null; done
op_us=$(( ($(date +%s%N) - start) / 5000 ))
window_us=$((op_us * 12 / 10))
echo "# one check-in takes $((op_us / 1000)) ms; kills fall within 0-$((window_us / 1000)) ms"
sql "DELETE FROM vehicles_fts; DELETE FROM vehicles; DELETE FROM audit WHERE entity = 'vehicle'; DELETE FROM counters WHERE series = 'vehicle'"
sql "INSERT INTO vehicles_fts(vehicles_fts) VALUES('rebuild')"

# kill_at_random CMD...: run it (a program, not a shell function, so that the
# kill reaches it), SIGKILL it at a random moment. Sets $krc and $kout.
kill_at_random() {
	"$@" >"$WORK/op.out" 2>"$WORK/op.err" </dev/null &
	local pid=$!
	sleep "$(printf '0.%06d' $(( (RANDOM * 32768 + RANDOM) % (window_us + 1) )))"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	krc=$?
	kout=$(cat "$WORK/op.out")
	if [ "$krc" = 137 ]; then
		kills=$((kills + 1))
	elif [ "$krc" = 0 ]; then
		completed=$((completed + 1))
	else
		failed=$((failed + 1))
		echo "# failed without a kill (exit $krc): $(head -c 300 "$WORK/op.err")"
	fi
}

# 1. Check-ins. A check-in reported done printed its stock number.
n=0
while [ "$kills" -lt "$kills_wanted" ] && [ "$n" -lt $((kills_wanted * 4)) ]; do
	n=$((n + 1))
	kill_at_random "$SY" vehicle add --vin "$(vin_for "$n")" --owner "Owner $n" --owner-id "$OWNER_ID" --received 2026-11-02
	if [ "$krc" = 0 ]; then
		echo "$kout $(vin_for "$n")" >>"$WORK/done.txt"
	fi
done
vehicle_kills=$kills vehicle_ops=$n

# 2. Imports of 200 rows each: all or nothing.
import_kills=0
for f in $(seq 1 12); do
	{
		echo "vin,owner,owner-id,received"
		for i in $(seq 1 200); do echo "$(vin_for $((500000 + f * 1000 + i))),Importer $f,$OWNER_ID,2026-11-03"; done
	} >"$WORK/import$f.csv"
	before=$kills
	kill_at_random "$SY" vehicle import "$WORK/import$f.csv"
	[ "$kills" -gt "$before" ] && import_kills=$((import_kills + 1))
	echo "$f $krc" >>"$WORK/imports.txt"
done

echo "# kills: $kills (check-ins $vehicle_kills of $vehicle_ops, imports $import_kills of 12); completed: $completed; failed otherwise: $failed"
check "hundreds of kills" test "$kills" -ge $((kills_wanted < 100 ? kills_wanted : 100))
check "some operations completed between kills" test "$completed" -ge 10
check "no operation failed except by the kill" test "$failed" = 0

# Every check-in reported done is there, under its VIN.
missing=0
while read -r stock vin; do
	got=$(sql "SELECT vin FROM vehicles WHERE stock_no = '$stock'")
	[ "$got" = "$vin" ] || { missing=$((missing + 1)); echo "# lost: $stock $vin (found '$got')"; }
done <"$WORK/done.txt"
check "every reported check-in is present ($(wc -l <"$WORK/done.txt"))" test "$missing" = 0

# Nothing half done: each vehicle has exactly its creation in the audit trail.
check "every vehicle has its audit row" test "$(sql "SELECT count(*) FROM vehicles v WHERE (SELECT count(*) FROM audit a WHERE a.entity = 'vehicle' AND a.entity_id = v.id AND a.action = 'create') <> 1")" = 0
check "no audit row without its vehicle" test "$(sql "SELECT count(*) FROM audit a WHERE a.entity = 'vehicle' AND NOT EXISTS (SELECT 1 FROM vehicles v WHERE v.id = a.entity_id)")" = 0
check "imports are all or nothing" test "$(sql "SELECT count(*) FROM (SELECT owner_name, count(*) c FROM vehicles WHERE owner_name LIKE 'Importer %' GROUP BY owner_name HAVING c <> 200)")" = 0
imported_ok=$(awk '$2 == 0' "$WORK/imports.txt" | wc -l)
check "every import reported done is there" test "$(sql "SELECT count(DISTINCT owner_name) FROM vehicles WHERE owner_name LIKE 'Importer %'")" -ge "$imported_ok"

# Stock numbers: unique, gapless, and the counter agrees.
count=$(sql "SELECT count(*) FROM vehicles")
check "stock numbers unique" test "$(sql "SELECT count(DISTINCT stock_no) FROM vehicles")" = "$count"
check "stock numbers gapless" test "$(sql "SELECT max(CAST(substr(stock_no, 7) AS INTEGER)) FROM vehicles")" = "$count"
check "the counter matches the rows" test "$(sql "SELECT last FROM counters WHERE series = 'vehicle' AND year = 2026")" = "$count"

# SQLite's own checks and the hash chain.
check "integrity_check" test "$(sql 'PRAGMA integrity_check')" = ok
check "foreign keys hold" test -z "$(sql 'PRAGMA foreign_key_check')"
check "search index consistent" sql "INSERT INTO vehicles_fts(vehicles_fts) VALUES('integrity-check')"
check "search index has every vehicle" test "$(sql "SELECT count(*) FROM vehicles_fts")" = "$count"
run "$SY" audit verify
expect_rc "audit trail intact after the kills" 0

# 3. Creating a database, killed part-way: the next start finds a whole one.
init_kills=0
for i in $(seq 1 30); do
	rm -f "$WORK/new.db"*
	before=$kills
	kill_at_random "$SY" --db "$WORK/new.db" init --name Yard --license L-1 --address "1 Road"
	[ "$kills" -gt "$before" ] && init_kills=$((init_kills + 1))
	run "$SY" --db "$WORK/new.db" init --name Yard --license L-1 --address "1 Road"
	[ "$rc" = 0 ] || break
	[ "$(sqlite3 "$WORK/new.db" 'PRAGMA integrity_check')" = ok ] || { rc=99; break; }
done
echo "# database creation killed $init_kills times of 30"
expect_rc "a killed creation always recovers" 0
finish
