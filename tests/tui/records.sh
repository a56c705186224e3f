#!/bin/bash
# A vehicle's record at the screen: the certificate preview shows what will
# be printed (documents, missing items, battery code); a missing engine
# shows on the check-in form and in the saved box, and the certificate is
# refused naming it; the record corrected with a reason (F4), closed (F5)
# and cancelled (F9, a supervisor's, with a reason); in both languages.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/tmux.bash"

# A second run of the program: the first tmux server gone before the next starts.
tui_restart() {
	tui_tmux kill-server 2>/dev/null
	local deadline=$((SECONDS + TUI_TIMEOUT))
	while tui_tmux list-sessions >/dev/null 2>&1 && [ $SECONDS -le $deadline ]; do sleep 0.1; done
	tui_start "$@"
}
TUI_NOW='2026-11-27 09:00:00'
tui_init_db '某某再生资源回收有限公司'
sy() { SCRAPYARD_NOW="$TUI_NOW" "$SY" --db "$DB" "$@"; }
sy vehicle add --vin LFV2A21K0E3000001 --plate 京AD12345 --owner 赵一 --owner-id 11010519491231002X \
	--registration --plates 2 --owner-statement --power bev --battery-code ABCPA011234567L110000001 \
	--received 2026-11-25 >/dev/null

# ---- the certificate preview ----
tui_start 100 40
tui_keys /
check_screen "search" "V2026-000001"
tui_keys Enter F8
check_screen "preview" "The certificate will show"
check_screen "the battery code" "ABCPA011234567L110000001"
check "registration certificate returned" contains "$(tui_screen | grep -m1 'Registration certificate')" "returned"
check "driving licence not returned" contains "$(tui_screen | grep -m1 'Driving licence')" "not returned"
check "plates" contains "$(tui_screen | grep -m1 'Number plates')" "2 of 2 returned"
check_screen "the missing-items line as printed" "未交回 Not handed over: 机动车行驶证 driving licence"
check_screen "with the statement on file" "车主书面声明已存档"
tui_keys Escape

# ---- correct ----
check_screen "the vehicle offers the correction" "F4Correct"
tui_keys F4
check_screen "the form filled from the record" "赵一"
tui_keys Down C-u; tui_type '赵壹'
tui_keys F2
check_screen "asks the reason" "Correct V2026-000001: Owner name"
tui_keys Enter
check_screen "a reason is required" "say why the record is corrected"
tui_type '身份证上的写法'; tui_keys Enter
check_screen "corrected, back on the vehicle" "V2026-000001 corrected: Owner name"
check "the new name shown" contains "$(tui_screen | grep -m1 'Owner name')" "赵壹"
run "$SY" --db "$DB" --json vehicle show V2026-000001
check_contains "saved with its reason" "$out" '"reason":"身份证上的写法"'

# ---- close: refused while its work is open ----
tui_keys F5
check_screen "close refused, naming what is left" "cannot close yet"
check "status says what it closes after" contains "$(tui_screen | grep -m1 'Closes after')" "a certificate"

# ---- cancel ----
tui_keys F9
check_screen "cancel asks the reason" "Cancel V2026-000001"
tui_type '重复登记'; tui_keys Enter
check_screen "cancelled" "V2026-000001 cancelled: it keeps its number"
check "status shows it" contains "$(tui_screen | grep -m1 'Status')" "cancelled on 2026-11-27"
tui_keys Escape
check_screen "back to the search" "Search:"
check "still found, marked" contains "$(tui_screen | grep -m1 'V2026-000001')" "cancelled"
tui_keys Escape F10
check_screen "quit" "[exit 0]"

