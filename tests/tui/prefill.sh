#!/bin/bash
# A value already in a field when the clerk reaches it (the asking price, a
# date, the last bin, the battery code from the check-in) is replaced by the
# first character typed, as in every form, and kept by the arrows for
# editing; a sale price far from the asking price asks before selling.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/tmux.bash"

export SCRAPYARD_NOW="$TUI_NOW"
tui_init_db
"$SY" --db "$DB" vehicle add --vin "$(vin 1)" --owner 张三 --owner-id 11010519491231002X --registration --licence --plates 2 >/dev/null
"$SY" --db "$DB" vehicle add --vin "$(vin 2)" --owner 李四 --owner-id 11010519491231002X --registration --licence --plates 2 --power bev \
	--battery-code 001PAB0101234A1B20000001 --battery-count 1 >/dev/null
tui_pretreat V2026-000001 2>/dev/null
for k in headlamp door mirror; do
	"$SY" --db "$DB" part add V2026-000001 --kind $k --grade B --weight-kg 5 --price 180 --location A-01-1 >/dev/null
done
for s in "hv_insulation --result pass" "hv_discharge" "battery --qty 15"; do
	# shellcheck disable=SC2086
	"$SY" --db "$DB" depollute V2026-000002 --step $s >/dev/null
done
sale_prices() { "$SY" --db "$DB" ship list --json | grep -o '"price":[0-9.]*' | sort | tr '\n' ' '; }

for lang in en zh; do
	tui_start 80 24 -- --lang $lang
	check_screen "$lang: menu" "1  "
	tui_keys 4
	check_screen "$lang: parts" "P2026-0000003"
	if [ $lang = en ]; then
		tui_keys F7
		check_screen "en: the sale box" "Sell P2026-0000003"
		tui_type '散客王'; tui_keys Enter
		check_screen "en: the asking price is there" "Price 180"
		tui_type '150'
		check_screen "en: typing replaces it" "Price 150 "
		check_no_screen "en: nothing appended" "180150"
		tui_keys Enter
		check_screen "en: sold" "P2026-0000003 sold to 散客王"
		check "en: at the price typed" test "$(sale_prices)" = '"price":150 '

		# A slip of the finger: asked first, Esc goes back to the price.
		tui_keys Down F7
		check_screen "en: the next sale" "Sell P2026-0000002"
		tui_type '散客王'; tui_keys Enter
		tui_keys Right; tui_type '0'
		check_screen "en: Right keeps the price for editing" "Price 1800 "
		tui_keys Enter
		check_screen "en: a price ten times the asking price asks first" "Sell P2026-0000002 for 1800 yuan? Its asking price is 180 yuan."
		tui_keys Escape
		check_screen "en: Esc goes back to the price" "Price 1800"
		tui_keys BSpace
		check_screen "en: Backspace on the selected price empties it" "Price      "
		tui_type '170'; tui_keys Enter
		check_screen "en: a near price sells at once" "P2026-0000002 sold to 散客王"
		check "en: at 170" test "$(sale_prices)" = '"price":150 "price":170 '
		# Asked, and confirmed.
		tui_keys Down F7
		tui_type '散客王'; tui_keys Enter; tui_type '18'; tui_keys Enter
		check_screen "en: a tenth of the price asks too" "for 18 yuan?"
		tui_keys Enter
		check_screen "en: Enter sells at that price" "P2026-0000001 sold to 散客王"
		check "en: at 18" test "$(sale_prices)" = '"price":150 "price":170 "price":18 '
	else
		"$SY" --db "$DB" part add V2026-000001 --kind tail_lamp --grade B --price 90 --location A-01-1 >/dev/null
		tui_keys Escape 4
		check_screen "zh: a new part" "P2026-0000004"
		tui_keys F6
		check_screen "zh: the move box" "新库位"
		tui_type 'C-01'; tui_keys Enter
		check_screen "zh: moved" "P2026-0000004 已移到 C-01"
		tui_keys F6
		check_screen "zh: the move box again" "现在 C-01"
		tui_type 'C-02'; tui_keys Enter
		check_screen "zh: moved again" "P2026-0000004 已移到 C-02"
	fi
	tui_keys Escape
	check_no_screen "$lang: back" "P2026-0000003"

	# Check-in: the hand-over date is there; typing replaces it.
	tui_keys 1
	check_screen "$lang: check-in" "2026-03-02"
	label=$( [ $lang = en ] && echo 'Hand-over date' || echo '交车日期')
	for _ in $(seq 30); do
		case "$(tui_field "$label")" in ">"*) break ;; esac
		tui_keys Down
	done
	check "$lang: on the hand-over date" contains "$(tui_field "$label")" ">"
	tui_type '2026-02-2'
	check "$lang: typed over the date" ends_with "$(tui_field "$label")" "2026-02-2"
	tui_type '8' # a whole date: on to the next field by itself
	check_screen "$lang: on past the whole date" "$( [ $lang = en ] && echo '> Colour' || echo '> 车身颜色')"
	tui_keys Up
	check "$lang: the date typed is kept" ends_with "$(tui_field "$label")" "2026-02-28"
	tui_keys End BSpace; tui_type '7'
	check "$lang: End keeps the value for editing" ends_with "$(tui_field "$label")" "2026-02-27"
	tui_keys Escape
	tui_keys Escape
	check_screen "$lang: left the check-in" "2  "

	# The dismantling box of the electric car: the battery code from the
	# check-in is offered; another one typed replaces it.
	tui_keys 2; tui_type '李四'
	check_screen "$lang: found" "V2026-000002"
	tui_keys Enter F6
	check_screen "$lang: the checklist" "V2026-000002"
	tui_keys Enter
	check_screen "$lang: the battery code offered" "001PAB0101234A1B20000001"
	tui_keys Down Down
	tui_type '001PAB0101234A1B20000002'
	check_screen "$lang: replaced, not appended" "001PAB0101234A1B20000002 "
	check_no_screen "$lang: no doubled code" "0000001001PAB"
	tui_keys Escape
	tui_keys F10
	check_screen "$lang: quit" "[exit 0]"
done
finish
