#!/bin/bash
# Restore: a backup is checked on a private copy (schema, upgrade, audit
# trail) before it replaces anything; another yard's only when confirmed;
# kept copies never overwritten; a database that cannot be opened mended.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.bash"

DB=$WORK/yard.db
export SCRAPYARD_DB=$DB
"$SY" init --name "Test Yard" --license L-1 --address "1 Road" >/dev/null
for i in 1 2 3; do checkin "$i" >/dev/null; done
# Plain: the copies below are changed with the sqlite3 shell, as someone
# with the stick could change an old plain backup.
"$SY" backup "$WORK/good.db" --plain >/dev/null 2>&1
checkin 4 >/dev/null
count() { sqlite3 "${1:-$DB}" 'SELECT count(*) FROM vehicles'; }
untouched() { test "$(count)" = 4 && "$SY" vehicle list >/dev/null 2>&1; }

refused() { # NAME FILE WANT
	run "$SY" restore "$2"
	expect_rc "$1: refused" 1
	check_contains "$1: says why" "$err" "$3"
	check "$1: the database untouched and working" untouched
	check "$1: no copy left behind" test -z "$(ls -A "$WORK" | grep -e '^\.yard\.db\.' -e before-restore)"
}

# A file with look-alike tables (the four a quick look checks for).
sqlite3 "$WORK/lookalike.db" "CREATE TABLE settings(key, value); CREATE TABLE audit(id); CREATE TABLE site(id);
	CREATE TABLE counters(series); PRAGMA user_version = 9"
refused "look-alike tables" "$WORK/lookalike.db" "changed outside scrapyard"
# A backup with a trigger planted in it.
cp "$WORK/good.db" "$WORK/trigger.db"
sqlite3 "$WORK/trigger.db" "CREATE TRIGGER t AFTER INSERT ON vehicles BEGIN UPDATE vehicles SET owner_name = 'X'; END"
refused "a planted trigger" "$WORK/trigger.db" "trigger 't'"
# A backup whose audit chain is broken, or whose records disagree with it.
cp "$WORK/good.db" "$WORK/chain.db"
# (a VIN: the owner's name is in the trail as a salted commitment)
sqlite3 "$WORK/chain.db" "UPDATE audit SET new = replace(new, '$(vin_for 2)', 'LMALLORY000000000') WHERE entity = 'vehicle'"
refused "a broken audit chain" "$WORK/chain.db" "audit trail of the backup"
cp "$WORK/good.db" "$WORK/record.db"
sqlite3 "$WORK/record.db" "UPDATE vehicles SET owner_name = 'Mallory' WHERE owner_name = 'Owner 2'"
refused "a record edited behind the trail" "$WORK/record.db" "do not agree with its audit trail"

# Another yard's backup: only when confirmed.
SCRAPYARD_DB=$WORK/other.db "$SY" init --name "Other Yard" --license L-9 --address Elsewhere >/dev/null
SCRAPYARD_DB=$WORK/other.db checkin 7 >/dev/null
SCRAPYARD_DB=$WORK/other.db "$SY" backup "$WORK/other-backup.db" >/dev/null
other_code=$(SCRAPYARD_DB=$WORK/other.db "$SY" backup key --show --json | jq -r .recovery_code)
refused "another yard's backup, without its key" "$WORK/other-backup.db" "another key"
run "$SY" restore "$WORK/other-backup.db" --key "$other_code"
expect_rc "another yard's backup, with its key: refused" 1
check_contains "another yard: says why" "$err" "another yard"
check "another yard: the database untouched and working" untouched
check_contains "another yard: names both licences" "$err" "L-9"
run script -qec "'$SY' restore '$WORK/other-backup.db' --key '$other_code'" /dev/null <<<"n"
check "another yard, asked on a terminal, answered no: untouched" untouched
run "$SY" restore "$WORK/other-backup.db" --key "$other_code" --other-yard --json
expect_rc "another yard's backup with --other-yard" 0
check "now the other yard's" test "$(sqlite3 "$DB" 'SELECT license_no FROM site')" = L-9
check "the restore is in the trail, with the licence it replaced" test "$(sqlite3 "$DB" "SELECT json_extract(new, '\$.replaced_licence') FROM audit WHERE action = 'restore'")" = L-1
run "$SY" audit verify
expect_rc "the restored trail verifies" 0

# Two restores in the same second: each keeps its own copy.
export SCRAPYARD_NOW="2026-11-20 10:00:00"
run "$SY" restore "$WORK/good.db" --other-yard --json
first=$(jq -r .previous_kept_as <<<"$out")
run "$SY" restore "$WORK/good.db" --json
second=$(jq -r .previous_kept_as <<<"$out")
unset SCRAPYARD_NOW
check "two restores in one second: two kept copies" test -f "$first" -a -f "$second" -a "$first" != "$second"
check "the first kept copy is the other yard's, still" test "$(sqlite3 "$first" 'SELECT license_no FROM site')" = L-9

# The current database cannot be opened: a restore mends it.
sqlite3 "$DB" "CREATE TRIGGER evil AFTER INSERT ON vehicles BEGIN SELECT 1; END"
run "$SY" vehicle list
expect_rc "a planted trigger: the database is refused" 2
run "$SY" restore "$WORK/good.db" --json
expect_rc "restore over a refused database" 0
check "the restored database works" test "$(count)" = 3
kept=$(jq -r .previous_kept_as <<<"$out")
check "the refused one is kept aside as it was" test "$(sqlite3 "$kept" "SELECT count(*) FROM sqlite_master WHERE name = 'evil'")" = 1
head -c 65536 /dev/urandom >"$DB"
rm -f "$DB-wal" "$DB-shm"
run "$SY" vehicle list
expect_rc "random bytes: not a database" 2
run "$SY" restore "$WORK/good.db"
expect_rc "restore over random bytes" 0
check "works again" test "$(count)" = 3
run "$SY" restore "$kept"
expect_rc "the kept broken copy is not restored" 1
check "and the database still works" test "$(count)" = 3
finish
