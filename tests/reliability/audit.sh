#!/bin/bash
# The audit trail's hash chain: an edited or deleted row is found at its id.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.bash"
export SCRAPYARD_DB=$WORK/yard.db DB=$WORK/yard.db
"$SY" init --name Yard --license L-1 --address "1 Road" >/dev/null </dev/null
for n in 1 2 3 4 5 6; do checkin "$n" >/dev/null; done
run "$SY" vehicle mark V2026-000002 --battery-reported 2026-11-05
entries=$(sql "SELECT count(*) FROM audit")

run "$SY" audit verify
expect_rc "intact trail" 0
check "intact: counts every entry" test "$(head -1 <<<"$out")" = "audit trail intact, $entries entries"
run "$SY" --json audit verify
check_contains "intact: JSON" "$out" "\"intact\":true,\"entries\":$entries"

# History of one record: who, when, what, old and new.
run "$SY" audit show V2026-000002
expect_rc "audit show by stock number" 0
check_contains "history: creation" "$out" "create"
check_contains "history: the battery report filed, old -> new" "$out" "done_on: - -> 2026-11-05"
check_contains "history: the filing's entries named" "$out" "filing"
run "$SY" --json audit show vehicle 2
check_contains "history JSON: new values" "$out" '"new":{'
check_contains "history JSON: old values" "$out" '"old":{'
run "$SY" audit show "$(vin_for 3)"
expect_rc "audit show by VIN" 0
run "$SY" audit show V2026-999999
expect_rc "unknown reference" 1

sql 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
cp "$DB" "$WORK/clean.db"

# Edit a row in the middle: the chain breaks at that row.
victim=$(sql "SELECT id FROM audit WHERE entity = 'vehicle' AND entity_id = 4")
# (its VIN: the owner's name is in the trail as a salted commitment)
sql "UPDATE audit SET new = replace(new, (SELECT vin FROM vehicles WHERE id = 4), 'LMALLORY000000000') WHERE id = $victim"
run "$SY" audit verify
expect_rc "edited row detected" 1
check_contains "edited row: named by id" "$err" "broken at entry $victim:"
check_contains "edited row: says changed" "$err" "changed"
run "$SY" --json audit verify
check_contains "edited row: JSON names the id" "$out" "\"broken_at\":$victim"

# Delete a row: the next row no longer links.
cp "$WORK/clean.db" "$DB"; rm -f "$DB-wal" "$DB-shm"
victim=$(sql "SELECT id FROM audit WHERE entity = 'vehicle' AND entity_id = 3")
sql "DELETE FROM audit WHERE id = $victim"
run "$SY" audit verify
expect_rc "deleted row detected" 1
check_contains "deleted row: the next entry named" "$err" "broken at entry $((victim + 1)):"
check_contains "deleted row: says deleted" "$err" "deleted"

# Rewrite a row and its own hash: the next row's link gives it away.
cp "$WORK/clean.db" "$DB"; rm -f "$DB-wal" "$DB-shm"
sql "UPDATE audit SET user = 'nobody', hash = '$(printf '%064d' 0)' WHERE id = 3"
run "$SY" audit verify
expect_rc "rewritten hash detected" 1
check_contains "rewritten hash: caught at that row or the next" "$err" "broken at entry"

# Cut off the newest entries: the chain stays whole, but an export had them.
cp "$WORK/clean.db" "$DB"; rm -f "$DB-wal" "$DB-shm"
last=$(sql "SELECT max(id) FROM audit")
sql "INSERT INTO exports(at, by, folder, upto_audit, counts) VALUES ('2026-11-03 09:00:00', 'test', '/x', $last, '{}')"
run "$SY" audit verify
expect_rc "trail with an export up to its end intact" 0
sql "DELETE FROM audit WHERE id >= $((last - 1))"
run "$SY" audit verify
expect_rc "newest entries cut off detected" 1
check_contains "cut off: named from the first missing entry" "$err" "broken at entry $((last - 1)):"

# The untouched copy verifies again (the checks above were not stuck on failing).
cp "$WORK/clean.db" "$DB"; rm -f "$DB-wal" "$DB-shm"
run "$SY" audit verify
expect_rc "restored copy intact" 0
finish
