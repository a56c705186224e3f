#!/bin/bash
# libharu's private parts (its structures, its object and stream calls, its
# internal headers) are used in forms/pdf_hpdf.c only, and process-wide
# tuning (mallopt) in app/main.c only. Each check names the offending lines.
source "$(dirname "$0")/../lib.sh"
ROOT=$TESTS_DIR/..
PRIVATE='->(mmgr|xref|attr|stream|write_fn|filter|error)\b|\bHPDF_(Dict|Array|Stream|Xref|DictStream|String|Obj|MemStream)_[A-Za-z]+\(|\bHPDF_GetMem\(|\bHPDF_Page_(GetLocalFontName|GetXObjectName)\(|#include <hpdf_'

# private_uses TREE: the lines of forms/ outside pdf_hpdf.c that use them
private_uses() {
	(cd "$1" && grep -EHn -e "$PRIVATE" forms/*.[ch] 2>/dev/null | grep -v '^forms/pdf_hpdf\.c:')
	return 0
}
bad=$(private_uses "$ROOT")
check "libharu's private parts only in forms/pdf_hpdf.c" test -z "$bad"
[ -n "$bad" ] && printf '%s\n' "$bad" | sed 's/^/#   /'

tuning=$(cd "$ROOT" && grep -EHn '\bmallopt\(' base/*.c drivers/*.c db/*.c forms/*.c app/*.c 2>/dev/null | grep -v '^app/main\.c:')
check "mallopt only in app/main.c" test -z "$tuning"
[ -n "$tuning" ] && printf '%s\n' "$tuning" | sed 's/^/#   /'

# The check itself catches a planted private use.
mkdir -p "$WORK/planted/forms"
printf '#include <hpdf.h>\nstatic int f(HPDF_Doc d) { return d->mmgr != 0; }\n' >"$WORK/planted/forms/x.c"
check "a private field outside pdf_hpdf.c is caught" test -n "$(private_uses "$WORK/planted")"
printf '#include <hpdf.h>\nvoid g(HPDF_Dict d) { HPDF_Dict_AddName(d, "Type", "Font"); }\n' >"$WORK/planted/forms/x.c"
check "a private call outside pdf_hpdf.c is caught" test -n "$(private_uses "$WORK/planted")"
finish
