#!/bin/bash
# Tamper evidence: what someone who can write the database file with the
# sqlite3 shell changes is found (docs/reliability.md, "Threat model").
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.bash"

DB=$WORK/yard.db
export SCRAPYARD_DB=$DB
"$SY" init --name "Test Yard" --license L-1 --address "1 Road" >/dev/null
for i in 1 2 3; do checkin "$i" --weight 1200 >/dev/null; done
copy() { cp "$DB" "$WORK/$1.db"; rm -f "$WORK/$1.db-wal" "$WORK/$1.db-shm"; echo "$WORK/$1.db"; }
"$SY" maintain >/dev/null # the WAL into the file, so that copies are whole

# --- the schema is checked at open: a planted trigger, view, column or index is refused
planted() { # NAME SQL SAYS
	local f
	f=$(copy "$1")
	sqlite3 "$f" "$2"
	local before
	before=$(sqlite3 "$f" 'SELECT count(*) FROM vehicles')
	run "$SY" --db "$f" vehicle add --vin "$(vin_for 50)" --owner B --owner-id "$OWNER_ID"
	expect_rc "$1: refused at open" 2
	check_contains "$1: says what was found" "$err" "$3"
	check "$1: nothing written" test "$(sqlite3 "$f" 'SELECT count(*) FROM vehicles')" = "$before"
	run "$SY" --db "$f" vehicle list
	expect_rc "$1: not read either" 2
}
planted trigger "CREATE TRIGGER evil AFTER INSERT ON vehicles BEGIN UPDATE vehicles SET owner_name = 'X' WHERE id = new.id; END" "trigger 'evil'"
planted view "CREATE VIEW everything AS SELECT * FROM users" "view 'everything'"
planted column "ALTER TABLE users ADD COLUMN note TEXT" "table 'users'"
planted table "CREATE TABLE loot(x)" "table 'loot'"
planted index "DROP INDEX vehicles_vin" "index 'vehicles_vin' is missing"
planted changed-trigger "DROP TRIGGER vehicles_fts_au; CREATE TRIGGER vehicles_fts_au AFTER UPDATE ON vehicles BEGIN SELECT 1; END" "trigger 'vehicles_fts_au'"
run "$SY" vehicle list
expect_rc "the yard's own database still opens" 0

# --- a yard with a bit of everything, written by the program only
stock=$(sql "SELECT stock_no FROM vehicles ORDER BY id LIMIT 1")
for s in $("$SY" depollute --steps --json | jq -r '.[] | select(.required and .applies != "nev") | .step'); do
	"$SY" depollute "$stock" --step "$s" --not-present >/dev/null
done
part=$("$SY" part add "$stock" --kind door --grade A --weight-kg 20)
cert=$("$SY" cert issue "$stock" --output "$WORK/c1.pdf" | head -1)
stock2=$(sql "SELECT stock_no FROM vehicles ORDER BY id LIMIT 1 OFFSET 1")
run "$SY" audit verify
expect_rc "the program's own records agree with the trail" 0
check_contains "says how many records agree" "$out" "records agree with it"
"$SY" maintain >/dev/null
cp "$DB" "$WORK/clean.db"
restore_clean() { cp "$WORK/clean.db" "$DB"; rm -f "$DB-wal" "$DB-shm"; }

# --- replay: a record changed, added or deleted with the sqlite3 shell is named
edited() { # NAME SQL WANT...
	local name=$1 sql_text=$2
	shift 2
	restore_clean
	sql "$sql_text"
	run "$SY" audit verify --json
	expect_rc "$name: found" 1
	for want in "$@"; do
		check_contains "$name: names $want" "$out" "$want"
	done
}
edited "owner's name" "UPDATE vehicles SET owner_name = 'Someone Else' WHERE stock_no = '$stock'" '"field":"owner_name"' "\"ref\":\"$stock\""
edited "owner's ID number" "UPDATE vehicles SET owner_id = '110105194912310038' WHERE stock_no = '$stock'" '"field":"owner_id"'
edited "a vehicle's salt changed (its commitments no longer open)" \
	"UPDATE personal_salts SET salt = '00000000000000000000000000000000' WHERE vehicle_id = (SELECT id FROM vehicles WHERE stock_no = '$stock')" \
	'"field":"owner_name"' "\"ref\":\"$stock\""
edited "a vehicle's salt deleted" "DELETE FROM personal_salts WHERE vehicle_id = (SELECT id FROM vehicles WHERE stock_no = '$stock')" \
	'"field":"owner_name"'
