#!/bin/bash
# Counter speed: a typical check-in of a person's petrol car, from the menu
# to "Saved as", counted key by key (tests/tui/keystrokes.bash), with the
# weight from the scale. Everything typed is saved as typed, and what the
# form fills (the plate's province, a model learned from earlier vehicles of
# its VIN) saves what typing it would; the count stays at what the form
# order, the one-key answers, the dates as digits, the values that move on
# when whole and the learned model make it. `make bench` prints the counts.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/tmux.bash"
source "$(dirname "$0")/keystrokes.bash"

FAKE=${SY_TEST_BUILD:-$PWD/$BUILD}/tests/helpers/tui_fake_scale
[ -x "$FAKE" ] || { echo "not ok 1 - $FAKE is not built (make test builds it)"; exit 1; }
touch "$WORK/scale.stable"
"$FAKE" "$WORK/scale.path" "$WORK/scale.stable" "$KS_WEIGHT" &
fake=$!
trap 'kill $fake 2>/dev/null; tmux -L "$TUI_SOCKET" kill-server 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 50); do [ -s "$WORK/scale.path" ] && break; sleep 0.1; done
port=$(cat "$WORK/scale.path")
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
tui_init_db

# The yard is in Beijing (its credit code's region 110105): plates start with 京.
"$SY" --db "$DB" init --credit-code 91110105MA01ABCD26 >/dev/null
# Two earlier vehicles under one VIN model part that disagree on the model:
# nothing is learned from them, not even what they agree on.
for k in 1 2; do
	VIN_PREFIX=LJDAA11A0H1
	[ $k = 2 ] && VIN_PREFIX=LJDAA11A0J1
	"$SY" --db "$DB" vehicle add --vin "$(vin 10040$k)" --owner 李四 --owner-id 11010519491231002X --registration --licence \
		--plates 2 --brand-model "起亚K$((k + 1))" --type car --use non_operating --power petrol --curb-mass 1180 >/dev/null
done
unset VIN_PREFIX

# The most keys this check-in may take: 140 before the form was put in the
# order of the counter (owner, documents, vehicle, scale), with one-key
# answers and dates as digits; 120 before values typed whole moved on by
# themselves, the plate started with the yard's province and F2 took the
# weight; each pass below is bounded by its count now, so that a change
# that costs the clerk a key fails here.
# With the resident ID card reader (F6) the owner's name, ID number and
# address are one key: at most MOST_READER; and when the yard has taken in
# the model before (the VIN's positions 1-8), its brand, type, power
# and curb mass are filled: at most MOST_LEARNED.
MOST_TYPED=115
MOST_HABIT=120
MOST_READER=75
MOST_LEARNED=62
ks_reader_start "${SY_TEST_BUILD:-$PWD/$BUILD}"
trap 'kill $fake $KS_READER_PID 2>/dev/null; tmux -L "$TUI_SOCKET" kill-server 2>/dev/null; rm -rf "$WORK"' EXIT
# pass: language, then the car: another for each run (one open record per
# VIN and plate), of a model new to the yard unless learned.
for pass in typed habit reader learned conflict; do
	KS_CARD_READER_KEY= KS_HABIT=0 KS_LEARNED=0 lang=en
	case $pass in
	typed) MOST=$MOST_TYPED ;; # the first of model LSVAU218
	habit) lang=zh KS_HABIT=1 KS_VIN=LFV2A21K0G3100201 KS_PLATE=京A54321 MOST=$MOST_HABIT ;;
	reader) KS_CARD_READER_KEY=F6 KS_VIN=LGBH52E02F1100301 KS_PLATE=京A67890 MOST=$MOST_READER ;;
	learned) # a second LSVAU218: the yard knows the model from the first pass
		lang=zh KS_CARD_READER_KEY=F6 KS_LEARNED=1 KS_VIN=LSVAU218XN2183294 KS_PLATE=京A24680 MOST=$MOST_LEARNED ;;
	conflict) # a third LJDAA11A: the two before it are different models
		KS_CARD_READER_KEY=F6 KS_VIN=LJDAA11A2K1100403 KS_PLATE=京A13579 MOST=$MOST_READER ;;
	esac
	tui_start 80 24 "SCRAPYARD_SCALE=$port,stgs" "SCRAPYARD_IDCARD=$KS_READER_PORT" -- --lang $lang
	check_screen "$pass: menu" "1  "
	if ks_checkin; then
		_report 0 "$pass: the check-in typed and saved"
	else
		_report 1 "$pass: the check-in typed and saved" "stopped waiting at: $KS_WAITING"$'\n'"$(tui_screen)"
	fi
	echo "# $pass: $KS_KEYS keystrokes"
	[ $pass = habit ] && habit_keys=$KS_KEYS
	check "$pass: $KS_KEYS keystrokes, at most $MOST" test "$KS_KEYS" -le "$MOST"
	# What is saved is what a clerk typing every field saves.
	run "$SY" --db "$DB" --json vehicle show "$KS_VIN"
	check "$pass: owner" test "$(echo "$out" | json 'd["owner_name"], d["owner_id"], d["owner_address"], d["owner_phone"]')" = \
		"$KS_OWNER $KS_ID $KS_ADDRESS $KS_PHONE"
	check "$pass: documents" test "$(echo "$out" | json 'd["doc_registration"], d["doc_licence"], d["plates_returned"]')" = "True True 2"
	check "$pass: vehicle" test "$(echo "$out" | json 'd["vin"], d["plate"], d["brand_model"], d["vehicle_type"], d["use_nature"], d["power_type"]')" = \
		"$KS_VIN $KS_PLATE $KS_BRAND car non_operating petrol"
	check "$pass: engine, first registration, curb and weighed mass" \
		test "$(echo "$out" | json 'd["engine_no"], d["first_reg_date"], d["curb_mass_kg"], d["weighed_kg"]')" = \
		"$KS_ENGINE 2015-03-10 $KS_CURB $KS_WEIGHT"
	check "$pass: handed over today" test "$(echo "$out" | json 'd["received_date"]')" = "${TUI_NOW%% *}"
	tui_keys F10
	check_screen "$pass: quit" "[exit 0]"
