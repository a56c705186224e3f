#!/bin/bash
# Crash safety: scrapyard is killed with SIGKILL at random moments while it
# checks vehicles in, imports, enters parts and issues certificates (when this
# build has those commands), and while it creates a database. Afterwards every
# operation that reported success is there, nothing is half there, numbers
# stay unique and gapless, and SQLite's own checks pass.
# CRASH_KILLS sets the number of kills of single operations (default 300).
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.bash"
export SCRAPYARD_DB=$WORK/yard.db DB=$WORK/yard.db
kills_wanted=${CRASH_KILLS:-$([ -n "${SY_SANITIZE:-}" ] && echo 100 || echo 300)} # fewer under the sanitizers: each start is slow
"$SY" init --name Yard --license L-1 --address "1 Road" >/dev/null </dev/null
: >"$WORK/done.txt"
kills=0 completed=0 failed=0

# kill_at_random WINDOW_US CMD...: run CMD (a program, not a shell function,
# so that the kill reaches it) and SIGKILL it 0 to WINDOW_US microseconds
# later. Sets $krc and $kout, counts kills and completions.
# Few processes per round (the machine may be busy): the pause is a read
# with a timeout on a pipe nobody writes to.
exec {pause_fd}<> <(:)
kill_at_random() {
	local window=$1 delay
	shift
	: >"$WORK/op.out"
	"$@" >"$WORK/op.out" 2>"$WORK/op.err" </dev/null &
	local pid=$!
	printf -v delay '0.%06d' $(( (RANDOM * 32768 + RANDOM) % (window + 1) ))
	read -r -t "$delay" -u "$pause_fd" _
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	krc=$?
	kout=
	read -r kout <"$WORK/op.out" || true
	if [ "$krc" = 137 ]; then
		kills=$((kills + 1))
	elif [ "$krc" = 0 ]; then
		completed=$((completed + 1))
	else
		failed=$((failed + 1))
		echo "# failed without a kill (exit $krc): $(head -c 300 "$WORK/op.err")"
	fi
}

# The window follows the machine: it shrinks a little after each completed
# operation and grows after each kill, so that about 70 % of the operations
# are killed at points spread over their whole run, on a fast machine or
# under a sanitizer alike.
window=40000
adapt() {
	if [ "$krc" = 0 ]; then window=$((window * 95 / 100)); else window=$((window * 102 / 100)); fi
	[ "$window" -gt 2000 ] || window=2000
}

# 1. Check-ins. A check-in reported done printed its stock number.
# The first three run whole and time the window's starting point.
start=$(date +%s%N)
for n in 1 2 3; do
	vin_into vin "$n"
	stock=$("$SY" vehicle add --vin "$vin" --owner "Owner $n" --owner-id "$OWNER_ID" --registration --licence --plates 2 --received 2026-11-02 </dev/null) &&
		echo "$stock $vin" >>"$WORK/done.txt"
done
window=$(( ($(date +%s%N) - start) / 3000 ))
while [ "$kills" -lt "$kills_wanted" ] && [ "$n" -lt $((kills_wanted * 4)) ]; do
	n=$((n + 1))
	vin_into vin "$n"
	kill_at_random "$window" "$SY" vehicle add --vin "$vin" --owner "Owner $n" --owner-id "$OWNER_ID" --registration --licence --plates 2 --received 2026-11-02
	adapt
	if [ "$krc" = 0 ]; then
		echo "$kout $vin" >>"$WORK/done.txt"
	fi
done
vehicle_kills=$kills vehicle_ops=$n
echo "# check-in kill window settled at $((window / 1000)) ms"

# 2. Imports of 200 rows each: all or nothing. The first, not killed, times them.
for f in $(seq 0 12); do
	{
		echo "vin,owner,owner-id,received,owner-statement"
		for i in $(seq 1 200); do
			vin_into vin $((500000 + f * 1000 + i))
			echo "$vin,Importer $f,$OWNER_ID,2026-11-03,yes"
		done
	} >"$WORK/import$f.csv"
done
start=$(date +%s%N)
"$SY" vehicle import "$WORK/import0.csv" >/dev/null 2>&1 </dev/null && echo "0 0" >>"$WORK/imports.txt"
import_us=$(( ($(date +%s%N) - start) / 1000 ))
import_kills=0
for f in $(seq 1 12); do
	before=$kills
	kill_at_random $((import_us * 11 / 10)) "$SY" vehicle import "$WORK/import$f.csv"
	[ "$kills" -gt "$before" ] && import_kills=$((import_kills + 1))
	echo "$f $krc" >>"$WORK/imports.txt"
done

echo "# kills: $kills (check-ins $vehicle_kills of $vehicle_ops, imports $import_kills of 12); completed: $completed; failed otherwise: $failed"
check "hundreds of kills" test "$kills" -ge $((kills_wanted < 100 ? kills_wanted : 100))
check "some operations completed between kills" test "$completed" -ge 10
check "no operation failed except by the kill" test "$failed" = 0

# Every check-in reported done is there, under its VIN.
sqlite3 -batch "$WORK/done.db" "CREATE TABLE done(stock TEXT, vin TEXT)" ".separator ' '" ".import $WORK/done.txt done"
missing=$(sql "ATTACH '$WORK/done.db' AS d; SELECT count(*) FROM d.done x WHERE NOT EXISTS (SELECT 1 FROM vehicles v WHERE v.stock_no = x.stock AND v.vin = x.vin)")
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
check "search index has every vehicle" test "$(sql "SELECT count(*) FROM vehicles v WHERE -v.id IN (SELECT rowid FROM vehicles_fts WHERE vehicles_fts MATCH 'vin : \"' || v.vin || '\"')")" = "$count"
run "$SY" audit verify
expect_rc "audit trail intact after the kills" 0

