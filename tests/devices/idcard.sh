#!/bin/bash
# The resident ID card reader on a pseudo-terminal (tests/helpers/idcard_pty
# answers as a reader does, from a card in tests/devices/idcard_replays/*.card
# and the answers each test gives): a card read, no card, select and read
# failures, checksum errors both ways, garbage, silence, the reader unplugged
# mid-read, expired and long-term cards, a bad ID number, a residence permit,
# a foreigner's card; the configured reader, options and exit statuses. Then
# the reader behind a CH340 driven through libusb (tests/helpers/scale_usbfake
# serving the same answers), finding it among bridges, and skipping the scale's.
source "$(dirname "$0")/../lib.sh"

DIR=$TESTS_DIR/devices/idcard_replays
BRIDGES=$TESTS_DIR/devices/scale_replays
PTY=${SY_TEST_BUILD:-$PWD/$BUILD}/tests/helpers/idcard_pty
USBFAKE=${SY_TEST_BUILD:-$PWD/$BUILD}/tests/helpers/scale_usbfake
# The preload library comes before a sanitizer's runtime; let that be.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
unset SCRAPYARD_IDCARD SCRAPYARD_SCALE
export SCRAPYARD_NOW="2026-03-02 09:00:00"

check "idcard_pty helper is built" test -x "$PTY"

# reader CARD ANSWERS [--log FILE | --link PATH] -- ARGS...: scrapyard ARGS
# against a reader holding CARD that answers as ANSWERS says (lines such as
# "find nocard ok"; ";" separates lines). $secs is how long it took.
reader() {
	local card=$1 answers=$2 start
	shift 2
	{ cat "$DIR/$card.card"; tr ';' '\n' <<<"$answers"; } >"$WORK/reader.pty"
	start=$(date +%s%N)
	run timeout 60 "$PTY" "$WORK/reader.pty" "$@"
	secs=$(( ($(date +%s%N) - start) / 1000000000 ))
}

# ---- a card read ----
reader zhang-san "" --log "$WORK/read.log" -- "$SY" idcard read --port @PTY@
expect_rc "card read" 0
check_contains "name" "$out" "张三"
check_contains "sex from its GB/T 2261.1 code" "$out" "Male (1)"
check_contains "ethnicity from its GB 3304 code" "$out" "Han (01)"
check_contains "date of birth" "$out" "1949-12-31"
check_contains "address" "$out" "北京市东城区景山前街4号"
check_contains "ID number" "$out" "11010519491231002X"
check_contains "issuing authority" "$out" "北京市公安局东城分局"
check_contains "validity" "$out" "2016-05-01 to 2036-05-01"
check "commands in order: find, select, read base information" \
	test "$(tr '\n' ' ' <"$WORK/read.log")" = "20 01 20 02 30 01 "
reader zhang-san "" -- "$SY" idcard read --port @PTY@ --json
expect_rc "card read --json" 0
check_contains "json: the card" "$out" '"card_type":"resident","name":"张三","sex":"male","sex_code":"1","ethnicity":"Han","ethnicity_zh":"汉","ethnicity_code":"01","birth_date":"1949-12-31"'
check_contains "json: the ID number, checked" "$out" '"id_number":"11010519491231002X","id_number_valid":true'
check_contains "json: validity" "$out" '"valid_from":"2016-05-01","valid_until":"2036-05-01","long_term":false,"expired":false'
check_contains "json: the reader" "$out" '"device":"/dev/pts/'
check "json: no photo in the output" bash -c '! grep -qi photo <<<"$1"' _ "$out"
reader zhang-san "" -- "$SY" --lang zh idcard read --port @PTY@
expect_rc "card read in Chinese" 0
check_contains "zh: the card's own words" "$out" "公民身份号码    11010519491231002X"
check_contains "zh: sex and ethnicity" "$out" "男 (1)"
check_contains "zh: ethnicity as printed on the card" "$out" "汉 (01)"

# ---- no card, then a card ----
reader zhang-san "find nocard" -- "$SY" idcard read --port @PTY@ --timeout 1.5
expect_rc "no card" 1
check_contains "no card: says to put it on" "$err" "no ID card on the reader: put it on"
check "no card: nothing on stdout" test -z "$out"
check "no card: gives up at the timeout" test "$secs" -lt 5
reader zhang-san "find nocard nocard nocard ok" --log "$WORK/later.log" -- "$SY" idcard read --port @PTY@ --timeout 5
expect_rc "card put on after a while" 0
check_contains "card put on after a while: read" "$out" "张三"
check "looked for the card four times" test "$(grep -c '20 01' "$WORK/later.log")" = 4

