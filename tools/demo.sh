#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Quick start, command 1: install dependencies, build, create a signed demo registry in a
# temporary data directory, and verify the demo bench (genuine modules and one of each kind of
# counterfeit, all emulated). Prints the verdict table; see examples/demo/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target dimmguard
bin=build/release/cli/dimmguard
data=$(mktemp -d /tmp/dimmguard-demo.XXXXXX)
echo
examples/demo/make-demo-registry.sh "$bin" "$data"
echo
echo "== dimmguard verify --bench examples/demo/bench.json --labels examples/demo/labels.csv --lot PO-2026-1127 =="
status=0
"$bin" verify --bench examples/demo/bench.json --labels examples/demo/labels.csv --lot PO-2026-1127 \
    --data-dir "$data" || status=$?
echo
echo "verify exit status $status (bit mask: 4 = a suspect module, 8 = a counterfeit module; docs/findings.md)"
echo "demo registry kept in $data (try: $bin registry status --data-dir $data)"
echo "desk application: cmake --build --preset release --target dimmguard-gui &&"
echo "  build/release/gui/app/dimmguard-gui --bench examples/demo/bench.json --data-dir $data"
