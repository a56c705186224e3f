# Shell test helpers, sourced by tests/cli/*.sh and friends.
# Each check prints "ok N - name" or "not ok N - name"; tests/run adds them up.
# SY is the scrapyard binary under test, BUILD its build folder.
set -u
: "${BUILD:=build}"
SY=${SY:-$PWD/$BUILD/scrapyard}
TESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
n_checks=0
n_failed=0
export LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=Asia/Shanghai
unset SCRAPYARD_DB XDG_DATA_HOME SCRAPYARD_PIN SCRAPYARD_USER SCRAPYARD_LANG
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sy-test.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export HOME=$WORK/home
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

finish() {
	[ "$n_checks" -gt 0 ] || { echo "not ok 1 - no checks ran"; exit 1; }
	[ "$n_failed" -eq 0 ]
}
