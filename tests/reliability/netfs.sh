#!/bin/bash
# The database stays on one host: on a network or FUSE file system (a real
# sshfs mount here, served by sftp-server through a stand-in for ssh, so no
# network and no ssh server are needed) it is refused with what to do
# instead, nothing is created or touched there, and a backup may still go
# to such a share (a copy is not a shared database).
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.bash"
MNT=$WORK/mnt
SHARE=$WORK/share
cleanup() {
	mountpoint -q "$MNT" 2>/dev/null && fusermount3 -u "$MNT"
	rm -rf "$WORK"
}
trap cleanup EXIT
skip() { n_checks=$((n_checks + 1)); echo "ok $n_checks # skip $1"; }
sum() { sha256sum "$1" | cut -d' ' -f1; }

have() { command -v "$1" >/dev/null; }
check "sshfs is installed" have sshfs
check "fusermount3 is installed" have fusermount3
SFTP=/usr/lib/openssh/sftp-server
check "sftp-server is installed" test -x "$SFTP"

mkdir -p "$MNT" "$SHARE"
printf '#!/bin/sh\nexec %s\n' "$SFTP" >"$WORK/ssh"
chmod +x "$WORK/ssh"
if ! sshfs -o ssh_command="$WORK/ssh" "localhost:$SHARE" "$MNT" 2>"$WORK/mount.err"; then
	skip "no FUSE mount possible here ($(head -1 "$WORK/mount.err"))"
	finish
	exit $?
fi
check "the share is a FUSE mount" test "$(stat -f -c %t "$MNT")" = 65735546

# A new database on the share: refused, nothing created there.
run "$SY" --db "$MNT/yard.db" init --name Yard --license L-1 --address "1 Road"
expect_rc "a new database on sshfs is refused" 2
check_contains "it names the file system" "$err" "network or FUSE file system (FUSE (sshfs"
check_contains "it says where to keep it" "$err" "keep it on this computer's own disk (e.g. /var/lib/scrapyard/yard.db)"
check_contains "it says how the counters reach it" "$err" "over ssh (docs/deployment.md)"
check "one line" test "$(printf '%s\n' "$err" | wc -l)" = 1
check "no database created on the share" test -z "$(ls -A "$SHARE")"

# An existing database copied onto the share: refused before SQLite opens
# it (no -wal, no -shm appear, the file is unchanged).
DB=$WORK/local.db
"$SY" --db "$DB" init --name Yard --license L-1 --address "1 Road" >/dev/null
SCRAPYARD_DB=$DB checkin 1 >/dev/null
sql 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
cp "$DB" "$SHARE/yard.db"
before=$(sum "$SHARE/yard.db")
run "$SY" --db "$MNT/yard.db" vehicle list --json
expect_rc "an existing database on sshfs is refused" 2
check_contains "read-only commands too" "$err" "network or FUSE file system"
run env SCRAPYARD_DB="$MNT/yard.db" "$SY" vehicle add --vin "$(vin_for 2)" --owner "Owner 2" \
	--owner-id "$OWNER_ID" --received 2026-11-02
expect_rc "a check-in on the share is refused (SCRAPYARD_DB)" 2
check "the file on the share is unchanged" test "$(sum "$SHARE/yard.db")" = "$before"
check "no -wal or -shm beside it" test ! -e "$SHARE/yard.db-wal" -a ! -e "$SHARE/yard.db-shm"

# A link on the local disk to the database on the share: the file is what counts.
ln -s "$MNT/yard.db" "$WORK/link.db"
run "$SY" --db "$WORK/link.db" vehicle list
expect_rc "a local link to a database on sshfs is refused" 2
check_contains "the link: same message" "$err" "network or FUSE file system"

run "$SY" --lang zh --db "$MNT/yard.db" vehicle list
expect_rc "Chinese: refused" 2
check_contains "Chinese message" "$err" "网络或 FUSE 文件系统"

# The database on the local disk works, and its backup may go to the share.
run "$SY" --db "$DB" vehicle list --json
expect_rc "the local database opens" 0
run "$SY" --db "$DB" backup "$MNT/backup.db"
expect_rc "a backup may go to the share" 0
check "the backup is on the share" test -s "$SHARE/backup.db"
finish
