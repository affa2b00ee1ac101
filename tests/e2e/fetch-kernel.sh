#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Fetch one of Debian's own kernels for the QEMU end-to-end tests and keep only what the guest
# needs: vmlinuz and the i2c modules (decompressed, with their dependencies), in CACHE/FLAVOUR.
#
# usage: fetch-kernel.sh CACHE_DIR FLAVOUR
#   FLAVOUR stable     linux-image-amd64 from the machine's own apt sources (bookworm: 6.1)
#   FLAVOUR backports  linux-image-amd64 from <codename>-backports (bookworm: 6.12, has spd5118),
#                      through a private apt configuration under CACHE_DIR (no root, the
#                      machine's sources stay untouched; the mirror is the one they name)
#
# Result: CACHE_DIR/FLAVOUR/{vmlinuz,release,modules/*.ko,modules.order}; a second run with the
# same package version does nothing. Exit 77 (ctest: skipped) when the kernel cannot be fetched
# (no network, no apt), with the reason in CACHE_DIR/FLAVOUR.skip; other failures exit 1.
set -euo pipefail

cache=${1:?usage: fetch-kernel.sh CACHE_DIR stable|backports}
flavour=${2:?usage: fetch-kernel.sh CACHE_DIR stable|backports}
case $flavour in stable | backports) ;; *) echo "fetch-kernel: unknown flavour '$flavour' (stable or backports)" >&2; exit 1 ;; esac

# Modules the scenarios load; dependencies are added from each module's .modinfo.
wanted=(i2c-dev i2c-smbus i2c-piix4 i2c-stub at24 ee1004)
[ "$flavour" = backports ] && wanted+=(spd5118)

out=$cache/$flavour
mkdir -p "$cache"
rm -f "$cache/$flavour.skip"
skip() {
    echo "fetch-kernel: $*" >&2
    printf '%s\n' "$*" > "$cache/$flavour.skip"
    exit 77
}

for tool in apt-get apt-cache dpkg-deb objcopy; do
    command -v "$tool" > /dev/null || skip "$tool not found: cannot fetch Debian's kernel on this machine"
done

