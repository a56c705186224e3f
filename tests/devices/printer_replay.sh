#!/bin/bash
# USB label printers end to end through libusb, under umockdev replays:
# a ZPL, a TSPL and a Brother QL printer (.umockdev + .ioctl: bulk traffic,
# the status exchange, paper out), and, as usbmon captures written from
# scripts (.txt -> .pcap), a TSPL printer known only by its IEEE 1284 id and
# a DYMO LabelWriter with only the port status. The files are described in
# tests/devices/printer_replays/README.md.
source "$(dirname "$0")/../lib.sh"
# Under the sanitizers, umockdev's preload library comes before the ASan runtime.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"

HELPERS=${SY_TEST_BUILD:-$PWD/$BUILD}/tests/helpers
REPLAY=$HELPERS/printer_replay
PCAP=$HELPERS/printer_pcap
DIR=$TESTS_DIR/devices/printer_replays
SYS=/sys/devices/pci0000:00/0000:00:14.0/usb1

have() { command -v "$1" >/dev/null; }
check "umockdev-run is installed" have umockdev-run
check "printer_replay helper is built" test -x "$REPLAY"

# ioctl DEVICE_FILE NODE SCENARIO ARGS...: runs the helper under the replay
ioctl() {
	local dev=$1 node=$2 scenario=$3
	shift 3
	run timeout 60 umockdev-run --device "$DIR/$dev" --ioctl "$node=$DIR/$scenario" -- "$REPLAY" "$@"
}

# pcap DEVICE_FILE SYSFS BUS DEV SCRIPT ARGS...
pcap() {
	local dev=$1 sysfs=$2 bus=$3 num=$4 script=$5
	shift 5
	"$PCAP" "$bus" "$num" "$DIR/$script" "$WORK/replay.pcap" || return 1
	run timeout 60 umockdev-run --device "$DIR/$dev" --pcap "$sysfs=$WORK/replay.pcap" -- "$REPLAY" "$@"
}

# ---- Zebra, ZPL: the language from the 1284 id usblp shows in sysfs; status
# from ~HQES and the host status ~HS, asked together ----
ioctl zebra.umockdev /dev/bus/usb/001/005 zpl-ok.ioctl list
expect_rc "zpl list" 0
check_contains "zpl printer listed with its id and language" "$out" "0a5f:0164@1-3 zpl Zebra Technologies GK420d dpi=203"
ioctl zebra.umockdev /dev/bus/usb/001/005 zpl-ok.ioctl status
expect_rc "zpl status" 0
check_contains "zpl status ready" "$out" "status: ready"
check_contains "zpl status words" "$out" "ERRORS 0 00000000 00000000"
ioctl zebra.umockdev /dev/bus/usb/001/005 zpl-ok.ioctl send
expect_rc "zpl job" 0
check_contains "zpl job sent (ZPL reports no completion)" "$out" "job: sent"
ioctl zebra.umockdev /dev/bus/usb/001/005 zpl-paperout.ioctl send
expect_rc "zpl paper out refuses the job" 2
check_contains "zpl paper out message" "$out" "out of labels: load a new roll, then retry the job"
ioctl zebra.umockdev /dev/bus/usb/001/005 zpl-headopen.ioctl status
expect_rc "zpl head open status" 0
check_contains "zpl head open message" "$out" "print head is open"
# A paused desktop Zebra: ~HQES says nothing, ~HS says pause.
ioctl zebra.umockdev /dev/bus/usb/001/005 zpl-paused.ioctl send
expect_rc "a paused desktop Zebra refuses the job" 2
check_contains "paused message" "$out" "The printer is paused"
check_contains "nothing of the job sent" "$out" "outcome: not sent"
ioctl zebra.umockdev /dev/bus/usb/001/005 zpl-pause-after.ioctl send
expect_rc "paused while taking the job: not done" 2
check_contains "the job is held, not printed" "$out" "outcome: held"
check_contains "held message" "$out" "holds it (paused)"
# A different job than the recording is caught: the replay refuses the bytes.
PRINTER_LANGUAGE=tspl ioctl zebra.umockdev /dev/bus/usb/001/005 zpl-ok.ioctl send
check "a job that differs from the recording fails" test "$rc" -ne 0

