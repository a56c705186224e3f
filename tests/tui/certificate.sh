#!/bin/bash
# Certificates in the full-screen program: from the vehicle, the fields the
# certificate will carry, F2 and a confirmation (any other key does not
# issue), the number and the PDF beside the database; the list, the PDF
# written again, void with a reason; void refused to a clerk; the rules of
# db/cert on the status line (a second certificate); the command line sees it.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/tmux.bash"

# A second run of the program: the first tmux server gone before the next
# starts (a server still shutting down would take the new session with it).
tui_restart() {
	tui_tmux kill-server 2>/dev/null
	local deadline=$((SECONDS + TUI_TIMEOUT))
	while tui_tmux list-sessions >/dev/null 2>&1 && [ $SECONDS -le $deadline ]; do sleep 0.1; done
	tui_start "$@"
}
TUI_NOW='2026-11-27 09:00:00'

tui_init_db '某某再生资源回收有限公司'
sy() { SCRAPYARD_NOW="$TUI_NOW" "$SY" --db "$DB" "$@"; }
sy vehicle add --vin 1M8GDM9AXKP042788 --plate 京A12345 --owner 张三 --owner-id 11010519491231002X --registration --licence --plates 2 \
	--registration --licence --plates 2 --brand-model "大众 FV7160FBMBG" --type car --use non_operating \
	--power petrol --engine-no CSS123456 --first-reg 2012-03-15 --curb-mass 1320 --received 2026-11-25 >/dev/null

tui_start 80 24
check_screen "menu lists the certificates" "5  Certificates"
tui_keys /
check_screen "search" "V2026-000001"
tui_keys Enter
check_screen "vehicle offers the certificate" "F8Cert."
tui_keys F8
check_screen "preview of the fields" "The certificate will show"
check_screen "owner in the preview" "张三"
check_screen "engine number in the preview" "CSS123456"
check_screen "type by its label" "Small passenger car"
tui_keys F2
check_screen "F2 asks first" "Issue the certificate for V2026-000001"
tui_keys n
check_screen "another key does not issue" "Not issued"
run "$SY" --db "$DB" --json cert list
check "nothing issued yet" test "$(printf '%s' "$out" | tr -d ' \n')" = "[]"
tui_keys F2 Enter
check_screen "issued with its number" "Certificate C2026-000001 issued"
check "PDF beside the database" test -s "$WORK/certificates/C2026-000001.pdf"
check_screen "the PDF path is given" "certificates/C2026-000001.pdf"
run "$SY" --db "$DB" --json cert list
check_contains "cert list has it" "$out" '"number":"C2026-000001"'
check_contains "issued" "$out" '"status":"issued"'

# A second one is refused by db/cert, the message on the status line.
tui_keys Escape F8 F2 Enter
check_screen "second certificate refused" "C2026-000001"
run "$SY" --db "$DB" --json cert list
check "still one certificate" test "$(printf '%s' "$out" | grep -o '"number"' | wc -l)" = 1

# The list: PDF again, void with a reason.
tui_keys Escape Escape Escape Escape
check_screen "menu" "5  Certificates"
tui_keys 5
check_screen "list shows it" "C2026-000001 1M8GDM9AXKP042788 京A12345"
rm -f "$WORK/certificates/C2026-000001.pdf"
tui_keys F7
check_screen "F7 writes the PDF again and says where" "PDF of C2026-000001 written:"
check "the file is there again" test -s "$WORK/certificates/C2026-000001.pdf"
tui_keys F6
check_screen "void asks the reason" "Void certificate C2026-000001"
tui_keys Enter
check_screen "a reason is required" "reason"
tui_type '车主信息有误'; tui_keys Enter
check_screen "voided" "Certificate C2026-000001 voided"
run "$SY" --db "$DB" --json cert list
check_contains "void in the database" "$out" '"status":"void"'
check_contains "with the reason" "$out" '车主信息有误'

# A clerk may not void.
sy vehicle add --vin 1M8GDM9A8KP042790 --owner 李四 --owner-id 11010519491231002X --registration --licence --plates 2 --received 2026-11-25 >/dev/null
sy cert issue V2026-000002 --output "$WORK/second.pdf" >/dev/null
SCRAPYARD_PIN=12341234 sy init --admin boss >/dev/null
SCRAPYARD_PIN=12341234 SCRAPYARD_NEW_PIN=567890 sy --user boss user add clerk1 --role clerk >/dev/null
run "$SY" --db "$DB" --json user list
check_contains "a clerk exists" "$out" "clerk1"
tui_keys F10
check_screen "quit before logging in as a clerk" "[exit 0]"
tui_restart 80 24 SCRAPYARD_PIN=567890 -- --user clerk1
tui_keys 5
check_screen "list" "C2026-000002"
tui_keys F6
check_line "a clerk is refused, the role named" 23 "supervisor"
check_no_screen "and no reason asked" "Void certificate"

# Chinese.
tui_keys F10
check_screen "quit" "[exit 0]"
tui_restart 80 24 -- --lang zh
tui_keys 5
check_screen "zh list" "证明编号"
check_screen "zh void state" "已作废"
tui_keys F10
check_screen "quits" "[exit 0]"
finish
