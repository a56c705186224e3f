#!/bin/bash
# One dispatcher for every command with subcommands: no subcommand or an
# unknown one prints the command's usage and exits 1; options may come
# before the subcommand, as getopt takes them anywhere.
source "$(dirname "$0")/../lib.sh"
export SCRAPYARD_DB=$WORK/yard.db SCRAPYARD_NOW=2026-11-27
cd "$WORK" || exit 1
"$SY" init --if-new >/dev/null

bad=""
for c in $("$SY" --man-pages | sed -n 's/^scrapyard-//p'); do # the commands with subcommands
	subs=$("$SY" __complete 2 scrapyard "$c" "")
	run "$SY" "$c"
	[ "$rc" = 1 ] && contains "$err" "usage: scrapyard $c" || bad+=" $c"
	run "$SY" "$c" no-such-subcommand
	[ "$rc" = 1 ] && contains "$err" "usage: scrapyard $c" || bad+=" $c-unknown"
	for s in $subs; do # each one the usage names
		contains "$("$SY" "$c" --help)" "scrapyard $c $s" || contains "$("$SY" "$c" --help)" "|$s" || bad+=" $c-$s"
	done
done
check "the commands with subcommands: 17 or more" test "$("$SY" --man-pages | grep -c -- -)" -ge 17
check "no subcommand, an unknown one: the usage, exit 1; each subcommand in the usage" test -z "$bad"
[ -n "$bad" ] && echo "#   wrong:$bad"

run "$SY" factors --json list
expect_rc "an option before the subcommand" 0
check "factors --json list: a JSON list" test "${out:0:2}" = '[{'
run "$SY" cert --limit 5 list --json
expect_rc "an option with its argument before the subcommand" 0
check "cert --limit 5 list: a JSON list" test "$out" = "[]"
run "$SY" cert --json
expect_rc "only options: the usage" 1
finish
