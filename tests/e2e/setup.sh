#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# One-time set-up of the QEMU end-to-end tests (ctest fixture): fetch Debian's kernels (cached),
# make the SPD images, their i2cset programs and a signed registry, the host's reference JSON
# (the same images decoded and verified as files), and one initramfs per kernel carrying
# busybox, the build's dimmguard with its libraries, the guest scripts and the data.
#
# usage: setup.sh CACHE_DIR DIMMGUARD_BINARY SOURCE_DIR
# Exit 77 (skipped) when QEMU or busybox-static is missing or no kernel can be fetched; the
# reason is left in CACHE_DIR/skip so that every scenario skips with the same message.
set -euo pipefail
cache=${1:?usage: setup.sh CACHE_DIR DIMMGUARD_BINARY SOURCE_DIR}
bin=${2:?usage: setup.sh CACHE_DIR DIMMGUARD_BINARY SOURCE_DIR}
src=${3:?usage: setup.sh CACHE_DIR DIMMGUARD_BINARY SOURCE_DIR}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$cache"
rm -f "$cache/skip"
skip() {
    echo "e2e setup: SKIP: $*" >&2
    printf '%s\n' "$*" > "$cache/skip"
    exit 77
}
started=$(date +%s.%N)

command -v qemu-system-x86_64 > /dev/null || skip "qemu-system-x86_64 not found (install qemu-system-x86: tools/install-deps.sh)"
busybox=""
for candidate in /bin/busybox /usr/bin/busybox; do
    if [ -x "$candidate" ] && ! ldd "$candidate" > /dev/null 2>&1; then busybox=$candidate; break; fi
done
[ -n "$busybox" ] || skip "no static busybox (install busybox-static: tools/install-deps.sh)"
[ -x "$bin" ] || { echo "e2e setup: $bin is not an executable dimmguard" >&2; exit 1; }

# Kernels: the machine's stable linux-image-amd64 for PIIX4 and i2c-stub, backports for spd5118.
for flavour in stable backports; do
    rc=0
    bash "$here/fetch-kernel.sh" "$cache" "$flavour" || rc=$?
    case $rc in 0 | 77) ;; *) echo "e2e setup: fetching the $flavour kernel failed" >&2; exit 1 ;; esac
done
[ -f "$cache/stable/vmlinuz" ] || skip "Debian's kernel could not be fetched: $(cat "$cache/stable.skip" 2> /dev/null)"

# Data: eight DDR3 images (one per PIIX4 EEPROM, serials differ), the DDR5 example image.
data=$cache/data
rm -rf "$data"
mkdir -p "$data/prog" "$data/host"
for slot in 0 1 2 3 4 5 6 7; do
    bash "$here/make-ddr3-spd.sh" "$data/ddr3-$slot.bin" "4e2e000$slot" "231$slot"
    # Word writes (offset, low byte = data[offset], high byte = data[offset + 1]): QEMU's
    # smbus-eeprom stores the bytes after the offset with auto-increment. The EEPROMs start
    # zeroed at every boot, so zero words are skipped.
    od -An -v -tu1 -w2 "$data/ddr3-$slot.bin" |
        awk '$1 != 0 || $2 != 0 { printf "0x%02x 0x%02x%02x w\n", (NR - 1) * 2, $2, $1 }' > "$data/prog/ddr3-$slot.prog"
