#!/bin/bash
# A corrected mass is asked about as at check-in: a weighed mass far from the
# curb mass (a slip: 113 for 1130) stops the correction with the two figures;
# Esc goes back to the field, Enter keeps it as typed and the reason follows.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/tmux.bash"

TUI_NOW='2026-11-27 09:00:00'
tui_init_db
SCRAPYARD_NOW="$TUI_NOW" "$SY" --db "$DB" vehicle add --vin LSVAU2182N2183290 --plate 京A12345 --owner 张志强 \
	--owner-id 11010519491231002X --registration --licence --plates 2 --power petrol --type car \
	--curb-mass 1180 --weight 1130 --received 2026-11-25 >/dev/null
weighed() { "$SY" --db "$DB" --json vehicle show V2026-000001 | python3 -c 'import json,sys; print(json.load(sys.stdin)["weighed_kg"])'; }

for lang in en zh; do
	tui_start 100 40 -- --lang $lang
	tui_keys /
	check_screen "$lang: search" "V2026-000001"
	tui_keys Enter F4
	check_screen "$lang: the form filled from the record" "张志强"
	# owner kind, then 16 fields down to the weighed mass (a person's petrol car)
	for _ in $(seq 17); do tui_keys Down; done
	tui_keys C-u; tui_type "$([ $lang = en ] && echo 113 || echo 2500)"
	tui_keys F2
	if [ $lang = en ]; then
		check_screen "$lang: the unusual mass asked about" "Is this mass right? Weighed 113 kg, curb mass 1180 kg"
		tui_keys Escape
		check_screen "$lang: back to the field" "Not corrected: correct the mass"
		check "$lang: nothing saved" test "$(weighed)" = 1130
		tui_keys F2
		check_screen "$lang: asked again" "Is this mass right?"
		tui_keys Enter
		check_screen "$lang: then the reason" "Correct V2026-000001: Weighed mass"
		tui_type 'scale misread at intake'; tui_keys Enter
		check_screen "$lang: corrected" "V2026-000001 corrected: Weighed mass"
		check "$lang: the mass kept as typed" test "$(weighed)" = 113
	else
		check_screen "$lang: the question in Chinese" "这个重量对吗？过磅 2500 kg"
		tui_keys Escape
		check "$lang: nothing saved" test "$(weighed)" = 113
	fi
	tui_keys F10 F10
	tui_tmux kill-server 2>/dev/null
	sleep 0.3
done
finish
