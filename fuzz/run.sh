#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Build-tree seed corpora from the project's own examples, then run every libFuzzer target for a
# fixed time. Fails on any crash, leak, timeout, out-of-memory or UBSan report.
#
#   fuzz/run.sh [SECONDS_PER_TARGET] [DIMMGUARD_BINARY]
#
# SECONDS defaults to 20 (what .ci/run uses). DIMMGUARD_BINARY (default build/ci/cli/dimmguard)
# makes the signed seeds (bundles, trust document, station export) through
# examples/demo/make-demo-registry.sh.
#
# Environment, for the long runs in docs/testing.md:
#   FUZZ_TARGETS="fuzz_spd fuzz_trace"  run only these targets
#   FUZZ_RUNS=10000000                  stop each target after this many executions (SECONDS
#                                       still caps the time; pass 0 for no time cap)
#   FUZZ_KEEP_CORPUS=1                  keep build/fuzz/work/corpus from the previous run
# Without ASAN_OPTIONS set, allocations are recorded without stacks (malloc_context_size=0:
# about 40% more executions per second). Re-run a reproducer with
# ASAN_OPTIONS=malloc_context_size=30 for full allocation stacks.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
cli=${2:-build/ci/cli/dimmguard}
bin=build/fuzz/fuzz
work=build/fuzz/work
[ -x "$bin/fuzz_spd" ] || { echo "fuzz/run.sh: build the targets first: cmake --preset fuzz && cmake --build --preset fuzz" >&2; exit 2; }
[ -x "$cli" ] || { echo "fuzz/run.sh: $cli not found (build the ci preset first, or pass the dimmguard binary)" >&2; exit 2; }
targets=${FUZZ_TARGETS:-fuzz_spd fuzz_label fuzz_dump fuzz_bench fuzz_text_formats fuzz_registry_text fuzz_trace}
runs_cap=${FUZZ_RUNS:--1}
export ASAN_OPTIONS=${ASAN_OPTIONS:-malloc_context_size=0}
if [ "${FUZZ_KEEP_CORPUS:-0}" = 1 ]; then
    rm -rf "$work/seeds" "$work/demo-data" "$work/artifacts"
else
    rm -rf "$work"
fi
mkdir -p "$work"
seed() { mkdir -p "$work/seeds/$1"; shift 1; }

# Seeds: only files this project made (never the shared corpus).
seed fuzz_spd; cp examples/spd/*.bin "$work/seeds/fuzz_spd/"
seed fuzz_dump; cp examples/spd/*.bin examples/spd/*.hex "$work/seeds/fuzz_dump/"
seed fuzz_bench; cp examples/bench/*.json examples/demo/bench.json "$work/seeds/fuzz_bench/"
seed fuzz_label
i=0
for label in MTC40F2046S1RC48BA1 "MTA18ASF4G72PZ-3G2E1 64GB 3bf2a001" M321R4GA3BB6-CQKET HMCG94AEBRA109N "KF548C38BBK2-32 16GB" 4AgggggR; do
    printf '%s' "$label" > "$work/seeds/fuzz_label/$((i++))"
done
seed fuzz_text_formats
cp examples/demo/labels.csv examples/demo/serials.csv examples/demo/revocations.csv data/policy.json "$work/seeds/fuzz_text_formats/"
cat > "$work/seeds/fuzz_text_formats/dmidecode.txt" <<'DMI'
Handle 0x1100, DMI type 17, 92 bytes
Memory Device
	Size: 64 GB
	Locator: CPU0_DIMM_A1
	Manufacturer: Micron Technology
	Serial Number: 3BF2A001
	Part Number: MTC40F2046S1RC48BA1
DMI
printf 'lot=PO-2026-0901' > "$work/seeds/fuzz_text_formats/context.txt"
seed fuzz_trace; find tests/data/traces -name "*.trace" -size -64k -exec cp {} "$work/seeds/fuzz_trace/" \;
seed fuzz_registry_text
DIMMGUARD_DEMO_KEEP="$work/seeds/fuzz_registry_text" bash examples/demo/make-demo-registry.sh "$cli" "$work/demo-data" > /dev/null
"$cli" log checkpoint --data-dir "$work/demo-data" -o "$work/seeds/fuzz_registry_text/checkpoints" 2> /dev/null || true

# Dictionaries: the field names of the signed text formats.
cat > "$work/registry.dict" <<'DICT'
"dimmguard-bundle"
"publisher="
"public_key="
"role="
"version="
"created="
"expires="
"records="
"digest="
"threshold="
"trust"
"root="
"parts"
"serials"
"revocations"
"station"
"qa"
"sighting"
"identity="
"fingerprint="
"verdict="
"event="
"context="
"dimmguard-checkpoints 1"
"note "
"dimmguard-evidence 1"
"checkpoint "
"subject "
"finding "
"record "
"spd "
"end"
DICT

status=0
for target in $targets; do
    [ -x "$bin/$target" ] || { echo "fuzz/run.sh: no target $target in $bin" >&2; exit 2; }
    mkdir -p "$work/corpus/$target" "$work/artifacts/$target"
    dict=()
    [ "$target" = fuzz_registry_text ] && dict=(-dict="$work/registry.dict")
    log="$work/$target.log"
    if "$bin/$target" "$work/corpus/$target" "$work/seeds/$target" "${dict[@]}" -max_total_time="$seconds" -runs="$runs_cap" -timeout=10 \
        -rss_limit_mb=2048 -max_len=$([ "$target" = fuzz_trace ] && echo 65536 || echo 4096) -print_final_stats=1 -artifact_prefix="$work/artifacts/$target/" > "$log" 2>&1; then
        runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
        cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo "?")
        printf 'fuzz: %-20s ok   %10s runs in %ss, %s coverage points\n' "$target" "$runs" "$(grep -o 'in [0-9]* second' "$log" | tail -1 | grep -o '[0-9]*' || echo "$seconds")" "$cov"
    else
        echo "fuzz: $target FAILED (log $log, reproducer in $work/artifacts/$target/):" >&2
        grep -E 'ERROR|SUMMARY|runtime error|==[0-9]+==' "$log" | head -20 >&2 || tail -20 "$log" >&2
        status=1
    fi
done
exit $status
