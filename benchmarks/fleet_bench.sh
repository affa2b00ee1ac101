#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Fleet sync benchmarks (issue #17) with the binary users run, against a throwaway PostgreSQL 15
# on this machine (initdb in a temporary directory, fsync and synchronous_commit as shipped):
#
#   1. sync throughput: station A records N sightings (verify of M synthesized modules, R times);
#      `dimmguard sync` at A sends them, then `dimmguard sync` at B takes them (checks every
#      signature, imports, witnesses, looks for late findings): sightings per second each way.
#   2. cross-station detection latency, K times, each with a new serial:
#      online:  A `verify` (intake, recorded) -> A `sync` -> B `verify` flags DUP_SERIAL;
#      late:    B `verify --offline` first; then A `verify` -> A `sync` -> B `sync` prints the
#               LATE FINDING on B's earlier intake.
#      Time from the start of A's intake to B's flag, as processes; p50 / p99 / max.
#
# Usage: benchmarks/fleet_bench.sh [BINARY] [--modules M] [--repeats R] [--latency K]
# (defaults: build/release/cli/dimmguard, M 2000, R 5, K 50). Prints one table; exits non-zero
# when a step fails or a flag is missing (a wrong answer is never timed). FLEET_BENCH_KEEP=1
# stops after the throughput and leaves the server and both stations in place (for a profiler).
set -euo pipefail

BIN=${1:-build/release/cli/dimmguard}
[[ $# -gt 0 ]] && shift
MODULES=2000 REPEATS=5 LATENCY=50
while [[ $# -gt 0 ]]; do
    case $1 in
    --modules) MODULES=$2; shift 2 ;;
    --repeats) REPEATS=$2; shift 2 ;;
    --latency) LATENCY=$2; shift 2 ;;
    *) echo "fleet_bench: unknown argument $1" >&2; exit 1 ;;
    esac
done
BIN=$(realpath "$BIN")
PGBIN=/usr/lib/postgresql/15/bin
[[ -x $BIN ]] || { echo "fleet_bench: no binary at $BIN" >&2; exit 1; }
[[ -x $PGBIN/initdb ]] || { echo "fleet_bench: PostgreSQL 15 is not installed (apt-get install postgresql)" >&2; exit 1; }

