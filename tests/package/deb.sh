#!/bin/bash
# The Debian package, as a yard's administrator meets it: built from the
# tracked files (a scratch copy: the tree stays clean), lintian without
# errors, installed with apt-get, a check-in, the timers' units verified,
# then removed (the yard's database stays) and purged (everything the
# package made is gone). Needs root and the package tools
# (build-aux/packages: package); prints skips otherwise.
# It never touches a scrapyard that is already installed on this machine.
. "$(dirname "$0")/../lib.sh"
skip() { n_checks=$((n_checks + 1)); echo "ok $n_checks # SKIP $1"; }
ROOT=$(cd "$TESTS_DIR/.." && pwd)
VERSION=$(cat "$ROOT/VERSION")
DATA=/var/lib/scrapyard

missing=""
for tool in dpkg-buildpackage dh lintian fakeroot apt-get systemd-analyze git; do
	command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
if [ "$(id -u)" -ne 0 ]; then
	skip "the package test installs and purges a package: run it as root"
	finish
	exit
fi
if [ -n "$missing" ]; then
	skip "no$missing here: build-aux/deps package installs them"
	finish
	exit
fi
if dpkg-query -W -f='${Status}' scrapyard 2>/dev/null | grep -q 'installed\|config-files' || [ -e "$DATA" ]; then
	skip "a scrapyard package or $DATA is already on this machine: a yard's data is not touched"
	finish
	exit
fi
if ! git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1; then
	skip "not a git checkout: the package is built from the tracked files"
	finish
	exit
fi
had_group=0
getent group scrapyard >/dev/null && had_group=1
had_user=0
getent passwd scrapyard >/dev/null && had_user=1

