#!/bin/bash
# Owners' personal data (PIPL): ID numbers and phones masked in lists and
# command answers in both languages, shown in full by `vehicle show` to the
# roles the yard allows, each full view in the audit trail; search by a full
# ID number; erasure past the retention period, a dry run first, after which
# the trail still verifies and no erased value is left in the file or its log.
source "$(dirname "$0")/../lib.sh"
export SCRAPYARD_DB=$WORK/yard.db SCRAPYARD_NOW="2022-03-01 10:00:00"
js() { printf '%s' "$out" | python3 -c 'import json, sys; d = json.load(sys.stdin); r = eval(sys.argv[1]); print(*r) if isinstance(r, tuple) else print(r)' "$1" 2>/dev/null; }
cd "$WORK" || exit 1

"$SY" init --name 绿源再生资源回收有限公司 --license JZ-1 --address 北京 >/dev/null
SCRAPYARD_PIN=12341234 "$SY" init --admin boss >/dev/null
SCRAPYARD_PIN=12341234 SCRAPYARD_NEW_PIN=56785678 "$SY" --user boss user add sup --role supervisor >/dev/null
SCRAPYARD_PIN=12341234 SCRAPYARD_NEW_PIN=111111 "$SY" --user boss user add clerk1 --role clerk >/dev/null
clerk() { SCRAPYARD_PIN=111111 "$SY" --user clerk1 "$@"; }
sup() { SCRAPYARD_PIN=56785678 "$SY" --user sup "$@"; }
DOCS=(--registration --licence --plates 2 --type car --power petrol)

OWNER=王建国 OWNER_ID=11010519491231002X PHONE=13812345678 ADDRESS=北京市朝阳区建国路88号院 POSTAL=100022
AGENT=李秀兰 AGENT_ID=320106198001011233 COMPANY=上海顺达物流有限公司 COMPANY_PHONE=13998765432
KEPT=赵明远 KEPT_ID=440305199002154566 KEPT_PHONE=13700001111
clerk vehicle add --vin "$(vin 1)" --plate 京A11111 --owner $OWNER --owner-id $OWNER_ID --owner-phone $PHONE \
	--owner-address $ADDRESS --postal-code $POSTAL "${DOCS[@]}" >/dev/null
clerk vehicle add --vin "$(vin 2)" --plate 京A22222 --owner $COMPANY --owner-kind company --owner-id 91310000MA1K4LQA2E \
	--owner-phone $COMPANY_PHONE --agent $AGENT --agent-id $AGENT_ID "${DOCS[@]}" >/dev/null
clerk vehicle add --vin "$(vin 3)" --plate 京A33333 --owner $KEPT --owner-id $KEPT_ID --owner-phone $KEPT_PHONE "${DOCS[@]}" >/dev/null
V1=V2022-000001 V2=V2022-000002 V3=V2022-000003

# ---- masked in lists, in both languages ----
for lang in en zh; do
	run env SCRAPYARD_LANG=$lang "$SY" --json vehicle list
	check "$lang: the list's ID numbers masked" test "$(js '[v["owner_id"] for v in d]')" = \
		"['440305********4566', '913100********QA2E', '110105********002X']"
	check "$lang: the agent's too" test "$(js 'd[1]["agent_id"]')" = "320106********1233"
	check "$lang: phones masked in the middle" test "$(js '[v["owner_phone"] for v in d]')" = \
		"['137****1111', '139****5432', '138****5678']"
	check "$lang: the address cut to its district" test "$(js 'd[2]["owner_address"]')" = "北京市朝阳区*******"
	check "$lang: no full ID number or phone anywhere in the list" test -z "$(printf '%s' "$out" | grep -e $OWNER_ID -e $PHONE -e $AGENT_ID)"
	run "$SY" --lang $lang vehicle list
	check "$lang: the text list names the owner, no number" test -z "$(printf '%s' "$out" | grep -e $OWNER_ID -e $PHONE)"
	check_contains "$lang: the owner named" "$out" $OWNER
done
run clerk --json vehicle correct $V1 --colour 白 --reason 颜色补录
check "a command's answer masks too" test "$(js 'd["vehicle"]["owner_id"]')" = "110105********002X"

