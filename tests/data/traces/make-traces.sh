#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Record the bus traces under tests/data/traces from the example benches, with the CLI users
# run (`dimmguard scan --bench FILE --trace OUT`). Replay tests (`scan --replay`, `verify
# --replay`) run on these files; tests/traces_test.sh checks they are what the reader does now.
# usage: make-traces.sh DIMMGUARD_BIN [OUT_DIR]
set -euo pipefail
bin=$1
src=$(cd "$(dirname "$0")/../../.." && pwd)
out=${2:-$src/tests/data/traces}
mkdir -p "$out"
record() {  # name bench
  "$bin" scan --bench "$src/$2" --trace "$out/$1.trace" > /dev/null || true   # faulty benches exit 2
}
record demo examples/demo/bench.json
record server-ddr5 examples/bench/server-ddr5.json
record desk-ddr4 examples/bench/desk-ddr4.json
record mixed examples/bench/mixed.json
record faulty-bus examples/bench/faulty-bus.json
