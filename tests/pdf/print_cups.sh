#!/bin/bash
# Printing through a real CUPS: a cupsd of the test's own (its own
# configuration and spool in a scratch folder, listening only on a Unix
# socket there; the system's CUPS and printers are not touched), two
# queues that write every job's PDF into a folder, and a certificate, a
# receipt and a ledger printed with --print: the job completes, and the
# printed file's text, Chinese included, is the document's. Then the
# printer chosen per counter and per yard, and what a clerk is told when
# CUPS is not running, the printer is unknown or stopped.
#
# The queues' device is a small backend (pdfdir:FOLDER) that copies the
# job CUPS filtered (pdftopdf, as for any PDF printer) into FOLDER. Debian's
# cups-pdf would be the obvious virtual printer, but it refuses to run
# without root, reads its settings only from /etc/cups/cups-pdf.conf and
# writes into the printing user's home: a scratch CUPS cannot use it
# without changing the system's files.
source "$(dirname "$0")/../lib.sh"
skip() { n_checks=$((n_checks + 1)); echo "ok $n_checks # SKIP $1"; }
for tool in cupsd lp lpstat lpadmin cupsdisable pdftotext; do
	if ! command -v "$tool" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$tool" ]; then
		skip "no $tool here: build-aux/deps test installs CUPS"
		finish
		exit
	fi
done
PATH=$PATH:/usr/sbin
export SCRAPYARD_DB=$WORK/yard.db SCRAPYARD_NOW=2026-11-27
cd "$WORK" || exit 1

# ---- a CUPS of our own ----
C=$WORK/cups
mkdir -p "$C"/{spool,cache,state,log,tmp,bin/backend,out-yard,out-desk}
# The filters (running as lp when cupsd runs as root) reach the scratch
# folders, and write the printed files.
chmod a+x "$WORK" "$C" && chmod 1777 "$C/tmp" "$C"/out-*
for d in filter daemon cgi-bin notifier monitor driver; do
	[ -e "/usr/lib/cups/$d" ] && ln -s "/usr/lib/cups/$d" "$C/bin/$d"