# ---- search ----
run "$SY" --json vehicle list --search $OWNER_ID
check "the full ID number finds its vehicle" test "$(js '[v["stock_no"] for v in d]')" = "['$V1']"
check "listed masked" test "$(js 'd[0]["owner_id"]')" = "110105********002X"
run "$SY" --json vehicle list --search 11010519491231002x
check "typed with a small x too" test "$(js '[v["stock_no"] for v in d]')" = "['$V1']"
run "$SY" --json vehicle list --search 91310000MA1K4LQA2E
check "a company by its credit code" test "$(js '[v["stock_no"] for v in d]')" = "['$V2']"
run "$SY" --json vehicle list --search 1101051949
check "a fragment of an ID number finds nothing, on purpose" test "$(js 'len(d)')" = 0

# ---- full view, audited ----
run clerk --json vehicle show $V1
expect_rc "show" 0
check "vehicle show --json gives the full ID number" test "$(js 'd["owner_id"], d["owner_phone"], d["personal_masked"]')" = \
	"$OWNER_ID $PHONE False"
views=$(sqlite3 yard.db "SELECT count(*) FROM audit WHERE entity = 'personal_view'")
run clerk --json vehicle show --masked $V1
check "vehicle show --masked masks" test "$(js 'd["owner_id"], d["personal_masked"]')" = "110105********002X True"
check "and records no view" test "$(sqlite3 yard.db "SELECT count(*) FROM audit WHERE entity = 'personal_view'")" = "$views"
run "$SY" --json audit show personal_view 1
check "the full view is in the audit trail" test "$(js 'd["entries"][-1]["action"], d["entries"][-1]["user"]')" = "view clerk1"
check "with when" test "$(js 'd["entries"][-1]["at"]')" = "2022-03-01 10:00:00"
check "and which record, without the values" test "$(js 'd["entries"][-1]["new"]["stock_no"]')" = $V1
check "the trail's entry holds no ID number" test -z "$(printf '%s' "$out" | grep -e $OWNER_ID -e $PHONE)"
run "$SY" --json audit show vehicle 1
check "the vehicle's entries carry commitments, not values" test "$(js 'd["entries"][0]["new"]["owner_id"][:3]')" = "c1:"
check "no ID number in the vehicle's trail" test -z "$(printf '%s' "$out" | grep -e $OWNER_ID -e $PHONE -e $OWNER)"

# ---- the role that sees full values ----
run clerk setting full_id_role supervisor
expect_rc "a clerk does not choose who sees full values" 1
run sup setting full_id_role manager
expect_rc "no such role" 1
check_contains "says which" "$err" "clerk, supervisor or admin"
run sup setting full_id_role supervisor
expect_rc "a supervisor restricts full values to supervisors" 0
entries=$(sqlite3 yard.db "SELECT count(*) FROM audit WHERE entity = 'personal_view'")
run clerk --json vehicle show $V1
expect_rc "a clerk still sees the record" 0
check "masked" test "$(js 'd["owner_id"], d["owner_phone"], d["personal_masked"]')" = "110105********002X 138****5678 True"
check_contains "with a note saying why" "$err" "full to a supervisor"
check "a masked view leaves no view entry" test "$(sqlite3 yard.db "SELECT count(*) FROM audit WHERE entity = 'personal_view'")" = "$entries"
run clerk --lang zh vehicle show $V1
check_contains "the note in Chinese" "$err" "已遮蔽"
check "no full ID in the Chinese view" test -z "$(printf '%s' "$out" | grep -e $OWNER_ID)"
run sup --json vehicle show $V1
check "a supervisor sees it in full" test "$(js 'd["owner_id"]')" = $OWNER_ID
check "recorded" test "$(sqlite3 yard.db "SELECT user FROM audit WHERE entity = 'personal_view' ORDER BY id DESC LIMIT 1")" = sup
run sup setting full_id_role -
expect_rc "back to the default" 0

# ---- close V1 and V2 with their certificates in 2022 ----
close_vehicle() {
	clerk cert issue "$1" --output "$1.pdf" >/dev/null || echo "# cert $1 failed"
	for s in "battery --qty 15" "airbags --state removed --qty 2" "fuel --qty 20" "engine_oil --qty 4" "gear_oil --qty 2" \
		"brake_fluid --qty 1" "steering_fluid --qty 1" "coolant --qty 5" "washer_fluid --qty 2" \
		"refrigerant --qty 0.5 --type R134a" "oil_filter --qty 0.5" "catalyst --qty 6" "mercury --not-present" "tyres --qty 40"; do
		# shellcheck disable=SC2086
		clerk depollute "$1" --step $s >/dev/null || echo "# depollute $s failed"
	done
	clerk part add "$1" --kind frame --grade C --dest material --weight-kg 800 >/dev/null
	clerk vehicle mark "$1" --deregistered 2022-03-01 >/dev/null
}
close_vehicle $V1
close_vehicle $V2
clerk cert issue $V3 --output v3.pdf >/dev/null
run "$SY" --json cert list
check "the certificate list names no ID number" test -z "$(printf '%s' "$out" | grep -e $OWNER_ID -e $PHONE)"
check "the certificate prints the ID number in full" contains "$(pdftotext -layout $V1.pdf - 2>/dev/null)" $OWNER_ID
run "$SY" --json vehicle show $V1
check "closed" test "$(js 'd["status"]')" = closed

