#!/bin/bash
# Owners' personal data at the screen: the search list names the owner but
# shows no ID number or phone, and finds a vehicle by the full ID number;
# the vehicle's own screen shows them in full, which the audit trail
# records; a yard that keeps full values for supervisors shows a clerk (or
# a session without a login) the masked values with a note saying why, and
# no correction form, which would show them. In both languages.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/tmux.bash"

export SCRAPYARD_NOW="$TUI_NOW"
tui_init_db
sy() { "$SY" --db "$DB" "$@"; }
sy vehicle add --vin "$(vin 1)" --plate 京A12345 --owner 张志强 --owner-id 11010519491231002X --owner-phone 13812345678 \
	--owner-address 北京市朝阳区建国路88号 --registration --licence --plates 2 >/dev/null
sy vehicle add --vin "$(vin 2)" --plate 京A54321 --owner 王大伟 --owner-id 320106198001011233 --owner-phone 13900001111 \
	--registration --licence --plates 2 >/dev/null
# tui_wait_foot TEXT: until the last two lines of the screen hold TEXT.
tui_wait_foot() {
	local deadline=$((SECONDS + TUI_TIMEOUT))
	while [ $SECONDS -le $deadline ]; do
		case "$(tui_screen | tail -n 2)" in *"$1"*) return 0 ;; esac
		sleep 0.1
	done
	return 1
}
views() { sqlite3 "$DB" "SELECT count(*) FROM audit WHERE entity = 'personal_view' AND new LIKE '%\"screen\"%'"; }

for lang in en zh; do
	tui_start 100 30 -- --lang $lang
	check_screen "$lang: menu" "2  "
	tui_keys 2
	check_screen "$lang: the search list" "V2026-000002"
	check_screen "$lang: it names the owners" "张志强"
	check "$lang: no ID number or phone on the list" test -z "$(tui_screen | grep -e 11010519491231002X -e 13812345678 -e 320106198001011233)"
	tui_type '11010519491231002X'
	check_screen "$lang: the full ID number finds its vehicle" "V2026-000001"
	check_no_screen "$lang: only that one" "V2026-000002"
	before=$(views)
	tui_keys Enter
	check_screen "$lang: the vehicle's screen shows the full ID number" "11010519491231002X"
	check_screen "$lang: and phone" "13812345678"
	check "$lang: the full view is in the audit trail" test "$(views)" = $((before + 1))
	tui_keys F10
	check_screen "$lang: quit" "[exit 0]"
done

# ---- full values for supervisors only ----
SCRAPYARD_PIN=48264826 sy init --admin boss >/dev/null
SCRAPYARD_PIN=48264826 sy --user boss setting full_id_role supervisor >/dev/null
before=$(views)
for lang in en zh; do
	tui_start 100 30 -- --lang $lang
	check_screen "$lang: menu, nobody logged in" "2  "
	tui_keys 2
	tui_type '11010519491231002X'
	check_screen "$lang: found" "V2026-000001"
	tui_keys Enter
	check_screen "$lang: masked on the vehicle's screen" "110105********002X"
	check_screen "$lang: the phone too" "138****5678"
	check "$lang: no full value" test -z "$(tui_screen | grep -e 11010519491231002X -e 13812345678)"
	if [ $lang = en ]; then
		check_screen "$lang: a note says why" "shown masked"
	else
		check_screen "$lang: a note says why" "已遮蔽"
	fi
	tui_keys F4
	check "$lang: F4 refused, saying why at the foot" tui_wait_foot full_id_role
	check_no_screen "$lang: no correction form" "Owner name *"
	check "$lang: still masked" test -z "$(tui_screen | grep -e 11010519491231002X)"
	tui_keys F10
	check_screen "$lang: quit" "[exit 0]"
done
check "a masked view leaves no view entry" test "$(views)" = "$before"
finish
