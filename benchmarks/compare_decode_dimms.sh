#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Whole-process comparison of `dimmguard decode` against decode-dimms (i2c-tools) on the
# DDR4 dumps of the shared SPD corpus. See benchmarks/README.md; results go to docs/performance.md.
#
# usage: benchmarks/compare_decode_dimms.sh DIMMGUARD_BIN [CORPUS_DIR] [--runs N] [--single-runs N]
#
# Fairness:
#   - both tools read the SAME files: every ddr4/*.bin is converted (into a mktemp dir, never
#     into the project) to "OFFSET: 16 hex bytes" text, a form both `decode-dimms -x` and
#     `dimmguard decode` parse;
#   - each tool decodes all of them in ONE process invocation, stdout and stderr to /dev/null;
#   - decode-dimms runs with -c so it decodes images with a bad CRC completely, as dimmguard does;
#   - runs are interleaved A B A B ...; medians are reported, and the median of the per-pair
#     ratios (each pair ran back to back, so it saw the same machine load).
# A second table times one-file invocations (process start-up dominated).
set -euo pipefail

die() { echo "compare_decode_dimms: $*" >&2; exit 1; }

usage() {
    echo "usage: benchmarks/compare_decode_dimms.sh DIMMGUARD_BIN [CORPUS_DIR] [--runs N] [--single-runs N]"
    echo "  DIMMGUARD_BIN  path to the dimmguard executable (Release build: build/release/cli/dimmguard)"
    echo "  CORPUS_DIR     shared SPD corpus (default: ../shared/spd-corpus relative to the source dir)"
    echo "  --runs N       interleaved pairs for the all-files comparison (default 11)"
    echo "  --single-runs N  interleaved pairs for the one-file comparison (default 31)"
}

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source_dir=$(dirname "$script_dir")
dimmguard=""
corpus=""
runs=11
single_runs=31
while [[ $# -gt 0 ]]; do
    case "$1" in
        -h|--help) usage; exit 0 ;;
        --runs) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || die "--runs needs a positive integer"; runs=$2; shift 2 ;;
        --single-runs) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || die "--single-runs needs a positive integer"; single_runs=$2; shift 2 ;;
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

# Time source: bash's $EPOCHREALTIME (no fork, microseconds) when present, else date +%s%N.
now_us() {
    if [[ -n "${EPOCHREALTIME:-}" ]]; then
        local t=${EPOCHREALTIME/[.,]/}
        echo "$t"
    else
        echo $(( $(date +%s%N) / 1000 ))
    fi
}

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

