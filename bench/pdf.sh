#!/bin/bash
# Certificates and long documents against python3-reportlab drawing the same
# pages (bench/cert_reportlab.py), whole process and in process.
set -eu
runs=$([ "$BENCH_MODE" = full ] && echo 30 || echo 10)
B=$BENCH_BIN
make --no-print-directory BUILD="$(basename "$B")" CFLAGS="-O2 -DNDEBUG" "$(basename "$B")/tests/helpers/pdf_bench" >/dev/null
source "$(dirname "$0")/lib.bash"

# Whole process: open, read, render, record durably. The PDF glyph cache
# starts empty: the first certificate fills it, as on a new machine.
export XDG_CACHE_HOME=$BENCH_SCRATCH/cache
rm -rf "$XDG_CACHE_HOME"
db=$BENCH_SCRATCH/cert.db
rm -f "$db"*
"$B/scrapyard" --db "$db" init --name 绿源报废汽车回收有限公司 --license BJ-2026-001 --address 北京市大兴区 >/dev/null
vins=(); while read -r v; do vins+=("$v"); done < <(python3 - "$runs" <<'PY'
import sys
t = dict(zip("ABCDEFGHJKLMNPRSTUVWXYZ", [1,2,3,4,5,6,7,8,1,2,3,4,5,7,9,2,3,4,5,6,7,8,9]))
w = [8,7,6,5,4,3,2,10,0,9,8,7,6,5,4,3,2]
for i in range(int(sys.argv[1])):
    v = "LSVAU2180N%07d" % (2183000 + i)
    s = sum((int(c) if c.isdigit() else t[c]) * w[k] for k, c in enumerate(v)) % 11
    print(v[:8] + ("X" if s == 10 else str(s)) + v[9:])
PY
)
for v in "${vins[@]}"; do
	"$B/scrapyard" --db "$db" vehicle add --vin "$v" --owner 张三 --owner-id 11010519491231002X --registration --licence --plates 2 >/dev/null
done
all=$(for v in "${vins[@]}"; do us_of "$B/scrapyard" --db "$db" cert issue "$v" --output "$BENCH_SCRATCH/c.pdf"; done)
first=$(head -1 <<<"$all")
ours=$(tail -n +2 <<<"$all" | median)
peer=$(for _ in $(seq "$runs"); do us_of /usr/bin/python3 bench/cert_reportlab.py "$BENCH_SCRATCH/r.pdf"; done | median)
awk -v o="$ours" -v p="$peer" -v f="$first" 'BEGIN {
	printf "bench cert_issue_process: %.2f ms\n", o / 1000
	printf "bench cert_issue_process_empty_glyph_cache: %.2f ms (the first certificate of a machine)\n", f / 1000
	printf "bench reportlab_cert_process: %.2f ms\n", p / 1000
	printf "ratio cert_issue_vs_reportlab: %.3f (ours / peer; target <= 0.05)\n", o / p }'

# In process: one certificate, and a ledger of about 1,000 pages.
"$B/tests/helpers/pdf_bench" 500 30000 >"$BENCH_SCRATCH/pdf.txt"
get() { awk -v k="$1" '$1 == k { v = $2 } END { print v }' "$BENCH_SCRATCH/pdf.txt"; }
pages=$(get ledger_pages)
peer_ms=$(for _ in 1 2 3; do us_of /usr/bin/python3 bench/cert_reportlab.py "$BENCH_SCRATCH/r1000.pdf" --pages "$pages"; done | median)
awk -v mean="$(get cert_ms_mean)" -v bytes="$(get cert_bytes)" -v pp="$(get ledger_ms_per_page_median)" -v pages="$pages" -v peer="$peer_ms" 'BEGIN {
	printf "bench cert_render_in_process: %.3f ms (fonts embedded; target < 2 ms)\n", mean
	printf "bench cert_pdf_size: %.1f KB (fonts embedded; target <= 60 KB)\n", bytes / 1024
	printf "bench long_document_per_page: %.3f ms (%d pages, median of 5; target < 0.1 ms)\n", pp, pages
	printf "bench reportlab_long_document_per_page: %.3f ms (whole process / pages)\n", peer / 1000 / pages
	printf "ratio long_document_vs_reportlab: %.3f (ours / peer per page; target <= 0.33)\n", pp / (peer / 1000 / pages) }'
