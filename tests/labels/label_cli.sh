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
"$SY" vehicle add --vin LSVAB4185E2123456 --plate 粤B12345 --owner 张三 --owner-id 11010519491231002X --registration --licence --plates 2 \
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
check_contains "Brother default media is the 62x100 die-cut roll" "$out" "62x100 mm, 696x1109 dots at 300 dpi"
check_contains "and says so" "$out" "for Brother QL-700 on 62x100 mm die-cut labels (DK-11202)"
check "declared die-cut 62 x 100 mm, 1109 lines" test "$(od -An -v -tx1 "$WORK/part.ql" | tr -d ' \n' | grep -c '1b697ace0b3e6455040000')" = 1
check "no ESC i a or M for the QL-700" test "$(od -An -v -tx1 "$WORK/part.ql" | tr -d ' \n' | grep -c '1b6961')" = 0
# A given printer and roll: the wide QL-1110NWB, die-cut or tape.
run "$SY" label print part P2026-0000001 --format ql --model QL-1110NWB --media 62x100 --output "$WORK/wide.ql" --json
expect_rc "file for a QL-1110NWB" 0
check_contains "its model and roll" "$out" '"model":"Brother QL-1110NWB","media":"62x100","die_cut":true'
check "wide rows: 162 bytes before PackBits (350 invalidate bytes)" test "$(head -c 350 "$WORK/wide.ql" | tr -d '\0' | wc -c)$(od -An -v -tx1 -j 350 -N 2 "$WORK/wide.ql" | tr -d ' ')" = "01b40"
run "$SY" label print part P2026-0000001 --format ql --model QL-1110NWB --media 62 --output "$WORK/wide-tape.ql"
check_contains "tape: as long as the label" "$out" "62x100 mm, 696x1181 dots at 300 dpi"
check "declared continuous 62 mm" test "$(od -An -v -tx1 "$WORK/wide-tape.ql" | tr -d ' \n' | grep -c '1b697ace0a3e00')" = 1
run "$SY" label print part P2026-0000001 --format ql --media 29x90 --size 62x100 --output "$WORK/x.ql"
expect_rc "a label that does not fit the roll" 1
check_contains "says what the roll is and what the label needs" "$err" "29x90 mm die-cut labels (DK-11201) do not take a label of 62x100 mm: it needs 62x100 mm die-cut labels (DK-11202) or 62 mm continuous tape (DK-22205)"
run "$SY" label print part P2026-0000001 --format ql --model QL-700 --media 102 --output "$WORK/x.ql"
expect_rc "102 mm tape on a narrow model" 1
check_contains "wide models only" "$err" "fit only the wide Brother models"
run "$SY" label print part P2026-0000001 --format ql --model QL-9999 --output "$WORK/x.ql"
expect_rc "unknown model" 1
run "$SY" label print part P2026-0000001 --format zpl --model QL-700 --output "$WORK/x.ql"
expect_rc "a Brother model for ZPL" 1
check_contains "says which language" "$err" "speaks ql, not zpl"
run "$SY" label print part P2026-0000001 --media 62
expect_rc "--media is for files" 1
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
check_contains "the contact person" "$out" '"contact":"王建国"'
check_contains "beside the phone" "$out" '"phone":"0769-12345678"'
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

HQES=$(printf '~HQES\r\n~HS\r\n' | hex)
zstatus_text() { # ERRORS [PAPER_OUT PAUSE HEAD_UP]: the ~HQES reply, then the three strings of ~HS
	printf '\002\r\n  PRINTER STATUS\r\n   ERRORS:         %s\r\n   WARNINGS:       0 00000000 00000000\r\n\003\r\n' "$1"
	printf '\002030,%s,%s,1245,000,0,0,0,000,0,0,0\003\r\n\002001,0,%s,0,0,2,6,0,00000000,1,000\003\r\n\0021234,0\003\r\n' \
		"${2:-0}" "${3:-0}" "${4:-0}"
}
zstatus() { zstatus_text "$@" | hex; }

