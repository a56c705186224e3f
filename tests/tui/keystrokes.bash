# A typical check-in at the counter, typed as a clerk would and counted key
# by key: a person's petrol car, its registration certificate, driving
# licence and both plates handed over, weighed on the scale (F5). Sourced by
# tests/tui/keystrokes.sh (which checks what was saved) and by
# bench/keystrokes.sh (which prints the count), after ../lib.sh and tmux.bash,
# with the program started on the check-in's menu and a scale that is
# stable at KS_WEIGHT kg.
#
# The owner's identity is one step, so that a device filling it replaces the
# typing in one place: with KS_CARD_READER_KEY set to the key of the resident
# ID card reader (and the card on the reader), that key is pressed once
# instead of typing the name, ID number and address.
#
# What the form does for the clerk is used, and only what it does:
# - a value typed whole (the VIN of 17, the ID number of 18, a date of 8
#   digits) moves on by itself, without Enter;
# - the plate starts with the yard's province (KS_PROVINCE, "" when the yard
#   has none): only the rest is typed;
# - with KS_LEARNED=1 the yard has taken in a vehicle of the model already
#   (same VIN positions 1-8): brand and model, type, use, power and curb
#   mass are filled and Enter passes them by;
# - F2 in the weighing box takes the stable weight and saves.
# KS_HABIT=1 types as a clerk used to the older form: Enter after every
# value, the plate whole, the weight taken with Enter and saved with F2; the
# form must take that too and save the same.

KS_OWNER=张志强
KS_ID=11010519491231002X
KS_ADDRESS=北京市朝阳区建国路八十八号院三号楼
KS_PHONE=13812345678
KS_VIN=LSVAU2182N2183290
KS_PLATE=京A12345
KS_BRAND=大众桑塔纳
KS_ENGINE=EA211A123
KS_FIRST_REG=20150310
KS_CURB=1180
KS_WEIGHT=${KS_WEIGHT:-1130}
KS_PROVINCE=${KS_PROVINCE-京}
KS_LEARNED=${KS_LEARNED:-0}
KS_HABIT=${KS_HABIT:-0}

KS_KEYS=0

# The owner's resident ID card on an emulated reader (tests/helpers/idcard_pty
# in the build BUILD_DIR), read as soon as it is asked: its terminal's path
# in KS_READER_PORT, its process in KS_READER_PID.
ks_reader_start() {
	local build=$1
	{
		echo "name $KS_OWNER"; echo "sex 1"; echo "ethnicity 01"; echo "birth 19491231"
		echo "address $KS_ADDRESS"; echo "id $KS_ID"; echo "authority 北京市公安局朝阳分局"
		echo "from 20160501"; echo "until 20360501"; echo "find ok"
	} >"$WORK/card.pty"
	rm -f "$WORK/card.path"
	"$build/tests/helpers/idcard_pty" "$WORK/card.pty" >"$WORK/card.path" &
	KS_READER_PID=$!
	for _ in $(seq 50); do [ -s "$WORK/card.path" ] && break; sleep 0.1; done
	KS_READER_PORT=$(cat "$WORK/card.path")
}
# Until the screen shows one of the texts (the English or the Chinese one).
ks_wait() {
	local deadline=$((SECONDS + TUI_TIMEOUT)) screen want
	while [ $SECONDS -le $deadline ]; do
		screen=$(tui_screen 2>/dev/null)
		for want in "$@"; do
			case "$screen" in *"$want"*) return 0 ;; esac
		done
		sleep 0.1
	done
	return 1
}
# Keys pressed (send-keys names: Enter, F5, y), one keystroke each.
ks_press() { tui_keys "$@"; KS_KEYS=$((KS_KEYS + $#)); }
# Text typed: a keystroke a character (a Chinese character counted as one,
# as an input method commits it; with pinyin it takes more).
ks_type() { tui_type "$1"; KS_KEYS=$((KS_KEYS + $(printf '%s' "$1" | wc -m))); }
# A value that is whole when typed: Enter only out of habit.
ks_whole() { ks_type "$1"; [ "$KS_HABIT" = 1 ] && ks_press Enter; return 0; }

# The owner: the card reader's one key, or name, ID number and address typed.
ks_identity() {
	if [ -n "${KS_CARD_READER_KEY:-}" ]; then
		[ "$KS_HABIT" = 1 ] && ks_press Enter # a person, as chosen (the card says so)
		ks_press "$KS_CARD_READER_KEY"
		KS_WAITING="the ID card read"
		tui_wait "$KS_ID" || return 1
		tui_wait_gone "Reading the owner's ID card" || return 1
		tui_wait_gone "正在读取车主身份证" || return 1
		return
	fi
	ks_press Enter # a person, as chosen
	ks_type "$KS_OWNER"; ks_press Enter
	ks_whole "$KS_ID"
	ks_type "$KS_ADDRESS"; ks_press Enter
}

# From the menu to "Saved as": every key counted in KS_KEYS. Returns
# non-zero when a screen the clerk waits for does not come.
ks_checkin() {
	KS_KEYS=0
	ks_press 1
	KS_WAITING="the check-in form"
	ks_wait "Owner name *" "车主名称 *" || return 1
	ks_identity || return 1
	ks_type "$KS_PHONE"; ks_press Enter
	ks_press y y 2 # registration certificate and licence handed over, two plates: each takes its key
	ks_whole "$KS_VIN"
	if [ "$KS_HABIT" = 1 ] || [ -z "$KS_PROVINCE" ]; then
		ks_type "$KS_PLATE" # a Chinese character first replaces the province shown
	else
		ks_type "${KS_PLATE#"$KS_PROVINCE"}"
	fi
	ks_press Enter
	if [ "$KS_LEARNED" != 1 ]; then
		ks_type "$KS_BRAND"; ks_press Enter
		ks_press 1 1 1 # small passenger car, non-operating, petrol: the first choice of each
	else
		ks_press 1 # non-operating: the owner's use of the vehicle, never learned from the model
	fi
	ks_type "$KS_ENGINE"; ks_press Enter
	ks_whole "$KS_FIRST_REG"
	if [ "$KS_LEARNED" != 1 ]; then
		ks_type "$KS_CURB"; ks_press Enter
	fi
	ks_press F5
	KS_WAITING="the weight on the scale"
	tui_wait "$KS_WEIGHT.00 kg" || return 1
	# The state line of the box (the hint under it names "stable" too).
	ks_wait "│  stable " "│  稳定 " || return 1
	if [ "$KS_HABIT" = 1 ]; then
		ks_press Enter # take the stable weight
		KS_WAITING="the weighing box to close"
		tui_wait_gone "Reading the scale" || return 1
		tui_wait_gone "正在读秤" || return 1 # (one of the two was never there)
	fi
	ks_press F2 # (in the weighing box: take the stable weight and save)
	KS_WAITING="the saved box"
	ks_wait "Saved as" "已保存" || return 1
}