done
ddr5=$src/examples/spd/ddr5-rdimm-micron-64g.bin
cp "$ddr5" "$data/ddr5.bin"
# The hub: MR0/MR1 = 0x51 0x18 (SPD5118 with sensor), MR2 revision, MR3/MR4 = the hub maker the
# SPD declares (bytes 194/195), MR5 = sensor + hub, MR11 = page 0, MR12/MR13 = all blocks
# protected, MR49/MR50 = 25 degC; then the eight 128-byte pages through the MR11 window.
mapfile -t spd < <(od -An -v -tu1 -w1 "$ddr5")
declare -a mr=()
for ((i = 0; i < 128; i++)); do mr[i]=0; done
mr[0]=0x51 mr[1]=0x18 mr[2]=0x12 mr[3]=${spd[194]} mr[4]=${spd[195]} mr[5]=0x03
mr[12]=0xff mr[13]=0xff mr[49]=0x90 mr[50]=0x01
{
    # i2c-stub models 16-bit registers: a word read at N returns what a word write at N stored,
    # not bytes N and N+1. Writing word (MR[N+1] << 8 | MR[N]) at every N makes byte and word
    # reads (spd5118 reads MR0/MR1 as one word) see a byte-addressed hub. MR11 stays a byte.
    for ((i = 0; i < 127; i++)); do
        [ "$i" -ne 11 ] || continue
        if [ $((mr[i] | mr[i + 1])) -ne 0 ]; then printf '0x%02x 0x%02x%02x w\n' "$i" $((mr[i + 1])) $((mr[i])); fi
    done
    # i2c-stub keeps its banks for byte and word transfers only. The NVM window is written the
    # same way as the registers: word (byte[N+1] << 8 | byte[N]) at every N of the page, so that
    # byte reads and word reads (dimmguard's on an adapter without I2C block reads) both see
    # the image; the last byte of the window by byte. The stub starts zeroed, so zeros are skipped.
    for page in 0 1 2 3 4 5 6 7; do
        printf '0x0b 0x%02x b\n' "$page"
        for ((i = 0; i < 127; i++)); do
            low=${spd[page * 128 + i]} high=${spd[page * 128 + i + 1]}
            [ $((low | high)) -eq 0 ] || printf '0x%02x 0x%02x%02x w\n' $((0x80 + i)) "$high" "$low"
        done
        value=${spd[page * 128 + 127]}
        [ "$value" -eq 0 ] || printf '0xff 0x%02x b\n' "$value"
    done
    printf '0x0b 0x00 b\n'
} > "$data/prog/ddr5-hub.prog"

bash "$here/make-registry.sh" "$bin" "$data/registry" "$data"/ddr3-?.bin "$data/ddr5.bin"

# The guest root shared by both kernels.
root=$cache/root
rm -rf "$root"
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,out,lib/modules,lib64,e2e/data,opt/dimmguard}
cp "$busybox" "$root/bin/busybox"
install -m 0755 "$here/guest/init" "$root/init"
cp "$here"/guest/*.sh "$root/e2e/"
cp "$data"/prog/*.prog "$root/e2e/data/"
cp -r "$data/registry" "$root/e2e/registry"
# dimmguard and dimmguard-commands (next to it: every command line but --version and a plain decode runs there)
# without their debug information (same code; a quarter of the size), plus every library ldd
# lists, at the same paths (the sanitizer runtimes included).
commands_bin=$(dirname "$bin")/dimmguard-commands
[ -x "$commands_bin" ] || { echo "e2e setup: $commands_bin not found (build the dimmguard target)" >&2; exit 1; }
objcopy --strip-debug "$bin" "$root/opt/dimmguard/dimmguard"
objcopy --strip-debug "$commands_bin" "$root/opt/dimmguard/dimmguard-commands"
while read -r lib; do
    [ -f "$lib" ] || continue
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
done < <({ ldd "$bin"; ldd "$commands_bin"; } | grep -o '/[^ ]*' | sort -u)

for flavour in stable backports; do
    [ -f "$cache/$flavour/vmlinuz" ] || continue
    rm -f "$root"/lib/modules/*.ko
    cp "$cache/$flavour"/modules/*.ko "$root/lib/modules/"
    (cd "$root" && find . -mindepth 1 | LC_ALL=C sort | "$busybox" cpio -o -H newc 2> /dev/null) > "$cache/initramfs-$flavour.cpio"
done

# Host references: the same images read as files.
"$bin" decode --json "$data"/ddr3-?.bin > "$data/host/ddr3-decode.json" || true
"$bin" decode --json "$data/ddr5.bin" > "$data/host/ddr5-decode.json" || true
cp -r "$data/registry" "$data/host-registry"
"$bin" verify --json --no-record --data-dir "$data/host-registry" "$data"/ddr3-?.bin > "$data/host/ddr3-verify.json" || true

elapsed=$(awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
echo "e2e setup: ready in $elapsed s; kernels: $(cat "$cache"/*/release 2> /dev/null | tr '\n' ' ')initramfs $(du -m "$cache/initramfs-stable.cpio" | cut -f1) MB"
