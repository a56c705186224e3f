#!/bin/bash
# The ministry's ELV entry sheet and the deregistration cover sheet: one A4
# page each, every field of the record back out of the PDF text, in the
# ministry form's order; a VIN already filed is said on the sheet.
source "$(dirname "$0")/../lib.sh"
export SCRAPYARD_DB=$WORK/yard.db SCRAPYARD_USER=王会计 SCRAPYARD_NOW=2026-04-27
q() { sqlite3 "$SCRAPYARD_DB" "$1"; }

"$SY" init --name 城东报废汽车回收有限公司 --license 京商资2019-001 --address 北京市朝阳区东坝乡 --phone 010-84321234 >/dev/null
"$SY" vehicle add --vin LSVAU2182N2183290 --plate 京A12345 --owner 北京某某物流有限公司 --owner-kind company \
	--owner-id 91350100M000100Y43 --agent 张三 --agent-id 11010519491231002X --owner-phone 13800138000 \
	--owner-address 北京市朝阳区建国路88号 --postal-code 100022 --reg-type other_region --type medium_bus --use non_operating \
	--brand-model "宇通 ZK6729D" --power diesel --displacement 2776 --first-reg 2012-05-10 --engine-no 4JB1T123456 \
	--curb-mass 4980 --length 7250 --passengers 19 --registration --plates 1 --missing aftertreatment --owner-statement >/dev/null

run "$SY" doc mofcom V2026-000001 --output "$WORK/mofcom.pdf"
expect_rc "ministry entry sheet written" 0
check "one page" test "$(pdfinfo "$WORK/mofcom.pdf" | sed -n 's/^Pages: *//p')" = 1
check_contains "A4" "$(pdfinfo "$WORK/mofcom.pdf")" "595.276 x 841.89 pts (A4)"
text=$(pdftotext -layout "$WORK/mofcom.pdf" - 2>/dev/null)
# Every field the ministry's form asks, with its value, in the form's order.
fields=(
	"登记类型:异地登记车辆" "车主类型:单位 Company" "车主名称:北京某某物流有限公司" "证件号码:91350100M000100Y43"
	"联系电话:13800138000" "住址:北京市朝阳区建国路88号" "邮政编码:100022" "经办人姓名:张三"
	"经办人身份证号:11010519491231002X" "车辆类型:中型载客汽车" "使用性质:非营运" "是否新能源汽车:否 No"
	"品牌型号:宇通 ZK6729D" "号牌号码:京A12345" "排量:2776 ml" "燃料种类:柴油" "注册登记日期:2012-05-10"
	"发动机号码:4JB1T123456" "车辆识别代号:LSVAU2182N2183290" "整备质量:4980 kg" "车长:7250 mm" "核定载客人数:19"
	"交车日期:2026-04-27" "系统返回编号:"
)
# A label's value is printed beside it, on its own text line: between the
# label and the next one.
lines=()
for f in "${fields[@]}"; do
	label=${f%%:*}
	lines+=("$(printf '%s\n' "$text" | grep -n -m1 -- "^ *$label\$" | cut -d: -f1)")
