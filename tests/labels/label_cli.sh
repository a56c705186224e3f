#!/bin/bash
# scrapyard label print and scrapyard printer: labels from the database to
# files, and to USB printers under umockdev replays whose job bytes are the
# --format output of the same label (so a file and a printer get the very
# same stream): paper out keeps the job queued, `printer retry` prints it,
# a Brother that runs out mid-job or never confirms, status and list.
source "$(dirname "$0")/../lib.sh"
# Under the sanitizers, umockdev's preload library comes before the ASan runtime.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"

q() { sqlite3 "$SCRAPYARD_DB" "$1"; }
DIR=$TESTS_DIR/devices/printer_replays
export SCRAPYARD_DB=$WORK/yard.db SCRAPYARD_USER=clerk
export SCRAPYARD_LABEL_FONT=/usr/share/fonts/truetype/wqy/wqy-microhei.ttc
"$SY" init --name "东莞市绿环报废汽车回收有限公司" --license 粤0001 --address 东莞市 >/dev/null
"$SY" vehicle add --vin LSVAB4185E2123456 --plate 粤B12345 --owner 张三 --owner-id 11010519491231002X \
	--brand-model "大众 朗逸" --received 2026-03-02 >/dev/null
# Parts and waste go in as the parts and waste modules store them.
q "INSERT INTO parts(part_no, vehicle_id, kind, grade, dest, weight_kg, location, notes, created_by, created_at, updated_at)
   VALUES ('P2026-0000001', 1, 'door', 'A', 'reuse', 23.5, 'B-12-3', '^XZ~JR^XA \"PRINT 1,9\"', 'clerk', '2026-03-02 10:00:00', '2026-03-02 10:00:00'),
          ('P2026-0000002', 1, 'engine', 'B', 'reman', 120, 'C-1', NULL, 'clerk', '2026-03-02 10:00:00', '2026-03-02 10:00:00');
   INSERT INTO waste(container_code, batch_code, code, source, qty, unit, generated_at, generated_by)
   VALUES ('HW08-2026-0001', 'B1', '900-214-08', 'manual', 180, 'kg', '2026-03-02 11:00:00', 'clerk');"

# ---- To files ----
for k in "vehicle 粤b12345" "vehicle V2026-000001" "part P2026-0000001" "core P2026-0000002" "waste HW08-2026-0001"; do
	set -- $k
	run "$SY" label print "$1" "$2" --format png --output "$WORK/$1.png"
	expect_rc "$1 $2 to PNG" 0
	# A hazardous waste label is 100x100 mm at the least (HJ 1276-2022).
	check_contains "$1 PNG reported" "$out" "$([ "$1" = waste ] && echo 799x799 || echo 799x400) dots at 203 dpi"
done
check "PNG file" test "$(head -c 4 "$WORK/part.png" | od -An -c | tr -d ' ')" = "211PNG"
if command -v zbarimg >/dev/null; then
	check_contains "vehicle tag barcode carries the stock number" "$(zbarimg -q "$WORK/vehicle.png" 2>/dev/null)" "V2026-000001"
	check_contains "part label QR carries the part number" "$(zbarimg -q "$WORK/part.png" 2>/dev/null)" "QR-Code:P2026-0000001"
	check_contains "core label barcode" "$(zbarimg -q "$WORK/core.png" 2>/dev/null)" "CODE-128:P2026-0000002"
	check_contains "waste label QR" "$(zbarimg -q "$WORK/waste.png" 2>/dev/null)" "QR-Code:HW08-2026-0001"
