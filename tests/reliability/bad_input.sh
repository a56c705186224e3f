#!/bin/bash
# Bad input everywhere: control and direction characters, over-long text and
# bytes that are not UTF-8 are refused field by field with exit 1, and CSV
# files with broken quoting, NUL bytes, GBK text, huge records, too many
# columns or a huge size are refused whole. Nothing refused is stored.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.bash"
export SCRAPYARD_DB=$WORK/yard.db DB=$WORK/yard.db
"$SY" init --name Yard --license L-1 --address "1 Road" >/dev/null </dev/null

ESC=$'\033' BEL=$'\a' DEL=$'\177' TAB_IN=$'a\tb' NL=$'line\nbreak'
RLO=$'\u202e' LSEP=$'\u2028' ISO=$'\u2066' C1=$'\u0085'
GBK=$'\xb3\xb5\xd6\xf7' # "车主" in GBK: not UTF-8
LONG=$(printf 'x%.0s' $(seq 1 600))
bad_values=("evil${ESC}[2J" "bell${BEL}" "del${DEL}" "$TAB_IN" "$NL" "rtl${RLO}gnp.exe" "sep${LSEP}x" "iso${ISO}x" "c1${C1}x" "$GBK" "$LONG")
bad_names=(escape bell delete tab newline rlo line-separator isolate c1 gbk 600-chars)
one_line() { [ -n "$err" ] && [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ]; }
count() { sql "SELECT count(*) FROM vehicles"; }

# 1. Every free-text field of a check-in.
n=100
for field in owner owner-address owner-phone agent brand-model colour notes engine-no; do
	refused=0 total=0
	for i in "${!bad_values[@]}"; do
		n=$((n + 1))
		extra=()
		[ "$field" = agent ] && extra=(--owner-kind company --agent-id "$OWNER_ID")
		[ "$field" = owner ] || extra+=(--owner "Owner $n")
		value=${bad_values[$i]}
		vin_into vin "$n"
		args=(vehicle add --vin "$vin" --owner-id "$OWNER_ID" --registration --licence --plates 2 "${extra[@]}" "--$field" "$value")
		if [ "$field" = agent ]; then
			vin_into vin "$n"
			args=(vehicle add --vin "$vin" --owner "Company $n" --owner-kind company --owner-id 91350100M000100Y43 --registration --licence --plates 2 --agent-id "$OWNER_ID" --agent "$value")
		fi
		run "$SY" "${args[@]}"
		total=$((total + 1))
		if [ "$rc" = 1 ] && one_line; then
			refused=$((refused + 1))
		else
			echo "# --$field ${bad_names[$i]}: exit $rc: $err"
		fi
	done
	check "vehicle add --$field: all $total bad values refused in one line" test "$refused" = "$total"
done
check "no refused check-in stored" test "$(count)" = 0
run "$SY" vehicle add --vin "$(vin_for 1)" --owner "张三 Zhang" --owner-id "$OWNER_ID" --registration --licence --plates 2 --notes "Ordinary notes, 中文 and ASCII; 100% fine"
expect_rc "ordinary Chinese and ASCII text accepted" 0

# Identifiers with hostile bytes.
for i in "${!bad_values[@]}"; do
	run "$SY" vehicle add --vin "${bad_values[$i]}" --owner A --owner-id "$OWNER_ID" --registration --licence --plates 2
	[ "$rc" = 1 ] || echo "# --vin ${bad_names[$i]}: exit $rc"
	r1=$rc
	run "$SY" vehicle add --vin "$(vin_for 2)" --plate "${bad_values[$i]}" --owner A --owner-id "$OWNER_ID" --registration --licence --plates 2
	[ "$rc" = 1 ] || echo "# --plate ${bad_names[$i]}: exit $rc"
	r2=$rc
	run "$SY" vehicle add --vin "$(vin_for 2)" --owner A --owner-id "${bad_values[$i]}"
	[ "$rc" = 1 ] || echo "# --owner-id ${bad_names[$i]}: exit $rc"
	check "identifiers refuse ${bad_names[$i]}" test "$r1$r2$rc" = 111
