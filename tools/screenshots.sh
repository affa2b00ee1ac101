#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Render every screen of dimmguard-gui in English and Simplified Chinese to docs/screenshots/
# (<screen>-<lang>.png, 1280x800): builds dimmguard and dimmguard-gui in BUILD_DIR (default
# build/screenshots), makes a signed demo registry in a temporary data directory, scans demo
# slots A1 (genuine) and A4 (counterfeit) with their labels, then grabs each screen offscreen.
# Then the desk as intake staff see it (desk-<W>x<H>-<lang>.png): Xvfb at 1366x768 and
# 1280x720 with the openbox window manager, labels typed as X key events
# (tests/gui/desk_x11_test.sh, which also checks where every character went).
#
# usage: tools/screenshots.sh [BUILD_DIR] [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/screenshots}
out=${2:-docs/screenshots}
if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$build" --target dimmguard dimmguard-gui
data=$(mktemp -d /tmp/dimmguard-shots.XXXXXX)
config=$(mktemp -d /tmp/dimmguard-shots-config.XXXXXX)
trap 'rm -rf "$data" "$config"' EXIT
examples/demo/make-demo-registry.sh "$build/cli/dimmguard" "$data" >/dev/null
mkdir -p "$out"
# Fresh settings, no inherited data dir, no display needed; Chinese needs a CJK font
# (fonts-wqy-microhei, installed by tools/install-deps.sh). The verdict sounds go to ALSA's
# null device (a build machine has no speaker).
env -u DIMMGUARD_DATA_DIR XDG_CONFIG_HOME="$config" QT_QPA_PLATFORM=offscreen DIMMGUARD_SOUND_DEVICE=null \
    "$build/gui/app/dimmguard-gui" --bench examples/demo/bench.json --data-dir "$data" \
    --lot PO-2026-1127 --screenshots "$out" 2> >(grep -v -e propagateSizeHints -e XDG_RUNTIME_DIR >&2)
bash tests/gui/desk_x11_test.sh "$build/gui/app/dimmguard-gui" "$build/cli/dimmguard" "$PWD" "$out"
