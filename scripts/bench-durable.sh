#!/usr/bin/env bash
# Durable throughput of the reference workflow, next to what pgbench gets from the same server with
# the same number of clients (each committing single-row inserts) and to DBOS Transact running the
# same workflow (scripts/bench-peer-dbos.sh). The machine's speed moves by half from one minute to
# the next (pgbench measured 9,000 to 17,000 tps in one hour), so the three run alternately, ROUNDS
# times, each ratio is taken within its round, and the medians are printed. Then the commits each
# run of a workflow with two http calls waits for.
#   usage: [ROUNDS=3] [PEER=1] scripts/bench-durable.sh [CLIENTS] [SECONDS]
#   PEER=0 skips DBOS (its first build downloads it from Maven Central).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=scripts/lib/postgres.sh
source "$root/scripts/lib/postgres.sh"
ensure_postgres
command -v pgbench >/dev/null 2>&1 || apt_install postgresql-client
clients=${1:-8}
seconds=${2:-10}
rounds=${ROUNDS:-3}
schema="bench_$$"

pgbench_tps() {
  local script tps
  psql -q -v ON_ERROR_STOP=1 -c "CREATE TABLE IF NOT EXISTS pgbench_single_row (id bigserial PRIMARY KEY, v int)"
  script="$(mktemp)"
  echo "INSERT INTO pgbench_single_row (v) VALUES (1);" > "$script"
  tps=$(pgbench -n -f "$script" -c "$clients" -j "$clients" -T "$seconds" 2>/dev/null \
    | awk '/^tps = / {print $3; exit}')
  rm -f "$script"
  psql -q -c "DROP TABLE pgbench_single_row"
  echo "${tps%.*}"
}

# Each benchmark gets a schema of its own, dropped after it: none measures on the rows of another.
durable() {
  local report status=0
  report=$(./shadowflow bench durable --clients "$clients" --seconds "$seconds" \
    --jdbc-url "$SHADOWFLOW_TEST_JDBC_URL" --db-schema "$schema" "$@") || status=$?
  PGOPTIONS="-c client_min_messages=warning" psql -q -c "DROP SCHEMA IF EXISTS $schema CASCADE"
  echo "$report"
  return "$status"
}
figure() { # the number before "$2" in the report's lines
  echo "$1" | sed -nE "s#.* ([0-9,]+) $2.*#\\1#p" | tail -n 1 | tr -d ,
}
median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

ratios=() peers=()
for round in $(seq "$rounds"); do
  echo "round $round of $rounds"
  tps=$(pgbench_tps)
  echo "pgbench: $clients clients, single-row insert commits: $tps tps"
  report=$(durable examples/reference-workflow.yaml)
  echo "$report"
  ratios+=("$(awk -v s="$(figure "$report" "steps/s")" -v p="$tps" 'BEGIN { printf "%.2f", s / p }')")
  echo "ratio: checkpointed steps/s / pgbench tps = ${ratios[-1]}"
  if [ "${PEER:-1}" != 0 ]; then
    peer=$(scripts/bench-peer-dbos.sh "$clients" "$seconds")
    echo "$peer"
    peers+=("$(awk -v w="$(figure "$report" "workflows/s")" -v d="$(figure "$peer" "workflows/s")" \
      'BEGIN { printf "%.1f", w / d }')")
    echo "peer: shadowflow workflows/s / DBOS workflows/s = ${peers[-1]}"
  fi
done
echo "median of $rounds rounds: steps/s / pgbench tps = $(printf '%s\n' "${ratios[@]}" | median) (target >= 3)"
if [ "${#peers[@]}" -gt 0 ]; then
  echo "median of $rounds rounds: workflows/s / DBOS workflows/s = $(printf '%s\n' "${peers[@]}" | median) (target >= 20)"
fi

echo "two http calls a run, served on loopback (target: 2 commits a run, one per call, the end with the last):"
durable --echo-port 18080 examples/bench/two-calls.yaml
