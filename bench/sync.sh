#!/bin/bash
# Head office sync against a real PostgreSQL 15 (started here, Unix socket,
# stopped at the end):
# - a busy yard's week (1,000 check-ins with pretreatment, parts,
#   certificates and shipments) caught up by `scrapyard sync`, against psql
#   \copy of the same rows into the same tables;
# - the group-wide vehicle search over 10 yards of 100,000 vehicles each
#   (10,000 each in quick mode), p50 and p99.
set -u
cd "$(dirname "$0")/.."
B=build-bench
make --no-print-directory BUILD=$B CFLAGS="-O2 -DNDEBUG" $B/scrapyard $B/bench/sync_bench >/dev/null || exit 1
SY=$PWD/$B/scrapyard
case ${BENCH_MODE:-quick} in
full) checkins=1000 per_yard=100000 searches=2000 ;;
*) checkins=1000 per_yard=10000 searches=500 ;;
esac
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sy-bench-sync.XXXXXX")
source tests/sync/pg.bash
[ -n "$PG_BIN" ] || { echo "# sync: PostgreSQL 15 is not installed (build-aux/packages, group sync)"; exit 0; }
export HOME=$WORK SCRAPYARD_USER=bench
# A head office server's memory: the group's search table stays in it.
PG_OPTS="-c shared_buffers=512MB"
pg_start || exit 1
pg_group_setup busy
"$SY" server init --url service=office >/dev/null || exit 1
"$SY" server add-yard --url service=office --licence BUSY-1 --name "Busy yard" --role busy >/dev/null || exit 1
yard=$WORK/busy.db
SCRAPYARD_NOW="2026-03-10 08:00:00" "$SY" --db "$yard" init --name "Busy yard" --license BUSY-1 --address Road >/dev/null
SCRAPYARD_NOW="2026-03-10 08:00:00" "$SY" --db "$yard" sync --url service=busy >/dev/null || exit 1

