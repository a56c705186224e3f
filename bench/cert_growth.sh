#!/bin/bash
# Certificate issue as a whole process (open, read, render, record durably)
# at three sizes of the yard: empty, a tenth of the yard and the whole yard.
# Run by bench/run with the two yards; the glyph cache is warm.
set -eu
runs=$([ "$BENCH_MODE" = full ] && echo 15 || echo 7)
B=$BENCH_BIN
source "$(dirname "$0")/lib.bash"
export XDG_CACHE_HOME=$BENCH_SCRATCH/cache-growth
db=$BENCH_SCRATCH/cert_growth.db
for from in - "$BENCH_SMALL_YARD" "$BENCH_YARD"; do
	rm -f "$db" "$db-wal" "$db-shm"
	if [ "$from" = - ]; then
		"$B/scrapyard" --db "$db" init --name 绿源报废汽车回收有限公司 --license BJ-2026-001 --address 北京市大兴区 >/dev/null
	else
		cp "$from" "$db"
	fi
	size=$(sqlite3 "$db" "SELECT count(*) FROM vehicles")
	times=()
	for i in $(seq "$runs"); do
		vin=$(python3 -c '
import sys
t = dict(zip("ABCDEFGHJKLMNPRSTUVWXYZ", [1,2,3,4,5,6,7,8,1,2,3,4,5,7,9,2,3,4,5,6,7,8,9]))
w = [8,7,6,5,4,3,2,10,0,9,8,7,6,5,4,3,2]
v = "LSVAU2180N%07d" % (2184000 + int(sys.argv[1]))
s = sum((int(c) if c.isdigit() else t[c]) * w[k] for k, c in enumerate(v)) % 11
print(v[:8] + ("X" if s == 10 else str(s)) + v[9:])' "$i")
		"$B/scrapyard" --db "$db" vehicle add --vin "$vin" --owner 张三 --owner-id 11010519491231002X --registration --licence --plates 2 >/dev/null
		times+=("$(us_of "$B/scrapyard" --db "$db" cert issue "$vin" --output "$BENCH_SCRATCH/g.pdf")")
	done
	# The first fills the glyph cache: left out.
	printf '%s\n' "${times[@]:1}" | median | awk -v n="$size" -v r=$((runs - 1)) \
		'{ printf "bench cert_issue_process_at_%d: %.2f ms (median of %d, whole process)\n", n, $1 / 1000, r }'
done
rm -f "$db" "$db-wal" "$db-shm"
