#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Whole-process comparison of `dimmguard decode` against decode-dimms (i2c-tools) on the
# DDR4 dumps of the shared SPD corpus. See benchmarks/README.md; results go to docs/performance.md.
#
# usage: benchmarks/compare_decode_dimms.sh DIMMGUARD_BIN [CORPUS_DIR] [--runs N] [--single-runs N] [--pair-bench PATH] [--floor PATH]
#
# Fairness:
#   - both tools read the SAME files: every ddr4/*.bin is converted (into a mktemp dir, never
#     into the project) to "OFFSET: 16 hex bytes" text, a form both `decode-dimms -x` and
#     `dimmguard decode` parse;
#   - each tool decodes all of them in ONE process invocation, stdout and stderr to /dev/null;
#   - decode-dimms runs with -c so it decodes images with a bad CRC completely, as dimmguard does;
#   - runs are interleaved A B A B ... by process_pair_bench (posix_spawn to waitpid, no shell
#     in between); medians are reported, and the median of the per-pair ratios (each pair ran
#     back to back, so it saw the same machine load).
# Then one-file invocations, --json, and `dimmguard --version` against /bin/true (start-up), and
# a summary of each ratio against the targets of issue #18. Last, decode-dimms against
# exec_floor, an empty program linked as dimmguard is: the ratio no process can beat here (on a
# machine where starting a process is dear, a target above it cannot be met by any decoder).
set -euo pipefail

die() { echo "compare_decode_dimms: $*" >&2; exit 1; }