edited "weighed mass" "UPDATE vehicles SET weighed_kg = 900 WHERE stock_no = '$stock'" '"field":"weighed_kg"'
edited "a part's weight" "UPDATE parts SET weight_kg = 2 WHERE part_no = '$part'" '"field":"weight_kg"' "\"ref\":\"$part\""
edited "a deleted vehicle" "PRAGMA foreign_keys = OFF; DELETE FROM vehicles WHERE stock_no = '$stock2'" '"entity":"vehicle"' "deleted outside scrapyard"
edited "a deleted certificate" "DELETE FROM certificates WHERE number = '$cert'" '"entity":"certificate"' "deleted outside scrapyard"
edited "a vehicle added" "INSERT INTO vehicles(stock_no, vin, received_date, owner_kind, owner_name, owner_id, created_by, created_at, updated_at)
	VALUES ('V2026-009999', '$(vin_for 99)', '2026-11-02', 'person', 'Ghost', '$OWNER_ID', 'x', 'x', 'x')" '"ref":"V2026-009999"' "no audit entry"
edited "a clerk made admin" "INSERT INTO users(name, role, pin_hash, created_at) VALUES ('eve', 'admin', 'x', 'x')" '"entity":"user"' '"ref":"eve"'
edited "a planted setting" "INSERT INTO settings VALUES ('print_command', 'sh -c evil')" '"ref":"print_command"'
edited "an emptied trail" "DELETE FROM audit" '"intact":false' "the audit trail is empty"

# An un-voided certificate: found, and cert verify goes by the trail.
restore_clean
payload=$("$SY" cert show "$cert" --json | jq -r '.payload // empty')
"$SY" cert void "$cert" --reason "wrong plate" >/dev/null
sql "UPDATE certificates SET status = 'issued', void_reason = NULL, voided_at = NULL, voided_by = NULL WHERE number = '$cert'"
run "$SY" audit verify --json
expect_rc "un-voided certificate: found" 1
check_contains "un-voided certificate: the status named" "$out" '"field":"status"'
if [ -n "$payload" ]; then
	run "$SY" cert verify "$payload" --json
	expect_rc "cert verify of the un-voided certificate: not valid" 1
	check "cert verify: voided, as the trail says" test "$(jq -r .result <<<"$out")" = voided
	sql "DELETE FROM audit WHERE entity = 'certificate'"
	run "$SY" cert verify "$payload" --json
	check "cert verify: a certificate without its trail is tampered" test "$(jq -r .result <<<"$out")" = tampered
else
	echo "not ok - cert show gives no payload"
fi

# --- anchors: a chain recomputed or cut short is found against them
# forge_from ID: recompute prev_hash and hash from entry ID on, as someone
# with the sqlite3 shell and the program's (public) hashing rule would.
forge_from() {
	local prev id pre h
	prev=$(sql "SELECT coalesce((SELECT hash FROM audit WHERE id < $1 ORDER BY id DESC LIMIT 1), '$(printf '%064d' 0)')")
	while IFS=$'\t' read -r id pre; do
		h=$(LC_ALL=C; printf '%s' "${#prev}:$prev$pre" | sha256sum | cut -c1-64)
		sql "UPDATE audit SET prev_hash = '$prev', hash = '$h' WHERE id = $id"
		prev=$h
	done < <(sqlite3 -json "$DB" "SELECT id, at, user, entity, CAST(entity_id AS TEXT) AS eid, action, old, new FROM audit WHERE id >= $1 ORDER BY id" |
		jq -r '.[] | [.id, ([.at, .user, .entity, .eid, .action, .old, .new] | map(if . == null then "-:" else "\(utf8bytelength):\(.)" end) | join(""))] | @tsv')
}
restore_clean
run "$SY" export --out "$WORK/stick" --json
expect_rc "an export" 0
folder=$(jq -r .folder <<<"$out")
check "the export's manifest has the trail's head" test "$(jq .audit_head.entry "$folder/manifest.json")" = "$(sql 'SELECT max(id) FROM audit')"
run "$SY" backup "$WORK/anchor.db" --json
check "the backup names the trail's head" test "$(jq .audit_head.entry <<<"$out")" = "$(sql 'SELECT max(id) FROM audit')"
check "the backup record keeps it" test "$(sql 'SELECT audit_entry FROM backups ORDER BY id DESC LIMIT 1')" = "$(sql 'SELECT max(id) FROM audit')"
run "$SY" report mass-balance --pdf "$WORK/report.pdf"
check "a printed report shows the trail's head" grep -q "Audit trail at printing: entry $(sql 'SELECT max(id) FROM audit')" <(pdftotext "$WORK/report.pdf" -)
printed=$(pdftotext "$WORK/report.pdf" - | sed -n 's/.*entry \([0-9]*\), hash \([0-9a-f]*\).*/\1:\2/p' | head -1)
run "$SY" doc ledger parts --output "$WORK/ledger.pdf"
check "a printed ledger shows it too" grep -q "Audit trail: entry" <(pdftotext "$WORK/ledger.pdf" -)
run "$SY" audit verify --against "$folder"
expect_rc "the export's anchor holds" 0
# Rewrite a VIN in the record and in its entries, recompute the chain (the
# owner's name is in the trail as a salted commitment: a VIN is plain).
victim=$(sql "SELECT id FROM audit WHERE entity = 'vehicle' AND action = 'create' ORDER BY id LIMIT 1")
forged_vin=$(sql "SELECT vin FROM vehicles WHERE id = (SELECT entity_id FROM audit WHERE id = $victim)")
# Every entry of the record that names it (the create, a close...), as a forger would.
sql "UPDATE audit SET new = replace(new, '$forged_vin', 'LMALLORY000000000'), old = replace(old, '$forged_vin', 'LMALLORY000000000')
	WHERE entity = 'vehicle' AND entity_id = (SELECT entity_id FROM audit WHERE id = $victim);
	UPDATE vehicles SET vin = 'LMALLORY000000000' WHERE vin = '$forged_vin'"
