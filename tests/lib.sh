# Shell test helpers, sourced by tests/cli/*.sh and friends.
# Each check prints "ok N - name" or "not ok N - name"; tests/run adds them up.
# SY is the scrapyard binary under test, BUILD its build folder.
set -u
: "${BUILD:=build}"
# SY: the test build (its clock follows SCRAPYARD_NOW); SY_SHIPPED: the
# program as installed, whose clock nothing outside can set.
SY=${SY:-$PWD/$BUILD/test-clock/scrapyard}
SY_SHIPPED=${SY_SHIPPED:-$PWD/$BUILD/scrapyard}
TESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
n_checks=0
n_failed=0
export LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=Asia/Shanghai
unset SCRAPYARD_DB XDG_DATA_HOME SCRAPYARD_PIN SCRAPYARD_USER SCRAPYARD_LANG
# The counter a session works at comes from these: a test names it when it needs one.
unset SCRAPYARD_COUNTER SSH_CONNECTION SSH_CLIENT
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sy-test.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export HOME=$WORK/home XDG_CACHE_HOME=$WORK/home/.cache
mkdir -p "$HOME"

_report() { # ok? name detail
	n_checks=$((n_checks + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n_checks - $2"
	else
		n_failed=$((n_failed + 1))
		echo "not ok $n_checks - $2"
		[ -n "${3:-}" ] && printf '%s\n' "$3" | sed 's/^/#   /' | head -20
	fi
	return 0
}

# run CMD...: runs it, keeps stdout in $out, stderr in $err, status in $rc
run() {
	out=$("$@" 2>"$WORK/.stderr")
	rc=$?
	err=$(cat "$WORK/.stderr")
}

# check NAME CONDITION...: passes when the condition command succeeds
check() {
	local name=$1
	shift
	if "$@"; then _report 0 "$name"; else _report 1 "$name" "rc=${rc:-} out=${out:-} err=${err:-}"; fi
}

# expect_rc NAME WANT: checks $rc from the last run
expect_rc() { check "$1 (exit $2)" test "$rc" = "$2"; }
contains() { case "$1" in *"$2"*) return 0 ;; *) return 1 ;; esac; }
check_contains() { check "$1" contains "$2" "$3"; }

# vin SERIAL: a valid VIN ${VIN_PREFIX}NNNNNN (11 characters, then the serial)
# with its check digit in position 9 (GB 16735)
vin() {
	awk -v s="$(printf '%s%06d' "${VIN_PREFIX:-1M8GDM9A0KP}" "$1")" 'BEGIN {
		map = "A1B2C3D4E5F6G7H8J1K2L3M4N5P7R9S2T3U4V5W6X7Y8Z9"
		split("8 7 6 5 4 3 2 10 0 9 8 7 6 5 4 3 2", w, " ")
		for (i = 1; i <= 17; i++) {
			c = substr(s, i, 1)
			v = (c ~ /[0-9]/) ? c + 0 : substr(map, index(map, c) + 1, 1) + 0
			sum += v * w[i]
		}
		r = sum % 11
		print substr(s, 1, 8) (r == 10 ? "X" : r) substr(s, 10)
	}'
}

# as_user CMD...: runs CMD as an unprivileged user when we are root (root
# ignores file modes, so permission checks need one), else as ourselves.
# Pair it with "$(sy_public)", a copy of the program that user can reach
# wherever the tree is cloned (under a folder only root may enter, say).
if [ "$(id -u)" -eq 0 ]; then
	as_user() { setpriv --reuid=65534 --regid=65534 --clear-groups env HOME=/tmp "$@"; }
else
	as_user() { "$@"; }
fi
sy_public() {
	local pub=$WORK/pub
	if [ ! -x "$pub/scrapyard" ]; then
		mkdir -p "$pub"
		cp "$SY" "$pub/scrapyard"
		[ -d "$(dirname "$SY")/locale" ] && cp -r "$(dirname "$SY")/locale" "$pub/"
		chmod -R a+rX "$pub"
		chmod a+x "$WORK"
	fi
	echo "$pub/scrapyard"
}

finish() {
	[ "$n_checks" -gt 0 ] || { echo "not ok 1 - no checks ran"; exit 1; }
	[ "$n_failed" -eq 0 ]
}
