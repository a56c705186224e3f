#!/bin/bash
# The ID card at check-in: F6 waits for the card on the reader (a reader
# emulated on a pseudo-terminal by tests/helpers/idcard_pty), then fills the
# owner's name, ID number and address, or for a company owner the agent's
# name and ID; the number goes through the GB 11643 check like a typed one;
# an expired card is shown and taken only when the clerk says so; Esc
# cancels; no reader, and a reader unplugged mid-read, say what to do.
# In English and in Chinese.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/tmux.bash"

PTY=${SY_TEST_BUILD:-$PWD/$BUILD}/tests/helpers/idcard_pty
DIR=$TESTS_DIR/devices/idcard_replays
[ -x "$PTY" ] || { echo "not ok 1 - $PTY is not built (make test builds it)"; exit 1; }
unset SCRAPYARD_IDCARD SCRAPYARD_SCALE
tui_init_db

reader_pid=
trap 'kill $reader_pid 2>/dev/null; tmux -L "$TUI_SOCKET" kill-server 2>/dev/null; rm -rf "$WORK"' EXIT

# reader CARD ANSWERS: a reader holding CARD on a new terminal, its path in $port.
reader() {
	[ -n "$reader_pid" ] && kill "$reader_pid" 2>/dev/null
	{ cat "$DIR/$1.card"; tr ';' '\n' <<<"$2"; } >"$WORK/reader.pty"
	rm -f "$WORK/reader.path"
	"$PTY" "$WORK/reader.pty" >"$WORK/reader.path" &
	reader_pid=$!
	for _ in $(seq 50); do [ -s "$WORK/reader.path" ] && break; sleep 0.1; done
	port=$(cat "$WORK/reader.path")
}

# checkin [OPTIONS]: the program with the reader at $port, on the check-in form.
checkin() {
	tui_start 80 24 "SCRAPYARD_IDCARD=$port" -- "$@"
	check_screen "menu" "1  "
	tui_keys 1
}

# ---- no reader ----
port=/nonexistent/ttyUSB9
checkin
check_screen "check-in" "Owner name *"
check_line "F6 in the bar" 24 "F6IDCard"
tui_keys F6
check_screen "no reader: the status line names the port" "serial port /nonexistent/ttyUSB9 does not exist"
check_no_screen "no reader: no box left open" "Reading the"
tui_keys F10
check_screen "quit" "[exit 0]"

# ---- a person's card, put on after F6 ----
reader zhang-san "find nocard nocard nocard nocard nocard nocard ok"
checkin
check_screen "check-in" "Owner name *"
tui_keys F6
check_screen "F6 opens the reading box" "Reading the owner's ID card"
check_screen "no card yet: the box says so" "no ID card on the reader: put it on"
check_screen "the card read: the name" "ID card read: 张三 (valid until 2036-05-01)"
check_no_screen "the box closes" "Reading the owner's ID card"
check "owner name filled" ends_with "$(tui_field 'Owner name')" "张三"
check "ID number filled" ends_with "$(tui_field 'ID no. / credit code')" "11010519491231002X"
check "address filled" ends_with "$(tui_field 'Address')" "北京市东城区景山前街4号"
check "focus on the phone, the one owner field the card lacks" contains "$(tui_field 'Phone')" "> Phone"
# The rest as typed: save, and the card's values are in the record.
tui_type '13800138000'
tui_keys Tab Tab Tab Tab; tui_type 'LSVAU218XN2183294' # past the documents to the VIN
tui_keys F2
check_screen "documents not handed over: asks for the statement" "written statement"
tui_type y
check_screen "saved" "Saved as V2026-000001"
run "$SY" --db "$DB" vehicle show --json LSVAU218XN2183294
check_contains "stored: owner from the card" "$out" '"owner_name":"张三","owner_id":"11010519491231002X","owner_phone":"13800138000","owner_address":"北京市东城区景山前街4号"'
check "what the form does not ask for is not kept (issuing authority, birth date)" \
	bash -c '! sqlite3 "$1" .dump | grep -q -e 北京市公安局东城分局 -e 1949-12-31' _ "$DB"
tui_keys F10
check_screen "quit" "[exit 0]"

# ---- Esc while waiting for the card ----
reader zhang-san "find nocard"
checkin
tui_keys F6
check_screen "waiting for a card" "no ID card on the reader"
tui_keys Escape
check_screen "Esc cancels" "ID card reading cancelled"
check_no_screen "box gone" "Reading the owner's ID card"
check "still on the check-in form, nothing filled" ends_with "$(tui_field 'Owner name')" "Owner name *"
tui_keys F10
check_screen "quit" "[exit 0]"