usage() {
    echo "usage: benchmarks/compare_decode_dimms.sh DIMMGUARD_BIN [CORPUS_DIR] [--runs N] [--single-runs N] [--pair-bench PATH] [--floor PATH]"
    echo "  DIMMGUARD_BIN  path to the dimmguard executable (Release build: build/release/cli/dimmguard)"
    echo "  CORPUS_DIR     shared SPD corpus (default: ../shared/spd-corpus relative to the source dir)"
    echo "  --runs N       interleaved pairs for the all-files comparisons (default 11)"
    echo "  --single-runs N  interleaved pairs for the one-file and start-up comparisons (default 31)"
    echo "  --pair-bench PATH  the timing harness (default: process_pair_bench of the same build,"
    echo "                 DIMMGUARD_BIN/../../benchmarks/process_pair_bench)"
    echo "  --floor PATH   an empty program linked like dimmguard (default: exec_floor next to the harness)"
}

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source_dir=$(dirname "$script_dir")
dimmguard=""
corpus=""
runs=11
single_runs=31
pair_bench=""
floor=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        -h|--help) usage; exit 0 ;;
        --runs) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || die "--runs needs a positive integer"; runs=$2; shift 2 ;;
        --single-runs) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || die "--single-runs needs a positive integer"; single_runs=$2; shift 2 ;;
        --pair-bench) [[ $# -ge 2 ]] || die "--pair-bench needs a path"; pair_bench=$2; shift 2 ;;
        --floor) [[ $# -ge 2 ]] || die "--floor needs a path"; floor=$2; shift 2 ;;
        -*) usage >&2; die "unknown option '$1'" ;;
        *)
            if [[ -z "$dimmguard" ]]; then dimmguard=$1
            elif [[ -z "$corpus" ]]; then corpus=$1
            else usage >&2; die "unexpected argument '$1'"
            fi
            shift ;;
    esac
done
[[ -n "$dimmguard" ]] || { usage >&2; die "missing DIMMGUARD_BIN"; }
[[ -n "$corpus" ]] || corpus="$source_dir/../shared/spd-corpus"

# --- prerequisites ---------------------------------------------------------------------------
[[ -x "$dimmguard" && ! -d "$dimmguard" ]] || die "dimmguard binary '$dimmguard' not found or not executable (build it: cmake --build --preset release)"
decode_dimms=$(command -v decode-dimms || true)
[[ -n "$decode_dimms" ]] || die "decode-dimms not found (Debian: apt-get install i2c-tools); nothing measured"
[[ -d "$corpus" && -f "$corpus/MANIFEST.tsv" ]] || die "SPD corpus not found at '$corpus' (expected MANIFEST.tsv and ddr4/); nothing measured"
shopt -s nullglob
bins=("$corpus"/ddr4/*.bin)
shopt -u nullglob
[[ ${#bins[@]} -gt 0 ]] || die "no DDR4 images in '$corpus/ddr4'; nothing measured"
command -v od >/dev/null || die "od (coreutils) not found"
[[ -n "$pair_bench" ]] || pair_bench="$(dirname "$dimmguard")/../benchmarks/process_pair_bench"
[[ -x "$pair_bench" && ! -d "$pair_bench" ]] || die "timing harness '$pair_bench' not found (build it: cmake --build build/release --target process_pair_bench, or give --pair-bench)"
[[ -n "$floor" ]] || floor="$(dirname "$pair_bench")/exec_floor"
[[ -x "$floor" && ! -d "$floor" ]] || die "empty program '$floor' not found (build it: cmake --build build/release --target exec_floor, or give --floor)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/dimmguard-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# --- convert the dumps to a hex text both tools parse ---------------------------------------
# "0000: 23 11 0c ..." (16 bytes per line, offsets contiguous): decode-dimms -x matches its
# "hexdump/i2cdump" regex, dimmguard parses it as the plain "OFFSET: bytes" format.
hex_files=()
total_bytes=0
for bin in "${bins[@]}"; do
    name=$(basename "$bin" .bin)
    out="$tmp/$name.hex"
    od -An -v -tx1 -w16 "$bin" | awk '{ printf "%04x:%s\n", (NR - 1) * 16, $0 }' > "$out"
    hex_files+=("$out")
    total_bytes=$(( total_bytes + $(stat -c %s "$bin") ))
done
n=${#hex_files[@]}
one_hex=${hex_files[0]}

# --- check both tools accept every file (a tool that bails out early would look fast) -------
"$dimmguard" decode "${hex_files[@]}" > "$tmp/dg.out" 2> "$tmp/dg.err" \
    || die "dimmguard decode failed on the converted dumps: $(head -3 "$tmp/dg.err")"
dg_count=$(grep -c '^== ' "$tmp/dg.out" || true)
[[ "$dg_count" -eq "$n" ]] || die "dimmguard decoded $dg_count of $n files"
"$decode_dimms" -c -x "${hex_files[@]}" > "$tmp/dd.out" 2> "$tmp/dd.err" \
    || die "decode-dimms failed on the converted dumps: $(head -3 "$tmp/dd.err")"
dd_count=$(grep -c '^Decoding EEPROM' "$tmp/dd.out" || true)
[[ "$dd_count" -eq "$n" ]] || die "decode-dimms decoded $dd_count of $n files"
# And that the bytes survived the conversion: dimmguard must decode hex and raw identically.
"$dimmguard" decode "${bins[@]}" --json > "$tmp/raw.json" 2>/dev/null || die "dimmguard decode failed on the raw .bin files"
"$dimmguard" decode "${hex_files[@]}" --json > "$tmp/hex.json" 2>/dev/null || die "dimmguard decode --json failed on the hex files"
strip() { grep -v -E '"(path|format)":' "$1"; }
cmp -s <(strip "$tmp/raw.json") <(strip "$tmp/hex.json") || die "hex conversion changed the decoded result (raw vs hex JSON differ)"

# --- timing ----------------------------------------------------------------------------------
# pair LABEL RUNS -- A... -- B... : process_pair_bench's three rows (A, B, ratio), the label in
# front; the median of the pair ratios A/B is left in $ratio.
ratio=""
pair() {
    local label=$1 count=$2; shift 2
    local out
    out=$("$pair_bench" --runs "$count" --warmup 2 --label "$label" "$@") || die "timing failed: $label"
    echo "$out"
    ratio=$(echo "$out" | sed -n 's/.*\*\*\([0-9.]*\)x\*\*.*/\1/p' | tail -1)
    [[ -n "$ratio" ]] || die "no ratio in the output for: $label"
}

# verdict RATIO OP TARGET: "met" or "missed" (OP: ge for "at least", le for "at most").
verdict() { awk -v r="$1" -v t="$3" -v op="$2" 'BEGIN { ok = (op == "ge") ? (r >= t) : (r <= t); print ok ? "met" : "missed" }'; }

# --- report --------------------------------------------------------------------------------------
echo "compare_decode_dimms: $n DDR4 dumps from $corpus/ddr4 ($total_bytes bytes), converted to hex text in $tmp"
echo "  decode-dimms: $decode_dimms -c -x FILES...   ($(grep -m1 -o 'decode-dimms version [0-9.]*' "$tmp/dd.out" || echo 'version unknown'))"
echo "  dimmguard:    $dimmguard decode FILES...   ($("$dimmguard" --version))"
echo "  timing: $pair_bench (posix_spawn to waitpid, stdout and stderr to /dev/null, A B A B, 2 warm-ups each)"
echo "  machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
if git -C "$source_dir" rev-parse --short HEAD > /dev/null 2>&1; then
    echo "  source: commit $(git -C "$source_dir" rev-parse --short HEAD)$(git -C "$source_dir" diff --quiet HEAD -- . 2>/dev/null || echo ' (with uncommitted changes)')"
fi
echo
echo "| invocation | command | runs | median ms | min ms |"
echo "|---|---|---:|---:|---:|"
pair "all $n files, text" "$runs" -- "$decode_dimms" -c -x "${hex_files[@]}" -- "$dimmguard" decode "${hex_files[@]}"
all_text=$ratio
pair "all $n files, --json" "$runs" -- "$decode_dimms" -c -x "${hex_files[@]}" -- "$dimmguard" decode --json "${hex_files[@]}"
all_json=$ratio
pair "all $n files, raw .bin" "$runs" -- "$decode_dimms" -c -x "${hex_files[@]}" -- "$dimmguard" decode "${bins[@]}"
pair "1 file ($(basename "$one_hex"))" "$single_runs" -- "$decode_dimms" -c -x "$one_hex" -- "$dimmguard" decode "$one_hex"
one_text=$ratio
pair "start-up" "$single_runs" -- "$dimmguard" --version -- /bin/true
startup=$ratio
pair "start-up, perl" "$single_runs" -- perl -e 1 -- "$dimmguard" --version
pair "floor, all $n files" "$runs" -- "$decode_dimms" -c -x "${hex_files[@]}" -- "$floor"
floor_all=$ratio
pair "floor, 1 file" "$single_runs" -- "$decode_dimms" -c -x "$one_hex" -- "$floor"
floor_one=$ratio
pair "floor, start-up" "$single_runs" -- "$dimmguard" --version -- "$floor"
echo
echo "Against the targets (median of pair ratios):"
echo "  all $n files, text:   decode-dimms is ${all_text}x dimmguard's time (target at least 50x: $(verdict "$all_text" ge 50))"
echo "  all $n files, --json: ${all_json}x (target at least 30x: $(verdict "$all_json" ge 30))"
echo "  one file per process: ${one_text}x (target at least 25x: $(verdict "$one_text" ge 25))"
echo "  dimmguard --version:  ${startup}x /bin/true (target at most 1.3x: $(verdict "$startup" le 1.3))"
echo "The most any process reaches here (decode-dimms against an empty static program, $(basename "$floor")):"
echo "  all $n files: ${floor_all}x   one file: ${floor_one}x"
