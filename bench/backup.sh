#!/bin/bash
# Backups, plain against encrypted, of the same database in the same run:
# MB/s of `scrapyard backup` end to end (copy, integrity check, counts,
# fsync, rename; encrypted: sealed and read back too), median of 3 rounds
# each, alternated, and the ratio; then the encryption by itself
# (seal_bench). The database is the bench yard, grown with incompressible
# padding to 256 MB (64 MB quick) so that the copy, not the start-up, is
# measured.
set -u
cd "$(dirname "$0")/.."
B=build-bench
make --no-print-directory BUILD=$B CFLAGS="-O2 -DNDEBUG" $B/scrapyard $B/bench/seal_bench >/dev/null || exit 1
SY=$PWD/$B/scrapyard
case ${BENCH_MODE:-quick} in
full) target_mb=256 ;;
*) target_mb=64 ;;
esac
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sy-bench-backup.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
db=$WORK/yard/yard.db
mkdir -p "$WORK/yard" "$WORK/stick"
if [ -n "${BENCH_YARD:-}" ] && [ -f "$BENCH_YARD" ]; then
	sqlite3 "$BENCH_YARD" ".backup $db"
else
	SCRAPYARD_NOW="2026-03-10 08:00:00" "$SY" --db "$db" init --name Bench --license B-1 --address Road >/dev/null
fi
have_mb=$(($(stat -c %s "$db") / 1000000))
while [ "$have_mb" -lt "$target_mb" ]; do
	sqlite3 "$db" "INSERT INTO settings VALUES ('bench_padding_$have_mb', randomblob(8000000))"
	have_mb=$(($(stat -c %s "$db") / 1000000))
done
export SCRAPYARD_DB=$db SCRAPYARD_USER=bench
"$SY" backup key --show >/dev/null 2>&1
mb=$(awk "BEGIN { printf \"%.1f\", $(stat -c %s "$db") / 1e6 }")
now() { date +%s.%N; }
median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
plain=() sealed=()
for round in 1 2 3; do
	for kind in plain sealed; do
		rm -f "$WORK/stick/b.$kind"
		args=()
		[ "$kind" = plain ] && args=(--plain)
		t0=$(now)
		"$SY" backup "$WORK/stick/b.$kind" "${args[@]}" >/dev/null 2>&1 || { echo "# backup ($kind) failed"; exit 1; }
		t1=$(now)
		rate=$(awk "BEGIN { printf \"%.0f\", $mb / ($t1 - $t0) }")
		if [ "$kind" = plain ]; then plain+=("$rate"); else sealed+=("$rate"); fi
	done
done
p=$(median "${plain[@]}") s=$(median "${sealed[@]}")
echo "bench backup_plain_MBps: $p MB/s (median of 3, ${mb} MB database; rounds ${plain[*]})"
echo "bench backup_encrypted_MBps: $s MB/s (median of 3, ${mb} MB database; rounds ${sealed[*]})"
echo "ratio backup encrypted/plain: $(awk "BEGIN { printf \"%.2f\", $s / $p }")"
$B/bench/seal_bench "$db" "$WORK/stick" 5