WORK=$(mktemp -d /tmp/fleet-bench.XXXXXX)
chmod 755 "$WORK"   # the cluster may belong to nobody (root cannot run postgres)
PG=$WORK/pg
RUN=()
if [[ $(id -u) == 0 ]]; then RUN=(setpriv --reuid=nobody --regid=nogroup --clear-groups); fi
cleanup() {
    "${RUN[@]}" "$PGBIN/pg_ctl" -D "$PG/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT
mkdir -p "$PG"
[[ ${#RUN[@]} -gt 0 ]] && chown nobody:nogroup "$PG"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"${RUN[@]}" "$PGBIN/initdb" -D "$PG/data" -A trust -U bench_admin >/dev/null
"${RUN[@]}" "$PGBIN/pg_ctl" -D "$PG/data" -l "$PG/log" -w \
    -o "-k $PG -p $PORT -c listen_addresses=127.0.0.1" start >/dev/null
ADMIN="host=$PG port=$PORT user=bench_admin dbname=dimmguard"
"${RUN[@]}" "$PGBIN/createdb" -h "$PG" -p "$PORT" -U bench_admin dimmguard
for login in station_a station_b; do
    "${RUN[@]}" "$PGBIN/psql" -q -h "$PG" -p "$PORT" -U bench_admin -d dimmguard -c "CREATE ROLE $login LOGIN" >/dev/null
done

# Two stations that trust each other's station keys (a root-signed trust document).
A=$WORK/a B=$WORK/b
"$BIN" log site "Shanghai intake" --data-dir "$A" >/dev/null
"$BIN" log site "Shenzhen intake" --data-dir "$B" >/dev/null
"$BIN" bundle keygen -o "$WORK/root" >/dev/null 2>&1
"$BIN" bundle trust --root-key "$WORK/root.key" --publisher "$A/station.pub:station:2099-12-31" \
    --publisher "$B/station.pub:station:2099-12-31" --version 1 --expires 2099-12-31 -o "$WORK/trust.doc" >/dev/null 2>&1
for d in "$A" "$B"; do
    "$BIN" registry init --root-key "$WORK/root.pub" --data-dir "$d" >/dev/null
    "$BIN" registry trust "$WORK/trust.doc" --data-dir "$d" >/dev/null
done
"$BIN" fleet init --server "$ADMIN" >/dev/null
"$BIN" fleet add-station --server "$ADMIN" --login station_a --station-pub "$A/station.pub" >/dev/null
"$BIN" fleet add-station --server "$ADMIN" --login station_b --station-pub "$B/station.pub" >/dev/null
AS_A="host=127.0.0.1 port=$PORT user=station_a dbname=dimmguard sslmode=disable"
AS_B="host=127.0.0.1 port=$PORT user=station_b dbname=dimmguard sslmode=disable"
"$BIN" sync --server "$AS_A" --data-dir "$A" >/dev/null   # remembers the server
"$BIN" sync --server "$AS_B" --data-dir "$B" >/dev/null

now_ns() { date +%s%N; }
ms() { python3 -c "print(f'{($2 - $1) / 1e6:.1f}')" "$1" "$2" 2>/dev/null || echo $((($2 - $1) / 1000000)); }
image() {  # image SERIAL FILE
    "$BIN" spd synth --type ddr5 --capacity 32G --speed 4800 --maker "Samsung" --part M321R4GA3BB6-CQK \
        --serial "$1" --date 2026-W10 -o "$2" >/dev/null 2>&1
}

echo "fleet_bench: $BIN ($(git -C "$(dirname "$0")" rev-parse --short HEAD 2>/dev/null || echo '?')), $(nproc) cores, PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}')"

# ---- 1. throughput
mkdir -p "$WORK/img"
files=()
for ((i = 0; i < MODULES; i++)); do
    f=$WORK/img/$i.bin
    image "$(printf '%08x' $((0x10000000 + i)))" "$f"
    files+=("$f")
done
for ((r = 0; r < REPEATS; r++)); do
    set +e
    "$BIN" verify --offline --data-dir "$A" "${files[@]}" >/dev/null
    status=$?
    set -e
    (( status & 18 )) && { echo "fleet_bench: verify at A failed ($status)" >&2; exit 1; }
done
N=$((MODULES * REPEATS))
t0=$(now_ns); "$BIN" sync --data-dir "$A" >"$WORK/push.txt"; t1=$(now_ns)
grep -q "$N sightings sent" "$WORK/push.txt" || { echo "fleet_bench: A did not send $N sightings:" >&2; cat "$WORK/push.txt" >&2; exit 1; }
t2=$(now_ns); "$BIN" sync --data-dir "$B" >"$WORK/pull.txt"; t3=$(now_ns)
grep -q "$N new" "$WORK/pull.txt" || { echo "fleet_bench: B did not take $N sightings:" >&2; cat "$WORK/pull.txt" >&2; exit 1; }
push_ms=$(ms "$t0" "$t1") pull_ms=$(ms "$t2" "$t3")
python3 - "$N" "$push_ms" "$pull_ms" <<'EOF'
import sys
n, push, pull = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
print(f"throughput  {n} sightings   push (sync at A) {push:8.0f} ms = {n / push * 1000:7.0f} sightings/s   "
      f"pull (sync at B) {pull:8.0f} ms = {n / pull * 1000:7.0f} sightings/s")
EOF

if [[ -n ${FLEET_BENCH_KEEP:-} ]]; then
    # For a profiler: leave the server running and the stations in place, and say where.
    trap - EXIT
    echo "kept: stations $A and $B, server $AS_A (stop: ${RUN[*]} $PGBIN/pg_ctl -D $PG/data stop)"
    exit 0
fi

# ---- 2. latency
online=() late=() steps_a=() steps_s=() steps_b=()
for ((i = 0; i < LATENCY; i++)); do
    on=$WORK/img/on-$i.bin lt=$WORK/img/late-$i.bin
    image "$(printf '%08x' $((0x20000000 + i)))" "$on"
    image "$(printf '%08x' $((0x30000000 + i)))" "$lt"
    # online: A intake, A sync, B intake asks the server
    t0=$(now_ns)
    "$BIN" verify --data-dir "$A" "$on" >/dev/null || true
    t1=$(now_ns)
    "$BIN" sync --data-dir "$A" >/dev/null
    t2=$(now_ns)
    set +e; out=$("$BIN" verify --data-dir "$B" --json "$on"); set -e
    t3=$(now_ns)
    grep -q '"DUP_SERIAL"' <<<"$out" || { echo "fleet_bench: B did not flag DUP_SERIAL online (round $i)" >&2; exit 1; }
    online+=("$(ms "$t0" "$t3")") steps_a+=("$(ms "$t0" "$t1")") steps_s+=("$(ms "$t1" "$t2")") steps_b+=("$(ms "$t2" "$t3")")
    # late: B took it in offline first; A's intake and sync, then B's sync raises the alert
    "$BIN" verify --offline --data-dir "$B" "$lt" >/dev/null || true
    t0=$(now_ns)
    "$BIN" verify --data-dir "$A" "$lt" >/dev/null || true
    "$BIN" sync --data-dir "$A" >/dev/null
    out=$("$BIN" sync --data-dir "$B" || true)
    t1=$(now_ns)
    grep -q "LATE FINDING DUP_SERIAL" <<<"$out" || { echo "fleet_bench: B's sync raised no late finding (round $i): $out" >&2; exit 1; }
    late+=("$(ms "$t0" "$t1")")
done
python3 - "${online[*]}" "${late[*]}" "${steps_a[*]}" "${steps_s[*]}" "${steps_b[*]}" <<'EOF'
import sys
def q(xs, p):
    xs = sorted(xs); return xs[min(len(xs) - 1, int(round(p * (len(xs) - 1))))]
names = ["online (A verify + A sync + B verify)", "late (A verify + A sync + B sync)", "  A verify", "  A sync", "  B verify (online lookup)"]
for name, text in zip(names, sys.argv[1:]):
    xs = [float(x) for x in text.split()]
    print(f"latency  {name:40s} n={len(xs):3d}  p50 {q(xs, .5):7.1f} ms  p99 {q(xs, .99):7.1f} ms  max {max(xs):7.1f} ms")
EOF