done
cat >"$C/bin/backend/pdfdir" <<'EOF'
#!/bin/sh
# A printer that keeps each job's PDF: pdfdir:FOLDER writes FOLDER/job-ID.pdf.
if [ $# -eq 0 ]; then
	echo 'file pdfdir "Unknown" "PDF into a folder"'
	exit 0
fi
out="${DEVICE_URI#pdfdir:}/job-$1.pdf"
if [ $# -ge 6 ]; then cat -- "$6"; else cat; fi >"$out.tmp" && mv "$out.tmp" "$out" || exit 1
EOF
chmod 755 "$C/bin/backend/pdfdir"
cat >"$C/pdf.ppd" <<'EOF'
*PPD-Adobe: "4.3"
*FormatVersion: "4.3"
*FileVersion: "1.0"
*LanguageVersion: English
*LanguageEncoding: ISOLatin1
*PCFileName: "PDFDIR.PPD"
*Manufacturer: "scrapyard tests"
*Product: "(PDF folder)"
*ModelName: "PDF folder"
*ShortNickName: "PDF folder"
*NickName: "PDF folder"
*PSVersion: "(3010.000) 0"
*LanguageLevel: "3"
*ColorDevice: True
*DefaultColorSpace: RGB
*FileSystem: False
*Throughput: "1"
*LandscapeOrientation: Plus90
*TTRasterizer: Type42
*cupsFilter2: "application/vnd.cups-pdf application/pdf 0 -"
*OpenUI *PageSize/Page Size: PickOne
*DefaultPageSize: A4
*PageSize A4/A4: "<</PageSize[595 842]/ImagingBBox null>>setpagedevice"
*CloseUI: *PageSize
*OpenUI *PageRegion: PickOne
*DefaultPageRegion: A4
*PageRegion A4/A4: "<</PageSize[595 842]/ImagingBBox null>>setpagedevice"
*CloseUI: *PageRegion
*DefaultImageableArea: A4
*ImageableArea A4/A4: "0 0 595 842"
*DefaultPaperDimension: A4
*PaperDimension A4/A4: "595 842"
EOF
cat >"$C/cupsd.conf" <<EOF
Listen $C/cups.sock
Browsing No
WebInterface No
LogLevel info
DefaultAuthType None
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
EOF
cat >"$C/cups-files.conf" <<EOF
ServerRoot $C
ServerBin $C/bin
RequestRoot $C/spool
CacheDir $C/cache
StateDir $C/state
TempDir $C/tmp
ErrorLog $C/log/error_log
AccessLog $C/log/access_log
PageLog $C/log/page_log
Sandboxing Relaxed
EOF
cupsd -f -c "$C/cupsd.conf" -s "$C/cups-files.conf" >"$C/log/cupsd.out" 2>&1 &
cupsd_pid=$!
trap 'kill $cupsd_pid 2>/dev/null; wait $cupsd_pid 2>/dev/null; rm -rf "$WORK"' EXIT
export CUPS_SERVER=$C/cups.sock
for _ in $(seq 50); do
	LC_ALL=C lpstat -r 2>/dev/null | grep -qx 'scheduler is running' && break
	sleep 0.1
done
run env LC_ALL=C lpstat -r
check "our own cupsd runs on its socket" test "$out" = "scheduler is running"
lpadmin -p yard-pdf -E -v "pdfdir:$C/out-yard" -P "$C/pdf.ppd" 2>/dev/null
lpadmin -p desk-pdf -E -v "pdfdir:$C/out-desk" -P "$C/pdf.ppd" 2>/dev/null
run env LC_ALL=C lpstat -p
check_contains "two queues" "$out" "printer desk-pdf is idle"

# printed JOB FOLDER: waits until CUPS says the job completed; its file's path in $printed
printed() {
	local job=$1 folder=$2 i
	printed=$folder/job-${job##*-}.pdf
	for i in $(seq 150); do
		LC_ALL=C lpstat -W completed -o 2>/dev/null | grep -q "^$job " && [ -s "$printed" ] && return 0
		sleep 0.1
	done
	return 1
}
# same_text A B: the two PDFs have the same text, and it is not empty
same_text() {
	local a b
	a=$(pdftotext -layout "$1" - 2>/dev/null)
	b=$(pdftotext -layout "$2" - 2>/dev/null)
	[ -n "$a" ] && [ "$a" = "$b" ]
}
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(d.get('$1', ''))"; }

"$SY" init --name 绿源再生资源回收有限公司 --license JZ-110000-2021-0042 --address 北京市大兴区某某工业园区8号 >/dev/null
"$SY" vehicle add --vin 1M8GDM9AXKP042788 --plate 京A12345 --owner 张三 --owner-id 11010519491231002X \
	--registration --licence --plates 2 --brand-model "大众 FV7160FBMBG" --type car --power petrol \
	--received 2026-11-25 --weight 1296.5 >/dev/null

# ---- the yard's printer: a certificate, a receipt and a ledger ----
run "$SY" printer a4 yard-pdf
expect_rc "the yard's A4 printer" 0
run "$SY" --json cert issue 京A12345 --output cert.pdf --print
expect_rc "certificate printed" 0
job=$(echo "$out" | json print_job)
check "the job is in the JSON" test -n "$job" -a "$(echo "$out" | json printer)" = yard-pdf
check "CUPS completes the certificate's job" printed "$job" "$C/out-yard"
check "the printed certificate's text is the document's" same_text cert.pdf "$printed"
check_contains "with its Chinese" "$(pdftotext "$printed" - 2>/dev/null)" "绿源再生资源回收有限公司"
check "it went through CUPS's PDF filter, not around it" grep -q "Started filter .*/pdftopdf" "$C/log/error_log"

run "$SY" doc receipt 京A12345 --output receipt.pdf --print
expect_rc "receipt printed" 0
check_contains "says which printer and job" "$err" "sent to printer yard-pdf as job yard-pdf-"
job=$(sed -n 's/.* as job \(yard-pdf-[0-9]*\).*/\1/p' <<<"$err")
check "CUPS completes the receipt's job" printed "$job" "$C/out-yard"
check "the printed receipt's text is the document's" same_text receipt.pdf "$printed"
check_contains "with its Chinese" "$(pdftotext "$printed" - 2>/dev/null)" "张三"

run "$SY" --json doc ledger batteries --output ledger.pdf --print
expect_rc "ledger printed" 0
job=$(echo "$out" | json print_job)
check "CUPS completes the ledger's job" printed "$job" "$C/out-yard"
check "the printed ledger's text is the document's" same_text ledger.pdf "$printed"

# ---- per counter, and --printer ----
desk() { env SCRAPYARD_COUNTER=front-desk "$SY" "$@"; }
run desk printer a4 desk-pdf --here
expect_rc "the front desk chooses its own A4 printer" 0
run desk --json printer a4
check "the front desk's is its counter's" test "$(echo "$out" | json a4_printer)/$(echo "$out" | json scope)" = desk-pdf/counter
run env SCRAPYARD_COUNTER=scale-house "$SY" --json printer a4
check "another counter keeps the yard's" test "$(echo "$out" | json a4_printer)/$(echo "$out" | json scope)" = yard-pdf/yard
run desk --json cert pdf C2026-000001 --output desk.pdf --print
job=$(echo "$out" | json print_job)
check "the front desk prints on its own printer" test "$(echo "$out" | json printer)" = desk-pdf
check "and the job lands there" printed "$job" "$C/out-desk"
check "with the certificate's text" same_text desk.pdf "$printed"
run desk --json doc receipt 京A12345 --output r2.pdf --printer yard-pdf
check "--printer NAME prints there for this document" test "$(echo "$out" | json printer)" = yard-pdf
check "and the job completes" printed "$(echo "$out" | json print_job)" "$C/out-yard"
run desk printer a4 - --here
run desk --json printer a4
check "given up, the counter uses the yard's again" test "$(echo "$out" | json a4_printer)" = yard-pdf

# ---- what goes wrong, said with what to do; the PDF stays ----
cupsdisable -r "out of paper" yard-pdf
run "$SY" doc receipt 京A12345 --output stopped.pdf --print
expect_rc "a stopped printer" 2
check_contains "says it is stopped and why" "$err" "printer 'yard-pdf' is stopped (out of paper)"
check_contains "says how to start it" "$err" "cupsenable yard-pdf"
check_contains "says where the PDF is" "$err" "the PDF is stopped.pdf"
check "the PDF is kept" test -s stopped.pdf
check "no job was sent" test -z "$(LC_ALL=C lpstat -o yard-pdf 2>/dev/null)"
cupsenable yard-pdf

run "$SY" cert pdf C2026-000001 --output unknown.pdf --printer no-such-queue
expect_rc "an unknown printer" 2
check_contains "says CUPS has no such printer" "$err" "CUPS has no printer 'no-such-queue'"
check_contains "says how to choose one" "$err" "lpstat -p"
check_contains "says where the PDF is" "$err" "the PDF is unknown.pdf"
check "the PDF is kept" test -s unknown.pdf
run "$SY" cert pdf C2026-000001 --output bad.pdf --printer "-dx"
expect_rc "a printer name that is an option is refused" 1

run env SCRAPYARD_LANG=zh "$SY" cert pdf C2026-000001 --output zh.pdf --printer no-such-queue
check_contains "in Chinese too" "$err" "CUPS 中没有打印机"

kill $cupsd_pid
wait $cupsd_pid 2>/dev/null
run "$SY" cert pdf C2026-000001 --output down.pdf --print
expect_rc "CUPS not running" 2
check_contains "says CUPS is not running and how to start it" "$err" "the print service (CUPS) is not running: start it"
check_contains "says where the PDF is" "$err" "the PDF is down.pdf"
check "the PDF is kept" test -s down.pdf
finish