# --- timing helpers ----------------------------------------------------------------------------
# run_us CMD...: wall time of one whole-process run in microseconds, output discarded.
run_us() {
    local t0 t1
    t0=$(now_us)
    "$@" > /dev/null 2>&1 || die "command failed: $*"
    t1=$(now_us)
    echo $(( t1 - t0 ))
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
min() { sort -n | head -1; }
ms() { awk -v us="$1" 'BEGIN { printf "%.2f", us / 1000 }'; }

# interleave LABEL RUNS NAME_A NAME_B -- CMD_A... -- CMD_B... : runs A B A B ..., prints two
# table rows (median and min wall time) and the ratio A/B.
interleave() {
    local label=$1 count=$2 name_a=$3 name_b=$4; shift 4
    [[ "$1" == "--" ]] && shift
    local a=() b=()
    while [[ "$1" != "--" ]]; do a+=("$1"); shift; done
    shift
    b=("$@")
    local ta=() tb=() ratios=() i x y
    # one untimed warm-up of each (page cache, perl modules)
    "${a[@]}" > /dev/null 2>&1 || die "command failed: ${a[*]}"
    "${b[@]}" > /dev/null 2>&1 || die "command failed: ${b[*]}"
    for (( i = 0; i < count; i++ )); do
        x=$(run_us "${a[@]}")
        y=$(run_us "${b[@]}")
        ta+=("$x"); tb+=("$y")
        ratios+=("$(awk -v x="$x" -v y="$y" 'BEGIN { printf "%.3f", x / (y > 0 ? y : 1) }')")
    done
    local ma mb mina minb mr
    ma=$(printf '%s\n' "${ta[@]}" | median); mb=$(printf '%s\n' "${tb[@]}" | median)
    mina=$(printf '%s\n' "${ta[@]}" | min); minb=$(printf '%s\n' "${tb[@]}" | min)
    mr=$(printf '%s\n' "${ratios[@]}" | median)
    last_median_a=$ma; last_median_b=$mb
    printf '| %s | %s | %s | %s | %s |\n' "$label" "$name_a" "$count" "$(ms "$ma")" "$(ms "$mina")"
    printf '| %s | %s | %s | %s | %s |\n' "$label" "$name_b" "$count" "$(ms "$mb")" "$(ms "$minb")"
    printf '| %s | **ratio** A/B | | **%.1fx** (median of pair ratios) | %.1fx (ratio of medians) |\n' \
        "$label" "$mr" "$(awk -v a="$ma" -v b="$mb" 'BEGIN { print a / (b > 0 ? b : 1) }')"
}

# --- report --------------------------------------------------------------------------------------
echo "compare_decode_dimms: $n DDR4 dumps from $corpus/ddr4 ($total_bytes bytes), converted to hex text in $tmp"
echo "  A: $decode_dimms -c -x FILES...   ($(grep -m1 -o 'decode-dimms version [0-9.]*' "$tmp/dd.out" || echo 'version unknown'))"
echo "  B: $dimmguard decode FILES..."
if [[ -n "${EPOCHREALTIME:-}" ]]; then clock="bash \$EPOCHREALTIME"; else clock='date +%s%N'; fi
echo "  both: stdout and stderr to /dev/null, interleaved A B A B, one untimed warm-up each, wall time via $clock"
echo "  machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| invocation | tool | runs | median ms | min ms |"
echo "|---|---|---:|---:|---:|"
interleave "all $n files, one process" "$runs" "A decode-dimms" "B dimmguard" -- "$decode_dimms" -c -x "${hex_files[@]}" -- "$dimmguard" decode "${hex_files[@]}"
all_a=$last_median_a; all_b=$last_median_b
interleave "1 file ($(basename "$one_hex"))" "$single_runs" "A decode-dimms" "B dimmguard" -- "$decode_dimms" -c -x "$one_hex" -- "$dimmguard" decode "$one_hex"
one_a=$last_median_a; one_b=$last_median_b
if [[ $n -gt 1 ]]; then
    echo
    awk -v aa="$all_a" -v ab="$all_b" -v oa="$one_a" -v ob="$one_b" -v n="$n" 'BEGIN {
        ma = (aa - oa) / (n - 1); mb = (ab - ob) / (n - 1)
        printf "Marginal cost per extra file (median all-files minus median one-file, over %d files): ", n - 1
        printf "decode-dimms %.0f us, dimmguard %.0f us", ma, mb
        if (mb > 0) printf ", ratio %.0fx\n", ma / mb; else printf ", ratio n/a (dimmguard difference within noise)\n"
    }'
fi
echo
echo "Supplementary (dimmguard variants, interleaved with decode-dimms all-files as the reference):"
echo
echo "| invocation | tool | runs | median ms | min ms |"
echo "|---|---|---:|---:|---:|"
interleave "all $n files, dimmguard --json" "$runs" "A decode-dimms" "B dimmguard --json" -- "$decode_dimms" -c -x "${hex_files[@]}" -- "$dimmguard" decode --json "${hex_files[@]}"
interleave "all $n files, dimmguard on raw .bin" "$runs" "A decode-dimms" "B dimmguard (raw .bin)" -- "$decode_dimms" -c -x "${hex_files[@]}" -- "$dimmguard" decode "${bins[@]}"
echo
echo "Process start-up floor (no decoding):"
echo
echo "| invocation | tool | runs | median ms | min ms |"
echo "|---|---|---:|---:|---:|"
interleave "start-up only" "$single_runs" "A perl -e 1" "B dimmguard --version" -- perl -e 1 -- "$dimmguard" --version
