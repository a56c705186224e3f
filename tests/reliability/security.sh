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
run env SCRAPYARD_NOW=2019-01-01 "$SY_SHIPPED" vehicle add --vin "$(vin_for 1)" --owner A --owner-id "$OWNER_ID" --registration --licence --plates 2
expect_rc "shipped program: check-in with SCRAPYARD_NOW set" 0
check_contains "shipped program: stock number of this year, not 2019" "$out" "V${today:0:4}-"
check "shipped program: audit entry dated today" test "$(last_audit 'substr(at, 1, 10)')" = "$today"
check "shipped program has no trace of the variable" bash -c '! grep -q SCRAPYARD_NOW "$1"' _ "$SY_SHIPPED"
run env SCRAPYARD_NOW=2019-01-01 "$SY" vehicle add --vin "$(vin_for 2)" --owner A --owner-id "$OWNER_ID" --registration --licence --plates 2 --received 2019-01-01
check_contains "test build: the pinned clock numbers the vehicle" "$out" "V2019-"
SCRAPYARD_PIN=20262026 "$SY" init --admin boss >/dev/null
export SCRAPYARD_USER=boss SCRAPYARD_PIN=20262026
SCRAPYARD_NEW_PIN=135790 "$SY" user add clerk1 --role clerk >/dev/null
SCRAPYARD_NEW_PIN=975310 "$SY" user add locky --role clerk >/dev/null
unset SCRAPYARD_USER SCRAPYARD_PIN
for _ in 1 2 3 4 5; do SCRAPYARD_USER=locky SCRAPYARD_PIN=000000 "$SY" user passwd >/dev/null 2>&1; done
check "five wrong PINs lock the user" test -n "$(sql "SELECT locked_until FROM users WHERE name = 'locky'")"
later=$(date -d '+2 hours' '+%Y-%m-%d %H:%M:%S')
run env SCRAPYARD_NOW="$later" SCRAPYARD_USER=locky SCRAPYARD_PIN=975310 SCRAPYARD_NEW_PIN=24682468 "$SY_SHIPPED" user passwd
expect_rc "shipped program: the lockout holds whatever SCRAPYARD_NOW says" 1
check_contains "shipped program: says locked" "$err" "locked"

# --- printing: never a command from the database or the environment
mkdir -p "$WORK/fakebin" "$WORK/printed"
printf '#!/bin/sh\nprintf "%%s\\n" "$@" >"$PRINTED/args"\n' >"$WORK/fakebin/lp"
chmod +x "$WORK/fakebin/lp"
printf '#!/bin/sh\ncase "$1" in -r) echo "scheduler is running" ;; -d) echo "system default destination: office" ;; -p) echo "printer $2 is idle.  enabled since Mon 02 Mar 2026" ;; esac\n' >"$WORK/fakebin/lpstat"
chmod +x "$WORK/fakebin/lpstat"
export PRINTED=$WORK/printed
depollute_sql
stock=$(sql "SELECT stock_no FROM vehicles ORDER BY id LIMIT 1")
SCRAPYARD_USER=boss SCRAPYARD_PIN=20262026 "$SY" cert issue "$stock" --output "$WORK/c.pdf" >/dev/null
number=$(sql "SELECT number FROM certificates ORDER BY id DESC LIMIT 1")
sql "INSERT INTO settings VALUES ('print_command', 'touch $WORK/pwned-by-setting #')"
cd "$WORK"
run env PATH="$WORK/fakebin:$PATH" SCRAPYARD_PRINT_COMMAND="touch $WORK/pwned-by-env #" "$SY" cert pdf "$number" --output=-dOTHER.pdf --print
expect_rc "print with a command planted in the database" 0
check "the database's print_command is not run" test ! -e "$WORK/pwned-by-setting"
check "SCRAPYARD_PRINT_COMMAND is not run" test ! -e "$WORK/pwned-by-env"
check "lp gets -- and a file that cannot be an option" test "$(paste -sd' ' printed/args)" = "-- ./-dOTHER.pdf"
run env SCRAPYARD_USER=clerk1 SCRAPYARD_PIN=135790 "$SY" printer a4 office-2
expect_rc "a clerk may not choose the printer" 1
check_contains "says who may" "$err" "only a supervisor or an admin"
run env SCRAPYARD_USER=boss SCRAPYARD_PIN=20262026 "$SY" printer a4 office-2
expect_rc "a supervisor or admin chooses the A4 printer" 0
run env PATH="$WORK/fakebin:$PATH" "$SY" cert pdf "$number" --output c2.pdf --print
check "lp -d NAME -- FILE" test "$(paste -sd' ' printed/args)" = "-d office-2 -- c2.pdf"
check "the choice is in the audit trail" test "$(last_audit "json_extract(new, '\$.\"print.a4_printer\"')")" = office-2
run env SCRAPYARD_USER=boss SCRAPYARD_PIN=20262026 "$SY" printer a4 -- "-dx"
expect_rc "a printer name that is an option is refused" 1
cd - >/dev/null

