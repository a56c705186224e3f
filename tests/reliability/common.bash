# Helpers shared by the reliability tests, sourced after tests/lib.sh
# (not named *.sh, so tests/run does not take it for a test).

# vin_into VAR N: set VAR to a valid VIN (check digit right) whose serial is
# N (0..999999), without starting a process. vin_for N prints it.
vin_into() {
	local serial w=(7 6 5 4 3 2) sum=217 i c
	printf -v serial '%06d' "$2"
	for i in 0 1 2 3 4 5; do
		sum=$((sum + ${serial:$i:1} * ${w[$i]}))
	done
	c=$((sum % 11))
	[ "$c" = 10 ] && c=X
	printf -v "$1" 'LSVAB2BL%sH3%s' "$c" "$serial"
}
vin_for() {
	local v
	vin_into v "$1"
	echo "$v"
}

# A resident ID that passes its check character.
OWNER_ID=11010519491231002X

# checkin N [EXTRA...]: check vehicle N in; prints the stock number.
checkin() {
	local n=$1
	shift
	"$SY" vehicle add --vin "$(vin_for "$n")" --owner "Owner $n" --owner-id "$OWNER_ID" --registration --licence --plates 2 --received 2026-11-02 "$@"
}

# has_command NAME [SUB]: true when this build has that command (others' work may not be there yet).
has_command() {
	"$SY" --help 2>/dev/null | grep -q "^  $1 " || return 1
	[ $# -lt 2 ] || "$SY" "$1" --help 2>/dev/null | grep -q "scrapyard $1 $2"
}

sql() { sqlite3 -batch "$DB" "$@"; }

# verify_but_fixture [SCRAPYARD OPTIONS]: `audit verify` finds the chain
# whole and no record at odds with it, but the depollution rows
# depollute_sql wrote straight into the table (out: its JSON).
verify_but_fixture() {
	out=$("$SY" "$@" audit verify --json 2>/dev/null </dev/null)
	jq -e '(.error == null) and (.anchor == null or .anchor.holds) and
		all(.findings[]; .entity == "depollution" and .entry == null)' <<<"$out" >/dev/null
}

# depollute_sql: record every pretreatment step of every vehicle not yet
# pretreated as "not present", straight in the table (test set-up for
# parts and certificates; `scrapyard depollute` has its own tests). Those
# rows have no audit entries, so `audit verify` names them: check the trail
# with verify_but_fixture afterwards.
depollute_sql() {
	sql "WITH s(step) AS (VALUES ('battery'), ('gas_tank'), ('airbags'), ('fuel'), ('engine_oil'), ('gear_oil'),
		('brake_fluid'), ('steering_fluid'), ('coolant'), ('washer_fluid'), ('refrigerant'), ('oil_filter'),
		('catalyst'), ('mercury'), ('tyres'))
	     INSERT OR IGNORE INTO depollution(vehicle_id, step, absent, done_by, done_at, recorded_by)
	     SELECT v.id, s.step, 1, 'test', v.received_date || ' 09:00:00', 'test' FROM vehicles v, s"
}
