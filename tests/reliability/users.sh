#!/bin/bash
# Users, roles, PINs, lockout, require_login, the supervisor-only VIN override
# and the acting user in the audit trail.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/common.bash"
export SCRAPYARD_DB=$WORK/yard.db DB=$WORK/yard.db
"$SY" init --name Yard --license L-1 --address "1 Road" >/dev/null </dev/null

# Without users everything works without a login (and a VIN override passes).
run checkin 1
expect_rc "no users: check-in without login" 0
run "$SY" vehicle add --vin LSVAB2BL0H3000002 --owner A --owner-id "$OWNER_ID" --registration --licence --plates 2 --vin-override "EU import"
expect_rc "no users: VIN override without login" 0
run "$SY" user add x --role clerk
expect_rc "no users: user add points to init --admin" 1
check_contains "no users: says how" "$err" "init --admin"

# The first admin.
SCRAPYARD_PIN=12 run "$SY" init --admin boss
expect_rc "init --admin refuses a 2-digit PIN" 1
SCRAPYARD_PIN=12ab run "$SY" init --admin boss
expect_rc "init --admin refuses letters in a PIN" 1
SCRAPYARD_PIN=24682468 run "$SY" init --admin boss
expect_rc "init --admin" 0
check "PIN kept as an Argon2id hash" test "$(sql "SELECT substr(pin_hash, 1, 10) FROM users WHERE name = 'boss'")" = '$argon2id$'
check "PIN not stored in clear" test "$(sql "SELECT count(*) FROM users WHERE pin_hash LIKE '%24682468%'")" = 0
SCRAPYARD_PIN=24682468 run "$SY" init --admin boss2
expect_rc "second init --admin refused" 1

# Adding users: admin only, the new PIN from SCRAPYARD_NEW_PIN.
SCRAPYARD_NEW_PIN=111111 run "$SY" user add clerk1 --role clerk
expect_rc "user add without login" 1
SCRAPYARD_PIN=99999999 SCRAPYARD_NEW_PIN=111111 run "$SY" --user boss user add clerk1 --role clerk
expect_rc "user add with a wrong admin PIN" 1
SCRAPYARD_PIN=24682468 SCRAPYARD_NEW_PIN=111111 run "$SY" --user boss user add clerk1 --role clerk
expect_rc "admin adds a clerk" 0
SCRAPYARD_PIN=111111 SCRAPYARD_NEW_PIN=33333333 run "$SY" --user clerk1 user add sup --role supervisor
expect_rc "a clerk may not add users" 1
check_contains "clerk refused: names the role" "$err" "only an admin"
SCRAPYARD_PIN=24682468 SCRAPYARD_NEW_PIN=33333333 run "$SY" --user boss user add sup --role supervisor
expect_rc "admin adds a supervisor" 0
SCRAPYARD_PIN=24682468 SCRAPYARD_NEW_PIN=33333333 run "$SY" --user boss user add sup --role clerk
expect_rc "duplicate name refused" 1
SCRAPYARD_PIN=24682468 SCRAPYARD_NEW_PIN=33333333 run "$SY" --user boss user add other --role king
expect_rc "unknown role refused" 1
SCRAPYARD_PIN=24682468 SCRAPYARD_NEW_PIN=33333333 run "$SY" --user boss user add "$(printf 'bad\033name')" --role clerk
expect_rc "control character in a user name refused" 1
run "$SY" --json user list
check_contains "user list: clerk" "$out" '"name":"clerk1","role":"clerk"'
check_contains "user list: supervisor" "$out" '"name":"sup","role":"supervisor"'
check "user list: no hash" eval '! contains "$out" argon2'

# A login takes well under a second (Argon2id at interactive cost).
start=$(date +%s%N)
SCRAPYARD_PIN=111111 SCRAPYARD_NEW_PIN=111111 "$SY" --user clerk1 user passwd </dev/null >/dev/null 2>&1
ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "# user passwd (one PIN check, one new hash, whole process): $ms ms"

# VIN override: supervisors and admins only.
SCRAPYARD_PIN=111111 run "$SY" --user clerk1 vehicle add --vin LSVAB2BL0H3000003 --owner A --owner-id "$OWNER_ID" --registration --licence --plates 2 --vin-override "EU import"
expect_rc "clerk may not override a VIN check digit" 1
check_contains "override refused: says who may" "$err" "supervisor"
run "$SY" vehicle add --vin LSVAB2BL0H3000003 --owner A --owner-id "$OWNER_ID" --registration --licence --plates 2 --vin-override "EU import"
expect_rc "override refused without login once users exist" 1
SCRAPYARD_PIN=33333333 run "$SY" --user sup vehicle add --vin LSVAB2BL0H3000003 --owner A --owner-id "$OWNER_ID" --registration --licence --plates 2 --vin-override "EU import"
expect_rc "supervisor overrides" 0
stock=$out
check "override recorded with the supervisor" test "$(sql "SELECT created_by FROM vehicles WHERE stock_no = '$stock'")" = sup
printf 'vin,owner,owner-id,owner-statement,vin-override\nLSVAB2BL0H3000004,A,%s,yes,EU\n' "$OWNER_ID" >"$WORK/ov.csv"
SCRAPYARD_PIN=111111 run "$SY" --user clerk1 vehicle import "$WORK/ov.csv"
expect_rc "clerk may not import VIN overrides" 1
SCRAPYARD_PIN=33333333 run "$SY" --user sup vehicle import "$WORK/ov.csv"
expect_rc "supervisor imports VIN overrides" 0

