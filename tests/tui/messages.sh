#!/bin/bash
# What the screen says, a clerk can do: no command-line options in its
# messages, a missing scale pointed to the settings screen, a backup from
# the settings, the battery's box asking for a weight (not "0 for an empty
# system"), a long refusal read whole, Ctrl-C answered as Ctrl-C, the
# five-assembly rule when an engine is sold to a walk-in buyer.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/tmux.bash"

export SCRAPYARD_NOW="$TUI_NOW"
tui_init_db
sy() { "$SY" --db "$DB" "$@" >/dev/null; }
sy vehicle add --vin "$(vin 1)" --owner 张三 --owner-id 11010519491231002X --registration --licence --plates 2
sy vehicle add --vin "$(vin 2)" --owner 李四 --owner-id 11010519491231002X --registration --licence --plates 2
tui_pretreat V2026-000001 2>/dev/null
sy part add V2026-000001 --kind engine --grade B --weight-kg 120 --price 800
sy cert issue V2026-000002 --output "$WORK/c.pdf"
SCRAPYARD_PIN=20262026 sy init --admin boss
SCRAPYARD_NEW_PIN=567890 SCRAPYARD_USER=boss SCRAPYARD_PIN=20262026 sy user add clerk1 --role clerk
options() { tui_screen | grep -Eo -- '--[a-z][a-z-]+|scrapyard [a-z]+' | sort -u | tr '\n' ' '; }

for lang in en zh; do
	tui_start 80 24 -- --lang $lang
	check_screen "$lang: menu" "1  "
	check "$lang: the backup reminder points to the settings" test -z "$(options)"

	# No scale chosen, none plugged in: the settings screen is named, no option.
	tui_keys 1
	check_screen "$lang: check-in" "$([ $lang = en ] && echo "Owner name" || echo "车主名称")"
	tui_keys F5
	check_screen "$lang: no scale: where to choose one" "$([ $lang = en ] && echo "in Settings (0," || echo "在“设置”中")"
	check "$lang: and no command-line option" test -z "$(options)"
	tui_keys Escape Escape
	check_screen "$lang: back" "0  "

	# A backup from the settings screen.
	tui_keys 0 5
	check_screen "$lang: the backup screen" "$([ $lang = en ] && echo 'Folder:' || echo '文件夹：')"
	mkdir -p "$WORK/usb-$lang"
	tui_type "$WORK/usb-$lang"
	tui_keys Enter
	check_screen "$lang: backed up and checked" "$WORK/usb-$lang/scrapyard-"
	check "$lang: the file (encrypted) is on the stick" test -n "$(ls "$WORK/usb-$lang"/scrapyard-*.backup 2>/dev/null)"
	check "$lang: encrypted" test "$(head -c 8 "$(ls "$WORK/usb-$lang"/scrapyard-*.backup | head -1)")" = SYBACKUP
	kept=$(ls "$WORK/usb-$lang"/scrapyard-*.backup | head -1)
	check_screen "$lang: the last backup's path whole on its own line" "$([ $lang = en ] && echo 'Kept at: ' || echo '存放于：')$kept"
	tui_keys Escape Escape
	check_screen "$lang: menu, no reminder now" "1  "
	check_no_screen "$lang: the reminder gone" "$([ $lang = en ] && echo 'No backup yet' || echo '尚未备份')"

	if [ $lang = en ]; then
		# Waste: an unknown code said without the command that lists codes.
		tui_keys 6 F2
		check_screen "en: the add box names the usual codes" "HW31 lead batteries"
		tui_type 'HW77'; tui_keys Enter; tui_type '5'; tui_keys Enter Enter Enter
		check_screen "en: refused" "not in the hazardous waste code table"
		check "en: no command-line option" test -z "$(options)"
		tui_keys Escape
		tui_keys Escape

		# Voiding needs a supervisor: the login is offered, no --user.
		tui_keys 5 F6
		check_screen "en: voiding needs a supervisor" "log in as one, then F6 again"
		check_screen "en: the login is offered" "User name:"
		check "en: no command-line option" test -z "$(options)"
		tui_keys Escape
		tui_keys Escape

		# The starter battery's box asks for its weight.
		tui_keys 2; tui_type '李四'
		check_screen "en: found" "V2026-000002"
		tui_keys Enter F6
		check_screen "en: the checklist" "Starter battery removed"
		tui_keys Enter
		check_screen "en: the battery's box asks for its weight" "Weight of what was removed, in kg (more than 0)"
		check_no_screen "en: not for 0" "0 for an empty system"
		tui_keys Escape
		# Parts before the pretreatment is done: the refusal read whole.
		tui_keys F7
		check_screen "en: part entry" "> Kind"
		tui_type 'door'; tui_keys Enter
		tui_keys F2
		check_screen "en: refused" "is not complete"
		check_screen "en: the last step still to do is on screen" "Tyres removed"
		for _ in 1 2 3 4 5; do tui_keys Escape; sleep 0.2; done
		check_screen "en: menu once more" "4  "

		# An engine to a walk-in buyer: the five-assembly rule.
		tui_keys 4 F7
		check_screen "en: the sale box" "Sell P2026-0000001 (Engine)"
		tui_type '散客王'; tui_keys Enter Enter
		check_screen "en: the five-assembly rule" "one of the five major assemblies"
		check_no_screen "en: not 'no buyer named'" "no buyer or recipient named"
		tui_keys Escape Escape
	fi

	# Ctrl-C over unsaved input: asked with the key that was pressed.
	tui_keys 1
	check_screen "$lang: check-in again" "$([ $lang = en ] && echo "Owner name" || echo "车主名称")"
	tui_keys Enter; tui_type '王五'
	tui_keys C-c
	check_screen "$lang: Ctrl-C asks again with Ctrl-C" "Ctrl-C"
	check_no_screen "$lang: not F10" "F10 again"
	tui_keys C-c
	check_screen "$lang: the second Ctrl-C quits" "[exit 0]"
done
finish
