#!/bin/bash
# USB scales end to end through libusb under umockdev replays: two HID scales
# (grams, ounces, pounds, kilograms; motion then stable; over weight, under
# zero; the stale first report), a HID scale known only by its report
# descriptor, a keyboard that is not a scale, and the four USB-serial bridge
# chips with their set-up requests and a data stream each. The files are
# described in tests/devices/scale_replays/README.md.
source "$(dirname "$0")/../lib.sh"

DIR=$TESTS_DIR/devices/scale_replays
# The preload library comes before a sanitizer's runtime; let that be.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
unset SCRAPYARD_SCALE

check "umockdev-run is installed" command -v umockdev-run

# replay DEVICE NODE RECORDING ARGS...: scrapyard scale ARGS under a replay
replay() {
	local dev=$1 node=$2 rec=$3
	shift 3
	run timeout 60 umockdev-run --device "$DIR/$dev.umockdev" --ioctl "$node=$DIR/$rec.ioctl" -- "$SY" scale "$@"
}

# ---- no scale at all ----
run timeout 60 umockdev-run -- "$SY" scale read --timeout 2
expect_rc "no scale: environment" 2
check_contains "no scale: says what to do" "$err" "no scale found: plug in the USB scale"
run timeout 60 umockdev-run -- "$SY" scale list --json
expect_rc "empty list" 0
check "empty list is an empty JSON array" test "$out" = "[]"

# ---- list: HID by id and by usage page, bridges, not the keyboard ----
run timeout 60 umockdev-run -d "$DIR/dymo-m10.umockdev" -d "$DIR/mettler-hid.umockdev" \
	-d "$DIR/generic-hid-scale.umockdev" -d "$DIR/keyboard.umockdev" -d "$DIR/ch340.umockdev" \
	-d "$DIR/cp2102.umockdev" -d "$DIR/pl2303.umockdev" -d "$DIR/ft232r.umockdev" -- "$SY" scale list
expect_rc "list" 0
check_contains "list: DYMO M10 by id" "$out" "0922:8003@1-2          hid           DYMO M10"
check_contains "list: Mettler Toledo by id" "$out" "0eb8:f000@1-3"
check_contains "list: a HID scale by its usage page" "$out" "1209:0001@1-4          hid           USB HID scale"
check "list: the keyboard is not a scale" bash -c '! grep -q 04d9 <<<"$1"' _ "$out"
check_contains "list: CH340 with its kernel tty" "$out" "1a86:7523@1-6          serial-bridge CH340/CH341 USB-serial bridge (kernel tty /dev/ttyUSB0)"
check_contains "list: CP210x" "$out" "10c4:ea60@1-7          serial-bridge CP210x"
check_contains "list: PL2303" "$out" "067b:2303@1-8          serial-bridge PL2303"
check_contains "list: FTDI" "$out" "0403:6001@1-9          serial-bridge FTDI"
check "list: seven scales" test "$(grep -c @ <<<"$out")" = 7

run timeout 60 umockdev-run -d "$DIR/dymo-m10.umockdev" -d "$DIR/ch340.umockdev" -- "$SY" scale list --json
expect_rc "list --json" 0
check_contains "list --json: HID entry" "$out" '{"id":"0922:8003@1-2","kind":"hid","name":"DYMO M10/M25","vendor_id":"0922","product_id":"8003"}'
check_contains "list --json: bridge tty" "$out" '"tty":"/dev/ttyUSB0"'

# ---- two scales: one must be chosen ----
run timeout 60 umockdev-run -d "$DIR/dymo-m10.umockdev" -d "$DIR/ch340.umockdev" -- "$SY" scale read --timeout 2
expect_rc "two scales and none chosen" 1
check_contains "two scales: choose with --device" "$err" "choose one with --device"
run timeout 60 umockdev-run -d "$DIR/dymo-m10.umockdev" -- "$SY" scale read --device 1234:5678 --timeout 2
expect_rc "no such device" 2
check_contains "no such device: says so" "$err" "no scale matches 1234:5678"

# ---- broken descriptors: every byte a device sends is outside input ----
# An endpoint descriptor cut short (libusb counts the endpoint but gives no
# array), one shorter than an endpoint descriptor (libusb refuses the whole
# configuration), and a bridge whose first endpoint is cut: refused with a
# message, never a crash.
for dev in dymo-cut-endpoint dymo-short-endpoint ch340-cut-endpoint; do
	run timeout 60 umockdev-run -d "$DIR/$dev.umockdev" -- "$SY" scale read --timeout 2
	expect_rc "$dev: refused" 2
	check_contains "$dev: the descriptor is broken, what to do" "$err" \
		"sent a broken configuration descriptor"
	check_contains "$dev: names the device" "$err" "USB device "
done
run timeout 60 umockdev-run -d "$DIR/dymo-cut-endpoint.umockdev" -d "$DIR/ch340-cut-endpoint.umockdev" -- \
	"$SY" scale list
expect_rc "list with broken descriptors" 0
check_contains "list: a scale known by id is listed all the same" "$out" "0922:8003@1-2"

