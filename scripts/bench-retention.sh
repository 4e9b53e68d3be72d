#!/usr/bin/env bash
# Whether results retention keeps a continuous shadow run's table bounded, and what its deletes do
# to checkpoint writes beside it. Runs the same continuous shadow run twice (SEEDS seeds, a cycle
# every second for SECONDS), keeping every cycle's per-seed results and then only the newest 3,
# each time with `bench durable` (8 runs) checkpointing into the same server; prints the rows and
# size of shadow_results every 30 s and the checkpointed steps/s during each. Deleted rows leave
# space that autovacuum hands back to new rows, so the size levels off after its first passes.
#   usage: scripts/bench-retention.sh [SEEDS] [SECONDS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=scripts/lib/postgres.sh
source "$root/scripts/lib/postgres.sh"
ensure_postgres
seeds=${1:-7500}
seconds=${2:-60}
url="$SHADOWFLOW_TEST_JDBC_URL"

# Rows and size of shadow_results in SCHEMA.
table_size() {
  psql -At -c "SELECT count(DISTINCT cycle) || ' cycles, ' || count(*) || ' rows, '
    || pg_size_pretty(pg_total_relation_size('$1.shadow_results')) FROM $1.shadow_results" \
    2>/dev/null || echo "not created yet"
}

one_run() { # label, extra shadow flags...
  local label=$1 schema="bench_retention_$$_$1" durable_out
  shift
  durable_out="$(mktemp)"
  ./shadowflow shadow examples/reference-workflow.yaml --seeds "0..$seeds" --iterations 2 \
    --workers 2 --duration "${seconds}s" --interval 1s --id "retention-$label" "$@" \
    --jdbc-url "$url" --db-schema "$schema" >/dev/null &
  local shadow=$!
  sleep 5 # the shadow run is under way before the checkpoints are measured
  ./shadowflow bench durable --clients 8 --seconds $((seconds - 20)) \
    --jdbc-url "$url" --db-schema "${schema}_durable" >"$durable_out" &
  local durable=$!
  local elapsed=5
  while kill -0 "$shadow" 2>/dev/null; do
    sleep 30
    elapsed=$((elapsed + 30))
    if [ "$autovacuum" = off ]; then
      psql -q -c "VACUUM $schema.shadow_results" 2>/dev/null || true
    fi
    echo "  $label after ${elapsed} s: shadow_results holds $(table_size "$schema")"
  done
  wait "$shadow" || true
  wait "$durable" || true
  echo "$label: $(psql -At -c "SELECT count(*) FROM $schema.shadow_cycles") cycles run;" \
    "shadow_results holds $(table_size "$schema");" \
    "checkpoints beside it: $(tail -n 1 "$durable_out" | sed -E 's/.*: ([0-9,]+ steps\/s)$/\1/')"
  rm -f "$durable_out"
  PGOPTIONS="-c client_min_messages=warning" psql -q \
    -c "DROP SCHEMA $schema CASCADE" -c "DROP SCHEMA ${schema}_durable CASCADE"
}

autovacuum=$(psql -At -c "SHOW autovacuum")
echo "continuous shadow run: $seeds seeds x 2 iterations, a cycle every 1 s for ${seconds} s"
if [ "$autovacuum" = off ]; then
  echo "this server runs without autovacuum: the script vacuums shadow_results every 30 s in its stead"
fi
one_run all
one_run keep3 --keep-cycles 3
