#!/bin/bash
# scrapyard backup / restore: verified copies while terminals write, refusal
# of damaged, foreign and newer files, the current database kept aside.
source "$(dirname "$0")/../lib.sh"

add_vehicle() { # SERIAL
	"$SY" vehicle add --vin "$(vin "$1")" --owner "张三" --owner-id 11010519491231002X --registration --licence --plates 2 --received 2026-03-02 >/dev/null
}
q() { sqlite3 "$1" "$2"; } # FILE SQL

export SCRAPYARD_DB=$WORK/yard.db SCRAPYARD_USER=clerk
run "$SY" init --name "Test Yard" --license L-1 --address "1 Road"
expect_rc "init" 0
for i in 1 2 3; do add_vehicle "$i"; done
check "three vehicles" test "$(q "$SCRAPYARD_DB" 'SELECT count(*) FROM vehicles')" = 3

# --- a backup to a folder on "the stick" (plain, so that its copy can be
# looked into here; tests/cli/backup_crypt.sh has the encrypted ones)
mkdir -p "$WORK/stick"
run "$SY" backup "$WORK/stick" --plain --json
expect_rc "backup to a folder" 0
check "a plain backup says it is not encrypted" test "$(printf '%s' "$out" | jq .encrypted)" = false
file=$(printf '%s' "$out" | jq -r .path)
check "backup file exists" test -f "$file"
check_contains "named by date" "$file" "$WORK/stick/scrapyard-"
check "backup passes integrity check" test "$(q "$file" 'PRAGMA integrity_check')" = ok
check "backup has the three vehicles" test "$(q "$file" 'SELECT count(*) FROM vehicles')" = 3
check "backup is not left in WAL mode" test "$(q "$file" 'PRAGMA journal_mode')" = delete
check "no temporary file left" test -z "$(ls "$WORK/stick" | grep tmp)"
check "recorded in the backups table" test "$(q "$SCRAPYARD_DB" 'SELECT count(*) FROM backups')" = 1
check "reported counts match" test "$(printf '%s' "$out" | jq .counts.vehicles)" = 3

# --- status and reminder
run "$SY" backup --status --json
expect_rc "status" 0
check "fresh backup is not overdue" test "$(printf '%s' "$out" | jq .overdue)" = false
check "age 0 days" test "$(printf '%s' "$out" | jq .age_days)" = 0
run env SCRAPYARD_NOW="$(date -d '+10 days' +%F)" "$SY" backup --status
expect_rc "status 10 days later" 0
check_contains "reminder after 10 days" "$err" "reminder"
run env SCRAPYARD_NOW="$(date -d '+10 days' +%F)" "$SY" backup --status --json
check "overdue after 10 days" test "$(printf '%s' "$out" | jq .age_days)" = 10
"$SY" init --if-new
"$SY" setting backup_reminder_days 30 >/dev/null
run env SCRAPYARD_NOW="$(date -d '+10 days' +%F)" "$SY" backup --status
check "no reminder within the site's 30 days" test -z "$err"

# --- a stick that is missing
run "$SY" backup "$WORK/nostick/yard.db"
expect_rc "missing folder" 2
check_contains "says the stick may not be mounted" "$err" "mounted"

# --- a full stick and a write-protected one (a small tmpfs in a private
# mount namespace; skipped where mounting is not allowed)
if unshare -rm sh -c "mount -t tmpfs -o size=64k tmpfs '$WORK/stick'" 2>/dev/null; then
	q "$SCRAPYARD_DB" "INSERT INTO settings VALUES ('test_padding', hex(randomblob(200000)))"
	run unshare -rm sh -c "mount -t tmpfs -o size=64k tmpfs '$WORK/stick' && '$SY' backup '$WORK/stick/full.db'; s=\$?; ls '$WORK/stick'; exit \$s"
	expect_rc "full stick" 2
	check_contains "says not enough space" "$err" "not enough space"
	check "nothing left on the full stick" test -z "$out"
	run unshare -rm sh -c "mount -t tmpfs -o ro,size=1m tmpfs '$WORK/stick' && '$SY' backup '$WORK/stick/ro.db'"
	expect_rc "read-only stick" 2
	check_contains "says read-only" "$err" "read-only"
	q "$SCRAPYARD_DB" "DELETE FROM settings WHERE key = 'test_padding'"
else
	echo "# mount namespaces not available: full and read-only stick checks skipped"
fi