done
run "$SY" vehicle add --vin "$(vin_for 2)" --owner A --owner-id "$OWNER_ID" --registration --licence --plates 2 --received 2026-02-30
expect_rc "impossible date refused" 1
run "$SY" vehicle add --vin "$(vin_for 2)" --owner A --owner-id "$OWNER_ID" --registration --licence --plates 2 --weight 1e308
expect_rc "absurd mass refused" 1
run "$SY" vehicle add --vin "$(vin_for 2)" --owner A --owner-id "$OWNER_ID" --registration --licence --plates 2 --weight nan
expect_rc "NaN mass refused" 1
run "$SY" vehicle add --vin "$(vin_for 2)" --owner A --owner-id "$OWNER_ID" --registration --licence --plates 2 --notes "$(head -c 100000 /dev/zero | tr '\0' y)"
expect_rc "100 KB argument refused" 1
check "still only the good check-in" test "$(count)" = 1

# 2. The yard's details, searches, user names, audit references.
for i in "${!bad_values[@]}"; do
	run "$SY" init --name "${bad_values[$i]}"
	r1=$rc
	run "$SY" init --address "${bad_values[$i]}"
	check "init refuses ${bad_names[$i]} in name and address" test "$r1$rc" = 11
done
check "site unchanged" test "$(sql "SELECT name || '|' || address FROM site")" = "Yard|1 Road"
run "$SY" vehicle list --search "$ESC[2J"
expect_rc "search with an escape sequence refused" 1
run "$SY" vehicle list --search "$GBK"
expect_rc "search with GBK bytes refused" 1
run "$SY" audit show "$ESC[2J"
expect_rc "audit show of garbage: not found" 1
check "audit show does not echo the escape" eval '! contains "$err" "$ESC"'

# 3. CSV imports refused whole, with the line.
csv() { printf '%s' "$2" >"$WORK/$1.csv"; }
h="vin,owner,owner-id"
v1=$(vin_for 11) v2=$(vin_for 12)
csv quote_mid "$h"$'\n'"$v1,Wang \"Li\",$OWNER_ID"$'\n'
csv quote_open "$h"$'\n'"$v1,\"Wang Li,$OWNER_ID"$'\n'"$v2,B,$OWNER_ID"$'\n'
csv quote_after "$h"$'\n'"$v1,\"Wang\"Li,$OWNER_ID"$'\n'
csv gbk "$h"$'\n'"$v1,$GBK,$OWNER_ID"$'\n'
csv latin1 "$h"$'\n'"$v1,Jos"$'\xe9'",$OWNER_ID"$'\n'
csv control "$h"$'\n'"$v1,evil${ESC}[2J,$OWNER_ID"$'\n'
csv rlo "$h"$'\n'"$v1,x${RLO}y,$OWNER_ID"$'\n'
csv columns "$h"$'\n'"$v1,A,$OWNER_ID,extra"$'\n'
csv unknown_col "vin,owner,owner-id,shoe_size"$'\n'"$v1,A,$OWNER_ID,42"$'\n'
csv no_vin "owner,owner-id"$'\n'"A,$OWNER_ID"$'\n'
csv empty ""
csv header_only "$h"$'\n'
printf '%s\n%s,A\0B,%s\n' "$h" "$v1" "$OWNER_ID" >"$WORK/nul.csv"
{ printf '\xff\xfe'; printf '%s\n%s,A,%s\n' "$h" "$v1" "$OWNER_ID" | iconv -f UTF-8 -t UTF-16LE; } >"$WORK/utf16.csv"
{ echo "$h"; printf '%s,' $(seq 1 200); echo; } >"$WORK/many_cols.csv"
{ echo "$h"; printf '%s,' "$v1"; head -c 70000 /dev/zero | tr '\0' a; printf ',%s\n' "$OWNER_ID"; } >"$WORK/long_record.csv"
{ echo "$h"; printf '%s,"' "$v1"; head -c 70000 /dev/zero | tr '\0' '\n'; printf '",%s\n' "$OWNER_ID"; } >"$WORK/long_quoted.csv"
truncate -s 3G "$WORK/huge.csv"
for f in quote_mid quote_open quote_after gbk latin1 control rlo columns unknown_col no_vin empty nul utf16 many_cols long_record long_quoted huge; do
	run "$SY" vehicle import "$WORK/$f.csv"
	if [ "$rc" = 1 ] && [ -n "$err" ]; then
		check "import $f: refused (exit 1)" true
	else
		check "import $f: refused (exit 1)" false
	fi