fi
run "$SY" label print part P2026-0000001 --format png --output "$WORK/tall.png" --size 62x100 --dpi 300 --json
check_contains "size and dpi options" "$out" '"width_dots":732,"height_dots":1181,"dpi":300'
run "$SY" label print part P2026-0000001 --format zpl --output "$WORK/part.zpl"
expect_rc "ZPL file" 0
check "ZPL stream: one job, start to end" test "$(head -c 3 "$WORK/part.zpl")$(grep -c '\^XA' "$WORK/part.zpl")" = "^XA1"
check "the note's ^XZ and ~ are dots, not commands" test "$(grep -o '\^XZ' "$WORK/part.zpl" | wc -l)$(grep -c '~' "$WORK/part.zpl")" = "10"
run "$SY" label print part P2026-0000001 --format tspl --output "$WORK/part.tspl"
check "TSPL stream" test "$(head -c 17 "$WORK/part.tspl")" = "SIZE 100 mm,50 mm"
check "TSPL prints one set" test "$(grep -ac 'PRINT 1,1' "$WORK/part.tspl")" = 1
run "$SY" label print part P2026-0000001 --format ql --output "$WORK/part.ql"
expect_rc "Brother stream" 0
check_contains "Brother default media is 62 mm tape" "$out" "62x100 mm, 696x1181 dots at 300 dpi"
run "$SY" label print vehicle V2026-000001 --format dymo --output "$WORK/vehicle.dymo"
check_contains "DYMO default media" "$out" "54x101 mm"
run "$SY" label print vehicle V2026-000001 --format text --columns 40
check_contains "terminal preview in block characters" "$out" "█"
check "terminal preview 40 columns" test "$(printf '%s\n' "$out" | head -1 | wc -m)" -le 41

# ---- What the hazardous waste label says (HJ 1276-2022) ----
run "$SY" --json waste codes
check_contains "a code's physical form" "$out" '"code":"900-214-08","category":"HW08"'
check_contains "its form and hazards" "$out" '"form":"liquid","hazard":"T, I"'
check_contains "its components and precautions" "$out" '"hazardous":"石油烃、重金属","precautions":"远离火源，密闭贮存，防止渗漏"'
run "$SY" waste codes --add 900-214-08 --precautions "远离火源，托盘上密闭贮存"
expect_rc "a precaution changed" 0
run "$SY" --json waste codes
check_contains "the rest of the code kept" "$out" '"name_zh":"废机油、齿轮油、制动液等废润滑油","unit":"kg","site_defined":false,"form":"liquid","hazard":"T, I"'
check_contains "the precaution changed" "$out" '"precautions":"远离火源，托盘上密闭贮存"'
run "$SY" waste codes --add 900-214-08 --form sludge
expect_rc "an unknown form" 1
check_contains "the forms named" "$err" "solid, liquid, semi_solid or gas"
run "$SY" --json init --contact 王建国 --phone 0769-12345678
check_contains "the contact person" "$out" '"phone":"0769-12345678","credit_code":"","contact":"王建国"'
run "$SY" label print waste HW08-2026-0001 --format png --output "$WORK/waste2.png"
cmp -s "$WORK/waste.png" "$WORK/waste2.png"
check "the contact and the new precaution change the label" test $? = 1
run "$SY" label print waste HW08-2026-0001 --format png --output "$WORK/x.png" --size 100x50
expect_rc "a waste label smaller than 100x100 mm" 1
check_contains "says the least size and how" "$err" "at least 100x100 mm: load labels that large (--size 100x100)"
run "$SY" label print waste HW08-2026-0001 --format png --output "$WORK/waste46.png" --size 4x6in
expect_rc "on 4x6 in labels" 0

# ---- Refusals: no job is recorded for a label that cannot be made ----
run "$SY" label print part P2026-9999999 --format png --output "$WORK/x.png"
expect_rc "unknown part" 1
check_contains "says which part" "$err" "P2026-9999999"
run "$SY" label print core P2026-0000001 --format png --output "$WORK/x.png"
expect_rc "a door is no core" 1
check_contains "core needs an assembly" "$err" "five assemblies"
run "$SY" label print box X
expect_rc "unknown kind" 1
run "$SY" label print part P2026-0000001 --format pdf --output "$WORK/x.pdf"
expect_rc "unknown format" 1
run "$SY" label print part P2026-0000001 --format png --output "$WORK/x.png" --size 5x5
expect_rc "size out of range" 1
run "$SY" label print part P2026-9999999
expect_rc "unknown part to a printer" 1
check "nothing queued for a missing record" test "$(q 'SELECT count(*) FROM print_jobs')" = 0

