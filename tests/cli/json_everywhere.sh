#!/bin/bash
# --json after the subcommand and its operands works for every command:
# one JSON document on stdout (the answer, or the error), never the usage.
# Every form the commands' usage lines name must be in the list below, so
# a command added later is covered or this test says which is missing.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../reliability/common.bash"

export SCRAPYARD_DB=$WORK/yard.db DB=$WORK/yard.db SCRAPYARD_NOW="2026-11-20 10:00:00"
cd "$WORK" || exit 1
"$SY" init --name "Test Yard" --license L-1 --address "1 Road" >/dev/null
stock=$(checkin 1 --weight 1000)
stock2=$(checkin 2)
for s in $("$SY" depollute --steps --json | jq -r '.[] | select(.required and .applies != "nev") | .step'); do
	"$SY" depollute "$stock" --step "$s" --not-present >/dev/null
done
part=$("$SY" part add "$stock" --kind door --grade A --weight-kg 20)
part2=$("$SY" part add "$stock" --kind seat --grade B --weight-kg 15)
cert=$("$SY" cert issue "$stock" --output c.pdf | head -1)
payload=$("$SY" cert show "$cert" --json | jq -r .payload)
waste=$("$SY" waste add --code 900-214-08 --qty 10 --json | jq -r .container_code)
ship=$("$SY" ship parts "$part2" --to "Buyer Ltd" --party-kind buyer --json | jq -r .ship_no)
"$SY" backup "$WORK/b.db" >/dev/null
printf 'route,key,factor,low,high,quality,source\nrecycling,steel,2.0,1.5,2.2,published,site\n' >f.csv
printf 'vin,owner,owner-id\n%s,Imported,%s\n' "$(vin_for 3)" "$OWNER_ID" >v.csv

# Each: the command line, --json added at its end.
forms=(
	"init --if-new"
	"init --name Renamed"
	"site"
	"check vin $(vin_for 1)"
	"check id $OWNER_ID"
	"check uscc 91110000100000000X"
	"check plate 京A12345"
	"check battery 001PEGB1A0000001A11000001"
	"vehicle add --vin $(vin_for 4) --owner B --owner-id $OWNER_ID"
	"vehicle show $stock"
	"vehicle list --search Owner"
	"vehicle import v.csv"
	"vehicle mark $stock2 --deregistered 2026-11-19"
	"due --all"
	"scale list"
	"scale read --port /nonexistent --timeout 1"
	"scale watch --port /nonexistent --timeout 1"
	"scale zero --port /nonexistent"
	"scale tare --port /nonexistent"
	"backup $WORK/b2.db"
	"backup --status"
	"backup key --show"
	"restore $WORK/b.db"
	"maintain"
	"setting"
	"setting backup_reminder_days"
	"setting backup_reminder_days 14"
	"user add clerk9 --role clerk"
	"user list"
	"user passwd"
	"user require-login no"
	"audit verify"
	"audit show $stock"
	"audit key"
	"report mass-balance"
	"report recovery"
	"report carbon"
	"report operations"
	"factors list"
	"factors import f.csv"
	"export --out $WORK/stick"
	"label print vehicle $stock --format text --output l.txt"
	"printer list"
	"printer status"
	"printer retry"
	"printer jobs"
	"printer use -"
	"printer a4 office"
	"cert issue $stock2 --output c2.pdf"
	"cert void $cert --reason test"
	"cert show $cert"
	"cert list"
	"cert pdf $cert --output c3.pdf"
	"cert verify $payload"
	"doc receipt $stock --output r.pdf"
	"doc dismantling $stock --output d.pdf"
	"doc ledger parts --output lp.pdf"
	"doc cod $stock --output cod.pdf"
	"doc mofcom $stock --output m.pdf"
	"doc dereg $stock --output dr.pdf"
	"filing list"
	"filing show 1"
	"filing done 1 --reference R-1"
	"filing rules"
	"photo add $stock nosuch.jpg --what entry"
	"photo list $stock"
	"photo folder -"
	"depollute $stock --show"
	"depollute --steps"
	"depollute $stock2 --step battery --not-present"
	"depollute $stock2 --undo battery --reason test"
	"part add $stock --kind mirror --grade B"
	"part list"
	"part show $part"
	"part move $part --location A-01"
	"part update $part --grade B"
	"part sell $part --to Someone --party-kind buyer"
	"part kinds"
	"ship parts $part --to Buyer2 --party-kind buyer"
	"ship material --material steel --weight-kg 100 --to Recycler --party-kind recycler"
	"ship list"
	"ship ledger"
	"ship show $ship"
	"ship party add --name Newco --kind buyer"
	"ship party list"
	"waste add --code 900-214-08 --qty 5"
	"waste store $waste"
	"waste ship $waste --handler Handler"
	"waste list"
	"waste show $waste"
	"waste stock"
	"waste codes"
	"devices"
	"idcard list"
	"idcard read --port /nonexistent --timeout 1"
	"idcard use -"
	"scale use -"
	"server init --url host=/nonexistent"
	"server migrate --url host=/nonexistent"
	"server add-yard --url host=/nonexistent --licence L-9 --name Other --role yard9"
	"sync status"
	"user set clerk9 --full-name Someone"
	"vehicle correct $stock2 --colour white --reason test"
	"vehicle close $stock"
	"vehicle cancel $stock2 --reason test"
)

# The forms the usage lines name: "COMMAND" or "COMMAND SUB" (a word, or
# words joined by |), as "scrapyard COMMAND ..." lines show them.
named_forms() {
	local cmd
	for cmd in $("$SY" --help | sed -n '/^Commands:/,/^$/p' | awk 'NF > 1 { print $1 }'); do
		"$SY" "$cmd" --help 2>/dev/null | grep -o "scrapyard $cmd [^ ]*" | awk -v c="$cmd" '{
			sub_ = $3
			if (sub_ ~ /^[a-z][a-z|-]*$/) { n = split(sub_, alt, "|"); for (i = 1; i <= n; i++) print c " " alt[i] }
			else print c
		}'
	done | sort -u
}
covered() { # FORM: some line of the list starts with it
	local f
	for f in "${forms[@]}"; do
		case "$f " in "$1 "*) return 0 ;; esac
	done
	return 1
}
while read -r form; do
	check "the list covers '$form'" covered "$form"
done < <(named_forms)

for f in "${forms[@]}"; do
	# shellcheck disable=SC2086
	run "$SY" $f --json
	check "$f --json: one JSON document, no usage" bash -c '[ "$(jq -s length <<<"$1" 2>/dev/null)" = 1 ] && ! grep -q "usage:" <<<"$2"' _ "$out" "$err"
done
finish
