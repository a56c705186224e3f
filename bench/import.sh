#!/bin/bash
# Bulk import of a spreadsheet export against the sqlite3 shell's .import of
# the same file into a table with the same columns, indexes and trigram search
# index (the work any import into that table must do).
set -eu
rows=$([ "$BENCH_MODE" = full ] && echo 1000000 || echo 50000)
csv=bench/data/vehicles-$rows.csv
[ -f "$csv" ] || "$BENCH_BIN/bench/sybench" csv "$csv" "$rows"
ours=$BENCH_SCRATCH/import-ours.db
peer=$BENCH_SCRATCH/import-peer.db
rm -f "$ours"* "$peer"*
"$BENCH_BIN/scrapyard" --db "$ours" init --if-new
sqlite3 "$peer" >/dev/null <<'SQL'
PRAGMA journal_mode=WAL;
CREATE TABLE peer(vin TEXT, plate TEXT, owner TEXT, owner_id TEXT, brand_model TEXT, received TEXT, weight REAL,
 registration TEXT, licence TEXT, plates INTEGER);
CREATE INDEX peer_vin ON peer(vin);
CREATE INDEX peer_plate ON peer(plate);
CREATE INDEX peer_owner ON peer(owner);
CREATE INDEX peer_received ON peer(received);
CREATE VIRTUAL TABLE peer_fts USING fts5(vin, plate, owner, content='peer', content_rowid='rowid', tokenize='trigram');
CREATE TRIGGER peer_ai AFTER INSERT ON peer BEGIN
 INSERT INTO peer_fts(rowid, vin, plate, owner) VALUES (new.rowid, new.vin, new.plate, new.owner); END;
SQL
t0=$(date +%s.%N)
"$BENCH_BIN/scrapyard" --db "$ours" vehicle import "$csv" >/dev/null
t1=$(date +%s.%N)
sqlite3 "$peer" -cmd 'PRAGMA synchronous=FULL' ".import --csv --skip 1 $csv peer"
t2=$(date +%s.%N)
awk -v a="$t0" -v b="$t1" -v c="$t2" -v n="$rows" 'BEGIN {
	printf "bench import_vehicles: %.1f s (%d rows, validated, numbered, audited)\n", b - a, n
	printf "bench sqlite3_import_same_file: %.1f s\n", c - b
	printf "ratio import_vs_sqlite3_import: %.2f (ours / peer; target <= 2)\n", (b - a) / (c - b) }'
