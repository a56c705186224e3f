#!/bin/bash
# Certificates from the command line: issue with its PDF, the QR code read
# back and verified, void with a reason, reissue naming the replaced number,
# show, list, pdf again with the VOID stamp, printing, and the refusals.
source "$(dirname "$0")/../lib.sh"
export SCRAPYARD_DB=$WORK/yard.db SCRAPYARD_NOW=2026-11-27
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
cd "$WORK" || exit 1

"$SY" init --name 某某再生资源回收有限公司 --license JZ-110000-2021-0042 --address 北京市大兴区某某工业园区8号 \
	--phone 010-61234567 >/dev/null
"$SY" vehicle add --vin 1M8GDM9AXKP042788 --plate 京A12345 --owner 张三 --owner-id 11010519491231002X \
	--owner-phone 13800138000 --owner-address 北京市朝阳区建国路88号 --registration --licence --plates 2 \
	--brand-model "大众 FV7160FBMBG" --type car --use non_operating --power petrol --engine-no CSS123456 \
	--first-reg 2012-03-15 --curb-mass 1320 --received 2026-11-25 --weight 1296.5 >/dev/null
"$SY" vehicle add --vin 1M8GDM9A8KP042790 --owner 李四 --owner-id 11010519491231002X --missing engine \
	--owner-statement --received 2026-11-25 >/dev/null

run "$SY" --json --user 李清 cert issue 京a12345 --output first.pdf
expect_rc "issue" 0
check "number in JSON" test "$(echo "$out" | json 'd["number"]')" = "C2026-000001"
check "file in JSON" test "$(echo "$out" | json 'd["file"]')" = "first.pdf"
check "status issued" test "$(echo "$out" | json 'd["status"]')" = "issued"
check "PDF written" test -s first.pdf
text=$(pdftotext -layout first.pdf - 2>/dev/null)
for want in C2026-000001 1M8GDM9AXKP042788 京A12345 张三 11010519491231002X 某某再生资源回收有限公司 \
	JZ-110000-2021-0042 "大众 FV7160FBMBG" CSS123456 "1320 kg" 2012-03-15 2026-11-25 2026-11-27 \
	"小型载客汽车 Small passenger car" "非营运 Non-operating" "汽油 Petrol" 李清 "已收回 2 面"; do
	check_contains "certificate shows $want" "$text" "$want"
done
check_contains "A4" "$(pdfinfo first.pdf 2>&1)" "595.276 x 841.89 pts (A4)"

# the QR code, as a phone reads it, checks out against the yard's record
pdftoppm -r 200 -png first.pdf page 2>/dev/null
qr=$(zbarimg --raw -q page-1.png 2>/dev/null)
check_contains "QR names number and VIN" "$qr" "SYC1|C2026-000001|1M8GDM9AXKP042788|2026-11-27|"
run "$SY" --json cert show C2026-000001
check "show gives the same payload" test "$(echo "$out" | json 'd["payload"]')" = "$qr"
check "show keeps what was printed" test "$(echo "$out" | json 'd["printed"]["owner"]["name"]')" = "张三"
run "$SY" cert verify "$qr"
expect_rc "verify the code read from paper" 0
check_contains "valid" "$out" "valid: certificate C2026-000001"
run "$SY" --json cert verify "${qr%?}0"
[ "${qr: -1}" = 0 ] && run "$SY" --json cert verify "${qr%?}1"
expect_rc "a changed check fails" 1
check "changed check is forged" test "$(echo "$out" | json 'd["result"]')" = "forged"
run "$SY" cert verify "SYC1|C2026-000001|1M8GDM9AXKP042788"
expect_rc "malformed code" 1
check_contains "malformed named" "$out" "malformed"

# one valid certificate per vehicle
run "$SY" cert issue V2026-000001 --output again.pdf
expect_rc "second issue refused" 1
check_contains "says to void first" "$err" "void it first"
check "no file for a refusal" test ! -e again.pdf
# a missing vehicle gets none
run "$SY" cert issue V2026-000002 --output missing.pdf
expect_rc "missing vehicle refused" 1
check_contains "says why" "$err" "missing vehicle"
check_contains "names the part missing" "$err" "came without the engine"
# ... nor a certificate of destruction, nor a deregistration through the yard
run "$SY" doc cod V2026-000002 --output cod.pdf
expect_rc "missing vehicle: no certificate of destruction" 1
check_contains "the engine named there too" "$err" "came without the engine"
run "$SY" vehicle mark V2026-000002 --deregistered 2026-11-27
expect_rc "missing vehicle: no deregistration marked" 1
check_contains "and there" "$err" "came without the engine"
# a vehicle with a certificate: deregistration only after it
"$SY" vehicle add --vin LSVAU2182N2183290 --owner 王五 --owner-id 11010519491231002X --registration --licence \
	--plates 2 --received 2026-11-25 >/dev/null
run "$SY" vehicle mark V2026-000003 --deregistered 2026-11-27
expect_rc "no deregistration before the certificate" 1
check_contains "says to issue it first" "$err" "issue it first"


# void: a supervisor's act with a written reason
run "$SY" cert void C2026-000001
expect_rc "void without reason" 1
check_contains "reason asked for" "$err" "reason"
run "$SY" --json cert void c2026-000001 --reason "车主姓名录入错误 owner name wrong"
expect_rc "void" 0
check "void in JSON" test "$(echo "$out" | json 'd["status"], d["void_reason"]')" = "void 车主姓名录入错误 owner name wrong"
run "$SY" cert void C2026-000001 --reason again
expect_rc "void twice" 1
run "$SY" cert verify "$qr"
expect_rc "a voided certificate does not verify" 1
check_contains "says voided" "$out" "voided"

