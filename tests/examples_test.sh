#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The shipped example images must be exactly what the synthesizer makes from their descriptions,
# and every one must decode with correct CRCs and no notes.
set -euo pipefail
bin=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$src/examples/make-examples.sh" "$bin" "$tmp"
status=0
for f in "$src"/examples/spd/*.bin "$src"/examples/spd/*.hex; do
  name=$(basename "$f")
  if ! cmp -s "$f" "$tmp/$name"; then
    echo "examples/spd/$name differs from what examples/make-examples.sh generates" >&2
    status=1
  fi
done
n_json=$(ls "$src"/examples/spd/*.json | wc -l)
n_bin=$(ls "$src"/examples/spd/*.bin | wc -l)
if [ "$n_json" -ne "$n_bin" ]; then echo "examples: $n_json descriptions but $n_bin images" >&2; status=1; fi
"$bin" decode --json "$src"/examples/spd/*.bin "$src"/examples/spd/*.hex > "$tmp/out.json"
bad=$(grep -c '"crc_ok": false' "$tmp/out.json" || true)
if [ "$bad" -ne 0 ]; then echo "examples: $bad images decode with a bad CRC" >&2; status=1; fi
notes=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sum(len(m["spd"]["notes"]) for m in d["modules"]))' "$tmp/out.json" 2>/dev/null || echo skip)
if [ "$notes" != "0" ] && [ "$notes" != "skip" ]; then echo "examples: decoder notes on shipped images: $notes" >&2; status=1; fi
echo "examples: $n_bin images regenerated and compared"
exit $status