# ---- retention: nothing due before its time ----
export SCRAPYARD_NOW="2025-02-28 10:00:00"
run "$SY" --json maintain --purge-personal-data
check "nothing due within three years of the certificate" test "$(js 'len(d["vehicles"])')" = 0
run sup setting personal_data_years 2
expect_rc "fewer years than the legal minimum refused" 1

# ---- dry run ----
export SCRAPYARD_NOW="2025-03-02 10:00:00"
before=$(sqlite3 yard.db .dump | sha256sum)
run "$SY" --json maintain --purge-personal-data
expect_rc "dry run" 0
check "lists the two closed vehicles, not the open one" test "$(js '[v["stock_no"] for v in d["vehicles"]]')" = "['$V1', '$V2']"
check "with the fields that would go" test "$(js 'd["vehicles"][0]["fields"]')" = \
	"owner_name, owner_id, owner_phone, owner_address, postal_code"
check "the agent's too" test "$(js 'd["vehicles"][1]["fields"]')" = \
	"owner_name, owner_id, owner_phone, agent_name, agent_id"
check "and the certificate snapshots" test "$(js 'd["vehicles"][0]["certificate_snapshots"]')" = 1
run "$SY" --lang zh maintain --purge-personal-data --dry-run
expect_rc "dry run in Chinese" 0
check_contains "says so in Chinese" "$out" "试运行"
check "the dry run changed nothing" test "$(sqlite3 yard.db .dump | sha256sum)" = "$before"

# ---- the purge ----
run clerk maintain --purge-personal-data --yes
expect_rc "a clerk does not purge" 1
run "$SY" maintain --purge-personal-data --dry-run --yes
expect_rc "dry run and yes together" 1
run sup maintain --purge-personal-data --yes
expect_rc "purge" 0
check_contains "says what it did" "$out" "2 vehicles"
run "$SY" audit verify
expect_rc "the audit chain verifies after the purge" 0
check_contains "and its replay agrees with the records" "$out" "records agree with it"
for value in $OWNER $OWNER_ID $PHONE $ADDRESS $AGENT $AGENT_ID $COMPANY $COMPANY_PHONE; do
	check "'$value' is nowhere in the file" test "$(cat yard.db yard.db-wal 2>/dev/null | grep -ac "$value")" = 0
done
check "the open vehicle's owner is kept (the grep finds what is there)" test "$(cat yard.db yard.db-wal 2>/dev/null | grep -ac $KEPT_ID)" -ge 1
check "the log was emptied" test ! -s yard.db-wal
run "$SY" --json vehicle show $V1
check "the record is still there, its numbers too" test "$(js 'd["stock_no"], d["vin"], d["plate"], d["status"]')" = \
	"$V1 $(vin 1) 京A11111 closed"
check "its personal fields empty" test "$(js 'd["owner_name"], d["owner_id"], d["owner_phone"]')" = "None None None"
check "saying when they were erased" test "$(js 'd["personal_erased_at"]')" = "2025-03-02 10:00:00"
run "$SY" --lang zh vehicle show $V1
check_contains "the text says so, in Chinese" "$out" "个人信息"
run "$SY" --json cert list
check "its certificate still there" test "$(js 'len(d)')" = 3
run "$SY" --json vehicle list --search $KEPT_ID
check "the kept vehicle is still found by its owner's ID" test "$(js '[v["stock_no"] for v in d]')" = "['$V3']"
run "$SY" --json maintain --purge-personal-data
check "nothing left to erase" test "$(js 'len(d["vehicles"])')" = 0
run "$SY" --json audit show vehicle 1
check "the erasure is in the trail" test "$(js 'd["entries"][-1]["action"]')" = erase_personal
cd - >/dev/null || exit 1
[ "$n_failed" = 0 ]