# ---- a company owner: the agent's card ----
reader zhang-san ""
checkin
tui_keys Right
check_screen "company owner" "Agent name"
tui_keys F6
check_screen "the agent's card is read" "ID card read: 张三"
check "agent name filled" ends_with "$(tui_field 'Agent name')" "张三"
check "agent ID filled" ends_with "$(tui_field 'Agent ID no.')" "11010519491231002X"
check "the company's own name left alone" ends_with "$(tui_field 'Owner name')" "Owner name *"
check "the company's address left alone" ends_with "$(tui_field 'Address')" "Address"
check "focus on the company's name, still to type" contains "$(tui_field 'Owner name')" "> Owner name"
tui_keys F10 F10
check_screen "quit" "[exit 0]"

# ---- an expired card ----
reader expired ""
checkin
tui_keys F6
check_screen "an expired card is flagged" "This ID card has EXPIRED"
check_screen "with its validity" "Valid 2010-05-01 to 2020-05-01: expired"
check_screen "and what to do" "Y: fill in its details anyway"
tui_keys Escape
check_screen "Esc: not used" "The expired ID card was not used"
check "nothing filled from the expired card" ends_with "$(tui_field 'Owner name')" "Owner name *"
tui_keys F6
check_screen "read again" "This ID card has EXPIRED"
tui_keys Enter
check_screen "Enter does not take it" "This ID card has EXPIRED"
tui_keys y
check_screen "Y takes it, flagged on the status line" "Filled from an EXPIRED ID card (expired 2020-05-01)"
check "expired card: name filled" ends_with "$(tui_field 'Owner name')" "李四"
tui_keys F10 F10
check_screen "quit" "[exit 0]"

# ---- an ID number failing GB 11643 ----
reader bad-check ""
checkin
tui_keys F6
check_screen "the check fails: said" "The ID number on the card fails the check"
check "the ID field is marked and focused" contains "$(tui_field 'ID no. / credit code')" ">!ID no. / credit code"
check_screen "the expected character" "expected X"
tui_keys F10 F10
check_screen "quit" "[exit 0]"

# ---- unplugged mid-read ----
reader zhang-san "read cut:300"
checkin
tui_keys F6
check_screen "unplugged: said on the status line" "went away: plug it back in"
check_no_screen "unplugged: box closed" "Reading the owner's ID card"
tui_keys F10
check_screen "quit" "[exit 0]"

# ---- in Chinese ----
reader zhang-san "find nocard nocard nocard ok"
checkin --lang zh
check_screen "check-in in Chinese" "车主名称 *"
check_line "F6 in the bar, in Chinese" 24 "F6身份证"
tui_keys F6
check_screen "reading box in Chinese" "正在读取车主身份证"
check_screen "no card, in Chinese" "读卡器上没有身份证"
# The box stands over Chinese labels: its left border must not be wiped by them.
check_screen "the box keeps its left border over wide characters" "│  正在读取车主身份证"
check_screen "read, in Chinese" "已读取身份证：张三"
check "zh: name filled" ends_with "$(tui_field '车主名称')" "张三"
check "zh: address filled" ends_with "$(tui_field '住址')" "北京市东城区景山前街4号"
tui_keys F10 F10
check_screen "quit" "[exit 0]"

reader expired ""
checkin --lang zh
tui_keys F6
check_screen "expired card, in Chinese" "此身份证已过期"
check_screen "the expired box keeps its left border" "│  此身份证已过期"
tui_keys Escape F10
check_screen "quit" "[exit 0]"
# ---- where the reader is set ----
tui_start 80 24 "SCRAPYARD_IDCARD=/dev/ttyUSB1,57600"
check_screen "menu" "1  Check-in"
tui_keys 0
check_screen "settings name the reader" "4  ID card reader"
tui_keys 4
check_screen "devices: the configured reader and its speed" "The check-in reads ID cards on /dev/ttyUSB1 (57600 baud)"
check_screen "devices: how to choose another" "F6: another reader (a port, a USB id or tcp://HOST:PORT)"
check_screen "devices: where the choice comes from" "ID card reader  [SCRAPYARD_IDCARD]"
tui_keys F10
check_screen "quit" "[exit 0]"
finish