# ---- TSC, TSPL ----
ioctl tsc.umockdev /dev/bus/usb/001/006 tspl-ok.ioctl list
check_contains "tspl printer listed" "$out" "1203:0230@1-4 tspl TSC TTP-244 Pro"
ioctl tsc.umockdev /dev/bus/usb/001/006 tspl-ok.ioctl send
expect_rc "tspl job" 0
check_contains "tspl job sent" "$out" "job: sent"
check_contains "tspl status byte" "$out" "detail: status 00"
ioctl tsc.umockdev /dev/bus/usb/001/006 tspl-paperout.ioctl send
expect_rc "tspl paper out refuses the job" 2
check_contains "tspl paper out message" "$out" "out of labels"

# ---- Brother QL-700: no id in sysfs, none over the replay: the quirk table ----
ioctl brother.umockdev /dev/bus/usb/001/007 ql-ok.ioctl list
check_contains "brother listed from the quirk table" "$out" "04f9:2042@1-5 ql Brother QL-700 dpi=300 head=720"
ioctl brother.umockdev /dev/bus/usb/001/007 ql-ok.ioctl send
expect_rc "brother job" 0
check_contains "brother reports the label printed" "$out" "job: printed"
ioctl brother.umockdev /dev/bus/usb/001/007 ql-paperout.ioctl send
expect_rc "brother without tape refuses the job" 2
check_contains "brother no media message" "$out" "out of labels"
PRINTER_FINISH_MS=5000 ioctl brother.umockdev /dev/bus/usb/001/007 ql-midjob.ioctl send
expect_rc "brother running out mid-job fails the job" 2
check_contains "brother end of media message" "$out" "out of labels"
# The QL-700's reference lists neither ESC i a nor M: the replay's job has
# neither, and a stream with them does not match it.
check "QL-700 job without ESC i a" test "$(grep -c '1B6961' "$DIR/ql-ok.ioctl")" = 0
# P-touch Template mode: the job is taken, then an error with no error bits.
PRINTER_FINISH_MS=5000 ioctl brother.umockdev /dev/bus/usb/001/007 ql-template.ioctl send
expect_rc "template mode fails the job" 2
check_contains "says to switch to raster mode" "$out" "switch the printer to raster mode"

# ---- Brother QL-1110NWB: the wide head, 162-byte rows ----
ioctl brother-wide.umockdev /dev/bus/usb/001/010 ql-wide-ok.ioctl list
check_contains "wide model from the quirk table" "$out" "04f9:20a8@1-8 ql Brother QL-1110NWB dpi=300 head=1296"
ioctl brother-wide.umockdev /dev/bus/usb/001/010 ql-wide-ok.ioctl send
expect_rc "wide job" 0
check_contains "wide job printed" "$out" "job: printed"

# ---- A QL in Editor Lite mode: a USB disk, said so ----
run timeout 60 umockdev-run --device "$DIR/editor-lite.umockdev" -- "$REPLAY" list
check_contains "Editor Lite QL listed" "$out" "04f9:2049@1-9 - Brother QL-700"
check_contains "flagged" "$out" "editor-lite"
check_contains "what to do" "$out" "hold its Editor Lite button until the Editor Lite light goes out"
run timeout 60 umockdev-run --device "$DIR/editor-lite.umockdev" -- "$REPLAY" send
expect_rc "no printing to a USB disk" 2
check_contains "printing says why" "$out" "in Editor Lite mode"

# ---- DYMO LabelWriter 450 with its status channel: ESC A ----
ioctl dymo-450.umockdev /dev/bus/usb/001/012 dymo-status-jam.ioctl send
expect_rc "dymo jam from ESC A refuses the job" 2
check_contains "dymo jam message" "$out" "jammed"
ioctl dymo-450.umockdev /dev/bus/usb/001/012 dymo-status-ok.ioctl send
expect_rc "dymo job after ESC A" 0
check_contains "dymo status byte" "$out" "detail: status 03"

# ---- usbmon captures: control transfers with data ----
check "printer_pcap helper is built" test -x "$PCAP"
pcap tspl-clone.umockdev "$SYS/1-6" 1 8 tspl-clone-list.txt list
expect_rc "unknown tspl printer list" 0
check_contains "language from GET_DEVICE_ID" "$out" "1234:5678@1-6 tspl Label printer LP-58"
pcap tspl-clone.umockdev "$SYS/1-6" 1 8 tspl-clone-status.txt status
check_contains "tspl cover open from ESC ! ?" "$out" "cover is open"
pcap dymo.umockdev "$SYS/1-7" 1 9 dymo-paperout.txt send
expect_rc "dymo paper out from GET_PORT_STATUS" 2
check_contains "dymo paper out message" "$out" "out of labels"
pcap dymo.umockdev "$SYS/1-7" 1 9 dymo-ok.txt send
expect_rc "dymo job" 0
check_contains "dymo job sent" "$out" "job: sent"

finish
