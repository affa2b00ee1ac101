#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# What sharding the fleet server's sightings by identity hash costs its two read paths, measured
# on one node with PostgreSQL's own hash partitioning (Citus is not packaged in Debian 12; a
# hash-distributed Citus table routes queries by the same rule: a query that names the
# distribution column goes to one shard, any other to all of them).
#
# A throwaway PostgreSQL 15 (initdb in a temporary directory) gets two copies of the same rows,
# shaped like dimmguard.sightings:
#   plain    one table, primary key (station, n), index on identity (the shipped schema);
#   hashed   PARTITION BY HASH (identity) into P partitions, each with (station, n) and
#            identity indexes (a partitioned key must include identity);
#   bystation  PARTITION BY HASH (station) into P partitions, the other choice.
# Then pgbench (extended protocol, as libpq's PQsendQueryParams sends them) runs, for T seconds
# each, the statements a station sends:
#   lookup   the online lookup: WHERE identity = $1 AND station <> $2 (a random identity present)
#   pull     a sync page: WHERE station = $1 AND n > $2 ORDER BY n LIMIT 500
# and prints each one's mean latency, its ratio to plain, and how many partitions its plan reads.
#
# Usage: benchmarks/fleet_shard_shape.sh [--rows N] [--stations S] [--partitions P] [--seconds T]
# (defaults: 2,000,000 rows, 20 stations, 16 partitions, 15 s per statement and table).
set -euo pipefail

ROWS=2000000 STATIONS=20 PARTITIONS=16 SECONDS_EACH=15
while [[ $# -gt 0 ]]; do
    case $1 in
    --rows) ROWS=$2; shift 2 ;;
    --stations) STATIONS=$2; shift 2 ;;
    --partitions) PARTITIONS=$2; shift 2 ;;
    --seconds) SECONDS_EACH=$2; shift 2 ;;
    *) echo "fleet_shard_shape: unknown argument $1" >&2; exit 1 ;;
    esac
done
PGBIN=/usr/lib/postgresql/15/bin
[[ -x $PGBIN/pgbench ]] || { echo "fleet_shard_shape: PostgreSQL 15 is not installed (apt-get install postgresql)" >&2; exit 1; }