# --- roles: what changes the yard's papers and lists is a supervisor's
as_clerk() { env SCRAPYARD_USER=clerk1 SCRAPYARD_PIN=135790 "$@"; }
as_boss() { env SCRAPYARD_USER=boss SCRAPYARD_PIN=20262026 "$@"; }
run as_clerk "$SY" init --name "Other Yard" --license L-2
expect_rc "a clerk may not change the yard's name and licence" 1
check_contains "says who may" "$err" "only a supervisor or an admin"
check "the name stays" test "$(sql 'SELECT name FROM site')" = "Test Yard"
run as_boss "$SY" init --name "Renamed Yard"
expect_rc "an admin may" 0
check "the change is audited" test "$(last_audit entity)" = site
run as_boss "$SY" cert void "$number" --reason "wrong owner"
expect_rc "void (admin)" 0
run as_clerk "$SY" cert issue "$stock" --output "$WORK/re.pdf"
expect_rc "a clerk may not reissue after a void" 1
check_contains "says who may" "$err" "only a supervisor or an admin"
check "no second certificate" test "$(sql 'SELECT count(*) FROM certificates')" = 1
run as_boss "$SY" cert issue "$stock" --output "$WORK/re.pdf"
expect_rc "a supervisor or admin may" 0
run as_clerk "$SY" printer use 0a5f:0164
expect_rc "a clerk may not choose the label printer" 1
printf 'route,key,factor,low,high,quality,source\nrecycling,steel,9.0,1.5,9.5,published,mine\n' >"$WORK/f.csv"
run as_clerk "$SY" factors import "$WORK/f.csv"
expect_rc "a clerk may not import emission factors" 1
check_contains "says who may" "$err" "only a supervisor or an admin"
run as_boss "$SY" factors import "$WORK/f.csv"
expect_rc "a supervisor or admin may" 0
check "the import is audited" test "$(last_audit entity)" = emission_factor
run as_clerk "$SY" part kinds --add bogus --en Bogus --zh 假
expect_rc "a clerk may not add part kinds" 1
run as_clerk "$SY" waste codes --add 900-999-99 --category HW99 --en Bogus --zh 假
expect_rc "a clerk may not add waste codes" 1
check_contains "says who may" "$err" "only a supervisor or an admin"
run as_boss "$SY" part kinds --add bogus --en Bogus --zh 假
expect_rc "a supervisor or admin may add part kinds" 0
sql "SELECT count(*) FROM settings s WHERE NOT EXISTS (SELECT 1 FROM audit a WHERE a.entity = 'setting'
     AND json_extract(a.new, '\$.\"' || s.key || '\"') IS NOT NULL)" >"$WORK/unaudited"
check "every setting the program wrote is in the audit trail (the planted one aside)" test "$(cat "$WORK/unaudited")" = 1

