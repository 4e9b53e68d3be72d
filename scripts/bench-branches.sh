#!/usr/bin/env bash
# The language's benchmarks, in one run on one PostgreSQL:
#   - a parallel step of 4 branches that each sleep 1 s: seconds per run (about 1, not 4);
#   - a forEach over 1,000 items with maxParallel 32, durable: checkpointed steps/s, next to the
#     linear reference workflow with 32 concurrent runs (the target: at least as high);
#   - in-memory runs/s of the branching reference workflow, next to the linear one.
#   usage: scripts/bench-branches.sh [SECONDS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=scripts/lib/postgres.sh
source "$root/scripts/lib/postgres.sh"
ensure_postgres
seconds=${1:-10}
schema="bench_$$"
durable() {
  ./shadowflow bench durable "$@" --seconds "$seconds" \
    --jdbc-url "$SHADOWFLOW_TEST_JDBC_URL" --db-schema "$schema" | tail -n 1
}
trap 'PGOPTIONS="-c client_min_messages=warning" psql -q -c "DROP SCHEMA IF EXISTS $schema CASCADE"' EXIT

naps=$(./shadowflow bench memory examples/bench/parallel-sleep.yaml --threads 1 --seconds "$seconds" \
  | sed -E 's/^memory: ([0-9,]+) runs of .* in ([0-9.]+) s on .*/\1 \2/' | tr -d ,)
echo "$naps" | awk '{ printf "parallel: 4 branches sleeping 1 s each: %.2f s per run (%d runs)\n", $2 / $1, $1 }'

linear=$(durable examples/reference-workflow.yaml --clients 32)
loop=$(durable examples/bench/foreach-1000.yaml --clients 1)
echo "linear $linear"
echo "forEach (1,000 items, maxParallel 32, one run at a time) $loop"
steps() { echo "$1" | sed -E 's/.*: ([0-9,]+) steps\/s$/\1/' | tr -d ,; }
awk -v l="$(steps "$loop")" -v s="$(steps "$linear")" \
  'BEGIN { printf "ratio: forEach / linear checkpointed steps/s = %.2f (target >= 1)\n", l / s }'

./shadowflow bench memory examples/reference-workflow.yaml --seconds "$seconds"
./shadowflow bench memory examples/branching-reference-workflow.yaml --seconds "$seconds"