# ---- select and read failures ----
reader zhang-san "select fail" -- "$SY" idcard read --port @PTY@ --timeout 1.5
expect_rc "select fails" 1
check_contains "select fails: lift the card and put it back" "$err" "could not select it: lift the card and put it back"
reader zhang-san "select fail ok" --log "$WORK/select.log" -- "$SY" idcard read --port @PTY@ --timeout 5
expect_rc "select fails once" 0
check "select fails once: found again, selected, read" \
	test "$(tr '\n' ' ' <"$WORK/select.log")" = "20 01 20 02 20 01 20 02 30 01 "
reader zhang-san "read fail" -- "$SY" idcard read --port @PTY@ --timeout 1.5
expect_rc "read fails" 1
check_contains "read fails: message" "$err" "could not read the card"
reader zhang-san "read sw:32" -- "$SY" idcard read --port @PTY@ --timeout 1.5
expect_rc "card not authenticated" 1
check_contains "card not authenticated: may be forged" "$err" "did not authenticate each other"

# ---- checksum errors, garbage, silence ----
reader zhang-san "read badsum ok" -- "$SY" idcard read --port @PTY@ --json --timeout 5
expect_rc "checksum error once: read again" 0
check_contains "checksum error once: the card" "$out" '"name":"张三"'
reader zhang-san "read badsum" -- "$SY" idcard read --port @PTY@ --timeout 2
expect_rc "checksum errors" 1
check_contains "checksum errors: says so" "$err" "failed its checksum"
reader zhang-san "find garbage" -- "$SY" idcard read --port @PTY@ --timeout 2
expect_rc "garbage" 1
check_contains "garbage: data but no reader frames" "$err" "but no ID card reader frames: check the port and the baud rate (115200)"
reader zhang-san "find noise;select chunked;read chunked" -- "$SY" idcard read --port @PTY@ --timeout 5
expect_rc "noise before a frame, frames in pieces" 0
check_contains "noise and pieces: the card" "$out" "11010519491231002X"
reader zhang-san "find silent" -- "$SY" idcard read --port @PTY@ --timeout 2
expect_rc "silence" 1
check_contains "silence: no answer, is the reader there" "$err" "no answer from /dev/pts/"

# ---- unplugged mid-read ----
reader zhang-san "read cut:600" --link "$WORK/ttyUSB0" -- "$SY" idcard read --port @PTY@ --timeout 5
expect_rc "unplugged mid-read" 2
check_contains "unplugged: the reader went away" "$err" "the ID card reader $WORK/ttyUSB0 went away: plug it back in"
check "unplugged: at once, not at the timeout" test "$secs" -lt 4

# ---- cards to look at twice ----
reader expired "" -- "$SY" idcard read --port @PTY@
expect_rc "expired card refused" 1
check_contains "expired: the card is shown" "$out" "李四"
check_contains "expired: marked" "$out" "2010-05-01 to 2020-05-01  EXPIRED"
check_contains "expired: said" "$err" "the ID card expired on 2020-05-01: it is not a valid identity document"
reader expired "" -- "$SY" idcard read --port @PTY@ --json
check_contains "expired: json" "$out" '"expired":true'
check_contains "expired: ethnicity 03" "$out" '"ethnicity":"Hui","ethnicity_zh":"回"'
reader long-term "" -- "$SY" idcard read --port @PTY@ --json
expect_rc "long-term card" 0
check_contains "long-term: no end date" "$out" '"valid_until":null,"long_term":true,"expired":false'
reader long-term "" -- "$SY" idcard read --port @PTY@
check_contains "long-term: text" "$out" "2010-01-01, long-term"
reader bad-check "" -- "$SY" idcard read --port @PTY@ --json
expect_rc "ID number failing GB 11643" 1
check_contains "bad check: json" "$out" '"id_number_valid":false'
check_contains "bad check: says which character" "$err" "the ID number on the card fails the check"
check_contains "bad check: the expected character" "$err" "expected X"
reader hmt-permit "" -- "$SY" idcard read --port @PTY@ --json
expect_rc "residence permit for Hong Kong, Macao and Taiwan residents" 0
check_contains "permit: its type, no ethnicity" "$out" '"card_type":"hmt_residence","name":"陈七","sex":"female","sex_code":"2","birth_date"'
reader foreign "" -- "$SY" idcard read --port @PTY@ --timeout 1.5
expect_rc "foreigner's card refused" 1
check_contains "foreigner's card: not read, type it" "$err" "foreign permanent resident ID card: it is not read here"

