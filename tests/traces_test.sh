#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The recorded traces under tests/data/traces must be exactly what the reader does today:
# re-record them and compare. When the reader changes on purpose, run
# tests/data/traces/make-traces.sh build/<preset>/cli/dimmguard and commit the new traces.
set -euo pipefail
bin=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$src/tests/data/traces/make-traces.sh" "$bin" "$tmp"
status=0
for f in "$src"/tests/data/traces/*.trace; do
  name=$(basename "$f")
  if ! cmp -s "$f" "$tmp/$name"; then
    echo "tests/data/traces/$name differs from what the reader records now: run tests/data/traces/make-traces.sh $bin" >&2
    status=1
  fi
done
echo "traces: $(ls "$src"/tests/data/traces/*.trace | wc -l) recordings re-recorded and compared"
exit $status
