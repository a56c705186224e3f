#!/bin/bash
# scrapyard maintain: search indexes merged to one segment, searches still
# find what they found, the log folded into the database file.
source "$(dirname "$0")/../lib.sh"

export SCRAPYARD_DB=$WORK/yard.db SCRAPYARD_USER=clerk
q() { sqlite3 "$SCRAPYARD_DB" "$1"; }
"$SY" init --name "Test Yard" --license L-1 --address "1 Road" >/dev/null
# An import enters its rows into the search index as one segment.
for f in 1 2; do
	{
		echo "vin,owner,owner-id,received,registration,licence,plates"
		for i in 1 2 3; do echo "$(vin $((f * 100 + i))),Importer $f,11010519491231002X,2026-11-02,yes,yes,2"; done
	} >"$WORK/import$f.csv"
	"$SY" vehicle import "$WORK/import$f.csv" >/dev/null
done
# Check-ins wait to be entered a few dozen at a time (schema step 12) and
# are found meanwhile.
for i in 1 2 3 4 5 6; do
	"$SY" vehicle add --vin "$(vin "$i")" --plate "京A1234$i" --owner "张三" --owner-id 11010519491231002X --registration --licence --plates 2 >/dev/null
done
run "$SY" vehicle list --search "京A1234" --json
check "check-ins found before they are in the index" test "$(printf '%s' "$out" | jq -r 'length')" = 6
check "check-ins not yet in the index" test "$(q "SELECT upto FROM search_indexed WHERE name = 'vehicles'")" = 6
before=$(q "SELECT count(DISTINCT segid) FROM vehicles_fts_idx")
check "imports left several segments ($before)" test "$before" -gt 1

run "$SY" maintain --json
expect_rc "maintain" 0
check "vehicle index reported, with the check-ins' segment" test "$(printf '%s' "$out" | jq -r '.indexes[] | select(.name == "vehicles_fts") | .segments_before')" = $((before + 1))
check "vehicle index now one segment" test "$(printf '%s' "$out" | jq -r '.indexes[] | select(.name == "vehicles_fts") | .segments_after')" = 1
check "every vehicle in the index" test "$(q "SELECT upto FROM search_indexed WHERE name = 'vehicles'")" = 12
check "parts index reported" test "$(printf '%s' "$out" | jq -r '.indexes | length')" = 2
check "seconds reported" test "$(printf '%s' "$out" | jq -r '.seconds | type')" = number
check "merge steps counted, each its own transaction" test "$(printf '%s' "$out" | jq -r '.indexes[] | select(.name == "vehicles_fts") | .steps')" -ge 1
check "longest step reported" test "$(printf '%s' "$out" | jq -r '.indexes[0].longest_step_ms | type')" = number
check "one segment in the file" test "$(q "SELECT count(DISTINCT segid) FROM vehicles_fts_idx")" = 1
check "index consistent" q "INSERT INTO vehicles_fts(vehicles_fts) VALUES('integrity-check')"
check "index holds every vehicle" test "$(q "SELECT count(*) FROM vehicles v WHERE -v.id IN (SELECT rowid FROM vehicles_fts WHERE vehicles_fts MATCH 'vin : \"' || v.vin || '\"')")" = 12
check "log folded into the file" test "$(stat -c %s "$SCRAPYARD_DB-wal" 2>/dev/null || echo 0)" = 0

# Searches find the same vehicles, newest first.
run "$SY" vehicle list --search "$(vin 3 | cut -c9-17)" --json
check "VIN fragment finds its vehicle alone" test "$(printf '%s' "$out" | jq -r '[.[].vin] | join(",")')" = "$(vin 3)"
run "$SY" vehicle list --search "京A1234" --json
check "plate fragment finds all six" test "$(printf '%s' "$out" | jq -r 'length')" = 6
check "newest first" test "$(printf '%s' "$out" | jq -r '.[0].plate')" = "京A12346"
run "$SY" vehicle list --search "$(q "SELECT stock_no FROM vehicles WHERE id = 2")" --json
check "whole stock number" test "$(printf '%s' "$out" | jq -r '.[0].id')" = 2

# Beside a terminal checking vehicles in: maintain ends, every check-in is
# saved, and the index stays whole and finds them all.
for f in 3 4 5 6; do
	{
		echo "vin,owner,owner-id,received,registration,licence,plates"
		for i in 1 2 3; do echo "$(vin $((f * 100 + i))),Importer $f,11010519491231002X,2026-11-02,yes,yes,2"; done
	} >"$WORK/import$f.csv"
	"$SY" vehicle import "$WORK/import$f.csv" >/dev/null
done
(
	for i in $(seq 40); do
		"$SY" vehicle add --vin "$(vin $((700 + i)))" --owner "李四" --owner-id 11010519491231002X --registration --licence --plates 2 >/dev/null || echo "check-in $i failed"
	done
) >"$WORK/writer.log" 2>&1 &
writer=$!
run timeout 60 "$SY" maintain --json
expect_rc "maintain beside a writer" 0
wait "$writer"
check "every check-in beside maintain saved" test "$(q "SELECT count(*) FROM vehicles WHERE owner_name = '李四'")" = 40
sed "s/^/#   /" "$WORK/writer.log"
check "no check-in failed beside maintain" test ! -s "$WORK/writer.log"
run "$SY" maintain --json
check "index consistent after maintain beside a writer" q "INSERT INTO vehicles_fts(vehicles_fts) VALUES('integrity-check')"
check "every vehicle found by its VIN after" test "$(q "SELECT count(*) FROM vehicles v WHERE -v.id IN (SELECT rowid FROM vehicles_fts WHERE vehicles_fts MATCH 'vin : \"' || v.vin || '\"')")" = "$(q "SELECT count(*) FROM vehicles")"

# Run again: nothing to merge, still fine; plain output for a person.
run "$SY" maintain
expect_rc "maintain again" 0
check_contains "says what it did" "$out" "vehicles_fts: 1 segments, now 1"
run "$SY" maintain extra
expect_rc "stray argument refused" 1
finish
