#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Install the .deb files with apt as a user would, check what they installed, run the demo from
# the installed paths as an unprivileged member of the dimmguard group, then remove and purge
# them and check that nothing is left behind except the registry in /var/lib/dimmguard.
# Run as root (CI): it installs packages and adds a user. An existing /var/lib/dimmguard is
# moved aside while the test runs and put back at the end.
#
# usage: packaging/test-install.sh DIR_WITH_DEBS
set -euo pipefail
debs_dir=$(cd "${1:?usage: test-install.sh DIR_WITH_DEBS}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
[ "$(id -u)" = 0 ] || { echo "test-install: run as root (it installs packages)" >&2; exit 1; }
cli_deb=$(ls "$debs_dir"/dimmguard_*.deb)
gui_deb=$(ls "$debs_dir"/dimmguard-gui_*.deb)
user=dgtest
failures=0
step() { printf '== %s\n' "$*"; }
fail() { printf 'test-install: FAIL: %s\n' "$*" >&2; failures=$((failures + 1)); }
as_user() { runuser -u "$user" -- env -i HOME="/home/$user" PATH=/usr/bin:/bin LANG=C.UTF-8 "$@"; }

# A machine that ran this test before keeps the registry it left in /var/lib/dimmguard (purge keeps
# it, by design). Move it aside for the run and put it back afterwards, so the checks below see
# what a first install creates and the machine ends as it was.
saved=
restore_state_dir() {
    [ -n "$saved" ] || return 0
    rm -rf /var/lib/dimmguard
    mv "$saved" /var/lib/dimmguard && echo "test-install: put the earlier /var/lib/dimmguard back"
}
if [ -e /var/lib/dimmguard ]; then
    saved=$(mktemp -u /var/lib/dimmguard.before-test-install.XXXXXX)
    mv /var/lib/dimmguard "$saved"
    trap restore_state_dir EXIT
    echo "test-install: /var/lib/dimmguard exists; moved to $saved until the test ends"
fi
if dpkg-query -W dimmguard > /dev/null 2>&1 || dpkg-query -W dimmguard-gui > /dev/null 2>&1; then
    apt-get purge -y -q dimmguard-gui dimmguard > /dev/null
fi

step "lintian"
# Overrides, each for a reason (packaging/lintian-overrides.md).
lintian --fail-on error,warning --no-tag-display-limit --profile debian \
    --suppress-tags-from-file "$here/lintian-suppressed.txt" "$cli_deb" "$gui_deb" || fail "lintian reported errors or warnings"

step "snapshot of the file system before installing"
snapshot() {
    find /usr /etc /var/lib /opt -xdev \( -path /var/lib/dpkg -o -path /var/lib/apt -o -path /var/lib/dimmguard \
        -o -path /var/lib/systemd -o -path /var/lib/ucf \) -prune -o -print 2> /dev/null |
        grep -v -E '^/etc/(passwd|group|shadow|gshadow|subuid|subgid)-?$|^/etc/ld\.so\.cache$|^/usr/share/info/dir' | sort
}
before=$(mktemp)
snapshot > "$before"

step "apt-get install ./$(basename "$cli_deb") ./$(basename "$gui_deb")"
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$cli_deb" "$gui_deb" > /tmp/test-install-apt.log 2>&1 ||
    { cat /tmp/test-install-apt.log >&2; echo "test-install: apt-get install failed" >&2; exit 1; }

step "installed files"
[ "$(command -v dimmguard)" = /usr/bin/dimmguard ] || fail "dimmguard is not /usr/bin/dimmguard"
[ "$(command -v dimmguard-gui)" = /usr/bin/dimmguard-gui ] || fail "dimmguard-gui is not /usr/bin/dimmguard-gui"
for f in /usr/lib/udev/rules.d/60-dimmguard-i2c.rules /usr/lib/modules-load.d/dimmguard.conf /usr/lib/sysusers.d/dimmguard.conf \
         /usr/lib/systemd/system/dimmguard-burnin.service /usr/lib/systemd/system/dimmguard-burnin.timer \
         /usr/lib/systemd/system/dimmguard-sync.service /usr/lib/systemd/system/dimmguard-sync.timer \
         /usr/share/bash-completion/completions/dimmguard /usr/share/zsh/vendor-completions/_dimmguard \
         /usr/share/applications/io.github.dimmguard.DimmGuard.desktop /usr/share/icons/hicolor/scalable/apps/io.github.dimmguard.DimmGuard.svg \
         /usr/share/metainfo/io.github.dimmguard.DimmGuard.metainfo.xml /usr/share/dimmguard/translations/dimmguard_zh_CN.qm \
         /usr/share/doc/dimmguard/copyright /usr/share/doc/dimmguard/changelog.Debian.gz /usr/share/dimmguard/examples/demo/bench.json; do
    [ -e "$f" ] || fail "missing $f"
done
getent group dimmguard > /dev/null || fail "no dimmguard group after install"
getent passwd dimmguard > /dev/null || fail "no dimmguard system user after install"
/usr/bin/dimmguard --version | grep -q "^dimmguard " || fail "dimmguard --version"
[ -x /usr/libexec/dimmguard/dimmguard-commands ] || fail "no /usr/libexec/dimmguard/dimmguard-commands"
/usr/bin/dimmguard verify --help | grep -q "^Usage: dimmguard verify" || fail "dimmguard verify --help (handed to dimmguard-commands)"

step "man pages: every page of the package opens with man and renders without warnings"
pages=$(dpkg -L dimmguard dimmguard-gui | grep -E '^/usr/share/man/man[0-9]/.*\.gz$' || true)
[ "$(printf '%s\n' "$pages" | grep -c .)" -ge 12 ] || fail "fewer than 12 man pages installed: $pages"
for page in $pages; do
    out=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$page" 2>&1 > /dev/null) || fail "man -l $page failed"
    [ -z "$out" ] || fail "man -l $page: $out"
done
for name in dimmguard dimmguard-verify dimmguard-doctor dimmguard-gui; do
    man -w "$name" > /dev/null 2>&1 || fail "man $name: no manual entry"
done

step "desktop entry, metainfo and units validate from their installed paths"
desktop-file-validate /usr/share/applications/io.github.dimmguard.DimmGuard.desktop || fail "desktop-file-validate"
appstreamcli validate --no-net /usr/share/metainfo/io.github.dimmguard.DimmGuard.metainfo.xml > /tmp/test-install-as.log 2>&1 ||
    { cat /tmp/test-install-as.log >&2; fail "appstreamcli validate"; }
out=$(systemd-analyze verify /usr/lib/systemd/system/dimmguard-burnin.service /usr/lib/systemd/system/dimmguard-burnin.timer \
      /usr/lib/systemd/system/dimmguard-sync.service /usr/lib/systemd/system/dimmguard-sync.timer 2>&1) ||
    fail "systemd-analyze verify: $out"
[ -z "$out" ] || fail "systemd-analyze verify: $out"

step "the demo as $user, a member of dimmguard without root"
id "$user" > /dev/null 2>&1 || useradd --create-home --shell /bin/bash "$user"
usermod -aG dimmguard "$user"
data=/home/$user/demo-data
as_user /usr/share/dimmguard/examples/demo/make-demo-registry.sh dimmguard "$data" > /tmp/test-install-demo.log 2>&1 ||
    { cat /tmp/test-install-demo.log >&2; fail "make-demo-registry.sh as $user"; }
status=0
as_user dimmguard verify --bench /usr/share/dimmguard/examples/demo/bench.json \
    --labels /usr/share/dimmguard/examples/demo/labels.csv --lot PO-2026-1127 --data-dir "$data" > /tmp/test-install-verify.txt 2>&1 || status=$?
cat /tmp/test-install-verify.txt
[ "$status" = 12 ] || fail "demo verify as $user: exit $status, expected 12 (suspect + counterfeit)"
grep -q "COUNTERFEIT" /tmp/test-install-verify.txt || fail "demo verify printed no COUNTERFEIT"
grep -q "GENUINE" /tmp/test-install-verify.txt || fail "demo verify printed no GENUINE"
doctor=$(as_user dimmguard doctor --json --data-dir "$data" || true)
printf '%s\n' "$doctor" | grep -q "\"message\": \"$user is in the dimmguard group\"" || fail "doctor as $user does not see the group: $doctor"
printf '%s\n' "$doctor" | grep -A1 '"check": "registry"' | grep -q '"status": "ok"' || fail "doctor as $user: registry not ok: $doctor"
[ "$(stat -c %U "$data/registry.sqlite")" = "$user" ] || fail "the registry is not the user's own file"

step "bash completion from the installed file"
completion=$(as_user bash -c 'source /usr/share/bash-completion/bash_completion; _completion_loader dimmguard;
    COMP_WORDS=(dimmguard ver); COMP_CWORD=1; COMP_LINE="dimmguard ver"; COMP_POINT=${#COMP_LINE};
    $(complete -p dimmguard | sed -E "s/.*-F ([^ ]+).*/\1/") dimmguard ver dimmguard; printf "%s\n" "${COMPREPLY[@]}"')
[ "$completion" = verify ] || fail "bash completion of 'dimmguard ver': '$completion'"

step "zsh completion from the installed file"
as_user zsh -fc 'autoload -U compinit; compinit -u -d "$HOME/.zcompdump-test"; [[ $_comps[dimmguard] == _dimmguard && $_comps[dimmguard-gui] == _dimmguard ]]' ||
    fail "zsh's compinit does not register _dimmguard for dimmguard and dimmguard-gui"

step "the desk app starts from the installed paths (offscreen) in both languages"
shots=/home/$user/shots
as_user env QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR=/tmp DIMMGUARD_SOUND_DEVICE=null dimmguard-gui \
    --bench /usr/share/dimmguard/examples/demo/bench.json --data-dir "$data" --screenshots "$shots" > /tmp/test-install-gui.log 2>&1 ||
    { cat /tmp/test-install-gui.log >&2; fail "dimmguard-gui --screenshots as $user"; }
ls "$shots"/*zh_CN*.png > /dev/null 2>&1 || fail "no zh_CN screenshot from the installed desk app"

step "the burn-in state directory belongs to the service user"
[ "$(stat -c %U:%G /var/lib/dimmguard)" = dimmguard:dimmguard ] || fail "/var/lib/dimmguard is $(stat -c %U:%G /var/lib/dimmguard)"
# The service's command line as the service user, on the demo bench instead of --all (no SMBus
# here): the wrapper keeps the JSON report and JUnit under /var/lib/dimmguard/burn-in and exits
# with verify's bit mask. The registry it leaves must survive remove and purge.
runuser -u dimmguard -- /usr/share/dimmguard/examples/demo/make-demo-registry.sh dimmguard /var/lib/dimmguard/registry > /dev/null ||
    fail "demo registry as the dimmguard user"
install -d -o dimmguard -g dimmguard -m 0750 /var/lib/dimmguard/burn-in
status=0
runuser -u dimmguard -- sh -c 'umask 0027; exec /usr/libexec/dimmguard/dimmguard-burnin /var/lib/dimmguard/burn-in/last.json \
    dimmguard verify --bench /usr/share/dimmguard/examples/demo/bench.json --event burn-in --data-dir /var/lib/dimmguard/registry \
    --junit /var/lib/dimmguard/burn-in/junit.xml --json' 2> /tmp/test-install-burnin.err || status=$?
[ "$status" = 12 ] || fail "burn-in wrapper: exit $status, expected 12: $(cat /tmp/test-install-burnin.err)"
grep -q '"command": "verify"' /var/lib/dimmguard/burn-in/last.json || fail "burn-in wrapper wrote no JSON report"
grep -q '<testsuite' /var/lib/dimmguard/burn-in/junit.xml || fail "burn-in wrapper wrote no JUnit report"
[ "$(stat -c %U:%a /var/lib/dimmguard/burn-in/last.json)" = dimmguard:640 ] ||
    fail "last.json is $(stat -c %U:%a /var/lib/dimmguard/burn-in/last.json), expected dimmguard:640"

step "apt-get remove, then purge: no file left behind but the registry"
files=$(dpkg -L dimmguard dimmguard-gui | sort -u)
DEBIAN_FRONTEND=noninteractive apt-get remove -y -q dimmguard-gui dimmguard > /dev/null || fail "apt-get remove"
DEBIAN_FRONTEND=noninteractive apt-get purge -y -q dimmguard-gui dimmguard > /dev/null || fail "apt-get purge"
while IFS= read -r f; do
    [ -f "$f" ] && fail "left behind after purge: $f"
done <<< "$files"
after=$(mktemp)
snapshot > "$after"
left=$(comm -13 "$before" "$after" | grep -v -E "^/home/$user|^/var/mail/$user" || true)
[ -z "$left" ] || fail "new files after purge: $(printf '%s ' $left)"
[ -f /var/lib/dimmguard/registry/registry.sqlite ] || fail "the registry in /var/lib/dimmguard was removed"
rm -f "$before" "$after"
userdel -r "$user" 2> /dev/null || true

if [ "$failures" -gt 0 ]; then
    echo "test-install: $failures check(s) failed" >&2
    exit 1
fi
echo "test-install: all checks passed"
