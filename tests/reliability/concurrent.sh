#!/bin/bash
# Several terminals at once: writers (check-ins, an import, parts and
# certificates when this build has them) and readers run together. None may
# fail with "database is locked", nothing may be lost, numbers stay gapless.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.bash"
export SCRAPYARD_DB=$WORK/yard.db DB=$WORK/yard.db
"$SY" init --name Yard --license L-1 --address "1 Road" >/dev/null </dev/null
writers=${CONCURRENT_WRITERS:-6}
per_writer=${CONCURRENT_OPS:-$([ -n "${SY_SANITIZE:-}" ] && echo 8 || echo 25)} # fewer under the sanitizers

# writer W: per_writer check-ins, each with its own VIN; logs failures.
writer() {
	local w=$1 i vin
	for i in $(seq 1 "$per_writer"); do
		vin_into vin $((w * 1000 + i))
		"$SY" vehicle add --vin "$vin" --owner "Writer $w" --owner-id "$OWNER_ID" --registration --licence --plates 2 --received 2026-11-02 \
			>>"$WORK/stock.$w" 2>>"$WORK/err.$w" </dev/null || echo "exit $? on $vin" >>"$WORK/err.$w"
	done
}
reader() {
	local i
	for i in $(seq 1 "$per_writer"); do
		"$SY" vehicle list --search LSVAB --limit 5 >/dev/null 2>"$WORK/reader.$BASHPID" </dev/null ||
			cat "$WORK/reader.$BASHPID" >>"$WORK/err.reader"
		verify_but_fixture || echo "audit verify: $out" >>"$WORK/err.reader"
	done
}

{
	echo "vin,owner,owner-id,received,owner-statement"
	for i in $(seq 1 300); do
		vin_into vin $((900000 + i))
		echo "$vin,Importer,$OWNER_ID,2026-11-03,yes"
	done
} >"$WORK/import.csv"

# Set-up before the rush, when this build has parts and certificates:
# vehicles checked in and pretreated, one hosting parts, others awaiting
# their certificate (each probed once, so a command that cannot run here is
# left out with a note rather than counted as a failure).
cert_vehicles=0 cert_writer=0 host_added=0 parts_writer=0
if has_command cert issue; then
	mkdir -p "$WORK/pdf"
	certs=()
	for i in $(seq 1 "$per_writer"); do
		vin_into vin $((990000 + i))
		if stock=$("$SY" vehicle add --vin "$vin" --owner "Cert $i" --owner-id "$OWNER_ID" --registration --licence --plates 2 --received 2026-11-01 2>/dev/null </dev/null); then
			certs+=("$stock")
			cert_vehicles=$((cert_vehicles + 1))
		fi
	done
fi
if has_command part add; then
	vin_into vin 999999
	host=$("$SY" vehicle add --vin "$vin" --owner Host --owner-id "$OWNER_ID" --registration --licence --plates 2 --received 2026-11-01 2>/dev/null </dev/null) &&
		host_added=1
fi
if has_command part add || has_command cert issue; then
	depollute_sql
	if [ "$cert_vehicles" -gt 0 ] && (cd "$WORK/pdf" && "$SY" cert issue "${certs[0]}" >/dev/null 2>"$WORK/probe" </dev/null); then
		cert_writer=1
	elif has_command cert issue; then
		echo "# certificates left out: $(head -c 200 "$WORK/probe")"
	fi
	if [ "$host_added" = 1 ] && "$SY" part add "$host" --kind door --grade A --dest reuse >/dev/null 2>"$WORK/probe" </dev/null; then
		parts_writer=1
	elif has_command part add; then
		echo "# parts left out: $(head -c 200 "$WORK/probe")"
	fi
fi

start=$(date +%s%N)
pids=()
for w in $(seq 1 "$writers"); do writer "$w" & pids+=($!); done
"$SY" vehicle import "$WORK/import.csv" >/dev/null 2>"$WORK/err.import" </dev/null &
pids+=($!)
reader & pids+=($!)
reader & pids+=($!)
if [ "$cert_writer" = 1 ]; then
	(
		cd "$WORK/pdf" || exit 1
		for c in "${certs[@]:1}"; do
			"$SY" cert issue "$c" >>"$WORK/certs" 2>>"$WORK/err.certs" </dev/null || echo "cert exit $?" >>"$WORK/err.certs"
		done
	) &
	pids+=($!)
fi
if [ "$parts_writer" = 1 ]; then
	(
		for i in $(seq 1 "$per_writer"); do
			"$SY" part add "$host" --kind door --grade B --dest reuse >>"$WORK/parts" 2>>"$WORK/err.parts" </dev/null ||
				echo "part exit $?" >>"$WORK/err.parts"
		done
	) &
	pids+=($!)
fi
for p in "${pids[@]}"; do wait "$p"; done
ms=$(( ($(date +%s%N) - start) / 1000000 ))
total=$((writers * per_writer + 300 + host_added + cert_vehicles))
echo "# $writers writers x $per_writer check-ins + one 300-row import + 2 readers$([ "$parts_writer" = 1 ] && echo " + $per_writer parts")$([ "$cert_writer" = 1 ] && echo " + $((cert_vehicles - 1)) certificates") at once: $ms ms"

errors=$(cat "$WORK"/err.* 2>/dev/null)
check "no writer or reader failed" test -z "$errors"
check "no 'database is locked'" eval '! contains "$errors" "locked"'
[ -n "$errors" ] && printf '%s\n' "$errors" | head -5 | sed 's/^/# /'
count=$(sql "SELECT count(*) FROM vehicles")
check "every check-in and the import are there ($count of $total)" test "$count" = "$total"
check "every writer's stock numbers printed" test "$(cat "$WORK"/stock.* | sort -u | wc -l)" = $((writers * per_writer))
check "stock numbers unique" test "$(sql "SELECT count(DISTINCT stock_no) FROM vehicles")" = "$count"
check "stock numbers gapless" test "$(sql "SELECT max(CAST(substr(stock_no, 7) AS INTEGER)) FROM vehicles")" = "$count"
check "each vehicle has one audit row" test "$(sql "SELECT count(*) FROM audit WHERE entity = 'vehicle' AND action = 'create'")" = "$count"
check "integrity_check" test "$(sql 'PRAGMA integrity_check')" = ok
check "search index consistent" sql "INSERT INTO vehicles_fts(vehicles_fts) VALUES('integrity-check')"
if [ "$cert_writer" = 1 ]; then
	certs=$(sql "SELECT count(*) FROM certificates")
	check "every certificate is there" test "$certs" = "$cert_vehicles"
	check "certificate numbers unique and gapless" test "$(sql "SELECT count(DISTINCT number) || ' ' || max(seq) FROM certificates")" = "$certs $certs"
fi
if [ "$parts_writer" = 1 ]; then
	parts=$(sql "SELECT count(*) FROM parts")
	check "every part is there" test "$parts" = $((per_writer + 1))
	check "part numbers unique and gapless" test "$(sql "SELECT count(DISTINCT part_no) || ' ' || max(CAST(substr(part_no, 7) AS INTEGER)) FROM parts")" = "$parts $parts"
fi
check "audit trail intact, every record agrees with it (the fixture's pretreatment rows aside)" verify_but_fixture
finish
