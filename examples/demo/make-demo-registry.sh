#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Build a complete demo registry in DATA_DIR with dimmguard's own commands: a trust root, a
# publisher key (parts, serials, revocations), a second station ("Warehouse B") whose history
# is imported, and signed bundles made from the example images. Demo keys only: never use them
# for real data.
#
# usage: examples/demo/make-demo-registry.sh DIMMGUARD_BINARY DATA_DIR
set -euo pipefail
bin=${1:?usage: make-demo-registry.sh DIMMGUARD_BINARY DATA_DIR}
data=${2:?usage: make-demo-registry.sh DIMMGUARD_BINARY DATA_DIR}
here=$(cd "$(dirname "$0")" && pwd)
spd="$here/../spd"
expires=2027-12-31
mkdir -p "$data"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
keys="$data/demo-keys"
mkdir -p "$keys"
# Run quietly; on failure show what the command said.
quiet() {
    local out
    if ! out=$("$@" 2>&1); then
        printf '%s\n' "$out" >&2
        return 1
    fi
}

# Keys: one root, one publisher (a maker's QA), this warehouse's QA (signs releases of
# quarantined modules), and the station key of a second warehouse.
quiet "$bin" bundle keygen -o "$keys/root"
quiet "$bin" bundle keygen -o "$keys/publisher"
quiet "$bin" bundle keygen -o "$keys/qa"
quiet "$bin" log site "Warehouse B (Shenzhen)" --data-dir "$work/warehouse-b"
quiet "$bin" log site "Intake desk 1 (Shanghai)" --data-dir "$data"

# Trust: the root names the publisher, the QA key and both stations.
quiet "$bin" bundle trust --root-key "$keys/root.key" \
    --publisher "$keys/publisher.pub:parts,serials,revocations:$expires" \
    --publisher "$keys/qa.pub:qa:$expires" \
    --publisher "$work/warehouse-b/station.pub:station:$expires" \
    --publisher "$data/station.pub:station:$expires" \
    --version 1 --expires "$expires" -o "$work/trust.doc"
for dir in "$data" "$work/warehouse-b"; do
    quiet "$bin" registry init --root-key "$keys/root.pub" --data-dir "$dir"
    quiet "$bin" registry trust "$work/trust.doc" --data-dir "$dir"
done

# Signed bundles: golden parts from the genuine example images, issued serials, one revocation.
quiet "$bin" bundle build --role parts -o "$work/parts.unsigned" \
    --spd "$spd/ddr5-rdimm-micron-64g.bin" "$spd/ddr5-rdimm-samsung-32g.bin" "$spd/ddr5-rdimm-skhynix-64g.bin"
quiet "$bin" bundle build --role serials -o "$work/serials.unsigned" --csv "$here/serials.csv"
quiet "$bin" bundle build --role revocations -o "$work/revocations.unsigned" --csv "$here/revocations.csv"
for role in parts serials revocations; do
    quiet "$bin" bundle sign --key "$keys/publisher.key" --version 1 --expires "$expires" \
        -o "$work/$role.bundle" "$work/$role.unsigned"
    quiet "$bin" registry import -q "$work/$role.bundle" --data-dir "$data"
done

# History from Warehouse B: one module still held there, one shipped to a customer.
quiet "$bin" log record --data-dir "$work/warehouse-b" --identity 802c-06-2418-3bf2a0b1 --event intake \
    --part-number MTC40F2046S1RC48BA1 --context lot=PO-2026-0901
quiet "$bin" log record --data-dir "$work/warehouse-b" --identity 80ce-01-2407-41c0e600 --event intake \
    --part-number M321R4GA3BB6-CQKET --context lot=PO-2026-0901
quiet "$bin" log record --data-dir "$work/warehouse-b" --identity 80ce-01-2407-41c0e600 --event ship \
    --customer "ACME Cloud" --context order=SO-88412
quiet "$bin" log export --data-dir "$work/warehouse-b" -o "$work/warehouse-b.bundle"
quiet "$bin" log import "$work/warehouse-b.bundle" --data-dir "$data"
# The signed files the demo made (trust document, bundles, a station export), kept when asked:
# fuzz/run.sh seeds its registry-text target with them.
if [ -n "${DIMMGUARD_DEMO_KEEP:-}" ]; then
    mkdir -p "$DIMMGUARD_DEMO_KEEP"
    cp "$work"/*.doc "$work"/*.bundle "$work"/*.unsigned "$DIMMGUARD_DEMO_KEEP"/
fi
echo "demo registry ready in $data"
