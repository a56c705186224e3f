#!/bin/bash
# Search as a clerk types it: two Chinese characters from inside a name (a
# given name, part of a company's name), a plate typed with the dot printed
# on it, two characters of a part's Chinese name in the inventory; in both
# languages, at 80x24 and wider.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/tmux.bash"

export SCRAPYARD_NOW="$TUI_NOW"
tui_init_db
sy() { "$SY" --db "$DB" "$@" >/dev/null; }
sy vehicle add --vin "$(vin 1)" --plate 京A12345 --owner 张志强 --owner-id 11010519491231002X --registration --licence --plates 2
sy vehicle add --vin "$(vin 2)" --plate 沪B99887 --owner 上海顺达物流有限公司 --owner-kind company \
	--owner-id 91310000MA1K4LQA2E --agent 李四 --agent-id 11010519491231002X --registration --licence --plates 2
sy vehicle add --vin "$(vin 3)" --plate 粤C54321 --owner 王大伟 --owner-id 11010519491231002X --registration --licence --plates 2
tui_pretreat V2026-000001 2>/dev/null
for k in headlamp tail_lamp door; do
	sy part add V2026-000001 --kind $k --grade B --weight-kg 3
done

for size in "80 24 en" "120 30 zh"; do
	set -- $size
	tui_start "$1" "$2" -- --lang "$3"
	check_screen "$3: menu" "2  "
	tui_keys 2
	check_screen "$3: search" "V2026-000003"
	tui_type '志强'
	check_screen "$3: 志强 finds 张志强" "张志强"
	check_no_screen "$3: and only him" "V2026-000002"
	tui_keys C-u; tui_type '顺达'
	check_screen "$3: 顺达 finds the company" "上海顺达物流有限公司"
	check_no_screen "$3: only the company" "V2026-000001"
	tui_keys C-u; tui_type '京A·123'
	check_screen "$3: a plate typed with its dot" "V2026-000001"
	check_no_screen "$3: no other plate" "V2026-000003"
	tui_keys C-u; tui_type '大伟'
	check_screen "$3: 大伟 inside 王大伟" "王大伟"
	tui_keys Escape
	check_screen "$3: menu again" "4  "
	tui_keys 4
	check_screen "$3: parts" "P2026-0000003"
	tui_type '大灯'
	check_screen "$3: 大灯 finds the headlamp (前大灯)" "P2026-0000001"
	check_no_screen "$3: not the tail lamp" "P2026-0000002"
	tui_keys F10
	check_screen "$3: quit" "[exit 0]"
done
finish