# the voided one printed again carries the stamp
run "$SY" cert pdf C2026-000001 --output void.pdf
expect_rc "pdf of a void certificate" 0
text=$(pdftotext -layout void.pdf - 2>/dev/null)
check_contains "VOID band" "$text" "已作废 VOIDED"
check_contains "void reason printed" "$text" "车主姓名录入错误 owner name wrong"
check_contains "void date printed" "$text" "作废日期 Date: 2026-11-27"

# reissue: a new number that names the one it replaces
run "$SY" --json cert issue 1M8GDM9AXKP042788
expect_rc "reissue" 0
check "reissue number" test "$(echo "$out" | json 'd["number"], d["replaces"]')" = "C2026-000002 C2026-000001"
default_pdf=$(dirname "$SCRAPYARD_DB")/certificates/C2026-000002.pdf
check "default file: beside the database" test "$(echo "$out" | json 'd["file"]')" = "$default_pdf"
check "default file written" test -s "$default_pdf"
text=$(pdftotext -layout "$default_pdf" - 2>/dev/null)
check_contains "reissue names the replaced number" "$text" "replaces No. C2026-000001"
check "a reissue is no void one" bash -c '! grep -q VOIDED <<<"$1"' _ "$text"

run "$SY" --json cert list
expect_rc "list" 0
check "list: number, stock_no, status" test "$(echo "$out" | json '[(c["number"], c["stock_no"], c["status"]) for c in d]')" = \
	"[('C2026-000002', 'V2026-000001', 'issued'), ('C2026-000001', 'V2026-000001', 'void')]"
run "$SY" cert list --vehicle V2026-000002
expect_rc "list of a vehicle without" 0
run "$SY" cert show C2026-000001
check_contains "show: replaced by" "$out" "C2026-000002"
run "$SY" cert show C2099-000001
expect_rc "unknown number" 1

# the deregistration deadline started with the first certificate
run "$SY" --json vehicle show V2026-000001
check "deregistration due in 7 working days" test "$(echo "$out" | json 'd["dereg_due"]')" = "2026-12-08"

# printing: `lp -- FILE` without a shell (a stand-in lp keeps what it got)
mkdir -p printed fakebin
printf '#!/bin/sh\nprintf "%%s\\n" "$@" >"$PRINTED/args"\nfor last; do :; done\ncp -- "$last" "$PRINTED/"\n' >fakebin/lp
chmod +x fakebin/lp
# and a stand-in lpstat: CUPS running, a default printer, every printer idle
printf '#!/bin/sh\ncase "$1" in -r) echo "scheduler is running" ;; -d) echo "system default destination: office" ;; -p) echo "printer $2 is idle.  enabled since Mon 02 Mar 2026" ;; esac\n' >fakebin/lpstat
chmod +x fakebin/lpstat
export PRINTED=$WORK/printed
run env PATH="$WORK/fakebin:$PATH" "$SY" cert pdf C2026-000002 --output copy.pdf --print
expect_rc "print" 0
check "the printer got the PDF" cmp -s copy.pdf printed/copy.pdf
check "lp got -- before the file" test "$(paste -sd' ' printed/args)" = "-- copy.pdf"
run env PATH=/nonexistent "$SY" cert pdf C2026-000002 --output copy2.pdf --print
expect_rc "no print command" 2
check_contains "says what to install" "$err" "install CUPS"
check "the PDF is still there" test -s copy2.pdf

run "$SY" cert pdf C2026-000002 --output "$WORK/no/such/dir/x.pdf"
expect_rc "unwritable output" 2
run "$SY" cert
expect_rc "usage" 1

# The missing-items line says what was not handed over, and the owner's
# statement only when it is on file.
check_contains "all handed over: none missing" "$(pdftotext -layout first.pdf - 2>/dev/null)" "无 None"
"$SY" vehicle add --vin 1M8GDM9A1KP042789 --owner 赵六 --owner-id 11010519491231002X --plates 1 --licence \
	--owner-statement --received 2026-11-25 >/dev/null
"$SY" cert issue V2026-000004 --output partial.pdf >/dev/null
text=$(pdftotext -layout partial.pdf - 2>/dev/null | tr -s ' \n' ' ')
check_contains "names the registration certificate not handed over" "$text" "机动车登记证书 registration certificate"
check_contains "and the plate" "$text" "号牌1面 1 number plate"
check_contains "the statement on file" "$text" "车主书面声明已存档"
check "the licence was handed over: not listed" eval '! contains "$text" "机动车行驶证 driving licence、"'
# a record made before the statement was asked: the certificate waits for it
sqlite3 "$SCRAPYARD_DB" "UPDATE vehicles SET owner_statement = 0 WHERE stock_no = 'V2026-000003'"
sqlite3 "$SCRAPYARD_DB" "UPDATE vehicles SET doc_licence = 0 WHERE stock_no = 'V2026-000003'"
run "$SY" cert issue V2026-000003 --output nostatement.pdf
expect_rc "no certificate claims a statement never recorded" 1
check_contains "says what is missing and what to record" "$err" "driving licence, and no written statement"
run "$SY" doc receipt V2026-000003 --output receipt3.pdf
text=$(pdftotext -layout receipt3.pdf - 2>/dev/null | tr -s ' \n' ' ')
check_contains "the receipt says no statement is on file" "$text" "无车主书面声明"
check "and claims none" eval '! contains "$text" "declared in writing by the owner"'
check "nor a statement on file" eval '! contains "$text" "车主书面声明已存档"'
finish
