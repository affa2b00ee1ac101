#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Boot one QEMU end-to-end scenario (TCG, `pc` machine) with the initramfs that setup.sh made,
# collect the guest's E2E-PASS / E2E-FAIL lines (ttyS0) and its output folder (ttyS1), and
# compare the guest's results with the host's reading of the same images as files.
#
# usage: run-scenario.sh CACHE_DIR SCENARIO        SCENARIO: ddr3-piix4 | ddr5-stub | spd5118
# Exit 0 all checks passed; 77 skipped (QEMU or the kernel unavailable, reason printed); 1 failed.
set -euo pipefail
cache=${1:?usage: run-scenario.sh CACHE_DIR SCENARIO}
scenario=${2:?usage: run-scenario.sh CACHE_DIR SCENARIO}
here=$(cd "$(dirname "$0")" && pwd)
case $scenario in
ddr3-piix4 | ddr5-stub) flavour=stable ;;
spd5118) flavour=backports ;;  # spd5118 arrived in 6.11: bookworm's 6.1 does not have it
*) echo "run-scenario: unknown scenario '$scenario'" >&2; exit 1 ;;
esac

if [ -f "$cache/skip" ]; then
    echo "SKIP $scenario: $(cat "$cache/skip")"
    exit 77
fi
if ! command -v qemu-system-x86_64 > /dev/null; then
    echo "SKIP $scenario: qemu-system-x86_64 not found (install qemu-system-x86: tools/install-deps.sh)"
    exit 77
fi
if [ ! -f "$cache/$flavour/vmlinuz" ]; then
    echo "SKIP $scenario: no $flavour kernel: $(cat "$cache/$flavour.skip" 2> /dev/null || echo "run the e2e_setup test first")"
    exit 77
fi
initramfs=$cache/initramfs-$flavour.cpio
[ -f "$initramfs" ] || { echo "run-scenario: $initramfs missing: run the e2e_setup test first" >&2; exit 1; }

work=$cache/run-$scenario
rm -rf "$work"
mkdir -p "$work/out"
started=$(date +%s.%N)
# KVM is not usable on these machines (toolchain.md 4): TCG always. 512 MiB leave room for the
# sanitizer runtime's shadow mappings. panic=-1 and -no-reboot end QEMU on a kernel panic.
rc=0
timeout 100 qemu-system-x86_64 -M pc -accel tcg -m 512 -nodefaults -no-user-config -display none \
    -no-reboot -kernel "$cache/$flavour/vmlinuz" -initrd "$initramfs" \
    -append "console=ttyS0 quiet loglevel=3 panic=-1 dg.scenario=$scenario" \
    -serial "file:$work/console.log" -serial "file:$work/out.b64" < /dev/null > "$work/qemu.log" 2>&1 || rc=$?
elapsed=$(awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
tr -d '\r' < "$work/console.log" > "$work/console.txt"

if [ "$rc" -ne 0 ] || ! grep -q "^E2E-DONE $scenario" "$work/console.txt"; then
    echo "E2E-FAIL $scenario: the guest did not finish (qemu exit $rc after $elapsed s); console tail:"
    tail -n 25 "$work/console.txt"
    cat "$work/qemu.log"
    exit 1
fi
grep -E '^E2E-(START|PASS|FAIL|NOTE|GUEST)' "$work/console.txt" || true
(cd "$work/out" && tr -d '\r' < "$work/out.b64" | base64 -d | tar -x) ||
    { echo "E2E-FAIL $scenario: cannot unpack the guest's output"; exit 1; }

status=0
grep -q '^E2E-FAIL' "$work/console.txt" && status=1
python3 "$here/compare.py" "$scenario" "$work/out" "$cache/data" || status=1
echo "E2E-TIME $scenario: $elapsed s from QEMU start to power-off"
if [ "$status" -ne 0 ]; then
    echo "E2E-RESULT $scenario FAILED (guest output kept in $work)"
    exit 1
fi
echo "E2E-RESULT $scenario passed"