# ---- build ----
tree_before=$(git -C "$ROOT" status --porcelain)
SRC=$WORK/scrapyard-$VERSION
mkdir -p "$SRC"
(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$SRC")
start=$(date +%s)
(cd "$SRC" && dpkg-buildpackage -us -uc -b -j2) >"$WORK/build.log" 2>&1
rc=$?
echo "# build: $(($(date +%s) - start)) s"
deb=$WORK/scrapyard_${VERSION}_amd64.deb
check "dpkg-buildpackage builds scrapyard_${VERSION}_amd64.deb" test "$rc" = 0 -a -f "$deb"
[ -f "$deb" ] || { tail -20 "$WORK/build.log" | sed 's/^/#   /'; finish; exit; }
check "the changelog's version is the VERSION file's" test "$(cd "$SRC" && dpkg-parsechangelog -S Version)" = "$VERSION"
check "the build left the tree as it was" test "$(git -C "$ROOT" status --porcelain)" = "$tree_before"

lintian "$deb" >"$WORK/lintian.txt" 2>&1
grep '^[EW]:' "$WORK/lintian.txt" | sed 's/^/# lintian: /'
check "lintian reports no errors" test "$(grep -c '^E:' "$WORK/lintian.txt")" = 0

check "lintian finds the manual page" sh -c '! grep -q no-manual-page "$0"' "$WORK/lintian.txt"

run dpkg-deb -c "$deb"
for f in ./usr/bin/scrapyard ./usr/share/locale/zh_CN/LC_MESSAGES/scrapyard.mo ./lib/udev/rules.d/60-scrapyard.rules \
	./usr/share/scrapyard/emission_factors.csv ./etc/default/scrapyard ./lib/systemd/system/scrapyard-backup.timer \
	./usr/share/man/man1/scrapyard.1.gz ./usr/share/man/man1/scrapyard-cert.1.gz \
	./usr/share/man/zh_CN/man1/scrapyard.1.gz ./usr/share/bash-completion/completions/scrapyard; do
	check_contains "the package holds ${f#.}" "$out" "$f"
done
run dpkg-deb -f "$deb" Depends
check_contains "it depends on the Chinese font" "$out" fonts-wqy-microhei
check_contains "it depends on the Latin font" "$out" fonts-liberation2
check_contains "its library dependencies are computed" "$out" libsqlite3-0

# ---- install ----
run env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$deb"
check "apt-get installs it" test "$rc" = 0
trap 'dpkg -P scrapyard >/dev/null 2>&1; rm -rf "$WORK"' EXIT
run scrapyard --version
check "scrapyard --version says $VERSION" test "$out" = "scrapyard $VERSION"
run stat -c '%U:%G %a' "$DATA"
check "$DATA belongs to root and the group, setgid, no one else's" test "$out" = "root:scrapyard 2770"
check "the system user of the timers" sh -c 'getent passwd scrapyard | grep -q ":$0:"' "$DATA"
check "the timers are installed disabled" test -z "$(ls /etc/systemd/system/timers.target.wants/ 2>/dev/null | grep scrapyard)"

# The manual pages, as man finds them once installed (a host whose dpkg
# leaves out /usr/share/man, as slim container images do, cannot show them).
man_opt=
if grep -qs '^path-exclude=/usr/share/man' /etc/dpkg/dpkg.cfg /etc/dpkg/dpkg.cfg.d/*; then
	skip "dpkg here leaves out /usr/share/man (path-exclude): the installed pages not checked"
	skip "dpkg here leaves out /usr/share/man (path-exclude): the Chinese pages not checked"
	skip "dpkg here leaves out /usr/share/man (path-exclude): the pages' rendering not checked"
	skip "dpkg here leaves out /usr/share/man (path-exclude): the pages' text not checked"
	man_opt=--man=no
else
	run man -w scrapyard
	check "man -w scrapyard finds the installed page" test "$rc" = 0 -a "$out" = /usr/share/man/man1/scrapyard.1.gz
	run man -L zh_CN -w scrapyard-cert
	check "man -L zh_CN finds the Chinese page of a command" \
		test "$rc" = 0 -a "$out" = /usr/share/man/zh_CN/man1/scrapyard-cert.1.gz
	run env MANWIDTH=80 man --warnings scrapyard-cert
	check "the installed page renders without a warning" test "$rc" = 0 -a -z "$err"
	check_contains "it shows the command's subcommands" "$out" "scrapyard cert issue"
fi

# The completion, loaded the way bash-completion loads it (on first use,
# from its folder), answered by the installed program.
complete_installed() { # WORD...: the replies for "scrapyard WORD...", one a line
	bash -c '
		source /usr/share/bash-completion/bash_completion
		__load_completion scrapyard || exit 1
		COMP_WORDS=(scrapyard "$@")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMP_LINE="${COMP_WORDS[*]}"
		COMP_POINT=${#COMP_LINE}
		fn=$(complete -p scrapyard | sed -n "s/.* -F \([^ ]*\) .*/\1/p")
		"$fn" scrapyard "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
		printf "%s\n" "${COMPREPLY[@]}"' _ "$@"
}
check "bash completion is installed where bash-completion looks" test -f /usr/share/bash-completion/completions/scrapyard
run complete_installed ce
check "bash-completion loads it: 'scrapyard ce' completes to cert" test "$rc" = 0 -a "$out" = cert
run complete_installed backup key --s
check "and completes an option: 'backup key --s' offers --show" bash -c 'grep -qx -- --show <<<"$1"' _ "$out"

# A check-in on a scratch database, in Chinese, as a clerk would.
export SCRAPYARD_DB=$WORK/yard.db
run scrapyard init --name 绿源回收 --license BJ-001 --address 北京
check "init on a scratch database" test "$rc" = 0
run scrapyard vehicle add --vin 1M8GDM9AXKP042788 --plate 京A12345 --owner 张三 --owner-id 11010519491231002X --registration --licence --plates 2
check "a check-in with the installed program" test "$rc" = 0
run env SCRAPYARD_LANG=zh scrapyard vehicle add --vin 1M8GDM9A8KP042790 --owner 张三
check_contains "its messages come in Chinese from the installed translations" "$err" "必填"
unset SCRAPYARD_DB

