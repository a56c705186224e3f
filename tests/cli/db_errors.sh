#!/bin/bash
# Each database failure gives a one-line message saying what to do, exit 2,
# and leaves the file as it was.
source "$(dirname "$0")/../lib.sh"

sum() { sha256sum "$1" | cut -d' ' -f1; }
one_line() { [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ]; }

# Not a database.
echo "just some text, not a database" >"$WORK/notes.txt"
before=$(sum "$WORK/notes.txt")
run "$SY" --db "$WORK/notes.txt" vehicle list
expect_rc "text file as database" 2
check_contains "text file: says it is not a scrapyard database" "$err" "is not a scrapyard database"
check "text file: one line" one_line
check "text file: unchanged" test "$(sum "$WORK/notes.txt")" = "$before"

# A damaged database: garbage over the schema page.
"$SY" --db "$WORK/bad.db" init --name Y --license L --address A >/dev/null
"$SY" --db "$WORK/bad.db" vehicle add --vin 1M8GDM9AXKP042788 --owner A --owner-id 11010519491231002X --registration --licence --plates 2 >/dev/null
sqlite3 "$WORK/bad.db" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
head -c 4096 /dev/urandom | dd of="$WORK/bad.db" bs=1 seek=100 conv=notrunc status=none
before=$(sum "$WORK/bad.db")
run "$SY" --db "$WORK/bad.db" vehicle list
expect_rc "corrupt database" 2
check_contains "corrupt: says to restore the backup" "$err" "restore"
check "corrupt: one line" one_line
check "corrupt: unchanged" test "$(sum "$WORK/bad.db")" = "$before"

# A schema newer than this program.
"$SY" --db "$WORK/new.db" init --if-new
sqlite3 "$WORK/new.db" 'PRAGMA user_version=999'
run "$SY" --db "$WORK/new.db" vehicle list
expect_rc "newer schema" 2
check_contains "newer schema: names the versions" "$err" "999"
check_contains "newer schema: says to upgrade" "$err" "newer scrapyard"

# Locked by another terminal for longer than the busy timeout.
"$SY" --db "$WORK/busy.db" init --name Y --license L --address A >/dev/null
python3 - "$WORK/busy.db" <<'PY' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
open(sys.argv[1] + ".held", "w").close()
time.sleep(3)
c.execute("ROLLBACK")
PY
holder=$!
for _ in $(seq 50); do [ -e "$WORK/busy.db.held" ] && break; sleep 0.1; done
SCRAPYARD_BUSY_TIMEOUT_MS=300 run "$SY" --db "$WORK/busy.db" vehicle add --vin 1M8GDM9AXKP042788 --owner A --owner-id 11010519491231002X --registration --licence --plates 2
expect_rc "locked database" 2
check_contains "locked: says to wait or close the other program" "$err" "locked by another terminal"
check "locked: one line" one_line
wait $holder
run "$SY" --db "$WORK/busy.db" vehicle add --vin 1M8GDM9AXKP042788 --owner A --owner-id 11010519491231002X --registration --licence --plates 2
expect_rc "works again once the lock is gone" 0

# A folder that cannot be created.
run "$SY" --db /proc/no-such-dir/yard.db vehicle list
expect_rc "uncreatable folder" 2
check_contains "uncreatable folder: says so" "$err" "cannot create the folder"

# Read-only: root ignores file modes, so check as an unprivileged user when we are root.
"$SY" --db "$WORK/ro/yard.db" init --name Y --license L --address A >/dev/null
chmod 755 "$WORK" "$WORK/ro"
chmod 444 "$WORK/ro/yard.db"
before=$(sum "$WORK/ro/yard.db")
run as_user "$(sy_public)" --db "$WORK/ro/yard.db" vehicle list
expect_rc "read-only database" 2
check_contains "read-only: says how to fix" "$err" "read-only"
check "read-only: unchanged" test "$(sum "$WORK/ro/yard.db")" = "$before"

# Defaults: XDG_DATA_HOME, then ~/.local/share; SCRAPYARD_DB overrides.
XDG_DATA_HOME=$WORK/xdg "$SY" init --if-new
check "database under XDG_DATA_HOME" test -f "$WORK/xdg/scrapyard/yard.db"
"$SY" init --if-new
check "database under ~/.local/share" test -f "$HOME/.local/share/scrapyard/yard.db"
SCRAPYARD_DB=$WORK/env.db "$SY" init --if-new
check "SCRAPYARD_DB" test -f "$WORK/env.db"
finish
