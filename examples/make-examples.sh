#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Regenerate the example SPD images from their descriptions with dimmguard's own synthesizer.
# Usage: examples/make-examples.sh DIMMGUARD_BINARY [OUTPUT_DIR]   (OUTPUT_DIR defaults to examples/spd)
# Every image shipped under examples/ comes from here: no third-party dump is redistributed.
set -euo pipefail
bin=${1:?usage: make-examples.sh DIMMGUARD_BINARY [OUTPUT_DIR]}
here=$(cd "$(dirname "$0")" && pwd)
out=${2:-$here/spd}
mkdir -p "$out"
for spec in "$here"/spd/*.json; do
  name=$(basename "$spec" .json)
  "$bin" spd synth --spec "$spec" -o "$out/$name.bin" 2>/dev/null
done
# One image also as plain "OFFSET: bytes" hex text, to show text input.
od -An -tx1 -v -w16 "$out/ddr4-rdimm-samsung-32g.bin" |
  awk '{ printf "%03x:", (NR - 1) * 16; for (i = 1; i <= NF; i++) printf " %s", $i; printf "\n" }' \
  > "$out/ddr4-rdimm-samsung-32g.hex"
