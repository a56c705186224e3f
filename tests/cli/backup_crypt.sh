#!/bin/bash
# Encrypted backups: the round trip, refusals (wrong key, cut short, a bit
# flipped, foreign files) that leave the database byte for byte as it was,
# the recovery code on a new machine, plain backups old and new, and the
# modes of what holds owners' data whatever the umask.
source "$(dirname "$0")/../lib.sh"

add_vehicle() { # SERIAL
	"$SY" vehicle add --vin "$(vin "$1")" --owner "张三" --owner-id 11010519491231002X --registration --licence --plates 2 --received 2026-03-02 >/dev/null
}
q() { sqlite3 "$1" "$2"; } # FILE SQL
count() { q "$SCRAPYARD_DB" 'SELECT count(*) FROM vehicles'; }
# The database as bytes: the main file and its -wal, whatever is in them.
fingerprint() { cat "$SCRAPYARD_DB" "$SCRAPYARD_DB-wal" 2>/dev/null | sha256sum | cut -d' ' -f1; }
mode() { stat -c %a "$1"; }

export SCRAPYARD_DB=$WORK/yard/yard.db SCRAPYARD_USER=clerk
umask 000
run "$SY" init --name "Test Yard" --license L-1 --address "1 Road"
expect_rc "init under umask 000" 0
check "init makes the backup key" test -f "$SCRAPYARD_DB.backup-key"
check "the key is the owner's and the group's to read only (0640)" test "$(mode "$SCRAPYARD_DB.backup-key")" = 640
check_contains "init says how to show the recovery code" "$out" "backup key --show"
for i in 1 2 3; do add_vehicle "$i"; done

# --- modes under umask 000 (and the -wal and -shm while a terminal has the file open)
check "database 0660 under umask 000" test "$(mode "$SCRAPYARD_DB")" = 660
check "its folder 0770 under umask 000" test "$(mode "$WORK/yard")" = 770
python3 - "$SCRAPYARD_DB" >"$WORK/walmodes" <<'PY'
import os, sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.execute("BEGIN IMMEDIATE"); c.execute("UPDATE settings SET value = value")
print(" ".join(oct(os.stat(sys.argv[1] + s).st_mode & 0o777) for s in ("-wal", "-shm")))
c.rollback()
PY
check "its -wal and -shm 0660 too ($(cat "$WORK/walmodes"))" test "$(cat "$WORK/walmodes")" = "0o660 0o660"
printf '\xff\xd8\xff\xe0 not really a photo' >/dev/null
run "$SY" cert issue "$(q "$SCRAPYARD_DB" 'SELECT stock_no FROM vehicles LIMIT 1')"
cert=$(find "$WORK/yard/certificates" -name '*.pdf' 2>/dev/null | head -1)
if [ -n "$cert" ]; then
	check "certificates folder 0770" test "$(mode "$WORK/yard/certificates")" = 770
	check "a certificate 0660" test "$(mode "$cert")" = 660
else
	echo "# no certificate issued here ($err): its modes are checked in tests/pdf"
fi
mkdir -p "$WORK/out"
run "$SY" export --out "$WORK/out" --json
expect_rc "export under umask 000" 0
folder=$(jq -r .folder <<<"$out")
check "export folder 0770" test "$(mode "$folder")" = 770
check "export files 0660" test "$(stat -c %a "$folder"/* | sort -u)" = 660

# --- a round trip
mkdir -p "$WORK/stick"
run "$SY" backup "$WORK/stick" --json
expect_rc "encrypted backup" 0
file=$(jq -r .path <<<"$out")
check "JSON says encrypted" test "$(jq .encrypted <<<"$out")" = true
check "named .backup" contains "$file" ".backup"
check "the backup 0660" test "$(mode "$file")" = 660
check "starts with the format's magic" test "$(head -c 8 "$file")" = SYBACKUP
check "no owner's name in it" test "$(grep -c "张三" "$file")" = 0
check "not a database to sqlite3" test -z "$(q "$file" 'SELECT count(*) FROM sqlite_master' 2>/dev/null)"
check "no plain copy left beside the database" test -z "$(ls -A "$WORK/yard" | grep tmp)"
check "no temporary file on the stick" test -z "$(ls -A "$WORK/stick" | grep tmp)"
add_vehicle 4
run "$SY" restore "$file"
expect_rc "restore of the encrypted backup" 0
check "the three vehicles back, the fourth gone" test "$(count)" = 3
run "$SY" audit verify --against "$file"
expect_rc "an encrypted backup is an anchor too" 0

