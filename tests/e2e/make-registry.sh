#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Build a small signed registry for the guest's `dimmguard verify`: a trust root, a publisher,
# the station, golden parts made from the test's SPD images and their issued serials. Test keys
# made here and thrown away with the build tree.
#
# usage: make-registry.sh DIMMGUARD_BINARY DATA_DIR SPD_FILE...
set -euo pipefail
bin=${1:?usage: make-registry.sh DIMMGUARD_BINARY DATA_DIR SPD_FILE...}
data=${2:?usage: make-registry.sh DIMMGUARD_BINARY DATA_DIR SPD_FILE...}
shift 2
[ $# -gt 0 ] || { echo "make-registry: no SPD files given" >&2; exit 1; }
expires=2099-12-31
rm -rf "$data"
mkdir -p "$data"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
quiet() {
    local out
    if ! out=$("$@" 2>&1); then
        printf 'make-registry: %s failed:\n%s\n' "$*" "$out" >&2
        return 1
    fi
}

quiet "$bin" bundle keygen -o "$work/root"
quiet "$bin" bundle keygen -o "$work/publisher"
quiet "$bin" log site "QEMU e2e guest" --data-dir "$data"
quiet "$bin" bundle trust --root-key "$work/root.key" \
    --publisher "$work/publisher.pub:parts,serials:$expires" \
    --publisher "$data/station.pub:station:$expires" \
    --version 1 --expires "$expires" -o "$work/trust.doc"
quiet "$bin" registry init --root-key "$work/root.pub" --data-dir "$data"
quiet "$bin" registry trust "$work/trust.doc" --data-dir "$data"

# Issued serials: the identity and part number of every image, as `verify` reports them.
{
    echo "identity,part_number"
    "$bin" verify --json --no-record --data-dir "$data" "$@" 2> /dev/null |
        sed -n 's/^      "identity": "\(.*\)",$/\1/p; s/^      "part_number": "\(.*\)",$/\1/p' | paste -d, - - | sort -u
} > "$work/serials.csv"
[ "$(wc -l < "$work/serials.csv")" -gt 1 ] || { echo "make-registry: no identities found in the SPD files" >&2; exit 1; }

quiet "$bin" bundle build --role parts -o "$work/parts.unsigned" --spd "$@"
quiet "$bin" bundle build --role serials -o "$work/serials.unsigned" --csv "$work/serials.csv"
for role in parts serials; do
    quiet "$bin" bundle sign --key "$work/publisher.key" --version 1 --expires "$expires" \
        -o "$work/$role.bundle" "$work/$role.unsigned"
    quiet "$bin" registry import -q "$work/$role.bundle" --data-dir "$data"
done
