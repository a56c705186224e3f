# A real PostgreSQL 15 for the sync tests: initdb into $WORK/pg, Unix socket
# only (no TCP port), run as an unprivileged user (postgres refuses root),
# stopped when the test exits. Sourced after tests/lib.sh.
PG_BIN=$(ls -d /usr/lib/postgresql/15/bin 2>/dev/null)
PGDIR=$WORK/pg

if [ "$(id -u)" -eq 0 ]; then
	pg_as() { setpriv --reuid=65534 --regid=65534 --clear-groups env HOME=/tmp "$@"; }
else
	pg_as() { "$@"; }
fi

pg_ctl_() { pg_as "$PG_BIN/pg_ctl" -D "$PGDIR/data" "$@"; }

# pg_start: create (once) and start the server; the group database is "group".
# PG_OPTS adds server settings ("-c name=value ...").
pg_start() {
	if [ ! -d "$PGDIR/data" ]; then
		mkdir -p "$PGDIR"
		chmod a+x "$WORK"
		[ "$(id -u)" -eq 0 ] && chown 65534:65534 "$PGDIR"
		pg_as "$PG_BIN/initdb" -D "$PGDIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$PGDIR/initdb.log" 2>&1 ||
			{ cat "$PGDIR/initdb.log"; return 1; }
	fi
	pg_ctl_ -l "$PGDIR/server.log" -w -t 60 \
		-o "-c listen_addresses='' -c unix_socket_directories='$PGDIR' -c fsync=off -c full_page_writes=off ${PG_OPTS:-}" \
		start >/dev/null || { tail -20 "$PGDIR/server.log"; return 1; }
	PG_STARTED=1
}
pg_stop() { pg_ctl_ -m "${1:-fast}" -w stop >/dev/null 2>&1; }
pg_cleanup() { [ -n "${PG_STARTED:-}" ] && pg_stop immediate; rm -rf "$WORK"; }
trap pg_cleanup EXIT

# psql_as ROLE SQL: one statement as ROLE on the group database, tuples only.
psql_as() { psql -X -q -At -v ON_ERROR_STOP=1 -h "$PGDIR" -U "$1" -d group -c "$2"; }

# pg_group_setup ROLE...: the group database, the schema, a service per role
# (the office's login is postgres) in the service file every client reads.
export PGSERVICEFILE=$WORK/pg_service.conf
pg_group_setup() {
	psql -X -q -h "$PGDIR" -U postgres -d postgres -c 'CREATE DATABASE "group"' >/dev/null || return 1
	{
		printf '[office]\nhost=%s\ndbname=group\nuser=postgres\n' "$PGDIR"
		for role in "$@"; do printf '[%s]\nhost=%s\ndbname=group\nuser=%s\n' "$role" "$PGDIR" "$role"; done
	} >"$PGSERVICEFILE"
}

# yard NAME: the yard database NAME.db in $WORK becomes the one the commands use.
yard() { export SCRAPYARD_DB=$WORK/$1.db; }

# checkin SERIAL [full]: a vehicle taken in (VIN from VIN_PREFIX, plate
# from PLATE_PREFIX), its starter battery out and its certificate issued;
# with "full", every pretreatment step too and its engine harvested.
# Prints the stock number.
checkin() {
	local stock s
	stock=$("$SY" vehicle add --vin "$(vin "$1")" --plate "$(printf '%s%05d' "$PLATE_PREFIX" "$1")" \
		--owner "Owner $1" --owner-id 11010519491231002X --owner-phone 13800138000 \
		--brand-model "Sedan $1" --weight 1250.5 --registration --licence --plates 2) || return 1
	"$SY" depollute "$stock" --step battery --qty 14.5 >/dev/null || return 1
	if [ "${2:-}" = full ]; then
		"$SY" depollute "$stock" --step engine_oil --qty 4.5 >/dev/null || return 1
		for s in gas_tank airbags fuel gear_oil brake_fluid steering_fluid coolant washer_fluid refrigerant \
			oil_filter catalyst mercury tyres; do
			"$SY" depollute "$stock" --step "$s" --not-present >/dev/null || return 1
		done
		"$SY" part add "$stock" --kind engine --grade A --weight-kg 150.25 --price 800 --location A-01 >/dev/null ||
			return 1
	fi
	"$SY" cert issue "$stock" >/dev/null || return 1
	echo "$stock"
}

# js EXPR: a Python expression over the JSON document in $out (as d)
js() { printf '%s' "$out" | python3 -c 'import json, sys; d = json.load(sys.stdin); print(eval(sys.argv[1]))' "$1" 2>/dev/null; }

# office_count TABLE YARD_ID: rows of a yard at the head office
office_count() { psql_as postgres "SELECT count(*) FROM sy.$1 WHERE yard_id = $2"; }
