#!/bin/bash
# A bad environment gives one clear line and exit 2, and never damages the
# file: a lock held too long, an immutable or read-only-mounted file, a full
# disk, damage in the middle of the file, files that are not databases, a
# path through a file, a folder this user may not write, a newer schema.
# (tests/cli/db_errors.sh covers a text file, damage to the first pages,
# a plain lock message, an uncreatable folder and a mode 444 file.)
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.bash"
mounts=()
cleanup() {
	for m in "${mounts[@]}"; do umount "$m" 2>/dev/null; done
	chattr -i "$WORK"/imm/* 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT

sum() { sha256sum "$1" | cut -d' ' -f1; }
one_line() { [ -n "$err" ] && [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ]; }
# fresh NAME: a database with a few vehicles, checkpointed so that the main
# file holds everything (its checksum then tells whether anything wrote to it).
fresh() {
	DB=$WORK/$1
	mkdir -p "$(dirname "$DB")"
	"$SY" --db "$DB" init --name Yard --license L-1 --address "1 Road" >/dev/null </dev/null
	for n in 1 2 3; do SCRAPYARD_DB=$DB checkin "$n" >/dev/null; done
	sql 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
}
# expect_env NAME WORDS: last run failed with exit 2, one line containing WORDS.
expect_env() {
	expect_rc "$1" 2
	check "$1: one line" one_line
	check_contains "$1: says '$2'" "$err" "$2"
}
skip() { n_checks=$((n_checks + 1)); echo "ok $n_checks # skip $1"; }

# 1. A write lock held longer than the busy timeout (the sqlite3 shell holds it).
fresh lock.db
before=$(sum "$DB")
{ echo "BEGIN IMMEDIATE;"; echo ".shell touch '$WORK/held'"; sleep 3; echo "ROLLBACK;"; } | sqlite3 "$DB" >/dev/null &
holder=$!
for _ in $(seq 100); do [ -e "$WORK/held" ] && break; sleep 0.05; done
check "the sqlite3 shell holds the write lock" test -e "$WORK/held"
start=$(date +%s%N)
SCRAPYARD_BUSY_TIMEOUT_MS=300 run "$SY" --db "$DB" vehicle add --vin "$(vin_for 9)" --owner A --owner-id "$OWNER_ID" --registration --licence --plates 2
ms=$(( ($(date +%s%N) - start) / 1000000 ))
expect_env "write while locked" "locked by another terminal"
check "gave up after about the timeout ($ms ms)" test "$ms" -lt 2500
SCRAPYARD_BUSY_TIMEOUT_MS=300 run "$SY" --db "$DB" vehicle list
expect_rc "reading still works while another terminal writes" 0
wait "$holder"
check "lock: file unchanged" test "$(sum "$DB")" = "$before"
run "$SY" --db "$DB" vehicle add --vin "$(vin_for 9)" --owner A --owner-id "$OWNER_ID" --registration --licence --plates 2
expect_rc "lock gone: the same check-in works" 0

# 2. An immutable file (chattr +i stops root too).
mkdir -p "$WORK/imm"
fresh imm/yard.db
before=$(sum "$DB")
if chattr +i "$DB" 2>/dev/null; then
	run "$SY" --db "$DB" vehicle add --vin "$(vin_for 9)" --owner A --owner-id "$OWNER_ID" --registration --licence --plates 2
	expect_env "immutable file" "read-only"
	check "immutable: file unchanged" test "$(sum "$DB")" = "$before"
	chattr -i "$DB"
else
	skip "chattr +i not supported on this file system"
fi

# 3. A read-only mount (a bind mount remounted ro, as a USB stick's lock switch would).
fresh romount/yard.db
before=$(sum "$DB")
mkdir -p "$WORK/ro"
if mount --bind "$WORK/romount" "$WORK/ro" 2>/dev/null; then
	mounts+=("$WORK/ro")
	if mount -o remount,bind,ro "$WORK/ro" 2>/dev/null; then
		run "$SY" --db "$WORK/ro/yard.db" vehicle add --vin "$(vin_for 9)" --owner A --owner-id "$OWNER_ID" --registration --licence --plates 2
		expect_env "read-only mount" "read-only"
		check "read-only mount: file unchanged" test "$(sum "$DB")" = "$before"
	else
		skip "cannot remount read-only here"
	fi
	umount "$WORK/ro"
else
	skip "mount not permitted here (needs root with CAP_SYS_ADMIN)"
fi

# 4. A full disk: a 2 MiB tmpfs.
mkdir -p "$WORK/small"
if mount -t tmpfs -o size=2m tmpfs "$WORK/small" 2>/dev/null; then
	mounts+=("$WORK/small")
	fresh small/yard.db
	before=$(sum "$DB")
	{
		echo "vin,owner,owner-id,received,owner-statement"
		for i in $(seq 100 2100); do
			vin_into vin "$i"
			echo "$vin,An owner with a rather long name number $i,$OWNER_ID,2026-11-02,yes"
		done
	} >"$WORK/big.csv"
	# Nearly full: room for the WAL index and a little WAL, not for 2000 rows.
	avail=$(df --output=avail -B1 "$WORK/small" | tail -1)
	dd if=/dev/zero of="$WORK/small/fill" bs=4096 count=$(( (avail - 96 * 1024) / 4096 )) status=none
	run "$SY" --db "$DB" vehicle import "$WORK/big.csv"
	expect_rc "disk full during an import" 2
	check_contains "disk full: says so" "$err" "is full"
	check "disk full: nothing imported" test "$(sql "SELECT count(*) FROM vehicles")" = 3
	check "disk full: integrity_check" test "$(sql 'PRAGMA integrity_check')" = ok
	# Completely full: not even the WAL index fits.
	dd if=/dev/zero of="$WORK/small/fill2" bs=4096 status=none 2>/dev/null
	run "$SY" --db "$DB" vehicle add --vin "$(vin_for 9)" --owner A --owner-id "$OWNER_ID" --registration --licence --plates 2
	expect_env "disk completely full" "is full"
	check "disk full: file unchanged" test "$(sum "$DB")" = "$before"
	rm -f "$WORK/small/fill" "$WORK/small/fill2"
	run "$SY" --db "$DB" vehicle add --vin "$(vin_for 9)" --owner A --owner-id "$OWNER_ID" --registration --licence --plates 2
	expect_rc "space freed: the check-in works" 0
	umount "$WORK/small"
else
	skip "cannot mount a small tmpfs here: disk-full test not run"
fi

# 5. Damage in the middle of the file: garbage over pages between the first and the last.
fresh mid.db
{
	echo "vin,owner,owner-id,received,owner-statement"
	for i in $(seq 100 1600); do
		vin_into vin "$i"
		echo "$vin,Owner $i,$OWNER_ID,2026-11-02,yes"
	done
} >"$WORK/mid.csv"
"$SY" --db "$DB" vehicle import "$WORK/mid.csv" >/dev/null
sql 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
pages=$(( $(stat -c %s "$DB") / 4096 ))
for p in $((pages / 3)) $((pages / 2)) $((pages * 2 / 3)); do
	head -c 4096 /dev/urandom | dd of="$DB" bs=4096 seek="$p" conv=notrunc status=none
done
before=$(sum "$DB")
worst=0
# (vehicle show in full writes its audit entry, by design: --masked reads only)
for cmd in "vehicle list --limit 100000" "vehicle list --search Owner --limit 100000" "audit verify" "vehicle show --masked V2026-000900"; do
	# shellcheck disable=SC2086
	run "$SY" --db "$DB" $cmd
	[ "$rc" -gt "$worst" ] && worst=$rc
	if [ "$rc" -gt 2 ]; then
		check "damaged middle: '$cmd' fails cleanly" false
	elif [ "$rc" = 2 ]; then
		check "damaged middle: '$cmd' says damaged in one line" eval 'one_line && contains "$err" damaged'
	fi
done
check "damaged middle: found by at least one command" test "$worst" = 2
check "damaged middle: reading changed nothing" test "$(sum "$DB")" = "$before"
run "$SY" --db "$DB" vehicle add --vin "$(vin_for 9)" --owner A --owner-id "$OWNER_ID" --registration --licence --plates 2
check "damaged middle: a check-in fails cleanly (exit 2) or works" test "$rc" = 0 -o "$rc" = 2

# 6. Not databases: random bytes, a truncated database, a folder.
head -c 65536 /dev/urandom >"$WORK/random.db"
before=$(sum "$WORK/random.db")
run "$SY" --db "$WORK/random.db" vehicle list
expect_env "random bytes" "not a scrapyard database"
check "random bytes: unchanged" test "$(sum "$WORK/random.db")" = "$before"
fresh cut.db
head -c 8192 "$WORK/cut.db" >"$WORK/cut2.db"
before=$(sum "$WORK/cut2.db")
run "$SY" --db "$WORK/cut2.db" vehicle list
check "truncated database: exit 2" test "$rc" = 2
check "truncated database: one line" one_line
check "truncated database: unchanged" test "$(sum "$WORK/cut2.db")" = "$before"
mkdir -p "$WORK/folder.db"
run "$SY" --db "$WORK/folder.db" vehicle list
expect_env "a folder as database" "cannot open the database"

# 7. A path through a file (the folder is missing and cannot be made).
echo text >"$WORK/plain"
run "$SY" --db "$WORK/plain/yard.db" vehicle list
expect_env "folder path through a file" "folder"
check "path through a file: file untouched" test "$(cat "$WORK/plain")" = text

# 8. Wrong permissions, checked as an unprivileged user (root ignores modes).
if as_user true 2>/dev/null; then
	SY_PUB=$(sy_public)
	fresh perm/yard.db
	before=$(sum "$DB")
	chmod 755 "$WORK/perm"
	chmod 000 "$DB"
	run as_user "$SY_PUB" --db "$DB" vehicle list
	expect_env "unreadable file" "cannot open the database"
	chmod 666 "$DB"
	chmod 555 "$WORK/perm"
	run as_user "$SY_PUB" --db "$DB" vehicle add --vin "$(vin_for 9)" --owner A --owner-id "$OWNER_ID" --registration --licence --plates 2
	check "writable file in a read-only folder: exit 2" test "$rc" = 2
	check "writable file in a read-only folder: one line" one_line
	check_contains "read-only folder: says what to do" "$err" "folder"
	check "wrong permissions: file unchanged" test "$(sum "$DB")" = "$before"
	chmod 755 "$WORK/perm"
	mkdir -p "$WORK/closed"
	chmod 700 "$WORK/closed"
	run as_user "$SY_PUB" --db "$WORK/closed/new/yard.db" vehicle list
	expect_env "folder this user may not enter" "cannot create the folder"
else
	skip "no unprivileged user to test permissions with"
fi

# 9. A newer schema: refused for reading and writing, file untouched.
fresh newer.db
sql 'PRAGMA user_version=999'
before=$(sum "$DB")
run "$SY" --db "$DB" vehicle add --vin "$(vin_for 9)" --owner A --owner-id "$OWNER_ID" --registration --licence --plates 2
expect_env "newer schema, writing" "newer scrapyard"
run "$SY" --db "$DB" audit verify
expect_env "newer schema, reading" "999"
check "newer schema: file unchanged" test "$(sum "$DB")" = "$before"
finish