done
for i in "${!fields[@]}"; do
	f=${fields[$i]} label=${fields[$i]%%:*} value=${fields[$i]#*:} line=${lines[$i]} next=${lines[$((i + 1))]:-}
	check "sheet has $label" test -n "$line"
	[ -n "$line" ] || continue
	[ -n "$next" ] || next=$((line + 4))
	check "$label in the form's order" test "$next" -gt "$line"
	check "$label shows $value" contains "$(printf '%s\n' "$text" | sed -n "${line},$((next - 1))p")" "$value"
done
for want in 报废机动车回收信息录入单 "Ministry of Commerce ELV information system" V2026-000001 "Enter by 2026-05-04" \
	城东报废汽车回收有限公司 "Entered by" "Checked by"; do
	check_contains "sheet shows $want" "$text" "$want"
done
check "no warning when the VIN is new" test -z "$(printf '%s\n' "$text" | grep 'filed before')"

# An empty field the form requires says to ask the owner.
SCRAPYARD_NOW=2026-04-28 "$SY" vehicle add --vin LGBH52E05KY000002 --owner 李四 --owner-id 11010519491231002X --registration --licence --plates 2 >/dev/null
run "$SY" doc mofcom V2026-000002 --output "$WORK/bare.pdf"
text=$(pdftotext -layout "$WORK/bare.pdf" - 2>/dev/null)
check_contains "a missing field is flagged" "$(printf '%s\n' "$text" | grep -A2 '^ *号牌号码$')" "not recorded: ask the owner"
check_contains "registration type normal unless said" "$(printf '%s\n' "$text" | grep -A2 '^ *登记类型$')" "正常 Normal"

# The deregistration cover sheet: refused before the certificate.
run "$SY" doc dereg V2026-000001 --output "$WORK/dereg.pdf"
expect_rc "no certificate yet" 1
check_contains "says to issue it first" "$err" "cert issue V2026-000001"
SCRAPYARD_NOW=2026-04-29 "$SY" cert issue V2026-000001 --output "$WORK/cert.pdf" >/dev/null
# done on 6 May with the office's receipt number
id=$(q "SELECT id FROM filings WHERE kind = 'deregistration'")
SCRAPYARD_NOW=2026-05-06 "$SY" filing done "$id" --reference JG20260506-017 >/dev/null
run "$SY" doc dereg V2026-000001 --output "$WORK/dereg.pdf"
expect_rc "cover sheet written" 0
check "cover sheet: one page" test "$(pdfinfo "$WORK/dereg.pdf" | sed -n 's/^Pages: *//p')" = 1
text=$(pdftotext -layout "$WORK/dereg.pdf" - 2>/dev/null)
for want in 报废机动车注销登记材料交接单 "vehicle administration office" 城东报废汽车回收有限公司 京商资2019-001 \
	010-84321234 京A12345 LSVAU2182N2183290 "宇通 ZK6729D" 中型载客汽车 4JB1T123456 V2026-000001 \
	北京某某物流有限公司 91350100M000100Y43 "C2026-000001" "2026-04-29" "机动车登记证书" "附原件 Original enclosed" \
	"机动车行驶证" "Missing: see below" "附 1 面，应交 2 面" "缺失部件 Missing parts: 尾气后处理装置" \
	"车主书面声明已存档" "注销期限" 2026-05-08 "送交日期" 2026-05-06 "受理凭证号" JG20260506-017 \
	"Handed over by" "Received by" 王会计; do
	check_contains "cover sheet shows $want" "$text" "$want"
done

# A VIN filed before under another record: the sheet says so first.
id=$(q "SELECT id FROM filings WHERE kind = 'mofcom_entry' AND vehicle_id = 1")
"$SY" filing done "$id" --reference BF-0001 >/dev/null
q "UPDATE vehicles SET status = 'cancelled' WHERE id = 1" # a check-in cancelled after its entry was filed
SCRAPYARD_NOW=2026-05-06 "$SY" vehicle add --vin LSVAU2182N2183290 --owner 王五 --owner-id 11010519491231002X --registration --licence --plates 2 >/dev/null
run "$SY" doc mofcom V2026-000003 --output "$WORK/again.pdf"
expect_rc "sheet of a VIN filed before" 0
text=$(pdftotext -layout "$WORK/again.pdf" - 2>/dev/null)
check_contains "the sheet warns" "$text" "The VIN was filed before: V2026-000001"
check_contains "with the earlier reference" "$text" "BF-0001"

# What a person sees: the pages render.
command -v pdftoppm >/dev/null && {
	pdftoppm -r 50 -png "$WORK/mofcom.pdf" "$WORK/mofcom" && pdftoppm -r 50 -png "$WORK/dereg.pdf" "$WORK/dereg"
	check "both sheets render to images" test -s "$WORK/mofcom-1.png" -a -s "$WORK/dereg-1.png"
}
finish