# --- refusals, the database untouched byte for byte
refused() { # NAME FILE WANT [ARGS...]
	local name=$1 f=$2 want=$3
	shift 3
	local before
	before=$(fingerprint)
	run "$SY" restore "$f" "$@"
	expect_rc "$name: refused" 1
	check_contains "$name: says why" "$err" "$want"
	check_contains "$name: says nothing was changed" "$err" "nothing was changed"
	check "$name: database bytes unchanged" test "$(fingerprint)" = "$before"
	check "$name: nothing kept aside, no copy left" test -z "$(ls -A "$WORK/yard" | grep -e before-restore -e tmp)"
}
rm -f "$WORK/yard/"*.before-restore-*
add_vehicle 5
size=$(stat -c %s "$file")
head -c $((size - 100)) "$file" >"$WORK/cut.backup"
refused "cut short" "$WORK/cut.backup" "cut short"
head -c 40 "$file" >"$WORK/stub.backup"
refused "cut inside the header" "$WORK/stub.backup" "cut short"
cp "$file" "$WORK/flip.backup"
printf '\x55' | dd of="$WORK/flip.backup" bs=1 seek=$((size / 2)) conv=notrunc status=none
refused "a bit flipped" "$WORK/flip.backup" "damaged"
cp "$file" "$WORK/head.backup"
printf '\x02' | dd of="$WORK/head.backup" bs=1 seek=40 conv=notrunc status=none
refused "the stream's header changed" "$WORK/head.backup" "damaged"
cp "$file" "$WORK/chunk.backup"
printf '\x01' | dd of="$WORK/chunk.backup" bs=1 seek=13 conv=notrunc status=none
refused "the chunk size changed" "$WORK/chunk.backup" "damaged"
cp "$file" "$WORK/tail.backup"
printf 'x' >>"$WORK/tail.backup"
refused "bytes after the end" "$WORK/tail.backup" "damaged"
head -c 200000 /dev/urandom >"$WORK/random.bin"
refused "random bytes" "$WORK/random.bin" "not a scrapyard backup"
sqlite3 "$WORK/plain-foreign.db" "CREATE TABLE t(x); INSERT INTO t VALUES (1)"
refused "a plain SQLite file of something else" "$WORK/plain-foreign.db" "not a scrapyard database"
SCRAPYARD_DB=$WORK/other/yard.db "$SY" init --name Other --license L-9 --address Elsewhere >/dev/null
SCRAPYARD_DB=$WORK/other/yard.db "$SY" backup "$WORK/other.backup" >/dev/null
refused "another yard's key" "$WORK/other.backup" "another key"
code=$("$SY" backup key --show --json | jq -r .recovery_code)
wrong=$(SCRAPYARD_DB=$WORK/other/yard.db "$SY" backup key --show --json | jq -r .recovery_code)
refused "a wrong recovery code" "$file" "another key" --key "$wrong"
refused "a mistyped recovery code" "$file" "recovery code is not right" --key "${code:0:20}Z${code:21}"

# --- the recovery code
check "recovery code: 11 groups of 5" test "$(tr -cd - <<<"$code" | wc -c)" = 10
run "$SY" backup key --show
expect_rc "key --show" 0
check_contains "shows the same code" "$out" "$code"
check "each showing is in the audit trail" test "$(q "$SCRAPYARD_DB" "SELECT count(*) FROM audit WHERE action = 'backup_key_shown'")" = 2
run "$SY" audit verify
expect_rc "the trail verifies with the showings" 0