apt_options=()
if [ "$flavour" = backports ]; then
    # A private apt configuration listing only <codename>-backports from the mirror the machine
    # already uses (never a hard-coded host).
    # shellcheck disable=SC1091 # the machine's own file
    codename=$(. /etc/os-release && printf '%s' "${VERSION_CODENAME:-}")
    [ -n "$codename" ] || skip "no VERSION_CODENAME in /etc/os-release: cannot name the backports suite"
    uri=""
    if [ -r /etc/apt/sources.list.d/debian.sources ]; then
        uri=$(awk -v suite="$codename" '
            BEGIN { RS = ""; FS = "\n" }
            {
                uris = ""; ok = 0
                for (i = 1; i <= NF; i++) {
                    if ($i ~ /^URIs:/) { uris = $i; sub(/^URIs:[ \t]*/, "", uris) }
                    if ($i ~ /^Suites:/) { n = split($i, s, /[ \t]+/); for (k = 2; k <= n; k++) if (s[k] == suite) ok = 1 }
                }
                if (ok && uris != "") { split(uris, u, /[ \t]+/); print u[1]; exit }
            }' /etc/apt/sources.list.d/debian.sources)
    fi
    if [ -z "$uri" ] && [ -r /etc/apt/sources.list ]; then
        uri=$(awk -v suite="$codename" '$1 == "deb" { i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ } if ($(i + 1) == suite) { print $i; exit } }' /etc/apt/sources.list)
    fi
    [ -n "$uri" ] || skip "no Debian mirror for '$codename' in the apt sources: cannot reach $codename-backports"
    apt_dir=$cache/apt-backports
    mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/sources.list.d"
    keyring=/usr/share/keyrings/debian-archive-keyring.gpg
    signed=""
    [ -r "$keyring" ] && signed="[signed-by=$keyring] "
    printf 'deb %s%s %s-backports main\n' "$signed" "$uri" "$codename" > "$apt_dir/sources.list"
    apt_options=(-o "Dir::Etc::sourcelist=$apt_dir/sources.list" -o "Dir::Etc::sourceparts=$apt_dir/sources.list.d"
                 -o "Dir::State::lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o "APT::Get::List-Cleanup=0")
    # Refresh the index at most once a day; reuse it offline.
    if [ -z "$(find "$apt_dir/lists" -maxdepth 1 -name '*_Packages*' -mtime -1 2> /dev/null)" ]; then
        if ! apt-get -q "${apt_options[@]}" update > "$apt_dir/update.log" 2>&1; then
            [ -n "$(find "$apt_dir/lists" -maxdepth 1 -name '*_Packages*' 2> /dev/null)" ] ||
                skip "apt-get update of $codename-backports failed (no network?): $(tail -n 1 "$apt_dir/update.log")"
        fi
    fi
fi

package=$(apt-cache "${apt_options[@]}" depends linux-image-amd64 2> /dev/null |
    awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
[ -n "$package" ] || skip "apt knows no linux-image-amd64 ($flavour): run apt-get update, or check the sources"
version=$(apt-cache "${apt_options[@]}" show "$package" 2> /dev/null | awk '/^Version:/ { print $2; exit }')

if [ -f "$out/release" ] && [ "$(cat "$out/package")" = "$package $version" ]; then
    echo "fetch-kernel: $flavour kernel $package $version already in $out"
    exit 0
fi

work=$(mktemp -d "$cache/fetch.XXXXXX")
trap 'rm -rf "$work"' EXIT
# apt drops privileges to _apt for downloads when it can; a private folder it cannot enter only
# costs a warning, so the warning is filtered and real errors still show.
if ! (cd "$work" && apt-get -q "${apt_options[@]}" download "$package" > download.log 2>&1); then
    skip "apt-get download $package failed (no network?): $(grep -v 'unsandboxed' "$work/download.log" | tail -n 1)"
fi
deb=$(find "$work" -maxdepth 1 -name '*.deb' | head -n 1)
[ -n "$deb" ] || skip "apt-get download $package left no .deb"

mkdir -p "$work/root"
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$work/root" --wildcards --no-wildcards-match-slash \
    './boot/vmlinuz-*' './lib/modules/*/kernel/drivers/i2c/*.ko*' './lib/modules/*/kernel/drivers/i2c/busses/*.ko*' \
    './lib/modules/*/kernel/drivers/misc/eeprom/*.ko*' './lib/modules/*/kernel/drivers/hwmon/*.ko*' \
    './lib/modules/*/kernel/drivers/base/regmap/*.ko*' 2> "$work/tar.log" || true
vmlinuz=$(find "$work/root/boot" -name 'vmlinuz-*' 2> /dev/null | head -n 1)
[ -n "$vmlinuz" ] || { echo "fetch-kernel: $package has no /boot/vmlinuz-*" >&2; exit 1; }

# Decompress (busybox insmod cannot read .ko.xz / .ko.zst) into a flat folder by module name.
mkdir -p "$work/modules"
while IFS= read -r -d '' file; do
    name=$(basename "$file")
    case $name in
    *.ko) cp "$file" "$work/modules/$name" ;;
    *.ko.xz) xz -dc "$file" > "$work/modules/${name%.xz}" ;;
    *.ko.zst) zstd -qdc "$file" > "$work/modules/${name%.zst}" ;;
    *.ko.gz) gzip -dc "$file" > "$work/modules/${name%.gz}" ;;
    esac
done < <(find "$work/root/lib/modules" -name '*.ko*' -print0)

# Load order: every module after the modules it depends on (.modinfo "depends=").
declare -A done_modules=()
order=()
add_module() {
    local name=$1 file dep deps
    [ -n "${done_modules[$name]:-}" ] && return 0
    file=$work/modules/$name.ko
    [ -f "$file" ] || file=$work/modules/${name//_/-}.ko
    [ -f "$file" ] || { echo "fetch-kernel: module $name not found in $package (built in, or outside the extracted folders)" >&2; exit 1; }
    done_modules[$name]=1
    deps=$(objcopy -O binary --only-section=.modinfo "$file" /dev/stdout | tr '\0' '\n' | sed -n 's/^depends=//p')
    for dep in ${deps//,/ }; do add_module "$dep"; done
    order+=("$(basename "$file" .ko)")
}
for m in "${wanted[@]}"; do add_module "$m"; done

rm -rf "$out"
mkdir -p "$out/modules"
cp "$vmlinuz" "$out/vmlinuz"
for m in "${order[@]}"; do cp "$work/modules/$m.ko" "$out/modules/"; done
printf '%s\n' "${order[@]}" > "$out/modules.order"
basename "$vmlinuz" | sed 's/^vmlinuz-//' > "$out/release"
printf '%s %s\n' "$package" "$version" > "$out/package"
echo "fetch-kernel: $flavour kernel $(cat "$out/release") ($package $version): ${#order[@]} modules in $out"