# ---- a week caught up ----
# Three rounds, each against the same rows: the yard as it was after its
# week, its partitions at the head office emptied and its mark put back;
# then the peer's. The medians are compared (the machine may be shared).
$B/bench/sync_bench week "$yard" "$checkins" || exit 1
sqlite3 "$yard" ".backup $WORK/week.db"
busy=$(psql_as postgres "SELECT yard_id FROM sy.yards WHERE role = 'busy'")
mark_seq=$(psql_as postgres "SELECT pushed_seq FROM sy.yards WHERE yard_id = $busy")
mark_chain=$(psql_as postgres "SELECT pushed_chain FROM sy.yards WHERE yard_id = $busy")
"$SY" server add-yard --url service=office --licence PEER-1 --name Peer --role peer >/dev/null || exit 1
peer=$(psql_as postgres "SELECT yard_id FROM sy.yards WHERE role = 'peer'")
# Every table a yard owns: the partitioned tables of the head office.
tables=$(psql_as postgres "SELECT string_agg(c.relname, ' ' ORDER BY c.relname) FROM pg_class c
	JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'sy' AND c.relkind = 'p'")
partitions() { local p="" t; for t in $tables; do p="$p${p:+, }sy.${t}_y$1"; done; echo "$p"; }
now() { date +%s.%N; }
median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
sync_times=() copy_times=()
for round in 1 2 3; do
	rm -f "$yard" "$yard-wal" "$yard-shm"
	cp "$WORK/week.db" "$yard"
	psql_as postgres "TRUNCATE $(partitions "$busy");
		UPDATE sy.yards SET pushed_seq = $mark_seq, pushed_chain = '$mark_chain' WHERE yard_id = $busy" >/dev/null ||
		exit 1
	t0=$(now)
	out=$("$SY" --db "$yard" sync --json) || { echo "$out"; exit 1; }
	t1=$(now)
	sync_times+=("$(awk "BEGIN { print $t1 - $t0 }")")
	if [ "$round" = 1 ]; then
		stats=$(printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["rows"], d["changes"], d["batches"])')
		# The peer's rows: the same, written out by psql for \copy into the
		# peer's partitions of the same tables (same indexes).
		: >"$WORK/load.sql"
		for t in $tables; do
			cols=$(psql_as postgres "SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position)
				FROM information_schema.columns WHERE table_schema = 'sy' AND table_name = '$t' AND column_name <> 'yard_id'")
			psql -X -q -h "$PGDIR" -U postgres -d group \
				-c "\\copy (SELECT $peer, $cols FROM sy.$t WHERE yard_id = $busy) TO '$WORK/$t.copy'" || exit 1
			echo "\\copy sy.${t}_y$peer (yard_id, $cols) FROM '$WORK/$t.copy'" >>"$WORK/load.sql"
		done
	fi
	psql_as postgres "TRUNCATE $(partitions "$peer")" >/dev/null
	t0=$(now)
	psql -X -q -1 -v ON_ERROR_STOP=1 -h "$PGDIR" -U postgres -d group -f "$WORK/load.sql" || exit 1
	t1=$(now)
	copy_times+=("$(awk "BEGIN { print $t1 - $t0 }")")
done
set -- $stats
sync_s=$(median "${sync_times[@]}")
copy_s=$(median "${copy_times[@]}")
printf 'bench sync_catch_up_week: %.2f s (median of 3; %d check-ins: %d changes, %d rows at the head office, %d batches)\n' \
	"$sync_s" "$checkins" "$2" "$1" "$3"
printf 'bench psql_copy_same_rows: %.2f s (median of 3)\n' "$copy_s"
printf 'ratio sync_vs_psql_copy: %.2f (ours / peer; target <= 2)\n' "$(awk "BEGIN { print $sync_s / $copy_s }")"

# ---- the group-wide search ----
chars="'ABCDEFGHJKLMNPRSTUVWXYZ0123456789'"
rnd_char() { printf "substr(%s, 1 + floor(random() * %d)::int, 1)" "$1" "$2"; }
vin_mid=$(for k in 1 2 3 4 5 6 7 8; do printf '%s || ' "$(rnd_char "$chars" 33)"; done)
plate_tail=$(for k in 1 2 3 4 5; do printf ' || %s' "$(rnd_char "$chars" 33)"; done)
t0=$(date +%s.%N)
for g in 1 2 3 4 5 6 7 8 9 10; do
	"$SY" server add-yard --url service=office --licence "BENCH-$g" --name "Bench yard $g" --role "bench_$g" >/dev/null ||
		exit 1
done
# Loaded as a bulk import would be: the search index's pending list on for
# the load, then merged into the index by vacuum and turned off again.
psql_as postgres "ALTER INDEX sy.vehicle_search_key SET (fastupdate = on)" >/dev/null
psql_as postgres "INSERT INTO sy.vehicles(yard_id, id, stock_no, vin, plate, brand_model, received_date, owner_kind,
		owner_name, owner_id, status, created_by, created_at, updated_at)
	SELECT y.yard_id, i, 'V' || (2020 + i * 7 / ($per_yard + 1)) || '-' || lpad(i::text, 6, '0'),
		(ARRAY['LSV','LFV','LGB','LVS','LHG','LSG','LDC','LGW','LNB','LBV'])[1 + floor(random() * 10)::int]
		|| $vin_mid lpad(floor(random() * 1000000)::int::text, 6, '0'),
		(ARRAY['京','津','沪','渝','冀','豫','云','辽','黑','湘','皖','鲁','苏','浙','粤','川'])[1 + floor(random() * 16)::int]
		|| chr(65 + floor(random() * 12)::int) $plate_tail,
		'Sedan', to_char(date '2020-01-01' + i * 2500 / $per_yard, 'YYYY-MM-DD'), 'person', 'x', 'x', 'closed',
		'bench', '2026-01-01 00:00:00', '2026-01-01 00:00:00'
	FROM sy.yards y, generate_series(1, $per_yard) i WHERE y.licence_no LIKE 'BENCH-%'" || exit 1
psql_as postgres "VACUUM ANALYZE sy.vehicles" >/dev/null
psql_as postgres "VACUUM ANALYZE sy.vehicle_search" >/dev/null
psql_as postgres "ALTER INDEX sy.vehicle_search_key SET (fastupdate = off)" >/dev/null
t1=$(date +%s.%N)
printf '# sync: %d vehicles loaded into 10 yards in %.0f s\n' "$((per_yard * 10))" "$(awk "BEGIN { print $t1 - $t0 }")"
$B/bench/sync_bench search service=office "$searches"