# ---- Printers under umockdev ----
# ioctl_file OUT: an ioctl replay for device node 001/NNN from a script of
#   out HEX | in HEX | job FILE (the file's bytes as the printer takes them, 4096 a transfer)
hex() { od -An -v -tx1 | tr -d ' \n' | tr a-f A-F; }
replay() { # NODE OUT_FILE LINES...
	local node=$1 file=$2
	shift 2
	printf '@DEV /dev/bus/usb/001/%s\n' "$node" >"$file"
	for line in "$@"; do
		set -- $line
		case $1 in
		out) printf 'USBDEVFS_REAPURBNDELAY 0 3 1 0 0 %d %d 0 %s\n' $((${#2} / 2)) $((${#2} / 2)) "$2" ;;
		in) printf ' USBDEVFS_REAPURBNDELAY 0 3 130 0 0 512 %d 0 %s\n' $((${#2} / 2)) "$2" ;;
		job)
			local all i h
			all=$(hex <"$2")
			for ((i = 0; i < ${#all}; i += 8192)); do
				h=${all:i:8192}
				printf 'USBDEVFS_REAPURBNDELAY 0 3 1 0 0 %d %d 0 %s\n' $((${#h} / 2)) $((${#h} / 2)) "$h"
			done
			;;
		esac
	done >>"$file"
}
zebra() { run timeout 60 umockdev-run --device "$DIR/zebra.umockdev" --ioctl "/dev/bus/usb/001/005=$1" -- "$SY" "${@:2}"; }
brother() { run timeout 60 umockdev-run --device "$DIR/brother.umockdev" --ioctl "/dev/bus/usb/001/007=$1" -- "$SY" "${@:2}"; }

HQES=$(printf '~HQES\r\n' | hex)
zstatus() { printf '\002\r\n  PRINTER STATUS\r\n   ERRORS:         %s\r\n   WARNINGS:       0 00000000 00000000\r\n\003\r\n' "$1" | hex; }

if command -v umockdev-run >/dev/null; then
	replay 005 "$WORK/zpl-paperout.ioctl" "out $HQES" "in $(zstatus '1 00000000 00000001')"
	zebra "$WORK/zpl-paperout.ioctl" label print part P2026-0000001 --printer 0a5f
	expect_rc "paper out: the job is refused" 2
	check_contains "paper out message" "$err" "out of labels: load a new roll"
	check_contains "the job waits" "$err" "job 1 stays queued"
	check "job recorded before sending, still queued" test "$(q 'SELECT state, attempts, printer, language FROM print_jobs WHERE id = 1')" = "queued|1|0a5f:0164@1-3|zpl"
	run "$SY" printer jobs
	check_contains "printer jobs lists it" "$out" "queued  part    P2026-0000001"

	replay 005 "$WORK/zpl-ok.ioctl" "out $HQES" "in $(zstatus '0 00000000 00000000')" "job $WORK/part.zpl"
	zebra "$WORK/zpl-ok.ioctl" printer retry
	expect_rc "retry once the paper is in" 0
	check_contains "retry prints it" "$out" "part label P2026-0000001: sent on Zebra Technologies GK420d (job 1)"
	check "job done after two attempts" test "$(q 'SELECT state, attempts FROM print_jobs WHERE id = 1')" = "done|2"
	run "$SY" printer retry
	check_contains "nothing left to retry" "$out" "no print jobs waiting"
	run "$SY" printer retry 1
	expect_rc "a done job is not retried" 1

	# Copies go in the stream: the printer gets ^PQ3.
	run "$SY" label print part P2026-0000001 --format zpl --output "$WORK/part3.zpl" --copies 3
	replay 005 "$WORK/zpl-copies.ioctl" "out $HQES" "in $(zstatus '0 00000000 00000000')" "job $WORK/part3.zpl"
	zebra "$WORK/zpl-copies.ioctl" label print part P2026-0000001 --printer 0a5f:0164 --copies 3 --json
	expect_rc "three copies" 0
	check_contains "JSON result" "$out" '"state":"done"'
	check "copies recorded" test "$(q 'SELECT copies FROM print_jobs WHERE id = 2')" = 3

	zebra "$DIR/zpl-headopen.ioctl" printer status --json
	expect_rc "status of a printer with its head open" 2
	check_contains "head open in JSON" "$out" '"conditions":["head_open"]'
	zebra "$DIR/zpl-ok.ioctl" printer list
	check_contains "printer list" "$out" "0a5f:0164@1-3"
	run "$SY" printer status
	expect_rc "status without a printer" 2
	check_contains "no printer message" "$err" "no label printer found"

	# Brother: printed when it says so; running out mid-job leaves the job queued.
	QLQ=$( (head -c 200 /dev/zero; printf '\033@\033iS') | hex)
	byte() { printf "\\$(printf '%03o' "$1")"; }
	qst() { # ERR1 TYPE PHASE: a 32-byte Brother status reply, 62 mm continuous tape
		{
			printf '\200\040\102\064\070\060\000\000'
			byte "$1"
			printf '\000\076\012\000\000\000\000\000\000'
			byte "$2"
			byte "$3"
			head -c 12 /dev/zero
		} | hex
	}
	run "$SY" label print vehicle V2026-000001 --format ql --output "$WORK/vehicle.ql"
	replay 007 "$WORK/ql-midjob.ioctl" "out $QLQ" "in $(qst 0 0 0)" "job $WORK/vehicle.ql" "in $(qst 0 6 1)" "in $(qst 2 2 0)"
	brother "$WORK/ql-midjob.ioctl" label print vehicle V2026-000001
	expect_rc "tape ran out while printing" 2
	check_contains "Brother message" "$err" "out of labels"
	check "still queued" test "$(q 'SELECT state, language FROM print_jobs WHERE id = 3')" = "queued|ql"
	replay 007 "$WORK/ql-ok.ioctl" "out $QLQ" "in $(qst 0 0 0)" "job $WORK/vehicle.ql" "in $(qst 0 6 1)" "in $(qst 0 1 1)"
	brother "$WORK/ql-ok.ioctl" printer retry 3
	expect_rc "Brother retry" 0
	check_contains "Brother confirms" "$out" "printed on Brother QL-700"
	check "done" test "$(q 'SELECT state, message FROM print_jobs WHERE id = 3')" = "done|printed"

	# A Brother that takes the job and never confirms: sent, for the clerk to look.
	q "INSERT INTO settings(key, value) VALUES ('label.wait', '2')"
	replay 007 "$WORK/ql-silent.ioctl" "out $QLQ" "in $(qst 0 0 0)" "job $WORK/vehicle.ql"
	brother "$WORK/ql-silent.ioctl" label print vehicle V2026-000001
	expect_rc "no confirmation" 2
	check_contains "says to look before retrying" "$err" "if no label came out"
	check "sent, not done" test "$(q 'SELECT state FROM print_jobs WHERE id = 4')" = "sent"
	run "$SY" printer retry
	check_contains "a sent job is not retried by itself" "$out" "no print jobs waiting"

	# Settings: the printer and its media.
	run "$SY" printer use 04f9:2042 --size 62x100 --json
	check_contains "printer use" "$out" '"printer":"04f9:2042"'
	check "setting saved" test "$(q "SELECT value FROM settings WHERE key = 'label.size'")" = 62x100
	run "$SY" printer use 04f9 --size 62xx
	expect_rc "bad size refused" 1
else
	check "umockdev-run is installed" false
fi

finish