forge_from "$victim"
run "$SY" audit verify
expect_rc "a recomputed chain verifies by itself (what the anchors are for)" 0
for anchor in "$folder" "$WORK/anchor.db" "$printed"; do
	run "$SY" audit verify --against "$anchor"
	expect_rc "recomputed chain caught against ${anchor##*/}" 1
	check_contains "says rewritten" "$err" "rewritten"
done
# Cut the newest entries (and what they made), the exports table too.
restore_clean
later_hash=$("$SY" backup "$WORK/later.db" --json | jq -r .audit_head.hash)
last=$(sql "SELECT max(id) FROM audit")
cut=$(sql "SELECT id FROM audit WHERE entity = 'certificate' ORDER BY id LIMIT 1")
sql "DELETE FROM audit WHERE id >= $cut; DELETE FROM certificates; DELETE FROM exports; DELETE FROM backups;
     UPDATE vehicles SET dereg_due = NULL"
run "$SY" audit verify
expect_rc "a cut chain verifies by itself" 0
run "$SY" audit verify --against "$WORK/later.db"
expect_rc "the cut caught against the backup" 1
check_contains "says which entries went" "$err" "the entries after $((cut - 1)) were removed"
check "the backup's head is the last entry" test -n "$later_hash"
run "$SY" audit verify --against "$last:${later_hash:0:16}"
expect_rc "the cut caught against the printed ENTRY:HASH" 1
run "$SY" audit verify --against "12:zz"
expect_rc "a malformed anchor is refused" 1

# --- the keyed MAC: with the yard's key, forged entries fail by themselves
restore_clean
if [ "$(id -u)" -eq 0 ]; then
	run "$SY" audit key
	expect_rc "audit key (root)" 0
	check "the key is root's, readable by the database's group only" test "$(stat -c '%U %a' "$DB.audit-key")" = "root 640"
	checkin 20 >/dev/null
	check "new entries carry a MAC" test "$(sql 'SELECT mac IS NOT NULL FROM audit ORDER BY id DESC LIMIT 1')" = 1
	run "$SY" audit verify
	expect_rc "with the key: intact" 0
	# the vehicle's own entry (the check-in's filings are entered after it)
	victim=$(sql "SELECT max(id) FROM audit WHERE entity = 'vehicle'")
	forged_vin=$(vin_for 20)
	sql "UPDATE audit SET new = replace(new, '$forged_vin', 'LMALLORY000000000') WHERE id = $victim; UPDATE vehicles SET vin = 'LMALLORY000000000' WHERE vin = '$forged_vin'"
	forge_from "$victim"
	run "$SY" audit verify
	expect_rc "a forged entry with the key in place: found without an anchor" 1
	check_contains "says the MAC is wrong" "$err" "keyed MAC"
	sql "UPDATE audit SET mac = NULL"
	run "$SY" audit verify
	expect_rc "MACs stripped: found" 1
	check_contains "says no MAC" "$err" "no keyed MAC"
	sql "DELETE FROM audit WHERE id >= $(sed -n 's/^from //p' "$DB.audit-key")"
	run "$SY" audit verify
	expect_rc "the entries since the key cut: found" 1
	rm -f "$DB.audit-key"
else
	echo "ok # skip the keyed MAC: making the key needs root"
fi

finish
