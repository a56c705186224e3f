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
pg_start() {
	if [ ! -d "$PGDIR/data" ]; then
		mkdir -p "$PGDIR"
		chmod a+x "$WORK"
		[ "$(id -u)" -eq 0 ] && chown 65534:65534 "$PGDIR"
		pg_as "$PG_BIN/initdb" -D "$PGDIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$PGDIR/initdb.log" 2>&1 ||
			{ cat "$PGDIR/initdb.log"; return 1; }
	fi
	pg_ctl_ -l "$PGDIR/server.log" -w -t 60 \
		-o "-c listen_addresses='' -c unix_socket_directories='$PGDIR' -c fsync=off -c full_page_writes=off" \
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
