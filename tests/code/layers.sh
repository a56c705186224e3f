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

# The check itself catches a planted upward include and curses below app/.
mkdir -p "$WORK/planted/db" "$WORK/planted/forms"
printf '#include "forms/doc.h"\n' >"$WORK/planted/db/x.c"
printf '#include <ncursesw/curses.h>\n' >"$WORK/planted/forms/y.c"
check "an upward include is caught" test -n "$(violations "$WORK/planted" db)"
check "curses below app/ is caught" test -n "$(violations "$WORK/planted" forms)"
finish