done
run "$SY" vehicle import "$WORK/header_only.csv"
check_contains "header only: nothing to import, said so" "$out" "imported 0"
run "$SY" vehicle import "$WORK/quote_mid.csv"
check_contains "broken quoting: names the line" "$err" "line 2"
run "$SY" vehicle import "$WORK/gbk.csv"
check_contains "GBK: says to save as UTF-8" "$err" "UTF-8"
run "$SY" vehicle import "$WORK/huge.csv"
check_contains "huge file: refused by size" "$err" "2 GiB"
run "$SY" vehicle import /dev/zero
expect_rc "import of a device refused" 1
run "$SY" vehicle import "$WORK"
expect_rc "import of a folder refused" 1
run "$SY" vehicle import "$WORK/no-such.csv"
expect_rc "import of a missing file refused" 1
check "nothing imported from any bad file" test "$(count)" = 1

# A good file with a BOM, CRLF, quoted commas and doubled quotes goes in.
printf '\xef\xbb\xbf%s\r\n%s,"Wang, ""Li""",%s,yes\r\n' "$h,owner-statement" "$v1" "$OWNER_ID" >"$WORK/good.csv"
run "$SY" vehicle import "$WORK/good.csv"
expect_rc "well-formed file with BOM, CRLF and quotes imported" 0
check "quoted owner kept exactly" test "$(sql "SELECT owner_name FROM vehicles WHERE vin = '$v1'")" = 'Wang, "Li"'

# 4. The other commands' free text, when this build has them.
# others NAME CMD...: each bad value appended as the last argument must give
# exit 1; an ordinary value must then work (so the refusals were the text's doing).
others() {
	local name=$1 refused=0 i
	shift
	for i in "${!bad_values[@]}"; do
		run "$@" "${bad_values[$i]}"
		if [ "$rc" = 1 ] && one_line; then refused=$((refused + 1)); else echo "# $name ${bad_names[$i]}: exit $rc: $err"; fi
	done
	check "$name: all ${#bad_values[@]} bad values refused in one line" test "$refused" = "${#bad_values[@]}"
	run "$@" "Bin A-3, 张 ok"
	expect_rc "$name: ordinary text accepted" 0
}
if has_command part add || has_command depollute || has_command cert issue; then
	for n in 2 3; do checkin "$n" >/dev/null; done
	depollute_sql
fi
if has_command part add; then
	others "part add --notes" "$SY" part add V2026-000001 --kind door --grade A --dest reuse --notes
	others "part add --location" "$SY" part add V2026-000001 --kind door --grade A --dest reuse --location
	others "part add --photo" "$SY" part add V2026-000001 --kind door --grade A --dest reuse --photo
	check "only the accepted parts stored" test "$(sql "SELECT count(*) FROM parts")" = 3
fi
if has_command depollute; then
	sql "DELETE FROM depollution WHERE vehicle_id = 3"
	others "depollute --notes" "$SY" depollute V2026-000003 --step battery --qty 12 --unit kg --notes
	sql "DELETE FROM depollution WHERE vehicle_id = 3"
	others "depollute --container" "$SY" depollute V2026-000003 --step battery --qty 12 --unit kg --container
fi
if has_command cert void; then
	(cd "$WORK" && "$SY" cert issue V2026-000002 >/dev/null 2>&1 </dev/null)
	no=$(sql "SELECT number FROM certificates LIMIT 1")
	[ -n "$no" ] && others "cert void --reason" "$SY" cert void "$no" --reason
	[ -n "$no" ] || check "cert issue works here" false
fi
if has_command waste add; then
	others "waste add --notes" "$SY" waste add --code "$(sql "SELECT code FROM waste_codes LIMIT 1")" --qty 3 --notes
fi
finish
