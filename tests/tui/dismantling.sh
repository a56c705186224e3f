#!/bin/bash
# The dismantling checklist of a vehicle in the full-screen program: steps in
# GB 22128 order with done / next / blocked and why, recording a step asks
# what it takes, refusals from db/depollution on the status line, progress,
# an electric vehicle's battery steps, and the records in the database.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/tmux.bash"

# A second run of the program: the first tmux server gone before the next
# starts (a server still shutting down would take the new session with it).
tui_restart() {
	tui_tmux kill-server 2>/dev/null
	local deadline=$((SECONDS + TUI_TIMEOUT))
	while tui_tmux list-sessions >/dev/null 2>&1 && [ $SECONDS -le $deadline ]; do sleep 0.1; done
	tui_start "$@"
}

tui_init_db '城东报废汽车回收有限公司'
sy() { SCRAPYARD_NOW="$TUI_NOW" "$SY" --db "$DB" "$@"; }
sy vehicle add --vin 1M8GDM9AXKP042788 --plate 京A12345 --owner 张三 --owner-id 11010519491231002X --registration --licence --plates 2 \
	--power dual_fuel --received 2026-03-02 >/dev/null
sy depollute V2026-000001 --step battery --qty 14.5 >/dev/null

tui_start 80 24
check_screen "menu" "1  Check-in"
tui_keys /
check_screen "search" "V2026-000001"
tui_keys Enter
check_screen "vehicle details offer the checklist" "F6Steps"
tui_keys F6
check_screen "F6 opens the checklist" "Pretreatment (GB 22128): 1/15 done"
check_screen "the battery recorded earlier is done" "14.5 kg"
check "starter battery comes first" contains "$(tui_screen | grep -m1 ' 1  ')" "Starter battery removed"
check "the gas tank is next" contains "$(tui_screen | grep -m1 'Gas tank')" "next"
check "fuel is blocked with its reason" contains "$(tui_screen | grep -m1 'Fuel drained')" "blocked     needs first"
check "oil filter blocked until the engine oil" contains "$(tui_screen | grep -m1 'Oil filter')" "blocked"

# The cursor starts on the next step; down to the fuel: its full reason.
tui_keys Down Down
check_screen "selected blocked step gives the whole reason" "needs first: Gas tank"
tui_keys Enter
check_screen "Enter on a blocked step is refused with the reason" "needs first: Gas tank (LPG, CNG, hydrogen) removed"

# Gas tank: not present (F4), a confirmation with no questions.
tui_keys Up Up F4
check_screen "F4 asks to confirm not present" "not present on this vehicle?"
tui_keys Enter
check_screen "recorded, progress moves" "Pretreatment (GB 22128): 2/15 done"
check "gas tank marked not present" contains "$(tui_screen | grep -m1 'Gas tank')" "not present "
check_screen "fuel is no longer blocked" "Fuel drained"
check "fuel now next or open" test -z "$(tui_screen | grep 'Fuel drained' | grep blocked)"

# Engine oil: quantity, unit and container asked; a bad number refused in place.
tui_keys End
for _ in 1 2 3 4 5 6 7 8 9 10; do tui_keys Up; done
check_screen "cursor moved" "Engine oil drained"
tui_keys Enter
check_screen "engine oil asks the quantity" "Quantity"
check_screen "and the unit" "Unit (l/kg)"
check_screen "and the container" "Container"
tui_type 'abc'; tui_keys Enter Enter Enter
check_screen "a bad quantity is refused" "Quantity: type a number"
tui_keys C-u; tui_type '4.5'; tui_keys Enter Enter Enter
check_screen "engine oil recorded" "Engine oil drained recorded"
check_screen "progress 3/15" "3/15 done"
check "quantity shown" contains "$(tui_screen | grep -m1 'Engine oil')" "4.5 l"

# Refrigerant: the type is required; the refusal from the store comes back.
tui_keys End Up Up Up Up
check_screen "on the refrigerant" "Air-conditioning refrigerant recovered"
tui_keys Enter
check_screen "refrigerant asks the type" "Refrigerant type"
tui_type '0.4'; tui_keys Enter Enter Enter
check_screen "missing type refused by the store" "refrigerant"
check "box still up for the type" contains "$(tui_screen)" "Refrigerant type"
tui_type 'R134a'; tui_keys Enter
check_screen "refrigerant recorded" "recovered recorded"
tui_keys Escape
check_no_screen "Esc leaves the checklist" "Pretreatment (GB 22128)"

run "$SY" --db "$DB" --json depollute V2026-000001 --show
check_contains "engine oil in the database" "$out" '"engine_oil"'
check_contains "with its quantity" "$out" '4.5'
check_contains "refrigerant type stored" "$out" 'R134a'
check_contains "gas tank absent" "$out" '"not_present":true'

# The hazardous waste ledger: the containers the steps filled, adding one, into store.
tui_keys Escape Escape Escape
check_screen "menu lists the waste" "6  Waste"
tui_keys 6
check_screen "containers with their state" "HW08-2026-0001"
check "engine oil container generated" contains "$(tui_screen | grep -m1 HW08-2026-0001)" "4.5 l generated"
tui_keys F2; tui_type 'HW08'; tui_keys Enter; tui_type '20'; tui_keys Enter Enter; tui_type 'DRUM-7'; tui_keys Enter
check_screen "a container added" "in container DRUM-7"
check "listed first" contains "$(tui_screen | grep -m1 DRUM-7)" "20 kg generated"
tui_keys F3 Enter
check_screen "into store" "Container DRUM-7 is in store"
check "state in store" contains "$(tui_screen | grep -m1 DRUM-7)" "in store"
tui_keys F2; tui_type 'NOSUCH'; tui_keys Enter; tui_type '1'; tui_keys Enter Enter Enter
check_line "an unknown code refused by the store" 23 "NOSUCH"
tui_keys Escape
run "$SY" --db "$DB" --json waste list
check_contains "DRUM-7 in the ledger" "$out" '"DRUM-7"'
check_contains "stored" "$out" '"stored"'
tui_keys F10
check_screen "quit" "[exit 0]"

# A petrol car carries no gas tank: nothing to mark before its fuel drains.
sy vehicle add --vin 1M8GDM9A8KP042790 --plate 京A12346 --owner 李四 --owner-id 11010519491231002X --registration --licence --plates 2 \
	--power petrol --received 2026-03-02 >/dev/null
sy depollute V2026-000002 --step battery --qty 14 >/dev/null
tui_restart 80 24
tui_keys /
tui_type 'V2026-000002'
check_screen "petrol car found" "V2026-000002"
tui_keys Enter F6
check_screen "petrol checklist: one step fewer" "Pretreatment (GB 22128): 1/14 done"
check_no_screen "no gas tank step" "Gas tank"
check "fuel open at once after the battery" test -z "$(tui_screen | grep 'Fuel drained' | grep blocked)"
tui_keys F10
check_screen "quit" "[exit 0]"

# Chinese: labels and states.
tui_restart 80 24 -- --lang zh
check_screen "zh menu" "车辆登记"
tui_keys /
tui_type 'V2026-000001'
check_screen "zh search" "V2026-000001"
tui_keys Enter F6
check_screen "zh checklist" "预处理（GB 22128）：已完成 4/15"
check "zh state of an open step" contains "$(tui_screen | grep -m1 "排空燃油")" "可进行"
check_screen "zh step names" "拆除蓄电池"
check_screen "zh blocked reason" "排空发动机机油"
tui_keys F10
check_screen "quits" "[exit 0]"
finish
