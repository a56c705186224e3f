#!/bin/bash
# After an action on a list screen the cursor stays on the record acted on,
# so that the next key acts on it again and not on another one: voiding a
# certificate, selling or moving a part, storing or adding waste; and the
# keys every list shares (PgDn, End, Home) work on each of them.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/tmux.bash"

export SCRAPYARD_NOW="$TUI_NOW"
tui_init_db
for i in 1 2 3 4; do
	"$SY" --db "$DB" vehicle add --vin "$(vin $i)" --owner "车主$i" --owner-id 11010519491231002X --registration --licence --plates 2 >/dev/null
	"$SY" --db "$DB" cert issue "V2026-00000$i" --output "$WORK/c$i.pdf" >/dev/null
done
# Parts of the first vehicle, once its pretreatment is done.
R=V2026-000001
{
	tui_pretreat $R
	for k in headlamp door mirror tail_lamp; do
		"$SY" --db "$DB" part add $R --kind $k --grade B --weight-kg 5 --price 180 --location A-01-1
	done
} >/dev/null 2>"$WORK/setup.err"
check "set-up: four parts in stock" test "$("$SY" --db "$DB" part list --json | grep -o '"part_no"' | wc -l)" = 4

for lang in en zh; do
	tui_start 80 24 -- --lang $lang
	check_screen "$lang: menu" "$( [ $lang = en ] && echo '5  Certificates' || echo '5  回收证明')"

	# Certificates, newest first: the oldest is the fourth line.
	tui_keys 5
	check_screen "$lang: certificate list" "C2026-000001"
	if [ $lang = en ]; then
		tui_keys Down Down Down F6
		check_screen "en: void asks the reason of the certificate under the cursor" "Void certificate C2026-000001"
		tui_type 'wrong owner name'
		tui_keys Enter
		check_screen "en: voided" "Certificate C2026-000001 voided"
		tui_keys F7
		check_screen "en: F7 after the void writes the PDF of the same certificate" "PDF of C2026-000001 written"
		tui_keys Up F7
		check_screen "en: the cursor moves on from there" "PDF of C2026-000002 written"
	else
		tui_keys End F7
		check_screen "zh: End goes to the last certificate" "已生成 C2026-000001 的 PDF"
		tui_keys Home F7
		check_screen "zh: Home back to the first" "已生成 C2026-000004 的 PDF"
	fi
	tui_keys Escape

	# Parts: sell the third, then F6 offers to move that one.
	tui_keys 4
	check_screen "$lang: parts list" "P2026-0000001"
	if [ $lang = en ]; then
		tui_keys Down Down F7
		check_screen "en: selling the part under the cursor" "Sell P2026-0000002"
		tui_type '散客王'
		tui_keys Enter Enter
		check_screen "en: sold" "P2026-0000002 sold to 散客王"
		tui_keys F6
		check_screen "en: F6 after the sale offers to move the part just sold" "Move P2026-0000002"
		tui_keys Escape
		check_no_screen "en: box closed" "New bin"
		# Moving the first part keeps the cursor on it too (Home and End
		# belong to the search text here).
		tui_keys Up Up F6
		check_screen "en: moving the first part" "Move P2026-0000004"
		tui_type 'B-02-3'
		tui_keys Enter
		check_screen "en: moved" "P2026-0000004 moved to B-02-3"
		tui_keys F6
		check_screen "en: F6 again acts on the part just moved" "Move P2026-0000004 (Tail lamp, now in B-02-3)"
		tui_keys Escape
		check_no_screen "en: box closed again" "New bin"
		# A search that the moved part leaves: the cursor on the part after it.
		tui_type 'A-01'
		check_no_screen "en: a bin search" "B-02-3"
		tui_keys F6
		check_screen "en: the first part of the bin" "Move P2026-0000001"
		tui_type 'B-02-4'
		tui_keys Enter
		check_screen "en: moved out of the bin searched" "P2026-0000001 moved to B-02-4"
		tui_keys F7
		check_screen "en: the cursor is on the part that took its place" "Sell P2026-0000002"
		tui_keys Escape
		check_no_screen "en: no box" "Buyer's name"
	else
		check "zh: destinations by name in the list" contains "$(tui_screen | grep P2026-0000001)" "回用"
		tui_keys PageDown F6
		check_screen "zh: PgDn goes to the last part" "移动 P2026-0000001"
		tui_keys Escape
		check_no_screen "zh: no box" "新库位"
	fi
	tui_keys Escape

	# Waste: storing keeps the container; adding puts the cursor on the new one.
	tui_keys 6
	check_screen "$lang: waste list" "HW08-2026-0001"
	if [ $lang = en ]; then
		tui_keys End F3
		check_screen "en: End and F3 on the oldest container" "Container HW31-2026-0001 into store"
		tui_keys Enter
		check_screen "en: stored" "Container HW31-2026-0001 is in store"
		tui_keys F3
		check_screen "en: F3 again acts on the same container" "Container HW31-2026-0001 into store"
		tui_keys Escape
		check_no_screen "en: store box closed" "Place in the store"
		tui_keys F2
		tui_type '900-049-50'
		tui_keys Enter; tui_type '2'
		tui_keys Enter Enter; tui_type 'HW50-EXTRA-1'
		tui_keys Enter
		check_screen "en: added" "in container HW50-EXTRA-1"
		tui_keys F3
		check_screen "en: the cursor is on the container just added" "Container HW50-EXTRA-1 into store"
		tui_keys Escape
		check_no_screen "en: no box left" "Place in the store"
		tui_keys F4
		check_screen "en: F4 shows the label of the container under the cursor" "HW50-EXTRA-1, 100x100 mm"
		tui_keys Escape
		check_no_screen "en: label closed" "100x100 mm"
	else
		tui_keys PageDown F3
		check_screen "zh: PgDn goes to the last line on a short list" "容器 HW31-2026-0001 入库"
		tui_keys Escape
		check_no_screen "zh: no box left" "贮存位置"
		check "zh: container states by name" contains "$(tui_screen | grep HW31-2026-0001)" "贮存中"
		tui_keys F4
		check_screen "zh: the label's title in Chinese" "危险废物标签 HW31-2026-0001，100x100 毫米"
		tui_keys Escape
		check_no_screen "zh: label closed" "100x100 毫米"
	fi
	tui_keys Escape
	check_screen "$lang: back at the menu" "$( [ $lang = en ] && echo '1  Check-in' || echo '1  车辆登记')"

	# The help lists the keys of the base keymap once, in the screen's language.
	tui_keys 3 F1
	if [ $lang = en ]; then
		check_screen "en: help lists the list keys" "Next line"
		check_screen "en: and the screen's own" "Everything owed"
	else
		check_screen "zh: help lists the list keys" "下一行"
	fi
	tui_keys F10
	check_screen "$lang: quit" "[exit 0]"
done
finish