if command -v umockdev-run >/dev/null; then
	replay 005 "$WORK/zpl-paperout.ioctl" "out $HQES" "in $(zstatus '1 00000000 00000001')"
	zebra "$WORK/zpl-paperout.ioctl" label print part P2026-0000001 --printer 0a5f
	expect_rc "paper out: the job is refused" 2
	check_contains "paper out message" "$err" "out of labels: load a new roll"
	check_contains "the job waits" "$err" "job 1 stays queued"
	check "job recorded before sending, still queued" test "$(q 'SELECT state, attempts, printer, language FROM print_jobs WHERE id = 1')" = "queued|1|0a5f:0164@1-3|zpl"
	run "$SY" printer jobs
	check_contains "printer jobs lists it" "$out" "queued  part    P2026-0000001"

	ZOK=$(zstatus '0 00000000 00000000')
	replay 005 "$WORK/zpl-ok.ioctl" "out $HQES" "in $ZOK" "job $WORK/part.zpl" "out $HQES" "in $ZOK"
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
	replay 005 "$WORK/zpl-copies.ioctl" "out $HQES" "in $ZOK" "job $WORK/part3.zpl" "out $HQES" "in $ZOK"
	zebra "$WORK/zpl-copies.ioctl" label print part P2026-0000001 --printer 0a5f:0164 --copies 3 --json
	expect_rc "three copies" 0
	check_contains "JSON result" "$out" '"state":"done"'
	check "copies recorded" test "$(q 'SELECT copies FROM print_jobs WHERE id = 2')" = 3

	# A paused desktop Zebra: ~HQES is all clear, ~HS says pause. Refused
	# before the job; paused while taking it, the job is sent, not done.
	replay 005 "$WORK/zpl-paused.ioctl" "out $HQES" "in $(zstatus '0 00000000 00000000' 0 1 0)"
	zebra "$WORK/zpl-paused.ioctl" label print part P2026-0000001 --printer 0a5f
	expect_rc "a paused Zebra refuses the job" 2
	check_contains "paused message" "$err" "The printer is paused: press its pause button"
	check "paused: queued" test "$(q 'SELECT state FROM print_jobs ORDER BY id DESC LIMIT 1')" = "queued"
	replay 005 "$WORK/zpl-held.ioctl" "out $HQES" "in $ZOK" "job $WORK/part.zpl" "out $HQES" "in $(zstatus '0 00000000 00000000' 0 1 0)"
	zebra "$WORK/zpl-held.ioctl" printer retry
	expect_rc "paused after taking the job" 2
	check_contains "held, to look at" "$err" "holds it (paused)"
	check "held: sent, not done" test "$(q 'SELECT state FROM print_jobs ORDER BY id DESC LIMIT 1')" = "sent"
	zebra "$DIR/zpl-paused.ioctl" printer status --json
	expect_rc "status of a paused Zebra" 2
	check_contains "paused in JSON" "$out" '"conditions":["paused"],"known":true,"ready":false'

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
	qst() { # ERR1 TYPE PHASE [WIDTH MEDIA_TYPE LENGTH]: a 32-byte Brother status reply (62 mm tape)
		{
			printf '\200\040\102\064\065\060\000\000'
			byte "$1"
			printf '\000'
			byte "${4:-62}"
			byte "${5:-10}"
			printf '\000\000\000\000\000'
			byte "${6:-0}"
			byte "$2"
			byte "$3"
			head -c 12 /dev/zero
		} | hex
	}
	# 62 mm tape loaded: the label as long as its layout, declared continuous.
	run "$SY" label print vehicle V2026-000001 --format ql --media 62 --output "$WORK/vehicle.ql"
	replay 007 "$WORK/ql-midjob.ioctl" "out $QLQ" "in $(qst 0 0 0)" "job $WORK/vehicle.ql" "in $(qst 0 6 1)" "in $(qst 2 2 0)"
	brother "$WORK/ql-midjob.ioctl" label print vehicle V2026-000001
	expect_rc "tape ran out while printing" 2
	check_contains "Brother message" "$err" "out of labels"
	check "still queued" test "$(q 'SELECT state, language FROM print_jobs WHERE id = 4')" = "queued|ql"
	replay 007 "$WORK/ql-ok.ioctl" "out $QLQ" "in $(qst 0 0 0)" "job $WORK/vehicle.ql" "in $(qst 0 6 1)" "in $(qst 0 1 1)"
	brother "$WORK/ql-ok.ioctl" printer retry 4
	expect_rc "Brother retry" 0
	check_contains "Brother confirms" "$out" "printed on Brother QL-700"
	check "done" test "$(q 'SELECT state, message FROM print_jobs WHERE id = 4')" = "done|printed"

	# A Brother that takes the job and never confirms: sent, for the clerk to look.
	q "INSERT INTO settings(key, value) VALUES ('label.wait', '2')"
	replay 007 "$WORK/ql-silent.ioctl" "out $QLQ" "in $(qst 0 0 0)" "job $WORK/vehicle.ql"
	brother "$WORK/ql-silent.ioctl" label print vehicle V2026-000001
	expect_rc "no confirmation" 2
	check_contains "says to look before retrying" "$err" "if no label came out"
	check "sent, not done" test "$(q 'SELECT state FROM print_jobs WHERE id = 5')" = "sent"
	run "$SY" printer retry
	check_contains "a sent job is not retried by itself" "$out" "no print jobs waiting"

	# Die-cut labels loaded (DK-11202): laid out and declared as such, the
	# same bytes as the file for that roll.
	run "$SY" label print part P2026-0000001 --format ql --media 62x100 --output "$WORK/part-die.ql"
	replay 007 "$WORK/ql-die.ioctl" "out $QLQ" "in $(qst 0 0 0 62 11 100)" "job $WORK/part-die.ql" "in $(qst 0 6 1 62 11 100)" "in $(qst 0 1 1 62 11 100)"
	brother "$WORK/ql-die.ioctl" label print part P2026-0000001
	expect_rc "die-cut labels printed" 0
	check_contains "die-cut confirmed" "$out" "printed on Brother QL-700"
	brother "$WORK/ql-die.ioctl" printer status --json
	check_contains "status names the loaded roll" "$out" '"media":{"name":"62x100","type":"die-cut","width_mm":62,"length_mm":100,"roll":"DK-11202"'
	brother "$WORK/ql-die.ioctl" printer status
	check_contains "and says it in words" "$out" "loaded: 62x100 mm die-cut labels (DK-11202)"
	# The labels are set to 62x100 but 29x90 die-cut labels are loaded: refused, nothing sent.
	q "INSERT INTO settings(key, value) VALUES ('label.size.part', '62x100')"
	replay 007 "$WORK/ql-wrong-roll.ioctl" "out $QLQ" "in $(qst 0 0 0 29 11 90)"
	brother "$WORK/ql-wrong-roll.ioctl" label print part P2026-0000001
	expect_rc "wrong roll refused" 2
	check_contains "names what is loaded and what the label needs" "$err" "The printer has 29x90 mm die-cut labels (DK-11201) loaded, but this label is 62x100 mm and needs 62x100 mm die-cut labels (DK-11202) or 62 mm continuous tape (DK-22205)"
	check "wrong roll: queued" test "$(q 'SELECT state FROM print_jobs ORDER BY id DESC LIMIT 1')" = "queued"
	q "DELETE FROM settings WHERE key = 'label.size.part'"

	# A QL in Editor Lite mode: listed as such, with what to do.
	run timeout 60 umockdev-run --device "$DIR/editor-lite.umockdev" -- "$SY" printer list --json
	check_contains "Editor Lite in JSON" "$out" '"editor_lite":true'
	run timeout 60 umockdev-run --device "$DIR/editor-lite.umockdev" -- "$SY" printer list
	check_contains "Editor Lite in the list" "$out" "Brother QL-700 is in Editor Lite mode and shows up as a USB disk"

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
