#!/bin/bash
# Tamper evidence: what someone who can write the database file with the
# sqlite3 shell changes is found (docs/reliability.md, "Threat model").
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.bash"

DB=$WORK/yard.db
export SCRAPYARD_DB=$DB
"$SY" init --name "Test Yard" --license L-1 --address "1 Road" >/dev/null
for i in 1 2 3; do checkin "$i" --weight 1200 >/dev/null; done
copy() { cp "$DB" "$WORK/$1.db"; rm -f "$WORK/$1.db-wal" "$WORK/$1.db-shm"; echo "$WORK/$1.db"; }
"$SY" maintain >/dev/null # the WAL into the file, so that copies are whole

# --- the schema is checked at open: a planted trigger, view, column or index is refused
planted() { # NAME SQL SAYS
	local f
	f=$(copy "$1")
	sqlite3 "$f" "$2"
	local before
	before=$(sqlite3 "$f" 'SELECT count(*) FROM vehicles')
	run "$SY" --db "$f" vehicle add --vin "$(vin_for 50)" --owner B --owner-id "$OWNER_ID"
	expect_rc "$1: refused at open" 2
	check_contains "$1: says what was found" "$err" "$3"
	check "$1: nothing written" test "$(sqlite3 "$f" 'SELECT count(*) FROM vehicles')" = "$before"
	run "$SY" --db "$f" vehicle list
	expect_rc "$1: not read either" 2
}
planted trigger "CREATE TRIGGER evil AFTER INSERT ON vehicles BEGIN UPDATE vehicles SET owner_name = 'X' WHERE id = new.id; END" "trigger 'evil'"
planted view "CREATE VIEW everything AS SELECT * FROM users" "view 'everything'"
planted column "ALTER TABLE users ADD COLUMN note TEXT" "table 'users'"
planted table "CREATE TABLE loot(x)" "table 'loot'"
planted index "DROP INDEX vehicles_vin" "index 'vehicles_vin' is missing"
planted changed-trigger "DROP TRIGGER vehicles_fts_au; CREATE TRIGGER vehicles_fts_au AFTER UPDATE ON vehicles BEGIN SELECT 1; END" "trigger 'vehicles_fts_au'"
run "$SY" vehicle list
expect_rc "the yard's own database still opens" 0

finish
