#!/bin/bash
# Where the milliseconds of `scrapyard cert issue` as a whole process go,
# by difference between commands that do a little more each, run in turn
# (medians): starting any program (/bin/true), starting scrapyard
# (--version: loading its libraries), opening the yard and reading a record
# (vehicle show: schema, its check, the user, one query), and issuing (the
# transaction, the PDF and the syncs). The syncs themselves are counted and
# timed by strace. Run by bench/run, or alone: bash bench/cert_breakdown.sh
set -eu
cd "$(dirname "$0")/.."
B=${BENCH_BIN:-$PWD/build-bench}
[ -x "$B/scrapyard" ] || make --no-print-directory BUILD="$(basename "$B")" CFLAGS="-O2 -DNDEBUG" "$(basename "$B")/scrapyard" >/dev/null
runs=$([ "${BENCH_MODE:-quick}" = full ] && echo 21 || echo 9)
work=$(mktemp -d "${BENCH_SCRATCH:-/tmp}/cert-breakdown.XXXXXX")
trap 'rm -rf "$work"' EXIT
export XDG_CACHE_HOME=$work/cache
source "$(dirname "$0")/lib.bash"
vins=$(python3 - $((runs + 3)) <<'PY'
import sys
t = dict(zip("ABCDEFGHJKLMNPRSTUVWXYZ", [1,2,3,4,5,6,7,8,1,2,3,4,5,7,9,2,3,4,5,6,7,8,9]))
w = [8,7,6,5,4,3,2,10,0,9,8,7,6,5,4,3,2]
for i in range(int(sys.argv[1])):
    v = "LSVAU2180N%07d" % (2185000 + i)
    s = sum((int(c) if c.isdigit() else t[c]) * w[k] for k, c in enumerate(v)) % 11
    print(v[:8] + ("X" if s == 10 else str(s)) + v[9:])
PY
)
db=$work/yard.db
SY=$B/scrapyard
"$SY" --db "$db" init --name 绿源报废汽车回收有限公司 --license BJ-2026-001 --address 北京市大兴区 >/dev/null
for v in $vins; do
	"$SY" --db "$db" vehicle add --vin "$v" --owner 张三 --owner-id 11010519491231002X --registration --licence --plates 2 >/dev/null
done
set -- $vins
shown=$1 spare=${!#}
shift
"$SY" --db "$db" cert issue "$1" --output "$work/c.pdf" >/dev/null # fills the glyph cache
shift
set -- "${@:1:$#-1}"
: >"$work/floor"
: >"$work/start"
: >"$work/read"
: >"$work/issue"
for v in "$@"; do
	us_of /bin/true >>"$work/floor"
	us_of "$SY" --version >>"$work/start"
	us_of "$SY" --db "$db" vehicle show "$shown" >>"$work/read"
	us_of "$SY" --db "$db" cert issue "$v" --output "$work/c.pdf" >>"$work/issue"
done
floor=$(median <"$work/floor") start=$(median <"$work/start") read=$(median <"$work/read") issue=$(median <"$work/issue")
awk -v f="$floor" -v s="$start" -v r="$read" -v i="$issue" -v n="$#" 'BEGIN {
	printf "bench cert_issue_process_whole: %.2f ms (median of %d)\n", i / 1000, n
	printf "bench cert_part_any_process: %.2f ms (fork and exec of /bin/true from the shell)\n", f / 1000
	printf "bench cert_part_startup: %.2f ms (scrapyard --version less that: its libraries loaded and linked)\n", (s - f) / 1000
	printf "bench cert_part_open_read: %.2f ms (vehicle show less --version: open, schema and its check, the user, a query)\n", (r - s) / 1000
	printf "bench cert_part_issue: %.2f ms (cert issue less vehicle show: the transaction, the PDF, the syncs)\n", (i - r) / 1000 }'
if command -v strace >/dev/null; then
	# The syncs of one more certificate: the log's header (a new log after
	# the last close), the folder of the new log, the commit, the PDF, and
	# the checkpoint at close (log and database).
	strace -f -c -w -e trace=fsync,fdatasync -o "$work/syncs" "$SY" --db "$db" cert issue "$spare" --output "$work/c.pdf" >/dev/null 2>&1 || true
	[ -s "$work/syncs" ] && awk '$NF == "total" { printf "bench cert_part_syncs: %.2f ms (%d fsync and fdatasync calls of one certificate, strace -w)\n", $2 * 1000, $4 }' "$work/syncs" || true
fi