# --- emission factors: validated and capped
before=$(sql "SELECT group_concat(route || key || factor || source, '|') FROM emission_factors")
bad_factor() { # NAME LINE
	printf 'route,key,factor,low,high,quality,source\n%s\n' "$2" >"$WORK/bad.csv"
	run as_boss "$SY" factors import "$WORK/bad.csv"
	expect_rc "factors import refuses $1" 1
}
bad_factor "1e308" 'recycling,steel,1e308,0,1e308,published,x'
bad_factor "hex" 'recycling,steel,0x10,0,0x20,published,x'
bad_factor "inf" 'recycling,steel,inf,0,inf,published,x'
bad_factor "a negative number" 'recycling,steel,-1,-2,0,published,x'
bad_factor "a factor over 100" 'recycling,steel,150,100,200,published,x'
bad_factor "an escape in the key" "$(printf 'recycling,st\033[31meel,1,0,2,published,x')"
bad_factor "a bidi override in the key" "$(printf 'recycling,st\u202eeel,1,0,2,published,x')"
bad_factor "a key that is no code" 'recycling,Steel Bars,1,0,2,published,x'
bad_factor "a bidi override in the source" "$(printf 'recycling,steel,1,0,2,published,ok\u202eevil')"
bad_factor "a 60,000-character source" "recycling,steel,1,0,2,published,$(head -c 60000 /dev/zero | tr '\0' a)"
{ echo 'route,key,factor,low,high,quality,source'; for i in $(seq 1001); do echo "recycling,k$i,1,0,2,published,x"; done; } >"$WORK/many.csv"
run as_boss "$SY" factors import "$WORK/many.csv"
expect_rc "factors import refuses more than 1000 rows" 1
check "nothing refused went in" test "$(sql "SELECT group_concat(route || key || factor || source, '|') FROM emission_factors")" = "$before"

# --- logins: every attempt counted before the PIN is checked
SCRAPYARD_USER=boss SCRAPYARD_PIN=20262026 SCRAPYARD_NEW_PIN=246810 "$SY" user add para --role clerk >/dev/null
for i in $(seq 40); do
	SCRAPYARD_USER=para SCRAPYARD_PIN=$((100000 + i)) SCRAPYARD_NEW_PIN=999999 "$SY" user passwd >/dev/null 2>"$WORK/para.$i" &
done
wait
checked=$(cat "$WORK"/para.* | grep -c -e "unknown user or wrong PIN" -e "wrong PIN for the")
check "40 wrong PINs in parallel: no more than 5 checked ($checked)" test "$checked" -le 5
check "40 wrong PINs in parallel: the user is locked" test -n "$(sql "SELECT locked_until FROM users WHERE name = 'para'")"
check "the lockout is in the audit trail" test "$(sql "SELECT count(*) FROM audit WHERE action = 'locked' AND entity_id = (SELECT id FROM users WHERE name = 'para')")" -ge 1
run env SCRAPYARD_USER=para SCRAPYARD_PIN=246810 SCRAPYARD_NEW_PIN=999999 "$SY" user passwd
expect_rc "the right PIN is refused while locked" 1
check "the lock message has the date and the time" grep -qE "until $(date +%Y)-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}" <<<"$err"
run env SCRAPYARD_USER=boss SCRAPYARD_PIN=20262026 SCRAPYARD_NEW_PIN=1234 "$SY" user add short --role clerk
expect_rc "a 4-digit PIN is refused" 1
run env SCRAPYARD_USER=boss SCRAPYARD_PIN=20262026 SCRAPYARD_NEW_PIN=1234567 "$SY" user add sup2 --role supervisor
expect_rc "a supervisor's PIN needs 8 digits" 1
check "the hash is Argon2id, 3 passes over 32 MiB" test "$(sql "SELECT substr(pin_hash, 1, 30) FROM users WHERE name = 'para'")" = '$argon2id$v=19$m=32768,t=3,p=1'

# --- roles changed with the sqlite3 shell: the replay finds them
"$SY" maintain >/dev/null
cp "$DB" "$WORK/roles.db"
rm -f "$WORK/roles.db-wal" "$WORK/roles.db-shm"
sqlite3 "$WORK/roles.db" "UPDATE users SET role = 'admin' WHERE name = 'clerk1'"
run "$SY" --db "$WORK/roles.db" audit verify --json
expect_rc "a clerk made admin with sqlite3: found" 1
check "names the user and the role" test "$(jq -c '[.findings[] | select(.ref == "clerk1") | .field]' <<<"$out")" = '["role"]'
sqlite3 "$WORK/roles.db" "UPDATE users SET role = 'clerk' WHERE name = 'clerk1';
	UPDATE users SET pin_hash = (SELECT pin_hash FROM users WHERE name = 'clerk1') WHERE name = 'boss'"