# ---- a missing engine at check-in ----
tui_restart 100 40
tui_keys 1
check_screen "check-in" "Owner name *"
tui_keys Tab; tui_type '钱二'
tui_keys Tab; tui_type '11010519491231002X'
tui_keys Tab Tab Tab Space Tab Space Tab; tui_type '2'
tui_type 'LSVAU2182N2183290' # the count's digit moved on to the VIN
for _ in $(seq 1 20); do contains "$(tui_field 'Missing parts')" "> Missing parts" && break; tui_keys Tab; done
check "on the missing parts" contains "$(tui_field 'Missing parts')" "> Missing parts"
tui_keys Space
check "the form shows the vehicle missing at once" contains "$(tui_field 'Vehicle missing')" "[x] yes"
tui_keys Space
check "and follows the unmarking" contains "$(tui_field 'Vehicle missing')" "[ ] no"
tui_keys Space Tab Space
tui_keys F2
check_screen "saved" "Saved as V2026-000002"
check_screen "says it counts as a missing vehicle" "Came without the engine: a missing vehicle, no certificate"
tui_keys v F8
check_screen "the preview warns" "Came without the engine: a missing vehicle gets no certificate"
tui_keys F2 Enter
check_screen "the refusal names the engine" "V2026-000002 came without the engine"
run "$SY" --db "$DB" --json cert list
check "nothing issued" test "$(printf '%s' "$out" | tr -d ' \n')" = "[]"
tui_keys F10
check_screen "quit" "[exit 0]"

# ---- a clerk may neither cancel nor correct what a certificate prints ----
sy vehicle add --vin 1M8GDM9AXKP042788 --owner 孙三 --owner-id 11010519491231002X --registration --licence \
	--plates 2 --received 2026-11-25 >/dev/null
sy cert issue V2026-000003 --output "$WORK/c3.pdf" >/dev/null
SCRAPYARD_PIN=12341234 sy init --admin boss >/dev/null
SCRAPYARD_PIN=12341234 SCRAPYARD_NEW_PIN=567856 sy --user boss user add clerk1 --role clerk >/dev/null
tui_restart 100 40 SCRAPYARD_PIN=567856 -- --user clerk1
tui_keys /
tui_type 'V2026-000003'
check_screen "found" "V2026-000003"
tui_keys Enter F9
check_line "a clerk may not cancel" 39 "supervisor"
check_no_screen "no reason asked" "Cancel V2026-000003"
tui_keys F4 Down C-u; tui_type '孙叁'
tui_keys F2
check_line "what the certificate prints needs a supervisor" 39 "supervisor"
tui_keys Escape Escape Escape Escape Escape
check_screen "back to the menu" "1  Check-in"
# An override reason at check-in is a supervisor's too, as on the command line.
tui_keys 1
tui_keys Tab; tui_type '李四'
tui_keys Tab; tui_type '11010519491231002X'
tui_keys Tab Tab Tab Space Tab Space Tab; tui_type '2'
tui_type '1M8GDM9A2KP042789' # the count's digit moved on to the VIN
for _ in $(seq 1 25); do contains "$(tui_field 'VIN check override')" "> VIN check override" && break; tui_keys Tab; done
check "on the VIN override" contains "$(tui_field 'VIN check override')" "> VIN check override"
tui_type 'EU import'
tui_keys F2
check_line "a clerk's override refused" 39 "supervisor"
run "$SY" --db "$DB" --json vehicle list
check "not saved" test "$(printf '%s' "$out" | grep -o '"stock_no"' | wc -l)" = 3
tui_keys Escape Escape F10
check_screen "quit" "[exit 0]"

# ---- Chinese ----
tui_restart 100 40 SCRAPYARD_PIN=12341234 -- --user boss --lang zh
tui_keys /
tui_type 'V2026-000003'
check_screen "zh found" "V2026-000003"
tui_keys Enter
check_screen "zh keys" "F4更正"
check_screen "zh close key" "F5结案"
check_screen "zh cancel key" "F9注销"
check "zh: what it closes after" contains "$(tui_screen | grep -m1 '待完成后结案')" "拆解"
tui_keys F4 Down C-u; tui_type '孙叁'
tui_keys F2
check_screen "zh reason asked" "更正 V2026-000003"
tui_type '笔误'; tui_keys Enter
check_screen "zh: the certificate to reissue named" "回收证明 C2026-000001"
check_screen "zh: still shows the old values" "上仍是旧内容"
tui_keys F10
check_screen "quits" "[exit 0]"
finish
