#!/usr/bin/env bash
# Durable throughput of the reference workflow, next to what pgbench gets from the same server with
# the same number of clients (each committing single-row inserts) and to DBOS Transact running the
# same workflow (scripts/bench-peer-dbos.sh), all in one run of this script. Then the commits each
# run of a workflow with two http calls waits for. Prints the figures and their ratios.
#   usage: scripts/bench-durable.sh [CLIENTS] [SECONDS]
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
schema="bench_$$"

psql -q -v ON_ERROR_STOP=1 -c "CREATE TABLE IF NOT EXISTS pgbench_single_row (id bigserial PRIMARY KEY, v int)"
script="$(mktemp)"
echo "INSERT INTO pgbench_single_row (v) VALUES (1);" > "$script"
pgbench_tps=$(pgbench -n -f "$script" -c "$clients" -j "$clients" -T "$seconds" 2>/dev/null \
  | awk '/^tps = / {print $3; exit}')
rm -f "$script"
psql -q -c "DROP TABLE pgbench_single_row"
echo "pgbench: $clients clients, single-row insert commits: ${pgbench_tps%.*} tps"

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

report=$(durable examples/reference-workflow.yaml)
echo "$report"
steps=$(figure "$report" "steps/s")
workflows=$(figure "$report" "workflows/s")
awk -v s="$steps" -v p="$pgbench_tps" 'BEGIN { printf "ratio: checkpointed steps/s / pgbench tps = %.2f (target >= 3)\n", s / p }'

if [ "${PEER:-1}" != 0 ]; then
  peer=$(scripts/bench-peer-dbos.sh "$clients" "$seconds")
  echo "$peer"
  dbos=$(figure "$peer" "workflows/s")
  awk -v w="$workflows" -v d="$dbos" 'BEGIN { printf "peer: shadowflow workflows/s / DBOS workflows/s = %.1f (target >= 20)\n", w / d }'
fi

echo "two http calls a run, served on loopback (target: 2 commits a run, one per call, the end with the last):"
durable --echo-port 18080 examples/bench/two-calls.yaml
