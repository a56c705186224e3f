#!/bin/bash
# The man pages: written by the program from its command tables, they list
# exactly the options each (sub)command takes (the tables getopt reads), the
# options each usage names are among them, groff and man render every page
# without a warning, and the Chinese pages are in Chinese.
source "$(dirname "$0")/../lib.sh"
cd "$WORK" || exit 1
mkdir -p en zh

pages=$("$SY" --man-pages)
check "the pages: scrapyard and one per command with subcommands" \
	bash -c 'grep -qx scrapyard <<<"$1" && grep -qx scrapyard-cert <<<"$1" && grep -qx scrapyard-vehicle <<<"$1"' _ "$pages"
for p in $pages; do
	"$SY" --lang en --man "$p" >"en/$p.1" && "$SY" --lang zh --man "$p" >"zh/$p.1" || echo "# $p not written"
done

# The options a page lists (its \fB\-\-NAME\fR tags) in the part of the
# page from the line matching START to the next .SH or .SS.
listed() { # FILE START
	awk -v start="$2" '$0 ~ start {on = 1; next} on && /^\.S[HS] / {exit} on' "$1" |
		sed -n 's/^\\fB\\-\\-\([a-z0-9\\-]*\)\\fR.*/--\1/p' | sed 's/\\-/-/g' | sort -u
}
accepted() { "$SY" --list-options "$@" | sort -u; }

# ---- each page lists what the program accepts, and no more ----
bad=""
[ "$(listed en/scrapyard.1 '^\.SH "OPTIONS"')" = "$(accepted)" ] || bad+=" (global)"
for c in $("$SY" __complete 1 scrapyard ""); do
	[ "$(listed en/scrapyard.1 "^\\.SS $c\$")" = "$(accepted "$c")" ] || bad+=" $c"
	[ -e "en/scrapyard-$c.1" ] || continue
	for s in $("$SY" __complete 2 scrapyard "$c" ""); do
		[ "$(listed "en/scrapyard-$c.1" "^\\.SS \"scrapyard $c $s\"")" = "$(accepted "$c" "$s")" ] || bad+=" $c-$s"
	done
done
check "every option listed is accepted, every one accepted is listed" test -z "$bad"
[ -n "$bad" ] && echo "#   differ:$bad"
n=$(grep -c '^\\fB\\-\\-' en/scrapyard-vehicle.1)
check "vehicle add's options come from the intake form ($n tags)" test "$n" -gt 60
values_of() { grep -A3 -F -e "\\fB\\-\\-$2\\fR" "$1" | grep '^One of:' | head -1; }
check_contains "--power lists the form's codes" "$(values_of en/scrapyard-vehicle.1 power)" "petrol, diesel"
check_contains "--protocol lists the drivers' protocols" "$(values_of en/scrapyard-scale.1 protocol)" "toledo, xk3190"

# The check itself: a page missing an option is caught.
grep -vF '\fB\-\-reason\fR' en/scrapyard-cert.1 >broken.1
check "a missing option is caught" test "$(listed broken.1 '^\.SS "scrapyard cert void"')" != "$(accepted cert void)"

# ---- the usage text names only options the command takes ----
bad=""
for c in $("$SY" __complete 1 scrapyard ""); do
	for o in $("$SY" "$c" --help | grep -o -- '--[a-z][a-z0-9-]*' | sort -u); do
		grep -qxF -- "$o" <(accepted "$c") || bad+=" $c$o"
	done
done
check "each option a usage names is one its command takes" test -z "$bad"
[ -n "$bad" ] && echo "#   unknown:$bad"

# ---- rendered without warnings ----
warnings=""
for f in en/*.1 zh/*.1; do
	w=$(groff -man -Tutf8 -ww -z "$f" 2>&1)
	[ -n "$w" ] && warnings+="$f: $w"$'\n'
	if command -v man >/dev/null; then
		w=$(MANWIDTH=80 man --warnings -l "$f" 2>&1 >/dev/null)
		[ -n "$w" ] && warnings+="$f: $w"$'\n'
	fi
done
check "groff -ww and man --warnings: no warning on any page" test -z "$warnings"
[ -n "$warnings" ] && printf '%s' "$warnings" | head -5 | sed 's/^/#   /'

text=$(MANWIDTH=100 man -l en/scrapyard.1 2>/dev/null)
check_contains "the main page: exit status" "$text" "EXIT STATUS"
check_contains "the main page: the environment" "$text" "SCRAPYARD_PIN"
check_contains "the main page: the default database" "$text" "~/.local/share/scrapyard/yard.db"

# ---- the Chinese pages ----
zh=$(MANWIDTH=100 man -l zh/scrapyard-cert.1 2>/dev/null)
check "the Chinese page is in Chinese" grep -qP '[\x{4e00}-\x{9fff}]{4}' <<<"$zh"
check_contains "the Chinese page: the command's summary from the catalogue" "$zh" \
	"$("$SY" --lang zh --help | sed -n 's/^  cert *//p')"
check "the Chinese page: its section titles translated" bash -c '! grep -q "^SUBCOMMANDS" <<<"$1"' _ "$zh"
finish
