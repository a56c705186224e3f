#!/bin/bash
# Counter speed: a typical check-in of a person's petrol car, from the menu
# to "Saved as", counted key by key (tests/tui/keystrokes.bash), with the
# weight from the scale. Everything typed is saved as typed, and the count
# stays at what the form order, the one-key answers and the dates as digits
# make it. `make bench` prints the same count.
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

# The most keys this check-in may take: 140 before the form was put in the
# order of the counter (owner, documents, vehicle, scale), with one-key
# answers and dates as digits.
# With the resident ID card reader (F6) the owner's name, ID number and
# address are one key: at most MOST_READER.
MOST=120
MOST_READER=80
ks_reader_start "${SY_TEST_BUILD:-$PWD/$BUILD}"
trap 'kill $fake $KS_READER_PID 2>/dev/null; tmux -L "$TUI_SOCKET" kill-server 2>/dev/null; rm -rf "$WORK"' EXIT
for pass in en zh reader; do
	lang=${pass/reader/en}
	# Another car for each run: one open record per VIN and plate.
	[ $pass = zh ] && KS_VIN=LSVAU218XN2183294 KS_PLATE=京A54321
	[ $pass = reader ] && KS_VIN=LSVAU2184N2183291 KS_PLATE=京A67890 KS_CARD_READER_KEY=F6 MOST=$MOST_READER
	tui_start 80 24 "SCRAPYARD_SCALE=$port,stgs" "SCRAPYARD_IDCARD=$KS_READER_PORT" -- --lang $lang
	check_screen "$pass: menu" "1  "
	if ks_checkin; then
		_report 0 "$pass: the check-in typed and saved"
	else
		_report 1 "$pass: the check-in typed and saved" "stopped waiting at: $KS_WAITING"$'\n'"$(tui_screen)"
	fi
	echo "# $pass: $KS_KEYS keystrokes"
	check "$pass: $KS_KEYS keystrokes, at most $MOST" test "$KS_KEYS" -le "$MOST"
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
finish
