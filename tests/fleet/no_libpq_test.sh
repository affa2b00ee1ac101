#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A station without libpq5 (the package only recommends it): the fleet commands say so in one
# line and exit 16, verify --server judges locally with REGISTRY_OFFLINE, and the commands that
# never talk to a server do not notice. libpq is hidden the real way: in a private mount
# namespace, /dev/null is bind-mounted over libpq.so.5, so dlopen fails as on a machine
# without it. Needs unshare -m (root, as in CI); exits 77 (skipped) where it is not allowed.
set -euo pipefail
bin=$1
lib=$(ldconfig -p | awk '/libpq\.so\.5 .*x86-64|libpq\.so\.5 \(/ {print $NF; exit}')
if [[ -z $lib ]]; then echo "no_libpq: libpq.so.5 is not installed here, nothing to hide (install libpq5)" >&2; exit 1; fi
if ! unshare -m true 2>/dev/null; then echo "no_libpq: skipped: unshare -m is not allowed here (run as root)" >&2; exit 77; fi
if [[ ${1:-} != --inside ]]; then
    exec unshare -m bash -c 'mount --bind /dev/null "$1" && exec bash "$2" --inside "$3"' _ "$lib" "$0" "$bin"
fi
bin=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "no_libpq: $*" >&2; exit 1; }

"$bin" log site "no libpq" --data-dir "$tmp/d" >/dev/null
"$bin" spd synth --type ddr5 --capacity 32G --speed 4800 --maker Samsung --part M321R4GA3BB6-CQK \
    --serial 0badc0de --date 2026-W10 -o "$tmp/m.bin" >/dev/null 2>&1

set +e
"$bin" sync --server "host=127.0.0.1 port=1 user=x dbname=x" --data-dir "$tmp/d" >"$tmp/out" 2>"$tmp/err"
status=$?
set -e
[[ $status == 16 ]] || fail "sync without libpq exited $status, not 16: $(cat "$tmp/err")"
[[ $(wc -l <"$tmp/err") == 1 ]] || fail "sync without libpq printed more than one line: $(cat "$tmp/err")"
grep -q "libpq.so.5 could not be loaded (install libpq5)" "$tmp/err" || fail "sync did not name libpq5: $(cat "$tmp/err")"

set +e
"$bin" verify --json --no-record --server "host=127.0.0.1 port=1 user=x dbname=x" --data-dir "$tmp/d" "$tmp/m.bin" >"$tmp/v.json" 2>"$tmp/err"
status=$?
set -e
(( status & 3 )) && fail "verify --server without libpq exited $status: $(cat "$tmp/err")"
grep -q '"REGISTRY_OFFLINE"' "$tmp/v.json" || fail "verify --server without libpq did not say REGISTRY_OFFLINE"

# Commands that never talk to a server run as always.
"$bin" decode "$tmp/m.bin" >/dev/null || fail "decode failed without libpq"
set +e
"$bin" verify --json --no-record --offline --data-dir "$tmp/d" "$tmp/m.bin" >"$tmp/o.json" 2>"$tmp/err"
status=$?
set -e
(( status & 3 )) && fail "verify --offline without libpq exited $status: $(cat "$tmp/err")"
grep -q '"REGISTRY_OFFLINE"' "$tmp/o.json" && fail "verify --offline said REGISTRY_OFFLINE"
echo "no_libpq: sync refused in one line (exit 16), verify --server offline, decode and verify --offline unaffected"