mkdir -p "$WORK/newpc"
run env SCRAPYARD_DB="$WORK/newpc/yard.db" "$SY" restore "$file"
expect_rc "a new machine without the code: refused" 1
check_contains "says to give --key" "$err" "--key"
lower=$(tr 'A-Z-' 'a-z ' <<<"$code")
run env SCRAPYARD_DB="$WORK/newpc/yard.db" "$SY" restore "$file" --key "$lower" --json
expect_rc "a new machine from the code alone (lower case, spaces)" 0
check "the data is there" test "$(q "$WORK/newpc/yard.db" 'SELECT count(*) FROM vehicles')" = 3
check "the code became its backup key" test "$(jq .key_saved <<<"$out")" = true
check "same key id" test "$(SCRAPYARD_DB=$WORK/newpc/yard.db "$SY" backup key --show --json | jq -r .key_id)" = "$("$SY" backup key --show --json | jq -r .key_id)"
run env SCRAPYARD_DB="$WORK/newpc/yard.db" "$SY" restore "$file"
expect_rc "and restores with it from then on" 0

# --- plain backups: only when asked, with a warning; old ones still restore
run "$SY" backup "$WORK/stick" --plain --json
expect_rc "plain backup" 0
plain=$(jq -r .path <<<"$out")
check "JSON says not encrypted" test "$(jq .encrypted <<<"$out")" = false
check_contains "warns on stderr" "$err" "not encrypted"
check "a plain backup is a database" test "$(q "$plain" 'PRAGMA integrity_check')" = ok
add_vehicle 6
rm -f "$SCRAPYARD_DB.backup-key"
run "$SY" restore "$plain"
expect_rc "a plain backup restores without any key" 0
check "its vehicles back" test "$(count)" = 4
run "$SY" backup "$WORK/stick/again.backup" --json
expect_rc "first backup of a yard without a key" 0
check_contains "says a key was made" "$err" "backup key --show"
check "the key was made" test -f "$SCRAPYARD_DB.backup-key"

# --- a database every user may read
run "$SY" audit verify --json
expect_rc "a private database verifies" 0
check "JSON: private" test "$(jq .private <<<"$out")" = true
chmod o+r "$SCRAPYARD_DB"
run "$SY" audit verify
expect_rc "a world-readable database: verify says so" 1
check_contains "names the exposure" "$err" "may be read by every user"
check_contains "says how to fix it" "$err" "chmod o-rwx"
run "$SY" audit verify --json
check "JSON: not private, names the file" test "$(jq -r .exposed.path <<<"$out")" = "$SCRAPYARD_DB"
chmod o-r "$SCRAPYARD_DB"

# --- the same modes under the usual umask 022 (which would leave o+r and take g+w)
umask 022
y22=$WORK/y22/yard.db
SCRAPYARD_DB=$y22 "$SY" init --name Y22 --license L-22 --address Road >/dev/null
check "database 0660 under umask 022" test "$(mode "$y22")" = 660
check "its folder 0770 under umask 022" test "$(mode "$WORK/y22")" = 770
SCRAPYARD_DB=$y22 add_vehicle 22
mkdir -p "$WORK/out22"
run env SCRAPYARD_DB="$y22" "$SY" export --out "$WORK/out22" --json
folder=$(jq -r .folder <<<"$out")
check "export folder 0770 under umask 022" test "$(mode "$folder")" = 770
check "export files 0660 under umask 022" test "$(stat -c %a "$folder"/* | sort -u)" = 660
run env SCRAPYARD_DB="$y22" "$SY" backup "$WORK/stick/y22.backup"
check "backup 0660 under umask 022" test "$(mode "$WORK/stick/y22.backup")" = 660
run env SCRAPYARD_DB="$y22" "$SY" audit verify
expect_rc "a yard made under umask 022 is private to audit verify" 0
finish