# 4. Parts and certificates, when this build has those commands: the same
# promises for part numbers and certificate numbers.
# probe CMD...: one run without a kill; false (and a note) when it cannot work here.
probe() {
	if ! "$@" >"$WORK/probe.out" 2>&1 </dev/null; then
		echo "# not killing '$2 $3': it does not run here: $(head -c 200 "$WORK/probe.out")"
		return 1
	fi
}
mapfile -t stocks < <(cut -d' ' -f1 "$WORK/done.txt")
if has_command part add || has_command cert issue; then
	depollute_sql
	mkdir -p "$WORK/pdf"
	cd "$WORK/pdf" || exit 1 # certificates are written to the current folder
fi
if has_command part add && probe "$SY" part add "${stocks[0]}" --kind door --grade A --dest reuse; then
	: >"$WORK/parts_done.txt"
	part_kills=$kills
	for i in $(seq 1 100); do
		kill_at_random "$window" "$SY" part add "${stocks[0]}" --kind door --grade B --dest reuse
		adapt
		[ "$krc" = 0 ] && echo "$kout" >>"$WORK/parts_done.txt"
	done
	part_kills=$((kills - part_kills))
	parts=$(sql "SELECT count(*) FROM parts")
	echo "# part entry killed $part_kills times of 100; $(wc -l <"$WORK/parts_done.txt") reported done"
	lost=0
	while read -r no; do [ "$(sql "SELECT count(*) FROM parts WHERE part_no = '$no'")" = 1 ] || lost=$((lost + 1)); done <"$WORK/parts_done.txt"
	check "every reported part is present" test "$lost" = 0
	check "every part has its audit row" test "$(sql "SELECT count(*) FROM parts p WHERE NOT EXISTS (SELECT 1 FROM audit a WHERE a.entity = 'part' AND a.entity_id = p.id)")" = 0
	check "part numbers unique" test "$(sql "SELECT count(DISTINCT part_no) FROM parts")" = "$parts"
	check "part numbers gapless" test "$(sql "SELECT max(CAST(substr(part_no, 7) AS INTEGER)) FROM parts")" = "$parts"
	check "part search index consistent" sql "INSERT INTO parts_fts(parts_fts) VALUES('integrity-check')"
	check "part search index has every part" test "$(sql "SELECT count(*) FROM parts p WHERE -p.id IN (SELECT rowid FROM parts_fts WHERE parts_fts MATCH '\"' || substr(p.part_no, 7) || '\"')")" = "$parts"
fi
if has_command cert issue && probe "$SY" cert issue "${stocks[1]}"; then
	cert_kills=$kills
	: >"$WORK/certs_done.txt"
	for i in $(seq 2 $(( ${#stocks[@]} < 80 ? ${#stocks[@]} - 1 : 80 ))); do
		kill_at_random "$window" "$SY" cert issue "${stocks[$i]}"
		adapt
		[ "$krc" = 0 ] && echo "$kout" >>"$WORK/certs_done.txt"
	done
	cert_kills=$((kills - cert_kills))
	certs=$(sql "SELECT count(*) FROM certificates")
	echo "# certificate issue killed $cert_kills times; $(wc -l <"$WORK/certs_done.txt") reported done"
	lost=0
	while read -r line; do
		no=$(grep -o '[A-Z]*20[0-9][0-9]-[0-9]*' <<<"$line" | head -1)
		[ -n "$no" ] && [ "$(sql "SELECT count(*) FROM certificates WHERE number = '$no'")" = 1 ] || lost=$((lost + 1))
	done <"$WORK/certs_done.txt"
	check "every reported certificate is present" test "$lost" = 0
	check "every certificate has its audit row" test "$(sql "SELECT count(*) FROM certificates c WHERE NOT EXISTS (SELECT 1 FROM audit a WHERE a.entity = 'certificate' AND a.entity_id = c.id)")" = 0
	check "certificate numbers unique and gapless" test "$(sql "SELECT count(DISTINCT number) || ' ' || max(seq) FROM certificates")" = "$certs $certs"
fi
if has_command part add || has_command cert issue; then
	check "integrity_check after parts and certificates" test "$(sql 'PRAGMA integrity_check')" = ok
	check "audit trail intact after parts and certificates (the fixture's pretreatment rows aside)" verify_but_fixture
fi

# 3. Creating a database, killed part-way: the next start finds a whole one.
init_kills=0
for i in $(seq 1 30); do
	rm -f "$WORK/new.db"*
	before=$kills
	kill_at_random "$window" "$SY" --db "$WORK/new.db" init --name Yard --license L-1 --address "1 Road"
	[ "$kills" -gt "$before" ] && init_kills=$((init_kills + 1))
	run "$SY" --db "$WORK/new.db" init --name Yard --license L-1 --address "1 Road"
	[ "$rc" = 0 ] || break
	[ "$(sqlite3 "$WORK/new.db" 'PRAGMA integrity_check')" = ok ] || { rc=99; break; }
done
echo "# database creation killed $init_kills times of 30"
expect_rc "a killed creation always recovers" 0
finish