# --- backup while another terminal keeps adding vehicles
# Padding makes the copy take a second or two (many steps), so that the
# writer's vehicles land while it runs.
q "$SCRAPYARD_DB" "INSERT INTO settings VALUES ('test_padding', hex(randomblob(8000000)))"
(for i in $(seq 100 199); do
	[ -e "$WORK/stop" ] && break
	add_vehicle "$i" || echo "writer failed at $i" >>"$WORK/writer.err"
done) &
writer=$!
count() { q "$SCRAPYARD_DB" 'SELECT count(*) FROM vehicles'; }
for _ in $(seq 100); do [ "$(count)" -ge 5 ] && break; sleep 0.05; done
before=$(count)
run "$SY" backup "$WORK/stick/busy.db" --plain
after=$(count)
touch "$WORK/stop"
wait "$writer"
expect_rc "backup during writes" 0
check "writer never failed" test ! -s "$WORK/writer.err"
check "vehicles were added while the backup ran ($before -> $after)" test "$after" -gt "$before"
f=$WORK/stick/busy.db
check "integrity ok" test "$(q "$f" 'PRAGMA integrity_check')" = ok
# One snapshot: every vehicle in the copy has its audit entry and no more.
nv=$(q "$f" 'SELECT count(*) FROM vehicles')
na=$(q "$f" "SELECT count(*) FROM audit WHERE entity = 'vehicle' AND action = 'create'")
check "copy's vehicles ($nv) match their audit entries ($na)" test "$nv" = "$na"
check "copy holds a count between the start and the end ($before <= $nv <= $after)" test "$nv" -ge "$before" -a "$nv" -le "$after"
recorded=$(q "$SCRAPYARD_DB" "SELECT json_extract(counts, '$.vehicles') FROM backups WHERE path LIKE '%/busy.db'")
check "recorded count ($recorded) is the copy's ($nv)" test "$recorded" = "$nv"
check "live vehicles match their audit entries too" test "$(count)" = "$(q "$SCRAPYARD_DB" "SELECT count(*) FROM audit WHERE entity = 'vehicle' AND action = 'create'")"
q "$SCRAPYARD_DB" "DELETE FROM settings WHERE key = 'test_padding'"
rm -f "$f"

# --- restore refuses a damaged file and leaves the database untouched
good=$WORK/stick/good.db
run "$SY" backup "$good" --plain
expect_rc "backup for restore tests" 0
before=$(q "$SCRAPYARD_DB" 'SELECT count(*) FROM vehicles')
cp "$good" "$WORK/damaged.db"
# Overwrite pages 2-4 (table roots) with garbage.
head -c 12288 /dev/urandom | dd of="$WORK/damaged.db" bs=4096 seek=1 conv=notrunc status=none
run "$SY" restore "$WORK/damaged.db"
expect_rc "damaged backup refused" 1
check_contains "says damaged" "$err" "damaged"
check "database untouched" test "$(q "$SCRAPYARD_DB" 'SELECT count(*) FROM vehicles')" = "$before"
check "nothing kept aside for a refused restore" test -z "$(ls "$WORK" | grep before-restore)"

printf 'VIN,owner\nnot a database\n' >"$WORK/list.csv"
run "$SY" restore "$WORK/list.csv"
expect_rc "text file refused" 1
check_contains "says not a scrapyard backup" "$err" "not a scrapyard backup"

sqlite3 "$WORK/other.db" "CREATE TABLE t(x); INSERT INTO t VALUES (1)"
run "$SY" restore "$WORK/other.db"
expect_rc "foreign SQLite file refused" 1
check_contains "foreign: not a scrapyard database" "$err" "not a scrapyard database"

cp "$good" "$WORK/newer.db"
q "$WORK/newer.db" "PRAGMA user_version = 99"
run "$SY" restore "$WORK/newer.db"
expect_rc "newer schema refused" 1
check_contains "says newer" "$err" "newer"
check "database still untouched" test "$(q "$SCRAPYARD_DB" 'SELECT count(*) FROM vehicles')" = "$before"

mkdir -p "$WORK/copied"
cp "$good" "$WORK/copied/yard.db"
printf 'x' >"$WORK/copied/yard.db-wal"
run "$SY" restore "$WORK/copied/yard.db"
expect_rc "a file copied with its -wal refused" 1
check_contains "says copied while in use" "$err" "copied while in use"

# --- a good restore keeps the current database aside
add_vehicle 900
run "$SY" restore "$good" --json
expect_rc "restore" 0
aside=$(printf '%s' "$out" | jq -r .previous_kept_as)
check_contains "kept aside under the database's name" "$aside" "yard.db.before-restore-"
check "restored count" test "$(q "$SCRAPYARD_DB" 'SELECT count(*) FROM vehicles')" = "$before"
check "the aside copy has the newer vehicle" test "$(q "$aside" 'SELECT count(*) FROM vehicles')" = $((before + 1))
run "$SY" vehicle show "$(vin 900)"
expect_rc "vehicle added after the backup is gone" 1
run "$SY" vehicle show "$(vin 3)"
expect_rc "vehicle from the backup is there" 0
finish
