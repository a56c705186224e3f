#!/bin/bash
# No English in Chinese mode: depollution choices taken and shown in
# Chinese, statuses, states and destinations by name, missing parts named,
# one word for "not present", lists joined with 、, the parts flow ledger
# naming its parts in Chinese.
source "$(dirname "$0")/../lib.sh"
export SCRAPYARD_DB=$WORK/yard.db SCRAPYARD_NOW=2026-03-02
zh() { run "$SY" --lang zh "$@"; }
english() { grep -Eo "\b($1)\b" <<<"$2" | sort -u | tr '\n' ' '; }
"$SY" init --name 城东报废汽车回收有限公司 --license L1 --address 北京市 >/dev/null

"$SY" vehicle add --vin "$(vin 1)" --owner 张三 --owner-id 11010519491231002X --missing engine,frame --owner-statement >/dev/null
"$SY" vehicle add --vin "$(vin 2)" --registration --licence --plates 2 --owner 李四 --owner-id 11010519491231002X --power bev \
	--battery-code 001PAB0101234A1B20000001 >/dev/null
zh vehicle show V2026-000001
check_contains "missing parts by name, joined with 、" "$out" "发动机、车架"

# Depollution of the electric car, answered in Chinese.
zh depollute V2026-000002 --show
check_contains "blocked steps: what comes first, joined with 、" "$out" "需先完成：高压断电及放电确认、拆除蓄电池"
check "no English list separator there" test "$(grep -c '确认, ' <<<"$out")" = 0
zh depollute V2026-000002 --step hv_insulation --result 合格
expect_rc "the insulation result in Chinese" 0
check_contains "shown in Chinese" "$out" "合格"
zh depollute V2026-000002 --step hv_discharge
zh depollute V2026-000002 --step battery --qty 12
zh depollute V2026-000002 --step traction_battery --qty 300 --state 完好 --code 001PAB0101234A1B20000001
expect_rc "the battery's state in Chinese" 0
check_contains "shown in Chinese" "$out" "完好"
zh depollute V2026-000002 --step airbags --state deployed
expect_rc "a state by its code" 0
check_contains "shown by its Chinese name" "$out" "已引爆"
zh depollute V2026-000002 --step mercury --not-present
check_contains "not present: 无此项" "$out" "无此项"
zh depollute V2026-000002 --step battery_handover --recipient 某梯次利用公司 --recipient-kind 梯次利用企业
expect_rc "the recipient's kind by its Chinese name" 0
check_contains "and shown so" "$out" "梯次利用企业"
zh depollute V2026-000002 --step airbags --state 爆了
check_contains "a wrong answer lists the Chinese names" "$err" "已引爆、已拆除"
run "$SY" --json depollute V2026-000002
check_contains "stored as codes" "$out" '"detail":"intact"'
zh depollute --steps
check "depollute --steps in words" test "$(english 'none|optional|required|all|combustion|nev|high_voltage|gas' "$out")" = ""
check_contains "what a step takes" "$out" "必填"
check_contains "which vehicles" "$out" "有高压系统的车辆"

zh depollute V2026-000002
check "the checklist: no English state or choice" test "$(english 'deployed|removed|intact|damaged|leaking|pass|fail|oem|echelon|recycler' "$out")" = ""

# Waste, certificates, print jobs: states and statuses by name.
zh waste list
check "waste states by name" test "$(english 'open|stored|shipped' "$out")" = ""
check_contains "产生中" "$out" "产生中"
"$SY" cert issue V2026-000002 --output "$WORK/c.pdf" >/dev/null
zh cert list
check_contains "certificate status by name" "$out" "有效"
check "no English status" test "$(english 'issued|void' "$out")" = ""
SCRAPYARD_LABEL_FONT=/usr/share/fonts/truetype/wqy/wqy-microhei.ttc "$SY" label print vehicle V2026-000002 >/dev/null 2>&1
zh printer jobs --all
check "a print job, its state and kind by name" test "$(english 'queued|failed|done|vehicle' "$out")" = ""
check_contains "排队中 or 失败" "$out" "车辆"

# The parts flow ledger names parts in Chinese.
for s in "fuel --qty 2 --unit l" "engine_oil --qty 2 --unit l" "gear_oil --qty 2 --unit l" "brake_fluid --qty 1 --unit l" \
	"steering_fluid --qty 1 --unit l" "coolant --qty 2 --unit l" "washer_fluid --qty 1 --unit l" \
	"refrigerant --qty 0.5 --type R134a" "oil_filter --qty 0.5" "catalyst --qty 3" "mercury --not-present" "tyres --qty 30"; do
	# shellcheck disable=SC2086
	"$SY" depollute V2026-000002 --step $s >/dev/null 2>&1
done
"$SY" part add V2026-000002 --kind door --grade B --weight-kg 20 >/dev/null
"$SY" ship parts P2026-0000001 --to 散客王 --party-kind buyer >/dev/null
run "$SY" doc ledger parts --output "$WORK/ledger.pdf"
expect_rc "parts ledger" 0
check_contains "parts named in Chinese" "$(pdftotext -layout "$WORK/ledger.pdf" - 2>/dev/null)" "车门 Door"
zh ship list
zh part list
check_contains "destination by name" "$out" "回用"
finish
