#!/bin/bash
# Chinese mode (--lang zh): labels from the form declaration in Chinese, the
# values lined up in one column although the labels mix wide and narrow
# characters, CJK input typed and edited by characters.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/tmux.bash"

tui_init_db '城东报废汽车回收有限公司'
tui_start 80 24 -- --lang zh
check_screen "menu in Chinese" "1  车辆登记"
check_line "bar in Chinese" 24 "F1帮助"
tui_keys 1
check_screen "check-in title in Chinese" "> 车辆登记"
check_screen "labels from the form in Chinese" "车辆识别代号 *"
check_line "save key in the bar" 24 "F2保存"

tui_keys Tab; tui_type '欧阳娜娜'
tui_keys Tab; tui_type '11010519491231002X'
tui_keys Tab Tab Tab Tab Tab Tab; tui_type '1M8GDM9AXKP042788'
tui_keys Tab; tui_type '京A12345'
tui_keys Tab; tui_type '大众桑塔纳'
tui_keys Tab
check_screen "brand typed in Chinese" "大众桑塔纳"

# The column (in cells) where a field's value starts.
value_column() { # LABEL VALUE
	local line prefix
	line=$(tui_field "$1")
	prefix=${line%%"$2"*}
	[ "$prefix" = "$line" ] && { echo "none"; return; }
	tui_cells "$prefix"
}
c_owner=$(value_column '车主名称' '欧阳娜娜')
c_id=$(value_column '身份证号/信用代码' '11010519491231002X')
c_vin=$(value_column '车辆识别代号' '1M8GDM9AXKP042788')
c_plate=$(value_column '号牌号码' '京A12345')
c_brand=$(value_column '品牌型号' '大众桑塔纳')
c_date=$(value_column '交车日期' '2026-03-02')
check "values line up in one column ($c_owner $c_id $c_vin $c_plate $c_brand $c_date)" \
	test "$c_owner" = "$c_id" -a "$c_id" = "$c_vin" -a "$c_vin" = "$c_plate" -a "$c_plate" = "$c_brand" -a "$c_brand" = "$c_date"
check "the value column is right of the widest label" test "$c_owner" -ge 20

# Editing wide characters by characters: Home, Delete, Right, Backspace.
tui_keys BTab Home Delete
check "Delete removed one whole character" ends_with "$(tui_field '品牌型号')" "众桑塔纳"
tui_keys Right BSpace
check "Backspace removed one whole character" ends_with "$(tui_field '品牌型号')" "桑塔纳"
tui_keys End; tui_type '轿车'
check "typed at the end" ends_with "$(tui_field '品牌型号')" "桑塔纳轿车"

# Choices show their Chinese labels.
tui_keys Tab Space
check "vehicle type in Chinese" ends_with "$(tui_field '车辆类型')" "小型载客汽车"
tui_keys F1
check_screen "help in Chinese from the key table" "保存登记"
check_screen "help lists the keys shared by a line" "Tab, Down"
tui_keys Escape
check_screen "help closed" "车辆类型"
tui_keys F2
check_screen "zh: the statement asked" "车主是否已签署书面声明"
tui_keys y
check_screen "saved" "V2026-000001"
run "$SY" --db "$DB" --json vehicle show V2026-000001
check_contains "Chinese brand stored whole" "$out" '"brand_model":"桑塔纳轿车"'
check_contains "owner stored whole" "$out" '"owner_name":"欧阳娜娜"'
tui_keys Escape
check_screen "back to the menu" "2  查找车辆"
tui_keys 2
tui_type '欧阳'
check_screen "search by a Chinese owner prefix" "V2026-000001"
tui_keys F10
check_screen "quit" "[exit 0]"
finish
