#!/bin/bash
# What a user with a shell on the yard host must not get from the program:
# a clock set from outside, commands run from the database, and the like
# (docs/reliability.md, "Threat model").
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.bash"

DB=$WORK/yard.db
export SCRAPYARD_DB=$DB
"$SY" init --name "Test Yard" --license L-1 --address "1 Road" >/dev/null
last_audit() { sql "SELECT $1 FROM audit ORDER BY id DESC LIMIT 1"; }

# --- the clock: only the test build lets SCRAPYARD_NOW set it
today=$(date +%F)
run env SCRAPYARD_NOW=2019-01-01 "$SY_SHIPPED" vehicle add --vin "$(vin_for 1)" --owner A --owner-id "$OWNER_ID"
expect_rc "shipped program: check-in with SCRAPYARD_NOW set" 0
check_contains "shipped program: stock number of this year, not 2019" "$out" "V${today:0:4}-"
check "shipped program: audit entry dated today" test "$(last_audit 'substr(at, 1, 10)')" = "$today"
check "shipped program has no trace of the variable" bash -c '! grep -q SCRAPYARD_NOW "$1"' _ "$SY_SHIPPED"
run env SCRAPYARD_NOW=2019-01-01 "$SY" vehicle add --vin "$(vin_for 2)" --owner A --owner-id "$OWNER_ID" --received 2019-01-01
check_contains "test build: the pinned clock numbers the vehicle" "$out" "V2019-"
SCRAPYARD_PIN=20262026 "$SY" init --admin boss >/dev/null
export SCRAPYARD_USER=boss SCRAPYARD_PIN=20262026
SCRAPYARD_NEW_PIN=135790 "$SY" user add clerk1 --role clerk >/dev/null
unset SCRAPYARD_USER SCRAPYARD_PIN
for _ in 1 2 3 4 5; do SCRAPYARD_USER=clerk1 SCRAPYARD_PIN=000000 "$SY" user passwd >/dev/null 2>&1; done
check "five wrong PINs lock the user" test -n "$(sql "SELECT locked_until FROM users WHERE name = 'clerk1'")"
later=$(date -d '+2 hours' '+%Y-%m-%d %H:%M:%S')
run env SCRAPYARD_NOW="$later" SCRAPYARD_USER=clerk1 SCRAPYARD_PIN=135790 SCRAPYARD_NEW_PIN=24682468 "$SY_SHIPPED" user passwd
expect_rc "shipped program: the lockout holds whatever SCRAPYARD_NOW says" 1
check_contains "shipped program: says locked" "$err" "locked"

finish
