#!/usr/bin/env bash
# Durable checkpoint throughput next to what pgbench gets from the same server with the same
# number of clients, each client committing single-row inserts. Prints both and their ratio.
#   usage: scripts/bench-durable.sh [CLIENTS] [SECONDS]
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

report=$(./shadowflow bench durable --clients "$clients" --seconds "$seconds" \
  --jdbc-url "$SHADOWFLOW_TEST_JDBC_URL" --db-schema "$schema")
PGOPTIONS="-c client_min_messages=warning" psql -q -c "DROP SCHEMA $schema CASCADE"
echo "$report"
steps=$(echo "$report" | tail -n 1 | sed -E 's/.*: ([0-9,]+) steps\/s$/\1/' | tr -d ,)
awk -v s="$steps" -v p="$pgbench_tps" 'BEGIN { printf "ratio: checkpointed steps/s / pgbench tps = %.2f (target >= 0.8)\n", s / p }'