WORK=$(mktemp -d /tmp/fleet-shard.XXXXXX)
chmod 755 "$WORK"
PG=$WORK/pg
RUN=()
if [[ $(id -u) == 0 ]]; then RUN=(setpriv --reuid=nobody --regid=nogroup --clear-groups); fi
cleanup() {
    "${RUN[@]}" "$PGBIN/pg_ctl" -D "$PG/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT
mkdir -p "$PG"
[[ ${#RUN[@]} -gt 0 ]] && chown nobody:nogroup "$PG" "$WORK"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"${RUN[@]}" "$PGBIN/initdb" -D "$PG/data" -A trust -U bench >/dev/null
"${RUN[@]}" "$PGBIN/pg_ctl" -D "$PG/data" -l "$PG/log" -w -o "-k $PG -p $PORT -c listen_addresses=''" start >/dev/null
sql() { "${RUN[@]}" "$PGBIN/psql" -X -q -tA -v ON_ERROR_STOP=1 -h "$PG" -p "$PORT" -U bench -d postgres "$@"; }

PER=$((ROWS / STATIONS))
echo "fleet_shard_shape: $ROWS rows, $STATIONS stations, $PARTITIONS hash partitions, PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}'), $(nproc) cores, $(git -C "$(dirname "$0")" rev-parse --short HEAD 2>/dev/null || echo '?')"
t0=$(date +%s)
sql >/dev/null <<SQL
CREATE TABLE plain (station text NOT NULL, n bigint NOT NULL, identity text NOT NULL, line text NOT NULL,
                    signature text NOT NULL, received timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (station, n));
CREATE TABLE hashed (station text NOT NULL, n bigint NOT NULL, identity text NOT NULL, line text NOT NULL,
                     signature text NOT NULL, received timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (station, n, identity))
    PARTITION BY HASH (identity);
CREATE TABLE bystation (station text NOT NULL, n bigint NOT NULL, identity text NOT NULL, line text NOT NULL,
                        signature text NOT NULL, received timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (station, n))
    PARTITION BY HASH (station);
DO \$\$ BEGIN
    FOR i IN 0 .. $PARTITIONS - 1 LOOP
        EXECUTE format('CREATE TABLE hashed_%s PARTITION OF hashed FOR VALUES WITH (MODULUS $PARTITIONS, REMAINDER %s)', i, i);
        EXECUTE format('CREATE TABLE bystation_%s PARTITION OF bystation FOR VALUES WITH (MODULUS $PARTITIONS, REMAINDER %s)', i, i);
    END LOOP;
END \$\$;
-- Rows shaped like the real ones: a signed line of about 250 bytes, a 128-hex signature.
INSERT INTO plain (station, n, identity, line, signature)
SELECT 'st' || s, k, '802c-06-2243-' || lpad(to_hex(s * $PER + k), 8, '0'),
       'sighting' || E'\t' || 'st' || s || ':' || k || E'\t' || '802c-06-2243-' || lpad(to_hex(s * $PER + k), 8, '0') || E'\t' ||
       md5(k::text) || md5((k + 1)::text) || E'\tMTC20F2085S1RC48BA1\tgenuine\t' || repeat('f', 32) || E'\tsite\tintake\tlot=L-1\t2026-06-01T00:00:00Z',
       repeat('0', 128)
FROM generate_series(1, $STATIONS) AS s, generate_series(1, $PER) AS k;
INSERT INTO hashed SELECT * FROM plain;
INSERT INTO bystation SELECT * FROM plain;
CREATE INDEX plain_by_identity ON plain (identity);
CREATE INDEX hashed_by_identity ON hashed (identity);
CREATE INDEX bystation_by_identity ON bystation (identity);
ANALYZE plain; ANALYZE hashed; ANALYZE bystation;
SQL
t1=$(date +%s)
echo "loaded $(sql -c "SELECT count(*) FROM plain") rows into each table in $((t1 - t0)) s"

cat >"$WORK/lookup.sql" <<EOF
\\set s random(1, $STATIONS)
\\set k random(1, $PER)
SELECT station, line, signature FROM TABLE WHERE identity = '802c-06-2243-' || lpad(to_hex(:s * $PER + :k), 8, '0') AND station <> 'st0' ORDER BY station, n LIMIT 1000;
EOF
cat >"$WORK/pull.sql" <<EOF
\\set s random(1, $STATIONS)
\\set k random(1, $PER - 500)
SELECT n, line, signature FROM TABLE WHERE station = 'st' || :s AND n > :k ORDER BY n LIMIT 500;
EOF
declare -A mean scanned
for what in lookup pull; do
    for tbl in plain hashed bystation; do
        sed "s/TABLE/$tbl/" "$WORK/$what.sql" >"$WORK/$what-$tbl.sql"
        # A warm-up run, then the measured one.
        "${RUN[@]}" "$PGBIN/pgbench" -n -M extended -T 3 -f "$WORK/$what-$tbl.sql" -h "$PG" -p "$PORT" -U bench postgres >/dev/null 2>&1
        out=$("${RUN[@]}" "$PGBIN/pgbench" -n -M extended -T "$SECONDS_EACH" -f "$WORK/$what-$tbl.sql" -h "$PG" -p "$PORT" -U bench postgres 2>&1)
        mean[$what.$tbl]=$(awk '/latency average/ {print $4}' <<<"$out")
        [[ -n ${mean[$what.$tbl]} ]] || { echo "fleet_shard_shape: pgbench gave no latency: $out" >&2; exit 1; }
    done
    for tbl in hashed bystation; do
        scanned[$tbl]=$(sql -c "EXPLAIN (ANALYZE, COSTS OFF) $(sed -n 3p "$WORK/$what-$tbl.sql" | sed "s/:s/3/g; s/:k/777/g")" | grep -o "on ${tbl}_[0-9]*" | sort -u | wc -l)
    done
    python3 - "$what" "${mean[$what.plain]}" "${mean[$what.hashed]}" "${scanned[hashed]}" "${mean[$what.bystation]}" "${scanned[bystation]}" <<'EOF'
import sys
what, plain, hashed, hs, bystation, bs = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4], float(sys.argv[5]), sys.argv[6]
print(f"{what:7s} plain {plain * 1000:6.0f} us   by identity {hashed * 1000:6.0f} us = {hashed / plain:5.2f}x, {hs:>2s} partitions read"
      f"   by station {bystation * 1000:6.0f} us = {bystation / plain:5.2f}x, {bs:>2s} partitions read")
EOF
done
