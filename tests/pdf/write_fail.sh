#!/bin/bash
# A document that cannot be written says so, and leaves no partial file;
# an existing file is replaced whole or not at all.
source "$(dirname "$0")/../lib.sh"
H=${SY_TEST_BUILD:-$PWD/$BUILD}/tests/helpers/pdf_render

run "$H" cert "$WORK/missing/dir/cert.pdf"
expect_rc "missing folder is an environment error" 2
check_contains "message names the file" "$err" "$WORK/missing/dir/cert.pdf"
check_contains "message says what to do" "$err" "Check the folder exists"

mkdir -p "$WORK/out"
run "$H" cert "$WORK/out"
expect_rc "a folder as output is refused" 1
check "nothing left in the folder" test -z "$(ls -A "$WORK/out")"

# an older certificate at the path, then a write that runs out of space
# (a file size limit stands in for a full disk)
"$H" receipt "$WORK/out/cert.pdf" >/dev/null
before=$(md5sum <"$WORK/out/cert.pdf")
run bash -c "ulimit -f 2; trap '' XFSZ; exec '$H' ledger-parts 400 '$WORK/out/cert.pdf'"
expect_rc "full disk is an environment error" 2
check_contains "message says why" "$err" "File too large"
check "old file untouched" test "$(md5sum <"$WORK/out/cert.pdf")" = "$before"
check "no temporary file left" test "$(ls -A "$WORK/out")" = "cert.pdf"

run "$H" cert "$WORK/out/cert.pdf"
expect_rc "then a good write replaces it" 0
check_contains "new content" "$(pdftotext "$WORK/out/cert.pdf" - 2>/dev/null)" "SY2024-000123"
check "still one file" test "$(ls -A "$WORK/out")" = "cert.pdf"
finish
