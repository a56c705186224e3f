#!/bin/bash
# The layers only reach down: base <- drivers; base <- db <- forms <- app.
# A file may include its own layer and the ones listed for it, and only
# app/ may include curses. One check per layer, naming every offending line.
source "$(dirname "$0")/../lib.sh"
ROOT=$TESTS_DIR/..

allowed() { # layer -> the layers its files may include
	case $1 in
	base) echo "base" ;;
	drivers) echo "base drivers" ;;
	db) echo "base db" ;;
	forms) echo "base db forms" ;;
	app) echo "base drivers db forms app" ;;
	esac
}

# violations TREE LAYER: the include lines of TREE/LAYER that reach elsewhere
violations() {
	local tree=$1 layer=$2 file line text target
	while IFS=: read -r file line text; do
		target=${text#*\"}
		target=${target%%/*}
		case " $(allowed "$layer") " in *" $target "*) ;; *) echo "$file:$line: $text" ;; esac
	done < <(cd "$tree" && grep -Hn '^#include "[a-z]*/' "$layer"/*.[ch] 2>/dev/null)
	(cd "$tree" && [ "$layer" != app ] && grep -Hn '^#include <n\?curses' "$layer"/*.[ch] 2>/dev/null)
	return 0
}

for layer in base drivers db forms app; do
	bad=$(violations "$ROOT" "$layer")
	check "$layer/ includes only $(allowed "$layer" | sed 's/ /, /g')" test -z "$bad"
	[ -n "$bad" ] && printf '%s\n' "$bad" | sed 's/^/#   /'
done

# The full-screen program works in a session (app/session.h), not in a
# command-line invocation: no screen includes the command line's headers or
# names its struct.
screens_on_cli() { # TREE: the lines of the screens that reach the command line
	(cd "$1" && grep -HnE '^#include "app/cli[a-z_]*\.h"|struct cli\b|tui_cli\(' app/tui*.[ch] app/screen*.[ch] 2>/dev/null)
	return 0
}
bad=$(screens_on_cli "$ROOT")
check "the screens do not reach the command line (app/cli*.h, struct cli)" test -z "$bad"
[ -n "$bad" ] && printf '%s\n' "$bad" | sed 's/^/#   /'

# The checks themselves catch a planted upward include, curses below app/
# and a screen on the command line.
mkdir -p "$WORK/planted/db" "$WORK/planted/forms"
printf '#include "forms/doc.h"\n' >"$WORK/planted/db/x.c"
printf '#include <ncursesw/curses.h>\n' >"$WORK/planted/forms/y.c"
check "an upward include is caught" test -n "$(violations "$WORK/planted" db)"
check "curses below app/ is caught" test -n "$(violations "$WORK/planted" forms)"
mkdir -p "$WORK/planted/app"
printf '#include "app/cli.h"\n' >"$WORK/planted/app/screen_x.c"
printf 'void f(struct cli *cli);\n' >"$WORK/planted/app/tui_y.h"
check "a screen including app/cli.h is caught" test "$(screens_on_cli "$WORK/planted" | wc -l)" -eq 2
finish