done
check "the habit pass: the keys of the older form, each still taken ($habit_keys)" test "$habit_keys" = 120

# What was learned, on the screen: the next LSVAU218 shows the values filled,
# marked and said where they came from; a conflicting prefix shows nothing.
tui_start 80 24 -- --lang en
check_screen "learned: menu" "1  "
tui_keys 1
check_screen "learned: the form" "Owner name *"
for _ in 1 2 3 4 5 6 7 8; do tui_keys Down; done
tui_type LSVAU2181P2183297
check_screen "learned: the VIN moved on by itself" "> Plate no.                     京"
# (the status line wraps where the list of fields makes it)
check_screen "learned: said where they come from" "from LSVAU218"
check_screen "learned: and from how many" "(earlier vehicles: 2)"
check "learned: the use left to the clerk (the owner's, not the model's)" test "$(tui_field 'Use nature')" = "  Use nature"
check "learned: the brand marked" test "$(tui_field 'Brand and model')" = " ~Brand and model               大众桑塔纳"
check "learned: the curb mass marked" test "$(tui_field 'Curb mass')" = " ~Curb mass (kg)                1180"
tui_keys Up
check_line "learned: back on the VIN" 10 "> VIN"
tui_type LJDAA11A3H1100404 # typing replaces the VIN in focus
check_screen "conflict: on to the plate" "> Plate no.                     京"
check "conflict: the brand left empty" test "$(tui_field 'Brand and model' | sed 's/ *$//')" = "  Brand and model"
check "conflict: the type left empty" test "$(tui_field 'Vehicle type' | sed 's/ *$//')" = "  Vehicle type"
check "conflict: the curb mass left empty" test "$(tui_field 'Curb mass' | sed 's/ *$//')" = "  Curb mass (kg)"

# The province set for the yard wins over its credit code's; a value that
# is no province is refused.
run "$SY" --db "$DB" setting plate_province 粤A
check "a province setting: one character of a plate's" test "$rc" = 1 -a -n "$err"
run "$SY" --db "$DB" setting plate_province 粤
check "the province set" test "$rc" = 0
tui_start 80 24 -- --lang zh
check_screen "zh: menu" "1  "
tui_keys 1
check_screen "zh: the plate starts with the province set" "号牌号码            粤"
finish