# require_login: admin only; then every change needs --user and a PIN.
SCRAPYARD_PIN=33333333 run "$SY" --user sup user require-login yes
expect_rc "supervisor may not switch require_login" 1
SCRAPYARD_PIN=24682468 run "$SY" --user boss user require-login yes
expect_rc "admin switches require_login on" 0
run checkin 10
expect_rc "change without login refused" 1
check_contains "says how to log in" "$err" "log in with --user NAME and SCRAPYARD_PIN"
run "$SY" init --name Other --license L-1 --address "1 Road"
expect_rc "site change without login refused" 1
check "site unchanged" test "$(sql "SELECT name FROM site")" = Yard
run "$SY" vehicle list
expect_rc "reading needs no login" 0
SCRAPYARD_PIN=111111 run checkin 10 --user clerk1
SCRAPYARD_USER=clerk1 SCRAPYARD_PIN=111111 run checkin 10
expect_rc "clerk checks in with SCRAPYARD_USER and SCRAPYARD_PIN" 0
check "check-in recorded with the clerk" test "$(sql "SELECT created_by FROM vehicles WHERE stock_no = '$out'")" = clerk1
check "audit row names the clerk" test "$(sql "SELECT user FROM audit WHERE entity = 'vehicle' ORDER BY id DESC LIMIT 1")" = clerk1
SCRAPYARD_USER=clerk1 run checkin 11 </dev/null
expect_rc "no PIN and no terminal: refused" 1

# Lockout: five wrong PINs lock for five minutes, even the right PIN then.
for i in 1 2 3 4; do
	SCRAPYARD_USER=clerk1 SCRAPYARD_PIN=000000 run checkin 11
done
expect_rc "wrong PIN refused" 1
check "four failures counted" test "$(sql "SELECT failed_logins FROM users WHERE name = 'clerk1'")" = 4
SCRAPYARD_USER=clerk1 SCRAPYARD_PIN=000000 run checkin 11
check_contains "fifth wrong PIN locks" "$err" "locked"
SCRAPYARD_USER=clerk1 SCRAPYARD_PIN=111111 run checkin 11
expect_rc "locked user refused with the right PIN" 1
check_contains "locked: says until when" "$err" "locked after 5 wrong PINs until"
SCRAPYARD_NOW="$(date -d '+6 minutes' '+%Y-%m-%d %H:%M:%S')" SCRAPYARD_USER=clerk1 SCRAPYARD_PIN=111111 run checkin 11 --received "$(date +%F)"
expect_rc "lock over after five minutes" 0
check "failure count reset" test "$(sql "SELECT failed_logins FROM users WHERE name = 'clerk1'")" = 0
check "lockout in the audit trail" test "$(sql "SELECT count(*) FROM audit WHERE entity = 'user' AND action = 'locked'")" = 1

# passwd: own PIN; an admin may set another's.
SCRAPYARD_USER=clerk1 SCRAPYARD_PIN=111111 SCRAPYARD_NEW_PIN=567856 run "$SY" user passwd
expect_rc "own PIN changed" 0
SCRAPYARD_USER=clerk1 SCRAPYARD_PIN=111111 run checkin 12
expect_rc "old PIN no longer works" 1
SCRAPYARD_USER=clerk1 SCRAPYARD_PIN=567856 SCRAPYARD_NEW_PIN=12121212 run "$SY" user passwd sup
expect_rc "a clerk may not set another's PIN" 1
SCRAPYARD_USER=boss SCRAPYARD_PIN=24682468 SCRAPYARD_NEW_PIN=432143 run "$SY" user passwd clerk1
expect_rc "admin sets a clerk's PIN" 0
SCRAPYARD_USER=clerk1 SCRAPYARD_PIN=432143 run checkin 12
expect_rc "new PIN works" 0

# The audit trail: intact, and a record's history names who did what.
run "$SY" audit verify
expect_rc "audit verify" 0
check_contains "audit verify counts entries" "$out" "intact, "
run "$SY" --json audit show user clerk1
check_contains "user history: created" "$out" '"action":"create"'
check_contains "user history: PIN change" "$out" '"action":"pin"'
check "user history: no hash" eval '! contains "$out" argon2'
run "$SY" audit show setting 0
check_contains "require_login change shown old -> new" "$out" "require_login: 0 -> 1"

# A restore replaces everything (users and require_login too): admins only.
if has_command restore; then
	SCRAPYARD_USER=boss SCRAPYARD_PIN=24682468 "$SY" backup "$WORK/before.db" >/dev/null 2>&1 </dev/null
	run "$SY" restore "$WORK/before.db"
	expect_rc "restore without login refused" 1
	SCRAPYARD_USER=sup SCRAPYARD_PIN=33333333 run "$SY" restore "$WORK/before.db"
	expect_rc "a supervisor may not restore" 1
	check "require_login still on" test "$(sql "SELECT value FROM settings WHERE key = 'require_login'")" = 1
	SCRAPYARD_USER=boss SCRAPYARD_PIN=24682468 run "$SY" restore "$WORK/before.db"
	expect_rc "an admin restores" 0
fi

# Switching it off again lets changes through without login.
SCRAPYARD_USER=boss SCRAPYARD_PIN=24682468 run "$SY" user require-login no
expect_rc "require_login off" 0
run checkin 13
expect_rc "no login needed again" 0
finish