# ---- DYMO M10 ----
replay dymo-m10 /dev/bus/usb/001/002 dymo-m10-grams read --json --timeout 5
expect_rc "dymo grams" 0
check_contains "dymo grams: 1250 g is 1.25 kg, stable" "$out" '"kg":1.25,"status":"stable"'
check_contains "dymo grams: device id" "$out" '"device":"0922:8003@1-2"'
check_contains "dymo grams: protocol" "$out" '"protocol":"hid"'
# With one equal reading enough, the stale first report (500 g) would win if kept.
replay dymo-m10 /dev/bus/usb/001/002 dymo-m10-grams read --stable 1 --timeout 5
expect_rc "dymo stale report" 0
check "dymo: the stale first report is discarded" test "$out" = "1.250 kg"
SCRAPYARD_SCALE=0922:8003 replay dymo-m10 /dev/bus/usb/001/002 dymo-m10-ounces read --timeout 5
expect_rc "dymo ounces (configured scale)" 0
check "dymo: 35.3 oz in kg" test "$out" = "1.001 kg"
replay dymo-m10 /dev/bus/usb/001/002 dymo-m10-overweight read --timeout 5
expect_rc "dymo over weight refused" 1
check_contains "dymo over weight: a message, not a number" "$err" "over the scale's capacity"
check "dymo over weight: nothing on stdout" test -z "$out"
replay dymo-m10 /dev/bus/usb/001/002 dymo-m10-underzero read --device 0922:8003@1-2 --timeout 5
expect_rc "dymo under zero refused" 1
check_contains "dymo under zero message" "$err" "below zero: clear the platform and zero the scale"
replay dymo-m10 /dev/bus/usb/001/002 dymo-m10-grams zero --timeout 1
expect_rc "dymo has no zero control" 1
check_contains "dymo zero: not supported, says what to do" "$err" "offers no zero command: zero it with its own button"
replay dymo-m10 /dev/bus/usb/001/002 dymo-m10-grams watch --timeout 1 </dev/null
expect_rc "dymo watch" 0
check_contains "dymo watch shows the stable weight" "$out" "1.250 kg  stable"

# ---- DYMO M5 (0922:8009): the first report after a tare has unit 0 ----
run timeout 60 umockdev-run -d "$DIR/dymo-m5.umockdev" -d "$DIR/stamps-35lb.umockdev" -- "$SY" scale list
check_contains "list: the M5 by its name" "$out" "0922:8009@1-10         hid           DYMO S250/S180/M5"
check_contains "list: a Stamps.com 35 lb scale by id" "$out" "2474:3550@1-11         hid           Stamps.com 35 lb scale"
# With one reading enough, the unit-0 report (flagged under zero) would end the read if kept.
replay dymo-m5 /dev/bus/usb/001/010 dymo-m5-tare read --stable 1 --timeout 5
expect_rc "M5 after a tare" 0
check "M5: the unit-0 report is skipped, not taken as under zero" test "$out" = "0.90 kg"
replay dymo-m5 /dev/bus/usb/001/010 dymo-m5-tare read --json --timeout 5
check_contains "M5: 0.90 kg stable" "$out" '"kg":0.9,"status":"stable"'

# ---- Stamps.com 35 lb (2474:3550), known by id: pounds ----
replay stamps-35lb /dev/bus/usb/001/011 stamps-35lb-pounds read --json --timeout 5
expect_rc "Stamps.com 35 lb" 0
check_contains "Stamps.com: 21.0 lb in kg" "$out" '"kg":9.52544,"status":"stable"'

# ---- Mettler Toledo: 8-byte packets, pounds and kilograms ----
replay mettler-hid /dev/bus/usb/001/003 mettler-pounds read --json --timeout 5
expect_rc "mettler pounds" 0
check_contains "mettler: 12.34 lb in kg" "$out" '"kg":5.59733,"status":"stable"'
replay mettler-hid /dev/bus/usb/001/003 mettler-kilograms read --timeout 5
expect_rc "mettler kilograms" 0
check "mettler: 12.345 kg" test "$out" = "12.345 kg"

# ---- bridges: set-up requests replayed exactly, then the data stream ----
replay ch340 /dev/bus/usb/001/006 ch340-toledo read --json --timeout 5
expect_rc "ch340 toledo (auto)" 0
check_contains "ch340: 1380 kg stable" "$out" '"kg":1380,"status":"stable"'
check_contains "ch340: toledo detected" "$out" '"protocol":"toledo"'
replay ch340 /dev/bus/usb/001/006 ch340-toledo read --protocol toledo --device 1a86:7523 --timeout 5
check "ch340 toledo (named)" test "$out" = "1380 kg"
replay cp2102 /dev/bus/usb/001/007 cp2102-xk3190 read --json --timeout 5
expect_rc "cp2102 xk3190" 0
check_contains "cp2102: 1380.0 kg settled by repetition" "$out" '"kg":1380,"status":"stable","stable_by":"repetition"'
check_contains "cp2102: xk3190 detected" "$out" '"protocol":"xk3190"'
replay pl2303 /dev/bus/usb/001/008 pl2303-stgs read --json --timeout 5
expect_rc "pl2303 stgs" 0
check_contains "pl2303: 1380 kg" "$out" '"kg":1380,"status":"stable"'
check_contains "pl2303: stgs detected" "$out" '"protocol":"stgs"'
replay ft232r /dev/bus/usb/001/009 ft232r-sics read --protocol sics --json --timeout 5
expect_rc "ft232r sics" 0
check_contains "ft232r: status bytes stripped, 1380 kg" "$out" '"kg":1380,"status":"stable"'
# The recordings hold the exact requests: other line settings are refused by the replay.
replay ch340 /dev/bus/usb/001/006 ch340-toledo read --baud 19200 --timeout 2
expect_rc "ch340 at another baud rate differs from the recording" 2
check_contains "a failed set-up says what to do" "$err" "1a86:7523 failed to communicate"
replay cp2102 /dev/bus/usb/001/007 cp2102-xk3190 read --parity E --data-bits 7 --timeout 2
expect_rc "cp2102 at 7E1 differs from the recording" 2
replay ch340 /dev/bus/usb/001/006 ch340-toledo read --baud 1234 --timeout 2
expect_rc "an impossible baud rate" 1
check_contains "impossible baud rate: message" "$err" "baud rate 1234 is not supported"

finish