# ---- the configured reader, options, statuses ----
reader zhang-san "" -- bash -c 'SCRAPYARD_IDCARD=$1,115200 "$2" idcard read' _ @PTY@ "$SY"
expect_rc "configured reader (SCRAPYARD_IDCARD=PATH,BAUD)" 0
check_contains "configured reader reads" "$out" "张三"
reader zhang-san "" -- "$SY" idcard read --device @PTY@
expect_rc "a path given as --device" 0
run "$SY" idcard read --port /nonexistent/ttyUSB7 --timeout 1
expect_rc "no such port" 2
check_contains "no such port: message" "$err" "serial port /nonexistent/ttyUSB7 does not exist"
run "$SY" idcard read --port /dev/null --timeout 1
expect_rc "not a serial port" 1
check_contains "not a serial port: message" "$err" "/dev/null is not a serial port: give the ID card reader's port"
run "$SY" idcard read --port /dev/null --device 1a86:7523
expect_rc "--port and --device together" 1
run "$SY" idcard read --port /dev/null --baud 7
expect_rc "a baud rate no port has" 1
check_contains "bad baud: lists the rates" "$err" "baud rate 7 is not supported"
run "$SY" idcard read --timeout soon
expect_rc "bad timeout" 1
run "$SY" idcard frobnicate
expect_rc "unknown subcommand" 1
check_contains "unknown subcommand: usage" "$err" "scrapyard idcard read"
run "$SY" idcard --help
expect_rc "help" 0
check_contains "help: SCRAPYARD_IDCARD" "$out" "SCRAPYARD_IDCARD"

# ---- behind a USB-serial bridge driven through libusb ----
# The CH340 answers find, select and read in 32-byte packets, as the chip does.
{
	echo "node /dev/bus/usb/001/006"
	echo "control c0 5f 0000 0000 3000"
	for c in find select read; do "$PTY" "$DIR/zhang-san.card" --dump $c | fold -w 64 | sed 's/^/in 82 /'; done
} >"$WORK/ch340.fake"
run timeout 60 "$USBFAKE" "$BRIDGES/ch340.umockdev" "$WORK/ch340.fake" --log "$WORK/usb.log" -- "$SY" idcard read --json --timeout 5
expect_rc "reader behind a CH340" 0
check_contains "CH340: the card" "$out" '"name":"张三","sex":"male"'
check_contains "CH340: the bridge is the device" "$out" '"device":"1a86:7523@1-6"'
check "CH340: set to 115200 baud (divisor registers 0x12/0x13)" grep -qx "ctrl 40 9a 1312 cc83 " "$WORK/usb.log"
check "CH340: the three commands went out on the bulk endpoint" \
	test "$(grep '^out 02' "$WORK/usb.log" | tr '\n' ' ')" = "out 02 aaaaaa96690003200122 out 02 aaaaaa96690003200221 out 02 aaaaaa96690003300132 "

run timeout 60 umockdev-run -d "$BRIDGES/ch340.umockdev" -d "$BRIDGES/cp2102.umockdev" -d "$BRIDGES/dymo-m10.umockdev" -- "$SY" idcard list
expect_rc "list" 0
check_contains "list: the CH340 with its tty" "$out" "1a86:7523@1-6          CH340/CH341 USB-serial bridge (kernel tty /dev/ttyUSB0)"
check_contains "list: the CP210x" "$out" "10c4:ea60@1-7          CP210x USB-serial bridge"
check "list: not the HID scale" bash -c '! grep -q 0922 <<<"$1"' _ "$out"
run timeout 60 umockdev-run -d "$BRIDGES/ch340.umockdev" -- "$SY" idcard list --json
check_contains "list --json" "$out" '[{"id":"1a86:7523@1-6","name":"CH340/CH341 USB-serial bridge","vendor_id":"1a86","product_id":"7523","tty":"/dev/ttyUSB0"}]'
run timeout 60 umockdev-run -- "$SY" idcard read --timeout 1
expect_rc "no reader at all" 2
check_contains "no reader: says what to do" "$err" "no ID card reader found: plug in its USB cable, or give its serial port with --port"
run timeout 60 umockdev-run -d "$BRIDGES/ch340.umockdev" -d "$BRIDGES/cp2102.umockdev" -- "$SY" idcard read --timeout 1
expect_rc "two bridges and none chosen" 1
check_contains "two bridges: choose one" "$err" "2 USB-serial bridges found (10c4:ea60@1-7, 1a86:7523@1-6): choose the reader with --device or SCRAPYARD_IDCARD"
# The scale configured on one bridge: the reader is the other one.
for scale in 1a86:7523 /dev/ttyUSB0; do
	run timeout 60 env SCRAPYARD_SCALE=$scale umockdev-run -d "$BRIDGES/ch340.umockdev" -d "$BRIDGES/cp2102.umockdev" -- "$SY" idcard read --timeout 1
	check_contains "scale on the CH340 ($scale): the reader is taken to be the CP210x" "$err" "10c4:ea60"
done
run timeout 60 umockdev-run -d "$BRIDGES/ch340.umockdev" -- "$SY" idcard read --device 10c4:ea60 --timeout 1
expect_rc "no such bridge" 2
check_contains "no such bridge: says so" "$err" "no USB-serial bridge matches 10c4:ea60: see scrapyard idcard list"

finish
