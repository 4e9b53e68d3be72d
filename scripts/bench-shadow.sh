#!/usr/bin/env bash
# The shadow benchmark: 7,500 seeds x 3 iterations of examples/reference-workflow.yaml on 3 workers,
# in memory and with results in PostgreSQL, and replays per second from golden records held in
# memory and in PostgreSQL.
# Uses the PostgreSQL on 127.0.0.1:5432 when one answers, otherwise starts a throwaway one.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib/postgres.sh
source "$root/scripts/lib/postgres.sh"
ensure_postgres
# shellcheck source=scripts/lib/bench.sh
source "$root/scripts/lib/bench.sh"
engine_bench_ready "$root"
# Full JIT (the launcher stops at C1 for a quick start): this measures throughput. No exec: the
# throwaway PostgreSQL, if one was started, stops when this script exits.
java -Xms1g -Xmx2g -cp "$(engine_classpath "$root")" \
  io.shadowflow.engine.bench.ShadowBenchmark "$root/examples/reference-workflow.yaml" \
  "$SHADOWFLOW_TEST_JDBC_URL"
