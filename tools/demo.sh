#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Quick start, command 1: install dependencies, build, and run the main job on the shipped examples.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target dimmguard
echo
echo "== dimmguard decode examples/spd/* (images made by dimmguard's own synthesizer) =="
build/release/cli/dimmguard decode examples/spd/*.bin examples/spd/*.hex
