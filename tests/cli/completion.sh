#!/bin/bash
# Bash completion: the installed script, sourced in a bash subshell with
# bash-completion's helpers when present, completes commands, subcommands,
# options, an option's values and stock numbers from a scratch database,
# each from the program's own tables.
source "$(dirname "$0")/../lib.sh"
export SCRAPYARD_DB=$WORK/yard.db SCRAPYARD_NOW=2026-11-27
SCRIPT=$TESTS_DIR/../completion/scrapyard.bash
cd "$WORK" || exit 1

"$SY" init --name 某某再生资源回收有限公司 --license JZ-110000-2021-0042 --address 北京市大兴区某某工业园区8号 >/dev/null
for v in 1M8GDM9AXKP042788 1M8GDM9A8KP042790; do
	"$SY" vehicle add --vin $v --owner 张三 --owner-id 11010519491231002X --registration --licence --plates 2 \
		--received 2026-11-25 >/dev/null
done
"$SY" cert issue V2026-000001 --output c.pdf >/dev/null

# complete WORD...: COMPREPLY, one a line, for the command line WORD... whose
# last word is the one being completed (the program is called as $SY).
complete_line() {
	bash -c '
		[ -r /usr/share/bash-completion/bash_completion ] && source /usr/share/bash-completion/bash_completion
		source "$1"
		shift
		COMP_WORDS=("$@")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		_scrapyard scrapyard "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
		printf "%s\n" "${COMPREPLY[@]}"
	' _ "$SCRIPT" "$SY" "$@"
}

got=$(complete_line "")
check "commands: every one offered" test "$(wc -l <<<"$got")" -eq "$("$SY" --help | sed -n '/^Commands:/,/^$/p' | grep -c '^  ')"
check "commands: vehicle and cert among them" bash -c 'grep -qx vehicle <<<"$1" && grep -qx cert <<<"$1"' _ "$got"
got=$(complete_line ve)
check "commands: a prefix completes to vehicle" test "$got" = vehicle
got=$(complete_line cert "")
check "subcommands of cert" test "$(sort <<<"$got" | tr '\n' ' ')" = "issue list pdf show verify void "
got=$(complete_line cert issue --o)
check "an option of cert issue" test "$got" = "--output"
got=$(complete_line vehicle add --pow)
check "an intake option from the form" test "$got" = "--power"
got=$(complete_line vehicle add --power "")
check "the values of --power from the form" bash -c 'grep -qx petrol <<<"$1" && grep -qx bev <<<"$1"' _ "$got"
got=$(complete_line scale read --protocol x)
check "the values of --protocol from the scale drivers" test "$(tr '\n' ' ' <<<"$got")" = "xk3190 xk3190-forward "
# the protocols the program accepts, as its refusal names them
run "$SY" scale read --protocol bogus --port /dev/null
known=$(sed -n "s/.*: use //p" <<<"$err" | sed 's/,\| or / /g' | tr -s ' ' '\n' | sort | tr '\n' ' ')
got=$(complete_line scale use --protocol "" | sort | tr '\n' ' ')
check "--protocol offers every protocol the program accepts, and no more" test -n "$known" -a "$got" = "$known"
got=$(complete_line part add V2026-000001 --grade "")
check "an enumerated option: part --grade" test "$(tr '\n' ' ' <<<"$got")" = "A B C "
got=$(complete_line label print vehicle V2026-000001 --format "")
check "an enumerated option: label --format" test "$(tr '\n' ' ' <<<"$got")" = "png text zpl tspl ql dymo "
got=$(complete_line photo add V2026-000001 x.jpg --what "")
check "the values of --what" bash -c 'grep -qx rubbing <<<"$1"' _ "$got"
got=$(complete_line cert issue V2026)
check "stock numbers from the database, newest first" test "$(tr '\n' ' ' <<<"$got")" = "V2026-000002 V2026-000001 "
got=$(complete_line vehicle show V2026-0000 --json)
check "an option after the operand" test "$got" = "--json"
got=$(complete_line cert show C)
check "certificate numbers from the database" test "$got" = "C2026-000001"
got=$(complete_line cert list --vehicle V2026-000002)
check "a REF option's argument: a stock number" test "$got" = "V2026-000002"
got=$(complete_line --lang "")
check "the global --lang values" test "$(tr '\n' ' ' <<<"$got")" = "en zh "
got=$(SCRAPYARD_DB=$WORK/none.db complete_line cert issue V)
check "no database: nothing, silently" test -z "$got"
run "$SY" __complete 2 scrapyard nosuchcommand ""
check "an unknown command: nothing, exit 0" test -z "$out$err" -a "$rc" = 0
finish
