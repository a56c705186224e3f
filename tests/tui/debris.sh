#!/bin/bash
# Boxes over Chinese text: at every width (the box's edges fall on either
# half of a wide character) the box keeps its left and right border on every
# row, and once it closes the rows under it are whole again, without Ctrl-L.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/tmux.bash"

export SCRAPYARD_NOW="$TUI_NOW"
tui_init_db '城东报废汽车回收有限公司'
"$SY" --db "$DB" vehicle add --vin "$(vin 1)" --owner 王伟 --owner-id 11010519491231002X --registration --licence --plates 2 --power bev \
	--battery-code 001PAB0101234A1B20000001 --battery-count 1 >/dev/null

# The rows of the body (between the title bar and the status line).
body() { tui_screen | sed -n "2,$(($1 - 2))p"; }

# Every row of the box on screen, from its top to its bottom corner, has
# its left border at the column (in cells) of the top-left corner and its
# right border at that of the top-right one.
box_whole() {
	local screen top line left right n=0 bad=0
	screen=$(tui_screen)
	top=$(printf '%s\n' "$screen" | grep -m1 -n '┌' | cut -d: -f1)
	[ -n "$top" ] || return 1
	line=$(printf '%s\n' "$screen" | sed -n "${top}p")
	left=$(tui_cells "${line%%┌*}")
	right=$(tui_cells "${line%┐*}")
	while IFS= read -r line; do
		n=$((n + 1))
		[ "$(tui_cells "${line%%[┌│└]*}")" = "$left" ] || bad=1
		[ "$(tui_cells "${line%[┐│┘]*}")" = "$right" ] || bad=1
		case "$line" in *└*) break ;; esac
	done < <(printf '%s\n' "$screen" | sed -n "${top},\$p")
	[ "$bad" = 0 ] && [ "$n" -ge 3 ]
}

for size in "80 24" "100 30" "101 30" "113 30" "120 40"; do
	set -- $size
	cols=$1 rows=$2
	tui_start "$cols" "$rows" -- --lang zh
	check_screen "$cols: menu" "1  车辆登记"

	# The checklist of an electric car: Chinese step names and reasons.
	tui_keys 2; tui_type '王伟'
	check_screen "$cols: found" "V2026-000001"
	tui_keys Enter F6
	check_screen "$cols: checklist" "高压系统绝缘检测"
	before=$(body "$rows")
	tui_keys Enter
	check_screen "$cols: the box" "┌"
	check "$cols: the box keeps its borders on every row" box_whole
	tui_keys Escape
	check_screen "$cols: closed" "未记录任何内容"
	after=$(body "$rows")
	check "$cols: the rows under the box are whole again" test "$before" = "$after"
	[ "$before" = "$after" ] || diff <(echo "$before") <(echo "$after") | head -6 | sed 's/^/#   /'

	# Waste: a box of four lines over the list.
	tui_keys Escape Escape Escape
	check_screen "$cols: menu again" "6  危险废物"
	tui_keys 6 F2
	check_screen "$cols: waste box" "登记危险废物"
	check "$cols: its borders on every row" box_whole
	tui_keys Escape
	check_no_screen "$cols: waste box closed" "登记危险废物"
	tui_keys Escape
	tui_keys F10
	check_screen "$cols: quit" "[exit 0]"
done
finish