run "$SY" --db "$WORK/roles.db" audit verify --json
expect_rc "the admin's PIN hash swapped for a known one: found" 1
check "names the admin's PIN" test "$(jq -c '[.findings[] | select(.ref == "boss") | .field]' <<<"$out")" = '["pin_sha256"]'

# --- names given without a login: checked, and recorded as claims
run env SCRAPYARD_USER="$(printf 'wang\033[2J')" "$SY" vehicle list
expect_rc "a user name with an escape sequence is refused" 1
check "the refusal does not echo it" bash -c '! grep -q $'"'"'\033'"'"' <<<"$1"' _ "$err"
run env SCRAPYARD_USER="$(head -c 120000 /dev/zero | tr '\0' a)" "$SY" vehicle list
expect_rc "a 120,000-character user name is refused" 1
run env SCRAPYARD_USER=wang "$SY" vehicle add --vin "$(vin_for 30)" --owner A --owner-id "$OWNER_ID" --registration --licence --plates 2
expect_rc "a check-in with a name and no PIN (no login required here)" 0
check "recorded as the OS user with the claim" test "$(last_audit user)" = "$(id -un) (claimed: wang)"
check "the record says so too" test "$(sql "SELECT created_by FROM vehicles WHERE vin = '$(vin_for 30)'")" = "$(id -un) (claimed: wang)"

# --- what the commands print from the database passes the message filter
esc=$(printf '\033]0;owned\a\033[2J')
sql "UPDATE vehicles SET owner_name = 'Evil$esc' || char(8238) || 'x' || char(155) WHERE vin = '$(vin_for 30)'"
sql "UPDATE emission_factors SET source = 'src$esc' WHERE (route, key) IN (SELECT route, key FROM emission_factors LIMIT 1)"
stock30=$(sql "SELECT stock_no FROM vehicles WHERE vin = '$(vin_for 30)'")
sql "UPDATE vehicles SET owner_name = 'Evil$esc' WHERE stock_no = '$stock'"
raw() { "$@" 2>/dev/null | od -An -tx1 | tr -d ' \n'; }
for cmd in "vehicle list" "vehicle show $stock30" "cert show $number" "cert list" "factors list" "audit show $stock30"; do
	# shellcheck disable=SC2086
	bytes=$(raw "$SY" $cmd)
	check "$cmd: no ESC, BEL, C1 or bidi override reaches the terminal" bash -c '! grep -qE "(^| )(1b|07)( |$)|c2 9b|e2 80 ae" <<<"$(sed "s/\(..\)/\1 /g" <<<"$1")"' _ "$bytes"
done
run "$SY" vehicle show "$stock30" --json
check "JSON: still valid, the control characters escaped" test "$(jq -r .owner_name <<<"$out")" = "Evil$esc"$'\u202e'x$'\u009b'
check "JSON: not a raw one in it" bash -c '! grep -q $'"'"'\033'"'"' <<<"$1"' _ "$out"

# --- a backup takes everything away: a login first where the yard requires one
SCRAPYARD_USER=boss SCRAPYARD_PIN=20262026 "$SY" user require-login yes >/dev/null
run "$SY" backup "$WORK/nologin.db"
expect_rc "backup without a login where the yard requires one: refused" 1
check_contains "says how to log in" "$err" "log in with --user NAME"
check "no backup file written" test ! -e "$WORK/nologin.db"
run env SCRAPYARD_USER=clerk1 SCRAPYARD_PIN=135790 "$SY" backup "$WORK/login.db"
expect_rc "backup after a login" 0
check "the backup is recorded with the clerk" test "$(sql 'SELECT by FROM backups ORDER BY id DESC LIMIT 1')" = clerk1
SCRAPYARD_USER=boss SCRAPYARD_PIN=20262026 "$SY" user require-login no >/dev/null

finish