# What the timers do, as the user they run as, on the yard's own folder.
as_svc() {
	setpriv --reuid=scrapyard --regid=scrapyard --init-groups \
		env -i PATH=/usr/bin:/bin HOME="$(getent passwd scrapyard | cut -d: -f6)" LANG=C.UTF-8 "$@"
}
run as_svc scrapyard init --name 绿源回收 --license BJ-001 --address 北京
check "the service user's database is $DATA/yard.db by default" test "$rc" = 0 -a -f "$DATA/yard.db"
run stat -c '%G' "$DATA/yard.db"
check "the database is the group's" test "$out" = scrapyard
maintain=$(sed -n 's/^ExecStart=//p' /lib/systemd/system/scrapyard-maintain.service)
run as_svc sh -c "set -a; . /etc/default/scrapyard; set +a; $maintain"
check "the maintain service's command tidies the yard" test "$rc" = 0
backup=$(sed -n 's/^ExecStart=//p' /lib/systemd/system/scrapyard-backup.service | sed 's/\$\$/$/g')
run as_svc sh -c "set -a; . /etc/default/scrapyard; set +a; $backup"
check "the backup service without a folder fails" test "$rc" != 0
check_contains "and says what to set" "$err" "SCRAPYARD_BACKUP in /etc/default/scrapyard"
bdir=$(mktemp -d /tmp/sy-backup.XXXXXX)
chgrp scrapyard "$bdir" && chmod 2770 "$bdir"
run as_svc SCRAPYARD_BACKUP="$bdir" sh -c "set -a; . /etc/default/scrapyard; set +a; $backup"
check "with a folder set it writes a backup there" test "$rc" = 0 -a -n "$(ls "$bdir")"
rm -rf "$bdir"

units=$(ls /lib/systemd/system/scrapyard-*.service /lib/systemd/system/scrapyard-*.timer)
run systemd-analyze verify $man_opt $units
check "systemd-analyze verify passes on the installed units" test "$rc" = 0 -a -z "$err"

# ---- remove: the yard's database stays ----
run dpkg -r scrapyard
check "dpkg -r removes it" test "$rc" = 0
check "the program is gone" test ! -e /usr/bin/scrapyard
check "the yard's database stays after a remove" test -f "$DATA/yard.db"
check "the settings stay after a remove" test -f /etc/default/scrapyard

# ---- purge: what the package made is gone ----
run dpkg -P scrapyard
check "dpkg -P purges it" test "$rc" = 0
check "$DATA is gone after a purge" test ! -e "$DATA"
check "/etc/default/scrapyard is gone after a purge" test ! -e /etc/default/scrapyard
if [ "$had_user" = 0 ]; then
	check "the user it made is gone" sh -c '! getent passwd scrapyard'
else
	check "the user that was there before stays" sh -c 'getent passwd scrapyard >/dev/null'
fi
if [ "$had_group" = 0 ]; then
	check "the group it made is gone" sh -c '! getent group scrapyard'
else
	check "the group that was there before stays" sh -c 'getent group scrapyard >/dev/null'
fi

# ---- a host where make install made the group first: the package uses it, purge keeps it ----
if [ "$had_group" = 0 ] && [ "$had_user" = 0 ]; then
	groupadd --system scrapyard
	run env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$deb"
	check "installed again over a group of the administrator's" test "$rc" = 0
	check "it adds its user to that group" sh -c 'id -gn scrapyard | grep -qx scrapyard'
	run dpkg -P scrapyard
	check "purged again" test "$rc" = 0
	check "the group it did not make stays" sh -c 'getent group scrapyard >/dev/null'
	check "the user it made is gone again" sh -c '! getent passwd scrapyard'
	groupdel scrapyard
fi
trap 'rm -rf "$WORK"' EXIT
finish
